//! `gclint.toml`: where it is found, what each key does, the command line
//! winning over it, and mistakes in it shown on the key with exit code 2.

mod common;

use common::{copy_dir, json_in, root, run_in, temp_repo};
use serde_json::Value;
use std::path::Path;

/// `rule severity file:line` of each reported finding.
fn brief(report: &Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["suppressed"] != true)
        .map(|d| {
            format!(
                "{} {} {}:{}",
                d["rule"].as_str().unwrap(),
                d["severity"].as_str().unwrap(),
                d["location"]["file"].as_str().unwrap(),
                d["location"]["start"]["line"]
            )
        })
        .collect()
}

/// The agent dashboard example in a temporary repository, at `app/`.
fn dashboard() -> tempfile::TempDir {
    let repo = temp_repo();
    copy_dir(
        &root().join("examples/agent-dashboard"),
        &repo.path().join("app"),
    );
    repo
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

const ALL: [&str; 6] = [
    "implicit-grant-retired warning appfoundry.yaml:12",
    "redundant-scope note appfoundry.yaml:16",
    "readonly-suffices warning appfoundry.yaml:17",
    "unused-scope warning appfoundry.yaml:18",
    "missing-scope error js/app.js:18",
    "implicit-grant-retired warning js/app.js:25",
];

#[test]
fn without_a_configuration_every_rule_runs() {
    let repo = dashboard();
    let (report, run) = json_in(&repo.path().join("app"), &["."]);
    assert_eq!(brief(&report), ALL);
    assert_eq!(run.code, 1);
}

#[test]
fn the_nearest_configuration_wins() {
    let repo = dashboard();
    write(
        &repo.path().join("gclint.toml"),
        "select = [\"unused-scope\"]\n",
    );
    write(
        &repo.path().join("app/gclint.toml"),
        "select = [\"missing-scope\", \"redundant-scope\"]\n",
    );
    // From the app folder: app/gclint.toml.
    let (report, _) = json_in(&repo.path().join("app"), &["."]);
    assert_eq!(brief(&report), [ALL[1], ALL[4]]);
    // From a file deeper down: the nearest folder above it with a file.
    let (report, _) = json_in(
        &repo.path().join("app/js"),
        &["app.js", "--manifest", "../appfoundry.yaml"],
    );
    assert_eq!(brief(&report), ["missing-scope error app.js:18"]);
    // From the repository root, checking the root: the root's file.
    let (report, _) = json_in(repo.path(), &["."]);
    assert_eq!(
        brief(&report),
        ["unused-scope warning app/appfoundry.yaml:18"]
    );
}

#[test]
fn discovery_stops_at_the_repository_root() {
    let outer = tempfile::tempdir().unwrap();
    write(
        &outer.path().join("gclint.toml"),
        "ignore = [\"missing-scope\"]\n",
    );
    let repo = outer.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    copy_dir(&root().join("examples/agent-dashboard"), &repo.join("app"));
    let (report, _) = json_in(&repo.join("app"), &["."]);
    assert_eq!(brief(&report), ALL, "the file above .git is not read");
    // A `.git` file (a worktree) marks the root too.
    std::fs::remove_dir(repo.join(".git")).unwrap();
    write(&repo.join(".git"), "gitdir: /elsewhere\n");
    let (report, _) = json_in(&repo.join("app"), &["."]);
    assert_eq!(brief(&report), ALL);
    // The repository root's own file is read.
    write(&repo.join("gclint.toml"), "ignore = [\"unused-scope\"]\n");
    let (report, _) = json_in(&repo.join("app"), &["."]);
    assert_eq!(brief(&report), [ALL[0], ALL[1], ALL[2], ALL[4], ALL[5]]);
}

#[test]
fn config_names_a_file_instead_of_discovery() {
    let repo = dashboard();
    write(
        &repo.path().join("app/gclint.toml"),
        "ignore = [\"unused-scope\"]\n",
    );
    write(
        &repo.path().join("ci/strict.toml"),
        "select = [\"missing-scope\"]\n",
    );
    let (report, _) = json_in(
        &repo.path().join("app"),
        &[".", "--config", "../ci/strict.toml"],
    );
    assert_eq!(brief(&report), [ALL[4]]);
    let missing = run_in(
        &repo.path().join("app"),
        &["check", ".", "--config", "nope.toml"],
    );
    assert_eq!(missing.code, 2);
    assert_eq!(
        missing.stderr,
        "gclint: error: nope.toml: no such configuration file\n"
    );
}

#[test]
fn paths_with_different_configurations_are_refused() {
    let repo = temp_repo();
    copy_dir(
        &root().join("examples/agent-dashboard"),
        &repo.path().join("a"),
    );
    copy_dir(&root().join("examples/queue-sync"), &repo.path().join("b"));
    write(&repo.path().join("a/gclint.toml"), "ignore = []\n");
    write(&repo.path().join("b/gclint.toml"), "ignore = []\n");
    let run = run_in(repo.path(), &["check", "a", "b"]);
    assert_eq!(run.code, 2);
    let a = repo.path();
    assert_eq!(
        run.stderr,
        format!(
            "gclint: error: a and b have different configuration files ({} and {}); check them in separate runs, or choose one with --config\n",
            a.join("a/gclint.toml").display(),
            a.join("b/gclint.toml").display()
        )
    );
}

#[test]
fn command_line_wins_over_the_file_which_wins_over_the_defaults() {
    let repo = dashboard();
    let app = repo.path().join("app");
    write(
        &app.join("gclint.toml"),
        "select = [\"unused-scope\", \"readonly-suffices\", \"redundant-scope\"]\nignore = [\"redundant-scope\"]\nfail-on = \"warning\"\n",
    );
    // The file: its selection and its fail-on (warnings fail).
    let (report, run) = json_in(&app, &["."]);
    assert_eq!(brief(&report), [ALL[2], ALL[3]]);
    assert_eq!(run.code, 1);
    // The command line replaces each key it gives, and only that key.
    let (report, run) = json_in(&app, &[".", "--fail-on", "error"]);
    assert_eq!(brief(&report), [ALL[2], ALL[3]]);
    assert_eq!(run.code, 0);
    let (report, _) = json_in(&app, &[".", "--select", "missing-scope,redundant-scope"]);
    assert_eq!(brief(&report), [ALL[4]], "the file's ignore still applies");
    let (report, _) = json_in(&app, &[".", "--ignore", "unused-scope"]);
    assert_eq!(brief(&report), [ALL[1], ALL[2]]);
    // The defaults: every rule, failing on errors only.
    std::fs::remove_file(app.join("gclint.toml")).unwrap();
    let (report, run) = json_in(&app, &[".", "--select", "unused-scope"]);
    assert_eq!(brief(&report), [ALL[3]]);
    assert_eq!(run.code, 0);
}

#[test]
fn severity_overrides_change_level_and_exit_code() {
    let repo = dashboard();
    let app = repo.path().join("app");
    write(
        &app.join("gclint.toml"),
        "ignore = [\"missing-scope\"]\n\n[severity]\nunused-scope = \"error\"\nredundant-scope = \"warning\"\n",
    );
    let (report, run) = json_in(&app, &["."]);
    assert_eq!(
        brief(&report),
        [
            "implicit-grant-retired warning appfoundry.yaml:12",
            "redundant-scope warning appfoundry.yaml:16",
            "readonly-suffices warning appfoundry.yaml:17",
            "unused-scope error appfoundry.yaml:18",
            "implicit-grant-retired warning js/app.js:25",
        ]
    );
    assert_eq!(run.code, 1);
    let sarif = run_in(&app, &["check", ".", "--format", "sarif"]);
    let log: Value = serde_json::from_str(&sarif.stdout).unwrap();
    let levels: Vec<(&str, &str)> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["ruleId"].as_str().unwrap(), r["level"].as_str().unwrap()))
        .collect();
    assert_eq!(
        levels,
        [
            ("implicit-grant-retired", "warning"),
            ("redundant-scope", "warning"),
            ("readonly-suffices", "warning"),
            ("unused-scope", "error"),
            ("implicit-grant-retired", "warning")
        ]
    );
}

