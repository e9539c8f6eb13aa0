//! Applying fixes: [`run`] applies the fixes of a check (data built by
//! `crate::edit`), non-overlapping, writes each changed file atomically, and
//! checks again until nothing is left to fix.
//!
//! Imports only layers below it (docs/architecture.md): `check`, `db`,
//! `diagnostic`, `parse`, `source`.

use crate::check::{self, CheckOptions, Outcome};
use crate::db::Database;
use crate::source::{FileId, SourceFile};
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

pub use crate::diagnostic::{apply_edits, select, Edit, Fix};

/// What a fix run did.
#[derive(Debug, Clone, Default)]
pub struct Applied {
    /// Fixes applied per file (path relative to the run's root).
    pub per_file: BTreeMap<String, usize>,
    /// Files that could not be fixed, with the reason.
    pub problems: Vec<String>,
}

impl Applied {
    pub fn total(&self) -> usize {
        self.per_file.values().sum()
    }
}

/// Passes before giving up on fixes that keep producing new ones.
pub const MAX_PASSES: usize = 50;

/// From a check's outcome, applies the fixes `collect` picks, checks
/// again, and goes on until a pass applies nothing. Returns the last
/// check's outcome when fixes were applied (else `first` is still current).
pub fn run(
    db: &Database,
    opts: &CheckOptions,
    first: &Outcome,
    collect: impl Fn(&Outcome) -> Vec<Fix>,
) -> (Option<Outcome>, Applied) {
    let mut applied = Applied::default();
    let mut last: Option<Outcome> = None;
    // A file that cannot be written is not tried again.
    let mut refused: HashSet<PathBuf> = HashSet::new();
    for _ in 0..MAX_PASSES {
        let outcome = last.as_ref().unwrap_or(first);
        let fixes: Vec<Fix> = collect(outcome)
            .into_iter()
            .filter(|f| !refused.contains(&outcome.sources.get(f.file).path))
            .collect();
        let chosen = select(&fixes);
        if chosen.is_empty() {
            return (last, applied);
        }
        let mut by_file: BTreeMap<FileId, Vec<&Fix>> = BTreeMap::new();
        for fix in chosen {
            by_file.entry(fix.file).or_default().push(fix);
        }
        let mut wrote = false;
        for (id, fixes) in by_file {
            let file = outcome.sources.get(id);
            match write_fixed(file, &fixes) {
                Ok(()) => {
                    wrote = true;
                    *applied.per_file.entry(file.rel.clone()).or_default() += fixes.len();
                }
                Err(problem) => {
                    refused.insert(file.path.clone());
                    applied.problems.push(format!("{}: {problem}", file.rel));
                }
            }
        }
        if !wrote {
            return (last, applied);
        }
        last = Some(check::run(db, opts));
    }
    applied.problems.push(format!(
        "fixes were still being found after {MAX_PASSES} passes; stopped"
    ));
    (last, applied)
}

/// Applies fixes to one file and writes it, after making sure the file is
/// still what was checked and the result still parses.
fn write_fixed(file: &SourceFile, fixes: &[&Fix]) -> Result<(), String> {
    let on_disk = std::fs::read(&file.path).map_err(|e| format!("cannot read: {e}"))?;
    if on_disk != file.text.as_bytes() {
        return Err("changed since it was checked (or is not plain UTF-8 text); not fixed".into());
    }
    let edits: Vec<Edit> = fixes.iter().flat_map(|f| f.edits.iter().cloned()).collect();
    let fixed = apply_edits(&file.text, &edits)
        .ok_or_else(|| "internal error: the fixes do not fit the file; not fixed".to_string())?;
    if fixed == file.text {
        return Ok(());
    }
    let reparsed = match file.path.extension().and_then(|e| e.to_str()) {
        Some("json") => crate::parse::json::parse(&fixed).map(|_| ()),
        Some("yaml" | "yml") => crate::parse::yaml::parse(&fixed).map(|_| ()),
        _ => Ok(()),
    };
    if let Err(issue) = reparsed {
        return Err(format!(
            "internal error: the fixes would make it unreadable ({}); not fixed",
            issue.message
        ));
    }
    write_atomic(&file.path, &fixed).map_err(|e| format!("cannot write: {e}"))
}

/// Writes a file by writing a temporary file beside it and renaming it over
/// the original, so a reader never sees half a file. Keeps the permissions;
/// a symbolic link is followed, not replaced.
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = target
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let permissions = std::fs::metadata(&target).map(|m| m.permissions()).ok();
    let mut attempt = 0u32;
    let (tmp, mut out) = loop {
        let tmp = dir.join(format!(
            ".{name}.gclint-{}-{attempt}.tmp",
            std::process::id()
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(e) => return Err(e),
        }
    };
    let written = (|| {
        out.write_all(text.as_bytes())?;
        if let Some(p) = permissions {
            out.set_permissions(p)?;
        }
        out.sync_all()?;
        drop(out);
        std::fs::rename(&tmp, &target)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_the_content() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        std::fs::write(&path, "old\n").unwrap();
        write_atomic(&path, "new\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left behind");
    }
}
