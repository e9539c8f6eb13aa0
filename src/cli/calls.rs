//! `gclint calls`: the arguments of `analysis::calls` and its formats.

use super::{emit, reading, stopped};
use crate::analysis::calls::Filter;
use crate::analysis::{self, Options};
use crate::db::Database;
use crate::report;
use clap::ValueEnum;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CallsFormat {
    Human,
    Json,
    Csv,
    Markdown,
}

#[derive(clap::Args, Debug)]
pub struct CallsArgs {
    /// Files or folders to read (as for `check`).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// The report's format: `human`, `json`, `csv` or `markdown` (a table
    /// to paste in a pull request).
    #[arg(long, value_enum, default_value_t = CallsFormat::Human)]
    pub format: CallsFormat,
    /// Only the calls that run under this client (its name as defined).
    #[arg(long, value_name = "NAME")]
    pub client: Option<String>,
    /// Only the calls gclint could not resolve to one operation.
    #[arg(long)]
    pub unresolved: bool,
    /// An OAuth client made outside the repository (`GET
    /// /api/v2/oauth/clients/{id}` as saved), or role exports; repeatable.
    #[arg(long, value_name = "FILE")]
    pub client_json: Vec<PathBuf>,
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

pub fn run(db: &Database, args: CallsArgs) -> ExitCode {
    let request = crate::analysis::Request {
        config: args.config,
        ..reading(args.paths, args.manifest, args.client_json, args.jobs)
    };
    let filter = Filter {
        client: args.client,
        unresolved: args.unresolved,
        operation: None,
    };
    let calls = match Options::read(db, request)
        .and_then(|opts| analysis::calls::run(db, &opts, &filter))
    {
        Ok(calls) => calls,
        Err(e) => return stopped(e, None),
    };
    let text = match args.format {
        CallsFormat::Json => report::calls::json(&calls, db),
        CallsFormat::Human => {
            // A terminal has a width to keep to (`COLUMNS`, else 100); a
            // pipe or a file gets the table, one line per call.
            let terminal = args.output.is_none() && std::io::stdout().is_terminal();
            let width = terminal.then(super::terminal_width);
            report::calls::human(&calls, width)
        }
        CallsFormat::Csv => report::calls::csv(&calls),
        CallsFormat::Markdown => report::calls::markdown(&calls),
    };
    match emit(&text, args.output.as_deref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}
