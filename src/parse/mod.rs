//! Parsers for the input formats. Each keeps the byte span of every value so
//! diagnostics can point at the exact token; none of them knows any rule.

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
