use super::support::{client_roles, firm_link};
use super::{declare_rule, Context};
use crate::db::PermissionMatch;
use crate::diagnostic::{code_alternatives, code_list, Diagnostic};

declare_rule!(
    "missing-permission",
    "MissingPermission",
    Error,
    Scopes,
    "A call's operation needs permissions that the roles behind its client do not grant"
);

/// The narrowest of alternative permissions: a `domain:entity:action` that
/// is not an administration permission, when there is one.
fn least_permission(options: &[String]) -> &str {
    options
        .iter()
        .find(|p| p.split(':').count() == 3 && !p.contains("admin"))
        .unwrap_or(&options[0])
}

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    for call in &cx.app.calls {
        let Some(id) = call.operation() else { continue };
        let op = cx.db.op(id);
        let Some(perms) = &op.permissions else {
            continue;
        };
        if perms.list.is_empty() || !firm_link(call) {
            continue;
        }
        for &c in &call.clients {
            let client = &cx.app.clients[c];
            let Some(roles) = client_roles(cx, client) else {
                continue;
            };
            // Roles gclint cannot see may grant it: unresolved-role says so.
            if !roles.unresolved.is_empty() {
                continue;
            }
            let missing = roles.missing(perms.kind, &perms.list);
            if missing.is_empty() || out.count_if_full() {
                continue;
            }
            let holder = if client.wizard_login {
                "the wizard's `installPermissions`".to_string()
            } else if client.is_client_credentials() {
                format!("the roles of client `{}`", client.name.value)
            } else {
                format!(
                    "the roles that users of client `{}` hold (`userRoles`)",
                    client.name.value
                )
            };
            let role_names: Vec<&str> = roles.roles.iter().map(|r| r.name.value.as_str()).collect();
            let needed = match perms.kind {
                Some(PermissionMatch::Any) if missing.len() > 1 => {
                    format!("one of the permissions {}", code_alternatives(&missing))
                }
                _ if missing.len() == 1 => format!("permission {}", code_list(&missing)),
                _ => format!("permissions {}", code_list(&missing)),
            };
            let message = if role_names.is_empty() {
                format!(
                    "{} needs {needed}; {} has no roles",
                    op.label(),
                    client.describe()
                )
            } else {
                format!(
                    "{} needs {needed}, which {holder} ({}) do not grant",
                    op.label(),
                    code_list(&role_names)
                )
            };
            let target = match role_names.as_slice() {
                [one] => format!("role `{one}`"),
                [] => format!("a role of client `{}`", client.name.value),
                _ => format!("one of the roles of client `{}`", client.name.value),
            };
            let mut d = Diagnostic::new(&META, call.span, message)
                .label(format!("needs {}", code_alternatives(&missing)))
                .help(format!("add `{}` to {target}", least_permission(&missing)))
                .key(format!("{}/{}", client.name.value, op.display()));
            for role in &roles.roles {
                d = d.related(
                    role.name.span,
                    format!("role `{}` declared here", role.name.value),
                );
            }
            if roles.roles.is_empty() {
                d = d.related(
                    client.name.span,
                    format!("client `{}` declared here", client.name.value),
                );
            }
            out.push(d);
        }
    }
}
