//! Finds the files of a run: walks the given paths (honouring `.gitignore`),
//! classifies each file and reads the ones gclint understands.
//!
//! Imports only layers below it (docs/architecture.md): `files`,
//! `generated`, `manifest`, `parallel`, `scan`.

use crate::manifest::is_manifest_name;
use crate::scan::Language;
use std::path::{Path, PathBuf};

/// Files larger than this are skipped with a note (generated bundles, data).
pub const MAX_FILE_BYTES: u64 = crate::files::SOURCE;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Manifest {
        json: bool,
    },
    Source(Language),
    /// Terraform (`*.tf`).
    Terraform,
    /// Terraform variable values (`*.tfvars`).
    TerraformVars,
    /// Other configuration files (`.env`, YAML, `.properties`, `.ini`):
    /// read only for client secrets.
    Settings,
    /// Any other JSON: read when its content is Genesys API JSON.
    Json,
    /// A file that marks the root of a project (`go.mod`, `pom.xml`,
    /// `requirements.txt`, `*.csproj`, ...): never read, it tells where a
    /// project ends (see [`crate::load::link`]). `package.json` and
    /// `composer.json` are JSON files and mark projects too.
    ProjectMarker,
}

/// Configuration files read for client secrets: `.env` files, YAML,
/// `.properties` and `.ini`; not templates meant to be copied
/// (`.env.example`, `*.sample`, `*.template`, `*.dist`).
fn is_settings_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if [".example", ".sample", ".template", ".dist", ".tmpl"]
        .iter()
        .any(|s| lower.ends_with(s))
    {
        return false;
    }
    lower == ".env"
        || lower.starts_with(".env.")
        || lower.ends_with(".env")
        || [".yaml", ".yml", ".properties", ".ini"]
            .iter()
            .any(|s| lower.ends_with(s))
}

/// Whether a file name marks the root of a project: a package or build
/// file of one of the languages gclint reads.
pub fn is_project_marker(name: &str) -> bool {
    matches!(
        name,
        "package.json"
            | "composer.json"
            | "pyproject.toml"
            | "setup.py"
            | "setup.cfg"
            | "Pipfile"
            | "go.mod"
            | "pom.xml"
            | "build.gradle"
            | "build.gradle.kts"
            | "settings.gradle"
            | "settings.gradle.kts"
            // Lockfiles: read for the SDK release they install.
            | "yarn.lock"
            | "pnpm-lock.yaml"
            | "poetry.lock"
    ) || (name.starts_with("requirements") && name.ends_with(".txt"))
        || name.ends_with(".csproj")
        || name.ends_with(".psd1")
}

/// Whether a file is test code (a test folder, or a test file name in the
/// convention of its language): it runs under a test runner, with mocks or
/// a test org's client, not under the app's login. `path` is relative to
/// the scanned folder (the folders above it say nothing).
pub fn is_test_code(path: &Path) -> bool {
    in_test_folder(path) || is_test_file_name(path)
}

/// Whether a folder of `path` (relative to the scanned folder) is a test
/// folder (`test/`, `__tests__/`, `Foo.Tests/`).
pub fn in_test_folder(path: &Path) -> bool {
    path.parent().is_some_and(|dir| {
        dir.components().any(|c| {
            let c = c.as_os_str().to_str().unwrap_or("");
            let lower = c.to_ascii_lowercase();
            matches!(
                lower.as_str(),
                "test"
                    | "tests"
                    | "__tests__"
                    | "__mocks__"
                    | "mocks"
                    | "spec"
                    | "specs"
                    | "e2e"
                    | "testdata"
                    | "test-data"
                    | "test_data"
                    | "testing"
                    | "cypress"
                    | "playwright"
                    | "integration-tests"
                    | "unittests"
            ) || lower.ends_with(".tests")
                || lower.ends_with(".test")
                || lower.ends_with(".unittests")
                || lower.ends_with(".integrationtests")
        })
    })
}

