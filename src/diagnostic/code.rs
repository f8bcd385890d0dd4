use super::Severity;
use serde::Serialize;

/// Stable diagnostic codes. A code never changes meaning; new ones are added
/// at the end of their group. The README lists them with examples.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Code {
    /// A file or folder could not be read.
    Unreadable,
    /// A guide is not valid UTF-8.
    InvalidUtf8,
    /// A guide file is empty (or only white space).
    EmptyFile,
    /// The `+++` front matter is not valid TOML or has an unknown key.
    FrontMatter,
    /// `site.toml` is missing a value, has a wrong type or an unknown key.
    SiteConfig,
    /// No title heading (and no front matter company + role).
    MissingTitle,
    /// No band table.
    MissingBandTable,
    /// The band table lacks one of its five columns.
    BandColumn,
    /// A money cell or figure that does not parse.
    BadMoney,
    /// A range whose min is above its max.
    MinAboveMax,
    /// Two guides with one slug.
    DuplicateSlug,
    /// A front matter slug that is not `company/role` in slug characters.
    BadSlug,
    /// One band row with figures in two currencies.
    MixedCurrency,
    MissingTagline,
    MissingNarrative,
    MissingLevelMapping,
    MissingLevers,
    MissingStrategy,
    MissingSources,
    /// Total comp is not base + equity / years (+ money bonus).
    TotalMismatch,
    /// A lever item without a bold `**Title:**`.
    LeverWithoutTitle,
    /// The ask is below the floor.
    AskBelowFloor,
    /// The floor is above the band's highest base.
    FloorAboveBand,
    /// A `[TODO: …]` placeholder left for the author (as `guidepress new` writes them).
    Unfilled,
    /// A file or folder in the content dir was not read: a link to nothing
    /// named like a guide, or a folder already read through another link.
    Skipped,
    /// Text outside every section the model keeps, which no page shows.
    Unpublished,
    /// A theme or template problem: unknown theme, template syntax or render error.
    Template,
    /// An internal link on a built page points at no page.
    BrokenLink,
    /// A band currency has no rate to the display currency.
    MissingRate,
    /// The output dir is one guidepress must not replace.
    UnsafeOutput,
    /// Writing the output failed.
    WriteFailed,
    /// The dev server cannot listen or watch.
    Serve,
    /// `init` or `new` would overwrite a file, or write into a folder that is not empty.
    Scaffold,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Unreadable => "E001",
            Code::InvalidUtf8 => "E002",
            Code::EmptyFile => "E003",
            Code::FrontMatter => "E004",
            Code::SiteConfig => "E005",
            Code::MissingTitle => "E010",
            Code::MissingBandTable => "E011",
            Code::BandColumn => "E012",
            Code::BadMoney => "E013",
            Code::MinAboveMax => "E014",
            Code::DuplicateSlug => "E015",
            Code::BadSlug => "E016",
            Code::MixedCurrency => "E017",
            Code::MissingTagline => "W001",
            Code::MissingNarrative => "W002",
            Code::MissingLevelMapping => "W003",
            Code::MissingLevers => "W004",
            Code::MissingStrategy => "W005",
            Code::MissingSources => "W006",
            Code::TotalMismatch => "W010",
            Code::LeverWithoutTitle => "W011",
            Code::AskBelowFloor => "W012",
            Code::FloorAboveBand => "W013",
            Code::Unfilled => "W014",
            Code::Skipped => "W015",
            Code::Unpublished => "W016",
            Code::Template => "E020",
            Code::BrokenLink => "E021",
            Code::MissingRate => "E022",
            Code::UnsafeOutput => "E023",
            Code::WriteFailed => "E024",
            Code::Serve => "E025",
            Code::Scaffold => "E026",
        }
    }

    pub fn severity(self) -> Severity {
        if self.as_str().starts_with('E') {
            Severity::Error
        } else {
            Severity::Warning
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
