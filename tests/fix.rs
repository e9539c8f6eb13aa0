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
    // What is left needs more than an edit: the implicit grant.
    assert_eq!(run.code, 0);
    assert!(run.stdout.ends_with(
        "gclint: 2 more with `gclint check --fix --unsafe-fixes` (each needs more than the edit: read its help)\n\
         gclint: 0 errors, 2 warnings, 0 notes in 4 file(s)\n"
    ), "{}", run.stdout);
}

/// `--unsafe-fixes` also moves the app off the implicit grant: the
/// manifest's client becomes CODE with PKCE and the SDK login
/// `loginPKCEGrant`, comments kept; a second run has nothing to do.
#[test]
fn unsafe_fixes_move_off_the_implicit_grant() {
    let tmp = temp_copy("examples/agent-dashboard");
    let run = run_in(tmp.path(), &["check", ".", "--fix", "--unsafe-fixes"]);
    // What the edits cannot change is said after them: the OAuth client in
    // Genesys Cloud.
    assert_eq!(
        run.stderr,
        "gclint: applied 5 fixes to appfoundry.yaml\n\
         gclint: applied 1 fix to js/app.js\n\
         gclint: now change OAuth client `agent-dashboard` in Genesys Cloud to the Code Authorization grant too (Admin > Integrations > OAuth, or `authorizedGrantType: CODE` through the API): the manifest says CODE with PKCE, the client there still has the implicit grant\n\
         gclint: now give the OAuth client the code signs in with the Code Authorization grant in Genesys Cloud (Admin > Integrations > OAuth): `loginPKCEGrant` fails against a client that still has the implicit grant; the code must load JavaScript SDK 187.0.0 or later\n"
    );
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        "gclint: 0 errors, 0 warnings, 0 notes in 4 file(s)\n"
    );
    let read = |rel: &str| std::fs::read_to_string(tmp.path().join(rel)).unwrap();
    let original = |rel: &str| {
        std::fs::read_to_string(root().join("examples/agent-dashboard").join(rel)).unwrap()
    };
    assert_eq!(
        read("appfoundry.yaml"),
        original("appfoundry.yaml")
            .replace(
                "    grantType: TOKEN\n",
                "    grantType: CODE\n    pkce: true\n"
            )
            .replace(
                "      - users\n      - users:readonly\n      - analytics\n      - notifications\n",
                "      - users\n      - analytics:readonly\n      - presence:readonly\n"
            )
    );
    assert_eq!(
        read("js/app.js"),
        original("js/app.js").replace(
            "client.loginImplicitGrant(CLIENT_ID, REDIRECT_URI)",
            "client.loginPKCEGrant(CLIENT_ID, REDIRECT_URI)"
        )
    );
    let again = run_in(tmp.path(), &["check", ".", "--fix", "--unsafe-fixes"]);
    assert_eq!(again.stderr, "gclint: nothing to fix\n");
    // Without --fix the flag is a usage error.
    let alone = run_in(tmp.path(), &["check", ".", "--unsafe-fixes"]);
    assert_eq!(alone.code, 2);
}

/// A login with more arguments than `loginPKCEGrant` takes the same way,
/// and a client that already says something about PKCE, get no fix.
#[test]
fn implicit_fixes_only_where_they_fit() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("appfoundry.yaml"),
        "name: wallboard\nclients:\n  - name: board\n    grantType: TOKEN\n    pkce: false\n    redirectUris: [\"https://board.example.com/\"]\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("board.js"),
        "client.loginImplicitGrant(clientId, redirectUri, { state: 'x' }, extra);\n",
    )
    .unwrap();
    let report: Value =
        serde_json::from_str(&run_in(tmp.path(), &["check", ".", "--format", "json"]).stdout)
            .unwrap();
    let found: Vec<(String, bool)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap().to_string(), d["fix"].is_null()))
        .collect();
    assert_eq!(
        found,
        [
            ("implicit-grant-retired".to_string(), true),
            ("implicit-grant-retired".to_string(), true)
        ]
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
        fixes[0]["description"],
        "give client `agent-dashboard` the CODE grant with PKCE"
    );
    assert_eq!(fixes[0]["safe"], false);
    assert_eq!(
        fixes[3],
        &json!({
            "description": "remove `notifications` from the scopes of client `agent-dashboard`",
            "safe": true,
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
        fixes[2]["description"],
        "replace `analytics` with `analytics:readonly`"
    );
    assert_eq!(fixes[2]["edits"][0]["replacement"], "analytics:readonly");
    assert_eq!(
        fixes[4]["edits"][0]["replacement"],
        "      - presence:readonly\n"
    );
    assert_eq!(fixes[5]["description"], "call `loginPKCEGrant`");
    assert_eq!(fixes[5]["safe"], false);
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
            "gclint: 7 fixable with `gclint check --fix`\n\
             gclint: 1 more with `gclint check --fix --unsafe-fixes` (each needs more than the edit: read its help)\n\
             gclint: 4 errors, 4 warnings, 1 note in 4 file(s)\n"
        ),
        "{}",
        run.stdout
    );
}
