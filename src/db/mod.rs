//! The API database: every Platform API operation with the scopes and
//! permissions it needs, the scope catalog and the region hosts.
//!
//! The embedded copy is decoded once per process (postcard, built by
//! `build.rs`); look-up indexes are built lazily on first use.
//!
//! Bottom layer: imports no other module of the crate (docs/architecture.md).

pub mod diff;
pub mod format;
pub mod index;
pub mod legacy;
mod paths;
pub mod permissions;

pub use format::{Operation, PermissionMatch, Permissions, SecurityScheme};
pub use index::{fold_sdk_name, normalize_call_path, render as paths_render};
pub use paths::PathLookup;
pub use permissions::{Catalogue, OrgPermissions};

use format::DatabaseFile;
use std::sync::OnceLock;

/// Index of an operation in [`Database::operations`].
pub type OpId = usize;

static EMBEDDED_BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/genesys-api.postcard"));
/// The look-up indexes, built by `build.rs` and decoded beside the operations.
static EMBEDDED_INDEXES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/indexes.postcard"));
/// The SDK history, kept apart so that only the commands reading it pay
/// for its decoding.
static EMBEDDED_HISTORY: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/sdk-history.postcard"));
/// Summaries and tags of the operations, likewise.
static EMBEDDED_DETAILS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/details.postcard"));
/// The Terraform provider's resources, likewise.
static EMBEDDED_TERRAFORM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/terraform.postcard"));

/// Every method name an SDK release ever had, folded, from the embedded
/// SDK history and the retired SDKs (build.rs): a look-up touches a few
/// pages of the binary instead of decoding the history.
mod sdk_names {
    include!(concat!(env!("OUT_DIR"), "/sdk-names.rs"));

    /// Whether some SDK release had a method spelled like `method`, without
    /// case or underscores (as every spelling comparison of the history is).
    pub fn ever_had(method: &str) -> bool {
        let folded = super::format::folded(method);
        let count = STARTS.len() - 1;
        let name = |i: usize| &TEXT[STARTS[i] as usize..STARTS[i + 1] as usize];
        let (mut low, mut high) = (0, count);
        while low < high {
            let mid = (low + high) / 2;
            match name(mid).cmp(folded.as_str()) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn names_of_releases_past_and_present() {
            // Current, Python spelling, a retired first-generation SDK's.
            assert!(super::ever_had("getUsersMe"));
            assert!(super::ever_had("get_users_me"));
            assert!(super::ever_had("delete_heartbeat_alerts_alert_id"));
            // The page's own method is none of them.
            assert!(!super::ever_had("getElementById"));
            let names: Vec<&str> = super::STARTS
                .windows(2)
                .map(|w| &super::TEXT[w[0] as usize..w[1] as usize])
                .collect();
            assert!(names.len() > 1000);
            assert!(names.windows(2).all(|w| w[0] < w[1]));
        }
    }
}

/// A part of the database decoded on first use from an embedded blob, or
/// given whole (a database read from JSON).
struct Lazy<T> {
    value: OnceLock<T>,
    blob: Option<&'static [u8]>,
}

impl<T: serde::Deserialize<'static> + Default> Lazy<T> {
    fn embedded(blob: &'static [u8]) -> Self {
        Lazy {
            value: OnceLock::new(),
            blob: Some(blob),
        }
    }

    fn given(value: T) -> Self {
        Lazy {
            value: OnceLock::from(value),
            blob: None,
        }
    }

    fn get(&self, what: &str) -> &T {
        self.value.get_or_init(|| match self.blob {
            Some(b) => postcard::from_bytes(b)
                .unwrap_or_else(|e| panic!("embedded {what} decode (checked at build time): {e}")),
            None => T::default(),
        })
    }
}

/// The operations, scopes and lifecycle facts with their lookup indexes:
/// what every check needs, decoded together.
struct Core {
    file: DatabaseFile,
    index: index::Indexes,
}

impl Core {
    /// The database compiled into this binary, decoded. Strings are
    /// borrowed from the blobs (`format::Str`): decoding allocates only the
    /// lists. The indexes decode on a second thread meanwhile.
    fn embedded() -> Core {
        let decode_index = || -> index::Indexes {
            postcard::from_bytes(EMBEDDED_INDEXES).expect("embedded indexes decode")
        };
        std::thread::scope(|scope| {
            let index = std::thread::Builder::new()
                .spawn_scoped(scope, decode_index)
                .ok();
            let file: DatabaseFile = postcard::from_bytes(EMBEDDED_BLOB)
                .expect("embedded database decodes (checked at build time)");
            let index = match index {
                Some(handle) => handle.join().unwrap_or_else(|_| decode_index()),
                None => decode_index(),
            };
            Core { file, index }
        })
    }
}

