//! Every rule on a small fixture app: exact rule id, severity, file, line,
//! column and message, as `gclint check --format json` reports them.

mod common;

use common::findings;

/// A TOKEN client that over-asks: readonly would do, unused scopes, a made-up scope, roles on a user grant, a second client with no code, both `x` and `x:readonly`, and a call whose scope is missing. Nothing from the comment.
#[test]
fn scopes() {
    let (found, code) = findings("fixtures/scopes");
    let expected = [
        "implicit-grant-retired warning appfoundry.yaml:6:16 | client `web` uses the implicit grant (TOKEN), which Genesys Cloud closed to new OAuth clients in March 2026 and stops accepting in March 2027; its users will then fail to sign in",
        "readonly-suffices warning appfoundry.yaml:10:9 | client `web` (TOKEN) declares `routing` but every call that uses it also accepts `routing:readonly`: `getRoutingQueues`",
        "unused-scope warning appfoundry.yaml:12:9 | scope `users:readonly` is declared by client `web` (TOKEN) but no call under it needs it",
        "readonly-suffices warning appfoundry.yaml:13:9 | client `web` (TOKEN) declares `analytics` but every call that uses it also accepts `analytics:readonly`: `postAnalyticsConversationsDetailsQuery`",
        "unknown-scope error appfoundry.yaml:14:9 | `messaging:write` is not a Genesys Cloud OAuth scope (declared by client `web`)",
        "unused-scope warning appfoundry.yaml:15:9 | scope `notifications` is declared by client `web` (TOKEN) but no call under it needs it",
        "roles-ignored warning appfoundry.yaml:16:5 | client `web` (TOKEN) is a user grant: Genesys Cloud ignores the roles of the client; calls run with the signed-in user's permissions, limited by the client's scopes",
        "unused-scope note appfoundry.yaml:18:11 | no code in the scanned files runs under client `kiosk` (CODE); its 2 scopes were not checked for use",
        "redundant-scope note appfoundry.yaml:22:28 | `organization:readonly` is redundant: client `kiosk` (CODE) also declares `organization`, and every operation accepting `organization:readonly` also accepts `organization`",
        "implicit-grant-retired warning web/app.js:5:14 | `loginImplicitGrant` signs in with the implicit grant (TOKEN), which Genesys Cloud closed to new OAuth clients in March 2026 and stops accepting in March 2027",
        "missing-scope error web/app.js:16:30 | getUserPresencesPurecloud (GET /api/v2/users/{userId}/presences/purecloud) needs one of the scopes `presence` or `presence:readonly`; client `web` (TOKEN) declares none of them",
    ];
    assert_eq!(found, expected);
    assert_eq!(code, 1);
}

/// Raw paths and SDK calls that do not exist, a wrong method, a deprecated operation, a removed SDK class (one finding where it is built, none again on its calls); a non-Genesys `XxxApi` class and prose mentioning a path are ignored.
#[test]
fn endpoints() {
    let (found, code) = findings("fixtures/endpoints");
    let expected = [
        "admin-role warning appfoundry.yaml:5:13 | client `integration` (CLIENT-CREDENTIALS) holds `Reporter`, which grants every permission; its calls need only `analytics:botFlowReportingTurn:view`, `webchat:deployment:read` and `widgets:deployment:view`",
        "unknown-endpoint error calls.js:4:20 | `POST /api/v2/conversations/messaging` is not a Genesys Cloud Platform API operation",
        "method-not-allowed error calls.js:5:20 | `/api/v2/users/me` has no POST operation; it allows `GET`",
        "deprecated-endpoint warning calls.js:6:19 | getAnalyticsBotflowReportingturns (GET /api/v2/analytics/botflows/{botFlowId}/reportingturns) is deprecated",
        "unknown-sdk-method error calls.js:8:26 | `ConversationsApi.postConversationsMessaging` is not a method of any Genesys Cloud SDK",
        "unknown-sdk-method error calls.js:9:38 | `WidgetsApi` is no longer an API class of the Genesys SDK (the SDK dropped its `Widgets` operations); code that builds it fails when it loads, with the calls of this file on it: `getWidgetsDeployments`",
    ];
    assert_eq!(found, expected);
    assert_eq!(code, 1);
}

