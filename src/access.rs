//! What one revision of an app grants and needs, per client, and the
//! difference between two revisions (`gclint access-diff`).
//!
//! A client's *granted* access is what its definition declares: its scope
//! list, its roles and the permissions those roles (as defined in the
//! repository) hold. Its *needed* access is what the code asks for: the
//! least-privilege scope or permission set of [`crate::privilege`], each
//! with the call sites that need it. Clients are declared clients and the
//! logins the code performs that no definition declares, matched across
//! revisions by name.
//!
//! Imports only layers below it (docs/architecture.md): `diagnostic`,
//! `model`, `privilege`, `rules`, `source`.

use crate::diagnostic::{Diagnostic, RuleMeta};
use crate::model::OAuthClient;
use crate::privilege::{self, OpCalls, Owner, Pick, Plan};
use crate::rules::support::client_roles;
use crate::rules::Context;
use crate::source::{SourceMap, Span};
use std::collections::{BTreeMap, HashMap};

/// A position, as shown: the file relative to the output root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl Place {
    pub fn of(sources: &SourceMap, span: Span) -> Place {
        let file = sources.get(span.file);
        let at = file.line_col(span.start as usize);
        Place {
            file: file.rel.clone(),
            line: at.line,
            column: at.column,
        }
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// An item written in a definition: a scope, a role reference, a
/// permission of a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    pub name: String,
    pub place: Place,
    /// In the revision's sources (SARIF results point at it).
    pub span: Span,
}

/// A permission a client holds through its roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Granted {
    pub permission: String,
    /// The roles that grant it, in the client's order.
    pub roles: Vec<String>,
}

/// One call site that needs a scope or permission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallAt {
    /// `GET /api/v2/users/me`.
    pub operation: String,
    /// The SDK name, else the route.
    pub name: String,
    pub place: Place,
}

/// A scope or permission the code needs, and the calls that need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Needed {
    pub name: String,
    /// Needed only by calls judged on inferred scopes.
    pub inferred: bool,
    pub calls: Vec<CallAt>,
}

/// One client's access in one revision.
#[derive(Debug, Clone)]
pub struct ClientAccess {
    /// How the client is matched across revisions: its name, with its file
    /// when two clients share the name.
    pub key: String,
    /// As defined, or as `gclint scopes` names an undeclared login.
    pub name: String,
    /// `false`: a login in the code that no definition declares.
    pub declared: bool,
    pub grant_type: Option<String>,
    /// Where it is defined (an undeclared login: where the code logs in).
    pub place: Place,
    pub span: Span,
    pub scopes: Vec<Declared>,
    /// Role references (a user-grant client: the roles its users hold).
    pub roles: Vec<Declared>,
    pub permissions: Vec<Granted>,
    pub needed_scopes: Vec<Needed>,
    pub needed_permissions: Vec<Needed>,
}

/// A role defined in the repository.
#[derive(Debug, Clone)]
pub struct RoleAccess {
    pub key: String,
    pub name: String,
    pub place: Place,
    pub span: Span,
    pub permissions: Vec<Declared>,
}

/// What one revision grants and needs.
#[derive(Debug, Clone, Default)]
pub struct Access {
    pub clients: Vec<ClientAccess>,
    pub roles: Vec<RoleAccess>,
}

/// `name`, or `name (file)` for names that repeat.
fn keys(names: &[(String, String)]) -> Vec<String> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for (name, _) in names {
        *count.entry(name).or_default() += 1;
    }
    names
        .iter()
        .map(|(name, file)| match count[name.as_str()] {
            1 => name.clone(),
            _ => format!("{name} ({file})"),
        })
        .collect()
}

fn calls_at(cx: &Context<'_>, covers: &[OpCalls]) -> Vec<CallAt> {
    let mut out: Vec<CallAt> = covers
        .iter()
        .flat_map(|c| c.spans.iter().map(move |&s| (c.op, s)))
        .map(|(op, span)| CallAt {
            operation: cx.db.op(op).display(),
            name: cx.db.op(op).name(),
            place: Place::of(cx.sources, span),
        })
        .collect();
    out.sort_by(|a, b| {
        (&a.place.file, a.place.line, a.place.column).cmp(&(
            &b.place.file,
            b.place.line,
            b.place.column,
        ))
    });
    out
}

