//! `gclint db import`: swagger documents (+ an optional SDK supplement) into
//! a database file in the format of `rules/genesys-api.json`.
//!
//! Swagger facts win; the supplement fills only what the swagger lacks (SDK
//! API classes, Python names that are not the snake case of the
//! operationId, operations the swagger does not define, region hosts).
//!
//! Imports only layers below it (docs/architecture.md): `db`, `files`,
//! `parse`, `source`.

pub mod lifecycle;
pub mod supplement;
pub mod swagger;
mod text;

use crate::db::format::json::{File, Op, Perms};
use crate::db::format::{ImportCounts, Provenance, FORMAT_VERSION};
use supplement::Supplement;
use swagger::{SwaggerDoc, SwaggerOp};

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

pub use crate::db::index::sdk_class_for_tag;
pub use text::{python_name, spaced};

fn mentions_deprecation(sentence: &str) -> bool {
    let lower = sentence.to_ascii_lowercase();
    if lower.contains("deprecat") {
        return true;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    lower.match_indices("instead").any(|(i, w)| {
        let before = lower[..i].chars().next_back();
        let after = lower[i + w.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

/// Splits at a space that follows `.` or `]` and precedes a capital or `[`.
fn sentences(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b' '
            && i > 0
            && matches!(bytes[i - 1], b'.' | b']')
            && bytes
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_uppercase() || *n == b'[')
        {
            out.push(&text[start..i]);
            start = i + 1;
        }
    }
    out.push(&text[start..]);
    out
}

/// The sentences of the summary and description that speak about the
/// deprecation (the replacement, when the swagger names one), at most 400
/// characters.
pub fn deprecation_note(summary: Option<&str>, description: Option<&str>) -> Option<String> {
    let mut picked: Vec<&str> = Vec::new();
    let texts: Vec<String> = [summary, description]
        .iter()
        .map(|t| {
            t.unwrap_or("")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    for text in &texts {
        for sentence in sentences(text) {
            let sentence = sentence.trim_matches([' ', '[', ']']);
            if mentions_deprecation(sentence) && !picked.contains(&sentence) {
                picked.push(sentence);
            }
        }
    }
    let note = picked.join(" ");
    let note = note.trim();
    (!note.is_empty()).then(|| note.chars().take(400).collect())
}

/// A database file's text: one line per operation, keys in a fixed order.
pub fn write_database(file: &File) -> String {
    let mut out = String::from("{\n");
    out.push_str(&format!(" \"format\": {},\n", file.format));
    out.push_str(" \"provenance\": {\n");
    let prov = serde_json::to_value(&file.provenance).expect("provenance serializes");
    let fields: Vec<String> = prov
        .as_object()
        .expect("provenance is an object")
        .iter()
        .map(|(k, v)| format!("  {}: {}", spaced(k), spaced(v)))
        .collect();
    out.push_str(&fields.join(",\n"));
    out.push_str("\n },\n");
    out.push_str(&format!(" \"regions\": {},\n", spaced(&file.regions)));
    out.push_str(&format!(" \"scopes\": {},\n", spaced(&file.scopes)));
    out.push_str(&format!(" \"lifecycle\": {},\n", spaced(&file.lifecycle)));
    if let Some(history) = &file.sdk_history {
        out.push_str(&format!(" \"sdk_history\": {},\n", spaced(history)));
    }
    if let Some(terraform) = &file.terraform {
        out.push_str(&format!(" \"terraform\": {},\n", spaced(terraform)));
    }
    if let Some(org) = &file.org_permissions {
        out.push_str(&format!(" \"org_permissions\": {},\n", spaced(org)));
    }
    out.push_str(" \"operations\": [\n");
    let ops: Vec<String> = file
        .operations
        .iter()
        .map(|op| format!("  {}", spaced(op)))
        .collect();
    out.push_str(&ops.join(",\n"));
    out.push_str("\n ]\n}\n");
    out
}

/// The swagger files named: files as given, folders as their `.json`,
/// `.yml` and `.yaml` files (not recursive).
fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for path in paths {
        if !path.is_dir() {
            out.push(path.clone());
            continue;
        }
        let entries = std::fs::read_dir(path)
            .map_err(|e| format!("{}: cannot read the folder: {e}", path.display()))?;
        let before = out.len();
        for entry in entries {
            let file = entry
                .map_err(|e| format!("{}: cannot read the folder: {e}", path.display()))?
                .path();
            let ext = file
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase);
            if file.is_file() && matches!(ext.as_deref(), Some("json" | "yml" | "yaml")) {
                out.push(file);
            }
        }
        if out.len() == before {
            return Err(format!(
                "{}: the folder holds no .json, .yml or .yaml file",
                path.display()
            ));
        }
    }
    Ok(out)
}

/// Reads the swagger files (two at a time) in the byte order of their
/// paths; a folder stands for its swagger files. The first error stops the
/// import.
pub fn read_swaggers(paths: &[PathBuf]) -> Result<Vec<SwaggerDoc>, String> {
    let expanded = expand(paths)?;
    let mut paths: Vec<&PathBuf> = expanded.iter().collect();
    paths.sort_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    paths.dedup();
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(paths.len())
        .max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<Result<SwaggerDoc, String>>>> =
        paths.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(path) = paths.get(i) else { break };
                let result = swagger::read(path);
                let failed = result.is_err();
                *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
                if failed {
                    // Let the other workers finish their file and stop.
                    next.store(paths.len(), std::sync::atomic::Ordering::Relaxed);
                }
            });
        }
    });
    let mut docs = Vec::with_capacity(paths.len());
    for slot in slots {
        match slot.into_inner().unwrap_or_else(|e| e.into_inner()) {
            Some(Ok(doc)) => docs.push(doc),
            Some(Err(e)) => return Err(e),
            None => {}
        }
    }
    Ok(docs)
}

