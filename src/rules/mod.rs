//! The rules. Each rule is one module: its metadata (id, default severity,
//! summary), its documentation (`docs/<id>.md`, printed by `gclint explain`
//! and used in SARIF help) and a `check` over the model and the API database.
//!
//! Imports only layers below it (docs/architecture.md): `db`, `diagnostic`,
//! `edit`, `model`, `parallel`, `scan`, `source`.

use crate::db::Database;
use crate::diagnostic::Diagnostic;
use crate::model::App;
use crate::source::SourceMap;
use std::sync::atomic::{AtomicUsize, Ordering};

pub mod cover;
pub(crate) mod hosts;
pub(crate) mod support;

mod admin_role;
mod deploy_permission;
mod deprecated_endpoint;
mod deprecated_role_ids;
mod excess_permission;
mod guest_endpoint_auth;
mod hardcoded_secret;
mod home_division_only;
mod implicit_grant_retired;
mod insecure_redirect_uri;
mod invalid_auth_scheme;
mod invalid_grant_type;
mod manifest_schema;
mod method_not_allowed;
mod missing_permission;
mod missing_redirect_uri;
mod missing_scope;
mod new_access;
mod parse_error;
mod preview_endpoint;
mod privilege_escalation;
mod readonly_suffices;
mod redundant_scope;
mod region_mismatch;
mod role_ceiling;
mod roles_ignored;
mod scope_delimiter;
mod scopes_ignored;
mod sdk_method_too_new;
mod secret_in_browser;
mod token_validity_range;
mod unknown_endpoint;
mod unknown_permission;
mod unknown_region;
mod unknown_scope;
mod unknown_sdk_method;
mod unresolved_role;
mod unused_scope;
pub(crate) mod unused_suppression;
mod user_context_required;
mod wrong_auth_host;

pub use excess_permission::{excess_grants, ExcessGrant};
pub use support::ScopeNeed;

pub use crate::diagnostic::{Family, Precision, RuleMeta};

/// `declare_rule!(id, Name, Severity, Family, summary)`, optionally followed
/// by `precision = Medium` and/or `security_severity = "8.1"`.
macro_rules! declare_rule {
    (
        $id:literal, $name:literal, $severity:ident, $family:ident, $summary:literal
        $(, precision = $precision:ident)?
        $(, security_severity = $score:literal)?
        $(,)?
    ) => {
        pub static META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
            $(precision: $crate::rules::Precision::$precision,)?
            $(security_severity: Some($score),)?
            ..$crate::rules::RuleMeta::new(
                $id,
                $name,
                $crate::diagnostic::Severity::$severity,
                $crate::rules::Family::$family,
                $summary,
                include_str!(concat!("docs/", $id, ".md")),
            )
        };
    };
}
pub(crate) use declare_rule;

/// What a rule reads.
pub struct Context<'a> {
    pub app: &'a App,
    pub db: &'a Database,
    pub sources: &'a SourceMap,
}

