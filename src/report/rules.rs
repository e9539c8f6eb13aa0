//! The rule catalog as `gclint rules` lists it and a rule's page as
//! `gclint explain RULE` prints it.

use crate::diagnostic::code_alternatives;
use crate::rules::{self, RuleMeta};

/// One line per rule: id, default severity, summary.
pub fn list() -> String {
    let mut out = String::new();
    for m in rules::all() {
        out.push_str(&format!(
            "{:<24} {:<8} {}\n",
            m.id,
            m.severity.as_str(),
            m.summary
        ));
    }
    out
}

/// A rule's documentation under its id, severity and family.
pub fn explain(m: &RuleMeta) -> String {
    format!(
        "# {} ({}, {})\n\n{}.\n\n{}",
        m.id,
        m.severity.as_str(),
        m.family.as_str(),
        m.summary,
        m.doc
    )
}

/// Why there is no page for `id`, and the ids close to it.
pub fn unknown(id: &str) -> String {
    let similar = rules::similar_ids(id);
    let hint = if similar.is_empty() {
        "`gclint rules` lists them".to_string()
    } else {
        format!("did you mean {}?", code_alternatives(&similar))
    };
    format!("no rule `{id}`; {hint}")
}
