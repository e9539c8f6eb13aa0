//! A `gclint.toml` that cannot be used, as a terminal report: each problem
//! with the file's snippet, the key or value that holds it and the closest
//! key or rule id.

use super::escape::terminal;
use super::snippet::{self, Code, Report, SafeText};
use crate::settings::ConfigError;
use miette::{LabeledSpan, SourceSpan};

/// Every problem of `e` as a terminal report with the file's snippet.
pub fn render(e: &ConfigError, color: bool, width: usize) -> String {
    let handler = snippet::handler(color, width);
    let mut out = String::new();
    let lines = snippet::line_starts(&e.text);
    let safe = SafeText::new(&e.text);
    for problem in &e.problems {
        let r = &problem.range;
        let showable = snippet::showable(&e.text, &lines, std::iter::once(r.clone()));
        let shown = Report {
            message: terminal(&problem.message).into_owned(),
            code: None,
            severity: None,
            help: problem.help.as_deref().map(|h| terminal(h).into_owned()),
            source: showable.then(|| Code::new(&e.name, &safe, &lines, "toml")),
            labels: vec![LabeledSpan::new_primary_with_span(
                Some(terminal(&problem.label).into_owned()),
                SourceSpan::new(r.start.into(), r.end.saturating_sub(r.start)),
            )],
            related: Vec::new(),
        };
        let mut report = String::new();
        if handler.render_report(&mut report, &shown).is_err() {
            report = format!("{}: {}\n", terminal(&e.name), terminal(&problem.message));
        }
        if !showable {
            let (line, column) = crate::source::line_col(&e.text, r.start);
            snippet::put_position(&mut report, &format!("{}:{line}:{column}", e.name));
        }
        out.push_str(&report);
        out.push('\n');
    }
    let n = e.problems.len();
    out.push_str(&format!(
        "gclint: error: {}: {n} error{} in the configuration\n",
        terminal(&e.name),
        if n == 1 { "" } else { "s" }
    ));
    out
}

#[cfg(test)]
mod tests {
    use crate::db::Database;
    use std::path::Path;

    #[test]
    fn a_mistake_on_a_line_too_long_to_show_gives_its_position() {
        let text = format!(
            "ignore = [\"unused-scope\"]\nx = \"{}\" bad\n",
            "a".repeat(2000)
        );
        let err = crate::settings::parse(
            Path::new("/repo/gclint.toml"),
            "gclint.toml",
            text,
            Database::embedded(),
        )
        .expect_err("not valid TOML");
        assert_eq!(
            super::render(&err, false, 100),
            "  × not valid TOML: unexpected key or value, expected newline, `#`\n   \
             at gclint.toml:2:2008 (the line is too long to show)\n\n\
             gclint: error: gclint.toml: 1 error in the configuration\n"
        );
    }
}