/// OAuth client configuration: grant type spellings, token validity bounds, redirect URIs (loopback http is fine).
#[test]
fn clients() {
    let (found, code) = findings("fixtures/clients");
    let expected = [
        "invalid-grant-type error appfoundry.yaml:4:16 | `IMPLICIT` is not a Genesys Cloud grant type (client `implicit-typo`)",
        "invalid-grant-type note appfoundry.yaml:8:16 | `CLIENT_CREDENTIALS` is the spelling of Genesys's premium-app samples; the API documents `CLIENT-CREDENTIALS` (client `underscore`)",
        "token-validity-range error appfoundry.yaml:9:33 | token validity of 200000 seconds for client `underscore` is above the maximum of 172800 (48 hours); Genesys Cloud rejects the client",
        "invalid-grant-type error appfoundry.yaml:11:16 | `client-credentials` is not a grant type; the API expects `CLIENT-CREDENTIALS` (client `lower`)",
        "missing-redirect-uri error appfoundry.yaml:13:11 | client `no-redirect` (CODE) has no redirect URIs; Genesys Cloud sends the user back only to a registered URI, so sign-in cannot complete",
        "unused-scope note appfoundry.yaml:13:11 | no code in the scanned files runs under client `no-redirect` (CODE); its scope was not checked for use",
        "implicit-grant-retired warning appfoundry.yaml:17:16 | client `insecure` uses the implicit grant (TOKEN), which Genesys Cloud closed to new OAuth clients in March 2026 and stops accepting in March 2027; its users will then fail to sign in",
        "token-validity-range error appfoundry.yaml:18:33 | token validity of 60 seconds for client `insecure` is below the minimum of 300 (5 minutes); Genesys Cloud rejects the client",
        "insecure-redirect-uri error appfoundry.yaml:20:9 | redirect URI `http://app.example.com/cb` of client `insecure` uses plain http to a non-loopback host: tokens can leak to others",
        "insecure-redirect-uri error appfoundry.yaml:21:9 | redirect URI `https://*.example.com/cb` of client `insecure` uses a wildcard: tokens can leak to others",
    ];
    assert_eq!(found, expected);
    assert_eq!(code, 1);
}

/// A manifest that does not parse is reported with a span and the rest of the repository is still checked.
#[test]
fn inputs_bad_yaml() {
    let (found, code) = findings("fixtures/inputs/bad-yaml");
    let expected = [
        "unknown-endpoint error app.js:1:7 | `GET /api/v2/nonexistent/thing` is not a Genesys Cloud Platform API operation",
        "parse-error error appfoundry.yaml:5:21 | the manifest cannot be parsed: while scanning a quoted scalar, found unexpected end of stream",
    ];
    assert_eq!(found, expected);
    assert_eq!(code, 1);
}

/// A JSON manifest with a syntax error.
#[test]
fn inputs_bad_json() {
    let (found, code) = findings("fixtures/inputs/bad-json");
    let expected = [
        "parse-error error appfoundry.json:4:63 | the manifest cannot be parsed: Unexpected comma",
    ];
    assert_eq!(found, expected);
    assert_eq!(code, 1);
}

/// Schema violations point at the offending key.
#[test]
fn inputs_schema() {
    let (found, code) = findings("fixtures/inputs/schema");
    let expected = [
        "implicit-grant-retired warning appfoundry.yaml:5:16 | client `web` uses the implicit grant (TOKEN), which Genesys Cloud closed to new OAuth clients in March 2026 and stops accepting in March 2027; its users will then fail to sign in",
        "manifest-schema error appfoundry.yaml:6:5 | unknown key `scope` in `clients.0`",
        "manifest-schema error appfoundry.yaml:8:5 | `clients.1` is missing the required key `name`",
        "manifest-schema error appfoundry.yaml:14:20 | `roles.0.permissionPolicies.0.actionSet`: \"view\" is not of type \"array\"",
    ];
    assert_eq!(found, expected);
    assert_eq!(code, 1);
}

