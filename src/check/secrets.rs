//! Secrets masked by value. Each file's secrets are masked where they were
//! found when the file is read; a value can appear elsewhere too — the same
//! secret pasted in a test, a comment, a string nothing names a secret — and
//! a snippet of any finding on that line would print it. So every value
//! found anywhere in the run is masked in every text kept for output and in
//! every message, with stars of the same length (spans stay valid).

use crate::diagnostic::Diagnostic;
use crate::model::{App, CallKind};
use crate::source::SourceMap;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// The secret values of a run, ready to be found in any text.
pub struct Masks {
    finder: Option<AhoCorasick>,
}

impl Masks {
    /// Every secret value the run found (reported or only masked).
    pub fn of(app: &App) -> Masks {
        let mut values: Vec<&str> = app
            .secrets
            .iter()
            .map(|s| s.value.as_str())
            .filter(|v| !v.is_empty())
            .collect();
        values.sort_unstable();
        values.dedup();
        let finder = (!values.is_empty())
            .then(|| {
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&values)
                    .ok()
            })
            .flatten();
        Masks { finder }
    }

    /// Replaces every secret value in `text` with as many `*`.
    pub fn mask(&self, text: &mut String) {
        let ranges = self.found_in(text);
        Masks::blank(text, ranges);
    }

    /// Where `text` holds a secret value.
    fn found_in(&self, text: &str) -> Vec<std::ops::Range<usize>> {
        match &self.finder {
            Some(finder) => finder.find_iter(text).map(|m| m.range()).collect(),
            None => Vec::new(),
        }
    }

    /// Replaces `ranges` of `text` with as many `*`.
    fn blank(text: &mut String, ranges: Vec<std::ops::Range<usize>>) {
        if ranges.is_empty() {
            return;
        }
        let mut bytes = std::mem::take(text).into_bytes();
        for r in ranges {
            bytes[r].fill(b'*');
        }
        // A value is whole characters of valid text: what is left is too.
        *text = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    }

    /// Masks every text of the run: searched on `jobs` threads (a run's
    /// texts are megabytes), then blanked.
    pub fn sources(&self, sources: &mut SourceMap, jobs: usize) {
        if self.finder.is_none() {
            return;
        }
        let files: Vec<&str> = sources.iter().map(|(_, f)| f.text.as_str()).collect();
        let found = crate::parallel::map_ordered(&files, jobs, |text| self.found_in(text));
        let mut found = found.into_iter();
        sources.for_each_text(|text| Masks::blank(text, found.next().unwrap_or_default()));
    }

    /// Masks what the code wrote that the other reports repeat: the paths
    /// and names of call sites (`calls`, the calls `scopes` leaves out),
    /// hosts, token endpoints, requested scopes, header schemes. A token
    /// pasted into a URL is a secret found elsewhere, written again.
    pub fn app(&self, app: &mut App) {
        if self.finder.is_none() {
            return;
        }
        for call in &mut app.calls {
            match &mut call.kind {
                CallKind::Http { method, path } => {
                    method.iter_mut().for_each(|m| self.mask(m));
                    self.mask(path);
                }
                CallKind::Sdk { class, method } => {
                    class.iter_mut().for_each(|c| self.mask(c));
                    self.mask(method);
                }
            }
        }
        for host in &mut app.hosts {
            self.mask(&mut host.host);
        }
        for t in &mut app.token_endpoints {
            t.host.iter_mut().for_each(|h| self.mask(h));
            self.mask(&mut t.path);
        }
        for r in &mut app.requested_scopes {
            self.mask(&mut r.value);
        }
        for h in &mut app.auth_headers {
            self.mask(&mut h.scheme);
        }
    }

    /// Masks what findings say: message, labels, help, suppression reason.
    pub fn diagnostics(&self, diagnostics: &mut [Diagnostic]) {
        if self.finder.is_none() {
            return;
        }
        for d in diagnostics {
            self.mask(&mut d.message);
            self.mask(&mut d.primary.message);
            for r in &mut d.related {
                self.mask(&mut r.message);
            }
            if let Some(help) = &mut d.help {
                self.mask(help);
            }
            if let Some(s) = &mut d.suppression {
                self.mask(&mut s.justification);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Secret, SecretValue};
    use crate::source::{FileId, Span};

    #[test]
    fn every_occurrence_of_every_value_is_masked() {
        let secret = |v: &str| Secret {
            span: Span::new(FileId(0), 0..0),
            what: "secret".into(),
            value: SecretValue::new(v),
            reported: true,
        };
        let mut app = App::default();
        app.secrets = vec![secret("Zk3pQ9vX_r2LmN8t"), secret("Zk3pQ9vX_r2LmN8tB4wE")];
        let masks = Masks::of(&app);
        let mut text = "a=Zk3pQ9vX_r2LmN8tB4wE b=Zk3pQ9vX_r2LmN8t; é".to_string();
        masks.mask(&mut text);
        assert_eq!(text, "a=******************** b=****************; é");
        assert_eq!(
            format!("{:?}", app.secrets[0].value),
            "SecretValue(****************)"
        );
    }
}
