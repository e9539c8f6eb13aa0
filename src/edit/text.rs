//! Edits to a list written in YAML (block or flow style) or JSON, computed
//! on the text so that everything around them — comments, quoting,
//! indentation, line endings — stays as the author wrote it.
//!
//! Each function returns the byte-range edits of one change, or `None` when
//! the text does not have the expected shape (then no fix is offered).

use crate::diagnostic::Edit;
use std::ops::Range;

/// How a list is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// YAML `- item` lines.
    Block,
    /// YAML `[a, b]`.
    Flow,
    Json,
}

/// A list in one file: the range of its key and of each of its items.
#[derive(Debug, Clone)]
pub struct ListText<'a> {
    pub text: &'a str,
    pub json: bool,
    pub key: Range<usize>,
    pub items: Vec<Range<usize>>,
}

fn line_start(text: &str, pos: usize) -> usize {
    text[..pos].rfind('\n').map_or(0, |i| i + 1)
}

/// The end of the line holding `pos`, after its line break (or the end of text).
fn line_end_incl(text: &str, pos: usize) -> usize {
    text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1)
}

/// The end of the line holding `pos`, before its line break.
fn line_end_excl(text: &str, pos: usize) -> usize {
    let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
    if end > pos && text.as_bytes().get(end.wrapping_sub(1)) == Some(&b'\r') {
        end - 1
    } else {
        end
    }
}

