//! Loading an app: walk the paths, read and scan each file (in parallel,
//! folded in path order), read the definitions (manifests, Terraform
//! modules, wizard configs, API JSON), gather the facts of the code, and
//! link each call to the clients it runs under. The result is the model
//! the rules read.
//!
//! Imports the layers below it: `discover`, `config`, `manifest`, `parse`,
//! `scan`, `model`, `db`, `source`. `check` uses it.

mod constants;
mod deploy;
mod file;
mod imports;
pub mod link;
mod pins;
mod regions;
mod requests;

pub use deploy::TerraformClient;
pub use regions::DefaultRegions;

use crate::config::terraform::VarFile;
use crate::config::{ConfigRead, DataAction};
use crate::db::Database;
use crate::discover::{self, FileKind, Found, Read, Skipped};
use crate::model::{
    ApiObject, App, AuthFlow, AuthHeader, CallKind, CallSite, ClientId, Flow, FlowId, FlowLink,
    GrantKind, HostRef, InputIssue, InputIssueKind, Link, RequestedScopes, Resolution,
    TokenEndpoint,
};
use crate::parse::hcl::HclBlock;
use crate::scan::{self, Evidence, FileScan, FoundSecret};
use crate::source::{relative, FileId, SourceFile, SourceMap, Span};
use file::{Loaded as FileRead, ParsedConfig};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The calls of a file that hand a path to a function no file read
/// defines (their callee is what the second pass looks for).
fn awaited<'s>(
    s: &'s FileScan,
    defined: &'s HashSet<String>,
) -> impl Iterator<Item = &'s scan::FoundOutgoing> {
    s.outgoing
        .iter()
        .filter(|c| !defined.contains(c.callee.as_str()) && c.callee.len() >= 3)
}

/// The names wanted in the projects a file is in (the folders above it).
fn names_above(path: &Path, wanted: &HashMap<PathBuf, Vec<String>>) -> Vec<String> {
    path.ancestors()
        .filter_map(|a| wanted.get(a))
        .flatten()
        .cloned()
        .collect()
}

/// A file the second pass reads: its path, what the first pass saw, and
/// the names it must hold (none: read whatever it holds).
type Chosen = (PathBuf, file::Unscanned, Vec<String>);

/// What to read and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    /// A manifest to use in addition to those found under `paths`.
    pub manifest: Option<PathBuf>,
    /// API JSON files (an OAuth client as `GET /api/v2/oauth/clients/{id}`
    /// returns it, role exports) whose clients may run any scanned file:
    /// the client an admin made outside the repository.
    pub client_json: Vec<PathBuf>,
    /// Output paths are relative to this folder.
    pub root: PathBuf,
    /// Worker threads (default: the machine's parallelism).
    pub jobs: Option<usize>,
    /// Texts to use instead of the files on disk (an editor's unsaved
    /// buffers), keyed by absolute path. Only files the walk finds are read.
    pub overrides: std::collections::HashMap<PathBuf, String>,
    /// What the walk leaves out (`exclude` in gclint.toml).
    pub exclude: discover::Exclude,
    /// Generated, minified or vendored files read anyway
    /// (`include-generated` in gclint.toml).
    pub include_generated: discover::Exclude,
    /// Regions for manifests that list none (`default-regions` in gclint.toml).
    pub default_regions: Option<DefaultRegions>,
    /// The OAuth client Terraform deploys with (`terraform-client` in gclint.toml).
    pub terraform_client: Option<TerraformClient>,
    /// An organisation's own permissions (`--permissions-json`).
    pub org_permissions: Option<std::sync::Arc<crate::db::OrgPermissions>>,
}

impl Options {
    pub fn jobs(&self) -> usize {
        self.jobs.unwrap_or_else(crate::parallel::default_jobs)
    }
}

#[derive(Debug, Default)]
pub struct Stats {
    pub files_read: usize,
    pub skipped: Vec<Skipped>,
    /// The paths held no manifest and none was named, so the folders above
    /// them were searched up to the repository root, in vain.
    pub no_manifest_above: bool,
    /// The manifest found that way, read for the clients of the checked
    /// code: what it says of the whole app (unused scopes) is not judged
    /// from part of the app's code.
    pub manifest_above: Option<PathBuf>,
    /// Files on the retired first-generation .NET SDK, whose calls the
    /// data cannot judge (see [`scan::RETIRED_DOTNET_SDK`]).
    pub retired_sdk_files: usize,
}

/// The app as read.
pub struct Loaded {
    pub sources: SourceMap,
    pub app: App,
    pub stats: Stats,
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The files of `files` under none of `roots` (as `absolute` gives them).
fn outside(files: &[PathBuf], roots: &[PathBuf]) -> HashSet<PathBuf> {
    let real = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| absolute(p));
    let roots: Vec<PathBuf> = roots.iter().map(|r| real(r)).collect();
    files
        .iter()
        .filter(|f| {
            let f = real(f);
            !roots.iter().any(|r| f.starts_with(r))
        })
        .map(|f| absolute(f))
        .collect()
}

