use super::*;

fn calls(language: Language, src: &str) -> Vec<(String, CallKind)> {
    scan(language, src)
        .calls
        .into_iter()
        .map(|c| (src[c.range].to_string(), c.kind))
        .collect()
}

fn http(method: Option<&str>, path: &str) -> CallKind {
    CallKind::Http {
        method: method.map(str::to_string),
        path: path.to_string(),
    }
}

fn sdk(class: &str, method: &str) -> CallKind {
    CallKind::Sdk {
        class: Some(class.to_string()),
        method: method.to_string(),
    }
}

#[test]
fn javascript_axios_fetch_and_concatenation() {
    let src = r#"
        await axios.post(`https://api.mypurecloud.ie/api/v2/conversations/${id}/messages`, body);
        const r = await fetch('/api/v2/users/me?expand=presence');
        fetch("/api/v2/routing/queues", { method: "POST", body });
        axios({ method: 'delete', url: '/api/v2/users/' + user.id });
    "#;
    assert_eq!(
        calls(Language::JavaScript, src),
        vec![
            (
                "`https://api.mypurecloud.ie/api/v2/conversations/${id}/messages`".into(),
                http(Some("POST"), "/api/v2/conversations/{}/messages")
            ),
            (
                "'/api/v2/users/me?expand=presence'".into(),
                http(Some("GET"), "/api/v2/users/me?expand=presence")
            ),
            (
                "\"/api/v2/routing/queues\"".into(),
                http(Some("POST"), "/api/v2/routing/queues")
            ),
            (
                "'/api/v2/users/' + user.id".into(),
                http(Some("DELETE"), "/api/v2/users/{}")
            ),
        ]
    );
}

#[test]
fn javascript_comments_prose_and_regexes_are_not_calls() {
    let src = "// axios.get('/api/v2/users/me')\n/* fetch('/api/v2/x') */\nlog('calling /api/v2/users/me now');\nconst re = /\\/api\\/v2\\/x/;";
    assert_eq!(calls(Language::JavaScript, src), vec![]);
}

#[test]
fn other_services_api_v2_paths_are_not_calls() {
    let src = "axios.get(`https://${sub}.zendesk.com/api/v2/search.json`);\naxios.get(`https://api.${env}/api/v2/users/me`);\naxios.get('https://api.mypurecloud.ie/api/v2/users/me');";
    assert_eq!(calls(Language::JavaScript, src).len(), 2);
}

#[test]
fn javascript_sdk_calls_on_api_objects_only() {
    let src = "const usersApi = new platformClient.UsersApi();\nusersApi.getUsersMe({ expand: ['presence'] });\nother.getUsersMe();\ngetUsersMe();\nnew platformClient.RoutingApi().getRoutingQueues();";
    let found = calls(Language::JavaScript, src);
    assert_eq!(
        found,
        vec![
            ("getUsersMe".into(), sdk("UsersApi", "getUsersMe")),
            // Named as only the SDK names operations, on an object the file
            // does not show: kept by the loader only in a project that uses
            // Genesys and defines no `getUsersMe` (a bare call is never one).
            (
                "getUsersMe".into(),
                CallKind::Sdk {
                    class: None,
                    method: "getUsersMe".into()
                }
            ),
            (
                "getRoutingQueues".into(),
                sdk("RoutingApi", "getRoutingQueues")
            ),
        ]
    );
}

