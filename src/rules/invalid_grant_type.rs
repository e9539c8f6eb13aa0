use super::{declare_rule, Context};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{GrantKind, GrantSpelling};

declare_rule!(
    "invalid-grant-type",
    "InvalidGrantType",
    Error,
    Clients,
    "The grant type is not one Genesys Cloud accepts"
);

/// What people write when they mean a real grant type.
fn intent(raw: &str) -> Option<&'static str> {
    let folded = raw.trim().to_ascii_uppercase().replace(['_', ' '], "-");
    Some(match folded.as_str() {
        "IMPLICIT" | "IMPLICIT-GRANT" => "TOKEN (the implicit grant)",
        "PKCE" | "CODE-PKCE" | "AUTHORIZATION-CODE-PKCE" => {
            "CODE (PKCE is a CODE client used with a PKCE challenge; set `pkce: true`)"
        }
        "AUTHORIZATION-CODE" | "AUTH-CODE" => "CODE",
        "CLIENT-CREDENTIAL" | "CREDENTIALS" => "CLIENT-CREDENTIALS",
        "SAML" | "SAML2" | "SAML2BEARER" => "SAML2-BEARER",
        _ => return None,
    })
}

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    let valid = GrantKind::ALL.map(GrantKind::as_str).join(", ");
    for client in &cx.app.clients {
        let Some(grant) = &client.grant else { continue };
        let key = format!("{}/{}", client.name.value, grant.value);
        match GrantKind::parse(&grant.value) {
            Some((_, GrantSpelling::Exact)) => {}
            Some((kind, GrantSpelling::Underscore)) => out.push(
                Diagnostic::new(
                    &META,
                    grant.span,
                    format!(
                        "`{}` is the spelling of Genesys's premium-app samples; the API documents `{}` (client `{}`)",
                        grant.value,
                        kind.as_str(),
                        client.name.value
                    ),
                )
                .label(format!("documented as `{}`", kind.as_str()))
                .help(format!("write `{}`", kind.as_str()))
                .severity(Severity::Note)
                .key(key),
            ),
            Some((kind, GrantSpelling::Loose)) => out.push(
                Diagnostic::new(
                    &META,
                    grant.span,
                    format!("`{}` is not a grant type; the API expects `{}` (client `{}`)", grant.value, kind.as_str(), client.name.value),
                )
                .label("not a grant type")
                .help(format!("write `{}`", kind.as_str()))
                .key(key),
            ),
            None => {
                let help = match intent(&grant.value) {
                    Some(meant) => format!("did you mean {meant}?"),
                    None => format!("use one of {valid}"),
                };
                out.push(
                    Diagnostic::new(
                        &META,
                        grant.span,
                        format!("`{}` is not a Genesys Cloud grant type (client `{}`)", grant.value, client.name.value),
                    )
                    .label("not a grant type")
                    .help(help)
                    .key(key),
                );
            }
        }
    }
}
