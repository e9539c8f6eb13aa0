//! The app manifest (`appfoundry.yaml` / `.yml` / `.json`): validated
//! against `schemas/appfoundry.schema.json`, then read leniently into the
//! model so rules still run on the parts that are well formed.
//!
//! Imports only layers below it (docs/architecture.md): `config`, `model`,
//! `parse`, `source`.

use crate::config::read::TreeReader;
use crate::model::{
    InputIssue, InputIssueKind, Manifest, OAuthClient, Origin, PermissionGrant, Role, RoleRef,
    SpannedList,
};
use crate::parse::{self, Node};
use crate::source::{FileId, Span, Spanned};
use std::path::Path;
use std::sync::OnceLock;

pub const SCHEMA: &str = include_str!("../schemas/appfoundry.schema.json");

/// File names recognised as manifests.
pub fn is_manifest_name(name: &str) -> bool {
    matches!(
        name,
        "appfoundry.yaml" | "appfoundry.yml" | "appfoundry.json"
    )
}

/// Everything one manifest contributes to the app.
#[derive(Debug, Default)]
pub struct ManifestRead {
    pub manifest: Option<Manifest>,
    pub clients: Vec<OAuthClient>,
    pub roles: Vec<Role>,
    pub issues: Vec<InputIssue>,
}

/// Compiles the manifest schema now (on a spare thread at start-up), so
/// that the first manifest read does not wait for it.
pub fn prepare() {
    validator();
}

fn validator() -> &'static jsonschema::Validator {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    V.get_or_init(|| {
        let schema: serde_json::Value =
            serde_json::from_str(SCHEMA).expect("bundled schema is JSON");
        jsonschema::validator_for(&schema).expect("bundled schema compiles")
    })
}

struct Reader {
    tree: TreeReader,
    issues: Vec<InputIssue>,
}

impl std::ops::Deref for Reader {
    type Target = TreeReader;
    fn deref(&self) -> &TreeReader {
        &self.tree
    }
}

impl Reader {
    fn client(&self, node: &Node, base_dir: &Path) -> Option<OAuthClient> {
        let name = node.get("name").and_then(|n| self.string(n))?;
        let roles = node.entry("roles").map(|entry| SpannedList {
            key: self.span(&entry.key_range),
            items: entry
                .value
                .as_seq()
                .unwrap_or_default()
                .iter()
                .filter_map(|item| {
                    if let Some(s) = self.string(item) {
                        return Some(Spanned::new(RoleRef::named(s.clone()), s.span));
                    }
                    let role = self.string(item.get("role")?)?;
                    let division = item.get("division").and_then(|d| self.string(d));
                    Some(Spanned::new(
                        RoleRef {
                            name: role,
                            division,
                            unresolved: None,
                        },
                        self.span(&item.range),
                    ))
                })
                .collect(),
        });
        Some(OAuthClient {
            name,
            decl: self.span(&node.range),
            origin: Origin::Manifest,
            grant: node.get("grantType").and_then(|n| self.string(n)),
            pkce: node.get("pkce").and_then(Node::as_bool).unwrap_or(false),
            scopes: self.list(node, "scopes"),
            scopes_elsewhere: false,
            roles,
            user_roles: self.list(node, "userRoles"),
            redirect_uris: self.list(node, "redirectUris"),
            token_validity: node
                .get("accessTokenValiditySeconds")
                .and_then(|n| n.as_i64().map(|v| Spanned::new(v, self.span(&n.range)))),
            sources: self
                .list(node, "sources")
                .map(|l| l.items)
                .unwrap_or_default(),
            base_dir: base_dir.to_path_buf(),
            inactive: Vec::new(),
            wizard_login: false,
            wizard_run: None,
            aliases: Vec::new(),
            role_ids_key: None,
        })
    }

    fn role(&self, node: &Node) -> Option<Role> {
        let name = node.get("name").and_then(|n| self.string(n))?;
        let mut grants = Vec::new();
        for p in node
            .get("permissions")
            .and_then(Node::as_seq)
            .unwrap_or_default()
        {
            if let Some(s) = self.string(p) {
                grants.push(Spanned::new(PermissionGrant::parse(&s.value), s.span));
            }
        }
        grants.extend(self.permission_policies(node));
        Some(Role {
            name,
            decl: self.span(&node.range),
            origin: Origin::Manifest,
            grants,
            aliases: Vec::new(),
            written: self.permissions_at(node),
        })
    }
}