/// A parameter is a value handed in: its class is its own declaration's
/// or unknown, never that of another function's variable of the same name
/// (Python and JavaScript, where a parameter has no type; Java, where the
/// parameter's type names the class).
#[test]
fn a_parameter_is_not_another_functions_variable() {
    let unknown = |m: &str| CallKind::Sdk {
        class: None,
        method: m.to_string(),
    };
    let py = "def queues():\n    api = PureCloudPlatformClientV2.RoutingApi()\n    api.get_routing_queues()\n\ndef units(api):\n    return api.get_workforcemanagement_managementunits()\n";
    assert_eq!(
        calls(Language::Python, py),
        vec![
            (
                "get_routing_queues".into(),
                sdk("RoutingApi", "get_routing_queues")
            ),
            (
                "get_workforcemanagement_managementunits".into(),
                unknown("get_workforcemanagement_managementunits")
            ),
        ]
    );
    let js = "function queues() {\n  const api = new platformClient.RoutingApi();\n  return api.getRoutingQueues();\n}\nfunction units(api) {\n  return api.getWorkforcemanagementManagementunits();\n}\n";
    assert_eq!(
        calls(Language::JavaScript, js),
        vec![
            (
                "getRoutingQueues".into(),
                sdk("RoutingApi", "getRoutingQueues")
            ),
            (
                "getWorkforcemanagementManagementunits".into(),
                unknown("getWorkforcemanagementManagementunits")
            ),
        ]
    );
    let java = "class Sync {\n  void queues() throws Exception {\n    RoutingApi api = new RoutingApi();\n    api.getRoutingQueues();\n  }\n  void units(WorkforceManagementApi api) throws Exception {\n    api.getWorkforcemanagementManagementunits();\n  }\n}\n";
    assert_eq!(
        calls(Language::Java, java),
        vec![
            (
                "getRoutingQueues".into(),
                sdk("RoutingApi", "getRoutingQueues")
            ),
            (
                "getWorkforcemanagementManagementunits".into(),
                sdk(
                    "WorkforceManagementApi",
                    "getWorkforcemanagementManagementunits"
                )
            ),
        ]
    );
}

#[test]
fn path_variable_gets_method_from_later_call() {
    let src = "const url = `/api/v2/analytics/conversations/details/query`;\nconst res = await http.post(url, query);";
    assert_eq!(
        calls(Language::JavaScript, src)[0].1,
        http(
            Some("POST"),
            "/api/v2/analytics/conversations/details/query"
        )
    );
}

#[test]
fn path_variable_stops_at_its_next_assignment() {
    let src = "let url = '/api/v2/users/me';\nurl = '/api/v2/groups';\nhttp.delete(url);";
    assert_eq!(
        calls(Language::JavaScript, src),
        vec![
            ("'/api/v2/users/me'".into(), http(None, "/api/v2/users/me")),
            (
                "'/api/v2/groups'".into(),
                http(Some("DELETE"), "/api/v2/groups")
            ),
        ]
    );
}

#[test]
fn path_variable_passed_by_keyword_keeps_its_method() {
    let src = "url = f\"{base}/api/v2/users/{uid}\"\nr = requests.patch(url=url, json=body)\n";
    assert_eq!(
        calls(Language::Python, src),
        vec![(
            "f\"{base}/api/v2/users/{uid}\"".into(),
            http(Some("PATCH"), "/api/v2/users/{}")
        )]
    );
}

#[test]
fn options_are_read_from_the_call_and_its_options_object_only() {
    let src = "run(function () { request('/api/v2/users/me') }, { retries: 2, log: { method: 'POST' } });\n\
               run(function () { request('/api/v2/groups') }, { method: 'PUT' });\n\
               fetch('/api/v2/routing/queues', Object.assign({}, defaults, { method: 'POST' }));";
    assert_eq!(
        calls(Language::JavaScript, src),
        vec![
            ("'/api/v2/users/me'".into(), http(None, "/api/v2/users/me")),
            (
                "'/api/v2/groups'".into(),
                http(Some("PUT"), "/api/v2/groups")
            ),
            // The options are built by a call: the method is not known
            // (never the library's default guessed past them).
            (
                "'/api/v2/routing/queues'".into(),
                http(None, "/api/v2/routing/queues")
            ),
        ]
    );
}

/// A bundled SDK: thousands of URLs inside one wrapper call, and path
/// variables never used again. Each question about a URL (its call, the
/// call's end, the variable's later uses) must not read the whole file,
/// or this takes minutes instead of well under a second.
#[test]
fn a_bundle_of_many_urls_in_one_wrapper_is_read_in_one_pass() {
    let n = 20_000;
    let mut src =
        String::from("(function (root, factory) { root.sdk = factory(); })(this, function () {\n");
    src.push_str("class UsersApi {\n");
    for i in 0..n {
        src.push_str(&format!(
            "getUser{i}(e){{return this.apiClient.callApi('/api/v2/users/{{userId}}', 'GET', {{ userId: e }})}}\n"
        ));
    }
    src.push_str("}\nfunction paths(e){\n");
    for i in 0..n {
        src.push_str(&format!("var u{i}='/api/v2/groups/'+e;\n"));
    }
    src.push_str("fetch(u0, { method: 'DELETE' });\n}\nreturn UsersApi;\n});\n");
    let found = calls(Language::JavaScript, &src);
    assert_eq!(found.len(), 2 * n);
    assert!(found[..n].iter().all(|c| c
        == &(
            "'/api/v2/users/{userId}'".into(),
            http(Some("GET"), "/api/v2/users/{userId}")
        )));
    assert_eq!(
        found[n],
        (
            "'/api/v2/groups/'+e".into(),
            http(Some("DELETE"), "/api/v2/groups/{}")
        )
    );
    assert!(found[n + 1..].iter().all(|c| c
        == &(
            "'/api/v2/groups/'+e".into(),
            http(None, "/api/v2/groups/{}")
        )));
}

