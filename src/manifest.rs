//! The app manifest (`appfoundry.yaml` / `.yml` / `.json`): validated
//! against `schemas/appfoundry.schema.json`, then read leniently into the
//! model so rules still run on the parts that are well formed.
//!
//! Imports only layers below it (docs/architecture.md): `config`, `model`,
//! `parse`, `source`.

use crate::config::read::TreeReader;
use crate::model::{
    InputIssue, InputIssueKind, Manifest, OAuthClient, Origin, PermissionGrant, Role, RoleRef,
    SpannedList,
};
use crate::parse::{self, Node};
use crate::source::{FileId, Span, Spanned};
use std::path::Path;
use std::sync::OnceLock;

pub const SCHEMA: &str = include_str!("../schemas/appfoundry.schema.json");

/// File names recognised as manifests.
pub fn is_manifest_name(name: &str) -> bool {
    matches!(
        name,
        "appfoundry.yaml" | "appfoundry.yml" | "appfoundry.json"
    )
}

/// Whether the manifest at `path` is JSON: by its extension, else by its
/// first character (a manifest named with `--manifest` may have any name).
pub fn is_json(path: &Path) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("json") || e.eq_ignore_ascii_case("jsonc") => true,
        Some(e) if ["yaml", "yml"].iter().any(|y| e.eq_ignore_ascii_case(y)) => false,
        _ => crate::files::read_bounded(path, crate::files::SOURCE)
            .ok()
            .flatten()
            .is_some_and(|bytes| {
                let text = String::from_utf8_lossy(&bytes);
                text.trim_start_matches('\u{feff}')
                    .trim_start()
                    .starts_with(['{', '['])
            }),
    }
}

/// Whether the text of a file named as the manifest (`--manifest`,
/// `manifest =`) is one; `Err` says what it holds instead. A file that
/// does not parse is taken for a manifest with a mistake (`parse-error`
/// says where); one that parses is a manifest when it is a mapping with at
/// least one of the keys that define an app (`clients`, `roles`,
/// `appInstances`, `integrationType`, `regions`), or a near miss of one.
pub fn check_is_manifest(text: &str, json: bool) -> Result<(), String> {
    let parsed = match json {
        true => parse::json::parse(text),
        false => parse::yaml::parse(text),
    };
    let Ok(parsed) = parsed else { return Ok(()) };
    let entries = match &parsed.root.kind {
        parse::NodeKind::Map(entries) => entries,
        parse::NodeKind::Seq(_) => return Err("it holds a list, not a manifest's keys".into()),
        parse::NodeKind::Null => return Err("it is empty".into()),
        _ => return Err("it holds a single value, not a manifest's keys".into()),
    };
    // The keys that define an app (a bare `name` or `description` does not).
    let defining = [
        "clients",
        "roles",
        "appInstances",
        "integrationType",
        "regions",
    ];
    let is_manifest_key = |key: &str| {
        defining.iter().any(|k| {
            key.eq_ignore_ascii_case(k)
                || strsim::damerau_levenshtein(&key.to_lowercase(), &k.to_lowercase()) <= 2
        })
    };
    if entries.iter().any(|e| is_manifest_key(&e.key)) {
        return Ok(());
    }
    let mut keys: Vec<String> = entries
        .iter()
        .take(4)
        .map(|e| parse::shown_key(&e.key))
        .collect();
    if entries.len() > 4 {
        keys.push(format!("{} more", entries.len() - 4));
    }
    let held = match keys.len() {
        0 => "no keys".to_string(),
        1 => format!("the key {}", keys[0]),
        n => format!("the keys {} and {}", keys[..n - 1].join(", "), keys[n - 1]),
    };
    Err(format!(
        "it holds {held}, none of those that define an app ({})",
        defining
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// Everything one manifest contributes to the app.
#[derive(Debug, Default)]
pub struct ManifestRead {
    pub manifest: Option<Manifest>,
    pub clients: Vec<OAuthClient>,
    pub roles: Vec<Role>,
    pub issues: Vec<InputIssue>,
}

/// Compiles the manifest schema now (on a spare thread at start-up), so
/// that the first manifest read does not wait for it.
pub fn prepare() {
    validator();
}

fn validator() -> &'static jsonschema::Validator {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    V.get_or_init(|| {
        let schema: serde_json::Value =
            serde_json::from_str(SCHEMA).expect("bundled schema is JSON");
        jsonschema::validator_for(&schema).expect("bundled schema compiles")
    })
}

