//! `scopes`: the least-privilege scopes or permissions of each client (and
//! of each login no definition declares), from the calls the app makes,
//! and what the OAuth client Terraform deploys with needs; with `write`,
//! the scope lists go into the manifest through the fix machinery.
//! Serialised, a result is the body of the JSON report
//! (docs/json-output.md); the fields that are not serialised are what the
//! terminal report says beside it.

use super::{Location, Options, Warning};
use crate::check::{self, Outcome};
use crate::db::{Database, OpId};
use crate::fix::{self, Applied};
use crate::privilege::deploy::DeployPlan;
use crate::privilege::role::{Policy, RoleDraft};
use crate::privilege::{self, ClientPlan, Gap, GapReason, OpCalls, Owner, Plan};
use crate::rules::Context;
use crate::source::Span;
use serde::{Serialize, Serializer};

/// Least privilege per client and per Terraform root module.
#[derive(Debug, Clone, Serialize)]
pub struct Scopes {
    /// Declared clients in definition order, then undeclared logins.
    pub clients: Vec<Client>,
    /// The OAuth client Terraform runs with, per root module.
    pub terraform_deploy: Vec<Deploy>,
    /// Present with `write`: the changes written per file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub written: Option<Vec<Written>>,
    /// The Platform API calls found (said when no client is found).
    #[serde(skip)]
    pub calls_found: usize,
    /// Files that do not parse.
    #[serde(skip)]
    pub warnings: Vec<Warning>,
    /// With `write`: what was written and what could not be.
    #[serde(skip)]
    pub write: Option<Write>,
}

/// What `write` did.
#[derive(Debug, Clone, Default)]
pub struct Write {
    pub applied: Applied,
    /// Scope lists that could not be brought to their least-privilege set.
    pub unwritten: Vec<Unwritten>,
}

impl Write {
    /// A file could not be written, or a list could not be edited.
    pub fn has_problems(&self) -> bool {
        !self.applied.problems.is_empty() || !self.unwritten.is_empty()
    }
}

/// A client whose scope list could not be edited in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unwritten {
    /// The file that defines it.
    pub file: String,
    pub client: String,
    /// The list it should have.
    pub scopes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Written {
    pub file: String,
    pub changes: usize,
}

/// Whether a plan was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Computed,
    /// No call in the scanned files runs under it.
    NoCalls,
    /// It has no valid grant type.
    NoGrant,
}

#[derive(Debug, Clone, Serialize)]
pub struct Client {
    pub name: String,
    /// `false`: a login in the code that no definition declares.
    pub declared: bool,
    pub grant_type: Option<String>,
    pub pkce: bool,
    /// The file that defines it (for an undeclared login: where it logs in).
    pub file: String,
    /// Undeclared logins: where the code logs in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub login: Option<Location>,
    pub status: Status,
    pub calls: usize,
    /// Calls in files no client's `sources` names (declared clients), or
    /// in files whose project logs in more than one way (undeclared).
    pub guessed_calls: usize,
    pub scopes: Option<ScopeSet>,
    /// CLIENT-CREDENTIALS: what the client's roles need; user grants: what
    /// the signed-in users' roles need (`for` says which).
    pub permissions: Option<PermissionSet>,
    /// Calls whose HTTP method gclint did not see, covered for every
    /// method of their path.
    pub method_not_seen: Vec<MethodNotSeen>,
    pub uncovered: Vec<Uncovered>,
    /// An undeclared client of a Data Actions integration's credentials.
    #[serde(skip)]
    pub data_actions: bool,
}

/// A call site of an operation.
#[derive(Debug, Clone, Serialize)]
pub struct Call {
    /// `GET /api/v2/users/me`.
    pub operation: String,
    /// Its SDK name, else its route.
    pub name: String,
    #[serde(flatten)]
    pub location: Location,
    /// The code names the path, not the method: the call may be this
    /// operation or another of the path.
    pub method_not_seen: bool,
}

