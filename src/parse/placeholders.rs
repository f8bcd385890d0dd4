//! `[…]` slots a reader fills in. Bracketed spans that are links
//! (`[text](url)`, `[text][ref]`, or a defined `[ref]`) are not slots.
//!
//! A slot that starts with `TODO` (`[TODO: base range]`) is the author's
//! to fill: `guidepress new` writes them, and each one left is a warning,
//! so a guide is not published half written by mistake. In levers and the
//! strategy it is still listed with the slots, as the export contract says
//! of every bracketed span there.

use super::Context;
use crate::diagnostic::{Code, Diagnostic};
use regex::Regex;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

static BRACKETS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\[\]]+)\]").expect("bracket pattern"));
static REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^ {0,3}\[([^\]]+)\]:").expect("reference pattern"));

/// Labels of link reference definitions in a document, lower-cased.
fn reference_labels(document: &str) -> HashSet<String> {
    REFERENCE
        .captures_iter(document)
        .map(|caps| caps[1].trim().to_lowercase())
        .collect()
}

/// The slots in `text`: byte range of the whole `[…]` and its inner text.
fn slots<'t>(text: &'t str, references: &HashSet<String>) -> Vec<(Range<usize>, &'t str)> {
    BRACKETS
        .captures_iter(text)
        .filter_map(|caps| {
            let whole = caps.get(0)?;
            let next = text[whole.end()..].chars().next();
            let is_link = matches!(next, Some('(' | '[' | ':'))
                || text[..whole.start()].ends_with(']')
                || references.contains(&caps[1].trim().to_lowercase());
            let inner = caps.get(1)?.as_str().trim();
            (!is_link && !inner.is_empty()).then(|| (whole.start()..whole.end(), inner))
        })
        .collect()
}

/// The slots of the levers and the strategy, each listed once in the order
/// met, for the export's `placeholders`.
pub(super) struct Slots {
    references: HashSet<String>,
    listed: HashSet<String>,
    names: Vec<String>,
}

impl Slots {
    /// Warns at every unfilled slot of the body (from `body_start`), and
    /// starts an empty list.
    pub(super) fn of_body(cx: &mut Context, body_start: usize) -> Slots {
        let references = reference_labels(&cx.source.text);
        for (range, inner) in slots(&cx.source.text[body_start..], &references) {
            if is_unfilled(inner) {
                let at = body_start + range.start..body_start + range.end;
                cx.diagnostics.push(
                    Diagnostic::new(Code::Unfilled, cx.file, "placeholder not filled in")
                        .at(cx.source.locate(at))
                        .label("replace this")
                        .help("write the real text or figure in place of `[TODO: …]`; a slot for the reader is `[…]` without TODO"),
                );
            }
        }
        Slots {
            references,
            listed: HashSet::new(),
            names: Vec::new(),
        }
    }

    /// Lists `text`'s slots and returns it with them blanked out ([`mask`]).
    pub(super) fn note(&mut self, text: &str) -> String {
        let slots = slots(text, &self.references);
        for (_, inner) in &slots {
            if self.listed.insert((*inner).to_string()) {
                self.names.push((*inner).to_string());
            }
        }
        mask(text, &slots)
    }

    pub(super) fn into_names(self) -> Vec<String> {
        self.names
    }
}

/// The marker that makes a slot the author's to fill: `[TODO]`, `[TODO: …]`.
pub const UNFILLED: &str = "TODO";

/// Whether a slot's inner text is one the author must fill (`TODO: base range`).
fn is_unfilled(inner: &str) -> bool {
    inner
        .strip_prefix(UNFILLED)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(':'))
}

/// Whether `text` (a table cell) is one unfilled slot and nothing else.
pub fn is_unfilled_cell(text: &str) -> bool {
    let text = text.trim();
    text.strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .is_some_and(|inner| !inner.contains(['[', ']']) && is_unfilled(inner.trim()))
}

/// `text` with every slot blanked out (same byte length), so figures and
/// companies inside slots are not read as facts.
fn mask(text: &str, slots: &[(Range<usize>, &str)]) -> String {
    let mut masked = text.to_string();
    for (range, _) in slots.iter().rev() {
        masked.replace_range(range.clone(), &" ".repeat(range.len()));
    }
    masked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_slots_but_not_links() {
        let refs = reference_labels("[defined]: https://example.org\n");
        let text = "my [agentic workflows / tool-use] and [a link](http://x) and [ref][r] and [defined] and [ ]";
        let found: Vec<_> = slots(text, &refs).into_iter().map(|(_, s)| s).collect();
        assert_eq!(found, ["agentic workflows / tool-use"]);
        let masked = mask(text, &slots(text, &refs));
        assert_eq!(masked.len(), text.len());
        assert!(!masked.contains("agentic"));
    }

    #[test]
    fn todo_slots_are_the_authors() {
        assert!(is_unfilled("TODO"));
        assert!(is_unfilled("TODO: base range, e.g. $180K-$220K"));
        assert!(!is_unfilled("TODOS"));
        assert!(!is_unfilled("a TODO: list"));
        assert!(is_unfilled_cell(" [TODO: base] "));
        assert!(!is_unfilled_cell("[TODO: base] $200K"));
        assert!(!is_unfilled_cell("[TODO] [TODO]"));
        assert!(!is_unfilled_cell("$200K-$250K"));
    }
}
