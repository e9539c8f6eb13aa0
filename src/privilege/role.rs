//! A role granting exactly a permission list, written three ways: a
//! manifest `roles:` entry, a Terraform `genesyscloud_auth_role` resource
//! (CX as Code) and the premium-app wizard's `permissionPolicies`.

use crate::edit::text::{hcl_string, json_string};
use crate::model::{Flow, OAuthClient};
use crate::rules::Context;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleDraft {
    pub name: String,
    pub description: String,
    /// `domain:entity:action` (or legacy) permissions, sorted.
    pub permissions: Vec<String>,
    /// What the role says about itself (permissions it grants only for
    /// calls whose method was not seen): comments of the Terraform text.
    pub notes: Vec<String>,
}

/// A permission policy as the premium-app wizard's `config.js` and the
/// roles API write it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    pub domain: String,
    pub entity_name: String,
    pub action_set: Vec<String>,
    pub allow_conditions: bool,
}

impl RoleDraft {
    /// Named after the client's one custom role when it has exactly one (so
    /// the draft can replace its definition), else after the client.
    pub fn for_client(cx: &Context<'_>, client: &OAuthClient, permissions: Vec<String>) -> Self {
        let refs: Vec<&str> = client
            .roles
            .iter()
            .flat_map(|l| l.iter().map(|r| r.value.name.value.as_str()))
            .collect();
        // Its name, not the reference (a Terraform address, an id).
        let name = match refs.as_slice() {
            [one] => cx.app.role(one).map(|r| r.name.value.clone()),
            _ => None,
        }
        .unwrap_or_else(|| format!("{} least privilege", client.name.value));
        RoleDraft::new(
            name,
            format!(
                "Least privilege for client {}, computed by gclint scopes",
                client.name.value
            ),
            permissions,
        )
    }

    /// The role the signed-in users of a user-grant client need.
    pub fn for_users(client: &OAuthClient, permissions: Vec<String>) -> Self {
        RoleDraft::new(
            format!("{} users", client.name.value),
            format!(
                "What the users of client {} need for its calls, computed by gclint scopes",
                client.name.value
            ),
            permissions,
        )
    }

    /// The role the signed-in users of an undeclared user login need.
    pub fn for_flow_users(flow: &Flow, permissions: Vec<String>) -> Self {
        RoleDraft::new(
            format!("{} users", project_name(flow)),
            format!(
                "What the users of the {} need for its calls, computed by gclint scopes",
                flow.name()
            ),
            permissions,
        )
    }

    /// The role for an undeclared login: named after its project folder
    /// (and, for a Data Actions integration, after that: a project may
    /// also log in with client credentials in its code).
    pub fn for_flow(flow: &Flow, permissions: Vec<String>) -> Self {
        let base = project_name(flow);
        RoleDraft::new(
            match flow.data_actions {
                true => format!("{base} data actions least privilege"),
                false => format!("{base} least privilege"),
            },
            format!(
                "Least privilege for the {}, computed by gclint scopes",
                flow.name()
            ),
            permissions,
        )
    }

    /// A role granting `permissions` (sorted, each once).
    fn new(name: String, description: String, mut permissions: Vec<String>) -> Self {
        permissions.sort();
        permissions.dedup();
        RoleDraft {
            name,
            description,
            permissions,
            notes: Vec::new(),
        }
    }

    /// `domain:entity:action` permissions grouped by domain and entity, and
    /// the rest (legacy one-word permissions), which no policy can express.
    pub fn policies(&self) -> (Vec<Policy>, Vec<String>) {
        let (groups, other) = crate::model::policies_of(&self.permissions);
        let policies = groups
            .into_iter()
            .map(|(domain, entity_name, action_set)| Policy {
                domain,
                entity_name,
                action_set,
                allow_conditions: false,
            })
            .collect();
        (policies, other)
    }

    /// A manifest `roles:` entry.
    pub fn manifest_yaml(&self) -> String {
        let mut out = format!(
            "roles:\n  - name: {}\n    description: {}\n",
            yaml_scalar(&self.name),
            yaml_scalar(&self.description)
        );
        if self.permissions.is_empty() {
            out.push_str("    permissions: []\n");
        } else {
            out.push_str("    permissions:\n");
            for p in &self.permissions {
                out.push_str(&format!("      - {}\n", yaml_scalar(p)));
            }
        }
        out
    }

