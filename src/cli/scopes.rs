//! `gclint scopes`: the least-privilege scopes or permissions of each client,
//! from the calls `check` finds; `--write` puts the scope lists in the
//! manifest through the fix machinery. JSON shape: docs/json-output.md.

use super::print;
use crate::check::{self, Outcome};
use crate::db::Database;
use crate::diagnostic::code_list;
use crate::fix;
use crate::privilege::deploy::DeployPlan;
use crate::privilege::role::{Policy, RoleDraft};
use crate::privilege::{
    self, Change, ClientPlan, Gap, GapReason, OpCalls, Owner, PermissionPlan, Pick, Plan, ScopePlan,
};
use crate::report::json::{location, DatabaseInfo, Location, Tool};
use crate::rules::Context;
use crate::source::{SourceMap, Span};
use clap::ValueEnum;
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

pub const VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScopesFormat {
    Human,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct ScopesArgs {
    /// Files or folders to read (as for `check`).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = ScopesFormat::Human)]
    pub format: ScopesFormat,
    /// Write each user-grant client's scope list into the manifest
    /// (comments and formatting kept; the file is replaced atomically).
    #[arg(long)]
    pub write: bool,
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

pub fn run(db: &Database, args: ScopesArgs) -> ExitCode {
    let opts =
        match super::model_options(db, args.paths, args.manifest, args.client_json, args.jobs) {
            Ok(opts) => opts,
            Err(code) => return code,
        };
    let outcome = check::run(db, &opts);
    for d in &outcome.diagnostics {
        let file = outcome.sources.get(d.primary.span.file);
        let at = file.line_col(d.primary.span.start as usize);
        eprintln!(
            "gclint: warning: {}:{}:{}: {}",
            file.rel, at.line, at.column, d.message
        );
    }
    let cx = Context {
        app: &outcome.app,
        db,
        sources: &outcome.sources,
    };
    let plans = privilege::plans(&cx);
    let deploys = privilege::deploy::deploy_plans(&cx);
    let mut written = None;
    let mut problems = false;
    if args.write {
        let (last, applied) = fix::run(db, &opts, &outcome, |o| {
            privilege::write_fixes(&Context {
                app: &o.app,
                db,
                sources: &o.sources,
            })
        });
        eprint!(
            "{}",
            applied.summary(
                ("change", "changes"),
                "the scope lists are already least privilege"
            )
        );
        problems = !applied.problems.is_empty();
        for left in unwritten(db, last.as_ref().unwrap_or(&outcome)) {
            eprintln!("gclint: warning: {left}");
            problems = true;
        }
        written = Some(
            applied
                .per_file
                .iter()
                .map(|(file, &changes)| Written {
                    file: file.clone(),
                    changes,
                })
                .collect(),
        );
    }
    let text = match args.format {
        ScopesFormat::Human => human(&cx, &plans, &deploys, args.write),
        ScopesFormat::Json => json(&cx, &plans, &deploys, written),
    };
    print(&text);
    if problems {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// Scope lists `--write` could not bring to their least-privilege set.
fn unwritten(db: &Database, outcome: &Outcome) -> Vec<String> {
    let cx = Context {
        app: &outcome.app,
        db,
        sources: &outcome.sources,
    };
    privilege::plans(&cx)
        .iter()
        .filter_map(|p| {
            let (Plan::Scopes(s), Owner::Client(client)) = (&p.plan, p.owner) else {
                return None;
            };
            if s.changes.is_empty() {
                return None;
            }
            let client = &outcome.app.clients[client];
            Some(format!(
                "{}: the scopes of client `{}` could not be edited in place; write them by hand: {}",
                outcome.sources.get(client.name.span.file).rel,
                client.name.value,
                s.target.join(", ")
            ))
        })
        .collect()
}

fn at(sources: &SourceMap, span: Span) -> String {
    let file = sources.get(span.file);
    let lc = file.line_col(span.start as usize);
    format!("{}:{}:{}", file.rel, lc.line, lc.column)
}

/// `getUsersMe (js/app.js:27:31)`, `postX (a.js:1:1, a.js:9:1)`.
fn calls_text(cx: &Context<'_>, covers: &[OpCalls]) -> String {
    covers
        .iter()
        .map(|c| {
            let places: Vec<String> = c.spans.iter().map(|&s| at(cx.sources, s)).collect();
            format!(
                "{} ({})",
                privilege::op_name(cx.db, c.op),
                places.join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why a call is left out of the set; `keeps`: the plan keeps declared
/// scopes for such calls (a declared client's scope plan).
fn gap_text(cx: &Context<'_>, gap: &Gap, keeps: bool) -> String {
    let what = match gap.ops.as_slice() {
        [one] => privilege::op_name(cx.db, *one),
        _ => format!("`{}`", gap.written),
    };
    let why = match gap.reason {
        GapReason::ScopesUnknown if keeps => {
            "the database does not know its scopes, so every declared scope is kept".to_string()
        }
        GapReason::ScopesUnknown => "the database does not know its scopes".to_string(),
        GapReason::PermissionsUnknown => "the database does not know its permissions".to_string(),
        GapReason::MethodUnknown => {
            let methods: Vec<String> = gap
                .ops
                .iter()
                .map(|&o| cx.db.op(o).method.to_string())
                .collect();
            format!(
                "the HTTP method is not known (the path has {}){}",
                methods.join(", "),
                if keeps {
                    "; declared scopes one of them accepts are kept"
                } else {
                    ""
                }
            )
        }
        GapReason::Unresolved => {
            "not a Platform API operation (`gclint check` reports it)".to_string()
        }
    };
    format!("{what} ({}): {why}", at(cx.sources, gap.span))
}

fn indent(text: &str, by: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                "\n".to_string()
            } else {
                format!("{by}{l}\n")
            }
        })
        .collect()
}

/// One line per pick: name, the calls it allows and, for permissions,
/// whether the client's roles grant it today.
fn pick_lines(cx: &Context<'_>, picks: &[Pick], permissions: bool, out: &mut String) {
    let label = |p: &Pick| {
        if p.inferred {
            format!("{} (inferred)", p.name)
        } else {
            p.name.clone()
        }
    };
    let width = picks.iter().map(|p| label(p).len()).max().unwrap_or(0);
    for p in picks {
        let mut line = format!("    {:<width$}  {}", label(p), calls_text(cx, &p.covers));
        if permissions {
            match p.granted {
                Some(false) => line.push_str("; not granted by the client's roles"),
                None => line.push_str("; not known whether its roles grant it"),
                Some(true) => {}
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

fn change_text(changes: &[Change]) -> String {
    changes
        .iter()
        .map(|c| match c {
            Change::Replace { from, to, .. } => format!("replace `{from}` with `{to}`"),
            Change::Add(s) => format!("add `{s}`"),
            Change::Remove { scope, .. } => format!("remove `{scope}`"),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn human_scopes(
    cx: &Context<'_>,
    plan: &ScopePlan,
    uncovered: bool,
    declared: bool,
    out: &mut String,
) {
    let n = plan.picks.len();
    if n == 0 {
        out.push_str("  no call under it needs a scope");
        out.push_str(if uncovered {
            " (of those gclint could judge)\n"
        } else {
            "\n"
        });
    } else if plan.exact {
        out.push_str(&format!("  smallest scope set ({n}):\n"));
    } else {
        out.push_str(&format!(
            "  scope set ({n}; it covers every call, but the search for a smaller one stopped at its limit):\n"
        ));
    }
    pick_lines(cx, &plan.picks, false, out);
    if !plan.kept.is_empty() {
        out.push_str(&format!(
            "  kept for the calls not covered: {}\n",
            code_list(&plan.kept)
        ));
    }
    if !plan.inferred_calls.is_empty() {
        out.push_str(
            "  inferred (the swagger lists no scopes for these; gclint's rule-based guess):\n",
        );
        for c in &plan.inferred_calls {
            out.push_str(&format!(
                "    {} ({}) accepts {} (inferred)\n",
                privilege::op_name(cx.db, c.op),
                at(cx.sources, c.span),
                crate::diagnostic::code_alternatives(&c.scopes)
            ));
        }
    }
    if !declared {
        return;
    }
    let declared = if plan.declared.is_empty() {
        "none".to_string()
    } else {
        plan.declared.join(", ")
    };
    out.push_str(&format!("  declared: {declared}\n"));
    if plan.changes.is_empty() {
        out.push_str("  the declared scopes are already this set\n");
    } else {
        out.push_str(&format!("  changes: {}\n", change_text(&plan.changes)));
    }
}

fn human_permissions(cx: &Context<'_>, plan: &PermissionPlan, declared: bool, out: &mut String) {
    let n = plan.picks.len();
    if n == 0 {
        out.push_str("  no call under it needs a permission\n");
        return;
    }
    if plan.exact {
        out.push_str(&format!("  smallest permission set ({n}):\n"));
    } else {
        out.push_str(&format!(
            "  permission set ({n}; it covers every call, but the search for a smaller one stopped at its limit):\n"
        ));
    }
    pick_lines(cx, &plan.picks, declared, out);
    let role = &plan.role;
    out.push_str(&format!(
        "  a role `{}` granting exactly these permissions:\n",
        role.name
    ));
    if declared {
        out.push_str("    manifest (appfoundry.yaml):\n");
        out.push_str(&indent(&role.manifest_yaml(), "      "));
    }
    out.push_str("    Terraform (CX as Code):\n");
    out.push_str(&indent(&role.terraform(), "      "));
    let policies = match declared {
        true => "premium-app wizard (permissionPolicies)",
        false => "Platform API (`permissionPolicies` of POST /api/v2/authorization/roles)",
    };
    out.push_str(&format!("    {policies}:\n"));
    out.push_str(&indent(&role.wizard_json(), "      "));
    let (_, legacy) = role.policies();
    if !legacy.is_empty() {
        out.push_str(&format!(
            "    (permission policies cannot express {}; add them to the role by hand)\n",
            code_list(&legacy)
        ));
    }
}

/// What `gclint scopes` looked for when it found neither a client nor a
/// login.
const LOOKED_FOR: &str = "gclint looked for:
  - app manifests (appfoundry.yaml, appfoundry.json)
  - Terraform `genesyscloud_oauth_client` resources
  - premium-app wizard configs (`config.js` with `provisioningInfo`)
  - OAuth clients as the API returns them (JSON with `authorizedGrantType`; or pass one with --client-json FILE)
  - logins in the code (SDK login calls, token requests with a `grant_type`)
";

fn nothing_found(cx: &Context<'_>) -> String {
    let mut out = format!(
        "no OAuth client and no login found
{LOOKED_FOR}"
    );
    let calls = cx.app.calls.len();
    if calls > 0 {
        out.push_str(&format!(
            "{calls} Platform API call{} found run under no login gclint can see: `gclint calls` lists them with what each needs
",
            if calls == 1 { "" } else { "s" }
        ));
    }
    out
}

/// The heading of a plan: what it is for, where it is defined.
fn heading(cx: &Context<'_>, p: &ClientPlan) -> String {
    match p.owner {
        Owner::Client(c) => {
            let client = &cx.app.clients[c];
            let file = &cx.sources.get(client.name.span.file).rel;
            format!("{} in {file}", client.describe())
        }
        Owner::Flow(f) => {
            let flow = &cx.app.flows[f];
            match flow.data_actions {
                true => format!(
                    "undeclared CLIENT-CREDENTIALS client of the {} (first action at {})",
                    flow.name(),
                    at(cx.sources, flow.login)
                ),
                false => format!(
                    "undeclared {} (logs in at {})",
                    flow.name(),
                    at(cx.sources, flow.login)
                ),
            }
        }
    }
}

/// A module's folder as shown: that of its files, `.` for the working folder.
fn module_folder(cx: &Context<'_>, module: usize) -> String {
    let m = &cx.app.terraform[module];
    let file = m
        .blocks
        .first()
        .map(|b| b.label.file)
        .or_else(|| m.calls.first().map(|c| c.source.span.file));
    let shown = file
        .and_then(|f| {
            let rel = &cx.sources.get(f).rel;
            rel.rsplit_once('/').map(|(dir, _)| dir.to_string())
        })
        .unwrap_or_default();
    if shown.is_empty() {
        ".".into()
    } else {
        shown
    }
}

/// The resource types (and data sources) of a deploy plan that need a pick.
fn kinds_of<'a>(plan: &'a DeployPlan, pick: &Pick) -> Vec<&'a str> {
    plan.uses
        .iter()
        .filter(|u| pick.covers.iter().any(|c| u.ops.contains(&c.op)))
        .map(|u| u.kind.as_str())
        .collect()
}

fn human_deploy(cx: &Context<'_>, plan: &DeployPlan, out: &mut String) {
    let modules = &cx.app.terraform;
    let root = &modules[plan.root].dir;
    let types = plan
        .uses
        .iter()
        .filter(|u| !u.kind.starts_with("data."))
        .count();
    let data = plan.uses.len() - types;
    let children: Vec<String> = plan.modules[1..]
        .iter()
        .map(|&m| {
            let dir = &modules[m].dir;
            dir.strip_prefix(root)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_else(|_| module_folder(cx, m))
        })
        .collect();
    out.push_str(&format!(
        "Terraform deploy client of {}{}: {types} resource type{}, {data} data source{}\n",
        module_folder(cx, plan.root),
        match children.len() {
            0 => String::new(),
            _ => format!(" (loads {})", children.join(", ")),
        },
        if types == 1 { "" } else { "s" },
        if data == 1 { "" } else { "s" },
    ));
    let provider = cx.db.terraform();
    match &cx.app.deploy {
        Some(d) => {
            let roles: Vec<&str> = d
                .client
                .roles
                .iter()
                .flat_map(|l| l.iter().map(|r| r.value.name.value.as_str()))
                .collect();
            let named = at(cx.sources, d.client.name.span);
            let what = match (&d.unresolved, d.defined) {
                (Some(name), _) => format!("client `{name}`, which no scanned definition has"),
                (None, Some(_)) => format!("client `{}` with roles {}", d.client.name.value, code_list(&roles)),
                (None, None) => format!("roles {}", code_list(&roles)),
            };
            out.push_str(&format!("  deploy client: {what} ({named})\n"));
        }
        None => out.push_str(
            "  deploy client: not named (`terraform-client` in gclint.toml), so nothing is said about what it holds\n",
        ),
    }
    let n = plan.permissions.picks.len();
    if n == 0 {
        out.push_str("  no resource of it needs a permission\n");
    } else {
        out.push_str(&format!(
            "  {} ({n}; the provider's docs list {} for these types, every alternative counted):\n",
            if plan.permissions.exact {
                "smallest permission set"
            } else {
                "permission set (the search for a smaller one stopped at its limit)"
            },
            plan.listed
        ));
        let labels: Vec<String> = plan
            .permissions
            .picks
            .iter()
            .map(|p| p.name.clone())
            .collect();
        let width = labels.iter().map(String::len).max().unwrap_or(0);
        for p in &plan.permissions.picks {
            let mut line = format!("    {:<width$}  {}", p.name, kinds_of(plan, p).join(", "));
            if plan.named {
                match p.granted {
                    Some(false) => line.push_str("; not granted by the deploy client's roles"),
                    None => line.push_str("; not known whether its roles grant it"),
                    Some(true) => {}
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        let role = &plan.permissions.role;
        out.push_str(&format!(
            "  a role `{}` granting exactly these permissions:\n",
            role.name
        ));
        out.push_str("    Terraform (CX as Code):\n");
        out.push_str(&indent(&role.terraform(), "      "));
        out.push_str(
            "    Platform API (`permissionPolicies` of POST /api/v2/authorization/roles):\n",
        );
        out.push_str(&indent(&role.wizard_json(), "      "));
    }
    if !plan.grants.is_empty() {
        let roles: Vec<String> = plan
            .grants
            .iter()
            .map(|(name, perms)| match perms {
                Some(p) => format!("`{name}` ({})", code_list(p)),
                None => format!("`{name}` (every permission)"),
            })
            .collect();
        out.push_str(&format!(
            "  it grants roles, so it must hold their permissions too (see role-ceiling): {}\n",
            roles.join(", ")
        ));
    }
    if !plan.scopes.is_empty() {
        let names: Vec<&str> = plan.scopes.iter().map(|p| p.name.as_str()).collect();
        out.push_str(&format!(
            "  scopes, when the provider runs with a user's token (`access_token`): {}\n",
            names.join(", ")
        ));
    }
    let unknown: Vec<&str> = plan
        .uses
        .iter()
        .filter(|u| !u.known)
        .map(|u| u.kind.as_str())
        .collect();
    if !plan.gaps.is_empty() || !unknown.is_empty() || !plan.not_read.is_empty() {
        out.push_str("  not covered:\n");
        for u in plan.uses.iter().filter(|u| !u.known) {
            out.push_str(&format!(
                "    `{}` ({}): not in the docs of {}\n",
                u.kind,
                at(cx.sources, u.blocks[0]),
                provider.describe()
            ));
        }
        for g in &plan.gaps {
            let why = match g.reason {
                GapReason::Unresolved => format!(
                    "`{}`: the provider's docs list it, the swagger has no such operation",
                    g.written
                ),
                _ => gap_text(cx, g, false),
            };
            out.push_str(&format!("    {why}\n"));
        }
        for call in &plan.not_read {
            out.push_str(&format!(
                "    module `{}` ({}): source `{}` was not read, its resources are not counted\n",
                call.name,
                at(cx.sources, call.source.span),
                call.source.value
            ));
        }
    }
}

fn human(cx: &Context<'_>, plans: &[ClientPlan], deploys: &[DeployPlan], wrote: bool) -> String {
    if plans.is_empty() && deploys.is_empty() {
        return nothing_found(cx);
    }
    let mut out = String::new();
    for (i, d) in deploys.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        human_deploy(cx, d, &mut out);
    }
    if !deploys.is_empty() && !plans.is_empty() {
        out.push('\n');
    }
    let mut to_write = 0;
    for (i, p) in plans.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let title = heading(cx, p);
        match &p.plan {
            Plan::NoGrant => {
                out.push_str(&format!(
                    "{title}: no valid grant type, so nothing to compute\n"
                ));
                continue;
            }
            Plan::NoCalls => {
                out.push_str(&format!(
                    "{title}: no call in the scanned files runs under it, so nothing to compute{}\n",
                    match p.owner {
                        Owner::Client(_) => " (its lists are left as they are)",
                        Owner::Flow(_) => "",
                    }
                ));
                continue;
            }
            _ => {}
        }
        out.push_str(&format!(
            "{title}: {} call{}\n",
            p.calls,
            if p.calls == 1 { "" } else { "s" }
        ));
        let declared = matches!(p.owner, Owner::Client(_));
        match p.owner {
            Owner::Flow(f) if cx.app.flows[f].data_actions => out.push_str(
                "  no definition declares the client of the integration's credentials: this is what it needs\n",
            ),
            Owner::Flow(_) => out.push_str(
                "  no definition declares its client: this is what the client it logs in with needs\n",
            ),
            Owner::Client(_) => {}
        }
        if p.guessed > 0 {
            out.push_str(&match declared {
                true => format!(
                    "  ({} of them in files no client's `sources` names: they count for every client of the app)\n",
                    p.guessed
                ),
                false => format!(
                    "  ({} of them in files whose project logs in more than one way: they count for each login)\n",
                    p.guessed
                ),
            });
        }
        match &p.plan {
            Plan::Scopes(s) => {
                human_scopes(cx, s, !p.gaps.is_empty(), declared, &mut out);
                if declared && !s.changes.is_empty() {
                    to_write += 1;
                }
            }
            Plan::Permissions(perms) => human_permissions(cx, perms, declared, &mut out),
            Plan::NoCalls | Plan::NoGrant => {}
        }
        if !p.gaps.is_empty() {
            out.push_str("  not covered:\n");
            let keeps = declared && matches!(p.plan, Plan::Scopes(_));
            for g in &p.gaps {
                out.push_str(&format!("    {}\n", gap_text(cx, g, keeps)));
            }
        }
    }
    if to_write > 0 && !wrote {
        out.push_str(&format!(
            "\n`gclint scopes --write` writes the scope list{} above into the manifest\n",
            if to_write == 1 { "" } else { "s" }
        ));
    }
    out
}

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    tool: Tool,
    database: DatabaseInfo<'a>,
    clients: Vec<ClientOut<'a>>,
    /// The OAuth client Terraform runs with, per root module.
    terraform_deploy: Vec<DeployOut<'a>>,
    /// Present with `--write`.
    #[serde(skip_serializing_if = "Option::is_none")]
    written: Option<Vec<Written>>,
}

#[derive(Serialize)]
struct Written {
    file: String,
    changes: usize,
}

#[derive(Serialize)]
struct ClientOut<'a> {
    name: String,
    /// `false`: a login in the code that no definition declares.
    declared: bool,
    grant_type: Option<String>,
    pkce: bool,
    /// The file that defines it (for an undeclared login: where it logs in).
    file: &'a str,
    /// Undeclared logins: where the code logs in.
    #[serde(skip_serializing_if = "Option::is_none")]
    login: Option<Location<'a>>,
    /// `computed`, `no-calls` or `no-grant`.
    status: &'static str,
    calls: usize,
    guessed_calls: usize,
    scopes: Option<ScopesOut<'a>>,
    permissions: Option<PermissionsOut<'a>>,
    uncovered: Vec<GapOut<'a>>,
}

#[derive(Serialize)]
struct CallOut<'a> {
    operation: String,
    name: String,
    #[serde(flatten)]
    location: Location<'a>,
}

#[derive(Serialize)]
struct ScopePickOut<'a> {
    scope: &'a str,
    inferred: bool,
    calls: Vec<CallOut<'a>>,
}

#[derive(Serialize)]
#[serde(tag = "action", rename_all = "lowercase")]
enum ChangeOut<'a> {
    Replace { from: &'a str, to: &'a str },
    Add { scope: &'a str },
    Remove { scope: &'a str },
}

#[derive(Serialize)]
struct InferredOut<'a> {
    #[serde(flatten)]
    call: CallOut<'a>,
    inferred_scopes: &'a [String],
}

#[derive(Serialize)]
struct ScopesOut<'a> {
    declared: &'a [String],
    least_privilege: Vec<ScopePickOut<'a>>,
    exact: bool,
    kept: &'a [String],
    target: &'a [String],
    changes: Vec<ChangeOut<'a>>,
    inferred_calls: Vec<InferredOut<'a>>,
}

#[derive(Serialize)]
struct PermissionPickOut<'a> {
    permission: &'a str,
    granted: Option<bool>,
    calls: Vec<CallOut<'a>>,
}

#[derive(Serialize)]
struct RoleOut<'a> {
    name: &'a str,
    description: &'a str,
    permissions: &'a [String],
    permission_policies: Vec<Policy>,
    manifest_yaml: String,
    terraform: String,
}

#[derive(Serialize)]
struct PermissionsOut<'a> {
    least_privilege: Vec<PermissionPickOut<'a>>,
    exact: bool,
    role: RoleOut<'a>,
}

#[derive(Serialize)]
struct GapOut<'a> {
    reason: &'static str,
    written: &'a str,
    operations: Vec<String>,
    #[serde(flatten)]
    location: Location<'a>,
}

fn call_out<'a>(cx: &Context<'a>, op: usize, span: Span) -> CallOut<'a> {
    CallOut {
        operation: cx.db.op(op).display(),
        name: privilege::op_name(cx.db, op),
        location: location(cx.sources, span),
    }
}

