//! Configuration formats apps already have: Terraform, the premium-app
//! wizard config, Genesys API JSON. Exact findings per fixture, and the same
//! app written in every format yields the same findings.

mod common;

use common::findings;

/// A Terraform CODE client declaring both `routing` and `routing:readonly` next to SDK calls that need only the readonly scope.
#[test]
fn terraform_code() {
    let (found, code) = findings("fixtures/formats/terraform-code");
    assert_eq!(
        found,
        [
            "readonly-suffices warning main.tf:8:5 | client `Supervisor Web` (CODE) declares `routing` but every call that uses it also accepts `routing:readonly`: `getRoutingQueues`",
        ]
    );
    assert_eq!(code, 0);
}

/// Client-credentials clients with a custom role and data actions linked through integration -> credential -> OAuth client; a role from `var.*` without a default stays unresolved, never guessed.
#[test]
fn terraform_cc() {
    let (found, code) = findings("fixtures/formats/terraform-cc");
    assert_eq!(
        found,
        [
            "unresolved-role note main.tf:28:19 | the role of client `Nightly reporting` (CLIENT-CREDENTIALS) cannot be resolved statically: `var.reporting_role_id` has no literal default or value in a `.tfvars` file; permission checks for this client are incomplete",
            "missing-permission error main.tf:73:28 | postExternalcontactsContacts (POST /api/v2/externalcontacts/contacts) needs one of the permissions `relate:contact:add` or `externalContacts:contact:add`, which the roles of client `Queue lookup integration` (`Queue Lookup`) do not grant",
        ]
    );
    assert_eq!(code, 1);
}

/// A wizard config: an implicit client with broad write scopes, the samples' `CLIENT_CREDENTIALS` spelling, and the wizard's own install code checked against `installPermissions`, never against the provisioned clients.
#[test]
fn wizard() {
    let (found, code) = findings("fixtures/formats/wizard");
    assert_eq!(
        found,
        [
            "implicit-grant-retired warning app/board.js:2:8 | `loginImplicitGrant` signs in with the implicit grant (TOKEN), which Genesys Cloud closed to new OAuth clients in March 2026 and stops accepting in March 2027",
            "implicit-grant-retired warning wizard/config/config.js:6:3 | client `premium-app wizard` uses the implicit grant (TOKEN), which Genesys Cloud closed to new OAuth clients in March 2026 and stops accepting in March 2027; its users will then fail to sign in",
            "implicit-grant-retired warning wizard/config/config.js:22:30 | client `Queue Board` uses the implicit grant (TOKEN), which Genesys Cloud closed to new OAuth clients in March 2026 and stops accepting in March 2027; its users will then fail to sign in",
            "readonly-suffices warning wizard/config/config.js:23:17 | client `Queue Board` (TOKEN) declares `routing` but every call that uses it also accepts `routing:readonly`: `getRoutingQueues`",
            "unused-scope warning wizard/config/config.js:23:28 | scope `users` is declared by client `Queue Board` (TOKEN) but no call under it needs it",
            "unused-scope warning wizard/config/config.js:23:37 | scope `analytics` is declared by client `Queue Board` (TOKEN) but no call under it needs it",
            "invalid-grant-type note wizard/config/config.js:29:30 | `CLIENT_CREDENTIALS` is the spelling of Genesys's premium-app samples; the API documents `CLIENT-CREDENTIALS` (client `Queue Board sync`)",
            "missing-permission error wizard/scripts/install.js:9:19 | postGroups (POST /api/v2/groups) needs permission `directory:group:add`, which the wizard's `installPermissions` (`wizard installer permissions`) do not grant",
        ]
    );
    assert_eq!(code, 1);
}

/// Genesys API JSON recognised by content: a client with deprecated `roleIds` resolving to a role export by id (which grants a view the action does not need), and an exported data action running under that client.
#[test]
fn api_json() {
    let (found, code) = findings("fixtures/formats/api-json");
    assert_eq!(
        found,
        [
            "missing-permission error action-export.json:6:29 | postExternalcontactsContacts (POST /api/v2/externalcontacts/contacts) needs one of the permissions `relate:contact:add` or `externalContacts:contact:add`, which the roles of client `Contact sync` (`Contact Sync`) do not grant",
            "deprecated-role-ids warning oauth-client.json:6:3 | client `Contact sync` lists its roles in `roleIds`, which the API documents as deprecated; use `roleDivisions`",
            "excess-permission warning role.json:5:76 | role `Contact Sync` grants `externalContacts:contact:view`, which none of the calls of client `Contact sync` need",
        ]
    );
    assert_eq!(code, 1);
}

/// Malformed HCL, wizard JS and API JSON are parse errors with a position; the rest of the repository is still checked.
#[test]
fn broken() {
    let (found, code) = findings("fixtures/formats/broken");
    assert_eq!(
        found,
        [
            "unknown-endpoint error app.js:1:7 | `GET /api/v2/nothing/here` is not a Genesys Cloud Platform API operation",
            "parse-error error client.json:1:1 | the file cannot be parsed: Unterminated object",
            "parse-error error config.js:3:51 | the file cannot be parsed: Expected `,` or `]` but found `}`",
            "parse-error error main.tf:4:1 | the file cannot be parsed: invalid expression; expected `\"`, `[`, `{`, `-`, `!`, `(`, `_`, `<`, letter or digit",
        ]
    );
    assert_eq!(code, 1);
}

/// The same app as a manifest, Terraform, a wizard config and API JSON:
/// the same findings, modulo where they point.
#[test]
fn every_format_yields_the_same_findings() {
    let without_location = |fixture: &str| {
        let (found, _) = findings(fixture);
        let mut lines: Vec<String> = found
            .iter()
            .map(|f| {
                let (head, message) = f.split_once(" | ").unwrap();
                let mut parts = head.split(' ');
                format!(
                    "{} {} | {message}",
                    parts.next().unwrap(),
                    parts.next().unwrap()
                )
            })
            .collect();
        lines.sort();
        lines
    };
    let manifest = without_location("fixtures/formats/same-app/manifest");
    assert_eq!(manifest.len(), 10, "{manifest:#?}");
    for other in ["terraform", "wizard", "api-json"] {
        assert_eq!(
            without_location(&format!("fixtures/formats/same-app/{other}")),
            manifest,
            "{other}"
        );
    }
}
