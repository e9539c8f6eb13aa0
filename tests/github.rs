//! `--format github`: one workflow command per finding, as the Actions runner
//! reads them, then the summary line.

mod common;

use common::{gclint, root};

fn github(dir: &std::path::Path, workspace: Option<&std::path::Path>) -> (String, i32) {
    let mut cmd = gclint();
    cmd.current_dir(dir)
        .args(["check", "--format", "github"])
        .env_remove("GITHUB_WORKSPACE");
    if let Some(w) = workspace {
        cmd.env("GITHUB_WORKSPACE", w);
    }
    let out = cmd.output().expect("gclint runs");
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn agent_dashboard_becomes_six_annotations() {
    let (stdout, code) = github(&root().join("examples/agent-dashboard"), None);
    assert_eq!(code, 1);
    let expected = [
        "::warning file=appfoundry.yaml,line=12,col=16,endLine=12,endColumn=21,title=gclint%3A implicit-grant-retired::\
         client `agent-dashboard` uses the implicit grant (TOKEN), which Genesys Cloud closed to new OAuth clients in March 2026 and stops accepting in March 2027; its users will then fail to sign in.\
         %0Ahelp: move to Authorization Code with PKCE: `grantType: CODE` with `pkce: true`, and sign in with a PKCE challenge (`loginPKCEGrant` in the JavaScript SDK)",
        "::notice file=appfoundry.yaml,line=16,col=9,endLine=16,endColumn=23,title=gclint%3A redundant-scope::\
         `users:readonly` is redundant: client `agent-dashboard` (TOKEN) also declares `users`, and every operation accepting `users:readonly` also accepts `users`.\
         %0Ahelp: remove `users:readonly`\
         %0Asee appfoundry.yaml:15:9: `users` declared here",
        "::warning file=appfoundry.yaml,line=17,col=9,endLine=17,endColumn=18,title=gclint%3A readonly-suffices::\
         client `agent-dashboard` (TOKEN) declares `analytics` but every call that uses it also accepts `analytics:readonly`: `postAnalyticsQueuesObservationsQuery`.\
         %0Ahelp: replace `analytics` with `analytics:readonly`",
        "::warning file=appfoundry.yaml,line=18,col=9,endLine=18,endColumn=22,title=gclint%3A unused-scope::\
         scope `notifications` is declared by client `agent-dashboard` (TOKEN) but no call under it needs it.\
         %0Ahelp: remove `notifications` from the scopes of client `agent-dashboard`",
        "::error file=js/app.js,line=18,col=38,endLine=18,endColumn=53,title=gclint%3A missing-scope::\
         getUserPresence (GET /api/v2/users/{userId}/presences/{sourceId}) needs one of the scopes `presence` or `presence:readonly`; client `agent-dashboard` (TOKEN) declares none of them.\
         %0Ahelp: add `presence:readonly` to the scopes of client `agent-dashboard`\
         %0Asee appfoundry.yaml:13:5: scopes of client `agent-dashboard`",
        "::warning file=js/app.js,line=25,col=16,endLine=25,endColumn=34,title=gclint%3A implicit-grant-retired::\
         `loginImplicitGrant` signs in with the implicit grant (TOKEN), which Genesys Cloud closed to new OAuth clients in March 2026 and stops accepting in March 2027.\
         %0Ahelp: call `loginPKCEGrant` with the same arguments (JavaScript SDK 187.0.0 or later; 181.0.0 lacks it) and give the OAuth client the CODE grant",
        "gclint: 1 error, 4 warnings, 1 note in 4 file(s)",
    ];
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);
}

#[test]
fn paths_are_relative_to_the_github_workspace() {
    let (stdout, _) = github(&root().join("examples/agent-dashboard"), Some(&root()));
    let last = stdout.lines().nth(4).unwrap();
    assert!(
        last.starts_with(
            "::error file=examples/agent-dashboard/js/app.js,line=18,col=38,endLine=18,endColumn=53,"
        ),
        "{last}"
    );
    assert!(last.ends_with(
        "%0Asee examples/agent-dashboard/appfoundry.yaml:13:5: scopes of client `agent-dashboard`"
    ));
}

#[test]
fn a_clean_app_prints_only_the_summary() {
    let (stdout, code) = github(&root().join("examples/supervisor-portal"), None);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "gclint: 0 errors, 0 warnings, 0 notes in 4 file(s)\n"
    );
}

#[test]
fn a_span_over_several_lines_has_no_columns() {
    // GitHub keeps columns only when an annotation starts and ends on one line.
    let (stdout, code) = github(&root().join("fixtures/inputs/schema"), None);
    assert_eq!(code, 1);
    assert_eq!(
        stdout.lines().nth(2).unwrap(),
        "::error file=appfoundry.yaml,line=8,endLine=9,title=gclint%3A manifest-schema::\
         `clients.1` is missing the required key `name`.\
         %0Ahelp: `gclint explain manifest-schema` describes the manifest; its JSON Schema is https://raw.githubusercontent.com/gclint/gclint/main/schemas/appfoundry.schema.json"
    );
}
