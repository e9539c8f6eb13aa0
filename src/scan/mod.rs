//! Source scanning: Platform API calls, token requests, hosts, login flows,
//! `Authorization` headers and secrets, in JavaScript/TypeScript, Python,
//! Java, Kotlin, C#, Go, PHP and PowerShell (and `<script>` blocks of HTML
//! and Vue files). One tokenizer per language family tells code from
//! strings and comments; nothing is ever read from a comment.
//!
//! Imports only layers below it (docs/architecture.md): `model`, `source`.

pub mod code;
pub mod dead;
pub mod extract;
pub mod functions;
pub mod lexer;
pub mod requests;
pub mod secrets;
pub mod sinks;
pub mod values;

use crate::model::{CallKind, GrantKind, SecretValue};
use lexer::Syntax;
use std::ops::Range;

/// Where `needle` first occurs in `hay`, for the short literals looked for
/// in every string of a file (`/api/v2`, `://`): `str::find` prepares a
/// Two-Way searcher on each call, some hundreds of instructions before the
/// first byte is compared, where memchr's one-off search of a short text
/// only hashes the needle. A match of a non-empty needle starts on a
/// character boundary (a UTF-8 text's first byte never continues another).
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    memchr::memmem::find(hay.as_bytes(), needle.as_bytes())
}

/// Whether `needle` occurs in `hay` (see [`find`]).
pub fn holds(hay: &str, needle: &str) -> bool {
    find(hay, needle).is_some()
}

/// What one source file says about the API.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FileScan {
    pub calls: Vec<FoundCall>,
    /// Where SDK API objects are built (`new platformClient.UsersApi()`).
    pub api_objects: Vec<FoundApiObject>,
    /// String constants that may be paths (`const USERS = 'users'`).
    pub constants: Vec<FoundConstant>,
    /// Requests made with a constant (`get(Endpoints::USERS)`): what they
    /// call is known once every file's constants are.
    pub constant_requests: Vec<FoundConstantRequest>,
    pub flows: Vec<FoundFlow>,
    pub hosts: Vec<FoundHost>,
    pub token_endpoints: Vec<FoundTokenEndpoint>,
    pub requested_scopes: Vec<FoundScopes>,
    pub auth_headers: Vec<FoundAuthHeader>,
    pub secrets: Vec<FoundSecret>,
    /// Byte ranges of comments (for suppressions).
    pub comments: Vec<Range<usize>>,
    /// The file runs in a browser (HTML/Vue, or uses `window`/`document`).
    pub browser: bool,
    /// The file writes a Platform API base URL (`https://api.<env>/api/v2`):
    /// its project builds requests from relative paths.
    pub api_base: bool,
    /// Modules of the project the file imports, as written (`./api`,
    /// `.client`, `gc.users`).
    pub imports: Vec<String>,
    /// The file is a premium-app wizard module: the `provisioningInfoKey`
    /// it declares (it runs only when the wizard's config provisions it).
    pub wizard_module: Option<String>,
    /// What other files may use: the file's request wrappers, its
    /// file-level string values and the string-returning functions.
    pub wrappers: Vec<FoundWrapper>,
    pub exports: Vec<(String, crate::scan::values::Portable)>,
    pub returns: Vec<FoundReturn>,
    /// Requests whose URL holds names other files define, and calls of
    /// functions the file does not define with a path among their
    /// arguments: decided once every file is read.
    pub pending: Vec<requests::Pending>,
    pub outgoing: Vec<FoundOutgoing>,
    /// The names of the functions and methods the file defines (an app's
    /// own `loginImplicitGrant` is not the SDK's).
    pub defines: Vec<String>,
    /// The file uses a test framework (pytest, unittest, Jest, Mocha,
    /// Vitest, Go's `testing`, JUnit, xUnit, NUnit, MSTest, Pester): it is
    /// test code wherever it sits.
    pub test_framework: bool,
    /// The JavaScript SDK releases a page loads from Genesys's CDN
    /// (`<script src="https://sdk-cdn.mypurecloud.com/javascript/62.0.0/purecloud-platform-client-v2.min.js">`):
    /// each release and the range of its number in the file.
    pub sdk_cdn: Vec<(String, Range<usize>)>,
    /// The file loads or imports the guest-chat SDK
    /// (`purecloud-guest-chat-client`), whose classes the platform SDK
    /// no longer has.
    pub guest_chat_sdk: bool,
    /// The file uses the retired first-generation .NET SDK (its namespace
    /// [`RETIRED_DOTNET_SDK`]), whose methods were named otherwise and
    /// which the data does not describe: its SDK calls are not judged.
    pub retired_sdk: bool,
}

