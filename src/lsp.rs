//! `gclint lsp`: a Language Server over standard input/output.
//!
//! Message types and their framing come from `lsp-server` (rust-analyzer's
//! synchronous scaffold) and the protocol structures from `lsp-types`. The
//! reader is our own (`lsp/frame.rs`): `lsp-server`'s stops the server at the
//! first malformed payload, and a language server must log bad input and
//! go on — a frame with a wrong `Content-Length` included, which must not
//! leave the server deaf to every message after it.
//!
//! A front door (docs/architecture.md): every check is `analysis::check`,
//! as `gclint check` runs it, over each workspace folder with the editor's
//! unsaved buffers overlaid ([`analysis::Request::overrides`]), so a change
//! in a manifest re-diagnoses the call sites that depend on it, and what a
//! file shows is what `gclint check` reports for it. Each folder's
//! `gclint.toml` is found and read as the command line does, at every
//! check, so a saved change to it (a save, or a change the client
//! watches) applies at once; a configuration with mistakes shows them on
//! its lines. Notifications that queue up while a check runs are all
//! applied before the next one: one check per burst of edits, not one per
//! keystroke.
//!
//! Imports only layers below it (docs/architecture.md).

use crate::analysis::check::Actions;
use crate::analysis::{self, Error, Options};
use crate::db::Database;
use crate::diagnostic::{self, Severity};
use crate::discover::{self, FileKind};
use crate::settings::{self, ConfigError};
use crate::source::{block_marks, count_before, SourceMap, Span, MARK_BLOCK};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;
use std::sync::mpsc;

mod frame;

/// Serves one client on stdin/stdout until `exit` (or the end of input).
/// The exit code is 0 when `shutdown` came before `exit`, 1 otherwise.
pub fn run(db: &'static Database) -> ExitCode {
    let (in_tx, in_rx) = mpsc::channel::<Message>();
    let (out_tx, out_rx) = mpsc::channel::<Message>();
    // The reader ends with the input; it is not joined (stdin may stay open).
    let _reader = std::thread::Builder::new()
        .name("gclint-lsp-reader".into())
        .spawn(move || read_loop(std::io::stdin().lock(), &in_tx));
    let writer = std::thread::Builder::new()
        .name("gclint-lsp-writer".into())
        .spawn(move || {
            let stdout = std::io::stdout();
            let mut stdout = stdout.lock();
            for message in out_rx {
                if let Err(e) = message.write(&mut stdout) {
                    log(&format!("cannot write to the client: {e}"));
                    break;
                }
            }
        });
    let mut server = Server::new(db, out_tx);
    let code = server.serve(&in_rx);
    drop(server);
    if let Ok(writer) = writer {
        let _ = writer.join();
    }
    code
}

fn log(text: &str) {
    eprintln!("gclint lsp: {}", crate::report::escape::terminal(text));
}

/// Reads framed messages until the end of input or `exit`; what is not a
/// message is logged and skipped (`lsp/frame.rs`).
fn read_loop(input: impl std::io::Read, tx: &mpsc::Sender<Message>) {
    let mut frames = frame::Frames::new(input);
    loop {
        match frames.next() {
            Ok(None) => return,
            Ok(Some(Ok(message))) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if tx.send(message).is_err() || exit {
                    return;
                }
            }
            Ok(Some(Err(problem))) => log(&problem),
            Err(e) => {
                log(&format!("cannot read from the client: {e}"));
                return;
            }
        }
    }
}

struct Doc {
    uri: lsp::Uri,
    text: String,
    version: i32,
}

struct Server {
    db: &'static Database,
    out: mpsc::Sender<Message>,
    initialized: bool,
    shutdown: bool,
    /// The workspace folders, each checked as `gclint check` checks it.
    folders: Vec<PathBuf>,
    /// The client watches files for the server when asked to.
    can_watch: bool,
    /// Open documents by absolute path.
    docs: HashMap<PathBuf, Doc>,
    /// Files whose last published list was not empty.
    published: HashSet<PathBuf>,
    /// Something changed since the last check.
    dirty: bool,
    /// Scope names with their operation counts, for completion.
    scope_items: Option<Vec<(String, usize)>>,
}

enum Flow {
    Continue,
    Exit(ExitCode),
}

impl Server {
    fn new(db: &'static Database, out: mpsc::Sender<Message>) -> Server {
        Server {
            db,
            out,
            initialized: false,
            shutdown: false,
            folders: Vec::new(),
            can_watch: false,
            docs: HashMap::new(),
            published: HashSet::new(),
            dirty: false,
            scope_items: None,
        }
    }

