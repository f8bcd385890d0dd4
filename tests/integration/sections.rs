//! One test per section kind, through the library: markdown in, model out.

use crate::harness::fixture;
use guidepress::companies::CompanyIndex;
use guidepress::content::LoadedFile;
use guidepress::model::{Bonus, Guide, MoneyRange, Percent};
use guidepress::parse::parse_guide;

fn companies() -> CompanyIndex {
    let scale = vec!["Scale".to_string()];
    CompanyIndex::new([("Scale AI", scale.as_slice())]).with_companies(["Initech", "Globex"])
}

fn parse(text: &str) -> (Guide, Vec<String>) {
    let parsed = parse_guide(&LoadedFile::from_text("g.md", text), &companies());
    let codes = parsed
        .diagnostics
        .iter()
        .map(|d| d.code.as_str().to_string())
        .collect();
    (parsed.guide.expect("company and role known").guide, codes)
}

fn valid() -> Guide {
    let (guide, codes) = parse(&fixture("valid.md"));
    assert!(codes.is_empty(), "{codes:?}");
    guide
}

#[test]
fn title_gives_role_company_and_slug() {
    let guide = valid();
    assert_eq!(
        guide.title.as_deref(),
        Some("Staff Engineer | Initech Global Negotiation Guide")
    );
    assert_eq!(
        (guide.role.as_str(), guide.company.as_str()),
        ("Staff Engineer", "Initech")
    );
    assert_eq!(guide.slug, "initech/staff-engineer");
    // Any heading level, an alias, and no suffix.
    let (guide, _) = parse(&fixture("valid.md").replace(
        "# Staff Engineer | Initech Global Negotiation Guide",
        "##### R&D Lead | Scale",
    ));
    assert_eq!(
        (guide.company.as_str(), guide.slug.as_str()),
        ("Scale AI", "scale-ai/r-d-lead")
    );
}

#[test]
fn tagline_gives_tags_and_premium() {
    let guide = valid();
    assert_eq!(guide.tags, ["Cash-Heavy Base", "SIGNATURE ROLE"]);
    let premium = guide.premium.unwrap();
    assert_eq!(premium.label, "PLATFORM PREMIUM");
    assert_eq!(
        (premium.min_pct, premium.max_pct),
        (Percent::whole(10), Percent::whole(20))
    );
}

#[test]
fn band_table_gives_typed_rows_with_lines() {
    let guide = valid();
    assert_eq!(
        (guide.equity_kind.as_deref(), guide.vesting_years),
        (Some("RSU"), Some(4))
    );
    let [austin, london] = guide.bands.as_slice() else {
        panic!("{:?}", guide.bands)
    };
    assert_eq!(
        (austin.region.as_str(), austin.currency.code(), austin.line),
        ("Austin", "USD", 7)
    );
    assert_eq!(
        austin.base,
        Some(MoneyRange {
            min: 200_000,
            max: Some(250_000)
        })
    );
    assert_eq!(
        austin.bonus,
        Some(Bonus::Money(MoneyRange {
            min: 20_000,
            max: Some(30_000)
        }))
    );
    assert_eq!(
        austin.total,
        Some(MoneyRange {
            min: 245_000,
            max: Some(330_000)
        })
    );
    assert_eq!((london.currency.code(), london.line), ("GBP", 8));
    let Some(Bonus::Percent(pct)) = london.bonus else {
        panic!()
    };
    assert_eq!(
        (pct.min_pct, pct.max_pct),
        (Percent::whole(10), Percent::whole(15))
    );
}

#[test]
fn narrative_keeps_the_authors_markdown() {
    let guide = valid();
    assert_eq!(
        guide.narrative.as_deref(),
        Some("Initech pays for platform ownership. The narrative can run\nover several lines.")
    );
    // As a heading instead of a bold line.
    let (guide, codes) =
        parse(&fixture("valid.md").replace("**Negotiation DNA**\n", "## Negotiation DNA\n\n"));
    assert!(codes.is_empty(), "{codes:?}");
    assert!(guide.narrative.unwrap().starts_with("Initech pays"));
}

#[test]
fn level_mapping_gives_entries_with_companies_and_levels() {
    let mapping = valid().level_mapping.unwrap();
    let entries: Vec<_> = mapping
        .entries
        .iter()
        .map(|e| (e.company.as_str(), e.title.as_str(), e.levels.join(",")))
        .collect();
    assert_eq!(
        entries,
        [
            ("Initech", "Staff Engineer", String::new()),
            ("Google", "Software Engineer", "L6".to_string()),
            ("Meta", "", "IC6".to_string()),
            ("Amazon", "SDE", "L6".to_string()),
        ]
    );
    assert_eq!(mapping.line, 14);
}

