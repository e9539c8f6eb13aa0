//! Least privilege per client, from the calls found (`gclint scopes`): the
//! smallest scope set for a user-grant client and the smallest permission
//! list (with a ready role) for a CLIENT-CREDENTIALS client. Scope needs and
//! roles are read through the same helpers the rules use.
//!
//! Imports only layers below it (docs/architecture.md): `db`, `diagnostic`,
//! `edit`, `model`, `rules`, `source`.

pub mod deploy;
pub mod role;

use crate::db::{OpId, PermissionMatch};
use crate::diagnostic::Fix;
use crate::edit;
use crate::model::{CallSite, ClientId, Flow, FlowId, Link, OAuthClient, Resolution};
use crate::rules::support::{client_roles, is_admin_permission, permission_cost, ScopeNeed};
use crate::rules::Context;
use crate::source::Span;
use crate::source::Spanned;
use std::collections::{BTreeSet, HashMap};

/// An operation and the places that call it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpCalls {
    pub op: OpId,
    pub spans: Vec<Span>,
    /// Those of `spans` whose HTTP method gclint did not see: the call may
    /// be this operation or another of its path.
    pub unseen: Vec<Span>,
}

/// A call whose path is known and whose HTTP method is not: it may be any
/// operation of the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodNotSeen {
    pub span: Span,
    /// What the code names (`/api/v2/x`).
    pub written: String,
    /// The operations of the path.
    pub ops: Vec<OpId>,
}

/// One scope or permission of a least-privilege set and what needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    pub name: String,
    /// The operations (with their call sites) it allows.
    pub covers: Vec<OpCalls>,
    /// In the set only for calls judged on inferred scopes.
    pub inferred: bool,
    /// In the set only for calls whose HTTP method gclint did not see (it
    /// covers every method of their path).
    pub method_not_seen: bool,
    /// Permissions: whether the client's current roles grant it (`None`:
    /// some role cannot be read).
    pub granted: Option<bool>,
}

/// Why a call is left out of the set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapReason {
    /// The database does not know the operation's scopes.
    ScopesUnknown,
    /// The database does not know the operation's permissions.
    PermissionsUnknown,
    /// The path is known but not which of its methods the code uses.
    MethodUnknown,
    /// Not a Platform API operation (`gclint check` reports it).
    Unresolved,
}

impl GapReason {
    pub fn as_str(self) -> &'static str {
        match self {
            GapReason::ScopesUnknown => "scopes-unknown",
            GapReason::PermissionsUnknown => "permissions-unknown",
            GapReason::MethodUnknown => "method-unknown",
            GapReason::Unresolved => "unresolved",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub span: Span,
    pub reason: GapReason,
    /// The operations it may be (one for unknown scopes or permissions,
    /// those of the path for an unknown method, none when unresolved).
    pub ops: Vec<OpId>,
    /// What the code names (`POST /api/v2/x`, `XxxApi.method`).
    pub written: String,
}

/// A call judged on scopes the swagger does not list (gclint's guess).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InferredCall {
    pub span: Span,
    pub op: OpId,
    pub scopes: Vec<String>,
}

/// One change to a declared scope list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Item `index` becomes its readonly (or write) twin.
    Replace {
        index: usize,
        from: String,
        to: String,
    },
    Add(String),
    Remove {
        index: usize,
        scope: String,
    },
}

#[derive(Debug, Clone)]
pub struct ScopePlan {
    /// The set, in the order of `target`.
    pub picks: Vec<Pick>,
    pub exact: bool,
    pub declared: Vec<String>,
    /// Declared scopes kept for calls the set does not cover: every one
    /// when some call's scopes are unknown, else those an operation of a
    /// path with an unknown method accepts.
    pub kept: Vec<String>,
    /// The scope list `--write` leaves: declared order kept, twins replaced
    /// in place, new scopes appended.
    pub target: Vec<String>,
    /// From the declared list to `target`: replacements, additions, removals.
    pub changes: Vec<Change>,
    pub inferred_calls: Vec<InferredCall>,
}

