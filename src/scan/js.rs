//! A JavaScript / TypeScript tokenizer (strings, template literals, regular
//! expressions and comments told apart) and the call patterns read from its
//! tokens: raw `/api/v2` paths with the HTTP method of the surrounding call,
//! SDK calls on `new platformClient.XxxApi()` objects, and SDK logins.

use super::{FileScan, FoundCall, FoundFlow};
use crate::model::{CallKind, GrantKind};
use std::collections::HashMap;
use std::ops::Range;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident,
    /// A string or template literal; the value with `${...}` as `{}`.
    Str(String),
    Num,
    Punct(u8),
    Regex,
}

#[derive(Debug, Clone)]
struct Token {
    kind: Tok,
    range: Range<usize>,
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

struct Lexer<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    tokens: Vec<Token>,
}

impl<'a> Lexer<'a> {
    fn peek(&self, ahead: usize) -> u8 {
        self.src.get(self.pos + ahead).copied().unwrap_or(0)
    }

    /// A `/` starts a regular expression unless it follows a value.
    fn regex_allowed(&self) -> bool {
        match self.tokens.last() {
            None => true,
            Some(t) => match &t.kind {
                Tok::Ident => matches!(
                    &self.text[t.range.clone()],
                    "return"
                        | "typeof"
                        | "case"
                        | "do"
                        | "else"
                        | "in"
                        | "of"
                        | "new"
                        | "delete"
                        | "void"
                        | "throw"
                        | "yield"
                        | "await"
                ),
                Tok::Str(_) | Tok::Num | Tok::Regex => false,
                Tok::Punct(p) => !matches!(p, b')' | b']' | b'}'),
            },
        }
    }

    fn quoted(&mut self, quote: u8) -> String {
        let start = self.pos;
        self.pos += 1;
        let mut value = String::new();
        let mut seg_start = self.pos;
        while self.pos < self.src.len() {
            let b = self.src[self.pos];
            if b == quote {
                break;
            }
            if b == b'\\' {
                value.push_str(&self.text[seg_start..self.pos]);
                self.pos += 2;
                seg_start = self.pos.min(self.src.len());
                continue;
            }
            if b == b'\n' {
                break;
            }
            self.pos += 1;
        }
        let end = self.pos.min(self.src.len());
        if seg_start < end {
            value.push_str(&self.text[seg_start..end]);
        }
        self.pos = (self.pos + 1).min(self.src.len());
        let _ = start;
        value
    }

    /// Skips a `${ ... }` expression, honouring nested braces and literals.
    fn skip_template_expr(&mut self) {
        let mut depth = 1usize;
        while self.pos < self.src.len() && depth > 0 {
            match self.src[self.pos] {
                b'{' => depth += 1,
                b'}' => depth -= 1,
                b'\'' | b'"' => {
                    let q = self.src[self.pos];
                    self.quoted(q);
                    continue;
                }
                b'`' => {
                    self.template();
                    continue;
                }
                _ => {}
            }
            self.pos += 1;
        }
    }

    fn template(&mut self) -> String {
        self.pos += 1;
        let mut value = String::new();
        let mut seg_start = self.pos;
        while self.pos < self.src.len() {
            match self.src[self.pos] {
                b'`' => break,
                b'\\' => {
                    value.push_str(&self.text[seg_start..self.pos]);
                    self.pos += 2;
                    seg_start = self.pos.min(self.src.len());
                }
                b'$' if self.peek(1) == b'{' => {
                    value.push_str(&self.text[seg_start..self.pos]);
                    value.push_str("{}");
                    self.pos += 2;
                    self.skip_template_expr();
                    seg_start = self.pos.min(self.src.len());
                }
                _ => self.pos += 1,
            }
        }
        let end = self.pos.min(self.src.len());
        if seg_start < end {
            value.push_str(&self.text[seg_start..end]);
        }
        self.pos = (self.pos + 1).min(self.src.len());
        value
    }

    fn regex(&mut self) {
        self.pos += 1;
        let mut in_class = false;
        while self.pos < self.src.len() {
            match self.src[self.pos] {
                b'\\' => self.pos += 1,
                b'[' => in_class = true,
                b']' => in_class = false,
                b'/' if !in_class => break,
                b'\n' => break,
                _ => {}
            }
            self.pos += 1;
        }
        self.pos = (self.pos + 1).min(self.src.len());
        while self.pos < self.src.len() && is_ident_byte(self.src[self.pos]) {
            self.pos += 1;
        }
    }