/// Whether a file's name is a test file's in the convention of its
/// language (`x.test.js`, `test_x.py`, `x_test.go`, `UsersApiTest.java`).
pub fn is_test_file_name(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let lower = name.to_ascii_lowercase();
    let stem = lower.split('.').next().unwrap_or("");
    lower.contains(".test.")
        || lower.contains(".tests.")
        || lower.contains(".spec.")
        || (lower.ends_with(".py")
            && (stem.starts_with("test_")
                || stem.ends_with("_test")
                || stem == "conftest"
                || stem == "tests"))
        || lower.ends_with("_test.go")
        || ((lower.ends_with(".cs") || lower.ends_with(".java") || lower.ends_with(".kt")) && {
            // `UsersApiTest`, not `Latest`.
            let stem = name.split('.').next().unwrap_or("");
            stem.ends_with("Test") || stem.ends_with("Tests")
        })
}

/// The kind of a file, by its name. A name that is not UTF-8 is classified
/// by its readable part (`\xff.js` is JavaScript): a hostile tree does not
/// hide code from the check behind an unreadable byte.
pub fn classify(path: &Path) -> Option<FileKind> {
    let name = path.file_name()?.to_string_lossy();
    let name = name.as_ref();
    if is_manifest_name(name) {
        return Some(FileKind::Manifest {
            json: name.ends_with(".json"),
        });
    }
    match path.extension().and_then(|e| e.to_str()) {
        Some("tf") => return Some(FileKind::Terraform),
        Some("tfvars") => return Some(FileKind::TerraformVars),
        Some("json") => return Some(FileKind::Json),
        _ => {}
    }
    if let Some(language) = Language::from_path(path) {
        return Some(FileKind::Source(language));
    }
    if is_settings_name(name) {
        return Some(FileKind::Settings);
    }
    is_project_marker(name).then_some(FileKind::ProjectMarker)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub path: PathBuf,
    pub kind: FileKind,
    /// Named on the command line (read even if ignored by `.gitignore`).
    pub explicit: bool,
}

/// Why a file was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

/// Paths a run leaves out (`exclude` in `gclint.toml`): gitignore-style
/// patterns relative to the folder of the file that lists them.
#[derive(Debug, Clone, Default)]
pub struct Exclude {
    matcher: Option<ignore::gitignore::Gitignore>,
}

impl Exclude {
    /// Compiles `patterns` relative to `base`; on a bad pattern, its index
    /// and what is wrong with it.
    pub fn new(base: &Path, patterns: &[String]) -> Result<Exclude, (usize, String)> {
        if patterns.is_empty() {
            return Ok(Exclude::default());
        }
        let mut builder = ignore::gitignore::GitignoreBuilder::new(normalize(base));
        for (i, p) in patterns.iter().enumerate() {
            builder.add_line(None, p).map_err(|e| (i, glob_error(&e)))?;
        }
        let matcher = builder.build().map_err(|e| (0, glob_error(&e)))?;
        Ok(Exclude {
            matcher: Some(matcher),
        })
    }

    /// Whether `path` (absolute) or a folder above it is excluded.
    pub fn excludes(&self, path: &Path, is_dir: bool) -> bool {
        let Some(m) = &self.matcher else {
            return false;
        };
        let path = normalize(path);
        // The matcher panics on a path outside its folder.
        path.starts_with(m.path()) && m.matched_path_or_any_parents(&path, is_dir).is_ignore()
    }
}

