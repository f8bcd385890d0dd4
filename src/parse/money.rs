//! Money, ranges and percentages as authors write them: `$265K-$335K`,
//! `CHF 190K-245K`, `€95K to 130K`, `$300K+`, `¥12.5M`, `10-15%`.
//! Arithmetic is integer-only, so decimals are exact.

use crate::diagnostic::excerpt;
use crate::model::{Currency, MoneyRange, Percent, PercentRange};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Amounts above this are refused: no salary comes near it, and sums of a
/// few such figures stay far from `u64` overflow.
pub const MAX_AMOUNT: u64 = 1_000_000_000_000_000;

const CURRENCY: &str = r"C\$|A\$|S\$|\$|£|€|¥|₹|[A-Z]{3}";
const NUMBER: &str = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?";
const SEPARATOR: &str = r"\s*(?:[-–—]|(?-u:\b)to(?-u:\b))\s*";

static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    let amount = |n: u8| {
        format!(r"(?:(?P<cur{n}>{CURRENCY})\s*)?(?P<num{n}>{NUMBER})\s*(?P<suf{n}>[KkMmBb])?")
    };
    Regex::new(&format!(
        r"^{}\s*(?:(?P<plus>\+)|{SEPARATOR}{})?$",
        amount(1),
        amount(2)
    ))
    .expect("money range pattern")
});

static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\+?\s*(?P<a>\d+(?:\.\d+)?)\s*%?(?:{SEPARATOR}\+?\s*(?P<b>\d+(?:\.\d+)?))?\s*%$"
    ))
    .expect("percent pattern")
});

/// Currencies recognised before a figure in prose; any ISO code works in a
/// table cell, but in a sentence `RSU 4` must not read as money.
const PROSE_CODES: &str =
    "AUD|BRL|CAD|CHF|CNY|CZK|DKK|EUR|GBP|HKD|ILS|INR|JPY|KRW|MXN|NOK|NZD|PLN|SEK|SGD|USD|ZAR";

static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    let prose_currency = format!(r"C\$|A\$|S\$|\$|£|€|¥|₹|(?-u:\b)(?:{PROSE_CODES})\s?");
    let one = |n: u8| {
        format!(r"(?P<cur{n}>{prose_currency})\s?(?P<num{n}>{NUMBER})(?P<suf{n}>[KkMmBb](?-u:\b))?")
    };
    let tail =
        format!(r"(?P<cur2>{prose_currency})?\s?(?P<num2>{NUMBER})(?P<suf2>[KkMmBb](?-u:\b))?");
    Regex::new(&format!(r"{}(?:(?P<plus>\+)|{SEPARATOR}{tail})?", one(1))).expect("figure pattern")
});

/// What a band table cell holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellValue {
    /// `—`, `-`, `–`, empty, `n/a` or `none`.
    Empty,
    Money {
        currency: Currency,
        range: MoneyRange,
        /// The unit the figures were written in (1, 1_000, 1_000_000 …):
        /// the precision the total-comp tolerance allows for.
        unit: u64,
    },
    Percent(PercentRange),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoneyError {
    pub message: String,
    pub help: String,
}

impl MoneyError {
    fn new(message: impl Into<String>, help: impl Into<String>) -> MoneyError {
        MoneyError {
            message: message.into(),
            help: help.into(),
        }
    }
}

const MONEY_HELP: &str =
    "write e.g. `$265K-$335K`, `£201K – £255K`, `CHF 190K-245K`, `€95K to 130K` or `$300K+`";

fn is_empty_cell(text: &str) -> bool {
    let text = text.trim();
    ["", "-", "—", "–", "n/a", "na", "none"]
        .iter()
        .any(|empty| text.eq_ignore_ascii_case(empty))
}

