//! Baselines: record the findings of an app, move its code around, and see
//! only the genuinely new finding; fixed entries and repeated findings are
//! counted; `--statistics` says what was hidden.

mod common;

use common::{copy_dir, json_in, report_lines, root, run_in, temp_repo};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn copy(of: &str) -> (tempfile::TempDir, PathBuf) {
    let repo = temp_repo();
    let app = repo.path().join("app");
    copy_dir(&root().join(of), &app);
    (repo, app)
}

/// Inserts 20 comment lines above every line that holds a finding.
fn push_findings_down(app: &Path, report: &serde_json::Value) {
    let mut lines: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for d in report["diagnostics"].as_array().unwrap() {
        lines
            .entry(d["location"]["file"].as_str().unwrap().to_string())
            .or_default()
            .push(d["location"]["start"]["line"].as_u64().unwrap() as usize);
    }
    for (file, mut at) in lines {
        let path = app.join(&file);
        let comment = if file.ends_with(".yaml") { "#" } else { "//" };
        let text = std::fs::read_to_string(&path).unwrap();
        let mut out: Vec<String> = text.lines().map(String::from).collect();
        at.sort_unstable();
        at.dedup();
        for line in at.into_iter().rev() {
            let indent: String = out[line - 1]
                .chars()
                .take_while(|c| c.is_whitespace())
                .collect();
            for n in (1..=20).rev() {
                out.insert(line - 1, format!("{indent}{comment} moved down ({n})"));
            }
        }
        std::fs::write(&path, out.join("\n") + "\n").unwrap();
    }
}

#[test]
fn a_baseline_survives_moved_code_and_reports_the_new_finding() {
    let (_repo, app) = copy("examples/messaging-bridge");
    let (before, _) = json_in(&app, &["."]);
    let recorded = report_lines(&before).len();
    assert_eq!(recorded, 20);

    let write = run_in(
        &app,
        &["check", ".", "--write-baseline", "gclint-baseline.json"],
    );
    assert_eq!(write.code, 0, "{}", write.stdout);
    assert_eq!(
        write.stderr,
        "gclint: wrote 20 findings to the baseline gclint-baseline.json\n"
    );
    assert_eq!(
        write.stdout,
        "gclint: 0 errors, 0 warnings, 0 notes in 6 file(s)\ngclint: baseline gclint-baseline.json: 20 known findings not shown, 0 entries now fixed\n"
    );

    push_findings_down(&app, &before);
    // And a genuinely new finding.
    let server = app.join("server/genesys.js");
    let text = std::fs::read_to_string(&server).unwrap();
    std::fs::write(
        &server,
        format!("{text}\nexport async function archive(id) {{\n  return axios.post(`/api/v2/conversations/${{id}}/archive`);\n}}\n"),
    )
    .unwrap();

    let (after, run) = json_in(&app, &[".", "--baseline", "gclint-baseline.json"]);
    assert_eq!(
        report_lines(&after),
        ["unknown-endpoint error server/genesys.js:231:21 | `POST /api/v2/conversations/{}/archive` is not a Genesys Cloud Platform API operation"]
    );
    assert_eq!(run.code, 1);
    assert_eq!(after["summary"]["baseline"], "gclint-baseline.json");
    assert_eq!(after["summary"]["baselined"], 20);
    assert_eq!(after["summary"]["baseline_fixed"], 0);
    let human = run_in(&app, &["check", ".", "--baseline", "gclint-baseline.json"]);
    assert!(
        human.stdout.ends_with(
            "gclint: 1 error, 0 warnings, 0 notes in 6 file(s)\ngclint: baseline gclint-baseline.json: 20 known findings not shown, 0 entries now fixed\n"
        ),
        "{}",
        human.stdout
    );
    // The lines really moved: without the baseline, everything is back.
    let (all, _) = json_in(&app, &["."]);
    assert_eq!(report_lines(&all).len(), 21);
    assert_eq!(all["diagnostics"][0]["location"]["start"]["line"], 39);
}

#[test]
fn the_baseline_records_rule_file_and_key() {
    let (repo, app) = copy("examples/queue-sync");
    // The folder is created as needed.
    let run = run_in(
        &app,
        &[
            "check",
            ".",
            "--write-baseline",
            "../baselines/queue-sync.json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(repo.path().join("baselines/queue-sync.json")).unwrap();
    assert_eq!(
        text,
        format!(
            r#"{{
  "version": 1,
  "gclint": "{}",
  "findings": [
    {{
      "file": "../app/appfoundry.yaml",
      "rule": "excess-permission",
      "key": "Queue Sync Service/routing:*:view",
      "count": 1
    }},
    {{
      "file": "../app/src/sync.js",
      "rule": "missing-permission",
      "key": "queue-sync/PUT /api/v2/users/{{userId}}/routingskills/{{skillId}}",
      "count": 1
    }}
  ]
}}
"#,
            env!("CARGO_PKG_VERSION")
        )
    );
    // From another folder, the same baseline matches the same file.
    let (report, run) = json_in(
        repo.path(),
        &["app", "--baseline", "baselines/queue-sync.json"],
    );
    assert!(report_lines(&report).is_empty());
    assert_eq!(report["summary"]["baselined"], 2);
    assert_eq!(run.code, 0);
}

