//! One run of `gclint check`: discover → parse → model → check, following
//! DESIGN.md's data flow. Returns the diagnostics sorted for output.

use crate::db::Database;
use crate::diagnostic::Diagnostic;
use crate::discover::{self, FileKind, Read, Skipped};
use crate::model::Resolution;
use crate::model::{
    App, AuthFlow, AuthHeader, CallSite, ClientId, HostRef, InputIssue, InputIssueKind, Link,
    RequestedScopes, Secret, TokenEndpoint,
};
use crate::rules::{self, Context, RuleMeta};
use crate::scan::{self, FileScan};
use crate::source::{relative, FileId, SourceFile, SourceMap, Span};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    /// A manifest to use in addition to those found under `paths`.
    pub manifest: Option<PathBuf>,
    /// Output paths are relative to this folder.
    pub root: PathBuf,
    /// Only these rules (empty: all).
    pub select: Vec<String>,
    pub ignore: Vec<String>,
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
    pub default_regions: Option<crate::settings::DefaultRegions>,
}

#[derive(Debug, Default)]
pub struct Stats {
    pub files_read: usize,
    pub skipped: Vec<Skipped>,
    /// Set when a `--baseline` hid known findings.
    pub baseline: Option<crate::baseline::Summary>,
}

pub struct Outcome {
    pub sources: SourceMap,
    pub app: App,
    pub diagnostics: Vec<Diagnostic>,
    pub stats: Stats,
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

pub fn run(db: &Database, opts: &CheckOptions) -> Outcome {
    let root = absolute(&opts.root);
    let mut paths: Vec<PathBuf> = opts.paths.iter().map(|p| absolute(p)).collect();
    if let Some(m) = &opts.manifest {
        paths.push(absolute(m));
    }
    let (found, skipped) = discover::walk(&paths, &opts.exclude);
    // Skipped paths are shown like diagnostics' files: relative to the root.
    let skipped = skipped
        .into_iter()
        .map(|s| Skipped {
            path: PathBuf::from(relative(&s.path, &root)),
            reason: s.reason,
        })
        .collect();
    let mut stats = Stats {
        files_read: 0,
        skipped,
        ..Stats::default()
    };
    let mut sources = SourceMap::default();
    let mut app = App::default();
    // Manifest index of each client (to link files to the clients of their app).
    let mut client_manifest: Vec<Option<usize>> = Vec::new();
    let mut explicit_manifest: Option<usize> = None;
    let explicit_path = opts.manifest.as_ref().map(|m| absolute(m));
    // Folders holding a project marker or a manifest (see `crate::link`).
    let markers: std::collections::HashSet<PathBuf> = found
        .iter()
        .filter(|f| {
            f.kind == FileKind::ProjectMarker
                || f.path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(discover::is_project_marker)
        })
        .filter_map(|f| f.path.parent().map(Path::to_path_buf))
        .collect();
    let mut apps: Vec<PathBuf> = markers.iter().cloned().collect();
    let mut scans: Vec<(FileId, FileScan)> = Vec::new();
    // Source files the prefilter found nothing in (a second pass may read them).
    let mut unscanned: Vec<(PathBuf, scan::Language)> = Vec::new();
    let mut terraform_modules: std::collections::BTreeMap<
        PathBuf,
        Vec<(FileId, Vec<crate::parse::hcl::HclBlock>)>,
    > = Default::default();
    // Terraform variable values: each `.tfvars` file's path and attributes.
    let mut tfvars: Vec<crate::config::terraform::VarFile> = Vec::new();
    let mut data_actions: Vec<crate::config::DataAction> = Vec::new();

    // Read and scan in parallel; fold the results in path order.
    let loaded = crate::parallel::map_ordered(
        &found,
        opts.jobs.unwrap_or_else(crate::parallel::default_jobs),
        |file| load(file, opts),
    );
    for (file, loaded) in found.into_iter().zip(loaded) {
        let rel = crate::source::relative(&file.path, &root);
        match loaded {
            Loaded::Skip(reason) => stats.skipped.push(Skipped {
                path: PathBuf::from(rel),
                reason,
            }),
            Loaded::Nothing => stats.files_read += 1,
            Loaded::Unscanned(language) => {
                stats.files_read += 1;
                unscanned.push((file.path.clone(), language));
            }
            Loaded::NotOurs => {}
            Loaded::Manifest { text, lossy, json } => {
                stats.files_read += 1;
                let dir = file
                    .path
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                let id = sources.add(SourceFile::new(file.path.clone(), rel, text));
                if lossy {
                    app.input_issues.push(InputIssue {
                        kind: InputIssueKind::Parse,
                        span: Span::new(id, 0..0),
                        message: "the manifest is not valid UTF-8".into(),
                    });
                    continue;
                }
                let read = crate::manifest::read(id, &sources.get(id).text, json, &dir);
                app.input_issues.extend(read.issues);
                if let Some(m) = read.manifest {
                    let index = app.manifests.len();
                    if explicit_path.as_ref() == Some(&file.path) {
                        explicit_manifest = Some(index);
                    }
                    apps.push(m.dir.clone());
                    app.manifests.push(m);
                    client_manifest.extend(std::iter::repeat_n(Some(index), read.clients.len()));
                    app.clients.extend(read.clients);
                    app.roles.extend(read.roles);
                }
            }
            Loaded::Source { text, scan } => {
                stats.files_read += 1;
                let id = sources.add(SourceFile::new(file.path.clone(), rel, text));
                scans.push((id, scan));
            }
            Loaded::Secrets { text, secrets } => {
                stats.files_read += 1;
                let id = sources.add(SourceFile::new(file.path.clone(), rel, text));
                add_secrets(&mut app, id, &secrets);
            }
            Loaded::Config {
                text,
                parsed,
                secrets,
            } => {
                stats.files_read += 1;
                let id = sources.add(SourceFile::new(file.path.clone(), rel, text));
                add_secrets(&mut app, id, &secrets);
                let dir = file
                    .path
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                let read = match parsed {
                    Err(issue) => {
                        app.input_issues.push(InputIssue {
                            kind: InputIssueKind::Parse,
                            span: Span::new(id, issue.range),
                            message: format!("the file cannot be parsed: {}", issue.message),
                        });
                        continue;
                    }
                    // Terraform resolves references across the files of a module.
                    Ok(ParsedConfig::Terraform(blocks)) => {
                        terraform_modules.entry(dir).or_default().push((id, blocks));
                        continue;
                    }
                    Ok(ParsedConfig::TerraformVars(values)) => {
                        tfvars.push(crate::config::terraform::VarFile {
                            path: file.path.clone(),
                            file: id,
                            values,
                        });
                        continue;
                    }
                    Ok(ParsedConfig::Wizard(root)) => {
                        crate::config::wizard::read(id, &root, &file.path)
                    }
                    Ok(ParsedConfig::ApiJson(root)) => {
                        crate::config::api_json::read(id, &root, &dir)
                    }
                };
                add_config(&mut app, &mut client_manifest, &mut data_actions, read);
            }
        }
    }
    for (dir, files) in &terraform_modules {
        let read = crate::config::terraform::read_module(files, dir, &tfvars);
        add_config(&mut app, &mut client_manifest, &mut data_actions, read);
    }

    if let Some(defaults) = &opts.default_regions {
        defaults.apply(&mut app.manifests, &mut sources, &root);
    }

    for (file, found) in &scans {
        if !found.flows.is_empty() {
            if let Some(dir) = sources.get(*file).path.parent() {
                apps.push(dir.to_path_buf());
            }
        }
    }
    let scanned_roots: Vec<PathBuf> = paths
        .iter()
        .map(|p| {
            if p.is_file() {
                p.parent().map(Path::to_path_buf).unwrap_or_default()
            } else {
                p.clone()
            }
        })
        .collect();
    let projects = crate::link::Projects::new(scanned_roots, markers, &apps);
    // Files the prefilter passed over are read when their project's code
    // builds requests on a Genesys base URL (`https://api.<env>/api/v2`):
    // there, relative path constants and wrappers carry the calls.
    second_pass(&unscanned, &projects, &root, opts, &mut sources, &mut scans);
    for (file, found) in &scans {
        let file = *file;
        let span = |r: &std::ops::Range<usize>| Span::new(file, r.clone());
        for flow in &found.flows {
            app.auth_flows.push(AuthFlow {
                span: span(&flow.range),
                grant: flow.grant,
                pkce: flow.pkce,
            });
        }
        app.api_objects
            .extend(found.api_objects.iter().map(|o| crate::model::ApiObject {
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
        app.secrets.extend(found.secrets.iter().map(|s| Secret {
            span: span(&s.range),
            what: s.what.clone(),
        }));
        if found.browser {
            app.browser_files.push(file);
        }
    }
    constant_calls(db, &sources, &mut scans);
    crate::link::wizard_login_grants(&mut app, &sources);
    for (i, m) in app.manifests.iter_mut().enumerate() {
        m.reach = (Some(i) != explicit_manifest).then(|| projects.root_of(&m.dir));
    }
    let linker = crate::link::Linker::new(
        &app,
        &sources,
        &projects,
        &client_manifest,
        explicit_manifest,
    );
    let mut linked_calls = Vec::new();
    for (file, found) in scans {
        if found.calls.is_empty() {
            continue;
        }
        let path = sources.get(file).path.clone();
        let (clients, link) = linker.link(file, &path);
        for call in found.calls {
            let resolution = CallSite::resolve(db, &call.kind);
            // Methods of some other service's `XxxApi` class are not Genesys
            // calls; a base path named without a method is not a call.
            if matches!(resolution, Resolution::NotGenesys | Resolution::BasePath) {
                continue;
            }
            // A method on an object merely named like an API object is a
            // call only when the name is an SDK method's.
            let guessed = matches!(call.kind, crate::model::CallKind::Sdk { class: None, .. });
            if guessed && resolution == Resolution::UnknownSdkMethod {
                continue;
            }
            linked_calls.push(CallSite {
                span: Span::new(file, call.range),
                data_action: false,
                resolution,
                kind: call.kind,
                clients: clients.clone(),
                link,
            });
        }
    }
    drop(linker);
    app.calls.extend(linked_calls);
    // Data actions run under the client their integration's credentials name;
    // without that link, under any client-credentials client (they never run as a user).
    for action in data_actions {
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
                let link = if cc.len() == 1 {
                    Link::OnlyClient
                } else {
                    Link::Guess
                };
                (cc, link)
            }
        };
        let kind = crate::model::CallKind::Http {
            method: action.method,
            path: action.path,
        };
        app.calls.push(CallSite {
            span: action.span,
            data_action: true,
            resolution: CallSite::resolve(db, &kind),
            kind,
            clients,
            link,
        });
    }

    let cx = Context {
        app: &app,
        db,
        sources: &sources,
    };
    let enabled = |m: &RuleMeta| {
        (opts.select.is_empty() || opts.select.iter().any(|s| s == m.id))
            && !opts.ignore.iter().any(|s| s == m.id)
    };
    let mut diagnostics = rules::run(&cx, enabled);
    sort(&mut diagnostics, &sources);
    Outcome {
        sources,
        app,
        diagnostics,
        stats,
    }
}

/// Reads, without the prefilter, the source files of the projects whose code
/// builds requests on a Genesys base URL, for their path constants and
/// requests (see `constant_calls`).
fn second_pass(
    unscanned: &[(PathBuf, scan::Language)],
    projects: &crate::link::Projects,
    root: &Path,
    opts: &CheckOptions,
    sources: &mut SourceMap,
    scans: &mut Vec<(FileId, FileScan)>,
) {
    let bases: Vec<PathBuf> = scans
        .iter()
        .filter(|(_, s)| s.api_base)
        .filter_map(|(f, _)| sources.get(*f).path.parent().map(|d| projects.root_of(d)))
        .collect();
    if bases.is_empty() {
        return;
    }
    let chosen: Vec<&(PathBuf, scan::Language)> = unscanned
        .iter()
        .filter(|(p, _)| bases.iter().any(|b| p.starts_with(b)))
        .collect();
    let read = crate::parallel::map_ordered(
        &chosen,
        opts.jobs.unwrap_or_else(crate::parallel::default_jobs),
        |(path, language)| {
            let text = match opts.overrides.get(path) {
                Some(t) => t.clone(),
                None => match discover::read(path) {
                    Read::Text(t) | Read::Lossy(t) => t,
                    Read::Skip(_) => return None,
                },
            };
            let found = scan::scan_all(*language, &text);
            if found.calls.is_empty()
                && found.constants.is_empty()
                && found.constant_requests.is_empty()
            {
                return None;
            }
            let text = redact(text, found.secrets.iter().map(|s| s.redact.clone()));
            Some((text, found))
        },
    );
    for ((path, _), loaded) in chosen.into_iter().zip(read) {
        let Some((text, found)) = loaded else {
            continue;
        };
        let id = sources.add(SourceFile::new(path.clone(), relative(path, root), text));
        scans.push((id, found));
    }
    // Kept in path order, as the first pass leaves them.
    scans.sort_by(|a, b| sources.get(a.0).path.cmp(&sources.get(b.0).path));
}

/// A path constant as declared.
struct Declared<'a> {
    file: FileId,
    container: Option<&'a str>,
    value: &'a str,
}

/// Requests made with path constants, joined with the constants of every
/// file (`$url = Endpoints::LIST` in one file, `const LIST =
/// 'conversations'` in another). A request is kept only when the constant's
/// value names a Platform path (relative values are read under `/api/v2/`);
/// a constant holding `/api/v2/...` used in its own file is already a call.
fn constant_calls(db: &Database, sources: &SourceMap, scans: &mut [(FileId, FileScan)]) {
    use std::collections::HashMap;
    let mut constants: HashMap<&str, Vec<Declared>> = HashMap::new();
    for (file, scan) in scans.iter() {
        for c in &scan.constants {
            constants
                .entry(c.name.as_str())
                .or_default()
                .push(Declared {
                    file: *file,
                    container: c.container.as_deref(),
                    value: c.value.as_str(),
                });
        }
    }
    let mut found: Vec<(usize, scan::FoundCall)> = Vec::new();
    for (at, (file, scan)) in scans.iter().enumerate() {
        for r in &scan.constant_requests {
            let Some(declared) = constants.get(r.name.as_str()) else {
                continue;
            };
            let here = &sources.get(*file).path;
            let Some(d) = nearest_declaration(declared, r.container.as_deref(), *file, |f| {
                here.components()
                    .zip(sources.get(f).path.components())
                    .take_while(|(a, b)| a == b)
                    .count()
            }) else {
                continue;
            };
            let absolute = d.value.contains("/api/v2");
            if absolute && d.file == *file {
                continue;
            }
            let mut path = match d.value.find("/api/v2") {
                Some(start) => d.value[start..].to_string(),
                None => format!("/api/v2/{}", d.value.trim_start_matches('/')),
            };
            path.push_str(&r.suffix);
            let known = matches!(
                db.lookup_path(None, &path),
                crate::db::PathLookup::PathOnly(_) | crate::db::PathLookup::Found(_)
            );
            if !known && !absolute {
                continue;
            }
            let kind = crate::model::CallKind::Http {
                method: Some(r.method.clone()),
                path,
            };
            found.push((
                at,
                scan::FoundCall {
                    range: r.range.clone(),
                    kind,
                },
            ));
        }
    }
    for (at, call) in found {
        scans[at].1.calls.push(call);
    }
}

/// The declaration a request names: of its container (or, without one, of
/// the requesting file or no container), the one declared nearest the
/// requesting file (`Endpoints` of this namespace's folder rather than
/// another's); none when two are as near.
fn nearest_declaration<'d, 'a>(
    declared: &'d [Declared<'a>],
    container: Option<&str>,
    file: FileId,
    nearness: impl Fn(FileId) -> usize,
) -> Option<&'d Declared<'a>> {
    let matching: Vec<&Declared> = declared
        .iter()
        .filter(|d| match container {
            Some(c) => d.container == Some(c),
            None => d.file == file || d.container.is_none(),
        })
        .collect();
    let best = matching.iter().map(|d| nearness(d.file)).max()?;
    let mut nearest = matching.into_iter().filter(|d| nearness(d.file) == best);
    let one = nearest.next()?;
    nearest.next().is_none().then_some(one)
}

