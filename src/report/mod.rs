//! Every renderer: for each analysis result (`analysis`), the formats it
//! has — the findings of `check` (human, JSON, SARIF, GitHub), the call
//! sites of `calls` (human, JSON, CSV, Markdown), the plans of `scopes`
//! (human, JSON), the comparison of `access_diff` (human, JSON, Markdown,
//! SARIF) — and the other texts the front doors print: configuration
//! mistakes, the rule catalog, what an endpoint needs and what a scope
//! grants (`query`, also the language server's hover), database summaries,
//! one-line notes on standard error. Same findings, same order, whatever
//! the format.
//!
//! Imports only layers below it (docs/architecture.md).

pub mod access_diff;
pub mod calls;
pub mod config;
pub mod database;
pub mod escape;
pub mod github;
pub mod human;
pub mod json;
pub mod query;
pub mod rules;
pub mod sarif;
pub mod scopes;
pub mod snippet;
pub mod statistics;
pub mod text;
pub mod why;

use crate::analysis::check::Severities;
use crate::analysis::Warning;
use crate::check::Outcome;
use crate::fix::Applied;
use std::path::Path;
use text::plural;

/// `2 errors, 1 warning, 0 notes`
pub fn summary(counts: &Severities) -> String {
    format!(
        "{}, {}, {}",
        plural(counts.errors, "error", "errors"),
        plural(counts.warnings, "warning", "warnings"),
        plural(counts.notes, "note", "notes")
    )
}

/// The closing lines of the terminal and GitHub output: the counts, the
/// suppressed findings, and what a baseline hid.
pub fn closing(outcome: &Outcome) -> String {
    let counts = Severities::of(&outcome.diagnostics);
    // Before the counts, which scripts read as the last line.
    let mut out = left_out(outcome)
        .map(|note| format!("gclint: {note}\n"))
        .unwrap_or_default();
    out.push_str(&format!(
        "gclint: {} in {} file(s)",
        summary(&counts),
        outcome.stats.files_read
    ));
    let suppressed = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_suppressed())
        .count();
    if suppressed > 0 {
        out.push_str(&format!("; {suppressed} suppressed"));
    }
    out.push('\n');
    if let Some(b) = &outcome.baseline {
        out.push_str(&format!(
            "gclint: baseline {}: {} not shown, {} now fixed\n",
            escape::terminal(&b.file),
            plural(b.baselined, "known finding", "known findings"),
            plural(b.fixed, "entry", "entries"),
        ));
    }
    out
}

/// `gclint: applied 3 fixes to appfoundry.yaml`, one line per file, then
/// the files that could not be fixed; `noun` is what was applied,
/// singular and plural (`("fix", "fixes")`), `nothing` what is said when
/// nothing was.
pub fn applied(applied: &Applied, noun: (&str, &str), nothing: &str) -> String {
    let mut out = String::new();
    for (file, n) in &applied.per_file {
        out.push_str(&format!(
            "gclint: applied {n} {} to {}\n",
            if *n == 1 { noun.0 } else { noun.1 },
            escape::terminal(file)
        ));
    }
    if applied.per_file.is_empty() {
        out.push_str(&format!("gclint: {nothing}\n"));
    }
    for then in &applied.then {
        out.push_str(&format!("gclint: now {}\n", escape::terminal(then)));
    }
    for p in &applied.problems {
        out.push_str(&format!("gclint: warning: {}\n", escape::terminal(p)));
    }
    out
}

/// `gclint: warning: [REVISION: ]file:line:column: message`.
pub fn warning(revision: Option<&str>, w: &Warning) -> String {
    let revision = revision.map(|r| format!("{r}: ")).unwrap_or_default();
    let line = format!("{revision}{}: {}", w.location, w.message);
    format!("gclint: warning: {}\n", escape::terminal(&line))
}

/// `gclint: wrote 3 findings to the baseline FILE`.
pub fn baseline_written(findings: usize, path: &Path) -> String {
    format!(
        "gclint: wrote {findings} finding{} to the baseline {}\n",
        text::s(findings),
        escape::terminal(&path.display().to_string())
    )
}

/// What the reports say when findings were left out of a run: more than
/// [`crate::rules::MAX_FINDINGS`], counted and not kept.
pub fn left_out(outcome: &Outcome) -> Option<String> {
    (outcome.left_out > 0).then(|| {
        format!(
            "{} more findings left out: a run keeps at most {}; check fewer paths, or fewer rules with --select",
            outcome.left_out,
            crate::rules::MAX_FINDINGS
        )
    })
}

/// Ends a sentence with a period unless it already ends with punctuation
/// (possibly inside a closing quote: `says: "Use X instead."`).
pub(crate) fn sentence(text: &str) -> String {
    let text = text.trim_end();
    if text
        .trim_end_matches(['"', '\'', ')', '\u{201d}'])
        .ends_with(['.', '?', '!'])
    {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_end_as_sentences() {
        assert_eq!(sentence("remove `x`"), "remove `x`.");
        assert_eq!(sentence("did you mean `x`?"), "did you mean `x`?");
        assert_eq!(sentence("done. "), "done.");
        assert_eq!(
            sentence("it says: \"Use X instead.\""),
            "it says: \"Use X instead.\""
        );
        assert_eq!(sentence("see (`a`)"), "see (`a`).");
    }
}