/// The key an unknown key of `object` evidently means: of the schema's
/// object types (the manifest, a client, a role, ...), the one that knows
/// the most of `object`'s other keys; of its keys, the only one within two
/// edits of `unknown` (ignoring case) that `object` does not hold already.
fn key_meant(object: &serde_json::Value, unknown: &str) -> Option<String> {
    let object = object.as_object()?;
    static TYPES: OnceLock<Vec<Vec<String>>> = OnceLock::new();
    let types = TYPES.get_or_init(|| {
        let schema: serde_json::Value =
            serde_json::from_str(SCHEMA).expect("bundled schema is JSON");
        let keys = |s: &serde_json::Value| -> Vec<String> {
            s.get("properties")
                .and_then(serde_json::Value::as_object)
                .map(|p| p.keys().cloned().collect())
                .unwrap_or_default()
        };
        let mut types = vec![keys(&schema)];
        for defs in ["$defs", "definitions"] {
            if let Some(defs) = schema.get(defs).and_then(serde_json::Value::as_object) {
                types.extend(defs.values().map(keys));
            }
        }
        types.retain(|t| !t.is_empty());
        types
    });
    let known = |t: &Vec<String>| object.keys().filter(|k| t.contains(k)).count();
    let best = types.iter().max_by_key(|t| known(t))?;
    let lower = unknown.to_lowercase();
    let close: Vec<&String> = best
        .iter()
        .filter(|k| !object.contains_key(k.as_str()))
        .filter(|k| strsim::damerau_levenshtein(&k.to_lowercase(), &lower) <= 2)
        .collect();
    match close.as_slice() {
        [only] => Some((*only).clone()),
        _ => None,
    }
}

struct Reader {
    tree: TreeReader,
    issues: Vec<InputIssue>,
}

impl std::ops::Deref for Reader {
    type Target = TreeReader;
    fn deref(&self) -> &TreeReader {
        &self.tree
    }
}

impl Reader {
    fn client(&self, node: &Node, base_dir: &Path) -> Option<OAuthClient> {
        let name = node.get("name").and_then(|n| self.string(n))?;
        let roles = node.entry("roles").map(|entry| SpannedList {
            key: self.span(&entry.key_range),
            items: entry
                .value
                .as_seq()
                .unwrap_or_default()
                .iter()
                .filter_map(|item| {
                    if let Some(s) = self.string(item) {
                        return Some(Spanned::new(RoleRef::named(s.clone()), s.span));
                    }
                    let role = self.string(item.get("role")?)?;
                    let division = item.get("division").and_then(|d| self.string(d));
                    Some(Spanned::new(
                        RoleRef {
                            name: role,
                            division,
                            unresolved: None,
                        },
                        self.span(&item.range),
                    ))
                })
                .collect(),
        });
        Some(OAuthClient {
            name,
            decl: self.span(&node.range),
            origin: Origin::Manifest,
            grant: node.get("grantType").and_then(|n| self.string(n)),
            pkce: node.get("pkce").and_then(Node::as_bool).unwrap_or(false),
            scopes: self.list(node, "scopes"),
            scopes_elsewhere: false,
            roles,
            user_roles: self.list(node, "userRoles"),
            redirect_uris: self.list(node, "redirectUris"),
            token_validity: node
                .get("accessTokenValiditySeconds")
                .and_then(|n| n.as_i64().map(|v| Spanned::new(v, self.span(&n.range)))),
            sources: self
                .list(node, "sources")
                .map(|l| l.items)
                .unwrap_or_default(),
            base_dir: base_dir.to_path_buf(),
            inactive: Vec::new(),
            wizard_login: false,
            wizard_run: None,
            aliases: Vec::new(),
            role_ids_key: None,
        })
    }

    fn role(&self, node: &Node) -> Option<Role> {
        let name = node.get("name").and_then(|n| self.string(n))?;
        let mut grants = Vec::new();
        for p in node
            .get("permissions")
            .and_then(Node::as_seq)
            .unwrap_or_default()
        {
            if let Some(s) = self.string(p) {
                grants.push(Spanned::new(PermissionGrant::parse(&s.value), s.span));
            }
        }
        grants.extend(self.permission_policies(node));
        Some(Role {
            name,
            decl: self.span(&node.range),
            origin: Origin::Manifest,
            grants,
            aliases: Vec::new(),
            written: self.permissions_at(node),
        })
    }
}

/// Describes a schema violation in the user's terms.
fn schema_message(error: &jsonschema::ValidationError<'_>) -> String {
    use jsonschema::error::ValidationErrorKind as K;
    let path = error.instance_path().to_string();
    let at = if path.is_empty() {
        "the manifest".to_string()
    } else {
        format!("`{}`", path.trim_start_matches('/').replace('/', "."))
    };
    match error.kind() {
        K::AdditionalProperties { unexpected } => {
            let keys: Vec<String> = unexpected.iter().map(|k| format!("`{k}`")).collect();
            format!("unknown key {} in {at}", keys.join(", "))
        }
        K::Required { property } => format!(
            "{at} is missing the required key `{}`",
            property.as_str().unwrap_or_default()
        ),
        _ => format!("{at}: {error}"),
    }
}