#[test]
fn repeated_findings_are_counted_and_fixed_entries_reported() {
    let (_repo, app) = copy("examples/queue-sync");
    let run = run_in(&app, &["check", ".", "--write-baseline", "baseline.json"]);
    assert_eq!(run.code, 0);
    let sync = app.join("src/sync.js");
    let text = std::fs::read_to_string(&sync).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let call = lines[70];
    assert!(call.contains("routingskills"), "{call}");
    // The same call twice: the second one is new.
    let twice = text.replacen(call, &format!("{call}\n{call}"), 1);
    std::fs::write(&sync, &twice).unwrap();
    let (report, run) = json_in(&app, &[".", "--baseline", "baseline.json"]);
    let reported = report_lines(&report);
    assert_eq!(reported.len(), 1);
    assert!(
        reported[0].starts_with("missing-permission error src/sync.js:72:"),
        "{reported:?}"
    );
    assert_eq!(run.code, 1);
    // Neither call: the entry is fixed.
    std::fs::write(&sync, text.replacen(call, "", 1)).unwrap();
    let (report, run) = json_in(&app, &[".", "--baseline", "baseline.json"]);
    assert!(report_lines(&report).is_empty());
    // The role's excess is still there, known.
    assert_eq!(report["summary"]["baselined"], 1);
    assert_eq!(report["summary"]["baseline_fixed"], 1);
    assert_eq!(run.code, 0);
    let human = run_in(&app, &["check", ".", "--baseline", "baseline.json"]);
    assert!(human.stdout.ends_with(
        "gclint: baseline baseline.json: 1 known finding not shown, 1 entry now fixed\n"
    ));
}

#[test]
fn a_baseline_that_cannot_be_read_exits_2() {
    let (_repo, app) = copy("examples/queue-sync");
    let run = run_in(&app, &["check", ".", "--baseline", "missing.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("gclint: error: missing.json: cannot read the baseline: "),
        "{}",
        run.stderr
    );
    std::fs::write(app.join("bad.json"), "{\"version\": 1, \"findings\": [}").unwrap();
    let run = run_in(&app, &["check", ".", "--baseline", "bad.json"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "gclint: error: bad.json: not a gclint baseline: expected value at line 1 column 29\n"
    );
}

#[test]
fn statistics_follow_the_report_on_stderr() {
    let (_repo, app) = copy("examples/messaging-bridge");
    // Recorded from the server alone (with the app's manifest, found in
    // the folder above it), plus an entry of a finding fixed since.
    run_in(&app, &["check", "server", "--write-baseline", "b.json"]);
    let mut baseline: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(app.join("b.json")).unwrap()).unwrap();
    baseline["findings"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "file": "server/genesys.js",
            "rule": "unknown-endpoint",
            "key": "GET /api/v2/conversations/messaging/gone",
            "count": 1
        }));
    std::fs::write(app.join("b.json"), baseline.to_string()).unwrap();
    let run = run_in(
        &app,
        &["check", ".", "--baseline", "b.json", "--statistics"],
    );
    assert!(run.stdout.ends_with(
        "gclint: 7 errors, 4 warnings, 1 note in 6 file(s)\ngclint: baseline b.json: 8 known findings not shown, 1 entry now fixed\n"
    ), "{}", run.stdout);
    let (table, time) = run.stderr.rsplit_once("  time: ").unwrap();
    assert_eq!(
        table,
        "statistics:
  rule                    error  warning  note  suppressed  baselined
  unknown-scope               3        0     0           0          2
  implicit-grant-retired      0        2     0           0          0
  unknown-endpoint            0        0     0           0          2
  admin-role                  0        1     0           0          0
  insecure-redirect-uri       1        0     0           0          0
  invalid-auth-scheme         0        0     0           0          1
  invalid-grant-type          0        0     1           0          0
  missing-permission          1        0     0           0          0
  missing-scope               1        0     0           0          0
  region-mismatch             0        0     0           0          1
  scopes-ignored              0        1     0           0          0
  token-validity-range        1        0     0           0          0
  user-context-required       0        0     0           0          1
  wrong-auth-host             0        0     0           0          1
  total                       7        4     1           0          8
  baseline entries now fixed: 1
  files: 6 read, 0 skipped
"
    );
    let seconds = time.trim_end().strip_suffix(" s").unwrap();
    assert!(seconds.parse::<f64>().is_ok(), "{time}");
    // Other formats keep stdout clean too.
    let sarif = run_in(&app, &["check", ".", "--format", "sarif", "--statistics"]);
    assert!(serde_json::from_str::<serde_json::Value>(&sarif.stdout).is_ok());
    assert!(sarif.stderr.starts_with("statistics:\n"));
}
