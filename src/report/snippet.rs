//! What the terminal renderers share: a file's text lent to miette without
//! a copy, the check that its lines are short enough to print, and the
//! report handler's settings.

use miette::{
    GraphicalReportHandler, GraphicalTheme, MietteError, MietteSpanContents, SourceCode,
    SourceSpan, SpanContents,
};
use std::ops::Range;

/// Lines longer than this (minified code, generated data) are not printed:
/// the finding is reported by its position instead.
pub const MAX_SHOWN_LINE: usize = 1000;

/// A file's text as miette reads it, borrowed rather than copied.
pub struct Code<'t> {
    name: &'t str,
    text: &'t str,
    language: &'static str,
}

impl<'t> Code<'t> {
    pub fn new(name: &'t str, text: &'t str, language: &'static str) -> Code<'t> {
        Code {
            name,
            text,
            language,
        }
    }
}

impl SourceCode for Code<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(
            MietteSpanContents::new_named(
                self.name.to_string(),
                inner.data(),
                *inner.span(),
                inner.line(),
                inner.column(),
                inner.line_count(),
            )
            .with_language(self.language),
        ))
    }
}

/// Whether every line printed around `ranges` (each range's lines and one
/// line of context either side) is at most [`MAX_SHOWN_LINE`] bytes.
pub fn showable(text: &str, ranges: impl IntoIterator<Item = Range<usize>>) -> bool {
    let bytes = text.as_bytes();
    ranges.into_iter().all(|r| {
        let start = r.start.min(bytes.len());
        let end = r.end.clamp(start, bytes.len());
        // One line before the range's first line, one after its last.
        let mut from = memchr::memrchr(b'\n', &bytes[..start]).unwrap_or(0);
        from = memchr::memrchr(b'\n', &bytes[..from]).map_or(0, |i| i + 1);
        let mut to = memchr::memchr(b'\n', &bytes[end..]).map_or(bytes.len(), |i| end + i + 1);
        to = memchr::memchr(b'\n', &bytes[to..]).map_or(bytes.len(), |i| to + i);
        bytes[from..to]
            .split(|&b| b == b'\n')
            .all(|line| line.len() <= MAX_SHOWN_LINE)
    })
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
    fn long_lines_near_a_span_are_not_shown() {
        let long = "x".repeat(MAX_SHOWN_LINE + 1);
        let text = format!("a\nb\nc\n{long}\nd\ne\n");
        // `a` (line 1): its context is line 2 only.
        assert!(showable(&text, std::iter::once(0..1)));
        // `c` (line 3): line 4 is context and too long.
        assert!(!showable(&text, std::iter::once(4..5)));
        // `e` (line 6): line 5 is context, line 4 is not.
        let e = text.rfind('e').unwrap();
        assert!(showable(&text, std::iter::once(e..e + 1)));
        assert!(!showable(&long, std::iter::once(5..6)));
        assert!(showable("", [0..0, 3..9]));
    }
}
