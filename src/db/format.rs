//! The on-disk shape of an API database (`rules/genesys-api.json`, or a file
//! written by `gclint db import`). Shared with `build.rs`, which turns the JSON
//! into a compact postcard blob embedded in the binary.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

pub type Text = Cow<'static, str>;

/// A string of the operations, indexes, SDK history and Terraform tables:
/// borrowed from the embedded blob when decoded from it (no copy, no
/// allocation), owned when built from a JSON file. Structs holding one are
/// decoded only from `'static` bytes (`bound(deserialize = "'de: 'static")`).
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Str(#[serde(borrow)] pub Cow<'static, str>);

impl Str {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Str {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Str {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Str {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Str {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Debug for Str {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl From<String> for Str {
    fn from(s: String) -> Str {
        Str(Cow::Owned(s))
    }
}

impl From<&'static str> for Str {
    fn from(s: &'static str) -> Str {
        Str(Cow::Borrowed(s))
    }
}

impl PartialEq<str> for Str {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Str {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Str {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

/// Format version of the database file; bump on incompatible changes.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct DatabaseFile {
    pub format: u32,
    pub provenance: Provenance,
    /// Region key (`eu_west_1`) to environment domain (`mypurecloud.ie`), sorted by key.
    pub regions: Vec<(Str, Str)>,
    /// Every OAuth scope name some operation accepts, sorted.
    pub scopes: Vec<Str>,
    /// Operations sorted by (path, method).
    pub operations: Vec<Operation>,
    /// Their summaries and tags, in the same order.
    pub details: Vec<OpDetails>,
    /// Dated facts no swagger carries.
    pub lifecycle: Lifecycle,
    /// Which SDK releases have which method (empty: not merged).
    pub sdk_history: SdkHistory,
    /// What each Terraform provider resource calls (empty: not merged).
    pub terraform: TerraformProvider,
    /// An organisation's own permission list (`gclint db import
    /// --permissions`), which makes `unknown-permission` exact for it.
    pub org_permissions: Option<OrgExport>,
}

/// The permissions of one organisation, from its export of
/// `GET /api/v2/authorization/permissions`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct OrgExport {
    /// The file it was read from, as given to the importer.
    pub file: Str,
    /// `domain:entity:action`, sorted.
    pub permissions: Vec<Str>,
}

/// The Genesys Cloud Terraform provider's resources and data sources, each
/// with the Platform API operations its docs say it calls and the
/// permissions and scopes they list (`rules/terraform-resources.json`,
/// written by `scripts/terraform_resources.py`, merged by
/// `gclint db import --terraform`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct TerraformProvider {
    /// The file it was read from, as given to the importer (empty: none).
    pub file: Str,
    /// `MyPureCloud/terraform-provider-genesyscloud`.
    pub repo: Str,
    /// The release (`v1.84.1`), when the file names one.
    pub version: Option<Str>,
    pub commit: Str,
    /// The commit's date, `YYYY-MM-DD`.
    pub date: Str,
    /// Sorted by name.
    pub resources: Vec<TerraformResource>,
}

/// One resource type (`genesyscloud_routing_queue`) or data source
/// (`data.genesyscloud_routing_queue`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct TerraformResource {
    /// Data sources are prefixed `data.`.
    pub name: Str,
    /// `(method, path)` as the provider's docs write them.
    pub apis: Vec<(Str, Str)>,
    /// As the provider's docs list them: every permission and scope any of
    /// its operations accepts, alternatives included.
    pub permissions: Vec<Str>,
    pub scopes: Vec<Str>,
}

impl TerraformResource {
    pub fn is_data(&self) -> bool {
        self.name.starts_with("data.")
    }
}

impl TerraformProvider {
    /// A resource type (`genesyscloud_routing_queue`) or data source
    /// (`data.genesyscloud_routing_queue`).
    pub fn resource(&self, name: &str) -> Option<&TerraformResource> {
        self.resources
            .binary_search_by(|r| r.name.as_ref().cmp(name))
            .ok()
            .map(|i| &self.resources[i])
    }

    /// `MyPureCloud/terraform-provider-genesyscloud v1.84.1 (2026-07-01)`.
    pub fn describe(&self) -> String {
        let release = self
            .version
            .as_deref()
            .unwrap_or_else(|| self.commit.get(..12).unwrap_or(self.commit.as_ref()));
        format!("{} {release} ({})", self.repo, self.date)
    }
}

/// The Python SDK's spelling of an operationId: each capital becomes `_`
/// and its lowercase (`getUsersMe` → `get_users_me`).
pub fn python_name(js: &str) -> String {
    let mut out = String::with_capacity(js.len() + 8);
    for c in js.chars() {
        if c.is_ascii_uppercase() {
            if !out.is_empty() {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `python_name(js) == candidate`, without building it.
fn python_name_is(js: &str, candidate: &str) -> bool {
    let mut want = candidate.bytes();
    for (i, b) in js.bytes().enumerate() {
        if b.is_ascii_uppercase() {
            if i > 0 && want.next() != Some(b'_') {
                return false;
            }
            if want.next() != Some(b.to_ascii_lowercase()) {
                return false;
            }
        } else if want.next() != Some(b) {
            return false;
        }
    }
    want.next().is_none()
}

/// A method's name in one SDK: as stored, or the Python spelling of the JS
/// name (most Python names are).
#[derive(Debug, Clone, Copy)]
enum NameRef<'a> {
    Plain(&'a str),
    /// `python_name` of this JS name.
    Snake(&'a str),
}

impl<'a> NameRef<'a> {
    fn is(self, other: &str) -> bool {
        match self {
            NameRef::Plain(s) => s == other,
            NameRef::Snake(js) => python_name_is(js, other),
        }
    }

    /// `python_name(self) == other` (the Python spelling of a Python name
    /// is itself).
    fn snake_is(self, other: &str) -> bool {
        match self {
            NameRef::Plain(s) | NameRef::Snake(s) => python_name_is(s, other),
        }
    }

    /// The text the name is made from (the JS name of a Python spelling,
    /// which compares alike without case or underscores).
    fn stem(self) -> &'a str {
        match self {
            NameRef::Plain(s) | NameRef::Snake(s) => s,
        }
    }

    fn owned(self) -> String {
        match self {
            NameRef::Plain(s) => s.to_string(),
            NameRef::Snake(js) => python_name(js),
        }
    }
}

/// The HTTP methods of [`SdkMethod::verb`], by index.
pub const SDK_VERBS: [&str; 7] = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];

/// Every release of the official SDKs, method by method
/// (`rules/sdk-history.json`, merged by `gclint db import --sdk-history`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct SdkHistory {
    /// The file it was read from, as given to the importer (empty: none).
    pub file: Str,
    /// When the history was built (`YYYY-MM-DD`).
    pub generated: Str,
    /// `js` and `py`.
    pub sdks: Vec<SdkReleases>,
    pub classes: Vec<Str>,
    pub paths: Vec<Str>,
    pub methods: Vec<SdkMethod>,
}

/// A method name without case or underscores, as the history compares
/// names (`get_users_me` and `getUsersMe` fold alike).
pub fn folded(name: &str) -> String {
    name.bytes()
        .filter(|&b| b != b'_')
        .map(|b| char::from(b.to_ascii_lowercase()))
        .collect()
}

/// The first segment of a Platform path (`routing` of
/// `/api/v2/routing/queues`); none for another path or a parameter.
pub fn path_head(path: &str) -> Option<&str> {
    let head = path.strip_prefix("/api/v2/")?.split('/').next()?;
    (!head.is_empty() && !head.starts_with('{')).then_some(head)
}

/// The first segments of the paths of a database's operations and of its
/// SDK history's, sorted, each once.
pub fn path_heads<'a>(
    operations: impl Iterator<Item = &'a str>,
    history: impl Iterator<Item = &'a str>,
) -> Vec<&'a str> {
    let mut heads: Vec<&str> = operations.chain(history).filter_map(path_head).collect();
    heads.sort_unstable();
    heads.dedup();
    heads
}

/// The paths of an [`SdkHistory`] a route is, by index (see
/// [`SdkHistory::route_paths`]).
#[derive(Debug, Clone)]
pub struct RoutePaths(Vec<bool>);

/// Compares method names without case or underscores: `getUsersMe`,
/// `get_users_me` and `GetUsersMe` are alike (and so is each spelling
/// [`python_name`] gives of a name).
fn folded_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let x = a
        .bytes()
        .filter(|&c| c != b'_')
        .map(|c| c.to_ascii_lowercase());
    let y = b
        .bytes()
        .filter(|&c| c != b'_')
        .map(|c| c.to_ascii_lowercase());
    x.cmp(y)
}

/// The releases of one SDK and, per method, the unbroken runs of releases
/// that have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct SdkReleases {
    /// `js` or `py`.
    pub key: Str,
    /// Registry and package (`npm purecloud-platform-client-v2`).
    pub package: Str,
    /// Oldest first.
    pub versions: Vec<Str>,
    /// `(method, first, last)`: indexes into `methods` and `versions`.
    pub runs: Vec<(u32, u16, u16)>,
    /// The indexes of `runs` in the order of their method's name, compared
    /// without case or underscores (written when the database is built, so
    /// that a name is found without reading every run).
    #[serde(default)]
    pub by_name: Vec<u32>,
}

/// One method of an SDK class calling one operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct SdkMethod {
    /// Index into [`SDK_VERBS`].
    pub verb: u8,
    /// Index into `paths`.
    pub path: u32,
    /// Index into `classes`.
    pub class: u16,
    /// The JavaScript name, if the JavaScript SDK has it.
    pub js: Option<Str>,
    /// The Python name; `""`: the [`python_name`] of the JavaScript one.
    pub py: Option<Str>,
}

/// A run of releases of one SDK that have a method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SdkRun<'a> {
    pub name: String,
    pub class: &'a str,
    pub verb: &'static str,
    pub path: &'a str,
    pub first: &'a str,
    pub last: &'a str,
    /// The newest release has it.
    pub current: bool,
}

impl SdkRun<'_> {
    /// `UsersApi.getUsersMe (GET /api/v2/users/me) in releases 12.0.0 – 262.0.0 (newest)`.
    pub fn describe(&self) -> String {
        format!(
            "{}.{} ({} {}) in releases {} – {}{}",
            self.class,
            self.name,
            self.verb,
            self.path,
            self.first,
            self.last,
            if self.current { " (newest)" } else { "" }
        )
    }
}

