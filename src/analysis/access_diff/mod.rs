//! `access_diff`: per client, the scopes and permissions granted and
//! needed in BASE and in HEAD (a revision, or the working tree), and what
//! changed; and the grants HEAD adds as `new-access` findings. BASE (and
//! HEAD when given) are read with the git CLI into a temporary folder; the
//! user's checkout is never touched.
//!
//! Paths are relative to the repository root whatever the working
//! directory: the same file has the same name in both revisions, and a
//! pull-request comment or code scanning names files that way. Serialised,
//! a result is the body of the JSON report (docs/json-output.md).

mod git;

pub use git::Skipped;

use super::{read_configuration, Error, Options, Request, Warning};
use crate::access::{self, Access, Changes, Diff, Needed};
use crate::check::{self, Outcome};
use crate::db::Database;
use crate::rules::{self, Context};
use crate::settings::{self, Config};
use serde::{Serialize, Serializer};
use std::path::{Path, PathBuf};

/// The revisions to compare, and what to read in each.
#[derive(Debug, Clone, Default)]
pub struct Revisions {
    /// A branch, tag or commit (`main`, `origin/main`, `HEAD~1`).
    pub base: String,
    /// `None`: the working tree, uncommitted changes included.
    pub head: Option<String>,
    /// The working directory: the request's relative paths are relative to
    /// it, and its repository is the one compared.
    pub cwd: PathBuf,
}

/// One side of the comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    /// As given (`main`); `null`: the working tree.
    pub revision: Option<String>,
    pub commit: Option<String>,
}

impl Side {
    /// `main (1a2b3c4)`, `working tree`.
    pub fn label(&self) -> String {
        match (&self.revision, &self.commit) {
            (Some(r), Some(c)) => format!("{r} ({})", short(c)),
            _ => "working tree".to_string(),
        }
    }
}

/// A commit's short form.
pub fn short(commit: &str) -> &str {
    &commit[..commit.len().min(7)]
}

/// The access of both sides and the grants HEAD adds.
pub struct AccessDiff {
    pub base: Side,
    pub head: Side,
    pub base_access: Access,
    pub head_access: Access,
    /// The `new-access` findings over HEAD's sources, with HEAD's
    /// `[severity]` and `[[per-path]]` applied, in output order.
    pub new_access: Outcome,
    /// The repository's root, which paths are relative to.
    pub repo_root: PathBuf,
    /// Files that do not parse, with the revision (as labelled) they are in.
    pub warnings: Vec<(String, Warning)>,
    /// Files of a revision that could not be copied to be read (a name
    /// this system cannot hold), with the revision (as labelled).
    pub skipped: Vec<(String, Skipped)>,
}

impl AccessDiff {
    pub fn diff(&self) -> Diff<'_> {
        access::diff(&self.base_access, &self.head_access)
    }
}

/// Why the comparison stopped, with the warnings and skipped files said
/// until then.
#[derive(Debug)]
pub struct Stopped {
    pub warnings: Vec<(String, Warning)>,
    pub skipped: Vec<(String, Skipped)>,
    pub error: Error,
}

impl From<Error> for Stopped {
    fn from(error: Error) -> Stopped {
        Stopped {
            warnings: Vec::new(),
            skipped: Vec::new(),
            error,
        }
    }
}

/// A path given: in the repository (relative to its root), or outside it
/// (the same file for both revisions).
#[derive(Debug, Clone)]
enum Given {
    InRepo(PathBuf),
    Outside(PathBuf),
}

impl Given {
    fn new(path: &Path, cwd: &Path, repo_root: &Path) -> Given {
        let abs = crate::discover::tidy(&cwd.join(path));
        match abs.strip_prefix(repo_root) {
            Ok(rel) => Given::InRepo(rel.to_path_buf()),
            Err(_) => Given::Outside(abs),
        }
    }

