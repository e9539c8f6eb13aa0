//! One run of `gclint check`: the app as `load` reads it, every selected
//! rule over it, then the project's policy (`[[per-path]]` ignores,
//! inline suppressions, `[severity]`), sorted for output.
//!
//! Imports the layers below it: `load` and everything under it, `rules`,
//! `suppress`, `settings`. `analysis` (every analysis reads the app through
//! it), `fix` and the renderers use it.

mod policy;
pub mod secrets;

use crate::db::Database;
use crate::diagnostic::Diagnostic;
use crate::load::{self, Stats};
use crate::model::App;
use crate::rules::{self, Context, RuleMeta};
use crate::settings::Config;
use crate::source::SourceMap;

#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// What to read and how.
    pub load: load::Options,
    /// Only these rules (empty: all).
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// The configuration whose `[[per-path]]` and `[severity]` apply
    /// (its other keys are merged into the options by `analysis::Options`).
    pub config: Option<Config>,
}

impl CheckOptions {
    /// Whether a rule runs (`select`, `ignore`).
    pub fn enabled(&self, m: &RuleMeta) -> bool {
        (self.select.is_empty() || self.select.iter().any(|s| s == m.id))
            && !self.ignore.iter().any(|s| s == m.id)
    }
}

pub struct Outcome {
    pub sources: SourceMap,
    pub app: App,
    pub diagnostics: Vec<Diagnostic>,
    pub stats: Stats,
    /// Set when a `--baseline` hid known findings.
    pub baseline: Option<crate::baseline::Summary>,
    /// Findings past [`rules::MAX_FINDINGS`]: counted, not kept (the
    /// reports say so).
    pub left_out: usize,
    /// What the run says of itself beside its findings, so that no report
    /// is clean for having checked nothing (see [`RunNote`]).
    pub notes: Vec<RunNote>,
}

/// A sentence about the run as a whole, not about a place in a file: the
/// human report prints it before the counts, JSON lists it under `notes`,
/// SARIF as a tool execution notification.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RunNote {
    /// `warning` (the run read no file) or `note`.
    pub level: crate::diagnostic::Severity,
    pub message: String,
}

/// The notes of a run: it read no file; or its calls run under clients
/// that nothing the run read defines, so that no scope or permission was
/// checked.
fn notes(app: &App, stats: &Stats) -> Vec<RunNote> {
    use crate::diagnostic::Severity;
    use crate::model::Resolution;
    let mut notes = Vec::new();
    if stats.files_read == 0 {
        notes.push(RunNote {
            level: Severity::Warning,
            message: "no file was read: nothing under the checked paths is a file gclint reads (a manifest, Terraform, a wizard config, API JSON, source code), so nothing was checked".into(),
        });
        return notes;
    }
    if stats.retired_sdk_files > 0 {
        let n = stats.retired_sdk_files;
        notes.push(RunNote {
            level: Severity::Note,
            message: format!(
                "{} the retired first-generation .NET SDK (namespace `{}`), which gclint's data does not describe: {} SDK calls were not checked",
                match n {
                    1 => "1 file uses".to_string(),
                    n => format!("{n} files use"),
                },
                crate::scan::RETIRED_DOTNET_SDK,
                if n == 1 { "its" } else { "their" },
            ),
        });
    }
    if !app.clients.is_empty() {
        return notes;
    }
    let calls: Vec<&crate::model::CallSite> = app
        .calls
        .iter()
        .filter(|c| {
            !app.is_test_file(c.span.file)
                && matches!(
                    c.resolution,
                    Resolution::Operation(_) | Resolution::PathOnly(_)
                )
        })
        .collect();
    if calls.is_empty() {
        return notes;
    }
    let logins: std::collections::BTreeSet<_> = calls.iter().flat_map(|c| &c.flows).collect();
    let n = calls.len();
    let them = plural(n, "call", "calls");
    let unread = match stats.no_manifest_above {
        true => "no app manifest, none in or above the checked paths up to the repository root; no Terraform, wizard config or --client-json",
        false => "no app manifest, Terraform, wizard config or --client-json",
    };
    let message = match logins.len() {
        0 => format!(
            "{them} found and no client defined ({unread}), so no scope or permission was checked: `gclint scopes` lists what the calls need"
        ),
        m => format!(
            "{them} {} under {} that no definition declares ({unread}), so no scope or permission was checked: `gclint scopes` lists what {} needs",
            if n == 1 { "runs" } else { "run" },
            plural(m, "login", "logins"),
            if m == 1 { "its client" } else { "each login's client" },
        ),
    };
    notes.push(RunNote {
        level: Severity::Note,
        message,
    });
    notes
}

/// `1 call`, `2 calls`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Loads the app, runs the selected rules and applies the policy.
pub fn run(db: &Database, opts: &CheckOptions) -> Outcome {
    let load::Loaded {
        mut sources,
        mut app,
        stats,
    } = load::run(db, &opts.load);
    let masks = secrets::Masks::of(&app);
    masks.sources(&mut sources, opts.load.jobs());
    let cx = Context {
        app: &app,
        db,
        sources: &sources,
    };
    let (mut diagnostics, mut left_out) = rules::run(&cx, opts.load.jobs(), |m| opts.enabled(m));
    // A manifest found above the checked paths gives their code its
    // clients; its own findings (an unused scope) would be judged from
    // part of the app: `gclint check` of the whole app reports them.
    if let Some(above) = &stats.manifest_above {
        diagnostics.retain(|d| sources.get(d.primary.span.file).path != *above);
    }
    policy::apply(&mut diagnostics, &app, &sources, opts);
    masks.diagnostics(&mut diagnostics);
    // After the rules, which read what the code wrote as written.
    masks.app(&mut app);
    sort(&mut diagnostics, &sources);
    // Suppressions add findings of their own: the bound holds for all.
    if diagnostics.len() > rules::MAX_FINDINGS {
        left_out += diagnostics.len() - rules::MAX_FINDINGS;
        diagnostics.truncate(rules::MAX_FINDINGS);
    }
    let notes = notes(&app, &stats);
    Outcome {
        sources,
        app,
        diagnostics,
        stats,
        baseline: None,
        left_out,
        notes,
    }
}

/// Same order whatever the input order: file, position, rule, message.
pub fn sort(diagnostics: &mut [Diagnostic], sources: &SourceMap) {
    diagnostics.sort_by(|a, b| {
        let fa = &sources.get(a.primary.span.file).rel;
        let fb = &sources.get(b.primary.span.file).rel;
        (
            fa,
            a.primary.span.start,
            a.primary.span.end,
            a.rule.id,
            &a.message,
        )
            .cmp(&(
                fb,
                b.primary.span.start,
                b.primary.span.end,
                b.rule.id,
                &b.message,
            ))
    });
}
