//! A file's own request wrappers: functions whose body sends one of their
//! parameters as a request's URL (`function post(path, body) { return
//! axios.post(BASE + path, body) }`, Go `func (c *Client) del(path string)
//! { http.NewRequest("DELETE", c.base+path, nil) }`). A call of such a
//! function with a Platform path takes the method of its body. Functions
//! with a braced body only (Python wrappers are usually named for their
//! verb, which the caller already reads).

use super::Extractor;
use rustc_hash::FxHashMap as HashMap;

/// Names that open a block without being a function's.
const NOT_FUNCTIONS: [&str; 9] = [
    "if", "for", "while", "switch", "catch", "with", "foreach", "using", "lock",
];

/// Types a parameter is declared with after its name (`path string`).
fn is_type_name(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_uppercase())
        || matches!(
            word,
            "string" | "int" | "int64" | "bool" | "float64" | "any" | "interface" | "byte" | "str"
        )
}

impl<'a> Extractor<'a> {
    /// The parameter names of the list opened at `open`.
    fn parameters(&self, open: usize) -> Vec<&'a str> {
        let Some(close) = self.matching(open) else {
            return Vec::new();
        };
        let mut names = Vec::new();
        let mut segment: Vec<usize> = Vec::new();
        let mut flush = |segment: &mut Vec<usize>| {
            let idents: Vec<&'a str> = segment.iter().filter_map(|&k| self.ident(k)).collect();
            let colon = segment
                .iter()
                .position(|&k| self.punct(k, b':') || self.punct(k, b'='));
            let name = match (colon, idents.as_slice()) {
                // `path: string`, `body=None`
                (Some(c), _) => segment[..c].iter().rev().find_map(|&k| self.ident(k)),
                (None, [one]) => Some(*one),
                // Go `path string`; C#/Java `string path`, PHP `string $path`
                (None, [first, .., last]) => Some(if is_type_name(last) { *first } else { *last }),
                (None, []) => None,
            };
            names.push(name.unwrap_or(""));
            segment.clear();
        };
        for k in self.inside(open, close, false) {
            if self.punct(k, b',') {
                flush(&mut segment);
            } else {
                segment.push(k);
            }
        }
        if !segment.is_empty() {
            flush(&mut segment);
        }
        names
    }

    /// The function definitions of the file whose body sends a parameter.
    pub(super) fn file_wrappers(&self) -> &HashMap<&'a str, (usize, String)> {
        self.wrappers.get_or_init(|| {
            let mut found = HashMap::default();
            for k in 0..self.toks.len() {
                let Some(name) = self.ident(k) else { continue };
                if !self.punct(k + 1, b'(') || NOT_FUNCTIONS.contains(&name) {
                    continue;
                }
                let Some(close) = self.matching(k + 1) else {
                    continue;
                };
                // The body: the next `{` within a few tokens (a return type,
                // `throws`, `=>`), or Python's `:` up to the next `def`.
                let Some(body) = (close + 1..(close + 8).min(self.toks.len()))
                    .take_while(|&b| !self.punct(b, b';') && !self.punct(b, b'('))
                    .find(|&b| self.punct(b, b'{'))
                else {
                    continue;
                };
                let Some(end) = self.matching(body) else {
                    continue;
                };
                let params = self.parameters(k + 1);
                if params.is_empty() || end - body > 4096 {
                    continue;
                }
                let sent = (body + 1..end).find_map(|t| {
                    let p = self.ident(t)?;
                    let index = params.iter().position(|&q| q == p)?;
                    // The parameter itself, not a member of it.
                    if t >= 1 && self.punct(t - 1, b'.') {
                        return None;
                    }
                    // Only a direct request: wrappers of wrappers resolve
                    // through their own names.
                    let method = self.direct_method(t)?;
                    Some((index, method))
                });
                if let Some(sent) = sent {
                    found.entry(name).or_insert(sent);
                }
            }
            found
        })
    }

    /// The method of the request whose URL holds token `t`, from the calls
    /// around it only (never through another wrapper of the file, so that
    /// building the wrapper list does not recurse).
    fn direct_method(&self, t: usize) -> Option<String> {
        let open = self.enclosing_call(t)?;
        let callee = self.callee(open).and_then(|c| self.ident(c))?;
        let member = self
            .callee(open)
            .is_some_and(|c| c >= 1 && self.punct(c - 1, b'.'));
        if member {
            if let Some(v) = super::verb_of(callee) {
                return Some(v.to_string());
            }
        }
        // `NewRequest("DELETE", base + path)`, `fetch(url, { method: 'POST' })`
        for k in self.inside(open, t, false) {
            if let Some(v) = self.string(k).and_then(super::verb_of) {
                return Some(v.to_string());
            }
        }
        let close = self.matching(open)?;
        if let Some(m) = self.method_option(open, close) {
            return Some(m);
        }
        // `fetch(url)` without a `method` option is a GET; with one taken
        // from a parameter, the caller says.
        (callee == "fetch" && !self.has_method_option(open, close)).then(|| "GET".to_string())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn types_after_parameter_names() {
        assert!(super::is_type_name("string"));
        assert!(super::is_type_name("HttpContent"));
        assert!(!super::is_type_name("path"));
    }
}
