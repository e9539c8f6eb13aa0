//! Genesys hosts written in code: which strings are Genesys hosts at all,
//! and whether each one is *used* or is one entry of a region table.
//!
//! Real code maps every region to its host (dictionaries, `if region ==
//! ...` chains, `switch` statements, ternaries, lists of domains). Such
//! entries are alternatives, chosen at run time: they never say that one
//! flow combines two environments. A host is an alternative when it is
//! compared, sits in a ternary branch, or shares its slot (the same data
//! literal, the same assigned name, the `return`s of a file) with a host
//! of another environment.

use super::{Extractor, NEAR};
use crate::scan::lexer::Tok;
use rustc_hash::FxHashMap as HashMap;

/// Genesys subdomains that are not an environment's API, login or apps
/// host: documentation, status page, SDK downloads. They name no region.
const NOT_REGIONAL: [&str; 8] = [
    "help.",
    "status.",
    "sdk-cdn.",
    "developer.",
    "www.",
    "community.",
    "docs.",
    "blog.",
];

/// Labels that can end a Genesys domain after its brand label
/// (`mypurecloud.com.au`, `mypurecloud.jp`): a public suffix of two or
/// three letters, so `mypurecloud.github.io` is someone else's site.
fn suffix_like(labels: &[&str]) -> bool {
    !labels.is_empty()
        && labels.len() <= 2
        && labels
            .iter()
            .all(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// Genesys Cloud hosts and domains: `mypurecloud.<suffix>`, `*.pure.cloud`
/// and the look-alikes people write (`eu.pure.cloud`, `purecloud.ie`), but
/// not e-mail addresses, GitHub Pages sites (`mypurecloud.github.io`) or
/// the documentation and status hosts.
pub fn is_genesys_domain(host: &str) -> bool {
    // Every such host has a dot and writes `cloud` (`mypurecloud`,
    // `purecloud`, `pure-cloud`, `pure.cloud`) or `inin` (`inindca`,
    // `inintca`): the scanner asks this of every string literal, and most
    // are ruled out here without a copy.
    let bytes = host.as_bytes();
    let has = |word: &[u8]| {
        bytes
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word))
    };
    if !bytes.contains(&b'.') || !(has(b"cloud") || has(b"inin")) {
        return false;
    }
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    if h.contains(['@', '/', ' ']) || NOT_REGIONAL.iter().any(|p| h.starts_with(p)) {
        return false;
    }
    let labels: Vec<&str> = h.split('.').collect();
    // A placeholder for the reader's own region (`xxxx.pure.cloud`,
    // `your-region.pure.cloud`) names no environment.
    let placeholder = |l: &&str| {
        (l.len() >= 2 && l.bytes().all(|b| b == b'x'))
            || ["xxx", "example", "your", "region", "placeholder"]
                .iter()
                .any(|p| l.contains(p))
    };
    if labels.iter().any(placeholder) {
        return false;
    }
    // `*.pure.cloud`, `*.us-gov-pure.cloud` and the like.
    if labels.len() >= 2 {
        let brand = labels[labels.len() - 2];
        if labels[labels.len() - 1] == "cloud" && (brand == "pure" || brand.ends_with("-pure")) {
            return true;
        }
    }
    labels.iter().enumerate().any(|(i, l)| {
        matches!(
            *l,
            "mypurecloud" | "purecloud" | "pure-cloud" | "inindca" | "inintca"
        ) && suffix_like(&labels[i + 1..])
    })
}

/// The host of a URL literal (`https://api.mypurecloud.ie/...`), if any:
/// the characters a host name (or a `{}` placeholder in it) is made of.
pub fn url_host(value: &str) -> Option<(usize, &str)> {
    let at = crate::scan::find(value, "://")?;
    let start = at + 3;
    let rest = &value[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '{' | '}')))
        .unwrap_or(rest.len());
    Some((start, &rest[..end]))
}

