//! The GitHub Action: `action.yml` is valid against SchemaStore's schema for
//! actions, and its steps run here the way a runner runs them: in order,
//! with `${{ inputs.* }}` and `${{ steps.*.outputs.* }}` filled in, `if:`
//! conditions honoured, step outputs read back from `GITHUB_OUTPUT`, and the
//! `uses:` steps (cache, SARIF upload) recorded instead of run. `cargo` is a
//! stand-in that records its arguments and installs the gclint under test;
//! releases are folders read through a `file://` URL (`GCLINT_RELEASES_URL`),
//! laid out as GitHub serves them, with the gclint under test packed in.

mod common;

use common::root;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn action() -> Value {
    let text = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let parsed = gclint::parse::yaml::parse(&text).expect("action.yml is YAML");
    assert!(parsed.issues.is_empty(), "{:?}", parsed.issues);
    parsed.root.to_json()
}

#[test]
fn action_yml_matches_the_github_action_schema() {
    let text = std::fs::read_to_string(root().join("schemas/github-action.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let action = action();
    let errors: Vec<String> = validator
        .iter_errors(&action)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let inputs: Vec<&String> = action["inputs"].as_object().unwrap().keys().collect();
    assert_eq!(
        inputs,
        [
            "access-diff",
            "access-diff-base",
            "access-diff-comment",
            "config",
            "fail-on",
            "fail-on-new-access",
            "format",
            "github-token",
            "paths",
            "sarif-file",
            "upload-sarif",
            "version"
        ]
    );
    assert_eq!(action["runs"]["using"], "composite");
}

#[test]
fn the_schema_catches_a_broken_action() {
    // The validation above would pass vacuously if the schema accepted anything.
    let text = std::fs::read_to_string(root().join("schemas/github-action.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut broken = action();
    broken["runs"]["using"] = "docker-compose".into();
    broken.as_object_mut().unwrap().remove("description");
    assert!(!validator.is_valid(&broken));
}

/// What one run of the action did.
#[derive(Default)]
struct Run {
    /// `(step id, exit code, stdout)` of each `run:` step that ran.
    steps: Vec<(String, i32, String)>,
    /// `(step id, uses, with)` of each `uses:` step that ran.
    uses: Vec<(String, String, BTreeMap<String, String>)>,
    outputs: BTreeMap<String, BTreeMap<String, String>>,
    inputs: BTreeMap<String, String>,
    /// `github.action_ref`: the ref the workflow's `uses:` named.
    action_ref: String,
    /// Ids of the steps that ran, in order.
    order: Vec<String>,
    /// The `github` context: `github.token`.
    token: String,
}

impl Run {
    fn stdout(&self, id: &str) -> &str {
        &self.steps.iter().find(|s| s.0 == id).unwrap().2
    }

    fn output(&self, step: &str, name: &str) -> &str {
        self.outputs
            .get(step)
            .and_then(|o| o.get(name))
            .map_or("", String::as_str)
    }

    /// The exit code of the last step that ran (a failing step stops the job).
    fn code(&self) -> i32 {
        self.steps.last().map_or(-1, |s| s.1)
    }

    fn ran(&self) -> Vec<&str> {
        self.order.iter().map(String::as_str).collect()
    }

    fn value(&self, expr: &str) -> String {
        let expr = expr.trim();
        if let Some(name) = expr.strip_prefix("inputs.") {
            return self.inputs[name].clone();
        }
        if expr == "github.action_ref" {
            return self.action_ref.clone();
        }
        if let Some(rest) = expr.strip_prefix("steps.") {
            let (step, name) = rest.split_once(".outputs.").expect("steps.ID.outputs.NAME");
            return self.output(step, name).to_string();
        }
        if expr == "github.token" {
            return self.token.clone();
        }
        if let Some(lit) = expr.strip_prefix('\'').and_then(|e| e.strip_suffix('\'')) {
            return lit.to_string();
        }
        panic!("this fake runner does not evaluate `{expr}`");
    }

    fn interpolate(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${{") {
            out.push_str(&rest[..start]);
            let end = rest[start..].find("}}").expect("closing }}") + start;
            out.push_str(&self.value(&rest[start + 3..end]));
            rest = &rest[end + 2..];
        }
        out.push_str(rest);
        out
    }

    fn condition(&self, cond: &str) -> bool {
        let cond = cond.trim();
        let cond = cond
            .strip_prefix("${{")
            .and_then(|c| c.strip_suffix("}}"))
            .unwrap_or(cond);
        if let Some((a, b)) = cond.split_once("!=") {
            self.value(a) != self.value(b)
        } else if let Some((a, b)) = cond.split_once("==") {
            self.value(a) == self.value(b)
        } else {
            panic!("this fake runner does not evaluate `if: {cond}`")
        }
    }
}

/// `key=value` lines and `key<<DELIMITER` blocks, as the runner reads them.
fn read_outputs(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some((key, delimiter)) = line.split_once("<<") {
            let value: Vec<&str> = lines.by_ref().take_while(|l| *l != delimiter).collect();
            out.insert(key.to_string(), value.join("\n"));
        } else if let Some((key, value)) = line.split_once('=') {
            out.insert(key.to_string(), value.to_string());
        }
    }
    out
}

/// The runner's folders for one job, kept across runs to model a cache hit.
struct Runner {
    _tmp: tempfile::TempDir,
    temp: PathBuf,
    bin: PathBuf,
    cargo_log: PathBuf,
    summary: PathBuf,
    /// The ref the action is used at (`gclint/gclint@main`).
    action_ref: String,
    /// Set after the runner's own variables (so they can replace them).
    env: Vec<(String, String)>,
}

impl Runner {
    fn new() -> Runner {
        let tmp = tempfile::tempdir().unwrap();
        let temp = tmp.path().join("runner-temp");
        let bin = tmp.path().join("bin");
        std::fs::create_dir_all(&temp).unwrap();
        std::fs::create_dir_all(&bin).unwrap();
        let cargo_log = tmp.path().join("cargo.log");
        // `cargo install --path P --locked --root R` puts the gclint under test in R/bin.
        let fake_cargo = format!(
            "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{log}'\nroot=\nwhile [ $# -gt 0 ]; do\n  \
             if [ \"$1\" = --root ]; then root=$2; fi\n  shift\ndone\n\
             mkdir -p \"$root/bin\" && ln -s '{gclint}' \"$root/bin/gclint\"\n",
            log = cargo_log.display(),
            gclint = env!("CARGO_BIN_EXE_gclint"),
        );
        let cargo = bin.join("cargo");
        std::fs::write(&cargo, fake_cargo).unwrap();
        Command::new("chmod")
            .arg("+x")
            .arg(&cargo)
            .status()
            .unwrap();
        Runner {
            summary: tmp.path().join("step-summary.md"),
            _tmp: tmp,
            temp,
            bin,
            cargo_log,
            action_ref: "main".into(),
            env: Vec::new(),
        }
    }

    fn cargo_calls(&self) -> String {
        std::fs::read_to_string(&self.cargo_log).unwrap_or_default()
    }

    fn step_summary(&self) -> String {
        std::fs::read_to_string(&self.summary).unwrap_or_default()
    }

    fn run(&self, workspace: &Path, inputs: &[(&str, &str)]) -> Run {
        self.run_with(workspace, inputs, &[])
    }

    /// A run with more of the runner's variables (`GITHUB_BASE_REF`, ...).
    fn run_with(&self, workspace: &Path, inputs: &[(&str, &str)], env: &[(&str, &str)]) -> Run {
        let action = action();
        let mut run = Run {
            token: "ghs_workflowtoken".to_string(),
            action_ref: self.action_ref.clone(),
            ..Run::default()
        };
        for (name, spec) in action["inputs"].as_object().unwrap() {
            let given = inputs.iter().find(|(n, _)| n == name).map(|(_, v)| *v);
            // Defaults may be expressions (`${{ github.token }}`).
            let default = run.interpolate(spec["default"].as_str().unwrap_or(""));
            let value = given.map_or(default, str::to_string);
            run.inputs.insert(name.clone(), value);
        }
        for (n, _) in inputs {
            assert!(run.inputs.contains_key(*n), "action.yml has no input `{n}`");
        }
        let path = format!(
            "{}:{}",
            self.bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        for step in action["runs"]["steps"].as_array().unwrap() {
            let id = step["id"]
                .as_str()
                .expect("every step has an id")
                .to_string();
            if let Some(cond) = step["if"].as_str() {
                if !run.condition(cond) {
                    continue;
                }
            }
            run.order.push(id.clone());
            if let Some(uses) = step["uses"].as_str() {
                let with: BTreeMap<String, String> = step["with"]
                    .as_object()
                    .map(|w| {
                        w.iter()
                            .map(|(k, v)| (k.clone(), run.interpolate(v.as_str().unwrap())))
                            .collect()
                    })
                    .unwrap_or_default();
                if uses.starts_with("actions/cache@") {
                    // The install root survives in RUNNER_TEMP between runs:
                    // the cache's restore, as far as the next steps can tell.
                    let hit = Path::new(&with["path"]).exists();
                    run.outputs
                        .entry(id.clone())
                        .or_default()
                        .insert("cache-hit".into(), hit.to_string());
                }
                run.uses.push((id, uses.to_string(), with));
                continue;
            }
            assert_eq!(step["shell"], "bash", "step {id}");
            let output_file = self.temp.join(format!("output-{id}"));
            std::fs::write(&output_file, "").unwrap();
            let mut cmd = Command::new("bash");
            // As the runner does for `shell: bash`.
            cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
                .arg(run.interpolate(step["run"].as_str().unwrap()))
                .current_dir(workspace)
                .env_clear()
                .env("PATH", &path)
                .env("HOME", self.temp.join("home"))
                .env("GITHUB_ACTIONS", "true")
                .env("GITHUB_ACTION_PATH", root())
                .env("GITHUB_WORKSPACE", workspace)
                .env("GITHUB_OUTPUT", &output_file)
                .env("GITHUB_STEP_SUMMARY", &self.summary)
                .env("RUNNER_TEMP", &self.temp)
                .env("RUNNER_OS", "Linux")
                .env("RUNNER_ARCH", "X64")
                .env("NO_COLOR", "1")
                .envs(self.env.iter().map(|(k, v)| (k, v)))
                .envs(env.iter().copied());
            if let Some(env) = step["env"].as_object() {
                for (k, v) in env {
                    cmd.env(k, run.interpolate(v.as_str().unwrap()));
                }
            }
            let out = cmd.output().unwrap();
            let code = out.status.code().unwrap_or(-1);
            let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
            let outputs = read_outputs(&std::fs::read_to_string(&output_file).unwrap());
            run.outputs.insert(id.clone(), outputs);
            run.steps.push((id, code, stdout));
            if code != 0 {
                break;
            }
        }
        run
    }
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

/// The part of a step's log printed with workflow commands stopped
/// (`::stop-commands::TOKEN` … `::TOKEN::`, with a fresh 32-hex-digit
/// token): what comes before, the text inside, what comes after.
fn stopped(log: &str) -> (&str, &str, &str) {
    let (before, rest) = log
        .split_once("::stop-commands::")
        .unwrap_or_else(|| panic!("commands are never stopped: {log}"));
    let (token, rest) = rest.split_once('\n').unwrap();
    assert_eq!(token.len(), 32, "{token}");
    assert!(token.chars().all(|c| c.is_ascii_hexdigit()), "{token}");
    let (inside, after) = rest
        .split_once(&format!("::{token}::\n"))
        .unwrap_or_else(|| panic!("commands are never resumed: {log}"));
    (before, inside, after)
}

fn checkout(example: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&root().join("examples").join(example), tmp.path());
    tmp
}

#[test]
fn annotations_by_default_and_the_job_fails_on_errors() {
    let runner = Runner::new();
    let repo = checkout("agent-dashboard");
    let run = runner.run(repo.path(), &[]);

    assert_eq!(
        run.ran(),
        ["prepare", "cache", "install", "check", "finish"]
    );
    assert_eq!(run.code(), 1, "finish fails the job");
    let root_dir = run.output("prepare", "install-root").to_string();
    assert!(root_dir.starts_with(&format!("{}/gclint-", runner.temp.display())));
    let key = run.output("prepare", "cache-key");
    assert!(key.starts_with("gclint-Linux-X64-"), "{key}");
    assert_eq!(
        run.uses[0].2,
        BTreeMap::from([
            ("key".to_string(), key.to_string()),
            ("path".to_string(), root_dir.clone()),
        ])
    );
    assert_eq!(
        runner.cargo_calls(),
        format!(
            "install --path {} --locked --root {root_dir}\n",
            root().display()
        )
    );

    let annotations: Vec<&str> = run.stdout("check").lines().collect();
    assert_eq!(annotations.len(), 7, "{annotations:#?}");
    assert!(annotations[0].starts_with(
        "::warning file=appfoundry.yaml,line=12,col=16,endLine=12,endColumn=21,title=gclint%3A implicit-grant-retired::"
    ));
    assert!(annotations[1].starts_with(
        "::notice file=appfoundry.yaml,line=16,col=9,endLine=16,endColumn=23,title=gclint%3A redundant-scope::"
    ));
    assert!(annotations[4].starts_with(
        "::error file=js/app.js,line=18,col=38,endLine=18,endColumn=53,title=gclint%3A missing-scope::"
    ));
    assert_eq!(
        annotations[6],
        "gclint: 1 error, 4 warnings, 1 note in 4 file(s)"
    );
    assert_eq!(run.output("check", "exit-code"), "1");
    assert_eq!(run.output("check", "upload"), "false");
    assert_eq!(run.output("check", "sarif-file"), "");
    assert!(run.stdout("finish").starts_with("gclint found problems"));

    let summary = runner.step_summary();
    assert!(
        summary.starts_with(
            "### gclint\n\ngclint: 1 error, 4 warnings, 1 note in 4 file(s)\n\n\
             Findings at or above `error`: the step fails.\n\n<details><summary>Report</summary>\n\n```text\n"
        ),
        "{summary}"
    );
    assert!(summary.contains("missing-scope"));
    assert!(summary.ends_with("```\n\n</details>\n"));
}

#[test]
fn sarif_is_uploaded_when_asked_and_the_cache_is_used_the_second_time() {
    let runner = Runner::new();
    let repo = checkout("agent-dashboard");
    let inputs = [("upload-sarif", "true"), ("fail-on", "never")];
    let first = runner.run(repo.path(), &inputs);
    assert_eq!(first.code(), 0);
    assert_eq!(first.output("cache", "cache-hit"), "false");
    let sarif_path = runner.temp.join("gclint.sarif");
    assert_eq!(
        first.uses[1],
        (
            "upload".to_string(),
            // Pinned to the commit of the release its comment names.
            "github/codeql-action/upload-sarif@dd903d2e4f5405488e5ef1422510ee31c8b32357"
                .to_string(),
            BTreeMap::from([("sarif_file".to_string(), sarif_path.display().to_string())])
        )
    );
    let log: Value = serde_json::from_str(&std::fs::read_to_string(&sarif_path).unwrap()).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 6);
    assert_eq!(
        results[4]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "js/app.js"
    );
    // Code scanning shows the findings; the log gets the terminal report,
    // with workflow commands stopped around it.
    let (before, log_text, after) = stopped(first.stdout("check"));
    assert_eq!(
        (before, after),
        (
            format!("gclint: SARIF report written to {}\n", sarif_path.display()).as_str(),
            ""
        )
    );
    assert!(!log_text.contains("::error"), "{log_text}");
    assert!(log_text.contains("missing-scope"));
    assert!(log_text.ends_with("gclint: 1 error, 4 warnings, 1 note in 4 file(s)\n"));
    assert!(runner
        .step_summary()
        .contains("\n\nNothing at or above `never`.\n\n"));

    let second = runner.run(repo.path(), &inputs);
    assert_eq!(second.code(), 0);
    assert_eq!(second.output("cache", "cache-hit"), "true");
    assert_eq!(runner.cargo_calls().lines().count(), 1, "installed once");
    assert_eq!(
        second.stdout("install"),
        format!(
            "gclint {} restored from the cache\n",
            env!("CARGO_PKG_VERSION")
        )
    );
}

#[test]
fn a_clean_app_passes_and_a_sarif_file_can_be_kept_without_upload() {
    let runner = Runner::new();
    let repo = checkout("supervisor-portal");
    let run = runner.run(
        repo.path(),
        &[
            ("paths", "src\nappfoundry.yaml index.html"),
            ("sarif-file", "reports/gclint.sarif"),
        ],
    );
    assert_eq!(run.code(), 0);
    assert_eq!(
        run.ran(),
        ["prepare", "cache", "install", "check", "finish"]
    );
    assert_eq!(
        run.stdout("check"),
        "gclint: SARIF report written to reports/gclint.sarif\n\
         gclint: 0 errors, 0 warnings, 0 notes in 4 file(s)\n"
    );
    assert_eq!(run.output("check", "sarif-file"), "reports/gclint.sarif");
    let log: Value = serde_json::from_str(
        &std::fs::read_to_string(repo.path().join("reports/gclint.sarif")).unwrap(),
    )
    .unwrap();
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn a_wrong_input_stops_the_action_with_an_annotation() {
    let runner = Runner::new();
    let repo = checkout("supervisor-portal");
    let run = runner.run(repo.path(), &[("upload-sarif", "yes")]);
    assert_eq!(run.code(), 2);
    assert_eq!(
        run.stdout("check"),
        "::error title=gclint action::upload-sarif must be true or false, not 'yes'\n"
    );
    assert_eq!(run.ran(), ["prepare", "cache", "install", "check"]);

    let run = runner.run(repo.path(), &[("fail-on", "sometimes")]);
    assert_eq!(run.code(), 2, "gclint's own usage error");
}

/// One request the fake GitHub API received.
#[derive(Debug, Clone)]
struct Request {
    method: String,
    path: String,
    authorization: String,
    body: String,
}

/// A GitHub REST API on a local port: it records each request, lists
/// `comments` for the comments of a pull request, and accepts a new or
/// edited comment.
struct FakeGitHub {
    url: String,
    requests: std::sync::Arc<std::sync::Mutex<Vec<Request>>>,
}

impl FakeGitHub {
    fn start(comments: Value) -> FakeGitHub {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = requests.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { break };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let mut parts = line.split_whitespace();
                let method = parts.next().unwrap_or("").to_string();
                let path = parts.next().unwrap_or("").to_string();
                let (mut length, mut authorization) = (0, String::new());
                loop {
                    let mut header = String::new();
                    reader.read_line(&mut header).unwrap();
                    let header = header.trim_end();
                    if header.is_empty() {
                        break;
                    }
                    let (name, value) = header.split_once(": ").unwrap_or((header, ""));
                    match name.to_ascii_lowercase().as_str() {
                        "content-length" => length = value.parse().unwrap(),
                        "authorization" => authorization = value.to_string(),
                        _ => {}
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                let answer = match method.as_str() {
                    "GET" => comments.to_string(),
                    _ => r#"{"id": 7}"#.to_string(),
                };
                seen.lock().unwrap().push(Request {
                    method,
                    path,
                    authorization,
                    body: String::from_utf8(body).unwrap(),
                });
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                    answer.len()
                );
            }
        });
        FakeGitHub { url, requests }
    }

    fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

/// A pull request's checkout as actions/checkout leaves it: a clone of
/// depth 1 of the pull request's branch (the fixture's second commit),
/// without its base branch `main` (the first).
fn pull_request_checkout(tmp: &Path) -> PathBuf {
    let origin = tmp.join("origin");
    std::fs::create_dir(&origin).unwrap();
    let commits = common::access_diff_repository(&origin, &[]);
    common::git(&origin, &["branch", "presence", &commits[1]]);
    common::git(&origin, &["reset", "--quiet", "--hard", &commits[0]]);
    let workspace = tmp.join("workspace");
    let url = format!("file://{}", origin.display());
    common::git(
        tmp,
        &[
            "clone",
            "--quiet",
            "--depth=1",
            "--branch=presence",
            &url,
            workspace.to_str().unwrap(),
        ],
    );
    workspace
}

const PULL_REQUEST: [(&str, &str); 3] = [
    ("GITHUB_BASE_REF", "main"),
    ("GITHUB_REF", "refs/pull/42/merge"),
    ("GITHUB_REPOSITORY", "floor-team/floor-board"),
];

#[test]
fn the_access_diff_goes_to_the_summary_and_a_sticky_comment_and_can_fail_the_job() {
    // The comment step reads the API's answers with jq (GitHub's runners have it).
    if Command::new("jq").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "`jq` is not installed, and CI must run this test"
        );
        eprintln!("SKIPPED: `jq` is not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let workspace = pull_request_checkout(tmp.path());
    let api = FakeGitHub::start(serde_json::json!([
        { "id": 3, "body": "Looks good to me" }
    ]));
    let mut env = PULL_REQUEST.to_vec();
    env.push(("GITHUB_API_URL", &api.url));
    let runner = Runner::new();
    let inputs = [
        ("access-diff", "true"),
        ("access-diff-comment", "true"),
        ("fail-on-new-access", "true"),
    ];
    let run = runner.run_with(&workspace, &inputs, &env);
    assert_eq!(
        run.ran(),
        ["prepare", "cache", "install", "check", "access-diff"]
    );
    assert_eq!(run.code(), 1, "new access fails the job");
    assert_eq!(run.output("access-diff", "new-access"), "true");

    let log = run.stdout("access-diff");
    let (before, report, after) = stopped(log);
    assert_eq!(before, "gclint: fetching main, the pull request's base\n");
    assert!(
        report.starts_with("### gclint access diff\n\n`origin/main` ("),
        "{report}"
    );
    assert!(report.contains("| granted scopes | `presence:readonly` |  |\n"));
    assert_eq!(
        after,
        "gclint: commented on pull request #42\n\
         ::error title=gclint access-diff::the change grants or needs access that origin/main did not (see the job summary)\n"
    );
    assert!(
        !log.contains("ghs_workflowtoken"),
        "the token is never printed"
    );
    let summary = runner.step_summary();
    let report = summary
        .split_once("### gclint access diff\n")
        .map(|(_, r)| format!("### gclint access diff\n{r}"))
        .expect("the access diff is in the job summary");
    assert!(
        report.contains("**access grows** (3 added, 2 removed)"),
        "{report}"
    );

    let requests = api.requests();
    let calls: Vec<(&str, &str)> = requests
        .iter()
        .map(|r| (r.method.as_str(), r.path.as_str()))
        .collect();
    assert_eq!(
        calls,
        [
            (
                "GET",
                "/repos/floor-team/floor-board/issues/42/comments?per_page=100&page=1"
            ),
            ("POST", "/repos/floor-team/floor-board/issues/42/comments"),
        ]
    );
    assert!(requests
        .iter()
        .all(|r| r.authorization == "Bearer ghs_workflowtoken"));
    let posted: Value = serde_json::from_str(&requests[1].body).unwrap();
    assert_eq!(
        posted["body"].as_str().unwrap(),
        format!("<!-- gclint access-diff -->\n{}", report.trim_end())
    );

    // The next push edits that comment instead of adding one.
    let api = FakeGitHub::start(serde_json::json!([
        { "id": 3, "body": "Looks good to me" },
        { "id": 8812, "body": "<!-- gclint access-diff -->\n### gclint access diff\n\nold" }
    ]));
    let mut env = PULL_REQUEST.to_vec();
    env.push(("GITHUB_API_URL", &api.url));
    let again = runner.run_with(
        &workspace,
        &[("access-diff", "true"), ("access-diff-comment", "true")],
        &env,
    );
    assert_eq!(
        again.code(),
        0,
        "growth alone passes without fail-on-new-access"
    );
    assert_eq!(
        again.ran(),
        [
            "prepare",
            "cache",
            "install",
            "check",
            "access-diff",
            "finish"
        ]
    );
    let requests = api.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        (requests[1].method.as_str(), requests[1].path.as_str()),
        (
            "PATCH",
            "/repos/floor-team/floor-board/issues/comments/8812"
        )
    );
    assert!(again
        .stdout("access-diff")
        .ends_with("gclint: updated the access-diff comment of pull request #42\n"));
}

#[test]
fn the_access_diff_needs_a_base_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let workspace = pull_request_checkout(tmp.path());
    let runner = Runner::new();
    // A push event: no pull request, no base given.
    let run = runner.run(&workspace, &[("access-diff", "true")]);
    assert_eq!(run.code(), 2);
    assert_eq!(
        run.stdout("access-diff"),
        "::error title=gclint action::access-diff compares with the pull request's base: run it on \
         pull_request events, or give access-diff-base\n"
    );
    // A base the shallow clone lacks, given by hand: gclint's own error.
    let run = runner.run(
        &workspace,
        &[("access-diff", "true"), ("access-diff-base", "HEAD~1")],
    );
    assert_eq!(run.code(), 2);
    assert_eq!(
        run.stdout("access-diff"),
        "::error title=gclint action::gclint access-diff could not compare with HEAD~1 (its message is above)\n"
    );
    // Without the input, the step does not run.
    let run = runner.run(&workspace, &[]);
    assert_eq!(
        run.ran(),
        ["prepare", "cache", "install", "check", "finish"]
    );
}

const LINUX_X64_ASSET: &str = "gclint-x86_64-unknown-linux-musl.tar.gz";

/// `sha256sum`'s hex digest of a file.
fn sha256(file: &Path) -> String {
    let out = Command::new("sha256sum").arg(file).output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()[..64].to_string()
}

/// A release as `release.yml` makes it: `v<version>/<asset>` holding
/// `<asset name>/gclint` (the gclint under test), and `sha256sums.txt`.
/// `checksum` replaces the asset's real checksum when given.
fn publish_release(releases: &Path, version: &str, checksum: Option<&str>) -> PathBuf {
    let dir = releases.join(format!("v{version}"));
    let name = LINUX_X64_ASSET.trim_end_matches(".tar.gz");
    let staging = releases.join("staging");
    std::fs::create_dir_all(staging.join(name)).unwrap();
    std::fs::copy(
        env!("CARGO_BIN_EXE_gclint"),
        staging.join(name).join("gclint"),
    )
    .unwrap();
    std::fs::create_dir_all(&dir).unwrap();
    let asset = dir.join(LINUX_X64_ASSET);
    let status = Command::new("tar")
        .arg("-czf")
        .arg(&asset)
        .arg("-C")
        .arg(&staging)
        .arg(name)
        .status()
        .unwrap();
    assert!(status.success());
    let sum = checksum.map_or_else(|| sha256(&asset), str::to_string);
    std::fs::write(
        dir.join("sha256sums.txt"),
        format!(
            "{}  gclint-aarch64-apple-darwin.tar.gz\n{sum}  {LINUX_X64_ASSET}\n",
            "0".repeat(64)
        ),
    )
    .unwrap();
    asset
}

fn release_runner(releases: &Path, action_ref: &str) -> Runner {
    let mut runner = Runner::new();
    runner.action_ref = action_ref.into();
    runner.env.push((
        "GCLINT_RELEASES_URL".into(),
        format!("file://{}", releases.display()),
    ));
    runner
}

#[test]
fn at_its_release_tag_the_action_downloads_the_release_binary_and_checks_its_checksum() {
    let version = env!("CARGO_PKG_VERSION");
    let releases = tempfile::tempdir().unwrap();
    publish_release(releases.path(), version, None);
    let runner = release_runner(releases.path(), &format!("v{version}"));
    let repo = checkout("agent-dashboard");
    let run = runner.run(repo.path(), &[]);

    // No cargo, no cache: the download takes seconds.
    assert_eq!(run.ran(), ["prepare", "install", "check", "finish"]);
    assert_eq!(runner.cargo_calls(), "");
    assert_eq!(run.output("prepare", "source"), "release");
    assert_eq!(
        run.output("prepare", "install-root"),
        format!("{}/gclint-v{version}", runner.temp.display())
    );
    assert_eq!(
        run.stdout("install"),
        format!(
            "gclint {version} downloaded from file://{}/v{version}/{LINUX_X64_ASSET} (SHA-256 checked)\n",
            releases.path().display()
        )
    );
    assert!(runner
        .temp
        .join(format!("gclint-v{version}/bin/gclint"))
        .is_file());
    let annotations: Vec<&str> = run.stdout("check").lines().collect();
    assert_eq!(annotations.len(), 7, "{annotations:#?}");
    assert_eq!(
        annotations[6],
        "gclint: 1 error, 4 warnings, 1 note in 4 file(s)"
    );
    assert_eq!(run.code(), 1);

    // The `version` input names a release whatever the action's ref.
    let runner = release_runner(releases.path(), "main");
    let run = runner.run(repo.path(), &[("version", &format!("v{version}"))]);
    assert_eq!(run.ran(), ["prepare", "install", "check", "finish"]);
    assert!(run
        .stdout("install")
        .starts_with(&format!("gclint {version} downloaded from file://")));
    assert_eq!(runner.cargo_calls(), "");
}

#[test]
fn a_checksum_mismatch_stops_the_action_before_gclint_runs() {
    let version = env!("CARGO_PKG_VERSION");
    let releases = tempfile::tempdir().unwrap();
    let wrong = "ab".repeat(32);
    let asset = publish_release(releases.path(), version, Some(&wrong));
    let runner = release_runner(releases.path(), &format!("v{version}"));
    let repo = checkout("supervisor-portal");
    let run = runner.run(repo.path(), &[]);
    assert_eq!(run.ran(), ["prepare", "install"]);
    assert_eq!(run.code(), 2);
    assert_eq!(
        run.stdout("install"),
        format!(
            "::error title=gclint action::checksum mismatch for file://{}/v{version}/{LINUX_X64_ASSET}: \
             sha256sums.txt says {wrong}, the download is {}\n",
            releases.path().display(),
            sha256(&asset)
        )
    );
    assert!(!runner
        .temp
        .join(format!("gclint-v{version}/bin/gclint"))
        .exists());
    assert_eq!(runner.cargo_calls(), "", "no fallback on a bad checksum");
}

#[test]
fn without_a_matching_release_the_action_builds_with_cargo_or_says_why_not() {
    let version = env!("CARGO_PKG_VERSION");
    let releases = tempfile::tempdir().unwrap(); // nothing published yet
    let repo = checkout("supervisor-portal");

    // At its tag before the release is out: the checkout is that version.
    let runner = release_runner(releases.path(), &format!("v{version}"));
    let run = runner.run(repo.path(), &[]);
    assert_eq!(run.code(), 0);
    let root_dir = format!("{}/gclint-v{version}", runner.temp.display());
    assert!(run.stdout("install").starts_with(&format!(
        "no gclint release v{version} to download: building the action's checkout with cargo\n"
    )));
    assert_eq!(
        runner.cargo_calls(),
        format!(
            "install --path {} --locked --root {root_dir}\n",
            root().display()
        )
    );

    // A version asked for by name is that release or nothing.
    let runner = release_runner(releases.path(), "main");
    let run = runner.run(repo.path(), &[("version", "0.0.1")]);
    assert_eq!(run.ran(), ["prepare", "install"]);
    assert_eq!(run.code(), 2);
    assert_eq!(
        run.stdout("install"),
        format!(
            "::error title=gclint action::no gclint release v0.0.1 with {LINUX_X64_ASSET} at file://{}\n",
            releases.path().display()
        )
    );
    assert_eq!(runner.cargo_calls(), "");

    // No release binary for 32-bit ARM: the action's own version is built,
    // another version cannot be.
    publish_release(releases.path(), version, None);
    let mut runner = release_runner(releases.path(), &format!("v{version}"));
    runner.env.push(("RUNNER_ARCH".into(), "ARM".into()));
    let run = runner.run(repo.path(), &[]);
    assert_eq!(run.code(), 0);
    assert_eq!(run.output("prepare", "source"), "cargo");
    assert_eq!(
        run.ran(),
        ["prepare", "cache", "install", "check", "finish"]
    );
    assert_eq!(runner.cargo_calls().lines().count(), 1);
    let run = runner.run(repo.path(), &[("version", "0.0.1")]);
    assert_eq!(run.code(), 2);
    assert_eq!(
        run.stdout("prepare"),
        format!(
            "::error title=gclint action::no gclint release has a binary for Linux ARM: \
             leave out `version` to build the action's own gclint {version} with cargo\n"
        )
    );
}
