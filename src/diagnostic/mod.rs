//! One diagnostic type that every renderer (terminal, JSON, SARIF, editors)
//! reads.
//!
//! Imports only layers below it (docs/architecture.md): `source`.

mod fix;
mod rule;

pub use fix::{apply_edits, select, Edit, Fix};
pub use rule::{Family, Precision, RuleMeta};

use crate::source::Span;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// How sure a finding is: facts from the swagger are high; findings built on
/// inferred scopes or guessed client links are lower.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub confidence: Confidence,
    pub message: String,
    /// Where the problem is; its text labels the span.
    pub primary: Label,
    /// The declarations the finding was checked against.
    pub related: Vec<Label>,
    pub help: Option<String>,
    /// Identity of the finding independent of its position (rule, client,
    /// scope, operation), for fingerprints and baselines.
    pub key: String,
    /// The edits that resolve the finding, when they are safe to apply
    /// without a person's judgement (`gclint check --fix`).
    pub fix: Option<Fix>,
    /// Set when an inline `gclint: ignore[...]` comment silences the finding:
    /// it is then left out of the terminal and GitHub output and of the exit
    /// code, and kept in SARIF and JSON marked as suppressed.
    pub suppression: Option<Suppression>,
}

/// The comment that suppresses a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The `gclint: ignore[...]` directive.
    pub span: Span,
    /// The reason written after the rule list (may be empty).
    pub justification: String,
}

impl Diagnostic {
    pub fn new(rule: &'static RuleMeta, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule,
            severity: rule.severity,
            confidence: Confidence::High,
            message: message.into(),
            primary: Label {
                span,
                message: String::new(),
            },
            related: Vec::new(),
            help: None,
            key: String::new(),
            fix: None,
            suppression: None,
        }
    }

    /// Text shown under the primary span.
    pub fn label(mut self, text: impl Into<String>) -> Self {
        self.primary.message = text.into();
        self
    }

    pub fn related(mut self, span: Span, text: impl Into<String>) -> Self {
        self.related.push(Label {
            span,
            message: text.into(),
        });
        self
    }

    pub fn help(mut self, text: impl Into<String>) -> Self {
        self.help = Some(text.into());
        self
    }

    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn confidence(mut self, confidence: Confidence) -> Self {
        self.confidence = confidence;
        self
    }

    /// Attaches a fix (none when the rule could not work one out).
    pub fn fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }

    /// The semantic identity of the finding (see [`Diagnostic::key`]).
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = key.into();
        self
    }

    pub fn is_suppressed(&self) -> bool {
        self.suppression.is_some()
    }
}

/// `a`, `b` and `c` — backquoted, for messages.
pub fn code_list<S: AsRef<str>>(items: &[S]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("`{}`", s.as_ref())).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// `a`, `b` or `c`.
pub fn code_alternatives<S: AsRef<str>>(items: &[S]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("`{}`", s.as_ref())).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} or {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}
