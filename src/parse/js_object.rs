//! JavaScript configuration files (the premium-app wizard's `config.js`)
//! read with oxc's parser: the object literal holding a given key becomes a
//! spanned [`Node`] tree. Values that are not literals (identifiers, calls,
//! templates with `${}`) become [`NodeKind::Expr`] with their source text.

use super::tree::{Entry, Node, NodeKind};
use super::{Limit, ParseIssue, MAX_DEPTH, MAX_VALUES};
use oxc_allocator::Allocator;
use oxc_ast::ast::{ArrayExpressionElement, Expression, ObjectPropertyKind, Statement};
use oxc_span::{GetSpan, SourceType};

fn range(span: oxc_span::Span) -> std::ops::Range<usize> {
    span.start as usize..span.end as usize
}

fn convert(text: &str, expr: &Expression<'_>, depth: usize) -> Node {
    let r = range(expr.span());
    let source = || NodeKind::Expr(text.get(r.clone()).unwrap_or("").to_string());
    if depth > MAX_DEPTH {
        return Node::new(r.clone(), source());
    }
    let kind = match expr {
        Expression::StringLiteral(s) => NodeKind::Str(s.value.to_string()),
        Expression::NumericLiteral(n) => {
            if n.value.fract() == 0.0 && n.value.abs() < 9.0e15 {
                NodeKind::Int(n.value as i64)
            } else {
                NodeKind::Float(n.value)
            }
        }
        Expression::BooleanLiteral(b) => NodeKind::Bool(b.value),
        Expression::NullLiteral(_) => NodeKind::Null,
        Expression::TemplateLiteral(t) if t.expressions.is_empty() => NodeKind::Str(
            t.quasis
                .iter()
                .map(|q| {
                    q.value
                        .cooked
                        .as_ref()
                        .map_or(q.value.raw.as_str(), |c| c.as_str())
                })
                .collect(),
        ),
        Expression::ParenthesizedExpression(p) => return convert(text, &p.expression, depth + 1),
        Expression::ArrayExpression(a) => NodeKind::Seq(
            a.elements
                .iter()
                .filter_map(|el| match el {
                    ArrayExpressionElement::SpreadElement(_)
                    | ArrayExpressionElement::Elision(_) => None,
                    other => other.as_expression().map(|e| convert(text, e, depth + 1)),
                })
                .collect(),
        ),
        Expression::ObjectExpression(o) => NodeKind::Map(
            o.properties
                .iter()
                .filter_map(|p| match p {
                    ObjectPropertyKind::ObjectProperty(prop) if !prop.computed => {
                        let key = prop.key.static_name()?.to_string();
                        Some(Entry {
                            key,
                            key_range: range(prop.key.span()),
                            value: convert(text, &prop.value, depth + 1),
                        })
                    }
                    _ => None,
                })
                .collect(),
        ),
        _ => source(),
    };
    Node::new(r, kind)
}

/// Object literals a module exports or assigns at top level:
/// `export default {...}`, `module.exports = {...}`, `const config = {...}`.
fn top_level_objects<'p>(stmts: &'p [Statement<'p>]) -> Vec<&'p Expression<'p>> {
    let mut out = Vec::new();
    for stmt in stmts {
        match stmt {
            Statement::ExportDefaultDeclaration(decl) => {
                if let Some(e) = decl.declaration.as_expression() {
                    out.push(e);
                }
            }
            Statement::VariableDeclaration(v) => {
                out.extend(v.declarations.iter().filter_map(|d| d.init.as_ref()))
            }
            Statement::ExpressionStatement(e) => {
                if let Expression::AssignmentExpression(a) = &e.expression {
                    out.push(&a.right);
                }
            }
            _ => {}
        }
    }
    out
}

/// Parses JavaScript and returns the first top-level object literal that
/// has `key` (at any depth), as a tree; `Ok(None)` when there is none.
pub fn object_with_key(text: &str, key: &str) -> Result<Option<Node>, ParseIssue> {
    if let Some((at, limit)) = too_deep(text) {
        return Err(limit.issue(at));
    }
    // The nesting is bounded now; a stack of its own keeps the parser's
    // recursion independent of the caller's (worker threads have less).
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("gclint-js".into())
            .stack_size(PARSER_STACK)
            .spawn_scoped(scope, || parse_object_with_key(text, key))
            .ok()
            .and_then(|parser| parser.join().ok())
            .unwrap_or_else(|| {
                Err(ParseIssue::new(
                    0..0,
                    "the JavaScript parser could not run on this file",
                ))
            })
    })
}

/// Stack for oxc's parser: ample for [`MAX_DEPTH`] levels in a debug build
/// (only the pages touched are ever committed).
const PARSER_STACK: usize = 64 << 20;

