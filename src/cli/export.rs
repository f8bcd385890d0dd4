//! `guidepress export`: the guides as JSON (schema guidepress/guides@1) or CSV.

use crate::diagnostic::{Code, Diagnostic};
use crate::load::{LoadOptions, load};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Export the guides as data: JSON or CSV.
///
/// JSON is one document, schema guidepress/guides@1; CSV has one row per band. Nothing is written when any guide has an error.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  guidepress export > guides.json\n  guidepress export -o bands.csv --format csv\n  guidepress -r ../shared/seed-site export content/anthropic-ml-ai-engineer.md\n  guidepress export --drafts  # drafts too"
)]
pub struct ExportArgs {
    /// Guide files or folders to export, relative to the site root (default: the site's content dir).
    pub paths: Vec<PathBuf>,

    /// Write to this file instead of stdout, e.g. `-o guides.json` (relative to the site root).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// What to write: the JSON document, or one CSV row per band.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,

    /// Include guides marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One document, schema guidepress/guides@1.
    Json,
    /// One row per band.
    Csv,
}

pub fn run(root: &Path, args: ExportArgs) -> Result<ExitCode, Vec<Diagnostic>> {
    let options = LoadOptions {
        paths: super::from_site_root(root, &args.paths),
        drafts: args.drafts,
    };
    let site = load(root, &options)?;
    super::print_site_diagnostics(&site.diagnostics, false);
    if site.has_errors() {
        eprintln!(
            "export failed, nothing written: {}",
            super::summary(site.guides.len(), &site.diagnostics)
        );
        return Ok(ExitCode::FAILURE);
    }
    let document = match args.format {
        Format::Json => crate::export::to_json(&site.guides),
        Format::Csv => crate::export::to_csv(&site.guides),
    };
    let written = match &args.output {
        Some(path) => write_file(&root.join(path), document.as_bytes()),
        None => write_stdout(document.as_bytes()),
    };
    written.map_err(|(shown, err)| {
        vec![
            Diagnostic::new(
                Code::WriteFailed,
                shown.clone(),
                format!("cannot write {shown}: {err}"),
            )
            .help("the export is incomplete; nothing was left behind"),
        ]
    })?;
    Ok(ExitCode::SUCCESS)
}

type WriteError = (String, std::io::Error);

/// The document on stdout. A closed pipe (`| head`) is the reader's
/// choice, not a failure; any other failed write or flush (a full disk
/// behind `>`) is.
fn write_stdout(bytes: &[u8]) -> Result<(), WriteError> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(("standard output".to_string(), err))
        }
        _ => Ok(()),
    }
}

/// The document in `path`. A regular file (or a new one) is written beside
/// its target, synced and renamed over it, so a reader never sees half a
/// file, and the temporary file is removed on any failure. Anything else
/// (`/dev/stdout`, a pipe, a device) is written in place: renaming over a
/// device would replace it.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let shown = crate::content::display_path(path);
    let failed = |err| (shown.clone(), err);
    let is_special = std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir());
    if is_special {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(failed)?;
        return file
            .write_all(bytes)
            .and_then(|()| file.flush())
            .map_err(failed);
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| failed(std::io::Error::other("it names no file")))?;
    let temp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    };
    write().map_err(|err| {
        let _ = std::fs::remove_file(&temp);
        failed(err)
    })
}
