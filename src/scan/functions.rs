//! The functions of a file: where each is defined, its parameters (with
//! their defaults, and the options of a destructured options parameter)
//! and the tokens of its body, in every language the scanner reads:
//! `function f(a) {}`, `f(a) {}` methods, `const f = (a) => ...`, Python
//! `def f(a):` (the body is read by indentation), Go `func (c *C) f(a T)`,
//! Kotlin `fun f(a: T)`, PowerShell `function F { param($A) ... }`.
//!
//! The values stage reads parameters as the inputs of a function (a
//! wrapper's path), and the body as the scope of its local variables.

use super::code::{Code, NONE};
use super::lexer::Tok;
use std::ops::Range;

/// A parameter: its name, and the tokens of its default value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param<'a> {
    pub name: &'a str,
    pub default: Option<Range<usize>>,
    /// A destructured options object (`{ method = 'GET', body } = {}`):
    /// each option's name and default.
    pub options: Vec<(&'a str, Option<Range<usize>>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Function<'a> {
    /// The name it is called by (`get` of `async get(path) {}`, the
    /// variable an arrow function is assigned to); empty for anonymous
    /// functions (callbacks), which still scope their parameters.
    pub name: &'a str,
    pub name_at: usize,
    pub params: Vec<Param<'a>>,
    /// The tokens of the body, braces excluded; an arrow function without
    /// braces has its expression here.
    pub body: Range<usize>,
    /// The body is one expression (`(a) => a + 1`): its value is returned.
    pub expression: bool,
}

/// Names that open a block without being a function's.
const NOT_FUNCTIONS: [&str; 24] = [
    "if", "for", "while", "switch", "catch", "with", "foreach", "using", "lock", "elif", "return",
    "typeof", "sizeof", "when", "async", "await", "new", "yield", "throw", "do", "try", "super",
    "base", "this",
];

/// Words the supported languages reserve: never a variable's or a
/// function's name (`if (...)` is not a call, `return x` names `x` only).
pub fn is_keyword(word: &str) -> bool {
    NOT_FUNCTIONS.contains(&word)
        || matches!(
            word,
            "else"
                | "const"
                | "let"
                | "var"
                | "val"
                | "function"
                | "func"
                | "def"
                | "lambda"
                | "not"
                | "and"
                | "or"
                | "in"
                | "is"
                | "of"
                | "true"
                | "false"
                | "null"
                | "nil"
                | "None"
                | "True"
                | "False"
                | "undefined"
                | "void"
                | "param"
                | "$true"
                | "$false"
                | "$null"
                | "instanceof"
                | "delete"
        )
}

/// Types a parameter is declared with after its name (`path string`).
fn is_type_name(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_uppercase())
        || matches!(
            word,
            "string"
                | "int"
                | "int64"
                | "int32"
                | "bool"
                | "float64"
                | "any"
                | "interface"
                | "byte"
                | "str"
                | "dict"
                | "list"
                | "object"
                | "number"
                | "boolean"
        )
}

/// The functions of a file, and which one each token's innermost scope is.
pub struct Functions<'a> {
    pub list: Vec<Function<'a>>,
    /// For each token, the innermost function whose body holds it
    /// (`NONE`: file level).
    owner: Vec<u32>,
    /// The functions of each name, in the order of `list`.
    by_name: rustc_hash::FxHashMap<&'a str, Vec<usize>>,
}

