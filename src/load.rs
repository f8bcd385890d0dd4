//! content → parse → model: loads a site's guides with every diagnostic.

use crate::companies::CompanyIndex;
use crate::config::SiteConfig;
use crate::content::{self, LoadedFile};
use crate::diagnostic::{self, Diagnostic};
use crate::model::Guide;
use crate::parse::{self, Parsed};
use crate::validate::{self, Placed};
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
}

impl LoadedSite {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads site.toml under `root`, then every guide. A broken site.toml stops
/// here (nothing can be read right without it); any guide problem does not.
pub fn load(root: &Path, options: &LoadOptions) -> Result<LoadedSite, Vec<Diagnostic>> {
    let config = SiteConfig::load(root)?;
    let content_dir = root.join(&config.content_dir);
    let (files, mut diagnostics) = content::discover(&content_dir, &options.paths);
    let mut loaded: Vec<LoadedFile> = Vec::with_capacity(files.len());
    for file in files {
        match content::read(file) {
            Ok(file) => loaded.push(file),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    let (guides, companies, guide_diagnostics) = parse_all(&config, &loaded, options.drafts);
    diagnostics.extend(guide_diagnostics);
    diagnostic::sort(&mut diagnostics);
    Ok(LoadedSite {
        root: root.to_path_buf(),
        config,
        guides,
        companies,
        diagnostics,
    })
}

/// Two passes: the companies every guide names make up the index that level
/// maps and offers are read against, then each file is parsed and checked.
pub fn parse_all(
    config: &SiteConfig,
    files: &[LoadedFile],
    drafts: bool,
) -> (Vec<Guide>, CompanyIndex, Vec<Diagnostic>) {
    let named: Vec<String> = files.iter().filter_map(parse::company_named).collect();
    let companies = config
        .company_index()
        .with_companies(named.iter().map(String::as_str));
    let mut diagnostics = Vec::new();
    let mut kept: Vec<(parse::ParsedGuide, &LoadedFile)> = Vec::new();
    for file in files {
        let Parsed {
            guide,
            diagnostics: found,
        } = parse::parse_guide(file, &companies);
        if guide.as_ref().is_some_and(|g| g.guide.draft) && !drafts {
            continue;
        }
        diagnostics.extend(found);
        if let Some(parsed) = guide {
            diagnostics.extend(validate::check_guide(
                &parsed,
                &file.text,
                &file.file.display,
            ));
            kept.push((parsed, file));
        }
    }
    let placed: Vec<Placed> = kept
        .iter()
        .map(|(parsed, file)| Placed {
            parsed,
            file: &file.file.display,
            source: &file.text,
        })
        .collect();
    diagnostics.extend(validate::duplicate_slugs(&placed));
    let guides = kept.into_iter().map(|(parsed, _)| parsed.guide).collect();
    (guides, companies, diagnostics)
}
