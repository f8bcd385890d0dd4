//! Reads the figures of a negotiate-up script: the ask (the first sentence
//! that states the target), the floor (the sentence that says `floor`), and
//! competing offers (a known company followed in its clause by figures).
//! Slots (`[…]`) are blanked out first: what is in them is not a fact.

use super::Context;
use super::money::{Figure, figures};
use super::placeholders::Slots;
use super::sections::{self, Outline};
use crate::companies::CompanyIndex;
use crate::diagnostic::Code;
use crate::model::{Ask, Currency, Floor, Offer, Strategy};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

static TARGET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:i\s+need|i\s+would\s+need|i['’]d\s+need|to\s+join\s*:|my\s+target|i['’]m\s+targeting|i\s+am\s+targeting|i['’]m\s+looking\s+for|i\s+am\s+looking\s+for|i['’]m\s+asking|i\s+am\s+asking)",
    )
    .expect("target pattern")
});

static FLOOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)floor(?-u:\b)").expect("floor pattern"));

static AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?P<vest>/\s*\d+\s*-?\s*(?:yr|yrs|year|years)(?-u:\b))?\s*(?:in\s+)?(?P<q>base|equity|rsus?(?-u:\b)|ppus?(?-u:\b)|options|stock|shares|signing|sign-on|sign\s+on|tc(?-u:\b)|total\s+comp|total)?",
    )
    .expect("after-figure pattern")
});

static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?P<q>(?-u:\b)tc|total\s+comp(?:ensation)?|(?-u:\b)base|(?-u:\b)equity|signing\s+bonus)\s*(?:at|of|is|=|:|to|around|of\s+about)?\s*$")
        .expect("before-figure pattern")
});

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Base,
    Equity,
    Signing,
    Total,
    Unqualified,
}

/// What a figure is, from the words right after it (`$300K base`,
/// `$475K/4yr equity`) or right before it (`TC at $367K`).
fn kind_of(text: &str, figure: &Figure) -> Kind {
    let classify = |q: &str| {
        let q = q.to_lowercase();
        match q.split_whitespace().next().unwrap_or_default() {
            "base" => Kind::Base,
            "signing" | "sign-on" | "sign" => Kind::Signing,
            "tc" | "total" => Kind::Total,
            _ => Kind::Equity,
        }
    };
    if let Some(caps) = AFTER.captures(&text[figure.span.end..]) {
        if let Some(q) = caps.name("q") {
            return classify(q.as_str());
        }
        if caps.name("vest").is_some() {
            return Kind::Equity;
        }
    }
    let before_start = text.floor_char_boundary(figure.span.start.saturating_sub(30));
    if let Some(caps) = BEFORE.captures(&text[before_start..figure.span.start]) {
        return classify(&caps["q"]);
    }
    Kind::Unqualified
}

/// Sentence ranges: a sentence ends at `.`, `!` or `?` (maybe followed by a
/// closing quote) before white space, or at a blank line.
fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let mut end = i + c.len_utf8();
        let ends = match c {
            '.' | '!' | '?' => {
                if let Some(&(j, q)) = chars.peek()
                    && matches!(q, '"' | '”' | '\'' | '’')
                {
                    end = j + q.len_utf8();
                    chars.next();
                }
                text[end..].chars().next().is_none_or(char::is_whitespace)
            }
            '\n' => text[end..].starts_with('\n'),
            _ => false,
        };
        if ends {
            out.push(start..end);
            start = end;
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out.into_iter()
        .filter(|r| !text[r.clone()].trim().is_empty())
        .collect()
}

/// The negotiate-up strategy, and the source range validation points at;
/// a missing one is an error. Its slots are noted in `slots`; its figures
/// without a currency of their own are in `fallback` (the band table's).
pub(super) fn read(
    cx: &mut Context,
    outline: &Outline,
    company: &str,
    fallback: Option<Currency>,
    slots: &mut Slots,
) -> (Option<Strategy>, Option<Range<usize>>) {
    let part = outline.first(sections::Kind::Strategy);
    let strategy = part.map(|part| {
        let text = cx.body(part);
        let masked = slots.note(&text);
        let figures = analyze(&masked, company, cx.companies);
        Strategy {
            currency: figures.currency.or(fallback),
            ask: figures.ask,
            floor: figures.floor,
            competing_offers: figures.offers,
            line: cx.source.line_of(part.title_range.start),
            text,
        }
    });
    if strategy.is_none() {
        cx.missing(
            Code::MissingStrategy,
            "negotiate-up strategy",
            "add a quote `> **Negotiate Up Strategy:** \"…\"` with your ask and your floor",
        );
    }
    let mark = part.and_then(|part| {
        let body = part.body_range()?;
        Some(part.title_range.start.min(body.start)..body.end)
    });
    (strategy, mark)
}

