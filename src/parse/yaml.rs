//! YAML into a spanned [`Node`] tree, on top of `saphyr-parser`'s event
//! stream. Aliases are expanded under a node budget and nesting is bounded,
//! so a hostile file yields a diagnostic, not an exhausted machine.

use super::tree::{Entry, Node, NodeKind};
use super::{ParseIssue, Parsed, MAX_DEPTH, MAX_NODES};
use saphyr_parser::{Event, Parser, ScalarStyle, Span as YamlSpan};
use std::collections::HashMap;
use std::ops::Range;

/// Maps the parser's character indexes to byte offsets.
struct Offsets<'a> {
    text: &'a str,
    /// Byte offset of each character, only for non-ASCII text.
    table: Option<Vec<usize>>,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str) -> Self {
        let table = (!text.is_ascii()).then(|| text.char_indices().map(|(i, _)| i).collect());
        Offsets { text, table }
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.table {
            None => char_index.min(self.text.len()),
            Some(t) => t.get(char_index).copied().unwrap_or(self.text.len()),
        }
    }

    fn range(&self, span: &YamlSpan) -> Range<usize> {
        self.byte(span.start.index())..self.byte(span.end.index())
    }
}

enum Frame {
    Seq {
        start: usize,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        anchor: usize,
        entries: Vec<Entry>,
        key: Option<(String, Range<usize>)>,
    },
}

struct Builder<'a> {
    offsets: Offsets<'a>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    nodes: usize,
    max_nodes: usize,
    /// Whether an alias has been expanded (the usual way past the budget).
    aliases: bool,
    root: Option<Node>,
    issues: Vec<ParseIssue>,
}

fn count(node: &Node) -> usize {
    1 + match &node.kind {
        NodeKind::Seq(items) => items.iter().map(count).sum(),
        NodeKind::Map(entries) => entries.iter().map(|e| 1 + count(&e.value)).sum(),
        _ => 0,
    }
}

/// Resolves an untagged plain scalar by the YAML 1.2 core schema.
fn plain_scalar(value: &str) -> NodeKind {
    match value {
        "" | "~" | "null" | "Null" | "NULL" => return NodeKind::Null,
        "true" | "True" | "TRUE" => return NodeKind::Bool(true),
        "false" | "False" | "FALSE" => return NodeKind::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return NodeKind::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return NodeKind::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return NodeKind::Float(f64::NAN),
        _ => {}
    }
    let digits = value.strip_prefix(['-', '+']).unwrap_or(value);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = value.trim_start_matches('+').parse::<i64>() {
            return NodeKind::Int(i);
        }
    }
    if let Some(hex) = value.strip_prefix("0x") {
        if let Ok(i) = i64::from_str_radix(hex, 16) {
            return NodeKind::Int(i);
        }
    }
    if let Some(oct) = value.strip_prefix("0o") {
        if let Ok(i) = i64::from_str_radix(oct, 8) {
            return NodeKind::Int(i);
        }
    }
    let looks_float = digits.bytes().any(|b| b.is_ascii_digit())
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if looks_float {
        if let Ok(f) = value.parse::<f64>() {
            return NodeKind::Float(f);
        }
    }
    NodeKind::Str(value.to_string())
}

impl<'a> Builder<'a> {
    fn budget(&mut self, n: usize, at: Range<usize>) -> Result<(), ParseIssue> {
        self.nodes += n;
        if self.nodes > self.max_nodes {
            return Err(ParseIssue::new(
                at,
                if self.aliases {
                    format!(
                        "the document expands to more than {} values through aliases \
                         (alias expansion bomb?); not read",
                        self.max_nodes
                    )
                } else {
                    format!(
                        "the document holds more than {} values; not read",
                        self.max_nodes
                    )
                },
            ));
        }
        Ok(())
    }

