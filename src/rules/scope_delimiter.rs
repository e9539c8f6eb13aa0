use super::{declare_rule, Context};
use crate::diagnostic::Diagnostic;

declare_rule!(
    "scope-delimiter",
    "ScopeDelimiter",
    Warning,
    Hosts,
    "A `scope` parameter joined with commas or `+` instead of spaces"
);

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    for s in &cx.app.requested_scopes {
        // In a form-encoded string `+` is an encoded space.
        let bad: &[char] = if s.offset == 0 { &[','] } else { &[',', '+'] };
        let Some(sep) = s.value.chars().find(|c| bad.contains(c)) else {
            continue;
        };
        let fixed: Vec<&str> = s
            .value
            .split(|c: char| bad.contains(&c) || c.is_whitespace())
            .filter(|p| !p.is_empty())
            .collect();
        out.push(
            Diagnostic::new(&META, s.span, format!("the requested scopes are joined with `{sep}`; OAuth scopes are separated by spaces"))
                .label("use spaces")
                .help(format!("request \"{}\"", fixed.join(" ")))
                .key(s.value.clone()),
        );
    }
}