/// The guest-chat SDK's package (npm, and the CDN script's file name).
pub const GUEST_CHAT_SDK: &str = "purecloud-guest-chat-client";

/// The namespace of the first-generation .NET SDK (NuGet `PureCloudApiSdk`),
/// retired before the current `PureCloudPlatform.Client.V2`.
pub const RETIRED_DOTNET_SDK: &str = "ININ.PureCloudApi";

impl FileScan {
    pub fn is_empty(&self) -> bool {
        !self.shares_requests()
            && !self.has_own_facts()
            && self.sdk_cdn.is_empty()
            && !self.guest_chat_sdk
    }

    /// Whether the file itself says something of the API: a call, a login,
    /// a host, a token endpoint, requested scopes, an `Authorization`
    /// header, a secret (what it shares for other files aside).
    pub fn has_own_facts(&self) -> bool {
        !(self.calls.is_empty()
            && self.flows.is_empty()
            && self.hosts.is_empty()
            && self.token_endpoints.is_empty()
            && self.requested_scopes.is_empty()
            && self.auth_headers.is_empty()
            && self.secrets.is_empty())
    }

    /// Whether the file holds something of a request another file decides:
    /// a wrapper, a URL builder, a path or base in a file-level value, a
    /// request or call waiting for another file's names.
    pub fn shares_requests(&self) -> bool {
        !self.wrappers.is_empty()
            || !self.returns.is_empty()
            || !self.pending.is_empty()
            || !self.outgoing.is_empty()
            || self.exports.iter().any(|(_, v)| {
                let t = v.text();
                t.contains("/api/v2") || t.contains("://") || (t.contains('/') && !t.contains(' '))
            })
    }

    /// Whether the file leaves the Platform path to other files: a wrapper
    /// that sends a Genesys base (a Genesys host or `/api/v2`) with the
    /// endpoint from a parameter, or a file-level value that is such a base
    /// and no more. Its project's files that write a Platform path
    /// ([`names_path_head`]) are read too.
    pub fn leaves_path_to_others(&self) -> bool {
        self.wrappers
            .iter()
            .any(|w| genesys_url(&w.url.text()) && requests::portable_endpoint(&w.url).is_some())
            || self
                .exports
                .iter()
                .any(|(_, v)| genesys_url(&v.text()) && !names_endpoint(&v.text()))
    }

    /// The file-level values that are whole Platform URLs
    /// (`USERS = "https://api.mypurecloud.com/api/v2/users"`): a file of the
    /// project that names one may request it.
    pub fn platform_urls(&self) -> impl Iterator<Item = &str> {
        self.exports
            .iter()
            .filter(|(_, v)| {
                let t = v.text();
                genesys_url(&t) && names_endpoint(&t)
            })
            .map(|(name, _)| name.as_str())
    }

    fn extend(&mut self, other: FileScan) {
        self.calls.extend(other.calls);
        self.api_objects.extend(other.api_objects);
        self.constants.extend(other.constants);
        self.constant_requests.extend(other.constant_requests);
        self.flows.extend(other.flows);
        self.hosts.extend(other.hosts);
        self.token_endpoints.extend(other.token_endpoints);
        self.requested_scopes.extend(other.requested_scopes);
        self.auth_headers.extend(other.auth_headers);
        self.secrets.extend(other.secrets);
        self.comments.extend(other.comments);
        self.api_base |= other.api_base;
        self.imports.extend(other.imports);
        if self.wizard_module.is_none() {
            self.wizard_module = other.wizard_module;
        }
        self.test_framework |= other.test_framework;
        self.guest_chat_sdk |= other.guest_chat_sdk;
        self.retired_sdk |= other.retired_sdk;
        self.wrappers.extend(other.wrappers);
        self.exports.extend(other.exports);
        self.returns.extend(other.returns);
        self.pending.extend(other.pending);
        self.outgoing.extend(other.outgoing);
        self.defines.extend(other.defines);
    }
}

