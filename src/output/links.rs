//! Every internal link and asset reference on every page must resolve.

use crate::diagnostic::{Code, Diagnostic};
use crate::render::Files;
use crate::site::urls::Urls;
use memchr::memmem;
use std::borrow::Cow;

fn unescape(url: &str) -> Cow<'_, str> {
    if !url.contains('&') {
        return Cow::Borrowed(url);
    }
    Cow::Owned(
        url.replace("&#x2F;", "/")
            .replace("&#39;", "'")
            .replace("&amp;", "&"),
    )
}

/// The values of every `href="…"` and `src="…"` attribute in a page's bytes.
/// A plain byte scan for `="`: pages are large and regex captures cost
/// more than the whole rest of the check.
fn references(bytes: &[u8]) -> impl Iterator<Item = &str> {
    memmem::find_iter(bytes, b"=\"").filter_map(move |at| {
        let name_end = at;
        let named = |name: &[u8]| bytes[..name_end].ends_with(name);
        if !named(b"href") && !named(b"src") {
            return None;
        }
        let start = at + 2;
        let len = memchr::memchr(b'"', &bytes[start..])?;
        // Pages are UTF-8 (tera writes strings) and both ends sit on ASCII
        // quotes, so the slice is UTF-8 too.
        std::str::from_utf8(&bytes[start..start + len]).ok()
    })
}

/// The broken internal links of one page: `exists` says whether a file of
/// the site (relative to the output dir) exists.
pub fn check_page(
    page: &str,
    html: &[u8],
    exists: &dyn Fn(&str) -> bool,
    urls: &Urls,
) -> Vec<Diagnostic> {
    let mut problems: Vec<Diagnostic> = Vec::new();
    // One buffer for the `…/index.html` candidates: a page has hundreds of links.
    let mut candidate = String::new();
    let mut exists_with = |path: &str, index: &str| {
        candidate.clear();
        candidate.push_str(path);
        candidate.push_str(index);
        exists(&candidate)
    };
    for reference in references(html) {
        let url = unescape(reference);
        let path = url.split(['#', '?']).next().unwrap_or_default();
        let Some(site_path) = path.strip_prefix(urls.prefix()) else {
            continue;
        };
        if path.starts_with("//") {
            continue;
        }
        let found = if site_path.is_empty() || site_path.ends_with('/') {
            exists_with(site_path, "index.html")
        } else {
            exists(site_path) || exists_with(site_path, "/index.html")
        };
        if found {
            continue;
        }
        let message = format!("page /{page} links to {url}, which is not in the site");
        if problems.last().is_none_or(|p| p.message != message) {
            problems.push(
                Diagnostic::new(Code::BrokenLink, page.to_string(), message)
                    .help("fix the template or the link in the guide"),
            );
        }
    }
    problems
}

/// A broken internal link is an error naming the page and the link.
pub fn check_links(files: &Files, urls: &Urls) -> Vec<Diagnostic> {
    check_pages(files, files.keys(), urls)
}

/// Checks the links of `pages` only, against every file of the site.
pub fn check_pages<'a>(
    files: &Files,
    pages: impl Iterator<Item = &'a String>,
    urls: &Urls,
) -> Vec<Diagnostic> {
    let exists = |path: &str| files.contains_key(path);
    pages
        .filter(|path| path.ends_with(".html"))
        .filter_map(|path| Some((path, files.get(path)?)))
        .flat_map(|(page, bytes)| check_page(page, bytes, &exists, urls))
        .collect()
}
