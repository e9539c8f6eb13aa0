//! Roles, the whole picture: invented permissions (`unknown-permission`),
//! grants beyond the calls (`excess-permission`), permissions that widen
//! access (`privilege-escalation`), what the users of a user-grant app
//! need, and calls whose method is not seen — as users see them.

mod common;

use common::{findings, helps, json_in, report_lines, root, run_in, temp_copy};
use serde_json::Value;

const NEW_RULES: [&str; 3] = [
    "unknown-permission",
    "excess-permission",
    "privilege-escalation",
];

/// The findings of the new rules only, `rule severity file:line:col | message`.
fn new_findings(dir: &std::path::Path, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["."];
    args.extend_from_slice(extra);
    let (report, _) = json_in(dir, &args);
    report_lines(&report)
        .into_iter()
        .filter(|l| NEW_RULES.iter().any(|r| l.starts_with(&format!("{r} "))))
        .collect()
}

/// The forum's advice as a Terraform role: `routing:queue:read` (Genesys
/// says `view` for queues; `read` is an action of two other entities, so
/// gclint says what it knows in a note) and `analytics:*:*` for a job that
/// only lists queues. The call's missing permission is still the error.
#[test]
fn the_forum_role_in_terraform() {
    let (found, code) = findings("fixtures/roles/seed-terraform");
    assert_eq!(
        found,
        [
            "missing-permission error sync/sync.js:9:35 | getRoutingQueues (GET /api/v2/routing/queues) needs permission `routing:queue:view`, which the roles of client `Queue Sync` (`Queue Sync`) do not grant",
            "unknown-permission note terraform/main.tf:9:20 | `routing:queue:read`: no Genesys Cloud source gclint reads has the action `read` for `routing:queue`; `read` is an action of `billing:subscription` and `webchat:deployment` only (role `Queue Sync`)",
            "excess-permission warning terraform/main.tf:15:20 | role `Queue Sync` grants `analytics:*:*`, a wildcard over 42 permissions (`analytics:agentConversationDetail:view`, `analytics:agentCopilotAggregate:view`, `analytics:agentState:view` and 39 more); the calls of client `Queue Sync` need none of them",
        ]
    );
    assert_eq!(code, 1);
    let help = helps("fixtures/roles/seed-terraform");
    assert_eq!(
        help[1],
        "unknown-permission | did you mean `routing:queue:view`? getRoutingQueues needs it, and role `Queue Sync` does not grant it; `routing:queue` has the actions `add`, `delete`, `edit`, `join`, `readonly`, `search` and `view`; the organisation's export of GET /api/v2/authorization/permissions (`--permissions-json`) makes this check exact"
    );
    assert_eq!(
        help[2],
        "excess-permission | remove `analytics:*:*` from role `Queue Sync` (`gclint scopes` prints the least-privilege role)"
    );
}

