//! Small view types shared by page contexts. Figures arrive formatted; the
//! numbers beside them are for sorting and charts.

use super::currency::Converter;
use super::index::SiteIndex;
use crate::model::money::display_range;
use crate::model::{Band, Bonus, Currency, Guide, MoneyRange};
use serde::Serialize;

pub use super::urls::Link;

/// A guide as listed on hubs, home and search.
#[derive(Clone, Debug, Serialize)]
pub struct GuideCard {
    pub url: String,
    pub title: String,
    pub company: Link,
    pub role: Link,
    pub premium: Option<String>,
    pub regions: Vec<Link>,
    /// The highest total comp, in the display currency: `$300K+` when the
    /// highest has no upper end.
    pub top_total: Option<String>,
    pub top_total_value: u64,
    /// The highest total comp has no upper end.
    pub top_total_open: bool,
    /// The bonus target of the band with the highest total, which its total
    /// leaves out (`10-15% of base`).
    pub top_total_bonus_target: Option<String>,
    /// The tagline's tags, for the template to join as it shows them.
    pub tags: Vec<String>,
}

pub fn guide_card(index: &SiteIndex, converter: &Converter, i: usize) -> GuideCard {
    let guide = &index.guides[i];
    // An open end (`$300K+`) has no top: it is the highest, and never read
    // as topping out at its lower end.
    let top = guide
        .bands
        .iter()
        .filter_map(|band| Some((top_total(converter, band)?, band.bonus)))
        .max_by_key(|(top, _)| *top);
    let top_total_bonus_target = top.and_then(|(_, bonus)| bonus_target(bonus));
    let top_total_open = top.is_some_and(|(top, _)| top.open);
    let top = top.map(|(top, _)| top.value);
    GuideCard {
        url: index.guide(i).url.unwrap_or_default(),
        title: format!("{} at {}", guide.role, guide.company),
        company: index.company(&guide.company),
        role: index.role(guide),
        premium: guide
            .premium
            .as_ref()
            .map(|p| format!("+{} {}", p.range(), p.label)),
        regions: guide
            .bands
            .iter()
            .map(|b| index.region(&b.region))
            .collect(),
        top_total: top.map(|t| {
            display_range(
                converter.display,
                MoneyRange {
                    min: t,
                    max: (!top_total_open).then_some(t),
                },
            )
        }),
        top_total_value: top.unwrap_or(0),
        top_total_open,
        top_total_bonus_target,
        tags: guide.tags.clone(),
    }
}

/// A band's total comp at its top, in the display currency: what every page
/// ranks totals by and shows as a guide's or a region's highest. Ordered as
/// pages rank: an open end (`$300K+`) has no top, so it ranks above every
/// total that has one, and open ends among themselves by their lower end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TopTotal {
    pub open: bool,
    /// The upper end, or the lower end of an open one.
    pub value: u64,
}

pub fn top_total(converter: &Converter, band: &Band) -> Option<TopTotal> {
    let total = band.total?;
    Some(TopTotal {
        open: total.max.is_none(),
        value: converter.convert(total.top(), band.currency),
    })
}

/// Equity per vesting year: the figure total comp adds.
pub fn per_year(range: MoneyRange, years: Option<u32>) -> MoneyRange {
    let years = u64::from(years.unwrap_or(1).max(1));
    MoneyRange {
        min: (range.min + years / 2) / years,
        max: range.max.map(|m| (m + years / 2) / years),
    }
}

fn range_text(currency: Currency, range: Option<MoneyRange>) -> String {
    range.map_or_else(|| "—".to_string(), |r| display_range(currency, r))
}

pub fn bonus_text(currency: Currency, bonus: Option<Bonus>) -> String {
    match bonus {
        None => "—".to_string(),
        Some(Bonus::Money(range)) => display_range(currency, range),
        Some(Bonus::Percent(pct)) => format!("{pct} of base"),
    }
}

/// A percentage bonus is a target the format leaves out of total comp: said
/// beside every total it applies to, so two totals are never compared on
/// different definitions unawares.
pub fn bonus_target(bonus: Option<Bonus>) -> Option<String> {
    match bonus {
        Some(Bonus::Percent(pct)) => Some(format!("{pct} of base")),
        _ => None,
    }
}

/// A band row in its own currency.
#[derive(Clone, Debug, Serialize)]
pub struct BandView {
    pub region: Link,
    pub currency: String,
    pub base: String,
    pub equity: String,
    pub equity_per_year: String,
    pub bonus: String,
    pub total: String,
    /// A percentage bonus, which `total` leaves out.
    pub bonus_target: Option<String>,
    pub line: u32,
}

