//! A pull request is hostile input (issue 29). Each test plants what a
//! hostile repository can commit — a symbolic link where gclint writes, a
//! configuration pointing out of the repository, a secret on one line,
//! names carrying workflow commands, HTML and terminal escapes, files
//! built to cost time or memory — and asserts what the user sees: nothing
//! written outside the repository or through a link, no secret printed, no
//! injected output, bounded work, nothing left behind.

mod common;

use common::{files, gclint, git, run_in, temp_repo, Run};
use std::path::{Path, PathBuf};

fn put(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

/// A small app in `dir`: one PKCE client declaring two scopes no call
/// needs, and the code that needs a third. Three safe fixes.
const MANIFEST: &str = "name: toolbar\nintegrationType: client-app\nclients:\n  - name: toolbar\n    grantType: CODE\n    pkce: true\n    redirectUris: [\"https://toolbar.example.com/\"]\n    scopes:\n      - users\n      - notifications\n    sources:\n      - web/**\n";
const CODE: &str = "const usersApi = new platformClient.UsersApi();\nusersApi.getUsersMe();\n";

fn app(dir: &Path) {
    put(&dir.join("appfoundry.yaml"), MANIFEST);
    put(&dir.join("web/app.js"), CODE);
}

/// A file outside every repository of the test, which must survive.
fn victim() -> (tempfile::TempDir, PathBuf) {
    let outside = tempfile::tempdir().unwrap();
    let path = outside.path().join("victim.txt");
    put(&path, "precious\n");
    (outside, path)
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

// 1. No write through a planted symbolic link.

/// The baseline used to be written to `<name>.gclint-tmp` with a write that
/// follows links: a repository committing a link of that name had the
/// link's target overwritten.
#[cfg(unix)]
#[test]
fn a_link_planted_at_the_baseline_temporary_name_is_never_followed() {
    let repo = temp_repo();
    app(repo.path());
    let (_outside, victim) = victim();
    symlink(&victim, &repo.path().join("gclint-baseline.gclint-tmp"));
    let run = run_in(
        repo.path(),
        &["check", ".", "--write-baseline", "gclint-baseline.json"],
    );
    assert_eq!(read(&victim), "precious\n");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "gclint: wrote 3 findings to the baseline gclint-baseline.json\n"
    );
    assert!(read(&repo.path().join("gclint-baseline.json")).contains("\"findings\""));
    assert_eq!(
        files(repo.path()),
        [
            "appfoundry.yaml",
            "gclint-baseline.gclint-tmp",
            "gclint-baseline.json",
            "web/app.js"
        ]
    );
}

/// A baseline, a report or a database whose name is a link is refused, not
/// written through (or over).
#[cfg(unix)]
#[test]
fn named_outputs_that_are_links_are_refused() {
    let repo = temp_repo();
    app(repo.path());
    let (_outside, victim) = victim();
    for name in ["gclint-baseline.json", "report.sarif", "genesys-api.json"] {
        symlink(&victim, &repo.path().join(name));
    }
    let why = "a symbolic link, which gclint does not write through (name the file it points to)";

    let run = run_in(
        repo.path(),
        &["check", ".", "--write-baseline", "gclint-baseline.json"],
    );
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            format!("gclint: error: gclint-baseline.json: cannot write the baseline: {why}\n")
                .as_str()
        )
    );
    let run = run_in(
        repo.path(),
        &[
            "check",
            ".",
            "--format",
            "sarif",
            "--output",
            "report.sarif",
        ],
    );
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            format!("gclint: error: cannot write report.sarif: {why}\n").as_str()
        )
    );
    let swagger =
        common::root().join("reference/genesys-api/swagger-split/genesys-audit-api-openapi.yml");
    let run = run_in(
        repo.path(),
        &[
            "db",
            "import",
            swagger.to_str().unwrap(),
            "--output",
            "genesys-api.json",
        ],
    );
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            format!("gclint: error: cannot write genesys-api.json: {why}\n").as_str()
        )
    );
    assert_eq!(read(&victim), "precious\n");
    assert_eq!(
        files(repo.path()),
        [
            "appfoundry.yaml",
            "gclint-baseline.json",
            "genesys-api.json",
            "report.sarif",
            "web/app.js"
        ]
    );
}

/// `--fix` on a manifest that is a link: the link's target (outside the
/// repository) used to be rewritten.
#[cfg(unix)]
#[test]
fn fixes_are_not_written_through_a_link() {
    let repo = temp_repo();
    put(&repo.path().join("web/app.js"), CODE);
    let outside = tempfile::tempdir().unwrap();
    let real = outside.path().join("appfoundry.yaml");
    put(&real, MANIFEST);
    symlink(&real, &repo.path().join("appfoundry.yaml"));
    let run = run_in(
        repo.path(),
        &[
            "check",
            ".",
            "--manifest",
            "appfoundry.yaml",
            "--fix",
            "--format",
            "json",
        ],
    );
    assert_eq!(read(&real), MANIFEST);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "gclint: nothing to fix\ngclint: warning: appfoundry.yaml: a symbolic link, which gclint does not write through (name the file it points to); not fixed\n"
    );
}

// 2. No fix outside the repository.

/// `manifest = "../…"` or an absolute path in a repository's gclint.toml
/// used to make `--fix` and `scopes --write` rewrite that file.
#[test]
fn a_configuration_cannot_name_a_manifest_outside_its_repository() {
    let base = tempfile::tempdir().unwrap();
    let repo = base.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    put(&repo.join("web/app.js"), CODE);
    let outside = base.path().join("outside/appfoundry.yaml");
    put(&outside, MANIFEST);
    for (value, shown) in [
        (
            "../outside/appfoundry.yaml".to_string(),
            "../outside/appfoundry.yaml".to_string(),
        ),
        (outside.display().to_string(), outside.display().to_string()),
    ] {
        put(
            &repo.join("gclint.toml"),
            &format!("manifest = \"{value}\"\n"),
        );
        for args in [
            &["check", ".", "--fix"][..],
            &["scopes", ".", "--write"][..],
        ] {
            let run = run_in(&repo, args);
            assert_eq!(run.code, 2, "{args:?}: {}", run.stdout);
            // The value with its quotes is underlined, the label hangs from its middle.
            let width = shown.len() + 2;
            let (left, right) = (width / 2, width - width / 2 - 1);
            assert_eq!(
                run.stderr,
                format!(
                    "  × the manifest `{shown}` is outside the repository\n   \
                     ╭─[gclint.toml:1:12]\n \
                     1 │ manifest = \"{shown}\"\n   \
                     ·            {}┬{}\n   \
                     ·            {}╰── outside the repository\n   \
                     ╰────\n  \
                     help: gclint reads and writes only the files of the repository it checks: move the manifest into\n        \
                     it, or name it with --manifest\n\n\
                     gclint: error: gclint.toml: 1 error in the configuration\n",
                    "─".repeat(left),
                    "─".repeat(right),
                    " ".repeat(left),
                ),
                "{args:?}"
            );
            assert_eq!(read(&outside), MANIFEST);
        }
    }
}

// 5. Nothing left behind, nothing readable by others.

/// Starts gclint with the debug build's pause hook (`GCLINT_TEST_PAUSE`) and
/// returns once it says it stopped at `point`.
#[cfg(unix)]
fn paused_at(dir: &Path, args: &[&str], point: &str, env: &[(&str, &Path)]) -> std::process::Child {
    use std::io::BufRead;
    let mut child = gclint()
        .current_dir(dir)
        .args(args)
        .env("GCLINT_TEST_PAUSE", point)
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = std::io::BufReader::new(stderr).lines();
    let wanted = format!("gclint: paused at {point}");
    loop {
        match lines.next() {
            Some(Ok(line)) if line == wanted => break,
            Some(Ok(_)) => continue,
            _ => panic!("gclint ended before {point}"),
        }
    }
    child
}

