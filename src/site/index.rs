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
        let mut roles_of = vec![Vec::new(); self.companies.len()];
        let mut members = vec![Vec::new(); self.roles.len()];
        for (ri, role) in self.roles.iter().enumerate() {
            for &g in &role.guides {
                if let Some(&c) = self.company_by_name.get(&self.guides[g].company) {
                    roles_of[c].push(ri);
                    members[ri].push(c);
                }
            }
        }
        for list in roles_of.iter_mut().chain(members.iter_mut()) {
            list.sort_unstable();
            list.dedup();
        }
        let mut by_slug: Vec<usize> = (0..self.companies.len()).collect();
        by_slug.sort_by(|&a, &b| self.companies[a].slug.cmp(&self.companies[b].slug));
        let mut slug_rank = vec![0usize; self.companies.len()];
        for (rank, &c) in by_slug.iter().enumerate() {
            slug_rank[c] = rank;
        }
        let pay: Vec<u64> = (0..self.companies.len())
            .map(|c| pay.get(c).copied().unwrap_or(0))
            .collect();
        let companies = super::pairs::Companies {
            roles_of: &roles_of,
            members: &members,
            slug_rank: &slug_rank,
            pay: &pay,
        };
        companies
            .pairs(per_company)
            .into_iter()
            .map(|(a, b)| (a, b, companies.shared_roles(a, b)))
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
