//! `guidepress build`: the site, written to the output dir.

use crate::diagnostic::Diagnostic;
use crate::load::{LoadOptions, load};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Build the site into the output dir (default: output_dir in site.toml, `public`).
///
/// The site is written beside the output and swapped in only when complete:
/// a failed build leaves the previous output as it was.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  guidepress build\n  guidepress build -o dist -u https://example.org/guides/\n  guidepress build --drafts -u http://localhost:8000/"
)]
pub struct BuildArgs {
    /// Where to write the site (relative paths are relative to the site root).
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: Option<PathBuf>,

    /// Publish under this URL instead of base_url from site.toml.
    #[arg(short = 'u', long = "base-url", value_name = "URL")]
    pub base_url: Option<String>,

    /// Include guides marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,

    /// Print how long each phase took.
    #[arg(short = 'v', long)]
    pub verbose: bool,
}

pub fn run(root: &Path, args: BuildArgs) -> Result<ExitCode, Vec<Diagnostic>> {
    let started = Instant::now();
    let mut timings = crate::build::Timings::default();
    let site = load(
        root,
        &LoadOptions {
            paths: Vec::new(),
            drafts: args.drafts,
        },
    )?;
    let out = root.join(args.output.as_ref().unwrap_or(&site.config.output_dir));
    let content_dir = root.join(&site.config.content_dir);
    crate::output::check_output_dir(root, &content_dir, &out).map_err(|d| vec![d])?;
    let base_url = args
        .base_url
        .clone()
        .unwrap_or_else(|| site.config.base_url.clone());
    super::print_diagnostics(&site.diagnostics);
    timings.phases.push(("load and check", started.elapsed()));
    let built = match render(&site, &base_url, &out, &mut timings) {
        Ok(built) => built,
        Err(problems) => {
            // Guide errors were printed with the warnings above.
            let fresh: Vec<Diagnostic> = problems
                .into_iter()
                .filter(|p| !site.diagnostics.contains(p))
                .collect();
            super::print_diagnostics(&fresh);
            eprintln!(
                "build failed, previous output left as it was: {}",
                super::summary(
                    site.guides.len(),
                    &[site.diagnostics.clone(), fresh].concat()
                )
            );
            return Ok(ExitCode::FAILURE);
        }
    };
    if args.verbose {
        for (phase, took) in &timings.phases {
            eprintln!("  {phase:<15} {:>8.1} ms", took.as_secs_f64() * 1000.0);
        }
    }
    let (_, warnings) = crate::diagnostic::count(&site.diagnostics);
    eprintln!(
        "built {} guides into {}: {} pages, {} files, {warnings} warning{}, {:.2}s",
        site.guides.len(),
        crate::content::display_path(&out),
        built.pages,
        built.files,
        if warnings == 1 { "" } else { "s" },
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Streams the site into a staging folder beside `out` and swaps it in;
/// on any error the staging folder is dropped and `out` is untouched.
fn render(
    site: &crate::load::LoadedSite,
    base_url: &str,
    out: &Path,
    timings: &mut crate::build::Timings,
) -> Result<crate::build::Built, Vec<Diagnostic>> {
    if site.has_errors() {
        return Err(site
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect());
    }
    let staging = crate::output::Staging::begin(out).map_err(|d| vec![d])?;
    let built = crate::build::render_into(site, base_url, &staging, timings)?;
    timings
        .time("swap in", || staging.commit())
        .map_err(|d| vec![d])?;
    Ok(built)
}
