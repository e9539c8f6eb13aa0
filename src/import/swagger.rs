//! Reads an official Genesys swagger: the single Swagger 2.0 JSON document
//! (`publicapi-v2-latest.json`, served at `/api/v2/docs/swagger`) or the same
//! document split into one YAML file per tag. Only what the database needs
//! is kept: per operation its name, security, permissions, status, tags and
//! texts.

use crate::parse;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// One operation as the swagger states it.
#[derive(Debug, Clone, PartialEq)]
pub struct SwaggerOp {
    /// Uppercase HTTP method.
    pub method: String,
    pub path: String,
    /// `x-purecloud-method-name`, else `operationId`.
    pub name: Option<String>,
    /// The `PureCloud OAuth` scopes of the operation's `security`.
    pub scopes: Vec<String>,
    /// `PureCloud OAuth`, `Guest Chat JWT`, `Webmessaging JWT`, ... or `none`
    /// when the operation has no `security`.
    pub scheme: String,
    /// `x-inin-requires-permissions`: `ANY`/`ALL` and the list; `(None, [])`
    /// when the operation has none.
    pub permission_type: Option<String>,
    pub permissions: Vec<String>,
    pub deprecated: bool,
    /// `x-genesys-preview: true`: the mark Genesys's SDK build puts on
    /// operations of the preview swagger.
    pub preview: bool,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub tags: Vec<String>,
}

/// One swagger file.
#[derive(Debug, Clone)]
pub struct SwaggerDoc {
    /// The file name (no folders), for provenance and messages.
    pub file: String,
    /// `info.version`.
    pub version: Option<String>,
    pub operations: Vec<SwaggerOp>,
    /// Non-fatal remarks (`file:line:col: message`).
    pub warnings: Vec<String>,
}

#[derive(Deserialize)]
#[serde(expecting = "a Swagger document (a mapping)")]
struct Raw {
    swagger: Option<String>,
    openapi: Option<String>,
    info: Option<RawInfo>,
    #[serde(rename = "basePath")]
    base_path: Option<String>,
    /// Applies to operations without their own `security`.
    security: Option<Security>,
    paths: Option<BTreeMap<String, RawPathItem>>,
}

type Security = Vec<BTreeMap<String, Option<Vec<String>>>>;

#[derive(Deserialize)]
#[serde(expecting = "the `info` mapping")]
struct RawInfo {
    version: Option<String>,
}

#[derive(Deserialize)]
#[serde(expecting = "a path item (a mapping of HTTP methods to operations)")]
struct RawPathItem {
    get: Option<RawOp>,
    put: Option<RawOp>,
    post: Option<RawOp>,
    delete: Option<RawOp>,
    options: Option<RawOp>,
    head: Option<RawOp>,
    patch: Option<RawOp>,
}

#[derive(Deserialize)]
#[serde(expecting = "an operation (a mapping)")]
struct RawOp {
    tags: Option<Vec<String>>,
    summary: Option<String>,
    description: Option<String>,
    #[serde(rename = "operationId")]
    operation_id: Option<String>,
    #[serde(rename = "x-purecloud-method-name")]
    method_name: Option<String>,
    security: Option<Security>,
    #[serde(rename = "x-inin-requires-permissions")]
    permissions: Option<RawPermissions>,
    deprecated: Option<bool>,
    #[serde(rename = "x-genesys-preview")]
    preview: Option<bool>,
}

#[derive(Deserialize)]
#[serde(expecting = "`x-inin-requires-permissions` (a mapping with `type` and `permissions`)")]
struct RawPermissions {
    #[serde(rename = "type")]
    kind: Option<PermissionType>,
    permissions: Option<Vec<String>>,
}

#[derive(Deserialize, Clone, Copy)]
enum PermissionType {
    #[serde(rename = "ANY")]
    Any,
    #[serde(rename = "ALL")]
    All,
}

fn positioned(file: &str, text: &str, offset: usize, message: &str) -> String {
    let (line, col) = crate::source::line_col(text, offset);
    format!("{file}:{line}:{col}: {message}")
}

/// True when the text is JSON rather than YAML: by extension, else by its
/// first character.
fn is_json(path: &Path, text: &str) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("json") => true,
        Some(e) if e.eq_ignore_ascii_case("yml") || e.eq_ignore_ascii_case("yaml") => false,
        _ => text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('{'),
    }
}

/// Reads one swagger file. Errors name the file and, when known, the line
/// and column: `swagger.yml:12:5: invalid type: ...`.
pub fn read(path: &Path) -> Result<SwaggerDoc, String> {
    let shown = path.display().to_string();
    let bytes = crate::files::read_limited(path, crate::files::IMPORT_INPUT)
        .map_err(|why| format!("{shown}: cannot read: {why}"))?;
    // A byte-order mark is dropped below; UTF-16 (with its mark) is decoded.
    let bytes = match crate::files::Encoding::sniff(&bytes) {
        crate::files::Encoding::Utf16Le | crate::files::Encoding::Utf16Be => {
            crate::files::decode(bytes).text.into_bytes()
        }
        _ => bytes,
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
        positioned(&shown, &text, at, "not UTF-8 text")
    })?;
    let name = path
        .file_name()
        .map_or(shown.clone(), |n| n.to_string_lossy().into_owned());
    read_text(&shown, &name, &text, is_json(path, &text))
}