/// Describes a schema violation in the user's terms.
fn schema_message(error: &jsonschema::ValidationError<'_>) -> String {
    use jsonschema::error::ValidationErrorKind as K;
    let path = error.instance_path().to_string();
    let at = if path.is_empty() {
        "the manifest".to_string()
    } else {
        format!("`{}`", path.trim_start_matches('/').replace('/', "."))
    };
    match error.kind() {
        K::AdditionalProperties { unexpected } => {
            let keys: Vec<String> = unexpected.iter().map(|k| format!("`{k}`")).collect();
            format!("unknown key {} in {at}", keys.join(", "))
        }
        K::Required { property } => format!(
            "{at} is missing the required key `{}`",
            property.as_str().unwrap_or_default()
        ),
        _ => format!("{at}: {error}"),
    }
}

/// Reads one manifest. `dir` is the folder its `sources` globs are relative to.
pub fn read(file: FileId, text: &str, json: bool, dir: &Path) -> ManifestRead {
    let mut out = ManifestRead::default();
    let parsed = if json {
        parse::json::parse(text)
    } else {
        parse::yaml::parse(text)
    };
    let parsed = match parsed {
        Ok(p) => p,
        Err(issue) => {
            out.issues.push(InputIssue {
                kind: InputIssueKind::Parse,
                span: Span::new(file, issue.range),
                message: format!("the manifest cannot be parsed: {}", issue.message),
            });
            return out;
        }
    };
    let mut reader = Reader {
        tree: TreeReader { file },
        issues: parsed
            .issues
            .into_iter()
            .map(|i| InputIssue {
                kind: InputIssueKind::Parse,
                span: Span::new(file, i.range),
                message: i.message,
            })
            .collect(),
    };
    let root = parsed.root;

    let instance = root.to_json();
    for error in validator().iter_errors(&instance) {
        use jsonschema::error::ValidationErrorKind as K;
        let pointer = error.instance_path().to_string();
        let range = match error.kind() {
            K::AdditionalProperties { unexpected } if !unexpected.is_empty() => {
                root.pointer_range(&format!(
                    "{pointer}/{}",
                    unexpected[0].replace('~', "~0").replace('/', "~1")
                ))
            }
            _ => root
                .pointer_value_range(&pointer)
                .unwrap_or_else(|| root.pointer_range(&pointer)),
        };
        reader.issues.push(InputIssue {
            kind: InputIssueKind::Schema,
            span: Span::new(file, range),
            message: schema_message(&error),
        });
    }

    let clients: Vec<OAuthClient> = root
        .get("clients")
        .and_then(Node::as_seq)
        .unwrap_or_default()
        .iter()
        .filter_map(|n| reader.client(n, dir))
        .collect();
    let roles: Vec<Role> = root
        .get("roles")
        .and_then(Node::as_seq)
        .unwrap_or_default()
        .iter()
        .filter_map(|n| reader.role(n))
        .collect();
    let regions = root
        .get("regions")
        .and_then(Node::as_seq)
        .unwrap_or_default()
        .iter()
        .filter_map(|n| reader.string(n))
        .collect();
    out.manifest = Some(Manifest {
        file,
        dir: dir.to_path_buf(),
        regions,
        reach: Some(dir.to_path_buf()),
    });
    out.clients = clients;
    out.roles = roles;
    reader.issues.sort_by_key(|i| (i.span.start, i.span.end));
    reader.issues.dedup();
    out.issues = reader.issues;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_yaml(text: &str) -> ManifestRead {
        read(FileId(0), text, false, Path::new("."))
    }

    #[test]
    fn schema_violation_points_at_the_key() {
        let text = "name: app\nclients:\n  - name: web\n    grantType: TOKEN\n    scope: [users]\n";
        let out = read_yaml(text);
        assert_eq!(out.issues.len(), 1, "{:?}", out.issues);
        let issue = &out.issues[0];
        assert_eq!(issue.kind, InputIssueKind::Schema);
        assert_eq!(&text[issue.span.range()], "scope");
        assert_eq!(issue.message, "unknown key `scope` in `clients.0`");
    }

    #[test]
    fn clients_keep_scope_spans() {
        let text = "name: app\nclients:\n  - name: web\n    grantType: TOKEN\n    scopes: [users, 'bogus']\n";
        let out = read_yaml(text);
        assert!(out.issues.is_empty(), "{:?}", out.issues);
        let scopes = out.clients[0].scopes.as_ref().unwrap();
        assert_eq!(&text[scopes.items[1].span.range()], "'bogus'");
        assert_eq!(&text[scopes.key.range()], "scopes");
    }

    #[test]
    fn malformed_yaml_is_a_parse_issue() {
        let out = read_yaml("name: app\nclients: [\n");
        assert_eq!(out.issues.len(), 1);
        assert_eq!(out.issues[0].kind, InputIssueKind::Parse);
        assert!(out.manifest.is_none());
    }
}
