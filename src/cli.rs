//! The command line (DESIGN.md "Command line"). Exit codes: 0 nothing at or
//! above `--fail-on`; 1 findings (or an unknown endpoint/scope asked about);
//! 2 usage, configuration or input errors.
//!
//! The top layer: it may import every module (docs/architecture.md);
//! only `main` uses it.

use crate::baseline::{self, Baseline};
use crate::check::{self, CheckOptions};
use crate::db::Database;
use crate::diagnostic::code_alternatives;
use crate::report;
use crate::report::statistics::Statistics;
use crate::rules;
use crate::settings::{self, Config, FailOn, LoadError};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod access_diff;
mod calls;
mod db;
mod scopes;

#[derive(Parser, Debug)]
#[command(
    name = "gclint",
    version,
    about = "Static analyzer for Genesys Cloud apps: OAuth scopes, role permissions and Platform API calls"
)]
pub struct Cli {
    /// Use this database file (written by `gclint db import`) instead of
    /// the one compiled in.
    #[arg(long, global = true, env = "GCLINT_DB", value_name = "FILE")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint an app: manifest, clients, roles and source code.
    Check(CheckArgs),
    /// List the rules.
    Rules,
    /// Print a rule's documentation.
    Explain {
        /// Rule id, e.g. unknown-scope.
        rule: String,
    },
    /// What an operation needs: scopes, permissions, SDK names, status.
    Endpoint {
        /// `METHOD /api/v2/...`, a path, or an SDK method name in any spelling.
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
    },
    /// What a scope grants.
    Scope {
        /// Scope name, e.g. users:readonly.
        name: String,
    },
    /// Least privilege per client, from the calls found: the smallest scope
    /// set of each user-grant client, the smallest permission list (and a
    /// ready role) of each client-credentials client.
    Scopes(scopes::ScopesArgs),
    /// The Platform API calls found: file:line, operation, how it was
    /// found, the clients it runs under and how, what it needs.
    Calls(calls::CallsArgs),
    /// Scopes and permissions granted and needed per client, compared
    /// between two git revisions: what a change adds or removes (a
    /// pull-request gate).
    AccessDiff(access_diff::AccessDiffArgs),
    /// Language Server over standard input/output, for editors.
    Lsp,
    /// Build, inspect and compare API databases.
    #[command(subcommand)]
    Db(db::DbCommand),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files or folders to check.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Lowest severity that makes the exit code 1 [default: error, or
    /// `fail-on` in gclint.toml].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Run only these rules (comma-separated ids; replaces `select` of
    /// gclint.toml).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// Skip these rules (comma-separated ids; replaces `ignore` of
    /// gclint.toml).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// An OAuth client made outside the repository, as the API returns it
    /// (`GET /api/v2/oauth/clients/{id}`), or role exports for its roles;
    /// repeatable. Its scopes and roles are checked against the code that
    /// logs in with its grant.
    #[arg(long, value_name = "FILE")]
    pub client_json: Vec<PathBuf>,
    /// The app manifest, when it is not under the checked paths.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// Use this configuration file instead of the gclint.toml found by
    /// walking up from the checked paths.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Report only the findings this baseline file does not know.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in FILE (and report against it, unless
    /// --baseline names another).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Print counts by rule and severity, suppressed and baselined
    /// findings, files read and skipped, and the time taken.
    #[arg(long)]
    pub statistics: bool,
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Worker threads (default: one per CPU; at most four per CPU).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Apply the safe fixes (scope lists in the manifest), then check again
    /// and report what remains. Files are written atomically; comments and
    /// formatting are kept.
    #[arg(long)]
    pub fix: bool,
    /// With --fix, also apply the fixes that need more than the edit
    /// (moving a client off the implicit grant: the OAuth client and the
    /// SDK must change too). Their help says what.
    #[arg(long, requires = "fix")]
    pub unsafe_fixes: bool,
}

/// Says what went wrong on one line (paths and names in the message may
/// come from the checked tree: see `report::escape`) and gives exit code 2.
pub(crate) fn fail(message: &str) -> ExitCode {
    eprintln!("gclint: error: {}", report::escape::terminal(message));
    ExitCode::from(2)
}

pub fn main() -> ExitCode {
    // Temporary files (fixes, revision copies) go when a signal ends the run.
    crate::files::cleanup::on_signals();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    // The database is read only by the commands that use it, so a bad
    // `GCLINT_DB` does not break `gclint rules` or `gclint db import`.
    let db_file = cli.db.filter(|p| !p.as_os_str().is_empty());
    let needs_db = matches!(
        cli.command,
        Command::Check(_)
            | Command::Endpoint { .. }
            | Command::Scope { .. }
            | Command::Scopes(_)
            | Command::Calls(_)
            | Command::AccessDiff(_)
            | Command::Lsp
            | Command::Db(db::DbCommand::Info)
    );
    let loaded = match &db_file {
        Some(path) if needs_db => match load_database(path) {
            Ok(db) => Some(db),
            Err(e) => return fail(&e),
        },
        _ => None,
    };
    let db = || loaded.unwrap_or_else(Database::embedded);
    // The manifest schema compiles on another core while the database
    // decodes: both are start-up costs of every run that reads an app.
    if matches!(
        cli.command,
        Command::Check(_) | Command::Scopes(_) | Command::Calls(_)
    ) {
        std::thread::spawn(crate::manifest::prepare);
    }
    match cli.command {
        Command::Check(args) => run_check(db(), args),
        Command::Rules => {
            let mut out = String::new();
            for m in rules::all() {
                out.push_str(&format!(
                    "{:<24} {:<8} {}\n",
                    m.id,
                    m.severity.as_str(),
                    m.summary
                ));
            }
            print(&out)
        }
        Command::Explain { rule } => match rules::by_id(&rule) {
            Some(m) => print(&format!(
                "# {} ({}, {})\n\n{}.\n\n{}",
                m.id,
                m.severity.as_str(),
                m.family.as_str(),
                m.summary,
                m.doc
            )),
            None => {
                let similar = rules::similar_ids(&rule);
                let hint = if similar.is_empty() {
                    "`gclint rules` lists them".to_string()
                } else {
                    format!("did you mean {}?", code_alternatives(&similar))
                };
                fail(&format!("no rule `{rule}`; {hint}"))
            }
        },
        Command::Endpoint { query } => endpoint(db(), &query.join(" ")),
        Command::Scope { name } => scope(db(), &name),
        Command::Scopes(args) => scopes::run(db(), args),
        Command::Calls(args) => calls::run(db(), args),
        Command::AccessDiff(args) => access_diff::run(db(), args),
        Command::Lsp => crate::lsp::run(db()),
        Command::Db(command) => db::run(command, db_file.as_deref(), db),
    }
}

/// The options of a run that needs the app's model (its clients and
/// calls), not its findings: `gclint scopes`, `gclint calls`. Paths that do
/// not exist are a usage error.
fn model_options(
    db: &Database,
    paths: Vec<PathBuf>,
    manifest: Option<PathBuf>,
    client_json: Vec<PathBuf>,
    jobs: Option<u16>,
) -> Result<CheckOptions, ExitCode> {
    for p in paths.iter().chain(&manifest).chain(&client_json) {
        if !p.exists() {
            return Err(fail(&format!("{}: no such file or directory", p.display())));
        }
    }
    let root = std::env::current_dir().unwrap_or_default();
    // What the model reads the same way `check` does: the walk's
    // exclusions, default regions, the Terraform deploy client.
    let config = match settings::discover(&paths) {
        Ok(Some(path)) => {
            let shown = crate::source::relative(
                &crate::discover::normalize(&path),
                &crate::discover::normalize(&root),
            );
            match settings::load(&path, &shown, db) {
                Ok(config) => Some(config),
                Err(LoadError::Io(message)) => return Err(fail(&message)),
                Err(LoadError::Invalid(e)) => {
                    let color = report::human::use_color(std::io::stderr().is_terminal());
                    eprint!("{}", report::config::render(&e, color, terminal_width()));
                    return Err(ExitCode::from(2));
                }
            }
        }
        Ok(None) => None,
        Err(e) => return Err(fail(&e)),
    };
    Ok(CheckOptions {
        load: Config::reading(
            config.as_ref(),
            crate::load::Options {
                paths,
                manifest,
                client_json,
                root,
                jobs: jobs.map(usize::from),
                ..crate::load::Options::default()
            },
        ),
        // Only the calls and clients are needed; a manifest that does not
        // parse is still said.
        select: vec!["parse-error".into()],
        ..CheckOptions::default()
    })
}

/// Reads a database file given with `--db` / `GCLINT_DB`. The database
/// lives as long as the process.
pub fn load_database(path: &Path) -> Result<&'static Database, String> {
    let shown = path.display().to_string();
    let text = crate::files::read_text(path, &shown, "the database", crate::files::DATABASE)?;
    let db = Database::from_json(&text)
        .map_err(|e| format!("{}: not a gclint database: {e}", path.display()))?;
    Ok(Box::leak(Box::new(db)))
}