    fn serve(&mut self, rx: &mpsc::Receiver<Message>) -> ExitCode {
        loop {
            let Ok(message) = rx.recv() else {
                // The input ended without `exit`.
                return if self.shutdown {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                };
            };
            if let Flow::Exit(code) = self.handle(message) {
                return code;
            }
            // Coalesce: apply everything already queued, then check once.
            while let Ok(message) = rx.try_recv() {
                if let Flow::Exit(code) = self.handle(message) {
                    return code;
                }
            }
            if self.dirty && !self.shutdown {
                self.dirty = false;
                self.recheck();
            }
        }
    }

    fn send(&self, message: impl Into<Message>) {
        let _ = self.out.send(message.into());
    }

    fn handle(&mut self, message: Message) -> Flow {
        match message {
            Message::Request(req) => self.request(req),
            Message::Notification(n) => return self.notification(n),
            Message::Response(_) => {}
        }
        Flow::Continue
    }

    fn request(&mut self, req: Request) {
        let id = req.id.clone();
        if req.method == lsp::request::Initialize::METHOD {
            if self.initialized {
                return self.error(id, ErrorCode::InvalidRequest, "already initialized");
            }
            return match serde_json::from_value::<lsp::InitializeParams>(req.params) {
                Ok(params) => {
                    self.initialize(&params);
                    self.initialized = true;
                    let result = lsp::InitializeResult {
                        capabilities: capabilities(),
                        server_info: Some(lsp::ServerInfo {
                            name: "gclint".into(),
                            version: Some(env!("CARGO_PKG_VERSION").into()),
                        }),
                    };
                    self.send(Response::new_ok(id, result));
                }
                Err(e) => self.error(id, ErrorCode::InvalidParams, &e.to_string()),
            };
        }
        if !self.initialized {
            return self.error(id, ErrorCode::ServerNotInitialized, "not initialized");
        }
        if self.shutdown {
            return self.error(id, ErrorCode::InvalidRequest, "shutting down");
        }
        match req.method.as_str() {
            lsp::request::Shutdown::METHOD => {
                self.shutdown = true;
                self.send(Response::new_ok(id, serde_json::Value::Null));
            }
            lsp::request::HoverRequest::METHOD => {
                match serde_json::from_value::<lsp::HoverParams>(req.params) {
                    Ok(p) => {
                        let hover = self.hover(&p.text_document_position_params);
                        self.send(Response::new_ok(id, hover));
                    }
                    Err(e) => self.error(id, ErrorCode::InvalidParams, &e.to_string()),
                }
            }
            lsp::request::Completion::METHOD => {
                match serde_json::from_value::<lsp::CompletionParams>(req.params) {
                    Ok(p) => {
                        let items = self.completion(&p.text_document_position);
                        self.send(Response::new_ok(
                            id,
                            items.map(lsp::CompletionResponse::Array),
                        ));
                    }
                    Err(e) => self.error(id, ErrorCode::InvalidParams, &e.to_string()),
                }
            }
            lsp::request::CodeActionRequest::METHOD => {
                match serde_json::from_value::<lsp::CodeActionParams>(req.params) {
                    Ok(p) => {
                        let actions = self.code_actions(&p);
                        self.send(Response::new_ok(id, actions));
                    }
                    Err(e) => self.error(id, ErrorCode::InvalidParams, &e.to_string()),
                }
            }
            other => self.error(
                id,
                ErrorCode::MethodNotFound,
                &format!("`{other}` is not supported"),
            ),
        }
    }

    fn error(&self, id: RequestId, code: ErrorCode, message: &str) {
        self.send(Response::new_err(id, code as i32, message.to_string()));
    }