pub fn band_view(index: &SiteIndex, guide: &Guide, band: &Band) -> BandView {
    BandView {
        region: index.region(&band.region),
        currency: band.currency.to_string(),
        base: range_text(band.currency, band.base),
        equity: range_text(band.currency, band.equity),
        equity_per_year: range_text(
            band.currency,
            band.equity.map(|e| per_year(e, guide.vesting_years)),
        ),
        bonus: bonus_text(band.currency, band.bonus),
        total: range_text(band.currency, band.total),
        bonus_target: bonus_target(band.bonus),
        line: band.line,
    }
}

/// One band on a comparison page: converted figures, originals beside.
#[derive(Clone, Debug, Serialize)]
pub struct CompareRow {
    pub guide: Link,
    pub company: Link,
    pub role: Link,
    pub region: Link,
    pub base: String,
    pub equity_per_year: String,
    pub total: String,
    /// A percentage bonus, which `total` leaves out.
    pub bonus_target: Option<String>,
    pub total_value: u64,
    /// Keys a script sorts the table's figure columns by (`data-value`).
    pub sort: SortKeys,
    /// How old the guide's figures are (`YYYY-MM-DD`), when known.
    pub as_of: Option<String>,
    /// The guide's own figures when its currency is not the display one.
    pub original: Option<OriginalFigures>,
    #[serde(skip)]
    pub converted: ConvertedBand,
    #[serde(skip)]
    pub top: Option<TopTotal>,
}

/// A row's figures as sort keys: the top of each converted range, as the
/// pages rank them; empty where the band has no figure (sorted last).
#[derive(Clone, Debug, Default, Serialize)]
pub struct SortKeys {
    pub base: String,
    pub equity_per_year: String,
    pub total: String,
}

/// An open end (`$400K+`) has no top: it sorts above every range that has
/// one, as pages rank it, with its lower end deciding among open ends. The
/// offset stays below 2^53, so a script's numbers keep every key exact.
const OPEN_END_KEY: u64 = 1_000_000_000_000_000;

fn sort_key(range: Option<MoneyRange>) -> String {
    match range {
        Some(MoneyRange { min, max: None }) => (OPEN_END_KEY + min).to_string(),
        Some(range) => range.top().to_string(),
        None => String::new(),
    }
}

impl SortKeys {
    fn of(band: &ConvertedBand) -> SortKeys {
        SortKeys {
            base: sort_key(band.base),
            equity_per_year: sort_key(band.equity_per_year),
            total: sort_key(band.total),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct OriginalFigures {
    pub currency: String,
    pub base: String,
    pub equity_per_year: String,
    pub total: String,
}

/// A band's ranges in the display currency (for charts and ranking).
#[derive(Clone, Copy, Debug, Default)]
pub struct ConvertedBand {
    pub base: Option<MoneyRange>,
    pub equity_per_year: Option<MoneyRange>,
    pub total: Option<MoneyRange>,
    /// The band's own currency and base, equity per year and total as
    /// written, when it is not the display currency.
    pub written: Option<(Currency, [Option<MoneyRange>; 3])>,
}

impl CompareRow {
    /// Where the row ranks by top pay ([`TopTotal`]'s order), highest last.
    pub fn top_pay(&self) -> (bool, u64) {
        self.top.map_or((false, 0), |top| (top.open, top.value))
    }
}

pub fn compare_row(index: &SiteIndex, converter: &Converter, gi: usize, bi: usize) -> CompareRow {
    let guide = &index.guides[gi];
    let band = &guide.bands[bi];
    let convert =
        |range: Option<MoneyRange>| range.map(|r| converter.convert_range(r, band.currency));
    let equity_per_year = band.equity.map(|e| per_year(e, guide.vesting_years));
    let display = converter.display;
    let converted = ConvertedBand {
        base: convert(band.base),
        equity_per_year: convert(equity_per_year),
        total: convert(band.total),
        written: (band.currency != display)
            .then_some((band.currency, [band.base, equity_per_year, band.total])),
    };
    let top = top_total(converter, band);
    let original = (band.currency != display).then(|| OriginalFigures {
        currency: band.currency.to_string(),
        base: range_text(band.currency, band.base),
        equity_per_year: range_text(band.currency, equity_per_year),
        total: range_text(band.currency, band.total),
    });
    CompareRow {
        guide: index.guide(gi),
        company: index.company(&guide.company),
        role: index.role(guide),
        region: index.region(&band.region),
        base: range_text(display, converted.base),
        equity_per_year: range_text(display, converted.equity_per_year),
        total: range_text(display, converted.total),
        bonus_target: bonus_target(band.bonus),
        total_value: top.map_or(0, |top| top.value),
        sort: SortKeys::of(&converted),
        as_of: guide.as_of.as_ref().map(|as_of| as_of.date.clone()),
        original,
        converted,
        top,
    }
}
