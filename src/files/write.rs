//! Writing a file: fixes, `scopes --write`, baselines, reports given with
//! `--output`, databases from `gclint db import`, and the private copies
//! of revisions that `access-diff` reads.
//!
//! The rule: the new content goes to a temporary file created with
//! `create_new` (it never opens what an attacker planted: an existing
//! name, a symbolic link, even a dangling one, makes the creation fail)
//! under an unpredictable name (`tempfile`) in the target's folder, then
//! replaces the target by a rename, so a reader never sees half a file.
//! The target itself is refused when it is a symbolic link, not a regular
//! file, read-only, has other hard links, belongs to another user, or lies
//! outside the folders a run may write to ([`Allowed`]). The mode and
//! owner of the file replaced are kept.

use super::cleanup;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

/// Where a run may write: under the repositories it checks, and the files
/// the user named on the command line (`--manifest`, `--write-baseline`,
/// `--output`). A path in the checked tree (`manifest = "../x"` in a
/// repository's `gclint.toml`) does not name a file for the user.
#[derive(Debug, Clone, Default)]
pub struct Allowed {
    /// Folders, symbolic links resolved, under which any file may be written.
    roots: Vec<PathBuf>,
    /// Files named on the command line, absolute, `.` and `..` resolved by name.
    named: Vec<PathBuf>,
}

impl Allowed {
    /// Only the file the user named.
    pub fn named(path: &Path) -> Allowed {
        Allowed {
            roots: Vec::new(),
            named: vec![absolute(path)],
        }
    }

    /// Under the repository of each checked path (the nearest folder above
    /// it, or itself, that holds `.git`; the path's own folder when none
    /// does), and the files in `named`.
    pub fn checked(paths: &[PathBuf], named: &[PathBuf]) -> Allowed {
        let roots = paths
            .iter()
            .filter_map(|p| {
                let abs = absolute(p);
                let folder = if abs.is_dir() {
                    abs
                } else {
                    abs.parent()?.to_path_buf()
                };
                let root = folder
                    .ancestors()
                    .find(|dir| dir.join(".git").exists())
                    .unwrap_or(&folder)
                    .to_path_buf();
                std::fs::canonicalize(&root).ok()
            })
            .collect();
        Allowed {
            roots,
            named: named.iter().map(|p| absolute(p)).collect(),
        }
    }

    /// The folders under which files may be written (for messages).
    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    fn permits(&self, path: &Path, dir: &Path) -> Result<(), Refused> {
        if self.named.contains(&absolute(path)) {
            return Ok(());
        }
        // The folder as it really is: a symbolic link to a folder outside
        // the repository does not make its files the repository's.
        let real = std::fs::canonicalize(dir).map_err(Refused::Io)?;
        if self.roots.iter().any(|root| real.starts_with(root)) {
            Ok(())
        } else {
            Err(Refused::Outside)
        }
    }
}

