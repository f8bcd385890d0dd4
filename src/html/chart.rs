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

/// Charts have no viewBox: their x coordinates are percentages of the
/// width they are given and their text is drawn at its CSS size, so a chart
/// is as legible on a 390 px phone as on a laptop, and never wider than its
/// column. Heights are CSS pixels.
const BAR_HEIGHT: u32 = 12;
/// A row label's line above its bars (and a "converted from" note's, when any row has one).
const LABEL_LINE: u32 = 16;
const NOTE_LINE: u32 = 13;
const ROW_GAP: u32 = 10;
/// A marker label's line above the plot: one per marker, so no two meet.
const MARKER_LINE: u32 = 16;
/// The axis above the chart: a legend line, then the tick labels.
const HEAD_HEIGHT: u32 = 42;
const FOOT_HEIGHT: u32 = 20;
/// The least width of a bar, in percent of the plot, so a point range shows.
const MIN_BAR_WIDTH: f64 = 0.6;
/// Room between a legend swatch and the next, in CSS pixels.
const LEGEND_STEP: u32 = 112;

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

/// A round step for about five gridlines across `span`.
fn tick_step(span: u64) -> u64 {
    let rough = (span / 5).max(1);
    let magnitude = 10u64.pow(rough.ilog10());
    [1, 2, 5, 10]
        .iter()
        .map(|m| m * magnitude)
        .find(|step| *step >= rough)
        .unwrap_or(magnitude * 10)
}

/// The axis: round figures just around the chart's own, so bars fill the
/// plot instead of starting at $0 and ending far short of its edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Scale {
    min: u64,
    max: u64,
    step: u64,
}

impl Scale {
    fn fit(rows: &[Row], markers: &[Marker]) -> Scale {
        let ranges = || {
            rows.iter()
                .flat_map(|r| r.bars.iter().map(|(_, range)| range))
        };
        let marks = || markers.iter().map(|m| m.value);
        let low = ranges().map(|r| r.min).chain(marks()).min().unwrap_or(0);
        let high = ranges().map(|r| r.top()).chain(marks()).max().unwrap_or(1);
        let step = tick_step(high - low);
        let min = low / step * step;
        let mut max = high.div_ceil(step).max(1) * step;
        if max <= min {
            max = min + step;
        }
        // An open end (`$300K+`) runs to the plot's edge: give it half a step
        // at least, so it never shrinks to a sliver where its lower end is the top.
        let open_from = ranges().filter(|r| r.max.is_none()).map(|r| r.min).max();
        if open_from.is_some_and(|from| max - from.min(max) < step / 2) {
            max += step;
        }
        Scale { min, max, step }
    }

    /// Where `value` lies across the plot, in percent.
    fn percent(&self, value: u64) -> f64 {
        let offset = value.clamp(self.min, self.max) - self.min;
        100.0 * offset as f64 / (self.max - self.min) as f64
    }

    fn ticks(&self) -> impl Iterator<Item = u64> + '_ {
        (self.min..=self.max).step_by(self.step.max(1) as usize)
    }
}

/// Heights of a chart's parts, in CSS pixels.
#[derive(Clone, Copy, Debug)]
struct Layout {
    row_height: u32,
    label_height: u32,
    plot_top: u32,
    plot_bottom: u32,
}

impl Layout {
    fn new(series: usize, rows: &[Row], markers: usize) -> Layout {
        let series = series.max(1) as u32;
        let noted = rows.iter().any(|r| r.written.is_some());
        let label_height = LABEL_LINE + if noted { NOTE_LINE } else { 0 };
        let row_height = label_height + BAR_HEIGHT * series + ROW_GAP;
        let plot_top = MARKER_LINE * markers as u32 + 6;
        Layout {
            row_height,
            label_height,
            plot_top,
            plot_bottom: plot_top + row_height * rows.len() as u32,
        }
    }

    fn height(&self) -> u32 {
        self.plot_bottom + 2
    }
}

/// The series any row has, in legend order.
fn shown_series(rows: &[Row]) -> Vec<Series> {
    [Series::Base, Series::EquityPerYear, Series::Total]
        .into_iter()
        .filter(|s| rows.iter().any(|r| r.bars.iter().any(|(bs, _)| bs == s)))
        .collect()
}

/// The chart's text alternative: every figure of every row and marker.
fn describe(currency: Currency, rows: &[Row], markers: &[Marker]) -> String {
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
    description.trim().to_string()
}

