//! `why`: every reason Genesys Cloud may refuse one request with a 401 or
//! a 403 (and the 400 it gives a client-credentials token where a user is
//! needed), most likely first, each with the facts it rests on, what the
//! inputs show, how to tell it from the others and what to change.
//!
//! The request is a route (`GET https://api.mypurecloud.ie/api/v2/users/me`,
//! ids and query string allowed), an operation id or an SDK method in any
//! SDK's spelling. Evidence comes from three optional inputs: the error
//! body Genesys answered with (its `code`, `message`, `messageWithParams`
//! and `messageParams`, as the swagger's `ErrorBody` defines them), the
//! org's region, and an app read through [`Options`] (a repository, or
//! OAuth client exports given with `--client-json`): its call sites of the
//! request, the clients they run under, their scopes, roles and divisions,
//! the hosts and `Authorization` schemes the code uses.
//!
//! Every statement about the API comes from the database (the swagger's
//! scopes, permissions, security schemes, deprecations; the SDK releases;
//! the region table; `rules/lifecycle.json`'s dated and sourced facts) or
//! from the error codes of the swagger's `x-inin-error-codes`
//! ([`ERROR_CODES`]); where the data does not know, the cause says so.
//! Serialised, a result is the body of the JSON report.

use super::calls::{self, Filter};
use super::{Error, Location, Options, Provenance};
use crate::check::{self, CheckOptions, Outcome};
use crate::db::permissions::Catalogue;
use crate::db::{
    Asked, AskedRequest, Database, OpId, Operation, PathLookup, PermissionMatch, Replacement,
    SecurityScheme,
};
use crate::diagnostic::{code_alternatives, code_list};
use crate::model::{App, GrantKind, HostKind, OAuthClient, Role};
use crate::rules::support::{client_roles, ResolvedRoles};
use crate::rules::ScopeNeed;
use crate::source::FileId;
use serde::Serialize;

/// What is asked.
#[derive(Debug, Clone, Default)]
pub struct Ask {
    /// `METHOD /api/v2/...`, a URL, an operation id or an SDK method.
    pub request: String,
    /// The body of Genesys's answer (JSON, or the text an SDK printed).
    pub error: Option<String>,
    /// The org's region: a key (`eu_west_1`) or a domain (`mypurecloud.ie`).
    pub region: Option<String>,
}

/// The error codes of the swagger's `x-inin-error-codes` (every operation's
/// 400, 401 and 403 answers) that say why a caller was refused: the code,
/// its status, Genesys's message and the causes it points at.
pub const ERROR_CODES: &[(&str, u16, &str, &[CauseId])] = &[
    (
        "authentication.required",
        401,
        "No authentication bearer token specified in authorization header.",
        &[CauseId::AuthScheme, CauseId::Token],
    ),
    (
        "bad.credentials",
        401,
        "Invalid login credentials.",
        &[CauseId::Token],
    ),
    (
        "credentials.expired",
        401,
        "The supplied credentials are expired and cannot be used.",
        &[CauseId::Token],
    ),
    (
        "ip.not.authorized",
        401,
        "Requests originating from this IP address are not authorized: [%s]",
        &[CauseId::IpAllowlist],
    ),
    (
        "not.a.user",
        400,
        "This request requires a user context. Client credentials cannot be used for requests to this resource.",
        &[CauseId::UserContext],
    ),
    (
        "app.not.authorized.for.scope",
        403,
        "App not authorized to use scope %s",
        &[CauseId::MissingScope],
    ),
    (
        "missing.permissions",
        403,
        "Unable to perform the requested action. You are missing the following permission(s): %s",
        &[CauseId::MissingPermission],
    ),
    (
        "missing.any.permissions",
        403,
        "Unable to perform the requested action. You must have at least one of the following permissions assigned: %s",
        &[CauseId::MissingPermission],
    ),
    (
        "not.authorized",
        403,
        "You are not authorized to perform the requested action.",
        &[CauseId::MissingPermission, CauseId::MissingScope],
    ),
    (
        "missing.division.permission",
        403,
        "Unable to perform the requested action. You are missing the following permission '%s' in the provided division(s).",
        &[CauseId::Division],
    ),
    (
        "missing.any.division.permissions",
        403,
        "Unable to perform the requested action. You must have at least one of the following permissions assigned: %s in at least one of the following division(s): %s",
        &[CauseId::Division],
    ),
    (
        "authz.policy.denied",
        403,
        "Unable to perform the requested action. Your organization's security policies have denied access. Policy ID(s): [%s]",
        &[CauseId::SecurityPolicy],
    ),
    (
        "feature.toggle.disabled",
        403,
        "Feature Toggle is not enabled for the organization.",
        &[CauseId::Product],
    ),
    (
        "integrations.forbidden",
        403,
        "This product is not enabled for your organization",
        &[CauseId::Product],
    ),
];

/// The rules whose findings at a call site of the request are evidence.
const EVIDENCE_RULES: [&str; 16] = [
    "parse-error",
    "missing-scope",
    "unknown-scope",
    "scopes-ignored",
    "missing-permission",
    "unresolved-role",
    "user-context-required",
    "guest-endpoint-auth",
    "invalid-auth-scheme",
    "home-division-only",
    "region-mismatch",
    "unknown-region",
    "wrong-auth-host",
    "implicit-grant-retired",
    "deprecated-endpoint",
    "sdk-method-too-new",
];

/// The answer.
#[derive(Debug, Clone, Serialize)]
pub struct Why {
    /// The request as asked.
    pub request: String,
    /// The operation it names, when it names one.
    pub operation: Option<calls::Operation>,
    /// The operation's summary (swagger).
    pub summary: Option<String>,
    /// The operations it may be: a path without a method, or a method the
    /// path does not have.
    pub candidates: Vec<calls::Operation>,
    /// The host of the request, when it names one.
    pub host: Option<Host>,
    /// The org's region, when known, and how it is known.
    pub org_environment: Option<Environment>,
    /// What the error body says.
    pub error: Option<ErrorRead>,
    /// What the app read shows (a repository or client exports).
    pub app: Option<AppEvidence>,
    /// Most likely first; ruled-out causes last.
    pub causes: Vec<Cause>,
    /// Where the facts come from.
    pub source: Provenance,
}

#[derive(Debug, Clone, Serialize)]
pub struct Host {
    pub host: String,
    /// Its environment's domain, when it is a Genesys Cloud environment.
    pub environment: Option<String>,
    pub region: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Environment {
    pub domain: String,
    pub region: String,
    /// `--region`, `manifest regions (path)`, `login host (file:line)`.
    pub from: String,
}

/// What an error body says.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ErrorRead {
    pub status: Option<u16>,
    pub code: Option<String>,
    /// `messageWithParams`, else `message` (else the text given).
    pub message: Option<String>,
    /// The `messageParams` values.
    pub params: Vec<String>,
    /// Permissions (`domain:entity:action`) it names.
    pub permissions: Vec<String>,
    /// The causes its code points at (empty: a code gclint does not map).
    pub points_to: Vec<CauseId>,
    /// The OAuth token endpoint's answer (`error`), not an API answer.
    pub token_endpoint: bool,
}