/// CLIENT-CREDENTIALS clients: ignored scopes, custom roles with a `*` wildcard (which grants three directory permissions the calls do not need), missing permissions (ANY), a built-in admin role, an unknown role, and a `/users/me` call without a user. `/api/v2/organizations/me` works without a user.
#[test]
fn cc_roles() {
    let (found, code) = findings("fixtures/cc-roles");
    let expected = [
        "scopes-ignored warning appfoundry.yaml:5:5 | client `sync` (CLIENT-CREDENTIALS) declares 1 scope(s), but Genesys Cloud ignores scopes for the client-credentials grant; the client's roles decide what it may call",
        "home-division-only note appfoundry.yaml:7:9 | role `Queue Reader` of client `sync` is granted without a division, so it applies in the Home division only; the client's calls act on queues, users and conversations (getRoutingQueues, getUsersSearch, patchUser, and 1 more), which can sit in other divisions",
        "admin-role warning appfoundry.yaml:13:13 | client `admin-sync` (CLIENT-CREDENTIALS) holds `Master Admin`, which grants every permission; its calls need only `conversation:message:create`",
        "unresolved-role note appfoundry.yaml:13:27 | role `Telephony Helper` of client `admin-sync` (CLIENT-CREDENTIALS) is not defined in the scanned files; permission checks for this client are incomplete",
        "excess-permission warning appfoundry.yaml:22:21 | role `Directory Editor` grants `directory:*:view`, a wildcard over 4 permissions (`directory:group:view`, `directory:userProfile:view` and `directory:userStateChange:view`); the calls of client `sync` need only `directory:user:view` of them",
        "missing-permission error server/sync.js:6:21 | patchUser (PATCH /api/v2/users/{userId}) needs one of the permissions `admin`, `directory:user:edit` or `directory:organization:admin`, which the roles of client `sync` (`Queue Reader` and `Directory Editor`) do not grant",
        "missing-permission error server/sync.js:7:20 | postAnalyticsConversationsDetailsQuery (POST /api/v2/analytics/conversations/details/query) needs one of the permissions `analytics:conversationDetail:view` or `analytics:agentConversationDetail:view`, which the roles of client `sync` (`Queue Reader` and `Directory Editor`) do not grant",
        "user-context-required error server/sync.js:8:19 | getUsersMe (GET /api/v2/users/me) answers about the signed-in user, but this code runs under a client-credentials token, which has no user; Genesys Cloud rejects it as requiring a user context",
    ];
    assert_eq!(found, expected);
    assert_eq!(code, 1);
}

/// An operation whose scopes the swagger does not list: the finding says "inferred" and is a warning, not an error.
#[test]
fn inferred() {
    let (found, code) = findings("fixtures/inferred");
    let expected = [
        "implicit-grant-retired warning appfoundry.yaml:4:16 | client `reports` uses the implicit grant (TOKEN), which Genesys Cloud closed to new OAuth clients in March 2026 and stops accepting in March 2027; its users will then fail to sign in",
        "missing-scope warning jobs.js:3:20 | deleteAnalyticsAgentutilizationsAggregatesJob (DELETE /api/v2/analytics/agentutilizations/aggregates/jobs/{jobId}) needs scope `analytics`, which client `reports` (TOKEN) does not declare (inferred: the swagger lists no scopes for this operation; this is gclint's rule-based guess)",
        "preview-endpoint note jobs.js:3:20 | deleteAnalyticsAgentutilizationsAggregatesJob (DELETE /api/v2/analytics/agentutilizations/aggregates/jobs/{jobId}) is a preview API: it may change or be removed without the usual deprecation period",
    ];
    assert_eq!(found, expected);
    assert_eq!(code, 0);
}

