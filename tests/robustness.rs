//! Bad input gets a diagnostic or a skip, never a panic; secrets never reach
//! any output; results do not depend on the thread count.

mod common;

use common::{root, run_in};
use std::fs;

const SECRET: &str = "Zq8wXk2pLm4nRt6vB7";

fn app_with_secret() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(
        dir.join("appfoundry.yaml"),
        "name: s\nclients:\n  - name: svc\n    grantType: CLIENT-CREDENTIALS\n    roles: [Master Admin]\n",
    )
    .unwrap();
    fs::create_dir_all(dir.join("public")).unwrap();
    fs::write(
        dir.join("server.js"),
        format!("const clientSecret = '{SECRET}';\nclient.loginClientCredentialsGrant(id, clientSecret);\n"),
    )
    .unwrap();
    fs::write(
        dir.join("public/index.html"),
        format!("<script>\nconst CLIENT_SECRET = \"{SECRET}\";\nwindow.x = 1;\n</script>\n"),
    )
    .unwrap();
    tmp
}

#[test]
fn secrets_never_appear_in_any_format() {
    let tmp = app_with_secret();
    for format in ["human", "json", "sarif"] {
        let run = run_in(tmp.path(), &["check", ".", "--format", format]);
        assert_eq!(run.code, 1, "{format}");
        assert!(
            run.stdout.contains("hardcoded-secret"),
            "{format}: {}",
            run.stdout
        );
        assert!(
            !run.stdout.contains(SECRET),
            "{format} leaks the secret:\n{}",
            run.stdout
        );
        assert!(!run.stderr.contains(SECRET));
    }
    let human = run_in(
        tmp.path(),
        &[
            "check",
            ".",
            "--select",
            "hardcoded-secret,secret-in-browser",
        ],
    );
    assert!(
        human
            .stdout
            .contains("const clientSecret = '******************';"),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains("secret-in-browser"));
}

#[test]
fn output_is_identical_for_any_thread_count() {
    for app in [
        "examples/agent-dashboard",
        "examples/messaging-bridge",
        "examples/queue-sync",
        "examples/supervisor-portal",
        "fixtures/scopes",
        "fixtures/cc-roles",
        "fixtures/languages",
        "fixtures/formats",
    ] {
        for format in ["human", "json", "sarif", "github"] {
            let one = run_in(
                &root().join(app),
                &["check", ".", "--format", format, "--jobs", "1"],
            );
            let many = run_in(
                &root().join(app),
                &["check", ".", "--format", format, "--jobs", "8"],
            );
            assert_eq!(one.stdout, many.stdout, "{app} {format}");
            let again = run_in(&root().join(app), &["check", ".", "--format", format]);
            assert_eq!(one.stdout, again.stdout, "{app} {format}");
        }
    }
}

/// The terminal report draws its findings on every core, a run of them at
/// a time: with more findings than one run holds, the reports still come
/// in order, each once, the same for any thread count.
#[test]
fn terminal_reports_keep_their_order_across_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let mut code = String::from("const base = \"https://api.mypurecloud.com\";\n");
    for i in 0..150 {
        code.push_str(&format!("fetch(base + \"/api/v2/nosuchthing/item{i}\");\n"));
    }
    fs::write(tmp.path().join("app.js"), code).unwrap();
    let one = run_in(tmp.path(), &["check", ".", "--jobs", "1"]);
    let many = run_in(tmp.path(), &["check", ".", "--jobs", "8"]);
    assert_eq!(one.code, 1, "{}", one.stderr);
    assert_eq!(one.stdout, many.stdout);
    let at: Vec<usize> = one
        .stdout
        .lines()
        .filter_map(|l| l.split("[app.js:").nth(1))
        .map(|rest| rest.split(':').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(at, (2..152).collect::<Vec<usize>>());
    assert_eq!(
        one.stdout
            .matches("is not a Genesys Cloud Platform API operation")
            .count(),
        150
    );
    assert!(one
        .stdout
        .ends_with("gclint: 150 errors, 0 warnings, 0 notes in 1 file(s)\n"));
}

