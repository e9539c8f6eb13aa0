//! Inline suppressions as users write them: in every comment syntax, on the
//! line or the line above, for a whole file; unused and misspelled ones
//! reported; suppressed findings kept in JSON and SARIF only.

mod common;

use common::{copy_dir, json_in, report_lines, root, run_in, temp_repo};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A copy of `examples/...` or `fixtures/...` in a temporary repository.
fn copy(of: &str) -> (tempfile::TempDir, PathBuf) {
    let repo = temp_repo();
    let app = repo.path().join("app");
    copy_dir(&root().join(of), &app);
    (repo, app)
}

/// Replaces the one occurrence of `from` in a file.
fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        text.matches(from).count(),
        1,
        "{from:?} in {}",
        path.display()
    );
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

const PRESENCE_CALL: &str =
    "  const presence = await presenceApi.getUserPresence(userId, 'purecloud');";

fn suppressed(report: &Value) -> Vec<(String, String)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["suppressed"] == true)
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["justification"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn javascript_line_comment_above_the_call() {
    let (_repo, app) = copy("examples/agent-dashboard");
    edit(
        &app.join("js/app.js"),
        PRESENCE_CALL,
        &format!("  // gclint: ignore[missing-scope] the parent frame's token has presence:readonly\n{PRESENCE_CALL}"),
    );
    let run = run_in(&app, &["check", "."]);
    assert!(!run.stdout.contains("missing-scope"), "{}", run.stdout);
    assert!(run
        .stdout
        .ends_with("gclint: 0 errors, 4 warnings, 1 note in 4 file(s); 1 suppressed\n"));
    assert_eq!(run.code, 0, "a suppressed error does not fail the run");
    let (report, _) = json_in(&app, &["."]);
    assert_eq!(
        suppressed(&report),
        [(
            "missing-scope".to_string(),
            "the parent frame's token has presence:readonly".to_string()
        )]
    );
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["summary"]["suppressed"], 1);
    let github = run_in(&app, &["check", ".", "--format", "github"]);
    assert!(!github.stdout.contains("missing-scope"));
}

#[test]
fn javascript_block_comment_on_the_same_line() {
    let (_repo, app) = copy("examples/agent-dashboard");
    edit(
        &app.join("js/app.js"),
        PRESENCE_CALL,
        &format!("{PRESENCE_CALL} /* gclint: ignore[missing-scope] */"),
    );
    let (report, run) = json_in(&app, &["."]);
    assert_eq!(
        suppressed(&report),
        [("missing-scope".to_string(), String::new())]
    );
    assert_eq!(run.code, 0);
    // A trailing comment covers only its own line.
    let (_repo, app) = copy("examples/agent-dashboard");
    edit(
        &app.join("js/app.js"),
        "async function showPresence(userId) {",
        "async function showPresence(userId) { // gclint: ignore[missing-scope]",
    );
    let (report, run) = json_in(&app, &["."]);
    assert!(suppressed(&report).is_empty());
    assert_eq!(run.code, 1);
    assert!(report_lines(&report).contains(
        &"unused-suppression note js/app.js:17:57 | unused suppression: no `missing-scope` finding starts on the line it covers".to_string()
    ));
}

#[test]
fn python_hash_comments() {
    let (_repo, app) = copy("fixtures/languages/python");
    edit(
        &app.join("exporter/followup.py"),
        "    return conversations_api.post_conversations_messaging(body)",
        "    return conversations_api.post_conversations_messaging(body)  # gclint: ignore[unknown-sdk-method] SDK 212 has it",
    );
    edit(
        &app.join("exporter/token_cache.py"),
        "TOKEN_URL = ",
        "# gclint: ignore[wrong-auth-host] - proxied by the gateway\nTOKEN_URL = ",
    );
    let (report, run) = json_in(&app, &["."]);
    assert_eq!(
        suppressed(&report),
        [
            (
                "unknown-sdk-method".to_string(),
                "SDK 212 has it".to_string()
            ),
            (
                "wrong-auth-host".to_string(),
                "proxied by the gateway".to_string()
            )
        ]
    );
    // (The fourth: its role's excess cannot be judged, a note.)
    assert_eq!(report_lines(&report).len(), 4);
    assert_eq!(run.code, 0);
}

