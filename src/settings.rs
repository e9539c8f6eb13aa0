//! `gclint.toml`, the project's settings: which rules run, their
//! severities, what the walk leaves out, rules ignored under some paths,
//! the manifest, default regions and the failing severity.
//!
//! The file is found by walking up from each checked path to the
//! repository root (the first folder holding `.git`), or named with
//! `--config`. It is read with `toml_edit`, which keeps the byte span of
//! every key and value, so that each mistake (an unknown key, a misspelled
//! rule id, a bad glob) is shown on the line that holds it. What a front
//! door asks (a flag, an editor's buffer) wins over the file, the file over
//! the defaults (`analysis::Options`, through [`Config::reading`]).
//!
//! Imports only layers below it (docs/architecture.md): `db`, `diagnostic`,
//! `discover`, `files`, `load`, `rules`.

use crate::db::Database;
use crate::diagnostic::{code_alternatives, Severity};
use crate::discover::Exclude;
use crate::rules::{self, RuleMeta};
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml_edit::{Item, Key, TableLike, Value};

pub const FILE_NAME: &str = "gclint.toml";

/// JSON Schema of the file, for editors (`#:schema` in Taplo / Even Better TOML).
pub const SCHEMA: &str = include_str!("../schemas/gclint.schema.json");

/// The top-level keys.
pub const KEYS: &[&str] = &[
    "select",
    "ignore",
    "fail-on",
    "severity",
    "exclude",
    "include-generated",
    "per-path",
    "manifest",
    "default-regions",
    "terraform-client",
    "test-code",
];

/// The keys of `terraform-client`.
pub const TERRAFORM_CLIENT_KEYS: &[&str] = &["role", "roles", "client"];

/// The keys of a `[[per-path]]` entry.
pub const PER_PATH_KEYS: &[&str] = &["paths", "ignore"];

/// The lowest severity that fails a run (`fail-on`, `--fail-on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Note,
    Never,
}

impl FailOn {
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Note => Some(Severity::Note),
            FailOn::Never => None,
        }
    }
}

/// Rules ignored for files under some paths (`[[per-path]]`).
#[derive(Debug, Clone)]
pub struct PerPath {
    paths: Exclude,
    pub ignore: Vec<&'static RuleMeta>,
}

impl PerPath {
    pub fn matches(&self, path: &Path) -> bool {
        self.paths.excludes(path, false)
    }
}

/// A configuration file, read and checked.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub path: PathBuf,
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    pub fail_on: Option<FailOn>,
    pub severity: Vec<(&'static RuleMeta, Severity)>,
    pub exclude: Exclude,
    /// Generated, minified or vendored files to read anyway.
    pub include_generated: Exclude,
    pub per_path: Vec<PerPath>,
    pub manifest: Option<PathBuf>,
    pub default_regions: Option<crate::load::DefaultRegions>,
    pub terraform_client: Option<crate::load::TerraformClient>,
    /// `test-code = "all"`: test code is checked like production code
    /// (by default only secrets are reported there).
    pub test_code_checked: bool,
}

impl Config {
    /// `opts` with what the file sets for reading an app: the walk's
    /// exclusions, generated files to read, the manifest (when the command
    /// line names none), default regions and the Terraform deploy client.
    pub fn reading(config: Option<&Config>, opts: crate::load::Options) -> crate::load::Options {
        let Some(c) = config else { return opts };
        crate::load::Options {
            manifest: opts.manifest.or_else(|| c.manifest.clone()),
            exclude: c.exclude.clone(),
            include_generated: c.include_generated.clone(),
            default_regions: c.default_regions.clone(),
            terraform_client: c.terraform_client.clone(),
            ..opts
        }
    }

    /// Whether `[[per-path]]` turns `rule` off for the file at `path`.
    pub fn ignores(&self, rule: &RuleMeta, path: &Path) -> bool {
        self.per_path
            .iter()
            .any(|p| p.ignore.contains(&rule) && p.matches(path))
    }

    /// The severity `[severity]` gives `rule`, if any.
    pub fn severity_of(&self, rule: &RuleMeta) -> Option<Severity> {
        self.severity
            .iter()
            .find(|(r, _)| *r == rule)
            .map(|(_, s)| *s)
    }
}

/// One mistake in a configuration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub range: Range<usize>,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
}

/// A configuration file that cannot be used, with every mistake found.
#[derive(Debug)]
pub struct ConfigError {
    /// The file (absolute, as read).
    pub path: PathBuf,
    /// The file as shown to the user.
    pub name: String,
    pub text: String,
    pub problems: Vec<Problem>,
}

