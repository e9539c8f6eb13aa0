//! The formats of `gclint access-diff`: a terminal report, JSON
//! (docs/json-output.md), Markdown for a pull-request comment or job
//! summary, SARIF (rule `new-access`).
//!
//! The strings of both revisions (client, role, scope, permission and file
//! names) go through [`escape::terminal`] (`t`) in the terminal report and
//! [`escape::markdown_code`] (`code`) or [`escape::markdown_text`] in the
//! Markdown, which is posted as a pull request's comment: no HTML, link or
//! table cell of a name's making.

use super::escape::{self, markdown_code as code};
use super::text::grouped;
use crate::access::{CallAt, ClientAccess, ClientDiff, Diff, Needed, RoleDiff, Status};
use crate::analysis::access_diff::{short, AccessDiff, Side, Skipped};
use crate::db::Database;
use std::borrow::Cow;

/// A string of a revision for the terminal.
fn t(text: &str) -> Cow<'_, str> {
    escape::terminal(text)
}

/// The version of `gclint access-diff --format json`.
pub const VERSION: u32 = 1;

pub fn json(diff: &AccessDiff, db: &Database) -> String {
    super::json::render(VERSION, diff, db)
}

/// `gclint: warning: main (1a2b3c4): skipped NAME: why`: a file of a
/// revision that could not be copied to be read, so that its access is
/// not counted.
pub fn skipped(revision: &str, s: &Skipped) -> String {
    let line = format!("{revision}: skipped {}: {}", s.file, s.why);
    format!("gclint: warning: {}\n", t(&line))
}

/// The `new-access` findings over HEAD's sources; `%SRCROOT%` is the
/// repository root.
pub fn sarif(diff: &AccessDiff) -> String {
    super::sarif::render_run(&diff.new_access, &diff.repo_root, "gclint/access-diff/")
}

/// `client \`web\` (CODE) in appfoundry.yaml`, `undeclared CODE login in
/// web/ (logs in at web/app.js:3:1)`.
fn client_title(c: &ClientAccess) -> String {
    match (c.declared, &c.grant_type) {
        (true, Some(g)) => format!("client `{}` ({}) in {}", t(&c.name), t(g), t(&c.place.file)),
        (true, None) => format!("client `{}` in {}", t(&c.name), t(&c.place.file)),
        (false, _) => format!(
            "undeclared {} (logs in at {})",
            t(&c.name),
            t(&c.place.to_string())
        ),
    }
}

/// Before a client's or role's title: `new `, `removed `.
fn status_word(status: Status) -> &'static str {
    match status {
        Status::Added => "new ",
        Status::Removed => "removed ",
        Status::Changed => "",
    }
}

/// `getUsersMe (js/app.js:27:31, js/app.js:40:9)`, one group per name in
/// the order first met.
fn calls_text(calls: &[CallAt]) -> String {
    grouped(
        calls
            .iter()
            .map(|c| (c.name.as_str(), t(&c.place.to_string()).into_owned())),
    )
    .iter()
    .map(|(name, places)| format!("{} ({})", t(name), places.join(", ")))
    .collect::<Vec<_>>()
    .join(", ")
}

/// One changed item of a client.
struct Row<'a> {
    heading: &'static str,
    /// `+` added, `-` removed.
    sign: char,
    name: &'a str,
    note: Note<'a>,
    /// For needed items: the calls that need it.
    calls: &'a [CallAt],
}

/// What a row says after its name, in parentheses.
enum Note<'a> {
    None,
    /// `inferred`
    Inferred,
    /// ``role `R` ``, ``roles `R`, `S` ``: the roles granting a permission.
    Roles(&'a [String]),
}

impl Note<'_> {
    /// ` (inferred)`, `` (role `R`)``, with role names as `name` shows them
    /// (between backquotes for the terminal, as code spans in Markdown).
    fn text(&self, name: impl Fn(&str) -> String) -> String {
        match self {
            Note::None => String::new(),
            Note::Inferred => " (inferred)".to_string(),
            Note::Roles(roles) => {
                let names: Vec<String> = roles.iter().map(|r| name(r)).collect();
                format!(
                    " (role{} {})",
                    if names.len() == 1 { "" } else { "s" },
                    names.join(", ")
                )
            }
        }
    }
}

