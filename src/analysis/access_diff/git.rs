//! Revisions through the git CLI: the repository of the working directory,
//! the commit a revision names, and a commit's files written to a temporary
//! folder. Nothing here touches the user's working tree, index or refs.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

/// Runs git in `dir`; `Err` holds a message for the user.
fn git(dir: &Path, args: &[&str]) -> Result<std::process::Output, String> {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            format!("cannot run git ({e}); access-diff reads revisions with the git command")
        })
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).trim_end().to_string()
}

/// The repository that holds a folder.
pub struct Repo {
    /// The top of its working tree.
    pub root: PathBuf,
}

impl Repo {
    pub fn containing(dir: &Path) -> Result<Repo, String> {
        let out = git(dir, &["rev-parse", "--show-toplevel"])?;
        if !out.status.success() {
            return Err(format!(
                "{} is not in a git repository ({}); access-diff compares git revisions",
                dir.display(),
                text(&out.stderr)
            ));
        }
        Ok(Repo {
            root: PathBuf::from(text(&out.stdout)),
        })
    }

    /// The commit `revision` names (a branch, tag, `HEAD~1`, a hash).
    pub fn commit(&self, revision: &str) -> Result<String, String> {
        let spec = format!("{revision}^{{commit}}");
        let out = git(
            &self.root,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &spec,
            ],
        )?;
        if out.status.success() {
            return Ok(text(&out.stdout));
        }
        if self.is_shallow() {
            return Err(format!(
                "`{revision}` is not in this clone, which is shallow (it holds only the \
                 latest commits): fetch it first (`git fetch --depth=1 origin <branch>`), or \
                 clone with more history (actions/checkout: `fetch-depth: 0`)"
            ));
        }
        Err(format!(
            "`{revision}` names no commit of the repository at {}",
            self.root.display()
        ))
    }

    fn is_shallow(&self) -> bool {
        git(&self.root, &["rev-parse", "--is-shallow-repository"])
            .is_ok_and(|o| o.status.success() && text(&o.stdout) == "true")
    }

    /// Writes the files of `commit` to a new private temporary folder
    /// (removed when the value is dropped). Symbolic links and submodules
    /// are left out; a file whose name this system cannot hold is left out
    /// and said in [`Tree::skipped`].
    pub fn extract(&self, commit: &str) -> Result<Tree, String> {
        let out = git(&self.root, &["ls-tree", "-r", "-z", "--full-tree", commit])?;
        if !out.status.success() {
            return Err(format!(
                "cannot list the files of {commit}: {}",
                text(&out.stderr)
            ));
        }
        // `<mode> <type> <object>\t<path>` entries, NUL-terminated; the path
        // as its bytes (not UTF-8 for all git cares).
        let mut files: Vec<(String, PathBuf)> = Vec::new();
        let mut skipped = Vec::new();
        for entry in out.stdout.split(|&b| b == 0).filter(|e| !e.is_empty()) {
            let Some(tab) = entry.iter().position(|&b| b == b'\t') else {
                continue;
            };
            let meta = String::from_utf8_lossy(&entry[..tab]);
            let mut meta = meta.split(' ');
            let (Some(mode), Some("blob"), Some(object)) = (meta.next(), meta.next(), meta.next())
            else {
                continue;
            };
            if mode == "120000" {
                continue;
            }
            let Some(path) = path_of(&entry[tab + 1..]) else {
                skipped.push(Skipped {
                    file: String::from_utf8_lossy(&entry[tab + 1..]).into_owned(),
                    why: "its name is not UTF-8, which this system cannot hold".into(),
                });
                continue;
            };
            if path.components().all(|c| matches!(c, Component::Normal(_))) {
                files.push((object.to_string(), path));
            }
        }
        let mut tree = Tree::new()?;
        // A repository root for the walk (`.gitignore` files apply) and for
        // the search of `gclint.toml`, which stops there.
        std::fs::create_dir(tree.path.join(".git"))
            .map_err(|e| format!("cannot write {}: {e}", tree.path.display()))?;
        self.write_blobs(&files, &tree.dir, &mut skipped)?;
        tree.skipped = skipped;
        crate::files::cleanup::pause_point("revision-copy");
        Ok(tree)
    }

    /// `git cat-file --batch`: the objects' contents, in order. A file whose
    /// name cannot be made here (too long, or the same as another's on a
    /// system that folds case) goes to `skipped`; any other failure to
    /// write stops the copy.
    fn write_blobs(
        &self,
        files: &[(String, PathBuf)],
        to: &crate::files::PrivateDir,
        skipped: &mut Vec<Skipped>,
    ) -> Result<(), String> {
        let mut child = Command::new("git")
            .args(["cat-file", "--batch"])
            .current_dir(&self.root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot run git ({e})"))?;
        let mut stdin = child.stdin.take().expect("piped stdin");
        let objects: Vec<String> = files.iter().map(|(o, _)| o.clone()).collect();
        // Written from another thread: git answers while it reads.
        let writer = std::thread::spawn(move || {
            for o in objects {
                if writeln!(stdin, "{o}").is_err() {
                    break;
                }
            }
        });
        let mut reader = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut result = Ok(());
        for (object, rel) in files {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                result = Err(format!("git cat-file stopped before {object}"));
                break;
            }
            let size: Option<usize> = header
                .trim_end()
                .strip_prefix(&format!("{object} blob "))
                .and_then(|s| s.parse().ok());
            let Some(size) = size else {
                result = Err(format!(
                    "git cat-file: unexpected answer `{}`",
                    header.trim_end()
                ));
                break;
            };
            let mut content = vec![0; size + 1];
            if let Err(e) = reader.read_exact(&mut content) {
                result = Err(format!("git cat-file: {e}"));
                break;
            }
            content.pop();
            match to.create(rel, &content) {
                Ok(()) => {}
                Err(e) if name_problem(&e) => skipped.push(Skipped {
                    file: rel.to_string_lossy().replace('\\', "/"),
                    why: format!("this system cannot make a file of that name ({e})"),
                }),
                Err(e) => {
                    result = Err(format!(
                        "cannot write {}: {e}",
                        to.path().join(rel).display()
                    ));
                    break;
                }
            }
        }
        drop(reader);
        let _ = writer.join();
        let _ = child.wait();
        result
    }
}

