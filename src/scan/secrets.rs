//! Client secrets written as literals: which names hold one, which values
//! are placeholders, and the secrets of configuration files (`.env`,
//! `.tfvars`, JSON, YAML, properties), read line by line as `key = value`
//! or `key: value`. Values are never kept, only where they are.

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

/// The secrets of a configuration file: every `name: value` / `name =
/// value` line whose name holds a client secret and whose value looks
/// generated. `range` is the value with its quotes, `redact` inside them.
pub fn config_secrets(text: &str) -> Vec<FoundSecret> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        if let Some(found) = line_secret(line, start) {
            out.push(found);
        }
    }
    out
}

fn line_secret(line: &str, offset: usize) -> Option<FoundSecret> {
    let body = line.trim_end_matches(['\n', '\r']);
    let lead = body.len() - body.trim_start().len();
    let mut key_from = lead;
    // `export NAME=...`, YAML `- name: ...`
    for prefix in ["export ", "- "] {
        if body[key_from..].starts_with(prefix) {
            key_from += prefix.len();
        }
    }
    let sep = body[key_from..].find([':', '='])? + key_from;
    let key = body[key_from..sep].trim().trim_matches(['"', '\'']);
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
    {
        return None;
    }
    if !is_secret_name(key) {
        return None;
    }
    let after = &body[sep + 1..];
    let value_from = sep + 1 + (after.len() - after.trim_start().len());
    let value = &body[value_from..];
    let (inner, quoted_len) = match value.chars().next()? {
        q @ ('"' | '\'') => {
            let close = value[1..].find(q)?;
            (&value[1..1 + close], close + 2)
        }
        _ => {
            // Unquoted: up to a comment or the end.
            let end = value.find([' ', '#', ',', ';']).unwrap_or(value.len());
            (&value[..end], end)
        }
    };
    if inner.is_empty() || is_reference(inner) || is_placeholder(inner) {
        return None;
    }
    let range = offset + value_from..offset + value_from + quoted_len;
    let redact = if quoted_len > inner.len() {
        range.start + 1..range.end - 1
    } else {
        range.clone()
    };
    Some(FoundSecret {
        range,
        redact,
        what: key.to_string(),
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