/// `gclint calls` and `gclint scopes` in every machine-read format: the
/// same bytes for one thread, eight, and the default, on apps with
/// definitions and on code alone (undeclared logins, import links).
#[test]
fn calls_and_scopes_are_identical_for_any_thread_count() {
    let runs: [&[&str]; 5] = [
        &["calls", ".", "--format", "json"],
        &["calls", ".", "--format", "csv"],
        &["calls", ".", "--format", "markdown"],
        &["scopes", ".", "--format", "json"],
        &["scopes", "."],
    ];
    for app in [
        "examples/callback-desk",
        "examples/messaging-bridge",
        "examples/queue-sync",
        "fixtures/code-only/skills-sync",
        "fixtures/code-only/queue-wallboard",
        "fixtures/code-only/wrapup-actions",
        "fixtures/scopes",
        "fixtures/realworld",
    ] {
        let dir = root().join(app);
        for args in runs {
            let default = run_in(&dir, args);
            assert_eq!(default.code, 0, "{app} {args:?}: {}", default.stderr);
            assert!(!default.stdout.is_empty(), "{app} {args:?}");
            for jobs in ["1", "8"] {
                let mut with = args.to_vec();
                with.extend_from_slice(&["--jobs", jobs]);
                let run = run_in(&dir, &with);
                assert_eq!(default.stdout, run.stdout, "{app} {args:?} --jobs {jobs}");
            }
        }
    }
}

#[test]
fn hostile_files_are_skipped_or_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // Invalid UTF-8 in a source file: scanned lossily.
    fs::write(
        dir.join("latin1.js"),
        b"fetch('/api/v2/nope/\xff\xfe');\n".as_slice(),
    )
    .unwrap();
    // A binary file with a source extension.
    fs::write(dir.join("blob.js"), [0u8, 1, 2, 3, b'/', b'a', b'p', b'i']).unwrap();
    // Deep nesting and an alias bomb in manifests of sub-apps.
    fs::create_dir_all(dir.join("deep")).unwrap();
    fs::write(dir.join("deep/appfoundry.json"), "[".repeat(100_000)).unwrap();
    fs::create_dir_all(dir.join("bomb")).unwrap();
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9 {
        bomb.push_str(&format!(
            "a{i}: &a{i} [{}]\n",
            vec![format!("*a{}", i - 1); 10].join(", ")
        ));
    }
    fs::write(dir.join("bomb/appfoundry.yaml"), bomb).unwrap();
    // A 20 MB single-line file (over the size limit) and a symlink loop.
    fs::write(dir.join("huge.js"), "x".repeat(20 * 1024 * 1024)).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir, dir.join("loop")).unwrap();

    let run = run_in(dir, &["check", ".", "--format", "json"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let found: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {} | {}",
                d["rule"].as_str().unwrap(),
                d["location"]["file"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "parse-error bomb/appfoundry.yaml | the manifest cannot be parsed: the document expands to more than 200000 values through aliases (alias expansion bomb?); not read",
            "parse-error deep/appfoundry.json | the manifest cannot be parsed: nesting deeper than 128 levels; not read",
            "unknown-endpoint latin1.js | `GET /api/v2/nope/\u{fffd}\u{fffd}` is not a Genesys Cloud Platform API operation",
        ]
    );
    assert_eq!(report["summary"]["files_skipped"], 2);
    assert_eq!(
        report["skipped"],
        serde_json::json!([
            { "path": "blob.js", "reason": "binary file" },
            { "path": "huge.js", "reason": "larger than 16 MiB" },
        ])
    );
}

/// Human output without the rendered snippets: rule/message headlines,
/// skip notes and the summary line.
fn headlines(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter(|l| {
            l.starts_with("note: skipped") || l.starts_with("gclint:") || l.contains("  × ")
        })
        .map(str::trim)
        .collect()
}