pub struct Database {
    /// Decoded on first use (the embedded one), or given whole.
    core: OnceLock<Core>,
    history: Lazy<format::SdkHistory>,
    terraform: Lazy<format::TerraformProvider>,
    details: Lazy<Vec<format::OpDetails>>,
    /// The permission catalogue, built on first use.
    catalogue: OnceLock<Catalogue>,
    /// The organisation export merged by the importer, read on first use.
    org: OnceLock<Option<OrgPermissions>>,
}

impl Database {
    /// The database compiled into this binary. It decodes on first use:
    /// [`Database::prepare`] starts that on a spare core while a run reads
    /// its files, which need none of it.
    pub fn embedded() -> &'static Database {
        static DB: OnceLock<Database> = OnceLock::new();
        DB.get_or_init(|| Database {
            core: OnceLock::new(),
            history: Lazy::embedded(EMBEDDED_HISTORY),
            terraform: Lazy::embedded(EMBEDDED_TERRAFORM),
            details: Lazy::embedded(EMBEDDED_DETAILS),
            catalogue: OnceLock::new(),
            org: OnceLock::new(),
        })
    }

    /// Decodes what every check needs, now (at start-up, on a spare
    /// thread): the first use then waits only for what is left of it.
    pub fn prepare(&self) {
        self.core();
    }

    fn core(&self) -> &Core {
        self.core.get_or_init(Core::embedded)
    }

    /// Loads a database file written by the importer (`--db FILE`).
    pub fn from_json(text: &str) -> Result<Database, String> {
        let file: format::json::File = serde_json::from_str(text).map_err(|e| e.to_string())?;
        Ok(Database::from_file(file.into_database()?))
    }

    fn from_file(mut file: DatabaseFile) -> Database {
        let index = index::Indexes::build(&file.operations, &file.details);
        let details = Lazy::given(std::mem::take(&mut file.details));
        let history = Lazy::given(std::mem::take(&mut file.sdk_history));
        let terraform = Lazy::given(std::mem::take(&mut file.terraform));
        Database {
            core: OnceLock::from(Core { file, index }),
            history,
            terraform,
            details,
            catalogue: OnceLock::new(),
            org: OnceLock::new(),
        }
    }

    /// Every permission an operation requires or the Terraform provider's
    /// docs list (see [`permissions`]).
    pub fn permissions(&self) -> &Catalogue {
        self.catalogue.get_or_init(|| {
            let from_ops = self
                .core()
                .file
                .operations
                .iter()
                .filter_map(|op| op.permissions.as_ref())
                .flat_map(|p| p.list.iter().map(|x| x.as_ref()));
            let from_provider = self
                .terraform()
                .resources
                .iter()
                .flat_map(|r| r.permissions.iter().map(|x| x.as_ref()));
            Catalogue::build(from_ops.chain(from_provider))
        })
    }

    /// The organisation's own permissions, when the database was imported
    /// with one (`gclint db import --permissions`).
    pub fn org_permissions(&self) -> Option<&OrgPermissions> {
        self.org
            .get_or_init(|| {
                self.core()
                    .file
                    .org_permissions
                    .as_ref()
                    .map(|o| OrgPermissions {
                        file: o.file.to_string(),
                        catalogue: Catalogue::build(o.permissions.iter().map(|p| p.as_ref())),
                    })
            })
            .as_ref()
    }

    pub fn provenance(&self) -> &format::Provenance {
        &self.core().file.provenance
    }

    /// Dated facts: grants being retired, SDK features by release.
    pub fn lifecycle(&self) -> &format::Lifecycle {
        &self.core().file.lifecycle
    }

    /// Which SDK releases have which method.
    pub fn sdk_history(&self) -> &format::SdkHistory {
        self.history.get("SDK history")
    }

    /// What each Terraform provider resource calls.
    pub fn terraform(&self) -> &format::TerraformProvider {
        self.terraform.get("Terraform resources")
    }

    /// The operations a Terraform resource calls, resolved against this
    /// database: per API use of its docs, the operation, or the use as
    /// written when no operation has that method and path.
    pub fn terraform_operations(
        &self,
        resource: &format::TerraformResource,
    ) -> Vec<Result<OpId, String>> {
        resource
            .apis
            .iter()
            .map(
                |(method, path)| match self.lookup_path(Some(method), path) {
                    PathLookup::Found(id) => Ok(id),
                    _ => Err(format!("{method} {path}")),
                },
            )
            .collect()
    }

    /// The provider's permission and scope lists against this database's
    /// requirements of the same operations (every alternative counted).
    pub fn terraform_comparison(&self) -> TerraformComparison {
        let mut out = TerraformComparison::default();
        for resource in &self.terraform().resources {
            out.resources += 1;
            let mut permissions: Vec<&str> = Vec::new();
            let mut scopes: Vec<&str> = Vec::new();
            for found in self.terraform_operations(resource) {
                out.api_uses += 1;
                match found {
                    Ok(id) => {
                        let op = self.op(id);
                        if let Some(p) = &op.permissions {
                            permissions.extend(p.list.iter().map(|x| x.as_ref()));
                        }
                        scopes.extend(op.scopes.iter().flatten().map(|x| x.as_ref()));
                    }
                    Err(api) => out.unresolved.push((resource.name.to_string(), api)),
                }
            }
            let name = || resource.name.to_string();
            let listed = |list: &[format::Str], item: &str| list.iter().any(|x| x == item);
            for p in &resource.permissions {
                if !permissions.contains(&p.as_ref()) {
                    out.listed_not_required.push((name(), p.to_string()));
                }
            }
            permissions.sort_unstable();
            permissions.dedup();
            for p in permissions {
                if !listed(&resource.permissions, p) {
                    out.required_not_listed.push((name(), p.to_string()));
                }
            }
            for s in &resource.scopes {
                if !scopes.contains(&s.as_ref()) {
                    out.scopes_listed_not_accepted.push((name(), s.to_string()));
                }
            }
            scopes.sort_unstable();
            scopes.dedup();
            for s in scopes {
                if !listed(&resource.scopes, s) {
                    out.scopes_accepted_not_listed.push((name(), s.to_string()));
                }
            }
        }
        out
    }

    /// An operation's summary and tags.
    pub fn details(&self, id: OpId) -> &format::OpDetails {
        static NONE: format::OpDetails = format::OpDetails {
            summary: None,
            tags: Vec::new(),
        };
        self.details
            .get("operation details")
            .get(id)
            .unwrap_or(&NONE)
    }

    pub fn operations(&self) -> &[Operation] {
        &self.core().file.operations
    }

    pub fn op(&self, id: OpId) -> &Operation {
        &self.core().file.operations[id]
    }

    /// The scope catalog, sorted.
    pub fn scopes(&self) -> impl Iterator<Item = &str> {
        self.core().file.scopes.iter().map(|s| s.as_ref())
    }

    pub fn is_scope(&self, name: &str) -> bool {
        self.core()
            .file
            .scopes
            .binary_search_by(|s| s.as_ref().cmp(name))
            .is_ok()
    }

    /// Region key / domain pairs, sorted by key.
    pub fn regions(&self) -> impl Iterator<Item = (&str, &str)> {
        self.core()
            .file
            .regions
            .iter()
            .map(|(k, v)| (k.as_ref(), v.as_ref()))
    }

    /// The environment domain for a region key or domain (`eu_west_1` or
    /// `mypurecloud.ie`), if Genesys has it.
    pub fn region_domain(&self, key_or_domain: &str) -> Option<&str> {
        let wanted = key_or_domain.trim().to_ascii_lowercase().replace('-', "_");
        self.regions()
            .find(|(k, d)| *k == wanted || d.eq_ignore_ascii_case(key_or_domain.trim()))
            .map(|(_, d)| d)
    }

    /// Finds an operation by SDK method name in any SDK's spelling
    /// (`getUsersMe`, `get_users_me`, `GetUsersMe`).
    pub fn op_by_sdk_name(&self, name: &str) -> Option<OpId> {
        let idx = &self.core().index.sdk;
        if let Some(&id) = index::find(&idx.exact, name) {
            return Some(id as usize);
        }
        // PascalCase (.NET, Go): the JS spelling with a lowercase first letter.
        let mut chars = name.chars();
        if let Some(first) = chars.next() {
            let camel: String = first.to_lowercase().chain(chars).collect();
            if let Some(&id) = index::find(&idx.exact, &camel) {
                return Some(id as usize);
            }
        }
        let folded = fold_sdk_name(name);
        let mut ids = idx.folded_ops(&folded);
        match (ids.next(), ids.next()) {
            (Some(id), None) => Some(id as usize),
            _ => None,
        }
    }

    /// Whether `class` is an API class of the current SDK (`UsersApi`).
    pub fn is_sdk_class(&self, class: &str) -> bool {
        self.core()
            .index
            .sdk
            .classes
            .binary_search_by(|c| c.as_str().cmp(class))
            .is_ok()
    }

    /// The operation a method the current SDKs lack called in the releases
    /// that had it — an older `platform-client` release, or a retired
    /// first-generation SDK — when all of them agree on one method and path
    /// (on `class`, when the code says which) and the API still has it.
    /// The first segments of the paths the database knows, current or
    /// removed (`routing`, `users`).
    pub fn path_heads(&self) -> Vec<&str> {
        format::path_heads(
            self.operations().iter().map(|o| &*o.path.0),
            self.sdk_history().paths.iter().map(|p| &*p.0),
        )
    }

    pub fn former_sdk_operation(&self, class: Option<&str>, method: &str) -> Option<OpId> {
        // A name no release had (`getElementById`): the history's blob is
        // not decoded for it.
        if self.history.blob.is_some() && !sdk_names::ever_had(method) {
            return None;
        }
        let history = self.sdk_history();
        let mut targets: Vec<(String, String)> = Vec::new();
        for sdk in ["js", "py"] {
            for run in history.runs_of_spelling(sdk, method) {
                if class.is_none_or(|c| c == run.class) {
                    targets.push((run.verb.to_string(), run.path.to_string()));
                }
            }
        }
        for m in legacy::legacy_sdks().method(class, method) {
            targets.push((m.verb.to_string(), m.path.to_string()));
        }
        targets.sort();
        targets.dedup();
        match targets.as_slice() {
            [(verb, path)] => match self.lookup_path(Some(verb), path) {
                PathLookup::Found(id) => Some(id),
                _ => None,
            },
            _ => None,
        }
    }

    /// For a class the current SDK no longer has, the tag its operations had.
    pub fn former_sdk_class(&self, class: &str) -> Option<&str> {
        index::find(&self.core().index.sdk.former, class).map(|s| s.as_str())
    }

    /// Real SDK method names closest to `name`, best first, spelled like `name`.
    pub fn similar_sdk_methods(&self, name: &str, limit: usize) -> Vec<String> {
        let snake = name.contains('_');
        let pascal = name.chars().next().is_some_and(|c| c.is_ascii_uppercase());
        let wanted = fold_sdk_name(name);
        let mut scored: Vec<(f64, &str)> = self
            .core()
            .file
            .operations
            .iter()
            .filter_map(|op| op.sdk_method.as_deref())
            .map(|m| (strsim::jaro_winkler(&wanted, &fold_sdk_name(m)), m))
            .filter(|(score, _)| *score > 0.8)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        scored
            .into_iter()
            .take(limit)
            .map(|(_, m)| {
                let id = self.op_by_sdk_name(m).expect("indexed name");
                let op = self.op(id);
                if snake {
                    op.sdk_method_py.as_deref().unwrap_or(m).to_string()
                } else if pascal {
                    pascal_case(m)
                } else {
                    m.to_string()
                }
            })
            .collect()
    }

    /// Resolves a concrete or templated path (with or without host, query
    /// string) and an optional HTTP method.
    pub fn lookup_path(&self, method: Option<&str>, path: &str) -> PathLookup {
        paths::lookup(self, &self.core().index.paths, method, path)
    }

    /// The real path templates closest to `path` (for unknown endpoints).
    pub fn similar_paths(&self, path: &str, limit: usize) -> Vec<String> {
        paths::similar(self, &self.core().index.paths, path, limit)
    }

    /// [`Database::similar_paths`] of each path, on `jobs` threads.
    pub fn similar_paths_many(
        &self,
        paths: &[&str],
        limit: usize,
        jobs: usize,
    ) -> Vec<Vec<String>> {
        paths::similar_many(self, &self.core().index.paths, paths, limit, jobs)
    }

    /// The operation a deprecated operation's note names as its replacement
    /// (`use GET /analytics/botflows/{botFlowId}/divisions/reportingturns
    /// instead`), when the note names a path the database has. Without a
    /// method in the note, the deprecated operation's method is tried first.
    pub fn replacement(&self, id: OpId) -> Option<Replacement> {
        let op = self.op(id);
        let note = op.deprecation_note.as_deref()?;
        let words: Vec<&str> = note.split_whitespace().collect();
        for (i, word) in words.iter().enumerate() {
            let word = word.trim_matches(|c: char| "()[]\"'.,;:".contains(c));
            if !word.contains('/') || word.contains("://") || word.starts_with("//") {
                continue;
            }
            let path = match word.trim_start_matches('/') {
                w if w.starts_with("api/v2/") => format!("/{w}"),
                w => format!("/api/v2/{w}"),
            };
            let named_method = i
                .checked_sub(1)
                .map(|j| words[j])
                .filter(|m| ["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD"].contains(m));
            let method = named_method.unwrap_or(&op.method);
            match self.lookup_path(Some(method), &path) {
                PathLookup::Found(found) if found != id => return Some(Replacement::Op(found)),
                PathLookup::MethodNotAllowed(ids)
                    if named_method.is_none() && !ids.contains(&id) =>
                {
                    return Some(Replacement::Path(self.op(ids[0]).path.to_string()));
                }
                _ => {}
            }
        }
        None
    }

    /// Scope names closest to `name`, best first.
    pub fn similar_scopes(&self, name: &str, limit: usize) -> Vec<&str> {
        let name = name.trim().to_ascii_lowercase();
        let mut scored: Vec<(f64, &str)> = self
            .scopes()
            .map(|s| (scope_similarity(&name, s), s))
            .filter(|(score, _)| *score >= 0.55)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        scored.into_iter().take(limit).map(|(_, s)| s).collect()
    }

    /// Operations accepting `scope`.
    pub fn ops_with_scope<'a>(&'a self, scope: &'a str) -> impl Iterator<Item = OpId> + 'a {
        self.core()
            .file
            .operations
            .iter()
            .enumerate()
            .filter(move |(_, op)| {
                op.scopes
                    .as_ref()
                    .is_some_and(|s| s.iter().any(|x| x == scope))
            })
            .map(|(id, _)| id)
    }

    /// True when every operation accepting `x:readonly` also accepts `x`, so
    /// declaring both is redundant. Checked on the data, not assumed.
    pub fn readonly_implies_write(&self, write_scope: &str) -> bool {
        let readonly = format!("{write_scope}:readonly");
        self.core()
            .file
            .operations
            .iter()
            .all(|op| match &op.scopes {
                Some(s) if s.iter().any(|x| *x == readonly) => s.iter().any(|x| x == write_scope),
                _ => true,
            })
    }
}