#[test]
fn python_requests_fstrings_and_sdk() {
    let src = r#"
import PureCloudPlatformClientV2
# requests.get(f"{BASE}/api/v2/users/me")  -- commented out
api_client = PureCloudPlatformClientV2.api_client.ApiClient().get_client_credentials_token(CLIENT_ID, CLIENT_SECRET)
users_api = PureCloudPlatformClientV2.UsersApi(api_client)
me = users_api.get_users_me()
resp = requests.post(f"{BASE}/api/v2/analytics/conversations/details/query", json=q)
requests.request("DELETE", BASE + "/api/v2/users/" + user_id)
requests.get("https://api.mypurecloud.ie/api/v2/routing/queues/{}".format(qid))
session.put(url=f"https://api.mypurecloud.ie/api/v2/users/{uid}/presences/purecloud")
"""A docstring mentioning /api/v2/users/me is prose."""
"#;
    assert_eq!(
        calls(Language::Python, src)
            .into_iter()
            .map(|c| c.1)
            .collect::<Vec<_>>(),
        vec![
            sdk("UsersApi", "get_users_me"),
            http(
                Some("POST"),
                "/api/v2/analytics/conversations/details/query"
            ),
            http(Some("DELETE"), "/api/v2/users/{}"),
            http(Some("GET"), "/api/v2/routing/queues/{}"),
            http(Some("PUT"), "/api/v2/users/{}/presences/purecloud"),
        ]
    );
    let flows = scan(Language::Python, src).flows;
    assert_eq!(flows.len(), 1);
    assert_eq!(flows[0].grant, GrantKind::ClientCredentials);
}

#[test]
fn java_sdk_and_http_client() {
    let src = r#"
// usersApi.getUsersMe(); in a comment
UsersApi usersApi = new UsersApi();
UserMe me = usersApi.getUsersMe(null, null);
HttpRequest req = HttpRequest.newBuilder()
    .uri(URI.create(BASE + "/api/v2/conversations/messages/agentless"))
    .POST(HttpRequest.BodyPublishers.ofString(body))
    .build();
Request r = new Request.Builder().url("https://api.mypurecloud.com/api/v2/users/" + id).delete().build();
"#;
    assert_eq!(
        calls(Language::Java, src)
            .into_iter()
            .map(|c| c.1)
            .collect::<Vec<_>>(),
        vec![
            sdk("UsersApi", "getUsersMe"),
            http(Some("POST"), "/api/v2/conversations/messages/agentless"),
            http(Some("DELETE"), "/api/v2/users/{}"),
        ]
    );
}

#[test]
fn csharp_httpclient_interpolation_and_sdk() {
    let src = r#"
var usersApi = new UsersApi();
var me = await usersApi.GetUsersMeAsync();
client.BaseAddress = new Uri("https://api.mypurecloud.com");
client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Guest", token);
var response = await client.PostAsync($"/api/v2/conversations/messaging/external/guests/{guestId}/messages", content);
var req = new HttpRequestMessage(HttpMethod.Patch, $"/api/v2/users/{userId}");
"#;
    let scan = scan(Language::CSharp, src);
    let kinds: Vec<CallKind> = scan.calls.iter().map(|c| c.kind.clone()).collect();
    assert_eq!(
        kinds,
        vec![
            sdk("UsersApi", "GetUsersMe"),
            http(
                Some("POST"),
                "/api/v2/conversations/messaging/external/guests/{}/messages"
            ),
            http(Some("PATCH"), "/api/v2/users/{}"),
        ]
    );
    assert_eq!(scan.auth_headers.len(), 1);
    assert_eq!(scan.auth_headers[0].scheme, "Guest");
    assert_eq!(scan.hosts[0].host, "api.mypurecloud.com");
}

