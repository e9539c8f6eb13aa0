//! JSON as the Genesys Cloud API returns or accepts it: OAuth client bodies
//! (`POST /api/v2/oauth/clients`), role exports (`permissionPolicies`) and
//! data action exports (`config.request.requestUrlTemplate`). Recognised by
//! content, whatever the file is called; a file may hold one object, a list,
//! or a page of results (`entities`).

use super::read::TreeReader;
use super::{ConfigRead, DataAction};
use crate::model::{OAuthClient, Origin, Role, RoleRef, SpannedList};
use crate::parse::{Node, NodeKind};
use crate::source::{FileId, Spanned};
use std::path::Path;

/// Cheap test on the raw text before parsing.
pub fn may_hold_definitions(text: &str) -> bool {
    let b = text.as_bytes();
    [
        "\"authorizedGrantType\"",
        "\"permissionPolicies\"",
        "\"requestUrlTemplate\"",
    ]
    .iter()
    .any(|k| memchr::memmem::find(b, k.as_bytes()).is_some())
}

/// Whether the text of a file given with `--client-json` holds an OAuth
/// client or a role (alone, in a list, or in a page's `entities`); `Err`
/// says in a few words what it holds instead: not JSON, an error answer of
/// the API, an object or list of something else.
pub fn check_client_json(text: &str) -> Result<(), String> {
    let parsed = match crate::parse::json::parse(text) {
        Ok(parsed) => parsed,
        Err(issue) => return Err(format!("it is not valid JSON ({})", issue.message)),
    };
    let root = &parsed.root;
    let items: Vec<&Node> = match &root.kind {
        NodeKind::Seq(items) => items.iter().collect(),
        NodeKind::Map(_) => match root.get("entities").and_then(Node::as_seq) {
            Some(items) => items.iter().collect(),
            None => vec![root],
        },
        _ => return Err("it holds a single value, not an object".into()),
    };
    let defines =
        |o: &&Node| o.get("authorizedGrantType").is_some() || o.get("permissionPolicies").is_some();
    if items.iter().any(defines) {
        return Ok(());
    }
    let neither =
        "neither `authorizedGrantType` (an OAuth client) nor `permissionPolicies` (a role)";
    if let NodeKind::Seq(items) = &root.kind {
        return Err(match items.len() {
            0 => "it holds an empty list".into(),
            n => format!("it holds a list of {n} items with {neither}"),
        });
    }
    // An error answer: `{"message": ..., "code": "not.found", "status": 404}`.
    let status = root.get("status").and_then(|s| match &s.kind {
        NodeKind::Int(n) => Some(n.to_string()),
        NodeKind::Str(s) if s.chars().all(|c| c.is_ascii_digit()) && !s.is_empty() => {
            Some(s.clone())
        }
        _ => None,
    });
    if let Some(status) = status {
        let code = match root.get("code").map(|c| &c.kind) {
            Some(NodeKind::Str(code)) if crate::parse::is_plain_name(code) => {
                format!(", code `{code}`")
            }
            _ => String::new(),
        };
        return Err(format!(
            "it holds an error answer of the API (status {status}{code}), not the client: save the answer of a request that succeeded"
        ));
    }
    if root.get("config").and_then(|c| c.get("request")).is_some() {
        return Err("it holds a data action, not an OAuth client or role".into());
    }
    let keys: Vec<String> = match &root.kind {
        NodeKind::Map(entries) => entries
            .iter()
            .map(|e| crate::parse::shown_key(&e.key))
            .collect(),
        _ => Vec::new(),
    };
    Err(match keys.len() {
        0 => "it holds an empty object".into(),
        n if n > 4 => format!(
            "it holds an object with {} and {} more keys: {neither}",
            keys[..4].join(", "),
            n - 4
        ),
        _ => format!("it holds an object with {}: {neither}", keys.join(", ")),
    })
}

/// API JSON reading on top of the shared tree reader.
trait ApiJsonReader {
    fn client(&self, obj: &Node, dir: &Path, out: &mut ConfigRead);
    fn role(&self, obj: &Node, out: &mut ConfigRead);
    fn data_action(&self, obj: &Node, out: &mut ConfigRead);
}

