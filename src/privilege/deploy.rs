//! What the OAuth client Terraform runs with needs: per root module (its
//! local child modules included), the resource types and data sources it
//! uses, the operations the provider calls for each (from the database's
//! copy of the provider's docs), and the smallest permission list and scope
//! set that allow them all.

use super::{
    permission_plan, role::RoleDraft, scope_plan, Gap, GapReason, OpCalls, PermissionPlan, Pick,
};
use crate::db::OpId;
use crate::model::{ModuleCall, OAuthClient, Origin};
use crate::rules::Context;
use crate::source::{FileId, Span, Spanned};
use std::collections::HashMap;
use std::path::Path;

/// One resource type or data source a root module uses.
#[derive(Debug, Clone)]
pub struct ResourceUse {
    /// `genesyscloud_routing_queue` or `data.genesyscloud_routing_queue`.
    pub kind: String,
    /// The type label of each block.
    pub blocks: Vec<Span>,
    /// The operations the provider calls for it (empty: not in the
    /// provider's docs).
    pub ops: Vec<OpId>,
    /// Whether the provider's docs list the type.
    pub known: bool,
}

#[derive(Debug, Clone)]
pub struct DeployPlan {
    /// The root module, an index into `App::terraform`.
    pub root: usize,
    /// The root and the local child modules it loads, in the order met.
    pub modules: Vec<usize>,
    /// Child modules gclint did not read (remote sources, folders outside
    /// the scanned paths).
    pub not_read: Vec<ModuleCall>,
    /// Resource types first, then data sources, by name.
    pub uses: Vec<ResourceUse>,
    pub permissions: PermissionPlan,
    /// For a deploy client with a user token (`access_token`): scopes.
    pub scopes: Vec<Pick>,
    pub scopes_exact: bool,
    /// Operations whose requirements the database does not know, API uses
    /// no operation has.
    pub gaps: Vec<Gap>,
    /// How many permissions the provider's docs list for these types
    /// (every alternative of every operation).
    pub listed: usize,
    /// Whether the deploy client is named (`terraform-client`); when not,
    /// nothing is said about what it holds.
    pub named: bool,
    /// The roles the modules grant (to OAuth clients, to users), which the
    /// deploy client must hold too: name and permissions (`None`: a
    /// built-in administrator role, every permission), in the order met.
    pub grants: Vec<(String, Option<Vec<String>>)>,
}

/// The deploy client as a client: the one `gclint.toml` names, else a
/// client-credentials client holding nothing known.
fn deploy_client(cx: &Context<'_>) -> OAuthClient {
    if let Some(d) = &cx.app.deploy {
        return d.client.clone();
    }
    let nowhere = Span::new(FileId(0), 0..0);
    OAuthClient {
        scopes_elsewhere: true,
        ..OAuthClient::bare(
            Spanned::new("Terraform deploy client".into(), nowhere),
            Origin::Terraform,
            "CLIENT-CREDENTIALS",
            Default::default(),
        )
    }
}

/// The modules no scanned module loads as a child: the ones `terraform
/// apply` runs in. A module in a cycle of local sources counts as a root.
fn roots(cx: &Context<'_>) -> Vec<usize> {
    let modules = &cx.app.terraform;
    let loaded = |dir: &Path| {
        modules
            .iter()
            .any(|m| m.dir != dir && m.calls.iter().any(|c| c.dir.as_deref() == Some(dir)))
    };
    let roots: Vec<usize> = (0..modules.len())
        .filter(|&i| !loaded(&modules[i].dir))
        .collect();
    if roots.is_empty() {
        (0..modules.len()).collect()
    } else {
        roots
    }
}

/// Every root module's plan, in path order, for those using the provider.
pub fn deploy_plans(cx: &Context<'_>) -> Vec<DeployPlan> {
    let mut plans: Vec<DeployPlan> = roots(cx)
        .into_iter()
        .filter_map(|root| deploy_plan(cx, root))
        .collect();
    plans.sort_by(|a, b| {
        cx.app.terraform[a.root]
            .dir
            .cmp(&cx.app.terraform[b.root].dir)
    });
    plans
}