fn parse_object_with_key(text: &str, key: &str) -> Result<Option<Node>, ParseIssue> {
    let allocator = Allocator::default();
    let parsed = oxc_parser::Parser::new(&allocator, text, SourceType::mjs()).parse();
    if let Some(error) = parsed.diagnostics.errors().next() {
        let at = error
            .labels
            .first()
            .map(|l| range(l.span()))
            .unwrap_or(0..0);
        return Err(ParseIssue::new(at, error.message.to_string()));
    }
    if parsed.panicked {
        return Err(ParseIssue::new(
            0..0,
            "the JavaScript parser gave up on this file",
        ));
    }
    for expr in top_level_objects(&parsed.program.body) {
        let node = convert(text, expr, 0);
        if contains_key(&node, key, 0) {
            return Ok(Some(node));
        }
    }
    Ok(None)
}

/// Keywords after which oxc's parser recurses for what follows.
const RECURSING_KEYWORDS: [&str; 19] = [
    "new", "typeof", "void", "delete", "await", "yield", "if", "else", "for", "while", "do",
    "with", "return", "throw", "case", "default", "function", "class", "async",
];

/// Where the JavaScript first nests deeper than [`MAX_DEPTH`]. oxc's parser
/// recurses once per bracket, and also once per prefix operator (`!!!x`),
/// right-associative operator (`a = b = c`, `a ? b : c ? …`, `x => y => …`,
/// `2 ** 3 ** …`) and nested statement (`if … else if …`); none of these
/// has a limit of its own. This counts all of them, brackets plus the chain
/// of such tokens since the last `,` or `;`, carried into nested brackets,
/// plus the nesting hidden in template interpolations, and so bounds the
/// recursion before the parser runs.
fn too_deep(text: &str) -> Option<(usize, Limit)> {
    use crate::scan::lexer::{lex_each, Syntax, Token};
    let mut count = Count {
        text,
        outer: Vec::new(),
        chain: 0,
        deepest: 0,
        values: 1,
    };
    // Tokens are looked at one behind the lexer, which streams them (a
    // hostile file holds millions): the one before and the one after count.
    let mut before: Option<Token> = None;
    let mut current: Option<Token> = None;
    let mut found = None;
    let lexed = lex_each(text, Syntax::JS, |next| {
        if found.is_some() {
            return false;
        }
        if let Some(token) = &current {
            found = count.step(token, before.as_ref(), Some(&next));
        }
        before = current.replace(next);
        found.is_none()
    });
    if found.is_none() {
        if let Some(token) = &current {
            found = count.step(token, before.as_ref(), None);
        }
    }
    if found.is_some() {
        return found;
    }
    // Nesting inside interpolations adds to what surrounds them.
    let allowed = MAX_DEPTH.saturating_sub(count.deepest);
    (lexed.interpolation_depth > allowed).then(|| {
        let at = &lexed.interpolation_depth_at;
        let at = at.get(allowed).or(at.last()).copied().unwrap_or(0);
        (at, Limit::Depth)
    })
}

/// The nesting and values counted over a JavaScript token stream.
struct Count<'a> {
    text: &'a str,
    /// The chain carried in from each open bracket.
    outer: Vec<usize>,
    chain: usize,
    deepest: usize,
    values: usize,
}

impl Count<'_> {
    /// Counts `token`; where a limit is crossed, if it is.
    fn step(
        &mut self,
        token: &crate::scan::lexer::Token,
        before: Option<&crate::scan::lexer::Token>,
        after: Option<&crate::scan::lexer::Token>,
    ) -> Option<(usize, Limit)> {
        use crate::scan::lexer::Tok;
        let adjacent_next = after.filter(|n| n.start() == token.end()).map(|n| &n.kind);
        let operand_before = matches!(
            before.map(|t| &t.kind),
            Some(Tok::Ident | Tok::Str(_) | Tok::Num | Tok::Regex | Tok::Punct(b')' | b']' | b'}'))
        );
        let counts = match &token.kind {
            Tok::Punct(b'(' | b'[' | b'{') => {
                self.outer.push(self.chain);
                if self.outer.len() > MAX_DEPTH {
                    return Some((token.start(), Limit::Depth));
                }
                self.values += 1;
                self.chain += 1;
                false
            }
            Tok::Punct(b')' | b']' | b'}') => {
                self.chain = self.outer.pop().unwrap_or(0);
                false
            }
            Tok::Punct(b',' | b';') => {
                self.values += 1;
                self.chain = self.outer.last().map_or(0, |c| c + 1);
                false
            }
            Tok::Punct(b'=' | b'?' | b':' | b'!' | b'~') => true,
            Tok::Punct(b'+' | b'-') => !operand_before,
            Tok::Punct(b'*') => adjacent_next == Some(&Tok::Punct(b'*')),
            Tok::Punct(b'.') => adjacent_next == Some(&Tok::Punct(b'.')),
            Tok::Ident => RECURSING_KEYWORDS.contains(&self.text.get(token.range()).unwrap_or("")),
            _ => false,
        };
        if counts {
            self.chain += 1;
        }
        if self.chain > MAX_DEPTH {
            return Some((token.start(), Limit::Depth));
        }
        if self.values > MAX_VALUES {
            return Some((token.start(), Limit::Values));
        }
        self.deepest = self.deepest.max(self.chain);
        None
    }
}

