//! Terminal output through miette: code, severity, the primary span and the
//! declaration it was checked against, and a help line. Every string from
//! the checked tree (messages naming clients and scopes, file names, source
//! lines) goes through [`super::escape`]'s terminal functions: nothing in
//! a repository sends a control character or an escape sequence to the
//! terminal, `--color never` or not.

use super::escape::terminal;
use super::snippet::{self, Code, Report, SafeText};
use crate::check::Outcome;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceMap, Span};
use miette::{LabeledSpan, SourceSpan};
use std::sync::OnceLock;

fn source_span(span: Span) -> SourceSpan {
    SourceSpan::new((span.start as usize).into(), span.len())
}

/// Each file's text made safe for the terminal, once, when a report first
/// shows it: indexed by file id.
type Safe<'a> = [OnceLock<SafeText<'a>>];

/// The file of `span` lent to miette, unless the lines around `spans` are
/// too long to print.
fn code<'a>(
    sources: &'a SourceMap,
    safe: &'a Safe<'a>,
    span: Span,
    spans: &[Span],
) -> Option<Code<'a>> {
    let file = sources.get(span.file);
    if !snippet::showable(
        &file.text,
        file.line_starts(),
        spans.iter().map(|s| s.range()),
    ) {
        return None;
    }
    let lang = match file.path.extension().and_then(|e| e.to_str()) {
        Some("yaml" | "yml") => "yaml",
        Some("json") => "json",
        _ => "javascript",
    };
    let text = safe[span.file.0 as usize].get_or_init(|| SafeText::new(&file.text));
    Some(Code::new(&file.rel, text, file.line_starts(), lang))
}

fn position(sources: &SourceMap, span: Span) -> String {
    let file = sources.get(span.file);
    let at = file.line_col(span.start as usize);
    format!("{}:{}:{}", terminal(&file.rel), at.line, at.column)
}

/// The report for a finding, and its position when its lines are too long
/// to print (it then goes under the headline instead of a snippet).
fn rendered<'a>(
    d: &'a Diagnostic,
    sources: &'a SourceMap,
    safe: &'a Safe<'a>,
) -> (Report<'a>, Option<String>) {
    let primary_text =
        (!d.primary.message.is_empty()).then(|| terminal(&d.primary.message).into_owned());
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        primary_text,
        source_span(d.primary.span),
    )];
    let mut here = vec![d.primary.span];
    let mut related = Vec::new();
    for r in &d.related {
        let text = terminal(&r.message).into_owned();
        let label = LabeledSpan::new_with_span(Some(text.clone()), source_span(r.span));
        if r.span.file == d.primary.span.file {
            here.push(r.span);
            labels.push(label);
        } else {
            // A label in another file: its own snippet, or its position.
            let source = code(sources, safe, r.span, &[r.span]);
            let message = match source {
                Some(_) => text,
                None => format!("{text} (at {})", position(sources, r.span)),
            };
            related.push(Report {
                message,
                code: None,
                severity: Some(miette::Severity::Advice),
                help: None,
                source,
                labels: vec![label],
                related: Vec::new(),
            });
        }
    }
    let source = code(sources, safe, d.primary.span, &here);
    let at = source.is_none().then(|| position(sources, d.primary.span));
    let report = Report {
        message: terminal(&d.message).into_owned(),
        code: Some(d.rule.id),
        severity: Some(match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        }),
        help: d.help.as_deref().map(|h| terminal(h).into_owned()),
        source,
        labels,
        related,
    };
    (report, at)
}

/// Whether to colour: never with `NO_COLOR` set or when not on a terminal.
pub fn use_color(to_terminal: bool) -> bool {
    to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// How many reports one task draws: enough that handing out tasks costs
/// nothing beside drawing them, few enough that every core gets some.
const REPORTS_PER_TASK: usize = 64;

/// One finding's report as the terminal shows it.
fn report_text<'a>(
    handler: &miette::GraphicalReportHandler,
    d: &'a Diagnostic,
    sources: &'a SourceMap,
    safe: &'a Safe<'a>,
) -> String {
    let (r, at) = rendered(d, sources, safe);
    let mut report = String::new();
    if handler.render_report(&mut report, &r).is_err() {
        report = format!(
            "{}: {} [{}]\n",
            d.severity.as_str(),
            terminal(&d.message),
            d.rule.id
        );
    }
    if let Some(at) = &at {
        snippet::put_position(&mut report, at);
    }
    report
}

/// The terminal report of `outcome`, drawn on `jobs` threads: the same
/// text whatever the count.
pub fn render(outcome: &Outcome, color: bool, width: usize, jobs: usize) -> String {
    let safe: Vec<OnceLock<SafeText>> = (0..outcome.sources.len())
        .map(|_| OnceLock::new())
        .collect();
    let shown: Vec<&Diagnostic> = outcome
        .diagnostics
        .iter()
        .filter(|d| !d.is_suppressed())
        .collect();
    // Reports are drawn on every core, a run of them at a time, and joined
    // in order: a file's safe text is still made once, by whichever report
    // on it comes first.
    let runs: Vec<&[&Diagnostic]> = shown.chunks(REPORTS_PER_TASK).collect();
    let drawn = crate::parallel::map_ordered(&runs, jobs, |run| {
        let handler = snippet::handler(color, width);
        let mut out = String::new();
        for d in run.iter() {
            out.push_str(&report_text(&handler, d, &outcome.sources, &safe));
            out.push('\n');
        }
        out
    });
    let mut out = drawn.concat();
    for skip in &outcome.stats.skipped {
        out.push_str(&format!(
            "note: skipped {} ({})\n",
            terminal(&skip.path.to_string_lossy()),
            terminal(&skip.reason)
        ));
    }
    for note in &outcome.notes {
        out.push_str(&format!(
            "gclint: {}: {}\n",
            note.level.as_str(),
            terminal(&note.message)
        ));
    }
    // The counts stay the last line: scripts and the GitHub Action read it.
    let count = |safe: bool| {
        outcome
            .diagnostics
            .iter()
            .filter(|d| !d.is_suppressed() && d.fix.as_ref().is_some_and(|f| f.safe == safe))
            .count()
    };
    let (fixable, unsafe_fixable) = (count(true), count(false));
    if fixable > 0 {
        out.push_str(&format!(
            "gclint: {fixable} fixable with `gclint check --fix`\n"
        ));
    }
    if unsafe_fixable > 0 {
        out.push_str(&format!(
            "gclint: {unsafe_fixable} more with `gclint check --fix --unsafe-fixes` (each needs more than the edit: read its help)\n"
        ));
    }
    out.push_str(&super::closing(outcome));
    out
}
