use super::{declare_rule, Context};
use crate::diagnostic::Diagnostic;
use crate::model::GrantKind;

declare_rule!(
    "secret-in-browser",
    "SecretInBrowser",
    Error,
    Hosts,
    "A client secret or client-credentials login in code that runs in the browser",
    security_severity = "9.1"
);

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    let browser = |f| cx.app.browser_files.contains(&f);
    for s in cx
        .app
        .secrets
        .iter()
        .filter(|s| s.reported && browser(s.span.file))
    {
        out.push(
            Diagnostic::new(&META, s.span, format!("a client secret ({}) is shipped to the browser, where every visitor can read it", s.what))
                .label("visible to every visitor")
                .help("keep secrets on a server; browser code signs users in with the implicit or PKCE grant")
                .key(format!("secret/{}", s.what)),
        );
    }
    for f in cx
        .app
        .auth_flows
        .iter()
        .filter(|f| f.grant == GrantKind::ClientCredentials && browser(f.span.file))
    {
        out.push(
            Diagnostic::new(
                &META,
                f.span,
                "a client-credentials login runs in the browser: it needs the client secret there, and every visitor acts with the client's roles",
            )
            .label("client credentials in the browser")
            .help("use loginImplicitGrant or loginPKCEGrant in the browser; keep client credentials on a server")
            .key("client-credentials-login"),
        );
    }
}
