//! Pages on a phone, as far as built output shows it: the stylesheet's rules
//! for tables that scroll inside their own box and for band tables that stack
//! as cards, and the attributes those rules read. The browser half of these
//! checks (page widths at 390 and 1366 px on a 300-guide site) is
//! tests/browser/phones.mjs, run by .ci/run.

use crate::harness::TempSite;
use regex::Regex;

/// The declarations of every rule whose selector list names `selector`
/// exactly, in stylesheet order, each rule's `@media` prelude with it
/// (empty outside one). Enough of CSS for the theme's flat stylesheet.
fn declarations(css: &str, selector: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut media = String::new();
    let mut rest = css;
    while let Some(open) = rest.find('{') {
        let prelude = strip_comments(&rest[..open]).trim().to_string();
        if prelude.starts_with("@media") {
            media = prelude;
            rest = &rest[open + 1..];
            continue;
        }
        let close = rest[open..]
            .find('}')
            .map(|i| open + i)
            .expect("a closed rule");
        let body = rest[open + 1..close].to_string();
        if prelude.split(',').any(|s| s.trim() == selector) {
            found.push((media.clone(), body));
        }
        rest = &rest[close + 1..];
        // A `}` right after a rule closes the @media block around it.
        let trimmed = rest.trim_start();
        if !media.is_empty() && trimmed.starts_with('}') {
            media.clear();
            rest = &trimmed[1..];
        }
    }
    found
}

fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    out
}

fn screen_rules_for(css: &str, selector: &str) -> String {
    declarations(css, selector)
        .into_iter()
        .filter(|(media, _)| !media.contains("print"))
        .map(|(_, body)| body)
        .collect::<Vec<_>>()
        .join(";")
}

