//! `**Global Levers**` then `1. **Title (+20-35%):** "text"`.

use super::Context;
use super::blocks::{BlockKind, List};
use super::money::{figures, parse_percent_range};
use super::placeholders::Slots;
use super::sections::{Kind, Outline};
use super::strategy::offers_in_prose;
use super::text::clean_body;
use crate::companies::CompanyIndex;
use crate::diagnostic::{Code, Diagnostic, SourceText};
use crate::model::{Lever, PercentRange};
use regex::Regex;
use std::sync::LazyLock;

static TITLE_PREMIUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<title>.*?)\s*\((?P<pct>[^()]*%)\s*\)$").expect("lever title pattern")
});

/// `Agentic AI Premium (+20-35%)` → title and premium.
fn title_and_premium(lead: &str) -> (String, Option<PercentRange>) {
    let lead = lead.trim().trim_end_matches(':').trim();
    if let Some(caps) = TITLE_PREMIUM.captures(lead)
        && let Some(premium) = parse_percent_range(&caps["pct"])
    {
        return (caps["title"].trim().to_string(), Some(premium));
    }
    (lead.to_string(), None)
}

/// The levers part's list; no levers is an error.
pub(super) fn read(cx: &mut Context, outline: &Outline) -> Vec<Lever> {
    let levers = lever_list(outline)
        .map(|list| parse(list, cx.source, cx.file, &mut cx.diagnostics))
        .unwrap_or_default();
    if levers.is_empty() {
        cx.missing(
            Code::MissingLevers,
            "levers",
            "add `**Global Levers**` followed by a numbered list of `**Title (+N-M%):** \"…\"`",
        );
    }
    levers
}

/// Lists each lever's slots in `slots`, and reads the competing offers it
/// cites (and the currency of its figures) from its text with them blanked,
/// as the script's are. `company` is the guide's own, never an offer.
pub(super) fn read_offers(
    levers: &mut [Lever],
    slots: &mut Slots,
    company: &str,
    companies: &CompanyIndex,
) {
    for lever in levers {
        let masked = slots.note(&lever.text);
        lever.currency = figures(&masked).first().map(|figure| figure.currency);
        lever.offers = offers_in_prose(&masked, company, companies);
    }
}

/// The levers part's first list.
fn lever_list<'a>(outline: &'a Outline) -> Option<&'a List> {
    outline
        .first(Kind::Levers)?
        .blocks
        .iter()
        .find_map(|block| match &block.kind {
            BlockKind::List(list) => Some(list),
            _ => None,
        })
}

fn parse(
    list: &List,
    source: &SourceText,
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Lever> {
    list.items
        .iter()
        .map(|item| {
            let line = source.line_of(item.range.start);
            match &item.lead {
                Some(lead) => {
                    let (title, premium) = title_and_premium(&lead.text);
                    Lever {
                        title: Some(title),
                        premium,
                        text: clean_body(&source.text[lead.range.end..item.range.end]),
                        line,
                        offers: Vec::new(),
                        currency: None,
                    }
                }
                None => {
                    diagnostics.push(
                        Diagnostic::new(Code::LeverWithoutTitle, file, "lever has no bold title")
                            .at(source.locate(item.content_start..item.range.end))
                            .help("start the item with `**Title (+N-M%):**` or `**Title:**`"),
                    );
                    Lever {
                        title: None,
                        premium: None,
                        text: clean_body(&source.text[item.content_start..item.range.end]),
                        line,
                        offers: Vec::new(),
                        currency: None,
                    }
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Percent;

    #[test]
    fn splits_title_and_premium() {
        let (title, premium) = title_and_premium("Agentic AI Premium (+20-35%):");
        assert_eq!(title, "Agentic AI Premium");
        assert_eq!(premium.unwrap().max_pct, Percent::whole(35));
        let (title, premium) = title_and_premium("Competing OpenAI / DeepMind Offers:");
        assert_eq!(title, "Competing OpenAI / DeepMind Offers");
        assert!(premium.is_none());
        let (title, _) = title_and_premium("Remote (US only):");
        assert_eq!(title, "Remote (US only)");
    }
}
