//! The app as data: OAuth clients, roles, call sites and login flows, each
//! with the span it was read from. Every input format produces these types,
//! so rules never know where a fact came from.
//!
//! Imports only layers below it (docs/architecture.md): `db`, `source`.

use crate::db::{Database, OpId, PathLookup};
use crate::source::{FileId, Span, Spanned};
use std::collections::HashMap;
use std::path::PathBuf;

/// Index of a client in [`App::clients`].
pub type ClientId = usize;
/// An index into [`App::flows`].
pub type FlowId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GrantKind {
    Code,
    /// Implicit grant.
    Token,
    Saml2Bearer,
    Password,
    ClientCredentials,
}

/// How a grant type was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantSpelling {
    /// As the API documents it.
    Exact,
    /// `CLIENT_CREDENTIALS`: Genesys's own premium-app samples write it.
    Underscore,
    /// Any other spelling that still names a grant (`client-credentials`).
    Loose,
}

impl GrantKind {
    pub const ALL: [GrantKind; 5] = [
        GrantKind::Code,
        GrantKind::Token,
        GrantKind::Saml2Bearer,
        GrantKind::Password,
        GrantKind::ClientCredentials,
    ];

    /// The API's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            GrantKind::Code => "CODE",
            GrantKind::Token => "TOKEN",
            GrantKind::Saml2Bearer => "SAML2-BEARER",
            GrantKind::Password => "PASSWORD",
            GrantKind::ClientCredentials => "CLIENT-CREDENTIALS",
        }
    }

    /// Reads a grant type as written in a definition.
    pub fn parse(raw: &str) -> Option<(GrantKind, GrantSpelling)> {
        let raw = raw.trim();
        if let Some(kind) = GrantKind::ALL.into_iter().find(|k| k.as_str() == raw) {
            return Some((kind, GrantSpelling::Exact));
        }
        if raw == "CLIENT_CREDENTIALS" {
            return Some((GrantKind::ClientCredentials, GrantSpelling::Underscore));
        }
        let folded = raw.to_ascii_uppercase().replace('_', "-");
        GrantKind::ALL
            .into_iter()
            .find(|k| k.as_str() == folded)
            .map(|k| (k, GrantSpelling::Loose))
    }

    /// A user signs in: scopes and the user's permissions apply.
    pub fn is_user_grant(self) -> bool {
        !matches!(self, GrantKind::ClientCredentials)
    }
}

/// A list written in a definition: the span of its key and each item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpannedList<T> {
    /// The key (`scopes`) or, without one, the list itself.
    pub key: Span,
    pub items: Vec<Spanned<T>>,
}

impl<T> SpannedList<T> {
    pub fn iter(&self) -> impl Iterator<Item = &Spanned<T>> {
        self.items.iter()
    }
}

/// A reference from a client to a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRef {
    /// The role's name, id or address (`genesyscloud_auth_role.sync`).
    pub name: Spanned<String>,
    pub division: Option<Spanned<String>>,
    /// Why the reference cannot be followed statically (`var.role_id`).
    pub unresolved: Option<String>,
}

impl RoleRef {
    pub fn named(name: Spanned<String>) -> RoleRef {
        RoleRef {
            name,
            division: None,
            unresolved: None,
        }
    }
}

/// Where a definition was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Manifest,
    Terraform,
    /// The premium-app wizard's `config.js`.
    WizardConfig,
    /// An OAuth client, role or data action as the Genesys API returns it.
    ApiJson,
    /// A login the code performs that no definition declares.
    Code,
}

impl Origin {
    pub fn describe(self) -> &'static str {
        match self {
            Origin::Manifest => "the app manifest",
            Origin::Terraform => "Terraform",
            Origin::WizardConfig => "the premium-app wizard config",
            Origin::ApiJson => "Genesys API JSON",
            Origin::Code => "a login in the code",
        }
    }
}

