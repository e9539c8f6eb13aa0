//! What the terminal renderers share (findings and `gclint.toml` errors):
//! one report type for miette, a file's text lent to it without a copy, the
//! check that its lines are short enough to print, and the handler's
//! settings.

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

/// One report as miette draws it: headline, optional code and severity,
/// the snippet with its labels (when the source is shown), related reports
/// and a help line.
pub struct Report<'a> {
    pub message: String,
    pub code: Option<&'a str>,
    pub severity: Option<miette::Severity>,
    pub help: Option<String>,
    /// `None` when the lines are too long to print; labels are then left out.
    pub source: Option<Code<'a>>,
    pub labels: Vec<LabeledSpan>,
    pub related: Vec<Report<'a>>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for Report<'_> {}
impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.code.map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        self.severity
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_deref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'b>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        Some(Box::new(self.labels.iter().cloned()))
    }
    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}

/// Lines longer than this (minified code, generated data) are not printed:
/// the finding is reported by its position instead.
pub const MAX_SHOWN_LINE: usize = 1000;

/// A file's text with its control characters replaced (see
/// [`super::escape::terminal_block`]; every replacement keeps the bytes'
/// length, so spans stay true). Made once per file and lent to every
/// report on it: making it costs a pass over the whole file, which once
/// per report would grow with the file times its findings.
pub struct SafeText<'t>(Cow<'t, str>);

impl<'t> SafeText<'t> {
    pub fn new(text: &'t str) -> SafeText<'t> {
        SafeText(super::escape::terminal_block(text))
    }
}

/// A file's text as miette reads it, borrowed rather than copied. miette
/// finds a span's lines by reading the text from its start, for every
/// label; this hands it only the lines around the span (found through the
/// file's line index), so a report costs the same at line 10 and at line
/// 100,000.
pub struct Code<'t> {
    name: Cow<'t, str>,
    text: &'t str,
    language: &'static str,
    /// Byte offset of each line's start.
    line_starts: &'t [usize],
}

impl<'t> Code<'t> {
    pub fn new(
        name: &'t str,
        text: &'t SafeText<'_>,
        line_starts: &'t [usize],
        language: &'static str,
    ) -> Code<'t> {
        Code {
            name: super::escape::terminal(name),
            text: &text.0,
            language,
            line_starts,
        }
    }

    /// The line (0-based) holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len())
    }
}

/// Byte offsets of line starts, for texts without an index of their own.
pub fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
        .collect()
}

impl SourceCode for Code<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let start = span.offset();
        let end = start + span.len();
        if end > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first = self.line_of(start).saturating_sub(context_lines_before);
        let last = self.line_of(end.saturating_sub(1).max(start)) + context_lines_after;
        let from = self.line_start(first);
        let to = self.line_start(last + 1).max(end);
        let window = &self.text[from..to];
        let local = SourceSpan::new((start - from).into(), span.len());
        let inner = window.read_span(&local, context_lines_before, context_lines_after)?;
        Ok(Box::new(
            MietteSpanContents::new_named(
                self.name.to_string(),
                inner.data(),
                SourceSpan::new((inner.span().offset() + from).into(), inner.span().len()),
                inner.line() + first,
                inner.column(),
                inner.line_count(),
            )
            .with_language(self.language),
        ))
    }
}

