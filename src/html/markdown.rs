//! Author markdown → safe HTML. Raw HTML is sanitized (ammonia) so a
//! `<script>` in a guide never runs; then text nodes are enriched: the first
//! mention of a company with a hub links to it, and `[…]` slots are marked.

use crate::companies::CompanyIndex;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder.link_rel(Some("noopener noreferrer nofollow"));
    // Pages make no external requests: an image from elsewhere would tell
    // its host who reads which guide. `img src` is the only attribute
    // ammonia keeps that loads anything.
    builder.attribute_filter(|element, attribute, value| {
        if element == "img" && attribute == "src" && !is_same_site(value) {
            None
        } else {
            Some(value.into())
        }
    });
    builder
});

/// Whether a URL stays on the site: no scheme and no host. Read the way a
/// browser reads it: surrounding spaces and controls dropped, tabs and line
/// breaks removed, and `\` taken as `/` (so `/\\evil.example` is a host).
fn is_same_site(url: &str) -> bool {
    let url: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| if c == '\\' { '/' } else { c })
        .collect();
    let before_path = url.split(['/', '?', '#']).next().unwrap_or_default();
    !url.starts_with("//") && !before_path.contains(':')
}

/// Markup nested deeper than this is flattened to its text. No guide needs
/// it, and the HTML parser behind the sanitizer scans the open elements on
/// most start tags: 50,000 nested quotes would take minutes to render.
const MAX_DEPTH: usize = 64;

/// HTML elements that never hold content, so never add a level.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Drops markdown containers and raw HTML past [`MAX_DEPTH`], keeping their
/// text. Raw HTML that would go past it is shown as text; its open tags are
/// tracked by name so that stray closing tags cannot hide real nesting.
struct Flatten {
    /// Per open markdown element: whether it was kept.
    markdown: Vec<bool>,
    kept: usize,
    /// Names of open raw HTML elements.
    html: Vec<String>,
}

impl Flatten {
    fn event<'e>(&mut self, event: Event<'e>) -> Option<Event<'e>> {
        match event {
            Event::Start(_) => {
                let keep = self.kept + self.html.len() < MAX_DEPTH;
                self.markdown.push(keep);
                self.kept += usize::from(keep);
                keep.then_some(event)
            }
            Event::End(_) => {
                let keep = self.markdown.pop().unwrap_or(false);
                self.kept -= usize::from(keep);
                keep.then_some(event)
            }
            Event::Html(text) => Some(self.raw(text, Event::Html)),
            Event::InlineHtml(text) => Some(self.raw(text, Event::InlineHtml)),
            other => Some(other),
        }
    }

    fn raw<'e>(&mut self, text: CowStr<'e>, kind: fn(CowStr<'e>) -> Event<'e>) -> Event<'e> {
        let mut open = self.html.clone();
        for (closing, name) in tags(&text) {
            if closing {
                if let Some(at) = open.iter().rposition(|n| *n == name) {
                    open.truncate(at);
                }
            } else if !VOID.contains(&name.as_str()) {
                open.push(name);
                if self.kept + open.len() > MAX_DEPTH {
                    return Event::Text(text);
                }
            }
        }
        self.html = open;
        kind(text)
    }
}

/// The tags in a piece of raw HTML, in order: (closing, lower-case name).
/// Comments and declarations are left out; `<div/>` counts as open, as the
/// HTML parser takes it.
fn tags(html: &str) -> Vec<(bool, String)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest[usize::from(closing)..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            found.push((closing, name));
        }
    }
    found
}

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
    let (raw, plain) = unsanitized_html(markdown);
    if plain {
        return enrich(&raw, linker, slots);
    }
    let clean = SANITIZER.clean(&raw).to_string();
    enrich(&clean, linker, slots)
}

/// pulldown-cmark's HTML for `markdown` (nesting flattened past
/// [`MAX_DEPTH`]), and whether every event in it [`is_plain`].
fn unsanitized_html(markdown: &str) -> (String, bool) {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    let mut flatten = Flatten {
        markdown: Vec::new(),
        kept: 0,
        html: Vec::new(),
    };
    let mut plain = true;
    let events = Parser::new_ext(markdown, options)
        .filter_map(|e| flatten.event(e))
        .inspect(|e| plain &= is_plain(e));
    html::push_html(&mut raw, events);
    (raw, plain)
}

