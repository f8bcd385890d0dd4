//! SVG range charts: one row per label, a bar per figure (base, equity per
//! year, total) spanning its range. Each chart carries a title and a text
//! description; the table beside it holds the same figures. A row converted
//! from another currency keeps its figures as written in its bars' titles,
//! the description and a note under its label.

use super::push_escaped;
use crate::model::money::{display_money, display_range, format_amount, push_integer};
use crate::model::{Currency, MoneyRange};
use std::fmt::Write;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Series {
    Base,
    EquityPerYear,
    Total,
}

impl Series {
    fn class(self) -> &'static str {
        match self {
            Series::Base => "bar-base",
            Series::EquityPerYear => "bar-equity",
            Series::Total => "bar-total",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Series::Base => "Base",
            Series::EquityPerYear => "Equity / yr",
            Series::Total => "Total comp",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Row {
    pub label: String,
    /// In the chart's currency.
    pub bars: Vec<(Series, MoneyRange)>,
    /// The bars' figures as written, when `bars` were converted from them.
    pub written: Option<Written>,
}

/// Figures in the currency a guide wrote them in.
#[derive(Clone, Debug)]
pub struct Written {
    pub currency: Currency,
    pub bars: Vec<(Series, MoneyRange)>,
}

impl Written {
    fn bar(&self, series: Series) -> Option<MoneyRange> {
        self.bars
            .iter()
            .find(|(s, _)| *s == series)
            .map(|(_, range)| *range)
    }
}

/// A vertical line across the plot (the ask, the floor).
#[derive(Clone, Debug)]
pub struct Marker {
    pub label: String,
    /// In the chart's currency.
    pub value: u64,
    pub class: &'static str,
    /// The figure as written, when `value` was converted from it.
    pub written: Option<(Currency, u64)>,
}

impl Marker {
    fn text(&self, currency: Currency) -> String {
        let value = display_money(currency, self.value);
        match self.written {
            Some((from, written)) => {
                format!(
                    "{} {} (≈ {value})",
                    self.label,
                    display_money(from, written)
                )
            }
            None => format!("{} {value}", self.label),
        }
    }
}

/// A range as the chart shows it: as written first, when converted.
fn range_text(
    currency: Currency,
    range: MoneyRange,
    written: Option<(Currency, MoneyRange)>,
) -> String {
    match written {
        Some((from, original)) => format!(
            "{} (≈ {})",
            display_range(from, original),
            display_range(currency, range)
        ),
        None => display_range(currency, range),
    }
}

const WIDTH: u32 = 720;
const LABEL_WIDTH: u32 = 230;
const PLOT_RIGHT: u32 = WIDTH - 24;
const BAR_HEIGHT: u32 = 12;
const ROW_GAP: u32 = 14;
const TOP: u32 = 34;
/// The least height of a row with a note under its label.
const NOTED_ROW_HEIGHT: u32 = 40;

/// A coordinate to one decimal, appended to `out` exactly as `{:.1}` writes
/// it, by integer arithmetic where that cannot differ: the float formatter
/// was a third of a chart's cost. Near a tie (`x.x5`), where `x * 10` has
/// lost the side the exact value lies on, the float formatter decides.
/// Coordinates are never negative.
fn push_tenths(out: &mut String, value: f64) {
    let scaled = value.max(0.0) * 10.0;
    if (scaled.fract() - 0.5).abs() < 1e-6 {
        let _ = write!(out, "{value:.1}");
        return;
    }
    let tenths = scaled.round() as u64;
    push_integer(out, tenths / 10);
    out.push('.');
    push_integer(out, tenths % 10);
}

/// Appends a chart's markup piece by piece. Bars, row labels and gridlines
/// are written hundreds of thousands of times in a large site's build, and
/// a `write!` with several arguments cost more than everything else in them.
struct Markup<'a>(&'a mut String);

impl Markup<'_> {
    /// Markup as it is.
    fn raw(&mut self, markup: &str) -> &mut Self {
        self.0.push_str(markup);
        self
    }

    /// Text, escaped.
    fn text(&mut self, text: &str) -> &mut Self {
        push_escaped(self.0, text);
        self
    }

    fn int(&mut self, n: u32) -> &mut Self {
        push_integer(self.0, n);
        self
    }

    fn tenths(&mut self, value: f64) -> &mut Self {
        push_tenths(self.0, value);
        self
    }
}

