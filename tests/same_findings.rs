//! Every fixture and bundled example, checked as a user checks a folder:
//! its findings and its call sites, line by line, against
//! `tests/golden/findings.txt`. A change meant only to make gclint faster
//! (or tidier) must leave that file as it is; a change in behaviour shows
//! here as a diff to review. `GCLINT_BLESS=1 cargo test --test
//! same_findings` writes the file anew.

mod common;

use common::{root, run_in};
use std::path::{Path, PathBuf};

/// The folders a user would check: each example, and each fixture folder
/// that holds files of its own (its subfolders are part of it), else each
/// of its subfolders.
fn folders() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let listed = |dir: &Path| -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        v.sort();
        v
    };
    for example in listed(&root().join("examples")) {
        if example.is_dir() {
            out.push(example);
        }
    }
    let mut stack = listed(&root().join("fixtures"));
    stack.reverse();
    while let Some(dir) = stack.pop() {
        if !dir.is_dir() {
            continue;
        }
        let entries = listed(&dir);
        if entries.iter().any(|e| e.is_file()) {
            out.push(dir);
        } else {
            stack.extend(entries.into_iter().rev());
        }
    }
    out
}

fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let run = run_in(dir, args);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: not JSON ({e}): {}\n{}",
            dir.display(),
            run.stdout,
            run.stderr
        )
    })
}

/// One folder's findings and call sites, one line each.
fn lines(dir: &Path) -> Vec<String> {
    let rel = dir
        .strip_prefix(root())
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/");
    let mut out = vec![format!("== {rel}")];
    let check = json(
        dir,
        &["check", ".", "--format", "json", "--fail-on", "never"],
    );
    for d in check["diagnostics"].as_array().unwrap() {
        let at = &d["location"];
        out.push(format!(
            "{} {} {}:{}:{}-{}:{} | {}",
            d["rule"].as_str().unwrap(),
            d["severity"].as_str().unwrap(),
            at["file"].as_str().unwrap(),
            at["start"]["line"],
            at["start"]["column"],
            at["end"]["line"],
            at["end"]["column"],
            d["message"].as_str().unwrap()
        ));
    }
    let calls = json(dir, &["calls", ".", "--format", "json"]);
    for c in calls["calls"].as_array().unwrap() {
        let operation = c["operation"]["operation_id"].as_str().map_or_else(
            || format!("? {}", c["written"].as_str().unwrap_or("")),
            str::to_string,
        );
        out.push(format!(
            "call {}:{}:{} {} {} | {} | {}",
            c["file"].as_str().unwrap(),
            c["start"]["line"],
            c["start"]["column"],
            c["found_by"].as_str().unwrap_or(""),
            c["resolution"].as_str().unwrap_or(""),
            c["written"].as_str().unwrap_or(""),
            operation
        ));
    }
    out
}

#[test]
fn every_fixture_and_example_reports_what_the_golden_file_holds() {
    let folders = folders();
    assert!(folders.len() > 60, "{} folders", folders.len());
    let mut got = String::new();
    for dir in &folders {
        for line in lines(dir) {
            got.push_str(&line);
            got.push('\n');
        }
    }
    let golden = root().join("tests/golden/findings.txt");
    if std::env::var_os("GCLINT_BLESS").is_some() {
        std::fs::write(&golden, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&golden).unwrap_or_default();
    if got != want {
        let (g, w): (Vec<&str>, Vec<&str>) = (got.lines().collect(), want.lines().collect());
        let gone: Vec<&&str> = w.iter().filter(|l| !g.contains(l)).take(20).collect();
        let new: Vec<&&str> = g.iter().filter(|l| !w.contains(l)).take(20).collect();
        panic!(
            "findings differ from tests/golden/findings.txt (GCLINT_BLESS=1 writes it anew)\n\
             no longer reported:\n{gone:#?}\nnewly reported:\n{new:#?}"
        );
    }
}
