//! Which read file each import names: JavaScript/TypeScript relative
//! specifiers (`./api`, `../gc/users` with their extensions and `index`
//! files) and Python modules (`.client`, `gc.users`, from the importing
//! file's package up to the scanned root).

use crate::scan::FileScan;
use crate::source::{FileId, SourceMap};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const JS_EXTENSIONS: [&str; 8] = ["", ".js", ".ts", ".tsx", ".jsx", ".mjs", ".cjs", ".vue"];

/// The files an import specifier may be, most likely first.
fn candidates(from: &Path, spec: &str, top: &Path) -> Vec<PathBuf> {
    let dir = from.parent().unwrap_or(Path::new(""));
    let python = from.extension().is_some_and(|e| e == "py");
    let mut out = Vec::new();
    if python {
        let dots = spec.chars().take_while(|c| *c == '.').count();
        let rel = spec[dots..].replace('.', "/");
        let mut bases = Vec::new();
        if dots > 0 {
            let mut base = dir.to_path_buf();
            for _ in 1..dots {
                base.pop();
            }
            bases.push(base);
        } else {
            // An absolute module: the importing file's folder and the
            // folders above it, up to the scanned root.
            let mut base = dir.to_path_buf();
            loop {
                bases.push(base.clone());
                if base == top || !base.pop() {
                    break;
                }
            }
        }
        for base in bases {
            let module = base.join(&rel);
            out.push(module.with_extension("py"));
            out.push(module.join("__init__.py"));
        }
    } else if spec.starts_with("./") || spec.starts_with("../") {
        let base = crate::discover::tidy(&dir.join(spec));
        for ext in JS_EXTENSIONS {
            let mut p = base.clone().into_os_string();
            p.push(ext);
            out.push(PathBuf::from(p));
        }
        for ext in &JS_EXTENSIONS[1..] {
            out.push(base.join(format!("index{ext}")));
        }
    }
    out
}

/// Each scanned file's imports that name another scanned file:
/// `(importer, imported)`.
pub fn edges(
    scans: &[(FileId, FileScan)],
    sources: &SourceMap,
    roots: &[PathBuf],
) -> Vec<(FileId, FileId)> {
    let by_path: HashMap<&Path, FileId> = scans
        .iter()
        .map(|(f, _)| (sources.get(*f).path.as_path(), *f))
        .collect();
    // The outermost root above each file, found among the file's own
    // folders (a few look-ups) rather than by comparing every root with
    // every file.
    let roots: std::collections::HashSet<&Path> = roots.iter().map(PathBuf::as_path).collect();
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (file, scan) in scans {
        let path = &sources.get(*file).path;
        if scan.imports.is_empty() {
            continue;
        }
        let top = path
            .ancestors()
            .filter(|a| roots.contains(a))
            .last()
            .unwrap_or(Path::new("/"));
        for spec in &scan.imports {
            let found = candidates(path, spec, top)
                .iter()
                .find_map(|c| by_path.get(c.as_path()).copied())
                .filter(|f| f != file);
            if let Some(to) = found {
                if seen.insert((*file, to)) {
                    out.push((*file, to));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specifiers_to_files() {
        let js = candidates(Path::new("/r/web/app.js"), "./lib/api", Path::new("/r"));
        assert_eq!(js[1], PathBuf::from("/r/web/lib/api.js"));
        assert!(js.contains(&PathBuf::from("/r/web/lib/api/index.ts")));
        let up = candidates(Path::new("/r/web/app.ts"), "../gc", Path::new("/r"));
        assert_eq!(up[2], PathBuf::from("/r/gc.ts"));
        let rel = candidates(Path::new("/r/pkg/main.py"), ".client", Path::new("/r"));
        assert_eq!(rel[0], PathBuf::from("/r/pkg/client.py"));
        let abs = candidates(
            Path::new("/r/pkg/sub/main.py"),
            "pkg.client",
            Path::new("/r"),
        );
        assert!(abs.contains(&PathBuf::from("/r/pkg/client.py")));
        assert!(candidates(Path::new("/r/web/app.js"), "axios", Path::new("/r")).is_empty());
    }
}
