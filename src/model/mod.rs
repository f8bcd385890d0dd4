//! The plain data model of a guide. Field order is the export contract
//! (`guidepress/guides@1`): serializing a [`Guide`] gives one entry of it.
//! Source positions that the contract does not carry are kept beside the
//! data (`#[serde(skip)]`) so that every part still knows its line.

pub mod money;

pub use money::{Currency, MoneyRange, Percent, PercentRange};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Guide {
    /// `company-slug/role-slug`.
    pub slug: String,
    /// Path of the file relative to the content dir, `/`-separated.
    pub source: String,
    pub title: Option<String>,
    pub company: String,
    pub role: String,
    pub draft: bool,
    /// `YYYY-MM-DD`.
    pub updated: Option<String>,
    pub tags: Vec<String>,
    pub premium: Option<Premium>,
    pub equity_kind: Option<String>,
    pub vesting_years: Option<u32>,
    pub bands: Vec<Band>,
    pub narrative: Option<String>,
    pub level_mapping: Option<LevelMapping>,
    pub sections: Vec<Section>,
    pub levers: Vec<Lever>,
    pub strategy: Option<Strategy>,
    pub placeholders: Vec<String>,
    pub sources: Vec<String>,
    /// How old the figures are: `updated`, else the file's last commit or
    /// modification time. Not part of the export contract.
    #[serde(skip)]
    pub as_of: Option<crate::as_of::AsOf>,
}

impl Guide {
    pub fn company_slug(&self) -> &str {
        self.slug.split('/').next().unwrap_or_default()
    }

    pub fn role_slug(&self) -> &str {
        self.slug.split('/').nth(1).unwrap_or_default()
    }

    /// The currency of the band table (its first row), if there is one.
    pub fn currency(&self) -> Option<Currency> {
        self.bands.first().map(|band| band.currency)
    }

    /// The competing offers the guide cites, each once: a script and a
    /// lever naming the same offer (same company and currency, and figures
    /// that agree where both give them) are one, with the figures of both.
    pub fn cited_offers(&self) -> Vec<CitedOffer> {
        let fallback = self.currency();
        let in_script = self.strategy.iter().flat_map(|strategy| {
            strategy.competing_offers.iter().map(move |offer| {
                let currency = strategy.currency.or(fallback);
                (offer, currency, "Negotiation script".to_string())
            })
        });
        let in_levers = self.levers.iter().flat_map(|lever| {
            let title = lever.title.as_deref().unwrap_or("untitled");
            lever.offers.iter().map(move |offer| {
                (
                    offer,
                    lever.currency.or(fallback),
                    format!("Lever: {title}"),
                )
            })
        });
        let mut cited: Vec<CitedOffer> = Vec::new();
        for (offer, currency, place) in in_script.chain(in_levers) {
            let same = cited
                .iter_mut()
                .find(|known| known.currency == currency && known.offer.is_same_offer(offer));
            match same {
                Some(known) => {
                    known.offer.fill_in(offer);
                    if !known.cited_in.contains(&place) {
                        known.cited_in.push(place);
                    }
                }
                None => cited.push(CitedOffer {
                    offer: offer.clone(),
                    currency,
                    cited_in: vec![place],
                }),
            }
        }
        cited
    }

    /// The premiums the guide claims, each once: the tagline's and a
    /// lever's with the same label (in any case) and range are one.
    pub fn claimed_premiums(&self) -> Vec<ClaimedPremium> {
        let tagline = self
            .premium
            .iter()
            .map(|p| (p.label.as_str(), p.range(), true));
        let levers = self
            .levers
            .iter()
            .filter_map(|lever| Some((lever.title.as_deref()?, lever.premium?, false)));
        let mut claimed: Vec<ClaimedPremium> = Vec::new();
        for (label, range, in_tagline) in tagline.chain(levers) {
            let same = claimed
                .iter_mut()
                .find(|known| known.range == range && same_label(&known.label, label));
            match same {
                Some(known) => {
                    known.in_tagline |= in_tagline;
                    known.in_lever |= !in_tagline;
                }
                None => claimed.push(ClaimedPremium {
                    label: label.to_string(),
                    range,
                    in_tagline,
                    in_lever: !in_tagline,
                }),
            }
        }
        claimed
    }
}

