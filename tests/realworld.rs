//! Shapes found in real public Genesys repositories, each written anew as
//! a small fixture: the findings gclint gave on the real code were false,
//! and these assert the exact findings (and their absence) now. See
//! `docs/precision.md` for the corpus they were found in.

mod common;

use common::findings;

/// Genesys's premium-app template: `installScopes` / `installPermissions`
/// (and their `uninstall*` twins) are maps from module to list. The
/// wizard's login holds the lists of `wizard`, `custom`, `postCustomSetup`
/// and the provisioned modules; the code of a module the config does not
/// provision (`data-table`) never runs; the premium app's own implicit
/// login is never charged to the client-credentials client the wizard
/// creates. The one real gap: a call no module's permissions allow.
#[test]
fn wizard_module_maps() {
    let (found, code) = findings("fixtures/realworld/wizard-modules");
    assert_eq!(
        found,
        [
            "implicit-grant-retired warning docs/premium-app/index.js:9:18 | `loginImplicitGrant` signs in with the implicit grant (TOKEN), which Genesys Cloud closed to new OAuth clients in March 2026 and stops accepting in March 2027",
            "missing-permission error docs/wizard/scripts/modules/oauth-client.js:15:20 | putOauthClient (PUT /api/v2/oauth/clients/{clientId}) needs permission `oauth:client:edit`, which the wizard's `installPermissions` (`wizard installer permissions`) do not grant",
        ]
    );
    assert_eq!(code, 1);
}

/// Region tables in every language's idiom (if/elif chains returning SDK
/// constants, a PHP `switch` assigning both hosts, a PowerShell hashtable,
/// a JS list and ternary, a Go map, a C# switch expression) are
/// alternatives, not mixed environments; a file whose token comes from one
/// environment and whose request goes to another is still reported.
#[test]
fn region_tables_are_not_mixed_environments() {
    let (found, code) = findings("fixtures/realworld/region-tables");
    assert_eq!(
        found,
        [
            "region-mismatch warning web/sync.js:11:31 | this request goes to `mypurecloud.com`, but the token of this file comes from `mypurecloud.ie`",
        ]
    );
    assert_eq!(code, 0);
}

/// Strings that mention a Genesys domain without being an environment: an
/// e-mail address, a GitHub Pages site, the help, status and SDK download
/// hosts (Statuspage's `/api/v2/components.json` is not a Platform API
/// call), Java's `PureCloudRegionHosts.valueOf(region)` look-up, a URL at
/// the end of a sentence, and a test's placeholder region
/// (`xxxx.pure.cloud`). A real look-alike host is still reported.
#[test]
fn strings_that_are_not_genesys_hosts() {
    let (found, code) = findings("fixtures/realworld/not-hosts");
    assert_eq!(
        found,
        [
            "unknown-region error tools/agents_on_queue.py:13:48 | `api.eu.pure.cloud` is not a Genesys Cloud environment",
        ]
    );
    assert_eq!(code, 1);
}

/// A sample collection: a wizard config in one sample defines a
/// client-credentials client; the other samples (their own logins, their
/// own projects) are never linked to it, so their calls are neither
/// missing permissions nor missing a user. What the wizard itself declares
/// and does not use is still reported.
#[test]
fn a_definition_governs_only_its_project() {
    let (found, code) = findings("fixtures/realworld/sample-collection");
    assert_eq!(
        found,
        [
            "unused-scope warning premium-wizard/javascript/_config.js:4:37 | scope `user-basic-info` is declared by client `premium-app wizard` (TOKEN) but no call under it needs it",
            "implicit-grant-retired warning premium-wizard/javascript/wizard.js:9:18 | client `premium-app wizard` uses the implicit grant (TOKEN), which Genesys Cloud closed to new OAuth clients in March 2026 and stops accepting in March 2027; its users will then fail to sign in",
        ]
    );
    assert_eq!(code, 0);
}

/// A blueprint keeps its Terraform in `docs/terraform/` and its scripts in
/// `docs/scripts/`: the client defined there still runs the scripts (a
/// permission its role lacks is reported), while the agent page beside
/// them signs in with Authorization Code and is never charged to it
/// (`/users/me` there has a user).
#[test]
fn blueprint_terraform_reaches_its_scripts_but_not_another_flow() {
    let (found, code) = findings("fixtures/realworld/blueprint");
    assert_eq!(
        found,
        [
            "missing-permission error docs/scripts/sync_wallboard.py:12:22 | getRoutingQueues (GET /api/v2/routing/queues) needs permission `routing:queue:view`, which the roles of client `Wallboard Sync` (`Wallboard Reader`) do not grant",
        ]
    );
    assert_eq!(code, 1);
}

