//! HCL (Terraform) read with `hcl-edit`, which keeps byte spans: every block
//! becomes an [`HclBlock`] whose body is a spanned [`Node`] map. References
//! and expressions that are not literals become [`NodeKind::Expr`] holding
//! their source text (`genesyscloud_auth_role.sync.id`, `var.role_id`).

use super::tree::{Entry, Node, NodeKind};
use super::{ParseIssue, MAX_DEPTH};
use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{BlockLabel, Body, Structure};
use hcl_edit::template::Element;
use hcl_edit::Span;
use std::ops::Range;

/// A top-level block: `resource "genesyscloud_oauth_client" "web" { ... }`.
#[derive(Debug, Clone, PartialEq)]
pub struct HclBlock {
    pub ident: String,
    pub labels: Vec<(String, Range<usize>)>,
    pub range: Range<usize>,
    /// Attributes and nested blocks; a nested block is an entry whose key is
    /// the block's name and labels, space-separated (repeated blocks repeat
    /// the key).
    pub body: Node,
}

fn text_of(text: &str, r: &Range<usize>) -> String {
    text.get(r.clone()).unwrap_or("").to_string()
}

fn expr(text: &str, e: &Expression, depth: usize) -> Node {
    let r = e.span().unwrap_or(0..0);
    if depth > MAX_DEPTH {
        return Node::new(r.clone(), NodeKind::Expr(text_of(text, &r)));
    }
    let kind = match e {
        Expression::Null(_) => NodeKind::Null,
        Expression::Bool(b) => NodeKind::Bool(*b.value()),
        Expression::Number(n) => {
            let n = n.value();
            match n.as_i64() {
                Some(i) => NodeKind::Int(i),
                None => NodeKind::Float(n.as_f64().unwrap_or(f64::NAN)),
            }
        }
        Expression::String(s) => NodeKind::Str(s.value().to_string()),
        Expression::Array(a) => NodeKind::Seq(a.iter().map(|v| expr(text, v, depth + 1)).collect()),
        Expression::Object(o) => NodeKind::Map(
            o.iter()
                .map(|(k, v)| {
                    let key_range = match k {
                        ObjectKey::Ident(i) => i.span(),
                        ObjectKey::Expression(e) => e.span(),
                    }
                    .unwrap_or(0..0);
                    let key = match k {
                        ObjectKey::Ident(i) => i.as_str().to_string(),
                        ObjectKey::Expression(Expression::String(s)) => s.value().to_string(),
                        ObjectKey::Expression(_) => text_of(text, &key_range),
                    };
                    Entry {
                        key,
                        key_range,
                        value: expr(text, v.expr(), depth + 1),
                    }
                })
                .collect(),
        ),
        Expression::Parenthesis(p) => return expr(text, p.inner(), depth + 1),
        // `"${genesyscloud_auth_role.x.id}"` (Terraform 0.11's way to write
        // a reference) is the reference itself.
        Expression::StringTemplate(t) => match t.as_single_element() {
            Some(Element::Interpolation(i)) => return expr(text, &i.expr, depth + 1),
            _ => NodeKind::Expr(text_of(text, &r)),
        },
        _ => NodeKind::Expr(text_of(text, &r)),
    };
    Node::new(r, kind)
}

fn body(text: &str, b: &Body, range: Range<usize>, depth: usize) -> Node {
    let mut entries = Vec::new();
    for s in b.iter() {
        match s {
            Structure::Attribute(a) => entries.push(Entry {
                key: a.key.as_str().to_string(),
                key_range: a.key.span().unwrap_or(0..0),
                value: expr(text, &a.value, depth + 1),
            }),
            Structure::Block(block) if depth < MAX_DEPTH => {
                let r = block.span().unwrap_or(0..0);
                // A labelled nested block (`dynamic "roles"`) is keyed by
                // its name and labels: `dynamic roles`.
                let mut key = block.ident.as_str().to_string();
                for label in block.labels.iter() {
                    key.push(' ');
                    key.push_str(match label {
                        BlockLabel::Ident(i) => i.as_str(),
                        BlockLabel::String(s) => s.value(),
                    });
                }
                entries.push(Entry {
                    key,
                    key_range: block.ident.span().unwrap_or(0..0),
                    value: body(text, &block.body, r, depth + 1),
                });
            }
            Structure::Block(_) => {}
        }
    }
    Node::new(range, NodeKind::Map(entries))
}

/// The expression nesting hcl-edit's parser accepts.
const HCL_EXPRESSION_DEPTH: usize = 64;

/// Parses a Terraform variables file (`*.tfvars`): its top-level
/// attributes, as a map.
pub fn parse_vars(text: &str) -> Result<Node, ParseIssue> {
    let parsed = parse_body(text)?;
    Ok(body(text, &parsed, 0..text.len(), 0))
}

