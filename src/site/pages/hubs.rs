//! Home, the company hubs, and the index pages of companies, roles and regions.

use crate::model::money::display_money;
use crate::site::urls::paths;
use crate::site::views::{CompareRow, GuideCard, Link, top_total};
use crate::site::{Page, PageSpec, SiteContext};
use serde::Serialize;

#[derive(Serialize)]
struct Counts {
    guides: usize,
    companies: usize,
    roles: usize,
    regions: usize,
}

#[derive(Serialize)]
struct Entry {
    link: Link,
    count: usize,
    detail: String,
}

#[derive(Serialize)]
struct HomePage<'a> {
    counts: Counts,
    companies: Vec<Entry>,
    roles: Vec<Entry>,
    regions: Vec<Entry>,
    top_bands: Vec<&'a CompareRow>,
    guides: Vec<&'a GuideCard>,
}

fn company_entries(cx: &SiteContext) -> Vec<Entry> {
    cx.index
        .companies
        .iter()
        .map(|group| Entry {
            link: cx.index.company(&group.name),
            count: group.guides.len(),
            detail: group
                .guides
                .iter()
                .map(|&g| cx.guides[g].role.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect()
}

fn role_entries(cx: &SiteContext) -> Vec<Entry> {
    cx.index
        .roles
        .iter()
        .map(|group| Entry {
            link: cx.index.role(&cx.guides[group.guides[0]]),
            count: group.guides.len(),
            detail: group
                .guides
                .iter()
                .map(|&g| cx.guides[g].company.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect()
}

fn region_entries(cx: &SiteContext) -> Vec<Entry> {
    cx.index
        .regions
        .iter()
        .map(|group| {
            // An open end (`$300K+`) has no top: it is the highest.
            let top = group
                .bands
                .iter()
                .filter_map(|&(g, b)| top_total(&cx.converter, &cx.guides[g].bands[b]))
                .max()
                .map(|top| (top.open, top.value));
            let display = cx.converter.display;
            Entry {
                link: cx.index.region(&group.name),
                count: group.bands.len(),
                detail: match top {
                    None => String::new(),
                    Some((true, from)) => {
                        format!("{}+ total comp at the top", display_money(display, from))
                    }
                    Some((false, top)) => {
                        format!("up to {} total comp", display_money(display, top))
                    }
                },
            }
        })
        .collect()
}

/// Up to this many guides, the home page lists them all.
const HOME_GUIDE_LIST: usize = 60;

pub fn home(cx: &SiteContext) -> Page {
    // Each guide's highest band, so one guide does not fill the table.
    let mut top_bands: Vec<&CompareRow> =
        (0..cx.guides.len()).filter_map(|g| cx.top_row(g)).collect();
    top_bands.sort_by(|a, b| {
        b.top_pay()
            .cmp(&a.top_pay())
            .then_with(|| a.guide.name.cmp(&b.guide.name))
    });
    top_bands.truncate(8);
    // A long list belongs on the search page, not on the home page.
    let mut guides: Vec<&GuideCard> = if cx.guides.len() <= HOME_GUIDE_LIST {
        (0..cx.guides.len()).map(|i| cx.card(i)).collect()
    } else {
        Vec::new()
    };
    guides.sort_by(|a, b| a.title.cmp(&b.title));
    let data = HomePage {
        counts: Counts {
            guides: cx.guides.len(),
            companies: cx.index.companies.len(),
            roles: cx.index.roles.len(),
            regions: cx.index.regions.len(),
        },
        companies: company_entries(cx),
        roles: role_entries(cx),
        regions: region_entries(cx),
        top_bands,
        guides,
    };
    cx.page(
        PageSpec {
            path: paths::HOME.to_string(),
            template: "index.html",
            title: cx.config.title.clone(),
            description: format!(
                "Compensation negotiation guides: {} guides across {} companies, with pay bands, levers and scripts.",
                cx.guides.len(),
                cx.index.companies.len()
            ),
            breadcrumbs: Vec::new(),
            section: "home",
        },
        data,
    )
}

#[derive(Serialize)]
struct ListPage {
    heading: String,
    intro: String,
    entries: Vec<Entry>,
}

fn list_page(
    cx: &SiteContext,
    path: &str,
    heading: &str,
    intro: String,
    section: &'static str,
    entries: Vec<Entry>,
) -> Page {
    cx.page(
        PageSpec {
            path: path.to_string(),
            template: "list.html",
            title: heading.to_string(),
            description: intro.clone(),
            breadcrumbs: vec![cx.home_crumb()],
            section,
        },
        ListPage {
            heading: heading.to_string(),
            intro,
            entries,
        },
    )
}

pub fn companies_index(cx: &SiteContext) -> Page {
    let intro = format!(
        "{} companies with negotiation guides.",
        cx.index.companies.len()
    );
    list_page(
        cx,
        paths::COMPANIES,
        "Companies",
        intro,
        "companies",
        company_entries(cx),
    )
}

pub fn roles_index(cx: &SiteContext) -> Page {
    let intro = format!(
        "{} roles, each compared across the companies that hire for it.",
        cx.index.roles.len()
    );
    list_page(cx, paths::ROLES, "Roles", intro, "roles", role_entries(cx))
}

pub fn regions_index(cx: &SiteContext) -> Page {
    let intro = format!(
        "{} regions, each with every band paid there, in {}.",
        cx.index.regions.len(),
        cx.converter.display
    );
    list_page(
        cx,
        paths::REGIONS,
        "Regions",
        intro,
        "regions",
        region_entries(cx),
    )
}

#[derive(Serialize)]
struct CompanyPage<'a> {
    company: String,
    guides: Vec<&'a GuideCard>,
    rows: Vec<&'a CompareRow>,
    comparisons: Vec<Link>,
}

/// The hub of company `ci` (index into `index.companies`).
pub fn company(cx: &SiteContext, ci: usize) -> Page {
    let group = &cx.index.companies[ci];
    let guides = group.guides.iter().map(|&g| cx.card(g)).collect();
    let rows = group
        .guides
        .iter()
        .flat_map(|&g| (0..cx.guides[g].bands.len()).map(move |b| (g, b)))
        .map(|(g, b)| cx.row(g, b))
        .collect();
    let comparisons = cx.pair_links(Some(ci), None);
    cx.page(
        PageSpec {
            path: paths::company(&group.slug),
            template: "company.html",
            title: format!("{} negotiation guides", group.name),
            description: format!(
                "Pay bands and negotiation guides for {} roles at {}.",
                group.guides.len(),
                group.name
            ),
            breadcrumbs: vec![
                cx.home_crumb(),
                Link::new("Companies", Some(cx.urls.link(paths::COMPANIES))),
            ],
            section: "companies",
        },
        CompanyPage {
            company: group.name.clone(),
            guides,
            rows,
            comparisons,
        },
    )
}