/// A function whose parameter names the endpoint of a request it sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundWrapper {
    pub name: String,
    /// Its parameters' names (for keyword and PowerShell named arguments).
    pub params: Vec<String>,
    /// The URL it sends, its parameters symbolic.
    pub url: values::Portable,
    pub method: requests::WrapperMethod,
}

/// Whether a URL's text is under `/api/v2` or a Genesys host.
fn genesys_url(t: &str) -> bool {
    t.contains("/api/v2")
        || extract::url_host(t).is_some_and(|(_, h)| {
            extract::is_genesys_domain(&h.replace("{}", "x")) || h.starts_with("api.{}")
        })
}

/// Whether a URL's text goes on past `/api/v2/` (an endpoint, not a base).
fn names_endpoint(t: &str) -> bool {
    t.split_once("/api/v2/")
        .is_some_and(|(_, rest)| !rest.trim_end_matches('/').is_empty())
}

/// A function that returns a string built from its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundReturn {
    pub name: String,
    pub params: Vec<String>,
    pub value: values::Portable,
}

/// A call of a function this file does not define, with its arguments:
/// a wrapper of another file, perhaps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundOutgoing {
    pub callee: String,
    /// The call (its callee to its closing bracket).
    pub range: Range<usize>,
    pub args: Vec<FoundArg>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundArg {
    /// `name=value` (Python), `-Name value` (PowerShell).
    pub keyword: Option<String>,
    pub range: Range<usize>,
    pub values: Vec<values::Portable>,
    /// The verb the argument names (`'POST'`, `HttpMethod.Post`), or the
    /// verb of its options object's `method` key.
    pub verb: Option<String>,
    pub options_verb: Option<String>,
    /// The argument is an options object.
    pub options: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundCall {
    pub range: Range<usize>,
    pub kind: CallKind,
    /// What says it is a Platform API call.
    pub evidence: Evidence,
}

/// What says a found call is a Platform API call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Evidence {
    /// The code writes it: a `/api/v2` path, an SDK API object's method.
    #[default]
    Written,
    /// A path written without `/api/v2` under a base the code does not
    /// show: a Platform call only if the catalogue knows the path and the
    /// project otherwise uses Genesys Cloud.
    Relative,
    /// An SDK method called inside the app's own function of the same name
    /// (the app wraps the SDK: `getRoutingQueues() { return
    /// routingApi.getRoutingQueues() }`): the SDK's, though the project
    /// defines the name.
    Delegated,
    /// A `/api/v2` path under a base the code does not show (a field, a
    /// parameter, a setting): a Platform call when the catalogue knows the
    /// path or the API area it names (Zendesk's `/api/v2/help_center/...`
    /// names none).
    UnknownBase,
    /// A method named as only an SDK names its operations
    /// (`getRoutingQueueMembers`), on an object the code does not show: a
    /// call when the catalogue has the name, the project uses Genesys
    /// Cloud and defines no function of that name itself.
    NameOnly,
}

/// A string constant whose value may be a path: its container (the class
/// or enum it is declared in, if any), name and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundConstant {
    pub container: Option<String>,
    pub name: String,
    pub value: String,
}

/// A request made with a constant: `get($url)` after `$url =
/// Endpoints::LIST`, `client.post(USERS_PATH + '/' + id)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundConstantRequest {
    /// The request (the use of the constant or of the variable holding it).
    pub range: Range<usize>,
    pub container: Option<String>,
    pub name: String,
    pub method: String,
    /// What is concatenated after it (`/{}` for `+ '/' + id`).
    pub suffix: String,
}

