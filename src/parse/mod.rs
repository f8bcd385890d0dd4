//! Markdown → [`Guide`]. Each section kind has its own module, which reads
//! its part of the outline and reports it missing when the format requires
//! it; this one walks the outline, calls them in order and assembles the model. Parsing never stops at the first
//! problem: every diagnostic for the file is collected in one pass.

pub mod bands;
pub mod blocks;
mod columns;
pub mod front_matter;
pub mod level_mapping;
pub mod levers;
pub mod money;
pub mod narrative;
pub mod placeholders;
pub mod sections;
pub mod sources;
pub mod spotlight;
pub mod strategy;
pub mod tagline;
pub mod text;
pub mod title;

use crate::as_of::AsOf;
use crate::companies::CompanyIndex;
use crate::content::LoadedFile;
use crate::diagnostic::{Code, Diagnostic, SourceText, excerpt};
use crate::model::Guide;
use crate::slug::{is_slug_segment, slugify};
use blocks::BlockKind;
use sections::{Kind, Outline, Part};
use std::ops::Range;

/// A parsed guide with the source positions validation points at.
#[derive(Clone, Debug)]
pub struct ParsedGuide {
    pub guide: Guide,
    pub marks: Marks,
}

/// Source ranges of the parts that later checks report on.
#[derive(Clone, Debug, Default)]
pub struct Marks {
    pub title: Option<Range<usize>>,
    /// Per band: the total cell and the unit its figures were written in.
    pub totals: Vec<Option<(Range<usize>, u64)>>,
    pub strategy: Option<Range<usize>>,
}

/// The result of parsing one file: the guide when its company and role are
/// known, and every problem found.
pub struct Parsed {
    pub guide: Option<ParsedGuide>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The company a guide names, as written, for the site's company index.
/// Cheap: front matter and the first heading only.
pub fn company_named(file: &LoadedFile) -> Option<String> {
    let mut ignored = Vec::new();
    let split = front_matter::split(&file.text, &file.file.display, &mut ignored);
    if let Some(company) = split.front_matter.company {
        return Some(company);
    }
    let body = &file.text.text[split.body_start..];
    let heading = pulldown_cmark::Parser::new(body)
        .skip_while(|e| {
            !matches!(
                e,
                pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading { .. })
            )
        })
        .take_while(|e| {
            !matches!(
                e,
                pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Heading(_))
            )
        })
        .filter_map(|e| match e {
            pulldown_cmark::Event::Text(t) | pulldown_cmark::Event::Code(t) => {
                Some(t.into_string())
            }
            _ => None,
        })
        .collect::<String>();
    title::role_and_company(&heading).map(|(_, company)| company)
}

/// What every section reader shares: the file, the site's companies, and
/// the diagnostics found so far (in the order a reader meets them).
struct Context<'a> {
    source: &'a SourceText,
    file: &'a str,
    companies: &'a CompanyIndex,
    diagnostics: Vec<Diagnostic>,
}

impl Context<'_> {
    fn missing(&mut self, code: Code, what: &str, help: &str) {
        self.diagnostics.push(
            Diagnostic::new(code, self.file, format!("guide has no {what}")).help(help.to_string()),
        );
    }

    fn body(&self, part: &Part) -> String {
        part.body_range()
            .map(|range| text::clean_body(&text::unquote(&self.source.text[range])))
            .unwrap_or_default()
    }
}

pub fn parse_guide(file: &LoadedFile, companies: &CompanyIndex) -> Parsed {
    let source = &file.text;
    let mut cx = Context {
        source,
        file: &file.file.display,
        companies,
        diagnostics: Vec::new(),
    };
    let split = front_matter::split(source, cx.file, &mut cx.diagnostics);
    let blocks = blocks::blocks(&source.text[split.body_start..], split.body_start);
    let outline = sections::outline(&source.text, &blocks);
    let front = &split.front_matter;

    let named = title::read(&mut cx, &outline, front);
    let (company, role) = (named.company, named.role);
    let slug = guide_slug(&mut cx, &split, &company, &role);
    let slug = within_path_limits(
        &mut cx,
        slug,
        split
            .slug_range
            .clone()
            .or(outline.title.map(|b| b.range.clone())),
    );

    // Each section reads its own part and says when a required one is missing.
    let (tags, premium) = tagline::read(&mut cx, &outline);
    let band_table = bands::read(&mut cx, &outline);
    let narrative = narrative::read(&mut cx, &outline);
    let level_mapping = level_mapping::read(&mut cx, &outline, (&company, &role));
    let sections = spotlight::read(&cx, &outline);
    let mut levers = levers::read(&mut cx, &outline);
    let mut slots = placeholders::Slots::of_body(&mut cx, split.body_start);
    levers::read_offers(&mut levers, &mut slots, &company, companies);
    let script_currency = band_table.bands.first().map(|b| b.currency);
    let (strategy, strategy_mark) =
        strategy::read(&mut cx, &outline, &company, script_currency, &mut slots);
    let sources = sources::read(&mut cx, &outline);

    unpublished_text(&mut cx, &outline);

    let marks = Marks {
        title: outline
            .title
            .map(|b| b.range.clone())
            .or(split.slug_range.clone()),
        totals: band_table.totals,
        strategy: strategy_mark,
    };
    let known = !company.is_empty() && !role.is_empty() && !slug.is_empty();
    let guide = Guide {
        slug,
        source: file.file.source.clone(),
        title: named.title,
        company,
        role,
        draft: front.draft,
        updated: split.updated.clone(),
        tags,
        premium,
        equity_kind: band_table.equity_kind,
        vesting_years: band_table.vesting_years,
        bands: band_table.bands,
        narrative,
        level_mapping,
        sections,
        levers,
        strategy,
        placeholders: slots.into_names(),
        sources,
        as_of: match &split.updated {
            Some(date) => Some(AsOf::from_updated(date)),
            None => file.modified.and_then(AsOf::from_system_time),
        },
    };
    Parsed {
        guide: known.then_some(ParsedGuide { guide, marks }),
        diagnostics: cx.diagnostics,
    }
}