/// The figures of a script: currency of its first figure, ask, floor, offers.
pub struct ScriptFigures {
    pub currency: Option<Currency>,
    pub ask: Ask,
    pub floor: Floor,
    pub offers: Vec<Offer>,
}

/// `masked` is the script with slots blanked out; `own` the guide's company.
fn analyze(masked: &str, own: &str, companies: &CompanyIndex) -> ScriptFigures {
    let all = figures(masked);
    let in_range = |range: &Range<usize>| within(&all, range);
    let sentences = sentences(masked);
    let floor_sentence = sentences
        .iter()
        .find(|s| FLOOR.is_match(&masked[(*s).clone()]));
    // The first sentence that states the target with figures: "I want to join
    // your team" names no target, "To join: $290K base" does.
    let ask_sentence = sentences.iter().find(|s| {
        let text = &masked[(*s).clone()];
        TARGET.is_match(text) && !FLOOR.is_match(text) && !in_range(s).is_empty()
    });

    let mut ask = Ask::default();
    for figure in ask_sentence.map(in_range).unwrap_or_default() {
        let slot = match kind_of(masked, figure) {
            Kind::Base => &mut ask.base,
            Kind::Equity => &mut ask.equity,
            Kind::Signing => &mut ask.signing_bonus,
            Kind::Total => &mut ask.total,
            Kind::Unqualified if ask.base.is_none() => &mut ask.base,
            Kind::Unqualified => continue,
        };
        slot.get_or_insert(figure.amount);
    }

    let mut floor = Floor::default();
    for figure in floor_sentence.map(in_range).unwrap_or_default() {
        let slot = match kind_of(masked, figure) {
            Kind::Base | Kind::Unqualified => &mut floor.base,
            Kind::Equity => &mut floor.equity,
            Kind::Signing | Kind::Total => continue,
        };
        slot.get_or_insert(figure.amount);
    }

    let mut offers: Vec<Offer> = Vec::new();
    for sentence in &sentences {
        offers.extend(offers_in(
            masked,
            sentence.clone(),
            own,
            companies,
            &in_range,
        ));
    }
    ScriptFigures {
        currency: all.first().map(|f| f.currency),
        ask,
        floor,
        offers,
    }
}

/// Competing offers cited anywhere in a piece of prose (a lever's text),
/// with slots already blanked out.
pub fn offers_in_prose(masked: &str, own: &str, companies: &CompanyIndex) -> Vec<Offer> {
    let all = figures(masked);
    let in_range = |range: &Range<usize>| within(&all, range);
    sentences(masked)
        .into_iter()
        .flat_map(|sentence| offers_in(masked, sentence, own, companies, &in_range))
        .collect()
}

/// The figures lying wholly inside `range`. `all` is in text order and its
/// spans never overlap, so both ends are found by binary search: a scan per
/// sentence would make a long script quadratic.
fn within<'f>(all: &'f [Figure], range: &Range<usize>) -> Vec<&'f Figure> {
    let first = all.partition_point(|f| f.span.start < range.start);
    let end = all.partition_point(|f| f.span.end <= range.end).max(first);
    all[first..end].iter().collect()
}

/// Competing offers in one sentence of prose.
fn offers_in<'f>(
    text: &str,
    sentence: Range<usize>,
    own: &str,
    companies: &CompanyIndex,
    figures_in: &dyn Fn(&Range<usize>) -> Vec<&'f Figure>,
) -> Vec<Offer> {
    let mentions = companies.mentions(&text[sentence.clone()]);
    let mut offers = Vec::new();
    for (i, (span, company)) in mentions.iter().enumerate() {
        if company == own || offers.iter().any(|o: &Offer| &o.company == company) {
            continue;
        }
        let next = mentions
            .get(i + 1)
            .map_or(sentence.end, |(s, _)| sentence.start + s.start);
        let clause = clause_end(text, sentence.start + span.end, next);
        let mut offer = Offer {
            company: company.clone(),
            base: None,
            equity: None,
            total: None,
        };
        for figure in figures_in(&(sentence.start + span.end..clause)) {
            let slot = match kind_of(text, figure) {
                Kind::Base => &mut offer.base,
                Kind::Equity => &mut offer.equity,
                Kind::Total => &mut offer.total,
                Kind::Unqualified if offer.base.is_none() => &mut offer.base,
                Kind::Unqualified | Kind::Signing => continue,
            };
            slot.get_or_insert(figure.amount);
        }
        if offer.base.is_some() || offer.equity.is_some() || offer.total.is_some() {
            offers.push(offer);
        }
    }
    offers
}

