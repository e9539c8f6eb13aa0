//! Which clients a source file's calls run under.
//!
//! Real repositories are not one app: sample collections hold dozens of
//! small apps, premium-app repositories hold an installer beside the app,
//! blueprints keep Terraform in one folder and code in another. A call is
//! linked by explicit evidence first, then by the login its own file (or
//! project) performs, and a definition reaches only the project it belongs
//! to:
//!
//! 1. **`sources`**: a client whose `sources` globs name the file.
//! 2. **Reach**: a definition governs the folder of its project: from the
//!    definition's folder up to the nearest folder holding a project marker
//!    (`package.json`, `pyproject.toml`, `requirements*.txt`, `go.mod`,
//!    `pom.xml`, `build.gradle`, `*.csproj`, `composer.json`, ...) or the
//!    scanned root, but never up into a *collection*: a folder with three or
//!    more child folders that each hold an app of their own (a project
//!    marker, a manifest, or code with its own login). A manifest's clients
//!    are, further, the only candidates for the files under the manifest's
//!    folder; the clients of `--manifest` reach every scanned file.
//! 3. **Login flow**: the file's own login (`loginClientCredentialsGrant`,
//!    `grant_type=client_credentials`, `loginPKCEGrant`, ...), or else the
//!    logins of its project, keep only the clients of those grants; a login
//!    no reachable client has makes the file an undeclared flow, never
//!    charged to a client of another grant.
//! 4. Else the one reachable client, or every reachable client as a guess
//!    (rules then report only what fails under all of them).

use crate::model::{App, ClientId, FlowLink, GrantKind, Link};
use crate::source::{FileId, SourceMap, Spanned};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// A folder with at least this many child folders that each hold an app
/// of their own is a collection of apps (samples, tutorials).
const COLLECTION: usize = 3;

/// Where projects begin and end in the scanned tree.
#[derive(Debug, Default)]
pub struct Projects {
    /// The scanned folders (the paths given on the command line).
    roots: Vec<PathBuf>,
    /// Folders holding a project marker.
    markers: HashSet<PathBuf>,
    /// Folders with [`COLLECTION`] or more children holding an app.
    collections: HashSet<PathBuf>,
    /// [`Self::root_of`] by folder, as every call of a file asks again.
    known: std::sync::Mutex<HashMap<PathBuf, PathBuf>>,
    /// Pages and their scripts in a test folder that no test runner runs:
    /// the site serves them (see [`Self::serve_pages`]).
    served: HashSet<PathBuf>,
}

impl Projects {
    /// `markers`: folders holding a project marker; `apps`: folders that
    /// hold an app (markers, manifests, files with their own login).
    pub fn new(roots: Vec<PathBuf>, markers: HashSet<PathBuf>, apps: &[PathBuf]) -> Projects {
        let mut children: HashMap<&Path, HashSet<&Path>> = HashMap::new();
        for app in apps {
            let mut child = app.as_path();
            while let Some(parent) = child.parent() {
                if !roots.iter().any(|r| parent.starts_with(r)) {
                    break;
                }
                children.entry(parent).or_default().insert(child);
                child = parent;
            }
        }
        let collections = children
            .into_iter()
            .filter(|(_, c)| c.len() >= COLLECTION)
            .map(|(p, _)| p.to_path_buf())
            .collect();
        Projects {
            roots,
            markers,
            collections,
            known: Default::default(),
            served: HashSet::new(),
        }
    }

    /// A folder's name does not make a page test code: a browser loads
    /// it, no test runner runs it. `pages` are the files that run in a
    /// browser and use no test framework; those of them that are test
    /// code only by a test folder (`site/test/try-submit.html`, not
    /// `app.test.js`) are the app's.
    pub fn serve_pages(&mut self, pages: impl IntoIterator<Item = PathBuf>) {
        self.served = pages
            .into_iter()
            .filter(|p| {
                let below = self.below_root(p);
                crate::discover::in_test_folder(below) && !crate::discover::is_test_file_name(below)
            })
            .collect();
    }

