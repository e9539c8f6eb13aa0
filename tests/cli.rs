//! The command line as users meet it: subcommands, formats, exit codes.

mod common;

use common::{findings, root, run_in};

fn example(name: &str) -> std::path::PathBuf {
    root().join("examples").join(name)
}

#[test]
fn rules_lists_every_rule_with_severity() {
    let run = run_in(&root(), &["rules"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("unknown-scope            error    A declared or requested scope is not a Genesys Cloud scope\n"));
    assert!(run.stdout.contains("redundant-scope          note     "));
    assert_eq!(run.stdout.lines().count(), 41);
    assert!(run.stdout.contains("unknown-permission       error    A role grants a permission whose domain, entity or action is not a Genesys Cloud permission's\n"));
    assert!(run
        .stdout
        .contains("implicit-grant-retired   warning  A client or login uses the implicit grant"));
}

#[test]
fn explain_prints_the_rule_page() {
    let run = run_in(&root(), &["explain", "missing-scope"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with(
        "# missing-scope (error, scopes-and-permissions)\n\nA call runs under a user-grant client"
    ));
    assert!(run.stdout.contains("## Why is this bad?"));
}

#[test]
fn explain_unknown_rule_suggests_and_exits_2() {
    let run = run_in(&root(), &["explain", "unknown-scopes"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "gclint: error: no rule `unknown-scopes`; did you mean `unknown-scope`?\n"
    );
}

#[test]
fn endpoint_by_route_and_by_sdk_name() {
    let by_route = run_in(&root(), &["endpoint", "GET", "/api/v2/users/abc-123"]);
    assert_eq!(by_route.code, 0);
    assert!(
        by_route
            .stdout
            .starts_with("GET /api/v2/users/{userId}  (getUser)\n"),
        "{}",
        by_route.stdout
    );
    assert!(by_route
        .stdout
        .contains("  scopes       any one of `users` or `users:readonly`\n"));
    let literal_wins = run_in(
        &root(),
        &["endpoint", "GET /api/v2/users/me?expand=presence"],
    );
    assert!(literal_wins
        .stdout
        .starts_with("GET /api/v2/users/me  (getUsersMe)\n"));
    for spelling in ["getUsersMe", "get_users_me", "GetUsersMe"] {
        let run = run_in(&root(), &["endpoint", spelling]);
        assert!(
            run.stdout
                .starts_with("GET /api/v2/users/me  (getUsersMe)\n"),
            "{spelling}"
        );
        assert!(run.stdout.contains(
            "SDK          JS/Java getUsersMe · Python get_users_me · .NET/Go GetUsersMe\n"
        ));
    }
}

#[test]
fn endpoint_unknown_suggests() {
    let run = run_in(&root(), &["endpoint", "post_conversations_messaging"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "`post_conversations_messaging` is neither an API path nor an SDK method name\nclosest SDK methods: post_conversations_messages, post_conversations_messaging_settings, post_conversation_assign, post_conversations_emails, post_conversations_messages_agentless\n"
    );
}

#[test]
fn endpoint_inferred_scopes_are_labelled() {
    let run = run_in(
        &root(),
        &["endpoint", "deleteAnalyticsAgentutilizationsAggregatesJob"],
    );
    assert!(run.stdout.contains("  scopes       unknown: the swagger lists none; inferred guess `analytics` (not a fact)\n"), "{}", run.stdout);
    assert!(run.stdout.contains("  status       preview\n"));
}

#[test]
fn scope_lists_operations_or_suggests() {
    let run = run_in(&root(), &["scope", "user-basic-info"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("`user-basic-info` is accepted by "));
    assert!(run.stdout.contains("getUsersMe (GET /api/v2/users/me)"));
    let unknown = run_in(&root(), &["scope", "messaging:conversation:create"]);
    assert_eq!(unknown.code, 1);
    assert!(unknown.stdout.starts_with("`messaging:conversation:create` is not a Genesys Cloud OAuth scope\nclosest scopes: conversations, messaging, "), "{}", unknown.stdout);
}

#[test]
fn clean_example_exits_0() {
    let run = run_in(&example("supervisor-portal"), &["check", "."]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(
        run.stdout,
        "gclint: 0 errors, 0 warnings, 0 notes in 4 file(s)\n"
    );
}

#[test]
fn fail_on_controls_the_exit_code() {
    let dir = example("agent-dashboard");
    assert_eq!(run_in(&dir, &["check", "."]).code, 1);
    assert_eq!(run_in(&dir, &["check", ".", "--fail-on", "never"]).code, 0);
    assert_eq!(
        run_in(&dir, &["check", ".", "--ignore", "missing-scope"]).code,
        0
    );
    assert_eq!(
        run_in(
            &dir,
            &[
                "check",
                ".",
                "--ignore",
                "missing-scope",
                "--fail-on",
                "warning"
            ]
        )
        .code,
        1
    );
    assert_eq!(
        run_in(
            &dir,
            &[
                "check",
                ".",
                "--select",
                "redundant-scope",
                "--fail-on",
                "warning"
            ]
        )
        .code,
        0
    );
    assert_eq!(
        run_in(
            &dir,
            &[
                "check",
                ".",
                "--select",
                "redundant-scope",
                "--fail-on",
                "note"
            ]
        )
        .code,
        1
    );
}

#[test]
fn select_and_ignore_filter_rules() {
    let dir = example("agent-dashboard");
    let run = run_in(
        &dir,
        &[
            "check",
            ".",
            "--select",
            "unused-scope,redundant-scope",
            "--format",
            "json",
        ],
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let rules: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["redundant-scope", "unused-scope"]);
}

#[test]
fn unknown_rule_in_select_is_a_usage_error() {
    let run = run_in(&root(), &["check", ".", "--select", "missing-scopes"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "gclint: error: unknown rule `missing-scopes`; did you mean `missing-scope`?\n"
    );
}

#[test]
fn missing_path_is_an_input_error() {
    let run = run_in(&root(), &["check", "no/such/dir"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "gclint: error: no/such/dir: no such file or directory\n"
    );
}

#[test]
fn output_file_receives_the_report() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report.json");
    let run = run_in(
        &example("queue-sync"),
        &[
            "check",
            ".",
            "--format",
            "json",
            "--output",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
    assert_eq!(report["version"], 1);
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["diagnostics"][0]["rule"], "excess-permission");
    assert_eq!(report["diagnostics"][1]["rule"], "missing-permission");
    assert_eq!(
        report["diagnostics"][1]["related"][0]["message"],
        "role `Queue Sync Service` declared here"
    );
}

#[test]
fn no_color_output_has_no_escape_codes() {
    let run = run_in(
        &example("agent-dashboard"),
        &["check", ".", "--color", "auto"],
    );
    assert!(!run.stdout.contains('\u{1b}'));
    let forced = run_in(
        &example("agent-dashboard"),
        &["check", ".", "--color", "always"],
    );
    assert!(forced.stdout.contains('\u{1b}'));
}

#[test]
fn bad_manifest_does_not_stop_the_run() {
    let (found, code) = findings("fixtures/inputs/bad-yaml");
    assert_eq!(code, 1);
    assert!(found
        .iter()
        .any(|f| f.starts_with("unknown-endpoint error app.js:1:7")));
}

/// `gclint calls`: the call-site inventory in every format, with filters.
#[test]
fn calls_lists_each_call_site_in_every_format() {
    let app = example("queue-sync");
    let run = run_in(&app, &["calls"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 9);
    assert_eq!(
        lines[1],
        "src/sync.js:23:32  POST /api/v2/users/search                           postUsersSearch          raw-path  queue-sync (sources)  client permission directory:user:view"
    );
    assert_eq!(lines[8], "7 call site(s), 7 resolved to one operation");

    let run = run_in(&app, &["calls", "--format", "csv"]);
    let csv: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(csv[0], "file,line,column,method,path,operation_id,found_by,resolution,clients,link,undeclared,undeclared_via,scopes,permissions_match,permissions,deprecated,preview");
    assert_eq!(csv[4], "src/sync.js,49,31,GET,/api/v2/routing/queues/{queueId}/members,getRoutingQueueMembers,raw-path,operation,queue-sync,sources,,,routing routing:readonly,any,routing:queue:view routing:queue:edit routing:queue:readonly routing:queueMember:manage,false,false");

    let run = run_in(&app, &["calls", "--format", "markdown"]);
    let md: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        md[0],
        "| call site | operation | name | found by | runs under | needs |"
    );
    assert_eq!(md[2], "| `src/sync.js:23:32` | POST /api/v2/users/search | `postUsersSearch` | raw-path | `queue-sync` (sources) | client permission directory:user:view |");

    let run = run_in(
        &app,
        &["calls", "--format", "json", "--client", "queue-sync"],
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["calls"].as_array().unwrap().len(), 7);
    assert_eq!(report["calls"][0]["link"], "sources");
    assert_eq!(
        report["calls"][0]["operation"]["permissions"]["match"],
        "any"
    );

    let run = run_in(&app, &["calls", "--unresolved"]);
    assert_eq!(run.stdout, "no Platform API calls found\n");

    let run = run_in(&app, &["calls", "--client", "nope"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "gclint: error: no client `nope` in the scanned files; clients: `queue-sync`\n"
    );
}