#[test]
fn go_sdk_and_net_http() {
    let src = r#"
usersAPI := platformclientv2.NewUsersApi()
me, _, err := usersAPI.GetUsersMe(nil, "")
req, _ := http.NewRequest("DELETE", fmt.Sprintf("%s/api/v2/users/%s", base, id), nil)
resp, _ := http.Get(base + "/api/v2/routing/queues")
raw := `/api/v2/users/me`
config.AuthorizeClientCredentials(clientID, clientSecret)
"#;
    let found = calls(Language::Go, src);
    let kinds: Vec<CallKind> = found.iter().map(|c| c.1.clone()).collect();
    assert_eq!(
        kinds,
        vec![
            sdk("UsersApi", "GetUsersMe"),
            http(Some("DELETE"), "/api/v2/users/{}"),
            http(Some("GET"), "/api/v2/routing/queues"),
            http(None, "/api/v2/users/me"),
        ]
    );
    assert_eq!(
        scan(Language::Go, src).flows[0].grant,
        GrantKind::ClientCredentials
    );
}

#[test]
fn php_guzzle_with_dots_and_arrows() {
    let src = r#"<?php
# $client->get('/api/v2/users/me');
$response = $client->post('https://api.mypurecloud.com/oauth/token', [
  'form_params' => [
    'grant_type' => 'client_credentials',
    'client_id' => env('GENESYS_CLIENT_ID'),
    'client_secret' => 'kJ3hR9dLq2Wz8vXp',
    'scope' => 'view:conversation write:conversation:messaging'
  ]
]);
$queues = $client->request('GET', $base . '/api/v2/routing/queues/' . $queueId);
$usersApi = new UsersApi($config);
$me = $usersApi->getUsersMe();
"#;
    let scan = scan(Language::Php, src);
    let kinds: Vec<CallKind> = scan.calls.iter().map(|c| c.kind.clone()).collect();
    assert_eq!(
        kinds,
        vec![
            http(Some("GET"), "/api/v2/routing/queues/{}"),
            sdk("UsersApi", "getUsersMe")
        ]
    );
    assert_eq!(
        scan.token_endpoints[0].host.as_deref(),
        Some("api.mypurecloud.com")
    );
    assert_eq!(
        scan.requested_scopes[0].value,
        "view:conversation write:conversation:messaging"
    );
    assert_eq!(scan.secrets.len(), 1);
    assert_eq!(&src[scan.secrets[0].redact.clone()], "kJ3hR9dLq2Wz8vXp");
    assert_eq!(scan.flows[0].grant, GrantKind::ClientCredentials);
}

#[test]
fn powershell_invoke_restmethod() {
    let src = "# Invoke-RestMethod -Uri \"$base/api/v2/users/me\"\n$r = Invoke-RestMethod -Uri \"$base/api/v2/users/$userId\" -Method Patch -Headers $h\n";
    assert_eq!(
        calls(Language::PowerShell, src)
            .into_iter()
            .map(|c| c.1)
            .collect::<Vec<_>>(),
        vec![http(Some("PATCH"), "/api/v2/users/{}")]
    );
}

#[test]
fn kotlin_templates() {
    let src = "val api = UsersApi()\nval me = api.getUsersMe()\nclient.get(\"$base/api/v2/users/${user.id}/queues\")";
    assert_eq!(
        calls(Language::Kotlin, src)
            .into_iter()
            .map(|c| c.1)
            .collect::<Vec<_>>(),
        vec![
            sdk("UsersApi", "getUsersMe"),
            http(Some("GET"), "/api/v2/users/{}/queues")
        ]
    );
}

#[test]
fn secrets_are_found_but_placeholders_are_not() {
    let src = r#"
const clientSecret = 'Zq8wXk2pLm4nRt6v';
const CLIENT_SECRET = process.env.CLIENT_SECRET || 'Fallback9Secret42';
const config = { client_secret: "YOUR_CLIENT_SECRET", clientSecret: process.env.X };
const auth = btoa('my-client-id:s3cr3tV4lu3xyz');
client.loginClientCredentialsGrant(clientId, 'Lit3ralS3cretValue');
"#;
    let scan = scan(Language::JavaScript, src);
    let found: Vec<&str> = scan
        .secrets
        .iter()
        .map(|s| &src[s.redact.clone()])
        .collect();
    assert_eq!(
        found,
        [
            "Zq8wXk2pLm4nRt6v",
            "Fallback9Secret42",
            "my-client-id:s3cr3tV4lu3xyz",
            "Lit3ralS3cretValue"
        ]
    );
}

