//! CX as Code: what the OAuth client Terraform runs with needs
//! (`gclint scopes`), `deploy-permission` when its roles lack some of it,
//! `role-ceiling` when the configuration grants more than it holds, and the
//! provider's resource data in the database.

mod common;

use common::{findings, root, run_in, temp_copy};
use std::path::Path;

const QUEUES_FLOWS: &str = "fixtures/terraform-deploy/queues-flows";
const CEILING: &str = "fixtures/terraform-deploy/ceiling";

/// The stdout of a successful run.
fn stdout(dir: &Path, args: &[&str]) -> String {
    let run = run_in(dir, args);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    assert_eq!(run.stderr, "", "{args:?}");
    run.stdout
}

/// A root module loading a queue, a flow and a data action module; the
/// deploy role (an API export beside it) lacks `routing:queue:delete`.
#[test]
fn one_missing_permission_is_one_error_on_the_resource_type() {
    let (lines, code) = findings(QUEUES_FLOWS);
    // The deploy role's wildcards grant more than the resources need.
    assert_eq!(
        lines,
        vec![
            "deploy-permission error modules/queues/main.tf:17:10 | `genesyscloud_routing_queue` needs `routing:queue:delete`, which the deploy client's roles (`CX as Code deploy`) do not grant: Terraform fails with 403 on DELETE /api/v2/routing/queues/{queueId}",
            "excess-permission warning roles/cx-as-code-deploy.json:9:70 | role `CX as Code deploy` grants `routing:wrapupCode:*`, a wildcard over 5 permissions (`routing:wrapupCode:search`); the Terraform resources the deploy client applies need only `routing:wrapupCode:add`, `routing:wrapupCode:delete`, `routing:wrapupCode:edit` and `routing:wrapupCode:view` of them",
            "excess-permission warning roles/cx-as-code-deploy.json:10:63 | role `CX as Code deploy` grants `architect:*:*`, a wildcard over 56 permissions (`architect:datatable:add`, `architect:datatable:delete`, `architect:datatable:edit` and 40 more); the Terraform resources the deploy client applies need only 13 of them (`architect:dependencyTracking:view`, `architect:flow:delete`, `architect:flow:search` and 10 more)",
            "excess-permission warning roles/cx-as-code-deploy.json:11:66 | role `CX as Code deploy` grants `integrations:*:*`, a wildcard over 12 permissions (`integrations:action:execute` and `integrations:actionCertificate:view`); the Terraform resources the deploy client applies need only 10 of them (`integrations:action:add`, `integrations:action:delete`, `integrations:action:edit` and 7 more)",
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn the_deploy_permission_help_names_the_role_and_the_provider_release() {
    let lines = common::helps(QUEUES_FLOWS);
    assert_eq!(
        lines[0],
        "deploy-permission | add `routing:queue:delete` to role `CX as Code deploy` (`gclint scopes` writes the whole role); operations from MyPureCloud/terraform-provider-genesyscloud v1.84.1 (2026-07-01)"
    );
    assert_eq!(
        lines[1],
        "excess-permission | grant `routing:wrapupCode:add`, `routing:wrapupCode:delete`, `routing:wrapupCode:edit` and `routing:wrapupCode:view` instead of the wildcard (`gclint scopes` prints the least-privilege role)"
    );
}

#[test]
fn the_whole_role_fixes_it() {
    let dir = temp_copy(QUEUES_FLOWS);
    let role = dir.path().join("roles/cx-as-code-deploy.json");
    let text = std::fs::read_to_string(&role).unwrap().replace(
        r#""entityName": "queue", "actionSet": ["add", "edit", "view"]"#,
        r#""entityName": "queue", "actionSet": ["add", "delete", "edit", "view"]"#,
    );
    std::fs::write(&role, text).unwrap();
    let run = run_in(dir.path(), &["check", "."]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

/// Without `terraform-client`, nothing is said about the deploy client.
#[test]
fn no_deploy_client_named_no_finding() {
    let dir = temp_copy(QUEUES_FLOWS);
    std::fs::remove_file(dir.path().join("gclint.toml")).unwrap();
    let run = run_in(dir.path(), &["check", ".", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["diagnostics"], serde_json::json!([]));
    assert_eq!(run.code, 0);
    let out = stdout(dir.path(), &["scopes"]);
    assert!(out.contains("  deploy client: not named (`terraform-client` in gclint.toml), so nothing is said about what it holds\n"), "{out}");
    assert!(!out.contains("not granted"), "{out}");
}

/// A role gclint cannot read turns the checks off, and says so.
#[test]
fn an_unknown_deploy_role_is_an_unresolved_role_note() {
    let dir = temp_copy(QUEUES_FLOWS);
    std::fs::remove_file(dir.path().join("roles/cx-as-code-deploy.json")).unwrap();
    let (report, run) = common::json_in(dir.path(), &["."]);
    assert_eq!(
        common::report_lines(&report),
        vec!["unresolved-role note gclint.toml:4:31 | role `CX as Code deploy` of the Terraform deploy client is not defined in the scanned files; the deploy checks are off"]
    );
    assert_eq!(run.code, 0);
}

/// A deploy client named by `client`: one of the scanned definitions, and
/// not a client the app's code runs under.
#[test]
fn a_deploy_client_named_by_client() {
    let dir = temp_copy(QUEUES_FLOWS);
    std::fs::write(
        dir.path().join("gclint.toml"),
        "terraform-client = { client = \"CX as Code pipeline\" }\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("roles/pipeline-client.json"),
        r#"{
  "id": "0d6a6f43-2c53-4cf4-8f8e-2b7f3b5e7c10",
  "name": "CX as Code pipeline",
  "authorizedGrantType": "CLIENT-CREDENTIALS",
  "roleDivisions": [
    { "roleId": "6f1f2c34-5b8e-4c1a-9d3e-0a7b5c2d9e41", "divisionId": "*" }
  ],
  "state": "active"
}
"#,
    )
    .unwrap();
    let (lines, code) = {
        let (report, run) = common::json_in(dir.path(), &["."]);
        (common::report_lines(&report), run.code)
    };
    assert_eq!(
        lines[0],
        "deploy-permission error modules/queues/main.tf:17:10 | `genesyscloud_routing_queue` needs `routing:queue:delete`, which the roles of the deploy client `CX as Code pipeline` (`CX as Code deploy`) do not grant: Terraform fails with 403 on DELETE /api/v2/routing/queues/{queueId}"
    );
    // The role's wildcards beyond the resources, said of the client by name.
    assert_eq!(
        lines[1],
        "excess-permission warning roles/cx-as-code-deploy.json:9:70 | role `CX as Code deploy` grants `routing:wrapupCode:*`, a wildcard over 5 permissions (`routing:wrapupCode:search`); the calls and Terraform resources of the Terraform deploy client `CX as Code pipeline` need only `routing:wrapupCode:add`, `routing:wrapupCode:delete`, `routing:wrapupCode:edit` and `routing:wrapupCode:view` of them"
    );
    assert_eq!(lines.len(), 4);
    assert_eq!(code, 1);
    std::fs::write(
        dir.path().join("gclint.toml"),
        "terraform-client = { client = \"CX as Code pipline\" }\n",
    )
    .unwrap();
    let (report, _) = common::json_in(dir.path(), &["."]);
    assert_eq!(
        common::report_lines(&report),
        vec!["unresolved-role note gclint.toml:1:31 | the Terraform deploy client `CX as Code pipline` is not defined in the scanned files; the deploy checks are off"]
    );
}

#[test]
fn queues_flows_scopes() {
    let dir = root().join(QUEUES_FLOWS);
    insta::assert_snapshot!(stdout(&dir, &["scopes"]));
    insta::assert_snapshot!(stdout(&dir, &["scopes", "--format", "json"]));
}

/// A module granting a custom admin role and Master Admin with a deploy
/// client that holds neither.
#[test]
fn granting_more_than_the_deploy_client_holds() {
    let (lines, code) = findings(CEILING);
    // The deploy role itself: wildcards beyond what the resources need,
    // and permissions that widen access (needed by the OAuth clients and
    // roles it manages, not the `directory:user:*` ones).
    assert_eq!(
        lines,
        vec![
            "excess-permission warning deploy-role.tf:10:20 | role `Integrations deploy` grants `oauth:client:*`, a wildcard over 5 permissions (`oauth:client:authorize`); the Terraform resources the deploy client applies need only `oauth:client:add`, `oauth:client:delete`, `oauth:client:edit` and `oauth:client:view` of them",
            "privilege-escalation note deploy-role.tf:10:20 | role `Integrations deploy` grants `oauth:client:*`, which covers `oauth:client:add` (creates OAuth clients, with roles and secrets of their own), `oauth:client:edit` (changes OAuth clients (their roles among them) and makes new secrets for them) (held by the Terraform deploy client); the Terraform resources the deploy client applies need it: postOauthClients (POST /api/v2/oauth/clients)",
            "excess-permission warning deploy-role.tf:15:20 | role `Integrations deploy` grants `authorization:*:*`, a wildcard over 33 permissions (`authorization:audit:view`, `authorization:division:add`, `authorization:division:delete` and 23 more); the Terraform resources the deploy client applies need only 7 of them (`authorization:grant:add`, `authorization:grant:delete`, `authorization:grant:view` and 4 more)",
            "privilege-escalation note deploy-role.tf:15:20 | role `Integrations deploy` grants `authorization:*:*`, which covers `authorization:grant:add` (grants roles to users and OAuth clients), `authorization:role:add` (creates roles, and a role can hold any permission), `authorization:role:edit` (changes what roles grant, the roles the app holds included) (held by the Terraform deploy client); the Terraform resources the deploy client applies need it: putUserRoles (PUT /api/v2/users/{subjectId}/roles)",
            "excess-permission warning deploy-role.tf:25:20 | role `Integrations deploy` grants `directory:user:*`, a wildcard over 5 permissions (`directory:user:add`, `directory:user:delete`, `directory:user:edit` and 2 more); the Terraform resources the deploy client applies need none of them",
            "privilege-escalation warning deploy-role.tf:25:20 | role `Integrations deploy` grants `directory:user:*`, which covers `directory:user:add` (creates users), `directory:user:edit` (changes other users' accounts: their email, username and state), `directory:user:setPassword` (sets other users' passwords, so whoever holds it can sign in as them): privilege escalation (held by the Terraform deploy client); none of its calls needs it",
            "excess-permission warning deploy-role.tf:30:20 | role `Integrations deploy` grants `analytics:conversationDetail:view`, which none of the Terraform resources the deploy client applies need",
            "admin-role warning reporting.tf:44:19 | client `Migration helper` (CLIENT-CREDENTIALS) holds `Master Admin`, which grants every permission",
            "role-ceiling warning reporting.tf:44:19 | `genesyscloud_oauth_client.migration` grants role `Master Admin`, which holds every permission, and the deploy client's roles (`Integrations deploy`) do not hold: Genesys Cloud refuses to grant a role the granting client does not hold",
            "role-ceiling warning reporting.tf:58:20 | `genesyscloud_user_roles.analyst` grants role `Reporting admin`, whose `analytics:*:*` the deploy client's roles (`Integrations deploy`) do not hold: Genesys Cloud refuses to grant a role the granting client does not hold",
        ]
    );
    assert_eq!(code, 0);
}

#[test]
fn ceiling_scopes() {
    let dir = root().join(CEILING);
    insta::assert_snapshot!(stdout(&dir, &["scopes"]));
}

/// `terraform-client` is checked like every key of the file.
#[test]
fn terraform_client_mistakes_are_configuration_errors() {
    let dir = temp_copy(CEILING);
    for (text, expected) in [
        ("terraform-client = { roles = [] }\n", "`terraform-client` names no role and no client"),
        ("terraform-client = { rolls = [\"x\"] }\n", "unknown key `rolls` in `terraform-client`"),
        ("terraform-client = { role = \"a\", client = \"b\" }\n", "`terraform-client` names roles and a client: the client's roles are the deploy client's"),
        ("terraform-client = \"CX as Code deploy\"\n", "`terraform-client` must be a table"),
    ] {
        std::fs::write(dir.path().join("gclint.toml"), text).unwrap();
        let run = run_in(dir.path(), &["check", "."]);
        assert_eq!(run.code, 2, "{text}");
        assert!(run.stderr.contains(expected), "{text}: {}", run.stderr);
    }
}

/// The provider's own permission lists against the swagger's requirements
/// of the same operations, as the closing note of the import reports them.
#[test]
fn provider_lists_compared_with_the_swagger() {
    let c = gclint::db::Database::embedded().terraform_comparison();
    assert_eq!((c.resources, c.api_uses), (257, 1202));
    assert_eq!(c.listed_not_required.len(), 0);
    assert_eq!(c.required_not_listed.len(), 0);
    assert_eq!(c.scopes_listed_not_accepted.len(), 0);
    assert_eq!(c.scopes_accepted_not_listed.len(), 0);
    assert_eq!(
        c.unresolved,
        vec![
            (
                "genesyscloud_guide".to_string(),
                "DELETE /api/v2/guides/{guideId}".to_string()
            ),
            (
                "genesyscloud_guide_version".to_string(),
                "POST /api/v2/guides/{guideId}".to_string()
            ),
            (
                "genesyscloud_script".to_string(),
                "POST /api/v2/authorization/divisions/{divisionId}".to_string()
            ),
            (
                "genesyscloud_script".to_string(),
                "DELETE /api/v2/scripts/{scriptId}".to_string()
            ),
        ]
    );
}

/// `scripts/terraform_resources.py` rebuilds the shipped file from a
/// provider checkout: here, a git repository holding two generated pages.
#[test]
fn the_extraction_script_reads_the_generated_pages() {
    let repo = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .current_dir(repo.path())
            .args(args)
            .env("GIT_AUTHOR_DATE", "2026-07-01T12:00:00Z")
            .env("GIT_COMMITTER_DATE", "2026-07-01T12:00:00Z")
            .output()
            .unwrap();
        assert!(
            ok.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&ok.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&["config", "user.email", "dev@example.com"]);
    git(&["config", "user.name", "dev"]);
    std::fs::create_dir_all(repo.path().join("docs/resources")).unwrap();
    std::fs::create_dir_all(repo.path().join("docs/data-sources")).unwrap();
    std::fs::write(
        repo.path().join("docs/resources/routing_wrapupcode.md"),
        "---\npage_title: \"genesyscloud_routing_wrapupcode Resource\"\n---\n# genesyscloud_routing_wrapupcode (Resource)\n\n## API Usage\n\nThe following Genesys Cloud APIs are used by this resource:\n\n* [GET /api/v2/routing/wrapupcodes](https://developer.genesys.cloud/x)\n* [POST /api/v2/routing/wrapupcodes](https://developer.genesys.cloud/y)\n\n## Permissions and Scopes\n\nThe following permissions are required to use this resource:\n\n* `routing:wrapupCode:view`\n* `routing:wrapupCode:add`\n\nThe following OAuth scopes are required to use this resource:\n\n* `routing`\n* `routing:readonly`\n\n## Example Usage\n\n* `not:a:permission`\n",
    )
    .unwrap();
    std::fs::write(
        repo.path().join("docs/data-sources/routing_wrapupcode.md"),
        "# genesyscloud_routing_wrapupcode (Data Source)\n\n## API Usage\n\n* [GET /api/v2/routing/wrapupcodes](https://developer.genesys.cloud/x)\n\n## Permissions and Scopes\n\nThe following permissions are required to use this resource:\n\n* `routing:wrapupCode:view`\n",
    )
    .unwrap();
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "Dev to main v9.8.7 (#1)"]);
    let out = std::process::Command::new("python3")
        .arg(root().join("scripts/terraform_resources.py"))
        .arg(repo.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(written["provider"]["version"], "v9.8.7");
    assert_eq!(written["provider"]["date"], "2026-07-01");
    assert_eq!(
        written["resources"],
        serde_json::json!({
            "data.genesyscloud_routing_wrapupcode": {
                "apis": ["GET /api/v2/routing/wrapupcodes"],
                "kind": "data",
                "permissions": ["routing:wrapupCode:view"],
                "scopes": []
            },
            "genesyscloud_routing_wrapupcode": {
                "apis": ["GET /api/v2/routing/wrapupcodes", "POST /api/v2/routing/wrapupcodes"],
                "kind": "resource",
                "permissions": ["routing:wrapupCode:add", "routing:wrapupCode:view"],
                "scopes": ["routing", "routing:readonly"]
            }
        })
    );
    // What the script writes, the importer takes.
    let file = repo.path().join("terraform-resources.json");
    std::fs::write(&file, &out.stdout).unwrap();
    let db = tempfile::tempdir().unwrap();
    let output = db.path().join("db.json");
    let run = run_in(
        &root(),
        &[
            "db",
            "import",
            "reference/genesys-api/swagger-split/genesys-routing-api-openapi.yml",
            "--terraform",
            file.to_str().unwrap(),
            "-o",
            output.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let info = run_in(&root(), &["--db", output.to_str().unwrap(), "db", "info"]);
    assert!(
        info.stdout.contains("MyPureCloud/terraform-provider-genesyscloud v9.8.7 (2026-07-01) 1 resource types and 1 data sources, 3 API uses (0 not in the swagger)"),
        "{}",
        info.stdout
    );
}
