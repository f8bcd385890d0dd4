//! Spotlight sections: any titled part that is none of the named kinds.
//! None is required.

use super::Context;
use super::sections::{Kind, Outline};
use crate::model::Section;

pub(super) fn read(cx: &Context, outline: &Outline) -> Vec<Section> {
    outline
        .parts
        .iter()
        .filter(|part| part.kind == Kind::Spotlight)
        .map(|part| Section {
            title: part.title.clone(),
            body: cx.body(part),
            line: cx.source.line_of(part.title_range.start),
        })
        .collect()
}
