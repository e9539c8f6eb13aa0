use super::support::{holders, holders_needs, PermissionNeeds};
use super::{declare_rule, Context};
use crate::db::permissions::{is_name_char, Catalogue};
use crate::diagnostic::{code_list, Confidence, Diagnostic, Severity};
use crate::edit;
use crate::model::{PermissionGrant, Role};
use crate::source::{Span, Spanned};
use std::collections::HashMap;

declare_rule!(
    "unknown-permission",
    "UnknownPermission",
    Error,
    Scopes,
    "A role grants a permission whose domain, entity or action is not a Genesys Cloud permission's"
);

/// The part of a permission a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Whole,
    Domain,
    Entity,
    Action,
}

/// What gclint concludes about one grant.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Verdict {
    Known,
    /// Not of the shape of any Genesys Cloud permission: certain.
    Malformed(&'static str),
    /// An action word no permission of any source has: certain.
    NoSuchAction,
    /// No source gclint reads names the domain, the entity, or the action
    /// for the entity: Genesys Cloud may still have it (a permission no
    /// operation requires).
    Unseen(Part),
    /// The organisation's export lacks it, and so does every source.
    NotInOrg(Part),
    /// The organisation's export lacks it; Genesys Cloud has it.
    OrgLacks,
}

/// Which part of a three-part pattern matches nothing in `c`: the domain,
/// else the entity, else the action.
fn failing_part(c: &Catalogue, [d, e, _]: [&str; 3]) -> Part {
    if d != "*" && c.domain(d).is_none() {
        Part::Domain
    } else if e != "*" && !c.entities(d).iter().any(|x| x.eq_ignore_ascii_case(e)) {
        Part::Entity
    } else {
        Part::Action
    }
}

/// Other systems' words for Genesys's `view`, `add`, `edit` and `delete`:
/// an action written with one of them is certainly not a Genesys Cloud
/// permission (`routing:queue:read` for `routing:queue:view`). Any other
/// action word the catalogue has not seen may be a real one it lacks.
const FOREIGN_ACTIONS: [&str; 14] = [
    "read",
    "write",
    "create",
    "update",
    "get",
    "list",
    "modify",
    "remove",
    "put",
    "post",
    "patch",
    "readonly",
    "readwrite",
    "insert",
];

/// Whether `word` is written like `known` without being it: a letter off
/// (or two swapped) in a name of four letters or more, two in one of ten
/// or more (a case difference alone is the same name; three-letter names
/// a letter apart are often both real: `wfm`, `wfp`).
fn misspelt(word: &str, known: &str) -> bool {
    let allowed = match known.len().min(word.len()) {
        0..=3 => 0,
        4..=9 => 1,
        _ => 2,
    };
    // Each edit changes the length by one at most: most names are ruled
    // out before their letters are compared.
    if word.len().abs_diff(known.len()) > allowed || word.eq_ignore_ascii_case(known) {
        return false;
    }
    let (w, k) = (word.to_ascii_lowercase(), known.to_ascii_lowercase());
    strsim::osa_distance(&w, &k) <= allowed
}

