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

/// Turns hcl-edit's tree into [`Node`]s. `text` is what was parsed: the
/// file, or one block of it that starts at byte `base` of the file (every
/// range is the file's).
struct Reader<'t> {
    text: &'t str,
    base: usize,
}

impl Reader<'_> {
    /// A span of the parsed text, as a range of the file.
    fn range(&self, span: Option<Range<usize>>) -> Range<usize> {
        let r = span.unwrap_or(0..0);
        r.start + self.base..r.end + self.base
    }

    /// The source text at `r` (a range of the file).
    fn text_of(&self, r: &Range<usize>) -> String {
        self.text
            .get(r.start - self.base..r.end - self.base)
            .unwrap_or("")
            .to_string()
    }

    fn expr(&self, e: &Expression, depth: usize) -> Node {
        let r = self.range(e.span());
        if depth > MAX_DEPTH {
            return Node::new(r.clone(), NodeKind::Expr(self.text_of(&r)));
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
            Expression::Array(a) => {
                NodeKind::Seq(a.iter().map(|v| self.expr(v, depth + 1)).collect())
            }
            Expression::Object(o) => NodeKind::Map(
                o.iter()
                    .map(|(k, v)| {
                        let key_range = self.range(match k {
                            ObjectKey::Ident(i) => i.span(),
                            ObjectKey::Expression(e) => e.span(),
                        });
                        let key = match k {
                            ObjectKey::Ident(i) => i.as_str().to_string(),
                            ObjectKey::Expression(Expression::String(s)) => s.value().to_string(),
                            ObjectKey::Expression(_) => self.text_of(&key_range),
                        };
                        Entry {
                            key,
                            key_range,
                            value: self.expr(v.expr(), depth + 1),
                        }
                    })
                    .collect(),
            ),
            Expression::Parenthesis(p) => return self.expr(p.inner(), depth + 1),
            // `"${genesyscloud_auth_role.x.id}"` (Terraform 0.11's way to
            // write a reference) is the reference itself.
            Expression::StringTemplate(t) => match t.as_single_element() {
                Some(Element::Interpolation(i)) => return self.expr(&i.expr, depth + 1),
                _ => NodeKind::Expr(self.text_of(&r)),
            },
            _ => NodeKind::Expr(self.text_of(&r)),
        };
        Node::new(r, kind)
    }

    fn body(&self, b: &Body, range: Range<usize>, depth: usize) -> Node {
        let mut entries = Vec::new();
        for s in b.iter() {
            match s {
                Structure::Attribute(a) => entries.push(Entry {
                    key: a.key.as_str().to_string(),
                    key_range: self.range(a.key.span()),
                    value: self.expr(&a.value, depth + 1),
                }),
                Structure::Block(block) if depth < MAX_DEPTH => {
                    let r = self.range(block.span());
                    // A labelled nested block (`dynamic "roles"`) is keyed
                    // by its name and labels: `dynamic roles`.
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
                        key_range: self.range(block.ident.span()),
                        value: self.body(&block.body, r, depth + 1),
                    });
                }
                Structure::Block(_) => {}
            }
        }
        Node::new(range, NodeKind::Map(entries))
    }

    /// The top-level blocks of a parsed body.
    fn blocks(&self, parsed: &Body) -> Vec<HclBlock> {
        let mut out = Vec::new();
        for s in parsed.iter() {
            if let Structure::Block(block) = s {
                let range = self.range(block.span());
                let labels = block
                    .labels
                    .iter()
                    .map(|l| {
                        let r = self.range(l.span());
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
                    body: self.body(&block.body, range, 0),
                });
            }
        }
        out
    }
}

/// The expression nesting hcl-edit's parser accepts.
const HCL_EXPRESSION_DEPTH: usize = 64;

/// Parses a Terraform variables file (`*.tfvars`): its top-level
/// attributes, as a map.
pub fn parse_vars(text: &str) -> Result<Node, ParseIssue> {
    check(text)?;
    let parsed = parse_piece(text, 0)?;
    Ok(Reader { text, base: 0 }.body(&parsed, 0..text.len(), 0))
}

/// Parses a Terraform file into its top-level blocks.
pub fn parse(text: &str) -> Result<Vec<HclBlock>, ParseIssue> {
    check(text)?;
    whole(text)
}

fn whole(text: &str) -> Result<Vec<HclBlock>, ParseIssue> {
    let parsed = parse_piece(text, 0)?;
    Ok(Reader { text, base: 0 }.blocks(&parsed))
}