/// Committed build output and copies of the SDK are not the app's code:
/// a bundle named with a content hash, a vendors chunk holding the SDK, a
/// copy of the SDK by name, TypeScript compiled to `dist/` (a source map
/// reference at its end), a library that opens with a universal module
/// definition are skipped with a note; a `vendor/` folder is never
/// entered. Only the source's own finding remains.
#[test]
fn built_minified_and_vendored_files_are_skipped_with_a_note() {
    let dir = common::root().join("fixtures/realworld/committed-bundle");
    let run = common::run_in(&dir, &["check", ".", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON report");
    let (found, code) = findings("fixtures/realworld/committed-bundle");
    assert_eq!(
        found,
        [
            "unknown-endpoint error src/main.js:10:27 | `GET /api/v2/users/{}/presence` is not a Genesys Cloud Platform API operation",
        ]
    );
    assert_eq!(code, 1);
    let why = |s: &str| format!("not app code ({s}); `include-generated` in gclint.toml reads it");
    assert_eq!(
        report["skipped"],
        serde_json::json!([
            { "path": "dist/index.js", "reason": why("build output: it ends with a source map reference") },
            { "path": "docs/js/app.4c1a9e2f.js", "reason": why("build output: a content hash in its name") },
            { "path": "docs/js/chunk-vendors.7d3e8b1a.js", "reason": why("build output: a content hash in its name") },
            { "path": "public/lib/presence-widget.js", "reason": why("a packaged library: it opens with a universal module definition") },
            { "path": "public/lib/purecloud-platform-client-v2.min.js", "reason": why("a copy of the Genesys Cloud SDK") },
        ])
    );
}

/// `include-generated` in gclint.toml reads such files anyway.
#[test]
fn include_generated_reads_them_anyway() {
    let tmp = tempfile::tempdir().unwrap();
    let src = common::root().join("fixtures/realworld/committed-bundle");
    for rel in ["src/main.js", "dist/index.js"] {
        let to = tmp.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(src.join(rel), to).unwrap();
    }
    std::fs::write(
        tmp.path().join("gclint.toml"),
        "include-generated = [\"dist/\"]\n",
    )
    .unwrap();
    let run = common::run_in(tmp.path(), &["check", ".", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON report");
    let files: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["location"]["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["dist/index.js", "src/main.js"]);
    assert_eq!(report["skipped"], serde_json::json!([]));
}

/// Strings that are not Platform API calls: web services data actions
/// (`custom-rest-actions`, in an export and in Terraform, literal or from a
/// variable) call the customer's own services; paths matched in test mocks
/// (`-match '...$'`, `-like '.../*/...'`, `-eq`) and a list of path
/// prefixes are patterns, not requests; test placeholders and lists of
/// sensitive key names are not secrets. A Genesys Cloud Data Actions path
/// is still checked.
#[test]
fn strings_that_are_not_calls_or_secrets() {
    let (found, code) = findings("fixtures/realworld/not-calls");
    assert_eq!(
        found,
        [
            "unknown-endpoint error integrations/Queue-Wait.custom.json:7:29 | `GET /api/v2/routing/queue/{}/estimatedwaittime` is not a Genesys Cloud Platform API operation",
        ]
    );
    assert_eq!(code, 1);
}

/// Terraform roles gclint cannot see are unresolved, never absent: a
/// `dynamic "roles"` block over a variable, and a variable whose `.tfvars`
/// values differ per environment, give `unresolved-role` and no
/// `missing-permission`; a literal in `terraform.tfvars` is the variable's
/// value (here an administrator role, through a data source).
#[test]
fn terraform_roles_from_dynamic_blocks_and_tfvars() {
    let (found, code) = findings("fixtures/realworld/terraform-roles");
    assert_eq!(
        found,
        [
            "admin-role warning admin/terraform/main.tf:9:19 | client `Provisioner` (CLIENT-CREDENTIALS) holds `Master Admin`, which grants every permission; its calls need only `directory:user:add`",
            "unresolved-role note exports/terraform/main.tf:5:19 | the role of client `Recording Exporter` (CLIENT-CREDENTIALS) cannot be resolved statically: `var.exporter_role_id` is set differently per environment (envs/dev.tfvars, envs/prod.tfvars); permission checks for this client are incomplete",
            "unresolved-role note reporting/terraform/main.tf:6:16 | the role of client `Nightly Reporting` (CLIENT-CREDENTIALS) cannot be resolved statically: its roles come from a `dynamic \"roles\"` block over `var.reporting_role_ids`; permission checks for this client are incomplete",
        ]
    );
    assert_eq!(code, 0);
}

/// Secrets where real repositories keep them: a committed `.env`, a
/// `.tfvars`, a Terraform integration credential's `fields`, a script's
/// JSON config. A template to copy (`.env.example`) and a value taken from
/// the environment (`${...}`) are not secrets. No value reaches any output.
#[test]
fn secrets_in_configuration_files() {
    let (found, code) = findings("fixtures/realworld/config-secrets");
    let message = |what: &str| {
        format!("a client secret is written in the source ({what}); anyone who can read the repository can get tokens with it")
    };
    assert_eq!(
        found,
        [
            format!(
                "hardcoded-secret error .env:4:29 | {}",
                message("GENESYS_CLOUD_CLIENT_SECRET")
            ),
            format!(
                "hardcoded-secret error exporter/config.json:4:19 | {}",
                message("clientSecret")
            ),
            format!(
                "hardcoded-secret error infra/main.tf:7:20 | {}",
                message("clientSecret")
            ),
            format!(
                "hardcoded-secret error infra/terraform.tfvars:2:23 | {}",
                message("oauth_client_secret")
            ),
        ]
    );
    assert_eq!(code, 1);
    let dir = common::root().join("fixtures/realworld/config-secrets");
    for format in ["human", "json", "sarif", "github"] {
        let run = common::run_in(&dir, &["check", ".", "--format", format]);
        for value in [
            "pX7mK2qR9vT4",
            "Wd4Rk8Tn2Lm6",
            "Hy6Tr2Ew9Qa5",
            "Vb7Nm3Kq9Lp1",
        ] {
            assert!(
                !run.stdout.contains(value),
                "{format} output shows a secret"
            );
        }
    }
}

/// `gclint calls --format json` in a fixture: `file:line:col found_by
/// operation` per call site (`?written` when unresolved).
fn calls(fixture: &str) -> Vec<String> {
    let run = common::run_in(
        &common::root().join(fixture),
        &["calls", ".", "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON report");
    report["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let op = match c["operation"]["operation_id"].as_str() {
                Some(id) => id.to_string(),
                None => format!("?{}", c["written"].as_str().unwrap()),
            };
            format!(
                "{}:{}:{} {} {}",
                c["file"].as_str().unwrap(),
                c["start"]["line"],
                c["start"]["column"],
                c["found_by"].as_str().unwrap(),
                op
            )
        })
        .collect()
}

/// Idioms of real code the scanner reads: hosts built from a region
/// variable (`api.${gcRegion}`, `'https://api.' + region`, Go
/// `Sprintf("https://api.%s%s")`); the method in a variable or options
/// object built earlier; wrappers named for their verb or taking it as an
/// argument, or whose body sends the path (`send(path, body)` with a
/// `PUT`, Go `c.remove(path)` with a `DELETE`); API objects imported from
/// another module, injected through a constructor or a typed parameter
/// (TypeScript, Go `queues *platformclientv2.RoutingApi`, a C# field), or
/// reached through an alias of `this`;
/// a path constant reused with suffixes and other verbs; PowerShell
/// wrapper cmdlets with named parameters; relative path constants in an
/// `Endpoints` enum of another file, on a `/api/v2` base URL.
#[test]
fn recall_idioms_resolve_to_the_right_operation() {
    assert_eq!(
        calls("fixtures/realworld/recall"),
        [
            "cs/DirectoryService.cs:16:48 sdk-method getUsersMe",
            "go/client.go:24:15 raw-path getRoutingQueues",
            "go/client.go:28:19 sdk-method getRoutingSkills",
            "go/client.go:33:22 sdk-method getRoutingQueues",
            "go/client.go:47:18 raw-path deleteGroup",
            "php/src/Users/Users.php:17:39 raw-path getUsers",
            "php/src/Users/Users.php:22:40 raw-path postUsersSearch",
            "ps/Set-Presence.ps1:4:11 raw-path patchUserPresencesPurecloud",
            "ps/Set-Presence.ps1:7:26 raw-path getUsersMe",
            "py/skills.py:23:17 raw-path postRoutingSkills",
            "py/skills.py:24:16 raw-path getRoutingSkill",
            "py/skills.py:25:19 raw-path deleteRoutingSkill",
            "ts/profile.ts:4:19 sdk-method getUsersMe",
            "ts/queue.service.ts:9:28 sdk-method getRoutingQueues",
            "web/legacy.js:8:29 sdk-method postAnalyticsConversationsDetailsQuery",
            "web/search.js:6:15 raw-path postUsersSearch",
            "web/search.js:13:57 raw-path getRoutingQueues",
            "web/wrappers.js:17:17 raw-path getUsersMe",
            "web/wrappers.js:21:30 raw-path deleteGroup",
            "web/wrappers.js:25:14 raw-path getRoutingSkills",
            "web/wrappers.js:33:15 raw-path putUserProfileskills",
        ]
    );
}