impl SdkHistory {
    /// Writes each SDK's name order (`by_name`).
    pub fn order_names(&mut self) {
        for at in 0..self.sdks.len() {
            let rel = &self.sdks[at];
            let mut order: Vec<u32> = (0..rel.runs.len() as u32).collect();
            order.sort_by(|a, b| {
                folded_cmp(self.run_stem(rel, *a), self.run_stem(rel, *b)).then(a.cmp(b))
            });
            self.sdks[at].by_name = order;
        }
    }

    /// The text the name of run `i` of `rel` is made from (see
    /// [`NameRef::stem`]); empty when the tables do not say.
    fn run_stem(&self, rel: &SdkReleases, i: u32) -> &str {
        rel.runs
            .get(i as usize)
            .and_then(|&(m, _, _)| self.methods.get(m as usize))
            .and_then(|m| self.name_in(m, &rel.key))
            .map_or("", NameRef::stem)
    }

    pub fn releases(&self, sdk: &str) -> Option<&SdkReleases> {
        self.sdks.iter().find(|s| s.key == sdk)
    }

    /// The name of method `m` in `sdk` (`js` or `py`), without building it.
    fn name_in<'a>(&self, m: &'a SdkMethod, sdk: &str) -> Option<NameRef<'a>> {
        match sdk {
            "js" => m.js.as_deref().map(NameRef::Plain),
            _ => match m.py.as_deref() {
                Some("") => m.js.as_deref().map(NameRef::Snake),
                other => other.map(NameRef::Plain),
            },
        }
    }

    /// The indexes of the runs of `rel` whose method's name is `name`
    /// without case or underscores; `None` if the database has no name
    /// order.
    fn named_runs<'h>(&self, rel: &'h SdkReleases, name: &str) -> Option<&'h [u32]> {
        if rel.by_name.len() != rel.runs.len() {
            return None;
        }
        let cmp = |i: &u32| folded_cmp(self.run_stem(rel, *i), name);
        let from = rel.by_name.partition_point(|i| cmp(i).is_lt());
        let len = rel.by_name[from..].partition_point(|i| cmp(i).is_eq());
        Some(&rel.by_name[from..from + len])
    }

    /// The runs kept by `keep` (given the method and its name); names are
    /// built only for those.
    fn runs(&self, sdk: &str, keep: impl Fn(&SdkMethod, NameRef<'_>) -> bool) -> Vec<SdkRun<'_>> {
        self.runs_among(sdk, None, keep)
    }

    /// [`Self::runs`] among the runs of methods named like `among` (`None`:
    /// all).
    fn runs_among(
        &self,
        sdk: &str,
        among: Option<&str>,
        keep: impl Fn(&SdkMethod, NameRef<'_>) -> bool,
    ) -> Vec<SdkRun<'_>> {
        let Some(rel) = self.releases(sdk) else {
            return Vec::new();
        };
        let picked: Vec<&(u32, u16, u16)> = match among.and_then(|n| self.named_runs(rel, n)) {
            Some(indexes) => indexes
                .iter()
                .filter_map(|&i| rel.runs.get(i as usize))
                .collect(),
            None => rel.runs.iter().collect(),
        };
        let newest = rel.versions.len().saturating_sub(1);
        picked
            .into_iter()
            .filter_map(|&(m, first, last)| {
                let method = self.methods.get(m as usize)?;
                let name = self.name_in(method, sdk)?;
                keep(method, name).then_some(())?;
                Some(SdkRun {
                    name: name.owned(),
                    class: self
                        .classes
                        .get(method.class as usize)
                        .map_or("", |c| c.as_ref()),
                    verb: SDK_VERBS.get(method.verb as usize).copied().unwrap_or(""),
                    path: self
                        .paths
                        .get(method.path as usize)
                        .map_or("", |p| p.as_ref()),
                    first: rel.versions.get(first as usize).map_or("", |v| v.as_ref()),
                    last: rel.versions.get(last as usize).map_or("", |v| v.as_ref()),
                    current: last as usize == newest,
                })
            })
            .collect()
    }

    /// The runs of releases of `sdk` that have a method called `name`.
    pub fn runs_of_name(&self, sdk: &str, name: &str) -> Vec<SdkRun<'_>> {
        self.runs_among(sdk, Some(name), |_, n| n.is(name))
    }

    /// The runs of releases of `sdk` of the methods of API class `class`.
    pub fn runs_of_class(&self, sdk: &str, class: &str) -> Vec<SdkRun<'_>> {
        let Some(at) = self.classes.iter().position(|c| c.as_ref() == class) else {
            return Vec::new();
        };
        self.runs(sdk, |m, _| m.class as usize == at)
    }

    /// The runs of releases of `sdk` with a method called `query` in
    /// either spelling (`getUsersMe` or `get_users_me`).
    pub fn runs_of_spelling(&self, sdk: &str, query: &str) -> Vec<SdkRun<'_>> {
        let snake = python_name(query);
        self.runs_among(sdk, Some(query), |_, n| {
            n.is(query) || n.is(&snake) || n.snake_is(query)
        })
    }

    /// Which of the history's paths a route `path` is (a parameter of the
    /// history's path takes any segment; a `{}` of `path`, an expression,
    /// only a parameter), each distinct path compared once; `None` when
    /// no method of any SDK ever called it (most unknown paths), so that
    /// no run is read for it.
    pub fn route_paths(&self, path: &str) -> Option<RoutePaths> {
        let same = |a: &str| {
            let (mut x, mut y) = (a.split('/'), path.split('/'));
            loop {
                match (x.next(), y.next()) {
                    (None, None) => return true,
                    (Some(p), Some(q)) if p == q || p.starts_with('{') => {}
                    _ => return false,
                }
            }
        };
        // A history path matching the route starts as it does up to its
        // first segment after the version (`/api/v2/routing`), unless a
        // parameter stands there: most paths are told apart by that
        // prefix alone.
        let lead = path
            .match_indices('/')
            .nth(3)
            .map_or(path.len(), |(i, _)| i);
        let may_match = |a: &str| {
            let a = a.as_bytes();
            let same_to = a
                .iter()
                .zip(&path.as_bytes()[..lead])
                .take_while(|(x, y)| x == y)
                .count();
            if same_to == lead {
                return true;
            }
            // Where they part, a literal segment of `a` cannot match.
            let start = a[..same_to]
                .iter()
                .rposition(|&b| b == b'/')
                .map_or(0, |i| i + 1);
            a.get(start) == Some(&b'{')
        };
        let matching: Vec<bool> = self.paths.iter().map(|p| may_match(p) && same(p)).collect();
        matching.contains(&true).then_some(RoutePaths(matching))
    }

    /// The runs of releases of `sdk` with a method calling one of `paths`
    /// (from [`Self::route_paths`]), with `verb` when given.
    pub fn runs_of_route(
        &self,
        sdk: &str,
        verb: Option<&str>,
        paths: &RoutePaths,
    ) -> Vec<SdkRun<'_>> {
        self.runs(sdk, |m, _| {
            verb.is_none_or(|v| SDK_VERBS.get(m.verb as usize) == Some(&v))
                && paths.0.get(m.path as usize).copied().unwrap_or(false)
        })
    }

    /// The runs of releases of `sdk` with a method calling `verb path`.
    pub fn runs_of_operation(&self, sdk: &str, verb: &str, path: &str) -> Vec<SdkRun<'_>> {
        self.runs(sdk, |m, _| {
            SDK_VERBS.get(m.verb as usize) == Some(&verb)
                && self.paths.get(m.path as usize).is_some_and(|p| p == path)
        })
    }
}

