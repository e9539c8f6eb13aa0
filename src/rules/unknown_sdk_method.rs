use super::{declare_rule, Context};
use crate::diagnostic::{code_alternatives, Diagnostic};
use crate::model::{CallKind, Resolution};

declare_rule!(
    "unknown-sdk-method",
    "UnknownSdkMethod",
    Error,
    Endpoints,
    "A method called on a Genesys SDK API object that no SDK has"
);

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for call in &cx.app.calls {
        let CallKind::Sdk { class, method } = &call.kind else {
            continue;
        };
        let Some(class) = class else { continue };
        if !cx.db.is_sdk_class(class) {
            if let Some(tag) = cx.db.former_sdk_class(class) {
                out.push(
                    Diagnostic::new(
                        &META,
                        call.span,
                        format!(
                            "`{class}` is no longer an API class of the Genesys SDK (its `{tag}` operations were removed); code that builds it fails when it loads"
                        ),
                    )
                    .label(format!("`{class}` was removed"))
                    .help("remove the calls, or move to the replacement API the deprecation notice names")
                    .key(format!("{class}.{method}")),
                );
            }
            // Any other `XxxApi` class is not clearly Genesys's: say nothing.
            continue;
        }
        if call.resolution != Resolution::UnknownSdkMethod {
            continue;
        }
        let similar = cx.db.similar_sdk_methods(method, 3);
        let help = if similar.is_empty() {
            format!("see the methods of `{class}` in the SDK documentation, or look one up with `gclint endpoint`")
        } else {
            format!("did you mean {}?", code_alternatives(&similar))
        };
        out.push(
            Diagnostic::new(
                &META,
                call.span,
                format!("`{class}.{method}` is not a method of any Genesys Cloud SDK"),
            )
            .label("no such SDK method")
            .help(help)
            .key(format!("{class}.{method}")),
        );
    }
}
