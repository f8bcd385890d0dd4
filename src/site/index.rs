//! Who is where: guides grouped by company, role and region, computed once
//! and shared by every page builder.

use super::urls::{Urls, paths};
use super::views::Link;
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

    /// A company's name, linked to its hub when it has one.
    pub fn company(&self, name: &str) -> Link {
        let url = self
            .company_by_name
            .get(name)
            .map(|&i| self.urls.link(&paths::company(&self.companies[i].slug)));
        Link::new(name, url)
    }

    /// The hub URL of a company that has guides.
    pub fn company_url(&self, name: &str) -> Option<String> {
        self.company(name).url
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
    /// (company a, company b, the roles they share).
    pub fn company_pairs(&self) -> Vec<(usize, usize, Vec<usize>)> {
        let mut pairs: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
        for (ri, role) in self.roles.iter().enumerate() {
            let companies: Vec<usize> = role
                .guides
                .iter()
                .filter_map(|&g| self.company_by_name.get(&self.guides[g].company).copied())
                .collect();
            for (i, &a) in companies.iter().enumerate() {
                for &b in &companies[i + 1..] {
                    if a != b {
                        let key = if self.companies[a].slug <= self.companies[b].slug {
                            (a, b)
                        } else {
                            (b, a)
                        };
                        pairs.entry(key).or_default().push(ri);
                    }
                }
            }
        }
        pairs
            .into_iter()
            .map(|((a, b), roles)| (a, b, roles))
            .collect()
    }

    /// The company group of a guide.
    pub fn company_group(&self, guide: &Guide) -> Option<&Group> {
        self.company_by_name
            .get(&guide.company)
            .map(|&i| &self.companies[i])
    }

    /// The role group of a guide.
    pub fn role_group(&self, guide: &Guide) -> Option<&Group> {
        self.role_by_slug
            .get(guide.role_slug())
            .map(|&i| &self.roles[i])
    }
}
