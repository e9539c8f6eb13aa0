//! Fixture apps in every language the source scanner reads (issue 8
//! acceptance): a small, realistic app per language under
//! `fixtures/languages/<language>/`, each with its `appfoundry.yaml`.
//!
//! Each test asserts the exact `rule severity file:line:col` list that a
//! correct gclint reports. The lists were written from the API data before
//! the scanner was run on these apps, not copied from its output.
//!
//! `fixtures/languages/LABELS.md` holds the same findings as labels; the
//! precision/recall test scores the binary against them over all fixtures.

mod common;

use common::findings;

/// `rule severity file:line:col` of each finding of a fixture (the message
/// dropped), and the exit code.
fn located(language: &str) -> (Vec<String>, i32) {
    let (lines, code) = findings(&format!("fixtures/languages/{language}"));
    let located = lines
        .into_iter()
        .map(|l| l.split(" | ").next().unwrap_or_default().to_string())
        .collect();
    (located, code)
}

fn check(language: &str, expected: &[&str]) {
    let (found, code) = located(language);
    assert_eq!(found, expected, "findings of fixtures/languages/{language}");
    // Every fixture has at least one error.
    assert_eq!(code, 1, "exit code of fixtures/languages/{language}");
}

/// Node service under client credentials (SDK + axios) and an office TV page
/// that fetches its own client-credentials token in the browser. Not
/// findings: the Zendesk calls (full URL and `axios.create({ baseURL })`),
/// StatusPage's `OAuth` header, `StatusPageApi`, a commented-out call, a log
/// line naming a path, `/api/v2/organizations/me` under client credentials.
const JAVASCRIPT: &[&str] = &[
    // a role granted without a division (Home only); the calls act on division-aware objects
    "home-division-only note appfoundry.yaml:9:13",
    "home-division-only note appfoundry.yaml:14:13",
    // `const clientSecret = '...'` in a `<script>` block
    "hardcoded-secret error public/index.html:12:26",
    "secret-in-browser error public/index.html:12:26",
    // `body: 'grant_type=client_credentials'` in the browser
    "secret-in-browser error public/index.html:22:15",
    // the role grants queue observations, not conversation details
    "missing-permission error server/sync.js:27:38",
    // `usersApi.getUsersMe()` with a client-credentials token
    "user-context-required error server/sync.js:37:29",
];

/// Agent desktop widget on the implicit grant. Not findings: the bare
/// `getUsersMe()` wrapper call, `CrmApi` and its `/api/v2` base URL, a call in
/// a comment.
const TYPESCRIPT: &[&str] = &[
    // the implicit grant, retired in March 2027: the client and its login
    "implicit-grant-retired warning appfoundry.yaml:7:16",
    // `routing` is used only by `getRoutingQueue` (on a type-annotated `routingApi`)
    "readonly-suffices warning appfoundry.yaml:13:9",
    // a permission name written as a scope
    "unknown-scope error appfoundry.yaml:15:9",
    "unused-scope warning appfoundry.yaml:16:9",
    // `PureCloudRegionHosts.eu_central_1`, manifest says eu_west_1
    "region-mismatch warning src/auth.ts:13:40",
    "implicit-grant-retired warning src/auth.ts:16:16",
    // `getAnalyticsConversationDetails` needs `analytics[:readonly]`
    "missing-scope error src/history.ts:21:74",
];

/// SDK with client credentials and a `requests` token fetch. Not findings:
/// docstrings and comments naming SDK calls, `YOUR_CLIENT_SECRET`, log
/// strings naming paths.
const PYTHON: &[&str] = &[
    // a role granted without a division (Home only); the calls act on division-aware objects
    "home-division-only note appfoundry.yaml:8:13",
    // its role grants `conversation:message:create`, which no call gclint could judge needs; one call it cannot judge
    "excess-permission note appfoundry.yaml:11:11",
    // made-up `ConversationsApi.post_conversations_messaging`
    "unknown-sdk-method error exporter/followup.py:15:30",
    // `https://api.mypurecloud.com/oauth/token`
    "wrong-auth-host error exporter/token_cache.py:9:13",
];

/// Java SDK with client credentials and `java.net.http`. Not findings:
/// `HrisApi`, a log line naming a path.
const JAVA: &[&str] = &[
    // a role granted without a division (Home only); the calls act on division-aware objects
    "home-division-only note appfoundry.yaml:8:13",
    // `directory:user:edit` widens access, and `patchUser` needs it
    "privilege-escalation note appfoundry.yaml:15:27",
    "hardcoded-secret error src/main/java/com/acme/roster/GenesysConfig.java:13:41",
    // `/api/v2/users/{userId}/skills` does not exist (it is `/routingskills`)
    "unknown-endpoint error src/main/java/com/acme/roster/ReportClient.java:31:43",
    // `postUserRoutingskills` needs `routing:skill:assign`
    "missing-permission error src/main/java/com/acme/roster/RosterSync.java:48:28",
    "deprecated-endpoint warning src/main/java/com/acme/roster/RosterSync.java:58:52",
];