#[derive(Debug, Clone)]
pub struct OAuthClient {
    pub name: Spanned<String>,
    /// The whole definition.
    pub decl: Span,
    pub origin: Origin,
    /// The grant type as written (`None`: not given).
    pub grant: Option<Spanned<String>>,
    /// A CODE client used with a PKCE challenge.
    pub pkce: bool,
    pub scopes: Option<SpannedList<String>>,
    /// The client's scopes are set outside the repository (the premium-app
    /// wizard's own client when the config lists no `installScopes`): no
    /// scope is reported missing or unused.
    pub scopes_elsewhere: bool,
    /// Roles of a CLIENT-CREDENTIALS client.
    pub roles: Option<SpannedList<RoleRef>>,
    /// Roles the users of a user-grant client are expected to hold.
    pub user_roles: Option<SpannedList<String>>,
    pub redirect_uris: Option<SpannedList<String>>,
    pub token_validity: Option<Spanned<i64>>,
    /// Globs of the source files whose calls run under this client.
    pub sources: Vec<Spanned<String>>,
    /// Globs (relative to `base_dir`) of code that never runs: the modules
    /// of a premium-app wizard that its `provisioningInfo` does not use.
    pub inactive: Vec<Spanned<String>>,
    /// The folder `sources` globs are relative to.
    pub base_dir: PathBuf,
    /// The premium-app wizard's own login (its `installScopes`): it runs only
    /// the wizard's code, is never guessed for other files, and its redirect
    /// URI is registered outside the repository.
    pub wizard_login: bool,
    /// For the wizard's login: which of the wizard's modules run.
    pub wizard_run: Option<WizardRun>,
    /// Other names the client is referenced by (Terraform address).
    pub aliases: Vec<String>,
    /// The deprecated `roleIds` key, when the definition uses it.
    pub role_ids_key: Option<Span>,
}

/// Which modules of a premium-app wizard run: those its config's
/// `provisioningInfo` names, and the post-install step when the config
/// enables it (`enableCustomSetupStepAfterInstall: true`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WizardRun {
    pub provisioned: Vec<String>,
    pub post_custom_setup: bool,
}

impl WizardRun {
    /// Whether the module that declares `provisioningInfoKey: key` runs.
    pub fn runs(&self, key: &str) -> bool {
        let norm = |k: &str| k.replace(['-', '_'], "").to_ascii_lowercase();
        let key = norm(key);
        if key == "postcustomsetup" {
            return self.post_custom_setup;
        }
        key == "wizard" || key == "custom" || self.provisioned.iter().any(|p| norm(p) == key)
    }
}

impl OAuthClient {
    /// A client of which only its name, grant and folder are known
    /// (defined where its name is).
    pub fn bare(name: Spanned<String>, origin: Origin, grant: &str, base_dir: PathBuf) -> Self {
        OAuthClient {
            decl: name.span,
            origin,
            grant: Some(Spanned::new(grant.to_string(), name.span)),
            pkce: false,
            scopes: None,
            scopes_elsewhere: false,
            roles: None,
            user_roles: None,
            redirect_uris: None,
            token_validity: None,
            sources: Vec::new(),
            base_dir,
            inactive: Vec::new(),
            wizard_login: false,
            wizard_run: None,
            aliases: Vec::new(),
            role_ids_key: None,
            name,
        }
    }

    pub fn grant_kind(&self) -> Option<GrantKind> {
        self.grant
            .as_ref()
            .and_then(|g| GrantKind::parse(&g.value))
            .map(|(k, _)| k)
    }

    pub fn is_user_grant(&self) -> bool {
        self.grant_kind().is_some_and(GrantKind::is_user_grant)
    }

    pub fn is_client_credentials(&self) -> bool {
        self.grant_kind() == Some(GrantKind::ClientCredentials)
    }

    pub fn declares_scope(&self, scope: &str) -> bool {
        self.scopes
            .as_ref()
            .is_some_and(|l| l.iter().any(|s| s.value == scope))
    }

