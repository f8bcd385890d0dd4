//! Checks the figures of parsed guides: totals against their parts, the ask
//! against the floor, the floor against the band, and slugs across files.

use crate::diagnostic::{Code, Diagnostic, SourceText};
use crate::model::money::{format_money, format_range};
use crate::model::{Bonus, Guide, MoneyRange};
use crate::parse::{Marks, ParsedGuide};

/// All per-guide checks.
pub fn check_guide(parsed: &ParsedGuide, source: &SourceText, file: &str) -> Vec<Diagnostic> {
    let mut diagnostics = totals(&parsed.guide, &parsed.marks, source, file);
    diagnostics.extend(ask_and_floor(&parsed.guide, &parsed.marks, source, file));
    diagnostics
}

/// Picks one end of a range: its min, or its max (`None` when open).
type End = fn(MoneyRange) -> Option<u64>;

/// Whether `total` is `base + equity / years + bonus` within
/// max(1% of total, `absolute`). Exact: everything is scaled by `years`.
fn total_matches(total: u64, expected_times_years: u128, years: u64, absolute: u64) -> bool {
    let actual = u128::from(total) * u128::from(years);
    let diff = actual.abs_diff(expected_times_years);
    let tolerance = u128::from(total).max(100 * u128::from(absolute)) * u128::from(years);
    100 * diff <= tolerance
}

/// base + equity / years + money bonus, scaled by years, for one end of the
/// ranges (`None` when an end is open or the base is missing).
fn expected(
    base: Option<MoneyRange>,
    equity: Option<MoneyRange>,
    bonus: Option<Bonus>,
    years: u64,
    end: End,
) -> Option<u128> {
    let base = end(base?)?;
    let equity = match equity {
        Some(range) => end(range)?,
        None => 0,
    };
    let bonus = match bonus {
        Some(Bonus::Money(range)) => end(range)?,
        _ => 0,
    };
    Some((u128::from(base) + u128::from(bonus)) * u128::from(years) + u128::from(equity))
}

fn totals(guide: &Guide, marks: &Marks, source: &SourceText, file: &str) -> Vec<Diagnostic> {
    let years = u64::from(guide.vesting_years.unwrap_or(1));
    let mut diagnostics = Vec::new();
    for (band, mark) in guide.bands.iter().zip(&marks.totals) {
        let (Some(total), Some((cell, unit))) = (band.total, mark) else {
            continue;
        };
        // The table's precision: figures in K allow 1K; in M (¥12.5M) 1% alone.
        let absolute = if *unit <= 1_000 { 1_000 } else { 0 };
        let ends: [(&str, End); 2] = [("low", |r| Some(r.min)), ("high", |r| r.max)];
        let mut wrong = Vec::new();
        for (name, end) in ends {
            let (Some(stated), Some(sum)) = (
                end(total),
                expected(band.base, band.equity, band.bonus, years, end),
            ) else {
                continue;
            };
            if !total_matches(stated, sum, years, absolute) {
                let figure = (sum + u128::from(years) / 2) / u128::from(years);
                wrong.push((name, stated, u64::try_from(figure).unwrap_or(u64::MAX)));
            }
        }
        if wrong.is_empty() {
            continue;
        }
        let expected_text = wrong
            .iter()
            .map(|(name, _, figure)| format!("{name} end {}", format_money(band.currency, *figure)))
            .collect::<Vec<_>>()
            .join(", ");
        let formula = match (guide.vesting_years, band.bonus) {
            (Some(y), Some(Bonus::Money(_))) => format!("base + equity / {y} + bonus"),
            (Some(y), _) => format!("base + equity / {y}"),
            (None, Some(Bonus::Money(_))) => "base + equity + bonus".to_string(),
            (None, _) => "base + equity".to_string(),
        };
        diagnostics.push(
            Diagnostic::new(
                Code::TotalMismatch,
                file,
                format!(
                    "total comp {} for {} is not {formula}: expected {expected_text}",
                    format_range(band.currency, total),
                    band.region
                ),
            )
            .at(source.locate(cell.clone()))
            .label(format!("expected {expected_text}"))
            .help("fix the total or its parts; the tolerance is 1% or 1K, whichever is larger"),
        );
    }
    diagnostics
}

