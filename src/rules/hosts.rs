//! Shared reading of Genesys hosts for the host rules.

use crate::db::Database;

/// The environment domain a host belongs to (`api.mypurecloud.ie` →
/// `mypurecloud.ie`), when it is a real one.
pub fn known_domain<'d>(db: &'d Database, host: &str) -> Option<&'d str> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    db.regions()
        .map(|(_, d)| d)
        .find(|d| host == *d || host.strip_suffix(d).is_some_and(|p| p.ends_with('.')))
}

/// The domain a host names, known or not: the host without its service label.
pub fn claimed_domain(host: &str) -> &str {
    for label in ["api.", "login.", "apps.", "www."] {
        if let Some(rest) = host.strip_prefix(label) {
            return rest;
        }
    }
    host
}

/// Real domains closest to a wrong one.
pub fn similar_domains<'d>(db: &'d Database, wrong: &str) -> Vec<&'d str> {
    let mut scored: Vec<(f64, &str)> = db
        .regions()
        .map(|(_, d)| (strsim::jaro_winkler(wrong, d), d))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(3)
        .filter(|(s, _)| *s > 0.6)
        .map(|(_, d)| d)
        .collect()
}
