use super::{declare_rule, Context};
use crate::db::SecurityScheme;
use crate::diagnostic::Diagnostic;

declare_rule!(
    "guest-endpoint-auth",
    "GuestEndpointAuth",
    Error,
    Endpoints,
    "A Guest Chat / Web Messaging endpoint called with an OAuth client token"
);

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    for call in &cx.app.calls {
        let Some(id) = call.operation() else { continue };
        let op = cx.db.op(id);
        let scheme = match op.security_scheme {
            SecurityScheme::GuestChat => "a Guest Chat JWT",
            SecurityScheme::WebMessaging => "a Web Messaging JWT",
            _ => continue,
        };
        let oauth_flow = cx
            .app
            .auth_flows
            .iter()
            .find(|f| f.span.file == call.span.file);
        // A `sources` glob or the file's own login ties it to OAuth; being the
        // app's only client does not (guest code often sits beside it).
        let oauth_client = matches!(
            call.link,
            crate::model::Link::Sources | crate::model::Link::AuthFlow
        );
        if oauth_flow.is_none() && !oauth_client {
            continue;
        }
        let mut d = Diagnostic::new(
            &META,
            call.span,
            format!("{} authenticates with {scheme}, not with an OAuth client token; this code calls it under an OAuth login", op.label()),
        )
        .label(format!("expects {scheme}"))
        .help("call guest endpoints with the guest session's JWT, and Platform API endpoints with the OAuth token")
        .key(op.display());
        if let Some(f) = oauth_flow {
            d = d.related(f.span, "OAuth login here");
        }
        out.push(d);
    }
}
