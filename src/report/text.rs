//! Pieces every plain-text and Markdown renderer shares: indented blocks,
//! counted nouns, places grouped by what is there, Markdown cells.

/// Each line of `text` after `by`; empty lines stay empty.
pub fn indent(text: &str, by: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                "\n".to_string()
            } else {
                format!("{by}{l}\n")
            }
        })
        .collect()
}

/// `1 entry`, `2 entries`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `s` after a count: `""` for one, `"s"` for any other.
pub fn s(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The places of each key, keys in the order first met:
/// `[(getUsersMe, [a.js:1:1, a.js:9:1])]`.
pub fn grouped<K: PartialEq>(
    items: impl IntoIterator<Item = (K, String)>,
) -> Vec<(K, Vec<String>)> {
    let mut groups: Vec<(K, Vec<String>)> = Vec::new();
    for (key, place) in items {
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, places)) => places.push(place),
            None => groups.push((key, vec![place])),
        }
    }
    groups
}

/// gclint's own text (and the database's) for a Markdown table cell:
/// pipes escaped. The tree's strings go through `escape::markdown_code`.
pub fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}