    /// The path in a tree whose root is `root`.
    fn at(&self, root: &Path) -> PathBuf {
        match self {
            Given::InRepo(rel) if rel.as_os_str().is_empty() => root.to_path_buf(),
            Given::InRepo(rel) => root.join(rel),
            Given::Outside(abs) => abs.clone(),
        }
    }
}

/// What was read of one revision.
struct Read {
    outcome: Outcome,
    config: Option<Config>,
}

/// Reads the app in the tree at `root` as `request` (mapped to that tree)
/// asks (`None`: none of the paths is there, so the revision has nothing).
fn read_side(
    db: &Database,
    request: Request,
    label: &str,
    warnings: &mut Vec<(String, Warning)>,
) -> Result<Option<Read>, Error> {
    // A path that a revision does not have holds nothing in it.
    let paths: Vec<PathBuf> = request
        .paths
        .iter()
        .filter(|p| p.exists())
        .cloned()
        .collect();
    if paths.is_empty() {
        return Ok(None);
    }
    let config_path = match &request.config {
        Some(p) => Some(p.clone()),
        None => settings::discover(&paths).map_err(|e| Error::Usage(format!("{label}: {e}")))?,
    };
    let config = match config_path {
        None => None,
        Some(path) => match read_configuration(db, &path, &request.root) {
            Ok(c) => Some(c),
            Err(Error::Usage(m)) => return Err(Error::Usage(format!("{label}: {m}"))),
            Err(Error::Config(error)) => {
                return Err(Error::RevisionConfig {
                    revision: label.to_string(),
                    error,
                })
            }
            Err(e) => return Err(e),
        },
    };
    let opts = Options::new(config.as_ref(), Request { paths, ..request });
    let outcome = check::run(db, &opts.model());
    warnings.extend(
        Warning::all(&outcome)
            .into_iter()
            .map(|w| (label.to_string(), w)),
    );
    Ok(Some(Read { outcome, config }))
}