/// What the app shows about the request.
#[derive(Debug, Clone, Serialize)]
pub struct AppEvidence {
    /// The call sites that make the request.
    pub calls: Vec<calls::Call>,
    /// The clients the request runs under, as far as the app tells.
    pub clients: Vec<Client>,
    /// Findings of `gclint check` at those call sites and clients.
    pub findings: Vec<Finding>,
    /// Files that do not parse.
    #[serde(skip)]
    pub warnings: Vec<super::Warning>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Client {
    pub name: String,
    /// `false`: a login in the code that no definition declares.
    pub declared: bool,
    pub grant_type: Option<String>,
    /// Where it is defined, or where the code logs in.
    pub location: Location,
    /// Why it is considered: `runs the call at ...`, `--client-json`,
    /// `the app's only client`.
    pub considered: String,
    /// Declared scopes; `null`: none declared or not known.
    pub scopes: Option<Vec<String>>,
    /// Roles: the client's (client credentials) or its users' (`userRoles`).
    pub roles: Vec<RoleGrant>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleGrant {
    pub name: String,
    /// `null`: granted without a division (Home only), or a user's role.
    pub division: Option<String>,
    /// The role is defined in the files read.
    pub resolved: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    #[serde(flatten)]
    pub location: Location,
    pub message: String,
}

/// The kinds of cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CauseId {
    NotAnOperation,
    GuestToken,
    UserContext,
    MissingScope,
    MissingPermission,
    Division,
    AuthScheme,
    Environment,
    Token,
    ImplicitGrant,
    Deprecated,
    Product,
    SecurityPolicy,
    IpAllowlist,
}

impl CauseId {
    pub fn as_str(self) -> &'static str {
        match self {
            CauseId::NotAnOperation => "not-an-operation",
            CauseId::GuestToken => "guest-token",
            CauseId::UserContext => "user-context",
            CauseId::MissingScope => "missing-scope",
            CauseId::MissingPermission => "missing-permission",
            CauseId::Division => "division",
            CauseId::AuthScheme => "auth-scheme",
            CauseId::Environment => "environment",
            CauseId::Token => "token",
            CauseId::ImplicitGrant => "implicit-grant",
            CauseId::Deprecated => "deprecated",
            CauseId::Product => "product",
            CauseId::SecurityPolicy => "security-policy",
            CauseId::IpAllowlist => "ip-allowlist",
        }
    }
}

/// How likely a cause is, from the evidence: the order of the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The error body names it.
    ErrorSays,
    /// The inputs show it.
    Confirmed,
    /// It applies to this request and nothing rules it out.
    Likely,
    /// It can apply; the inputs cannot tell.
    Possible,
    /// The inputs show it is not the cause.
    RuledOut,
}