fn needed(cx: &Context<'_>, picks: &[Pick]) -> Vec<Needed> {
    let mut out: Vec<Needed> = picks
        .iter()
        .map(|p| Needed {
            name: p.name.clone(),
            inferred: p.inferred,
            calls: calls_at(cx, &p.covers),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The permissions a client's roles hold, each with the roles granting it.
fn granted(cx: &Context<'_>, client: &OAuthClient) -> Vec<Granted> {
    let Some(resolved) = client_roles(cx, client) else {
        return Vec::new();
    };
    let mut by_permission: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for role in &resolved.roles {
        for grant in &role.grants {
            let roles = by_permission.entry(grant.value.text()).or_default();
            if !roles.contains(&role.name.value) {
                roles.push(role.name.value.clone());
            }
        }
    }
    by_permission
        .into_iter()
        .map(|(permission, roles)| Granted { permission, roles })
        .collect()
}

fn role_refs(cx: &Context<'_>, client: &OAuthClient) -> Vec<Declared> {
    let declared = |name: &str, span: Span| Declared {
        name: name.to_string(),
        place: Place::of(cx.sources, span),
        span,
    };
    if client.is_client_credentials() {
        client
            .roles
            .iter()
            .flat_map(|l| l.iter())
            .map(|r| declared(&r.value.name.value, r.span))
            .collect()
    } else {
        client
            .user_roles
            .iter()
            .flat_map(|l| l.iter())
            .map(|r| declared(&r.value, r.span))
            .collect()
    }
}

impl Access {
    /// The access of the app `cx` holds.
    pub fn of(cx: &Context<'_>) -> Access {
        let plans = privilege::plans(cx);
        let mut clients: Vec<ClientAccess> = plans
            .iter()
            .map(|p| {
                let undeclared;
                let (client, declared) = match p.owner {
                    Owner::Client(c) => (&cx.app.clients[c], true),
                    Owner::Flow(f) => {
                        undeclared = privilege::flow_client(&cx.app.flows[f]);
                        (&undeclared, false)
                    }
                };
                let (needed_scopes, needed_permissions) = match &p.plan {
                    Plan::Scopes(s) => (needed(cx, &s.picks), Vec::new()),
                    Plan::Permissions(perms) => (Vec::new(), needed(cx, &perms.picks)),
                    Plan::NoCalls | Plan::NoGrant => (Vec::new(), Vec::new()),
                };
                let span = if declared {
                    client.name.span
                } else {
                    client.decl
                };
                let mut scopes: Vec<Declared> = Vec::new();
                for s in client.scopes.iter().flat_map(|l| l.iter()) {
                    if !scopes.iter().any(|d| d.name == s.value) {
                        scopes.push(Declared {
                            name: s.value.clone(),
                            place: Place::of(cx.sources, s.span),
                            span: s.span,
                        });
                    }
                }
                ClientAccess {
                    key: String::new(),
                    name: client.name.value.clone(),
                    declared,
                    grant_type: client.grant.as_ref().map(|g| g.value.clone()),
                    place: Place::of(cx.sources, span),
                    span,
                    scopes,
                    roles: role_refs(cx, client),
                    permissions: granted(cx, client),
                    needed_scopes,
                    needed_permissions,
                }
            })
            .collect();
        let names: Vec<(String, String)> = clients
            .iter()
            .map(|c| (c.name.clone(), c.place.file.clone()))
            .collect();
        for (c, key) in clients.iter_mut().zip(keys(&names)) {
            c.key = key;
        }
        let mut roles: Vec<RoleAccess> = cx
            .app
            .roles
            .iter()
            .map(|r| RoleAccess {
                key: String::new(),
                name: r.name.value.clone(),
                place: Place::of(cx.sources, r.name.span),
                span: r.name.span,
                permissions: r
                    .grants
                    .iter()
                    .map(|g| Declared {
                        name: g.value.text(),
                        place: Place::of(cx.sources, g.span),
                        span: g.span,
                    })
                    .collect(),
            })
            .collect();
        let names: Vec<(String, String)> = roles
            .iter()
            .map(|r| (r.name.clone(), r.place.file.clone()))
            .collect();
        for (r, key) in roles.iter_mut().zip(keys(&names)) {
            r.key = key;
        }
        Access { clients, roles }
    }
}

/// What HEAD has that BASE has not (`added`, as HEAD has it), and the
/// reverse (`removed`, as BASE had it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes<'a, T> {
    pub added: Vec<&'a T>,
    pub removed: Vec<&'a T>,
}

impl<T> Changes<'_, T> {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }
}

fn changes<'a, T>(base: &'a [T], head: &'a [T], name: impl Fn(&T) -> &str) -> Changes<'a, T> {
    let has = |list: &[T], n: &str| list.iter().any(|x| name(x) == n);
    Changes {
        added: head.iter().filter(|x| !has(base, name(x))).collect(),
        removed: base.iter().filter(|x| !has(head, name(x))).collect(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Only HEAD has it.
    Added,
    /// Only BASE had it.
    Removed,
    /// Both have it, with differences.
    Changed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Changed => "changed",
        }
    }
}

/// How one client's access differs.
#[derive(Debug, Clone)]
pub struct ClientDiff<'a> {
    pub status: Status,
    /// HEAD's client (BASE's when removed).
    pub client: &'a ClientAccess,
    /// BASE's grant type, when HEAD's differs.
    pub grant_type_before: Option<Option<&'a str>>,
    pub scopes: Changes<'a, Declared>,
    pub roles: Changes<'a, Declared>,
    pub permissions: Changes<'a, Granted>,
    pub needed_scopes: Changes<'a, Needed>,
    pub needed_permissions: Changes<'a, Needed>,
}

