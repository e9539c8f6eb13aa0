//! `gclint check --fix` on temporary copies of one small app whose scope
//! lists are written in YAML block style, YAML flow style and JSON with
//! comments: the manifest before and after, what gclint says, and what is
//! left for a person. Fixtures and examples are never changed in place.

mod common;

use common::{age_files, files, root, run_in, temp_copy, touched};
use serde_json::{json, Value};

/// `rule line:col | message`, one per diagnostic of a JSON report.
fn remaining(report: &str) -> String {
    let report: Value = serde_json::from_str(report).expect("JSON report");
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}:{}:{} | {}{}\n",
                d["rule"].as_str().unwrap(),
                d["location"]["file"].as_str().unwrap(),
                d["location"]["start"]["line"],
                d["location"]["start"]["column"],
                d["message"].as_str().unwrap(),
                if d["fix"].is_null() { "" } else { " [fix]" }
            )
        })
        .collect()
}

/// Runs `check . --fix --format json` on a copy of a fixture and tells the
/// story: exit code, gclint's words, the manifest before and after, and
/// what remains.
fn fix_story(fixture: &str, manifest: &str) -> String {
    let tmp = temp_copy(fixture);
    let before = std::fs::read_to_string(tmp.path().join(manifest)).unwrap();
    let run = run_in(tmp.path(), &["check", ".", "--fix", "--format", "json"]);
    let after = std::fs::read_to_string(tmp.path().join(manifest)).unwrap();
    assert_eq!(
        files(tmp.path()),
        files(&root().join(fixture)),
        "no file added or left behind"
    );
    format!(
        "exit {}\n--- stderr\n{}--- {manifest} before\n{before}--- {manifest} after\n{after}--- remaining\n{}",
        run.code,
        run.stderr,
        remaining(&run.stdout)
    )
}

/// Block lists: removed items take their line and comment with them,
/// replacements keep the comment's column, a client without `scopes` gets
/// one. Only `messaging:write` is left: nothing says which scope was meant.
#[test]
fn yaml_block_style() {
    let story = fix_story("fixtures/fix/yaml-block", "appfoundry.yaml");
    let after = story.split(" after\n").nth(1).unwrap();
    for kept in [
        "# who am I",
        "# getUsersMe",
        "# the queue list",
        "# typo",
        "# what was meant?",
    ] {
        assert!(after.contains(kept), "{kept} lost");
    }
    insta::assert_snapshot!("yaml_block", story);
}

/// Flow lists `[a, b]` (one inside a flow mapping): items go with one
/// adjacent comma; the comments after the lists stay.
#[test]
fn yaml_flow_style() {
    insta::assert_snapshot!(
        "yaml_flow",
        fix_story("fixtures/fix/yaml-flow", "appfoundry.yaml")
    );
}

/// JSON with comments: elements go with their comma (a commented line with
/// them), quoting stays JSON, the new `scopes` member gets its comma.
#[test]
fn json_with_comments() {
    insta::assert_snapshot!("json", fix_story("fixtures/fix/json", "appfoundry.json"));
}

/// A second `--fix` finds nothing to do: the files are byte for byte the
/// same and not even rewritten.
#[test]
fn second_fix_changes_nothing() {
    for (fixture, manifest) in [
        ("fixtures/fix/yaml-block", "appfoundry.yaml"),
        ("fixtures/fix/yaml-flow", "appfoundry.yaml"),
        ("fixtures/fix/json", "appfoundry.json"),
        ("examples/agent-dashboard", "appfoundry.yaml"),
        ("examples/messaging-bridge", "appfoundry.yaml"),
    ] {
        let tmp = temp_copy(fixture);
        let first = run_in(tmp.path(), &["check", ".", "--fix"]);
        assert!(
            first.stderr.starts_with("gclint: applied "),
            "{fixture}: {}",
            first.stderr
        );
        let once = std::fs::read(tmp.path().join(manifest)).unwrap();
        let since = age_files(tmp.path());
        let second = run_in(tmp.path(), &["check", ".", "--fix"]);
        assert_eq!(second.stderr, "gclint: nothing to fix\n", "{fixture}");
        assert_eq!(std::fs::read(tmp.path().join(manifest)).unwrap(), once);
        assert_eq!(
            touched(tmp.path(), since),
            Vec::<String>::new(),
            "{fixture}"
        );
        // What the second run reports is what the first left.
        assert_eq!(second.stdout, first.stdout, "{fixture}");
    }
}

