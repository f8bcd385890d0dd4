//! Finds guide files and reads them. A file that cannot be read, is not
//! UTF-8 or is empty becomes a diagnostic for that file; the rest go on.

use crate::diagnostic::{Code, Diagnostic, SourceText};
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

/// A guide file found on disk.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct GuideFile {
    /// Path relative to the content dir, `/`-separated (the export's `source`).
    pub source: String,
    /// The path as diagnostics show it.
    pub display: String,
    pub path: PathBuf,
}

/// A guide file with its text.
#[derive(Clone, Debug)]
pub struct LoadedFile {
    pub file: GuideFile,
    pub text: SourceText,
    /// When the file was last modified, where the file system says.
    pub modified: Option<std::time::SystemTime>,
}

impl LoadedFile {
    /// A guide that exists only in memory (tests, the dev server's buffers).
    pub fn from_text(source: &str, raw: &str) -> LoadedFile {
        LoadedFile {
            file: GuideFile {
                source: source.to_string(),
                display: source.to_string(),
                path: PathBuf::from(source),
            },
            text: SourceText::new(raw),
            modified: None,
        }
    }
}

/// A path as a person reads it: no leading `./`.
pub fn display_path(path: &Path) -> String {
    let mut parts = path.components().peekable();
    while parts.peek() == Some(&Component::CurDir) && parts.clone().count() > 1 {
        parts.next();
    }
    parts.collect::<PathBuf>().display().to_string()
}

/// The `.md` files under `content_dir`, or under the given paths (files or
/// folders), sorted by path. Hidden files and folders are skipped, and so
/// is anything that is not a guide. Links are followed only to files and
/// folders inside the content dir (one outside would publish it), each
/// folder is read once however many links lead to it, and the walk is
/// bounded in depth and size: content that cannot be read in full is named,
/// never waited on.
pub fn discover(content_dir: &Path, paths: &[PathBuf]) -> (Vec<GuideFile>, Vec<Diagnostic>) {
    let mut walk = Walk {
        content_dir,
        inside: content_dir.canonicalize().ok(),
        files: Vec::new(),
        problems: Vec::new(),
        visited: HashSet::new(),
        entries: 0,
    };
    let roots: Vec<&Path> = if paths.is_empty() {
        vec![content_dir]
    } else {
        paths.iter().map(PathBuf::as_path).collect()
    };
    for root in roots {
        if walk.inside.as_deref() == Some(Path::new("/")) && root == content_dir {
            walk.problems.push(
                Diagnostic::new(
                    Code::Unreadable,
                    display_path(root),
                    format!("content dir {} is the file system root", display_path(root)),
                )
                .help("set `content_dir` in site.toml to the folder the guides are in"),
            );
            continue;
        }
        match std::fs::metadata(root) {
            Ok(meta) if meta.is_dir() => walk.folder(root, &mut Vec::new()),
            Ok(meta) if meta.is_file() => walk.given_file(root),
            Ok(_) => walk.problems.push(not_a_file(root)),
            Err(_) => {
                let (what, help) = if root == content_dir {
                    (
                        "content dir",
                        "create it, or set `content_dir` in site.toml to the folder the guides are in",
                    )
                } else {
                    ("path", "name an existing guide file or folder")
                };
                walk.problems.push(
                    Diagnostic::new(
                        Code::Unreadable,
                        display_path(root),
                        format!("{what} {} does not exist", display_path(root)),
                    )
                    .help(help),
                );
            }
        }
    }
    let Walk {
        mut files,
        problems,
        ..
    } = walk;
    files.sort();
    files.dedup();
    (files, problems)
}

/// Folders deeper than this under the content dir are not read: no real
/// site nests guides this deep, a crafted tree of links does.
const MAX_DEPTH: usize = 64;
/// Entries (files and folders) one walk looks at, at most: ten times the
/// largest site guidepress is measured on.
const MAX_ENTRIES: usize = 1_000_000;

/// One walk of the content dir: what it found, and what it skipped.
struct Walk<'a> {
    content_dir: &'a Path,
    /// The content dir with links resolved: links may lead anywhere in it.
    inside: Option<PathBuf>,
    files: Vec<GuideFile>,
    problems: Vec<Diagnostic>,
    /// (device, inode) of every folder read, so a folder two links lead to
    /// is read once.
    visited: HashSet<(u64, u64)>,
    entries: usize,
}

