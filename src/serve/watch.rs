//! File watching: notify with a debouncer, events sorted into [`Change`]s.

use super::site::Change;
use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Editor droppings that never count as edits: swap, backup and lock files.
pub fn is_editor_temp(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".bak",
            ".crdownload",
            ".part",
        ]
        .iter()
        .any(|ext| name.ends_with(ext))
        || name == "4913"
        || name == ".DS_Store"
}

/// Where things live, to sort event paths by what they touch.
#[derive(Clone, Debug)]
pub struct Layout {
    pub config: PathBuf,
    pub content: PathBuf,
    pub theme_dirs: Vec<PathBuf>,
}

/// Sorts changed paths into the changes a rebuild needs.
pub fn classify(layout: &Layout, paths: &[PathBuf]) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut content = Vec::new();
    let mut rescan = false;
    let mut theme = false;
    for path in paths.iter().filter(|p| !is_editor_temp(p)) {
        if *path == layout.config {
            return vec![Change::Config];
        } else if path.starts_with(&layout.content) {
            let is_guide = path.extension().is_some_and(|e| e == "md") && !path.is_dir();
            if is_guide {
                content.push(path.clone());
            } else if path.is_dir() || !path.exists() {
                // A folder created, moved or removed: compare the whole dir.
                rescan = true;
            }
        } else if layout.theme_dirs.iter().any(|dir| path.starts_with(dir)) {
            theme = true;
        }
    }
    if theme {
        changes.push(Change::Theme);
    }
    if rescan {
        changes.push(Change::Rescan);
    } else if !content.is_empty() {
        content.sort();
        content.dedup();
        changes.push(Change::Content(content));
    }
    changes
}

fn is_edit(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_)
            | EventKind::Remove(_)
            | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any)
            | EventKind::Any
    )
}

pub type Watcher = notify_debouncer_full::Debouncer<
    notify_debouncer_full::notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// Watches `paths` (those that exist) and sends each debounced batch of
/// changed paths. Dropping the watcher stops it.
pub fn watch(
    paths: &[PathBuf],
    send: std::sync::mpsc::Sender<Vec<PathBuf>>,
) -> notify_debouncer_full::notify::Result<Watcher> {
    let mut debouncer = new_debouncer(
        Duration::from_millis(20),
        Some(Duration::from_millis(10)),
        move |result: DebounceEventResult| {
            if let Ok(events) = result {
                // Reading a file (as every rebuild does) raises access events:
                // only writes, creations, renames and removals are edits.
                let paths: Vec<PathBuf> = events
                    .into_iter()
                    .filter(|e| is_edit(&e.event.kind))
                    .flat_map(|e| e.event.paths)
                    .collect();
                if !paths.is_empty() {
                    let _ = send.send(paths);
                }
            }
        },
    )?;
    for path in paths.iter().filter(|p| p.exists()) {
        let mode = if path.is_dir() {
            RecursiveMode::Recursive
        } else {
            RecursiveMode::NonRecursive
        };
        debouncer.watch(path, mode)?;
    }
    Ok(debouncer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_are_ignored() {
        for name in ["a.md~", ".#a.md", "#a.md#", "a.md.swp", "4913", "a.tmp"] {
            assert!(is_editor_temp(Path::new(name)), "{name}");
        }
        assert!(!is_editor_temp(Path::new("guide.md")));
    }

    #[test]
    fn paths_sort_into_changes() {
        let layout = Layout {
            config: "/s/site.toml".into(),
            content: "/s/content".into(),
            theme_dirs: vec!["/s/templates".into(), "/s/static".into()],
        };
        assert_eq!(
            classify(&layout, &["/s/site.toml".into(), "/s/content/a.md".into()]),
            [Change::Config]
        );
        assert_eq!(
            classify(
                &layout,
                &["/s/content/a.md".into(), "/s/content/.a.md.swp".into()]
            ),
            [Change::Content(vec!["/s/content/a.md".into()])]
        );
        assert_eq!(
            classify(&layout, &["/s/content/gone-folder".into()]),
            [Change::Rescan]
        );
        assert_eq!(
            classify(&layout, &["/s/templates/guide.html".into()]),
            [Change::Theme]
        );
        assert!(classify(&layout, &["/s/public/index.html".into()]).is_empty());
    }
}
