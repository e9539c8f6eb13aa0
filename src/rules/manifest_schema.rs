use super::{declare_rule, Context};
use crate::diagnostic::Diagnostic;
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
        out.push(
            Diagnostic::new(&META, issue.span, issue.message.clone())
                .label("here")
                .help("see schemas/appfoundry.schema.json for the manifest format (`gclint explain manifest-schema`)")
                .key(issue.message.clone()),
        );
    }
}