#[test]
fn extreme_sizes_and_nesting_are_bounded() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let n = 100_000;
    // Minified files are skipped by default (not app code); read them here
    // to keep the scanner's bounds under test.
    fs::write(dir.join("gclint.toml"), "include-generated = [\"**\"]\n").unwrap();
    // 50 MB on one line: over the size limit, skipped with a note.
    fs::write(dir.join("huge.js"), "x".repeat(50 * 1024 * 1024)).unwrap();
    // 15 MB of minified code on one line, under the limit: scanned whole.
    let mut minified = "var a=1;".repeat(15 * 1024 * 1024 / 8);
    minified.push_str("fetch('/api/v2/nope/minified');");
    fs::write(dir.join("min.js"), minified).unwrap();
    // 100,000 levels of nesting in every configuration format.
    fs::create_dir_all(dir.join("flow")).unwrap();
    fs::write(
        dir.join("flow/appfoundry.yaml"),
        format!("name: {}{}\n", "[".repeat(n), "]".repeat(n)),
    )
    .unwrap();
    fs::create_dir_all(dir.join("block")).unwrap();
    fs::write(
        dir.join("block/appfoundry.yaml"),
        format!("name:\n  {}x\n", "- ".repeat(n)),
    )
    .unwrap();
    fs::write(
        dir.join("roles.json"),
        format!(
            "{{\"name\": \"r\", \"permissionPolicies\": {}{}}}",
            "[".repeat(n),
            "]".repeat(n)
        ),
    )
    .unwrap();
    fs::write(
        dir.join("main.tf"),
        format!(
            "resource \"genesyscloud_oauth_client\" \"c\" {{\n  name = {}1{}\n}}\n",
            "(".repeat(n),
            ")".repeat(n)
        ),
    )
    .unwrap();
    // Operator chains nested 100,000 deep, on which hcl-edit's time doubles
    // per level when the file is broken: refused where the chain starts.
    fs::write(
        dir.join("chains.tf"),
        format!(
            "resource \"genesyscloud_oauth_client\" \"d\" {{\n  name = {}1{}\n",
            "x + y + (".repeat(n),
            ")".repeat(n - 1)
        ),
    )
    .unwrap();
    fs::create_dir_all(dir.join("wizard")).unwrap();
    fs::write(
        dir.join("wizard/config.js"),
        format!(
            "export default {{ provisioningInfo: {{ 'oauth-client': [{{ name: {}1 }}] }} }};\n",
            "!".repeat(n)
        ),
    )
    .unwrap();
    // Interpolations nested 100,000 deep in source strings; the call after
    // them is still found.
    fs::write(
        dir.join("nested.js"),
        format!(
            "const x = {}1{};\nfetch('/api/v2/nope/js');\n",
            "`${".repeat(n),
            "}`".repeat(n)
        ),
    )
    .unwrap();
    fs::write(
        dir.join("Nested.kt"),
        format!(
            "val x = {}1{}\nval u = \"/api/v2/routing/nope-kt\"\n",
            "\"${".repeat(n),
            "}\"".repeat(n)
        ),
    )
    .unwrap();

    let run = run_in(dir, &["check", ".", "--fail-on", "never"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert_eq!(
        headlines(&run.stdout),
        [
            "× `/api/v2/routing/nope-kt` is not a Genesys Cloud Platform API operation",
            "× the manifest cannot be parsed: nesting deeper than 128 levels; not read",
            "× the file cannot be parsed: operator chains nested too deeply; not read",
            "× the manifest cannot be parsed: nesting deeper than 128 levels; not read",
            "× the file cannot be parsed: nesting deeper than 64 levels; not read",
            "× `GET /api/v2/nope/minified` is not a Genesys Cloud Platform API operation",
            "× `GET /api/v2/nope/js` is not a Genesys Cloud Platform API operation",
            "× the file cannot be parsed: nesting deeper than 128 levels; not read",
            "× the file cannot be parsed: nesting deeper than 128 levels; not read",
            "note: skipped huge.js (larger than 16 MiB)",
            "gclint: 9 errors, 0 warnings, 0 notes in 9 file(s)",
        ],
        "{}",
        run.stdout
    );
    // Lines this long are not printed; each finding gives its position,
    // and each parse error points at the place the limit is crossed.
    let positions: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.ends_with("(the line is too long to show)"))
        .map(str::trim)
        .collect();
    assert_eq!(
        positions,
        [
            "at Nested.kt:2:9 (the line is too long to show)",
            "at block/appfoundry.yaml:2:257 (the line is too long to show)",
            "at chains.tf:2:18 (the line is too long to show)",
            "at flow/appfoundry.yaml:1:262 (the line is too long to show)",
            "at main.tf:2:74 (the line is too long to show)",
            "at min.js:1:15728647 (the line is too long to show)",
            "at nested.js:2:7 (the line is too long to show)",
            "at roles.json:1:164 (the line is too long to show)",
            "at wizard/config.js:1:183 (the line is too long to show)",
        ]
    );
}