    fn notification(&mut self, n: Notification) -> Flow {
        use lsp::notification as note;
        if n.method == note::Exit::METHOD {
            return Flow::Exit(if self.shutdown {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            });
        }
        if !self.initialized || self.shutdown {
            return Flow::Continue;
        }
        fn params<P: serde::de::DeserializeOwned>(n: Notification) -> Option<P> {
            match serde_json::from_value(n.params) {
                Ok(p) => Some(p),
                Err(e) => {
                    log(&format!("bad `{}` parameters: {e}", n.method));
                    None
                }
            }
        }
        match n.method.as_str() {
            note::DidOpenTextDocument::METHOD => {
                if let Some(p) = params::<lsp::DidOpenTextDocumentParams>(n) {
                    if let Some(path) = uri_to_path(&p.text_document.uri) {
                        self.docs.insert(
                            path,
                            Doc {
                                uri: p.text_document.uri,
                                text: p.text_document.text,
                                version: p.text_document.version,
                            },
                        );
                        self.dirty = true;
                    }
                }
            }
            note::DidChangeTextDocument::METHOD => {
                if let Some(p) = params::<lsp::DidChangeTextDocumentParams>(n) {
                    let path = uri_to_path(&p.text_document.uri);
                    if let Some(doc) = path.and_then(|path| self.docs.get_mut(&path)) {
                        for change in p.content_changes {
                            apply_change(&mut doc.text, change);
                        }
                        doc.version = p.text_document.version;
                        self.dirty = true;
                    }
                }
            }
            note::DidSaveTextDocument::METHOD => {
                if let Some(p) = params::<lsp::DidSaveTextDocumentParams>(n) {
                    let path = uri_to_path(&p.text_document.uri);
                    if let (Some(doc), Some(text)) =
                        (path.and_then(|path| self.docs.get_mut(&path)), p.text)
                    {
                        doc.text = text;
                    }
                    self.dirty = true;
                }
            }
            note::DidCloseTextDocument::METHOD => {
                if let Some(p) = params::<lsp::DidCloseTextDocumentParams>(n) {
                    if let Some(path) = uri_to_path(&p.text_document.uri) {
                        self.docs.remove(&path);
                        self.dirty = true;
                    }
                }
            }
            note::DidChangeWatchedFiles::METHOD => self.dirty = true,
            note::Initialized::METHOD => self.watch_configuration(),
            note::DidChangeWorkspaceFolders::METHOD => {
                if let Some(p) = params::<lsp::DidChangeWorkspaceFoldersParams>(n) {
                    let paths = |list: &[lsp::WorkspaceFolder]| -> Vec<PathBuf> {
                        list.iter().filter_map(|f| uri_to_path(&f.uri)).collect()
                    };
                    let removed = paths(&p.event.removed);
                    self.folders.retain(|f| !removed.contains(f));
                    for added in paths(&p.event.added) {
                        if !self.folders.contains(&added) {
                            self.folders.push(added);
                        }
                    }
                    self.dirty = true;
                }
            }
            _ => {}
        }
        Flow::Continue
    }

