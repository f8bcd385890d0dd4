//! The band table: `| Region | Base Salary | Equity (KIND/Nyr) | Bonus | Total Comp |`.

use super::Context;
use super::blocks::{BlockKind, Cell, Table};
use super::columns::{COLUMNS, Column, column_of};
use super::money::{CellValue, MoneyError, parse_cell};
use super::sections::Outline;
use crate::diagnostic::{Code, Diagnostic, SourceText};
use crate::model::{Band, Bonus, Currency, MoneyRange};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

static EQUITY_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\(\s*(?:(?P<kind>[^/()]*?)\s*/\s*)?(?:(?P<years>\d+)\s*-?\s*(?:yr|yrs|year|years|y)\s*)?\)")
        .expect("equity header pattern")
});

/// The band table's rows, with what validation needs beside the model.
#[derive(Debug, Default)]
pub struct BandTable {
    pub bands: Vec<Band>,
    pub equity_kind: Option<String>,
    pub vesting_years: Option<u32>,
    /// Per band: the total cell and the unit its figures were written in.
    pub totals: Vec<Option<(Range<usize>, u64)>>,
}

/// The band table; a guide without one gets an error and no bands.
pub(super) fn read(cx: &mut Context, outline: &Outline) -> BandTable {
    match outline.band_table.map(|b| &b.kind) {
        Some(BlockKind::Table(table)) => parse(table, cx.source, cx.file, &mut cx.diagnostics),
        _ => {
            cx.diagnostics.push(
                Diagnostic::new(Code::MissingBandTable, cx.file, "guide has no band table")
                    .help("add `| Region | Base Salary | Equity (RSU/4yr) | Bonus | Total Comp |` with a row per region"),
            );
            BandTable::default()
        }
    }
}

fn parse(
    table: &Table,
    source: &SourceText,
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> BandTable {
    let mut out = BandTable::default();
    let columns: Vec<Option<Column>> = table.header.iter().map(|c| column_of(&c.text)).collect();
    let missing: Vec<&str> = COLUMNS
        .iter()
        .filter(|(col, _)| !columns.contains(&Some(*col)))
        .map(|(_, name)| *name)
        .collect();
    if !missing.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                Code::BandColumn,
                file,
                format!("band table has no {} column", missing.join(", ")),
            )
            .at(source.locate(table.header_range.clone()))
            .label("this header")
            .help(
                "the columns are | Region | Base Salary | Equity (KIND/4yr) | Bonus | Total Comp |",
            ),
        );
    }
    if let Some(index) = columns.iter().position(|c| *c == Some(Column::Equity))
        && let Some(caps) = EQUITY_HEADER.captures(&table.header[index].text)
    {
        out.equity_kind = caps
            .name("kind")
            .map(|m| m.as_str().trim().to_string())
            .filter(|k| !k.is_empty());
        out.vesting_years = caps
            .name("years")
            .and_then(|m| m.as_str().parse().ok())
            .filter(|y| *y > 0);
    }
    if table.rows.is_empty() {
        diagnostics.push(
            Diagnostic::new(Code::MissingBandTable, file, "band table has no rows")
                .at(source.locate(table.header_range.clone()))
                .help("add one row per region"),
        );
    }
    for row in &table.rows {
        let cell = |col: Column| -> Option<&Cell> {
            columns
                .iter()
                .position(|c| *c == Some(col))
                .and_then(|i| row.cells.get(i))
        };
        let mut row_parser = RowParser {
            source,
            file,
            diagnostics,
            currency: None,
            failed: false,
        };
        let base = row_parser.money(cell(Column::Base), "base");
        let equity = row_parser.money(cell(Column::Equity), "equity");
        let bonus = row_parser.bonus(cell(Column::Bonus));
        let total = row_parser.money(cell(Column::Total), "total");
        let currency = row_parser
            .currency
            .or_else(|| out.bands.last().map(|b: &Band| b.currency))
            .unwrap_or(Currency::USD);
        // A row with a rejected cell has nothing sound to check its total against.
        out.totals
            .push(match (cell(Column::Total), total, row_parser.failed) {
                (Some(cell), Some((_, unit)), false) => Some((cell.range.clone(), unit)),
                _ => None,
            });
        out.bands.push(Band {
            region: cell(Column::Region)
                .map(|c| c.text.clone())
                .unwrap_or_default(),
            currency,
            base: base.map(|(r, _)| r),
            equity: equity.map(|(r, _)| r),
            bonus,
            total: total.map(|(r, _)| r),
            line: source.line_of(row.range.start),
        });
    }
    out
}