/// Runs gclint as an unprivileged user when the tests run as root (as in
/// CI), so that permissions are enforced.
#[cfg(unix)]
fn run_unprivileged(dir: &std::path::Path, args: &[&str]) -> common::Run {
    let uid = std::process::Command::new("id").arg("-u").output().unwrap();
    let mut cmd = if String::from_utf8_lossy(&uid.stdout).trim() == "0" {
        let mut cmd = std::process::Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_gclint"));
        cmd
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_gclint"))
    };
    let out = cmd
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .expect("gclint runs (as root this needs setpriv, from util-linux)");
    common::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_folders_are_skipped_with_a_note() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::set_permissions(dir, fs::Permissions::from_mode(0o755)).unwrap();
    fs::write(dir.join("ok.js"), "fetch('/api/v2/nope/ok');\n").unwrap();
    fs::write(dir.join("secret.js"), "fetch('/api/v2/nope/secret');\n").unwrap();
    fs::create_dir_all(dir.join("locked")).unwrap();
    fs::write(
        dir.join("locked/inner.js"),
        "fetch('/api/v2/nope/inner');\n",
    )
    .unwrap();
    fs::create_dir_all(dir.join("app")).unwrap();
    fs::write(
        dir.join("app/appfoundry.yaml"),
        "name: a\nclients:\n  - name: c\n    grantType: CLIENT-CREDENTIALS\n    scopes: [users]\n",
    )
    .unwrap();
    fs::set_permissions(dir.join("secret.js"), fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(dir.join("locked"), fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(
        dir.join("app/appfoundry.yaml"),
        fs::Permissions::from_mode(0o200),
    )
    .unwrap();

    let run = run_unprivileged(dir, &["check", "."]);
    // Put the folder back so the temporary directory can be removed.
    fs::set_permissions(dir.join("locked"), fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(
        headlines(&run.stdout),
        [
            "× `GET /api/v2/nope/ok` is not a Genesys Cloud Platform API operation",
            "note: skipped locked (cannot read: Permission denied (os error 13))",
            "note: skipped app/appfoundry.yaml (cannot read: Permission denied (os error 13))",
            "note: skipped secret.js (cannot read: Permission denied (os error 13))",
            "gclint: 1 error, 0 warnings, 0 notes in 1 file(s)",
        ],
        "{}",
        run.stdout
    );
}

#[test]
fn files_vanishing_during_the_walk_never_break_a_run() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    fs::write(dir.join("stable.js"), "fetch('/api/v2/nope/stable');\n").unwrap();
    let churn = |i: usize| dir.join(format!("d{}", i % 40));
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        // Folders and files appear and disappear while gclint walks.
        scope.spawn(|| {
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                let d = churn(i);
                if d.exists() {
                    let _ = fs::remove_dir_all(&d);
                } else {
                    let _ = fs::create_dir_all(d.join("sub"));
                    for f in 0..20 {
                        let _ = fs::write(
                            d.join(format!("sub/f{f}.js")),
                            "fetch('/api/v2/users/me');\n",
                        );
                    }
                }
                i += 1;
            }
        });
        for round in 0..25 {
            let run = run_in(&dir, &["check", ".", "--jobs", "2"]);
            assert_eq!(run.code, 1, "round {round}: {}\n{}", run.stdout, run.stderr);
            assert_eq!(run.stderr, "", "round {round}");
            assert!(
                run.stdout
                    .contains("`GET /api/v2/nope/stable` is not a Genesys Cloud"),
                "round {round}: {}",
                run.stdout
            );
            for note in run
                .stdout
                .lines()
                .filter(|l| l.starts_with("note: skipped"))
            {
                assert!(
                    note.ends_with("(cannot read: No such file or directory (os error 2))"),
                    "round {round}: {note}"
                );
            }
        }
        stop.store(true, Ordering::Relaxed);
    });
}

#[test]
fn thousands_of_unknown_paths_stay_fast_and_suggestions_are_capped() {
    let tmp = tempfile::tempdir().unwrap();
    // 3,000 distinct unknown paths (each "did you mean" costs about a
    // millisecond), then one repeated: suggestions stop after 256 paths.
    let mut code: String = (0..3000)
        .map(|i| format!("fetch('/api/v2/routing/queuez{i}');\n"))
        .collect();
    code.push_str("fetch('/api/v2/routing/queuez0');\n");
    fs::write(tmp.path().join("gen.js"), code).unwrap();
    let run = run_in(tmp.path(), &["check", ".", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 3001);
    let help = |i: usize| diagnostics[i]["help"].as_str().unwrap();
    const MEANT: &str = "did you mean `/api/v2/routing/queues`, `/api/v2/routing/languages` or `/api/v2/routing/assessments`?";
    assert_eq!(help(0), MEANT);
    assert_eq!(help(255), MEANT);
    assert_eq!(
        help(256),
        "check the route in the API explorer (`gclint endpoint` looks one up); close paths are suggested for the first 256 unknown paths only"
    );
    // A path already worked out keeps its suggestion.
    assert_eq!(help(3000), MEANT);
}
