//! The site as the dev server keeps it between edits. An edit re-reads and
//! re-parses only the files it touched (all of them only when the set of
//! companies changes, since level maps and offers are read against it),
//! rebuilds the page graph, and re-renders only the pages whose context
//! changed. The parts are the ones a full build uses, so the result is the
//! same, byte for byte.

use super::watch::{Change, Watched};
use crate::config::SiteConfig;
use crate::content::{self, LoadedFile};
use crate::diagnostic::{self, Diagnostic};
use crate::load::{self, FileResult};
use crate::progress::{Progress, Silent};
use crate::render::theme::{self, Theme};
use crate::render::{Files, Renderer};
use crate::site::urls::Urls;
use crate::site::{self, Earlier, PageId, SiteContext};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// What one rebuild did.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub reparsed: usize,
    /// Pages whose data was built to see whether it changed.
    pub rebuilt: usize,
    pub rerendered: usize,
    /// Output paths written or changed.
    pub changed: Vec<String>,
    /// Output paths that no longer exist.
    pub removed: Vec<String>,
    /// The build succeeded (the output is new); else the last good one stays.
    pub ok: bool,
}

struct Source {
    file: Result<LoadedFile, Diagnostic>,
    stamp: Option<(SystemTime, u64)>,
    named: Option<String>,
    result: Option<FileResult>,
}

struct ThemeState {
    theme: Theme,
    renderer: Renderer,
}

pub struct DevSite {
    root: PathBuf,
    drafts: bool,
    base_url: String,
    config: Result<SiteConfig, Vec<Diagnostic>>,
    sources: BTreeMap<PathBuf, Source>,
    discover_problems: Vec<Diagnostic>,
    named: Vec<String>,
    theme: Result<ThemeState, Vec<Diagnostic>>,
    /// Output path → hash of the page's template and context, for the
    /// pages of `output` (whose bytes are reused while the hash holds).
    pages: HashMap<String, u64>,
    /// The last good output.
    output: Files,
    /// [`SiteContext::shape`] of the last good output.
    shape: Option<u64>,
    /// Pages the last rebuild left for [`DevSite::finish`].
    deferred: Option<Deferred>,
    /// The guides as last assembled, and the file of each.
    guides: Vec<crate::model::Guide>,
    /// Sources parsed again since `guides` was last assembled: a rebuild
    /// that stops at an error copies nothing, so its edits wait here.
    unsynced: HashSet<String>,
    /// Each guide's position in `guides`, by its source.
    guide_at: HashMap<String, usize>,
    guide_paths: Vec<PathBuf>,
    /// What the last rebuild's site context computed, reused while it holds.
    earlier: Option<Earlier>,
    /// Errors of the last rebuild (empty when it succeeded) and its warnings.
    problems: Vec<Diagnostic>,
    /// When each guide was last committed, read once per site.toml load:
    /// the guides' as-of dates follow the same rule as in `build`.
    commit_times: HashMap<String, i64>,
}

/// The places a site in `root` with `config` is read from, to watch. The
/// root itself is watched for its own entries: site.toml, and the folders
/// below appearing or disappearing.
pub fn watched_places(root: &Path, config: Option<&SiteConfig>) -> Vec<Watched> {
    let folder = |path: PathBuf, reread: Change| Watched {
        path,
        recursive: true,
        reread,
    };
    let mut places = vec![
        Watched {
            path: root.to_path_buf(),
            recursive: false,
            reread: Change::Config,
        },
        folder(root.join("templates"), Change::Theme),
        folder(root.join("static"), Change::Theme),
    ];
    if let Some(config) = config {
        places.push(folder(root.join(&config.content_dir), Change::Rescan));
        places.push(folder(
            root.join("themes").join(&config.theme),
            Change::Theme,
        ));
    }
    places
}

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

fn read_source(file: content::GuideFile) -> Source {
    let stamp = stamp(&file.path);
    let file = content::read(file);
    let named = file.as_ref().ok().and_then(crate::parse::company_named);
    Source {
        file,
        stamp,
        named,
        result: None,
    }
}

