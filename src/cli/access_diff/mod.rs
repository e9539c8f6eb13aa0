//! `gclint access-diff BASE [HEAD]`: per client, the scopes and permissions
//! granted and needed in BASE and in HEAD (a revision, or the working
//! tree), and what changed. BASE (and HEAD when given) are read with the
//! git CLI into a temporary folder; the user's checkout is never touched.
//!
//! Paths in the output are relative to the repository root whatever the
//! working directory: the same file has the same name in both revisions,
//! and a pull-request comment or code scanning names files that way.
//! Formats: human, JSON (docs/json-output.md), Markdown for a pull-request
//! comment or job summary, SARIF (rule `new-access`).

mod git;
mod render;

use super::{fail, print};
use crate::access::{self, Access};
use crate::check::{self, CheckOptions};
use crate::db::Database;
use crate::rules::{self, Context};
use crate::settings::{self, Config, LoadError};
use clap::ValueEnum;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub const VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Human,
    Json,
    Markdown,
    Sarif,
}

#[derive(clap::Args, Debug)]
pub struct AccessDiffArgs {
    /// The revision to compare with: a branch, tag or commit (`main`,
    /// `origin/main`, `HEAD~1`).
    pub base: String,
    /// The revision to compare [default: the working tree, uncommitted
    /// changes included].
    pub head: Option<String>,
    /// Files or folders to read in each revision, after `--` (as for
    /// `check`; relative to the current folder).
    #[arg(last = true, value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit with 1 when HEAD grants or needs a scope, role or permission
    /// that BASE did not.
    #[arg(long)]
    pub fail_on_new_access: bool,
    /// Use this configuration file instead of the gclint.toml each
    /// revision has above the paths (a file in the repository is read as
    /// each revision has it).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The app manifest, when it is not under the paths (read as each
    /// revision has it when it is in the repository).
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// An OAuth client made outside the repository (`GET
    /// /api/v2/oauth/clients/{id}` as saved), or role exports; repeatable.
    #[arg(long, value_name = "FILE")]
    pub client_json: Vec<PathBuf>,
    /// Worker threads (default: one per CPU).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

/// A path given on the command line: in the repository (relative to its
/// root), or outside it (the same file for both revisions).
#[derive(Debug, Clone)]
enum Given {
    InRepo(PathBuf),
    Outside(PathBuf),
}

impl Given {
    fn new(path: &Path, cwd: &Path, repo_root: &Path) -> Given {
        let abs = crate::discover::tidy(&cwd.join(path));
        match abs.strip_prefix(repo_root) {
            Ok(rel) => Given::InRepo(rel.to_path_buf()),
            Err(_) => Given::Outside(abs),
        }
    }

