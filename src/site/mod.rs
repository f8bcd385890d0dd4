//! The page graph: from guides to the list of pages, each with the template
//! that renders it and only the data that page shows. Hub and comparison
//! data are computed once here, in [`SiteContext`]: a page template sees
//! only its page's data; the site-wide files `render` makes (search index,
//! sitemap, feed) read the context itself.

pub mod currency;
mod derived;
pub mod feed;
pub mod index;
mod pages;
mod pairs;
pub mod urls;
pub mod views;

use crate::companies::CompanyIndex;
use crate::config::SiteConfig;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Guide;
use currency::Converter;
use derived::Derived;
use index::SiteIndex;
use serde::Serialize;
use std::collections::HashMap;
use urls::{Urls, paths};
use views::Link;

/// One page of the site, ready to render.
#[derive(Debug)]
pub struct Page {
    /// Site path: a folder page (`companies/anthropic/`, or the home page's
    /// empty path) is written as the folder's `index.html`; any other path
    /// names its file (`404.html`, `atom.xml`). See [`output_file`].
    pub path: String,
    pub body: Body,
}

/// What a page is made of.
#[derive(Debug)]
pub enum Body {
    /// The theme's `template` over `context`, the page's data.
    Themed {
        template: &'static str,
        /// Which nav entry is current: picks the page's [`crate::render::Frames`].
        section: &'static str,
        context: serde_json::Value,
    },
    /// Made whole by its builder, the same in every theme (the Atom feed).
    Made(String),
}

impl Page {
    /// The file the page is written to, relative to the output dir.
    pub fn output_file(&self) -> String {
        output_file(&self.path)
    }
}

/// What every page's template gets besides its own data.
#[derive(Clone, Debug, Serialize)]
pub struct SiteView {
    pub title: String,
    /// The base path every link starts with (`/` or `/guides/`).
    pub base: String,
    pub display_currency: String,
    pub nav: Vec<Link>,
    /// The Atom feed's URL.
    pub feed: String,
}

/// What a page builder says about its page besides its data.
struct PageSpec {
    path: String,
    template: &'static str,
    title: String,
    description: String,
    breadcrumbs: Vec<Link>,
    section: &'static str,
}

#[derive(Debug, Serialize)]
struct PageMeta {
    title: String,
    description: String,
    path: String,
    canonical: String,
    breadcrumbs: Vec<Link>,
    /// Which nav entry is current.
    section: &'static str,
}

/// Everything page builders share, computed once.
pub struct SiteContext<'a> {
    pub config: &'a SiteConfig,
    pub guides: &'a [Guide],
    pub companies: &'a CompanyIndex,
    pub index: SiteIndex<'a>,
    pub converter: Converter,
    pub urls: &'a Urls,
    pub site: SiteView,
    derived: Derived,
}

/// What a site context computed that a later context of the same site can
/// take, kept by serve's cache between edits: the index and the derived
/// data follow from which guides exist where (their identities), the
/// company pairs from that and each company's pay. Valid while the config
/// and base URL stay the same; [`SiteContext::reusing`] checks the rest.
pub struct Earlier {
    index: index::IndexParts,
    derived: Derived,
}

impl SiteView {
    fn new(config: &SiteConfig, urls: &Urls, converter: &Converter) -> SiteView {
        let nav = [
            ("Companies", paths::COMPANIES),
            ("Roles", paths::ROLES),
            ("Regions", paths::REGIONS),
            ("Levels", paths::LEVELS),
            ("Premiums", paths::PREMIUMS),
            ("Offers", paths::OFFERS),
            ("Search", paths::SEARCH),
        ]
        .into_iter()
        .map(|(name, path)| Link::new(name, Some(urls.link(path))))
        .collect();
        SiteView {
            title: config.title.clone(),
            base: urls.prefix().to_string(),
            display_currency: converter.display.to_string(),
            nav,
            feed: urls.link(FEED),
        }
    }
}