/// Reads the app under `opts.paths`: the stages in order.
pub fn run(db: &Database, opts: &Options) -> Loaded {
    let mut paths: Vec<PathBuf> = opts.paths.iter().map(|p| absolute(p)).collect();
    let scanned = paths.len();
    paths.extend(opts.client_json.iter().map(|p| absolute(p)));
    // Files are read (and most ruled out by the prefilter) on every core
    // as the walk finds them, with the SDK pins of lockfiles; large files
    // and the source the prefilter keeps after the walk, heaviest first.
    let (mut walked, mut skipped) = discover::walk_map(
        &paths,
        &opts.exclude,
        opts.jobs(),
        |f, visit| match file::read(f, visit, opts) {
            read @ (FileRead::Later(_) | FileRead::Held(_)) => (read, None),
            read => (read, read_sdk_pin(&f.path)),
        },
        |(read, _)| match read {
            FileRead::Later(size) => Some(*size),
            FileRead::Held(bytes) => Some(bytes.len() as u64),
            _ => None,
        },
        |f, (read, _)| (file::finish(f, read, opts), read_sdk_pin(&f.path)),
    );
    let paths = &paths[..scanned];
    // The manifest named (`--manifest`, `manifest =`) is read as one
    // whatever its file is called; without one, and with none under the
    // paths, the manifest of the app the paths belong to (in a folder
    // above them, up to the repository root).
    let mut above = None;
    let mut no_manifest_above = false;
    let manifest = match &opts.manifest {
        Some(m) => Some(absolute(m)),
        None if walked
            .iter()
            .any(|(f, _)| matches!(f.kind, FileKind::Manifest { .. })) =>
        {
            None
        }
        None => match manifest_above(paths) {
            Above::Found(m) => {
                above = Some(m.clone());
                Some(m)
            }
            Above::None => {
                no_manifest_above = true;
                None
            }
            Above::NotSearched => None,
        },
    };
    // Files named for what they hold are read as that, whatever their
    // names say: the manifest, and the client exports as API JSON.
    let named = manifest
        .iter()
        .map(|m| {
            let json = crate::manifest::is_json(m);
            (m.clone(), FileKind::Manifest { json })
        })
        .chain(
            opts.client_json
                .iter()
                .filter(|p| p.is_file())
                .map(|p| (absolute(p), FileKind::Json)),
        );
    for (path, kind) in named.collect::<Vec<_>>() {
        let tidy = discover::tidy(&path);
        walked.retain(|(f, _)| discover::tidy(&f.path) != tidy);
        skipped_named(&mut skipped, &tidy);
        let file = Found {
            path,
            kind,
            explicit: true,
        };
        let read = (
            file::read(&file, discover::Visit::Later, opts),
            read_sdk_pin(&file.path),
        );
        let at = walked.partition_point(|(f, _)| f.path < file.path);
        walked.insert(at, (file, read));
    }
    let (found, read): (Vec<Found>, Vec<(file::Loaded, Option<PinRead>)>) =
        walked.into_iter().unzip();
    let mut state = State::new(opts, skipped);
    state.app.org_permissions = opts.org_permissions.clone();
    state.stats.no_manifest_above = no_manifest_above;
    if above.is_some() {
        state.explicit_path.clone_from(&above);
        state.stats.manifest_above = above;
    }
    let markers = project_markers(&found);
    state.apps.extend(markers.iter().cloned());
    let mut pins = Vec::new();
    for (f, (read, pin)) in found.into_iter().zip(read) {
        if let Some(pin) = pin {
            pins.push((f.path.clone(), pin));
        }
        state.fold(f, read);
    }
    state.add_sdk_pins(pins);
    state.read_terraform_modules();
    if let Some(defaults) = &opts.default_regions {
        defaults.apply(&mut state.app.manifests, &mut state.sources, &state.root);
    }
    if let Some(deploy) = &opts.terraform_client {
        deploy.apply(&mut state.app, &mut state.sources, &state.root);
    }
    let mut projects = state.projects(paths, markers);
    state.second_pass(&projects, opts);
    projects.serve_pages(
        state
            .scans
            .iter()
            .filter(|(_, s)| s.browser && !s.test_framework)
            .map(|(f, _)| state.sources.get(*f).path.clone()),
    );
    state.mark_test_code(&projects);
    state.add_code_facts();
    state.wizard_roots(&projects);
    constants::constant_calls(db, &state.sources, &mut state.scans);
    link::wizard_login_grants(&mut state.app, &state.sources);
    state.link_calls(db, &projects, opts.jobs());
    state.add_data_actions(db, &projects);
    Loaded {
        sources: state.sources,
        app: state.app,
        stats: state.stats,
    }
}

/// A lockfile's or manifest's pin of a Genesys SDK, where it is, and the
/// file's text (its span's source).
type PinRead = (crate::model::SdkPin, std::ops::Range<usize>, String);

/// The SDK pin of a package or lock file (`package.json`, `poetry.lock`,
/// ...), read on the walk's threads: lockfiles run to megabytes.
fn read_sdk_pin(path: &Path) -> Option<PinRead> {
    /// Lockfiles of large projects are big; the pin is near the top of
    /// any sane one.
    const MAX: u64 = 16 << 20;
    let name = path.file_name().and_then(|n| n.to_str())?;
    if !pins::is_pin_file(name) {
        return None;
    }
    let bytes = crate::files::read_bounded(path, MAX).ok().flatten()?;
    let text = String::from_utf8(bytes).ok()?;
    let parse = |t: &str| crate::parse::json::parse(t).ok().map(|p| p.root);
    let (pin, range) = pins::read(name, &text, parse)?;
    Some((pin, range, text))
}

/// Forgets that the walk skipped a file named for what it holds (as "not
/// a file kind gclint reads"): it is read as what it was named for.
fn skipped_named(skipped: &mut Vec<Skipped>, path: &Path) {
    skipped.retain(|s| discover::tidy(&s.path) != path);
}

/// What the folders above the checked paths hold.
enum Above {
    /// The manifest nearest above the first path that has one.
    Found(PathBuf),
    /// None up to the repository root.
    None,
    /// The paths are outside any git repository, or at its root: nothing
    /// above them belongs to their app.
    NotSearched,
}

