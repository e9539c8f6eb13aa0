//! The SDK release a project pins: `purecloud-platform-client-v2` in
//! `package-lock.json`, `yarn.lock`, `pnpm-lock.yaml` (the installed
//! release) or `package.json`, and `PureCloudPlatformClientV2` in
//! `poetry.lock`, `requirements*.txt` or `pyproject.toml`.
//! Only the JavaScript and Python SDKs have a release history in the
//! database, so only their files are read.

use crate::model::{PinKind, SdkPin};
use crate::parse::{Node, NodeKind};
use std::ops::Range;

pub const JS_PACKAGE: &str = "purecloud-platform-client-v2";
pub const PY_PACKAGE: &str = "PureCloudPlatformClientV2";

/// Whether the file can name an SDK release.
pub fn is_pin_file(name: &str) -> bool {
    matches!(
        name,
        "package.json"
            | "package-lock.json"
            | "yarn.lock"
            | "pnpm-lock.yaml"
            | "pyproject.toml"
            | "poetry.lock"
    ) || (name.starts_with("requirements") && name.ends_with(".txt"))
}

/// A version requirement as written: its kind and the release it starts
/// from. `^226.0.0`, `~226.1.0`, `226.x` → a major line; `226.0.0`,
/// `==226.0.0` → exact; anything else (`>=`, `*`, a URL) says too little.
fn requirement(text: &str) -> Option<(PinKind, String)> {
    let t = text.trim();
    let (kind, rest) = if let Some(r) = t.strip_prefix("==") {
        (PinKind::Exact, r)
    } else if let Some(r) = t.strip_prefix('^').or_else(|| t.strip_prefix("~=")) {
        (PinKind::Major, r)
    } else if let Some(r) = t.strip_prefix('~') {
        (PinKind::Major, r)
    } else if t.starts_with(|c: char| c.is_ascii_digit()) {
        let kind = match t.contains(['x', '*']) {
            true => PinKind::Major,
            false => PinKind::Exact,
        };
        (kind, t)
    } else {
        return None;
    };
    let version: String = rest
        .trim()
        .trim_start_matches('v')
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let version = version.trim_end_matches('.').to_string();
    (!version.is_empty() && version.split('.').all(|p| !p.is_empty())).then_some((kind, version))
}

/// The pin in `package.json` (`dependencies` or `devDependencies`).
fn package_json(root: &Node) -> Option<(PinKind, String, Range<usize>)> {
    for section in ["dependencies", "devDependencies", "peerDependencies"] {
        let Some(node) = root.get(section).and_then(|d| d.get(JS_PACKAGE)) else {
            continue;
        };
        let NodeKind::Str(text) = &node.kind else {
            continue;
        };
        if let Some((kind, version)) = requirement(text) {
            return Some((kind, version, node.range.clone()));
        }
    }
    None
}

/// The installed release in `package-lock.json` (v2/v3 `packages`, v1
/// `dependencies`).
fn package_lock(root: &Node) -> Option<(PinKind, String, Range<usize>)> {
    let entry = root
        .get("packages")
        .and_then(|p| p.get(&format!("node_modules/{JS_PACKAGE}")))
        .or_else(|| root.get("dependencies").and_then(|d| d.get(JS_PACKAGE)))?;
    let node = entry.get("version")?;
    let NodeKind::Str(text) = &node.kind else {
        return None;
    };
    let (_, version) = requirement(text)?;
    Some((PinKind::Exact, version, node.range.clone()))
}

/// The installed release in a v2/v3 `package-lock.json`, found in the text:
/// the `"version"` that opens the `"node_modules/purecloud-platform-client-v2"`
/// entry (npm writes it first). Lockfiles run to megabytes; parsing one
/// whole for this string is most of the cost of reading a large project.
/// `None` when the text is not laid out so (the tree is read instead).
fn lock_entry(text: &str) -> Option<(PinKind, String, Range<usize>)> {
    let key = format!("\"node_modules/{JS_PACKAGE}\"");
    let mut at = text.find(&key)? + key.len();
    // `: {` after the key, with any white space.
    let skip_space = |from: usize| {
        from + text[from..]
            .find(|c: char| !c.is_ascii_whitespace())
            .unwrap_or(text.len() - from)
    };
    at = skip_space(at);
    at = skip_space(at + text[at..].strip_prefix(':').map(|_| 1)?);
    let open = at + text[at..].strip_prefix('{').map(|_| 1)?;
    let close = open + text[open..].find('}')?;
    let name = "\"version\"";
    at = open + text[open..close].find(name)? + name.len();
    at = skip_space(at);
    at = skip_space(at + text[at..close].strip_prefix(':').map(|_| 1)?);
    let quote = at;
    text[quote..close].strip_prefix('"')?;
    let end = quote + 1 + text[quote + 1..close].find('"')?;
    let (_, version) = requirement(&text[quote + 1..end])?;
    Some((PinKind::Exact, version, quote..end + 1))
}