impl ApiJsonReader for TreeReader {
    fn client(&self, obj: &Node, dir: &Path, out: &mut ConfigRead) {
        let name = obj
            .get("name")
            .and_then(|n| self.string(n))
            .unwrap_or_else(|| Spanned::new("(unnamed client)".into(), self.span(&obj.range)));
        // `roleDivisions: [{roleId, divisionId}]`, or the deprecated `roleIds: [...]`.
        let mut roles: Option<SpannedList<RoleRef>> = None;
        if let Some(entry) = obj.entry("roleDivisions") {
            roles = Some(SpannedList {
                key: self.span(&entry.key_range),
                items: entry
                    .value
                    .as_seq()
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|rd| {
                        let id = self.string(rd.get("roleId")?)?;
                        Some(Spanned::new(
                            RoleRef {
                                name: id,
                                division: rd.get("divisionId").and_then(|d| self.string(d)),
                                unresolved: None,
                            },
                            self.span(&rd.range),
                        ))
                    })
                    .collect(),
            });
        }
        // The API's own output carries both; only a body that assigns its
        // roles with `roleIds` alone relies on the deprecated field.
        let role_ids_key = obj
            .entry("roleIds")
            .filter(|_| obj.entry("roleDivisions").is_none())
            .map(|e| self.span(&e.key_range));
        if roles.is_none() {
            roles = self.role_list(obj, "roleIds");
        }
        out.clients.push(OAuthClient {
            name,
            decl: self.span(&obj.range),
            origin: Origin::ApiJson,
            grant: obj.get("authorizedGrantType").and_then(|n| self.string(n)),
            pkce: false,
            scopes: self.list(obj, "scope"),
            scopes_elsewhere: false,
            roles,
            user_roles: None,
            redirect_uris: self.list(obj, "registeredRedirectUri"),
            token_validity: obj
                .get("accessTokenValiditySeconds")
                .and_then(|n| n.as_i64().map(|v| Spanned::new(v, self.span(&n.range)))),
            sources: Vec::new(),
            base_dir: dir.to_path_buf(),
            inactive: Vec::new(),
            wizard_login: false,
            wizard_run: None,
            aliases: obj
                .get("id")
                .and_then(Node::as_str)
                .map(str::to_string)
                .into_iter()
                .collect(),
            role_ids_key,
        });
    }

    fn role(&self, obj: &Node, out: &mut ConfigRead) {
        let Some(name) = obj.get("name").and_then(|n| self.string(n)) else {
            return;
        };
        let grants = self.permission_policies(obj);
        let written = self
            .permissions_at(obj)
            .into_iter()
            .filter(|w| matches!(w, crate::model::PermissionsAt::Policies { .. }))
            .collect();
        out.roles.push(Role {
            name,
            decl: self.span(&obj.range),
            origin: Origin::ApiJson,
            grants,
            written,
            aliases: obj
                .get("id")
                .and_then(Node::as_str)
                .map(str::to_string)
                .into_iter()
                .collect(),
        });
    }

    fn data_action(&self, obj: &Node, out: &mut ConfigRead) {
        let Some(request) = obj.get("config").and_then(|c| c.get("request")) else {
            return;
        };
        let Some(url) = request.get("requestUrlTemplate") else {
            return;
        };
        let NodeKind::Str(template) = &url.kind else {
            return;
        };
        let integration_type = obj.get("integrationType").and_then(Node::as_str);
        if !super::is_platform_action(integration_type, template) {
            return;
        }
        out.data_actions.push(DataAction {
            span: self.span(&url.range),
            method: request
                .get("requestType")
                .and_then(Node::as_str)
                .map(str::to_ascii_uppercase),
            path: template.clone(),
            client: None,
        });
    }
}

/// Reads every client, role and data action a JSON document holds.
pub fn read(file: FileId, root: &Node, dir: &Path) -> ConfigRead {
    let r = TreeReader { file };
    let mut out = ConfigRead::default();
    let items: Vec<&Node> = match &root.kind {
        NodeKind::Seq(items) => items.iter().collect(),
        NodeKind::Map(_) => match root.get("entities").and_then(Node::as_seq) {
            Some(items) => items.iter().collect(),
            None => vec![root],
        },
        _ => Vec::new(),
    };
    for obj in items {
        if obj.get("authorizedGrantType").is_some() {
            r.client(obj, dir, &mut out);
        } else if obj.get("permissionPolicies").is_some() {
            r.role(obj, &mut out);
        } else if obj.get("config").and_then(|c| c.get("request")).is_some() {
            r.data_action(obj, &mut out);
        }
    }
    out
}
