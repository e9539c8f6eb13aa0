//! `check`: the findings of one run, with what a run may do beside them:
//! apply fixes and check again, write a baseline, hide what a baseline
//! knows, count. Serialised, a result is the body of the JSON report
//! (docs/json-output.md).

use super::{Error, Location, Options};
use crate::baseline::{self, Baseline};
use crate::check::{self, Outcome};
use crate::db::Database;
use crate::diagnostic::{Confidence, Severity};
use crate::fix::Applied;
use crate::source::Span;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a run does beside reporting.
#[derive(Debug, Clone, Default)]
pub struct Actions {
    /// Apply the safe fixes, then check again.
    pub fix: bool,
    /// With `fix`, also the fixes that need more than the edit.
    pub unsafe_fixes: bool,
    /// Report only the findings this baseline file does not know.
    pub baseline: Option<PathBuf>,
    /// Record the findings in this file (and report against it, unless
    /// `baseline` names another).
    pub write_baseline: Option<PathBuf>,
    /// Count the findings by rule and severity.
    pub statistics: bool,
}

/// The findings of a run and what it did.
pub struct Checked {
    pub outcome: Outcome,
    /// With `fix`: the fixes applied per file, and the files that could not
    /// be fixed.
    pub fixes: Option<Applied>,
    /// With `write_baseline`: how many findings were written, or why the
    /// file could not be (the run stops there).
    pub baseline_written: Option<Result<usize, String>>,
    pub statistics: Option<Statistics>,
    /// A finding that is not suppressed is at or above `fail-on`.
    pub failing: bool,
}

/// Reads the app, runs the rules and the policy, and does what `actions`
/// ask.
pub fn run(db: &Database, opts: &Options, actions: &Actions) -> Result<Checked, Error> {
    let started = Instant::now();
    let old_baseline = match &actions.baseline {
        Some(p) => Some(Baseline::read(p, &p.display().to_string()).map_err(Error::Usage)?),
        None => None,
    };
    let (mut outcome, fixes) = match actions.fix {
        true => {
            let first = check::run(db, &opts.check);
            let (last, applied) = crate::fix::run(db, &opts.check, &first, |o| {
                o.diagnostics
                    .iter()
                    .filter_map(|d| d.fix.clone())
                    .filter(|f| f.safe || actions.unsafe_fixes)
                    .collect()
            });
            (last.unwrap_or(first), Some(applied))
        }
        false => (check::run(db, &opts.check), None),
    };
    let mut written = None;
    let mut baseline_written = None;
    if let Some(path) = &actions.write_baseline {
        let wrote = baseline::write(path, &outcome.diagnostics, &outcome.sources)
            .and_then(|n| Ok((n, Baseline::read(path, &path.display().to_string())?)));
        match wrote {
            Ok((n, b)) => {
                baseline_written = Some(Ok(n));
                written = Some(b);
            }
            Err(e) => {
                return Ok(Checked {
                    outcome,
                    fixes,
                    baseline_written: Some(Err(e)),
                    statistics: None,
                    failing: false,
                })
            }
        }
    }
    if let Some(b) = old_baseline.as_ref().or(written.as_ref()) {
        outcome.baseline = Some(b.filter(&mut outcome.diagnostics, &outcome.sources));
    }
    let statistics = actions
        .statistics
        .then(|| Statistics::collect(&outcome, &opts.check.load.root, started.elapsed()));
    let failing = opts.fail_on.threshold().is_some_and(|t| {
        outcome
            .diagnostics
            .iter()
            .any(|d| !d.is_suppressed() && d.severity >= t)
    });
    Ok(Checked {
        outcome,
        fixes,
        baseline_written,
        statistics,
        failing,
    })
}

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub note: usize,
    pub suppressed: usize,
    pub baselined: usize,
}

impl Counts {
    fn total(&self) -> usize {
        self.error + self.warning + self.note + self.suppressed + self.baselined
    }

