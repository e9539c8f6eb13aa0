//! `gclint access-diff` on real git repositories built here: the commits
//! are the states of `fixtures/access-diff/` (1: the app; 2: a scope added
//! with the call that needs it, a role permission removed, a new script
//! with its own login; 3: the same code moved around).

mod common;

use common::{access_diff_repository as repository, gclint, git, validate_sarif, Run};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn run(dir: &Path, args: &[&str]) -> Run {
    let out = gclint()
        .current_dir(dir)
        .arg("access-diff")
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("gclint runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn json(dir: &Path, args: &[&str]) -> Value {
    // Before the arguments: paths may end them (after `--`).
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let out = run(dir, &all);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout))
}

/// `+ name` / `- name` per changed item of a JSON change list.
fn items(change: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (sign, side) in [("+", "added"), ("-", "removed")] {
        for item in change[side].as_array().unwrap() {
            out.push(format!("{sign} {}", item["name"].as_str().unwrap()));
        }
    }
    out
}

struct Fixture {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    commits: Vec<String>,
}

fn fixture(extra: &[(&str, &str)]) -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("floor");
    std::fs::create_dir(&dir).unwrap();
    let commits = repository(&dir, extra);
    Fixture {
        _tmp: tmp,
        dir,
        commits,
    }
}

#[test]
fn the_diff_of_a_change_in_every_format() {
    let f = fixture(&[]);
    let (first, second) = (&f.commits[0], &f.commits[1]);

    let human = run(&f.dir, &["main~2", "main~1"]);
    assert_eq!(human.code, 0, "{}", human.stderr);
    assert_eq!(human.stderr, "");
    assert_eq!(
        human.stdout,
        format!(
            "access from main~2 ({}) to main~1 ({})

client `floor-board` (CODE) in floor-board/appfoundry.yaml
  granted scopes
    + presence:readonly
  scopes needed by the code
    + presence:readonly  getUserPresence (floor-board/web/presence.js:8:38)

client `roster-sync` (CLIENT-CREDENTIALS) in floor-board/appfoundry.yaml
  granted permissions
    - routing:skill:view (role `Roster Sync`)

new undeclared CLIENT-CREDENTIALS login in reports/ (logs in at reports/daily_totals.py:19:10)
  permissions needed by the code
    + analytics:conversationAggregate:view  postAnalyticsConversationsAggregatesQuery (reports/daily_totals.py:26:24)

role `Roster Sync` in floor-board/appfoundry.yaml
  permissions
    - routing:skill:view

access grows: 3 added, 2 removed
",
            &first[..7],
            &second[..7]
        )
    );

    let report = json(&f.dir, &["main~2", "main~1"]);
    assert_eq!(report["version"], 1);
    assert_eq!(report["base"]["revision"], "main~2");
    assert_eq!(report["base"]["commit"], first.as_str());
    assert_eq!(report["head"]["commit"], second.as_str());
    assert_eq!(report["new_access"], true);
    assert_eq!(
        (report["added"].as_u64(), report["removed"].as_u64()),
        (Some(3), Some(2))
    );
    let clients = report["clients"].as_array().unwrap();
    let names: Vec<(&str, bool, &str)> = clients
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap(),
                c["declared"].as_bool().unwrap(),
                c["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("floor-board", true, "changed"),
            ("roster-sync", true, "changed"),
            ("CLIENT-CREDENTIALS login in reports/", false, "added"),
        ]
    );
    let board = &clients[0];
    assert_eq!(items(&board["granted"]["scopes"]), ["+ presence:readonly"]);
    assert_eq!(board["granted"]["scopes"]["added"][0]["line"], 18);
    assert_eq!(items(&board["needed"]["scopes"]), ["+ presence:readonly"]);
    assert_eq!(
        board["needed"]["scopes"]["added"][0]["calls"],
        serde_json::json!([{
            "operation": "GET /api/v2/users/{userId}/presences/{sourceId}",
            "name": "getUserPresence",
            "file": "floor-board/web/presence.js",
            "line": 8,
            "column": 38
        }])
    );
    let roster = &clients[1];
    assert_eq!(
        roster["granted"]["permissions"],
        serde_json::json!({
            "added": [],
            "removed": [{ "name": "routing:skill:view", "roles": ["Roster Sync"] }]
        })
    );
    assert!(items(&roster["needed"]["permissions"]).is_empty());
    assert_eq!(
        items(&clients[2]["needed"]["permissions"]),
        ["+ analytics:conversationAggregate:view"]
    );
    let roles = report["roles"].as_array().unwrap();
    assert_eq!(roles.len(), 1);
    assert_eq!(roles[0]["name"], "Roster Sync");
    assert_eq!(roles[0]["status"], "changed");
    assert_eq!(items(&roles[0]["permissions"]), ["- routing:skill:view"]);

    let markdown = run(&f.dir, &["main~2", "main~1", "--format", "markdown"]);
    assert_eq!(markdown.code, 0);
    insta::assert_snapshot!(
        "markdown",
        markdown
            .stdout
            .replace(&first[..7], "BASE")
            .replace(&second[..7], "HEAD")
    );
    assert!(markdown.stdout.starts_with(&format!(
        "### gclint access diff\n\n`main~2` (`{}`) → `main~1` (`{}`): **access grows** (3 added, 2 removed).\n",
        &first[..7],
        &second[..7]
    )));

    let sarif = run(&f.dir, &["main~2", "main~1", "--format", "sarif"]);
    assert_eq!(sarif.code, 0);
    let log: Value = serde_json::from_str(&sarif.stdout).unwrap();
    validate_sarif(&log, "access-diff SARIF");
    let run0 = &log["runs"][0];
    assert_eq!(run0["automationDetails"]["id"], "gclint/access-diff/");
    let results: Vec<String> = run0["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let at = &r["locations"][0]["physicalLocation"];
            format!(
                "{} {} {}:{}:{} | {}",
                r["ruleId"].as_str().unwrap(),
                r["level"].as_str().unwrap(),
                at["artifactLocation"]["uri"].as_str().unwrap(),
                at["region"]["startLine"],
                at["region"]["startColumn"],
                r["message"]["text"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        results,
        ["new-access note floor-board/appfoundry.yaml:18:9 | client `floor-board` is granted scope \
          `presence:readonly`, which the base revision did not grant."]
    );
    let rule_ids: Vec<&str> = run0["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let index = run0["results"][0]["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rule_ids[index], "new-access");

    // The other way round, the permission the role regains is the grant.
    let back = run(&f.dir, &["main~1", "main~2", "--format", "sarif"]);
    let log: Value = serde_json::from_str(&back.stdout).unwrap();
    validate_sarif(&log, "access-diff SARIF, reversed");
    let result = &log["runs"][0]["results"][0];
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 1);
    assert_eq!(
        result["message"]["text"],
        "role `Roster Sync` grants `routing:skill:view`, which it did not grant in the base revision."
    );
    let at = &result["locations"][0]["physicalLocation"];
    assert_eq!(at["artifactLocation"]["uri"], "floor-board/appfoundry.yaml");
    assert_eq!(at["region"]["startLine"], 38);
    assert_eq!(
        result["relatedLocations"][0]["message"]["text"],
        "role `Roster Sync`"
    );
}

