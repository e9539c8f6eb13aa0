//! What the project decided about findings, applied after the rules ran:
//! rules ignored under some paths and severity overrides (`gclint.toml`),
//! and inline suppressions. A finding the configuration turned off is not
//! there to be suppressed. (The baseline comes after, in the command line:
//! a baseline is written from what this leaves.)

use crate::check::{self, Outcome};
use crate::rules::RuleMeta;
use crate::settings::Config;
use crate::source::FileId;

pub fn apply(outcome: &mut Outcome, config: Option<&Config>, enabled: &dyn Fn(&RuleMeta) -> bool) {
    let sources = &outcome.sources;
    let ignored = |rule: &RuleMeta, file: FileId| {
        config.is_some_and(|c| c.ignores(rule, &sources.get(file).path))
    };
    outcome
        .diagnostics
        .retain(|d| !ignored(d.rule, d.primary.span.file));

    let ran = |rule: &RuleMeta, file: FileId| enabled(rule) && !ignored(rule, file);
    let about_suppressions = crate::suppress::apply(&mut outcome.diagnostics, sources, &ran);
    outcome.diagnostics.extend(about_suppressions);

    if let Some(config) = config {
        for d in &mut outcome.diagnostics {
            if let Some(severity) = config.severity_of(d.rule) {
                d.severity = severity;
            }
        }
    }
    check::sort(&mut outcome.diagnostics, &outcome.sources);
}