    /// A short description for messages: `client \`web\` (TOKEN)`.
    pub fn describe(&self) -> String {
        match &self.grant {
            Some(g) => format!("client `{}` ({})", self.name.value, g.value),
            None => format!("client `{}`", self.name.value),
        }
    }
}

/// One permission a role grants: `domain:entity:action`, where entity and
/// action may be `*`. Legacy one-word permissions (`admin`) have one part.
#[derive(Debug, Clone)]
pub struct PermissionGrant {
    pub parts: Vec<String>,
    /// Written as a permission policy: where its domain and entity are (the
    /// grant's own span is its action). `None`: written as one string.
    pub policy: Option<PolicySpans>,
}

/// Where a permission policy writes the domain and the entity of a grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicySpans {
    pub domain: Span,
    pub entity: Span,
}

/// Grants are the same permission whatever their spelling's place.
impl PartialEq for PermissionGrant {
    fn eq(&self, other: &Self) -> bool {
        self.parts == other.parts
    }
}

impl Eq for PermissionGrant {}

impl PermissionGrant {
    pub fn parse(text: &str) -> PermissionGrant {
        PermissionGrant {
            parts: text.trim().split(':').map(str::to_string).collect(),
            policy: None,
        }
    }

    pub fn from_policy(domain: &str, entity: &str, action: &str) -> PermissionGrant {
        PermissionGrant {
            parts: vec![domain.into(), entity.into(), action.into()],
            policy: None,
        }
    }

    /// The same grant, with where its policy writes the domain and entity.
    pub fn at(mut self, domain: Span, entity: Span) -> PermissionGrant {
        self.policy = Some(PolicySpans { domain, entity });
        self
    }

    /// Whether this grant covers a required permission string.
    pub fn covers(&self, required: &str) -> bool {
        let req: Vec<&str> = required.split(':').collect();
        if self.parts.len() == 1 && self.parts[0] == "*" {
            return true;
        }
        req.len() == self.parts.len()
            && self
                .parts
                .iter()
                .zip(&req)
                .all(|(g, r)| g == "*" || g.eq_ignore_ascii_case(r))
    }

    /// Every domain, entity and action: an administrator's grant.
    pub fn is_everything(&self) -> bool {
        self.parts.iter().all(|p| p == "*")
    }

    pub fn text(&self) -> String {
        self.parts.join(":")
    }
}

/// A domain, an entity and the actions a policy grants on it.
pub type PolicyGroup = (String, String, Vec<String>);

/// Permissions grouped as permission policies: per domain and entity (in
/// name order) the actions, and apart the legacy one-word permissions,
/// which no policy can express.
pub fn policies_of(permissions: &[String]) -> (Vec<PolicyGroup>, Vec<String>) {
    let mut groups: std::collections::BTreeMap<(String, String), Vec<String>> =
        std::collections::BTreeMap::new();
    let mut other = Vec::new();
    for p in permissions {
        match p.split(':').collect::<Vec<_>>().as_slice() {
            [domain, entity, action] => {
                let actions = groups
                    .entry((domain.to_string(), entity.to_string()))
                    .or_default();
                if !actions.iter().any(|a| a == action) {
                    actions.push(action.to_string());
                }
            }
            _ => other.push(p.clone()),
        }
    }
    let policies = groups
        .into_iter()
        .map(|((domain, entity), actions)| (domain, entity, actions))
        .collect();
    (policies, other)
}

#[derive(Debug, Clone)]
pub struct Role {
    pub name: Spanned<String>,
    pub decl: Span,
    pub origin: Origin,
    pub grants: Vec<Spanned<PermissionGrant>>,
    /// Other names the role is referenced by (id, Terraform address).
    pub aliases: Vec<String>,
    /// Where its permissions are written, for edits (empty: not editable).
    pub written: Vec<PermissionsAt>,
}

/// Where a role writes its permissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PermissionsAt {
    /// A list of `domain:entity:action` strings (`permissions:`): its key
    /// and its value.
    List { key: Span, value: Span },
    /// A list of permission policies (`permissionPolicies`): key and value.
    Policies { key: Span, value: Span },
    /// One Terraform `permission_policies { ... }` block.
    Block(Span),
}

