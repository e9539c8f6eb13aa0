//! The sinks stage of the source pipeline: which calls send an HTTP
//! request, which argument is the URL and how the method is known — by the
//! HTTP libraries every language's code uses (`fetch`, axios, `requests`,
//! `net/http`, `HttpClient`, `HttpRequestMessage`, RestSharp, OkHttp,
//! `java.net.http`, Spring's `RestTemplate` and `WebClient`, Guzzle, cURL,
//! `Invoke-RestMethod`) and the SDKs' own generic `callApi`/`call_api`/
//! `invokeAPI`. A project's own wrappers are found from these
//! (`scan::requests`).
//!
//! Also here: what is *not* a request although it names a path — route
//! definitions of web frameworks (`app.get('/api/v2/x', handler)`,
//! `@app.route`, `[HttpGet("...")]`, `@GetMapping`, `HandleFunc`,
//! `MapGet`): an app's own API is never a Platform call.

use super::code::{Code, NEAR};
use super::functions;
use super::lexer::Tok;
use std::ops::Range;

pub const VERBS: [&str; 6] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

/// `get`, `PostAsync`, `MethodDelete`, `HttpMethod.Post`'s `Post` → the verb.
pub fn verb_of(word: &str) -> Option<&'static str> {
    let w = word.strip_suffix("Async").unwrap_or(word);
    // .NET `PostAsJsonAsync`, `GetFromJsonAsync`, `GetStringAsync`, ...
    let w = ["AsJson", "FromJson", "String", "Stream", "ByteArray"]
        .iter()
        .find_map(|s| w.strip_suffix(s))
        .unwrap_or(w);
    let w = w.strip_prefix("Method").unwrap_or(w);
    VERBS.iter().copied().find(|v| v.eq_ignore_ascii_case(w))
}

/// How a request's method is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    /// Written: `axios.post`, `'DELETE'`, `HttpMethod.Put`.
    Verb(&'static str),
    /// The value of an expression (a variable, a parameter).
    Expr(Range<usize>),
    /// An options object (`fetch(url, opts)`): its `method` key (the
    /// first of `keys` it holds), else the default.
    Options {
        object: Range<usize>,
        keys: &'static [&'static str],
        default: Option<&'static str>,
    },
    /// Nothing says; the library's default.
    Default(&'static str),
    Unknown,
}

/// A call that sends a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The callee's token and the call's `(` (for PowerShell, the command).
    pub callee: usize,
    pub open: usize,
    /// The URL argument's tokens.
    pub url: Range<usize>,
    pub method: Method,
    /// An object holding the URL's base (Node's `{ hostname, path }`):
    /// the base's tokens.
    pub base: Option<Range<usize>>,
    /// The object a member request is made on (`zendesk` of
    /// `zendesk.put(...)`, `http` of `this.http.get(...)`): its token. An
    /// HTTP client made with a base URL sends there.
    pub receiver: Option<usize>,
}

/// Callees whose arguments hold a method and a URL, and where each is:
/// `(name, url, method)` positions.
const VERB_ARGUMENT_CALLEES: [(&str, usize, usize); 11] = [
    // Python `requests.request(method, url)`, Guzzle, `http.client`.
    ("request", 1, 0),
    ("NewRequest", 1, 0),
    ("NewRequestWithContext", 2, 1),
    ("HttpRequestMessage", 1, 0),
    // The SDKs' generic request functions.
    ("call_api", 0, 1),
    ("callApi", 0, 1),
    ("CallApi", 0, 1),
    ("invokeAPI", 0, 1),
    ("InvokeAPI", 0, 1),
    // `xhr.open('GET', url)`
    ("open", 1, 0),
    // Spring `exchange(url, HttpMethod.GET, ...)`
    ("exchange", 0, 1),
];

