//! `gclint db ...`: build, inspect and compare API databases.

use super::{fail, load_database, print};
use crate::db::diff::{self, scheme_name};
use crate::db::Database;
use crate::import::supplement::{self, Supplement};
use crate::import::{self, Imported};
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
            output,
        } => run_import(
            &swagger,
            supplement.as_deref(),
            (
                lifecycle.as_deref(),
                sdk_history.as_deref(),
                terraform.as_deref(),
            ),
            &output,
        ),
        DbCommand::Supplement {
            operations,
            regions,
            output,
        } => run_supplement(&operations, regions.as_deref(), &output),
        DbCommand::Info => print(&info(db(), db_file)),
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

fn run_import(
    swagger: &[PathBuf],
    supplement: Option<&Path>,
    (lifecycle, sdk_history, terraform): (Option<&Path>, Option<&Path>, Option<&Path>),
    output: &Path,
) -> ExitCode {
    let started = Instant::now();
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
    file.sdk_history = sdk_history;
    file.terraform = terraform;
    for w in &warnings {
        eprintln!("gclint: warning: {w}");
    }
    if let Err(e) = write_atomically(output, &import::write_database(&file)) {
        return fail(&e);
    }
    let counts = file.provenance.counts.clone().unwrap_or_default();
    eprintln!(
        "wrote {}: {} operations ({} from {} swagger file{}, {} from the supplement), {} scopes, {} regions in {:.1} s",
        output.display(),
        counts.operations,
        counts.from_swagger,
        docs.len(),
        if docs.len() == 1 { "" } else { "s" },
        counts.from_supplement,
        file.scopes.len(),
        file.regions.len(),
        started.elapsed().as_secs_f64()
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
    eprintln!(
        "wrote {}: SDK facts of {} swagger operations, {} operations the swagger lacks, {} regions",
        output.display(),
        supplement.sdk.len(),
        supplement.operations.len(),
        supplement.regions.len()
    );
    eprintln!(
        "python names: {} compared with the snake case of the JS name, {} differ{}; {} exist only in the Python SDK",
        check.compared,
        check.mismatches.len(),
        if check.mismatches.is_empty() {
            String::new()
        } else {
            format!(
                " (kept in the supplement: {})",
                check
                    .mismatches
                    .iter()
                    .map(|(js, py)| format!("{js} -> {py}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        },
        check.python_only
    );
    ExitCode::SUCCESS
}

/// Counts of a database, as `db info` prints them.
fn info(db: &Database, file: Option<&Path>) -> String {
    let prov = db.provenance();
    let ops = db.operations();
    let mut out = String::new();
    let mut row = |k: &str, v: String| out.push_str(&format!("{k:<16}{v}\n"));
    row(
        "database",
        match file {
            Some(p) => p.display().to_string(),
            None => format!(
                "embedded in gclint {} (rules/genesys-api.json)",
                env!("CARGO_PKG_VERSION")
            ),
        },
    );
    row("source", prov.source.to_string());
    row(
        "swagger",
        format!(
            "info.version {}{}",
            prov.swagger_version.as_deref().unwrap_or("unknown"),
            match prov.swagger_files.len() {
                0 => String::new(),
                1 => format!(", {}", prov.swagger_files[0]),
                n => format!(", {n} files"),
            }
        ),
    );
    row(
        "imported",
        format!("{} by {}", prov.imported, prov.importer),
    );
    if let Some(s) = &prov.supplement {
        row("supplement", s.to_string());
    }
    let count = |f: &dyn Fn(&crate::db::Operation) -> bool| ops.iter().filter(|o| f(o)).count();
    let origin = match &prov.counts {
        Some(c) => format!(
            " ({} from the swagger, {} from the supplement)",
            c.from_swagger, c.from_supplement
        ),
        None => String::new(),
    };
    row("operations", format!("{}{origin}", ops.len()));
    row(
        "  scopes",
        format!(
            "{} known ({} need none), {} unknown ({} with an inferred guess)",
            count(&|o| o.scopes.is_some()),
            count(&|o| o.scopes.as_ref().is_some_and(|s| s.is_empty())),
            count(&|o| o.scopes.is_none()),
            count(&|o| o.scopes.is_none() && o.inferred_scopes.is_some()),
        ),
    );
    row(
        "  permissions",
        format!(
            "{} known ({} need none), {} unknown",
            count(&|o| o.permissions.is_some()),
            count(&|o| o.permissions.as_ref().is_some_and(|p| p.list.is_empty())),
            count(&|o| o.permissions.is_none()),
        ),
    );
    row("  deprecated", count(&|o| o.deprecated).to_string());
    row("  preview", count(&|o| o.preview).to_string());
    let mut schemes: Vec<(&str, usize)> = Vec::new();
    for op in ops {
        let name = scheme_name(op.security_scheme);
        match schemes.iter_mut().find(|(n, _)| *n == name) {
            Some((_, n)) => *n += 1,
            None => schemes.push((name, 1)),
        }
    }
    schemes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    row(
        "  security",
        schemes
            .iter()
            .map(|(name, n)| format!("{n} {name}"))
            .collect::<Vec<_>>()
            .join(", "),
    );
    row(
        "  SDK classes",
        format!(
            "{} exposed by an SDK API class, {} by none",
            count(&|o| !o.sdk_classes.is_empty()),
            count(&|o| o.sdk_classes.is_empty())
        ),
    );
    row("scopes", format!("{} in the catalog", db.scopes().count()));
    row("regions", db.regions().count().to_string());
    let life = db.lifecycle();
    if !life.file.is_empty() {
        let grants: Vec<String> = life
            .grants
            .iter()
            .map(|g| {
                format!(
                    "{} ({}) closed to new clients {}, retired {}",
                    g.grant,
                    g.name,
                    crate::db::format::month_text(&g.closed_to_new_clients),
                    crate::db::format::month_text(&g.retired)
                )
            })
            .collect();
        row(
            "lifecycle",
            format!(
                "{}: {} grant retirement{}, {} SDK feature{}, {} division-aware object types",
                life.file,
                life.grants.len(),
                if life.grants.len() == 1 { "" } else { "s" },
                life.sdk_features.len(),
                if life.sdk_features.len() == 1 {
                    ""
                } else {
                    "s"
                },
                life.divisions.objects.len()
            ),
        );
        for g in grants {
            row("  grant", g);
        }
    }
    let history = db.sdk_history();
    if !history.file.is_empty() {
        let sdks: Vec<String> = history
            .sdks
            .iter()
            .map(|s| {
                format!(
                    "{} {} releases {}..{}",
                    s.package,
                    s.versions.len(),
                    s.versions.first().map_or("", |v| v.as_ref()),
                    s.versions.last().map_or("", |v| v.as_ref())
                )
            })
            .collect();
        row(
            "SDK history",
            format!(
                "{} (generated {}): {} methods; {}",
                history.file,
                history.generated,
                history.methods.len(),
                sdks.join("; ")
            ),
        );
    }
    let terraform = db.terraform();
    if !terraform.file.is_empty() {
        let c = db.terraform_comparison();
        let data = terraform.resources.iter().filter(|r| r.is_data()).count();
        row(
            "Terraform",
            format!(
                "{}: {} {} resource types and {} data sources, {} API uses ({} not in the swagger)",
                terraform.file,
                terraform.describe(),
                c.resources - data,
                data,
                c.api_uses,
                c.unresolved.len()
            ),
        );
        row(
            "  vs swagger",
            format!(
                "permissions: {} listed by the provider and named by none of the resource's operations, {} named by an operation and not listed; scopes: {} and {}",
                c.listed_not_required.len(),
                c.required_not_listed.len(),
                c.scopes_listed_not_accepted.len(),
                c.scopes_accepted_not_listed.len()
            ),
        );
        for (resource, api) in &c.unresolved {
            row("  unknown use", format!("{resource}: {api}"));
        }
    }
    out
}

fn run_diff(old: &Path, new: &Path, format: DiffFormat) -> ExitCode {
    let (a, b) = match (load_database(old), load_database(new)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return fail(&e),
    };
    let d = diff::diff(a, b);
    let text = match format {
        DiffFormat::Human => diff::render_text(&d),
        DiffFormat::Json => {
            let mut t = serde_json::to_string_pretty(&d).expect("diff serializes");
            t.push('\n');
            t
        }
    };
    print(&text);
    if d.identical {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