/// The file's line break: `\r\n` when it uses them.
fn newline(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

fn is_blank(s: &str) -> bool {
    s.bytes().all(|b| b == b' ' || b == b'\t')
}

/// Only blanks and, optionally, a comment up to the end of the line.
fn rest_is_trivia(text: &str, pos: usize, json: bool) -> bool {
    let rest = text[pos..line_end_excl(text, pos)].trim_start_matches([' ', '\t']);
    rest.is_empty()
        || (!json && rest.starts_with('#'))
        || (json && (rest.starts_with("//") || rest.starts_with("/*")))
}

/// The item stands alone on its line (only indentation before it).
fn alone_before(text: &str, item: &Range<usize>) -> bool {
    is_blank(&text[line_start(text, item.start)..item.start])
}

/// Skips blanks, line breaks and comments forward.
fn skip_trivia(text: &str, mut pos: usize, json: bool) -> usize {
    let bytes = text.as_bytes();
    while pos < bytes.len() {
        match bytes[pos] {
            b' ' | b'\t' | b'\r' | b'\n' => pos += 1,
            b'#' if !json => pos = line_end_excl(text, pos),
            b'/' if json && bytes.get(pos + 1) == Some(&b'/') => pos = line_end_excl(text, pos),
            b'/' if json && bytes.get(pos + 1) == Some(&b'*') => {
                pos = text[pos + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |i| pos + 2 + i + 2);
            }
            _ => break,
        }
    }
    pos
}

/// The last non-blank byte before `pos` (blanks and line breaks skipped).
fn prev_significant(text: &str, pos: usize) -> Option<(usize, u8)> {
    text.as_bytes()[..pos]
        .iter()
        .enumerate()
        .rev()
        .find(|(_, b)| !b" \t\r\n".contains(b))
        .map(|(i, b)| (i, *b))
}

impl ListText<'_> {
    /// The list is written where its key is, item after item: not an alias
    /// of (or anchor for) a list used elsewhere, whose edit would change
    /// another client too.
    fn own_text(&self) -> bool {
        let in_text = std::iter::once(&self.key)
            .chain(&self.items)
            .all(|r| fits(self.text, r));
        if !in_text {
            return false;
        }
        let ordered = self
            .items
            .iter()
            .try_fold(self.key.end, |at, item| {
                (item.start >= at).then_some(item.end)
            })
            .is_some();
        let shared = !self.json
            && self.after_colon().is_some_and(|colon| {
                matches!(
                    self.text.as_bytes().get(skip_blanks(self.text, colon)),
                    Some(b'&' | b'*' | b'!')
                )
            });
        ordered && !shared
    }

    fn style(&self) -> Option<Style> {
        if !self.own_text() {
            return None;
        }
        if self.json {
            return Some(Style::Json);
        }
        let first = self.items.first()?;
        let before = &self.text[line_start(self.text, first.start)..first.start];
        let trimmed = before.trim_end_matches([' ', '\t']);
        if let Some(indent) = trimmed.strip_suffix('-') {
            return is_blank(indent).then_some(Style::Block);
        }
        match prev_significant(self.text, first.start) {
            Some((_, b'[' | b',')) => Some(Style::Flow),
            _ => None,
        }
    }

    /// The byte after the `:` that follows the key.
    fn after_colon(&self) -> Option<usize> {
        let mut pos = self.key.end;
        let bytes = self.text.as_bytes();
        while pos < bytes.len() && (bytes[pos] == b' ' || bytes[pos] == b'\t') {
            pos += 1;
        }
        (bytes.get(pos) == Some(&b':')).then_some(pos + 1)
    }

    /// `value` quoted the way `sample` (an item of the list) is.
    fn quote_like(&self, sample: Option<&str>, value: &str) -> String {
        if self.json {
            return json_string(value);
        }
        match sample.and_then(|s| s.bytes().next()) {
            Some(b'"') => json_string(value),
            Some(b'\'') => format!("'{}'", value.replace('\'', "''")),
            _ if plain_safe(value) => value.to_string(),
            _ => json_string(value),
        }
    }

    /// A new value written the way the list's items are written.
    fn render(&self, value: &str) -> String {
        let sample = self.items.last().map(|r| &self.text[r.clone()]);
        self.quote_like(sample, value)
    }

    /// Removes item `index` with its separator: its whole line in a block
    /// list (trailing comment included), the item and one adjacent comma in
    /// a flow or JSON list.
    pub fn remove(&self, index: usize) -> Option<Vec<Edit>> {
        let style = self.style()?;
        let item = self.items.get(index)?.clone();
        let text = self.text;
        let json = self.json;
        if style == Style::Block {
            if !rest_is_trivia(text, item.end, json) {
                return None;
            }
            let line = line_start(text, item.start)..line_end_incl(text, item.end);
            if self.items.len() > 1 {
                return Some(vec![Edit::delete(line)]);
            }
            // The only item: the key keeps an empty list, not a null.
            let colon = self.after_colon()?;
            if colon > line.start {
                return None;
            }
            return Some(vec![Edit::insert(colon, " []"), Edit::delete(line)]);
        }
        let after = skip_trivia(text, item.end, json);
        let next = text.as_bytes().get(after).copied();
        if next == Some(b',') {
            // The item and the comma after it.
            let comma = after;
            if alone_before(text, &item) && rest_is_trivia(text, comma + 1, json) {
                return Some(vec![Edit::delete(
                    line_start(text, item.start)..line_end_incl(text, comma),
                )]);
            }
            let mut end = comma + 1;
            while matches!(text.as_bytes().get(end), Some(b' ' | b'\t')) {
                end += 1;
            }
            return Some(vec![Edit::delete(item.start..end)]);
        }
        if next != Some(b']') {
            return None;
        }
        let own_line = alone_before(text, &item) && rest_is_trivia(text, item.end, json);
        let line = line_start(text, item.start)..line_end_incl(text, item.end);
        if index == 0 {
            // The only item.
            if !matches!(prev_significant(text, item.start), Some((_, b'['))) {
                return None;
            }
            return Some(vec![Edit::delete(if own_line { line } else { item })]);
        }
        // The last item: the comma after the previous one goes (found
        // forward, so comments between them are read as comments).
        let prev = self.items.get(index - 1)?;
        let comma = skip_trivia(text, prev.end, json);
        if text.as_bytes().get(comma) != Some(&b',')
            || skip_trivia(text, comma + 1, json) != item.start
        {
            return None;
        }
        if own_line && comma < line.start {
            return Some(vec![Edit::delete(comma..comma + 1), Edit::delete(line)]);
        }
        Some(vec![Edit::delete(comma..item.end)])
    }

    /// Writes `value` in place of item `index`, in the item's own quoting.
    pub fn replace(&self, index: usize, value: &str) -> Option<Vec<Edit>> {
        if !self.own_text() {
            return None;
        }
        let item = self.items.get(index)?.clone();
        let rendered = self.quote_like(Some(&self.text[item.clone()]), value);
        // A comment after the item keeps its column: the padding before it
        // absorbs the change of length (at least one space stays).
        let pad_end = skip_blanks(self.text, item.end);
        let pad = pad_end - item.end;
        let comment = &self.text[pad_end..line_end_excl(self.text, pad_end)];
        let aligned = pad > 1
            && self.text[item.end..pad_end].bytes().all(|b| b == b' ')
            && (comment.starts_with('#') || comment.starts_with("//"));
        if aligned {
            let grown = rendered.len() as isize - item.len() as isize;
            let new_pad = (pad as isize - grown).max(1) as usize;
            return Some(vec![Edit::replace(
                item.start..pad_end,
                format!("{rendered}{}", " ".repeat(new_pad)),
            )]);
        }
        Some(vec![Edit::replace(item, rendered)])
    }

    /// Adds `value` at the end of the list, in the style of its items.
    pub fn append(&self, value: &str) -> Option<Vec<Edit>> {
        let text = self.text;
        let rendered = self.render(value);
        let Some(last) = self.items.last().cloned() else {
            return self.fill_empty(&rendered);
        };
        let style = self.style()?;
        let nl = newline(text);
        if style == Style::Block {
            if !rest_is_trivia(text, last.end, self.json) {
                return None;
            }
            let prefix = &text[line_start(text, last.start)..last.start];
            let eol = line_end_incl(text, last.end);
            if eol == text.len() && !text.ends_with('\n') {
                return Some(vec![Edit::insert(eol, format!("{nl}{prefix}{rendered}"))]);
            }
            return Some(vec![Edit::insert(eol, format!("{prefix}{rendered}{nl}"))]);
        }
        // The list must end after this item (a trailing comma is tolerated).
        let mut after = skip_trivia(text, last.end, self.json);
        let trailing_comma = text.as_bytes().get(after) == Some(&b',');
        if trailing_comma {
            after = skip_trivia(text, after + 1, self.json);
        }
        if text.as_bytes().get(after) != Some(&b']') {
            return None;
        }
        if alone_before(text, &last) && !trailing_comma {
            // One item per line: a new line with the same indentation; a
            // comment after the last item stays on its line.
            let indent = &text[line_start(text, last.start)..last.start];
            let eol = line_end_excl(text, last.end);
            return Some(vec![
                Edit::insert(last.end, ","),
                Edit::insert(eol, format!("{nl}{indent}{rendered}")),
            ]);
        }
        if trailing_comma {
            return None;
        }
        Some(vec![Edit::insert(last.end, format!(", {rendered}"))])
    }

    /// Adds the first item to a list that has none: `[]`, `null` or no value.
    fn fill_empty(&self, rendered: &str) -> Option<Vec<Edit>> {
        if !self.own_text() {
            return None;
        }
        let text = self.text;
        let colon = self.after_colon()?;
        let value = skip_blanks(text, colon);
        let rest = &text[value..];
        if rest.starts_with('[') {
            let close = skip_trivia(text, value + 1, self.json);
            if text.as_bytes().get(close) != Some(&b']') {
                return None;
            }
            return Some(vec![Edit::insert(value + 1, rendered.to_string())]);
        }
        if self.json {
            return rest
                .starts_with("null")
                .then(|| vec![Edit::replace(value..value + 4, format!("[{rendered}]"))]);
        }
        for null in ["null", "Null", "NULL", "~"] {
            if rest.starts_with(null) && rest_is_trivia(text, value + null.len(), false) {
                return Some(vec![Edit::replace(
                    value..value + null.len(),
                    format!("[{rendered}]"),
                )]);
            }
        }
        // `key:` with nothing after it on the line, and no block list below.
        if !rest_is_trivia(text, value, false) {
            return None;
        }
        let below = skip_trivia(text, value, false);
        if text[below..].starts_with('-') {
            return None;
        }
        Some(vec![Edit::insert(colon, format!(" [{rendered}]"))])
    }
}

