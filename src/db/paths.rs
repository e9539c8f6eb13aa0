//! Path-template matching: `/api/v2/users/abc-123` finds
//! `/api/v2/users/{userId}`; literal segments win over parameters, as they
//! do in Genesys's router. Works on the trie built at compile time.

use super::index::{normalize_call_path, PathTrie, Segment, PARAM};
use super::{Database, OpId};
use std::sync::atomic::{AtomicU64, Ordering};

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

/// [`similar`] for each of `paths`, on `jobs` threads. A query word is
/// compared with a template word only when the edit table can still stay
/// within the distance a suggestion may have, and each pair once for the
/// whole list (unknown paths of one app share most of their words).
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
    let costs = WordCosts {
        trie,
        rows: words
            .into_iter()
            .map(|w| (w, (0..trie.words.len()).map(|_| UNKNOWN.into()).collect()))
            .collect(),
    };
    crate::parallel::map_ordered(&queries, jobs, |query| match query {
        Some(query) => closest(db, trie, query, &costs, limit),
        None => Vec::new(),
    })
}

/// A cost not worked out yet (the bits of no cost: costs are numbers).
const UNKNOWN: u64 = u64::MAX;

/// How unlike each query word is each distinct template word (0: the
/// same), worked out on first use by whichever thread needs it first.
struct WordCosts<'a> {
    trie: &'a PathTrie,
    /// Query word → a cost's bits per template word ([`UNKNOWN`]: not yet).
    rows: rustc_hash::FxHashMap<&'a str, Vec<AtomicU64>>,
}

impl WordCosts<'_> {
    fn row(&self, qw: &str) -> Option<&[AtomicU64]> {
        self.rows.get(qw).map(Vec::as_slice)
    }

    fn cost(&self, qw: &str, row: &[AtomicU64], w: u32) -> f64 {
        let slot = &row[w as usize];
        match slot.load(Ordering::Relaxed) {
            UNKNOWN => {
                let word = self.trie.word(w);
                let cost = if qw == word {
                    0.0
                } else {
                    1.0 - strsim::jaro_winkler(qw, word)
                };
                slot.store(cost.to_bits(), Ordering::Relaxed);
                cost
            }
            bits => f64::from_bits(bits),
        }
    }
}

/// The `limit` templates closest to `query` (the segments after `/api/v2`).
fn closest(
    db: &Database,
    trie: &PathTrie,
    query: &[Segment],
    costs: &WordCosts<'_>,
    limit: usize,
) -> Vec<String> {
    // Each query word's row of costs against the template words.
    let rows: Vec<Option<(&str, &[AtomicU64])>> = query
        .iter()
        .map(|q| match q {
            Segment::Literal(qw) => costs.row(qw).map(|row| (qw.as_str(), row)),
            Segment::Param => None,
        })
        .collect();
    let seg_cost = |qi: usize, t: u32| match (&query[qi], t, rows[qi]) {
        (Segment::Param, PARAM, _) => 0.0,
        (Segment::Literal(_), w, Some((qw, row))) if w != PARAM => costs.cost(qw, row, w),
        _ => 0.8,
    };
    let limit_cost = (query.len() as f64 * 0.6).max(1.0);
    // Each segment one path has more than the other costs 1: a template
    // whose length differs by more than the limit cannot come within it.
    let reach = (limit_cost as usize).min(3);
    let mut table = (Vec::new(), Vec::new());
    let scored: Vec<(f64, &str)> = trie
        .templates()
        .filter(|(_, ts)| ts.len().abs_diff(query.len()) <= reach)
        .filter_map(|(op, ts)| {
            let d = segment_distance(query.len(), ts, &seg_cost, limit_cost, &mut table);
            (d <= limit_cost).then(|| (d, db.op(op as usize).path.as_ref()))
        })
        .collect();
    nearest(scored, limit)
}

/// The `limit` paths of least distance, ties in path order.
fn nearest(mut scored: Vec<(f64, &str)>, limit: usize) -> Vec<String> {
    scored.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(limit)
        .map(|(_, t)| t.to_string())
        .collect()
}

