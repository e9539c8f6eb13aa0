//! Look-up indexes over the operations: the path-template trie and the SDK
//! name tables. Built once at compile time by `build.rs` (this file is
//! included there) and embedded with the database, so a run starts with
//! sorted arrays to binary-search instead of hash maps to fill.

use super::format::{OpDetails, Operation, Str};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

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
    let is = |i: usize, word: &str| matches!(segs.get(i), Some(Segment::Literal(l)) if l == word);
    if !(is(0, "api") && is(1, "v2")) {
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

/// Lowercase and strip `_`: `get_users_me`, `GetUsersMe` and `getUsersMe` agree.
pub fn fold_sdk_name(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The SDK API class the SDK generator makes of a swagger tag: its words
/// capitalised and joined, plus `Api` (`Speech & Text Analytics` →
/// `SpeechTextAnalyticsApi`, `Infrastructure as Code` → `InfrastructureAsCodeApi`).
pub fn sdk_class_for_tag(tag: &str) -> String {
    let mut out = String::new();
    for word in tag.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    out.push_str("Api");
    out
}

/// A template word id meaning "parameter".
pub const PARAM: u32 = u32::MAX;

// Every table below is flat: a node's children, its operations and a
// template's words are ranges of one shared list each, so the embedded
// indexes decode into a handful of allocations instead of one per node.

/// A range of one of [`PathTrie`]'s shared lists: start and end.
pub type Span32 = (u32, u32);

fn slice<T>(list: &[T], (start, end): Span32) -> &[T] {
    list.get(start as usize..end as usize).unwrap_or(&[])
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TrieNode {
    /// Literal children: a range of [`PathTrie::edges`], sorted by word.
    pub edges: Span32,
    pub param: Option<u32>,
    /// Operations whose template ends here: a range of [`PathTrie::ops`].
    pub ops: Span32,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct PathTrie {
    pub nodes: Vec<TrieNode>,
    /// Every node's literal children: (word id in `words`, child node).
    pub edges: Vec<(u32, u32)>,
    /// Every node's operations.
    pub ops: Vec<u32>,
    /// Distinct templates: an operation holding it, and its segments after
    /// `/api/v2` (a range of `template_words`), for suggestions.
    pub templates: Vec<(u32, Span32)>,
    /// Every template's segments as word ids (`PARAM` for parameters).
    pub template_words: Vec<u32>,
    /// Distinct literal words of all templates.
    pub words: Vec<Str>,
}

impl PathTrie {
    pub fn has_literal_children(&self, node: &TrieNode) -> bool {
        node.edges.0 < node.edges.1
    }

    pub fn literal_child(&self, node: &TrieNode, word: &str) -> Option<u32> {
        let edges = slice(&self.edges, node.edges);
        edges
            .binary_search_by(|(w, _)| self.word(*w).cmp(word))
            .ok()
            .map(|i| edges[i].1)
    }

    pub fn ops(&self, node: &TrieNode) -> &[u32] {
        slice(&self.ops, node.ops)
    }

    /// Each distinct template: an operation holding it, and its words.
    pub fn templates(&self) -> impl Iterator<Item = (u32, &[u32])> {
        self.templates
            .iter()
            .map(|&(op, words)| (op, slice(&self.template_words, words)))
    }

    pub(super) fn word(&self, id: u32) -> &str {
        self.words.get(id as usize).map_or("", |w| w.as_str())
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct SdkIndex {
    /// Every spelling the data has (JS/Java and Python), sorted.
    pub exact: Vec<(Str, u32)>,
    /// Folded names (see [`fold_sdk_name`]) with an operation each, sorted
    /// (a name that folds from several operations' names is here once
    /// for each).
    pub folded: Vec<(Str, u32)>,
    /// API classes of the current SDK, sorted.
    pub classes: Vec<Str>,
    /// Classes of removed operations (`WidgetsApi`) with their tag, sorted.
    pub former: Vec<(Str, Str)>,
}

impl SdkIndex {
    /// The operations whose SDK names fold to `folded`.
    pub fn folded_ops<'a>(&'a self, folded: &'a str) -> impl Iterator<Item = u32> + 'a {
        let from = self.folded.partition_point(|(k, _)| k.as_str() < folded);
        self.folded[from..]
            .iter()
            .take_while(move |(k, _)| k.as_str() == folded)
            .map(|&(_, id)| id)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Indexes {
    pub paths: PathTrie,
    pub sdk: SdkIndex,
}

pub fn find<'a, V>(sorted: &'a [(Str, V)], key: &str) -> Option<&'a V> {
    sorted
        .binary_search_by(|(k, _)| k.as_str().cmp(key))
        .ok()
        .map(|i| &sorted[i].1)
}

impl Indexes {
    pub fn build(ops: &[Operation], details: &[OpDetails]) -> Indexes {
        Indexes {
            paths: build_paths(ops),
            sdk: build_sdk(ops, details),
        }
    }
}

fn build_paths(ops: &[Operation]) -> PathTrie {
    // Built with ordered maps, then flattened to sorted vectors.
    let mut literal: Vec<BTreeMap<String, u32>> = vec![BTreeMap::new()];
    let mut param: Vec<Option<u32>> = vec![None];
    let mut node_ops: Vec<Vec<u32>> = vec![Vec::new()];
    let mut templates = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut word_ids: BTreeMap<String, u32> = BTreeMap::new();
    for (id, op) in ops.iter().enumerate() {
        let Some(segs) = normalize_call_path(&op.path) else {
            continue;
        };
        let mut at = 0usize;
        for seg in &segs {
            let existing = match seg {
                Segment::Literal(l) => literal[at].get(l).copied(),
                Segment::Param => param[at],
            };
            at = match existing {
                Some(next) => next as usize,
                None => {
                    let next = literal.len();
                    literal.push(BTreeMap::new());
                    param.push(None);
                    node_ops.push(Vec::new());
                    match seg {
                        Segment::Literal(l) => {
                            literal[at].insert(l.clone(), next as u32);
                        }
                        Segment::Param => param[at] = Some(next as u32),
                    }
                    next
                }
            };
        }
        if node_ops[at].is_empty() {
            let ids: Vec<u32> = segs[2..]
                .iter()
                .map(|s| match s {
                    Segment::Param => PARAM,
                    Segment::Literal(w) => *word_ids.entry(w.clone()).or_insert_with(|| {
                        words.push(w.clone());
                        (words.len() - 1) as u32
                    }),
                })
                .collect();
            templates.push((id as u32, ids));
        }
        node_ops[at].push(id as u32);
    }
    let mut trie = PathTrie::default();
    for ((literal, param), ops) in literal.into_iter().zip(param).zip(node_ops) {
        let edges_from = trie.edges.len() as u32;
        // Sorted by word: the map's order. `api` and `v2` are words of no
        // template.
        for (w, n) in literal {
            let id = *word_ids.entry(w.clone()).or_insert_with(|| {
                words.push(w);
                (words.len() - 1) as u32
            });
            trie.edges.push((id, n));
        }
        let ops_from = trie.ops.len() as u32;
        trie.ops.extend(ops);
        trie.nodes.push(TrieNode {
            edges: (edges_from, trie.edges.len() as u32),
            param,
            ops: (ops_from, trie.ops.len() as u32),
        });
    }
    for (op, ids) in templates {
        let from = trie.template_words.len() as u32;
        trie.template_words.extend(ids);
        trie.templates
            .push((op, (from, trie.template_words.len() as u32)));
    }
    trie.words = words.into_iter().map(Str::from).collect();
    trie
}

fn build_sdk(ops: &[Operation], details: &[OpDetails]) -> SdkIndex {
    let mut exact: BTreeMap<String, u32> = BTreeMap::new();
    let mut folded: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut classes: BTreeSet<String> = BTreeSet::new();
    for (id, op) in ops.iter().enumerate() {
        let id = id as u32;
        for name in [&op.sdk_method, &op.sdk_method_py].into_iter().flatten() {
            exact.entry(name.to_string()).or_insert(id);
            let ids = folded.entry(fold_sdk_name(name)).or_default();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        classes.extend(op.sdk_classes.iter().map(|c| c.to_string()));
    }
    let mut former: BTreeMap<String, String> = BTreeMap::new();
    for (op, detail) in ops.iter().zip(details) {
        if !op.sdk_classes.is_empty() {
            continue;
        }
        for tag in &detail.tags {
            let class = sdk_class_for_tag(tag);
            if !classes.contains(&class) {
                former.insert(class, tag.to_string());
            }
        }
    }
    SdkIndex {
        exact: exact.into_iter().map(|(k, v)| (Str::from(k), v)).collect(),
        folded: folded
            .into_iter()
            .flat_map(|(k, ids)| ids.into_iter().map(move |id| (Str::from(k.clone()), id)))
            .collect(),
        classes: classes.into_iter().map(Str::from).collect(),
        former: former
            .into_iter()
            .map(|(k, v)| (Str::from(k), Str::from(v)))
            .collect(),
    }
}
