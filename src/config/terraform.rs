//! Terraform (CX as Code): `genesyscloud_oauth_client`, `genesyscloud_auth_role`
//! and `genesyscloud_integration_action` resources of one module (folder).
//! References between resources resolve; `var.*` resolve to a variable's
//! literal default, `local.*` to a literal local; anything else (`data.*`
//! without a literal name, module outputs) stays unresolved, never guessed.

use super::{ConfigRead, DataAction};
use crate::model::{
    ModuleCall, OAuthClient, Origin, Role, RoleGrant, RoleRef, SpannedList, TerraformBlock,
    TerraformModule,
};
use crate::parse::hcl::HclBlock;
use crate::parse::{Node, NodeKind};
use crate::source::{FileId, Span, Spanned};
use std::collections::HashMap;
use std::path::Path;

/// What a Terraform expression stands for, once references are followed.
enum Value {
    Text(String),
    /// `genesyscloud_auth_role.sync.id` → the resource address `genesyscloud_auth_role.sync`.
    Resource(String),
    Unknown(String),
}

/// A `.tfvars` file: variable values.
#[derive(Debug)]
pub struct VarFile {
    pub path: std::path::PathBuf,
    pub file: FileId,
    pub values: Node,
}

impl VarFile {
    /// Terraform loads `terraform.tfvars` and `*.auto.tfvars` of the module
    /// folder by itself; others are passed with `-var-file`.
    fn automatic(&self, dir: &Path) -> bool {
        let name = self.path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        self.path.parent() == Some(dir)
            && (name == "terraform.tfvars" || name.ends_with(".auto.tfvars"))
    }
}

/// The value a variable gets: a literal from the `.tfvars` files that
/// apply to a module, or its default. Terraform's own order: automatic
/// files over the default; files passed with `-var-file` (in the module's
/// folder or below, one per environment) count when they all agree.
enum VarValue<'a> {
    Literal(&'a Node),
    /// Environments set different values (their files).
    Differs(Vec<String>),
}

struct Module<'a> {
    variables: HashMap<String, &'a Node>,
    /// Values from the module's `.tfvars` files.
    var_values: HashMap<String, VarValue<'a>>,
    locals: HashMap<String, &'a Node>,
    /// `data "genesyscloud_auth_role" "x" { name = ... }` → the name's value.
    data_role_names: HashMap<String, &'a Node>,
}

impl<'a> Module<'a> {
    fn new(files: &'a [(FileId, Vec<HclBlock>)], dir: &Path, vars: &'a [VarFile]) -> Self {
        let mut m = Module {
            variables: HashMap::new(),
            var_values: HashMap::new(),
            locals: HashMap::new(),
            data_role_names: HashMap::new(),
        };
        for (_, blocks) in files {
            for b in blocks {
                match (b.ident.as_str(), b.labels.as_slice()) {
                    ("variable", [(name, _)]) => {
                        if let Some(default) = b.body.get("default") {
                            m.variables.insert(name.clone(), default);
                        }
                    }
                    ("locals", []) => {
                        for e in b.body.as_map().unwrap_or_default() {
                            m.locals.insert(e.key.clone(), &e.value);
                        }
                    }
                    ("data", [(kind, _), (name, _)]) if kind == "genesyscloud_auth_role" => {
                        if let Some(n) = b.body.get("name") {
                            m.data_role_names.insert(format!("data.{kind}.{name}"), n);
                        }
                    }
                    _ => {}
                }
            }
        }
        let literal = |n: &Node| matches!(n.kind, NodeKind::Str(_) | NodeKind::Int(_));
        let applying: Vec<&VarFile> = vars.iter().filter(|v| v.path.starts_with(dir)).collect();
        let mut names: Vec<&str> = applying
            .iter()
            .flat_map(|v| v.values.as_map().unwrap_or_default())
            .map(|e| e.key.as_str())
            .collect();
        names.sort_unstable();
        names.dedup();
        for name in names {
            let set_in = |automatic: bool| -> Vec<(&VarFile, &Node)> {
                applying
                    .iter()
                    .filter(|v| v.automatic(dir) == automatic)
                    .filter_map(|v| v.values.get(name).map(|n| (*v, n)))
                    .collect()
            };
            let chosen = match set_in(true).last() {
                Some((_, n)) => Some(VarValue::Literal(n)),
                None => {
                    let others = set_in(false);
                    let mut distinct: Vec<&Node> = Vec::new();
                    for (_, n) in &others {
                        if !distinct.iter().any(|d| d.kind == n.kind) {
                            distinct.push(n);
                        }
                    }
                    match distinct.as_slice() {
                        [] => None,
                        [one] => Some(VarValue::Literal(one)),
                        _ => Some(VarValue::Differs(
                            others
                                .iter()
                                .map(|(v, _)| {
                                    v.path
                                        .strip_prefix(dir)
                                        .unwrap_or(&v.path)
                                        .to_string_lossy()
                                        .replace('\\', "/")
                                })
                                .collect(),
                        )),
                    }
                }
            };
            match chosen {
                Some(VarValue::Literal(n)) if !literal(n) => {}
                Some(v) => {
                    m.var_values.insert(name.to_string(), v);
                }
                None => {}
            }
        }
        m
    }