impl Verdict {
    /// A cause judged client by client: confirmed when one client shows
    /// it, ruled out when every client rules it out, likely with no client
    /// to judge, else possible.
    fn weighed(confirmed: bool, ruled_out: bool, no_clients: bool) -> Verdict {
        if confirmed {
            Verdict::Confirmed
        } else if ruled_out {
            Verdict::RuledOut
        } else if no_clients {
            Verdict::Likely
        } else {
            Verdict::Possible
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::ErrorSays => "the error says so",
            Verdict::Confirmed => "confirmed",
            Verdict::Likely => "likely",
            Verdict::Possible => "possible",
            Verdict::RuledOut => "ruled out",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Cause {
    pub id: CauseId,
    pub verdict: Verdict,
    /// One line.
    pub title: String,
    /// What Genesys answers for it: status and error codes (swagger).
    pub answers: Vec<Answer>,
    /// The facts it rests on, with their source.
    pub facts: Vec<String>,
    /// What the inputs show.
    pub evidence: Vec<String>,
    /// How to tell whether it is this one.
    pub check: Vec<String>,
    /// What to change.
    pub fix: Option<String>,
    /// The error body's words, when it names this cause.
    pub quote: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    pub status: u16,
    pub code: &'static str,
    pub message: &'static str,
}

impl Cause {
    fn new(id: CauseId, verdict: Verdict, title: String) -> Cause {
        Cause {
            id,
            verdict,
            title,
            answers: ERROR_CODES
                .iter()
                .filter(|(_, _, _, ids)| ids.contains(&id))
                .map(|&(code, status, message, _)| Answer {
                    status,
                    code,
                    message,
                })
                .collect(),
            facts: Vec::new(),
            evidence: Vec::new(),
            check: Vec::new(),
            fix: None,
            quote: None,
        }
    }
}

/// Answers `ask`; with `opts`, reads the app they name for evidence.
pub fn run(db: &Database, ask: &Ask, opts: Option<&Options>) -> Result<Why, Error> {
    let asked = AskedRequest::read(&ask.request);
    if matches!(&asked.target, Asked::Name(n) if n.is_empty()) {
        return Err(Error::Usage(
            "give a request: `METHOD /api/v2/...`, an operation id or an SDK method".into(),
        ));
    }
    let given_region = match &ask.region {
        Some(r) => match db.region_domain(r) {
            Some(domain) => Some(environment(db, domain, "--region".into())),
            None => {
                let keys: Vec<&str> = db.regions().map(|(k, _)| k).collect();
                return Err(Error::Usage(format!(
                    "`{r}` is not a Genesys Cloud region; regions: {}",
                    keys.join(", ")
                )));
            }
        },
        None => None,
    };
    let error = ask.error.as_deref().map(read_error);
    let host = asked.host.as_ref().map(|h| {
        let domain = crate::rules::hosts::known_domain(db, h);
        Host {
            host: h.clone(),
            environment: domain.map(str::to_string),
            region: domain.and_then(|d| region_key(db, d)),
        }
    });
    let resolved = resolve(db, &asked);
    let op_id = match resolved {
        Resolved::Op(id) => Some(id),
        _ => None,
    };
    let outcome = opts.map(|o| {
        check::run(
            db,
            &CheckOptions {
                load: o.check.load.clone(),
                select: EVIDENCE_RULES.iter().map(|s| s.to_string()).collect(),
                ..CheckOptions::default()
            },
        )
    });
    let app = match (&outcome, opts) {
        (Some(outcome), Some(o)) => Some(app_evidence(db, outcome, op_id, o)?),
        _ => None,
    };
    let org = given_region.or_else(|| {
        outcome
            .as_ref()
            .and_then(|o| app_environment(db, o, app.as_ref()))
    });
    let mut why = Why {
        request: ask.request.trim().to_string(),
        operation: op_id.map(|id| calls::operation(db, id)),
        summary: op_id.and_then(|id| db.details(id).summary.as_deref().map(str::to_string)),
        candidates: Vec::new(),
        host,
        org_environment: org,
        error,
        app,
        causes: Vec::new(),
        source: Provenance::of(db),
    };
    match resolved {
        Resolved::Op(id) => {
            let cx = Cx {
                db,
                id,
                op: db.op(id),
                why: &why,
                outcome: outcome.as_ref(),
            };
            why.causes = causes(&cx);
        }
        Resolved::Several(ids) | Resolved::MethodNotAllowed(ids) => {
            why.candidates = ids.iter().map(|&id| calls::operation(db, id)).collect();
            why.causes = vec![not_an_operation(db, &asked, &ids)];
        }
        Resolved::Nothing => why.causes = vec![not_an_operation(db, &asked, &[])],
    }
    Ok(why)
}

enum Resolved {
    Op(OpId),
    /// A path without a method that has several operations.
    Several(Vec<OpId>),
    MethodNotAllowed(Vec<OpId>),
    Nothing,
}

fn resolve(db: &Database, asked: &AskedRequest) -> Resolved {
    match &asked.target {
        Asked::Path(path) => match db.lookup_path(asked.method.as_deref(), path) {
            PathLookup::Found(id) => Resolved::Op(id),
            PathLookup::PathOnly(ids) if ids.len() == 1 => Resolved::Op(ids[0]),
            PathLookup::PathOnly(ids) => Resolved::Several(ids),
            PathLookup::MethodNotAllowed(ids) => Resolved::MethodNotAllowed(ids),
            _ => Resolved::Nothing,
        },
        Asked::Name(name) => match db.op_by_sdk_name(name) {
            Some(id) => Resolved::Op(id),
            None => Resolved::Nothing,
        },
    }
}

fn region_key(db: &Database, domain: &str) -> Option<String> {
    db.regions()
        .find(|(_, d)| *d == domain)
        .map(|(k, _)| k.to_string())
}

fn environment(db: &Database, domain: &str, from: String) -> Environment {
    Environment {
        domain: domain.to_string(),
        region: region_key(db, domain).unwrap_or_default(),
        from,
    }
}

/// `getTokensMe (GET /api/v2/tokens/me)`, when the database has it.
fn op_ref(db: &Database, method: &str, path: &str) -> Option<String> {
    match db.lookup_path(Some(method), path) {
        PathLookup::Found(id) => Some(format!("`{}`", db.op(id).label())),
        _ => None,
    }
}

fn not_an_operation(db: &Database, asked: &AskedRequest, ids: &[OpId]) -> Cause {
    let mut cause = match &asked.target {
        Asked::Path(_) if !ids.is_empty() && asked.method.is_some() => {
            let methods: Vec<&str> = ids.iter().map(|&id| db.op(id).method.as_ref()).collect();
            let mut c = Cause::new(
                CauseId::NotAnOperation,
                Verdict::Confirmed,
                format!(
                    "`{}` has no {} operation: no token or grant makes this request work",
                    db.op(ids[0]).path,
                    asked.method.as_deref().unwrap_or_default()
                ),
            );
            c.facts.push(format!(
                "the path has {} (swagger)",
                code_alternatives(&methods).replace(" or ", " and ")
            ));
            c.fix = Some(format!("send one of its methods: {}", labels(db, ids)));
            c
        }
        Asked::Path(_) if !ids.is_empty() => {
            let mut c = Cause::new(
                CauseId::NotAnOperation,
                Verdict::Confirmed,
                "the path has several operations: name the method to ask about one".into(),
            );
            c.fix = Some(format!("ask again with one of {}", labels(db, ids)));
            c
        }
        Asked::Path(path) => {
            let mut c = Cause::new(
                CauseId::NotAnOperation,
                Verdict::Confirmed,
                format!(
                    "`{path}` is not a Genesys Cloud Platform API path: no token or grant makes it work"
                ),
            );
            c.facts.push(format!(
                "none of the database's {} operations has this path",
                db.operations().len()
            ));
            let similar = db.similar_paths(path, 5);
            if !similar.is_empty() {
                c.fix = Some(format!("the closest real paths: {}", similar.join(", ")));
            }
            c
        }
        Asked::Name(name) => {
            let history = db.sdk_history();
            let mut c = Cause::new(
                CauseId::NotAnOperation,
                Verdict::Confirmed,
                format!("`{name}` is neither an operation id nor a method of the current SDKs"),
            );
            for (sdk, label) in [("js", "JavaScript"), ("py", "Python")] {
                for r in history.runs_of_spelling(sdk, name) {
                    c.facts
                        .push(format!("the {label} SDK had {}", r.describe()));
                }
            }
            let similar = db.similar_sdk_methods(name, 5);
            if !similar.is_empty() {
                c.fix = Some(format!("the closest real methods: {}", similar.join(", ")));
            }
            c
        }
    };
    cause.check.push(format!(
        "`gclint endpoint '{}'` says what the database knows of the route",
        match &asked.target {
            Asked::Path(p) => p.as_str(),
            Asked::Name(n) => n.as_str(),
        }
    ));
    cause
}

fn labels(db: &Database, ids: &[OpId]) -> String {
    let labels: Vec<String> = ids.iter().map(|&id| db.op(id).label()).collect();
    labels.join(", ")
}

/// Reads an error body: JSON as the swagger's `ErrorBody` (or the token
/// endpoint's `error`), else the text as an SDK printed it.
pub fn read_error(text: &str) -> ErrorRead {
    let mut out = ErrorRead::default();
    let json: Option<serde_json::Value> = serde_json::from_str(text.trim()).ok();
    let body = json.as_ref().and_then(|v| {
        // An SDK's exception object keeps the answer under `body`.
        let inner = v.get("body").map(|b| match b {
            serde_json::Value::String(s) => {
                serde_json::from_str(s).unwrap_or(serde_json::Value::Null)
            }
            other => other.clone(),
        });
        match inner {
            Some(b) if b.is_object() => Some(b),
            _ => v.is_object().then(|| v.clone()),
        }
    });
    let mut texts: Vec<String> = Vec::new();
    match &body {
        Some(b) => {
            let s = |k: &str| b.get(k).and_then(|v| v.as_str()).map(str::to_string);
            out.status = b
                .get("status")
                .and_then(|v| {
                    v.as_u64()
                        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
                })
                .and_then(|n| u16::try_from(n).ok());
            out.code = s("code");
            out.message = s("messageWithParams").or_else(|| s("message"));
            if let Some(params) = b.get("messageParams").and_then(|p| p.as_object()) {
                out.params = params
                    .values()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect();
            }
            if out.code.is_none() {
                if let Some(e) = s("error") {
                    out.token_endpoint = true;
                    out.code = Some(e);
                    out.message = s("error_description").or_else(|| s("description"));
                }
            }
            texts.extend(out.message.clone());
            texts.extend(s("message"));
            texts.extend(out.params.iter().cloned());
            for e in b
                .get("errors")
                .and_then(|e| e.as_array())
                .into_iter()
                .flatten()
            {
                for k in ["code", "message", "messageWithParams"] {
                    texts.extend(e.get(k).and_then(|v| v.as_str()).map(str::to_string));
                }
            }
        }
        None => {
            let t = text.trim();
            if !t.is_empty() {
                out.message = Some(t.chars().take(2000).collect());
            }
            texts.push(t.to_string());
        }
    }
    // A code named in the text (an SDK's message quotes it).
    let known = ERROR_CODES.iter().find(|(code, ..)| {
        out.code.as_deref() == Some(code)
            || (out.code.is_none() && texts.iter().any(|t| t.contains(code)))
    });
    if let Some(&(code, status, _, ids)) = known {
        out.code.get_or_insert_with(|| code.to_string());
        out.status.get_or_insert(status);
        out.points_to = ids.to_vec();
    }
    for t in &texts {
        for p in permission_names(t) {
            if !out.permissions.contains(&p) {
                out.permissions.push(p);
            }
        }
    }
    out
}

/// The `domain:entity:action` names in a text.
fn permission_names(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == ':' || c == '*' || c == '_'))
        .filter(|w| {
            let parts: Vec<&str> = w.split(':').collect();
            parts.len() == 3
                && parts.iter().all(|p| !p.is_empty())
                && parts[0].chars().all(|c| c.is_ascii_alphanumeric())
        })
        .map(str::to_string)
        .collect()
}

/// Reads the clients, call sites and findings of the app for the request.
fn app_evidence(
    db: &Database,
    outcome: &Outcome,
    op: Option<OpId>,
    opts: &Options,
) -> Result<AppEvidence, Error> {
    let app = &outcome.app;
    let sources = &outcome.sources;
    let calls = match op {
        Some(id) => {
            calls::list(
                db,
                outcome,
                &Filter {
                    operation: Some(id),
                    ..Filter::default()
                },
            )?
            .calls
        }
        None => Vec::new(),
    };
    let sites: Vec<&crate::model::CallSite> = match op {
        Some(id) => app
            .calls
            .iter()
            .filter(|c| c.operation() == Some(id))
            .collect(),
        None => Vec::new(),
    };
    let mut clients: Vec<Client> = Vec::new();
    let mut add = |client: Client| {
        if !clients.iter().any(|c| c.name == client.name) {
            clients.push(client);
        }
    };
    for site in &sites {
        let at = Location::of(sources, site.span);
        for &c in &site.clients {
            add(client(
                outcome,
                &app.clients[c],
                format!("runs the call at {at}"),
            ));
        }
        for &f in &site.flows {
            let flow = &app.flows[f];
            add(Client {
                name: flow.name(),
                declared: false,
                grant_type: Some(flow.grant_text()),
                location: Location::of(sources, flow.login),
                considered: format!("runs the call at {at}"),
                scopes: None,
                roles: Vec::new(),
            });
        }
    }
    if sites.is_empty() {
        // No call site: the exported clients, else the app's only client.
        let given: Vec<std::path::PathBuf> = opts
            .check
            .load
            .client_json
            .iter()
            .map(|p| crate::discover::normalize(&absolute(p)))
            .collect();
        for c in &app.clients {
            let path = crate::discover::normalize(&sources.get(c.decl.file).path);
            if given.contains(&path) {
                add(client(outcome, c, "given with --client-json".into()));
            }
        }
        if given.is_empty() && app.clients.len() == 1 {
            add(client(
                outcome,
                &app.clients[0],
                "the app's only client".into(),
            ));
        }
    }
    let spans: Vec<crate::source::Span> = sites.iter().map(|s| s.span).collect();
    let client_files: Vec<FileId> = sites
        .iter()
        .flat_map(|s| s.clients.iter().map(|&c| app.clients[c].decl.file))
        .collect();
    let findings = outcome
        .diagnostics
        .iter()
        .filter(|d| d.rule.id != "parse-error")
        .filter(|d| {
            spans.contains(&d.primary.span)
                || d.related.iter().any(|r| spans.contains(&r.span))
                || (client_files.contains(&d.primary.span.file)
                    && matches!(d.rule.id, "unknown-scope" | "implicit-grant-retired"))
        })
        .map(|d| Finding {
            rule: d.rule.id,
            location: Location::of(sources, d.primary.span),
            message: d.message.clone(),
        })
        .collect();
    Ok(AppEvidence {
        calls,
        clients,
        findings,
        warnings: super::Warning::all(outcome)
            .into_iter()
            .zip(&outcome.diagnostics)
            .filter(|(_, d)| d.rule.id == "parse-error")
            .map(|(w, _)| w)
            .collect(),
    })
}

fn absolute(path: &std::path::Path) -> std::path::PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    }
}

