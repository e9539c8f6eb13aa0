//! Reads Genesys facts out of a token stream, the same way for every
//! language once punctuation is normalised: `->`, `?.` and `::` are member
//! access, PHP's `.` is concatenation, `=>` and `:=` separate keys from
//! values, `==`-style comparisons are not assignments.

use super::code::{Code, NEAR};
use super::functions::Functions;
use super::lexer::{Lexed, Tok};
use super::requests::Stage;
use super::sinks;
use super::{
    Evidence, FileScan, FoundApiObject, FoundAuthHeader, FoundCall, FoundFlow, FoundHost,
    FoundScopes, FoundSecret, FoundTokenEndpoint, HostKind, SecretValue,
};
use crate::model::{CallKind, GrantKind};
use rustc_hash::FxHashMap as HashMap;

mod constants;
mod hosts;
mod imports;
mod wrappers;

use super::secrets::{is_bare_secret, is_placeholder, is_secret_name};

pub use super::code::Flavor;
pub use hosts::{is_genesys_domain, is_other_genesys_service, url_host};

const VERBS: [&str; 6] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

/// `get`, `PostAsync`, `MethodDelete`, `HttpMethod.Post`'s `Post` → the verb.
fn verb_of(word: &str) -> Option<&'static str> {
    let w = word.strip_suffix("Async").unwrap_or(word);
    // .NET `PostAsJsonAsync`, `GetFromJsonAsync`, `GetStringAsync`, ...
    let w = ["AsJson", "FromJson", "String", "Stream", "ByteArray"]
        .iter()
        .find_map(|s| w.strip_suffix(s))
        .unwrap_or(w);
    let w = w.strip_prefix("Method").unwrap_or(w);
    VERBS.iter().copied().find(|v| v.eq_ignore_ascii_case(w))
}

/// Whether a variable's name says it holds an SDK API object: `usersApi`,
/// `routing_api`, `_conversationsApi`, `analyticsAPI`, `api`.
fn names_api_object(var: &str) -> bool {
    let v = var.trim_start_matches(['_', '$']);
    v.len() >= 3
        && v.get(v.len() - 3..)
            .is_some_and(|end| end.eq_ignore_ascii_case("api"))
}

/// Whether a name is shaped as the SDKs name operations: an HTTP verb
/// and at least `words - 1` more words, camelCase, PascalCase or
/// snake_case (`getRoutingQueueMembers`, `get_routing_queue_members`,
/// `GetRoutingQueueMembers`).
fn operation_shaped(name: &str, words: usize) -> bool {
    let b = name.as_bytes();
    // The verb first, in any case: most names are ruled out here.
    let verb = ["get", "post", "put", "patch", "delete", "head"]
        .iter()
        .find(|v| b.len() > v.len() && b[..v.len()].eq_ignore_ascii_case(v.as_bytes()))
        .map(|v| v.len());
    let Some(verb) = verb else { return false };
    if name.len() > 120 || !b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_') {
        return false;
    }
    // Words: snake_case parts, or camelCase humps; each starts with a letter.
    let mut count = 1;
    if name.contains('_') {
        for part in name[verb..].split('_').filter(|p| !p.is_empty()) {
            if !part.starts_with(|c: char| c.is_ascii_alphabetic()) {
                return false;
            }
            count += 1;
        }
        if !name[verb..].starts_with('_') {
            return false;
        }
    } else {
        let rest = &b[verb..];
        if !rest[0].is_ascii_uppercase() {
            return false;
        }
        count += rest.iter().filter(|c| c.is_ascii_uppercase()).count();
    }
    count >= words
}

/// The verb of a wrapper function's name: `apiGet`, `api_post`,
/// `GetJsonAsync`, `tryGetCatalog`, `doDelete` hold exactly one HTTP verb
/// among their words; names that build rather than request (`getUrl`,
/// `getPath`) or belong to other APIs (`getItem`, `postMessage`,
/// `getElementById`) are not wrappers.
fn wrapper_verb(name: &str) -> Option<&'static str> {
    const NOT_A_REQUEST: [&str; 22] = [
        "url",
        "uri",
        "path",
        "route",
        "link",
        "endpoint",
        "href",
        "element",
        "elements",
        "item",
        "attribute",
        "message",
        "header",
        "headers",
        "param",
        "parameter",
        "property",
        "cookie",
        "env",
        "config",
        "setting",
        "option",
    ];
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        word.push(c.to_ascii_lowercase());
    }
    if !word.is_empty() {
        words.push(word);
    }
    if words.iter().any(|w| NOT_A_REQUEST.contains(&w.as_str())) {
        return None;
    }
    let mut verbs = words
        .iter()
        .filter_map(|w| VERBS.iter().copied().find(|v| v.eq_ignore_ascii_case(w)));
    let verb = verbs.next()?;
    verbs.next().is_none().then_some(verb)
}

/// A path written as a pattern to match requests against: a regular
/// expression (`'/api/v2/audits/query$'`, `'/things/([^/]+)'`) or a glob
/// (`'/api/v2/analytics/*/aggregates/query'`).
fn is_pattern(path: &str) -> bool {
    let path = path.split('?').next().unwrap_or(path);
    path.ends_with('$')
        || path.contains('*')
        || path.contains("[^")
        || path.contains("(?")
        || path.contains("\\/")
        || path.contains(".+")
        || path.contains("\\d")
}

pub struct Extractor<'a> {
    code: Code<'a>,
    /// Where each identifier occurs, built the first time a variable's
    /// later uses are looked for.
    uses: std::cell::OnceCell<HashMap<&'a str, Vec<u32>>>,
    /// The file's own request wrappers: function name → which argument is
    /// the path and the method its body sends it with (built on first use).
    wrappers: std::cell::OnceCell<HashMap<&'a str, (usize, String)>>,
    /// The starts of the secrets found, so each is reported once.
    secret_starts: std::collections::HashSet<usize>,
    out: FileScan,
    /// The SDK API objects the file names: each variable's class and the
    /// token where it is bound (the last binding of the name).
    api_vars: HashMap<String, (String, usize)>,
    /// The function whose local each name of `api_vars` last was, when it
    /// was one: another function's variable of that name is another.
    local_api_vars: HashMap<String, usize>,
    /// HTTP clients whose base URL is another service's
    /// (`axios.create({ baseURL: 'https://x.zendesk.com' })`).
    foreign_clients: std::collections::HashSet<String>,
    /// Where each host of `out.hosts` sits (same order).
    host_slots: Vec<hosts::Slot>,
    /// The file's functions (set when `run` starts).
    functions: Option<Functions<'a>>,
}

impl<'a> std::ops::Deref for Extractor<'a> {
    type Target = Code<'a>;
    fn deref(&self) -> &Code<'a> {
        &self.code
    }
}

impl<'a> Extractor<'a> {
    pub fn new(text: &'a str, lexed: Lexed, base: usize, flavor: Flavor) -> Self {
        Extractor {
            code: Code::new(text, lexed, base, flavor),
            uses: Default::default(),
            wrappers: Default::default(),
            secret_starts: Default::default(),
            out: FileScan::default(),
            api_vars: HashMap::default(),
            local_api_vars: HashMap::default(),
            foreign_clients: Default::default(),
            host_slots: Vec::new(),
            functions: None,
        }
    }

    /// A `method: 'POST'` / `method='POST'` / `-Method Post` option in a range.
    /// `from` opens the call or object; its options object is read too.
    fn method_option(&self, from: usize, to: usize) -> Option<String> {
        self.inside(from, to, true).into_iter().find_map(|i| {
            let key = self.name(i)?;
            if !key.eq_ignore_ascii_case("method") {
                return None;
            }
            // `{ method }` (shorthand): the variable of that name.
            if self.punct(i + 1, b',') || self.punct(i + 1, b'}') {
                return self
                    .literal_before(key, i)
                    .and_then(verb_of)
                    .map(str::to_string);
            }
            let v = if self.punct(i + 1, b':') || self.punct(i + 1, b'=') {
                i + 2
            } else {
                i + 1
            };
            if let Some(word) = self.string(v) {
                return verb_of(word).map(str::to_string);
            }
            let word = self.ident(v)?;
            let last = word.rsplit('.').next().unwrap_or(word);
            // `HttpMethod.Post`, or a variable holding `'POST'`.
            verb_of(last).map(str::to_string).or_else(|| {
                self.literal_before(word, v)
                    .and_then(verb_of)
                    .map(str::to_string)
            })
        })
    }