#[derive(Debug, Clone)]
pub struct PermissionPlan {
    /// Sorted by name.
    pub picks: Vec<Pick>,
    pub exact: bool,
    pub role: role::RoleDraft,
}

impl PermissionPlan {
    /// The permissions in the set only for calls whose method gclint did
    /// not see.
    pub fn for_unseen(&self) -> Vec<&str> {
        self.picks
            .iter()
            .filter(|p| p.method_not_seen)
            .map(|p| p.name.as_str())
            .collect()
    }
}

#[derive(Debug, Clone)]
pub enum Plan {
    Scopes(ScopePlan),
    Permissions(PermissionPlan),
    /// No call in the scanned files runs under the client.
    NoCalls,
    /// The grant type is missing or not one Genesys Cloud has.
    NoGrant,
}

/// What a plan is for: a client a definition declares, or a login the code
/// performs that none declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Client(ClientId),
    Flow(FlowId),
}

#[derive(Debug, Clone)]
pub struct ClientPlan {
    pub owner: Owner,
    pub calls: usize,
    /// Calls tied to the client only because nothing says which client runs
    /// their file (they count for every candidate client).
    pub guessed: usize,
    pub gaps: Vec<Gap>,
    pub plan: Plan,
    /// For a user-grant client: what the signed-in users' roles need for
    /// the calls (scopes limit a user's token; the user's permissions
    /// still decide each call).
    pub users: Option<PermissionPlan>,
    /// Calls covered for every method of their path, the method not seen.
    pub method_not_seen: Vec<MethodNotSeen>,
}

/// Every client's plan, in manifest order, then every undeclared login's.
pub fn plans(cx: &Context<'_>) -> Vec<ClientPlan> {
    let clients = (0..cx.app.clients.len()).map(|c| plan(cx, c));
    let flows = (0..cx.app.flows.len()).map(|f| flow_plan(cx, f));
    clients.chain(flows).collect()
}

/// An undeclared login as a client with nothing declared: no scopes, no
/// roles; its name and grant from the login.
pub fn flow_client(flow: &Flow) -> OAuthClient {
    let name = Spanned::new(flow.name(), flow.login);
    OAuthClient {
        pkce: flow.pkce,
        ..OAuthClient::bare(
            name,
            crate::model::Origin::Code,
            flow.grant.as_str(),
            flow.root.clone(),
        )
    }
}

/// What an undeclared login needs: the smallest scope set (user grants) or
/// permission list and role (client credentials). Nothing is declared, so
/// nothing is compared.
pub fn flow_plan(cx: &Context<'_>, flow: FlowId) -> ClientPlan {
    let client = flow_client(&cx.app.flows[flow]);
    let called = ops_called(cx.app.calls_of_flow(flow));
    let mut gaps = called.gaps.clone();
    let mut users = None;
    let plan = match client.grant_kind() {
        _ if called.calls == 0 => Plan::NoCalls,
        Some(kind) if kind.is_user_grant() => {
            let mut perms = users_plan(cx, &client, &called, &mut gaps);
            for pick in &mut perms.picks {
                pick.granted = None;
            }
            let notes = std::mem::take(&mut perms.role.notes);
            perms.role =
                role::RoleDraft::for_flow_users(&cx.app.flows[flow], perms.role.permissions);
            perms.role.notes = notes;
            users = Some(perms);
            Plan::Scopes(scope_plan(cx, &client, &called, &mut gaps))
        }
        _ => {
            let mut perms = permission_plan(cx, &client, &called, &mut gaps);
            for pick in &mut perms.picks {
                pick.granted = None;
            }
            let notes = std::mem::take(&mut perms.role.notes);
            perms.role = role::RoleDraft::for_flow(&cx.app.flows[flow], perms.role.permissions);
            perms.role.notes = notes;
            Plan::Permissions(perms)
        }
    };
    let method_not_seen = covered_unseen(&called, &gaps);
    sort_gaps(&mut gaps);
    ClientPlan {
        owner: Owner::Flow(flow),
        calls: called.calls,
        guessed: called.guessed,
        gaps,
        plan,
        users,
        method_not_seen,
    }
}

