//! Markdown → [`Guide`]. Each section kind has its own module; this one walks
//! the outline and assembles the model. Parsing never stops at the first
//! problem: every diagnostic for the file is collected in one pass.

pub mod bands;
pub mod blocks;
pub mod front_matter;
pub mod level_mapping;
pub mod levers;
pub mod money;
pub mod placeholders;
pub mod sections;
pub mod strategy;
pub mod tagline;
pub mod text;
pub mod title;

use crate::as_of::AsOf;
use crate::companies::CompanyIndex;
use crate::content::LoadedFile;
use crate::diagnostic::{Code, Diagnostic, SourceText, excerpt};
use crate::model::{Guide, Section, Strategy};
use crate::slug::{is_slug_segment, slugify};
use blocks::BlockKind;
use sections::{Kind, Outline, Part};
use std::collections::HashSet;
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

struct Context<'a> {
    source: &'a SourceText,
    file: &'a str,
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
        diagnostics: Vec::new(),
    };
    let split = front_matter::split(source, cx.file, &mut cx.diagnostics);
    let blocks = blocks::blocks(&source.text[split.body_start..], split.body_start);
    let outline = sections::outline(&source.text, &blocks);
    let front = &split.front_matter;

    let title = outline.title.map(|block| block.text.clone());
    let from_title = title.as_deref().and_then(title::role_and_company);
    let role = front
        .role
        .clone()
        .or_else(|| from_title.as_ref().map(|(r, _)| r.clone()));
    let company = front
        .company
        .clone()
        .or_else(|| from_title.as_ref().map(|(_, c)| c.clone()))
        .map(|c| companies.canonical_name(&c));
    if role.is_none() || company.is_none() {
        let mut diagnostic = Diagnostic::new(
            Code::MissingTitle,
            cx.file,
            match outline.title {
                Some(_) => "title does not name the role and the company",
                None => "guide has no title",
            },
        )
        .help("start with a heading `# ROLE | COMPANY Global Negotiation Guide`, or set company and role in front matter");
        if let Some(block) = outline.title {
            diagnostic = diagnostic.at(source.locate(block.range.clone()));
        }
        cx.diagnostics.push(diagnostic);
    }
    let company = company.unwrap_or_default();
    let role = role.unwrap_or_default();
    let slug = guide_slug(&mut cx, &split, &company, &role);
    let slug = within_path_limits(
        &mut cx,
        slug,
        split
            .slug_range
            .clone()
            .or(outline.title.map(|b| b.range.clone())),
    );

    let (tags, premium) = match outline.first(Kind::Tagline) {
        Some(part) => tagline::parse(&cx.body(part)),
        None => {
            cx.missing(
                Code::MissingTagline,
                "tagline",
                "add `**Negotiation DNA:** tag | tag | **+N-M% LABEL**` under the title",
            );
            (Vec::new(), None)
        }
    };

    let band_table = match outline.band_table.map(|b| &b.kind) {
        Some(BlockKind::Table(table)) => bands::parse(table, source, cx.file, &mut cx.diagnostics),
        _ => {
            cx.diagnostics.push(
                Diagnostic::new(Code::MissingBandTable, cx.file, "guide has no band table")
                    .help("add `| Region | Base Salary | Equity (RSU/4yr) | Bonus | Total Comp |` with a row per region"),
            );
            bands::BandTable::default()
        }
    };

    let narrative = outline
        .first(Kind::Narrative)
        .map(|part| cx.body(part))
        .filter(|text| !text.is_empty());
    if narrative.is_none() {
        cx.missing(
            Code::MissingNarrative,
            "narrative",
            "add a line `**Negotiation DNA**` followed by what makes this role's pay distinctive",
        );
    }

    let level_mapping = outline.first(Kind::LevelMapping).map(|part| {
        let line = source.line_of(part.title_range.start);
        level_mapping::parse(&cx.body(part), (&company, &role), companies, line)
    });
    if level_mapping.as_ref().is_none_or(|m| m.entries.is_empty()) {
        cx.missing(
            Code::MissingLevelMapping,
            "level mapping",
            "add `**Level Mapping:** COMPANY ROLE = Google L5-L6 ML Engineer = …`",
        );
    }

    let sections = outline
        .parts
        .iter()
        .filter(|part| part.kind == Kind::Spotlight)
        .map(|part| Section {
            title: part.title.clone(),
            body: cx.body(part),
            line: source.line_of(part.title_range.start),
        })
        .collect();

    let levers = lever_list(&outline)
        .map(|list| levers::parse(list, source, cx.file, &mut cx.diagnostics))
        .unwrap_or_default();
    if levers.is_empty() {
        cx.missing(
            Code::MissingLevers,
            "levers",
            "add `**Global Levers**` followed by a numbered list of `**Title (+N-M%):** \"…\"`",
        );
    }

    let references = placeholders::reference_labels(&source.text);
    for (range, inner) in placeholders::slots(&source.text[split.body_start..], &references) {
        if placeholders::is_unfilled(inner) {
            let at = split.body_start + range.start..split.body_start + range.end;
            cx.diagnostics.push(
                Diagnostic::new(Code::Unfilled, cx.file, "placeholder not filled in")
                    .at(source.locate(at))
                    .label("replace this")
                    .help("write the real text or figure in place of `[TODO: …]`; a slot for the reader is `[…]` without TODO"),
            );
        }
    }
    let mut placeholder_list: Vec<String> = Vec::new();
    let mut listed: HashSet<String> = HashSet::new();
    let mut note_slots = |text: &str| -> String {
        let slots = placeholders::slots(text, &references);
        for (_, inner) in &slots {
            if listed.insert((*inner).to_string()) {
                placeholder_list.push((*inner).to_string());
            }
        }
        placeholders::mask(text, &slots)
    };
    for lever in &levers {
        note_slots(&lever.text);
    }

    let strategy_part = outline.first(Kind::Strategy);
    let strategy = strategy_part.map(|part| {
        let text = cx.body(part);
        let masked = note_slots(&text);
        let figures = strategy::analyze(&masked, &company, companies);
        Strategy {
            currency: figures
                .currency
                .or_else(|| band_table.bands.first().map(|b| b.currency)),
            ask: figures.ask,
            floor: figures.floor,
            competing_offers: figures.offers,
            line: source.line_of(part.title_range.start),
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

    let sources = outline
        .first(Kind::Sources)
        .map(|part| source_items(&cx, part))
        .unwrap_or_default();
    if sources.is_empty() {
        cx.missing(
            Code::MissingSources,
            "sources",
            "add `**Evidence & Sources**` followed by a bullet list",
        );
    }

    unpublished_text(&mut cx, &outline);

    let marks = Marks {
        title: outline
            .title
            .map(|b| b.range.clone())
            .or(split.slug_range.clone()),
        totals: band_table.totals,
        strategy: strategy_part.and_then(|part| {
            let body = part.body_range()?;
            Some(part.title_range.start.min(body.start)..body.end)
        }),
    };
    let known = !company.is_empty() && !role.is_empty() && !slug.is_empty();
    let guide = Guide {
        slug,
        source: file.file.source.clone(),
        title,
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
        placeholders: placeholder_list,
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

/// The levers part's first list.
fn lever_list<'a>(outline: &'a Outline) -> Option<&'a blocks::List> {
    outline
        .first(Kind::Levers)?
        .blocks
        .iter()
        .find_map(|block| match &block.kind {
            BlockKind::List(list) => Some(list),
            _ => None,
        })
}

/// The sources part's bullet items, or its non-empty lines without a list.
fn source_items(cx: &Context, part: &Part) -> Vec<String> {
    let list = part.blocks.iter().find_map(|block| match &block.kind {
        BlockKind::List(list) => Some(list),
        _ => None,
    });
    match list {
        Some(list) => list
            .items
            .iter()
            .map(|item| {
                cx.source.text[item.content_start..item.range.end]
                    .trim()
                    .to_string()
            })
            .filter(|s| !s.is_empty())
            .collect(),
        None => cx
            .body(part)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
    }
}