#[test]
fn moving_code_changes_nothing() {
    let f = fixture(&[]);
    let human = run(&f.dir, &["main~1", "main"]);
    assert_eq!(human.code, 0);
    assert_eq!(
        human.stdout,
        format!(
            "access from main~1 ({}) to main ({})\nno change in the access granted or needed\n",
            &f.commits[1][..7],
            &f.commits[2][..7]
        )
    );
    let report = json(&f.dir, &["main~1", "main"]);
    assert_eq!(report["new_access"], false);
    assert_eq!(report["clients"], serde_json::json!([]));
    assert_eq!(report["roles"], serde_json::json!([]));
    let markdown = run(&f.dir, &["main~1", "main", "--format", "markdown"]);
    assert!(markdown
        .stdout
        .ends_with(": no change in the scopes and permissions granted or needed.\n"));
    let sarif = run(
        &f.dir,
        &[
            "main~1",
            "main",
            "--format",
            "sarif",
            "--fail-on-new-access",
        ],
    );
    assert_eq!(sarif.code, 0);
    let log: Value = serde_json::from_str(&sarif.stdout).unwrap();
    validate_sarif(&log, "empty access-diff SARIF");
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn the_working_tree_is_the_default_head_and_the_gate_fails_on_growth_only() {
    let f = fixture(&[]);
    // Growth: exit 1 with the flag, 0 without.
    let grows = run(&f.dir, &["main~2", "--fail-on-new-access"]);
    assert_eq!(grows.code, 1, "{}", grows.stderr);
    assert!(
        grows.stdout.contains(" to working tree\n"),
        "{}",
        grows.stdout
    );
    assert!(grows.stdout.ends_with("access grows: 3 added, 2 removed\n"));
    assert_eq!(run(&f.dir, &["main~2"]).code, 0);

    // An uncommitted change that only takes access away passes the gate.
    let manifest = f.dir.join("floor-board/appfoundry.yaml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, text.replace("      - presence:readonly\n", "")).unwrap();
    let shrinks = run(&f.dir, &["main", "--fail-on-new-access"]);
    assert_eq!(shrinks.code, 0, "{}", shrinks.stderr);
    assert_eq!(
        shrinks.stdout,
        format!(
            "access from main ({}) to working tree

client `floor-board` (CODE) in floor-board/appfoundry.yaml
  granted scopes
    - presence:readonly

access does not grow: 0 added, 1 removed
",
            &f.commits[2][..7]
        )
    );
    // The user's files are as they were: nothing was checked out over them.
    assert_eq!(
        git(&f.dir, &["status", "--porcelain"]),
        " M floor-board/appfoundry.yaml"
    );
    assert_eq!(git(&f.dir, &["worktree", "list"]).lines().count(), 1);
}

#[test]
fn from_a_subfolder_paths_are_the_repository_s() {
    let f = fixture(&[]);
    let sub = f.dir.join("floor-board");
    let report = json(&sub, &["main~2", "main~1"]);
    // `.` is the subfolder: the script in reports/ is not read.
    let names: Vec<&str> = report["clients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["floor-board", "roster-sync"]);
    assert_eq!(
        report["clients"][0]["needed"]["scopes"]["added"][0]["calls"][0]["file"],
        "floor-board/web/presence.js"
    );
    // Paths after `--` are relative to the current folder too.
    let reports = json(&sub, &["main~2", "main~1", "--", "../reports"]);
    assert_eq!(
        reports["clients"][0]["name"],
        "CLIENT-CREDENTIALS login in reports/"
    );
    assert_eq!(reports["clients"][0]["file"], "reports/daily_totals.py");
    assert_eq!(
        reports["clients"].as_array().unwrap().len(),
        1,
        "{reports:#}"
    );
    let both = json(&sub, &["main~2", "main~1", "--", ".", "../reports"]);
    assert_eq!(both["clients"].as_array().unwrap().len(), 3);
    let outside = run(&sub, &["main~2", "--", "../.."]);
    assert_eq!(outside.code, 2);
    assert!(
        outside.stderr.contains(": not in the repository at "),
        "{}",
        outside.stderr
    );
}

#[test]
fn each_revision_s_configuration_applies_and_a_baseline_is_no_obstacle() {
    let config = "# Reports are another team's.\nexclude = [\"reports/\"]\n\n[severity]\nnew-access = \"warning\"\n";
    let baseline = "{\n  \"version\": 1,\n  \"gclint\": \"0.1.0\",\n  \"findings\": []\n}\n";
    let f = fixture(&[("gclint.toml", config), ("gclint-baseline.json", baseline)]);
    let report = json(&f.dir, &["main~2", "main~1"]);
    let names: Vec<&str> = report["clients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["floor-board", "roster-sync"],
        "reports/ is excluded"
    );
    let sarif = run(&f.dir, &["main~2", "main~1", "--format", "sarif"]);
    let log: Value = serde_json::from_str(&sarif.stdout).unwrap();
    assert_eq!(log["runs"][0]["results"][0]["level"], "warning");

    // The working tree's configuration is not BASE's: with the exclusion
    // gone from the working tree only, the script is new in HEAD.
    std::fs::write(
        f.dir.join("gclint.toml"),
        "[severity]\nnew-access = \"error\"\n",
    )
    .unwrap();
    let report = json(&f.dir, &["main~2"]);
    assert_eq!(report["clients"].as_array().unwrap().len(), 3);

    // A configuration that does not load is an error naming the revision.
    std::fs::write(f.dir.join("gclint.toml"), "fail-on = \"sometimes\"\n").unwrap();
    let broken = run(&f.dir, &["main~2"]);
    assert_eq!(broken.code, 2);
    assert!(
        broken
            .stderr
            .starts_with("gclint: error: working tree: the configuration is not valid\n"),
        "{}",
        broken.stderr
    );
}

#[test]
fn a_shallow_clone_without_base_is_a_clear_error() {
    let f = fixture(&[]);
    let tmp = tempfile::tempdir().unwrap();
    let clone = tmp.path().join("clone");
    let url = format!("file://{}", f.dir.display());
    git(
        tmp.path(),
        &[
            "clone",
            "--quiet",
            "--depth=1",
            &url,
            clone.to_str().unwrap(),
        ],
    );
    let out = run(&clone, &["HEAD~1"]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "gclint: error: `HEAD~1` is not in this clone, which is shallow (it holds only the latest \
         commits): fetch it first (`git fetch --depth=1 origin <branch>`), or clone with more \
         history (actions/checkout: `fetch-depth: 0`)\n"
    );
    // Once fetched, the base is there.
    git(
        &clone,
        &["fetch", "--quiet", "--depth=1", "origin", &f.commits[1]],
    );
    let fetched = run(&clone, &[&f.commits[1], "--fail-on-new-access"]);
    assert_eq!(fetched.code, 0, "{}", fetched.stderr);
    assert!(fetched
        .stdout
        .ends_with("\nno change in the access granted or needed\n"));
}

#[test]
fn errors_exit_2() {
    let f = fixture(&[]);
    let unknown = run(&f.dir, &["no-such-branch"]);
    assert_eq!(unknown.code, 2);
    assert_eq!(
        unknown.stderr,
        format!(
            "gclint: error: `no-such-branch` names no commit of the repository at {}\n",
            f.dir.canonicalize().unwrap().display()
        )
    );
    let not_repo = tempfile::tempdir().unwrap();
    let outside = run(not_repo.path(), &["main"]);
    assert_eq!(outside.code, 2);
    assert!(
        outside.stderr.contains("is not in a git repository"),
        "{}",
        outside.stderr
    );
}
