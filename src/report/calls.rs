//! The formats of `gclint calls`: a table for the terminal, JSON
//! (docs/json-output.md), CSV, and a Markdown table for pull requests.

use super::escape;
use super::text::cell;
use crate::analysis::calls::{Call, Calls, Operation};
use crate::db::Database;

/// The version of `gclint calls --format json`.
pub const VERSION: u32 = 1;

pub fn json(calls: &Calls, db: &Database) -> String {
    super::json::render(VERSION, calls, db)
}

/// What an operation needs, said for whose roles: the scopes (user
/// grants; a client-credentials token ignores them) and the permissions
/// of the signed-in user or of the client.
fn needs(op: &Operation, permissions_of: Option<&str>) -> String {
    let scopes = match &op.scopes {
        Some(s) if s.is_empty() => "no scope".to_string(),
        Some(s) if op.scopes_inferred => format!("{} (inferred)", s.join(" or ")),
        Some(s) => s.join(" or "),
        None => "scopes unknown".to_string(),
    };
    let perms = match &op.permissions {
        Some(p) if p.list.is_empty() => "no permission".to_string(),
        Some(p) => p.list.join(if p.kind == "all" { " and " } else { " or " }),
        None => "permissions unknown".to_string(),
    };
    let mut status = String::new();
    if op.deprecated {
        status.push_str("; deprecated");
    }
    if op.preview {
        status.push_str("; preview");
    }
    match permissions_of {
        Some("users") => format!("scope {scopes}; user permission {perms}{status}"),
        Some("client") => format!("client permission {perms}{status}"),
        _ => format!("{scopes}; {perms}{status}"),
    }
}

/// How a table format shows text: `name` for the names of the checked
/// tree (files, clients, what the code names), `phrase` for gclint's words
/// around one (`CODE login in web/`: an undeclared login), `text` for
/// gclint's own words and the database's.
struct Medium {
    name: fn(&str) -> String,
    phrase: fn(&str) -> String,
    text: fn(&str) -> String,
}

/// A terminal or a log: the tree's strings with their control characters
/// shown, not sent.
const TERMINAL: Medium = Medium {
    name: |s| escape::terminal(s).into_owned(),
    phrase: |s| escape::terminal(s).into_owned(),
    text: str::to_string,
};

/// A Markdown table: names as code spans, phrases with every punctuation
/// character escaped, pipes escaped in the rest.
const MARKDOWN: Medium = Medium {
    name: escape::markdown_code,
    phrase: escape::markdown_text,
    text: cell,
};

/// One row's columns, shared by the table formats.
fn columns(c: &Call, m: &Medium) -> [String; 6] {
    let operation = match (&c.operation, c.candidates.as_slice()) {
        (Some(op), _) => (m.text)(&format!("{} {}", op.method, op.path)),
        (None, []) => format!("? {}", (m.name)(&c.written)),
        (None, ops) => (m.text)(&format!(
            "{} {} ({})",
            ops.iter()
                .map(|o| o.method.as_str())
                .collect::<Vec<_>>()
                .join("|"),
            ops[0].path,
            c.resolution
        )),
    };
    let name = c
        .operation
        .as_ref()
        .and_then(|o| o.operation_id.as_deref())
        .map_or(String::new(), m.name);
    let needs = match (&c.operation, c.resolution) {
        (Some(op), _) => (m.text)(&needs(op, c.permissions_of)),
        // The method is not seen: what each operation of the path needs.
        (None, "method-unknown") => (m.text)(&format!(
            "method not seen: {}",
            c.candidates
                .iter()
                .map(|op| format!("{} {}", op.method, needs(op, c.permissions_of)))
                .collect::<Vec<_>>()
                .join(" | ")
        )),
        (None, _) => String::new(),
    };
    let list = |names: &mut dyn Iterator<Item = String>| names.collect::<Vec<_>>().join(", ");
    let clients = match (c.clients.as_slice(), c.undeclared.as_slice()) {
        ([], []) if c.test_code => "(test code)".to_string(),
        ([], []) => format!("({})", c.link),
        ([], flows) => format!(
            "{} [undeclared] ({})",
            list(&mut flows.iter().map(|f| (m.phrase)(&f.name))),
            flows[0].via
        ),
        (clients, _) => format!(
            "{} ({})",
            list(&mut clients.iter().map(|n| (m.name)(n))),
            c.link
        ),
    };
    [
        (m.name)(&c.location.to_string()),
        operation,
        name,
        c.found_by.to_string(),
        clients,
        needs,
    ]
}