/// The manifest of the app `paths` belong to, when they hold none: the
/// nearest `appfoundry.yaml`/`.yml`/`.json` in the folder of a checked
/// file, or above a checked folder, up to the root of the git repository
/// (the nearest folder holding `.git`; outside a repository nothing is
/// searched, as `gclint.toml` is found up to the same root).
fn manifest_above(paths: &[PathBuf]) -> Above {
    let mut searched = false;
    for path in paths {
        let path = discover::tidy(path);
        // A folder's own manifest would have been walked.
        let start = match path.is_dir() {
            true => match path.join(".git").exists() {
                true => continue,
                false => path.parent(),
            },
            false => path.parent(),
        };
        let Some(start) = start else { continue };
        let Some(repo) = start.ancestors().find(|d| d.join(".git").exists()) else {
            continue;
        };
        searched = true;
        for dir in start.ancestors() {
            for name in ["appfoundry.yaml", "appfoundry.yml", "appfoundry.json"] {
                let candidate = dir.join(name);
                if candidate.is_file() {
                    return Above::Found(candidate);
                }
            }
            if dir == repo {
                break;
            }
        }
    }
    match searched {
        true => Above::None,
        false => Above::NotSearched,
    }
}

/// Folders holding a project marker (see [`link`]).
fn project_markers(found: &[Found]) -> HashSet<PathBuf> {
    found
        .iter()
        .filter(|f| {
            f.kind == FileKind::ProjectMarker
                || f.path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(discover::is_project_marker)
        })
        .filter_map(|f| f.path.parent().map(Path::to_path_buf))
        .collect()
}

/// Everything read so far, between the stages of [`run`].
struct State {
    root: PathBuf,
    explicit_path: Option<PathBuf>,
    sources: SourceMap,
    app: App,
    stats: Stats,
    /// The manifest that defines each client (to link files to the clients
    /// of their app); the manifest given with `--manifest`.
    client_manifest: Vec<Option<usize>>,
    explicit_manifest: Option<usize>,
    /// The files given with `--client-json`; for each client, whether one
    /// of them defines it.
    external_files: HashSet<PathBuf>,
    /// Those of them outside the checked paths: saved API output, not
    /// repository content, so a secret in them is not a finding.
    external_outside: HashSet<PathBuf>,
    client_external: Vec<bool>,
    /// Folders that hold an app: markers, manifests, code with a login.
    apps: Vec<PathBuf>,
    /// The scanned folders (the paths given, files' folders for files).
    roots: Vec<PathBuf>,
    scans: Vec<(FileId, FileScan)>,
    /// Source files the prefilter found nothing in (a second pass may read them).
    unscanned: Vec<(PathBuf, file::Unscanned)>,
    terraform: BTreeMap<PathBuf, Vec<(FileId, Vec<HclBlock>)>>,
    tfvars: Vec<VarFile>,
    data_actions: Vec<DataAction>,
}

impl State {
    fn new(opts: &Options, skipped: Vec<Skipped>) -> State {
        let root = absolute(&opts.root);
        // Skipped paths are shown like diagnostics' files: relative to the root.
        let skipped = skipped
            .into_iter()
            .map(|s| Skipped {
                path: PathBuf::from(relative(&s.path, &root)),
                reason: s.reason,
            })
            .collect();
        State {
            explicit_path: opts.manifest.as_ref().map(|m| absolute(m)),
            root,
            sources: SourceMap::default(),
            app: App::default(),
            stats: Stats {
                skipped,
                ..Stats::default()
            },
            client_manifest: Vec::new(),
            explicit_manifest: None,
            external_files: opts.client_json.iter().map(|p| absolute(p)).collect(),
            external_outside: outside(&opts.client_json, &opts.paths),
            client_external: Vec::new(),
            apps: Vec::new(),
            roots: Vec::new(),
            scans: Vec::new(),
            unscanned: Vec::new(),
            terraform: BTreeMap::new(),
            tfvars: Vec::new(),
            data_actions: Vec::new(),
        }
    }

    /// The SDK releases the projects pin (see [`pins`]).
    /// The SDK pins the walk found, in path order.
    fn add_sdk_pins(&mut self, pins: Vec<(PathBuf, PinRead)>) {
        for (path, (mut pin, range, text)) in pins {
            let id = self.add_source(&path, text);
            pin.span = Span::new(id, range);
            let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
            self.app.sdk_pins.push(crate::model::SdkPinAt { pin, dir });
        }
    }

    fn add_source(&mut self, path: &Path, text: String) -> FileId {
        let rel = relative(path, &self.root);
        self.sources
            .add(SourceFile::new(path.to_path_buf(), rel, text))
    }

