//! The module structure is one-way: every top-level module of `src/` may
//! import only modules of the layers below it (docs/architecture.md). This
//! test reads every `crate::x` and `super::` path of the sources (comments
//! left out) and fails on an import that goes sideways or up.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The layers, bottom first. A module imports only from earlier lines.
const LAYERS: &[&[&str]] = &[
    &["source", "parallel", "generated", "files"],
    &["diagnostic"],
    &["db"],
    &["model"],
    &["scan"],
    &["parse"],
    &["config", "edit", "import"],
    &["manifest"],
    &["discover"],
    &["rules"],
    &["suppress", "baseline"],
    &["load"],
    &["settings"],
    &["check"],
    &["fix", "privilege"],
    &["access"],
    &["analysis"],
    &["report"],
    &["lsp", "mcp"],
    &["cli"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The text without comments (line, doc and block comments) and string
/// contents, so that neither names a module.
fn code_only(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1)) {
            (b'/', Some(b'/')) => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            (b'/', Some(b'*')) => {
                let mut depth = 0;
                while i < bytes.len() {
                    if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            (b'"', _) => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                out.extend_from_slice(b"\"\"");
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The module path of a source file: `src/load/link.rs` is `[load, link]`.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// For each byte of the code, how many inline `mod name { ... }` blocks
/// hold it.
fn inline_modules(code: &str) -> Vec<usize> {
    let bytes = code.as_bytes();
    let mut depths = vec![0; bytes.len() + 1];
    // The brace depth inside each open inline module.
    let mut open: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let word_start = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        if word_start && bytes[i..].starts_with(b"mod ") {
            let rest = &bytes[i + 4..];
            let name_len = rest
                .iter()
                .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
                .unwrap_or(rest.len());
            let after = rest[name_len..].iter().find(|b| !b.is_ascii_whitespace());
            if name_len > 0 && after == Some(&b'{') {
                open.push(depth + 1);
            }
        }
        match bytes[i] {
            b'{' => depth += 1,
            b'}' => {
                if open.last() == Some(&depth) {
                    open.pop();
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
        depths[i] = open.len();
        i += 1;
    }
    depths
}

/// The top-level modules a file's code names, other than its own.
fn imports(module: &[String], text: &str) -> BTreeSet<String> {
    let code = code_only(text);
    let mut found = BTreeSet::new();
    let word = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    for (at, _) in code.match_indices("crate::") {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$') {
            continue; // `$crate::` in a macro names the macro's own crate
        }
        found.insert(word(&code[at + 7..]));
    }
    // `super::super::x` climbs out of the file's module (and of the inline
    // modules around it, such as `mod tests { ... }`).
    let inline = inline_modules(&code);
    for (at, _) in code.match_indices("super::") {
        if code[..at].ends_with("super::") {
            continue;
        }
        let mut rest = &code[at..];
        let mut up = 0;
        while let Some(r) = rest.strip_prefix("super::") {
            up += 1;
            rest = r;
        }
        if up >= module.len() + inline[at] {
            found.insert(word(rest));
        }
    }
    found.retain(|m| !m.is_empty() && Some(m) != module.first());
    found
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every import that is not to a lower layer: `file: module -> module`.
fn violations(files: &[(PathBuf, String)]) -> Vec<String> {
    let mut bad = Vec::new();
    for (rel, text) in files {
        let module = module_path(rel);
        let Some(top) = module.first() else { continue };
        if top == "lib" || top == "main" {
            continue;
        }
        let Some(here) = layer(top) else {
            bad.push(format!("{}: module `{top}` has no layer", rel.display()));
            continue;
        };
        for imported in imports(&module, text) {
            match layer(&imported) {
                Some(there) if there < here => {}
                Some(_) => bad.push(format!("{}: `{top}` imports `{imported}`", rel.display())),
                None => bad.push(format!("{}: `{imported}` has no layer", rel.display())),
            }
        }
    }
    bad
}

fn read_src() -> Vec<(PathBuf, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    sources(&src, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p.strip_prefix(&src).unwrap().to_path_buf(), text)
        })
        .collect()
}

#[test]
fn every_module_imports_only_layers_below_it() {
    let files = read_src();
    assert!(files.len() > 50, "the sources were not found");
    assert_eq!(violations(&files), Vec::<String>::new());
}

#[test]
fn every_top_level_module_says_what_it_owns() {
    for (rel, text) in read_src() {
        let module = module_path(&rel);
        let top_file = module.len() == 1 && module[0] != "lib" && module[0] != "main";
        if top_file {
            assert!(
                text.trim_start().starts_with("//!"),
                "{} starts with no module doc comment",
                rel.display()
            );
        }
    }
}

/// The check catches what it is for: an upward import, a sideways one, a
/// module left out of the layers, and `super::` out of a module.
#[test]
fn an_upward_import_fails() {
    let file = |path: &str, text: &str| (PathBuf::from(path), text.to_string());
    let files = [
        file(
            "model.rs",
            "use crate::check::Outcome;\nuse crate::db::Database;\n",
        ),
        file("config/mod.rs", "fn f() { crate::edit::append_item(); }\n"),
        file("rules/x.rs", "use super::super::report::render;\n"),
        file("newthing.rs", "use crate::source::Span;\n"),
        file(
            "scan/y.rs",
            "// crate::cli in a comment\nlet s = \"crate::cli\";\n",
        ),
    ];
    assert_eq!(
        violations(&files),
        [
            "model.rs: `model` imports `check`",
            "config/mod.rs: `config` imports `edit`",
            "rules/x.rs: `rules` imports `report`",
            "newthing.rs: module `newthing` has no layer",
        ]
    );
}
