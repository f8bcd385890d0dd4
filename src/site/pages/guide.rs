//! A guide's own page: every section of the model, its figures in its own currency.

use crate::model::money::display_money;
use crate::model::{Currency, Guide};
use crate::render::chart::{self, Marker, Row, Series};
use crate::render::markdown::{Linker, inline_html, to_html};
use crate::site::urls::paths;
use crate::site::views::{BandView, Link, band_view, per_year};
use crate::site::{Page, PageSpec, SiteContext};
use serde::Serialize;

#[derive(Serialize)]
struct GuidePage {
    guide: GuideView,
}

#[derive(Serialize)]
struct GuideView {
    title: String,
    heading: String,
    company: Link,
    role: Link,
    slug: String,
    source: String,
    updated: Option<String>,
    draft: bool,
    premium: Option<PremiumView>,
    tags: Vec<String>,
    equity_kind: Option<String>,
    vesting_years: Option<u32>,
    bands: Vec<BandView>,
    band_chart: Option<String>,
    narrative: Option<String>,
    level_mapping: Option<LevelMappingView>,
    sections: Vec<SectionView>,
    levers: Vec<LeverView>,
    strategy: Option<StrategyView>,
    placeholders: Vec<String>,
    sources: Vec<String>,
    prev: Option<Link>,
    next: Option<Link>,
    related: Vec<Link>,
}

#[derive(Serialize)]
struct PremiumView {
    label: String,
    range: String,
}

#[derive(Serialize)]
struct LevelMappingView {
    entries: Vec<LevelEntryView>,
    note: Option<String>,
    matrix_url: String,
}

#[derive(Serialize)]
struct LevelEntryView {
    company: Link,
    title: String,
    levels: String,
}

#[derive(Serialize)]
struct SectionView {
    id: String,
    title: String,
    html: String,
}

#[derive(Serialize)]
struct LeverView {
    title: Option<String>,
    premium: Option<String>,
    html: String,
}

#[derive(Serialize)]
struct Figure {
    label: &'static str,
    value: String,
}

#[derive(Serialize)]
struct OfferView {
    company: Link,
    figures: String,
}

#[derive(Serialize)]
struct StrategyView {
    html: String,
    currency: Option<String>,
    ask: Vec<Figure>,
    floor: Vec<Figure>,
    offers: Vec<OfferView>,
    position_chart: Option<String>,
}

