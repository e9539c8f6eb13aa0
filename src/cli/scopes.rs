//! `gclint scopes`: the arguments of `analysis::scopes`, its report, and
//! the exit code (2 when `--write` could not write everything).

use super::{emit, reading, stopped};
use crate::analysis::{self, Options};
use crate::db::Database;
use crate::report;
use clap::ValueEnum;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScopesFormat {
    Human,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct ScopesArgs {
    /// Files or folders to read (as for `check`).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// The report's format: `human` or `json`.
    #[arg(long, value_enum, default_value_t = ScopesFormat::Human)]
    pub format: ScopesFormat,
    /// Write each user-grant client's scope list into the manifest
    /// (comments and formatting kept; the file is replaced atomically).
    #[arg(long)]
    pub write: bool,
    /// An OAuth client made outside the repository (`GET
    /// /api/v2/oauth/clients/{id}` as saved), or role exports; repeatable.
    #[arg(long, value_name = "FILE")]
    pub client_json: Vec<PathBuf>,
    /// The organisation's export of `GET /api/v2/authorization/permissions`.
    #[arg(long, value_name = "FILE")]
    pub permissions_json: Option<PathBuf>,
    /// The app manifest, when it is not under the paths.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// Use this configuration file instead of the gclint.toml found by
    /// walking up from the paths.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Worker threads (default: one per CPU).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

pub fn run(db: &Database, args: ScopesArgs) -> ExitCode {
    // `gclint scopes users:readonly` meant `gclint scope users:readonly`.
    if let Some(p) = args
        .paths
        .iter()
        .find(|p| !p.exists() && p.to_str().is_some_and(|s| db.is_scope(s)))
    {
        return super::fail(&format!(
            "{}: no such file or directory; it is an OAuth scope: `gclint scope {}` says what it grants",
            p.display(),
            p.display()
        ));
    }
    let request = crate::analysis::Request {
        config: args.config,
        permissions_json: args.permissions_json,
        ..reading(args.paths, args.manifest, args.client_json, args.jobs)
    };
    let opts = match Options::read(db, request) {
        Ok(opts) => opts,
        Err(e) => return stopped(e, None),
    };
    let scopes = analysis::scopes::run(db, &opts, args.write);
    for w in &scopes.warnings {
        eprint!("{}", report::warning(None, w));
    }
    if let Some(write) = &scopes.write {
        eprint!(
            "{}",
            report::applied(
                &write.applied,
                ("change", "changes"),
                "the scope lists are already least privilege"
            )
        );
        for u in &write.unwritten {
            eprint!("{}", report::scopes::unwritten(u));
        }
    }
    let text = match args.format {
        ScopesFormat::Human => report::scopes::human(&scopes, args.write),
        ScopesFormat::Json => report::scopes::json(&scopes, db),
    };
    if let Err(code) = emit(&text, args.output.as_deref()) {
        return code;
    }
    match scopes.write.as_ref().is_some_and(|w| w.has_problems()) {
        true => ExitCode::from(2),
        false => ExitCode::SUCCESS,
    }
}
