//! Renderers over one list of diagnostics: same findings, same order,
//! whatever the format.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use crate::diagnostic::{Diagnostic, Severity};

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Counts {
    pub fn of(diagnostics: &[Diagnostic]) -> Counts {
        let mut c = Counts::default();
        for d in diagnostics {
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
