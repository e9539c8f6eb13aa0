//! `calls`: the inventory of Platform API call sites, each with the
//! operation it resolves to, how it was found, the clients it runs under
//! and how that link was made, and what the operation needs. Serialised,
//! a result is the body of the JSON report (docs/json-output.md).

use super::{Error, Location, Options};
use crate::check::{self, Outcome};
use crate::db::{Database, OpId, PermissionMatch};
use crate::model::{App, CallKind, CallSite, FlowLink, Link, Resolution};
use crate::rules::ScopeNeed;
use crate::source::SourceMap;
use serde::Serialize;

/// Which calls to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only those that run under this client (its name as defined, or an
    /// undeclared login's name).
    pub client: Option<String>,
    /// Only those gclint could not resolve to one operation.
    pub unresolved: bool,
    /// Only those that are, or may be, this operation.
    pub operation: Option<OpId>,
}

/// The call sites, by file and position.
#[derive(Debug, Clone, Serialize)]
pub struct Calls {
    pub calls: Vec<Call>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Call {
    #[serde(flatten)]
    pub location: Location,
    /// What the code names: `GET /api/v2/users/me`, `UsersApi.getUsersMe`.
    pub written: String,
    /// `sdk-method`, `raw-path` or `data-action`.
    pub found_by: &'static str,
    /// `operation`, `method-unknown`, `method-not-allowed`, `unknown-path`,
    /// `unknown-sdk-method`.
    pub resolution: &'static str,
    /// The operation, when the call resolves to one.
    pub operation: Option<Operation>,
    /// The operations the call may be, when its method is unknown or wrong.
    pub candidates: Vec<Operation>,
    /// The clients it runs under.
    pub clients: Vec<String>,
    /// How it was linked to them: `sources`, `login`, `only-client`,
    /// `guess`, `inactive`, `none`.
    pub link: &'static str,
    /// With no client: the logins in the code it runs under that no
    /// definition declares.
    pub undeclared: Vec<Undeclared>,
    /// In test code, with no client: counted for no login.
    pub test_code: bool,
    /// Whose roles the permissions are asked of: `users` (the signed-in
    /// users of user-grant clients and logins, whose token the scopes also
    /// limit), `client` (client credentials: the client's roles; scopes do
    /// not apply), `both`, or `null` when it runs under nothing.
    pub permissions_of: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Undeclared {
    /// As `gclint scopes` names it: `CLIENT-CREDENTIALS login in server/`.
    pub name: String,
    pub grant_type: &'static str,
    pub pkce: bool,
    /// How the call's file is tied to it: `login` (the file logs in),
    /// `import` (a file importing it logs in), `project` (its project's
    /// other files log in).
    pub via: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    pub method: String,
    pub path: String,
    pub operation_id: Option<String>,
    /// Any one suffices; `null`: unknown.
    pub scopes: Option<Vec<String>>,
    /// The scopes are gclint's rule-based guess (the swagger lists none).
    pub scopes_inferred: bool,
    /// `{ "match": "any" | "all", "list": [...] }`; `null`: unknown.
    pub permissions: Option<Permissions>,
    pub deprecated: bool,
    pub preview: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Permissions {
    /// `any` or `all`.
    #[serde(rename = "match")]
    pub kind: &'static str,
    pub list: Vec<String>,
}

/// Reads the app and lists its calls that pass `filter`. A client the app
/// does not have is an error that names those it has.
pub fn run(db: &Database, opts: &Options, filter: &Filter) -> Result<Calls, Error> {
    list(db, &check::run(db, &opts.model()), filter)
}

/// The calls of an app already read that pass `filter`.
pub(crate) fn list(db: &Database, outcome: &Outcome, filter: &Filter) -> Result<Calls, Error> {
    let app = &outcome.app;
    let flow_names: Vec<String> = app.flows.iter().map(|f| f.name()).collect();
    if let Some(name) = &filter.client {
        if !app.clients.iter().any(|c| &c.name.value == name) && !flow_names.contains(name) {
            let names: Vec<&str> = app
                .clients
                .iter()
                .map(|c| c.name.value.as_str())
                .chain(flow_names.iter().map(String::as_str))
                .collect();
            return Err(Error::Usage(format!(
                "no client `{name}` in the scanned files{}",
                if names.is_empty() {
                    String::new()
                } else {
                    format!("; clients: {}", crate::diagnostic::code_list(&names))
                }
            )));
        }
    }
    let mut calls: Vec<&CallSite> = app
        .calls
        .iter()
        .filter(|c| {
            filter.client.as_ref().is_none_or(|name| {
                c.clients
                    .iter()
                    .any(|&i| &app.clients[i].name.value == name)
                    || c.flows.iter().any(|&f| &flow_names[f] == name)
            })
        })
        .filter(|c| !filter.unresolved || c.operation().is_none())
        .filter(|c| filter.operation.is_none_or(|id| may_be(c, id)))
        .collect();
    calls.sort_by_key(|c| (&outcome.sources.get(c.span.file).rel, c.span.start));
    Ok(Calls {
        calls: calls
            .iter()
            .map(|c| describe(db, &outcome.sources, app, c))
            .collect(),
    })
}

/// Whether a call is `id`, or is one of the operations its path may be.
fn may_be(call: &CallSite, id: OpId) -> bool {
    match &call.resolution {
        Resolution::Operation(op) => *op == id,
        Resolution::PathOnly(ops) | Resolution::MethodNotAllowed(ops) => ops.contains(&id),
        _ => false,
    }
}

/// What an operation needs, as the JSON reports show it.
pub fn operation(db: &Database, id: OpId) -> Operation {
    let op = db.op(id);
    let need = ScopeNeed::of(op);
    let scopes = match need {
        ScopeNeed::NoScope => Some(Vec::new()),
        ScopeNeed::Known(s) | ScopeNeed::Inferred(s) => {
            Some(s.iter().map(|t| t.to_string()).collect())
        }
        ScopeNeed::Unknown => None,
    };
    Operation {
        method: op.method.to_string(),
        path: op.path.to_string(),
        operation_id: op.sdk_method.as_deref().map(str::to_string),
        scopes,
        scopes_inferred: matches!(need, ScopeNeed::Inferred(_)),
        permissions: op.permissions.as_ref().map(|p| Permissions {
            kind: match p.kind {
                Some(PermissionMatch::All) => "all",
                _ => "any",
            },
            list: p.list.iter().map(|t| t.to_string()).collect(),
        }),
        deprecated: op.deprecated,
        preview: op.preview,
    }
}

fn link_name(link: Link) -> &'static str {
    match link {
        Link::Sources => "sources",
        Link::AuthFlow => "login",
        Link::OnlyClient => "only-client",
        Link::Guess => "guess",
        Link::Inactive => "inactive",
        Link::Unlinked => "none",
    }
}

fn describe(db: &Database, sources: &SourceMap, app: &App, call: &CallSite) -> Call {
    let written = call.kind.written();
    let (resolution, operation_id, candidates): (_, _, &[OpId]) = match &call.resolution {
        Resolution::Operation(id) => ("operation", Some(*id), &[]),
        Resolution::PathOnly(ops) => ("method-unknown", None, ops),
        Resolution::MethodNotAllowed(ops) => ("method-not-allowed", None, ops),
        Resolution::UnknownSdkMethod | Resolution::NotGenesys => ("unknown-sdk-method", None, &[]),
        Resolution::UnknownPath | Resolution::BasePath => ("unknown-path", None, &[]),
    };
    Call {
        location: Location::of(sources, call.span),
        written,
        found_by: match (&call.kind, call.data_action) {
            (_, true) => "data-action",
            (CallKind::Sdk { .. }, _) => "sdk-method",
            (CallKind::Http { .. }, _) => "raw-path",
        },
        resolution,
        operation: operation_id.map(|id| operation(db, id)),
        candidates: candidates.iter().map(|&id| operation(db, id)).collect(),
        clients: call
            .clients
            .iter()
            .map(|&c| app.clients[c].name.value.clone())
            .collect(),
        link: link_name(call.link),
        undeclared: call
            .flows
            .iter()
            .map(|&f| {
                let flow = &app.flows[f];
                Undeclared {
                    name: flow.name(),
                    grant_type: flow.grant.as_str(),
                    pkce: flow.pkce,
                    via: call.flow_link.as_str(),
                }
            })
            .collect(),
        test_code: call.flow_link == FlowLink::Test,
        permissions_of: permissions_of(app, call),
    }
}

/// Whose roles a call's permissions are asked of (see [`Call::permissions_of`]).
fn permissions_of(app: &App, call: &CallSite) -> Option<&'static str> {
    let kinds = call
        .clients
        .iter()
        .filter_map(|&c| app.clients[c].grant_kind())
        .chain(call.flows.iter().map(|&f| app.flows[f].grant));
    let (mut users, mut client) = (false, false);
    for kind in kinds {
        match kind.is_user_grant() {
            true => users = true,
            false => client = true,
        }
    }
    match (users, client) {
        (true, true) => Some("both"),
        (true, false) => Some("users"),
        (false, true) => Some("client"),
        (false, false) => None,
    }
}
