//! The formats of `gclint access-diff`: a terminal report, JSON
//! (docs/json-output.md), Markdown for a pull-request comment or job
//! summary, SARIF (rule `new-access`).

use super::text::{code, grouped};
use crate::access::{CallAt, ClientAccess, ClientDiff, Diff, Granted, Needed, RoleDiff, Status};
use crate::analysis::access_diff::{short, AccessDiff, Side};
use crate::db::Database;

/// The version of `gclint access-diff --format json`.
pub const VERSION: u32 = 1;

pub fn json(diff: &AccessDiff, db: &Database) -> String {
    super::json::render(VERSION, diff, db)
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
        (true, Some(g)) => format!("client `{}` ({g}) in {}", c.name, c.place.file),
        (true, None) => format!("client `{}` in {}", c.name, c.place.file),
        (false, _) => format!("undeclared {} (logs in at {})", c.name, c.place),
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
    grouped(calls.iter().map(|c| (c.name.as_str(), c.place.to_string())))
        .iter()
        .map(|(name, places)| format!("{name} ({})", places.join(", ")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One changed item of a client.
struct Row<'a> {
    heading: &'static str,
    /// `+` added, `-` removed.
    sign: char,
    name: &'a str,
    /// `inferred`, ``role `R` ``.
    note: Option<String>,
    /// For needed items: the calls that need it.
    calls: &'a [CallAt],
}

impl Row<'_> {
    fn label(&self) -> String {
        match &self.note {
            Some(n) => format!("{} ({n})", self.name),
            None => self.name.to_string(),
        }
    }
}

fn roles_note(g: &Granted) -> String {
    let roles: Vec<String> = g.roles.iter().map(|r| format!("`{r}`")).collect();
    format!(
        "role{} {}",
        if roles.len() == 1 { "" } else { "s" },
        roles.join(", ")
    )
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
            note: None,
            calls: &[],
        })
    };
    let needed = |heading, list: Vec<(char, &'a Needed)>| {
        list.into_iter().map(move |(sign, n)| Row {
            heading,
            sign,
            name: &n.name,
            note: n.inferred.then(|| "inferred".to_string()),
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
            note: Some(roles_note(g)),
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
    let mut out = format!("access from {} to {}\n", base.label(), head.label());
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
                before.unwrap_or("none"),
                c.client.grant_type.as_deref().unwrap_or("none")
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
            r.role.name,
            r.role.place.file
        ));
        let rows = role_rows(r);
        if !rows.is_empty() {
            out.push_str("  permissions\n");
        }
        for (sign, name) in rows {
            out.push_str(&format!("    {sign} {name}\n"));
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
        (true, Some(g)) => format!("client {} ({g}) in {}", code(&c.name), code(&c.place.file)),
        (true, None) => format!("client {} in {}", code(&c.name), code(&c.place.file)),
        (false, _) => format!(
            "undeclared {} (logs in at {})",
            c.name,
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
                    .map(|r| match &r.note {
                        Some(note) => format!("{} ({})", code(r.name), note.replace('|', "\\|")),
                        None => code(r.name),
                    })
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
