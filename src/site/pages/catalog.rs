//! Site-wide catalogs: the level matrix, premiums, competing offers, search, 404.

use super::guide::{guide_anchor, offer_figures};
use crate::model::Offer;
use crate::site::urls::paths;
use crate::site::views::{GuideCard, Link};
use crate::site::{Page, PageSpec, SiteContext};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct Cell {
    title: String,
    levels: String,
    url: String,
}

#[derive(Serialize)]
struct MatrixRow {
    anchor: String,
    guide: Link,
    company: Link,
    role: Link,
    cells: Vec<Option<Cell>>,
}

#[derive(Serialize)]
struct LevelsPage {
    columns: Vec<Link>,
    rows: Vec<MatrixRow>,
}

pub fn levels(cx: &SiteContext) -> Page {
    // Columns: every company named in a mapping, most cited first.
    let mut cited: BTreeMap<&str, usize> = BTreeMap::new();
    for guide in cx.guides {
        for entry in guide.level_mapping.iter().flat_map(|m| &m.entries) {
            *cited.entry(entry.company.as_str()).or_default() += 1;
        }
    }
    let mut columns: Vec<(&str, usize)> = cited.into_iter().collect();
    columns.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    columns.truncate(cx.config.limits.level_columns.max(1));
    let mut order: Vec<usize> = (0..cx.guides.len())
        .filter(|&g| cx.guides[g].level_mapping.is_some())
        .collect();
    order.sort_by(|&a, &b| {
        (&cx.guides[a].role, &cx.guides[a].company)
            .cmp(&(&cx.guides[b].role, &cx.guides[b].company))
    });
    let rows = order
        .into_iter()
        .map(|g| {
            let guide = &cx.guides[g];
            let url = format!(
                "{}#level-mapping",
                cx.index.guide(g).url.unwrap_or_default()
            );
            let entries = guide
                .level_mapping
                .as_ref()
                .map(|m| m.entries.as_slice())
                .unwrap_or_default();
            MatrixRow {
                anchor: guide_anchor(guide),
                guide: cx.index.guide(g),
                company: cx.index.company(&guide.company),
                role: cx.index.role(guide),
                cells: columns
                    .iter()
                    .map(|(company, _)| {
                        entries
                            .iter()
                            .find(|e| e.company == *company)
                            .map(|e| Cell {
                                title: e.title.clone(),
                                levels: e.levels.join("–"),
                                url: url.clone(),
                            })
                    })
                    .collect(),
            }
        })
        .collect();
    cx.page(
        PageSpec {
            path: paths::LEVELS.to_string(),
            template: "levels.html",
            title: "Level equivalence matrix".to_string(),
            description:
                "How each guide's level maps to Google, Meta, Amazon, OpenAI and other ladders."
                    .to_string(),
            breadcrumbs: vec![cx.home_crumb()],
            section: "levels",
        },
        LevelsPage {
            columns: columns.iter().map(|(c, _)| cx.index.company(c)).collect(),
            rows,
        },
    )
}

#[derive(Serialize)]
struct PremiumRow {
    label: String,
    range: String,
    max: u32,
    source: String,
    guide: Link,
    company: Link,
    role: Link,
}

#[derive(Serialize)]
struct PremiumsPage {
    rows: Vec<PremiumRow>,
}

pub fn premiums(cx: &SiteContext) -> Page {
    let mut rows = Vec::new();
    for (g, guide) in cx.guides.iter().enumerate() {
        let row = |label: &str, range: crate::model::PercentRange, source: &str| PremiumRow {
            label: label.to_string(),
            range: format!("+{range}"),
            max: range.max_pct.0,
            source: source.to_string(),
            guide: cx.index.guide(g),
            company: cx.index.company(&guide.company),
            role: cx.index.role(guide),
        };
        for premium in guide.claimed_premiums() {
            let source = match (premium.in_tagline, premium.in_lever) {
                (true, true) => "Tagline and lever",
                (true, false) => "Tagline",
                _ => "Lever",
            };
            rows.push(row(&premium.label, premium.range, source));
        }
    }
    rows.sort_by(|a, b| b.max.cmp(&a.max).then_with(|| a.label.cmp(&b.label)));
    cx.page(
        PageSpec {
            path: paths::PREMIUMS.to_string(),
            template: "premiums.html",
            title: "Premiums".to_string(),
            description:
                "Every pay premium the guides name, with its range and the guide that claims it."
                    .to_string(),
            breadcrumbs: vec![cx.home_crumb()],
            section: "premiums",
        },
        PremiumsPage { rows },
    )
}

#[derive(Serialize)]
struct OfferRow {
    guide: Link,
    role: Link,
    /// The guide's regions whose bands are in the offer's currency.
    regions: Vec<Link>,
    figures: String,
    /// The figures in the display currency, when the offer is in another.
    converted: Option<String>,
    cited_in: String,
}

#[derive(Serialize)]
struct OfferGroup {
    company: Link,
    offers: Vec<OfferRow>,
}

#[derive(Serialize)]
struct OffersPage {
    groups: Vec<OfferGroup>,
    count: usize,
}

