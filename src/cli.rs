//! The command line (DESIGN.md "Command line"): its arguments, which
//! analysis or renderer each command calls, and the exit codes: 0 nothing
//! at or above `--fail-on`; 1 findings (or an unknown endpoint/scope asked
//! about); 2 usage, configuration or input errors.
//!
//! A front door (docs/architecture.md): the analyses are in `analysis`,
//! their formats in `report`. The top layer: it may import every module;
//! only `main` uses it.

use crate::analysis::check::Actions;
use crate::analysis::{self, Error, Options, Request};
use crate::db::Database;
use crate::report;
use crate::rules;
use crate::settings::FailOn;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod access_diff;
mod calls;
mod db;
mod scopes;
mod why;

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
    /// Every reason Genesys Cloud may refuse a request with 401 or 403,
    /// most likely first, with how to tell which one it is; with an error
    /// body, a client export or the app's files, from what they show.
    Why(why::WhyArgs),
    /// Language Server over standard input/output, for editors.
    Lsp,
    /// Model Context Protocol server over standard input/output, for AI
    /// assistants: the database and the analyses as tools.
    Mcp,
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
    /// The report's format: `human` (the terminal), `json`
    /// (docs/json-output.md), `sarif` (SARIF 2.1.0, for code scanning),
    /// `github` (GitHub Actions annotations).
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
    /// The organisation's export of `GET /api/v2/authorization/permissions`:
    /// role permissions are then checked against what it has
    /// (`unknown-permission` is exact, and says which permissions exist in
    /// Genesys Cloud but not in the organisation).
    #[arg(long, value_name = "FILE")]
    pub permissions_json: Option<PathBuf>,
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
    /// Colour the human report: `auto` when standard output is a terminal
    /// and `NO_COLOR` is not set.
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
            | Command::Why(_)
            | Command::Lsp
            | Command::Mcp
            | Command::Db(db::DbCommand::Info)
    );
    let loaded = match &db_file {
        Some(path) if needs_db => match load_database(path) {
            Ok(db) => {
                crate::scan::add_path_heads(db.path_heads());
                Some(db)
            }
            Err(e) => return fail(&e),
        },
        _ => None,
    };
    let db = || loaded.unwrap_or_else(Database::embedded);
    // The manifest schema compiles and the embedded database decodes on
    // spare threads while the files are read: start-up costs of every run
    // that reads an app, which the walk and the scanner need neither of.
    if matches!(
        cli.command,
        Command::Check(_) | Command::Scopes(_) | Command::Calls(_)
    ) {
        std::thread::spawn(crate::manifest::prepare);
        if loaded.is_none() {
            std::thread::spawn(|| Database::embedded().prepare());
        }
    }
    match cli.command {
        Command::Check(args) => run_check(db(), args),
        Command::Rules => print(&report::rules::list()),
        Command::Explain { rule } => match rules::by_id(&rule) {
            Some(m) => print(&report::rules::explain(m)),
            None => fail(&report::rules::unknown(&rule)),
        },
        Command::Endpoint { query } => endpoint(db(), &query.join(" ")),
        Command::Scope { name } => scope(db(), &name),
        Command::Scopes(args) => scopes::run(db(), args),
        Command::Calls(args) => calls::run(db(), args),
        Command::AccessDiff(args) => access_diff::run(db(), args),
        Command::Why(args) => why::run(db(), args),
        Command::Lsp => crate::lsp::run(db()),
        Command::Mcp => crate::mcp::run(db()),
        Command::Db(command) => db::run(command, db_file.as_deref(), db),
    }
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

pub(crate) fn print(text: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`gclint rules | head`) is not an error.
    let _ = stdout.write_all(text.as_bytes());
    ExitCode::SUCCESS
}

pub(crate) fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}

/// What a command that reads an app asks: the paths (relative to the
/// working folder, which output paths are relative to) and the files it
/// names.
fn reading(
    paths: Vec<PathBuf>,
    manifest: Option<PathBuf>,
    client_json: Vec<PathBuf>,
    jobs: Option<u16>,
) -> Request {
    Request {
        paths,
        root: std::env::current_dir().unwrap_or_default(),
        manifest,
        client_json,
        jobs: jobs.map(usize::from),
        ..Request::default()
    }
}