impl Role {
    pub fn covers(&self, required: &str) -> Option<&Spanned<PermissionGrant>> {
        self.grants.iter().find(|g| g.value.covers(required))
    }
}

/// What the code says it calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallKind {
    /// A raw HTTP path; the method when the surrounding call tells it.
    Http {
        method: Option<String>,
        path: String,
    },
    /// An SDK method on an API object (`usersApi.getUsersMe`).
    Sdk {
        class: Option<String>,
        method: String,
    },
}

impl CallKind {
    /// What the code names: `GET /api/v2/users/me` (the method only when
    /// the code tells it), `UsersApi.getUsersMe`.
    pub fn written(&self) -> String {
        match self {
            CallKind::Http { method, path } => match method {
                Some(m) => format!("{m} {path}"),
                None => path.clone(),
            },
            CallKind::Sdk { class, method } => match class {
                Some(c) => format!("{c}.{method}"),
                None => method.clone(),
            },
        }
    }
}

/// What a call site resolved to in the API database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Operation(OpId),
    /// The path exists; the method is not known. Operations on the path.
    PathOnly(Vec<OpId>),
    MethodNotAllowed(Vec<OpId>),
    UnknownPath,
    /// A prefix of real paths named without a method (a base path).
    BasePath,
    UnknownSdkMethod,
    /// A method on an API class that is not Genesys's (`GithubApi`).
    NotGenesys,
}

/// How a call site was tied to the clients it runs under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// A client's `sources` globs name the file.
    Sources,
    /// The file's own login flow (`loginClientCredentialsGrant`, ...).
    AuthFlow,
    /// The app has exactly one client.
    OnlyClient,
    /// Nothing says which client runs the file: every client is a candidate.
    Guess,
    /// Code that never runs: a premium-app wizard module its config does
    /// not provision. No client; nothing it would need is asked for.
    Inactive,
    /// The app declares no client.
    Unlinked,
}

#[derive(Debug, Clone)]
pub struct CallSite {
    pub span: Span,
    /// A data action of a Genesys Cloud Data Actions integration (run by
    /// Genesys with the integration's credentials), not code.
    pub data_action: bool,
    pub kind: CallKind,
    pub resolution: Resolution,
    pub clients: Vec<ClientId>,
    pub link: Link,
    /// With no client: the undeclared logins it runs under (one, or each
    /// of its project's when they differ), and how that is known.
    pub flows: Vec<FlowId>,
    pub flow_link: FlowLink,
}

/// How a call's file is tied to an undeclared login.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FlowLink {
    /// No login ties it.
    #[default]
    None,
    /// The file logs in itself.
    Own,
    /// A file that imports it (directly or a few imports away) logs in.
    Import,
    /// Other files of its project log in.
    Project,
    /// Test code: it runs under a test runner, not under the app's login.
    Test,
    /// A Data Actions action: it runs under its integration's credentials.
    DataAction,
}

impl FlowLink {
    pub fn as_str(self) -> &'static str {
        match self {
            FlowLink::None => "none",
            FlowLink::Own => "login",
            FlowLink::Import => "import",
            FlowLink::Project => "project",
            FlowLink::Test => "test",
            FlowLink::DataAction => "data-action",
        }
    }
}

/// A login the code performs that no definition declares (an OAuth client
/// clicked together in the admin UI): gclint computes what it needs
/// instead of checking what it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    pub grant: GrantKind,
    pub pkce: bool,
    /// The project folder whose files run under it.
    pub root: std::path::PathBuf,
    /// The project folder as shown (relative to the output root; `.`).
    pub folder: String,
    /// Where the code logs in (the first such login); for the Data Actions
    /// integration, its first action.
    pub login: Span,
    /// The client-credentials client of a Genesys Cloud Data Actions
    /// integration, which runs the actions of the project: no login in the
    /// code, the integration's credentials name it.
    pub data_actions: bool,
}