    /// Adds what one file held.
    fn fold(&mut self, f: Found, read: FileRead) {
        match read {
            FileRead::Skip(reason) => self.stats.skipped.push(Skipped {
                path: PathBuf::from(relative(&f.path, &self.root)),
                reason,
            }),
            // The walk reads every file it put off before it returns.
            FileRead::NotOurs | FileRead::Later(_) | FileRead::Held(_) => {}
            FileRead::Nothing => self.stats.files_read += 1,
            FileRead::Unscanned(unscanned) => {
                self.stats.files_read += 1;
                self.unscanned.push((f.path, unscanned));
            }
            FileRead::Manifest {
                text,
                lossy,
                json,
                secrets,
            } => {
                self.stats.files_read += 1;
                let id = self.add_source(&f.path, text);
                self.add_secrets(id, &secrets);
                self.add_manifest(&f.path, id, lossy, json);
            }
            FileRead::Source { text, scan } => {
                self.stats.files_read += 1;
                let id = self.add_source(&f.path, text);
                // A page that loads the SDK from the CDN pins its release
                // for the code in its folder, as a lockfile would.
                let dir = f.path.parent().unwrap_or(Path::new("")).to_path_buf();
                for (version, range) in &scan.sdk_cdn {
                    self.app.sdk_pins.push(crate::model::SdkPinAt {
                        pin: crate::model::SdkPin {
                            sdk: "js".into(),
                            version: version.clone(),
                            kind: crate::model::PinKind::Exact,
                            span: Span::new(id, range.clone()),
                        },
                        dir: dir.clone(),
                    });
                }
                // The guest-chat SDK it loads serves its folder's code.
                if scan.guest_chat_sdk {
                    self.app.sdk_pins.push(crate::model::SdkPinAt {
                        pin: crate::model::SdkPin {
                            sdk: crate::model::GUEST_CHAT_SDK.into(),
                            version: String::new(),
                            kind: crate::model::PinKind::Major,
                            span: Span::new(id, 0..0),
                        },
                        dir: dir.clone(),
                    });
                }
                self.scans.push((id, *scan));
            }
            FileRead::Secrets { text, secrets } => {
                self.stats.files_read += 1;
                let id = self.add_source(&f.path, text);
                self.add_secrets(id, &secrets);
            }
            FileRead::Config {
                text,
                parsed,
                secrets,
            } => {
                self.stats.files_read += 1;
                let id = self.add_source(&f.path, text);
                if !self.external_outside.contains(&f.path) {
                    self.add_secrets(id, &secrets);
                }
                self.add_definitions(&f.path, id, parsed);
            }
        }
    }

    fn add_manifest(&mut self, path: &Path, id: FileId, lossy: bool, json: bool) {
        if lossy {
            self.app.input_issues.push(InputIssue {
                kind: InputIssueKind::Parse,
                span: Span::new(id, 0..0),
                message: "the manifest is not valid UTF-8".into(),
                suggestion: None,
            });
            return;
        }
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let read = crate::manifest::read(id, &self.sources.get(id).text, json, &dir);
        self.app.input_issues.extend(read.issues);
        let Some(m) = read.manifest else { return };
        let index = self.app.manifests.len();
        if self.explicit_path.as_deref() == Some(path) {
            self.explicit_manifest = Some(index);
        }
        self.apps.push(m.dir.clone());
        self.app.manifests.push(m);
        self.client_manifest
            .extend(std::iter::repeat_n(Some(index), read.clients.len()));
        self.client_external
            .extend(std::iter::repeat_n(false, read.clients.len()));
        self.app.clients.extend(read.clients);
        self.app.roles.extend(read.roles);
    }

    /// A configuration file's definitions; Terraform waits for the rest of
    /// its module (references resolve across the files of a folder).
    fn add_definitions(
        &mut self,
        path: &Path,
        id: FileId,
        parsed: Result<ParsedConfig, crate::parse::ParseIssue>,
    ) {
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let read = match parsed {
            Err(issue) => {
                self.app.input_issues.push(InputIssue {
                    kind: InputIssueKind::Parse,
                    span: Span::new(id, issue.range),
                    message: format!("the file cannot be parsed: {}", issue.message),
                    suggestion: None,
                });
                return;
            }
            Ok(ParsedConfig::Terraform(blocks)) => {
                self.terraform.entry(dir).or_default().push((id, blocks));
                return;
            }
            Ok(ParsedConfig::TerraformVars(values)) => {
                self.tfvars.push(VarFile {
                    path: path.to_path_buf(),
                    file: id,
                    values,
                });
                return;
            }
            Ok(ParsedConfig::Wizard(root)) => crate::config::wizard::read(id, &root, path),
            Ok(ParsedConfig::ApiJson(root)) => {
                let read = crate::config::api_json::read(id, &root, &dir);
                let external = self.external_files.contains(path);
                return self.add_config(read, external);
            }
        };
        self.add_config(read, false);
    }

    /// Adds what a configuration source defines; its clients belong to no
    /// manifest. `external`: given with `--client-json`.
    fn add_config(&mut self, read: ConfigRead, external: bool) {
        self.client_manifest
            .extend(std::iter::repeat_n(None, read.clients.len()));
        self.client_external
            .extend(std::iter::repeat_n(external, read.clients.len()));
        self.app.clients.extend(read.clients);
        self.app.roles.extend(read.roles);
        self.data_actions.extend(read.data_actions);
        if let Some(mut module) = read.terraform {
            for call in &mut module.calls {
                call.dir = call.dir.as_deref().map(discover::tidy);
            }
            self.app.terraform.push(module);
        }
    }

    fn add_secrets(&mut self, file: FileId, secrets: &[FoundSecret]) {
        self.app.secrets.extend(secrets.iter().map(|s| s.at(file)));
    }

    fn read_terraform_modules(&mut self) {
        let modules = std::mem::take(&mut self.terraform);
        for (dir, files) in &modules {
            let read = crate::config::terraform::read_module(files, dir, &self.tfvars);
            self.add_config(read, false);
        }
    }

    /// Where projects begin and end; each manifest's reach.
    fn projects(&mut self, paths: &[PathBuf], markers: HashSet<PathBuf>) -> link::Projects {
        for (file, found) in &self.scans {
            if !found.flows.is_empty() {
                if let Some(dir) = self.sources.get(*file).path.parent() {
                    self.apps.push(dir.to_path_buf());
                }
            }
        }
        let scanned_roots: Vec<PathBuf> = paths
            .iter()
            .map(|p| match p.is_file() {
                true => p.parent().map(Path::to_path_buf).unwrap_or_default(),
                false => p.clone(),
            })
            .collect();
        self.roots = scanned_roots.clone();
        let projects = link::Projects::new(scanned_roots, markers, &self.apps);
        for (i, m) in self.app.manifests.iter_mut().enumerate() {
            m.reach = (Some(i) != self.explicit_manifest).then(|| projects.root_of(&m.dir));
        }
        projects
    }