/// Adds the secrets found in a file.
fn add_secrets(app: &mut App, file: FileId, secrets: &[scan::FoundSecret]) {
    app.secrets.extend(secrets.iter().map(|s| Secret {
        span: Span::new(file, s.range.clone()),
        what: s.what.clone(),
    }));
}

/// Adds what a configuration file defines; its clients belong to no manifest.
fn add_config(
    app: &mut App,
    client_manifest: &mut Vec<Option<usize>>,
    data_actions: &mut Vec<crate::config::DataAction>,
    read: crate::config::ConfigRead,
) {
    client_manifest.extend(std::iter::repeat_n(None, read.clients.len()));
    app.clients.extend(read.clients);
    app.roles.extend(read.roles);
    data_actions.extend(read.data_actions);
}

/// One file after reading and scanning.
enum Loaded {
    Skip(String),
    /// Read, but holds no Genesys fact.
    Nothing,
    /// Source the prefilter found nothing in.
    Unscanned(scan::Language),
    /// A file of a kind read only for its content (JSON) that is not Genesys's.
    NotOurs,
    Manifest {
        text: String,
        lossy: bool,
        json: bool,
    },
    /// Source with its facts; secrets already masked in `text`.
    Source {
        text: String,
        scan: FileScan,
    },
    /// A configuration file (Terraform, wizard config, API JSON), parsed;
    /// its secrets already masked in `text`.
    Config {
        text: String,
        parsed: Result<ParsedConfig, crate::parse::ParseIssue>,
        secrets: Vec<scan::FoundSecret>,
    },
    /// A file read only for its client secrets (masked in `text`).
    Secrets {
        text: String,
        secrets: Vec<scan::FoundSecret>,
    },
}

