//! The narrative: `**Negotiation DNA**` on a line of its own, then what makes
//! the role's pay distinctive.

use super::Context;
use super::sections::{Kind, Outline};
use crate::diagnostic::Code;

/// The narrative's markdown; a missing or empty one is an error.
pub(super) fn read(cx: &mut Context, outline: &Outline) -> Option<String> {
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
    narrative
}