/// Help lines name the exact fix.
#[test]
fn help_lines_name_the_fix() {
    assert_eq!(
        common::helps("fixtures/scopes"),
        [
            "implicit-grant-retired | move to Authorization Code with PKCE: `grantType: CODE` with `pkce: true`, and sign in with a PKCE challenge (`loginPKCEGrant` in the JavaScript SDK)",
            "readonly-suffices | replace `routing` with `routing:readonly`",
            "unused-scope | remove `users:readonly` from the scopes of client `web`",
            "readonly-suffices | replace `analytics` with `analytics:readonly`",
            "unknown-scope | did you mean `messaging`, `messaging:readonly` or `messaging-platform:readonly`?; calls under client `web` need `presence:readonly`, which it does not declare",
            "unused-scope | remove `notifications` from the scopes of client `web`",
            "roles-ignored | remove `roles`; to record the roles the app's users need, list them under `userRoles`",
            "unused-scope | add `sources` globs naming the files that use this client, or scan the repository that holds them",
            "redundant-scope | remove `organization:readonly`",
            "implicit-grant-retired | call `loginPKCEGrant` with the same arguments (JavaScript SDK 187.0.0 or later; 181.0.0 lacks it) and give the OAuth client the CODE grant",
            "missing-scope | add `presence:readonly` to the scopes of client `web`",
        ]
    );
    assert_eq!(
        common::helps("fixtures/endpoints")[1..5],
        [
            "unknown-endpoint | did you mean `/api/v2/conversations/messages`, `/api/v2/conversations/emails` or `/api/v2/conversations/settings`?",
            "method-not-allowed | the operations on this path are getUsersMe (GET /api/v2/users/me)",
            "deprecated-endpoint | the API documentation says: \"Deprecated: Please use GET /analytics/botflows/{botFlowId}/divisions/reportingturns instead.\"",
            "unknown-sdk-method | did you mean `postConversationsMessages`, `postConversationsMessagingSettings` or `postConversationAssign`?",
        ]
    );
    assert_eq!(
        common::helps("fixtures/cc-roles")[5..7],
        [
            "missing-permission | add `directory:user:edit` to one of the roles of client `sync`",
            "missing-permission | add `analytics:conversationDetail:view` to one of the roles of client `sync`",
        ]
    );
}

/// Nothing built on inferred scopes goes out without saying so.
#[test]
fn low_confidence_findings_say_inferred() {
    for fixture in [
        "fixtures/scopes",
        "fixtures/endpoints",
        "fixtures/cc-roles",
        "fixtures/inferred",
        "examples/messaging-bridge",
    ] {
        let run = common::run_in(
            &common::root().join(fixture),
            &["check", ".", "--format", "json"],
        );
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        for d in report["diagnostics"].as_array().unwrap() {
            if d["confidence"] == "low" {
                let message = d["message"].as_str().unwrap();
                assert!(
                    message.contains("inferred") || message.contains("not certain"),
                    "{fixture}: {message}"
                );
            }
        }
    }
    let (found, _) = findings("fixtures/inferred");
    assert!(found[1].contains("(inferred: the swagger lists no scopes for this operation"));
}

/// `implicit-grant-retired` in every place the implicit grant shows: a
/// Terraform client, an exported client, a hand-built authorize URL and
/// the SDK login; the dates come from the database. CODE and client
/// credentials clients and PKCE logins are not reported.
#[test]
fn implicit_grant_in_every_format() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("main.tf"),
        "resource \"genesyscloud_oauth_client\" \"board\" {\n  name                          = \"Board\"\n  authorized_grant_type         = \"TOKEN\"\n  access_token_validity_seconds = 86400\n  registered_redirect_uris      = [\"https://board.example.com/\"]\n  scopes                        = [\"routing:readonly\"]\n}\n\nresource \"genesyscloud_oauth_client\" \"portal\" {\n  name                          = \"Portal\"\n  authorized_grant_type         = \"CODE\"\n  access_token_validity_seconds = 86400\n  registered_redirect_uris      = [\"https://portal.example.com/\"]\n  scopes                        = [\"routing:readonly\"]\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("oauth-client.json"),
        "{\n  \"name\": \"Wallboard\",\n  \"authorizedGrantType\": \"TOKEN\",\n  \"registeredRedirectUri\": [\"https://wall.example.com/\"],\n  \"scope\": [\"routing:readonly\"]\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("login.js"),
        "const url = `https://login.mypurecloud.com/oauth/authorize?client_id=${id}&response_type=token&redirect_uri=${back}`;\nwindow.location.assign(url);\nawait client.loginPKCEGrant(id, back);\n",
    )
    .unwrap();
    let (report, run) = common::json_in(dir, &[".", "--select", "implicit-grant-retired"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        common::report_lines(&report),
        [
            "implicit-grant-retired warning login.js:1:13 | this authorize request asks for `response_type=token`, the implicit grant (TOKEN), which Genesys Cloud closed to new OAuth clients in March 2026 and stops accepting in March 2027",
            "implicit-grant-retired warning main.tf:3:35 | client `Board` uses the implicit grant (TOKEN), which Genesys Cloud closed to new OAuth clients in March 2026 and stops accepting in March 2027; its users will then fail to sign in",
            "implicit-grant-retired warning oauth-client.json:3:26 | client `Wallboard` uses the implicit grant (TOKEN), which Genesys Cloud closed to new OAuth clients in March 2026 and stops accepting in March 2027; its users will then fail to sign in",
        ]
    );
    let helps: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["help"].as_str().unwrap())
        .collect();
    assert_eq!(
        helps[1],
        "move to Authorization Code with PKCE: `authorized_grant_type = \"CODE\"`, and sign in with a PKCE challenge (`loginPKCEGrant` in the JavaScript SDK)"
    );
    // Only manifests get a fix: the others change where they live.
    assert!(report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["fix"].is_null()));
}