type CheckFn = fn(&Context<'_>, &mut Findings);

/// The most findings one run keeps. A hostile tree can make millions (two
/// thousand clients times two thousand calls: gigabytes of findings and of
/// report); past this many, findings are counted, not kept, and the report
/// says how many were left out.
pub const MAX_FINDINGS: usize = 20_000;

/// Where the rules put their findings: kept up to [`MAX_FINDINGS`] in all,
/// counted after that.
#[derive(Debug, Default)]
pub struct Findings {
    kept: Vec<Diagnostic>,
    left_out: usize,
    /// Rules running side by side count every finding of the run here, so
    /// that together they keep no more than [`MAX_FINDINGS`].
    shared: Option<std::sync::Arc<AtomicUsize>>,
    /// The run's worker threads, for a rule with work of its own to share
    /// out (0: one).
    jobs: usize,
}

impl Findings {
    /// The threads a rule may use for its own work.
    pub fn jobs(&self) -> usize {
        self.jobs.max(1)
    }

    pub fn push(&mut self, d: Diagnostic) {
        let room = match &self.shared {
            Some(total) => total.fetch_add(1, Ordering::Relaxed) < MAX_FINDINGS,
            None => self.kept.len() < MAX_FINDINGS,
        };
        if room {
            self.kept.push(d);
        } else {
            self.left_out += 1;
        }
    }

    /// Whether no more findings are kept; when so, the finding the caller
    /// was about to build is counted as left out, and it need not build it
    /// (`if out.count_if_full() { continue; }` in a rule whose findings
    /// grow with clients times calls).
    pub fn count_if_full(&mut self) -> bool {
        let full = match &self.shared {
            Some(total) => {
                let full = total.load(Ordering::Relaxed) >= MAX_FINDINGS;
                if full {
                    total.fetch_add(1, Ordering::Relaxed);
                }
                full
            }
            None => self.kept.len() >= MAX_FINDINGS,
        };
        if full {
            self.left_out += 1;
        }
        full
    }

    /// The findings kept, and how many were left out.
    pub fn into_parts(self) -> (Vec<Diagnostic>, usize) {
        (self.kept, self.left_out)
    }
}

/// Every rule, in catalog order.
static RULES: &[(&RuleMeta, CheckFn)] = &[
    (&unknown_scope::META, unknown_scope::check),
    (&missing_scope::META, missing_scope::check),
    (&unused_scope::META, unused_scope::check),
    (&readonly_suffices::META, readonly_suffices::check),
    (&redundant_scope::META, redundant_scope::check),
    (&scopes_ignored::META, scopes_ignored::check),
    (&roles_ignored::META, roles_ignored::check),
    (&missing_permission::META, missing_permission::check),
    (&unresolved_role::META, unresolved_role::check),
    (&admin_role::META, admin_role::check),
    (&user_context_required::META, user_context_required::check),
    (&unknown_endpoint::META, unknown_endpoint::check),
    (&method_not_allowed::META, method_not_allowed::check),
    (&unknown_sdk_method::META, unknown_sdk_method::check),
    (&deprecated_endpoint::META, deprecated_endpoint::check),
    (&preview_endpoint::META, preview_endpoint::check),
    (&guest_endpoint_auth::META, guest_endpoint_auth::check),
    (&invalid_auth_scheme::META, invalid_auth_scheme::check),
    (&invalid_grant_type::META, invalid_grant_type::check),
    (&deprecated_role_ids::META, deprecated_role_ids::check),
    (&token_validity_range::META, token_validity_range::check),
    (&missing_redirect_uri::META, missing_redirect_uri::check),
    (&insecure_redirect_uri::META, insecure_redirect_uri::check),
    (&unknown_region::META, unknown_region::check),
    (&wrong_auth_host::META, wrong_auth_host::check),
    (&region_mismatch::META, region_mismatch::check),
    (&scope_delimiter::META, scope_delimiter::check),
    (&hardcoded_secret::META, hardcoded_secret::check),
    (&secret_in_browser::META, secret_in_browser::check),
    (&manifest_schema::META, manifest_schema::check),
    (&parse_error::META, parse_error::check),
    (&implicit_grant_retired::META, implicit_grant_retired::check),
    (&home_division_only::META, home_division_only::check),
    (&sdk_method_too_new::META, sdk_method_too_new::check),
    (&deploy_permission::META, deploy_permission::check),
    (&role_ceiling::META, role_ceiling::check),
    (&unknown_permission::META, unknown_permission::check),
    (&excess_permission::META, excess_permission::check),
    (&privilege_escalation::META, privilege_escalation::check),
    (&unused_suppression::META, unused_suppression::check),
];

/// Rules another command reports, after `RULES` in the catalog: `check`
/// reads one revision and never runs them.
static REPORTED_ELSEWHERE: &[&RuleMeta] = &[
    // `gclint access-diff`: grants HEAD adds to BASE.
    &new_access::META,
];

/// `new-access`, for `gclint access-diff`.
pub static NEW_ACCESS: &RuleMeta = &new_access::META;

/// Metadata of every rule, in catalog order.
pub fn all() -> impl Iterator<Item = &'static RuleMeta> {
    RULES
        .iter()
        .map(|(m, _)| *m)
        .chain(REPORTED_ELSEWHERE.iter().copied())
}

