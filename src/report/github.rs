//! `--format github`: GitHub Actions workflow commands, one line per
//! finding (`::error file=…,line=…::message`), which the runner turns into
//! annotations on the pull request's changed lines. Errors become `error`,
//! warnings `warning`, notes `notice`; a plain summary line closes the log.
//! The tree's strings are escaped ([`super::escape`]): a name cannot end
//! the annotation and start a command (`::add-mask::`, `::stop-commands::`)
//! of its own, nor send a terminal escape to the log viewer.

use super::escape::{terminal, workflow_data, workflow_line, workflow_property};
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

/// The message, its help and related places, one per line; each piece
/// from the tree stays on its own line.
fn message(d: &Diagnostic, sources: &SourceMap, workspace: Option<&Path>) -> String {
    let mut text = super::sentence(&terminal(&d.message));
    if let Some(help) = &d.help {
        text.push_str(&format!("\nhelp: {}", terminal(help)));
    }
    for r in &d.related {
        let file = sources.get(r.span.file);
        let at = file.line_col(r.span.start as usize);
        text.push_str(&format!(
            "\nsee {}:{}:{}: {}",
            terminal(&file_path(file, workspace)),
            at.line,
            at.column,
            terminal(&r.message)
        ));
    }
    text
}

fn line(d: &Diagnostic, sources: &SourceMap, workspace: Option<&Path>) -> String {
    let file = sources.get(d.primary.span.file);
    let start = file.line_col(d.primary.span.start as usize);
    let end = file.line_col(d.primary.span.end as usize);
    let mut props = vec![
        format!("file={}", workflow_property(&file_path(file, workspace))),
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
        workflow_property(&format!("gclint: {}", d.rule.id))
    ));
    format!(
        "::{} {}::{}\n",
        command(d.severity),
        props.join(","),
        workflow_data(&message(d, sources, workspace))
    )
}

/// `workspace`: the repository checkout (`GITHUB_WORKSPACE`), to which
/// annotation paths are relative.
pub fn render(outcome: &Outcome, workspace: Option<&Path>) -> String {
    let mut out = String::new();
    for d in outcome.diagnostics.iter().filter(|d| !d.is_suppressed()) {
        out.push_str(&line(d, &outcome.sources, workspace));
    }
    for line in super::closing(outcome).lines() {
        out.push_str(&workflow_line(line));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_map_to_commands() {
        assert_eq!(command(Severity::Error), "error");
        assert_eq!(command(Severity::Warning), "warning");
        assert_eq!(command(Severity::Note), "notice");
    }
}