/// An SDK API object built in code: the class name's range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundApiObject {
    pub range: Range<usize>,
    pub class: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundFlow {
    pub range: Range<usize>,
    pub grant: GrantKind,
    pub pkce: bool,
    /// An SDK login method called with this many arguments (`range` is the
    /// method's name); `None` for token and authorize requests.
    pub sdk_args: Option<usize>,
    /// The login is called on the JavaScript SDK's `ApiClient`: the
    /// expression `….ApiClient.instance`, or a variable or property
    /// assigned from it in the file (`const client =
    /// platformClient.ApiClient.instance`). Only then is the method the
    /// SDK's for certain (an app may name its own method the same).
    pub sdk_client: bool,
}

pub use crate::model::HostKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundHost {
    pub range: Range<usize>,
    pub host: String,
    pub kind: HostKind,
    /// One entry of a region table (compared, a ternary branch, or beside
    /// hosts of other environments in the same map, list, assigned name or
    /// `return`s): chosen at run time, not combined with the others.
    pub alternative: bool,
    /// The host issues tokens: `login.<env>`, or the host of an OAuth
    /// endpoint URL (`https://api.mypurecloud.com/oauth/token` is a login,
    /// at the wrong host).
    pub login: bool,
}

/// A literal naming the OAuth token or authorize endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundTokenEndpoint {
    pub range: Range<usize>,
    /// The literal host, when the URL has one.
    pub host: Option<String>,
    pub path: String,
}

/// The value of a `scope` parameter of a token request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundScopes {
    /// The string literal holding the value.
    pub range: Range<usize>,
    pub value: String,
    /// Bytes between the literal's start and the value (the opening quote).
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundAuthHeader {
    pub range: Range<usize>,
    pub scheme: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundSecret {
    /// The literal, quotes included (what diagnostics point at).
    pub range: Range<usize>,
    /// The bytes to mask before any output.
    pub redact: Range<usize>,
    /// What holds it (`clientSecret`), never the value.
    pub what: String,
    /// The bytes of `redact`, to mask wherever else they appear.
    pub value: SecretValue,
    /// A finding; `false` for a secret in a comment, only masked.
    pub reported: bool,
}

impl FoundSecret {
    /// The secret as the model holds it, in `file`.
    pub fn at(&self, file: crate::source::FileId) -> crate::model::Secret {
        crate::model::Secret {
            span: crate::source::Span::new(file, self.range.clone()),
            what: self.what.clone(),
            value: self.value.clone(),
            reported: self.reported,
        }
    }
}

/// Source languages the scanner reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    JavaScript,
    Python,
    Java,
    Kotlin,
    CSharp,
    Go,
    Php,
    PowerShell,
    /// HTML or Vue single-file components: their `<script>` blocks.
    Html,
}

impl Language {
    /// Every language, in declaration order (the fuzz target picks one by
    /// index, and `fuzz/seed.sh` relies on this order).
    pub const ALL: [Language; 9] = [
        Language::JavaScript,
        Language::Python,
        Language::Java,
        Language::Kotlin,
        Language::CSharp,
        Language::Go,
        Language::Php,
        Language::PowerShell,
        Language::Html,
    ];

    pub fn from_path(path: &std::path::Path) -> Option<Language> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "js" | "mjs" | "cjs" | "jsx" | "ts" | "mts" | "cts" | "tsx" => Language::JavaScript,
            "py" => Language::Python,
            "java" => Language::Java,
            "kt" | "kts" => Language::Kotlin,
            "cs" => Language::CSharp,
            "go" => Language::Go,
            "php" => Language::Php,
            "ps1" | "psm1" => Language::PowerShell,
            "html" | "htm" | "vue" | "ejs" | "hbs" | "handlebars" => Language::Html,
            _ => return None,
        })
    }

    pub(crate) fn syntax(self) -> Syntax {
        match self {
            Language::JavaScript | Language::Html => Syntax::JS,
            Language::Python => Syntax::PYTHON,
            Language::Java => Syntax::JAVA,
            Language::Kotlin => Syntax::KOTLIN,
            Language::CSharp => Syntax::CSHARP,
            Language::Go => Syntax::GO,
            Language::Php => Syntax::PHP,
            Language::PowerShell => Syntax::POWERSHELL,
        }
    }
}

