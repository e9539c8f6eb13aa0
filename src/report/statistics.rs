//! `--statistics`: findings by rule and severity, suppressed and baselined
//! counts, files read and skipped (with the reason), and the wall time.
//! Printed on standard error after a terminal report, so that the report
//! formats on standard output stay clean; a field of the JSON report.

use crate::check::Outcome;
use crate::diagnostic::Severity;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

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

    /// The table printed after a terminal report.
    pub fn human(&self) -> String {
        let width = self
            .rules
            .iter()
            .map(|r| r.rule.len())
            .max()
            .unwrap_or(0)
            .max(5);
        let row = |name: &str, c: &Counts| {
            format!(
                "  {name:<width$}  {:>5}  {:>7}  {:>4}  {:>10}  {:>9}\n",
                c.error, c.warning, c.note, c.suppressed, c.baselined
            )
        };
        let mut out = String::from("statistics:\n");
        out.push_str(&format!(
            "  {:<width$}  {:>5}  {:>7}  {:>4}  {:>10}  {:>9}\n",
            "rule", "error", "warning", "note", "suppressed", "baselined"
        ));
        for r in &self.rules {
            out.push_str(&row(r.rule, &r.counts));
        }
        out.push_str(&row("total", &self.total));
        if self.baseline_fixed > 0 {
            out.push_str(&format!(
                "  baseline entries now fixed: {}\n",
                self.baseline_fixed
            ));
        }
        if self.left_out > 0 {
            out.push_str(&format!(
                "  findings left out: {} (a run keeps at most {})\n",
                self.left_out,
                crate::rules::MAX_FINDINGS
            ));
        }
        out.push_str(&format!(
            "  files: {} read, {} skipped\n",
            self.files_read,
            self.files_skipped.len()
        ));
        for s in &self.files_skipped {
            out.push_str(&format!(
                "    skipped {}: {}\n",
                super::escape::terminal(&s.path),
                super::escape::terminal(&s.reason)
            ));
        }
        out.push_str(&format!(
            "  time: {:.3} s\n",
            self.wall_time_ms as f64 / 1000.0
        ));
        out
    }
}
