use super::{declare_rule, Context};
use crate::diagnostic::Diagnostic;

declare_rule!(
    "insecure-redirect-uri",
    "InsecureRedirectUri",
    Error,
    Clients,
    "A redirect URI uses plain http to a non-loopback host, or a wildcard"
);

/// The host of an `http://` URL, brackets kept for IPv6.
fn http_host(uri: &str) -> Option<&str> {
    let rest = uri
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("http://"))
        .map(|_| &uri[7..])?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    if host_port.starts_with('[') {
        return host_port.find(']').map(|i| &host_port[..=i]);
    }
    Some(host_port.split(':').next().unwrap_or(host_port))
}

/// RFC 8252 allows plain http only to the loopback interface.
pub fn is_loopback(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    host == "localhost"
        || host == "[::1]"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    for client in &cx.app.clients {
        let Some(uris) = &client.redirect_uris else {
            continue;
        };
        for uri in uris.iter() {
            let problem = if uri.value.contains('*') {
                Some((
                    "a wildcard",
                    "register each exact URL; wildcards let any matching page receive tokens",
                ))
            } else {
                match http_host(&uri.value) {
                    Some(host) if !is_loopback(host) => Some((
                        "plain http to a non-loopback host",
                        "use https; plain http is acceptable only for localhost / 127.0.0.1 during development",
                    )),
                    _ => None,
                }
            };
            let Some((what, help)) = problem else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    &META,
                    uri.span,
                    format!(
                        "redirect URI `{}` of client `{}` uses {what}: tokens can leak to others",
                        uri.value, client.name.value
                    ),
                )
                .label(what)
                .help(help)
                .key(format!("{}/{}", client.name.value, uri.value)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(http_host("http://localhost:3000/cb"), Some("localhost"));
        assert_eq!(http_host("http://[::1]:80/"), Some("[::1]"));
        assert_eq!(http_host("https://example.com"), None);
        assert!(is_loopback("127.0.0.5"));
        assert!(!is_loopback("example.com"));
    }
}
