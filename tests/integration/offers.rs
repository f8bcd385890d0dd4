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