    /// `path` below the scanned folder it is in.
    fn below_root<'a>(&self, path: &'a Path) -> &'a Path {
        self.roots
            .iter()
            .filter_map(|r| path.strip_prefix(r).ok())
            .min_by_key(|p| p.components().count())
            .unwrap_or(path)
    }

    /// Whether a file is test code, judged on its path below the scanned
    /// folder.
    pub fn is_test_code(&self, path: &Path) -> bool {
        crate::discover::is_test_code(self.below_root(path)) && !self.served.contains(path)
    }

    /// The folder a definition in `dir` governs, or a file in `dir`
    /// belongs to: see the module documentation.
    pub fn root_of(&self, dir: &Path) -> PathBuf {
        if let Some(root) = self.known.lock().ok().and_then(|k| k.get(dir).cloned()) {
            return root;
        }
        let root = self.find_root(dir);
        if let Ok(mut known) = self.known.lock() {
            known.insert(dir.to_path_buf(), root.clone());
        }
        root
    }

    fn find_root(&self, dir: &Path) -> PathBuf {
        let top = self
            .roots
            .iter()
            .filter(|r| dir.starts_with(r))
            .min_by_key(|r| r.components().count());
        let mut at = dir;
        loop {
            if self.markers.contains(at) || Some(at) == top.map(PathBuf::as_path) {
                return at.to_path_buf();
            }
            match at.parent() {
                Some(parent)
                    if !self.collections.contains(parent)
                        && top.is_some_and(|t| parent.starts_with(t)) =>
                {
                    at = parent
                }
                _ => return at.to_path_buf(),
            }
        }
    }
}

fn compile_globs(patterns: &[Spanned<String>]) -> Option<GlobSet> {
    if patterns.is_empty() {
        return None;
    }
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        let p = p.value.trim_start_matches("./");
        if let Ok(glob) = GlobBuilder::new(p).literal_separator(true).build() {
            builder.add(glob);
        }
    }
    builder.build().ok()
}

/// What linking knows of one client.
struct ClientLinking {
    sources: Option<GlobSet>,
    inactive: Option<GlobSet>,
    /// The folder it governs; `None`: every scanned file.
    reach: Option<PathBuf>,
    /// The manifest that defines it.
    manifest: Option<usize>,
    /// Given with `--client-json`: it may run any scanned file.
    external: bool,
}

/// Links the calls of each source file to the clients they run under.
pub struct Linker<'a> {
    app: &'a App,
    projects: &'a Projects,
    clients: Vec<ClientLinking>,
    /// The grants of the logins of each file.
    file_grants: HashMap<FileId, Vec<(GrantKind, bool)>>,
    /// The grants of the files that import the file (and of those that
    /// import them), for files without a login of their own.
    import_grants: HashMap<FileId, Vec<(GrantKind, bool)>>,
    /// The folder each file with a login belongs to, with its grants.
    project_grants: HashMap<PathBuf, Vec<(GrantKind, bool)>>,
    /// Each manifest's folder, with the last manifest in it.
    manifest_dirs: HashMap<&'a Path, usize>,
}

/// A login no definition declares, as the key that groups its files: the
/// project folder, the grant and PKCE.
pub type FlowKey = (PathBuf, GrantKind, bool);

fn add_grants(into: &mut Vec<(GrantKind, bool)>, grants: &[(GrantKind, bool)]) {
    for g in grants {
        if !into.contains(g) {
            into.push(*g);
        }
    }
}