/// Parses a Terraform file into its top-level blocks.
pub fn parse(text: &str) -> Result<Vec<HclBlock>, ParseIssue> {
    let parsed = parse_body(text)?;
    let mut out = Vec::new();
    for s in parsed.iter() {
        if let Structure::Block(block) = s {
            let range = block.span().unwrap_or(0..0);
            let labels = block
                .labels
                .iter()
                .map(|l| {
                    let r = l.span().unwrap_or(0..0);
                    let name = match l {
                        BlockLabel::Ident(i) => i.as_str().to_string(),
                        BlockLabel::String(s) => s.value().to_string(),
                    };
                    (name, r)
                })
                .collect();
            out.push(HclBlock {
                ident: block.ident.as_str().to_string(),
                labels,
                range: range.clone(),
                body: body(text, &block.body, range, 0),
            });
        }
    }
    Ok(out)
}

/// Parses HCL with the bounds every Terraform file gets.
fn parse_body(text: &str) -> Result<Body, ParseIssue> {
    if let Some((at, limit)) = super::json::too_deep(text) {
        return Err(limit.issue(at));
    }
    super::hcl_chains::prescan(text)?;
    let parsed = hcl_edit::parser::parse_body(text).map_err(|e| {
        let loc = e.location();
        // The error gives a line and column; turn them into a byte offset.
        let line_start: usize = text
            .split_inclusive('\n')
            .take(loc.line().saturating_sub(1))
            .map(str::len)
            .sum();
        let at = (line_start + loc.column().saturating_sub(1)).min(text.len());
        // hcl-edit has its own, lower limit for expressions.
        let message = match e.message() {
            m if m.starts_with("invalid nesting depth") => {
                format!("nesting deeper than {HCL_EXPRESSION_DEPTH} levels; not read")
            }
            m => m.to_string(),
        };
        ParseIssue::new(at..(at + 1).min(text.len()).max(at), message)
    })?;
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_operator_chains_are_refused_before_the_parser_backtracks() {
        // Inputs found by fuzzing (minimized), each of which took hcl-edit
        // seconds to reject, doubling per level: chains nesting `(` and `{`.
        let parens = "n=p!=0!=(e!=0!=(e!=0!=(1!=0!=(e/0!=(e!=0!=(e!=0!=(e!=0!=(e!=0!=(0!=0!=(e\n-0!=(0!=0!=(e!=00!=(e!=00!=(e!=00!=(e!=00!=(eee-/--n-/\n\n-----------eee-true-/-----";
        let braces = "k=n/_e_Rv%{0=_/_n_._e_Rv%{0=n/_e_Rv%{0=_/_n_._e_Rv%{0=n/_e_Rv%{0=_/_e_Rv%{0=_/_n_._e_Rv%{0=n/_e_Rv%{0=_/_n_._e_Rv%{0=n/_e_Rv%{0=_/_n_._e_Rv%{0=n/_e_Rv%{0=_/_n_._e_Rv%{0=n/_e_n_._e_Rv%{0=n/_e_Rv%{0=_/_n_._e_Rv%{0=n/_e_Rv%{0=n/_e_Rv%{0=_/_Rv%{0=nRv%{0=n/nv%n/vv%v%{0=n/n/{ s1";
        // Separators right after an operator (`-==`) do not end a chain.
        let separators = "r-----n=0!=01!=(0!=---n---\r---P-/--------------!n0-==01!=(0!=---n/--------0!=01!=(0!=---ni____--P-/--------------!n0-==01!=(0!=---n/-----------------!n0-==01!=(0!=---n-01!=(0!=---n---\r---P-/-------!n0-==01!=(0!=---n----n-01!=(0!=---n---\r---P-/-------!n0-==01!=(0!=---n/-----------------!n0-==01!=(0!=---n-01!=(0!=---n---\r---P-/-------------------!n0-==01!=(0--------Q--/---------------{-----!n0-==01!=(0!=---n-01!=(0!=---n---\r---P-/-------!n0-==01!=(0!=---n/-----------------!n0-==01!=(0!=---n-01!=(0!=---n---\r---P-/-------------------!n0-==01!=(0--------Q--/---------------{-{#b";
        for (found, bracket) in [(parens, '('), (braces, '{'), (separators, '(')] {
            let err = parse(found).unwrap_err();
            assert_eq!(err.message, "operator chains nested too deeply; not read");
            let chain = found.find(bracket).unwrap();
            assert_eq!(err.range, chain..chain + 1);
        }
        // Objects whose keys are chains, on operators a byte or two apart:
        // under the first budget (1 MiB fixed) yet 0.5 s in hcl-edit, whose
        // cost per weighted byte grows with the tokens it holds.
        let dense = r#"reJJBJJJJJ={J<JJ/jJJJJJ<{J<JJJJJJ/jJJJJ:JJ<JJ<{Z<J<{zZ<JJJ={2<J?J:JJ<JJ<{Z<JJJ<ouprhsJJJJ={J<qJ/JJJJJJJJ1JJJJJJJJJJJJJJJJJ1JJJJJJJJJJJJJJJJJJJJ<{J<JJ/JJJJJJJJJJJJJJJreJJJJJJJ-JJJJ={J<JJ/JJJJJJJJJ={J<JJ/JJJJJJJJ1J-JJJJJJJJJJJJJJJJJJ<{J<JJ/JJJJJreJJJJJJ-JJJJJJJJJJJJJJJJJ<{J<JJ/JJJJJJJJJJJJJJJreJHJJJJJ-J                     = "Queu_role.reader.s {
    role_id     =.reader.ide.reader.id
    division_id = "*"
  }
}

