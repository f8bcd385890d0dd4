//! The whole pipeline for one build: loaded guides → page graph → rendered
//! files, links checked. `build` writes the result; `serve` keeps it in memory.

use crate::diagnostic::Diagnostic;
use crate::load::LoadedSite;
use crate::render::{self, Files};
use crate::site::SiteContext;
use crate::site::urls::Urls;

/// Where a build says how far it has got: each phase as it starts, then
/// each step of it. Passed down explicitly; steps are reported from worker
/// threads, so an implementation must not lock per step.
pub trait Progress: Sync {
    /// A phase starts; `steps` is how many [`Progress::step`] calls follow
    /// (0 for a phase that reports none).
    fn phase(&self, name: &'static str, steps: usize);
    /// One more step of the current phase is done.
    fn step(&self);
}

/// Reports nothing.
pub struct Silent;

impl Progress for Silent {
    fn phase(&self, _: &'static str, _: usize) {}
    fn step(&self) {}
}

/// How long each phase took, for `build -v`.
#[derive(Clone, Debug, Default)]
pub struct Timings {
    pub phases: Vec<(&'static str, std::time::Duration)>,
}

impl Timings {
    pub fn time<T>(&mut self, phase: &'static str, work: impl FnOnce() -> T) -> T {
        let started = std::time::Instant::now();
        let result = work();
        self.phases.push((phase, started.elapsed()));
        result
    }

    /// [`Timings::time`], announcing the phase to `progress` first.
    pub fn track<T>(
        &mut self,
        progress: &dyn Progress,
        phase: &'static str,
        steps: usize,
        work: impl FnOnce() -> T,
    ) -> T {
        progress.phase(phase, steps);
        self.time(phase, work)
    }
}

/// Renders a loaded site under `base_url`. Guides with errors stop here.
pub fn render_site(site: &LoadedSite, base_url: &str) -> Result<Files, Vec<Diagnostic>> {
    render_site_timed(site, base_url, &mut Timings::default(), &Silent)
}

/// [`render_site`], noting how long each phase took and reporting progress.
pub fn render_site_timed(
    site: &LoadedSite,
    base_url: &str,
    timings: &mut Timings,
    progress: &dyn Progress,
) -> Result<Files, Vec<Diagnostic>> {
    if site.has_errors() {
        return Err(site
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect());
    }
    let theme = timings.track(progress, "theme", 0, || {
        render::theme::load(&site.root, &site.config)
    })?;
    let renderer = timings.track(progress, "templates", 0, || render::Renderer::new(&theme))?;
    let urls = Urls::new(base_url);
    let cx = timings.track(progress, "site graph", 0, || {
        SiteContext::new(&site.config, &site.guides, &site.companies, &urls)
    })?;
    let pages = timings.track(progress, "page data", 0, || crate::site::pages(&cx));
    let all: Vec<&crate::site::Page> = pages.iter().collect();
    let mut files: Files = timings
        .track(progress, "render", all.len(), || {
            render::render_pages(&renderer, &all, progress)
        })?
        .into_iter()
        .collect();
    timings.track(progress, "data files", 0, || {
        render::add_site_files(&mut files, &cx, &theme, &pages)
    });
    let broken = timings.track(progress, "link check", 0, || {
        crate::output::check_links(&files, &urls)
    });
    if broken.is_empty() {
        Ok(files)
    } else {
        Err(broken)
    }
}