/// A request as people write it: `GET https://api.mypurecloud.ie/api/v2/users/me?expand=x`,
/// `/users/me`, `api/v2/users/me`, `getUsersMe`, `get_users_me`,
/// `UsersApi.getUsersMe()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AskedRequest {
    /// The HTTP method, uppercase, when one is given.
    pub method: Option<String>,
    /// The host of a URL (`api.mypurecloud.ie`), when one is given.
    pub host: Option<String>,
    pub target: Asked,
}

/// What a request names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asked {
    /// A `/api/v2/...` path, as written (ids, query string and all).
    Path(String),
    /// An operation id or SDK method name, without a class or call.
    Name(String),
}

impl AskedRequest {
    pub fn read(query: &str) -> AskedRequest {
        let query = query.trim();
        let (method, rest) = match query.split_once(char::is_whitespace) {
            Some((m, p)) if !m.is_empty() && m.chars().all(|c| c.is_ascii_alphabetic()) => {
                (Some(m.to_ascii_uppercase()), p.trim())
            }
            _ => (None, query),
        };
        let host = rest.split_once("://").and_then(|(_, after)| {
            let host = after.split(['/', '?', '#']).next().unwrap_or("");
            // `user@host:443` is the host.
            let host = host.rsplit('@').next().unwrap_or(host);
            let host = host.split(':').next().unwrap_or(host);
            (!host.is_empty()).then(|| host.to_ascii_lowercase())
        });
        if !rest.contains('/') {
            // `UsersApi.getUsersMe(...)` names `getUsersMe`.
            let name = rest.split('(').next().unwrap_or(rest);
            let name = name.rsplit('.').next().unwrap_or(name).trim();
            return AskedRequest {
                method,
                host,
                target: Asked::Name(name.to_string()),
            };
        }
        // `/users/me` and `api/v2/users/me` mean `/api/v2/users/me`.
        let path = if rest.contains("/api/v2") {
            rest.to_string()
        } else {
            format!(
                "/api/v2/{}",
                rest.trim_start_matches('/').trim_start_matches("api/v2/")
            )
        };
        AskedRequest {
            method,
            host,
            target: Asked::Path(path),
        }
    }
}