    fn value(&self, node: &Node) -> Value {
        match &node.kind {
            NodeKind::Str(s) => Value::Text(s.clone()),
            NodeKind::Int(i) => Value::Text(i.to_string()),
            NodeKind::Expr(e) => {
                // `data.genesyscloud_auth_role.employee[0].id`: every
                // instance of a counted block is the same role.
                let parts: Vec<&str> = e
                    .trim()
                    .split('.')
                    .map(|p| p.split_once('[').map_or(p, |(name, _)| name))
                    .collect();
                match parts.as_slice() {
                    ["var", name, ..] => {
                        match (self.var_values.get(*name), self.variables.get(*name)) {
                            (Some(VarValue::Literal(v)), _) => self.value(v),
                            (Some(VarValue::Differs(files)), _) => Value::Unknown(format!(
                                "`{e}` is set differently per environment ({})",
                                files.join(", ")
                            )),
                            (None, Some(default))
                                if matches!(default.kind, NodeKind::Str(_) | NodeKind::Int(_)) =>
                            {
                                self.value(default)
                            }
                            _ => Value::Unknown(format!(
                                "`{e}` has no literal default or value in a `.tfvars` file"
                            )),
                        }
                    }
                    ["local", name, ..] => match self.locals.get(*name) {
                        Some(v) if !matches!(v.kind, NodeKind::Expr(_)) => self.value(v),
                        _ => Value::Unknown(format!("`{e}` is not a literal local value")),
                    },
                    ["data", kind, name, ..] => {
                        let named = self
                            .data_role_names
                            .get(&format!("data.{kind}.{name}"))
                            .filter(|n| !matches!(n.kind, NodeKind::Expr(ref x) if x.starts_with("data.")))
                            .map(|n| self.value(n));
                        match named {
                            Some(Value::Text(role)) => Value::Text(role),
                            _ => Value::Unknown(format!(
                                "`{e}` is read from Genesys Cloud at apply time"
                            )),
                        }
                    }
                    [kind, name, ..] if kind.starts_with("genesyscloud_") => {
                        Value::Resource(format!("{kind}.{name}"))
                    }
                    _ => Value::Unknown(format!("`{e}` cannot be resolved statically")),
                }
            }
            _ => Value::Unknown("the value is not a literal".into()),
        }
    }

    /// A `roles { role_id = ..., division_id = ... }` block (of an OAuth
    /// client or a `genesyscloud_user_roles`).
    fn role_block(&self, file: FileId, block: &Node) -> Option<Spanned<RoleRef>> {
        let id = block.get("role_id")?;
        let span = Span::new(file, id.range.clone());
        let (name, unresolved) = match self.value(id) {
            Value::Text(t) => (t, None),
            Value::Resource(a) => (a, None),
            Value::Unknown(why) => (file_text_placeholder(id), Some(why)),
        };
        Some(Spanned::new(
            RoleRef {
                name: Spanned::new(name, span),
                division: block.get("division_id").and_then(|d| self.text(file, d)),
                unresolved,
            },
            Span::new(file, block.range.clone()),
        ))
    }

    fn text(&self, file: FileId, node: &Node) -> Option<Spanned<String>> {
        match self.value(node) {
            Value::Text(t) => Some(Spanned::new(t, Span::new(file, node.range.clone()))),
            _ => None,
        }
    }
}

/// Nested blocks or attributes named `key` (blocks repeat their key).
fn all<'n>(body: &'n Node, key: &'n str) -> impl Iterator<Item = &'n Node> {
    body.as_map()
        .unwrap_or_default()
        .iter()
        .filter(move |e| e.key == key)
        .map(|e| &e.value)
}

fn key_span(file: FileId, body: &Node, key: &str) -> Option<Span> {
    body.entry(key)
        .map(|e| Span::new(file, e.key_range.clone()))
}

/// The resources [`read_module`] reads inside of; of every other
/// `genesyscloud_` resource or data source it needs only the kind and name.
const READ_RESOURCES: [&str; 6] = [
    "genesyscloud_oauth_client",
    "genesyscloud_user_roles",
    "genesyscloud_auth_role",
    "genesyscloud_integration_action",
    "genesyscloud_integration",
    "genesyscloud_integration_credential",
];