impl<'a> Linker<'a> {
    /// `client_manifest[i]`: the manifest defining client `i` (`None` for
    /// other formats); `explicit_manifest`: the manifest given with
    /// `--manifest`, whose clients reach every file; `external[i]`: client
    /// `i` was given with `--client-json` (it reaches every file, of any
    /// app); `imports`: `(importer, imported)` pairs.
    pub fn new(
        app: &'a App,
        sources: &SourceMap,
        projects: &'a Projects,
        client_manifest: &[Option<usize>],
        explicit_manifest: Option<usize>,
        external: &[bool],
        imports: &[(FileId, FileId)],
    ) -> Linker<'a> {
        let clients = app
            .clients
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let manifest = client_manifest.get(i).copied().flatten();
                let external = external.get(i).copied().unwrap_or(false);
                let reach = (!external && (manifest.is_none() || manifest != explicit_manifest))
                    .then(|| projects.root_of(&c.base_dir));
                ClientLinking {
                    sources: compile_globs(&c.sources),
                    inactive: compile_globs(&c.inactive),
                    reach,
                    manifest,
                    external,
                }
            })
            .collect();
        let mut file_grants: HashMap<FileId, Vec<(GrantKind, bool)>> = HashMap::new();
        for f in &app.auth_flows {
            let grants = file_grants.entry(f.span.file).or_default();
            if !grants.contains(&(f.grant, f.pkce)) {
                grants.push((f.grant, f.pkce));
            }
        }
        let mut project_grants: HashMap<PathBuf, Vec<(GrantKind, bool)>> = HashMap::new();
        // In file order, so that a project's grants come in the same order
        // on every run.
        let mut by_file: Vec<_> = file_grants.iter().collect();
        by_file.sort_unstable_by_key(|(file, _)| **file);
        for (file, grants) in by_file {
            let path = &sources.get(*file).path;
            // A test's login (a test org, a mock) is not the project's.
            if projects.is_test_code(path) {
                continue;
            }
            let dir = path.parent().unwrap_or(Path::new(""));
            add_grants(
                project_grants.entry(projects.root_of(dir)).or_default(),
                grants,
            );
        }
        let import_grants = import_grants(&file_grants, imports);
        let manifest_dirs = app
            .manifests
            .iter()
            .enumerate()
            .map(|(i, m)| (m.dir.as_path(), i))
            .collect();
        Linker {
            app,
            projects,
            clients,
            file_grants,
            import_grants,
            project_grants,
            manifest_dirs,
        }
    }

    /// The grants a file runs under: its own logins', else those of the
    /// files importing it, else its project's; and how that is known.
    pub fn grants_of(&self, file: FileId, path: &Path) -> (&[(GrantKind, bool)], FlowLink) {
        if let Some(g) = self.file_grants.get(&file) {
            return (g, FlowLink::Own);
        }
        if let Some(g) = self.import_grants.get(&file) {
            return (g, FlowLink::Import);
        }
        let dir = path.parent().unwrap_or(Path::new(""));
        let g = self
            .project_grants
            .get(&self.projects.root_of(dir))
            .map_or(&[][..], Vec::as_slice);
        (g, FlowLink::Project)
    }

    /// The undeclared logins a file with no client runs under (one per
    /// grant its file runs under), grouped by project folder, grant and
    /// PKCE; and how they are known.
    pub fn flows_of(&self, file: FileId, path: &Path) -> (Vec<FlowKey>, FlowLink) {
        if self.projects.is_test_code(path) {
            return (Vec::new(), FlowLink::Test);
        }
        let (grants, how) = self.grants_of(file, path);
        if grants.is_empty() {
            return (Vec::new(), FlowLink::None);
        }
        let dir = path.parent().unwrap_or(Path::new(""));
        let root = self.projects.root_of(dir);
        let keys = grants
            .iter()
            .map(|&(grant, pkce)| (root.clone(), grant, pkce))
            .collect();
        (keys, how)
    }

    /// Whether the file is a premium-app wizard module (it declares its
    /// `provisioningInfoKey`) that the config of the wizard it belongs to
    /// does not run.
    fn unprovisioned_module(&self, file: FileId, path: &Path) -> bool {
        let Some((_, key)) = self.app.wizard_modules.iter().find(|(f, _)| *f == file) else {
            return false;
        };
        let dir = path.parent().unwrap_or(Path::new(""));
        let project = self.projects.root_of(dir);
        // The wizard whose folder holds the module, else its project's.
        let wizard = self
            .app
            .clients
            .iter()
            .filter(|c| c.wizard_run.is_some())
            .filter(|c| {
                path.starts_with(&c.base_dir) || self.projects.root_of(&c.base_dir) == project
            })
            .max_by_key(|c| {
                (
                    path.starts_with(&c.base_dir),
                    c.base_dir.components().count(),
                )
            });
        wizard
            .and_then(|c| c.wizard_run.as_ref())
            .is_some_and(|run| !run.runs(key))
    }

    fn matches(&self, i: usize, set: &Option<GlobSet>, path: &Path) -> bool {
        set.as_ref().is_some_and(|set| {
            path.strip_prefix(&self.app.clients[i].base_dir)
                .is_ok_and(|rel| set.is_match(rel))
        })
    }

    /// The clients the calls of `file` (at `path`) run under, and how.
    pub fn link(&self, file: FileId, path: &Path) -> (Vec<ClientId>, Link) {
        let all = 0..self.app.clients.len();
        // Code that never runs (a wizard module not provisioned).
        if all
            .clone()
            .any(|i| self.matches(i, &self.clients[i].inactive, path))
            || self.unprovisioned_module(file, path)
        {
            return (Vec::new(), Link::Inactive);
        }
        // 1. A client's `sources` globs name the file.
        let by_glob: Vec<ClientId> = all
            .filter(|&i| self.matches(i, &self.clients[i].sources, path))
            .collect();
        if !by_glob.is_empty() {
            return (by_glob, Link::Sources);
        }
        // 2. The clients that reach the file.
        let candidates = self.reaching(path);
        if candidates.is_empty() {
            return (Vec::new(), Link::Unlinked);
        }
        // 3. The file's own logins, else those of the files importing it,
        // else its project's.
        let (grants, how) = self.grants_of(file, path);
        let own = how == FlowLink::Own;
        if !grants.is_empty() {
            let by_flow = self.of_grants(&candidates, grants);
            let link = match by_flow.len() {
                // A login no reachable definition has: an undeclared client.
                0 => Link::Unlinked,
                _ if own && grants.len() == 1 => Link::AuthFlow,
                1 => Link::OnlyClient,
                _ => Link::Guess,
            };
            return (by_flow, link);
        }
        // 4. Nothing says: the one candidate, or all of them as a guess.
        let link = match candidates.len() {
            1 => Link::OnlyClient,
            _ => Link::Guess,
        };
        (candidates, link)
    }

    /// The clients whose definition reaches `path`; of the app whose
    /// manifest folder holds the file, when one does (the deepest).
    fn reaching(&self, path: &Path) -> Vec<ClientId> {
        let app = self.app;
        // The deepest folder above the file holding a manifest (the last
        // manifest read there), looked up folder by folder.
        let owner = path
            .ancestors()
            .find_map(|dir| self.manifest_dirs.get(dir).copied());
        // The Terraform deploy client runs Terraform, not the app's code.
        let deploy = app.deploy.as_ref().and_then(|d| d.defined);
        (0..app.clients.len())
            .filter(|&i| !app.clients[i].wizard_login && Some(i) != deploy)
            .filter(|&i| {
                let c = &self.clients[i];
                c.external
                    || (c.reach.as_ref().is_none_or(|r| path.starts_with(r))
                        && owner.is_none_or(|o| c.manifest == Some(o)))
            })
            .collect()
    }

    /// The candidates of the grants a login uses. PKCE is a CODE client
    /// used with a challenge: any CODE client can be; those declared for
    /// PKCE are preferred when several are.
    fn of_grants(&self, candidates: &[ClientId], grants: &[(GrantKind, bool)]) -> Vec<ClientId> {
        let clients = &self.app.clients;
        let mut by_flow: Vec<ClientId> = candidates
            .iter()
            .copied()
            .filter(|&i| {
                let kind = clients[i].grant_kind();
                grants.iter().any(|(g, _)| kind == Some(*g))
            })
            .collect();
        let pkce = grants.iter().any(|&(g, p)| g == GrantKind::Code && p);
        let code = |i: usize| clients[i].grant_kind() == Some(GrantKind::Code);
        if by_flow.iter().any(|&i| code(i) && clients[i].pkce == pkce) {
            by_flow.retain(|&i| !code(i) || clients[i].pkce == pkce);
        }
        by_flow
    }
}