impl<'a> SiteContext<'a> {
    pub fn new(
        config: &'a SiteConfig,
        guides: &'a [Guide],
        companies: &'a CompanyIndex,
        urls: &'a Urls,
    ) -> Result<SiteContext<'a>, Vec<Diagnostic>> {
        SiteContext::reusing(config, guides, companies, urls, None, &[])
    }

    /// [`SiteContext::new`], taking from `earlier` what still holds. The
    /// guides not in `changed` must be those `earlier` was made from; when
    /// a changed guide moved (another slug, company, role or region), or
    /// their number differs, everything is computed anew.
    pub fn reusing(
        config: &'a SiteConfig,
        guides: &'a [Guide],
        companies: &'a CompanyIndex,
        urls: &'a Urls,
        earlier: Option<Earlier>,
        changed: &[usize],
    ) -> Result<SiteContext<'a>, Vec<Diagnostic>> {
        let earlier = earlier.filter(|earlier| earlier.derived.holds_for(guides, changed));
        // The earlier guides all had a rate; only the changed ones can lack one.
        let converter = match &earlier {
            Some(_) => Converter::new(config, changed.iter().map(|&g| &guides[g]))?,
            None => Converter::new(config, guides)?,
        };
        let per_company = config.limits.compare_per_company;
        let (index, derived, same_pages) = match earlier {
            Some(earlier) => {
                let index = SiteIndex::from_parts(guides, urls, earlier.index);
                let (derived, same_pages) =
                    earlier
                        .derived
                        .update(&index, &converter, per_company, changed);
                (index, derived, same_pages)
            }
            None => {
                let index = SiteIndex::new(guides, urls);
                let derived = Derived::compute(&index, &converter, urls, per_company);
                (index, derived, false)
            }
        };
        let site = SiteView::new(config, urls, &converter);
        let cx = SiteContext {
            config,
            guides,
            companies,
            index,
            converter,
            urls,
            site,
            derived,
        };
        let collisions = if same_pages {
            Vec::new()
        } else {
            cx.pages_sharing_a_path()
        };
        if collisions.is_empty() {
            Ok(cx)
        } else {
            Err(collisions)
        }
    }

    /// An error for each page whose path another page already has (two
    /// companies `X vs Y` and `Z`, and `X` and `Y vs Z`, both make
    /// `compare/x-vs-y-vs-z/`): one of them would silently replace the other.
    fn pages_sharing_a_path(&self) -> Vec<Diagnostic> {
        let mut first_at: HashMap<String, PageId> = HashMap::new();
        let mut problems = Vec::new();
        for id in PageId::all(self) {
            let path = id.path(self);
            match first_at.get(&path) {
                None => {
                    first_at.insert(path, id);
                }
                Some(first) => problems.push(
                    Diagnostic::new(
                        Code::DuplicateSlug,
                        id.source(self),
                        format!(
                            "{} and {} would both be the page /{path}",
                            first.describe(self),
                            id.describe(self)
                        ),
                    )
                    .help("rename one of the companies, roles or regions (or set an alias in [companies]) so their URLs differ"),
                ),
            }
        }
        problems
    }

    /// A page: the shared frame merged with the page's own data.
    fn page(&self, spec: PageSpec, data: impl Serialize) -> Page {
        let meta = PageMeta {
            canonical: self.urls.absolute(&spec.path),
            path: spec.path.clone(),
            title: spec.title,
            description: spec.description,
            breadcrumbs: spec.breadcrumbs,
            section: spec.section,
        };
        let mut context = serde_json::to_value(data).unwrap_or_default();
        if let serde_json::Value::Object(map) = &mut context {
            map.insert(
                "site".into(),
                serde_json::to_value(&self.site).unwrap_or_default(),
            );
            map.insert(
                "page".into(),
                serde_json::to_value(meta).unwrap_or_default(),
            );
        }
        Page {
            path: spec.path,
            body: Body::Themed {
                template: spec.template,
                section: spec.section,
                context,
            },
        }
    }

    /// Canonical company name → hub URL, for cross-links in prose.
    pub fn hubs(&self) -> &HashMap<String, String> {
        &self.derived.hubs
    }

    /// Company-vs-company page `pair`: (company, company, the roles they
    /// share), indexes into `index.companies` and `index.roles`.
    pub fn pair(&self, pair: usize) -> &(usize, usize, Vec<usize>) {
        &self.derived.pairs[pair]
    }

    /// A band as a comparison row (converted, originals beside).
    pub fn row(&self, guide: usize, band: usize) -> &views::CompareRow {
        &self.derived.rows[guide][band]
    }

    /// Guide `guide` as hubs, home and search list it.
    pub fn card(&self, guide: usize) -> &views::GuideCard {
        &self.derived.cards[guide]
    }

    /// A guide's highest band by total comp in the display currency (an
    /// open end above every top).
    pub fn top_row(&self, guide: usize) -> Option<&views::CompareRow> {
        self.derived.rows[guide]
            .iter()
            .max_by_key(|row| row.top_pay())
    }

    /// Links to the company-vs-company pages that involve `company` and
    /// compare `role` (indexes into `index.companies` and `index.roles`);
    /// `None` places no condition.
    pub fn pair_links(&self, company: Option<usize>, role: Option<usize>) -> Vec<Link> {
        let candidates: Box<dyn Iterator<Item = usize>> = match company {
            Some(c) => Box::new(self.derived.pairs_of[c].iter().copied()),
            None => Box::new(0..self.derived.pairs.len()),
        };
        candidates
            .filter(|&i| role.is_none_or(|r| self.derived.pairs[i].2.contains(&r)))
            .map(|i| {
                let (a, b, _) = &self.derived.pairs[i];
                let (ca, cb) = (&self.index.companies[*a], &self.index.companies[*b]);
                // The company the page is about comes first in the link text.
                let (first, second) = if company == Some(*b) {
                    (cb, ca)
                } else {
                    (ca, cb)
                };
                Link::new(
                    &format!("{} vs {}", first.name, second.name),
                    Some(self.urls.link(&paths::compare(&ca.slug, &cb.slug))),
                )
            })
            .collect()
    }

    /// `Home` as the first breadcrumb.
    fn home_crumb(&self) -> Link {
        Link::new("Home", Some(self.urls.link(paths::HOME)))
    }
}

