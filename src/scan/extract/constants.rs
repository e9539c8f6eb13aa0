//! Path constants: `public const LIST = 'conversations';` in an
//! `enum Endpoints`, `USERS_PATH = '/api/v2/users'` in a module of its own,
//! and the requests other files make with them (`$url = Endpoints::LIST;
//! $this->connection()->get($url)`). A file only records both halves; the
//! check joins them across the project (`check::constant_calls`) and keeps
//! a request only when the constant's value names a real Platform path.

use super::{Extractor, NEAR};
use crate::scan::{FoundConstant, FoundConstantRequest};

/// A name written as a constant: `USERS`, `CREATE_MESSAGE`, `API_V2`.
fn constant_name(name: &str) -> bool {
    name.len() >= 2
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// A value that may be a path (`conversations/{conversationId}`,
/// `/api/v2/users`): no spaces, starts with a letter or `/`.
fn path_like(value: &str) -> bool {
    value.len() <= 200
        && value.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/{}_-.:$".contains(c))
}

impl Extractor<'_> {
    /// The class, enum or object the declaration at token `i` sits in.
    fn container_of(&self, i: usize) -> Option<String> {
        let mut at = i;
        // Out through blocks until one is a type's body.
        for _ in 0..4 {
            let open = (at.saturating_sub(NEAR * 16)..at)
                .rev()
                .find(|&k| self.punct(k, b'{') && self.matching(k).is_none_or(|close| close > i))?;
            for k in (open.saturating_sub(8)..open).rev() {
                if matches!(
                    self.ident(k),
                    Some("class" | "enum" | "object" | "interface" | "struct" | "record")
                ) {
                    return self.ident(k + 1).map(str::to_string);
                }
            }
            at = open;
        }
        None
    }

    /// A constant's definition or a request made with one, at token `i`.
    pub(super) fn constant(&mut self, i: usize) {
        let Some(name) = self.ident(i) else { return };
        // `NAME = 'value'` (a constant's name, or `const` before it).
        if self.punct(i + 1, b'=') {
            let declared = constant_name(name)
                || (i.saturating_sub(3)..i)
                    .any(|k| matches!(self.ident(k), Some("const" | "final" | "readonly" | "val")));
            if let Some(value) = self.string(i + 2).filter(|v| declared && path_like(v)) {
                // Only a value that ends there: `NAME = 'x' + y` is not one.
                if !self.punct(i + 3, b'+') {
                    let container = self.container_of(i);
                    self.out.constants.push(FoundConstant {
                        container,
                        name: name.to_string(),
                        value: value.to_string(),
                    });
                }
            }
            return;
        }
        // `Container.NAME` (`::` reads as `.`) or a bare `NAME`.
        let (container, last) = if constant_name(name) {
            if i >= 1 && self.punct(i - 1, b'.') {
                return; // the second half of `Container.NAME`: seen at its start
            }
            (None, i)
        } else if name.starts_with(|c: char| c.is_ascii_uppercase())
            && self.punct(i + 1, b'.')
            && self.ident(i + 2).is_some_and(constant_name)
            && !(i >= 1 && self.punct(i - 1, b'.'))
        {
            (Some(name.to_string()), i + 2)
        } else {
            return;
        };
        if self.punct(last + 1, b'(') || self.punct(last + 1, b'=') {
            return;
        }
        let constant = self.ident(last).unwrap_or("").to_string();
        let (suffix, end) = self
            .concatenated(String::new(), last)
            .unwrap_or((String::new(), last));
        let mut requests: Vec<(usize, usize, String, String)> = Vec::new();
        if let Some(method) = self.method_for(i) {
            requests.push((i, end, method, suffix.clone()));
        } else if let Some(var) = self.assigned_variable(i) {
            for (k, method) in self.requests_via_variable(var, end + 1) {
                let (more, to) = self
                    .concatenated(suffix.clone(), k)
                    .unwrap_or((suffix.clone(), k));
                requests.push((k, to, method, more));
            }
        }
        for (from, to, method, suffix) in requests {
            self.out.constant_requests.push(FoundConstantRequest {
                range: self.range(from, to),
                container: container.clone(),
                name: constant.clone(),
                method,
                suffix,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_values() {
        assert!(constant_name("CREATE_MESSAGE"));
        assert!(constant_name("V2"));
        assert!(!constant_name("Endpoints"));
        assert!(!constant_name("get"));
        assert!(path_like("conversations/{conversationId}/messages"));
        assert!(path_like("/api/v2/users"));
        assert!(!path_like("Hello world"));
        assert!(!path_like("{\"a\": 1}"));
    }
}
