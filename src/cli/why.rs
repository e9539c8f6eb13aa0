//! `gclint why`: the arguments of `analysis::why` and its formats.

use super::{fail, print, reading, stopped};
use crate::analysis::why::Ask;
use crate::analysis::{self, Options};
use crate::db::Database;
use crate::report;
use clap::ValueEnum;
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WhyFormat {
    Human,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct WhyArgs {
    /// The request, quoted: `'GET /api/v2/users/me'` (a URL with host, ids
    /// and query string is fine), an operation id or an SDK method in any
    /// SDK's spelling; then the files or folders of the app that makes it.
    #[arg(required = true, num_args = 1.., value_name = "REQUEST [PATHS]")]
    pub request_and_paths: Vec<String>,
    /// The body Genesys Cloud answered with (JSON, or the text an SDK
    /// printed); `-` reads it from standard input.
    #[arg(long, value_name = "FILE")]
    pub error: Option<PathBuf>,
    /// An OAuth client as the API returns it (`GET
    /// /api/v2/oauth/clients/{id}` as saved), or role exports for its
    /// roles; repeatable.
    #[arg(long, value_name = "FILE")]
    pub client_json: Vec<PathBuf>,
    /// The org's region: a key (`eu_west_1`) or a domain (`mypurecloud.ie`).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// The app manifest, when it is not under the paths.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// The answer's format: `human` or `json`.
    #[arg(long, value_enum, default_value_t = WhyFormat::Human)]
    pub format: WhyFormat,
}

const METHODS: [&str; 7] = ["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS"];

/// The request and the paths: `GET /api/v2/users/me app/` written without
/// quotes is the request `GET /api/v2/users/me` and the path `app/`.
fn split(words: Vec<String>) -> (String, Vec<PathBuf>) {
    let mut words = words.into_iter();
    let first = words.next().unwrap_or_default();
    let rest: Vec<String> = words.collect();
    if METHODS.contains(&first.to_ascii_uppercase().as_str()) && !rest.is_empty() {
        let request = format!("{first} {}", rest[0]);
        return (request, rest[1..].iter().map(PathBuf::from).collect());
    }
    (first, rest.into_iter().map(PathBuf::from).collect())
}

fn read_error(path: &PathBuf) -> Result<String, String> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read the error body from standard input: {e}"))?;
        return Ok(String::from_utf8_lossy(&bytes).into_owned());
    }
    let bytes = std::fs::read(path)
        .map_err(|e| format!("{}: cannot read the error body: {e}", path.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

pub fn run(db: &Database, args: WhyArgs) -> ExitCode {
    let (request, paths) = split(args.request_and_paths);
    let error = match args.error.as_ref().map(read_error).transpose() {
        Ok(e) => e,
        Err(e) => return fail(&e),
    };
    let ask = Ask {
        request,
        error,
        region: args.region,
    };
    let reads_app = !paths.is_empty() || !args.client_json.is_empty() || args.manifest.is_some();
    let opts = if reads_app {
        match Options::read(db, reading(paths, args.manifest, args.client_json, None)) {
            Ok(opts) => Some(opts),
            Err(e) => return stopped(e, None),
        }
    } else {
        None
    };
    let why = match analysis::why::run(db, &ask, opts.as_ref()) {
        Ok(why) => why,
        Err(e) => return stopped(e, None),
    };
    print(&match args.format {
        WhyFormat::Human => report::why::human(&why),
        WhyFormat::Json => report::why::json(&why, db),
    })
}