/// Dated facts about the platform and its SDKs that no swagger carries
/// (`rules/lifecycle.json`, merged by `gclint db import --lifecycle`), each
/// with the public source it comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Lifecycle {
    /// The file it was read from, as given to the importer (empty: none).
    pub file: Text,
    pub grants: Vec<GrantRetirement>,
    pub sdk_features: Vec<SdkFeature>,
    /// The object types a division holds, by permission.
    pub divisions: Divisions,
    /// Permissions that create or widen access (`privilege-escalation`).
    pub escalation: Escalation,
}

/// Permissions with which an app can give itself, or anyone, more access
/// than it has: each with what it allows and the public source saying so.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Escalation {
    pub permissions: Vec<EscalatingPermission>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalatingPermission {
    /// `authorization:grant:add`, or a one-word legacy permission (`admin`).
    pub permission: Text,
    /// What it allows, said to the user (`grants roles to users and OAuth clients`).
    pub allows: Text,
    pub source: Text,
}

/// Division-aware objects: a role granted in one division reaches only the
/// objects of that division.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Divisions {
    pub source: Text,
    pub objects: Vec<DivisionObject>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DivisionObject {
    /// As people say it (`queues`).
    pub object: Text,
    /// `domain:entity` of the permissions that act on it (`routing:queue`).
    pub permissions: Vec<Text>,
}

