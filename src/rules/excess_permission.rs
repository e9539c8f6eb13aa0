use super::support::{
    holders, holders_needs, holders_text, is_admin_permission, permission_cost, Holders,
    PermissionNeeds,
};
use super::{declare_rule, Context};
use crate::db::PermissionMatch;
use crate::diagnostic::{code_list, Confidence, Diagnostic, Severity};
use crate::model::{Link, PermissionGrant, Role};
use crate::source::Spanned;

declare_rule!(
    "excess-permission",
    "ExcessPermission",
    Warning,
    Scopes,
    "A client-credentials or deploy client's role grants permissions none of its calls need",
    precision = Medium,
);

/// Permissions of a wildcard named in a message before "and N more".
const SHOWN: usize = 3;

/// How a grant goes beyond the needs.
enum Excess {
    /// A permission no call lists.
    Exact,
    /// A wildcard: the permissions it covers (from the catalogue) and those
    /// of them some call lists.
    Wildcard {
        covered: Vec<String>,
        needed: Vec<String>,
    },
}

/// The grants of a role that go beyond what its holders' calls may use.
pub(crate) fn excess<'r>(
    cx: &Context<'_>,
    role: &'r Role,
    needs: &PermissionNeeds,
) -> Vec<(&'r Spanned<PermissionGrant>, Vec<String>, Vec<String>)> {
    let from = cx
        .app
        .org_permissions
        .as_deref()
        .or_else(|| cx.db.org_permissions())
        .map_or_else(|| cx.db.permissions(), |o| &o.catalogue);
    let mut out = Vec::new();
    for grant in &role.grants {
        // Every permission: `admin-role` says so.
        if grant.value.is_everything() {
            continue;
        }
        let parts = &grant.value.parts;
        if parts.iter().any(|p| p == "*") {
            let [d, e, a] = parts.as_slice() else {
                continue;
            };
            let covered = from.expand(d, e, a);
            // A wildcard over nothing known: `unknown-permission` says so.
            if covered.is_empty() {
                continue;
            }
            let needed: Vec<String> = covered.iter().filter(|p| needs.lists(p)).cloned().collect();
            if needed.len() < covered.len() {
                out.push((grant, covered, needed));
            }
        } else if !needs.lists(&grant.value.text()) && from.contains(&grant.value.text()) {
            // (A permission no source has is `unknown-permission`'s to say.)
            out.push((grant, Vec::new(), Vec::new()));
        }
    }
    out
}

/// The least-privilege permissions for a role: when it is the only role
/// of those who hold it, the smallest list that allows every call they
/// make (what `gclint scopes` prints); else, of what it grants, the
/// smallest list that still allows every call it allows. The narrowest of
/// alternatives either way.
fn least_privilege(role: &Role, needs: &PermissionNeeds, only_role: bool) -> (Vec<String>, bool) {
    let covers = |p: &str| only_role || role.covers(p).is_some();
    let mut clauses: Vec<Vec<String>> = Vec::new();
    for (kind, list, ..) in &needs.requirements {
        let covered: Vec<String> = list.iter().filter(|p| covers(p)).cloned().collect();
        if covered.is_empty() {
            continue;
        }
        match kind {
            Some(PermissionMatch::Any) => {
                let narrow: Vec<String> = covered
                    .iter()
                    .filter(|p| !is_admin_permission(p))
                    .cloned()
                    .collect();
                clauses.push(if narrow.is_empty() { covered } else { narrow });
            }
            _ => clauses.extend(covered.into_iter().map(|p| vec![p])),
        }
    }
    let mut names: Vec<String> = clauses.iter().flatten().cloned().collect();
    names.sort();
    names.dedup();
    let index = |p: &String| names.binary_search(p).unwrap_or(0);
    let sets: Vec<Vec<usize>> = clauses
        .iter()
        .map(|c| c.iter().map(index).collect())
        .collect();
    let costs: Vec<u32> = names.iter().map(|n| permission_cost(n, &names)).collect();
    let found = super::cover::smallest(&sets, &costs);
    let chosen = found.chosen.iter().map(|&i| names[i].clone()).collect();
    (chosen, found.exact)
}

/// The unsafe fix: the role rewritten to its least-privilege permissions.
fn fix(
    cx: &Context<'_>,
    role: &Role,
    holders: &super::support::Holders,
    needs: &PermissionNeeds,
) -> Option<crate::diagnostic::Fix> {
    let only_role = !holders.deploy
        && holders.client_credentials.iter().all(|&c| {
            cx.app.clients[c]
                .roles
                .as_ref()
                .is_some_and(|l| l.items.len() == 1)
        });
    let (target, _) = least_privilege(role, needs, only_role);
    let description = match target.as_slice() {
        [] => format!("remove every permission of role `{}`", role.name.value),
        _ => format!(
            "grant role `{}` only {}",
            role.name.value,
            code_list(&target)
        ),
    };
    crate::edit::rewrite_permissions(cx.sources, &role.written, &target, role.decl, description)
}

/// A grant beyond what the calls need, for reports (`gclint scopes`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExcessGrant {
    pub role: String,
    /// As the role writes it (`analytics:*:*`).
    pub permission: String,
    /// For a wildcard: the permissions it covers, and those the calls need.
    pub covered: usize,
    pub needed: Vec<String>,
}