    /// A `genesyscloud_auth_role` resource, one `permission_policies` block
    /// per domain and entity.
    pub fn terraform(&self) -> String {
        let (policies, other) = self.policies();
        let mut out = format!(
            "resource \"genesyscloud_auth_role\" \"{}\" {{\n  name        = {}\n  description = {}\n",
            terraform_label(&self.name),
            hcl_string(&self.name),
            hcl_string(&self.description)
        );
        for note in &self.notes {
            out.push_str(&format!("  # {}\n", note.replace('\n', " ")));
        }
        if !other.is_empty() {
            let list: Vec<String> = other.iter().map(|p| hcl_string(p)).collect();
            out.push_str(&format!("  permissions = [{}]\n", list.join(", ")));
        }
        for p in &policies {
            let actions: Vec<String> = p.action_set.iter().map(|a| hcl_string(a)).collect();
            out.push_str(&format!(
                "\n  permission_policies {{\n    domain      = {}\n    entity_name = {}\n    action_set  = [{}]\n  }}\n",
                hcl_string(&p.domain),
                hcl_string(&p.entity_name),
                actions.join(", ")
            ));
        }
        out.push_str("}\n");
        out
    }

    /// The wizard's `permissionPolicies` array, one policy per line.
    pub fn wizard_json(&self) -> String {
        let (policies, _) = self.policies();
        if policies.is_empty() {
            return "[]\n".into();
        }
        let lines: Vec<String> = policies
            .iter()
            .map(|p| {
                let actions: Vec<String> = p.action_set.iter().map(|a| json_string(a)).collect();
                format!(
                    "  {{ \"domain\": {}, \"entityName\": {}, \"actionSet\": [{}], \"allowConditions\": false }}",
                    json_string(&p.domain),
                    json_string(&p.entity_name),
                    actions.join(", ")
                )
            })
            .collect();
        format!("[\n{}\n]\n", lines.join(",\n"))
    }
}

/// The last component of a login's project folder (`app` without one).
fn project_name(flow: &Flow) -> &str {
    flow.root
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("app")
}

/// A YAML scalar: plain when it reads back as the same string, else
/// double-quoted.
pub fn yaml_scalar(s: &str) -> String {
    let plain = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || " -_.,()/:".contains(c))
        && !s.contains(": ")
        && !s.ends_with([':', ' '])
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off"
        );
    if plain {
        s.to_string()
    } else {
        json_string(s)
    }
}

/// A Terraform resource name: lower case letters, digits and underscores,
/// starting with a letter.
fn terraform_label(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_string();
    match out.chars().next() {
        None => "least_privilege".into(),
        Some(c) if !c.is_ascii_alphabetic() => format!("role_{out}"),
        _ => out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(perms: &[&str]) -> RoleDraft {
        RoleDraft {
            name: "Sync \"Bot\" ${x}".into(),
            description: "d".into(),
            permissions: perms.iter().map(|s| s.to_string()).collect(),
            notes: Vec::new(),
        }
    }

    #[test]
    fn terraform_groups_by_domain_and_entity_and_escapes() {
        let text = draft(&["admin", "routing:queue:edit", "routing:queue:view"]).terraform();
        assert_eq!(
            text,
            "resource \"genesyscloud_auth_role\" \"sync_bot_x\" {\n  name        = \"Sync \\\"Bot\\\" $${x}\"\n  description = \"d\"\n  permissions = [\"admin\"]\n\n  permission_policies {\n    domain      = \"routing\"\n    entity_name = \"queue\"\n    action_set  = [\"edit\", \"view\"]\n  }\n}\n"
        );
        assert_eq!(terraform_label("9 lives"), "role_9_lives");
    }

    #[test]
    fn yaml_scalars_quote_only_when_needed() {
        assert_eq!(yaml_scalar("Queue Sync Service"), "Queue Sync Service");
        assert_eq!(yaml_scalar("routing:queue:view"), "routing:queue:view");
        assert_eq!(yaml_scalar("a: b"), "\"a: b\"");
        assert_eq!(yaml_scalar("yes"), "\"yes\"");
        assert_eq!(yaml_scalar("*"), "\"*\"");
    }
}