    /// Reads, without the prefilter, the source files the first pass left
    /// that may add a call to what it found: in a project whose code
    /// leaves the path to other files (a Genesys base URL, a wrapper taking
    /// the endpoint), those that write a Platform path; those that name a
    /// function or a whole Platform URL that a scanned file awaits or shares.
    fn second_pass(&mut self, projects: &link::Projects, opts: &Options) {
        // A call handing a Platform path to a function no file read
        // defines (`every(session, env, "/api/v2/routing/skills")`): the
        // project's files that name that function are read for it.
        let defined: HashSet<String> = self
            .scans
            .iter()
            .flat_map(|(_, s)| s.wrappers.iter().map(|w| w.name.clone()))
            .collect();
        // What each scanned file asks of its project, on every core: the
        // values are written out to be searched.
        let asks = crate::parallel::map_ordered(&self.scans, opts.jobs(), |(_, s)| {
            let base = s.api_base || s.leaves_path_to_others();
            let names: Vec<String> = awaited(s, &defined)
                .filter(|c| {
                    c.args
                        .iter()
                        .any(|a| a.values.iter().any(|v| v.text().contains("/api/v2/")))
                })
                .map(|c| c.callee.clone())
                .chain(
                    s.platform_urls()
                        .filter(|n| n.len() >= 3)
                        .map(str::to_string),
                )
                .collect();
            (base, names)
        });
        let mut bases: HashSet<PathBuf> = HashSet::new();
        let mut wanted: HashMap<PathBuf, Vec<String>> = HashMap::new();
        let mut roots = Vec::with_capacity(self.scans.len());
        for ((f, _), (base, names)) in self.scans.iter().zip(asks) {
            let dir = self.sources.get(*f).path.parent().unwrap_or(Path::new(""));
            let root = projects.root_of(dir);
            if !names.is_empty() {
                wanted.entry(root.clone()).or_default().extend(names);
            }
            if base {
                bases.insert(root.clone());
            }
            roots.push(root);
        }
        for names in wanted.values_mut() {
            names.sort_unstable();
            names.dedup();
        }
        if bases.is_empty() && wanted.is_empty() {
            return;
        }
        // First, in a project that sends paths to a Genesys base, the files
        // that write the start of a Platform path; anywhere, those that
        // name what a scanned file awaits.
        let mut rest = Vec::new();
        let chosen: Vec<Chosen> = std::mem::take(&mut self.unscanned)
            .into_iter()
            .filter_map(|(p, u)| {
                // The folders above the file, each looked up once (not
                // every base compared with every file).
                if u.path_head && p.ancestors().any(|a| bases.contains(a)) {
                    return Some((p, u, Vec::new()));
                }
                let names = names_above(&p, &wanted);
                if names.is_empty() {
                    rest.push((p, u));
                    return None;
                }
                Some((p, u, names))
            })
            .collect();
        let added = self.read_chosen(&chosen, opts);
        // Then, in such a project, the files that name what the files read
        // so far await (a URL builder: `gc.NewURI("/users/%s", id)`) or
        // share (a class of path constants: `Endpoints::GET`, `paths.users`).
        let mut shared: HashMap<PathBuf, Vec<String>> = HashMap::new();
        let scanned = self.scans.iter().zip(roots).map(|((_, s), r)| (r, s));
        let read = added
            .iter()
            .map(|(p, s, _)| (projects.root_of(p.parent().unwrap_or(Path::new(""))), s));
        for (root, found) in scanned.chain(read) {
            if !bases.contains(&root) {
                continue;
            }
            let names = awaited(found, &defined)
                .map(|c| c.callee.as_str())
                .chain(found.exports.iter().map(|(n, _)| n.as_str()))
                .chain(found.returns.iter().map(|r| r.name.as_str()))
                .filter_map(|n| n.split(['.', ':']).find(|s| !s.is_empty()))
                .filter(|n| n.len() >= 2)
                .map(str::to_string);
            shared.entry(root).or_default().extend(names);
        }
        // A file read for names it did not hold may hold these.
        let kept: HashSet<&Path> = added.iter().map(|(p, _, _)| p.as_path()).collect();
        rest.extend(
            chosen
                .iter()
                .filter(|(p, _, names)| !names.is_empty() && !kept.contains(p.as_path()))
                .map(|(p, u, _)| (p.clone(), *u)),
        );
        self.push_second(added);
        shared.retain(|_, names| {
            names.sort_unstable();
            names.dedup();
            !names.is_empty()
        });
        if !shared.is_empty() {
            let chosen: Vec<Chosen> = rest
                .into_iter()
                .filter_map(|(p, u)| {
                    let names = names_above(&p, &shared);
                    (!names.is_empty()).then_some((p, u, names))
                })
                .collect();
            let added = self.read_chosen(&chosen, opts);
            self.push_second(added);
        }
        // Kept in path order, as the first pass leaves them.
        let sources = &self.sources;
        self.scans
            .sort_by(|a, b| sources.get(a.0).path.cmp(&sources.get(b.0).path));
    }

