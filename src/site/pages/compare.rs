//! Comparison pages: a role across companies, a region across guides, and
//! company against company for each pair that shares a role. Figures are
//! converted into the display currency; the originals stay beside them.

use crate::html::chart::{self, Row, Series, Written};
use crate::model::MoneyRange;
use crate::site::urls::paths;
use crate::site::views::{CompareRow, GuideCard, Link};
use crate::site::{Page, PageSpec, SiteContext};
use crate::slug::slugify;
use serde::Serialize;

/// Rows sorted by total comp, highest first (an open end above every
/// top), with their chart.
fn table<'a>(
    cx: &'a SiteContext,
    id: &str,
    title: &str,
    bands: impl Iterator<Item = (usize, usize)>,
    label: fn(&CompareRow) -> String,
) -> (Vec<&'a CompareRow>, String) {
    let mut rows: Vec<&CompareRow> = bands.map(|(g, b)| cx.row(g, b)).collect();
    rows.sort_by(|a, b| {
        b.top_pay()
            .cmp(&a.top_pay())
            .then_with(|| a.guide.name.cmp(&b.guide.name))
    });
    let limit = cx.config.limits.chart_rows.max(1);
    let title = if rows.len() > limit {
        format!(
            "{title} (the top {limit} of {} by total comp; the table lists all)",
            rows.len()
        )
    } else {
        title.to_string()
    };
    let chart_rows: Vec<Row> = rows
        .iter()
        .take(limit)
        .map(|row| chart_row(label(row), row))
        .collect();
    let svg = chart::range_chart(id, &title, cx.converter.display, &chart_rows, &[]);
    (rows, svg)
}

const SERIES: [Series; 3] = [Series::Base, Series::EquityPerYear, Series::Total];

/// A comparison row as a chart row: its converted base, equity per year and
/// total, with the figures as written when they were converted.
fn chart_row(label: String, row: &CompareRow) -> Row {
    let converted = &row.converted;
    let bars = |ranges: [Option<MoneyRange>; 3]| -> Vec<(Series, MoneyRange)> {
        SERIES
            .into_iter()
            .zip(ranges)
            .filter_map(|(series, range)| Some((series, range?)))
            .collect()
    };
    Row {
        label,
        bars: bars([converted.base, converted.equity_per_year, converted.total]),
        written: converted.written.map(|(currency, ranges)| Written {
            currency,
            bars: bars(ranges),
        }),
    }
}

fn bands_of(cx: &SiteContext, guides: &[usize]) -> Vec<(usize, usize)> {
    guides
        .iter()
        .flat_map(|&g| (0..cx.guides[g].bands.len()).map(move |b| (g, b)))
        .collect()
}

#[derive(Serialize)]
struct RolePage<'a> {
    role: String,
    guides: Vec<&'a GuideCard>,
    rows: Vec<&'a CompareRow>,
    chart: String,
    comparisons: Vec<Link>,
}

/// Role `ri` compared across companies.
pub fn role(cx: &SiteContext, ri: usize) -> Page {
    let group = &cx.index.roles[ri];
    let title = format!("{} pay compared across companies", group.name);
    let (rows, chart) = table(
        cx,
        "role-chart",
        &format!("{title}, in {}", cx.converter.display),
        bands_of(cx, &group.guides).into_iter(),
        |r| format!("{} · {}", r.company.name, r.region.name),
    );
    let comparisons = cx.pair_links(None, Some(ri));
    cx.page(
        PageSpec {
            path: paths::role(&group.slug),
            template: "role.html",
            title: format!("{} pay by company", group.name),
            description: format!(
                "{title}: {} guides, every band in {}.",
                group.guides.len(),
                cx.converter.display
            ),
            breadcrumbs: vec![
                cx.home_crumb(),
                Link::new("Roles", Some(cx.urls.link(paths::ROLES))),
            ],
            section: "roles",
        },
        RolePage {
            role: group.name.clone(),
            guides: group.guides.iter().map(|&g| cx.card(g)).collect(),
            rows,
            chart,
            comparisons,
        },
    )
}

#[derive(Serialize)]
struct RegionPage<'a> {
    region: String,
    rows: Vec<&'a CompareRow>,
    chart: String,
}

