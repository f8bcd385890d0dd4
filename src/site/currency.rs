//! Converts figures into the display currency for comparison pages.

use crate::config::SiteConfig;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Currency, Guide, MoneyRange};
use std::collections::HashMap;

#[derive(Clone, Debug)]
pub struct Converter {
    pub display: Currency,
    rates: HashMap<Currency, f64>,
}

impl Converter {
    /// A converter for every currency the guides use; a currency without a
    /// rate is an error naming it (and the guides that use it).
    pub fn new<'g>(
        config: &SiteConfig,
        guides: impl IntoIterator<Item = &'g Guide>,
    ) -> Result<Converter, Vec<Diagnostic>> {
        let display = config.display_currency();
        let mut rates: HashMap<Currency, f64> = config
            .currency
            .rates
            .iter()
            .filter_map(|(code, rate)| Some((Currency::from_code(code)?, *rate)))
            .collect();
        rates.insert(display, 1.0);
        let mut missing: Vec<(Currency, Vec<&'g str>)> = Vec::new();
        for guide in guides {
            for band in &guide.bands {
                if rates.contains_key(&band.currency) {
                    continue;
                }
                match missing.iter_mut().find(|(c, _)| *c == band.currency) {
                    Some((_, users)) if !users.contains(&guide.source.as_str()) => {
                        users.push(&guide.source)
                    }
                    Some(_) => {}
                    None => missing.push((band.currency, vec![&guide.source])),
                }
            }
        }
        if missing.is_empty() {
            return Ok(Converter { display, rates });
        }
        Err(missing
            .into_iter()
            .map(|(currency, users)| {
                Diagnostic::new(
                    Code::MissingRate,
                    crate::config::CONFIG_FILE,
                    format!("no rate from {currency} to {display} in [currency] rates (used by {})", users.join(", ")),
                )
                .help(format!("add it: rates = {{ {currency} = … }} (how many {display} one {currency} is worth)"))
            })
            .collect())
    }

    /// How many display units one unit of `from` is worth, if the site says.
    pub fn rate(&self, from: Currency) -> Option<f64> {
        self.rates.get(&from).copied()
    }

    /// `range` in the display currency, each end rounded to whole units.
    pub fn convert_range(&self, range: MoneyRange, from: Currency) -> MoneyRange {
        MoneyRange {
            min: self.convert(range.min, from),
            max: range.max.map(|max| self.convert(max, from)),
        }
    }

    /// `amount` in the display currency, rounded to whole units.
    pub fn convert(&self, amount: u64, from: Currency) -> u64 {
        let rate = self.rates.get(&from).copied().unwrap_or(1.0);
        // Figures are at most 10^15, well inside f64's exact integer range.
        (amount as f64 * rate).round() as u64
    }
}
