//! `lookup`: the database's facts as data, for a front door that answers
//! questions one at a time (the MCP server): an operation by route, id or
//! SDK name; a scope; a permission; operations found by words. A name the
//! API does not have is answered as not found, with the nearest real ones
//! — never with a guess. Every answer carries the database's provenance.

use super::calls::{self, Operation};
use super::Provenance;
use crate::db::format::EscalatingPermission;
use crate::db::{Asked, AskedRequest, Database, OpId, PathLookup, Replacement, SecurityScheme};
use serde::Serialize;

/// What is known of an operation.
#[derive(Debug, Clone, Serialize)]
pub struct OperationFacts {
    #[serde(flatten)]
    pub operation: Operation,
    pub summary: Option<String>,
    /// `OAuth`, `Guest Chat JWT`, `Webmessaging JWT`, `none`, `unknown`.
    pub auth: &'static str,
    pub sdk: Option<SdkNames>,
    /// API classes of the current JavaScript SDK that expose it.
    pub sdk_classes: Vec<String>,
    /// Releases of each SDK that have a method calling it.
    pub sdk_releases: Vec<String>,
    pub deprecation_note: Option<String>,
    pub replacement: Option<String>,
    /// The operation answers about the signed-in user: no
    /// client-credentials token can call it.
    pub needs_user: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SdkNames {
    /// JavaScript and Java.
    pub javascript: String,
    pub python: Option<String>,
    /// .NET and Go.
    pub dotnet: String,
}

/// The answer to an operation look-up.
#[derive(Debug, Clone, Serialize)]
pub struct OperationAnswer {
    pub query: String,
    pub found: bool,
    pub operations: Vec<OperationFacts>,
    /// Not found: the closest real paths or SDK methods.
    pub nearest: Vec<String>,
    /// Not found: the SDK releases that had a method of that name.
    pub former_sdk_methods: Vec<String>,
    /// Said when the path exists without the method asked.
    pub note: Option<String>,
    pub source: Provenance,
}

pub fn operation(db: &Database, query: &str) -> OperationAnswer {
    let asked = AskedRequest::read(query);
    let mut answer = OperationAnswer {
        query: query.trim().to_string(),
        found: false,
        operations: Vec::new(),
        nearest: Vec::new(),
        former_sdk_methods: Vec::new(),
        note: None,
        source: Provenance::of(db),
    };
    let ids: Vec<OpId> = match &asked.target {
        Asked::Path(path) => match db.lookup_path(asked.method.as_deref(), path) {
            PathLookup::Found(id) => vec![id],
            PathLookup::PathOnly(ids) => ids,
            PathLookup::MethodNotAllowed(ids) => {
                answer.note = Some(format!(
                    "the path has no {} operation; its operations are listed",
                    asked.method.as_deref().unwrap_or_default()
                ));
                answer.operations = ids.iter().map(|&id| facts(db, id)).collect();
                return answer;
            }
            _ => {
                answer.nearest = db.similar_paths(path, 5);
                return answer;
            }
        },
        Asked::Name(name) => match db.op_by_sdk_name(name) {
            Some(id) => vec![id],
            None => {
                let history = db.sdk_history();
                for (sdk, label) in [("js", "JavaScript"), ("py", "Python")] {
                    for r in history.runs_of_spelling(sdk, name) {
                        answer
                            .former_sdk_methods
                            .push(format!("{label} SDK {}", r.describe()));
                    }
                }
                answer.nearest = db.similar_sdk_methods(name, 5);
                return answer;
            }
        },
    };
    answer.found = true;
    answer.operations = ids.iter().map(|&id| facts(db, id)).collect();
    answer
}

fn facts(db: &Database, id: OpId) -> OperationFacts {
    let op = db.op(id);
    let history = db.sdk_history();
    let mut releases = Vec::new();
    for sdk in ["js", "py"] {
        let Some(package) = history.releases(sdk).map(|r| r.package.to_string()) else {
            continue;
        };
        for r in history.runs_of_operation(sdk, &op.method, &op.path) {
            releases.push(format!(
                "{package}: {} ({}) {} – {}{}",
                r.name,
                r.class,
                r.first,
                r.last,
                if r.current { " (newest)" } else { "" }
            ));
        }
    }
    OperationFacts {
        operation: calls::operation(db, id),
        summary: db.details(id).summary.as_deref().map(str::to_string),
        auth: match op.security_scheme {
            SecurityScheme::OAuth => "OAuth",
            SecurityScheme::GuestChat => "Guest Chat JWT",
            SecurityScheme::WebMessaging => "Webmessaging JWT",
            SecurityScheme::NoAuth => "none",
            SecurityScheme::Unknown => "unknown",
        },
        sdk: op.sdk_names().map(|n| SdkNames {
            javascript: n.js.to_string(),
            python: n.python.map(str::to_string),
            dotnet: n.pascal,
        }),
        sdk_classes: op.sdk_classes.iter().map(|c| c.to_string()).collect(),
        sdk_releases: releases,
        deprecation_note: op.deprecation_note.as_deref().map(str::to_string),
        replacement: match db.replacement(id) {
            Some(Replacement::Op(r)) => Some(db.op(r).label()),
            Some(Replacement::Path(p)) => Some(p),
            None => None,
        },
        needs_user: op.about_signed_in_user(),
    }
}

/// What a scope grants.
#[derive(Debug, Clone, Serialize)]
pub struct ScopeAnswer {
    pub name: String,
    pub found: bool,
    /// How many operations accept it.
    pub operations: usize,
    /// Per swagger tag, how many.
    pub by_tag: Vec<(String, usize)>,
    /// Up to `limit` of them.
    pub examples: Vec<String>,
    /// `x:readonly`: its write scope, which allows the same and more.
    pub write_scope: Option<String>,
    /// Not found: the closest real scopes.
    pub nearest: Vec<String>,
    pub source: Provenance,
}

pub fn scope(db: &Database, name: &str, limit: usize) -> ScopeAnswer {
    let name = name.trim();
    let found = db.is_scope(name);
    let ids: Vec<OpId> = if found {
        db.ops_with_scope(name).collect()
    } else {
        Vec::new()
    };
    let mut by_tag: std::collections::BTreeMap<String, usize> = Default::default();
    for &id in &ids {
        let tag = db
            .details(id)
            .tags
            .first()
            .map_or("(untagged)", |t| t.as_ref());
        *by_tag.entry(tag.to_string()).or_default() += 1;
    }
    ScopeAnswer {
        name: name.to_string(),
        found,
        operations: ids.len(),
        by_tag: by_tag.into_iter().collect(),
        examples: ids
            .iter()
            .take(limit)
            .map(|&id| db.op(id).label())
            .collect(),
        write_scope: name
            .strip_suffix(":readonly")
            .filter(|w| found && db.is_scope(w))
            .map(str::to_string),
        nearest: if found {
            Vec::new()
        } else {
            db.similar_scopes(name, 5)
                .into_iter()
                .map(str::to_string)
                .collect()
        },
        source: Provenance::of(db),
    }
}

/// Which operations a permission opens.
#[derive(Debug, Clone, Serialize)]
pub struct PermissionAnswer {
    pub name: String,
    /// Some operation's `x-inin-requires-permissions` names it.
    pub found: bool,
    pub operations: usize,
    /// Operations that need it alone or with all others of their list.
    pub required_by: Vec<String>,
    /// Operations where it is one alternative of several.
    pub one_of_several_for: Vec<String>,
    /// The division-aware object it acts on, when it acts on one.
    pub division_object: Option<String>,
    /// gclint's permission catalogue has it (a wildcard: covers one of
    /// it): some operation requires it or the Terraform provider's docs
    /// list it. Not in it is not proof that Genesys Cloud lacks it (a
    /// permission no operation requires), see `unknown-permission`.
    pub in_catalogue: bool,
    /// The permissions of `privilege-escalation`'s list it is or covers:
    /// what each allows and the public source saying so.
    pub escalation: Vec<EscalatingPermission>,
    /// Not in the catalogue: the closest permissions that are.
    pub nearest: Vec<String>,
    pub source: Provenance,
}

/// Whether a permission written `name` (parts may be `*`) is or covers
/// `permission` (a one-word legacy permission only itself), case aside.
fn covers(name: &str, permission: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) =
        (name.split(':').collect(), permission.split(':').collect());
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(x, y)| (*x == "*" && a.len() == 3) || x.eq_ignore_ascii_case(y))
}