impl Flow {
    /// `CLIENT-CREDENTIALS`, `CODE (PKCE)`.
    pub fn grant_text(&self) -> String {
        match self.pkce {
            true => format!("{} (PKCE)", self.grant.as_str()),
            false => self.grant.as_str().to_string(),
        }
    }

    /// What it is called in outputs: `CLIENT-CREDENTIALS login in server/`,
    /// `Data Actions integration`.
    pub fn name(&self) -> String {
        let what = match self.data_actions {
            true => "Data Actions integration".to_string(),
            false => format!("{} login", self.grant_text()),
        };
        match self.folder.as_str() {
            "" | "." => what,
            f => format!("{what} in {f}/"),
        }
    }
}

impl CallSite {
    pub fn operation(&self) -> Option<OpId> {
        match self.resolution {
            Resolution::Operation(id) => Some(id),
            _ => None,
        }
    }

    /// Resolves what the code names against the database.
    pub fn resolve(db: &Database, kind: &CallKind) -> Resolution {
        match kind {
            CallKind::Http { method, path } => match db.lookup_path(method.as_deref(), path) {
                PathLookup::Found(id) => Resolution::Operation(id),
                // Without a method, a path of one operation can only be it.
                PathLookup::PathOnly(ops) if ops.len() == 1 => Resolution::Operation(ops[0]),
                PathLookup::PathOnly(ops) => Resolution::PathOnly(ops),
                PathLookup::MethodNotAllowed(ops) => Resolution::MethodNotAllowed(ops),
                PathLookup::NotFound | PathLookup::NotApiPath => Resolution::UnknownPath,
                PathLookup::Prefix => Resolution::BasePath,
            },
            CallKind::Sdk { class, method } => {
                // An `XxxApi` class no Genesys SDK has (now or before) is someone else's.
                if let Some(class) = class {
                    if !db.is_sdk_class(class) && db.former_sdk_class(class).is_none() {
                        return Resolution::NotGenesys;
                    }
                }
                if let Some(id) = db.op_by_sdk_name(method) {
                    // The name on another class is another method
                    // (`LocationsApi.post_search` of the retired SDK is not
                    // `SearchApi.post_search`).
                    let classes = &db.operations()[id].sdk_classes;
                    let elsewhere = class.as_deref().is_some_and(|c| {
                        !classes.is_empty() && !classes.iter().any(|k| k.as_str() == c)
                    });
                    if !elsewhere {
                        return Resolution::Operation(id);
                    }
                    let former = db.former_sdk_operation(class.as_deref(), method);
                    return Resolution::Operation(former.unwrap_or(id));
                }
                // A name of an older release or of a retired SDK: the
                // operation it called, if the API still has it.
                match db.former_sdk_operation(class.as_deref(), method) {
                    Some(id) => Resolution::Operation(id),
                    None => Resolution::UnknownSdkMethod,
                }
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostKind {
    /// The host of a URL literal (`https://api.mypurecloud.ie/...`).
    Url,
    /// A bare environment domain (`setEnvironment('mypurecloud.ie')`).
    Environment,
    /// An SDK region constant (`PureCloudRegionHosts.eu_west_1`): the host is the key.
    RegionConstant,
}

/// A Genesys host, environment domain or region constant written in code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostRef {
    pub span: Span,
    pub host: String,
    pub kind: HostKind,
    /// One entry of a region table: chosen at run time, not used together
    /// with the other entries.
    pub alternative: bool,
    /// The host issues tokens (`login.<env>`, or an OAuth endpoint's host).
    pub login: bool,
}

/// An SDK API object built in code (`new platformClient.UsersApi()`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiObject {
    /// The class name.
    pub span: Span,
    pub class: String,
}

/// A literal naming `/oauth/token` or `/oauth/authorize`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenEndpoint {
    pub span: Span,
    pub host: Option<String>,
    pub path: String,
}

/// The `scope` parameter of a token request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestedScopes {
    /// The literal holding the value.
    pub span: Span,
    pub value: String,
    /// Offset of the value inside the literal (after the quote).
    pub offset: usize,
}