/// A round step for about five gridlines up to `max`.
fn tick_step(max: u64) -> u64 {
    let rough = (max / 5).max(1);
    let magnitude = 10u64.pow(rough.ilog10());
    [1, 2, 5, 10]
        .iter()
        .map(|m| m * magnitude)
        .find(|step| *step >= rough)
        .unwrap_or(magnitude * 10)
}

/// Renders the chart. `id` must be unique on the page (for aria references).
pub fn range_chart(
    id: &str,
    title: &str,
    currency: Currency,
    rows: &[Row],
    markers: &[Marker],
) -> String {
    let series: Vec<Series> = [Series::Base, Series::EquityPerYear, Series::Total]
        .into_iter()
        .filter(|s| rows.iter().any(|r| r.bars.iter().any(|(bs, _)| bs == s)))
        .collect();
    let max_value = rows
        .iter()
        .flat_map(|r| r.bars.iter().map(|(_, range)| range.top()))
        .chain(markers.iter().map(|m| m.value))
        .max()
        .unwrap_or(1)
        .max(1);
    let step = tick_step(max_value);
    let mut scale_max = max_value.div_ceil(step) * step;
    // An open end (`$300K+`) runs to the plot's edge: give it half a step at
    // least, so it never shrinks to a sliver where its lower end is the top.
    let open_from = rows
        .iter()
        .flat_map(|r| r.bars.iter())
        .filter(|(_, range)| range.max.is_none())
        .map(|(_, range)| range.min)
        .max();
    if open_from.is_some_and(|from| scale_max - from.min(scale_max) < step / 2) {
        scale_max += step;
    }
    let plot = f64::from(PLOT_RIGHT - LABEL_WIDTH);
    let x = |v: u64| f64::from(LABEL_WIDTH) + plot * (v as f64 / scale_max as f64);
    let mut row_height = BAR_HEIGHT * (series.len().max(1) as u32) + ROW_GAP;
    if rows.iter().any(|r| r.written.is_some()) {
        row_height = row_height.max(NOTED_ROW_HEIGHT);
    }
    // Marker labels get a line each above the plot, so they never overlap.
    let top = TOP + 14 * markers.len() as u32;
    let height = top + row_height * rows.len() as u32 + 28;

    let mut description = String::new();
    for row in rows {
        description.push_str(&row.label);
        description.push_str(": ");
        if row.bars.is_empty() {
            description.push_str("no figures");
        }
        for (i, (s, r)) in row.bars.iter().enumerate() {
            if i > 0 {
                description.push_str(", ");
            }
            description.push_str(s.name());
            description.push(' ');
            description.push_str(&range_text(currency, *r, written_bar(row, *s)));
        }
        description.push_str(". ");
    }
    for marker in markers {
        description.push_str(&marker.text(currency));
        description.push_str(". ");
    }

    // About 250 bytes a row; one allocation for most charts.
    let mut svg = String::with_capacity(1024 + 250 * rows.len() * series.len().max(1));
    let _ = write!(
        svg,
        r#"<svg class="range-chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">"#,
    );
    push_escaped(&mut svg, title);
    let _ = write!(svg, r#"</title><desc id="{id}-desc">"#);
    push_escaped(&mut svg, description.trim());
    svg.push_str("</desc>");
    // Legend.
    let mut legend_x = LABEL_WIDTH;
    for s in &series {
        let _ = write!(
            svg,
            r#"<rect class="{}" x="{legend_x}" y="8" width="12" height="12" rx="2"/><text class="legend" x="{}" y="18">{}</text>"#,
            s.class(),
            legend_x + 16,
            s.name()
        );
        legend_x += 120;
    }
    // Gridlines.
    let plot_bottom = height - 22;
    let mut tick = 0;
    let tick_prefix = currency.prefix();
    while tick <= scale_max {
        let tx = x(tick);
        Markup(&mut svg)
            .raw(r#"<line class="grid" x1=""#)
            .tenths(tx)
            .raw(r#"" y1=""#)
            .int(top)
            .raw(r#"" x2=""#)
            .tenths(tx)
            .raw(r#"" y2=""#)
            .int(plot_bottom)
            .raw(r#""/><text class="tick" x=""#)
            .tenths(tx)
            .raw(r#"" y=""#)
            .int(plot_bottom + 14)
            .raw(r#"" text-anchor="middle">"#)
            .text(tick_prefix.trim())
            .text(&format_amount(tick))
            .raw("</text>");
        tick += step;
    }
    for (ri, row) in rows.iter().enumerate() {
        let y0 = top + row_height * ri as u32;
        Markup(&mut svg)
            .raw(r#"<text class="row-label" x=""#)
            .int(LABEL_WIDTH - 8)
            .raw(r#"" y=""#)
            .int(y0 + (BAR_HEIGHT * series.len() as u32) / 2 + 4)
            .raw(r#"" text-anchor="end">"#)
            .text(&truncate(&row.label, 32))
            .raw("</text>");
        if let Some(written) = &row.written {
            Markup(&mut svg)
                .raw(r#"<text class="row-note" x=""#)
                .int(LABEL_WIDTH - 8)
                .raw(r#"" y=""#)
                .int(y0 + (BAR_HEIGHT * series.len() as u32) / 2 + 17)
                .raw(r#"" text-anchor="end">converted from "#)
                .text(written.currency.code())
                .raw("</text>");
        }
        for (si, s) in series.iter().enumerate() {
            let Some((_, range)) = row.bars.iter().find(|(bs, _)| bs == s) else {
                continue;
            };
            let y = y0 + BAR_HEIGHT * si as u32;
            let x0 = x(range.min);
            let (x1, open) = match range.max {
                Some(max) => (x(max), ""),
                None => (f64::from(PLOT_RIGHT), " open"),
            };
            Markup(&mut svg)
                .raw(r#"<rect class=""#)
                .raw(s.class())
                .raw(open)
                .raw(r#"" x=""#)
                .tenths(x0)
                .raw(r#"" y=""#)
                .int(y)
                .raw(r#"" width=""#)
                .tenths((x1 - x0).max(3.0))
                .raw(r#"" height=""#)
                .int(BAR_HEIGHT - 2)
                .raw(r#"" rx="2"><title>"#)
                .text(&row.label)
                .raw(" ")
                .raw(s.name())
                .raw(": ")
                .text(&range_text(currency, *range, written_bar(row, *s)))
                .raw("</title></rect>");
        }
    }
    for (mi, marker) in markers.iter().enumerate() {
        let mx = x(marker.value);
        let mut mx_text = String::new();
        push_tenths(&mut mx_text, mx);
        let label_y = TOP + 10 + 14 * mi as u32;
        let anchor = if mx > f64::from(PLOT_RIGHT) - 60.0 {
            "end"
        } else {
            "middle"
        };
        let _ = write!(
            svg,
            r#"<line class="marker {}" x1="{mx_text}" y1="{}" x2="{mx_text}" y2="{plot_bottom}"/><text class="marker-label {}" x="{mx_text}" y="{label_y}" text-anchor="{anchor}">{}</text>"#,
            marker.class,
            label_y + 3,
            marker.class,
            super::escape_html(&marker.text(currency))
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A row's bar for `series` as written, when the row was converted.
fn written_bar(row: &Row, series: Series) -> Option<(Currency, MoneyRange)> {
    let written = row.written.as_ref()?;
    Some((written.currency, written.bar(series)?))
}

fn truncate(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => text.into(),
        Some(_) => {
            let cut = text
                .char_indices()
                .nth(max - 1)
                .map_or(text.len(), |(at, _)| at);
            format!("{}…", &text[..cut]).into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_write_what_the_float_formatter_writes() {
        let plot = f64::from(PLOT_RIGHT - LABEL_WIDTH);
        let samples = (0..=50_000u32)
            .map(|v| f64::from(LABEL_WIDTH) + plot * (f64::from(v) / 50_000.0))
            .chain((0..=2_000u32).map(|t| f64::from(t) * 0.05))
            .chain([58.25, 58.35, 0.45, 463.0, 3.0]);
        for x in samples {
            let mut written = String::new();
            push_tenths(&mut written, x);
            assert_eq!(written, format!("{x:.1}"), "{x:?}");
        }
    }

    #[test]
    fn chart_has_text_alternatives_and_escapes_labels() {
        let rows = [Row {
            label: "R&D <Lab>".into(),
            bars: vec![
                (
                    Series::Base,
                    MoneyRange {
                        min: 200_000,
                        max: Some(250_000),
                    },
                ),
                (
                    Series::Total,
                    MoneyRange {
                        min: 300_000,
                        max: None,
                    },
                ),
            ],
            written: None,
        }];
        let svg = range_chart("c1", "Bands", Currency::USD, &rows, &[]);
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains("<title id=\"c1-title\">Bands</title>"));
        assert!(svg.contains("R&amp;D &lt;Lab&gt;: Base $200K–$250K, Total comp $300K+."));
        assert!(!svg.contains("<Lab>"));
        assert!(svg.contains("bar-total open"));
        assert_eq!(tick_step(523_000), 200_000);
    }
}