/// Parses a band table cell: money (single figure, range or open range),
/// a percentage, or nothing.
pub fn parse_cell(text: &str) -> Result<CellValue, MoneyError> {
    let text = text.trim();
    if is_empty_cell(text) {
        return Ok(CellValue::Empty);
    }
    if let Some(range) = parse_percent_range(text) {
        return Ok(CellValue::Percent(range));
    }
    let quoted = excerpt(text);
    let caps = RANGE.captures(text).ok_or_else(|| {
        MoneyError::new(
            format!("`{quoted}` is not a money amount or range"),
            MONEY_HELP,
        )
    })?;
    let currency_of = |group: &str| -> Result<Option<Currency>, MoneyError> {
        caps.name(group)
            .map(|m| {
                Currency::from_symbol(m.as_str())
                    .or_else(|| Currency::from_code(m.as_str()))
                    .ok_or_else(|| {
                        MoneyError::new(format!("unknown currency `{}`", m.as_str()), MONEY_HELP)
                    })
            })
            .transpose()
    };
    let left_currency = currency_of("cur1")?;
    let right_currency = currency_of("cur2")?;
    let currency = match (left_currency, right_currency) {
        (Some(left), Some(right)) if left != right => {
            return Err(MoneyError::new(
                format!("`{quoted}` mixes {left} and {right}"),
                "one currency per cell: convert one side",
            ));
        }
        (Some(currency), _) | (None, Some(currency)) => currency,
        (None, None) => {
            return Err(MoneyError::new(
                format!("`{quoted}` has no currency"),
                "put the currency before the number: `$265K`, `£201K` or `CHF 190K`",
            ));
        }
    };
    let suffix = |group: &str| caps.name(group).map(|m| m.as_str());
    let min = amount(&caps["num1"], suffix("suf1"))?;
    let unit = unit_of(suffix("suf1"));
    let max = match caps.name("num2") {
        None if caps.name("plus").is_some() => None,
        None => Some(min),
        Some(num2) => {
            if suffix("suf1").is_some() != suffix("suf2").is_some() {
                return Err(MoneyError::new(
                    format!("`{quoted}`: each side of a range carries its own K/M/B"),
                    format!(
                        "write `{}{}{}-{}{}{}`",
                        left_currency.map(|c| c.prefix()).unwrap_or_default(),
                        &caps["num1"],
                        suffix("suf1").or(suffix("suf2")).unwrap_or_default(),
                        left_currency.map(|c| c.prefix()).unwrap_or_default(),
                        num2.as_str(),
                        suffix("suf2").or(suffix("suf1")).unwrap_or_default(),
                    ),
                ));
            }
            Some(amount(num2.as_str(), suffix("suf2"))?)
        }
    };
    Ok(CellValue::Money {
        currency,
        range: MoneyRange { min, max },
        unit,
    })
}

fn unit_of(suffix: Option<&str>) -> u64 {
    match suffix {
        Some("K" | "k") => 1_000,
        Some("M" | "m") => 1_000_000,
        Some("B" | "b") => 1_000_000_000,
        _ => 1,
    }
}

/// `95,000` → 95000; `1.2` with `M` → 1_200_000; `95,000.50` → 95001
/// (whole units, half up). Larger than [`MAX_AMOUNT`] is an error.
fn amount(number: &str, suffix: Option<&str>) -> Result<u64, MoneyError> {
    if !number.is_ascii() {
        return Err(MoneyError::new(
            format!("`{}` is written in digits other than 0-9", excerpt(number)),
            "use ASCII digits (0-9) in amounts",
        ));
    }
    let digits = number.replace(',', "");
    let (whole, frac) = digits.split_once('.').unwrap_or((&digits, ""));
    let too_large = || {
        MoneyError::new(
            format!(
                "`{}{}` is too large",
                excerpt(number),
                suffix.unwrap_or_default()
            ),
            "amounts are whole currency units up to 10^15",
        )
    };
    if whole.len() > 18 || frac.len() > 18 {
        return Err(too_large());
    }
    let scale = 10u128.pow(frac.len() as u32);
    let mantissa: u128 = format!("{whole}{frac}").parse().map_err(|_| too_large())?;
    // 36 digits times a billion passes u128: checked, or a release build
    // would wrap it into some small, wrong amount.
    let rounded = mantissa
        .checked_mul(u128::from(unit_of(suffix)))
        .and_then(|scaled| scaled.checked_add(scale / 2))
        .ok_or_else(too_large)?
        / scale;
    u64::try_from(rounded)
        .ok()
        .filter(|value| *value <= MAX_AMOUNT)
        .ok_or_else(too_large)
}

