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

/// Paths a run leaves out (`exclude` in `gclint.toml`): gitignore-style
/// patterns relative to the folder of the file that lists them.
#[derive(Debug, Clone, Default)]
pub struct Exclude {
    matcher: Option<ignore::gitignore::Gitignore>,
}

impl Exclude {
    /// Compiles `patterns` relative to `base`; on a bad pattern, its index
    /// and what is wrong with it.
    pub fn new(base: &Path, patterns: &[String]) -> Result<Exclude, (usize, String)> {
        if patterns.is_empty() {
            return Ok(Exclude::default());
        }
        let mut builder = ignore::gitignore::GitignoreBuilder::new(normalize(base));
        for (i, p) in patterns.iter().enumerate() {
            builder.add_line(None, p).map_err(|e| (i, glob_error(&e)))?;
        }
        let matcher = builder.build().map_err(|e| (0, glob_error(&e)))?;
        Ok(Exclude {
            matcher: Some(matcher),
        })
    }

    /// Whether `path` (absolute) or a folder above it is excluded.
    pub fn excludes(&self, path: &Path, is_dir: bool) -> bool {
        let Some(m) = &self.matcher else {
            return false;
        };
        let path = normalize(path);
        // The matcher panics on a path outside its folder.
        path.starts_with(m.path()) && m.matched_path_or_any_parents(&path, is_dir).is_ignore()
    }
}

/// The absolute form of `path` with `.` and `..` resolved by name (not
/// through symbolic links), so that paths given as `../app` and those
/// found by walking up compare equal.
pub fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in abs.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The reason of a glob error without the `ignore` crate's wrapping.
pub fn glob_error(err: &ignore::Error) -> String {
    match err {
        ignore::Error::Glob { err, .. } => err.clone(),
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => glob_error(err),
        other => other.to_string(),
    }
}

/// Walks `paths` and returns the files of known kinds, sorted by path.
/// Files and folders that `exclude` names are left out unless named
/// directly in `paths`.
pub fn walk(paths: &[PathBuf], exclude: &Exclude) -> (Vec<Found>, Vec<Skipped>) {
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
        let exclude = exclude.clone();
        let walker = ignore::WalkBuilder::new(root)
            .require_git(false)
            .follow_links(false)
            .filter_entry(move |e| {
                let is_dir = e.file_type().is_some_and(|t| t.is_dir());
                // The root was named on the command line: never excluded.
                if e.depth() > 0 && exclude.excludes(e.path(), is_dir) {
                    return false;
                }
                !(is_dir && matches!(e.file_name().to_str(), Some("node_modules" | "target")))
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