fn judge(grant: &PermissionGrant, genesys: &Catalogue, org: Option<&Catalogue>) -> Verdict {
    let parts: Vec<&str> = grant.parts.iter().map(String::as_str).collect();
    let named = |p: &str| !p.is_empty() && p.chars().all(is_name_char);
    let [d, e, a] = match parts.as_slice() {
        ["*"] => return Verdict::Known,
        [word] if named(word) => {
            // One-word permissions are Genesys's legacy ones; the sources
            // name only a few (an export lists none).
            // Only one written like a known one is worth a note.
            if genesys.contains(word) {
                return Verdict::Known;
            }
            let near = genesys
                .all()
                .iter()
                .any(|k| !k.contains(':') && misspelt(word, k));
            return if near {
                Verdict::Unseen(Part::Whole)
            } else {
                Verdict::Known
            };
        }
        [_] | [_, _] => return Verdict::Malformed("a permission is `domain:entity:action`"),
        [d, e, a] => [*d, *e, *a],
        _ => return Verdict::Malformed("a permission has three parts, `domain:entity:action`"),
    };
    for p in [d, e, a] {
        if p.is_empty() {
            return Verdict::Malformed("a part is empty");
        }
        if p != "*" && !named(p) {
            return Verdict::Malformed(
                "no permission has characters other than letters, digits and `_` (or a whole part `*`)",
            );
        }
    }
    if let Some(org) = org {
        if !org.expand(d, e, a).is_empty() {
            return Verdict::Known;
        }
        if !genesys.expand(d, e, a).is_empty() {
            return Verdict::OrgLacks;
        }
        return Verdict::NotInOrg(failing_part(org, [d, e, a]));
    }
    if !genesys.expand(d, e, a).is_empty() {
        return Verdict::Known;
    }
    let foreign = FOREIGN_ACTIONS.contains(&a.to_ascii_lowercase().as_str());
    if a != "*" && genesys.action_use(a) == 0 && foreign {
        return Verdict::NoSuchAction;
    }
    let part = failing_part(genesys, [d, e, a]);
    // The catalogue holds what operations and the provider name; a real
    // organisation holds more (`routing:agent:onqueue`, the `ui` domain).
    // A name unseen there is reported only when it is written like a
    // known one: a misspelling, not a permission the sources never name.
    let known: Vec<&str> = match part {
        Part::Domain => genesys.domains(),
        Part::Entity => genesys.entities(d),
        Part::Action | Part::Whole => genesys.actions(d, e),
    };
    let word = match part {
        Part::Domain => d,
        Part::Entity => e,
        Part::Action | Part::Whole => a,
    };
    // Another system's word for view/add/edit/delete where the entity's
    // known actions spell it the Genesys way is a mistake too.
    let worth_saying = known.iter().any(|k| misspelt(word, k)) || (foreign && part == Part::Action);
    if !worth_saying {
        return Verdict::Known;
    }
    // A premium app's own permission: Genesys makes its entity in the
    // `integration` domain when it approves the app, so no source lists it.
    if part == Part::Entity && d.eq_ignore_ascii_case(PREMIUM_APP_DOMAIN) {
        return Verdict::Known;
    }
    Verdict::Unseen(part)
}

/// Where a premium app's own permission lives (`integration:<app>:view`):
/// Genesys's premium-app template says the entity is generated when the app
/// is approved (MyPureCloud/purecloud-premium-app, wizard `config.js`,
/// `premiumAppViewPermission`).
const PREMIUM_APP_DOMAIN: &str = "integration";

/// Where one part of a grant is written: its own node in a permission
/// policy, else its place inside the string.
fn part_span(cx: &Context<'_>, grant: &Spanned<PermissionGrant>, part: Part) -> Span {
    if let Some(at) = grant.value.policy {
        return match part {
            Part::Domain => at.domain,
            Part::Entity => at.entity,
            Part::Whole | Part::Action => grant.span,
        };
    }
    let index = match part {
        Part::Whole => return inner(cx, grant.span, &grant.value.text()).unwrap_or(grant.span),
        Part::Domain => 0,
        Part::Entity => 1,
        Part::Action => 2,
    };
    let Some(whole) = inner(cx, grant.span, &grant.value.text()) else {
        return grant.span;
    };
    let before: usize = grant.value.parts[..index].iter().map(|p| p.len() + 1).sum();
    let len = grant.value.parts[index].len();
    let start = whole.start as usize + before;
    Span::new(whole.file, start..start + len)
}

/// The span of `text` inside the text at `span` (a string without its quotes).
fn inner(cx: &Context<'_>, span: Span, text: &str) -> Option<Span> {
    let snippet = cx.sources.get(span.file).snippet(span);
    let at = snippet.find(text)?;
    let start = span.start as usize + at;
    Some(Span::new(span.file, start..start + text.len()))
}

