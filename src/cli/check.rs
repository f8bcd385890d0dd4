//! `guidepress check`: parse and validate guides, report every problem.

use crate::config::{CONFIG_FILE, SiteConfig};
use crate::diagnostic::{Diagnostic, JsonDiagnostic, SourceText};
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
    /// Guide files or folders to check, relative to the site root (default: the site's content dir).
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

pub fn run(root: &Path, args: CheckArgs) -> Result<ExitCode, Vec<Diagnostic>> {
    let options = LoadOptions {
        paths: super::from_site_root(root, &args.paths),
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
    let mut diagnostics = site.diagnostics.clone();
    diagnostics.extend(theme_problems(root, &site.config));
    match args.format {
        Format::Json => print_json(&diagnostics),
        Format::Human => {
            super::print_site_diagnostics(&diagnostics, args.verbose);
            eprintln!(
                "checked {}",
                super::summary(site.guides.len(), &diagnostics)
            );
        }
    }
    let failed = diagnostics.iter().any(Diagnostic::is_error)
        || (args.deny_warnings && !diagnostics.is_empty());
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// What `build` would say of the theme (E020 for one that is not there),
/// at the `theme` line of site.toml: a site that checks clean should build.
fn theme_problems(root: &Path, config: &SiteConfig) -> Vec<Diagnostic> {
    let Err(problems) = crate::render::theme::load(root, config) else {
        return Vec::new();
    };
    let path = root.join(CONFIG_FILE);
    let source = SourceText::new(&std::fs::read_to_string(&path).unwrap_or_default());
    let value = theme_value(&source.text);
    problems
        .into_iter()
        .map(|problem| match &value {
            Some(span) if problem.file == CONFIG_FILE && problem.location.is_none() => Diagnostic {
                file: crate::content::display_path(&path),
                ..problem
            }
            .at(source.locate(span.clone())),
            _ => problem,
        })
        .collect()
}

/// Where the value of the top-level `theme = …` key is in site.toml's text.
fn theme_value(text: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            // Keys after a table header belong to that table.
            return None;
        }
        let Some(value) = trimmed
            .strip_prefix("theme")
            .map(str::trim_start)
            .and_then(|rest| rest.strip_prefix('='))
            .map(str::trim)
        else {
            continue;
        };
        // A quoted value ends at its closing quote, before any comment.
        let value = match value.strip_prefix('"').and_then(|rest| rest.find('"')) {
            Some(end) => &value[..end + 2],
            None => value,
        };
        let value_start = start + line.find(value)?;
        return Some(value_start..value_start + value.len());
    }
    None
}

pub(crate) fn print_json(diagnostics: &[Diagnostic]) {
    let list: Vec<JsonDiagnostic> = diagnostics.iter().map(JsonDiagnostic::from).collect();
    match serde_json::to_string_pretty(&list) {
        Ok(json) => println!("{json}"),
        Err(err) => eprintln!("error: cannot print diagnostics as JSON: {err}"),
    }
}