/// A file of a revision left out of its copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// As git names it, relative to the repository root (shown as UTF-8).
    pub file: String,
    pub why: String,
}

/// A path of git's (bytes) as this system's: any bytes on Unix, UTF-8
/// elsewhere (`None` when it is not).
fn path_of(bytes: &[u8]) -> Option<PathBuf> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Some(PathBuf::from(std::ffi::OsStr::from_bytes(bytes)))
    }
    #[cfg(not(unix))]
    {
        std::str::from_utf8(bytes).ok().map(PathBuf::from)
    }
}

/// Whether creating a file failed for its name: longer than the system
/// allows, taken (names that differ only in case, where case folds), or
/// not a name there (Windows' reserved names and characters).
fn name_problem(e: &std::io::Error) -> bool {
    if e.kind() == std::io::ErrorKind::AlreadyExists {
        return true;
    }
    #[cfg(unix)]
    {
        matches!(
            e.raw_os_error(),
            Some(libc::ENAMETOOLONG | libc::ENOTDIR | libc::EISDIR | libc::EILSEQ)
        )
    }
    #[cfg(not(unix))]
    {
        // ERROR_PATH_NOT_FOUND, ERROR_INVALID_NAME, ERROR_FILENAME_EXCED_RANGE,
        // ERROR_DIRECTORY.
        e.kind() == std::io::ErrorKind::InvalidInput
            || matches!(e.raw_os_error(), Some(3 | 123 | 206 | 267))
    }
}

/// A private temporary folder (0700, files 0600) holding a revision's
/// files: a revision may hold committed secrets. It is removed when the
/// value is dropped, or when the process is interrupted.
pub struct Tree {
    pub path: PathBuf,
    dir: crate::files::PrivateDir,
    /// Files of the revision that are not in the copy.
    pub skipped: Vec<Skipped>,
}

impl Tree {
    fn new() -> Result<Tree, String> {
        let dir = crate::files::PrivateDir::new("gclint-access-diff-").map_err(|e| {
            format!(
                "cannot make a folder in {}: {e}",
                std::env::temp_dir().display()
            )
        })?;
        Ok(Tree {
            path: dir.path().to_path_buf(),
            dir,
            skipped: Vec::new(),
        })
    }
}
