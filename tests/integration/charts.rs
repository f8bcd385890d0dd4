//! Charts as built: drawn at their column's width with text at CSS size (no
//! viewBox squeezing 12 px type to 6 px on a phone), an axis above and below
//! that CSS keeps in view, an axis scaled to the figures, and ask and floor
//! labels that never meet. The browser half (text size on screen at 390 px,
//! the axis in view while a long chart scrolls) is tests/browser/phones.mjs.

use crate::harness::TempSite;
use regex::Regex;

/// Each chart's markup on a page: its `chart-block`, axes included.
fn chart_blocks(page: &str) -> Vec<&str> {
    page.split(r#"<div class="chart-block">"#)
        .skip(1)
        .map(|block| &block[..block.find("</div>").expect("a chart block ends")])
        .collect()
}

/// The figures of the tick labels in `markup`, in thousands (`$150K` → 150).
fn ticks(markup: &str) -> Vec<u64> {
    Regex::new(r#"<text class="tick"[^>]*>\$([0-9]+)K?</text>"#)
        .unwrap()
        .captures_iter(markup)
        .map(|c| c[1].parse().unwrap())
        .collect()
}

#[test]
fn charts_scale_with_their_column_and_keep_an_axis_above_and_below() {
    let site = TempSite::example();
    site.build(&[]);
    let percent_bar = Regex::new(r#"<rect class="bar-[a-z]+( open)?" x="[0-9.]+%""#).unwrap();
    for page in [
        "public/companies/anthropic/ml-ai-engineer/index.html",
        "public/roles/ml-ai-engineer/index.html",
        "public/regions/london/index.html",
    ] {
        let html = site.read(page);
        let blocks = chart_blocks(&html);
        assert!(!blocks.is_empty(), "{page}: no chart");
        for block in blocks {
            // A viewBox scales the chart's 12 px text down with its width.
            assert!(
                !block.contains("viewBox"),
                "{page}: a chart scales its text"
            );
            let plot = &block[block.find(r#"<svg class="range-chart""#).expect("a plot")..];
            assert!(
                plot.starts_with(r#"<svg class="range-chart" width="100%""#),
                "{page}"
            );
            assert!(
                percent_bar.is_match(plot),
                "{page}: bars are not placed in percent of the width"
            );
            let top = block
                .find("chart-axis chart-axis-top")
                .expect("an axis above");
            let bottom = block
                .find("chart-axis chart-axis-bottom")
                .expect("an axis below");
            assert!(
                top < block.find("range-chart").unwrap() && bottom > top,
                "{page}"
            );
            assert!(
                !ticks(&block[top..top + 2000]).is_empty(),
                "{page}: no ticks above"
            );
        }
    }
    let css = site.read("public/assets/style.css");
    assert!(css.contains(".chart-axis-top { position: sticky; top: 0;"));
    assert!(css.contains(".chart-axis-bottom { position: sticky; bottom: 0;"));
}

#[test]
fn a_charts_axis_spans_round_figures_around_its_own_not_from_zero() {
    let site = TempSite::new();
    site.guide(
        "initech-staff-engineer.md",
        "# Staff Engineer | Initech Global Negotiation Guide\n\n\
         | Region | Base | Equity (4yr) | Bonus | Total Comp |\n\
         |---|---|---|---|---|\n\
         | Austin | $212K-$298K | — | — | $240K-$331K |\n\
         | Boston | $230K-$305K | — | — | $260K-$352K |\n",
    );
    site.build(&[]);
    let role = site.read("public/roles/staff-engineer/index.html");
    let block = chart_blocks(&role)[0];
    let axis = ticks(block);
    assert_eq!(axis.first(), Some(&200), "axis starts at {axis:?}");
    assert_eq!(axis.last(), Some(&400), "axis ends at {axis:?}");
}

#[test]
fn ask_and_floor_labels_have_a_line_each_and_no_marker_line_crosses_them() {
    let site = TempSite::example();
    site.build(&[]);
    let guide = site.read("public/companies/anthropic/ml-ai-engineer/index.html");
    let position = chart_blocks(&guide)
        .into_iter()
        .find(|b| b.contains("marker-label"))
        .expect("an ask and floor chart");
    let labels: Vec<u32> = Regex::new(r#"<text class="marker-label [a-z]+"[^>]* y="([0-9]+)""#)
        .unwrap()
        .captures_iter(position)
        .map(|c| c[1].parse().unwrap())
        .collect();
    let line_tops: Vec<u32> = Regex::new(r#"<line class="marker [a-z]+"[^>]* y1="([0-9]+)""#)
        .unwrap()
        .captures_iter(position)
        .map(|c| c[1].parse().unwrap())
        .collect();
    assert_eq!((labels.len(), line_tops.len()), (2, 2), "{position}");
    // 12 px type: baselines 12 px apart or more never overlap.
    assert!(labels[0].abs_diff(labels[1]) >= 12, "labels at {labels:?}");
    let lowest_label = *labels.iter().max().unwrap();
    for top in line_tops {
        assert!(
            top > lowest_label,
            "a marker line from {top} crosses a label at {lowest_label}"
        );
    }
}