impl ClientDiff<'_> {
    /// Items added (granted and needed).
    pub fn added(&self) -> usize {
        self.scopes.added.len()
            + self.roles.added.len()
            + self.permissions.added.len()
            + self.needed_scopes.added.len()
            + self.needed_permissions.added.len()
    }

    pub fn removed(&self) -> usize {
        self.scopes.removed.len()
            + self.roles.removed.len()
            + self.permissions.removed.len()
            + self.needed_scopes.removed.len()
            + self.needed_permissions.removed.len()
    }
}

/// How one role definition differs.
#[derive(Debug, Clone)]
pub struct RoleDiff<'a> {
    pub status: Status,
    pub role: &'a RoleAccess,
    pub permissions: Changes<'a, Declared>,
}

/// The difference between two revisions' access.
#[derive(Debug, Clone, Default)]
pub struct Diff<'a> {
    pub clients: Vec<ClientDiff<'a>>,
    pub roles: Vec<RoleDiff<'a>>,
}

impl Diff<'_> {
    pub fn is_empty(&self) -> bool {
        self.clients.is_empty() && self.roles.is_empty()
    }

    /// Scopes, roles and permissions granted or needed in HEAD and not in
    /// BASE, over clients and role definitions.
    pub fn added(&self) -> usize {
        self.clients.iter().map(ClientDiff::added).sum::<usize>()
            + self
                .roles
                .iter()
                .map(|r| r.permissions.added.len())
                .sum::<usize>()
    }

    pub fn removed(&self) -> usize {
        self.clients.iter().map(ClientDiff::removed).sum::<usize>()
            + self
                .roles
                .iter()
                .map(|r| r.permissions.removed.len())
                .sum::<usize>()
    }

    /// Whether access grows: a client or a role definition has something
    /// it had not, or the code needs something it did not.
    pub fn grows(&self) -> bool {
        self.added() > 0
    }
}

/// One side's list (empty when the client is not on that side).
fn side<'a, T>(c: Option<&'a ClientAccess>, f: impl Fn(&'a ClientAccess) -> &'a [T]) -> &'a [T] {
    c.map_or(&[], f)
}

fn client_diff<'a>(
    base: Option<&'a ClientAccess>,
    head: Option<&'a ClientAccess>,
) -> ClientDiff<'a> {
    let status = match (base, head) {
        (None, _) => Status::Added,
        (_, None) => Status::Removed,
        _ => Status::Changed,
    };
    let client = head.or(base).expect("a client on one side");
    let grant_type_before = match (base, head) {
        (Some(b), Some(h)) if b.grant_type != h.grant_type => Some(b.grant_type.as_deref()),
        _ => None,
    };
    ClientDiff {
        status,
        client,
        grant_type_before,
        scopes: changes(side(base, |c| &c.scopes), side(head, |c| &c.scopes), |d| {
            &d.name
        }),
        roles: changes(side(base, |c| &c.roles), side(head, |c| &c.roles), |d| {
            &d.name
        }),
        permissions: changes(
            side(base, |c| &c.permissions),
            side(head, |c| &c.permissions),
            |g| &g.permission,
        ),
        needed_scopes: changes(
            side(base, |c| &c.needed_scopes),
            side(head, |c| &c.needed_scopes),
            |n| &n.name,
        ),
        needed_permissions: changes(
            side(base, |c| &c.needed_permissions),
            side(head, |c| &c.needed_permissions),
            |n| &n.name,
        ),
    }
}

