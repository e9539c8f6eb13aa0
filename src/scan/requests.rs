//! The requests stage of the source pipeline: the calls of a file that
//! send a request (the HTTP libraries' sinks, and the file's own
//! wrappers), their URLs evaluated by the values stage, and what each
//! URL is — a Platform API path (with the method the code gives), or
//! another service's, or the app's own server's.
//!
//! A wrapper is any function whose parameter reaches a request's URL,
//! whatever its name: `request(path, { method = 'GET' })`, `listAll(path)`,
//! `safeApiFetch(url)`, Go `func (c *Client) Get(ctx, uri URI, out)`,
//! PowerShell `function Invoke-Gc { param($Path, $Method) ... }`. Its
//! callers are the call sites: their argument takes the wrapper's base
//! (prefixes compose through wrappers of wrappers), and the method comes
//! from the call, else the wrapper's default, else the library's.

use super::code::Code;
use super::extract::{is_genesys_domain, is_other_genesys_service, url_host};
use super::functions::{self, Functions};
use super::lexer::Tok;
use super::sinks::{self, Method, Request};
use super::values::{Env, PSeg, Portable, Seg, Value, Values};
use super::Evidence;
use rustc_hash::FxHashMap;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

/// How a wrapper's method is decided by its callers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WrapperMethod {
    /// The body always sends this verb.
    Verb(&'static str),
    /// Parameter `index` holds the verb; `default` when the caller omits it.
    Param {
        index: u16,
        default: Option<&'static str>,
    },
    /// Parameter `index` is an options object whose `key` holds the verb.
    Option {
        index: u16,
        keys: &'static [&'static str],
        default: Option<&'static str>,
    },
    Unknown,
}

/// A function whose parameter names the endpoint of a request it sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wrapper {
    pub function: usize,
    /// The URL it sends, its parameters symbolic.
    pub url: Value,
    pub method: WrapperMethod,
}

/// Whether a parameter names the endpoint of a URL: it comes before any
/// path text after the base (`BASE + path`, `${api}${path}`), not into a
/// path the function writes itself (`'/api/v2/users/' + id`).
pub fn endpoint_from_param(v: &Value) -> Option<u16> {
    endpoint_param(v.segs.iter().map(|s| match s {
        Seg::Lit(t, _) => Piece::Text(t),
        Seg::Param(p) => Piece::Param(*p),
        _ => Piece::Unknown,
    }))
}

/// [`endpoint_from_param`] of a value out of its file.
pub fn portable_endpoint(v: &Portable) -> Option<u16> {
    endpoint_param(v.segs.iter().map(|s| match s {
        PSeg::Lit(t, _) => Piece::Text(t),
        PSeg::Param(p) => Piece::Param(*p),
        _ => Piece::Unknown,
    }))
}

enum Piece<'t> {
    Text(&'t str),
    Param(u16),
    Unknown,
}

fn endpoint_param<'t>(pieces: impl Iterator<Item = Piece<'t>>) -> Option<u16> {
    let mut text = String::new();
    let mut param = None;
    for piece in pieces {
        match piece {
            // A parameter inside the host (`https://api.${region}`) is
            // part of the base, not the endpoint.
            Piece::Param(_) if param.is_none() && in_host(&text) => text.push_str("{}"),
            Piece::Param(p) if param.is_none() => {
                let after_base = match super::find(&text, "/api/v2") {
                    Some(at) => &text[at + "/api/v2".len()..],
                    // A host (`https://api.x.com`), or nothing, before it.
                    None => match super::extract::url_host(&text) {
                        Some((start, host)) => &text[start + host.len()..],
                        // A host made at run time (`https://api.{}`): its
                        // path starts at the first `/` after `://`.
                        None => match super::find(&text, "://") {
                            Some(at) => {
                                text[at + 3..].find('/').map_or("", |p| &text[at + 3 + p..])
                            }
                            None => text.as_str(),
                        },
                    },
                };
                // The base may stop anywhere along `/api/v2/`: `…/api` and
                // then `/v2/users` is the same endpoint.
                let part_of_prefix = !after_base.is_empty() && "/api/v2/".starts_with(after_base);
                if after_base.contains(|c: char| c.is_ascii_alphabetic()) && !part_of_prefix {
                    return None;
                }
                param = Some(p);
                text.clear();
            }
            Piece::Text(t) => text.push_str(t),
            Piece::Param(_) | Piece::Unknown => text.push_str("{}"),
        }
    }
    // A parameter that is only the base of a path the function writes
    // itself (`f"{base}/api/v2/routing/queues/{qid}"`) names no endpoint.
    let written_after = text.find("/api/v2/").is_some_and(|at| {
        text[at + "/api/v2/".len()..].starts_with(|c: char| c.is_ascii_alphabetic())
    });
    param.filter(|_| !written_after)
}

/// The names a file imports under another name, by the name it uses:
/// `import { get as fetchOne } from`, `const { get: fetchOne } = require(`,
/// Python `from .http import get as fetch_one`. A call of the new name is a
/// call of the definition the other file shares under the old one.
/// Modules of HTTP libraries, as code names them when it calls their
/// request functions (`requests.get`, `http.Get`, `axios.post`).
const HTTP_MODULES: &[&str] = &[
    "requests",
    "httpx",
    "aiohttp",
    "urllib3",
    "http",
    "https",
    "axios",
    "superagent",
    "needle",
    "$",
    "jQuery",
];

/// HTTP libraries' client types, as a declaration writes them before the
/// variable (`HttpClient client`, `OkHttpClient http`).
const HTTP_CLIENT_TYPES: &[&str] = &[
    "HttpClient",
    "WebClient",
    "RestClient",
    "OkHttpClient",
    "CloseableHttpClient",
    "RestTemplate",
    "IRestClient",
];

/// The variables the file declares or makes with an HTTP library's client
/// type: `HttpClient c`, `c *http.Client`, `c = new HttpClient(`,
/// `c := &http.Client{`.
fn library_clients<'a>(code: &Code<'a>) -> HashSet<&'a str> {
    let mut out = HashSet::default();
    for k in 0..code.toks.len() {
        let Some(name) = code.ident(k) else { continue };
        // `HttpClient c`, `private readonly HttpClient _http`.
        if k >= 1
            && code
                .ident(k - 1)
                .is_some_and(|t| HTTP_CLIENT_TYPES.contains(&t))
        {
            out.insert(name);
            continue;
        }
        // `c *http.Client` (Go), `c http.Client`.
        let mut j = k + 1;
        j += usize::from(code.punct(j, b'*'));
        if code.ident(j) == Some("http")
            && code.punct(j + 1, b'.')
            && code.ident(j + 2) == Some("Client")
        {
            out.insert(name);
            continue;
        }
        // `c = new HttpClient(`, `c := &http.Client{`, `c = http.Client(`.
        let mut j = k + 1;
        if !(code.punct(j, b'=') || (code.punct(j, b':') && code.punct(j + 1, b'='))) {
            continue;
        }
        j += if code.punct(j, b':') { 2 } else { 1 };
        j += usize::from(code.ident(j) == Some("new") || code.punct(j, b'&'));
        let made = code
            .ident(j)
            .is_some_and(|t| HTTP_CLIENT_TYPES.contains(&t))
            || (code.ident(j) == Some("http")
                && code.punct(j + 1, b'.')
                && code.ident(j + 2) == Some("Client"));
        if made {
            out.insert(name);
        }
    }
    out
}

/// Whether the object of a member request (its token) is an HTTP library's
/// own: a library module (`requests`, `http`, `axios`) or a variable of its
/// client type. No other file of the project defines its methods.
fn library_object(code: &Code, receiver: usize, clients: &HashSet<&str>) -> bool {
    let Some(name) = code.ident(receiver) else {
        return false;
    };
    // A module only as the whole object (`requests.get`, not `self.requests.get`).
    let whole = receiver < 2 || !code.punct(receiver - 1, b'.');
    (whole && HTTP_MODULES.contains(&name)) || clients.contains(name)
}

