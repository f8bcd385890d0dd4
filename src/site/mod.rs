//! The page graph: from guides to the list of pages, each with the template
//! that renders it and only the data that page shows. Hub and comparison
//! data are computed once here; rendering never sees the whole site.

pub mod currency;
pub mod index;
mod pages;
pub mod urls;
pub mod views;

use crate::companies::CompanyIndex;
use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
use crate::model::Guide;
use currency::Converter;
use index::SiteIndex;
use serde::Serialize;
use std::collections::HashMap;
use urls::{Urls, paths};
use views::Link;

/// One HTML page to render.
#[derive(Debug)]
pub struct Page {
    /// Site path (`companies/anthropic/`); `index.html` is added on output.
    pub path: String,
    pub template: &'static str,
    pub context: serde_json::Value,
}

impl Page {
    /// The file the page is written to, relative to the output dir.
    pub fn output_file(&self) -> String {
        if self.path.ends_with(".html") {
            self.path.clone()
        } else {
            format!("{}index.html", self.path)
        }
    }
}

/// What every page's template gets besides its own data.
#[derive(Clone, Debug, Serialize)]
pub struct SiteView {
    pub title: String,
    /// The base path every link starts with (`/` or `/guides/`).
    pub base: String,
    pub display_currency: String,
    pub nav: Vec<Link>,
}

/// What a page builder says about its page besides its data.
struct PageSpec {
    path: String,
    template: &'static str,
    title: String,
    description: String,
    breadcrumbs: Vec<Link>,
    section: &'static str,
}

#[derive(Debug, Serialize)]
struct PageMeta {
    title: String,
    description: String,
    path: String,
    canonical: String,
    breadcrumbs: Vec<Link>,
    /// Which nav entry is current.
    section: &'static str,
}

/// Everything page builders share, computed once.
pub struct SiteContext<'a> {
    pub config: &'a SiteConfig,
    pub guides: &'a [Guide],
    pub companies: &'a CompanyIndex,
    pub index: SiteIndex<'a>,
    pub converter: Converter,
    pub urls: &'a Urls,
    pub site: SiteView,
    /// Canonical company name → hub URL, for cross-links in prose.
    pub hubs: HashMap<String, String>,
    /// Company-vs-company pages (indexes into `index.companies`, shared role indexes).
    pub pairs: Vec<(usize, usize, Vec<usize>)>,
    /// Every band as a comparison row, computed once: `rows[guide][band]`.
    rows: Vec<Vec<views::CompareRow>>,
    /// For each company (index into `index.companies`), its pairs (indexes into `pairs`).
    pairs_of: Vec<Vec<usize>>,
}