#[test]
fn exclude_leaves_files_out_of_the_walk_but_not_named_ones() {
    let repo = dashboard();
    let app = repo.path().join("app");
    write(&app.join("gclint.toml"), "exclude = [\"js/\"]\n");
    let (report, _) = json_in(&app, &["."]);
    assert_eq!(report["summary"]["files_read"], 2);
    assert!(!brief(&report).contains(&ALL[4].to_string()));
    // Without the calls, the client's scopes are not checked for use.
    assert_eq!(
        brief(&report),
        [
            "unused-scope note appfoundry.yaml:10",
            "implicit-grant-retired warning appfoundry.yaml:12",
            "redundant-scope note appfoundry.yaml:16"
        ]
    );
    let (report, _) = json_in(&app, &["appfoundry.yaml", "js/app.js"]);
    assert!(brief(&report).contains(&ALL[4].to_string()));
}

#[test]
fn per_path_ignores_rules_under_some_paths() {
    let repo = dashboard();
    let app = repo.path().join("app");
    write(
        &app.join("gclint.toml"),
        "[[per-path]]\npaths = [\"js/**\"]\nignore = [\"missing-scope\", \"unused-scope\"]\n",
    );
    let (report, _) = json_in(&app, &["."]);
    assert_eq!(brief(&report), [ALL[0], ALL[1], ALL[2], ALL[3], ALL[5]]);
}

