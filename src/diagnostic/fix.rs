//! Fixes as plain data: byte-range edits in one file and a description,
//! attached to a diagnostic. Rules build them through `crate::edit`; the
//! fix runner (`crate::fix`) applies them; renderers show them.

use crate::source::{FileId, Span};
use std::collections::HashSet;
use std::ops::Range;

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
    /// Applying it keeps the app working as it does. An unsafe fix is
    /// right but needs more than the edit (a new OAuth client, an SDK
    /// upgrade): `--fix` applies it only with `--unsafe-fixes`.
    pub safe: bool,
    /// Of an unsafe fix: what must change outside the repository once it
    /// is applied (said after `--fix --unsafe-fixes` writes it).
    pub then: Option<String>,
}

impl Fix {
    /// A fix of one file whose edits are sorted here.
    pub fn new(file: FileId, description: String, mut edits: Vec<Edit>, isolation: Span) -> Fix {
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        Fix {
            file,
            description,
            edits,
            isolation: Some(isolation),
            safe: true,
            then: None,
        }
    }

    /// The same fix, marked as needing more than the edit: `then` says what
    /// must change outside the repository once it is applied.
    pub fn unsafe_fix(mut self, then: &str) -> Fix {
        self.safe = false;
        self.then = Some(then.to_string());
        self
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn fix(file: u32, edits: &[(Range<usize>, &str)], group: Option<u32>) -> Fix {
        Fix {
            file: FileId(file),
            description: String::new(),
            edits: edits
                .iter()
                .map(|(r, t)| Edit::replace(r.clone(), *t))
                .collect(),
            isolation: group.map(|g| Span::new(FileId(file), g as usize..g as usize + 1)),
            safe: true,
            then: None,
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
}