/// The absolute form of `path` with `.` and `..` resolved by name (not
/// through symbolic links), so that paths given as `../app` and those
/// found by walking up compare equal.
pub fn normalize(path: &Path) -> PathBuf {
    tidy(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// `a/./b/../c` as `a/c`, by name (not through symbolic links).
pub fn tidy(path: &Path) -> PathBuf {
    crate::files::tidy(path)
}

/// The reason of a glob error without the `ignore` crate's wrapping.
pub fn glob_error(err: &ignore::Error) -> String {
    match err {
        ignore::Error::Glob { err, .. } => err.clone(),
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => glob_error(err),
        other => other.to_string(),
    }
}

/// Walks `paths` and returns the files of known kinds, sorted by path.
/// Files and folders that `exclude` names are left out unless named
/// directly in `paths`.
pub fn walk(paths: &[PathBuf], exclude: &Exclude) -> (Vec<Found>, Vec<Skipped>) {
    let (found, skipped) = walk_map(paths, exclude, 0, |_, _| (), |_| None, |_, r| r);
    (found.into_iter().map(|(f, ())| f).collect(), skipped)
}

/// When [`walk_map`] applies its function to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visit {
    /// As the walk finds it: a file that would take long may be put off
    /// (the function says so through `later`).
    Found,
    /// After the walk, largest first: it must be done now.
    Later,
}

/// [`walk`], applying `f` to each file on `jobs` threads (0: one per
/// core) as the walk finds it: folders are read and files looked into at
/// once, on every core, with no look-up of a file's size before it is
/// opened. What `f` leaves for later (`later` gives its weight: a large
/// file found by its open handle, bytes to scan) is done by `finish` after
/// the walk, heaviest first, on whichever core is free: the walker hands a
/// folder's files to one thread, and a heavy file found last would keep
/// one core busy while the others wait. The results come sorted by path
/// whatever the thread count.
pub fn walk_map<R: Send>(
    paths: &[PathBuf],
    exclude: &Exclude,
    jobs: usize,
    f: impl Fn(&Found, Visit) -> R + Sync,
    later: impl Fn(&R) -> Option<u64>,
    finish: impl Fn(&Found, R) -> R + Sync,
) -> (Vec<(Found, R)>, Vec<Skipped>) {
    let mut found: Vec<(Found, R)> = Vec::new();
    let mut skipped = Vec::new();
    for root in paths {
        if root.is_file() {
            match classify(root) {
                Some(kind) => {
                    let file = Found {
                        path: root.clone(),
                        kind,
                        explicit: true,
                    };
                    let result = f(&file, Visit::Later);
                    found.push((file, result));
                }
                None => skipped.push(Skipped {
                    path: root.clone(),
                    reason: "not a file kind gclint reads".into(),
                }),
            }
            continue;
        }
        if !root.exists() {
            skipped.push(Skipped {
                path: root.clone(),
                reason: "no such file or directory".into(),
            });
            continue;
        }
        if !root.is_dir() {
            // A FIFO, a socket or a device named on the command line.
            skipped.push(Skipped {
                path: root.clone(),
                reason: "not a regular file".into(),
            });
            continue;
        }
        let exclude = exclude.clone();
        let walker = ignore::WalkBuilder::new(root)
            .require_git(false)
            .follow_links(false)
            // Hidden files are read (`.env` files hold secrets); hidden
            // folders (`.git`, `.idea`, `.terraform`) are not entered.
            .hidden(false)
            .filter_entry(move |e| {
                let is_dir = e.file_type().is_some_and(|t| t.is_dir());
                // The root was named on the command line: never excluded.
                if e.depth() > 0 && exclude.excludes(e.path(), is_dir) {
                    return false;
                }
                let name = e.file_name().to_str().unwrap_or("");
                !(is_dir
                    && ((e.depth() > 0 && name.starts_with('.'))
                        || name == "target"
                        || crate::generated::DEPENDENCY_FOLDERS.contains(&name)))
            })
            .build();
        // The folders are read on this thread (a fraction of the work) and
        // each file is looked into on every core as it is found.
        let f = &f;
        let mut errors = Vec::new();
        let files: Vec<(Found, R)> = crate::parallel::map_fed(
            jobs_for(jobs),
            |hand: &mut dyn FnMut(Found)| {
                for entry in walker {
                    match entry {
                        Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                            if let Some(kind) = classify(e.path()) {
                                hand(Found {
                                    path: e.into_path(),
                                    kind,
                                    explicit: false,
                                });
                            }
                        }
                        Ok(_) => {}
                        Err(err) => errors.push(Skipped {
                            path: err_path(&err).unwrap_or_else(|| root.clone()),
                            reason: walk_error(&err),
                        }),
                    }
                }
            },
            |file| {
                let result = f(&file, Visit::Found);
                (file, result)
            },
        );
        // What `f` left for later, taken out of the list to be finished.
        let mut put_off = Vec::new();
        let mut done = Vec::with_capacity(files.len());
        for (file, r) in files {
            match later(&r) {
                Some(weight) => put_off.push((file, weight, std::sync::Mutex::new(Some(r)))),
                None => done.push((file, r)),
            }
        }
        let finished = crate::parallel::map_largest_first(
            &put_off,
            jobs_for(jobs),
            |(_, weight, _)| *weight,
            |(file, _, r)| {
                let r = r.lock().unwrap_or_else(|p| p.into_inner()).take();
                r.map(|r| finish(file, r))
            },
        );
        let files = done.into_iter().chain(
            put_off
                .into_iter()
                .zip(finished)
                .filter_map(|((file, _, _), r)| r.map(|r| (file, r))),
        );
        found.extend(files);
        skipped.extend(errors);
    }
    sort_by_path(&mut found, |(f, _)| &f.path);
    found.dedup_by(|a, b| a.0.path == b.0.path);
    skipped.sort_by(|a, b| a.path.cmp(&b.path).then_with(|| a.reason.cmp(&b.reason)));
    (found, skipped)
}

