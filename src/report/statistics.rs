//! `--statistics`: findings by rule and severity, suppressed and baselined
//! counts, files read and skipped (with the reason), and the wall time.
//! Printed on standard error after a terminal report, so that the report
//! formats on standard output stay clean; a field of the JSON report.

use crate::analysis::check::{Counts, Statistics};

/// The table printed after a terminal report.
pub fn human(statistics: &Statistics) -> String {
    let width = statistics
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
    for r in &statistics.rules {
        out.push_str(&row(r.rule, &r.counts));
    }
    out.push_str(&row("total", &statistics.total));
    if statistics.baseline_fixed > 0 {
        out.push_str(&format!(
            "  baseline entries now fixed: {}\n",
            statistics.baseline_fixed
        ));
    }
    if statistics.left_out > 0 {
        out.push_str(&format!(
            "  findings left out: {} (a run keeps at most {})\n",
            statistics.left_out,
            crate::rules::MAX_FINDINGS
        ));
    }
    out.push_str(&format!(
        "  files: {} read, {} skipped\n",
        statistics.files_read,
        statistics.files_skipped.len()
    ));
    for s in &statistics.files_skipped {
        out.push_str(&format!(
            "    skipped {}: {}\n",
            super::escape::terminal(&s.path),
            super::escape::terminal(&s.reason)
        ));
    }
    out.push_str(&format!(
        "  time: {:.3} s\n",
        statistics.wall_time_ms as f64 / 1000.0
    ));
    out
}
