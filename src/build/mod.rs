//! The one build pipeline: sources (checked guides and a theme) → page
//! graph → rendered files, links checked, each handed to a sink as soon as
//! it is ready. A [`Cache`] says what may be taken from the last build.
//!
//! `guidepress build` runs it once with an empty cache into an
//! [`crate::output::Staging`] folder; `serve` keeps its cache between edits
//! and runs it into its mirror, so an edit redoes only the pages it can
//! have changed. Both get the same bytes.

pub mod cache;

pub use cache::Cache;

use crate::companies::CompanyIndex;
use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
use crate::load::LoadedSite;
use crate::model::Guide;
use crate::output::Sink;
use crate::progress::{Progress, Silent, Timings};
use crate::render::{self, Files, Renderer, theme::Theme};
use crate::site::urls::Urls;
use crate::site::{PageId, SiteContext};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// A theme ready to render: its files and its compiled templates.
pub struct SiteTheme {
    pub theme: Theme,
    pub renderer: Renderer,
}

impl SiteTheme {
    /// Reads the site's theme (its overrides over the chosen one) and compiles its templates.
    pub fn load(
        root: &Path,
        config: &SiteConfig,
        timings: &mut Timings,
        progress: &dyn Progress,
    ) -> Result<SiteTheme, Vec<Diagnostic>> {
        let theme = timings.track(progress, "theme", 0, || render::theme::load(root, config))?;
        let renderer = timings.track(progress, "templates", 0, || Renderer::new(&theme))?;
        Ok(SiteTheme { theme, renderer })
    }
}

/// What a build reads: the site's guides, checked and free of errors, and its theme.
pub struct Sources<'a> {
    pub config: &'a SiteConfig,
    pub guides: &'a [Guide],
    pub companies: &'a CompanyIndex,
    pub theme: &'a SiteTheme,
    pub base_url: &'a str,
}

/// Which pages a build makes, besides every page when the cache cannot say.
#[derive(Clone, Copy, Debug)]
pub enum Scope<'e> {
    /// The pages that read these guides (indexes into the sources' guides),
    /// the pages an earlier [`Scope::FirstLook`] left, and the site files.
    Edited(&'e [usize]),
    /// Only the edited guides' own pages now: the pages that show them among
    /// others, and the site files, are left to the next build's
    /// [`Scope::Edited`], so the author sees the page they edit sooner.
    FirstLook(&'e [usize]),
}

/// What a build did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Built {
    /// HTML pages the site has (0 when a first look left pages owed).
    pub pages: usize,
    /// Files handed to the sink.
    pub files: usize,
    /// Pages whose data was built (to see whether it changed, when cached).
    pub built: usize,
    /// Pages rendered again.
    pub rendered: usize,
    /// Files handed to the sink, by path; kept only by a cache that remembers.
    pub changed: Vec<String>,
    /// Files of the last build that are gone.
    pub removed: Vec<String>,
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
    full(site, base_url, &files, &mut Timings::default(), &Silent)?;
    Ok(files.into_inner().unwrap_or_else(|p| p.into_inner()))
}

/// Builds a loaded site into `sink` from nothing: its theme, then [`run`]
/// with an empty cache. On error the sink may hold part of the site: the
/// caller discards it (a [`crate::output::Staging`] does on drop).
pub fn full(
    site: &LoadedSite,
    base_url: &str,
    sink: &dyn Sink,
    timings: &mut Timings,
    progress: &dyn Progress,
) -> Result<Built, Vec<Diagnostic>> {
    if site.has_errors() {
        return Err(site.errors());
    }
    let theme = SiteTheme::load(&site.root, &site.config, timings, progress)?;
    let sources = Sources {
        config: &site.config,
        guides: &site.guides,
        companies: &site.companies,
        theme: &theme,
        base_url,
    };
    run(
        &sources,
        &mut Cache::empty(),
        Scope::Edited(&[]),
        sink,
        timings,
        progress,
    )
}

/// The pages a build makes while the cache vouches for the rest: those
/// that read the edited guides and those a first look left; on a first
/// look, only the guides' own pages now and the rest owed (second).
fn pages_to_build(
    cx: &SiteContext,
    cache: &Cache,
    edited: &[usize],
    first_look: bool,
) -> (Vec<PageId>, Vec<PageId>) {
    let mut targets = PageId::affected_by(cx, edited);
    for id in cache.owed() {
        if !targets.contains(id) {
            targets.push(*id);
        }
    }
    if first_look {
        targets
            .into_iter()
            .partition(|id| matches!(id, PageId::Guide(_)))
    } else {
        (targets, Vec::new())
    }
}

