//! Files read during a run and byte spans into them.
//!
//! Bottom layer: imports no other module of the crate (docs/architecture.md).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Index of a file in [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A byte range in one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, range: std::ops::Range<usize>) -> Span {
        Span {
            file,
            start: range.start as u32,
            end: range.end.max(range.start) as u32,
        }
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// A value with the place it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// 1-based line and column; the column counts Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

pub struct SourceFile {
    /// The path as found on disk.
    pub path: PathBuf,
    /// Path relative to the run's root, with `/` separators (for output).
    pub rel: String,
    pub text: String,
    line_starts: OnceLock<Vec<usize>>,
    /// How many characters start before every block of bytes
    /// ([`block_marks`]).
    char_marks: OnceLock<Vec<usize>>,
}

/// Bytes between two marks of [`block_marks`].
pub const MARK_BLOCK: usize = 4096;

/// The running total of `count` over `bytes` before each block of
/// [`MARK_BLOCK`] bytes (and at the end): with it, [`count_before`] any
/// offset reads at most one block, so a position on a long line (minified
/// code, a hostile one-line file) costs no more than on a short one.
pub fn block_marks(bytes: &[u8], count: impl Fn(&[u8]) -> usize) -> Vec<usize> {
    let mut marks = vec![0];
    let mut total = 0;
    for block in bytes.chunks(MARK_BLOCK) {
        total += count(block);
        marks.push(total);
    }
    marks
}

/// `count` over `bytes[..offset]`, read from `marks` (made by
/// [`block_marks`] with the same `count`) and the rest of one block.
pub fn count_before(
    marks: &[usize],
    bytes: &[u8],
    offset: usize,
    count: impl Fn(&[u8]) -> usize,
) -> usize {
    let block = offset / MARK_BLOCK;
    marks[block] + count(&bytes[block * MARK_BLOCK..offset])
}

/// The characters that start in `bytes` (UTF-8 continuation bytes aside).
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

impl SourceFile {
    pub fn new(path: PathBuf, rel: String, text: String) -> SourceFile {
        SourceFile {
            path,
            rel,
            text,
            line_starts: OnceLock::new(),
            char_marks: OnceLock::new(),
        }
    }

    /// The characters that start before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let marks = self.char_marks.get_or_init(|| block_marks(bytes, chars_in));
        count_before(marks, bytes, offset, chars_in)
    }

    /// Byte offset of each line's start.
    pub fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1))
                .collect()
        })
    }

    /// The 1-based line of a byte offset (clamped to the text), found in
    /// the line index: no cost that grows with the line's length.
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.line_starts().partition_point(|&s| s <= offset)
    }

    /// Where the line holding byte `offset` ends (before its line break).
    pub fn line_end(&self, offset: usize) -> usize {
        let starts = self.line_starts();
        let line = self.line_of(offset);
        starts
            .get(line)
            .map_or(self.text.len(), |&next| next.saturating_sub(1))
    }

    /// Line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset) - 1;
        let mut start = starts[line];
        while !self.text.is_char_boundary(start) {
            start += 1;
        }
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = if end < start {
            0
        } else if end - start <= MARK_BLOCK {
            self.text.get(start..end).map_or(0, |s| s.chars().count())
        } else {
            self.chars_before(end) - self.chars_before(start)
        } + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// The text of one line (1-based), without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let starts = self.line_starts();
        let Some(&start) = starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = starts.get(line).copied().unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    pub fn snippet(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }
}

/// Every file of a run, addressed by [`FileId`].
#[derive(Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId((self.files.len() - 1) as u32)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Changes every file's text in place; `f` must keep each text's
    /// length and line breaks (masking), so that spans and line indexes
    /// stay valid.
    pub fn for_each_text(&mut self, mut f: impl FnMut(&mut String)) {
        for file in &mut self.files {
            f(&mut file.text);
        }
    }

    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.iter().find(|(_, f)| f.path == path).map(|(id, _)| id)
    }
}

/// 1-based line and column (in characters) of a byte offset in a text that
/// has no [`SourceFile`] (and so no line index): the swagger importer's and
/// the configuration's messages.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// `path` relative to `root` with `/` separators, or the full path.
pub fn relative(path: &Path, root: &Path) -> String {
    let shown = path.strip_prefix(root).unwrap_or(path);
    let mut out = String::new();
    for (i, part) in shown.components().enumerate() {
        if i > 0 && !out.ends_with('/') {
            out.push('/');
        }
        out.push_str(&part.as_os_str().to_string_lossy());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_on_a_long_line_count_characters() {
        let line: String = (0..5000)
            .map(|i| if i % 3 == 0 { "é" } else { "ab" })
            .collect();
        let text = format!("first\n{line}\nlast");
        let file = SourceFile::new("a.js".into(), "a.js".into(), text.clone());
        for offset in [6, 7, 4103, 9000, 9001, 10003, text.len() - 5, text.len()] {
            let start = memchr::memrchr(b'\n', &text.as_bytes()[..offset]).map_or(0, |i| i + 1);
            let mut end = offset;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let expected = text[start..end].chars().count() + 1;
            assert_eq!(file.line_col(offset).column, expected, "{offset}");
        }
        assert_eq!(file.line_of(text.len()), 3);
        assert_eq!(file.line_end(7), 6 + line.len());
    }
}
