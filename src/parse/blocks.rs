//! Folds pulldown-cmark's event stream into the top-level blocks of a guide,
//! each with its absolute source range and, where it opens with bold text,
//! its *lead*: the bold span that the format uses to title or label a part.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub kind: BlockKind,
    pub range: Range<usize>,
    /// Plain text of the block's inline content (headings, cells, leads).
    pub text: String,
    pub lead: Option<Lead>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum BlockKind {
    Heading,
    Paragraph,
    Table(Table),
    List(List),
    BlockQuote,
    Other,
}

/// A bold span that opens a paragraph, list item or quote.
#[derive(Clone, Debug, PartialEq)]
pub struct Lead {
    /// Plain text inside the `**…**`.
    pub text: String,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub header: Vec<Cell>,
    pub header_range: Range<usize>,
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row {
    pub range: Range<usize>,
    pub cells: Vec<Cell>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub text: String,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct List {
    pub ordered: bool,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub range: Range<usize>,
    /// Where the item's content starts, after its list marker.
    pub content_start: usize,
    pub lead: Option<Lead>,
}

/// Tracks whether a container's first inline content is a bold span.
#[derive(Default)]
struct LeadTracker {
    seen_inline: bool,
    capturing: Option<usize>,
    strong_depth: usize,
    text: String,
    lead: Option<Lead>,
}

impl LeadTracker {
    fn on_event(&mut self, event: &Event, range: &Range<usize>) {
        match event {
            Event::Start(Tag::Strong) => {
                if !self.seen_inline && self.capturing.is_none() {
                    self.capturing = Some(range.start);
                    self.lead = Some(Lead {
                        text: String::new(),
                        range: range.clone(),
                    });
                }
                self.seen_inline = true;
                self.strong_depth += 1;
            }
            Event::End(TagEnd::Strong) => {
                self.strong_depth = self.strong_depth.saturating_sub(1);
                if self.strong_depth == 0
                    && self.capturing.take().is_some()
                    && let Some(lead) = &mut self.lead
                {
                    lead.text = std::mem::take(&mut self.text).trim().to_string();
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if self.capturing.is_some() {
                    self.text.push_str(text);
                }
                self.seen_inline = true;
            }
            Event::SoftBreak | Event::HardBreak if self.capturing.is_some() => {
                self.text.push(' ');
            }
            Event::Start(tag) if is_inline(tag) => self.seen_inline = true,
            Event::InlineHtml(_) | Event::FootnoteReference(_) => self.seen_inline = true,
            _ => {}
        }
    }
}

fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

struct Builder {
    kind: BlockKind,
    range: Range<usize>,
    text: String,
    lead: LeadTracker,
    in_head: bool,
    cell_text: String,
    item: Option<(Item, LeadTracker, bool)>,
}

impl Builder {
    fn new(tag: &Tag, range: Range<usize>) -> Builder {
        let kind = match tag {
            Tag::Heading { .. } => BlockKind::Heading,
            Tag::Paragraph => BlockKind::Paragraph,
            Tag::Table(_) => BlockKind::Table(Table::default()),
            Tag::List(start) => BlockKind::List(List {
                ordered: start.is_some(),
                items: Vec::new(),
            }),
            Tag::BlockQuote(_) => BlockKind::BlockQuote,
            _ => BlockKind::Other,
        };
        Builder {
            kind,
            range,
            text: String::new(),
            lead: LeadTracker::default(),
            in_head: false,
            cell_text: String::new(),
            item: None,
        }
    }

    /// Handles an event inside the block; `depth` is the nesting below the block.
    fn on_event(&mut self, event: &Event, range: Range<usize>, depth: usize) {
        match event {
            Event::Text(text) | Event::Code(text) => {
                self.text.push_str(text);
                self.cell_text.push_str(text);
            }
            Event::SoftBreak => {
                self.text.push(' ');
                self.cell_text.push(' ');
            }
            Event::HardBreak => {
                self.text.push('\n');
                self.cell_text.push(' ');
            }
            _ => {}
        }
        match &mut self.kind {
            BlockKind::Table(table) => match event {
                Event::Start(Tag::TableHead) => {
                    self.in_head = true;
                    table.header_range = range;
                }
                Event::End(TagEnd::TableHead) => self.in_head = false,
                Event::Start(Tag::TableRow) => table.rows.push(Row {
                    range,
                    cells: Vec::new(),
                }),
                Event::Start(Tag::TableCell) => self.cell_text.clear(),
                Event::End(TagEnd::TableCell) => {
                    let cell = Cell {
                        text: self.cell_text.trim().to_string(),
                        range: range.clone(),
                    };
                    if self.in_head {
                        table.header.push(cell);
                    } else if let Some(row) = table.rows.last_mut() {
                        row.cells.push(cell);
                    }
                }
                _ => {}
            },
            BlockKind::List(list) => {
                match event {
                    Event::Start(Tag::Item) if depth == 0 => {
                        self.item = Some((
                            Item {
                                range: range.clone(),
                                content_start: range.end,
                                lead: None,
                            },
                            LeadTracker::default(),
                            false,
                        ));
                        return;
                    }
                    Event::End(TagEnd::Item) if depth == 0 => {
                        if let Some((mut item, tracker, _)) = self.item.take() {
                            item.lead = tracker.lead.filter(|lead| !lead.text.is_empty());
                            list.items.push(item);
                        }
                        return;
                    }
                    _ => {}
                }
                if let Some((item, tracker, started)) = &mut self.item {
                    if !*started {
                        item.content_start = range.start;
                        *started = true;
                    }
                    tracker.on_event(event, &range);
                }
            }
            BlockKind::Paragraph | BlockKind::BlockQuote => self.lead.on_event(event, &range),
            BlockKind::Heading | BlockKind::Other => {}
        }
    }

    fn finish(self, range_end: usize) -> Block {
        let lead = self.lead.lead.filter(|lead| !lead.text.is_empty());
        Block {
            kind: self.kind,
            range: self.range.start..range_end,
            text: self.text.trim().to_string(),
            lead,
        }
    }
}

/// Parses markdown `source` whose first byte sits at `base` in the file.
pub fn blocks(source: &str, base: usize) -> Vec<Block> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut blocks = Vec::new();
    let mut current: Option<Builder> = None;
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        let range = range.start + base..range.end + base;
        match &event {
            Event::Start(tag) => {
                if depth == 0 {
                    current = Some(Builder::new(tag, range.clone()));
                } else if let Some(builder) = &mut current {
                    builder.on_event(&event, range, depth - 1);
                }
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if let Some(builder) = current.take() {
                        let end = builder.range.end.max(range.end);
                        blocks.push(builder.finish(end));
                    }
                } else if let Some(builder) = &mut current {
                    builder.on_event(&event, range, depth - 1);
                }
            }
            _ if depth == 0 => blocks.push(Block {
                kind: BlockKind::Other,
                range,
                text: String::new(),
                lead: None,
            }),
            _ => {
                if let Some(builder) = &mut current {
                    builder.on_event(&event, range, depth - 1);
                }
            }
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_leads_tables_and_items_with_absolute_ranges() {
        let src = "### Title\n\n**Negotiation DNA:** a | b\n\n| Region | Base |\n|---|---|\n| SF | $1K |\n\n**Global Levers**\n1. **One (+5%):** \"x\"\n2. plain\n\n> **Negotiate Up Strategy:** \"go\"\n";
        let blocks = blocks(src, 100);
        assert_eq!(blocks.len(), 6, "{blocks:#?}");
        assert_eq!(blocks[0].kind, BlockKind::Heading);
        assert_eq!(blocks[0].text, "Title");
        assert_eq!(blocks[1].lead.as_ref().unwrap().text, "Negotiation DNA:");
        let BlockKind::Table(table) = &blocks[2].kind else {
            panic!()
        };
        assert_eq!(table.header[1].text, "Base");
        assert_eq!(table.rows[0].cells[1].text, "$1K");
        let cell = &table.rows[0].cells[1];
        assert_eq!(
            &src[cell.range.start - 100..cell.range.end - 100].trim(),
            &"$1K"
        );
        assert_eq!(blocks[3].lead.as_ref().unwrap().text, "Global Levers");
        let BlockKind::List(list) = &blocks[4].kind else {
            panic!()
        };
        assert!(list.ordered);
        assert_eq!(list.items[0].lead.as_ref().unwrap().text, "One (+5%):");
        assert!(list.items[1].lead.is_none());
        assert_eq!(&src[list.items[1].content_start - 100..][..5], "plain");
        assert_eq!(blocks[5].kind, BlockKind::BlockQuote);
        assert_eq!(
            blocks[5].lead.as_ref().unwrap().text,
            "Negotiate Up Strategy:"
        );
    }

    #[test]
    fn bold_later_in_a_paragraph_is_no_lead() {
        let blocks = blocks("plain then **bold**\n", 0);
        assert!(blocks[0].lead.is_none());
    }
}