impl Walk<'_> {
    /// Reads a folder's entries in name order. `above` holds the folders
    /// this one is inside, to tell a loop from a second way in.
    fn folder(&mut self, dir: &Path, above: &mut Vec<(u64, u64)>) {
        let Ok(meta) = std::fs::metadata(dir) else {
            return;
        };
        let id = file_id(&meta);
        if above.contains(&id) {
            self.problems.push(unreadable(
                dir,
                "a symbolic link loops back to a folder above it",
            ));
            return;
        }
        if !self.visited.insert(id) {
            self.problems.push(skipped(
                dir,
                "it is a folder already read through another link",
            ));
            return;
        }
        if above.len() >= MAX_DEPTH {
            self.problems.push(unreadable(
                dir,
                &format!("it is more than {MAX_DEPTH} folders deep"),
            ));
            return;
        }
        let mut names: Vec<PathBuf> = match std::fs::read_dir(dir) {
            Ok(entries) => entries
                .filter_map(|entry| match entry {
                    Ok(entry) => Some(entry.path()),
                    Err(err) => {
                        self.problems.push(unreadable(dir, &err.to_string()));
                        None
                    }
                })
                .filter(|path| !path.file_name().is_some_and(is_hidden))
                .collect(),
            Err(err) => {
                self.problems.push(unreadable(dir, &err.to_string()));
                return;
            }
        };
        names.sort();
        above.push(id);
        for path in names {
            self.entries += 1;
            if self.entries > MAX_ENTRIES {
                self.problems.push(
                    unreadable(
                        self.content_dir,
                        &format!("it holds more than {MAX_ENTRIES} files and folders; the rest were not read"),
                    )
                    .help("point `content_dir` in site.toml at the folder the guides are in"),
                );
                break;
            }
            self.entry(&path, above);
        }
        above.pop();
    }

    /// One entry of a folder (or a path given on the command line).
    fn entry(&mut self, path: &Path, above: &mut Vec<(u64, u64)>) {
        let Ok(own) = std::fs::symlink_metadata(path) else {
            return;
        };
        let meta = if own.file_type().is_symlink() {
            match std::fs::metadata(path) {
                Ok(target) => target,
                Err(_) if is_markdown(path) => {
                    let target = std::fs::read_link(path)
                        .map_or_else(|_| "?".to_string(), |t| t.display().to_string());
                    self.problems.push(skipped(
                        path,
                        &format!("it is a symbolic link to {target}, which does not exist"),
                    ));
                    return;
                }
                // A dangling link that is no guide (an editor's lock file,
                // notes): nothing to read.
                Err(_) => return,
            }
        } else {
            own.clone()
        };
        let wanted = meta.is_dir() || is_markdown(path);
        if !wanted {
            return;
        }
        if own.file_type().is_symlink() && !self.leads_inside(path) {
            self.problems.push(links_out(path));
            return;
        }
        if meta.is_dir() {
            self.folder(path, above);
        } else if meta.is_file() {
            self.files
                .push(guide_file(self.content_dir, path.to_path_buf()));
        } else {
            // A FIFO, socket or device named like a guide: opening a FIFO
            // would wait for a writer forever.
            self.problems.push(not_a_file(path));
        }
    }

    /// A file named on the command line is read whatever its name; only a
    /// link in the content dir that leads out of it is refused.
    fn given_file(&mut self, path: &Path) {
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        let in_content = path
            .parent()
            .and_then(|dir| dir.canonicalize().ok())
            .zip(self.inside.as_ref())
            .is_some_and(|(dir, inside)| dir.starts_with(inside));
        if is_link && in_content && !self.leads_inside(path) {
            self.problems.push(links_out(path));
        } else {
            self.files
                .push(guide_file(self.content_dir, path.to_path_buf()));
        }
    }

    fn leads_inside(&self, path: &Path) -> bool {
        let (Some(inside), Ok(real)) = (&self.inside, path.canonicalize()) else {
            return false;
        };
        real.starts_with(inside)
    }
}