/// The result of an import: the database and remarks for the user.
pub struct Imported {
    pub file: File,
    pub warnings: Vec<String>,
}

/// The facts of two copies of one operation that must agree (tags may
/// differ: a split by tag gives each copy the tag of its file).
fn same_facts(a: &SwaggerOp, b: &SwaggerOp) -> bool {
    a.name == b.name
        && a.scopes == b.scopes
        && a.scheme == b.scheme
        && a.permission_type == b.permission_type
        && a.permissions == b.permissions
        && a.deprecated == b.deprecated
        && a.preview == b.preview
}

/// Attaches the SDK history to an imported database, and names the
/// operations the swagger copy lacks as the SDKs name them.
pub fn attach_history(
    file: &mut crate::db::format::json::File,
    history: crate::db::format::json::HistoryFile,
) -> Result<(), String> {
    let decoded = history.clone().into_history()?;
    names_from_history(&mut file.operations, &decoded);
    file.sdk_history = Some(history);
    Ok(())
}

/// Gives the operations that have no SDK name (those the swagger copy
/// lacks, added from the supplement without one) the name the official
/// SDKs call them by, when the SDK history has a method for exactly that
/// method and path. Returns how many were named.
pub fn names_from_history(
    ops: &mut [crate::db::format::json::Op],
    history: &crate::db::format::SdkHistory,
) -> usize {
    let mut by_op: std::collections::HashMap<(&str, &str), (&str, Option<&str>)> =
        std::collections::HashMap::new();
    for m in &history.methods {
        let (Some(verb), Some(path), Some(js)) = (
            crate::db::format::SDK_VERBS.get(m.verb as usize),
            history.paths.get(m.path as usize),
            m.js.as_deref(),
        ) else {
            continue;
        };
        by_op
            .entry((verb, path))
            .or_insert((js, m.py.as_deref().filter(|p| !p.is_empty())));
    }
    let mut named = 0;
    for op in ops.iter_mut().filter(|o| o.sdk_method.is_none()) {
        if let Some((js, py)) = by_op.get(&(op.method.as_str(), op.path.as_str())) {
            op.sdk_method = Some(js.to_string());
            op.sdk_method_py = Some(py.map_or_else(|| python_name(js), str::to_string));
            named += 1;
        }
    }
    named
}

