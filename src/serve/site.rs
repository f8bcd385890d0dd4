//! The site as the dev server keeps it between edits: its sources (config,
//! files, parsed guides, theme), a [`Cache`] of the last good build and the
//! [`Mirror`] it is served from. An edit re-reads and re-parses only the
//! files it touched (all of them only when the set of companies changes,
//! since level maps and offers are read against it), then runs the one
//! build pipeline ([`crate::build::run`]) with the cache, which renders
//! only the pages whose data changed: the result is a full build's, byte
//! for byte.

use super::mirror::{Mirror, NoMirror};
use super::watch::{Change, Watched};
use crate::build::{self, Cache, Scope, SiteTheme, Sources};
use crate::companies::CompanyIndex;
use crate::config::SiteConfig;
use crate::content::{self, LoadedFile};
use crate::diagnostic::{self, Code, Diagnostic};
use crate::load::{self, FileResult};
use crate::output::Sink;
use crate::progress::{Progress, Silent, Timings};
use crate::render::Files;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
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

pub struct DevSite {
    root: PathBuf,
    drafts: bool,
    base_url: String,
    config: Result<SiteConfig, Vec<Diagnostic>>,
    sources: BTreeMap<PathBuf, Source>,
    discover_problems: Vec<Diagnostic>,
    named: Vec<String>,
    companies: CompanyIndex,
    theme: Result<SiteTheme, Vec<Diagnostic>>,
    /// The guides as last assembled, and the file of each.
    guides: Vec<crate::model::Guide>,
    /// Sources parsed again since `guides` was last assembled: a rebuild
    /// that stops at an error copies nothing, so its edits wait here.
    unsynced: HashSet<String>,
    /// Each guide's position in `guides`, by its source.
    guide_at: HashMap<String, usize>,
    guide_paths: Vec<PathBuf>,
    /// When each guide was last committed, read once per site.toml load:
    /// the guides' as-of dates follow the same rule as in `build`.
    commit_times: HashMap<String, i64>,
    /// What the next build may take from the last good one.
    cache: Cache,
    /// Where the last good build is served from; `None` keeps it in the cache only.
    mirror: Option<Mirror>,
    /// Errors of the last rebuild (empty when it succeeded) and its warnings.
    problems: Vec<Diagnostic>,
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
    /// Reads and builds the whole site, keeping its output in memory only.
    /// A site with errors still opens: `problems` says what is wrong and
    /// `output` stays empty.
    pub fn open(root: &Path, drafts: bool, base_url: &str) -> (DevSite, Report) {
        DevSite::open_into(root, drafts, base_url, None, &Silent)
    }

    /// [`DevSite::open`], serving from `mirror` (an empty folder) and
    /// reporting the first build's progress.
    pub fn open_into(
        root: &Path,
        drafts: bool,
        base_url: &str,
        mirror: Option<&Path>,
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
            companies: CompanyIndex::default(),
            theme: Err(Vec::new()),
            guides: Vec::new(),
            unsynced: HashSet::new(),
            guide_at: HashMap::new(),
            guide_paths: Vec::new(),
            commit_times: HashMap::new(),
            cache: Cache::remembering(),
            mirror: mirror.map(Mirror::new),
            problems: Vec::new(),
        };
        let report = site.apply_reporting(&[Change::Config], progress);
        (site, report)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The last good output.
    pub fn output(&self) -> &Files {
        self.cache.output()
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
        self.cache.forget_pages();
        self.theme = match &self.config {
            Ok(config) => SiteTheme::load(&self.root, config, &mut Timings::default(), &Silent),
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
        self.cache.owes_pages()
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

    /// Parses what changed and brings `guides` up to date with it; then
    /// builds, first look first. Nothing is built while a guide has errors.
    fn rebuild(&mut self, progress: &dyn Progress) -> Report {
        let mut report = Report::default();
        let config = match &self.config {
            Ok(config) => config,
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
        self.companies = load::company_index(config, self.named.iter().map(String::as_str));
        let companies = &self.companies;
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
                let result = load::parse_file(file, companies);
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
        self.build(Scope::FirstLook(&edited), &mut report, progress);
        report
    }

    /// Builds the pages [`DevSite::apply_first`] left for later; `None`
    /// when there were none.
    pub fn finish(&mut self) -> Option<Report> {
        if !self.cache.owes_pages() {
            return None;
        }
        let mut report = Report::default();
        self.build(Scope::Edited(&[]), &mut report, &Silent);
        Some(report)
    }

    /// Runs the build pipeline over the guides as they are, into the
    /// mirror; only a build that succeeds is served.
    fn build(&mut self, scope: Scope, report: &mut Report, progress: &dyn Progress) {
        let (Ok(config), Ok(theme)) = (&self.config, &self.theme) else {
            if let Err(errors) = &self.theme {
                self.problems.extend(errors.iter().cloned());
            }
            self.cache.forget_pages();
            return;
        };
        let sources = Sources {
            config,
            guides: &self.guides,
            companies: &self.companies,
            theme,
            base_url: &self.base_url,
        };
        let sink: &dyn Sink = match &self.mirror {
            Some(mirror) => mirror,
            None => &NoMirror,
        };
        let built = build::run(
            &sources,
            &mut self.cache,
            scope,
            sink,
            &mut Timings::default(),
            progress,
        );
        match built {
            Ok(built) => {
                if let Some(mirror) = &self.mirror
                    && let Err(err) = mirror.commit(&built.removed)
                {
                    self.problems.push(
                        Diagnostic::new(
                            Code::Serve,
                            "serve",
                            format!("cannot update the served files: {err}"),
                        )
                        .help("check the space and permissions of TMPDIR"),
                    );
                }
                report.rebuilt = built.built;
                report.rerendered = built.rendered;
                report.changed = built.changed;
                report.removed = built.removed;
                report.ok = true;
            }
            Err(errors) => {
                if let Some(mirror) = &self.mirror {
                    mirror.discard();
                }
                self.problems.extend(errors);
            }
        }
    }
}