/// Whether every line printed around `ranges` (each range's lines and one
/// line of context either side) is at most [`MAX_SHOWN_LINE`] bytes. The
/// lines are found in the text's line index (`line_starts`), so a finding
/// costs the same on a line of ten bytes and on one of megabytes: a file
/// of one long line with thousands of findings once cost its length for
/// each of them.
pub fn showable(
    text: &str,
    line_starts: &[usize],
    ranges: impl IntoIterator<Item = Range<usize>>,
) -> bool {
    let len = text.len();
    let Some(last) = line_starts.len().checked_sub(1) else {
        return len <= MAX_SHOWN_LINE;
    };
    let line_of = |at: usize| line_starts.partition_point(|&s| s <= at).saturating_sub(1);
    // A line's bytes without its line feed.
    let line_len = |i: usize| {
        let end = line_starts
            .get(i + 1)
            .map_or(len, |&next| next.saturating_sub(1));
        end.saturating_sub(line_starts[i])
    };
    ranges.into_iter().all(|r| {
        let start = r.start.min(len);
        let end = r.end.clamp(start, len);
        let first = line_of(start).saturating_sub(1);
        let to = (line_of(end) + 1).min(last);
        (first..=to).all(|i| line_len(i) <= MAX_SHOWN_LINE)
    })
}

/// Puts `at` (`file:line:column`) under the headline of a rendered
/// report that has no snippet because its lines are too long to show.
pub fn put_position(report: &mut String, at: &str) {
    let at = super::escape::terminal(at);
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

/// The report handler both renderers use.
pub fn handler(color: bool, width: usize) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_deep_in_a_file_keep_their_line_numbers_and_context() {
        let text: String = (1..=60_000).map(|i| format!("call({i});\n")).collect();
        let lines = line_starts(&text);
        let safe = SafeText::new(&text);
        let at = text.find("call(50000)").unwrap() + 5;
        let finding = Report {
            message: "finding".into(),
            code: None,
            severity: None,
            help: None,
            source: Some(Code::new("f.js", &safe, &lines, "javascript")),
            labels: vec![LabeledSpan::new_primary_with_span(
                Some("here".into()),
                (at, 5),
            )],
            related: Vec::new(),
        };
        let mut out = String::new();
        handler(false, 80)
            .render_report(&mut out, &finding)
            .unwrap();
        let shown: Vec<&str> = out.lines().map(str::trim_end).collect();
        assert_eq!(
            shown[1..6],
            [
                "       ╭─[f.js:50000:6]",
                " 49999 │ call(49999);",
                " 50000 │ call(50000);",
                "       ·      ──┬──",
                "       ·        ╰── here",
            ],
            "{out}"
        );
        assert_eq!(shown[6], " 50001 │ call(50001);", "{out}");
    }

    #[test]
    fn long_lines_near_a_span_are_not_shown() {
        let long = "x".repeat(MAX_SHOWN_LINE + 1);
        let text = format!("a\nb\nc\n{long}\nd\ne\n");
        // `a` (line 1): its context is line 2 only.
        let lines = line_starts(&text);
        assert!(showable(&text, &lines, std::iter::once(0..1)));
        // `c` (line 3): line 4 is context and too long.
        assert!(!showable(&text, &lines, std::iter::once(4..5)));
        // `e` (line 6): line 5 is context, line 4 is not.
        let e = text.rfind('e').unwrap();
        assert!(showable(&text, &lines, std::iter::once(e..e + 1)));
        assert!(!showable(&long, &line_starts(&long), std::iter::once(5..6)));
        assert!(showable("", &line_starts(""), [0..0, 3..9]));
        // A line of exactly the limit is shown; its line feed does not
        // count, a carriage return before it does.
        let edge = "y".repeat(MAX_SHOWN_LINE);
        for (text, shown) in [
            (format!("{edge}\nz\n"), true),
            (format!("{edge}\r\nz\n"), false),
        ] {
            let lines = line_starts(&text);
            let z = text.find('z').unwrap();
            assert_eq!(
                showable(&text, &lines, std::iter::once(z..z + 1)),
                shown,
                "{text:?}"
            );
        }
        // A span over lines 2-4 of seven: line 1 and line 5 are its
        // context, line 6 is not.
        let text = format!("a\nb\nc\nd\ne\n{long}\ng\n");
        let lines = line_starts(&text);
        assert!(showable(&text, &lines, std::iter::once(2..7)));
        let e = text.find('e').unwrap();
        assert!(!showable(&text, &lines, std::iter::once(2..e + 1)));
    }
}