/// What the signed-in users of a user-grant client need: a permission
/// plan whose calls not covered are said as permissions not known (the
/// scope plan says its own).
fn users_plan(
    cx: &Context<'_>,
    client: &OAuthClient,
    called: &Called,
    gaps: &mut Vec<Gap>,
) -> PermissionPlan {
    let mut own = Vec::new();
    let plan = permission_plan(cx, client, called, &mut own);
    for mut g in own {
        if g.reason == GapReason::MethodUnknown {
            g.reason = GapReason::PermissionsUnknown;
        }
        gaps.push(g);
    }
    plan
}

/// Gaps in file order, each once (a scope plan and a permission plan may
/// both find a call not covered).
fn sort_gaps(gaps: &mut Vec<Gap>) {
    gaps.sort_by_key(|g| (g.span.file, g.span.start, g.reason.as_str()));
    gaps.dedup_by(|a, b| a.span == b.span && a.reason == b.reason && a.ops == b.ops);
}

/// The calls of unseen method that every plan covered (none of them is
/// left as a gap).
fn covered_unseen(called: &Called, gaps: &[Gap]) -> Vec<MethodNotSeen> {
    called
        .unseen
        .iter()
        .filter(|u| {
            !gaps
                .iter()
                .any(|g| g.span == u.span && g.reason == GapReason::MethodUnknown)
        })
        .cloned()
        .collect()
}

/// What one requirement asks: any one of `options`.
struct Need {
    options: Vec<String>,
    inferred: bool,
    /// It comes from a call whose method gclint did not see.
    unseen: bool,
    op: OpId,
    spans: Vec<Span>,
}

/// The calls of a client, gathered: per operation (in the order first
/// called) its call sites, the calls whose method is not seen, the calls
/// not resolved, and how many there are.
#[derive(Debug, Clone, Default)]
pub struct Called {
    pub ops: Vec<OpCalls>,
    pub unseen: Vec<MethodNotSeen>,
    pub gaps: Vec<Gap>,
    pub calls: usize,
    pub guessed: usize,
}

impl Called {
    /// Operations called at their own call sites only.
    pub fn of_ops(ops: Vec<OpCalls>) -> Called {
        Called {
            ops,
            ..Called::default()
        }
    }
}

fn ops_called<'a>(of: impl Iterator<Item = &'a CallSite>) -> Called {
    let mut out = Called::default();
    let mut index: HashMap<OpId, usize> = HashMap::new();
    for call in of {
        out.calls += 1;
        if call.link == Link::Guess || call.flows.len() > 1 {
            out.guessed += 1;
        }
        let written = call.kind.written();
        match &call.resolution {
            Resolution::Operation(id) => match index.get(id) {
                Some(&i) => out.ops[i].spans.push(call.span),
                None => {
                    index.insert(*id, out.ops.len());
                    out.ops.push(OpCalls {
                        op: *id,
                        spans: vec![call.span],
                        unseen: Vec::new(),
                    });
                }
            },
            Resolution::PathOnly(alternatives) => out.unseen.push(MethodNotSeen {
                span: call.span,
                written,
                ops: alternatives.clone(),
            }),
            _ => out.gaps.push(Gap {
                span: call.span,
                reason: GapReason::Unresolved,
                ops: Vec::new(),
                written,
            }),
        }
    }
    out
}

/// The operations a plan judges: those called, and each operation of the
/// path of every call whose method is not seen, when `known` says all of
/// that path's requirements are known (else the call is a gap, not
/// covered).
fn with_unseen(called: &Called, known: impl Fn(OpId) -> bool, gaps: &mut Vec<Gap>) -> Vec<OpCalls> {
    let mut ops = called.ops.clone();
    for u in &called.unseen {
        if !u.ops.iter().all(|&o| known(o)) {
            gaps.push(Gap {
                span: u.span,
                reason: GapReason::MethodUnknown,
                ops: u.ops.clone(),
                written: u.written.clone(),
            });
            continue;
        }
        for &op in &u.ops {
            match ops.iter_mut().find(|o| o.op == op) {
                Some(o) => {
                    o.spans.push(u.span);
                    o.unseen.push(u.span);
                }
                None => ops.push(OpCalls {
                    op,
                    spans: vec![u.span],
                    unseen: vec![u.span],
                }),
            }
        }
    }
    ops
}

