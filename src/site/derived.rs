//! What the site graph derives from all the guides together: comparison
//! rows, guide cards, hub links, each company's pay and the company pairs.
//! It is owned data, so a later build of the same site can take it whole
//! (serve's cache keeps it between edits) and recompute only what an edit
//! reached: the changed guides' rows and cards, and the pairs when some
//! company's pay moved.

use super::currency::Converter;
use super::index::SiteIndex;
use super::urls::{Urls, paths};
use super::views;
use crate::model::Guide;
use rayon::prelude::*;
use std::collections::HashMap;

pub(super) struct Derived {
    /// Each guide's [`identity_of`].
    pub identities: Vec<u64>,
    /// Canonical company name → hub URL, for cross-links in prose.
    pub hubs: HashMap<String, String>,
    /// Every band as a comparison row: `rows[guide][band]`.
    pub rows: Vec<Vec<views::CompareRow>>,
    /// Every guide as hubs, home and search list it.
    pub cards: Vec<views::GuideCard>,
    /// Each company's pay for pairing: its highest band's total comp.
    pub pay: Vec<u64>,
    /// Company-vs-company pages (indexes into `index.companies`, shared role indexes).
    pub pairs: Vec<(usize, usize, Vec<usize>)>,
    /// For each company (index into `index.companies`), its pairs (indexes into `pairs`).
    pub pairs_of: Vec<Vec<usize>>,
}

/// Where a guide is: its slug, company, role and band regions. Everything a
/// comparison row or an index entry links to follows from it.
pub(super) fn identity_of(guide: &Guide) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    (&guide.slug, &guide.company, &guide.role).hash(&mut hasher);
    for band in &guide.bands {
        band.region.hash(&mut hasher);
    }
    hasher.finish()
}

fn rows_of(index: &SiteIndex, converter: &Converter, guide: usize) -> Vec<views::CompareRow> {
    (0..index.guides[guide].bands.len())
        .map(|band| views::compare_row(index, converter, guide, band))
        .collect()
}

/// Each company's highest total comp, in the display currency.
fn pay_of(index: &SiteIndex, rows: &[Vec<views::CompareRow>]) -> Vec<u64> {
    index
        .companies
        .iter()
        .map(|group| {
            group
                .guides
                .iter()
                .flat_map(|&g| rows[g].iter().map(|row| row.total_value))
                .max()
                .unwrap_or(0)
        })
        .collect()
}

/// The company pairs, and each company's pairs.
fn choose_pairs(index: &SiteIndex, per_company: usize, pay: &[u64]) -> Pairs {
    let pairs = index.company_pairs(per_company, pay);
    let mut pairs_of = vec![Vec::new(); index.companies.len()];
    for (i, (a, b, _)) in pairs.iter().enumerate() {
        pairs_of[*a].push(i);
        pairs_of[*b].push(i);
    }
    (pairs, pairs_of)
}

type Pairs = (Vec<(usize, usize, Vec<usize>)>, Vec<Vec<usize>>);

impl Derived {
    /// Everything, from the guides.
    pub fn compute(
        index: &SiteIndex,
        converter: &Converter,
        urls: &Urls,
        per_company: usize,
    ) -> Derived {
        let guides = index.guides;
        let hubs = index
            .companies
            .iter()
            .map(|group| (group.name.clone(), urls.link(&paths::company(&group.slug))))
            .collect();
        let rows: Vec<_> = (0..guides.len())
            .into_par_iter()
            .map(|g| rows_of(index, converter, g))
            .collect();
        let cards = (0..guides.len())
            .into_par_iter()
            .map(|g| views::guide_card(index, converter, g))
            .collect();
        let pay = pay_of(index, &rows);
        let (pairs, pairs_of) = choose_pairs(index, per_company, &pay);
        Derived {
            identities: guides.par_iter().map(identity_of).collect(),
            hubs,
            rows,
            cards,
            pay,
            pairs,
            pairs_of,
        }
    }

    /// This, after the guides in `changed` were edited in place (none
    /// moved: their identities held). Returns whether the pairs held too:
    /// then every page path is the one this had.
    pub fn update(
        mut self,
        index: &SiteIndex,
        converter: &Converter,
        per_company: usize,
        changed: &[usize],
    ) -> (Derived, bool) {
        for &g in changed {
            self.rows[g] = rows_of(index, converter, g);
            self.cards[g] = views::guide_card(index, converter, g);
        }
        let pay = pay_of(index, &self.rows);
        let same_pages = pay == self.pay;
        if !same_pages {
            (self.pairs, self.pairs_of) = choose_pairs(index, per_company, &pay);
            self.pay = pay;
        }
        (self, same_pages)
    }

    /// Whether `guides` are those this was made from, but for `changed`
    /// edited in place.
    pub fn holds_for(&self, guides: &[Guide], changed: &[usize]) -> bool {
        self.identities.len() == guides.len()
            && changed
                .iter()
                .all(|&g| self.identities[g] == identity_of(&guides[g]))
    }
}