impl<'a> Functions<'a> {
    pub fn of(code: &Code<'a>) -> Functions<'a> {
        let mut list = Vec::new();
        let n = code.toks.len();
        let mut i = 0;
        while i < n {
            if let Some(f) = definition(code, i) {
                list.push(f);
            }
            i += 1;
        }
        // Innermost owner of each token: bodies nest, so a sweep in start
        // order with a stack of open bodies gives it in one pass.
        list.sort_by_key(|f: &Function| (f.body.start, std::cmp::Reverse(f.body.end)));
        let mut owner = vec![NONE; n];
        let mut stack: Vec<usize> = Vec::new();
        let mut next = 0;
        for (t, slot) in owner.iter_mut().enumerate() {
            while next < list.len() && list[next].body.start <= t {
                stack.push(next);
                next += 1;
            }
            while stack.last().is_some_and(|&f| list[f].body.end <= t) {
                stack.pop();
            }
            if let Some(&f) = stack.last() {
                *slot = f as u32;
            }
        }
        let mut by_name: rustc_hash::FxHashMap<&'a str, Vec<usize>> =
            rustc_hash::FxHashMap::default();
        for (i, f) in list.iter().enumerate() {
            by_name.entry(f.name).or_default().push(i);
        }
        Functions {
            list,
            owner,
            by_name,
        }
    }

    /// The innermost function whose body holds token `i`.
    pub fn owner(&self, i: usize) -> Option<usize> {
        let f = *self.owner.get(i)?;
        (f != NONE).then_some(f as usize)
    }

    /// The functions whose bodies hold token `i`, innermost first.
    pub fn owners(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let mut at = self.owner(i);
        std::iter::from_fn(move || {
            let f = at?;
            let start = self.list[f].body.start;
            at = start.checked_sub(1).and_then(|s| {
                // The function enclosing `f`'s body start.
                let mut o = self.owner(s);
                while let Some(g) = o {
                    if self.list[g].body.end > start {
                        break;
                    }
                    o = self.list[g]
                        .body
                        .start
                        .checked_sub(1)
                        .and_then(|s| self.owner(s));
                }
                o
            });
            Some(f)
        })
    }

    /// The functions named `name`, in the order of `list`.
    pub fn named(&self, name: &str) -> &[usize] {
        self.by_name.get(name).map_or(&[], Vec::as_slice)
    }
}

/// A function defined at token `i`, if one is.
fn definition<'a>(code: &Code<'a>, i: usize) -> Option<Function<'a>> {
    let word = code.ident(i);
    match word {
        // `function f(...) {`, `def f(...):`, `fun f(...)`, Go `func f(`
        // and `func (c *C) f(`, PowerShell `function Verb-Noun {`.
        Some("function" | "def" | "fun" | "func") => {
            let mut k = i + 1;
            if word == Some("func") && code.punct(k, b'(') {
                k = code.matching(k)? + 1; // the receiver
            }
            let name_at = k;
            let name = code.ident(k).unwrap_or("");
            // Type parameters before the parameters: TypeScript
            // `function get<T>(`, Go `func Get[T any](`.
            let open = if name.is_empty() {
                k
            } else if word == Some("func") && code.punct(k + 1, b'[') {
                code.matching(k + 1).map_or(k + 1, |c| c + 1)
            } else {
                code.call_open(k).unwrap_or(k + 1)
            };
            if code.flavor.powershell && word == Some("function") {
                return powershell_function(code, name_at, open);
            }
            if !code.punct(open, b'(') {
                return None;
            }
            let close = code.matching(open)?;
            let params = parameters(code, open, close);
            if code.flavor.python {
                return python_body(code, i, close).map(|body| Function {
                    name,
                    name_at,
                    params,
                    body,
                    expression: false,
                });
            }
            // Go results may be a list in parentheses: `func f(a T) (*R, error) {`.
            let results_end = match word == Some("func") && code.punct(close + 1, b'(') {
                true => code.matching(close + 1)?,
                false => close,
            };
            let (body, expression) = body_after(code, results_end)?;
            Some(Function {
                name,
                name_at,
                params,
                body,
                expression,
            })
        }
        // `name(...) {` (methods of JS classes and objects, Java, C#, PHP
        // class methods after `function`), and arrows assigned to a name:
        // `const f = (a) => ...`, `f = async a => ...`, `f: (a) => ...`.
        // Python defines functions with `def` (read above) only.
        Some(_) if code.flavor.python => None,
        Some(name) if !NOT_FUNCTIONS.contains(&name) => {
            if let Some(open) = code.call_open(i) {
                // Not a call: `x.f(...) {` never defines; the name after
                // `function`/`def` (or a Go receiver) was read with its keyword.
                if i >= 1 && (code.punct(i - 1, b'.') || code.ident(i - 1) == Some("new"))
                    || after_keyword(code, i)
                {
                    return None;
                }
                let close = code.matching(open)?;
                let (body, expression) = body_after(code, close)?;
                return Some(Function {
                    name,
                    name_at: i,
                    params: parameters(code, open, close),
                    body,
                    expression,
                });
            }
            // `name = (params) =>` / `name: (params) =>` / `name = async x =>`
            if !(code.punct(i + 1, b'=') || code.punct(i + 1, b':')) {
                return None;
            }
            arrow(code, i + 2).map(|mut f| {
                f.name = name;
                f.name_at = i;
                f
            })
        }
        _ => {
            // An anonymous arrow function: `(t) => ...`, `t => ...`.
            if code.punct(i, b'(') && !(i >= 1 && code.ident(i - 1).is_some()) {
                return arrow(code, i);
            }
            None
        }
    }
}

