//! Rendered files → the output dir, safely: the site is written into a
//! temporary folder beside the output and swapped in only when complete, so
//! a failed build leaves the previous output exactly as it was. guidepress
//! refuses to replace a folder that holds the site, or one it did not make.
//! [`Sink`] is where a build puts its files: [`Staging`] here for `build`;
//! `serve` never writes the output dir, its mirror is a sink of its own.

mod links;
mod safety;

pub use links::check_page;
pub use safety::check_output_dir;

use crate::diagnostic::{Code, Diagnostic};
use crate::render::Files;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

/// Marks a folder as guidepress output, so a rebuild may replace it.
pub const MARKER: &str = ".guidepress-output";

fn write_failed(path: &Path, err: std::io::Error) -> Diagnostic {
    Diagnostic::new(
        Code::WriteFailed,
        crate::content::display_path(path),
        format!("cannot write {}: {err}", crate::content::display_path(path)),
    )
    .help("the previous output, if any, was left as it was")
}

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    out.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

/// Whether the build that named a leftover is still running. Only Linux
/// says (through /proc); elsewhere every leftover is taken for dead. The
/// killed build must have been reaped: a zombie still has its /proc entry.
/// A process that took the dead build's number since is not a guidepress
/// build: its command name tells.
fn still_running(pid: &str) -> bool {
    if pid == std::process::id().to_string() {
        return false;
    }
    let comm = |dir: &Path| std::fs::read(dir.join("comm")).ok();
    let theirs = comm(&Path::new("/proc").join(pid));
    theirs.is_some() && theirs == comm(Path::new("/proc/self"))
}

/// Leftovers of builds that were killed halfway: `.NAME.building-PID` and
/// `.NAME.old-PID` beside the output. They are guidepress's own by name and
/// marker; a build still running keeps its own.
fn remove_leftovers(out: &Path) {
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return;
    };
    let name = name.to_string_lossy();
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().to_string();
        let ours = [".building-", ".old-"].iter().any(|tag| {
            file.strip_prefix(&format!(".{name}{tag}"))
                .is_some_and(|pid| {
                    !pid.is_empty()
                        && pid.bytes().all(|b| b.is_ascii_digit())
                        && !still_running(pid)
                })
        });
        if !ours {
            continue;
        }
        if entry.path().join(MARKER).is_file() {
            remove_tree(&entry.path());
        } else {
            // A removal killed after its last file leaves the folder
            // empty; `remove_dir` takes nothing else.
            let _ = std::fs::remove_dir(entry.path());
        }
    }
}

/// Where a build puts its files, one at a time and from many threads.
pub trait Sink: Sync {
    /// Stores one file, relative to the output dir.
    fn put(&self, relative: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
}

/// In memory: [`crate::build::render_site`], for tests and tools that read
/// a site without writing it.
impl Sink for std::sync::Mutex<Files> {
    fn put(&self, relative: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        // A poisoned lock only means another page's thread panicked; the
        // map itself is whole.
        self.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(relative.to_string(), bytes.to_vec());
        Ok(())
    }
}

impl Sink for Staging {
    fn put(&self, relative: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        Staging::put(self, relative, bytes)
    }
}

/// A build's output as it is written: files go into a folder beside the
/// output and replace it only on [`Staging::commit`]. Dropped without a
/// commit (a failed build), the folder is removed and the output stays as
/// it was. Files whose bytes equal the previous output's are hard-linked
/// from it instead of written again.
pub struct Staging {
    out: PathBuf,
    building: PathBuf,
    previous: Option<PathBuf>,
    committed: bool,
    /// Held while the folder is swapped in or removed, and true once either
    /// is done: the Ctrl-C handler removes the folder only before that.
    settled: Arc<Mutex<bool>>,
    /// Set by the Ctrl-C handler: writes stop, so none lands in a folder
    /// being removed.
    interrupted: Arc<AtomicBool>,
}

impl Staging {
    /// Starts a build of `out` (already checked safe). When `out` is a
    /// symbolic link, the build goes to the folder it names and is swapped
    /// in there: the link stays, and its target is never emptied through it.
    pub fn begin(out: &Path) -> Result<Staging, Diagnostic> {
        let out = &through_link(out)?;
        if let Some(parent) = out.parent() {
            std::fs::create_dir_all(parent).map_err(|e| write_failed(parent, e))?;
        }
        remove_leftovers(out);
        let building = sibling(out, "building");
        let staging = Staging {
            out: out.to_path_buf(),
            previous: out.join(MARKER).is_file().then(|| out.to_path_buf()),
            building,
            committed: false,
            settled: Arc::new(Mutex::new(false)),
            interrupted: Arc::new(AtomicBool::new(false)),
        };
        std::fs::create_dir_all(&staging.building)
            .map_err(|e| write_failed(&staging.building, e))?;
        std::fs::write(
            staging.building.join(MARKER),
            "Made by guidepress: this folder is replaced on every build.\n",
        )
        .map_err(|e| write_failed(&staging.building, e))?;
        Ok(staging)
    }

