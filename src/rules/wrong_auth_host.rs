use super::hosts::{claimed_domain, known_domain};
use super::{declare_rule, Context};
use crate::diagnostic::Diagnostic;
use crate::scan::extract::is_genesys_domain;

declare_rule!(
    "wrong-auth-host",
    "WrongAuthHost",
    Error,
    Hosts,
    "`/oauth/token` or `/oauth/authorize` sent to a host other than `login.<env>`"
);

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    for t in &cx.app.token_endpoints {
        let Some(host) = &t.host else { continue };
        if host.starts_with("login.") || !is_genesys_domain(host) {
            continue;
        }
        let domain = known_domain(cx.db, host).unwrap_or_else(|| claimed_domain(host));
        out.push(
            Diagnostic::new(
                &META,
                t.span,
                format!("`{}` is requested from `{host}`; Genesys Cloud serves OAuth only at `login.{domain}`", t.path),
            )
            .label(format!("not `login.{domain}`"))
            .help(format!("use `https://login.{domain}{}`", t.path))
            .key(format!("{host}{}", t.path)),
        );
    }
}