fn calls_out<'a>(cx: &Context<'a>, covers: &[OpCalls]) -> Vec<CallOut<'a>> {
    covers
        .iter()
        .flat_map(|c| c.spans.iter().map(move |&s| (c.op, s)))
        .map(|(op, s)| call_out(cx, op, s))
        .collect()
}

fn gaps_out<'a>(cx: &Context<'a>, gaps: &'a [Gap]) -> Vec<GapOut<'a>> {
    gaps.iter()
        .map(|g| GapOut {
            reason: g.reason.as_str(),
            written: &g.written,
            operations: g.ops.iter().map(|&o| cx.db.op(o).display()).collect(),
            location: location(cx.sources, g.span),
        })
        .collect()
}

fn role_out(role: &RoleDraft) -> RoleOut<'_> {
    RoleOut {
        name: &role.name,
        description: &role.description,
        permissions: &role.permissions,
        permission_policies: role.policies().0,
        manifest_yaml: role.manifest_yaml(),
        terraform: role.terraform(),
    }
}

#[derive(Serialize)]
struct DeployOut<'a> {
    module: String,
    /// Local child modules it loads, relative to it.
    modules: Vec<String>,
    deploy_client: Option<DeployClientOut<'a>>,
    resources: Vec<ResourceOut<'a>>,
    permissions: DeployPermissionsOut<'a>,
    scopes: Vec<&'a str>,
    /// Roles the modules grant, which the deploy client must hold too.
    grants_roles: Vec<GrantedRoleOut<'a>>,
    uncovered: Vec<GapOut<'a>>,
    not_read: Vec<NotReadOut<'a>>,
}

