//! Every figure a guide states reaches the reader: charts draw every band
//! whatever its currency, band tables with a missing column are named as
//! such, open-ended bands are never read as topping out at their lower end,
//! and a company is spelled the way the site's authors spell it.

use crate::harness::{TempSite, codes_and_lines, fixture};
use regex::Regex;

/// The example guide with `title` as its heading and `rows` as its band
/// table's rows (the header is the full one).
fn guide(title: &str, rows: &[&str], script: &str) -> String {
    let valid = fixture("valid.md");
    let table_start = valid.find("| Region |").expect("table");
    let table_end = valid.find("\n\n**Negotiation DNA**").expect("after table");
    let table = format!(
        "| Region | Base Salary | Equity (RSU/4yr) | Bonus | Total Comp |\n|---|---|---|---|---|\n{}",
        rows.join("\n")
    );
    let script_start = valid.find("> **Negotiate Up Strategy:**").expect("script");
    let script_end = valid
        .find("\n\n**Evidence & Sources**")
        .expect("after script");
    format!(
        "{}{table}{}{script}{}",
        valid[..table_start].replace(
            "# Staff Engineer | Initech Global Negotiation Guide",
            &format!("# {title}"),
        ),
        &valid[table_end..script_start],
        &valid[script_end..],
    )
}

const SCRIPT: &str = "> **Negotiate Up Strategy:** \"I'm holding a Globex offer at $230K base / $150K equity.\n> To join: $240K base, $180K equity/4yr, and a $30K signing bonus. My floor is $220K base.\"";

/// The row labels of the charts in `markup`, in order.
fn chart_rows(markup: &str) -> Vec<String> {
    let label = Regex::new(r#"<text class="row-label"[^>]*>([^<]*)</text>"#).unwrap();
    label
        .captures_iter(markup)
        .map(|c| c[1].to_string())
        .collect()
}

/// The charts of a page whose title (the SVG's `<title>`) contains `title`.
fn charts_titled<'a>(page: &'a str, title: &str) -> Vec<&'a str> {
    page.split(r#"<svg class="range-chart""#)
        .skip(1)
        .map(|chart| &chart[..chart.find("</svg>").expect("chart ends")])
        .filter(|chart| {
            let start = chart.find("-title\">").expect("chart title") + 8;
            chart[start..start + chart[start..].find("</title>").unwrap()].contains(title)
        })
        .collect()
}

#[test]
fn a_guide_in_three_currencies_has_a_chart_row_for_every_band() {
    let site = TempSite::new();
    site.guide(
        "initech.md",
        guide(
            "Staff Engineer | Initech Global Negotiation Guide",
            &[
                "| San Francisco | $200K-$250K | $100K-$200K | $20K-$30K | $245K-$330K |",
                "| London | £150K–£190K | £80K–£160K | 10-15% | £170K–£230K |",
                "| New York | $190K-$240K | $100K-$200K | $20K-$30K | $235K-$320K |",
                "| Berlin | €120K–€150K | €60K–€100K | — | €135K–€175K |",
            ],
            SCRIPT,
        ),
    );
    site.guide(
        "globex.md",
        guide(
            "Staff Engineer | Globex Global Negotiation Guide",
            &[
                "| London | £160K–£200K | £80K–£160K | — | £180K–£240K |",
                "| Paris | €110K–€140K | €40K–€80K | — | €120K–€160K |",
            ],
            SCRIPT,
        ),
    );
    site.build(&[]);
    let page = site.read("public/companies/initech/staff-engineer/index.html");
    let every_band = ["San Francisco", "London", "New York", "Berlin"];

    let bands = charts_titled(&page, "pay bands");
    let rows = chart_rows(&bands.concat());
    assert_eq!(
        rows, every_band,
        "one band chart row per band, in table order"
    );
    // Converted bars keep the figures as written.
    let chart = bands.concat();
    assert!(chart.contains("£150K–£190K"), "London's base as written");
    assert!(chart.contains("€135K–€175K"), "Berlin's total as written");

    let position = charts_titled(&page, "Ask and floor");
    let rows = chart_rows(&position.concat());
    assert_eq!(rows, every_band, "one position chart row per base band");
    assert!(position.concat().contains("Floor $220K"));

    let role = site.read("public/roles/staff-engineer/index.html");
    let mut rows = chart_rows(&role);
    rows.sort();
    assert_eq!(
        rows,
        [
            "Globex · London",
            "Globex · Paris",
            "Initech · Berlin",
            "Initech · London",
            "Initech · New York",
            "Initech · San Francisco",
        ]
    );
    assert!(role.contains("€120K–€160K"), "Paris's total as written");
    for (region, expected) in [
        (
            "london",
            vec!["Staff Engineer at Globex", "Staff Engineer at Initech"],
        ),
        ("berlin", vec!["Staff Engineer at Initech"]),
        ("paris", vec!["Staff Engineer at Globex"]),
    ] {
        let page = site.read(&format!("public/regions/{region}/index.html"));
        let mut rows = chart_rows(&page);
        rows.sort();
        assert_eq!(rows, expected, "{region}");
    }
    let pair = site.read("public/compare/globex-vs-initech/index.html");
    assert_eq!(chart_rows(&pair).len(), 2, "one row per company");
}

