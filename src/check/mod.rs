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
}

/// Loads the app, runs the selected rules and applies the policy.
pub fn run(db: &Database, opts: &CheckOptions) -> Outcome {
    let load::Loaded {
        mut sources,
        mut app,
        stats,
    } = load::run(db, &opts.load);
    let masks = secrets::Masks::of(&app);
    masks.sources(&mut sources);
    let cx = Context {
        app: &app,
        db,
        sources: &sources,
    };
    let (mut diagnostics, mut left_out) = rules::run(&cx, |m| opts.enabled(m));
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
    Outcome {
        sources,
        app,
        diagnostics,
        stats,
        baseline: None,
        left_out,
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