/// Sorts `items` as `Path::cmp` orders their paths (component by
/// component), stable. On Unix each path is made once into a byte string
/// that sorts the same way (`order_key`): comparing two keys is one
/// `memcmp`, where comparing two paths splits both into components again,
/// at every one of a sort's n log n comparisons.
pub fn sort_by_path<T>(items: &mut [T], path: impl Fn(&T) -> &Path) {
    #[cfg(unix)]
    items.sort_by_cached_key(|item| order_key(path(item)));
    #[cfg(not(unix))]
    items.sort_by(|a, b| path(a).cmp(path(b)));
}

/// A byte string whose order is the order `Path::cmp` gives `path`: each
/// component as a tag in the order of `Component`'s variants (the root,
/// `.`, `..`, a name), the name's bytes, and a 0 byte, which no Unix name
/// holds, so that a name sorts before every longer name it begins.
#[cfg(unix)]
fn order_key(path: &Path) -> Vec<u8> {
    use std::path::Component;
    let mut key = Vec::with_capacity(path.as_os_str().len() + 8);
    for component in path.components() {
        match component {
            // Unix paths have no prefix (`C:`).
            Component::Prefix(_) => key.push(0),
            Component::RootDir => key.push(1),
            Component::CurDir => key.push(2),
            Component::ParentDir => key.push(3),
            Component::Normal(name) => {
                key.push(4);
                key.extend_from_slice(name.as_encoded_bytes());
            }
        }
        key.push(0);
    }
    key
}

/// The worker count of `jobs` (0: one per core).
fn jobs_for(jobs: usize) -> usize {
    match jobs {
        0 => crate::parallel::default_jobs(),
        n => n,
    }
}

/// Why the walk could not go on at a path, without repeating the path.
fn walk_error(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => walk_error(err),
        ignore::Error::Loop { child, .. } => {
            format!("symbolic link loop back to {}", child.display())
        }
        // The walker's own message repeats the path: keep the system's words.
        ignore::Error::Io(io) => {
            let mut cause: &dyn std::error::Error = io;
            let mut code = io.raw_os_error();
            while let (None, Some(inner)) = (code, cause.source()) {
                code = inner
                    .downcast_ref::<std::io::Error>()
                    .and_then(std::io::Error::raw_os_error);
                cause = inner;
            }
            match code {
                Some(code) => format!("cannot read: {}", std::io::Error::from_raw_os_error(code)),
                None => format!("cannot read: {}", io.kind()),
            }
        }
        other => other.to_string(),
    }
}

fn err_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            err_path(err)
        }
        _ => None,
    }
}

/// The text of a file, or why it cannot be read as text.
pub enum Read {
    Text(String),
    /// Not UTF-8: the lossy text, for scanning.
    Lossy(String),
    Skip(String),
}

