//! `--format github`: GitHub Actions workflow commands, one line per
//! finding (`::error file=…,line=…::message`), which the runner turns into
//! annotations on the pull request's changed lines. Errors become `error`,
//! warnings `warning`, notes `notice`; a plain summary line closes the log.

use crate::check::Outcome;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceFile, SourceMap};
use std::path::Path;

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    }
}

/// Escapes a command's message the way the runner unescapes it.
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes a property value (`file=`, `title=`): as data, and `:` and `,`,
/// which would otherwise end the value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The file as GitHub expects it: relative to the repository checkout
/// (`GITHUB_WORKSPACE`) when the file lies under it, else as gclint shows it.
fn file_path(file: &SourceFile, workspace: Option<&Path>) -> String {
    workspace
        .and_then(|w| {
            let w = std::path::absolute(w).ok()?;
            let path = std::path::absolute(&file.path).ok()?;
            path.starts_with(&w)
                .then(|| crate::source::relative(&path, &w))
        })
        .unwrap_or_else(|| file.rel.clone())
}

fn message(d: &Diagnostic, sources: &SourceMap, workspace: Option<&Path>) -> String {
    let mut text = super::sentence(&d.message);
    if let Some(help) = &d.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    for r in &d.related {
        let file = sources.get(r.span.file);
        let at = file.line_col(r.span.start as usize);
        text.push_str(&format!(
            "\nsee {}:{}:{}: {}",
            file_path(file, workspace),
            at.line,
            at.column,
            r.message
        ));
    }
    text
}

fn line(d: &Diagnostic, sources: &SourceMap, workspace: Option<&Path>) -> String {
    let file = sources.get(d.primary.span.file);
    let start = file.line_col(d.primary.span.start as usize);
    let end = file.line_col(d.primary.span.end as usize);
    let mut props = vec![
        format!("file={}", escape_property(&file_path(file, workspace))),
        format!("line={}", start.line),
    ];
    // GitHub keeps columns only for an annotation on a single line.
    if start.line == end.line {
        props.push(format!("col={}", start.column));
        props.push(format!("endLine={}", end.line));
        props.push(format!("endColumn={}", end.column));
    } else {
        props.push(format!("endLine={}", end.line));
    }
    props.push(format!(
        "title={}",
        escape_property(&format!("gclint: {}", d.rule.id))
    ));
    format!(
        "::{} {}::{}\n",
        command(d.severity),
        props.join(","),
        escape_data(&message(d, sources, workspace))
    )
}

/// `workspace`: the repository checkout (`GITHUB_WORKSPACE`), to which
/// annotation paths are relative.
pub fn render(outcome: &Outcome, workspace: Option<&Path>) -> String {
    let mut out = String::new();
    for d in outcome.diagnostics.iter().filter(|d| !d.is_suppressed()) {
        out.push_str(&line(d, &outcome.sources, workspace));
    }
    out.push_str(&super::closing(outcome));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_and_line_breaks() {
        assert_eq!(
            escape_data("100% sure\r\nnext: a,b"),
            "100%25 sure%0D%0Anext: a,b"
        );
        // `%` first, so an escape already in the text survives as text.
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        assert_eq!(escape_property("gclint: a,b%\n"), "gclint%3A a%2Cb%25%0A");
        assert_eq!(escape_property("src/app.js"), "src/app.js");
    }

    #[test]
    fn severities_map_to_commands() {
        assert_eq!(command(Severity::Error), "error");
        assert_eq!(command(Severity::Warning), "warning");
        assert_eq!(command(Severity::Note), "notice");
    }
}