/// Whether [`read_module`] reads inside a top-level block (by its name and
/// labels): modules, variables, locals, the resources it reads and
/// `data "genesyscloud_auth_role"`. A large export is mostly other blocks,
/// which a parse may skim (`parse::hcl::parse_outline`).
pub fn reads_inside(ident: &str, labels: &[(String, std::ops::Range<usize>)]) -> bool {
    let kind = labels.first().map_or("", |(k, _)| k.as_str());
    match ident {
        "module" | "variable" | "locals" => true,
        "resource" => READ_RESOURCES.contains(&kind),
        "data" => kind == "genesyscloud_auth_role",
        _ => false,
    }
}

/// Reads the Genesys resources of one Terraform module.
pub fn read_module(files: &[(FileId, Vec<HclBlock>)], dir: &Path, vars: &[VarFile]) -> ConfigRead {
    let m = Module::new(files, dir, vars);
    let mut out = ConfigRead::default();
    let mut module = TerraformModule {
        dir: dir.to_path_buf(),
        blocks: Vec::new(),
        calls: Vec::new(),
        grants: Vec::new(),
    };
    for (file, blocks) in files {
        for b in blocks {
            match (b.ident.as_str(), b.labels.as_slice()) {
                ("resource" | "data", [(kind, kind_range), (label, _)])
                    if kind.starts_with("genesyscloud_") =>
                {
                    let data = b.ident == "data";
                    let kind = if data {
                        format!("data.{kind}")
                    } else {
                        kind.clone()
                    };
                    module.blocks.push(TerraformBlock {
                        address: format!("{kind}.{label}"),
                        kind,
                        label: Span::new(*file, kind_range.clone()),
                        decl: Span::new(*file, b.range.clone()),
                    });
                }
                ("module", [(name, _)]) => {
                    let Some(source) = b.body.get("source") else {
                        continue;
                    };
                    let Some(text) = source.as_str() else {
                        continue;
                    };
                    // Terraform reads a local path as written: `./x` or `../x`.
                    let local = text.starts_with("./") || text.starts_with("../");
                    module.calls.push(ModuleCall {
                        name: name.clone(),
                        source: Spanned::new(
                            text.to_string(),
                            Span::new(*file, source.range.clone()),
                        ),
                        // Tidied (`a/./b/../c`) by the loader.
                        dir: local.then(|| dir.join(text)),
                    });
                }
                _ => {}
            }
        }
    }
    // Integration → credential → OAuth client, for data actions.
    let mut integration_credential: HashMap<String, String> = HashMap::new();
    let mut credential_client: HashMap<String, String> = HashMap::new();
    // Integration → its `integration_type`, when written as a literal.
    let mut integration_type: HashMap<String, String> = HashMap::new();

    for (file, blocks) in files {
        let file = *file;
        for b in blocks.iter().filter(|b| b.ident == "resource") {
            let [(kind, _), (label, label_range)] = b.labels.as_slice() else {
                continue;
            };
            let address = format!("{kind}.{label}");
            let body = &b.body;
            let decl = Span::new(file, b.range.clone());
            let name = body
                .get("name")
                .and_then(|n| m.text(file, n))
                .unwrap_or_else(|| {
                    Spanned::new(label.clone(), Span::new(file, label_range.clone()))
                });
            match kind.as_str() {
                "genesyscloud_oauth_client" => {
                    let list = |key: &str| {
                        body.entry(key).map(|e| SpannedList {
                            key: Span::new(file, e.key_range.clone()),
                            items: e
                                .value
                                .as_seq()
                                .unwrap_or_default()
                                .iter()
                                .filter_map(|n| m.text(file, n))
                                .collect(),
                        })
                    };
                    let role_blocks: Vec<&Node> = all(body, "roles").collect();
                    let dynamic_roles: Vec<&Node> = all(body, "dynamic roles").collect();
                    let roles = (!role_blocks.is_empty() || !dynamic_roles.is_empty()).then(|| {
                        SpannedList {
                            key: key_span(file, body, "roles")
                                .or_else(|| key_span(file, body, "dynamic roles"))
                                .unwrap_or(decl),
                            items: dynamic_roles
                                .iter()
                                .map(|d| dynamic_role(file, d))
                                .chain(role_blocks.iter().filter_map(|r| m.role_block(file, r)))
                                .collect(),
                        }
                    });
                    for role in roles.iter().flat_map(|l| l.iter()) {
                        module.grants.push(RoleGrant {
                            by: address.clone(),
                            role: role.clone(),
                        });
                    }
                    out.clients.push(OAuthClient {
                        name,
                        decl,
                        origin: Origin::Terraform,
                        grant: body
                            .get("authorized_grant_type")
                            .and_then(|n| m.text(file, n)),
                        pkce: false,
                        scopes: list("scopes"),
                        scopes_elsewhere: false,
                        roles,
                        user_roles: None,
                        redirect_uris: list("registered_redirect_uris"),
                        token_validity: body.get("access_token_validity_seconds").and_then(|n| {
                            n.as_i64()
                                .map(|v| Spanned::new(v, Span::new(file, n.range.clone())))
                        }),
                        sources: Vec::new(),
                        base_dir: dir.to_path_buf(),
                        inactive: Vec::new(),
                        wizard_login: false,
                        wizard_run: None,
                        aliases: vec![address],
                        role_ids_key: None,
                    });
                }
                "genesyscloud_user_roles" => {
                    for role in all(body, "roles").filter_map(|r| m.role_block(file, r)) {
                        module.grants.push(RoleGrant {
                            by: address.clone(),
                            role,
                        });
                    }
                }
                "genesyscloud_auth_role" => {
                    let grants = super::read::TreeReader { file }.policy_grants(
                        all(body, "permission_policies"),
                        "entity_name",
                        "action_set",
                    );
                    let written = all(body, "permission_policies")
                        .map(|b| {
                            crate::model::PermissionsAt::Block(Span::new(file, b.range.clone()))
                        })
                        .collect();
                    out.roles.push(Role {
                        name,
                        decl,
                        origin: Origin::Terraform,
                        grants,
                        aliases: vec![address],
                        written,
                    });
                }
                "genesyscloud_integration_action" => {
                    let Some(request) = body.get("config_request") else {
                        continue;
                    };
                    let Some(url) = request.get("request_url_template") else {
                        continue;
                    };
                    let template = match &url.kind {
                        NodeKind::Str(s) | NodeKind::Expr(s) => s.replace("$${", "${"),
                        _ => continue,
                    };
                    let integration = body.get("integration_id").and_then(|i| match m.value(i) {
                        Value::Resource(a) => Some(a),
                        _ => None,
                    });
                    out.data_actions.push(DataAction {
                        span: Span::new(file, url.range.clone()),
                        method: request
                            .get("request_type")
                            .and_then(Node::as_str)
                            .map(str::to_ascii_uppercase),
                        path: template,
                        client: integration,
                    });
                }
                "genesyscloud_integration" => {
                    if let Some(t) = body.get("integration_type").and_then(Node::as_str) {
                        integration_type.insert(address.clone(), t.to_string());
                    }
                    // config { credentials = { basicAuth = genesyscloud_integration_credential.x.id } }
                    let creds = body.get("config").and_then(|c| c.get("credentials"));
                    for e in creds.and_then(Node::as_map).unwrap_or_default() {
                        if let Value::Resource(a) = m.value(&e.value) {
                            integration_credential.insert(address.clone(), a);
                        }
                    }
                }
                "genesyscloud_integration_credential" => {
                    let fields = body.get("fields");
                    for key in ["clientId", "client_id"] {
                        if let Some(Value::Resource(a)) =
                            fields.and_then(|f| f.get(key)).map(|v| m.value(v))
                        {
                            credential_client.insert(address.clone(), a);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    // Only Genesys Cloud Data Actions call the Platform API; web services
    // actions call the customer's own services.
    out.data_actions.retain(|action| {
        let kind = action
            .client
            .as_ref()
            .and_then(|integration| integration_type.get(integration));
        let literal = !action.path.contains("var.") && !action.path.contains("local.");
        literal && super::is_platform_action(kind.map(String::as_str), &action.path)
    });
    // A data action runs under the OAuth client its integration's credential names.
    for action in &mut out.data_actions {
        action.client = action
            .client
            .take()
            .and_then(|integration| integration_credential.get(&integration))
            .and_then(|credential| credential_client.get(credential))
            .cloned();
    }
    out.terraform = Some(module);
    out
}

/// Roles given by a `dynamic "roles"` block: which roles only Terraform
/// knows (it iterates over `for_each` when it runs).
fn dynamic_role(file: FileId, block: &Node) -> Spanned<RoleRef> {
    let over = block.get("for_each");
    let shown = over.map_or_else(|| "(dynamic)".to_string(), file_text_placeholder);
    let at = over.map_or(block.range.clone(), |n| n.range.clone());
    let span = Span::new(file, at);
    Spanned::new(
        RoleRef {
            name: Spanned::new(shown.clone(), span),
            division: None,
            unresolved: Some(format!(
                "its roles come from a `dynamic \"roles\"` block over `{shown}`"
            )),
        },
        Span::new(file, block.range.clone()),
    )
}

/// The text shown for a reference that cannot be resolved.
fn file_text_placeholder(node: &Node) -> String {
    match &node.kind {
        NodeKind::Expr(e) => e.clone(),
        _ => "(expression)".into(),
    }
}
