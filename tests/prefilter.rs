//! The prefilter loses nothing: on every fixture and example, on a tree of
//! the idioms gclint reads in each language, and (with
//! `GCLINT_PREFILTER_CORPUS=DIR`) on a folder of real repositories, every
//! source file in which the scanner finds a fact (a call, a login, a host,
//! a token endpoint, requested scopes, an Authorization header, a secret)
//! and that the previous, case-insensitive prefilter kept, the literal
//! case-sensitive one keeps too. (What a file only shares for others — a
//! wrapper, a URL builder — the second pass reads in projects that build
//! Platform URLs.)

mod common;

use gclint::scan::{self, Language};
use std::path::{Path, PathBuf};

/// The prefilter before it went case-sensitive: ten needles, any case.
fn previous_prefilter(text: &str) -> bool {
    let needles = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build([
            "api/v2",
            "Api(",
            "Api ",
            "login",
            "oauth",
            "purecloud",
            "pure.cloud",
            "secret",
            "grant_type",
            "authorization",
        ])
        .unwrap();
    needles.is_match(text) || text.contains("gclint:")
}

/// Source files under `dir` (any depth, dependency folders included: the
/// test is about the prefilter, not the walk).
fn sources(dir: &Path, out: &mut Vec<(PathBuf, Language)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if entry.file_name() != ".git" {
                sources(&path, out);
            }
        } else if kind.is_file() {
            if let Some(language) = Language::from_path(&path) {
                out.push((path, language));
            }
        }
    }
}

/// The files with a fact that the previous prefilter kept and the current
/// one skips; the number of files with a fact.
fn lost(dirs: &[PathBuf]) -> (Vec<String>, usize) {
    let mut files = Vec::new();
    for d in dirs {
        sources(d, &mut files);
    }
    let mut lost = Vec::new();
    let mut with_facts = 0;
    for (path, language) in files {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        if bytes.len() > 8 << 20 {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        let found = scan::scan_all(language, &text);
        // What a file shares for others (a URL builder, a wrapper) is read
        // by the second pass in the projects that need it.
        if !found.has_own_facts() {
            continue;
        }
        with_facts += 1;
        if previous_prefilter(&text) && !scan::worth_scanning_bytes(&bytes) {
            lost.push(path.display().to_string());
        }
    }
    (lost, with_facts)
}

#[test]
fn no_fixture_or_example_with_a_fact_is_skipped() {
    let root = common::root();
    let (lost, with_facts) = lost(&[root.join("fixtures"), root.join("examples")]);
    assert_eq!(lost, Vec::<String>::new());
    // The fixtures do hold facts: the comparison is not vacuous.
    assert!(with_facts > 100, "{with_facts} files with facts");
}

/// One file per idiom and language, as apps write them.
const IDIOMS: &[(&str, &str)] = &[
    ("sdk.js", "const platformClient = require('purecloud-platform-client-v2');\nconst usersApi = new platformClient.UsersApi();\nusersApi.getUsersMe();\n"),
    ("esm.ts", "import { RoutingApi } from 'purecloud-platform-client-v2';\nconst routing: RoutingApi = new RoutingApi();\nawait routing.getRoutingQueues();\n"),
    ("fetch.js", "fetch(`https://api.mypurecloud.com/api/v2/users/${id}`, { headers: { Authorization: `Bearer ${token}` } });\n"),
    ("axios.js", "axios.post('https://login.mypurecloud.ie/oauth/token', 'grant_type=client_credentials');\n"),
    ("login.js", "client.loginClientCredentialsGrant(clientId, clientSecret).then(() => {});\n"),
    ("pkce.js", "client.loginPKCEGrant(clientId, redirectUri);\n"),
    ("sdk.py", "import PureCloudPlatformClientV2\napi = PureCloudPlatformClientV2.UsersApi()\napi.get_users_me()\n"),
    ("rest.py", "requests.get(f\"https://api.usw2.pure.cloud/api/v2/routing/queues/{qid}\", headers={\"Authorization\": f\"Bearer {token}\"})\n"),
    ("token.py", "requests.post(\"https://login.mypurecloud.com/oauth/token\", data={\"grant_type\": \"client_credentials\"})\n"),
    ("Sdk.java", "UsersApi usersApi = new UsersApi();\nUserMe me = usersApi.getUsersMe(null, null);\n"),
    ("Typed.cs", "class Q { private readonly RoutingApi _routing; async Task Run() { await _routing.GetRoutingQueuesAsync(); } }\n"),
    ("Rest.cs", "await http.GetAsync($\"https://api.mypurecloud.com/api/v2/users/{id}\");\n"),
    ("sdk.go", "usersAPI := platformclientv2.NewUsersApi()\nme, _, err := usersAPI.GetUsersMe(nil, \"\")\n"),
    ("rest.go", "req, _ := http.NewRequest(\"GET\", base+\"/api/v2/routing/queues\", nil)\n"),
    ("rest.php", "<?php\n$r = $client->get('https://api.mypurecloud.com/api/v2/users/me');\n"),
    ("rest.ps1", "Invoke-RestMethod -Uri \"https://api.mypurecloud.com/api/v2/users/me\" -Headers @{ Authorization = \"Bearer $token\" }\n"),
    ("secret.js", "const clientSecret = 'q8Zr2lXk9TbVn4Wm7PcYs1Hd6JfGa3Ue0RiOo5Ll';\n"),
    ("Secret.java", "String CLIENT_SECRET = \"q8Zr2lXk9TbVn4Wm7PcYs1Hd6JfGa3Ue0RiOo5Ll\";\n"),
    ("host.kt", "val base = \"https://api.mypurecloud.de/api/v2\"\n"),
];

#[test]
fn no_idiom_with_a_fact_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in IDIOMS {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let mut files = Vec::new();
    sources(dir.path(), &mut files);
    assert_eq!(files.len(), IDIOMS.len());
    let mut missed = Vec::new();
    for (path, language) in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            !scan::scan_all(language, &text).is_empty(),
            "{name}: no fact found"
        );
        if !scan::worth_scanning(&text) {
            missed.push(name);
        }
    }
    assert_eq!(missed, Vec::<String>::new());
}

/// `GCLINT_PREFILTER_CORPUS=/work/corpus cargo test --test prefilter`:
/// the same check on real repositories (not shipped with the tests).
#[test]
fn no_corpus_file_with_a_fact_is_skipped() {
    let Some(dir) = std::env::var_os("GCLINT_PREFILTER_CORPUS") else {
        return;
    };
    let (lost, with_facts) = lost(&[PathBuf::from(dir)]);
    eprintln!("corpus: {with_facts} files with facts, {} lost", lost.len());
    assert_eq!(lost, Vec::<String>::new());
}