/// The installed release in a lockfile written as text: after the entry
/// that names the package (`purecloud-platform-client-v2@^224.0.0:` in
/// yarn.lock, `name = "purecloudplatformclientv2"` in poetry.lock), the
/// first `version` line; in pnpm-lock.yaml, the `package@1.2.3` key.
fn text_lock(text: &str, entry: &str, pnpm: bool) -> Option<(PinKind, String, Range<usize>)> {
    let lower = text.to_ascii_lowercase();
    let at = lower.find(entry)?;
    let start = match pnpm {
        true => at + entry.len(),
        false => {
            let key = lower[at..].find("version")? + at + "version".len();
            let skip = text[key..].find(|c: char| c.is_ascii_digit())?;
            // The value sits on the `version` line itself.
            if text[key..key + skip].contains('\n') {
                return None;
            }
            key + skip
        }
    };
    let len = text[start..]
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len() - start);
    let version = text[start..start + len].trim_end_matches('.');
    (!version.is_empty()).then(|| {
        (
            PinKind::Exact,
            version.to_string(),
            start..start + version.len(),
        )
    })
}

/// `PureCloudPlatformClientV2==226.0.0` on a line of a requirements file,
/// or in a `pyproject.toml` (`"PureCloudPlatformClientV2>=226"`,
/// `PureCloudPlatformClientV2 = "^226.0.0"`): name case-insensitive, `-`
/// and `_` alike.
fn python_pin(text: &str) -> Option<(PinKind, String, Range<usize>)> {
    let lower = text.to_ascii_lowercase();
    let name = PY_PACKAGE.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find(&name) {
        let start = from + at;
        let end = start + name.len();
        from = end;
        // A whole name, not the tail of another.
        let before = lower[..start].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            continue;
        }
        let line_end = text[end..].find('\n').map_or(text.len(), |n| end + n);
        let skip_spaces = |mut i: usize| {
            while text[i..line_end].starts_with([' ', '\t']) {
                i += 1;
            }
            i
        };
        let mut i = skip_spaces(end);
        // Poetry: `name = "^1.2.3"`.
        if text[i..line_end].starts_with('=') && !text[i..line_end].starts_with("==") {
            i = skip_spaces(i + 1);
            if text[i..line_end].starts_with(['"', '\'']) {
                i += 1;
            }
        }
        let spec_end = text[i..line_end]
            .find([',', ';', '"', '\'', '#', ' ', ']', '\r'])
            .map_or(line_end, |n| i + n);
        let spec = &text[i..spec_end];
        let spec_start = i;
        if let Some((kind, version)) = requirement(spec) {
            return Some((kind, version, spec_start..spec_end));
        }
    }
    None
}

