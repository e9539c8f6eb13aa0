//! `gclint scopes`: the least-privilege scope set of each user-grant client
//! and the permission list and role of each client-credentials client, as
//! users see them; `--write` on temporary copies.

mod common;

use common::{age_files, root, run_in, temp_copy, touched};
use serde_json::Value;

/// `gclint scopes --format json` in a folder: the text and its value.
fn scopes_json_text(dir: &std::path::Path) -> (String, Value) {
    let run = run_in(dir, &["scopes", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value = serde_json::from_str(&run.stdout).expect("JSON");
    (run.stdout, value)
}

fn scopes_json(dir: &std::path::Path) -> Value {
    scopes_json_text(dir).1
}

/// The implicit-grant dashboard over-asks: the smallest set keeps `users`
/// (patchUserQueue needs it, and it covers getUserQueues), takes
/// `analytics:readonly` for the observations query and adds the missing
/// `presence:readonly`. Its agents need permissions too, through their
/// roles: a role for them.
#[test]
fn agent_dashboard_human() {
    let run = run_in(&root().join("examples/agent-dashboard"), &["scopes"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        "\
client `agent-dashboard` (TOKEN) in appfoundry.yaml: 5 calls
  smallest scope set (4):
    user-basic-info     getUsersMe (js/app.js:27:29)
    users               patchUserQueue (js/queues.js:17:18), getUserQueues (js/queues.js:22:31)
    analytics:readonly  postAnalyticsQueuesObservationsQuery (js/queues.js:54:37)
    presence:readonly   getUserPresence (js/app.js:18:38)
  declared: user-basic-info, users, users:readonly, analytics, notifications
  changes: replace `analytics` with `analytics:readonly`; add `presence:readonly`; remove `users:readonly`; remove `notifications`
  the signed-in users also need permissions, through their roles (the scopes only limit what their token may ask):
  smallest permission set (3):
    analytics:queueObservation:view  postAnalyticsQueuesObservationsQuery (js/queues.js:54:37)
    routing:queue:join               patchUserQueue (js/queues.js:17:18)
    routing:queue:view               getUserQueues (js/queues.js:22:31)
  a role `agent-dashboard users` granting exactly these permissions, for the users of this app:
    Terraform (CX as Code):
      resource \"genesyscloud_auth_role\" \"agent_dashboard_users\" {
        name        = \"agent-dashboard users\"
        description = \"What the users of client agent-dashboard need for its calls, computed by gclint scopes\"

        permission_policies {
          domain      = \"analytics\"
          entity_name = \"queueObservation\"
          action_set  = [\"view\"]
        }

        permission_policies {
          domain      = \"routing\"
          entity_name = \"queue\"
          action_set  = [\"join\", \"view\"]
        }
      }
    Platform API (`permissionPolicies` of POST /api/v2/authorization/roles):
      [
        { \"domain\": \"analytics\", \"entityName\": \"queueObservation\", \"actionSet\": [\"view\"], \"allowConditions\": false },
        { \"domain\": \"routing\", \"entityName\": \"queue\", \"actionSet\": [\"join\", \"view\"], \"allowConditions\": false }
      ]

`gclint scopes --write` writes the scope list above into the manifest
"
    );
}

/// The nightly client-credentials job: five permissions (the narrow
/// `routing:queueMember:manage` rather than `routing:queue:edit` for adding
/// members; `routing:queue:view` also covers listing them), one of which its
/// role lacks, what its role grants beyond them (the `routing:*:view`
/// wildcard), and the role in the manifest's, Terraform's and the wizard's
/// words.
#[test]
fn queue_sync_human() {
    let run = run_in(&root().join("examples/queue-sync"), &["scopes"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        r#"client `queue-sync` (CLIENT-CREDENTIALS) in appfoundry.yaml: 7 calls
  smallest permission set (5):
    directory:user:view         postUsersSearch (src/sync.js:23:32)
    routing:queue:view          getRoutingQueues (src/sync.js:33:29), getRoutingQueueMembers (src/sync.js:49:31)
    routing:queueMember:manage  getRoutingQueueMembers (src/sync.js:49:31), postRoutingQueueMembers (src/sync.js:60:20, src/sync.js:66:20)
    routing:skill:assign        putUserRoutingskill (src/sync.js:71:17); not granted by the client's roles
    routing:skill:view          getRoutingSkills (src/sync.js:40:29)
  its roles also grant what no call needs (excess-permission): `routing:*:view` (role `Queue Sync Service`: a wildcard over 21 permissions, 2 of them needed)
  a role `Queue Sync Service` granting exactly these permissions:
    manifest (appfoundry.yaml):
      roles:
        - name: Queue Sync Service
          description: Least privilege for client queue-sync, computed by gclint scopes
          permissions:
            - directory:user:view
            - routing:queue:view
            - routing:queueMember:manage
            - routing:skill:assign
            - routing:skill:view
    Terraform (CX as Code):
      resource "genesyscloud_auth_role" "queue_sync_service" {
        name        = "Queue Sync Service"
        description = "Least privilege for client queue-sync, computed by gclint scopes"

        permission_policies {
          domain      = "directory"
          entity_name = "user"
          action_set  = ["view"]
        }

        permission_policies {
          domain      = "routing"
          entity_name = "queue"
          action_set  = ["view"]
        }

        permission_policies {
          domain      = "routing"
          entity_name = "queueMember"
          action_set  = ["manage"]
        }

        permission_policies {
          domain      = "routing"
          entity_name = "skill"
          action_set  = ["assign", "view"]
        }
      }
    premium-app wizard (permissionPolicies):
      [
        { "domain": "directory", "entityName": "user", "actionSet": ["view"], "allowConditions": false },
        { "domain": "routing", "entityName": "queue", "actionSet": ["view"], "allowConditions": false },
        { "domain": "routing", "entityName": "queueMember", "actionSet": ["manage"], "allowConditions": false },
        { "domain": "routing", "entityName": "skill", "actionSet": ["assign", "view"], "allowConditions": false }
      ]
"#
    );
}

#[test]
fn agent_dashboard_json() {
    let (text, report) = scopes_json_text(&root().join("examples/agent-dashboard"));
    let scopes = &report["clients"][0]["scopes"];
    assert_eq!(scopes["exact"], true, "the set is proven smallest");
    assert_eq!(
        scopes["target"],
        serde_json::json!([
            "user-basic-info",
            "users",
            "analytics:readonly",
            "presence:readonly"
        ])
    );
    // Its users' roles need permissions too (the JSON said `null` here).
    let users = &report["clients"][0]["permissions"];
    assert_eq!(users["for"], "users");
    assert_eq!(
        users["role"]["permissions"],
        serde_json::json!([
            "analytics:queueObservation:view",
            "routing:queue:join",
            "routing:queue:view"
        ])
    );
    insta::assert_snapshot!("agent_dashboard_json", text);
}

#[test]
fn queue_sync_json() {
    let (text, report) = scopes_json_text(&root().join("examples/queue-sync"));
    let perms = &report["clients"][0]["permissions"];
    assert_eq!(perms["exact"], true, "the set is proven smallest");
    assert_eq!(report["clients"][0]["scopes"], Value::Null);
    assert_eq!(
        perms["role"]["permission_policies"][3],
        serde_json::json!({
            "domain": "routing", "entityName": "skill",
            "actionSet": ["assign", "view"], "allowConditions": false
        })
    );
    let granted: Vec<(String, Value)> = perms["least_privilege"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["permission"].as_str().unwrap().to_string(),
                p["granted"].clone(),
            )
        })
        .collect();
    assert_eq!(
        granted[3],
        ("routing:skill:assign".to_string(), Value::Bool(false))
    );
    insta::assert_snapshot!("queue_sync_json", text);
}

/// `--write` on a copy, then `check`: no scope finding is left, and a
/// second `--write` changes nothing (not even the file's time).
#[test]
fn write_then_check_is_clean() {
    let tmp = temp_copy("examples/agent-dashboard");
    let run = run_in(tmp.path(), &["scopes", "--write"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "gclint: applied 4 changes to appfoundry.yaml\n");
    let manifest = std::fs::read_to_string(tmp.path().join("appfoundry.yaml")).unwrap();
    let original =
        std::fs::read_to_string(root().join("examples/agent-dashboard/appfoundry.yaml")).unwrap();
    assert_eq!(
        manifest,
        original.replace(
            "      - users\n      - users:readonly\n      - analytics\n      - notifications\n",
            "      - users\n      - analytics:readonly\n      - presence:readonly\n"
        )
    );
    // Nothing about scopes is left; the implicit grant still is.
    let check = run_in(tmp.path(), &["check", ".", "--format", "json"]);
    let report: Value = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!(
        common::report_lines(&report)
            .iter()
            .map(|l| l.split(" | ").next().unwrap())
            .collect::<Vec<_>>(),
        [
            "implicit-grant-retired warning appfoundry.yaml:12:16",
            "implicit-grant-retired warning js/app.js:25:16"
        ]
    );
    assert_eq!(check.code, 0);

    let since = age_files(tmp.path());
    let again = run_in(tmp.path(), &["scopes", "--write"]);
    assert_eq!(
        again.stderr,
        "gclint: the scope lists are already least privilege\n"
    );
    assert_eq!(touched(tmp.path(), since), Vec::<String>::new());
    assert!(again
        .stdout
        .contains("  the declared scopes are already this set\n"));
}

/// `--write` edits a JSON manifest in place, comments kept, adds a `scopes`
/// member where a client has none; `check` then finds nothing about scopes.
#[test]
fn write_json_manifest() {
    let tmp = temp_copy("fixtures/fix/json");
    let run = run_in(tmp.path(), &["scopes", "--write", "--format", "json"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "gclint: applied 8 changes to appfoundry.json\n");
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        report["written"],
        serde_json::json!([{ "file": "appfoundry.json", "changes": 8 }])
    );
    let after = std::fs::read_to_string(tmp.path().join("appfoundry.json")).unwrap();
    insta::assert_snapshot!("write_json_manifest", after);
    let check = run_in(tmp.path(), &["check", ".", "--format", "json"]);
    let report: Value = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!(
        common::report_lines(&report)
            .iter()
            .map(|l| l.split(" | ").next().unwrap())
            .collect::<Vec<_>>(),
        ["implicit-grant-retired warning appfoundry.json:8:20"]
    );
}

/// A choice that rests on inferred scopes says so, and the call is listed.
#[test]
fn inferred_choices_are_labelled() {
    let run = run_in(&root().join("fixtures/inferred"), &["scopes"]);
    assert_eq!(
        run.stdout,
        "\
client `reports` (TOKEN) in appfoundry.yaml: 2 calls
  smallest scope set (2):
    user-basic-info       getUsersMe (jobs.js:2:37)
    analytics (inferred)  deleteAnalyticsAgentutilizationsAggregatesJob (jobs.js:3:20)
  inferred (the swagger lists no scopes for these; gclint's rule-based guess):
    deleteAnalyticsAgentutilizationsAggregatesJob (jobs.js:3:20) accepts `analytics` (inferred)
  declared: user-basic-info
  changes: add `analytics`
  the signed-in users also need permissions, through their roles (the scopes only limit what their token may ask):
  smallest permission set (1):
    analytics:agentUtilizationAggregate:view  deleteAnalyticsAgentutilizationsAggregatesJob (jobs.js:3:20)
  a role `reports users` granting exactly these permissions, for the users of this app:
    Terraform (CX as Code):
      resource \"genesyscloud_auth_role\" \"reports_users\" {
        name        = \"reports users\"
        description = \"What the users of client reports need for its calls, computed by gclint scopes\"

        permission_policies {
          domain      = \"analytics\"
          entity_name = \"agentUtilizationAggregate\"
          action_set  = [\"view\"]
        }
      }
    Platform API (`permissionPolicies` of POST /api/v2/authorization/roles):
      [
        { \"domain\": \"analytics\", \"entityName\": \"agentUtilizationAggregate\", \"actionSet\": [\"view\"], \"allowConditions\": false }
      ]

`gclint scopes --write` writes the scope list above into the manifest
"
    );
    let report = scopes_json(&root().join("fixtures/inferred"));
    let scopes = &report["clients"][0]["scopes"];
    assert_eq!(scopes["least_privilege"][1]["scope"], "analytics");
    assert_eq!(scopes["least_privilege"][1]["inferred"], true);
    assert_eq!(scopes["least_privilege"][0]["inferred"], false);
    assert_eq!(
        scopes["inferred_calls"][0]["inferred_scopes"],
        serde_json::json!(["analytics"])
    );
}

/// Clients without calls are left alone; calls that are not Platform API
/// operations are listed as not covered; client-credentials roles named
/// after the client when it holds several.
#[test]
fn clients_without_calls_and_calls_not_covered() {
    let run = run_in(&root().join("fixtures/scopes"), &["scopes"]);
    assert!(run.stdout.contains(
        "\nclient `kiosk` (CODE) in appfoundry.yaml: no call in the scanned files runs under it, so nothing to compute (its lists are left as they are)\n"
    ), "{}", run.stdout);
    let run = run_in(&root().join("examples/messaging-bridge"), &["scopes"]);
    assert!(run.stdout.contains(
        "  not covered:\n    `POST /api/v2/messaging/organizations/{}/conversations` (server/genesys.js:64:5): not a Platform API operation (`gclint check` reports it)\n    `POST /api/v2/conversations/messaging` (server/genesys.js:79:5): not a Platform API operation (`gclint check` reports it)\n"
    ), "{}", run.stdout);
    let run = run_in(&root().join("fixtures/cc-roles"), &["scopes"]);
    assert!(run
        .stdout
        .contains("  a role `sync least privilege` granting exactly these permissions:\n"));
    // ANY with an administration permission: the narrow one is chosen.
    assert!(run.stdout.contains(
        "    directory:user:edit                patchUser (server/sync.js:6:21); not granted by the client's roles\n"
    ), "{}", run.stdout);
}

#[test]
fn usage_errors_exit_2() {
    let run = run_in(&root(), &["scopes", "no/such/dir"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "gclint: error: no/such/dir: no such file or directory\n"
    );
}

/// Calls the set cannot cover keep the declared scopes they may need (all
/// of them when a call's scopes are unknown); a call whose HTTP method is
/// not seen is covered for every method of its path, and marked. Not-a-scope
/// names still go.
#[test]
fn uncovered_calls_keep_the_scopes_they_may_need() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("web")).unwrap();
    std::fs::create_dir_all(dir.join("jobs")).unwrap();
    std::fs::write(
        dir.join("appfoundry.yaml"),
        "name: agents\nclients:\n  - name: web\n    grantType: TOKEN\n    redirectUris: [\"https://a.example.com/\"]\n    scopes: [user-basic-info, notifications, bogus]\n    sources: [\"web/**\"]\n  - name: jobs\n    grantType: CODE\n    redirectUris: [\"https://a.example.com/\"]\n    scopes: [users, notifications]\n    sources: [\"jobs/**\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("web/agents.js"),
        "const usersApi = new platformClient.UsersApi();\nconst me = await usersApi.getUsersMe();\nconst list = await axios.get('/api/v2/agentic/virtualagents');\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("jobs/user.js"),
        "const user = await request(`/api/v2/users/${id}`);\n",
    )
    .unwrap();
    let run = run_in(dir, &["scopes"]);
    assert_eq!(
        run.stdout,
        "\
client `web` (TOKEN) in appfoundry.yaml: 2 calls
  smallest scope set (1):
    user-basic-info  getUsersMe (web/agents.js:2:27)
  kept for the calls not covered: `notifications`
  declared: user-basic-info, notifications, bogus
  changes: remove `bogus`
  the signed-in users also need permissions, through their roles (the scopes only limit what their token may ask):
  smallest permission set (1):
    agentic:virtualAgent:view  getAgenticVirtualagents (web/agents.js:3:30)
  a role `web users` granting exactly these permissions, for the users of this app:
    Terraform (CX as Code):
      resource \"genesyscloud_auth_role\" \"web_users\" {
        name        = \"web users\"
        description = \"What the users of client web need for its calls, computed by gclint scopes\"

        permission_policies {
          domain      = \"agentic\"
          entity_name = \"virtualAgent\"
          action_set  = [\"view\"]
        }
      }
    Platform API (`permissionPolicies` of POST /api/v2/authorization/roles):
      [
        { \"domain\": \"agentic\", \"entityName\": \"virtualAgent\", \"actionSet\": [\"view\"], \"allowConditions\": false }
      ]
  not covered:
    getAgenticVirtualagents (web/agents.js:3:30): the database does not know its scopes, so every declared scope is kept

client `jobs` (CODE) in appfoundry.yaml: 1 call
  smallest scope set (1):
    users (method not seen)  `/api/v2/users/{userId}` (method not seen) (jobs/user.js:1:28)
  declared: users, notifications
  changes: remove `notifications`
  the signed-in users also need permissions, through their roles (the scopes only limit what their token may ask):
  smallest permission set (2):
    directory:user:delete (method not seen)  `/api/v2/users/{userId}` (method not seen) (jobs/user.js:1:28)
    directory:user:edit (method not seen)    `/api/v2/users/{userId}` (method not seen) (jobs/user.js:1:28)
  a role `jobs users` granting exactly these permissions, for the users of this app:
    Terraform (CX as Code):
      resource \"genesyscloud_auth_role\" \"jobs_users\" {
        name        = \"jobs users\"
        description = \"What the users of client jobs need for its calls, computed by gclint scopes\"
        # directory:user:delete, directory:user:edit: for /api/v2/users/{userId} at jobs/user.js:1:28, whose HTTP method gclint did not see (every method of the path is covered)

        permission_policies {
          domain      = \"directory\"
          entity_name = \"user\"
          action_set  = [\"delete\", \"edit\"]
        }
      }
    Platform API (`permissionPolicies` of POST /api/v2/authorization/roles):
      [
        { \"domain\": \"directory\", \"entityName\": \"user\", \"actionSet\": [\"delete\", \"edit\"], \"allowConditions\": false }
      ]
  covered for every method of their path (the code does not say which):
    `/api/v2/users/{}` (jobs/user.js:1:28): DELETE, GET or PATCH

`gclint scopes --write` writes the scope lists above into the manifest
"
    );
    let report = scopes_json(dir);
    assert_eq!(
        report["clients"][0]["scopes"]["kept"],
        serde_json::json!(["notifications"])
    );
    assert_eq!(
        report["clients"][0]["uncovered"][0]["reason"],
        "scopes-unknown"
    );
    // The call whose method is not seen is covered for every method.
    assert_eq!(report["clients"][1]["uncovered"], serde_json::json!([]));
    assert_eq!(
        report["clients"][1]["method_not_seen"][0]["operations"],
        serde_json::json!([
            "DELETE /api/v2/users/{userId}",
            "GET /api/v2/users/{userId}",
            "PATCH /api/v2/users/{userId}"
        ])
    );
    assert_eq!(
        report["clients"][1]["scopes"]["least_privilege"][0]["method_not_seen"],
        true
    );
}

/// The role is ready to use: pasted in place of the manifest's `roles:`,
/// `check` finds nothing left (the missing `routing:skill:assign` is in it),
/// and the wizard's text is the JSON of `permission_policies`.
#[test]
fn generated_role_fixes_the_missing_permission() {
    let tmp = temp_copy("examples/queue-sync");
    let report = scopes_json(tmp.path());
    let role = &report["clients"][0]["permissions"]["role"];
    let manifest_path = tmp.path().join("appfoundry.yaml");
    let manifest = std::fs::read_to_string(&manifest_path).unwrap();
    let head = &manifest[..manifest.find("\nroles:\n").unwrap() + 1];
    std::fs::write(
        &manifest_path,
        format!("{head}{}", role["manifest_yaml"].as_str().unwrap()),
    )
    .unwrap();
    let check = run_in(tmp.path(), &["check", ".", "--format", "json"]);
    let after: Value = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!(after["diagnostics"], serde_json::json!([]));
    assert_eq!(check.code, 0);

    let human = run_in(&root().join("examples/queue-sync"), &["scopes"]).stdout;
    let wizard = human
        .split("premium-app wizard (permissionPolicies):\n")
        .nth(1)
        .unwrap();
    let wizard: Value = serde_json::from_str(wizard).unwrap();
    assert_eq!(wizard, role["permission_policies"]);
}