/// Says why an analysis did not run; the exit code is 2. A configuration
/// file's mistakes are shown in colour when `color` says so (`None`: when
/// standard error is a terminal).
fn stopped(error: Error, color: Option<bool>) -> ExitCode {
    let color =
        || color.unwrap_or_else(|| report::human::use_color(std::io::stderr().is_terminal()));
    match error {
        Error::Usage(message) => return fail(&message),
        Error::Config(e) => eprint!("{}", report::config::render(&e, color(), terminal_width())),
        Error::RevisionConfig { revision, error } => {
            eprintln!(
                "gclint: error: {}: the configuration is not valid",
                report::escape::terminal(&revision)
            );
            eprint!(
                "{}",
                report::config::render(&error, false, terminal_width())
            );
        }
    }
    ExitCode::from(2)
}

/// Writes a report to the file named with `--output`.
pub(crate) fn write_output(path: &Path, text: &str) -> Result<(), String> {
    crate::files::write(path, text.as_bytes(), &crate::files::Allowed::named(path))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Writes a report to `output`, else to standard output.
pub(crate) fn emit(text: &str, output: Option<&Path>) -> Result<(), ExitCode> {
    match output {
        Some(path) => write_output(path, text).map_err(|e| fail(&e)),
        None => {
            print(text);
            Ok(())
        }
    }
}

fn run_check(db: &Database, args: CheckArgs) -> ExitCode {
    let color = match args.color {
        Color::Always => Some(true),
        Color::Never => Some(false),
        Color::Auto => None,
    };
    let request = Request {
        config: args.config,
        select: args.select,
        ignore: args.ignore,
        fail_on: args.fail_on,
        permissions_json: args.permissions_json,
        ..reading(args.paths, args.manifest, args.client_json, args.jobs)
    };
    let actions = Actions {
        fix: args.fix,
        unsafe_fixes: args.unsafe_fixes,
        baseline: args.baseline,
        write_baseline: args.write_baseline,
        statistics: args.statistics,
    };
    let opts = match Options::read(db, request) {
        Ok(opts) => opts,
        Err(e) => return stopped(e, color),
    };
    let checked = match analysis::check::run(db, &opts, &actions) {
        Ok(checked) => checked,
        Err(e) => return stopped(e, color),
    };
    if let Some(applied) = &checked.fixes {
        eprint!(
            "{}",
            report::applied(applied, ("fix", "fixes"), "nothing to fix")
        );
    }
    match (&checked.baseline_written, &actions.write_baseline) {
        (Some(Err(e)), _) => return fail(e),
        (Some(Ok(n)), Some(path)) => eprint!("{}", report::baseline_written(*n, path)),
        _ => {}
    }
    let outcome = &checked.outcome;
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let text = match args.format {
        Format::Human => {
            let color = color.unwrap_or_else(|| report::human::use_color(to_terminal));
            report::human::render(outcome, color, terminal_width(), opts.check.load.jobs())
        }
        Format::Json => report::json::check(&checked, db),
        Format::Sarif => report::sarif::render(outcome, &opts.check.load.root),
        Format::Github => {
            let workspace = std::env::var_os("GITHUB_WORKSPACE")
                .filter(|w| !w.is_empty())
                .map(PathBuf::from);
            report::github::render(outcome, workspace.as_deref())
        }
    };
    if let Err(code) = emit(&text, args.output.as_deref()) {
        return code;
    }
    if let (Some(s), false) = (&checked.statistics, args.format == Format::Json) {
        eprint!("{}", report::statistics::human(s));
    }
    let fix_problems = checked
        .fixes
        .as_ref()
        .is_some_and(|a| !a.problems.is_empty());
    if fix_problems {
        ExitCode::from(2)
    } else if checked.failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn endpoint(db: &Database, query: &str) -> ExitCode {
    let (text, found) = report::query::endpoint_text(db, query);
    print(&text);
    if found {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn scope(db: &Database, name: &str) -> ExitCode {
    let (mut text, found) = report::query::scope_text(db, name);
    // `gclint scope .` meant `gclint scopes .`.
    if !found && Path::new(name).exists() {
        text.push_str(&format!(
            "`{}` is a file or folder: `gclint scopes {}` computes the scopes and permissions the app there needs\n",
            report::escape::terminal(name),
            report::escape::terminal(name)
        ));
    }
    print(&text);
    if found {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