/// Whether an event writes only markup that the sanitizer would keep and
/// write back byte for byte: paragraphs, emphasis, lists, quotes and
/// headings without attributes, and text. Most guide prose is nothing
/// else, and the sanitizer (an HTML parser and serializer) was a third of
/// the time spent on markdown. Raw HTML, links, images, tables, code
/// blocks, rules and line breaks go through the sanitizer, and so does text
/// it would write differently (a no-break space becomes `&nbsp;`, control
/// characters and carriage returns are normalised).
fn is_plain(event: &Event) -> bool {
    match event {
        Event::Start(tag) => is_plain_tag(tag),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Paragraph
                | TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Item
                | TagEnd::List(_)
                | TagEnd::BlockQuote(None)
                | TagEnd::Heading(_)
        ),
        Event::Text(text) | Event::Code(text) => is_plain_text(text),
        Event::SoftBreak => true,
        _ => false,
    }
}

fn is_plain_tag(tag: &Tag) -> bool {
    match tag {
        Tag::Paragraph
        | Tag::Emphasis
        | Tag::Strong
        | Tag::Strikethrough
        | Tag::Item
        | Tag::BlockQuote(None)
        | Tag::List(None | Some(1)) => true,
        Tag::Heading {
            id, classes, attrs, ..
        } => id.is_none() && classes.is_empty() && attrs.is_empty(),
        _ => false,
    }
}

fn is_plain_text(text: &str) -> bool {
    !text
        .chars()
        .any(|c| c == '\u{a0}' || (c.is_control() && c != '\n' && c != '\t'))
}

