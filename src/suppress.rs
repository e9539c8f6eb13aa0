//! Inline suppressions. In any comment of a file gclint reads,
//! `gclint: ignore[rule-id, other-id] reason` silences the findings of
//! those rules that start on the comment's line, or on the line after a
//! comment that stands alone on its line; `gclint: ignore-file[rule-id]`
//! silences them in the whole file.
//!
//! Comments are found by file type on the raw text: source files with the
//! scanners' own tokenizer (so `//` in a string is not a comment), HTML and
//! Vue markup `<!-- -->` around their scripts, YAML `#` outside quoted and
//! block scalars, JSON `//` and `/* */` outside strings (the manifest reader
//! accepts them), HCL `#`, `//` and `/* */` outside strings and heredocs.
//!
//! Imports only layers below it (docs/architecture.md): `diagnostic`, `rules`,
//! `scan`, `source`.

use crate::diagnostic::{code_alternatives, Diagnostic, Severity, Suppression};
use crate::rules::{self, RuleMeta};
use crate::scan::{lexer, Language};
use crate::source::{FileId, SourceFile, SourceMap, Span};
use std::collections::{HashMap, HashSet};
use std::ops::{Range, RangeInclusive};
use std::path::Path;

const MARKER: &str = "gclint:";

/// Whether a text may hold a suppression (a cheap test before any parsing).
pub fn mentions(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), MARKER.as_bytes()).is_some()
}

/// A rule id as written in a suppression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleName {
    pub id: String,
    pub range: Range<usize>,
}

/// One `gclint: ignore[...]` or `gclint: ignore-file[...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub file_wide: bool,
    pub rules: Vec<RuleName>,
    /// The text after the rule list, on the same line.
    pub reason: String,
    /// From `gclint:` to the closing `]`.
    pub range: Range<usize>,
    /// 1-based lines whose findings a line directive covers.
    pub lines: RangeInclusive<usize>,
}

/// Text that looks like a suppression but cannot be read as one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    pub range: Range<usize>,
    pub message: String,
    pub label: String,
    pub help: String,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Directives {
    pub directives: Vec<Directive>,
    pub malformed: Vec<Malformed>,
}

/// The byte ranges of the comments of a file, by its type; empty for a
/// type without comments gclint knows.
pub fn comments(path: &Path, text: &str) -> Vec<Range<usize>> {
    if let Some(language) = Language::from_path(path) {
        return match language {
            Language::Html => html_comments(text),
            _ => lexer::lex_each(text, language.syntax(), |_| true).comments,
        };
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "yaml" | "yml" => yaml_comments(text),
        "json" | "jsonc" => jsonc_comments(text),
        "tf" | "tfvars" | "hcl" => hcl_comments(text),
        _ => Vec::new(),
    }
}

/// The suppressions of one file.
pub fn find(file: &SourceFile) -> Directives {
    let mut out = Directives::default();
    if !mentions(&file.text) {
        return out;
    }
    for comment in comments(&file.path, &file.text) {
        read_comment(file, comment, &mut out);
    }
    out
}

/// Where a comment's text ends before its closing delimiter.
fn body_end(text: &str, comment: &Range<usize>) -> usize {
    let body = text.get(comment.clone()).unwrap_or("");
    ["*/", "-->", "#>"]
        .iter()
        .find(|close| body.ends_with(**close) && body.len() >= 2 + close.len())
        .map_or(comment.end, |close| comment.end - close.len())
}

fn line_end(text: &str, from: usize) -> usize {
    memchr::memchr(b'\n', &text.as_bytes()[from..]).map_or(text.len(), |i| from + i)
}

fn is_rule_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