/// The tick labels across the top or bottom of the plot. The ends are
/// anchored inside it, so no label runs off a narrow screen.
fn push_ticks(svg: &mut String, scale: &Scale, currency: Currency, baseline: u32) {
    let prefix = currency.prefix();
    for tick in scale.ticks() {
        let anchor = if tick == scale.min {
            "start"
        } else if tick == scale.max {
            "end"
        } else {
            "middle"
        };
        Markup(svg)
            .raw(r#"<text class="tick" x=""#)
            .tenths(scale.percent(tick))
            .raw(r#"%" y=""#)
            .int(baseline)
            .raw(r#"" text-anchor=""#)
            .raw(anchor)
            .raw(r#"">"#)
            .text(prefix.trim())
            .text(&format_amount(tick))
            .raw("</text>");
    }
}

/// The axis above the chart, with the legend: it stays at the top of the
/// window while a long chart scrolls past (CSS `position: sticky`). The
/// chart's own description carries every figure, so screen readers skip it.
fn head_axis(series: &[Series], scale: &Scale, currency: Currency) -> String {
    let mut svg = String::with_capacity(600);
    let _ = write!(
        svg,
        r#"<svg class="chart-axis chart-axis-top" width="100%" height="{HEAD_HEIGHT}" aria-hidden="true" xmlns="http://www.w3.org/2000/svg">"#
    );
    let mut legend_x = 0;
    for s in series {
        let _ = write!(
            svg,
            r#"<rect class="{}" x="{legend_x}" y="4" width="12" height="12" rx="2"/><text class="legend" x="{}" y="14">{}</text>"#,
            s.class(),
            legend_x + 16,
            s.name()
        );
        legend_x += LEGEND_STEP;
    }
    push_ticks(&mut svg, scale, currency, HEAD_HEIGHT - 6);
    svg.push_str("</svg>");
    svg
}

/// The axis under the chart, kept at the bottom of the window while the
/// chart is in it.
fn foot_axis(scale: &Scale, currency: Currency) -> String {
    let mut svg = String::with_capacity(400);
    let _ = write!(
        svg,
        r#"<svg class="chart-axis chart-axis-bottom" width="100%" height="{FOOT_HEIGHT}" aria-hidden="true" xmlns="http://www.w3.org/2000/svg">"#
    );
    push_ticks(&mut svg, scale, currency, FOOT_HEIGHT - 6);
    svg.push_str("</svg>");
    svg
}

fn push_gridlines(svg: &mut String, scale: &Scale, layout: &Layout) {
    for tick in scale.ticks() {
        let x = scale.percent(tick);
        Markup(svg)
            .raw(r#"<line class="grid" x1=""#)
            .tenths(x)
            .raw(r#"%" y1=""#)
            .int(layout.plot_top)
            .raw(r#"" x2=""#)
            .tenths(x)
            .raw(r#"%" y2=""#)
            .int(layout.plot_bottom)
            .raw(r#""/>"#);
    }
}

/// A row: its label on a line of its own (a note under it when converted),
/// then a bar per series across the full width.
fn push_row(
    svg: &mut String,
    row: &Row,
    y0: u32,
    series: &[Series],
    scale: &Scale,
    layout: &Layout,
    currency: Currency,
) {
    Markup(svg)
        .raw(r#"<text class="row-label" x="0" y=""#)
        .int(y0 + 12)
        .raw(r#"">"#)
        .text(&truncate(&row.label, 48))
        .raw("</text>");
    if let Some(written) = &row.written {
        Markup(svg)
            .raw(r#"<text class="row-note" x="0" y=""#)
            .int(y0 + LABEL_LINE + 10)
            .raw(r#"">converted from "#)
            .text(written.currency.code())
            .raw("</text>");
    }
    let bars_top = y0 + layout.label_height;
    for (si, s) in series.iter().enumerate() {
        let Some((_, range)) = row.bars.iter().find(|(bs, _)| bs == s) else {
            continue;
        };
        let x0 = scale.percent(range.min);
        let (x1, open) = match range.max {
            Some(max) => (scale.percent(max), ""),
            None => (100.0, " open"),
        };
        Markup(svg)
            .raw(r#"<rect class=""#)
            .raw(s.class())
            .raw(open)
            .raw(r#"" x=""#)
            .tenths(x0)
            .raw(r#"%" y=""#)
            .int(bars_top + BAR_HEIGHT * si as u32)
            .raw(r#"" width=""#)
            .tenths((x1 - x0).max(MIN_BAR_WIDTH))
            .raw(r#"%" height=""#)
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

/// A marker: its label on a line of its own above the plot, and its line
/// from the plot's top down, so it crosses no marker's label (the floor's
/// line would cross the ask's label when the two are close). The
/// label reads away from the nearer edge, so it stays on the chart.
fn push_marker(
    svg: &mut String,
    marker: &Marker,
    index: usize,
    scale: &Scale,
    layout: &Layout,
    currency: Currency,
) {
    let x = scale.percent(marker.value);
    let (anchor, dx) = if x > 50.0 { ("end", -4) } else { ("start", 4) };
    let mut x_text = String::new();
    push_tenths(&mut x_text, x);
    let label_y = MARKER_LINE * (index as u32 + 1) - 4;
    let _ = write!(
        svg,
        r#"<line class="marker {class}" x1="{x_text}%" y1="{top}" x2="{x_text}%" y2="{bottom}"/><text class="marker-label {class}" x="{x_text}%" dx="{dx}" y="{label_y}" text-anchor="{anchor}">{label}</text>"#,
        class = marker.class,
        top = layout.plot_top - 2,
        bottom = layout.plot_bottom,
        label = super::escape_html(&marker.text(currency))
    );
}

/// Renders the chart: an axis with the legend above, the plot, an axis
/// below. `id` must be unique on the page (for aria references).
pub fn range_chart(
    id: &str,
    title: &str,
    currency: Currency,
    rows: &[Row],
    markers: &[Marker],
) -> String {
    let series = shown_series(rows);
    let scale = Scale::fit(rows, markers);
    let layout = Layout::new(series.len(), rows, markers.len());

    // About 250 bytes a row; one allocation for most charts.
    let mut svg = String::with_capacity(2048 + 250 * rows.len() * series.len().max(1));
    svg.push_str(r#"<div class="chart-block">"#);
    svg.push_str(&head_axis(&series, &scale, currency));
    let _ = write!(
        svg,
        r#"<svg class="range-chart" width="100%" height="{}" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">"#,
        layout.height()
    );
    push_escaped(&mut svg, title);
    let _ = write!(svg, r#"</title><desc id="{id}-desc">"#);
    push_escaped(&mut svg, &describe(currency, rows, markers));
    svg.push_str("</desc>");
    push_gridlines(&mut svg, &scale, &layout);
    for (ri, row) in rows.iter().enumerate() {
        let y0 = layout.plot_top + layout.row_height * ri as u32;
        push_row(&mut svg, row, y0, &series, &scale, &layout, currency);
    }
    for (mi, marker) in markers.iter().enumerate() {
        push_marker(&mut svg, marker, mi, &scale, &layout, currency);
    }
    svg.push_str("</svg>");
    svg.push_str(&foot_axis(&scale, currency));
    svg.push_str("</div>");
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
        let samples = (0..=50_000u32)
            .map(|v| 100.0 * (f64::from(v) / 50_000.0))
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

    fn row(ranges: &[(u64, Option<u64>)]) -> Row {
        Row {
            label: "Austin".into(),
            bars: ranges
                .iter()
                .map(|&(min, max)| (Series::Base, MoneyRange { min, max }))
                .collect(),
            written: None,
        }
    }

    #[test]
    fn the_axis_spans_round_figures_around_the_data_not_from_zero() {
        let scale = Scale::fit(
            &[row(&[(212_000, Some(298_000)), (240_000, Some(331_000))])],
            &[],
        );
        assert_eq!(
            (scale.min, scale.max, scale.step),
            (200_000, 350_000, 50_000)
        );
        assert_eq!(scale.percent(200_000), 0.0);
        assert_eq!(scale.percent(350_000), 100.0);
        let ticks: Vec<u64> = scale.ticks().collect();
        assert_eq!(ticks.first(), Some(&200_000));
        assert_eq!(ticks.last(), Some(&350_000));
    }

    #[test]
    fn an_open_end_at_the_top_gets_room_past_its_lower_end() {
        let scale = Scale::fit(&[row(&[(200_000, Some(250_000)), (300_000, None)])], &[]);
        assert!(scale.max >= 300_000 + scale.step / 2, "{scale:?}");
    }

    #[test]
    fn markers_widen_the_axis_and_their_lines_start_below_every_label() {
        let marker = |label: &str, value| Marker {
            label: label.into(),
            value,
            class: "ask",
            written: None,
        };
        let markers = [marker("Floor", 298_000), marker("Ask", 318_000)];
        let rows = [row(&[(196_000, Some(282_000))])];
        let scale = Scale::fit(&rows, &markers);
        assert!(scale.max >= 318_000 && scale.min <= 196_000, "{scale:?}");
        let layout = Layout::new(1, &rows, markers.len());
        let mut svg = String::new();
        for (i, m) in markers.iter().enumerate() {
            push_marker(&mut svg, m, i, &scale, &layout, Currency::USD);
        }
        assert!(svg.contains(r#"y1="36""#), "{svg}");
        assert!(
            svg.contains(r#"y="12""#) && svg.contains(r#"y="28""#),
            "{svg}"
        );
    }
}