/// Region `ri` across guides.
pub fn region(cx: &SiteContext, ri: usize) -> Page {
    let group = &cx.index.regions[ri];
    let title = format!("Pay in {}", group.name);
    let (rows, chart) = table(
        cx,
        "region-chart",
        &format!("{title}, every guide, in {}", cx.converter.display),
        group.bands.iter().copied(),
        |r| r.guide.name.clone(),
    );
    cx.page(
        PageSpec {
            path: paths::region(&group.name),
            template: "region.html",
            title: title.clone(),
            description: format!(
                "{title}: {} bands across companies and roles, in {}.",
                rows.len(),
                cx.converter.display
            ),
            breadcrumbs: vec![
                cx.home_crumb(),
                Link::new("Regions", Some(cx.urls.link(paths::REGIONS))),
            ],
            section: "regions",
        },
        RegionPage {
            region: group.name.clone(),
            rows,
            chart,
        },
    )
}

/// What a company-vs-company cell shows of a band: only these, so a page
/// of many regions hands its template little to copy.
#[derive(Serialize)]
struct PairCell<'a> {
    total: &'a str,
    bonus_target: Option<&'a str>,
    /// The total as written, when it was converted.
    written: Option<&'a str>,
}

impl<'a> PairCell<'a> {
    fn of(row: &'a CompareRow) -> PairCell<'a> {
        PairCell {
            total: &row.total,
            bonus_target: row.bonus_target.as_deref(),
            written: row.original.as_ref().map(|o| o.total.as_str()),
        }
    }
}

/// One region of a shared role: each company's band there, if it pays in it.
#[derive(Serialize)]
struct RegionPair<'a> {
    region: &'a Link,
    a: Option<PairCell<'a>>,
    b: Option<PairCell<'a>>,
    /// B's total comp against A's (`+12%`), when both pay in the region.
    difference: Option<String>,
    #[serde(skip)]
    rows: [Option<&'a CompareRow>; 2],
}

impl<'a> RegionPair<'a> {
    fn new(a: Option<&'a CompareRow>, b: Option<&'a CompareRow>) -> Option<RegionPair<'a>> {
        Some(RegionPair {
            region: &a.or(b)?.region,
            a: a.map(PairCell::of),
            b: b.map(PairCell::of),
            difference: a.zip(b).and_then(|(a, b)| difference(a, b)),
            rows: [a, b],
        })
    }
}

#[derive(Serialize)]
struct SharedRole<'a> {
    role: Link,
    /// Each company's guide for the role, with its as-of date.
    guides: Vec<&'a CompareRow>,
    #[serde(skip)]
    guide_indexes: [usize; 2],
    /// The regions both companies pay in first, then A's own, then B's.
    regions: Vec<RegionPair<'a>>,
}

#[derive(Serialize)]
struct PairPage<'a> {
    a: Link,
    b: Link,
    roles: Vec<SharedRole<'a>>,
    chart: String,
}

/// A total comp range as one figure to compare: its midpoint, or its lower
/// end when it has no top (an open `$300K+`).
fn comparable_total(row: &CompareRow) -> Option<u64> {
    let total = row.converted.total?;
    Some(match total.max {
        Some(max) => total.min.midpoint(max),
        None => total.min,
    })
}

/// B's total against A's, in whole percent of A's, signed (`+12%`, `−5%`).
fn difference(a: &CompareRow, b: &CompareRow) -> Option<String> {
    let (a, b) = (comparable_total(a)?, comparable_total(b)?);
    if a == 0 {
        return None;
    }
    let percent = ((b as f64 - a as f64) / a as f64 * 100.0).round() as i64;
    Some(match percent {
        0 => "0%".to_string(),
        p if p > 0 => format!("+{p}%"),
        p => format!("\u{2212}{}%", -p),
    })
}