fn read_comment(file: &SourceFile, comment: Range<usize>, out: &mut Directives) {
    let text = file.text.as_str();
    let Some(body) = text.get(comment.clone()) else {
        return;
    };
    let end = body_end(text, &comment);
    // A comment with only white space before it on its line also covers
    // the next line. Lines come from the file's index: a file of one long
    // line costs no more per comment than any other.
    let first = file.line_of(comment.start);
    let line_start = file.line_starts()[first - 1];
    let alone = text[line_start..comment.start].trim().is_empty();
    let last = file.line_of(comment.end.saturating_sub(1).max(comment.start));
    let lines = first..=if alone { last + 1 } else { last };

    let starts: Vec<usize> = memchr::memmem::find_iter(body.as_bytes(), MARKER.as_bytes())
        .map(|i| comment.start + i)
        .collect();
    for (n, &start) in starts.iter().enumerate() {
        // The directive's text ends at the line's end, the comment's
        // closing delimiter or the next directive.
        let stop = file
            .line_end(start)
            .min(end)
            .min(starts.get(n + 1).copied().unwrap_or(usize::MAX));
        let after = start + MARKER.len();
        let Some(rest) = text.get(after..stop) else {
            continue;
        };
        let word_at = after + (rest.len() - rest.trim_start().len());
        let word_len = text[word_at..stop]
            .find(|c: char| !is_rule_char(c))
            .unwrap_or(stop - word_at);
        let word = &text[word_at..word_at + word_len];
        let file_wide = match word {
            "ignore" => false,
            "ignore-file" => true,
            _ => {
                if word.starts_with("ign") || strsim::jaro_winkler(word, "ignore") > 0.85 {
                    out.malformed.push(Malformed {
                        range: word_at..word_at + word_len,
                        message: format!("unknown suppression `gclint: {word}`"),
                        label: "not a suppression".into(),
                        help: "write `gclint: ignore[rule-id] reason` (this line, or the next \
                               for a comment on its own line) or `gclint: ignore-file[rule-id]`"
                            .into(),
                    });
                }
                continue;
            }
        };
        let directive_word = start..word_at + word_len;
        let after_word = word_at + word_len;
        let open =
            after_word + (text[after_word..stop].len() - text[after_word..stop].trim_start().len());
        let close = text[open..stop].find(']').map(|i| open + i);
        let (true, Some(close)) = (text[open..stop].starts_with('['), close) else {
            out.malformed.push(Malformed {
                range: directive_word,
                message: format!("`gclint: {word}` without rule ids suppresses nothing"),
                label: "no rule ids".into(),
                help: format!("name the rules: `gclint: {word}[rule-id] reason`"),
            });
            continue;
        };
        let mut rules = Vec::new();
        let mut at = open + 1;
        for part in text[open + 1..close].split(',') {
            let lead = part.len() - part.trim_start().len();
            let id = part.trim();
            if !id.is_empty() {
                rules.push(RuleName {
                    id: id.to_string(),
                    range: at + lead..at + lead + id.len(),
                });
            }
            at += part.len() + 1;
        }
        if rules.is_empty() {
            out.malformed.push(Malformed {
                range: start..close + 1,
                message: format!("`gclint: {word}[]` names no rule and suppresses nothing"),
                label: "no rule ids".into(),
                help: format!("name the rules: `gclint: {word}[rule-id] reason`"),
            });
            continue;
        }
        let reason = text[close + 1..stop]
            .trim()
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '-' | ':' | '—' | '–'))
            .trim()
            .to_string();
        out.directives.push(Directive {
            file_wide,
            rules,
            reason,
            range: start..close + 1,
            lines: lines.clone(),
        });
    }
}

/// HTML and Vue: `<!-- -->` in the markup, and the comments of each
/// `<script>` block in JavaScript syntax.
fn html_comments(text: &str) -> Vec<Range<usize>> {
    let blocks = crate::scan::script_blocks(text);
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("<!--").map(|i| from + i) {
        if let Some(block) = blocks.iter().find(|b| b.contains(&open)) {
            from = block.end;
            continue;
        }
        let end = text[open + 4..]
            .find("-->")
            .map_or(text.len(), |i| open + 4 + i + 3);
        out.push(open..end);
        from = end;
    }
    for block in blocks {
        let Some(code) = text.get(block.clone()) else {
            continue;
        };
        out.extend(
            lexer::lex_each(code, Language::JavaScript.syntax(), |_| true)
                .comments
                .into_iter()
                .map(|r| r.start + block.start..r.end + block.start),
        );
    }
    out.sort_by_key(|r| r.start);
    out
}

