//! `gclint calls`: the inventory of Platform API call sites gclint finds,
//! each with the operation it resolves to, how it was found, the clients it
//! runs under and how that link was made, and what the operation needs.
//! Formats: a human table, JSON (docs/json-output.md), CSV and a Markdown
//! table for pull requests.

use super::{fail, print};
use crate::check;
use crate::db::{Database, OpId, PermissionMatch};
use crate::model::{CallKind, CallSite, FlowLink, Link, Resolution};
use crate::report::json::{location, DatabaseInfo, Location, Tool};
use crate::rules::ScopeNeed;
use crate::source::SourceMap;
use clap::ValueEnum;
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

pub const VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CallsFormat {
    Human,
    Json,
    Csv,
    Markdown,
}

#[derive(clap::Args, Debug)]
pub struct CallsArgs {
    /// Files or folders to read (as for `check`).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = CallsFormat::Human)]
    pub format: CallsFormat,
    /// Only the calls that run under this client (its name as defined).
    #[arg(long, value_name = "NAME")]
    pub client: Option<String>,
    /// Only the calls gclint could not resolve to one operation.
    #[arg(long)]
    pub unresolved: bool,
    /// An OAuth client made outside the repository (`GET
    /// /api/v2/oauth/clients/{id}` as saved), or role exports; repeatable.
    #[arg(long, value_name = "FILE")]
    pub client_json: Vec<PathBuf>,
    /// The app manifest, when it is not under the paths.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// Worker threads (default: one per CPU).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    tool: Tool,
    database: DatabaseInfo<'a>,
    calls: Vec<Call<'a>>,
}

#[derive(Serialize)]
struct Call<'a> {
    #[serde(flatten)]
    location: Location<'a>,
    /// What the code names: `GET /api/v2/users/me`, `UsersApi.getUsersMe`.
    written: String,
    /// `sdk-method`, `raw-path` or `data-action`.
    found_by: &'static str,
    /// `operation`, `method-unknown`, `method-not-allowed`, `unknown-path`,
    /// `unknown-sdk-method`.
    resolution: &'static str,
    /// The operation, when the call resolves to one.
    operation: Option<Operation<'a>>,
    /// The operations the call may be, when its method is unknown or wrong.
    candidates: Vec<Operation<'a>>,
    /// The clients it runs under.
    clients: Vec<&'a str>,
    /// How it was linked to them: `sources`, `login`, `only-client`,
    /// `guess`, `inactive`, `none`.
    link: &'static str,
    /// With no client: the logins in the code it runs under that no
    /// definition declares.
    undeclared: Vec<FlowOut>,
    /// In test code, with no client: counted for no login.
    test_code: bool,
}

#[derive(Serialize)]
struct FlowOut {
    /// As `gclint scopes` names it: `CLIENT-CREDENTIALS login in server/`.
    name: String,
    grant_type: &'static str,
    pkce: bool,
    /// How the call's file is tied to it: `login` (the file logs in),
    /// `import` (a file importing it logs in), `project` (its project's
    /// other files log in).
    via: &'static str,
}

#[derive(Serialize)]
struct Operation<'a> {
    method: &'a str,
    path: &'a str,
    operation_id: Option<&'a str>,
    /// Any one suffices; `null`: unknown.
    scopes: Option<Vec<&'a str>>,
    /// The scopes are gclint's rule-based guess (the swagger lists none).
    scopes_inferred: bool,
    /// `{ "match": "any" | "all", "list": [...] }`; `null`: unknown.
    permissions: Option<Permissions<'a>>,
    deprecated: bool,
    preview: bool,
}

#[derive(Serialize)]
struct Permissions<'a> {
    #[serde(rename = "match")]
    kind: &'static str,
    list: Vec<&'a str>,
}