/// A range of whole characters inside the text.
fn fits(text: &str, r: &Range<usize>) -> bool {
    r.start <= r.end && text.is_char_boundary(r.start) && text.is_char_boundary(r.end)
}

fn skip_blanks(text: &str, mut pos: usize) -> usize {
    while matches!(text.as_bytes().get(pos), Some(b' ' | b'\t')) {
        pos += 1;
    }
    pos
}

/// A JSON (and YAML double-quoted) string literal.
pub fn json_string(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| format!("\"{value}\""))
}

/// Whether a YAML plain scalar reads back as this same string.
pub fn plain_safe(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    first.is_ascii_alphabetic()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_:./".contains(c))
        && !value.ends_with(':')
        && !matches!(
            value,
            "true" | "True" | "TRUE" | "false" | "False" | "FALSE" | "null" | "Null" | "NULL"
        )
}

/// Adds `key: [value]` to a mapping that lacks the key, right after the
/// entry whose value ends at `anchor` (the mapping's `name`).
pub fn insert_entry(
    text: &str,
    json: bool,
    mapping: &Range<usize>,
    anchor: &Range<usize>,
    key: &str,
    value: &str,
) -> Option<Vec<Edit>> {
    let rendered = match json {
        true => format!("[{}]", json_string(value)),
        false if plain_safe(value) => format!("[{value}]"),
        false => format!("[{}]", json_string(value)),
    };
    insert_rendered(text, json, mapping, anchor, key, &rendered)
}