impl Divisions {
    /// The division-aware object a permission (`routing:queue:view`) acts on.
    pub fn object_of(&self, permission: &str) -> Option<&str> {
        let mut parts = permission.splitn(3, ':');
        let (domain, entity) = (parts.next()?, parts.next()?);
        self.objects
            .iter()
            .find(|o| {
                o.permissions.iter().any(|p| {
                    p.split_once(':').is_some_and(|(d, e)| {
                        d == domain && (e == entity || e == "*" || entity == "*")
                    })
                })
            })
            .map(|o| o.object.as_ref())
    }
}

/// An OAuth grant Genesys Cloud is retiring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantRetirement {
    /// The grant type as the API spells it (`TOKEN`).
    pub grant: Text,
    /// What people call it (`implicit grant`).
    pub name: Text,
    /// `YYYY-MM`: from then on, new OAuth clients cannot have it.
    pub closed_to_new_clients: Text,
    /// `YYYY-MM`: by then it stops working for every client.
    pub retired: Text,
    /// What to move to (`Authorization Code with PKCE`).
    pub replacement: Text,
    pub source: Text,
}

/// When an SDK gained a feature (a login method, say).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SdkFeature {
    /// Registry and package (`npm purecloud-platform-client-v2`).
    pub package: Text,
    /// `ApiClient.loginPKCEGrant`.
    pub feature: Text,
    /// The first release of the registry that has it.
    pub first_release: Text,
    /// The newest release of the registry before it, which lacks it
    /// (releases between the two were not published there).
    pub last_release_without: Option<Text>,
    pub source: Text,
}