/// Writes a report to the file named with `--output`.
pub(crate) fn write_output(path: &Path, text: &str) -> Result<(), String> {
    crate::files::write(path, text.as_bytes(), &crate::files::Allowed::named(path))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

pub(crate) fn print(text: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`gclint rules | head`) is not an error.
    let _ = stdout.write_all(text.as_bytes());
    ExitCode::SUCCESS
}

fn check_rule_ids(ids: &[String]) -> Result<(), String> {
    for id in ids {
        if rules::by_id(id).is_none() {
            let similar = rules::similar_ids(id);
            let hint = if similar.is_empty() {
                String::new()
            } else {
                format!("; did you mean {}?", code_alternatives(&similar))
            };
            return Err(format!("unknown rule `{id}`{hint}"));
        }
    }
    Ok(())
}

/// The configuration of a run: `--config`, else the gclint.toml found
/// above the checked paths. `Err` holds the exit code after the message.
fn configuration(db: &Database, args: &CheckArgs, root: &Path) -> Result<Option<Config>, ExitCode> {
    let path = match &args.config {
        Some(p) if !p.is_file() => {
            return Err(fail(&format!(
                "{}: no such configuration file",
                p.display()
            )))
        }
        Some(p) => p.clone(),
        None => match settings::discover(&args.paths) {
            Ok(Some(p)) => p,
            Ok(None) => return Ok(None),
            Err(e) => return Err(fail(&e)),
        },
    };
    let shown = crate::source::relative(
        &crate::discover::normalize(&path),
        &crate::discover::normalize(root),
    );
    match settings::load(&path, &shown, db) {
        Ok(config) => Ok(Some(config)),
        Err(LoadError::Io(message)) => Err(fail(&message)),
        Err(LoadError::Invalid(e)) => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => report::human::use_color(std::io::stderr().is_terminal()),
            };
            eprint!("{}", report::config::render(&e, color, terminal_width()));
            Err(ExitCode::from(2))
        }
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}