    /// On Ctrl-C (or SIGTERM) before the swap, removes the folder being
    /// built and ends the process with 130, as a shell expects: an
    /// interrupted build leaves nothing beside the output. Once the swap has
    /// begun it finishes first, so the output is never half replaced.
    pub fn remove_on_interrupt(&self) {
        let (settled, interrupted) = (Arc::clone(&self.settled), Arc::clone(&self.interrupted));
        let building = self.building.clone();
        std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_io()
                .build()
            else {
                return;
            };
            runtime.block_on(crate::signal::stop_requested());
            interrupted.store(true, Ordering::SeqCst);
            let mut settled = settled.lock().unwrap_or_else(PoisonError::into_inner);
            if !*settled {
                // A write that began before the flag was set may still add a
                // file: go over the folder until it is gone.
                for _ in 0..20 {
                    remove_tree(&building);
                    if !building.exists() {
                        break;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                *settled = true;
            }
            eprintln!("interrupted: nothing was written, the previous output is as it was");
            std::process::exit(130);
        });
    }

    /// Writes one file, relative to the output dir.
    pub fn put(&self, relative: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if self.interrupted.load(Ordering::Relaxed) {
            return Err(Diagnostic::new(
                Code::WriteFailed,
                crate::content::display_path(&self.out),
                "the build was interrupted",
            ));
        }
        let path = self.building.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| write_failed(parent, e))?;
        }
        if let Some(previous) = &self.previous {
            let old = previous.join(relative);
            let same_size = std::fs::symlink_metadata(&old)
                .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
            if same_size
                && std::fs::read(&old).is_ok_and(|old_bytes| old_bytes == bytes)
                && std::fs::hard_link(&old, &path).is_ok()
            {
                return Ok(());
            }
        }
        std::fs::write(&path, bytes).map_err(|e| write_failed(&path, e))
    }

    /// Swaps the new output in; the previous one is removed.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        let settled = Arc::clone(&self.settled);
        let mut settled = settled.lock().unwrap_or_else(PoisonError::into_inner);
        *settled = true;
        let (out, building) = (&self.out, &self.building);
        if !out.exists() {
            std::fs::rename(building, out).map_err(|e| write_failed(out, e))?;
            self.committed = true;
            return Ok(());
        }
        if exchange(building, out).is_ok() {
            // `building` now holds the previous output.
            self.committed = true;
            remove_tree(building);
            return Ok(());
        }
        let old = sibling(out, "old");
        std::fs::rename(out, &old).map_err(|e| write_failed(out, e))?;
        if let Err(e) = std::fs::rename(building, out) {
            // Put the previous output back where it was.
            let _ = std::fs::rename(&old, out);
            return Err(write_failed(out, e));
        }
        self.committed = true;
        remove_tree(&old);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let mut settled = self.settled.lock().unwrap_or_else(PoisonError::into_inner);
        if !self.committed {
            remove_tree(&self.building);
        }
        *settled = true;
    }
}

