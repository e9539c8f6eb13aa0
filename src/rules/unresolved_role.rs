use super::support::is_builtin_admin;
use super::{declare_rule, Context};
use crate::diagnostic::Diagnostic;

declare_rule!(
    "unresolved-role",
    "UnresolvedRole",
    Note,
    Scopes,
    "A role cannot be resolved; permission checks for that client are incomplete"
);

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for client in &cx.app.clients {
        let refs = client
            .roles
            .iter()
            .filter(|_| client.is_client_credentials())
            .flat_map(|l| l.iter().map(|r| &r.value.name))
            .chain(
                client
                    .user_roles
                    .iter()
                    .filter(|_| client.is_user_grant())
                    .flat_map(|l| l.iter()),
            );
        for name in refs {
            if cx.app.role(&name.value).is_some() || is_builtin_admin(&name.value) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &META,
                    name.span,
                    format!(
                        "role `{}` of {} is not defined in the scanned files; permission checks for this client are incomplete",
                        name.value,
                        client.describe()
                    ),
                )
                .label("unknown role")
                .help("define the role (with its permissions) under `roles` so its permissions can be checked")
                .key(format!("{}/{}", client.name.value, name.value)),
            );
        }
    }
}