/// Clients and roles in HEAD's order, then those only BASE had.
pub fn diff<'a>(base: &'a Access, head: &'a Access) -> Diff<'a> {
    let mut clients = Vec::new();
    for h in &head.clients {
        let b = base.clients.iter().find(|b| b.key == h.key);
        let d = client_diff(b, Some(h));
        if d.status == Status::Added || d.grant_type_before.is_some() || d.added() + d.removed() > 0
        {
            clients.push(d);
        }
    }
    for b in &base.clients {
        if !head.clients.iter().any(|h| h.key == b.key) {
            clients.push(client_diff(Some(b), None));
        }
    }
    let mut roles = Vec::new();
    for h in &head.roles {
        let base_role = base.roles.iter().find(|b| b.key == h.key);
        let permissions = changes(
            base_role.map_or(&[][..], |r| &r.permissions),
            &h.permissions,
            |d| &d.name,
        );
        let status = match base_role {
            None => Status::Added,
            Some(_) => Status::Changed,
        };
        if status == Status::Added || !permissions.is_empty() {
            roles.push(RoleDiff {
                status,
                role: h,
                permissions,
            });
        }
    }
    for b in &base.roles {
        if !head.roles.iter().any(|h| h.key == b.key) {
            roles.push(RoleDiff {
                status: Status::Removed,
                role: b,
                permissions: changes(&b.permissions, &[], |d| &d.name),
            });
        }
    }
    Diff { clients, roles }
}

