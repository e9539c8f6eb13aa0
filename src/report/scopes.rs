//! The formats of `gclint scopes`: a terminal report (each plan with the
//! calls behind it and ready roles to paste), and JSON
//! (docs/json-output.md); and what `--write` says on standard error.
//!
//! Every string of the checked tree (client, role, scope, permission,
//! module and file names, what the code names) goes through
//! [`escape::terminal`] here, shortened to `t`.

use super::escape;
use super::text::{grouped, indent, s};
use crate::analysis::scopes::{
    Call, Change, Client, Deploy, Holder, MethodNotSeen, PermissionSet, Role, ScopeSet, Scopes,
    Status, Uncovered, Unwritten,
};
use crate::db::Database;
use crate::diagnostic::{code_alternatives, code_list};
use crate::privilege::GapReason;
use std::borrow::Cow;

/// A string of the tree for the terminal.
fn t(text: &str) -> Cow<'_, str> {
    escape::terminal(text)
}

/// Strings of the tree for the terminal.
fn ts<S: AsRef<str>>(list: &[S]) -> Vec<String> {
    list.iter().map(|x| t(x.as_ref()).into_owned()).collect()
}

/// A block of text holding the tree's strings (a role draft), indented:
/// each line escaped.
fn indent_block(text: &str, by: &str) -> String {
    indent(&text.lines().map(t).collect::<Vec<_>>().join("\n"), by)
}

/// The version of `gclint scopes --format json`.
pub const VERSION: u32 = 1;

pub fn json(scopes: &Scopes, db: &Database) -> String {
    super::json::render(VERSION, scopes, db)
}

/// A scope list `--write` could not bring to its least-privilege set.
pub fn unwritten(u: &Unwritten) -> String {
    format!(
        "gclint: warning: {}: the scopes of client `{}` could not be edited in place; write them by hand: {}\n",
        t(&u.file),
        t(&u.client),
        ts(&u.scopes).join(", ")
    )
}

/// `getUsersMe (js/app.js:27:31)`, `postX (a.js:1:1, a.js:9:1)`: the
/// calls of each operation.
fn calls_text(calls: &[Call]) -> String {
    grouped(calls.iter().map(|c| {
        (
            (&c.operation, &c.name),
            t(&c.location.to_string()).into_owned(),
        )
    }))
    .iter()
    .map(|((_, name), places)| format!("{} ({})", t(name), places.join(", ")))
    .collect::<Vec<_>>()
    .join(", ")
}

/// Why a call is left out of the set; `keeps`: the plan keeps declared
/// scopes for such calls (a declared client's scope plan).
fn gap_text(gap: &Uncovered, keeps: bool) -> String {
    let what = match &gap.name {
        Some(name) => t(name).into_owned(),
        None => format!("`{}`", t(&gap.written)),
    };
    let why = match gap.reason {
        GapReason::ScopesUnknown if keeps => {
            "the database does not know its scopes, so every declared scope is kept".to_string()
        }
        GapReason::ScopesUnknown => "the database does not know its scopes".to_string(),
        GapReason::PermissionsUnknown => "the database does not know its permissions".to_string(),
        GapReason::MethodUnknown => {
            let methods: Vec<&str> = gap
                .operations
                .iter()
                .map(|o| o.split_once(' ').map_or(o.as_str(), |(method, _)| method))
                .collect();
            format!(
                "the HTTP method is not known (the path has {}){}",
                methods.join(", "),
                if keeps {
                    "; declared scopes one of them accepts are kept"
                } else {
                    ""
                }
            )
        }
        GapReason::Unresolved => {
            "not a Platform API operation (`gclint check` reports it)".to_string()
        }
    };
    format!("{what} ({}): {why}", t(&gap.location.to_string()))
}