impl DevSite {
    /// Reads and builds the whole site. A site with errors still opens:
    /// `problems` says what is wrong and `output` stays empty.
    pub fn open(root: &Path, drafts: bool, base_url: &str) -> (DevSite, Report) {
        DevSite::open_reporting(root, drafts, base_url, &Silent)
    }

    /// [`DevSite::open`], reporting the first build's progress.
    pub fn open_reporting(
        root: &Path,
        drafts: bool,
        base_url: &str,
        progress: &dyn Progress,
    ) -> (DevSite, Report) {
        let mut site = DevSite {
            root: root.to_path_buf(),
            drafts,
            base_url: base_url.to_string(),
            config: Err(Vec::new()),
            sources: BTreeMap::new(),
            discover_problems: Vec::new(),
            named: Vec::new(),
            theme: Err(Vec::new()),
            pages: HashMap::new(),
            output: Files::new(),
            shape: None,
            deferred: None,
            guides: Vec::new(),
            unsynced: HashSet::new(),
            guide_at: HashMap::new(),
            guide_paths: Vec::new(),
            earlier: None,
            problems: Vec::new(),
            commit_times: HashMap::new(),
        };
        let report = site.apply_reporting(&[Change::Config], progress);
        (site, report)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn output(&self) -> &Files {
        &self.output
    }

    /// Errors (when the last rebuild failed) and warnings.
    pub fn problems(&self) -> &[Diagnostic] {
        &self.problems
    }

    /// Guides marked `draft = true` that are not served (none with `--drafts`).
    pub fn drafts_left_out(&self) -> usize {
        if self.drafts {
            return 0;
        }
        load::drafts_in(self.sources.values().filter_map(|s| s.result.as_ref()))
    }

    pub fn errors(&self) -> Vec<&Diagnostic> {
        self.problems.iter().filter(|d| d.is_error()).collect()
    }

    /// The places this site is read from, to watch.
    pub fn watched(&self) -> Vec<Watched> {
        watched_places(&self.root, self.config.as_ref().ok())
    }

    /// Where things live, for sorting watch events.
    pub fn layout(&self) -> super::watch::Layout {
        let mut theme_dirs = vec![self.root.join("templates"), self.root.join("static")];
        if let Ok(config) = &self.config {
            theme_dirs.push(self.root.join("themes").join(&config.theme));
        }
        super::watch::Layout {
            config: self.root.join(crate::config::CONFIG_FILE),
            content: self
                .content_dir()
                .unwrap_or_else(|| self.root.join("content")),
            theme_dirs,
        }
    }

    pub fn content_dir(&self) -> Option<PathBuf> {
        self.config
            .as_ref()
            .ok()
            .map(|c| self.root.join(&c.content_dir))
    }

    fn reload_all_sources(&mut self) {
        self.sources.clear();
        self.rescan();
    }

    /// Compares the content dir with what is known: new and changed files
    /// are read, vanished ones dropped.
    fn rescan(&mut self) {
        let Some(content_dir) = self.content_dir() else {
            return;
        };
        let (files, problems) = content::discover(&content_dir, &[]);
        self.discover_problems = problems;
        let present: std::collections::HashSet<PathBuf> =
            files.iter().map(|f| f.path.clone()).collect();
        self.sources.retain(|path, _| present.contains(path));
        let stale: Vec<content::GuideFile> = files
            .into_iter()
            .filter(|file| {
                !self
                    .sources
                    .get(&file.path)
                    .is_some_and(|s| s.stamp.is_some() && s.stamp == stamp(&file.path))
            })
            .collect();
        self.sources.extend(content::read_many(stale, |file| {
            (file.path.clone(), read_source(file))
        }));
    }

    fn reload_paths(&mut self, paths: &[PathBuf]) {
        let Some(content_dir) = self.content_dir() else {
            return;
        };
        for path in paths {
            if path.is_file() && path.extension().is_some_and(|e| e == "md") {
                let (files, _) = content::discover(&content_dir, std::slice::from_ref(path));
                for file in files {
                    self.sources.insert(file.path.clone(), read_source(file));
                }
            } else if !path.exists() {
                // A removed guide, or a removed folder and every guide in it.
                self.sources.retain(|known, _| !known.starts_with(path));
            }
        }
    }

    fn reload_theme(&mut self) {
        self.pages.clear();
        self.earlier = None;
        self.theme = match &self.config {
            Ok(config) => theme::load(&self.root, config).and_then(|theme| {
                Renderer::new(&theme).map(|renderer| ThemeState { theme, renderer })
            }),
            Err(_) => Err(Vec::new()),
        };
    }

    /// Applies changes, then rebuilds once everything they touch.
    pub fn apply(&mut self, changes: &[Change]) -> Report {
        let mut report = self.apply_first(changes);
        if let Some(rest) = self.finish() {
            report.rebuilt += rest.rebuilt;
            report.rerendered += rest.rerendered;
            report.changed.extend(rest.changed);
            report.removed.extend(rest.removed);
            report.ok &= rest.ok;
        }
        report
    }

    /// Whether [`DevSite::finish`] has pages to bring up to date.
    pub fn has_deferred(&self) -> bool {
        self.deferred.is_some()
    }

    /// Applies changes and rebuilds first the pages an author is looking
    /// at: after a content edit that keeps the site's shape, the guide's
    /// own page. The hubs, comparisons, catalogs and data files that show
    /// the guide among others wait for
    /// [`DevSite::finish`], so the browser can reload before they are done.
    pub fn apply_first(&mut self, changes: &[Change]) -> Report {
        self.apply_reporting(changes, &Silent)
    }

    fn apply_reporting(&mut self, changes: &[Change], progress: &dyn Progress) -> Report {
        for change in changes {
            match change {
                Change::Config => {
                    self.config = SiteConfig::load(&self.root);
                    self.commit_times = self
                        .content_dir()
                        .map(|dir| crate::as_of::git_commit_times(&dir))
                        .unwrap_or_default();
                    self.reload_all_sources();
                    self.reload_theme();
                }
                Change::Theme => self.reload_theme(),
                Change::Content(paths) => self.reload_paths(paths),
                Change::Rescan => self.rescan(),
            }
        }
        self.rebuild(progress)
    }

    fn rebuild(&mut self, progress: &dyn Progress) -> Report {
        let mut report = Report::default();
        let config = match &self.config {
            Ok(config) => config.clone(),
            Err(problems) => {
                self.problems = problems.clone();
                return report;
            }
        };
        let mut named: Vec<&str> = self
            .sources
            .values()
            .filter_map(|s| s.named.as_deref())
            .collect();
        named.sort_unstable();
        named.dedup();
        if !named
            .iter()
            .copied()
            .eq(self.named.iter().map(String::as_str))
        {
            self.named = named.into_iter().map(String::from).collect();
            // Another company set reads level maps and offers differently.
            for source in self.sources.values_mut() {
                source.result = None;
            }
        }
        let companies = load::company_index(&config, self.named.iter().map(String::as_str));
        let unparsed = self
            .sources
            .values()
            .filter(|s| s.file.is_ok() && s.result.is_none())
            .count();
        progress.phase("parse and check", unparsed);
        // In parallel: the first build and a company-set change parse every guide.
        let parsed: Vec<Option<String>> = self
            .sources
            .par_iter_mut()
            .filter_map(|(_, source)| {
                let (Ok(file), None) = (&source.file, &source.result) else {
                    return None;
                };
                let result = load::parse_file(file, &companies);
                let parsed = result.guide.as_ref().map(|g| g.guide.source.clone());
                source.result = Some(result);
                progress.step();
                Some(parsed)
            })
            .collect();
        report.reparsed = parsed.len();
        self.unsynced.extend(parsed.into_iter().flatten());
        let mut problems: Vec<Diagnostic> = self.discover_problems.clone();
        problems.extend(
            self.sources
                .values()
                .filter_map(|s| s.file.as_ref().err().cloned()),
        );
        let results = self
            .sources
            .values()
            .filter_map(|s| Some((s.file.as_ref().ok()?, s.result.as_ref()?)));
        let (placed, found) = load::assemble_refs(results, self.drafts);
        problems.extend(found);
        diagnostic::sort(&mut problems);
        if problems.iter().any(Diagnostic::is_error) {
            self.problems = problems;
            return report;
        }
        // Copy only the guides parsed again, while the files are the same.
        let same_files = placed
            .iter()
            .map(|(f, _)| &f.file.path)
            .eq(self.guide_paths.iter());
        let edited: Vec<usize> = if same_files {
            let mut edited: Vec<usize> = self
                .unsynced
                .iter()
                .filter_map(|source| self.guide_at.get(source).copied())
                .collect();
            edited.sort_unstable();
            for &g in &edited {
                self.guides[g] = placed[g].1.clone();
                load::date_from_commits(&self.commit_times, std::iter::once(&mut self.guides[g]));
            }
            edited
        } else {
            self.guides = placed.iter().map(|(_, g)| (*g).clone()).collect();
            load::date_from_commits(&self.commit_times, self.guides.iter_mut());
            self.guide_paths = placed.iter().map(|(f, _)| f.file.path.clone()).collect();
            self.guide_at = (self.guides.iter().enumerate())
                .map(|(g, guide)| (guide.source.clone(), g))
                .collect();
            (0..self.guides.len()).collect()
        };
        self.unsynced.clear();
        self.problems = problems;
        let reuse = Reuse {
            edited,
            earlier: self.earlier.take().filter(|_| !self.pages.is_empty()),
        };
        let update = self.render(
            &config,
            &self.guides,
            &companies,
            reuse,
            &mut report,
            progress,
        );
        let committed = match update {
            Ok(update) => {
                let deferred = (!update.deferred.is_empty()).then(|| Deferred {
                    pages: update.deferred.clone(),
                    companies,
                });
                let committed = self.commit(update, &mut report);
                if committed {
                    self.deferred = deferred;
                }
                committed
            }
            Err(errors) => {
                self.problems.extend(errors);
                false
            }
        };
        if !committed {
            // The guides moved on without the output: owed pages can no
            // longer be named, so the next good rebuild builds everything.
            self.pages.clear();
            self.deferred = None;
        }
        report
    }

    /// Builds the pages [`DevSite::apply_first`] left for later; `None`
    /// when there were none.
    pub fn finish(&mut self) -> Option<Report> {
        let deferred = self.deferred.take()?;
        let mut report = Report::default();
        let (Ok(config), Ok(state)) = (&self.config, &self.theme) else {
            return Some(report);
        };
        let urls = Urls::new(&self.base_url);
        let earlier = self.earlier.take();
        let built = SiteContext::reusing(
            config,
            &self.guides,
            &deferred.companies,
            &urls,
            earlier,
            &[],
        )
        .and_then(|cx| {
            let page_paths: Vec<String> =
                PageId::all(&cx).par_iter().map(|id| id.path(&cx)).collect();
            let plan = Plan {
                targets: deferred.pages.clone(),
                deferred: Vec::new(),
                page_paths,
                shape: cx.shape(),
            };
            self.update(&cx, state, plan, &mut report, &Silent)
                .map(|update| update.with_earlier(cx))
        });
        match built {
            Ok(update) => {
                self.commit(update, &mut report);
            }
            Err(errors) => {
                self.problems.extend(errors);
                // Try again after the next edit.
                self.deferred = Some(deferred);
            }
        }
        Some(report)
    }

    /// Makes `update` the last good output if its links resolve.
    fn commit(&mut self, mut update: Update, report: &mut Report) -> bool {
        // The earlier context follows the guides as parsed, whether or not this output
        // is taken.
        self.earlier = update.earlier.take();
        let broken = self.check_links(&update);
        if !broken.is_empty() {
            self.problems.extend(broken);
            return false;
        }
        // The output and the hashes that describe it change only together.
        report.changed = update.files.keys().cloned().collect();
        report.removed = update.removed;
        self.output.extend(update.files);
        for path in &report.removed {
            self.output.remove(path);
            self.pages.remove(path);
        }
        self.pages.extend(update.hashes);
        self.shape = Some(update.shape);
        report.ok = true;
        true
    }

    /// The broken links of a rebuild. A page whose bytes did not change
    /// links where it did before; only a removed file can break it, and
    /// then every page is checked.
    fn check_links(&self, update: &Update) -> Vec<Diagnostic> {
        let urls = Urls::new(&self.base_url);
        let removed: HashSet<&str> = update.removed.iter().map(String::as_str).collect();
        let exists = |path: &str| {
            update.files.contains_key(path)
                || (self.output.contains_key(path) && !removed.contains(path))
        };
        let bytes_of = |path: &str| update.files.get(path).or_else(|| self.output.get(path));
        let pages: Vec<&String> = if removed.is_empty() && !self.output.is_empty() {
            update.files.keys().collect()
        } else {
            self.output
                .keys()
                .chain(update.files.keys())
                .filter(|path| !removed.contains(path.as_str()))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect()
        };
        pages
            .into_par_iter()
            .filter(|path| path.ends_with(".html"))
            .flat_map_iter(|path| {
                let html = bytes_of(path).map_or(&[][..], |b| b);
                crate::output::check_page(path, html, &exists, &urls)
            })
            .collect()
    }

    /// Builds the data of the pages this rebuild can have changed (all of
    /// them unless the site's shape held), renders those whose data did
    /// change, and makes the site files; returns what differs from the
    /// last good output, not yet link-checked.
    fn render(
        &self,
        config: &SiteConfig,
        guides: &[crate::model::Guide],
        companies: &crate::companies::CompanyIndex,
        reuse: Reuse,
        report: &mut Report,
        progress: &dyn Progress,
    ) -> Result<Update, Vec<Diagnostic>> {
        let state = self.theme.as_ref().map_err(Clone::clone)?;
        let urls = Urls::new(&self.base_url);
        progress.phase("page data", 0);
        let cx = SiteContext::reusing(
            config,
            guides,
            companies,
            &urls,
            reuse.earlier,
            &reuse.edited,
        )?;
        let shape = cx.shape();
        let all_paths = |ids: &[PageId]| ids.par_iter().map(|id| id.path(&cx)).collect();
        if self.pages.is_empty() || self.shape != Some(shape) {
            let ids = PageId::all(&cx);
            let page_paths = all_paths(&ids);
            let plan = Plan {
                targets: ids,
                deferred: Vec::new(),
                page_paths,
                shape,
            };
            let update = self.update(&cx, state, plan, report, progress)?;
            return Ok(update.with_earlier(cx));
        }
        let (near, mut far): (Vec<PageId>, Vec<PageId>) = PageId::affected_by(&cx, &reuse.edited)
            .into_iter()
            .partition(|id| matches!(id, PageId::Guide(_)));
        // Pages an earlier edit left for later are still owed.
        for id in self.deferred.iter().flat_map(|d| &d.pages) {
            if !far.contains(id) {
                far.push(*id);
            }
        }
        // The site files, made only once nothing is deferred, need every page's path.
        let page_paths = if far.is_empty() {
            all_paths(&PageId::all(&cx))
        } else {
            Vec::new()
        };
        let plan = Plan {
            targets: near,
            deferred: far,
            page_paths,
            shape,
        };
        let update = self.update(&cx, state, plan, report, progress)?;
        Ok(update.with_earlier(cx))
    }

    /// Builds the data of `targets`, renders the pages whose data changed
    /// and, unless some targets are left for [`DevSite::finish`], the site
    /// files; returns what differs from the last good output.
    fn update(
        &self,
        cx: &SiteContext,
        state: &ThemeState,
        plan: Plan,
        report: &mut Report,
        progress: &dyn Progress,
    ) -> Result<Update, Vec<Diagnostic>> {
        let Plan {
            targets,
            deferred,
            page_paths,
            shape,
        } = plan;
        report.rebuilt = targets.len();
        let built: Vec<(String, u64, Option<site::Page>)> = targets
            .into_par_iter()
            .map(|id| {
                let page = id.build(cx);
                let file = page.output_file();
                let hash = page_hash(&page);
                let fresh = self.pages.get(&file) == Some(&hash) && self.output.contains_key(&file);
                (file, hash, (!fresh).then_some(page))
            })
            .collect();
        let mut hashes = HashMap::with_capacity(built.len());
        let mut stale = Vec::new();
        for (file, hash, page) in built {
            hashes.insert(file, hash);
            stale.extend(page);
        }
        report.rerendered = stale.len();
        progress.phase("render", stale.len());
        let mut files: Files = crate::render::render_pages(&state.renderer, stale, progress)?
            .into_iter()
            .collect();
        if !deferred.is_empty() {
            // The site files aggregate every guide: they come with the
            // deferred pages. The set of pages is the same (the shape held).
            files.retain(|path, bytes| self.output.get(path) != Some(bytes));
            return Ok(Update {
                files,
                removed: Vec::new(),
                hashes,
                shape,
                deferred,
                earlier: None,
            });
        }
        let site_files = crate::render::site_files(cx, &state.theme, &page_paths);
        let present: HashSet<String> = page_paths
            .iter()
            .map(|path| site::output_file(path))
            .chain(site_files.iter().map(|(path, _)| path.clone()))
            .collect();
        files.extend(site_files);
        files.retain(|path, bytes| self.output.get(path) != Some(bytes));
        let removed = self
            .output
            .keys()
            .filter(|path| !present.contains(*path))
            .cloned()
            .collect();
        Ok(Update {
            files,
            removed,
            hashes,
            shape,
            deferred: Vec::new(),
            earlier: None,
        })
    }
}

/// What one rebuild step builds.
struct Plan {
    /// Pages whose data is built now.
    targets: Vec<PageId>,
    /// Pages left for [`DevSite::finish`], with the site files.
    deferred: Vec<PageId>,
    /// Every page's site path; empty while pages are deferred.
    page_paths: Vec<String>,
    shape: u64,
}

/// What a rebuild changes in the last good output.
struct Update {
    /// Files whose bytes are new.
    files: Files,
    /// Files that are gone.
    removed: Vec<String>,
    /// The hashes of every page whose data was built.
    hashes: HashMap<String, u64>,
    /// The site's shape, for the next rebuild.
    shape: u64,
    /// Pages left for [`DevSite::finish`].
    deferred: Vec<PageId>,
    /// What the site context computed, for the next rebuild.
    earlier: Option<Earlier>,
}

impl Update {
    fn with_earlier(mut self, cx: SiteContext) -> Update {
        self.earlier = Some(cx.into_earlier());
        self
    }
}

/// What a rebuild can take from the last one.
struct Reuse {
    /// Guides (indexes) parsed again since.
    edited: Vec<usize>,
    /// What the last rebuild's site context computed.
    earlier: Option<Earlier>,
}

/// What [`DevSite::apply_first`] left: pages of the site it built from
/// the current guides.
struct Deferred {
    pages: Vec<PageId>,
    companies: crate::companies::CompanyIndex,
}

/// A page's identity for re-rendering: its template and its whole context.
fn page_hash(page: &site::Page) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    page.template.hash(&mut hasher);
    serde_json::to_vec(&page.context)
        .unwrap_or_default()
        .hash(&mut hasher);
    hasher.finish()
}