/// The grants HEAD adds, as findings of `rule` (`new-access`) on their
/// declarations in HEAD's sources: a scope added to a client's list, a
/// role a client now has, a permission a role definition now holds.
pub fn findings(diff: &Diff<'_>, rule: &'static RuleMeta) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for c in &diff.clients {
        if c.status == Status::Removed || !c.client.declared {
            continue;
        }
        let who = format!("client `{}`", c.client.name);
        let new = match c.status {
            Status::Added => format!("new {who}"),
            _ => who.clone(),
        };
        for s in &c.scopes.added {
            out.push(
                Diagnostic::new(
                    rule,
                    s.span,
                    format!(
                        "{new} is granted scope `{}`, which the base revision did not grant",
                        s.name
                    ),
                )
                .label(format!("new scope of {who}"))
                .related(c.client.span, who.clone())
                .key(format!("{}/scope/{}", c.client.key, s.name)),
            );
        }
        for r in &c.roles.added {
            let permissions: Vec<&str> = c
                .client
                .permissions
                .iter()
                .filter(|g| g.roles.contains(&r.name))
                .map(|g| g.permission.as_str())
                .collect();
            let holds = match permissions.as_slice() {
                [] => String::new(),
                list => format!(" ({})", crate::diagnostic::code_list(list)),
            };
            out.push(
                Diagnostic::new(
                    rule,
                    r.span,
                    format!(
                        "{new} is granted role `{}`{holds}, which the base revision did not grant it",
                        r.name
                    ),
                )
                .label(format!("new role of {who}"))
                .related(c.client.span, who.clone())
                .key(format!("{}/role/{}", c.client.key, r.name)),
            );
        }
    }
    for r in &diff.roles {
        if r.status == Status::Removed {
            continue;
        }
        let role = format!("role `{}`", r.role.name);
        let new = match r.status {
            Status::Added => format!("new {role}"),
            _ => role.clone(),
        };
        for p in &r.permissions.added {
            out.push(
                Diagnostic::new(
                    rule,
                    p.span,
                    format!(
                        "{new} grants `{}`, which it did not grant in the base revision",
                        p.name
                    ),
                )
                .label(format!("new permission of {role}"))
                .related(r.role.span, role.clone())
                .key(format!("role/{}/{}", r.role.key, p.name)),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn declared(name: &str) -> Declared {
        Declared {
            name: name.into(),
            place: Place {
                file: "appfoundry.yaml".into(),
                line: 1,
                column: 1,
            },
            span: Span::new(FileId(0), 0..1),
        }
    }

    fn client(name: &str, scopes: &[&str], needed: &[&str]) -> ClientAccess {
        ClientAccess {
            key: name.into(),
            name: name.into(),
            declared: true,
            grant_type: Some("CODE".into()),
            place: declared(name).place,
            span: declared(name).span,
            scopes: scopes.iter().map(|s| declared(s)).collect(),
            roles: Vec::new(),
            permissions: Vec::new(),
            needed_scopes: needed
                .iter()
                .map(|n| Needed {
                    name: n.to_string(),
                    inferred: false,
                    calls: Vec::new(),
                })
                .collect(),
            needed_permissions: Vec::new(),
        }
    }

    #[test]
    fn unchanged_clients_are_left_out_and_new_items_counted() {
        let base = Access {
            clients: vec![
                client("web", &["users:readonly"], &["users:readonly"]),
                client("old", &["presence"], &[]),
            ],
            roles: Vec::new(),
        };
        let head = Access {
            clients: vec![
                client(
                    "web",
                    &["users:readonly", "presence:readonly"],
                    &["users:readonly", "presence:readonly"],
                ),
                client("same", &[], &[]),
            ],
            roles: Vec::new(),
        };
        let same_base = Access {
            clients: vec![client("same", &[], &[])],
            roles: Vec::new(),
        };
        let d = diff(&base, &head);
        let statuses: Vec<(&str, Status)> = d
            .clients
            .iter()
            .map(|c| (c.client.name.as_str(), c.status))
            .collect();
        assert_eq!(
            statuses,
            [
                ("web", Status::Changed),
                ("same", Status::Added),
                ("old", Status::Removed)
            ]
        );
        assert_eq!((d.added(), d.removed()), (2, 1));
        assert!(d.grows());
        // Nothing but an unchanged client: no difference.
        let d = diff(&same_base, &same_base);
        assert!(d.is_empty() && !d.grows());
    }

    #[test]
    fn findings_are_the_grants_head_adds_on_their_declarations() {
        static RULE: RuleMeta = RuleMeta::new(
            "new-access",
            "NewAccess",
            crate::diagnostic::Severity::Note,
            crate::diagnostic::Family::Scopes,
            "summary",
            "doc",
        );
        let mut job = client("job", &[], &[]);
        job.grant_type = Some("CLIENT-CREDENTIALS".into());
        job.roles = vec![declared("Reader")];
        job.permissions = vec![Granted {
            permission: "routing:queue:view".into(),
            roles: vec!["Reader".into()],
        }];
        let mut flow = client("CODE login in web/", &[], &["users:readonly"]);
        flow.declared = false;
        let role = RoleAccess {
            key: "Reader".into(),
            name: "Reader".into(),
            place: declared("Reader").place,
            span: declared("Reader").span,
            permissions: vec![declared("routing:queue:view")],
        };
        let base = Access {
            clients: vec![client("web", &["users:readonly"], &[])],
            roles: Vec::new(),
        };
        let head = Access {
            clients: vec![
                client("web", &["users:readonly", "presence"], &[]),
                job,
                flow,
            ],
            roles: vec![role],
        };
        let messages: Vec<(String, String)> = findings(&diff(&base, &head), &RULE)
            .into_iter()
            .map(|d| (d.message, d.key))
            .collect();
        assert_eq!(
            messages,
            [
                (
                    "client `web` is granted scope `presence`, which the base revision did not grant".to_string(),
                    "web/scope/presence".to_string()
                ),
                (
                    "new client `job` is granted role `Reader` (`routing:queue:view`), which the base revision did not grant it".to_string(),
                    "job/role/Reader".to_string()
                ),
                (
                    "new role `Reader` grants `routing:queue:view`, which it did not grant in the base revision".to_string(),
                    "role/Reader/routing:queue:view".to_string()
                ),
            ],
            "an undeclared login grants nothing: no finding"
        );
    }

    #[test]
    fn repeated_names_are_told_apart_by_file() {
        let names = [
            ("web".to_string(), "a/appfoundry.yaml".to_string()),
            ("web".to_string(), "b/appfoundry.yaml".to_string()),
            ("job".to_string(), "a/appfoundry.yaml".to_string()),
        ];
        assert_eq!(
            keys(&names),
            ["web (a/appfoundry.yaml)", "web (b/appfoundry.yaml)", "job"]
        );
    }
}
