//! SARIF output: valid against the OASIS SARIF 2.1.0 schemas (as published
//! and with errata 01), with the fields code-scanning consumers rely on.

mod common;

use common::{root, run_in, validate_sarif as validate};
use serde_json::Value;
use std::path::Path;

fn sarif(dir: &Path) -> Value {
    let run = run_in(dir, &["check", ".", "--format", "sarif"]);
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{}: {e}\n{}", dir.display(), run.stdout))
}

#[test]
fn every_example_and_fixture_validates() {
    let mut dirs = Vec::new();
    for parent in ["examples", "fixtures", "fixtures/inputs"] {
        for entry in std::fs::read_dir(root().join(parent)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() && path.file_name().unwrap() != "inputs" {
                dirs.push(path);
            }
        }
    }
    assert!(dirs.len() >= 12);
    for dir in dirs {
        validate(&sarif(&dir), &dir.display().to_string());
    }
}

/// Names of every object key in a JSON value.
fn keys(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                out.push(k.clone());
                keys(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

#[test]
fn source_text_is_never_copied_into_sarif() {
    // A finding's text may be a secret: no snippet, no context region.
    for example in ["messaging-bridge", "agent-dashboard", "queue-sync"] {
        let mut found = Vec::new();
        keys(&sarif(&root().join("examples").join(example)), &mut found);
        assert!(!found.iter().any(|k| k == "snippet" || k == "contextRegion"));
    }
}

#[test]
fn results_carry_rule_location_and_related_declaration() {
    let log = sarif(&root().join("examples/agent-dashboard"));
    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["tool"]["driver"]["name"], "gclint");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["automationDetails"]["id"], "gclint/");
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    assert!(run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap()
        .ends_with("/examples/agent-dashboard/"));
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let result = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "missing-scope")
        .unwrap();
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "missing-scope");
    assert_eq!(rules[index]["defaultConfiguration"]["level"], "error");
    assert!(rules[index]["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("## Why is this bad?"));
    assert_eq!(result["level"], "error");
    assert_eq!(
        rules[index]["helpUri"],
        "https://github.com/gclint/gclint/blob/main/src/rules/docs/missing-scope.md"
    );
    assert_eq!(
        rules[index]["properties"],
        serde_json::json!({"tags": ["scopes-and-permissions"], "precision": "high"})
    );
    // The first sentence stands alone; the fix is a sentence of its own.
    assert_eq!(
        result["message"]["text"],
        "getUserPresence (GET /api/v2/users/{userId}/presences/{sourceId}) needs one of the scopes \
         `presence` or `presence:readonly`; client `agent-dashboard` (TOKEN) declares none of them. \
         Fix: add `presence:readonly` to the scopes of client `agent-dashboard`."
    );
    let loc = &result["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "js/app.js");
    assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(loc["region"]["startLine"], 18);
    assert_eq!(loc["region"]["startColumn"], 38);
    assert_eq!(loc["region"]["endColumn"], 53);
    let related = &result["relatedLocations"][0];
    assert_eq!(
        related["physicalLocation"]["artifactLocation"]["uri"],
        "appfoundry.yaml"
    );
    assert_eq!(
        related["message"]["text"],
        "scopes of client `agent-dashboard`"
    );
}

fn fingerprints(log: &Value) -> Vec<(String, String)> {
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap().to_string(),
                r["partialFingerprints"]["gclint/v1"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn fingerprints_survive_lines_inserted_above() {
    let tmp = tempfile::tempdir().unwrap();
    let app = tmp.path().join("app");
    copy_dir(&root().join("examples/messaging-bridge"), &app);
    let before = fingerprints(&sarif(&app));
    for file in [
        "server/genesys.js",
        "appfoundry.yaml",
        "jobs/import-history.js",
        "public/widget.js",
    ] {
        let path = app.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            format!(
                "{}{text}",
                "// an unrelated comment\n"
                    .replace("//", if file.ends_with(".yaml") { "#" } else { "//" })
                    .repeat(20)
            ),
        )
        .unwrap();
    }
    let after = fingerprints(&sarif(&app));
    assert_eq!(before.len(), 20);
    assert_eq!(before, after);
}

#[test]
fn skipped_files_are_tool_execution_notifications() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("web")).unwrap();
    std::fs::write(
        tmp.path().join("web/blob.js"),
        b"fetch('/api/v2/users/me');\0\x01",
    )
    .unwrap();
    let log = sarif(tmp.path());
    validate(&log, "skips");
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    assert_eq!(
        invocation["toolExecutionNotifications"],
        serde_json::json!([{
            "level": "note",
            "message": { "text": "skipped web/blob.js: binary file" },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": { "uri": "web/blob.js", "uriBaseId": "%SRCROOT%" }
                }
            }]
        }, {
            // Nothing else was read: the run says it checked nothing.
            "level": "warning",
            "message": { "text": "no file was read: nothing under the checked paths is a file gclint reads (a manifest, Terraform, a wizard config, API JSON, source code), so nothing was checked" }
        }])
    );
    // Without skips there is no notification list at all.
    let clean = sarif(&root().join("examples/supervisor-portal"));
    assert!(clean["runs"][0]["invocations"][0]
        .get("toolExecutionNotifications")
        .is_none());
}