fn client(outcome: &Outcome, c: &OAuthClient, considered: String) -> Client {
    let roles: Vec<RoleGrant> = if c.is_client_credentials() {
        c.roles
            .iter()
            .flat_map(|l| l.iter())
            .map(|r| RoleGrant {
                name: outcome
                    .app
                    .role(&r.value.name.value)
                    .map_or_else(|| r.value.name.value.clone(), |x| x.name.value.clone()),
                division: r.value.division.as_ref().map(|d| d.value.clone()),
                resolved: outcome.app.role(&r.value.name.value).is_some(),
            })
            .collect()
    } else {
        c.user_roles
            .iter()
            .flat_map(|l| l.iter())
            .map(|r| RoleGrant {
                name: r.value.clone(),
                division: None,
                resolved: outcome.app.role(&r.value).is_some(),
            })
            .collect()
    };
    Client {
        name: c.name.value.clone(),
        declared: true,
        grant_type: c.grant.as_ref().map(|g| g.value.clone()),
        location: Location::of(&outcome.sources, c.name.span),
        considered,
        scopes: c
            .scopes
            .as_ref()
            .map(|l| l.iter().map(|s| s.value.clone()).collect()),
        roles,
    }
}

/// The org's environment as the app tells it: the regions of its
/// manifests, else the one environment its login hosts name.
fn app_environment(
    db: &Database,
    outcome: &Outcome,
    app: Option<&AppEvidence>,
) -> Option<Environment> {
    let sources = &outcome.sources;
    for m in &outcome.app.manifests {
        let domains: Vec<&str> = m
            .regions
            .iter()
            .filter_map(|r| db.region_domain(&r.value))
            .collect();
        if let [one] = domains.as_slice() {
            let at = m
                .regions
                .first()
                .map(|r| Location::of(sources, r.span).to_string())
                .unwrap_or_default();
            return Some(environment(
                db,
                one,
                format!("the manifest's regions ({at})"),
            ));
        }
    }
    // Login hosts in the files of the request's call sites, else anywhere.
    let files: Vec<&str> = app
        .map(|a| a.calls.iter().map(|c| c.location.file.as_str()).collect())
        .unwrap_or_default();
    let logins: Vec<(&crate::model::HostRef, &str)> = outcome
        .app
        .hosts
        .iter()
        .filter(|h| h.login && !h.alternative && h.kind == HostKind::Url)
        .filter_map(|h| crate::rules::hosts::known_domain(db, &h.host).map(|d| (h, d)))
        .collect();
    let near: Vec<&(&crate::model::HostRef, &str)> = logins
        .iter()
        .filter(|(h, _)| files.contains(&sources.get(h.span.file).rel.as_str()))
        .collect();
    let pick = if near.is_empty() {
        logins.iter().collect()
    } else {
        near
    };
    let mut domains: Vec<&str> = pick.iter().map(|(_, d)| *d).collect();
    domains.dedup();
    match (domains.as_slice(), pick.first()) {
        ([one], Some((h, _))) => Some(environment(
            db,
            one,
            format!(
                "the login host `{}` ({})",
                h.host,
                Location::of(sources, h.span)
            ),
        )),
        _ => None,
    }
}

/// What the cause builders read.
struct Cx<'a> {
    db: &'a Database,
    id: OpId,
    op: &'a Operation,
    why: &'a Why,
    outcome: Option<&'a Outcome>,
}

/// A client the request runs under, as the model has it.
enum Subject<'a> {
    Declared(&'a OAuthClient),
    Login(GrantKind, String),
}

impl Cx<'_> {
    fn label(&self) -> String {
        format!("`{}`", self.op.label())
    }

    fn subjects(&self) -> Vec<Subject<'_>> {
        let (Some(outcome), Some(app)) = (self.outcome, &self.why.app) else {
            return Vec::new();
        };
        app.clients
            .iter()
            .filter_map(|c| {
                if c.declared {
                    outcome
                        .app
                        .clients
                        .iter()
                        .find(|x| x.name.value == c.name)
                        .map(Subject::Declared)
                } else {
                    let flow = outcome.app.flows.iter().find(|f| f.name() == c.name)?;
                    Some(Subject::Login(flow.grant, c.name.clone()))
                }
            })
            .collect()
    }

    fn app(&self) -> Option<&App> {
        self.outcome.map(|o| &o.app)
    }

    fn roles<'b>(&'b self, client: &'b OAuthClient) -> Option<ResolvedRoles<'b>> {
        let outcome = self.outcome?;
        let cx = crate::rules::Context {
            app: &outcome.app,
            db: self.db,
            sources: &outcome.sources,
        };
        client_roles(&cx, client)
    }

    /// The files of the request's call sites.
    fn call_files(&self) -> Vec<FileId> {
        let Some(app) = self.app() else {
            return Vec::new();
        };
        app.calls
            .iter()
            .filter(|c| c.operation() == Some(self.id))
            .map(|c| c.span.file)
            .collect()
    }

    fn at(&self, span: crate::source::Span) -> String {
        self.outcome
            .map(|o| Location::of(&o.sources, span).to_string())
            .unwrap_or_default()
    }
}

fn grant_of(s: &Subject<'_>) -> Option<GrantKind> {
    match s {
        Subject::Declared(c) => c.grant_kind(),
        Subject::Login(g, _) => Some(*g),
    }
}