/// Merges swagger documents and a supplement into a database file.
/// `supplement` is the supplement and the name it is recorded under.
pub fn import(
    docs: &[SwaggerDoc],
    supplement: Option<(&str, &Supplement)>,
    date: &str,
) -> Result<Imported, String> {
    let mut warnings: Vec<String> = docs.iter().flat_map(|d| d.warnings.clone()).collect();
    if docs.is_empty() {
        return Err("no swagger file given".into());
    }
    // (path, method) → the first copy, the files defining it.
    let mut ops: BTreeMap<(String, String), (SwaggerOp, Vec<&str>)> = BTreeMap::new();
    for doc in docs {
        for op in &doc.operations {
            match ops.entry((op.path.clone(), op.method.clone())) {
                std::collections::btree_map::Entry::Vacant(v) => {
                    v.insert((op.clone(), vec![doc.file.as_str()]));
                }
                std::collections::btree_map::Entry::Occupied(mut o) => {
                    let (first, files) = o.get_mut();
                    if !same_facts(first, op) {
                        warnings.push(format!(
                            "{} {} differs between {} and {}; the first is kept",
                            op.method, op.path, files[0], doc.file
                        ));
                    }
                    for tag in &op.tags {
                        if !first.tags.contains(tag) {
                            first.tags.push(tag.clone());
                        }
                    }
                    files.push(doc.file.as_str());
                }
            }
        }
    }
    let mut versions: Vec<&str> = Vec::new();
    for v in docs.iter().filter_map(|d| d.version.as_deref()) {
        if !versions.contains(&v) {
            versions.push(v);
        }
    }
    if versions.len() > 1 {
        warnings.push(format!(
            "the swagger files give different info.version values ({}); the first is recorded",
            versions.join(", ")
        ));
    }

    let sdk: HashMap<(&str, &str), &supplement::SdkFacts> = supplement
        .map(|(_, s)| {
            s.sdk
                .iter()
                .map(|f| ((f.method.as_str(), f.path.as_str()), f))
                .collect()
        })
        .unwrap_or_default();
    let extras: HashMap<(&str, &str), &supplement::ExtraOp> = supplement
        .map(|(_, s)| {
            s.operations
                .iter()
                .map(|o| ((o.method.as_str(), o.path.as_str()), o))
                .collect()
        })
        .unwrap_or_default();

    let mut counts = ImportCounts {
        from_swagger: ops.len() as u32,
        ..ImportCounts::default()
    };
    let mut names: HashMap<String, String> = HashMap::new();
    let mut out: Vec<Op> = Vec::with_capacity(ops.len() + extras.len());
    for ((path, method), (op, files)) in &ops {
        if files.len() > 1 {
            counts.defined_in_several_files += 1;
        }
        let key = (method.as_str(), path.as_str());
        let facts = sdk.get(&key);
        let extra = extras.get(&key);
        if let Some(name) = &op.name {
            if let Some(other) = names.insert(name.clone(), format!("{method} {path}")) {
                warnings.push(format!(
                    "operationId `{name}` names both {other} and {method} {path}"
                ));
            }
        }
        let py_supplied = facts
            .and_then(|f| f.sdk_method_py.clone())
            .or_else(|| extra.and_then(|e| e.sdk_method_py.clone()));
        let sdk_method_py = match (&op.name, py_supplied) {
            (Some(js), Some(py)) if python_name(js) == py => Some(py),
            (_, Some(py)) => {
                counts.python_names_from_supplement += 1;
                Some(py)
            }
            (Some(js), None) => Some(python_name(js)),
            (None, None) => None,
        };
        let classes_supplied = facts
            .and_then(|f| f.sdk_classes.clone())
            .or_else(|| extra.and_then(|e| e.sdk_classes.clone()));
        let sdk_classes = match classes_supplied {
            Some(classes) => {
                counts.sdk_classes_from_supplement += 1;
                classes
            }
            None => {
                let mut classes: Vec<String> = Vec::new();
                for class in op.tags.iter().map(|t| sdk_class_for_tag(t)) {
                    if !classes.contains(&class) {
                        classes.push(class);
                    }
                }
                classes
            }
        };
        out.push(Op {
            method: method.clone(),
            path: path.clone(),
            sdk_method: op.name.clone(),
            sdk_method_py,
            scopes: Some(op.scopes.clone()),
            inferred_scopes: None,
            permissions: Some(Perms {
                kind: op.permission_type.clone(),
                list: op.permissions.clone(),
            }),
            security_scheme: Some(op.scheme.clone()),
            deprecated: op.deprecated,
            deprecation_note: if op.deprecated {
                deprecation_note(op.summary.as_deref(), op.description.as_deref())
            } else {
                None
            },
            preview: op.preview,
            tags: op.tags.clone(),
            sdk_classes,
            summary: op.summary.clone(),
        });
    }
    if let Some((_, s)) = supplement {
        for e in &s.operations {
            if ops.contains_key(&(e.path.clone(), e.method.clone())) {
                continue;
            }
            counts.from_supplement += 1;
            let sdk_method_py = e
                .sdk_method_py
                .clone()
                .or_else(|| e.sdk_method.as_deref().map(python_name));
            out.push(Op {
                method: e.method.clone(),
                path: e.path.clone(),
                sdk_method: e.sdk_method.clone(),
                sdk_method_py,
                scopes: e.scopes.clone(),
                inferred_scopes: if e.scopes.is_none() {
                    e.inferred_scopes.clone()
                } else {
                    None
                },
                permissions: e.permissions.as_ref().map(|p| Perms {
                    kind: p.kind.clone(),
                    list: p.list.clone(),
                }),
                security_scheme: e.security_scheme.clone(),
                deprecated: e.deprecated.unwrap_or(false),
                deprecation_note: None,
                preview: e.preview.unwrap_or(false),
                tags: e.tags.clone(),
                sdk_classes: e.sdk_classes.clone().unwrap_or_default(),
                summary: e.summary.clone(),
            });
        }
    }
    out.sort_by(|a, b| (&a.path, &a.method).cmp(&(&b.path, &b.method)));
    counts.operations = out.len() as u32;

    let scopes: BTreeSet<String> = out
        .iter()
        .flat_map(|o| o.scopes.iter().flatten().cloned())
        .collect();
    let regions = supplement
        .map(|(_, s)| s.regions.clone())
        .unwrap_or_default();
    let swagger_files: Vec<crate::db::format::Text> =
        docs.iter().map(|d| d.file.clone().into()).collect();
    let version = versions.first().map(|v| v.to_string());
    let mut source = format!(
        "Genesys Cloud Platform API swagger ({} file{}, info.version {})",
        docs.len(),
        if docs.len() == 1 { "" } else { "s" },
        version.as_deref().unwrap_or("unknown")
    );
    if let Some((name, _)) = supplement {
        source.push_str(&format!(" merged with SDK facts from {name}"));
    }
    let provenance = Provenance {
        source: source.into(),
        swagger_version: version.map(Into::into),
        imported: date.to_string().into(),
        importer: format!("gclint db import {}", env!("CARGO_PKG_VERSION")).into(),
        swagger_files,
        supplement: supplement.map(|(name, s)| {
            format!(
                "{name}: {} (generated {} by {})",
                s.provenance.source, s.provenance.generated, s.provenance.generator
            )
            .into()
        }),
        counts: Some(counts),
    };
    let file = File {
        format: FORMAT_VERSION,
        provenance,
        regions,
        scopes: scopes.into_iter().collect(),
        operations: out,
        lifecycle: Default::default(),
        sdk_history: None,
        terraform: None,
        org_permissions: None,
    };
    // The file must load as a database; an error here means an unusable
    // swagger (a path without a leading slash).
    file.clone().into_database()?;
    Ok(Imported { file, warnings })
}

