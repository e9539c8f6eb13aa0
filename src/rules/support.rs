//! Shared reasoning over the model: what scopes a call accepts, which
//! declared scopes a client really uses, and what a client's roles grant.

use super::Context;
use crate::db::format::Str as Text;
use crate::db::{OpId, Operation, PermissionMatch, SecurityScheme};
use crate::model::{CallSite, ClientId, Link, OAuthClient, PinKind, Resolution, Role, SdkPinAt};

/// The scopes an operation accepts, as far as the database knows.
#[derive(Debug, Clone, Copy)]
pub enum ScopeNeed<'a> {
    /// No OAuth scope applies (public, guest or web messaging endpoint).
    NoScope,
    /// From the swagger: any one of these suffices.
    Known(&'a [Text]),
    /// The swagger lists none; a rule-based guess. Must be called inferred.
    Inferred(&'a [Text]),
    /// Nobody knows.
    Unknown,
}

impl<'a> ScopeNeed<'a> {
    pub fn of(op: &'a Operation) -> ScopeNeed<'a> {
        if matches!(
            op.security_scheme,
            SecurityScheme::GuestChat | SecurityScheme::WebMessaging | SecurityScheme::NoAuth
        ) {
            return ScopeNeed::NoScope;
        }
        match (&op.scopes, &op.inferred_scopes) {
            (Some(s), _) if s.is_empty() => ScopeNeed::NoScope,
            (Some(s), _) => ScopeNeed::Known(s),
            (None, Some(s)) if !s.is_empty() => ScopeNeed::Inferred(s),
            _ => ScopeNeed::Unknown,
        }
    }

    /// The accepted scopes, known or inferred.
    pub fn scopes(&self) -> &'a [Text] {
        match self {
            ScopeNeed::Known(s) | ScopeNeed::Inferred(s) => s,
            _ => &[],
        }
    }

    pub fn accepts(&self, scope: &str) -> bool {
        self.scopes().iter().any(|s| s == scope)
    }
}

/// The operations a call may be: one when resolved, every operation of the
/// path when the HTTP method is unknown, none when unresolved.
pub fn call_ops(call: &CallSite) -> &[OpId] {
    match &call.resolution {
        Resolution::Operation(id) => std::slice::from_ref(id),
        Resolution::PathOnly(ops) => ops,
        _ => &[],
    }
}

/// Whether the link between a call and its clients is firm enough to blame
/// one client for what the call needs.
pub fn firm_link(call: &CallSite) -> bool {
    matches!(call.link, Link::Sources | Link::AuthFlow | Link::OnlyClient)
}

/// The least scope to add for an operation: its readonly scope when it takes one.
pub fn least_scope(scopes: &[Text]) -> &str {
    scopes
        .iter()
        .find(|s| s.ends_with(":readonly"))
        .or_else(|| scopes.first())
        .map_or("", |s| s.as_ref())
}

/// What gclint concludes about one declared scope of a user-grant client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeVerdict {
    /// Some call needs it and no lesser scope would do.
    Needed,
    /// No call under the client needs it. `unknown_calls`: calls whose
    /// scopes the database does not know; `inferred_calls`: calls judged on
    /// inferred scopes (the verdict then rests on a guess).
    Unused {
        unknown_calls: usize,
        inferred_calls: usize,
    },
    /// Every call needing it also accepts its readonly twin.
    ReadonlySuffices { calls: Vec<OpId> },
    /// `x:readonly` next to `x`, and everything it allows `x` allows.
    Redundant,
    /// Not a catalog scope (`unknown-scope` reports it).
    NotAScope,
}