fn imported_as<'a>(code: &Code<'a>) -> HashMap<&'a str, &'a str> {
    let mut out = HashMap::default();
    let n = code.toks.len();
    for k in 0..n {
        match code.ident(k) {
            // Python: `from x import a as b, c as d` (parenthesised or not).
            Some("import") if code.flavor.python => {
                let mut j = k + 1;
                let paren = code.punct(j, b'(');
                j += usize::from(paren);
                while let Some(name) = code.ident(j) {
                    if code.ident(j + 1) == Some("as") {
                        if let Some(new) = code.ident(j + 2) {
                            out.insert(new, name);
                        }
                        j += 3;
                    } else {
                        j += 1;
                    }
                    if !code.punct(j, b',') {
                        break;
                    }
                    j += 1;
                }
            }
            // JavaScript: `import { a as b } from '...'`.
            Some("import") if code.punct(k + 1, b'{') => {
                let close = code.matching(k + 1).unwrap_or(k + 1);
                for j in k + 2..close {
                    if code.ident(j + 1) == Some("as") {
                        if let (Some(old), Some(new)) = (code.ident(j), code.ident(j + 2)) {
                            out.insert(new, old);
                        }
                    }
                }
            }
            // `const { a: b } = require('...')` / `= await import('...')`.
            Some("require" | "import") if code.punct(k + 1, b'(') && k >= 2 => {
                let mut eq = k - 1;
                if code.ident(eq) == Some("await") {
                    eq -= 1;
                }
                if !code.punct(eq, b'=') || !code.punct(eq - 1, b'}') {
                    continue;
                }
                let Some(open) = (eq.saturating_sub(256)..eq - 1)
                    .rev()
                    .find(|&o| code.punct(o, b'{') && code.matching(o) == Some(eq - 1))
                else {
                    continue;
                };
                for j in open + 1..eq - 1 {
                    let colon = code.punct(j + 1, b':') && !functions::is_arrow(code, j + 1);
                    let top = j == open + 1 || code.punct(j - 1, b',');
                    if colon && top {
                        if let (Some(old), Some(new)) = (code.ident(j), code.ident(j + 2)) {
                            if !code.punct(j + 3, b'.') {
                                out.insert(new, old);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether a piece after `text` is part of a URL's host: a scheme, no
/// `/` after it, and the host still being written (`https://`,
/// `https://api.`, `https://api-`, a port's `:`), not a whole host
/// (`https://api.mypurecloud.com`, `https://api.{}`) that a path follows.
fn in_host(text: &str) -> bool {
    super::find(text, "://").is_some_and(|at| {
        !text[at + 3..].contains('/') && (text.ends_with("://") || text.ends_with(['.', '-', ':']))
    })
}

/// A request of the file: a library's, or a call of a wrapper.
#[derive(Debug, Clone)]
struct Sink {
    request: Request,
    /// The wrapper called (an index into `wrappers`), for wrapper calls.
    wrapper: Option<usize>,
}

/// A Platform API call a request makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestCall {
    /// Where it is reported: the literal naming the endpoint, or the
    /// request's URL argument when one literal serves several requests.
    pub tokens: Range<usize>,
    pub method: Option<String>,
    /// `/api/v2/...` with unknown pieces as `{}`.
    pub path: String,
    /// What says it is a Platform call: written under a Genesys base, or
    /// under a base the code does not show (the catalogue decides).
    pub evidence: Evidence,
}

/// A request whose URL holds names another file defines (its base, a
/// path constant, a URL builder): decided once every file is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub url: Portable,
    pub method: Option<String>,
    /// The request's URL argument (bytes of the file).
    pub range: Range<usize>,
    /// Sent through a project wrapper of this file.
    pub wrapper: bool,
}

/// What the stage found in a file.
#[derive(Debug, Default)]
pub struct Found {
    /// Requests decided once every file is read.
    pub pending: Vec<Pending>,
    /// What other files may use (see [`super::FileScan`]).
    pub exported: Vec<super::FoundWrapper>,
    pub exports: Vec<(String, Portable)>,
    pub returns: Vec<super::FoundReturn>,
    pub outgoing: Vec<super::FoundOutgoing>,
    pub calls: Vec<RequestCall>,
    /// The string tokens the calls were read from: the literal pass skips them.
    pub claimed: HashSet<usize>,
    /// Literals a request sends to another service or the app's own
    /// server: not Platform calls.
    pub rejected: HashSet<usize>,
    /// The file's wrappers, by name.
    pub wrappers: Vec<(String, Wrapper)>,
}

/// A request reading a literal: its URL argument, method, path, evidence,
/// and whether another expression extends the literal's path (the literal
/// is then a base, and the request names the endpoint).
type LiteralUse = (Range<usize>, Option<String>, String, Evidence, bool);

/// The suffix of the name a client's base is shared under (`gc@base`).
pub const CLIENT_BASE: &str = "@base";

/// At most this many calls of a file are kept for other files' wrappers.
const OUTGOING: usize = 4096;

/// Whether an argument may be a path for another file's wrapper: a
/// Platform URL, a path made of API-like segments (`/routing/queues/{}`,
/// `users/me`; not `./lib/x.js`), or a name another file defines.
fn carries_a_path(a: &super::FoundArg) -> bool {
    a.values.iter().any(|v| {
        let text = v.text();
        if v.has_symbols() || text.contains("/api/v2") {
            return true;
        }
        let path = text.split(['?', '#']).next().unwrap_or("");
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        (segments.len() >= 2 || path.starts_with('/'))
            && segments[0].starts_with(|c: char| c.is_ascii_alphabetic())
            && segments.iter().all(|s| {
                !s.is_empty()
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "{}_-".contains(c))
            })
    })
}

/// The HTTP libraries' own objects: a relative URL they send goes to the
/// page's origin (or nowhere), not to a base made elsewhere.
const LIBRARY_OBJECTS: [&str; 15] = [
    "axios",
    "requests",
    "http",
    "https",
    "httpx",
    "aiohttp",
    "urllib",
    "got",
    "ky",
    "superagent",
    "$",
    "jQuery",
    "fetch",
    "request",
    "needle",
];

/// At most this many rounds of wrappers of wrappers.
const ROUNDS: usize = 4;

/// The calls of the file's own functions: for each function, the tokens
/// naming its calls.
struct Callers {
    of: FxHashMap<usize, Vec<usize>>,
}

/// A method reached through another object (`client.get(...)`) may be any
/// method of its name in the file, while there are at most this many.
const MEMBER_DEFINITIONS: usize = 8;

pub struct Stage<'c, 'a> {
    code: &'c Code<'a>,
    functions: &'c Functions<'a>,
    values: Values<'c, 'a>,
    /// The PowerShell commands of the file, found on first use.
    commands: std::cell::OnceCell<Vec<(usize, usize)>>,
    /// Which of the file's functions each call calls, found on first use.
    callers: std::cell::OnceCell<Callers>,
}

impl<'c, 'a> Stage<'c, 'a> {
    pub fn new(code: &'c Code<'a>, functions: &'c Functions<'a>) -> Stage<'c, 'a> {
        Stage {
            code,
            functions,
            values: Values::new(code, functions),
            commands: std::cell::OnceCell::new(),
            callers: std::cell::OnceCell::new(),
        }
    }

    /// The calls of function `f` in the file (tokens naming them).
    ///
    /// Where several functions share a name (minified code, a helper in
    /// each module, a method in each class), a bare call or a call on the
    /// own object (`this.`, `self.`, `$this->`) calls the nearest
    /// definition in scope: the one defined in the innermost block (a
    /// body, a class, braces) that holds the call. A method reached
    /// through another object (`client.get(...)`) may be any of the
    /// name's, while the name has at most [`MEMBER_DEFINITIONS`]. A
    /// definition is not a call, nor a call inside the function's own
    /// body of another object's method of the same name.
    fn calls_of(&self, f: usize) -> &[usize] {
        let callers = self.callers.get_or_init(|| self.find_callers());
        callers.of.get(&f).map_or(&[], Vec::as_slice)
    }

    fn find_callers(&self) -> Callers {
        const FILE: usize = usize::MAX;
        let code = self.code;
        let list = &self.functions.list;
        // Definitions in file order; bodies are in start order already.
        let mut defined: Vec<(usize, usize)> = list
            .iter()
            .enumerate()
            .map(|(i, d)| (d.name_at, i))
            .collect();
        defined.sort_unstable();
        // The blocks open at token `k`: braces, function bodies, and
        // Python's classes read by their indentation; innermost last.
        struct Blocks {
            open: Vec<Range<usize>>,
            next_body: usize,
        }
        let step = |k: usize, b: &mut Blocks| {
            while b.open.last().is_some_and(|o| o.end <= k) {
                b.open.pop();
            }
            if code.punct(k, b'{') {
                if let Some(close) = code.matching(k) {
                    b.open.push(k..close + 1);
                }
            } else if code.flavor.python && code.ident(k) == Some("class") {
                b.open.push(k..code.python_block_end(k, k));
            }
            while b.next_body < list.len() && list[b.next_body].body.start <= k {
                let body = &list[b.next_body].body;
                if body.start == k {
                    b.open.push(k..body.end.max(k + 1));
                }
                b.next_body += 1;
            }
        };
        // First the scope of each definition (a call may come first).
        let mut scoped: FxHashMap<(&'a str, usize), Vec<usize>> = FxHashMap::default();
        let mut blocks = Blocks {
            open: Vec::new(),
            next_body: 0,
        };
        let mut d = 0;
        for k in 0..code.toks.len() {
            while d < defined.len() && defined[d].0 == k {
                let i = defined[d].1;
                if !list[i].name.is_empty() {
                    let scope = blocks.open.last().map_or(FILE, |b| b.start);
                    scoped.entry((list[i].name, scope)).or_default().push(i);
                }
                d += 1;
            }
            step(k, &mut blocks);
        }
        let mut blocks = Blocks {
            open: Vec::new(),
            next_body: 0,
        };
        let mut of: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
        let mut d = 0;
        for k in 0..code.toks.len() {
            let mut definition = false;
            while d < defined.len() && defined[d].0 <= k {
                definition |= defined[d].0 == k;
                d += 1;
            }
            let call = !definition && code.call_open(k).is_some();
            let named = code
                .ident(k)
                .filter(|n| call && !n.is_empty())
                .map(|n| (n, self.functions.named(n)))
                .filter(|(_, d)| !d.is_empty());
            if let Some((name, named)) = named {
                let member = k >= 2 && code.punct(k - 1, b'.');
                let own = member && matches!(code.ident(k - 2), Some("this" | "self" | "$this"));
                let called: &[usize] = if named.len() == 1 {
                    named
                } else if member && !own {
                    if named.len() <= MEMBER_DEFINITIONS {
                        named
                    } else {
                        &[]
                    }
                } else {
                    blocks
                        .open
                        .iter()
                        .rev()
                        .map(|b| b.start)
                        .chain([FILE])
                        .find_map(|s| scoped.get(&(name, s)))
                        .map_or(&[], Vec::as_slice)
                };
                for &f in called {
                    // Another object's method of the same name called in
                    // the function's own body is how it sends, not a call
                    // of it.
                    if !list[f].body.contains(&k) {
                        of.entry(f).or_default().push(k);
                    }
                }
            }
            step(k, &mut blocks);
        }
        Callers { of }
    }

    pub fn run(&self) -> Found {
        let code = self.code;
        let mut sinks: Vec<Sink> = Vec::new();
        for k in 0..code.toks.len() {
            if code.punct(k, b'(') {
                if let Some(request) = sinks::library_request(code, k) {
                    // A bare call of a name the file defines (`def fetch(path)`
                    // in Python) is that function, not the library's.
                    let member = request.callee >= 1 && code.punct(request.callee - 1, b'.');
                    let own = !member
                        && code
                            .ident(request.callee)
                            .is_some_and(|n| !self.functions.named(n).is_empty());
                    if own {
                        continue;
                    }
                    sinks.push(Sink {
                        request,
                        wrapper: None,
                    });
                }
            } else if k >= 2 && code.punct(k, b'{') {
                // A .NET request message written as an object initializer.
                if let Some(request) = sinks::initializer_request(code, k) {
                    sinks.push(Sink {
                        request,
                        wrapper: None,
                    });
                }
            }
        }
        if code.flavor.powershell {
            for &(first, last) in self.commands() {
                if let Some(request) = sinks::powershell_request(code, first, last) {
                    sinks.push(Sink {
                        request,
                        wrapper: None,
                    });
                }
            }
        }
        if code.flavor.php_dots {
            sinks.extend(self.curl_requests().into_iter().map(|request| Sink {
                request,
                wrapper: None,
            }));
        }
        // Wrappers, then wrappers of wrappers.
        let mut wrappers: Vec<Wrapper> = Vec::new();
        // Each wrapper's place in `wrappers`, by its function.
        let mut index: FxHashMap<usize, usize> = FxHashMap::default();
        let mut summarised = 0;
        for _ in 0..ROUNDS {
            let before = wrappers.len();
            for s in &sinks[summarised..] {
                let Some(w) = self.summarise(s, &wrappers) else {
                    continue;
                };
                match index.get(&w.function) {
                    // Another request of the same wrapper: the method is
                    // the same in each, or its caller decides it.
                    Some(&i) if i >= before => {
                        if wrappers[i].method != w.method {
                            wrappers[i].method = self.method_parameter(w.function);
                        }
                    }
                    Some(_) => {}
                    None => {
                        index.insert(w.function, wrappers.len());
                        wrappers.push(w);
                    }
                }
            }
            summarised = sinks.len();
            if wrappers.len() == before {
                break;
            }
            for (i, w) in wrappers.iter().enumerate().skip(before) {
                sinks.extend(self.wrapper_calls(i, w));
            }
        }
        let mut found = Found::default();
        let mut by_literal: HashMap<usize, Vec<LiteralUse>> = HashMap::default();
        for s in &sinks {
            // A request inside a wrapper sends its caller's URL.
            if self.inside_wrapper(s, &wrappers, &index) {
                continue;
            }
            let urls = self.urls(s, &wrappers);
            let method = self.method(s, &wrappers);
            for v in &urls {
                let portable = v.portable(code);
                let page = code.flavor.browser && s.wrapper.is_none();
                match classify(&portable, s.wrapper.is_some(), page) {
                    // A relative path whose base another file names: the
                    // loader decides once it knows the base.
                    Verdict::Call {
                        evidence: Evidence::Relative,
                        ..
                    }
                    | Verdict::Unknown
                        if portable.has_symbols() =>
                    {
                        let u = &s.request.url;
                        found.pending.push(Pending {
                            url: portable,
                            method: method.clone(),
                            range: code.range(u.start, u.end.saturating_sub(1).max(u.start)),
                            wrapper: s.wrapper.is_some(),
                        });
                    }
                    Verdict::Call { path, evidence, at } => {
                        // A literal that another expression extends with
                        // more path is a base: the request names the
                        // endpoint.
                        let extended = at
                            .as_ref()
                            .is_some_and(|r| extended_elsewhere(code, &portable, r));
                        let at = at.and_then(|r| code.token_at(r.start));
                        match at {
                            Some(t) => by_literal.entry(t).or_default().push((
                                s.request.url.clone(),
                                method.clone(),
                                path,
                                evidence,
                                extended,
                            )),
                            None => found.calls.push(RequestCall {
                                tokens: s.request.url.clone(),
                                method: method.clone(),
                                path,
                                evidence,
                            }),
                        }
                    }
                    Verdict::NotPlatform => {
                        for seg in &v.segs {
                            if let Seg::Lit(_, t) = seg {
                                found.rejected.insert(*t as usize);
                            }
                        }
                    }
                    Verdict::Unknown => {}
                }
            }
        }
        // One literal read by one request is reported at the literal; one
        // read by several (other verbs, suffixes) at each request.
        let mut literals: Vec<_> = by_literal.into_iter().collect();
        literals.sort_by_key(|(t, _)| *t);
        for (t, mut uses) in literals {
            found.claimed.insert(t);
            uses.dedup();
            let distinct_requests: HashSet<&Range<usize>> = uses.iter().map(|u| &u.0).collect();
            // One written in another function (a URL builder) is reported
            // at the request.
            let request_owner = uses.first().map(|u| self.functions.owner(u.0.start));
            let literal_owner = self.functions.owner(t);
            // A literal at the top of the file (a constant, a table) or in
            // the request's own function is where the endpoint is named.
            let here = literal_owner.is_none() || request_owner == Some(literal_owner);
            // A literal a request extends with more path is a base.
            let base = uses.iter().any(|u| u.4);
            if distinct_requests.len() == 1 && here && !base {
                let end = concatenation_end(code, t);
                for (_, method, path, evidence, _) in uses {
                    found.calls.push(RequestCall {
                        tokens: t..end + 1,
                        method,
                        path,
                        evidence,
                    });
                }
            } else {
                for (url, method, path, evidence, _) in uses {
                    found.calls.push(RequestCall {
                        tokens: url,
                        method,
                        path,
                        evidence,
                    });
                }
            }
        }
        found.calls.sort_by_key(|c| c.tokens.start);
        found.calls.dedup();
        self.exchange(&sinks, &wrappers, &mut found);
        found.wrappers = wrappers
            .into_iter()
            .map(|w| (self.functions.list[w.function].name.to_string(), w))
            .collect();
        found
    }

    /// What other files may use of this one, and the calls this one makes
    /// of functions it does not define.
    fn exchange(&self, sinks: &[Sink], wrappers: &[Wrapper], found: &mut Found) {
        let code = self.code;
        let wrapped: rustc_hash::FxHashSet<usize> = wrappers.iter().map(|w| w.function).collect();
        for w in wrappers {
            let func = &self.functions.list[w.function];
            found.exported.push(super::FoundWrapper {
                name: func.name.to_string(),
                params: func.params.iter().map(|p| p.name.to_string()).collect(),
                url: w.url.portable(code).moved(),
                method: w.method.clone(),
            });
        }
        found.exports = self
            .values
            .file_level(512)
            .into_iter()
            .map(|(n, v)| (n.to_string(), v.portable(code).moved()))
            .collect();
        found.exports.extend(
            self.values
                .client_bases()
                .into_iter()
                .map(|(n, v)| (format!("{n}{CLIENT_BASE}"), v.portable(code).moved())),
        );
        for (f, func) in self.functions.list.iter().enumerate() {
            if func.name.is_empty() || wrapped.contains(&f) {
                continue;
            }
            // Only a body that writes a path or a template can return one.
            let writes = func.body.clone().take(512).any(|k| {
                matches!(code.toks[k].kind, Tok::Str(_))
                    && code
                        .string(k)
                        .is_some_and(|s| s.contains('/') || s.contains('%') || s.contains('{'))
            });
            if !writes && !func.params.is_empty() && func.body.len() > 64 {
                continue;
            }
            if let Some(v) = self.values.returns(f) {
                found.returns.push(super::FoundReturn {
                    name: func.name.to_string(),
                    params: func.params.iter().map(|p| p.name.to_string()).collect(),
                    value: v.portable(code).moved(),
                });
            }
        }
        // Calls of functions defined elsewhere, with a path or a name of
        // another file among their arguments.
        // A member request (`c.Get(...)`) may be a method of another
        // file's client: it is offered as well, unless its object is an
        // HTTP library's own.
        let members = sinks
            .iter()
            .any(|s| s.wrapper.is_none() && s.request.receiver.is_some());
        let clients = if members {
            library_clients(code)
        } else {
            HashSet::default()
        };
        let taken: HashSet<usize> = sinks
            .iter()
            .filter(|s| {
                s.wrapper.is_some()
                    || s.request
                        .receiver
                        .is_none_or(|r| library_object(code, r, &clients))
            })
            .map(|s| s.request.callee)
            .collect();
        let defined: HashSet<&str> = self.functions.list.iter().map(|f| f.name).collect();
        let definitions: HashSet<usize> = self.functions.list.iter().map(|f| f.name_at).collect();
        let renamed = imported_as(code);
        let mut outgoing = Vec::new();
        let calls = (0..code.toks.len()).filter(|&k| code.punct(k, b'('));
        for open in calls {
            if outgoing.len() >= OUTGOING {
                break;
            }
            let Some(callee) = code.callee(open) else {
                continue;
            };
            let Some(name) = code.ident(callee) else {
                continue;
            };
            if taken.contains(&callee)
                || defined.contains(name)
                || definitions.contains(&callee)
                || functions::is_keyword(name)
                || sinks::is_route_definition(code, open)
            {
                continue;
            }
            let ranges = sinks::arguments(code, open);
            let may_carry = ranges.iter().any(|r| self.may_carry_path(r));
            if !may_carry {
                continue;
            }
            let args: Vec<super::FoundArg> = ranges
                .into_iter()
                .map(|r| self.found_arg(None, r))
                .collect();
            if !args.iter().any(carries_a_path) {
                continue;
            }
            let close = code.matching(open).unwrap_or(open);
            let name = renamed.get(name).copied().unwrap_or(name);
            outgoing.push(super::FoundOutgoing {
                callee: name.to_string(),
                range: code.range(callee, close),
                args,
            });
        }
        if code.flavor.powershell {
            for &(first, last) in self.commands() {
                if outgoing.len() >= OUTGOING || taken.contains(&first) {
                    continue;
                }
                let Some(name) = sinks::command_name(code, first) else {
                    continue;
                };
                if defined.contains(name) || sinks::powershell_request(code, first, last).is_some()
                {
                    continue;
                }
                let parameters: Vec<(Option<String>, Range<usize>)> =
                    sinks::command_parameters(code, first, last)
                        .into_iter()
                        .filter(|(_, r)| !r.is_empty())
                        .collect();
                if !parameters.iter().any(|(_, r)| self.may_carry_path(r)) {
                    continue;
                }
                let args: Vec<super::FoundArg> = parameters
                    .into_iter()
                    .map(|(n, r)| self.found_arg(n, r))
                    .collect();
                if !args.iter().any(carries_a_path) {
                    continue;
                }
                outgoing.push(super::FoundOutgoing {
                    callee: name.to_string(),
                    range: code.range(first, last),
                    args,
                });
            }
        }
        found.outgoing = outgoing;
    }

    /// Whether the tokens `r` may make a path: a literal with a `/` or a
    /// template, a name of another file, or a name whose value holds one.
    /// A member's root (or `this`'s field) decides for it; a keyword
    /// names nothing.
    fn may_carry_path(&self, r: &Range<usize>) -> bool {
        let code = self.code;
        (r.start..r.end).any(|k| match code.toks[k].kind {
            Tok::Str(_) => code
                .string(k)
                .is_some_and(|s| s.contains('/') || s.contains('{')),
            Tok::Ident if k > 0 && code.punct(k - 1, b'.') => false,
            Tok::Ident => code.ident(k).is_some_and(|n| match n {
                "this" | "self" | "$this" if code.punct(k + 1, b'.') => code
                    .ident(k + 2)
                    .is_some_and(|f| self.values.may_hold_path(f, k + 2)),
                _ => !functions::is_keyword(n) && self.values.may_hold_path(n, k),
            }),
            _ => false,
        })
    }

    /// An argument as another file's wrapper reads it.
    fn found_arg(&self, keyword: Option<String>, r: Range<usize>) -> super::FoundArg {
        let code = self.code;
        let (keyword, r) = match keyword {
            Some(k) => (Some(k), r),
            None if code.flavor.python
                && code.ident(r.start).is_some()
                && code.punct(r.start + 1, b'=') =>
            {
                (code.ident(r.start).map(str::to_string), r.start + 2..r.end)
            }
            None => (None, r),
        };
        let env = Env::default();
        // `{ method: 'POST' }`, and a typed literal: Go's
        // `&request.Options{Method: http.MethodPost}`, C#'s `new Options { ... }`.
        let method_key = sinks::object_literal(code, &r)
            .and_then(|b| sinks::key_in(code, b, &["method", "type"]));
        // A typed literal is options when it names a method.
        let options = code.punct(r.start, b'{') || method_key.is_some();
        let options_verb = method_key
            .and_then(|v| {
                sinks::written_verb(code, &v)
                    .or_else(|| self.verb_value(&self.values.eval_range(v, &env)))
            })
            .map(str::to_string);
        let verb = sinks::written_verb(code, &r).map(str::to_string);
        let values = if options || r.is_empty() {
            Vec::new()
        } else {
            self.values
                .eval_range(r.clone(), &env)
                .iter()
                .take(16)
                .map(|v| v.portable(code))
                .collect()
        };
        super::FoundArg {
            keyword,
            range: code.range(r.start, r.end.saturating_sub(1).max(r.start)),
            values,
            verb,
            options_verb,
            options,
        }
    }

    /// The PowerShell commands of the file: `(first token, last token)`.
    fn commands(&self) -> &[(usize, usize)] {
        self.commands.get_or_init(|| self.find_commands())
    }

    fn find_commands(&self) -> Vec<(usize, usize)> {
        let code = self.code;
        let n = code.toks.len();
        let mut out = Vec::new();
        let mut k = 0;
        while k < n {
            if sinks::command_name(code, k).is_some_and(|c| {
                c.contains('-') || matches!(c.to_ascii_lowercase().as_str(), "irm" | "iwr")
            }) {
                let mut last = k;
                while last + 1 < n && last - k < 256 && !command_ends_after(code, last) {
                    last += 1;
                }
                out.push((k, last));
                k = last + 1;
                continue;
            }
            k += 1;
        }
        out
    }

    /// PHP cURL: each URL a handle is given (`curl_init($url)`,
    /// `CURLOPT_URL` in `curl_setopt` or an options array) and the method
    /// the same function sets (`CURLOPT_CUSTOMREQUEST`, `CURLOPT_POST`),
    /// GET otherwise.
    fn curl_requests(&self) -> Vec<Request> {
        let code = self.code;
        let mut out = Vec::new();
        for k in 0..code.toks.len() {
            let url = match code.ident(k) {
                // `CURLOPT_URL => value` or `curl_setopt($ch, CURLOPT_URL, value)`.
                Some("CURLOPT_URL") if code.punct(k + 1, b':') || code.punct(k + 1, b',') => {
                    let v = k + 2;
                    v..super::functions::expression_end(code, v)
                }
                Some("curl_init") if code.punct(k + 1, b'(') && !code.punct(k + 2, b')') => {
                    let v = k + 2;
                    v..super::functions::expression_end(code, v)
                }
                _ => continue,
            };
            // The options of the handle: the array, or the calls in the
            // same function.
            let scope = match self.functions.owner(k) {
                Some(f) => self.functions.list[f].body.clone(),
                None => 0..code.toks.len(),
            };
            let mut method = Method::Default("GET");
            for o in scope {
                match code.ident(o) {
                    Some("CURLOPT_CUSTOMREQUEST") => {
                        let r = o + 2..super::functions::expression_end(code, o + 2);
                        method = match sinks::written_verb(code, &r) {
                            Some(v) => Method::Verb(v),
                            None => Method::Expr(r),
                        };
                        break;
                    }
                    Some("CURLOPT_POST") => method = Method::Verb("POST"),
                    Some("CURLOPT_HTTPGET") => method = Method::Verb("GET"),
                    _ => {}
                }
            }
            out.push(Request {
                callee: k,
                open: k,
                url,
                method,
                base: None,
                receiver: None,
            });
        }
        out
    }

    /// The wrapper a request inside a function makes of it: the function's
    /// parameter that names the endpoint.
    fn summarise(&self, s: &Sink, wrappers: &[Wrapper]) -> Option<Wrapper> {
        for f in self.functions.owners(s.request.callee) {
            let func = &self.functions.list[f];
            if func.params.is_empty() {
                continue;
            }
            let env = Env::symbolic(f);
            let urls = self.urls_in(s, wrappers, &env);
            let Some(url) = urls.into_iter().find(|v| endpoint_from_param(v).is_some()) else {
                continue;
            };
            if func.name.is_empty() {
                // A callback's parameter: not a wrapper anyone calls by name.
                return None;
            }
            let method = self.wrapper_method(s, wrappers, f);
            return Some(Wrapper {
                function: f,
                url,
                method,
            });
        }
        None
    }

    /// A wrapper that sends different methods in different branches
    /// (`if ($Method -eq 'POST') { ... -Method POST } else { ... -Method GET }`):
    /// its caller decides, through the parameter named for the method, or
    /// the method is not known.
    fn method_parameter(&self, f: usize) -> WrapperMethod {
        let func = &self.functions.list[f];
        let named = func.params.iter().position(|p| {
            let n = p.name.trim_start_matches('$').to_ascii_lowercase();
            matches!(
                n.as_str(),
                "method" | "verb" | "httpmethod" | "http_method" | "requestmethod"
            )
        });
        match named {
            Some(i) => WrapperMethod::Param {
                index: i as u16,
                default: func.params[i]
                    .default
                    .clone()
                    .and_then(|d| self.verb_value(&self.values.eval_range(d, &Env::default()))),
            },
            None => WrapperMethod::Unknown,
        }
    }

    /// How the callers of function `f` decide the method of request `s`.
    fn wrapper_method(&self, s: &Sink, wrappers: &[Wrapper], f: usize) -> WrapperMethod {
        let env = Env::symbolic(f);
        let func = &self.functions.list[f];
        let default_of = |index: usize| -> Option<&'static str> {
            let d = func.params.get(index)?.default.clone()?;
            self.verb_value(&self.values.eval_range(d, &Env::default()))
        };
        match &s.wrapper {
            Some(w) => {
                let w = &wrappers[*w];
                match &w.method {
                    WrapperMethod::Verb(v) => WrapperMethod::Verb(v),
                    WrapperMethod::Param { index, default } => {
                        let args = self.call_arguments(s, wrappers);
                        match args.get(*index as usize) {
                            Some(a) => self.method_from_expr(a.clone(), f, &default_of),
                            None => default.map_or(WrapperMethod::Unknown, WrapperMethod::Verb),
                        }
                    }
                    WrapperMethod::Option {
                        index,
                        keys,
                        default,
                    } => {
                        let args = self.call_arguments(s, wrappers);
                        match args.get(*index as usize) {
                            Some(a) => {
                                self.method_from_options(a.clone(), keys, *default, f, &default_of)
                            }
                            None => default.map_or(WrapperMethod::Unknown, WrapperMethod::Verb),
                        }
                    }
                    WrapperMethod::Unknown => WrapperMethod::Unknown,
                }
            }
            None => match &s.request.method {
                Method::Verb(v) => WrapperMethod::Verb(v),
                Method::Default(v) => WrapperMethod::Verb(v),
                Method::Expr(r) => self.method_from_expr(r.clone(), f, &default_of),
                Method::Options {
                    object,
                    keys,
                    default,
                } => self.method_from_options(object.clone(), keys, *default, f, &default_of),
                Method::Unknown => {
                    let _ = env;
                    WrapperMethod::Unknown
                }
            },
        }
    }

    /// A method written as an expression inside wrapper `f`.
    fn method_from_expr(
        &self,
        r: Range<usize>,
        f: usize,
        default_of: &dyn Fn(usize) -> Option<&'static str>,
    ) -> WrapperMethod {
        if let Some(v) = sinks::written_verb(self.code, &r) {
            return WrapperMethod::Verb(v);
        }
        let vals = self.values.eval_range(r, &Env::symbolic(f));
        if let Some(v) = self.verb_value(&vals) {
            return WrapperMethod::Verb(v);
        }
        match vals.first().map(|v| v.segs.as_slice()) {
            Some([Seg::Param(p)]) => WrapperMethod::Param {
                index: *p,
                default: default_of(*p as usize),
            },
            _ => WrapperMethod::Unknown,
        }
    }

    /// A method read from an options object inside wrapper `f`: a literal
    /// object's key, or an options parameter (destructured or passed on).
    fn method_from_options(
        &self,
        object: Range<usize>,
        keys: &'static [&'static str],
        default: Option<&'static str>,
        f: usize,
        default_of: &dyn Fn(usize) -> Option<&'static str>,
    ) -> WrapperMethod {
        let code = self.code;
        let func = &self.functions.list[f];
        if code.punct(object.start, b'{') {
            return match sinks::key_in(code, object.start, keys) {
                Some(v) => {
                    // `{ method }` shorthand or `method: method`: a parameter,
                    // or an option of a destructured parameter.
                    if let Some(name) = code.ident(v.start).filter(|_| v.len() == 1) {
                        for (i, p) in func.params.iter().enumerate() {
                            if p.name == name {
                                return WrapperMethod::Param {
                                    index: i as u16,
                                    default: default_of(i),
                                };
                            }
                            if let Some((_, d)) = p.options.iter().find(|(o, _)| *o == name) {
                                let d = d.clone().and_then(|d| {
                                    self.verb_value(&self.values.eval_range(d, &Env::default()))
                                });
                                return WrapperMethod::Option {
                                    index: i as u16,
                                    keys,
                                    default: d.or(default),
                                };
                            }
                        }
                    }
                    self.method_from_expr(v, f, default_of)
                }
                // No method key: the library's default, unless the object
                // spreads a parameter's options.
                None => {
                    let spread = (object.start..object.end).find_map(|k| {
                        (code.punct(k, b'.') && code.punct(k + 1, b'.') && code.punct(k + 2, b'.'))
                            .then(|| code.ident(k + 3))
                            .flatten()
                    });
                    match spread.and_then(|n| func.params.iter().position(|p| p.name == n)) {
                        Some(i) => WrapperMethod::Option {
                            index: i as u16,
                            keys,
                            default,
                        },
                        None => default.map_or(WrapperMethod::Unknown, WrapperMethod::Verb),
                    }
                }
            };
        }
        // The options are a parameter passed on: `fetch(url, opts)`.
        if let Some(name) = code.ident(object.start).filter(|_| object.len() == 1) {
            if let Some(i) = func.params.iter().position(|p| p.name == name) {
                return WrapperMethod::Option {
                    index: i as u16,
                    keys,
                    default,
                };
            }
            // An options object the wrapper builds first:
            // `const opts = { method, headers }; fetch(url, opts)`.
            if let Some(literal) = self.options_literal(&object) {
                return self.method_from_options(literal, keys, default, f, default_of);
            }
        }
        default.map_or(WrapperMethod::Unknown, WrapperMethod::Verb)
    }

    /// The verb a value names, when all alternatives agree.
    fn verb_value(&self, values: &[Value]) -> Option<&'static str> {
        let mut verb = None;
        for v in values {
            let t = v.text();
            let this = sinks::verb_of(t.trim())?;
            if verb.is_some_and(|x| x != this) {
                return None;
            }
            verb = Some(this);
        }
        verb
    }

    /// The calls of wrapper `w` (index `i`) in the file.
    fn wrapper_calls(&self, i: usize, w: &Wrapper) -> Vec<Sink> {
        let code = self.code;
        let func = &self.functions.list[w.function];
        let Some(p) = endpoint_from_param(&w.url) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        if code.flavor.powershell {
            for &(first, last) in self.commands() {
                if sinks::command_name(code, first)
                    .is_some_and(|n| n.eq_ignore_ascii_case(func.name))
                    && first != func.name_at
                {
                    let args = self.powershell_arguments(w, first, last);
                    if let Some(url) = args.get(p as usize).filter(|r| !r.is_empty()) {
                        out.push(Sink {
                            request: Request {
                                callee: first,
                                open: first,
                                url: url.clone(),
                                method: Method::Unknown,
                                base: None,
                                receiver: None,
                            },
                            wrapper: Some(i),
                        });
                    }
                }
            }
            return out;
        }
        for &k in self.calls_of(w.function) {
            let Some(open) = code.call_open(k) else {
                continue;
            };
            let args = self.arguments_by_parameter(w, open);
            let Some(url) = args.get(p as usize).filter(|r| !r.is_empty()).cloned() else {
                continue;
            };
            out.push(Sink {
                request: Request {
                    callee: k,
                    open,
                    url,
                    method: Method::Unknown,
                    base: None,
                    receiver: None,
                },
                wrapper: Some(i),
            });
        }
        out
    }

    /// The arguments of a call of wrapper `w` in the order of its
    /// parameters: positional, then Python's `name=value` (`0..0` when
    /// the caller leaves one out).
    fn arguments_by_parameter(&self, w: &Wrapper, open: usize) -> Vec<Range<usize>> {
        let code = self.code;
        let func = &self.functions.list[w.function];
        let args = sinks::arguments(code, open);
        let mut out = vec![0..0; func.params.len()];
        let mut positional = 0;
        for a in args {
            let keyword = code
                .ident(a.start)
                .filter(|_| code.punct(a.start + 1, b'=') && code.flavor.python)
                .and_then(|n| func.params.iter().position(|p| p.name == n));
            match keyword {
                Some(i) => out[i] = a.start + 2..a.end,
                None => {
                    if positional < out.len() {
                        out[positional] = a;
                    }
                    positional += 1;
                }
            }
        }
        out
    }

    /// A PowerShell call of a wrapper function: its `-Name value`
    /// arguments in the order of the wrapper's parameters, else by position.
    fn powershell_arguments(&self, w: &Wrapper, first: usize, last: usize) -> Vec<Range<usize>> {
        let func = &self.functions.list[w.function];
        let params = sinks::command_parameters(self.code, first, last);
        let mut positional = params.iter().filter(|(n, _)| n.is_none());
        func.params
            .iter()
            .map(|p| {
                let want = p.name.trim_start_matches('$');
                params
                    .iter()
                    .find(|(n, _)| n.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(want)))
                    .or_else(|| positional.next())
                    .map(|(_, r)| r.clone())
                    .unwrap_or(0..0)
            })
            .collect()
    }

    /// Whether a request sits in a wrapper and sends the wrapper's URL.
    fn inside_wrapper(
        &self,
        s: &Sink,
        wrappers: &[Wrapper],
        index: &FxHashMap<usize, usize>,
    ) -> bool {
        self.functions.owners(s.request.callee).any(|f| {
            index.contains_key(&f)
                && self
                    .urls_in(s, wrappers, &Env::symbolic(f))
                    .iter()
                    .any(|v| endpoint_from_param(v).is_some())
        })
    }

    /// The URLs a request sends, in the default environment.
    fn urls(&self, s: &Sink, wrappers: &[Wrapper]) -> Vec<Value> {
        self.urls_in(s, wrappers, &Env::default())
    }

    fn urls_in(&self, s: &Sink, wrappers: &[Wrapper], env: &Env) -> Vec<Value> {
        if s.wrapper.is_some() {
            return self.wrapper_urls(s, wrappers, env);
        }
        let mut urls = self.values.eval_range(s.request.url.clone(), env);
        // A client made with a base URL (`axios.create({ baseURL })`,
        // `httpx.Client(base_url=...)`, `new HttpClient { BaseAddress = ... }`)
        // sends relative URLs there.
        let bases = s.request.receiver.and_then(|r| {
            self.values
                .client_base(r, env)
                .or_else(|| self.imported_client(r))
        });
        if let Some(bases) = bases {
            let relative = |u: &Value| url_host(&u.text()).is_none();
            urls = urls
                .into_iter()
                .flat_map(|u| {
                    if relative(&u) {
                        bases
                            .iter()
                            .map(|b| {
                                let mut v = b.clone();
                                v.segs.extend(u.segs.iter().cloned());
                                v
                            })
                            .collect::<Vec<_>>()
                    } else {
                        vec![u]
                    }
                })
                .collect();
        }
        if let Some(base) = &s.request.base {
            let base = self.values.eval_range(base.clone(), env);
            if let Some(b) = base.first() {
                let mut host = Value::lit("https://", u32::MAX);
                host.segs.extend(b.segs.iter().cloned());
                urls = urls
                    .into_iter()
                    .map(|u| {
                        let mut h = host.clone();
                        h.segs.extend(u.segs);
                        h
                    })
                    .collect();
            }
        }
        urls
    }

    /// A client this file uses but does not make (`gc.get('/users/me')`
    /// with `gc` imported, handed in as a parameter, or held in another
    /// object's field): its base, as a name the loader looks up in the
    /// file that makes it. Not the HTTP libraries' own objects (`axios.get`
    /// sends to the page's origin).
    fn imported_client(&self, r: usize) -> Option<Vec<Value>> {
        let code = self.code;
        let name = code.ident(r)?;
        let qualified = r >= 1 && code.punct(r - 1, b'.');
        let library = LIBRARY_OBJECTS.contains(&name) && !qualified;
        // A client handed in as a parameter (`func f(client *Client)`) is
        // made elsewhere too: the loader looks for where.
        if library || self.values.assigns(name) {
            return None;
        }
        // Another object's field (`conversation.client.Patch(ctx, uri)`)
        // holds a client made elsewhere just as well; from a page, a field
        // such as Angular's `this.http` sends to the page's own server.
        let mut root = r;
        while root >= 2 && code.punct(root - 1, b'.') && code.ident(root - 2).is_some() {
            root -= 2;
        }
        if root != r {
            let library_root = code
                .ident(root)
                .is_some_and(|n| LIBRARY_OBJECTS.contains(&n));
            let own_field = code
                .ident(root)
                .is_some_and(|n| matches!(n, "this" | "self" | "$this"))
                && self.values.assigns_field(name);
            if code.flavor.browser
                || library_root
                || own_field
                || (root >= 1 && code.punct(root - 1, b'.'))
            {
                return None;
            }
        }
        Some(vec![Value {
            segs: vec![Seg::Name(format!("{name}{CLIENT_BASE}"))],
        }])
    }

    /// The URLs a call of a wrapper sends.
    fn wrapper_urls(&self, s: &Sink, wrappers: &[Wrapper], env: &Env) -> Vec<Value> {
        let Some(w) = s.wrapper else {
            return Vec::new();
        };
        // The wrapper's URL with the caller's arguments in place: every
        // alternative of the endpoint's argument, the first of the others.
        let w = &wrappers[w];
        let endpoint = endpoint_from_param(&w.url).map_or(usize::MAX, usize::from);
        // Only the arguments the wrapper's URL reads are evaluated: a
        // call's options, body or callback say nothing of where it goes.
        let mut read = Vec::new();
        w.url.params(&mut read);
        let args: Vec<Vec<Value>> = self
            .call_arguments(s, wrappers)
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                if r.is_empty() || !read.get(i).copied().unwrap_or(false) {
                    vec![Value::hole()]
                } else {
                    self.values.eval_range(r, env)
                }
            })
            .collect();
        let firsts: Vec<Value> = args
            .iter()
            .map(|a| a.first().cloned().unwrap_or_else(Value::hole))
            .collect();
        // A wrapper that puts a base before its argument takes no absolute
        // URL (that is a library's method of the same name, or another
        // service), nor a second `/api/v2`.
        let base = w.url.text();
        let base = base.split("{}").next().unwrap_or("");
        let (base_host, base_api) = (base.contains("://"), base.contains("/api/v2"));
        let fits = |a: &Value| {
            let t = a.text();
            let takes_whole_urls = !base_host && !base_api;
            takes_whole_urls || (url_host(&t).is_none() && !(base_api && t.contains("/api/v2")))
        };
        match args.get(endpoint) {
            Some(alternatives) => {
                // Each alternative in the endpoint's place in turn.
                let mut given = firsts;
                alternatives
                    .iter()
                    .filter(|a| fits(a))
                    .map(|a| {
                        given[endpoint] = a.clone();
                        w.url.substitute(&given)
                    })
                    .collect()
            }
            None => vec![w.url.substitute(&firsts)],
        }
    }

    /// The method a request is sent with, when the code says.
    fn method(&self, s: &Sink, wrappers: &[Wrapper]) -> Option<String> {
        let env = Env::default();
        let code = self.code;
        let from_expr = |r: &Range<usize>| -> Option<&'static str> {
            sinks::written_verb(code, r)
                .or_else(|| self.verb_value(&self.values.eval_range(r.clone(), &env)))
        };
        let verb = match s.wrapper {
            Some(w) => match &wrappers[w].method {
                WrapperMethod::Verb(v) => Some(*v),
                WrapperMethod::Param { index, default } => {
                    let args = self.call_arguments(s, wrappers);
                    match args.get(*index as usize) {
                        Some(a) if !a.is_empty() => from_expr(a),
                        _ => *default,
                    }
                }
                WrapperMethod::Option {
                    index,
                    keys,
                    default,
                } => {
                    let args = self.call_arguments(s, wrappers);
                    match args.get(*index as usize).filter(|a| !a.is_empty()) {
                        Some(a) if code.punct(a.start, b'{') => {
                            match sinks::key_in(code, a.start, keys) {
                                Some(v) => from_expr(&v),
                                None => *default,
                            }
                        }
                        Some(_) => None,
                        None => *default,
                    }
                }
                WrapperMethod::Unknown => None,
            },
            None => match &s.request.method {
                Method::Verb(v) | Method::Default(v) => Some(*v),
                Method::Expr(r) => from_expr(r),
                Method::Options {
                    object,
                    keys,
                    default,
                } => {
                    if code.punct(object.start, b'{') {
                        match sinks::key_in(code, object.start, keys) {
                            Some(v) => from_expr(&v),
                            None => *default,
                        }
                    } else {
                        // An options variable: its object's key.
                        self.options_variable(object, keys).or(None)
                    }
                }
                Method::Unknown => None,
            },
        };
        verb.map(str::to_string)
    }

    /// The arguments of a wrapper call in the order of the wrapper's
    /// parameters (PowerShell's `-Name value`, Python's `name=value`).
    fn call_arguments(&self, s: &Sink, wrappers: &[Wrapper]) -> Vec<Range<usize>> {
        let code = self.code;
        let Some(w) = s.wrapper else {
            return sinks::arguments(code, s.request.open);
        };
        let w = &wrappers[w];
        if code.flavor.powershell {
            let commands = self.commands();
            let last = commands
                .binary_search_by_key(&s.request.open, |(f, _)| *f)
                .map_or(s.request.open, |i| commands[i].1);
            return self.powershell_arguments(w, s.request.open, last);
        }
        self.arguments_by_parameter(w, s.request.open)
    }

    /// `fetch(url, opts)` with `const opts = { method: 'POST' }`.
    fn options_variable(&self, object: &Range<usize>, keys: &[&str]) -> Option<&'static str> {
        let literal = self.options_literal(object)?;
        let code = self.code;
        let v = sinks::key_in(code, literal.start, keys)?;
        sinks::written_verb(code, &v)
            .or_else(|| self.verb_value(&self.values.eval_range(v, &Env::default())))
    }
}

