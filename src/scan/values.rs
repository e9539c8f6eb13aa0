//! The values stage of the source pipeline: what string a piece of code
//! evaluates to. Variables, constants, fields, parameters with defaults,
//! object and array entries, loop variables over tables, and the returns
//! of the file's own functions are followed through concatenation,
//! template literals, f-strings, interpolation (`$x`, `{$x}`, `$($x)`),
//! `format`/`Sprintf`/`String.format`/`-f`/`%`, `path.join`, `urljoin`
//! and `new URL(path, base)`.
//!
//! A value keeps where each literal piece was written (the token), so
//! that a call site can point at the text naming its endpoint; what is
//! not known statically is a hole; a parameter of the function being
//! summarised stays symbolic, so that a wrapper's callers supply it.
//! Every evaluation is bounded (depth, alternatives and steps), whatever
//! the input.

use super::code::{Code, NONE};
use super::functions::{self, Functions};
use super::lexer::Tok;
use rustc_hash::FxHashMap as HashMap;
use std::cell::Cell;
use std::ops::Range;
use std::rc::Rc;

/// A piece of a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// Text written in the code, and the string token it was written in.
    Lit(Rc<str>, u32),
    /// A part not known statically (an id, an input, an unknown name).
    Hole,
    /// An environment variable's value (`process.env.API_BASE`).
    Env(String),
    /// Parameter `i` of the function being summarised.
    Param(u16),
    /// A name this file does not bind: a constant of another file
    /// (`BASE_URL` imported, `config.API_URL`, `Endpoints.LIST`).
    Name(String),
    /// A call of a function this file does not define, with its
    /// arguments' values (`client.NewURI("/users/%s", id)`).
    Call(String, Vec<Value>),
}

/// A string value: its pieces in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Value {
    pub segs: Vec<Seg>,
}

impl Value {
    pub fn lit(text: &str, tok: u32) -> Value {
        Value {
            segs: vec![Seg::Lit(text.into(), tok)],
        }
    }

    pub fn hole() -> Value {
        Value {
            segs: vec![Seg::Hole],
        }
    }

    fn push(&mut self, seg: Seg) {
        match (self.segs.last_mut(), &seg) {
            // Unknown next to unknown is one unknown.
            (Some(Seg::Hole), Seg::Hole) => {}
            _ => self.segs.push(seg),
        }
    }

    fn append(&mut self, other: &Value) {
        for s in &other.segs {
            self.push(s.clone());
        }
    }

    /// The text, unknown pieces and parameters as `{}`.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for s in &self.segs {
            match s {
                Seg::Lit(t, _) => out.push_str(t),
                _ => out.push_str("{}"),
            }
        }
        out
    }

    /// Whether any piece is known text.
    /// The value with its literals no longer pointing at their tokens.
    fn unplaced(self) -> Value {
        Value {
            segs: self
                .segs
                .into_iter()
                .map(|s| match s {
                    Seg::Lit(t, _) => Seg::Lit(t, u32::MAX),
                    Seg::Call(n, args) => {
                        Seg::Call(n, args.into_iter().map(Value::unplaced).collect())
                    }
                    other => other,
                })
                .collect(),
        }
    }

    pub fn has_text(&self) -> bool {
        self.segs
            .iter()
            .any(|s| matches!(s, Seg::Lit(t, _) if !t.is_empty()))
    }

    /// The token of the literal piece holding byte `at` of [`Value::text`]
    /// (or the first literal after it).
    pub fn token_at(&self, at: usize) -> Option<u32> {
        let mut pos = 0;
        for s in &self.segs {
            let len = match s {
                Seg::Lit(t, _) => t.len(),
                _ => 2,
            };
            if let Seg::Lit(t, tok) = s {
                if pos + len > at && !t.is_empty() {
                    return Some(*tok);
                }
            }
            pos += len;
        }
        None
    }

    /// The environment variables the value reads.
    pub fn env_names(&self) -> impl Iterator<Item = &str> {
        self.segs.iter().filter_map(|s| match s {
            Seg::Env(n) => Some(n.as_str()),
            _ => None,
        })
    }

    /// The value out of its file: each literal with its byte range.
    pub fn portable(&self, code: &Code) -> Portable {
        Portable {
            segs: self
                .segs
                .iter()
                .map(|s| match s {
                    Seg::Lit(t, tok) => {
                        let r = (*tok as usize) < code.toks.len();
                        PSeg::Lit(
                            t.to_string(),
                            r.then(|| code.range(*tok as usize, *tok as usize)),
                        )
                    }
                    Seg::Hole => PSeg::Hole,
                    Seg::Env(n) => PSeg::Env(n.clone()),
                    Seg::Param(p) => PSeg::Param(*p),
                    Seg::Name(n) => PSeg::Name(n.clone()),
                    Seg::Call(n, args) => {
                        PSeg::Call(n.clone(), args.iter().map(|a| a.portable(code)).collect())
                    }
                })
                .collect(),
        }
    }

    /// Whether it holds symbols another file may define.
    pub fn has_symbols(&self) -> bool {
        self.segs
            .iter()
            .any(|s| matches!(s, Seg::Name(_) | Seg::Call(..)))
    }

    /// The value with parameter `p` replaced by `by`.
    /// Marks in `read` (by index, grown as needed) the parameters this
    /// value reads: the ones [`Value::substitute`] puts in.
    pub fn params(&self, read: &mut Vec<bool>) {
        for s in &self.segs {
            match s {
                Seg::Param(p) => {
                    let p = *p as usize;
                    if read.len() <= p {
                        read.resize(p + 1, false);
                    }
                    read[p] = true;
                }
                Seg::Call(_, args) => args.iter().for_each(|a| a.params(read)),
                _ => {}
            }
        }
    }

    pub fn substitute(&self, params: &[Value]) -> Value {
        let mut out = Value::default();
        for s in &self.segs {
            match s {
                Seg::Param(p) => match params.get(*p as usize) {
                    Some(v) => out.append(v),
                    None => out.push(Seg::Hole),
                },
                Seg::Call(n, args) => out.push(Seg::Call(
                    n.clone(),
                    args.iter().map(|a| a.substitute(params)).collect(),
                )),
                other => out.push(other.clone()),
            }
        }
        out
    }
}

/// A piece of a value taken out of its file: literals carry their byte
/// range in that file (`None` once the value moved to another file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PSeg {
    Lit(String, Option<Range<usize>>),
    Hole,
    Env(String),
    Param(u16),
    Name(String),
    Call(String, Vec<Portable>),
}

/// A value as files exchange it (see [`Value::portable`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Portable {
    pub segs: Vec<PSeg>,
}

impl Portable {
    /// The text, unknown pieces as `{}`.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for s in &self.segs {
            match s {
                PSeg::Lit(t, _) => out.push_str(t),
                _ => out.push_str("{}"),
            }
        }
        out
    }

    /// The range of the literal piece holding byte `at` of [`Portable::text`]
    /// (a piece moved from another file has none).
    pub fn range_at(&self, at: usize) -> Option<Range<usize>> {
        let mut pos = 0;
        for s in &self.segs {
            let len = match s {
                PSeg::Lit(t, _) => t.len(),
                _ => 2,
            };
            if let PSeg::Lit(t, r) = s {
                if pos + len > at && !t.is_empty() {
                    return r.clone();
                }
            }
            pos += len;
        }
        None
    }

    /// The ranges of the literal pieces other than `r` that write the path
    /// from byte `from` of [`Portable::text`] on (a letter or digit before
    /// the query): `${BASE}/${id}/members` with the path starting in
    /// `BASE` goes on in the template.
    pub fn path_after(&self, from: usize, r: &Range<usize>) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut pos = 0;
        for s in &self.segs {
            let PSeg::Lit(t, range) = s else {
                pos += 2;
                continue;
            };
            let end = pos + t.len();
            let skip = from.saturating_sub(pos).min(t.len());
            pos = end;
            if end <= from {
                continue;
            }
            let written = t.get(skip..).unwrap_or("");
            let path = written.split(['?', '#', '&']).next().unwrap_or("");
            if let Some(range) = range {
                if range != r && path.contains(|c: char| c.is_ascii_alphanumeric()) {
                    out.push(range.clone());
                }
            }
            if path.len() < written.len() {
                break;
            }
        }
        out
    }

    /// The same value with no ranges: moved to another file.
    pub fn moved(&self) -> Portable {
        Portable {
            segs: self
                .segs
                .iter()
                .map(|s| match s {
                    PSeg::Lit(t, _) => PSeg::Lit(t.clone(), None),
                    PSeg::Call(n, args) => {
                        PSeg::Call(n.clone(), args.iter().map(Portable::moved).collect())
                    }
                    other => other.clone(),
                })
                .collect(),
        }
    }

    /// Whether it holds symbols another file may define.
    pub fn has_symbols(&self) -> bool {
        self.segs
            .iter()
            .any(|s| matches!(s, PSeg::Name(_) | PSeg::Call(..)))
    }

    /// The value with each parameter `i` replaced by `params[i]`.
    pub fn substitute(&self, params: &[Portable]) -> Portable {
        let mut out = Portable::default();
        for s in &self.segs {
            match s {
                PSeg::Param(p) => match params.get(*p as usize) {
                    Some(v) => out.segs.extend(v.segs.iter().cloned()),
                    None => out.segs.push(PSeg::Hole),
                },
                PSeg::Call(n, args) => out.segs.push(PSeg::Call(
                    n.clone(),
                    args.iter().map(|a| a.substitute(params)).collect(),
                )),
                other => out.segs.push(other.clone()),
            }
        }
        out
    }
}

