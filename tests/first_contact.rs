//! First contact (issue 27): gclint recognises the Platform API by what it
//! is — the catalogue of paths and SDK names, how values flow, which code
//! runs — in shapes written anew for each principle, in several languages
//! each. Every test asserts the exact call sites (`file:line METHOD path
//! operation`) and the exact findings, or their absence.

mod common;

use common::{findings, run_in};

/// `file:line METHOD path operation` of each call site `gclint calls`
/// lists in a fixture (`?` for a method the code does not say, `-` for a
/// call that resolves to no operation).
fn calls(fixture: &str) -> Vec<String> {
    let dir = common::root().join(fixture);
    let run = run_in(&dir, &["calls", ".", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{fixture}: not JSON ({e}): {}\n{}", run.stdout, run.stderr));
    report["calls"]
        .as_array()
        .expect("calls")
        .iter()
        .map(|c| {
            let written = c["written"].as_str().unwrap();
            let op = c["operation"]["operation_id"].as_str().unwrap_or("-");
            format!(
                "{}:{} {} {}",
                c["file"].as_str().unwrap(),
                c["start"]["line"],
                written,
                op
            )
        })
        .collect()
}

/// A base URL that already carries `/api/v2`, joined to relative paths:
/// Python f-strings and `+`, PowerShell interpolation with `-Method` and
/// without (GET), Kotlin string templates into `java.net.http` builders.
#[test]
fn a_base_url_carrying_the_prefix() {
    assert_eq!(
        calls("fixtures/first-contact/base-prefix"),
        [
            "app/src/main/kotlin/Presence.kt:11 GET /api/v2/users/me?expand=presence getUsersMe",
            "app/src/main/kotlin/Presence.kt:19 GET /api/v2/presencedefinitions getPresencedefinitions",
            "reports/queue_report.py:20 GET /api/v2/routing/queues?pageSize=100 getRoutingQueues",
            "reports/queue_report.py:26 POST /api/v2/analytics/queues/observations/query postAnalyticsQueuesObservationsQuery",
            "scripts/Remove-StaleSkills.ps1:9 GET /api/v2/routing/skills?pageSize=500 getRoutingSkills",
            "scripts/Remove-StaleSkills.ps1:12 DELETE /api/v2/routing/skills/{} deleteRoutingSkill",
        ]
    );
    let (found, _) = findings("fixtures/first-contact/base-prefix");
    assert_eq!(
        found,
        [
            "deprecated-endpoint warning app/src/main/kotlin/Presence.kt:19:57 | getPresencedefinitions (GET /api/v2/presencedefinitions) is deprecated",
        ]
    );
}

/// A helper that adds `/api/v2` itself, in another file than its callers:
/// a Go client package (a Sprintf base, per-verb methods, a URI builder
/// formatting the caller's template), a C# `HttpClient` whose
/// `BaseAddress` carries the prefix, an axios instance made in one module
/// and used in another.
#[test]
fn a_helper_that_adds_the_prefix_in_another_file() {
    assert_eq!(
        calls("fixtures/first-contact/helper-prefix"),
        [
            "dotnet/Jobs/QueueJob.cs:14 GET /api/v2/routing/queues/{} getRoutingQueue",
            "dotnet/Jobs/QueueJob.cs:15 POST /api/v2/routing/queues/{}/members postRoutingQueueMembers",
            "go/cmd/archive/main.go:16 GET /api/v2/conversations/{}/recordings getConversationRecordings",
            "go/cmd/archive/main.go:20 DELETE /api/v2/conversations/{}/recordings/{}/annotations/{} deleteConversationRecordingAnnotation",
            "go/cmd/archive/main.go:25 GET /api/v2/users/me getUsersMe",
            "web/src/board.ts:4 GET /api/v2/users/me getUsersMe",
            "web/src/board.ts:5 GET /api/v2/routing/queues/{}/members getRoutingQueueMembers",
            "web/src/board.ts:6 POST /api/v2/analytics/queues/observations/query postAnalyticsQueuesObservationsQuery",
        ]
    );
    assert_eq!(
        findings("fixtures/first-contact/helper-prefix").0,
        Vec::<String>::new()
    );
}

/// SDK methods named by strings and handed on: `getattr` dispatch with the
/// class named beside the method, a method reference given to a retry
/// helper, the SDK's own `call_api`, an index by name (`api['getX'](...)`),
/// and an operation-shaped name on an object another module builds; a file
/// whose only mention of the SDK is a class named in a string
/// (`run('UsersApi', 'getUsers')`) is read for it.
#[test]
fn sdk_methods_by_name() {
    assert_eq!(
        calls("fixtures/first-contact/sdk-by-name"),
        [
            "node/nightly.js:6 getUsers getUsers",
            "node/nightly.js:7 getGroups getGroups",
            "node/watch.js:8 getRoutingQueueMembers getRoutingQueueMembers",
            "py/sweep.py:31 get_conversation getConversation",
            "py/sweep.py:32 get_routing_queues getRoutingQueues",
            "py/sweep.py:33 GET /api/v2/routing/wrapupcodes getRoutingWrapupcodes",
            "ts/src/export.ts:11 getConversationRecordingmetadata getConversationRecordingmetadata",
        ]
    );
}

/// Values flow: a table of paths iterated into one request function, a
/// wrapper whose method is a destructured default, a PowerShell hashtable
/// loop and a wrapper function with `-Method` and its default, a PHP
/// function around cURL whose method is a parameter with a default.
#[test]
fn tables_defaults_and_wrappers() {
    assert_eq!(
        calls("fixtures/first-contact/tables-and-defaults"),
        [
            "dash/tiles.js:13 GET /api/v2/routing/queues getRoutingQueues",
            "dash/tiles.js:14 GET /api/v2/routing/wrapupcodes getRoutingWrapupcodes",
            "dash/tiles.js:15 GET /api/v2/routing/skills getRoutingSkills",
            "dash/tiles.js:27 GET /api/v2/users/{} getUser",
            "dash/tiles.js:28 PUT /api/v2/groups/{} putGroup",
            "ops/Sync-Divisions.ps1:5 GET /api/v2/authorization/divisions getAuthorizationDivisions",
            "ops/Sync-Divisions.ps1:6 GET /api/v2/locations getLocations",
            "ops/Sync-Divisions.ps1:18 POST /api/v2/authorization/divisions postAuthorizationDivisions",
            "ops/Sync-Divisions.ps1:19 POST /api/v2/users/search postUsersSearch",
            "php/callbacks.php:16 GET /api/v2/routing/queues/{} getRoutingQueue",
            "php/callbacks.php:17 POST /api/v2/conversations/callbacks postConversationsCallbacks",
        ]
    );
    assert_eq!(
        findings("fixtures/first-contact/tables-and-defaults").0,
        Vec::<String>::new()
    );
}

/// Not the Platform API, though it says `/api/v2`: the app's own routes
/// (Express, Flask, ASP.NET attributes, Go's mux), Alertmanager's API
/// behind an environment variable, a page's fetch of its own server, a
/// script inside an HTML comment, a branch that never runs, an app method
/// named like the SDK's login, a logger's `scope` field, a help desk's
/// `/api/v2/help_center/...` under a base read from settings (Python, JS),
/// a session's cookie key and a JWT signing key named `secret` (no client id
/// beside them), another identity provider's `response_type=token` URL
/// (its host in the literal, or in the constant before it). No call, no
/// finding.
#[test]
fn what_is_not_the_platform_api() {
    assert_eq!(
        calls("fixtures/first-contact/not-platform"),
        Vec::<String>::new()
    );
    assert_eq!(
        findings("fixtures/first-contact/not-platform").0,
        Vec::<String>::new()
    );
}

/// Test code (a `tests/` folder with pytest and `responses`, a Jest test
/// with `nock`, a Go `_test.go` with `httptest`) is listed by `calls` but
/// held to nothing production needs: its made-up paths are not findings.
/// The secret committed in a test is.
#[test]
fn test_code_reports_only_secrets() {
    let (found, code) = findings("fixtures/first-contact/test-code");
    assert_eq!(
        found,
        [
            "hardcoded-secret error sync/tests/test_sync.py:8:17 | a client secret is written in the source (CLIENT_SECRET); anyone who can read the repository can get tokens with it",
        ]
    );
    assert_eq!(code, 1);
    let listed = calls("fixtures/first-contact/test-code");
    assert!(
        listed.contains(&"web/src/presence.test.js:8 GET /api/v2/not/a/real/path -".to_string()),
        "{listed:?}"
    );
}

/// Terraform 0.11 wrote every reference as a string, `"${...}"`: the role
/// is the one the module defines, so what it lacks is reported (and no
/// "cannot be resolved" note), and so is what it grants that no call needs
/// (`getGroups` requires no permission: `directory:user:view` is excess).
#[test]
fn legacy_terraform_interpolation() {
    let (found, code) = findings("fixtures/first-contact/legacy-interpolation");
    assert_eq!(
        found,
        [
            "missing-permission error sync/sync_groups.py:13:22 | getRoutingQueues (GET /api/v2/routing/queues) needs permission `routing:queue:view`, which the roles of client `Nightly Directory Sync` (`Directory Reader`) do not grant",
            "excess-permission warning terraform/main.tf:8:20 | role `Directory Reader` grants `directory:user:view`, which none of the calls of client `Nightly Directory Sync` need",
        ]
    );
    assert_eq!(code, 1);
}

/// A premium-app wizard wherever it lives (`public/setup/`, its config in
/// `settings/install.js`): its modules are the files that declare a
/// `provisioningInfoKey`, and only those the config provisions run — not
/// the template's `data-table`, not the post-install step the config turns
/// off. What a provisioned module lacks is still reported.
#[test]
fn a_wizard_recognised_by_its_structure() {
    let (found, code) = findings("fixtures/first-contact/wizard-by-structure");
    assert_eq!(
        found,
        [
            "missing-permission error public/setup/js/modules/oauth-client.js:6:52 | postOauthClients (POST /api/v2/oauth/clients) needs permission `oauth:client:add`, which the wizard's `installPermissions` (`wizard installer permissions`) do not grant",
        ]
    );
    assert_eq!(code, 1);
    let listed = calls("fixtures/first-contact/wizard-by-structure");
    assert_eq!(
        listed,
        [
            "public/setup/js/modules/data-table.js:6 ArchitectApi.postFlowsDatatables postFlowsDatatables",
            "public/setup/js/modules/oauth-client.js:6 OAuthApi.postOauthClients postOauthClients",
            "public/setup/js/modules/post-custom-setup.js:6 RoutingApi.postRoutingQueues postRoutingQueues",
            "public/setup/js/modules/role.js:9 AuthorizationApi.postAuthorizationRoles postAuthorizationRoles",
            "public/setup/js/pages/start.js:7 IntegrationsApi.getIntegrationsTypes getIntegrationsTypes",
        ]
    );
    let run = run_in(
        &common::root().join("fixtures/first-contact/wizard-by-structure"),
        &["calls", ".", "--format", "json"],
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let inactive: Vec<&str> = report["calls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["link"] == "inactive")
        .map(|c| c["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        inactive,
        [
            "public/setup/js/modules/data-table.js",
            "public/setup/js/modules/post-custom-setup.js"
        ]
    );
}

/// A helper imported under another name (`{ readAll: everything } =
/// require(...)`, `import { getJson as load }`, `from .client import
/// fetch_all as every`) that requests with no method sends GET; the host
/// it builds from a region parameter (`https://api.${org.region}`) is its
/// base, and a page suffix glued with `?` or `&` chosen at run time ends
/// the path. A helper file with no Platform text is read because a call
/// hands it a Platform path.
#[test]
fn a_request_with_no_method_gets_through_imports_and_renames() {
    assert_eq!(
        calls("fixtures/first-contact/imported-helpers"),
        [
            "backend/jobs/audit.js:5 GET /api/v2/authorization/divisions getAuthorizationDivisions",
            "backend/jobs/audit.js:6 GET /api/v2/routing/queues?divisionId= getRoutingQueues",
            "backend/jobs/audit.js:8 GET /api/v2/users/me getUsersMe",
            "backend/jobs/audit.js:9 GET /api/v2/routing/wrapupcodes/{} getRoutingWrapupcode",
            "dashboard/src/admin.ts:9 GET /api/v2/routing/wrapupcodez -",
            "dashboard/src/wallboard.ts:4 GET /api/v2/routing/queues/{}/members getRoutingQueueMembers",
            "dashboard/src/wallboard.ts:5 GET /api/v2/presencedefinitions getPresencedefinitions",
            "sync/sync/run.py:5 GET /api/v2/routing/skills getRoutingSkills",
            "sync/sync/run.py:6 GET /api/v2/routing/languages?sortOrder=ASC getRoutingLanguages",
        ]
    );
    // Under a base the code does not show (`this.base`), an unknown path
    // of a Platform area is reported; `/api/v2/help_center/...` names no
    // area of the catalogue and is another vendor's.
    let (found, _) = findings("fixtures/first-contact/imported-helpers");
    assert_eq!(
        found,
        [
            "unknown-endpoint error dashboard/src/admin.ts:9:41 | `GET /api/v2/routing/wrapupcodez` is not a Genesys Cloud Platform API operation",
            "deprecated-endpoint warning dashboard/src/wallboard.ts:5:41 | getPresencedefinitions (GET /api/v2/presencedefinitions) is deprecated",
        ]
    );
}

/// The retired first-generation SDKs name methods after paths
/// (`RoutingApi.get_queues_queue_id_users`, `UsersApi.getMe`): their names
/// resolve against those SDKs' releases (`rules/legacy-sdks.json`), on the
/// class the code builds (`LocationsApi.post_search` is not
/// `SearchApi.post_search`), in Python and in a page that loads the SDK from
/// the CDN. A method whose operation the API no longer has is reported as
/// the retired SDK's, not as a method no SDK has.
#[test]
fn a_retired_sdks_names_resolve_against_its_releases() {
    assert_eq!(
        calls("fixtures/first-contact/legacy-sdk"),
        [
            "agent-page/index.html:16 PresenceApi.getUserIdPresencesSourceId getUserPresence",
            "agent-page/index.html:19 UsersApi.getMe getUsersMe",
            "reporting/queues_report.py:7 RoutingApi.get_queues_queue_id_users getRoutingQueueUsers",
            "reporting/queues_report.py:12 RoutingApi.get_queues_queue_id_conversations_calls -",
            "reporting/queues_report.py:17 LocationsApi.post_search postLocationsSearch",
        ]
    );
    let (found, _) = findings("fixtures/first-contact/legacy-sdk");
    assert_eq!(
        found,
        [
            "deprecated-endpoint warning reporting/queues_report.py:7:20 | getRoutingQueueUsers (GET /api/v2/routing/queues/{queueId}/users) is deprecated",
            "unknown-sdk-method error reporting/queues_report.py:12:20 | `RoutingApi.get_queues_queue_id_conversations_calls` is a method of the retired SDK pypi PureCloudPlatformApiSdk (releases 0.20.0.70 – 0.43.1.97); it calls `GET /api/v2/routing/queues/{queueId}/conversations/calls`, which the Platform API no longer has",
        ]
    );
}

/// A base may stop anywhere along `/api/v2`: a Go session whose base ends
/// in `/api` (a method with a result list in parentheses), a Node class
/// whose verb methods share one request method, a C# client
/// whose root is built from the environment, a PowerShell helper, and a
/// Python client whose base comes from the deployment (not shown), each
/// called with paths that start at `/v2`.
#[test]
fn a_base_that_stops_before_v2() {
    assert_eq!(
        calls("fixtures/first-contact/split-prefix"),
        [
            "dotnet/DirectoryClient.cs:23 GET /api/v2/groups getGroups",
            "dotnet/DirectoryClient.cs:25 GET /api/v2/locations getLocations",
            "go/gc/session.go:29 GET /api/v2/routing/wrapupcodes getRoutingWrapupcodes",
            "go/gc/session.go:33 DELETE /api/v2/routing/skills/{} deleteRoutingSkill",
            "node/sync.js:5 GET /api/v2/users/me getUsersMe",
            "node/sync.js:6 GET /api/v2/routing/queues?pageSize=100 getRoutingQueues",
            "node/sync.js:7 POST /api/v2/analytics/conversations/details/query postAnalyticsConversationsDetailsQuery",
            "py/settings_client.py:18 GET /api/v2/organizations/me getOrganizationsMe",
            "py/settings_client.py:22 GET /api/v2/telephony/providers/edges/sites getTelephonyProvidersEdgesSites",
            "scripts/Get-Divisions.ps1:13 GET /api/v2/authorization/divisions getAuthorizationDivisions",
            "scripts/Get-Divisions.ps1:14 GET /api/v2/authorization/divisions/home getAuthorizationDivisionsHome",
        ]
    );
    assert_eq!(
        findings("fixtures/first-contact/split-prefix").0,
        Vec::<String>::new()
    );
}

/// Genesys's own development and test environments, offered on purpose in
/// region tables (Go, JavaScript, PowerShell), are not misspelt regions;
/// a misspelt one beside them still is.
#[test]
fn internal_environments_are_not_misspelt_regions() {
    let (found, _) = findings("fixtures/first-contact/internal-environments");
    assert_eq!(
        found,
        ["unknown-region error regions.go:12:10 | `mypurecloud.dee` is not a Genesys Cloud environment"]
    );
}

/// A route is a path on the app's own server; a URL with a scheme is where
/// a request goes, whatever follows it: a Node client's callback that reads
/// the response (node-rest-client, `request`), a Python response hook, and
/// the inline script of a server-side template (EJS). The app's own routes
/// beside them are still not calls.
#[test]
fn a_request_with_a_callback_is_not_a_route() {
    assert_eq!(
        calls("fixtures/first-contact/callback-requests"),
        [
            "check_status.py:10 GET /api/v2/users/{}/presences/purecloud getUserPresencesPurecloud",
            "report.js:8 GET /api/v2/routing/queues?pageSize=100 getRoutingQueues",
            "report.js:14 POST /api/v2/conversations/calls/{}/participants/{}/consult postConversationsCallParticipantConsult",
            "views/agent.ejs:9 GET /api/v2/users/me getUsersMe",
        ]
    );
    assert_eq!(
        findings("fixtures/first-contact/callback-requests").0,
        ["deprecated-endpoint warning report.js:14:16 | postConversationsCallParticipantConsult (POST /api/v2/conversations/calls/{conversationId}/participants/{participantId}/consult) is deprecated"]
    );
}

/// A constant that a request extends with more path is a base, not the
/// place the endpoint is named: the request is the call site (JavaScript
/// template, Python f-string and concatenation, Go `Sprintf`, C#
/// interpolation). The same constant sent as it is stays a call of its own
/// at the request that sends it.
#[test]
fn a_constant_the_request_extends_is_a_base() {
    assert_eq!(
        calls("fixtures/first-contact/extended-base"),
        [
            "ops/members.go:12 GET /api/v2/groups/{}/members getGroupMembers",
            "svc/UsersClient.cs:15 GET /api/v2/users/{}/queues getUserQueues",
            "web/guest-chat.js:8 POST /api/v2/webchat/guest/conversations postWebchatGuestConversations",
            "web/guest-chat.js:18 POST /api/v2/webchat/guest/conversations/{}/members/{}/messages postWebchatGuestConversationMemberMessages",
            "worker/campaigns.py:10 PATCH /api/v2/outbound/campaigns/{} patchOutboundCampaign",
            "worker/campaigns.py:18 GET /api/v2/outbound/campaigns/{}/progress getOutboundCampaignProgress",
        ]
    );
    assert_eq!(
        findings("fixtures/first-contact/extended-base").0,
        [
            "deprecated-endpoint warning web/guest-chat.js:8:27 | postWebchatGuestConversations (POST /api/v2/webchat/guest/conversations) is deprecated",
            "deprecated-endpoint warning web/guest-chat.js:18:16 | postWebchatGuestConversationMemberMessages (POST /api/v2/webchat/guest/conversations/{conversationId}/members/{memberId}/messages) is deprecated",
        ]
    );
}

/// A data action whose URL names another service's host calls that
/// service, whatever its integration's type says: a Terraform action and
/// an exported action JSON on a vendor's host are no Platform calls (and
/// no `unknown-endpoint`), while their Platform neighbours stay calls.
#[test]
fn a_data_action_on_another_host_is_not_a_platform_call() {
    assert_eq!(
        calls("fixtures/first-contact/foreign-action-host"),
        [
            "actions/Get-user-presence.custom.json:7 GET /api/v2/users/${input.userId}/presences/purecloud getUserPresencesPurecloud",
            "terraform/actions.tf:19 GET /api/v2/routing/queues/${input.queueId}/estimatedwaittime getRoutingQueueEstimatedwaittime",
        ]
    );
    assert_eq!(
        findings("fixtures/first-contact/foreign-action-host").0,
        Vec::<String>::new()
    );
}

/// No catalogue path glues a word to a value: a path whose last word runs
/// into a value the code does not show (`requests${qs}`, `queues{query}`,
/// `groups{filter}`) names the word's path with a query where only that
/// path has the operation (JavaScript), and no operation, nor a finding,
/// where a path one segment longer could be meant as well (Python, C#).
#[test]
fn a_value_glued_to_the_last_word_is_its_query() {
    assert_eq!(
        calls("fixtures/first-contact/glued-suffix"),
        ["gdpr.js:6 POST /api/v2/gdpr/requests{} postGdprRequests"]
    );
    assert_eq!(
        findings("fixtures/first-contact/glued-suffix").0,
        Vec::<String>::new()
    );
}

/// A client held in another object's field is made elsewhere, like one
/// handed in as a parameter: relative paths sent through it go under the
/// base the project gives its client (Go struct field, Python attribute
/// chain, C# property of an injected connection, TypeScript field of an
/// injected dependency, even one named like a library). A bare name reads
/// its own variable, not another object's field of the same name
/// (`queue.client = client`). From a page, such a field sends to the
/// page's own server.
#[test]
fn a_client_in_another_objects_field_sends_under_the_projects_base() {
    assert_eq!(
        calls("fixtures/first-contact/field-client"),
        [
            "Reports/ExportJob.cs:17 GET /api/v2/analytics/conversations/details/jobs/{} getAnalyticsConversationsDetailsJob",
            "Reports/ExportJob.cs:22 DELETE /api/v2/analytics/conversations/details/jobs/{} deleteAnalyticsConversationsDetailsJob",
            "gosvc/queue.go:18 GET /api/v2/routing/queues/{} getRoutingQueue",
            "gosvc/queue.go:28 GET /api/v2/routing/queues/{}/members getRoutingQueueMembers",
            "gosvc/queue.go:36 PATCH /api/v2/routing/queues/{}/members/{} patchRoutingQueueMember",
            "pyjobs/campaigns.py:9 GET /api/v2/outbound/campaigns/{}/progress getOutboundCampaignProgress",
            "pyjobs/campaigns.py:14 PATCH /api/v2/outbound/campaigns/{} patchOutboundCampaign",
            "ts-worker/presence.ts:7 GET /api/v2/presence/definitions getPresenceDefinitions",
            "ts-worker/presence.ts:12 PATCH /api/v2/users/{}/presences/purecloud patchUserPresencesPurecloud",
        ]
    );
    assert_eq!(
        findings("fixtures/first-contact/field-client").0,
        Vec::<String>::new()
    );
}

/// A request described by an object takes its URL and verb from the
/// object's keys, by every name the library accepts: jQuery's settings
/// (`method` or `type`, GET when neither), a PowerShell hashtable splatted
/// into `Invoke-RestMethod @request` (GET without `Method`), a .NET
/// `HttpRequestMessage` object initializer (GET without `Method`), Python
/// `requests.request` keywords in any order. A POST that has no GET is not
/// a `method-not-allowed`.
#[test]
fn a_request_object_names_its_url_and_verb() {
    assert_eq!(
        calls("fixtures/first-contact/request-objects"),
        [
            "Admin/Languages.cs:17 DELETE /api/v2/languages/{} deleteLanguage",
            "Admin/Languages.cs:26 GET /api/v2/routing/skills/{} getRoutingSkill",
            "ops/Sync-Groups.ps1:8 POST /api/v2/groups/{}/members postGroupMembers",
            "ops/Sync-Groups.ps1:20 GET /api/v2/groups/{} getGroup",
            "tools/members.py:8 POST /api/v2/groups/{}/members postGroupMembers",
            "web/contacts.js:10 POST /api/v2/externalcontacts/merge/contacts postExternalcontactsMergeContacts",
            "web/contacts.js:17 DELETE /api/v2/users/{}/routingskills/{} deleteUserRoutingskill",
            "web/contacts.js:23 GET /api/v2/routing/skills getRoutingSkills",
        ]
    );
    assert_eq!(
        findings("fixtures/first-contact/request-objects").0,
        [
            "deprecated-endpoint warning Admin/Languages.cs:17:38 | deleteLanguage (DELETE /api/v2/languages/{languageId}) is deprecated",
            "deprecated-endpoint warning web/contacts.js:10:10 | postExternalcontactsMergeContacts (POST /api/v2/externalcontacts/merge/contacts) is deprecated",
        ]
    );
}

/// A helper's base may be another function's return (`f"{api_root()}{path}"`,
/// `apiRoot() + path`, `genesys_root() . $path`), and a paging helper may
/// pass its path on to it: the callers' relative paths are the calls
/// (JavaScript, Go, PHP, Python). A bare call of a function the file
/// defines is that function, even when a library has one of the same name
/// (Python `def fetch(path)`).
#[test]
fn a_base_returned_by_a_function() {
    assert_eq!(
        calls("fixtures/first-contact/base-function"),
        [
            "go/directory.go:24 GET /api/v2/groups?pageSize=100 getGroups",
            "go/directory.go:29 GET /api/v2/locations/{} getLocation",
            "js/genesys.js:28 GET /api/v2/routing/wrapupcodes getRoutingWrapupcodes",
            "js/genesys.js:29 GET /api/v2/routing/skills/{} getRoutingSkill",
            "php/directory.php:20 GET /api/v2/stations/{} getStation",
            "php/directory.php:25 GET /api/v2/authorization/divisions?pageSize=100 getAuthorizationDivisions",
            "py/reports.py:29 GET /api/v2/architect/schedules getArchitectSchedules",
            "py/reports.py:33 GET /api/v2/users/{}/queues getUserQueues",
        ]
    );
    assert_eq!(
        findings("fixtures/first-contact/base-function").0,
        Vec::<String>::new()
    );
}

/// Literals the language joins are one path: Python's adjacent literals
/// (`(f"/api/v2/.../" f"{id}/weeks/{week}/...")`, `("..." "...").format()`,
/// also where no request reads them, as when `call_api` is handed to a
/// retry helper: the joined path, not its first piece's parent),
/// C#'s `new Uri(path, UriKind.Relative)` and target-typed
/// `Uri u = new(path, UriKind.Relative)` (the path itself, sent under the
/// client's configured base).
#[test]
fn joined_literals_are_one_path() {
    assert_eq!(
        calls("fixtures/first-contact/joined-literals"),
        [
            "Outbound/ContactListExports.cs:24 POST /api/v2/outbound/contactlists/{}/export postOutboundContactlistExport",
            "Outbound/ContactListExports.cs:30 GET /api/v2/outbound/contactlists/{}/export getOutboundContactlistExport",
            "wfm/trades.py:6 POST /api/v2/workforcemanagement/managementunits/{}/weeks/{}/shifttrades/search postWorkforcemanagementManagementunitWeekShifttradesSearch",
            "wfm/trades.py:17 GET /api/v2/workforcemanagement/managementunits/{}/activitycodes getWorkforcemanagementManagementunitActivitycodes",
            "wfm/trades.py:33 GET /api/v2/workforcemanagement/managementunits/{}/weeks/{}/schedules getWorkforcemanagementManagementunitWeekSchedules",
        ]
    );
    assert_eq!(
        findings("fixtures/first-contact/joined-literals").0,
        [
            "deprecated-endpoint warning wfm/trades.py:6:23 | postWorkforcemanagementManagementunitWeekShifttradesSearch (POST /api/v2/workforcemanagement/managementunits/{managementUnitId}/weeks/{weekDateId}/shifttrades/search) is deprecated",
            "deprecated-endpoint warning wfm/trades.py:17:46 | getWorkforcemanagementManagementunitActivitycodes (GET /api/v2/workforcemanagement/managementunits/{managementUnitId}/activitycodes) is deprecated",
            "deprecated-endpoint warning wfm/trades.py:33:24 | getWorkforcemanagementManagementunitWeekSchedules (GET /api/v2/workforcemanagement/managementunits/{managementUnitId}/weeks/{weekId}/schedules) is deprecated",
        ]
    );
}

/// An API class is judged against the SDK the code runs: a page that
/// loads the guest-chat SDK from the CDN keeps `WebChatApi` (its calls are
/// deprecated, not gone), and for the .NET and Java SDKs, whose releases
/// the data does not hold, the release the code runs is unknown: their
/// calls are judged as calls. A Node app on the platform SDK that builds
/// the dropped class is still told.
#[test]
fn a_class_is_judged_against_the_sdk_the_code_runs() {
    assert_eq!(
        findings("fixtures/first-contact/guest-chat-sdk").0,
        [
            "deprecated-endpoint warning Chat/GuestChat.cs:10:25 | postWebchatGuestConversations (POST /api/v2/webchat/guest/conversations) is deprecated",
            "deprecated-endpoint warning chatbridge/src/main/java/com/example/chat/GuestSession.java:15:27 | postWebchatGuestConversations (POST /api/v2/webchat/guest/conversations) is deprecated",
            "unknown-sdk-method error node-admin/deployments.js:8:41 | `WebChatApi` is no longer an API class of the Genesys SDK (the SDK dropped its `WebChat` operations); code that builds it fails when it loads, with the calls of this file on it: `getWebchatDeployments`",
            "deprecated-endpoint warning page/js/chat.js:7:33 | postWebchatGuestConversations (POST /api/v2/webchat/guest/conversations) is deprecated",
        ]
    );
}

/// Basic credentials are `base64(id:secret)`: a value outside Base64's
/// alphabet (`"Basic {authorization}"` formatted later in Python, a
/// `<base64 of ...>` template in JavaScript) holds none, while real
/// credentials in a raw header line (PHP cURL's `Authorization: Basic ...`)
/// are a committed secret, reported without echoing it.
#[test]
fn basic_credentials_are_base64() {
    assert_eq!(
        findings("fixtures/first-contact/basic-templates").0,
        ["hardcoded-secret error Token.php:9:9 | a client secret is written in the source (Basic credentials); anyone who can read the repository can get tokens with it"]
    );
}

/// The API's own description (`GET /api/v2/docs/swagger`, what an API
/// database is rebuilt from) is served under `/api/v2` but is no operation
/// of it: reading it is no `unknown-endpoint` (C#, Python, PowerShell).
#[test]
fn the_swagger_document_is_not_an_unknown_endpoint() {
    assert_eq!(
        findings("fixtures/first-contact/api-documents").0,
        Vec::<String>::new()
    );
}

/// A call followed by a statement is no definition: `fetch(path)` then
/// `return {...}` (Python, where only `def` defines), then `return { ... }`
/// in JavaScript without semicolons, then `if err != nil {` in Go. The
/// helper's calls there are calls.
#[test]
fn a_statement_after_a_call_is_not_its_body() {
    assert_eq!(
        calls("fixtures/first-contact/statement-after-call"),
        [
            "cards.go:23 GET /api/v2/routing/wrapupcodes/{} getRoutingWrapupcode",
            "cards.js:9 GET /api/v2/routing/skills/{} getRoutingSkill",
            "widgets.py:15 GET /api/v2/routing/queues/{} getRoutingQueue",
            "widgets.py:16 GET /api/v2/routing/queues/{}/members getRoutingQueueMembers",
        ]
    );
    assert_eq!(
        findings("fixtures/first-contact/statement-after-call").0,
        Vec::<String>::new()
    );
}

/// A local variable's API class is its own function's: `api = RoutingApi(c)`
/// in one function does not make `api = ApiClient()` in another a
/// `RoutingApi`, so its generic `call_api` / `callApi` / `CallApi` is no
/// `unknown-sdk-method` (Python, JavaScript, C#), and both functions' calls
/// resolve.
#[test]
fn a_local_api_variable_is_its_functions() {
    assert_eq!(
        calls("fixtures/first-contact/local-api-vars"),
        [
            "Groups.cs:11 GroupsApi.GetGroups getGroups",
            "Groups.cs:17 GET /api/v2/groups/{}/members getGroupMembers",
            "queues.py:10 RoutingApi.get_routing_queues getRoutingQueues",
            "queues.py:15 GET /api/v2/routing/queues/{}/members getRoutingQueueMembers",
            "users.js:5 UsersApi.getUsers getUsers",
            "users.js:11 GET /api/v2/users/{userId}/queues getUserQueues",
        ]
    );
    assert_eq!(
        findings("fixtures/first-contact/local-api-vars").0,
        Vec::<String>::new()
    );
}

/// The .NET SDK declares an interface beside each API class
/// (`IConversationsApi`): a parameter, field or property of that type is
/// an object of that class. The project's own `IReportStoreApi`, named
/// like no SDK class, is not.
#[test]
fn an_sdk_interface_is_its_class() {
    assert_eq!(
        calls("fixtures/first-contact/sdk-interfaces"),
        [
            "Reports/ShiftReport.cs:27 ConversationsApi.GetConversation getConversation",
            "Reports/ShiftReport.cs:33 RoutingApi.GetRoutingQueues getRoutingQueues",
            "Reports/ShiftReport.cs:39 PresenceApi.GetPresencedefinitions getPresencedefinitions",
        ]
    );
    assert_eq!(
        findings("fixtures/first-contact/sdk-interfaces").0,
        [
            "deprecated-endpoint warning Reports/ShiftReport.cs:39:29 | getPresencedefinitions (GET /api/v2/presencedefinitions) is deprecated",
        ]
    );
}

/// The first-generation .NET SDK (`ININ.PureCloudApi`) named its methods
/// otherwise, and the data does not describe it: its calls are neither
/// resolved against the current catalogue nor called unknown, and the run
/// says so. A current-SDK file's unknown method is still reported.
#[test]
fn a_retired_sdk_the_data_does_not_know_is_not_judged() {
    assert_eq!(
        calls("fixtures/first-contact/retired-dotnet-sdk"),
        [
            "Current/QueueLister.cs:11 RoutingApi.GetRoutingQueues getRoutingQueues",
            "Current/QueueLister.cs:13 RoutingApi.GetQueues -",
        ]
    );
    assert_eq!(
        findings("fixtures/first-contact/retired-dotnet-sdk").0,
        [
            "unknown-sdk-method error Current/QueueLister.cs:13:33 | `RoutingApi.GetQueues` is not a method of any Genesys Cloud SDK",
        ]
    );
    let dir = common::root().join("fixtures/first-contact/retired-dotnet-sdk");
    let run = run_in(&dir, &["check", ".", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let notes: Vec<&str> = report["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .map(|n| n["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        notes[0],
        "1 file uses the retired first-generation .NET SDK (namespace `ININ.PureCloudApi`), which gclint's data does not describe: its SDK calls were not checked"
    );
}

/// A folder's name does not make a page test code: a page in `test/`
/// (its inline script, the script it loads) and a support page's module
/// in `public/testing/` are served with the site and judged like it. A
/// page that loads Mocha, a Mocha file declaring test cases and a
/// Playwright spec stay test code (their calls are listed, not judged).
#[test]
fn a_page_served_from_a_test_folder_is_the_apps() {
    assert_eq!(
        calls("fixtures/first-contact/served-test-pages"),
        [
            "portal/e2e/languages.ts:6 GET /api/v2/languages getLanguages",
            "portal/public/testing/station-probe.ts:6 GET /api/v2/languages getLanguages",
            "site/test/languages.html:11 GET /api/v2/languages?pageSize=100 getLanguages",
            "site/test/runner.html:13 GET /api/v2/languages getLanguages",
            "site/test/scripts/presence-check.js:4 GET /api/v2/presencedefinitions getPresencedefinitions",
            "site/test/unit/presence.js:6 GET /api/v2/presencedefinitions getPresencedefinitions",
        ]
    );
    assert_eq!(
        findings("fixtures/first-contact/served-test-pages").0,
        [
            "deprecated-endpoint warning portal/public/testing/station-probe.ts:6:32 | getLanguages (GET /api/v2/languages) is deprecated",
            "deprecated-endpoint warning site/test/languages.html:11:11 | getLanguages (GET /api/v2/languages) is deprecated",
            "deprecated-endpoint warning site/test/scripts/presence-check.js:4:32 | getPresencedefinitions (GET /api/v2/presencedefinitions) is deprecated",
        ]
    );
}

/// A path constant another file declares is a value: the call is the
/// request that sends it, not the declaration. Java static imports used in
/// a `WebClient` URI function (`.uri(b -> b.path(CONST).build())`) and as
/// `Class.CONST`; Python imported constants, one formatted
/// (`QUEUE_MEMBERS.format(queue_id=...)`); C# `using static` and
/// `Class.Const`. No declaration is listed as a call of its own.
#[test]
fn an_imported_constant_is_sent_where_the_request_is() {
    assert_eq!(
        calls("fixtures/first-contact/imported-constants"),
        [
            "Roster/SkillSync.cs:14 GET /api/v2/routing/skills?pageSize=200 getRoutingSkills",
            "Roster/SkillSync.cs:20 POST /api/v2/analytics/conversations/details/query postAnalyticsConversationsDetailsQuery",
            "reports/src/main/java/demo/reports/QueueReport.java:20 POST /api/v2/analytics/queues/observations/query postAnalyticsQueuesObservationsQuery",
            "reports/src/main/java/demo/reports/QueueReport.java:30 GET /api/v2/users/{userId}/presences/purecloud getUserPresencesPurecloud",
            "sync/sync/job.py:7 GET /api/v2/routing/wrapupcodes getRoutingWrapupcodes",
            "sync/sync/job.py:14 POST /api/v2/routing/queues/{}/members postRoutingQueueMembers",
        ]
    );
    assert_eq!(
        findings("fixtures/first-contact/imported-constants").0,
        Vec::<String>::new()
    );
}

/// Request functions no list names: an object's own method that builds
/// its URI (`this.uri()`, `unit.GetURI()`, `self.path()`) through another
/// file's helper, sent by a function given an options object that names
/// the method (`{ method: 'PUT' }`, `{"method": "DELETE"}`,
/// `&transport.Options{Method: http.MethodPatch}`), after a context
/// argument derived from another (`unit.logger.ToContext(ctx)`), with a
/// query added (`.withQuery(...)`). The method's template is no call of
/// its own.
#[test]
fn request_functions_named_by_what_they_take() {
    assert_eq!(
        calls("fixtures/first-contact/request-functions"),
        [
            "go/units.go:23 PATCH /api/v2/workforcemanagement/managementunits/{} patchWorkforcemanagementManagementunit",
            "node/groups.js:14 PUT /api/v2/groups/%s putGroup",
            "node/groups.js:18 GET /api/v2/groups/%s/members getGroupMembers",
            "py/skills.py:16 DELETE /api/v2/routing/skills/{} deleteRoutingSkill",
        ]
    );
    assert_eq!(
        findings("fixtures/first-contact/request-functions").0,
        Vec::<String>::new()
    );
}

/// A project that sends its paths to a Genesys base keeps them in a table
/// of its own, written without `/api/v2` and without a leading slash
/// (`WRAPUP_CODES = "routing/wrapupcodes"` in a Python class, a JavaScript
/// object of paths): the table holds the start of a Platform path, and the
/// file that sends one names the table, though neither names anything of
/// Genesys's. A URL constant that is a whole Platform URL does not make the
/// project's other requests relative to Genesys: a tracker's `/search` in
/// the same project is no call.
#[test]
fn path_tables_read_through_the_files_that_name_them() {
    assert_eq!(
        calls("fixtures/first-contact/path-tables"),
        [
            "js/src/skills.js:5 GET /api/v2/routing/skills getRoutingSkills",
            "py/roster/members.py:10 GET /api/v2/routing/wrapupcodes getRoutingWrapupcodes",
            "reports/queue_stats.py:3 GET /api/v2/routing/queues getRoutingQueues",
        ]
    );
}