/// Sends `signal` (`INT`, `TERM`) and waits: the run ends by that signal.
#[cfg(unix)]
fn interrupt(mut child: std::process::Child, signal: &str, number: i32) {
    use std::os::unix::process::ExitStatusExt;
    let sent = std::process::Command::new("kill")
        .args([format!("-{signal}"), child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(number), "{status:?}");
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Ctrl-C while a fix is being written used to leave a full-size hidden
/// temporary file beside the manifest.
#[cfg(unix)]
#[test]
fn an_interrupted_fix_leaves_no_temporary_file() {
    let repo = temp_repo();
    app(repo.path());
    let child = paused_at(repo.path(), &["check", ".", "--fix"], "temporary-file", &[]);
    let during = files(repo.path());
    assert_eq!(during.len(), 3, "{during:?}");
    assert!(
        during[0].starts_with(".appfoundry.yaml.") && during[0].ends_with(".gclint-tmp"),
        "{during:?}"
    );
    interrupt(child, "INT", 2);
    assert_eq!(files(repo.path()), ["appfoundry.yaml", "web/app.js"]);
    assert_eq!(read(&repo.path().join("appfoundry.yaml")), MANIFEST);
}

/// The copy of a revision (committed `.env` files included) used to be
/// world-readable and to stay in the temporary folder after Ctrl-C or
/// SIGTERM.
#[cfg(unix)]
#[test]
fn revision_copies_are_private_and_removed_when_interrupted() {
    let repo = tempfile::tempdir().unwrap();
    app(repo.path());
    put(&repo.path().join("server/.env"), "CLIENT_ID=x\n");
    git(repo.path(), &["init", "--quiet", "--initial-branch=main"]);
    git(repo.path(), &["add", "--all"]);
    git(repo.path(), &["commit", "--quiet", "--message", "app"]);
    let temp = tempfile::tempdir().unwrap();
    for (signal, number) in [("INT", 2), ("TERM", 15)] {
        let child = paused_at(
            repo.path(),
            &["access-diff", "HEAD"],
            "revision-copy",
            &[("TMPDIR", temp.path())],
        );
        let copies: Vec<PathBuf> = std::fs::read_dir(temp.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(copies.len(), 1, "{copies:?}");
        let copy = &copies[0];
        assert!(copy
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("gclint-access-diff-"));
        assert_eq!(mode(copy), 0o700);
        assert_eq!(mode(&copy.join("server")), 0o700);
        assert_eq!(mode(&copy.join("server/.env")), 0o600);
        assert_eq!(mode(&copy.join("appfoundry.yaml")), 0o600);
        interrupt(child, signal, number);
        assert_eq!(
            std::fs::read_dir(temp.path()).unwrap().count(),
            0,
            "{signal}"
        );
    }
}

// 3. No secret printed.

const EXPORT_SECRET: &str = "Zk3pQ9vX_r2LmN8tB4wE7yH1cJ6sD0aF5gK2uV9iO3q";
const MANIFEST_SECRET: &str = "Qw8eR7tY6uI5oP4aS3dF2gH1jK0lZ9xC8vB7nM6qW5e";
const FORM_SECRET: &str = "Mn4bV5cX6zL7kJ8hG9fD0sA1pO2iU3yT4rE5wQ6aZ7x";

/// Every output of `check` for one tree: the four formats, each with
/// `--statistics`.
fn every_format(dir: &Path, args: &[&str]) -> Vec<(String, Run)> {
    ["human", "json", "sarif", "github"]
        .into_iter()
        .map(|format| {
            let mut all = vec!["check", "."];
            all.extend_from_slice(args);
            all.extend_from_slice(&["--format", format, "--statistics"]);
            (format.to_string(), run_in(dir, &all))
        })
        .collect()
}

fn assert_never_printed(outputs: &[(String, Run)], secrets: &[&str]) {
    for (format, run) in outputs {
        for secret in secrets {
            assert!(
                !run.stdout.contains(secret) && !run.stderr.contains(secret),
                "{format} prints {secret}:\n{}\n{}",
                run.stdout,
                run.stderr
            );
        }
    }
}

/// A client export saved by `curl … > client.json` or `jq -c` is one line:
/// its secret was never found, and any finding on that line printed it.
#[test]
fn a_secret_in_single_line_client_json_is_masked_everywhere() {
    let repo = temp_repo();
    put(
        &repo.path().join("client.json"),
        &format!("{{\"id\":\"4f1c2b3a-0000-4e5d-8c7b-6a5f4e3d2c1b\",\"name\":\"portal\",\"authorizedGrantType\":\"CLIENT-CREDENTIALS\",\"secret\":\"{EXPORT_SECRET}\",\"scope\":[\"users:readonly\",\"bogus:scope\"],\"roleIds\":[]}}\n"),
    );
    put(
        &repo.path().join("web/app.js"),
        "const client = platformClient.ApiClient.instance;\nclient.loginClientCredentialsGrant(process.env.ID, process.env.SECRET);\n",
    );
    let outputs = every_format(repo.path(), &[]);
    assert_never_printed(&outputs, &[EXPORT_SECRET]);
    let human = &outputs[0].1.stdout;
    assert!(
        human.contains(&format!(
            "\"secret\":\"{}\"",
            "*".repeat(EXPORT_SECRET.len())
        )),
        "{human}"
    );
    let report: serde_json::Value = serde_json::from_str(&outputs[1].1.stdout).unwrap();
    assert_eq!(
        common::report_lines(&report)
            .into_iter()
            .filter(|l| l.starts_with("hardcoded-secret"))
            .collect::<Vec<_>>(),
        ["hardcoded-secret error client.json:1:114 | a client secret is written in the source (secret); anyone who can read the repository can get tokens with it"]
    );
}

/// A secret in the manifest (`clientSecret:`), one in a form-encoded token
/// request body in code, and the same values again where nothing names
/// them a secret: masked by value in every snippet, of every finding.
#[test]
fn secrets_are_masked_by_value_in_every_snippet() {
    let repo = temp_repo();
    put(
        &repo.path().join("appfoundry.yaml"),
        &format!("name: bridge\nintegrationType: backend\nclients:\n  - name: svc\n    grantType: CLIENT-CREDENTIALS\n    clientSecret: {MANIFEST_SECRET}\n    roles: [Bridge]\n"),
    );
    put(
        &repo.path().join("server/token.js"),
        &format!("const body = \"grant_type=client_credentials&client_id=abc&client_secret={FORM_SECRET}\"; new platformClient.UsersApi().getUsersMe();\n"),
    );
    put(
        &repo.path().join("server/cache.js"),
        &format!("const cached = ['{MANIFEST_SECRET}', '{FORM_SECRET}']; fetch('/api/v2/users/nobody/anything');\n"),
    );
    let outputs = every_format(repo.path(), &[]);
    assert_never_printed(&outputs, &[MANIFEST_SECRET, FORM_SECRET]);
    let human = &outputs[0].1.stdout;
    for (file, line) in [
        ("appfoundry.yaml", format!(" 6 │     clientSecret: {}", "*".repeat(43))),
        (
            "server/token.js",
            format!(" 1 │ const body = \"grant_type=client_credentials&client_id=abc&client_secret={}\"; new platformClient.UsersApi().getUsersMe();", "*".repeat(43)),
        ),
        (
            "server/cache.js",
            format!(" 1 │ const cached = ['{0}', '{0}']; fetch('/api/v2/users/nobody/anything');", "*".repeat(43)),
        ),
    ] {
        assert!(human.contains(&line), "{file}: {human}");
    }
}

/// The manifest's text was masked for the run; `--fix` still writes the
/// file's real text, secret included, with only the fixes changed.
#[test]
fn fixes_keep_the_secret_they_never_show() {
    let repo = temp_repo();
    app(repo.path());
    let manifest = MANIFEST.replace(
        "    pkce: true\n",
        &format!("    pkce: true\n    clientSecret: \"{MANIFEST_SECRET}\"\n"),
    );
    put(&repo.path().join("appfoundry.yaml"), &manifest);
    let run = run_in(repo.path(), &["check", ".", "--fix"]);
    assert!(!run.stdout.contains(MANIFEST_SECRET), "{}", run.stdout);
    assert_eq!(
        run.stderr, "gclint: applied 3 fixes to appfoundry.yaml\n",
        "{}",
        run.stdout
    );
    assert_eq!(
        read(&repo.path().join("appfoundry.yaml")),
        manifest.replace(
            "    scopes:\n      - users\n      - notifications\n",
            "    scopes: [user-basic-info]\n"
        )
    );
}

/// `calls`, `scopes` and `access-diff` print what the code wrote: a token
/// pasted into a URL was printed as it is, though the run had found it as
/// the secret of a client export (a single line, as `curl` saves it).
#[test]
fn secrets_are_masked_in_calls_scopes_and_access_diff() {
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    put(
        &dir.join("client.json"),
        &format!("{{\"id\":\"4f1c2b3a-0000-4e5d-8c7b-6a5f4e3d2c1b\",\"name\":\"portal\",\"authorizedGrantType\":\"CLIENT-CREDENTIALS\",\"secret\":\"{EXPORT_SECRET}\",\"scope\":[\"users:readonly\"],\"roleIds\":[]}}\n"),
    );
    let login = "const client = platformClient.ApiClient.instance;\nclient.loginClientCredentialsGrant(process.env.ID, process.env.SECRET);\n";
    put(&dir.join("web/app.js"), login);
    git(dir, &["init", "--quiet", "--initial-branch=main"]);
    git(dir, &["add", "--all"]);
    git(dir, &["commit", "--quiet", "--message", "portal"]);
    put(
        &dir.join("web/app.js"),
        &format!("{login}fetch('/api/v2/oauth/clients/{EXPORT_SECRET}/secret');\nnew platformClient.UsersApi().getUsers();\n"),
    );
    git(dir, &["add", "--all"]);
    git(dir, &["commit", "--quiet", "--message", "more"]);
    let mut outputs = Vec::new();
    for format in ["human", "json", "csv", "markdown"] {
        outputs.push((
            format!("calls {format}"),
            run_in(dir, &["calls", ".", "--format", format]),
        ));
    }
    for format in ["human", "json"] {
        outputs.push((
            format!("scopes {format}"),
            run_in(dir, &["scopes", ".", "--format", format]),
        ));
    }
    for format in ["human", "json", "markdown", "sarif"] {
        outputs.push((
            format!("access-diff {format}"),
            run_in(dir, &["access-diff", "main~1", "main", "--format", format]),
        ));
    }
    for (what, run) in &outputs {
        assert_eq!(run.code, 0, "{what}: {}", run.stderr);
    }
    assert_never_printed(&outputs, &[EXPORT_SECRET]);
    let stars = "*".repeat(EXPORT_SECRET.len());
    assert_eq!(
        outputs[2].1.stdout.lines().nth(1).unwrap(),
        format!("web/app.js,3,7,,GET /api/v2/oauth/clients/{stars}/secret,,raw-path,method-not-allowed,portal,login,,,,,,false,false")
    );
    let scopes: serde_json::Value = serde_json::from_str(&outputs[5].1.stdout).unwrap();
    assert_eq!(
        scopes["clients"][0]["uncovered"][0]["written"],
        format!("GET /api/v2/oauth/clients/{stars}/secret")
    );
}

// 4. No injected output.

/// A client name as a hostile repository writes it (YAML escapes): a line
/// break that starts a workflow command, HTML, an OSC 8 hyperlink, a
/// right-to-left override.
const HOSTILE_NAME_YAML: &str = "evil\\n::warning::pwned <img src=x onerror=alert(1)> \\e]8;;https://evil.example/\\aclick\\e]8;;\\a \\u202Egnp.exe";
const HOSTILE_NAME: &str = "evil\n::warning::pwned <img src=x onerror=alert(1)> \u{1b}]8;;https://evil.example/\u{7}click\u{1b}]8;;\u{7} \u{202e}gnp.exe";
/// The same name as the terminal renderers show it.
const HOSTILE_SHOWN: &str = "evil\\n::warning::pwned <img src=x onerror=alert(1)> \\u{1b}]8;;https://evil.example/\\u{7}click\\u{1b}]8;;\\u{7} \\u{202e}gnp.exe";

/// The hostile client, a source line holding OSC and CSI sequences, a file
/// whose name starts a workflow command, a skipped file whose name sets
/// the terminal's title.
fn hostile_names(dir: &Path) {
    put(
        &dir.join("appfoundry.yaml"),
        &format!("name: toolbar\nintegrationType: client-app\nclients:\n  - name: \"{HOSTILE_NAME_YAML}\"\n    grantType: CODE\n    pkce: true\n    redirectUris: [\"https://toolbar.example.com/\"]\n    scopes:\n      - users\n    sources:\n      - web/**\n"),
    );
    put(
        &dir.join("web/app.js"),
        "const usersApi = new platformClient.UsersApi(); // \u{1b}]8;;https://evil.example/\u{7}link\u{1b}]8;;\u{7} \u{1b}[2J\nusersApi.getUsersMe();\n",
    );
    put(
        &dir.join("web/evil\n::error::x.js"),
        "new platformClient.RoutingApi().getRoutingQueues();\n",
    );
    put(
        &dir.join("web/\u{1b}]0;title\u{7}.js"),
        "fetch(\"/api/v2/users/me\");\0\u{1}",
    );
}

/// The characters of `text` that must never be printed raw, line breaks
/// aside.
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| c != '\n' && gclint::report::escape::is_unsafe(c))
        .collect()
}

#[test]
fn hostile_names_are_inert_in_the_terminal_report() {
    let repo = temp_repo();
    hostile_names(repo.path());
    let run = run_in(
        repo.path(),
        &["check", ".", "--color", "never", "--statistics"],
    );
    assert_eq!(run.code, 1);
    for text in [&run.stdout, &run.stderr] {
        assert_eq!(raw_controls(text), Vec::<char>::new(), "{text}");
        assert!(
            !text.lines().any(|l| l.trim_start().starts_with("::")),
            "{text}"
        );
    }
    for shown in [
        // The name, wrapped by the report, shown escaped.
        "  ⚠ scope `users` is declared by client `evil\\n::warning::pwned <img src=x onerror=alert(1)>\n  │ \\u{1b}]8;;https://evil.example/\\u{7}click\\u{1b}]8;;\\u{7} \\u{202e}gnp.exe` (CODE) but no call\n",
        // A source line: each control character one `?`, columns kept.
        " 1 │ const usersApi = new platformClient.UsersApi(); // ?]8;;https://evil.example/?link?]8;;? ?[2J\n",
        "   ╭─[web/evil\\n::error::x.js:1:33]\n",
        "note: skipped web/\\u{1b}]0;title\\u{7}.js (binary file)\n",
    ] {
        assert!(run.stdout.contains(shown), "{shown}\n---\n{}", run.stdout);
    }
    assert!(run
        .stderr
        .contains("    skipped web/\\u{1b}]0;title\\u{7}.js: binary file\n"));
    // With colours, gclint's own CSI sequences only: no OSC, no BEL.
    let colored = run_in(repo.path(), &["check", ".", "--color", "always"]);
    assert!(colored.stdout.contains("\u{1b}["));
    for raw in ["\u{1b}]", "\u{7}", "\u{202e}", "\u{1b}[2J"] {
        assert!(!colored.stdout.contains(raw), "{raw:?}");
    }
}

#[test]
fn hostile_names_cannot_add_workflow_commands() {
    let repo = temp_repo();
    hostile_names(repo.path());
    let run = run_in(repo.path(), &["check", ".", "--format", "github"]);
    assert_eq!(raw_controls(&run.stdout), Vec::<char>::new());
    let lines: Vec<&str> = run.stdout.lines().collect();
    let name = HOSTILE_SHOWN;
    assert_eq!(
        lines,
        [
            format!("::warning file=appfoundry.yaml,line=9,col=9,endLine=9,endColumn=14,title=gclint%3A unused-scope::scope `users` is declared by client `{name}` (CODE) but no call under it needs it.%0Ahelp: remove `users` from the scopes of client `{name}`"),
            format!("::error file=web/app.js,line=2,col=10,endLine=2,endColumn=20,title=gclint%3A missing-scope::getUsersMe (GET /api/v2/users/me) needs scope `user-basic-info`, which client `{name}` (CODE) does not declare.%0Ahelp: add `user-basic-info` to the scopes of client `{name}`%0Asee appfoundry.yaml:8:5: scopes of client `{name}`"),
            format!("::error file=web/evil\\n%3A%3Aerror%3A%3Ax.js,line=1,col=33,endLine=1,endColumn=49,title=gclint%3A missing-scope::getRoutingQueues (GET /api/v2/routing/queues) needs one of the scopes `routing` or `routing:readonly`; client `{name}` (CODE) declares none of them.%0Ahelp: add `routing:readonly` to the scopes of client `{name}`%0Asee appfoundry.yaml:8:5: scopes of client `{name}`"),
            "gclint: 2 errors, 1 warning, 0 notes in 3 file(s)".to_string(),
        ]
    );
}

/// JSON and SARIF need no escaping of their own: serde escapes every
/// control character, and the name reads back exactly.
#[test]
fn hostile_names_read_back_exactly_from_json_and_sarif() {
    let repo = temp_repo();
    hostile_names(repo.path());
    let json = run_in(repo.path(), &["check", ".", "--format", "json"]);
    let sarif = run_in(repo.path(), &["check", ".", "--format", "sarif"]);
    for run in [&json, &sarif] {
        // Control characters are escaped (`\u001b`); other text is data.
        assert!(!run.stdout.chars().any(|c| c != '\n' && c.is_control()));
    }
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        report["diagnostics"][0]["message"],
        format!("scope `users` is declared by client `{HOSTILE_NAME}` (CODE) but no call under it needs it")
    );
    assert_eq!(
        report["diagnostics"][2]["location"]["file"],
        "web/evil\n::error::x.js"
    );
    let log: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    common::validate_sarif(&log, "hostile names");
}