/// What the roles of a client-credentials client grant beyond what the
/// calls of those who hold them need (roles whose holders' needs are not
/// all known are left out).
pub fn excess_grants(cx: &Context<'_>, client: crate::model::ClientId) -> Vec<ExcessGrant> {
    let c = &cx.app.clients[client];
    let Some(resolved) = super::support::client_roles(cx, c) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for role in resolved.roles {
        let h = holders(cx, role);
        if !h.user_grants.is_empty() {
            continue;
        }
        let needs = holders_needs(cx, &h);
        if needs.calls == 0 || !needs.unknown.is_empty() || !tied(cx, &h) {
            continue;
        }
        for (grant, covered, needed) in excess(cx, role, &needs) {
            out.push(ExcessGrant {
                role: role.name.value.clone(),
                permission: grant.value.text(),
                covered: covered.len(),
                needed,
            });
        }
    }
    out
}

/// Whether a call is known to run under the role's holders: tied to one
/// by evidence (its `sources`, the file's own login, the app's only
/// client) or the deploy client's resources. Calls that every client of
/// an organisation's export is only guessed to run say nothing of what
/// one role serves.
fn tied(cx: &Context<'_>, h: &Holders) -> bool {
    h.deploy
        || h.client_credentials
            .iter()
            .any(|&c| cx.app.calls_of(c).any(|call| call.link != Link::Guess))
}

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    for role in &cx.app.roles {
        let h = holders(cx, role);
        // The users' roles of a user-grant app serve more than the app.
        if h.is_empty() || !h.user_grants.is_empty() {
            continue;
        }
        let needs = holders_needs(cx, &h);
        // No call seen, or none known to run under the holders: the code
        // may be elsewhere.
        if needs.calls == 0 || !tied(cx, &h) {
            continue;
        }
        let found = excess(cx, role, &needs);
        if found.is_empty() {
            continue;
        }
        let who = holders_text(cx, &h);
        // What the needs are of: calls, and for the deploy client the
        // resources Terraform applies.
        let what = match (h.client_credentials.is_empty(), h.deploy) {
            (true, true) => "the Terraform resources the deploy client applies".to_string(),
            (false, true) => format!("the calls and Terraform resources of {who}"),
            _ => format!("the calls of {who}"),
        };
        if let Some(&first) = needs.unknown.first() {
            if out.count_if_full() {
                continue;
            }
            let grants: Vec<String> = found.iter().map(|(g, ..)| g.value.text()).collect();
            let n = needs.unknown.len();
            out.push(
                Diagnostic::new(
                    &META,
                    role.name.span,
                    format!(
                        "role `{}` grants {} that no call of {who} gclint could judge needs, but {n} call{} of {who} could not be judged, so whether the role grants more than needed is not known",
                        role.name.value,
                        code_list(&grants),
                        if n == 1 { "" } else { "s" }
                    ),
                )
                .label("needs not known")
                .help("resolve the calls gclint cannot (`gclint calls --unresolved`), then check again")
                .severity(Severity::Note)
                .confidence(Confidence::Low)
                .related(first, "a call whose needs are not known")
                .key(format!("{}/not-known", role.name.value)),
            );
            continue;
        }
        let fix = fix(cx, role, &h, &needs);
        for (grant, covered, needed) in found {
            if out.count_if_full() {
                continue;
            }
            let text = grant.value.text();
            let kind = if covered.is_empty() {
                Excess::Exact
            } else {
                Excess::Wildcard { covered, needed }
            };
            let message = match &kind {
                Excess::Exact => format!(
                    "role `{}` grants `{text}`, which none of {what} need",
                    role.name.value
                ),
                Excess::Wildcard { covered, needed } => {
                    let shown: Vec<&str> = covered
                        .iter()
                        .filter(|p| !needed.contains(p))
                        .take(SHOWN)
                        .map(String::as_str)
                        .collect();
                    let more = match covered.len() - needed.len() {
                        n if n > SHOWN => format!(" and {} more", n - SHOWN),
                        _ => String::new(),
                    };
                    let tail = match needed.as_slice() {
                        [] => format!("{what} need none of them"),
                        few if few.len() <= 2 * SHOWN => {
                            format!("{what} need only {} of them", code_list(needed))
                        }
                        many => {
                            let first: Vec<String> =
                                many.iter().take(SHOWN).map(|p| format!("`{p}`")).collect();
                            format!(
                                "{what} need only {} of them ({} and {} more)",
                                many.len(),
                                first.join(", "),
                                many.len() - SHOWN
                            )
                        }
                    };
                    let shown = match more.is_empty() {
                        true => code_list(&shown),
                        false => {
                            let quoted: Vec<String> =
                                shown.iter().map(|p| format!("`{p}`")).collect();
                            format!("{}{more}", quoted.join(", "))
                        }
                    };
                    format!(
                        "role `{}` grants `{text}`, a wildcard over {} permission{} ({shown}); {tail}",
                        role.name.value,
                        covered.len(),
                        if covered.len() == 1 { "" } else { "s" },
                    )
                }
            };
            let help = match &kind {
                Excess::Wildcard { needed, .. } if !needed.is_empty() => format!(
                    "grant {} instead of the wildcard (`gclint scopes` prints the least-privilege role)",
                    code_list(needed)
                ),
                _ => format!(
                    "remove `{text}` from role `{}` (`gclint scopes` prints the least-privilege role)",
                    role.name.value
                ),
            };
            out.push(
                Diagnostic::new(&META, grant.span, message)
                    .label("more than the calls need")
                    .help(help)
                    .related(
                        role.name.span,
                        format!("role `{}` declared here", role.name.value),
                    )
                    .key(format!("{}/{text}", role.name.value))
                    .fix(fix.clone()),
            );
        }
    }
}
