//! The tagline: `**Negotiation DNA:** part | part | **+20-35% LABEL**`.

use super::Context;
use super::money::parse_percent_range;
use super::sections::{Kind, Outline};
use super::text::plain;
use crate::diagnostic::Code;
use crate::model::Premium;
use regex::Regex;
use std::sync::LazyLock;

static PREMIUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<pct>\+\s*\d+(?:\.\d+)?\s*%?\s*(?:[-–—]\s*\+?\d+(?:\.\d+)?\s*)?%)\s+(?P<label>\S.*)$",
    )
    .expect("premium pattern")
});

/// The tagline's tags and premium; a missing tagline is an error.
pub(super) fn read(cx: &mut Context, outline: &Outline) -> (Vec<String>, Option<Premium>) {
    match outline.first(Kind::Tagline) {
        Some(part) => parse(&cx.body(part)),
        None => {
            cx.missing(
                Code::MissingTagline,
                "tagline",
                "add `**Negotiation DNA:** tag | tag | **+N-M% LABEL**` under the title",
            );
            (Vec::new(), None)
        }
    }
}

/// Splits the tagline's markdown (after its label) into tags and the premium.
/// A bold part of the form `+N-M% LABEL` is the premium; every other part is a tag.
fn parse(markdown: &str) -> (Vec<String>, Option<Premium>) {
    let mut tags = Vec::new();
    let mut premium = None;
    for part in markdown.split('|') {
        let raw = part.trim();
        let text = plain(raw);
        if text.is_empty() {
            continue;
        }
        let bold = (raw.starts_with("**") && raw.ends_with("**"))
            || (raw.starts_with("__") && raw.ends_with("__"));
        if bold && premium.is_none() {
            premium = premium_of(&text);
            if premium.is_some() {
                continue;
            }
        }
        tags.push(text);
    }
    (tags, premium)
}

/// `+20-35% AGENTIC AI PREMIUM` → the premium.
fn premium_of(text: &str) -> Option<Premium> {
    let caps = PREMIUM.captures(text.trim())?;
    let range = parse_percent_range(&caps["pct"])?;
    Some(Premium {
        label: caps["label"].trim().to_string(),
        min_pct: range.min_pct,
        max_pct: range.max_pct,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Percent;

    #[test]
    fn splits_tags_and_premium() {
        let (tags, premium) = parse(
            " Base-Heavy ($300K+) + Pre-IPO Equity | AI Safety Pioneer | Safety Premium | **+20-35% AGENTIC AI PREMIUM**",
        );
        assert_eq!(
            tags,
            [
                "Base-Heavy ($300K+) + Pre-IPO Equity",
                "AI Safety Pioneer",
                "Safety Premium"
            ]
        );
        let premium = premium.unwrap();
        assert_eq!(premium.label, "AGENTIC AI PREMIUM");
        assert_eq!(
            (premium.min_pct, premium.max_pct),
            (Percent::whole(20), Percent::whole(35))
        );
    }

    #[test]
    fn other_bold_parts_are_tags_and_premium_may_be_missing() {
        let (tags, premium) = parse("**SIGNATURE ROLE** | Menlo Park | +10% not bold");
        assert_eq!(tags, ["SIGNATURE ROLE", "Menlo Park", "+10% not bold"]);
        assert!(premium.is_none());
        let (_, premium) = parse("**+15% ML PREMIUM** | x");
        assert_eq!(premium.unwrap().max_pct, Percent::whole(15));
    }
}