/// What a file must contain to be worth tokenizing: an API path, an SDK
/// API class, a login, OAuth, a Genesys host, a secret, a grant type, an
/// `Authorization` header, or a suppression comment. Case-sensitive, with
/// the spellings code uses (`login`, `Login`, `LOGIN`), so that the search
/// stays one literal SIMD pass (Teddy) over the bytes;
/// `tests/prefilter.rs` proves on every fixture, example and generated
/// tree that no file with a fact is skipped.
pub const PREFILTER_NEEDLES: &[&str] = &[
    "api/v2",
    "API/V2",
    "Api(",
    "Api ",
    "Api<",
    // An SDK API class named in a string, for a call that dispatches on it
    // (`client.get("RoutingApi", "get_routing_queues")`).
    "Api\"",
    "Api'",
    "API(",
    "login",
    "Login",
    "LOGIN",
    "oauth",
    "OAuth",
    "Oauth",
    "OAUTH",
    "purecloud",
    "PureCloud",
    "Purecloud",
    "pureCloud",
    "PURECLOUD",
    "pure.cloud",
    "secret",
    "Secret",
    "SECRET",
    "grant_type",
    "GRANT_TYPE",
    "authorization",
    "Authorization",
    "AUTHORIZATION",
    // A premium-app wizard's config or module, whatever its file is named.
    "provisioningInfo",
    // A suppression comment (`gclint: ignore[...]`): kept so that an unused
    // one is reported.
    "gclint:",
];

/// Cheap test before tokenizing (and before UTF-8 validation): a file that
/// has none of [`PREFILTER_NEEDLES`] cannot hold a fact.
pub fn worth_scanning_bytes(bytes: &[u8]) -> bool {
    /// The packed (Teddy) searcher where the CPU has the SIMD it needs, else
    /// an automaton.
    enum Needles {
        Packed(aho_corasick::packed::Searcher),
        Automaton(aho_corasick::AhoCorasick),
    }
    static NEEDLES: std::sync::OnceLock<Needles> = std::sync::OnceLock::new();
    let needles = NEEDLES.get_or_init(|| {
        match aho_corasick::packed::Config::new()
            .builder()
            .extend(PREFILTER_NEEDLES)
            .build()
        {
            Some(packed) => Needles::Packed(packed),
            None => Needles::Automaton(
                aho_corasick::AhoCorasick::new(PREFILTER_NEEDLES).expect("static patterns build"),
            ),
        }
    });
    match needles {
        Needles::Packed(p) => p.find(bytes).is_some(),
        Needles::Automaton(a) => a.is_match(bytes),
    }
}

/// The first segment of every Platform path the compiled-in database knows
/// (`routing`, `users`, …), current or removed, one per line.
const PATH_HEADS: &str = include_str!(concat!(env!("OUT_DIR"), "/path-heads.txt"));

/// Those of a database given with `--db`, added before any file is read.
static MORE_PATH_HEADS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();

/// Adds the first segments of a database's paths to those
/// [`names_path_head`] looks for (a newer database may know more). Only
/// the first call counts, and only before the first search.
pub fn add_path_heads(heads: Vec<&str>) {
    let more = heads
        .into_iter()
        .filter(|h| !PATH_HEADS.lines().any(|k| k == *h))
        .map(str::to_string)
        .collect();
    let _ = MORE_PATH_HEADS.set(more);
}