#[test]
fn html_markup_comment_above_an_inline_script() {
    let (_repo, app) = copy("examples/agent-dashboard");
    edit(
        &app.join("index.html"),
        "</body>",
        "  <!-- gclint: ignore[unknown-endpoint] retired widget, kept for the screenshots -->\n  <script>fetch('https://api.mypurecloud.com/api/v2/users/me/favorites');</script>\n  <script>fetch('https://api.mypurecloud.com/api/v2/users/me/favorites');</script>\n</body>",
    );
    let (report, _) = json_in(&app, &["--select", "unknown-endpoint", "."]);
    assert_eq!(
        report_lines(&report),
        [
            "unknown-endpoint error index.html:29:17 | `GET /api/v2/users/me/favorites` is not a Genesys Cloud Platform API operation (suppressed)",
            "unknown-endpoint error index.html:30:17 | `GET /api/v2/users/me/favorites` is not a Genesys Cloud Platform API operation"
        ]
    );
    assert_eq!(
        suppressed(&report),
        [(
            "unknown-endpoint".to_string(),
            "retired widget, kept for the screenshots".to_string()
        )]
    );
}

#[test]
fn yaml_hash_comment_in_the_manifest() {
    let (_repo, app) = copy("examples/agent-dashboard");
    edit(
        &app.join("appfoundry.yaml"),
        "      - notifications\n",
        "      - notifications # gclint: ignore[unused-scope] the next release subscribes to presence\n",
    );
    edit(
        &app.join("appfoundry.yaml"),
        "      - users:readonly\n",
        "      # gclint: ignore[redundant-scope]\n      - users:readonly\n",
    );
    let (report, _) = json_in(&app, &["."]);
    assert_eq!(
        suppressed(&report),
        [
            ("redundant-scope".to_string(), String::new()),
            (
                "unused-scope".to_string(),
                "the next release subscribes to presence".to_string()
            )
        ]
    );
}

#[test]
fn ignore_file_covers_every_line() {
    let (_repo, app) = copy("examples/messaging-bridge");
    let file = app.join("server/genesys.js");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        format!("/* gclint: ignore-file[unknown-scope, unknown-endpoint] migrating to open messaging */\n{text}"),
    )
    .unwrap();
    let (report, _) = json_in(&app, &["."]);
    let mut rules: Vec<String> = suppressed(&report).into_iter().map(|(r, _)| r).collect();
    rules.dedup();
    assert_eq!(rules, ["unknown-scope", "unknown-endpoint"]);
    assert_eq!(report["summary"]["suppressed"], 4);
    // The manifest's unknown scopes are another file: still reported.
    assert!(report_lines(&report)
        .iter()
        .any(|l| l.starts_with("unknown-scope error appfoundry.yaml:20:")));
}