fn percent(number: &str) -> Option<Percent> {
    let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
    if frac.len() > 2 || whole.len() > 6 {
        return None;
    }
    let whole: u32 = whole.parse().ok()?;
    let frac: u32 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<2}").parse().ok()?
    };
    Some(Percent(whole * 100 + frac))
}

/// `15%`, `10-15%`, `10%-15%`, `+20-35%`.
pub fn parse_percent_range(text: &str) -> Option<PercentRange> {
    // Most cells are money: no `%`, no need to run the pattern.
    if !text.contains('%') {
        return None;
    }
    let caps = PERCENT.captures(text.trim())?;
    let min_pct = percent(&caps["a"])?;
    let max_pct = caps
        .name("b")
        .map_or(Some(min_pct), |b| percent(b.as_str()))?;
    Some(PercentRange { min_pct, max_pct })
}

/// A money figure found in prose (a script or a lever).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    /// Byte range of the figure in the text searched.
    pub span: Range<usize>,
    pub currency: Currency,
    pub amount: u64,
    /// The upper end when the figure is a range (`$370K-$400K`).
    pub max: Option<u64>,
}

/// Every money figure in `text`, left to right. Figures that overflow are skipped.
pub fn figures(text: &str) -> Vec<Figure> {
    FIGURE
        .captures_iter(text)
        .filter_map(|caps| {
            let symbol = caps["cur1"].trim();
            let currency = Currency::from_symbol(symbol).or_else(|| Currency::from_code(symbol))?;
            let suffix1 = caps.name("suf1").map(|m| m.as_str());
            let amount_min = amount(&caps["num1"], suffix1).ok()?;
            let max = match caps.name("num2") {
                Some(num2) => {
                    let suffix2 = caps.name("suf2").map(|m| m.as_str()).or(suffix1);
                    amount(num2.as_str(), suffix2).ok()
                }
                None => None,
            };
            let whole = caps.get(0)?;
            Some(Figure {
                span: whole.start()..whole.end(),
                currency,
                amount: amount_min,
                max,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_in_the_format_doc_parses() {
        let cases: &[(&str, &str, u64, Option<u64>)] = &[
            ("$265K-$335K", "USD", 265_000, Some(335_000)),
            ("$200K - $250K", "USD", 200_000, Some(250_000)),
            ("£201K–£255K", "GBP", 201_000, Some(255_000)),
            ("£201K — £255K", "GBP", 201_000, Some(255_000)),
            ("€95K to 130K", "EUR", 95_000, Some(130_000)),
            ("€95K to €130K", "EUR", 95_000, Some(130_000)),
            ("CHF 190K-245K", "CHF", 190_000, Some(245_000)),
            ("CHF190K-CHF245K", "CHF", 190_000, Some(245_000)),
            ("C$180K-C$240K", "CAD", 180_000, Some(240_000)),
            ("A$150k-A$200k", "AUD", 150_000, Some(200_000)),
            ("S$160K-S$210K", "SGD", 160_000, Some(210_000)),
            ("₹45K", "INR", 45_000, Some(45_000)),
            ("$300K+", "USD", 300_000, None),
            ("$1.2M", "USD", 1_200_000, Some(1_200_000)),
            ("$1.2m-$1.5m", "USD", 1_200_000, Some(1_500_000)),
            ("$2B", "USD", 2_000_000_000, Some(2_000_000_000)),
            ("$2b+", "USD", 2_000_000_000, None),
        ];
        for &(text, code, min, max) in cases {
            let Ok(CellValue::Money {
                currency, range, ..
            }) = parse_cell(text)
            else {
                panic!("{text}: {:?}", parse_cell(text));
            };
            assert_eq!(currency.code(), code, "{text}");
            assert_eq!(range, MoneyRange { min, max }, "{text}");
        }
    }

    #[test]
    fn plain_digits_decimals_and_units() {
        let cases: &[(&str, &str, u64, Option<u64>, u64)] = &[
            ("$95,000-$120,000", "USD", 95_000, Some(120_000), 1),
            ("$95,000.50", "USD", 95_001, Some(95_001), 1),
            (
                "¥12.5M-¥18M",
                "JPY",
                12_500_000,
                Some(18_000_000),
                1_000_000,
            ),
            ("₹4,500K-₹6,000K", "INR", 4_500_000, Some(6_000_000), 1_000),
            ("USD 200K", "USD", 200_000, Some(200_000), 1_000),
            ("SEK 900K to 1,200K", "SEK", 900_000, Some(1_200_000), 1_000),
        ];
        for &(text, code, min, max, unit) in cases {
            assert_eq!(
                parse_cell(text).unwrap(),
                CellValue::Money {
                    currency: Currency::from_code(code).unwrap(),
                    range: MoneyRange { min, max },
                    unit
                },
                "{text}"
            );
        }
    }

    #[test]
    fn empty_markers_and_percentages() {
        for text in ["", "—", "-", "–", "N/A", "none"] {
            assert_eq!(parse_cell(text).unwrap(), CellValue::Empty, "{text:?}");
        }
        let pct = |a, b| {
            CellValue::Percent(PercentRange {
                min_pct: Percent::whole(a),
                max_pct: Percent::whole(b),
            })
        };
        assert_eq!(parse_cell("15%").unwrap(), pct(15, 15));
        assert_eq!(parse_cell("10-15%").unwrap(), pct(10, 15));
        assert_eq!(parse_cell("10%-15%").unwrap(), pct(10, 15));
        assert_eq!(parse_cell("10% – 15%").unwrap(), pct(10, 15));
        assert_eq!(parse_percent_range("+7.5%").unwrap().min_pct, Percent(750));
        assert_eq!(
            parse_percent_range("+20-35%").unwrap(),
            PercentRange {
                min_pct: Percent::whole(20),
                max_pct: Percent::whole(35)
            }
        );
    }

    #[test]
    fn junk_is_refused_with_a_reason() {
        let cases: &[(&str, &str)] = &[
            ("$210-295K", "each side"),
            ("$210K-295", "each side"),
            ("265K-335K", "no currency"),
            ("$265K-£335K", "mixes"),
            ("lots", "not a money"),
            ("$", "not a money"),
            ("$12.5.5K", "not a money"),
            ("$99999999999999B", "too large"),
            ("$888888888888888888.888888888888888888B", "too large"),
            ("$300K++", "not a money"),
            ("$1K-$2K-$3K", "not a money"),
            ("competitive", "not a money"),
            ("$-5K", "not a money"),
        ];
        for (text, reason) in cases {
            let err = parse_cell(text).expect_err(text);
            assert!(err.message.contains(reason), "{text}: {}", err.message);
        }
    }

    #[test]
    fn figures_in_prose() {
        let text = "Holding OpenAI at $280K / $700K equity, TC at $1.2M, CHF 250K base, RSU 4 years, $370K-$400K TC, $300K+ base.";
        let found: Vec<_> = figures(text)
            .into_iter()
            .map(|f| (f.amount, f.max))
            .collect();
        assert_eq!(
            found,
            [
                (280_000, None),
                (700_000, None),
                (1_200_000, None),
                (250_000, None),
                (370_000, Some(400_000)),
                (300_000, None)
            ]
        );
    }
}