/// Whether the bytes write the first segment of a Platform path after a
/// `/` or an opening quote (`"/routing/queues"`, `f"{base}/users/{id}"`,
/// `'conversations/{conversationId}'`): what a file must hold to add a call
/// to a project that sends paths to a Genesys base. One pass over the
/// slashes and quotes of the bytes the prefilter ruled out.
pub fn names_path_head(bytes: &[u8]) -> bool {
    static HEADS: std::sync::OnceLock<rustc_hash::FxHashSet<&'static [u8]>> =
        std::sync::OnceLock::new();
    let heads = HEADS.get_or_init(|| {
        let more = MORE_PATH_HEADS.get().map(Vec::as_slice).unwrap_or_default();
        PATH_HEADS
            .lines()
            .chain(more.iter().map(String::as_str))
            .map(str::as_bytes)
            .collect()
    });
    // The longest head is shorter than this.
    const LONGEST: usize = 40;
    let head_at = |i: usize| {
        let rest = &bytes[i + 1..bytes.len().min(i + 1 + LONGEST)];
        let word = rest
            .iter()
            .position(|c| !c.is_ascii_lowercase())
            .map_or(rest, |end| &rest[..end]);
        word.len() >= 3 && heads.contains(word)
    };
    memchr::memchr3_iter(b'/', b'"', b'\'', bytes).any(head_at)
        || memchr::memchr_iter(b'`', bytes).any(head_at)
}

/// [`worth_scanning_bytes`] of a text.
pub fn worth_scanning(text: &str) -> bool {
    worth_scanning_bytes(text.as_bytes())
}

fn scan_code(language: Language, text: &str, base: usize, browser: bool) -> FileScan {
    let mut lexed = lexer::lex(text, language.syntax());
    let comments = std::mem::take(&mut lexed.comments);
    let flavor = extract::Flavor {
        php_dots: language == Language::Php,
        powershell: language == Language::PowerShell,
        python: language == Language::Python,
        browser,
        dotnet: language == Language::CSharp,
    };
    let mut out = extract::Extractor::new(text, lexed, base, flavor).run();
    out.comments = comments
        .into_iter()
        .map(|r| r.start + base..r.end + base)
        .collect();
    out
}

pub fn scan(language: Language, text: &str) -> FileScan {
    if !worth_scanning(text) {
        return FileScan::default();
    }
    scan_all(language, text)
}

/// Scans a file whatever the prefilter would say of it.
pub fn scan_all(language: Language, text: &str) -> FileScan {
    // Code that runs in a page: a path with no base goes to its own server.
    let page = language == Language::JavaScript && {
        let bytes = text.as_bytes();
        ["window.", "document.", "localStorage", "sessionStorage"]
            .iter()
            .any(|n| memchr::memmem::find(bytes, n.as_bytes()).is_some())
    };
    let mut out = match language {
        Language::Html => {
            let mut out = FileScan::default();
            for block in script_blocks(text) {
                out.extend(scan_code(
                    Language::JavaScript,
                    &text[block.clone()],
                    block.start,
                    true,
                ));
            }
            out.browser = true;
            out.sdk_cdn = sdk_script_releases(text);
            out.test_framework |= loads_test_runner(text);
            out
        }
        _ => scan_code(language, text, 0, page),
    };
    if matches!(language, Language::Html | Language::JavaScript) {
        out.guest_chat_sdk =
            memchr::memmem::find(text.as_bytes(), GUEST_CHAT_SDK.as_bytes()).is_some();
    }
    if language == Language::CSharp {
        out.retired_sdk =
            memchr::memmem::find(text.as_bytes(), RETIRED_DOTNET_SDK.as_bytes()).is_some();
    }
    // `client_secret=…` in a form body, `"secret": "…"` in embedded JSON:
    // secrets the code's own reading does not see as assignments. Those
    // in comments are masked, not reported.
    for mut found in secrets::config_secrets(text) {
        if out
            .secrets
            .iter()
            .any(|s| s.redact.start < found.redact.end && found.redact.start < s.redact.end)
        {
            continue;
        }
        found.reported = !out
            .comments
            .iter()
            .any(|c| c.start <= found.range.start && found.range.end <= c.end);
        out.secrets.push(found);
    }
    out.secrets.sort_by_key(|s| s.range.start);
    if language == Language::JavaScript {
        let bytes = text.as_bytes();
        out.browser |= ["window.", "document.", "localStorage", "sessionStorage"]
            .iter()
            .any(|n| memchr::memmem::find(bytes, n.as_bytes()).is_some());
    }
    out
}