pub fn offers(cx: &SiteContext) -> Page {
    let display = cx.converter.display;
    let mut groups: BTreeMap<String, Vec<OfferRow>> = BTreeMap::new();
    for (g, guide) in cx.guides.iter().enumerate() {
        for cited in guide.cited_offers() {
            let currency = cited.currency.unwrap_or(display);
            let mut regions: Vec<Link> = Vec::new();
            for band in guide.bands.iter().filter(|band| band.currency == currency) {
                let region = cx.index.region(&band.region);
                if !regions.contains(&region) {
                    regions.push(region);
                }
            }
            let converted = (currency != display && cx.converter.rate(currency).is_some())
                .then(|| offer_figures(display, &converted_offer(cx, &cited.offer, currency)));
            groups
                .entry(cited.offer.company.clone())
                .or_default()
                .push(OfferRow {
                    guide: cx.index.guide(g),
                    role: cx.index.role(guide),
                    regions,
                    figures: offer_figures(currency, &cited.offer),
                    converted,
                    cited_in: cited.cited_in.join(", "),
                });
        }
    }
    let count = groups.values().map(Vec::len).sum();
    let groups = groups
        .into_iter()
        .map(|(company, offers)| OfferGroup {
            company: cx.index.company(&company),
            offers,
        })
        .collect();
    cx.page(
        PageSpec {
            path: paths::OFFERS.to_string(),
            template: "offers.html",
            title: "Competing offers".to_string(),
            description: "Every competing offer cited in scripts and levers, grouped by the company making it.".to_string(),
            breadcrumbs: vec![cx.home_crumb()],
            section: "offers",
        },
        OffersPage { groups, count },
    )
}

/// `offer`'s figures in the display currency.
fn converted_offer(cx: &SiteContext, offer: &Offer, from: crate::model::Currency) -> Offer {
    let convert = |value: Option<u64>| value.map(|v| cx.converter.convert(v, from));
    Offer {
        company: offer.company.clone(),
        base: convert(offer.base),
        equity: convert(offer.equity),
        total: convert(offer.total),
    }
}

fn cards<'a>(cx: &'a SiteContext) -> Vec<&'a GuideCard> {
    let mut cards: Vec<&GuideCard> = (0..cx.guides.len()).map(|g| cx.card(g)).collect();
    cards.sort_by(|a, b| a.title.cmp(&b.title));
    cards
}

#[derive(Serialize)]
struct SearchPage<'a> {
    guides: Vec<&'a GuideCard>,
    index_url: String,
}

pub const SEARCH_INDEX: &str = "search/index.json";

/// The not-found page, at the root where static hosts look for it.
pub const NOT_FOUND: &str = "404.html";

pub fn search(cx: &SiteContext) -> Page {
    cx.page(
        PageSpec {
            path: paths::SEARCH.to_string(),
            template: "search.html",
            title: "Search".to_string(),
            description: "Search the guides by company, role, region or premium.".to_string(),
            breadcrumbs: vec![cx.home_crumb()],
            section: "search",
        },
        SearchPage {
            guides: cards(cx),
            index_url: cx.urls.link(SEARCH_INDEX),
        },
    )
}

#[derive(Serialize)]
struct SearchEntry<'a> {
    title: &'a str,
    url: &'a str,
    company: &'a str,
    /// The company's other names from site.toml (`GDM`), so search finds it
    /// by any of them.
    aliases: Vec<&'a str>,
    role: &'a str,
    regions: Vec<&'a str>,
    premium: Option<&'a str>,
    tags: Vec<&'a str>,
    top_total: Option<&'a str>,
}

/// The JSON the search script loads: one entry per guide.
pub fn search_index(cx: &SiteContext) -> String {
    let mut aliases: std::collections::HashMap<String, Vec<&str>> = Default::default();
    for (name, company) in &cx.config.companies {
        let spellings = aliases
            .entry(cx.companies.canonical_name(name))
            .or_default();
        spellings.push(name);
        spellings.extend(company.aliases.iter().map(String::as_str));
    }
    let entries: Vec<SearchEntry> = cards(cx)
        .into_iter()
        .map(|card| SearchEntry {
            title: &card.title,
            url: &card.url,
            company: &card.company.name,
            aliases: aliases
                .get(&card.company.name)
                .into_iter()
                .flatten()
                .copied()
                .filter(|spelling| *spelling != card.company.name)
                .collect(),
            role: &card.role.name,
            regions: card.regions.iter().map(|r| r.name.as_str()).collect(),
            premium: card.premium.as_deref(),
            tags: card.tags.iter().map(String::as_str).collect(),
            top_total: card.top_total.as_deref(),
        })
        .collect();
    serde_json::to_string(&entries).unwrap_or_else(|_| "[]".to_string())
}

#[derive(Serialize)]
struct NotFoundPage {
    companies: Vec<Link>,
}

pub fn not_found(cx: &SiteContext) -> Page {
    cx.page(
        PageSpec {
            path: NOT_FOUND.to_string(),
            template: "404.html",
            title: "Page not found".to_string(),
            description: "This page does not exist.".to_string(),
            breadcrumbs: vec![cx.home_crumb()],
            section: "",
        },
        NotFoundPage {
            companies: cx
                .index
                .companies
                .iter()
                .map(|c| cx.index.company(&c.name))
                .collect(),
        },
    )
}