/// One page of the site, named without building it: its path is known at
/// once, its data only when asked for. Builds can then stream pages (data →
/// HTML → disk) instead of holding every context, and the dev server can
/// name the pages an edit touches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PageId {
    Home,
    Companies,
    Roles,
    Regions,
    Levels,
    Premiums,
    Offers,
    Search,
    NotFound,
    /// The Atom feed of every published guide.
    Feed,
    /// Index into the site's guides.
    Guide(usize),
    /// A guide's printable sheet (index into the site's guides).
    Sheet(usize),
    /// Index into `index.companies`.
    Company(usize),
    /// Index into `index.roles`.
    Role(usize),
    /// Index into `index.regions`.
    Region(usize),
    /// Index into `SiteContext::pairs`.
    Pair(usize),
}

impl PageId {
    /// Every page of the site, site-wide pages first.
    pub fn all(cx: &SiteContext) -> Vec<PageId> {
        use PageId::*;
        let mut ids = vec![
            Home, Companies, Roles, Regions, Levels, Premiums, Offers, Search, NotFound, Feed,
        ];
        ids.extend((0..cx.guides.len()).map(Guide));
        ids.extend((0..cx.guides.len()).map(Sheet));
        ids.extend((0..cx.index.companies.len()).map(Company));
        ids.extend((0..cx.index.roles.len()).map(Role));
        ids.extend((0..cx.index.regions.len()).map(Region));
        ids.extend((0..cx.derived.pairs.len()).map(Pair));
        ids
    }

