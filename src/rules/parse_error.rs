use super::{declare_rule, Context};
use crate::diagnostic::Diagnostic;
use crate::model::InputIssueKind;

declare_rule!(
    "parse-error",
    "ParseError",
    Error,
    Inputs,
    "A file of a known kind could not be parsed"
);

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    for issue in cx
        .app
        .input_issues
        .iter()
        .filter(|i| i.kind == InputIssueKind::Parse)
    {
        out.push(
            Diagnostic::new(&META, issue.span, issue.message.clone())
                .label("here")
                .help("fix the syntax; the rest of the repository was still checked")
                .key(issue.message.clone()),
        );
    }
}
