//! Rendered files → the output dir, safely: the site is written into a
//! temporary folder beside the output and swapped in only when complete, so
//! a failed build leaves the previous output exactly as it was. guidepress
//! refuses to replace a folder that holds the site, or one it did not make.

mod links;
mod safety;

pub use links::{check_links, check_pages};
pub use safety::{check_output_dir, resolve};

use crate::build::Progress;
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

/// Leftovers of builds that were killed halfway: `.NAME.building-PID` and
/// `.NAME.old-PID` beside the output. They are guidepress's own by name.
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
                .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        });
        if ours && entry.path().join(MARKER).is_file() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn write_tree(files: &Files, dir: &Path, progress: &dyn Progress) -> Result<(), Diagnostic> {
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
        progress.step();
    }
    Ok(())
}

/// Writes `files` as the new content of `out` (already checked safe).
pub fn write(files: &Files, out: &Path, progress: &dyn Progress) -> Result<(), Diagnostic> {
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).map_err(|e| write_failed(parent, e))?;
    }
    remove_leftovers(out);
    let building = sibling(out, "building");
    if let Err(diagnostic) = write_tree(files, &building, progress) {
        let _ = std::fs::remove_dir_all(&building);
        return Err(diagnostic);
    }
    if !out.exists() {
        return std::fs::rename(&building, out).map_err(|e| {
            let _ = std::fs::remove_dir_all(&building);
            write_failed(out, e)
        });
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