/// Whether the name at `i` follows a definition keyword (`function f`,
/// Go's `func (c *C) f`).
fn after_keyword(code: &Code, i: usize) -> bool {
    let keyword = |k: usize| matches!(code.ident(k), Some("function" | "def" | "fun" | "func"));
    if i >= 1 && keyword(i - 1) {
        return true;
    }
    // `func (c *C) name(`: the receiver's `(` follows `func`.
    (i >= 1 && code.punct(i - 1, b')'))
        && (i.saturating_sub(12)..i - 1).any(|o| {
            code.punct(o, b'(') && code.matching(o) == Some(i - 1) && o >= 1 && keyword(o - 1)
        })
}

/// Whether token `k` is JavaScript's or C#'s `=>` (normalised to `:`).
pub fn is_arrow(code: &Code, k: usize) -> bool {
    code.punct(k, b':')
        && code
            .toks
            .get(k)
            .and_then(|t| code.text.get(t.range()))
            .is_some_and(|s| s == "=>")
        && !code.flavor.php_dots
}

/// An arrow function starting at token `at`: `(a, b) => ...`,
/// `async (a) => ...`, `a => ...`, `function (a) {...}` as a value.
fn arrow<'a>(code: &Code<'a>, mut at: usize) -> Option<Function<'a>> {
    if code.ident(at) == Some("async") {
        at += 1;
    }
    if code.ident(at) == Some("function") {
        let open = if code.punct(at + 1, b'(') {
            at + 1
        } else {
            at + 2
        };
        let close = code.matching(open)?;
        let (body, expression) = body_after(code, close)?;
        return Some(Function {
            name: "",
            name_at: at,
            params: parameters(code, open, close),
            body,
            expression,
        });
    }
    let (params, arrow_at) = if code.punct(at, b'(') {
        let close = code.matching(at)?;
        // `(a): Type =>` (TypeScript return type) — a few tokens.
        let arrow_at =
            (close + 1..(close + 6).min(code.toks.len())).find(|&k| is_arrow(code, k))?;
        if arrow_at != close + 1 && !code.punct(close + 1, b':') {
            return None;
        }
        (parameters(code, at, close), arrow_at)
    } else {
        let name = code.ident(at)?;
        if !is_arrow(code, at + 1) {
            return None;
        }
        (
            vec![Param {
                name,
                default: None,
                options: Vec::new(),
            }],
            at + 1,
        )
    };
    let start = arrow_at + 1;
    if code.punct(start, b'{') {
        let end = code.matching(start)?;
        return Some(Function {
            name: "",
            name_at: at,
            params,
            body: start + 1..end,
            expression: false,
        });
    }
    let end = expression_end(code, start);
    Some(Function {
        name: "",
        name_at: at,
        params,
        body: start..end,
        expression: true,
    })
}

/// The body after a parameter list closing at `close`: a `{` within a few
/// tokens (a return type, `throws`, Kotlin `: T`), or an arrow.
/// Words that start a statement: none sits between a function's
/// parameters and its body.
const STATEMENT_WORDS: [&str; 16] = [
    "return", "if", "else", "for", "while", "do", "switch", "case", "yield", "await", "throw",
    "let", "const", "var", "break", "continue",
];

fn body_after(code: &Code, close: usize) -> Option<(Range<usize>, bool)> {
    let n = code.toks.len();
    for b in close + 1..(close + 10).min(n) {
        if code.punct(b, b';') || code.punct(b, b'(') || code.punct(b, b')') {
            return None;
        }
        if is_arrow(code, b) {
            if b != close + 1 && !code.punct(close + 1, b':') {
                return None;
            }
            let start = b + 1;
            if code.punct(start, b'{') {
                let end = code.matching(start)?;
                return Some((start + 1..end, false));
            }
            return Some((start..expression_end(code, start), true));
        }
        if code.punct(b, b'{') {
            let end = code.matching(b)?;
            return Some((b + 1..end, false));
        }
        // A statement after a call (`f(a)` then `return {}` in code
        // without semicolons): the brace is that statement's.
        if code.ident(b).is_some_and(|w| STATEMENT_WORDS.contains(&w)) {
            return None;
        }
        // A value, not a body: `f(a) + 1`, `f(a), b`.
        if matches!(code.toks[b].kind, Tok::Str(_) | Tok::Num)
            || code.punct(b, b'+')
            || code.punct(b, b',')
            || code.punct(b, b'=')
            || code.punct(b, b'.')
        {
            return None;
        }
    }
    None
}