/// Judges each declared scope of a user-grant client, in declaration order.
/// Empty when the client is not a user grant or no call runs under it.
pub fn scope_verdicts(cx: &Context<'_>, client: ClientId) -> Vec<(usize, ScopeVerdict)> {
    let c = &cx.app.clients[client];
    let Some(scopes) = &c.scopes else {
        return Vec::new();
    };
    let calls: Vec<&CallSite> = cx.app.calls_of(client).collect();
    if !c.is_user_grant() || calls.is_empty() {
        return Vec::new();
    }
    // Per call, the scope needs of each operation it may be.
    let needs: Vec<Vec<(OpId, ScopeNeed<'_>)>> = calls
        .iter()
        .map(|call| {
            call_ops(call)
                .iter()
                .map(|&id| (id, ScopeNeed::of(cx.db.op(id))))
                .collect()
        })
        .collect();
    let unknown_calls = needs
        .iter()
        .filter(|alts| alts.iter().any(|(_, n)| matches!(n, ScopeNeed::Unknown)))
        .count();
    let inferred_calls = needs
        .iter()
        .filter(|alts| {
            alts.iter()
                .any(|(_, n)| matches!(n, ScopeNeed::Inferred(_)))
        })
        .count();
    let used = |scope: &str| {
        needs
            .iter()
            .any(|alts| alts.iter().any(|(_, n)| n.accepts(scope)))
    };

    scopes
        .items
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let scope = s.value.as_str();
            if !cx.db.is_scope(scope) {
                return (i, ScopeVerdict::NotAScope);
            }
            if !used(scope) {
                return (
                    i,
                    ScopeVerdict::Unused {
                        unknown_calls,
                        inferred_calls,
                    },
                );
            }
            if let Some(write) = scope.strip_suffix(":readonly") {
                let write_needed = c.declares_scope(write)
                    && needs.iter().any(|alts| {
                        alts.iter()
                            .any(|(_, n)| n.accepts(write) && !n.accepts(scope))
                    });
                if write_needed && cx.db.readonly_implies_write(write) {
                    return (i, ScopeVerdict::Redundant);
                }
                return (i, ScopeVerdict::Needed);
            }
            let readonly = format!("{scope}:readonly");
            if cx.db.is_scope(&readonly) {
                let mut calls_needing = Vec::new();
                let mut all_accept_readonly = true;
                for alts in &needs {
                    for (id, n) in alts {
                        if n.accepts(scope) {
                            calls_needing.push(*id);
                            // Only the swagger's own lists may conclude this.
                            all_accept_readonly &=
                                matches!(n, ScopeNeed::Known(_)) && n.accepts(&readonly);
                        }
                    }
                }
                if all_accept_readonly && !calls_needing.is_empty() {
                    calls_needing.sort();
                    calls_needing.dedup();
                    return (
                        i,
                        ScopeVerdict::ReadonlySuffices {
                            calls: calls_needing,
                        },
                    );
                }
            }
            (i, ScopeVerdict::Needed)
        })
        .collect()
}

/// Names of administrator roles built into Genesys Cloud that grant every
/// permission. Only names known for certain are listed.
const BUILTIN_ADMIN_ROLES: [&str; 1] = ["Master Admin"];

pub fn is_builtin_admin(name: &str) -> bool {
    BUILTIN_ADMIN_ROLES
        .iter()
        .any(|r| r.eq_ignore_ascii_case(name.trim()))
}

/// The roles behind a client's role names.
pub struct ResolvedRoles<'a> {
    pub roles: Vec<&'a Role>,
    /// A built-in administrator role: every permission.
    pub admin: bool,
    /// Names that match no role gclint can see.
    pub unresolved: Vec<&'a str>,
}

impl ResolvedRoles<'_> {
    /// The permissions of `required` the roles lack (all of them for ANY when
    /// none is granted). Empty when granted.
    pub fn missing(&self, kind: Option<PermissionMatch>, required: &[Text]) -> Vec<String> {
        if self.admin || required.is_empty() {
            return Vec::new();
        }
        let granted = |p: &str| self.roles.iter().any(|r| r.covers(p).is_some());
        match kind {
            Some(PermissionMatch::Any) => {
                if required.iter().any(|p| granted(p)) {
                    Vec::new()
                } else {
                    required.iter().map(|p| p.to_string()).collect()
                }
            }
            _ => required
                .iter()
                .filter(|p| !granted(p))
                .map(|p| p.to_string())
                .collect(),
        }
    }
}

pub fn resolve_roles<'a>(
    cx: &Context<'a>,
    names: impl Iterator<Item = &'a str>,
) -> ResolvedRoles<'a> {
    let mut out = ResolvedRoles {
        roles: Vec::new(),
        admin: false,
        unresolved: Vec::new(),
    };
    for name in names {
        if let Some(role) = cx.app.role(name) {
            out.roles.push(role);
        } else if is_builtin_admin(name) {
            out.admin = true;
        } else {
            out.unresolved.push(name);
        }
    }
    out
}

