use super::{declare_rule, Context};
use crate::diagnostic::Diagnostic;

declare_rule!(
    "invalid-auth-scheme",
    "InvalidAuthScheme",
    Error,
    Endpoints,
    "An `Authorization` header with a scheme other than `Bearer` sent to a Genesys host"
);

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    for h in &cx.app.auth_headers {
        // `Basic` is right for the token request itself.
        if h.scheme.eq_ignore_ascii_case("bearer") || h.scheme.eq_ignore_ascii_case("basic") {
            continue;
        }
        let talks_to_genesys = cx.app.calls.iter().any(|c| c.span.file == h.span.file)
            || cx.app.hosts.iter().any(|x| x.span.file == h.span.file)
            || cx
                .app
                .token_endpoints
                .iter()
                .any(|x| x.span.file == h.span.file);
        if !talks_to_genesys {
            continue;
        }
        out.push(
            Diagnostic::new(
                &META,
                h.span,
                format!("`{}` is not an Authorization scheme Genesys Cloud accepts; Platform API requests carry `Bearer <access token>`", h.scheme),
            )
            .label(format!("`{}` scheme", h.scheme))
            .help("send `Authorization: Bearer <token>`")
            .key(h.scheme.clone()),
        );
    }
}