#[derive(Serialize)]
struct GrantedRoleOut<'a> {
    role: &'a str,
    /// `null`: a built-in administrator role (every permission).
    permissions: Option<&'a [String]>,
}

#[derive(Serialize)]
struct DeployClientOut<'a> {
    /// The client of the scanned definitions it names, when it does.
    client: Option<&'a str>,
    roles: Vec<&'a str>,
    /// Whether the client it names was found.
    found: bool,
    location: Location<'a>,
}

#[derive(Serialize)]
struct ResourceOut<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    data_source: bool,
    /// Whether the provider's docs list it.
    known: bool,
    blocks: Vec<Location<'a>>,
    operations: Vec<String>,
}

#[derive(Serialize)]
struct DeployPickOut<'a> {
    permission: &'a str,
    /// `null` when no deploy client is named or its roles cannot be read.
    granted: Option<bool>,
    resources: Vec<&'a str>,
}

#[derive(Serialize)]
struct DeployPermissionsOut<'a> {
    least_privilege: Vec<DeployPickOut<'a>>,
    exact: bool,
    /// Permissions the provider's docs list for these types.
    listed_by_provider: usize,
    role: RoleOut<'a>,
}

#[derive(Serialize)]
struct NotReadOut<'a> {
    module: &'a str,
    source: &'a str,
    location: Location<'a>,
}

