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
        "examples/messaging-bridge",
        "fixtures/scopes",
        "fixtures/cc-roles",
    ] {
        for format in ["human", "json", "sarif"] {
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
            "parse-error bomb/appfoundry.yaml | the manifest cannot be parsed: the document expands to more than 200000 values (alias expansion bomb?); not read",
            "parse-error deep/appfoundry.json | the manifest cannot be parsed: nesting deeper than 128 levels; not read",
            "unknown-endpoint latin1.js | `GET /api/v2/nope/\u{fffd}\u{fffd}` is not a Genesys Cloud Platform API operation",
        ]
    );
    assert_eq!(report["summary"]["files_skipped"], 2);
}
