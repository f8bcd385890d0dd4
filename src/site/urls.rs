//! Where pages live. Every internal link is a root-relative path under the
//! base URL's path (`/guides/companies/anthropic/`), so a subpath deploy works
//! on any static host.

use crate::slug::slugify;
use serde::Serialize;

/// A name and, when it has a page, the page's URL.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Link {
    pub name: String,
    pub url: Option<String>,
}

impl Link {
    pub fn new(name: &str, url: Option<String>) -> Link {
        Link {
            name: name.to_string(),
            url,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Urls {
    /// `/` or `/guides/`: always starts and ends with `/`.
    prefix: String,
    /// `https://example.org` when the base URL is absolute (sitemap, canonical).
    origin: Option<String>,
}

impl Urls {
    pub fn new(base_url: &str) -> Urls {
        let (origin, path) = match base_url.split_once("://") {
            Some((scheme, rest)) => {
                let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
                (Some(format!("{scheme}://{host}")), path.to_string())
            }
            None => (None, base_url.to_string()),
        };
        let trimmed = path.trim_matches('/');
        let prefix = if trimmed.is_empty() {
            "/".to_string()
        } else {
            format!("/{trimmed}/")
        };
        Urls { prefix, origin }
    }

    /// The base path (`/guides/`).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// A site path (`companies/anthropic/`) as a link.
    pub fn link(&self, path: &str) -> String {
        format!("{}{}", self.prefix, path.trim_start_matches('/'))
    }

    /// A site path as a full URL, when the base URL has an origin.
    pub fn absolute(&self, path: &str) -> String {
        format!(
            "{}{}",
            self.origin.as_deref().unwrap_or_default(),
            self.link(path)
        )
    }
}

/// Site paths of each page kind, relative to the base URL.
pub mod paths {
    use super::slugify;

    pub fn guide(slug: &str) -> String {
        format!("companies/{slug}/")
    }

    /// A guide's printable sheet, inside its page's folder.
    pub fn sheet(slug: &str) -> String {
        format!("companies/{slug}/sheet/")
    }

    pub fn company(company_slug: &str) -> String {
        format!("companies/{company_slug}/")
    }

    pub fn role(role_slug: &str) -> String {
        format!("roles/{role_slug}/")
    }

    pub fn region(region: &str) -> String {
        format!("regions/{}/", slugify(region))
    }

    /// `compare/a-vs-b/`, slugs in alphabetical order.
    pub fn compare(a: &str, b: &str) -> String {
        let (first, second) = if a <= b { (a, b) } else { (b, a) };
        format!("compare/{first}-vs-{second}/")
    }

    pub const HOME: &str = "";
    pub const LEVELS: &str = "levels/";
    pub const PREMIUMS: &str = "premiums/";
    pub const OFFERS: &str = "offers/";
    pub const SEARCH: &str = "search/";
    pub const COMPANIES: &str = "companies/";
    pub const ROLES: &str = "roles/";
    pub const REGIONS: &str = "regions/";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subpaths_and_origins() {
        let urls = Urls::new("https://example.org/guides/");
        assert_eq!(urls.link("companies/a/"), "/guides/companies/a/");
        assert_eq!(urls.link(""), "/guides/");
        assert_eq!(
            urls.absolute("levels/"),
            "https://example.org/guides/levels/"
        );
        let root = Urls::new("/");
        assert_eq!(root.link("levels/"), "/levels/");
        assert_eq!(Urls::new("https://example.org").link("x/"), "/x/");
        assert_eq!(Urls::new("/docs").link(""), "/docs/");
        assert_eq!(
            paths::compare("openai", "anthropic"),
            "compare/anthropic-vs-openai/"
        );
    }
}
