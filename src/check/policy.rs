//! What the project decided about findings, applied after the rules ran:
//! rules ignored under some paths and severity overrides (`gclint.toml`),
//! and inline suppressions. A finding the configuration turned off is not
//! there to be suppressed. (The baseline comes after, in `analysis::check`:
//! a baseline is written from what this leaves.)

use super::CheckOptions;
use crate::diagnostic::{Diagnostic, RuleMeta};
use crate::model::App;
use crate::source::{FileId, SourceMap};

pub fn apply(
    diagnostics: &mut Vec<Diagnostic>,
    app: &App,
    sources: &SourceMap,
    opts: &CheckOptions,
) {
    let config = opts.config.as_ref();
    // Test code runs under a test runner: what production needs is not
    // asked of it; a committed secret is a secret wherever it is.
    if !config.is_some_and(|c| c.test_code_checked) {
        diagnostics.retain(|d| {
            d.rule.security_severity.is_some() || !app.is_test_file(d.primary.span.file)
        });
    }
    let ignored = |rule: &RuleMeta, file: FileId| {
        config.is_some_and(|c| c.ignores(rule, &sources.get(file).path))
    };
    diagnostics.retain(|d| !ignored(d.rule, d.primary.span.file));

    let ran = |rule: &RuleMeta, file: FileId| opts.enabled(rule) && !ignored(rule, file);
    let about_suppressions = crate::suppress::apply(diagnostics, sources, &ran);
    diagnostics.extend(about_suppressions);

    if let Some(config) = config {
        for d in diagnostics.iter_mut() {
            if let Some(severity) = config.severity_of(d.rule) {
                d.severity = severity;
            }
        }
    }
}