/// A gclint.toml of the pull request is shown with its mistakes: its keys
/// are the tree's strings too.
#[test]
fn hostile_configuration_keys_are_inert() {
    let repo = temp_repo();
    app(repo.path());
    put(
        &repo.path().join("gclint.toml"),
        "\"\\u001b]8;;x\\u0007\" = 1\n",
    );
    let run = run_in(repo.path(), &["check", "."]);
    assert_eq!(run.code, 2);
    assert_eq!(raw_controls(&run.stderr), Vec::<char>::new());
    assert!(
        run.stderr.starts_with("  × unknown key `\\u{1b}]8;;x\\u{7}`\n   ╭─[gclint.toml:1:1]\n 1 │ \"\\u001b]8;;x\\u0007\" = 1\n"),
        "{}",
        run.stderr
    );
}

// 4b. No injected output from `calls`, `scopes` and `access-diff`: their
// renderers (src/report/calls.rs, scopes.rs, access_diff.rs) printed the
// tree's names as they are.

/// A client, role, scope, permission, file and folder name as a hostile
/// pull request writes them: a line break starting a workflow command, HTML,
/// a Markdown link, an OSC 8 hyperlink, a right-to-left override, a pipe
/// that ends a table cell, and a spreadsheet formula or sign first.
const CLIENT: &str = "=HYPERLINK(\"http://evil\")\n::warning::c <img src=x onerror=alert(1)> [c](http://evil) \u{1b}]8;;http://evil\u{7}click\u{1b}]8;;\u{7} \u{202e}gnp.exe|c";
const ROLE: &str =
    "-role\n::error::r <b>r</b> [r](http://evil) \u{1b}]8;;http://evil\u{7} \u{202e}|r";