/// An `Authorization` header scheme written in code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthHeader {
    pub span: Span,
    pub scheme: String,
}

/// A client secret written as a literal. Its value is kept only to mask
/// it, wherever it appears, in every output of the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secret {
    pub span: Span,
    /// What holds it (`clientSecret`).
    pub what: String,
    pub value: SecretValue,
    /// Reported as a finding (`hardcoded-secret`); a secret in a comment
    /// is only masked (comments are not code).
    pub reported: bool,
}

/// The text of a secret. It is never printed: `Debug` shows stars, and the
/// value serves only to find the secret again in other texts.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct SecretValue(String);

impl SecretValue {
    pub fn new(value: &str) -> SecretValue {
        SecretValue(value.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SecretValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretValue({})", "*".repeat(self.0.len()))
    }
}

/// An SDK login or token request that tells which grant a file runs under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthFlow {
    pub span: Span,
    pub grant: GrantKind,
    pub pkce: bool,
    /// An SDK login method called with this many arguments (`span` is the
    /// method's name); `None` for token and authorize requests.
    pub sdk_args: Option<usize>,
    /// Called on the JavaScript SDK's `ApiClient` for certain (see
    /// `scan::FoundFlow::sdk_client`).
    pub sdk_client: bool,
}

/// How a project pins an SDK release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinKind {
    /// That release (a lockfile, `==`, a bare version).
    Exact,
    /// Any release of that major line or newer within it (`^`, `~`, `~=`,
    /// `226.x`); SDK releases are numbered by major version.
    Major,
}

/// An SDK release pinned in a project file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SdkPin {
    /// `js` or `py` (the keys of the SDK history), or [`GUEST_CHAT_SDK`]
    /// (loaded, release not read).
    pub sdk: String,
    pub version: String,
    pub kind: PinKind,
    /// The requirement in the file.
    pub span: Span,
}

/// The [`SdkPin::sdk`] of the guest-chat SDK a page or module loads.
pub const GUEST_CHAT_SDK: &str = "js-guest";

/// The API classes the guest-chat SDK has (its documentation lists one:
/// `platformClient.WebChatApi`), which the platform SDK dropped.
pub const GUEST_CHAT_CLASSES: [&str; 1] = ["WebChatApi"];

/// A pin and the folder whose code it governs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SdkPinAt {
    pub pin: SdkPin,
    pub dir: std::path::PathBuf,
}

/// A problem reading an input (becomes `parse-error` or `manifest-schema`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputIssue {
    pub kind: InputIssueKind,
    pub span: Span,
    pub message: String,
    /// An unknown key's evident meaning: the key of the same object the
    /// schema knows that it misspells (`scope` for `scopes`).
    pub suggestion: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputIssueKind {
    Parse,
    Schema,
}

#[derive(Debug, Clone)]
pub struct Manifest {
    pub file: FileId,
    pub dir: PathBuf,
    pub regions: Vec<Spanned<String>>,
    /// The folder whose code the manifest governs (see `crate::link`);
    /// `None`: every scanned file (a manifest given with `--manifest`).
    pub reach: Option<PathBuf>,
}

impl Manifest {
    /// Whether the manifest governs code at `path`.
    pub fn reaches(&self, path: &std::path::Path) -> bool {
        self.reach.as_ref().is_none_or(|r| path.starts_with(r))
    }
}

/// One Terraform module (a folder of `.tf` files): what it asks the
/// Genesys Cloud provider to manage and read, and the roles it grants.
#[derive(Debug, Clone)]
pub struct TerraformModule {
    pub dir: PathBuf,
    /// `resource` and `data` blocks of the Genesys Cloud provider, in file order.
    pub blocks: Vec<TerraformBlock>,
    /// `module` blocks.
    pub calls: Vec<ModuleCall>,
    /// Roles the module grants (an OAuth client's `roles`, `genesyscloud_user_roles`).
    pub grants: Vec<RoleGrant>,
}