    fn initialize(&mut self, params: &lsp::InitializeParams) {
        let folders: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| uri_to_path(&f.uri))
            .collect();
        #[allow(deprecated)]
        let root = params.root_uri.as_ref().and_then(uri_to_path).or_else(|| {
            params
                .root_path
                .as_ref()
                .filter(|p| !p.is_empty())
                .map(PathBuf::from)
        });
        self.folders = match (folders.is_empty(), root) {
            (false, _) => folders,
            (true, Some(root)) => vec![root],
            (true, None) => vec![std::env::current_dir().unwrap_or_default()],
        };
        self.can_watch = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files)
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
    }

    /// Asks the client to say when a `gclint.toml` is made, changed or
    /// deleted, also when it is not open.
    fn watch_configuration(&self) {
        if !self.can_watch {
            return;
        }
        let options = lsp::DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![lsp::FileSystemWatcher {
                glob_pattern: lsp::GlobPattern::String(format!("**/{}", settings::FILE_NAME)),
                kind: None,
            }],
        };
        let params = lsp::RegistrationParams {
            registrations: vec![lsp::Registration {
                id: "gclint-configuration".into(),
                method: lsp::notification::DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.send(Request::new(
            RequestId::from("gclint-watch-configuration".to_string()),
            lsp::request::RegisterCapability::METHOD.into(),
            params,
        ));
    }

    /// The innermost workspace folder that holds `path`, if any.
    fn folder_of(&self, path: &Path) -> Option<&PathBuf> {
        self.folders
            .iter()
            .filter(|f| path.starts_with(f))
            .max_by_key(|f| f.as_os_str().len())
    }

    /// What one check reads: `paths` under `root`, with the open buffers
    /// among them overlaid.
    fn asking(&self, paths: Vec<PathBuf>, root: PathBuf) -> analysis::Request {
        let overrides = self
            .docs
            .iter()
            .filter(|(path, _)| paths.iter().any(|p| path.starts_with(p)))
            .map(|(path, doc)| (path.clone(), doc.text.clone()))
            .collect();
        analysis::Request {
            paths,
            root,
            overrides,
            ..analysis::Request::default()
        }
    }

    /// The diagnostics of one check, by file: what `gclint check` reports
    /// for the request, or the mistakes of its configuration file.
    fn check(&self, request: analysis::Request) -> HashMap<PathBuf, Vec<lsp::Diagnostic>> {
        let mut by_file: HashMap<PathBuf, Vec<lsp::Diagnostic>> = HashMap::new();
        let checked = Options::read(self.db, request)
            .and_then(|opts| analysis::check::run(self.db, &opts, &Actions::default()));
        match checked {
            Ok(checked) => {
                let outcome = &checked.outcome;
                let mut lines = LineCache::default();
                for d in outcome.diagnostics.iter().filter(|d| !d.is_suppressed()) {
                    let path = outcome.sources.get(d.primary.span.file).path.clone();
                    let converted = self.convert(d, &outcome.sources, &mut lines);
                    by_file.entry(path).or_default().push(converted);
                }
            }
            Err(Error::Config(e) | Error::RevisionConfig { error: e, .. }) => {
                log(&format!(
                    "{}: the configuration is not valid",
                    e.path.display()
                ));
                by_file.insert(e.path.clone(), config_problems(&e));
            }
            Err(Error::Usage(message)) => log(&message),
        }
        by_file
    }

    /// Checks each workspace folder (and each open document outside them on
    /// its own) with the open buffers overlaid, and publishes every file's
    /// list, including empty lists for files that are now clean.
    fn recheck(&mut self) {
        let mut by_file: HashMap<PathBuf, Vec<lsp::Diagnostic>> = HashMap::new();
        for folder in &self.folders {
            let request = self.asking(vec![folder.clone()], folder.clone());
            for (path, list) in self.check(request) {
                // A nested folder's files are its own.
                if self.folder_of(&path).is_none_or(|f| f == folder) {
                    by_file.entry(path).or_insert(list);
                }
            }
        }
        let outside: Vec<PathBuf> = self
            .docs
            .keys()
            .filter(|p| self.folder_of(p).is_none() && p.is_file())
            .cloned()
            .collect();
        for doc in outside {
            let root = doc.parent().map(Path::to_path_buf).unwrap_or_default();
            for (path, list) in self.check(self.asking(vec![doc], root)) {
                if self.folder_of(&path).is_none() {
                    by_file.entry(path).or_insert(list);
                }
            }
        }
        let now: HashSet<PathBuf> = by_file.keys().cloned().collect();
        // Open documents always get a list, so a client shows them as checked.
        for path in self.docs.keys() {
            by_file.entry(path.clone()).or_default();
        }
        for path in &self.published {
            by_file.entry(path.clone()).or_default();
        }
        let mut files: Vec<_> = by_file.into_iter().collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        for (path, diagnostics) in files {
            let Some(uri) = self.uri_of(&path) else {
                continue;
            };
            let version = self.docs.get(&path).map(|d| d.version);
            let params = lsp::PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            };
            self.send(Notification::new(
                lsp::notification::PublishDiagnostics::METHOD.into(),
                params,
            ));
        }
        self.published = now
            .into_iter()
            .filter(|p| self.uri_of(p).is_some())
            .collect();
    }

    fn uri_of(&self, path: &Path) -> Option<lsp::Uri> {
        match self.docs.get(path) {
            Some(doc) => Some(doc.uri.clone()),
            None => path_to_uri(path),
        }
    }

    fn convert(
        &self,
        d: &diagnostic::Diagnostic,
        sources: &SourceMap,
        lines: &mut LineCache,
    ) -> lsp::Diagnostic {
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let related: Vec<lsp::DiagnosticRelatedInformation> = d
            .related
            .iter()
            .filter_map(|label| {
                let path = &sources.get(label.span.file).path;
                Some(lsp::DiagnosticRelatedInformation {
                    location: lsp::Location {
                        uri: self.uri_of(path)?,
                        range: lines.range(sources, label.span),
                    },
                    message: if label.message.is_empty() {
                        "related".into()
                    } else {
                        label.message.clone()
                    },
                })
            })
            .collect();
        lsp::Diagnostic {
            range: lines.range(sources, d.primary.span),
            severity: Some(match d.severity {
                Severity::Error => lsp::DiagnosticSeverity::ERROR,
                Severity::Warning => lsp::DiagnosticSeverity::WARNING,
                Severity::Note => lsp::DiagnosticSeverity::INFORMATION,
            }),
            code: Some(lsp::NumberOrString::String(d.rule.id.into())),
            source: Some("gclint".into()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            ..lsp::Diagnostic::default()
        }
    }

    fn hover(&self, at: &lsp::TextDocumentPositionParams) -> Option<lsp::Hover> {
        let path = uri_to_path(&at.text_document.uri)?;
        let doc = self.docs.get(&path)?;
        let text = &doc.text;
        let offset = Lines::new(text).offset(at.position);
        let kind = discover::classify(&path);
        let (range, body) = hover_text(self.db, text, offset, kind)?;
        let lines = Lines::new(text);
        Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: format!("```text\n{}\n```", body.trim_end()),
            }),
            range: Some(lsp::Range {
                start: lines.position(range.start),
                end: lines.position(range.end),
            }),
        })
    }

    // `lsp_types::WorkspaceEdit` keys its changes by `Uri`, whose hash is
    // its text; the lint's interior mutability is fluent-uri's lazy parse.
    #[allow(clippy::mutable_key_type)]
    fn code_actions(&self, p: &lsp::CodeActionParams) -> Vec<lsp::CodeActionOrCommand> {
        let Some(path) = uri_to_path(&p.text_document.uri) else {
            return Vec::new();
        };
        let Some(doc) = self.docs.get(&path) else {
            return Vec::new();
        };
        if !matches!(discover::classify(&path), Some(FileKind::Manifest { .. })) {
            return Vec::new();
        }
        let mut actions = Vec::new();
        for d in &p.context.diagnostics {
            if d.source.as_deref() != Some("gclint") {
                continue;
            }
            for (title, edit, preferred) in fixes(self.db, &doc.text, d) {
                let changes = HashMap::from([(doc.uri.clone(), vec![edit])]);
                actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title,
                    kind: Some(lsp::CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![d.clone()]),
                    edit: Some(lsp::WorkspaceEdit {
                        changes: Some(changes),
                        ..lsp::WorkspaceEdit::default()
                    }),
                    is_preferred: preferred.then_some(true),
                    ..lsp::CodeAction::default()
                }));
            }
        }
        actions
    }

    fn completion(
        &mut self,
        at: &lsp::TextDocumentPositionParams,
    ) -> Option<Vec<lsp::CompletionItem>> {
        let path = uri_to_path(&at.text_document.uri)?;
        if !matches!(discover::classify(&path), Some(FileKind::Manifest { .. })) {
            return None;
        }
        let doc = self.docs.get(&path)?;
        let lines = Lines::new(&doc.text);
        let offset = lines.offset(at.position);
        let start = scope_prefix_start(&doc.text, offset)?;
        let range = lsp::Range {
            start: lines.position(start),
            end: lines.position(offset),
        };
        let db = self.db;
        let scopes = self.scope_items.get_or_insert_with(|| {
            db.scopes()
                .map(|s| (s.to_string(), db.ops_with_scope(s).count()))
                .collect()
        });
        Some(
            scopes
                .iter()
                .map(|(name, count)| lsp::CompletionItem {
                    label: name.clone(),
                    kind: Some(lsp::CompletionItemKind::VALUE),
                    detail: Some(format!("OAuth scope · {count} operation(s)")),
                    text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
                        range,
                        new_text: name.clone(),
                    })),
                    ..lsp::CompletionItem::default()
                })
                .collect(),
        )
    }
}