/// A configuration file parsed (`parsed`), or read only for its secrets
/// when it holds no definition; `otherwise` when it holds neither.
fn config_or_secrets(
    text: String,
    parsed: Option<Result<ParsedConfig, crate::parse::ParseIssue>>,
    otherwise: Loaded,
) -> Loaded {
    let (text, secrets) = config_secrets(text);
    match parsed {
        Some(parsed) => Loaded::Config {
            text,
            parsed,
            secrets,
        },
        None if !secrets.is_empty() => Loaded::Secrets { text, secrets },
        None => otherwise,
    }
}

/// The client secrets of a configuration file, and its text with them masked.
fn config_secrets(text: String) -> (String, Vec<scan::FoundSecret>) {
    static NEEDLE: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    let needle = NEEDLE.get_or_init(|| {
        aho_corasick::AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(["secret"])
            .expect("static pattern builds")
    });
    if !needle.is_match(&text) {
        return (text, Vec::new());
    }
    let secrets = scan::secrets::config_secrets(&text);
    let text = redact(text, secrets.iter().map(|s| s.redact.clone()));
    (text, secrets)
}

enum ParsedConfig {
    Terraform(Vec<crate::parse::hcl::HclBlock>),
    TerraformVars(crate::parse::Node),
    Wizard(crate::parse::Node),
    ApiJson(crate::parse::Node),
}

