//! Sorts a guide's blocks into its parts. A part is titled by a heading or a
//! bold-only line and runs until the next title; the tagline, level mapping
//! and strategy are *labelled* paragraphs (`**Level Mapping:** …`) that stand
//! alone. Parts may come in any order.

use super::blocks::{Block, BlockKind, Lead};
use super::text::line_end;
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Tagline,
    Narrative,
    LevelMapping,
    Levers,
    Strategy,
    Sources,
    Spotlight,
}

impl Kind {
    /// The part a title names; anything unknown is a spotlight section.
    fn of_title(title: &str) -> Kind {
        let name = title.trim().trim_end_matches(':').trim().to_lowercase();
        match name.as_str() {
            "negotiation dna" => Kind::Narrative,
            "level mapping" | "level mappings" | "levels" => Kind::LevelMapping,
            "global levers" | "levers" | "negotiation levers" => Kind::Levers,
            "negotiate up strategy" | "negotiation strategy" | "strategy" => Kind::Strategy,
            "evidence & sources" | "evidence and sources" | "sources" | "evidence" => Kind::Sources,
            _ => Kind::Spotlight,
        }
    }

    /// Which labelled paragraph a label opens, if any.
    fn of_label(label: &str) -> Option<Kind> {
        match Kind::of_title(label) {
            Kind::Narrative => Some(Kind::Tagline),
            kind @ (Kind::LevelMapping | Kind::Strategy) => Some(kind),
            _ => None,
        }
    }
}

/// One part of a guide: its title and where its body lies.
#[derive(Clone, Debug)]
pub struct Part<'b> {
    pub kind: Kind,
    pub title: String,
    pub title_range: Range<usize>,
    /// Text after the title in the title's own block (a labelled paragraph's
    /// content, or the lines after a bold-only line).
    pub inline_body: Option<Range<usize>>,
    /// Whole blocks that follow the title.
    pub blocks: Vec<&'b Block>,
    /// The body came from a block quote, so its lines carry `>` markers.
    pub quoted: bool,
}

impl Part<'_> {
    /// The body's source range, from the first piece to the last.
    pub fn body_range(&self) -> Option<Range<usize>> {
        let start = self
            .inline_body
            .as_ref()
            .map(|r| r.start)
            .or_else(|| self.blocks.first().map(|b| b.range.start))?;
        let end = self
            .blocks
            .last()
            .map(|b| b.range.end)
            .or_else(|| self.inline_body.as_ref().map(|r| r.end))?;
        Some(start..end.max(start))
    }
}

#[derive(Debug, Default)]
pub struct Outline<'b> {
    pub title: Option<&'b Block>,
    pub band_table: Option<&'b Block>,
    pub parts: Vec<Part<'b>>,
    /// Blocks of text under no title: before the first part, or after a
    /// labelled paragraph (which is whole).
    pub stray: Vec<&'b Block>,
}

impl<'b> Outline<'b> {
    pub fn first(&self, kind: Kind) -> Option<&Part<'b>> {
        self.parts.iter().find(|part| part.kind == kind)
    }
}

fn is_band_table(block: &Block) -> bool {
    let BlockKind::Table(table) = &block.kind else {
        return false;
    };
    let header: Vec<String> = table.header.iter().map(|c| c.text.to_lowercase()).collect();
    if !header.iter().any(|h| h.contains("region")) {
        return false;
    }
    // Region with two more of its columns is the band table missing one,
    // which the band parser names (E012), not a table of something else.
    use super::columns::{Column, column_of};
    let columns: Vec<Column> = table
        .header
        .iter()
        .filter_map(|c| column_of(&c.text))
        .collect();
    let others = [Column::Base, Column::Equity, Column::Bonus, Column::Total]
        .iter()
        .filter(|column| columns.contains(column))
        .count();
    header.iter().any(|h| h.contains("base")) || others >= 2
}

/// Where the text after a lead starts, and whether the lead stands on a line
/// of its own (a title) rather than labelling text on its line.
fn after_lead(source: &str, block: &Block, lead: &Lead) -> (Range<usize>, bool) {
    let rest = lead.range.end..block.range.end;
    let line = &source[rest.start..line_end(source, rest.start).min(rest.end)];
    let own_line = line.trim().trim_start_matches(':').trim().is_empty();
    (rest, own_line)
}

pub fn outline<'b>(source: &str, blocks: &'b [Block]) -> Outline<'b> {
    let mut outline = Outline::default();
    for block in blocks {
        if block.kind == BlockKind::Heading {
            let kind = Kind::of_title(&block.text);
            if outline.title.is_none() && kind == Kind::Spotlight && outline.parts.is_empty() {
                outline.title = Some(block);
            } else {
                outline.parts.push(Part {
                    kind,
                    title: block.text.clone(),
                    title_range: block.range.clone(),
                    inline_body: None,
                    blocks: Vec::new(),
                    quoted: false,
                });
            }
            continue;
        }
        if outline.band_table.is_none() && is_band_table(block) {
            outline.band_table = Some(block);
            close_labelled(&mut outline);
            continue;
        }
        if let Some(lead) = &block.lead {
            let (rest, own_line) = after_lead(source, block, lead);
            let quoted = block.kind == BlockKind::BlockQuote;
            if own_line && !quoted {
                outline.parts.push(Part {
                    kind: Kind::of_title(&lead.text),
                    title: lead.text.trim_end_matches(':').trim().to_string(),
                    title_range: lead.range.clone(),
                    inline_body: Some(rest),
                    blocks: Vec::new(),
                    quoted: false,
                });
                continue;
            }
            if let Some(kind) = Kind::of_label(&lead.text) {
                outline.parts.push(Part {
                    kind,
                    title: lead.text.trim_end_matches(':').trim().to_string(),
                    title_range: lead.range.clone(),
                    inline_body: Some(rest),
                    blocks: Vec::new(),
                    quoted,
                });
                // A labelled paragraph is whole; what follows belongs to no part.
                close_labelled(&mut outline);
                continue;
            }
        }
        match outline.parts.last_mut() {
            Some(part) if !part.title.is_empty() => part.blocks.push(block),
            _ => outline.stray.push(block),
        }
    }
    outline
        .parts
        .retain(|part| !part.title.is_empty() || part.kind != Kind::Spotlight);
    outline
}

/// Ends the current part so that following blocks are not taken as its body.
/// An untitled spotlight marks "no current part" and is dropped at the end.
fn close_labelled(outline: &mut Outline) {
    outline.parts.push(Part {
        kind: Kind::Spotlight,
        title: String::new(),
        title_range: 0..0,
        inline_body: None,
        blocks: Vec::new(),
        quoted: false,
    });
}
