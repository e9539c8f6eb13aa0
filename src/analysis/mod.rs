//! The analyses as a library: what every front door (the command line, the
//! language server, and through the command line the GitHub Action and the
//! pre-commit hook) asks of gclint, answered as data.
//!
//! A front door says what it wants in a [`Request`]: the paths, the files
//! it names, the settings that win over `gclint.toml`. [`Options::read`]
//! finds and reads `gclint.toml` and merges the two ([`Config::reading`]);
//! each analysis takes the [`Options`] and returns a result that derives
//! (or implements) `Serialize`: [`check`] (the findings), [`calls`] (the
//! call sites), [`scopes`] (least privilege per client and per Terraform
//! deploy client), [`access_diff`] (two revisions compared). Nothing here
//! prints, picks an exit code or knows about a terminal: `report` renders
//! the results, and each front door chooses what to show and how to end.
//!
//! Imports only layers below it (docs/architecture.md).

pub mod access_diff;
pub mod calls;
pub mod check;
pub mod lookup;
pub mod scopes;
pub mod why;

use crate::check::CheckOptions;
use crate::db::Database;
use crate::diagnostic::code_alternatives;
use crate::rules;
use crate::settings::{self, Config, ConfigError, FailOn, LoadError};
use crate::source::{SourceMap, Span};
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What a front door asks for: what to read, and the settings that win
/// over `gclint.toml` (empty lists and `None`: the file's, else the
/// defaults).
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Files or folders to read.
    pub paths: Vec<PathBuf>,
    /// Output paths are relative to this folder.
    pub root: PathBuf,
    /// This configuration file instead of the `gclint.toml` found by
    /// walking up from the paths.
    pub config: Option<PathBuf>,
    /// The app manifest, when it is not under the paths.
    pub manifest: Option<PathBuf>,
    /// OAuth clients made outside the repository, or role exports.
    pub client_json: Vec<PathBuf>,
    /// The organisation's export of `GET /api/v2/authorization/permissions`:
    /// the permissions it has (`unknown-permission` is then exact).
    pub permissions_json: Option<PathBuf>,
    /// Worker threads (default: one per CPU).
    pub jobs: Option<usize>,
    /// Only these rules (replaces `select` of gclint.toml).
    pub select: Vec<String>,
    /// Not these rules (replaces `ignore` of gclint.toml).
    pub ignore: Vec<String>,
    /// The lowest severity that fails a run (replaces `fail-on`).
    pub fail_on: Option<FailOn>,
    /// Texts to use instead of the files on disk (an editor's unsaved
    /// buffers), keyed by absolute path.
    pub overrides: HashMap<PathBuf, String>,
}

/// The options of every analysis: `gclint.toml` merged with a [`Request`].
#[derive(Debug, Clone)]
pub struct Options {
    /// What to read, which rules run and the project's policy.
    pub check: CheckOptions,
    /// The lowest severity that fails a run.
    pub fail_on: FailOn,
}

/// Why an analysis did not run.
#[derive(Debug)]
pub enum Error {
    /// A usage or input error, said in one sentence.
    Usage(String),
    /// A configuration file with mistakes, each at its place.
    Config(Box<ConfigError>),
    /// A revision's configuration file with mistakes (`access_diff`).
    RevisionConfig {
        /// The revision as shown: `main (1a2b3c4)`, `working tree`.
        revision: String,
        error: Box<ConfigError>,
    },
}

