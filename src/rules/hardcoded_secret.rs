use super::{declare_rule, Context};
use crate::diagnostic::Diagnostic;

declare_rule!(
    "hardcoded-secret",
    "HardcodedSecret",
    Error,
    Hosts,
    "A client secret literal in source or config",
    security_severity = "8.1"
);

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    for s in cx.app.secrets.iter().filter(|s| s.reported) {
        // The value is masked in every output; name only what holds it.
        out.push(
            Diagnostic::new(
                &META,
                s.span,
                format!("a client secret is written in the source ({}); anyone who can read the repository can get tokens with it", s.what),
            )
            .label("secret literal (redacted)")
            .help("read it from the environment or a secret store, and rotate this secret in Genesys Cloud")
            .key(s.what.clone()),
        );
    }
}
