//! Reading one file: what kind it is, its text, and what it holds — a
//! manifest to read, a configuration parsed, source scanned, secrets
//! found — with secrets masked in the only copy of the text kept.

use super::Options;
use crate::discover::{self, FileKind, Read};
use crate::scan::{self, FileScan};

thread_local! {
    /// The bytes of the file a walk thread is reading (see [`read`]).
    static READ_BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// A file's bytes as first read.
enum FirstRead {
    Skip(String),
    /// The prefilter ruled the file out.
    RuledOut(Unscanned),
    Kept(Vec<u8>),
    /// Larger than the walk reads as it goes: its size.
    PutOff(u64),
}

/// Files up to this size are read as the walk finds them; larger ones
/// after it, largest first (see [`discover::walk_map`]).
const READ_AS_FOUND: u64 = 64 << 10;

/// Source the prefilter found nothing in.
#[derive(Debug, Clone, Copy)]
pub(super) struct Unscanned {
    pub language: scan::Language,
    /// In bytes (the second pass reads the largest first).
    pub size: u64,
    /// It writes the start of a Platform path (`/routing`): the second pass
    /// reads it in a project that sends relative paths to a Genesys base.
    pub path_head: bool,
}

impl Unscanned {
    fn of(language: scan::Language, bytes: &[u8]) -> Unscanned {
        Unscanned {
            language,
            size: bytes.len() as u64,
            path_head: scan::names_path_head(bytes),
        }
    }
}

/// Reads `path` into this thread's buffer: most files are ruled out on
/// their bytes, and the buffer's pages serve file after file. A file that
/// is kept takes the buffer with it.
fn first_read(
    path: &std::path::Path,
    visit: discover::Visit,
    ruled_out: impl Fn(&[u8]) -> Option<scan::Language>,
) -> FirstRead {
    let now = match visit {
        discover::Visit::Found => READ_AS_FOUND,
        discover::Visit::Later => u64::MAX,
    };
    READ_BUFFER.with(|buffer| {
        let mut bytes = buffer.take();
        let read = match discover::read_bytes_now_into(path, now, &mut bytes) {
            Err(reason) => FirstRead::Skip(reason),
            Ok(Some(size)) => FirstRead::PutOff(size),
            Ok(None) => match ruled_out(&bytes) {
                Some(language) => FirstRead::RuledOut(Unscanned::of(language, &bytes)),
                None => return FirstRead::Kept(bytes),
            },
        };
        buffer.set(bytes);
        read
    })
}

/// One file after reading and scanning.
pub(super) enum Loaded {
    Skip(String),
    /// Read, but holds no Genesys fact.
    Nothing,
    /// Source the prefilter found nothing in.
    Unscanned(Unscanned),
    /// Not read yet: a large file, read after the walk (its size).
    Later(u64),
    /// The bytes of a source file the prefilter kept, scanned after the walk.
    Held(Vec<u8>),
    /// A file of a kind read only for its content (JSON) that is not Genesys's.
    NotOurs,
    /// A manifest; its secrets (`clientSecret:`) already masked in `text`.
    Manifest {
        text: String,
        lossy: bool,
        json: bool,
        secrets: Vec<scan::FoundSecret>,
    },
    /// Source with its facts; secrets already masked in `text`.
    Source {
        text: String,
        scan: Box<FileScan>,
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
    let secrets = scan::secrets::config_secrets(&text);
    if secrets.is_empty() {
        return (text, secrets);
    }
    let text = redact(text, secrets.iter().map(|s| s.redact.clone()));
    (text, secrets)
}

pub(super) enum ParsedConfig {
    Terraform(Vec<crate::parse::hcl::HclBlock>),
    TerraformVars(crate::parse::Node),
    Wizard(crate::parse::Node),
    ApiJson(crate::parse::Node),
}

/// The object literal holding `provisioningInfo` in a JavaScript file, if
/// the file writes one.
fn wizard_config(text: &str) -> Option<Result<crate::parse::Node, crate::parse::ParseIssue>> {
    if !crate::config::mentions_provisioning_info(text) {
        return None;
    }
    crate::parse::js_object::object_with_key(text, "provisioningInfo").transpose()
}

/// Reads and looks into one file found by the walk.
pub(super) fn read(file: &discover::Found, visit: discover::Visit, opts: &Options) -> Loaded {
    let overrides = &opts.overrides;
    if file.kind == FileKind::ProjectMarker {
        return Loaded::NotOurs;
    }
    let name = file.path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    // Most source files hold nothing of Genesys's: one literal search of
    // the bytes (an unsaved buffer's, or the file's before decoding) rules
    // them out.
    let ruled_out = |bytes: &[u8]| match file.kind {
        FileKind::Source(language)
            if !crate::config::is_wizard_config_name(name)
                && !scan::worth_scanning_bytes(bytes) =>
        {
            Some(language)
        }
        _ => None,
    };
    let read = match overrides.get(&file.path) {
        Some(text) => match ruled_out(text.as_bytes()) {
            Some(language) => return Loaded::Unscanned(Unscanned::of(language, text.as_bytes())),
            None => Read::Text(text.clone()),
        },
        None => match first_read(&file.path, visit, ruled_out) {
            FirstRead::PutOff(size) => return Loaded::Later(size),
            FirstRead::Skip(reason) => return Loaded::Skip(reason),
            FirstRead::RuledOut(unscanned) => return Loaded::Unscanned(unscanned),
            // Source that may hold calls: scanned after the walk, the
            // largest first, on whichever core is free.
            FirstRead::Kept(bytes)
                if visit == discover::Visit::Found && matches!(file.kind, FileKind::Source(_)) =>
            {
                return Loaded::Held(bytes)
            }
            FirstRead::Kept(bytes) => discover::decode(bytes),
        },
    };
    look_into(file, read, opts)
}

/// Finishes what [`read`] left for after the walk: a large file is read,
/// the bytes of a source file the prefilter kept are scanned.
pub(super) fn finish(file: &discover::Found, loaded: Loaded, opts: &Options) -> Loaded {
    match loaded {
        Loaded::Later(_) => read(file, discover::Visit::Later, opts),
        Loaded::Held(bytes) => look_into(file, discover::decode(bytes), opts),
        done => done,
    }
}

/// What a file's text holds, by its kind.
fn look_into(file: &discover::Found, read: Read, opts: &Options) -> Loaded {
    let name = file.path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let (text, lossy) = match read {
        Read::Text(t) => (t, false),
        Read::Lossy(t) => (t, true),
        Read::Skip(reason) => return Loaded::Skip(reason),
    };
    let wizard = matches!(file.kind, FileKind::Source(scan::Language::JavaScript))
        .then(|| wizard_config(&text))
        .flatten();
    match file.kind {
        FileKind::Manifest { json } => {
            let (text, secrets) = config_secrets(text);
            Loaded::Manifest {
                text,
                lossy,
                json,
                secrets,
            }
        }
        FileKind::Terraform => {
            // Only files that use the Genesys provider, or load modules
            // that may (the deploy client's needs add up across them), are
            // parsed.
            let bytes = text.as_bytes();
            let parsed = (memchr::memmem::find(bytes, b"genesyscloud_").is_some()
                || memchr::memmem::find(bytes, b"module \"").is_some())
            .then(|| {
                crate::parse::hcl::parse_outline(&text, crate::config::terraform::reads_inside)
                    .map(ParsedConfig::Terraform)
            });
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
        // A premium-app wizard's config, whatever its file is named: an
        // object literal with `provisioningInfo` (a file that only reads
        // `config.provisioningInfo` is the wizard's code).
        FileKind::Source(scan::Language::JavaScript) if wizard.is_some() => {
            let parsed = match wizard {
                Some(Ok(root)) => Ok(ParsedConfig::Wizard(root)),
                Some(Err(e)) => Err(e),
                None => return Loaded::Nothing,
            };
            Loaded::Config {
                text,
                parsed,
                secrets: Vec::new(),
            }
        }
        FileKind::ProjectMarker => Loaded::NotOurs,
        FileKind::Source(language) => {
            // A file named like a wizard config skipped the byte search.
            if crate::config::is_wizard_config_name(name) && !scan::worth_scanning(&text) {
                return Loaded::Unscanned(Unscanned::of(language, text.as_bytes()));
            }
            if !opts.include_generated.excludes(&file.path, false) {
                if let Some(why) = crate::generated::reason(&file.path, &text) {
                    return Loaded::Skip(format!(
                        "not app code ({why}); `include-generated` in gclint.toml reads it"
                    ));
                }
            }
            let found = scan::scan_all(language, &text);
            // A file with a suppression comment is kept so that an unused one is reported.
            if found.is_empty() && !crate::suppress::mentions(&text) {
                return Loaded::Nothing;
            }
            // Secrets never reach any output: mask them in the only copy kept.
            let text = redact(text, found.secrets.iter().map(|s| s.redact.clone()));
            Loaded::Source {
                text,
                scan: Box::new(found),
            }
        }
    }
}

/// Masks byte ranges with `*` (same length, so every span stays valid).
pub(super) fn redact(text: String, ranges: impl Iterator<Item = std::ops::Range<usize>>) -> String {
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