/// `--fix --unsafe-fixes` rewrites the role's policy blocks to the
/// least-privilege role (the client has no other role: what its call
/// needs), and the app then checks clean.
#[test]
fn the_least_privilege_role_replaces_the_forum_role() {
    let dir = temp_copy("fixtures/roles/seed-terraform");
    // Without --unsafe-fixes nothing changes: the fix removes access.
    let run = run_in(dir.path(), &["check", ".", "--fix"]);
    assert_eq!(run.code, 1);
    let before =
        std::fs::read_to_string(root().join("fixtures/roles/seed-terraform/terraform/main.tf"))
            .unwrap();
    let main = std::fs::read_to_string(dir.path().join("terraform/main.tf")).unwrap();
    assert_eq!(main, before);
    let run = run_in(dir.path(), &["check", ".", "--fix", "--unsafe-fixes"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let main = std::fs::read_to_string(dir.path().join("terraform/main.tf")).unwrap();
    let expected = before.replace(
        "  permission_policies {\n    domain      = \"routing\"\n    entity_name = \"queue\"\n    action_set  = [\"read\"]\n  }\n\n  permission_policies {\n    domain      = \"analytics\"\n    entity_name = \"*\"\n    action_set  = [\"*\"]\n  }\n",
        "  permission_policies {\n    domain      = \"routing\"\n    entity_name = \"queue\"\n    action_set  = [\"view\"]\n  }\n",
    );
    assert_ne!(expected, before);
    assert_eq!(main, expected);
    // Idempotent: a second run changes nothing.
    let again = run_in(dir.path(), &["check", ".", "--fix", "--unsafe-fixes"]);
    assert_eq!(again.code, 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("terraform/main.tf")).unwrap(),
        main
    );
}

/// `gclint scopes` says what the roles grant beyond the calls.
#[test]
fn scopes_names_the_excess() {
    let run = run_in(&root().join("fixtures/roles/seed-terraform"), &["scopes"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains(
        "client `Queue Sync` (CLIENT-CREDENTIALS) in terraform/main.tf: 1 call\n  smallest permission set (1):\n    routing:queue:view  getRoutingQueues (sync/sync.js:9:35); not granted by the client's roles\n  its roles also grant what no call needs (excess-permission): `analytics:*:*` (role `Queue Sync`: a wildcard over 42 permissions, none of them needed)\n  a role `Queue Sync` granting exactly these permissions:\n"
    ), "{}", run.stdout);
    let json = run_in(
        &root().join("fixtures/roles/seed-terraform"),
        &["scopes", "--format", "json"],
    );
    let value: Value = serde_json::from_str(&json.stdout).unwrap();
    let client = value["clients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Queue Sync")
        .unwrap();
    assert_eq!(client["permissions"]["for"], "client");
    assert_eq!(
        client["permissions"]["excess"],
        serde_json::json!([{"role": "Queue Sync", "permission": "analytics:*:*", "wildcard": {"covers": 42, "needed": []}}])
    );
}

/// Invented action, entity and domain, and a name of no permission's shape:
/// an error where no source could know more (`write` is no action of any
/// permission; dots are no separator), a note where Genesys Cloud may have
/// what no operation requires. Did-you-mean from the calls, else the catalogue.
#[test]
fn invented_names() {
    let (found, code) = findings("fixtures/roles/names");
    assert_eq!(
        found,
        [
            "unknown-permission error appfoundry.yaml:13:23 | `routing:queue:write` is not a Genesys Cloud permission: no permission has the action `write` (role `Queue Reporter`)",
            "unknown-permission note appfoundry.yaml:14:17 | `routing:queues:view`: no Genesys Cloud source gclint reads has the entity `queues` in the domain `routing` (role `Queue Reporter`)",
            "unknown-permission note appfoundry.yaml:15:9 | `routng:skill:view`: no Genesys Cloud source gclint reads has the domain `routng` (role `Queue Reporter`)",
            "unknown-permission error appfoundry.yaml:16:9 | `routing.queue.view` is not a Genesys Cloud permission: a permission is `domain:entity:action` (role `Queue Reporter`)",
            "missing-permission error reporter/report.js:9:35 | getRoutingQueues (GET /api/v2/routing/queues) needs permission `routing:queue:view`, which the roles of client `reporter` (`Queue Reporter`) do not grant",
            "missing-permission error reporter/report.js:10:35 | getRoutingSkills (GET /api/v2/routing/skills) needs permission `routing:skill:view`, which the roles of client `reporter` (`Queue Reporter`) do not grant",
        ]
    );
    assert_eq!(code, 1);
    let help = helps("fixtures/roles/names");
    assert_eq!(
        &help[..4],
        [
            "unknown-permission | did you mean `routing:queue:view`? getRoutingQueues needs it, and role `Queue Reporter` does not grant it; `routing:queue` has the actions `add`, `delete`, `edit`, `join`, `readonly`, `search` and `view`",
            "unknown-permission | did you mean `routing:queue:view`? getRoutingQueues needs it; the organisation's export of GET /api/v2/authorization/permissions (`--permissions-json`) makes this check exact",
            "unknown-permission | did you mean `routing:skill:view`? getRoutingSkills needs it; the organisation's export of GET /api/v2/authorization/permissions (`--permissions-json`) makes this check exact",
            "unknown-permission | did you mean `routing:queue:view`? getRoutingQueues needs it",
        ]
    );
}

/// The certain finding whose intent is evident is fixed in place (a safe
/// fix: the name granted nothing); the notes are left to a person.
#[test]
fn an_invented_action_is_replaced_by_the_one_the_calls_need() {
    let dir = temp_copy("fixtures/roles/names");
    let run = run_in(
        dir.path(),
        &["check", ".", "--fix", "--select", "unknown-permission"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let manifest = std::fs::read_to_string(dir.path().join("appfoundry.yaml")).unwrap();
    assert!(
        manifest.contains("      - routing:queue:view\n      - routing:queues:view\n"),
        "{manifest}"
    );
    assert!(!manifest.contains("routing:queue:write"));
}

/// A permission that widens access, which the code does not need (a
/// warning, beside the excess), and one it needs exactly (a note).
#[test]
fn escalation_needed_and_not() {
    let (found, code) = findings("fixtures/roles/escalation");
    assert_eq!(
        found,
        [
            "privilege-escalation note appfoundry.yaml:20:9 | role `Provisioner` grants `authorization:role:add`, which creates roles, and a role can hold any permission (held by client `provisioner`); its calls need it: postAuthorizationRoles (POST /api/v2/authorization/roles)",
            "excess-permission warning appfoundry.yaml:25:9 | role `Reporter Plus` grants `authorization:grant:add`, which none of the calls of client `reporter` need",
            "privilege-escalation warning appfoundry.yaml:25:9 | role `Reporter Plus` grants `authorization:grant:add`, which grants roles to users and OAuth clients: privilege escalation (held by client `reporter`); none of its calls needs it",
        ]
    );
    assert_eq!(code, 0);
    // The source of the fact is in the finding.
    let help = helps("fixtures/roles/escalation");
    assert!(
        help[2]
            .contains("https://help.mypurecloud.com/articles/access-control-permissions-overview/"),
        "{}",
        help[2]
    );
    // SARIF tags it as a security finding.
    let run = run_in(
        &root().join("fixtures/roles/escalation"),
        &["check", ".", "--format", "sarif"],
    );
    let sarif: Value = serde_json::from_str(&run.stdout).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let rule = rules
        .iter()
        .find(|r| r["id"] == "privilege-escalation")
        .unwrap();
    assert_eq!(
        rule["properties"]["tags"],
        serde_json::json!(["scopes-and-permissions", "security"])
    );
    assert_eq!(rule["properties"]["security-severity"], "6.5");
    for id in NEW_RULES {
        assert!(rules.iter().any(|r| r["id"] == id), "{id} in SARIF rules");
    }
    let results: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(
        results,
        [
            "privilege-escalation",
            "excess-permission",
            "privilege-escalation"
        ]
    );
}

/// The "scope is fine but still 403" story: a PKCE wallboard whose scopes
/// are right, whose supervisors' role lacks a permission. `gclint scopes`
/// gives both needs and a ready role for the users; `gclint calls` says
/// whose roles each call's permissions are asked of.
#[test]
fn users_of_a_user_grant_app() {
    let dir = root().join("fixtures/roles/user-grant");
    let (found, code) = findings("fixtures/roles/user-grant");
    assert_eq!(
        found,
        ["missing-permission error web/wallboard.js:12:23 | postAnalyticsQueuesObservationsQuery (POST /api/v2/analytics/queues/observations/query) needs permission `analytics:queueObservation:view`, which the roles that users of client `wallboard` hold (`userRoles`) (`Wallboard Viewer`) do not grant"]
    );
    assert_eq!(code, 1);
    let run = run_in(&dir, &["scopes"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        r#"client `wallboard` (CODE) in appfoundry.yaml: 2 calls
  smallest scope set (2):
    routing:readonly    getRoutingQueues (web/wallboard.js:10:35)
    analytics:readonly  postAnalyticsQueuesObservationsQuery (web/wallboard.js:12:23)
  declared: routing:readonly, analytics:readonly
  the declared scopes are already this set
  the signed-in users also need permissions, through their roles (the scopes only limit what their token may ask):
  smallest permission set (2):
    analytics:queueObservation:view  postAnalyticsQueuesObservationsQuery (web/wallboard.js:12:23); not granted by the roles its users are declared to hold
    routing:queue:view               getRoutingQueues (web/wallboard.js:10:35)
  a role `wallboard users` granting exactly these permissions, for the users of this app:
    Terraform (CX as Code):
      resource "genesyscloud_auth_role" "wallboard_users" {
        name        = "wallboard users"
        description = "What the users of client wallboard need for its calls, computed by gclint scopes"

        permission_policies {
          domain      = "analytics"
          entity_name = "queueObservation"
          action_set  = ["view"]
        }

        permission_policies {
          domain      = "routing"
          entity_name = "queue"
          action_set  = ["view"]
        }
      }
    Platform API (`permissionPolicies` of POST /api/v2/authorization/roles):
      [
        { "domain": "analytics", "entityName": "queueObservation", "actionSet": ["view"], "allowConditions": false },
        { "domain": "routing", "entityName": "queue", "actionSet": ["view"], "allowConditions": false }
      ]
"#
    );
    let json = run_in(&dir, &["scopes", "--format", "json"]);
    let value: Value = serde_json::from_str(&json.stdout).unwrap();
    let client = &value["clients"][0];
    assert_eq!(
        client["scopes"]["target"],
        serde_json::json!(["routing:readonly", "analytics:readonly"])
    );
    assert_eq!(client["permissions"]["for"], "users");
    let picks: Vec<(&str, &Value)> = client["permissions"]["least_privilege"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["permission"].as_str().unwrap(), &p["granted"]))
        .collect();
    assert_eq!(
        picks,
        [
            ("analytics:queueObservation:view", &Value::Bool(false)),
            ("routing:queue:view", &Value::Bool(true)),
        ]
    );
    assert_eq!(client["permissions"]["role"]["name"], "wallboard users");
    let calls = run_in(&dir, &["calls"]);
    assert!(
        calls
            .stdout
            .contains("scope routing or routing:readonly; user permission routing:queue:view\n"),
        "{}",
        calls.stdout
    );
    let markdown = run_in(&dir, &["calls", "--format", "markdown"]);
    assert!(
        markdown
            .stdout
            .contains("| scope analytics or analytics:readonly; user permission analytics:queueObservation:view |"),
        "{}",
        markdown.stdout
    );
    let calls = run_in(&dir, &["calls", "--format", "json"]);
    let value: Value = serde_json::from_str(&calls.stdout).unwrap();
    assert!(value["calls"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["permissions_of"] == "users"));
}

/// With the organisation's export the check is exact: `read` is no action
/// of its `routing:queue` (an error), and a permission Genesys Cloud has
/// but the organisation lacks is said as such. The same export merged into
/// a database by `db import --permissions` gives the same.
#[test]
fn an_organisation_export_makes_it_exact() {
    let app = root().join("fixtures/roles/org-export/app");
    assert_eq!(
        new_findings(&app, &[]),
        ["unknown-permission note appfoundry.yaml:14:23 | `routing:queue:read`: no Genesys Cloud source gclint reads has the action `read` for `routing:queue`; `read` is an action of `billing:subscription` and `webchat:deployment` only (role `Topic Miner`)"]
    );
    let exact = [
        "unknown-permission error appfoundry.yaml:14:23 | `routing:queue:read` is not a permission of the organisation (`../export/permissions.json`) nor of any Genesys Cloud source gclint reads: its action `read` is in neither (role `Topic Miner`)",
        "unknown-permission warning appfoundry.yaml:15:9 | `speechAndTextAnalytics:topic:view` is not among the permissions of the organisation (`../export/permissions.json`); Genesys Cloud has it, so the organisation lacks the product, licence or beta feature that brings it (role `Topic Miner`)",
    ];
    assert_eq!(
        new_findings(&app, &["--permissions-json", "../export/permissions.json"]),
        exact
    );
    // A file that is not an export stops the run with a message.
    let run = run_in(
        &app,
        &["check", ".", "--permissions-json", "appfoundry.yaml"],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.starts_with("gclint: error: appfoundry.yaml: not an export of GET /api/v2/authorization/permissions:"), "{}", run.stderr);

    // Through a database.
    let tmp = tempfile::tempdir().unwrap();
    let swagger = tmp.path().join("swagger.json");
    std::fs::write(
        &swagger,
        r#"{"swagger": "2.0", "info": {"version": "v2"}, "paths": {"/api/v2/routing/queues": {"get": {
            "operationId": "getRoutingQueues", "tags": ["Routing"],
            "security": [{"PureCloud OAuth": ["routing", "routing:readonly"]}],
            "x-inin-requires-permissions": {"type": "ANY", "permissions": ["routing:queue:view"]}}}}}"#,
    )
    .unwrap();
    let db = tmp.path().join("db.json");
    let export = root().join("fixtures/roles/org-export/export/permissions.json");
    let run = run_in(
        tmp.path(),
        &[
            "db",
            "import",
            swagger.to_str().unwrap(),
            "--permissions",
            export.to_str().unwrap(),
            "-o",
            db.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let info = run_in(tmp.path(), &["--db", db.to_str().unwrap(), "db", "info"]);
    assert!(
        info.stdout.contains(&format!(
            "  organisation  {}: 6 permissions\n",
            export.display()
        )),
        "{}",
        info.stdout
    );
    // The database's own catalogue is this one operation's: what the
    // export lacks, no source of it has either.
    let with_db = new_findings(&app, &["--db", db.to_str().unwrap()]);
    let file = export.display().to_string();
    assert_eq!(
        with_db,
        [
            exact[0].replace("../export/permissions.json", &file),
            format!("unknown-permission error appfoundry.yaml:15:9 | `speechAndTextAnalytics:topic:view` is not a permission of the organisation (`{file}`) nor of any Genesys Cloud source gclint reads: its domain `speechAndTextAnalytics` is in neither (role `Topic Miner`)"),
        ]
    );
}

/// A call whose HTTP method the code does not say is covered for every
/// method of its path, marked, and the printed role says which
/// permissions are there for it (the callback desk's reschedule call).
#[test]
fn a_call_whose_method_is_not_seen_is_covered() {
    let run = run_in(
        &root().join("examples/callback-desk"),
        &["scopes", "--format", "json"],
    );
    assert_eq!(run.code, 0);
    let value: Value = serde_json::from_str(&run.stdout).unwrap();
    let backend = value["clients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["grant_type"] == "CLIENT-CREDENTIALS")
        .unwrap();
    assert_eq!(backend["uncovered"], serde_json::json!([]));
    let unseen: Vec<(&str, bool)> = backend["permissions"]["least_privilege"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["permission"].as_str().unwrap(),
                p["method_not_seen"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        unseen,
        [
            ("analytics:conversationDetail:view", false),
            ("conversation:callback:create", true),
            ("conversation:callback:edit", true),
            ("conversation:communication:disconnect", false),
            ("routing:queue:view", false),
        ]
    );
    assert_eq!(
        backend["permissions"]["role"]["notes"],
        serde_json::json!(["conversation:callback:create, conversation:callback:edit: for /api/v2/conversations/callbacks at lib/report.js:56:5, whose HTTP method gclint did not see (every method of the path is covered)"])
    );
    assert_eq!(
        backend["method_not_seen"],
        serde_json::json!([{"written": "/api/v2/conversations/callbacks", "operations": ["GET /api/v2/conversations/callbacks", "PATCH /api/v2/conversations/callbacks", "POST /api/v2/conversations/callbacks"], "file": "lib/report.js", "start_byte": backend["method_not_seen"][0]["start_byte"], "end_byte": backend["method_not_seen"][0]["end_byte"], "start": {"line": 56, "column": 5}, "end": backend["method_not_seen"][0]["end"]}])
    );
    assert!(backend["permissions"]["role"]["terraform"]
        .as_str()
        .unwrap()
        .contains("  # conversation:callback:create, conversation:callback:edit: for /api/v2/conversations/callbacks at lib/report.js:56:5"));
}

/// The examples stay as they were, but for one: the queue sync's
/// `routing:*:view`, a wildcard over 21 permissions of which it needs 2.
#[test]
fn examples_have_only_the_findings_they_should() {
    for example in [
        "agent-dashboard",
        "callback-desk",
        "messaging-bridge",
        "supervisor-portal",
    ] {
        assert_eq!(
            new_findings(&root().join("examples").join(example), &[]),
            Vec::<String>::new(),
            "{example}"
        );
    }
    assert_eq!(
        new_findings(&root().join("examples/queue-sync"), &[]),
        ["excess-permission warning appfoundry.yaml:29:13 | role `Queue Sync Service` grants `routing:*:view`, a wildcard over 21 permissions (`routing:assessment:view`, `routing:callRoute:view`, `routing:comparisonPeriod:view` and 16 more); the calls of client `queue-sync` need only `routing:queue:view` and `routing:skill:view` of them"]
    );
}

/// Where the facts come from is in each rule's page.
#[test]
fn explain_pages_say_where_the_facts_come_from() {
    let page = |id: &str| run_in(&root(), &["explain", id]).stdout;
    let unknown = page("unknown-permission");
    assert!(unknown.contains("x-inin-requires-permissions"));
    assert!(
        unknown.contains("1,467 permissions over 73 domains, 565 entities and 120 action words")
    );
    assert!(unknown.contains("GET /api/v2/authorization/permissions"));
    assert!(page("excess-permission").contains("a wildcard over 42 permissions"));
    assert!(page("privilege-escalation").contains("rules/lifecycle.json"));
    let rules = run_in(&root(), &["rules"]).stdout;
    for id in NEW_RULES {
        assert!(rules.contains(id), "{id} in gclint rules");
    }
}

/// The rule ids of `schemas/gclint.schema.json` are `gclint rules`'.
#[test]
fn the_schema_lists_every_rule_id() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/gclint.schema.json")).unwrap(),
    )
    .unwrap();
    let mut listed: Vec<String> = schema["definitions"]["ruleId"]["enum"]
        .as_array()
        .or_else(|| schema["$defs"]["ruleId"]["enum"].as_array())
        .expect("a ruleId enum")
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let mut rules: Vec<String> = run_in(&root(), &["rules"])
        .stdout
        .lines()
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect();
    listed.sort();
    rules.sort();
    assert_eq!(listed, rules);
}

/// A call whose needs the database does not know is not dropped in
/// silence: the printed role says it is not covered.
#[test]
fn the_printed_role_says_what_it_does_not_cover() {
    let dir = common::temp_repo();
    std::fs::write(
        dir.path().join("job.js"),
        "const platformClient = require('purecloud-platform-client-v2');\nconst client = platformClient.ApiClient.instance;\nconst axios = require('axios');\n\nasync function run(token) {\n  await client.loginClientCredentialsGrant(process.env.CLIENT_ID, process.env.CLIENT_SECRET);\n  const queues = await new platformClient.RoutingApi().getRoutingQueues();\n  await axios.post('https://api.mypurecloud.com/api/v2/analytics/conversations/transcripts/query', {});\n  return queues;\n}\nmodule.exports = { run };\n",
    )
    .unwrap();
    let run = run_in(dir.path(), &["scopes", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value: Value = serde_json::from_str(&run.stdout).unwrap();
    let role = &value["clients"][0]["permissions"]["role"];
    assert_eq!(
        role["permissions"],
        serde_json::json!(["routing:queue:view"])
    );
    assert_eq!(
        role["notes"],
        serde_json::json!(["not covered: POST /api/v2/analytics/conversations/transcripts/query at job.js:8:20 (the database does not know its permissions)"])
    );
    assert!(role["terraform"].as_str().unwrap().contains(
        "  # not covered: POST /api/v2/analytics/conversations/transcripts/query at job.js:8:20 (the database does not know its permissions)\n"
    ));
    assert_eq!(
        value["clients"][0]["uncovered"][0]["reason"],
        "permissions-unknown"
    );
}

/// An organisation's roles hold permissions no operation names
/// (`routing:agent:onqueue`, `conversation:communication:transfer`, the
/// `ui` domain): the catalogue lacks them, so they are not reported. A
/// name written like a known one (`veiw`) and another system's word for
/// Genesys's view/add/edit/delete where the entity spells it the Genesys
/// way (`update` for `routing:queue`) are.
#[test]
fn names_the_catalogue_lacks_are_not_guessed() {
    let found = new_findings(&root().join("fixtures/roles/real-org"), &[]);
    assert_eq!(
        found,
        [
            "unknown-permission note terraform/roles.tf:26:20 | `routing:skill:veiw`: no Genesys Cloud source gclint reads has the action `veiw` for `routing:skill` (role `Floor Lead`)",
            "unknown-permission note terraform/roles.tf:31:20 | `routing:queue:update`: no Genesys Cloud source gclint reads has the action `update` for `routing:queue`; `update` is an action of `gamification:profile`, `routing:skill` and `webchat:deployment` only (role `Floor Lead`)",
        ]
    );
}

/// An organisation's export: two client-credentials clients with roles of
/// their own, and a script that runs under a token of either (nothing says
/// which). Calls only guessed to run under a client say nothing of what
/// its role serves: no excess is claimed, none of `CRM Sync`'s contact
/// permissions is called needless.
#[test]
fn guessed_calls_judge_no_role() {
    let found = new_findings(&root().join("fixtures/roles/org-clients"), &[]);
    assert_eq!(found, Vec::<String>::new());
    let run = run_in(&root().join("fixtures/roles/org-clients"), &["calls"]);
    assert!(
        run.stdout.contains("Wallboard Feed, CRM Sync (guess)"),
        "{}",
        run.stdout
    );
}
