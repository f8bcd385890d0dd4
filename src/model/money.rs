//! Money as integer whole units beside an ISO 4217 code, and percentages.
//!
//! Figures are never floats: `¥12.5M` is exactly 12_500_000 and comparisons
//! against tolerances stay exact.

use serde::{Serialize, Serializer};
use std::fmt;

/// An ISO 4217 code: three ASCII upper-case letters.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

/// Symbols authors write before a number, longest first so that `C$` wins over `$`.
pub const SYMBOLS: &[(&str, &str)] = &[
    ("C$", "CAD"),
    ("A$", "AUD"),
    ("S$", "SGD"),
    ("$", "USD"),
    ("£", "GBP"),
    ("€", "EUR"),
    ("¥", "JPY"),
    ("₹", "INR"),
];

impl Currency {
    pub const USD: Currency = Currency(*b"USD");

    /// Parses a three-letter upper-case code.
    pub fn from_code(code: &str) -> Option<Currency> {
        let bytes = code.as_bytes();
        if bytes.len() == 3 && bytes.iter().all(u8::is_ascii_uppercase) {
            Some(Currency([bytes[0], bytes[1], bytes[2]]))
        } else {
            None
        }
    }

    /// The currency a symbol (`$`, `£`, `C$` …) stands for.
    pub fn from_symbol(symbol: &str) -> Option<Currency> {
        SYMBOLS
            .iter()
            .find(|(sym, _)| *sym == symbol)
            .and_then(|(_, code)| Currency::from_code(code))
    }

    pub fn code(&self) -> &str {
        // Constructed only from ASCII upper-case letters.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// What goes before the number when a figure is shown: `$`, `£`, or `CHF `.
    pub fn prefix(&self) -> String {
        let mut prefix = String::new();
        self.push_prefix(&mut prefix);
        prefix
    }

    /// [`Currency::prefix`], appended to `out`: figures are shown by the
    /// hundred thousand, so none of them allocates a prefix of its own.
    fn push_prefix(&self, out: &mut String) {
        match SYMBOLS.iter().find(|(_, code)| code.as_bytes() == self.0) {
            Some((symbol, _)) => out.push_str(symbol),
            None => {
                out.push_str(self.code());
                out.push(' ');
            }
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.code())
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

/// A range of whole currency units; `max` is `None` for an open end (`$300K+`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct MoneyRange {
    pub min: u64,
    pub max: Option<u64>,
}

impl MoneyRange {
    /// A one-figure range, for tests.
    #[cfg(test)]
    pub fn exact(amount: u64) -> MoneyRange {
        MoneyRange {
            min: amount,
            max: Some(amount),
        }
    }

    /// The highest figure the range states: its max, or its min when open.
    pub fn top(&self) -> u64 {
        self.max.unwrap_or(self.min)
    }
}

/// A percentage stored in hundredths so that `7.5%` stays exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Percent(pub u32);

impl Percent {
    pub fn whole(value: u32) -> Percent {
        Percent(value * 100)
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, frac) = (self.0 / 100, self.0 % 100);
        match frac {
            0 => write!(f, "{whole}"),
            f10 if f10 % 10 == 0 => write!(f, "{whole}.{}", f10 / 10),
            _ => write!(f, "{whole}.{frac:02}"),
        }
    }
}

impl Serialize for Percent {
    /// Whole percentages serialize as integers (`20`), others as decimals (`7.5`).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.is_multiple_of(100) {
            serializer.serialize_u32(self.0 / 100)
        } else {
            serializer.serialize_f64(f64::from(self.0) / 100.0)
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PercentRange {
    pub min_pct: Percent,
    pub max_pct: Percent,
}

impl fmt::Display for PercentRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.min_pct == self.max_pct {
            write!(f, "{}%", self.min_pct)
        } else {
            write!(f, "{}-{}%", self.min_pct, self.max_pct)
        }
    }
}

/// Formats an amount compactly and exactly, so that parsing the result gives
/// the same amount back: 371_000 → `371K`, 371_250 → `371.25K`, 1_200_000 → `1.2M`.
pub fn format_amount(amount: u64) -> String {
    const UNITS: &[(u64, &str)] = &[(1_000_000_000, "B"), (1_000_000, "M"), (1_000, "K")];
    for &(unit, suffix) in UNITS {
        if amount >= unit {
            let (whole, rest) = (amount / unit, amount % unit);
            if rest == 0 {
                return format!("{whole}{suffix}");
            }
            // Keep at most three decimals so figures stay readable; finer amounts
            // fall through to a smaller unit (or to plain digits).
            let digits = unit.ilog10() as usize;
            let frac = format!("{rest:0digits$}");
            let frac = frac.trim_end_matches('0');
            if frac.len() <= 3 {
                return format!("{whole}.{frac}{suffix}");
            }
        }
    }
    amount.to_string()
}

/// `$371K`, `£282.5K`, `CHF 190K`.
pub fn format_money(currency: Currency, amount: u64) -> String {
    format!("{}{}", currency.prefix(), format_amount(amount))
}

