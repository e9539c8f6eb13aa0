//! What a rule is, as data: its public id, default severity, family,
//! summary and documentation. Diagnostics point at it; rules declare it;
//! renderers read it (SARIF rule metadata, `gclint explain`).

use super::Severity;

/// Which part of an app a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Scopes,
    Endpoints,
    Clients,
    Hosts,
    Inputs,
    /// Time and history: retirements, SDK versions.
    History,
    /// The OAuth client Terraform (CX as Code) deploys with.
    Deploy,
}

impl Family {
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Scopes => "scopes-and-permissions",
            Family::Endpoints => "endpoints",
            Family::Clients => "oauth-clients",
            Family::Hosts => "hosts-tokens-secrets",
            Family::Inputs => "inputs",
            Family::History => "time-and-history",
            Family::Deploy => "cx-as-code-deploy",
        }
    }
}

/// How often a rule's findings are right (GitHub code scanning's
/// `precision`: very-high, high, medium, low).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    VeryHigh,
    High,
    /// The rule concludes from what it did *not* see (a scope no call
    /// needs); a call gclint cannot resolve makes it wrong.
    Medium,
    Low,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::VeryHigh => "very-high",
            Precision::High => "high",
            Precision::Medium => "medium",
            Precision::Low => "low",
        }
    }
}

#[derive(Debug)]
pub struct RuleMeta {
    /// Public, stable id (`unknown-scope`).
    pub id: &'static str,
    /// CamelCase name (SARIF `name`).
    pub name: &'static str,
    pub severity: Severity,
    pub family: Family,
    /// One line: what the rule reports.
    pub summary: &'static str,
    /// Markdown documentation: What it does / Why is this bad? / Example /
    /// Use instead / References.
    pub doc: &'static str,
    /// How often its findings are right (SARIF `properties.precision`).
    pub precision: Precision,
    /// CVSS-like score, `"0.0"` to `"10.0"`, for security rules only (GitHub
    /// `security-severity`; such rules are also tagged `security`).
    pub security_severity: Option<&'static str>,
}

impl RuleMeta {
    /// A rule with the defaults: high precision, not a security rule.
    pub const fn new(
        id: &'static str,
        name: &'static str,
        severity: Severity,
        family: Family,
        summary: &'static str,
        doc: &'static str,
    ) -> RuleMeta {
        RuleMeta {
            id,
            name,
            severity,
            family,
            summary,
            doc,
            precision: Precision::High,
            security_severity: None,
        }
    }

    /// SARIF `properties.tags`: the family, and `security` for security rules.
    pub fn tags(&self) -> Vec<&'static str> {
        let mut tags = vec![self.family.as_str()];
        if self.security_severity.is_some() {
            tags.push("security");
        }
        tags
    }
}

impl PartialEq for RuleMeta {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}
