//! Runs the real binary the way a user does and reads its JSON report.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn gclint() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gclint"));
    cmd.env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env_remove("GCLINT_DB");
    cmd
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = gclint()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("gclint runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `gclint check . --format json` in a fixture folder: one line per
/// diagnostic, `rule severity file:line:col | message`.
pub fn findings(fixture: &str) -> (Vec<String>, i32) {
    let dir = root().join(fixture);
    let run = run_in(&dir, &["check", ".", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{fixture}: not JSON ({e}): {}\n{}", run.stdout, run.stderr));
    let lines = report["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| {
            format!(
                "{} {} {}:{}:{} | {}",
                d["rule"].as_str().unwrap(),
                d["severity"].as_str().unwrap(),
                d["location"]["file"].as_str().unwrap(),
                d["location"]["start"]["line"],
                d["location"]["start"]["column"],
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    (lines, run.code)
}

/// The help line of each diagnostic: `rule | help`.
pub fn helps(fixture: &str) -> Vec<String> {
    let run = run_in(&root().join(fixture), &["check", ".", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON report");
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} | {}",
                d["rule"].as_str().unwrap(),
                d["help"].as_str().unwrap_or("")
            )
        })
        .collect()
}

/// Copies a folder of the repository (`examples/...`, `fixtures/...`) to a
/// temporary folder, so that a test may change it.
pub fn temp_copy(rel: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temporary folder");
    copy_dir(&root().join(rel), tmp.path());
    tmp
}

/// A temporary folder that is a repository root (it holds `.git`), so that
/// no `gclint.toml` above it is found.
pub fn temp_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join(".git")).expect(".git");
    dir
}

/// Copies a folder of the checkout (`examples/...`, `fixtures/...`) to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Every file under `dir` (relative path, `/`-separated), sorted.
pub fn files(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).unwrap();
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Sets every file's modification time to a fixed moment in the past, so
/// that any write shows.
pub fn age_files(dir: &Path) -> std::time::SystemTime {
    let past = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    for rel in files(dir) {
        let file = std::fs::File::options()
            .write(true)
            .open(dir.join(&rel))
            .unwrap();
        file.set_modified(past).unwrap();
    }
    past
}

/// Files whose modification time is no longer `since`.
pub fn touched(dir: &Path, since: std::time::SystemTime) -> Vec<String> {
    files(dir)
        .into_iter()
        .filter(|rel| {
            std::fs::metadata(dir.join(rel))
                .and_then(|m| m.modified())
                .map_or(true, |t| t != since)
        })
        .collect()
}
/// One line per reported diagnostic of a JSON report, as [`findings`]
/// writes them, with ` (suppressed)` after a suppressed one.
pub fn report_lines(report: &serde_json::Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| {
            format!(
                "{} {} {}:{}:{} | {}{}",
                d["rule"].as_str().unwrap(),
                d["severity"].as_str().unwrap(),
                d["location"]["file"].as_str().unwrap(),
                d["location"]["start"]["line"],
                d["location"]["start"]["column"],
                d["message"].as_str().unwrap(),
                if d["suppressed"] == true {
                    " (suppressed)"
                } else {
                    ""
                }
            )
        })
        .collect()
}

/// `gclint check ARGS --format json` in `dir`: the report and the run.
pub fn json_in(dir: &Path, args: &[&str]) -> (serde_json::Value, Run) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let run = run_in(dir, &all);
    let report = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", run.stdout, run.stderr));
    (report, run)
}

/// Checks a SARIF log against the OASIS SARIF 2.1.0 schemas (as published
/// and with errata 01); `what` names it in the failure.
pub fn validate_sarif(log: &serde_json::Value, what: &str) {
    for schema_file in [
        "schemas/sarif-schema-2.1.0.json",
        "schemas/sarif-schema-2.1.0.errata01.json",
    ] {
        let mut text = std::fs::read_to_string(root().join(schema_file)).unwrap();
        // The 2019 text's `language` pattern has a stray `]` that is not a valid
        // ECMAScript regex (fixed by errata 01); gclint never writes `language`.
        text = text.replace(
            r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
            r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#,
        );
        let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
        let validator = jsonschema::validator_for(&schema).expect("schema compiles");
        let errors: Vec<String> = validator
            .iter_errors(log)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{what} against {schema_file}: {errors:#?}"
        );
    }
}