impl Row<'_> {
    fn label(&self) -> String {
        let note = self.note.text(|r| format!("`{}`", t(r)));
        format!("{}{note}", t(self.name))
    }
}

/// The added items, then the removed ones, each with its sign.
fn signed<'a, T>(c: &crate::access::Changes<'a, T>) -> Vec<(char, &'a T)> {
    let added = c.added.iter().map(|&x| ('+', x));
    added.chain(c.removed.iter().map(|&x| ('-', x))).collect()
}

/// What changed for one client, grouped by heading.
fn client_rows<'a>(c: &'a ClientDiff<'_>) -> Vec<Row<'a>> {
    let mut rows = Vec::new();
    let declared = |heading, list: Vec<(char, &'a crate::access::Declared)>| {
        list.into_iter().map(move |(sign, d)| Row {
            heading,
            sign,
            name: &d.name,
            note: Note::None,
            calls: &[],
        })
    };
    let needed = |heading, list: Vec<(char, &'a Needed)>| {
        list.into_iter().map(move |(sign, n)| Row {
            heading,
            sign,
            name: &n.name,
            note: match n.inferred {
                true => Note::Inferred,
                false => Note::None,
            },
            calls: &n.calls,
        })
    };
    rows.extend(declared("granted scopes", signed(&c.scopes)));
    rows.extend(declared("roles", signed(&c.roles)));
    for (sign, g) in signed(&c.permissions) {
        rows.push(Row {
            heading: "granted permissions",
            sign,
            name: &g.permission,
            note: Note::Roles(&g.roles),
            calls: &[],
        });
    }
    rows.extend(needed(
        "scopes needed by the code",
        signed(&c.needed_scopes),
    ));
    rows.extend(needed(
        "permissions needed by the code",
        signed(&c.needed_permissions),
    ));
    rows
}

fn totals(diff: &Diff<'_>) -> String {
    let verdict = if diff.grows() {
        "access grows"
    } else {
        "access does not grow"
    };
    format!(
        "{verdict}: {} added, {} removed",
        diff.added(),
        diff.removed()
    )
}

pub fn human(result: &AccessDiff) -> String {
    let (diff, base, head) = (&result.diff(), &result.base, &result.head);
    let mut out = format!("access from {} to {}\n", t(&base.label()), t(&head.label()));
    if diff.is_empty() {
        out.push_str("no change in the access granted or needed\n");
        return out;
    }
    for c in &diff.clients {
        out.push('\n');
        out.push_str(&format!(
            "{}{}\n",
            status_word(c.status),
            client_title(c.client)
        ));
        if let Some(before) = c.grant_type_before {
            out.push_str(&format!(
                "  grant type: {} -> {}\n",
                t(before.unwrap_or("none")),
                t(c.client.grant_type.as_deref().unwrap_or("none"))
            ));
        }
        let mut heading = "";
        for row in client_rows(c) {
            if row.heading != heading {
                out.push_str(&format!("  {}\n", row.heading));
                heading = row.heading;
            }
            let mut line = format!("    {} {}", row.sign, row.label());
            if !row.calls.is_empty() {
                line.push_str(&format!("  {}", calls_text(row.calls)));
            }
            out.push_str(&line);
            out.push('\n');
        }
    }
    for r in &diff.roles {
        out.push('\n');
        out.push_str(&format!(
            "{}role `{}` in {}\n",
            status_word(r.status),
            t(&r.role.name),
            t(&r.role.place.file)
        ));
        let rows = role_rows(r);
        if !rows.is_empty() {
            out.push_str("  permissions\n");
        }
        for (sign, name) in rows {
            out.push_str(&format!("    {sign} {}\n", t(name)));
        }
    }
    out.push('\n');
    out.push_str(&totals(diff));
    out.push('\n');
    out
}

fn role_rows<'a>(r: &'a RoleDiff<'_>) -> Vec<(char, &'a str)> {
    let added = r.permissions.added.iter().map(|d| ('+', d.name.as_str()));
    let removed = r.permissions.removed.iter().map(|d| ('-', d.name.as_str()));
    added.chain(removed).collect()
}

fn md_side(side: &Side) -> String {
    match (&side.revision, &side.commit) {
        (Some(r), Some(c)) => format!("{} ({})", code(r), code(short(c))),
        _ => "the working tree".to_string(),
    }
}