/// A requirement of the calls of `oc`: one need of the seen call sites,
/// one of the unseen (both when the operation has both).
fn needs_of(oc: &OpCalls, options: Vec<String>, inferred: bool) -> Vec<Need> {
    let seen: Vec<Span> = oc
        .spans
        .iter()
        .filter(|s| !oc.unseen.contains(s))
        .copied()
        .collect();
    let mut out = Vec::new();
    if !seen.is_empty() {
        out.push(Need {
            options: options.clone(),
            inferred,
            unseen: false,
            op: oc.op,
            spans: seen,
        });
    }
    if !oc.unseen.is_empty() {
        out.push(Need {
            options,
            inferred,
            unseen: true,
            op: oc.op,
            spans: oc.unseen.clone(),
        });
    }
    out
}

pub fn plan(cx: &Context<'_>, client: ClientId) -> ClientPlan {
    let c = &cx.app.clients[client];
    let called = ops_called(cx.app.calls_of(client));
    let mut gaps = called.gaps.clone();
    let mut out = ClientPlan {
        owner: Owner::Client(client),
        calls: called.calls,
        guessed: called.guessed,
        gaps: Vec::new(),
        plan: Plan::NoGrant,
        users: None,
        method_not_seen: Vec::new(),
    };
    let Some(kind) = c.grant_kind() else {
        out.gaps = gaps;
        return out;
    };
    if called.calls == 0 {
        out.plan = Plan::NoCalls;
        return out;
    }
    out.plan = if kind.is_user_grant() {
        let mut users = users_plan(cx, c, &called, &mut gaps);
        let notes = std::mem::take(&mut users.role.notes);
        users.role = role::RoleDraft::for_users(c, users.role.permissions);
        users.role.notes = notes;
        out.users = Some(users);
        Plan::Scopes(scope_plan(cx, c, &called, &mut gaps))
    } else {
        Plan::Permissions(permission_plan(cx, c, &called, &mut gaps))
    };
    out.method_not_seen = covered_unseen(&called, &gaps);
    sort_gaps(&mut gaps);
    out.gaps = gaps;
    out
}

/// Solves the needs over their option names; `cost` ranks equal-sized
/// sets, and remaining ties go to the option the swagger lists first.
fn solve(needs: &[Need], cost: impl Fn(&str, &[String]) -> u32) -> (Vec<Pick>, bool) {
    let mut names: Vec<String> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for option in needs.iter().flat_map(|n| n.options.iter()) {
        if !index.contains_key(option.as_str()) {
            index.insert(option, names.len());
            names.push(option.clone());
        }
    }
    let clauses: Vec<Vec<usize>> = needs
        .iter()
        .map(|n| {
            n.options
                .iter()
                .filter_map(|o| index.get(o.as_str()).copied())
                .collect()
        })
        .collect();
    let costs: Vec<u32> = names.iter().map(|n| cost(n, &names)).collect();
    let found = crate::rules::cover::smallest(&clauses, &costs);
    let chosen: Vec<&String> = found.chosen.iter().map(|&i| &names[i]).collect();
    let picks = chosen
        .iter()
        .map(|&name| {
            let covering: Vec<&Need> = needs.iter().filter(|n| n.options.contains(name)).collect();
            // The needs only this element of the set meets.
            let own: Vec<&&Need> = covering
                .iter()
                .filter(|n| {
                    !chosen
                        .iter()
                        .any(|&other| other != name && n.options.contains(other))
                })
                .collect();
            let mut covers: Vec<OpCalls> = Vec::new();
            for n in &covering {
                let unseen = match n.unseen {
                    true => n.spans.clone(),
                    false => Vec::new(),
                };
                match covers.iter_mut().find(|c| c.op == n.op) {
                    Some(c) => {
                        c.spans.extend(n.spans.iter().copied());
                        c.unseen.extend(unseen);
                    }
                    None => covers.push(OpCalls {
                        op: n.op,
                        spans: n.spans.clone(),
                        unseen,
                    }),
                }
            }
            Pick {
                name: name.clone(),
                covers,
                inferred: !own.is_empty() && own.iter().all(|n| n.inferred),
                method_not_seen: !own.is_empty() && own.iter().all(|n| n.unseen),
                granted: None,
            }
        })
        .collect();
    (picks, found.exact)
}

