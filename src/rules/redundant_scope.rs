use super::support::{scope_verdicts, ScopeVerdict};
use super::{declare_rule, Context};
use crate::diagnostic::Diagnostic;
use crate::edit;

declare_rule!(
    "redundant-scope",
    "RedundantScope",
    Note,
    Scopes,
    "Both `x` and `x:readonly` are declared; `x` already allows everything `x:readonly` does"
);

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    for (ci, client) in cx.app.clients.iter().enumerate() {
        let Some(scopes) = &client.scopes else {
            continue;
        };
        let verdicts = scope_verdicts(cx, ci);
        let no_calls = verdicts.is_empty();
        for (i, scope) in scopes.items.iter().enumerate() {
            let Some(write) = scope.value.strip_suffix(":readonly") else {
                continue;
            };
            let flagged = if no_calls {
                // Without calls, the declaration alone says it: both present.
                client.is_user_grant()
                    && client.declares_scope(write)
                    && cx.db.is_scope(&scope.value)
                    && cx.db.readonly_implies_write(write)
            } else {
                verdicts
                    .iter()
                    .any(|(j, v)| *j == i && *v == ScopeVerdict::Redundant)
            };
            if !flagged {
                continue;
            }
            let write_span = scopes
                .items
                .iter()
                .find(|s| s.value == write)
                .map(|s| s.span);
            let mut d = Diagnostic::new(
                &META,
                scope.span,
                format!(
                    "`{}` is redundant: {} also declares `{write}`, and every operation accepting `{}` also accepts `{write}`",
                    scope.value,
                    client.describe(),
                    scope.value
                ),
            )
            .label("redundant")
            .help(format!("remove `{}`", scope.value))
            .key(format!("{}/{}", client.name.value, scope.value))
            .fix(edit::remove_item(
                cx.sources,
                scopes,
                i,
                format!(
                    "remove `{}` from the scopes of client `{}`",
                    scope.value, client.name.value
                ),
            ));
            if let Some(span) = write_span {
                d = d.related(span, format!("`{write}` declared here"));
            }
            out.push(d);
        }
    }
}