/// Why a configuration was not loaded.
#[derive(Debug)]
pub enum LoadError {
    /// A message for `gclint: error: ...`.
    Io(String),
    Invalid(ConfigError),
}

/// The configuration file for one checked path: `gclint.toml` in its
/// folder or the nearest folder above, up to the repository root.
pub fn find_for(target: &Path) -> Option<PathBuf> {
    let abs = crate::discover::normalize(target);
    let mut dir = if abs.is_dir() {
        abs
    } else {
        abs.parent()?.to_path_buf()
    };
    loop {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        // `.git` is a folder in a clone and a file in a worktree.
        if dir.join(".git").exists() {
            return None;
        }
        dir = dir.parent()?.to_path_buf();
    }
}

/// Whether `path` (symbolic links resolved) lies in the repository of the
/// configuration in `dir`: under the nearest folder above it that holds
/// `.git`, or under `dir` itself outside any repository. A repository's
/// configuration names no file of the machine it is checked on.
fn inside_repository(dir: &Path, path: &Path) -> bool {
    let dir = crate::discover::normalize(dir);
    let root = dir
        .ancestors()
        .find(|d| d.join(".git").exists())
        .unwrap_or(&dir);
    match (std::fs::canonicalize(root), std::fs::canonicalize(path)) {
        (Ok(root), Ok(path)) => path.starts_with(root),
        _ => false,
    }
}

/// The configuration file for a run over `targets`; an error when two of
/// them have different ones.
pub fn discover(targets: &[PathBuf]) -> Result<Option<PathBuf>, String> {
    let mut found: Option<(PathBuf, &PathBuf)> = None;
    for target in targets {
        let Some(config) = find_for(target) else {
            continue;
        };
        match &found {
            None => found = Some((config, target)),
            Some((first, first_target)) if *first != config => {
                return Err(format!(
                    "{} and {} have different configuration files ({} and {}); \
                     check them in separate runs, or choose one with --config",
                    first_target.display(),
                    target.display(),
                    first.display(),
                    config.display()
                ))
            }
            Some(_) => {}
        }
    }
    Ok(found.map(|(c, _)| c))
}

/// Reads and checks a configuration file. `shown` is its name in messages.
pub fn load(path: &Path, shown: &str, db: &Database) -> Result<Config, LoadError> {
    let text = crate::files::read_text(
        path,
        shown,
        "the configuration",
        crate::files::CONFIGURATION,
    )
    .map_err(LoadError::Io)?;
    let abs = crate::discover::normalize(path);
    parse(&abs, shown, text, db).map_err(LoadError::Invalid)
}

/// Checks the text of a configuration file found at `path` (paths in it
/// are relative to its folder).
pub fn parse(path: &Path, shown: &str, text: String, db: &Database) -> Result<Config, ConfigError> {
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut reader = Reader {
        dir,
        db,
        problems: Vec::new(),
    };
    let mut config = Config {
        path: path.to_path_buf(),
        ..Config::default()
    };
    match toml_edit::Document::parse(text.as_str()) {
        Ok(doc) => reader.root(doc.as_table(), path, &text, &mut config),
        Err(e) => {
            let range = e.span().unwrap_or(0..0);
            reader.problems.push(Problem {
                range,
                message: format!("not valid TOML: {}", e.message().trim_end()),
                label: "here".into(),
                help: None,
            });
        }
    }
    reader
        .problems
        .sort_by_key(|p| (p.range.start, p.range.end));
    if reader.problems.is_empty() {
        Ok(config)
    } else {
        Err(ConfigError {
            path: path.to_path_buf(),
            name: shown.to_string(),
            text,
            problems: reader.problems,
        })
    }
}

struct Reader<'a> {
    dir: PathBuf,
    db: &'a Database,
    problems: Vec<Problem>,
}

fn span_of(key: Option<&Key>) -> Range<usize> {
    key.and_then(Key::span).unwrap_or(0..0)
}

fn item_span(item: &Item) -> Range<usize> {
    item.span().unwrap_or(0..0)
}

/// Keys closest to a misspelled one.
fn similar<'k>(word: &str, candidates: &[&'k str]) -> Vec<&'k str> {
    let mut scored: Vec<(f64, &str)> = candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(s, _)| *s > 0.7)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(1).map(|(_, c)| c).collect()
}

