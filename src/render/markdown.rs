//! Author markdown → safe HTML. Raw HTML is sanitized (ammonia) so a
//! `<script>` in a guide never runs; then text nodes are enriched: the first
//! mention of a company with a hub links to it, and `[…]` slots are marked.

use crate::companies::CompanyIndex;
use pulldown_cmark::{Options, Parser, html};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder.link_rel(Some("noopener noreferrer nofollow"));
    builder
});

/// Links the first mention of each company on a page to its hub.
pub struct Linker<'a> {
    companies: &'a CompanyIndex,
    hubs: &'a HashMap<String, String>,
    linked: HashSet<String>,
}

impl<'a> Linker<'a> {
    /// `hubs`: canonical company name → hub URL.
    pub fn new(companies: &'a CompanyIndex, hubs: &'a HashMap<String, String>) -> Linker<'a> {
        Linker {
            companies,
            hubs,
            linked: HashSet::new(),
        }
    }

    /// Marks a company as already linked on this page (its name is shown as a link elsewhere).
    pub fn already_linked(&mut self, company: &str) {
        self.linked.insert(company.to_string());
    }

    fn link_text(&mut self, text: &str, out: &mut String) {
        let mut last = 0;
        for (range, company) in self.companies.mentions(text) {
            let Some(url) = self.hubs.get(&company) else {
                continue;
            };
            if !self.linked.insert(company) {
                continue;
            }
            out.push_str(&text[last..range.start]);
            out.push_str(&format!(
                r#"<a class="xref" href="{url}">{}</a>"#,
                &text[range.clone()]
            ));
            last = range.end;
        }
        out.push_str(&text[last..]);
    }
}

/// Renders markdown to sanitized HTML. With `slots`, `[…]` spans that are
/// not links are marked as fill-in slots.
pub fn to_html(markdown: &str, linker: Option<&mut Linker>, slots: bool) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
    let clean = SANITIZER.clean(&raw).to_string();
    enrich(&clean, linker, slots)
}

/// Inline markdown (a single line, no wrapping paragraph).
pub fn inline_html(markdown: &str, linker: Option<&mut Linker>, slots: bool) -> String {
    let html = to_html(markdown, linker, slots);
    let trimmed = html.trim();
    trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        .filter(|inner| !inner.contains("<p>"))
        .unwrap_or(trimmed)
        .to_string()
}

/// Walks sanitized HTML, transforming text outside `<a>`, `<code>` and `<pre>`.
fn enrich(html: &str, mut linker: Option<&mut Linker>, slots: bool) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut protected = 0usize;
    let mut rest = html;
    while !rest.is_empty() {
        match rest.find('<') {
            Some(0) => {
                let end = rest.find('>').map_or(rest.len(), |i| i + 1);
                let tag = &rest[..end];
                let name: String = tag
                    .trim_start_matches(['<', '/'])
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                if matches!(name.as_str(), "a" | "code" | "pre") {
                    if tag.starts_with("</") {
                        protected = protected.saturating_sub(1);
                    } else {
                        protected += 1;
                    }
                }
                out.push_str(tag);
                rest = &rest[end..];
            }
            found => {
                let end = found.unwrap_or(rest.len());
                let text = &rest[..end];
                if protected > 0 {
                    out.push_str(text);
                } else {
                    let linked = match linker.as_deref_mut() {
                        Some(linker) => {
                            let mut linked = String::new();
                            linker.link_text(text, &mut linked);
                            linked
                        }
                        None => text.to_string(),
                    };
                    if slots {
                        mark_slots(&linked, &mut out);
                    } else {
                        out.push_str(&linked);
                    }
                }
                rest = &rest[end..];
            }
        }
    }
    out
}

/// `[text]` → `<mark class="slot">[text]</mark>`; the text may hold a link
/// this module just inserted, so brackets are matched on the raw string.
fn mark_slots(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']').map(|i| open + i) else {
            break;
        };
        if rest[open + 1..close].contains('[') || close == open + 1 {
            out.push_str(&rest[..open + 1]);
            rest = &rest[open + 1..];
            continue;
        }
        out.push_str(&rest[..open]);
        out.push_str(r#"<mark class="slot">"#);
        out.push_str(&rest[open..=close]);
        out.push_str("</mark>");
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_are_removed_and_javascript_links_defused() {
        let html = to_html(
            "Hi <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>",
            None,
            false,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
    }

    #[test]
    fn first_mention_links_once_and_never_inside_links_or_code() {
        let companies = CompanyIndex::new(std::iter::empty());
        let hubs = HashMap::from([("OpenAI".to_string(), "/companies/openai/".to_string())]);
        let mut linker = Linker::new(&companies, &hubs);
        let html = to_html(
            "See [OpenAI](https://x.org) and `OpenAI` then OpenAI and OpenAI.",
            Some(&mut linker),
            false,
        );
        assert_eq!(html.matches("class=\"xref\"").count(), 1, "{html}");
        assert!(
            html.contains(
                r#"then <a class="xref" href="/companies/openai/">OpenAI</a> and OpenAI."#
            ),
            "{html}"
        );
        let again = to_html("OpenAI again", Some(&mut linker), false);
        assert!(!again.contains("xref"), "once per page: {again}");
    }

    #[test]
    fn slots_are_marked_but_links_are_not() {
        let html = to_html(
            "I built [agentic workflows / tools] and [a link](https://x.org).",
            None,
            true,
        );
        assert!(
            html.contains(r#"<mark class="slot">[agentic workflows / tools]</mark>"#),
            "{html}"
        );
        assert!(!html.contains("[a link]"), "{html}");
        assert_eq!(
            inline_html("**bold** text", None, false),
            "<strong>bold</strong> text"
        );
    }
}