/// Levenshtein over segments, with substitution weighted by how alike the
/// two segments are (`cost(query index, template segment)`), exact when
/// it is at most `bound`; above it, some number above `bound`. Costs are
/// never negative, so a cell above `bound` leads only to cells above it:
/// a substitution from one is not weighed (no segments compared), and a
/// row all above it ends the table. `table` is two rows, kept between calls.
fn segment_distance(
    a_len: usize,
    b: &[u32],
    cost: &impl Fn(usize, u32) -> f64,
    bound: f64,
    table: &mut (Vec<f64>, Vec<f64>),
) -> f64 {
    let (prev, cur) = table;
    prev.clear();
    prev.extend((0..=b.len()).map(|j| j as f64));
    cur.clear();
    cur.resize(b.len() + 1, 0.0);
    for i in 0..a_len {
        cur[0] = (i + 1) as f64;
        let mut least = cur[0];
        for (j, &sb) in b.iter().enumerate() {
            let sub = if prev[j] > bound {
                prev[j]
            } else {
                prev[j] + cost(i, sb)
            };
            cur[j + 1] = sub.min(prev[j + 1] + 1.0).min(cur[j] + 1.0);
            least = least.min(cur[j + 1]);
        }
        std::mem::swap(prev, cur);
        if least > bound {
            return least;
        }
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

    /// The closest templates worked out the plain way: every template's
    /// whole table, every word pair compared.
    fn closest_by_whole_tables(db: &Database, path: &str, limit: usize) -> Vec<String> {
        let trie = &db.core().index.paths;
        let query = normalize_call_path(path).unwrap()[2..].to_vec();
        let cost = |qi: usize, t: u32| match (&query[qi], t) {
            (Segment::Param, PARAM) => 0.0,
            (Segment::Literal(qw), w) if w != PARAM => {
                let word = trie.word(w);
                if qw == word {
                    0.0
                } else {
                    1.0 - strsim::jaro_winkler(qw, word)
                }
            }
            _ => 0.8,
        };
        let limit_cost = (query.len() as f64 * 0.6).max(1.0);
        let scored: Vec<(f64, &str)> = trie
            .templates()
            .filter(|(_, ts)| ts.len().abs_diff(query.len()) <= 3)
            .map(|(op, ts)| {
                let mut prev: Vec<f64> = (0..=ts.len()).map(|j| j as f64).collect();
                for i in 0..query.len() {
                    let mut cur = vec![(i + 1) as f64];
                    for (j, &t) in ts.iter().enumerate() {
                        let best = (prev[j] + cost(i, t))
                            .min(prev[j + 1] + 1.0)
                            .min(cur[j] + 1.0);
                        cur.push(best);
                    }
                    prev = cur;
                }
                (prev[ts.len()], db.op(op as usize).path.as_ref())
            })
            .filter(|(d, _)| *d <= limit_cost)
            .collect();
        nearest(scored, limit)
    }

    #[test]
    fn suggestions_skipping_hopeless_cells_are_those_of_the_whole_tables() {
        let db = Database::embedded();
        // Misspelt, shortened, lengthened and reordered paths of every
        // 40th operation, and paths of no likeness at all.
        let mut queries: Vec<String> = vec![
            "/api/v2/routing/queus/{id}/membres".into(),
            "/api/v2/usres/me".into(),
            "/api/v2/analytics/conversation/details/query".into(),
            "/api/v2/zzz/yyy/xxx/www/vvv/uuu/ttt".into(),
            "/api/v2/{x}/{y}".into(),
            "/api/v2/ü/über/straße".into(),
        ];
        for op in db.operations().iter().step_by(40) {
            let path = op.path.to_string();
            let words: Vec<&str> = path.split('/').collect();
            queries.push(path.replacen('e', "", 1));
            queries.push(words[..words.len().saturating_sub(1).max(4)].join("/"));
            queries.push(format!("{path}/extra"));
            let mut swapped = words.clone();
            let n = swapped.len();
            if n > 4 {
                swapped.swap(3, n - 1);
            }
            queries.push(swapped.join("/"));
        }
        let paths: Vec<&str> = queries.iter().map(String::as_str).collect();
        let found = db.similar_paths_many(&paths, 3, 2);
        assert_eq!(found.len(), paths.len());
        let mut suggested = 0;
        for (path, found) in paths.iter().zip(&found) {
            assert_eq!(found, &closest_by_whole_tables(db, path, 3), "{path}");
            suggested += usize::from(!found.is_empty());
        }
        // Most have suggestions: the comparison is not of empty lists.
        assert!(
            suggested * 2 > paths.len(),
            "{suggested} of {}",
            paths.len()
        );
    }
}
