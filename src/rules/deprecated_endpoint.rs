use super::{declare_rule, Context};
use crate::diagnostic::Diagnostic;
use crate::model::CallKind;

declare_rule!(
    "deprecated-endpoint",
    "DeprecatedEndpoint",
    Warning,
    Endpoints,
    "The operation is deprecated"
);

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    for call in &cx.app.calls {
        let Some(id) = call.operation() else { continue };
        // On a class the SDK removed, the call fails before its deprecation
        // matters: `unknown-sdk-method` reports the class once.
        if let CallKind::Sdk {
            class: Some(class), ..
        } = &call.kind
        {
            if super::support::removed_class(cx, class, call.span.file).is_some() {
                continue;
            }
        }
        let op = cx.db.op(id);
        if !op.deprecated {
            continue;
        }
        let help = match &op.deprecation_note {
            Some(note) => format!("the API documentation says: \"{note}\""),
            None => "the API documentation names no replacement; check the API explorer for the current operation".to_string(),
        };
        out.push(
            Diagnostic::new(&META, call.span, format!("{} is deprecated", op.label()))
                .label("deprecated")
                .help(help)
                .key(op.display()),
        );
    }
}
