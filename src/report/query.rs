//! The texts of `gclint endpoint` and `gclint scope`: what an operation
//! needs (scopes, permissions, SDK names, auth, status, replacement) and
//! what a scope grants. The command line prints them; the language server
//! shows them on hover.

use crate::db::{
    Asked, AskedRequest, Database, PathLookup, PermissionMatch, Replacement, SecurityScheme,
};
use crate::diagnostic::code_alternatives;
use crate::rules::ScopeNeed;

fn describe_operation(db: &Database, id: usize) -> String {
    let op = db.op(id);
    let mut out = op.display();
    if let Some(name) = &op.sdk_method {
        out.push_str(&format!("  ({name})"));
    }
    out.push('\n');
    let mut row = |k: &str, v: String| out.push_str(&format!("  {k:<13}{v}\n"));
    if let Some(s) = &db.details(id).summary {
        row("summary", s.to_string());
    }
    row(
        "scopes",
        match ScopeNeed::of(op) {
            ScopeNeed::NoScope => "none (no OAuth scope applies)".into(),
            ScopeNeed::Known(s) if s.len() == 1 => format!("`{}`", s[0]),
            ScopeNeed::Known(s) => format!("any one of {}", code_alternatives(s)),
            ScopeNeed::Inferred(s) => format!(
                "unknown: the swagger lists none; inferred guess {} (not a fact)",
                code_alternatives(s)
            ),
            ScopeNeed::Unknown => "unknown (the swagger copy does not list them)".into(),
        },
    );
    row(
        "permissions",
        match &op.permissions {
            None => "unknown".into(),
            Some(p) if p.list.is_empty() => "none required".into(),
            Some(p) => match p.kind {
                Some(PermissionMatch::Any) if p.list.len() > 1 => {
                    format!("any one of {}", code_alternatives(&p.list))
                }
                _ if p.list.len() == 1 => format!("`{}`", p.list[0]),
                _ => format!("all of {}", crate::diagnostic::code_list(&p.list)),
            },
        },
    );
    row(
        "auth",
        match op.security_scheme {
            SecurityScheme::OAuth => "OAuth bearer token (PureCloud OAuth)".into(),
            SecurityScheme::GuestChat => {
                "Guest Chat JWT from the guest session (not an OAuth client token)".into()
            }
            SecurityScheme::WebMessaging => {
                "Web Messaging JWT from the messenger session (not an OAuth client token)".into()
            }
            SecurityScheme::NoAuth => "none (no token needed)".into(),
            SecurityScheme::Unknown => "unknown (no source states the security scheme)".into(),
        },
    );
    if let Some(names) = op.sdk_names() {
        row(
            "SDK",
            format!(
                "JS/Java {} · Python {} · .NET/Go {}",
                names.js,
                names.python.unwrap_or("?"),
                names.pascal
            ),
        );
    }
    if op.sdk_classes.is_empty() {
        row("API classes", "none in the current JavaScript SDK".into());
    } else {
        row("API classes", op.sdk_classes.join(", "));
    }
    for (sdk, label) in [("js", "JS SDK"), ("py", "Python SDK")] {
        if let Some(text) = releases_text(db, sdk, &op.method, &op.path) {
            row(label, text);
        }
    }
    let mut status = Vec::new();
    if op.deprecated {
        status.push(match &op.deprecation_note {
            Some(n) => format!("deprecated: \"{n}\""),
            None => "deprecated".into(),
        });
    }
    if op.preview {
        status.push("preview".into());
    }
    if status.is_empty() {
        status.push("current".into());
    }
    row("status", status.join("; "));
    if op.deprecated {
        match db.replacement(id) {
            Some(Replacement::Op(r)) => row("replacement", db.op(r).label()),
            Some(Replacement::Path(p)) => row("replacement", p),
            None => {}
        }
    }
    out
}

/// The releases of an SDK that have a method calling `method path`:
/// `getUsersMe (UsersApi) 12.0.0 – 262.0.0 (newest)`, one run after the
/// other; `None` without an SDK history.
fn releases_text(db: &Database, sdk: &str, method: &str, path: &str) -> Option<String> {
    let history = db.sdk_history();
    let releases = history.releases(sdk)?;
    let runs = history.runs_of_operation(sdk, method, path);
    if runs.is_empty() {
        return Some(format!(
            "none of the {} {} releases read has it",
            releases.versions.len(),
            releases.package
        ));
    }
    let shown: Vec<String> = runs
        .iter()
        .map(|r| {
            format!(
                "{} ({}) {} – {}{}",
                r.name,
                r.class,
                r.first,
                r.last,
                if r.current { " (newest)" } else { "" }
            )
        })
        .collect();
    Some(shown.join(", "))
}

