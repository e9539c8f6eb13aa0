use super::support::deploy_roles;
use super::{declare_rule, Context};
use crate::db::{OpId, PermissionMatch};
use crate::diagnostic::{code_alternatives, code_list, Diagnostic};

declare_rule!(
    "deploy-permission",
    "DeployPermission",
    Error,
    Deploy,
    "A Terraform resource type in the configuration needs a permission the deploy client's roles lack"
);

/// Operations named in a message before "and N more".
const SHOWN: usize = 2;

pub fn check(cx: &Context<'_>, out: &mut super::Findings) {
    let Some((deploy, roles)) = deploy_roles(cx) else {
        return;
    };
    let provider = cx.db.terraform();
    let role_names: Vec<&str> = roles.roles.iter().map(|r| r.name.value.as_str()).collect();
    for module in &cx.app.terraform {
        let mut seen: Vec<&str> = Vec::new();
        for block in &module.blocks {
            if seen.contains(&block.kind.as_str()) {
                continue;
            }
            seen.push(&block.kind);
            let Some(resource) = provider.resource(&block.kind) else {
                continue;
            };
            // Each permission no role grants, with the operations needing it;
            // alternatives of which none is granted apart.
            let mut missing: Vec<(String, Vec<OpId>)> = Vec::new();
            let mut one_of: Vec<(Vec<String>, OpId)> = Vec::new();
            for id in cx.db.terraform_operations(resource).into_iter().flatten() {
                let Some(perms) = &cx.db.op(id).permissions else {
                    continue;
                };
                let lacking = roles.missing(perms.kind, &perms.list);
                if lacking.is_empty() {
                    continue;
                }
                if perms.kind == Some(PermissionMatch::Any) && lacking.len() > 1 {
                    match one_of.iter().find(|(o, _)| *o == lacking) {
                        Some(_) => {}
                        None => one_of.push((lacking, id)),
                    }
                    continue;
                }
                for p in lacking {
                    match missing.iter_mut().find(|(m, _)| *m == p) {
                        Some((_, ops)) => ops.push(id),
                        None => missing.push((p, vec![id])),
                    }
                }
            }
            if missing.is_empty() && one_of.is_empty() {
                continue;
            }
            missing.sort();
            // An alternative already named among the missing ones.
            one_of.retain(|(options, _)| {
                !options.iter().any(|o| missing.iter().any(|(m, _)| m == o))
            });
            let names: Vec<&str> = missing.iter().map(|(p, _)| p.as_str()).collect();
            let mut needs: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            for (options, _) in &one_of {
                needs.push(format!("one of {}", code_alternatives(options)));
            }
            let needs = match needs.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
                _ => needs.concat(),
            };
            let mut ops: Vec<OpId> = missing
                .iter()
                .flat_map(|(_, o)| o.iter().copied())
                .collect();
            ops.extend(one_of.iter().map(|(_, id)| *id));
            let mut seen_ops = Vec::new();
            ops.retain(|o| {
                let new = !seen_ops.contains(o);
                seen_ops.push(*o);
                new
            });
            let shown: Vec<String> = ops
                .iter()
                .take(SHOWN)
                .map(|&o| cx.db.op(o).display())
                .collect();
            let more = match ops.len().saturating_sub(SHOWN) {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            let holder = match &deploy.defined {
                Some(_) => format!(
                    "the roles of the deploy client `{}`",
                    deploy.client.name.value
                ),
                None => "the deploy client's roles".to_string(),
            };
            let message = format!(
                "`{}` needs {}, which {holder} ({}) do not grant: Terraform fails with 403 on {}{more}",
                block.kind,
                needs,
                code_list(&role_names),
                shown.join(", ")
            );
            let first = names
                .first()
                .map(|p| p.to_string())
                .or_else(|| one_of.first().map(|(o, _)| o[0].clone()))
                .unwrap_or_default();
            let target = match role_names.as_slice() {
                [one] => format!("role `{one}`"),
                _ => "one of the deploy client's roles".to_string(),
            };
            let mut d = Diagnostic::new(&META, block.label, message)
                .label(match names.as_slice() {
                    [] => "needs a permission the deploy client lacks".to_string(),
                    _ => format!("needs {}", code_list(&names)),
                })
                .help(format!(
                    "add `{first}` to {target} (`gclint scopes` writes the whole role); operations from {}",
                    provider.describe()
                ))
                .key(format!("deploy/{}", block.kind));
            for role in &roles.roles {
                d = d.related(
                    role.name.span,
                    format!("role `{}` declared here", role.name.value),
                );
            }
            out.push(d);
        }
    }
}