/// Reads one manifest. `dir` is the folder its `sources` globs are relative to.
pub fn read(file: FileId, text: &str, json: bool, dir: &Path) -> ManifestRead {
    let mut out = ManifestRead::default();
    let parsed = if json {
        parse::json::parse(text)
    } else {
        parse::yaml::parse(text)
    };
    let parsed = match parsed {
        Ok(p) => p,
        Err(issue) => {
            out.issues.push(InputIssue {
                kind: InputIssueKind::Parse,
                span: Span::new(file, issue.range),
                message: format!("the manifest cannot be parsed: {}", issue.message),
                suggestion: None,
            });
            return out;
        }
    };
    let mut reader = Reader {
        tree: TreeReader { file },
        issues: parsed
            .issues
            .into_iter()
            .map(|i| InputIssue {
                kind: InputIssueKind::Parse,
                span: Span::new(file, i.range),
                message: i.message,
                suggestion: None,
            })
            .collect(),
    };
    let root = parsed.root;

    let instance = root.to_json();
    for error in validator().iter_errors(&instance) {
        use jsonschema::error::ValidationErrorKind as K;
        let pointer = error.instance_path().to_string();
        let mut suggestion = None;
        let range = match error.kind() {
            K::AdditionalProperties { unexpected } if !unexpected.is_empty() => {
                suggestion = instance
                    .pointer(&pointer)
                    .and_then(|object| key_meant(object, &unexpected[0]));
                root.pointer_range(&format!(
                    "{pointer}/{}",
                    unexpected[0].replace('~', "~0").replace('/', "~1")
                ))
            }
            _ => root
                .pointer_value_range(&pointer)
                .unwrap_or_else(|| root.pointer_range(&pointer)),
        };
        reader.issues.push(InputIssue {
            kind: InputIssueKind::Schema,
            span: Span::new(file, range),
            message: schema_message(&error),
            suggestion,
        });
    }

    let clients: Vec<OAuthClient> = root
        .get("clients")
        .and_then(Node::as_seq)
        .unwrap_or_default()
        .iter()
        .filter_map(|n| reader.client(n, dir))
        .collect();
    let roles: Vec<Role> = root
        .get("roles")
        .and_then(Node::as_seq)
        .unwrap_or_default()
        .iter()
        .filter_map(|n| reader.role(n))
        .collect();
    let regions = root
        .get("regions")
        .and_then(Node::as_seq)
        .unwrap_or_default()
        .iter()
        .filter_map(|n| reader.string(n))
        .collect();
    out.manifest = Some(Manifest {
        file,
        dir: dir.to_path_buf(),
        regions,
        reach: Some(dir.to_path_buf()),
    });
    out.clients = clients;
    out.roles = roles;
    reader.issues.sort_by_key(|i| (i.span.start, i.span.end));
    reader.issues.dedup();
    out.issues = reader.issues;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_yaml(text: &str) -> ManifestRead {
        read(FileId(0), text, false, Path::new("."))
    }

    #[test]
    fn schema_violation_points_at_the_key() {
        let text = "name: app\nclients:\n  - name: web\n    grantType: TOKEN\n    scope: [users]\n";
        let out = read_yaml(text);
        assert_eq!(out.issues.len(), 1, "{:?}", out.issues);
        let issue = &out.issues[0];
        assert_eq!(issue.kind, InputIssueKind::Schema);
        assert_eq!(&text[issue.span.range()], "scope");
        assert_eq!(issue.message, "unknown key `scope` in `clients.0`");
    }

    #[test]
    fn clients_keep_scope_spans() {
        let text = "name: app\nclients:\n  - name: web\n    grantType: TOKEN\n    scopes: [users, 'bogus']\n";
        let out = read_yaml(text);
        assert!(out.issues.is_empty(), "{:?}", out.issues);
        let scopes = out.clients[0].scopes.as_ref().unwrap();
        assert_eq!(&text[scopes.items[1].span.range()], "'bogus'");
        assert_eq!(&text[scopes.key.range()], "scopes");
    }

    #[test]
    fn malformed_yaml_is_a_parse_issue() {
        let out = read_yaml("name: app\nclients: [\n");
        assert_eq!(out.issues.len(), 1);
        assert_eq!(out.issues[0].kind, InputIssueKind::Parse);
        assert!(out.manifest.is_none());
    }
}
