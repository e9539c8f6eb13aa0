use super::support::{deploy_roles, is_builtin_admin};
use super::{declare_rule, Context};
use crate::diagnostic::{code_list, Diagnostic};
use crate::model::PermissionGrant;

declare_rule!(
    "role-ceiling",
    "RoleCeiling",
    Warning,
    Deploy,
    "The configuration grants a role with permissions the deploy client does not hold itself"
);

/// Permissions named in a message before "and N more".
const SHOWN: usize = 3;

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    let Some((_, held)) = deploy_roles(cx) else {
        return;
    };
    let holds = |g: &PermissionGrant| {
        held.roles
            .iter()
            .any(|r| r.grants.iter().any(|h| h.value.covers(&g.text())))
    };
    let held_names: Vec<&str> = held.roles.iter().map(|r| r.name.value.as_str()).collect();
    for module in &cx.app.terraform {
        for grant in &module.grants {
            let role_ref = &grant.role.value;
            if role_ref.unresolved.is_some() {
                continue;
            }
            let name = role_ref.name.value.as_str();
            // The deploy client's own roles it may pass on.
            if held
                .roles
                .iter()
                .any(|r| r.name.value == name || r.aliases.iter().any(|a| a == name))
            {
                continue;
            }
            let (shown_name, lacking): (String, Vec<String>) = match cx.app.role(name) {
                Some(role) => (
                    role.name.value.clone(),
                    role.grants
                        .iter()
                        .filter(|g| !holds(&g.value))
                        .map(|g| g.value.text())
                        .collect(),
                ),
                None if is_builtin_admin(name) => (name.to_string(), vec!["*:*:*".to_string()]),
                // A role whose permissions gclint cannot read.
                None => continue,
            };
            if lacking.is_empty() {
                continue;
            }
            let more = match lacking.len().saturating_sub(SHOWN) {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            let shown: Vec<&str> = lacking.iter().take(SHOWN).map(String::as_str).collect();
            let holds_what = match cx.app.role(name) {
                Some(_) => format!("whose {}{more}", code_list(&shown)),
                None => "which holds every permission, and".to_string(),
            };
            let message = format!(
                "`{}` grants role `{shown_name}`, {holds_what} the deploy client's roles ({}) do not hold: Genesys Cloud refuses to grant a role the granting client does not hold",
                grant.by,
                code_list(&held_names)
            );
            let mut d = Diagnostic::new(&META, role_ref.name.span, message)
                .label("above the deploy client's roles")
                .help(format!(
                    "give the deploy client a role holding {} as well, or grant a narrower role",
                    code_list(&shown)
                ))
                .key(format!("ceiling/{}/{shown_name}", grant.by));
            if let Some(role) = cx.app.role(name) {
                d = d.related(
                    role.name.span,
                    format!("role `{}` declared here", role.name.value),
                );
            }
            out.push(d);
        }
    }
}
