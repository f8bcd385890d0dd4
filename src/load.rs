//! content → parse → model: loads a site's guides with every diagnostic.

use crate::companies::CompanyIndex;
use crate::config::SiteConfig;
use crate::content::{self, LoadedFile};
use crate::diagnostic::{self, Diagnostic};
use crate::model::Guide;
use crate::parse::{self, Parsed};
use crate::progress::{Progress, Silent};
use crate::validate::{self, Placed};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Files or folders to read instead of the content dir.
    pub paths: Vec<PathBuf>,
    /// Include guides marked `draft = true`.
    pub drafts: bool,
}

/// A site's guides, in path order, and every problem found.
#[derive(Debug)]
pub struct LoadedSite {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub guides: Vec<Guide>,
    /// Every company the site knows: declared, guides' own, well known.
    pub companies: CompanyIndex,
    pub diagnostics: Vec<Diagnostic>,
    /// Guides marked `draft = true` that were left out (none with `--drafts`).
    pub drafts_left_out: usize,
}

impl LoadedSite {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The errors among the diagnostics.
    pub fn errors(&self) -> Vec<Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect()
    }
}

/// Reads site.toml under `root`, then every guide. A broken site.toml stops
/// here (nothing can be read right without it); any guide problem does not.
pub fn load(root: &Path, options: &LoadOptions) -> Result<LoadedSite, Vec<Diagnostic>> {
    load_reporting(root, options, &Silent)
}

/// [`load`], reporting a step per file read and per guide parsed.
pub fn load_reporting(
    root: &Path,
    options: &LoadOptions,
    progress: &dyn Progress,
) -> Result<LoadedSite, Vec<Diagnostic>> {
    let config = SiteConfig::load(root)?;
    let content_dir = root.join(&config.content_dir);
    let (files, mut diagnostics) = content::discover(&content_dir, &options.paths);
    progress.phase("read", files.len());
    let read: Vec<Result<LoadedFile, Diagnostic>> = content::read_many(files, |file| {
        let read = content::read(file);
        progress.step();
        read
    });
    let mut loaded: Vec<LoadedFile> = Vec::with_capacity(read.len());
    for file in read {
        match file {
            Ok(file) => loaded.push(file),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    progress.phase("parse and check", loaded.len());
    let (guides, companies, guide_diagnostics, drafts_left_out) =
        parse_all(&config, &loaded, options.drafts, progress);
    diagnostics.extend(guide_diagnostics);
    diagnostic::sort(&mut diagnostics);
    Ok(LoadedSite {
        root: root.to_path_buf(),
        config,
        guides,
        companies,
        diagnostics,
        drafts_left_out,
    })
}

/// Gives each guide without an `updated` date the time of the last commit
/// that changed its file, where the content dir's git history has one
/// (a file's modification time says only when it was last checked out).
/// One walk of the history serves every guide; with no git, or no
/// repository, the modification times stay. `build` runs it, as it
/// publishes the dates; `check`, `export` and `new` show none, so they
/// spawn no git.
pub fn date_from_history(content_dir: &Path, guides: &mut [Guide]) {
    if guides.iter().all(|g| g.updated.is_some()) {
        return;
    }
    let times = crate::as_of::git_commit_times(content_dir);
    date_from_commits(&times, guides.iter_mut());
}

/// [`date_from_history`] with the commit times already read (the dev
/// server reads them once per content dir, not on every save).
pub fn date_from_commits<'g>(
    times: &HashMap<String, i64>,
    guides: impl Iterator<Item = &'g mut Guide>,
) {
    use crate::as_of::{AsOf, AsOfSource};
    for guide in guides.filter(|g| g.updated.is_none()) {
        if let Some(&time) = times.get(&guide.source) {
            guide.as_of = Some(AsOf::from_unix(time, AsOfSource::Git));
        }
    }
}

/// One file's outcome: its guide (when company and role are known) and
/// every problem found in it, parse and per-guide checks alike.
#[derive(Clone, Debug)]
pub struct FileResult {
    pub guide: Option<parse::ParsedGuide>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The company index that level maps and offers are read against: the
/// site's declared companies plus every company a guide names.
pub fn company_index<'a>(
    config: &SiteConfig,
    named: impl IntoIterator<Item = &'a str>,
) -> CompanyIndex {
    config.company_index().with_companies(named)
}

/// Parses and checks one file on its own.
pub fn parse_file(file: &LoadedFile, companies: &CompanyIndex) -> FileResult {
    let Parsed {
        guide,
        mut diagnostics,
    } = parse::parse_guide(file, companies);
    if let Some(parsed) = &guide {
        diagnostics.extend(validate::check_guide(
            parsed,
            &file.text,
            &file.file.display,
        ));
    }
    FileResult { guide, diagnostics }
}

/// The site from per-file results in path order: drafts left out unless
/// asked for, slugs checked across files, diagnostics sorted.
pub fn assemble<'a>(
    results: impl IntoIterator<Item = (&'a LoadedFile, &'a FileResult)>,
    drafts: bool,
) -> (Vec<Guide>, Vec<Diagnostic>) {
    let (placed, diagnostics) = assemble_refs(results, drafts);
    let guides = placed.into_iter().map(|(_, guide)| guide.clone()).collect();
    (guides, diagnostics)
}

/// [`assemble`], each guide by reference beside its file: the dev server
/// copies only the guides that changed.
pub fn assemble_refs<'a>(
    results: impl IntoIterator<Item = (&'a LoadedFile, &'a FileResult)>,
    drafts: bool,
) -> (Vec<(&'a LoadedFile, &'a Guide)>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut files = Vec::new();
    let mut placed = Vec::new();
    for (file, result) in results {
        if result.guide.as_ref().is_some_and(|g| g.guide.draft) && !drafts {
            continue;
        }
        diagnostics.extend(result.diagnostics.iter().cloned());
        if let Some(parsed) = &result.guide {
            placed.push(Placed {
                parsed,
                file: &file.file.display,
                source: &file.text,
            });
            files.push(file);
        }
    }
    diagnostics.extend(validate::duplicate_slugs(&placed));
    let guides = files
        .into_iter()
        .zip(&placed)
        .map(|(file, p)| (file, &p.parsed.guide))
        .collect();
    (guides, diagnostics)
}

/// How many of `results` are drafts: left out of a site unless `--drafts`.
pub fn drafts_in<'a>(results: impl IntoIterator<Item = &'a FileResult>) -> usize {
    results
        .into_iter()
        .filter(|result| result.guide.as_ref().is_some_and(|g| g.guide.draft))
        .count()
}

/// Two passes: the companies every guide names make up the index that level
/// maps and offers are read against, then each file is parsed and checked.
/// Also says how many drafts were left out.
pub fn parse_all(
    config: &SiteConfig,
    files: &[LoadedFile],
    drafts: bool,
    progress: &dyn Progress,
) -> (Vec<Guide>, CompanyIndex, Vec<Diagnostic>, usize) {
    let named: Vec<String> = files.par_iter().filter_map(parse::company_named).collect();
    let companies = company_index(config, named.iter().map(String::as_str));
    let results: Vec<FileResult> = files
        .par_iter()
        .map(|file| {
            let result = parse_file(file, &companies);
            progress.step();
            result
        })
        .collect();
    let (guides, diagnostics) = assemble(files.iter().zip(&results), drafts);
    let left_out = if drafts { 0 } else { drafts_in(&results) };
    (guides, companies, diagnostics, left_out)
}
