use super::{declare_rule, Context};
use crate::diagnostic::Diagnostic;

declare_rule!(
    "preview-endpoint",
    "PreviewEndpoint",
    Note,
    Endpoints,
    "The operation is a preview API and may change"
);

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    for call in &cx.app.calls {
        let Some(id) = call.operation() else { continue };
        let op = cx.db.op(id);
        if !op.preview {
            continue;
        }
        out.push(
            Diagnostic::new(
                &META,
                call.span,
                format!("{} is a preview API: it may change or be removed without the usual deprecation period", op.label()),
            )
            .label("preview")
            .help("keep preview calls behind a feature flag and watch the API changelog")
            .key(op.display()),
        );
    }
}
