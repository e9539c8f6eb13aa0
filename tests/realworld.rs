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
/// call), Java's `PureCloudRegionHosts.valueOf(region)` look-up, and a URL
/// at the end of a sentence. A real look-alike host is still reported.
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