/// The quick fixes for one gclint diagnostic of a manifest, as edits of
/// `text`: a suggested scope for an unknown one, the `:readonly` form where
/// it suffices, and removing a block-list item for an unused or redundant
/// scope. Each edits only the scope the finding points at.
fn fixes(db: &Database, text: &str, d: &lsp::Diagnostic) -> Vec<(String, lsp::TextEdit, bool)> {
    let Some(lsp::NumberOrString::String(code)) = &d.code else {
        return Vec::new();
    };
    let lines = Lines::new(text);
    let (start, end) = (lines.offset(d.range.start), lines.offset(d.range.end));
    let Some(scope) = text.get(start..end.max(start)) else {
        return Vec::new();
    };
    if scope.is_empty() || !scope.chars().all(is_scope_char) {
        return Vec::new();
    }
    let replace = |new_text: String| lsp::TextEdit {
        range: d.range,
        new_text,
    };
    match code.as_str() {
        "unknown-scope" => db
            .similar_scopes(scope, 3)
            .into_iter()
            .map(|s| (format!("Replace with `{s}`"), replace(s.to_string()), false))
            .collect(),
        "readonly-suffices" => {
            let readonly = format!("{scope}:readonly");
            if !db.is_scope(&readonly) {
                return Vec::new();
            }
            vec![(format!("Use `{readonly}`"), replace(readonly), true)]
        }
        "unused-scope" | "redundant-scope" if db.is_scope(scope) => {
            // Only a whole `- scope` line is removed; flow lists are left alone.
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
            let item = text[line_start..line_end].trim();
            let bare = item.strip_prefix('-').map(str::trim).unwrap_or("");
            if bare.trim_matches(['"', '\'']) != scope {
                return Vec::new();
            }
            let edit = lsp::TextEdit {
                range: lsp::Range {
                    start: lines.position(line_start),
                    end: lines.position(line_end),
                },
                new_text: String::new(),
            };
            vec![(format!("Remove `{scope}`"), edit, true)]
        }
        _ => Vec::new(),
    }
}

