//! `new-access`: a grant HEAD has and BASE had not. `gclint check` reads
//! one revision, so it never reports this rule; `gclint access-diff`
//! compares two and reports it (see `crate::access::findings`).

use super::declare_rule;

declare_rule!(
    "new-access",
    "NewAccess",
    Note,
    Scopes,
    "A scope or permission granted in HEAD and not in BASE (`gclint access-diff`)"
);