/// Reads swagger text; `shown` names the file in messages, `name` is the
/// file name recorded in provenance.
pub fn read_text(shown: &str, name: &str, text: &str, json: bool) -> Result<SwaggerDoc, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut warnings = Vec::new();
    let not_a_mapping =
        || format!("{shown}: not a Swagger document (not a JSON object or YAML mapping)");
    let raw: Raw = if json {
        if !text.trim_start().starts_with('{') && !text.trim().is_empty() {
            return Err(not_a_mapping());
        }
        serde_json::from_str(text).map_err(|e| {
            // serde_json appends " at line L column C"; say it our way.
            let message = e.to_string();
            let message = match message.rfind(" at line ") {
                Some(i) => message[..i].to_string(),
                None => message,
            };
            format!("{shown}:{}:{}: {message}", e.line(), e.column().max(1))
        })?
    } else {
        let parsed = parse::yaml::parse_large(text)
            .map_err(|issue| positioned(shown, text, issue.range.start, &issue.message))?;
        for issue in &parsed.issues {
            warnings.push(positioned(shown, text, issue.range.start, &issue.message));
        }
        if parsed.root.as_map().is_none() {
            return Err(not_a_mapping());
        }
        parse::de::from_node(&parsed.root, text)
            .map_err(|e| positioned(shown, text, e.range.map_or(0, |r| r.start), &e.message))?
    };
    match (raw.swagger.as_deref(), raw.openapi.as_deref()) {
        (Some("2.0"), _) => {}
        (_, Some(v)) => {
            return Err(format!(
                "{shown}: OpenAPI {v} is not supported: gclint reads Swagger 2.0, the format of Genesys's `/api/v2/docs/swagger`"
            ))
        }
        (Some(v), None) => {
            return Err(format!(
                "{shown}: Swagger version `{v}` is not supported (expected \"2.0\")"
            ))
        }
        (None, None) => {
            return Err(format!(
                "{shown}: not a Swagger document (no `swagger: \"2.0\"` field)"
            ))
        }
    }
    let Some(paths) = raw.paths else {
        return Err(format!("{shown}: the swagger has no `paths`"));
    };
    let base = raw
        .base_path
        .as_deref()
        .map(|b| b.trim_end_matches('/'))
        .unwrap_or("");
    let mut operations = Vec::new();
    for (path, item) in paths {
        let full = if base.is_empty() || path.starts_with(&format!("{base}/")) {
            path
        } else {
            format!("{base}{path}")
        };
        if !full.starts_with('/') {
            return Err(format!("{shown}: path `{full}` does not start with /"));
        }
        let methods = [
            ("GET", item.get),
            ("PUT", item.put),
            ("POST", item.post),
            ("DELETE", item.delete),
            ("OPTIONS", item.options),
            ("HEAD", item.head),
            ("PATCH", item.patch),
        ];
        for (method, op) in methods {
            if let Some(mut op) = op {
                if op.security.is_none() {
                    op.security = raw.security.clone();
                }
                operations.push(operation(method, &full, op));
            }
        }
    }
    Ok(SwaggerDoc {
        file: name.to_string(),
        version: raw.info.and_then(|i| i.version),
        operations,
        warnings,
    })
}