    fn run(mut self) -> Vec<Token> {
        while self.pos < self.src.len() {
            let b = self.src[self.pos];
            let start = self.pos;
            let kind = match b {
                b' ' | b'\t' | b'\r' | b'\n' => {
                    self.pos += 1;
                    continue;
                }
                b'/' if self.peek(1) == b'/' => {
                    while self.pos < self.src.len() && self.src[self.pos] != b'\n' {
                        self.pos += 1;
                    }
                    continue;
                }
                b'/' if self.peek(1) == b'*' => {
                    self.pos += 2;
                    while self.pos < self.src.len()
                        && !(self.src[self.pos] == b'*' && self.peek(1) == b'/')
                    {
                        self.pos += 1;
                    }
                    self.pos = (self.pos + 2).min(self.src.len());
                    continue;
                }
                b'/' if self.regex_allowed() => {
                    self.regex();
                    Tok::Regex
                }
                b'\'' | b'"' => Tok::Str(self.quoted(b)),
                b'`' => Tok::Str(self.template()),
                b'0'..=b'9' => {
                    while self.pos < self.src.len()
                        && (is_ident_byte(self.src[self.pos]) || self.src[self.pos] == b'.')
                    {
                        self.pos += 1;
                    }
                    Tok::Num
                }
                _ if is_ident_byte(b) => {
                    while self.pos < self.src.len() && is_ident_byte(self.src[self.pos]) {
                        self.pos += 1;
                    }
                    Tok::Ident
                }
                _ => {
                    self.pos += 1;
                    Tok::Punct(b)
                }
            };
            self.tokens.push(Token {
                kind,
                range: start..self.pos,
            });
        }
        self.tokens
    }
}

fn tokenize(text: &str) -> Vec<Token> {
    Lexer {
        src: text.as_bytes(),
        text,
        pos: 0,
        tokens: Vec::new(),
    }
    .run()
}

/// A URL whose written host is some other service's (`{}.zendesk.com`):
/// other APIs have `/api/v2/` paths too.
fn foreign_host(head: &str) -> bool {
    let Some(rest) = head.split_once("://").map(|(_, r)| r) else {
        return false;
    };
    let host = rest.split('/').next().unwrap_or(rest).to_ascii_lowercase();
    let literal = host.replace("{}", "");
    // `api.${env}` names no domain: it may well be Genesys's.
    if literal.split('.').filter(|label| !label.is_empty()).count() < 2 {
        return false;
    }
    ![
        "purecloud",
        "pure.cloud",
        "pure-cloud",
        "genesys",
        "inindca",
        "inintca",
    ]
    .iter()
    .any(|g| literal.contains(g))
}

const HTTP_VERBS: [&str; 6] = ["get", "post", "put", "patch", "delete", "head"];

struct Extractor<'a> {
    text: &'a str,
    toks: Vec<Token>,
    base: usize,
    out: FileScan,
}