/// The argument ranges of the call opened at `open`.
pub fn arguments(code: &Code, open: usize) -> Vec<Range<usize>> {
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

/// A keyword argument `name=value` / `name: value` among `args`.
fn keyword(code: &Code, args: &[Range<usize>], names: &[&str]) -> Option<Range<usize>> {
    args.iter().find_map(|a| {
        let n = code.ident(a.start)?;
        (names.contains(&n) && (code.punct(a.start + 1, b'=') || code.punct(a.start + 1, b':')))
            .then(|| a.start + 2..a.end)
    })
}

/// The value range of `key` directly inside the object opened at `open`.
pub fn key_in(code: &Code, open: usize, keys: &[&str]) -> Option<Range<usize>> {
    let close = code.matching(open)?;
    for k in code.inside(open, close, false) {
        let Some(n) = code.name(k) else { continue };
        if !keys.iter().any(|key| key.eq_ignore_ascii_case(n)) {
            continue;
        }
        if code.punct(k + 1, b':') || code.punct(k + 1, b'=') {
            let from = k + 2;
            return Some(from..functions::expression_end(code, from).min(close));
        }
        // `{ url }` shorthand: the variable of that name.
        if code.punct(k + 1, b',') || code.punct(k + 1, b'}') {
            return Some(k..k + 1);
        }
    }
    None
}

/// A verb written as a value: `'POST'`, `HttpMethod.Post`, `Method.GET`,
/// `http.MethodGet`, PowerShell `Post`.
pub fn written_verb(code: &Code, range: &Range<usize>) -> Option<&'static str> {
    if range.is_empty() {
        return None;
    }
    if let Some(s) = code.string(range.start) {
        return (range.len() == 1).then(|| verb_of(s)).flatten();
    }
    // The last name of a member chain: `HttpMethod.Post`, `http.MethodGet`.
    let last = range.end - 1;
    let name = code.ident(last)?;
    let qualified = last >= range.start + 2 && code.punct(last - 1, b'.');
    if qualified {
        let q = code.ident(last - 2).unwrap_or("");
        let method_type = q.eq_ignore_ascii_case("method")
            || q.eq_ignore_ascii_case("httpmethod")
            || q == "http"
            || q.ends_with("Method")
            || q.ends_with("Methods");
        return method_type.then(|| verb_of(name)).flatten();
    }
    // A bare `Post` (PowerShell `-Method Post`) or Go `MethodGet`.
    if range.len() == 1 && (code.flavor.powershell || name.starts_with("Method")) {
        return verb_of(name);
    }
    None
}

/// Whether the call opened at `open` defines a route of the app's own
/// server (or is an annotation naming one) rather than sending a request.
pub fn is_route_definition(code: &Code, open: usize) -> bool {
    let Some(callee) = code.callee(open) else {
        return false;
    };
    let name = code.ident(callee).unwrap_or("");
    // The start of the callee's member chain.
    let mut start = callee;
    while start >= 2 && code.punct(start - 1, b'.') && code.ident(start - 2).is_some() {
        start -= 2;
    }
    // `@app.get(...)`, `@Get(...)`, `@GetMapping(...)`; C# `[HttpGet(...)]`.
    if start >= 1 && code.punct(start - 1, b'@') {
        return true;
    }
    if start >= 1
        && code.punct(start - 1, b'[')
        && (name.starts_with("Http") || name == "Route")
        && code
            .matching(open)
            .is_some_and(|c| code.punct(c + 1, b']') || code.punct(c + 1, b','))
    {
        return true;
    }
    if matches!(
        name,
        "HandleFunc"
            | "Handle"
            | "HandlerFunc"
            | "MapGet"
            | "MapPost"
            | "MapPut"
            | "MapDelete"
            | "MapPatch"
            | "MapMethods"
            | "Map"
            | "MapGroup"
            | "add_url_rule"
            | "add_api_route"
            | "add_route"
            | "route"
            | "Route"
            | "re_path"
    ) {
        return true;
    }
    let member = callee >= 1 && code.punct(callee - 1, b'.');
    if !member || verb_of(name).is_none() && !matches!(name, "all" | "use" | "any" | "Any") {
        return false;
    }
    // A route is a path on the app's own server; a URL with a scheme is
    // where a request goes, whatever follows it (a callback that reads
    // the response: `client.post('https://…', args, function (data) {})`).
    let args = arguments(code, open);
    if args
        .first()
        .is_some_and(|a| code.string(a.start).is_some_and(|s| s.contains("://")))
    {
        return false;
    }
    let receiver = code.ident(callee - 2).unwrap_or("");
    // Web frameworks' app and router objects.
    let router = matches!(
        receiver,
        "app"
            | "router"
            | "Router"
            | "server"
            | "routes"
            | "route"
            | "fastify"
            | "hono"
            | "engine"
            | "mux"
            | "e"
            | "r"
            | "g"
            | "group"
            | "v1"
            | "v2"
            | "api_router"
            | "blueprint"
            | "bp"
    ) || receiver.ends_with("Router")
        || receiver.ends_with("router");
    // A handler among the arguments: a function literal or an arrow.
    let handler = args.iter().skip(1).any(|a| is_function_literal(code, a));
    router && args.len() >= 2 || handler
}