impl Options {
    /// Checks the request (rule ids, paths), finds and reads its
    /// configuration file, and merges the two.
    pub fn read(db: &Database, request: Request) -> Result<Options, Error> {
        known_rules(&request.select)?;
        known_rules(&request.ignore)?;
        let named = request.paths.iter().chain(&request.manifest);
        if let Some(p) = named.chain(&request.client_json).find(|p| !p.exists()) {
            return Err(Error::Usage(format!(
                "{}: no such file or directory",
                p.display()
            )));
        }
        let config = configuration(db, &request)?;
        // The manifest named is read whatever its file is called: a file
        // that is not one is a mistake to say, not a run that checks nothing.
        let named = match (
            &request.manifest,
            config.as_ref().and_then(|c| c.manifest.as_ref()),
        ) {
            (Some(m), _) => Some((m.clone(), m.display().to_string())),
            (None, Some(m)) => Some((m.clone(), shown(m, &request.root))),
            (None, None) => None,
        };
        // A client export that holds no client or role would check nothing.
        for path in &request.client_json {
            let shown = path.display().to_string();
            let text = crate::files::read_text(
                path,
                &shown,
                "the client export",
                crate::files::CLIENT_JSON,
            )
            .map_err(Error::Usage)?;
            crate::config::api_json::check_client_json(&text).map_err(|why| {
                Error::Usage(format!("{shown}: not an OAuth client or role: {why}"))
            })?;
        }
        if let Some((path, shown)) = named {
            let text = crate::files::read_text(&path, &shown, "the manifest", crate::files::SOURCE)
                .map_err(Error::Usage)?;
            let json = crate::manifest::is_json(&path);
            crate::manifest::check_is_manifest(&text, json)
                .map_err(|why| Error::Usage(format!("{shown} is not an app manifest: {why}")))?;
        }
        let org = match &request.permissions_json {
            Some(path) => Some(read_permissions(path, &request.root)?),
            None => None,
        };
        let mut options = Options::new(config.as_ref(), request);
        options.check.load.org_permissions = org.map(std::sync::Arc::new);
        Ok(options)
    }

    /// The request over the configuration: the request wins over the file,
    /// the file over the defaults.
    pub fn new(config: Option<&Config>, request: Request) -> Options {
        let from_config = |get: fn(&Config) -> &Option<Vec<String>>| {
            config.and_then(|c| get(c).clone()).unwrap_or_default()
        };
        let select = match request.select.is_empty() {
            true => from_config(|c| &c.select),
            false => request.select,
        };
        let ignore = match request.ignore.is_empty() {
            true => from_config(|c| &c.ignore),
            false => request.ignore,
        };
        let fail_on = request
            .fail_on
            .or(config.and_then(|c| c.fail_on))
            .unwrap_or(FailOn::Error);
        Options {
            check: CheckOptions {
                load: Config::reading(
                    config,
                    crate::load::Options {
                        paths: request.paths,
                        manifest: request.manifest,
                        client_json: request.client_json,
                        root: request.root,
                        jobs: request.jobs,
                        overrides: request.overrides,
                        ..crate::load::Options::default()
                    },
                ),
                select,
                ignore,
                config: config.cloned(),
            },
            fail_on,
        }
    }

    /// The options of an analysis that needs the app's model (its clients
    /// and calls), not its findings: only `parse-error` runs, so that a
    /// manifest that does not parse is still said.
    fn model(&self) -> CheckOptions {
        CheckOptions {
            load: self.check.load.clone(),
            select: vec!["parse-error".into()],
            ..CheckOptions::default()
        }
    }
}

/// An organisation's permission export, named in messages relative to `root`.
fn read_permissions(path: &Path, root: &Path) -> Result<crate::db::OrgPermissions, Error> {
    // Relative to the root when under it, else as the user wrote it.
    let shown =
        match crate::discover::normalize(path).strip_prefix(crate::discover::normalize(root)) {
            Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
            Err(_) => path.to_string_lossy().replace('\\', "/"),
        };
    let what = "the permission export";
    let text = crate::files::read_text(path, &shown, what, crate::files::CLIENT_JSON)
        .map_err(Error::Usage)?;
    crate::db::OrgPermissions::from_json(&text, &shown).map_err(|e| {
        Error::Usage(format!(
            "{shown}: not an export of GET /api/v2/authorization/permissions: {e}"
        ))
    })
}

fn known_rules(ids: &[String]) -> Result<(), Error> {
    for id in ids {
        if rules::by_id(id).is_none() {
            let similar = rules::similar_ids(id);
            let hint = if similar.is_empty() {
                String::new()
            } else {
                format!("; did you mean {}?", code_alternatives(&similar))
            };
            return Err(Error::Usage(format!("unknown rule `{id}`{hint}")));
        }
    }
    Ok(())
}