impl Reader<'_> {
    fn problem(&mut self, range: Range<usize>, message: String, label: &str, help: Option<String>) {
        self.problems.push(Problem {
            range,
            message,
            label: label.to_string(),
            help,
        });
    }

    fn unknown_key(&mut self, key: &str, span: Range<usize>, known: &[&str], within: &str) {
        let help = match similar(key, known) {
            s if !s.is_empty() => format!("did you mean {}?", code_alternatives(&s)),
            _ => format!("the keys are {}", crate::diagnostic::code_list(known)),
        };
        self.problem(
            span,
            format!("unknown key `{key}`{within}"),
            "unknown key",
            Some(help),
        );
    }

    fn root(&mut self, table: &toml_edit::Table, path: &Path, text: &str, config: &mut Config) {
        for (key, item) in table.iter() {
            let key_span = span_of(table.key(key));
            match key {
                // Editors' schema association; nothing for gclint.
                "$schema" => {}
                "select" => config.select = self.rule_list(key, item).map(ids),
                "ignore" => config.ignore = self.rule_list(key, item).map(ids),
                "fail-on" => {
                    config.fail_on = self
                        .choice(key, item, &["error", "warning", "note", "never"])
                        .map(|v| match v {
                            "warning" => FailOn::Warning,
                            "note" => FailOn::Note,
                            "never" => FailOn::Never,
                            _ => FailOn::Error,
                        })
                }
                "severity" => config.severity = self.severities(item),
                "exclude" => {
                    if let Some(patterns) = self.strings(key, item, "a list of paths or globs") {
                        config.exclude = self.globs(&patterns);
                    }
                }
                "include-generated" => {
                    if let Some(patterns) = self.strings(key, item, "a list of paths or globs") {
                        config.include_generated = self.globs(&patterns);
                    }
                }
                "per-path" => config.per_path = self.per_path(item),
                "test-code" => {
                    config.test_code_checked =
                        self.choice(key, item, &["secrets-only", "all"]) == Some("all")
                }
                "manifest" => config.manifest = self.manifest(item),
                "default-regions" => {
                    if let Some(regions) = self.regions(key, item) {
                        config.default_regions = Some(crate::load::DefaultRegions {
                            path: path.to_path_buf(),
                            text: text.to_string(),
                            regions,
                        });
                    }
                }
                "terraform-client" => {
                    config.terraform_client = self.terraform_client(item, key_span, path, text)
                }
                _ => self.unknown_key(key, key_span, KEYS, ""),
            }
        }
    }

    /// `terraform-client = { roles = [...] }` or `{ client = "..." }`.
    fn terraform_client(
        &mut self,
        item: &Item,
        key: Range<usize>,
        path: &Path,
        text: &str,
    ) -> Option<crate::load::TerraformClient> {
        let help = "write `terraform-client = { roles = [\"CX as Code deploy\"] }` or `terraform-client = { client = \"name\" }`";
        let Some(table) = item.as_table_like() else {
            self.problem(
                item_span(item),
                "`terraform-client` must be a table".into(),
                "not a table",
                Some(help.into()),
            );
            return None;
        };
        let mut out = crate::load::TerraformClient {
            path: path.to_path_buf(),
            text: text.to_string(),
            key,
            roles: Vec::new(),
            client: None,
        };
        let before = self.problems.len();
        for (k, value) in table.iter() {
            let span = span_of(table.key(k));
            match k {
                "role" | "client" => match value.as_value().and_then(Value::as_str) {
                    Some(s) if !s.trim().is_empty() => {
                        let entry = (s.to_string(), item_span(value));
                        if k == "role" {
                            out.roles.push(entry);
                        } else {
                            out.client = Some(entry);
                        }
                    }
                    _ => self.problem(
                        item_span(value),
                        format!("`{k}` must be a name"),
                        "not a name",
                        None,
                    ),
                },
                "roles" => {
                    if let Some(list) = self.strings(k, value, "a list of role names") {
                        out.roles.extend(list);
                    }
                }
                _ => self.unknown_key(k, span, TERRAFORM_CLIENT_KEYS, " in `terraform-client`"),
            }
        }
        if self.problems.len() > before {
            return None;
        }
        match (out.roles.is_empty(), out.client.is_some()) {
            (true, false) => {
                self.problem(
                    item_span(item),
                    "`terraform-client` names no role and no client".into(),
                    "empty",
                    Some(help.into()),
                );
                None
            }
            (false, true) => {
                self.problem(
                    item_span(item),
                    "`terraform-client` names roles and a client: the client's roles are the deploy client's".into(),
                    "give one",
                    Some(help.into()),
                );
                None
            }
            _ => Some(out),
        }
    }

    /// A list of strings with their spans; `what` describes it for errors.
    fn strings(
        &mut self,
        key: &str,
        item: &Item,
        what: &str,
    ) -> Option<Vec<(String, Range<usize>)>> {
        let Some(array) = item.as_value().and_then(Value::as_array) else {
            self.problem(
                item_span(item),
                format!("`{key}` must be {what}"),
                "not a list",
                Some(format!("write `{key} = [\"...\"]`")),
            );
            return None;
        };
        let mut out = Vec::new();
        for value in array.iter() {
            let span = value.span().unwrap_or(0..0);
            match value.as_str() {
                Some(s) => out.push((s.to_string(), span)),
                None => self.problem(
                    span,
                    format!("`{key}` must be {what}"),
                    "not a string",
                    None,
                ),
            }
        }
        Some(out)
    }

    fn rule_list(&mut self, key: &str, item: &Item) -> Option<Vec<&'static RuleMeta>> {
        let names = self.strings(key, item, "a list of rule ids")?;
        let mut out = Vec::new();
        for (name, span) in names {
            if let Some(meta) = self.rule(&name, span) {
                out.push(meta);
            }
        }
        Some(out)
    }

    fn rule(&mut self, name: &str, span: Range<usize>) -> Option<&'static RuleMeta> {
        let found = rules::by_id(name);
        if found.is_none() {
            let similar = rules::similar_ids(name);
            let help = if similar.is_empty() {
                "`gclint rules` lists the rule ids".to_string()
            } else {
                format!("did you mean {}?", code_alternatives(&similar))
            };
            self.problem(
                span,
                format!("unknown rule `{name}`"),
                "not a gclint rule",
                Some(help),
            );
        }
        found
    }

    fn choice<'c>(&mut self, key: &str, item: &Item, allowed: &[&'c str]) -> Option<&'c str> {
        let value = item.as_value().and_then(Value::as_str);
        if let Some(found) = allowed.iter().find(|a| Some(**a) == value) {
            return Some(found);
        }
        let help = format!("use {}", code_alternatives(allowed));
        let message = match value {
            Some(v) => format!("`{key}` cannot be `{v}`"),
            None => format!("`{key}` must be a string"),
        };
        self.problem(item_span(item), message, "not allowed here", Some(help));
        None
    }

    fn severities(&mut self, item: &Item) -> Vec<(&'static RuleMeta, Severity)> {
        let Some(table) = item.as_table_like() else {
            self.problem(
                item_span(item),
                "`severity` must be a table of rule ids".into(),
                "not a table",
                Some("write `[severity]` and then `rule-id = \"error\"` lines".into()),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (rule, value) in table.iter() {
            let Some(meta) = self.rule(rule, span_of(table.key(rule))) else {
                continue;
            };
            let severity =
                self.choice(rule, value, &["error", "warning", "note"])
                    .map(|v| match v {
                        "error" => Severity::Error,
                        "warning" => Severity::Warning,
                        _ => Severity::Note,
                    });
            if let Some(s) = severity {
                out.push((meta, s));
            }
        }
        out
    }

    fn globs(&mut self, patterns: &[(String, Range<usize>)]) -> Exclude {
        let texts: Vec<String> = patterns.iter().map(|(p, _)| p.clone()).collect();
        match Exclude::new(&self.dir, &texts) {
            Ok(e) => e,
            Err((i, why)) => {
                let span = patterns.get(i).map(|(_, s)| s.clone()).unwrap_or(0..0);
                self.problem(span, format!("invalid glob: {why}"), "invalid glob", None);
                Exclude::default()
            }
        }
    }

    fn per_path(&mut self, item: &Item) -> Vec<PerPath> {
        let mut tables: Vec<(&dyn TableLike, Range<usize>)> = Vec::new();
        match item {
            Item::ArrayOfTables(array) => {
                for t in array.iter() {
                    tables.push((t, t.span().unwrap_or(0..0)));
                }
            }
            Item::Value(Value::Array(array)) => {
                for v in array.iter() {
                    match v.as_inline_table() {
                        Some(t) => tables.push((t, v.span().unwrap_or(0..0))),
                        None => self.problem(
                            v.span().unwrap_or(0..0),
                            "a `per-path` entry must be a table with `paths` and `ignore`".into(),
                            "not a table",
                            None,
                        ),
                    }
                }
            }
            _ => {
                self.problem(
                    item_span(item),
                    "`per-path` must be an array of tables".into(),
                    "not an array of tables",
                    Some("write `[[per-path]]` with `paths = [...]` and `ignore = [...]`".into()),
                );
                return Vec::new();
            }
        }
        let mut out = Vec::new();
        for (table, span) in tables {
            let mut paths = None;
            let mut ignore = None;
            for (key, value) in table.iter() {
                match key {
                    "paths" => paths = self.strings(key, value, "a list of paths or globs"),
                    "ignore" => ignore = self.rule_list(key, value),
                    _ => self.unknown_key(
                        key,
                        span_of(table.key(key)),
                        PER_PATH_KEYS,
                        " in `per-path`",
                    ),
                }
            }
            for (name, missing) in [("paths", paths.is_none()), ("ignore", ignore.is_none())] {
                if missing && !table.contains_key(name) {
                    self.problem(
                        span.clone(),
                        format!("a `per-path` entry needs `{name}`"),
                        format!("no `{name}`").as_str(),
                        None,
                    );
                }
            }
            if let (Some(paths), Some(ignore)) = (paths, ignore) {
                out.push(PerPath {
                    paths: self.globs(&paths),
                    ignore,
                });
            }
        }
        out
    }

    fn manifest(&mut self, item: &Item) -> Option<PathBuf> {
        let Some(value) = item.as_value().and_then(Value::as_str) else {
            self.problem(
                item_span(item),
                "`manifest` must be a path".into(),
                "not a string",
                None,
            );
            return None;
        };
        let path = self.dir.join(value);
        if path.is_file() && !inside_repository(&self.dir, &path) {
            self.problem(
                item_span(item),
                format!("the manifest `{value}` is outside the repository"),
                "outside the repository",
                Some(
                    "gclint reads and writes only the files of the repository it checks: move the manifest into it, or name it with --manifest"
                        .into(),
                ),
            );
            return None;
        }
        if !path.is_file() {
            self.problem(
                item_span(item),
                format!("the manifest `{value}` does not exist"),
                "no such file",
                Some(format!(
                    "the path is relative to the folder of {FILE_NAME}: {}",
                    self.dir.display()
                )),
            );
            return None;
        }
        Some(path)
    }

    fn regions(&mut self, key: &str, item: &Item) -> Option<Vec<(String, Range<usize>)>> {
        let regions = self.strings(key, item, "a list of regions")?;
        let keys: Vec<&str> = self.db.regions().map(|(k, _)| k).collect();
        let mut ok = true;
        for (region, span) in &regions {
            if self.db.region_domain(region).is_some() {
                continue;
            }
            ok = false;
            let mut scored: Vec<(f64, &str)> = keys
                .iter()
                .map(|k| (strsim::jaro_winkler(region, k), *k))
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0));
            // Offer the runners-up only when they are about as close as the best.
            let best = scored.first().map_or(0.0, |s| s.0);
            let close: Vec<&str> = scored
                .into_iter()
                .take_while(|(s, _)| *s > 0.8 && best - s < 0.03)
                .take(3)
                .map(|(_, k)| k)
                .collect();
            let help = if close.is_empty() {
                "use a region key such as `us_east_1` or a domain such as `mypurecloud.com`"
                    .to_string()
            } else {
                format!("did you mean {}?", code_alternatives(&close))
            };
            self.problem(
                span.clone(),
                format!("`{region}` is not a Genesys Cloud region"),
                "unknown region",
                Some(help),
            );
        }
        ok.then_some(regions)
    }
}