/// `$265K–$335K`, or `$300K+` for an open range. An end under 1K beside
/// one over it is written in K too (`$0.5K–$2K`): the parser wants a K/M/B
/// on both ends of a range or on neither, and this must parse back.
pub fn format_range(currency: Currency, range: MoneyRange) -> String {
    let plain = |amount: u64| amount < 1_000;
    let mixed = range.max.is_some_and(|max| plain(range.min) != plain(max));
    join_range(range, |out, amount| {
        if mixed && plain(amount) {
            let thousandths = format!("{amount:03}");
            let frac = thousandths.trim_end_matches('0');
            let dot = if frac.is_empty() { "" } else { "." };
            currency.push_prefix(out);
            out.push('0');
            out.push_str(dot);
            out.push_str(frac);
            out.push('K');
        } else {
            out.push_str(&format_money(currency, amount));
        }
    })
}

/// A range with each end written by `money`; ends that read the same are
/// one figure.
fn join_range(range: MoneyRange, money: impl Fn(&mut String, u64)) -> String {
    let mut out = String::with_capacity(24);
    money(&mut out, range.min);
    match range.max {
        None => out.push('+'),
        Some(max) => {
            let min_end = out.len();
            out.push('–');
            let max_start = out.len();
            money(&mut out, max);
            if out[max_start..] == out[..min_end] {
                out.truncate(min_end);
            }
        }
    }
    out
}

/// `$304K`, `£1.05M`: a rounded figure for pages.
pub fn display_money(currency: Currency, amount: u64) -> String {
    let mut out = String::with_capacity(12);
    push_money_rounded(&mut out, currency, amount);
    out
}

/// `$265K–$335K` rounded for pages, or `$300K+` for an open range.
pub fn display_range(currency: Currency, range: MoneyRange) -> String {
    join_range(range, |out, amount| {
        push_money_rounded(out, currency, amount)
    })
}

fn push_money_rounded(out: &mut String, currency: Currency, amount: u64) {
    currency.push_prefix(out);
    push_amount_rounded(out, amount);
}

/// An amount as a reader scans it, appended to `out`: to the nearest K, or
/// to two decimals in M (`304K`, `1.05M`). For pages, where converted and
/// per-year figures would otherwise show false precision; diagnostics and
/// exports stay exact.
fn push_amount_rounded(out: &mut String, amount: u64) {
    if amount >= 999_500 {
        let hundredths = (amount + 5_000) / 10_000;
        let (whole, frac) = (hundredths / 100, hundredths % 100);
        push_integer(out, whole);
        if frac != 0 {
            out.push('.');
            out.push(digit(frac / 10));
            if frac % 10 != 0 {
                out.push(digit(frac % 10));
            }
        }
        out.push('M');
    } else if amount >= 1_000 {
        push_integer(out, (amount + 500) / 1_000);
        out.push('K');
    } else {
        push_integer(out, amount);
    }
}

/// `n` in decimal, appended to `out`. Pages show figures by the hundred
/// thousand and charts coordinates by the million: `write!` costs several
/// times as much through the formatting machinery.
pub fn push_integer(out: &mut String, n: impl itoa::Integer) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// The decimal digit `d` (0 to 9).
fn digit(d: u64) -> char {
    char::from(b'0' + (d % 10) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_rounding_is_for_readers() {
        let format_amount_rounded = |amount| {
            let mut out = String::new();
            push_amount_rounded(&mut out, amount);
            out
        };
        assert_eq!(format_amount_rounded(304_800), "305K");
        assert_eq!(format_amount_rounded(1_003_300), "1M");
        assert_eq!(format_amount_rounded(1_050_000), "1.05M");
        assert_eq!(format_amount_rounded(1_200_000), "1.2M");
        assert_eq!(format_amount_rounded(999_600), "1M");
        assert_eq!(format_amount_rounded(999_400), "999K");
        assert_eq!(
            display_range(
                Currency::USD,
                MoneyRange {
                    min: 106_250,
                    max: Some(187_500)
                }
            ),
            "$106K–$188K"
        );
    }

    #[test]
    fn formats_compactly_and_exactly() {
        assert_eq!(format_amount(371_000), "371K");
        assert_eq!(format_amount(371_250), "371.25K");
        assert_eq!(format_amount(1_200_000), "1.2M");
        assert_eq!(format_amount(12_500_000), "12.5M");
        assert_eq!(format_amount(999), "999");
        assert_eq!(format_amount(1_234_567), "1234.567K");
        assert_eq!(format_amount(1_234_567_891), "1234567.891K");
        assert_eq!(
            format_money(Currency::from_code("CHF").unwrap(), 190_000),
            "CHF 190K"
        );
        assert_eq!(
            format_money(Currency::from_code("CAD").unwrap(), 190_000),
            "C$190K"
        );
    }

    #[test]
    fn a_range_across_1k_carries_a_suffix_on_both_ends() {
        let range = |min, max| MoneyRange {
            min,
            max: Some(max),
        };
        assert_eq!(format_range(Currency::USD, range(0, 30_000)), "$0K–$30K");
        assert_eq!(format_range(Currency::USD, range(500, 2_000)), "$0.5K–$2K");
        assert_eq!(format_range(Currency::USD, range(2_000, 5)), "$2K–$0.005K");
        assert_eq!(format_range(Currency::USD, range(5, 999)), "$5–$999");
    }

    #[test]
    fn percent_serializes_whole_numbers_as_integers() {
        assert_eq!(serde_json::to_string(&Percent::whole(20)).unwrap(), "20");
        assert_eq!(serde_json::to_string(&Percent(750)).unwrap(), "7.5");
        assert_eq!(Percent(750).to_string(), "7.5");
    }
}
