//! `gclint mcp`: a Model Context Protocol server on standard input/output,
//! so that an AI assistant asks gclint instead of guessing: the database
//! (an operation by route, id or SDK name; a scope; a permission;
//! operations found by words) and the analyses (`why` for a request and an
//! error body, the calls and least privilege of a folder, `check` of a
//! folder or a snippet). Every answer is JSON: the facts with their source
//! (the database's provenance), a name the API does not have answered as
//! not found with the nearest real ones.
//!
//! The protocol, its framing and the tools' JSON schemas come from `rmcp`,
//! the official Rust SDK, which answers arguments that do not fit a
//! tool's schema with a tool error; a path that is not there, a region
//! Genesys does not have, a snippet that cannot be held are tool errors
//! too: the assistant reads why, the server goes on.
//!
//! A front door (docs/architecture.md): it builds `analysis::Request`s,
//! calls the analyses and renders their JSON with `report`.
//!
//! Imports only layers below it (docs/architecture.md).

use crate::analysis::check::Actions;
use crate::analysis::{self, lookup, Error, Options, Request};
use crate::db::Database;
use crate::report;
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResult, ContentBlock, Implementation, ServerCapabilities, ServerConfig};
use rmcp::{schemars, tool, tool_handler, tool_router, ServerHandler, ServiceExt};
use serde::Deserialize;
use std::path::PathBuf;
use std::process::ExitCode;

/// Serves one client on stdin/stdout until the input ends.
pub fn run(db: &'static Database) -> ExitCode {
    // The parts of the database a first look-up reads decode meanwhile.
    std::thread::spawn(move || {
        let _ = db.details(0);
        let _ = db.sdk_history().releases("js");
    });
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("gclint mcp: cannot start: {e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(async move {
        let server = match Gclint::new(db).serve(rmcp::transport::stdio()).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("gclint mcp: {e}");
                return ExitCode::from(1);
            }
        };
        match server.waiting().await {
            Ok(_) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("gclint mcp: {e}");
                ExitCode::from(1)
            }
        }
    })
}

#[derive(Clone)]
struct Gclint {
    db: &'static Database,
    tool_router: ToolRouter<Self>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
struct OperationArgs {
    /// `GET /api/v2/users/me` (a URL with ids and query string is fine),
    /// `/users/me`, an operation id (`getUsersMe`) or an SDK method in any
    /// SDK's spelling (`get_users_me`, `GetUsersMe`).
    query: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
struct NameArgs {
    /// The name, e.g. `routing:readonly` (a scope) or `routing:queue:view`
    /// (a permission).
    name: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
struct SearchArgs {
    /// What the operation does, in words: `send an agentless SMS`, `list
    /// queue members`.
    words: String,
    /// At most this many operations (default 10).
    limit: Option<u32>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
struct WhyArgs {
    /// The refused request: `METHOD /api/v2/...` or a URL, an operation id
    /// or an SDK method.
    request: String,
    /// The body Genesys Cloud answered with (JSON or the text an SDK
    /// printed).
    error: Option<String>,
    /// The org's region: `eu_west_1` or `mypurecloud.ie`.
    region: Option<String>,
    /// A folder or file of the app that makes the request.
    path: Option<String>,
    /// OAuth client or role exports (JSON files as the API returns them).
    client_json: Option<Vec<String>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
struct FolderArgs {
    /// A folder or file of the app (relative to the server's working
    /// folder, or absolute).
    path: String,
    /// OAuth client or role exports (JSON files as the API returns them).
    client_json: Option<Vec<String>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
struct CheckArgs {
    /// A folder or file of the app to check.
    path: Option<String>,
    /// Instead of `path`: source text to check on its own.
    snippet: Option<String>,
    /// The snippet's file name, which says its language (default
    /// `snippet.js`).
    file_name: Option<String>,
}

/// A tool's answer: JSON text.
fn json(text: String) -> CallToolResult {
    CallToolResult::success(vec![ContentBlock::text(text)])
}

fn refused(message: impl Into<String>) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(message.into())])
}

fn pretty<T: serde::Serialize>(value: &T) -> CallToolResult {
    match serde_json::to_string_pretty(value) {
        Ok(text) => json(text),
        Err(e) => refused(format!("cannot write the answer: {e}")),
    }
}

fn error_text(e: Error) -> String {
    match e {
        Error::Usage(m) => m,
        Error::Config(e) | Error::RevisionConfig { error: e, .. } => {
            report::config::render(&e, false, 100)
        }
    }
}

/// The options of an analysis over `paths`.
fn options(
    db: &Database,
    paths: Vec<PathBuf>,
    client_json: Option<Vec<String>>,
) -> Result<Options, String> {
    let request = Request {
        paths,
        root: std::env::current_dir().unwrap_or_default(),
        client_json: client_json
            .unwrap_or_default()
            .into_iter()
            .map(PathBuf::from)
            .collect(),
        ..Request::default()
    };
    Options::read(db, request).map_err(error_text)
}

#[tool_router]
impl Gclint {
    fn new(db: &'static Database) -> Self {
        Gclint {
            db,
            tool_router: Self::tool_router(),
        }
    }

    #[tool(
        description = "Look up a Genesys Cloud Platform API operation by route (`GET /api/v2/users/me`, a URL), operation id or SDK method name in any SDK's spelling: its OAuth scopes (any one suffices), permissions (ANY/ALL), auth scheme, SDK names and releases, deprecation and replacement. An unknown name is answered as not found with the nearest real ones."
    )]
    fn operation(&self, Parameters(args): Parameters<OperationArgs>) -> CallToolResult {
        pretty(&lookup::operation(self.db, &args.query))
    }

