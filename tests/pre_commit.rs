//! The pre-commit hooks, run by the real `pre-commit try-repo` in two small
//! git repositories: one whose commit changes only a source file of an app
//! with a missing scope (the hook still checks it against the manifest), and
//! a clean app. Both hooks do the same thing; they differ in how pre-commit
//! installs gclint:
//!
//! - `.pre-commit-hooks.yaml` (`language: rust`), tried from a snapshot of
//!   this checkout: pre-commit `cargo install`s the hook repository, once
//!   per `try-repo`. To keep that to a minute, the build goes to its own
//!   target folder, offline (the crates are already fetched for this test),
//!   and without optimisation: the hook's behaviour does not depend on it.
//! - `pre-commit/.pre-commit-hooks.yaml` (`language: python`), the hook
//!   repository the release workflow publishes: pre-commit `pip install`s
//!   its package, which depends on the gclint wheel. pip finds the wheel
//!   under test (`common::wheel`) through `PIP_FIND_LINKS`, and setuptools
//!   (the package's build backend) on PyPI.

mod common;

use common::root;
use serde_json::Value;
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
        // The reference data (34 MB) builds nothing the hook runs.
        if rel.starts_with("reference/") {
            continue;
        }
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

fn try_repo(
    app: &Path,
    hook_repo: &Path,
    home: &Path,
    extra: &[&str],
    env: &[(&str, &Path)],
) -> Output {
    // Beside the test's own build, never inside it: no lock is shared.
    let target = common::target_dir().join("pre-commit-hook");
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
        .envs(env.iter().copied())
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

fn have_pre_commit() -> bool {
    if Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_err()
    {
        common::skip_unless_ci("`pre-commit` is not installed (pip install pre-commit)");
        return false;
    }
    true
}

/// The hook of `hook_repo` fails a commit that touches only a source file
/// with a missing scope, and passes a clean app.
fn fails_a_missing_scope_and_passes_a_clean_app(
    tmp: &Path,
    hook_repo: &Path,
    env: &[(&str, &Path)],
) {
    let home = tmp.join("pre-commit-home");

    // A commit that touches only a source file: the hook still reads the
    // manifest, so the missing scope of the changed call is reported.
    let failing = tmp.join("agent-dashboard");
    app_repo("agent-dashboard", &failing);
    let app_js = failing.join("js/app.js");
    let text = std::fs::read_to_string(&app_js).unwrap();
    std::fs::write(&app_js, format!("// Presence badge.\n{text}")).unwrap();
    git(&failing, &["add", "js/app.js"]);
    let out = try_repo(&failing, hook_repo, &home, &[], env);
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

    let passing = tmp.join("supervisor-portal");
    app_repo("supervisor-portal", &passing);
    let out = try_repo(&passing, hook_repo, &home, &["--all-files"], env);
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

#[test]
#[ignore = "slow: needs pre-commit (pip install pre-commit), which builds gclint with cargo (minutes); .ci/run runs it (cargo test -- --include-ignored)"]
fn the_rust_hook_fails_a_commit_with_a_missing_scope_and_passes_a_clean_app() {
    if !have_pre_commit() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let hook_repo = tmp.path().join("gclint");
    snapshot_of_this_checkout(&hook_repo);
    fails_a_missing_scope_and_passes_a_clean_app(tmp.path(), &hook_repo, &[]);
}

#[test]
#[ignore = "slow: needs pre-commit (pip install pre-commit) and the wheel (a release build, minutes); .ci/run runs it (cargo test -- --include-ignored)"]
fn the_python_hook_installs_the_wheel_fails_a_missing_scope_and_passes_a_clean_app() {
    if !have_pre_commit() {
        return;
    }
    let wheel = match common::wheel() {
        Ok(wheel) => wheel,
        Err(why) => return common::skip_unless_ci(&format!("no gclint wheel: {why}")),
    };
    let tmp = tempfile::tempdir().unwrap();
    // Only the wheel under test, whatever else its folder holds.
    let wheels = tmp.path().join("wheels");
    std::fs::create_dir_all(&wheels).unwrap();
    std::fs::copy(&wheel, wheels.join(wheel.file_name().unwrap())).unwrap();

    // The hook repository as the release workflow publishes it.
    let hook_repo = tmp.path().join("gclint-pre-commit");
    copy_dir(&root().join("pre-commit"), &hook_repo);
    git(&hook_repo, &["init", "-q"]);
    git(&hook_repo, &["add", "-A"]);
    git(&hook_repo, &["commit", "-q", "-m", "gclint-pre-commit"]);

    // Without a Rust toolchain on PATH: the hook's gclint is the wheel's.
    let path = path_without_cargo();
    fails_a_missing_scope_and_passes_a_clean_app(
        tmp.path(),
        &hook_repo,
        &[("PIP_FIND_LINKS", &wheels), ("PATH", Path::new(&path))],
    );
}

/// PATH without the folders that hold `cargo` (rustup's `~/.cargo/bin`),
/// unless one of them holds git, Python or pre-commit too.
fn path_without_cargo() -> std::ffi::OsString {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs: Vec<_> = std::env::split_paths(&path).collect();
    let (cargo, kept): (Vec<_>, Vec<_>) = dirs.into_iter().partition(|d| d.join("cargo").exists());
    let needed = ["git", "python3", "pre-commit"];
    if cargo
        .iter()
        .any(|d| needed.iter().any(|tool| d.join(tool).exists()))
    {
        return path;
    }
    std::env::join_paths(kept).unwrap()
}

fn hooks(rel: &str) -> Value {
    let text = std::fs::read_to_string(root().join(rel)).unwrap();
    let parsed = gclint::parse::yaml::parse(&text).expect("YAML");
    assert!(parsed.issues.is_empty(), "{rel}: {:?}", parsed.issues);
    parsed.root.to_json()
}

#[test]
fn both_hook_files_match_the_pre_commit_hooks_schema_and_the_same_hook() {
    let text = std::fs::read_to_string(root().join("schemas/pre-commit-hooks.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let rust = hooks(".pre-commit-hooks.yaml");
    let python = hooks("pre-commit/.pre-commit-hooks.yaml");
    for (name, doc) in [("rust", &rust), ("python", &python)] {
        let errors: Vec<String> = validator
            .iter_errors(doc)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
    // The validation above would pass vacuously if the schema accepted anything.
    let mut broken = rust.clone();
    broken[0].as_object_mut().unwrap().remove("entry");
    broken[0]["pass_filenames"] = "no".into();
    assert_eq!(
        validator
            .iter_errors(&broken)
            .map(|e| e.instance_path().to_string())
            .collect::<Vec<_>>(),
        ["/0", "/0/pass_filenames"]
    );

    assert_eq!(rust[0]["language"], "rust");
    assert_eq!(python[0]["language"], "python");
    // Same id, entry and files: switching repositories changes nothing else.
    let mut same = python.clone();
    same[0]["language"] = "rust".into();
    assert_eq!(same, rust);
}