/// The permissions the holders' calls may use that share the grant's
/// domain (and entity, when it names one) and that no role of theirs
/// grants: what the grant most likely meant.
fn meant(
    cx: &Context<'_>,
    role: &Role,
    grant: &PermissionGrant,
    needs: &PermissionNeeds,
) -> Vec<String> {
    let [d, e, _] = match grant.parts.as_slice() {
        [d, e, a] => [d.as_str(), e.as_str(), a.as_str()],
        _ => return Vec::new(),
    };
    let h = holders(cx, role);
    let roles_of = |ci: usize| super::support::client_roles(cx, &cx.app.clients[ci]);
    let granted = |p: &str| {
        h.client_credentials
            .iter()
            .chain(&h.user_grants)
            .filter_map(|&c| roles_of(c))
            .any(|r| r.admin || r.roles.iter().any(|x| x.covers(p).is_some()))
    };
    let mut out: Vec<String> = Vec::new();
    for (_, list, _, _) in &needs.requirements {
        for p in list {
            let parts: Vec<&str> = p.split(':').collect();
            let [pd, pe, _] = parts.as_slice() else {
                continue;
            };
            let same_domain = pd.eq_ignore_ascii_case(d);
            let same_entity = e == "*" || pe.eq_ignore_ascii_case(e);
            if same_domain && same_entity && !granted(p) && !out.contains(p) {
                out.push(p.clone());
            }
        }
    }
    out.sort();
    out
}

/// `getRoutingQueues needs it`, `getRoutingQueues and getRoutingQueue need it`.
fn who_needs(cx: &Context<'_>, needs: &PermissionNeeds, permission: &str) -> String {
    let mut names: Vec<String> = needs
        .listing(permission)
        .iter()
        .map(|(id, _)| cx.db.op(*id).name())
        .collect();
    names.dedup();
    names.truncate(2);
    match names.as_slice() {
        [one] => format!("{one} needs it"),
        [a, b] => format!("{a} and {b} need it"),
        _ => String::new(),
    }
}