    fn open(&mut self, frame: Frame, at: Range<usize>) -> Result<(), ParseIssue> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(ParseIssue::new(
                at,
                format!("nesting deeper than {MAX_DEPTH} levels; not read"),
            ));
        }
        self.stack.push(frame);
        Ok(())
    }

    fn finish(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => {
                    let name = match &node.kind {
                        NodeKind::Str(s) | NodeKind::Expr(s) => s.clone(),
                        NodeKind::Int(i) => i.to_string(),
                        NodeKind::Bool(b) => b.to_string(),
                        NodeKind::Float(f) => f.to_string(),
                        NodeKind::Null => "null".to_string(),
                        NodeKind::Seq(_) | NodeKind::Map(_) => {
                            self.issues.push(ParseIssue::new(
                                node.range.clone(),
                                "a list or mapping used as a key is not supported here",
                            ));
                            String::new()
                        }
                    };
                    if entries.iter().any(|e| e.key == name) {
                        self.issues.push(ParseIssue::new(
                            node.range.clone(),
                            format!("duplicate key `{name}`: the later value wins"),
                        ));
                    }
                    *key = Some((name, node.range));
                }
                Some((name, key_range)) => entries.push(Entry {
                    key: name,
                    key_range,
                    value: node,
                }),
            },
        }
    }

    fn event(&mut self, event: Event<'_>, span: &YamlSpan) -> Result<bool, ParseIssue> {
        let range = self.offsets.range(span);
        match event {
            Event::Scalar(value, style, anchor, tag) => {
                self.budget(1, range.clone())?;
                let forced_string = tag.as_ref().is_some_and(|t| t.suffix == "str");
                let kind = if style == ScalarStyle::Plain && !forced_string {
                    plain_scalar(&value)
                } else {
                    NodeKind::Str(value.into_owned())
                };
                self.finish(Node::new(range, kind), anchor);
            }
            Event::SequenceStart(anchor, _) => self.open(
                Frame::Seq {
                    start: range.start,
                    anchor,
                    items: Vec::new(),
                },
                range,
            )?,
            Event::MappingStart(anchor, _) => self.open(
                Frame::Map {
                    start: range.start,
                    anchor,
                    entries: Vec::new(),
                    key: None,
                },
                range,
            )?,
            Event::SequenceEnd => {
                if let Some(Frame::Seq {
                    start,
                    anchor,
                    items,
                }) = self.stack.pop()
                {
                    self.budget(1, range.clone())?;
                    let end = range.end.max(items.last().map_or(start, |n| n.range.end));
                    self.finish(Node::new(start..end, NodeKind::Seq(items)), anchor);
                }
            }
            Event::MappingEnd => {
                if let Some(Frame::Map {
                    start,
                    anchor,
                    entries,
                    ..
                }) = self.stack.pop()
                {
                    self.budget(1, range.clone())?;
                    let end = range
                        .end
                        .max(entries.last().map_or(start, |e| e.value.range.end));
                    self.finish(Node::new(start..end, NodeKind::Map(entries)), anchor);
                }
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id).cloned() else {
                    return Err(ParseIssue::new(range, "alias to an unknown anchor"));
                };
                self.aliases = true;
                self.budget(count(&target), range)?;
                self.finish(target, 0);
            }
            Event::DocumentEnd => {
                if self.root.is_some() {
                    return Ok(false);
                }
            }
            Event::DocumentStart(_) => {
                if self.root.is_some() {
                    self.issues.push(ParseIssue::new(
                        range,
                        "only the first YAML document of the file is read",
                    ));
                    return Ok(false);
                }
            }
            Event::StreamEnd => return Ok(false),
            Event::StreamStart | Event::Nothing => {}
        }
        Ok(true)
    }
}

/// Parses the first document of a YAML text (manifests and other
/// configuration: at most [`MAX_NODES`] values).
pub fn parse(text: &str) -> Result<Parsed, ParseIssue> {
    parse_with_budget(text, MAX_NODES)
}

/// Parses a large document (a swagger file of megabytes). The value budget
/// grows with the text: a document without aliases holds fewer values than
/// bytes, so only alias expansion can reach it. Nesting stays bounded.
pub fn parse_large(text: &str) -> Result<Parsed, ParseIssue> {
    parse_with_budget(text, MAX_NODES.max(text.len()))
}

