//! Apps with code and no client definition: `gclint scopes` computes what
//! the client of each login needs, `gclint calls` lists every call site
//! with the login it runs under, and `--client-json` checks the code
//! against a client exported from Genesys Cloud.

mod common;

use common::{json_in, report_lines, root, run_in};
use std::path::{Path, PathBuf};

fn app(rel: &str) -> PathBuf {
    root().join(rel)
}

/// The stdout of a successful run.
fn stdout(dir: &Path, args: &[&str]) -> String {
    let run = run_in(dir, args);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    assert_eq!(run.stderr, "", "{args:?}");
    run.stdout
}

/// A browser page with PKCE and a Node back end with client credentials
/// in one repository: two undeclared logins. `public/js/queues.js` and
/// `lib/report.js` have no login of their own and share one project with
/// both logins: only the imports say which login runs them.
#[test]
fn callback_desk_scopes() {
    let dir = app("examples/callback-desk");
    insta::assert_snapshot!(stdout(&dir, &["scopes"]));
    insta::assert_snapshot!(stdout(&dir, &["scopes", "--format", "json"]));
}

#[test]
fn callback_desk_calls() {
    let dir = app("examples/callback-desk");
    insta::assert_snapshot!(stdout(&dir, &["calls"]));
    insta::assert_snapshot!(stdout(&dir, &["calls", "--format", "json"]));
    insta::assert_snapshot!(stdout(&dir, &["calls", "--format", "csv"]));
    insta::assert_snapshot!(stdout(&dir, &["calls", "--format", "markdown"]));
}

/// `--unresolved` keeps the call whose HTTP method comes from the
/// environment; `--client` takes a login's name.
#[test]
fn callback_desk_calls_filters() {
    let dir = app("examples/callback-desk");
    let unresolved = stdout(&dir, &["calls", "--unresolved", "--format", "csv"]);
    let rows: Vec<&str> = unresolved.lines().skip(1).collect();
    assert_eq!(rows.len(), 1, "{unresolved}");
    assert!(rows[0].starts_with("lib/report.js,56,5,"), "{unresolved}");
    let pkce = stdout(
        &dir,
        &["calls", "--client", "CODE (PKCE) login", "--format", "json"],
    );
    let value: serde_json::Value = serde_json::from_str(&pkce).unwrap();
    let sites: Vec<String> = value["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| format!("{}:{}", c["file"].as_str().unwrap(), c["start"]["line"]))
        .collect();
    assert_eq!(
        sites,
        [
            "public/js/app.js:15",
            "public/js/app.js:25",
            "public/js/queues.js:6",
            "public/js/queues.js:15"
        ]
    );
}

/// A Python job: the package it imports runs under its login; the bulk
/// call whose verb comes from the environment is not covered.
#[test]
fn python_skills_sync() {
    let dir = app("fixtures/code-only/skills-sync");
    insta::assert_snapshot!(stdout(&dir, &["scopes"]));
    insta::assert_snapshot!(stdout(&dir, &["scopes", "--format", "json"]));
    insta::assert_snapshot!(stdout(&dir, &["calls"]));
    insta::assert_snapshot!(stdout(&dir, &["calls", "--format", "json"]));
}

/// A C# console app: the service class gets its API objects injected;
/// the project (`.csproj`) ties it to the login in `Program.cs`.
#[test]
fn csharp_queue_wallboard() {
    let dir = app("fixtures/code-only/queue-wallboard");
    insta::assert_snapshot!(stdout(&dir, &["scopes"]));
    insta::assert_snapshot!(stdout(&dir, &["calls"]));
    insta::assert_snapshot!(stdout(&dir, &["calls", "--format", "json"]));
}

/// Data Actions exports and no client: they run under the client of
/// their integration's credentials, which gets a role of its own.
#[test]
fn data_actions_without_a_client() {
    let dir = app("fixtures/code-only/wrapup-actions");
    insta::assert_snapshot!(stdout(&dir, &["scopes"]));
    insta::assert_snapshot!(stdout(&dir, &["calls", "--format", "csv"]));
}

/// `gclint check` on code alone has no client to hold the calls against.
#[test]
fn check_without_a_client_reports_nothing() {
    let (report, run) = json_in(&app("examples/callback-desk"), &["."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(report_lines(&report), Vec::<String>::new());
}

/// No client and no login: the message says what was looked for and how
/// many calls run under nothing.
#[test]
fn scopes_with_no_login_says_what_it_looked_for() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("queues.js"),
        "const routingApi = new platformClient.RoutingApi();\n\
         export const queues = () => routingApi.getRoutingQueues({ pageSize: 25 });\n",
    )
    .unwrap();
    assert_eq!(
        stdout(tmp.path(), &["scopes"]),
        "\
no OAuth client and no login found
gclint looked for:
  - app manifests (appfoundry.yaml, appfoundry.json)
  - Terraform `genesyscloud_oauth_client` resources
  - premium-app wizard configs (`config.js` with `provisioningInfo`)
  - OAuth clients as the API returns them (JSON with `authorizedGrantType`; or pass one with --client-json FILE)
  - logins in the code (SDK login calls, token requests with a `grant_type`)
1 Platform API call found run under no login gclint can see: `gclint calls` lists them with what each needs
"
    );
}

/// The browser client as `GET /api/v2/oauth/clients/{id}` returns it,
/// without `conversations`.
const BROWSER_CLIENT: &str = r#"{
  "id": "5d3c2b1a-0f9e-4d8c-b7a6-112233445566",
  "name": "Callback desk (browser)",
  "accessTokenValiditySeconds": 86400,
  "registeredRedirectUri": ["https://desk.example.com/"],
  "roleIds": [],
  "dateCreated": "2026-10-02T09:14:55.000Z",
  "createdBy": { "id": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "selfUri": "/api/v2/users/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" },
  "authorizedGrantType": "CODE",
  "scope": ["user-basic-info", "routing:readonly"],
  "roleDivisions": [],
  "state": "active",
  "selfUri": "/api/v2/oauth/clients/5d3c2b1a-0f9e-4d8c-b7a6-112233445566"
}
"#;

