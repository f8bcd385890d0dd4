//! The offer check's data: the few figures of one guide that the page's
//! script needs to place a reader's offer against its bands, its ask and
//! its floor, and which of its levers speak to each gap. It is embedded in
//! the guide page as a JSON island, so the check works on static hosting,
//! makes no request, and reads nothing of other guides.

use crate::model::{Band, Bonus, Currency, Guide, Lever, MoneyRange};
use crate::site::currency::Converter;
use serde::Serialize;

#[derive(Serialize)]
struct OfferData {
    vesting_years: Option<u32>,
    bands: Vec<BandData>,
    script: Option<ScriptData>,
    /// One unit of each currency the guide uses, in the display currency:
    /// to compare an offer in one region's currency with a script in another.
    rates: Vec<(String, f64)>,
    levers: Vec<LeverData>,
}

#[derive(Serialize)]
struct BandData {
    region: String,
    currency: String,
    /// What goes before a figure: `$`, `£`, `CHF `.
    prefix: String,
    base: Option<MoneyRange>,
    equity: Option<MoneyRange>,
    bonus: Option<MoneyRange>,
    /// A percentage bonus (a target, not added to the total), in percent.
    bonus_pct: Option<(f64, f64)>,
    total: Option<MoneyRange>,
}

#[derive(Serialize)]
struct ScriptData {
    currency: String,
    prefix: String,
    ask_base: Option<u64>,
    ask_equity: Option<u64>,
    ask_total: Option<u64>,
    floor_base: Option<u64>,
}

#[derive(Serialize)]
struct LeverData {
    number: usize,
    title: String,
    topics: Vec<&'static str>,
}

/// What a lever argues for, read from its title and premium: which gaps in
/// an offer it answers.
fn lever_topics(lever: &Lever) -> Vec<&'static str> {
    let title = lever.title.as_deref().unwrap_or_default().to_lowercase();
    let mut topics = Vec::new();
    if lever.premium.is_some() || title.contains("premium") {
        topics.push("premium");
    }
    if title.contains("level") || title.contains("scope") {
        topics.push("level");
    }
    if title.contains("compet") || title.contains("offer") {
        topics.push("competing");
    }
    if ["equity", "rsu", "grant", "stock", "option"]
        .iter()
        .any(|word| title.contains(word))
    {
        topics.push("equity");
    }
    if title.contains("sign") || title.contains("bonus") {
        topics.push("signing");
    }
    topics
}

fn band_data(band: &Band) -> BandData {
    let (bonus, bonus_pct) = match band.bonus {
        Some(Bonus::Money(range)) => (Some(range), None),
        Some(Bonus::Percent(range)) => (
            None,
            Some((
                f64::from(range.min_pct.0) / 100.0,
                f64::from(range.max_pct.0) / 100.0,
            )),
        ),
        None => (None, None),
    };
    BandData {
        region: band.region.clone(),
        currency: band.currency.to_string(),
        prefix: band.currency.prefix(),
        base: band.base,
        equity: band.equity,
        bonus,
        bonus_pct,
        total: band.total,
    }
}

/// The guide's offer-check island, ready to sit inside
/// `<script type="application/json">`: none when it has no band with a
/// base to place an offer against.
pub fn offer_data(guide: &Guide, converter: &Converter) -> Option<String> {
    if !guide.bands.iter().any(|band| band.base.is_some()) {
        return None;
    }
    let fallback = guide.bands.first().map(|band| band.currency);
    let script = guide.strategy.as_ref().and_then(|strategy| {
        let currency = strategy.currency.or(fallback)?;
        Some(ScriptData {
            currency: currency.to_string(),
            prefix: currency.prefix(),
            ask_base: strategy.ask.base,
            ask_equity: strategy.ask.equity,
            ask_total: strategy.ask.total,
            floor_base: strategy.floor.base,
        })
    });
    let mut currencies: Vec<Currency> = guide.bands.iter().map(|band| band.currency).collect();
    currencies.extend(guide.strategy.as_ref().and_then(|s| s.currency));
    currencies.sort_by(|a, b| a.code().cmp(b.code()));
    currencies.dedup();
    let rates = currencies
        .into_iter()
        .filter_map(|currency| {
            let rate = if currency == converter.display {
                1.0
            } else {
                converter.rate(currency)?
            };
            Some((currency.to_string(), rate))
        })
        .collect();
    let data = OfferData {
        vesting_years: guide.vesting_years,
        bands: guide.bands.iter().map(band_data).collect(),
        script,
        rates,
        levers: guide
            .levers
            .iter()
            .enumerate()
            .map(|(i, lever)| LeverData {
                number: i + 1,
                title: lever
                    .title
                    .clone()
                    .unwrap_or_else(|| format!("Lever {}", i + 1)),
                topics: lever_topics(lever),
            })
            .collect(),
    };
    let json = serde_json::to_string(&data).ok()?;
    // Inside a script element only `</script` (and `<!--`) could end or
    // change it: `<` never appears raw.
    Some(json.replace('<', "\\u003c"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Percent, PercentRange};

    fn lever(title: &str, premium: bool) -> Lever {
        Lever {
            title: Some(title.to_string()),
            premium: premium.then_some(PercentRange {
                min_pct: Percent::whole(10),
                max_pct: Percent::whole(20),
            }),
            text: String::new(),
            line: 1,
            offers: Vec::new(),
            currency: None,
        }
    }

    #[test]
    fn levers_are_sorted_by_the_gap_they_answer() {
        assert_eq!(
            lever_topics(&lever("Agentic AI Premium", true)),
            ["premium"]
        );
        assert_eq!(
            lever_topics(&lever("Level Before Dollars", false)),
            ["level"]
        );
        assert_eq!(
            lever_topics(&lever("Competing Lab Offers", false)),
            ["competing"]
        );
        assert_eq!(
            lever_topics(&lever("Equity Refresh and Signing Bonus", false)),
            ["equity", "signing"]
        );
        assert!(lever_topics(&lever("Relocation", false)).is_empty());
    }
}
