//! The whole pipeline for one build: loaded guides → page graph → rendered
//! files, links checked, each page handed to a sink as soon as it is ready.
//! `build` streams into the output dir; `serve` and tests keep it in memory.

use crate::diagnostic::Diagnostic;
use crate::load::LoadedSite;
use crate::output::Sink;
use crate::progress::{Progress, Silent, Timings};
use crate::render::{self, Files};
use crate::site::urls::Urls;
use crate::site::{PageId, SiteContext};
use rayon::prelude::*;
use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// What a build produced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Built {
    pub pages: usize,
    pub files: usize,
}

/// Time spent in each step of every page, summed over threads: pages are
/// built, rendered, checked and written in one pass, so wall-clock phases
/// no longer separate them.
#[derive(Default)]
struct StepClock {
    data: AtomicU64,
    render: AtomicU64,
    links: AtomicU64,
    write: AtomicU64,
}

impl StepClock {
    fn add(step: &AtomicU64, since: Instant) -> Instant {
        let now = Instant::now();
        step.fetch_add((now - since).as_nanos() as u64, Ordering::Relaxed);
        now
    }

    fn report(&self, timings: &mut Timings) {
        for (name, step) in [
            ("  page data", &self.data),
            ("  render", &self.render),
            ("  link check", &self.links),
            ("  write", &self.write),
        ] {
            let nanos = step.load(Ordering::Relaxed);
            timings.phases.push((name, Duration::from_nanos(nanos)));
        }
    }
}

/// Renders a loaded site under `base_url` into memory. Guides with errors stop here.
pub fn render_site(site: &LoadedSite, base_url: &str) -> Result<Files, Vec<Diagnostic>> {
    let files = Mutex::new(Files::new());
    render_into(site, base_url, &files, &mut Timings::default(), &Silent)?;
    Ok(files.into_inner().unwrap_or_else(|p| p.into_inner()))
}

/// Renders a loaded site into `sink`, page by page, noting how long each
/// phase took and reporting progress. Nothing is kept once handed over, so memory stays flat as
/// sites grow. On error the sink may hold part of the site: the caller
/// discards it (a [`crate::output::Staging`] does on drop).
pub fn render_into(
    site: &LoadedSite,
    base_url: &str,
    sink: &dyn Sink,
    timings: &mut Timings,
    progress: &dyn Progress,
) -> Result<Built, Vec<Diagnostic>> {
    if site.has_errors() {
        return Err(site.errors());
    }
    let theme = timings.track(progress, "theme", 0, || {
        render::theme::load(&site.root, &site.config)
    })?;
    let renderer = timings.track(progress, "templates", 0, || render::Renderer::new(&theme))?;
    let urls = Urls::new(base_url);
    let cx = timings.track(progress, "site graph", 0, || {
        SiteContext::new(&site.config, &site.guides, &site.companies, &urls)
    })?;
    let ids = PageId::all(&cx);
    let page_paths: Vec<String> = ids.par_iter().map(|id| id.path(&cx)).collect();
    let known: HashSet<String> = page_paths
        .iter()
        .map(|p| crate::site::output_file(p))
        .chain(render::site_file_names(&theme, &page_paths))
        .collect();
    let exists = |path: &str| known.contains(path);

    let clock = StepClock::default();
    let write_failed = AtomicBool::new(false);
    let put = |path: &str, bytes: &[u8]| -> Option<Diagnostic> {
        // The first failed write says why (disk full, permissions); the
        // thousands after it would only repeat it.
        if write_failed.load(Ordering::Relaxed) {
            return None;
        }
        let result = sink.put(path, bytes).err();
        if result.is_some() && write_failed.swap(true, Ordering::Relaxed) {
            return None;
        }
        result
    };
    // The site-wide files (search index, data, sitemap) are made while the
    // pages stream: they need no page, and no page needs their bytes.
    let (mut problems, site_files): (Vec<Diagnostic>, _) =
        timings.track(progress, "pages", ids.len(), || {
            rayon::join(
                || {
                    ids.par_iter()
                        .zip(&page_paths)
                        .flat_map_iter(|(id, path)| {
                            let started = Instant::now();
                            let page = id.build(&cx);
                            let built = StepClock::add(&clock.data, started);
                            let file = crate::site::output_file(path);
                            let html = match renderer.render(page) {
                                Ok(html) => html,
                                Err(problem) => return vec![problem],
                            };
                            let rendered = StepClock::add(&clock.render, built);
                            let mut problems =
                                crate::output::check_page(&file, &html, &exists, &urls);
                            let checked = StepClock::add(&clock.links, rendered);
                            problems.extend(put(&file, &html));
                            StepClock::add(&clock.write, checked);
                            progress.step();
                            problems
                        })
                        .collect()
                },
                || render::site_files(&cx, &theme, &page_paths),
            )
        });
    clock.report(timings);
    let files = page_paths.len() + site_files.len();
    timings.track(progress, "write data", 0, || {
        problems.extend(
            site_files
                .par_iter()
                .filter_map(|(path, bytes)| put(path, bytes))
                .collect::<Vec<_>>(),
        )
    });
    if problems.is_empty() {
        Ok(Built {
            pages: page_paths.len(),
            files,
        })
    } else {
        let mut problems = render::merge_page_errors(problems);
        problems.dedup_by(|a, b| a.message == b.message);
        Err(problems)
    }
}
