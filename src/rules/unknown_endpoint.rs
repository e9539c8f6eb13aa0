use super::{declare_rule, Context};
use crate::diagnostic::{code_alternatives, Diagnostic};
use crate::model::{CallKind, Resolution};
use std::collections::HashMap;

declare_rule!(
    "unknown-endpoint",
    "UnknownEndpoint",
    Error,
    Endpoints,
    "The path is not a Platform API operation"
);

/// "Did you mean" is worked out for this many distinct unknown paths per
/// run (about a millisecond each); a generated file with thousands of them
/// must not turn a run into minutes.
const MAX_SUGGESTED: usize = 256;

/// Paths under `/api/v2` that serve the API's own description, not an
/// operation: the Swagger document of the region (`GET /api/v2/docs/swagger`,
/// the source an API database is rebuilt from).
const API_DOCUMENTS: [&str; 1] = ["/api/v2/docs/swagger"];

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    // The calls to unknown paths, with the path as shown.
    let listed: Vec<_> = cx
        .app
        .calls
        .iter()
        .filter_map(|call| {
            let (Resolution::UnknownPath, CallKind::Http { method, path }) =
                (&call.resolution, &call.kind)
            else {
                return None;
            };
            let shown = crate::db::normalize_call_path(path)
                .map(|s| crate::db::paths_render(&s))
                .unwrap_or_else(|| path.clone());
            // The API's own description is served at a path that no
            // operation of it describes (the swagger every region publishes).
            (!API_DOCUMENTS.contains(&shown.split('?').next().unwrap_or("")))
                .then_some((call, method, path, shown))
        })
        .collect();
    // The first distinct paths get their close paths, and each distinct
    // route what the SDK history says of it, worked out on every core
    // before the findings are written in call order.
    let jobs = out.jobs();
    let first = distinct(
        listed.iter().map(|(_, _, path, _)| path.as_str()),
        MAX_SUGGESTED,
    );
    let suggested: HashMap<&str, Vec<String>> = first
        .iter()
        .copied()
        .zip(cx.db.similar_paths_many(&first, 3, jobs))
        .collect();
    let routes = distinct(
        listed
            .iter()
            .map(|(_, method, _, shown)| (method.as_deref(), shown.as_str())),
        usize::MAX,
    );
    let gone = crate::parallel::map_ordered(&routes, jobs, |&(method, shown)| {
        removed_route(cx, method, shown)
    });
    let removed: HashMap<(Option<&str>, &str), Removal> = routes.into_iter().zip(gone).collect();
    for (call, method, path, shown) in &listed {
        let route = match method {
            Some(m) => format!("{m} {shown}"),
            None => shown.clone(),
        };
        let similar = suggested.get(path.as_str());
        let help = match similar {
            Some(similar) if !similar.is_empty() => {
                format!("did you mean {}?", code_alternatives(similar))
            }
            Some(_) => "no Platform API path is close; check the route in the API explorer (`gclint endpoint` looks one up)".to_string(),
            None => format!("check the route in the API explorer (`gclint endpoint` looks one up); close paths are suggested for the first {MAX_SUGGESTED} unknown paths only"),
        };
        // An operation older SDK releases called: when it went (the SDK
        // history is searched once per route, not per call).
        if let Some(Some((gone, instead))) = removed.get(&(method.as_deref(), shown.as_str())) {
            out.push(
                Diagnostic::new(
                    &META,
                    call.span,
                    format!(
                        "`{route}` is no longer a Genesys Cloud Platform API operation: {gone}"
                    ),
                )
                .label("removed from the API")
                .help(instead)
                .key(route),
            );
            continue;
        }
        out.push(
            Diagnostic::new(
                &META,
                call.span,
                format!("`{route}` is not a Genesys Cloud Platform API operation"),
            )
            .label("no such endpoint")
            .help(help)
            .key(route),
        );
    }
}

/// The first `limit` distinct items, in order.
fn distinct<K: Eq + std::hash::Hash + Copy>(
    items: impl Iterator<Item = K>,
    limit: usize,
) -> Vec<K> {
    let mut seen = std::collections::HashSet::new();
    items.filter(|k| seen.insert(*k)).take(limit).collect()
}

/// When a route left the API and what to do instead (see [`removed_route`]).
type Removal = Option<(String, String)>;

/// What the SDK history says of a route no current operation has: the SDKs
/// called it until their last release with the method.
fn removed_route(cx: &Context<'_>, method: Option<&str>, path: &str) -> Removal {
    let history = cx.db.sdk_history();
    let paths = history.route_paths(path)?;
    let (last, run) =
        super::support::last_releases(|sdk| history.runs_of_route(sdk, method, &paths))?;
    let last: Vec<String> = last
        .iter()
        .map(|(sdk, v)| format!("{sdk} release {v}"))
        .collect();
    let (class, method) = (run.class, run.name);
    Some((
        format!(
            "the SDKs called it (`{class}.{method}`) until {}",
            last.join(" and ")
        ),
        format!(
            "remove the call or use what replaced it; `gclint endpoint {method}` shows its history"
        ),
    ))
}