/// The output dir a build writes: `out` itself, or the folder a symbolic
/// link there names (links in its parents need nothing: a rename through
/// them stays in the folder they name).
fn through_link(out: &Path) -> Result<PathBuf, Diagnostic> {
    if !std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
        return Ok(out.to_path_buf());
    }
    out.canonicalize().map_err(|err| {
        let target = std::fs::read_link(out)
            .map_or_else(|_| "?".to_string(), |t| t.display().to_string());
        Diagnostic::new(
            Code::WriteFailed,
            crate::content::display_path(out),
            format!(
                "cannot write {}: it is a symbolic link to {target}, which cannot be reached ({err})",
                crate::content::display_path(out),
            ),
        )
        .help("create the folder the link names, or remove the link; nothing was written")
    })
}

/// Removes a folder guidepress made, its top-level entries in parallel:
/// unlinking thousands of files is most of the time a rebuild's swap takes.
/// The marker goes last, so a removal killed halfway leaves a folder the
/// next build still knows as its own. A link is removed, never followed.
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return;
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        let paths: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| e.file_name() != MARKER)
            .map(|e| e.path())
            .collect();
        paths.par_iter().for_each(|path| {
            let is_dir = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
            let _ = if is_dir {
                std::fs::remove_dir_all(path)
            } else {
                std::fs::remove_file(path)
            };
        });
    }
    let _ = std::fs::remove_file(dir.join(MARKER));
    let _ = std::fs::remove_dir_all(dir);
}

/// Writes `files` as the new content of `out` (already checked safe).
pub fn write(files: &Files, out: &Path) -> Result<(), Diagnostic> {
    let staging = Staging::begin(out)?;
    for (relative, bytes) in files {
        staging.put(relative, bytes)?;
    }
    staging.commit()
}
/// Swaps two folders in one step, so that no moment exists in which the
/// output is missing: a build killed at any point leaves either the old
/// site or the new one in place. Where the system or file system cannot,
/// the caller falls back to two renames.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rebuild_swaps_the_output_in_place_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let files =
            |text: &str| Files::from([("index.html".to_string(), text.as_bytes().to_vec())]);
        write(&files("one"), &out).unwrap();
        write(&files("two"), &out).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "two"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["public"]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn exchange_swaps_two_folders() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir(&a).unwrap();
        std::fs::create_dir(&b).unwrap();
        std::fs::write(a.join("f"), "a").unwrap();
        std::fs::write(b.join("f"), "b").unwrap();
        exchange(&a, &b).unwrap();
        assert_eq!(std::fs::read_to_string(a.join("f")).unwrap(), "b");
        assert_eq!(std::fs::read_to_string(b.join("f")).unwrap(), "a");
    }

    fn which_sleep() -> PathBuf {
        ["/bin/sleep", "/usr/bin/sleep"]
            .iter()
            .map(PathBuf::from)
            .find(|path| path.is_file())
            .expect("sleep(1) is installed")
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn leftovers_of_running_builds_are_kept_and_of_dead_ones_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // A running build is a process with our command name: `sleep`
        // under that name stands in for one.
        let own_name = std::fs::read_to_string("/proc/self/comm").unwrap();
        let sleeper = dir.path().join(own_name.trim());
        std::fs::copy(which_sleep(), &sleeper).unwrap();
        let mut running = std::process::Command::new(&sleeper)
            .arg("30")
            .spawn()
            .unwrap();
        let mut dead = std::process::Command::new("true").spawn().unwrap();
        dead.wait().unwrap();
        let live_dir = dir
            .path()
            .join(format!(".public.building-{}", running.id()));
        let dead_dir = dir.path().join(format!(".public.old-{}", dead.id()));
        for leftover in [&live_dir, &dead_dir] {
            std::fs::create_dir(leftover).unwrap();
            std::fs::write(leftover.join(MARKER), "").unwrap();
        }
        remove_leftovers(&out);
        let live_kept = live_dir.exists();
        let _ = running.kill();
        let _ = running.wait();
        assert!(live_kept, "a running build's folder is its own");
        assert!(!dead_dir.exists(), "a dead build's folder is removed");
    }
}