/// Parses a Terraform file into its top-level blocks, building the body
/// only of the blocks `deep` picks (by name and labels): every other block
/// keeps its name, labels and spans, with an empty body.
///
/// An export of thousands of resources is mostly blocks gclint only counts;
/// the bounds check that runs before any parse also outlines the file, so
/// skimming them costs nothing more. Whatever the outline cannot vouch for
/// (a broken string or bracket, a top-level attribute, a header split over
/// lines) is parsed whole, so a broken file gets hcl-edit's message. A
/// mistake inside a block gclint does not read is left to Terraform.
pub fn parse_outline(
    text: &str,
    deep: impl Fn(&str, &[(String, Range<usize>)]) -> bool,
) -> Result<Vec<HclBlock>, ParseIssue> {
    let outline = check(text)?;
    let Some(heads) = outline
        .clean
        .then(|| headers(text, &outline.bodies))
        .flatten()
    else {
        return whole(text);
    };
    let mut out = Vec::with_capacity(heads.len());
    for head in heads {
        if deep(&head.ident, &head.labels) {
            let piece = &text[head.range.clone()];
            let parsed = parse_piece(piece, head.range.start)?;
            let reader = Reader {
                text: piece,
                base: head.range.start,
            };
            out.extend(reader.blocks(&parsed));
        } else {
            out.push(HclBlock {
                body: Node::new(head.range.clone(), NodeKind::Map(Vec::new())),
                ident: head.ident,
                labels: head.labels,
                range: head.range,
            });
        }
    }
    Ok(out)
}

/// A top-level block's header, as the outline reads it.
struct Header {
    ident: String,
    labels: Vec<(String, Range<usize>)>,
    /// From the block's name to just past its `}`.
    range: Range<usize>,
}

/// The headers of the top-level blocks whose bodies the outline found, when
/// the file is blocks and nothing else: each `name "label" ... {` alone at
/// the start of its line, plain labels (no escapes or templates), and
/// nothing but spaces and comments between blocks. `None` otherwise.
fn headers(text: &str, bodies: &[Range<usize>]) -> Option<Vec<Header>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bodies.len());
    let mut at = 0;
    for body in bodies {
        let start = gap(bytes, at, at == 0)?;
        let ident_end = start
            + bytes[start..]
                .iter()
                .take_while(|&&c| ident_byte(c))
                .count();
        if ident_end == start || !(bytes[start].is_ascii_alphabetic() || bytes[start] == b'_') {
            return None;
        }
        let mut labels = Vec::new();
        let mut i = ident_end;
        loop {
            i += bytes[i..]
                .iter()
                .take_while(|&&c| c == b' ' || c == b'\t')
                .count();
            match bytes.get(i)? {
                b'{' if i == body.start => break,
                b'"' => {
                    let len = bytes[i + 1..].iter().position(|&c| c == b'"')?;
                    let inner = &text[i + 1..i + 1 + len];
                    if inner.contains(['\\', '\n']) || inner.contains("${") || inner.contains("%{")
                    {
                        return None;
                    }
                    labels.push((inner.to_string(), i..i + len + 2));
                    i += len + 2;
                }
                c if c.is_ascii_alphabetic() || *c == b'_' => {
                    let len = bytes[i..].iter().take_while(|&&c| ident_byte(c)).count();
                    labels.push((text[i..i + len].to_string(), i..i + len));
                    i += len;
                }
                _ => return None,
            }
        }
        out.push(Header {
            ident: text[start..ident_end].to_string(),
            labels,
            range: start..body.end,
        });
        at = body.end;
    }
    // Nothing but spaces and comments after the last block.
    match gap(bytes, at, at == 0) {
        None => Some(out),
        Some(_) => None,
    }
}

/// Skips spaces and comments from `at`: where the next item starts, if one
/// does and a line break (or the start of the file) came before it.
fn gap(bytes: &[u8], mut at: usize, mut line_start: bool) -> Option<usize> {
    let line_end = |at: usize| memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |n| at + n);
    while at < bytes.len() {
        at = match bytes[at] {
            b'\n' => {
                line_start = true;
                at + 1
            }
            b' ' | b'\t' | b'\r' => at + 1,
            b'#' => line_end(at),
            b'/' if bytes.get(at + 1) == Some(&b'/') => line_end(at),
            b'/' if bytes.get(at + 1) == Some(&b'*') => {
                memchr::memmem::find(&bytes[at + 2..], b"*/").map_or(bytes.len(), |n| at + n + 4)
            }
            _ => return line_start.then_some(at),
        };
    }
    None
}

fn ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

/// The bounds every Terraform file is held to before hcl-edit reads any of
/// it; the outline comes with them.
fn check(text: &str) -> Result<super::hcl_chains::Outline, ParseIssue> {
    if let Some((at, limit)) = super::json::too_deep(text) {
        return Err(limit.issue(at));
    }
    super::hcl_chains::prescan(text)
}