fn deploy_json<'a>(cx: &Context<'a>, plan: &'a DeployPlan) -> DeployOut<'a> {
    let modules = &cx.app.terraform;
    let root = &modules[plan.root].dir;
    DeployOut {
        module: module_folder(cx, plan.root),
        modules: plan.modules[1..]
            .iter()
            .map(|&m| {
                modules[m]
                    .dir
                    .strip_prefix(root)
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_else(|_| module_folder(cx, m))
            })
            .collect(),
        deploy_client: cx.app.deploy.as_ref().map(|d| DeployClientOut {
            client: (d.defined.is_some() || d.unresolved.is_some())
                .then_some(d.client.name.value.as_str()),
            roles: d
                .client
                .roles
                .iter()
                .flat_map(|l| l.iter().map(|r| r.value.name.value.as_str()))
                .collect(),
            found: d.unresolved.is_none(),
            location: location(cx.sources, d.client.name.span),
        }),
        resources: plan
            .uses
            .iter()
            .map(|u| ResourceOut {
                kind: &u.kind,
                data_source: u.kind.starts_with("data."),
                known: u.known,
                blocks: u.blocks.iter().map(|&b| location(cx.sources, b)).collect(),
                operations: u.ops.iter().map(|&o| cx.db.op(o).display()).collect(),
            })
            .collect(),
        permissions: DeployPermissionsOut {
            least_privilege: plan
                .permissions
                .picks
                .iter()
                .map(|p| DeployPickOut {
                    permission: &p.name,
                    granted: if plan.named { p.granted } else { None },
                    resources: kinds_of(plan, p),
                })
                .collect(),
            exact: plan.permissions.exact,
            listed_by_provider: plan.listed,
            role: role_out(&plan.permissions.role),
        },
        scopes: plan.scopes.iter().map(|p| p.name.as_str()).collect(),
        grants_roles: plan
            .grants
            .iter()
            .map(|(role, permissions)| GrantedRoleOut {
                role,
                permissions: permissions.as_deref(),
            })
            .collect(),
        uncovered: gaps_out(cx, &plan.gaps),
        not_read: plan
            .not_read
            .iter()
            .map(|c| NotReadOut {
                module: &c.name,
                source: &c.source.value,
                location: location(cx.sources, c.source.span),
            })
            .collect(),
    }
}