/// The pin a file holds, if any; `parse` turns JSON text into a tree.
pub fn read(
    name: &str,
    text: &str,
    parse: impl Fn(&str) -> Option<Node>,
) -> Option<(SdkPin, Range<usize>)> {
    // Most lockfiles do not name the SDK: no need to parse them.
    let js = matches!(
        name,
        "package.json" | "package-lock.json" | "yarn.lock" | "pnpm-lock.yaml"
    );
    let named = if js {
        memchr::memmem::find(text.as_bytes(), JS_PACKAGE.as_bytes()).is_some()
    } else {
        text.to_ascii_lowercase()
            .contains(&PY_PACKAGE.to_ascii_lowercase())
    };
    if !named {
        return None;
    }
    let (sdk, found) = match name {
        "package.json" => ("js", package_json(&parse(text)?)),
        "package-lock.json" => (
            "js",
            match lock_entry(text) {
                Some(found) => Some(found),
                None => package_lock(&parse(text)?),
            },
        ),
        "yarn.lock" => ("js", text_lock(text, &format!("{JS_PACKAGE}@"), false)),
        "pnpm-lock.yaml" => ("js", text_lock(text, &format!("{JS_PACKAGE}@"), true)),
        "poetry.lock" => (
            "py",
            text_lock(
                text,
                &format!("name = \"{}\"", PY_PACKAGE.to_ascii_lowercase()),
                false,
            ),
        ),
        _ => ("py", python_pin(text)),
    };
    let (kind, version, range) = found?;
    Some((
        SdkPin {
            sdk: sdk.to_string(),
            version,
            kind,
            span: crate::source::Span::new(crate::source::FileId(0), range.clone()),
        },
        range,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> Option<Node> {
        crate::parse::json::parse(text).ok().map(|p| p.root)
    }

    #[test]
    fn requirements_of_every_shape() {
        assert_eq!(
            requirement("^226.0.0"),
            Some((PinKind::Major, "226.0.0".into()))
        );
        assert_eq!(
            requirement("~226.1.0"),
            Some((PinKind::Major, "226.1.0".into()))
        );
        assert_eq!(
            requirement("226.0.0"),
            Some((PinKind::Exact, "226.0.0".into()))
        );
        assert_eq!(
            requirement("==230.0.0"),
            Some((PinKind::Exact, "230.0.0".into()))
        );
        assert_eq!(
            requirement("~=230.0"),
            Some((PinKind::Major, "230.0".into()))
        );
        assert_eq!(requirement("226.x"), Some((PinKind::Major, "226".into())));
        assert_eq!(requirement(">=200"), None);
        assert_eq!(requirement("*"), None);
        assert_eq!(requirement("latest"), None);
    }

    #[test]
    fn each_file_kind() {
        let pkg = r#"{"name": "x", "dependencies": {"express": "^4", "purecloud-platform-client-v2": "^181.0.0"}}"#;
        let (pin, range) = read("package.json", pkg, json).unwrap();
        assert_eq!(
            (pin.sdk.as_str(), pin.version.as_str(), pin.kind),
            ("js", "181.0.0", PinKind::Major)
        );
        assert_eq!(&pkg[range], "\"^181.0.0\"");
        let lock = r#"{"lockfileVersion": 3, "packages": {"node_modules/purecloud-platform-client-v2": {"version": "181.0.0"}}}"#;
        let (pin, _) = read("package-lock.json", lock, json).unwrap();
        assert_eq!(
            (pin.version.as_str(), pin.kind),
            ("181.0.0", PinKind::Exact)
        );
        let req = "requests==2.32.3\npurecloudplatformclientv2==230.0.0  # the SDK\n";
        let (pin, range) = read("requirements.txt", req, json).unwrap();
        assert_eq!(
            (pin.sdk.as_str(), pin.version.as_str(), pin.kind),
            ("py", "230.0.0", PinKind::Exact)
        );
        assert_eq!(&req[range], "==230.0.0");
        let poetry = "[tool.poetry.dependencies]\npython = \"^3.11\"\nPureCloudPlatformClientV2 = \"^226.0.0\"\n";
        let (pin, _) = read("pyproject.toml", poetry, json).unwrap();
        assert_eq!(
            (pin.version.as_str(), pin.kind),
            ("226.0.0", PinKind::Major)
        );
        let pep621 =
            "[project]\ndependencies = [\"PureCloudPlatformClientV2==229.1.0\", \"requests\"]\n";
        let (pin, _) = read("pyproject.toml", pep621, json).unwrap();
        assert_eq!(
            (pin.version.as_str(), pin.kind),
            ("229.1.0", PinKind::Exact)
        );
        assert!(read(
            "requirements.txt",
            "requests\nmy-purecloudplatformclientv2==1.0\n",
            json
        )
        .is_none());
        assert!(read("package.json", "{\"dependencies\": {}}", json).is_none());
        let yarn = "express@^4.19.2:\n  version \"4.19.2\"\n\npurecloud-platform-client-v2@^224.0.0:\n  version \"224.0.0\"\n  resolved \"https://registry.yarnpkg.com/x.tgz\"\n";
        let (pin, range) = read("yarn.lock", yarn, json).unwrap();
        assert_eq!(
            (pin.version.as_str(), pin.kind),
            ("224.0.0", PinKind::Exact)
        );
        assert_eq!(&yarn[range], "224.0.0");
        let pnpm = "lockfileVersion: '9.0'\npackages:\n  purecloud-platform-client-v2@231.0.0:\n    resolution: {integrity: sha512-x}\n";
        let (pin, _) = read("pnpm-lock.yaml", pnpm, json).unwrap();
        assert_eq!(pin.version, "231.0.0");
        let poetry = "[[package]]\nname = \"requests\"\nversion = \"2.32.3\"\n\n[[package]]\nname = \"purecloudplatformclientv2\"\nversion = \"229.0.0\"\n";
        let (pin, _) = read("poetry.lock", poetry, json).unwrap();
        assert_eq!((pin.sdk.as_str(), pin.version.as_str()), ("py", "229.0.0"));
    }

    /// The text shortcut reads a v2/v3 lockfile as the tree does, and
    /// gives way to it for a v1 one.
    #[test]
    fn lockfile_text_and_tree_agree() {
        let v3 = r#"{
  "name": "queue-board",
  "lockfileVersion": 3,
  "packages": {
    "": {
      "dependencies": { "purecloud-platform-client-v2": "^226.0.0" }
    },
    "node_modules/purecloud-platform-client-v2": {
      "version": "226.0.0",
      "resolved": "https://registry.npmjs.org/purecloud-platform-client-v2/-/purecloud-platform-client-v2-226.0.0.tgz"
    },
    "node_modules/superagent": { "version": "9.0.2" }
  }
}
"#;
        let tree = package_lock(&json(v3).unwrap());
        assert_eq!(lock_entry(v3), tree);
        let (_, version, range) = tree.unwrap();
        assert_eq!((version.as_str(), &v3[range]), ("226.0.0", "\"226.0.0\""));
        let v1 = r#"{ "lockfileVersion": 1, "dependencies": { "purecloud-platform-client-v2": { "version": "181.0.0" } } }"#;
        assert_eq!(lock_entry(v1), None);
        let (pin, _) = read("package-lock.json", v1, json).unwrap();
        assert_eq!(pin.version, "181.0.0");
    }
}
