//! Path-template matching: `/api/v2/users/abc-123` finds
//! `/api/v2/users/{userId}`; literal segments win over parameters, as they
//! do in Genesys's router.

use super::{Database, OpId, Operation};
use std::collections::HashMap;

/// One segment of a path seen in code or in the swagger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Literal(String),
    /// `{userId}` in a template; `${id}`, `:id`, `{0}`, `%s`, `*` in code.
    Param,
}

/// Splits a path found in code into segments, starting at `/api/v2/`:
/// host and query string are dropped, placeholders become parameters.
/// `None` when the text holds no `/api/v2/` path.
pub fn normalize_call_path(raw: &str) -> Option<Vec<Segment>> {
    let start = raw.find("/api/v2")?;
    let rest = &raw[start..];
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let segs: Vec<Segment> = rest
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            if is_placeholder(s) {
                Segment::Param
            } else {
                Segment::Literal(s.to_string())
            }
        })
        .collect();
    if segs.len() < 2
        || segs[0] != Segment::Literal("api".into())
        || segs[1] != Segment::Literal("v2".into())
    {
        return None;
    }
    Some(segs)
}

fn is_placeholder(seg: &str) -> bool {
    seg.contains('{')
        || seg.contains('}')
        || seg.starts_with(':')
        || seg.contains('%')
        || seg == "*"
        || (seg.starts_with('<') && seg.ends_with('>'))
}

/// The template form of a path for display: parameters as `{}`.
pub fn render(segs: &[Segment]) -> String {
    let mut out = String::new();
    for s in segs {
        out.push('/');
        match s {
            Segment::Literal(l) => out.push_str(l),
            Segment::Param => out.push_str("{}"),
        }
    }
    out
}

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
    /// The text is not a `/api/v2/` path.
    NotApiPath,
}

#[derive(Default)]
struct Node {
    literal: HashMap<String, usize>,
    param: Option<usize>,
    ops: Vec<OpId>,
}

pub struct PathTrie {
    nodes: Vec<Node>,
    /// Distinct templates with their segments after `/api/v2` (word ids,
    /// `PARAM` for parameters), for suggestions.
    templates: Vec<(String, Vec<u32>)>,
    /// Distinct literal words of all templates.
    words: Vec<String>,
}

const PARAM: u32 = u32::MAX;

impl PathTrie {
    pub fn build(ops: &[Operation]) -> PathTrie {
        let mut trie = PathTrie {
            nodes: vec![Node::default()],
            templates: Vec::new(),
            words: Vec::new(),
        };
        let mut word_ids: HashMap<String, u32> = HashMap::new();
        for (id, op) in ops.iter().enumerate() {
            let Some(segs) = normalize_call_path(&op.path) else {
                continue;
            };
            let mut at = 0;
            for seg in &segs {
                at = trie.child(at, seg);
            }
            if trie.nodes[at].ops.is_empty() {
                let ids = segs[2..]
                    .iter()
                    .map(|s| match s {
                        Segment::Param => PARAM,
                        Segment::Literal(w) => *word_ids.entry(w.clone()).or_insert_with(|| {
                            trie.words.push(w.clone());
                            (trie.words.len() - 1) as u32
                        }),
                    })
                    .collect();
                trie.templates.push((op.path.to_string(), ids));
            }
            trie.nodes[at].ops.push(id);
        }
        trie
    }

    fn child(&mut self, at: usize, seg: &Segment) -> usize {
        let existing = match seg {
            Segment::Literal(l) => self.nodes[at].literal.get(l).copied(),
            Segment::Param => self.nodes[at].param,
        };
        if let Some(next) = existing {
            return next;
        }
        let next = self.nodes.len();
        self.nodes.push(Node::default());
        match seg {
            Segment::Literal(l) => {
                self.nodes[at].literal.insert(l.clone(), next);
            }
            Segment::Param => self.nodes[at].param = Some(next),
        }
        next
    }

    /// Depth-first match preferring literal children; backtracks when a
    /// branch ends without operations.
    fn walk(&self, at: usize, segs: &[Segment]) -> Option<usize> {
        let Some((first, rest)) = segs.split_first() else {
            return (!self.nodes[at].ops.is_empty()).then_some(at);
        };
        let node = &self.nodes[at];
        match first {
            // A word the API has as a literal here is that literal, never a
            // parameter value: `/conversations/messaging` is not a conversation id.
            Segment::Literal(l) => match node.literal.get(l) {
                Some(&n) => self.walk(n, rest),
                None => node.param.and_then(|n| self.walk(n, rest)),
            },
            Segment::Param => {
                // A placeholder is a parameter value: letting it stand for a
                // fixed word would turn `/users/{id}/skills` into `/users/rules/{ruleId}`.
                node.param.and_then(|n| self.walk(n, rest))
            }
        }
    }

    pub fn lookup(&self, db: &Database, method: Option<&str>, path: &str) -> PathLookup {
        let Some(segs) = normalize_call_path(path) else {
            return PathLookup::NotApiPath;
        };
        let Some(node) = self.walk(0, &segs) else {
            return PathLookup::NotFound;
        };
        let ops = &self.nodes[node].ops;
        match method {
            None => PathLookup::PathOnly(ops.clone()),
            Some(m) => ops
                .iter()
                .copied()
                .find(|&id| db.op(id).method.eq_ignore_ascii_case(m))
                .map(PathLookup::Found)
                .unwrap_or_else(|| PathLookup::MethodNotAllowed(ops.clone())),
        }
    }

    /// Closest real templates by segment-wise edit distance.
    pub fn similar(&self, path: &str, limit: usize) -> Vec<String> {
        let Some(segs) = normalize_call_path(path) else {
            return Vec::new();
        };
        let query = &segs[2..];
        // Compare each query word once with each distinct template word.
        let cost: Vec<Vec<f64>> = query
            .iter()
            .map(|q| match q {
                Segment::Literal(qw) => self
                    .words
                    .iter()
                    .map(|w| {
                        if qw == w {
                            0.0
                        } else {
                            1.0 - strsim::jaro_winkler(qw, w)
                        }
                    })
                    .collect(),
                Segment::Param => Vec::new(),
            })
            .collect();
        let seg_cost = |qi: usize, t: u32| match (&query[qi], t) {
            (Segment::Param, PARAM) => 0.0,
            (Segment::Literal(_), w) if w != PARAM => cost[qi][w as usize],
            _ => 0.8,
        };
        let mut scored: Vec<(f64, &str)> = self
            .templates
            .iter()
            .filter(|(_, ts)| ts.len().abs_diff(query.len()) <= 3)
            .map(|(t, ts)| (segment_distance(query.len(), ts, &seg_cost), t.as_str()))
            .collect();
        scored.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
        let limit_cost = (query.len() as f64 * 0.6).max(1.0);
        scored
            .into_iter()
            .filter(|(d, _)| *d <= limit_cost)
            .take(limit)
            .map(|(_, t)| t.to_string())
            .collect()
    }
}

/// Levenshtein over segments, with substitution weighted by how alike the
/// two segments are (`cost(query index, template segment)`).
fn segment_distance(a_len: usize, b: &[u32], cost: &impl Fn(usize, u32) -> f64) -> f64 {
    let mut prev: Vec<f64> = (0..=b.len()).map(|j| j as f64).collect();
    let mut cur = vec![0.0; b.len() + 1];
    for i in 0..a_len {
        cur[0] = (i + 1) as f64;
        for (j, &sb) in b.iter().enumerate() {
            let sub = prev[j] + cost(i, sb);
            cur[j + 1] = sub.min(prev[j + 1] + 1.0).min(cur[j] + 1.0);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

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