/// Whether the argument `a` is a function literal: `function (...) {}`,
/// `async (req, res) => ...`, `req => ...`, Go `func(...)`, `lambda`.
fn is_function_literal(code: &Code, a: &Range<usize>) -> bool {
    let mut k = a.start;
    if code.ident(k) == Some("async") {
        k += 1;
    }
    if matches!(code.ident(k), Some("function" | "func" | "lambda")) {
        return true;
    }
    let after_params = if code.punct(k, b'(') {
        code.matching(k).map(|c| c + 1)
    } else {
        code.ident(k).map(|_| k + 1)
    };
    after_params.is_some_and(|p| p < a.end && functions::is_arrow(code, p))
}

/// The request the call opened at `open` sends, if it is one of the
/// libraries' (a project wrapper is found by `scan::requests`).
/// jQuery's settings name the verb `method` (since 1.9) or `type`.
const AJAX_METHOD: &[&str] = &["method", "type"];

pub fn library_request(code: &Code, open: usize) -> Option<Request> {
    let callee = code.callee(open)?;
    let name = code.ident(callee)?;
    if is_route_definition(code, open) {
        return None;
    }
    let member = callee >= 1 && code.punct(callee - 1, b'.');
    let newed = callee >= 1 && code.ident(callee - 1) == Some("new")
        || (callee >= 3 && code.punct(callee - 1, b'.') && code.ident(callee - 3) == Some("new"));
    let args = arguments(code, open);
    let first_arg = args.first().cloned();
    let receiver = (member && callee >= 2)
        .then(|| callee - 2)
        .filter(|&r| code.ident(r).is_some());
    let request = |url: Range<usize>, method: Method| Request {
        callee,
        open,
        url,
        method,
        base: None,
        receiver,
    };
    // Apache HttpClient `new HttpGet(url)`.
    if newed {
        if let Some(verb) = name.strip_prefix("Http").and_then(verb_of) {
            return Some(request(first_arg?, Method::Verb(verb)));
        }
    }
    // Spring `getForObject(url, ...)`, `postForEntity(url, ...)`.
    if let Some((head, _)) = name.split_once("For") {
        if let Some(verb) = verb_of(head).filter(|_| member) {
            return Some(request(first_arg?, Method::Verb(verb)));
        }
    }
    // `fetch(url, { method })`, `axios(url | config)`, `got(url)`, `ky(url)`.
    if matches!(
        name,
        "fetch" | "$fetch" | "ofetch" | "axios" | "got" | "ky" | "ajax"
    ) || (name == "request" && member && code.ident(callee - 2) == Some("axios"))
    {
        let first = first_arg?;
        // A config object: `axios({ url, method })`, `$.ajax({ url, type })`.
        if code.punct(first.start, b'{') && args.len() == 1 {
            let url = key_in(code, first.start, &["url", "uri"])?;
            return Some(request(
                url,
                Method::Options {
                    object: first.clone(),
                    keys: if name == "ajax" {
                        AJAX_METHOD
                    } else {
                        &["method"]
                    },
                    default: Some("GET"),
                },
            ));
        }
        let method = match args.get(1) {
            Some(opts) => Method::Options {
                object: opts.clone(),
                keys: if name == "ajax" {
                    AJAX_METHOD
                } else {
                    &["method"]
                },
                default: Some("GET"),
            },
            None => Method::Default("GET"),
        };
        return Some(request(first, method));
    }
    // `urllib.request.Request(url, method='POST')`, `urlopen(url)`,
    // RestSharp `new RestRequest(url, Method.Post)`: GET unless told.
    if matches!(
        name,
        "urlopen" | "RestRequest" | "file_get_contents" | "get_contents"
    ) || (name == "Request" && code.flavor.python)
    {
        let url = keyword(code, &args, &["url", "resource"]).or(first_arg)?;
        let method = keyword(code, &args, &["method"])
            .map(Method::Expr)
            .or_else(|| {
                args.iter()
                    .skip(1)
                    .find_map(|a| written_verb(code, a).map(Method::Verb))
            })
            .unwrap_or(Method::Default("GET"));
        return Some(request(url, method));
    }
    // Node `https.request({ hostname, path, method })`.
    if name == "request"
        && member
        && matches!(code.ident(callee - 2), Some("https" | "http"))
        && first_arg
            .as_ref()
            .is_some_and(|a| code.punct(a.start, b'{'))
    {
        let obj = first_arg?;
        let url = key_in(code, obj.start, &["path"])?;
        let mut r = request(
            url,
            Method::Options {
                object: obj.clone(),
                keys: &["method"],
                default: Some("GET"),
            },
        );
        r.base = key_in(code, obj.start, &["hostname", "host"]);
        return Some(r);
    }
    // A verb among the arguments: `requests.request('GET', url)`,
    // `http.NewRequest("DELETE", url, nil)`, `new HttpRequestMessage(HttpMethod.Post, url)`,
    // `api_client.call_api(resource_path, 'GET')`, `xhr.open('GET', url)`.
    if let Some(&(_, url_at, method_at)) = VERB_ARGUMENT_CALLEES.iter().find(|(n, _, _)| *n == name)
    {
        // JavaScript's `request(options)` is the options form, read above.
        let kw_method = keyword(code, &args, &["method", "http_method", "httpMethod"]);
        let kw_url = keyword(code, &args, &["url", "resource_path", "path", "uri"]);
        let verb_at = args.iter().position(|a| written_verb(code, a).is_some());
        // A written verb elsewhere than the table says moves the URL too
        // (`requests.request(url=u, method='GET')` is read by keyword).
        let url = kw_url.or_else(|| match verb_at {
            Some(v) if v != method_at => args
                .iter()
                .enumerate()
                .find(|(i, a)| *i != v && !is_context(code, a))
                .map(|(_, a)| a.clone()),
            _ => args.get(url_at).cloned(),
        })?;
        let method = match (kw_method, verb_at) {
            (Some(m), _) => Method::Expr(m),
            (None, Some(i)) => Method::Verb(written_verb(code, &args[i])?),
            (None, None) => match args.get(method_at) {
                Some(m) if *m != url && !is_context(code, m) => Method::Expr(m.clone()),
                _ if name == "RestRequest" => Method::Default("GET"),
                _ => Method::Unknown,
            },
        };
        return Some(request(url, method));
    }
    // `x.get(url)`, `requests.post(url)`, `client.PostAsync(url)`, `http.Get(url)`.
    if member {
        if let Some(verb) = verb_of(name) {
            // The URL: the first argument that is not a context.
            let url = args.iter().find(|a| !is_context(code, a))?.clone();
            return Some(request(url, Method::Verb(verb)));
        }
        // Builders: `.uri(x)` / `.url(x)` in a chain whose links name the
        // verb (`web.post().uri(x)`, `Request.Builder().url(x).delete()`).
        if matches!(name, "uri" | "url" | "newBuilder" | "setUri" | "setUrl") {
            let url = first_arg?;
            let url = uri_function_path(code, &url).unwrap_or(url);
            return Some(request(url, chain_verb(code, callee, open)));
        }
        // Any other request function given an options object that names
        // the method beside the URL (`client.SendRequest(ctx, uri,
        // &request.Options{Method: http.MethodPost})`): the URL is the
        // first other argument.
        if let Some((i, object)) = args
            .iter()
            .enumerate()
            .find_map(|(i, a)| method_options(code, a).map(|o| (i, o)))
        {
            let url = args
                .iter()
                .enumerate()
                .find(|(j, a)| *j != i && !is_context(code, a))
                .map(|(_, a)| a.clone())?;
            let method = Method::Options {
                object,
                keys: &["method"],
                default: None,
            };
            return Some(request(url, method));
        }
    }
    None
}