    /// Whether a call or object names a `method` at all.
    fn has_method_option(&self, from: usize, to: usize) -> bool {
        self.inside(from, to, true).into_iter().any(|i| {
            self.name(i)
                .is_some_and(|k| k.eq_ignore_ascii_case("method"))
        })
    }

    /// The string a variable was last given before token `at`
    /// (`const method = 'POST'`).
    fn literal_before(&self, name: &str, at: usize) -> Option<&str> {
        (at.saturating_sub(NEAR * 4)..at)
            .rev()
            .find(|&k| {
                self.ident(k) == Some(name)
                    && self.punct(k + 1, b'=')
                    && self.string(k + 2).is_some()
            })
            .and_then(|k| self.string(k + 2))
    }

    /// The HTTP method of the request that token `i` (a URL) is sent with:
    /// from the innermost call outwards (`NewRequest("DELETE", Sprintf(url))`).
    fn method_for(&self, i: usize) -> Option<String> {
        let mut at = i;
        for _ in 0..3 {
            let Some(open) = self.enclosing_call(at) else {
                break;
            };
            if let Some(m) = self.method_of_call(open, at) {
                return Some(m);
            }
            at = open.saturating_sub(1);
            if at == 0 {
                break;
            }
        }
        self.method_nearby(i)
    }

    /// The method a call says for its argument at token `i`.
    fn method_of_call(&self, open: usize, i: usize) -> Option<String> {
        {
            let callee_at = self.callee(open);
            let callee = callee_at.and_then(|k| self.ident(k));
            let close = self
                .matching(open)
                .unwrap_or(self.toks.len().saturating_sub(1));
            // `x.post(url)`, `requests.get(url)`, `client.PostAsync(url)`, `http.Get(url)`
            if let Some(name) = callee {
                let member = callee_at.is_some_and(|k| k >= 1 && self.punct(k - 1, b'.'));
                if member {
                    if let Some(v) = verb_of(name) {
                        return Some(v.to_string());
                    }
                }
                // A wrapper named for its verb (`apiGet(path)`, `api_post(url,
                // body)`, `GetJsonAsync<T>(path)`), the path its first argument.
                let argument = self
                    .inside(open, i, false)
                    .iter()
                    .filter(|&&k| self.punct(k, b','))
                    .count();
                if argument == 0 {
                    if let Some(v) = wrapper_verb(name) {
                        return Some(v.to_string());
                    }
                }
                if name == "fetch" {
                    // `fetch(url)` without a `method` option is a GET.
                    return self
                        .method_option(open, close)
                        .or_else(|| (!self.has_method_option(open, close)).then(|| "GET".into()));
                }
            }
            // A verb among the earlier arguments: `NewRequest("DELETE", url)`,
            // `request('POST', url)`, `HttpRequestMessage(HttpMethod.Post, url)`.
            for k in self.inside(open, i, false) {
                if let Some(v) = self.string(k).and_then(verb_of) {
                    return Some(v.to_string());
                }
                if self.punct(k.saturating_sub(1), b'.') {
                    if let Some(v) = self.ident(k).and_then(verb_of) {
                        return Some(v.to_string());
                    }
                }
            }
            if let Some(m) = self.method_option(open, close) {
                return Some(m);
            }
            // A wrapper of this file whose body sends that argument.
            if let Some(name) = callee {
                let argument = self
                    .inside(open, i, false)
                    .iter()
                    .filter(|&&k| self.punct(k, b','))
                    .count();
                if let Some((at, method)) = self.file_wrappers().get(name) {
                    if *at == argument {
                        return Some(method.clone());
                    }
                }
            }
            // Builders: `HttpRequest.newBuilder().uri(URI.create(url)).POST(body)`,
            // `new Request.Builder().url(url).delete()`: walk the chain after the call.
            let mut k = close + 1;
            // Step out of `URI.create(url)` into `.uri(...)`.
            while self.punct(k, b')') {
                k += 1;
            }
            let mut links = 0;
            while self.punct(k, b'.') && links < NEAR {
                links += 1;
                let Some(name) = self.ident(k + 1) else { break };
                if let Some(v) = verb_of(name) {
                    if self.punct(k + 2, b'(') {
                        return Some(v.to_string());
                    }
                }
                if name == "method" && self.punct(k + 2, b'(') {
                    if let Some(v) = self.string(k + 3).and_then(verb_of) {
                        return Some(v.to_string());
                    }
                }
                // `HttpRequest.newBuilder()...build()` without a verb is a GET.
                if name == "build"
                    && (open.saturating_sub(12)..open).any(|b| self.ident(b) == Some("newBuilder"))
                {
                    return Some("GET".into());
                }
                k = match self
                    .punct(k + 2, b'(')
                    .then(|| self.matching(k + 2))
                    .flatten()
                {
                    Some(c) => c + 1,
                    None => k + 2,
                };
            }
        }
        None
    }

    /// Methods given beside the URL rather than by a call around it.
    fn method_nearby(&self, i: usize) -> Option<String> {
        // `{ url: '...', method: 'post' }` (axios config, request options)
        if i >= 2
            && self.punct(i - 1, b':')
            && matches!(
                self.name(i - 2),
                Some("url" | "uri" | "path" | "Uri" | "URL")
            )
        {
            if let Some(open) = (i.saturating_sub(NEAR)..i)
                .rev()
                .find(|&k| self.punct(k, b'{'))
            {
                let close = self.matching(open).unwrap_or(self.toks.len());
                return self.method_option(open, close);
            }
        }
        if self.flavor.powershell {
            return self.powershell_method(i);
        }
        None
    }

    /// Whether a command ends between tokens `a` and `a + 1`: a line end
    /// that no backtick continues, or `;`, `|`, a brace.
    fn command_ends_after(&self, a: usize) -> bool {
        let (Some(x), Some(y)) = (self.toks.get(a), self.toks.get(a + 1)) else {
            return true;
        };
        if matches!(x.kind, Tok::Punct(b';' | b'|' | b'{' | b'}'))
            || matches!(y.kind, Tok::Punct(b';' | b'|' | b'{' | b'}'))
        {
            return true;
        }
        let gap = self.text.get(x.end()..y.start()).unwrap_or("");
        gap.contains('\n') && !gap.trim_start_matches([' ', '\t']).starts_with('`')
    }

    /// PowerShell: the `-Method` of the command holding token `i`
    /// (`Invoke-RestMethod -Uri $u -Method Post`, a project's wrapper
    /// `Invoke-GcRequest -Method PATCH -Path '/api/v2/...'`); GET for
    /// `Invoke-RestMethod` / `Invoke-WebRequest` without one.
    fn powershell_method(&self, i: usize) -> Option<String> {
        let mut first = i;
        while first > 0 && i - first < NEAR && !self.command_ends_after(first - 1) {
            first -= 1;
        }
        let mut last = i;
        while last + 1 < self.toks.len() && last - i < NEAR && !self.command_ends_after(last) {
            last += 1;
        }
        for k in first..=last {
            if self.punct(k, b'-')
                && self
                    .ident(k + 1)
                    .is_some_and(|m| m.eq_ignore_ascii_case("method"))
            {
                let word = self.ident(k + 2).or_else(|| self.string(k + 2))?;
                return verb_of(word).map(str::to_string);
            }
        }
        let invoked = (first..=last).any(|k| {
            self.punct(k, b'-') && matches!(self.ident(k + 1), Some("RestMethod" | "WebRequest"))
        });
        invoked.then(|| "GET".into())
    }

