//! Rendered files → the output dir, safely: the site is written into a
//! temporary folder beside the output and swapped in only when complete, so
//! a failed build leaves the previous output exactly as it was. guidepress
//! refuses to replace a folder that holds the site, or one it did not make.

mod links;
mod safety;

pub use links::{check_links, check_pages};
pub use safety::{check_output_dir, resolve};

use crate::diagnostic::{Code, Diagnostic};
use crate::render::Files;
use std::path::{Path, PathBuf};

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
fn still_running(pid: &str) -> bool {
    pid != std::process::id().to_string() && Path::new("/proc").join(pid).exists()
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
        if ours && entry.path().join(MARKER).is_file() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn write_tree(files: &Files, dir: &Path) -> Result<(), Diagnostic> {
    std::fs::create_dir_all(dir).map_err(|e| write_failed(dir, e))?;
    std::fs::write(
        dir.join(MARKER),
        "Made by guidepress: this folder is replaced on every build.\n",
    )
    .map_err(|e| write_failed(dir, e))?;
    for (relative, bytes) in files {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| write_failed(parent, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| write_failed(&path, e))?;
    }
    Ok(())
}

/// Writes `files` as the new content of `out` (already checked safe).
pub fn write(files: &Files, out: &Path) -> Result<(), Diagnostic> {
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).map_err(|e| write_failed(parent, e))?;
    }
    remove_leftovers(out);
    let building = sibling(out, "building");
    if let Err(diagnostic) = write_tree(files, &building) {
        let _ = std::fs::remove_dir_all(&building);
        return Err(diagnostic);
    }
    if !out.exists() {
        return std::fs::rename(&building, out).map_err(|e| {
            let _ = std::fs::remove_dir_all(&building);
            write_failed(out, e)
        });
    }
    if exchange(&building, out).is_ok() {
        // `building` now holds the previous output.
        let _ = std::fs::remove_dir_all(&building);
        return Ok(());
    }
    let old = sibling(out, "old");
    std::fs::rename(out, &old).map_err(|e| {
        let _ = std::fs::remove_dir_all(&building);
        write_failed(out, e)
    })?;
    if let Err(e) = std::fs::rename(&building, out) {
        // Put the previous output back where it was.
        let _ = std::fs::rename(&old, out);
        let _ = std::fs::remove_dir_all(&building);
        return Err(write_failed(out, e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
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

    #[test]
    fn leftovers_of_running_builds_are_kept_and_of_dead_ones_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut running = std::process::Command::new("sleep")
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