fn json(
    cx: &Context<'_>,
    plans: &[ClientPlan],
    deploys: &[DeployPlan],
    written: Option<Vec<Written>>,
) -> String {
    let clients = plans
        .iter()
        .map(|p| {
            let undeclared;
            let (client, login) = match p.owner {
                Owner::Client(c) => (&cx.app.clients[c], None),
                Owner::Flow(f) => {
                    let flow = &cx.app.flows[f];
                    undeclared = privilege::flow_client(flow);
                    (&undeclared, Some(location(cx.sources, flow.login)))
                }
            };
            let declared = login.is_none();
            let scopes = match &p.plan {
                Plan::Scopes(s) => Some(ScopesOut {
                    declared: &s.declared,
                    least_privilege: s
                        .picks
                        .iter()
                        .map(|pick| ScopePickOut {
                            scope: &pick.name,
                            inferred: pick.inferred,
                            calls: calls_out(cx, &pick.covers),
                        })
                        .collect(),
                    exact: s.exact,
                    kept: &s.kept,
                    target: &s.target,
                    changes: s
                        .changes
                        .iter()
                        .filter(|_| declared)
                        .map(|c| match c {
                            Change::Replace { from, to, .. } => ChangeOut::Replace { from, to },
                            Change::Add(scope) => ChangeOut::Add { scope },
                            Change::Remove { scope, .. } => ChangeOut::Remove { scope },
                        })
                        .collect(),
                    inferred_calls: s
                        .inferred_calls
                        .iter()
                        .map(|c| InferredOut {
                            call: call_out(cx, c.op, c.span),
                            inferred_scopes: &c.scopes,
                        })
                        .collect(),
                }),
                _ => None,
            };
            let permissions = match &p.plan {
                Plan::Permissions(perms) => Some(PermissionsOut {
                    least_privilege: perms
                        .picks
                        .iter()
                        .map(|pick| PermissionPickOut {
                            permission: &pick.name,
                            granted: pick.granted,
                            calls: calls_out(cx, &pick.covers),
                        })
                        .collect(),
                    exact: perms.exact,
                    role: role_out(&perms.role),
                }),
                _ => None,
            };
            ClientOut {
                name: client.name.value.clone(),
                declared,
                grant_type: client.grant.as_ref().map(|g| g.value.clone()),
                pkce: client.pkce,
                file: &cx.sources.get(client.name.span.file).rel,
                login,
                status: match p.plan {
                    Plan::NoCalls => "no-calls",
                    Plan::NoGrant => "no-grant",
                    _ => "computed",
                },
                calls: p.calls,
                guessed_calls: p.guessed,
                scopes,
                permissions,
                uncovered: gaps_out(cx, &p.gaps),
            }
        })
        .collect();
    let report = Report {
        version: VERSION,
        tool: Tool::gclint(),
        database: DatabaseInfo::of(cx.db),
        clients,
        terraform_deploy: deploys.iter().map(|d| deploy_json(cx, d)).collect(),
        written,
    };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}