/// Adds `key: literal` (a boolean or number, written as is in YAML and
/// JSON) to a mapping that lacks the key, after the entry ending at
/// `anchor`.
pub fn insert_literal_entry(
    text: &str,
    json: bool,
    mapping: &Range<usize>,
    anchor: &Range<usize>,
    key: &str,
    literal: &str,
) -> Option<Vec<Edit>> {
    insert_rendered(text, json, mapping, anchor, key, literal)
}

/// Adds `key: rendered` (the value already written for the file's syntax).
fn insert_rendered(
    text: &str,
    json: bool,
    mapping: &Range<usize>,
    anchor: &Range<usize>,
    key: &str,
    rendered: &str,
) -> Option<Vec<Edit>> {
    let inside = mapping.start <= anchor.start && anchor.end <= mapping.end;
    if !fits(text, mapping) || !fits(text, anchor) || !inside {
        return None;
    }
    let nl = newline(text);
    if json {
        let entry = format!("{}: {rendered}", json_string(key));
        let after = skip_trivia(text, anchor.end, true);
        if !matches!(text.as_bytes().get(after), Some(b',' | b'}')) {
            return None;
        }
        let line = line_start(text, anchor.start);
        let own_line = text[anchor.end..after].contains('\n')
            || (text.as_bytes().get(after) == Some(&b',') && rest_is_trivia(text, after + 1, true));
        if own_line {
            let indent: String = text[line..]
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            return Some(vec![Edit::insert(
                anchor.end,
                format!(",{nl}{indent}{entry}"),
            )]);
        }
        return Some(vec![Edit::insert(anchor.end, format!(", {entry}"))]);
    }
    if text[mapping.clone()].starts_with('{') {
        return Some(vec![Edit::insert(
            anchor.end,
            format!(", {key}: {rendered}"),
        )]);
    }
    if !rest_is_trivia(text, anchor.end, false) {
        return None;
    }
    // The mapping's keys start at its own column (after `- ` in a list).
    let indent: String = text[line_start(text, mapping.start)..mapping.start]
        .chars()
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let eol = line_end_incl(text, anchor.end);
    let entry = format!("{indent}{key}: {rendered}");
    if eol == text.len() && !text.ends_with('\n') {
        return Some(vec![Edit::insert(eol, format!("{nl}{entry}"))]);
    }
    Some(vec![Edit::insert(eol, format!("{entry}{nl}"))])
}

