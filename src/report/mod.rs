//! Renderers over one list of diagnostics: same findings, same order,
//! whatever the format.
//!
//! Imports only layers below it (docs/architecture.md): `check`, `db`,
//! `diagnostic`, `discover`, `rules`, `settings`, `source`.

pub mod config;
pub mod escape;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod snippet;
pub mod statistics;

use crate::check::Outcome;
use crate::diagnostic::{Diagnostic, Severity};

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Counts {
    /// The findings that are reported (suppressed ones are not).
    pub fn of(diagnostics: &[Diagnostic]) -> Counts {
        let mut c = Counts::default();
        for d in diagnostics.iter().filter(|d| !d.is_suppressed()) {
            match d.severity {
                Severity::Error => c.errors += 1,
                Severity::Warning => c.warnings += 1,
                Severity::Note => c.notes += 1,
            }
        }
        c
    }

    /// `2 errors, 1 warning, 0 notes`
    pub fn summary(&self) -> String {
        fn plural(n: usize, word: &str) -> String {
            format!("{n} {word}{}", if n == 1 { "" } else { "s" })
        }
        format!(
            "{}, {}, {}",
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            plural(self.notes, "note")
        )
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The closing lines of the terminal and GitHub output: the counts, the
/// suppressed findings, and what a baseline hid.
pub fn closing(outcome: &Outcome) -> String {
    let counts = Counts::of(&outcome.diagnostics);
    // Before the counts, which scripts read as the last line.
    let mut out = left_out(outcome)
        .map(|note| format!("gclint: {note}\n"))
        .unwrap_or_default();
    out.push_str(&format!(
        "gclint: {} in {} file(s)",
        counts.summary(),
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