fn contains_key(node: &Node, key: &str, depth: usize) -> bool {
    if depth > 4 {
        return false;
    }
    match &node.kind {
        NodeKind::Map(entries) => entries
            .iter()
            .any(|e| e.key == key || contains_key(&e.value, key, depth + 1)),
        _ => false,
    }
}

/// The node for `key`, searched breadth-first through nested objects.
pub fn find_key<'n>(node: &'n Node, key: &str) -> Option<&'n Entry> {
    let entries = node.as_map()?;
    entries
        .iter()
        .find(|e| e.key == key)
        .or_else(|| entries.iter().find_map(|e| find_key(&e.value, key)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_export_default_with_spans() {
        let text = "// wizard\nexport default {\n  clientID: 'abc',\n  provisioningInfo: {\n    'oauth-client': [{ name: 'c', scope: ['users', `x`], roles: [roleName] }],\n  },\n};\n";
        let root = object_with_key(text, "provisioningInfo").unwrap().unwrap();
        let info = find_key(&root, "provisioningInfo").unwrap();
        let clients = info.value.get("oauth-client").unwrap().as_seq().unwrap();
        let scopes = clients[0].get("scope").unwrap().as_seq().unwrap();
        assert_eq!(&text[scopes[0].range.clone()], "'users'");
        assert_eq!(scopes[1].as_str(), Some("x"));
        let roles = clients[0].get("roles").unwrap().as_seq().unwrap();
        assert_eq!(roles[0].kind, NodeKind::Expr("roleName".into()));
    }

    #[test]
    fn a_million_values_are_read_and_more_are_refused() {
        let config = |n: usize| {
            format!(
                "export default {{ provisioningInfo: {{ x: [{}1] }} }};\n",
                "1,".repeat(n)
            )
        };
        assert!(object_with_key(&config(MAX_VALUES - 10), "provisioningInfo").is_ok());
        let err = object_with_key(&config(MAX_VALUES + 10), "provisioningInfo").unwrap_err();
        assert_eq!(err.message, "more than 1000000 values; not read");
        // Three brackets count before the array's commas; the 999,997th
        // comma passes.
        let at = "export default { provisioningInfo: { x: [".len() + 999_997 * 2 - 1;
        assert_eq!(err.range, at..at + 1);
    }

    #[test]
    fn hostile_nesting_is_refused_before_parsing() {
        let n = 100_000;
        let shapes: [(&str, &str); 9] = [
            ("(", ")"),
            ("[", "]"),
            ("`${", "}`"),
            ("!", ""),
            ("a => ", ""),
            ("a = ", ""),
            ("a ? b : ", ""),
            ("2 ** ", ""),
            ("-", ""),
        ];
        for (open, close) in shapes {
            let text = format!(
                "export default {{ provisioningInfo: {{ x: {}1{} }} }};",
                open.repeat(n),
                close.repeat(n)
            );
            let err = object_with_key(&text, "provisioningInfo").unwrap_err();
            assert_eq!(
                err.message, "nesting deeper than 128 levels; not read",
                "{open}"
            );
            // Reported where the limit is crossed, not at the innermost level.
            assert!(err.range.start < 2_000, "{open}: {:?}", err.range);
        }
        // `else if` chains recurse in the parser too.
        let chain = format!(
            "if (a) {{}}{}\nexport default {{ provisioningInfo: {{}} }};",
            " else if (a) {}".repeat(n)
        );
        assert!(object_with_key(&chain, "provisioningInfo").is_err());
    }

    #[test]
    fn ordinary_configs_are_well_within_the_nesting_limit() {
        let mut text =
            String::from("export default {\n  provisioningInfo: {\n    'oauth-client': [\n");
        for i in 0..500 {
            text.push_str(&format!(
                "      {{ name: `c${{prefix}}{i}`, scope: ['users', 'routing'], enabled: !disabled, n: -1 + 2 * 3, roles: [a ? 'x' : 'y'] }},\n"
            ));
        }
        text.push_str("    ],\n  },\n  html: '<p>' + a + b + c + d + e + f + g + h + i + j + k + l + m + '</p>',\n};\n");
        let root = object_with_key(&text, "provisioningInfo").unwrap().unwrap();
        let info = find_key(&root, "provisioningInfo").unwrap();
        assert_eq!(
            info.value
                .get("oauth-client")
                .unwrap()
                .as_seq()
                .unwrap()
                .len(),
            500
        );
    }

    #[test]
    fn module_exports_and_syntax_errors() {
        assert!(object_with_key(
            "module.exports = { provisioningInfo: {} };",
            "provisioningInfo"
        )
        .unwrap()
        .is_some());
        assert!(object_with_key("const x = { a: 1 };", "provisioningInfo")
            .unwrap()
            .is_none());
        let err = object_with_key(
            "export default { provisioningInfo: { a: [1, 2 }",
            "provisioningInfo",
        )
        .unwrap_err();
        assert!(err.range.start > 30, "{err:?}");
    }
}
