use super::{declare_rule, Context};
use crate::diagnostic::Diagnostic;
use crate::model::GrantKind;

declare_rule!(
    "missing-redirect-uri",
    "MissingRedirectUri",
    Error,
    Clients,
    "A CODE or TOKEN client has no redirect URIs"
);

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    for client in &cx.app.clients {
        // The wizard's login is registered outside the repository.
        if !matches!(
            client.grant_kind(),
            Some(GrantKind::Code | GrantKind::Token)
        ) || client.wizard_login
        {
            continue;
        }
        if client
            .redirect_uris
            .as_ref()
            .is_some_and(|l| !l.items.is_empty())
        {
            continue;
        }
        let span = client
            .redirect_uris
            .as_ref()
            .map_or(client.name.span, |l| l.key);
        out.push(
            Diagnostic::new(
                &META,
                span,
                format!(
                    "{} has no redirect URIs; Genesys Cloud sends the user back only to a registered URI, so sign-in cannot complete",
                    client.describe()
                ),
            )
            .label("no redirect URI")
            .help("add the https URL of the page that finishes sign-in to `redirectUris`")
            .key(client.name.value.clone()),
        );
    }
}
