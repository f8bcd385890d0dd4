//! Who is where: guides grouped by company, role and region, computed once
//! and shared by every page builder.

use super::urls::{Link, Urls, paths};
use crate::model::Guide;
use crate::slug::slugify;
use std::collections::{BTreeMap, HashMap};

/// Guides under one key (a company, a role), in a stable order.
#[derive(Clone, Debug)]
pub struct Group {
    pub slug: String,
    pub name: String,
    pub guides: Vec<usize>,
}

/// Band rows under one region: (guide index, band index).
#[derive(Clone, Debug)]
pub struct RegionGroup {
    pub slug: String,
    pub name: String,
    pub bands: Vec<(usize, usize)>,
}

pub struct SiteIndex<'a> {
    pub guides: &'a [Guide],
    pub urls: &'a Urls,
    pub companies: Vec<Group>,
    pub roles: Vec<Group>,
    pub regions: Vec<RegionGroup>,
    company_by_name: HashMap<String, usize>,
    role_by_slug: HashMap<String, usize>,
    region_by_slug: HashMap<String, usize>,
}

/// A [`SiteIndex`] without the guides it indexes, kept between rebuilds:
/// it follows from which guides exist where (their identity) alone, so it
/// holds for any guides of the same identity.
pub struct IndexParts {
    companies: Vec<Group>,
    roles: Vec<Group>,
    regions: Vec<RegionGroup>,
    company_by_name: HashMap<String, usize>,
    role_by_slug: HashMap<String, usize>,
    region_by_slug: HashMap<String, usize>,
}

fn grouped(guides: &[Guide], key: impl Fn(&Guide) -> (String, String)) -> Vec<Group> {
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    for (i, guide) in guides.iter().enumerate() {
        let (slug, name) = key(guide);
        groups
            .entry(slug.clone())
            .or_insert_with(|| Group {
                slug,
                name,
                guides: Vec::new(),
            })
            .guides
            .push(i);
    }
    let mut groups: Vec<Group> = groups.into_values().collect();
    for group in &mut groups {
        group.guides.sort_by(|&a, &b| {
            (&guides[a].company, &guides[a].role).cmp(&(&guides[b].company, &guides[b].role))
        });
    }
    groups.sort_by_key(|a| a.name.to_lowercase());
    groups
}

