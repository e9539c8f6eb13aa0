use super::support::{scope_verdicts, ScopeVerdict};
use super::{declare_rule, Context};
use crate::diagnostic::{Confidence, Diagnostic, Severity};
use crate::edit;

declare_rule!(
    "unused-scope",
    "UnusedScope",
    Warning,
    Scopes,
    "A user-grant client declares a scope that no call under it needs",
    precision = Medium
);

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    for (ci, client) in cx.app.clients.iter().enumerate() {
        let Some(scopes) = &client.scopes else {
            continue;
        };
        if !client.is_user_grant() || scopes.items.is_empty() {
            continue;
        }
        if cx.app.calls_of(ci).next().is_none() {
            // Use can be judged only where the client's code is. An app
            // manifest ships with its app's code: one note says that none
            // was found. Terraform and API exports describe an org's
            // clients, whose code lives elsewhere: nothing to say.
            if client.origin != crate::model::Origin::Manifest {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &META,
                    client.name.span,
                    format!(
                        "no code in the scanned files runs under {}; its {} not checked for use",
                        client.describe(),
                        if scopes.items.len() == 1 { "scope was".to_string() } else { format!("{} scopes were", scopes.items.len()) }
                    ),
                )
                .label("no calls found for this client")
                .help("add `sources` globs naming the files that use this client, or scan the repository that holds them")
                .severity(Severity::Note)
                .confidence(Confidence::Medium)
                .key(format!("{}/no-calls", client.name.value)),
            );
            continue;
        }
        for (i, verdict) in scope_verdicts(cx, ci) {
            let ScopeVerdict::Unused {
                unknown_calls,
                inferred_calls,
            } = verdict
            else {
                continue;
            };
            let scope = &scopes.items[i];
            let mut d = Diagnostic::new(
                &META,
                scope.span,
                format!(
                    "scope `{}` is declared by {} but no call under it needs it",
                    scope.value,
                    client.describe()
                ),
            )
            .label("not needed by any call")
            .help(format!(
                "remove `{}` from the scopes of client `{}`",
                scope.value, client.name.value
            ))
            .key(format!("{}/{}", client.name.value, scope.value));
            if unknown_calls == 0 && inferred_calls == 0 {
                d = d.fix(edit::remove_item(
                    cx.sources,
                    scopes,
                    i,
                    format!(
                        "remove `{}` from the scopes of client `{}`",
                        scope.value, client.name.value
                    ),
                ));
            }
            if unknown_calls > 0 {
                d.message.push_str(&format!(
                    " ({unknown_calls} call(s) under it have scopes the database does not know, so this is not certain)"
                ));
                d = d.severity(Severity::Note).confidence(Confidence::Low);
            } else if inferred_calls > 0 {
                d.message.push_str(&format!(
                    " (inferred: {inferred_calls} call(s) under it were judged on gclint's guess of their scopes, as the swagger lists none)"
                ));
                d = d.confidence(Confidence::Medium);
            }
            out.push(d);
        }
    }
}