/// Whether a URL's host is a Genesys host that does not serve the Platform
/// API (`status.mypurecloud.com/api/v2/components.json` is Statuspage's).
pub fn is_other_genesys_service(host: &str) -> bool {
    let h = host.to_ascii_lowercase();
    let brand = ["purecloud", "pure.cloud", "pure-cloud"]
        .iter()
        .any(|b| h.contains(b));
    brand && (h.starts_with("login.") || NOT_REGIONAL.iter().any(|p| h.starts_with(p)))
}

/// The environment a host names, for telling hosts apart: the host
/// without its service label (`api.`, `login.`, `apps.`), or the region key
/// of an SDK constant.
fn environment_key(host: &str) -> &str {
    ["api.", "login.", "apps."]
        .iter()
        .find_map(|p| host.strip_prefix(p))
        .unwrap_or(host)
}

/// Where a host sits in the code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Slot {
    /// Compared with something (`region == 'mypurecloud.ie'`, `case`).
    Compare,
    /// A branch of a ternary.
    Ternary,
    /// An element or value of the list or map literal opened at this token.
    Data(usize),
    /// Assigned to a name (`host = '...'`, `$this->apiDomain = '...'`).
    Assign(String),
    /// Returned from a function.
    Return,
    /// Anything else: passed to a call, used in a request.
    Use,
}