/// A Terraform client-credentials client whose role has no `division_id`
/// and whose job lists queues: one note on the `roles` block, the call as
/// related location. With a division, nothing.
#[test]
fn home_division_only() {
    let (found, code) = common::findings("fixtures/history/home-division");
    assert_eq!(
        found,
        ["home-division-only note main.tf:14:3 | role `Queue Reader` of client `Queue export` is granted without a division, so it applies in the Home division only; the client's calls act on queues (getRoutingQueues), which can sit in other divisions"]
    );
    assert_eq!(code, 0);
    let tmp = common::temp_copy("fixtures/history/home-division");
    let tf = tmp.path().join("main.tf");
    let text = std::fs::read_to_string(&tf).unwrap();
    std::fs::write(
        &tf,
        text.replace(
            "    role_id = genesyscloud_auth_role.queue_reader.id\n",
            "    role_id     = genesyscloud_auth_role.queue_reader.id\n    division_id = \"*\"\n",
        ),
    )
    .unwrap();
    let (report, _) = common::json_in(tmp.path(), &["."]);
    assert_eq!(common::report_lines(&report), Vec::<String>::new());
}

/// A method older SDK releases had: `unknown-sdk-method` says when it went
/// and what it called, from the SDK history in the database.
#[test]
fn removed_sdk_methods_say_when_they_went() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("alerts.js"),
        "const platformClient = require('purecloud-platform-client-v2');\nconst alertingApi = new platformClient.AlertingApi();\nalertingApi.getAlertingInteractionstatsRules();\n",
    )
    .unwrap();
    let (report, run) = common::json_in(tmp.path(), &["."]);
    assert_eq!(run.code, 1);
    assert_eq!(
        common::report_lines(&report),
        ["unknown-sdk-method error alerts.js:3:13 | `AlertingApi.getAlertingInteractionstatsRules` was removed from the Genesys Cloud SDKs (last in JavaScript 212.1.0, Python 222.0.0); it called `GET /api/v2/alerting/interactionstats/rules`"]
    );
    assert_eq!(
        report["diagnostics"][0]["help"],
        "the operation itself is gone from the API; `gclint endpoint getAlertingInteractionstatsRules` shows its history"
    );
}