#[test]
fn hosts_regions_and_token_endpoints() {
    let src = r#"
client.setEnvironment('mypurecloud.ie');
client.setEnvironment(platformClient.PureCloudRegionHosts.eu_west_1);
const tokenUrl = 'https://login.mypurecloud.ie/oauth/token';
const wrong = `https://api.mypurecloud.com/oauth/token`;
const guess = 'https://api.eu.pure.cloud/api/v2/users/me';
"#;
    let scan = scan(Language::JavaScript, src);
    let hosts: Vec<(&str, HostKind)> = scan
        .hosts
        .iter()
        .map(|h| (h.host.as_str(), h.kind))
        .collect();
    assert_eq!(
        hosts,
        [
            ("mypurecloud.ie", HostKind::Environment),
            ("eu_west_1", HostKind::RegionConstant),
            ("login.mypurecloud.ie", HostKind::Url),
            ("api.mypurecloud.com", HostKind::Url),
            ("api.eu.pure.cloud", HostKind::Url),
        ]
    );
    let endpoints: Vec<Option<&str>> = scan
        .token_endpoints
        .iter()
        .map(|t| t.host.as_deref())
        .collect();
    assert_eq!(
        endpoints,
        [Some("login.mypurecloud.ie"), Some("api.mypurecloud.com")]
    );
}

/// A region is a member the SDK's region table defines; the names the
/// language gives every class (Python's enum `__members__`) and look-ups
/// by a value are the table's own, never regions.
#[test]
fn a_region_table_look_up_is_not_a_region() {
    let src = r#"
import PureCloudPlatformClientV2

def host_for(region):
    if PureCloudPlatformClientV2.PureCloudRegionHosts.__members__.get(region):
        return PureCloudPlatformClientV2.PureCloudRegionHosts[region].get_api_host()
    return PureCloudPlatformClientV2.PureCloudRegionHosts.eu_central_1.get_api_host()
"#;
    let scan = scan(Language::Python, src);
    let hosts: Vec<(&str, HostKind)> = scan
        .hosts
        .iter()
        .map(|h| (h.host.as_str(), h.kind))
        .collect();
    assert_eq!(hosts, [("eu_central_1", HostKind::RegionConstant)]);
}

/// Basic credentials are `base64(id:secret)`: a pair whose secret is a
/// placeholder (`user:password`, `admin:changeme`) is a test value, not a
/// secret; a generated one still is (Python, Go, JavaScript).
#[test]
fn basic_credentials_of_placeholder_words_are_not_secrets() {
    let found = |language: Language, src: &str| -> Vec<String> {
        let scan = scan(language, src);
        scan.secrets
            .iter()
            .map(|s| src[s.redact.clone()].to_string())
            .collect()
    };
    let py = r#"
HEADERS = {"Authorization": "Basic dXNlcjpwYXNzd29yZA=="}
REAL = {"Authorization": "Basic c3ZjLXJlcG9ydGluZzpRN3ZOejJMcFg5d0s0bVRjOFJiWQ=="}
"#;
    assert_eq!(
        found(Language::Python, py),
        ["Basic c3ZjLXJlcG9ydGluZzpRN3ZOejJMcFg5d0s0bVRjOFJiWQ=="]
    );
    let go = "package t\n\nfunc h(r *http.Request) {\n\tr.Header.Set(\"Authorization\", \"Basic \"+\"YWRtaW46Y2hhbmdlbWU=\")\n}\n";
    assert_eq!(found(Language::Go, go), Vec::<String>::new());
    let js = "const headers = { Authorization: 'Basic ' + 'c3ZjLXJlcG9ydGluZzpRN3ZOejJMcFg5d0s0bVRjOFJiWQ==' };\n";
    assert_eq!(
        found(Language::JavaScript, js),
        ["c3ZjLXJlcG9ydGluZzpRN3ZOejJMcFg5d0s0bVRjOFJiWQ=="]
    );
}

#[test]
fn authorization_headers() {
    let src = "headers: { 'Authorization': `Guest ${token}` }\nxhr.setRequestHeader('Authorization', 'Bearer ' + t);\nh[\"Authorization\"] = \"Basic \" + encoded;";
    let schemes: Vec<String> = scan(Language::JavaScript, src)
        .auth_headers
        .into_iter()
        .map(|a| a.scheme)
        .collect();
    assert_eq!(schemes, ["Guest", "Bearer", "Basic"]);
}