#[test]
fn manifest_and_default_regions_come_from_the_file() {
    let repo = dashboard();
    let app = repo.path().join("app");
    let manifest = std::fs::read_to_string(app.join("appfoundry.yaml")).unwrap();
    std::fs::remove_file(app.join("appfoundry.yaml")).unwrap();
    // No `regions`, in a folder that is not checked.
    let manifest = manifest.replace("regions:\n  - eu_central_1\n", "");
    write(&app.join("deploy/appfoundry.yaml"), &manifest);
    let config = "manifest = \"deploy/appfoundry.yaml\"\ndefault-regions = [\"us_east_1\"]\nselect = [\"missing-scope\", \"region-mismatch\"]\n";
    write(&app.join("gclint.toml"), config);
    let (report, _) = json_in(&app, &["js"]);
    assert_eq!(
        common::report_lines(&report),
        [
            "region-mismatch warning js/app.js:11:23 | this code targets `mypurecloud.de`, but `default-regions` in gclint.toml lists only `mypurecloud.com`",
            "missing-scope error js/app.js:18:38 | getUserPresence (GET /api/v2/users/{userId}/presences/{sourceId}) needs one of the scopes `presence` or `presence:readonly`; client `agent-dashboard` (TOKEN) declares none of them"
        ]
    );
    assert_eq!(
        report["diagnostics"][0]["help"],
        "tokens and data are per environment: use that environment, or add this one to `default-regions`"
    );
    let related = &report["diagnostics"][0]["related"][0];
    assert_eq!(related["message"], "regions declared here");
    assert_eq!(related["file"], "gclint.toml");
    assert_eq!(related["start"]["line"], 2);
    assert_eq!(related["start"]["column"], 20);
    // A manifest that lists regions keeps them.
    write(
        &app.join("deploy/appfoundry.yaml"),
        &format!("regions: [eu_central_1]\n{manifest}"),
    );
    let (report, _) = json_in(&app, &["js"]);
    assert_eq!(brief(&report), ["missing-scope error js/app.js:18"]);
}

#[test]
fn a_mistake_is_shown_on_its_key_and_exits_2() {
    let repo = dashboard();
    let app = repo.path().join("app");
    write(
        &app.join("gclint.toml"),
        "#:schema ../schemas/gclint.schema.json\nselect = [\"missing-scope\"]\nfail_on = \"warning\"\n\n[severity]\nunused-scopes = \"error\"\n",
    );
    let run = run_in(&app, &["check", "."]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "  × unknown key `fail_on`
   ╭─[gclint.toml:3:1]
 2 │ select = [\"missing-scope\"]
 3 │ fail_on = \"warning\"
   · ───┬───
   ·    ╰── unknown key
 4 │ 
   ╰────
  help: did you mean `fail-on`?

  × unknown rule `unused-scopes`
   ╭─[gclint.toml:6:1]
 5 │ [severity]
 6 │ unused-scopes = \"error\"
   · ──────┬──────
   ·       ╰── not a gclint rule
   ╰────
  help: did you mean `unused-scope`?

gclint: error: gclint.toml: 2 errors in the configuration
"
    );
}

#[test]
fn invalid_toml_is_shown_where_parsing_stopped() {
    let repo = dashboard();
    let app = repo.path().join("app");
    write(
        &app.join("gclint.toml"),
        "select = [\"missing-scope\"\nignore = []\n",
    );
    let run = run_in(&app, &["check", ".", "--format", "json"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.starts_with("  × not valid TOML: "),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("╭─[gclint.toml:2:1]"), "{}", run.stderr);
    assert!(run
        .stderr
        .ends_with("gclint: error: gclint.toml: 1 error in the configuration\n"));
}

/// The ```toml blocks of a Markdown file.
fn toml_blocks(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_start()) {
            (None, "```toml") => current = Some(String::new()),
            (Some(block), "```") => {
                // Editor settings (Helix `languages.toml`) are TOML too, not gclint.toml.
                if !block.contains("[language-server") {
                    out.push(std::mem::take(block));
                }
                current = None;
            }
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            _ => {}
        }
    }
    out
}

fn schema_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/gclint.schema.json")).unwrap(),
    )
    .unwrap();
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

#[test]
fn example_configurations_validate_against_the_schema() {
    let validator = schema_validator();
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut examples = toml_blocks(&readme);
    assert!(!examples.is_empty(), "README shows a gclint.toml");
    examples.push(
        "\"$schema\" = \"https://gclint.dev/schemas/gclint.schema.json\"\nseverity = { unused-scope = \"note\" }\nper-path = [{ paths = [\"a/\"], ignore = [\"unused-scope\"] }]\n".into(),
    );
    for text in &examples {
        let json = gclint::settings::to_json(text).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{text}\n{errors:#?}");
        // And gclint itself accepts it (paths in the examples need not exist).
        let without_manifest: String = text
            .lines()
            .filter(|l| !l.starts_with("manifest"))
            .map(|l| format!("{l}\n"))
            .collect();
        gclint::settings::parse(
            Path::new("/repo/gclint.toml"),
            "gclint.toml",
            without_manifest,
            gclint::db::Database::embedded(),
        )
        .unwrap_or_else(|e| panic!("{text}\n{:#?}", e.problems));
    }
    for bad in [
        "selct = []\n",
        "select = [\"unused-scopes\"]\n",
        "fail-on = \"warnings\"\n",
        "[severity]\nunused-scope = \"fatal\"\n",
        "[[per-path]]\npaths = [\"a/\"]\n",
    ] {
        let json = gclint::settings::to_json(bad).unwrap();
        assert!(!validator.is_valid(&json), "the schema refuses {bad}");
    }
}