/// The back end's client as the API returns it, secret included, and its
/// role as `GET /api/v2/authorization/roles/{id}` returns it: it reads
/// conversation details and queues but cannot disconnect.
const BACKEND_CLIENT: &str = r#"{
  "id": "9f8e7d6c-5b4a-4392-8170-aabbccddeeff",
  "name": "Callback desk (reports)",
  "accessTokenValiditySeconds": 86400,
  "secret": "Xq3v9sT2bN8mK4pL7wR1cY6hJ0dF5gZ2aE8uI3oP9sQ",
  "roleIds": ["c0ffee00-1234-4abc-9def-0123456789ab"],
  "authorizedGrantType": "CLIENT-CREDENTIALS",
  "scope": [],
  "roleDivisions": [
    { "roleId": "c0ffee00-1234-4abc-9def-0123456789ab", "divisionId": "*" }
  ],
  "state": "active"
}
"#;

const REPORTING_ROLE: &str = r#"{
  "id": "c0ffee00-1234-4abc-9def-0123456789ab",
  "name": "Callback reporting",
  "permissions": [],
  "permissionPolicies": [
    { "domain": "analytics", "entityName": "conversationDetail", "policyName": "analytics:conversationDetail:view", "actionSet": ["view"], "allowConditions": false },
    { "domain": "routing", "entityName": "queue", "policyName": "routing:queue:view", "actionSet": ["view"], "allowConditions": false }
  ],
  "userCount": 0,
  "base": false,
  "default": false
}
"#;

/// Saved API output outside the repository.
fn exported(files: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(tmp.path().join(name), text).unwrap();
    }
    tmp
}

/// The browser client misses one scope: exactly that `missing-scope`, on
/// the call that needs it; the client links to the PKCE login's files
/// only (the back end's calls are not held against a CODE client).
#[test]
fn client_json_missing_one_scope() {
    let saved = exported(&[("browser-client.json", BROWSER_CLIENT)]);
    let client = saved.path().join("browser-client.json");
    let (report, run) = json_in(
        &app("examples/callback-desk"),
        &[".", "--client-json", client.to_str().unwrap()],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        report_lines(&report),
        ["missing-scope error public/js/app.js:25:28 | postConversationsCallbacks (POST /api/v2/conversations/callbacks) needs scope `conversations`, which client `Callback desk (browser)` (CODE) does not declare"]
    );
}

/// A client-credentials client and its role export: the permission the
/// role lacks, on the call that needs it. The secret in the saved export
/// is not a finding (the file is not in the repository) and never shown.
#[test]
fn client_json_with_role_export() {
    let saved = exported(&[
        ("backend-client.json", BACKEND_CLIENT),
        ("reporting-role.json", REPORTING_ROLE),
    ]);
    let client = saved.path().join("backend-client.json");
    let role = saved.path().join("reporting-role.json");
    let dir = app("examples/callback-desk");
    let args = [
        ".",
        "--client-json",
        client.to_str().unwrap(),
        "--client-json",
        role.to_str().unwrap(),
    ];
    let (report, run) = json_in(&dir, &args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        report_lines(&report),
        ["missing-permission error lib/report.js:38:5 | postConversationsCallbacksBulkDisconnect (POST /api/v2/conversations/callbacks/bulk/disconnect) needs permission `conversation:communication:disconnect`, which the roles of client `Callback desk (reports)` (`Callback reporting`) do not grant"]
    );
    let mut all = vec!["check"];
    all.extend_from_slice(&args);
    let human = run_in(&dir, &all);
    assert!(
        human.stdout.contains("missing-permission"),
        "{}",
        human.stdout
    );
    assert!(!human.stdout.contains("Xq3v9sT2"), "{}", human.stdout);

    // `gclint scopes` with the client: what it lacks, not a flow.
    let mut all = vec!["scopes"];
    all.extend_from_slice(&args);
    let scopes = run_in(&dir, &all);
    assert_eq!(scopes.code, 0, "{}", scopes.stderr);
    assert!(
        scopes
            .stdout
            .starts_with("client `Callback desk (reports)` (CLIENT-CREDENTIALS) in "),
        "{}",
        scopes.stdout
    );
    assert!(
        scopes.stdout.contains("undeclared CODE (PKCE) login"),
        "{}",
        scopes.stdout
    );
    assert!(
        !scopes.stdout.contains("undeclared CLIENT-CREDENTIALS"),
        "{}",
        scopes.stdout
    );
}

/// A `--client-json` file that is not there is a usage error.
#[test]
fn client_json_must_exist() {
    let run = run_in(
        &app("examples/callback-desk"),
        &["check", ".", "--client-json", "no-such-client.json"],
    );
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .contains("no-such-client.json: no such file or directory"),
        "{}",
        run.stderr
    );
}
