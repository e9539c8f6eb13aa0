use super::{declare_rule, Context};
use crate::diagnostic::Diagnostic;

declare_rule!(
    "token-validity-range",
    "TokenValidityRange",
    Error,
    Clients,
    "accessTokenValiditySeconds is outside 300..172800"
);

pub const MIN_SECONDS: i64 = 300;
pub const MAX_SECONDS: i64 = 172_800;

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    for client in &cx.app.clients {
        let Some(validity) = &client.token_validity else {
            continue;
        };
        let v = validity.value;
        if (MIN_SECONDS..=MAX_SECONDS).contains(&v) {
            continue;
        }
        let side = if v < MIN_SECONDS {
            "below the minimum of 300 (5 minutes)"
        } else {
            "above the maximum of 172800 (48 hours)"
        };
        out.push(
            Diagnostic::new(
                &META,
                validity.span,
                format!("token validity of {v} seconds for client `{}` is {side}; Genesys Cloud rejects the client", client.name.value),
            )
            .label("outside 300..172800")
            .help(format!("use a value between {MIN_SECONDS} and {MAX_SECONDS}; the default is 86400 (24 hours)"))
            .key(client.name.value.clone()),
        );
    }
}