/// The `{` of an object literal that is the whole argument: plain
/// (`{ method: 'POST' }`) or typed (Go's `&request.Options{...}`, C#'s
/// `new Options { ... }`).
pub fn object_literal(code: &Code, arg: &Range<usize>) -> Option<usize> {
    let brace = (arg.start..arg.end.min(arg.start + 6))
        .take_while(|&k| {
            code.punct(k, b'{')
                || code.punct(k, b'&')
                || code.punct(k, b'.')
                || code.ident(k).is_some()
        })
        .find(|&k| code.punct(k, b'{'))?;
    (code.matching(brace)? + 1 == arg.end).then_some(brace)
}

/// The object of an argument that is an options object naming a method:
/// `{ method: 'POST' }`, Go's `&request.Options{Method: http.MethodPost}`,
/// C#'s `new RequestOptions { Method = "POST" }`.
fn method_options(code: &Code, arg: &Range<usize>) -> Option<Range<usize>> {
    let brace = object_literal(code, arg)?;
    let value = key_in(code, brace, &["method"])?;
    // The key names a verb, or an expression (a parameter) that may.
    (!value.is_empty()).then_some(brace..arg.end)
}

/// A URI given as a function of a builder (`.uri(b -> b.path(P).build())`,
/// `.uri(builder -> builder.path(P).queryParam(...).build(id))`): the path
/// the function builds, `P`.
fn uri_function_path(code: &Code, arg: &Range<usize>) -> Option<Range<usize>> {
    // `b ->`, `(b) ->`: a Java or Kotlin lambda's parameter and arrow.
    // `->` reads as `.` (PHP's member access): known by its text.
    let arrow = (arg.start..arg.end.min(arg.start + 4))
        .find(|&k| code.punct(k, b'.') && code.text.get(code.toks[k].range()) == Some("->"))?;
    let param = match code.ident(arrow.checked_sub(1)?) {
        Some(p) => p,
        None if code.punct(arrow - 1, b')') => code.ident(arrow.checked_sub(2)?)?,
        None => return None,
    };
    let body = arrow + 1;
    if !(code.ident(body) == Some(param) && code.punct(body + 1, b'.')) {
        return None;
    }
    (body..arg.end)
        .find(|&k| {
            code.punct(k, b'.')
                && matches!(code.ident(k + 1), Some("path" | "replacePath"))
                && code.punct(k + 2, b'(')
        })
        .and_then(|k| {
            let open = k + 2;
            let close = code.matching(open)?;
            let end = code
                .inside(open, close, false)
                .into_iter()
                .find(|&t| code.punct(t, b','))
                .unwrap_or(close);
            (open + 1 < end).then(|| open + 1..end)
        })
}