    fn add(&mut self, other: &Counts) {
        self.error += other.error;
        self.warning += other.warning;
        self.note += other.note;
        self.suppressed += other.suppressed;
        self.baselined += other.baselined;
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleCounts {
    pub rule: &'static str,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedFile {
    pub path: String,
    pub reason: String,
}

/// Findings by rule and severity, suppressed and baselined counts, files
/// read and skipped (with the reason), and the wall time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Statistics {
    /// Most findings first, then by rule id.
    pub rules: Vec<RuleCounts>,
    pub total: Counts,
    pub files_read: usize,
    pub files_skipped: Vec<SkippedFile>,
    /// Baseline entries with no finding any more (0 without a baseline).
    pub baseline_fixed: usize,
    /// Findings past the most a run keeps, counted and not kept.
    pub left_out: usize,
    pub wall_time_ms: u64,
}

impl Statistics {
    /// `root`: paths are shown relative to it.
    pub fn collect(outcome: &Outcome, root: &Path, elapsed: Duration) -> Statistics {
        let mut by_rule: BTreeMap<&'static str, Counts> = BTreeMap::new();
        for d in &outcome.diagnostics {
            let c = by_rule.entry(d.rule.id).or_default();
            match (d.is_suppressed(), d.severity) {
                (true, _) => c.suppressed += 1,
                (false, Severity::Error) => c.error += 1,
                (false, Severity::Warning) => c.warning += 1,
                (false, Severity::Note) => c.note += 1,
            }
        }
        if let Some(b) = &outcome.baseline {
            for (rule, n) in &b.by_rule {
                by_rule.entry(rule).or_default().baselined += n;
            }
        }
        let mut rules: Vec<RuleCounts> = by_rule
            .into_iter()
            .map(|(rule, counts)| RuleCounts { rule, counts })
            .collect();
        rules.sort_by(|a, b| {
            b.counts
                .total()
                .cmp(&a.counts.total())
                .then(a.rule.cmp(b.rule))
        });
        let mut total = Counts::default();
        for r in &rules {
            total.add(&r.counts);
        }
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        Statistics {
            rules,
            total,
            files_read: outcome.stats.files_read,
            files_skipped: outcome
                .stats
                .skipped
                .iter()
                .map(|s| SkippedFile {
                    path: crate::source::relative(&s.path, &root),
                    reason: s.reason.clone(),
                })
                .collect(),
            baseline_fixed: outcome.baseline.as_ref().map_or(0, |b| b.fixed),
            left_out: outcome.left_out,
            wall_time_ms: u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
        }
    }
}

/// The findings that are reported (suppressed ones are not), by severity.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Severities {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Severities {
    pub fn of(diagnostics: &[crate::diagnostic::Diagnostic]) -> Severities {
        let mut c = Severities::default();
        for d in diagnostics.iter().filter(|d| !d.is_suppressed()) {
            match d.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Note => c.notes += 1,
            }
        }
        c
    }
}

#[derive(Serialize)]
struct Body<'a> {
    summary: Summary<'a>,
    diagnostics: Vec<Item<'a>>,
    /// Files and folders not read, and why.
    skipped: Vec<SkippedItem>,
    /// What the run says of itself (it read no file; its calls run under
    /// clients nothing defines); left out when it says nothing.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    notes: &'a [crate::check::RunNote],
    /// Only with `statistics`.
    #[serde(skip_serializing_if = "Option::is_none")]
    statistics: Option<&'a Statistics>,
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
    /// The baseline file, if any.
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
struct Related<'a> {
    message: &'a str,
    #[serde(flatten)]
    location: Location,
}

#[derive(Serialize)]
struct FixEdit<'a> {
    #[serde(flatten)]
    location: Location,
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
    location: Location,
    related: Vec<Related<'a>>,
    key: &'a str,
    fix: Option<FixItem<'a>>,
    suppressed: bool,
    /// The reason written in the suppression comment.
    #[serde(skip_serializing_if = "Option::is_none")]
    justification: Option<&'a str>,
}

impl Serialize for Checked {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let outcome = &self.outcome;
        let sources = &outcome.sources;
        let counts = Severities::of(&outcome.diagnostics);
        let body = Body {
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
                    location: Location::of(sources, d.primary.span),
                    related: d
                        .related
                        .iter()
                        .map(|r| Related {
                            message: &r.message,
                            location: Location::of(sources, r.span),
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
                                location: Location::of(sources, Span::new(f.file, e.range.clone())),
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
                    path: crate::source::relative(&s.path, Path::new("")),
                    reason: s.reason.clone(),
                })
                .collect(),
            notes: &outcome.notes,
            statistics: self.statistics.as_ref(),
        };
        body.serialize(serializer)
    }
}