    /// Reads and scans the files the second pass chose, those with names
    /// only if they hold one of them, on every core.
    fn read_chosen(&self, chosen: &[Chosen], opts: &Options) -> Vec<(PathBuf, FileScan, String)> {
        // Largest first, as in the walk: a heavy file chosen last would
        // keep one core busy while the others wait.
        let read = crate::parallel::map_largest_first(
            chosen,
            opts.jobs(),
            |(_, u, _)| u.size,
            |(path, u, names)| {
                let text = match opts.overrides.get(path) {
                    Some(t) => t.clone(),
                    None => match discover::read(path) {
                        Read::Text(t) | Read::Lossy(t) => t,
                        Read::Skip(_) => return None,
                    },
                };
                if !names.is_empty()
                    && !names
                        .iter()
                        .any(|n| memchr::memmem::find(text.as_bytes(), n.as_bytes()).is_some())
                {
                    return None;
                }
                // Built, minified and vendored files stay out here too.
                if !opts.include_generated.excludes(path, false)
                    && crate::generated::reason(path, &text).is_some()
                {
                    return None;
                }
                let found = scan::scan_all(u.language, &text);
                let nothing = found.calls.is_empty()
                    && found.constants.is_empty()
                    && found.constant_requests.is_empty()
                    && !found.shares_requests();
                if nothing {
                    return None;
                }
                let text = file::redact(text, found.secrets.iter().map(|s| s.redact.clone()));
                Some((text, found))
            },
        );
        chosen
            .iter()
            .zip(read)
            .filter_map(|((path, _, _), read)| {
                read.map(|(text, found)| (path.clone(), found, text))
            })
            .collect()
    }

    fn push_second(&mut self, added: Vec<(PathBuf, FileScan, String)>) {
        for (path, found, text) in added {
            let id = self.add_source(&path, text);
            self.scans.push((id, found));
        }
    }

    /// Test code: a test folder or file name (below the scanned folder), or
    /// a file that uses a test framework.
    fn mark_test_code(&mut self, projects: &link::Projects) {
        let framework: HashSet<FileId> = self
            .scans
            .iter()
            .filter(|(_, s)| s.test_framework)
            .map(|(f, _)| *f)
            .collect();
        self.app.test_files = self
            .sources
            .iter()
            .filter(|(f, file)| framework.contains(f) || projects.is_test_code(&file.path))
            .map(|(f, _)| f)
            .collect();
        self.app.test_files.sort();
    }

    /// A premium-app wizard is where its config and its modules are,
    /// whatever its folders are named: its login's folder is the closest
    /// folder holding its config and the modules of its project.
    fn wizard_roots(&mut self, projects: &link::Projects) {
        for client in self
            .app
            .clients
            .iter_mut()
            .filter(|c| c.wizard_run.is_some())
        {
            let config = &self.sources.get(client.decl.file).path;
            let project = projects.root_of(config.parent().unwrap_or(Path::new("")));
            let mut root = client.base_dir.clone();
            for (file, _) in &self.app.wizard_modules {
                let module = &self.sources.get(*file).path;
                if !module.starts_with(&project) || module.starts_with(&root) {
                    continue;
                }
                while !module.starts_with(&root) {
                    match root.parent() {
                        Some(p) if p.starts_with(&project) => root = p.to_path_buf(),
                        _ => break,
                    }
                }
            }
            client.base_dir = root;
        }
    }

    /// The facts of the code other than calls, for the rules.
    fn add_code_facts(&mut self) {
        let app = &mut self.app;
        for (file, found) in &self.scans {
            let file = *file;
            let span = |r: &std::ops::Range<usize>| Span::new(file, r.clone());
            app.auth_flows.extend(found.flows.iter().map(|f| AuthFlow {
                span: span(&f.range),
                grant: f.grant,
                pkce: f.pkce,
                sdk_args: f.sdk_args,
                sdk_client: f.sdk_client,
            }));
            app.api_objects
                .extend(found.api_objects.iter().map(|o| ApiObject {
                    span: span(&o.range),
                    class: o.class.clone(),
                }));
            app.hosts.extend(found.hosts.iter().map(|h| HostRef {
                span: span(&h.range),
                host: h.host.clone(),
                kind: h.kind,
                alternative: h.alternative,
                login: h.login,
            }));
            app.token_endpoints
                .extend(found.token_endpoints.iter().map(|t| TokenEndpoint {
                    span: span(&t.range),
                    host: t.host.clone(),
                    path: t.path.clone(),
                }));
            app.requested_scopes
                .extend(found.requested_scopes.iter().map(|s| RequestedScopes {
                    span: span(&s.range),
                    value: s.value.clone(),
                    offset: s.offset,
                }));
            app.auth_headers
                .extend(found.auth_headers.iter().map(|a| AuthHeader {
                    span: span(&a.range),
                    scheme: a.scheme.clone(),
                }));
            app.secrets.extend(found.secrets.iter().map(|s| s.at(file)));
            if found.browser {
                app.browser_files.push(file);
            }
            if let Some(key) = &found.wizard_module {
                app.wizard_modules.push((file, key.clone()));
            }
        }
    }