/// Ktor app on the authorization code grant, Java SDK and Ktor client.
const KOTLIN: &[&str] = &[
    // authorize URL in mypurecloud.com, manifest says eu_west_1
    "region-mismatch warning src/main/kotlin/com/example/supervisor/Auth.kt:20:35",
    // `users:read` in the requested `scope`
    "unknown-scope error src/main/kotlin/com/example/supervisor/Auth.kt:37:93",
    // `/api/v2/users/{userId}/queues` needs `users[:readonly]`
    "missing-scope error src/main/kotlin/com/example/supervisor/DashboardService.kt:50:49",
];

/// .NET SDK under client credentials, and a legacy guest chat client over
/// `HttpClient`. Not findings: doc comments, an interpolated log line, and
/// `guest-endpoint-auth` in `GuestChatClient.cs`, which is outside the OAuth
/// client's `sources` and sends the guest JWT itself.
const CSHARP: &[&str] = &[
    // `BaseAddress = new Uri("https://api.mypurecloud.com")`, manifest says eu_west_1
    "region-mismatch warning Services/GuestChatClient.cs:17:71",
    // `PostAsJsonAsync("/api/v2/webchat/guest/conversations", ...)`
    "deprecated-endpoint warning Services/GuestChatClient.cs:28:52",
    "invalid-auth-scheme error Services/GuestChatClient.cs:32:83",
    "deprecated-endpoint warning Services/GuestChatClient.cs:39:46",
    // `new HttpRequestMessage(HttpMethod.Delete, ...)`
    "deprecated-endpoint warning Services/GuestChatClient.cs:45:71",
    // a Web Messaging JWT endpoint called with the OAuth client's token
    "guest-endpoint-auth error Services/TranscriptService.cs:30:46",
    // a role granted without a division (Home only); the calls act on division-aware objects
    "home-division-only note appfoundry.yaml:8:13",
    // the role's `analytics:conversationDetail:view`: no call needs it
    "excess-permission warning appfoundry.yaml:14:9",
];

/// Go SDK with client credentials and `net/http`. Not findings: a commented-out
/// call, a log line naming a path.
const GO: &[&str] = &[
    // a role granted without a division (Home only); the calls act on division-aware objects
    "home-division-only note appfoundry.yaml:8:13",
    // two calls gclint cannot judge: whether the role grants more than needed is not known
    "excess-permission note appfoundry.yaml:11:11",
    // `directory:user:edit` widens access; whether the calls need it is not known
    "privilege-escalation note appfoundry.yaml:14:9",
    // `DELETE /api/v2/users/{userId}` needs `directory:user:delete`
    "missing-permission error internal/directory/leavers.go:54:56",
    // `http.NewRequest(http.MethodPut, ".../api/v2/users/%s")`
    "method-not-allowed error internal/directory/leavers.go:61:57",
    // `/api/v2/users/{userId}/presence` does not exist
    "unknown-endpoint error internal/directory/leavers.go:72:29",
    // `https://api.eu.pure.cloud`
    "unknown-region error main.go:13:17",
    "deprecated-endpoint warning presence.go:31:30",
];

/// Laravel app on the authorization code grant with Guzzle. Not findings:
/// `#` and `/** */` comments naming calls.
const PHP: &[&str] = &[
    // `'scope' => 'users:readonly,conversations:readonly,...'`
    "scope-delimiter warning app/Http/Controllers/GenesysAuthController.php:20:24",
    // `https://mypurecloud.com/oauth/token`
    "wrong-auth-host error app/Http/Controllers/GenesysAuthController.php:32:33",
    // `/api/v2/users/me` needs `user-basic-info`, not `users:readonly`
    "missing-scope error app/Services/GenesysClient.php:31:45",
    "missing-scope error app/Services/GenesysClient.php:56:48",
    "unused-scope warning appfoundry.yaml:10:9",
    // `env('GENESYS_CLIENT_SECRET', '<literal>')`
    "hardcoded-secret error config/genesys.php:13:53",
];

