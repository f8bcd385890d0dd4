//! A guide's printable negotiation sheet: what a reader takes into the call
//! on one page of paper (the ask, the floor, competing offers, each lever in
//! a line, the script with blanks to write on, the bands and the sources).

use crate::html::markdown::{plain_with_urls, to_html};
use crate::site::pages::guide::{Figure, ask_figures, floor_figures, offer_figures};
use crate::site::urls::paths;
use crate::site::views::{BandView, Link, band_view};
use crate::site::{Page, PageSpec, SiteContext};
use serde::Serialize;

#[derive(Serialize)]
struct SheetPage {
    sheet: SheetView,
}

#[derive(Serialize)]
struct SheetView {
    title: String,
    guide: Link,
    /// How old the figures are: `updated`, else the file's last change.
    as_of: Option<String>,
    premium: Option<String>,
    vesting_years: Option<u32>,
    ask: Vec<Figure>,
    floor: Vec<Figure>,
    offers: Vec<(String, String)>,
    levers: Vec<SheetLever>,
    script_html: Option<String>,
    bands: Vec<BandView>,
    /// Plain text, each link followed by its address.
    sources: Vec<String>,
}

#[derive(Serialize)]
struct SheetLever {
    title: String,
    premium: Option<String>,
    line: String,
}

/// The first sentence of a lever's text, as plain words: the sheet gives
/// each lever one line.
fn first_sentence(text: &str) -> String {
    let plain: String = text
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`'))
        .collect();
    let plain = plain.trim().trim_start_matches(['"', '“']);
    let end = plain
        .match_indices(['.', '!', '?'])
        .map(|(i, _)| i + 1)
        .find(|&i| plain[i..].is_empty() || plain[i..].starts_with([' ', '"', '”']))
        .unwrap_or(plain.len());
    const LONGEST: usize = 160;
    let sentence = plain[..end].trim_end_matches(['"', '”']);
    if sentence.chars().count() <= LONGEST {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(LONGEST - 1).collect();
    format!("{}…", cut.trim_end())
}

pub fn page(cx: &SiteContext, i: usize) -> Page {
    let guide = &cx.guides[i];
    let index = &cx.index;
    let currency = guide
        .strategy
        .as_ref()
        .and_then(|s| s.currency)
        .or_else(|| guide.currency())
        .unwrap_or(cx.converter.display);
    let strategy = guide.strategy.as_ref();
    let ask = strategy.map_or_else(Vec::new, |s| ask_figures(currency, s));
    let floor = strategy.map_or_else(Vec::new, |s| floor_figures(currency, s));
    let offers = strategy.map_or_else(Vec::new, |s| {
        s.competing_offers
            .iter()
            .map(|o| (o.company.clone(), offer_figures(currency, o)))
            .collect()
    });
    let levers = guide
        .levers
        .iter()
        .enumerate()
        .map(|(n, lever)| SheetLever {
            title: lever
                .title
                .clone()
                .unwrap_or_else(|| format!("Lever {}", n + 1)),
            premium: lever.premium.map(|p| format!("+{p}")),
            line: first_sentence(&lever.text),
        })
        .collect();
    let title = format!("{} at {}", guide.role, guide.company);
    let guide_url = cx.urls.link(&paths::guide(&guide.slug));
    let view = SheetView {
        title: title.clone(),
        guide: Link::new(&title, Some(guide_url.clone())),
        as_of: guide.as_of.as_ref().map(|as_of| as_of.date.clone()),
        premium: guide
            .premium
            .as_ref()
            .map(|p| format!("+{} {}", p.range(), p.label)),
        vesting_years: guide.vesting_years,
        ask,
        floor,
        offers,
        levers,
        script_html: strategy.map(|s| to_html(&s.text, None, true)),
        bands: guide
            .bands
            .iter()
            .map(|b| band_view(index, guide, b))
            .collect(),
        // Plain text: on paper a link is its address, and a relative one
        // would point elsewhere from the sheet's folder.
        sources: guide.sources.iter().map(|s| plain_with_urls(s)).collect(),
    };
    cx.page(
        PageSpec {
            path: paths::sheet(&guide.slug),
            template: "sheet.html",
            title: format!("Negotiation sheet: {title}"),
            description: format!(
                "A one-page, printable negotiation sheet for {title}: ask, floor, levers, script and bands."
            ),
            breadcrumbs: vec![
                cx.home_crumb(),
                Link::new("Companies", Some(cx.urls.link(paths::COMPANIES))),
                index.company(&guide.company),
                Link::new(&guide.role, Some(guide_url)),
            ],
            section: "companies",
        },
        SheetPage { sheet: view },
    )
}

#[cfg(test)]
mod tests {
    use super::first_sentence;

    #[test]
    fn a_lever_is_its_first_sentence() {
        assert_eq!(
            first_sentence("\"I own [the platform], which is worth $240K base. More here.\""),
            "I own [the platform], which is worth $240K base."
        );
        assert_eq!(
            first_sentence("Globex offers $230K base / $1.5M equity"),
            "Globex offers $230K base / $1.5M equity"
        );
        let long = "word ".repeat(60);
        let line = first_sentence(&long);
        assert!(line.chars().count() <= 160 && line.ends_with('…'), "{line}");
    }
}
