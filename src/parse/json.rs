//! JSON into a spanned [`Node`] tree with `jsonc-parser` (byte ranges for
//! every value and key). Comments and trailing commas are tolerated, as in
//! the JSON that editors and exporters write; nesting is bounded before the
//! recursive parser sees the text.

use super::tree::{Entry, Node, NodeKind};
use super::{Limit, ParseIssue, Parsed, MAX_DEPTH, MAX_VALUES};
use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::{parse_to_ast, CollectOptions, ParseOptions};

/// The first place where brackets nest deeper than [`MAX_DEPTH`] or values
/// pass [`MAX_VALUES`] (counted as commas and opening brackets), skipping
/// strings and comments.
pub(crate) fn too_deep(text: &str) -> Option<(usize, Limit)> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut values = 1usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\'' => {
                let quote = bytes[i];
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some((i, Limit::Depth));
                }
                values += 1;
            }
            b',' => values += 1,
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if values > MAX_VALUES {
            return Some((i, Limit::Values));
        }
        i += 1;
    }
    None
}

fn convert(value: Value<'_>) -> Node {
    match value {
        Value::StringLit(s) => Node::new(
            s.range.start..s.range.end,
            NodeKind::Str(s.value.into_owned()),
        ),
        Value::NumberLit(n) => {
            let range = n.range.start..n.range.end;
            let kind = match n.value.parse::<i64>() {
                Ok(i) => NodeKind::Int(i),
                Err(_) => NodeKind::Float(n.value.parse::<f64>().unwrap_or(f64::NAN)),
            };
            Node::new(range, kind)
        }
        Value::BooleanLit(b) => Node::new(b.range.start..b.range.end, NodeKind::Bool(b.value)),
        Value::NullKeyword(n) => Node::new(n.range.start..n.range.end, NodeKind::Null),
        Value::Array(a) => Node::new(
            a.range.start..a.range.end,
            NodeKind::Seq(a.elements.into_iter().map(convert).collect()),
        ),
        Value::Object(o) => {
            let range = o.range.start..o.range.end;
            let entries = o
                .properties
                .into_iter()
                .map(|p| {
                    let (key, key_range) = match p.name {
                        ObjectPropName::String(s) => {
                            (s.value.into_owned(), s.range.start..s.range.end)
                        }
                        ObjectPropName::Word(w) => {
                            (w.value.to_string(), w.range.start..w.range.end)
                        }
                    };
                    Entry {
                        key,
                        key_range,
                        value: convert(p.value),
                    }
                })
                .collect();
            Node::new(range, NodeKind::Map(entries))
        }
    }
}

fn duplicate_keys(node: &Node, issues: &mut Vec<ParseIssue>) {
    match &node.kind {
        NodeKind::Map(entries) => {
            // A set, not a scan of the earlier keys: objects of thousands of
            // keys (lockfiles, exports) stay linear.
            let mut seen: std::collections::HashSet<&str> =
                std::collections::HashSet::with_capacity(entries.len());
            for e in entries {
                if !seen.insert(e.key.as_str()) {
                    issues.push(ParseIssue::new(
                        e.key_range.clone(),
                        format!("duplicate key `{}`: the later value wins", e.key),
                    ));
                }
                duplicate_keys(&e.value, issues);
            }
        }
        NodeKind::Seq(items) => items.iter().for_each(|n| duplicate_keys(n, issues)),
        _ => {}
    }
}

/// Parses a JSON (or JSON with comments) text.
pub fn parse(text: &str) -> Result<Parsed, ParseIssue> {
    if let Some((at, limit)) = too_deep(text) {
        return Err(limit.issue(at));
    }
    let options = ParseOptions {
        allow_loose_object_property_names: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        ..ParseOptions::default()
    };
    let result = parse_to_ast(text, &CollectOptions::default(), &options).map_err(|e| {
        let r = e.range();
        ParseIssue::new(
            r.start..r.end.max(r.start + 1).min(text.len().max(r.start)),
            e.kind().to_string(),
        )
    })?;
    let root = match result.value {
        Some(v) => convert(v),
        None => return Err(ParseIssue::new(0..0, "the file holds no JSON value")),
    };
    let mut issues = Vec::new();
    duplicate_keys(&root, &mut issues);
    Ok(Parsed { root, issues })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_cover_strings_with_quotes() {
        let text = r#"{"clients": [{"name": "web", "scopes": ["users", "bogus"]}]}"#;
        let doc = parse(text).unwrap().root;
        let scopes = doc.get("clients").unwrap().as_seq().unwrap()[0]
            .get("scopes")
            .unwrap()
            .as_seq()
            .unwrap();
        assert_eq!(&text[scopes[1].range.clone()], "\"bogus\"");
        assert_eq!(&text[doc.pointer_range("/clients/0/scopes")], "\"scopes\"");
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let text = "[".repeat(100_000);
        let err = parse(&text).unwrap_err();
        assert_eq!(err.range, 128..129);
    }

    #[test]
    fn a_million_values_are_read_and_more_are_refused() {
        let array = |n: usize| format!("[{}1]", "1,".repeat(n - 1));
        assert_eq!(
            parse(&array(MAX_VALUES - 1))
                .unwrap()
                .root
                .as_seq()
                .unwrap()
                .len(),
            MAX_VALUES - 1
        );
        // `[` and each `,` count; the 999,999th comma (at 1,999,998) passes.
        let err = parse(&array(MAX_VALUES + 5)).unwrap_err();
        assert_eq!(err.message, "more than 1000000 values; not read");
        assert_eq!(err.range, 1_999_998..1_999_999);
        // Commas in strings and comments do not count.
        let text = format!("{{\"a\": \"{0}\" /* {0} */}}", ",".repeat(2 * MAX_VALUES));
        assert!(parse(&text).is_ok());
    }

    #[test]
    fn syntax_error_has_range() {
        let err = parse("{\"a\": [1, 2,, 3]}").unwrap_err();
        assert!(err.range.start >= 10 && err.range.start <= 12, "{err:?}");
    }
}