fn load(file: &discover::Found, opts: &CheckOptions) -> Loaded {
    let overrides = &opts.overrides;
    if file.kind == FileKind::ProjectMarker {
        return Loaded::NotOurs;
    }
    let read = match overrides.get(&file.path) {
        Some(text) => Read::Text(text.clone()),
        None => discover::read(&file.path),
    };
    let (text, lossy) = match read {
        Read::Text(t) => (t, false),
        Read::Lossy(t) => (t, true),
        Read::Skip(reason) => return Loaded::Skip(reason),
    };
    let name = file.path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    match file.kind {
        FileKind::Manifest { json } => Loaded::Manifest { text, lossy, json },
        FileKind::Terraform => {
            // Only files that use the Genesys provider are parsed.
            let parsed = memchr::memmem::find(text.as_bytes(), b"genesyscloud_")
                .map(|_| crate::parse::hcl::parse(&text).map(ParsedConfig::Terraform));
            config_or_secrets(text, parsed, Loaded::Nothing)
        }
        FileKind::TerraformVars => {
            let parsed = crate::parse::hcl::parse_vars(&text).map(ParsedConfig::TerraformVars);
            config_or_secrets(text, Some(parsed), Loaded::Nothing)
        }
        FileKind::Json => {
            let ours = crate::config::api_json::may_hold_definitions(&text);
            let parsed = ours
                .then(|| crate::parse::json::parse(&text).map(|p| ParsedConfig::ApiJson(p.root)));
            config_or_secrets(text, parsed, Loaded::NotOurs)
        }
        FileKind::Settings => config_or_secrets(text, None, Loaded::NotOurs),
        FileKind::Source(scan::Language::JavaScript)
            if crate::config::is_wizard_config(name, &text) =>
        {
            let parsed = match crate::parse::js_object::object_with_key(&text, "provisioningInfo") {
                Ok(Some(root)) => Ok(ParsedConfig::Wizard(root)),
                Ok(None) => return Loaded::Nothing,
                Err(e) => Err(e),
            };
            Loaded::Config {
                text,
                parsed,
                secrets: Vec::new(),
            }
        }
        FileKind::ProjectMarker => Loaded::NotOurs,
        FileKind::Source(language) => {
            if !opts.include_generated.excludes(&file.path, false) {
                if let Some(why) = crate::generated::reason(&file.path, &text) {
                    return Loaded::Skip(format!(
                        "not app code ({why}); `include-generated` in gclint.toml reads it"
                    ));
                }
            }
            if !scan::worth_scanning(&text) && !crate::suppress::mentions(&text) {
                return Loaded::Unscanned(language);
            }
            let found = scan::scan(language, &text);
            // A file with a suppression comment is kept so that an unused one is reported.
            if found.is_empty() && !crate::suppress::mentions(&text) {
                return Loaded::Nothing;
            }
            // Secrets never reach any output: mask them in the only copy kept.
            let text = redact(text, found.secrets.iter().map(|s| s.redact.clone()));
            Loaded::Source { text, scan: found }
        }
    }
}

/// Masks byte ranges with `*` (same length, so every span stays valid).
fn redact(text: String, ranges: impl Iterator<Item = std::ops::Range<usize>>) -> String {
    let mut bytes = text.into_bytes();
    for r in ranges {
        let end = r.end.min(bytes.len());
        for b in &mut bytes[r.start.min(end)..end] {
            *b = b'*';
        }
    }
    // A range always spans whole characters (it sits between quotes), so
    // the result is valid UTF-8; stay lossy rather than trust that blindly.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Same order whatever the input order: file, position, rule, message.
pub fn sort(diagnostics: &mut [Diagnostic], sources: &SourceMap) {
    diagnostics.sort_by(|a, b| {
        let fa = &sources.get(a.primary.span.file).rel;
        let fb = &sources.get(b.primary.span.file).rel;
        (
            fa,
            a.primary.span.start,
            a.primary.span.end,
            a.rule.id,
            &a.message,
        )
            .cmp(&(
                fb,
                b.primary.span.start,
                b.primary.span.end,
                b.rule.id,
                &b.message,
            ))
    });
}