/// A call whose method gclint did not see, and the operations of its path.
#[derive(Debug, Clone, Serialize)]
pub struct MethodNotSeen {
    pub written: String,
    pub operations: Vec<String>,
    #[serde(flatten)]
    pub location: Location,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScopePick {
    pub scope: String,
    pub inferred: bool,
    /// Only calls whose method gclint did not see need it.
    pub method_not_seen: bool,
    /// The calls it allows, operation by operation.
    pub calls: Vec<Call>,
}

/// One change to a declared scope list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "lowercase")]
pub enum Change {
    Replace { from: String, to: String },
    Add { scope: String },
    Remove { scope: String },
}

/// A call judged on scopes the swagger does not list.
#[derive(Debug, Clone, Serialize)]
pub struct InferredCall {
    #[serde(flatten)]
    pub call: Call,
    pub inferred_scopes: Vec<String>,
}

/// A user-grant client's scope set.
#[derive(Debug, Clone, Serialize)]
pub struct ScopeSet {
    pub declared: Vec<String>,
    pub least_privilege: Vec<ScopePick>,
    /// The smallest set (the search did not stop at its limit).
    pub exact: bool,
    /// Declared scopes kept for the calls not covered.
    pub kept: Vec<String>,
    /// The list the client should have.
    pub target: Vec<String>,
    /// From the declared list to the target (declared clients only).
    pub changes: Vec<Change>,
    pub inferred_calls: Vec<InferredCall>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PermissionPick {
    pub permission: String,
    /// Whether the client's roles (user grants: the roles its users are
    /// declared to hold) grant it; `null`: not known.
    pub granted: Option<bool>,
    /// Only calls whose method gclint did not see need it.
    pub method_not_seen: bool,
    pub calls: Vec<Call>,
}

/// A role granting exactly a permission list, written three ways.
#[derive(Debug, Clone, Serialize)]
pub struct Role {
    pub name: String,
    pub description: String,
    pub permissions: Vec<String>,
    pub permission_policies: Vec<Policy>,
    pub manifest_yaml: String,
    pub terraform: String,
    /// The premium-app wizard's (and the roles API's) `permissionPolicies`.
    #[serde(skip)]
    pub wizard_json: String,
    /// Legacy permissions no policy can express.
    #[serde(skip)]
    pub legacy: Vec<String>,
    /// Permissions it grants only for calls whose method gclint did not
    /// see, with those calls.
    pub notes: Vec<String>,
}

/// Whose roles a permission set is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Holder {
    /// The client's own roles (client credentials).
    Client,
    /// The roles of the users who sign in with the client (user grants).
    Users,
}

/// The permissions a client's roles (or its users' roles) need.
#[derive(Debug, Clone, Serialize)]
pub struct PermissionSet {
    #[serde(rename = "for")]
    pub holder: Holder,
    pub least_privilege: Vec<PermissionPick>,
    pub exact: bool,
    pub role: Role,
    /// What the client's roles grant that no call needs (`excess-permission`).
    pub excess: Vec<Excess>,
}

/// A grant of a role beyond what the calls need.
#[derive(Debug, Clone, Serialize)]
pub struct Excess {
    pub role: String,
    pub permission: String,
    /// A wildcard's: how many permissions it covers, and those the calls need.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wildcard: Option<Wildcard>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Wildcard {
    pub covers: usize,
    pub needed: Vec<String>,
}

/// A call left out of a set, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Uncovered {
    #[serde(serialize_with = "reason")]
    pub reason: GapReason,
    /// What the code names.
    pub written: String,
    /// The operations it may be.
    pub operations: Vec<String>,
    #[serde(flatten)]
    pub location: Location,
    /// The name of its operation, when it is one.
    #[serde(skip)]
    pub name: Option<String>,
}

fn reason<S: Serializer>(reason: &GapReason, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(reason.as_str())
}