    /// The page's site path, as its builder sets it.
    pub fn path(self, cx: &SiteContext) -> String {
        match self {
            PageId::Home => paths::HOME.to_string(),
            PageId::Companies => paths::COMPANIES.to_string(),
            PageId::Roles => paths::ROLES.to_string(),
            PageId::Regions => paths::REGIONS.to_string(),
            PageId::Levels => paths::LEVELS.to_string(),
            PageId::Premiums => paths::PREMIUMS.to_string(),
            PageId::Offers => paths::OFFERS.to_string(),
            PageId::Search => paths::SEARCH.to_string(),
            PageId::NotFound => pages::catalog::NOT_FOUND.to_string(),
            PageId::Feed => FEED.to_string(),
            PageId::Guide(g) => paths::guide(&cx.guides[g].slug),
            PageId::Sheet(g) => paths::sheet(&cx.guides[g].slug),
            PageId::Company(c) => paths::company(&cx.index.companies[c].slug),
            PageId::Role(r) => paths::role(&cx.index.roles[r].slug),
            PageId::Region(r) => paths::region(&cx.index.regions[r].name),
            PageId::Pair(p) => {
                let (a, b, _) = &cx.derived.pairs[p];
                paths::compare(&cx.index.companies[*a].slug, &cx.index.companies[*b].slug)
            }
        }
    }

    /// The page as an author knows it, for a diagnostic.
    fn describe(self, cx: &SiteContext) -> String {
        let company = |c: usize| &cx.index.companies[c].name;
        match self {
            PageId::Guide(g) => format!("the guide {}", cx.guides[g].source),
            PageId::Sheet(g) => format!("the sheet of {}", cx.guides[g].source),
            PageId::Company(c) => format!("the company hub of `{}`", company(c)),
            PageId::Role(r) => format!("the role page of `{}`", cx.index.roles[r].name),
            PageId::Region(r) => format!("the region page of `{}`", cx.index.regions[r].name),
            PageId::Pair(p) => {
                let (a, b, _) = &cx.derived.pairs[p];
                format!("the comparison of `{}` with `{}`", company(*a), company(*b))
            }
            site_wide => format!("the site's {site_wide:?} page"),
        }
    }

    /// The file a diagnostic about the page names: its guide's, or one of
    /// the guides behind it.
    fn source(self, cx: &SiteContext) -> String {
        let guide = match self {
            PageId::Guide(g) | PageId::Sheet(g) => Some(g),
            PageId::Company(c) => cx.index.companies[c].guides.first().copied(),
            PageId::Role(r) => cx.index.roles[r].guides.first().copied(),
            PageId::Region(r) => cx.index.regions[r].bands.first().map(|(g, _)| *g),
            PageId::Pair(p) => cx.index.companies[cx.derived.pairs[p].1]
                .guides
                .first()
                .copied(),
            _ => None,
        };
        guide.map_or_else(
            || crate::config::CONFIG_FILE.to_string(),
            |g| cx.guides[g].source.clone(),
        )
    }

    /// The page with its data.
    pub fn build(self, cx: &SiteContext) -> Page {
        let page = match self {
            PageId::Home => pages::hubs::home(cx),
            PageId::Companies => pages::hubs::companies_index(cx),
            PageId::Roles => pages::hubs::roles_index(cx),
            PageId::Regions => pages::hubs::regions_index(cx),
            PageId::Levels => pages::catalog::levels(cx),
            PageId::Premiums => pages::catalog::premiums(cx),
            PageId::Offers => pages::catalog::offers(cx),
            PageId::Search => pages::catalog::search(cx),
            PageId::NotFound => pages::catalog::not_found(cx),
            PageId::Feed => Page {
                path: FEED.to_string(),
                body: Body::Made(feed::atom(cx)),
            },
            PageId::Guide(g) => pages::guide::page(cx, g),
            PageId::Sheet(g) => pages::sheet::page(cx, g),
            PageId::Company(c) => pages::hubs::company(cx, c),
            PageId::Role(r) => pages::compare::role(cx, r),
            PageId::Region(r) => pages::compare::region(cx, r),
            PageId::Pair(p) => pages::compare::pair(cx, p),
        };
        debug_assert_eq!(page.path, self.path(cx), "{self:?} builds another path");
        page
    }
}

