//! The pre-commit hook (`.pre-commit-hooks.yaml`), run by the real
//! `pre-commit try-repo` against a snapshot of this checkout, in two small
//! git repositories: one whose commit changes only a source file of an app
//! with a missing scope (the hook still checks it against the manifest), and
//! a clean app.
//!
//! `language: rust` makes pre-commit `cargo install` the hook repository,
//! once per `try-repo`. To keep that to a minute, the build goes to its own
//! target folder, offline (the crates are already fetched for this test),
//! and without optimisation: the hook's behaviour does not depend on it.

mod common;

use common::root;
use std::path::Path;
use std::process::{Command, Output};

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=gclint tests",
            "-c",
            "user.email=tests@gclint.invalid",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The checkout's working tree (tracked and new files, as `git` sees them)
/// committed into a new repository: `try-repo` installs a commit, and this
/// one holds the uncommitted changes under test too.
fn snapshot_of_this_checkout(to: &Path) {
    let listed = Command::new("git")
        .current_dir(root())
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("git runs");
    assert!(
        listed.status.success(),
        "this test needs the repository as a git checkout: {}",
        String::from_utf8_lossy(&listed.stderr)
    );
    for rel in listed.stdout.split(|&b| b == 0).filter(|p| !p.is_empty()) {
        let rel = std::str::from_utf8(rel).unwrap();
        let from = root().join(rel);
        if !from.is_file() {
            continue; // deleted in the working tree
        }
        let target = to.join(rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&from, &target).unwrap();
    }
    git(to, &["init", "-q"]);
    git(to, &["add", "-A"]);
    git(to, &["commit", "-q", "-m", "snapshot"]);
}

fn app_repo(example: &str, to: &Path) {
    copy_dir(&root().join("examples").join(example), to);
    git(to, &["init", "-q"]);
    git(to, &["add", "-A"]);
    git(to, &["commit", "-q", "-m", example]);
}

fn try_repo(app: &Path, hook_repo: &Path, home: &Path, extra: &[&str]) -> Output {
    // Beside the test's own build, never inside it: no lock is shared.
    let target = Path::new(env!("CARGO_BIN_EXE_gclint"))
        .parent()
        .and_then(Path::parent)
        .unwrap()
        .join("pre-commit-hook");
    Command::new("pre-commit")
        .current_dir(app)
        .arg("try-repo")
        .arg(hook_repo)
        .arg("gclint")
        .args(extra)
        .env("PRE_COMMIT_HOME", home)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_NET_OFFLINE", "true")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "64")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("pre-commit runs")
}

/// pre-commit's status line for a hook: the name, dots to column 79, the result.
fn status_line(result: &str) -> String {
    format!(
        "gclint{}{result}",
        ".".repeat(79 - "gclint".len() - result.len())
    )
}

#[test]
fn the_hook_fails_a_commit_with_a_missing_scope_and_passes_a_clean_app() {
    if Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "`pre-commit` is not installed, and CI must run this test (.ci/run installs it)"
        );
        eprintln!("SKIPPED: `pre-commit` is not installed (pip install pre-commit)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let hook_repo = tmp.path().join("gclint");
    snapshot_of_this_checkout(&hook_repo);
    let home = tmp.path().join("pre-commit-home");

    // A commit that touches only a source file: the hook still reads the
    // manifest, so the missing scope of the changed call is reported.
    let failing = tmp.path().join("agent-dashboard");
    app_repo("agent-dashboard", &failing);
    let app_js = failing.join("js/app.js");
    let text = std::fs::read_to_string(&app_js).unwrap();
    std::fs::write(&app_js, format!("// Presence badge.\n{text}")).unwrap();
    git(&failing, &["add", "js/app.js"]);
    let out = try_repo(&failing, &hook_repo, &home, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == status_line("Failed"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert_eq!(
        lines[at + 1..at + 3],
        ["- hook id: gclint", "- exit code: 1"]
    );
    assert!(stdout.contains("    ╭─[js/app.js:19:38]\n"), "{stdout}");
    assert!(stdout.contains("\ngclint: 1 error, 4 warnings, 1 note in 4 file(s)\n"));

    let passing = tmp.path().join("supervisor-portal");
    app_repo("supervisor-portal", &passing);
    let out = try_repo(&passing, &hook_repo, &home, &["--all-files"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.lines().any(|l| l == status_line("Passed")),
        "{stdout}"
    );
}