udueue Reader"
  permissionJJJ={J<JJ/JJJJJJ1JJJJJJJJJJJJJJJJJJJJ<{J<JJ/JJJJJJ/JJJJJJJJ1JJJJ+JJ-JJJJ={J<JJ/JJJJJJJJ1JJJJJJJJJJJJJJJJJJJJ<{J<JJ/JJJJJJJJJJJJJJJJJJJJJJ<{J<{J<JJ/JJJJJJJJJJJ<{J<JJ/JJJJJJJJJJJJJJJreJJJJJJJ-JJJJ={J<JJ/JJJJJJJJJ={J<JJ/JJJJJJJJ1J-JJJJJJJJJJJJJJJJJJ<{J<JJ/JJJJJreJJJJJJ-JJJJJJJJJJJJJJJJJ<{J<JJ/JJJJJJJJJJJJJJJreJHJJJJJ-J                     = "Queu_role.reader.s {
    role_id     =.reader.ide.reader.id
    division_id = "*"
  }
}

udueue Reader"
  permissionJJJ={J<JJ/JJJJJJ1JJJJJJJJJJJJJJJJJJJJ<{J<JJ/JJJJJJ/JJJJJJJJ1JJJJ+JJ-JJJJ={J<JJ/JJJJJJJJ1JJJJJJJJJJJJJJJJJJJJ<{J<JJ/JJJJJJJJJJJJJJJJJJJJJJ<{J<{J<JJ/JJJJJJJJ1JJ =8["J"#;
        let err = parse(dense).unwrap_err();
        assert_eq!(err.message, "operator chains nested too deeply; not read");
        assert_eq!((err.range.clone(), &dense[err.range]), (24..25, "{"));
        // Valid files of any depth are read.
        let chains = "a = x + y + (x + y + (x + y + (x + y + (1))))\n";
        assert!(parse(chains).is_ok());
        let deep = format!("a = {}1{}\n", "f(x + (".repeat(30), "))".repeat(30));
        assert!(parse(&deep).is_ok());
    }

    #[test]
    fn a_million_values_are_read_and_more_are_refused() {
        use crate::parse::MAX_VALUES;
        // Attributes: each name and value is a term.
        let attributes =
            |n: usize| -> String { (0..n / 2).map(|i| format!("a{i:07} = 1\n")).collect() };
        let ok = parse(&format!("b {{\n{}}}\n", attributes(MAX_VALUES - 10)));
        assert!(ok.is_ok(), "{ok:?}");
        let text = format!("b {{\n{}}}\n", attributes(MAX_VALUES + 10));
        let err = parse(&text).unwrap_err();
        assert_eq!(err.message, "more than 1000000 values; not read");
        // `b` and `{` are two, each attribute two more: the name of the
        // 500,000th attribute (13 bytes each, after `b {\n`) is one too many.
        let at = 4 + 499_999 * 13;
        assert_eq!(err.range, at..at + 1);
        // An array: counted by its commas, as in JSON.
        let array = format!("a = [{}1]\n", "1,".repeat(MAX_VALUES + 10));
        assert_eq!(
            parse(&array).unwrap_err().message,
            "more than 1000000 values; not read"
        );
    }

    #[test]
    fn resources_with_spans_and_references() {
        let text = r#"
resource "genesyscloud_oauth_client" "web" {
  name                  = "Web"
  authorized_grant_type = "CODE"
  scopes                = ["users", "routing:readonly"]
  roles {
    role_id     = genesyscloud_auth_role.agent.id
    division_id = var.division
  }
}
"#;
        let blocks = parse(text).unwrap();
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].labels[1].0, "web");
        let scopes = blocks[0].body.get("scopes").unwrap().as_seq().unwrap();
        assert_eq!(&text[scopes[1].range.clone()], "\"routing:readonly\"");
        let roles = blocks[0].body.get("roles").unwrap();
        assert_eq!(
            roles.get("role_id").unwrap().kind,
            NodeKind::Expr("genesyscloud_auth_role.agent.id".into())
        );
    }

    #[test]
    fn syntax_error_has_position() {
        let err = parse("resource \"a\" \"b\" {\n  name = \n}\n").unwrap_err();
        assert!(err.range.start >= 20, "{err:?}");
    }
}
