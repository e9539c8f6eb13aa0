//! The retired first-generation SDKs (`rules/legacy-sdks.json`, written by
//! `scripts/legacy_sdks.py` from every release on PyPI and npm): their
//! method names were made from the path (`RoutingApi.get_queues_queue_id_users`,
//! `OrganizationApi.getMe`), so the current catalogue does not know them.
//! Decoded on first use: only a run that meets an SDK name the current
//! SDKs lack pays for it.

use serde::Deserialize;
use std::sync::OnceLock;

static TEXT: &str = include_str!("../../rules/legacy-sdks.json");

#[derive(Debug, Deserialize)]
pub struct LegacySdks {
    pub sdks: Vec<LegacySdk>,
    /// `[sdk, class, method, verb, path, first, last]`.
    methods: Vec<(usize, String, String, String, String, usize, usize)>,
}

#[derive(Debug, Deserialize)]
pub struct LegacySdk {
    /// `py-v1`, `js-v1`.
    pub key: String,
    /// Registry and package (`pypi PureCloudPlatformApiSdk`).
    pub package: String,
    /// Oldest first.
    pub versions: Vec<String>,
}

/// A method of a retired SDK over an unbroken run of its releases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyMethod<'a> {
    pub package: &'a str,
    pub class: &'a str,
    pub verb: &'a str,
    pub path: &'a str,
    pub first: &'a str,
    pub last: &'a str,
}

pub fn legacy_sdks() -> &'static LegacySdks {
    static DATA: OnceLock<LegacySdks> = OnceLock::new();
    DATA.get_or_init(|| {
        serde_json::from_str(TEXT).unwrap_or(LegacySdks {
            sdks: Vec::new(),
            methods: Vec::new(),
        })
    })
}

impl LegacySdks {
    /// The releases of a retired SDK with a method `method` on `class`
    /// (on any class when the code does not say which).
    pub fn method(&self, class: Option<&str>, method: &str) -> Vec<LegacyMethod<'_>> {
        self.methods
            .iter()
            .filter(|(_, c, m, ..)| m == method && class.is_none_or(|k| k == c))
            .filter_map(|(sdk, c, _, verb, path, first, last)| {
                let sdk = self.sdks.get(*sdk)?;
                Some(LegacyMethod {
                    package: &sdk.package,
                    class: c,
                    verb,
                    path,
                    first: sdk.versions.get(*first)?,
                    last: sdk.versions.get(*last)?,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_retired_sdks_are_read() {
        let l = legacy_sdks();
        let keys: Vec<&str> = l.sdks.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["py-v1", "js-v1"]);
        let users = l.method(Some("RoutingApi"), "get_queues_queue_id_users");
        assert_eq!(users[0].verb, "GET");
        assert_eq!(users[0].path, "/api/v2/routing/queues/{queueId}/users");
        assert_eq!(users[0].package, "pypi PureCloudPlatformApiSdk");
        // The same name on two classes calls two paths.
        let me: Vec<&str> = l.method(None, "getMe").iter().map(|m| m.path).collect();
        assert_eq!(me, ["/api/v2/organizations/me", "/api/v2/users/me"]);
    }
}