/// The grants each file without a login gets from the files that import
/// it, following imports a few levels deep (`app.js` logs in and imports
/// `api.js`, which imports `queues.js`).
fn import_grants(
    own: &HashMap<FileId, Vec<(GrantKind, bool)>>,
    imports: &[(FileId, FileId)],
) -> HashMap<FileId, Vec<(GrantKind, bool)>> {
    let mut imported: HashMap<FileId, Vec<FileId>> = HashMap::new();
    for &(importer, module) in imports {
        imported.entry(importer).or_default().push(module);
    }
    let mut inherited: HashMap<FileId, Vec<(GrantKind, bool)>> = HashMap::new();
    let mut frontier: Vec<FileId> = own.keys().copied().collect();
    frontier.sort();
    for _ in 0..6 {
        let mut next = Vec::new();
        for from in frontier {
            let grants: Vec<(GrantKind, bool)> = own
                .get(&from)
                .or_else(|| inherited.get(&from))
                .cloned()
                .unwrap_or_default();
            for &b in imported.get(&from).map_or(&[][..], Vec::as_slice) {
                if own.contains_key(&b) {
                    continue;
                }
                let entry = inherited.entry(b).or_default();
                let before = entry.len();
                add_grants(entry, &grants);
                if entry.len() != before {
                    next.push(b);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    inherited
}

/// The premium-app wizard logs in from its own code (`loginPKCEGrant`,
/// `loginImplicitGrant`): that login's grant is the wizard client's, when
/// the wizard's files agree on one.
pub fn wizard_login_grants(app: &mut App, sources: &SourceMap) {
    for c in 0..app.clients.len() {
        if !app.clients[c].wizard_login {
            continue;
        }
        let base = &app.clients[c].base_dir;
        let mut flows = app
            .auth_flows
            .iter()
            .filter(|f| sources.get(f.span.file).path.starts_with(base));
        let Some(first) = flows.next() else { continue };
        if flows.any(|f| f.grant != first.grant || f.pkce != first.pkce) {
            continue;
        }
        let (grant, pkce, span) = (first.grant, first.pkce, first.span);
        let client = &mut app.clients[c];
        client.grant = Some(Spanned::new(grant.as_str().to_string(), span));
        client.pkce = pkce;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> PathBuf {
        PathBuf::from(s)
    }

    #[test]
    fn a_definition_reaches_up_to_its_project_root() {
        let markers: HashSet<PathBuf> = [p("/r/docs/scripts")].into_iter().collect();
        let projects = Projects::new(vec![p("/r")], markers, &[p("/r/docs/scripts")]);
        // Terraform in docs/terraform: no marker up to the scanned root.
        assert_eq!(projects.root_of(Path::new("/r/docs/terraform")), p("/r"));
        // A file of the scripts' own project.
        assert_eq!(
            projects.root_of(Path::new("/r/docs/scripts/lib")),
            p("/r/docs/scripts")
        );
    }

    #[test]
    fn never_up_into_a_collection() {
        let apps = [
            p("/r/calls/python"),
            p("/r/presence/nodejs"),
            p("/r/users/java"),
            p("/r/wizard/javascript"),
        ];
        let projects = Projects::new(vec![p("/r")], HashSet::new(), &apps);
        assert_eq!(
            projects.root_of(Path::new("/r/wizard/javascript")),
            p("/r/wizard")
        );
        assert_eq!(
            projects.root_of(Path::new("/r/calls/python")),
            p("/r/calls")
        );
    }

    #[test]
    fn two_apps_side_by_side_are_one_project() {
        let apps = [p("/r/src/python"), p("/r/src/typescript")];
        let projects = Projects::new(vec![p("/r")], HashSet::new(), &apps);
        assert_eq!(projects.root_of(Path::new("/r/src/terraform")), p("/r"));
    }
}
