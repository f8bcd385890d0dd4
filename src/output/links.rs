//! Every internal link and asset reference on every page must resolve.

use crate::diagnostic::{Code, Diagnostic};
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
    // The folder the page's relative links start from (`companies/a/b/`).
    let page_folder = &page[..page.rfind('/').map_or(0, |i| i + 1)];
    let mut resolved = String::new();
    for reference in references(html) {
        let url = unescape(reference);
        let path = url.split(['#', '?']).next().unwrap_or_default();
        let site_path = if path.starts_with("//") || path.is_empty() || has_scheme(path) {
            continue;
        } else if let Some(site_path) = path.strip_prefix(urls.prefix()) {
            Some(site_path)
        } else if path.starts_with('/') {
            // Under the host but outside the site: not ours to check.
            continue;
        } else {
            // Relative; none when `../` climbs past the site's root.
            resolve(page_folder, path, &mut resolved).then_some(resolved.as_str())
        };
        let found = site_path.is_some_and(|site_path| {
            if site_path.is_empty() || site_path.ends_with('/') {
                exists_with(site_path, "index.html")
            } else {
                exists(site_path) || exists_with(site_path, "/index.html")
            }
        });
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

/// Whether a link names its scheme (`https:`, `mailto:`): a colon before
/// any `/`.
fn has_scheme(path: &str) -> bool {
    path.split('/')
        .next()
        .is_some_and(|first| first.contains(':'))
}

/// Resolves a relative link against a page's folder into `out` (a site
/// path); false when `..` climbs above the site's root.
fn resolve(folder: &str, relative: &str, out: &mut String) -> bool {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    let segments: Vec<&str> = relative.split('/').collect();
    for segment in &segments {
        match *segment {
            ".." => {
                if parts.pop().is_none() {
                    return false;
                }
            }
            "." | "" => {}
            name => parts.push(name),
        }
    }
    out.clear();
    for part in &parts {
        out.push_str(part);
        out.push('/');
    }
    let names_a_folder = matches!(segments.last(), Some(&("" | "." | "..")));
    if !names_a_folder {
        out.pop();
    }
    true
}
