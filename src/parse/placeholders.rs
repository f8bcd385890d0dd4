//! `[…]` slots a reader fills in. Bracketed spans that are links
//! (`[text](url)`, `[text][ref]`, or a defined `[ref]`) are not slots.

use regex::Regex;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

static BRACKETS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\[\]]+)\]").expect("bracket pattern"));
static REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^ {0,3}\[([^\]]+)\]:").expect("reference pattern"));

/// Labels of link reference definitions in a document, lower-cased.
pub fn reference_labels(document: &str) -> HashSet<String> {
    REFERENCE
        .captures_iter(document)
        .map(|caps| caps[1].trim().to_lowercase())
        .collect()
}

/// The slots in `text`: byte range of the whole `[…]` and its inner text.
pub fn slots<'t>(text: &'t str, references: &HashSet<String>) -> Vec<(Range<usize>, &'t str)> {
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

/// `text` with every slot blanked out (same byte length), so figures and
/// companies inside slots are not read as facts.
pub fn mask(text: &str, slots: &[(Range<usize>, &str)]) -> String {
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
}
