//! Finds guide files and reads them. A file that cannot be read, is not
//! UTF-8 or is empty becomes a diagnostic for that file; the rest go on.

use crate::diagnostic::{Code, Diagnostic, SourceText};
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
/// folders), sorted by path. Hidden files and folders are skipped.
pub fn discover(content_dir: &Path, paths: &[PathBuf]) -> (Vec<GuideFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let roots: Vec<&Path> = if paths.is_empty() {
        vec![content_dir]
    } else {
        paths.iter().map(PathBuf::as_path).collect()
    };
    for root in roots {
        if root.is_file() {
            files.push(guide_file(content_dir, root.to_path_buf()));
            continue;
        }
        if root.exists() && !root.is_dir() {
            problems.push(not_a_file(root));
            continue;
        }
        if !root.is_dir() {
            let (what, help) = if root == content_dir {
                (
                    "content dir",
                    "create it, or set `content_dir` in site.toml to the folder the guides are in",
                )
            } else {
                ("path", "name an existing guide file or folder")
            };
            problems.push(
                Diagnostic::new(
                    Code::Unreadable,
                    display_path(root),
                    format!("{what} {} does not exist", display_path(root)),
                )
                .help(help),
            );
            continue;
        }
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_file() && is_markdown(entry.path()) => {
                    files.push(guide_file(content_dir, entry.into_path()));
                }
                // A FIFO, socket or device named like a guide: opening a FIFO
                // would wait for a writer forever.
                Ok(entry) if !entry.file_type().is_dir() && is_markdown(entry.path()) => {
                    problems.push(not_a_file(entry.path()));
                }
                Ok(_) => {}
                Err(err) => {
                    let path = err.path().map_or_else(|| display_path(root), display_path);
                    let reason = if err.loop_ancestor().is_some() {
                        "a symbolic link loops back to a folder above it".to_string()
                    } else {
                        err.io_error()
                            .map_or_else(|| err.to_string(), ToString::to_string)
                    };
                    problems.push(Diagnostic::new(
                        Code::Unreadable,
                        path.clone(),
                        format!("cannot read {path}: {reason}"),
                    ));
                }
            }
        }
    }
    files.sort();
    files.dedup();
    (files, problems)
}

fn not_a_file(path: &Path) -> Diagnostic {
    let shown = display_path(path);
    Diagnostic::new(
        Code::Unreadable,
        shown.clone(),
        format!("cannot read {shown}: it is not a regular file or a folder"),
    )
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
    let bytes = std::fs::read(&file.path).map_err(|err| {
        Diagnostic::new(
            Code::Unreadable,
            file.display.clone(),
            format!("cannot read {}: {err}", file.display),
        )
    })?;
    let text = decode(&file.display, bytes)?;
    Ok(LoadedFile { file, text })
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