/// The mistakes of a configuration file, on its lines.
fn config_problems(e: &ConfigError) -> Vec<lsp::Diagnostic> {
    let lines = Lines::new(&e.text);
    e.problems
        .iter()
        .map(|p| {
            let mut message = p.message.clone();
            if let Some(help) = &p.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            lsp::Diagnostic {
                range: lsp::Range {
                    start: lines.position(p.range.start),
                    end: lines.position(p.range.end),
                },
                severity: Some(lsp::DiagnosticSeverity::ERROR),
                source: Some("gclint".into()),
                message,
                ..lsp::Diagnostic::default()
            }
        })
        .collect()
}

fn capabilities() -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::FULL),
                save: Some(lsp::TextDocumentSyncSaveOptions::SaveOptions(
                    lsp::SaveOptions {
                        include_text: Some(true),
                    },
                )),
                ..lsp::TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Simple(true)),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(["\"", "'", ":", "-"].map(String::from).to_vec()),
            ..lsp::CompletionOptions::default()
        }),
        workspace: Some(lsp::WorkspaceServerCapabilities {
            workspace_folders: Some(lsp::WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(lsp::OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..lsp::ServerCapabilities::default()
    }
}

/// Applies one change event: the whole text, or a range of it.
fn apply_change(text: &mut String, change: lsp::TextDocumentContentChangeEvent) {
    match change.range {
        None => *text = change.text,
        Some(range) => {
            let lines = Lines::new(text);
            let start = lines.offset(range.start);
            let end = lines.offset(range.end).max(start);
            text.replace_range(start..end, &change.text);
        }
    }
}

/// A text's line starts and, once a long line needs them, the UTF-16 code
/// units before each block of bytes (`source::block_marks`): a position costs the
/// same at column 10 and at column 1,000,000 (a minified line with
/// thousands of findings once cost its length for each).
#[derive(Default)]
struct LineIndex {
    starts: Vec<usize>,
    units: std::cell::OnceCell<Vec<usize>>,
}

/// UTF-16 code units in `bytes` (whole characters): one per character,
/// two for those outside the Basic Multilingual Plane (four bytes).
fn utf16_units(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

/// Byte offsets ↔ LSP positions (0-based line, UTF-16 code units).
struct Lines<'a> {
    text: &'a str,
    index: LineIndex,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        Lines {
            text,
            index: LineIndex {
                starts,
                units: Default::default(),
            },
        }
    }

    fn position(&self, offset: usize) -> lsp::Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = &self.index.starts;
        let line = starts.partition_point(|&s| s <= offset) - 1;
        let start = starts[line];
        let bytes = self.text.as_bytes();
        let character = if offset - start <= MARK_BLOCK {
            utf16_units(&bytes[start..offset])
        } else {
            self.units_before(offset) - self.units_before(start)
        };
        lsp::Position::new(line as u32, character as u32)
    }

    /// UTF-16 code units before byte `offset` (a character boundary).
    fn units_before(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let marks = self
            .index
            .units
            .get_or_init(|| block_marks(bytes, utf16_units));
        count_before(marks, bytes, offset, utf16_units)
    }

    /// The byte offset of a position, clamped to its line and the text.
    fn offset(&self, position: lsp::Position) -> usize {
        let Some(&start) = self.index.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let end = self
            .index
            .starts
            .get(position.line as usize + 1)
            .map_or(self.text.len(), |&e| e - 1);
        let mut units = 0;
        for (i, c) in self.text[start..end].char_indices() {
            if units >= position.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }
}

/// Line tables of the files of one check, built once each.
#[derive(Default)]
struct LineCache {
    starts: HashMap<u32, LineIndex>,
}

impl LineCache {
    fn range(&mut self, sources: &SourceMap, span: Span) -> lsp::Range {
        let text = &sources.get(span.file).text;
        let index = self
            .starts
            .entry(span.file.0)
            .or_insert_with(|| Lines::new(text).index);
        let lines = Lines {
            text,
            index: std::mem::take(index),
        };
        let range = lsp::Range {
            start: lines.position(span.start as usize),
            end: lines.position(span.end as usize),
        };
        *index = lines.index;
        range
    }
}

/// The run of `accept` characters around `offset`.
fn token_at(
    text: &str,
    offset: usize,
    accept: impl Fn(char) -> bool,
) -> Option<std::ops::Range<usize>> {
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| accept(c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .char_indices()
        .find(|&(_, c)| !accept(c))
        .map_or(text.len(), |(i, _)| offset + i);
    (start < end).then_some(start..end)
}

fn is_scope_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '_' | '.')
}

