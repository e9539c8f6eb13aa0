//! Applying fixes: [`run`] applies the fixes of a check (data built by
//! `crate::edit`), non-overlapping, writes each changed file through
//! `crate::files` (atomically; never through a link or outside the checked
//! repository unless the user named the file), and checks again until
//! nothing is left to fix.
//!
//! Imports only layers below it (docs/architecture.md): `check`, `db`,
//! `diagnostic`, `files`, `parse`, `source`.

use crate::check::secrets::Masks;
use crate::check::{self, CheckOptions, Outcome};
use crate::db::Database;
use crate::files::{Allowed, Refused};
use crate::source::{FileId, SourceFile};
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

pub use crate::diagnostic::{apply_edits, select, Edit, Fix};

/// What a fix run did.
#[derive(Debug, Clone, Default)]
pub struct Applied {
    /// Fixes applied per file (path relative to the run's root).
    pub per_file: BTreeMap<String, usize>,
    /// Files that could not be fixed, with the reason.
    pub problems: Vec<String>,
    /// What must change outside the repository after the unsafe fixes
    /// applied (each text once, in the order first applied).
    pub then: Vec<String>,
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
    // The checked repositories, and the files named on the command line.
    let named: Vec<PathBuf> = opts
        .load
        .manifest
        .iter()
        .chain(&opts.load.client_json)
        .cloned()
        .collect();
    let allowed = Allowed::checked(&opts.load.paths, &named);
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
        let masks = Masks::of(&outcome.app);
        for (id, fixes) in by_file {
            let file = outcome.sources.get(id);
            match write_fixed(file, &fixes, &allowed, &masks) {
                Ok(()) => {
                    wrote = true;
                    *applied.per_file.entry(file.rel.clone()).or_default() += fixes.len();
                    for then in fixes.iter().filter_map(|f| f.then.as_ref()) {
                        if !applied.then.contains(then) {
                            applied.then.push(then.clone());
                        }
                    }
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
/// The text checked had its secrets masked (same length, so the fixes'
/// spans fit the file on disk too): the fixes go to the file's real text,
/// which is written back in its own encoding.
fn write_fixed(
    file: &SourceFile,
    fixes: &[&Fix],
    allowed: &Allowed,
    masks: &Masks,
) -> Result<(), String> {
    let bytes = crate::files::read_limited(&file.path, crate::files::SOURCE)
        .map_err(|why| format!("cannot read: {why}; not fixed"))?;
    let on_disk = crate::files::decode(bytes);
    let mut as_checked = on_disk.text.clone();
    masks.mask(&mut as_checked);
    if on_disk.lossy || as_checked != file.text {
        return Err(
            "changed since it was checked (or is not UTF-8 or UTF-16 text); not fixed".into(),
        );
    }
    let edits: Vec<Edit> = fixes.iter().flat_map(|f| f.edits.iter().cloned()).collect();
    let fixed = apply_edits(&on_disk.text, &edits)
        .ok_or_else(|| "internal error: the fixes do not fit the file; not fixed".to_string())?;
    if fixed == on_disk.text {
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
    let bytes = on_disk.encoding.encode(&fixed);
    crate::files::write(&file.path, &bytes, allowed).map_err(|e| match e {
        Refused::Io(e) => format!("cannot write: {e}"),
        refused => format!("{refused}; not fixed"),
    })
}