/// Go's `ctx`, `context.Background()`: an argument before the URL.
fn is_context(code: &Code, arg: &Range<usize>) -> bool {
    if matches!(
        code.ident(arg.start),
        Some("ctx" | "context" | "c" | "_ctx")
    ) && (arg.len() == 1 || code.ident(arg.start) == Some("context"))
    {
        return true;
    }
    // A context derived from one, no text in it: `log.ToContext(ctx)`,
    // `conversation.logger.ToContext(context)`, `r.Context()`.
    arg.len() <= NEAR
        && arg
            .clone()
            .all(|k| !matches!(code.toks[k].kind, Tok::Str(_)))
        && arg.clone().any(|k| {
            code.ident(k).is_some_and(|n| {
                let n = n.to_ascii_lowercase();
                n == "ctx" || n.ends_with("context")
            })
        })
}

/// The verb of a builder chain around the link `callee(...)`: the links
/// before it (`web.post().uri(x)`) and after it (`.url(x).post(body)`,
/// `.method("PATCH", ...)`, `HttpRequest.newBuilder(...).build()` = GET).
fn chain_verb(code: &Code, callee: usize, open: usize) -> Method {
    // Before: `name(...)` links back to the chain's start.
    let mut k = callee;
    let mut links = 0;
    while k >= 2 && code.punct(k - 1, b'.') && links < NEAR {
        links += 1;
        let prev = k - 2;
        // `.post()` directly before.
        if code.punct(prev, b')') {
            let Some(o) = (prev.saturating_sub(NEAR)..prev)
                .rev()
                .find(|&o| code.matching(o) == Some(prev))
            else {
                break;
            };
            if let Some(name) = o.checked_sub(1).and_then(|n| code.ident(n)) {
                if let Some(v) = verb_of(name) {
                    if o == prev - 1 || name.chars().all(|c| c.is_ascii_lowercase()) {
                        return Method::Verb(v);
                    }
                }
                if name == "method" {
                    if let Some(v) = written_verb(code, &(o + 1..prev)) {
                        return Method::Verb(v);
                    }
                }
            }
            k = o.saturating_sub(1);
            continue;
        }
        k = prev;
    }
    // After: the links following the call.
    let Some(close) = code.matching(open) else {
        return Method::Unknown;
    };
    let mut k = close + 1;
    while code.punct(k, b')') {
        k += 1;
    }
    let mut links = 0;
    while code.punct(k, b'.') && links < NEAR {
        links += 1;
        let Some(name) = code.ident(k + 1) else { break };
        if let Some(v) = verb_of(name) {
            if code.punct(k + 2, b'(') {
                return Method::Verb(v);
            }
        }
        if name == "method" && code.punct(k + 2, b'(') {
            if let Some(c) = code.matching(k + 2) {
                let first = (k + 3)
                    ..code
                        .inside(k + 2, c, false)
                        .into_iter()
                        .find(|&t| code.punct(t, b','))
                        .unwrap_or(c);
                if let Some(v) = written_verb(code, &first) {
                    return Method::Verb(v);
                }
            }
        }
        if name == "build" && code.punct(k + 2, b'(') {
            return Method::Default("GET");
        }
        k = match code
            .punct(k + 2, b'(')
            .then(|| code.matching(k + 2))
            .flatten()
        {
            Some(c) => c + 1,
            None => k + 2,
        };
    }
    Method::Unknown
}

