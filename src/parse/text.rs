//! Small pure helpers on the author's markdown text.

/// The offset of the end of the line containing `offset` (its `\n` or the end).
pub fn line_end(source: &str, offset: usize) -> usize {
    source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i)
}

/// Removes `>` quote markers from each line of a block quote's text.
pub fn unquote(text: &str) -> String {
    text.lines()
        .map(|line| {
            let trimmed = line.trim_start();
            match trimmed.strip_prefix('>') {
                Some(rest) => rest.strip_prefix(' ').unwrap_or(rest),
                None => line,
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Removes a leading `:` left after a `**Title**:` and surrounding quotes
/// (`"…"` or `“…”`) when they wrap the whole text.
pub fn clean_body(text: &str) -> String {
    let text = text.trim().trim_start_matches(':').trim();
    for (open, close) in [('"', '"'), ('“', '”')] {
        if let Some(inner) = text
            .strip_prefix(open)
            .and_then(|rest| rest.strip_suffix(close))
        {
            let balanced = if open == close {
                inner.matches(open).count() % 2 == 0
            } else {
                inner.matches(open).count() == inner.matches(close).count()
            };
            if balanced {
                return inner.trim().to_string();
            }
        }
    }
    text.to_string()
}

/// Plain text of a short markdown fragment (a tagline part): emphasis
/// markers removed, white space folded.
pub fn plain(text: &str) -> String {
    let stripped: String = text.chars().filter(|&c| c != '*').collect();
    let stripped = stripped.trim();
    let stripped = stripped
        .strip_prefix("__")
        .and_then(|s| s.strip_suffix("__"))
        .unwrap_or(stripped);
    stripped.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_quotes_and_markers() {
        assert_eq!(clean_body(": \"hello\" "), "hello");
        assert_eq!(clean_body("“curly”"), "curly");
        assert_eq!(clean_body("\"unbalanced"), "\"unbalanced");
        assert_eq!(unquote("first\n> second\n>third"), "first\nsecond\nthird");
        assert_eq!(plain(" **+20-35% AGENTIC**  "), "+20-35% AGENTIC");
    }
}
