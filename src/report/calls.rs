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
        // Not "never runs": the module is loaded (its top-level code runs,
        // and `check` reports what breaks there); its functions are not.
        ([], []) if c.link == "inactive" => "(module not provisioned)".to_string(),
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

/// The call sites as a table, one line per call; when `width` (a
/// terminal's columns) is given and the table is wider, as a block per
/// call: its site, operation and name on one line, then how it was found,
/// what it runs under and what it needs, indented.
pub fn human(calls: &Calls, width: Option<usize>) -> String {
    let rows = &calls.calls;
    if rows.is_empty() {
        return "no Platform API calls found\n".into();
    }
    let table: Vec<[String; 6]> = rows.iter().map(|c| columns(c, &TERMINAL)).collect();
    let resolved = rows.iter().filter(|r| r.operation.is_some()).count();
    let closing = format!(
        "{} call site(s), {resolved} resolved to one operation\n",
        rows.len()
    );
    let widest = table
        .iter()
        .map(|r| r.iter().map(|c| c.chars().count() + 2).sum::<usize>())
        .max()
        .unwrap_or(0);
    if width.is_some_and(|w| widest > w) {
        let mut out = String::new();
        for r in &table {
            let head: Vec<&str> = r[..3]
                .iter()
                .map(String::as_str)
                .filter(|c| !c.is_empty())
                .collect();
            out.push_str(&head.join("  "));
            out.push('\n');
            for (label, cell) in [("found by", &r[3]), ("runs under", &r[4]), ("needs", &r[5])] {
                if !cell.is_empty() {
                    out.push_str(&format!("    {label:<10}  {cell}\n"));
                }
            }
        }
        out.push_str(&closing);
        return out;
    }
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
    out.push_str(&closing);
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

#[cfg(test)]
mod tests {
    use crate::analysis::{calls, Options, Request};
    use crate::db::Database;

    fn callback_desk() -> calls::Calls {
        let db = Database::embedded();
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let request = Request {
            paths: vec![root.join("examples/callback-desk")],
            root: root.join("examples/callback-desk"),
            ..Request::default()
        };
        let opts = Options::read(db, request).expect("options");
        calls::run(db, &opts, &calls::Filter::default()).expect("calls")
    }

    /// A terminal narrower than the table gets a block per call.
    #[test]
    fn a_narrow_terminal_gets_a_block_per_call() {
        let calls = callback_desk();
        let table = super::human(&calls, None);
        assert!(table.lines().next().unwrap().starts_with("call site  "));
        assert!(table.lines().map(|l| l.chars().count()).max().unwrap() > 100);
        let blocks = super::human(&calls, Some(100));
        let lines: Vec<&str> = blocks.lines().collect();
        assert_eq!(
            lines[..4],
            [
                "lib/report.js:17:34  GET /api/v2/routing/queues/{queueId}  getRoutingQueue",
                "    found by    sdk-method",
                "    runs under  CLIENT-CREDENTIALS login [undeclared] (import)",
                "    needs       client permission routing:queue:view",
            ]
        );
        assert_eq!(lines.last(), table.lines().last().as_ref());
        // Wide enough: the table.
        assert_eq!(super::human(&calls, Some(1000)), table);
    }
}
