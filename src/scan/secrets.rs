//! Client secrets written as literals: which names hold one, which values
//! are placeholders, and the `key = value` / `key: value` pairs that hold
//! one in any text (`.env`, `.tfvars`, JSON on one line or many, YAML,
//! properties, form bodies in code). A value is kept only to be masked.

use super::FoundSecret;

/// Names that hold a client secret (`clientSecret`, `CLIENT_SECRET`,
/// `client-secret`, `GENESYS_CLIENT_SECRET`, `secret`).
pub fn is_secret_name(name: &str) -> bool {
    // Every such name holds "secret": most names are turned away here,
    // without folding (this runs on every identifier).
    if !name
        .as_bytes()
        .windows(6)
        .any(|w| w.eq_ignore_ascii_case(b"secret"))
    {
        return false;
    }
    let folded: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    folded.ends_with("clientsecret") || folded == "secret" || folded.ends_with("oauthsecret")
}

/// A literal that is an obvious placeholder, not a secret.
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    v.len() < 8
        || v.contains(['{', '}', '<', '>', '$', ' '])
        || [
            "your",
            "xxx",
            "changeme",
            "replace",
            "example",
            "placeholder",
            "secret_here",
            "todo",
            "***",
            "...",
        ]
        .iter()
        .any(|p| lower.contains(p))
        || v.bytes().all(|b| b == v.as_bytes()[0])
        || !looks_random(v)
}

/// Whether a literal looks like generated credentials rather than words: a
/// secret (Genesys issues 43 characters of base64url) mixes cases and
/// digits inside one piece; `client-secret`, `test_secret_123`,
/// `MY_CLIENT_SECRET` or a list of key names are words.
fn looks_random(v: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-_.~+/=".contains(c);
    let plain = |piece: &str| {
        piece.chars().all(|c| c.is_ascii_lowercase())
            || piece.chars().all(|c| c.is_ascii_uppercase())
            || piece.chars().all(|c| c.is_ascii_digit())
            // Words run together (`Secret`, `clientSecret`): letters only,
            // never two capitals in a row.
            || (piece.chars().all(|c| c.is_ascii_alphabetic())
                && !piece
                    .as_bytes()
                    .windows(2)
                    .any(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase()))
    };
    v.len() >= 12
        && v.chars().all(allowed)
        && !v
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|p| !p.is_empty())
            .all(plain)
}

/// A value that refers to a secret kept elsewhere (`${SECRET}`,
/// `var.client_secret`, `process.env.X`, `{{ secrets.X }}`).
fn is_reference(value: &str) -> bool {
    let v = value.trim();
    v.starts_with(['$', '{', '%', '<', '('])
        || [
            "var.",
            "local.",
            "env(",
            "process.env",
            "os.environ",
            "secrets.",
        ]
        .iter()
        .any(|p| v.contains(p))
}

/// The secrets written as `name: value` or `name = value` pairs, wherever
/// they stand: a line of `.env`, YAML or `.properties`, an entry of JSON
/// (pretty or on one line, as `curl … > client.json` and `jq -c` save an
/// API answer), a field of a form body (`client_secret=…&grant_type=…`).
/// A pair counts when its name holds a client secret and its value looks
/// generated. `range` is the value with its quotes, `redact` inside them.
pub fn config_secrets(text: &str) -> Vec<FoundSecret> {
    static NEEDLE: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    let needle = NEEDLE.get_or_init(|| {
        aho_corasick::AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(["secret"])
            .expect("static pattern builds")
    });
    let bytes = text.as_bytes();
    let is_key = |b: u8| b.is_ascii_alphanumeric() || b"_-.".contains(&b);
    let mut out: Vec<FoundSecret> = Vec::new();
    let mut key_end = 0;
    for hit in needle.find_iter(text) {
        if hit.start() < key_end {
            continue;
        }
        let start = bytes[..hit.start()]
            .iter()
            .rposition(|&b| !is_key(b))
            .map_or(0, |i| i + 1);
        let end = bytes[hit.end()..]
            .iter()
            .position(|&b| !is_key(b))
            .map_or(bytes.len(), |i| hit.end() + i);
        key_end = end;
        if let Some(found) = pair_at(text, start, end) {
            key_end = found.range.end;
            out.push(found);
        }
    }
    out
}

/// A name that is only `secret` (any case, any punctuation).
pub fn is_bare_secret(name: &str) -> bool {
    let folded: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    folded == "secret"
}

