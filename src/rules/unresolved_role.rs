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

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    deploy_client(cx, out);
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

/// The Terraform deploy client of `gclint.toml`: a client it names that no
/// definition has, or roles no definition has (a named client's roles are
/// reported with the client).
fn deploy_client(cx: &Context<'_>, out: &mut super::Findings) {
    let Some(deploy) = &cx.app.deploy else { return };
    let name = &deploy.client.name;
    if let Some(missing) = &deploy.unresolved {
        out.push(
            Diagnostic::new(
                &META,
                name.span,
                format!(
                    "the Terraform deploy client `{missing}` is not defined in the scanned files; the deploy checks are off"
                ),
            )
            .label("unknown client")
            .help("pass the client as the API returns it (`GET /api/v2/oauth/clients/{id}`) with `--client-json`, or name its roles: `terraform-client = { roles = [...] }`")
            .key(format!("terraform-client/{missing}")),
        );
        return;
    }
    if deploy.defined.is_some() {
        return;
    }
    for r in deploy.client.roles.iter().flat_map(|l| l.iter()) {
        let role = &r.value.name;
        if cx.app.role(&role.value).is_some() || is_builtin_admin(&role.value) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &META,
                role.span,
                format!(
                    "role `{}` of the Terraform deploy client is not defined in the scanned files; the deploy checks are off",
                    role.value
                ),
            )
            .label("unknown role")
            .help("pass the role as `GET /api/v2/authorization/roles/{id}` returns it with `--client-json`, or define it in Terraform")
            .key(format!("terraform-client/{}", role.value)),
        );
    }
}
