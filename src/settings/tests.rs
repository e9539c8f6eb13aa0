use super::*;
use serde_json::Value as J;

fn db() -> &'static Database {
    Database::embedded()
}

fn read(text: &str) -> Result<Config, ConfigError> {
    parse(
        Path::new("/repo/gclint.toml"),
        "gclint.toml",
        text.to_string(),
        db(),
    )
}

/// `snippet | message | help` of each problem.
fn problems(text: &str) -> Vec<String> {
    let err = read(text).expect_err("the configuration has mistakes");
    err.problems
        .iter()
        .map(|p| {
            format!(
                "{} | {} | {}",
                &text[p.range.clone()],
                p.message,
                p.help.as_deref().unwrap_or("")
            )
        })
        .collect()
}

fn schema() -> J {
    serde_json::from_str(SCHEMA).expect("the schema is JSON")
}

#[test]
fn the_schema_knows_every_key_and_rule() {
    let schema = schema();
    let mut keys: Vec<&str> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .filter(|k| *k != "$schema")
        .collect();
    let mut expected = KEYS.to_vec();
    keys.sort_unstable();
    expected.sort_unstable();
    assert_eq!(keys, expected);
    let mut per_path: Vec<&str> = schema["properties"]["per-path"]["items"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = PER_PATH_KEYS.to_vec();
    per_path.sort_unstable();
    expected.sort_unstable();
    assert_eq!(per_path, expected);
    let ids: Vec<&str> = schema["definitions"]["ruleId"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let registry: Vec<&str> = rules::all().map(|m| m.id).collect();
    assert_eq!(
        ids, registry,
        "schemas/gclint.schema.json lists the rules of the registry"
    );
}

#[test]
fn every_key_is_read() {
    let text = r#"
"$schema" = "https://gclint.dev/schemas/gclint.schema.json"
select = ["missing-scope", "unused-scope"]
ignore = ["preview-endpoint"]
fail-on = "warning"
exclude = ["vendor/", "**/*.min.js"]
default-regions = ["eu_west_1", "mypurecloud.de"]

[severity]
unused-scope = "error"

[[per-path]]
paths = ["legacy/**"]
ignore = ["deprecated-endpoint"]
"#;
    let c = read(text).unwrap();
    assert_eq!(
        c.select.as_deref(),
        Some(&["missing-scope".to_string(), "unused-scope".to_string()][..])
    );
    assert_eq!(
        c.ignore.as_deref(),
        Some(&["preview-endpoint".to_string()][..])
    );
    assert_eq!(c.fail_on, Some(FailOn::Warning));
    let unused = rules::by_id("unused-scope").unwrap();
    assert_eq!(c.severity_of(unused), Some(Severity::Error));
    assert_eq!(c.severity_of(rules::by_id("missing-scope").unwrap()), None);
    assert!(c.exclude.excludes(Path::new("/repo/vendor/lib.js"), false));
    assert!(c
        .exclude
        .excludes(Path::new("/repo/web/a/app.min.js"), false));
    assert!(!c.exclude.excludes(Path::new("/repo/web/app.js"), false));
    assert!(!c
        .exclude
        .excludes(Path::new("/elsewhere/vendor/lib.js"), false));
    let deprecated = rules::by_id("deprecated-endpoint").unwrap();
    assert!(c.ignores(deprecated, Path::new("/repo/legacy/old/api.js")));
    assert!(!c.ignores(deprecated, Path::new("/repo/web/api.js")));
    assert!(!c.ignores(unused, Path::new("/repo/legacy/old/api.js")));
    let regions = c.default_regions.unwrap();
    let spans: Vec<&str> = regions
        .regions
        .iter()
        .map(|(_, r)| &text[r.clone()])
        .collect();
    assert_eq!(spans, ["\"eu_west_1\"", "\"mypurecloud.de\""]);
}

#[test]
fn inline_tables_are_read_like_sections() {
    let c = read(
        "severity = { unused-scope = \"note\" }\nper-path = [{ paths = [\"a/\"], ignore = [\"unused-scope\"] }]\n",
    )
    .unwrap();
    assert_eq!(c.per_path.len(), 1);
    assert_eq!(c.severity.len(), 1);
}

#[test]
fn mistakes_point_at_the_key_or_value() {
    assert_eq!(
        problems("selct = [\"missing-scope\"]\n"),
        ["selct | unknown key `selct` | did you mean `select`?"]
    );
    assert_eq!(
        problems("[severity]\nunused-scopes = \"error\"\nmissing-scope = \"fatal\"\n"),
        [
            "unused-scopes | unknown rule `unused-scopes` | did you mean `unused-scope`?",
            "\"fatal\" | `missing-scope` cannot be `fatal` | use `error`, `warning` or `note`"
        ]
    );
    assert_eq!(
        problems("ignore = \"unused-scope\"\n"),
        ["\"unused-scope\" | `ignore` must be a list of rule ids | write `ignore = [\"...\"]`"]
    );
    assert_eq!(
        problems("default-regions = [\"eu-west-1\", \"eu_wst_1\"]\n"),
        ["\"eu_wst_1\" | `eu_wst_1` is not a Genesys Cloud region | did you mean `eu_west_1`?"]
    );
    assert_eq!(
        problems("exclude = [\"a/{b\"]\n"),
        ["\"a/{b\" | invalid glob: unclosed alternate group; missing '}' (maybe escape '{' with '[{]'?) | "]
    );
    assert_eq!(
        problems("[[per-path]]\npaths = [\"x/\"]\nignored = [\"unused-scope\"]\n"),
        [
            "[[per-path]] | a `per-path` entry needs `ignore` | ",
            "ignored | unknown key `ignored` in `per-path` | did you mean `ignore`?"
        ]
    );
    assert_eq!(
        problems("manifest = \"deploy/appfoundry.yaml\"\n"),
        ["\"deploy/appfoundry.yaml\" | the manifest `deploy/appfoundry.yaml` does not exist | the path is relative to the folder of gclint.toml: /repo"]
    );
    assert_eq!(
        problems("select = [\"missing-scope\"\n"),
        [" | not valid TOML: unclosed array, expected `]` | "]
    );
}

#[test]
fn toml_becomes_json_for_the_schema() {
    let json = to_json("a = 1\n[b]\nc = [\"x\", true]\n[[d]]\ne = 1.5\n").unwrap();
    assert_eq!(
        json,
        serde_json::json!({"a": 1, "b": {"c": ["x", true]}, "d": [{"e": 1.5}]})
    );
}
