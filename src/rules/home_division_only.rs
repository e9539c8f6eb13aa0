use super::support::firm_link;
use super::{declare_rule, Context};
use crate::diagnostic::Diagnostic;
use crate::model::{CallSite, Origin};

declare_rule!(
    "home-division-only",
    "HomeDivisionOnly",
    Note,
    History,
    "A client-credentials role is granted without a division while the client's calls act on division-aware objects"
);

/// Calls named in a message before "and N more".
const SHOWN: usize = 3;

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    let divisions = &cx.db.lifecycle().divisions;
    if divisions.objects.is_empty() {
        return;
    }
    for (ci, client) in cx.app.clients.iter().enumerate() {
        if !client.is_client_credentials() || client.wizard_login {
            continue;
        }
        let Some(roles) = &client.roles else { continue };
        let homeless: Vec<_> = roles
            .items
            .iter()
            .filter(|r| r.value.division.is_none() && r.value.unresolved.is_none())
            .collect();
        if homeless.is_empty() {
            continue;
        }
        // The division-aware objects the client's calls act on, in the
        // order first met, with the calls.
        let mut objects: Vec<&str> = Vec::new();
        let mut calls: Vec<(&CallSite, String, &str)> = Vec::new();
        for call in cx.app.calls_of(ci).filter(|c| firm_link(c)) {
            let Some(id) = call.operation() else { continue };
            let op = cx.db.op(id);
            let Some(perms) = &op.permissions else {
                continue;
            };
            let Some(object) = perms.list.iter().find_map(|p| divisions.object_of(p)) else {
                continue;
            };
            if !objects.contains(&object) {
                objects.push(object);
            }
            let name = op
                .sdk_method
                .as_deref()
                .map_or_else(|| op.display(), str::to_string);
            if !calls.iter().any(|(_, n, _)| *n == name) {
                calls.push((call, name, object));
            }
        }
        if objects.is_empty() {
            continue;
        }
        let what = match objects.as_slice() {
            [one] => one.to_string(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
            [] => unreachable!("objects is not empty"),
        };
        let mut names: Vec<String> = calls
            .iter()
            .take(SHOWN)
            .map(|(_, n, _)| n.clone())
            .collect();
        if calls.len() > SHOWN {
            names.push(format!("and {} more", calls.len() - SHOWN));
        }
        let help = match client.origin {
            Origin::Terraform => "grant it in the divisions that hold them: `division_id` in its `roles` block",
            Origin::ApiJson => "grant it in the divisions that hold them: a `divisionId` for it in `roleDivisions`",
            Origin::Manifest => "grant it in the divisions that hold them: `- role: <name>` with `division: <division>`",
            _ => "grant it in the divisions that hold them",
        };
        for role in homeless {
            // The role's own name when its definition is in sight.
            let written = &role.value.name.value;
            let name = cx.app.role(written).map_or(written, |r| &r.name.value);
            let mut d = Diagnostic::new(
                &META,
                role.span,
                format!(
                    "role `{}` of client `{}` is granted without a division, so it applies in the Home division only; the client's calls act on {what} ({}), which can sit in other divisions",
                    name,
                    client.name.value,
                    names.join(", ")
                ),
            )
            .label("Home division only")
            .help(help)
            .key(format!("{}/{}", client.name.value, role.value.name.value));
            if let Some((call, name, object)) = calls.first() {
                d = d.related(call.span, format!("{name} acts on {object}"));
            }
            out.push(d);
        }
    }
}