/// Compares what BASE and HEAD grant and need. `request` names the paths
/// and files to read in each revision (relative to `revisions.cwd`; none:
/// the working directory); a file in the repository is read as each
/// revision has it, and paths are shown relative to the repository root
/// (the request's `root` is not used).
pub fn run(db: &Database, request: &Request, revisions: &Revisions) -> Result<AccessDiff, Stopped> {
    let cwd = &revisions.cwd;
    let repo = git::Repo::containing(cwd).map_err(Error::Usage)?;
    let base = Side {
        revision: Some(revisions.base.clone()),
        commit: Some(repo.commit(&revisions.base).map_err(Error::Usage)?),
    };
    let head = match &revisions.head {
        Some(rev) => Side {
            revision: Some(rev.clone()),
            commit: Some(repo.commit(rev).map_err(Error::Usage)?),
        },
        None => Side {
            revision: None,
            commit: None,
        },
    };
    let mut given_paths = request.paths.clone();
    if given_paths.is_empty() {
        given_paths.push(PathBuf::from("."));
    }
    for p in given_paths.iter().chain(&request.client_json) {
        if !p.exists() && revisions.head.is_none() {
            return Err(Error::Usage(format!("{}: no such file or directory", p.display())).into());
        }
    }
    let given: Vec<Given> = given_paths
        .iter()
        .map(|p| Given::new(p, cwd, &repo.root))
        .collect();
    if let Some(outside) = given.iter().find_map(|g| match g {
        Given::Outside(p) => Some(p),
        Given::InRepo(_) => None,
    }) {
        return Err(Error::Usage(format!(
            "{}: not in the repository at {}; access-diff reads paths of the repository",
            outside.display(),
            repo.root.display()
        ))
        .into());
    }
    // Files named by options are read from each revision when they are in
    // the repository.
    let per_side = |side: &Side,
                    warnings: &mut Vec<(String, Warning)>,
                    skipped: &mut Vec<(String, Skipped)>|
     -> Result<(Option<Read>, Option<git::Tree>), Error> {
        let tree = match &side.commit {
            Some(c) => Some(repo.extract(c).map_err(Error::Usage)?),
            None => None,
        };
        if let Some(tree) = &tree {
            skipped.extend(tree.skipped.iter().map(|s| (side.label(), s.clone())));
        }
        let root = tree.as_ref().map_or(repo.root.clone(), |t| t.path.clone());
        let at = |p: &PathBuf| Given::new(p, cwd, &repo.root).at(&root);
        let mapped = Request {
            paths: given.iter().map(|g| g.at(&root)).collect(),
            root: root.clone(),
            config: request.config.as_ref().map(at),
            manifest: request.manifest.as_ref().map(at),
            client_json: request.client_json.iter().map(at).collect(),
            jobs: request.jobs,
            ..Request::default()
        };
        for p in mapped.config.iter().chain(&mapped.manifest) {
            if !p.exists() {
                return Err(Error::Usage(format!(
                    "{}: {}: no such file",
                    side.label(),
                    crate::source::relative(p, &root)
                )));
            }
        }
        let read = read_side(db, mapped, &side.label(), warnings)?;
        Ok((read, tree))
    };
    let (mut warnings, mut skipped) = (Vec::new(), Vec::new());
    let (base_read, _base_tree) = match per_side(&base, &mut warnings, &mut skipped) {
        Ok(read) => read,
        Err(error) => {
            return Err(Stopped {
                warnings,
                skipped,
                error,
            })
        }
    };
    let (head_read, _head_tree) = match per_side(&head, &mut warnings, &mut skipped) {
        Ok(read) => read,
        Err(error) => {
            return Err(Stopped {
                warnings,
                skipped,
                error,
            })
        }
    };
    let access_of = |read: &Option<Read>| {
        read.as_ref().map_or_else(Access::default, |r| {
            Access::of(&Context {
                app: &r.outcome.app,
                db,
                sources: &r.outcome.sources,
            })
        })
    };
    let base_access = access_of(&base_read);
    let head_access = access_of(&head_read);
    let findings = access::findings(&access::diff(&base_access, &head_access), rules::NEW_ACCESS);
    let (new_access, config) = match head_read {
        Some(read) => (read.outcome, read.config),
        None => (empty_outcome(), None),
    };
    Ok(AccessDiff {
        base,
        head,
        base_access,
        head_access,
        new_access: new_access_outcome(findings, new_access, config.as_ref()),
        repo_root: repo.root.clone(),
        warnings,
        skipped,
    })
}

/// The outcome of reading nothing (HEAD has none of the paths).
fn empty_outcome() -> Outcome {
    Outcome {
        sources: Default::default(),
        app: Default::default(),
        diagnostics: Vec::new(),
        stats: Default::default(),
        baseline: None,
        left_out: 0,
        notes: Vec::new(),
    }
}

/// HEAD's outcome with the `new-access` findings as its diagnostics, as
/// `check` would apply HEAD's configuration to them.
fn new_access_outcome(
    mut findings: Vec<crate::diagnostic::Diagnostic>,
    mut head: Outcome,
    config: Option<&Config>,
) -> Outcome {
    if let Some(config) = config {
        findings.retain(|d| {
            let path = &head.sources.get(d.primary.span.file).path;
            !config.ignores(d.rule, path)
        });
        if let Some(severity) = config.severity_of(rules::NEW_ACCESS) {
            for d in &mut findings {
                d.severity = severity;
            }
        }
    }
    head.diagnostics = findings;
    check::sort(&mut head.diagnostics, &head.sources);
    // Skipped files are `check`'s business (and a revision's are in a
    // temporary folder).
    head.stats.skipped.clear();
    head.notes.clear();
    head
}

#[derive(Serialize)]
struct Body<'a> {
    base: &'a Side,
    head: &'a Side,
    /// Something is granted or needed in HEAD that was not in BASE.
    new_access: bool,
    added: usize,
    removed: usize,
    clients: Vec<ClientOut<'a>>,
    roles: Vec<RoleOut<'a>>,
}

#[derive(Serialize)]
struct Change<T> {
    added: Vec<T>,
    removed: Vec<T>,
}

