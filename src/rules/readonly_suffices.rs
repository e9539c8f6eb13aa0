use super::support::{scope_verdicts, ScopeVerdict};
use super::{declare_rule, Context};
use crate::diagnostic::{code_list, Diagnostic};
use crate::edit;

declare_rule!(
    "readonly-suffices",
    "ReadonlySuffices",
    Warning,
    Scopes,
    "A write scope is declared but every call that needs it also accepts the readonly scope",
    precision = Medium
);

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    for (ci, client) in cx.app.clients.iter().enumerate() {
        let Some(scopes) = &client.scopes else {
            continue;
        };
        for (i, verdict) in scope_verdicts(cx, ci) {
            let ScopeVerdict::ReadonlySuffices { calls } = verdict else {
                continue;
            };
            let scope = &scopes.items[i];
            let readonly = format!("{}:readonly", scope.value);
            let names: Vec<String> = calls
                .iter()
                .map(|&id| {
                    let op = cx.db.op(id);
                    op.sdk_method
                        .as_deref()
                        .map_or_else(|| op.display(), str::to_string)
                })
                .collect();
            let (help, fix) = if client.declares_scope(&readonly) {
                let help = format!("remove `{}`; `{readonly}` is already declared", scope.value);
                let fix = edit::remove_item(cx.sources, scopes, i, help.clone());
                (help, fix)
            } else {
                let help = format!("replace `{}` with `{readonly}`", scope.value);
                let fix = edit::replace_item(cx.sources, scopes, i, &readonly, help.clone());
                (help, fix)
            };
            out.push(
                Diagnostic::new(
                    &META,
                    scope.span,
                    format!(
                        "{} declares `{}` but every call that uses it also accepts `{readonly}`: {}",
                        client.describe(),
                        scope.value,
                        code_list(&names)
                    ),
                )
                .label(format!("`{readonly}` suffices"))
                .help(help)
                .key(format!("{}/{}", client.name.value, scope.value))
                .fix(fix),
            );
        }
    }
}
