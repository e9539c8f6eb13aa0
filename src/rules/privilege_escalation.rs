use super::support::{holders, holders_needs, holders_text, PermissionNeeds};
use super::{declare_rule, Context};
use crate::db::format::EscalatingPermission;
use crate::db::{OpId, PermissionMatch};
use crate::diagnostic::{code_alternatives, code_list, Confidence, Diagnostic, Severity};
use crate::source::Span;

declare_rule!(
    "privilege-escalation",
    "PrivilegeEscalation",
    Warning,
    Scopes,
    "An app's role can create or widen access (roles, grants, OAuth clients, users) without its code needing it",
    security_severity = "6.5",
);

/// Whether a permission is an administrator's (`admin`,
/// `directory:organization:admin`): the broadest of any alternatives.
fn is_admin(p: &str) -> bool {
    p.split(':').any(|part| part.eq_ignore_ascii_case("admin"))
}

/// The calls that need `p` with nothing narrower in its place: an ALL list
/// naming it, or an ANY list whose other choices all escalate too and none
/// of them is narrower (an administrator's permission is the broadest).
fn needing(
    needs: &PermissionNeeds,
    p: &str,
    escalating: &[EscalatingPermission],
) -> Vec<(OpId, Span)> {
    let escalates = |q: &str| {
        escalating
            .iter()
            .any(|e| e.permission.eq_ignore_ascii_case(q))
    };
    needs
        .requirements
        .iter()
        .filter(|(kind, list, ..)| {
            if !list.iter().any(|q| q.eq_ignore_ascii_case(p)) {
                return false;
            }
            match kind {
                Some(PermissionMatch::Any) => list.iter().all(|q| {
                    q.eq_ignore_ascii_case(p) || ((is_admin(q) || !is_admin(p)) && escalates(q))
                }),
                _ => true,
            }
        })
        .map(|(_, _, id, span)| (*id, *span))
        .collect()
}

/// What the calls that list `p` need instead, for the help line.
fn narrower(needs: &PermissionNeeds, p: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (_, list, ..) in &needs.requirements {
        if !list.iter().any(|q| q.eq_ignore_ascii_case(p)) {
            continue;
        }
        if let Some(q) = list
            .iter()
            .find(|q| !q.eq_ignore_ascii_case(p) && !is_admin(q))
        {
            if !out.contains(q) {
                out.push(q.clone());
            }
        }
    }
    out
}

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    let escalating = &cx.db.lifecycle().escalation.permissions;
    if escalating.is_empty() {
        return;
    }
    for role in &cx.app.roles {
        let h = holders(cx, role);
        // What a premium-app wizard's installer must hold is checked, not
        // granted: the wizard gives it to no one.
        let installer_only = !h.user_grants.is_empty()
            && h.client_credentials.is_empty()
            && !h.deploy
            && h.user_grants
                .iter()
                .all(|&c| cx.app.clients[c].wizard_login);
        // A role no client of the scanned files holds is a role for people
        // (an organisation's export, a wizard's installer list): who may
        // grant access there is their administrators' choice.
        if installer_only || h.is_empty() {
            continue;
        }
        let mut needs: Option<PermissionNeeds> = None;
        for grant in &role.grants {
            // Every permission: `admin-role` says so.
            if grant.value.is_everything() {
                continue;
            }
            let covered: Vec<&EscalatingPermission> = escalating
                .iter()
                .filter(|e| grant.value.covers(&e.permission))
                .collect();
            if covered.is_empty() || out.count_if_full() {
                continue;
            }
            let needs = needs.get_or_insert_with(|| holders_needs(cx, &h));
            let text = grant.value.text();
            let who = format!("held by {}", holders_text(cx, &h));
            let mut unneeded: Vec<&EscalatingPermission> = Vec::new();
            let mut used: Vec<(&EscalatingPermission, Vec<(OpId, Span)>)> = Vec::new();
            for e in covered {
                let calls = needing(needs, &e.permission, escalating);
                if calls.is_empty() {
                    unneeded.push(e);
                } else {
                    used.push((e, calls));
                }
            }
            let what = |list: &[&EscalatingPermission]| -> String {
                match list {
                    [one] if one.permission.eq_ignore_ascii_case(&text) => {
                        format!("which {}", one.allows)
                    }
                    _ => {
                        let texts: Vec<String> = list
                            .iter()
                            .map(|e| format!("`{}` ({})", e.permission, e.allows))
                            .collect();
                        format!("which covers {}", texts.join(", "))
                    }
                }
            };
            let d = if unneeded.is_empty() {
                // The code needs exactly this: said, not warned.
                let (e, calls) = &used[0];
                let op = cx.db.op(calls[0].0);
                let mut d = Diagnostic::new(
                    &META,
                    grant.span,
                    format!(
                        "role `{}` grants `{text}`, {} ({who}); {} need it: {}",
                        role.name.value,
                        what(&used.iter().map(|(e, _)| *e).collect::<Vec<_>>()),
                        match h.client_credentials.is_empty() && h.user_grants.is_empty() {
                            true => "the Terraform resources the deploy client applies",
                            false => "its calls",
                        },
                        op.label()
                    ),
                )
                .label("can widen access; the calls need it")
                .help(format!(
                    "keep the client's secret where only the service reads it, and the role to exactly this ({})",
                    e.source
                ))
                .severity(Severity::Note)
                .confidence(Confidence::Medium);
                d = d.related(calls[0].1, format!("{} needs it", op.name()));
                d
            } else {
                let unneeded_names: Vec<&str> =
                    unneeded.iter().map(|e| e.permission.as_ref()).collect();
                let instead: Vec<String> = unneeded
                    .iter()
                    .flat_map(|e| narrower(needs, &e.permission))
                    .collect();
                let tail = match (used.is_empty(), instead.is_empty()) {
                    (_, false) => format!("; the calls need only {}", code_alternatives(&instead)),
                    (true, true) => match (h.is_empty(), needs.unknown.len()) {
                        (true, _) => String::new(),
                        (false, 0) => "; none of its calls needs it".to_string(),
                        (false, n) => format!(
                            "; no call gclint could judge needs it ({n} could not be judged)"
                        ),
                    },
                    (false, true) => format!(
                        "; the calls need {} of it, not {}",
                        code_list(
                            &used
                                .iter()
                                .map(|(e, _)| e.permission.as_ref())
                                .collect::<Vec<_>>()
                        ),
                        code_list(&unneeded_names)
                    ),
                };
                let sources: Vec<&str> = unneeded.iter().map(|e| e.source.as_ref()).collect();
                Diagnostic::new(
                    &META,
                    grant.span,
                    format!(
                        "role `{}` grants `{text}`, {}: privilege escalation ({who}){tail}",
                        role.name.value,
                        what(&unneeded)
                    ),
                )
                .label("can widen access")
                .help(format!(
                    "remove it unless the app must manage access; whoever holds the client's credentials holds this too (source: {})",
                    sources.join("; ")
                ))
            };
            // Calls gclint cannot judge may need it: said, not warned.
            let d = match (unneeded.is_empty(), needs.unknown.first()) {
                (false, Some(&first)) => d
                    .severity(Severity::Note)
                    .confidence(Confidence::Low)
                    .related(first, "a call whose needs are not known"),
                _ => d,
            };
            out.push(
                d.related(
                    role.name.span,
                    format!("role `{}` declared here", role.name.value),
                )
                .key(format!("{}/{text}", role.name.value)),
            );
        }
    }
}
