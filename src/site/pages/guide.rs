//! A guide's own page: every section of the model, its figures in its own currency.

use crate::html::chart::{self, Marker, Row, Series, Written};
use crate::html::markdown::{Linker, inline_html, to_html};
use crate::model::money::display_money;
use crate::model::{Band, Currency, Guide, MoneyRange, Strategy};
use crate::site::currency::Converter;
use crate::site::urls::paths;
use crate::site::views::{BandView, Link, band_view, per_year};
use crate::site::{Page, PageSpec, SiteContext};
use serde::Serialize;

#[derive(Serialize)]
struct GuidePage {
    guide: GuideView,
}

/// How old a guide's figures are, and where the date came from.
#[derive(Serialize)]
struct AsOfView {
    date: String,
    /// `updated` (front matter), `git` (last commit) or `file` (modification time).
    source: &'static str,
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
    as_of: Option<AsOfView>,
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
    /// The offer check's figures, a JSON island (see `offer.rs`).
    offer_data: Option<String>,
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
pub struct Figure {
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

/// The script's ask as labelled figures, for the guide page and its sheet.
pub fn ask_figures(currency: Currency, strategy: &Strategy) -> Vec<Figure> {
    let ask = &strategy.ask;
    figures(
        currency,
        &[
            ("Base", ask.base),
            ("Equity", ask.equity),
            ("Signing bonus", ask.signing_bonus),
            ("Total comp", ask.total),
        ],
    )
}

/// The script's floor as labelled figures.
pub fn floor_figures(currency: Currency, strategy: &Strategy) -> Vec<Figure> {
    let floor = &strategy.floor;
    figures(currency, &[("Base", floor.base), ("Equity", floor.equity)])
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

/// The bands one chart draws, on one axis in `currency`.
#[derive(Debug, PartialEq, Eq)]
struct ChartGroup {
    currency: Currency,
    /// Indexes into the guide's bands, in table order.
    bands: Vec<usize>,
    /// Currencies converted into `currency` for this chart.
    converted: Vec<Currency>,
}

/// Which chart draws each band, so that every band has its row. A guide in
/// one currency is charted in it, as written. A guide in several is charted
/// on one axis in the display currency, each converted row keeping its
/// figures as written, so regions compare at a glance; a currency the site
/// has no rate for gets a chart of its own rather than no rows.
fn chart_groups(
    currencies: &[Currency],
    display: Currency,
    has_rate: impl Fn(Currency) -> bool,
) -> Vec<ChartGroup> {
    let Some(&first) = currencies.first() else {
        return Vec::new();
    };
    if currencies.iter().all(|&c| c == first) {
        return vec![ChartGroup {
            currency: first,
            bands: (0..currencies.len()).collect(),
            converted: Vec::new(),
        }];
    }
    let mut groups = vec![ChartGroup {
        currency: display,
        bands: Vec::new(),
        converted: Vec::new(),
    }];
    for (band, &currency) in currencies.iter().enumerate() {
        if currency == display || has_rate(currency) {
            let group = &mut groups[0];
            group.bands.push(band);
            if currency != display && !group.converted.contains(&currency) {
                group.converted.push(currency);
            }
            continue;
        }
        match groups[1..].iter_mut().find(|g| g.currency == currency) {
            Some(group) => group.bands.push(band),
            None => groups.push(ChartGroup {
                currency,
                bands: vec![band],
                converted: Vec::new(),
            }),
        }
    }
    groups.retain(|group| !group.bands.is_empty());
    groups
}

impl ChartGroup {
    /// A unique id on the page: `base` for the first chart, then `base-gbp`.
    fn id(&self, base: &str, first: bool) -> String {
        if first {
            base.to_string()
        } else {
            format!("{base}-{}", self.currency.code().to_lowercase())
        }
    }

    /// What the chart's title says about its currency besides naming it:
    /// which currencies were converted, or that none could be.
    fn currency_note(&self, display: Currency) -> Option<String> {
        match self.converted.as_slice() {
            [] if self.currency != display => Some(format!("no rate to {display}")),
            [] => None,
            converted => {
                let names: Vec<&str> = converted.iter().map(|c| c.code()).collect();
                Some(format!("{} converted", names.join(", ")))
            }
        }
    }

    /// A chart row for `band`: its bars in the group's currency, the
    /// figures as written beside them when converted.
    fn row(&self, converter: &Converter, band: &Band, bars: Vec<(Series, MoneyRange)>) -> Row {
        if band.currency == self.currency {
            return Row {
                label: band.region.clone(),
                bars,
                written: None,
            };
        }
        Row {
            label: band.region.clone(),
            bars: bars
                .iter()
                .map(|&(series, range)| (series, converter.convert_range(range, band.currency)))
                .collect(),
            written: Some(Written {
                currency: band.currency,
                bars,
            }),
        }
    }

    /// `value` in `from` on this chart's axis, if it can be placed there.
    fn marker(
        &self,
        converter: &Converter,
        label: &str,
        class: &'static str,
        value: u64,
        from: Currency,
    ) -> Option<Marker> {
        let (value, written) = if from == self.currency {
            (value, None)
        } else if self.currency == converter.display && converter.rate(from).is_some() {
            (converter.convert(value, from), Some((from, value)))
        } else {
            return None;
        };
        Some(Marker {
            label: label.to_string(),
            value,
            class,
            written,
        })
    }
}

/// Each band's base band, the ask and floor marked where the script's
/// currency can be placed, one chart per [`chart_groups`] group.
fn position_charts(
    guide: &Guide,
    groups: &[ChartGroup],
    converter: &Converter,
    script: Currency,
    ask: Option<u64>,
    floor: Option<u64>,
) -> Option<String> {
    let charts: Vec<(&ChartGroup, Vec<Row>, Vec<Marker>)> = groups
        .iter()
        .map(|group| {
            let rows: Vec<Row> = group
                .bands
                .iter()
                .map(|&b| &guide.bands[b])
                .filter_map(|band| {
                    Some(group.row(converter, band, vec![(Series::Base, band.base?)]))
                })
                .collect();
            let markers: Vec<Marker> = [("Floor", "floor", floor), ("Ask", "ask", ask)]
                .into_iter()
                .filter_map(|(label, class, value)| {
                    group.marker(converter, label, class, value?, script)
                })
                .collect();
            (group, rows, markers)
        })
        .filter(|(_, rows, _)| !rows.is_empty())
        .collect();
    if charts.iter().all(|(_, _, markers)| markers.is_empty()) {
        return None;
    }
    let mut svg = String::new();
    for (i, (group, rows, markers)) in charts.iter().enumerate() {
        svg.push_str(&chart::range_chart(
            &group.id("position", i == 0),
            &match group.currency_note(converter.display) {
                Some(note) => format!(
                    "Ask and floor against the base band ({}; {note})",
                    group.currency
                ),
                None => format!("Ask and floor against the base band ({})", group.currency),
            },
            group.currency,
            rows,
            markers,
        ));
    }
    Some(svg)
}

/// Base, equity per year and total of every band, one chart per
/// [`chart_groups`] group.
fn band_charts(guide: &Guide, groups: &[ChartGroup], converter: &Converter) -> Option<String> {
    let mut svg = String::new();
    for (i, group) in groups.iter().enumerate() {
        let rows: Vec<Row> = group
            .bands
            .iter()
            .map(|&b| &guide.bands[b])
            .map(|band| {
                let bars = [
                    band.base.map(|r| (Series::Base, r)),
                    band.equity
                        .map(|e| (Series::EquityPerYear, per_year(e, guide.vesting_years))),
                    band.total.map(|t| (Series::Total, t)),
                ];
                group.row(converter, band, bars.into_iter().flatten().collect())
            })
            .collect();
        svg.push_str(&chart::range_chart(
            &group.id("bands", i == 0),
            &match group.currency_note(converter.display) {
                Some(note) => format!(
                    "{} at {}: pay bands in {} ({note})",
                    guide.role, guide.company, group.currency
                ),
                None => format!(
                    "{} at {}: pay bands in {}",
                    guide.role, guide.company, group.currency
                ),
            },
            group.currency,
            &rows,
            &[],
        ));
    }
    (!svg.is_empty()).then_some(svg)
}

/// The page of guide `i`: each part of it builds its own view below.
pub fn page(cx: &SiteContext, i: usize) -> Page {
    let guide = &cx.guides[i];
    let index = &cx.index;
    let mut linker = Linker::new(cx.companies, cx.hubs());
    // The company's own name is linked in the header already.
    linker.already_linked(&guide.company);

    let currencies: Vec<Currency> = guide.bands.iter().map(|b| b.currency).collect();
    let groups = chart_groups(&currencies, cx.converter.display, |c| {
        cx.converter.rate(c).is_some()
    });
    let (prev, next) = neighbours(cx, i);
    let title = format!("{} at {}", guide.role, guide.company);
    // The linker links a company's first mention only, so the parts that
    // take it are built in reading order: narrative, sections, levers, script.
    let view = GuideView {
        heading: guide.title.clone().unwrap_or_else(|| title.clone()),
        title: title.clone(),
        company: index.company(&guide.company),
        role: index.role(guide),
        slug: guide.slug.clone(),
        source: guide.source.clone(),
        updated: guide.updated.clone(),
        as_of: as_of_view(guide),
        draft: guide.draft,
        premium: premium_view(guide),
        tags: guide.tags.clone(),
        equity_kind: guide.equity_kind.clone(),
        vesting_years: guide.vesting_years,
        bands: band_views(cx, guide),
        band_chart: band_charts(guide, &groups, &cx.converter),
        narrative: narrative_html(guide, &mut linker),
        level_mapping: level_mapping_view(cx, guide),
        sections: section_views(guide, &mut linker),
        levers: lever_views(guide, &mut linker),
        strategy: strategy_view(cx, guide, &groups, &mut linker),
        placeholders: guide.placeholders.clone(),
        sources: source_html(guide),
        prev,
        next,
        related: related_links(cx, guide),
        offer_data: super::offer::offer_data(guide, &cx.converter),
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

fn as_of_view(guide: &Guide) -> Option<AsOfView> {
    guide.as_of.as_ref().map(|as_of| AsOfView {
        date: as_of.date.clone(),
        source: as_of.source.name(),
    })
}

fn premium_view(guide: &Guide) -> Option<PremiumView> {
    guide.premium.as_ref().map(|p| PremiumView {
        label: p.label.clone(),
        range: format!("+{}", p.range()),
    })
}

fn band_views(cx: &SiteContext, guide: &Guide) -> Vec<BandView> {
    guide
        .bands
        .iter()
        .map(|b| band_view(&cx.index, guide, b))
        .collect()
}

fn narrative_html(guide: &Guide, linker: &mut Linker) -> Option<String> {
    guide
        .narrative
        .as_deref()
        .map(|md| to_html(md, Some(linker), false))
}

fn section_views(guide: &Guide, linker: &mut Linker) -> Vec<SectionView> {
    guide
        .sections
        .iter()
        .map(|s| SectionView {
            id: format!("section-{}", crate::slug::slugify(&s.title)),
            title: s.title.clone(),
            html: to_html(&s.body, Some(linker), false),
        })
        .collect()
}

fn lever_views(guide: &Guide, linker: &mut Linker) -> Vec<LeverView> {
    guide
        .levers
        .iter()
        .map(|l| LeverView {
            title: l.title.clone(),
            premium: l.premium.map(|p| format!("+{p}")),
            html: inline_html(&l.text, Some(linker), true),
        })
        .collect()
}

/// The script with its ask, floor and offers in the script's currency (the
/// band table's when it names none), and the ask and floor charted.
fn strategy_view(
    cx: &SiteContext,
    guide: &Guide,
    groups: &[ChartGroup],
    linker: &mut Linker,
) -> Option<StrategyView> {
    let s = guide.strategy.as_ref()?;
    let currency = s
        .currency
        .unwrap_or(guide.currency().unwrap_or(cx.converter.display));
    Some(StrategyView {
        html: to_html(&s.text, Some(linker), true),
        currency: s.currency.map(|c| c.to_string()),
        ask: ask_figures(currency, s),
        floor: floor_figures(currency, s),
        offers: s
            .competing_offers
            .iter()
            .map(|o| OfferView {
                company: cx.index.company(&o.company),
                figures: offer_figures(currency, o),
            })
            .collect(),
        position_chart: position_charts(
            guide,
            groups,
            &cx.converter,
            currency,
            s.ask.base,
            s.floor.base,
        ),
    })
}

fn level_mapping_view(cx: &SiteContext, guide: &Guide) -> Option<LevelMappingView> {
    let mapping = guide.level_mapping.as_ref()?;
    Some(LevelMappingView {
        entries: mapping
            .entries
            .iter()
            .map(|e| LevelEntryView {
                company: cx.index.company(&e.company),
                title: e.title.clone(),
                levels: e.levels.join("–"),
            })
            .collect(),
        note: mapping.note.clone(),
        matrix_url: format!("{}#{}", cx.urls.link(paths::LEVELS), guide_anchor(guide)),
    })
}

fn source_html(guide: &Guide) -> Vec<String> {
    guide
        .sources
        .iter()
        .map(|s| inline_html(s, None, false))
        .collect()
}

/// The role's comparison, each region's hub, and the company-vs-company
/// pages that compare this role.
fn related_links(cx: &SiteContext, guide: &Guide) -> Vec<Link> {
    let index = &cx.index;
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
    related
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_band_is_in_a_chart_and_a_currency_without_a_rate_gets_its_own() {
        let gbp = Currency::from_code("GBP").unwrap();
        let inr = Currency::from_code("INR").unwrap();
        let usd = Currency::USD;
        // One currency: charted as written, whatever the display currency.
        assert_eq!(
            chart_groups(&[gbp, gbp], usd, |_| true),
            [ChartGroup {
                currency: gbp,
                bands: vec![0, 1],
                converted: vec![],
            }]
        );
        // Several: one axis in the display currency, INR (no rate) apart.
        assert_eq!(
            chart_groups(&[usd, inr, gbp, usd, inr], usd, |c| c == gbp),
            [
                ChartGroup {
                    currency: usd,
                    bands: vec![0, 2, 3],
                    converted: vec![gbp],
                },
                ChartGroup {
                    currency: inr,
                    bands: vec![1, 4],
                    converted: vec![],
                },
            ]
        );
        // No band in a currency that converts: no empty chart.
        assert_eq!(
            chart_groups(&[inr, gbp], usd, |_| false)
                .iter()
                .map(|g| g.currency)
                .collect::<Vec<_>>(),
            [inr, gbp]
        );
    }
}