/// An HCL quoted string (`${` and `%{` would start templates).
pub fn hcl_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out.replace("${", "$${").replace("%{", "%%{")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::apply_edits;

    /// The list under `key` as the manifest reader sees it.
    fn list<'a>(text: &'a str, json: bool, key: &str) -> ListText<'a> {
        let parsed = if json {
            crate::parse::json::parse(text)
        } else {
            crate::parse::yaml::parse(text)
        }
        .unwrap();
        let entry = parsed.root.entry(key).unwrap().clone();
        ListText {
            text,
            json,
            key: entry.key_range.clone(),
            items: entry
                .value
                .as_seq()
                .unwrap_or_default()
                .iter()
                .map(|n| n.range.clone())
                .collect(),
        }
    }

    fn remove(text: &str, json: bool, index: usize) -> String {
        let l = list(text, json, "s");
        apply_edits(text, &l.remove(index).unwrap()).unwrap()
    }

    fn append(text: &str, json: bool, value: &str) -> String {
        let l = list(text, json, "s");
        apply_edits(text, &l.append(value).unwrap()).unwrap()
    }

    #[test]
    fn block_items_go_with_their_line_and_comment() {
        let text = "s:\n  - a   # first\n  # about b\n  - b\n  - c\nt: 1\n";
        assert_eq!(
            remove(text, false, 0),
            "s:\n  # about b\n  - b\n  - c\nt: 1\n"
        );
        assert_eq!(
            remove(text, false, 2),
            "s:\n  - a   # first\n  # about b\n  - b\nt: 1\n"
        );
        assert_eq!(remove("s:\n- only # x\nt: 1\n", false, 0), "s: []\nt: 1\n");
        assert_eq!(
            remove("s:\r\n  - a\r\n  - b\r\n", false, 1),
            "s:\r\n  - a\r\n"
        );
    }

    #[test]
    fn flow_items_take_one_comma() {
        let text = "s: [a, b, c] # keep\n";
        assert_eq!(remove(text, false, 0), "s: [b, c] # keep\n");
        assert_eq!(remove(text, false, 1), "s: [a, c] # keep\n");
        assert_eq!(remove(text, false, 2), "s: [a, b] # keep\n");
        assert_eq!(remove("s: ['a']\n", false, 0), "s: []\n");
        assert_eq!(
            remove("s: [\n  a, # one\n  b\n]\n", false, 1),
            "s: [\n  a # one\n]\n"
        );
    }

    #[test]
    fn json_elements_take_the_right_comma() {
        let text = "{\"s\": [\"a\", \"b\", \"c\"]}";
        assert_eq!(remove(text, true, 0), "{\"s\": [\"b\", \"c\"]}");
        assert_eq!(remove(text, true, 2), "{\"s\": [\"a\", \"b\"]}");
        let lines = "{\n  \"s\": [\n    \"a\", // A\n    \"b\",\n    \"c\" // C\n  ]\n}\n";
        assert_eq!(
            remove(lines, true, 1),
            "{\n  \"s\": [\n    \"a\", // A\n    \"c\" // C\n  ]\n}\n"
        );
        assert_eq!(
            remove(lines, true, 2),
            "{\n  \"s\": [\n    \"a\", // A\n    \"b\"\n  ]\n}\n"
        );
    }

    #[test]
    fn appends_follow_the_list_style() {
        assert_eq!(
            append("s:\n    - a  # x\nt: 1\n", false, "b:readonly"),
            "s:\n    - a  # x\n    - b:readonly\nt: 1\n"
        );
        assert_eq!(
            append("s:\n  - \"a\"", false, "b"),
            "s:\n  - \"a\"\n  - \"b\""
        );
        assert_eq!(append("s: ['a'] # x\n", false, "b"), "s: ['a', 'b'] # x\n");
        assert_eq!(append("s: []\n", false, "b"), "s: [b]\n");
        assert_eq!(
            append("s:   # none yet\nt: 1\n", false, "b"),
            "s: [b]   # none yet\nt: 1\n"
        );
        assert_eq!(
            append("{\"s\": [\n  \"a\" // A\n]}", true, "b"),
            "{\"s\": [\n  \"a\", // A\n  \"b\"\n]}"
        );
        assert_eq!(append("{\"s\": null}", true, "b"), "{\"s\": [\"b\"]}");
    }

    /// A list of strings under a key: its JSON pointer, key and items.
    type Found = (String, Range<usize>, Vec<Range<usize>>);
    /// How an edit changes the list's value.
    type Expect = Box<dyn Fn(&mut Vec<serde_json::Value>)>;

    fn string_lists(node: &crate::parse::Node, at: String, out: &mut Vec<Found>) {
        use crate::parse::NodeKind;
        match &node.kind {
            NodeKind::Map(entries) => {
                for e in entries {
                    let path = format!("{at}/{}", e.key.replace('~', "~0").replace('/', "~1"));
                    if let Some(items) = e.value.as_seq() {
                        if items.iter().all(|i| i.as_str().is_some()) {
                            let ranges = items.iter().map(|i| i.range.clone()).collect();
                            out.push((path.clone(), e.key_range.clone(), ranges));
                        }
                    }
                    string_lists(&e.value, path, out);
                }
            }
            NodeKind::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    string_lists(item, format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }

    /// On every list of strings in the manifests of the fixtures and
    /// examples, removing, replacing and appending each item gives a file
    /// that reads back as exactly the intended document.
    #[test]
    fn every_list_edit_reads_back_as_intended() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut manifests = Vec::new();
        for dir in ["examples", "fixtures", "fixtures/fix"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                for name in ["appfoundry.yaml", "appfoundry.json"] {
                    let path = entry.as_ref().unwrap().path().join(name);
                    if path.exists() {
                        manifests.push(path);
                    }
                }
            }
        }
        assert!(manifests.len() >= 10, "{manifests:?}");
        let mut edits_checked = 0;
        for path in manifests {
            let text = std::fs::read_to_string(&path).unwrap();
            let json = path.extension().is_some_and(|e| e == "json");
            let parse = |t: &str| {
                if json {
                    crate::parse::json::parse(t)
                } else {
                    crate::parse::yaml::parse(t)
                }
            };
            let Ok(parsed) = parse(&text) else { continue };
            let original = parsed.root.to_json();
            let mut lists = Vec::new();
            string_lists(&parsed.root, String::new(), &mut lists);
            for (pointer, key, items) in lists {
                let l = ListText {
                    text: &text,
                    json,
                    key,
                    items: items.clone(),
                };
                let mut cases: Vec<(Option<Vec<Edit>>, Expect)> = Vec::new();
                for i in 0..items.len() {
                    cases.push((
                        l.remove(i),
                        Box::new(move |v| {
                            v.remove(i);
                        }),
                    ));
                    cases.push((
                        l.replace(i, "zz:readonly"),
                        Box::new(move |v| v[i] = "zz:readonly".into()),
                    ));
                }
                cases.push((l.append("zz"), Box::new(|v| v.push("zz".into()))));
                for (edits, change) in cases {
                    let edits =
                        edits.unwrap_or_else(|| panic!("{}: {pointer}: no edit", path.display()));
                    let after = apply_edits(&text, &edits).unwrap();
                    let reread = parse(&after)
                        .unwrap_or_else(|e| panic!("{}: {pointer}: {e:?}\n{after}", path.display()))
                        .root
                        .to_json();
                    let mut expected = original.clone();
                    let list = expected
                        .pointer_mut(&pointer)
                        .and_then(|v| v.as_array_mut())
                        .unwrap();
                    change(list);
                    assert_eq!(reread, expected, "{}: {pointer}\n{after}", path.display());
                    edits_checked += 1;
                }
            }
        }
        assert!(edits_checked > 200, "{edits_checked}");
    }

    #[test]
    fn shared_lists_are_not_edited() {
        let text = "a: &common [x, y]\ns: *common\n";
        let l = list(text, false, "s");
        assert_eq!(l.remove(0), None);
        assert_eq!(l.replace(0, "z"), None);
        assert_eq!(l.append("z"), None);
        let l = list(text, false, "a");
        assert_eq!(l.remove(0), None);
    }

    #[test]
    fn replacements_keep_comments_in_their_column() {
        let text = "s:\n  - routing     # queues\n  - a # tight\n";
        let l = list(text, false, "s");
        let mut edits = l.replace(0, "routing:readonly").unwrap();
        edits.extend(l.replace(1, "bb").unwrap());
        assert_eq!(
            apply_edits(text, &edits).unwrap(),
            "s:\n  - routing:readonly # queues\n  - bb # tight\n"
        );
        let text = "s:\n  - routing:readonly  # queues\n";
        let l = list(text, false, "s");
        assert_eq!(
            apply_edits(text, &l.replace(0, "x").unwrap()).unwrap(),
            "s:\n  - x                 # queues\n"
        );
    }

    #[test]
    fn replacements_keep_the_quoting() {
        let text = "s: ['a', \"b\", c]\n";
        let l = list(text, false, "s");
        let mut edits = l.replace(0, "x:readonly").unwrap();
        edits.extend(l.replace(1, "y").unwrap());
        edits.extend(l.replace(2, "it's").unwrap());
        assert_eq!(
            apply_edits(text, &edits).unwrap(),
            "s: ['x:readonly', \"y\", \"it's\"]\n"
        );
    }

    #[test]
    fn entries_are_added_after_the_anchor() {
        let text = "clients:\n  - name: web # main\n    grantType: TOKEN\n";
        let doc = crate::parse::yaml::parse(text).unwrap().root;
        let client = &doc.get("clients").unwrap().as_seq().unwrap()[0];
        let name = client.get("name").unwrap();
        let edits =
            insert_entry(text, false, &client.range, &name.range, "scopes", "users").unwrap();
        assert_eq!(
            apply_edits(text, &edits).unwrap(),
            "clients:\n  - name: web # main\n    scopes: [users]\n    grantType: TOKEN\n"
        );
        let text = "{\"clients\": [{\n  \"name\": \"web\",\n  \"grantType\": \"TOKEN\"\n}]}";
        let doc = crate::parse::json::parse(text).unwrap().root;
        let client = &doc.get("clients").unwrap().as_seq().unwrap()[0];
        let name = client.get("name").unwrap();
        let edits =
            insert_entry(text, true, &client.range, &name.range, "scopes", "users").unwrap();
        assert_eq!(
            apply_edits(text, &edits).unwrap(),
            "{\"clients\": [{\n  \"name\": \"web\",\n  \"scopes\": [\"users\"],\n  \"grantType\": \"TOKEN\"\n}]}"
        );
    }
}