const SCOPE: &str = "@scope\n::warning::s <img src=x> [s](http://evil)|s";
const PERMISSION: &str = "+perm\n::warning::p <i>p</i>";
const FILE: &str = "=cmd|\n::warning::f <img src=x> [f](javascript:alert(1)) \u{1b}]8;;javascript:alert(1)\u{7} \u{202e}.js";
const FOLDER: &str = "\u{202e}tools\n::warning::d <b>d</b>";
/// What the code at the file calls without a Platform API path.
const WRITTEN: &str = "GET /api/v2/\u{1b}]8;;http://evil\u{7}x";

/// The same, as a terminal or a log shows them.
const CLIENT_T: &str = "=HYPERLINK(\"http://evil\")\\n::warning::c <img src=x onerror=alert(1)> [c](http://evil) \\u{1b}]8;;http://evil\\u{7}click\\u{1b}]8;;\\u{7} \\u{202e}gnp.exe|c";
const ROLE_T: &str =
    "-role\\n::error::r <b>r</b> [r](http://evil) \\u{1b}]8;;http://evil\\u{7} \\u{202e}|r";
const SCOPE_T: &str = "@scope\\n::warning::s <img src=x> [s](http://evil)|s";
const PERMISSION_T: &str = "+perm\\n::warning::p <i>p</i>";
const FILE_T: &str = "=cmd|\\n::warning::f <img src=x> [f](javascript:alert(1)) \\u{1b}]8;;javascript:alert(1)\\u{7} \\u{202e}.js";
const FOLDER_T: &str = "\\u{202e}tools\\n::warning::d <b>d</b>";
const WRITTEN_T: &str = "GET /api/v2/\\u{1b}]8;;http://evil\\u{7}x";

/// The same as Markdown code spans: one line, pipes escaped.
const CLIENT_MD: &str = "`=HYPERLINK(\"http://evil\") ::warning::c <img src=x onerror=alert(1)> [c](http://evil) \\u{1b}]8;;http://evil\\u{7}click\\u{1b}]8;;\\u{7} \\u{202e}gnp.exe\\|c`";
const ROLE_MD: &str =
    "`-role ::error::r <b>r</b> [r](http://evil) \\u{1b}]8;;http://evil\\u{7} \\u{202e}\\|r`";
const SCOPE_MD: &str = "`@scope ::warning::s <img src=x> [s](http://evil)\\|s`";
const PERMISSION_MD: &str = "`+perm ::warning::p <i>p</i>`";
const FILE_MD: &str = "`=cmd\\| ::warning::f <img src=x> [f](javascript:alert(1)) \\u{1b}]8;;javascript:alert(1)\\u{7} \\u{202e}.js:1:33`";