/// Labels that differ only in case and spacing (`AGENTIC AI PREMIUM`,
/// `Agentic AI Premium`) name one premium.
fn same_label(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> { s.split_whitespace().map(str::to_lowercase).collect() };
    words(a) == words(b)
}

/// A competing offer as a guide cites it (see [`Guide::cited_offers`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CitedOffer {
    pub offer: Offer,
    /// The currency of its figures: its text's, else the band table's.
    pub currency: Option<Currency>,
    /// Where the guide names it, in reading order: `Negotiation script`,
    /// `Lever: TITLE`.
    pub cited_in: Vec<String>,
}

/// A premium a guide claims (see [`Guide::claimed_premiums`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimedPremium {
    /// As the first place that names it writes it (the tagline's, when both do).
    pub label: String,
    pub range: PercentRange,
    pub in_tagline: bool,
    pub in_lever: bool,
}

/// `**+20-35% AGENTIC AI PREMIUM**` in the tagline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Premium {
    pub label: String,
    pub min_pct: Percent,
    pub max_pct: Percent,
}

impl Premium {
    pub fn range(&self) -> PercentRange {
        PercentRange {
            min_pct: self.min_pct,
            max_pct: self.max_pct,
        }
    }
}

/// One row of the band table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Band {
    pub region: String,
    pub currency: Currency,
    pub base: Option<MoneyRange>,
    pub equity: Option<MoneyRange>,
    pub bonus: Option<Bonus>,
    pub total: Option<MoneyRange>,
    /// The row's 1-based line in the file.
    pub line: u32,
}

/// A bonus is either money in the band's currency or a percentage of base.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Bonus {
    Money(MoneyRange),
    Percent(PercentRange),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LevelMapping {
    pub entries: Vec<LevelEntry>,
    pub note: Option<String>,
    #[serde(skip)]
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LevelEntry {
    pub company: String,
    pub title: String,
    pub levels: Vec<String>,
}

/// A spotlight section: any titled part that is not one of the named kinds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Section {
    pub title: String,
    pub body: String,
    #[serde(skip)]
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lever {
    /// `None` when the item has no bold title (a warning).
    pub title: Option<String>,
    pub premium: Option<PercentRange>,
    pub text: String,
    #[serde(skip)]
    pub line: u32,
    /// The competing offers the lever cites with figures, read once when
    /// parsing (slots blanked, as in the script). Not in the export contract.
    #[serde(skip)]
    pub offers: Vec<Offer>,
    /// The currency of the lever's first figure: the one its offers are in.
    #[serde(skip)]
    pub currency: Option<Currency>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Strategy {
    pub text: String,
    pub currency: Option<Currency>,
    pub ask: Ask,
    pub floor: Floor,
    pub competing_offers: Vec<Offer>,
    #[serde(skip)]
    pub line: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Ask {
    pub base: Option<u64>,
    pub equity: Option<u64>,
    pub signing_bonus: Option<u64>,
    pub total: Option<u64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Floor {
    pub base: Option<u64>,
    pub equity: Option<u64>,
}

/// A competing offer cited with figures: `holding an OpenAI offer at $300K base / $1M equity`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Offer {
    pub company: String,
    pub base: Option<u64>,
    pub equity: Option<u64>,
    pub total: Option<u64>,
}

impl Offer {
    /// The same company, and figures that agree where both give one, with
    /// at least one given by both: a lever that repeats the script's offer
    /// with fewer figures names the same offer.
    fn is_same_offer(&self, other: &Offer) -> bool {
        let pairs = [
            (self.base, other.base),
            (self.equity, other.equity),
            (self.total, other.total),
        ];
        self.company == other.company
            && pairs
                .iter()
                .all(|pair| !matches!(pair, (Some(a), Some(b)) if a != b))
            && pairs.iter().any(|pair| matches!(pair, (Some(_), Some(_))))
    }

    /// Takes the figures `other` gives and this offer lacks.
    fn fill_in(&mut self, other: &Offer) {
        self.base = self.base.or(other.base);
        self.equity = self.equity.or(other.equity);
        self.total = self.total.or(other.total);
    }
}

/// The export document, schema `guidepress/guides@1`.
#[derive(Debug, Serialize)]
pub struct GuidesDocument<'a> {
    pub schema: &'static str,
    pub guides: &'a [Guide],
}

pub const GUIDES_SCHEMA: &str = "guidepress/guides@1";
