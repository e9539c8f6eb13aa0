use super::support::{call_ops, ScopeNeed};
use super::{declare_rule, Context};
use crate::diagnostic::{code_alternatives, code_list, Diagnostic};
use crate::edit;

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

/// Scopes requested in token requests (`scope: 'a b'`), each pointed at
/// inside the literal when it is written there verbatim.
fn requested(cx: &Context<'_>, out: &mut super::Findings) {
    for req in &cx.app.requested_scopes {
        let literal = cx.sources.get(req.span.file).snippet(req.span);
        let mut search_from = 0;
        for name in req
            .value
            .split(|c: char| c.is_whitespace() || c == ',' || c == '+')
            .filter(|s| !s.is_empty())
        {
            let found = literal
                .get(search_from..)
                .and_then(|rest| rest.find(name))
                .map(|at| at + search_from);
            let span = match found {
                Some(at) => {
                    search_from = at + name.len();
                    crate::source::Span::new(
                        req.span.file,
                        req.span.start as usize + at..req.span.start as usize + at + name.len(),
                    )
                }
                None => req.span,
            };
            if cx.db.is_scope(name) || !invented_shape(name) {
                continue;
            }
            let similar = cx.db.similar_scopes(name, 3);
            let help = if similar.is_empty() {
                "remove it from the request".to_string()
            } else {
                format!("did you mean {}?", code_alternatives(&similar))
            };
            out.push(
                Diagnostic::new(&META, span, format!("`{name}` is not a Genesys Cloud OAuth scope (requested in a token request)"))
                    .label("not a scope")
                    .help(help)
                    .key(format!("requested/{name}")),
            );
        }
    }
}

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    requested(cx, out);
    for (ci, client) in cx.app.clients.iter().enumerate() {
        let Some(scopes) = &client.scopes else {
            continue;
        };
        let needed = if client.is_user_grant() {
            needed_by_calls(cx, ci)
        } else {
            Vec::new()
        };
        for (i, scope) in scopes.iter().enumerate() {
            let name = scope.value.as_str();
            if cx.db.is_scope(name) {
                continue;
            }
            // A well-formed name the database lacks may be a scope no
            // operation lists: reported only as the typo of a scope the
            // client's own calls need.
            if name != "all" && !invented_shape(name) {
                let family = |s: &str| s.split(':').next().unwrap_or("").to_string();
                let typo = cx.db.similar_scopes(name, 3).iter().any(|s| {
                    needed.iter().any(|n| family(n) == family(s))
                        && strsim::levenshtein(&family(s), &family(name)) <= 2
                });
                if !typo {
                    continue;
                }
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
            // `needed` is empty unless the client is a user grant.
            if !needed.is_empty() {
                help.push(format!(
                    "calls under client `{}` need {}, which it does not declare",
                    client.name.value,
                    code_list(&needed)
                ));
            }
            if help.is_empty() {
                help.push("remove it; `gclint scope NAME` lists what a real scope grants".into());
            }
            let fix = evident_intent(&similar, &needed).and_then(|intent| {
                if client.declares_scope(intent) {
                    let what = format!("remove `{name}`; `{intent}` is already declared");
                    edit::remove_item(cx.sources, scopes, i, what)
                } else {
                    let what = format!("replace `{name}` with `{intent}`");
                    edit::replace_item(cx.sources, scopes, i, intent, what)
                }
            });
            out.push(
                Diagnostic::new(&META, scope.span, message)
                    .label("not a scope")
                    .help(help.join("; "))
                    .key(format!("{}/{name}", client.name.value))
                    .fix(fix),
            );
        }
    }
}

/// Whether a scope name has a shape no Genesys Cloud scope has. Every
/// scope is a lower-case family name (`routing`, `external-contacts`),
/// alone or with `:readonly`; a permission's `domain:entity:action`, a
/// verb (`messaging:write`, `view:conversation`) or other characters are
/// certainly invented. (The database lists the scopes operations accept: a
/// well-formed name it lacks may still be real.)
fn invented_shape(name: &str) -> bool {
    let family_ok = |f: &str| {
        !f.is_empty()
            && !f.starts_with('-')
            && !f.ends_with('-')
            && f.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    match name.split(':').collect::<Vec<_>>().as_slice() {
        [family] => !family_ok(family),
        [family, "readonly"] => !family_ok(family),
        _ => true,
    }
}

/// The one real scope a made-up name stands for, when the evidence points
/// at exactly one: the only close name that the client's calls also need;
/// else the only scope the calls need when no name is close; else the only
/// close name when the calls need nothing undeclared. Anything else is a
/// person's call.
fn evident_intent<'a>(similar: &[&'a str], needed: &'a [String]) -> Option<&'a str> {
    let both: Vec<&str> = similar
        .iter()
        .copied()
        .filter(|s| needed.iter().any(|n| n == s))
        .collect();
    match (both.as_slice(), similar, needed) {
        ([one], _, _) => Some(one),
        ([], [], [one]) => Some(one.as_str()),
        ([], [one], []) => Some(one),
        _ => None,
    }
}