/// Whether any subject is client credentials, and whether any is a user grant.
fn grant_kinds(subjects: &[Subject<'_>]) -> (bool, bool) {
    let cc = subjects
        .iter()
        .any(|s| grant_of(s) == Some(GrantKind::ClientCredentials));
    let user = subjects
        .iter()
        .any(|s| grant_of(s).is_some_and(GrantKind::is_user_grant));
    (cc, user)
}

fn subject_text(s: &Subject<'_>) -> String {
    match s {
        Subject::Declared(c) => c.describe(),
        Subject::Login(_, name) => format!("the {name}"),
    }
}

fn causes(cx: &Cx<'_>) -> Vec<Cause> {
    let mut out: Vec<Cause> = [
        guest_token(cx),
        user_context(cx),
        missing_scope(cx),
        missing_permission(cx),
        division(cx),
        auth_scheme(cx),
        environment_cause(cx),
        token(cx),
        implicit_grant(cx),
        deprecated(cx),
        product(cx),
        security_policy(cx),
        ip_allowlist(cx),
    ]
    .into_iter()
    .flatten()
    .collect();
    if let Some(error) = &cx.why.error {
        let quote = error.message.clone().or_else(|| error.code.clone());
        for c in &mut out {
            if error.points_to.contains(&c.id) {
                c.verdict = Verdict::ErrorSays;
                c.quote = quote.clone();
            } else if !error.points_to.is_empty() && c.verdict == Verdict::Likely {
                // The error names another cause.
                c.verdict = Verdict::Possible;
            }
        }
        // Genesys answers a token it does not accept with 401: a 403 or a
        // 400 came after the token was accepted.
        if matches!(error.status, Some(400 | 403)) && !error.token_endpoint {
            for c in &mut out {
                if matches!(
                    c.id,
                    CauseId::Token | CauseId::Environment | CauseId::IpAllowlist
                ) && c.verdict != Verdict::ErrorSays
                {
                    c.verdict = Verdict::RuledOut;
                    c.evidence.push(format!(
                        "the answer is a {}: Genesys Cloud refuses a missing, expired or unaccepted token with 401 (`authentication.required`, `bad.credentials`, `credentials.expired`), so this token was accepted",
                        error.status.unwrap_or_default()
                    ));
                }
            }
        }
    }
    // Stable: within a verdict, the order above (most common first).
    out.sort_by_key(|c| c.verdict);
    out
}

fn guest_token(cx: &Cx<'_>) -> Option<Cause> {
    let scheme = match cx.op.security_scheme {
        SecurityScheme::GuestChat => "Guest Chat JWT",
        SecurityScheme::WebMessaging => "Webmessaging JWT",
        _ => return None,
    };
    let subjects = cx.subjects();
    let verdict = if subjects.is_empty() {
        Verdict::Likely
    } else {
        Verdict::Confirmed
    };
    let mut c = Cause::new(
        CauseId::GuestToken,
        verdict,
        format!(
            "{} takes the guest's own session token ({scheme}), not an OAuth token",
            cx.label()
        ),
    );
    c.facts.push(format!(
        "the swagger's security scheme of the operation is `{scheme}`, and it lists no OAuth scope: no scope, role or permission of an OAuth client can grant it"
    ));
    c.answers.clear();
    for s in &subjects {
        c.evidence.push(format!(
            "the call runs under {}: an OAuth token, not a guest session's",
            subject_text(s)
        ));
    }
    match cx.op.security_scheme {
        SecurityScheme::GuestChat => {
            if let Some(create) = op_ref(cx.db, "POST", "/api/v2/webchat/guest/conversations") {
                c.check.push(format!(
                    "the token must be the `jwt` that {create} returns for the guest's conversation (swagger: \"The JWT that you can use to identify subsequent calls on this conversation\")"
                ));
            }
        }
        _ => c.check.push(
            "the token must be the JWT of the guest's Web Messaging session, not one from `login.<environment>/oauth/token`".into(),
        ),
    }
    c.check.push(
        "the `Authorization` scheme stays `Bearer`: no Genesys Cloud endpoint takes a `Guest` scheme (gclint explain invalid-auth-scheme)".into(),
    );
    c.fix = Some(
        "send the guest session's JWT from the guest's side; from a back end, use the OAuth operations of the conversation instead".into(),
    );
    Some(c)
}

fn user_context(cx: &Cx<'_>) -> Option<Cause> {
    let points = cx
        .why
        .error
        .as_ref()
        .is_some_and(|e| e.points_to.contains(&CauseId::UserContext));
    if !cx.op.about_signed_in_user() && !points {
        return None;
    }
    let subjects = cx.subjects();
    let cc: Vec<String> = subjects
        .iter()
        .filter(|s| grant_of(s) == Some(GrantKind::ClientCredentials))
        .map(subject_text)
        .collect();
    let users: Vec<String> = subjects
        .iter()
        .filter(|s| grant_of(s).is_some_and(GrantKind::is_user_grant))
        .map(subject_text)
        .collect();
    let verdict = match (cc.is_empty(), users.is_empty()) {
        (false, _) => Verdict::Confirmed,
        (true, false) => Verdict::RuledOut,
        (true, true) => Verdict::Likely,
    };
    let mut c = Cause::new(
        CauseId::UserContext,
        verdict,
        format!(
            "{} answers about the signed-in user: a client-credentials token has no user",
            cx.label()
        ),
    );
    c.facts.push(
        "Genesys Cloud refuses it from a client-credentials token as requiring a user context: status 400, code `not.a.user` (swagger), not a 401 or 403; no scope or role changes that".into(),
    );
    for s in cc {
        c.evidence.push(format!("the call runs under {s}"));
    }
    for s in users {
        c.evidence.push(format!(
            "the call runs under {s}, a user grant: it has a user"
        ));
    }
    c.check.push(
        "the grant type of the client that issued the token: `CLIENT-CREDENTIALS` has no user"
            .into(),
    );
    let by_id = op_ref(cx.db, "GET", "/api/v2/users/{userId}");
    c.fix = Some(match by_id {
        Some(r) => format!("call it with a user grant (code, PKCE), or use an operation that takes the user's id, such as {r}"),
        None => "call it with a user grant (code, PKCE)".into(),
    });
    Some(c)
}

fn scope_text(scopes: &[crate::db::format::Str]) -> String {
    match scopes {
        [one] => format!("`{one}`"),
        _ => format!("any one of {}", code_alternatives(scopes)),
    }
}

fn missing_scope(cx: &Cx<'_>) -> Option<Cause> {
    let need = ScopeNeed::of(cx.op);
    let scopes = need.scopes();
    if scopes.is_empty() {
        return None;
    }
    let mut c = Cause::new(
        CauseId::MissingScope,
        Verdict::Likely,
        format!(
            "the token lacks the scope {} needs: {}",
            cx.label(),
            scope_text(scopes)
        ),
    );
    c.facts.push(match need {
        ScopeNeed::Inferred(_) => "the swagger lists no scope for this operation: these are gclint's rule-based guess, not a fact".into(),
        _ => format!("the swagger's `PureCloud OAuth` scopes of the operation: {}", scope_text(scopes)),
    });
    c.facts.push(
        "scopes limit user grants (code, PKCE, implicit, SAML2 bearer); a client-credentials client's scopes are ignored (swagger, OAuthClient.scope: \"Scopes only apply to clients not using the client_credential grant\")".into(),
    );
    let subjects = cx.subjects();
    let mut confirmed = false;
    let mut ruled_out = !subjects.is_empty();
    for s in &subjects {
        match s {
            Subject::Declared(client) if client.is_client_credentials() => {
                c.evidence.push(format!(
                    "{} is client credentials: its scopes do not apply, its roles decide",
                    client.describe()
                ));
                invented(cx, client, &mut c.evidence);
            }
            Subject::Declared(client) if client.is_user_grant() => match &client.scopes {
                Some(list) => {
                    let declared: Vec<&str> = list.iter().map(|s| s.value.as_str()).collect();
                    if let Some(s) = declared.iter().find(|s| need.accepts(s)) {
                        c.evidence
                            .push(format!("{} declares `{s}`", client.describe()));
                    } else {
                        confirmed = true;
                        ruled_out = false;
                        c.evidence.push(format!(
                            "{} declares {}: none of them is accepted",
                            client.describe(),
                            if declared.is_empty() {
                                "no scope".to_string()
                            } else {
                                code_list(&declared)
                            }
                        ));
                        invented(cx, client, &mut c.evidence);
                    }
                }
                None => {
                    ruled_out = false;
                    c.evidence
                        .push(format!("{} declares no scope list", client.describe()));
                }
            },
            Subject::Login(g, name) if g.is_user_grant() => {
                ruled_out = false;
                c.evidence.push(format!(
                    "the call runs under the {name}: its client is not in the files read"
                ));
            }
            Subject::Login(_, name) => c.evidence.push(format!(
                "the call runs under the {name}: scopes do not apply to it"
            )),
            Subject::Declared(client) => {
                ruled_out = false;
                c.evidence
                    .push(format!("{} has no valid grant type", client.describe()));
            }
        }
    }
    for t in requested_scopes(cx) {
        c.evidence.push(t);
    }
    c.verdict = Verdict::weighed(confirmed, ruled_out, subjects.is_empty());
    if let Some(r) = op_ref(cx.db, "GET", "/api/v2/tokens/me") {
        c.check.push(format!(
            "{r} answers with `authorizedScope`, the scopes authorized for the token's OAuth client"
        ));
    }
    c.fix = Some(format!(
        "add `{}` to the OAuth client's scopes and to the token request, then get a new token",
        crate::rules::support::least_scope(scopes)
    ));
    Some(c)
}

/// The declared scopes of a client that are no Genesys Cloud scope.
fn invented(cx: &Cx<'_>, client: &OAuthClient, out: &mut Vec<String>) {
    for s in client.scopes.iter().flat_map(|l| l.iter()) {
        if !cx.db.is_scope(&s.value) {
            out.push(invented_text(cx.db, &s.value, Some(cx.at(s.span))));
        }
    }
}

fn invented_text(db: &Database, name: &str, at: Option<String>) -> String {
    let similar = db.similar_scopes(name, 3);
    format!(
        "`{name}`{} is not a Genesys Cloud scope (none of the database's {} scopes){}",
        at.filter(|a| !a.is_empty())
            .map(|a| format!(" ({a})"))
            .unwrap_or_default(),
        db.scopes().count(),
        if similar.is_empty() {
            String::new()
        } else {
            format!("; the nearest real ones: {}", code_list(&similar))
        }
    )
}

/// The scopes the code requests in a token request, in the call sites'
/// files, that are not scopes.
fn requested_scopes(cx: &Cx<'_>) -> Vec<String> {
    let Some(app) = cx.app() else {
        return Vec::new();
    };
    let files = cx.call_files();
    let mut out = Vec::new();
    for r in app
        .requested_scopes
        .iter()
        .filter(|r| files.contains(&r.span.file))
    {
        for s in r.value.split([' ', ',', '+']).filter(|s| !s.is_empty()) {
            if !cx.db.is_scope(s) {
                out.push(format!(
                    "the token request asks for {}",
                    invented_text(cx.db, s, Some(cx.at(r.span)))
                ));
            }
        }
    }
    out
}

fn permission_text(op: &Operation) -> Option<String> {
    let p = op.permissions.as_ref()?;
    Some(match (p.kind, p.list.as_slice()) {
        (_, [one]) => format!("`{one}`"),
        (Some(PermissionMatch::Any), list) => format!("any one of {}", code_alternatives(list)),
        (_, list) => format!("all of {}", code_list(list)),
    })
}

/// A grant of `roles` that is no permission of gclint's catalogue but
/// spelled like one the request lacks (`routing:queue:read` for
/// `routing:queue:view`): what `unknown-permission` reports, said where it
/// explains the refusal.
fn invented_grants(db: &Database, roles: &[&Role], missing: &[String], out: &mut Vec<String>) {
    let catalogue = db.permissions();
    let missing: Vec<&str> = missing.iter().map(String::as_str).collect();
    for r in roles {
        for g in &r.grants {
            let [d, e, a] = g.value.parts.as_slice() else {
                continue;
            };
            if !catalogue.expand(d, e, a).is_empty() {
                continue;
            }
            let text = g.value.parts.join(":");
            if let Some(meant) = Catalogue::closest(&text, &missing, 1).first() {
                out.push(format!(
                    "role `{}` grants `{text}`, which is not in gclint's permission catalogue (`unknown-permission`): `{meant}` is the permission the request needs",
                    r.name.value
                ));
            }
        }
    }
}

fn missing_permission(cx: &Cx<'_>) -> Option<Cause> {
    let perms = cx.op.permissions.as_ref();
    let error_names: Vec<String> = cx
        .why
        .error
        .as_ref()
        .map(|e| e.permissions.clone())
        .unwrap_or_default();
    if perms.is_none_or(|p| p.list.is_empty()) && error_names.is_empty() {
        return None;
    }
    let needed =
        permission_text(cx.op).unwrap_or_else(|| "permissions the database does not know".into());
    let mut c = Cause::new(
        CauseId::MissingPermission,
        Verdict::Likely,
        format!(
            "the roles behind the token lack {needed}, which {} needs",
            cx.label()
        ),
    );
    match perms {
        Some(p) if !p.list.is_empty() => c.facts.push(format!(
            "the swagger's `x-inin-requires-permissions` of the operation: {needed}"
        )),
        Some(_) => c
            .facts
            .push("the swagger lists no permission for this operation".into()),
        None => c
            .facts
            .push("the database does not know this operation's permissions".into()),
    }
    c.facts.push(
        "whose roles count: a client-credentials client's own roles; for a user grant, the signed-in user's roles (the scopes apply as well)".into(),
    );
    if !error_names.is_empty() {
        let listed: Vec<&str> = perms
            .map(|p| p.list.iter().map(|x| x.as_ref()).collect())
            .unwrap_or_default();
        let (known, other): (Vec<&String>, Vec<&String>) = error_names
            .iter()
            .partition(|p| listed.contains(&p.as_str()));
        if !known.is_empty() {
            c.evidence.push(format!(
                "the error names {}: the swagger lists {} for the operation",
                code_list(&known),
                if known.len() == 1 { "it" } else { "them" }
            ));
        }
        if !other.is_empty() {
            c.evidence.push(format!(
                "the error names {}, which the swagger does not list for this operation",
                code_list(&other)
            ));
        }
    }
    let subjects = cx.subjects();
    let mut confirmed = false;
    let mut ruled_out = !subjects.is_empty();
    for s in &subjects {
        match s {
            Subject::Declared(client) => {
                let Some(roles) = cx.roles(client) else {
                    ruled_out = false;
                    continue;
                };
                let whose = if client.is_client_credentials() {
                    "its roles".to_string()
                } else {
                    "its users' roles (`userRoles`)".to_string()
                };
                if roles.admin {
                    c.evidence.push(format!(
                        "{} holds an administrator role: every permission",
                        client.describe()
                    ));
                    continue;
                }
                if client.is_user_grant() && client.user_roles.is_none() {
                    ruled_out = false;
                    c.evidence.push(format!(
                        "{} is a user grant: the signed-in user's roles decide, and the files read do not say them",
                        client.describe()
                    ));
                    continue;
                }
                if !roles.unresolved.is_empty() {
                    ruled_out = false;
                    c.evidence.push(format!(
                        "{}: {whose} {} are not defined in the files read",
                        client.describe(),
                        code_list(&roles.unresolved)
                    ));
                    continue;
                }
                let Some(p) = perms else { continue };
                let missing = roles.missing(p.kind, &p.list);
                let names: Vec<&str> = roles.roles.iter().map(|r| r.name.value.as_str()).collect();
                if missing.is_empty() {
                    let by = p
                        .list
                        .iter()
                        .find_map(|x| {
                            roles
                                .roles
                                .iter()
                                .find(|r| r.covers(x).is_some())
                                .map(|r| format!("role `{}` grants `{x}`", r.name.value))
                        })
                        .unwrap_or_default();
                    c.evidence.push(format!("{}: {by}", client.describe()));
                } else {
                    confirmed = true;
                    ruled_out = false;
                    c.evidence.push(if names.is_empty() {
                        format!("{} has no roles", client.describe())
                    } else {
                        format!(
                            "{}: {whose} {} do not grant {}",
                            client.describe(),
                            code_list(&names),
                            match p.kind {
                                Some(PermissionMatch::Any) if missing.len() > 1 =>
                                    format!("any of {}", code_list(&missing)),
                                _ => code_list(&missing),
                            }
                        )
                    });
                    invented_grants(cx.db, &roles.roles, &missing, &mut c.evidence);
                }
            }
            Subject::Login(_, name) => {
                ruled_out = false;
                c.evidence.push(format!(
                    "the call runs under the {name}: its client and roles are not in the files read"
                ));
            }
        }
    }
    c.verdict = Verdict::weighed(confirmed, ruled_out, subjects.is_empty());
    let (cc, user) = grant_kinds(&subjects);
    if cc || !user {
        if let (Some(client), Some(role)) = (
            op_ref(cx.db, "GET", "/api/v2/oauth/clients/{clientId}"),
            op_ref(cx.db, "GET", "/api/v2/authorization/roles/{roleId}"),
        ) {
            c.check.push(format!(
                "client credentials: {client} lists the client's `roleDivisions`; {role} lists each role's permissions"
            ));
        }
    }
    if user || !cc {
        if let Some(me) = op_ref(cx.db, "GET", "/api/v2/authorization/subjects/me") {
            c.check.push(format!(
                "a user grant: {me} lists the signed-in user's roles and permissions"
            ));
        }
    }
    if let Some(p) = perms.filter(|p| !p.list.is_empty()) {
        c.fix = Some(format!(
            "grant {} in a role of the client (client credentials) or of the user (user grants)",
            match p.kind {
                Some(PermissionMatch::Any) if p.list.len() > 1 =>
                    format!("one of {}", code_alternatives(&p.list)),
                _ => code_list(&p.list),
            }
        ));
    }
    Some(c)
}

fn division(cx: &Cx<'_>) -> Option<Cause> {
    let divisions = &cx.db.lifecycle().divisions;
    let points = cx
        .why
        .error
        .as_ref()
        .is_some_and(|e| e.points_to.contains(&CauseId::Division));
    let object = cx
        .op
        .permissions
        .iter()
        .flat_map(|p| p.list.iter())
        .find_map(|p| divisions.object_of(p));
    if object.is_none() && !points {
        return None;
    }
    let what = object.unwrap_or("the objects it acts on");
    let mut c = Cause::new(
        CauseId::Division,
        Verdict::Possible,
        format!(
            "the role is granted in divisions that do not hold the {what} {} acts on",
            cx.label()
        ),
    );
    if let Some(o) = object {
        c.facts.push(format!(
            "{o} are division-aware: a role granted in a division reaches only that division's {o} ({})",
            divisions.source
        ));
    }
    c.facts.push(
        "a client-credentials role granted without a division applies in the Home division only (gclint explain home-division-only)".into(),
    );
    let subjects = cx.subjects();
    for s in &subjects {
        let Subject::Declared(client) = s else {
            continue;
        };
        if !client.is_client_credentials() {
            continue;
        }
        for r in client.roles.iter().flat_map(|l| l.iter()) {
            match &r.value.division {
                None if r.value.unresolved.is_none() => {
                    c.verdict = Verdict::Likely;
                    c.evidence.push(format!(
                        "{}: role `{}` is granted without a division ({}): Home only",
                        client.describe(),
                        r.value.name.value,
                        cx.at(r.span)
                    ));
                }
                Some(d) => c.evidence.push(format!(
                    "{}: role `{}` is granted in division `{}`: the {what} must be in it",
                    client.describe(),
                    r.value.name.value,
                    d.value
                )),
                None => {}
            }
        }
    }
    let (cc, user) = grant_kinds(&subjects);
    if cc || !user {
        if let Some(r) = op_ref(cx.db, "GET", "/api/v2/oauth/clients/{clientId}") {
            c.check.push(format!(
                "client credentials: {r} gives each role's division in `roleDivisions`"
            ));
        }
    }
    if user || !cc {
        if let Some(r) = op_ref(
            cx.db,
            "GET",
            "/api/v2/authorization/divisionspermitted/paged/me",
        ) {
            c.check.push(format!(
                "a user grant: {r} with `permission=` the permission says the divisions where the user has it"
            ));
        }
    }
    c.fix = Some(format!(
        "grant the role in the divisions that hold the {what} (or in all divisions)"
    ));
    Some(c)
}

fn auth_scheme(cx: &Cx<'_>) -> Option<Cause> {
    if !cx.op.needs_oauth()
        && !matches!(
            cx.op.security_scheme,
            SecurityScheme::GuestChat | SecurityScheme::WebMessaging
        )
    {
        return None;
    }
    let mut c = Cause::new(
        CauseId::AuthScheme,
        Verdict::Possible,
        "the request carries no `Authorization: Bearer <token>` header".into(),
    );
    c.facts.push(
        "Genesys Cloud reads the token from `Authorization: Bearer <token>`: without it the answer is 401 `authentication.required`, \"No authentication bearer token specified in authorization header.\" (swagger)".into(),
    );
    if let (Some(app), Some(outcome)) = (cx.app(), cx.outcome) {
        let files = cx.call_files();
        let mut bearer = false;
        for h in app
            .auth_headers
            .iter()
            .filter(|h| files.contains(&h.span.file))
        {
            let at = Location::of(&outcome.sources, h.span);
            if h.scheme.eq_ignore_ascii_case("bearer") {
                bearer = true;
                c.evidence.push(format!(
                    "the code sends `Authorization: {}` ({at}): the right scheme",
                    h.scheme
                ));
            } else {
                c.verdict = Verdict::Confirmed;
                c.evidence.push(format!(
                    "the code sends `Authorization: {} ...` ({at}): no Genesys Cloud endpoint takes that scheme",
                    h.scheme
                ));
            }
        }
        if bearer && c.verdict != Verdict::Confirmed {
            c.verdict = Verdict::RuledOut;
        }
    }
    c.check.push(
        "look at the request as sent: `Authorization: Bearer ` and the token, nothing else".into(),
    );
    c.fix = Some("send `Authorization: Bearer <access token>`".into());
    Some(c)
}

fn environment_cause(cx: &Cx<'_>) -> Option<Cause> {
    let regions = cx.db.regions().count();
    let mut c = Cause::new(
        CauseId::Environment,
        Verdict::Possible,
        "the token comes from another Genesys Cloud environment than the host the request goes to"
            .into(),
    );
    c.facts.push(format!(
        "Genesys Cloud has {regions} environments (the region table of the JavaScript SDK); an org lives in one, its tokens come from `login.<environment>` and its API is `api.<environment>`"
    ));
    let org = cx.why.org_environment.as_ref();
    if let Some(host) = &cx.why.host {
        match (&host.environment, org) {
            (None, _) => {
                let claimed = crate::rules::hosts::claimed_domain(&host.host);
                let similar = crate::rules::hosts::similar_domains(cx.db, claimed);
                c.verdict = Verdict::Confirmed;
                c.title = format!("`{}` is not a Genesys Cloud host", host.host);
                c.evidence.push(format!(
                    "`{}` is in none of the {regions} environments{}",
                    host.host,
                    if similar.is_empty() {
                        String::new()
                    } else {
                        format!("; the nearest: {}", code_list(&similar))
                    }
                ));
            }
            (Some(env), Some(org)) if *env != org.domain => {
                c.verdict = Verdict::Confirmed;
                c.evidence.push(format!(
                    "the request goes to `{}` ({}, {}); the org is in {} ({}), from {}",
                    host.host,
                    env,
                    host.region.as_deref().unwrap_or("?"),
                    org.domain,
                    org.region,
                    org.from
                ));
                c.fix = Some(format!(
                    "send the request to `api.{}`, with a token from `login.{}`",
                    org.domain, org.domain
                ));
            }
            (Some(env), Some(org)) => {
                c.verdict = Verdict::RuledOut;
                c.evidence.push(format!(
                    "the request goes to `{}`, in the org's environment {env} (from {})",
                    host.host, org.from
                ));
            }
            (Some(env), None) => c.evidence.push(format!(
                "the request goes to `{}` ({env}); the org's environment is not known: give --region",
                host.host
            )),
        }
    } else if let Some(org) = org {
        c.evidence.push(format!(
            "the org is in {} ({}), from {}; the request names no host",
            org.domain, org.region, org.from
        ));
    }
    // Code that logs in at one environment and calls another.
    if let (Some(app), Some(outcome)) = (cx.app(), cx.outcome) {
        let files = cx.call_files();
        let mut seen: Vec<(bool, &str, String)> = Vec::new();
        for h in app
            .hosts
            .iter()
            .filter(|h| files.contains(&h.span.file) && !h.alternative && h.kind == HostKind::Url)
        {
            if let Some(d) = crate::rules::hosts::known_domain(cx.db, &h.host) {
                seen.push((
                    h.login,
                    d,
                    format!("`{}` ({})", h.host, Location::of(&outcome.sources, h.span)),
                ));
            }
        }
        let login = seen.iter().find(|(l, ..)| *l);
        let api = seen
            .iter()
            .find(|(l, d, _)| !*l && login.is_some_and(|(_, ld, _)| ld != d));
        if let (Some(login), Some(api)) = (login, api) {
            c.verdict = Verdict::Confirmed;
            c.evidence.push(format!(
                "the code gets its token from {} and calls {}: two environments",
                login.2, api.2
            ));
        }
    }
    if c.fix.is_none() {
        c.fix = Some("get the token and call the API in the org's environment: `login.<environment>` and `api.<environment>`".into());
    }
    c.check.push(
        "compare the host that issued the token (`login.<environment>`) with the request's host (`api.<environment>`), and both with the org's region".into(),
    );
    Some(c)
}

fn token(cx: &Cx<'_>) -> Option<Cause> {
    if !cx.op.needs_oauth() {
        return None;
    }
    let mut c = Cause::new(
        CauseId::Token,
        Verdict::Possible,
        "the token is missing, expired or not one Genesys Cloud accepts".into(),
    );
    c.facts.push(
        "token problems are answered with 401: `authentication.required`, `bad.credentials`, `credentials.expired` (swagger)".into(),
    );
    for s in cx.subjects() {
        if let Subject::Declared(client) = s {
            if let Some(v) = &client.token_validity {
                c.evidence.push(format!(
                    "{} issues tokens valid for {} seconds (`accessTokenValiditySeconds`)",
                    client.describe(),
                    v.value
                ));
            }
        }
    }
    if let Some(r) = op_ref(cx.db, "GET", "/api/v2/tokens/me") {
        c.check.push(format!(
            "{r} with the same token: it answers with the token's `dateTokenIdles` when Genesys accepts the token"
        ));
    }
    c.fix =
        Some("get a new token when it expires, from the environment the API is called in".into());
    Some(c)
}

fn implicit_grant(cx: &Cx<'_>) -> Option<Cause> {
    let retirement = cx.db.lifecycle().grant(GrantKind::Token.as_str())?;
    let subjects = cx.subjects();
    let implicit: Vec<String> = subjects
        .iter()
        .filter(|s| grant_of(s) == Some(GrantKind::Token))
        .map(subject_text)
        .collect();
    let verdict = match (implicit.is_empty(), subjects.is_empty()) {
        (false, _) => Verdict::Likely,
        (true, true) => Verdict::Possible,
        (true, false) => return None,
    };
    let mut c = Cause::new(
        CauseId::ImplicitGrant,
        verdict,
        format!(
            "the token comes from the {}, which Genesys Cloud is retiring",
            retirement.name
        ),
    );
    c.facts.push(format!(
        "new OAuth clients cannot have the {} (`{}`) from {}, and it stops working for every client by {}; move to {} ({})",
        retirement.name,
        retirement.grant,
        crate::db::format::month_text(&retirement.closed_to_new_clients),
        crate::db::format::month_text(&retirement.retired),
        retirement.replacement,
        retirement.source
    ));
    c.answers.clear();
    for s in implicit {
        c.evidence.push(format!("the call runs under {s}"));
    }
    c.fix = Some(format!("sign in with {}", retirement.replacement));
    Some(c)
}

fn deprecated(cx: &Cx<'_>) -> Option<Cause> {
    let op = cx.op;
    if !op.deprecated && !op.sdk_classes.is_empty() {
        return None;
    }
    let mut c = Cause::new(
        CauseId::Deprecated,
        Verdict::Possible,
        format!("{} is deprecated and may be withdrawn", cx.label()),
    );
    c.answers.clear();
    if op.deprecated {
        c.facts.push(match &op.deprecation_note {
            Some(n) => format!("the swagger marks it deprecated: \"{n}\""),
            None => "the swagger marks it deprecated".into(),
        });
    }
    if op.sdk_classes.is_empty() {
        c.facts
            .push("no API class of the current JavaScript SDK has it".into());
    }
    match cx.db.replacement(cx.id) {
        Some(Replacement::Op(r)) => c.fix = Some(format!("use `{}`", cx.db.op(r).label())),
        Some(Replacement::Path(p)) => c.fix = Some(format!("use `{p}`")),
        None => {}
    }
    Some(c)
}

fn product(cx: &Cx<'_>) -> Option<Cause> {
    if !cx.op.needs_oauth() {
        return None;
    }
    let mut c = Cause::new(
        CauseId::Product,
        Verdict::Possible,
        "the org lacks the product or feature the operation belongs to".into(),
    );
    c.facts.push(
        "gclint's database does not record which product or feature an operation needs; some operations answer 403 `feature.toggle.disabled` or `integrations.forbidden` (swagger)".into(),
    );
    if cx.op.preview {
        c.facts
            .push("the swagger marks the operation preview".into());
    }
    if let Some(r) = op_ref(cx.db, "GET", "/api/v2/authorization/products") {
        c.check
            .push(format!("{r} lists the products enabled for the org"));
    }
    Some(c)
}

fn security_policy(cx: &Cx<'_>) -> Option<Cause> {
    if !cx.op.needs_oauth() {
        return None;
    }
    let mut c = Cause::new(
        CauseId::SecurityPolicy,
        Verdict::Possible,
        "an authorization policy of the org denies the request".into(),
    );
    c.facts
        .push("every operation documents 403 `authz.policy.denied` (swagger)".into());
    c.check.push("the error body names the policy ids".into());
    Some(c)
}

fn ip_allowlist(cx: &Cx<'_>) -> Option<Cause> {
    if !cx.op.needs_oauth() {
        return None;
    }
    let mut c = Cause::new(
        CauseId::IpAllowlist,
        Verdict::Possible,
        "the org does not accept requests from the caller's IP address".into(),
    );
    c.facts
        .push("every operation documents 401 `ip.not.authorized` (swagger)".into());
    c.check.push("the error body names the address".into());
    Some(c)
}