/// The roles a client's calls are checked against: its roles for
/// CLIENT-CREDENTIALS, the roles its users hold for user grants.
pub fn client_roles<'a>(cx: &Context<'a>, client: &'a OAuthClient) -> Option<ResolvedRoles<'a>> {
    if client.is_client_credentials() {
        let names = client
            .roles
            .iter()
            .flat_map(|l| l.iter())
            .map(|r| r.value.name.value.as_str());
        Some(resolve_roles(cx, names))
    } else if client.is_user_grant() {
        let list = client.user_roles.as_ref()?;
        Some(resolve_roles(cx, list.iter().map(|r| r.value.as_str())))
    } else {
        None
    }
}

/// The Terraform deploy client and its roles, when gclint.toml names it and
/// every role it holds can be read and none is an administrator's (the
/// deploy rules have nothing to say otherwise; `unresolved-role` says why).
pub fn deploy_roles<'a>(
    cx: &Context<'a>,
) -> Option<(&'a crate::model::DeployClient, ResolvedRoles<'a>)> {
    let deploy = cx.app.deploy.as_ref()?;
    let roles = client_roles(cx, &deploy.client)?;
    let known = !roles.admin && roles.unresolved.is_empty() && deploy.unresolved.is_none();
    known.then_some((deploy, roles))
}

/// What the SDK release a project pins says about a method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinVerdict {
    /// The pinned release (or major line) has it.
    Has,
    /// Releases up to one at least as new as the pin lack it; `first` is
    /// the first release known to have it.
    TooNew { first: String },
    /// Releases from one no newer than the pin on lack it; `last` is the
    /// last release known to have it.
    Removed { last: String },
    /// The history cannot tell (no pin, no history of the method, a pin
    /// between known releases).
    Unknown,
}

/// `262.0.0` as numbers, for ordering releases.
pub fn version_key(v: &str) -> Vec<u64> {
    v.split('.')
        .map(|p| {
            p.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap_or(0)
        })
        .collect()
}

/// The SDK of a source file, by extension: `js` or `py`.
pub fn sdk_of(path: &std::path::Path) -> Option<&'static str> {
    match path.extension()?.to_str()? {
        "js" | "mjs" | "cjs" | "jsx" | "ts" | "tsx" | "mts" | "cts" | "vue" | "svelte" | "html"
        | "htm" | "ejs" | "hbs" | "handlebars" => Some("js"),
        "py" => Some("py"),
        _ => None,
    }
}

/// The pin governing a file: of its SDK, in the nearest folder above it;
/// an exact one (a lockfile) before a range in the same folder.
pub fn pin_of<'a>(cx: &'a Context<'_>, file: crate::source::FileId) -> Option<&'a SdkPinAt> {
    let path = &cx.sources.get(file).path;
    let sdk = sdk_of(path)?;
    cx.app
        .sdk_pins
        .iter()
        .filter(|p| p.pin.sdk == sdk && path.starts_with(&p.dir))
        .max_by_key(|p| (p.dir.components().count(), p.pin.kind == PinKind::Exact))
        // A page loading `latest` from the CDN runs the current SDK, whatever
        // a lockfile further up says: judged as with no pin.
        .filter(|p| p.pin.version != "latest")
}

/// What `pin` says about the SDK method `name`, from the SDK history.
pub fn pin_verdict(cx: &Context<'_>, pin: &SdkPinAt, name: &str) -> PinVerdict {
    let history = cx.db.sdk_history();
    let Some(releases) = history.releases(&pin.pin.sdk) else {
        return PinVerdict::Unknown;
    };
    let runs = history.runs_of_name(&pin.pin.sdk, name);
    if runs.is_empty() {
        return PinVerdict::Unknown;
    }
    let versions: Vec<&str> = releases.versions.iter().map(|v| v.as_ref()).collect();
    let index = |v: &str| versions.iter().position(|x| *x == v);
    let pinned = version_key(&pin.pin.version);
    // Exact pins compare whole versions; a major line compares majors.
    let key = |v: &str| match pin.pin.kind {
        PinKind::Exact => version_key(v),
        PinKind::Major => version_key(v).into_iter().take(1).collect(),
    };
    let at = match pin.pin.kind {
        PinKind::Exact => pinned.clone(),
        PinKind::Major => pinned.iter().take(1).copied().collect(),
    };
    if runs.iter().any(|r| key(r.first) <= at && at <= key(r.last)) {
        return PinVerdict::Has;
    }
    let earliest = runs.iter().min_by_key(|r| version_key(r.first));
    let latest = runs.iter().max_by_key(|r| version_key(r.last));
    if let Some(r) = earliest {
        let before = index(r.first)
            .and_then(|i| i.checked_sub(1))
            .map(|i| versions[i]);
        if before.is_some_and(|b| at <= key(b)) && at < key(r.first) {
            return PinVerdict::TooNew {
                first: r.first.to_string(),
            };
        }
    }
    if let Some(r) = latest {
        let after = index(r.last).and_then(|i| versions.get(i + 1)).copied();
        if after.is_some_and(|a| at >= key(a)) && at > key(r.last) {
            return PinVerdict::Removed {
                last: r.last.to_string(),
            };
        }
    }
    PinVerdict::Unknown
}