/// How alike a misspelled scope is to a real one: the best of whole-name
/// similarity and similarity of the name's first word (`messaging:write`
/// is about `messaging`).
fn scope_similarity(wanted: &str, real: &str) -> f64 {
    const VERBS: [&str; 8] = [
        "read", "write", "view", "create", "send", "edit", "delete", "guest",
    ];
    let whole = strsim::jaro_winkler(wanted, real);
    let real_head = real.split(':').next().unwrap_or(real);
    // Any resource word of the wanted name naming the real scope's resource
    // (`write:conversation:messaging` is about conversations and messaging).
    let names_resource = wanted
        .split([':', '_', ' '])
        .filter(|w| w.len() >= 4 && !VERBS.contains(w))
        .any(|w| {
            real_head == w
                || (real_head.starts_with(w) && real_head.len() <= w.len() + 1)
                || (w.starts_with(real_head) && real_head.len() >= 4)
        });
    let by_resource = match (names_resource, real.ends_with(":readonly")) {
        (false, _) => 0.0,
        // Prefer the bare scope over its readonly twin.
        (true, false) => 0.92,
        (true, true) => 0.9,
    };
    whole.max(by_resource)
}

/// How the Terraform provider's own lists compare with what this database
/// says its operations need: `(resource, item)` pairs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TerraformComparison {
    pub resources: usize,
    pub api_uses: usize,
    /// API uses no operation of the database has (method and path).
    pub unresolved: Vec<(String, String)>,
    /// Permissions the provider lists that none of the resource's
    /// operations names.
    pub listed_not_required: Vec<(String, String)>,
    /// Permissions some operation of the resource names that the provider
    /// does not list.
    pub required_not_listed: Vec<(String, String)>,
    pub scopes_listed_not_accepted: Vec<(String, String)>,
    pub scopes_accepted_not_listed: Vec<(String, String)>,
}