fn figures(currency: Currency, pairs: &[(&'static str, Option<u64>)]) -> Vec<Figure> {
    pairs
        .iter()
        .filter_map(|(label, value)| {
            value.map(|v| Figure {
                label,
                value: display_money(currency, v),
            })
        })
        .collect()
}

/// Each band's base in the script's currency, with the ask and floor marked.
fn position_chart(
    guide: &Guide,
    currency: Currency,
    ask: Option<u64>,
    floor: Option<u64>,
) -> Option<String> {
    let rows: Vec<Row> = guide
        .bands
        .iter()
        .filter(|b| b.currency == currency)
        .filter_map(|b| {
            Some(Row {
                label: b.region.clone(),
                bars: vec![(Series::Base, b.base?)],
            })
        })
        .collect();
    let mut markers = Vec::new();
    if let Some(floor) = floor {
        markers.push(Marker {
            label: "Floor".into(),
            value: floor,
            class: "floor",
        });
    }
    if let Some(ask) = ask {
        markers.push(Marker {
            label: "Ask".into(),
            value: ask,
            class: "ask",
        });
    }
    (!rows.is_empty() && !markers.is_empty()).then(|| {
        chart::range_chart(
            "position",
            &format!("Ask and floor against the base band ({currency})"),
            currency,
            &rows,
            &markers,
        )
    })
}

/// The page of guide `i`.
pub fn page(cx: &SiteContext, i: usize) -> Page {
    let guide = &cx.guides[i];
    let index = &cx.index;
    let mut linker = Linker::new(cx.companies, &cx.hubs);
    // The company's own name is linked in the header already.
    linker.already_linked(&guide.company);

    let bands: Vec<BandView> = guide
        .bands
        .iter()
        .map(|b| band_view(index, guide, b))
        .collect();
    let currency = guide.currency().unwrap_or(cx.converter.display);
    let chart_rows: Vec<Row> = guide
        .bands
        .iter()
        .filter(|b| b.currency == currency)
        .map(|b| Row {
            label: b.region.clone(),
            bars: [
                b.base.map(|r| (Series::Base, r)),
                b.equity
                    .map(|e| (Series::EquityPerYear, per_year(e, guide.vesting_years))),
                b.total.map(|t| (Series::Total, t)),
            ]
            .into_iter()
            .flatten()
            .collect(),
        })
        .collect();
    let band_chart = (!chart_rows.is_empty()).then(|| {
        chart::range_chart(
            "bands",
            &format!(
                "{} at {}: pay bands in {currency}",
                guide.role, guide.company
            ),
            currency,
            &chart_rows,
            &[],
        )
    });

    let narrative = guide
        .narrative
        .as_deref()
        .map(|md| to_html(md, Some(&mut linker), false));
    let sections = guide
        .sections
        .iter()
        .map(|s| SectionView {
            id: format!("section-{}", crate::slug::slugify(&s.title)),
            title: s.title.clone(),
            html: to_html(&s.body, Some(&mut linker), false),
        })
        .collect();
    let levers = guide
        .levers
        .iter()
        .map(|l| LeverView {
            title: l.title.clone(),
            premium: l.premium.map(|p| format!("+{p}")),
            html: inline_html(&l.text, Some(&mut linker), true),
        })
        .collect();
    let strategy = guide.strategy.as_ref().map(|s| {
        let currency = s.currency.unwrap_or(currency);
        StrategyView {
            html: to_html(&s.text, Some(&mut linker), true),
            currency: s.currency.map(|c| c.to_string()),
            ask: figures(
                currency,
                &[
                    ("Base", s.ask.base),
                    ("Equity", s.ask.equity),
                    ("Signing bonus", s.ask.signing_bonus),
                    ("Total comp", s.ask.total),
                ],
            ),
            floor: figures(
                currency,
                &[("Base", s.floor.base), ("Equity", s.floor.equity)],
            ),
            offers: s
                .competing_offers
                .iter()
                .map(|o| OfferView {
                    company: index.company(&o.company),
                    figures: offer_figures(currency, o),
                })
                .collect(),
            position_chart: position_chart(guide, currency, s.ask.base, s.floor.base),
        }
    });
    let level_mapping = guide.level_mapping.as_ref().map(|m| LevelMappingView {
        entries: m
            .entries
            .iter()
            .map(|e| LevelEntryView {
                company: index.company(&e.company),
                title: e.title.clone(),
                levels: e.levels.join("–"),
            })
            .collect(),
        note: m.note.clone(),
        matrix_url: format!("{}#{}", cx.urls.link(paths::LEVELS), guide_anchor(guide)),
    });

    let (prev, next) = neighbours(cx, i);
    let mut related = vec![Link::new(
        &format!("All {} guides compared", guide.role),
        index.role(guide).url,
    )];
    for band in &guide.bands {
        let region = index.region(&band.region);
        if !related.iter().any(|l| l.url == region.url) {
            related.push(Link::new(&format!("Pay in {}", band.region), region.url));
        }
    }
    if let (Some(company), Some(role)) = (index.company_position(guide), index.role_position(guide))
    {
        related.extend(cx.pair_links(Some(company), Some(role)));
    }

    let title = format!("{} at {}", guide.role, guide.company);
    let view = GuideView {
        heading: guide.title.clone().unwrap_or_else(|| title.clone()),
        title: title.clone(),
        company: index.company(&guide.company),
        role: index.role(guide),
        slug: guide.slug.clone(),
        source: guide.source.clone(),
        updated: guide.updated.clone(),
        draft: guide.draft,
        premium: guide.premium.as_ref().map(|p| PremiumView {
            label: p.label.clone(),
            range: format!("+{}", p.range()),
        }),
        tags: guide.tags.clone(),
        equity_kind: guide.equity_kind.clone(),
        vesting_years: guide.vesting_years,
        bands,
        band_chart,
        narrative,
        level_mapping,
        sections,
        levers,
        strategy,
        placeholders: guide.placeholders.clone(),
        sources: guide
            .sources
            .iter()
            .map(|s| inline_html(s, None, false))
            .collect(),
        prev,
        next,
        related,
    };
    let description = match &guide.premium {
        Some(p) => format!(
            "Pay bands, levers and a negotiation script for {title}: +{} {}.",
            p.range(),
            p.label
        ),
        None => format!("Pay bands, levers and a negotiation script for {title}."),
    };
    cx.page(
        PageSpec {
            path: paths::guide(&guide.slug),
            template: "guide.html",
            title,
            description,
            breadcrumbs: vec![
                cx.home_crumb(),
                Link::new("Companies", Some(cx.urls.link(paths::COMPANIES))),
                index.company(&guide.company),
            ],
            section: "companies",
        },
        GuidePage { guide: view },
    )
}

pub fn offer_figures(currency: Currency, offer: &crate::model::Offer) -> String {
    [
        offer
            .base
            .map(|v| format!("{} base", display_money(currency, v))),
        offer
            .equity
            .map(|v| format!("{} equity", display_money(currency, v))),
        offer
            .total
            .map(|v| format!("{} total comp", display_money(currency, v))),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ")
}

/// The anchor of a guide's row on the level matrix.
pub fn guide_anchor(guide: &Guide) -> String {
    format!("guide-{}", guide.slug.replace('/', "--"))
}

/// Previous and next guide within the same role, in company order.
fn neighbours(cx: &SiteContext, i: usize) -> (Option<Link>, Option<Link>) {
    let Some(group) = cx.index.role_group(&cx.guides[i]) else {
        return (None, None);
    };
    let position = group.guides.iter().position(|&g| g == i);
    let at = |offset: isize| {
        position
            .and_then(|p| p.checked_add_signed(offset))
            .and_then(|p| group.guides.get(p))
            .map(|&g| cx.index.guide(g))
    };
    (at(-1), at(1))
}