fn suggestions(
    c: &Catalogue,
    grant: &PermissionGrant,
    part: Part,
) -> (Vec<String>, Option<String>) {
    let parts: Vec<&str> = grant.parts.iter().map(String::as_str).collect();
    let [d, e, a] = match parts.as_slice() {
        [d, e, a] => [*d, *e, *a],
        _ => return (Vec::new(), None),
    };
    match part {
        Part::Domain => {
            let close = Catalogue::closest(d, &c.domains(), 3);
            (close.iter().map(|x| format!("{x}:{e}:{a}")).collect(), None)
        }
        Part::Entity => {
            let entities = c.entities(d);
            let close = Catalogue::closest(e, &entities, 3);
            let mut out: Vec<String> = close.iter().map(|x| format!("{d}:{x}:{a}")).collect();
            out.retain(|p| {
                let q: Vec<&str> = p.split(':').collect();
                !c.expand(q[0], q[1], q[2]).is_empty()
            });
            (out, None)
        }
        Part::Action | Part::Whole => {
            let actions = c.actions(d, e);
            let close = Catalogue::closest(a, &actions, 2);
            let listed = (e != "*" && !actions.is_empty() && actions.len() <= 16)
                .then(|| format!("`{d}:{e}` has the actions {}", code_list(&actions)));
            (
                close.iter().map(|x| format!("{d}:{e}:{x}")).collect(),
                listed,
            )
        }
    }
}

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    // The catalogue is built from every operation and Terraform resource:
    // only for an app that grants permissions.
    if cx.app.roles.iter().all(|r| r.grants.is_empty()) {
        return;
    }
    let genesys = cx.db.permissions();
    let org = cx
        .app
        .org_permissions
        .as_deref()
        .or_else(|| cx.db.org_permissions());
    let mut reported: Vec<(Span, Part)> = Vec::new();
    // Roles of an organisation's export repeat the same permissions
    // hundreds of times: each is judged once.
    let mut judged: HashMap<&[String], Verdict> = HashMap::new();
    for role in &cx.app.roles {
        let mut needs: Option<PermissionNeeds> = None;
        for grant in &role.grants {
            let verdict = judged
                .entry(grant.value.parts.as_slice())
                .or_insert_with(|| judge(&grant.value, genesys, org.map(|o| &o.catalogue)))
                .clone();
            let part = match &verdict {
                Verdict::Known => continue,
                Verdict::Malformed(_) | Verdict::OrgLacks => Part::Whole,
                Verdict::NoSuchAction => Part::Action,
                Verdict::Unseen(p) | Verdict::NotInOrg(p) => *p,
            };
            let span = part_span(cx, grant, part);
            // A policy with several actions repeats its domain and entity.
            if reported.contains(&(span, part)) {
                continue;
            }
            reported.push((span, part));
            if out.count_if_full() {
                continue;
            }
            let needs = needs.get_or_insert_with(|| holders_needs(cx, &holders(cx, role)));
            out.push(finding(cx, role, grant, &verdict, part, span, needs, org));
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn finding(
    cx: &Context<'_>,
    role: &Role,
    grant: &Spanned<PermissionGrant>,
    verdict: &Verdict,
    part: Part,
    span: Span,
    needs: &PermissionNeeds,
    org: Option<&crate::db::OrgPermissions>,
) -> Diagnostic {
    let genesys = cx.db.permissions();
    let text = grant.value.text();
    let parts = &grant.value.parts;
    let word = |i: usize| parts.get(i).map_or("", String::as_str);
    let of_role = format!("role `{}`", role.name.value);
    let (message, label) = match verdict {
        Verdict::Malformed(why) => (
            format!("`{text}` is not a Genesys Cloud permission: {why} ({of_role})"),
            "not a permission".to_string(),
        ),
        Verdict::NoSuchAction => (
            format!(
                "`{text}` is not a Genesys Cloud permission: no permission has the action `{}` ({of_role})",
                word(2)
            ),
            "no permission has this action".to_string(),
        ),
        Verdict::Unseen(Part::Whole) => (
            format!("`{text}`: no Genesys Cloud source gclint reads names this one-word permission ({of_role})"),
            "not a permission gclint knows".to_string(),
        ),
        Verdict::Unseen(Part::Domain) => (
            format!(
                "`{text}`: no Genesys Cloud source gclint reads has the domain `{}` ({of_role})",
                word(0)
            ),
            "no permission gclint knows has this domain".to_string(),
        ),
        Verdict::Unseen(Part::Entity) => (
            format!(
                "`{text}`: no Genesys Cloud source gclint reads has the entity `{}` in the domain `{}` ({of_role})",
                word(1),
                word(0)
            ),
            "no permission gclint knows has this entity".to_string(),
        ),
        Verdict::Unseen(Part::Action) => {
            let users = genesys.entities_with_action(word(2));
            let users = match users.len() {
                0 => String::new(),
                1..=3 => format!("; `{}` is an action of {} only", word(2), code_list(&users)),
                n => format!("; `{}` is an action of {n} other entities", word(2)),
            };
            (
                format!(
                    "`{text}`: no Genesys Cloud source gclint reads has the action `{}` for `{}:{}`{users} ({of_role})",
                    word(2),
                    word(0),
                    word(1)
                ),
                format!("not an action of `{}:{}` gclint knows", word(0), word(1)),
            )
        }
        Verdict::OrgLacks => (
            format!(
                "`{text}` is not among the permissions of the organisation (`{}`); Genesys Cloud has it, so the organisation lacks the product, licence or beta feature that brings it ({of_role})",
                org.map_or("", |o| o.file.as_str())
            ),
            "not in the organisation".to_string(),
        ),
        Verdict::NotInOrg(p) => {
            let which = match p {
                Part::Domain => format!("its domain `{}`", word(0)),
                Part::Entity => format!("its entity `{}`", word(1)),
                _ => format!("its action `{}`", word(2)),
            };
            (
                format!(
                    "`{text}` is not a permission of the organisation (`{}`) nor of any Genesys Cloud source gclint reads: {which} is in neither ({of_role})",
                    org.map_or("", |o| o.file.as_str())
                ),
                "not a permission".to_string(),
            )
        }
        Verdict::Known => (String::new(), String::new()),
    };
    // The catalogue to suggest from: the organisation's when given.
    let from = org.map_or(genesys, |o| &o.catalogue);
    let intended = meant(cx, role, &grant.value, needs);
    let mut help: Vec<String> = Vec::new();
    let (mut similar, listed) = suggestions(from, &grant.value, part);
    // `routing.queue.view`: the same name with the wrong separators.
    if let Verdict::Malformed(_) = verdict {
        let text = grant.value.text();
        let mended: String = text
            .chars()
            .map(|c| {
                if matches!(c, '.' | '/' | ' ' | '_' | '-') {
                    ':'
                } else {
                    c
                }
            })
            .collect();
        if mended != text && from.contains(&mended) {
            similar = vec![mended];
        }
    }
    let mut fix_to: Option<String> = None;
    match (intended.as_slice(), verdict) {
        (_, Verdict::OrgLacks) if needs.lists(&text) => help.push(format!(
            "{}: those calls fail in this organisation until it has the product or feature that brings the permission",
            who_needs(cx, needs, &text)
        )),
        (_, Verdict::OrgLacks) => help.push(format!(
            "remove it from {of_role}: the organisation cannot grant it"
        )),
        ([one], _) => {
            help.push(format!(
                "did you mean `{one}`? {}, and {} does not grant it",
                who_needs(cx, needs, one),
                of_role
            ));
            fix_to = Some(one.clone());
        }
        ([], _) if !similar.is_empty() => {
            let quoted: Vec<String> = similar.iter().map(|s| format!("`{s}`")).collect();
            let why = match similar.as_slice() {
                [one] if needs.lists(one) => format!(" {}", who_needs(cx, needs, one)),
                _ => String::new(),
            };
            help.push(format!("did you mean {}?{why}", quoted.join(" or ")));
        }
        (many, _) if !many.is_empty() => {
            help.push(format!(
                "the calls of {} need {}, which it does not grant",
                super::support::holders_text(cx, &holders(cx, role)),
                code_list(many)
            ));
        }
        _ => {}
    }
    if let Some(listed) = listed {
        if !matches!(verdict, Verdict::OrgLacks) {
            help.push(listed);
        }
    }
    let severity = match verdict {
        Verdict::Malformed(_) | Verdict::NoSuchAction | Verdict::NotInOrg(_) => Severity::Error,
        Verdict::OrgLacks => Severity::Warning,
        _ => Severity::Note,
    };
    if matches!(verdict, Verdict::Unseen(_)) {
        help.push(
            "the organisation's export of GET /api/v2/authorization/permissions (`--permissions-json`) makes this check exact"
                .into(),
        );
    }
    if help.is_empty() {
        help.push(
            "remove it, or grant the permission the calls need (`gclint scopes` lists them)".into(),
        );
    }
    // Only a certain finding is fixed, and only to the one permission the
    // calls need that differs in the failing part alone.
    let fix = fix_to
        .filter(|_| severity == Severity::Error)
        .and_then(|to| replacement(cx, grant, part, &to));
    // A question ends its sentence; the others are joined by `;`.
    let mut joined = String::new();
    for h in &help {
        if !joined.is_empty() {
            joined.push_str(if joined.ends_with('?') { " " } else { "; " });
        }
        joined.push_str(h);
    }
    let mut d = Diagnostic::new(&META, span, message)
        .label(label)
        .help(joined)
        .severity(severity)
        .key(format!("{}/{text}", role.name.value))
        .related(
            role.name.span,
            format!("role `{}` declared here", role.name.value),
        )
        .fix(fix);
    if severity == Severity::Note {
        d = d.confidence(Confidence::Low);
    }
    d
}

/// The edit writing the part of `to` in place of the failing part of the
/// grant, when the two differ in that part alone.
fn replacement(
    cx: &Context<'_>,
    grant: &Spanned<PermissionGrant>,
    part: Part,
    to: &str,
) -> Option<crate::diagnostic::Fix> {
    let new: Vec<&str> = to.split(':').collect();
    let old = &grant.value.parts;
    let index = match part {
        Part::Domain => 0,
        Part::Entity => 1,
        Part::Action => 2,
        Part::Whole => return None,
    };
    if new.len() != 3 || old.len() != 3 {
        return None;
    }
    let same_elsewhere = (0..3)
        .filter(|&i| i != index)
        .all(|i| old[i] == "*" || old[i].eq_ignore_ascii_case(new[i]));
    if !same_elsewhere || old[index] == "*" {
        return None;
    }
    let at = part_span(cx, grant, part);
    let place = inner(cx, at, &old[index])?;
    edit::replace_span(
        cx.sources,
        place,
        new[index],
        format!("replace `{}` with `{}`", grant.value.text(), to),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat() -> Catalogue {
        Catalogue::build([
            "routing:queue:view",
            "routing:queue:edit",
            "billing:subscription:read",
            "integration:presence:edit",
            "admin",
        ])
    }

    fn verdict(text: &str, org: Option<&Catalogue>) -> Verdict {
        judge(&PermissionGrant::parse(text), &cat(), org)
    }

    #[test]
    fn certain_only_where_no_source_could_know_more() {
        assert_eq!(verdict("routing:queue:view", None), Verdict::Known);
        assert_eq!(verdict("routing:*:edit", None), Verdict::Known);
        assert_eq!(verdict("admin", None), Verdict::Known);
        assert_eq!(verdict("*", None), Verdict::Known);
        assert_eq!(verdict("routing:queue:write", None), Verdict::NoSuchAction);
        assert_eq!(verdict("routing:*:write", None), Verdict::NoSuchAction);
        // `read` is an action of another entity: not certain.
        assert_eq!(
            verdict("routing:queue:read", None),
            Verdict::Unseen(Part::Action)
        );
        assert_eq!(
            verdict("routng:queue:view", None),
            Verdict::Unseen(Part::Domain)
        );
        assert_eq!(
            verdict("routing:queues:view", None),
            Verdict::Unseen(Part::Entity)
        );
        // A premium app's own permission.
        assert_eq!(
            verdict("integration:queueInsights:view", None),
            Verdict::Known
        );
        // A legacy name written like a known one; one far from all is a
        // real name the catalogue lacks more likely than an invention.
        assert_eq!(verdict("admln", None), Verdict::Unseen(Part::Whole));
        assert_eq!(verdict("user_manager", None), Verdict::Known);
        assert_eq!(verdict("routing:agent:onqueue", None), Verdict::Known);
        assert_eq!(
            verdict("ui:supervisorAgentDetails:view", None),
            Verdict::Known
        );
        // A known action's case is the same name; a letter off is not.
        assert_eq!(
            verdict("routing:queue:veiw", None),
            Verdict::Unseen(Part::Action)
        );
        assert!(matches!(
            verdict("routing:queue", None),
            Verdict::Malformed(_)
        ));
        assert!(matches!(
            verdict("routing:queue:view:all", None),
            Verdict::Malformed(_)
        ));
        assert!(matches!(
            verdict("routing:queue:view all", None),
            Verdict::Malformed(_)
        ));
        assert!(matches!(
            verdict("routing::view", None),
            Verdict::Malformed(_)
        ));
    }

    #[test]
    fn an_export_is_exact() {
        let org = Catalogue::build(["routing:queue:view", "routing:queue:read"]);
        assert_eq!(verdict("routing:queue:read", Some(&org)), Verdict::Known);
        assert_eq!(verdict("routing:queue:edit", Some(&org)), Verdict::OrgLacks);
        assert_eq!(
            verdict("routing:queue:write", Some(&org)),
            Verdict::NotInOrg(Part::Action)
        );
        assert_eq!(
            verdict("routng:queue:view", Some(&org)),
            Verdict::NotInOrg(Part::Domain)
        );
    }
}
