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

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    removed_classes(cx, out);
    for call in &cx.app.calls {
        let CallKind::Sdk { class, method } = &call.kind else {
            continue;
        };
        let Some(class) = class else { continue };
        // A removed class is reported where it is built (`removed_classes`);
        // any other `XxxApi` class is not clearly Genesys's: say nothing.
        if !cx.db.is_sdk_class(class) {
            continue;
        }
        // The current SDKs have it.
        if cx.db.op_by_sdk_name(method).is_some() {
            continue;
        }
        // The release the project pins has it, or `sdk-method-too-new`
        // says it does not.
        if let Some(pin) = super::support::pin_of(cx, call.span.file) {
            use super::support::PinVerdict;
            if matches!(
                super::support::pin_verdict(cx, pin, method),
                PinVerdict::Has | PinVerdict::Removed { .. } | PinVerdict::TooNew { .. }
            ) {
                continue;
            }
        }
        // A method older SDK releases had: when it went, and what it called.
        if let Some((message, help)) = removed_method(cx, class, method) {
            out.push(
                Diagnostic::new(&META, call.span, message)
                    .label("removed from the SDK")
                    .help(help)
                    .key(format!("{class}.{method}")),
            );
            continue;
        }
        // A method of a retired first-generation SDK: a call of the
        // operation it names while the API still has it.
        let legacy = crate::db::legacy::legacy_sdks().method(Some(class), method);
        if let Some(m) = legacy.last() {
            if !matches!(call.resolution, Resolution::Operation(_)) {
                out.push(
                    Diagnostic::new(
                        &META,
                        call.span,
                        format!(
                            "`{class}.{method}` is a method of the retired SDK {} (releases {} – {}); it calls `{} {}`, which the Platform API no longer has",
                            m.package, m.first, m.last, m.verb, m.path
                        ),
                    )
                    .label("the operation is gone")
                    .help("move the call to the current SDK (platform-client) and the operation that replaced it; `gclint endpoint` looks one up by name or path")
                    .key(format!("{class}.{method}")),
                );
            }
            continue;
        }
        if matches!(call.resolution, Resolution::Operation(_)) {
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

/// The message and help for a method that older SDK releases had, from the
/// SDK history: the last release of each SDK that had it.
fn removed_method(cx: &Context<'_>, class: &str, method: &str) -> Option<(String, String)> {
    let history = cx.db.sdk_history();
    let (last, run) = super::support::last_releases(|sdk| history.runs_of_spelling(sdk, method))?;
    let last: Vec<String> = last.iter().map(|(sdk, v)| format!("{sdk} {v}")).collect();
    let (verb, path) = (run.verb, run.path);
    let still = matches!(
        cx.db.lookup_path(Some(verb), path),
        crate::db::PathLookup::Found(_)
    );
    let operation = match still {
        true => {
            "the operation is still in the API: call it by path or with the method that replaced it"
        }
        false => "the operation itself is gone from the API",
    };
    Some((
        format!(
            "`{class}.{method}` was removed from the Genesys Cloud SDKs (last in {}); it called `{verb} {path}`",
            last.join(", ")
        ),
        format!("{operation}; `gclint endpoint {method}` shows its history"),
    ))
}

/// An API class the SDK no longer has: one finding where the code builds
/// it (the calls on it fail with it, so each is not reported again), or at
/// the first call of a file that uses such an object built elsewhere.
fn removed_classes(cx: &Context<'_>, out: &mut super::Findings) {
    let removed = |class: &str, file| super::support::removed_class(cx, class, file);
    let message = |class: &str, tag: &str| {
        format!(
            "`{class}` is no longer an API class of the Genesys SDK (the SDK dropped its `{tag}` operations); code that builds it fails when it loads"
        )
    };
    let help = "remove the calls, or move to the replacement API the deprecation notice names";
    let mut built: Vec<(crate::source::FileId, &str)> = Vec::new();
    for object in &cx.app.api_objects {
        let Some(tag) = removed(&object.class, object.span.file) else {
            continue;
        };
        built.push((object.span.file, &object.class));
        let calls: Vec<&str> = cx
            .app
            .calls
            .iter()
            .filter(|c| c.span.file == object.span.file)
            .filter_map(|c| match &c.kind {
                CallKind::Sdk {
                    class: Some(k),
                    method,
                } if *k == object.class => Some(method.as_str()),
                _ => None,
            })
            .collect();
        let mut d = Diagnostic::new(&META, object.span, message(&object.class, tag))
            .label(format!("`{}` was removed", object.class))
            .help(help)
            .key(object.class.clone());
        if !calls.is_empty() {
            let mut names: Vec<&str> = Vec::new();
            for m in calls {
                if !names.contains(&m) {
                    names.push(m);
                }
            }
            d.message.push_str(&format!(
                ", with the calls of this file on it: {}",
                crate::diagnostic::code_list(&names)
            ));
        }
        out.push(d);
    }
    for call in &cx.app.calls {
        let CallKind::Sdk {
            class: Some(class), ..
        } = &call.kind
        else {
            continue;
        };
        let Some(tag) = removed(class, call.span.file) else {
            continue;
        };
        if built.contains(&(call.span.file, class.as_str())) {
            continue;
        }
        built.push((call.span.file, class.as_str()));
        out.push(
            Diagnostic::new(&META, call.span, message(class, tag))
                .label(format!("`{class}` was removed"))
                .help(help)
                .key(class.clone()),
        );
    }
}
