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
        let mut shared: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
        for (ri, role) in self.roles.iter().enumerate() {
            let mut companies: Vec<usize> = role
                .guides
                .iter()
                .filter_map(|&g| self.company_by_name.get(&self.guides[g].company).copied())
                .collect();
            companies.sort_unstable();
            companies.dedup();
            for (i, &a) in companies.iter().enumerate() {
                for &b in &companies[i + 1..] {
                    shared.entry((a, b)).or_default().push(ri);
                }
            }
        }
        let pay_of = |c: usize| pay.get(c).copied().unwrap_or(0);
        let mut candidates: Vec<((usize, usize), Vec<usize>)> = shared.into_iter().collect();
        candidates.sort_by(|(x, x_roles), (y, y_roles)| {
            y_roles
                .len()
                .cmp(&x_roles.len())
                .then_with(|| {
                    pay_of(x.0)
                        .abs_diff(pay_of(x.1))
                        .cmp(&pay_of(y.0).abs_diff(pay_of(y.1)))
                })
                .then_with(|| {
                    (&self.companies[x.0].slug, &self.companies[x.1].slug)
                        .cmp(&(&self.companies[y.0].slug, &self.companies[y.1].slug))
                })
        });
        let mut degree = vec![0usize; self.companies.len()];
        let mut pairs: Vec<(usize, usize, Vec<usize>)> = Vec::new();
        for ((a, b), roles) in candidates {
            if degree[a] < per_company && degree[b] < per_company {
                degree[a] += 1;
                degree[b] += 1;
                let (a, b) = if self.companies[a].slug <= self.companies[b].slug {
                    (a, b)
                } else {
                    (b, a)
                };
                pairs.push((a, b, roles));
            }
        }
        pairs.sort_by(|x, y| {
            (&self.companies[x.0].slug, &self.companies[x.1].slug)
                .cmp(&(&self.companies[y.0].slug, &self.companies[y.1].slug))
        });
        pairs
    }

    /// The company group of a guide.
    pub fn company_group(&self, guide: &Guide) -> Option<&Group> {
        self.company_by_name
            .get(&guide.company)
            .map(|&i| &self.companies[i])
    }

    /// Index of a guide's company in `companies`.
    pub fn company_position(&self, guide: &Guide) -> Option<usize> {
        self.company_by_name.get(&guide.company).copied()
    }

    /// Index of a guide's role in `roles`.
    pub fn role_position(&self, guide: &Guide) -> Option<usize> {
        self.role_by_slug.get(guide.role_slug()).copied()
    }

    /// The role group of a guide.
    pub fn role_group(&self, guide: &Guide) -> Option<&Group> {
        self.role_by_slug
            .get(guide.role_slug())
            .map(|&i| &self.roles[i])
    }
}