/// For an API class the SDKs removed, the tag its operations had — unless
/// the release the file's project installs still has the class (then the
/// code runs, and its calls are judged as any other). Only an exact pin
/// (a lockfile, an exact version) says what is installed: a range says what
/// was wanted, and a page may load the SDK from the CDN beside it.
pub fn removed_class<'a>(
    cx: &'a Context<'_>,
    class: &str,
    file: crate::source::FileId,
) -> Option<&'a str> {
    if cx.db.is_sdk_class(class) {
        return None;
    }
    let tag = cx.db.former_sdk_class(class)?;
    // The data holds the release history of the JavaScript and Python SDKs
    // only: for another SDK (.NET, Java, Go) the release the code runs, and
    // so whether it still has the class, is not known.
    sdk_of(&cx.sources.get(file).path)?;
    // The guest-chat SDK (`purecloud-guest-chat-client`) keeps the guest
    // chat class the platform SDK dropped.
    if crate::model::GUEST_CHAT_CLASSES.contains(&class) && loads_guest_chat_sdk(cx, file) {
        return None;
    }
    let pinned = pin_of(cx, file)
        .is_some_and(|pin| pin.pin.kind == PinKind::Exact && pin_has_class(cx, pin, class));
    (!pinned).then_some(tag)
}

/// Whether the code of `file` runs beside the guest-chat SDK: a page or
/// module of its folder, or a folder above, loads it.
fn loads_guest_chat_sdk(cx: &Context<'_>, file: crate::source::FileId) -> bool {
    let path = &cx.sources.get(file).path;
    cx.app
        .sdk_pins
        .iter()
        .any(|p| p.pin.sdk == crate::model::GUEST_CHAT_SDK && path.starts_with(&p.dir))
}

/// Whether the release `pin` names has the API class `class` (a class
/// later SDKs removed is still there in the release a lockfile pins).
pub fn pin_has_class(cx: &Context<'_>, pin: &SdkPinAt, class: &str) -> bool {
    let history = cx.db.sdk_history();
    let key = |v: &str| match pin.pin.kind {
        PinKind::Exact => version_key(v),
        PinKind::Major => version_key(v).into_iter().take(1).collect(),
    };
    let at = key(&pin.pin.version);
    history
        .runs_of_class(&pin.pin.sdk, class)
        .iter()
        .any(|r| key(r.first) <= at && at <= key(r.last))
}

/// For a method or path no newest SDK release has: the last release of
/// each SDK that had it (`("JavaScript", "212.1.0")`) and the first SDK's
/// run of it. `None` when a newest release still has it or none ever did.
pub fn last_releases<'a>(
    runs: impl Fn(&str) -> Vec<crate::db::format::SdkRun<'a>>,
) -> Option<(Vec<(&'static str, &'a str)>, crate::db::format::SdkRun<'a>)> {
    let mut last = Vec::new();
    let mut first = None;
    for (sdk, label) in [("js", "JavaScript"), ("py", "Python")] {
        let runs = runs(sdk);
        if runs.iter().any(|r| r.current) {
            return None;
        }
        if let Some(r) = runs.into_iter().max_by_key(|r| version_key(r.last)) {
            last.push((label, r.last));
            first.get_or_insert(r);
        }
    }
    Some((last, first?))
}