impl<'a> SiteIndex<'a> {
    pub fn new(guides: &'a [Guide], urls: &'a Urls) -> SiteIndex<'a> {
        let companies = grouped(guides, |g| {
            (g.company_slug().to_string(), g.company.clone())
        });
        let roles = grouped(guides, |g| (g.role_slug().to_string(), g.role.clone()));
        let mut regions: BTreeMap<String, RegionGroup> = BTreeMap::new();
        for (gi, guide) in guides.iter().enumerate() {
            for (bi, band) in guide.bands.iter().enumerate() {
                let slug = slugify(&band.region);
                if slug.is_empty() {
                    continue;
                }
                regions
                    .entry(slug.clone())
                    .or_insert_with(|| RegionGroup {
                        slug,
                        name: band.region.clone(),
                        bands: Vec::new(),
                    })
                    .bands
                    .push((gi, bi));
            }
        }
        let mut regions: Vec<RegionGroup> = regions.into_values().collect();
        regions.sort_by_key(|a| a.name.to_lowercase());
        let company_by_name = companies
            .iter()
            .enumerate()
            .map(|(i, g)| (g.name.clone(), i))
            .collect();
        let role_by_slug = roles
            .iter()
            .enumerate()
            .map(|(i, g)| (g.slug.clone(), i))
            .collect();
        let region_by_slug = regions
            .iter()
            .enumerate()
            .map(|(i, g)| (g.slug.clone(), i))
            .collect();
        SiteIndex {
            guides,
            urls,
            companies,
            roles,
            regions,
            company_by_name,
            role_by_slug,
            region_by_slug,
        }
    }

    /// The index without its guides, for [`SiteIndex::from_parts`].
    pub fn into_parts(self) -> IndexParts {
        IndexParts {
            companies: self.companies,
            roles: self.roles,
            regions: self.regions,
            company_by_name: self.company_by_name,
            role_by_slug: self.role_by_slug,
            region_by_slug: self.region_by_slug,
        }
    }

    /// The index of `guides` from the parts of an index of guides with the
    /// same identity.
    pub fn from_parts(guides: &'a [Guide], urls: &'a Urls, parts: IndexParts) -> SiteIndex<'a> {
        SiteIndex {
            guides,
            urls,
            companies: parts.companies,
            roles: parts.roles,
            regions: parts.regions,
            company_by_name: parts.company_by_name,
            role_by_slug: parts.role_by_slug,
            region_by_slug: parts.region_by_slug,
        }
    }

    /// A company's name, linked to its hub when it has one.
    pub fn company(&self, name: &str) -> Link {
        let url = self
            .company_by_name
            .get(name)
            .map(|&i| self.urls.link(&paths::company(&self.companies[i].slug)));
        Link::new(name, url)
    }

    pub fn role(&self, guide: &Guide) -> Link {
        let url = self
            .role_by_slug
            .get(guide.role_slug())
            .map(|_| self.urls.link(&paths::role(guide.role_slug())));
        Link::new(&guide.role, url)
    }

    pub fn region(&self, name: &str) -> Link {
        let url = self
            .region_by_slug
            .get(&slugify(name))
            .map(|_| self.urls.link(&paths::region(name)));
        Link::new(name, url)
    }

    pub fn guide(&self, index: usize) -> Link {
        let guide = &self.guides[index];
        Link::new(
            &format!("{} at {}", guide.role, guide.company),
            Some(self.urls.link(&paths::guide(&guide.slug))),
        )
    }

    /// Pairs of companies that share a role, each pair once, in slug order:
    /// (company a, company b, the roles they share). No company is in more
    /// than `per_company` pairs, so the count grows with companies, not with
    /// their square: pairs sharing the most roles come first, then those
    /// closest in pay (`pay[c]`, any one figure per company), which spreads
    /// the pages over peers instead of piling them on one company.
    pub fn company_pairs(
        &self,
        per_company: usize,
        pay: &[u64],
    ) -> Vec<(usize, usize, Vec<usize>)> {
        // Each company's roles as a bit set: sharing is an AND, and every
        // pair of hundreds of companies is counted in a few milliseconds.
        let words = self.roles.len().div_ceil(64);
        let mut roles_of = vec![vec![0u64; words]; self.companies.len()];
        for (ri, role) in self.roles.iter().enumerate() {
            for &g in &role.guides {
                if let Some(&c) = self.company_by_name.get(&self.guides[g].company) {
                    roles_of[c][ri / 64] |= 1 << (ri % 64);
                }
            }
        }
        let shared = |a: usize, b: usize| -> u32 {
            roles_of[a]
                .iter()
                .zip(&roles_of[b])
                .map(|(x, y)| (x & y).count_ones())
                .sum()
        };
        let mut by_slug: Vec<usize> = (0..self.companies.len()).collect();
        by_slug.sort_by(|&a, &b| self.companies[a].slug.cmp(&self.companies[b].slug));
        let mut slug_rank = vec![0usize; self.companies.len()];
        for (rank, &c) in by_slug.iter().enumerate() {
            slug_rank[c] = rank;
        }
        let pay_of = |c: usize| pay.get(c).copied().unwrap_or(0);
        // (most shared roles first, closest pay, then slug order) per pair,
        // with a first in slug order.
        let mut candidates: Vec<(std::cmp::Reverse<u32>, u64, usize, usize)> = Vec::new();
        for (i, &a) in by_slug.iter().enumerate() {
            for &b in &by_slug[i + 1..] {
                let count = shared(a, b);
                if count > 0 {
                    let gap = pay_of(a).abs_diff(pay_of(b));
                    candidates.push((std::cmp::Reverse(count), gap, slug_rank[a], slug_rank[b]));
                }
            }
        }
        candidates.sort_unstable();
        let mut degree = vec![0usize; self.companies.len()];
        let mut kept: Vec<(usize, usize)> = Vec::new();
        for (_, _, rank_a, rank_b) in candidates {
            let (a, b) = (by_slug[rank_a], by_slug[rank_b]);
            if degree[a] < per_company && degree[b] < per_company {
                degree[a] += 1;
                degree[b] += 1;
                kept.push((rank_a, rank_b));
            }
        }
        kept.sort_unstable();
        kept.into_iter()
            .map(|(rank_a, rank_b)| {
                let (a, b) = (by_slug[rank_a], by_slug[rank_b]);
                let roles = (0..self.roles.len())
                    .filter(|ri| {
                        roles_of[a][ri / 64] & roles_of[b][ri / 64] & (1 << (ri % 64)) != 0
                    })
                    .collect();
                (a, b, roles)
            })
            .collect()
    }

    /// Index of a guide's company in `companies`.
    pub fn company_position(&self, guide: &Guide) -> Option<usize> {
        self.company_by_name.get(&guide.company).copied()
    }

    /// Index of a guide's role in `roles`.
    pub fn role_position(&self, guide: &Guide) -> Option<usize> {
        self.role_by_slug.get(guide.role_slug()).copied()
    }

    /// Index of a region (by name) in `regions`.
    pub fn region_position(&self, name: &str) -> Option<usize> {
        self.region_by_slug.get(&slugify(name)).copied()
    }

    /// The role group of a guide.
    pub fn role_group(&self, guide: &Guide) -> Option<&Group> {
        self.role_by_slug
            .get(guide.role_slug())
            .map(|&i| &self.roles[i])
    }
}
