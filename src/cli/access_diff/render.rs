//! The formats of `gclint access-diff`: a terminal report, JSON
//! (docs/json-output.md), Markdown for a pull request, SARIF.

use super::{Side, VERSION};
use crate::access::{CallAt, ClientAccess, ClientDiff, Diff, Granted, Needed, RoleDiff, Status};
use crate::check::Outcome;
use crate::db::Database;
use crate::diagnostic::Diagnostic;
use crate::report::json::{DatabaseInfo, Tool};
use serde::Serialize;
use std::path::Path;

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
    let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
    for c in calls {
        let place = c.place.to_string();
        match groups.iter_mut().find(|(n, _)| *n == c.name) {
            Some((_, places)) => places.push(place),
            None => groups.push((&c.name, vec![place])),
        }
    }
    groups
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

pub fn human(diff: &Diff<'_>, base: &Side, head: &Side) -> String {
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

/// Text for a Markdown table cell or list item: backquoted, pipes escaped.
fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', "'").replace('|', "\\|"))
}

fn md_side(side: &Side) -> String {
    match (&side.revision, &side.commit) {
        (Some(r), Some(c)) => format!("{} ({})", code(r), code(super::short(c))),
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
pub fn markdown(diff: &Diff<'_>, base: &Side, head: &Side) -> String {
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
    let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
    for c in calls {
        let place = code(&c.place.to_string());
        match groups.iter_mut().find(|(n, _)| *n == c.name) {
            Some((_, places)) => places.push(place),
            None => groups.push((&c.name, vec![place])),
        }
    }
    groups
        .iter()
        .map(|(name, places)| format!("{} at {}", code(name), places.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    tool: Tool,
    database: DatabaseInfo<'a>,
    base: SideOut<'a>,
    head: SideOut<'a>,
    /// Something is granted or needed in HEAD that was not in BASE.
    new_access: bool,
    added: usize,
    removed: usize,
    clients: Vec<ClientOut<'a>>,
    roles: Vec<RoleOut<'a>>,
}

#[derive(Serialize)]
struct SideOut<'a> {
    /// As given; `null`: the working tree.
    revision: Option<&'a str>,
    commit: Option<&'a str>,
}

#[derive(Serialize)]
struct Change<T> {
    added: Vec<T>,
    removed: Vec<T>,
}

#[derive(Serialize)]
struct PlaceOut<'a> {
    file: &'a str,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct DeclaredOut<'a> {
    name: &'a str,
    #[serde(flatten)]
    place: PlaceOut<'a>,
}

#[derive(Serialize)]
struct GrantedOut<'a> {
    name: &'a str,
    roles: &'a [String],
}

#[derive(Serialize)]
struct CallOut<'a> {
    operation: &'a str,
    name: &'a str,
    #[serde(flatten)]
    place: PlaceOut<'a>,
}

#[derive(Serialize)]
struct NeededOut<'a> {
    name: &'a str,
    inferred: bool,
    calls: Vec<CallOut<'a>>,
}

#[derive(Serialize)]
struct Granting<'a> {
    scopes: Change<DeclaredOut<'a>>,
    roles: Change<DeclaredOut<'a>>,
    permissions: Change<GrantedOut<'a>>,
}

#[derive(Serialize)]
struct Needing<'a> {
    scopes: Change<NeededOut<'a>>,
    permissions: Change<NeededOut<'a>>,
}

#[derive(Serialize)]
struct ClientOut<'a> {
    name: &'a str,
    declared: bool,
    /// `added`, `removed` or `changed`.
    status: &'static str,
    grant_type: Option<&'a str>,
    /// Present when BASE's grant type differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    grant_type_before: Option<Option<&'a str>>,
    #[serde(flatten)]
    place: PlaceOut<'a>,
    granted: Granting<'a>,
    needed: Needing<'a>,
}

#[derive(Serialize)]
struct RoleOut<'a> {
    name: &'a str,
    status: &'static str,
    #[serde(flatten)]
    place: PlaceOut<'a>,
    permissions: Change<DeclaredOut<'a>>,
}

fn place(p: &crate::access::Place) -> PlaceOut<'_> {
    PlaceOut {
        file: &p.file,
        line: p.line,
        column: p.column,
    }
}

fn change<'a, T: 'a, O>(c: &crate::access::Changes<'a, T>, f: impl Fn(&'a T) -> O) -> Change<O> {
    Change {
        added: c.added.iter().map(|&x| f(x)).collect(),
        removed: c.removed.iter().map(|&x| f(x)).collect(),
    }
}

fn declared_out(d: &crate::access::Declared) -> DeclaredOut<'_> {
    DeclaredOut {
        name: &d.name,
        place: place(&d.place),
    }
}

fn needed_out(n: &Needed) -> NeededOut<'_> {
    NeededOut {
        name: &n.name,
        inferred: n.inferred,
        calls: n
            .calls
            .iter()
            .map(|c| CallOut {
                operation: &c.operation,
                name: &c.name,
                place: place(&c.place),
            })
            .collect(),
    }
}

fn side_out(side: &Side) -> SideOut<'_> {
    SideOut {
        revision: side.revision.as_deref(),
        commit: side.commit.as_deref(),
    }
}

pub fn json(diff: &Diff<'_>, base: &Side, head: &Side, db: &Database) -> String {
    let report = Report {
        version: VERSION,
        tool: Tool::gclint(),
        database: DatabaseInfo::of(db),
        base: side_out(base),
        head: side_out(head),
        new_access: diff.grows(),
        added: diff.added(),
        removed: diff.removed(),
        clients: diff
            .clients
            .iter()
            .map(|c| ClientOut {
                name: &c.client.name,
                declared: c.client.declared,
                status: c.status.as_str(),
                grant_type: c.client.grant_type.as_deref(),
                grant_type_before: c.grant_type_before,
                place: place(&c.client.place),
                granted: Granting {
                    scopes: change(&c.scopes, declared_out),
                    roles: change(&c.roles, declared_out),
                    permissions: change(&c.permissions, |g| GrantedOut {
                        name: &g.permission,
                        roles: &g.roles,
                    }),
                },
                needed: Needing {
                    scopes: change(&c.needed_scopes, needed_out),
                    permissions: change(&c.needed_permissions, needed_out),
                },
            })
            .collect(),
        roles: diff
            .roles
            .iter()
            .map(|r| RoleOut {
                name: &r.role.name,
                status: r.status.as_str(),
                place: place(&r.role.place),
                permissions: change(&r.permissions, declared_out),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

/// The `new-access` findings over HEAD's sources; `%SRCROOT%` is the
/// repository root.
pub fn sarif(findings: Vec<Diagnostic>, mut head: Outcome, repo_root: &Path) -> String {
    head.diagnostics = findings;
    crate::check::sort(&mut head.diagnostics, &head.sources);
    // Skipped files are `check`'s business (and a revision's are in a
    // temporary folder).
    head.stats.skipped.clear();
    crate::report::sarif::render_run(&head, repo_root, "gclint/access-diff/")
}