impl<'a> Extractor<'a> {
    fn ident(&self, i: usize) -> Option<&'a str> {
        let t = self.toks.get(i)?;
        (t.kind == Tok::Ident).then(|| &self.text[t.range.clone()])
    }

    fn punct(&self, i: usize, p: u8) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Tok::Punct(p))
    }

    fn string(&self, i: usize) -> Option<&str> {
        match &self.toks.get(i)?.kind {
            Tok::Str(s) => Some(s),
            _ => None,
        }
    }

    fn range(&self, from: usize, to: usize) -> Range<usize> {
        self.base + self.toks[from].range.start..self.base + self.toks[to].range.end
    }

    /// Index of the token closing the bracket opened at `open`.
    fn matching(&self, open: usize) -> Option<usize> {
        let (o, c) = match self.toks.get(open)?.kind {
            Tok::Punct(b'(') => (b'(', b')'),
            Tok::Punct(b'{') => (b'{', b'}'),
            Tok::Punct(b'[') => (b'[', b']'),
            _ => return None,
        };
        let mut depth = 0usize;
        for (i, t) in self.toks.iter().enumerate().skip(open) {
            if t.kind == Tok::Punct(o) {
                depth += 1;
            } else if t.kind == Tok::Punct(c) {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
        }
        None
    }

    /// A `method: 'POST'` property between two token indexes.
    fn method_property(&self, from: usize, to: usize) -> Option<String> {
        (from..to).find_map(|i| {
            (self.ident(i) == Some("method") && self.punct(i + 1, b':'))
                .then(|| self.string(i + 2))
                .flatten()
                .map(|m| m.to_ascii_uppercase())
        })
    }

    /// Reads a path starting at string token `i`, following `+` concatenation.
    /// Returns the path and the index of its last token.
    fn path_at(&self, i: usize) -> Option<(String, usize)> {
        let value = self.string(i)?;
        let at = value.find("/api/v2")?;
        let head = value[..at].trim();
        // Prose that mentions a path ("calling /api/v2/...") is not a call.
        let url_like = head.is_empty() || head.ends_with("{}") || head.starts_with("http");
        if !url_like || head.contains(' ') || foreign_host(head) {
            return None;
        }
        let mut path = value[at..].to_string();
        let mut last = i;
        while self.punct(last + 1, b'+') {
            let next = last + 2;
            if let Some(s) = self.string(next) {
                path.push_str(s);
                last = next;
                continue;
            }
            // A variable or member chain (`id`, `user.id`) is a path parameter.
            let mut j = next;
            if self.ident(j).is_none()
                && !matches!(self.toks.get(j).map(|t| &t.kind), Some(Tok::Num))
            {
                break;
            }
            while self.punct(j + 1, b'.') && self.ident(j + 2).is_some() {
                j += 2;
            }
            if self.punct(j + 1, b'(') {
                j = self.matching(j + 1)?;
            }
            if path.contains('?') {
                break;
            }
            path.push_str("{}");
            last = j;
        }
        Some((path, last))
    }

    /// The HTTP method of the call whose argument list holds token `i`.
    fn method_for(&self, i: usize, path_vars: &HashMap<String, ()>) -> Option<String> {
        let _ = path_vars;
        // `x.post(url, ...)`, `axios.get(url)`
        if i >= 2 && self.punct(i - 1, b'(') {
            if let Some(verb) = self.ident(i - 2) {
                let lower = verb.to_ascii_lowercase();
                if HTTP_VERBS.contains(&lower.as_str()) && i >= 3 && self.punct(i - 3, b'.') {
                    return Some(lower.to_ascii_uppercase());
                }
                if verb == "fetch" {
                    let close = self.matching(i - 1)?;
                    return Some(
                        self.method_property(i, close)
                            .unwrap_or_else(|| "GET".into()),
                    );
                }
            }
        }
        // `{ url: '...', method: 'post' }` (axios config, request options)
        if i >= 2
            && self.punct(i - 1, b':')
            && matches!(self.ident(i - 2), Some("url" | "uri" | "path"))
        {
            let open = (0..i).rev().find(|&k| self.punct(k, b'{'))?;
            let close = self.matching(open)?;
            return self.method_property(open, close);
        }
        None
    }

    /// The method of a call made later with a variable holding a path:
    /// `const url = '/api/v2/...'; axios.post(url)`.
    fn method_via_variable(&self, name: &str, after: usize) -> Option<String> {
        for k in after..self.toks.len() {
            if self.ident(k) != Some(name) || !self.punct(k.wrapping_sub(1), b'(') {
                continue;
            }
            if let Some(m) = self.method_for(k, &HashMap::new()) {
                return Some(m);
            }
        }
        None
    }

    fn run(mut self) -> FileScan {
        let mut api_vars: HashMap<String, String> = HashMap::new();
        let mut i = 0;
        while i < self.toks.len() {
            // `new platformClient.UsersApi()` / `new UsersApi()`
            if self.ident(i) == Some("new") {
                let mut j = i + 1;
                while self.ident(j).is_some() && self.punct(j + 1, b'.') {
                    j += 2;
                }
                if let Some(class) = self.ident(j).filter(|c| c.ends_with("Api") && c.len() > 3) {
                    if self.punct(j + 1, b'(') {
                        // Assigned: `const usersApi = new ...` or `this.usersApi = new ...`
                        if i >= 2 && self.punct(i - 1, b'=') {
                            if let Some(var) = self.ident(i - 2) {
                                api_vars.insert(var.to_string(), class.to_string());
                            }
                        }
                        // Chained: `new platformClient.UsersApi().getUsersMe()`
                        if let Some(close) = self.matching(j + 1) {
                            if self.punct(close + 1, b'.') && self.punct(close + 3, b'(') {
                                if let Some(method) = self.ident(close + 2) {
                                    self.out.calls.push(FoundCall {
                                        range: self.range(close + 2, close + 2),
                                        kind: CallKind::Sdk {
                                            class: Some(class.to_string()),
                                            method: method.to_string(),
                                        },
                                        known_api_object: true,
                                    });
                                }
                            }
                        }
                    }
                }
            }
            // `usersApi.getUsersMe(` on a known API object
            if let (Some(var), true, Some(method), true) = (
                self.ident(i),
                self.punct(i + 1, b'.'),
                self.ident(i + 2),
                self.punct(i + 3, b'('),
            ) {
                let member_of_other = i > 0
                    && self.punct(i - 1, b'.')
                    && !(i >= 2 && self.ident(i - 2) == Some("this"));
                if let Some(class) = api_vars.get(var).filter(|_| !member_of_other) {
                    self.out.calls.push(FoundCall {
                        range: self.range(i + 2, i + 2),
                        kind: CallKind::Sdk {
                            class: Some(class.clone()),
                            method: method.to_string(),
                        },
                        known_api_object: true,
                    });
                }
            }
            // SDK logins
            if let Some(name) = self.ident(i) {
                let flow = match name {
                    "loginClientCredentialsGrant" => Some((GrantKind::ClientCredentials, false)),
                    "loginImplicitGrant" => Some((GrantKind::Token, false)),
                    "loginPKCEGrant" => Some((GrantKind::Code, true)),
                    "loginCodeAuthorizationGrant" => Some((GrantKind::Code, false)),
                    _ => None,
                };
                if let (Some((grant, pkce)), true) = (flow, self.punct(i + 1, b'(')) {
                    self.out.flows.push(FoundFlow {
                        range: self.range(i, i),
                        grant,
                        pkce,
                    });
                }
            }
            // Token requests: `grant_type: 'client_credentials'`, `grant_type=client_credentials`
            if let Some(s) = self.string(i) {
                let by_property = s == "client_credentials"
                    && i >= 2
                    && self.punct(i - 1, b':')
                    && self.ident(i - 2) == Some("grant_type");
                if by_property || s.contains("grant_type=client_credentials") {
                    self.out.flows.push(FoundFlow {
                        range: self.range(i, i),
                        grant: GrantKind::ClientCredentials,
                        pkce: false,
                    });
                }
            }
            // Raw paths
            if let Some((path, last)) = self.path_at(i) {
                let mut method = self.method_for(i, &HashMap::new());
                if method.is_none() && i >= 2 && self.punct(i - 1, b'=') {
                    if let Some(var) = self.ident(i - 2) {
                        method = self.method_via_variable(var, last + 1);
                    }
                }
                self.out.calls.push(FoundCall {
                    range: self.range(i, last),
                    kind: CallKind::Http { method, path },
                    known_api_object: false,
                });
                i = last + 1;
                continue;
            }
            i += 1;
        }
        self.out
    }
}