fn run_check(db: &Database, args: CheckArgs) -> ExitCode {
    let started = std::time::Instant::now();
    if let Err(e) = check_rule_ids(&args.select).and_then(|_| check_rule_ids(&args.ignore)) {
        return fail(&e);
    }
    for p in args
        .paths
        .iter()
        .chain(&args.manifest)
        .chain(&args.client_json)
    {
        if !p.exists() {
            return fail(&format!("{}: no such file or directory", p.display()));
        }
    }
    let root = std::env::current_dir().unwrap_or_default();
    let config = match configuration(db, &args, &root) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let old_baseline = match &args.baseline {
        Some(p) => match Baseline::read(p, &p.display().to_string()) {
            Ok(b) => Some(b),
            Err(e) => return fail(&e),
        },
        None => None,
    };
    // The command line wins over the file, the file over the defaults.
    let from_config =
        |get: fn(&Config) -> Option<Vec<String>>| config.as_ref().and_then(get).unwrap_or_default();
    let select = if args.select.is_empty() {
        from_config(|c| c.select.clone())
    } else {
        args.select.clone()
    };
    let ignore = if args.ignore.is_empty() {
        from_config(|c| c.ignore.clone())
    } else {
        args.ignore.clone()
    };
    let fail_on = args
        .fail_on
        .or(config.as_ref().and_then(|c| c.fail_on))
        .unwrap_or(FailOn::Error);
    let opts = CheckOptions {
        load: Config::reading(
            config.as_ref(),
            crate::load::Options {
                paths: args.paths.clone(),
                manifest: args.manifest.clone(),
                root,
                jobs: args.jobs.map(usize::from),
                client_json: args.client_json.clone(),
                ..crate::load::Options::default()
            },
        ),
        select,
        ignore,
        config: config.clone(),
    };
    let mut fix_problems = false;
    let mut outcome = if args.fix {
        let first = check::run(db, &opts);
        let unsafe_fixes = args.unsafe_fixes;
        let (last, applied) = crate::fix::run(db, &opts, &first, |o| {
            o.diagnostics
                .iter()
                .filter_map(|d| d.fix.clone())
                .filter(|f| f.safe || unsafe_fixes)
                .collect()
        });
        let outcome = last.unwrap_or(first);
        for line in applied.summary(("fix", "fixes"), "nothing to fix").lines() {
            eprintln!("{}", report::escape::terminal(line));
        }
        fix_problems = !applied.problems.is_empty();
        outcome
    } else {
        check::run(db, &opts)
    };
    let mut written = None;
    if let Some(path) = &args.write_baseline {
        match baseline::write(path, &outcome.diagnostics, &outcome.sources) {
            Ok(n) => eprintln!(
                "gclint: wrote {n} finding{} to the baseline {}",
                if n == 1 { "" } else { "s" },
                path.display()
            ),
            Err(e) => return fail(&e),
        }
        match Baseline::read(path, &path.display().to_string()) {
            Ok(b) => written = Some(b),
            Err(e) => return fail(&e),
        }
    }
    if let Some(b) = old_baseline.as_ref().or(written.as_ref()) {
        outcome.baseline = Some(b.filter(&mut outcome.diagnostics, &outcome.sources));
    }
    let statistics = args
        .statistics
        .then(|| Statistics::collect(&outcome, &opts.load.root, started.elapsed()));
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let text = match args.format {
        Format::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => report::human::use_color(to_terminal),
            };
            report::human::render(&outcome, color, terminal_width())
        }
        Format::Json => report::json::render(&outcome, db, statistics.as_ref()),
        Format::Sarif => report::sarif::render(&outcome, &opts),
        Format::Github => {
            let workspace = std::env::var_os("GITHUB_WORKSPACE")
                .filter(|w| !w.is_empty())
                .map(PathBuf::from);
            report::github::render(&outcome, workspace.as_deref())
        }
    };
    match &args.output {
        Some(path) => {
            if let Err(e) = write_output(path, &text) {
                return fail(&e);
            }
        }
        None => {
            print(&text);
        }
    }
    if let (Some(s), false) = (&statistics, args.format == Format::Json) {
        eprint!("{}", s.human());
    }
    let failing = fail_on.threshold().is_some_and(|t| {
        outcome
            .diagnostics
            .iter()
            .any(|d| !d.is_suppressed() && d.severity >= t)
    });
    if fix_problems {
        ExitCode::from(2)
    } else if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn endpoint(db: &Database, query: &str) -> ExitCode {
    let (text, found) = crate::query::endpoint_text(db, query);
    print(&text);
    if found {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn scope(db: &Database, name: &str) -> ExitCode {
    let (text, found) = crate::query::scope_text(db, name);
    print(&text);
    if found {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