/// The `gclint scope` / `gclint endpoint` text for what is under the cursor.
fn hover_text(
    db: &Database,
    text: &str,
    offset: usize,
    kind: Option<FileKind>,
) -> Option<(std::ops::Range<usize>, String)> {
    // A `/api/v2/...` path in a string.
    let path_char = |c: char| {
        c.is_ascii_alphanumeric() || matches!(c, '/' | '{' | '}' | '$' | '.' | '-' | '_' | ':')
    };
    if let Some(range) = token_at(text, offset, path_char) {
        let token = &text[range.clone()];
        if let Some(at) = token.find("/api/v2") {
            let (body, found) = crate::report::query::endpoint_text(db, &token[at..]);
            if found {
                return Some((range.start + at..range.end, body));
            }
        }
    }
    // A scope: in manifests and configuration, or quoted in code.
    if let Some(range) = token_at(text, offset, is_scope_char) {
        let token = &text[range.clone()];
        let quoted = text[..range.start].ends_with(['"', '\'', '`']);
        let config = matches!(
            kind,
            Some(FileKind::Manifest { .. } | FileKind::Terraform | FileKind::Json)
        );
        if (config || quoted) && db.is_scope(token) {
            let (body, _) = crate::report::query::scope_text(db, token);
            return Some((range, body));
        }
    }
    // An SDK method name in code.
    if let Some(FileKind::Source(_)) = kind {
        let range = token_at(text, offset, |c| c.is_ascii_alphanumeric() || c == '_')?;
        let token = &text[range.clone()];
        db.op_by_sdk_name(token)?;
        let (body, found) = crate::report::query::endpoint_text(db, token);
        return found.then_some((range, body));
    }
    None
}

/// Where the scope name being typed starts, when the cursor is in an item
/// of a `scopes` list (YAML block or flow list, or a JSON array).
fn scope_prefix_start(text: &str, offset: usize) -> Option<usize> {
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    let prefix = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_scope_char(c))
        .last()
        .map_or(before.len(), |(i, _)| i);
    let start = line_start + prefix;
    let head = before[..prefix].trim_end_matches(['"', '\'']);
    // A flow list or JSON array: the innermost open `[` before the cursor.
    if flow_list_key(&text[..line_start + head.len()]) == Some("scopes") {
        return Some(start);
    }
    // A YAML block list item: `- name` under `scopes:`.
    if head.trim() != "-" {
        return None;
    }
    let indent = head.len() - head.trim_start().len();
    for line in text[..line_start].lines().rev() {
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let line_indent = line.len() - content.len();
        if line_indent > indent || (line_indent == indent && content.starts_with('-')) {
            continue;
        }
        let key = content
            .split(':')
            .next()
            .unwrap_or("")
            .trim_matches(['"', '\'', ' ']);
        let key = key.strip_prefix("- ").unwrap_or(key).trim();
        return (key == "scopes" && content.trim_end().ends_with(':')).then_some(start);
    }
    None
}

/// The key of the innermost unclosed `[` in `text`, if any.
fn flow_list_key(text: &str) -> Option<&str> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices().rev() {
        match c {
            ']' => depth += 1,
            '[' if depth == 0 => {
                let key = text[..i].trim_end().strip_suffix(':')?.trim_end();
                let key = key.trim_end_matches(['"', '\'']);
                let begin = key
                    .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                    .map_or(0, |b| b + 1);
                return Some(&key[begin..]);
            }
            '[' => depth -= 1,
            '{' | '}' if depth == 0 => return None,
            _ => {}
        }
    }
    None
}

/// `file:` URI → path (percent-decoded; `localhost` host allowed).
fn uri_to_path(uri: &lsp::Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.strip_prefix("file://")?;
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let mut bytes = Vec::with_capacity(rest.len());
    let raw = rest.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%' && i + 2 < raw.len() {
            if let Ok(b) = u8::from_str_radix(&rest[i + 1..i + 3], 16) {
                bytes.push(b);
                i += 3;
                continue;
            }
        }
        bytes.push(raw[i]);
        i += 1;
    }
    let decoded = String::from_utf8(bytes).ok()?;
    // `/C:/x` on Windows is `C:/x`.
    let windows = decoded.len() > 2
        && decoded.as_bytes()[2] == b':'
        && decoded.as_bytes()[1].is_ascii_alphabetic()
        && cfg!(windows);
    Some(PathBuf::from(if windows {
        &decoded[1..]
    } else {
        &decoded
    }))
}