#[test]
fn a_band_table_missing_a_column_is_an_error_at_its_header_naming_it() {
    let site = TempSite::new();
    let text = fixture("valid.md")
        .replace(
            "| Region | Base Salary | Equity (RSU/4yr) | Bonus | Total Comp |\n|--------|-------------|------------------|-------|------------|",
            "| Region | Equity (Options/4yr) | Bonus | Total Comp |\n|---|---|---|---|",
        )
        .replace("| $200K-$250K | $100K-$200K |", "| $100K-$200K |")
        .replace("| £150K–£190K | £80K–£160K |", "| £80K–£160K |");
    site.guide("initech.md", text);
    let diagnostics = site.diagnostics(&[]);
    assert_eq!(
        codes_and_lines(&diagnostics),
        [("E012".to_string(), Some(5))],
        "{diagnostics:#?}"
    );
    let message = diagnostics[0]["message"].as_str().unwrap();
    assert!(message.contains("Base Salary"), "{message}");
    assert!(!message.contains("Bonus"), "{message}");
}

#[test]
fn an_open_ended_base_has_no_highest_figure_for_a_floor_to_be_above() {
    let site = TempSite::new();
    site.guide(
        "initech.md",
        guide(
            "Staff Engineer | Initech Global Negotiation Guide",
            &[
                "| San Francisco | $300K+ | $100K-$200K | — | $325K+ |",
                "| Austin | $200K-$250K | $100K-$200K | — | $225K-$300K |",
            ],
            "> **Negotiate Up Strategy:** \"To join: $340K base, $180K equity/4yr. My floor is $310K base.\"",
        ),
    );
    site.cmd()
        .arg("check")
        .assert()
        .success()
        .stdout("")
        .stderr("checked 1 guide: 0 errors, 0 warnings\n");
}

#[test]
fn an_open_ended_total_ranks_and_reads_as_having_no_top() {
    let site = TempSite::new();
    site.guide(
        "initech.md",
        guide(
            "Staff Engineer | Initech Global Negotiation Guide",
            &["| Austin | $300K+ | — | — | $300K+ |"],
            SCRIPT,
        ),
    );
    site.guide(
        "globex.md",
        guide(
            "Staff Engineer | Globex Global Negotiation Guide",
            &["| Austin | $300K-$320K | — | — | $300K-$320K |"],
            SCRIPT,
        ),
    );
    site.build(&[]);
    let role = site.read("public/roles/staff-engineer/index.html");
    assert_eq!(
        chart_rows(&role),
        ["Initech · Austin", "Globex · Austin"],
        "a band with no top ranks above one that tops out"
    );
    let home = site.read("public/index.html");
    assert!(
        !home.contains("Up to <strong>$300K</strong>"),
        "an open band is not read as topping out at its lower end"
    );
    assert!(home.contains("<strong>$300K+</strong>"));
    // The open bar reaches past its lower end on the chart's scale.
    let page = site.read("public/companies/initech/staff-engineer/index.html");
    let bar =
        Regex::new(r#"<rect class="bar-base open" x="[0-9.]+%" y="[0-9]+" width="([0-9.]+)%""#)
            .unwrap();
    let width: f64 = bar.captures(&page).expect("an open base bar")[1]
        .parse()
        .unwrap();
    assert!(width > 5.0, "open bar {width}% of the plot wide");
}

#[test]
fn the_authors_spelling_of_a_company_wins_over_the_built_in_list() {
    let site = TempSite::new();
    site.guide(
        "nvidia.md",
        guide(
            "Staff Engineer | NVIDIA Global Negotiation Guide",
            &["| Austin | $200K-$250K | $100K-$200K | $20K-$30K | $245K-$330K |"],
            SCRIPT,
        ),
    );
    site.guide(
        "facebook.md",
        guide(
            "Staff Engineer | Facebook Global Negotiation Guide",
            &["| Austin | $200K-$250K | $100K-$200K | $20K-$30K | $245K-$330K |"],
            SCRIPT,
        )
        .replace(
            "Initech Staff Engineer = Google L6 Software Engineer = Meta IC6",
            "Facebook Staff Engineer = Nvidia L6 Software Engineer = Meta IC6",
        ),
    );
    let export = site.export(&[]);
    let companies: Vec<&str> = export["guides"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["company"].as_str().unwrap())
        .collect();
    assert_eq!(companies, ["Facebook", "NVIDIA"]);
    let facebook = &export["guides"][0]["level_mapping"]["entries"];
    let mapped: Vec<&str> = facebook
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["company"].as_str().unwrap())
        .collect();
    assert_eq!(
        mapped,
        ["Facebook", "NVIDIA", "Facebook", "Amazon"],
        "aliases map every spelling to the author's key"
    );

    // site.toml comes first.
    let declared = crate::harness::SITE_TOML.replace(
        "[currency]",
        "\"Nvidia Corporation\" = { aliases = [\"NVIDIA\", \"Nvidia\"] }\n\n[currency]",
    );
    let site = TempSite::with_config(&declared);
    site.guide(
        "nvidia.md",
        guide(
            "Staff Engineer | NVIDIA Global Negotiation Guide",
            &["| Austin | $200K-$250K | $100K-$200K | $20K-$30K | $245K-$330K |"],
            SCRIPT,
        ),
    );
    assert_eq!(
        site.export(&[])["guides"][0]["company"],
        "Nvidia Corporation"
    );
}