/// What a set of calls needs of roles: every permission an operation they
/// may be lists (each alternative of an ANY list counts: the calls may use
/// it), the calls that list each, and the calls whose needs are not known.
#[derive(Debug, Default)]
pub struct PermissionNeeds {
    /// Lower-case permission → the operations listing it and where each is called.
    listed: std::collections::HashMap<String, Vec<(OpId, crate::source::Span)>>,
    /// Each requirement, as listed: its kind and the permissions.
    pub requirements: Vec<(
        Option<PermissionMatch>,
        Vec<String>,
        OpId,
        crate::source::Span,
    )>,
    /// Calls not resolved to operations, or whose operations' permissions
    /// the database does not know; and Terraform resources likewise.
    pub unknown: Vec<crate::source::Span>,
    /// Calls (and Terraform resource blocks) counted.
    pub calls: usize,
}

impl PermissionNeeds {
    pub fn add_call(&mut self, cx: &Context<'_>, call: &CallSite) {
        if call.resolution == Resolution::NotGenesys {
            return;
        }
        self.calls += 1;
        let ops = call_ops(call);
        if ops.is_empty() {
            self.unknown.push(call.span);
        }
        for &id in ops {
            self.add_op(cx, id, call.span);
        }
    }

    /// What one operation, called at `span`, needs.
    pub fn add_op(&mut self, cx: &Context<'_>, id: OpId, span: crate::source::Span) {
        let Some(perms) = &cx.db.op(id).permissions else {
            self.unknown.push(span);
            return;
        };
        if perms.list.is_empty() {
            return;
        }
        for p in &perms.list {
            self.listed
                .entry(p.to_ascii_lowercase())
                .or_default()
                .push((id, span));
        }
        self.requirements.push((
            perms.kind,
            perms.list.iter().map(|p| p.to_string()).collect(),
            id,
            span,
        ));
    }

    /// Whether some call may use this permission.
    pub fn lists(&self, permission: &str) -> bool {
        self.listed.contains_key(&permission.to_ascii_lowercase())
    }

    /// The operations (and call sites) that list a permission.
    pub fn listing(&self, permission: &str) -> &[(OpId, crate::source::Span)] {
        self.listed
            .get(&permission.to_ascii_lowercase())
            .map_or(&[], Vec::as_slice)
    }
}

/// Who holds a role: client-credentials clients (their roles), user-grant
/// clients (the roles their users hold), the Terraform deploy client.
#[derive(Debug, Default)]
pub struct Holders {
    pub client_credentials: Vec<ClientId>,
    pub user_grants: Vec<ClientId>,
    pub deploy: bool,
}

impl Holders {
    pub fn is_empty(&self) -> bool {
        self.client_credentials.is_empty() && self.user_grants.is_empty() && !self.deploy
    }
}

/// Whether a role reference names this role.
fn names(role: &Role, name: &str) -> bool {
    role.name.value == name || role.aliases.iter().any(|a| a == name)
}

/// The clients (and the deploy client) that hold a role.
pub fn holders(cx: &Context<'_>, role: &Role) -> Holders {
    let mut out = Holders::default();
    // A role found first under another definition of the same name is
    // that one's: lookups resolve to the first.
    let is_this =
        |name: &str| names(role, name) && cx.app.role(name).is_some_and(|r| std::ptr::eq(r, role));
    for (ci, client) in cx.app.clients.iter().enumerate() {
        if client.is_client_credentials() {
            let refs = client.roles.iter().flat_map(|l| l.iter());
            if refs.map(|r| r.value.name.value.as_str()).any(is_this) {
                out.client_credentials.push(ci);
            }
        } else if client.is_user_grant() {
            let refs = client.user_roles.iter().flat_map(|l| l.iter());
            if refs.map(|r| r.value.as_str()).any(is_this) {
                out.user_grants.push(ci);
            }
        }
    }
    if let Some(deploy) = &cx.app.deploy {
        let refs = deploy.client.roles.iter().flat_map(|l| l.iter());
        if refs.map(|r| r.value.name.value.as_str()).any(is_this) {
            out.deploy = true;
        }
    }
    out
}

/// What the Terraform deploy client needs: the operations the provider
/// calls for each resource type and data source the modules use; a type
/// the provider's docs do not list, an API use no operation has and a
/// module not read are needs not known.
pub fn deploy_needs(cx: &Context<'_>) -> PermissionNeeds {
    let mut out = PermissionNeeds::default();
    let provider = cx.db.terraform();
    for module in &cx.app.terraform {
        for call in &module.calls {
            if call.dir.is_none() {
                out.unknown.push(call.source.span);
            }
        }
        for block in &module.blocks {
            out.calls += 1;
            let Some(resource) = provider.resource(&block.kind) else {
                out.unknown.push(block.label);
                continue;
            };
            for found in cx.db.terraform_operations(resource) {
                match found {
                    Ok(id) => out.add_op(cx, id, block.label),
                    Err(_) => out.unknown.push(block.label),
                }
            }
        }
    }
    out
}