impl Lifecycle {
    /// The retirement of a grant type (`TOKEN`), if it is being retired.
    pub fn grant(&self, grant: &str) -> Option<&GrantRetirement> {
        self.grants.iter().find(|g| g.grant == grant)
    }

    /// When `package` gained `feature`.
    pub fn sdk_feature(&self, package: &str, feature: &str) -> Option<&SdkFeature> {
        self.sdk_features
            .iter()
            .find(|f| f.package == package && f.feature == feature)
    }
}

/// `2027-03` as `March 2027`; anything else as written.
pub fn month_text(date: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut parts = date.splitn(2, '-');
    match (
        parts.next(),
        parts.next().and_then(|m| m.parse::<usize>().ok()),
    ) {
        (Some(year), Some(month)) if (1..=12).contains(&month) && year.len() == 4 => {
            format!("{} {year}", MONTHS[month - 1])
        }
        _ => date.to_string(),
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Provenance {
    /// One line saying where the facts come from.
    pub source: Text,
    /// The swagger's `info.version`.
    pub swagger_version: Option<Text>,
    /// Import date, `YYYY-MM-DD`.
    pub imported: Text,
    /// The program that wrote the file (`gclint db import 0.1.0`).
    pub importer: Text,
    /// File names of the swagger documents read, in reading order.
    #[serde(default)]
    pub swagger_files: Vec<Text>,
    /// The supplement merged in (`rules/sdk-supplement.json: ...`), if any.
    #[serde(default)]
    pub supplement: Option<Text>,
    /// What the import took from where.
    #[serde(default)]
    pub counts: Option<ImportCounts>,
}

/// Counts recorded by `gclint db import`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportCounts {
    /// Operations in the written file.
    pub operations: u32,
    /// Operations the swagger defines (each counted once).
    pub from_swagger: u32,
    /// Operations only the supplement knows (present in an SDK, absent from
    /// this swagger), added with the supplement's facts.
    pub from_supplement: u32,
    /// Swagger operations whose SDK classes come from the supplement; the
    /// others have the class the SDK generator derives from their tags.
    pub sdk_classes_from_supplement: u32,
    /// Python names taken from the supplement instead of derived.
    pub python_names_from_supplement: u32,
    /// Operations defined in more than one swagger file (tags merged).
    pub defined_in_several_files: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Operation {
    pub method: Str,
    pub path: Str,
    /// `operationId` / JS and Java SDK spelling (`getUsersMe`).
    pub sdk_method: Option<Str>,
    /// Python SDK spelling (`get_users_me`).
    pub sdk_method_py: Option<Str>,
    /// Scopes that allow the call (any one suffices). `Some([])`: no OAuth
    /// scope applies; `None`: unknown.
    pub scopes: Option<Vec<Str>>,
    /// A rule-based guess, present only where `scopes` is unknown.
    pub inferred_scopes: Option<Vec<Str>>,
    /// `None`: unknown.
    pub permissions: Option<Permissions>,
    pub security_scheme: SecurityScheme,
    pub deprecated: bool,
    /// The swagger's own words about the deprecation, when it gives any.
    pub deprecation_note: Option<Str>,
    pub preview: bool,
    /// Every SDK API class exposing the method (`UsersApi`); empty when the
    /// current SDK no longer has it.
    pub sdk_classes: Vec<Str>,
}

/// What only some commands read of an operation (`gclint endpoint`,
/// `gclint scope`), kept apart from [`Operation`] and decoded on first use.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct OpDetails {
    pub summary: Option<Str>,
    pub tags: Vec<Str>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Permissions {
    /// `None` with an empty list: no permission required.
    pub kind: Option<PermissionMatch>,
    pub list: Vec<Str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PermissionMatch {
    /// One permission of the list suffices.
    Any,
    /// Every permission of the list is needed.
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SecurityScheme {
    OAuth,
    GuestChat,
    WebMessaging,
    NoAuth,
    Unknown,
}

/// The JSON file as written by the importer (field names as in the file).
pub mod json {
    use super::*;

    #[derive(Debug, Clone, Deserialize, Serialize)]
    pub struct File {
        pub format: u32,
        pub provenance: Provenance,
        pub regions: std::collections::BTreeMap<String, String>,
        pub scopes: Vec<String>,
        pub operations: Vec<Op>,
        #[serde(default)]
        pub lifecycle: Lifecycle,
        #[serde(default)]
        pub sdk_history: Option<HistoryFile>,
        #[serde(default)]
        pub terraform: Option<TerraformFile>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub org_permissions: Option<OrgExportFile>,
    }

    /// An organisation's permissions as the importer writes them.
    #[derive(Debug, Clone, Deserialize, Serialize)]
    pub struct OrgExportFile {
        pub file: String,
        pub permissions: Vec<String>,
    }

    /// `rules/terraform-resources.json` as `scripts/terraform_resources.py`
    /// writes it, with the name it was merged from.
    #[derive(Debug, Clone, Deserialize, Serialize)]
    pub struct TerraformFile {
        #[serde(default)]
        pub file: String,
        pub provider: TerraformSource,
        pub resources: std::collections::BTreeMap<String, TerraformEntry>,
    }

    #[derive(Debug, Clone, Deserialize, Serialize)]
    pub struct TerraformSource {
        pub repo: String,
        pub commit: String,
        pub date: String,
        #[serde(default)]
        pub subject: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub version: Option<String>,
    }

    #[derive(Debug, Clone, Deserialize, Serialize)]
    pub struct TerraformEntry {
        /// `METHOD /api/v2/...`.
        pub apis: Vec<String>,
        /// `resource` or `data`.
        pub kind: String,
        pub permissions: Vec<String>,
        pub scopes: Vec<String>,
    }

    impl TerraformFile {
        /// The runtime shape; errors name the offending entry.
        pub fn into_provider(self) -> Result<TerraformProvider, String> {
            let version = self.provider.version.clone().or_else(|| {
                // `Dev to main v1.84.1 (#2403)`: the release the merge made.
                self.provider.subject.as_deref().and_then(|s| {
                    s.split_whitespace()
                        .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '.'))
                        .find(|w| {
                            w.strip_prefix('v').is_some_and(|v| {
                                v.split('.').count() == 3
                                    && v.split('.').all(|p| {
                                        !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())
                                    })
                            })
                        })
                        .map(str::to_string)
                })
            });
            let mut resources = Vec::with_capacity(self.resources.len());
            for (name, entry) in self.resources {
                let data = entry.kind == "data";
                if data != name.starts_with("data.")
                    || !matches!(entry.kind.as_str(), "data" | "resource")
                {
                    return Err(format!(
                        "Terraform resources: `{name}` has kind `{}`",
                        entry.kind
                    ));
                }
                let mut apis = Vec::with_capacity(entry.apis.len());
                for api in entry.apis {
                    match api.split_once(' ') {
                        Some((method, path)) if path.starts_with('/') => {
                            apis.push((owned(method.to_ascii_uppercase()), owned(path.to_string())))
                        }
                        _ => {
                            return Err(format!(
                                "Terraform resources: `{name}` lists `{api}`, not `METHOD /path`"
                            ))
                        }
                    }
                }
                resources.push(TerraformResource {
                    name: owned(name),
                    apis,
                    permissions: owned_all(entry.permissions),
                    scopes: owned_all(entry.scopes),
                });
            }
            Ok(TerraformProvider {
                file: owned(self.file),
                repo: owned(self.provider.repo),
                version: version.map(owned),
                commit: owned(self.provider.commit),
                date: owned(self.provider.date),
                resources,
            })
        }
    }

    /// `rules/sdk-history.json` as `scripts/sdk_history.py` writes it
    /// (docs/sdk-history.md), with the name it was merged from.
    #[derive(Debug, Clone, Deserialize, Serialize)]
    pub struct HistoryFile {
        #[serde(default)]
        pub file: String,
        pub format: u32,
        pub generated: String,
        pub sources: std::collections::BTreeMap<String, HistorySource>,
        pub verbs: Vec<String>,
        pub classes: Vec<String>,
        /// `[n, rest]`: the first `n` characters of the previous path, then `rest`.
        pub paths: Vec<(usize, String)>,
        /// `[verb, path, class, js name | null, py name | null | ""]`.
        pub ops: Vec<HistoryOp>,
        pub js: Vec<(u32, u16, u16)>,
        pub py: Vec<(u32, u16, u16)>,
    }

    /// `[verb, path, class, js name | null, py name | null | ""]`.
    pub type HistoryOp = (u8, u32, u16, Option<String>, Option<String>);

    #[derive(Debug, Clone, Deserialize, Serialize)]
    pub struct HistorySource {
        pub package: String,
        pub versions: Vec<String>,
    }

    impl HistoryFile {
        /// The runtime shape; errors say what is inconsistent.
        pub fn into_history(self) -> Result<SdkHistory, String> {
            if self.format != 1 {
                return Err(format!(
                    "SDK history format {} is not supported",
                    self.format
                ));
            }
            if self.verbs != SDK_VERBS {
                return Err("SDK history: unexpected `verbs` list".into());
            }
            let mut paths: Vec<Str> = Vec::with_capacity(self.paths.len());
            let mut previous = String::new();
            for (keep, rest) in self.paths {
                let head = previous
                    .get(..keep)
                    .ok_or_else(|| format!("SDK history: path prefix {keep} is too long"))?;
                let path = format!("{head}{rest}");
                previous.clone_from(&path);
                paths.push(Str::from(path));
            }
            let methods: Vec<SdkMethod> = self
                .ops
                .into_iter()
                .map(|(verb, path, class, js, py)| SdkMethod {
                    verb,
                    path,
                    class,
                    js: js.map(owned),
                    py: py.map(owned),
                })
                .collect();
            for m in &methods {
                if m.verb as usize >= SDK_VERBS.len()
                    || m.path as usize >= paths.len()
                    || m.class as usize >= self.classes.len()
                {
                    return Err("SDK history: a method points past its tables".into());
                }
            }
            let mut sdks = Vec::new();
            for (key, runs) in [("js", self.js), ("py", self.py)] {
                let Some(source) = self.sources.get(key) else {
                    continue;
                };
                if runs.iter().any(|&(m, first, last)| {
                    m as usize >= methods.len()
                        || first > last
                        || last as usize >= source.versions.len()
                }) {
                    return Err(format!("SDK history: a `{key}` run points past its tables"));
                }
                sdks.push(SdkReleases {
                    key: key.into(),
                    package: owned(source.package.clone()),
                    versions: owned_all(source.versions.clone()),
                    runs,
                    by_name: Vec::new(),
                });
            }
            let mut history = SdkHistory {
                file: owned(self.file),
                generated: owned(self.generated),
                sdks,
                classes: owned_all(self.classes),
                paths,
                methods,
            };
            history.order_names();
            Ok(history)
        }
    }

    #[derive(Debug, Clone, Deserialize, Serialize)]
    pub struct Op {
        pub method: String,
        pub path: String,
        pub sdk_method: Option<String>,
        pub sdk_method_py: Option<String>,
        pub scopes: Option<Vec<String>>,
        #[serde(default)]
        pub inferred_scopes: Option<Vec<String>>,
        pub permissions: Option<Perms>,
        pub security_scheme: Option<String>,
        #[serde(default)]
        pub deprecated: bool,
        #[serde(default)]
        pub deprecation_note: Option<String>,
        #[serde(default)]
        pub preview: bool,
        #[serde(default)]
        pub tags: Vec<String>,
        #[serde(default)]
        pub sdk_classes: Vec<String>,
        #[serde(default)]
        pub summary: Option<String>,
    }

    #[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
    pub struct Perms {
        #[serde(rename = "type")]
        pub kind: Option<String>,
        pub list: Vec<String>,
    }

    fn owned<T: From<String>>(s: String) -> T {
        T::from(s)
    }

    fn owned_all<T: From<String>>(v: Vec<String>) -> Vec<T> {
        v.into_iter().map(owned).collect()
    }

    /// A permission entry is `domain:entity:action` or a single legacy word
    /// (`admin`); prose that slipped into the swagger list is not one.
    fn is_permission(p: &str) -> bool {
        !p.is_empty() && !p.contains(char::is_whitespace)
    }

    impl File {
        /// Converts to the runtime shape. Errors name the offending operation.
        pub fn into_database(self) -> Result<DatabaseFile, String> {
            if self.format != FORMAT_VERSION {
                return Err(format!(
                    "database format {} is not supported (expected {FORMAT_VERSION})",
                    self.format
                ));
            }
            let mut operations = Vec::with_capacity(self.operations.len());
            for op in self.operations {
                if !op.path.starts_with('/') {
                    return Err(format!(
                        "operation path `{}` does not start with /",
                        op.path
                    ));
                }
                let permissions = match op.permissions {
                    None => None,
                    Some(p) if p.list.iter().any(|x| !is_permission(x)) => None,
                    Some(p) => {
                        let kind = match p.kind.as_deref() {
                            Some("ANY") => Some(PermissionMatch::Any),
                            Some("ALL") => Some(PermissionMatch::All),
                            None if p.list.is_empty() => None,
                            // A single listed permission with no type is needed as such.
                            None => Some(PermissionMatch::All),
                            Some(other) => {
                                return Err(format!(
                                    "{} {}: unknown permission type `{other}`",
                                    op.method, op.path
                                ))
                            }
                        };
                        Some(Permissions {
                            kind,
                            list: owned_all(p.list),
                        })
                    }
                };
                let security_scheme = match op.security_scheme.as_deref() {
                    Some("PureCloud OAuth") => SecurityScheme::OAuth,
                    Some("Guest Chat JWT") => SecurityScheme::GuestChat,
                    Some("Webmessaging JWT") => SecurityScheme::WebMessaging,
                    Some("none") => SecurityScheme::NoAuth,
                    _ => SecurityScheme::Unknown,
                };
                operations.push((
                    Operation {
                        method: owned(op.method.to_ascii_uppercase()),
                        path: owned(op.path),
                        sdk_method: op.sdk_method.map(owned),
                        sdk_method_py: op.sdk_method_py.map(owned),
                        scopes: op.scopes.map(owned_all),
                        inferred_scopes: op.inferred_scopes.map(owned_all),
                        permissions,
                        security_scheme,
                        deprecated: op.deprecated,
                        deprecation_note: op.deprecation_note.map(owned),
                        preview: op.preview,
                        sdk_classes: owned_all(op.sdk_classes),
                    },
                    OpDetails {
                        tags: owned_all(op.tags),
                        summary: op.summary.map(owned),
                    },
                ));
            }
            operations.sort_by(|a, b| (&a.0.path, &a.0.method).cmp(&(&b.0.path, &b.0.method)));
            let (operations, details): (Vec<Operation>, Vec<OpDetails>) =
                operations.into_iter().unzip();
            let mut scopes = owned_all(self.scopes);
            scopes.sort();
            scopes.dedup();
            Ok(DatabaseFile {
                format: self.format,
                provenance: self.provenance,
                regions: self
                    .regions
                    .into_iter()
                    .map(|(k, v)| (owned(k), owned(v)))
                    .collect(),
                scopes,
                operations,
                details,
                lifecycle: self.lifecycle,
                sdk_history: match self.sdk_history {
                    Some(h) => h.into_history()?,
                    None => SdkHistory::default(),
                },
                terraform: match self.terraform {
                    Some(t) => t.into_provider()?,
                    None => TerraformProvider::default(),
                },
                org_permissions: self.org_permissions.map(|o| OrgExport {
                    file: owned(o.file),
                    permissions: owned_all(o.permissions),
                }),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_found_through_the_name_order_as_through_every_run() {
        let db = crate::db::Database::embedded();
        let history = db.sdk_history();
        for rel in &history.sdks {
            assert_eq!(rel.by_name.len(), rel.runs.len(), "{}", rel.key);
        }
        for (sdk, name) in [
            ("js", "getUsersMe"),
            ("py", "get_users_me"),
            ("js", "get_users_me"),
            ("py", "GetRoutingQueues"),
            ("js", "postAnalyticsConversationsDetailsQuery"),
            ("js", "noSuchMethodAnywhere"),
            ("py", ""),
        ] {
            let snake = python_name(name);
            let every = history.runs(sdk, |_, n| n.is(name) || n.is(&snake) || n.snake_is(name));
            assert_eq!(history.runs_of_spelling(sdk, name), every, "{sdk} {name}");
        }
        assert!(!history.runs_of_spelling("js", "getUsersMe").is_empty());
        assert!(!history.runs_of_spelling("py", "get_users_me").is_empty());
    }

    #[test]
    fn a_route_is_the_history_paths_it_matches_segment_by_segment() {
        let mut history = crate::db::Database::embedded().sdk_history().clone();
        // Paths whose parameter stands before or at the first segment
        // after the version, which no prefix tells apart.
        for extra in [
            "/api/v2/{division}/queues",
            "/api/{version}/routing/queues",
            "/api/v2/routing",
            "/api/v2/routingx/queues",
        ] {
            history.paths.push(extra.into());
        }
        let segments = |a: &str, route: &str| {
            let (a, r): (Vec<&str>, Vec<&str>) =
                (a.split('/').collect(), route.split('/').collect());
            a.len() == r.len() && a.iter().zip(&r).all(|(p, q)| p == q || p.starts_with('{'))
        };
        for route in [
            "/api/v2/routing/queues",
            "/api/v2/routing/queues/{}",
            "/api/v2/attributes/query",
            "/api/v2/routing",
            "/api/v2/nothing/here",
            "/api/v2/ünïcode/queues",
            "/api/v2",
            "/api/v2/",
            "",
        ] {
            let every: Vec<bool> = history.paths.iter().map(|p| segments(p, route)).collect();
            let found = history.route_paths(route).map(|r| r.0);
            let expected = every.contains(&true).then_some(every);
            assert_eq!(found, expected, "{route}");
        }
        let queues = history.route_paths("/api/v2/routing/queues").unwrap();
        let extra = history.paths.len() - 4;
        assert!(queues.0[extra] && queues.0[extra + 1] && !queues.0[extra + 3]);
    }

    #[test]
    fn python_name_is_python_name() {
        for js in [
            "getUsersMe",
            "GetUsersMe",
            "postAnalyticsQueuesObservationsQuery",
            "x",
            "",
            "getUsersMé",
        ] {
            let snake = python_name(js);
            assert!(python_name_is(js, &snake), "{js}");
            assert!(!python_name_is(js, &format!("{snake}_")), "{js}");
            assert!(!python_name_is(js, js) || js == snake, "{js}");
            // A Python name's Python name is itself.
            assert_eq!(
                NameRef::Snake(js).snake_is(&snake),
                python_name(&snake) == snake
            );
        }
        assert!(!python_name_is("getUsersMe", "get_usersme"));
    }
}
