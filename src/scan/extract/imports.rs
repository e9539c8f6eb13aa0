//! What a file imports from its own project: JavaScript/TypeScript
//! `import ... from './x'`, `export ... from './x'`, `require('./x')`,
//! `import('./x')`, and Python `from .x import y`, `from x import y`,
//! `import x.y`. The specifiers are kept as written; the loader resolves
//! them to files (a module imported by a file that logs in runs under that
//! login).

use super::Extractor;

impl Extractor<'_> {
    /// The import at token `i`, if one starts there.
    pub(super) fn import(&mut self, i: usize) {
        let Some(word) = self.ident(i) else { return };
        if self.flavor.python {
            return self.python_import(i, word);
        }
        let spec = match word {
            // `from './x'` ends a JS import or re-export.
            "from" => self.string(i + 1),
            // `require('./x')`, `import('./x')`
            "require" | "import" if self.punct(i + 1, b'(') => self.string(i + 2),
            // `import './polyfill'`
            "import" => self.string(i + 1),
            _ => None,
        };
        if let Some(spec) = spec.map(str::to_string) {
            self.push_import(spec);
        }
    }

    /// Python `import a.b, c` and `from x import a, b`: the module, and
    /// each imported name as a module of it (`from . import helpers` names
    /// `helpers.py`; `from gc import users` may name `gc/users.py`).
    fn python_import(&mut self, i: usize, word: &str) {
        match word {
            "import" if !self.after_from(i) => {
                for (module, _) in self.dotted_list(i + 1) {
                    self.push_import(module);
                }
            }
            "from" => {
                let Some((module, next)) = self.dotted(i + 1) else {
                    return;
                };
                if self.ident(next) != Some("import") {
                    return;
                }
                let names = self.dotted_list(next + 1);
                if !module.ends_with('.') {
                    self.push_import(module.clone());
                }
                let sep = if module.ends_with('.') { "" } else { "." };
                for (name, _) in names {
                    self.push_import(format!("{module}{sep}{name}"));
                }
            }
            _ => {}
        }
    }

    /// Whether the `import` at `i` closes a `from x import` clause.
    fn after_from(&self, i: usize) -> bool {
        let mut j = i;
        while j > 0 && !self.line_starts_at(j) {
            j -= 1;
            if self.punct(j, b'.') {
                continue;
            }
            match self.ident(j) {
                Some("from") => return true,
                Some(_) => continue,
                None => return false,
            }
        }
        false
    }

    /// `a.b, c as d, (e, f)`: the modules and the token after each.
    fn dotted_list(&self, mut i: usize) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        if self.punct(i, b'(') {
            i += 1;
        }
        while let Some((module, next)) = self.dotted(i) {
            out.push((module, next));
            i = next;
            if self.ident(i) == Some("as") {
                i += 2;
            }
            if !self.punct(i, b',') {
                break;
            }
            i += 1;
        }
        out
    }

    /// A Python module path from token `i` (leading dots and `a.b.c`) and
    /// the token after it.
    fn dotted(&self, mut i: usize) -> Option<(String, usize)> {
        let mut out = String::new();
        while self.punct(i, b'.') {
            out.push('.');
            i += 1;
        }
        while let Some(part) = self.ident(i) {
            if part == "import" {
                break;
            }
            out.push_str(part);
            i += 1;
            if !self.punct(i, b'.') {
                break;
            }
            out.push('.');
            i += 1;
        }
        (!out.is_empty()).then_some((out, i))
    }

    /// Whether a line break separates token `i` from the one before.
    fn line_starts_at(&self, i: usize) -> bool {
        let (Some(prev), Some(tok)) = (self.toks.get(i.wrapping_sub(1)), self.toks.get(i)) else {
            return true;
        };
        self.text
            .get(prev.end()..tok.start())
            .is_some_and(|between| between.contains('\n'))
    }

    fn push_import(&mut self, spec: String) {
        if !spec.is_empty() && spec.len() < 256 && !self.out.imports.contains(&spec) {
            self.out.imports.push(spec);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::scan::{scan_all, Language};

    fn imports(language: Language, text: &str) -> Vec<String> {
        scan_all(language, text).imports
    }

    #[test]
    fn javascript_specifiers() {
        let text = "import { users } from './gc/users';\n\
                    export * from \"../shared\";\n\
                    const q = require('./queues');\n\
                    const lazy = await import('./lazy.js');\n\
                    import './polyfill';\n\
                    // import { no } from './comment';\n\
                    const s = 'from ./text';\n";
        assert_eq!(
            imports(Language::JavaScript, text),
            [
                "./gc/users",
                "../shared",
                "./queues",
                "./lazy.js",
                "./polyfill"
            ]
        );
    }

    #[test]
    fn python_modules() {
        let text = "from .client import api\n\
                    from gc.users import list_users\n\
                    import reports.daily\n\
                    from . import helpers\n\
                    # from .commented import x\n";
        assert_eq!(
            imports(Language::Python, text),
            [
                ".client",
                ".client.api",
                "gc.users",
                "gc.users.list_users",
                "reports.daily",
                ".helpers"
            ]
        );
    }
}
