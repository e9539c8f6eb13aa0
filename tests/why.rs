//! `gclint why`: the situations of the forum threads (fixtures/why/, see
//! its README), each answered with its real cause first. The human and
//! JSON answers are snapshots (tests/snapshots/why__*.snap); the first
//! cause of each is also asserted here, so a reordering fails by name.

mod common;

use common::{root, run_in};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    root().join("fixtures/why").join(name)
}

/// The stdout of a successful run.
fn stdout(dir: &Path, args: &[&str]) -> String {
    let run = run_in(dir, args);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    assert_eq!(run.stderr, "", "{args:?}");
    run.stdout
}

/// The JSON answer, and the id and verdict of its first cause.
fn first_cause(dir: &Path, args: &[&str]) -> (String, (String, String)) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let text = stdout(dir, &all);
    let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let first = &json["causes"][0];
    let pair = (
        first["id"].as_str().unwrap_or_default().to_string(),
        first["verdict"].as_str().unwrap_or_default().to_string(),
    );
    (text, pair)
}

fn pair(id: &str, verdict: &str) -> (String, String) {
    (id.to_string(), verdict.to_string())
}

/// A back end calls a Web Messaging guest endpoint with its own OAuth
/// token: the token kind is the cause, the `Bearer` scheme is ruled out
/// (the thread's "use the Guest scheme" advice is wrong).
#[test]
fn guest_endpoint_with_a_bearer_oauth_token() {
    let dir = fixture("guest-bearer");
    let args = ["why", "GET /api/v2/webmessaging/messages", "."];
    insta::assert_snapshot!(stdout(&dir, &args));
    let (json, first) = first_cause(&dir, &args);
    assert_eq!(first, pair("guest-token", "confirmed"));
    insta::assert_snapshot!(json);
}

/// A client export declaring a scope no Genesys API has: the missing
/// real scope first, the invented names said as invented with the
/// nearest real ones.
#[test]
fn invented_scope_in_a_client_export() {
    let dir = fixture("invented-scope");
    let args = [
        "why",
        "POST /api/v2/conversations/messages/agentless",
        "--client-json",
        "client.json",
    ];
    let human = stdout(&dir, &args);
    assert!(
        human.contains(
            "`messaging:conversation:create` (client.json:5:13) is not a Genesys Cloud scope"
        ),
        "{human}"
    );
    insta::assert_snapshot!(human);
    let (json, first) = first_cause(&dir, &args);
    assert_eq!(first, pair("missing-scope", "confirmed"));
    insta::assert_snapshot!(json);
}

/// `/users/me` from a client-credentials back end, asked by SDK name in
/// Python spelling: no user behind the token.
#[test]
fn users_me_under_client_credentials() {
    let dir = fixture("users-me");
    let args = ["why", "get_users_me", "."];
    insta::assert_snapshot!(stdout(&dir, &args));
    let (json, first) = first_cause(&dir, &args);
    assert_eq!(first, pair("user-context", "confirmed"));
    insta::assert_snapshot!(json);
}

/// A concrete URL of a queue call by a client whose role holds the
/// permission but is granted without a division: the division first, the
/// permission and the scopes ruled out.
#[test]
fn home_only_role_on_a_queue_call() {
    let dir = fixture("home-division");
    let args = [
        "why",
        "GET https://api.mypurecloud.com/api/v2/routing/queues/8d1f3c2a-5b7e-4c9d-a1e2-3f4b5c6d7e8f/members?pageSize=100",
        ".",
    ];
    let human = stdout(&dir, &args);
    assert!(
        human.contains("missing-permission: ")
            && human.contains("role `Roster reader` grants `routing:queue:view`"),
        "{human}"
    );
    insta::assert_snapshot!(human);
    let (json, first) = first_cause(&dir, &args);
    assert_eq!(first, pair("division", "likely"));
    insta::assert_snapshot!(json);
}

/// An EU (Ireland) org whose code calls the US host.
#[test]
fn eu_org_calling_the_us_host() {
    let dir = fixture("eu-org");
    let args = [
        "why",
        "GET",
        "https://api.mypurecloud.com/api/v2/routing/queues",
        ".",
    ];
    insta::assert_snapshot!(stdout(&dir, &args));
    let (json, first) = first_cause(&dir, &args);
    assert_eq!(first, pair("environment", "confirmed"));
    insta::assert_snapshot!(json);
}

