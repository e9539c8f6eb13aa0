use super::{declare_rule, Context};
use crate::diagnostic::Diagnostic;
use crate::model::GrantKind;

declare_rule!(
    "user-context-required",
    "UserContextRequired",
    Error,
    Scopes,
    "A CLIENT-CREDENTIALS client calls an operation about the signed-in user"
);

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    for call in &cx.app.calls {
        let Some(id) = call.operation() else { continue };
        let op = cx.db.op(id);
        if !op.about_signed_in_user() {
            continue;
        }
        let file_cc = cx.app.file_grant(call.span.file) == Some(GrantKind::ClientCredentials);
        let client_cc = !call.clients.is_empty()
            && super::support::firm_link(call)
            && call
                .clients
                .iter()
                .all(|&c| cx.app.clients[c].is_client_credentials());
        if !file_cc && !client_cc {
            continue;
        }
        let mut d = Diagnostic::new(
            &META,
            call.span,
            format!(
                "{} answers about the signed-in user, but this code runs under a client-credentials token, which has no user; Genesys Cloud rejects it as requiring a user context",
                op.label()
            ),
        )
        .label("needs a user")
        .help("call it with a user grant (code, implicit, PKCE), or use an endpoint that takes the user id, e.g. /api/v2/users/{userId}")
        .key(op.display());
        if let Some(flow) = cx
            .app
            .auth_flows
            .iter()
            .find(|f| f.span.file == call.span.file && f.grant == GrantKind::ClientCredentials)
        {
            d = d.related(flow.span, "client-credentials login here");
        } else if let Some(&c) = call.clients.first() {
            let client = &cx.app.clients[c];
            d = d.related(
                client.name.span,
                format!("client `{}` declared here", client.name.value),
            );
        }
        out.push(d);
    }
}
