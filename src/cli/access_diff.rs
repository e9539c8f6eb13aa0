//! `gclint access-diff BASE [HEAD]`: the arguments of
//! `analysis::access_diff`, its formats, and the exit code
//! (`--fail-on-new-access`).

use super::{emit, stopped};
use crate::analysis::access_diff::{self, Revisions, Stopped};
use crate::analysis::Request;
use crate::db::Database;
use crate::report;
use clap::ValueEnum;
use std::path::PathBuf;
use std::process::ExitCode;

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
    /// The report's format: `human`, `json`, `markdown` (a pull-request
    /// comment or job summary), `sarif` (each new grant a `new-access`
    /// result).
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

pub fn run(db: &Database, args: AccessDiffArgs) -> ExitCode {
    let request = Request {
        paths: args.paths,
        config: args.config,
        manifest: args.manifest,
        client_json: args.client_json,
        jobs: args.jobs.map(usize::from),
        ..Request::default()
    };
    let revisions = Revisions {
        base: args.base,
        head: args.head,
        cwd: std::env::current_dir().unwrap_or_default(),
    };
    let say = |warnings: &[(String, crate::analysis::Warning)],
               skipped: &[(String, access_diff::Skipped)]| {
        for (revision, s) in skipped {
            eprint!("{}", report::access_diff::skipped(revision, s));
        }
        for (revision, w) in warnings {
            eprint!("{}", report::warning(Some(revision), w));
        }
    };
    let diff = match access_diff::run(db, &request, &revisions) {
        Ok(diff) => diff,
        Err(Stopped {
            warnings,
            skipped,
            error,
        }) => {
            say(&warnings, &skipped);
            return stopped(error, Some(false));
        }
    };
    say(&diff.warnings, &diff.skipped);
    let text = match args.format {
        DiffFormat::Human => report::access_diff::human(&diff),
        DiffFormat::Markdown => report::access_diff::markdown(&diff),
        DiffFormat::Json => report::access_diff::json(&diff, db),
        DiffFormat::Sarif => report::access_diff::sarif(&diff),
    };
    if let Err(code) = emit(&text, args.output.as_deref()) {
        return code;
    }
    match args.fail_on_new_access && diff.diff().grows() {
        true => ExitCode::from(1),
        false => ExitCode::SUCCESS,
    }
}