/// Scans JavaScript or TypeScript; `base` is added to every offset (for
/// script blocks inside HTML).
pub fn scan(text: &str, base: usize) -> FileScan {
    Extractor {
        text,
        toks: tokenize(text),
        base,
        out: FileScan::default(),
    }
    .run()
}

/// Byte ranges of the contents of `<script>` blocks in HTML or Vue files.
pub fn script_blocks(text: &str) -> Vec<Range<usize>> {
    let lower = text.to_ascii_lowercase();
    let mut blocks = Vec::new();
    let mut from = 0;
    while let Some(open) = lower[from..].find("<script").map(|i| i + from) {
        let Some(body_start) = lower[open..].find('>').map(|i| open + i + 1) else {
            break;
        };
        let Some(body_end) = lower[body_start..].find("</script").map(|i| body_start + i) else {
            break;
        };
        blocks.push(body_start..body_end);
        from = body_end;
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calls(src: &str) -> Vec<(String, CallKind)> {
        scan(src, 0)
            .calls
            .into_iter()
            .map(|c| (src[c.range].to_string(), c.kind))
            .collect()
    }

    fn http(method: Option<&str>, path: &str) -> CallKind {
        CallKind::Http {
            method: method.map(str::to_string),
            path: path.to_string(),
        }
    }

    #[test]
    fn axios_and_fetch_methods() {
        let src = r#"
            await axios.post(`https://api.mypurecloud.ie/api/v2/conversations/${id}/messages`, body);
            const r = await fetch('/api/v2/users/me?expand=presence');
            fetch("/api/v2/routing/queues", { method: "POST", body });
            axios({ method: 'delete', url: '/api/v2/users/' + user.id });
        "#;
        assert_eq!(
            calls(src),
            vec![
                (
                    "`https://api.mypurecloud.ie/api/v2/conversations/${id}/messages`".into(),
                    http(Some("POST"), "/api/v2/conversations/{}/messages")
                ),
                (
                    "'/api/v2/users/me?expand=presence'".into(),
                    http(Some("GET"), "/api/v2/users/me?expand=presence")
                ),
                (
                    "\"/api/v2/routing/queues\"".into(),
                    http(Some("POST"), "/api/v2/routing/queues")
                ),
                (
                    "'/api/v2/users/' + user.id".into(),
                    http(Some("DELETE"), "/api/v2/users/{}")
                ),
            ]
        );
    }

    #[test]
    fn other_services_api_v2_paths_are_not_calls() {
        let src = "axios.get(`https://${sub}.zendesk.com/api/v2/search.json`);\naxios.get(`https://api.${env}/api/v2/users/me`);\naxios.get('https://api.mypurecloud.ie/api/v2/users/me');";
        let found = calls(src);
        assert_eq!(found.len(), 2, "{found:?}");
    }

    #[test]
    fn comments_and_prose_are_not_calls() {
        let src = "// axios.get('/api/v2/users/me')\n/* fetch('/api/v2/x') */\nlog('calling /api/v2/users/me now');\nconst re = /\\/api\\/v2\\/x/;";
        assert!(calls(src).is_empty(), "{:?}", calls(src));
    }

    #[test]
    fn sdk_calls_on_api_objects() {
        let src = "const usersApi = new platformClient.UsersApi();\nusersApi.getUsersMe({ expand: ['presence'] });\nother.getUsersMe();\nnew platformClient.RoutingApi().getRoutingQueues();";
        let found = calls(src);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, "getUsersMe");
        assert_eq!(
            found[1].1,
            CallKind::Sdk {
                class: Some("RoutingApi".into()),
                method: "getRoutingQueues".into()
            }
        );
    }

    #[test]
    fn path_variable_gets_method_from_later_call() {
        let src = "const url = `/api/v2/analytics/conversations/details/query`;\nconst res = await http.post(url, query);";
        assert_eq!(
            calls(src)[0].1,
            http(
                Some("POST"),
                "/api/v2/analytics/conversations/details/query"
            )
        );
    }

    #[test]
    fn logins_are_flows() {
        let src = "client.loginClientCredentialsGrant(id, secret);\nconst body = { grant_type: 'client_credentials' };";
        let flows = scan(src, 0).flows;
        assert_eq!(flows.len(), 2);
        assert!(flows
            .iter()
            .all(|f| f.grant == GrantKind::ClientCredentials));
    }

    #[test]
    fn script_blocks_in_html() {
        let html =
            "<html><script src=x.js></script><script>\nfetch('/api/v2/users/me')\n</script></html>";
        let out = crate::scan::scan(crate::scan::Language::Html, html);
        assert_eq!(out.calls.len(), 1);
        assert_eq!(&html[out.calls[0].range.clone()], "'/api/v2/users/me'");
    }

    #[test]
    fn unterminated_input_does_not_panic() {
        for src in [
            "`abc ${ 'x",
            "'unterminated",
            "/* open",
            "a / b / c",
            "x = /[/",
            "é`${é",
        ] {
            let _ = scan(src, 0);
        }
    }
}