pub fn read(path: &Path) -> Read {
    match read_bytes(path) {
        Ok(bytes) => decode(bytes),
        Err(why) => Read::Skip(why),
    }
}

/// The bytes of a file that may be text, or why it is skipped (too large,
/// unreadable, binary). Nothing is decoded yet: a caller may rule the file
/// out on its bytes first.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    read_bytes_into(path, &mut bytes)?;
    Ok(bytes)
}

/// [`read_bytes`] into `bytes` (cleared first, its room kept for the next
/// file).
pub fn read_bytes_into(path: &Path, bytes: &mut Vec<u8>) -> Result<(), String> {
    read_bytes_now_into(path, u64::MAX, bytes).map(|_| ())
}

/// [`read_bytes_into`], but a file larger than `now` is left unread:
/// `Ok(Some(size))`.
pub fn read_bytes_now_into(
    path: &Path,
    now: u64,
    bytes: &mut Vec<u8>,
) -> Result<Option<u64>, String> {
    // The file may have changed since the walk saw it (gone, grown, a FIFO
    // or a device in its place): read through `crate::files`, which opens
    // it without blocking and checks it through the open handle.
    match crate::files::read_up_to_into(path, MAX_FILE_BYTES, now, bytes) {
        Ok(crate::files::Bounded::Read) => {}
        Ok(crate::files::Bounded::PutOff(size)) => return Ok(Some(size)),
        // The reason stands alone in a skip note.
        Ok(crate::files::Bounded::TooLarge) => {
            return Err(format!(
                "larger than {}",
                crate::files::size(MAX_FILE_BYTES)
            ))
        }
        Err(e) => return Err(format!("cannot read: {e}")),
    };
    // UTF-16 text has NUL bytes; its byte-order mark says it is text.
    let utf16 = matches!(
        crate::files::Encoding::sniff(bytes),
        crate::files::Encoding::Utf16Le | crate::files::Encoding::Utf16Be
    );
    if !utf16 && memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return Err("binary file".into());
    }
    Ok(None)
}

