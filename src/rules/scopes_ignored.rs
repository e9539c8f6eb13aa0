use super::{declare_rule, Context};
use crate::diagnostic::Diagnostic;

declare_rule!(
    "scopes-ignored",
    "ScopesIgnored",
    Warning,
    Scopes,
    "Scopes on a CLIENT-CREDENTIALS client are ignored; its roles decide"
);

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    for client in &cx.app.clients {
        let Some(scopes) = &client.scopes else {
            continue;
        };
        if !client.is_client_credentials() || scopes.items.is_empty() {
            continue;
        }
        out.push(
            Diagnostic::new(
                &META,
                scopes.key,
                format!(
                    "{} declares {} scope(s), but Genesys Cloud ignores scopes for the client-credentials grant; the client's roles decide what it may call",
                    client.describe(),
                    scopes.items.len()
                ),
            )
            .label("ignored for CLIENT-CREDENTIALS")
            .help("remove the scopes and give the client roles that grant the permissions its calls need")
            .key(client.name.value.clone()),
        );
    }
}