/// PowerShell: the request a command at token `first` sends
/// (`Invoke-RestMethod -Uri $u -Method Post`, `irm $u`), its `-Uri`
/// (or first positional) argument and `-Method` (GET when absent).
pub fn powershell_request(code: &Code, first: usize, last: usize) -> Option<Request> {
    let name = command_name(code, first)?;
    let lower = name.to_ascii_lowercase();
    if !matches!(
        lower.as_str(),
        "invoke-restmethod" | "invoke-webrequest" | "irm" | "iwr"
    ) {
        return None;
    }
    let params = command_parameters(code, first, last);
    // Splatting: `Invoke-RestMethod @request`, the parameters in a hashtable
    // assigned before (`$request = @{ Uri = ...; Method = 'Post' }`).
    let splatted = params.iter().find_map(|(n, r)| {
        let table = (n.is_none() && r.len() == 2 && code.punct(r.start, b'@'))
            .then(|| code.ident(r.start + 1))
            .flatten()
            .and_then(|name| splatted_table(code, first, name))?;
        let url = key_in(code, table.start, &["Uri"])?;
        Some((url, table))
    });
    if let Some((url, table)) = splatted {
        return Some(Request {
            callee: first,
            open: first,
            url,
            method: Method::Options {
                object: table,
                keys: &["Method"],
                default: Some("GET"),
            },
            base: None,
            receiver: None,
        });
    }
    let url = params
        .iter()
        .find(|(n, _)| n.as_deref().is_some_and(|n| n.eq_ignore_ascii_case("uri")))
        .or_else(|| params.iter().find(|(n, _)| n.is_none()))
        .map(|(_, r)| r.clone())?;
    let method = params
        .iter()
        .find(|(n, _)| {
            n.as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case("method"))
        })
        .map(|(_, r)| match written_verb(code, r) {
            Some(v) => Method::Verb(v),
            None => Method::Expr(r.clone()),
        })
        .unwrap_or(Method::Default("GET"));
    Some(Request {
        callee: first,
        open: first,
        url,
        method,
        base: None,
        receiver: None,
    })
}

/// The hashtable literal last assigned to `$name` before token `before`
/// (`$request = @{ ... }`): its braces' range.
fn splatted_table(code: &Code, before: usize, name: &str) -> Option<Range<usize>> {
    let assign = (before.saturating_sub(NEAR * 4)..before).rev().find(|&k| {
        code.ident(k).is_some_and(|n| {
            n.strip_prefix('$')
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        }) && code.punct(k + 1, b'=')
            && code.punct(k + 2, b'@')
            && code.punct(k + 3, b'{')
    })?;
    let close = code.matching(assign + 3)?;
    Some(assign + 3..close + 1)
}

/// A .NET request message written as an object initializer, `new
/// HttpRequestMessage { Method = HttpMethod.Post, RequestUri = new Uri(url) }`,
/// at its opening brace `open`: the URL is `RequestUri`, the verb `Method`
/// (GET when the initializer does not set it, as the type's own default).
pub fn initializer_request(code: &Code, open: usize) -> Option<Request> {
    // `new HttpRequestMessage {` or `new HttpRequestMessage() {`
    let name_at = if code.punct(open - 1, b')') && open >= 3 && code.punct(open - 2, b'(') {
        open - 3
    } else {
        open - 1
    };
    if code.ident(name_at) != Some("HttpRequestMessage")
        || name_at == 0
        || code.ident(name_at - 1) != Some("new")
    {
        return None;
    }
    let close = code.matching(open)?;
    let url = key_in(code, open, &["RequestUri"])?;
    Some(Request {
        callee: name_at,
        open,
        url,
        method: Method::Options {
            object: open..close + 1,
            keys: &["Method"],
            default: Some("GET"),
        },
        base: None,
        receiver: None,
    })
}

/// The name of a PowerShell command starting at `first` (`Invoke-RestMethod`).
pub fn command_name<'a>(code: &Code<'a>, first: usize) -> Option<&'a str> {
    code.ident(first)?;
    let mut end = first;
    while code.punct(end + 1, b'-')
        && code.ident(end + 2).is_some()
        && code.toks[end + 1].start() == code.toks[end].end()
    {
        end += 2;
    }
    code.text
        .get(code.toks[first].start()..code.toks[end].end())
}