fn deploy_plan(cx: &Context<'_>, root: usize) -> Option<DeployPlan> {
    let all = &cx.app.terraform;
    let by_dir: HashMap<&Path, usize> = all
        .iter()
        .enumerate()
        .map(|(i, m)| (m.dir.as_path(), i))
        .collect();
    let mut modules = vec![root];
    let mut not_read = Vec::new();
    let mut next = 0;
    while next < modules.len() {
        let m = &all[modules[next]];
        next += 1;
        for call in &m.calls {
            match call.dir.as_deref().and_then(|d| by_dir.get(d)) {
                Some(&child) if !modules.contains(&child) => modules.push(child),
                Some(_) => {}
                None => not_read.push(call.clone()),
            }
        }
    }
    let provider = cx.db.terraform();
    let mut uses: Vec<ResourceUse> = Vec::new();
    for &m in &modules {
        for block in &all[m].blocks {
            match uses.iter_mut().find(|u| u.kind == block.kind) {
                Some(u) => u.blocks.push(block.label),
                None => uses.push(ResourceUse {
                    kind: block.kind.clone(),
                    blocks: vec![block.label],
                    ops: Vec::new(),
                    known: false,
                }),
            }
        }
    }
    if uses.is_empty() {
        return None;
    }
    uses.sort_by(|a, b| {
        (a.kind.starts_with("data."), &a.kind).cmp(&(b.kind.starts_with("data."), &b.kind))
    });
    let mut gaps = Vec::new();
    let mut ops: Vec<OpCalls> = Vec::new();
    let mut listed: Vec<&str> = Vec::new();
    for u in &mut uses {
        let Some(resource) = provider.resource(&u.kind) else {
            continue;
        };
        u.known = true;
        listed.extend(resource.permissions.iter().map(|p| p.as_ref()));
        for found in cx.db.terraform_operations(resource) {
            match found {
                Ok(id) => {
                    if !u.ops.contains(&id) {
                        u.ops.push(id);
                    }
                    match ops.iter_mut().find(|o| o.op == id) {
                        Some(o) => o.spans.extend(u.blocks.iter().copied()),
                        None => ops.push(OpCalls {
                            op: id,
                            spans: u.blocks.clone(),
                            unseen: Vec::new(),
                        }),
                    }
                }
                Err(written) => gaps.push(Gap {
                    span: u.blocks[0],
                    reason: GapReason::Unresolved,
                    ops: Vec::new(),
                    written,
                }),
            }
        }
    }
    listed.sort_unstable();
    listed.dedup();
    for o in &mut ops {
        o.spans.sort_by_key(|s| (s.file, s.start));
        o.spans.dedup();
    }
    let client = deploy_client(cx);
    let named = cx.app.deploy.is_some();
    let called = super::Called::of_ops(ops);
    let mut permissions = permission_plan(cx, &client, &called, &mut gaps);
    if !named {
        for pick in &mut permissions.picks {
            pick.granted = None;
        }
    }
    let dir = &all[root].dir;
    let folder = dir
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("terraform");
    let roles: Vec<&str> = client
        .roles
        .iter()
        .flat_map(|l| l.iter().map(|r| r.value.name.value.as_str()))
        .collect();
    permissions.role = RoleDraft {
        name: match roles.as_slice() {
            [one] => one.to_string(),
            _ => format!("{folder} Terraform deploy"),
        },
        description: format!(
            "Least privilege for the OAuth client that applies the Terraform module {folder}, computed by gclint scopes"
        ),
        permissions: permissions.role.permissions,
        notes: Vec::new(),
    };
    let mut scope_gaps = Vec::new();
    let user_token = OAuthClient {
        grant: Some(Spanned::new("CODE".into(), client.decl)),
        ..client
    };
    let scopes = scope_plan(cx, &user_token, &called, &mut scope_gaps);
    for g in scope_gaps {
        if !gaps
            .iter()
            .any(|x| x.span == g.span && x.reason == g.reason && x.ops == g.ops)
        {
            gaps.push(g);
        }
    }
    gaps.sort_by_key(|g| (g.span.file, g.span.start));
    let mut grants: Vec<(String, Option<Vec<String>>)> = Vec::new();
    for &m in &modules {
        for g in &all[m].grants {
            let name = &g.role.value.name.value;
            let entry = match cx.app.role(name) {
                Some(role) => (
                    role.name.value.clone(),
                    Some(role.grants.iter().map(|x| x.value.text()).collect()),
                ),
                None if crate::rules::support::is_builtin_admin(name) => (name.clone(), None),
                None => continue,
            };
            if !grants.iter().any(|(n, _)| *n == entry.0) {
                grants.push(entry);
            }
        }
    }
    Some(DeployPlan {
        root,
        modules,
        not_read,
        uses,
        permissions,
        scopes: scopes.picks,
        scopes_exact: scopes.exact,
        gaps,
        listed: listed.len(),
        named,
        grants,
    })
}
