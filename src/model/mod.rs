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

/// The export document, schema `guidepress/guides@1`.
#[derive(Debug, Serialize)]
pub struct GuidesDocument<'a> {
    pub schema: &'static str,
    pub guides: &'a [Guide],
}

pub const GUIDES_SCHEMA: &str = "guidepress/guides@1";