/// `sdk-method-too-new`: a `package.json` range older than the method's
/// first release, and a `requirements.txt` pin newer than a method's last
/// (which then is not also an `unknown-sdk-method`).
#[test]
fn sdk_method_too_new_reads_the_pins() {
    let (found, code) = common::findings("fixtures/history/pinned-js");
    assert_eq!(
        found,
        ["sdk-method-too-new error transfer.js:12:26 | `ConversationsApi.postConversationParticipantTransfer` is not in the 224 releases of npm purecloud-platform-client-v2, which package.json pins: the first release with it is 227.0.0; the call fails at run time"]
    );
    assert_eq!(code, 1);
    let (found, _) = common::findings("fixtures/history/pinned-py");
    assert_eq!(
        found,
        ["sdk-method-too-new error alerts.py:11:26 | `AlertingApi.get_alerting_interactionstats_rules` is not in pypi PureCloudPlatformClientV2 230.0.0, which requirements.txt pins: it was removed after 222.0.0; the call fails at run time"]
    );
    // A range that says too little, and the lockfile that says what is installed.
    let tmp = common::temp_copy("fixtures/history/pinned-js");
    let pkg = std::fs::read_to_string(tmp.path().join("package.json")).unwrap();
    std::fs::write(
        tmp.path().join("package.json"),
        pkg.replace("\"^224.0.0\"", "\">=200.0.0\""),
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("yarn.lock"),
        "purecloud-platform-client-v2@>=200.0.0:\n  version \"224.0.0\"\n",
    )
    .unwrap();
    let (report, _) = common::json_in(tmp.path(), &["."]);
    assert_eq!(
        common::report_lines(&report),
        ["sdk-method-too-new error transfer.js:12:26 | `ConversationsApi.postConversationParticipantTransfer` is not in npm purecloud-platform-client-v2 224.0.0, which yarn.lock pins: the first release with it is 227.0.0; the call fails at run time"]
    );
    assert_eq!(report["diagnostics"][0]["related"][0]["file"], "yarn.lock");
    // Pinned to a release that has it: nothing at all.
    let tmp = common::temp_copy("fixtures/history/pinned-py");
    std::fs::write(
        tmp.path().join("requirements.txt"),
        "PureCloudPlatformClientV2==210.0.0\n",
    )
    .unwrap();
    let (report, _) = common::json_in(tmp.path(), &["."]);
    assert_eq!(common::report_lines(&report), Vec::<String>::new());
}

/// A path only old SDK releases called: `unknown-endpoint` says it was
/// removed and until which releases; an invented path stays "not an
/// operation".
#[test]
fn removed_paths_say_until_when_the_sdks_called_them() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("attributes.js"),
        "fetch('https://api.mypurecloud.com/api/v2/attributes/query', { method: 'POST' });\nfetch('https://api.mypurecloud.com/api/v2/nothing/here');\n",
    )
    .unwrap();
    let (report, _) = common::json_in(tmp.path(), &["."]);
    assert_eq!(
        common::report_lines(&report),
        [
            "unknown-endpoint error attributes.js:1:7 | `POST /api/v2/attributes/query` is no longer a Genesys Cloud Platform API operation: the SDKs called it (`AttributesApi.postAttributesQuery`) until JavaScript release 34.0.6 and Python release 47.2.0",
            "unknown-endpoint error attributes.js:2:7 | `GET /api/v2/nothing/here` is not a Genesys Cloud Platform API operation",
        ]
    );
    assert_eq!(
        report["diagnostics"][0]["help"],
        "remove the call or use what replaced it; `gclint endpoint postAttributesQuery` shows its history"
    );
}

/// An API class later SDKs removed is judged against the release the
/// project installs: where the pinned release still has it the code runs,
/// and its calls are judged as any other (their operations are deprecated);
/// where the pinned release no longer has it, or a page loads `latest` from
/// the CDN, the class is reported once.
#[test]
fn a_removed_class_is_judged_against_the_pinned_release() {
    assert_eq!(
        findings("fixtures/history/removed-class/widgets-old").0,
        [
            "deprecated-endpoint warning cleanup.js:8:40 | getWidgetsDeployments (GET /api/v2/widgets/deployments) is deprecated",
            "deprecated-endpoint warning cleanup.js:11:24 | deleteWidgetsDeployment (DELETE /api/v2/widgets/deployments/{deploymentId}) is deprecated",
            // Its page loads `latest` from the CDN: the current SDK, whatever the lockfile says.
            "unknown-sdk-method error public/app.js:2:36 | `WidgetsApi` is no longer an API class of the Genesys SDK (the SDK dropped its `Widgets` operations); code that builds it fails when it loads, with the calls of this file on it: `getWidgetsDeployments`",
        ]
    );
    assert_eq!(
        findings("fixtures/history/removed-class/widgets-new").0,
        ["unknown-sdk-method error cleanup.js:4:39 | `WidgetsApi` is no longer an API class of the Genesys SDK (the SDK dropped its `Widgets` operations); code that builds it fails when it loads, with the calls of this file on it: `getWidgetsDeployments` and `deleteWidgetsDeployment`"]
    );
}