#[test]
fn unused_and_misspelled_suppressions_are_reported() {
    let (_repo, app) = copy("examples/agent-dashboard");
    edit(
        &app.join("js/app.js"),
        PRESENCE_CALL,
        &format!("  // gclint: ignore[missing-scope, unknown-endpont, unused-scope] presence\n{PRESENCE_CALL}"),
    );
    edit(
        &app.join("js/app.js"),
        "  const me = await usersApi.getUsersMe();",
        "  const me = await usersApi.getUsersMe(); // gclint: ignore",
    );
    let run = run_in(
        &app,
        &[
            "check",
            "js/app.js",
            "appfoundry.yaml",
            "--select",
            "missing-scope,unused-suppression",
        ],
    );
    assert_eq!(
        run.stdout,
        "unused-suppression

  ⚠ unknown rule `unknown-endpont` in a suppression: it suppresses nothing
    ╭─[js/app.js:18:36]
 17 │ async function showPresence(userId) {
 18 │   // gclint: ignore[missing-scope, unknown-endpont, unused-scope] presence
    ·                                    ───────┬───────
    ·                                           ╰── not a gclint rule
 19 │   const presence = await presenceApi.getUserPresence(userId, 'purecloud');
    ╰────
  help: did you mean `unknown-endpoint`?

unused-suppression

  ⚠ `gclint: ignore` without rule ids suppresses nothing
    ╭─[js/app.js:28:46]
 27 │ 
 28 │   const me = await usersApi.getUsersMe(); // gclint: ignore
    ·                                              ───────┬──────
    ·                                                     ╰── no rule ids
 29 │   document.getElementById('agent-name').textContent = me.name;
    ╰────
  help: name the rules: `gclint: ignore[rule-id] reason`

gclint: 0 errors, 2 warnings, 0 notes in 2 file(s); 1 suppressed
"
    );
    // `unused-scope` did not run (`--select`): not reported as unused. When it runs:
    let (report, _) = json_in(&app, &["js/app.js", "appfoundry.yaml"]);
    let about: Vec<String> = report_lines(&report)
        .into_iter()
        .filter(|l| l.starts_with("unused-suppression"))
        .collect();
    assert_eq!(
        about,
        [
            "unused-suppression warning js/app.js:18:36 | unknown rule `unknown-endpont` in a suppression: it suppresses nothing",
            "unused-suppression note js/app.js:18:53 | unused suppression: no `unused-scope` finding starts on the line it covers",
            "unused-suppression warning js/app.js:28:46 | `gclint: ignore` without rule ids suppresses nothing"
        ]
    );
    let helps: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "unused-suppression")
        .map(|d| d["help"].as_str().unwrap())
        .collect();
    assert_eq!(helps[1], "remove `unused-scope` from the list");
    // Turned off like any rule.
    let (report, _) = json_in(
        &app,
        &[
            "js/app.js",
            "appfoundry.yaml",
            "--ignore",
            "unused-suppression",
        ],
    );
    assert!(!report_lines(&report)
        .iter()
        .any(|l| l.starts_with("unused-suppression")));
}

#[test]
fn an_unused_suppression_can_be_kept_on_purpose() {
    let (_repo, app) = copy("examples/agent-dashboard");
    edit(
        &app.join("js/app.js"),
        "async function showPresence(userId) {",
        "// gclint: ignore[unused-suppression] kept for the presence rollout\n// gclint: ignore[missing-scope]\nasync function showPresence(userId) {",
    );
    let (report, _) = json_in(&app, &["."]);
    assert_eq!(
        suppressed(&report),
        [(
            "unused-suppression".to_string(),
            "kept for the presence rollout".to_string()
        )]
    );
}