/// Path → `file:` URI, percent-encoding all but unreserved characters and `/`.
fn path_to_uri(path: &Path) -> Option<lsp::Uri> {
    let text = path.to_str()?.replace('\\', "/");
    let mut out = String::from("file://");
    if !text.starts_with('/') {
        out.push('/');
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric()
            || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~')
            || (b == b':' && cfg!(windows))
        {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    lsp::Uri::from_str(&out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_positions_round_trip() {
        let text = "a: é😀x\nsecond\n";
        let lines = Lines::new(text);
        let x = text.find('x').unwrap();
        // `é` is one UTF-16 unit, `😀` two.
        assert_eq!(lines.position(x), lsp::Position::new(0, 6));
        assert_eq!(lines.offset(lsp::Position::new(0, 6)), x);
        assert_eq!(
            lines.position(text.find("second").unwrap()),
            lsp::Position::new(1, 0)
        );
        assert_eq!(
            lines.offset(lsp::Position::new(0, 99)),
            text.find('\n').unwrap()
        );
        assert_eq!(lines.offset(lsp::Position::new(9, 0)), text.len());
        // A line longer than a block of the units index, with characters
        // of one, two, three and four bytes across block boundaries.
        let long: String = "aé€😀".repeat(3000);
        let text = format!("first\n{long}x\n");
        let lines = Lines::new(&text);
        let x = text.find('x').unwrap();
        let units = long.encode_utf16().count() as u32;
        assert_eq!(lines.position(x), lsp::Position::new(1, units));
        assert_eq!(lines.offset(lsp::Position::new(1, units)), x);
        for at in [7000, 9001, 20000] {
            let at = (at..).find(|&i| text.is_char_boundary(i)).unwrap();
            let column = text[6..at].encode_utf16().count() as u32;
            assert_eq!(lines.position(at), lsp::Position::new(1, column), "{at}");
        }
    }

    #[test]
    fn uris_round_trip() {
        let path = Path::new("/tmp/my app/appfoundry.yaml");
        let uri = path_to_uri(path).unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/my%20app/appfoundry.yaml");
        assert_eq!(uri_to_path(&uri).unwrap(), path);
    }

    #[test]
    fn scope_list_positions() {
        let yaml = "clients:\n  - name: web\n    scopes:\n      - users:rea\n    roles:\n      - x";
        let at = yaml.find("rea").unwrap() + 3;
        assert_eq!(
            scope_prefix_start(yaml, at),
            Some(yaml.find("users").unwrap())
        );
        assert_eq!(scope_prefix_start(yaml, yaml.len()), None);
        let flow = "scopes: [users, ana";
        assert_eq!(scope_prefix_start(flow, flow.len()), Some(16));
        let json = "{\"scopes\": [\"users\", \"an";
        assert_eq!(scope_prefix_start(json, json.len()), Some(json.len() - 2));
        assert_eq!(scope_prefix_start("name: us", 8), None);
    }

    #[test]
    fn quick_fixes_edit_only_the_scope() {
        let db = Database::embedded();
        let text = "scopes:\n  - routing\n  - users:readonly\n  - notifications\nname: web\n";
        let lines = Lines::new(text);
        let diag = |code: &str, word: &str| {
            let start = text.find(word).unwrap();
            lsp::Diagnostic {
                range: lsp::Range {
                    start: lines.position(start),
                    end: lines.position(start + word.len()),
                },
                code: Some(lsp::NumberOrString::String(code.into())),
                ..lsp::Diagnostic::default()
            }
        };
        let readonly = fixes(db, text, &diag("readonly-suffices", "routing"));
        assert_eq!(readonly.len(), 1);
        assert_eq!(readonly[0].0, "Use `routing:readonly`");
        assert_eq!(readonly[0].1.new_text, "routing:readonly");
        let unused = fixes(db, text, &diag("unused-scope", "notifications"));
        assert_eq!(unused.len(), 1);
        assert_eq!(unused[0].0, "Remove `notifications`");
        assert_eq!(
            unused[0].1.range,
            lsp::Range {
                start: lsp::Position::new(3, 0),
                end: lsp::Position::new(4, 0)
            }
        );
        // `unused-scope` on a client name is not a scope: no fix.
        assert!(fixes(db, text, &diag("unused-scope", "web")).is_empty());
    }
}
