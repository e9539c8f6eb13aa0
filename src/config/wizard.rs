//! The premium-app wizard's `config.js`: `provisioningInfo` (`oauth-client`,
//! `role`, `app-instance`) and the wizard's own install-time needs
//! (`installScopes`, `installPermissions` / `setupPermissionsRequired`).
//!
//! The wizard's own code (the folder the config belongs to) runs under the
//! wizard's login, not under the clients it provisions: it becomes a client
//! of its own, bound to that folder, never guessed for other files.

use super::read::TreeReader as Reader;
use super::ConfigRead;
use crate::model::{OAuthClient, Origin, PermissionGrant, Role, SpannedList};
use crate::parse::js_object::find_key;
use crate::parse::Node;
use crate::source::{FileId, Spanned};
use std::path::Path;

/// The folder the wizard's own code lives in: the config's folder, or its
/// parent when the config sits in a `config/` folder.
fn wizard_root(config_path: &Path) -> &Path {
    let dir = config_path.parent().unwrap_or(Path::new("."));
    match dir.file_name().and_then(|n| n.to_str()) {
        Some("config" | "configs") => dir.parent().unwrap_or(dir),
        _ => dir,
    }
}

/// Reads a wizard config already parsed into a tree (the object holding
/// `provisioningInfo`).
pub fn read(file: FileId, root: &Node, config_path: &Path) -> ConfigRead {
    let r = Reader { file };
    let mut out = ConfigRead::default();
    let Some(info) = find_key(root, "provisioningInfo") else {
        return out;
    };
    let info = &info.value;
    let base_dir = wizard_root(config_path).to_path_buf();

    for role in info.get("role").and_then(Node::as_seq).unwrap_or_default() {
        let Some(name) = role.get("name").and_then(|n| r.string(n)) else {
            continue;
        };
        out.roles.push(Role {
            name,
            decl: r.span(&role.range),
            origin: Origin::WizardConfig,
            grants: r.permission_policies(role),
            aliases: Vec::new(),
        });
    }
    for client in info
        .get("oauth-client")
        .and_then(Node::as_seq)
        .unwrap_or_default()
    {
        let Some(name) = client.get("name").and_then(|n| r.string(n)) else {
            continue;
        };
        let roles = r.role_list(client, "roles");
        out.clients.push(OAuthClient {
            name,
            decl: r.span(&client.range),
            origin: Origin::WizardConfig,
            grant: client.get("authorizedGrantType").and_then(|n| r.string(n)),
            pkce: false,
            scopes: r.list(client, "scope"),
            roles,
            user_roles: None,
            redirect_uris: r.list(client, "registeredRedirectUri"),
            token_validity: client
                .get("accessTokenValiditySeconds")
                .and_then(|n| n.as_i64().map(|v| Spanned::new(v, r.span(&n.range)))),
            sources: Vec::new(),
            base_dir: base_dir.clone(),
            wizard_login: false,
            aliases: Vec::new(),
            role_ids_key: None,
        });
    }

    // The wizard's own login: its scopes and the permissions its user needs.
    let install_scopes = r.list(root, "installScopes");
    let permissions = root
        .entry("installPermissions")
        .or_else(|| root.entry("setupPermissionsRequired"))
        .map(|e| (e.key_range.clone(), &e.value));
    if install_scopes.is_some() || permissions.is_some() {
        let name_span = install_scopes
            .as_ref()
            .map(|l| l.key)
            .or_else(|| permissions.as_ref().map(|(k, _)| r.span(k)))
            .unwrap_or_else(|| r.span(&root.range));
        let name = Spanned::new("premium-app wizard".to_string(), name_span);
        let mut user_roles = None;
        if let Some((key, value)) = permissions {
            let grants: Vec<Spanned<PermissionGrant>> = value
                .as_seq()
                .unwrap_or_default()
                .iter()
                .filter_map(|p| {
                    r.string(p)
                        .map(|s| Spanned::new(PermissionGrant::parse(&s.value), s.span))
                })
                .collect();
            let role_name = Spanned::new("wizard installer permissions".to_string(), r.span(&key));
            out.roles.push(Role {
                name: role_name.clone(),
                decl: r.span(&value.range),
                origin: Origin::WizardConfig,
                grants,
                aliases: Vec::new(),
            });
            user_roles = Some(SpannedList {
                key: r.span(&key),
                items: vec![role_name],
            });
        }
        out.clients.push(OAuthClient {
            name,
            decl: r.span(&root.range),
            origin: Origin::WizardConfig,
            grant: Some(Spanned::new("TOKEN".to_string(), name_span)),
            pkce: false,
            scopes: install_scopes,
            roles: None,
            user_roles,
            redirect_uris: None,
            token_validity: None,
            sources: vec![Spanned::new("**".to_string(), name_span)],
            base_dir,
            wizard_login: true,
            aliases: Vec::new(),
            role_ids_key: None,
        });
    }
    out
}