/// A company's clause runs to a `;`, or to a comma after which the text no
/// longer lists figures (`, and a $80K …` continues; `, I need …` does not).
fn clause_end(text: &str, start: usize, limit: usize) -> usize {
    let segment = &text[start..limit];
    let mut offset = 0;
    for piece in segment.split_inclusive([',', ';']) {
        let next = offset + piece.len();
        if piece.ends_with(';') {
            return start + next - 1;
        }
        let rest = segment[next..].trim_start();
        let rest = rest.strip_prefix("and ").unwrap_or(rest).trim_start();
        let head = &rest[..rest.floor_char_boundary(rest.len().min(40))];
        let continues = figures(head).first().is_some_and(|f| f.span.start == 0);
        if piece.ends_with(',') && !continues {
            return start + next;
        }
        offset = next;
    }
    limit
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> CompanyIndex {
        CompanyIndex::new(std::iter::empty()).with_companies([
            "Anthropic",
            "Character AI",
            "Scale AI",
        ])
    }

    fn offer(company: &str, base: Option<u64>, equity: Option<u64>, total: Option<u64>) -> Offer {
        Offer {
            company: company.into(),
            base,
            equity,
            total,
        }
    }

    #[test]
    fn reads_ask_floor_and_offers_from_a_script() {
        let script = "I'm holding an OpenAI offer at $300K base / $1M equity and a Google DeepMind offer at $310K base / $650K RSU. Both are compelling. To make the move, I need $330K base, $725K equity/4yr, and a $80K signing bonus. My floor is $305K base; below that, the DeepMind liquid equity is the rational choice.";
        let figures = analyze(script, "Anthropic", &index());
        assert_eq!(figures.currency, Some(Currency::USD));
        assert_eq!(
            figures.ask,
            Ask {
                base: Some(330_000),
                equity: Some(725_000),
                signing_bonus: Some(80_000),
                total: None
            }
        );
        assert_eq!(
            figures.floor,
            Floor {
                base: Some(305_000),
                equity: None
            }
        );
        assert_eq!(
            figures.offers,
            [
                offer("OpenAI", Some(300_000), Some(1_000_000), None),
                offer("Google DeepMind", Some(310_000), Some(650_000), None)
            ]
        );
    }

    #[test]
    fn target_with_tc_and_floor_with_equity() {
        let script = "My target for Scale is $248K base with $475K/4yr equity, putting my TC at $367K. My accept-at floor is $235K base with $420K/4yr equity.";
        let figures = analyze(script, "Scale AI", &index());
        assert_eq!(
            figures.ask,
            Ask {
                base: Some(248_000),
                equity: Some(475_000),
                signing_bonus: None,
                total: Some(367_000)
            }
        );
        assert_eq!(
            figures.floor,
            Floor {
                base: Some(235_000),
                equity: Some(420_000)
            }
        );
        assert!(figures.offers.is_empty());
    }

    #[test]
    fn bare_figures_are_base_and_parenthesised_tc_is_total() {
        let script = "Holding OpenAI at $280K / $700K equity. Anthropic ($380K TC) is close. To join: $290K base. Floor is $260K.";
        let figures = analyze(script, "Character AI", &index());
        assert_eq!(figures.floor.base, Some(260_000));
        assert_eq!(figures.ask.base, Some(290_000));
        assert_eq!(
            figures.offers,
            [
                offer("OpenAI", Some(280_000), Some(700_000), None),
                offer("Anthropic", None, None, Some(380_000))
            ]
        );
    }

    #[test]
    fn a_comma_ends_an_offer_clause_unless_figures_follow() {
        let script =
            "OpenAI is offering me $300K base, $1M equity. To beat Meta, I need $330K base.";
        let figures = analyze(script, "Anthropic", &index());
        assert_eq!(
            figures.offers,
            [offer("OpenAI", Some(300_000), Some(1_000_000), None)]
        );
        assert_eq!(figures.ask.base, Some(330_000));
    }

    #[test]
    fn the_target_is_the_first_target_sentence_with_figures() {
        let script = "The team is the group I most want to join. I'd prefer to join Meta. To join: £165K base, £400K equity/4yr. My floor is £150K base.";
        let figures = analyze(script, "Meta", &index());
        assert_eq!(figures.ask.base, Some(165_000));
        assert_eq!(figures.ask.equity, Some(400_000));
        assert_eq!(
            figures.currency.map(|c| c.to_string()).as_deref(),
            Some("GBP")
        );
    }

    #[test]
    fn splits_sentences_but_not_decimals() {
        let text = "TC at $1.2M. \"Next one!\" Then: done";
        let parts: Vec<_> = sentences(text)
            .into_iter()
            .map(|r| text[r].trim().to_string())
            .collect();
        assert_eq!(parts, ["TC at $1.2M.", "\"Next one!\"", "Then: done"]);
    }
}