#[test]
fn table_scroll_boxes_contain_their_visually_hidden_spans() {
    let site = TempSite::example();
    let out = site.build(&[]);
    let css = std::fs::read_to_string(out.join("assets/style.css")).expect("style.css");
    // Without a positioned .table-scroll, the level matrix's "no mapping"
    // spans were placed against the page and widened it to 1,208 px on a phone.
    assert!(
        screen_rules_for(&css, ".table-scroll").contains("position: relative"),
        "no `position: relative` on .table-scroll"
    );
    let levels = site.read("public/levels/index.html");
    assert!(levels.contains(r#"class="visually-hidden">no mapping</span>"#));
    assert!(levels.contains(r#"<div class="table-scroll matrix-scroll""#));
    let header = screen_rules_for(&css, ".matrix thead th");
    let column = screen_rules_for(&css, ".matrix tbody th");
    for (what, rules) in [("header row", &header), ("guide column", &column)] {
        assert!(
            rules.contains("position: sticky"),
            "matrix {what} is not sticky: {rules}"
        );
    }
    assert!(header.contains("top: 0"), "{header}");
    assert!(column.contains("left: 0"), "{column}");
    let scroll = screen_rules_for(&css, ".matrix-scroll");
    assert!(
        scroll.contains("max-height") && scroll.contains("overflow: auto"),
        "{scroll}"
    );
}

/// The declarations `selector` gets on a phone (under 40rem), joined.
fn phone_rules(css: &str, selector: &str) -> String {
    declarations(css, selector)
        .into_iter()
        .filter(|(media, _)| media.contains("max-width: 40rem"))
        .map(|(_, body)| body)
        .collect::<Vec<_>>()
        .join(";")
}

#[test]
fn band_tables_stack_as_cards_with_total_comp_first_on_a_phone() {
    let site = TempSite::example();
    let out = site.build(&[]);
    let css = std::fs::read_to_string(out.join("assets/style.css")).expect("style.css");
    let phone = |selector: &str| phone_rules(&css, selector);
    assert!(
        phone(".bands tr").contains("display: block"),
        "rows are not cards"
    );
    assert!(phone(".bands td::before").contains("content: attr(data-label)"));
    // The region's name, then Total comp, then the figures it adds up.
    assert!(phone(".bands tbody th").contains("order: -2"));
    assert!(phone(".bands td.band-total").contains("order: -1"));

    let guide = site.read("public/companies/anthropic/ml-ai-engineer/index.html");
    let table = &guide[guide.find(r#"<table class="bands">"#).expect("bands table")..];
    let table = &table[..table.find("</table>").expect("table end")];
    let first_row = &table[table.find("<tbody>").expect("tbody")..];
    let first_row = &first_row[..first_row.find("</tr>").expect("row end")];
    for label in [
        r#"data-label="Base">$265K–$335K<"#,
        r#"data-label="Equity (4 yr)""#,
        r#"data-label="Equity / yr""#,
        r#"data-label="Bonus""#,
        r#"class="num band-total" data-label="Total comp"><strong>"#,
    ] {
        assert!(
            first_row.contains(label),
            "{label} missing from {first_row}"
        );
    }
}

#[test]
fn comparison_tables_stack_as_cards_with_total_comp_first_on_a_phone() {
    let site = TempSite::example();
    let out = site.build(&[]);
    let css = std::fs::read_to_string(out.join("assets/style.css")).expect("style.css");
    let phone = |selector: &str| phone_rules(&css, selector);
    assert!(phone(".ranked tbody tr").contains("flex-direction: column"));
    assert!(phone(".ranked td::before").contains("content: attr(data-label)"));
    assert!(phone(".ranked td.band-total").contains("order: -1"));
    // The sort buttons stay in view, as a row above the cards.
    assert!(phone(".ranked thead tr").contains("display: flex"));

    for page in [
        "public/index.html",
        "public/roles/ml-ai-engineer/index.html",
        "public/companies/anthropic/index.html",
        "public/regions/london/index.html",
    ] {
        let html = site.read(page);
        let table = &html[html
            .find(r#"<table class="compare ranked""#)
            .unwrap_or_else(|| panic!("{page}: no ranked table"))..];
        let first_row = &table[table.find("<tbody>").expect("tbody")..];
        let first_row = &first_row[..first_row.find("</tr>").expect("row end")];
        for label in [
            r#"data-label="Region""#,
            r#"data-label="Base""#,
            r#"data-label="Equity / yr""#,
            r#"class="num band-total" data-label="Total comp""#,
            r#"data-label="As of""#,
        ] {
            assert!(
                first_row.contains(label),
                "{page}: {label} missing from {first_row}"
            );
        }
    }
}

/// The accessible names of a page's region landmarks: sections named by a
/// heading (`aria-labelledby`) and boxes with `role="region"` and an
/// `aria-label`, as axe's `landmark-unique` rule reads them.
fn region_names(html: &str) -> Vec<String> {
    let labelled_by = Regex::new(r#"<section[^>]*aria-labelledby="([^"]+)""#).expect("regex");
    let labelled = Regex::new(r#"role="region"[^>]*aria-label="([^"]+)""#).expect("regex");
    let heading_text = |id: &str| {
        let start = html
            .find(&format!(r#"id="{id}">"#))
            .unwrap_or_else(|| panic!("no element with id {id}"));
        let text = &html[start..];
        let text = &text[text.find('>').expect("tag end") + 1..];
        text[..text.find('<').expect("text end")].to_string()
    };
    labelled_by
        .captures_iter(html)
        .map(|c| heading_text(&c[1]))
        .chain(labelled.captures_iter(html).map(|c| c[1].to_string()))
        .collect()
}

#[test]
fn a_guide_shows_readers_no_file_name_and_names_each_region_once() {
    let site = TempSite::example();
    site.build(&[]);
    let guide = site.read("public/companies/anthropic/ml-ai-engineer/index.html");
    let file = "anthropic-ml-ai-engineer.md";
    // Kept in the page's data for authors' tools, never in its text.
    assert!(guide.contains(&format!(r#"<article class="guide" data-source="{file}">"#)));
    assert_eq!(guide.matches(file).count(), 1, "{file} shown on the page");
    assert!(
        guide.contains(r#"<p class="meta">Equity: "#),
        "the meta line lost its figures"
    );

    let names = region_names(&guide);
    assert!(names.iter().any(|n| n == "Level mapping"), "{names:?}");
    let mut seen = std::collections::BTreeSet::new();
    for name in &names {
        assert!(seen.insert(name), "two regions named {name:?}: {names:?}");
    }
}

#[test]
fn a_percentage_bonus_is_named_beside_every_total_that_leaves_it_out() {
    let site = TempSite::new();
    // One guide with a 15% target (not in its total) and one with a bonus
    // in money (in its total): only the first says so.
    let percent = "# Software Engineer | Acme Robotics Global Negotiation Guide\n\n\
        | Region | Base | Equity (4yr) | Bonus | Total Comp |\n\
        |---|---|---|---|---|\n\
        | London | £125K-£170K | £180K-£420K | 15% | £170K-£275K |\n";
    let money = "# Software Engineer | Initech Global Negotiation Guide\n\n\
        | Region | Base | Equity (4yr) | Bonus | Total Comp |\n\
        |---|---|---|---|---|\n\
        | London | £120K-£160K | £160K-£400K | £10K-£20K | £170K-£280K |\n";
    site.guide("acme-robotics-software-engineer.md", percent)
        .guide("initech-software-engineer.md", money);
    site.build(&[]);
    let note = "+ 15% of base bonus target, not in the total";
    let guide = site.read("public/companies/acme-robotics/software-engineer/index.html");
    assert!(
        guide.contains(&format!(
            r#"<strong>£170K–£275K</strong><br><span class="total-note">{note}</span>"#
        )),
        "no note beside the band's total"
    );
    let sheet = site.read("public/companies/acme-robotics/software-engineer/sheet/index.html");
    assert!(sheet.contains(note), "no note on the printable sheet");
    let other = site.read("public/companies/initech/software-engineer/index.html");
    assert!(
        !other.contains("bonus target"),
        "a bonus in money is in the total"
    );

    // Pages that rank totals: the role hub's table and the guide cards.
    for page in ["roles/software-engineer", "regions/london", ""] {
        let html = site.read(&format!("public/{page}/index.html"));
        assert_eq!(
            html.matches(r#"<span class="total-note">"#).count(),
            1,
            "{page}: one row of two leaves out a bonus target"
        );
    }
    let role = site.read("public/roles/software-engineer/index.html");
    assert!(
        role.contains("total comp, + 15% of base bonus target not in it</p>"),
        "card"
    );
}

#[test]
fn the_search_index_carries_each_companys_aliases_from_site_toml() {
    let site = TempSite::example();
    site.build(&[]);
    let index: serde_json::Value =
        serde_json::from_str(&site.read("public/search/index.json")).expect("search index");
    let entries = index.as_array().expect("a list");
    let aliases_of = |company: &str| -> Vec<Vec<String>> {
        entries
            .iter()
            .filter(|e| e["company"] == company)
            .map(|e| serde_json::from_value(e["aliases"].clone()).expect("aliases"))
            .collect()
    };
    let deepmind = aliases_of("Google DeepMind");
    assert_eq!(deepmind.len(), 2, "two DeepMind guides");
    for aliases in deepmind {
        assert_eq!(aliases, ["DeepMind", "GDM"]);
    }
    assert_eq!(aliases_of("Anthropic"), vec![Vec::<String>::new(); 2]);
}

#[test]
fn on_paper_the_premium_badge_is_black_on_white_and_no_heading_ends_a_page() {
    let site = TempSite::example();
    let out = site.build(&[]);
    let css = std::fs::read_to_string(out.join("assets/style.css")).expect("style.css");
    let print = |selector: &str| {
        declarations(&css, selector)
            .into_iter()
            .filter(|(media, _)| media.contains("print"))
            .map(|(_, body)| body)
            .collect::<Vec<_>>()
            .join(";")
    };
    // On screen the badge is white on the accent colour, a background a
    // printer drops by default.
    let badge = print(".badge");
    for rule in [
        "color: #000",
        "background: none",
        "border: 1.5pt solid #000",
    ] {
        assert!(
            badge.contains(rule),
            "printed badge lacks `{rule}`: {badge}"
        );
    }
    for heading in ["h1", "h2", "h3"] {
        assert!(
            print(heading).contains("break-after: avoid"),
            "a printed {heading} can end a page"
        );
    }
    let guide = site.read("public/companies/anthropic/ml-ai-engineer/index.html");
    assert!(
        guide.contains(r#"class="badge"#),
        "the guide has no badge to print"
    );
}