fn operation(method: &str, path: &str, op: RawOp) -> SwaggerOp {
    let mut scopes: Vec<String> = Vec::new();
    let mut oauth = false;
    let mut first_scheme = None;
    for requirement in op.security.iter().flatten() {
        for (scheme, list) in requirement {
            first_scheme.get_or_insert_with(|| scheme.clone());
            if scheme == "PureCloud OAuth" {
                oauth = true;
                for s in list.iter().flatten() {
                    if !scopes.contains(s) {
                        scopes.push(s.clone());
                    }
                }
            }
        }
    }
    let scheme = if oauth {
        "PureCloud OAuth".to_string()
    } else {
        first_scheme.unwrap_or_else(|| "none".to_string())
    };
    let (permission_type, permissions) = match op.permissions {
        None => (None, Vec::new()),
        Some(p) => (
            p.kind.map(|k| match k {
                PermissionType::Any => "ANY".to_string(),
                PermissionType::All => "ALL".to_string(),
            }),
            p.permissions.unwrap_or_default(),
        ),
    };
    let text = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    SwaggerOp {
        method: method.to_string(),
        path: path.to_string(),
        name: op
            .method_name
            .or(op.operation_id)
            .filter(|n| !n.trim().is_empty()),
        scopes,
        scheme,
        permission_type,
        permissions,
        deprecated: op.deprecated.unwrap_or(false),
        preview: op.preview.unwrap_or(false),
        summary: text(op.summary),
        description: op.description,
        tags: op.tags.unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "swagger: '2.0'
info:
  version: v2
paths:
  /api/v2/users/me:
    get:
      tags: [Users]
      summary: ' Get current user details. '
      operationId: getUsersMe
      x-purecloud-method-name: getUsersMe
      security:
      - PureCloud OAuth: [users, users:readonly]
      x-inin-requires-permissions:
        type: ANY
        permissions: [directory:user:view]
  /api/v2/webchat/guest/conversations:
    post:
      operationId: postWebchatGuestConversations
      security:
      - Guest Chat JWT: []
      deprecated: true
  /api/v2/date:
    get:
      operationId: getDate
definitions:
  Ignored: {type: object}
";

    #[test]
    fn yaml_operations() {
        let doc = read_text("s.yml", "s.yml", YAML, false).unwrap();
        assert_eq!(doc.version.as_deref(), Some("v2"));
        let ops: Vec<String> = doc
            .operations
            .iter()
            .map(|o| {
                format!(
                    "{} {} {:?} {:?} {} {:?} {:?} {} {:?}",
                    o.method,
                    o.path,
                    o.name,
                    o.scopes,
                    o.scheme,
                    o.permission_type,
                    o.permissions,
                    o.deprecated,
                    o.summary
                )
            })
            .collect();
        assert_eq!(
            ops,
            [
                "GET /api/v2/date Some(\"getDate\") [] none None [] false None",
                "GET /api/v2/users/me Some(\"getUsersMe\") [\"users\", \"users:readonly\"] PureCloud OAuth Some(\"ANY\") [\"directory:user:view\"] false Some(\"Get current user details.\")",
                "POST /api/v2/webchat/guest/conversations Some(\"postWebchatGuestConversations\") [] Guest Chat JWT None [] true None",
            ]
        );
    }

    #[test]
    fn top_level_security_applies_to_operations_without_their_own() {
        let text = "swagger: '2.0'\nsecurity:\n- PureCloud OAuth: [users]\npaths:\n  /a:\n    get: {}\n    put:\n      security: []\n";
        let doc = read_text("s.yml", "s.yml", text, false).unwrap();
        let got: Vec<(String, Vec<String>, String)> = doc
            .operations
            .into_iter()
            .map(|o| (o.method, o.scopes, o.scheme))
            .collect();
        assert_eq!(
            got,
            [
                ("GET".into(), vec!["users".into()], "PureCloud OAuth".into()),
                ("PUT".into(), vec![], "none".into()),
            ]
        );
    }

    #[test]
    fn json_and_yaml_agree() {
        let parsed = parse::yaml::parse(YAML).unwrap();
        let json = parsed.root.to_json().to_string();
        let a = read_text("s.yml", "s.yml", YAML, false).unwrap();
        let b = read_text("s.json", "s.json", &json, true).unwrap();
        assert_eq!(a.operations, b.operations);
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let bad = YAML.replace("type: ANY", "type: SOME");
        assert_eq!(
            read_text("s.yml", "s.yml", &bad, false).unwrap_err(),
            "s.yml:14:15: unknown variant `SOME`, expected `ANY` or `ALL`"
        );
        let bad = YAML.replace("tags: [Users]", "tags: [Users");
        let err = read_text("s.yml", "s.yml", &bad, false).unwrap_err();
        assert!(err.starts_with("s.yml:8:"), "{err}");
        assert_eq!(
            read_text(
                "s.json",
                "s.json",
                "{\"swagger\": \"2.0\", \"paths\": {\"/a\": {\"get\": {\"deprecated\": \"yes\"}}}}",
                true
            )
            .unwrap_err(),
            "s.json:1:63: invalid type: string \"yes\", expected a boolean"
        );
        assert_eq!(
            read_text("s.json", "s.json", "{\"swagger\": \"2.0\",", true).unwrap_err(),
            "s.json:1:18: EOF while parsing a value"
        );
        assert_eq!(
            read_text("s.json", "s.json", "{\"openapi\": \"3.0.1\", \"paths\": {}}", true)
                .unwrap_err(),
            "s.json: OpenAPI 3.0.1 is not supported: gclint reads Swagger 2.0, the format of Genesys's `/api/v2/docs/swagger`"
        );
        assert_eq!(
            read_text("s.json", "s.json", "[[[", true).unwrap_err(),
            "s.json: not a Swagger document (not a JSON object or YAML mapping)"
        );
        assert_eq!(
            read_text("s.yml", "s.yml", "swagger: '2.0'\npaths:\n  /a:\n", false).unwrap_err(),
            "s.yml:3:5: invalid type: null, expected a path item (a mapping of HTTP methods to operations)"
        );
        assert_eq!(
            read_text("s.yml", "s.yml", "name: app\n", false).unwrap_err(),
            "s.yml: not a Swagger document (no `swagger: \"2.0\"` field)"
        );
    }
}