/// At most this many alternatives of one expression (a table of paths
/// iterated gives one per entry).
const ALTERNATIVES: usize = 64;
/// At most this many nested look-ups for one expression.
const DEPTH: u8 = 8;
/// At most this many evaluation steps for one top-level question.
const STEPS: u32 = 4096;

/// Where a name gets its value.
#[derive(Debug, Clone)]
struct Binding {
    /// The token of the name.
    at: u32,
    /// The tokens of the value.
    value: Range<u32>,
    /// The function whose body holds it (`NONE`: file level).
    owner: u32,
    /// A loop variable over the collection `value` (`for t in TILES`);
    /// the element's position when the loop unpacks tuples.
    iter: Option<u8>,
}

/// How the parameters of the functions being evaluated are read.
#[derive(Debug, Clone, Default)]
pub struct Env {
    /// The function whose parameters stay symbolic (a wrapper summary).
    pub symbolic: Option<usize>,
    /// A function called with these argument values (its return evaluated).
    frame: Option<(usize, Vec<Value>)>,
}

impl Env {
    pub fn symbolic(function: usize) -> Env {
        Env {
            symbolic: Some(function),
            frame: None,
        }
    }
}

/// The values of one file.
pub struct Values<'c, 'a> {
    code: &'c Code<'a>,
    pub functions: &'c Functions<'a>,
    vars: HashMap<&'a str, Vec<Binding>>,
    /// Of `vars`, the file-level bindings (not loop variables), for
    /// `lookup` to find them without passing every function's.
    file_vars: HashMap<&'a str, Vec<Binding>>,
    fields: HashMap<&'a str, Vec<Binding>>,
    steps: Cell<u32>,
    /// Whether a step was refused since the innermost [`Self::eval`] began.
    exhausted: Cell<bool>,
    /// How many times the budget started afresh (some evaluations start
    /// it afresh inside another).
    restarts: Cell<u32>,
    /// Evaluations that finished within the step budget, with the steps
    /// they took (see [`Self::eval`]).
    memo: std::cell::RefCell<HashMap<MemoKey, (Vec<Value>, u32)>>,
    /// HTTP clients made with a base (see `client_index`), built on first use.
    clients: std::cell::OnceCell<HashMap<&'a str, Range<u32>>>,
}

/// An evaluation outside any call frame: its tokens, its depth and the
/// function whose parameters stay symbolic (`u32::MAX`: none).
type MemoKey = (u32, u32, u8, u32);

/// The most evaluations one file remembers.
const MEMO: usize = 1 << 16;

impl<'c, 'a> Values<'c, 'a> {
    pub fn new(code: &'c Code<'a>, functions: &'c Functions<'a>) -> Values<'c, 'a> {
        let mut values = Values {
            code,
            functions,
            vars: HashMap::default(),
            file_vars: HashMap::default(),
            fields: HashMap::default(),
            steps: Cell::new(0),
            exhausted: Cell::new(false),
            restarts: Cell::new(0),
            memo: Default::default(),
            clients: Default::default(),
        };
        values.bind();
        // In the order of the names' tokens, for `lookup`'s binary search.
        for list in values.vars.values_mut() {
            list.sort_by_key(|b| b.at);
        }
        values.file_vars = values
            .vars
            .iter()
            .filter_map(|(name, list)| {
                let file: Vec<Binding> = list
                    .iter()
                    .filter(|b| b.owner == NONE && b.iter.is_none())
                    .cloned()
                    .collect();
                (!file.is_empty()).then_some((*name, file))
            })
            .collect();
        values
    }

    fn owner(&self, k: usize) -> u32 {
        self.functions.owner(k).map_or(NONE, |f| f as u32)
    }

    /// Reads every assignment, object key and loop variable of the file.
    fn bind(&mut self) {
        let code = self.code;
        let n = code.toks.len();
        for k in 0..n {
            match code.toks[k].kind {
                Tok::Punct(b'=') => self.bind_assignment(k),
                Tok::Punct(b':') if !functions::is_arrow(code, k) => self.bind_key(k),
                Tok::Ident => self.bind_loop(k),
                _ => {}
            }
        }
    }

    fn push_var(&mut self, name: &'a str, at: usize, value: Range<usize>, iter: Option<u8>) {
        let owner = self.owner(at);
        let list = self.vars.entry(name).or_default();
        if list.len() < 256 {
            list.push(Binding {
                at: at as u32,
                value: value.start as u32..value.end as u32,
                owner,
                iter,
            });
        }
    }

    fn push_field(&mut self, name: &'a str, at: usize, value: Range<usize>) {
        let owner = self.owner(at);
        let list = self.fields.entry(name).or_default();
        if list.len() < 256 {
            list.push(Binding {
                at: at as u32,
                value: value.start as u32..value.end as u32,
                owner,
                iter: None,
            });
        }
    }

    /// `name = value`, `this.name = value`, `const name: T = value`,
    /// `$name = value`; an object initializer's `Name = value`.
    fn bind_assignment(&mut self, eq: usize) {
        let code = self.code;
        if eq == 0 || code.punct(eq + 1, b'=') {
            return;
        }
        let from = eq + 1;
        let value = from..functions::expression_end(code, from);
        if value.is_empty() {
            return;
        }
        let mut k = eq - 1;
        // `const name: Type = ...`, `val name: Type = ...`
        if let Some(decl) = (eq.saturating_sub(8)..eq).rev().find(|&d| {
            matches!(code.ident(d), Some("let" | "const" | "var" | "val"))
                && code.ident(d + 1).is_some()
                && code.punct(d + 2, b':')
        }) {
            k = decl + 1;
        }
        let Some(name) = code.ident(k) else { return };
        // A PowerShell `param(...)` default is the parameter's, not a local.
        if code
            .enclosing_call(k)
            .and_then(|open| code.callee(open))
            .and_then(|c| code.ident(c))
            .is_some_and(|c| c.eq_ignore_ascii_case("param"))
        {
            return;
        }
        // A keyword argument (`f(url=x)`) or a default: not an assignment.
        if k >= 1 && (code.punct(k - 1, b'(') || code.punct(k - 1, b',')) {
            let in_call = code
                .enclosing_call(k)
                .is_some_and(|open| code.matching(open).is_some_and(|close| close > eq));
            if in_call {
                return;
            }
        }
        if k >= 2 && code.punct(k - 1, b'.') {
            self.push_field(name, k, value);
            return;
        }
        // An initializer `new X { Name = v }` or a hashtable `@{ name = v }`.
        if k >= 1 && (code.punct(k - 1, b'{') || code.punct(k - 1, b',') || code.punct(k - 1, b';'))
        {
            let in_object = (k.saturating_sub(NEAR_OBJECT)..k)
                .rev()
                .find(|&o| code.punct(o, b'{') && code.matching(o).is_some_and(|c| c > eq))
                .is_some_and(|o| self.functions.owner(o + 1) == self.functions.owner(o));
            if in_object && (code.punct(k - 1, b',') || code.punct(k - 1, b'{')) {
                self.push_field(name, k, value.clone());
            }
        }
        // Go `a, b := ...` binds the first name; Python `a = b = x` both.
        self.push_var(name, k, value, None);
    }

