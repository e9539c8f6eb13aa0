use super::{declare_rule, Context};
use crate::diagnostic::Diagnostic;

declare_rule!(
    "deprecated-role-ids",
    "DeprecatedRoleIds",
    Warning,
    Clients,
    "An OAuth client uses `roleIds` instead of `roleDivisions`"
);

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    for client in &cx.app.clients {
        let Some(key) = client.role_ids_key else {
            continue;
        };
        out.push(
            Diagnostic::new(
                &META,
                key,
                format!(
                    "client `{}` lists its roles in `roleIds`, which the API documents as deprecated; use `roleDivisions`",
                    client.name.value
                ),
            )
            .label("deprecated")
            .help("write `\"roleDivisions\": [{\"roleId\": \"...\", \"divisionId\": \"...\"}]`, one entry per role and division")
            .key(client.name.value.clone()),
        );
    }
}