/// Parses `text`, which starts at byte `base` of its file, with hcl-edit.
fn parse_piece(text: &str, base: usize) -> Result<Body, ParseIssue> {
    hcl_edit::parser::parse_body(text).map_err(|e| {
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
        ParseIssue::new(base + at..base + (at + 1).min(text.len()).max(at), message)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The blocks of `text` read whole, and outlined with no block read
    /// deeply: the same names, labels and spans.
    fn same_outline(text: &str) {
        let whole = parse(text).unwrap();
        let skimmed = parse_outline(text, |_, _| false).unwrap();
        let heads = |blocks: &[HclBlock]| -> Vec<_> {
            blocks
                .iter()
                .map(|b| (b.ident.clone(), b.labels.clone(), b.range.clone()))
                .collect()
        };
        assert_eq!(heads(&skimmed), heads(&whole), "{text}");
        for b in &skimmed {
            assert_eq!(
                b.body,
                Node::new(b.range.clone(), NodeKind::Map(Vec::new()))
            );
        }
        // Read deeply, every block is the whole parse's.
        assert_eq!(parse_outline(text, |_, _| true).unwrap(), whole, "{text}");
    }

    #[test]
    fn the_outline_agrees_with_the_whole_parse_on_every_terraform_file_here() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut seen = 0;
        for entry in ignore::WalkBuilder::new(root)
            .hidden(false)
            .build()
            .flatten()
        {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "tf") && !path.starts_with(root.join("target"))
            {
                let text = std::fs::read_to_string(path).unwrap();
                if parse(&text).is_ok() {
                    same_outline(&text);
                    seen += 1;
                }
            }
        }
        assert!(seen >= 20, "{seen} Terraform files");
    }

    #[test]
    fn the_outline_skims_blocks_in_every_shape_terraform_writes() {
        same_outline(
            "# exported\nterraform {\n  required_providers {\n    genesyscloud = { source = \"mypurecloud/genesyscloud\" }\n  }\n}\n\n\
             resource \"genesyscloud_architect_datatable_row\" \"r1\" {\n  key_value = \"a\"\n  properties_json = jsonencode({ \"x\" = \"}\" })\n}\n\
             /* a comment { */ resource genesyscloud_flow f {\n  filepath = <<-EOT\n    }}} ${var.x} {\n  EOT\n}\n\
             data \"genesyscloud_auth_division_home\" \"home\" {}\n// last\n",
        );
        // One line, strings with braces and templates, CRLF.
        same_outline("locals { a = \"${x}\" }\r\noutput \"o\" {\r\n  value = \"%{ if true }{%{ endif }\"\r\n}\r\n");
        // Nothing to outline.
        same_outline("");
        same_outline("# only a comment\n");
    }

    #[test]
    fn what_the_outline_cannot_vouch_for_is_parsed_whole() {
        // Each is read by hcl-edit: its blocks (or its message) are the
        // whole parse's, even with no block read deeply.
        for text in [
            // A top-level attribute.
            "a = { b = 1 }\nresource \"x\" \"y\" {}\n",
            // A label with a template or an escape.
            "resource \"x_${y}\" \"z\" {}\n",
            "resource \"x\\\"\" \"z\" {}\n",
            // Two blocks on one line, a header over two lines.
            "a {}\nb {} c {}\n",
            "resource \"x\"\n\"y\" {}\n",
            // Broken: an unclosed string, brace, heredoc, comment; a stray `}`.
            "resource \"x\" \"y\" {\n  a = \"open\n}\n",
            "resource \"x\" \"y\" {\n  a = 1\n",
            "resource \"x\" \"y\" {\n  a = <<EOT\n  b\n}\n",
            "resource \"x\" \"y\" {}\n/* open\n",
            "resource \"x\" \"y\" {}\n}\n",
            "resource \"x\" \"y\" {\n  a = (1 }\n",
            // Written for a preprocessor: not HCL until it has run.
            "provider \"genesyscloud\" {\n  oauthclient_id = ${{ secrets.ID }}\n}\n",
            "resource \"x\" \"y\" {\n  a = 1;\n}\n",
        ] {
            assert_eq!(parse_outline(text, |_, _| false), parse(text), "{text}");
        }
    }

    #[test]
    fn a_deep_block_is_read_at_its_place_in_the_file() {
        let text = "resource \"genesyscloud_flow\" \"f\" {\n  filepath = \"a.yaml\"\n}\n\
                    resource \"genesyscloud_oauth_client\" \"c\" {\n  name = \"Sync\"\n  roles {\n    role_id = genesyscloud_auth_role.r.id\n  }\n}\n";
        let blocks = parse_outline(text, |ident, labels| {
            ident == "resource" && labels[0].0 == "genesyscloud_oauth_client"
        })
        .unwrap();
        let whole = parse(text).unwrap();
        assert_eq!(blocks[1], whole[1]);
        let name = blocks[1].body.get("name").unwrap();
        assert_eq!(&text[name.range.clone()], "\"Sync\"");
        assert_eq!(blocks[0].body.as_map().unwrap_or_default().len(), 0);
        // A mistake in a block read deeply is reported where it is.
        let broken = text.replace("name = \"Sync\"", "name = = \"Sync\"");
        let err = parse_outline(&broken, |ident, labels| {
            ident == "resource" && labels[0].0 == "genesyscloud_oauth_client"
        })
        .unwrap_err();
        assert_eq!(err, parse(&broken).unwrap_err());
    }

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