/// A file's (device, inode): the same folder reached two ways, or made
/// again under the same name, tells by it.
#[cfg(unix)]
pub fn file_id(meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

/// No inode to compare: the walk counts every folder as new (its depth
/// bound stops loops), and the watcher sees a folder made again only
/// through the events on the folder it is in.
#[cfg(not(unix))]
pub fn file_id(_: &std::fs::Metadata) -> (u64, u64) {
    (0, 0)
}

fn unreadable(path: &Path, why: &str) -> Diagnostic {
    let shown = display_path(path);
    Diagnostic::new(
        Code::Unreadable,
        shown.clone(),
        format!("cannot read {shown}: {why}"),
    )
}

fn links_out(path: &Path) -> Diagnostic {
    unreadable(
        path,
        "it is a symbolic link to a file or folder outside the content dir",
    )
    .help("copy it into the content dir, or remove the link")
}

fn skipped(path: &Path, why: &str) -> Diagnostic {
    let shown = display_path(path);
    Diagnostic::new(
        Code::Skipped,
        shown.clone(),
        format!("skipped {shown}: {why}"),
    )
}

fn not_a_file(path: &Path) -> Diagnostic {
    unreadable(path, "it is not a regular file or a folder")
        .help("a guide is a plain file; remove or rename this one")
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|name| name.starts_with('.'))
}

fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "md")
}

fn guide_file(content_dir: &Path, path: PathBuf) -> GuideFile {
    let relative = path
        .strip_prefix(content_dir)
        .map(Path::to_path_buf)
        .ok()
        .or_else(|| {
            let content = content_dir.canonicalize().ok()?;
            let absolute = path.canonicalize().ok()?;
            absolute.strip_prefix(&content).map(Path::to_path_buf).ok()
        });
    let source = relative.map(|rel| {
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    });
    GuideFile {
        source: source.unwrap_or_else(|| display_path(&path)),
        display: display_path(&path),
        path,
    }
}

/// How many guide files are read at once.
const READERS: usize = 16;

/// `read` applied to every file, many at once: reading waits on the disk,
/// not the CPU, and with a cold cache 16 reads in flight take a third of
/// the time two do (BENCHMARKS.md). Results are in the order of `files`.
pub fn read_many<T: Send>(
    files: Vec<GuideFile>,
    read: impl Fn(GuideFile) -> T + Sync + Send,
) -> Vec<T> {
    use rayon::prelude::*;
    let read_all = || files.into_par_iter().map(&read).collect();
    match rayon::ThreadPoolBuilder::new()
        .num_threads(READERS)
        .thread_name(|i| format!("guidepress-read-{i}"))
        .build()
    {
        Ok(readers) => readers.install(read_all),
        Err(_) => read_all(),
    }
}

/// Reads one guide: bytes, then UTF-8, then not empty.
pub fn read(file: GuideFile) -> Result<LoadedFile, Diagnostic> {
    let (bytes, modified) = read_regular(&file.path).map_err(|err| {
        Diagnostic::new(
            Code::Unreadable,
            file.display.clone(),
            format!("cannot read {}: {err}", file.display),
        )
    })?;
    let text = decode(&file.display, bytes)?;
    Ok(LoadedFile {
        file,
        text,
        modified,
    })
}

/// The bytes of a regular file. A file that became a FIFO or device since
/// it was found is refused, not waited on: it is opened without blocking
/// and checked before a byte is read.
fn read_regular(path: &Path) -> std::io::Result<(Vec<u8>, Option<std::time::SystemTime>)> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let mut file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::other("it is not a regular file"));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes)?;
    Ok((bytes, meta.modified().ok()))
}

/// A guide's bytes as text: UTF-8 (a BOM and CRLF are fine) and not empty.
pub fn decode(display: &str, bytes: Vec<u8>) -> Result<SourceText, Diagnostic> {
    let raw = String::from_utf8(bytes).map_err(|err| {
        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        // Lossless prefix, so the line and column of the first bad byte are exact.
        let prefix = SourceText::new(std::str::from_utf8(valid).unwrap_or_default());
        let location = prefix.locate(prefix.text.len()..prefix.text.len());
        Diagnostic::new(
            Code::InvalidUtf8,
            display,
            format!("{display} is not valid UTF-8"),
        )
        .at(location)
        .label("invalid byte here")
        .help("save the file as UTF-8")
    })?;
    let text = SourceText::new(&raw);
    if text.text.trim().is_empty() {
        return Err(
            Diagnostic::new(Code::EmptyFile, display, format!("{display} is empty"))
                .help("write a guide in it (`guidepress new` makes a skeleton) or delete it"),
        );
    }
    Ok(text)
}