/// Byte ranges of the contents of `<script>` blocks in HTML or Vue files;
/// a block inside an HTML comment (`<!-- <script>...</script> -->`) never
/// runs, and a `src=` script's body is not its code.
pub fn script_blocks(text: &str) -> Vec<Range<usize>> {
    let lower = text.to_ascii_lowercase();
    let mut blocks = Vec::new();
    let mut from = 0;
    loop {
        let open = lower[from..].find("<script").map(|i| i + from);
        let comment = lower[from..].find("<!--").map(|i| i + from);
        match (open, comment) {
            (Some(o), Some(c)) if c < o => {
                // Skip the comment: what it holds does not run.
                match lower[c + 4..].find("-->") {
                    Some(end) => {
                        from = c + 4 + end + 3;
                        continue;
                    }
                    None => break,
                }
            }
            (None, _) => break,
            (Some(open), _) => {
                let Some(body_start) = lower[open..].find('>').map(|i| open + i + 1) else {
                    break;
                };
                let Some(body_end) = lower[body_start..].find("</script").map(|i| body_start + i)
                else {
                    break;
                };
                blocks.push(body_start..body_end);
                from = body_end;
            }
        }
    }
    blocks
}

/// The JavaScript SDK releases the `<script src>` tags of a page load
/// from Genesys's CDN: `https://sdk-cdn.<domain>/javascript/<release>/purecloud-platform-client-v2[.min].js`
/// (`//sdk-cdn…` too), with the range of the release's number. Tags in an
/// HTML comment do not load; `latest` names no release.
pub fn sdk_script_releases(text: &str) -> Vec<(String, Range<usize>)> {
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
    let mut from = 0;
    loop {
        let open = lower[from..].find("<script").map(|i| i + from);
        let comment = lower[from..].find("<!--").map(|i| i + from);
        let open = match (open, comment) {
            (None, _) => break,
            // What a comment holds does not load.
            (Some(o), Some(c)) if c < o => match lower[c + 4..].find("-->") {
                Some(end) => {
                    from = c + 4 + end + 3;
                    continue;
                }
                None => break,
            },
            (Some(o), _) => o,
        };
        let Some(close) = lower[open..].find('>').map(|i| open + i) else {
            break;
        };
        if let Some(release) = cdn_release(&lower[open..close]) {
            let range = open + release.start..open + release.end;
            found.push((text[range.clone()].to_string(), range));
        }
        // Past the script's body: what it holds is code, not tags.
        from = lower[close..]
            .find("</script")
            .map_or(close + 1, |i| close + i + 1);
    }
    found
}

/// Whether a page loads a browser test runner (`<script src=".../mocha.js">`,
/// Jasmine, QUnit): a test runner's page, not one the site serves.
fn loads_test_runner(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.match_indices("<script").any(|(at, _)| {
        let tag = &lower[at..];
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        tag.contains("src=")
            && ["mocha", "jasmine", "qunit"]
                .iter()
                .any(|r| tag.contains(r))
    })
}

/// In the text of one `<script …>` tag (lower case), the range of the
/// release number of a CDN `src`.
fn cdn_release(tag: &str) -> Option<Range<usize>> {
    let at = tag.find("sdk-cdn.")?;
    let path = at + tag[at..].find("/javascript/")? + "/javascript/".len();
    let end = path + tag[path..].find('/')?;
    let release = &tag[path..end];
    let rest = &tag[end + 1..];
    // `latest`: the newest release, whichever it is when the page loads.
    let is_release = release == "latest"
        || !release.is_empty()
            && release
                .split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    (is_release && rest.starts_with("purecloud-platform-client-v2")).then_some(path..end)
}

#[cfg(test)]
mod tests;
