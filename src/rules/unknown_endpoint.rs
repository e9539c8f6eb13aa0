use super::{declare_rule, Context};
use crate::diagnostic::{code_alternatives, Diagnostic};
use crate::model::{CallKind, Resolution};

declare_rule!(
    "unknown-endpoint",
    "UnknownEndpoint",
    Error,
    Endpoints,
    "The path is not a Platform API operation"
);

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for call in &cx.app.calls {
        let (Resolution::UnknownPath, CallKind::Http { method, path }) =
            (&call.resolution, &call.kind)
        else {
            continue;
        };
        let shown = crate::db::normalize_call_path(path)
            .map(|s| crate::db::paths_render(&s))
            .unwrap_or_else(|| path.clone());
        let route = match method {
            Some(m) => format!("{m} {shown}"),
            None => shown.clone(),
        };
        let similar = cx.db.similar_paths(path, 3);
        let help = if similar.is_empty() {
            "no Platform API path is close; check the route in the API explorer (`gclint endpoint` looks one up)".to_string()
        } else {
            format!("did you mean {}?", code_alternatives(&similar))
        };
        out.push(
            Diagnostic::new(
                &META,
                call.span,
                format!("`{route}` is not a Genesys Cloud Platform API operation"),
            )
            .label("no such endpoint")
            .help(help)
            .key(route),
        );
    }
}
