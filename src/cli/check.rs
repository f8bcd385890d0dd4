//! `guidepress check`: parse and validate guides, report every problem.

use crate::diagnostic::JsonDiagnostic;
use crate::load::{LoadOptions, load};
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Check guides and report every problem, like a compiler.
///
/// Exits 1 when any error is found (or any warning, with --deny-warnings).
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  guidepress check\n  guidepress check content/anthropic-ml-ai-engineer.md\n  guidepress check --deny-warnings --format json\n  guidepress check --drafts   # drafts too\n  guidepress check -v         # every [TODO] placeholder in full"
)]
pub struct CheckArgs {
    /// Guide files or folders to check (default: the site's content dir).
    pub paths: Vec<PathBuf>,

    /// Fail on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,

    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Include guides marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,

    /// Show every placeholder warning (W014) in full; without it, a file's are counted on one line.
    #[arg(short = 'v', long)]
    pub verbose: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style, on stderr.
    Human,
    /// A JSON list on stdout: {severity, code, message, file, line, column}.
    Json,
}

pub fn run(root: &Path, args: CheckArgs) -> Result<ExitCode, Vec<crate::diagnostic::Diagnostic>> {
    let options = LoadOptions {
        paths: args.paths,
        drafts: args.drafts,
    };
    let site = match load(root, &options) {
        Ok(site) => site,
        Err(diagnostics) if args.format == Format::Json => {
            print_json(&diagnostics);
            return Ok(ExitCode::FAILURE);
        }
        Err(diagnostics) => return Err(diagnostics),
    };
    match args.format {
        Format::Json => print_json(&site.diagnostics),
        Format::Human => {
            super::print_site_diagnostics(&site.diagnostics, args.verbose);
            eprintln!(
                "checked {}",
                super::summary(site.guides.len(), &site.diagnostics)
            );
        }
    }
    let failed = site.has_errors() || (args.deny_warnings && !site.diagnostics.is_empty());
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn print_json(diagnostics: &[crate::diagnostic::Diagnostic]) {
    let list: Vec<JsonDiagnostic> = diagnostics.iter().map(JsonDiagnostic::from).collect();
    match serde_json::to_string_pretty(&list) {
        Ok(json) => println!("{json}"),
        Err(err) => eprintln!("error: cannot print diagnostics as JSON: {err}"),
    }
}
