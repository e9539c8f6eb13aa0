use super::{declare_rule, Context};
use crate::diagnostic::Diagnostic;

declare_rule!(
    "roles-ignored",
    "RolesIgnored",
    Warning,
    Scopes,
    "Roles on a user-grant client are ignored; the user's permissions and the scopes decide"
);

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    for client in &cx.app.clients {
        let Some(roles) = &client.roles else { continue };
        if !client.is_user_grant() || roles.items.is_empty() {
            continue;
        }
        out.push(
            Diagnostic::new(
                &META,
                roles.key,
                format!(
                    "{} is a user grant: Genesys Cloud ignores the roles of the client; calls run with the signed-in user's permissions, limited by the client's scopes",
                    client.describe()
                ),
            )
            .label("ignored for user grants")
            .help("remove `roles`; to record the roles the app's users need, list them under `userRoles`")
            .key(client.name.value.clone()),
        );
    }
}