#[derive(Debug, Clone)]
pub struct TerraformBlock {
    /// `genesyscloud_routing_queue`, or `data.genesyscloud_routing_queue`.
    pub kind: String,
    /// `genesyscloud_routing_queue.support`.
    pub address: String,
    /// The type label.
    pub label: Span,
    /// The whole block.
    pub decl: Span,
}

/// A `module "x" { source = ... }` block.
#[derive(Debug, Clone)]
pub struct ModuleCall {
    pub name: String,
    pub source: Spanned<String>,
    /// The folder of a local source (`./modules/queues`).
    pub dir: Option<PathBuf>,
}

/// A role a resource grants: to an OAuth client or to a user.
#[derive(Debug, Clone)]
pub struct RoleGrant {
    /// The granting resource (`genesyscloud_user_roles.agent`).
    pub by: String,
    pub role: Spanned<RoleRef>,
}

/// The OAuth client Terraform runs with (`terraform-client` in gclint.toml).
#[derive(Debug, Clone)]
pub struct DeployClient {
    /// As a client: CLIENT-CREDENTIALS, with the roles gclint.toml names or
    /// those of the client it names.
    pub client: OAuthClient,
    /// The client of the scanned definitions it is, when named by `client`.
    pub defined: Option<ClientId>,
    /// `client = "x"` naming no client gclint can see.
    pub unresolved: Option<String>,
}

#[derive(Debug, Default)]
pub struct App {
    /// The SDK release each project pins.
    pub sdk_pins: Vec<SdkPinAt>,
    /// Terraform modules, by folder.
    pub terraform: Vec<TerraformModule>,
    /// The OAuth client Terraform deploys with, when the configuration names it.
    pub deploy: Option<DeployClient>,
    pub manifests: Vec<Manifest>,
    pub clients: Vec<OAuthClient>,
    pub roles: Vec<Role>,
    pub calls: Vec<CallSite>,
    /// Logins in the code no definition declares.
    pub flows: Vec<Flow>,
    pub api_objects: Vec<ApiObject>,
    pub auth_flows: Vec<AuthFlow>,
    pub hosts: Vec<HostRef>,
    pub token_endpoints: Vec<TokenEndpoint>,
    pub requested_scopes: Vec<RequestedScopes>,
    pub auth_headers: Vec<AuthHeader>,
    pub secrets: Vec<Secret>,
    /// Source files that run in a browser.
    pub browser_files: Vec<FileId>,
    /// Test code (test folders and names, files that use a test
    /// framework), sorted: it runs under a test runner, not in production.
    pub test_files: Vec<FileId>,
    /// Premium-app wizard modules: each file that declares itself one
    /// (`provisioningInfoKey: 'role'`), with its key.
    pub wizard_modules: Vec<(FileId, String)>,
    pub input_issues: Vec<InputIssue>,
    /// An organisation's own permissions (`--permissions-json`): with them,
    /// `unknown-permission` is exact for that organisation.
    pub org_permissions: Option<std::sync::Arc<crate::db::OrgPermissions>>,
    /// Roles by name and alias, built on the first lookup.
    role_index: std::sync::OnceLock<Indexed<HashMap<String, usize>>>,
    /// Each file's login grant, built on the first lookup.
    grant_index: std::sync::OnceLock<Indexed<HashMap<FileId, Option<GrantKind>>>>,
    /// Each client's calls (indexes into `calls`), built on the first
    /// lookup: asking for every client's calls costs clients + links, not
    /// clients × links (two thousand clients on two thousand calls).
    calls_index: std::sync::OnceLock<Indexed<Vec<Vec<usize>>>>,
}

/// An index over a list and the length the list had when it was built:
/// a list that grew since is searched instead (the app is assembled by
/// pushing, and looked up once whole).
#[derive(Debug)]
struct Indexed<T> {
    len: usize,
    index: T,
}

impl App {
    /// Whether a file is test code.
    pub fn is_test_file(&self, file: FileId) -> bool {
        self.test_files.binary_search(&file).is_ok()
    }

