//! File watching: notify with a debouncer, events sorted into [`Change`]s.

use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{self, EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What changed on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// site.toml: everything is read again.
    Config,
    /// Templates or static files of the theme or the site.
    Theme,
    /// These content paths were written, created, renamed or removed.
    Content(Vec<PathBuf>),
    /// Something in the content dir that is not one guide (a folder moved,
    /// many files at once): compare the whole dir with what is known.
    Rescan,
}

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

type Debouncer = notify_debouncer_full::Debouncer<
    notify_debouncer_full::notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// A place the site is read from, and what to read again once a watch on
/// it is made: whatever changed there while it was not watched.
#[derive(Clone, Debug)]
pub struct Watched {
    pub path: PathBuf,
    /// Everything below it too (a folder), or only its own entries.
    pub recursive: bool,
    pub reread: Change,
}

/// One watch as made: how, and which file or folder it was made on.
#[derive(Clone, Debug)]
struct Armed {
    recursive: bool,
    /// Device and inode: a folder removed and made again under the same
    /// name is another one, and the watch on the old one is dead.
    identity: (u64, u64),
    /// The watch could not be made. It is tried again when the path
    /// becomes another file or folder, not on every event.
    failed: bool,
}

impl Armed {
    fn is_like(&self, other: &Armed) -> bool {
        self.recursive == other.recursive && self.identity == other.identity
    }
}

/// The watches on a site's files, kept in line with where the site reads
/// from: a watch is made for each place that exists, and its nearest
/// existing folder is watched for each that does not, so that its creation
/// is seen. Call [`Watches::arm`] after every batch of events.
pub struct Watches {
    debouncer: Debouncer,
    armed: BTreeMap<PathBuf, Armed>,
}

