//! The whole pipeline for one build: loaded guides → page graph → rendered
//! files, links checked. `build` writes the result; `serve` keeps it in memory.

use crate::diagnostic::Diagnostic;
use crate::load::LoadedSite;
use crate::render::{self, Files};
use crate::site::SiteContext;
use crate::site::urls::Urls;

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
}

/// Renders a loaded site under `base_url`. Guides with errors stop here.
pub fn render_site(site: &LoadedSite, base_url: &str) -> Result<Files, Vec<Diagnostic>> {
    render_site_timed(site, base_url, &mut Timings::default())
}

/// [`render_site`], noting how long each phase took.
pub fn render_site_timed(
    site: &LoadedSite,
    base_url: &str,
    timings: &mut Timings,
) -> Result<Files, Vec<Diagnostic>> {
    if site.has_errors() {
        return Err(site
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect());
    }
    let theme = timings.time("theme", || render::theme::load(&site.root, &site.config))?;
    let renderer = timings.time("templates", || render::Renderer::new(&theme))?;
    let urls = Urls::new(base_url);
    let cx = timings.time("site graph", || {
        SiteContext::new(&site.config, &site.guides, &site.companies, &urls)
    })?;
    let pages = timings.time("page data", || crate::site::pages(&cx));
    let all: Vec<&crate::site::Page> = pages.iter().collect();
    let mut files: Files = timings
        .time("render", || render::render_pages(&renderer, &all))?
        .into_iter()
        .collect();
    timings.time("data files", || {
        render::add_site_files(&mut files, &cx, &theme, &pages)
    });
    let broken = timings.time("link check", || crate::output::check_links(&files, &urls));
    if broken.is_empty() {
        Ok(files)
    } else {
        Err(broken)
    }
}