impl Stage<'_, '_> {
    /// The object literal an options variable is assigned, before the
    /// request that passes it (`const opts = { method, headers }`).
    fn options_literal(&self, object: &Range<usize>) -> Option<Range<usize>> {
        let code = self.code;
        let name = code.ident(object.start).filter(|_| object.len() == 1)?;
        let assign = (object.start.saturating_sub(super::code::NEAR * 4)..object.start)
            .rev()
            .find(|&k| {
                code.ident(k) == Some(name) && code.punct(k + 1, b'=') && code.punct(k + 2, b'{')
            })?;
        let close = code.matching(assign + 2)?;
        Some(assign + 2..close + 1)
    }
}

/// The last token of the concatenation a literal at `t` starts
/// (`'/api/v2/users/' + user.id`), where a call site's text ends.
/// Whether the path the literal at `r` starts goes on in a literal
/// written outside the literal's own concatenation (`const BASE =
/// ".../conversations"` read by `${BASE}/${id}/members`).
fn extended_elsewhere(code: &Code, v: &Portable, r: &Range<usize>) -> bool {
    let Some(t) = code.token_at(r.start) else {
        return false;
    };
    let end = concatenation_end(code, t);
    let text = v.text();
    let from = text.find("/api/v2").map_or(0, |a| a + "/api/v2".len());
    v.path_after(from, r)
        .iter()
        .filter_map(|x| code.token_at(x.start))
        .any(|k| k < t || k > end)
}