/// The configuration of a request: the file it names, else the
/// `gclint.toml` found above its paths, else none.
pub fn configuration(db: &Database, request: &Request) -> Result<Option<Config>, Error> {
    let path = match &request.config {
        Some(p) if !p.is_file() => {
            return Err(Error::Usage(format!(
                "{}: no such configuration file",
                p.display()
            )))
        }
        Some(p) => p.clone(),
        None => match settings::discover(&request.paths) {
            Ok(Some(p)) => p,
            Ok(None) => return Ok(None),
            Err(e) => return Err(Error::Usage(e)),
        },
    };
    read_configuration(db, &path, &request.root).map(Some)
}

/// A file as messages name it: relative to `root` when under it.
fn shown(path: &Path, root: &Path) -> String {
    crate::source::relative(
        &crate::discover::normalize(path),
        &crate::discover::normalize(root),
    )
}

/// Reads one configuration file, named in messages relative to `root`.
fn read_configuration(db: &Database, path: &Path, root: &Path) -> Result<Config, Error> {
    let shown = shown(path, root);
    settings::load(path, &shown, db).map_err(|e| match e {
        LoadError::Io(message) => Error::Usage(message),
        LoadError::Invalid(e) => Error::Config(Box::new(e)),
    })
}

/// Where the database's facts come from, said beside every answer built
/// on them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// One line: the swagger and what was merged with it.
    pub database: String,
    /// The swagger's `info.version`.
    pub swagger_version: Option<String>,
    /// When the database was imported, `YYYY-MM-DD`.
    pub imported: String,
    /// The SDK releases read for the SDK history:
    /// `npm purecloud-platform-client-v2 12.0.0..262.0.0`.
    pub sdk_releases: Vec<String>,
    /// The file of dated facts (grant retirements, divisions), when merged.
    pub lifecycle: Option<String>,
}

impl Provenance {
    pub fn of(db: &Database) -> Provenance {
        let p = db.provenance();
        let history = db.sdk_history();
        let lifecycle = &db.lifecycle().file;
        Provenance {
            database: p.source.to_string(),
            swagger_version: p.swagger_version.as_deref().map(str::to_string),
            imported: p.imported.to_string(),
            sdk_releases: history
                .sdks
                .iter()
                .map(|s| {
                    format!(
                        "{} {}..{}",
                        s.package,
                        s.versions.first().map_or("", |v| v.as_ref()),
                        s.versions.last().map_or("", |v| v.as_ref())
                    )
                })
                .collect(),
            lifecycle: (!lifecycle.is_empty()).then(|| lifecycle.to_string()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// A span as the outputs show it: the file relative to the run's root,
/// byte offsets, and the 1-based line and column of both ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub file: String,
    /// Byte offsets into the file.
    pub start_byte: u32,
    pub end_byte: u32,
    pub start: Position,
    pub end: Position,
}

impl Location {
    pub fn of(sources: &SourceMap, span: Span) -> Location {
        let file = sources.get(span.file);
        let start = file.line_col(span.start as usize);
        let end = file.line_col(span.end as usize);
        Location {
            file: file.rel.clone(),
            start_byte: span.start,
            end_byte: span.end,
            start: Position {
                line: start.line,
                column: start.column,
            },
            end: Position {
                line: end.line,
                column: end.column,
            },
        }
    }
}

/// `file:line:column` of the start.
impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.start.line, self.start.column)
    }
}

/// A finding of a model run (a file that does not parse), said beside the
/// result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub location: Location,
    pub message: String,
}

impl Warning {
    fn all(outcome: &crate::check::Outcome) -> Vec<Warning> {
        outcome
            .diagnostics
            .iter()
            .map(|d| Warning {
                location: Location::of(&outcome.sources, d.primary.span),
                message: d.message.clone(),
            })
            .collect()
    }
}
