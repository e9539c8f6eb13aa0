//! Finds the files of a run: walks the given paths (honouring `.gitignore`),
//! classifies each file and reads the ones gclint understands.

use crate::manifest::is_manifest_name;
use crate::scan::Language;
use std::path::{Path, PathBuf};

/// Files larger than this are skipped with a note (generated bundles, data).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Manifest {
        json: bool,
    },
    Source(Language),
    /// Terraform (`*.tf`).
    Terraform,
    /// Any other JSON: read when its content is Genesys API JSON.
    Json,
}

pub fn classify(path: &Path) -> Option<FileKind> {
    let name = path.file_name()?.to_str()?;
    if is_manifest_name(name) {
        return Some(FileKind::Manifest {
            json: name.ends_with(".json"),
        });
    }
    match path.extension().and_then(|e| e.to_str()) {
        Some("tf") => return Some(FileKind::Terraform),
        Some("json") => return Some(FileKind::Json),
        _ => {}
    }
    Language::from_path(path).map(FileKind::Source)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    pub kind: FileKind,
    /// Named on the command line (read even if ignored by `.gitignore`).
    pub explicit: bool,
}

/// Why a file was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

/// Walks `paths` and returns the files of known kinds, sorted by path.
pub fn walk(paths: &[PathBuf]) -> (Vec<Found>, Vec<Skipped>) {
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    for root in paths {
        if root.is_file() {
            match classify(root) {
                Some(kind) => found.push(Found {
                    path: root.clone(),
                    kind,
                    explicit: true,
                }),
                None => skipped.push(Skipped {
                    path: root.clone(),
                    reason: "not a file kind gclint reads".into(),
                }),
            }
            continue;
        }
        if !root.exists() {
            skipped.push(Skipped {
                path: root.clone(),
                reason: "no such file or directory".into(),
            });
            continue;
        }
        let walker = ignore::WalkBuilder::new(root)
            .require_git(false)
            .follow_links(false)
            .filter_entry(|e| {
                !(e.file_type().is_some_and(|t| t.is_dir())
                    && matches!(e.file_name().to_str(), Some("node_modules" | "target")))
            })
            .build();
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                    if let Some(kind) = classify(e.path()) {
                        found.push(Found {
                            path: e.path().to_path_buf(),
                            kind,
                            explicit: false,
                        });
                    }
                }
                Ok(_) => {}
                Err(err) => skipped.push(Skipped {
                    path: err_path(&err).unwrap_or_else(|| root.clone()),
                    reason: err.to_string(),
                }),
            }
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found.dedup_by(|a, b| a.path == b.path);
    (found, skipped)
}

fn err_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            err_path(err)
        }
        _ => None,
    }
}

/// The text of a file, or why it cannot be read as text.
pub enum Read {
    Text(String),
    /// Not UTF-8: the lossy text, for scanning.
    Lossy(String),
    Skip(String),
}

pub fn read(path: &Path) -> Read {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return Read::Skip(format!("cannot read: {e}")),
    };
    if meta.len() > MAX_FILE_BYTES {
        return Read::Skip(format!("larger than {} MiB", MAX_FILE_BYTES / 1024 / 1024));
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return Read::Skip(format!("cannot read: {e}")),
    };
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return Read::Skip("binary file".into());
    }
    match String::from_utf8(bytes) {
        Ok(text) => Read::Text(text),
        Err(e) => Read::Lossy(String::from_utf8_lossy(e.as_bytes()).into_owned()),
    }
}