fn concatenation_end(code: &Code, t: usize) -> usize {
    let mut last = t;
    let mut steps = 0;
    while code.punct(last + 1, b'+') && steps < 64 {
        steps += 1;
        let next = last + 2;
        if code.string(next).is_some() {
            last = next;
            continue;
        }
        if code.ident(next).is_none()
            && !matches!(code.toks.get(next).map(|t| t.kind), Some(Tok::Num))
        {
            break;
        }
        let mut j = next;
        while code.punct(j + 1, b'.') && code.ident(j + 2).is_some() {
            j += 2;
        }
        if code.punct(j + 1, b'(') || code.punct(j + 1, b'[') {
            match code.matching(j + 1) {
                Some(c) => j = c,
                None => break,
            }
        }
        last = j;
    }
    last
}

/// Whether a PowerShell command ends between tokens `a` and `a + 1`: a
/// line end that no backtick continues, or `;`, `|`, a brace.
pub fn command_ends_after(code: &Code, a: usize) -> bool {
    let (Some(x), Some(y)) = (code.toks.get(a), code.toks.get(a + 1)) else {
        return true;
    };
    if matches!(x.kind, Tok::Punct(b';' | b'|' | b'{' | b'}'))
        || matches!(y.kind, Tok::Punct(b';' | b'|' | b'{' | b'}'))
    {
        return true;
    }
    let gap = code.text.get(x.end()..y.start()).unwrap_or("");
    gap.contains('\n') && !gap.trim_start_matches([' ', '\t']).starts_with('`')
}

