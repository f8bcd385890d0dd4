//! What a build may take from the last one, owned in one place. `build`
//! runs with [`Cache::empty`], which remembers nothing, so a full build's
//! memory stays flat however large the site. `serve` keeps a
//! [`Cache::remembering`] between edits: the last good output, a hash of
//! each page's data, and what the site context computed, so an edit
//! renders only the pages whose data changed. Everything in it describes
//! the same last good build; a failed build leaves the output and forgets
//! the rest, so the next builds every page again.

use crate::output::check_page;
use crate::render::Files;
use crate::site::urls::Urls;
use crate::site::{Body, Earlier, Page, PageId};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

pub struct Cache {
    remembers: bool,
    /// What the last site context computed, reused while it holds.
    earlier: Option<Earlier>,
    /// Output path → [`page_hash`], for the pages of `output`.
    hashes: HashMap<String, u64>,
    /// The last good output.
    output: Files,
    /// [`crate::site::SiteContext::shape`] of `output`.
    shape: Option<u64>,
    /// Pages a first look left for the next build: pages of the site
    /// `output` has, since the shape held.
    owed: Vec<PageId>,
}

/// What a successful build hands the cache.
pub(super) struct Commit<'a> {
    pub earlier: Earlier,
    /// Files whose bytes are new.
    pub files: Files,
    pub removed: &'a [String],
    /// The hash of every page whose data was built.
    pub hashes: HashMap<String, u64>,
    pub shape: u64,
    pub owed: Vec<PageId>,
}

impl Cache {
    /// Remembers nothing: every build builds every page.
    pub fn empty() -> Cache {
        Cache {
            remembers: false,
            ..Cache::remembering()
        }
    }

    /// Remembers each good build for the next.
    pub fn remembering() -> Cache {
        Cache {
            remembers: true,
            earlier: None,
            hashes: HashMap::new(),
            output: Files::new(),
            shape: None,
            owed: Vec::new(),
        }
    }

    /// The last good output.
    pub fn output(&self) -> &Files {
        &self.output
    }

    /// Whether pages were left for a later build.
    pub fn owes_pages(&self) -> bool {
        !self.owed.is_empty()
    }

    /// The next build builds every page: the theme, the config or the base
    /// URL changed, which no page hash covers.
    pub fn forget_pages(&mut self) {
        self.hashes.clear();
        self.owed.clear();
        self.earlier = None;
    }

    pub(super) fn remembers(&self) -> bool {
        self.remembers
    }

    pub(super) fn take_earlier(&mut self) -> Option<Earlier> {
        self.earlier.take().filter(|_| !self.hashes.is_empty())
    }

    /// Whether the pages a build does not name are as the last good build
    /// left them: a site of this shape, whose pages' data is known.
    pub(super) fn vouches_for(&self, shape: u64) -> bool {
        !self.hashes.is_empty() && self.shape == Some(shape)
    }

    pub(super) fn owed(&self) -> &[PageId] {
        &self.owed
    }

    pub(super) fn has_file(&self, path: &str) -> bool {
        self.output.contains_key(path)
    }

    /// Whether the page at `file` was built from data hashing to `hash`.
    pub(super) fn holds(&self, file: &str, hash: u64) -> bool {
        self.hashes.get(file) == Some(&hash) && self.output.contains_key(file)
    }

    pub(super) fn has_bytes(&self, path: &str, bytes: &[u8]) -> bool {
        self.output.get(path).is_some_and(|old| old == bytes)
    }

    /// The files of the last output not in `present`.
    pub(super) fn files_but(&self, present: &HashSet<String>) -> Vec<String> {
        self.output
            .keys()
            .filter(|path| !present.contains(*path))
            .cloned()
            .collect()
    }

    /// The broken links of the pages a build kept as they were (not in
    /// `changed`, not `removed`): a removed file can break them.
    pub(super) fn broken_links_in_kept(
        &self,
        changed: &Files,
        removed: &[String],
        exists: &(dyn Fn(&str) -> bool + Sync),
        urls: &Urls,
    ) -> Vec<crate::diagnostic::Diagnostic> {
        let removed: HashSet<&str> = removed.iter().map(String::as_str).collect();
        self.output
            .par_iter()
            .filter(|(path, _)| {
                path.ends_with(".html")
                    && !changed.contains_key(*path)
                    && !removed.contains(path.as_str())
            })
            .flat_map_iter(|(path, html)| check_page(path, html, exists, urls))
            .collect()
    }

    pub(super) fn commit(&mut self, commit: Commit) {
        if !self.remembers {
            return;
        }
        self.earlier = Some(commit.earlier);
        self.output.extend(commit.files);
        for path in commit.removed {
            self.output.remove(path);
            self.hashes.remove(path);
        }
        self.hashes.extend(commit.hashes);
        self.shape = Some(commit.shape);
        self.owed = commit.owed;
    }
}

/// A page's identity for re-rendering: its template and its whole data.
pub(super) fn page_hash(page: &Page) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    match &page.body {
        Body::Themed {
            template, context, ..
        } => {
            template.hash(&mut hasher);
            serde_json::to_vec(context)
                .unwrap_or_default()
                .hash(&mut hasher);
        }
        Body::Made(text) => text.hash(&mut hasher),
    }
    hasher.finish()
}
