//! Branches that never run: `if (false) { ... }`, `if False:`, Go's
//! `if false {`, PowerShell's `if ($false) { ... }`, and the same with a
//! name the file sets once, at its top level, to false (`const ENABLED =
//! false; if (ENABLED) { ... }`). Their `else` runs; the branch does not,
//! so nothing in it is a call or a login.

use super::code::Code;
use super::lexer::Tok;
use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

/// Whether the tokens `range` are a literal false.
fn false_literal(code: &Code, range: &Range<usize>) -> bool {
    match range.len() {
        1 => {
            matches!(
                code.ident(range.start),
                Some("false" | "False" | "$false" | "FALSE")
            ) || (matches!(code.toks[range.start].kind, Tok::Num)
                && code.text.get(code.toks[range.start].range()) == Some("0"))
        }
        _ => false,
    }
}

/// The names the file binds once, outside any block, to a literal false.
fn false_names<'a>(code: &Code<'a>) -> HashMap<&'a str, bool> {
    let mut seen: HashMap<&'a str, bool> = HashMap::default();
    let mut depth = 0usize;
    for k in 0..code.toks.len() {
        match code.toks[k].kind {
            Tok::Punct(b'{') => depth += 1,
            Tok::Punct(b'}') => depth = depth.saturating_sub(1),
            Tok::Punct(b'=') if k >= 1 && !code.punct(k + 1, b'=') => {
                let Some(name) = code.ident(k - 1) else {
                    continue;
                };
                let literal = false_literal(code, &(k + 1..k + 2))
                    && !matches!(
                        code.toks.get(k + 2).map(|t| t.kind),
                        Some(Tok::Punct(b'.' | b'(' | b'['))
                    );
                let entry = seen.entry(name).or_insert(literal && depth == 0);
                // Assigned again, or elsewhere than at the top: not a constant.
                if !(literal && depth == 0) || (*entry && k >= 1 && code.punct(k - 1, b'.')) {
                    *entry = false;
                }
            }
            _ => {}
        }
    }
    seen.retain(|_, v| *v);
    seen
}

/// The token ranges of the branches of `code` that never run, sorted.
pub fn branches(code: &Code) -> Vec<Range<usize>> {
    let n = code.toks.len();
    let mut names: Option<HashMap<&str, bool>> = None;
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut k = 0;
    while k < n {
        if code.ident(k) != Some("if") || (k >= 1 && code.ident(k - 1) == Some("else")) {
            k += 1;
            continue;
        }
        // The condition: `( ... )`, or Go's/Python's up to `{` or `:`.
        let (cond, after) = if code.punct(k + 1, b'(') {
            match code.matching(k + 1) {
                Some(c) => (k + 2..c, c + 1),
                None => break,
            }
        } else {
            let end = (k + 1..(k + 8).min(n)).find(|&e| code.punct(e, b'{') || code.punct(e, b':'));
            match end {
                Some(e) => (k + 1..e, e),
                None => {
                    k += 1;
                    continue;
                }
            }
        };
        let is_false = false_literal(code, &cond)
            || (cond.len() == 1
                && code.ident(cond.start).is_some_and(|name| {
                    names
                        .get_or_insert_with(|| false_names(code))
                        .contains_key(name)
                }));
        if !is_false {
            k += 1;
            continue;
        }
        // The branch: a braced block, or Python's indented body.
        let body = if code.punct(after, b'{') {
            code.matching(after).map(|end| after..end + 1)
        } else if code.punct(after, b':') && code.flavor.python {
            Some(after..code.python_block_end(k, after))
        } else {
            None
        };
        if let Some(body) = body {
            k = body.end;
            out.push(body);
            continue;
        }
        k += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::code::Flavor;
    use crate::scan::lexer::{lex, Syntax};

    fn dead_text(src: &str, syntax: Syntax, python: bool) -> Vec<String> {
        let flavor = Flavor {
            php_dots: false,
            powershell: false,
            python,
            browser: false,
            dotnet: false,
        };
        let code = Code::new(src, lex(src, syntax), 0, flavor);
        branches(&code)
            .iter()
            .map(|r| src[code.toks[r.start].start()..code.toks[r.end - 1].end()].to_string())
            .collect()
    }

    #[test]
    fn literal_and_named_false_branches() {
        assert_eq!(
            dead_text(
                "if (false) { a(); } else { b(); }\nif (x) { c(); }",
                Syntax::JS,
                false
            ),
            ["{ a(); }"]
        );
        assert_eq!(
            dead_text("const LEGACY = false;\nif (LEGACY) { old(); }\nlet on = false; on = true; if (on) { x(); }", Syntax::JS, false),
            ["{ old(); }"]
        );
        assert_eq!(
            dead_text(
                "if False:\n    old()\n    older()\nnew()\n",
                Syntax::PYTHON,
                true
            ),
            [":\n    old()\n    older()"]
        );
        assert_eq!(
            dead_text("if false {\n\told()\n}\n", Syntax::GO, false),
            ["{\n\told()\n}"]
        );
        assert_eq!(
            dead_text("if ($false) { Old }", Syntax::POWERSHELL, false),
            ["{ Old }"]
        );
        assert!(dead_text("if (enabled) { a(); }", Syntax::JS, false).is_empty());
    }
}