fn md_client_title(c: &ClientAccess) -> String {
    match (c.declared, &c.grant_type) {
        (true, Some(g)) => format!(
            "client {} ({}) in {}",
            code(&c.name),
            escape::markdown_text(g),
            code(&c.place.file)
        ),
        (true, None) => format!("client {} in {}", code(&c.name), code(&c.place.file)),
        // `CLIENT-CREDENTIALS login in reports/`: prose with a folder in it.
        (false, _) => format!(
            "undeclared {} (logs in at {})",
            escape::markdown_text(&c.name),
            code(&c.place.to_string())
        ),
    }
}

/// A short table per client and role (what was added and removed), with
/// the call sites behind each needed item in a collapsed section.
pub fn markdown(result: &AccessDiff) -> String {
    let (diff, base, head) = (&result.diff(), &result.base, &result.head);
    let mut out = String::from("### gclint access diff\n\n");
    let range = format!("{} → {}", md_side(base), md_side(head));
    if diff.is_empty() {
        out.push_str(&format!(
            "{range}: no change in the scopes and permissions granted or needed.\n"
        ));
        return out;
    }
    let verdict = if diff.grows() {
        "**access grows**"
    } else {
        "access does not grow"
    };
    out.push_str(&format!(
        "{range}: {verdict} ({} added, {} removed).\n",
        diff.added(),
        diff.removed()
    ));
    for c in &diff.clients {
        out.push_str(&format!(
            "\n#### {}{}\n\n",
            status_word(c.status),
            md_client_title(c.client)
        ));
        if let Some(before) = c.grant_type_before {
            out.push_str(&format!(
                "Grant type: {} → {}\n\n",
                code(before.unwrap_or("none")),
                code(c.client.grant_type.as_deref().unwrap_or("none"))
            ));
        }
        let rows = client_rows(c);
        if rows.is_empty() {
            continue;
        }
        out.push_str("| | added | removed |\n| --- | --- | --- |\n");
        let mut headings: Vec<&str> = Vec::new();
        for row in &rows {
            if !headings.contains(&row.heading) {
                headings.push(row.heading);
            }
        }
        for h in &headings {
            let cell = |want: char| {
                rows.iter()
                    .filter(|r| r.heading == *h && r.sign == want)
                    .map(|r| format!("{}{}", code(r.name), r.note.text(code)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            out.push_str(&format!("| {h} | {} | {} |\n", cell('+'), cell('-')));
        }
        let calls: Vec<String> = rows
            .iter()
            .filter(|r| !r.calls.is_empty())
            .map(|r| {
                let what = if r.sign == '+' {
                    "now needed"
                } else {
                    "no longer needed"
                };
                format!("- {} ({what}): {}", code(r.name), md_calls(r.calls))
            })
            .collect();
        if !calls.is_empty() {
            out.push_str("\n<details><summary>Call sites</summary>\n\n");
            for line in calls {
                out.push_str(&line);
                out.push('\n');
            }
            out.push_str("\n</details>\n");
        }
    }
    for r in &diff.roles {
        out.push_str(&format!(
            "\n#### {}role {} in {}\n\n",
            status_word(r.status),
            code(&r.role.name),
            code(&r.role.place.file)
        ));
        let rows = role_rows(r);
        if rows.is_empty() {
            out.push_str("No permissions.\n");
            continue;
        }
        let cell = |want: char| {
            rows.iter()
                .filter(|(sign, _)| *sign == want)
                .map(|(_, name)| code(name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str("| | added | removed |\n| --- | --- | --- |\n");
        out.push_str(&format!(
            "| permissions | {} | {} |\n",
            cell('+'),
            cell('-')
        ));
    }
    out
}

/// `` `getUsersMe` at `js/app.js:27:31`, `js/app.js:40:9` ``, one group per
/// name in the order first met.
fn md_calls(calls: &[CallAt]) -> String {
    grouped(
        calls
            .iter()
            .map(|c| (c.name.as_str(), code(&c.place.to_string()))),
    )
    .iter()
    .map(|(name, places)| format!("{} at {}", code(name), places.join(", ")))
    .collect::<Vec<_>>()
    .join("; ")
}
