//! `/atom.xml`: an Atom 1.0 feed (RFC 4287) of the published guides,
//! newest figures first, so readers can follow new and revised guides.

use super::SiteContext;
use super::urls::paths;

/// What the feed says when no guide has a date: Atom needs one.
const NO_DATE: &str = "1970-01-01T00:00:00Z";

/// The feed: one entry per published guide (drafts never), ordered by
/// as-of date, newest first, then by slug; at most `[feed] limit` of them.
pub fn atom(cx: &SiteContext) -> String {
    let mut order: Vec<usize> = (0..cx.guides.len())
        .filter(|&g| !cx.guides[g].draft)
        .collect();
    let stamp = |g: usize| cx.guides[g].as_of.as_ref().map(|a| a.timestamp.as_str());
    // RFC 3339 in UTC sorts as text; a guide with no date goes last.
    order.sort_by(|&a, &b| {
        stamp(b)
            .cmp(&stamp(a))
            .then_with(|| cx.guides[a].slug.cmp(&cx.guides[b].slug))
    });
    if let Some(limit) = cx.config.feed.limit {
        order.truncate(limit);
    }
    let newest = order.first().and_then(|&g| stamp(g)).unwrap_or(NO_DATE);
    let mut xml = String::with_capacity(1024 + order.len() * 512);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">\n");
    element(&mut xml, "  ", "title", &cx.config.title);
    element(
        &mut xml,
        "  ",
        "subtitle",
        "Compensation negotiation guides, newest figures first",
    );
    link(
        &mut xml,
        "self",
        "application/atom+xml",
        &cx.urls.absolute(super::FEED),
    );
    link(
        &mut xml,
        "alternate",
        "text/html",
        &cx.urls.absolute(paths::HOME),
    );
    element(&mut xml, "  ", "id", &id(cx, paths::HOME));
    element(&mut xml, "  ", "updated", newest);
    xml.push_str("  <author>");
    element(&mut xml, "", "name", &cx.config.title);
    xml.push_str("</author>\n");
    xml.push_str("  <generator>guidepress</generator>\n");
    for g in order {
        entry(&mut xml, cx, g);
    }
    xml.push_str("</feed>\n");
    xml
}

fn entry(xml: &mut String, cx: &SiteContext, g: usize) {
    let guide = &cx.guides[g];
    let path = paths::guide(&guide.slug);
    xml.push_str("  <entry>\n");
    element(
        xml,
        "    ",
        "title",
        &format!("{} at {}", guide.role, guide.company),
    );
    xml.push_str("  ");
    link(xml, "alternate", "text/html", &cx.urls.absolute(&path));
    element(xml, "    ", "id", &id(cx, &path));
    let updated = guide
        .as_of
        .as_ref()
        .map_or(NO_DATE, |as_of| as_of.timestamp.as_str());
    element(xml, "    ", "updated", updated);
    element(xml, "    ", "summary", &summary(cx, g));
    xml.push_str("  </entry>\n");
}

/// The premium and the top band, as a reader skimming the feed wants them.
fn summary(cx: &SiteContext, g: usize) -> String {
    let mut parts = Vec::new();
    if let Some(premium) = &cx.card(g).premium {
        parts.push(format!("Premium: {premium}."));
    }
    if let Some(row) = cx.top_row(g) {
        // The band as the guide writes it; the display currency beside it
        // when they differ.
        let (base, total) = match &row.original {
            Some(original) => (
                original.base.clone(),
                format!("{} (≈ {})", original.total, row.total),
            ),
            None => (row.base.clone(), row.total.clone()),
        };
        parts.push(format!(
            "Top band: {}, {base} base, {total} total comp.",
            row.region.name
        ));
    }
    if let Some(as_of) = &cx.guides[g].as_of {
        parts.push(format!("Figures as of {}.", as_of.date));
    }
    parts.join(" ")
}

/// An entry's or the feed's id: its page's URL when the base URL has an
/// origin, else a URN that stays the same wherever the site is copied.
fn id(cx: &SiteContext, path: &str) -> String {
    let url = cx.urls.absolute(path);
    if url.contains("://") {
        url
    } else {
        format!("urn:guidepress:site{url}")
    }
}

fn link(xml: &mut String, rel: &str, kind: &str, href: &str) {
    xml.push_str("  <link rel=\"");
    xml.push_str(rel);
    xml.push_str("\" type=\"");
    xml.push_str(kind);
    xml.push_str("\" href=\"");
    push_xml_text(xml, href);
    xml.push_str("\"/>\n");
}

fn element(xml: &mut String, indent: &str, name: &str, text: &str) {
    xml.push_str(indent);
    xml.push('<');
    xml.push_str(name);
    xml.push('>');
    push_xml_text(xml, text);
    xml.push_str("</");
    xml.push_str(name);
    xml.push('>');
    if !indent.is_empty() {
        xml.push('\n');
    }
}

/// Text escaped for XML, without the characters XML 1.0 forbids even as
/// references (control characters other than tab and line breaks, and
/// U+FFFE, U+FFFF): a guide may hold them, a feed reader would reject the
/// whole feed over one.
fn push_xml_text(xml: &mut String, text: &str) {
    let allowed: String = text
        .chars()
        .filter(|&c| {
            !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
        })
        .collect();
    crate::html::push_escaped(xml, &allowed);
}

#[cfg(test)]
mod tests {
    use super::push_xml_text;

    #[test]
    fn text_is_escaped_and_stripped_of_what_xml_forbids() {
        let mut xml = String::new();
        push_xml_text(&mut xml, "AT&T <R&D>\u{1b}[31m \"x\"\u{ffff}\ttab");
        assert_eq!(xml, "AT&amp;T &lt;R&amp;D&gt;[31m &quot;x&quot;\ttab");
    }
}
