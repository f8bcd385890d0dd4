//! The site as the dev server keeps it between edits. An edit re-reads and
//! re-parses only the files it touched (all of them only when the set of
//! companies changes, since level maps and offers are read against it),
//! rebuilds the page graph, and re-renders only the pages whose context
//! changed. The parts are the ones a full build uses, so the result is the
//! same, byte for byte.

use crate::build::{Progress, Silent};
use crate::config::SiteConfig;
use crate::content::{self, LoadedFile};
use crate::diagnostic::{self, Diagnostic};
use crate::load::{self, FileResult};
use crate::render::theme::{self, Theme};
use crate::render::{Files, Renderer};
use crate::site::urls::Urls;
use crate::site::{self, SiteContext};
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// What changed on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// site.toml: everything is read again.
    Config,
    /// Templates or static files of the theme or the site.
    Theme,
    /// These content paths were written, created, renamed or removed.
    Content(Vec<PathBuf>),
    /// Something in the content dir that is not one guide (a folder moved,
    /// many files at once): compare the whole dir with what is known.
    Rescan,
}

/// What one rebuild did.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub reparsed: usize,
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
    /// Errors of the last rebuild (empty when it succeeded) and its warnings.
    problems: Vec<Diagnostic>,
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
            problems: Vec::new(),
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

    pub fn errors(&self) -> Vec<&Diagnostic> {
        self.problems.iter().filter(|d| d.is_error()).collect()
    }

    /// The folders and files worth watching.
    pub fn watched(&self) -> Vec<PathBuf> {
        let mut paths = vec![
            self.root.join(crate::config::CONFIG_FILE),
            self.root.join("templates"),
            self.root.join("static"),
        ];
        if let Ok(config) = &self.config {
            paths.push(self.root.join(&config.content_dir));
            paths.push(self.root.join("themes").join(&config.theme));
        }
        paths
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
        for file in files {
            let unchanged = self
                .sources
                .get(&file.path)
                .is_some_and(|s| s.stamp.is_some() && s.stamp == stamp(&file.path));
            if !unchanged {
                self.sources.insert(file.path.clone(), read_source(file));
            }
        }
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
        self.theme = match &self.config {
            Ok(config) => theme::load(&self.root, config).and_then(|theme| {
                Renderer::new(&theme).map(|renderer| ThemeState { theme, renderer })
            }),
            Err(_) => Err(Vec::new()),
        };
    }

    /// Applies changes, then rebuilds once what they touch.
    pub fn apply(&mut self, changes: &[Change]) -> Report {
        self.apply_reporting(changes, &Silent)
    }

    fn apply_reporting(&mut self, changes: &[Change], progress: &dyn Progress) -> Report {
        for change in changes {
            match change {
                Change::Config => {
                    self.config = SiteConfig::load(&self.root);
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
        let mut named: Vec<String> = self
            .sources
            .values()
            .filter_map(|s| s.named.clone())
            .collect();
        named.sort();
        named.dedup();
        if named != self.named {
            // Another company set reads level maps and offers differently.
            for source in self.sources.values_mut() {
                source.result = None;
            }
            self.named = named;
        }
        let companies = load::company_index(&config, self.named.iter().map(String::as_str));
        let unparsed = self
            .sources
            .values()
            .filter(|s| s.file.is_ok() && s.result.is_none())
            .count();
        progress.phase("parse and check", unparsed);
        for source in self.sources.values_mut() {
            if let (Ok(file), None) = (&source.file, &source.result) {
                source.result = Some(load::parse_file(file, &companies));
                report.reparsed += 1;
                progress.step();
            }
        }
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
        let (guides, found) = load::assemble(results, self.drafts);
        problems.extend(found);
        diagnostic::sort(&mut problems);
        self.problems = problems;
        if self.problems.iter().any(Diagnostic::is_error) {
            return report;
        }
        let (files, hashes) = match self.render(&config, &guides, &companies, &mut report, progress)
        {
            Ok(rendered) => rendered,
            Err(errors) => {
                self.problems.extend(errors);
                return report;
            }
        };
        report.changed = files
            .iter()
            .filter(|(path, bytes)| self.output.get(*path) != Some(*bytes))
            .map(|(path, _)| path.clone())
            .collect();
        report.removed = self
            .output
            .keys()
            .filter(|p| !files.contains_key(*p))
            .cloned()
            .collect();
        // A page whose bytes did not change links where it did before; only
        // a removed file can break it, and then every page is checked.
        let urls = Urls::new(&self.base_url);
        progress.phase("link check", 0);
        let broken = if report.removed.is_empty() && !self.output.is_empty() {
            crate::output::check_pages(&files, report.changed.iter(), &urls)
        } else {
            crate::output::check_links(&files, &urls)
        };
        if !broken.is_empty() {
            self.problems.extend(broken);
            report.changed.clear();
            report.removed.clear();
            return report;
        }
        // The hashes describe the output: they change only together.
        self.output = files;
        self.pages = hashes;
        report.ok = true;
        report
    }

    /// Renders the pages whose context changed since the last good output
    /// and takes the others' bytes from it; returns the files (not yet
    /// link-checked) and every page's hash.
    fn render(
        &self,
        config: &SiteConfig,
        guides: &[crate::model::Guide],
        companies: &crate::companies::CompanyIndex,
        report: &mut Report,
        progress: &dyn Progress,
    ) -> Result<(Files, HashMap<String, u64>), Vec<Diagnostic>> {
        let state = self.theme.as_ref().map_err(Clone::clone)?;
        let urls = Urls::new(&self.base_url);
        progress.phase("page data", 0);
        let cx = SiteContext::new(config, guides, companies, &urls)?;
        let pages = site::pages(&cx);
        let hashes: HashMap<String, u64> = pages
            .iter()
            .map(|page| (page.output_file(), page_hash(page)))
            .collect();
        let stale: Vec<&site::Page> = pages
            .iter()
            .filter(|page| {
                let path = page.output_file();
                self.pages.get(&path) != hashes.get(&path) || !self.output.contains_key(&path)
            })
            .collect();
        report.rerendered = stale.len();
        progress.phase("render", stale.len());
        let mut files: Files = crate::render::render_pages(&state.renderer, &stale, progress)?
            .into_iter()
            .collect();
        for page in &pages {
            let path = page.output_file();
            if !files.contains_key(&path)
                && let Some(bytes) = self.output.get(&path)
            {
                files.insert(path, bytes.clone());
            }
        }
        crate::render::add_site_files(&mut files, &cx, &state.theme, &pages);
        Ok((files, hashes))
    }
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