pub fn permission(db: &Database, name: &str, limit: usize) -> PermissionAnswer {
    let name = name.trim();
    let mut required_by = Vec::new();
    let mut alternative = Vec::new();
    let mut count = 0;
    for op in db.operations() {
        let Some(p) = &op.permissions else { continue };
        if !p.list.iter().any(|x| x == name) {
            continue;
        }
        count += 1;
        let any = matches!(p.kind, Some(crate::db::PermissionMatch::Any)) && p.list.len() > 1;
        let list = if any {
            &mut alternative
        } else {
            &mut required_by
        };
        if list.len() < limit {
            list.push(op.label());
        }
    }
    let catalogue = db.permissions();
    let in_catalogue = match name.split(':').collect::<Vec<_>>().as_slice() {
        [d, e, a] => !catalogue.expand(d, e, a).is_empty(),
        _ => catalogue.contains(name),
    };
    let nearest = if !in_catalogue {
        let all = catalogue.all();
        let wanted = name.to_ascii_lowercase();
        let mut scored: Vec<(f64, &str)> = all
            .iter()
            .map(|p| {
                (
                    strsim::jaro_winkler(&wanted, &p.to_ascii_lowercase()),
                    p.as_str(),
                )
            })
            .filter(|(s, _)| *s > 0.8)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        scored
            .into_iter()
            .take(5)
            .map(|(_, p)| p.to_string())
            .collect()
    } else {
        Vec::new()
    };
    let escalation = db
        .lifecycle()
        .escalation
        .permissions
        .iter()
        .filter(|e| covers(name, &e.permission))
        .cloned()
        .collect();
    PermissionAnswer {
        name: name.to_string(),
        found: count > 0,
        operations: count,
        required_by,
        one_of_several_for: alternative,
        division_object: db.lifecycle().divisions.object_of(name).map(str::to_string),
        in_catalogue,
        escalation,
        nearest,
        source: Provenance::of(db),
    }
}

