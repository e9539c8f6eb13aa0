//! `gclint db diff OLD NEW`: what changed between two databases, as a
//! reviewer upgrading the pinned database needs it: operations added and
//! removed, and per operation the scopes, permissions, security scheme,
//! deprecation and preview status.

use super::{Database, Operation, PermissionMatch, Permissions, SecurityScheme};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Serialize, PartialEq)]
pub struct OpRef {
    pub method: String,
    pub path: String,
    pub sdk_method: Option<String>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Change<T> {
    pub old: T,
    pub new: T,
}

/// A scope list change; `null` lists are unknown.
#[derive(Debug, Serialize, PartialEq)]
pub struct ScopeChange {
    pub old: Option<Vec<String>>,
    pub new: Option<Vec<String>>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

/// Permissions as the file states them; `null` is unknown.
#[derive(Debug, Serialize, PartialEq, Clone)]
pub struct PermissionView {
    #[serde(rename = "type")]
    pub kind: Option<&'static str>,
    pub list: Vec<String>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct OpChange {
    pub method: String,
    pub path: String,
    pub sdk_method: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scopes: Option<ScopeChange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Change<Option<PermissionView>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_scheme: Option<Change<&'static str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<Change<bool>>,
    /// The new swagger's words about the deprecation, when newly deprecated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecation_note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preview: Option<Change<bool>>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct DbDiff {
    pub identical: bool,
    pub added: Vec<OpRef>,
    pub removed: Vec<OpRef>,
    pub changed: Vec<OpChange>,
    pub scopes_added: Vec<String>,
    pub scopes_removed: Vec<String>,
    /// Changes of the facts merged beside the swagger: the lifecycle file
    /// (retirements, SDK features, division-aware objects) and the SDK
    /// history (its date and releases), one sentence each.
    pub facts: Vec<String>,
}

/// What changed in the dated facts and the SDK history.
fn fact_changes(old: &Database, new: &Database) -> Vec<String> {
    let mut out = Vec::new();
    let (a, b) = (old.lifecycle(), new.lifecycle());
    if a.grants != b.grants || a.sdk_features != b.sdk_features || a.divisions != b.divisions {
        out.push(format!(
            "lifecycle: {} grant retirements -> {}, {} SDK features -> {}, {} division-aware object types -> {}",
            a.grants.len(),
            b.grants.len(),
            a.sdk_features.len(),
            b.sdk_features.len(),
            a.divisions.objects.len(),
            b.divisions.objects.len()
        ));
    }
    let (a, b) = (old.sdk_history(), new.sdk_history());
    if a.generated != b.generated {
        out.push(format!(
            "SDK history generated: {} -> {}",
            if a.generated.is_empty() {
                "none"
            } else {
                &a.generated
            },
            if b.generated.is_empty() {
                "none"
            } else {
                &b.generated
            }
        ));
    }
    for key in ["js", "py"] {
        let (ra, rb) = (a.releases(key), b.releases(key));
        let count = |r: Option<&crate::db::format::SdkReleases>| r.map_or(0, |r| r.versions.len());
        let newest = |r: Option<&crate::db::format::SdkReleases>| {
            r.and_then(|r| r.versions.last())
                .map_or("none".to_string(), |v| v.to_string())
        };
        if count(ra) != count(rb) || newest(ra) != newest(rb) {
            let package = rb.or(ra).map_or(key.to_string(), |r| r.package.to_string());
            out.push(format!(
                "SDK history of {package}: {} releases -> {} (newest {} -> {})",
                count(ra),
                count(rb),
                newest(ra),
                newest(rb)
            ));
        }
    }
    out
}

fn op_ref(op: &Operation) -> OpRef {
    OpRef {
        method: op.method.to_string(),
        path: op.path.to_string(),
        sdk_method: op.sdk_method.as_deref().map(String::from),
    }
}

pub fn scheme_name(s: SecurityScheme) -> &'static str {
    match s {
        SecurityScheme::OAuth => "PureCloud OAuth",
        SecurityScheme::GuestChat => "Guest Chat JWT",
        SecurityScheme::WebMessaging => "Webmessaging JWT",
        SecurityScheme::NoAuth => "none",
        SecurityScheme::Unknown => "unknown",
    }
}

fn permission_view(p: &Option<Permissions>) -> Option<PermissionView> {
    p.as_ref().map(|p| {
        let mut list: Vec<String> = p.list.iter().map(|x| x.to_string()).collect();
        list.sort();
        PermissionView {
            kind: p.kind.map(|k| match k {
                PermissionMatch::Any => "ANY",
                PermissionMatch::All => "ALL",
            }),
            list,
        }
    })
}

fn sorted_scopes(s: &Option<Vec<super::format::Str>>) -> Option<Vec<String>> {
    s.as_ref().map(|s| {
        let set: BTreeSet<String> = s.iter().map(|x| x.to_string()).collect();
        set.into_iter().collect()
    })
}

fn compare(old: &Operation, new: &Operation) -> Option<OpChange> {
    let mut change = OpChange {
        method: new.method.to_string(),
        path: new.path.to_string(),
        sdk_method: new.sdk_method.as_deref().map(String::from),
        scopes: None,
        permissions: None,
        security_scheme: None,
        deprecated: None,
        deprecation_note: None,
        preview: None,
    };
    let (a, b) = (sorted_scopes(&old.scopes), sorted_scopes(&new.scopes));
    if a != b {
        let (sa, sb) = (a.clone().unwrap_or_default(), b.clone().unwrap_or_default());
        change.scopes = Some(ScopeChange {
            added: sb.iter().filter(|s| !sa.contains(s)).cloned().collect(),
            removed: sa.iter().filter(|s| !sb.contains(s)).cloned().collect(),
            old: a,
            new: b,
        });
    }
    let (a, b) = (
        permission_view(&old.permissions),
        permission_view(&new.permissions),
    );
    if a != b {
        change.permissions = Some(Change { old: a, new: b });
    }
    if old.security_scheme != new.security_scheme {
        change.security_scheme = Some(Change {
            old: scheme_name(old.security_scheme),
            new: scheme_name(new.security_scheme),
        });
    }
    if old.deprecated != new.deprecated {
        change.deprecated = Some(Change {
            old: old.deprecated,
            new: new.deprecated,
        });
        if new.deprecated {
            change.deprecation_note = new.deprecation_note.as_deref().map(String::from);
        }
    }
    if old.preview != new.preview {
        change.preview = Some(Change {
            old: old.preview,
            new: new.preview,
        });
    }
    let changed = change.scopes.is_some()
        || change.permissions.is_some()
        || change.security_scheme.is_some()
        || change.deprecated.is_some()
        || change.preview.is_some();
    changed.then_some(change)
}

/// Compares two databases, operations keyed by method and path.
pub fn diff(old: &Database, new: &Database) -> DbDiff {
    let index = |db: &Database| -> BTreeMap<(String, String), usize> {
        db.operations()
            .iter()
            .enumerate()
            .map(|(i, op)| ((op.path.to_string(), op.method.to_string()), i))
            .collect()
    };
    let (a, b) = (index(old), index(new));
    let mut out = DbDiff {
        identical: true,
        facts: fact_changes(old, new),
        added: Vec::new(),
        removed: Vec::new(),
        changed: Vec::new(),
        scopes_added: Vec::new(),
        scopes_removed: Vec::new(),
    };
    for (key, &i) in &a {
        match b.get(key) {
            None => out.removed.push(op_ref(old.op(i))),
            Some(&j) => out.changed.extend(compare(old.op(i), new.op(j))),
        }
    }
    for (key, &j) in &b {
        if !a.contains_key(key) {
            out.added.push(op_ref(new.op(j)));
        }
    }
    let sa: BTreeSet<&str> = old.scopes().collect();
    let sb: BTreeSet<&str> = new.scopes().collect();
    out.scopes_added = sb.difference(&sa).map(|s| s.to_string()).collect();
    out.scopes_removed = sa.difference(&sb).map(|s| s.to_string()).collect();
    out.identical = out.added.is_empty()
        && out.removed.is_empty()
        && out.changed.is_empty()
        && out.scopes_added.is_empty()
        && out.scopes_removed.is_empty()
        && out.facts.is_empty();
    out
}