    /// The path in a tree whose root is `root`.
    fn at(&self, root: &Path) -> PathBuf {
        match self {
            Given::InRepo(rel) if rel.as_os_str().is_empty() => root.to_path_buf(),
            Given::InRepo(rel) => root.join(rel),
            Given::Outside(abs) => abs.clone(),
        }
    }
}

/// One side of the comparison.
pub(crate) struct Side {
    /// As given (`main`), `None` for the working tree.
    pub revision: Option<String>,
    pub commit: Option<String>,
}

impl Side {
    /// `main (1a2b3c4)`, `working tree`.
    pub fn label(&self) -> String {
        match (&self.revision, &self.commit) {
            (Some(r), Some(c)) => format!("{r} ({})", short(c)),
            _ => "working tree".to_string(),
        }
    }
}

pub(crate) fn short(commit: &str) -> &str {
    &commit[..commit.len().min(7)]
}

/// What was read of one revision.
struct Read {
    outcome: check::Outcome,
    config: Option<Config>,
}

/// The files options name, as one revision has them.
struct Inputs {
    config: Option<PathBuf>,
    manifest: Option<PathBuf>,
    client_json: Vec<PathBuf>,
    jobs: Option<u16>,
}

/// Reads the app in the tree at `root` (`None`: none of the paths is
/// there, so the revision has nothing).
fn read_side(
    db: &Database,
    args: &Inputs,
    given: &[Given],
    root: &Path,
    label: &str,
) -> Result<Option<Read>, ExitCode> {
    // A path that a revision does not have holds nothing in it.
    let paths: Vec<PathBuf> = given
        .iter()
        .map(|g| g.at(root))
        .filter(|p| p.exists())
        .collect();
    if paths.is_empty() {
        return Ok(None);
    }
    let config_path = match &args.config {
        Some(p) => Some(p.clone()),
        None => match settings::discover(&paths) {
            Ok(found) => found,
            Err(e) => return Err(fail(&format!("{label}: {e}"))),
        },
    };
    let config = match config_path {
        None => None,
        Some(path) => {
            let shown = crate::source::relative(&crate::discover::normalize(&path), root);
            match settings::load(&path, &shown, db) {
                Ok(c) => Some(c),
                Err(LoadError::Io(m)) => return Err(fail(&format!("{label}: {m}"))),
                Err(LoadError::Invalid(e)) => {
                    eprintln!("gclint: error: {label}: the configuration is not valid");
                    eprint!(
                        "{}",
                        crate::report::config::render(&e, false, super::terminal_width())
                    );
                    return Err(ExitCode::from(2));
                }
            }
        }
    };
    let opts = CheckOptions {
        load: crate::settings::Config::reading(
            config.as_ref(),
            crate::load::Options {
                paths,
                manifest: args.manifest.clone(),
                client_json: args.client_json.clone(),
                root: root.to_path_buf(),
                jobs: args.jobs.map(usize::from),
                ..crate::load::Options::default()
            },
        ),
        // Only the clients and calls are needed; a manifest that does not
        // parse is still said.
        select: vec!["parse-error".into()],
        ..CheckOptions::default()
    };
    let outcome = check::run(db, &opts);
    for d in &outcome.diagnostics {
        let file = outcome.sources.get(d.primary.span.file);
        let at = file.line_col(d.primary.span.start as usize);
        eprintln!(
            "gclint: warning: {label}: {}:{}:{}: {}",
            file.rel, at.line, at.column, d.message
        );
    }
    Ok(Some(Read { outcome, config }))
}

/// The outcome of reading nothing (HEAD has none of the paths).
fn empty_outcome() -> check::Outcome {
    check::Outcome {
        sources: Default::default(),
        app: Default::default(),
        diagnostics: Vec::new(),
        stats: Default::default(),
        baseline: None,
        left_out: 0,
    }
}

pub fn run(db: &Database, args: AccessDiffArgs) -> ExitCode {
    let cwd = std::env::current_dir().unwrap_or_default();
    let repo = match git::Repo::containing(&cwd) {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    let base = match repo.commit(&args.base) {
        Ok(c) => Side {
            revision: Some(args.base.clone()),
            commit: Some(c),
        },
        Err(e) => return fail(&e),
    };
    let head = match &args.head {
        Some(rev) => match repo.commit(rev) {
            Ok(c) => Side {
                revision: Some(rev.clone()),
                commit: Some(c),
            },
            Err(e) => return fail(&e),
        },
        None => Side {
            revision: None,
            commit: None,
        },
    };
    let mut given_paths = args.paths.clone();
    if given_paths.is_empty() {
        given_paths.push(PathBuf::from("."));
    }
    for p in given_paths.iter().chain(&args.client_json) {
        if !p.exists() && args.head.is_none() {
            return fail(&format!("{}: no such file or directory", p.display()));
        }
    }
    let given: Vec<Given> = given_paths
        .iter()
        .map(|p| Given::new(p, &cwd, &repo.root))
        .collect();
    if let Some(outside) = given.iter().find_map(|g| match g {
        Given::Outside(p) => Some(p),
        Given::InRepo(_) => None,
    }) {
        return fail(&format!(
            "{}: not in the repository at {}; access-diff reads paths of the repository",
            outside.display(),
            repo.root.display()
        ));
    }
    // Files named by options are read from each revision when they are in
    // the repository.
    let per_side = |side: &Side| -> Result<(Option<Read>, Option<git::Tree>), ExitCode> {
        let tree = match &side.commit {
            Some(c) => Some(repo.extract(c).map_err(|e| fail(&e))?),
            None => None,
        };
        let root = tree.as_ref().map_or(repo.root.clone(), |t| t.path.clone());
        let mapped = Inputs {
            config: args
                .config
                .as_ref()
                .map(|p| Given::new(p, &cwd, &repo.root).at(&root)),
            manifest: args
                .manifest
                .as_ref()
                .map(|p| Given::new(p, &cwd, &repo.root).at(&root)),
            client_json: args
                .client_json
                .iter()
                .map(|p| Given::new(p, &cwd, &repo.root).at(&root))
                .collect(),
            jobs: args.jobs,
        };
        for p in mapped.config.iter().chain(&mapped.manifest) {
            if !p.exists() {
                return Err(fail(&format!(
                    "{}: {}: no such file",
                    side.label(),
                    crate::source::relative(p, &root)
                )));
            }
        }
        let read = read_side(db, &mapped, &given, &root, &side.label())?;
        Ok((read, tree))
    };
    let (base_read, _base_tree) = match per_side(&base) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let (head_read, _head_tree) = match per_side(&head) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let access_of = |read: &Option<Read>| {
        read.as_ref().map_or_else(Access::default, |r| {
            Access::of(&Context {
                app: &r.outcome.app,
                db,
                sources: &r.outcome.sources,
            })
        })
    };
    let base_access = access_of(&base_read);
    let head_access = access_of(&head_read);
    let diff = access::diff(&base_access, &head_access);
    let text = match args.format {
        DiffFormat::Human => render::human(&diff, &base, &head),
        DiffFormat::Markdown => render::markdown(&diff, &base, &head),
        DiffFormat::Json => render::json(&diff, &base, &head, db),
        DiffFormat::Sarif => {
            let mut findings = access::findings(&diff, rules::NEW_ACCESS);
            let (outcome, config) = match head_read {
                Some(read) => (read.outcome, read.config),
                None => (empty_outcome(), None),
            };
            // HEAD's `[severity]` and `[[per-path]]` apply, as in `check`.
            if let Some(config) = &config {
                findings.retain(|d| {
                    let path = &outcome.sources.get(d.primary.span.file).path;
                    !config.ignores(d.rule, path)
                });
                if let Some(severity) = config.severity_of(rules::NEW_ACCESS) {
                    for d in &mut findings {
                        d.severity = severity;
                    }
                }
            }
            render::sarif(findings, outcome, &repo.root)
        }
    };
    match &args.output {
        Some(path) => {
            if let Err(e) = super::write_output(path, &text) {
                return fail(&e);
            }
        }
        None => {
            print(&text);
        }
    }
    if args.fail_on_new_access && diff.grows() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