const HEADERS: [&str; 6] = [
    "call site",
    "operation",
    "name",
    "found by",
    "runs under",
    "needs",
];

pub fn human(calls: &Calls) -> String {
    let rows = &calls.calls;
    if rows.is_empty() {
        return "no Platform API calls found\n".into();
    }
    let table: Vec<[String; 6]> = rows.iter().map(|c| columns(c, &TERMINAL)).collect();
    let widths: Vec<usize> = (0..5)
        .map(|i| {
            table
                .iter()
                .map(|r| r[i].chars().count())
                .chain([HEADERS[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    let line = |cells: [&str; 6], out: &mut String| {
        for (i, cell) in cells.iter().enumerate() {
            if i < 5 {
                out.push_str(&format!("{cell:<w$}  ", w = widths[i]));
            } else {
                out.push_str(cell);
            }
        }
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
        out.push('\n');
    };
    line(HEADERS, &mut out);
    for r in &table {
        line(
            [&r[0], &r[1], &r[2], &r[3], &r[4], &r[5]].map(String::as_str),
            &mut out,
        );
    }
    let resolved = rows.iter().filter(|r| r.operation.is_some()).count();
    out.push_str(&format!(
        "{} call site(s), {resolved} resolved to one operation\n",
        rows.len()
    ));
    out
}

pub fn csv(calls: &Calls) -> String {
    let mut out = String::from("file,line,column,method,path,operation_id,found_by,resolution,clients,link,undeclared,undeclared_via,scopes,permissions_match,permissions,deprecated,preview\n");
    for c in &calls.calls {
        let op = c.operation.as_ref();
        let fields = [
            c.location.file.clone(),
            c.location.start.line.to_string(),
            c.location.start.column.to_string(),
            op.map_or(String::new(), |o| o.method.clone()),
            op.map_or(c.written.clone(), |o| o.path.clone()),
            op.and_then(|o| o.operation_id.clone()).unwrap_or_default(),
            c.found_by.to_string(),
            c.resolution.to_string(),
            c.clients.join(" "),
            c.link.to_string(),
            c.undeclared
                .iter()
                .map(|f| f.name.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            c.undeclared.first().map_or("", |f| f.via).to_string(),
            op.and_then(|o| o.scopes.as_ref())
                .map_or(String::new(), |s| s.join(" ")),
            // No permission required: nothing to match.
            op.and_then(|o| o.permissions.as_ref())
                .filter(|p| !p.list.is_empty())
                .map_or(String::new(), |p| p.kind.to_string()),
            op.and_then(|o| o.permissions.as_ref())
                .map_or(String::new(), |p| p.list.join(" ")),
            op.is_some_and(|o| o.deprecated).to_string(),
            op.is_some_and(|o| o.preview).to_string(),
        ];
        // Control characters shown, not sent (the file may be printed to a
        // log), then quoted and kept from being a formula.
        let line: Vec<String> = fields
            .iter()
            .map(|f| escape::csv(&escape::terminal(f)).into_owned())
            .collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

pub fn markdown(calls: &Calls) -> String {
    let mut out = format!(
        "| {} |\n|{}\n",
        HEADERS.join(" | "),
        " --- |".repeat(HEADERS.len())
    );
    for r in calls.calls.iter().map(|c| columns(c, &MARKDOWN)) {
        out.push_str(&format!("| {} |\n", r.join(" | ")));
    }
    out
}