/// Where an expression starting at `start` ends: at a `;`, `,` or an
/// unbalanced closing bracket, or where a line ends between two operands
/// (a new statement in languages without `;`).
pub fn expression_end(code: &Code, start: usize) -> usize {
    let n = code.toks.len();
    let mut k = start;
    let mut steps = 0;
    while k < n && steps < 4096 {
        steps += 1;
        match code.toks[k].kind {
            Tok::Punct(b';' | b',' | b')' | b']' | b'}') => return k,
            Tok::Punct(b'(' | b'[' | b'{') => match code.matching(k) {
                Some(close) => k = close,
                None => return k,
            },
            _ => {}
        }
        if k + 1 < n && new_statement(code, k) {
            return k + 1;
        }
        k += 1;
    }
    k.min(n)
}

/// Whether a statement ends between tokens `k` and `k + 1`: a line break
/// between an operand's end and an operand's start.
pub fn new_statement(code: &Code, k: usize) -> bool {
    let (a, b) = (&code.toks[k], &code.toks[k + 1]);
    let ends = matches!(
        a.kind,
        Tok::Ident | Tok::Str(_) | Tok::Num | Tok::Punct(b')' | b']' | b'}')
    );
    let starts = matches!(b.kind, Tok::Ident | Tok::Str(_) | Tok::Num)
        || (code.flavor.powershell && matches!(b.kind, Tok::Punct(b'-' | b'[')));
    ends && starts
        && code
            .text
            .get(a.end()..b.start())
            .is_some_and(|gap| gap.contains('\n'))
}

/// The column of the first token of the line holding byte `at`.
fn indentation(text: &str, at: usize) -> usize {
    let line = text[..at.min(text.len())].rfind('\n').map_or(0, |n| n + 1);
    text[line..]
        .bytes()
        .take_while(|b| *b == b' ' || *b == b'\t')
        .count()
}

/// A Python body: from the `:` after the parameters to the first line
/// indented no deeper than the `def`.
fn python_body(code: &Code, def: usize, close: usize) -> Option<Range<usize>> {
    let colon = (close + 1..(close + 12).min(code.toks.len())).find(|&k| code.punct(k, b':'))?;
    let depth = indentation(code.text, code.toks[def].start());
    let mut end = colon + 1;
    let n = code.toks.len();
    while end < n {
        let t = &code.toks[end];
        let gap_start = code.toks[end - 1].end();
        let new_line = code
            .text
            .get(gap_start..t.start())
            .is_some_and(|g| g.contains('\n'));
        if new_line && indentation(code.text, t.start()) <= depth && end > colon + 1 {
            break;
        }
        end = match t.kind {
            Tok::Punct(b'(' | b'[' | b'{') => code.matching(end).map_or(end + 1, |c| c + 1),
            _ => end + 1,
        };
    }
    Some(colon + 1..end.min(n))
}

/// PowerShell `function Name { param([string]$Path, $Method = 'GET') ... }`
/// or `function Name($Path) { ... }`.
fn powershell_function<'a>(code: &Code<'a>, name_at: usize, open: usize) -> Option<Function<'a>> {
    code.ident(name_at)?;
    // Verb-Noun: the name's tokens run up to the body or parameters.
    let mut k = open;
    let mut full_end = name_at;
    while k < code.toks.len() && (code.punct(k, b'-') || code.ident(k).is_some()) && k < open + 8 {
        full_end = k;
        k += 1;
    }
    let name = code
        .text
        .get(code.toks[name_at].start()..code.toks[full_end].end())
        .unwrap_or("");
    let (params, body_open) = if code.punct(k, b'(') {
        let close = code.matching(k)?;
        (parameters(code, k, close), close + 1)
    } else {
        (Vec::new(), k)
    };
    if !code.punct(body_open, b'{') {
        return None;
    }
    let end = code.matching(body_open)?;
    let mut params = params;
    // A `param(...)` block at the top of the body (after attributes).
    let mut b = body_open + 1;
    while code.punct(b, b'[') {
        b = code.matching(b)? + 1;
    }
    if code
        .ident(b)
        .is_some_and(|w| w.eq_ignore_ascii_case("param"))
        && code.punct(b + 1, b'(')
    {
        let close = code.matching(b + 1)?;
        params = parameters(code, b + 1, close);
    }
    Some(Function {
        name,
        name_at,
        params,
        body: body_open + 1..end,
        expression: false,
    })
}