/// The 403 body of a missing permission: the permission cause first,
/// quoting the body; token causes ruled out (a 403 is not a token problem).
#[test]
fn error_body_naming_the_missing_permission() {
    let dir = fixture("missing-permission");
    let args = [
        "why",
        "GET /api/v2/routing/queues/{queueId}/members",
        "--error",
        "error.json",
    ];
    let human = stdout(&dir, &args);
    assert!(
        human.contains("1. [the error says so] missing-permission: "),
        "{human}"
    );
    assert!(
        human.contains("the error names `routing:queue:view`, `routing:queue:edit`"),
        "{human}"
    );
    insta::assert_snapshot!(human);
    let (json, first) = first_cause(&dir, &args);
    assert_eq!(first, pair("missing-permission", "error-says"));
    insta::assert_snapshot!(json);
}

/// The body on standard input, as an SDK printed it (text, not JSON): the
/// code it quotes still points at the cause.
#[test]
fn error_text_on_standard_input() {
    let out = common::gclint()
        .args(["why", "getUsersMe", "--error", "-", "--format", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(b"Error: 400 not.a.user This request requires a user context.")?;
            child.wait_with_output()
        })
        .expect("gclint runs");
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["error"]["code"], "not.a.user");
    assert_eq!(json["error"]["status"], 400);
    assert_eq!(json["causes"][0]["id"], "user-context");
    assert_eq!(json["causes"][0]["verdict"], "error-says");
}

/// A request that is no operation: said so, with the nearest real paths;
/// an SDK method only older releases had: which ones.
#[test]
fn invented_requests_are_answered_as_invented() {
    let run = run_in(
        &root(),
        &[
            "why",
            "POST /api/v2/conversations/messaging/external/guests/abc/messages",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("1. [confirmed] not-an-operation: `/api/v2/conversations/messaging/external/guests/abc/messages` is not a Genesys Cloud Platform API path"),
        "{}",
        run.stdout
    );
    let run = run_in(&root(), &["why", "post_conversations_messaging"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("`post_conversations_messaging` is neither an operation id nor a method of the current SDKs"),
        "{}",
        run.stdout
    );
}

/// Bad input is a usage error (exit 2), never a panic.
#[test]
fn bad_input_is_a_usage_error() {
    let run = run_in(&root(), &["why", "getUsersMe", "--region", "mars_1"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("gclint: error: `mars_1` is not a Genesys Cloud region; regions: "),
        "{}",
        run.stderr
    );
    let run = run_in(
        &root(),
        &["why", "getUsersMe", "--error", "no-such-body.json"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("no-such-body.json: cannot read the error body"),
        "{}",
        run.stderr
    );
    let run = run_in(&root(), &["why", "getUsersMe", "no-such-folder"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "gclint: error: no-such-folder: no such file or directory\n"
    );
    let run = run_in(&root(), &["why", "  "]);
    assert_eq!(run.code, 2, "{}", run.stdout);
}

/// The forum's Terraform role (fixtures/roles/seed-terraform) grants
/// `routing:queue:read`, an invented action, to a client that lists
/// queues: the missing permission is confirmed, and the evidence says
/// which grant was meant for it and is not a permission (issue 31).
#[test]
fn invented_permission_in_the_role_of_a_refused_call() {
    let dir = root().join("fixtures/roles/seed-terraform");
    let args = ["why", "getRoutingQueues", "."];
    let (json, first) = first_cause(&dir, &args);
    assert_eq!(first, pair("missing-permission", "confirmed"));
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let evidence: Vec<&str> = json["causes"][0]["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e.as_str())
        .collect();
    assert_eq!(
        evidence,
        [
            "client `Queue Sync` (CLIENT-CREDENTIALS): its roles `Queue Sync` do not grant `routing:queue:view`",
            "role `Queue Sync` grants `routing:queue:read`, which is not in gclint's permission catalogue (`unknown-permission`): `routing:queue:view` is the permission the request needs",
        ]
    );
}