/// Today's date (`YYYY-MM-DD`, UTC), or the date of `SOURCE_DATE_EPOCH`
/// when set, so a regeneration can be reproduced byte for byte.
pub fn today() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    civil_date(secs.div_euclid(86_400))
}

/// `YYYY-MM-DD` of a day count since 1970-01-01 (proleptic Gregorian).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_names() {
        assert_eq!(python_name("getUsersMe"), "get_users_me");
        assert_eq!(
            python_name("postConversationsMessagesAgentless"),
            "post_conversations_messages_agentless"
        );
        assert_eq!(python_name("getOAuthClient"), "get_o_auth_client");
    }

    #[test]
    fn classes_from_tags() {
        assert_eq!(sdk_class_for_tag("Users"), "UsersApi");
        assert_eq!(sdk_class_for_tag("Agent UI"), "AgentUIApi");
        assert_eq!(
            sdk_class_for_tag("Speech & Text Analytics"),
            "SpeechTextAnalyticsApi"
        );
        assert_eq!(
            sdk_class_for_tag("Infrastructure as Code"),
            "InfrastructureAsCodeApi"
        );
    }

    #[test]
    fn deprecation_sentences() {
        assert_eq!(
            deprecation_note(
                Some("Returns which divisions the current user has the given permission in."),
                Some("This route is deprecated, use authorization/divisionspermitted/paged/me instead.")
            )
            .as_deref(),
            Some("This route is deprecated, use authorization/divisionspermitted/paged/me instead.")
        );
        assert_eq!(
            deprecation_note(
                Some("Get a thing. [Deprecated: use GET /api/v2/things instead.]"),
                Some("Long text.\n\nMore   text. Insteadof nothing.")
            )
            .as_deref(),
            Some("Deprecated: use GET /api/v2/things instead.")
        );
        assert_eq!(deprecation_note(Some("Get a thing."), None), None);
        assert_eq!(
            deprecation_note(None, Some("Use insteadOf. Use this INSTEAD.")).as_deref(),
            Some("Use this INSTEAD.")
        );
    }

    #[test]
    fn dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_414), "2025-11-22");
        assert_eq!(civil_date(11_016), "2000-02-29");
    }

    #[test]
    fn spaced_json() {
        assert_eq!(
            spaced(&serde_json::json!({"a": [1, 2], "b": {"c": null}})),
            r#"{"a": [1, 2], "b": {"c": null}}"#
        );
    }
}
