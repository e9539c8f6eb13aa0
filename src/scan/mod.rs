//! Source scanning: finds Platform API calls and login flows in code. Only
//! code is read: strings are values, comments are skipped.

pub mod js;

use crate::model::{CallKind, GrantKind};
use std::ops::Range;

/// What one source file says about the API.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FileScan {
    pub calls: Vec<FoundCall>,
    pub flows: Vec<FoundFlow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundCall {
    pub range: Range<usize>,
    pub kind: CallKind,
    /// For SDK calls: whether the receiver is known to be an SDK API object
    /// (built with `new platformClient.XxxApi()`), not just named like one.
    pub known_api_object: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundFlow {
    pub range: Range<usize>,
    pub grant: GrantKind,
    pub pkce: bool,
}

/// Source languages the scanner reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    JavaScript,
    /// HTML or Vue single-file components: the `<script>` blocks.
    Html,
}

impl Language {
    pub fn from_path(path: &std::path::Path) -> Option<Language> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "js" | "mjs" | "cjs" | "jsx" | "ts" | "mts" | "cts" | "tsx" => {
                Some(Language::JavaScript)
            }
            "html" | "htm" | "vue" => Some(Language::Html),
            _ => None,
        }
    }
}

/// Cheap test before scanning: a file that mentions neither an API path,
/// an SDK API class nor a login cannot hold a Genesys fact.
pub fn worth_scanning(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memmem::find(bytes, b"/api/v2").is_some()
        || memchr::memmem::find(bytes, b"Api").is_some()
        || memchr::memmem::find(bytes, b"login").is_some()
        || memchr::memmem::find(bytes, b"client_credentials").is_some()
}

pub fn scan(language: Language, text: &str) -> FileScan {
    if !worth_scanning(text) {
        return FileScan::default();
    }
    match language {
        Language::JavaScript => js::scan(text, 0),
        Language::Html => {
            let mut out = FileScan::default();
            for block in js::script_blocks(text) {
                let part = js::scan(&text[block.clone()], block.start);
                out.calls.extend(part.calls);
                out.flows.extend(part.flows);
            }
            out
        }
    }
}
