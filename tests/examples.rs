//! The bundled example apps: each finding of EXPECTED.md that the current
//! scanners cover, exactly, and the terminal output users see.

mod common;

use common::{root, run_in};

fn locations(app: &str) -> Vec<String> {
    let run = run_in(
        &root().join("examples").join(app),
        &["check", ".", "--format", "json"],
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON report");
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {} {}:{}:{}",
                d["rule"].as_str().unwrap(),
                d["severity"].as_str().unwrap(),
                d["location"]["file"].as_str().unwrap(),
                d["location"]["start"]["line"],
                d["location"]["start"]["column"]
            )
        })
        .collect()
}

/// The seed threads' mistakes, in one app (every finding of EXPECTED.md).
#[test]
fn messaging_bridge_reproduces_the_seed_mistakes() {
    assert_eq!(
        locations("messaging-bridge"),
        [
            "scopes-ignored warning appfoundry.yaml:19:5",
            "unknown-scope error appfoundry.yaml:20:9",
            "unknown-scope error appfoundry.yaml:21:9",
            "admin-role warning appfoundry.yaml:23:9",
            "invalid-grant-type note appfoundry.yaml:30:16",
            "implicit-grant-retired warning appfoundry.yaml:40:16",
            "unknown-scope error appfoundry.yaml:42:9",
            "insecure-redirect-uri error appfoundry.yaml:47:9",
            "token-validity-range error appfoundry.yaml:49:33",
            "missing-permission error jobs/import-history.js:39:18",
            "missing-scope error public/widget.js:45:28",
            "implicit-grant-retired warning public/widget.js:51:31",
            "region-mismatch warning server/genesys.js:10:19",
            "wrong-auth-host error server/genesys.js:10:19",
            "unknown-scope error server/genesys.js:18:13",
            "unknown-scope error server/genesys.js:18:43",
            "user-context-required error server/genesys.js:47:31",
            "unknown-endpoint error server/genesys.js:64:5",
            "unknown-endpoint error server/genesys.js:79:5",
            "invalid-auth-scheme error server/genesys.js:81:33",
        ]
    );
}

#[test]
fn agent_dashboard_over_asks() {
    assert_eq!(
        locations("agent-dashboard"),
        [
            "implicit-grant-retired warning appfoundry.yaml:12:16",
            "redundant-scope note appfoundry.yaml:16:9",
            "readonly-suffices warning appfoundry.yaml:17:9",
            "unused-scope warning appfoundry.yaml:18:9",
            "missing-scope error js/app.js:18:38",
            "implicit-grant-retired warning js/app.js:25:16",
        ]
    );
}

#[test]
fn queue_sync_misses_one_permission() {
    // And its `routing:*:view` grants 19 view permissions it does not need.
    assert_eq!(
        locations("queue-sync"),
        [
            "excess-permission warning appfoundry.yaml:29:13",
            "missing-permission error src/sync.js:71:17"
        ]
    );
}

#[test]
fn supervisor_portal_is_clean() {
    assert_eq!(locations("supervisor-portal"), Vec::<String>::new());
}

#[test]
fn messaging_bridge_human_output() {
    let run = run_in(&root().join("examples/messaging-bridge"), &["check", "."]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn agent_dashboard_human_output() {
    let run = run_in(&root().join("examples/agent-dashboard"), &["check", "."]);
    insta::assert_snapshot!(run.stdout);
}