pub fn pascal_case(camel: &str) -> String {
    let mut chars = camel.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What a deprecation note names as the replacement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replacement {
    /// One operation.
    Op(OpId),
    /// A path (the note names no method and the path lacks the deprecated
    /// operation's).
    Path(String),
}

/// The spellings of an SDK method in each SDK.
pub struct SdkNames<'a> {
    pub js: &'a str,
    pub python: Option<&'a str>,
    pub pascal: String,
}

impl Operation {
    pub fn sdk_names(&self) -> Option<SdkNames<'_>> {
        let js = self.sdk_method.as_deref()?;
        Some(SdkNames {
            js,
            python: self.sdk_method_py.as_deref(),
            pascal: pascal_case(js),
        })
    }

    /// `GET /api/v2/users/me`
    pub fn display(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    /// Its SDK name, else its route.
    pub fn name(&self) -> String {
        self.sdk_method
            .as_deref()
            .map_or_else(|| self.display(), str::to_string)
    }

    /// `/api/v2/users/me` and the paths under it answer about the
    /// signed-in user: no client-credentials token can call them.
    pub fn about_signed_in_user(&self) -> bool {
        self.path == "/api/v2/users/me" || self.path.starts_with("/api/v2/users/me/")
    }

    /// The operation's name for messages: SDK name and route.
    pub fn label(&self) -> String {
        match self.sdk_method.as_deref() {
            Some(name) => format!("{name} ({} {})", self.method, self.path),
            None => self.display(),
        }
    }

    pub fn needs_oauth(&self) -> bool {
        matches!(
            self.security_scheme,
            SecurityScheme::OAuth | SecurityScheme::Unknown
        )
    }
}