#[test]
fn logins_are_flows() {
    let src = "client.loginClientCredentialsGrant(id, secret);\nconst body = { grant_type: 'client_credentials' };\nclient.loginPKCEGrant(id, uri);";
    let flows = scan(Language::JavaScript, src).flows;
    assert_eq!(
        flows.iter().map(|f| (f.grant, f.pkce)).collect::<Vec<_>>(),
        [
            (GrantKind::ClientCredentials, false),
            (GrantKind::ClientCredentials, false),
            (GrantKind::Code, true)
        ]
    );
}

/// Token requests built as forms: an index assignment with a typed value
/// (Go `url.Values`), a composite literal, a Python dict item; the value
/// is the first string of the expression, never one past its end.
#[test]
fn form_grant_types_are_flows() {
    let go = "formParams := url.Values{}\nformParams[\"grant_type\"] = []string{\"client_credentials\"}\nv := url.Values{\"grant_type\": {\"authorization_code\"}, \"code_verifier\": {verifier}}\n";
    let flows = scan(Language::Go, go).flows;
    assert_eq!(
        flows.iter().map(|f| (f.grant, f.pkce)).collect::<Vec<_>>(),
        [
            (GrantKind::ClientCredentials, false),
            (GrantKind::Code, true)
        ]
    );
    assert_eq!(&go[flows[0].range.clone()], "\"client_credentials\"");
    let py = "data = {}\ndata['grant_type'] = 'client_credentials'\n";
    assert_eq!(scan(Language::Python, py).flows.len(), 1);
    // The grant is a variable: the next string belongs to another entry.
    let js = "const form = { grant_type: grant, scope: 'client_credentials' };";
    assert_eq!(scan(Language::JavaScript, js).flows.len(), 0);
}

#[test]
fn script_blocks_in_html_are_browser_code() {
    let html = "<html><script src=x.js></script><script>\nfetch('https://api.mypurecloud.com/api/v2/users/me')\nfetch('/api/v2/tickets/1')\n</script></html>";
    let out = scan(Language::Html, html);
    // A path with no base goes to the page's own server.
    assert_eq!(out.calls.len(), 1);
    assert_eq!(
        &html[out.calls[0].range.clone()],
        "'https://api.mypurecloud.com/api/v2/users/me'"
    );
    assert!(out.browser);
}

#[test]
fn unterminated_input_does_not_panic() {
    for src in [
        "`abc ${ 'x",
        "'unterminated",
        "/* open",
        "a / b / c",
        "x = /[/",
        "é`${é",
        "new X.UsersApi(",
        "a.b(",
        "grant_type",
    ] {
        for lang in [
            Language::JavaScript,
            Language::Python,
            Language::Php,
            Language::CSharp,
            Language::Go,
            Language::PowerShell,
        ] {
            let _ = scan(lang, &format!("{src} /api/v2 Api( login secret"));
        }
    }
}

/// A function of the app named like an SDK login (its definition, a call
/// of it) is not a login; the SDK call inside it is.
#[test]
fn own_functions_named_like_logins_are_not_logins() {
    let src = "class Auth {\n  private loginImplicitGrant(): Observable<AuthData> {\n    return from(this.client.loginImplicitGrant(id, uri));\n  }\n}\nasync function loginClientCredentialsGrant() {}\nloginClientCredentialsGrant();\n";
    let flows = scan(Language::JavaScript, src).flows;
    assert_eq!(flows.len(), 1);
    assert_eq!(&src[flows[0].range.clone()], "loginImplicitGrant");
    assert_eq!(
        flows[0].range.start,
        src.find("client.loginImplicitGrant").unwrap() + 7
    );
}

#[test]
fn the_start_of_a_platform_path_after_a_slash_or_a_quote() {
    for text in [
        "QUEUES = \"/routing/queues\"",
        "const GET = 'conversations/{conversationId}';",
        "f\"{base}/users/{user_id}\"",
        "`presencedefinitions`",
        "path: 'oauth/clients'",
    ] {
        assert!(names_path_head(text.as_bytes()), "{text}");
    }
    for text in [
        // A head inside a longer word, or without a slash or quote before it.
        "await repository.update(users);",
        "import '/static/usersettings.js'",
        "routing = load(\"config\")",
        "const r = '/api/internal/metrics';",
        "",
    ] {
        assert!(!names_path_head(text.as_bytes()), "{text}");
    }
}
