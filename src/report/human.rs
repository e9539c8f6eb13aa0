//! Terminal output through miette: code, severity, the primary span and the
//! declaration it was checked against, and a help line.

use super::snippet::{self, Code};
use crate::check::Outcome;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceMap, Span};
use miette::{LabeledSpan, SourceSpan};
use std::fmt;

/// A label in another file than the primary one, shown as its own snippet
/// (or by its position when its lines are too long to print).
struct Elsewhere<'a> {
    message: String,
    source: Option<Code<'a>>,
    label: LabeledSpan,
}

impl fmt::Debug for Elsewhere<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl fmt::Display for Elsewhere<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for Elsewhere<'_> {}
impl miette::Diagnostic for Elsewhere<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        Some(Box::new(std::iter::once(self.label.clone())))
    }
}

struct Rendered<'a> {
    d: &'a Diagnostic,
    /// `None` when the lines are too long to print: see `position`.
    source: Option<Code<'a>>,
    labels: Vec<LabeledSpan>,
    elsewhere: Vec<Elsewhere<'a>>,
    /// `file:line:column`, shown instead of a snippet.
    position: Option<String>,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}
impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}
impl std::error::Error for Rendered<'_> {}
impl miette::Diagnostic for Rendered<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.d.rule.id))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.d
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        Some(Box::new(self.labels.iter().cloned()))
    }
    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.elsewhere.is_empty() {
            return None;
        }
        Some(Box::new(
            self.elsewhere.iter().map(|e| e as &dyn miette::Diagnostic),
        ))
    }
}

fn source_span(span: Span) -> SourceSpan {
    SourceSpan::new((span.start as usize).into(), span.len())
}

/// The file of `span` lent to miette, unless the lines around `spans` are
/// too long to print.
fn code<'a>(sources: &'a SourceMap, span: Span, spans: &[Span]) -> Option<Code<'a>> {
    let file = sources.get(span.file);
    if !snippet::showable(&file.text, spans.iter().map(|s| s.range())) {
        return None;
    }
    let lang = match file.path.extension().and_then(|e| e.to_str()) {
        Some("yaml" | "yml") => "yaml",
        Some("json") => "json",
        _ => "javascript",
    };
    Some(Code::new(&file.rel, &file.text, file.line_starts(), lang))
}

fn position(sources: &SourceMap, span: Span) -> String {
    let file = sources.get(span.file);
    let at = file.line_col(span.start as usize);
    format!("{}:{}:{}", file.rel, at.line, at.column)
}

fn rendered<'a>(d: &'a Diagnostic, sources: &'a SourceMap) -> Rendered<'a> {
    let primary_text = (!d.primary.message.is_empty()).then(|| d.primary.message.clone());
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        primary_text,
        source_span(d.primary.span),
    )];
    let mut here = vec![d.primary.span];
    let mut elsewhere = Vec::new();
    for r in &d.related {
        if r.span.file == d.primary.span.file {
            here.push(r.span);
            labels.push(LabeledSpan::new_with_span(
                Some(r.message.clone()),
                source_span(r.span),
            ));
        } else {
            let source = code(sources, r.span, &[r.span]);
            let message = match source {
                Some(_) => r.message.clone(),
                None => format!("{} (at {})", r.message, position(sources, r.span)),
            };
            elsewhere.push(Elsewhere {
                message,
                source,
                label: LabeledSpan::new_with_span(Some(r.message.clone()), source_span(r.span)),
            });
        }
    }
    let source = code(sources, d.primary.span, &here);
    let position = source.is_none().then(|| position(sources, d.primary.span));
    Rendered {
        d,
        source,
        labels,
        elsewhere,
        position,
    }
}

/// Whether to colour: never with `NO_COLOR` set or when not on a terminal.
pub fn use_color(to_terminal: bool) -> bool {
    to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

pub fn render(outcome: &Outcome, color: bool, width: usize) -> String {
    let handler = snippet::handler(color, width);
    let mut out = String::new();
    for d in outcome.diagnostics.iter().filter(|d| !d.is_suppressed()) {
        let r = rendered(d, &outcome.sources);
        let mut report = String::new();
        if handler.render_report(&mut report, &r).is_err() {
            report = format!("{}: {} [{}]\n", d.severity.as_str(), d.message, d.rule.id);
        }
        if let Some(at) = &r.position {
            // No snippet: the position goes under the headline instead.
            let headline_end = report
                .find(" × ")
                .or_else(|| report.find(": "))
                .and_then(|i| report[i..].find('\n').map(|n| i + n + 1))
                .unwrap_or(report.len());
            report.insert_str(
                headline_end,
                &format!("   at {at} (the line is too long to show)\n"),
            );
        }
        out.push_str(&report);
        out.push('\n');
    }
    for skip in &outcome.stats.skipped {
        out.push_str(&format!(
            "note: skipped {} ({})\n",
            skip.path.display(),
            skip.reason
        ));
    }
    // The counts stay the last line: scripts and the GitHub Action read it.
    let fixable = outcome
        .diagnostics
        .iter()
        .filter(|d| d.fix.is_some() && !d.is_suppressed())
        .count();
    if fixable > 0 {
        out.push_str(&format!(
            "gclint: {fixable} fixable with `gclint check --fix`\n"
        ));
    }
    out.push_str(&super::closing(outcome));
    out
}