/// Ranks scopes of equal count: a readonly scope before a write scope.
fn scope_cost(scope: &str, _all: &[String]) -> u32 {
    if scope.ends_with(":readonly") {
        1
    } else {
        2
    }
}

fn scope_plan(
    cx: &Context<'_>,
    client: &OAuthClient,
    called: &Called,
    gaps: &mut Vec<Gap>,
) -> ScopePlan {
    let known = |o: OpId| !matches!(ScopeNeed::of(cx.db.op(o)), ScopeNeed::Unknown);
    let ops = with_unseen(called, known, gaps);
    let mut needs = Vec::new();
    let mut inferred_calls = Vec::new();
    for oc in &ops {
        match ScopeNeed::of(cx.db.op(oc.op)) {
            ScopeNeed::NoScope => {}
            ScopeNeed::Known(s) => needs.extend(needs_of(
                oc,
                s.iter().map(|x| x.to_string()).collect(),
                false,
            )),
            ScopeNeed::Inferred(s) => {
                let options: Vec<String> = s.iter().map(|x| x.to_string()).collect();
                for &span in &oc.spans {
                    inferred_calls.push(InferredCall {
                        span,
                        op: oc.op,
                        scopes: options.clone(),
                    });
                }
                needs.extend(needs_of(oc, options, true));
            }
            ScopeNeed::Unknown => {
                for &span in &oc.spans {
                    gaps.push(Gap {
                        span,
                        reason: GapReason::ScopesUnknown,
                        ops: vec![oc.op],
                        written: cx.db.op(oc.op).display(),
                    });
                }
            }
        }
    }
    let (picks, exact) = solve(&needs, scope_cost);
    let declared: Vec<String> = client
        .scopes
        .iter()
        .flat_map(|l| l.iter().map(|s| s.value.clone()))
        .collect();
    let any_unknown = gaps.iter().any(|g| g.reason == GapReason::ScopesUnknown);
    let may_need = |scope: &str| {
        any_unknown
            || gaps.iter().any(|g| {
                g.reason == GapReason::MethodUnknown
                    && g.ops
                        .iter()
                        .any(|&o| ScopeNeed::of(cx.db.op(o)).accepts(scope))
            })
    };
    let mut wanted: BTreeSet<String> = picks.iter().map(|p| p.name.clone()).collect();
    let mut kept: Vec<String> = Vec::new();
    for scope in &declared {
        if cx.db.is_scope(scope)
            && !wanted.contains(scope)
            && may_need(scope)
            && !kept.contains(scope)
        {
            kept.push(scope.clone());
        }
    }
    wanted.extend(kept.iter().cloned());
    let (target, changes) = changes_to(&declared, &wanted);
    let mut picks = picks;
    picks.sort_by_key(|p| target.iter().position(|t| *t == p.name));
    ScopePlan {
        picks,
        exact,
        declared,
        kept,
        target,
        changes,
        inferred_calls,
    }
}

/// The twin of a scope: `x` ↔ `x:readonly`.
fn twin(scope: &str) -> String {
    match scope.strip_suffix(":readonly") {
        Some(write) => write.to_string(),
        None => format!("{scope}:readonly"),
    }
}

