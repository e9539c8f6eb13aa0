//! Dated platform facts for `gclint db import --lifecycle FILE`: grants
//! being retired and the SDK releases that gained a feature, each with its
//! public source. The file is kept by hand (`rules/lifecycle.json`):
//!
//! ```json
//! {
//!  "format": 1,
//!  "kind": "gclint-lifecycle",
//!  "grants": [{"grant": "TOKEN", "name": "implicit grant",
//!              "closed_to_new_clients": "2026-03", "retired": "2027-03",
//!              "replacement": "Authorization Code with PKCE", "source": "https://..."}],
//!  "sdk_features": [{"package": "npm purecloud-platform-client-v2",
//!                    "feature": "ApiClient.loginPKCEGrant", "first_release": "187.0.0",
//!                    "last_release_without": "181.0.0", "source": "..."}],
//!  "divisions": {"source": "https://...", "objects": [{"object": "queues",
//!                "permissions": ["routing:queue", "routing:queueMember"]}]},
//!  "escalation": {"permissions": [{"permission": "authorization:grant:add",
//!                 "allows": "grants roles to users and OAuth clients", "source": "..."}]}
//! }
//! ```

use crate::db::format::{Divisions, Escalation, GrantRetirement, Lifecycle, SdkFeature};
use serde::Deserialize;

pub const LIFECYCLE_FORMAT: u32 = 1;
pub const LIFECYCLE_KIND: &str = "gclint-lifecycle";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileShape {
    format: u32,
    kind: String,
    #[serde(default)]
    grants: Vec<GrantRetirement>,
    #[serde(default)]
    sdk_features: Vec<SdkFeature>,
    #[serde(default)]
    divisions: Divisions,
    #[serde(default)]
    escalation: Escalation,
}

/// `YYYY-MM`.
fn is_month(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit)
        && matches!(s[5..].parse::<u8>(), Ok(1..=12))
}

/// Reads a lifecycle file; `shown` is its name as recorded in the database.
pub fn read(text: &str, shown: &str) -> Result<Lifecycle, String> {
    let file: FileShape = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if file.kind != LIFECYCLE_KIND || file.format != LIFECYCLE_FORMAT {
        return Err(format!(
            "expected kind `{LIFECYCLE_KIND}` format {LIFECYCLE_FORMAT}, found `{}` format {}",
            file.kind, file.format
        ));
    }
    for g in &file.grants {
        for (what, date) in [
            ("closed_to_new_clients", &g.closed_to_new_clients),
            ("retired", &g.retired),
        ] {
            if !is_month(date) {
                return Err(format!(
                    "grant `{}`: `{what}` is `{date}`, not a YYYY-MM month",
                    g.grant
                ));
            }
        }
        if g.source.trim().is_empty() {
            return Err(format!("grant `{}`: no source", g.grant));
        }
    }
    for f in &file.sdk_features {
        if f.source.trim().is_empty() {
            return Err(format!("{} {}: no source", f.package, f.feature));
        }
    }
    let mut grants = file.grants;
    grants.sort_by(|a, b| a.grant.cmp(&b.grant));
    let mut sdk_features = file.sdk_features;
    sdk_features.sort_by(|a, b| (&a.package, &a.feature).cmp(&(&b.package, &b.feature)));
    for o in &file.divisions.objects {
        if let Some(bad) = o
            .permissions
            .iter()
            .find(|p| p.split(':').count() != 2 || p.split(':').any(str::is_empty))
        {
            return Err(format!(
                "divisions: `{bad}` ({}) is not a `domain:entity` pair",
                o.object
            ));
        }
    }
    if !file.divisions.objects.is_empty() && file.divisions.source.trim().is_empty() {
        return Err("divisions: no source".into());
    }
    for e in &file.escalation.permissions {
        let parts: Vec<&str> = e.permission.split(':').collect();
        let named = parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(crate::db::permissions::is_name_char));
        if !(named && matches!(parts.len(), 1 | 3)) {
            return Err(format!(
                "escalation: `{}` is not a `domain:entity:action` permission",
                e.permission
            ));
        }
        if e.source.trim().is_empty() || e.allows.trim().is_empty() {
            return Err(format!(
                "escalation: `{}` needs what it allows and a source",
                e.permission
            ));
        }
    }
    let mut escalation = file.escalation;
    escalation
        .permissions
        .sort_by(|a, b| a.permission.cmp(&b.permission));
    Ok(Lifecycle {
        file: shown.to_string().into(),
        grants,
        sdk_features,
        divisions: file.divisions,
        escalation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_shipped_file() {
        let text = include_str!("../../rules/lifecycle.json");
        let l = read(text, "rules/lifecycle.json").unwrap();
        let token = l.grant("TOKEN").unwrap();
        assert_eq!(
            (token.closed_to_new_clients.as_ref(), token.retired.as_ref()),
            ("2026-03", "2027-03")
        );
        assert!(l.grant("CODE").is_none());
        assert_eq!(l.divisions.object_of("routing:queue:view"), Some("queues"));
        assert_eq!(
            l.divisions.object_of("routing:queueMember:manage"),
            Some("queues")
        );
        assert_eq!(l.divisions.object_of("routing:skill:view"), None);
        assert_eq!(l.divisions.object_of("admin"), None);
        let escalating: Vec<&str> = l
            .escalation
            .permissions
            .iter()
            .map(|e| e.permission.as_ref())
            .collect();
        assert!(escalating.contains(&"authorization:grant:add"));
        assert!(escalating.contains(&"oauth:client:add"));
        assert!(l
            .escalation
            .permissions
            .iter()
            .all(|e| !e.source.is_empty()));
    }

    #[test]
    fn dates_and_sources_are_checked() {
        let bad = r#"{"format": 1, "kind": "gclint-lifecycle", "grants": [{"grant": "TOKEN", "name": "implicit grant",
            "closed_to_new_clients": "March 2026", "retired": "2027-03", "replacement": "x", "source": "y"}]}"#;
        assert_eq!(
            read(bad, "f").unwrap_err(),
            "grant `TOKEN`: `closed_to_new_clients` is `March 2026`, not a YYYY-MM month"
        );
        let wrong_kind = r#"{"format": 1, "kind": "gclint-sdk-supplement"}"#;
        assert!(read(wrong_kind, "f")
            .unwrap_err()
            .starts_with("expected kind"));
        assert!(is_month("2027-12") && !is_month("2027-13") && !is_month("27-03"));
    }
}
