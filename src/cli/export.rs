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
    /// Guide files or folders to export (default: the site's content dir).
    pub paths: Vec<PathBuf>,

    /// Write to this file instead of stdout, e.g. `-o guides.json`.
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
        paths: args.paths,
        drafts: args.drafts,
    };
    let site = load(root, &options)?;
    super::print_diagnostics(&site.diagnostics);
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
    match &args.output {
        Some(path) => write_atomically(path, document.as_bytes()).map_err(|err| {
            vec![Diagnostic::new(
                Code::Unreadable,
                crate::content::display_path(path),
                format!("cannot write {}: {err}", path.display()),
            )]
        })?,
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is the reader's choice, not a failure.
            let _ = stdout
                .write_all(document.as_bytes())
                .and_then(|()| stdout.flush());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes beside the target and renames over it, so a reader never sees half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("not a file name"))?;
    let temp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    std::fs::write(&temp, bytes)?;
    std::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}