/// The bytes as text: UTF-8 without its byte-order mark, or UTF-16 with
/// one (Windows tools write both); else the lossy reading.
pub fn decode(bytes: Vec<u8>) -> Read {
    let decoded = crate::files::decode(bytes);
    if decoded.lossy {
        Read::Lossy(decoded.text)
    } else {
        Read::Text(decoded.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn path_keys_sort_as_paths_do() {
        use std::path::PathBuf;
        // Names that byte order and component order put apart: `-`, ` `
        // and `.` sort below `/` as bytes, a prefix sorts first as a
        // component.
        let words = [
            "a", "a-b", "a b", "a.b", "ab", "b", "é", "..", ".", "A", "a\\b",
        ];
        let mut paths: Vec<PathBuf> = vec![PathBuf::from("/"), PathBuf::from("")];
        for x in words {
            paths.push(PathBuf::from(x));
            paths.push(PathBuf::from(format!("/{x}")));
            for y in words {
                paths.push(PathBuf::from(format!("{x}/{y}")));
                paths.push(PathBuf::from(format!("/r/{x}/{y}")));
                paths.push(PathBuf::from(format!("./{x}/{y}/z")));
            }
        }
        let mut by_path = paths.clone();
        by_path.sort();
        let mut by_key = paths.clone();
        super::sort_by_path(&mut by_key, |p| p);
        assert_eq!(by_key, by_path);
        for a in &paths {
            for b in &paths {
                assert_eq!(
                    super::order_key(a).cmp(&super::order_key(b)),
                    a.cmp(b),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn test_code_by_folder_and_name() {
        for p in [
            "tests/unit/proxies/groupsapi.test.js",
            "src/__tests__/api.ts",
            "src/users.spec.ts",
            "pkg/test_users.py",
            "pkg/users_test.py",
            "client/users_test.go",
            "Auditor.Tests/AuditClientTests.cs",
            "Auditor.Tests/Fakes/Handler.cs",
            "src/test/java/UsersApiTest.java",
            "tests/conftest.py",
            "app/conftest.py",
            "scripts/Invoker.Tests.ps1",
            "client/testdata/users.json",
            "web/cypress/e2e/login.cy.js",
            "crm/tests.py",
            "Sync.UnitTests/QueueClientFacts.cs",
        ] {
            assert!(is_test_code(Path::new(p)), "{p}");
        }
        for p in [
            "src/users.js",
            "testing_tools/app.py",
            "src/contest.py",
            "src/Latest.cs",
            "attestations/main.go",
        ] {
            assert!(!is_test_code(Path::new(p)), "{p}");
        }
    }

    fn skip_reason(path: &Path) -> String {
        match read(path) {
            Read::Skip(reason) => reason,
            Read::Text(_) | Read::Lossy(_) => panic!("{} was read", path.display()),
        }
    }

    /// What the function puts off as the walk finds a file is finished
    /// after the walk, and only that; the results come in path order
    /// whatever the thread count.
    #[test]
    fn files_put_off_are_finished_after_the_walk() {
        let tmp = tempfile::tempdir().unwrap();
        for (name, size) in [
            ("b.js", 10),
            ("a/big.py", 5000),
            ("c.go", 3000),
            ("a/d.ts", 1),
        ] {
            let path = tmp.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "x".repeat(size)).unwrap();
        }
        for jobs in [1, 2, 4] {
            let (found, _) = walk_map(
                &[tmp.path().to_path_buf()],
                &Exclude::default(),
                jobs,
                |f, visit| {
                    let size = std::fs::metadata(&f.path).unwrap().len();
                    match visit {
                        Visit::Found if size > 1000 => (visit, size, false),
                        _ => (visit, size, true),
                    }
                },
                |&(_, size, done)| (!done).then_some(size),
                |_, (_, size, _)| (Visit::Later, size, true),
            );
            let seen: Vec<(String, Visit, u64, bool)> = found
                .into_iter()
                .map(|(f, (visit, size, done))| {
                    let rel = f.path.strip_prefix(tmp.path()).unwrap();
                    (rel.display().to_string(), visit, size, done)
                })
                .collect();
            assert_eq!(
                seen,
                [
                    ("a/big.py".to_string(), Visit::Later, 5000, true),
                    ("a/d.ts".to_string(), Visit::Found, 1, true),
                    ("b.js".to_string(), Visit::Found, 10, true),
                    ("c.go".to_string(), Visit::Later, 3000, true),
                ],
                "jobs {jobs}"
            );
        }
    }

    #[test]
    fn a_file_gone_since_the_walk_is_a_skip() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("app.js");
        std::fs::write(&path, "fetch('/api/v2/users/me')").unwrap();
        let (found, _) = walk(&[tmp.path().to_path_buf()], &Exclude::default());
        assert_eq!(found.len(), 1);
        std::fs::remove_file(&path).unwrap();
        assert_eq!(
            skip_reason(&found[0].path),
            "cannot read: No such file or directory (os error 2)"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_folder_in_place_of_a_file_is_a_skip_and_never_blocks() {
        let tmp = tempfile::tempdir().unwrap();
        let fifo = tmp.path().join("app.js");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        // Opening a FIFO for reading would wait for a writer forever.
        assert_eq!(skip_reason(&fifo), "cannot read: not a regular file");
        assert_eq!(skip_reason(tmp.path()), "cannot read: not a regular file");
    }

    #[test]
    fn a_file_over_the_limit_is_a_skip() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("big.js");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_FILE_BYTES + 1).unwrap();
        assert_eq!(skip_reason(&path), "larger than 16 MiB");
        file.set_len(MAX_FILE_BYTES).unwrap();
        // At the limit it is read (all NUL bytes here, so: binary).
        assert_eq!(skip_reason(&path), "binary file");
    }
}

#[cfg(test)]
mod lockfile_tests {
    use super::*;

    #[test]
    fn lockfiles_are_walked() {
        for name in [
            "yarn.lock",
            "pnpm-lock.yaml",
            "poetry.lock",
            "package-lock.json",
        ] {
            assert!(classify(Path::new(name)).is_some(), "{name}");
        }
    }
}
