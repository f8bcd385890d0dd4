//! Every internal link and asset reference on every page must resolve.

use crate::diagnostic::{Code, Diagnostic};
use crate::render::Files;
use crate::site::urls::Urls;
use regex::Regex;
use std::sync::LazyLock;

static REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?:href|src)="([^"]*)""#).expect("reference pattern"));

fn unescape(url: &str) -> String {
    url.replace("&#x2F;", "/")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
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
    let mut problems = Vec::new();
    let pages = pages
        .filter(|path| path.ends_with(".html"))
        .filter_map(|path| Some((path, files.get(path)?)));
    for (page, bytes) in pages {
        let html = String::from_utf8_lossy(bytes);
        for caps in REFERENCE.captures_iter(&html) {
            let url = unescape(&caps[1]);
            let path = url.split(['#', '?']).next().unwrap_or_default();
            if path.is_empty() || path.starts_with("//") || !path.starts_with(urls.prefix()) {
                continue;
            }
            let site_path = &path[urls.prefix().len()..];
            let found = if site_path.is_empty() || site_path.ends_with('/') {
                files.contains_key(&format!("{site_path}index.html"))
            } else {
                files.contains_key(site_path)
                    || files.contains_key(&format!("{site_path}/index.html"))
            };
            if !found {
                problems.push(
                    Diagnostic::new(
                        Code::BrokenLink,
                        page.clone(),
                        format!("page /{page} links to {url}, which is not in the site"),
                    )
                    .help("fix the template or the link in the guide"),
                );
            }
        }
    }
    problems.dedup_by(|a, b| a.message == b.message);
    problems
}