    /// `key: value` in an object, a dict, a struct literal, a PHP array
    /// (`'key' => value`).
    fn bind_key(&mut self, colon: usize) {
        let code = self.code;
        if colon == 0 {
            return;
        }
        let key_at = colon - 1;
        let Some(key) = code.name(key_at) else { return };
        let opens_entry = key_at >= 1
            && (code.punct(key_at - 1, b'{')
                || code.punct(key_at - 1, b',')
                || code.punct(key_at - 1, b'(')
                || code.punct(key_at - 1, b'['));
        if !opens_entry {
            return;
        }
        let from = colon + 1;
        let value = from..functions::expression_end(code, from);
        if value.is_empty() {
            return;
        }
        // The key as the code reads it: an identifier's text, or a
        // string key's value (kept only when it is a plain name).
        let name: &'a str = match code.ident(key_at) {
            Some(n) => n,
            None => {
                let t = code.toks[key_at];
                let raw = code.text.get(t.range()).unwrap_or("");
                let inner = raw.trim_matches(|c| c == '"' || c == '\'');
                if inner.is_empty()
                    || !inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    || inner != key
                {
                    return;
                }
                inner
            }
        };
        self.push_field(name, key_at, value);
    }

    /// Loop variables: `for t in X`, `for (const t of X)`, `foreach ($t
    /// in $X)`, `foreach ($X as $t)`, Go `for _, t := range X`, C#
    /// `foreach (var t in X)`, Java `for (T t : X)`.
    fn bind_loop(&mut self, k: usize) {
        let code = self.code;
        let Some(word) = code.ident(k) else { return };
        if !matches!(word, "for" | "foreach" | "ForEach") {
            return;
        }
        let mut at = k + 1;
        let paren = code.punct(at, b'(');
        if paren {
            at += 1;
        }
        let end = if paren {
            match code.matching(k + 1) {
                Some(c) => c,
                None => return,
            }
        } else {
            (at..(at + 64).min(code.toks.len()))
                .find(|&e| code.punct(e, b':') || code.punct(e, b'{'))
                .unwrap_or(at)
        };
        // The names before `in`/`of`/`:`/`range`, and the collection after.
        let mut names: Vec<(usize, &'a str)> = Vec::new();
        let mut split = None;
        let mut php_as = None;
        for t in at..end {
            match code.ident(t) {
                Some("in" | "of" | "range") => {
                    split = Some(t);
                    break;
                }
                Some("as") => {
                    php_as = Some(t);
                    break;
                }
                Some("const" | "let" | "var" | "val" | "final" | "auto") => {}
                Some(n) => names.push((t, n)),
                None if code.punct(t, b':') && paren => {
                    split = Some(t);
                    break;
                }
                None => {}
            }
        }
        if let Some(as_at) = php_as {
            // `foreach ($X as $k => $v)`: the last name is the element.
            let collection = at..as_at;
            let element = (as_at + 1..end).rev().find(|&t| code.ident(t).is_some());
            if let Some(e) = element {
                let name = code.ident(e).unwrap_or("");
                self.push_var(name, e, collection, Some(u8::MAX));
            }
            return;
        }
        let Some(split) = split else { return };
        let collection = split + 1..end;
        if collection.is_empty() {
            return;
        }
        // Java `for (Tile t : tiles)`: the last name; Go `for _, t :=
        // range`: the element is the last; Python tuples unpack by position.
        let go_range = code.ident(split) == Some("range");
        if code.flavor.python && names.len() > 1 {
            for (i, (t, n)) in names.iter().enumerate() {
                self.push_var(n, *t, collection.clone(), Some(i as u8));
            }
            return;
        }
        if let Some(&(t, n)) = names.last() {
            let _ = go_range;
            self.push_var(n, t, collection, Some(u8::MAX));
        }
    }

    /// Starts the step budget afresh.
    fn restart(&self) {
        self.steps.set(0);
        self.restarts.set(self.restarts.get().wrapping_add(1));
    }

    fn step(&self) -> bool {
        let s = self.steps.get();
        self.steps.set(s + 1);
        if s >= STEPS {
            self.exhausted.set(true);
        }
        s < STEPS
    }

    /// The values of the expression starting at token `from` (to its end).
    pub fn eval_at(&self, from: usize, env: &Env) -> Vec<Value> {
        self.restart();
        let end = functions::expression_end(self.code, from);
        self.eval(from..end, env, 0)
    }

    /// The values of the tokens `range` (one expression).
    pub fn eval_range(&self, range: Range<usize>, env: &Env) -> Vec<Value> {
        self.restart();
        self.eval(range, env, 0)
    }

    /// The values of the tokens `range`. What an expression evaluates to
    /// depends only on its tokens, its depth and its environment, and on
    /// whether the step budget lasts: an evaluation outside any call frame
    /// that finished within the budget is remembered with the steps it
    /// took, and given again (those steps counted again) wherever the
    /// budget left would have let it finish. The same values as evaluating
    /// anew, without the work: a file's calls read the same names and
    /// fields over and over.
    fn eval(&self, range: Range<usize>, env: &Env, depth: u8) -> Vec<Value> {
        if env.frame.is_some() {
            return self.eval_anew(range, env, depth);
        }
        let key = (
            range.start as u32,
            range.end as u32,
            depth,
            env.symbolic.map_or(u32::MAX, |f| f as u32),
        );
        let before = self.steps.get();
        if let Some((values, cost)) = self.memo.borrow().get(&key) {
            if before.saturating_add(*cost) <= STEPS {
                self.steps.set(before + cost);
                return values.clone();
            }
        }
        let outer = self.exhausted.replace(false);
        let restarts = self.restarts.get();
        let out = self.eval_anew(range, env, depth);
        let exhausted = self.exhausted.get();
        self.exhausted.set(outer || exhausted);
        // One that started the budget afresh inside is not remembered: its
        // steps do not add up.
        let mut memo = self.memo.borrow_mut();
        if !exhausted && self.restarts.get() == restarts {
            // Full: forgotten at once and filled again. The evaluations a
            // file asks for are mostly of the code near each other, so in
            // a big file the memo keeps serving the part being read
            // instead of only its first 65,536 evaluations (a hit charges
            // the steps the evaluation took, so what is found does not
            // depend on what is remembered).
            if memo.len() >= MEMO {
                memo.clear();
            }
            memo.insert(key, (out.clone(), self.steps.get() - before));
        }
        out
    }

    fn eval_anew(&self, range: Range<usize>, env: &Env, depth: u8) -> Vec<Value> {
        let code = self.code;
        if range.is_empty() || depth > DEPTH || !self.step() {
            return vec![Value::hole()];
        }
        // Alternatives at the top level: `a || b`, `a ?? b`, `a or b`,
        // `c ? a : b`, `a if c else b`.
        let top = self.top_level(range.clone());
        if let Some(q) = top.iter().position(|&k| code.punct(k, b'?')) {
            if let Some(c) = top[q..].iter().position(|&k| code.punct(k, b':')) {
                let (qk, ck) = (top[q], top[q + c]);
                let mut out = self.eval(qk + 1..ck, env, depth + 1);
                out.extend(self.eval(ck + 1..range.end, env, depth + 1));
                return cap(out);
            }
        }
        if code.flavor.python {
            if let Some(i) = top.iter().position(|&k| code.ident(k) == Some("if")) {
                let else_at = top[i..].iter().find(|&&k| code.ident(k) == Some("else"));
                let mut out = self.eval(range.start..top[i], env, depth + 1);
                if let Some(&e) = else_at {
                    out.extend(self.eval(e + 1..range.end, env, depth + 1));
                }
                return cap(out);
            }
        }
        let alternatives: Vec<usize> = top
            .iter()
            .copied()
            .filter(|&k| code.punct(k, b'|'))
            .collect();
        if !alternatives.is_empty() {
            let mut out = Vec::new();
            let mut from = range.start;
            for a in alternatives
                .iter()
                .copied()
                .chain(std::iter::once(range.end))
            {
                out.extend(self.eval(from..a, env, depth + 1));
                from = a + 1;
            }
            return cap(out);
        }
        // PowerShell `"{0}/x" -f $a, $b`.
        if code.flavor.powershell {
            if let Some(f) = top.iter().position(|&k| {
                code.punct(k, b'-')
                    && code
                        .ident(k + 1)
                        .is_some_and(|w| w.eq_ignore_ascii_case("f"))
            }) {
                let template = self.eval(range.start..top[f], env, depth + 1);
                let args = self.args_list(top[f] + 2..range.end, env, depth);
                return cap(template.iter().map(|t| format_value(t, &args)).collect());
            }
        }
        // Python `"..." % (a, b)`.
        if let Some(p) = top.iter().position(|&k| code.punct(k, b'%')) {
            let template = self.eval(range.start..top[p], env, depth + 1);
            let mut a = top[p] + 1;
            let args = if code.punct(a, b'(') {
                let close = code.matching(a).unwrap_or(range.end);
                a += 1;
                self.args_list(a..close, env, depth)
            } else {
                vec![first(self.eval(a..range.end, env, depth + 1))]
            };
            return cap(template.iter().map(|t| format_value(t, &args)).collect());
        }
        // Concatenation: `a + b` (PHP `.` reads as `+`).
        let pluses: Vec<usize> = top
            .iter()
            .copied()
            .filter(|&k| code.punct(k, b'+'))
            .collect();
        let mut terms = Vec::new();
        let mut from = range.start;
        for p in pluses.iter().copied().chain(std::iter::once(range.end)) {
            // Python joins adjacent literals: `("/api/v2/users/" f"{id}/queues")`.
            if code.flavor.python {
                let literal = |k: usize| matches!(code.toks[k].kind, Tok::Str(_));
                let start = from;
                for &k in top.iter().filter(|&&k| k > start && k < p) {
                    if literal(k) && literal(k - 1) {
                        terms.push(from..k);
                        from = k;
                    }
                }
            }
            terms.push(from..p);
            from = p + 1;
        }
        let mut out = vec![Value::default()];
        for term in terms {
            let vals = self.term(term, env, depth);
            out = cap(out
                .iter()
                .flat_map(|o| {
                    vals.iter().map(move |v| {
                        let mut o = o.clone();
                        o.append(v);
                        o
                    })
                })
                .collect());
        }
        out
    }

    /// The tokens of `range` not nested in brackets.
    fn top_level(&self, range: Range<usize>) -> Vec<usize> {
        let mut out = Vec::new();
        let mut k = range.start;
        while k < range.end && out.len() < 512 {
            out.push(k);
            k = match self.code.toks[k].kind {
                Tok::Punct(b'(' | b'[' | b'{') => match self.code.matching(k) {
                    Some(c) if c < range.end => c + 1,
                    _ => k + 1,
                },
                _ => k + 1,
            };
        }
        out
    }

    /// The comma-separated values of `range` (first alternative of each).
    fn args_list(&self, range: Range<usize>, env: &Env, depth: u8) -> Vec<Value> {
        let code = self.code;
        let mut args = Vec::new();
        let mut from = range.start;
        let top = self.top_level(range.clone());
        for c in top
            .iter()
            .copied()
            .filter(|&k| code.punct(k, b','))
            .chain(std::iter::once(range.end))
        {
            if from < c {
                args.push(first(self.eval(from..c, env, depth + 1)));
            }
            from = c + 1;
        }
        args
    }

    /// The argument ranges of the call opened at `open`.
    pub fn arguments(&self, open: usize) -> Vec<Range<usize>> {
        let code = self.code;
        let Some(close) = code.matching(open) else {
            return Vec::new();
        };
        let mut args = Vec::new();
        let mut from = open + 1;
        for k in code.inside(open, close, false) {
            if code.punct(k, b',') {
                args.push(from..k);
                from = k + 1;
            }
        }
        if from < close {
            args.push(from..close);
        }
        args
    }

    /// One operand of a concatenation.
    fn term(&self, range: Range<usize>, env: &Env, depth: u8) -> Vec<Value> {
        let code = self.code;
        let mut start = range.start;
        let end = range.end;
        // `await x`, `(string) x`, `@x`
        while start < end && matches!(code.ident(start), Some("await" | "yield")) {
            start += 1;
        }
        if start >= end {
            return vec![Value::hole()];
        }
        // `( ... )` around the whole term.
        if code.punct(start, b'(') && code.matching(start) == Some(end - 1) {
            return self.eval(start + 1..end - 1, env, depth + 1);
        }
        match code.toks[start].kind {
            Tok::Str(_) => {
                let base = self.string_value(start, env, depth);
                // `"...".format(a, b)`, `'...'.replace(...)`, `.strip()`.
                if code.punct(start + 1, b'.') {
                    let method = code.ident(start + 2).unwrap_or("");
                    if method == "format" && code.punct(start + 3, b'(') {
                        let args = self.call_args(start + 3, env, depth);
                        return vec![format_value(&base, &args)];
                    }
                }
                vec![base]
            }
            Tok::Num => vec![Value::hole()],
            Tok::Ident => self.chain(start..end, env, depth),
            _ => {
                // PowerShell `$(...)` subexpressions and `@"..."`.
                vec![Value::hole()]
            }
        }
    }

    /// The values of each argument of the call opened at `open`.
    fn call_args(&self, open: usize, env: &Env, depth: u8) -> Vec<Value> {
        self.arguments(open)
            .into_iter()
            .map(|r| first(self.eval(r, env, depth + 1)))
            .collect()
    }

    /// The value of the string literal at token `at`, its interpolations
    /// evaluated.
    fn string_value(&self, at: usize, env: &Env, depth: u8) -> Value {
        let code = self.code;
        let text = code.string(at).unwrap_or("");
        if !text.contains('{') {
            return Value::lit(text, at as u32);
        }
        let holes = code.holes_at(at);
        let placeholders = text.matches("{}").count();
        let mut v = Value::default();
        if holes.is_empty() || holes.len() != placeholders {
            // Placeholders not from interpolation (a template for
            // `.format`) stay unknown pieces.
            let mut rest = text;
            while let Some(p) = rest.find("{}") {
                v.push(Seg::Lit(rest[..p].into(), at as u32));
                v.push(Seg::Hole);
                rest = &rest[p + 2..];
            }
            v.push(Seg::Lit(rest.into(), at as u32));
            return v;
        }
        let mut rest = text;
        for (_, source) in holes {
            let p = rest.find("{}").unwrap_or(rest.len());
            v.push(Seg::Lit(rest[..p].into(), at as u32));
            let hole = code.text.get(source.clone()).unwrap_or("");
            v.append(&first(self.hole_value(hole, at, env, depth)));
            rest = rest.get(p + 2..).unwrap_or("");
        }
        v.push(Seg::Lit(rest.into(), at as u32));
        v
    }

    /// The value of an interpolated expression, read from its source: a
    /// name or a member chain (`api_url`, `self.base`, `$base`,
    /// `$this->base`, `$($cfg.Base)`), else unknown.
    fn hole_value(&self, source: &str, at: usize, env: &Env, depth: u8) -> Vec<Value> {
        let mut s = source.trim();
        // Python `!r` / `:>10`, C# `:N2` / `,10`.
        if let Some(cut) = s.find(['!', ':', ',']) {
            s = &s[..cut];
        }
        let s = s.trim();
        // A call of the file's own function with no arguments:
        // `f"{api_root()}{path}"`, `${apiRoot()}`.
        if let Some(name) = s
            .strip_suffix("()")
            .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        {
            if let Some(out) = self.returned(name, Vec::new(), env, depth + 1) {
                return out;
            }
        }
        let s = s.trim_start_matches("$(").trim_end_matches(')');
        let parts: Vec<&str> = s.split(['.']).flat_map(|p| p.split("->")).collect();
        let ok = !parts.is_empty()
            && parts.iter().all(|p| {
                let p = p.trim_start_matches('$');
                !p.is_empty()
                    && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !p.starts_with(|c: char| c.is_ascii_digit())
            });
        if !ok {
            return vec![Value::hole()];
        }
        let name = parts[parts.len() - 1];
        if parts.len() == 1 {
            return self.var(name, at, env, depth);
        }
        let receiver = parts[0].trim_start_matches('$');
        if matches!(receiver, "env") && parts.len() == 2 {
            return vec![Value {
                segs: vec![Seg::Env(name.to_string())],
            }];
        }
        self.member(
            receiver,
            parts[0],
            name.trim_start_matches('$'),
            at,
            env,
            depth,
        )
    }

    /// A name, a member chain or a call starting at `range.start`.
    fn chain(&self, range: Range<usize>, env: &Env, depth: u8) -> Vec<Value> {
        let code = self.code;
        let mut k = range.start;
        let mut newed = false;
        // C#'s target-typed `new(...)` is a call of its own (below).
        if code.ident(k) == Some("new") && !code.punct(k + 1, b'(') {
            newed = true;
            k += 1;
        }
        // The dotted name.
        let mut names: Vec<(usize, &'a str)> = Vec::new();
        while let Some(n) = code.ident(k) {
            names.push((k, n));
            if code.punct(k + 1, b'.') && code.ident(k + 2).is_some() {
                k += 2;
            } else {
                break;
            }
        }
        let Some(&(last_at, last)) = names.last() else {
            return vec![Value::hole()];
        };
        let after = last_at + 1;
        // PowerShell `$env:NAME`.
        if code.flavor.powershell && last.eq_ignore_ascii_case("$env") && code.punct(after, b':') {
            if let Some(n) = code.ident(after + 1) {
                return vec![Value {
                    segs: vec![Seg::Env(n.to_string())],
                }];
            }
        }
        if code.punct(after, b'(') {
            let rest_start = code.matching(after).map_or(range.end, |c| c + 1);
            let called = self.call(&names, after, newed, env, depth);
            // `.trim()`, `.rstrip('/')`, `.toString()` after the call.
            return self.after_call(called, rest_start, range.end);
        }
        // `X[key]`: an entry of a table.
        if code.punct(after, b'[') {
            let key = code.string(after + 1).map(str::to_string);
            if names.len() == 1 {
                if let Some(key) = key {
                    // `os.environ['X']` is handled by its name below.
                    return self.entry(last, &key, last_at, env, depth);
                }
            }
            if names.len() == 2 && names[0].1 == "os" && last == "environ" {
                if let Some(key) = key {
                    return vec![Value {
                        segs: vec![Seg::Env(key)],
                    }];
                }
            }
            return vec![Value::hole()];
        }
        if names.len() == 1 {
            return self.var(last, last_at, env, depth);
        }
        // `process.env.NAME`, `import.meta.env.NAME`
        if names.len() >= 3 && names[names.len() - 2].1 == "env" {
            return vec![Value {
                segs: vec![Seg::Env(last.to_string())],
            }];
        }
        let (first_at, first_name) = names[0];
        let _ = first_at;
        self.member(
            first_name.trim_start_matches('$'),
            first_name,
            last,
            last_at,
            env,
            depth,
        )
    }

    /// A string method applied after a call's value.
    fn after_call(&self, mut values: Vec<Value>, mut k: usize, end: usize) -> Vec<Value> {
        let code = self.code;
        while k < end && code.punct(k, b'.') {
            let Some(m) = code.ident(k + 1) else { break };
            // A query added to a URL keeps its path: `.WithQuery(q)`,
            // `.queryParam("x", 1)`, `.addQueryParameter(...)`.
            if m.to_ascii_lowercase().contains("query") && code.punct(k + 2, b'(') {
                for v in &mut values {
                    if !v.text().contains('?') {
                        v.push(Seg::Lit("?".into(), u32::MAX));
                        v.push(Seg::Hole);
                    }
                }
                k = code.matching(k + 2).map_or(end, |c| c + 1);
                continue;
            }
            if !matches!(
                m,
                "trim"
                    | "strip"
                    | "rstrip"
                    | "trimEnd"
                    | "TrimEnd"
                    | "toString"
                    | "ToString"
                    | "String"
            ) {
                return vec![Value::hole()];
            }
            k = if code.punct(k + 2, b'(') {
                code.matching(k + 2).map_or(end, |c| c + 1)
            } else {
                k + 2
            };
        }
        values
    }

    /// A call's value: formatting and joining functions, conversions, and
    /// the file's own functions that return a string.
    fn call(
        &self,
        names: &[(usize, &'a str)],
        open: usize,
        newed: bool,
        env: &Env,
        depth: u8,
    ) -> Vec<Value> {
        let code = self.code;
        let (_, name) = names[names.len() - 1];
        let qualifier = names.len().checked_sub(2).map(|i| names[i].1);
        let args = self.arguments(open);
        let arg = |i: usize| -> Vec<Value> {
            match args.get(i) {
                Some(r) => self.eval(r.clone(), env, depth + 1),
                None => vec![Value::hole()],
            }
        };
        // Formatting a template held by the receiver: Python and Kotlin
        // `template.format(a)`, Java's `template.formatted(a)` (not
        // `String.format(template, a)`, which takes it first).
        let receiver_template = matches!(name, "format" | "formatted")
            && names.len() == 2
            && !newed
            && !matches!(
                qualifier,
                Some("String" | "string" | "str" | "fmt" | "Strings" | "MessageFormat")
            );
        if receiver_template && !args.is_empty() {
            let (at, receiver) = names[0];
            let templates = self.var(receiver, at, env, depth + 1);
            let given: Vec<Value> = (0..args.len()).map(|i| first(arg(i))).collect();
            // A template another file holds is formatted once it is known.
            if templates.iter().any(|t| {
                t.segs
                    .iter()
                    .any(|s| matches!(s, Seg::Name(_) | Seg::Param(_)))
            }) && !templates.iter().any(Value::has_text)
            {
                let mut all = vec![first(templates)];
                all.extend(given);
                return vec![Value {
                    segs: vec![Seg::Call(FORMAT.to_string(), all)],
                }];
            }
            return cap(templates.iter().map(|t| format_value(t, &given)).collect());
        }
        match name {
            // Formatting: the template first.
            "Sprintf" | "sprintf" | "format" | "Format" | "formatted" if !args.is_empty() => {
                let rest: Vec<Value> = (1..args.len()).map(|i| first(arg(i))).collect();
                let templates = arg(0);
                // A template that is a parameter is formatted once the
                // caller gives it: `NewURI(format, args...)`.
                if templates
                    .iter()
                    .any(|t| t.segs.iter().any(|s| matches!(s, Seg::Param(_))))
                    && !templates.iter().any(Value::has_text)
                {
                    let mut all = vec![first(templates)];
                    all.extend(rest);
                    return vec![Value {
                        segs: vec![Seg::Call(FORMAT.to_string(), all)],
                    }];
                }
                return cap(templates.iter().map(|t| format_value(t, &rest)).collect());
            }
            // Joining: a base and a path.
            "join" | "urljoin" | "Combine" | "JoinPath" | "resolve"
                if args.len() >= 2 && name != "join"
                    || matches!(qualifier, Some("path" | "posixpath" | "posix")) =>
            {
                let mut out = first(arg(0));
                for i in 1..args.len() {
                    out = join(&out, &first(arg(i)));
                }
                return vec![out];
            }
            // `new Uri(path, UriKind.Relative)`, C#'s target-typed
            // `Uri u = new(path, UriKind.Relative)`: the path as it is.
            "Uri" | "new"
                if args.len() == 2
                    && (newed || name == "new")
                    && args[1].clone().any(|k| code.ident(k) == Some("UriKind")) =>
            {
                return arg(0);
            }
            // `new URL(path, base)`, `new Uri(base, path)`
            "URL" if newed && args.len() == 2 => return vec![join(&first(arg(1)), &first(arg(0)))],
            "Uri" if newed && args.len() == 2 => return vec![join(&first(arg(0)), &first(arg(1)))],
            // Conversions that keep the text.
            "URL" | "Uri" | "URI" | "create" | "Parse" | "parse" | "String" | "str" | "string"
            | "encodeURI" | "Url" | "toUri" | "url"
                if args.len() == 1 =>
            {
                return arg(0);
            }
            // Environment variables.
            "getenv" | "Getenv" | "GetEnvironmentVariable" | "LookupEnv" => {
                if let Some(n) = args.first().and_then(|r| code.string(r.start)) {
                    return vec![Value {
                        segs: vec![Seg::Env(n.to_string())],
                    }];
                }
            }
            "get" if qualifier == Some("environ") => {
                if let Some(n) = args.first().and_then(|r| code.string(r.start)) {
                    return vec![Value {
                        segs: vec![Seg::Env(n.to_string())],
                    }];
                }
            }
            _ => {}
        }
        // The file's own function that returns a string (`NewURI(f, a...)`,
        // `url(id)`): its return evaluated with the arguments.
        if names.len() <= 2 && !newed {
            let values: Vec<Value> = (0..args.len()).map(|i| first(arg(i))).collect();
            if let Some(out) = self.returned(name, values.clone(), env, depth) {
                // An object's method building its own URI (`this.uri()`,
                // `table.GetURI()`): its literals are the method's text,
                // not the call site's; a request sending the value is
                // reported where it is made.
                if names.len() == 2 {
                    return out.into_iter().map(Value::unplaced).collect();
                }
                return out;
            }
            // A function of another file (a package's, an import's): for
            // the loader to look up, when its arguments say something.
            if self.functions.named(name).is_empty() && values.iter().any(Value::has_text) {
                return vec![Value {
                    segs: vec![Seg::Call(name.to_string(), values)],
                }];
            }
        }
        vec![Value::hole()]
    }

    /// The value a file function named `name` returns for `args`.
    fn returned(&self, name: &str, args: Vec<Value>, env: &Env, depth: u8) -> Option<Vec<Value>> {
        let code = self.code;
        let f = *self.functions.named(name).first()?;
        let func = &self.functions.list[f];
        let ret = if func.expression {
            func.body.clone()
        } else {
            // The first `return` of the body itself.
            let r = (func.body.clone())
                .find(|&k| code.ident(k) == Some("return") && self.functions.owner(k) == Some(f))?;
            r + 1..functions::expression_end(code, r + 1)
        };
        // A closure reads its enclosing wrapper's parameters
        // (`const page = (n) => `${path}?page=${n}``): they stay symbolic.
        let frame = Env {
            symbolic: env.symbolic,
            frame: Some((f, args)),
        };
        let out = self.eval(ret, &frame, depth + 1);
        // Text, or a call of another file's function given text
        // (`return NewURI("/api/v2/flows/datatables/%s", id)`).
        let says = |v: &Value| {
            v.has_text()
                || v.segs
                    .iter()
                    .any(|s| matches!(s, Seg::Call(_, args) if args.iter().any(Value::has_text)))
        };
        out.iter().any(says).then_some(out)
    }

    /// `receiver.name`: a field, an object's entry, a loop element's field.
    fn member(
        &self,
        receiver: &str,
        receiver_raw: &str,
        name: &str,
        at: usize,
        env: &Env,
        depth: u8,
    ) -> Vec<Value> {
        // A loop or callback variable: the field of each element.
        if !matches!(receiver, "this" | "self" | "cls" | "me") {
            if let Some(out) = self.element_field(receiver_raw, name, at, env, depth) {
                return out;
            }
        }
        let Some(bindings) = self.fields.get(name) else {
            // A module's or class's constant of another file
            // (`config.BASE_URL`, `Endpoints.LIST`); an object's field
            // set elsewhere is unknown.
            if matches!(receiver, "this" | "self" | "cls" | "me") {
                return vec![Value::hole()];
            }
            return vec![Value {
                segs: vec![Seg::Name(name.to_string())],
            }];
        };
        let mut out = Vec::new();
        for b in bindings.iter().take(8) {
            out.extend(self.eval(b.value.start as usize..b.value.end as usize, env, depth + 1));
        }
        dedup(&mut out);
        if out.is_empty() {
            return vec![Value::hole()];
        }
        cap(out)
    }

    /// `t.path` where `t` is a loop or callback variable over a table.
    fn element_field(
        &self,
        var: &str,
        field: &str,
        at: usize,
        env: &Env,
        depth: u8,
    ) -> Option<Vec<Value>> {
        let collection = self.collection_of(var, at)?;
        let elements = self.elements(collection, depth)?;
        let mut out = Vec::new();
        for (open, close) in elements {
            // An object element: `{ path: '...' }`, `@{ Path = '...' }`.
            if !self.code.punct(open, b'{') {
                continue;
            }
            if let Some(v) = self.key_in(open, close, field) {
                out.extend(self.eval(v, env, depth + 1));
            }
        }
        (!out.is_empty()).then(|| cap(out))
    }

    /// The value range of `key` directly inside the object `open..close`.
    fn key_in(&self, open: usize, close: usize, key: &str) -> Option<Range<usize>> {
        let code = self.code;
        for k in code.inside(open, close, false) {
            let matches_key = code.name(k).is_some_and(|n| n.eq_ignore_ascii_case(key))
                && (code.punct(k + 1, b':') || code.punct(k + 1, b'='));
            if matches_key {
                let from = k + 2;
                return Some(from..functions::expression_end(code, from));
            }
        }
        None
    }

    /// The collection a loop or callback variable `var` visible at `at`
    /// iterates.
    fn collection_of(&self, var: &str, at: usize) -> Option<Range<usize>> {
        let code = self.code;
        // A callback parameter: `X.map(t => ...)`, `X.forEach(function (t) {})`.
        for f in self.functions.owners(at) {
            let func = &self.functions.list[f];
            if !func.params.iter().any(|p| p.name == var) || !func.name.is_empty() {
                continue;
            }
            let open = code.enclosing_call(func.name_at)?;
            let callee = code
                .callee(open)
                .and_then(|c| code.ident(c).map(|n| (c, n)))?;
            if !matches!(
                callee.1,
                "map"
                    | "forEach"
                    | "flatMap"
                    | "filter"
                    | "find"
                    | "some"
                    | "every"
                    | "each"
                    | "Select"
                    | "ForEach"
                    | "SelectMany"
                    | "Where"
            ) || !code.punct(callee.0 - 1, b'.')
            {
                return None;
            }
            // The receiver: a name or a member chain before `.map`.
            let mut r = callee.0 - 2;
            while r >= 2 && code.punct(r - 1, b'.') && code.ident(r - 2).is_some() {
                r -= 2;
            }
            return Some(r..callee.0 - 1);
        }
        // A loop variable.
        let bindings = self.vars.get(var)?;
        let b = bindings
            .iter()
            .rev()
            .find(|b| b.iter.is_some() && (b.at as usize) < at)?;
        Some(b.value.start as usize..b.value.end as usize)
    }

    /// The elements of the collection expression `range`: an array or
    /// list literal, directly or through names.
    fn elements(&self, range: Range<usize>, depth: u8) -> Option<Vec<(usize, usize)>> {
        let code = self.code;
        if depth > DEPTH || !self.step() {
            return None;
        }
        let mut start = range.start;
        // PowerShell `@( ... )`
        if code.punct(start, b'@') {
            start += 1;
        }
        if code.punct(start, b'[')
            || code.punct(start, b'(')
            || (code.punct(start, b'{') && !code.flavor.powershell)
        {
            let close = code.matching(start)?;
            // A Go/C# typed literal `[]T{...}` puts the elements in braces.
            let (open, close) = if code.punct(start, b'[') && code.punct(start + 1, b']') {
                let o = (start + 2..close + 6).find(|&k| code.punct(k, b'{'))?;
                (o, code.matching(o)?)
            } else {
                (start, close)
            };
            let mut out = Vec::new();
            for k in code.inside(open, close, false) {
                if matches!(code.toks[k].kind, Tok::Punct(b'{' | b'(' | b'[')) {
                    if let Some(c) = code.matching(k) {
                        out.push((k, c));
                    }
                } else if matches!(code.toks[k].kind, Tok::Str(_)) {
                    out.push((k, k));
                }
                if out.len() >= ALTERNATIVES {
                    break;
                }
            }
            return Some(out);
        }
        // A name: its binding's collection.
        let names: Vec<&str> = (range.start..range.end)
            .filter_map(|k| code.ident(k))
            .collect();
        let last = *names.last()?;
        let at = range.start;
        let binding = self.lookup(last, at, names.len() > 1)?;
        self.elements(
            binding.value.start as usize..binding.value.end as usize,
            depth + 1,
        )
    }

    /// An entry of a table: `ENDPOINTS["queues"]`.
    fn entry(&self, table: &str, key: &str, at: usize, env: &Env, depth: u8) -> Vec<Value> {
        let code = self.code;
        let Some(b) = self.lookup(table, at, false) else {
            return vec![Value::hole()];
        };
        let open = b.value.start as usize;
        if !code.punct(open, b'{') {
            return vec![Value::hole()];
        }
        let Some(close) = code.matching(open) else {
            return vec![Value::hole()];
        };
        match self.key_in(open, close, key) {
            Some(v) => self.eval(v, env, depth + 1),
            None => vec![Value::hole()],
        }
    }

    /// The file-level string values other files may import: each name
    /// bound outside any function (variables, constants, object keys),
    /// evaluated; at most `limit`.
    pub fn file_level(&self, limit: usize) -> Vec<(&'a str, Value)> {
        let mut out = Vec::new();
        let mut names: Vec<(&'a str, &Binding)> = self
            .vars
            .iter()
            .chain(self.fields.iter())
            .flat_map(|(n, bs)| {
                bs.iter()
                    .filter(|b| b.owner == NONE && b.iter.is_none())
                    .map(move |b| (*n, b))
            })
            .collect();
        names.sort_by_key(|(_, b)| b.at);
        // Only a value with text that may be a path or a URL is worth it.
        let code = self.code;
        let worth = |b: &Binding| {
            (b.value.start..b.value.end).take(64).any(|k| {
                matches!(code.toks[k as usize].kind, Tok::Str(_))
                    && code
                        .string(k as usize)
                        .is_some_and(|s| s.contains('/') || s.contains('{'))
            })
        };
        for (name, b) in names.into_iter().filter(|(_, b)| worth(b)) {
            if out.len() >= limit {
                break;
            }
            self.restart();
            let v = first(self.eval(
                b.value.start as usize..b.value.end as usize,
                &Env::default(),
                1,
            ));
            if v.has_text() {
                out.push((name, v));
            }
        }
        out
    }

    /// Whether the name at token `at` may hold a path: a name the file does
    /// not bind (another file's), or one bound to a value that writes a
    /// `/`, a template or a call (a URL builder).
    pub fn may_hold_path(&self, name: &str, at: usize) -> bool {
        let code = self.code;
        let Some(bindings) = self.vars.get(name).or_else(|| self.fields.get(name)) else {
            return !self
                .functions
                .owners(at)
                .any(|f| self.functions.list[f].params.iter().any(|p| p.name == name));
        };
        bindings.iter().take(8).any(|b| {
            (b.value.start..b.value.end).take(64).any(|k| {
                let k = k as usize;
                match code.toks[k].kind {
                    Tok::Str(_) => code
                        .string(k)
                        .is_some_and(|s| s.contains('/') || s.contains('{') || s.contains('%')),
                    Tok::Punct(b'(') => true,
                    Tok::Ident => code
                        .ident(k)
                        .is_some_and(|n| n != name && !self.vars.contains_key(n)),
                    _ => false,
                }
            })
        })
    }

    /// Whether the file assigns what the bare name `name` reads, anywhere:
    /// a variable, or a field of the object itself (`this.client = ...`,
    /// which Java and C# read as `client`). Another object's field of the
    /// same name (Go's `organization.client = client`) is another value.
    pub fn assigns(&self, name: &str) -> bool {
        let code = self.code;
        self.vars.contains_key(name)
            || self.fields.get(name).is_some_and(|bindings| {
                bindings.iter().any(|b| {
                    let at = b.at as usize;
                    at >= 2
                        && code
                            .ident(at - 2)
                            .is_some_and(|q| matches!(q, "this" | "self" | "$this" | "me" | "Me"))
                })
            })
    }

    /// Whether the file assigns a field named `name` of any object.
    pub fn assigns_field(&self, name: &str) -> bool {
        self.fields.contains_key(name)
    }

    /// The HTTP clients the file makes at its top level with a base URL
    /// (`export const gc = axios.create({ baseURL: ... })`): each name and
    /// its base, for the files that import it.
    pub fn client_bases(&self) -> Vec<(&'a str, Value)> {
        let mut out = Vec::new();
        for (name, base) in self.client_index() {
            let file_level = self
                .vars
                .get(name)
                .is_some_and(|bs| bs.iter().any(|b| b.owner == NONE && b.iter.is_none()));
            if !file_level {
                continue;
            }
            self.restart();
            let v = first(self.eval(base.start as usize..base.end as usize, &Env::default(), 1));
            if v.has_text() {
                out.push((*name, v));
            }
        }
        out.sort_by_key(|(n, _)| *n);
        out
    }

    /// What function `f` returns, its parameters symbolic: its body's
    /// expression or its first `return`, when that is a string.
    pub fn returns(&self, f: usize) -> Option<Value> {
        let code = self.code;
        let func = &self.functions.list[f];
        let ret = if func.expression {
            func.body.clone()
        } else {
            let r = func
                .body
                .clone()
                .find(|&k| code.ident(k) == Some("return") && self.functions.owner(k) == Some(f))?;
            r + 1..functions::expression_end(code, r + 1)
        };
        self.restart();
        let v = first(self.eval(ret, &Env::symbolic(f), 1));
        let formats = v
            .segs
            .iter()
            .any(|s| matches!(s, Seg::Call(n, _) if n == FORMAT));
        ((v.has_text() && v.text().contains('/')) || formats).then_some(v)
    }

    /// The base URL of the HTTP client named at token `r` (a variable or
    /// a field): the `baseURL` / `base_url` / `BaseAddress` its binding was
    /// made with, or assigned to it.
    pub fn client_base(&self, r: usize, env: &Env) -> Option<Vec<Value>> {
        let name = self.code.ident(r)?;
        let base = self.client_index().get(name)?;
        self.restart();
        Some(self.eval(base.start as usize..base.end as usize, env, 1))
    }

    /// Each name the file makes an HTTP client with a base under, and the
    /// base's tokens: `client.BaseAddress = new Uri(...)`, `const gc =
    /// axios.create({ baseURL: ... })`, `httpx.Client(base_url=...)`. Read
    /// once per file.
    fn client_index(&self) -> &HashMap<&'a str, Range<u32>> {
        const KEYS: [&str; 9] = [
            "baseURL",
            "baseUrl",
            "base_url",
            "BaseAddress",
            "BaseUrl",
            "baseURI",
            "baseUri",
            "base_uri",
            "prefixUrl",
        ];
        self.clients.get_or_init(|| {
            let code = self.code;
            let mut index = HashMap::default();
            // `receiver.BaseAddress = ...`
            for key in KEYS {
                for b in self.fields.get(key).into_iter().flatten() {
                    let at = b.at as usize;
                    if at >= 2 && code.punct(at - 1, b'.') {
                        if let Some(receiver) = code.ident(at - 2) {
                            index.entry(receiver).or_insert(b.value.clone());
                        }
                    }
                }
            }
            // A key inside the value a name is bound to.
            let all: Vec<(&'a str, &Binding)> = self
                .vars
                .iter()
                .chain(self.fields.iter())
                .flat_map(|(n, bs)| bs.iter().map(move |b| (*n, b)))
                .collect();
            for k in 0..code.toks.len() {
                let Some(key) = code.name(k) else { continue };
                if !KEYS.contains(&key) || !(code.punct(k + 1, b':') || code.punct(k + 1, b'=')) {
                    continue;
                }
                let from = k + 2;
                let end = functions::expression_end(code, from);
                // The innermost binding whose value holds the key.
                let holder = all
                    .iter()
                    .filter(|(n, b)| {
                        *n != key && (b.value.start as usize) <= k && k < b.value.end as usize
                    })
                    .min_by_key(|(_, b)| b.value.end - b.value.start);
                if let Some((name, _)) = holder {
                    index.entry(*name).or_insert(from as u32..end as u32);
                }
            }
            index
        })
    }

    /// The binding a name has at token `at`: the latest before it in the
    /// innermost function that binds it, else at file level.
    fn lookup(&self, name: &str, at: usize, field: bool) -> Option<&Binding> {
        if field {
            return self.fields.get(name)?.first();
        }
        let bindings = self.vars.get(name)?;
        // Not the binding whose value is being read (`path = path + "?x"`
        // reads the earlier `path`).
        let outside = |b: &&Binding| !(b.value.start as usize..b.value.end as usize).contains(&at);
        // The bindings before `at` (sorted by their name's token).
        let before = &bindings[..bindings.partition_point(|b| (b.at as usize) < at)];
        for f in self.functions.owners(at) {
            // A function's own bindings lie in its body: none before it.
            let start = self.functions.list[f].body.start;
            let f = f as u32;
            if let Some(b) = before
                .iter()
                .rev()
                .take_while(|b| b.at as usize >= start)
                .filter(outside)
                .find(|b| b.owner == f && b.iter.is_none())
            {
                return Some(b);
            }
        }
        let file = self.file_vars.get(name)?;
        let before = &file[..file.partition_point(|b| (b.at as usize) < at)];
        before
            .iter()
            .rev()
            .find(outside)
            .or_else(|| file.iter().find(outside))
    }

    /// A variable's values at token `at`.
    fn var(&self, name: &str, at: usize, env: &Env, depth: u8) -> Vec<Value> {
        // A parameter of an enclosing function.
        for f in self.functions.owners(at) {
            let func = &self.functions.list[f];
            let Some(p) = func.params.iter().position(|p| {
                p.name == name
                    || (p.name.trim_start_matches('$') == name.trim_start_matches('$')
                        && !p.name.is_empty())
            }) else {
                continue;
            };
            // A local assignment after the parameter wins (not the one
            // whose value is being read: `path = path + "?x"`).
            let local = self.vars.get(name).and_then(|bs| {
                bs.iter().rev().find(|b| {
                    b.owner == f as u32
                        && (b.at as usize) < at
                        && b.iter.is_none()
                        && !(b.value.start as usize..b.value.end as usize).contains(&at)
                })
            });
            if let Some(b) = local {
                return self.eval(b.value.start as usize..b.value.end as usize, env, depth + 1);
            }
            if env.symbolic == Some(f) {
                return vec![Value {
                    segs: vec![Seg::Param(p as u16)],
                }];
            }
            if let Some((g, args)) = &env.frame {
                if *g == f {
                    return vec![args.get(p).cloned().unwrap_or_else(Value::hole)];
                }
            }
            return vec![Value::hole()];
        }
        let Some(b) = self.lookup(name, at, false) else {
            // PowerShell and PHP names carry their `$`; Kotlin's `$x` does not.
            if let Some(bare) = name.strip_prefix('$') {
                if self.vars.contains_key(bare) {
                    return self.var(bare, at, env, depth);
                }
            }
            // Another file's name (an import), for the loader to look up.
            return vec![Value {
                segs: vec![Seg::Name(name.to_string())],
            }];
        };
        self.eval(b.value.start as usize..b.value.end as usize, env, depth + 1)
    }
}

/// The name a format call whose template a caller gives is kept under
/// (`fmt.Sprintf(format, args...)` in a URL builder), for the loader.
pub const FORMAT: &str = "#format";

/// A format template out of its file with its arguments in place (see
/// `format_value`).
pub fn format_portable(template: &Portable, args: &[Portable]) -> Portable {
    // The literals keep no range: a call site points at its own text.
    let mut segs = Vec::new();
    for s in &template.segs {
        segs.push(match s {
            PSeg::Lit(t, _) => Seg::Lit(t.as_str().into(), u32::MAX),
            _ => Seg::Hole,
        });
    }
    let to_value = |p: &Portable| Value {
        segs: p
            .segs
            .iter()
            .map(|s| match s {
                PSeg::Lit(t, _) => Seg::Lit(t.as_str().into(), u32::MAX),
                PSeg::Env(n) => Seg::Env(n.clone()),
                _ => Seg::Hole,
            })
            .collect(),
    };
    let args: Vec<Value> = args.iter().map(to_value).collect();
    let v = format_value(&Value { segs }, &args);
    Portable {
        segs: v
            .segs
            .into_iter()
            .map(|s| match s {
                Seg::Lit(t, _) => PSeg::Lit(t.to_string(), None),
                Seg::Env(n) => PSeg::Env(n),
                _ => PSeg::Hole,
            })
            .collect(),
    }
}

/// How far back an object initializer's `{` is looked for.
const NEAR_OBJECT: usize = 64;

fn first(mut values: Vec<Value>) -> Value {
    if values.is_empty() {
        Value::hole()
    } else {
        values.swap_remove(0)
    }
}

fn cap(mut values: Vec<Value>) -> Vec<Value> {
    values.truncate(ALTERNATIVES);
    values
}

fn dedup(values: &mut Vec<Value>) {
    let mut seen = rustc_hash::FxHashSet::default();
    values.retain(|v| seen.insert(v.text()));
}

/// `base` and `path` joined with one `/` between them.
fn join(base: &Value, path: &Value) -> Value {
    let mut out = base.clone();
    let ends = base.text().ends_with('/');
    let starts = path.text().starts_with('/');
    if ends && starts {
        // Drop the path's leading slash.
        let mut p = path.clone();
        if let Some(Seg::Lit(t, _)) = p.segs.first_mut() {
            *t = t.get(1..).unwrap_or("").into();
        }
        out.append(&p);
    } else {
        if !ends && !starts && base.has_text() {
            out.push(Seg::Lit("/".into(), NONE));
        }
        out.append(path);
    }
    out
}

/// A format template with its arguments in place: `%s`, `%d`, `%v`, `%q`,
/// `{}`, `{0}`, `{name}` (named ones are unknown pieces).
fn format_value(template: &Value, args: &[Value]) -> Value {
    let mut out = Value::default();
    let mut next = 0usize;
    let mut take = |index: Option<usize>, out: &mut Value| {
        let i = index.unwrap_or_else(|| {
            next += 1;
            next - 1
        });
        match args.get(i) {
            Some(v) => out.append(v),
            None => out.push(Seg::Hole),
        }
    };
    for seg in &template.segs {
        match seg {
            Seg::Lit(text, tok) => {
                let mut rest = &**text;
                loop {
                    let pct = rest
                        .find('%')
                        .filter(|&p| rest[p + 1..].starts_with(['s', 'd', 'v', 'q', 'i', 'x']));
                    let brace = rest.find('{').and_then(|p| {
                        let close = rest[p..].find('}')? + p;
                        let inner = &rest[p + 1..close];
                        inner
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
                            .then_some((p, close, inner))
                    });
                    match (pct, brace) {
                        (Some(p), b) if b.is_none_or(|(q, _, _)| p < q) => {
                            out.push(Seg::Lit(rest[..p].into(), *tok));
                            take(None, &mut out);
                            rest = &rest[p + 2..];
                        }
                        (_, Some((p, close, inner))) => {
                            out.push(Seg::Lit(rest[..p].into(), *tok));
                            let index = inner
                                .split(':')
                                .next()
                                .and_then(|n| n.parse::<usize>().ok());
                            if inner.is_empty() || index.is_some() {
                                take(index, &mut out);
                            } else {
                                out.push(Seg::Hole);
                            }
                            rest = &rest[close + 1..];
                        }
                        _ => {
                            out.push(Seg::Lit(rest.into(), *tok));
                            break;
                        }
                    }
                }
            }
            // A `{}` of a `.format` template read as unknown: positional.
            Seg::Hole => take(None, &mut out),
            other => out.push(other.clone()),
        }
    }
    out
}

#[cfg(test)]
mod tests;