/// The edits from `declared` to a list holding exactly `wanted`: kept items
/// stay where they are, an item whose twin is wanted (and not declared)
/// becomes it, new scopes are appended in name order, the rest (and
/// repeats) go. Returns the resulting list and the changes.
fn changes_to(declared: &[String], wanted: &BTreeSet<String>) -> (Vec<String>, Vec<Change>) {
    let mut placed: BTreeSet<&str> = BTreeSet::new();
    let mut result: Vec<Option<String>> = Vec::new();
    let mut replaces = Vec::new();
    let mut removes = Vec::new();
    for (index, scope) in declared.iter().enumerate() {
        if wanted.contains(scope) && placed.insert(scope) {
            result.push(Some(scope.clone()));
            continue;
        }
        let other = twin(scope);
        if let Some(to) = wanted.get(&other) {
            if !declared.contains(to) && placed.insert(to) {
                replaces.push(Change::Replace {
                    index,
                    from: scope.clone(),
                    to: to.clone(),
                });
                result.push(Some(to.clone()));
                continue;
            }
        }
        removes.push(Change::Remove {
            index,
            scope: scope.clone(),
        });
        result.push(None);
    }
    let adds: Vec<String> = wanted
        .iter()
        .filter(|w| !placed.contains(w.as_str()))
        .cloned()
        .collect();
    let mut target: Vec<String> = result.into_iter().flatten().collect();
    target.extend(adds.iter().cloned());
    let mut changes = replaces;
    changes.extend(adds.into_iter().map(Change::Add));
    changes.extend(removes);
    (target, changes)
}

fn permission_plan(
    cx: &Context<'_>,
    client: &OAuthClient,
    called: &Called,
    gaps: &mut Vec<Gap>,
) -> PermissionPlan {
    let known = |o: OpId| cx.db.op(o).permissions.is_some();
    let before = gaps.len();
    let ops = with_unseen(called, known, gaps);
    let mut needs = Vec::new();
    for oc in &ops {
        let op = cx.db.op(oc.op);
        let Some(perms) = &op.permissions else {
            for &span in &oc.spans {
                gaps.push(Gap {
                    span,
                    reason: GapReason::PermissionsUnknown,
                    ops: vec![oc.op],
                    written: op.display(),
                });
            }
            continue;
        };
        let list: Vec<String> = perms.list.iter().map(|p| p.to_string()).collect();
        if list.is_empty() {
            continue;
        }
        if perms.kind == Some(PermissionMatch::Any) {
            // An administration permission only when nothing else will do.
            let narrow: Vec<String> = list
                .iter()
                .filter(|p| !is_admin_permission(p))
                .cloned()
                .collect();
            needs.extend(needs_of(
                oc,
                if narrow.is_empty() { list } else { narrow },
                false,
            ));
        } else {
            for p in list {
                needs.extend(needs_of(oc, vec![p], false));
            }
        }
    }
    let (mut picks, exact) = solve(&needs, permission_cost);
    picks.sort_by(|a, b| a.name.cmp(&b.name));
    let roles = client_roles(cx, client);
    for pick in &mut picks {
        pick.granted = roles.as_ref().and_then(|r| {
            if r.admin || r.roles.iter().any(|role| role.covers(&pick.name).is_some()) {
                Some(true)
            } else if r.unresolved.is_empty() {
                Some(false)
            } else {
                None
            }
        });
    }
    let mut role =
        role::RoleDraft::for_client(cx, client, picks.iter().map(|p| p.name.clone()).collect());
    role.notes = unseen_notes(cx, &picks);
    // What the role may lack: the calls this plan could not cover.
    role.notes.extend(gaps[before..].iter().map(|g| {
        let file = cx.sources.get(g.span.file);
        let at = file.line_col(g.span.start as usize);
        let why = match g.reason {
            GapReason::MethodUnknown => "its HTTP method is not seen and an operation of its path has permissions the database does not know",
            _ => "the database does not know its permissions",
        };
        format!(
            "not covered: {} at {}:{}:{} ({why})",
            g.written, file.rel, at.line, at.column
        )
    }));
    PermissionPlan { picks, exact, role }
}

/// What the role grants only because a call's method was not seen: per
/// such call, the permissions, said in the role.
fn unseen_notes(cx: &Context<'_>, picks: &[Pick]) -> Vec<String> {
    let mut by_call: Vec<(Span, String, Vec<String>)> = Vec::new();
    for pick in picks.iter().filter(|p| p.method_not_seen) {
        for oc in &pick.covers {
            for &span in &oc.unseen {
                let path = cx.db.op(oc.op).path.to_string();
                match by_call.iter_mut().find(|(s, ..)| *s == span) {
                    Some((_, _, names)) if !names.contains(&pick.name) => {
                        names.push(pick.name.clone())
                    }
                    Some(_) => {}
                    None => by_call.push((span, path, vec![pick.name.clone()])),
                }
            }
        }
    }
    by_call.sort_by_key(|(s, ..)| (s.file, s.start));
    by_call
        .into_iter()
        .map(|(span, path, names)| {
            let file = cx.sources.get(span.file);
            let at = file.line_col(span.start as usize);
            format!(
                "{}: for {path} at {}:{}:{}, whose HTTP method gclint did not see (every method of the path is covered)",
                names.join(", "),
                file.rel,
                at.line,
                at.column
            )
        })
        .collect()
}