fn operation(db: &Database, id: OpId) -> Operation<'_> {
    let op = db.op(id);
    let need = ScopeNeed::of(op);
    let scopes = match need {
        ScopeNeed::NoScope => Some(Vec::new()),
        ScopeNeed::Known(s) | ScopeNeed::Inferred(s) => {
            Some(s.iter().map(|t| t.as_ref()).collect())
        }
        ScopeNeed::Unknown => None,
    };
    Operation {
        method: &op.method,
        path: &op.path,
        operation_id: op.sdk_method.as_deref(),
        scopes,
        scopes_inferred: matches!(need, ScopeNeed::Inferred(_)),
        permissions: op.permissions.as_ref().map(|p| Permissions {
            kind: match p.kind {
                Some(PermissionMatch::All) => "all",
                _ => "any",
            },
            list: p.list.iter().map(|t| t.as_ref()).collect(),
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

fn describe<'a>(
    db: &'a Database,
    sources: &'a SourceMap,
    app: &'a crate::model::App,
    call: &'a CallSite,
) -> Call<'a> {
    let written = call.kind.written();
    let (resolution, operation_id, candidates): (_, _, &[OpId]) = match &call.resolution {
        Resolution::Operation(id) => ("operation", Some(*id), &[]),
        Resolution::PathOnly(ops) => ("method-unknown", None, ops),
        Resolution::MethodNotAllowed(ops) => ("method-not-allowed", None, ops),
        Resolution::UnknownSdkMethod | Resolution::NotGenesys => ("unknown-sdk-method", None, &[]),
        Resolution::UnknownPath | Resolution::BasePath => ("unknown-path", None, &[]),
    };
    Call {
        location: location(sources, call.span),
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
            .map(|&c| app.clients[c].name.value.as_str())
            .collect(),
        link: link_name(call.link),
        undeclared: call
            .flows
            .iter()
            .map(|&f| {
                let flow = &app.flows[f];
                FlowOut {
                    name: flow.name(),
                    grant_type: flow.grant.as_str(),
                    pkce: flow.pkce,
                    via: call.flow_link.as_str(),
                }
            })
            .collect(),
        test_code: call.flow_link == FlowLink::Test,
    }
}

pub fn run(db: &Database, args: CallsArgs) -> ExitCode {
    let opts =
        match super::model_options(db, args.paths, args.manifest, args.client_json, args.jobs) {
            Ok(opts) => opts,
            Err(code) => return code,
        };
    let outcome = check::run(db, &opts);
    let app = &outcome.app;
    let flow_names: Vec<String> = app.flows.iter().map(|f| f.name()).collect();
    if let Some(name) = &args.client {
        if !app.clients.iter().any(|c| &c.name.value == name) && !flow_names.contains(name) {
            let names: Vec<&str> = app
                .clients
                .iter()
                .map(|c| c.name.value.as_str())
                .chain(flow_names.iter().map(String::as_str))
                .collect();
            return fail(&format!(
                "no client `{name}` in the scanned files{}",
                if names.is_empty() {
                    String::new()
                } else {
                    format!("; clients: {}", crate::diagnostic::code_list(&names))
                }
            ));
        }
    }
    let mut calls: Vec<&CallSite> = app
        .calls
        .iter()
        .filter(|c| {
            args.client.as_ref().is_none_or(|name| {
                c.clients
                    .iter()
                    .any(|&i| &app.clients[i].name.value == name)
                    || c.flows.iter().any(|&f| &flow_names[f] == name)
            })
        })
        .filter(|c| !args.unresolved || c.operation().is_none())
        .collect();
    calls.sort_by_key(|c| (&outcome.sources.get(c.span.file).rel, c.span.start));
    let rows: Vec<Call> = calls
        .iter()
        .map(|c| describe(db, &outcome.sources, app, c))
        .collect();
    let text = match args.format {
        CallsFormat::Json => {
            let report = Report {
                version: VERSION,
                tool: Tool::gclint(),
                database: DatabaseInfo::of(db),
                calls: rows,
            };
            let mut s = serde_json::to_string_pretty(&report).unwrap_or_default();
            s.push('\n');
            s
        }
        CallsFormat::Human => human(&rows),
        CallsFormat::Csv => csv(&rows),
        CallsFormat::Markdown => markdown(&rows),
    };
    print(&text);
    ExitCode::SUCCESS
}

/// One row's columns, shared by the table formats.
fn columns(c: &Call) -> [String; 6] {
    let operation = match (&c.operation, c.candidates.as_slice()) {
        (Some(op), _) => format!("{} {}", op.method, op.path),
        (None, []) => format!("? {}", c.written),
        (None, ops) => format!(
            "{} {} ({})",
            ops.iter().map(|o| o.method).collect::<Vec<_>>().join("|"),
            ops[0].path,
            c.resolution
        ),
    };
    let name = c
        .operation
        .as_ref()
        .and_then(|o| o.operation_id)
        .unwrap_or("")
        .to_string();
    let needs = match &c.operation {
        Some(op) => {
            let scopes = match &op.scopes {
                Some(s) if s.is_empty() => "no scope".to_string(),
                Some(s) if op.scopes_inferred => format!("{} (inferred)", s.join(" or ")),
                Some(s) => s.join(" or "),
                None => "scopes unknown".to_string(),
            };
            let perms = match &op.permissions {
                Some(p) if p.list.is_empty() => "no permission".to_string(),
                Some(p) => p.list.join(if p.kind == "all" { " and " } else { " or " }),
                None => "permissions unknown".to_string(),
            };
            let mut status = String::new();
            if op.deprecated {
                status.push_str("; deprecated");
            }
            if op.preview {
                status.push_str("; preview");
            }
            format!("{scopes}; {perms}{status}")
        }
        None => String::new(),
    };
    let clients = match (c.clients.as_slice(), c.undeclared.as_slice()) {
        ([], []) if c.test_code => "(test code)".to_string(),
        ([], []) => format!("({})", c.link),
        ([], flows) => {
            let names: Vec<&str> = flows.iter().map(|f| f.name.as_str()).collect();
            format!("{} [undeclared] ({})", names.join(", "), flows[0].via)
        }
        (clients, _) => format!("{} ({})", clients.join(", "), c.link),
    };
    [
        format!(
            "{}:{}:{}",
            c.location.file(),
            c.location.line(),
            c.location.column()
        ),
        operation,
        name,
        c.found_by.to_string(),
        clients,
        needs,
    ]
}

const HEADERS: [&str; 6] = [
    "call site",
    "operation",
    "name",
    "found by",
    "runs under",
    "needs",
];

fn human(rows: &[Call]) -> String {
    if rows.is_empty() {
        return "no Platform API calls found\n".into();
    }
    let table: Vec<[String; 6]> = rows.iter().map(columns).collect();
    let widths: Vec<usize> = (0..5)
        .map(|i| {
            table
                .iter()
                .map(|r| r[i].chars().count())
                .chain([HEADERS[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    let line = |cells: [&str; 6], out: &mut String| {
        for (i, cell) in cells.iter().enumerate() {
            if i < 5 {
                out.push_str(&format!("{cell:<w$}  ", w = widths[i]));
            } else {
                out.push_str(cell);
            }
        }
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
        out.push('\n');
    };
    line(HEADERS, &mut out);
    for r in &table {
        line(
            [&r[0], &r[1], &r[2], &r[3], &r[4], &r[5]].map(String::as_str),
            &mut out,
        );
    }
    let resolved = rows.iter().filter(|r| r.operation.is_some()).count();
    out.push_str(&format!(
        "{} call site(s), {resolved} resolved to one operation\n",
        rows.len()
    ));
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv(rows: &[Call]) -> String {
    let mut out = String::from("file,line,column,method,path,operation_id,found_by,resolution,clients,link,undeclared,undeclared_via,scopes,permissions_match,permissions,deprecated,preview\n");
    for c in rows {
        let op = c.operation.as_ref();
        let fields = [
            c.location.file().to_string(),
            c.location.line().to_string(),
            c.location.column().to_string(),
            op.map_or(String::new(), |o| o.method.to_string()),
            op.map_or(c.written.clone(), |o| o.path.to_string()),
            op.and_then(|o| o.operation_id).unwrap_or("").to_string(),
            c.found_by.to_string(),
            c.resolution.to_string(),
            c.clients.join(" "),
            c.link.to_string(),
            c.undeclared
                .iter()
                .map(|f| f.name.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            c.undeclared.first().map_or("", |f| f.via).to_string(),
            op.and_then(|o| o.scopes.as_ref())
                .map_or(String::new(), |s| s.join(" ")),
            // No permission required: nothing to match.
            op.and_then(|o| o.permissions.as_ref())
                .filter(|p| !p.list.is_empty())
                .map_or(String::new(), |p| p.kind.to_string()),
            op.and_then(|o| o.permissions.as_ref())
                .map_or(String::new(), |p| p.list.join(" ")),
            op.is_some_and(|o| o.deprecated).to_string(),
            op.is_some_and(|o| o.preview).to_string(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

fn markdown(rows: &[Call]) -> String {
    let cell = |s: &str| s.replace('|', "\\|");
    let mut out = format!(
        "| {} |\n|{}\n",
        HEADERS.join(" | "),
        " --- |".repeat(HEADERS.len())
    );
    for r in rows.iter().map(columns) {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| match i {
                0 | 2 if !c.is_empty() => format!("`{}`", cell(c)),
                _ => cell(c),
            })
            .collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}
