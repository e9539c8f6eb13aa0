//! Path-template matching: `/api/v2/users/abc-123` finds
//! `/api/v2/users/{userId}`; literal segments win over parameters, as they
//! do in Genesys's router. Works on the trie built at compile time.

use super::index::{normalize_call_path, PathTrie, Segment, PARAM};
use super::{Database, OpId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathLookup {
    /// The path and method name one operation.
    Found(OpId),
    /// The path exists; no method was given. Operations on that path.
    PathOnly(Vec<OpId>),
    /// The path exists but not with this method. Operations on that path.
    MethodNotAllowed(Vec<OpId>),
    /// No operation has this path.
    NotFound,
    /// No method was given and the path is a proper prefix of real paths
    /// (`/api/v2/analytics`): a base path or a filter, not a call.
    Prefix,
    /// The text is not a `/api/v2/` path.
    NotApiPath,
}

/// Depth-first match preferring literal children.
fn walk(trie: &PathTrie, at: usize, segs: &[Segment]) -> Option<usize> {
    let node = trie.nodes.get(at)?;
    let Some((first, rest)) = segs.split_first() else {
        return (!trie.ops(node).is_empty()).then_some(at);
    };
    match first {
        // A word the API has as a literal here is that literal, never a
        // parameter value: `/conversations/messaging` is not a conversation id.
        Segment::Literal(l) => match trie.literal_child(node, l) {
            Some(n) => walk(trie, n as usize, rest),
            None => node.param.and_then(|n| walk(trie, n as usize, rest)),
        },
        // A placeholder is a parameter value: letting it stand for a fixed
        // word would turn `/users/{id}/skills` into `/users/rules/{ruleId}`.
        Segment::Param => node.param.and_then(|n| walk(trie, n as usize, rest)),
    }
}

/// Whether `segs` lead (by literals) to a node with paths below it.
fn prefix_of_paths(trie: &PathTrie, at: usize, segs: &[Segment]) -> bool {
    let Some(node) = trie.nodes.get(at) else {
        return false;
    };
    let Some((first, rest)) = segs.split_first() else {
        return node.param.is_some() || trie.has_literal_children(node);
    };
    match first {
        Segment::Literal(l) => trie
            .literal_child(node, l)
            .is_some_and(|n| prefix_of_paths(trie, n as usize, rest)),
        Segment::Param => node
            .param
            .is_some_and(|n| prefix_of_paths(trie, n as usize, rest)),
    }
}

pub fn lookup(db: &Database, trie: &PathTrie, method: Option<&str>, path: &str) -> PathLookup {
    let Some(segs) = normalize_call_path(path) else {
        return PathLookup::NotApiPath;
    };
    // Every path of the catalogue is written in lower case; code that
    // writes a word in camelCase (`/knowledge/knowledgeBases/{id}/export/jobs`,
    // as Genesys's own knowledge connector does) names the same operation.
    let lowered = || -> Option<Vec<Segment>> {
        segs.iter()
            .any(|s| matches!(s, Segment::Literal(w) if w.chars().any(|c| c.is_ascii_uppercase())))
            .then(|| {
                segs.iter()
                    .map(|s| match s {
                        Segment::Literal(w) => Segment::Literal(w.to_ascii_lowercase()),
                        Segment::Param => Segment::Param,
                    })
                    .collect()
            })
    };
    let found = walk(trie, 0, &segs).or_else(|| lowered().and_then(|l| walk(trie, 0, &l)));
    // No catalogue path glues a word to a value (`requests{id}`): a path
    // whose last word runs into a value the code does not show
    // (`/gdpr/requests${query}`) names the word's path with a query, or
    // a path one segment longer (a value starting with `/`). Where only
    // the first has the operation, it is that; where the longer one may
    // be meant too, the code does not say which.
    if found.is_none() {
        if let Some(word_path) = glued_suffix(path) {
            let known =
                |l: &PathLookup| matches!(l, PathLookup::Found(_) | PathLookup::PathOnly(_));
            let as_word = lookup(db, trie, method, &word_path);
            let longer = lookup(db, trie, method, &format!("{word_path}/{{}}"));
            return match (known(&as_word), known(&longer)) {
                (true, false) => as_word,
                (false, false) => PathLookup::NotFound,
                _ => PathLookup::Prefix,
            };
        }
    }
    let Some(node) = found else {
        if method.is_none() && prefix_of_paths(trie, 0, &segs) {
            return PathLookup::Prefix;
        }
        return PathLookup::NotFound;
    };
    let ops: Vec<OpId> = trie
        .ops(&trie.nodes[node])
        .iter()
        .map(|&id| id as usize)
        .collect();
    match method {
        None => PathLookup::PathOnly(ops),
        Some(m) => match ops
            .iter()
            .copied()
            .find(|&id| db.op(id).method.eq_ignore_ascii_case(m))
        {
            Some(id) => PathLookup::Found(id),
            None => PathLookup::MethodNotAllowed(ops),
        },
    }
}

/// The path without a value glued to the end of its last word
/// (`/api/v2/gdpr/requests{}` → `/api/v2/gdpr/requests`).
fn glued_suffix(path: &str) -> Option<String> {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let word = path.strip_suffix("{}")?;
    let last = word.rsplit('/').next().unwrap_or("");
    (last.len() >= 3
        && last
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
    .then(|| word.to_string())
}

/// Closest real templates by segment-wise edit distance.
pub fn similar(db: &Database, trie: &PathTrie, path: &str, limit: usize) -> Vec<String> {
    similar_many(db, trie, &[path], limit, 1)
        .pop()
        .unwrap_or_default()
}

/// [`similar`] for each of `paths`, on `jobs` threads: each distinct query
/// word is compared with the template words once for the whole list
/// (unknown paths of one app share most of their words).
pub fn similar_many(
    db: &Database,
    trie: &PathTrie,
    paths: &[&str],
    limit: usize,
    jobs: usize,
) -> Vec<Vec<String>> {
    let queries: Vec<Option<Vec<Segment>>> = paths
        .iter()
        .map(|p| normalize_call_path(p).map(|segs| segs[2..].to_vec()))
        .collect();
    let mut words: Vec<&str> = queries
        .iter()
        .flatten()
        .flatten()
        .filter_map(|s| match s {
            Segment::Literal(w) => Some(w.as_str()),
            Segment::Param => None,
        })
        .collect();
    words.sort_unstable();
    words.dedup();
    let rows = crate::parallel::map_ordered(&words, jobs, |qw| word_costs(trie, qw));
    let costs: rustc_hash::FxHashMap<&str, Vec<f64>> = words.into_iter().zip(rows).collect();
    crate::parallel::map_ordered(&queries, jobs, |query| match query {
        Some(query) => closest(db, trie, query, &costs, limit),
        None => Vec::new(),
    })
}

/// How unlike query word `qw` is each distinct template word (0: the same).
fn word_costs(trie: &PathTrie, qw: &str) -> Vec<f64> {
    trie.words
        .iter()
        .map(|w| {
            if qw == w.as_str() {
                0.0
            } else {
                1.0 - strsim::jaro_winkler(qw, w)
            }
        })
        .collect()
}

/// The `limit` templates closest to `query` (the segments after `/api/v2`).
fn closest(
    db: &Database,
    trie: &PathTrie,
    query: &[Segment],
    costs: &rustc_hash::FxHashMap<&str, Vec<f64>>,
    limit: usize,
) -> Vec<String> {
    // Each query word's row of costs against the template words.
    let cost: Vec<&[f64]> = query
        .iter()
        .map(|q| match q {
            Segment::Literal(qw) => costs.get(qw.as_str()).map_or(&[][..], Vec::as_slice),
            Segment::Param => &[][..],
        })
        .collect();
    let seg_cost = |qi: usize, t: u32| match (&query[qi], t) {
        (Segment::Param, PARAM) => 0.0,
        (Segment::Literal(_), w) if w != PARAM => cost[qi][w as usize],
        _ => 0.8,
    };
    let limit_cost = (query.len() as f64 * 0.6).max(1.0);
    let mut rows = (Vec::new(), Vec::new());
    let mut scored: Vec<(f64, &str)> = trie
        .templates()
        .filter(|(_, ts)| ts.len().abs_diff(query.len()) <= 3)
        .map(|(op, ts)| {
            (
                segment_distance(query.len(), ts, &seg_cost, &mut rows),
                db.op(op as usize).path.as_ref(),
            )
        })
        .filter(|(d, _)| *d <= limit_cost)
        .collect();
    scored.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(limit)
        .map(|(_, t)| t.to_string())
        .collect()
}

/// Levenshtein over segments, with substitution weighted by how alike the
/// two segments are (`cost(query index, template segment)`).
/// `rows` are two rows of the table, kept between calls.
fn segment_distance(
    a_len: usize,
    b: &[u32],
    cost: &impl Fn(usize, u32) -> f64,
    rows: &mut (Vec<f64>, Vec<f64>),
) -> f64 {
    let (prev, cur) = rows;
    prev.clear();
    prev.extend((0..=b.len()).map(|j| j as f64));
    cur.clear();
    cur.resize(b.len() + 1, 0.0);
    for i in 0..a_len {
        cur[0] = (i + 1) as f64;
        for (j, &sb) in b.iter().enumerate() {
            let sub = prev[j] + cost(i, sb);
            cur[j + 1] = sub.min(prev[j + 1] + 1.0).min(cur[j] + 1.0);
        }
        std::mem::swap(prev, cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::super::index::render;
    use super::*;

    #[test]
    fn a_word_written_in_camel_case_names_the_lowercase_path() {
        let db = Database::embedded();
        let found = |m: &str, p: &str| match db.lookup_path(Some(m), p) {
            PathLookup::Found(id) => format!("{} {}", db.op(id).method, db.op(id).path),
            other => format!("{other:?}"),
        };
        assert_eq!(
            found("POST", "/api/v2/knowledge/knowledgeBases/{}/export/jobs"),
            "POST /api/v2/knowledge/knowledgebases/{knowledgeBaseId}/export/jobs"
        );
        assert_eq!(
            found("GET", "/api/v2/Routing/Queues"),
            "GET /api/v2/routing/queues"
        );
        // Capitals do not make an unknown word known.
        assert_eq!(found("GET", "/api/v2/knowledge/knowledgeBoxes"), "NotFound");
    }

    #[test]
    fn placeholders_become_parameters() {
        let segs = normalize_call_path("https://api.mypurecloud.ie/api/v2/users/${id}/queues?x=1")
            .unwrap();
        assert_eq!(render(&segs), "/api/v2/users/{}/queues");
        let segs = normalize_call_path("/api/v2/users/:userId").unwrap();
        assert_eq!(render(&segs), "/api/v2/users/{}");
        assert_eq!(normalize_call_path("/api/v1/users"), None);
        assert_eq!(normalize_call_path("users/me"), None);
    }
}
