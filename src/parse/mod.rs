//! Parsers for the input formats. Each keeps the byte span of every value so
//! diagnostics can point at the exact token; none of them knows any rule.
//!
//! Imports only layers below it (docs/architecture.md): `scan`.

pub mod de;
pub mod hcl;
mod hcl_chains;
pub mod js_object;
pub mod json;
pub mod tree;
pub mod yaml;

pub use tree::{Entry, Node, NodeKind};

/// Nesting deeper than this is refused (a defence against hostile files;
/// no real configuration comes close).
pub const MAX_DEPTH: usize = 128;

/// Alias expansion stops at this many nodes (YAML "billion laughs").
pub const MAX_NODES: usize = 200_000;

/// JSON, Terraform and wizard files holding more values than this are not
/// parsed: the parsers' trees take 40–80 bytes per byte of such a file (a
/// 15 MB array of numbers took 0.6–1.3 GB), this many values about 100 MB.
pub const MAX_VALUES: usize = 1_000_000;

/// A bound a pre-scan found crossed, before any parser ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Brackets nested deeper than [`MAX_DEPTH`].
    Depth,
    /// More than [`MAX_VALUES`] values.
    Values,
}

impl Limit {
    /// The parse issue at `at`, where the bound is crossed.
    pub fn issue(self, at: usize) -> ParseIssue {
        let message = match self {
            Limit::Depth => format!("nesting deeper than {MAX_DEPTH} levels; not read"),
            Limit::Values => format!("more than {MAX_VALUES} values; not read"),
        };
        ParseIssue::new(at..at + 1, message)
    }
}

/// A problem found while reading a file: what went wrong and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseIssue {
    pub range: std::ops::Range<usize>,
    pub message: String,
}

impl ParseIssue {
    pub fn new(range: std::ops::Range<usize>, message: impl Into<String>) -> Self {
        ParseIssue {
            range,
            message: message.into(),
        }
    }
}

/// A parsed document and the non-fatal problems met on the way.
#[derive(Debug)]
pub struct Parsed {
    pub root: Node,
    pub issues: Vec<ParseIssue>,
}

/// Whether a name read from a file is a plain identifier (`not.found`,
/// `authorizedGrantType`): at most 64 letters, digits and `_ - . $`. Only
/// such names are repeated in messages about what a file holds; anything
/// else may be a value pasted where a name belongs (a token, a secret).
pub fn is_plain_name(name: &str) -> bool {
    // Words: each piece all lower case, all upper case, all digits, or
    // words run together (`grantType`); generated text mixes them.
    let word = |piece: &str| {
        piece.bytes().all(|b| b.is_ascii_lowercase())
            || piece.bytes().all(|b| b.is_ascii_uppercase())
            || piece.bytes().all(|b| b.is_ascii_digit())
            || (piece.bytes().all(|b| b.is_ascii_alphabetic())
                && !piece
                    .as_bytes()
                    .windows(2)
                    .any(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase()))
    };
    !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'$'))
        && name
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|p| !p.is_empty())
            .all(word)
}

/// A key as messages about a file show it: `` `name` `` when it is a
/// plain name, else `a key of N characters`.
pub fn shown_key(key: &str) -> String {
    match is_plain_name(key) {
        true => format!("`{key}`"),
        false => format!("a key of {} characters", key.chars().count()),
    }
}