/// A PowerShell command's arguments from `first` to `last`: each
/// `-Name value` (name without the dash) and each positional value.
pub fn command_parameters(
    code: &Code,
    first: usize,
    last: usize,
) -> Vec<(Option<String>, Range<usize>)> {
    let mut out = Vec::new();
    // Past the command's name.
    let mut k = first;
    while code.punct(k + 1, b'-')
        && code.ident(k + 2).is_some()
        && code.toks[k + 1].start() == code.toks[k].end()
    {
        k += 2;
    }
    k += 1;
    while k <= last && out.len() < 64 {
        let named = code.punct(k, b'-')
            && code.ident(k + 1).is_some()
            && code.toks[k].end() == code.toks[k + 1].start();
        if named {
            let n = code.ident(k + 1).unwrap_or("").to_string();
            let v = k + 2;
            if v > last || code.punct(v, b'-') && code.ident(v + 1).is_some() {
                out.push((Some(n), v..v)); // a switch
                k = v;
                continue;
            }
            let end = value_end(code, v, last);
            out.push((Some(n), v..end));
            k = end;
            continue;
        }
        let end = value_end(code, k, last);
        out.push((None, k..end));
        k = end.max(k + 1);
    }
    out
}

/// The end of one PowerShell argument starting at `v`: a bracketed
/// expression, or a name/string with member access.
fn value_end(code: &Code, v: usize, last: usize) -> usize {
    let mut k = v;
    if matches!(
        code.toks.get(k).map(|t| t.kind),
        Some(Tok::Punct(b'(' | b'[' | b'{' | b'@'))
    ) {
        if code.punct(k, b'@') {
            k += 1;
        }
        return code.matching(k).map_or(k + 1, |c| c + 1).min(last + 1);
    }
    k += 1;
    while k <= last && code.punct(k, b'.') && code.ident(k + 1).is_some() {
        k += 2;
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::code::Flavor;
    use crate::scan::lexer::{lex, Syntax};

    const JS: Flavor = Flavor {
        php_dots: false,
        powershell: false,
        python: false,
        browser: false,
        dotnet: false,
    };

    fn request_of(
        src: &str,
        syntax: Syntax,
        flavor: Flavor,
        callee: &str,
    ) -> Option<(String, String)> {
        let code = Code::new(src, lex(src, syntax), 0, flavor);
        let off = src.find(callee)?;
        let at = code.toks.iter().position(|t| t.start() == off)?;
        let open = (at..code.toks.len()).find(|&k| code.punct(k, b'('))?;
        let r = library_request(&code, open)?;
        let text = |r: &Range<usize>| {
            if r.is_empty() {
                return String::new();
            }
            src[code.toks[r.start].start()..code.toks[r.end - 1].end()].to_string()
        };
        let method = match &r.method {
            Method::Verb(v) => v.to_string(),
            Method::Expr(e) => format!("expr {}", text(e)),
            Method::Options {
                object, default, ..
            } => format!("options {} or {:?}", text(object), default),
            Method::Default(v) => format!("default {v}"),
            Method::Unknown => "unknown".into(),
        };
        Some((text(&r.url), method))
    }

    #[test]
    fn http_libraries_of_each_language() {
        let r = |s: &str, syntax, callee| {
            request_of(s, syntax, JS, callee).map(|(u, m)| format!("{u} | {m}"))
        };
        assert_eq!(
            r("fetch(url)", Syntax::JS, "fetch").unwrap(),
            "url | default GET"
        );
        assert_eq!(
            r("fetch(base + p, { method: 'POST' })", Syntax::JS, "fetch").unwrap(),
            "base + p | options { method: 'POST' } or Some(\"GET\")"
        );
        assert_eq!(
            r("axios.post(url, body)", Syntax::JS, "post").unwrap(),
            "url | POST"
        );
        assert_eq!(
            r("requests.request(\"GET\", u)", Syntax::PYTHON, "request").unwrap(),
            "u | GET"
        );
        assert_eq!(
            r("requests.request(m, u)", Syntax::PYTHON, "request").unwrap(),
            "u | expr m"
        );
        assert_eq!(
            r(
                "http.NewRequestWithContext(ctx, method, c.base+string(uri), nil)",
                Syntax::GO,
                "NewRequest"
            )
            .unwrap(),
            "c.base+string(uri) | expr method"
        );
        assert_eq!(
            r("xhr.open('DELETE', u)", Syntax::JS, "open").unwrap(),
            "u | DELETE"
        );
        assert_eq!(
            r(
                "new HttpRequestMessage(HttpMethod.Post, url)",
                Syntax::CSHARP,
                "HttpRequestMessage"
            )
            .unwrap(),
            "url | POST"
        );
        assert_eq!(
            r("client.GetAsync(url)", Syntax::CSHARP, "GetAsync").unwrap(),
            "url | GET"
        );
        assert_eq!(
            r(
                "api_client.call_api(resource_path=\"/api/v2/x\", method=\"GET\")",
                Syntax::PYTHON,
                "call_api"
            )
            .unwrap(),
            "\"/api/v2/x\" | expr \"GET\""
        );
        assert_eq!(
            r("web.post().uri(QUEUES).bodyValue(b)", Syntax::JAVA, "uri").unwrap(),
            "QUEUES | POST"
        );
        // A URI function: the path it builds.
        assert_eq!(
            r(
                "web.post().uri(b -> b.path(QUEUES).queryParam(\"x\", 1).build()).bodyValue(q)",
                Syntax::JAVA,
                "uri"
            )
            .unwrap(),
            "QUEUES | POST"
        );
        assert_eq!(
            r(
                "web.get().uri((b) -> b.path(USER).build(id)).retrieve()",
                Syntax::JAVA,
                "uri"
            )
            .unwrap(),
            "USER | GET"
        );
        assert_eq!(
            r(
                "new Request.Builder().url(u).delete().build()",
                Syntax::JAVA,
                "url"
            )
            .unwrap(),
            "u | DELETE"
        );
        assert_eq!(
            r(
                "rest.getForObject(u, String.class)",
                Syntax::JAVA,
                "getForObject"
            )
            .unwrap(),
            "u | GET"
        );
        assert_eq!(
            r("new HttpPatch(u)", Syntax::JAVA, "HttpPatch").unwrap(),
            "u | PATCH"
        );
        assert_eq!(
            r("$client->request('POST', $url)", Syntax::PHP, "request").unwrap(),
            "$url | POST"
        );
    }

    #[test]
    fn route_definitions_are_not_requests() {
        for (src, syntax, callee) in [
            (
                "app.get('/api/v2/tickets', (req, res) => res.json([]))",
                Syntax::JS,
                "get",
            ),
            (
                "router.post('/api/v2/x', auth, controller.create)",
                Syntax::JS,
                "post",
            ),
            (
                "@app.get(\"/api/v2/items\")\ndef items(): pass",
                Syntax::PYTHON,
                "get",
            ),
            (
                "[HttpGet(\"/api/v2/things\")]\npublic IActionResult Get() {}",
                Syntax::CSHARP,
                "HttpGet",
            ),
            (
                "http.HandleFunc(\"/api/v2/health\", health)",
                Syntax::GO,
                "HandleFunc",
            ),
            ("r.GET(\"/api/v2/users\", handlers.List)", Syntax::GO, "GET"),
            (
                "app.MapGet(\"/api/v2/x\", () => 1);",
                Syntax::CSHARP,
                "MapGet",
            ),
        ] {
            assert_eq!(request_of(src, syntax, JS, callee), None, "{src}");
        }
        // A request is still one.
        assert!(request_of(
            "client.get('/api/v2/users', { params })",
            Syntax::JS,
            JS,
            "get"
        )
        .is_some());
        assert!(request_of("api.get('/api/v2/users', config)", Syntax::JS, JS, "get").is_some());
    }

    #[test]
    fn powershell_commands() {
        let src = "Invoke-RestMethod -Uri $url -Headers $h -Method Post\nirm \"$base/users\"";
        let code = Code::new(
            src,
            lex(src, Syntax::POWERSHELL),
            0,
            Flavor {
                powershell: true,
                ..JS
            },
        );
        let post = code
            .toks
            .iter()
            .position(|t| &src[t.range()] == "Post")
            .unwrap();
        let r = powershell_request(&code, 0, post).unwrap();
        assert_eq!(&src[code.toks[r.url.start].range()], "$url");
        assert_eq!(r.method, Method::Verb("POST"));
        let irm = code
            .toks
            .iter()
            .position(|t| &src[t.range()] == "irm")
            .unwrap();
        let r = powershell_request(&code, irm, code.toks.len() - 1).unwrap();
        assert_eq!(r.method, Method::Default("GET"));
        assert_eq!(command_name(&code, 0), Some("Invoke-RestMethod"));
    }
}
