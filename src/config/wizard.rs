//! The premium-app wizard's `config.js`: `provisioningInfo` (`oauth-client`,
//! `role`, `app-instance`) and the wizard's own install-time needs
//! (`installScopes`, `installPermissions`: flat lists, or maps from module
//! to list as Genesys's template writes them; see `Modules`).
//!
//! The wizard's own code (the folder the config belongs to) runs under the
//! wizard's login, not under the clients it provisions: it becomes a client
//! of its own, bound to that folder, never guessed for other files.

use super::read::TreeReader as Reader;
use super::ConfigRead;
use crate::model::{OAuthClient, Origin, PermissionGrant, Role, SpannedList, WizardRun};
use crate::parse::js_object::find_key;
use crate::parse::{Node, NodeKind};
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
            written: r
                .permissions_at(role)
                .into_iter()
                .filter(|w| matches!(w, crate::model::PermissionsAt::Policies { .. }))
                .collect(),
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
            scopes_elsewhere: false,
            roles,
            user_roles: None,
            redirect_uris: r.list(client, "registeredRedirectUri"),
            token_validity: client
                .get("accessTokenValiditySeconds")
                .and_then(|n| n.as_i64().map(|v| Spanned::new(v, r.span(&n.range)))),
            sources: Vec::new(),
            inactive: Vec::new(),
            base_dir: base_dir.clone(),
            wizard_login: false,
            wizard_run: None,
            aliases: Vec::new(),
            role_ids_key: None,
        });
    }

    // The wizard's own login: its scopes and the permissions its user needs.
    let mut modules = Modules::of(info);
    let install_scopes = modules.list(&r, root, "installScopes", "uninstallScopes");
    // Older configs' `setupPermissionsRequired` (often `['admin']`) is a
    // gate the wizard checks, not the list of what its user holds: the
    // calls are not checked against it.
    let permissions = modules.list(&r, root, "installPermissions", "uninstallPermissions");
    let gated = root.entry("setupPermissionsRequired");
    if install_scopes.is_some() || permissions.is_some() || gated.is_some() {
        let name_span = install_scopes
            .as_ref()
            .map(|l| l.key)
            .or_else(|| permissions.as_ref().map(|l| l.key))
            .or_else(|| gated.map(|e| r.span(&e.key_range)))
            .unwrap_or_else(|| r.span(&root.range));
        let name = Spanned::new("premium-app wizard".to_string(), name_span);
        let mut user_roles = None;
        if let Some(list) = permissions {
            let key = list.key;
            let grants: Vec<Spanned<PermissionGrant>> = list
                .items
                .into_iter()
                .map(|s| Spanned::new(PermissionGrant::parse(&s.value), s.span))
                .collect();
            let role_name = Spanned::new("wizard installer permissions".to_string(), key);
            out.roles.push(Role {
                name: role_name.clone(),
                decl: key,
                origin: Origin::WizardConfig,
                grants,
                aliases: Vec::new(),
                written: Vec::new(),
            });
            user_roles = Some(SpannedList {
                key,
                items: vec![role_name],
            });
        }
        out.clients.push(OAuthClient {
            name,
            decl: r.span(&root.range),
            origin: Origin::WizardConfig,
            grant: Some(Spanned::new("TOKEN".to_string(), name_span)),
            pkce: false,
            scopes_elsewhere: install_scopes.is_none(),
            scopes: install_scopes,
            roles: None,
            user_roles,
            redirect_uris: None,
            token_validity: None,
            sources: vec![Spanned::new("**".to_string(), name_span)],
            inactive: modules
                .unused
                .iter()
                .map(|m| Spanned::new(format!("**/modules/{m}.js"), name_span))
                .collect(),
            base_dir,
            wizard_login: true,
            wizard_run: Some(WizardRun {
                provisioned: modules.used.clone(),
                post_custom_setup: matches!(
                    root.get("enableCustomSetupStepAfterInstall")
                        .map(|n| &n.kind),
                    Some(NodeKind::Bool(true))
                ),
            }),
            aliases: Vec::new(),
            role_ids_key: None,
        });
    }
    out
}

/// Keys of the per-module maps that every install uses: the wizard's own
/// pages, the custom setup page and the post-install step.
const ALWAYS: [&str; 3] = ["wizard", "custom", "postCustomSetup"];

/// The wizard's modules: which `provisioningInfo` uses, and which the
/// per-module maps name without it being used.
///
/// Genesys's premium-app template writes `installScopes`,
/// `installPermissions` and their `uninstall*` twins as maps from module
/// name to list (`'role': ['authorization']`). The wizard's login holds
/// the lists of [`ALWAYS`] and of every module `provisioningInfo` uses;
/// a module it does not use never runs, so neither its list nor its code
/// (`modules/<name>.js`) counts.
struct Modules {
    used: Vec<String>,
    unused: Vec<String>,
}

impl Modules {
    fn of(info: &Node) -> Modules {
        let used = info
            .as_map()
            .unwrap_or_default()
            .iter()
            .map(|e| e.key.clone())
            .collect();
        Modules {
            used,
            unused: Vec::new(),
        }
    }

    fn counts(&self, module: &str) -> bool {
        ALWAYS.contains(&module) || self.used.iter().any(|u| u == module)
    }

    /// The login's list for `install` (and `uninstall`, whose removal code
    /// runs under the same login): a flat list as written, or the union of
    /// a module map's lists for the modules that count, each item once, in
    /// the order written. The key span is `install`'s.
    fn list(
        &mut self,
        r: &Reader,
        root: &Node,
        install: &str,
        uninstall: &str,
    ) -> Option<SpannedList<String>> {
        let entry = root.entry(install)?;
        if entry.value.as_map().is_none() {
            return r.list(root, install);
        }
        // Each item with the module whose list holds it.
        let mut items: Vec<(Spanned<String>, &str)> = Vec::new();
        for key in [install, uninstall] {
            let Some(map) = root.get(key).and_then(Node::as_map) else {
                continue;
            };
            for module in map {
                if !self.counts(&module.key) {
                    if !self.unused.contains(&module.key) {
                        self.unused.push(module.key.clone());
                    }
                    continue;
                }
                let values = match &module.value.kind {
                    NodeKind::Seq(values) => values.as_slice(),
                    _ => std::slice::from_ref(&module.value),
                };
                for v in values {
                    if let Some(s) = r.string(v) {
                        if !items.iter().any(|(i, _)| i.value == s.value) {
                            items.push((s, module.key.as_str()));
                        }
                    }
                }
            }
        }
        // Each module lists what it needs alone: `x:readonly` of one module
        // beside `x` of another is not a redundancy of the union.
        let granted_elsewhere = |(item, module): &(Spanned<String>, &str)| {
            item.value.strip_suffix(":readonly").is_some_and(|write| {
                items
                    .iter()
                    .any(|(other, m)| other.value == write && m != module)
            })
        };
        let kept: Vec<Spanned<String>> = items
            .iter()
            .filter(|i| !granted_elsewhere(i))
            .map(|(item, _)| item.clone())
            .collect();
        Some(SpannedList {
            key: r.span(&entry.key_range),
            items: kept,
        })
    }
}