/// Git with a fixed identity and clock (the same commits on every run) and
/// no user or system configuration.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Floor Team")
        .env("GIT_AUTHOR_EMAIL", "floor@example-partner.com")
        .env("GIT_AUTHOR_DATE", "2026-03-02T09:00:00Z")
        .env("GIT_COMMITTER_NAME", "Floor Team")
        .env("GIT_COMMITTER_EMAIL", "floor@example-partner.com")
        .env("GIT_COMMITTER_DATE", "2026-03-02T09:00:00Z")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim_end().to_string()
}

/// Makes the working tree hold exactly the files of a fixture state
/// (besides `.git` and the files named in `keep`).
fn put_state(dir: &Path, state: &str, keep: &[&str]) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == ".git" || keep.iter().any(|k| name == *k) {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            std::fs::remove_dir_all(entry.path()).unwrap();
        } else {
            std::fs::remove_file(entry.path()).unwrap();
        }
    }
    copy_dir(&root().join("fixtures/access-diff").join(state), dir);
}

/// A git repository in `dir` with one commit per state of
/// `fixtures/access-diff/` on `main` (the `extra` files, written first, are
/// in every commit): the commits' hashes in order.
pub fn access_diff_repository(dir: &Path, extra: &[(&str, &str)]) -> Vec<String> {
    git(dir, &["init", "--quiet", "--initial-branch=main"]);
    let keep: Vec<&str> = extra.iter().map(|(name, _)| *name).collect();
    for (name, text) in extra {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let mut commits = Vec::new();
    for (state, message) in [
        ("1-base", "Floor board and roster sync"),
        (
            "2-presence",
            "Supervisor presence; roster role without skills; daily totals",
        ),
        ("3-moved", "Presence lookup moved into the board"),
    ] {
        put_state(dir, state, &keep);
        git(dir, &["add", "--all"]);
        git(dir, &["commit", "--quiet", "--message", message]);
        commits.push(git(dir, &["rev-parse", "HEAD"]));
    }
    commits
}

/// Whether this run must not skip a test for a missing tool (`.ci/run` sets
/// `CI=true` and installs them all).
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false")
}

/// Skips a test whose tool is missing: a message locally, a failure in CI.
pub fn skip_unless_ci(why: &str) {
    assert!(
        !in_ci(),
        "{why}, and CI must run this test (.ci/run installs it)"
    );
    eprintln!("SKIPPED: {why}");
}

/// The folder cargo builds into (the test binaries' `target/`).
pub fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_gclint"))
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/gclint")
        .to_path_buf()
}

/// The gclint wheel under test: `GCLINT_WHEEL` (`.ci/run` builds it once
/// with `pip wheel .` for all the tests), else one built here the same way
/// into `target/wheel-test` (a release build of its own, minutes the first
/// time). `Err` says why there is none (no Python or pip).
pub fn wheel() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("GCLINT_WHEEL").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        assert!(
            path.is_file(),
            "GCLINT_WHEEL={} is not a file",
            path.display()
        );
        return Ok(path);
    }
    let base = target_dir().join("wheel-test");
    let dist = base.join("dist");
    let _ = std::fs::remove_dir_all(&dist);
    std::fs::create_dir_all(&dist).unwrap();
    // Its own cargo target folder: the one of this test run is locked.
    let out = Command::new("python3")
        .args(["-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir"])
        .arg(&dist)
        .arg(root())
        .env("CARGO_TARGET_DIR", base.join("cargo"))
        .output()
        .map_err(|e| format!("python3 does not run ({e})"))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        if stderr.contains("No module named pip") {
            return Err("python3 has no pip".into());
        }
        panic!("pip wheel {} failed:\n{stderr}", root().display());
    }
    let wheels: Vec<PathBuf> = std::fs::read_dir(&dist)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "whl"))
        .collect();
    assert_eq!(wheels.len(), 1, "{wheels:?}");
    Ok(wheels.into_iter().next().unwrap())
}

/// A new virtual environment in `dir` (`python3 -m venv`); `Err` when Python
/// cannot make one (Debian's `python3` without `python3-venv`).
pub fn venv(dir: &Path) -> Result<PathBuf, String> {
    let out = Command::new("python3")
        .args(["-m", "venv"])
        .arg(dir)
        .output()
        .map_err(|e| format!("python3 does not run ({e})"))?;
    if !out.status.success() {
        return Err(format!(
            "`python3 -m venv` fails ({})",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(dir.join(if cfg!(windows) { "Scripts" } else { "bin" }))
}