impl<'a> SiteContext<'a> {
    pub fn new(
        config: &'a SiteConfig,
        guides: &'a [Guide],
        companies: &'a CompanyIndex,
        urls: &'a Urls,
    ) -> Result<SiteContext<'a>, Vec<Diagnostic>> {
        let converter = Converter::new(config, guides)?;
        let index = SiteIndex::new(guides, urls);
        let hubs = index
            .companies
            .iter()
            .map(|group| (group.name.clone(), urls.link(&paths::company(&group.slug))))
            .collect();
        let nav = [
            ("Companies", paths::COMPANIES),
            ("Roles", paths::ROLES),
            ("Regions", paths::REGIONS),
            ("Levels", paths::LEVELS),
            ("Premiums", paths::PREMIUMS),
            ("Offers", paths::OFFERS),
            ("Search", paths::SEARCH),
        ]
        .into_iter()
        .map(|(name, path)| Link::new(name, Some(urls.link(path))))
        .collect();
        let site = SiteView {
            title: config.title.clone(),
            base: urls.prefix().to_string(),
            display_currency: converter.display.to_string(),
            nav,
        };
        let pairs = index.company_pairs(config.limits.compare_per_company);
        let rows = {
            use rayon::prelude::*;
            (0..guides.len())
                .into_par_iter()
                .map(|g| {
                    (0..guides[g].bands.len())
                        .map(|b| views::compare_row(&index, &converter, g, b))
                        .collect()
                })
                .collect()
        };
        let mut pairs_of = vec![Vec::new(); index.companies.len()];
        for (i, (a, b, _)) in pairs.iter().enumerate() {
            pairs_of[*a].push(i);
            pairs_of[*b].push(i);
        }
        Ok(SiteContext {
            pairs_of,
            rows,
            config,
            guides,
            companies,
            index,
            converter,
            urls,
            site,
            hubs,
            pairs,
        })
    }

    /// A page: the shared frame merged with the page's own data.
    fn page(&self, spec: PageSpec, data: impl Serialize) -> Page {
        let meta = PageMeta {
            canonical: self.urls.absolute(&spec.path),
            path: spec.path.clone(),
            title: spec.title,
            description: spec.description,
            breadcrumbs: spec.breadcrumbs,
            section: spec.section,
        };
        let mut context = serde_json::to_value(data).unwrap_or_default();
        if let serde_json::Value::Object(map) = &mut context {
            map.insert(
                "site".into(),
                serde_json::to_value(&self.site).unwrap_or_default(),
            );
            map.insert(
                "page".into(),
                serde_json::to_value(meta).unwrap_or_default(),
            );
        }
        Page {
            path: spec.path,
            template: spec.template,
            context,
        }
    }

    /// A band as a comparison row (converted, originals beside).
    pub fn row(&self, guide: usize, band: usize) -> views::CompareRow {
        self.rows[guide][band].clone()
    }

    /// A guide's highest band by total comp in the display currency.
    pub fn top_row(&self, guide: usize) -> Option<views::CompareRow> {
        self.rows[guide]
            .iter()
            .max_by_key(|row| row.total_value)
            .cloned()
    }

    /// Links to the company-vs-company pages that involve `company` and
    /// compare `role` (indexes into `index.companies` and `index.roles`);
    /// `None` places no condition.
    pub fn pair_links(&self, company: Option<usize>, role: Option<usize>) -> Vec<Link> {
        let candidates: Box<dyn Iterator<Item = usize>> = match company {
            Some(c) => Box::new(self.pairs_of[c].iter().copied()),
            None => Box::new(0..self.pairs.len()),
        };
        candidates
            .filter(|&i| role.is_none_or(|r| self.pairs[i].2.contains(&r)))
            .map(|i| {
                let (a, b, _) = &self.pairs[i];
                let (ca, cb) = (&self.index.companies[*a], &self.index.companies[*b]);
                // The company the page is about comes first in the link text.
                let (first, second) = if company == Some(*b) {
                    (cb, ca)
                } else {
                    (ca, cb)
                };
                Link::new(
                    &format!("{} vs {}", first.name, second.name),
                    Some(self.urls.link(&paths::compare(&ca.slug, &cb.slug))),
                )
            })
            .collect()
    }

    /// `Home` as the first breadcrumb.
    fn home_crumb(&self) -> Link {
        Link::new("Home", Some(self.urls.link(paths::HOME)))
    }
}

/// Every HTML page of the site.
pub fn pages(cx: &SiteContext) -> Vec<Page> {
    use rayon::prelude::*;
    let singles: [fn(&SiteContext) -> Page; 9] = [
        pages::hubs::home,
        pages::hubs::companies_index,
        pages::hubs::roles_index,
        pages::hubs::regions_index,
        pages::catalog::levels,
        pages::catalog::premiums,
        pages::catalog::offers,
        pages::catalog::search,
        pages::catalog::not_found,
    ];
    let families: [fn(&SiteContext) -> Vec<Page>; 5] = [
        pages::guide::all,
        pages::hubs::companies,
        pages::compare::roles,
        pages::compare::regions,
        pages::compare::pairs,
    ];
    let mut pages: Vec<Page> = singles.par_iter().map(|build| build(cx)).collect();
    let more: Vec<Vec<Page>> = families.par_iter().map(|build| build(cx)).collect();
    pages.extend(more.into_iter().flatten());
    pages
}

/// Where the search index is written, inside the output.
pub fn pages_search_index_path() -> &'static str {
    pages::catalog::SEARCH_INDEX
}

/// The search index: one entry per guide.
pub fn search_index(cx: &SiteContext) -> String {
    pages::catalog::search_index(cx)
}
