//! The analyses as a library, called as a new front door calls them: a
//! `Request`, the `Options` read from it and gclint.toml, then the
//! analysis. Each result serialises as the body of the command line's JSON
//! report for the same folder (the report less its envelope: `version`,
//! `tool`, `database`).

mod common;

use gclint::analysis::calls::Filter;
use gclint::analysis::check::Actions;
use gclint::analysis::{self, Error, Options, Request};
use gclint::db::Database;
use serde_json::Value;
use std::path::Path;

/// What a front door asks for `dir`, the way `gclint` run in it asks.
fn options(dir: &Path) -> Options {
    let request = Request {
        paths: vec![dir.to_path_buf()],
        root: dir.to_path_buf(),
        ..Request::default()
    };
    Options::read(Database::embedded(), request).expect("the options are read")
}

/// `gclint ARGS --format json` in `dir`, without the envelope.
fn cli_body(dir: &Path, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--format", "json"]);
    let run = common::run_in(dir, &all);
    let mut report: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", run.stdout, run.stderr));
    let envelope = report.as_object_mut().unwrap();
    for key in ["version", "tool", "database"] {
        assert!(envelope.remove(key).is_some(), "no `{key}`");
    }
    report
}

fn dir(rel: &str) -> std::path::PathBuf {
    common::root().join(rel).canonicalize().unwrap()
}

#[test]
fn check_is_the_json_report() {
    let db = Database::embedded();
    for rel in ["examples/agent-dashboard", "fixtures/lsp-config"] {
        let dir = dir(rel);
        let checked = analysis::check::run(db, &options(&dir), &Actions::default()).unwrap();
        assert!(checked.failing, "{rel}");
        let body = serde_json::to_value(&checked).unwrap();
        assert_eq!(body, cli_body(&dir, &["check", "."]), "{rel}");
    }
}

#[test]
fn calls_and_scopes_are_the_json_reports() {
    let db = Database::embedded();
    for rel in ["examples/callback-desk", "fixtures/terraform-deploy"] {
        let dir = dir(rel);
        let opts = options(&dir);
        let calls = analysis::calls::run(db, &opts, &Filter::default()).unwrap();
        let body = serde_json::to_value(&calls).unwrap();
        assert_eq!(body, cli_body(&dir, &["calls", "."]), "{rel}");
        let scopes = analysis::scopes::run(db, &opts, false);
        let body = serde_json::to_value(&scopes).unwrap();
        assert_eq!(body, cli_body(&dir, &["scopes", "."]), "{rel}");
    }
}

/// Nothing is printed: what stops an analysis comes back as data, with the
/// sentence the command line says after `error:`.
#[test]
fn errors_are_data() {
    let db = Database::embedded();
    let dir = dir("fixtures/lsp-config");
    let unknown = Request {
        paths: vec![dir.clone()],
        select: vec!["unused-scopes".into()],
        ..Request::default()
    };
    match Options::read(db, unknown) {
        Err(Error::Usage(message)) => assert_eq!(
            message,
            "unknown rule `unused-scopes`; did you mean `unused-scope`?"
        ),
        other => panic!("{other:?}"),
    }
    let filter = Filter {
        client: Some("mobile".into()),
        unresolved: false,
        operation: None,
    };
    match analysis::calls::run(db, &options(&dir), &filter) {
        Err(Error::Usage(message)) => {
            assert_eq!(
                message,
                "no client `mobile` in the scanned files; clients: `web`"
            )
        }
        other => panic!("{:?}", other.map(|c| c.calls.len())),
    }
    let broken = tempfile::tempdir().unwrap();
    std::fs::write(broken.path().join("gclint.toml"), "exclud = []\n").unwrap();
    let request = Request {
        paths: vec![broken.path().to_path_buf()],
        root: broken.path().to_path_buf(),
        ..Request::default()
    };
    match Options::read(db, request) {
        Err(Error::Config(e)) => {
            assert_eq!(e.name, "gclint.toml");
            assert_eq!(e.problems.len(), 1);
            assert_eq!(e.problems[0].message, "unknown key `exclud`");
            assert_eq!(e.problems[0].range, 0..6);
        }
        other => panic!("{other:?}"),
    }
}
