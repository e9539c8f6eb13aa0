//! The texts of `gclint db`: a database's provenance and counts (`db
//! info`) and what changed between two (`db diff`; its JSON is the
//! difference serialised).

use crate::db::diff::{scheme_name, DbDiff, PermissionView};
use crate::db::Database;
use std::path::Path;

/// Counts of a database, as `db info` prints them.
pub fn info(db: &Database, file: Option<&Path>) -> String {
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
    let catalogue = db.permissions();
    let (domains, entities) = catalogue.domains_and_entities();
    row(
        "permissions",
        format!(
            "{} in the catalogue ({domains} domains, {entities} entities, {} action words), each named by an operation or the Terraform provider's docs",
            catalogue.len(),
            catalogue.action_words()
        ),
    );
    if let Some(org) = db.org_permissions() {
        row(
            "  organisation",
            format!("{}: {} permissions", org.file, org.catalogue.len()),
        );
    }
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
                "{}: {} grant retirement{}, {} SDK feature{}, {} division-aware object types, {} escalating permissions",
                life.file,
                life.grants.len(),
                if life.grants.len() == 1 { "" } else { "s" },
                life.sdk_features.len(),
                if life.sdk_features.len() == 1 {
                    ""
                } else {
                    "s"
                },
                life.divisions.objects.len(),
                life.escalation.permissions.len()
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

fn label(method: &str, path: &str, sdk: &Option<String>) -> String {
    match sdk {
        Some(name) => format!("{method} {path} ({name})"),
        None => format!("{method} {path}"),
    }
}

fn code_list(items: &[String]) -> String {
    if items.is_empty() {
        return "none".into();
    }
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn scopes_text(s: &Option<Vec<String>>) -> String {
    match s {
        None => "unknown".into(),
        Some(s) if s.is_empty() => "none".into(),
        Some(s) => code_list(s),
    }
}

fn permissions_text(p: &Option<PermissionView>) -> String {
    match p {
        None => "unknown".into(),
        Some(p) if p.list.is_empty() => "none required".into(),
        Some(p) => format!("{} of {}", p.kind.unwrap_or("ALL"), code_list(&p.list)),
    }
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// `gclint db diff`: what changed between two databases.
pub fn diff(d: &DbDiff) -> String {
    if d.identical {
        return "no differences in operations, scopes, permissions, security schemes, deprecation or preview status\n".into();
    }
    let mut out = String::new();
    let section = |out: &mut String, title: &str, n: usize| {
        out.push_str(&format!("{title} ({n}):\n"));
    };
    for f in &d.facts {
        out.push_str(&format!("{f}\n"));
    }
    for (title, sign, ops) in [
        ("added operations", '+', &d.added),
        ("removed operations", '-', &d.removed),
    ] {
        if !ops.is_empty() {
            section(&mut out, title, ops.len());
        }
        for o in ops {
            let op = label(&o.method, &o.path, &o.sdk_method);
            out.push_str(&format!("  {sign} {op}\n"));
        }
    }
    if !d.changed.is_empty() {
        section(&mut out, "changed operations", d.changed.len());
        for c in &d.changed {
            out.push_str(&format!(
                "  ~ {}\n",
                label(&c.method, &c.path, &c.sdk_method)
            ));
            if let Some(s) = &c.scopes {
                let mut detail = Vec::new();
                if !s.added.is_empty() {
                    detail.push(format!("added {}", code_list(&s.added)));
                }
                if !s.removed.is_empty() {
                    detail.push(format!("removed {}", code_list(&s.removed)));
                }
                out.push_str(&format!(
                    "      scopes: {} -> {}{}\n",
                    scopes_text(&s.old),
                    scopes_text(&s.new),
                    if detail.is_empty() || s.old.is_none() || s.new.is_none() {
                        String::new()
                    } else {
                        format!(" ({})", detail.join("; "))
                    }
                ));
            }
            if let Some(p) = &c.permissions {
                out.push_str(&format!(
                    "      permissions: {} -> {}\n",
                    permissions_text(&p.old),
                    permissions_text(&p.new)
                ));
            }
            if let Some(s) = &c.security_scheme {
                out.push_str(&format!("      security: {} -> {}\n", s.old, s.new));
            }
            if let Some(x) = &c.deprecated {
                out.push_str(&format!(
                    "      deprecated: {} -> {}{}\n",
                    yes_no(x.old),
                    yes_no(x.new),
                    c.deprecation_note
                        .as_deref()
                        .map(|n| format!(" (\"{n}\")"))
                        .unwrap_or_default()
                ));
            }
            if let Some(x) = &c.preview {
                out.push_str(&format!(
                    "      preview: {} -> {}\n",
                    yes_no(x.old),
                    yes_no(x.new)
                ));
            }
        }
    }
    if !d.scopes_added.is_empty() {
        out.push_str(&format!(
            "scopes added to the catalog: {}\n",
            code_list(&d.scopes_added)
        ));
    }
    if !d.scopes_removed.is_empty() {
        out.push_str(&format!(
            "scopes removed from the catalog: {}\n",
            code_list(&d.scopes_removed)
        ));
    }
    out.push_str(&format!(
        "{} added, {} removed, {} changed\n",
        d.added.len(),
        d.removed.len(),
        d.changed.len()
    ));
    out
}

/// `gclint db diff --format json`.
pub fn diff_json(d: &DbDiff) -> String {
    let mut t = serde_json::to_string_pretty(d).expect("diff serializes");
    t.push('\n');
    t
}

/// What `gclint db import` wrote.
pub fn imported(
    output: &Path,
    file: &crate::db::format::json::File,
    swagger_files: usize,
    took: std::time::Duration,
) -> String {
    let counts = file.provenance.counts.clone().unwrap_or_default();
    format!(
        "wrote {}: {} operations ({} from {} swagger file{}, {} from the supplement), {} scopes, {} regions in {:.1} s\n",
        output.display(),
        counts.operations,
        counts.from_swagger,
        swagger_files,
        if swagger_files == 1 { "" } else { "s" },
        counts.from_supplement,
        file.scopes.len(),
        file.regions.len(),
        took.as_secs_f64()
    )
}

/// What `gclint db supplement` wrote, and how the Python names compare.
pub fn supplemented(
    output: &Path,
    supplement: &crate::import::supplement::Supplement,
    check: &crate::import::supplement::PythonNameCheck,
) -> String {
    format!(
        "wrote {}: SDK facts of {} swagger operations, {} operations the swagger lacks, {} regions\n\
         python names: {} compared with the snake case of the JS name, {} differ{}; {} exist only in the Python SDK\n",
        output.display(),
        supplement.sdk.len(),
        supplement.operations.len(),
        supplement.regions.len(),
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
    )
}