/// One line per pick: its name, the calls it allows and, where `granted`
/// says so, whether the roles of `whose` grant it.
fn pick_lines<'a>(
    picks: impl Iterator<Item = (String, &'a [Call], Option<Option<bool>>)>,
    whose: &str,
    out: &mut String,
) {
    let picks: Vec<_> = picks.collect();
    let width = picks
        .iter()
        .map(|(l, ..)| l.chars().count())
        .max()
        .unwrap_or(0);
    for (label, calls, granted) in &picks {
        let mut line = format!("    {label:<width$}  {}", calls_text(calls));
        match granted {
            Some(Some(false)) => line.push_str(&format!("; not granted by {whose}")),
            Some(None) => line.push_str("; not known whether its roles grant it"),
            Some(Some(true)) | None => {}
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// `` `/api/v2/x` (a.js:3:5): GET, PATCH or POST ``.
fn unseen_text(m: &MethodNotSeen) -> String {
    let methods: Vec<&str> = m
        .operations
        .iter()
        .map(|o| o.split_once(' ').map_or(o.as_str(), |(method, _)| method))
        .collect();
    format!(
        "`{}` ({}): {}",
        t(&m.written),
        t(&m.location.to_string()),
        match methods.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => methods.concat(),
        }
    )
}

fn change_text(changes: &[Change]) -> String {
    changes
        .iter()
        .map(|c| match c {
            Change::Replace { from, to } => format!("replace `{}` with `{}`", t(from), t(to)),
            Change::Add { scope } => format!("add `{}`", t(scope)),
            Change::Remove { scope } => format!("remove `{}`", t(scope)),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// `  smallest scope set (3):`, or the same set said to be what the search
/// found before its limit.
fn set_line(kind: &str, n: usize, exact: bool) -> String {
    match exact {
        true => format!("  smallest {kind} set ({n}):\n"),
        false => format!(
            "  {kind} set ({n}; it covers every call, but the search for a smaller one stopped at its limit):\n"
        ),
    }
}

fn human_scopes(set: &ScopeSet, uncovered: bool, declared: bool, out: &mut String) {
    let n = set.least_privilege.len();
    if n == 0 {
        out.push_str("  no call under it needs a scope");
        out.push_str(if uncovered {
            " (of those gclint could judge)\n"
        } else {
            "\n"
        });
    } else {
        out.push_str(&set_line("scope", n, set.exact));
    }
    pick_lines(
        set.least_privilege.iter().map(|p| {
            let mut label = t(&p.scope).into_owned();
            if p.inferred {
                label.push_str(" (inferred)");
            }
            if p.method_not_seen {
                label.push_str(" (method not seen)");
            }
            (label, p.calls.as_slice(), None)
        }),
        "",
        out,
    );
    if !set.kept.is_empty() {
        out.push_str(&format!(
            "  kept for the calls not covered: {}\n",
            code_list(&ts(&set.kept))
        ));
    }
    if !set.inferred_calls.is_empty() {
        out.push_str(
            "  inferred (the swagger lists no scopes for these; gclint's rule-based guess):\n",
        );
        for c in &set.inferred_calls {
            out.push_str(&format!(
                "    {} ({}) accepts {} (inferred)\n",
                t(&c.call.name),
                t(&c.call.location.to_string()),
                code_alternatives(&ts(&c.inferred_scopes))
            ));
        }
    }
    if !declared {
        return;
    }
    let declared = if set.declared.is_empty() {
        "none".to_string()
    } else {
        ts(&set.declared).join(", ")
    };
    out.push_str(&format!("  declared: {declared}\n"));
    if set.changes.is_empty() {
        out.push_str("  the declared scopes are already this set\n");
    } else {
        out.push_str(&format!("  changes: {}\n", change_text(&set.changes)));
    }
}

/// The role as Terraform and as `permissionPolicies` (`wizard`: of the
/// premium-app wizard, else of the Platform API).
fn role_drafts(role: &Role, wizard: bool, out: &mut String) {
    out.push_str("    Terraform (CX as Code):\n");
    out.push_str(&indent_block(&role.terraform, "      "));
    let policies = match wizard {
        true => "premium-app wizard (permissionPolicies)",
        false => "Platform API (`permissionPolicies` of POST /api/v2/authorization/roles)",
    };
    out.push_str(&format!("    {policies}:\n"));
    out.push_str(&indent_block(&role.wizard_json, "      "));
}

fn human_permissions(set: &PermissionSet, declared: bool, out: &mut String) {
    let users = set.holder == Holder::Users;
    if users {
        out.push_str("  the signed-in users also need permissions, through their roles (the scopes only limit what their token may ask):\n");
    }
    let n = set.least_privilege.len();
    if n == 0 {
        out.push_str("  no call under it needs a permission\n");
        return;
    }
    out.push_str(&set_line("permission", n, set.exact));
    let whose = match users {
        true => "the roles its users are declared to hold",
        false => "the client's roles",
    };
    // A user-grant client that declares no roles for its users: nothing to say.
    let say_granted =
        declared && (!users || set.least_privilege.iter().any(|p| p.granted.is_some()));
    pick_lines(
        set.least_privilege.iter().map(|p| {
            let granted = say_granted.then_some(p.granted);
            let label = match p.method_not_seen {
                true => format!("{} (method not seen)", t(&p.permission)),
                false => t(&p.permission).into_owned(),
            };
            (label, p.calls.as_slice(), granted)
        }),
        whose,
        out,
    );
    if !set.excess.is_empty() {
        let items: Vec<String> = set
            .excess
            .iter()
            .map(|e| match &e.wildcard {
                Some(w) if w.needed.is_empty() => format!(
                    "`{}` (role `{}`: a wildcard over {} permissions, none of them needed)",
                    t(&e.permission),
                    t(&e.role),
                    w.covers
                ),
                Some(w) => format!(
                    "`{}` (role `{}`: a wildcard over {} permissions, {} of them needed)",
                    t(&e.permission),
                    t(&e.role),
                    w.covers,
                    w.needed.len()
                ),
                None => format!("`{}` (role `{}`)", t(&e.permission), t(&e.role)),
            })
            .collect();
        out.push_str(&format!(
            "  its roles also grant what no call needs (excess-permission): {}\n",
            items.join(", ")
        ));
    }
    let role = &set.role;
    out.push_str(&format!(
        "  a role `{}` granting exactly these permissions{}:\n",
        t(&role.name),
        if users {
            ", for the users of this app"
        } else {
            ""
        }
    ));
    if declared && !users {
        out.push_str("    manifest (appfoundry.yaml):\n");
        out.push_str(&indent_block(&role.manifest_yaml, "      "));
    }
    role_drafts(role, declared && !users, out);
    if !role.legacy.is_empty() {
        out.push_str(&format!(
            "    (permission policies cannot express {}; add them to the role by hand)\n",
            code_list(&ts(&role.legacy))
        ));
    }
}

/// What `gclint scopes` looked for when it found neither a client nor a
/// login.
const LOOKED_FOR: &str = "gclint looked for:
  - app manifests (appfoundry.yaml, appfoundry.json)
  - Terraform `genesyscloud_oauth_client` resources
  - premium-app wizard configs (`config.js` with `provisioningInfo`)
  - OAuth clients as the API returns them (JSON with `authorizedGrantType`; or pass one with --client-json FILE)
  - logins in the code (SDK login calls, token requests with a `grant_type`)
";

fn nothing_found(calls: usize) -> String {
    let mut out = format!(
        "no OAuth client and no login found
{LOOKED_FOR}"
    );
    if calls > 0 {
        out.push_str(&format!(
            "{calls} Platform API call{} found run under no login gclint can see: `gclint calls` lists them with what each needs
",
            s(calls)
        ));
    }
    out
}

/// The heading of a plan: what it is for, where it is defined.
fn heading(c: &Client) -> String {
    match (&c.login, c.data_actions) {
        (None, _) => match &c.grant_type {
            Some(g) => format!("client `{}` ({}) in {}", t(&c.name), t(g), t(&c.file)),
            None => format!("client `{}` in {}", t(&c.name), t(&c.file)),
        },
        (Some(login), true) => format!(
            "undeclared CLIENT-CREDENTIALS client of the {} (first action at {})",
            t(&c.name),
            t(&login.to_string())
        ),
        (Some(login), false) => format!(
            "undeclared {} (logs in at {})",
            t(&c.name),
            t(&login.to_string())
        ),
    }
}

fn human_deploy(d: &Deploy, out: &mut String) {
    let types = d.resources.iter().filter(|r| !r.data_source).count();
    let data = d.resources.len() - types;
    out.push_str(&format!(
        "Terraform deploy client of {}{}: {types} resource type{}, {data} data source{}\n",
        t(&d.module),
        match d.modules.len() {
            0 => String::new(),
            _ => format!(" (loads {})", ts(&d.modules).join(", ")),
        },
        s(types),
        s(data),
    ));
    match &d.deploy_client {
        Some(c) => {
            let what = match (&c.client, c.found) {
                (Some(name), false) => {
                    format!("client `{}`, which no scanned definition has", t(name))
                }
                (Some(name), true) => {
                    format!("client `{}` with roles {}", t(name), code_list(&ts(&c.roles)))
                }
                (None, _) => format!("roles {}", code_list(&ts(&c.roles))),
            };
            out.push_str(&format!(
                "  deploy client: {what} ({})\n",
                t(&c.location.to_string())
            ));
        }
        None => out.push_str(
            "  deploy client: not named (`terraform-client` in gclint.toml), so nothing is said about what it holds\n",
        ),
    }
    let picks = &d.permissions.least_privilege;
    let n = picks.len();
    if n == 0 {
        out.push_str("  no resource of it needs a permission\n");
    } else {
        out.push_str(&format!(
            "  {} ({n}; the provider's docs list {} for these types, every alternative counted):\n",
            if d.permissions.exact {
                "smallest permission set"
            } else {
                "permission set (the search for a smaller one stopped at its limit)"
            },
            d.permissions.listed_by_provider
        ));
        let width = picks
            .iter()
            .map(|p| t(&p.permission).chars().count())
            .max()
            .unwrap_or(0);
        for p in picks {
            let mut line = format!(
                "    {:<width$}  {}",
                t(&p.permission),
                ts(&p.resources).join(", ")
            );
            if d.named {
                match p.granted {
                    Some(false) => line.push_str("; not granted by the deploy client's roles"),
                    None => line.push_str("; not known whether its roles grant it"),
                    Some(true) => {}
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        let role = &d.permissions.role;
        out.push_str(&format!(
            "  a role `{}` granting exactly these permissions:\n",
            t(&role.name)
        ));
        role_drafts(role, false, out);
    }
    if !d.grants_roles.is_empty() {
        let roles: Vec<String> = d
            .grants_roles
            .iter()
            .map(|g| match &g.permissions {
                Some(p) => format!("`{}` ({})", t(&g.role), code_list(&ts(p))),
                None => format!("`{}` (every permission)", t(&g.role)),
            })
            .collect();
        out.push_str(&format!(
            "  it grants roles, so it must hold their permissions too (see role-ceiling): {}\n",
            roles.join(", ")
        ));
    }
    if !d.scopes.is_empty() {
        out.push_str(&format!(
            "  scopes, when the provider runs with a user's token (`access_token`): {}\n",
            ts(&d.scopes).join(", ")
        ));
    }
    let unknown = d.resources.iter().filter(|r| !r.known);
    if !d.uncovered.is_empty() || unknown.clone().next().is_some() || !d.not_read.is_empty() {
        out.push_str("  not covered:\n");
        for r in unknown {
            out.push_str(&format!(
                "    `{}` ({}): not in the docs of {}\n",
                t(&r.kind),
                t(&r.blocks[0].to_string()),
                d.provider
            ));
        }
        for g in &d.uncovered {
            let why = match g.reason {
                GapReason::Unresolved => format!(
                    "`{}`: the provider's docs list it, the swagger has no such operation",
                    t(&g.written)
                ),
                _ => gap_text(g, false),
            };
            out.push_str(&format!("    {why}\n"));
        }
        for m in &d.not_read {
            out.push_str(&format!(
                "    module `{}` ({}): source `{}` was not read, its resources are not counted\n",
                t(&m.module),
                t(&m.location.to_string()),
                t(&m.source)
            ));
        }
    }
}

/// The terminal report. `wrote`: `--write` ran, so it is not suggested.
pub fn human(scopes: &Scopes, wrote: bool) -> String {
    let (clients, deploys) = (&scopes.clients, &scopes.terraform_deploy);
    if clients.is_empty() && deploys.is_empty() {
        return nothing_found(scopes.calls_found);
    }
    let mut out = String::new();
    for (i, d) in deploys.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        human_deploy(d, &mut out);
    }
    if !deploys.is_empty() && !clients.is_empty() {
        out.push('\n');
    }
    let mut to_write = 0;
    for (i, c) in clients.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let title = heading(c);
        match c.status {
            Status::NoGrant => {
                out.push_str(&format!(
                    "{title}: no valid grant type, so nothing to compute\n"
                ));
                continue;
            }
            Status::NoCalls => {
                out.push_str(&format!(
                    "{title}: no call in the scanned files runs under it, so nothing to compute{}\n",
                    if c.declared {
                        " (its lists are left as they are)"
                    } else {
                        ""
                    }
                ));
                continue;
            }
            Status::Computed => {}
        }
        out.push_str(&format!("{title}: {} call{}\n", c.calls, s(c.calls)));
        match (c.declared, c.data_actions) {
            (false, true) => out.push_str(
                "  no definition declares the client of the integration's credentials: this is what it needs\n",
            ),
            (false, false) => out.push_str(
                "  no definition declares its client: this is what the client it logs in with needs\n",
            ),
            (true, _) => {}
        }
        if c.guessed_calls > 0 {
            out.push_str(&match c.declared {
                true => format!(
                    "  ({} of them in files no client's `sources` names: they count for every client of the app)\n",
                    c.guessed_calls
                ),
                false => format!(
                    "  ({} of them in files whose project logs in more than one way: they count for each login)\n",
                    c.guessed_calls
                ),
            });
        }
        if let Some(set) = &c.scopes {
            human_scopes(set, !c.uncovered.is_empty(), c.declared, &mut out);
            if c.declared && !set.changes.is_empty() {
                to_write += 1;
            }
        }
        if let Some(set) = &c.permissions {
            human_permissions(set, c.declared, &mut out);
        }
        if !c.method_not_seen.is_empty() {
            out.push_str(
                "  covered for every method of their path (the code does not say which):\n",
            );
            for m in &c.method_not_seen {
                out.push_str(&format!("    {}\n", unseen_text(m)));
            }
        }
        if !c.uncovered.is_empty() {
            out.push_str("  not covered:\n");
            let keeps = c.declared && c.scopes.is_some();
            for g in &c.uncovered {
                out.push_str(&format!("    {}\n", gap_text(g, keeps)));
            }
        }
    }
    if to_write > 0 && !wrote {
        out.push_str(&format!(
            "\n`gclint scopes --write` writes the scope list{} above into the manifest\n",
            s(to_write)
        ));
    }
    out
}