/// The parameters of the list opened at `open` and closed at `close`.
pub fn parameters<'a>(code: &Code<'a>, open: usize, close: usize) -> Vec<Param<'a>> {
    let mut params = Vec::new();
    let mut segment: Vec<usize> = Vec::new();
    let flush = |segment: &mut Vec<usize>, params: &mut Vec<Param<'a>>| {
        if segment.is_empty() {
            return;
        }
        let eq = segment.iter().position(|&k| code.punct(k, b'='));
        let head = &segment[..eq.unwrap_or(segment.len())];
        let default = eq.and_then(|e| {
            let from = *segment.get(e + 1)?;
            Some(from..expression_end(code, from))
        });
        // A destructured options object: `{ method = 'GET', body }`.
        if let Some(&first) = head.first().filter(|&&k| code.punct(k, b'{')) {
            let options = code
                .matching(first)
                .map(|end| destructured(code, first, end))
                .unwrap_or_default();
            params.push(Param {
                name: "",
                default,
                options,
            });
            segment.clear();
            return;
        }
        let colon = head.iter().position(|&k| code.punct(k, b':'));
        let idents: Vec<&'a str> = head.iter().filter_map(|&k| code.ident(k)).collect();
        let name = match (colon, idents.as_slice()) {
            // `path: string`
            (Some(c), _) => head[..c].iter().rev().find_map(|&k| code.ident(k)),
            (None, [one]) => Some(*one),
            // Go `path string`; C#/Java `string path`, PHP `string $path`
            (None, [first, .., last]) => Some(if is_type_name(last) && !last.starts_with('$') {
                *first
            } else {
                *last
            }),
            (None, []) => None,
        };
        let name = name
            .map(|n| n.trim_start_matches("..."))
            .filter(|n| !matches!(*n, "self" | "this" | "cls"))
            .unwrap_or("");
        if !(name.is_empty()
            && default.is_none()
            && head.iter().all(|&k| code.ident(k) == Some("self")))
        {
            params.push(Param {
                name,
                default,
                options: Vec::new(),
            });
        }
        segment.clear();
    };
    for k in code.inside(open, close, false) {
        if code.punct(k, b',') {
            flush(&mut segment, &mut params);
        } else {
            segment.push(k);
        }
    }
    flush(&mut segment, &mut params);
    // Python's `self` and `cls` are not arguments of the call.
    if code.flavor.python {
        params.retain(|p| !(p.name.is_empty() && p.default.is_none() && p.options.is_empty()));
    }
    params
}