/// What a request's URL is.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// A Platform API path; the range of the literal that names it (in
    /// the file the value was read in), when one does.
    Call {
        path: String,
        evidence: Evidence,
        at: Option<Range<usize>>,
    },
    /// Another service's URL, or the app's own server.
    NotPlatform,
    /// Nothing known.
    Unknown,
}

/// The path with its query marked by `?`: a paging helper that picks `?`
/// or `&` at run time (`${path}${sep}pageSize=100`) leaves an `&name=`
/// where the query starts; no Platform path holds `&`.
fn query_at_first_separator(rest: &str) -> String {
    match rest.find(['?', '&']) {
        Some(at) if rest.as_bytes()[at] == b'&' => format!("{}?{}", &rest[..at], &rest[at + 1..]),
        _ => rest.to_string(),
    }
}

/// A path written as a pattern to match requests against, not a request:
/// a regular expression or a glob.
pub fn is_pattern(path: &str) -> bool {
    let path = path.split('?').next().unwrap_or(path);
    path.ends_with('$')
        || path.contains('*')
        || path.contains("[^")
        || path.contains("(?")
        || path.contains("\\/")
        || path.contains(".+")
        || path.contains("\\d")
}

/// The environment variables a value reads before byte `at` of its text.
fn env_before(v: &Portable, at: usize) -> Vec<&str> {
    let mut pos = 0;
    let mut out = Vec::new();
    for s in &v.segs {
        if pos >= at {
            break;
        }
        match s {
            PSeg::Lit(t, _) => pos += t.len(),
            PSeg::Env(n) => {
                out.push(n.as_str());
                pos += 2;
            }
            _ => pos += 2,
        }
    }
    out
}

