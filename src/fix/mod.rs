//! Fixes: the one patch module. Rules attach a [`Fix`] (byte-range edits in
//! one file and a description) to a diagnostic through the list helpers
//! below, which work out the edits from the text so that formatting and
//! comments stay as written; rules never count bytes. [`run`] applies the
//! fixes of a check, non-overlapping, writes each changed file atomically,
//! and checks again until nothing is left to fix.

pub mod text;

use crate::check::{self, CheckOptions, Outcome};
use crate::db::Database;
use crate::model::SpannedList;
use crate::source::{FileId, SourceFile, SourceMap, Span};
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use text::ListText;

/// Replace the bytes of `range` with `replacement` (an insertion when the
/// range is empty, a deletion when the replacement is).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

impl Edit {
    pub fn replace(range: Range<usize>, replacement: impl Into<String>) -> Edit {
        Edit {
            range,
            replacement: replacement.into(),
        }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit::replace(at..at, text)
    }

    pub fn delete(range: Range<usize>) -> Edit {
        Edit::replace(range, String::new())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub file: FileId,
    /// What the fix does, for people (`remove \`notifications\``).
    pub description: String,
    /// Non-overlapping edits, in text order.
    pub edits: Vec<Edit>,
    /// Fixes sharing this span edit one list whose changes interact (the
    /// last item removed, a scope added twice): one of them is applied per
    /// pass, and the next pass works on the checked result.
    pub isolation: Option<Span>,
}

impl Fix {
    fn new(file: FileId, description: String, mut edits: Vec<Edit>, isolation: Span) -> Fix {
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        Fix {
            file,
            description,
            edits,
            isolation: Some(isolation),
        }
    }
}

fn is_json(file: &SourceFile) -> bool {
    file.path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// The text of a list and its items (all in the key's file, else `None`).
fn list_text<'a, T>(sources: &'a SourceMap, list: &SpannedList<T>) -> Option<ListText<'a>> {
    if list.items.iter().any(|i| i.span.file != list.key.file) {
        return None;
    }
    let file = sources.get(list.key.file);
    Some(ListText {
        text: &file.text,
        json: is_json(file),
        key: list.key.range(),
        items: list.items.iter().map(|i| i.span.range()).collect(),
    })
}

/// Removes item `index` of a list (its line in a YAML block list, the item
/// and one comma in a flow or JSON list).
pub fn remove_item<T>(
    sources: &SourceMap,
    list: &SpannedList<T>,
    index: usize,
    description: String,
) -> Option<Fix> {
    let text = list_text(sources, list)?;
    let edits = text.remove(index)?;
    Some(Fix::new(list.key.file, description, edits, list.key))
}

/// Writes `value` in place of item `index`, quoted like the item.
pub fn replace_item<T>(
    sources: &SourceMap,
    list: &SpannedList<T>,
    index: usize,
    value: &str,
    description: String,
) -> Option<Fix> {
    let text = list_text(sources, list)?;
    let edits = text.replace(index, value)?;
    Some(Fix::new(list.key.file, description, edits, list.key))
}

/// Adds `value` at the end of a list, in the style of its items.
pub fn append_item<T>(
    sources: &SourceMap,
    list: &SpannedList<T>,
    value: &str,
    description: String,
) -> Option<Fix> {
    let text = list_text(sources, list)?;
    let edits = text.append(value)?;
    Some(Fix::new(list.key.file, description, edits, list.key))
}

/// Adds `key: [value]` to the mapping `owner` (which lacks the key), after
/// the entry whose value is `anchor`.
pub fn add_entry(
    sources: &SourceMap,
    owner: Span,
    anchor: Span,
    key: &str,
    value: &str,
    description: String,
) -> Option<Fix> {
    if owner.file != anchor.file {
        return None;
    }
    let file = sources.get(owner.file);
    let edits = text::insert_entry(
        &file.text,
        is_json(file),
        &owner.range(),
        &anchor.range(),
        key,
        value,
    )?;
    Some(Fix::new(owner.file, description, edits, anchor))
}