impl Extractor<'_> {
    /// The token opening the innermost bracket that holds token `i`, if
    /// found within a bounded look back.
    fn innermost_open(&self, i: usize) -> Option<usize> {
        let mut depth = 0usize;
        for k in (i.saturating_sub(NEAR * 16)..i).rev() {
            match self.toks[k].kind {
                Tok::Punct(b')' | b']' | b'}') => depth += 1,
                Tok::Punct(b'(' | b'[' | b'{') => {
                    if depth == 0 {
                        return Some(k);
                    }
                    depth -= 1;
                }
                _ => {}
            }
        }
        None
    }

    /// A `:` at `colon` that closes the middle of a ternary (`c ? a : b`)
    /// rather than a key of a map.
    fn ternary_colon(&self, colon: usize) -> bool {
        for k in (colon.saturating_sub(12)..colon).rev() {
            match self.toks[k].kind {
                Tok::Punct(b'?') => return true,
                Tok::Punct(b',' | b';' | b'{' | b'(' | b'[' | b'=') => return false,
                _ => {}
            }
        }
        false
    }

    /// Where the host written from token `first` to token `last` sits.
    pub(super) fn host_slot(&self, first: usize, last: usize) -> Slot {
        let before = first.checked_sub(1);
        let punct_before = |p: u8| before.is_some_and(|b| self.punct(b, p));
        let ident_before = |k: usize| first.checked_sub(k).and_then(|b| self.ident(b));
        // A comparison: `==`/`!=` (normalised to `~`), `case`, PowerShell `-eq`, Python `in`.
        let ps_compare = first >= 2
            && self.punct(first - 2, b'-')
            && ident_before(1).is_some_and(|w| {
                matches!(
                    w.to_ascii_lowercase().as_str(),
                    "eq" | "ne" | "ieq" | "ceq" | "like" | "ilike" | "match" | "imatch" | "in"
                )
            });
        if punct_before(b'~')
            || self.punct(last + 1, b'~')
            || ps_compare
            || matches!(ident_before(1), Some("case" | "when" | "in"))
        {
            return Slot::Compare;
        }
        if punct_before(b'?') {
            return Slot::Ternary;
        }
        if punct_before(b':') && self.ternary_colon(first - 1) {
            return Slot::Ternary;
        }
        if matches!(ident_before(1), Some("return" | "yield")) {
            return Slot::Return;
        }
        // An element of a list, or the value of a map entry (`'eu': '...'`,
        // C# `"eu" => "..."`, PowerShell `'eu' = '...'`).
        let keyed = punct_before(b':')
            || (punct_before(b'=') && first >= 2 && self.string(first - 2).is_some());
        if punct_before(b'[') || punct_before(b',') || punct_before(b'{') || keyed {
            if let Some(open) = self.innermost_open(first) {
                if self.punct(open, b'[') || self.punct(open, b'{') {
                    return Slot::Data(open);
                }
            }
            return Slot::Use;
        }
        if punct_before(b'=') {
            // `host = ...`, `this.host = ...`, `$config['host'] = ...`.
            let eq = first - 1;
            if eq >= 1 && self.punct(eq - 1, b']') {
                if let Some(key) = eq.checked_sub(2).and_then(|k| self.string(k)) {
                    return Slot::Assign(key.to_string());
                }
            }
            if let Some(name) = eq.checked_sub(1).and_then(|n| self.ident(n)) {
                return Slot::Assign(name.to_string());
            }
        }
        Slot::Use
    }

    /// Marks the hosts that are alternatives of one another (see the module
    /// documentation). `slots[i]` is the slot of `self.out.hosts[i]`.
    pub(super) fn mark_alternatives(&mut self, slots: &[Slot]) {
        let mut keys: HashMap<&Slot, Vec<&str>> = HashMap::default();
        for (h, slot) in self.out.hosts.iter().zip(slots) {
            if matches!(slot, Slot::Data(_) | Slot::Assign(_) | Slot::Return) {
                let key = environment_key(&h.host);
                let seen = keys.entry(slot).or_default();
                if !seen.contains(&key) {
                    seen.push(key);
                }
            }
        }
        let shared: Vec<bool> = slots
            .iter()
            .map(|slot| match slot {
                Slot::Compare | Slot::Ternary => true,
                Slot::Use => false,
                other => keys.get(other).is_some_and(|k| k.len() >= 2),
            })
            .collect();
        for (h, alternative) in self.out.hosts.iter_mut().zip(shared) {
            h.alternative = alternative;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn genesys_domains() {
        for yes in [
            "mypurecloud.com",
            "api.mypurecloud.com.au",
            "login.mypurecloud.ie",
            "api.usw2.pure.cloud",
            "use2.us-gov-pure.cloud",
            "eu.pure.cloud",
            "purecloud.ie",
            "apps.mypurecloud.jp",
            "API.MyPureCloud.IE",
            "api.inindca.com",
            "login.inintca.com",
            "pure-cloud.de",
        ] {
            assert!(is_genesys_domain(yes), "{yes}");
        }
        for no in [
            "mypurecloud.github.io",
            "no-reply@mypurecloud.com",
            "help.mypurecloud.com",
            "sdk-cdn.mypurecloud.com",
            "developer.genesys.cloud",
            "status.mypurecloud.com",
            "example.com",
            "purecloudnews.example.org",
            "xxxx.pure.cloud",
            "api.your-region.pure.cloud",
            "mypurecloud",
            "inindca",
            "cloud.google.com",
        ] {
            assert!(!is_genesys_domain(no), "{no}");
        }
    }

    #[test]
    fn hosts_end_where_host_characters_end() {
        assert_eq!(
            url_host("https://api.mypurecloud.com)\n\nusage"),
            Some((8, "api.mypurecloud.com"))
        );
        assert_eq!(url_host("https://api.{}/api/v2/users"), Some((8, "api.{}")));
        assert_eq!(
            url_host("https://login.mypurecloud.ie:443/oauth/token"),
            Some((8, "login.mypurecloud.ie"))
        );
    }

    #[test]
    fn other_genesys_services() {
        assert!(is_other_genesys_service("status.mypurecloud.com"));
        assert!(is_other_genesys_service("login.usw2.pure.cloud"));
        assert!(!is_other_genesys_service("api.mypurecloud.com"));
        assert!(!is_other_genesys_service("mypurecloud.ie"));
        assert!(!is_other_genesys_service("api.example.com"));
    }
}
