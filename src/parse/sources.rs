//! `**Evidence & Sources**` then a bullet list (or one source a line).

use super::Context;
use super::blocks::BlockKind;
use super::sections::{Kind, Outline, Part};
use crate::diagnostic::Code;

/// The sources; none is an error.
pub(super) fn read(cx: &mut Context, outline: &Outline) -> Vec<String> {
    let sources = outline
        .first(Kind::Sources)
        .map(|part| items(cx, part))
        .unwrap_or_default();
    if sources.is_empty() {
        cx.missing(
            Code::MissingSources,
            "sources",
            "add `**Evidence & Sources**` followed by a bullet list",
        );
    }
    sources
}

/// The part's bullet items, or its non-empty lines without a list.
fn items(cx: &Context, part: &Part) -> Vec<String> {
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