impl Watches {
    /// Starts a watcher that sends each debounced batch of changed paths;
    /// it watches nothing until [`Watches::arm`]. Dropping it stops it.
    pub fn new(send: std::sync::mpsc::Sender<Vec<PathBuf>>) -> notify::Result<Watches> {
        let debouncer = new_debouncer(
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
        Ok(Watches {
            debouncer,
            armed: BTreeMap::new(),
        })
    }

    /// Makes the watches `wanted` needs as the disk is now, and drops the
    /// others; `touched` are the paths of the events since the last call.
    /// Returns what to read again for each place whose watch is new:
    /// anything written there before the watch stood was not seen.
    pub fn arm(&mut self, wanted: &[Watched], touched: &[PathBuf]) -> Vec<Change> {
        let plan = plan(wanted);
        // An event on a watched folder itself (or a folder above it) is its
        // removal, move or creation: the watcher ends a watch on a folder
        // that goes, and a folder made again may reuse the old one's inode,
        // so the watch is made again whatever the identity says.
        let replaced = |path: &Path| touched.iter().any(|event| path.starts_with(event));
        let stale: Vec<PathBuf> = (self.armed.iter())
            .filter(|(path, armed)| {
                plan.get(*path).is_none_or(|(want, _)| !want.is_like(armed)) || replaced(path)
            })
            .map(|(path, _)| path.clone())
            .collect();
        for path in stale {
            if let Some(armed) = self.armed.remove(&path) {
                // A watch the watcher already dropped (its folder was
                // removed) cannot be unwatched: that is the state wanted.
                let _ = self.debouncer.unwatch(&path);
                if armed.recursive {
                    // Unwatching a folder recursively ends the watches below it too.
                    self.armed.retain(|inner, _| !inner.starts_with(&path));
                }
            }
        }
        let mut rereads = Vec::new();
        for (path, (mut want, reread)) in plan {
            if self.armed.contains_key(&path) {
                continue;
            }
            let mode = if want.recursive {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            if let Err(err) = self.debouncer.watch(&path, mode) {
                eprintln!(
                    "error: cannot watch {} ({err}); edits there will not rebuild",
                    path.display()
                );
                // A recursive watch can fail halfway: drop what it made.
                let _ = self.debouncer.unwatch(&path);
                want.failed = true;
            } else {
                rereads.extend(reread);
            }
            self.armed.insert(path, want);
        }
        merge(rereads)
    }
}

/// The watches `wanted` needs now, by real path, with what to read again
/// when each is new.
fn plan(wanted: &[Watched]) -> BTreeMap<PathBuf, (Armed, Vec<Change>)> {
    let mut plan: BTreeMap<PathBuf, (Armed, Vec<Change>)> = BTreeMap::new();
    for watched in wanted {
        let (path, recursive, reread) = match std::fs::metadata(&watched.path) {
            Ok(meta) => (
                watched.path.clone(),
                watched.recursive && meta.is_dir(),
                Some(watched.reread.clone()),
            ),
            // Not there (yet): watch the folder it would appear in.
            Err(_) => match watched.path.ancestors().skip(1).find(|a| a.is_dir()) {
                Some(folder) => (folder.to_path_buf(), false, None),
                None => continue,
            },
        };
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        let real = path.canonicalize().unwrap_or(path);
        let entry = plan.entry(real).or_insert_with(|| {
            let armed = Armed {
                recursive: false,
                identity: crate::content::file_id(&meta),
                failed: false,
            };
            (armed, Vec::new())
        });
        entry.0.recursive |= recursive;
        entry.1.extend(reread);
    }
    plan
}

/// Changes in the order a rebuild takes them, each once: site.toml reads
/// everything again, and a rescan covers single guides.
pub fn merge(changes: Vec<Change>) -> Vec<Change> {
    if changes.contains(&Change::Config) {
        return vec![Change::Config];
    }
    let mut merged = Vec::new();
    if changes.contains(&Change::Theme) {
        merged.push(Change::Theme);
    }
    if changes.contains(&Change::Rescan) {
        merged.push(Change::Rescan);
    } else {
        let mut paths: Vec<PathBuf> = (changes.into_iter())
            .filter_map(|change| match change {
                Change::Content(paths) => Some(paths),
                _ => None,
            })
            .flatten()
            .collect();
        if !paths.is_empty() {
            paths.sort();
            paths.dedup();
            merged.push(Change::Content(paths));
        }
    }
    merged
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

    #[test]
    fn missing_places_are_watched_through_the_folder_they_would_appear_in() {
        let root = tempfile::tempdir().unwrap();
        let real = root.path().canonicalize().unwrap();
        std::fs::create_dir(root.path().join("content")).unwrap();
        let wanted = |path: &str, recursive, reread| Watched {
            path: root.path().join(path),
            recursive,
            reread,
        };
        let plan = plan(&[
            Watched {
                path: root.path().to_path_buf(),
                recursive: false,
                reread: Change::Config,
            },
            wanted("content", true, Change::Rescan),
            wanted("static", true, Change::Theme),
            wanted("themes/dark", true, Change::Theme),
        ]);
        let summary: Vec<(PathBuf, bool, Vec<Change>)> = plan
            .into_iter()
            .map(|(path, (armed, rereads))| (path, armed.recursive, rereads))
            .collect();
        assert_eq!(
            summary,
            [
                // The missing static/ and themes/dark add nothing to read
                // again: their own watch will, once they exist.
                (real.clone(), false, vec![Change::Config]),
                (real.join("content"), true, vec![Change::Rescan]),
            ]
        );
    }

    #[test]
    fn changes_merge_into_what_one_rebuild_needs() {
        let guide = |name: &str| Change::Content(vec![PathBuf::from(name)]);
        assert_eq!(
            merge(vec![
                guide("b.md"),
                Change::Theme,
                guide("a.md"),
                guide("b.md")
            ]),
            [
                Change::Theme,
                Change::Content(vec!["a.md".into(), "b.md".into()])
            ]
        );
        assert_eq!(merge(vec![guide("a.md"), Change::Rescan]), [Change::Rescan]);
        assert_eq!(
            merge(vec![Change::Theme, Change::Config, Change::Rescan]),
            [Change::Config]
        );
        assert!(merge(Vec::new()).is_empty());
    }
}
