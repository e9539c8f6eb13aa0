use super::support::{pin_of, pin_verdict, PinVerdict};
use super::{declare_rule, Context};
use crate::diagnostic::Diagnostic;
use crate::model::{CallKind, PinKind};

declare_rule!(
    "sdk-method-too-new",
    "SdkMethodTooNew",
    Error,
    History,
    "An SDK method that the SDK release the project pins does not have yet, or no longer has"
);

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    // A file's calls share its pin.
    let mut pins = std::collections::HashMap::new();
    for call in &cx.app.calls {
        let CallKind::Sdk {
            class: Some(class),
            method,
        } = &call.kind
        else {
            continue;
        };
        let Some(at) = *pins
            .entry(call.span.file)
            .or_insert_with(|| pin_of(cx, call.span.file))
        else {
            continue;
        };
        let verdict = pin_verdict(cx, at, method);
        if matches!(verdict, PinVerdict::Has | PinVerdict::Unknown) {
            continue;
        }
        let pin = &at.pin;
        let package = cx
            .db
            .sdk_history()
            .releases(&pin.sdk)
            .map_or(pin.sdk.clone(), |r| r.package.to_string());
        let file = &cx.sources.get(pin.span.file).rel;
        let pinned = match pin.kind {
            PinKind::Exact => format!("{package} {}", pin.version),
            PinKind::Major => format!(
                "the {} releases of {package}",
                pin.version.split('.').next().unwrap_or(&pin.version)
            ),
        };
        let (message, help) = match verdict {
            PinVerdict::TooNew { first } => (
                format!(
                    "`{class}.{method}` is not in {pinned}, which {file} pins: the first release with it is {first}; the call fails at run time"
                ),
                format!("upgrade the SDK to {first} or later"),
            ),
            PinVerdict::Removed { last } => (
                format!(
                    "`{class}.{method}` is not in {pinned}, which {file} pins: it was removed after {last}; the call fails at run time"
                ),
                format!(
                    "call what replaced it (`gclint endpoint {method}` shows its history), or stay on {last}"
                ),
            ),
            PinVerdict::Has | PinVerdict::Unknown => continue,
        };
        out.push(
            Diagnostic::new(&META, call.span, message)
                .label(format!("not in {}", pin.version))
                .help(help)
                .related(pin.span, format!("{package} pinned here"))
                .key(format!("{class}.{method}/{}", pin.version)),
        );
    }
}
