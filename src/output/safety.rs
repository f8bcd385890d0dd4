//! Which output dirs guidepress may replace.

use super::MARKER;
use crate::diagnostic::{Code, Diagnostic};
use std::path::{Component, Path, PathBuf};

/// `path` made absolute without touching the file system for the part that
/// does not exist yet: the longest existing ancestor is canonicalized (links
/// resolved), the rest appended with `.` and `..` folded.
pub fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    for part in rest.iter().rev() {
        resolved.push(part);
    }
    let mut folded = PathBuf::new();
    for component in resolved.components() {
        match component {
            Component::ParentDir => {
                folded.pop();
            }
            Component::CurDir => {}
            other => folded.push(other),
        }
    }
    folded
}

fn refuse(out: &Path, why: String) -> Diagnostic {
    Diagnostic::new(
        Code::UnsafeOutput,
        crate::content::display_path(out),
        format!("refusing to write the site into {}: {why}", out.display()),
    )
    .help(
        "choose another output dir with `-o DIR` or `output_dir` in site.toml; nothing was deleted",
    )
}

/// Refuses an output dir that is the site root, a parent of it, the home
/// dir or `/`, that holds `site.toml` or the content dir, or that exists
/// with files guidepress did not make.
pub fn check_output_dir(root: &Path, content_dir: &Path, out: &Path) -> Result<(), Diagnostic> {
    let out_abs = resolve(out);
    let root_abs = resolve(root);
    let content_abs = resolve(content_dir);
    if out_abs.parent().is_none() {
        return Err(refuse(out, "it is the file system root".into()));
    }
    if std::env::var_os("HOME").is_some_and(|home| resolve(Path::new(&home)) == out_abs) {
        return Err(refuse(out, "it is the home folder".into()));
    }
    if out_abs == root_abs {
        return Err(refuse(out, "it is the site's own folder".into()));
    }
    if root_abs.starts_with(&out_abs) {
        return Err(refuse(out, "it contains the site".into()));
    }
    if content_abs.starts_with(&out_abs) {
        return Err(refuse(out, "it contains the content dir".into()));
    }
    if out_abs.join(crate::config::CONFIG_FILE).exists() {
        return Err(refuse(out, "it contains a site.toml".into()));
    }
    if out_abs.exists() && !out_abs.is_dir() {
        return Err(refuse(out, "it is a file, not a folder".into()));
    }
    let has_files = std::fs::read_dir(&out_abs).is_ok_and(|mut entries| entries.next().is_some());
    if has_files && !out_abs.join(MARKER).is_file() {
        return Err(refuse(
            out,
            format!("it has files that guidepress did not make (no {MARKER} in it)"),
        ));
    }
    Ok(())
}