    #[tool(
        description = "Look up an OAuth scope: whether Genesys Cloud has it, how many operations accept it (by API tag, with examples). An invented scope is answered as not a scope, with the nearest real scopes."
    )]
    fn scope(&self, Parameters(args): Parameters<NameArgs>) -> CallToolResult {
        pretty(&lookup::scope(self.db, &args.name, 12))
    }

    #[tool(
        description = "Look up a role permission (`domain:entity:action`, parts may be `*`): the operations that require it, alone or as one of several, the division-aware object it acts on, whether gclint's permission catalogue (operations and the Terraform provider's docs) has it, and whether it can create or widen access (privilege escalation, with what it allows and the source). A permission outside the catalogue is answered with the nearest real ones."
    )]
    fn permission(&self, Parameters(args): Parameters<NameArgs>) -> CallToolResult {
        pretty(&lookup::permission(self.db, &args.name, 12))
    }

    #[tool(
        description = "Find Platform API operations by what they do, in words (`list queue members`, `send an agentless message`), best first."
    )]
    fn search_operations(&self, Parameters(args): Parameters<SearchArgs>) -> CallToolResult {
        let limit = args.limit.unwrap_or(10).clamp(1, 100) as usize;
        pretty(&lookup::search(self.db, &args.words, limit))
    }

    #[tool(
        description = "Why Genesys Cloud refuses a request with 401 or 403: every cause, most likely first, each with the facts it rests on, what the inputs show, how to tell it from the others and the fix. Give the error body to put its cause first; give the app's folder (and client exports) for its call sites, clients, scopes, roles and divisions."
    )]
    fn why(&self, Parameters(args): Parameters<WhyArgs>) -> CallToolResult {
        let opts = if args.path.is_some() || args.client_json.is_some() {
            match options(
                self.db,
                args.path.into_iter().map(PathBuf::from).collect(),
                args.client_json,
            ) {
                Ok(o) => Some(o),
                Err(e) => return refused(e),
            }
        } else {
            None
        };
        let ask = analysis::why::Ask {
            request: args.request,
            error: args.error,
            region: args.region,
        };
        match analysis::why::run(self.db, &ask, opts.as_ref()) {
            Ok(why) => json(report::why::json(&why, self.db)),
            Err(e) => refused(error_text(e)),
        }
    }

    #[tool(
        description = "The Platform API call sites of an app folder: file and position, the operation, how it was found, the clients (or undeclared logins) it runs under, and the scopes and permissions it needs."
    )]
    fn calls(&self, Parameters(args): Parameters<FolderArgs>) -> CallToolResult {
        self.over_folder(args, |db, opts| {
            analysis::calls::run(db, opts, &Default::default())
                .map(|calls| report::calls::json(&calls, db))
        })
    }

    #[tool(
        description = "Least privilege for an app folder: per OAuth client (and per login the code performs), the smallest scope set of a user grant, the smallest permission list and a ready role of client credentials, from the calls the code makes."
    )]
    fn least_privilege(&self, Parameters(args): Parameters<FolderArgs>) -> CallToolResult {
        self.over_folder(args, |db, opts| {
            Ok(report::scopes::json(
                &analysis::scopes::run(db, opts, false),
                db,
            ))
        })
    }

    #[tool(
        description = "Run gclint's rules over an app folder, or over a snippet of source code: the findings (rule id, severity, message, location, help), as `gclint check --format json` reports them."
    )]
    fn check(&self, Parameters(args): Parameters<CheckArgs>) -> CallToolResult {
        match (args.path, args.snippet) {
            (Some(path), None) => self.check_paths(vec![PathBuf::from(path)]),
            (None, Some(text)) => {
                let name = args.file_name.unwrap_or_else(|| "snippet.js".into());
                let Some(file) = std::path::Path::new(&name).file_name().map(PathBuf::from) else {
                    return refused(format!("`{name}` is not a file name"));
                };
                let dir = match Snippet::new() {
                    Ok(d) => d,
                    Err(e) => return refused(format!("cannot hold the snippet: {e}")),
                };
                let at = dir.0.join(file);
                if let Err(e) = std::fs::write(&at, text) {
                    return refused(format!("cannot hold the snippet: {e}"));
                }
                self.check_paths(vec![at])
            }
            _ => refused("give either `path` or `snippet`"),
        }
    }
}

impl Gclint {
    /// Runs `analysis` over the folder of `args`: its JSON, or why not.
    fn over_folder(
        &self,
        args: FolderArgs,
        analysis: impl FnOnce(&Database, &Options) -> Result<String, Error>,
    ) -> CallToolResult {
        match options(self.db, vec![PathBuf::from(args.path)], args.client_json) {
            Ok(opts) => match analysis(self.db, &opts) {
                Ok(text) => json(text),
                Err(e) => refused(error_text(e)),
            },
            Err(e) => refused(e),
        }
    }

    fn check_paths(&self, paths: Vec<PathBuf>) -> CallToolResult {
        let opts = match options(self.db, paths, None) {
            Ok(o) => o,
            Err(e) => return refused(e),
        };
        match analysis::check::run(self.db, &opts, &Actions::default()) {
            Ok(checked) => json(report::json::check(&checked, self.db)),
            Err(e) => refused(error_text(e)),
        }
    }
}

/// A folder of its own for a snippet, removed when dropped.
struct Snippet(PathBuf);

impl Snippet {
    fn new() -> std::io::Result<Snippet> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "gclint-mcp-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir(&dir)?;
        Ok(Snippet(dir))
    }
}

impl Drop for Snippet {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for Gclint {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("gclint", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "Facts about the Genesys Cloud Platform API from the official swagger and SDK releases, and gclint's analyses of an app. Ask these tools before naming a scope, permission, endpoint or SDK method: an answer with found=false means the name does not exist.",
            )
    }
}