/// The front matter slug when valid, else `company-slug/role-slug`.
fn guide_slug(cx: &mut Context, split: &front_matter::Split, company: &str, role: &str) -> String {
    if let Some(slug) = &split.front_matter.slug {
        let parts: Vec<&str> = slug.split('/').collect();
        if parts.len() == 2 && parts.iter().all(|p| is_slug_segment(p)) {
            return slug.clone();
        }
        let mut diagnostic = Diagnostic::new(
            Code::BadSlug,
            cx.file,
            format!("front matter slug `{}` is not `company/role` in lower-case letters, digits and `-`", excerpt(slug)),
        )
        .help("write e.g. slug = \"scale-ai/ml-engineer\", or remove it to derive the slug from the title");
        if let Some(range) = &split.slug_range {
            diagnostic = diagnostic.at(cx.source.locate(range.clone()));
        }
        cx.diagnostics.push(diagnostic);
        return String::new();
    }
    if company.is_empty() || role.is_empty() {
        return String::new();
    }
    let (company_slug, role_slug) = (slugify(company), slugify(role));
    if company_slug.is_empty() || role_slug.is_empty() {
        cx.diagnostics.push(
            Diagnostic::new(
                Code::BadSlug,
                cx.file,
                format!("cannot make a URL slug from company `{}` and role `{}`", excerpt(company), excerpt(role)),
            )
            .help("use letters or digits in the names, or set `slug = \"company/role\"` in front matter"),
        );
        return String::new();
    }
    format!("{company_slug}/{role_slug}")
}

/// The longest company or role slug, in bytes: each is a folder name in
/// the built site, and two company slugs make one compare page's folder
/// (`a-vs-b`), which must stay under the file systems' 255-byte limit.
pub const LONGEST_SLUG_SEGMENT: usize = 120;

/// `slug`, or nothing (and an error at `at`) when a part of it is too long
/// to be a folder name.
fn within_path_limits(cx: &mut Context, slug: String, at: Option<Range<usize>>) -> String {
    let Some(long) = slug
        .split('/')
        .find(|part| part.len() > LONGEST_SLUG_SEGMENT)
    else {
        return slug;
    };
    let mut diagnostic = Diagnostic::new(
        Code::BadSlug,
        cx.file,
        format!(
            "slug part `{}` is {} bytes long; the most a page's folder name may take is {LONGEST_SLUG_SEGMENT}",
            excerpt(long),
            long.len()
        ),
    )
    .help("shorten the company or role in the title, or set a shorter `slug = \"company/role\"` in front matter");
    if let Some(range) = at {
        diagnostic = diagnostic.at(cx.source.locate(range));
    }
    cx.diagnostics.push(diagnostic);
    String::new()
}

/// A warning at each block of text the model keeps nowhere, so no
/// sentence an author wrote vanishes from the page and the export without
/// a word: text under no title, and what follows the levers' or sources'
/// list inside their part.
fn unpublished_text(cx: &mut Context, outline: &Outline) {
    let is_text = |block: &&blocks::Block| {
        matches!(
            block.kind,
            BlockKind::Paragraph | BlockKind::List(_) | BlockKind::BlockQuote | BlockKind::Table(_)
        )
    };
    let beside_list = |kind: Kind| {
        let blocks = outline
            .first(kind)
            .map(|part| part.blocks.as_slice())
            .unwrap_or_default();
        let list = blocks
            .iter()
            .position(|b| matches!(b.kind, BlockKind::List(_)));
        let name = if kind == Kind::Levers {
            "levers"
        } else {
            "sources"
        };
        blocks
            .iter()
            .enumerate()
            .filter(move |(i, _)| list.is_some_and(|list| list != *i))
            .map(move |(_, block)| {
                (
                    *block,
                    format!("text beside the {name} list is not published"),
                )
            })
    };
    let stray = outline
        .stray
        .iter()
        .map(|block| {
            (
                *block,
                "text under no section title is not published".to_string(),
            )
        })
        .chain(beside_list(Kind::Levers))
        .chain(beside_list(Kind::Sources))
        .filter(|(block, _)| is_text(block));
    let mut found: Vec<Diagnostic> = stray
        .map(|(block, message)| {
            let first_line = block.range.start..text::line_end(&cx.source.text, block.range.start);
            Diagnostic::new(Code::Unpublished, cx.file, message)
                .at(cx.source.locate(first_line))
                .help("give it a title (`**Notes**` on a line of its own) to publish it as a section, or move it into one")
        })
        .collect();
    cx.diagnostics.append(&mut found);
}
