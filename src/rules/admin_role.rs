use super::support::{call_ops, is_builtin_admin};
use super::{declare_rule, Context};
use crate::diagnostic::{code_list, Diagnostic};

declare_rule!(
    "admin-role",
    "AdminRole",
    Warning,
    Scopes,
    "A CLIENT-CREDENTIALS client holds an administrator role"
);

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    for (ci, client) in cx.app.clients.iter().enumerate() {
        if !client.is_client_credentials() {
            continue;
        }
        let Some(roles) = &client.roles else { continue };
        for r in roles.iter() {
            let name = &r.value.name.value;
            let everything = match cx.app.role(name) {
                Some(role) => role.grants.iter().any(|g| g.value.is_everything()),
                None => is_builtin_admin(name),
            };
            if !everything {
                continue;
            }
            let mut needed: Vec<String> = cx
                .app
                .calls_of(ci)
                .flat_map(|call| call_ops(call).iter().copied())
                .filter_map(|id| cx.db.op(id).permissions.as_ref())
                .flat_map(|p| p.list.iter().map(|s| s.to_string()))
                .collect();
            needed.sort();
            needed.dedup();
            let tail = if needed.is_empty() {
                String::new()
            } else {
                format!("; its calls need only {}", code_list(&needed))
            };
            out.push(
                Diagnostic::new(
                    &META,
                    r.value.name.span,
                    format!(
                        "{} holds `{name}`, which grants every permission{tail}",
                        client.describe()
                    ),
                )
                .label("administrator role")
                .help(
                    "give the client a custom role that grants only the permissions its calls need",
                )
                .key(format!("{}/{name}", client.name.value)),
            );
        }
    }
}
