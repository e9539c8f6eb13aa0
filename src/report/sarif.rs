//! `--format sarif`: SARIF 2.1.0 through the typed `serde-sarif` model.
//! Results carry repo-relative URIs under `%SRCROOT%`, related locations for
//! the declaration a call was checked against, and fingerprints that do not
//! move when unrelated lines are added above a finding.

use super::sentence;
use crate::check::Outcome;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{self, RuleMeta};
use crate::source::{SourceMap, Span};
use serde_sarif::sarif;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
pub const INFORMATION_URI: &str = "https://github.com/gclint/gclint";
pub const SRCROOT: &str = "%SRCROOT%";

/// A rule's documentation page (the same text as `help`), for viewers that
/// link out.
fn help_uri(meta: &RuleMeta) -> String {
    format!("{INFORMATION_URI}/blob/main/src/rules/docs/{}.md", meta.id)
}

fn level(severity: Severity) -> sarif::ResultLevel {
    match severity {
        Severity::Error => sarif::ResultLevel::Error,
        Severity::Warning => sarif::ResultLevel::Warning,
        Severity::Note => sarif::ResultLevel::Note,
    }
}

/// The first paragraph of a rule's "What it does" section.
fn what_it_does(doc: &str) -> String {
    doc.split("## What it does")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .map(|s| {
            s.trim()
                .split("\n\n")
                .next()
                .unwrap_or("")
                .replace('\n', " ")
        })
        .unwrap_or_default()
}

fn descriptor(meta: &RuleMeta) -> sarif::ReportingDescriptor {
    let mut props = BTreeMap::new();
    props.insert(
        "precision".to_string(),
        serde_json::json!(meta.precision.as_str()),
    );
    if let Some(score) = meta.security_severity {
        props.insert("security-severity".to_string(), serde_json::json!(score));
    }
    let tags: Vec<String> = meta.tags().into_iter().map(String::from).collect();
    let text = format!("{}.\n\n{}", meta.summary, meta.doc);
    sarif::ReportingDescriptor::builder()
        .id(meta.id)
        .name(meta.name)
        .help_uri(help_uri(meta))
        .short_description(sarif::MultiformatMessageString {
            text: format!("{}.", meta.summary),
            markdown: None,
            properties: None,
        })
        .full_description(sarif::MultiformatMessageString {
            text: what_it_does(meta.doc),
            markdown: None,
            properties: None,
        })
        .help(sarif::MultiformatMessageString {
            text: text.clone(),
            markdown: Some(text),
            properties: None,
        })
        .default_configuration(sarif::ReportingConfiguration {
            level: Some(serde_json::json!(meta.severity.as_str())),
            ..Default::default()
        })
        .properties(sarif::PropertyBag {
            tags: Some(tags),
            additional_properties: props,
        })
        .build()
}