/// Admin scripts with `Invoke-RestMethod` under client credentials. Not
/// findings: a call in `<# #>` help, `/api/v2/organizations/me`, a
/// `Write-Host` line naming a path.
const POWERSHELL: &[&str] = &[
    // a role granted without a division (Home only); the calls act on division-aware objects
    "home-division-only note appfoundry.yaml:8:13",
    // no call needs `directory:user:view`, `directory:user:edit` (which widens access) or `routing:queue:view`
    "excess-permission warning appfoundry.yaml:13:9",
    "excess-permission warning appfoundry.yaml:14:9",
    "privilege-escalation warning appfoundry.yaml:14:9",
    "excess-permission warning appfoundry.yaml:15:9",
    "hardcoded-secret error modules/GenesysAuth.psm1:10:24",
    // `$uri = ".../api/v2/users/$($leaver.id)"` sent with `-Method Delete`
    "missing-permission error scripts/Remove-Leavers.ps1:24:16",
    // `Invoke-RestMethod -Uri "$ApiBase/api/v2/users/me"` (GET by default)
    "user-context-required error scripts/Sync-QueueMembers.ps1:16:34",
];

const ALL: [(&str, &[&str]); 9] = [
    ("javascript", JAVASCRIPT),
    ("typescript", TYPESCRIPT),
    ("python", PYTHON),
    ("java", JAVA),
    ("kotlin", KOTLIN),
    ("csharp", CSHARP),
    ("go", GO),
    ("php", PHP),
    ("powershell", POWERSHELL),
];

#[test]
fn javascript() {
    check("javascript", JAVASCRIPT);
}

#[test]
fn typescript() {
    check("typescript", TYPESCRIPT);
}

#[test]
fn python() {
    check("python", PYTHON);
}

#[test]
fn java() {
    check("java", JAVA);
}

#[test]
fn kotlin() {
    check("kotlin", KOTLIN);
}

#[test]
fn csharp() {
    check("csharp", CSHARP);
}

#[test]
fn go() {
    check("go", GO);
}

#[test]
fn php() {
    check("php", PHP);
}

#[test]
fn powershell() {
    check("powershell", POWERSHELL);
}

/// The labels of `fixtures/languages/LABELS.md`: `rule language/file:line:col`,
/// one per line inside its fenced blocks.
fn labels() -> Vec<String> {
    let text = include_str!("../fixtures/languages/LABELS.md");
    let mut inside = false;
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("```") {
            inside = !inside;
            continue;
        }
        if inside && !line.is_empty() {
            out.push(line.to_string());
        }
    }
    out
}

/// `rule severity file:line:col` of a fixture → `rule language/file:line:col`.
fn as_label(language: &str, finding: &str) -> String {
    let mut parts = finding.splitn(3, ' ');
    let rule = parts.next().unwrap_or_default();
    let _severity = parts.next();
    let location = parts.next().unwrap_or_default();
    format!("{rule} {language}/{location}")
}

/// LABELS.md and the per-language expectations above say the same thing.
#[test]
fn labels_match_the_expectations() {
    let mut from_tests: Vec<String> = ALL
        .iter()
        .flat_map(|(language, expected)| expected.iter().map(|e| as_label(language, e)))
        .collect();
    let mut from_labels = labels();
    from_tests.sort();
    from_labels.sort();
    assert_eq!(from_labels, from_tests);
}

/// Precision and recall of the binary over every language fixture, against
/// the labels. Each finding matches at most one label (rule, file, line and
/// column); unmatched findings are false positives, unmatched labels false
/// negatives.
#[test]
fn precision_and_recall() {
    let mut unmatched = labels();
    let total_labels = unmatched.len();
    let mut true_positives = 0usize;
    let mut false_positives = Vec::new();
    for (language, _) in ALL {
        let (found, _) = located(language);
        for finding in found {
            let label = as_label(language, &finding);
            match unmatched.iter().position(|l| *l == label) {
                Some(i) => {
                    unmatched.remove(i);
                    true_positives += 1;
                }
                None => false_positives.push(label),
            }
        }
    }
    let false_negatives = unmatched;
    let reported = true_positives + false_positives.len();
    let precision = if reported == 0 {
        0.0
    } else {
        true_positives as f64 / reported as f64
    };
    let recall = true_positives as f64 / total_labels as f64;
    eprintln!(
        "languages: precision {precision:.3} ({true_positives} TP / {} FP), recall {recall:.3} ({} FN of {total_labels} labels)",
        false_positives.len(),
        false_negatives.len()
    );
    for fp in &false_positives {
        eprintln!("  false positive: {fp}");
    }
    for fn_ in &false_negatives {
        eprintln!("  false negative: {fn_}");
    }
    assert!(precision >= 0.95, "precision {precision:.3} < 0.95");
    assert!(recall >= 0.90, "recall {recall:.3} < 0.90");
}
