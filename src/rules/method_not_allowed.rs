use super::{declare_rule, Context};
use crate::diagnostic::{code_alternatives, Diagnostic};
use crate::model::{CallKind, Resolution};

declare_rule!(
    "method-not-allowed",
    "MethodNotAllowed",
    Error,
    Endpoints,
    "The path exists, the method does not"
);

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    for call in &cx.app.calls {
        let (
            Resolution::MethodNotAllowed(ops),
            CallKind::Http {
                method: Some(method),
                ..
            },
        ) = (&call.resolution, &call.kind)
        else {
            continue;
        };
        let Some(first) = ops.first() else { continue };
        let template = cx.db.op(*first).path.to_string();
        let allowed: Vec<String> = ops
            .iter()
            .map(|&id| cx.db.op(id).method.to_string())
            .collect();
        let described: Vec<String> = ops.iter().map(|&id| cx.db.op(id).label()).collect();
        out.push(
            Diagnostic::new(
                &META,
                call.span,
                format!(
                    "`{template}` has no {method} operation; it allows {}",
                    code_alternatives(&allowed)
                ),
            )
            .label(format!("{method} not allowed"))
            .help(format!(
                "the operations on this path are {}",
                described.join(", ")
            ))
            .key(format!("{method} {template}")),
        );
    }
}