pub fn by_id(id: &str) -> Option<&'static RuleMeta> {
    all().find(|m| m.id == id)
}

/// Rule ids closest to a misspelled one.
pub fn similar_ids(id: &str) -> Vec<&'static str> {
    let mut scored: Vec<(f64, &'static str)> = all()
        .map(|m| (strsim::jaro_winkler(id, m.id), m.id))
        .filter(|(s, _)| *s > 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    // Offer the runners-up only when they are about as close as the best.
    let best = scored.first().map_or(0.0, |s| s.0);
    scored
        .into_iter()
        .take_while(|(s, _)| best - s < 0.03)
        .take(3)
        .map(|(_, id)| id)
        .collect()
}

/// Runs the enabled rules: the findings kept (at most [`MAX_FINDINGS`]) and
/// how many more there were.
///
/// The rules run side by side on `jobs` threads, their findings joined in
/// catalog order. Should they find more than the run keeps, which ones are
/// kept would depend on the threads' timing: they run again one after the
/// other, as the catalog orders them (a hostile tree pays twice, and gets
/// the same report every time).
pub fn run(
    cx: &Context<'_>,
    jobs: usize,
    enabled: impl Fn(&RuleMeta) -> bool,
) -> (Vec<Diagnostic>, usize) {
    let rules: Vec<&(&RuleMeta, CheckFn)> = RULES.iter().filter(|(m, _)| enabled(m)).collect();
    let total = std::sync::Arc::new(AtomicUsize::new(0));
    let parts = crate::parallel::map_ordered(&rules, jobs, |(_, check)| {
        let mut out = Findings {
            shared: Some(total.clone()),
            jobs,
            ..Findings::default()
        };
        check(cx, &mut out);
        out.kept
    });
    if total.load(Ordering::Relaxed) <= MAX_FINDINGS {
        return (parts.into_iter().flatten().collect(), 0);
    }
    let mut out = Findings {
        jobs,
        ..Findings::default()
    };
    for (_, check) in rules {
        check(cx, &mut out);
    }
    out.into_parts()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_have_the_fixed_sections() {
        for meta in all() {
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## Use instead",
                "## References",
            ] {
                assert!(meta.doc.contains(section), "{} lacks {section}", meta.id);
            }
        }
    }

    mod security_rule {
        super::declare_rule!(
            "hardcoded-secret",
            "HardcodedSecret",
            Error,
            Hosts,
            "An OAuth client secret is written in the code",
            precision = VeryHigh,
            security_severity = "8.1",
        );
    }

    #[test]
    fn declare_rule_takes_precision_and_security_severity() {
        let meta = &security_rule::META;
        assert_eq!(meta.precision, Precision::VeryHigh);
        assert_eq!(meta.security_severity, Some("8.1"));
        assert_eq!(meta.tags(), ["hosts-tokens-secrets", "security"]);
        assert!(meta.doc.contains("## What it does"));
        let plain = by_id("missing-scope").unwrap();
        assert_eq!(plain.precision, Precision::High);
        assert_eq!(plain.security_severity, None);
        assert_eq!(plain.tags(), ["scopes-and-permissions"]);
    }

    #[test]
    fn security_severities_are_scores() {
        for meta in all() {
            if let Some(score) = meta.security_severity {
                let value: f64 = score.parse().unwrap();
                assert!((0.0..=10.0).contains(&value), "{}: {score}", meta.id);
            }
        }
    }

    #[test]
    fn ids_are_unique_kebab_case() {
        let ids: Vec<&str> = all().map(|m| m.id).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len());
        assert!(ids
            .iter()
            .all(|id| id.chars().all(|c| c.is_ascii_lowercase() || c == '-')));
    }
}
