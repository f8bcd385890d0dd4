//! The competing offers and premiums pages: what the guides cite, read once
//! when parsing, each offer and premium listed once.

use crate::harness::{TempSite, fixture};

/// The visible text of the `<li>` items of the offers page that mention `needle`.
fn offer_items(page: &str, needle: &str) -> Vec<String> {
    page.split("<li>")
        .skip(1)
        .map(|item| item.split("</li>").next().unwrap_or_default())
        .filter(|item| item.contains(needle))
        .map(|item| {
            let mut text = String::new();
            let mut in_tag = false;
            for c in item.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    _ if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text
        })
        .collect()
}

#[test]
fn a_lever_offer_in_a_reference_link_is_read_as_the_parser_reads_it() {
    // `[…]` with a link definition of that label is a link, not a reader's
    // slot: the guide's placeholders do not list it, so the offers page
    // must not blank it out either.
    let guide = fixture("valid.md")
        .replace(
            r#""Globex offers $230K base / $150K equity.""#,
            r#""I hold [an OpenAI offer at $250K base]."

[an openai offer at $250k base]: https://example.org/openai-offer"#,
        )
        .replace("Globex", "OpenAI");
    let site = TempSite::new();
    site.guide("initech.md", guide);
    let export = site.export(&[]);
    assert!(
        export["guides"][0]["placeholders"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p != "an OpenAI offer at $250K base"),
        "a reference link is no slot"
    );
    site.build(&[]);
    let offers = site.read("public/offers/index.html");
    assert_eq!(
        offer_items(&offers, "$250K base").len(),
        1,
        "the lever's offer is listed: {offers}"
    );
}

/// valid.md with offers from a company the site knows: the script and the
/// second lever cite the same OpenAI offer, a third lever a Meta offer in
/// pounds.
fn guide_citing_one_offer_twice() -> String {
    fixture("valid.md")
        .replace("Globex", "OpenAI")
        .replace("a OpenAI offer", "an OpenAI offer")
        .replace(
            "$150K equity.\"\n",
            "$150K equity.\"\n3. **London Offer:** \"Meta London has offered £200K base / £300K equity.\"\n",
        )
}

#[test]
fn an_offer_in_the_script_and_a_lever_is_listed_once_with_role_region_and_converted_value() {
    let site = TempSite::new();
    site.guide("initech.md", guide_citing_one_offer_twice());
    site.build(&[]);
    let offers = site.read("public/offers/index.html");

    let openai = offer_items(&offers, "$230K base");
    assert_eq!(
        openai.len(),
        1,
        "one offer, however many parts cite it: {openai:?}"
    );
    let openai = &openai[0];
    assert!(
        openai.contains("(Negotiation script, Lever: Competing Offers)"),
        "{openai}"
    );
    assert!(
        openai.contains("for Staff Engineer in Austin,"),
        "the role, and the region whose band is in dollars: {openai}"
    );
    assert!(
        !openai.contains("about"),
        "dollars need no conversion: {openai}"
    );

    let meta = offer_items(&offers, "£200K base");
    assert_eq!(meta.len(), 1, "{meta:?}");
    assert!(
        meta[0].contains("£200K base · £300K equity (about $254K base · $381K equity)"),
        "converted at the site's GBP rate: {}",
        meta[0]
    );
    assert!(meta[0].contains("in London,"), "{}", meta[0]);
    assert!(
        offers.contains("2 competing offers"),
        "the count counts each once"
    );
}

#[test]
fn a_premium_in_the_tagline_and_a_lever_is_listed_once() {
    let site = TempSite::new();
    site.guide("initech.md", fixture("valid.md"));
    site.build(&[]);
    let premiums = site.read("public/premiums/index.html");
    let rows: Vec<&str> = premiums
        .split("<tr>")
        .filter(|row| row.to_lowercase().contains("platform premium"))
        .collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(
        rows[0].contains("<td>Tagline and lever</td>"),
        "{}",
        rows[0]
    );
    assert!(rows[0].contains("+10-20%"), "{}", rows[0]);
}
