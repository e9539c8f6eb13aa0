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
        let role_refs = client
            .roles
            .iter()
            .filter(|_| client.is_client_credentials())
            .flat_map(|l| {
                l.iter()
                    .map(|r| (&r.value.name, r.value.unresolved.as_deref()))
            });
        let user_refs = client
            .user_roles
            .iter()
            .filter(|_| client.is_user_grant())
            .flat_map(|l| l.iter().map(|n| (n, None)));
        for (name, unresolved) in role_refs.chain(user_refs) {
            let message = match unresolved {
                // `var.role_id`, `data.*`: known only when Terraform runs.
                Some(why) => format!(
                    "the role of {} cannot be resolved statically: {why}; permission checks for this client are incomplete",
                    client.describe()
                ),
                None if cx.app.role(&name.value).is_some() || is_builtin_admin(&name.value) => continue,
                None => format!(
                    "role `{}` of {} is not defined in the scanned files; permission checks for this client are incomplete",
                    name.value,
                    client.describe()
                ),
            };
            let help = if unresolved.is_some() {
                "give the variable a literal default, or reference a `genesyscloud_auth_role` resource of this module"
            } else {
                "define the role (with its permissions) where gclint can read it (manifest `roles`, Terraform, role JSON)"
            };
            out.push(
                Diagnostic::new(&META, name.span, message)
                    .label("unknown role")
                    .help(help)
                    .key(format!("{}/{}", client.name.value, name.value)),
            );
        }
    }
}