fn parse_with_budget(text: &str, max_nodes: usize) -> Result<Parsed, ParseIssue> {
    let mut builder = Builder {
        offsets: Offsets::new(text),
        stack: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        max_nodes,
        aliases: false,
        root: None,
        issues: Vec::new(),
    };
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        match next {
            Ok((event, span)) => {
                if !builder.event(event, &span)? {
                    break;
                }
            }
            Err(e) => {
                let at = builder.offsets.byte(e.marker().index());
                let end = (at + 1).min(text.len()).max(at);
                // The scanner reads ahead of the events and may meet its own
                // flow nesting limit first: say it the way the builder does.
                let message = match e.info() {
                    "recursion limit exceeded" => {
                        format!("nesting deeper than {MAX_DEPTH} levels; not read")
                    }
                    info => info.to_string(),
                };
                return Err(ParseIssue::new(at..end, message));
            }
        }
    }
    let root = builder
        .root
        .unwrap_or_else(|| Node::new(0..0, NodeKind::Null));
    Ok(Parsed {
        root,
        issues: builder.issues,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice<'a>(text: &'a str, r: &Range<usize>) -> &'a str {
        &text[r.clone()]
    }

    #[test]
    fn spans_point_at_keys_and_values() {
        let text = "name: app\nclients:\n  - name: web\n    scopes: [users, \"user-basic-info\"]\n";
        let doc = parse(text).unwrap().root;
        let clients = doc.get("clients").unwrap().as_seq().unwrap();
        let scopes = clients[0].get("scopes").unwrap().as_seq().unwrap();
        assert_eq!(slice(text, &scopes[0].range), "users");
        assert_eq!(slice(text, &scopes[1].range), "\"user-basic-info\"");
        assert_eq!(scopes[1].as_str(), Some("user-basic-info"));
        let entry = clients[0].entry("scopes").unwrap();
        assert_eq!(slice(text, &entry.key_range), "scopes");
    }

    #[test]
    fn non_ascii_offsets_are_bytes() {
        let text = "name: \"café ☕\"\nregions: [eu_west_1]\n";
        let doc = parse(text).unwrap().root;
        let r = &doc.get("regions").unwrap().as_seq().unwrap()[0].range;
        assert_eq!(slice(text, r), "eu_west_1");
    }

    #[test]
    fn scalars_follow_the_core_schema() {
        let doc = parse("a: 300\nb: true\nc: ~\nd: '300'\ne: 1.5\nf: x:y\n")
            .unwrap()
            .root;
        assert_eq!(doc.get("a").unwrap().kind, NodeKind::Int(300));
        assert_eq!(doc.get("b").unwrap().kind, NodeKind::Bool(true));
        assert_eq!(doc.get("c").unwrap().kind, NodeKind::Null);
        assert_eq!(doc.get("d").unwrap().kind, NodeKind::Str("300".into()));
        assert_eq!(doc.get("e").unwrap().kind, NodeKind::Float(1.5));
        assert_eq!(doc.get("f").unwrap().as_str(), Some("x:y"));
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let prev = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        let err = parse(&text).unwrap_err();
        assert!(
            err.message.contains("alias expansion bomb"),
            "{}",
            err.message
        );
        // Without aliases, a document that large says what it is.
        let flat = format!("a: [{}x]\n", "x, ".repeat(200_000));
        assert_eq!(
            parse(&flat).unwrap_err().message,
            "the document holds more than 200000 values; not read"
        );
        // The large-document budget grows with the text, not with aliases.
        let err = parse_large(&text).unwrap_err();
        assert!(
            err.message.contains("more than 200000 values"),
            "{}",
            err.message
        );
    }

    #[test]
    fn deep_nesting_is_refused() {
        // Flow nesting stops in the scanner's own guard, block nesting at
        // gclint's depth limit; both say so the same way.
        let err = parse(&"[".repeat(100_000)).unwrap_err();
        assert_eq!(err.message, "nesting deeper than 128 levels; not read");
        assert_eq!(err.range, 255..256);
        let mut block = String::new();
        for depth in 0..200 {
            block.push_str(&" ".repeat(depth));
            block.push_str("k:\n");
        }
        let err = parse(&block).unwrap_err();
        assert!(
            err.message.contains("nesting deeper than 128"),
            "{}",
            err.message
        );
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let text = "name: app\nclients: [a, b\n";
        let err = parse(text).unwrap_err();
        assert!(err.range.start > 10, "{:?}", err);
    }

    #[test]
    fn duplicate_keys_are_reported() {
        let parsed = parse("name: a\nname: b\n").unwrap();
        assert_eq!(parsed.issues.len(), 1);
        assert_eq!(parsed.root.get("name").unwrap().as_str(), Some("b"));
    }
}