/// The needs of everything that holds a role: its clients' calls and,
/// for the deploy client, the Terraform resources.
pub fn holders_needs(cx: &Context<'_>, holders: &Holders) -> PermissionNeeds {
    let mut clients: Vec<ClientId> = holders
        .client_credentials
        .iter()
        .chain(&holders.user_grants)
        .copied()
        .collect();
    if holders.deploy {
        if let Some(c) = cx.app.deploy.as_ref().and_then(|d| d.defined) {
            clients.push(c);
        }
    }
    clients.sort_unstable();
    clients.dedup();
    let mut seen = std::collections::HashSet::new();
    let mut out = PermissionNeeds::default();
    for c in clients {
        for call in cx.app.calls_of(c) {
            // A call several holders run counts once.
            if seen.insert((call.span.file, call.span.start, call.span.end)) {
                out.add_call(cx, call);
            }
        }
    }
    if holders.deploy {
        let deploy = deploy_needs(cx);
        out.calls += deploy.calls;
        out.unknown.extend(deploy.unknown);
        for (kind, list, id, span) in deploy.requirements {
            for p in &list {
                out.listed
                    .entry(p.to_ascii_lowercase())
                    .or_default()
                    .push((id, span));
            }
            out.requirements.push((kind, list, id, span));
        }
    }
    out
}

/// Who holds a role, for messages: `client \`sync\``, `clients \`a\` and
/// \`b\``, `the Terraform deploy client`.
pub fn holders_text(cx: &Context<'_>, holders: &Holders) -> String {
    // The deploy client named by `client` is one of the clients.
    let deploy_is = cx.app.deploy.as_ref().and_then(|d| d.defined);
    let mut names: Vec<&str> = holders
        .client_credentials
        .iter()
        .chain(&holders.user_grants)
        .filter(|&&c| !(holders.deploy && deploy_is == Some(c)))
        .map(|&c| cx.app.clients[c].name.value.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    let clients = match names.len() {
        0 => String::new(),
        1 => format!("client `{}`", names[0]),
        _ => format!("clients {}", crate::diagnostic::code_list(&names)),
    };
    let deploy = match deploy_is {
        Some(c) => format!(
            "the Terraform deploy client `{}`",
            cx.app.clients[c].name.value
        ),
        None => "the Terraform deploy client".to_string(),
    };
    match (clients.is_empty(), holders.deploy) {
        (true, true) => deploy,
        (false, true) => format!("{clients} and {deploy}"),
        _ => clients,
    }
}

/// An administration permission (`admin`, `directory:organization:admin`).
pub fn is_admin_permission(p: &str) -> bool {
    p.split(':')
        .any(|part| part.to_ascii_lowercase().contains("admin"))
}

/// Ranks permissions of equal count, narrowest first: a read action before
/// a create, an edit or a delete; a sub-entity (`queueMember`) before the
/// entity it belongs to (`queue`); wildcards and legacy one-word
/// permissions last.
pub fn permission_cost(p: &str, all: &[String]) -> u32 {
    let parts: Vec<&str> = p.split(':').collect();
    let [domain, entity, action] = parts.as_slice() else {
        return 1000;
    };
    if is_admin_permission(p) {
        return 900;
    }
    if parts.contains(&"*") {
        return 800;
    }
    let mut cost = match action.to_ascii_lowercase().as_str() {
        "view" | "read" | "readonly" | "search" | "list" | "get" => 10,
        "add" | "create" | "join" | "assign" | "upload" | "send" | "execute" => 20,
        "edit" | "update" | "manage" | "modify" => 30,
        "delete" | "remove" => 40,
        _ => 25,
    };
    let sub_entity = all.iter().any(|other| {
        let o: Vec<&str> = other.split(':').collect();
        o.len() == 3 && o[0] == *domain && o[1] != *entity && entity.starts_with(o[1])
    });
    if sub_entity {
        cost -= 5;
    }
    cost
}