/// Nothing to fix: no file is written (modification times unchanged), and
/// in an app with fixes only the manifest is.
#[test]
fn files_without_fixes_are_not_touched() {
    let tmp = temp_copy("examples/supervisor-portal");
    let since = age_files(tmp.path());
    let run = run_in(tmp.path(), &["check", ".", "--fix"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "gclint: nothing to fix\n");
    assert_eq!(
        run.stdout,
        "gclint: 0 errors, 0 warnings, 0 notes in 4 file(s)\n"
    );
    assert_eq!(touched(tmp.path(), since), Vec::<String>::new());

    let tmp = temp_copy("examples/agent-dashboard");
    let since = age_files(tmp.path());
    let run = run_in(tmp.path(), &["check", ".", "--fix"]);
    assert_eq!(run.stderr, "gclint: applied 4 fixes to appfoundry.yaml\n");
    assert_eq!(touched(tmp.path(), since), ["appfoundry.yaml"]);
    // Everything was fixable: a clean report, exit 0.
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        "gclint: 0 errors, 0 warnings, 0 notes in 4 file(s)\n"
    );
}

/// `--select` limits the fixes to the selected rules.
#[test]
fn fixes_follow_the_rule_selection() {
    let tmp = temp_copy("examples/agent-dashboard");
    let run = run_in(
        tmp.path(),
        &[
            "check",
            ".",
            "--fix",
            "--select",
            "unused-scope",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.stderr, "gclint: applied 1 fix to appfoundry.yaml\n");
    let after = std::fs::read_to_string(tmp.path().join("appfoundry.yaml")).unwrap();
    let before =
        std::fs::read_to_string(root().join("examples/agent-dashboard/appfoundry.yaml")).unwrap();
    assert_eq!(after, before.replace("      - notifications\n", ""));
}

/// The JSON report carries each fix: what it does and its edits (byte and
/// line/column ranges, the replacement text).
#[test]
fn json_report_exposes_fixes() {
    let run = run_in(
        &root().join("examples/agent-dashboard"),
        &["check", ".", "--format", "json"],
    );
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let fixes: Vec<&Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| &d["fix"])
        .collect();
    assert_eq!(
        fixes[2],
        &json!({
            "description": "remove `notifications` from the scopes of client `agent-dashboard`",
            "edits": [{
                "file": "appfoundry.yaml",
                "start_byte": 459, "end_byte": 481,
                "start": { "line": 18, "column": 1 },
                "end": { "line": 19, "column": 1 },
                "replacement": ""
            }]
        })
    );
    assert_eq!(
        fixes[1]["description"],
        "replace `analytics` with `analytics:readonly`"
    );
    assert_eq!(fixes[1]["edits"][0]["replacement"], "analytics:readonly");
    assert_eq!(
        fixes[3]["edits"][0]["replacement"],
        "      - presence:readonly\n"
    );
}

/// SARIF results carry `fixes[]` with `artifactChanges` / `replacements`
/// (tests/sarif.rs validates every fixture against the OASIS schema).
#[test]
fn sarif_exposes_fixes() {
    let run = run_in(
        &root().join("examples/agent-dashboard"),
        &["check", ".", "--format", "sarif"],
    );
    let log: Value = serde_json::from_str(&run.stdout).unwrap();
    let result = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "unused-scope")
        .unwrap();
    assert_eq!(
        result["fixes"],
        json!([{
            "description": { "text": "remove `notifications` from the scopes of client `agent-dashboard`" },
            "artifactChanges": [{
                "artifactLocation": { "uri": "appfoundry.yaml", "uriBaseId": "%SRCROOT%" },
                "replacements": [{
                    "deletedRegion": {
                        "startLine": 18, "startColumn": 1, "endLine": 19, "endColumn": 1,
                        "byteOffset": 459, "byteLength": 22
                    },
                    "insertedContent": { "text": "" }
                }]
            }]
        }])
    );
}

/// The terminal report says how many findings `--fix` would fix.
#[test]
fn human_report_counts_the_fixable() {
    let run = run_in(&root().join("fixtures/fix/yaml-block"), &["check", "."]);
    assert!(
        run.stdout.ends_with(
            "gclint: 7 fixable with `gclint check --fix`\ngclint: 4 errors, 3 warnings, 1 note in 4 file(s)\n"
        ),
        "{}",
        run.stdout
    );
}
