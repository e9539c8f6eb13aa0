//! The ways gclint is shipped: `pyproject.toml` (the wheel maturin builds)
//! against SchemaStore's pyproject schema, the wheel itself installed into a
//! fresh virtual environment and run from there, and the release workflow
//! against SchemaStore's workflow schema (GitHub's runner cannot run here).

mod common;

use common::{gclint, root};
use serde_json::Value;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Every `$ref` to a schema outside the file dropped: SchemaStore's pyproject
/// schema points at its per-tool schemas (`maturin.json`, `ruff.json`, …),
/// which are not in `schemas/`, so `[tool.*]` tables are only checked to be
/// tables.
fn without_external_refs(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if map
                .get("$ref")
                .and_then(Value::as_str)
                .is_some_and(|r| !r.starts_with('#'))
            {
                map.remove("$ref");
            }
            map.values_mut().for_each(without_external_refs);
        }
        Value::Array(items) => items.iter_mut().for_each(without_external_refs),
        _ => {}
    }
}

fn schema_validator(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schemas").join(name)).unwrap();
    let mut schema: Value = serde_json::from_str(&text).unwrap();
    without_external_refs(&mut schema);
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn toml(rel: &str) -> Value {
    let text = std::fs::read_to_string(root().join(rel)).unwrap();
    gclint::settings::to_json(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let parsed = gclint::parse::yaml::parse(&text).expect("YAML");
    assert!(
        parsed.issues.is_empty(),
        "{}: {:?}",
        path.display(),
        parsed.issues
    );
    parsed.root.to_json()
}

#[test]
fn pyproject_toml_matches_the_pyproject_schema_and_builds_the_binary_with_maturin() {
    let validator = schema_validator("pyproject.json");
    let doc = toml("pyproject.toml");
    assert_eq!(errors(&validator, &doc), Vec::<String>::new());
    assert_eq!(doc["build-system"]["build-backend"], "maturin");
    assert_eq!(doc["project"]["name"], PACKAGE);
    // Version, description and licence come from Cargo.toml: one source.
    assert_eq!(
        doc["project"]["dynamic"],
        serde_json::json!(["version", "description", "license", "readme"])
    );
    assert_eq!(doc["tool"]["maturin"]["bindings"], "bin");

    // The hook repository's package (pre-commit/) pins the wheel of this version.
    let mirror = toml("pre-commit/pyproject.toml");
    assert_eq!(errors(&validator, &mirror), Vec::<String>::new());
    assert_eq!(mirror["project"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        mirror["project"]["dependencies"],
        serde_json::json!([format!("{PACKAGE}=={}", env!("CARGO_PKG_VERSION"))])
    );
}

/// The name gclint is published under on crates.io, PyPI and the VS Code
/// Marketplace (`gclint` on crates.io is another project's); the command
/// is `gclint` everywhere.
const PACKAGE: &str = "genesys-lint";

#[test]
fn one_package_name_on_every_registry_and_the_command_is_gclint() {
    let cargo = toml("Cargo.toml");
    assert_eq!(cargo["package"]["name"], PACKAGE);
    assert_eq!(cargo["package"]["name"], env!("CARGO_PKG_NAME"));
    assert_eq!(cargo["lib"]["name"], "gclint");
    assert_eq!(cargo["bin"][0]["name"], "gclint");
    assert_eq!(cargo["package"]["license"], "MIT");
    let vscode: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("editors/vscode/package.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(vscode["name"], PACKAGE);
    assert_eq!(vscode["license"], "MIT");
    // The README installs by these names, from source first.
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for line in [
        "cargo install --locked --path .",
        "pip install .",
        &format!("pipx install {PACKAGE}"),
        &format!("cargo install --locked {PACKAGE}"),
    ] {
        assert!(readme.contains(line), "README lacks `{line}`");
    }
    assert!(!readme.contains("pip install gclint"));
    assert!(!readme.contains("cargo install gclint"));
}

#[test]
fn the_licence_ships_in_the_archives_the_wheel_and_the_vsix() {
    let licence = std::fs::read_to_string(root().join("LICENSE")).unwrap();
    assert!(licence.starts_with("MIT License\n"), "{licence}");
    // vsce packs the extension folder's own LICENSE (and warns without one).
    assert_eq!(
        std::fs::read_to_string(root().join("editors/vscode/LICENSE")).unwrap(),
        licence
    );
    let ignore = std::fs::read_to_string(root().join("editors/vscode/.vscodeignore")).unwrap();
    assert!(!ignore.lines().any(|l| l.contains("LICENSE")), "{ignore}");
    // The release archives hold it beside the binary.
    let release = yaml(&root().join(".github/workflows/release.yml"));
    let archive = release["jobs"]["binaries"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Archive")
        .and_then(|s| s["run"].as_str())
        .unwrap()
        .to_string();
    assert!(
        archive.contains(r#"cp README.md LICENSE CHANGELOG.md "staging/$name/""#),
        "{archive}"
    );
    // The changelog has a section for the version being built.
    let changelog = std::fs::read_to_string(root().join("CHANGELOG.md")).unwrap();
    assert!(
        changelog.contains(&format!("\n## {}", env!("CARGO_PKG_VERSION"))),
        "CHANGELOG.md has no section for {}",
        env!("CARGO_PKG_VERSION")
    );
}

#[test]
fn the_pyproject_schema_catches_a_broken_pyproject() {
    // The validation above would pass vacuously if the schema accepted anything.
    let validator = schema_validator("pyproject.json");
    let mut doc = toml("pyproject.toml");
    doc["project"]["dynamic"] = serde_json::json!(["colour"]);
    assert!(!validator.is_valid(&doc));
    let mut doc = toml("pyproject.toml");
    doc["project"].as_object_mut().unwrap().remove("name");
    assert!(!validator.is_valid(&doc));
}

fn workflows() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(root().join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn the_workflows_match_the_github_workflow_schema() {
    let validator = schema_validator("github-workflow.json");
    let files = workflows();
    let names: Vec<_> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["release.yml"]);
    for file in &files {
        let doc = yaml(file);
        assert_eq!(
            errors(&validator, &doc),
            Vec::<String>::new(),
            "{}",
            file.display()
        );
    }
    let mut broken = yaml(&files[0]);
    broken["jobs"]["binaries"]["runs-on"] = 42.into();
    assert!(!validator.is_valid(&broken));
}

#[test]
fn the_release_workflow_builds_every_platform_and_checksums_the_assets() {
    let release = yaml(&root().join(".github/workflows/release.yml"));
    assert_eq!(
        release["on"]["push"]["tags"],
        serde_json::json!(["v[0-9]*"])
    );
    let targets: Vec<&str> = release["jobs"]["binaries"]["strategy"]["matrix"]["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["target"].as_str().unwrap())
        .collect();
    assert_eq!(
        targets,
        [
            "x86_64-unknown-linux-musl",
            "aarch64-unknown-linux-musl",
            "x86_64-apple-darwin",
            "aarch64-apple-darwin",
            "x86_64-pc-windows-msvc",
        ]
    );
    // The action's platform table (scripts/action-run.sh) names the same assets.
    let script = std::fs::read_to_string(root().join("scripts/action-run.sh")).unwrap();
    for target in &targets {
        assert!(script.contains(target), "action-run.sh lacks {target}");
    }
    let steps = release["jobs"]["release"]["steps"].as_array().unwrap();
    assert!(
        steps
            .iter()
            .any(|s| s["run"].as_str().is_some_and(|r| r.contains("sha256sum"))),
        "the release job writes the checksums"
    );
}

#[test]
#[ignore = "slow: builds the wheel (a release build, minutes) unless GCLINT_WHEEL names one; .ci/run runs it (cargo test -- --include-ignored)"]
fn the_wheel_installs_into_a_fresh_venv_and_runs_gclint() {
    let wheel = match common::wheel() {
        Ok(wheel) => wheel,
        Err(why) => return common::skip_unless_ci(&format!("no gclint wheel: {why}")),
    };
    let name = wheel.file_name().unwrap().to_string_lossy().into_owned();
    // The wheel's name is the package's, normalised (PEP 427).
    let prefix = format!(
        "{}-{}-py3-none-",
        PACKAGE.replace('-', "_"),
        env!("CARGO_PKG_VERSION")
    );
    assert!(name.starts_with(&prefix), "{name}");
    // maturin packs the licence the project root holds (LICEN[CS]E*).
    let listing = Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))",
        ])
        .arg(&wheel)
        .output()
        .unwrap();
    let listing = String::from_utf8_lossy(&listing.stdout).into_owned();
    assert!(
        listing
            .lines()
            .any(|l| l.ends_with(".dist-info/licenses/LICENSE")),
        "the wheel holds no LICENSE:\n{listing}"
    );

    let tmp = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let bin = match common::venv(&tmp.path().join("venv")) {
        Ok(bin) => bin,
        Err(why) => return common::skip_unless_ci(&why),
    };
    let out = Command::new(bin.join("python"))
        .args(["-m", "pip", "install", "--quiet", "--no-index"])
        .arg(&wheel)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let installed = bin.join(if cfg!(windows) {
        "gclint.exe"
    } else {
        "gclint"
    });

    let example = root().join("examples/agent-dashboard");
    let run = |exe: &Path, args: &[&str]| {
        let out = Command::new(exe)
            .current_dir(&example)
            .args(args)
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100")
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (code, report) = run(&installed, &["check", "."]);
    eprintln!(
        "fresh venv + pip install of the wheel + first check: {:.1}s",
        start.elapsed().as_secs_f64()
    );
    assert_eq!(
        run(&installed, &["--version"]),
        (Some(0), format!("gclint {}\n", env!("CARGO_PKG_VERSION")))
    );
    assert_eq!(code, Some(1), "{report}");
    assert!(
        report.ends_with("\ngclint: 1 error, 4 warnings, 1 note in 4 file(s)\n"),
        "{report}"
    );
    // The same report as the binary under test.
    let ours = gclint()
        .current_dir(&example)
        .args(["check", "."])
        .output()
        .unwrap();
    assert_eq!(report, String::from_utf8_lossy(&ours.stdout));
}

#[test]
fn the_vscode_extension_has_gclints_version_and_runs_gclint_lsp() {
    let text = std::fs::read_to_string(root().join("editors/vscode/package.json")).unwrap();
    let package: Value = serde_json::from_str(&text).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    // The README's `code --install-extension gclint-<version>.vsix` names it.
    assert_eq!(package["version"], version);
    let vsix = format!("{PACKAGE}-{version}.vsix");
    for readme in ["README.md", "editors/vscode/README.md"] {
        let text = std::fs::read_to_string(root().join(readme)).unwrap();
        assert!(
            text.contains(&format!("code --install-extension {vsix}")),
            "{readme}"
        );
    }
    assert_eq!(package["main"], "./out/extension.js");
    assert_eq!(
        package["contributes"]["configuration"]["properties"]["gclint.path"]["default"],
        "gclint"
    );
    let source = std::fs::read_to_string(root().join("editors/vscode/src/extension.ts")).unwrap();
    assert!(source.contains(r#"args: ["lsp"]"#));
}