#[test]
fn sarif_keeps_suppressed_results_with_their_justification() {
    let (_repo, app) = copy("examples/agent-dashboard");
    edit(
        &app.join("js/app.js"),
        PRESENCE_CALL,
        &format!("{PRESENCE_CALL} // gclint: ignore[missing-scope] parent frame"),
    );
    let run = run_in(&app, &["check", ".", "--format", "sarif"]);
    assert_eq!(run.code, 0);
    let log: Value = serde_json::from_str(&run.stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let missing = results
        .iter()
        .find(|r| r["ruleId"] == "missing-scope")
        .expect("the suppressed result is still there");
    assert_eq!(
        missing["suppressions"],
        serde_json::json!([{
            "kind": "inSource",
            "justification": "parent frame",
            "location": {
                "physicalLocation": {
                    "artifactLocation": { "uri": "js/app.js", "uriBaseId": "%SRCROOT%" },
                    "region": { "startLine": 18, "startColumn": 79, "endLine": 18, "endColumn": 108 }
                }
            }
        }])
    );
    assert!(results
        .iter()
        .filter(|r| r["ruleId"] != "missing-scope")
        .all(|r| r.get("suppressions").is_none()));
    for schema_file in [
        "schemas/sarif-schema-2.1.0.json",
        "schemas/sarif-schema-2.1.0.errata01.json",
    ] {
        let text = std::fs::read_to_string(root().join(schema_file))
            .unwrap()
            .replace(
                r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
                r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#,
            );
        let schema: Value = serde_json::from_str(&text).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{schema_file}: {errors:#?}");
    }
}

#[test]
fn statistics_count_suppressed_findings() {
    let (_repo, app) = copy("examples/agent-dashboard");
    edit(
        &app.join("js/app.js"),
        PRESENCE_CALL,
        &format!("{PRESENCE_CALL} // gclint: ignore[missing-scope]"),
    );
    let (report, _) = json_in(&app, &[".", "--statistics"]);
    let stats = &report["statistics"];
    assert_eq!(
        stats["rules"],
        serde_json::json!([
            {"rule": "implicit-grant-retired", "error": 0, "warning": 2, "note": 0, "suppressed": 0, "baselined": 0},
            {"rule": "missing-scope", "error": 0, "warning": 0, "note": 0, "suppressed": 1, "baselined": 0},
            {"rule": "readonly-suffices", "error": 0, "warning": 1, "note": 0, "suppressed": 0, "baselined": 0},
            {"rule": "redundant-scope", "error": 0, "warning": 0, "note": 1, "suppressed": 0, "baselined": 0},
            {"rule": "unused-scope", "error": 0, "warning": 1, "note": 0, "suppressed": 0, "baselined": 0}
        ])
    );
    assert_eq!(
        stats["total"],
        serde_json::json!({"error": 0, "warning": 4, "note": 1, "suppressed": 1, "baselined": 0})
    );
    assert_eq!(stats["files_read"], 4);
    assert!(stats["wall_time_ms"].is_u64());
}

#[test]
fn terraform_comments_suppress_findings_in_tf_files() {
    // Terraform files become findings through the library's model; the
    // suppression pass reads their `#` and `//` comments by file type.
    use gclint::diagnostic::Diagnostic;
    use gclint::source::{SourceFile, SourceMap, Span};
    let text = "resource \"genesyscloud_oauth_client\" \"sync\" {\n  # gclint: ignore[unknown-scope] granted by the org's custom scope\n  scopes = [\"routing:queue\"]\n  name = \"sync # not a comment\" // gclint: ignore-file[admin-role]\n}\n";
    let mut sources = SourceMap::default();
    let file = sources.add(SourceFile::new(
        PathBuf::from("/repo/main.tf"),
        "main.tf".into(),
        text.to_string(),
    ));
    let at = |needle: &str| {
        let start = text.find(needle).unwrap();
        Span::new(file, start..start + needle.len())
    };
    let rule = |id: &str| gclint::rules::by_id(id).unwrap();
    let mut findings = vec![
        Diagnostic::new(
            rule("unknown-scope"),
            at("\"routing:queue\""),
            "unknown scope",
        ),
        Diagnostic::new(rule("admin-role"), at("resource"), "admin role"),
        Diagnostic::new(rule("unknown-scope"), at("name"), "another line"),
    ];
    let about = gclint::suppress::apply(&mut findings, &sources, &|_, _| true);
    let justifications: Vec<Option<&str>> = findings
        .iter()
        .map(|d| d.suppression.as_ref().map(|s| s.justification.as_str()))
        .collect();
    assert_eq!(
        justifications,
        [Some("granted by the org's custom scope"), Some(""), None]
    );
    assert!(about.is_empty(), "{about:?}");
}

#[test]
fn json_manifest_comments() {
    let repo = temp_repo();
    std::fs::write(
        repo.path().join("appfoundry.json"),
        r#"{
  "name": "widget",
  "clients": [
    {
      "name": "web",
      "grantType": "TOKEN",
      "redirectUris": ["https://widget.example.com/cb"],
      // gclint: ignore[unknown-scope] a scope of the partner's own tenant
      "scopes": ["users:readonly", "widgets:custom"] /* gclint: ignore[unknown-scope] */
    }
  ]
}
"#,
    )
    .unwrap();
    let (report, run) = json_in(
        repo.path(),
        &[".", "--select", "unknown-scope,unused-suppression"],
    );
    assert_eq!(
        report_lines(&report),
        ["unknown-scope error appfoundry.json:9:36 | `widgets:custom` is not a Genesys Cloud OAuth scope (declared by client `web`) (suppressed)"]
    );
    assert_eq!(
        suppressed(&report),
        [(
            "unknown-scope".to_string(),
            "a scope of the partner's own tenant".to_string()
        )]
    );
    assert_eq!(run.code, 0);
}