/// The names and defaults of a destructuring pattern `{ a = 1, b }`.
fn destructured<'a>(
    code: &Code<'a>,
    open: usize,
    close: usize,
) -> Vec<(&'a str, Option<Range<usize>>)> {
    let mut out = Vec::new();
    let inner = code.inside(open, close, false);
    let mut k = 0;
    while k < inner.len() {
        let t = inner[k];
        if let Some(name) = code.ident(t) {
            let default = inner
                .get(k + 1)
                .filter(|&&e| code.punct(e, b'='))
                .and_then(|_| inner.get(k + 2))
                .map(|&from| from..expression_end(code, from));
            out.push((name, default));
            // Skip to the next `,`.
            while k < inner.len() && !code.punct(inner[k], b',') {
                k += 1;
            }
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

    fn functions(text: &str, syntax: Syntax, flavor: Flavor) -> Vec<(String, Vec<String>, String)> {
        let code = Code::new(text, lex(text, syntax), 0, flavor);
        let fs = Functions::of(&code);
        fs.list
            .iter()
            .map(|f| {
                let params = f
                    .params
                    .iter()
                    .map(|p| {
                        let mut s = p.name.to_string();
                        if let Some(d) = &p.default {
                            s.push('=');
                            s.push_str(
                                &text[code.toks[d.start].start()..code.toks[d.end - 1].end()],
                            );
                        }
                        for (o, d) in &p.options {
                            s.push_str(&format!("{{{o}"));
                            if let Some(d) = d {
                                s.push('=');
                                s.push_str(
                                    &text[code.toks[d.start].start()..code.toks[d.end - 1].end()],
                                );
                            }
                            s.push('}');
                        }
                        s
                    })
                    .collect();
                let body = if f.body.is_empty() {
                    String::new()
                } else {
                    text[code.toks[f.body.start].start()..code.toks[f.body.end - 1].end()]
                        .to_string()
                };
                (f.name.to_string(), params, body)
            })
            .collect()
    }

    const JS: Flavor = Flavor {
        php_dots: false,
        powershell: false,
        python: false,
        browser: false,
        dotnet: false,
    };

    #[test]
    fn javascript_functions_methods_and_arrows() {
        let src = "async function request(path, { method = 'GET', body } = {}) { return fetch(path, { method }); }\n\
                   class A { get(url) { return this.request(url); } }\n\
                   const listAll = async (path) => { return get(path); };\n\
                   const one = p => fetch(p);\n\
                   if (x) { y(); }";
        let f = functions(src, Syntax::JS, JS);
        assert_eq!(f[0].0, "request");
        assert_eq!(f[0].1, ["path", "={}{method='GET'}{body}"]);
        assert_eq!(f[1].0, "get");
        assert_eq!(f[1].1, ["url"]);
        assert_eq!(f[2].0, "listAll");
        assert_eq!(f[2].1, ["path"]);
        assert_eq!(
            f[3],
            (
                "one".to_string(),
                vec!["p".to_string()],
                "fetch(p)".to_string()
            )
        );
        assert_eq!(f.len(), 4);
    }

    #[test]
    fn python_bodies_end_at_the_indentation() {
        let src = "def get(path, method='GET'):\n    url = BASE + path\n    return requests.request(method, url)\n\nx = get('/users')\n";
        let flavor = Flavor { python: true, ..JS };
        let f = functions(src, Syntax::PYTHON, flavor);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].1, ["path", "method='GET'"]);
        assert_eq!(
            f[0].2,
            "url = BASE + path\n    return requests.request(method, url)"
        );
        let src = "class C:\n    def call(self, path):\n        return self.s.get(path)\n";
        let f = functions(src, Syntax::PYTHON, flavor);
        assert_eq!(f[0].1, ["path"]);
    }

    #[test]
    fn go_powershell_and_typed_parameters() {
        let src = "func (c *Client) Get(ctx context.Context, uri URI, out interface{}) error { return c.do(ctx, \"GET\", uri) }";
        let f = functions(src, Syntax::GO, JS);
        assert_eq!(f[0].0, "Get");
        assert_eq!(f[0].1, ["ctx", "uri", "out"]);
        // Results in parentheses, named or not.
        for results in ["(*http.Response, error)", "(id string, err error)"] {
            let src = format!(
                "func (s *S) Do(method, path string) {results} {{ return s.send(method, path) }}"
            );
            let f = functions(&src, Syntax::GO, JS);
            assert_eq!(
                (f[0].0.as_str(), f[0].2.as_str()),
                ("Do", "return s.send(method, path)"),
                "{results}"
            );
        }
        let src = "function Invoke-Gc {\n  param([string]$Path, [string]$Method = 'Get')\n  Invoke-RestMethod -Uri ($base + $Path) -Method $Method\n}";
        let ps = Flavor {
            powershell: true,
            ..JS
        };
        let f = functions(src, Syntax::POWERSHELL, ps);
        assert_eq!(f[0].0, "Invoke-Gc");
        assert_eq!(f[0].1, ["$Path", "$Method='Get'"]);
        let src = "public async Task<string> GetAsync(string path, HttpMethod method) { return await Send(path); }";
        let f = functions(src, Syntax::CSHARP, JS);
        assert_eq!(f[0].1, ["path", "method"]);
    }

    #[test]
    fn each_token_knows_its_innermost_function() {
        let src = "function a(x) { const b = (y) => { z(); }; w(); } v();";
        let code = Code::new(src, lex(src, Syntax::JS), 0, JS);
        let fs = Functions::of(&code);
        let at = |needle: &str| {
            let off = src.find(needle).unwrap();
            code.toks.iter().position(|t| t.start() == off).unwrap()
        };
        let inner = fs.owner(at("z()")).unwrap();
        assert_eq!(fs.list[inner].params[0].name, "y");
        assert_eq!(fs.owners(at("z()")).count(), 2);
        assert_eq!(fs.list[fs.owner(at("w()")).unwrap()].name, "a");
        assert_eq!(fs.owner(at("v()")), None);
    }
}