    /// A role by name, id or address (the first role that has it).
    pub fn role(&self, name: &str) -> Option<&Role> {
        let built = self.role_index.get_or_init(|| {
            let mut index = HashMap::new();
            for (i, r) in self.roles.iter().enumerate() {
                index.entry(r.name.value.clone()).or_insert(i);
                for a in &r.aliases {
                    index.entry(a.clone()).or_insert(i);
                }
            }
            Indexed {
                len: self.roles.len(),
                index,
            }
        });
        if built.len == self.roles.len() {
            return built.index.get(name).map(|&i| &self.roles[i]);
        }
        self.roles
            .iter()
            .find(|r| r.name.value == name || r.aliases.iter().any(|a| a == name))
    }

    /// Calls that run under an undeclared login.
    pub fn calls_of_flow(&self, flow: FlowId) -> impl Iterator<Item = &CallSite> {
        self.calls.iter().filter(move |c| c.flows.contains(&flow))
    }

    /// Calls that run under a client (linked by any means).
    pub fn calls_of(&self, client: ClientId) -> Box<dyn Iterator<Item = &CallSite> + '_> {
        let built = self.calls_index.get_or_init(|| {
            let mut index = vec![Vec::new(); self.clients.len()];
            for (i, call) in self.calls.iter().enumerate() {
                for &c in &call.clients {
                    if let Some(list) = index.get_mut(c) {
                        if list.last() != Some(&i) {
                            list.push(i);
                        }
                    }
                }
            }
            Indexed {
                len: self.calls.len(),
                index,
            }
        });
        if built.len == self.calls.len() && built.index.len() == self.clients.len() {
            let calls = built.index.get(client).map_or(&[][..], Vec::as_slice);
            return Box::new(calls.iter().map(|&i| &self.calls[i]));
        }
        Box::new(
            self.calls
                .iter()
                .filter(move |c| c.clients.contains(&client)),
        )
    }

    /// The grant a file's own login code uses, if it has exactly one kind.
    pub fn file_grant(&self, file: FileId) -> Option<GrantKind> {
        let built = self.grant_index.get_or_init(|| {
            let mut index: HashMap<FileId, Option<GrantKind>> = HashMap::new();
            for f in &self.auth_flows {
                index
                    .entry(f.span.file)
                    .and_modify(|g| {
                        if *g != Some(f.grant) {
                            *g = None;
                        }
                    })
                    .or_insert(Some(f.grant));
            }
            Indexed {
                len: self.auth_flows.len(),
                index,
            }
        });
        if built.len == self.auth_flows.len() {
            return built.index.get(&file).copied().flatten();
        }
        let mut kinds = self
            .auth_flows
            .iter()
            .filter(|f| f.span.file == file)
            .map(|f| f.grant);
        let first = kinds.next()?;
        kinds.all(|k| k == first).then_some(first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grant_spellings() {
        assert_eq!(
            GrantKind::parse("TOKEN"),
            Some((GrantKind::Token, GrantSpelling::Exact))
        );
        assert_eq!(
            GrantKind::parse("CLIENT_CREDENTIALS"),
            Some((GrantKind::ClientCredentials, GrantSpelling::Underscore))
        );
        assert_eq!(
            GrantKind::parse("client-credentials"),
            Some((GrantKind::ClientCredentials, GrantSpelling::Loose))
        );
        assert_eq!(GrantKind::parse("IMPLICIT"), None);
    }

    #[test]
    fn wildcards_cover_permissions() {
        let g = PermissionGrant::parse("routing:*:view");
        assert!(g.covers("routing:queue:view"));
        assert!(!g.covers("routing:queue:edit"));
        assert!(!g.covers("analytics:queue:view"));
        assert!(PermissionGrant::parse("*:*:*").covers("anything:at:all"));
        assert!(PermissionGrant::parse("admin").covers("admin"));
        assert!(!PermissionGrant::parse("routing:queue:*").covers("admin"));
    }
}