    /// The variable an expression holding token `i` is assigned to:
    /// `url = '...'`, `let uri: string | undefined = \`...\``,
    /// `usersURL, _ := url.Parse(fmt.Sprintf("...", env))` (out through
    /// the calls the token is an argument of).
    fn assigned_variable(&self, i: usize) -> Option<&'a str> {
        let mut at = i;
        for _ in 0..4 {
            if at >= 1 && self.punct(at - 1, b'=') {
                return self.assignee(at - 1);
            }
            let open = self.enclosing_call(at)?;
            // Out to the start of the callee: `url.Parse(`, `fmt.Sprintf(`.
            let mut start = self.callee(open)?;
            while start >= 2 && self.punct(start - 1, b'.') && self.ident(start - 2).is_some() {
                start -= 2;
            }
            if self.ident(start.checked_sub(1)?) == Some("new") {
                start -= 1;
            }
            at = start;
        }
        None
    }

    /// The variable assigned by the `=` at token `eq`.
    fn assignee(&self, eq: usize) -> Option<&'a str> {
        // A declaration with a type annotation: the name after `let`/`const`/`var`.
        for k in (eq.saturating_sub(10)..eq).rev() {
            if matches!(self.ident(k), Some("let" | "const" | "var" | "val"))
                && self.ident(k + 1).is_some()
                && (k + 2 == eq || self.punct(k + 2, b':'))
            {
                return self.ident(k + 1);
            }
            if self.punct(k, b';') || self.punct(k, b'{') || self.punct(k, b'}') {
                break;
            }
        }
        // `a, _ := ...`: the first name of the list.
        let mut k = eq.checked_sub(1)?;
        while k >= 2 && self.punct(k - 1, b',') && self.ident(k - 2).is_some() {
            k -= 2;
        }
        self.ident(k)
    }

    /// A Platform API base URL at token `i`: a Genesys host (or a region
    /// placeholder) and nothing after `/api/v2`.
    fn api_base_at(&self, i: usize) -> bool {
        let Some(value) = self.string(i) else {
            return false;
        };
        let v = value.trim().trim_end_matches('/');
        let Some(head) = v.strip_suffix("/api/v2") else {
            return false;
        };
        match url_host(head) {
            Some((_, host)) => {
                is_genesys_domain(host) || host.starts_with("api.{}") || host == "{}"
            }
            None => head.is_empty() || head.ends_with('}'),
        }
    }

    /// Where the identifier `name` occurs, in token order.
    fn positions(&self, name: &str) -> &[u32] {
        let uses = self.uses.get_or_init(|| {
            let mut uses: HashMap<&'a str, Vec<u32>> = HashMap::default();
            for k in 0..self.toks.len() {
                if let Some(name) = self.ident(k) {
                    uses.entry(name).or_default().push(k as u32);
                }
            }
            uses
        });
        uses.get(name).map_or(&[], Vec::as_slice)
    }

    /// The requests made with a variable after token `after`, before it is
    /// assigned again: each use's token and its method.
    fn requests_via_variable(&self, name: &str, after: usize) -> Vec<(usize, String)> {
        let positions = self.positions(name);
        let from = positions.partition_point(|&k| (k as usize) < after);
        // `name=` right after `(` or `,` names an argument (`post(url=url)`);
        // elsewhere it assigns the variable again.
        let keyword = |k: usize| k > 0 && (self.punct(k - 1, b'(') || self.punct(k - 1, b','));
        positions[from..]
            .iter()
            .map(|&k| k as usize)
            .filter(|&k| !(self.punct(k + 1, b'=') && keyword(k)))
            .take_while(|&k| !self.punct(k + 1, b'='))
            .take(64)
            .filter_map(|k| self.method_for(k).map(|m| (k, m)))
            .collect()
    }

    /// A path starting at string token `i`, following concatenation.
    fn path_at(&self, i: usize) -> Option<(String, usize)> {
        let value = self.string(i)?;
        let (at, path) = match crate::scan::find(value, "/api/v2") {
            Some(at) => (at, value[at..].to_string()),
            None if value.starts_with("api/v2/") => (0, format!("/{value}")),
            None => return None,
        };
        let head = value[..at].trim();
        // A base URL before the path: a literal URL or a placeholder
        // (`${base}`, `{}`, Go/C `%s`, .NET `{0}`).
        let url_like = head.is_empty()
            || head.ends_with('}')
            || head.ends_with("%s")
            || head.ends_with("%v")
            || head.contains("://");
        if !url_like || head.contains(' ') {
            return None;
        }
        if let Some((_, host)) = url_host(head) {
            if is_other_genesys_service(host) {
                return None;
            }
            let literal = host.replace("{}", "");
            let labels = literal.split('.').filter(|l| !l.is_empty()).count();
            // A Genesys-shaped host built from a region (`api.${region}`,
            // `api.{0}.com`) is Genesys; other services have `/api/v2/`
            // too (`{}.zendesk.com`).
            let genesys_shaped = host.starts_with("api.{}") || host.starts_with("login.{}");
            if labels >= 2
                && !genesys_shaped
                && !is_genesys_domain(&literal)
                && !literal.contains("genesys")
            {
                return None;
            }
        }
        let (path, last) = self.concatenated(path, i)?;
        // A base URL (`https://api.mypurecloud.ie/api/v2`), alone or with an
        // unknown rest appended, names no operation.
        let rest = path.trim_start_matches("/api/v2");
        if !rest.contains(|c: char| c.is_ascii_alphanumeric()) {
            return None;
        }
        Some((path, last))
    }

    /// `path` followed by what is concatenated to the token `last` ends
    /// (`+ '/members'`, `+ id`, `+ ids.join(',')`): literals kept,
    /// expressions as `{}` placeholders.
    fn concatenated(&self, mut path: String, mut last: usize) -> Option<(String, usize)> {
        loop {
            // Python joins adjacent literals: `(f"/api/v2/users/" f"{id}/queues")`.
            if self.flavor.python {
                if let Some(s) = self.string(last + 1) {
                    path.push_str(s);
                    last += 1;
                    continue;
                }
            }
            if !self.punct(last + 1, b'+') {
                break;
            }
            let next = last + 2;
            if let Some(s) = self.string(next) {
                path.push_str(s);
                last = next;
                continue;
            }
            if path.contains('?') {
                break;
            }
            let mut j = next;
            if self.ident(j).is_none()
                && !matches!(self.toks.get(j).map(|t| &t.kind), Some(Tok::Num))
            {
                break;
            }
            while self.punct(j + 1, b'.') && self.ident(j + 2).is_some() {
                j += 2;
            }
            if self.punct(j + 1, b'(') || self.punct(j + 1, b'[') {
                j = self.matching(j + 1)?;
            }
            path.push_str("{}");
            last = j;
        }
        Some((path, last))
    }

    /// Whether the string from token `first` to `last` is compared or
    /// matched rather than used: `==`, PowerShell `-eq`/`-like`/`-match`,
    /// or the argument of `startsWith`, `includes`, `match`, `re.search`,
    /// `strings.HasPrefix`, `Regex.IsMatch` and the like.
    fn compared(&self, first: usize, last: usize) -> bool {
        if (first >= 1 && self.punct(first - 1, b'~')) || self.punct(last + 1, b'~') {
            return true;
        }
        let ps_operator = first >= 2
            && self.punct(first - 2, b'-')
            && self.ident(first - 1).is_some_and(|w| {
                matches!(
                    w.to_ascii_lowercase().as_str(),
                    "eq" | "ne"
                        | "ieq"
                        | "ceq"
                        | "like"
                        | "ilike"
                        | "notlike"
                        | "match"
                        | "imatch"
                        | "notmatch"
                        | "contains"
                        | "in"
                        | "startswith"
                )
            });
        if ps_operator {
            return true;
        }
        let Some(open) = self.enclosing_call(first) else {
            return false;
        };
        let callee = open
            .checked_sub(1)
            .and_then(|k| self.ident(k))
            .unwrap_or("");
        matches!(
            callee,
            "startsWith"
                | "endsWith"
                | "includes"
                | "indexOf"
                | "match"
                | "matches"
                | "test"
                | "search"
                | "startswith"
                | "endswith"
                | "fullmatch"
                | "compile"
                | "HasPrefix"
                | "HasSuffix"
                | "Contains"
                | "StartsWith"
                | "EndsWith"
                | "IndexOf"
                | "IsMatch"
                | "Matches"
                | "MustCompile"
                | "preg_match"
                | "str_contains"
                | "str_starts_with"
                | "str_ends_with"
        )
    }

    /// A variable, field or parameter declared with an SDK API class as its
    /// type: `routingApi: RoutingApi`, `analyticsApi: Pick<AnalyticsApi,
    /// ...>`, Go `api *platformclientv2.RoutingApi`, Java/C# `RoutingApi
    /// routingApi;`, `UsersApi users = ...`.
    fn typed_api_var(&mut self, i: usize) {
        let Some(written) = self.ident(i) else { return };
        // The .NET SDK declares each API class's interface beside it
        // (`IConversationsApi`): an object of that type is of that class.
        let class = match written.strip_prefix('I') {
            Some(rest)
                if self.flavor.dotnet && rest.starts_with(|c: char| c.is_ascii_uppercase()) =>
            {
                rest
            }
            _ => written,
        };
        let is_class = class.len() > 3
            && class.ends_with("Api")
            && class.starts_with(|c: char| c.is_ascii_uppercase());
        if !is_class || self.punct(i + 1, b'(') || (i >= 1 && self.ident(i - 1) == Some("new")) {
            return;
        }
        // The start of a qualified type (`platformclientv2.RoutingApi`).
        let mut k = i;
        while k >= 2 && self.punct(k - 1, b'.') && self.ident(k - 2).is_some() {
            k -= 2;
        }
        // `Pick<AnalyticsApi, ...>` and the like.
        if k >= 2
            && self.punct(k - 1, b'<')
            && matches!(
                self.ident(k - 2),
                Some("Pick" | "Partial" | "Readonly" | "Omit" | "Required")
            )
        {
            k -= 2;
        }
        let var = if k >= 2 && (self.punct(k - 1, b':') || self.punct(k - 1, b'*')) {
            // `name: Type`, Go `name *Type`
            self.ident(k - 2)
        } else if k >= 2
            && self.ident(k - 1).is_some()
            && (self.punct(k - 2, b'(') || self.punct(k - 2, b','))
            && k < i
        {
            // Go `func f(api platformclientv2.RoutingApi)`
            self.ident(k - 1)
        } else if self.ident(i + 1).is_some()
            && (matches!(
                self.toks.get(i + 2).map(|t| t.kind),
                Some(Tok::Punct(b';' | b'=' | b',' | b')'))
            ) || (self.flavor.dotnet
                && self.punct(i + 2, b'{')
                && matches!(self.ident(i + 3), Some("get" | "set" | "init"))))
        {
            // Java/C# `RoutingApi routingApi;`, a C# property
            // `IUsersApi Users { get; }`
            self.ident(i + 1)
        } else {
            None
        };
        if let Some(var) = var.filter(|v| !matches!(*v, "this" | "self" | "new" | "return")) {
            self.api_vars
                .insert(var.to_string(), (class.to_string(), i));
            // Declared with its type: the declaration says the class.
            self.local_api_vars.remove(var);
        }
    }

    /// `x = new platformClient.UsersApi(...)`, `x = UsersApi(api_client)`,
    /// `x := platformclientv2.NewUsersApi()`; also chained calls on it.
    fn api_construction(&mut self, i: usize) {
        let Some(word) = self.ident(i) else { return };
        let class = match word.strip_prefix("New") {
            Some(rest) if rest.ends_with("Api") || rest.ends_with("ApiWithConfig") => {
                rest.trim_end_matches("WithConfig")
            }
            _ => word,
        };
        let starts_upper = class.chars().next().is_some_and(|c| c.is_ascii_uppercase());
        if !(starts_upper && class.len() > 3 && class.ends_with("Api") && self.punct(i + 1, b'(')) {
            return;
        }
        self.out.api_objects.push(FoundApiObject {
            range: self.range(i, i),
            class: class.to_string(),
        });
        // Walk back over the qualifier (`platformClient.`, `PureCloudPlatformClientV2.`) and `new`.
        let mut k = i;
        while k >= 2 && self.punct(k - 1, b'.') && self.ident(k - 2).is_some() {
            k -= 2;
        }
        if k >= 1 && self.ident(k - 1) == Some("new") {
            k -= 1;
        }
        if k >= 2 && self.punct(k - 1, b'=') {
            // `const api: platformClient.RoutingApi = new ...`: skip the type.
            let mut v = k - 2;
            while v >= 2 && self.punct(v - 1, b'.') && self.ident(v - 2).is_some() {
                v -= 2;
            }
            let var = if v >= 2 && self.punct(v - 1, b':') && self.ident(v - 2).is_some() {
                v - 2
            } else {
                k - 2
            };
            if let Some(name) = self.ident(var) {
                // A plain local (`api = ThingsApi(c)` in a function) is that
                // function's variable; a field (`self.api = ...`) is not.
                let local = !(var >= 1 && self.punct(var - 1, b'.'));
                let owner = self
                    .functions
                    .as_ref()
                    .filter(|_| local)
                    .and_then(|f| f.owner(var));
                self.api_vars
                    .insert(name.to_string(), (class.to_string(), i));
                match owner {
                    Some(f) => self.local_api_vars.insert(name.to_string(), f),
                    None => self.local_api_vars.remove(name),
                };
            }
        }
        if let Some(close) = self.matching(i + 1) {
            if self.punct(close + 1, b'.') && self.punct(close + 3, b'(') {
                if let Some(method) = self.ident(close + 2) {
                    self.sdk_call(close + 2, class.to_string(), method);
                }
            }
        }
    }

    /// SDK methods handed on rather than called: a reference
    /// (`with_retry(api.get_conversation)(id)`), a name in a string that
    /// a call dispatches on (`getattr(api, "get_users")`,
    /// `client.get("RoutingApi", "get_routing_queues")`, `api['getUsers'](...)`).
    fn sdk_reference(&mut self, i: usize) {
        // `api.get_conversation` passed as a value.
        if let (Some(var), true, Some(method)) =
            (self.ident(i), self.punct(i + 1, b'.'), self.ident(i + 2))
        {
            let passed = self.punct(i + 3, b')') || self.punct(i + 3, b',');
            let object = self.api_vars.contains_key(var) || names_api_object(var);
            if passed
                && object
                && operation_shaped(method, 2)
                && self.enclosing_call(i + 2).is_some()
            {
                self.sdk_guess(i + 2, method, Evidence::Written);
            }
            return;
        }
        // Copied only when shaped like an operation's name.
        let Some(name) = self
            .string(i)
            .filter(|s| operation_shaped(s, 2))
            .map(str::to_string)
        else {
            return;
        };
        // `api['getUsers'](...)`
        let indexed =
            i >= 1 && self.punct(i - 1, b'[') && self.punct(i + 1, b']') && self.punct(i + 2, b'(');
        let dispatched = self.enclosing_call(i).is_some_and(|open| {
            let callee = self.callee(open).and_then(|c| self.ident(c)).unwrap_or("");
            let reflective = matches!(
                callee,
                "getattr" | "hasattr" | "GetMethod" | "getMethod" | "call_user_func"
            );
            // A sibling argument names an SDK API class.
            let class_named = self
                .inside(open, self.matching(open).unwrap_or(open), false)
                .iter()
                .any(|&k| {
                    self.string(k).is_some_and(|c| {
                        c.len() > 3
                            && c.ends_with("Api")
                            && c.starts_with(|ch: char| ch.is_ascii_uppercase())
                    })
                });
            reflective || class_named
        });
        if indexed || dispatched {
            self.sdk_guess(i, &name, Evidence::NameOnly);
        }
    }

    /// A method on an object whose name says it is an API object; what
    /// class it is, only the method name tells (resolution keeps it only
    /// when the name is an SDK method).
    fn sdk_guess(&mut self, at: usize, method: &str, evidence: Evidence) {
        let method = method.strip_suffix("Async").unwrap_or(method);
        let method = method.strip_suffix("WithHttpInfo").unwrap_or(method);
        // Inside the app's own function of that name: the app wraps the SDK.
        let wrapped = self.functions.as_ref().is_some_and(|fs| {
            fs.owners(at).any(|f| {
                let name = fs.list[f].name;
                name.strip_suffix("Async").unwrap_or(name) == method
            })
        });
        let evidence = if wrapped {
            Evidence::Delegated
        } else {
            evidence
        };
        self.out.calls.push(FoundCall {
            range: self.range(at, at),
            kind: CallKind::Sdk {
                class: None,
                method: method.to_string(),
            },
            evidence,
        });
    }

    fn sdk_call(&mut self, at: usize, class: String, method: &str) {
        // .NET `GetUsersMeAsync`, Java/.NET `getUsersMeWithHttpInfo`.
        let method = method.strip_suffix("Async").unwrap_or(method);
        let method = method.strip_suffix("WithHttpInfo").unwrap_or(method);
        self.out.calls.push(FoundCall {
            range: self.range(at, at),
            kind: CallKind::Sdk {
                class: Some(class),
                method: method.to_string(),
            },
            evidence: Evidence::Written,
        });
    }

    fn login(&mut self, i: usize) {
        let Some(name) = self.ident(i) else { return };
        // An SDK login is a method of the API client (`client.loginX(`,
        // `ApiClient().get_x_token(`); a bare `loginX(` is the app's own
        // function or its definition.
        if !self.punct(i + 1, b'(') || i == 0 || !self.punct(i - 1, b'.') {
            return;
        }
        let flow = match name {
            // .NET `ApiClient.PostToken(clientId, clientSecret)`: two arguments mean client credentials.
            "PostToken" if self.top_level_args(i + 1) == 2 => {
                Some((GrantKind::ClientCredentials, false))
            }
            "loginClientCredentialsGrant"
            | "get_client_credentials_token"
            | "authorizeClientCredentials"
            | "AuthorizeClientCredentials" => Some((GrantKind::ClientCredentials, false)),
            "loginImplicitGrant" => Some((GrantKind::Token, false)),
            "loginPKCEGrant" => Some((GrantKind::Code, true)),
            "loginCodeAuthorizationGrant"
            | "get_code_authorization_token"
            | "authorizeCodeAuthorization" => Some((GrantKind::Code, false)),
            "loginSaml2BearerGrant" | "get_saml2bearer_token" | "authorizeSaml2Bearer" => {
                Some((GrantKind::Saml2Bearer, false))
            }
            _ => None,
        };
        let Some((grant, pkce)) = flow else { return };
        // The app's own method of that name, called on its own object
        // (`this.loginImplicitGrant()` defined in the file), is not the
        // SDK's login (which it may wrap: `client.loginImplicitGrant(...)`
        // inside it is).
        let own_object = i >= 2
            && matches!(
                self.ident(i - 2),
                Some("this" | "self" | "$this" | "_this" | "that")
            );
        if own_object
            && self
                .out
                .defines
                .binary_search_by(|d| d.as_str().cmp(name))
                .is_ok()
        {
            return;
        }
        let sdk_client = self.on_sdk_api_client(i - 1);
        self.out.flows.push(FoundFlow {
            range: self.range(i, i),
            grant,
            pkce,
            sdk_args: Some(self.top_level_args(i + 1)),
            sdk_client,
        });
        // A literal secret passed to a client-credentials login.
        if grant == GrantKind::ClientCredentials {
            if let Some(close) = self.matching(i + 1) {
                // The second argument, at depth 0 of the call.
                let second = self
                    .inside(i + 1, close, false)
                    .into_iter()
                    .find(|&k| self.punct(k, b','))
                    .map(|k| k + 1);
                if let Some(k) = second {
                    let literal_alone = self.string(k).is_some_and(|s| !is_placeholder(s))
                        && (self.punct(k + 1, b',') || k + 1 == close);
                    if literal_alone {
                        self.secret(k, "the client secret passed to the login");
                    }
                }
            }
        }
    }

    /// Whether the receiver before the `.` at token `dot` is the JavaScript
    /// SDK's `ApiClient`: `….ApiClient.instance` itself, or a name (a
    /// variable, `this.client`) that the file assigns from it.
    fn on_sdk_api_client(&self, dot: usize) -> bool {
        let Some(receiver) = dot.checked_sub(1) else {
            return false;
        };
        if self.is_api_client_instance(receiver) {
            return true;
        }
        let Some(name) = self.ident(receiver) else {
            return false;
        };
        // `name = ….ApiClient.instance` (also `this.name = …`), before or
        // after the call (a class may set it in its constructor).
        self.positions(name).iter().take(NEAR).any(|&k| {
            let k = k as usize;
            self.punct(k + 1, b'=')
                && (k + 2..(k + 2 + NEAR / 16).min(self.toks.len()))
                    .take_while(|&j| {
                        !(self.punct(j, b';') || self.punct(j, b',') || self.punct(j, b'}'))
                    })
                    .any(|j| self.is_api_client_instance(j))
        })
    }

    /// Whether token `i` ends `ApiClient.instance`.
    fn is_api_client_instance(&self, i: usize) -> bool {
        i >= 2
            && self.ident(i) == Some("instance")
            && self.punct(i - 1, b'.')
            && self.ident(i - 2) == Some("ApiClient")
    }

    fn secret(&mut self, k: usize, what: &str) {
        let r = self.range(k, k);
        // Redact the inside of the quotes, keeping the delimiters.
        let inner = if r.end - r.start >= 2 {
            r.start + 1..r.end - 1
        } else {
            r.clone()
        };
        if !self.secret_starts.insert(r.start) {
            return;
        }
        let value = self
            .text
            .get(inner.start - self.base..inner.end - self.base);
        self.out.secrets.push(FoundSecret {
            range: r,
            value: SecretValue::new(value.unwrap_or("")),
            redact: inner,
            what: what.to_string(),
            reported: true,
        });
    }

    /// The OAuth flow a token or authorize request names: `grant_type:
    /// 'client_credentials'` (or `authorization_code`, `password`, the
    /// SAML2 bearer URN) as a key and value or in a form string,
    /// `response_type=code` / `token` in an authorize URL, and a PKCE
    /// `code_challenge` beside a code request.
    fn grant_type(&mut self, i: usize) {
        // `key: v`, `key = v`, `(key, v)`, and an index assignment
        // `form["key"] = v` (Go, Python, JS).
        let keyed = |key: &str| {
            self.name(i) == Some(key)
                && (self.punct(i + 1, b':')
                    || self.punct(i + 1, b'=')
                    || self.punct(i + 1, b',')
                    || (self.punct(i + 1, b']') && self.punct(i + 2, b'=')))
        };
        // The value: the first string after the key, past brackets and a
        // type (`[]string{"client_credentials"}`, `{"code"}`), before the
        // expression ends.
        let value_at = |from: usize| {
            (from..from + 6)
                .find(|&j| {
                    self.string(j).is_some()
                        || [b';', b',', b')', b'}'].iter().any(|&p| self.punct(j, p))
                })
                .filter(|&j| self.string(j).is_some())
        };
        let grant_of = |value: &str| match value {
            "client_credentials" => Some(GrantKind::ClientCredentials),
            "authorization_code" => Some(GrantKind::Code),
            "password" => Some(GrantKind::Password),
            "urn:ietf:params:oauth:grant-type:saml2-bearer" => Some(GrantKind::Saml2Bearer),
            _ => None,
        };
        let response_of = |value: &str| match value {
            "code" => Some(GrantKind::Code),
            "token" => Some(GrantKind::Token),
            _ => None,
        };
        let mut found = None;
        if keyed("grant_type") {
            found = value_at(i + 2).and_then(|j| Some((j, grant_of(self.string(j)?)?)));
        } else if keyed("response_type") {
            found = value_at(i + 2).and_then(|j| Some((j, response_of(self.string(j)?)?)));
        } else if let Some(s) = self.string(i) {
            let form_value = |key: &str| {
                let at = s.find(key)?;
                let rest = &s[at + key.len()..];
                Some(
                    rest.split(['&', '"', '\'', ' '])
                        .next()
                        .unwrap_or(rest)
                        .to_string(),
                )
            };
            // A form value needs its `=` (most literals have none).
            if memchr::memchr(b'=', s.as_bytes()).is_some() {
                found = form_value("grant_type=")
                    .and_then(|v| grant_of(&v))
                    .or_else(|| form_value("response_type=").and_then(|v| response_of(&v)))
                    .map(|g| (i, g));
            }
            // An authorize or token URL of another identity provider
            // (`https://accounts.example.com/authorize?response_type=token`,
            // or its host a few tokens before in the concatenation) is not a
            // Genesys login.
            // A name before it (`AUTHORIZE + "?response_type=token"`)
            // stands for the literal the file assigns it.
            let assigned = |name: &str| {
                // Bounded: the nearest assignment before it.
                (i.saturating_sub(4096)..i).rev().find_map(|k| {
                    (self.ident(k) == Some(name) && self.punct(k + 1, b'='))
                        .then(|| self.string(k + 2))
                        .flatten()
                })
            };
            let host = || {
                url_host(s).map(|(_, h)| h.to_string()).or_else(|| {
                    (i.saturating_sub(8)..i).rev().find_map(|k| {
                        let text = self
                            .string(k)
                            .or_else(|| self.ident(k).and_then(assigned))?;
                        url_host(text).map(|(_, h)| h.to_string())
                    })
                })
            };
            // A host the code completes at run time (`"https://login." + env`)
            // may be Genesys's.
            let whole = |h: &str| !h.contains('{') && !h.ends_with(['.', '-']) && h.contains('.');
            if found.is_some() && host().is_some_and(|h| whole(&h) && !is_genesys_domain(&h)) {
                found = None;
            }
        }
        let Some((at, grant)) = found else { return };
        // PKCE: a `code_challenge` in the same request (a few tokens around).
        let pkce = grant == GrantKind::Code
            && (at.saturating_sub(NEAR / 4)..(at + NEAR / 4).min(self.toks.len())).any(|k| {
                self.name(k)
                    .is_some_and(|n| n.contains("code_challenge") || n.contains("code_verifier"))
            });
        self.out.flows.push(FoundFlow {
            range: self.range(at, at),
            grant,
            pkce,
            sdk_args: None,
            sdk_client: false,
        });
    }

    /// `scope: 'a b'`, `'scope' => '...'`, `scope=a%20b` in form strings.
    fn requested_scopes(&mut self, i: usize) {
        if self.name(i).is_some_and(|n| n == "scope" || n == "scopes")
            && (self.punct(i + 1, b':') || self.punct(i + 1, b'=') || self.punct(i + 1, b','))
        {
            // An OAuth scope only beside what a token request or an
            // authorize URL also carries (not a logger's field, a test
            // fixture's `scope="session"`, a framework option).
            if !self.in_oauth_request(i) {
                return;
            }
            if let Some(value) = self.string(i + 2) {
                if !value.is_empty() && !value.contains("{}") {
                    self.out.requested_scopes.push(FoundScopes {
                        range: self.range(i + 2, i + 2),
                        value: value.to_string(),
                        offset: 1,
                    });
                }
            }
            return;
        }
        if let Some(s) = self.string(i) {
            if let Some(at) = crate::scan::find(s, "scope=")
                .filter(|&at| at == 0 || s[..at].ends_with(['&', '?']))
                .filter(|_| self.in_oauth_request(i))
            {
                let value = &s[at + 6..];
                let value = value.split('&').next().unwrap_or(value);
                if !value.is_empty() && !value.contains("{}") {
                    let decoded = value
                        .replace("%20", " ")
                        .replace("%3A", ":")
                        .replace("%3a", ":");
                    self.out.requested_scopes.push(FoundScopes {
                        range: self.range(i, i),
                        value: decoded,
                        offset: 0,
                    });
                }
            }
        }
    }

    /// Whether token `i` sits in what an OAuth request carries: the object,
    /// call or string concatenation holding it also names a grant, a
    /// client id, a response type, a redirect URI, a PKCE challenge or an
    /// OAuth endpoint.
    fn in_oauth_request(&self, i: usize) -> bool {
        const MARKS: [&str; 12] = [
            "grant_type",
            "client_id",
            "clientId",
            "client_secret",
            "response_type",
            "redirect_uri",
            "redirectUri",
            "code_challenge",
            "/oauth/",
            "authorize",
            "assertion",
            "refresh_token",
        ];
        let marked = |k: usize| {
            self.name(k)
                .is_some_and(|n| MARKS.iter().any(|m| n.contains(m)))
        };
        // The innermost object or call around it.
        let open = (i.saturating_sub(NEAR)..i).rev().find(|&o| {
            matches!(self.toks[o].kind, Tok::Punct(b'{' | b'(' | b'['))
                && self.matching(o).is_some_and(|c| c > i)
        });
        if let Some(open) = open {
            let close = self.matching(open).unwrap_or(i);
            if self.inside(open, close, true).into_iter().any(marked) {
                return true;
            }
            // The call's callee or its other arguments name the endpoint.
            if open >= 1
                && (marked(open - 1)
                    || self.ident(open - 1).is_some_and(|c| {
                        c.to_ascii_lowercase().contains("token")
                            || c.to_ascii_lowercase().contains("auth")
                    }))
            {
                return true;
            }
        }
        // A form or URL built around it.
        (i.saturating_sub(12)..(i + 12).min(self.toks.len())).any(marked)
    }

    fn hosts(&mut self, i: usize) {
        // Read while the literal is borrowed; most literals name no host
        // and cost no copy.
        let Some(s) = self.string(i) else {
            return;
        };
        let oauth =
            crate::scan::holds(s, "/oauth/token") || crate::scan::holds(s, "/oauth/authorize");
        let url = url_host(s).map(|(_, host)| host);
        let host = match url {
            Some(host) => (is_genesys_domain(host) && !host.contains("{}")).then(|| {
                let host = host.to_ascii_lowercase();
                let login = oauth || host.starts_with("login.");
                (host, HostKind::Url, login)
            }),
            // `client.setEnvironment('mypurecloud.ie')`, `environment = "..."`
            None => (is_genesys_domain(s) && !s.contains(['/', ' ', '{'])).then(|| {
                let host = s.to_ascii_lowercase();
                let login = host.starts_with("login.");
                (host, HostKind::Environment, login)
            }),
        };
        let endpoint = oauth.then(|| {
            let path = if s.contains("/oauth/token") {
                "/oauth/token"
            } else {
                "/oauth/authorize"
            };
            let host = url
                .map(str::to_ascii_lowercase)
                .filter(|h| !h.contains("{}"));
            (path, host)
        });
        let range = self.range(i, i);
        if let Some((host, kind, login)) = host {
            self.push_host(i, host, kind, login);
        }
        if let Some((path, host)) = endpoint {
            self.out.token_endpoints.push(FoundTokenEndpoint {
                range,
                host,
                path: path.to_string(),
            });
        }
    }

    /// `PureCloudRegionHosts.eu_west_1` in any SDK; not a look-up such as
    /// Java's `PureCloudRegionHosts.valueOf(region)`, nor a name the
    /// language gives every class (Python's `__members__`, `__dict__`).
    fn region_constant(&mut self, i: usize) {
        if self.ident(i) == Some("PureCloudRegionHosts") && self.punct(i + 1, b'.') {
            let key = self.ident(i + 2).filter(|k| !k.starts_with("__"));
            if let Some(key) = key.filter(|_| !self.punct(i + 3, b'(')) {
                // The slot is that of the whole qualified name.
                let mut first = i;
                while first >= 2 && self.punct(first - 1, b'.') && self.ident(first - 2).is_some() {
                    first -= 2;
                }
                let slot = self.host_slot(first, i + 2);
                self.out.hosts.push(FoundHost {
                    range: self.range(i, i + 2),
                    host: key.to_string(),
                    kind: HostKind::RegionConstant,
                    alternative: false,
                    login: false,
                });
                self.host_slots.push(slot);
            }
        }
    }

    /// Records the host of the string literal at token `i`.
    fn push_host(&mut self, i: usize, host: String, kind: HostKind, login: bool) {
        let slot = self.host_slot(i, i);
        self.out.hosts.push(FoundHost {
            range: self.range(i, i),
            host,
            kind,
            alternative: false,
            login,
        });
        self.host_slots.push(slot);
    }

    /// `Authorization: 'Guest ' + token`, `headers["Authorization"] = ...`,
    /// `setRequestHeader('Authorization', ...)`, `new AuthenticationHeaderValue("Guest", t)`.
    fn auth_header(&mut self, i: usize) {
        let scheme_at = if self
            .name(i)
            .is_some_and(|n| n.eq_ignore_ascii_case("authorization"))
        {
            let mut v = i + 1;
            if self.punct(v, b']') {
                v += 1;
            }
            if self.punct(v, b':') || self.punct(v, b'=') || self.punct(v, b',') {
                Some(v + 1)
            } else {
                None
            }
        } else if self.ident(i) == Some("AuthenticationHeaderValue") && self.punct(i + 1, b'(') {
            Some(i + 2)
        } else {
            None
        };
        // A raw header line: `'Authorization: Basic ...'` (PHP cURL's
        // `CURLOPT_HTTPHEADER`, Java's `setRequestProperty` lines).
        let line = match scheme_at {
            Some(_) => None,
            None => self.string(i).and_then(|s| {
                let (name, value) = s.split_once(':')?;
                name.trim()
                    .eq_ignore_ascii_case("authorization")
                    .then(|| value.trim_start().to_string())
            }),
        };
        let at = match (scheme_at, &line) {
            (Some(at), _) => at,
            (None, Some(_)) => i,
            (None, None) => return,
        };
        let Some(value) = line.or_else(|| self.string(at).map(str::to_string)) else {
            return;
        };
        let value = value.as_str();
        let by_class = self.ident(i) == Some("AuthenticationHeaderValue");
        let scheme = if by_class {
            value.trim()
        } else {
            match value.split_once(' ') {
                Some((scheme, _)) => scheme,
                None if self.punct(at + 1, b'+') => value.trim(),
                None => return,
            }
        };
        if scheme.is_empty()
            || !scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return;
        }
        self.out.auth_headers.push(FoundAuthHeader {
            range: self.range(at, at),
            scheme: scheme.to_string(),
        });
        // `'Basic ' + 'bGl0ZXJhbA=='` or `'Basic bGl0ZXJhbA=='`: credentials in a literal.
        if scheme.eq_ignore_ascii_case("basic") {
            let rest = value.split_once(' ').map_or("", |(_, r)| r.trim());
            if rest.len() >= 12 && is_base64(rest) && !placeholder_credentials(rest) {
                self.secret(at, "Basic credentials");
            } else if self.punct(at + 1, b'+')
                && self.string(at + 2).is_some_and(|s| {
                    s.len() >= 12
                        && is_base64(s)
                        && !is_placeholder(s)
                        && !placeholder_credentials(s)
                })
            {
                self.secret(at + 2, "Basic credentials");
            }
        }
    }

    /// `clientSecret = "..."`, `"client_secret": "..."`, `CLIENT_SECRET := "..."`,
    /// `process.env.CLIENT_SECRET || 'fallback'`.
    fn secret_assignment(&mut self, i: usize) {
        let Some(name) = self.name(i) else { return };
        if !is_secret_name(name) {
            return;
        }
        let name = name.to_string();
        // A bare `secret` is an OAuth client's only beside its client id; a
        // session's cookie key or a token-signing key is not one.
        if is_bare_secret(&name) {
            // The object (or argument list) it is a key of.
            let mut depth = 0usize;
            let open = (i.saturating_sub(256)..i).rev().find(|&k| {
                if self.punct(k, b'}') || self.punct(k, b')') {
                    depth += 1;
                } else if self.punct(k, b'{') || self.punct(k, b'(') {
                    if depth == 0 {
                        return true;
                    }
                    depth -= 1;
                }
                false
            });
            let near = match open.and_then(|o| self.code.matching(o).map(|c| o..c)) {
                Some(r) => r,
                None => i..i,
            };
            let beside_an_id = near.into_iter().any(|k| {
                self.name(k).is_some_and(|n| {
                    let n: String = n
                        .chars()
                        .filter(|c| c.is_ascii_alphanumeric())
                        .map(|c| c.to_ascii_lowercase())
                        .collect();
                    n.ends_with("clientid") || n == "id" || n == "appid"
                })
            });
            if !beside_an_id {
                return;
            }
        }
        if self.punct(i + 1, b':')
            || self.punct(i + 1, b'=')
            || (self.punct(i + 1, b',') && self.string(i).is_some())
        {
            if let Some(value) = self.string(i + 2) {
                if !is_placeholder(value) && !self.punct(i + 3, b'+') {
                    self.secret(i + 2, &name);
                }
                return;
            }
        }
        // A literal fallback in the same expression.
        for k in i + 1..(i + 10).min(self.toks.len()) {
            if self.punct(k, b';') || self.punct(k, b',') || self.punct(k, b')') {
                break;
            }
            if self.punct(k, b'|') {
                if let Some(value) = self.string(k + 1) {
                    if !is_placeholder(value) {
                        self.secret(k + 1, &name);
                    }
                }
                break;
            }
        }
    }

    /// `btoa('id:secret')`, `Buffer.from("id:secret")`, `b64encode(b"id:secret")`.
    fn encoded_credentials(&mut self, i: usize) {
        let Some(name) = self.ident(i) else { return };
        if !matches!(
            name,
            "btoa"
                | "b64encode"
                | "encodeToString"
                | "ToBase64String"
                | "GetBytes"
                | "EncodeToString"
                | "from"
                | "base64_encode"
        ) {
            return;
        }
        if !self.punct(i + 1, b'(') {
            return;
        }
        if let Some(value) = self.string(i + 2) {
            if let Some((id, secret)) = value.split_once(':') {
                if !id.is_empty() && !value.contains(['/', ' ', '{']) && !is_placeholder(secret) {
                    self.secret(i + 2, "client credentials encoded for Basic auth");
                }
            }
        }
    }

    /// Whether the file uses a test framework: imports one (JavaScript,
    /// Python), or names one's types (Go `*testing.T`, JUnit, xUnit,
    /// NUnit, MSTest), or is a Pester script (`Describe` ... `Should`).
    fn uses_test_framework(&self) -> bool {
        const MODULES: [&str; 17] = [
            "pytest",
            "qunit",
            "unittest",
            "jest",
            "vitest",
            "mocha",
            "chai",
            "supertest",
            "nock",
            "msw",
            "sinon",
            "ava",
            "tap",
            "jasmine",
            "requests_mock",
            "responses",
            "httpretty",
        ];
        let imported = self.out.imports.iter().any(|i| {
            let head = i
                .trim_start_matches("node:")
                .split(['/', '.'])
                .next()
                .unwrap_or("");
            MODULES.contains(&head)
                || i.starts_with("@testing-library/")
                || i.starts_with("@jest/")
                || i == "@playwright/test"
        });
        if imported {
            return true;
        }
        let mut describe = false;
        for k in 0..self.toks.len() {
            match self.ident(k) {
                Some("testing") if self.punct(k + 1, b'.') && self.ident(k + 2) == Some("T") => {
                    return true
                }
                Some("junit") if k >= 2 && self.ident(k - 2) == Some("org") => return true,
                Some("Xunit" | "NUnit" | "UnitTesting")
                    if k >= 1
                        && (self.ident(k - 1) == Some("using") || self.punct(k - 1, b'.')) =>
                {
                    return true
                }
                // JavaScript test cases: `describe("…", …)`, `it("…", …)`,
                // `test("…", …)` (Jest, Mocha, Vitest, Jasmine globals).
                Some("describe" | "it" | "test")
                    if !(self.flavor.python
                        || self.flavor.powershell
                        || self.flavor.dotnet
                        || k >= 1 && self.punct(k - 1, b'.'))
                        && self.punct(k + 1, b'(')
                        && self.string(k + 2).is_some()
                        && self.punct(k + 3, b',') =>
                {
                    return true
                }
                Some("Describe") if self.flavor.powershell => describe = true,
                Some("Should") if describe && self.flavor.powershell => return true,
                _ => {}
            }
        }
        false
    }

    /// Finds HTTP clients configured with a non-Genesys base URL.
    fn find_foreign_clients(&mut self) {
        for i in 0..self.toks.len() {
            let Some(key) = self.name(i) else { continue };
            if !matches!(
                key,
                "baseURL" | "baseUrl" | "base_url" | "BaseAddress" | "BaseUrl" | "baseUri"
            ) {
                continue;
            }
            if !(self.punct(i + 1, b':') || self.punct(i + 1, b'=')) {
                continue;
            }
            // The value: a literal, or `new Uri("...")`.
            let mut v = i + 2;
            if self.ident(v) == Some("new")
                && self.ident(v + 1).is_some()
                && self.punct(v + 2, b'(')
            {
                v += 3;
            }
            let Some(value) = self.string(v) else {
                continue;
            };
            let foreign = url_host(value).is_some_and(|(_, host)| {
                let literal = host.replace("{}", "");
                literal.split('.').filter(|l| !l.is_empty()).count() >= 2
                    && !is_genesys_domain(&literal)
            });
            if !foreign {
                continue;
            }
            // `client.BaseAddress = ...` or `const client = axios.create({ baseURL: ... })`.
            let receiver = if i >= 2 && self.punct(i - 1, b'.') {
                self.ident(i - 2)
            } else {
                (i.saturating_sub(NEAR)..i)
                    .rev()
                    .take_while(|&k| !self.punct(k, b';'))
                    .find(|&k| self.punct(k, b'=') && k >= 1 && self.ident(k - 1).is_some())
                    .and_then(|k| self.ident(k - 1))
            };
            if let Some(r) = receiver {
                self.foreign_clients.insert(r.to_string());
            }
        }
    }

    /// Whether the call holding token `i` is made on a foreign HTTP client.
    /// Whether `var` at token `i` is a parameter of a function around it
    /// that was bound to an SDK class outside that function (at token
    /// `bound`): a value handed in is not another function's variable of
    /// the same name.
    fn handed_in(&self, var: &str, i: usize, bound: usize) -> bool {
        let Some(functions) = self.functions.as_ref() else {
            return false;
        };
        functions.owners(i).any(|f| {
            let f = &functions.list[f];
            f.params.iter().any(|p| p.name == var) && !(f.name_at..f.body.end).contains(&bound)
        })
    }

    /// Whether `var` at token `i` is read outside the function whose local
    /// variable its API class was bound to (`api = ThingsApi(c)` in one
    /// function, `api = ApiClient()` then `api.call_api(...)` in another).
    fn local_elsewhere(&self, var: &str, i: usize) -> bool {
        let (Some(functions), Some(&f)) = (self.functions.as_ref(), self.local_api_vars.get(var))
        else {
            return false;
        };
        !functions.list[f].body.contains(&i)
    }

    fn on_foreign_client(&self, i: usize) -> bool {
        self.enclosing_call(i)
            .filter(|&open| open >= 3 && self.punct(open - 2, b'.'))
            .and_then(|open| self.ident(open - 3))
            .is_some_and(|r| self.foreign_clients.contains(r))
    }

    pub fn run(mut self) -> FileScan {
        self.find_foreign_clients();
        // The requests stage: sinks and wrappers with their URLs evaluated.
        let functions = Functions::of(&self.code);
        let mut requests = {
            let mut names: Vec<String> = functions
                .list
                .iter()
                .filter(|f| !f.name.is_empty())
                .map(|f| f.name.to_string())
                .collect();
            names.sort();
            names.dedup();
            self.out.defines = names;
            Stage::new(&self.code, &functions).run()
        };
        self.functions = Some(functions);
        self.out.wrappers = std::mem::take(&mut requests.exported);
        self.out.exports = std::mem::take(&mut requests.exports);
        self.out.returns = std::mem::take(&mut requests.returns);
        self.out.pending = std::mem::take(&mut requests.pending);
        self.out.outgoing = std::mem::take(&mut requests.outgoing);
        for c in &requests.calls {
            let range = self.range(
                c.tokens.start,
                c.tokens.end.saturating_sub(1).max(c.tokens.start),
            );
            self.out.calls.push(FoundCall {
                range,
                kind: CallKind::Http {
                    method: c.method.clone(),
                    path: c.path.clone(),
                },
                evidence: c.evidence,
            });
        }
        let mut i = 0;
        while i < self.toks.len() {
            // Every reading below starts at an identifier or a string
            // literal: punctuation, numbers and regular expressions start
            // none (half of a file's tokens).
            if !matches!(self.toks[i].kind, Tok::Ident | Tok::Str(_)) {
                i += 1;
                continue;
            }
            self.api_construction(i);
            self.typed_api_var(i);
            if let (Some(var), true, Some(method), true) = (
                self.ident(i),
                self.punct(i + 1, b'.'),
                self.ident(i + 2),
                self.punct(i + 3, b'('),
            ) {
                let qualified_by_other = i > 0
                    && self.punct(i - 1, b'.')
                    && !(i >= 2 && matches!(self.ident(i - 2), Some("this" | "self" | "$this")));
                if let Some(class) = self
                    .api_vars
                    .get(var)
                    .filter(|(_, at)| {
                        !qualified_by_other
                            && !self.handed_in(var, i, *at)
                            && !self.local_elsewhere(var, i)
                    })
                    .map(|(class, _)| class.clone())
                {
                    self.sdk_call(i + 2, class, method);
                } else if names_api_object(var) {
                    // An API object built elsewhere: injected, imported, a
                    // field (`this.routingApi`, `self.users_api`, `_this.analyticsApi`).
                    self.sdk_guess(i + 2, method, Evidence::Written);
                } else if operation_shaped(method, 3) {
                    // `gc.routing.getRoutingQueueMembers(...)`: named as only
                    // the SDK names its operations.
                    self.sdk_guess(i + 2, method, Evidence::NameOnly);
                }
            }
            self.sdk_reference(i);
            self.constant(i);
            self.import(i);
            if self.out.wizard_module.is_none()
                && self.name(i) == Some("provisioningInfoKey")
                && self.punct(i + 1, b':')
            {
                self.out.wizard_module = self.string(i + 2).map(str::to_string);
            }
            self.login(i);
            self.grant_type(i);
            self.requested_scopes(i);
            self.hosts(i);
            self.region_constant(i);
            self.auth_header(i);
            self.secret_assignment(i);
            self.encoded_credentials(i);
            if !self.out.api_base && self.api_base_at(i) {
                self.out.api_base = true;
            }
            if let Some((path, last)) = self.path_at(i).filter(|_| !self.on_foreign_client(i)) {
                // A path matched against a request (a mock, a router, a
                // filter) is not a request; a route of the app's own
                // server is not one either; the requests stage read the
                // literals it reached.
                let route = self
                    .enclosing_call(i)
                    .is_some_and(|open| sinks::is_route_definition(&self.code, open));
                let read = requests.claimed.contains(&i) || requests.rejected.contains(&i);
                if read || route || self.compared(i, last) || is_pattern(&path) {
                    i = last + 1;
                    continue;
                }
                let mut method = self.method_for(i);
                let mut requests = Vec::new();
                if method.is_none() {
                    if let Some(var) = self.assigned_variable(i) {
                        requests = self.requests_via_variable(var, last + 1);
                    }
                }
                let several = requests.len() >= 2;
                match requests.as_slice() {
                    // A path constant reused by several requests (other
                    // verbs, suffixes): one call site at each.
                    [_, _, ..] => {
                        for (k, m) in std::mem::take(&mut requests) {
                            let (path, end) = self
                                .concatenated(path.clone(), k)
                                .unwrap_or((path.clone(), k));
                            self.out.calls.push(FoundCall {
                                range: self.range(k, end),
                                kind: CallKind::Http {
                                    method: Some(m),
                                    path,
                                },
                                evidence: Evidence::Written,
                            });
                        }
                    }
                    [(_, m)] => method = Some(m.clone()),
                    [] => {}
                }
                // A path with no host in its literal: its base is not seen,
                // and the catalogue decides by the area it names.
                let evidence = match self.string(i).is_some_and(|s| s.contains("://")) {
                    true => Evidence::Written,
                    false => Evidence::UnknownBase,
                };
                if !several {
                    self.out.calls.push(FoundCall {
                        range: self.range(i, last),
                        kind: CallKind::Http { method, path },
                        evidence,
                    });
                }
                i = last + 1;
                continue;
            }
            i += 1;
        }
        let slots = std::mem::take(&mut self.host_slots);
        self.mark_alternatives(&slots);
        // Nothing in a branch that never runs calls or logs in (a secret
        // there is still committed, and kept).
        if self.code.has_dead_branches() {
            let code = &self.code;
            let dead = |start: usize| code.token_at(start).is_some_and(|t| code.is_dead(t));
            self.out.calls.retain(|c| !dead(c.range.start));
            self.out.flows.retain(|f| !dead(f.range.start));
            self.out.pending.retain(|p| !dead(p.range.start));
            self.out.outgoing.retain(|o| !dead(o.range.start));
        }
        self.out.calls.sort_by_key(|c| c.range.start);
        self.out.test_framework = self.uses_test_framework();
        self.out
    }
}

/// Whether `text` is written in Base64's alphabet, as Basic credentials
/// are: `{authorization}`, `<credentials>` or `$creds` are templates.
fn is_base64(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_'))
}

/// Basic credentials are `base64(id:secret)`: decoded, a secret that is a
/// placeholder (`user:password`, `username:changeme`) is not one.
fn placeholder_credentials(encoded: &str) -> bool {
    use base64::Engine;
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(encoded.trim()) else {
        return false;
    };
    let Ok(pair) = std::str::from_utf8(&bytes) else {
        return false;
    };
    pair.split_once(':')
        .is_some_and(|(_, secret)| is_placeholder(secret))
}