fn ids(rules: Vec<&'static RuleMeta>) -> Vec<String> {
    rules.into_iter().map(|m| m.id.to_string()).collect()
}

/// A TOML document as JSON, for checking it against [`SCHEMA`] (tests and
/// tools). Dates become strings.
pub fn to_json(text: &str) -> Result<serde_json::Value, String> {
    let doc = toml_edit::Document::parse(text).map_err(|e| e.message().to_string())?;
    Ok(table_json(doc.as_table()))
}

fn table_json(table: &dyn TableLike) -> serde_json::Value {
    serde_json::Value::Object(
        table
            .iter()
            .map(|(k, v)| (k.to_string(), item_json(v)))
            .collect(),
    )
}

fn item_json(item: &Item) -> serde_json::Value {
    match item {
        Item::None => serde_json::Value::Null,
        Item::Value(v) => value_json(v),
        Item::Table(t) => table_json(t),
        Item::ArrayOfTables(a) => {
            serde_json::Value::Array(a.iter().map(|t| table_json(t)).collect())
        }
    }
}

fn value_json(value: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        Value::String(s) => J::String(s.value().clone()),
        Value::Integer(i) => J::from(*i.value()),
        Value::Float(f) => J::from(*f.value()),
        Value::Boolean(b) => J::Bool(*b.value()),
        Value::Datetime(d) => J::String(d.value().to_string()),
        Value::Array(a) => J::Array(a.iter().map(value_json).collect()),
        Value::InlineTable(t) => table_json(t),
    }
}

#[cfg(test)]
mod tests;
