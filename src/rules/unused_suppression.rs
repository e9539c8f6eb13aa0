//! Findings about suppression comments come from the suppression pass
//! (`crate::suppress::apply`), which sees the findings of every other rule;
//! the rule is registered here for its id, severity, docs and selection.

use super::{declare_rule, Context};

declare_rule!(
    "unused-suppression",
    "UnusedSuppression",
    Note,
    Inputs,
    "A `gclint: ignore` comment suppresses nothing, or names a rule that does not exist"
);

pub fn check(_cx: &Context<'_>, _out: &mut super::Findings) {}
