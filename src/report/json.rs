//! `--format json` of every analysis: its result (which serialises as the
//! body, see `analysis`) under the same envelope — the format's version,
//! the tool, the database. A stable, documented shape
//! (docs/json-output.md): additive changes keep `version`; anything else
//! bumps it.

use crate::db::Database;
use serde::Serialize;

#[derive(Serialize)]
struct Report<'a, T> {
    version: u32,
    tool: Tool,
    database: DatabaseInfo<'a>,
    #[serde(flatten)]
    body: &'a T,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct DatabaseInfo<'a> {
    source: &'a str,
    swagger_version: Option<&'a str>,
    imported: &'a str,
    operations: usize,
}

/// `body` under the envelope of a format at `version`, pretty-printed.
pub fn render<T: Serialize>(version: u32, body: &T, db: &Database) -> String {
    let prov = db.provenance();
    let report = Report {
        version,
        tool: Tool {
            name: "gclint",
            version: env!("CARGO_PKG_VERSION"),
        },
        database: DatabaseInfo {
            source: &prov.source,
            swagger_version: prov.swagger_version.as_deref(),
            imported: &prov.imported,
            operations: db.operations().len(),
        },
        body,
    };
    let mut text = serde_json::to_string_pretty(&report).expect("report serializes");
    text.push('\n');
    text
}

/// The version of `gclint check --format json`.
pub const VERSION: u32 = 1;

/// `gclint check --format json`.
pub fn check(checked: &crate::analysis::check::Checked, db: &Database) -> String {
    render(VERSION, checked, db)
}