/// The edit for one change of a user-grant client's scope list, through
/// the same list helpers as `check --fix`.
pub fn change_fix(cx: &Context<'_>, client: &OAuthClient, change: &Change) -> Option<Fix> {
    let who = &client.name.value;
    match change {
        Change::Replace { index, from, to } => edit::replace_item(
            cx.sources,
            client.scopes.as_ref()?,
            *index,
            to,
            format!("replace `{from}` with `{to}` in the scopes of client `{who}`"),
        ),
        Change::Add(scope) => {
            let what = format!("add `{scope}` to the scopes of client `{who}`");
            match &client.scopes {
                Some(list) => edit::append_item(cx.sources, list, scope, what),
                None => edit::add_entry(
                    cx.sources,
                    client.decl,
                    client.name.span,
                    "scopes",
                    scope,
                    what,
                ),
            }
        }
        Change::Remove { index, scope } => edit::remove_item(
            cx.sources,
            client.scopes.as_ref()?,
            *index,
            format!("remove `{scope}` from the scopes of client `{who}`"),
        ),
    }
}

/// For `--write`: per user-grant client, the first change whose edit can be
/// worked out (one per pass: the next pass plans again on the result).
pub fn write_fixes(cx: &Context<'_>) -> Vec<Fix> {
    plans(cx)
        .iter()
        .filter_map(|p| {
            let (Plan::Scopes(s), Owner::Client(client)) = (&p.plan, p.owner) else {
                return None;
            };
            let client = &cx.app.clients[client];
            s.changes.iter().find_map(|c| change_fix(cx, client, c))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn changes_keep_order_and_replace_twins_in_place() {
        let declared = list(&[
            "user-basic-info",
            "users",
            "users:readonly",
            "analytics",
            "notifications",
        ]);
        let wanted = set(&[
            "user-basic-info",
            "users",
            "analytics:readonly",
            "presence:readonly",
        ]);
        let (target, changes) = changes_to(&declared, &wanted);
        assert_eq!(
            target,
            list(&[
                "user-basic-info",
                "users",
                "analytics:readonly",
                "presence:readonly"
            ])
        );
        assert_eq!(
            changes,
            [
                Change::Replace {
                    index: 3,
                    from: "analytics".into(),
                    to: "analytics:readonly".into()
                },
                Change::Add("presence:readonly".into()),
                Change::Remove {
                    index: 2,
                    scope: "users:readonly".into()
                },
                Change::Remove {
                    index: 4,
                    scope: "notifications".into()
                },
            ]
        );
        // Repeats go; a wanted twin already declared is not made twice.
        let (target, _) = changes_to(
            &list(&["a", "a", "b", "b:readonly"]),
            &set(&["a", "b:readonly"]),
        );
        assert_eq!(target, list(&["a", "b:readonly"]));
    }

    #[test]
    fn narrow_permissions_rank_first() {
        let all = list(&[
            "routing:queue:edit",
            "routing:queueMember:manage",
            "routing:queue:view",
        ]);
        assert!(
            permission_cost("routing:queueMember:manage", &all)
                < permission_cost("routing:queue:edit", &all)
        );
        assert!(
            permission_cost("routing:queue:view", &all)
                < permission_cost("routing:queueMember:manage", &all)
        );
        assert!(
            permission_cost("routing:*:view", &all) > permission_cost("routing:queue:edit", &all)
        );
        assert!(
            permission_cost("admin", &all) > permission_cost("directory:organization:admin", &all)
        );
        assert!(is_admin_permission("directory:organization:admin"));
    }
}