/// An SDK method no current operation has, from the SDK history: which
/// releases had it and what it called.
fn removed_method_text(db: &Database, name: &str) -> Option<String> {
    let history = db.sdk_history();
    let mut text = String::new();
    for (sdk, label) in [("js", "JavaScript"), ("py", "Python")] {
        for r in history.runs_of_spelling(sdk, name) {
            text.push_str(&format!("  {label} SDK: {}\n", r.describe()));
        }
    }
    (!text.is_empty()).then(|| {
        format!("`{name}` is not a method of the current SDKs; it was in older releases:\n{text}")
    })
}

/// The longest query looked up, in bytes: more than any path template or
/// SDK method name, with ids filled in and a query string. A longer one
/// (a minified bundle's token under the editor's cursor) is answered at
/// once, instead of costing time and memory that grow with its length.
pub const MAX_QUERY: usize = 1024;

/// The answer to a query longer than [`MAX_QUERY`].
fn too_long(query: &str, what: &str) -> String {
    format!(
        "the query is {} bytes long: no {what} is longer than {MAX_QUERY} bytes\n",
        query.len()
    )
}

/// What `gclint endpoint QUERY` prints, and whether the query named an
/// operation (the exit code is 1 when it did not).
pub fn endpoint_text(db: &Database, query: &str) -> (String, bool) {
    let query = query.trim();
    if query.len() > MAX_QUERY {
        return (
            too_long(query, "Platform API path or SDK method name"),
            false,
        );
    }
    let asked = AskedRequest::read(query);
    let method = asked.method;
    let path = match &asked.target {
        Asked::Path(p) | Asked::Name(p) => p.as_str(),
    };
    if path.contains("/api/v2") {
        let ids = match db.lookup_path(method.as_deref(), path) {
            PathLookup::Found(id) => vec![id],
            PathLookup::PathOnly(ids) => ids,
            PathLookup::MethodNotAllowed(ids) => {
                let text: Vec<String> = ids.iter().map(|&id| describe_operation(db, id)).collect();
                let text = format!(
                    "`{}` has no {} operation; it has:\n\n{}",
                    db.op(ids[0]).path,
                    method.unwrap_or_default(),
                    text.join("\n")
                );
                return (text, false);
            }
            PathLookup::NotFound | PathLookup::NotApiPath | PathLookup::Prefix => {
                let similar = db.similar_paths(path, 5);
                let mut text = format!("`{query}` is not a Genesys Cloud Platform API operation\n");
                if !similar.is_empty() {
                    text.push_str(&format!("closest paths: {}\n", similar.join(", ")));
                }
                return (text, false);
            }
        };
        let text: Vec<String> = ids.iter().map(|&id| describe_operation(db, id)).collect();
        return (text.join("\n"), true);
    }
    match db.op_by_sdk_name(path) {
        Some(id) => (describe_operation(db, id), true),
        None => {
            if let Some(text) = removed_method_text(db, path) {
                return (text, false);
            }
            let similar = db.similar_sdk_methods(path, 5);
            let mut text = format!("`{path}` is neither an API path nor an SDK method name\n");
            if !similar.is_empty() {
                text.push_str(&format!("closest SDK methods: {}\n", similar.join(", ")));
            }
            (text, false)
        }
    }
}

/// What `gclint scope NAME` prints, and whether NAME is a scope (the exit
/// code is 1 when it is not).
pub fn scope_text(db: &Database, name: &str) -> (String, bool) {
    if name.len() > MAX_QUERY {
        return (too_long(name, "OAuth scope"), false);
    }
    if !db.is_scope(name) {
        let similar = db.similar_scopes(name, 5);
        let mut text = format!("`{name}` is not a Genesys Cloud OAuth scope\n");
        if !similar.is_empty() {
            text.push_str(&format!("closest scopes: {}\n", similar.join(", ")));
        }
        return (text, false);
    }
    let ids: Vec<usize> = db.ops_with_scope(name).collect();
    let mut by_tag: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for &id in &ids {
        let tag = db
            .details(id)
            .tags
            .first()
            .map_or("(untagged)".to_string(), |t| t.to_string());
        *by_tag.entry(tag).or_default() += 1;
    }
    let mut text = format!(
        "`{name}` is accepted by {} operation(s)\n\nby tag:\n",
        ids.len()
    );
    for (tag, n) in &by_tag {
        text.push_str(&format!("  {tag:<32}{n}\n"));
    }
    text.push_str("\nexamples:\n");
    for &id in ids.iter().take(12) {
        text.push_str(&format!("  {}\n", db.op(id).label()));
    }
    if let Some(write) = name.strip_suffix(":readonly") {
        text.push_str(&format!(
            "\n`{write}` allows every operation above as well as the writes.\n"
        ));
    }
    (text, true)
}