/// Applies edits (non-overlapping, any order) to a text. `None` when an edit
/// falls outside the text or inside a character.
pub fn apply_edits(text: &str, edits: &[Edit]) -> Option<String> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in sorted {
        if e.range.start < at || e.range.end < e.range.start {
            return None;
        }
        out.push_str(text.get(at..e.range.start)?);
        text.get(e.range.clone())?;
        out.push_str(&e.replacement);
        at = e.range.end;
    }
    out.push_str(text.get(at..)?);
    Some(out)
}

/// Two edits touch: overlapping ranges, or an insertion at the edge of or
/// inside the other (whose order would be ambiguous).
fn conflict(a: &Range<usize>, b: &Range<usize>) -> bool {
    if a.is_empty() || b.is_empty() {
        a.start <= b.end && b.start <= a.end
    } else {
        a.start < b.end && b.start < a.end
    }
}

/// The fixes of one pass: in order, each one that touches no edit already
/// taken and shares no isolation span with a fix already taken.
pub fn select(fixes: &[Fix]) -> Vec<&Fix> {
    let mut taken: Vec<&Fix> = Vec::new();
    let mut groups: HashSet<Span> = HashSet::new();
    for fix in fixes {
        if fix.edits.is_empty() || taken.iter().any(|t| t == &fix) {
            continue;
        }
        if fix.isolation.is_some_and(|g| groups.contains(&g)) {
            continue;
        }
        let clashes = taken.iter().any(|t| {
            t.file == fix.file
                && t.edits
                    .iter()
                    .any(|a| fix.edits.iter().any(|b| conflict(&a.range, &b.range)))
        });
        if clashes {
            continue;
        }
        groups.extend(fix.isolation);
        taken.push(fix);
    }
    taken
}

/// What a fix run did.
#[derive(Debug, Default)]
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

    /// `applied 3 fixes to appfoundry.yaml`, one line per file; `noun` is
    /// what was applied, singular and plural (`("fix", "fixes")`).
    pub fn summary(&self, noun: (&str, &str), nothing: &str) -> String {
        let mut out = String::new();
        for (file, n) in &self.per_file {
            out.push_str(&format!(
                "gclint: applied {n} {} to {file}\n",
                if *n == 1 { noun.0 } else { noun.1 }
            ));
        }
        if self.per_file.is_empty() {
            out.push_str(&format!("gclint: {nothing}\n"));
        }
        for p in &self.problems {
            out.push_str(&format!("gclint: warning: {p}\n"));
        }
        out
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

    fn fix(file: u32, edits: &[(Range<usize>, &str)], group: Option<u32>) -> Fix {
        Fix {
            file: FileId(file),
            description: String::new(),
            edits: edits
                .iter()
                .map(|(r, t)| Edit::replace(r.clone(), *t))
                .collect(),
            isolation: group.map(|g| Span::new(FileId(file), g as usize..g as usize + 1)),
        }
    }

    #[test]
    fn edits_apply_in_text_order() {
        let edits = [
            Edit::insert(5, "!"),
            Edit::delete(0..1),
            Edit::replace(2..3, "LL"),
        ];
        assert_eq!(apply_edits("hello", &edits).unwrap(), "eLLlo!");
        assert_eq!(apply_edits("hello", &[Edit::delete(4..9)]), None);
        assert_eq!(apply_edits("héllo", &[Edit::delete(1..2)]), None);
    }

    #[test]
    fn overlapping_and_isolated_fixes_wait_for_the_next_pass() {
        let fixes = [
            fix(0, &[(0..3, "")], None),
            fix(0, &[(2..5, "")], None),
            fix(1, &[(2..5, "")], None),
            fix(0, &[(3..3, "x")], None),
            fix(0, &[(8..9, "")], Some(7)),
            fix(0, &[(10..11, "")], Some(7)),
            fix(0, &[(20..20, "a")], None),
            fix(0, &[(20..20, "a")], None),
        ];
        let chosen: Vec<usize> = select(&fixes)
            .into_iter()
            .map(|f| fixes.iter().position(|x| std::ptr::eq(x, f)).unwrap())
            .collect();
        assert_eq!(chosen, [0, 2, 4, 6]);
    }

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