#[derive(Serialize)]
struct PlaceOut<'a> {
    file: &'a str,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct DeclaredOut<'a> {
    name: &'a str,
    #[serde(flatten)]
    place: PlaceOut<'a>,
}

#[derive(Serialize)]
struct GrantedOut<'a> {
    name: &'a str,
    roles: &'a [String],
}

#[derive(Serialize)]
struct CallOut<'a> {
    operation: &'a str,
    name: &'a str,
    #[serde(flatten)]
    place: PlaceOut<'a>,
}

#[derive(Serialize)]
struct NeededOut<'a> {
    name: &'a str,
    inferred: bool,
    calls: Vec<CallOut<'a>>,
}

#[derive(Serialize)]
struct Granting<'a> {
    scopes: Change<DeclaredOut<'a>>,
    roles: Change<DeclaredOut<'a>>,
    permissions: Change<GrantedOut<'a>>,
}

#[derive(Serialize)]
struct Needing<'a> {
    scopes: Change<NeededOut<'a>>,
    permissions: Change<NeededOut<'a>>,
}

#[derive(Serialize)]
struct ClientOut<'a> {
    name: &'a str,
    declared: bool,
    /// `added`, `removed` or `changed`.
    status: &'static str,
    grant_type: Option<&'a str>,
    /// Present when BASE's grant type differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    grant_type_before: Option<Option<&'a str>>,
    #[serde(flatten)]
    place: PlaceOut<'a>,
    granted: Granting<'a>,
    needed: Needing<'a>,
}

#[derive(Serialize)]
struct RoleOut<'a> {
    name: &'a str,
    status: &'static str,
    #[serde(flatten)]
    place: PlaceOut<'a>,
    permissions: Change<DeclaredOut<'a>>,
}

fn place(p: &access::Place) -> PlaceOut<'_> {
    PlaceOut {
        file: &p.file,
        line: p.line,
        column: p.column,
    }
}

fn change<'a, T: 'a, O>(c: &Changes<'a, T>, f: impl Fn(&'a T) -> O) -> Change<O> {
    Change {
        added: c.added.iter().map(|&x| f(x)).collect(),
        removed: c.removed.iter().map(|&x| f(x)).collect(),
    }
}

fn declared_out(d: &access::Declared) -> DeclaredOut<'_> {
    DeclaredOut {
        name: &d.name,
        place: place(&d.place),
    }
}

fn needed_out(n: &Needed) -> NeededOut<'_> {
    NeededOut {
        name: &n.name,
        inferred: n.inferred,
        calls: n
            .calls
            .iter()
            .map(|c| CallOut {
                operation: &c.operation,
                name: &c.name,
                place: place(&c.place),
            })
            .collect(),
    }
}

impl Serialize for AccessDiff {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let diff = self.diff();
        Body {
            base: &self.base,
            head: &self.head,
            new_access: diff.grows(),
            added: diff.added(),
            removed: diff.removed(),
            clients: diff
                .clients
                .iter()
                .map(|c| ClientOut {
                    name: &c.client.name,
                    declared: c.client.declared,
                    status: c.status.as_str(),
                    grant_type: c.client.grant_type.as_deref(),
                    grant_type_before: c.grant_type_before,
                    place: place(&c.client.place),
                    granted: Granting {
                        scopes: change(&c.scopes, declared_out),
                        roles: change(&c.roles, declared_out),
                        permissions: change(&c.permissions, |g| GrantedOut {
                            name: &g.permission,
                            roles: &g.roles,
                        }),
                    },
                    needed: Needing {
                        scopes: change(&c.needed_scopes, needed_out),
                        permissions: change(&c.needed_permissions, needed_out),
                    },
                })
                .collect(),
            roles: diff
                .roles
                .iter()
                .map(|r| RoleOut {
                    name: &r.role.name,
                    status: r.status.as_str(),
                    place: place(&r.role.place),
                    permissions: change(&r.permissions, declared_out),
                })
                .collect(),
        }
        .serialize(serializer)
    }
}