/// JSON with comments: `//` and `/* */` outside strings.
fn jsonc_comments(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < b.len() && b[i] != q && b[i] != b'\n' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = line_end(text, i);
                out.push(i..end);
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = find_from(b, i + 2, b"*/").map_or(b.len(), |e| e + 2);
                out.push(i..end);
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

fn find_from(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    b.get(from..)
        .and_then(|rest| memchr::memmem::find(rest, needle))
        .map(|i| from + i)
}

/// Terraform / HCL: `#`, `//` and `/* */` outside strings (whose `${...}`
/// interpolations may hold strings of their own) and heredocs.
fn hcl_comments(text: &str) -> Vec<Range<usize>> {
    enum Mode {
        Str,
        /// Inside `${...}` / `%{...}`: code, with this many open braces.
        Interp(usize),
    }
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut stack: Vec<Mode> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if let Some(Mode::Str) = stack.last() {
            match c {
                b'\\' => i += 2,
                b'"' | b'\n' => {
                    stack.pop();
                    i += 1;
                }
                b'$' | b'%' if b.get(i + 1) == Some(&c) && b.get(i + 2) == Some(&b'{') => i += 3,
                b'$' | b'%' if b.get(i + 1) == Some(&b'{') => {
                    stack.push(Mode::Interp(0));
                    i += 2;
                }
                _ => i += 1,
            }
            continue;
        }
        match c {
            b'"' => {
                stack.push(Mode::Str);
                i += 1;
            }
            b'#' => {
                let end = line_end(text, i);
                out.push(i..end);
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = line_end(text, i);
                out.push(i..end);
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = find_from(b, i + 2, b"*/").map_or(b.len(), |e| e + 2);
                out.push(i..end);
                i = end;
            }
            b'<' if b.get(i + 1) == Some(&b'<') => i = skip_heredoc(text, i),
            b'{' => {
                if let Some(Mode::Interp(depth)) = stack.last_mut() {
                    *depth += 1;
                }
                i += 1;
            }
            b'}' => {
                match stack.last_mut() {
                    Some(Mode::Interp(0)) => {
                        stack.pop();
                    }
                    Some(Mode::Interp(depth)) => *depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// Skips a heredoc (`<<EOT` or `<<-EOT` up to the line holding only the
/// delimiter); returns where scanning goes on.
fn skip_heredoc(text: &str, at: usize) -> usize {
    let mut i = at + 2;
    if text.as_bytes().get(i) == Some(&b'-') {
        i += 1;
    }
    let ident_len = text[i..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len() - i);
    let ident = &text[i..i + ident_len];
    let header_end = line_end(text, i);
    if ident.is_empty() || !text[i + ident_len..header_end].trim().is_empty() {
        return at + 2;
    }
    let mut line = header_end + 1;
    while line < text.len() {
        let end = line_end(text, line);
        if text[line..end].trim() == ident {
            return end;
        }
        line = end + 1;
    }
    text.len()
}

/// YAML: `#` at the start of a line or after white space, outside quoted
/// scalars (which may span lines) and block scalars (`|`, `>`).
fn yaml_comments(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut quote: Option<u8> = None;
    // Inside a block scalar: lines indented more than this are its content.
    let mut block: Option<usize> = None;
    let mut line_start = 0;
    while line_start < b.len() {
        let end = line_end(text, line_start);
        let line = &b[line_start..end];
        let indent = line.iter().take_while(|&&c| c == b' ').count();
        if quote.is_none() {
            if let Some(parent) = block {
                let blank = line.iter().all(|c| c.is_ascii_whitespace());
                if blank || indent > parent {
                    line_start = end + 1;
                    continue;
                }
                block = None;
            }
        }
        let mut j = 0;
        let mut code_end = line.len();
        while j < line.len() {
            let c = line[j];
            if let Some(q) = quote {
                if q == b'\'' && c == b'\'' {
                    if line.get(j + 1) == Some(&b'\'') {
                        j += 2;
                        continue;
                    }
                    quote = None;
                } else if q == b'"' && c == b'\\' {
                    j += 2;
                    continue;
                } else if q == b'"' && c == b'"' {
                    quote = None;
                }
                j += 1;
                continue;
            }
            match c {
                b'#' if j == 0 || matches!(line[j - 1], b' ' | b'\t') => {
                    out.push(line_start + j..end);
                    code_end = j;
                    break;
                }
                b'"' | b'\'' if opens_quoted(&line[..j]) => quote = Some(c),
                _ => {}
            }
            j += 1;
        }
        if quote.is_none() {
            block = block_scalar_parent(&line[..code_end], indent);
        }
        line_start = end + 1;
    }
    out
}

/// Whether a quote after `before` (on the same line) opens a quoted scalar
/// rather than sitting inside a plain one (`it's`).
fn opens_quoted(before: &[u8]) -> bool {
    let trimmed_len = before
        .iter()
        .rposition(|c| !matches!(c, b' ' | b'\t'))
        .map_or(0, |p| p + 1);
    if trimmed_len == 0 {
        return true;
    }
    let last = before[trimmed_len - 1];
    if matches!(last, b'[' | b'{' | b',') {
        return true;
    }
    if trimmed_len == before.len() {
        return false;
    }
    if matches!(last, b':' | b'-' | b'?') {
        return true;
    }
    // After a tag or an anchor: `!!str 'x'`, `&a "x"`.
    let word_start = before[..trimmed_len]
        .iter()
        .rposition(|c| matches!(c, b' ' | b'\t'))
        .map_or(0, |p| p + 1);
    matches!(before.get(word_start), Some(b'!' | b'&'))
}

/// For a line whose code ends with a block scalar indicator (`key: |`,
/// `- >-`), the indentation its content must exceed.
fn block_scalar_parent(code: &[u8], indent: usize) -> Option<usize> {
    let code_len = code
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(0, |p| p + 1);
    let code = &code[..code_len];
    let word_start = code
        .iter()
        .rposition(|c| matches!(c, b' ' | b'\t'))
        .map_or(0, |p| p + 1);
    let word = &code[word_start..];
    let is_indicator = matches!(word.first(), Some(b'|' | b'>'))
        && word[1..]
            .iter()
            .all(|c| matches!(c, b'-' | b'+') || c.is_ascii_digit());
    if !is_indicator {
        return None;
    }
    // `- key: |`: the content belongs to `key`; `- |`: to the sequence entry.
    let mut col = indent;
    let mut dash = None;
    while code.get(col) == Some(&b'-') && matches!(code.get(col + 1), Some(b' ' | b'\t')) {
        dash = Some(col);
        col += 1;
        while matches!(code.get(col), Some(b' ' | b'\t')) {
            col += 1;
        }
    }
    if col >= word_start {
        Some(dash.unwrap_or(indent))
    } else {
        Some(col)
    }
}

/// What suppressions did in a run.
#[derive(Debug, Default)]
pub struct Applied {
    /// Findings about the suppressions themselves (`unused-suppression`).
    pub findings: Vec<Diagnostic>,
}

/// The line directives that name one rule: `(first line, last line,
/// directive, position of the id in its list)` in directive order (which
/// is the order of their first lines), and the running maximum of their
/// last lines.
#[derive(Default)]
struct LineDirectives {
    list: Vec<(usize, usize, usize, usize)>,
    reach: Vec<usize>,
}

/// The suppressions of one file, indexed so that matching a finding costs
/// the same whatever the number of suppressions (a pull request may hold
/// tens of thousands).
struct FileIndex {
    found: Directives,
    /// For each directive, whether each of its rules suppressed something.
    used: Vec<Vec<bool>>,
    /// Per rule id, the line directives naming it.
    lines: HashMap<String, LineDirectives>,
    /// Per rule id, the file-wide directives naming it, in order.
    file_wide: HashMap<String, Vec<(usize, usize)>>,
}

impl FileIndex {
    fn new(found: Directives) -> FileIndex {
        let used = found
            .directives
            .iter()
            .map(|d| vec![false; d.rules.len()])
            .collect();
        let mut lines: HashMap<String, LineDirectives> = HashMap::new();
        let mut file_wide: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (i, d) in found.directives.iter().enumerate() {
            for (k, name) in d.rules.iter().enumerate() {
                if d.file_wide {
                    file_wide.entry(name.id.clone()).or_default().push((i, k));
                } else {
                    let entry = lines.entry(name.id.clone()).or_default();
                    entry.list.push((*d.lines.start(), *d.lines.end(), i, k));
                }
            }
        }
        for LineDirectives { list, reach } in lines.values_mut() {
            let mut max = 0;
            *reach = list
                .iter()
                .map(|&(_, last, _, _)| {
                    max = max.max(last);
                    max
                })
                .collect();
        }
        FileIndex {
            found,
            used,
            lines,
            file_wide,
        }
    }

    /// The directive that suppresses a finding of `rule` starting on
    /// `line`: the first line directive that covers it (its reason is the
    /// more specific one), else the first file-wide one.
    fn covering(&self, rule: &str, line: usize) -> Option<usize> {
        let by_line = self
            .lines
            .get(rule)
            .and_then(|LineDirectives { list, reach }| {
                // The first directive whose last line (or an earlier one's)
                // reaches `line`; it covers `line` unless it starts after it,
                // and then so do all the later ones.
                let i = reach.partition_point(|&r| r < line);
                let &(first, _, directive, _) = list.get(i)?;
                (first <= line).then_some(directive)
            });
        by_line.or_else(|| {
            self.file_wide
                .get(rule)
                .and_then(|list| list.first())
                .map(|&(d, _)| d)
        })
    }

    /// Records that findings of `rule` start on `lines` (sorted): every
    /// directive covering one of them, and every file-wide one, was used.
    fn mark_used(&mut self, rule: &str, lines: &[usize]) {
        if let Some(LineDirectives { list, .. }) = self.lines.get(rule) {
            for &(first, last, d, k) in list {
                let at = lines.partition_point(|&l| l < first);
                if lines.get(at).is_some_and(|&l| l <= last) {
                    self.used[d][k] = true;
                }
            }
        }
        if let Some(list) = self.file_wide.get(rule) {
            for &(d, k) in list {
                self.used[d][k] = true;
            }
        }
    }
}

/// Sets the suppression of each finding a directive of its file covers;
/// returns, per file and rule, the lines of those findings.
fn suppress(
    diagnostics: &mut [Diagnostic],
    sources: &SourceMap,
    files: &HashMap<FileId, FileIndex>,
) -> HashMap<(FileId, &'static str), Vec<usize>> {
    let mut seen: HashMap<(FileId, &'static str), Vec<usize>> = HashMap::new();
    for d in diagnostics.iter_mut().filter(|d| !d.is_suppressed()) {
        let file = d.primary.span.file;
        let Some(index) = files.get(&file) else {
            continue;
        };
        let line = sources.get(file).line_of(d.primary.span.start as usize);
        seen.entry((file, d.rule.id)).or_default().push(line);
        if let Some(i) = index.covering(d.rule.id, line) {
            let directive = &index.found.directives[i];
            d.suppression = Some(Suppression {
                span: Span::new(file, directive.range.clone()),
                justification: directive.reason.clone(),
            });
        }
    }
    seen
}

/// Marks the findings that a suppression silences and reports unused,
/// unknown and malformed suppressions. `ran(rule, file)` tells whether a
/// rule ran on a file (enabled, not ignored for its path): a suppression
/// of a rule that did not run is not unused, it is untested.
pub fn apply(
    diagnostics: &mut [Diagnostic],
    sources: &SourceMap,
    ran: &dyn Fn(&RuleMeta, FileId) -> bool,
) -> Vec<Diagnostic> {
    let meta = &crate::rules::unused_suppression::META;
    let mut files: HashMap<FileId, FileIndex> = HashMap::new();
    for (id, file) in sources.iter() {
        let found = find(file);
        if found.directives.is_empty() && found.malformed.is_empty() {
            continue;
        }
        files.insert(id, FileIndex::new(found));
    }
    if files.is_empty() {
        return Vec::new();
    }
    for ((file, rule), mut lines) in suppress(diagnostics, sources, &files) {
        lines.sort_unstable();
        if let Some(index) = files.get_mut(&file) {
            index.mark_used(rule, &lines);
        }
    }

    let mut findings = Vec::new();
    let mut ids: Vec<&FileId> = files.keys().collect();
    ids.sort();
    for &file in ids {
        let FileIndex { found, used, .. } = &files[&file];
        if !ran(meta, file) {
            continue;
        }
        let span = |r: &Range<usize>| Span::new(file, r.clone());
        for m in &found.malformed {
            findings.push(
                Diagnostic::new(meta, span(&m.range), m.message.clone())
                    .severity(Severity::Warning)
                    .label(m.label.clone())
                    .help(m.help.clone())
                    .key("malformed"),
            );
        }
        for (directive, used) in found.directives.iter().zip(used) {
            let mut listed: HashSet<&str> = HashSet::new();
            for (k, name) in directive.rules.iter().enumerate() {
                if !listed.insert(name.id.as_str()) {
                    findings.push(
                        Diagnostic::new(
                            meta,
                            span(&name.range),
                            format!("`{}` is listed twice in this suppression", name.id),
                        )
                        .severity(Severity::Warning)
                        .label("listed again")
                        .help(format!("remove the second `{}`", name.id))
                        .key(format!("duplicate/{}", name.id)),
                    );
                    continue;
                }
                let Some(rule) = rules::by_id(&name.id) else {
                    let similar = rules::similar_ids(&name.id);
                    let help = if similar.is_empty() {
                        "`gclint rules` lists the rule ids".to_string()
                    } else {
                        format!("did you mean {}?", code_alternatives(&similar))
                    };
                    findings.push(
                        Diagnostic::new(
                            meta,
                            span(&name.range),
                            format!(
                                "unknown rule `{}` in a suppression: it suppresses nothing",
                                name.id
                            ),
                        )
                        .severity(Severity::Warning)
                        .label("not a gclint rule")
                        .help(help)
                        .key(format!("unknown/{}", name.id)),
                    );
                    continue;
                };
                // Its findings were matched above.
                if rule.id == meta.id || used[k] || !ran(rule, file) {
                    continue;
                }
                let message = if directive.file_wide {
                    format!("unused suppression: no `{}` finding in this file", rule.id)
                } else {
                    format!(
                        "unused suppression: no `{}` finding starts on the line it covers",
                        rule.id
                    )
                };
                let help = if directive.rules.len() == 1 {
                    "remove the suppression".to_string()
                } else {
                    format!("remove `{}` from the list", rule.id)
                };
                findings.push(
                    Diagnostic::new(meta, span(&name.range), message)
                        .label("suppresses nothing")
                        .help(help)
                        .key(format!(
                            "{}/{}",
                            if directive.file_wide {
                                "ignore-file"
                            } else {
                                "ignore"
                            },
                            rule.id
                        )),
                );
            }
        }
    }
    // `gclint: ignore[unused-suppression]` silences these in turn.
    suppress(&mut findings, sources, &files);
    findings
}

#[cfg(test)]
mod tests;
