//! JavaScript configuration files (the premium-app wizard's `config.js`)
//! read with oxc's parser: the object literal holding a given key becomes a
//! spanned [`Node`] tree. Values that are not literals (identifiers, calls,
//! templates with `${}`) become [`NodeKind::Expr`] with their source text.

use super::tree::{Entry, Node, NodeKind};
use super::{ParseIssue, MAX_DEPTH};
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
