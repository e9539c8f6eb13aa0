//! A newcomer's first minutes (issue 30): nothing named on the command line
//! or in `gclint.toml` is ignored, no run is clean for having checked
//! nothing, and the unsafe fixes never break code. Fixtures in
//! `fixtures/newcomer/` (see its README).

mod common;

use common::{copy_dir, json_in, report_lines, root, run_in, temp_repo};
use serde_json::{json, Value};
use std::path::Path;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// A fixture copied into a new repository root (it holds `.git`).
fn repo_with(fixture: &str) -> tempfile::TempDir {
    let repo = temp_repo();
    copy_dir(&root().join("fixtures/newcomer").join(fixture), repo.path());
    repo
}

const CODE_ONLY_NOTE: &str = "(no app manifest, none in or above the checked paths up to the repository root; no Terraform, wizard config or --client-json), so no scope or permission was checked: `gclint scopes` lists what its client needs";

// ---------------------------------------------------------------------------
// 3. Nothing named is ignored.

/// `manifest =` in gclint.toml and `--manifest` read the file they name,
/// whatever it is called.
#[test]
fn a_manifest_of_any_name_is_read_when_named() {
    let repo = repo_with("deploy-manifest");
    let missing = "missing-scope error web/js/floor.js:9:56 | getRoutingQueues (GET /api/v2/routing/queues) needs one of the scopes `routing` or `routing:readonly`; client `floor-view` (CODE) declares none of them";
    // Named in gclint.toml.
    let (report, run) = json_in(repo.path(), &["web"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(report_lines(&report), [missing]);
    // Without it, the file is not a manifest by its name: nothing declares
    // the client, and the run says so.
    std::fs::remove_file(repo.path().join("gclint.toml")).unwrap();
    let run = run_in(repo.path(), &["check", "web"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        format!(
            "gclint: note: 2 calls run under 1 login that no definition declares {CODE_ONLY_NOTE}\n\
             gclint: 0 errors, 0 warnings, 0 notes in 1 file(s)\n"
        )
    );
    // Named on the command line.
    let (report, run) = json_in(
        repo.path(),
        &["web", "--manifest", "deploy/app-manifest.yaml"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(report_lines(&report), [missing]);
    assert_eq!(report["summary"]["files_read"], 2);
}

/// A file named as the manifest that is not one stops the run (exit 2)
/// with one line saying what it holds.
#[test]
fn a_named_file_that_is_no_manifest_is_an_input_error() {
    let repo = repo_with("deploy-manifest");
    let deploy = repo.path().join("deploy");
    std::fs::write(
        deploy.join("compose.yaml"),
        "services:\n  web:\n    image: nginx\nversion: \"3\"\n",
    )
    .unwrap();
    std::fs::write(deploy.join("hosts.yaml"), "- floor-1\n- floor-2\n").unwrap();
    std::fs::write(deploy.join("empty.yml"), "").unwrap();
    for (manifest, why) in [
        (
            "deploy/compose.yaml",
            "it holds the keys `services` and `version`, none of those that define an app (`clients`, `roles`, `appInstances`, `integrationType`, `regions`)",
        ),
        ("deploy/hosts.yaml", "it holds a list, not a manifest's keys"),
        ("deploy/empty.yml", "it is empty"),
    ] {
        let run = run_in(repo.path(), &["check", "web", "--manifest", manifest]);
        assert_eq!(
            (run.code, run.stderr.as_str(), run.stdout.as_str()),
            (
                2,
                format!("gclint: error: {manifest} is not an app manifest: {why}\n").as_str(),
                ""
            )
        );
    }
    // The same file named in gclint.toml.
    std::fs::write(
        repo.path().join("gclint.toml"),
        "manifest = \"deploy/compose.yaml\"\n",
    )
    .unwrap();
    let run = run_in(repo.path(), &["check", "web"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("gclint: error: deploy/compose.yaml is not an app manifest: it holds the keys `services` and `version`"),
        "{}",
        run.stderr
    );
}

/// `--client-json` that holds no OAuth client or role is an input error:
/// an error answer saved instead of the client, a file cut short, an
/// object or list of something else.
#[test]
fn a_client_export_holding_no_client_or_role_is_an_input_error() {
    let repo = repo_with("deploy-manifest");
    let cases = [
        (
            "not-found.json",
            r#"{"message":"Unable to find an OAuth client with id 3e2d1c0b","code":"not.found","status":404,"messageParams":{}}"#,
            "it holds an error answer of the API (status 404, code `not.found`), not the client: save the answer of a request that succeeded",
        ),
        (
            "cut.json",
            r#"{"name": "floor-view", "authorizedGrantType": "CODE", "scope": ["user-basic"#,
            "it is not valid JSON (Unterminated string literal)",
        ),
        (
            "named.json",
            r#"{"name": "x"}"#,
            "it holds an object with `name`: neither `authorizedGrantType` (an OAuth client) nor `permissionPolicies` (a role)",
        ),
        (
            // A value pasted where a name belongs is never repeated.
            "pasted.json",
            r#"{"Zk3pQ9vX_r2LmN8tB4wE7yH1cJ6sD0aF5gK2uV9iO3q": true}"#,
            "it holds an object with a key of 43 characters: neither `authorizedGrantType` (an OAuth client) nor `permissionPolicies` (a role)",
        ),
        (
            "divisions.json",
            r#"[{"id": "d1", "name": "Home"}, {"id": "d2", "name": "Floor"}]"#,
            "it holds a list of 2 items with neither `authorizedGrantType` (an OAuth client) nor `permissionPolicies` (a role)",
        ),
    ];
    for (name, text, why) in cases {
        std::fs::write(repo.path().join(name), text).unwrap();
        let run = run_in(repo.path(), &["check", "web", "--client-json", name]);
        assert_eq!(
            (run.code, run.stderr.as_str()),
            (
                2,
                format!("gclint: error: {name}: not an OAuth client or role: {why}\n").as_str()
            )
        );
    }
    // A real export is read whatever its file is called, and checked
    // against the code.
    std::fs::remove_file(repo.path().join("gclint.toml")).unwrap();
    std::fs::write(
        repo.path().join("floor-view.export"),
        r#"{"id": "3e2d1c0b-9a8f-4e7d-b6c5-a4b3c2d1e0f9", "name": "floor-view", "authorizedGrantType": "CODE", "registeredRedirectUri": ["https://floor.example-partner.com/"], "scope": ["user-basic-info", "routing:readonly"]}"#,
    )
    .unwrap();
    let (report, run) = json_in(repo.path(), &["web", "--client-json", "floor-view.export"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(report_lines(&report), Vec::<String>::new());
    assert_eq!(report["summary"]["files_read"], 2);
    assert!(report.get("notes").is_none(), "{report}");
}

/// Checking a subfolder or one file of an app reads the manifest of the
/// app it belongs to, found in the folders above up to the repository
/// root, as `gclint.toml` is: its code is checked against the manifest's
/// clients. What the manifest says of the whole app (an unused scope) is
/// left to a check of the whole app.
#[test]
fn a_subfolder_or_file_is_checked_with_its_apps_manifest() {
    let repo = temp_repo();
    copy_dir(&root().join("examples/agent-dashboard"), repo.path());
    let (whole, _) = json_in(repo.path(), &["."]);
    let expected: Vec<String> = report_lines(&whole)
        .into_iter()
        .filter(|l| l.contains(" js/"))
        .collect();
    assert_eq!(
        expected,
        [
            "missing-scope error js/app.js:18:38 | getUserPresence (GET /api/v2/users/{userId}/presences/{sourceId}) needs one of the scopes `presence` or `presence:readonly`; client `agent-dashboard` (TOKEN) declares none of them",
            "implicit-grant-retired warning js/app.js:25:16 | `loginImplicitGrant` signs in with the implicit grant (TOKEN), which Genesys Cloud closed to new OAuth clients in March 2026 and stops accepting in March 2027",
        ]
    );
    for paths in [&["js"][..], &["js/app.js"], &["js/app.js", "js/queues.js"]] {
        let (report, run) = json_in(repo.path(), paths);
        assert_eq!(run.code, 1, "{paths:?}: {}", run.stderr);
        assert_eq!(report_lines(&report), expected, "{paths:?}");
        assert!(report.get("notes").is_none(), "{paths:?}: {report}");
    }
    // From inside the subfolder (`cd js && gclint check`).
    let (inside, run) = json_in(&repo.path().join("js"), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        report_lines(&inside),
        expected
            .iter()
            .map(|l| l.replacen(" js/app.js:", " app.js:", 1))
            .collect::<Vec<_>>()
    );
    // Without a manifest up to the repository root, the note says none
    // was found there.
    std::fs::remove_file(repo.path().join("appfoundry.yaml")).unwrap();
    let run = run_in(repo.path(), &["check", "js"]);
    assert!(
        run.stdout.contains(&format!(
            "\ngclint: note: 5 calls run under 1 login that no definition declares {CODE_ONLY_NOTE}\n"
        )),
        "{}",
        run.stdout
    );
}

// ---------------------------------------------------------------------------
// 4. No silent clean.

/// A code-only app: nothing declares the clients its logins use, so no
/// scope was checked; every format says so and names `gclint scopes`.
#[test]
fn a_code_only_app_points_at_gclint_scopes_in_every_format() {
    let repo = temp_repo();
    copy_dir(&root().join("examples/callback-desk"), repo.path());
    // Checked at the repository root: nothing above it was searched.
    let note = "8 calls run under 2 logins that no definition declares (no app manifest, Terraform, wizard config or --client-json), so no scope or permission was checked: `gclint scopes` lists what each login's client needs";
    let run = run_in(repo.path(), &["check", "."]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        format!("gclint: note: {note}\ngclint: 0 errors, 0 warnings, 0 notes in 5 file(s)\n")
    );
    let (report, _) = json_in(repo.path(), &["."]);
    assert_eq!(
        report["notes"],
        json!([{ "level": "note", "message": note }])
    );
    let run = run_in(repo.path(), &["check", ".", "--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&run.stdout).unwrap();
    common::validate_sarif(&sarif, "code-only");
    assert_eq!(
        sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"],
        json!([{ "level": "note", "message": { "text": note } }])
    );
    // With the client given, the calls are checked and the note goes.
    std::fs::write(
        repo.path().join("browser-client.json"),
        r#"{"name": "callback desk", "authorizedGrantType": "CODE", "scope": ["conversations", "routing:readonly", "user-basic-info"]}"#,
    )
    .unwrap();
    let (report, _) = json_in(repo.path(), &[".", "--client-json", "browser-client.json"]);
    assert!(report.get("notes").is_none(), "{report}");
}

/// A run that read no file says so (a warning; the exit code stays 0).
#[test]
fn a_run_that_read_no_file_says_so() {
    let repo = temp_repo();
    let warning = "gclint: warning: no file was read: nothing under the checked paths is a file gclint reads (a manifest, Terraform, a wizard config, API JSON, source code), so nothing was checked\n\
                   gclint: 0 errors, 0 warnings, 0 notes in 0 file(s)\n";
    let run = run_in(repo.path(), &["check", "."]);
    assert_eq!((run.code, run.stdout.as_str()), (0, warning));
    std::fs::write(repo.path().join("README.md"), "# Floor view\n").unwrap();
    std::fs::create_dir(repo.path().join("docs")).unwrap();
    let run = run_in(repo.path(), &["check", "docs", "README.md"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (
            0,
            format!("note: skipped README.md (not a file kind gclint reads)\n{warning}").as_str()
        )
    );
    let (report, _) = json_in(repo.path(), &["docs"]);
    assert_eq!(report["notes"][0]["level"], "warning");
}

// ---------------------------------------------------------------------------
// 5. Fixes never break code.

/// An app whose own method is named `loginImplicitGrant`: only the SDK's
/// login, on `platformClient.ApiClient.instance`, is renamed; the app's
/// method and its callers stay. The run then says what must change in
/// Genesys Cloud.
#[test]
fn an_apps_own_login_method_is_never_renamed() {
    let repo = repo_with("own-login");
    let (report, _) = json_in(repo.path(), &["."]);
    let fixes: Vec<(String, Value)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                format!(
                    "{} {}:{}:{}",
                    d["rule"].as_str().unwrap(),
                    d["location"]["file"].as_str().unwrap(),
                    d["location"]["start"]["line"],
                    d["location"]["start"]["column"]
                ),
                d["fix"].clone(),
            )
        })
        .collect();
    assert_eq!(fixes.len(), 2, "{fixes:?}");
    assert_eq!(fixes[0].0, "implicit-grant-retired js/board.js:8:17");
    assert_eq!(fixes[0].1, Value::Null, "the app's own method");
    assert_eq!(fixes[1].0, "implicit-grant-retired js/session.js:10:19");
    assert_eq!(fixes[1].1["safe"], false);
    assert_eq!(fixes[1].1["description"], "call `loginPKCEGrant`");

    let session = read(&repo.path().join("js/session.js"));
    let board = read(&repo.path().join("js/board.js"));
    let run = run_in(repo.path(), &["check", ".", "--fix", "--unsafe-fixes"]);
    assert_eq!(
        run.stderr,
        "gclint: applied 1 fix to js/session.js\n\
         gclint: now give the OAuth client the code signs in with the Code Authorization grant in Genesys Cloud (Admin > Integrations > OAuth): `loginPKCEGrant` fails against a client that still has the implicit grant; the code must load JavaScript SDK 187.0.0 or later\n"
    );
    assert_eq!(
        read(&repo.path().join("js/session.js")),
        session.replace(
            "return client.loginImplicitGrant(CLIENT_ID",
            "return client.loginPKCEGrant(CLIENT_ID"
        )
    );
    assert!(read(&repo.path().join("js/session.js")).contains("  loginImplicitGrant() {\n"));
    assert_eq!(read(&repo.path().join("js/board.js")), board);
    // Plain --fix leaves the login alone.
    let repo = repo_with("own-login");
    let run = run_in(repo.path(), &["check", ".", "--fix"]);
    assert_eq!(run.stderr, "gclint: nothing to fix\n");
}

/// A page that loads SDK 62.0.0 from the CDN: `loginPKCEGrant` is not in
/// that release, so the login is not renamed and the finding says to
/// upgrade first; the release also decides `sdk-method-too-new`. A script
/// tag inside an HTML comment loads nothing.
#[test]
fn a_page_loading_an_old_sdk_from_the_cdn_is_checked_against_that_release() {
    let repo = repo_with("cdn-release");
    let (report, run) = json_in(repo.path(), &["."]);
    assert_eq!(run.code, 1);
    let found: Vec<Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            json!({
                "rule": d["rule"],
                "at": format!("{}:{}", d["location"]["start"]["line"], d["location"]["start"]["column"]),
                "message": d["message"],
                "help": d["help"],
                "related": d["related"].as_array().unwrap().iter().map(|r| format!(
                    "{}:{}:{} {}",
                    r["file"].as_str().unwrap(),
                    r["start"]["line"],
                    r["start"]["column"],
                    r["message"].as_str().unwrap()
                )).collect::<Vec<_>>(),
                "fix": d["fix"],
            })
        })
        .collect();
    assert_eq!(
        found,
        [
            json!({
                "rule": "implicit-grant-retired",
                "at": "15:14",
                "message": "`loginImplicitGrant` signs in with the implicit grant (TOKEN), which Genesys Cloud closed to new OAuth clients in March 2026 and stops accepting in March 2027",
                "help": "upgrade the JavaScript SDK to 187.0.0 or later (index.html loads 62.0.0, which has no `loginPKCEGrant`), then call `loginPKCEGrant` with the same arguments and give the OAuth client the CODE grant",
                "related": ["index.html:7:61 SDK 62.0.0 loaded here"],
                "fix": null,
            }),
            json!({
                "rule": "sdk-method-too-new",
                "at": "16:32",
                "message": "`RoutingApi.getRoutingQueueMembers` is not in npm purecloud-platform-client-v2 62.0.0, which index.html pins: the first release with it is 107.0.0; the call fails at run time",
                "help": "upgrade the SDK to 107.0.0 or later",
                "related": ["index.html:7:61 npm purecloud-platform-client-v2 pinned here"],
                "fix": null,
            }),
        ]
    );
    let page = read(&repo.path().join("index.html"));
    let run = run_in(repo.path(), &["check", ".", "--fix", "--unsafe-fixes"]);
    assert_eq!(run.stderr, "gclint: nothing to fix\n");
    assert_eq!(read(&repo.path().join("index.html")), page);
}

/// A misspelt manifest key gets "did you mean", and `--fix` renames it
/// rather than adding the right key beside it.
#[test]
fn a_misspelt_manifest_key_is_renamed_not_duplicated() {
    let repo = repo_with("deploy-manifest");
    let manifest = repo.path().join("deploy/app-manifest.yaml");
    let text = read(&manifest).replace(
        "    scopes: [user-basic-info]\n",
        "    scope: [user-basic-info, routing:readonly]   # the floor's queues\n",
    );
    std::fs::write(&manifest, &text).unwrap();
    let (report, run) = json_in(repo.path(), &["web"]);
    assert_eq!(run.code, 1);
    let schema = &report["diagnostics"][0];
    assert_eq!(schema["rule"], "manifest-schema");
    assert_eq!(schema["message"], "unknown key `scope` in `clients.0`");
    assert_eq!(schema["help"], "did you mean `scopes`?");
    assert_eq!(schema["location"]["file"], "deploy/app-manifest.yaml");
    assert_eq!(schema["location"]["start"], json!({"line": 8, "column": 5}));
    assert_eq!(schema["fix"]["safe"], true);
    // missing-scope offers no second `scopes` key.
    let missing: Vec<&Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "missing-scope")
        .collect();
    assert_eq!(missing.len(), 2);
    assert!(missing.iter().all(|d| d["fix"].is_null()));

    let run = run_in(repo.path(), &["check", "web", "--fix"]);
    assert_eq!(
        run.stderr,
        "gclint: applied 1 fix to deploy/app-manifest.yaml\n"
    );
    assert_eq!(
        read(&manifest),
        text.replace("    scope: [", "    scopes: [")
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    let run = run_in(repo.path(), &["check", "web", "--fix"]);
    assert_eq!(run.stderr, "gclint: nothing to fix\n");
}

// ---------------------------------------------------------------------------
// 6. The smaller items.

/// `gclint scope PATH` and `gclint scopes SCOPE` say which was meant.
#[test]
fn scope_and_scopes_point_at_each_other() {
    let repo = repo_with("deploy-manifest");
    let run = run_in(repo.path(), &["scope", "web"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.ends_with(
        "`web` is a file or folder: `gclint scopes web` computes the scopes and permissions the app there needs\n"
    ), "{}", run.stdout);
    let run = run_in(repo.path(), &["scopes", "users:readonly"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "gclint: error: users:readonly: no such file or directory; it is an OAuth scope: `gclint scope users:readonly` says what it grants\n"
        )
    );
}

/// `scopes` and `calls` take `--config` and `--output` as `check` does.
#[test]
fn scopes_and_calls_take_config_and_output() {
    let repo = repo_with("deploy-manifest");
    std::fs::rename(repo.path().join("gclint.toml"), repo.path().join("ci.toml")).unwrap();
    for command in ["scopes", "calls"] {
        let printed = run_in(repo.path(), &[command, "web", "--config", "ci.toml"]);
        assert_eq!(printed.code, 0, "{}", printed.stderr);
        assert!(printed.stdout.contains("floor-view"), "{}", printed.stdout);
        let run = run_in(
            repo.path(),
            &[
                command,
                "web",
                "--config",
                "ci.toml",
                "--output",
                "report.txt",
            ],
        );
        assert_eq!((run.code, run.stdout.as_str()), (0, ""));
        assert_eq!(read(&repo.path().join("report.txt")), printed.stdout);
        std::fs::remove_file(repo.path().join("report.txt")).unwrap();
    }
}

/// The rule's page says which flag applies the implicit-grant fixes.
#[test]
fn explain_says_the_implicit_grant_fixes_need_unsafe_fixes() {
    let run = run_in(&root(), &["explain", "implicit-grant-retired"]);
    assert!(
        run.stdout.contains(
            "`gclint check --fix --unsafe-fixes` makes both changes; plain `--fix` does\nnot"
        ),
        "{}",
        run.stdout
    );
}