#[test]
fn spotlight_sections_keep_title_and_body_in_order() {
    let sections = valid().sections;
    assert_eq!(sections.len(), 1);
    assert_eq!(sections[0].title, "Why Platform Owners Win");
    assert_eq!(
        sections[0].body,
        "Owners of the billing platform are paid above the band."
    );
    assert_eq!(sections[0].line, 16);
}

#[test]
fn levers_give_title_premium_and_text() {
    let levers = valid().levers;
    assert_eq!(levers.len(), 2);
    assert_eq!(levers[0].title.as_deref(), Some("Platform Premium"));
    assert_eq!(levers[0].premium.unwrap().max_pct, Percent::whole(20));
    assert_eq!(
        levers[0].text,
        "I own [the billing platform / the deploy pipeline], which is worth $240K base."
    );
    assert_eq!(
        (levers[1].title.as_deref(), levers[1].premium),
        (Some("Competing Offers"), None)
    );
    assert_eq!(levers[1].line, 21);
}

#[test]
fn strategy_gives_text_ask_floor_and_offers() {
    let strategy = valid().strategy.unwrap();
    assert!(strategy.text.starts_with("I'm holding a Globex offer"));
    assert!(
        !strategy.text.contains('>'),
        "quote markers removed: {}",
        strategy.text
    );
    assert_eq!(
        strategy.currency.map(|c| c.code().to_string()).as_deref(),
        Some("USD")
    );
    assert_eq!(
        (
            strategy.ask.base,
            strategy.ask.equity,
            strategy.ask.signing_bonus,
            strategy.ask.total
        ),
        (Some(240_000), Some(180_000), Some(30_000), None)
    );
    assert_eq!(
        (strategy.floor.base, strategy.floor.equity),
        (Some(220_000), None)
    );
    let offers: Vec<_> = strategy
        .competing_offers
        .iter()
        .map(|o| (o.company.as_str(), o.base, o.equity))
        .collect();
    assert_eq!(offers, [("Globex", Some(230_000), Some(150_000))]);
}

#[test]
fn placeholders_are_slots_not_links() {
    assert_eq!(
        valid().placeholders,
        ["the billing platform / the deploy pipeline"]
    );
}

#[test]
fn sources_are_the_bullet_items() {
    assert_eq!(
        valid().sources,
        [
            "Levels.fyi Initech staff engineer data (2026)",
            "[Initech careers page](https://example.org/careers)"
        ]
    );
}

#[test]
fn front_matter_overrides_and_shifts_no_lines() {
    let text = format!(
        "+++\nslug = \"initech/staff\"\ncompany = \"Globex\"\nrole = \"Principal\"\ndraft = true\nupdated = 2026-10-01\n+++\n{}",
        fixture("valid.md")
    );
    let (guide, codes) = parse(&text);
    assert!(codes.is_empty(), "{codes:?}");
    assert_eq!(
        (
            guide.slug.as_str(),
            guide.company.as_str(),
            guide.role.as_str()
        ),
        ("initech/staff", "Globex", "Principal")
    );
    assert!(guide.draft);
    assert_eq!(guide.updated.as_deref(), Some("2026-10-01"));
    assert_eq!(guide.bands[0].line, 7 + 7, "lines count the front matter");
}

#[test]
fn crlf_bom_and_any_section_order_parse_the_same() {
    let base = valid();
    let crlf = format!("\u{feff}{}", fixture("valid.md").replace('\n', "\r\n"));
    let (guide, codes) = parse(&crlf);
    assert!(codes.is_empty(), "{codes:?}");
    assert_eq!(guide, base, "BOM and CRLF change nothing, lines included");

    // Sources first, band table last, headings instead of bold lines.
    let text = fixture("valid.md");
    let (head, rest) = text.split_once("| Region").unwrap();
    let (table, tail) = rest.split_once("\n\n").unwrap();
    let (body, sources) = tail.split_once("**Evidence & Sources**").unwrap();
    let reordered = format!(
        "{head}## Evidence & Sources{sources}\n{}\n| Region{table}\n",
        body.replace("**Global Levers**", "### Global Levers")
    );
    let (guide, codes) = parse(&reordered);
    assert!(codes.is_empty(), "{codes:?}");
    assert_eq!(guide.sources, base.sources);
    assert_eq!(guide.levers.len(), 2);
    assert_eq!(guide.bands.len(), 2);
    assert_eq!(guide.strategy.unwrap().ask, base.strategy.unwrap().ask);
}
