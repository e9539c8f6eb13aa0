//! The formats of `gclint why`: a text for the terminal (the causes most
//! likely first, in full while the evidence points at them, in one line
//! each when only possible, and what the evidence ruled out) and JSON
//! (docs/json-output.md).

use crate::analysis::why::{Cause, Verdict, Why};
use crate::db::Database;

/// The version of `gclint why --format json`.
pub const VERSION: u32 = 1;

pub fn json(why: &Why, db: &Database) -> String {
    super::json::render(VERSION, why, db)
}

pub fn human(why: &Why) -> String {
    let mut out = String::new();
    match &why.operation {
        Some(op) => {
            out.push_str(&format!("why {} {}", op.method, op.path));
            if let Some(id) = &op.operation_id {
                out.push_str(&format!(" ({id})"));
            }
            out.push_str(" may be refused\n");
            if let Some(s) = &why.summary {
                out.push_str(&format!("  {s}\n"));
            }
        }
        None => out.push_str(&format!("why `{}` may be refused\n", why.request)),
    }
    if let Some(h) = &why.host {
        out.push_str(&format!(
            "  host: {} ({})\n",
            h.host,
            match (&h.environment, &h.region) {
                (Some(e), Some(r)) => format!("{e}, {r}"),
                _ => "not a Genesys Cloud environment".into(),
            }
        ));
    }
    if let Some(org) = &why.org_environment {
        out.push_str(&format!(
            "  org: {} ({}), from {}\n",
            org.domain, org.region, org.from
        ));
    }
    if let Some(e) = &why.error {
        let mut head: Vec<String> = Vec::new();
        if let Some(s) = e.status {
            head.push(s.to_string());
        }
        if let Some(c) = &e.code {
            head.push(format!("`{c}`"));
        }
        out.push_str(&format!(
            "  error: {}{}\n",
            if head.is_empty() {
                "no status or code".to_string()
            } else {
                head.join(" ")
            },
            e.message
                .as_deref()
                .map(|m| format!(" \"{m}\""))
                .unwrap_or_default()
        ));
        if e.token_endpoint {
            out.push_str(
                "    this is the OAuth token endpoint's answer: the login failed, not this request\n",
            );
        } else if e.code.is_some() && e.points_to.is_empty() {
            out.push_str("    gclint does not map this code to a cause\n");
        }
    }
    if let Some(app) = &why.app {
        for w in &app.warnings {
            out.push_str(&format!("  warning: {}: {}\n", w.location, w.message));
        }
        if app.calls.is_empty() {
            out.push_str("  call sites: none in the files read\n");
        } else {
            out.push_str(&format!("  call sites ({}):\n", app.calls.len()));
            for c in &app.calls {
                let under: Vec<String> = c
                    .clients
                    .iter()
                    .map(|n| format!("client `{n}` ({})", c.link))
                    .chain(
                        c.undeclared
                            .iter()
                            .map(|u| format!("the undeclared {} ({})", u.name, u.via)),
                    )
                    .collect();
                out.push_str(&format!(
                    "    {} {} — {}\n",
                    c.location,
                    c.written,
                    if under.is_empty() {
                        "no client found".to_string()
                    } else {
                        format!("runs under {}", under.join(", "))
                    }
                ));
            }
        }
        for c in &app.clients {
            let mut facts = vec![c
                .grant_type
                .clone()
                .unwrap_or_else(|| "no grant type".into())];
            if let Some(s) = &c.scopes {
                facts.push(format!(
                    "scopes {}",
                    if s.is_empty() {
                        "none".to_string()
                    } else {
                        s.join(" ")
                    }
                ));
            }
            if !c.roles.is_empty() {
                let roles: Vec<String> = c
                    .roles
                    .iter()
                    .map(|r| match &r.division {
                        Some(d) => format!("{} in {d}", r.name),
                        None => r.name.clone(),
                    })
                    .collect();
                facts.push(format!("roles {}", roles.join(", ")));
            }
            if c.declared {
                out.push_str(&format!(
                    "  client `{}` ({}): {} — {}\n",
                    c.name,
                    c.location,
                    facts.join("; "),
                    c.considered
                ));
            } else {
                out.push_str(&format!(
                    "  undeclared {} (logs in at {}) — {}\n",
                    c.name, c.location, c.considered
                ));
            }
        }
        for f in &app.findings {
            out.push_str(&format!(
                "  gclint check: {} {}: {}\n",
                f.location, f.rule, f.message
            ));
        }
    }
    out.push('\n');
    let (ruled_out, open): (Vec<&Cause>, Vec<&Cause>) = why
        .causes
        .iter()
        .partition(|c| c.verdict == Verdict::RuledOut);
    for (i, c) in open.iter().enumerate() {
        out.push_str(&format!(
            "{}. [{}] {}: {}\n",
            i + 1,
            c.verdict.as_str(),
            c.id.as_str(),
            c.title
        ));
        if let Some(q) = &c.quote {
            out.push_str(&format!("   the error: \"{q}\"\n"));
        }
        let full = c.verdict != Verdict::Possible || !c.evidence.is_empty();
        if !c.answers.is_empty() {
            let answers: Vec<String> = c
                .answers
                .iter()
                .map(|a| format!("{} `{}`", a.status, a.code))
                .collect();
            out.push_str(&format!("   Genesys answers: {}\n", answers.join(", ")));
        }
        if full {
            for f in &c.facts {
                out.push_str(&format!("   fact: {f}\n"));
            }
        }
        for e in &c.evidence {
            out.push_str(&format!("   seen: {e}\n"));
        }
        for k in &c.check {
            out.push_str(&format!("   check: {k}\n"));
        }
        if full {
            if let Some(f) = &c.fix {
                out.push_str(&format!("   fix: {f}\n"));
            }
        }
    }
    if !ruled_out.is_empty() {
        out.push_str("\nruled out:\n");
        for c in ruled_out {
            out.push_str(&format!("  {}: {}\n", c.id.as_str(), c.title));
            for e in &c.evidence {
                out.push_str(&format!("    seen: {e}\n"));
            }
        }
    }
    let s = &why.source;
    out.push_str(&format!(
        "\nsource: {} (imported {}){}{}\n",
        s.database,
        s.imported,
        if s.sdk_releases.is_empty() {
            String::new()
        } else {
            format!("; SDK releases {}", s.sdk_releases.join(", "))
        },
        s.lifecycle
            .as_deref()
            .map(|l| format!("; {l}"))
            .unwrap_or_default()
    ));
    out
}