/// Whether an OAuth client's id is named beside `text[start..end]` (a
/// `client_id`, or an `id` key, within two lines): a bare `secret` is a
/// client's only beside it, not a session's cookie key or a signing key.
fn beside_a_client_id(text: &str, start: usize, end: usize) -> bool {
    // The pair's own line and two on each side: an object's or a YAML
    // block's other keys.
    let from = text[..start]
        .rmatch_indices('\n')
        .nth(2)
        .map_or(0, |(i, _)| i + 1);
    let to = text[end..]
        .match_indices('\n')
        .nth(2)
        .map_or(text.len(), |(i, _)| end + i);
    let window = text[from..to].to_ascii_lowercase();
    if ["client_id", "clientid", "client-id"]
        .iter()
        .any(|n| window.contains(n))
    {
        return true;
    }
    // An `id` key: `id:`, `id =`, `"id":`, `'id' =>`, not `uuid:` or `valid:`.
    let bytes = window.as_bytes();
    window.match_indices("id").any(|(at, _)| {
        let before = at.checked_sub(1).map(|b| bytes[b]);
        let standalone = before.is_none_or(|b| !b.is_ascii_alphanumeric() && b != b'_');
        let rest = window[at + 2..]
            .trim_start_matches(['"', '\''])
            .trim_start();
        standalone && (rest.starts_with(':') || rest.starts_with('='))
    })
}

/// The secret of the pair whose name is `text[start..end]`, if it is one.
fn pair_at(text: &str, start: usize, end: usize) -> Option<FoundSecret> {
    let bytes = text.as_bytes();
    let key = &text[start..end];
    if !is_secret_name(key) || (is_bare_secret(key) && !beside_a_client_id(text, start, end)) {
        return None;
    }
    let blank = |i: usize| matches!(bytes.get(i), Some(b' ' | b'\t'));
    let mut i = end;
    // The closing quote of a quoted name (`"secret": …`).
    if start > 0
        && matches!(bytes[start - 1], b'"' | b'\'')
        && bytes.get(i) == Some(&bytes[start - 1])
    {
        i += 1;
    }
    while blank(i) {
        i += 1;
    }
    // `:`, `=`, and the `=>` / `:=` of PHP and Go.
    match bytes.get(i) {
        Some(b':') => i += 1 + usize::from(bytes.get(i + 1) == Some(&b'=')),
        Some(b'=') => i += 1 + usize::from(bytes.get(i + 1) == Some(&b'>')),
        _ => return None,
    }
    if bytes.get(i) == Some(&b'=') {
        return None; // `==`: a comparison
    }
    while blank(i) {
        i += 1;
    }
    let value_from = i;
    let (inner, range) = match bytes.get(i)? {
        q @ (b'"' | b'\'') => {
            let close = bytes[i + 1..]
                .iter()
                .position(|b| b == q || *b == b'\n')
                .map(|p| i + 1 + p)
                .filter(|&p| bytes[p] == *q)?;
            (i + 1..close, value_from..close + 1)
        }
        _ => {
            // Unquoted: up to a separator of the surrounding syntax.
            let len = bytes[i..]
                .iter()
                .position(|b| b" \t\r\n#,;&\"'}])<".contains(b))
                .unwrap_or(bytes.len() - i);
            (i..i + len, i..i + len)
        }
    };
    let value = text.get(inner.clone())?;
    if value.is_empty() || is_reference(value) || is_placeholder(value) {
        return None;
    }
    Some(FoundSecret {
        range,
        redact: inner,
        what: key.to_string(),
        value: crate::model::SecretValue::new(value),
        reported: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_of_configuration_files() {
        let text = "GENESYS_CLIENT_ID=4f1c2b3a-0000-4e5d-8c7b-6a5f4e3d2c1b\n\
                    GENESYS_CLIENT_SECRET=Zk3pQ9vX_r2LmN8tB4wE7yH1cJ6sD0aF5gK2uV9iO3q\n\
                    export GC_OAUTH_CLIENT_SECRET=\"Qw8eR7tY6uI5oP4aS3dF2gH1jK0lZ9xC8vB7nM6qW5e\"\n\
                    client_secret = var.client_secret\n\
                    clientSecret: your-client-secret\n\
                    \"clientSecret\": \"${CLIENT_SECRET}\",\n";
        let found = config_secrets(text);
        let shown: Vec<(&str, &str)> = found
            .iter()
            .map(|s| (s.what.as_str(), &text[s.redact.clone()]))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "GENESYS_CLIENT_SECRET",
                    "Zk3pQ9vX_r2LmN8tB4wE7yH1cJ6sD0aF5gK2uV9iO3q"
                ),
                (
                    "GC_OAUTH_CLIENT_SECRET",
                    "Qw8eR7tY6uI5oP4aS3dF2gH1jK0lZ9xC8vB7nM6qW5e"
                ),
            ]
        );
    }
}
