use super::{declare_rule, Context};
use crate::diagnostic::Diagnostic;
use crate::edit;
use crate::model::InputIssueKind;

declare_rule!(
    "manifest-schema",
    "ManifestSchema",
    Error,
    Inputs,
    "The manifest does not follow gclint's manifest schema"
);

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    for issue in cx
        .app
        .input_issues
        .iter()
        .filter(|i| i.kind == InputIssueKind::Schema)
    {
        let mut d = Diagnostic::new(&META, issue.span, issue.message.clone())
            .label("here")
            .key(issue.message.clone());
        d = match &issue.suggestion {
            // A misspelt key is renamed in place (quotes kept), so that
            // `--fix` never adds the right key beside the wrong one.
            Some(meant) => {
                let written = cx
                    .sources
                    .get(issue.span.file)
                    .text
                    .get(issue.span.range())
                    .unwrap_or("");
                let quote = written.chars().next().filter(|c| *c == '"' || *c == '\'');
                let new = match quote {
                    Some(q) => format!("{q}{meant}{q}"),
                    None => meant.clone(),
                };
                d.help(format!("did you mean `{meant}`?"))
                    .fix(edit::replace_span(
                        cx.sources,
                        issue.span,
                        &new,
                        format!("rename the key to `{meant}`"),
                    ))
            }
            None => d.help(format!(
                "`gclint explain manifest-schema` describes the manifest; its JSON Schema is {SCHEMA_URL}"
            )),
        };
        out.push(d);
    }
}

/// Where the manifest's JSON Schema is published (the file a clone has in
/// `schemas/`; a pip or binary install has none).
pub const SCHEMA_URL: &str =
    "https://raw.githubusercontent.com/gclint/gclint/main/schemas/appfoundry.schema.json";