/// Whether a name (an environment variable's) speaks of Genesys Cloud.
fn genesys_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [
        "genesys",
        "purecloud",
        "pure_cloud",
        "gc_",
        "_gc",
        "region",
        "environment",
    ]
    .iter()
    .any(|w| n.contains(w))
        || n == "gc"
}

/// What the URL value `v` of a request is. `wrapper`: sent through a
/// project wrapper (a relative path there may be the Platform API's);
/// `page`: sent by an HTTP library from code that runs in a browser.
pub fn classify(v: &Portable, wrapper: bool, page: bool) -> Verdict {
    let text = v.text();
    if let Some(at) = super::find(&text, "/api/v2") {
        let head = &text[..at];
        let rest = &text[at..];
        if let Some((_, host)) = url_host(head) {
            if is_other_genesys_service(host) {
                return Verdict::NotPlatform;
            }
            let literal = host.replace("{}", "");
            let labels = literal.split('.').filter(|l| !l.is_empty()).count();
            let genesys_shaped =
                host.starts_with("api.{}") || host.starts_with("login.{}") || host == "{}";
            if labels >= 2
                && !genesys_shaped
                && !is_genesys_domain(&literal)
                && !literal.contains("genesys")
            {
                return Verdict::NotPlatform;
            }
        } else if head.contains(' ')
            || !(head.is_empty() || head.ends_with('}') || head.ends_with('/'))
        {
            return Verdict::Unknown;
        } else if env_before(v, at).iter().any(|n| !genesys_name(n)) {
            // `${process.env.ALERTMANAGER_URL}/api/v2/silences`: a base
            // named for another service.
            return Verdict::NotPlatform;
        }
        let after = rest.trim_start_matches("/api/v2");
        if !after.contains(|c: char| c.is_ascii_alphanumeric()) || is_pattern(rest) {
            return Verdict::Unknown;
        }
        // The literal naming the endpoint: where the path after `/api/v2/` starts.
        let start = at + "/api/v2".len() + usize::from(after.starts_with('/'));
        // From a page, `fetch('/api/v2/...')` with no base goes to the
        // app's own server.
        if head.is_empty() && page {
            return Verdict::NotPlatform;
        }
        // Under a base the code does not show (a field, a parameter, a
        // setting), `/api/v2` alone does not say Genesys (Zendesk's API is
        // `/api/v2/help_center/...`): the catalogue decides by the API
        // area the path names.
        let evidence = match !head.is_empty() && url_host(head).is_none() {
            true => Evidence::UnknownBase,
            false => Evidence::Written,
        };
        return Verdict::Call {
            path: query_at_first_separator(rest),
            evidence,
            at: v.range_at(start).or_else(|| v.range_at(at)),
        };
    }
    // No `/api/v2`: a relative path under a base the code does not show.
    let first_lit = v
        .segs
        .iter()
        .position(|s| matches!(s, PSeg::Lit(t, _) if !t.is_empty()));
    let Some(first_lit) = first_lit else {
        return Verdict::Unknown;
    };
    let base = &v.segs[..first_lit];
    // An environment variable named for another service (the app's back
    // end) is not a Genesys base; one named for Genesys or its region is.
    if base
        .iter()
        .any(|s| matches!(s, PSeg::Env(n) if !genesys_name(n)))
    {
        return Verdict::NotPlatform;
    }
    let unknown_base = base.iter().any(|s| {
        matches!(
            s,
            PSeg::Hole | PSeg::Env(_) | PSeg::Name(_) | PSeg::Call(..)
        )
    });
    let PSeg::Lit(lit, _) = &v.segs[first_lit] else {
        return Verdict::Unknown;
    };
    if url_host(&text).is_some() || lit.contains("://") {
        return Verdict::NotPlatform;
    }
    if !unknown_base {
        // `fetch('/users')` from the app's own pages: its own server.
        return if wrapper {
            Verdict::Unknown
        } else {
            Verdict::NotPlatform
        };
    }
    // Where the literal starts in the text: each piece before it is `{}`
    // or an empty literal.
    let offset: usize = base
        .iter()
        .map(|s| match s {
            PSeg::Lit(t, _) => t.len(),
            _ => 2,
        })
        .sum();
    let rel = &text[offset.min(text.len())..];
    let rel = rel.split(['?', '#', '&']).next().unwrap_or("");
    // OAuth's endpoints live on the login host, not under `/api/v2`.
    if rel.trim_start_matches('/').starts_with("oauth/") {
        return Verdict::NotPlatform;
    }
    let shaped = rel.trim_start_matches('/').split('/').all(|s| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "{}_-.:".contains(c))
    });
    if !shaped || !rel.contains(|c: char| c.is_ascii_alphabetic()) || is_pattern(rel) {
        return Verdict::Unknown;
    }
    // A single word is a key (`settings.get("region")`, `os.environ.get("REGION")`)
    // as often as a path: a path has a `/`.
    if !rel.contains('/') {
        return Verdict::Unknown;
    }
    // The base may stop anywhere along `/api/v2`: what follows it is the
    // rest (`…/api` and `/v2/users`).
    let rel = rel.trim_start_matches('/');
    let rest = rel
        .strip_prefix("api/v2/")
        .or_else(|| rel.strip_prefix("v2/"))
        .unwrap_or(rel);
    Verdict::Call {
        path: format!("/api/v2/{rest}"),
        evidence: Evidence::Relative,
        at: v.range_at(offset),
    }
}

#[cfg(test)]
mod tests;
