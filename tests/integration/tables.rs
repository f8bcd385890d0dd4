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
    let keys: Vec<String> = Regex::new(r#"<td class="num" data-value="([0-9]*)">"#)
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