    /// Each call of the code, resolved and linked to its clients.
    fn link_calls(&mut self, db: &Database, projects: &link::Projects, jobs: usize) {
        let edges = imports::edges(&self.scans, &self.sources, &self.roots);
        requests::cross_file(&self.sources, projects, &mut self.scans, &edges);
        let linker = link::Linker::new(
            &self.app,
            &self.sources,
            projects,
            &self.client_manifest,
            self.explicit_manifest,
            &self.client_external,
            &edges,
        );
        let mut calls = Vec::new();
        // Each call's undeclared logins, by key until they are numbered.
        let mut call_keys: Vec<Vec<link::FlowKey>> = Vec::new();
        let genesys = self.genesys_projects(db, projects);
        let defined = self.defined_by_project(projects);
        // The API areas of the catalogue, read once if a call needs them.
        let areas = std::cell::OnceCell::new();
        // Each call's operation, looked up in the catalogue, and each
        // file's clients and logins, on every core.
        let sources = &self.sources;
        let linked = crate::parallel::map_ordered(&self.scans, jobs, |(file, found)| {
            if found.calls.is_empty() {
                return None;
            }
            let resolved: Vec<Resolution> = found
                .calls
                .iter()
                .map(|c| CallSite::resolve(db, &c.kind))
                .collect();
            let path = &sources.get(*file).path;
            let (clients, link) = linker.link(*file, path);
            let (keys, flow_link) = match link {
                Link::Unlinked => linker.flows_of(*file, path),
                _ => (Vec::new(), FlowLink::None),
            };
            Some((resolved, clients, link, keys, flow_link))
        });
        // What is left of the scans is freed on a thread of its own: many
        // small allocations, which this thread would free one by one.
        let mut spent = Vec::with_capacity(self.scans.len());
        for ((file, mut found), linked) in std::mem::take(&mut self.scans).into_iter().zip(linked) {
            let written = std::mem::take(&mut found.calls);
            let retired_sdk = found.retired_sdk;
            spent.push(found);
            let Some((resolved, clients, link, keys, flow_link)) = linked else {
                continue;
            };
            // The retired .NET SDK named its methods otherwise: a name the
            // current catalogue knows may be another operation's.
            let mut resolved: Vec<_> = written.into_iter().zip(resolved).collect();
            if retired_sdk {
                self.stats.retired_sdk_files += 1;
                resolved.retain(|(c, _)| !matches!(c.kind, CallKind::Sdk { .. }));
            }
            let path = &self.sources.get(file).path;
            let dir = path.parent().unwrap_or(Path::new(""));
            let dir_root = projects.root_of(dir);
            let in_genesys_project = genesys.contains(&dir_root);
            // Two passes may find the same call (a wrapper's caller, and
            // the path it writes): it is one call.
            let mut seen: HashMap<std::ops::Range<usize>, Vec<CallKind>> = HashMap::new();
            for (call, resolution) in resolved {
                let same = seen.entry(call.range.clone()).or_default();
                if same.contains(&call.kind) {
                    continue;
                }
                same.push(call.kind.clone());
                // Another service's `XxxApi` class, a base path without a
                // method, a method of an object merely named like an API
                // object that no SDK has: not calls.
                let guessed = matches!(call.kind, CallKind::Sdk { class: None, .. });
                if matches!(resolution, Resolution::NotGenesys | Resolution::BasePath)
                    || (guessed && resolution == Resolution::UnknownSdkMethod)
                {
                    continue;
                }
                // A path written without `/api/v2` under a base the code does
                // not show is a Platform call when the catalogue knows it, in
                // a project that otherwise uses Genesys Cloud.
                let known = matches!(
                    resolution,
                    Resolution::Operation(_) | Resolution::PathOnly(_)
                );
                match call.evidence {
                    Evidence::Written | Evidence::Delegated => {}
                    Evidence::Relative if known && in_genesys_project => {}
                    Evidence::UnknownBase if known || names_api_area(db, &areas, &call.kind) => {}
                    Evidence::NameOnly
                        if matches!(resolution, Resolution::Operation(_))
                            && in_genesys_project
                            && !self.defined_in_project(&call.kind, &dir_root, &defined) => {}
                    _ => continue,
                }
                // An app's own method named like the SDK's is not the SDK.
                if guessed
                    && call.evidence != Evidence::Delegated
                    && self.defined_in_project(&call.kind, &dir_root, &defined)
                {
                    continue;
                }
                let mut keys = keys.clone();
                // A call about the signed-in user runs under a user login
                // when its project has one.
                if let (Resolution::Operation(id), [_, _, ..]) = (&resolution, &keys[..]) {
                    let user = |k: &link::FlowKey| k.1.is_user_grant();
                    if db.op(*id).about_signed_in_user() && keys.iter().any(user) {
                        keys.retain(user);
                    }
                }
                call_keys.push(keys);
                calls.push(CallSite {
                    span: Span::new(file, call.range),
                    data_action: false,
                    resolution,
                    kind: call.kind,
                    clients: clients.clone(),
                    link,
                    flows: Vec::new(),
                    flow_link,
                });
            }
        }
        let mut keys: std::collections::BTreeSet<link::FlowKey> =
            call_keys.iter().flatten().cloned().collect();
        for f in &self.app.auth_flows {
            let path = &self.sources.get(f.span.file).path;
            if !projects.is_test_code(path) && linker.link(f.span.file, path).1 == Link::Unlinked {
                let dir = path.parent().unwrap_or(Path::new(""));
                keys.insert((projects.root_of(dir), f.grant, f.pkce));
            }
        }
        // Numbered in key order: by project folder, then grant.
        let mut ids: BTreeMap<link::FlowKey, FlowId> = BTreeMap::new();
        let mut flows = Vec::new();
        for key in keys {
            if let Some(flow) = self.new_flow(&key) {
                ids.insert(key, flows.len());
                flows.push(flow);
            }
        }
        for (call, keys) in calls.iter_mut().zip(call_keys) {
            call.flows = keys.iter().filter_map(|k| ids.get(k).copied()).collect();
        }
        self.app.calls.extend(calls);
        self.app.flows.extend(flows);
        crate::parallel::drop_aside(spent);
    }

    /// The names of the functions each project defines.
    fn defined_by_project(&self, projects: &link::Projects) -> HashMap<PathBuf, HashSet<String>> {
        let mut out: HashMap<PathBuf, HashSet<String>> = HashMap::new();
        for (file, found) in &self.scans {
            let path = &self.sources.get(*file).path;
            let root = projects.root_of(path.parent().unwrap_or(Path::new("")));
            out.entry(root)
                .or_default()
                .extend(found.defines.iter().cloned());
        }
        out
    }

    /// Whether the project defines a function named like an SDK call's
    /// method (the app's own `api.getConversations()`).
    fn defined_in_project(
        &self,
        kind: &CallKind,
        root: &Path,
        defined: &HashMap<PathBuf, HashSet<String>>,
    ) -> bool {
        let CallKind::Sdk { method, .. } = kind else {
            return false;
        };
        defined
            .get(root)
            .is_some_and(|names| names.contains(method))
    }

