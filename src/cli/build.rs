//! `guidepress build`: the site, written to the output dir.

use crate::diagnostic::Diagnostic;
use crate::load::{LoadOptions, load_reporting};
use crate::progress::Bar;
use crate::progress::Timings;
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Build the site into the output dir.
///
/// The output dir is output_dir in site.toml (default `public`), or -o. The site is written beside the output and swapped in only when complete:
/// a failed build leaves the previous output as it was. A build that takes
/// more than a second shows a progress bar when stderr is a terminal; the
/// one-line summary is always printed.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  guidepress build\n  guidepress build -o dist -u https://example.org/guides/\n  guidepress build --drafts -u http://localhost:8000/\n  guidepress build -v        # per-phase timings, every placeholder\n  guidepress build -q        # no progress bar"
)]
pub struct BuildArgs {
    /// Where to write the site, e.g. `-o dist` (relative paths are relative to the site root).
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: Option<PathBuf>,

    /// Publish under this URL instead of base_url from site.toml, e.g. `-u https://example.org/guides/`.
    #[arg(short = 'u', long = "base-url", value_name = "URL")]
    pub base_url: Option<String>,

    /// Include guides marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,

    /// Print how long each phase took, and every placeholder warning (W014) in full.
    #[arg(short = 'v', long)]
    pub verbose: bool,

    /// Draw no progress bar, even on a terminal (the summary is still printed).
    #[arg(short = 'q', long)]
    pub quiet: bool,
}

pub fn run(root: &Path, args: BuildArgs) -> Result<ExitCode, Vec<Diagnostic>> {
    let started = Instant::now();
    if let Some(flag) = &args.base_url {
        super::check_base_url_flag(flag).map_err(|d| vec![d])?;
    }
    let bar = Bar::start(args.quiet);
    let mut timings = Timings::default();
    let options = LoadOptions {
        paths: Vec::new(),
        drafts: args.drafts,
    };
    let site = timings.time("load and check", || {
        let mut site = load_reporting(root, &options, &bar)?;
        let content_dir = site.root.join(&site.config.content_dir);
        crate::load::date_from_history(&content_dir, &mut site.guides);
        Ok::<_, Vec<Diagnostic>>(site)
    })?;
    // Collected from components, `./.` is `.` and `out/.` is `out`: the
    // path is shown as typed, and the swap renames a folder, not `out/.`.
    let out: PathBuf = root
        .join(args.output.as_ref().unwrap_or(&site.config.output_dir))
        .components()
        .collect();
    let content_dir = root.join(&site.config.content_dir);
    crate::output::check_output_dir(root, &content_dir, &out).map_err(|d| vec![d])?;
    let base_url = args
        .base_url
        .clone()
        .unwrap_or_else(|| site.config.base_url.clone());
    bar.suspend(|| super::print_site_diagnostics(&site.diagnostics, args.verbose));
    let built = match render(&site, &base_url, &out, &mut timings, &bar) {
        Ok(built) => built,
        Err(problems) => {
            bar.finish();
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
    bar.finish();
    if args.verbose {
        for (phase, took) in &timings.phases {
            eprintln!("  {phase:<15} {:>8.1} ms", took.as_secs_f64() * 1000.0);
        }
    }
    let (_, warnings) = crate::diagnostic::count(&site.diagnostics);
    eprintln!(
        "built {}{} into {}: {}, {}, {}, {:.2}s",
        super::plural(site.guides.len(), "guide"),
        super::drafts_note(site.drafts_left_out, "build"),
        crate::content::display_path(&out),
        super::plural(built.pages, "page"),
        super::plural(built.files, "file"),
        super::plural(warnings, "warning"),
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
    timings: &mut Timings,
    progress: &dyn crate::progress::Progress,
) -> Result<crate::build::Built, Vec<Diagnostic>> {
    if site.has_errors() {
        return Err(site.errors());
    }
    let staging = crate::output::Staging::begin(out).map_err(|d| vec![d])?;
    staging.remove_on_interrupt();
    let built = crate::build::full(site, base_url, &staging, timings, progress)?;
    timings
        .track(progress, "swap in", 0, || staging.commit())
        .map_err(|d| vec![d])?;
    Ok(built)
}
