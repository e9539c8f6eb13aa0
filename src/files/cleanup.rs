//! Temporary files and folders that must not outlive the process: a
//! half-written fix beside the manifest, the copy of a revision (which may
//! hold a committed `.env`). Each is registered while it exists; on
//! SIGINT, SIGTERM or SIGHUP every registered path is removed before the
//! process ends the way the signal ends it.
//!
//! Signals come through `signal-hook`'s iterator, which turns them into
//! messages for an ordinary thread: the removal runs there, not in a
//! signal handler, so it may take locks and call the file system. On
//! Windows (no such signals) nothing is installed; temporary files are
//! still removed when a run ends normally.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

enum Kind {
    File,
    Folder,
}

static LIVE: Mutex<Vec<(u64, PathBuf, Kind)>> = Mutex::new(Vec::new());
static NEXT: AtomicU64 = AtomicU64::new(0);

/// A registered path; dropping it forgets the path (whoever made it
/// removes or keeps it).
#[must_use = "the path is forgotten when the guard is dropped"]
pub struct Guard(u64);

impl Drop for Guard {
    fn drop(&mut self) {
        let mut live = LIVE.lock().unwrap_or_else(|p| p.into_inner());
        live.retain(|(id, _, _)| *id != self.0);
    }
}

fn register(path: &Path, kind: Kind) -> Guard {
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    let mut live = LIVE.lock().unwrap_or_else(|p| p.into_inner());
    live.push((id, path.to_path_buf(), kind));
    Guard(id)
}

/// Removes the file at `path` if the process is interrupted before the
/// guard is dropped.
pub fn file(path: &Path) -> Guard {
    register(path, Kind::File)
}

/// Removes the folder at `path` and all it holds if the process is
/// interrupted before the guard is dropped.
pub fn folder(path: &Path) -> Guard {
    register(path, Kind::Folder)
}

/// Removes every registered path; returns how many were removed.
pub fn remove_all() -> usize {
    remove(|_| true)
}

/// Removes (and forgets) the registered paths whose id `chosen` picks.
fn remove(chosen: impl Fn(u64) -> bool) -> usize {
    let picked: Vec<(u64, PathBuf, Kind)> = {
        let mut live = LIVE.lock().unwrap_or_else(|p| p.into_inner());
        let (picked, kept) = std::mem::take(&mut *live)
            .into_iter()
            .partition(|(id, _, _)| chosen(*id));
        *live = kept;
        picked
    };
    picked
        .into_iter()
        .filter(|(_, path, kind)| match kind {
            Kind::File => std::fs::remove_file(path).is_ok(),
            Kind::Folder => std::fs::remove_dir_all(path).is_ok(),
        })
        .count()
}

/// Installs the handling of SIGINT, SIGTERM and SIGHUP: registered paths
/// are removed, then the signal ends the process as it would have (the
/// exit status says which signal). Call once, at start-up.
#[cfg(unix)]
pub fn on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("gclint-signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                remove_all();
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        });
}

/// Nothing to install where there are no such signals.
#[cfg(not(unix))]
pub fn on_signals() {}

/// A test hook of debug builds: with `GCLINT_TEST_PAUSE` set to `point`,
/// the process says `gclint: paused at <point>` on standard error and
/// waits (up to a minute) for a signal there, so that a test can
/// interrupt it at a known moment. Release builds have no such hook.
pub fn pause_point(point: &str) {
    #[cfg(debug_assertions)]
    if std::env::var("GCLINT_TEST_PAUSE").is_ok_and(|p| p == point) {
        eprintln!("gclint: paused at {point}");
        std::thread::sleep(std::time::Duration::from_secs(60));
    }
    #[cfg(not(debug_assertions))]
    let _ = point;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_paths_are_removed_until_their_guard_is_dropped() {
        let tmp = tempfile::tempdir().unwrap();
        let kept = tmp.path().join("kept.tmp");
        let removed = tmp.path().join("removed.tmp");
        let folder_path = tmp.path().join("copy");
        std::fs::write(&kept, "x").unwrap();
        std::fs::write(&removed, "x").unwrap();
        std::fs::create_dir_all(folder_path.join("a/b")).unwrap();
        std::fs::write(folder_path.join("a/b/.env"), "SECRET=1").unwrap();
        let done = file(&kept);
        drop(done);
        let ours = [file(&removed), folder(&folder_path)];
        // Other tests may register paths at the same time: remove ours.
        assert_eq!(remove(|id| ours.iter().any(|g| g.0 == id)), 2);
        assert!(kept.exists());
        assert!(!removed.exists());
        assert!(!folder_path.exists());
    }
}
