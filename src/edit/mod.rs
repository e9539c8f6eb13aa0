//! Edits worked out from the text, so that formatting and comments stay as
//! written and rules never count bytes: remove, replace or append an item
//! of a list (YAML block or flow, JSON, HCL, JavaScript), or add a key to a
//! definition. Each returns a [`Fix`] as data.
//!
//! Imports only layers below it (docs/architecture.md): `diagnostic`, `model`,
//! `parse`, `source`.

pub mod text;

use crate::diagnostic::Fix;
use crate::model::SpannedList;
use crate::source::{SourceFile, SourceMap, Span};
use text::ListText;

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

/// Writes `new` in place of `old` inside the scalar at `value` (its quotes
/// kept) and adds `key: literal` to the mapping `owner` right after it: one
/// fix (`grantType: TOKEN` → `grantType: CODE` + `pkce: true`).
pub fn replace_value_and_add_entry(
    sources: &SourceMap,
    owner: Span,
    value: Span,
    (old, new): (&str, &str),
    (key, literal): (&str, &str),
    description: String,
) -> Option<Fix> {
    if owner.file != value.file {
        return None;
    }
    let file = sources.get(value.file);
    let range = value.range();
    let at = range.start + file.text.get(range.clone())?.find(old)?;
    let mut edits = vec![crate::diagnostic::Edit::replace(at..at + old.len(), new)];
    edits.extend(text::insert_literal_entry(
        &file.text,
        is_json(file),
        &owner.range(),
        &range,
        key,
        literal,
    )?);
    Some(Fix::new(value.file, description, edits, value))
}

/// Writes `new` in place of the text at `span` (an identifier).
pub fn replace_span(
    sources: &SourceMap,
    span: Span,
    new: &str,
    description: String,
) -> Option<Fix> {
    sources.get(span.file).text.get(span.range())?;
    Some(Fix::new(
        span.file,
        description,
        vec![crate::diagnostic::Edit::replace(span.range(), new)],
        span,
    ))
}