    /// The project folders whose code uses Genesys Cloud by what it is: a
    /// Genesys host, a login, an OAuth endpoint, an SDK object, an SDK
    /// call or a `/api/v2/` call, or an SDK pinned by the project.
    fn genesys_projects(&self, db: &Database, projects: &link::Projects) -> HashSet<PathBuf> {
        let mut out = HashSet::new();
        let root_of = |file: FileId| {
            let path = &self.sources.get(file).path;
            projects.root_of(path.parent().unwrap_or(Path::new("")))
        };
        for (file, found) in &self.scans {
            let sdk_call = found.calls.iter().any(|c| match &c.kind {
                CallKind::Sdk { class, .. } => class.is_some(),
                CallKind::Http { .. } => {
                    matches!(c.evidence, Evidence::Written | Evidence::Delegated)
                        && matches!(
                            CallSite::resolve(db, &c.kind),
                            Resolution::Operation(_) | Resolution::PathOnly(_)
                        )
                }
            });
            let imports_sdk = found.imports.iter().any(|i| {
                let i = i.to_ascii_lowercase();
                i.contains("purecloud") || i.contains("genesys")
            });
            if !found.hosts.is_empty()
                || !found.flows.is_empty()
                || !found.token_endpoints.is_empty()
                || !found.api_objects.is_empty()
                || found.api_base
                || sdk_call
                || imports_sdk
            {
                out.insert(root_of(*file));
            }
        }
        for pin in &self.app.sdk_pins {
            out.insert(projects.root_of(&pin.dir));
        }
        out
    }

    /// Data actions run under the client their integration's credentials
    /// name; without that link, under any client-credentials client (they
    /// never run as a user); with none defined, under the undeclared client
    /// of their project's Data Actions integration.
    fn add_data_actions(&mut self, db: &Database, projects: &link::Projects) {
        // The integration of each project folder, numbered in folder order
        // after the logins.
        let mut integrations: BTreeMap<PathBuf, Span> = BTreeMap::new();
        let mut calls = Vec::new();
        for action in std::mem::take(&mut self.data_actions) {
            let app = &self.app;
            let named = action
                .client
                .as_ref()
                .and_then(|alias| app.clients.iter().position(|c| c.aliases.contains(alias)));
            let (clients, link) = match named {
                Some(c) => (vec![c], Link::Sources),
                None => {
                    let cc: Vec<ClientId> = (0..app.clients.len())
                        .filter(|&c| app.clients[c].is_client_credentials())
                        .collect();
                    let link = match cc.len() {
                        0 => Link::Unlinked,
                        1 => Link::OnlyClient,
                        _ => Link::Guess,
                    };
                    (cc, link)
                }
            };
            let root = (link == Link::Unlinked).then(|| {
                let path = &self.sources.get(action.span.file).path;
                let root = projects.root_of(path.parent().unwrap_or(Path::new("")));
                let first = integrations.entry(root.clone()).or_insert(action.span);
                if action.span < *first {
                    *first = action.span;
                }
                root
            });
            let kind = CallKind::Http {
                method: action.method,
                path: action.path,
            };
            calls.push((
                CallSite {
                    span: action.span,
                    data_action: true,
                    resolution: CallSite::resolve(db, &kind),
                    kind,
                    clients,
                    link,
                    flows: Vec::new(),
                    flow_link: FlowLink::None,
                },
                root,
            ));
        }
        let mut ids: BTreeMap<PathBuf, FlowId> = BTreeMap::new();
        for (root, first) in integrations {
            ids.insert(root.clone(), self.app.flows.len());
            self.app.flows.push(Flow {
                grant: GrantKind::ClientCredentials,
                pkce: false,
                folder: relative(&root, &self.root),
                root,
                login: first,
                data_actions: true,
            });
        }
        for (mut call, root) in calls {
            if let Some(id) = root.and_then(|r| ids.get(&r).copied()) {
                call.flows = vec![id];
                call.flow_link = FlowLink::DataAction;
            }
            self.app.calls.push(call);
        }
    }

    /// An undeclared login: where the code of its project first logs in
    /// with its grant (else anywhere).
    fn new_flow(&self, (root, grant, pkce): &link::FlowKey) -> Option<Flow> {
        let same = |f: &&AuthFlow| f.grant == *grant && f.pkce == *pkce;
        let login = self
            .app
            .auth_flows
            .iter()
            .filter(same)
            .find(|f| self.sources.get(f.span.file).path.starts_with(root))
            .or_else(|| self.app.auth_flows.iter().find(same))?
            .span;
        Some(Flow {
            grant: *grant,
            pkce: *pkce,
            root: root.clone(),
            folder: relative(root, &self.root),
            login,
            data_actions: false,
        })
    }
}

/// The word after `/api/v2/` of a path (`routing`), lowercase.
fn api_area(path: &str) -> Option<String> {
    path.split_once("/api/v2/").map(|(_, rest)| {
        rest.split(['/', '?'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    })
}

/// Whether a call's path names an area of the Platform API (`routing`,
/// `workforcemanagement`), one of `areas`, the words every operation's path
/// starts with.
fn names_api_area(
    db: &Database,
    areas: &std::cell::OnceCell<HashSet<String>>,
    kind: &CallKind,
) -> bool {
    let CallKind::Http { path, .. } = kind else {
        return true;
    };
    api_area(path).is_some_and(|word| {
        areas
            .get_or_init(|| {
                db.operations()
                    .iter()
                    .filter_map(|o| api_area(&o.path))
                    .collect()
            })
            .contains(&word)
    })
}
