//! Reading spanned trees into model values, shared by every definition
//! format (manifest, wizard config, API JSON, Terraform).

use crate::model::{PermissionGrant, PermissionsAt, RoleRef, SpannedList};
use crate::parse::{Node, NodeKind};
use crate::source::{FileId, Span, Spanned};

/// Turns nodes of one file into spanned model values.
pub struct TreeReader {
    pub file: FileId,
}

impl TreeReader {
    pub fn span(&self, range: &std::ops::Range<usize>) -> Span {
        Span::new(self.file, range.clone())
    }

    pub fn string(&self, node: &Node) -> Option<Spanned<String>> {
        node.as_str()
            .map(|s| Spanned::new(s.to_string(), self.span(&node.range)))
    }

    /// A list of strings under `key` (a single string counts as a list of one).
    pub fn list(&self, parent: &Node, key: &str) -> Option<SpannedList<String>> {
        let entry = parent.entry(key)?;
        let items = match &entry.value.kind {
            NodeKind::Seq(items) => items.iter().filter_map(|n| self.string(n)).collect(),
            NodeKind::Str(_) => self.string(&entry.value).into_iter().collect(),
            _ => Vec::new(),
        };
        Some(SpannedList {
            key: self.span(&entry.key_range),
            items,
        })
    }

    /// Role names under `key`, as references to be resolved.
    pub fn role_list(&self, parent: &Node, key: &str) -> Option<SpannedList<RoleRef>> {
        self.list(parent, key).map(|l| SpannedList {
            key: l.key,
            items: l
                .items
                .into_iter()
                .map(|s| Spanned::new(RoleRef::named(s.clone()), s.span))
                .collect(),
        })
    }

    /// The grants of permission policies (`domain`, entity and action-set
    /// keys as the format names them), one per action, spanned at the action.
    pub fn policy_grants<'n>(
        &self,
        policies: impl Iterator<Item = &'n Node>,
        entity_key: &str,
        actions_key: &str,
    ) -> Vec<Spanned<PermissionGrant>> {
        let mut grants = Vec::new();
        for p in policies {
            let (Some(domain_node), Some(entity_node)) = (p.get("domain"), p.get(entity_key))
            else {
                continue;
            };
            let (Some(domain), Some(entity)) = (domain_node.as_str(), entity_node.as_str()) else {
                continue;
            };
            for action in p
                .get(actions_key)
                .and_then(Node::as_seq)
                .unwrap_or_default()
            {
                if let Some(a) = action.as_str() {
                    let grant = PermissionGrant::from_policy(domain, entity, a)
                        .at(self.span(&domain_node.range), self.span(&entity_node.range));
                    grants.push(Spanned::new(grant, self.span(&action.range)));
                }
            }
        }
        grants
    }

    /// Where a definition writes its permissions under `permissions` (a
    /// list of strings) and `permissionPolicies`.
    pub fn permissions_at(&self, parent: &Node) -> Vec<PermissionsAt> {
        let at = |key: &str| {
            parent
                .entry(key)
                .map(|e| (self.span(&e.key_range), self.span(&e.value.range)))
        };
        let mut out = Vec::new();
        if let Some((key, value)) = at("permissions") {
            out.push(PermissionsAt::List { key, value });
        }
        if let Some((key, value)) = at("permissionPolicies") {
            out.push(PermissionsAt::Policies { key, value });
        }
        out
    }

    /// Wizard / API style `permissionPolicies: [{domain, entityName, actionSet}]`.
    pub fn permission_policies(&self, parent: &Node) -> Vec<Spanned<PermissionGrant>> {
        let policies = parent
            .get("permissionPolicies")
            .and_then(Node::as_seq)
            .unwrap_or_default();
        self.policy_grants(policies.iter(), "entityName", "actionSet")
    }
}