/// What the OAuth client Terraform deploys one root module with needs.
#[derive(Debug, Clone, Serialize)]
pub struct Deploy {
    /// Its folder (`.` for the working folder).
    pub module: String,
    /// Local child modules it loads, relative to it.
    pub modules: Vec<String>,
    pub deploy_client: Option<DeployClient>,
    pub resources: Vec<Resource>,
    pub permissions: DeployPermissions,
    /// When the provider runs with a user's token.
    pub scopes: Vec<String>,
    /// Roles the modules grant, which the deploy client must hold too.
    pub grants_roles: Vec<GrantedRole>,
    pub uncovered: Vec<Uncovered>,
    pub not_read: Vec<NotRead>,
    /// The configuration names the deploy client, so whether its roles
    /// grant each permission is said.
    #[serde(skip)]
    pub named: bool,
    /// The provider release whose docs were read.
    #[serde(skip)]
    pub provider: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GrantedRole {
    pub role: String,
    /// `null`: a built-in administrator role (every permission).
    pub permissions: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeployClient {
    /// The client of the scanned definitions it names, when it does.
    pub client: Option<String>,
    pub roles: Vec<String>,
    /// Whether the client it names was found.
    pub found: bool,
    pub location: Location,
}

#[derive(Debug, Clone, Serialize)]
pub struct Resource {
    #[serde(rename = "type")]
    pub kind: String,
    pub data_source: bool,
    /// Whether the provider's docs list it.
    pub known: bool,
    pub blocks: Vec<Location>,
    pub operations: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeployPick {
    pub permission: String,
    /// `null` when no deploy client is named or its roles cannot be read.
    pub granted: Option<bool>,
    /// The resource types that need it.
    pub resources: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeployPermissions {
    pub least_privilege: Vec<DeployPick>,
    pub exact: bool,
    /// Permissions the provider's docs list for these types.
    pub listed_by_provider: usize,
    pub role: Role,
}

/// A child module whose source was not read.
#[derive(Debug, Clone, Serialize)]
pub struct NotRead {
    pub module: String,
    pub source: String,
    pub location: Location,
}

/// Reads the app and computes each plan; with `write`, writes the scope
/// lists and says what could not be written.
pub fn run(db: &Database, opts: &Options, write: bool) -> Scopes {
    let model = opts.model();
    let outcome = check::run(db, &model);
    let cx = Context {
        app: &outcome.app,
        db,
        sources: &outcome.sources,
    };
    let plans = privilege::plans(&cx);
    let deploys = privilege::deploy::deploy_plans(&cx);
    let mut scopes = Scopes {
        clients: plans.iter().map(|p| client(&cx, p)).collect(),
        terraform_deploy: deploys.iter().map(|d| deploy(&cx, d)).collect(),
        written: None,
        calls_found: outcome.app.calls.len(),
        warnings: Warning::all(&outcome),
        write: None,
    };
    if write {
        let (last, applied) = fix::run(db, &model, &outcome, |o| {
            privilege::write_fixes(&Context {
                app: &o.app,
                db,
                sources: &o.sources,
            })
        });
        scopes.written = Some(
            applied
                .per_file
                .iter()
                .map(|(file, &changes)| Written {
                    file: file.clone(),
                    changes,
                })
                .collect(),
        );
        let unwritten = unwritten(db, last.as_ref().unwrap_or(&outcome));
        scopes.write = Some(Write { applied, unwritten });
    }
    scopes
}

/// Scope lists that are still not their least-privilege set.
fn unwritten(db: &Database, outcome: &Outcome) -> Vec<Unwritten> {
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
            Some(Unwritten {
                file: outcome.sources.get(client.name.span.file).rel.clone(),
                client: client.name.value.clone(),
                scopes: s.target.clone(),
            })
        })
        .collect()
}

fn call(cx: &Context<'_>, op: OpId, span: Span) -> Call {
    Call {
        operation: cx.db.op(op).display(),
        name: cx.db.op(op).name(),
        location: Location::of(cx.sources, span),
        method_not_seen: false,
    }
}

fn calls(cx: &Context<'_>, covers: &[OpCalls]) -> Vec<Call> {
    let mut out: Vec<Call> = Vec::new();
    for (c, s) in covers
        .iter()
        .flat_map(|c| c.spans.iter().map(move |&s| (c, s)))
    {
        let one = match c.unseen.contains(&s) {
            false => call(cx, c.op, s),
            // Said once, as the path: it may be any operation of it.
            true => Call {
                operation: cx.db.op(c.op).path.to_string(),
                name: format!("`{}` (method not seen)", cx.db.op(c.op).path),
                method_not_seen: true,
                ..call(cx, c.op, s)
            },
        };
        let repeated = out.iter().any(|o| {
            o.operation == one.operation
                && o.location.start_byte == one.location.start_byte
                && o.location.file == one.location.file
        });
        if !repeated {
            out.push(one);
        }
    }
    out
}

fn permission_set(
    cx: &Context<'_>,
    holder: Holder,
    perms: &privilege::PermissionPlan,
) -> PermissionSet {
    PermissionSet {
        holder,
        least_privilege: perms
            .picks
            .iter()
            .map(|pick| PermissionPick {
                permission: pick.name.clone(),
                granted: pick.granted,
                method_not_seen: pick.method_not_seen,
                calls: calls(cx, &pick.covers),
            })
            .collect(),
        exact: perms.exact,
        role: role(&perms.role),
        excess: Vec::new(),
    }
}

fn uncovered(cx: &Context<'_>, gaps: &[Gap]) -> Vec<Uncovered> {
    gaps.iter()
        .map(|g| Uncovered {
            reason: g.reason,
            written: g.written.clone(),
            operations: g.ops.iter().map(|&o| cx.db.op(o).display()).collect(),
            location: Location::of(cx.sources, g.span),
            name: match g.ops.as_slice() {
                [one] => Some(cx.db.op(*one).name()),
                _ => None,
            },
        })
        .collect()
}

fn role(role: &RoleDraft) -> Role {
    let (permission_policies, legacy) = role.policies();
    Role {
        name: role.name.clone(),
        description: role.description.clone(),
        permissions: role.permissions.clone(),
        permission_policies,
        manifest_yaml: role.manifest_yaml(),
        terraform: role.terraform(),
        wizard_json: role.wizard_json(),
        legacy,
        notes: role.notes.clone(),
    }
}

fn client(cx: &Context<'_>, p: &ClientPlan) -> Client {
    // An undeclared login is named, and has the grant, of its flow.
    let (name, grant_type, pkce, at, login, data_actions) = match p.owner {
        Owner::Client(c) => {
            let client = &cx.app.clients[c];
            let grant = client.grant.as_ref().map(|g| g.value.clone());
            (
                client.name.value.clone(),
                grant,
                client.pkce,
                client.name.span,
                None,
                false,
            )
        }
        Owner::Flow(f) => {
            let flow = &cx.app.flows[f];
            let grant = Some(flow.grant.as_str().to_string());
            let login = Location::of(cx.sources, flow.login);
            (
                flow.name(),
                grant,
                flow.pkce,
                flow.login,
                Some(login),
                flow.data_actions,
            )
        }
    };
    let declared = login.is_none();
    let scopes = match &p.plan {
        Plan::Scopes(s) => Some(ScopeSet {
            declared: s.declared.clone(),
            least_privilege: s
                .picks
                .iter()
                .map(|pick| ScopePick {
                    scope: pick.name.clone(),
                    inferred: pick.inferred,
                    method_not_seen: pick.method_not_seen,
                    calls: calls(cx, &pick.covers),
                })
                .collect(),
            exact: s.exact,
            kept: s.kept.clone(),
            target: s.target.clone(),
            changes: s
                .changes
                .iter()
                .filter(|_| declared)
                .map(|c| match c {
                    privilege::Change::Replace { from, to, .. } => Change::Replace {
                        from: from.clone(),
                        to: to.clone(),
                    },
                    privilege::Change::Add(scope) => Change::Add {
                        scope: scope.clone(),
                    },
                    privilege::Change::Remove { scope, .. } => Change::Remove {
                        scope: scope.clone(),
                    },
                })
                .collect(),
            inferred_calls: s
                .inferred_calls
                .iter()
                .map(|c| InferredCall {
                    call: call(cx, c.op, c.span),
                    inferred_scopes: c.scopes.clone(),
                })
                .collect(),
        }),
        _ => None,
    };
    let permissions = match (&p.plan, &p.users) {
        (Plan::Permissions(perms), _) => {
            let mut set = permission_set(cx, Holder::Client, perms);
            if let Owner::Client(c) = p.owner {
                set.excess = crate::rules::excess_grants(cx, c)
                    .into_iter()
                    .map(|e| Excess {
                        role: e.role,
                        wildcard: (e.covered > 0).then_some(Wildcard {
                            covers: e.covered,
                            needed: e.needed,
                        }),
                        permission: e.permission,
                    })
                    .collect();
            }
            Some(set)
        }
        (Plan::Scopes(_), Some(users)) => Some(permission_set(cx, Holder::Users, users)),
        _ => None,
    };
    Client {
        name,
        declared,
        grant_type,
        pkce,
        file: cx.sources.get(at.file).rel.clone(),
        login,
        status: match p.plan {
            Plan::NoCalls => Status::NoCalls,
            Plan::NoGrant => Status::NoGrant,
            _ => Status::Computed,
        },
        calls: p.calls,
        guessed_calls: p.guessed,
        scopes,
        permissions,
        method_not_seen: p
            .method_not_seen
            .iter()
            .map(|m| MethodNotSeen {
                written: m.written.clone(),
                operations: m.ops.iter().map(|&o| cx.db.op(o).display()).collect(),
                location: Location::of(cx.sources, m.span),
            })
            .collect(),
        uncovered: uncovered(cx, &p.gaps),
        data_actions,
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

fn deploy(cx: &Context<'_>, plan: &DeployPlan) -> Deploy {
    let modules = &cx.app.terraform;
    let root = &modules[plan.root].dir;
    Deploy {
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
        deploy_client: cx.app.deploy.as_ref().map(|d| DeployClient {
            client: (d.defined.is_some() || d.unresolved.is_some())
                .then(|| d.client.name.value.clone()),
            roles: d
                .client
                .roles
                .iter()
                .flat_map(|l| l.iter().map(|r| r.value.name.value.clone()))
                .collect(),
            found: d.unresolved.is_none(),
            location: Location::of(cx.sources, d.client.name.span),
        }),
        resources: plan
            .uses
            .iter()
            .map(|u| Resource {
                kind: u.kind.clone(),
                data_source: u.kind.starts_with("data."),
                known: u.known,
                blocks: u
                    .blocks
                    .iter()
                    .map(|&b| Location::of(cx.sources, b))
                    .collect(),
                operations: u.ops.iter().map(|&o| cx.db.op(o).display()).collect(),
            })
            .collect(),
        permissions: DeployPermissions {
            least_privilege: plan
                .permissions
                .picks
                .iter()
                .map(|p| DeployPick {
                    permission: p.name.clone(),
                    granted: if plan.named { p.granted } else { None },
                    resources: plan
                        .uses
                        .iter()
                        .filter(|u| p.covers.iter().any(|c| u.ops.contains(&c.op)))
                        .map(|u| u.kind.clone())
                        .collect(),
                })
                .collect(),
            exact: plan.permissions.exact,
            listed_by_provider: plan.listed,
            role: role(&plan.permissions.role),
        },
        scopes: plan.scopes.iter().map(|p| p.name.clone()).collect(),
        grants_roles: plan
            .grants
            .iter()
            .map(|(role, permissions)| GrantedRole {
                role: role.clone(),
                permissions: permissions.clone(),
            })
            .collect(),
        uncovered: uncovered(cx, &plan.gaps),
        not_read: plan
            .not_read
            .iter()
            .map(|c| NotRead {
                module: c.name.clone(),
                source: c.source.value.clone(),
                location: Location::of(cx.sources, c.source.span),
            })
            .collect(),
        named: plan.named,
        provider: cx.db.terraform().describe(),
    }
}
