use super::support::{call_ops, ScopeNeed};
use super::{declare_rule, Context};
use crate::diagnostic::{code_alternatives, code_list, Diagnostic};

declare_rule!(
    "unknown-scope",
    "UnknownScope",
    Error,
    Scopes,
    "A declared or requested scope is not a Genesys Cloud scope"
);

/// Scopes the client's own calls need but it does not declare: the likely intent.
fn needed_by_calls(cx: &Context<'_>, client: usize) -> Vec<String> {
    let c = &cx.app.clients[client];
    let mut out: Vec<String> = Vec::new();
    for call in cx.app.calls_of(client) {
        for &id in call_ops(call) {
            if let ScopeNeed::Known(scopes) = ScopeNeed::of(cx.db.op(id)) {
                if !scopes.iter().any(|s| c.declares_scope(s)) {
                    let least = super::support::least_scope(scopes).to_string();
                    if !out.contains(&least) {
                        out.push(least);
                    }
                }
            }
        }
    }
    out
}

pub fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (ci, client) in cx.app.clients.iter().enumerate() {
        let Some(scopes) = &client.scopes else {
            continue;
        };
        for scope in scopes.iter() {
            let name = scope.value.as_str();
            if cx.db.is_scope(name) {
                continue;
            }
            let message = if name == "all" {
                format!("`all` is the swagger's placeholder, not a scope any operation accepts (declared by client `{}`)", client.name.value)
            } else {
                format!(
                    "`{name}` is not a Genesys Cloud OAuth scope (declared by client `{}`)",
                    client.name.value
                )
            };
            let mut help = Vec::new();
            let similar = cx.db.similar_scopes(name, 3);
            if !similar.is_empty() {
                help.push(format!("did you mean {}?", code_alternatives(&similar)));
            }
            if client.is_user_grant() {
                let needed = needed_by_calls(cx, ci);
                if !needed.is_empty() {
                    help.push(format!(
                        "calls under client `{}` need {}, which it does not declare",
                        client.name.value,
                        code_list(&needed)
                    ));
                }
            }
            if help.is_empty() {
                help.push("remove it; `gclint scope NAME` lists what a real scope grants".into());
            }
            out.push(
                Diagnostic::new(&META, scope.span, message)
                    .label("not a scope")
                    .help(help.join("; "))
                    .key(format!("{}/{name}", client.name.value)),
            );
        }
    }
}
