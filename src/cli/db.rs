//! `gclint db ...`: build, inspect and compare API databases (the texts
//! they print are in `report::database`).

use super::{fail, load_database, print};
use crate::db::diff;
use crate::db::Database;
use crate::import::supplement::{self, Supplement};
use crate::import::{self, Imported};
use crate::report;
use clap::{Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Subcommand, Debug)]
pub enum DbCommand {
    /// Build a database file from an official Genesys swagger.
    ///
    /// SWAGGER is the single Swagger 2.0 JSON document that
    /// `https://api.<region>/api/v2/docs/swagger` serves, or the same document
    /// split into YAML files (one per tag; copies of an operation in several
    /// files are merged). Facts the swagger does not carry (SDK API classes,
    /// operations only the SDKs have, region hosts) come from --supplement;
    /// swagger facts always win.
    Import {
        /// Swagger files (JSON or YAML) or folders of them, read in the byte
        /// order of their paths.
        #[arg(required = true, value_name = "SWAGGER")]
        swagger: Vec<PathBuf>,
        /// SDK supplement (`rules/sdk-supplement.json`, written by `gclint db supplement`).
        #[arg(long, value_name = "FILE")]
        supplement: Option<PathBuf>,
        /// Dated facts with their sources (`rules/lifecycle.json`): grants
        /// being retired, SDK releases that gained a feature.
        #[arg(long, value_name = "FILE")]
        lifecycle: Option<PathBuf>,
        /// Which SDK releases have which method (`rules/sdk-history.json`,
        /// written by `scripts/sdk_history.py`).
        #[arg(long, value_name = "FILE")]
        sdk_history: Option<PathBuf>,
        /// What each Terraform provider resource calls
        /// (`rules/terraform-resources.json`, written by
        /// `scripts/terraform_resources.py` from a provider release).
        #[arg(long, value_name = "FILE")]
        terraform: Option<PathBuf>,
        /// An organisation's permissions: its export of
        /// `GET /api/v2/authorization/permissions` (one page, an array of
        /// pages, or the collections). With it, `unknown-permission` is
        /// exact for that organisation, and says which permissions exist in
        /// Genesys Cloud but not there.
        #[arg(long, value_name = "FILE")]
        permissions: Option<PathBuf>,
        /// The database file to write.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: PathBuf,
    },
    /// Write an SDK supplement from the reference `operations.json`.
    ///
    /// Keeps what the swagger lacks: the SDK API classes of every operation,
    /// Python names that are not the snake case of the operationId, the
    /// operations only the SDKs have, and (with --regions) the region hosts.
    /// Reports how the Python names compare with the derivation.
    Supplement {
        /// The reference operations.json (merged swagger and SDK facts).
        #[arg(value_name = "OPERATIONS_JSON")]
        operations: PathBuf,
        /// regions.json: region key to environment domain.
        #[arg(long, value_name = "FILE")]
        regions: Option<PathBuf>,
        /// The supplement file to write.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: PathBuf,
    },
    /// Provenance and counts of the database in use (--db / GCLINT_DB, else the embedded one).
    Info,
    /// Compare two database files.
    ///
    /// Lists operations added and removed and, per operation, changes of
    /// scopes, permissions (type and list), security scheme, deprecation and
    /// preview status, and scopes added to or removed from the catalog.
    /// Exit status: 0 when there is no such difference, 1 when there are
    /// differences, 2 when a file cannot be read.
    Diff {
        /// The database before (e.g. the pinned rules/genesys-api.json).
        old: PathBuf,
        /// The database after (e.g. a fresh `gclint db import`).
        new: PathBuf,
        /// The report's format: `human`, or `json` (the same differences as
        /// data).
        #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
        format: DiffFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Human,
    Json,
}

pub fn run(
    command: DbCommand,
    db_file: Option<&Path>,
    db: impl Fn() -> &'static Database,
) -> ExitCode {
    match command {
        DbCommand::Import {
            swagger,
            supplement,
            lifecycle,
            sdk_history,
            terraform,
            permissions,
            output,
        } => run_import(
            &swagger,
            supplement.as_deref(),
            (
                lifecycle.as_deref(),
                sdk_history.as_deref(),
                terraform.as_deref(),
            ),
            permissions.as_deref(),
            &output,
        ),
        DbCommand::Supplement {
            operations,
            regions,
            output,
        } => run_supplement(&operations, regions.as_deref(), &output),
        DbCommand::Info => print(&report::database::info(db(), db_file)),
        DbCommand::Diff { old, new, format } => run_diff(&old, &new, format),
    }
}

/// Writes the file the user named (`--output`), so that a failed run never
/// leaves half a database (`crate::files::write`).
fn write_atomically(path: &Path, text: &str) -> Result<(), String> {
    super::write_output(path, text)
}

/// An SDK history file, checked, with its name as given.
fn read_sdk_history(path: &Path) -> Result<crate::db::format::json::HistoryFile, String> {
    let text = read_text(path, "the SDK history")?;
    let bad = |e: String| format!("{}: not a gclint SDK history: {e}", path.display());
    let mut history: crate::db::format::json::HistoryFile =
        serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
    history.file = path.display().to_string().replace('\\', "/");
    history.clone().into_history().map_err(bad)?;
    Ok(history)
}

/// The Terraform provider's resources, checked, with the name as given.
fn read_terraform(path: &Path) -> Result<crate::db::format::json::TerraformFile, String> {
    let text = read_text(path, "the Terraform resources")?;
    let bad = |e: String| {
        format!(
            "{}: not a gclint Terraform resources file: {e}",
            path.display()
        )
    };
    let mut file: crate::db::format::json::TerraformFile =
        serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
    file.file = path.display().to_string().replace('\\', "/");
    file.clone().into_provider().map_err(bad)?;
    Ok(file)
}

fn read_text(path: &Path, what: &str) -> Result<String, String> {
    let shown = path.display().to_string();
    crate::files::read_text(path, &shown, what, crate::files::IMPORT_INPUT)
}

/// An organisation's permission export, as the database records it.
fn read_org_permissions(path: &Path) -> Result<crate::db::format::json::OrgExportFile, String> {
    let text = read_text(path, "the permission export")?;
    let shown = path.display().to_string().replace('\\', "/");
    let org = crate::db::OrgPermissions::from_json(&text, &shown).map_err(|e| {
        format!(
            "{}: not an export of GET /api/v2/authorization/permissions: {e}",
            path.display()
        )
    })?;
    Ok(crate::db::format::json::OrgExportFile {
        file: shown,
        permissions: org.catalogue.all(),
    })
}

fn run_import(
    swagger: &[PathBuf],
    supplement: Option<&Path>,
    (lifecycle, sdk_history, terraform): (Option<&Path>, Option<&Path>, Option<&Path>),
    permissions: Option<&Path>,
    output: &Path,
) -> ExitCode {
    let started = Instant::now();
    let org_permissions = match permissions.map(read_org_permissions).transpose() {
        Ok(o) => o,
        Err(e) => return fail(&e),
    };
    let terraform = match terraform {
        None => None,
        Some(path) => match read_terraform(path) {
            Ok(t) => Some(t),
            Err(e) => return fail(&e),
        },
    };
    let sdk_history = match sdk_history {
        None => None,
        Some(path) => match read_sdk_history(path) {
            Ok(h) => Some(h),
            Err(e) => return fail(&e),
        },
    };
    let lifecycle = match lifecycle {
        None => Default::default(),
        Some(path) => {
            // Recorded as given, like the supplement.
            let shown = path.display().to_string().replace('\\', "/");
            let loaded = read_text(path, "the lifecycle file").and_then(|text| {
                crate::import::lifecycle::read(&text, &shown)
                    .map_err(|e| format!("{}: not a gclint lifecycle file: {e}", path.display()))
            });
            match loaded {
                Ok(l) => l,
                Err(e) => return fail(&e),
            }
        }
    };
    let supplement = match supplement {
        None => None,
        Some(path) => {
            let loaded = read_text(path, "the supplement").and_then(|text| {
                Supplement::from_json(&text)
                    .map_err(|e| format!("{}: not a gclint SDK supplement: {e}", path.display()))
            });
            match loaded {
                Ok(s) => Some((path, s)),
                Err(e) => return fail(&e),
            }
        }
    };
    let docs = match import::read_swaggers(swagger) {
        Ok(docs) => docs,
        Err(e) => return fail(&e),
    };
    // Recorded as given (`rules/sdk-supplement.json` in the README's command).
    let shown = supplement
        .as_ref()
        .map(|(path, _)| path.display().to_string().replace('\\', "/"));
    let merged = import::import(
        &docs,
        shown.as_deref().zip(supplement.as_ref().map(|(_, s)| s)),
        &import::today(),
    );
    let Imported { mut file, warnings } = match merged {
        Ok(imported) => imported,
        Err(e) => return fail(&e),
    };
    file.lifecycle = lifecycle;
    // Operations the swagger copy lacks are named as the SDKs name them.
    if let Some(history) = sdk_history
        .as_ref()
        .and_then(|h| h.clone().into_history().ok())
    {
        import::names_from_history(&mut file.operations, &history);
    }
    file.sdk_history = sdk_history;
    file.terraform = terraform;
    file.org_permissions = org_permissions;
    for w in &warnings {
        eprintln!("gclint: warning: {w}");
    }
    if let Err(e) = write_atomically(output, &import::write_database(&file)) {
        return fail(&e);
    }
    eprint!(
        "{}",
        report::database::imported(output, &file, docs.len(), started.elapsed())
    );
    ExitCode::SUCCESS
}

fn run_supplement(operations: &Path, regions: Option<&Path>, output: &Path) -> ExitCode {
    let ops = match read_text(operations, "operations") {
        Ok(t) => t,
        Err(e) => return fail(&e),
    };
    let regions_text = match regions.map(|r| read_text(r, "regions")).transpose() {
        Ok(t) => t,
        Err(e) => return fail(&e),
    };
    let input_name = operations.file_name().map_or_else(
        || operations.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let (supplement, check) = match supplement::from_reference(
        &ops,
        regions_text.as_deref(),
        &import::today(),
        &input_name,
    ) {
        Ok(r) => r,
        Err(e) => return fail(&format!("{}: {e}", operations.display())),
    };
    if let Err(e) = write_atomically(output, &supplement.to_json()) {
        return fail(&e);
    }
    eprint!(
        "{}",
        report::database::supplemented(output, &supplement, &check)
    );
    ExitCode::SUCCESS
}

fn run_diff(old: &Path, new: &Path, format: DiffFormat) -> ExitCode {
    let (a, b) = match (load_database(old), load_database(new)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return fail(&e),
    };
    let d = diff::diff(a, b);
    let text = match format {
        DiffFormat::Human => report::database::diff(&d),
        DiffFormat::Json => report::database::diff_json(&d),
    };
    print(&text);
    if d.identical {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