/// Markdown as plain text for print: each link's text followed by its URL
/// in parentheses (on paper a link is only as good as its address shown),
/// markup and raw HTML dropped.
pub fn plain_with_urls(markdown: &str) -> String {
    let mut out = String::new();
    let mut links: Vec<String> = Vec::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                if let Some(url) = links
                    .pop()
                    .filter(|url| !url.is_empty() && !out.ends_with(url.as_str()))
                {
                    out.push_str(" (");
                    out.push_str(&url);
                    out.push(')');
                }
            }
            _ => {}
        }
    }
    out.trim().to_string()
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
/// Of nested brackets the innermost pair is the slot; going straight to it
/// keeps a run of `[[[[…]` linear.
fn mark_slots(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(first) = rest.find('[') {
        let Some(close) = rest[first..].find(']').map(|i| first + i) else {
            break;
        };
        let open = rest[..close].rfind('[').unwrap_or(first);
        if close == open + 1 {
            out.push_str(&rest[..close]);
            rest = &rest[close..];
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
    use proptest::prelude::*;

    /// The sanitizer's output for markdown that skips it.
    fn sanitized(markdown: &str) -> Option<(String, String)> {
        let (raw, plain) = unsanitized_html(markdown);
        plain.then(|| (SANITIZER.clean(&raw).to_string(), raw))
    }

    #[test]
    fn plain_prose_skips_the_sanitizer_and_reads_as_it_would_have() {
        let samples = [
            "Ask for **$265K** base & *more*: it's \"fair\" < 2 > 1.",
            "# Heading\n\nText with `code <b> & \"q\"` and ~~old~~ words.",
            "- one\n- two\n  - nested *em*\n\n1. first\n2. second",
            "> quoted\n> lines\n\nAfter — em dash, €95K–£201K, ¥12.5M, naïve café.",
            "Soft\nbreak, [slot] and [another slot] left as text.",
            "***both*** __strong__ _em_ 5 * 3 and a_b_c",
        ];
        for sample in samples {
            let (clean, raw) = sanitized(sample).unwrap_or_else(|| panic!("not plain: {sample:?}"));
            assert_eq!(raw, clean, "{sample:?}");
        }
    }

    #[test]
    fn anything_else_is_sanitized() {
        for sample in [
            "<b>raw</b>",
            "a <span>b</span>",
            "[link](https://example.org)",
            "![img](x.png)",
            "| a | b |\n|---|:-:|\n| 1 | 2 |",
            "```\ncode\n```",
            "line  \nbreak",
            "---",
            "3. starts at three",
            "no\u{a0}break",
        ] {
            assert!(sanitized(sample).is_none(), "{sample:?} was taken as plain");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1_000, ..ProptestConfig::default() })]
        /// Whatever markdown is taken as plain comes out as the sanitizer
        /// would have written it.
        #[test]
        fn plain_markdown_is_what_the_sanitizer_writes(
            markdown in proptest::collection::vec(
                prop_oneof![
                    Just("word "), Just("*"), Just("_"), Just("**"), Just("~~"), Just("`"),
                    Just("\n"), Just("\n\n"), Just("# "), Just("> "), Just("- "), Just("1. "),
                    Just("  "), Just("&"), Just("<"), Just(">"), Just("\""), Just("'"),
                    Just("é"), Just("€5K"), Just("["), Just("]"), Just("\\"), Just("&amp;"),
                    Just("&#39;"), Just("\t"), Just("<br>"), Just("("), Just(")"),
                ],
                0..40,
            ).prop_map(|parts| parts.concat())
        ) {
            if let Some((clean, raw)) = sanitized(&markdown) {
                prop_assert_eq!(raw, clean);
            }
        }
    }

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
    fn images_from_other_sites_lose_their_source() {
        for src in [
            "https://tracker.example/p.png",
            "http://tracker.example/p.png",
            "//tracker.example/p.png",
            "/\\tracker.example/p.png",
            "\\\\tracker.example/p.png",
            " \t//tracker.example/p.png",
            "/\n/tracker.example/p.png",
            "data:image/png;base64,AAAA",
            "HTTPS://tracker.example/p.png",
        ] {
            let html = to_html(&format!("<img src=\"{src}\" alt=\"a\">"), None, false);
            assert!(!html.contains("src="), "{src:?} kept: {html}");
            assert!(html.contains("alt=\"a\""), "{html}");
            // Markdown percent-encodes a backslash, which keeps it in the path.
            let html = to_html(&format!("![a]({src})"), None, false);
            assert!(
                !html.contains("src=") || html.contains("src=\"/%5C") || html.contains("src=\"%5C"),
                "{src:?} kept: {html}"
            );
        }
        for src in [
            "/assets/chart.png",
            "chart.png",
            "../x/chart.png",
            "chart.png?v=1#a:b",
        ] {
            let html = to_html(&format!("![a]({src})"), None, false);
            assert!(
                html.contains(&format!("src=\"{src}\"")),
                "{src:?} lost: {html}"
            );
        }
    }

    #[test]
    fn deep_nesting_is_flattened_to_its_text() {
        for markdown in [
            format!("{} deep", ">".repeat(5_000)),
            format!("{}deep", "- ".repeat(5_000)),
            format!("{}deep{}", "<div>".repeat(5_000), "</div>".repeat(5_000)),
            format!("{}deep", "<div/>".repeat(5_000)),
            format!("{}deep", "<div></span>".repeat(5_000)),
        ] {
            let html = to_html(&markdown, None, false);
            assert!(html.contains("deep"), "{html}");
            let depth = html.matches("<blockquote>").count()
                + html.matches("<ul>").count()
                + html.matches("<div>").count();
            assert!(depth <= MAX_DEPTH, "{depth} levels kept");
        }
        let shallow = to_html("> > quoted\n\n<div><b>x</b></div>", None, false);
        assert_eq!(shallow.matches("<blockquote>").count(), 2, "{shallow}");
        assert!(shallow.contains("<div><b>x</b></div>"), "{shallow}");
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
    fn print_text_shows_each_links_address() {
        assert_eq!(
            plain_with_urls("[Careers page](https://example.org/jobs) and **bold** `x` <b>y</b>"),
            "Careers page (https://example.org/jobs) and bold x y"
        );
        assert_eq!(
            plain_with_urls("<https://example.org/a>"),
            "https://example.org/a"
        );
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
        let nested = to_html("[a [b] c] and [] and [[[x]", None, true);
        assert!(
            nested.contains(
                r#"[a <mark class="slot">[b]</mark> c] and [] and [[<mark class="slot">[x]</mark>"#
            ),
            "{nested}"
        );
        assert_eq!(
            inline_html("**bold** text", None, false),
            "<strong>bold</strong> text"
        );
    }
}