/// Percent-encodes a relative path for a URI reference.
fn uri_path(rel: &str) -> String {
    let mut out = String::with_capacity(rel.len());
    for b in rel.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A file the run did not read, as a tool execution notification.
fn skipped_note(skip: &crate::discover::Skipped) -> sarif::Notification {
    let rel = crate::source::relative(&skip.path, Path::new(""));
    // Paths outside the root (a command-line argument elsewhere) stay absolute.
    let (uri, uri_base_id) = match rel.strip_prefix('/') {
        Some(_) => (format!("file://{}", uri_path(&rel)), None),
        None => (uri_path(&rel), Some(SRCROOT.to_string())),
    };
    sarif::Notification::builder()
        .level(serde_json::json!("note"))
        .message(sarif::Message {
            text: Some(format!("skipped {rel}: {}", skip.reason)),
            ..Default::default()
        })
        .locations(vec![sarif::Location {
            physical_location: Some(sarif::PhysicalLocation {
                artifact_location: Some(sarif::ArtifactLocation {
                    uri: Some(uri),
                    uri_base_id,
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        }])
        .build()
}

fn location(
    sources: &SourceMap,
    span: Span,
    message: Option<&str>,
    id: Option<i64>,
) -> sarif::Location {
    let file = sources.get(span.file);
    let start = file.line_col(span.start as usize);
    let end = file.line_col(span.end as usize);
    sarif::Location {
        id,
        message: message.filter(|m| !m.is_empty()).map(|m| sarif::Message {
            text: Some(m.to_string()),
            ..Default::default()
        }),
        physical_location: Some(sarif::PhysicalLocation {
            artifact_location: Some(sarif::ArtifactLocation {
                uri: Some(uri_path(&file.rel)),
                uri_base_id: Some(SRCROOT.to_string()),
                ..Default::default()
            }),
            region: Some(sarif::Region {
                start_line: Some(start.line as i64),
                start_column: Some(start.column as i64),
                end_line: Some(end.line as i64),
                end_column: Some(end.column as i64),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// 64-bit FNV-1a: stable across Rust versions and platforms.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Position-free identity: rule, file, the finding's semantic key (or its
/// message), and its rank among identical findings in the file. Never the
/// source text under the span: it may be a secret, and a hash of a short
/// secret can be reversed by trying candidates.
fn fingerprints(diagnostics: &[Diagnostic], sources: &SourceMap) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let file = sources.get(d.primary.span.file);
            let what = if d.key.is_empty() {
                d.message.clone()
            } else {
                d.key.clone()
            };
            let base = format!("{}\u{0}{}\u{0}{}", d.rule.id, file.rel, what);
            let n = seen.entry(base.clone()).or_default();
            *n += 1;
            format!("{:016x}:{}", fnv1a(&base), n)
        })
        .collect()
}

fn result(
    d: &Diagnostic,
    rule_index: i64,
    fingerprint: String,
    sources: &SourceMap,
) -> sarif::Result {
    // The message first, so that its first sentence stands alone where a
    // viewer shows only that; the fix follows as a sentence of its own.
    let mut text = sentence(&d.message);
    if let Some(help) = &d.help {
        text.push_str(&format!(" Fix: {}", sentence(help)));
    }
    let related: Vec<sarif::Location> = d
        .related
        .iter()
        .enumerate()
        .map(|(i, r)| location(sources, r.span, Some(&r.message), Some(i as i64 + 1)))
        .collect();
    let mut props = BTreeMap::new();
    props.insert(
        "confidence".to_string(),
        serde_json::to_value(d.confidence).unwrap_or_default(),
    );
    let mut out = sarif::Result::builder()
        .rule_id(d.rule.id)
        .rule_index(rule_index)
        .level(level(d.severity))
        .message(sarif::Message {
            text: Some(text),
            ..Default::default()
        })
        .locations(vec![location(
            sources,
            d.primary.span,
            Some(&d.primary.message),
            None,
        )])
        .partial_fingerprints(BTreeMap::from([("gclint/v1".to_string(), fingerprint)]))
        .properties(sarif::PropertyBag {
            tags: None,
            additional_properties: props,
        })
        .build();
    if !related.is_empty() {
        out.related_locations = Some(related);
    }
    // Tools apply SARIF fixes without asking: only the safe ones.
    out.fixes = d
        .fix
        .as_ref()
        .filter(|f| f.safe)
        .map(|f| vec![fix(f, sources)]);
    if let Some(s) = &d.suppression {
        out.suppressions = Some(vec![sarif::Suppression {
            guid: None,
            justification: (!s.justification.is_empty()).then(|| s.justification.clone()),
            kind: serde_json::json!("inSource"),
            location: Some(location(sources, s.span, None, None)),
            properties: None,
            status: None,
        }]);
    }
    out
}

/// A fix as SARIF `artifactChanges`: each edit a replacement of a region
/// (given as lines and columns and as bytes; empty for an insertion).
fn fix(f: &crate::diagnostic::Fix, sources: &SourceMap) -> sarif::Fix {
    let file = sources.get(f.file);
    let replacements = f
        .edits
        .iter()
        .map(|e| {
            let start = file.line_col(e.range.start);
            let end = file.line_col(e.range.end);
            sarif::Replacement {
                deleted_region: sarif::Region {
                    start_line: Some(start.line as i64),
                    start_column: Some(start.column as i64),
                    end_line: Some(end.line as i64),
                    end_column: Some(end.column as i64),
                    byte_offset: Some(e.range.start as i64),
                    byte_length: Some(e.range.len() as i64),
                    ..Default::default()
                },
                inserted_content: Some(sarif::ArtifactContent {
                    text: Some(e.replacement.clone()),
                    ..Default::default()
                }),
                properties: None,
            }
        })
        .collect();
    sarif::Fix {
        description: Some(sarif::Message {
            text: Some(f.description.clone()),
            ..Default::default()
        }),
        artifact_changes: vec![sarif::ArtifactChange {
            artifact_location: sarif::ArtifactLocation {
                uri: Some(uri_path(&file.rel)),
                uri_base_id: Some(SRCROOT.to_string()),
                ..Default::default()
            },
            replacements,
            properties: None,
        }],
        properties: None,
    }
}

fn root_uri(root: &Path) -> String {
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let mut path = root.to_string_lossy().replace('\\', "/");
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    if !path.ends_with('/') {
        path.push('/');
    }
    format!("file://{}", uri_path(&path))
}

/// `gclint check --format sarif`; `%SRCROOT%` is `root`.
pub fn render(outcome: &Outcome, root: &Path) -> String {
    render_run(outcome, root, "gclint/")
}

/// A SARIF log of `outcome`'s findings, `%SRCROOT%` being `root`.
/// `category` is the run's `automationDetails.id`: code scanning replaces
/// the alerts of an earlier upload of the same category only, so runs of
/// different commands (`gclint/`, `gclint/access-diff/`) keep theirs.
pub fn render_run(outcome: &Outcome, root: &Path, category: &str) -> String {
    let metas: Vec<&RuleMeta> = rules::all().collect();
    let index: HashMap<&str, i64> = metas
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id, i as i64))
        .collect();
    let prints = fingerprints(&outcome.diagnostics, &outcome.sources);
    let results: Vec<sarif::Result> = outcome
        .diagnostics
        .iter()
        .zip(prints)
        .map(|(d, fp)| result(d, index[d.rule.id], fp, &outcome.sources))
        .collect();
    let driver = sarif::ToolComponent::builder()
        .name("gclint")
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .version(env!("CARGO_PKG_VERSION"))
        .information_uri(INFORMATION_URI)
        .rules(metas.iter().map(|m| descriptor(m)).collect::<Vec<_>>())
        .build();
    let run = sarif::Run::builder()
        .tool(sarif::Tool {
            driver,
            extensions: None,
            properties: None,
        })
        .results(results)
        .column_kind(serde_json::json!("unicodeCodePoints"))
        .original_uri_base_ids(BTreeMap::from([(
            SRCROOT.to_string(),
            sarif::ArtifactLocation {
                uri: Some(root_uri(root)),
                ..Default::default()
            },
        )]))
        .automation_details(sarif::RunAutomationDetails {
            id: Some(category.into()),
            ..Default::default()
        })
        .invocations(vec![{
            let notes: Vec<sarif::Notification> = outcome
                .stats
                .skipped
                .iter()
                .map(skipped_note)
                .chain(outcome.notes.iter().map(|note| {
                    sarif::Notification::builder()
                        .level(serde_json::json!(match note.level {
                            crate::diagnostic::Severity::Error => "error",
                            crate::diagnostic::Severity::Warning => "warning",
                            crate::diagnostic::Severity::Note => "note",
                        }))
                        .message(sarif::Message {
                            text: Some(note.message.clone()),
                            ..Default::default()
                        })
                        .build()
                }))
                .chain(super::left_out(outcome).map(|text| {
                    sarif::Notification::builder()
                        .level(serde_json::json!("warning"))
                        .message(sarif::Message {
                            text: Some(text),
                            ..Default::default()
                        })
                        .build()
                }))
                .collect();
            if notes.is_empty() {
                sarif::Invocation::builder()
                    .execution_successful(true)
                    .build()
            } else {
                sarif::Invocation::builder()
                    .execution_successful(true)
                    .tool_execution_notifications(notes)
                    .build()
            }
        }])
        .build();
    let log = sarif::Sarif {
        schema: Some(SCHEMA_URI.into()),
        version: serde_json::json!("2.1.0"),
        runs: vec![run],
        inline_external_properties: None,
        properties: None,
    };
    let mut text = serde_json::to_string_pretty(&log).expect("SARIF serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Family, Precision};
    use crate::source::SourceFile;
    use serde_json::json;

    const DOC: &str =
        "## What it does\n\nReports a secret in\nthe code.\n\n## Why is this bad?\nLeaks.\n";

    static SECURITY_RULE: RuleMeta = RuleMeta {
        precision: Precision::VeryHigh,
        security_severity: Some("8.1"),
        ..RuleMeta::new(
            "hardcoded-secret",
            "HardcodedSecret",
            Severity::Error,
            Family::Hosts,
            "An OAuth client secret is written in the code",
            DOC,
        )
    };

    #[test]
    fn security_rules_carry_their_score_and_the_security_tag() {
        let d = serde_json::to_value(descriptor(&SECURITY_RULE)).unwrap();
        assert_eq!(
            d["properties"],
            json!({
                "tags": ["hosts-tokens-secrets", "security"],
                "precision": "very-high",
                "security-severity": "8.1"
            })
        );
        assert_eq!(d["id"], "hardcoded-secret");
        assert_eq!(d["name"], "HardcodedSecret");
        assert_eq!(
            d["shortDescription"]["text"],
            "An OAuth client secret is written in the code."
        );
        assert_eq!(
            d["fullDescription"]["text"],
            "Reports a secret in the code."
        );
        assert_eq!(d["defaultConfiguration"]["level"], "error");
    }

    #[test]
    fn other_rules_have_no_security_severity() {
        let missing = serde_json::to_value(descriptor(rules::by_id("missing-scope").unwrap()));
        assert_eq!(
            missing.unwrap()["properties"],
            json!({"tags": ["scopes-and-permissions"], "precision": "high"})
        );
        let unused = serde_json::to_value(descriptor(rules::by_id("unused-scope").unwrap()));
        assert_eq!(
            unused.unwrap()["properties"],
            json!({"tags": ["scopes-and-permissions"], "precision": "medium"})
        );
    }

    #[test]
    fn a_finding_without_key_is_fingerprinted_by_its_message_not_its_text() {
        let meta = rules::by_id("parse-error").unwrap();
        let print = |text: &str| {
            let mut sources = SourceMap::default();
            let file = sources.add(SourceFile::new(
                "app.js".into(),
                "app.js".into(),
                text.to_string(),
            ));
            let d = Diagnostic::new(meta, Span::new(file, 15..27), "a secret is written here");
            fingerprints(&[d], &sources).remove(0)
        };
        assert_eq!(
            print("const secret = 'hunter2-abc';"),
            print("const secret = 'other-value1';")
        );
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri_path("src/my app/a#b.js"), "src/my%20app/a%23b.js");
    }

    #[test]
    fn full_description_is_the_first_paragraph() {
        let doc =
            "## What it does\nReports a thing\nacross lines.\n\nMore.\n\n## Why is this bad?\nx";
        assert_eq!(what_it_does(doc), "Reports a thing across lines.");
    }
}