/// An operation found by words.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub operation: String,
    pub summary: Option<String>,
    /// How many of the query's words it matches.
    pub score: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchAnswer {
    pub query: String,
    pub hits: Vec<Hit>,
    pub source: Provenance,
}

/// Words that say nothing about which operation.
const STOP: [&str; 14] = [
    "a", "an", "the", "of", "to", "for", "in", "on", "by", "with", "my", "me", "and", "all",
];

/// A word's stem for matching: lowercase, without a plural `s`.
fn stem(word: &str) -> String {
    let w = word.to_ascii_lowercase();
    match w.strip_suffix("ies") {
        Some(base) if base.len() > 2 => format!("{base}y"),
        _ => match w.strip_suffix('s') {
            Some(base) if base.len() > 2 && !base.ends_with('s') => base.to_string(),
            _ => w,
        },
    }
}

/// The verbs people say, as the HTTP methods that do them.
fn method_of(word: &str) -> Option<&'static [&'static str]> {
    Some(match word {
        "list" | "get" | "read" | "fetch" | "show" | "find" | "retrieve" | "look" => &["GET"],
        "create" | "add" | "send" | "start" | "post" | "make" => &["POST"],
        "update" | "change" | "set" | "edit" | "modify" => &["PUT", "PATCH"],
        "delete" | "remove" | "disconnect" => &["DELETE", "POST"],
        _ => return None,
    })
}

/// Operations whose summary, path, id and tags hold the most of `words`,
/// best first; ties go to the shorter path.
pub fn search(db: &Database, words: &str, limit: usize) -> SearchAnswer {
    let tokens: Vec<String> = words
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && !STOP.contains(&w.to_ascii_lowercase().as_str()))
        .map(stem)
        .collect();
    let methods: Vec<&str> = tokens
        .iter()
        .filter_map(|t| method_of(t))
        .flatten()
        .copied()
        .collect();
    let topics: Vec<&String> = tokens.iter().filter(|t| method_of(t).is_none()).collect();
    let mut scored: Vec<(usize, usize, OpId)> = Vec::new();
    for (id, op) in db.operations().iter().enumerate() {
        let details = db.details(id);
        let split = |text: &str| -> Vec<String> {
            text.split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(stem)
                .collect()
        };
        // The route and the operation id name what it acts on; the summary
        // and tags say more loosely.
        let name = split(&format!(
            "{} {}",
            op.path,
            crate::db::format::python_name(op.sdk_method.as_deref().unwrap_or(""))
        ));
        let mut words = split(details.summary.as_deref().unwrap_or(""));
        for t in &details.tags {
            words.extend(split(t));
        }
        let matched = topics
            .iter()
            .filter(|t| words.contains(t) || name.contains(t))
            .count();
        if matched == 0 {
            continue;
        }
        let in_name = topics.iter().filter(|t| name.contains(t)).count();
        let method = usize::from(methods.contains(&op.method.as_ref()));
        scored.push((matched * 2 + in_name + method, op.path.len(), id));
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    SearchAnswer {
        query: words.trim().to_string(),
        hits: scored
            .into_iter()
            .take(limit)
            .map(|(score, _, id)| Hit {
                operation: db.op(id).label(),
                summary: db.details(id).summary.as_deref().map(str::to_string),
                score,
            })
            .collect(),
        source: Provenance::of(db),
    }
}
