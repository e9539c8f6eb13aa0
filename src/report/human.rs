//! Terminal output through miette: code, severity, the primary span and the
//! declaration it was checked against, and a help line.

use crate::check::Outcome;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceMap, Span};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use std::fmt;

/// A label in another file than the primary one, shown as its own snippet.
struct Elsewhere {
    message: String,
    source: NamedSource<String>,
    label: LabeledSpan,
}

impl fmt::Debug for Elsewhere {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl fmt::Display for Elsewhere {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for Elsewhere {}
impl miette::Diagnostic for Elsewhere {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(self.label.clone())))
    }
}

struct Rendered<'a> {
    d: &'a Diagnostic,
    source: NamedSource<String>,
    labels: Vec<LabeledSpan>,
    elsewhere: Vec<Elsewhere>,
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
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
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

fn named(sources: &SourceMap, span: Span) -> NamedSource<String> {
    let file = sources.get(span.file);
    let lang = match file.path.extension().and_then(|e| e.to_str()) {
        Some("yaml" | "yml") => "yaml",
        Some("json") => "json",
        _ => "javascript",
    };
    NamedSource::new(file.rel.clone(), file.text.clone()).with_language(lang)
}

fn rendered<'a>(d: &'a Diagnostic, sources: &SourceMap) -> Rendered<'a> {
    let primary_text = (!d.primary.message.is_empty()).then(|| d.primary.message.clone());
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        primary_text,
        source_span(d.primary.span),
    )];
    let mut elsewhere = Vec::new();
    for r in &d.related {
        if r.span.file == d.primary.span.file {
            labels.push(LabeledSpan::new_with_span(
                Some(r.message.clone()),
                source_span(r.span),
            ));
        } else {
            elsewhere.push(Elsewhere {
                message: r.message.clone(),
                source: named(sources, r.span),
                label: LabeledSpan::new_with_span(Some(r.message.clone()), source_span(r.span)),
            });
        }
    }
    Rendered {
        d,
        source: named(sources, d.primary.span),
        labels,
        elsewhere,
    }
}

/// Whether to colour: never with `NO_COLOR` set or when not on a terminal.
pub fn use_color(to_terminal: bool) -> bool {
    to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

pub fn render(outcome: &Outcome, color: bool, width: usize) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false);
    let mut out = String::new();
    for d in outcome.diagnostics.iter().filter(|d| !d.is_suppressed()) {
        let r = rendered(d, &outcome.sources);
        if handler.render_report(&mut out, &r).is_err() {
            out.push_str(&format!(
                "{}: {} [{}]\n",
                d.severity.as_str(),
                d.message,
                d.rule.id
            ));
        }
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
