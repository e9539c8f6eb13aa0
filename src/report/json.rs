//! `--format json`: a stable, documented shape (docs/json-output.md).
//! Additive changes keep `version`; anything else bumps it.

use crate::check::Outcome;
use crate::db::Database;
use crate::diagnostic::{Confidence, Severity};
use crate::source::{SourceMap, Span};
use serde::Serialize;

pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    tool: Tool,
    database: DatabaseInfo<'a>,
    summary: Summary<'a>,
    diagnostics: Vec<Item<'a>>,
    /// Files and folders not read, and why.
    skipped: Vec<SkippedItem>,
    /// Only with `--statistics`.
    #[serde(skip_serializing_if = "Option::is_none")]
    statistics: Option<&'a super::statistics::Statistics>,
}

#[derive(Serialize)]
pub(crate) struct Tool {
    name: &'static str,
    version: &'static str,
}

impl Tool {
    pub(crate) fn gclint() -> Tool {
        Tool {
            name: "gclint",
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

#[derive(Serialize)]
pub(crate) struct DatabaseInfo<'a> {
    source: &'a str,
    swagger_version: Option<&'a str>,
    imported: &'a str,
    operations: usize,
}

impl DatabaseInfo<'_> {
    pub(crate) fn of(db: &Database) -> DatabaseInfo<'_> {
        let prov = db.provenance();
        DatabaseInfo {
            source: &prov.source,
            swagger_version: prov.swagger_version.as_deref(),
            imported: &prov.imported,
            operations: db.operations().len(),
        }
    }
}

#[derive(Serialize)]
struct Summary<'a> {
    errors: usize,
    warnings: usize,
    notes: usize,
    files_read: usize,
    files_skipped: usize,
    /// Findings an inline comment suppresses (listed, with `suppressed: true`).
    suppressed: usize,
    /// The `--baseline` file, if any.
    baseline: Option<&'a str>,
    /// Findings the baseline knows (not listed).
    baselined: usize,
    /// Baseline entries with no finding any more.
    baseline_fixed: usize,
    /// Findings past the most a run keeps (not listed).
    left_out: usize,
}

#[derive(Serialize)]
struct SkippedItem {
    path: String,
    reason: String,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
pub struct Location<'a> {
    file: &'a str,
    /// Byte offsets into the file.
    start_byte: u32,
    end_byte: u32,
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Related<'a> {
    message: &'a str,
    #[serde(flatten)]
    location: Location<'a>,
}

#[derive(Serialize)]
struct FixEdit<'a> {
    #[serde(flatten)]
    location: Location<'a>,
    /// The text that replaces the range (empty: a deletion).
    replacement: &'a str,
}

#[derive(Serialize)]
struct FixItem<'a> {
    description: &'a str,
    /// `false`: right, but needs more than the edit (`--unsafe-fixes`).
    safe: bool,
    edits: Vec<FixEdit<'a>>,
}

#[derive(Serialize)]
struct Item<'a> {
    rule: &'static str,
    severity: Severity,
    confidence: Confidence,
    message: &'a str,
    label: &'a str,
    help: Option<&'a str>,
    location: Location<'a>,
    related: Vec<Related<'a>>,
    key: &'a str,
    fix: Option<FixItem<'a>>,
    suppressed: bool,
    /// The reason written in the suppression comment.
    #[serde(skip_serializing_if = "Option::is_none")]
    justification: Option<&'a str>,
}

impl Location<'_> {
    pub fn file(&self) -> &str {
        self.file
    }

    pub fn line(&self) -> usize {
        self.start.line
    }

    pub fn column(&self) -> usize {
        self.start.column
    }
}

pub fn location(sources: &SourceMap, span: Span) -> Location<'_> {
    let file = sources.get(span.file);
    let start = file.line_col(span.start as usize);
    let end = file.line_col(span.end as usize);
    Location {
        file: &file.rel,
        start_byte: span.start,
        end_byte: span.end,
        start: Position {
            line: start.line,
            column: start.column,
        },
        end: Position {
            line: end.line,
            column: end.column,
        },
    }
}

pub fn render(
    outcome: &Outcome,
    db: &Database,
    statistics: Option<&super::statistics::Statistics>,
) -> String {
    let counts = super::Counts::of(&outcome.diagnostics);
    let report = Report {
        version: VERSION,
        tool: Tool::gclint(),
        database: DatabaseInfo::of(db),
        summary: Summary {
            errors: counts.errors,
            warnings: counts.warnings,
            notes: counts.notes,
            files_read: outcome.stats.files_read,
            files_skipped: outcome.stats.skipped.len(),
            suppressed: outcome
                .diagnostics
                .iter()
                .filter(|d| d.is_suppressed())
                .count(),
            baseline: outcome.baseline.as_ref().map(|b| b.file.as_str()),
            baselined: outcome.baseline.as_ref().map_or(0, |b| b.baselined),
            baseline_fixed: outcome.baseline.as_ref().map_or(0, |b| b.fixed),
            left_out: outcome.left_out,
        },
        diagnostics: outcome
            .diagnostics
            .iter()
            .map(|d| Item {
                rule: d.rule.id,
                severity: d.severity,
                confidence: d.confidence,
                message: &d.message,
                label: &d.primary.message,
                help: d.help.as_deref(),
                location: location(&outcome.sources, d.primary.span),
                related: d
                    .related
                    .iter()
                    .map(|r| Related {
                        message: &r.message,
                        location: location(&outcome.sources, r.span),
                    })
                    .collect(),
                key: &d.key,
                fix: d.fix.as_ref().map(|f| FixItem {
                    description: &f.description,
                    safe: f.safe,
                    edits: f
                        .edits
                        .iter()
                        .map(|e| FixEdit {
                            location: location(
                                &outcome.sources,
                                Span::new(f.file, e.range.clone()),
                            ),
                            replacement: &e.replacement,
                        })
                        .collect(),
                }),
                suppressed: d.is_suppressed(),
                justification: d.suppression.as_ref().map(|s| s.justification.as_str()),
            })
            .collect(),
        skipped: outcome
            .stats
            .skipped
            .iter()
            .map(|s| SkippedItem {
                path: crate::source::relative(&s.path, std::path::Path::new("")),
                reason: s.reason.clone(),
            })
            .collect(),
        statistics,
    };
    let mut text = serde_json::to_string_pretty(&report).expect("report serializes");
    text.push('\n');
    text
}