/// Lines up two guides' bands region by region: the regions both pay in,
/// in A's order, then the regions only A pays in, then only B.
fn line_up<'a>(a: &[&'a CompareRow], b: &[&'a CompareRow]) -> Vec<RegionPair<'a>> {
    let keys = |rows: &[&CompareRow]| -> Vec<String> {
        rows.iter().map(|r| slugify(&r.region.name)).collect()
    };
    let (keys_a, keys_b) = (keys(a), keys(b));
    let in_b = |key: &String| keys_b.iter().position(|k| k == key).map(|i| b[i]);
    let (shared, only_a): (Vec<_>, Vec<_>) = a
        .iter()
        .zip(&keys_a)
        .map(|(&row, key)| (row, in_b(key)))
        .partition(|(_, other)| other.is_some());
    let only_b = b
        .iter()
        .zip(&keys_b)
        .filter(|(_, key)| !keys_a.contains(key))
        .map(|(&row, _)| (None, Some(row)));
    shared
        .into_iter()
        .chain(only_a)
        .map(|(row, other)| (Some(row), other))
        .chain(only_b)
        .filter_map(|(a, b)| RegionPair::new(a, b))
        .collect()
}

/// Company-vs-company page `pi` (index into `pairs`).
pub fn pair(cx: &SiteContext, pi: usize) -> Page {
    let (a, b, roles) = cx.pair(pi);
    let (ca, cb) = (&cx.index.companies[*a], &cx.index.companies[*b]);
    // From the two companies' guides, not the role's: a role can have
    // thousands of guides, a company a few. Each guide's role is read once,
    // not once per shared role.
    let role_guide = |guides: &[usize], slug: &str| {
        guides
            .iter()
            .copied()
            .find(|&g| cx.guides[g].role_slug() == slug)
    };
    let shared: Vec<SharedRole> = roles
        .iter()
        .filter_map(|&ri| {
            let role = &cx.index.roles[ri];
            let ga = role_guide(&ca.guides, &role.slug)?;
            let gb = role_guide(&cb.guides, &role.slug)?;
            let bands = |g: usize| -> Vec<&CompareRow> {
                (0..cx.guides[g].bands.len())
                    .map(|b| cx.row(g, b))
                    .collect()
            };
            let (bands_a, bands_b) = (bands(ga), bands(gb));
            Some(SharedRole {
                role: cx.index.role(&cx.guides[role.guides[0]]),
                guides: [&bands_a, &bands_b]
                    .iter()
                    .filter_map(|rows| rows.first().copied())
                    .collect(),
                guide_indexes: [ga, gb],
                regions: line_up(&bands_a, &bands_b),
            })
        })
        .collect();
    // Like with like: the chart draws the regions both pay in; a role they
    // share no region in is drawn by each company's highest band.
    let chart_rows: Vec<Row> = shared
        .iter()
        .flat_map(|s| {
            let both: Vec<&RegionPair> = s
                .regions
                .iter()
                .filter(|r| r.a.is_some() && r.b.is_some())
                .collect();
            let rows: Vec<&CompareRow> = if both.is_empty() {
                s.guide_indexes
                    .iter()
                    .filter_map(|&g| cx.top_row(g))
                    .collect()
            } else {
                both.iter().flat_map(|r| r.rows).flatten().collect()
            };
            rows.into_iter().map(move |r| (s, r))
        })
        .take(cx.config.limits.chart_rows.max(1))
        .map(|(s, r)| {
            chart_row(
                format!("{} · {} · {}", s.role.name, r.region.name, r.company.name),
                r,
            )
        })
        .collect();
    let chart = chart::range_chart(
        "pair-chart",
        &format!(
            "{} vs {}: each shared role in the regions both pay in, in {}",
            ca.name, cb.name, cx.converter.display
        ),
        cx.converter.display,
        &chart_rows,
        &[],
    );
    cx.page(
        PageSpec {
            path: paths::compare(&ca.slug, &cb.slug),
            template: "compare.html",
            title: format!("{} vs {}", ca.name, cb.name),
            description: format!(
                "{} vs {}: pay for the roles both hire for, side by side.",
                ca.name, cb.name
            ),
            breadcrumbs: vec![
                cx.home_crumb(),
                Link::new("Companies", Some(cx.urls.link(paths::COMPANIES))),
            ],
            section: "companies",
        },
        PairPage {
            a: cx.index.company(&ca.name),
            b: cx.index.company(&cb.name),
            roles: shared,
            chart,
        },
    )
}
