//! Comparison tables as built: what the theme's script sorts and filters
//! them by (headers naming how, cells carrying their figure as a key), the
//! company-vs-company table lined up region by region, and an "As written"
//! column only where a figure was converted. The browser half (clicks,
//! Enter, the region picker) is tests/browser/tables.mjs.

use crate::harness::TempSite;
use regex::Regex;

const HEADER: &str =
    "| Region | Base | Equity (4yr) | Bonus | Total Comp |\n|---|---|---|---|---|\n";

fn guide(company: &str, role: &str, rows: &[&str]) -> String {
    format!(
        "# {role} | {company} Global Negotiation Guide\n\n{HEADER}{}\n",
        rows.join("\n")
    )
}

#[test]
fn comparison_tables_name_how_each_column_sorts_and_carry_figures_as_keys() {
    let site = TempSite::new();
    site.guide(
        "initech-staff-engineer.md",
        guide(
            "Initech",
            "Staff Engineer",
            &[
                "| Austin | $200K-$250K | $100K-$200K | — | $225K-$300K |",
                "| Boston | $210K-$260K | — | — | $300K+ |",
            ],
        ),
    );
    site.build(&[]);
    for page in [
        "roles/staff-engineer",
        "regions/austin",
        "companies/initech",
    ] {
        let html = site.read(&format!("public/{page}/index.html"));
        for header in [
            r#"<th scope="col" data-sort="text">Guide</th>"#,
            r#"<th scope="col" data-sort="text" data-filter="region">Region</th>"#,
            r#"<th scope="col" class="num" data-sort="number">Base</th>"#,
            r#"<th scope="col" class="num" data-sort="number">Total comp</th>"#,
        ] {
            assert!(html.contains(header), "{page}: no {header}");
        }
    }
    let role = site.read("public/roles/staff-engineer/index.html");
    let keys: Vec<String> =
        Regex::new(r#"<td class="num(?: band-total)?" data-label="[^"]+" data-value="([0-9]*)">"#)
            .unwrap()
            .captures_iter(&role)
            .map(|c| c[1].to_string())
            .collect();
    // Boston first (its open total ranks highest; no equity: no key), then
    // Austin: base, equity per year, total, each the top of its range.
    assert_eq!(
        keys,
        [
            "260000",
            "",
            "1000000000300000",
            "250000",
            "50000",
            "300000"
        ],
        "an open total sorts above every total with a top"
    );
}

/// Each row of the pair table: its region and the text of its last cell
/// (the difference, or which company alone pays there).
fn pair_rows(page: &str) -> Vec<(String, String)> {
    let start = page
        .find(r#"<table class="compare pair">"#)
        .expect("a pair table");
    let table = &page[start..start + page[start..].find("</table>").unwrap()];
    let region = Regex::new(r#"<td><a href="[^"]*">([^<]+)</a></td>"#).unwrap();
    let tags = Regex::new("<[^>]+>").unwrap();
    table
        .split("<tr")
        .skip(2)
        .filter_map(|tr| {
            let region = region.captures(tr)?[1].to_string();
            let last = &tr[tr.rfind(r#"<td class="num">"#)?..];
            let cell = &last[..last.find("</td>")?];
            Some((region, tags.replace_all(cell, "").trim().to_string()))
        })
        .collect()
}

#[test]
fn company_vs_company_lines_up_shared_regions_first_with_the_difference() {
    let site = TempSite::new();
    site.guide(
        "globex-staff-engineer.md",
        guide(
            "Globex",
            "Staff Engineer",
            &[
                "| Paris | $150K-$200K | — | — | $180K-$240K |",
                "| London | $180K-$220K | — | — | $200K-$300K |",
            ],
        ),
    )
    .guide(
        "initech-staff-engineer.md",
        guide(
            "Initech",
            "Staff Engineer",
            &[
                "| Berlin | $160K-$200K | — | — | $190K-$250K |",
                "| London | $200K-$260K | — | — | $250K-$350K |",
            ],
        ),
    );
    site.build(&[]);
    let pair = site.read("public/compare/globex-vs-initech/index.html");
    assert_eq!(
        pair_rows(&pair),
        [
            ("London".to_string(), "+20%".to_string()),
            ("Paris".to_string(), "only Globex".to_string()),
            ("Berlin".to_string(), "only Initech".to_string()),
        ],
        "shared regions first, each with Initech's total against Globex's"
    );
}

#[test]
fn the_as_written_column_shows_only_on_tables_with_a_converted_figure() {
    let site = TempSite::new();
    site.guide(
        "initech-staff-engineer.md",
        guide(
            "Initech",
            "Staff Engineer",
            &["| Austin | $200K-$250K | — | — | $225K-$300K |"],
        ),
    )
    .guide(
        "globex-data-scientist.md",
        guide(
            "Globex",
            "Data Scientist",
            &[
                "| Austin | $150K-$200K | — | — | $180K-$240K |",
                "| London | £120K-£160K | — | — | £150K-£200K |",
            ],
        ),
    );
    site.build(&[]);
    let column = r#"<th scope="col">As written</th>"#;
    // Every figure in USD, as displayed: nothing to add.
    for page in ["roles/staff-engineer", "companies/initech"] {
        let html = site.read(&format!("public/{page}/index.html"));
        assert!(
            !html.contains(column),
            "{page}: an As written column of dashes"
        );
        assert!(!html.contains(r#"<td class="original">"#), "{page}");
    }
    // London's pounds differ from the dollars shown: the column stays.
    for page in ["roles/data-scientist", "companies/globex", ""] {
        let html = site.read(&format!("public/{page}/index.html"));
        assert!(html.contains(column), "{page}: no As written column");
        assert!(html.contains("£120K–£160K base"), "{page}");
    }
}