/// `path` absolute, with `.` and `..` resolved by name.
fn absolute(path: &Path) -> PathBuf {
    tidy(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// `a/./b/../c` as `a/c`, by name (not through symbolic links).
pub fn tidy(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Why a file was not written; shown after the file's name
/// (`appfoundry.yaml: a symbolic link, ...`).
#[derive(Debug)]
pub enum Refused {
    SymbolicLink,
    NotAFile,
    Outside,
    ReadOnly,
    HardLinks(u64),
    OtherOwner,
    Io(std::io::Error),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::SymbolicLink => f.write_str(
                "a symbolic link, which gclint does not write through (name the file it points to)",
            ),
            Refused::NotAFile => f.write_str("not a regular file"),
            Refused::Outside => f.write_str(
                "outside the checked repository, where gclint writes only files named on the command line",
            ),
            Refused::ReadOnly => f.write_str("read-only"),
            Refused::HardLinks(n) => write!(
                f,
                "one of {n} hard links to the same file, which replacing it would break"
            ),
            Refused::OtherOwner => f.write_str("owned by another user"),
            Refused::Io(e) => write!(f, "cannot write: {e}"),
        }
    }
}

impl From<std::io::Error> for Refused {
    fn from(e: std::io::Error) -> Refused {
        Refused::Io(e)
    }
}

/// Replaces (or creates) the file at `path` with `bytes`, by the rule of
/// this module.
pub fn write(path: &Path, bytes: &[u8], allowed: &Allowed) -> Result<(), Refused> {
    let existing = match std::fs::symlink_metadata(path) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Refused::Io(e)),
    };
    if let Some(meta) = &existing {
        if meta.file_type().is_symlink() {
            return Err(Refused::SymbolicLink);
        }
        if !meta.is_file() {
            return Err(Refused::NotAFile);
        }
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let named = allowed.named.contains(&absolute(path));
    if existing.is_none() && named && !dir.exists() {
        std::fs::create_dir_all(&dir)?;
    }
    allowed.permits(path, &dir)?;
    if let Some(meta) = &existing {
        if meta.permissions().readonly() {
            return Err(Refused::ReadOnly);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if meta.nlink() > 1 {
                return Err(Refused::HardLinks(meta.nlink()));
            }
        }
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Hidden, and short enough for any file system's name limit.
    let prefix = if name.len() <= 128 {
        format!(".{name}.")
    } else {
        ".gclint.".to_string()
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".gclint-tmp").rand_bytes(10);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The mode of the file replaced; a new file gets the usual 0666
        // less the umask, as any program's new file.
        let mode = existing.as_ref().map_or(0o666, |m| m.permissions().mode());
        builder.permissions(std::fs::Permissions::from_mode(mode & 0o7777));
    }
    let mut tmp = builder.tempfile_in(&dir)?;
    let _registered = cleanup::file(tmp.path());
    if let Some(meta) = &existing {
        keep_owner(tmp.as_file(), meta)?;
        // The umask may have taken bits off the creation mode.
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    cleanup::pause_point("temporary-file");
    tmp.persist(path).map_err(|e| Refused::Io(e.error))?;
    Ok(())
}

/// Gives the temporary file the owner and group of the file it replaces;
/// refused when the process may not (a file of another user).
#[cfg(unix)]
fn keep_owner(tmp: &std::fs::File, original: &std::fs::Metadata) -> Result<(), Refused> {
    use std::os::unix::fs::MetadataExt;
    let new = tmp.metadata()?;
    if (new.uid(), new.gid()) == (original.uid(), original.gid()) {
        return Ok(());
    }
    std::os::unix::fs::fchown(tmp, Some(original.uid()), Some(original.gid()))
        .map_err(|_| Refused::OtherOwner)
}

#[cfg(not(unix))]
fn keep_owner(_: &std::fs::File, _: &std::fs::Metadata) -> Result<(), Refused> {
    Ok(())
}

/// A temporary folder only the current user can read (0700; files in it
/// 0600), removed when dropped or when the process is interrupted: the
/// copy of a revision, which may hold committed secrets.
pub struct PrivateDir {
    dir: tempfile::TempDir,
    // Dropped after the folder is removed.
    _registered: cleanup::Guard,
}

impl PrivateDir {
    /// A new folder in the system's temporary folder, named `prefix` and
    /// random characters.
    pub fn new(prefix: &str) -> std::io::Result<PrivateDir> {
        let mut builder = tempfile::Builder::new();
        builder.prefix(prefix);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o700));
        }
        let dir = builder.tempdir()?;
        let registered = cleanup::folder(dir.path());
        Ok(PrivateDir {
            dir,
            _registered: registered,
        })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Creates the file `rel` (plain names only: no `..`, no root) with
    /// `bytes`, and the folders above it; an existing file is an error.
    pub fn create(&self, rel: &Path, bytes: &[u8]) -> std::io::Result<()> {
        if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(std::io::Error::other("not a plain relative path"));
        }
        let path = self.dir.path().join(rel);
        if let Some(parent) = path.parent() {
            let mut folders = std::fs::DirBuilder::new();
            folders.recursive(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::DirBuilderExt;
                folders.mode(0o700);
            }
            folders.create(parent)?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        options.open(&path)?.write_all(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn repo() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        dir
    }

    #[test]
    fn a_file_is_replaced_and_no_temporary_file_is_left() {
        let dir = repo();
        let path = dir.path().join("a.yaml");
        std::fs::write(&path, "old\n").unwrap();
        let allowed = Allowed::checked(&[dir.path().to_path_buf()], &[]);
        write(&path, b"new\n", &allowed).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
        assert_eq!(names(dir.path()), [".git", "a.yaml"]);
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_are_refused_and_their_target_kept() {
        let dir = repo();
        let outside = tempfile::tempdir().unwrap();
        let victim = outside.path().join("victim");
        std::fs::write(&victim, "precious\n").unwrap();
        let link = dir.path().join("appfoundry.yaml");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        let allowed = Allowed::checked(&[dir.path().to_path_buf()], std::slice::from_ref(&link));
        let err = write(&link, b"pwned\n", &allowed).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a symbolic link, which gclint does not write through (name the file it points to)"
        );
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
        // A folder linked from the repository is not the repository's.
        let linked = dir.path().join("deploy");
        std::os::unix::fs::symlink(outside.path(), &linked).unwrap();
        let err = write(&linked.join("victim"), b"pwned\n", &allowed).unwrap_err();
        assert!(matches!(err, Refused::Outside), "{err}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    }

    #[test]
    fn outside_the_repository_only_named_files_are_written() {
        let dir = repo();
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("appfoundry.yaml");
        std::fs::write(&target, "old\n").unwrap();
        let checked = Allowed::checked(&[dir.path().join("app")], &[]);
        let err = write(&target, b"new\n", &checked).unwrap_err();
        assert_eq!(
            err.to_string(),
            "outside the checked repository, where gclint writes only files named on the command line"
        );
        let named = Allowed::checked(&[dir.path().to_path_buf()], std::slice::from_ref(&target));
        write(&target, b"new\n", &named).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new\n");
    }

    #[cfg(unix)]
    #[test]
    fn mode_is_kept_and_read_only_or_linked_files_are_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = repo();
        let allowed = Allowed::checked(&[dir.path().to_path_buf()], &[]);
        let path = dir.path().join("app.json");
        std::fs::write(&path, "{}").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write(&path, b"{ }", &allowed).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        assert_eq!(
            write(&path, b"[]", &allowed).unwrap_err().to_string(),
            "read-only"
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        std::fs::hard_link(&path, dir.path().join("copy.json")).unwrap();
        assert_eq!(
            write(&path, b"[]", &allowed).unwrap_err().to_string(),
            "one of 2 hard links to the same file, which replacing it would break"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{ }");
    }

    #[cfg(unix)]
    #[test]
    fn private_folders_are_private_and_removed() {
        use std::os::unix::fs::PermissionsExt;
        let copy = PrivateDir::new("gclint-test-").unwrap();
        copy.create(Path::new("app/.env"), b"CLIENT_SECRET=x\n")
            .unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(copy.path()), 0o700);
        assert_eq!(mode(&copy.path().join("app")), 0o700);
        assert_eq!(mode(&copy.path().join("app/.env")), 0o600);
        assert!(copy.create(Path::new("app/.env"), b"again").is_err());
        assert!(copy.create(Path::new("../escape"), b"x").is_err());
        let path = copy.path().to_path_buf();
        drop(copy);
        assert!(!path.exists());
    }
}
