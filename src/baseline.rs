//! Baselines: `--write-baseline FILE` records the current findings, and
//! `--baseline FILE` then reports only the findings it does not know.
//!
//! A finding is recorded by rule, file and its semantic key (client, scope,
//! operation: see [`Diagnostic::key`]), or its message when the rule gives
//! no key — never by line or column, so a baseline survives edits that move
//! code. Identical findings in one file are counted: a baseline that knows
//! one such finding hides the first and reports the second. Files are
//! relative to the baseline's folder, so the file works from any directory.
//!
//! Imports only layers below it (docs/architecture.md): `diagnostic`,
//! `discover`, `files`, `source`.

use crate::diagnostic::Diagnostic;
use crate::source::SourceMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// The file format's version.
pub const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    /// The gclint version that wrote it.
    gclint: String,
    findings: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    file: String,
    rule: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    /// Only for findings without a key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    count: usize,
}

/// What identifies a finding across runs.
type Identity = (String, String, Option<String>, Option<String>);

/// What a baseline did in a run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// The baseline file as given.
    pub file: String,
    /// Findings hidden because the baseline knows them.
    pub baselined: usize,
    pub by_rule: BTreeMap<&'static str, usize>,
    /// Recorded findings that no longer occur.
    pub fixed: usize,
}

/// A baseline read from a file.
#[derive(Debug, Clone)]
pub struct Baseline {
    shown: String,
    dir: PathBuf,
    counts: BTreeMap<Identity, usize>,
}

/// `path` relative to `base` (both made absolute), with `..` where needed
/// and `/` separators.
pub fn relative_to(path: &Path, base: &Path) -> String {
    let path = crate::discover::normalize(path);
    let base = crate::discover::normalize(base);
    let p: Vec<Component> = path.components().collect();
    let b: Vec<Component> = base.components().collect();
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    // Different roots (another drive): nothing relative to say.
    if common == 0 {
        return path.to_string_lossy().replace('\\', "/");
    }
    let mut parts: Vec<String> = vec!["..".to_string(); b.len() - common];
    parts.extend(
        p[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

fn identity(d: &Diagnostic, sources: &SourceMap, dir: &Path) -> Identity {
    let file = relative_to(&sources.get(d.primary.span.file).path, dir);
    let (key, message) = if d.key.is_empty() {
        (None, Some(d.message.clone()))
    } else {
        (Some(d.key.clone()), None)
    };
    (file, d.rule.id.to_string(), key, message)
}

fn folder_of(path: &Path) -> PathBuf {
    crate::discover::normalize(path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Writes the findings that are not suppressed to `path`; returns how many.
pub fn write(
    path: &Path,
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
) -> Result<usize, String> {
    let dir = folder_of(path);
    let mut counts: BTreeMap<Identity, usize> = BTreeMap::new();
    let mut n = 0;
    for d in diagnostics.iter().filter(|d| !d.is_suppressed()) {
        *counts.entry(identity(d, sources, &dir)).or_default() += 1;
        n += 1;
    }
    let file = BaselineFile {
        version: VERSION,
        gclint: env!("CARGO_PKG_VERSION").to_string(),
        findings: counts
            .into_iter()
            .map(|((file, rule, key, message), count)| Entry {
                file,
                rule,
                key,
                message,
                count,
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&file)
        .map_err(|e| format!("{}: cannot write the baseline: {e}", path.display()))?;
    text.push('\n');
    // The user named the file; an interrupted run leaves the old one.
    crate::files::write(path, text.as_bytes(), &crate::files::Allowed::named(path))
        .map_err(|e| format!("{}: cannot write the baseline: {e}", path.display()))?;
    Ok(n)
}

impl Baseline {
    /// Reads a baseline file; `shown` is its name in messages.
    pub fn read(path: &Path, shown: &str) -> Result<Baseline, String> {
        let text = crate::files::read_text(path, shown, "the baseline", crate::files::BASELINE)?;
        Baseline::parse(&text, path, shown)
    }

    pub fn parse(text: &str, path: &Path, shown: &str) -> Result<Baseline, String> {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| format!("{shown}: not a gclint baseline: {e}"))?;
        let Some(version) = value.get("version").and_then(serde_json::Value::as_u64) else {
            return Err(format!(
                "{shown}: not a gclint baseline: expected an object with `version`, `gclint` and `findings`"
            ));
        };
        if version != u64::from(VERSION) {
            return Err(format!(
                "{shown}: baseline format version {version} is not supported (this gclint reads version {VERSION}); write it again with --write-baseline"
            ));
        }
        let file: BaselineFile = serde_json::from_value(value)
            .map_err(|e| format!("{shown}: not a gclint baseline: {e}"))?;
        let mut counts = BTreeMap::new();
        for e in file.findings {
            *counts
                .entry((e.file, e.rule, e.key, e.message))
                .or_default() += e.count;
        }
        Ok(Baseline {
            shown: shown.to_string(),
            dir: folder_of(path),
            counts,
        })
    }

    /// Removes the findings the baseline knows (suppressed ones are left
    /// alone) and says how many, and how many recorded ones are gone.
    pub fn filter(&self, diagnostics: &mut Vec<Diagnostic>, sources: &SourceMap) -> Summary {
        let mut summary = Summary {
            file: self.shown.clone(),
            ..Summary::default()
        };
        let mut seen: BTreeMap<Identity, usize> = BTreeMap::new();
        diagnostics.retain(|d| {
            if d.is_suppressed() {
                return true;
            }
            let id = identity(d, sources, &self.dir);
            let known = self.counts.get(&id).copied().unwrap_or(0);
            let n = seen.entry(id).or_default();
            *n += 1;
            if *n <= known {
                summary.baselined += 1;
                *summary.by_rule.entry(d.rule.id).or_default() += 1;
                false
            } else {
                true
            }
        });
        summary.fixed = self
            .counts
            .iter()
            .map(|(id, &count)| count.saturating_sub(seen.get(id).copied().unwrap_or(0)))
            .sum();
        summary
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_with_dot_dot() {
        assert_eq!(
            relative_to(Path::new("/repo/app/js/a.js"), Path::new("/repo/app")),
            "js/a.js"
        );
        assert_eq!(
            relative_to(Path::new("/repo/other/a.js"), Path::new("/repo/app")),
            "../other/a.js"
        );
        assert_eq!(
            relative_to(Path::new("/repo/app/../app/a.js"), Path::new("/repo/app/.")),
            "a.js"
        );
    }

    #[test]
    fn other_versions_are_refused() {
        let err = Baseline::parse(
            r#"{"version": 2, "gclint": "9.0.0", "findings": []}"#,
            Path::new("b.json"),
            "b.json",
        )
        .unwrap_err();
        assert_eq!(err, "b.json: baseline format version 2 is not supported (this gclint reads version 1); write it again with --write-baseline");
        let err = Baseline::parse("[]", Path::new("b.json"), "b.json").unwrap_err();
        assert_eq!(err, "b.json: not a gclint baseline: expected an object with `version`, `gclint` and `findings`");
        let err = Baseline::parse(
            r#"{"version": 1, "gclint": "0.1.0", "findings": [{"file": "a.js"}]}"#,
            Path::new("b.json"),
            "b.json",
        )
        .unwrap_err();
        assert_eq!(err, "b.json: not a gclint baseline: missing field `rule`");
    }
}