impl PageId {
    /// The pages whose data can change when only the content of `guides`
    /// changed, the site's [`SiteContext::shape`] staying the same: each
    /// guide's own page, its company, role and region hubs, its company's
    /// comparisons, the site-wide catalogs and the feed. Other guides' pages read
    /// nothing of a guide but its shape (names, links, neighbours).
    pub fn affected_by(cx: &SiteContext, guides: &[usize]) -> Vec<PageId> {
        use PageId::*;
        let mut ids = vec![
            Home, Companies, Roles, Regions, Levels, Premiums, Offers, Search, Feed,
        ];
        for &g in guides {
            let guide = &cx.guides[g];
            ids.push(Guide(g));
            ids.push(Sheet(g));
            if let Some(c) = cx.index.company_position(guide) {
                ids.push(Company(c));
                ids.extend(cx.derived.pairs_of[c].iter().map(|&p| Pair(p)));
            }
            ids.extend(cx.index.role_position(guide).map(Role));
            ids.extend(
                guide
                    .bands
                    .iter()
                    .filter_map(|band| cx.index.region_position(&band.region))
                    .map(Region),
            );
        }
        let mut seen = std::collections::HashSet::new();
        ids.retain(|id| seen.insert(*id));
        ids
    }
}

impl SiteContext<'_> {
    /// A hash of everything one guide's page reads of the others: which
    /// guides exist where (slug, company, role, regions), and the
    /// company pairs. While it holds, a content edit touches only
    /// [`PageId::affected_by`].
    pub fn shape(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        self.derived.identities.hash(&mut hasher);
        self.derived.pairs.hash(&mut hasher);
        hasher.finish()
    }

    /// What a later [`SiteContext::reusing`] can take.
    pub fn into_earlier(self) -> Earlier {
        Earlier {
            index: self.index.into_parts(),
            derived: self.derived,
        }
    }
}

/// Every HTML page of the site, with its data.
pub fn pages(cx: &SiteContext) -> Vec<Page> {
    use rayon::prelude::*;
    PageId::all(cx)
        .into_par_iter()
        .map(|id| id.build(cx))
        .collect()
}

/// Whether a site path is a folder page (`companies/x/`, the home page's
/// empty path), written as its folder's `index.html`, rather than a named
/// file (`404.html`, `atom.xml`).
pub fn is_folder_page(path: &str) -> bool {
    path.is_empty() || path.ends_with('/')
}

/// A site path's file, relative to the output dir.
pub fn output_file(path: &str) -> String {
    if is_folder_page(path) {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

pub use pages::catalog::NOT_FOUND;

/// Where the Atom feed is written, inside the output (Zola's name).
pub const FEED: &str = "atom.xml";

/// Where the search index is written, inside the output.
pub use pages::catalog::SEARCH_INDEX;

/// The search index: one entry per guide.
pub fn search_index(cx: &SiteContext) -> String {
    pages::catalog::search_index(cx)
}

#[cfg(test)]
mod tests {
    use super::output_file;

    #[test]
    fn folder_pages_are_index_files_and_named_pages_keep_their_name() {
        assert_eq!(output_file(""), "index.html");
        assert_eq!(
            output_file("companies/x/sheet/"),
            "companies/x/sheet/index.html"
        );
        assert_eq!(output_file("404.html"), "404.html");
        assert_eq!(output_file("atom.xml"), "atom.xml");
    }
}
