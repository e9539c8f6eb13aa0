use super::support::{firm_link, least_scope, ScopeNeed};
use super::{declare_rule, Context};
use crate::diagnostic::{code_alternatives, code_list, Confidence, Diagnostic, Severity};
use crate::edit;
use crate::model::Link;

declare_rule!(
    "missing-scope",
    "MissingScope",
    Error,
    Scopes,
    "A call runs under a user-grant client that declares none of the scopes the operation accepts"
);

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    for call in &cx.app.calls {
        let Some(id) = call.operation() else { continue };
        let op = cx.db.op(id);
        let need = ScopeNeed::of(op);
        let scopes = match need {
            ScopeNeed::Known(s) | ScopeNeed::Inferred(s) => s,
            ScopeNeed::NoScope | ScopeNeed::Unknown => continue,
        };
        let lacking: Vec<usize> = call
            .clients
            .iter()
            .copied()
            .filter(|&c| {
                let client = &cx.app.clients[c];
                client.is_user_grant()
                    && !client.scopes_elsewhere
                    && !scopes.iter().any(|s| client.declares_scope(s))
            })
            .collect();
        // With a guessed link, blame only when no candidate client could make the call.
        if !firm_link(call) && lacking.len() != call.clients.len() {
            continue;
        }
        for c in lacking {
            if out.count_if_full() {
                continue;
            }
            let client = &cx.app.clients[c];
            let wanted = if scopes.len() == 1 {
                format!("scope {}", code_list(scopes))
            } else {
                format!("one of the scopes {}", code_alternatives(scopes))
            };
            let mut message = format!(
                "{} needs {wanted}; {} declares none of them",
                op.label(),
                client.describe()
            );
            if scopes.len() == 1 {
                message = format!(
                    "{} needs {wanted}, which {} does not declare",
                    op.label(),
                    client.describe()
                );
            }
            let least = least_scope(scopes);
            let help = format!(
                "add `{least}` to the scopes of client `{}`",
                client.name.value
            );
            let mut d = Diagnostic::new(&META, call.span, message)
                .label(format!("needs {}", code_alternatives(scopes)))
                .help(help.clone())
                .key(format!("{}/{}", client.name.value, op.display()));
            // Only a fact from the swagger, for a call surely run by this client.
            // A client whose `scopes` key is misspelt gets it renamed by
            // `manifest-schema`'s fix, not a second key beside it.
            let misspelt = client.scopes.is_none()
                && cx.app.input_issues.iter().any(|i| {
                    i.suggestion.as_deref() == Some("scopes")
                        && i.span.file == client.decl.file
                        && client.decl.start <= i.span.start
                        && i.span.end <= client.decl.end
                });
            if matches!(need, ScopeNeed::Known(_)) && firm_link(call) && !misspelt {
                d = d.fix(match &client.scopes {
                    Some(list) => edit::append_item(cx.sources, list, least, help),
                    None => edit::add_entry(
                        cx.sources,
                        client.decl,
                        client.name.span,
                        "scopes",
                        least,
                        help,
                    ),
                });
            }
            d = match &client.scopes {
                Some(list) => d.related(
                    list.key,
                    format!("scopes of client `{}`", client.name.value),
                ),
                None => d.related(
                    client.name.span,
                    format!("client `{}` declares no scopes", client.name.value),
                ),
            };
            if let ScopeNeed::Inferred(_) = need {
                d.message.push_str(" (inferred: the swagger lists no scopes for this operation; this is gclint's rule-based guess)");
                d = d.severity(Severity::Warning).confidence(Confidence::Low);
            }
            if call.link == Link::Guess {
                d.message.push_str(
                    " (no client's `sources` names this file; checked against every client)",
                );
                d = d.confidence(Confidence::Medium);
            }
            out.push(d);
        }
    }
}
