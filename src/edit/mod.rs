//! Edits worked out from the text, so that formatting and comments stay as
//! written and rules never count bytes: remove, replace or append an item
//! of a list (YAML block or flow, JSON, HCL, JavaScript), or add a key to a
//! definition. Each returns a [`Fix`] as data.
//!
//! Imports only layers below it (docs/architecture.md): `diagnostic`, `model`,
//! `parse`, `source`.

pub mod text;

use crate::diagnostic::Fix;
use crate::model::{PermissionsAt, SpannedList};
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

/// `range` without the whitespace that ends it (a YAML block list's value
/// runs to the next line).
fn trimmed(text: &str, range: std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
    let inner = text.get(range.clone())?;
    Some(range.start..range.start + inner.trim_end().len())
}

/// Writes a role's permissions anew, where and as its definition writes
/// them: the Terraform `permission_policies` blocks (which must follow one
/// another), or the one `permissions` or `permissionPolicies` list of a
/// manifest, wizard config or role export. `None` when the role writes
/// them otherwise, when a comment would be lost, or when policies cannot
/// express a permission (a legacy one-word one).
pub fn rewrite_permissions(
    sources: &SourceMap,
    written: &[PermissionsAt],
    permissions: &[String],
    isolation: Span,
    description: String,
) -> Option<Fix> {
    let (groups, legacy) = crate::model::policies_of(permissions);
    let first = written.first()?;
    let file = match first {
        PermissionsAt::Block(s) => s.file,
        PermissionsAt::List { key, .. } | PermissionsAt::Policies { key, .. } => key.file,
    };
    let text = &sources.get(file).text;
    let commented = |r: std::ops::Range<usize>| {
        text.get(r)
            .is_none_or(|t| t.contains('#') || t.contains("//") || t.contains("/*"))
    };
    let edit = match written {
        [PermissionsAt::List { key, value }] => {
            let items: Vec<String> = permissions.iter().map(|p| text::json_string(p)).collect();
            let range = trimmed(text, key.end as usize..value.end as usize)?;
            if key.file != value.file || commented(range.clone()) {
                return None;
            }
            let colon = text.get(range.clone())?.find(':')?;
            crate::diagnostic::Edit::replace(
                range.start + colon..range.end,
                format!(": [{}]", items.join(", ")),
            )
        }
        [PermissionsAt::Policies { key, value }] => {
            if !legacy.is_empty() {
                return None;
            }
            let range = trimmed(text, key.end as usize..value.end as usize)?;
            if key.file != value.file || commented(range.clone()) {
                return None;
            }
            let policies: Vec<String> = groups
                .iter()
                .map(|(d, e, actions)| {
                    let actions: Vec<String> =
                        actions.iter().map(|a| text::json_string(a)).collect();
                    format!(
                        "{{\"domain\": {}, \"entityName\": {}, \"actionSet\": [{}]}}",
                        text::json_string(d),
                        text::json_string(e),
                        actions.join(", ")
                    )
                })
                .collect();
            let colon = text.get(range.clone())?.find(':')?;
            crate::diagnostic::Edit::replace(
                range.start + colon..range.end,
                format!(": [{}]", policies.join(", ")),
            )
        }
        blocks if blocks.iter().all(|w| matches!(w, PermissionsAt::Block(_))) => {
            if !legacy.is_empty() {
                return None;
            }
            let mut spans: Vec<Span> = blocks
                .iter()
                .filter_map(|w| match w {
                    PermissionsAt::Block(s) => Some(*s),
                    _ => None,
                })
                .collect();
            spans.sort_by_key(|s| s.start);
            if spans.iter().any(|s| s.file != file) {
                return None;
            }
            // Only whitespace between the blocks: nothing else is removed.
            for pair in spans.windows(2) {
                let between = text.get(pair[0].end as usize..pair[1].start as usize)?;
                if !between.trim().is_empty() {
                    return None;
                }
            }
            let start = spans.first()?.start as usize;
            let end = spans.last()?.end as usize;
            if commented(start..end) {
                return None;
            }
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let indent = &text[line_start..start];
            if !indent.chars().all(|c| c == ' ' || c == '\t') {
                return None;
            }
            let blocks: Vec<String> = groups
                .iter()
                .map(|(d, e, actions)| {
                    let actions: Vec<String> = actions.iter().map(|a| text::hcl_string(a)).collect();
                    format!(
                        "permission_policies {{\n{indent}  domain      = {}\n{indent}  entity_name = {}\n{indent}  action_set  = [{}]\n{indent}}}",
                        text::hcl_string(d),
                        text::hcl_string(e),
                        actions.join(", ")
                    )
                })
                .collect();
            crate::diagnostic::Edit::replace(start..end, blocks.join(&format!("\n\n{indent}")))
        }
        _ => return None,
    };
    Some(
        Fix::new(file, description, vec![edit], isolation).unsafe_fix(
            "apply the rewritten role in Genesys Cloud too (`terraform apply`, or Admin > Roles / Permissions): the edit changes the definition only; check first that no code gclint cannot see uses what it removes",
        ),
    )
}