struct RowParser<'a> {
    source: &'a SourceText,
    file: &'a str,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// The row's currency: that of its first money cell.
    currency: Option<Currency>,
    /// Some cell of the row was rejected.
    failed: bool,
}

impl RowParser<'_> {
    fn report(&mut self, cell: &Cell, code: Code, error: MoneyError) {
        self.failed = true;
        self.diagnostics.push(
            Diagnostic::new(code, self.file, error.message)
                .at(self.source.locate(cell.range.clone()))
                .help(error.help),
        );
    }

    fn parse(&mut self, cell: Option<&Cell>) -> Option<CellValue> {
        let cell = cell?;
        // Warned about once, with every other unfilled slot of the guide.
        if super::placeholders::is_unfilled_cell(&cell.text) {
            return Some(CellValue::Empty);
        }
        match parse_cell(&cell.text) {
            Ok(value) => Some(value),
            Err(error) => {
                self.report(cell, Code::BadMoney, error);
                None
            }
        }
    }

    /// Checks the cell's currency against the row's, and min against max.
    fn accept(&mut self, cell: &Cell, currency: Currency, range: MoneyRange, what: &str) -> bool {
        match self.currency {
            Some(row) if row != currency => {
                self.report(
                    cell,
                    Code::MixedCurrency,
                    MoneyError {
                        message: format!("{what} is in {currency} but this row is in {row}"),
                        help: "one band row is one currency: convert the figures".to_string(),
                    },
                );
                return false;
            }
            _ => self.currency = Some(currency),
        }
        if let Some(max) = range.max
            && range.min > max
        {
            self.report(
                cell,
                Code::MinAboveMax,
                MoneyError {
                    message: format!("{what} range starts above where it ends"),
                    help: "write the lower figure first".to_string(),
                },
            );
            return false;
        }
        true
    }

    fn money(&mut self, cell: Option<&Cell>, what: &str) -> Option<(MoneyRange, u64)> {
        let value = self.parse(cell)?;
        let cell = cell?;
        match value {
            CellValue::Empty => None,
            CellValue::Money {
                currency,
                range,
                unit,
            } => self
                .accept(cell, currency, range, what)
                .then_some((range, unit)),
            CellValue::Percent(_) => {
                self.report(
                    cell,
                    Code::BadMoney,
                    MoneyError {
                        message: format!("{what} must be money, not a percentage"),
                        help: "only the bonus may be a percentage of base".to_string(),
                    },
                );
                None
            }
        }
    }

    fn bonus(&mut self, cell: Option<&Cell>) -> Option<Bonus> {
        let value = self.parse(cell)?;
        let cell = cell?;
        match value {
            CellValue::Empty => None,
            CellValue::Money {
                currency, range, ..
            } => self
                .accept(cell, currency, range, "bonus")
                .then_some(Bonus::Money(range)),
            CellValue::Percent(range) if range.min_pct > range.max_pct => {
                self.report(
                    cell,
                    Code::MinAboveMax,
                    MoneyError {
                        message: "bonus range starts above where it ends".to_string(),
                        help: "write the lower figure first".to_string(),
                    },
                );
                None
            }
            CellValue::Percent(range) => Some(Bonus::Percent(range)),
        }
    }
}