/// The build: the site graph (reusing what `cache` computed for the
/// guides not in `scope`), then every page the cache cannot vouch for,
/// each built, rendered, link-checked and handed to `sink` in one parallel
/// pass, then the site files. With an empty cache that is every page;
/// nothing is kept once handed over unless the cache remembers, so a full
/// build's memory stays flat as sites grow. The cache takes this build's
/// output only when it succeeds; the sink may hold part of a failed one.
pub fn run(
    sources: &Sources,
    cache: &mut Cache,
    scope: Scope,
    sink: &dyn Sink,
    timings: &mut Timings,
    progress: &dyn Progress,
) -> Result<Built, Vec<Diagnostic>> {
    let urls = Urls::new(sources.base_url);
    let (edited, first_look) = match scope {
        Scope::Edited(edited) => (edited, false),
        Scope::FirstLook(edited) => (edited, true),
    };
    let cx = timings.track(progress, "site graph", 0, || {
        SiteContext::reusing(
            sources.config,
            sources.guides,
            sources.companies,
            &urls,
            cache.take_earlier(),
            edited,
        )
    });
    let cx = match cx {
        Ok(cx) => cx,
        Err(problems) => {
            cache.forget_pages();
            return Err(problems);
        }
    };
    let frames = match sources.theme.renderer.frames(&cx.site) {
        Ok(frames) => frames,
        Err(problem) => {
            cache.forget_pages();
            return Err(vec![problem]);
        }
    };
    let shape = cx.shape();
    let whole = !cache.vouches_for(shape);
    let (targets, owed) = if whole {
        (PageId::all(&cx), Vec::new())
    } else {
        pages_to_build(&cx, cache, edited, first_look)
    };
    // The site files and the set of files a link may point at need every
    // page's path; while the shape holds, that set is the cached output's.
    let page_paths: Vec<String> = if whole || owed.is_empty() {
        PageId::all(&cx).par_iter().map(|id| id.path(&cx)).collect()
    } else {
        Vec::new()
    };
    let known: HashSet<String> = if whole {
        page_paths
            .iter()
            .map(|p| crate::site::output_file(p))
            .chain(render::site_file_names(&sources.theme.theme, &page_paths))
            .collect()
    } else {
        HashSet::new()
    };
    let exists = |path: &str| {
        if whole {
            known.contains(path)
        } else {
            cache.has_file(path)
        }
    };

    let clock = StepClock::default();
    let write_failed = AtomicBool::new(false);
    let handed = AtomicUsize::new(0);
    let remembered = Mutex::new(Files::new());
    let put = |path: &str, bytes: Vec<u8>| -> Option<Diagnostic> {
        // The first failed write says why (disk full, permissions); the
        // thousands after it would only repeat it.
        if write_failed.load(Ordering::Relaxed) {
            return None;
        }
        let result = sink.put(path, &bytes).err();
        if result.is_some() && write_failed.swap(true, Ordering::Relaxed) {
            return None;
        }
        handed.fetch_add(1, Ordering::Relaxed);
        if cache.remembers() {
            remembered
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(path.to_string(), bytes);
        }
        result
    };
    let hashes = Mutex::new(HashMap::new());
    let rendered = AtomicUsize::new(0);
    let renderer = &sources.theme.renderer;
    let build_pages = || -> Vec<Diagnostic> {
        targets
            .par_iter()
            .flat_map_iter(|id| {
                let started = Instant::now();
                let page = id.build(&cx);
                let file = page.output_file();
                let hash = cache.remembers().then(|| cache::page_hash(&page));
                let built = StepClock::add(&clock.data, started);
                if let Some(hash) = hash {
                    let fresh = cache.holds(&file, hash);
                    hashes
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .insert(file.clone(), hash);
                    if fresh {
                        progress.step();
                        return Vec::new();
                    }
                }
                let html = match renderer.render(page, &frames) {
                    Ok(html) => html,
                    Err(problem) => return vec![problem],
                };
                rendered.fetch_add(1, Ordering::Relaxed);
                let done = StepClock::add(&clock.render, built);
                if cache.has_bytes(&file, &html) {
                    progress.step();
                    return Vec::new();
                }
                let mut problems = if file.ends_with(".html") {
                    crate::output::check_page(&file, &html, &exists, &urls)
                } else {
                    Vec::new()
                };
                let checked = StepClock::add(&clock.links, done);
                problems.extend(put(&file, html));
                StepClock::add(&clock.write, checked);
                progress.step();
                problems
            })
            .collect()
    };
    // The site-wide files (search index, data, sitemap) are made while the
    // pages stream: they need no page, and no page needs their bytes.
    let (mut problems, site_files): (Vec<Diagnostic>, Vec<(String, Vec<u8>)>) =
        timings.track(progress, "pages", targets.len(), || {
            if owed.is_empty() {
                rayon::join(build_pages, || {
                    render::site_files(&cx, &sources.theme.theme, &page_paths)
                })
            } else {
                (build_pages(), Vec::new())
            }
        });
    clock.report(timings);
    timings.track(progress, "write data", 0, || {
        problems.extend(
            site_files
                .into_par_iter()
                .filter(|(path, bytes)| !cache.has_bytes(path, bytes))
                .filter_map(|(path, bytes)| put(&path, bytes))
                .collect::<Vec<_>>(),
        )
    });
    let removed: Vec<String> = if whole {
        cache.files_but(&known)
    } else {
        Vec::new()
    };
    let remembered = remembered
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if !removed.is_empty() {
        // A page whose bytes held links where it did; a removed file can
        // break it all the same.
        problems.extend(cache.broken_links_in_kept(&remembered, &removed, &exists, &urls));
    }
    if !problems.is_empty() {
        cache.forget_pages();
        let mut problems = render::merge_page_errors(problems);
        problems.dedup_by(|a, b| a.message == b.message);
        return Err(problems);
    }
    let built = Built {
        pages: page_paths
            .iter()
            .filter(|path| crate::site::output_file(path).ends_with(".html"))
            .count(),
        files: handed.into_inner(),
        built: targets.len(),
        rendered: rendered.into_inner(),
        changed: remembered.keys().cloned().collect(),
        removed,
    };
    cache.commit(cache::Commit {
        earlier: cx.into_earlier(),
        files: remembered,
        removed: &built.removed,
        hashes: hashes
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
        shape,
        owed,
    });
    Ok(built)
}