fn ask_and_floor(guide: &Guide, marks: &Marks, source: &SourceText, file: &str) -> Vec<Diagnostic> {
    let Some(strategy) = &guide.strategy else {
        return Vec::new();
    };
    let currency = strategy.currency.or_else(|| guide.currency());
    let Some(currency) = currency else {
        return Vec::new();
    };
    // Point at the word `floor` in the script, else at the script's start.
    let location = marks.strategy.as_ref().map(|range| {
        let text = &source.text[range.clone()];
        let at = text
            .to_lowercase()
            .find("floor")
            .filter(|i| text.is_char_boundary(*i) && text.is_char_boundary(i + 5))
            .map_or(range.start..range.start, |i| {
                range.start + i..range.start + i + 5
            });
        source.locate(at)
    });
    let at = |diagnostic: Diagnostic| match &location {
        Some(location) => diagnostic.at(location.clone()),
        None => diagnostic,
    };
    let mut diagnostics = Vec::new();
    let pairs = [
        ("base", strategy.ask.base, strategy.floor.base),
        ("equity", strategy.ask.equity, strategy.floor.equity),
    ];
    for (what, ask, floor) in pairs {
        if let (Some(ask), Some(floor)) = (ask, floor)
            && ask < floor
        {
            diagnostics.push(at(Diagnostic::new(
                Code::AskBelowFloor,
                file,
                format!(
                    "the ask's {what} {} is below the floor {}",
                    format_money(currency, ask),
                    format_money(currency, floor)
                ),
            )
            .help(
                "the ask should be at or above the floor: raise the ask or lower the floor",
            )));
        }
    }
    // An open base (`$300K+`) has no highest figure, so no floor is above
    // the band: the check is skipped, as the totals check skips an open end.
    let top_base = guide
        .bands
        .iter()
        .filter(|band| band.currency == currency)
        .filter_map(|band| band.base)
        .map(|base| base.max)
        .collect::<Option<Vec<u64>>>()
        .and_then(|tops| tops.into_iter().max());
    if let (Some(floor), Some(top)) = (strategy.floor.base, top_base)
        && floor > top
    {
        diagnostics.push(at(Diagnostic::new(
            Code::FloorAboveBand,
            file,
            format!(
                "the floor {} is above the band's highest base {}",
                format_money(currency, floor),
                format_money(currency, top)
            ),
        )
        .help(
            "a floor above every band will not be met: check the floor or the band table",
        )));
    }
    diagnostics
}

/// A guide and where it came from, for checks across files.
pub struct Placed<'a> {
    pub parsed: &'a ParsedGuide,
    pub file: &'a str,
    pub source: &'a SourceText,
}

/// Every guide after the first (in file-name order) that reuses a slug.
pub fn duplicate_slugs(guides: &[Placed]) -> Vec<Diagnostic> {
    // Each slug's first file by name, without sorting every file name: the
    // dev server asks after every save. Callers sort the diagnostics.
    let mut first_by_slug: std::collections::HashMap<&str, &str> =
        std::collections::HashMap::with_capacity(guides.len());
    for placed in guides {
        first_by_slug
            .entry(placed.parsed.guide.slug.as_str())
            .and_modify(|first| *first = (*first).min(placed.file))
            .or_insert(placed.file);
    }
    guides
        .iter()
        .filter_map(|placed| {
            let slug = placed.parsed.guide.slug.as_str();
            let first = first_by_slug[slug];
            if first == placed.file {
                return None;
            }
            let mut diagnostic = Diagnostic::new(
                Code::DuplicateSlug,
                placed.file,
                format!("slug `{slug}` is already used by {first}"),
            )
            .help("two guides cannot share a page: merge them, or set a different `slug` in front matter");
            if let Some(range) = &placed.parsed.marks.title {
                diagnostic = diagnostic.at(placed.source.locate(range.clone()));
            }
            Some(diagnostic)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerance_is_one_percent_or_one_k_exactly() {
        // 265K + 425K / 4 = 371.25K; stated 371K is within 1K.
        let sum = expected(
            Some(MoneyRange::exact(265_000)),
            Some(MoneyRange::exact(425_000)),
            None,
            4,
            |r| Some(r.min),
        )
        .unwrap();
        assert!(total_matches(371_000, sum, 4, 1_000));
        assert!(!total_matches(380_000, sum, 4, 1_000));
        // ¥ tables in M: 1% alone.
        let sum = expected(Some(MoneyRange::exact(12_000_000)), None, None, 1, |r| {
            Some(r.min)
        })
        .unwrap();
        assert!(total_matches(12_100_000, sum, 1, 0));
        assert!(!total_matches(12_200_000, sum, 1, 0));
        // An open end skips the check.
        let open = MoneyRange {
            min: 300_000,
            max: None,
        };
        assert!(expected(Some(open), None, None, 4, |r| r.max).is_none());
    }
}