/// A double-quoted YAML scalar of `text`.
fn yaml(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\u{1b}' => out.push_str("\\e"),
            '\u{7}' => out.push_str("\\a"),
            '\u{202e}' => out.push_str("\\u202E"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The app with every name hostile: the client (CODE, its `sources` the
/// file at the root) declaring the hostile scope; a CLIENT-CREDENTIALS
/// client with the hostile role, which grants the hostile permission; the
/// hostile file calling an operation and a path with escapes; a login no
/// definition declares in the hostile folder, beside a manifest that does
/// not parse.
fn hostile_app(dir: &Path) {
    put(
        &dir.join("appfoundry.yaml"),
        &format!(
            "name: toolbar\nintegrationType: client-app\nclients:\n  - name: {}\n    grantType: CODE\n    pkce: true\n    redirectUris: [\"https://toolbar.example.com/\"]\n    scopes:\n      - users\n      - {}\n    sources: [\"web/**\", \"*.js\"]\n  - name: svc\n    grantType: CLIENT-CREDENTIALS\n    roles: [{}]\n    sources: [\"server/**\"]\nroles:\n  - name: {}\n    permissions:\n      - routing:queue:view\n      - {}\n",
            yaml(CLIENT),
            yaml(SCOPE),
            yaml(ROLE),
            yaml(ROLE),
            yaml(PERMISSION)
        ),
    );
    put(&dir.join("web/app.js"), CODE);
    put(
        &dir.join(FILE),
        &format!(
            "new platformClient.RoutingApi().getRoutingQueues();\nfetch('{}');\n",
            &WRITTEN[4..]
        ),
    );
    put(
        &dir.join("server/job.js"),
        "new platformClient.RoutingApi().getRoutingQueues();\n",
    );
    put(
        &dir.join(FOLDER).join("login.js"),
        "const client = platformClient.ApiClient.instance;\nclient.loginImplicitGrant(process.env.ID, location.href).then(() => new platformClient.PresenceApi().getPresenceDefinitions());\n",
    );
    put(&dir.join(FOLDER).join("appfoundry.yaml"), "clients: [\n");
}

/// A repository whose `main~1` is the plain app and `main` the hostile one.
fn hostile_repository() -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    app(repo.path());
    git(repo.path(), &["init", "--quiet", "--initial-branch=main"]);
    git(repo.path(), &["add", "--all"]);
    git(repo.path(), &["commit", "--quiet", "--message", "app"]);
    hostile_app(repo.path());
    git(repo.path(), &["add", "--all"]);
    git(repo.path(), &["commit", "--quiet", "--message", "hostile"]);
    repo
}

/// A text printed to a terminal or a log: no raw control character
/// (line breaks aside) and no line that is a workflow command.
fn assert_inert(what: &str, text: &str) {
    assert_eq!(raw_controls(text), Vec::<char>::new(), "{what}:\n{text}");
    let commands: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("::") || l.trim_start().starts_with("##["))
        .collect();
    assert_eq!(commands, Vec::<&str>::new(), "{what}:\n{text}");
}

/// The Markdown text outside code spans, with backslash escapes taken
/// out: what GitHub reads as markup.
fn markup(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' if i + 1 < chars.len() && chars[i + 1].is_ascii_punctuation() => i += 2,
            '`' => {
                let run = chars[i..].iter().take_while(|&&c| c == '`').count();
                // The span ends at the next run of exactly as many backticks.
                let mut j = i + run;
                let mut end = None;
                while j < chars.len() {
                    let next = chars[j..].iter().take_while(|&&c| c == '`').count();
                    if next == run {
                        end = Some(j + next);
                        break;
                    }
                    j += next.max(1);
                }
                match end {
                    Some(end) => {
                        out.push_str("CODE");
                        i = end;
                    }
                    None => {
                        out.extend(&chars[i..i + run]);
                        i += run;
                    }
                }
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Markdown where no name makes HTML, a link, an autolink or a table cell
/// of its own: gclint's own `<details>` lines aside, no tag, `](` or URL
/// outside code spans, and each table row has its header's cells.
fn assert_inert_markdown(what: &str, text: &str) {
    assert_inert(what, text);
    let mut cells = None;
    for line in text.lines() {
        if matches!(
            line,
            "<details><summary>Call sites</summary>" | "</details>"
        ) {
            continue;
        }
        let markup = markup(line);
        let tag = markup.char_indices().any(|(i, c)| {
            c == '<'
                && markup[i + 1..]
                    .starts_with(|n: char| n.is_ascii_alphabetic() || n == '/' || n == '!')
        });
        assert!(
            !tag && !markup.contains("](") && !markup.contains("://") && !markup.contains("www."),
            "{what}: markup in {line:?} ({markup:?})"
        );
        if line.starts_with('|') {
            // Unescaped pipes, code spans or not (GitHub splits cells first).
            let pipes = line
                .char_indices()
                .filter(|&(i, c)| c == '|' && !line[..i].ends_with('\\'))
                .count();
            assert_eq!(*cells.get_or_insert(pipes), pipes, "{what}: {line:?}");
        } else {
            cells = None;
        }
    }
}

/// The cells of a line of a terminal table (columns apart by two spaces
/// or more).
fn table_cells(line: &str) -> Vec<&str> {
    line.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

#[test]
fn hostile_names_are_inert_in_calls() {
    let repo = temp_repo();
    hostile_app(repo.path());
    let run = |format: &str| {
        let run = run_in(repo.path(), &["calls", ".", "--format", format]);
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        run.stdout
    };

    let human = run("human");
    assert_inert("human", &human);
    let lines: Vec<&str> = human.lines().collect();
    assert_eq!(
        table_cells(lines[1]),
        [
            format!("{FILE_T}:1:33").as_str(),
            "GET /api/v2/routing/queues",
            "getRoutingQueues",
            "sdk-method",
            format!("{CLIENT_T} (sources)").as_str(),
            "scope routing or routing:readonly; user permission routing:queue:view"
        ]
    );
    assert_eq!(
        table_cells(lines[2]),
        [
            format!("{FILE_T}:2:7").as_str(),
            format!("? {WRITTEN_T}").as_str(),
            "raw-path",
            format!("{CLIENT_T} (sources)").as_str(),
        ]
    );
    assert_eq!(
        table_cells(lines[5])[0],
        format!("{FOLDER_T}/login.js:2:102")
    );

    // Fields are quoted where they hold a separator or a quote, and one
    // that starts like a formula gets a `'` first.
    let csv = run("csv");
    assert_inert("csv", &csv);
    assert_eq!(
        csv.lines().nth(1).unwrap(),
        format!(
            "\"'{FILE_T}\",1,33,GET,/api/v2/routing/queues,getRoutingQueues,sdk-method,operation,\"'{}\",sources,,,routing routing:readonly,any,routing:queue:view,false,false",
            CLIENT_T.replace('"', "\"\"")
        )
    );
    assert_eq!(
        csv.lines().nth(2).unwrap(),
        format!(
            "\"'{FILE_T}\",2,7,,\"{WRITTEN_T}\",,raw-path,unknown-path,\"'{}\",sources,,,,,,false,false",
            CLIENT_T.replace('"', "\"\"")
        )
    );

    let markdown = run("markdown");
    assert_inert_markdown("markdown", &markdown);
    assert_eq!(
        markdown.lines().nth(2).unwrap(),
        format!("| {FILE_MD} | GET /api/v2/routing/queues | `getRoutingQueues` | sdk-method | {CLIENT_MD} (sources) | scope routing or routing:readonly; user permission routing:queue:view |")
    );
    assert_eq!(
        markdown.lines().nth(3).unwrap(),
        format!(
            "| {} | ? `{}` |  | raw-path | {CLIENT_MD} (sources) |  |",
            FILE_MD.replace(":1:33", ":2:7"),
            WRITTEN_T
        )
    );

    // JSON escapes by construction: every name reads back as it is.
    let report: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let calls = &report["calls"];
    assert_eq!(calls[0]["file"], FILE);
    assert_eq!(calls[0]["clients"], serde_json::json!([CLIENT]));
    assert_eq!(calls[1]["written"], WRITTEN);
    assert_eq!(calls[4]["file"], format!("{FOLDER}/login.js"));
}

#[test]
fn hostile_names_are_inert_in_scopes() {
    let repo = temp_repo();
    hostile_app(repo.path());
    let run = run_in(repo.path(), &["scopes", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_inert("stdout", &run.stdout);
    assert_inert("stderr", &run.stderr);
    assert_eq!(
        run.stderr,
        format!("gclint: warning: {FOLDER_T}/appfoundry.yaml:2:1: the manifest cannot be parsed: while parsing a node, did not find expected node content\n")
    );
    for line in [
        format!("client `{CLIENT_T}` (CODE) in appfoundry.yaml: 3 calls"),
        format!("    routing:readonly  getRoutingQueues ({FILE_T}:1:33)"),
        format!("  declared: users, {SCOPE_T}"),
        format!("  changes: add `routing:readonly`; add `user-basic-info`; remove `users`; remove `{SCOPE_T}`"),
        format!("    `{WRITTEN_T}` ({FILE_T}:2:7): not a Platform API operation (`gclint check` reports it)"),
        format!("  a role `{ROLE_T}` granting exactly these permissions:"),
        // The role the users of a user-grant client need, named after it.
        format!("  a role `{CLIENT_T} users` granting exactly these permissions, for the users of this app:"),
        // The drafts to paste: quoted for their language, then escaped.
        // (HCL writes the line break as `\n`, the terminal the rest.)
        format!("        name        = \"{ROLE_T}\""),
        format!("undeclared TOKEN login (logs in at {FOLDER_T}/login.js:2:8): 1 call"),
    ] {
        assert!(
            run.stdout.lines().any(|l| l == line),
            "{line}\n---\n{}",
            run.stdout
        );
    }
    let json = run_in(repo.path(), &["scopes", ".", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let client = &report["clients"][0];
    assert_eq!(client["name"], CLIENT);
    assert_eq!(
        client["scopes"]["declared"],
        serde_json::json!(["users", SCOPE])
    );
    assert_eq!(client["uncovered"][0]["written"], WRITTEN);
    assert_eq!(client["uncovered"][0]["file"], FILE);
    assert_eq!(report["clients"][1]["permissions"]["role"]["name"], ROLE);
}

/// What a role grants beyond the calls (`excess-permission`, in `gclint
/// scopes`) names the role as the tree wrote it: escaped, as every name.
#[test]
fn hostile_role_names_are_inert_in_the_excess_of_scopes() {
    let repo = temp_repo();
    put(
        &repo.path().join("appfoundry.yaml"),
        &format!(
            "name: svc\nintegrationType: client-app\nclients:\n  - name: svc\n    grantType: CLIENT-CREDENTIALS\n    roles: [{}]\nroles:\n  - name: {}\n    permissions:\n      - routing:queue:view\n      - analytics:conversationDetail:view\n",
            yaml(ROLE),
            yaml(ROLE)
        ),
    );
    put(
        &repo.path().join("job.js"),
        "new platformClient.RoutingApi().getRoutingQueues();\n",
    );
    let run = run_in(repo.path(), &["scopes", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_inert("stdout", &run.stdout);
    let line = format!("  its roles also grant what no call needs (excess-permission): `analytics:conversationDetail:view` (role `{ROLE_T}`)");
    assert!(
        run.stdout.lines().any(|l| l == line),
        "{line}\n---\n{}",
        run.stdout
    );
}

/// What `scopes --write` says on standard error names the file and the
/// client: a Terraform client whose scopes are a local cannot be edited.
#[test]
fn hostile_names_are_inert_in_what_scopes_write_says() {
    let repo = temp_repo();
    put(&repo.path().join("web/app.js"), CODE);
    let tf = FILE.replace(".js", ".tf");
    let hcl_name = CLIENT
        .replace('"', "\\\"")
        .replace('\n', "\\n")
        .replace('\u{1b}', "\\u001b")
        .replace('\u{7}', "\\u0007");
    put(
        &repo.path().join(&tf),
        &format!("locals {{\n  scopes = [\"users\"]\n}}\n\nresource \"genesyscloud_oauth_client\" \"web\" {{\n  name                     = \"{hcl_name}\"\n  authorized_grant_type    = \"CODE\"\n  registered_redirect_uris = [\"https://toolbar.example.com/\"]\n  scopes                   = local.scopes\n}}\n"),
    );
    let run = run_in(repo.path(), &["scopes", ".", "--write"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_inert("stderr", &run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "gclint: the scope lists are already least privilege\ngclint: warning: {}: the scopes of client `{CLIENT_T}` could not be edited in place; write them by hand: user-basic-info\n",
            FILE_T.replace(".js", ".tf")
        )
    );
}

#[test]
fn hostile_names_are_inert_in_access_diff() {
    let repo = hostile_repository();
    let run = |format: &str| {
        let run = run_in(
            repo.path(),
            &["access-diff", "main~1", "main", "--format", format],
        );
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        run
    };
    let commit = git(repo.path(), &["rev-parse", "--short=7", "main"]);

    let human = run("human");
    assert_inert("human", &human.stdout);
    assert_inert("stderr", &human.stderr);
    // The file that does not parse, named in the revision it is in.
    assert_eq!(
        human.stderr,
        format!("gclint: warning: main ({commit}): {FOLDER_T}/appfoundry.yaml:2:1: the manifest cannot be parsed: while parsing a node, did not find expected node content\n")
    );
    for line in [
        format!("new client `{CLIENT_T}` (CODE) in appfoundry.yaml"),
        format!("    + {SCOPE_T}"),
        format!("    + routing:readonly  getRoutingQueues ({FILE_T}:1:33)"),
        format!("    + {PERMISSION_T} (role `{ROLE_T}`)"),
        format!("new undeclared TOKEN login (logs in at {FOLDER_T}/login.js:2:8)"),
        format!("new role `{ROLE_T}` in appfoundry.yaml"),
    ] {
        assert!(
            human.stdout.lines().any(|l| l == line),
            "{line}\n---\n{}",
            human.stdout
        );
    }

    // The pull request's comment.
    let markdown = run("markdown");
    assert_inert_markdown("markdown", &markdown.stdout);
    for line in [
        format!("#### new client {CLIENT_MD} (CODE) in `appfoundry.yaml`"),
        format!("| granted scopes | `users`, {SCOPE_MD} |  |"),
        format!("| roles | {ROLE_MD} |  |"),
        format!("| granted permissions | {PERMISSION_MD} (role {ROLE_MD}), `routing:queue:view` (role {ROLE_MD}) |  |"),
        format!("- `routing:readonly` (now needed): `getRoutingQueues` at {FILE_MD}"),
        format!("#### new role {ROLE_MD} in `appfoundry.yaml`"),
    ] {
        assert!(
            markdown.stdout.lines().any(|l| l == line),
            "{line}\n---\n{}",
            markdown.stdout
        );
    }

    // JSON and SARIF escape control characters (`\u001b`) by construction.
    let json = run("json");
    let sarif = run("sarif");
    for out in [&json.stdout, &sarif.stdout] {
        assert!(!out.chars().any(|c| c != '\n' && c.is_control()));
    }
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let clients = report["clients"].as_array().unwrap();
    assert_eq!(clients[0]["name"], CLIENT);
    assert_eq!(clients[0]["granted"]["scopes"]["added"][1]["name"], SCOPE);
    assert_eq!(
        clients[0]["needed"]["scopes"]["added"][0]["calls"][0]["file"],
        FILE
    );
    assert_eq!(
        clients[1]["granted"]["permissions"]["added"][0],
        serde_json::json!({"name": PERMISSION, "roles": [ROLE]})
    );
    assert_eq!(report["roles"][0]["name"], ROLE);

    let log: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    common::validate_sarif(&log, "hostile access-diff");
    let texts: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["message"]["text"].as_str().unwrap())
        .collect();
    assert!(
        texts.contains(&format!("new client `{CLIENT}` is granted scope `{SCOPE}`, which the base revision did not grant.").as_str()),
        "{texts:#?}"
    );
}

/// One step of the GitHub Action (`scripts/action-run.sh STEP`) in a fake
/// runner, with the gclint under test installed: exit code, the log
/// (standard output and error) and the job summary.
struct ActionStep {
    code: i32,
    log: String,
    summary: String,
}

fn action_step(step: &str, workspace: &Path, inputs: &[(&str, &str)]) -> ActionStep {
    let runner = tempfile::tempdir().unwrap();
    let install = runner.path().join("gclint");
    std::fs::create_dir_all(install.join("bin")).unwrap();
    #[cfg(unix)]
    symlink(
        Path::new(env!("CARGO_BIN_EXE_gclint")),
        &install.join("bin/gclint"),
    );
    let temp = runner.path().join("temp");
    std::fs::create_dir_all(&temp).unwrap();
    let summary = runner.path().join("summary.md");
    let out = std::process::Command::new("bash")
        .arg(common::root().join("scripts/action-run.sh"))
        .arg(step)
        .current_dir(workspace)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_ACTION_PATH", common::root())
        .env("GITHUB_WORKSPACE", workspace)
        .env("GITHUB_OUTPUT", runner.path().join("output"))
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("RUNNER_TEMP", &temp)
        .env("GCLINT_ROOT", &install)
        .env("NO_COLOR", "1")
        .envs(inputs.iter().copied())
        .output()
        .unwrap();
    ActionStep {
        code: out.status.code().unwrap_or(-1),
        log: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        summary: std::fs::read_to_string(&summary).unwrap_or_default(),
    }
}

/// The lines of a log the runner would take as workflow commands.
fn commands(log: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut stopped: Option<String> = None;
    for line in log.lines() {
        let line = line.trim_start();
        match &stopped {
            Some(token) if line == format!("::{token}::") => stopped = None,
            Some(_) => {}
            None => {
                if let Some(token) = line.strip_prefix("::stop-commands::") {
                    stopped = Some(token.to_string());
                } else if line.starts_with("::") {
                    out.push(line);
                }
            }
        }
    }
    out
}

/// The Action printed the human report with `echo`: any line of it that
/// started with `::` was a workflow command (`::add-mask::`,
/// `::stop-commands::`, `::error::`). It now prints it with commands
/// stopped, under a random token.
#[cfg(unix)]
#[test]
fn the_action_prints_reports_with_workflow_commands_stopped() {
    let repo = temp_repo();
    hostile_names(repo.path());
    let step = action_step(
        "check",
        repo.path(),
        &[("INPUT_FORMAT", "human"), ("INPUT_FAIL_ON", "never")],
    );
    assert_eq!(step.code, 0, "{}", step.log);
    assert_eq!(commands(&step.log), Vec::<&str>::new(), "{}", step.log);
    let first = step.log.lines().next().unwrap();
    let token = first.strip_prefix("::stop-commands::").expect(first);
    assert_eq!(token.len(), 32);
    assert!(step.log.ends_with(&format!(
        "gclint: 2 errors, 1 warning, 0 notes in 3 file(s)\n::{token}::\n"
    )));
    // Another run, another token: the report cannot know it.
    let again = action_step(
        "check",
        repo.path(),
        &[("INPUT_FORMAT", "human"), ("INPUT_FAIL_ON", "never")],
    );
    assert_ne!(again.log.lines().next().unwrap(), first);
}

/// The job summary put the report in a ```` ``` ```` fence: a report
/// holding backticks could close it and write Markdown or HTML.
#[cfg(unix)]
#[test]
fn the_job_summary_fence_outlasts_the_report() {
    let repo = temp_repo();
    app(repo.path());
    let manifest = MANIFEST.replace("- name: toolbar", "- name: \"````<img src=x>\"");
    put(&repo.path().join("appfoundry.yaml"), &manifest);
    let step = action_step("check", repo.path(), &[("INPUT_FAIL_ON", "never")]);
    assert_eq!(step.code, 0, "{}", step.log);
    let (_, report) = step
        .summary
        // The message's own backtick and the name's four: six.
        .split_once("<details><summary>Report</summary>\n\n``````text\n")
        .expect(&step.summary);
    assert!(report.contains("client `````<img src=x>`"), "{report}");
    assert!(report.ends_with("\n``````\n\n</details>\n"), "{report}");
}

/// A `paths` word starting with `-` became an option of gclint (`--fix`
/// rewrote the checkout); after `--` it is a path.
#[cfg(unix)]
#[test]
fn action_paths_are_never_options() {
    let repo = temp_repo();
    app(repo.path());
    let step = action_step("check", repo.path(), &[("INPUT_PATHS", "--fix .")]);
    assert_eq!(read(&repo.path().join("appfoundry.yaml")), MANIFEST);
    assert_eq!(step.code, 2, "{}", step.log);
    assert_eq!(
        step.log,
        "gclint: error: --fix: no such file or directory\n"
    );
}

// 6. Bounded work.

/// A gclint.toml of 200 MB (here sparse: 200 MB on the books, nothing on
/// disk) used to be read whole (200 MB of line breaks took 9.5 GB); it is
/// refused by its size, before a byte is read.
#[test]
fn a_200_mb_configuration_is_refused_by_its_size() {
    let repo = temp_repo();
    app(repo.path());
    let file = std::fs::File::create(repo.path().join("gclint.toml")).unwrap();
    file.set_len(200_000_000).unwrap();
    let run = run_in(repo.path(), &["check", "."]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            2,
            "",
            "gclint: error: gclint.toml: cannot read the configuration: larger than 1 MiB\n"
        )
    );
}

/// Files named on the command line are read only when they are regular
/// files of a bounded size: `db import /dev/zero` used to grow to 24 GB,
/// and a FIFO given as a baseline to hang.
#[cfg(unix)]
#[test]
fn files_named_on_the_command_line_are_bounded_and_never_fifos() {
    let repo = temp_repo();
    app(repo.path());
    let fifo = repo.path().join("fifo.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let big = repo.path().join("swagger.json");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(300_000_000)
        .unwrap();
    let cases: [(&[&str], &str); 7] = [
        (
            &["check", ".", "--baseline", "fifo.json"],
            "gclint: error: fifo.json: cannot read the baseline: not a regular file\n",
        ),
        (
            &["check", ".", "--config", "fifo.json"],
            "gclint: error: fifo.json: no such configuration file\n",
        ),
        (
            &["--db", "/dev/zero", "check", "."],
            "gclint: error: /dev/zero: cannot read the database: not a regular file\n",
        ),
        (
            &["--db", "swagger.json", "endpoint", "getUsersMe"],
            "gclint: error: swagger.json: cannot read the database: larger than 256 MiB\n",
        ),
        (
            &["db", "import", "/dev/zero", "--output", "db.json"],
            "gclint: error: /dev/zero: cannot read: not a regular file\n",
        ),
        (
            &["db", "import", "swagger.json", "--output", "db.json"],
            "gclint: error: swagger.json: cannot read: larger than 256 MiB\n",
        ),
        (
            &[
                "db",
                "import",
                "swagger.json",
                "--supplement",
                "fifo.json",
                "--output",
                "db.json",
            ],
            "gclint: error: fifo.json: cannot read the supplement: not a regular file\n",
        ),
    ];
    for (args, message) in cases {
        let run = run_in(repo.path(), args);
        assert_eq!((run.code, run.stderr.as_str()), (2, message), "{args:?}");
    }
    // A client export given as a FIFO is never waited on: named on the
    // command line, it is an input error.
    let run = run_in(
        repo.path(),
        &[
            "check",
            "web",
            "--client-json",
            "fifo.json",
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "gclint: error: fifo.json: cannot read the client export: not a regular file\n"
        )
    );
    assert!(!repo.path().join("db.json").exists());
}

/// `gclint endpoint` (and the editor's hover, which asks the same) on a
/// long `/api/v2/…` token cost ~3.4 KB of memory per byte; a token longer
/// than any path is answered at once.
#[test]
fn a_long_token_is_answered_at_once() {
    let repo = temp_repo();
    let token = format!("/api/v2/{}", "a".repeat(100_000));
    let run = run_in(repo.path(), &["endpoint", &token]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (
            1,
            "the query is 100008 bytes long: no Platform API path or SDK method name is longer than 1024 bytes\n"
        )
    );
    let run = run_in(repo.path(), &["scope", &"x".repeat(2000)]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (
            1,
            "the query is 2000 bytes long: no OAuth scope is longer than 1024 bytes\n"
        )
    );
}

/// `-j 65535` used to start as many threads and stall the walk.
#[test]
fn any_thread_count_is_bounded_and_gives_the_same_report() {
    let repo = temp_repo();
    app(repo.path());
    let one = run_in(repo.path(), &["check", ".", "-j", "1", "--format", "json"]);
    let many = run_in(
        repo.path(),
        &["check", ".", "-j", "65535", "--format", "json"],
    );
    assert_eq!(one.code, 1);
    assert_eq!(many.stdout, one.stdout);
}

/// Findings were never capped (two thousand clients times two thousand
/// calls: 4 million findings, 12 GB); past 20,000 they are counted, not
/// kept, and every format says so.
#[test]
fn findings_past_the_most_a_run_keeps_are_counted_with_a_note() {
    let repo = temp_repo();
    let env: String = (0..20_003)
        .map(|n| format!("APP{n}_CLIENT_SECRET=Zk3pQ9vX_r2LmN8tB4wE7yH1cJ6sD0aF5g{n:08}\n"))
        .collect();
    put(&repo.path().join(".env"), &env);
    let json = run_in(
        repo.path(),
        &["check", ".", "--format", "json", "--statistics"],
    );
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 20_000);
    assert_eq!(report["summary"]["left_out"], 3);
    assert_eq!(report["statistics"]["left_out"], 3);
    let note = "3 more findings left out: a run keeps at most 20000; check fewer paths, or fewer rules with --select";
    let github = run_in(repo.path(), &["check", ".", "--format", "github"]);
    assert!(
        github.stdout.ends_with(&format!(
            "gclint: {note}\ngclint: 20000 errors, 0 warnings, 0 notes in 1 file(s)\n"
        )),
        "{}",
        &github.stdout[github.stdout.len().saturating_sub(500)..]
    );
    let sarif = run_in(repo.path(), &["check", ".", "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    assert_eq!(
        log["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"],
        note
    );
}

// 7. The Action's workflow hygiene.

/// zizmor (GitHub Actions auditor, installed by `.ci/run`) found 27
/// problems in `action.yml` and the release workflow: actions not pinned
/// to a commit, checkouts keeping credentials, a cache in a release job.
#[test]
fn zizmor_finds_nothing_in_the_action_and_the_workflows() {
    let run = std::process::Command::new("zizmor")
        .args([
            "--offline",
            "--no-progress",
            "--color",
            "never",
            "action.yml",
            ".github/workflows/",
        ])
        .current_dir(common::root())
        .output();
    let Ok(out) = run else {
        common::skip_unless_ci("zizmor is not installed (pip install zizmor)");
        return;
    };
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{report}");
    // What follows is zizmor's count of what its default persona leaves out.
    assert!(
        report.starts_with("No findings to report. Good job! ("),
        "{report}"
    );
}

// 8. Smaller defects.

/// `--fix` used to replace a read-only file silently, split hard links and
/// hand the file to the user running gclint.
#[cfg(unix)]
#[test]
fn fixes_refuse_read_only_and_hard_linked_files_and_keep_the_owner() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let repo = temp_repo();
    app(repo.path());
    let manifest = repo.path().join("appfoundry.yaml");
    let set_mode =
        |mode| std::fs::set_permissions(&manifest, std::fs::Permissions::from_mode(mode)).unwrap();
    set_mode(0o444);
    let run = run_in(repo.path(), &["check", ".", "--fix", "--format", "json"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "gclint: nothing to fix\ngclint: warning: appfoundry.yaml: read-only; not fixed\n"
        )
    );
    assert_eq!(read(&manifest), MANIFEST);
    set_mode(0o644);
    let outside = tempfile::tempdir().unwrap();
    std::fs::hard_link(&manifest, outside.path().join("linked.yaml")).unwrap();
    let run = run_in(repo.path(), &["check", ".", "--fix", "--format", "json"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "gclint: nothing to fix\ngclint: warning: appfoundry.yaml: one of 2 hard links to the same file, which replacing it would break; not fixed\n"
        )
    );
    assert_eq!(read(&manifest), MANIFEST);
    std::fs::remove_file(outside.path().join("linked.yaml")).unwrap();
    // Root may give the file back to its owner: it does.
    if effective_uid() == 0 {
        std::process::Command::new("chown")
            .args(["65534:65534", manifest.to_str().unwrap()])
            .status()
            .unwrap();
        set_mode(0o640);
        let run = run_in(repo.path(), &["check", ".", "--fix", "--format", "json"]);
        assert_eq!(run.stderr, "gclint: applied 3 fixes to appfoundry.yaml\n");
        let meta = std::fs::metadata(&manifest).unwrap();
        assert_eq!(
            (meta.uid(), meta.gid(), meta.mode() & 0o777),
            (65534, 65534, 0o640)
        );
    }
}

/// The effective user id, read from a file the process creates.
#[cfg(unix)]
fn effective_uid() -> u32 {
    use std::os::unix::fs::MetadataExt;
    let probe = tempfile::tempfile().unwrap();
    probe.metadata().unwrap().uid()
}

/// JSON saved with a byte-order mark failed to parse, and UTF-16 (as
/// PowerShell's `Out-File` writes) was skipped as binary. Both are read,
/// and `--fix` writes a UTF-16 file back as UTF-16.
#[test]
fn byte_order_marks_and_utf16_are_read_and_fixes_keep_the_encoding() {
    let repo = temp_repo();
    put(&repo.path().join("web/app.js"), CODE);
    std::fs::write(
        repo.path().join("client.json"),
        [
            &[0xEF, 0xBB, 0xBF][..],
            b"{\"name\": \"portal\", \"authorizedGrantType\": \"CODE\", \"scope\": [\"bogus:scope\"]}\n",
        ]
        .concat(),
    )
    .unwrap();
    let utf16 = |text: &str| -> Vec<u8> {
        [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect()
    };
    std::fs::write(repo.path().join("appfoundry.yaml"), utf16(MANIFEST)).unwrap();
    let (report, _) = common::json_in(repo.path(), &["."]);
    let lines = common::report_lines(&report);
    assert!(
        lines.contains(&"unknown-scope error client.json:1:61 | `bogus:scope` is not a Genesys Cloud OAuth scope (declared by client `portal`)".to_string()),
        "{lines:#?}"
    );
    assert!(
        lines.contains(&"unused-scope warning appfoundry.yaml:9:9 | scope `users` is declared by client `toolbar` (CODE) but no call under it needs it".to_string()),
        "{lines:#?}"
    );
    let run = run_in(
        repo.path(),
        &[
            "check",
            ".",
            "--fix",
            "--select",
            "unused-scope,missing-scope",
        ],
    );
    assert_eq!(run.stderr, "gclint: applied 3 fixes to appfoundry.yaml\n");
    assert_eq!(
        std::fs::read(repo.path().join("appfoundry.yaml")).unwrap(),
        utf16(&MANIFEST.replace(
            "    scopes:\n      - users\n      - notifications\n",
            "    scopes: [user-basic-info]\n"
        ))
    );
}

/// A file whose name is not UTF-8 was skipped without a word: code could
/// hide behind one byte.
#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_are_checked() {
    use std::os::unix::ffi::OsStrExt;
    let repo = temp_repo();
    app(repo.path());
    let name = std::ffi::OsStr::from_bytes(b"\xffhidden.js");
    std::fs::write(
        repo.path().join("web").join(name),
        "new platformClient.RoutingApi().getRoutingQueues();\n",
    )
    .unwrap();
    let (report, _) = common::json_in(repo.path(), &["."]);
    assert!(
        common::report_lines(&report).contains(&"missing-scope error web/\u{fffd}hidden.js:1:33 | getRoutingQueues (GET /api/v2/routing/queues) needs one of the scopes `routing` or `routing:readonly`; client `toolbar` (CODE) declares none of them".to_string()),
        "{report:#}"
    );
}

/// A revision's file names went through lossy UTF-8: two names that differ
/// in a byte that is not UTF-8 became one, and `access-diff` stopped
/// (`cannot write …: File exists`). Each is read, as `check` reads such
/// names (shown with `\u{fffd}`).
#[cfg(unix)]
#[test]
fn access_diff_keeps_file_names_that_are_not_utf8_apart() {
    use std::os::unix::ffi::OsStrExt;
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    app(dir);
    git(dir, &["init", "--quiet", "--initial-branch=main"]);
    git(dir, &["add", "--all"]);
    git(dir, &["commit", "--quiet", "--message", "app"]);
    for (name, call) in [
        (
            &b"web/\xffa.js"[..],
            "new platformClient.RoutingApi().getRoutingQueues();\n",
        ),
        (
            &b"web/\xfea.js"[..],
            "new platformClient.PresenceApi().getPresenceDefinitions();\n",
        ),
    ] {
        std::fs::write(dir.join(std::ffi::OsStr::from_bytes(name)), call).unwrap();
    }
    git(dir, &["add", "--all"]);
    git(dir, &["commit", "--quiet", "--message", "two files"]);
    let run = run_in(dir, &["access-diff", "main~1", "main"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    let (base, head) = (
        git(dir, &["rev-parse", "--short=7", "main~1"]),
        git(dir, &["rev-parse", "--short=7", "main"]),
    );
    assert_eq!(
        run.stdout,
        format!(
            "access from main~1 ({base}) to main ({head})

client `toolbar` (CODE) in appfoundry.yaml
  scopes needed by the code
    + presence:readonly  getPresenceDefinitions (web/\u{fffd}a.js:1:34)
    + routing:readonly  getRoutingQueues (web/\u{fffd}a.js:1:33)

access grows: 2 added, 0 removed
"
        )
    );
}

/// One path longer than the system allows (a name of 300 bytes, which git
/// stores and no Linux file system holds) made `access-diff` fail whole;
/// that file is skipped with a warning, the rest compared.
#[cfg(unix)]
#[test]
fn access_diff_skips_a_file_whose_name_is_too_long_with_a_warning() {
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    app(dir);
    git(dir, &["init", "--quiet", "--initial-branch=main"]);
    git(dir, &["add", "--all"]);
    git(dir, &["commit", "--quiet", "--message", "app"]);
    put(
        &dir.join("web/queues.js"),
        "new platformClient.RoutingApi().getRoutingQueues();\n",
    );
    git(dir, &["add", "--all"]);
    let long = format!("web/{}.js", "q".repeat(300));
    let blob = std::process::Command::new("git")
        .args(["hash-object", "-w", "--stdin"])
        .current_dir(dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(b"new platformClient.PresenceApi().getPresenceDefinitions();\n")?;
            child.wait_with_output()
        })
        .unwrap();
    let blob = String::from_utf8(blob.stdout).unwrap();
    git(
        dir,
        &[
            "update-index",
            "--add",
            "--cacheinfo",
            &format!("100644,{},{long}", blob.trim()),
        ],
    );
    git(dir, &["commit", "--quiet", "--message", "queues"]);
    let head = git(dir, &["rev-parse", "--short=7", "main"]);
    let run = run_in(dir, &["access-diff", "main~1", "main"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!("gclint: warning: main ({head}): skipped {long}: this system cannot make a file of that name (File name too long (os error 36))\n")
    );
    assert!(
        run.stdout.ends_with(
            "client `toolbar` (CODE) in appfoundry.yaml
  scopes needed by the code
    + routing:readonly  getRoutingQueues (web/queues.js:1:33)

access grows: 1 added, 0 removed
"
        ),
        "{}",
        run.stdout
    );
}
