//! Page graph → bytes: the theme's tera templates run over each page's
//! data (whose markdown and charts `site` already made with [`crate::html`]),
//! and the site-wide files made from the whole site (search index, data,
//! sitemap, feed). Rendering writes nothing: [`crate::build::run`] hands
//! each page to a sink, the output dir for `build` and the dev server's
//! mirror for `serve`.

pub mod theme;

use crate::diagnostic::{Code, Diagnostic, SourceText};
use crate::html::{escape_html, push_escaped};
use crate::site::{Body, Page, SiteContext, SiteView};
use rayon::prelude::*;
use regex::Regex;
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;
use tera::Tera;
use theme::Theme;

/// The rendered site: output path → bytes.
pub type Files = BTreeMap<String, Vec<u8>>;

pub struct Renderer {
    tera: Tera,
    /// Template name → (where it came from, its text), for error messages.
    origins: HashMap<String, (String, String)>,
}

static POSITION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"--> (\d+):(\d+)").expect("position pattern"));

impl Renderer {
    /// Compiles every template once.
    pub fn new(theme: &Theme) -> Result<Renderer, Vec<Diagnostic>> {
        let mut origins = HashMap::new();
        let mut sources: Vec<(String, String)> = Vec::new();
        for template in &theme.theme_templates {
            for name in [template.name.clone(), format!("theme/{}", template.name)] {
                origins.insert(
                    name.clone(),
                    (template.origin.clone(), template.text.clone()),
                );
                sources.push((name, template.text.clone()));
            }
        }
        for template in &theme.site_templates {
            origins.insert(
                template.name.clone(),
                (template.origin.clone(), template.text.clone()),
            );
            sources.retain(|(name, _)| *name != template.name);
            sources.push((template.name.clone(), template.text.clone()));
        }
        let mut tera = Tera::default();
        tera.set_escape_fn(escape_html);
        tera.register_filter("link", LinkFilter);
        tera.register_function("get_env", NoEnvironment);
        let mut renderer = Renderer { tera, origins };
        renderer
            .tera
            .add_raw_templates(sources)
            .map_err(|err| vec![renderer.diagnostic(&err)])?;
        Ok(renderer)
    }

    /// A tera error as a diagnostic naming the template file and, where tera
    /// says it, the line.
    fn diagnostic(&self, err: &tera::Error) -> Diagnostic {
        let mut chain = vec![err.to_string()];
        let mut source = std::error::Error::source(err);
        while let Some(cause) = source {
            chain.push(cause.to_string());
            source = cause.source();
        }
        let text = chain.join("\n");
        let name = self
            .origins
            .keys()
            .filter(|name| text.contains(&format!("'{name}'")))
            .max_by_key(|name| name.len())
            .cloned();
        let (file, template_text) = name
            .as_ref()
            .and_then(|n| self.origins.get(n))
            .cloned()
            .unwrap_or_else(|| ("templates".to_string(), String::new()));
        let message = chain
            .iter()
            .map(|line| line.lines().next().unwrap_or_default().trim().to_string())
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join(": ");
        let mut diagnostic =
            Diagnostic::new(Code::Template, file, format!("template error: {message}"))
                .help("fix the template, or remove the site's override to use the theme's");
        if let Some(caps) = POSITION.captures(&text) {
            let source = SourceText::new(&template_text);
            let line: usize = caps[1].parse().unwrap_or(1);
            let column: usize = caps[2].parse().unwrap_or(1);
            let start = source
                .text
                .split_inclusive('\n')
                .take(line.saturating_sub(1))
                .map(str::len)
                .sum::<usize>()
                + column.saturating_sub(1);
            diagnostic = diagnostic.at(source.locate(start..start + 1));
        }
        diagnostic
    }

    /// The page's HTML. Bytes, not a String: tera writes UTF-8 from UTF-8
    /// templates and values, and validating every page again took 1.6 % of
    /// a build's instructions.
    pub fn render(&self, page: Page, frames: &Frames) -> Result<Vec<u8>, Diagnostic> {
        let (template, section, context) = match page.body {
            Body::Themed {
                template,
                section,
                context,
            } => (template, section, context),
            Body::Made(text) => return Ok(text.into_bytes()),
        };
        let mut context = tera::Context::from_value(context).map_err(|e| self.diagnostic(&e))?;
        match frames.by_section.get(section) {
            Some(frame) => context.insert("frame", frame),
            None => context.insert("frame", &self.frame(&frames.site, section)?),
        }
        // Pages run to tens of kilobytes; tera's own buffer starts at two.
        let mut html = Vec::with_capacity(PAGE_BUFFER);
        self.tera
            .render_to(template, &context, &mut html)
            .map_err(|err| {
                let mut diagnostic = self.diagnostic(&err);
                diagnostic.message = format!("{}{RENDERING}{})", diagnostic.message, page.path);
                diagnostic
            })?;
        Ok(html)
    }
}

/// The parts of the frame that every page of a section shares, each
/// rendered once per build from its template (`head.html`, `header.html`,
/// `footer.html`, which see `site` and `section`) and handed to every page
/// as `frame.head`, `frame.header` and `frame.footer`, safe HTML. The nav
/// loop and the lookups around it were a fifth of rendering a short page.
pub struct Frames {
    site: serde_json::Value,
    by_section: HashMap<String, serde_json::Value>,
}

/// `frame.<key>` and the template that renders it.
const FRAME_PARTS: [(&str, &str); 3] = [
    ("head", "head.html"),
    ("header", "header.html"),
    ("footer", "footer.html"),
];

impl Renderer {
    /// The frames of the home page, of pages in no section, and of each
    /// nav entry's section (its name in lower case, as a page's
    /// `section`); a page in any other section gets its frame made on the
    /// spot.
    pub fn frames(&self, site: &SiteView) -> Result<Frames, Diagnostic> {
        let sections = ["", "home"]
            .into_iter()
            .map(str::to_string)
            .chain(site.nav.iter().map(|item| item.name.to_lowercase()));
        let site = serde_json::to_value(site).unwrap_or_default();
        let mut by_section = HashMap::new();
        for section in sections {
            let frame = self.frame(&site, &section)?;
            by_section.insert(section, frame);
        }
        Ok(Frames { site, by_section })
    }

    fn frame(
        &self,
        site: &serde_json::Value,
        section: &str,
    ) -> Result<serde_json::Value, Diagnostic> {
        let mut context = tera::Context::new();
        context.insert("site", site);
        context.insert("section", section);
        let mut frame = serde_json::Map::new();
        for (key, template) in FRAME_PARTS {
            let html = self
                .tera
                .render(template, &context)
                .map_err(|err| self.diagnostic(&err))?;
            frame.insert(key.to_string(), serde_json::Value::String(html));
        }
        Ok(serde_json::Value::Object(frame))
    }
}

/// Replaces tera's `get_env`: a theme from elsewhere must not print the
/// builder's environment (tokens a CI job holds) into a published page.
struct NoEnvironment;

impl tera::Function for NoEnvironment {
    fn call(&self, _: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        Err(tera::Error::msg(
            "get_env is turned off: a page must not show the environment of the machine that builds it; put the value in the template or in site.toml",
        ))
    }
}

/// `{{ l | link }}`: a link `{name, url}` as `<a href="url">name</a>`, or
/// the name alone when `url` is null; both escaped. The same as the
/// theme's `link` macro, without a macro call's frame and copied
/// arguments: pages show hundreds of links, and the macro was a tenth of
/// the render time.
struct LinkFilter;

impl tera::Filter for LinkFilter {
    fn filter(
        &self,
        value: &tera::Value,
        _: &HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        let text = |key: &str| match value.get(key) {
            Some(tera::Value::String(s)) => Some(s.as_str()),
            _ => None,
        };
        let Some(name) = text("name") else {
            return Err(tera::Error::msg(format!(
                "the `link` filter takes a link {{name, url}}, not {value}"
            )));
        };
        let url = text("url");
        let mut link = String::with_capacity(name.len() + url.map_or(0, |u| u.len() + 15));
        if let Some(url) = url {
            link.push_str("<a href=\"");
            push_escaped(&mut link, url);
            link.push_str("\">");
        }
        push_escaped(&mut link, name);
        if url.is_some() {
            link.push_str("</a>");
        }
        Ok(tera::Value::String(link))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// Where a page's HTML starts: most pages fit, so few are copied as they grow.
const PAGE_BUFFER: usize = 32 * 1024;

/// How a render error names its page: `… (rendering /companies/x/)`.
const RENDERING: &str = " (rendering /";

/// Render errors that differ only in the page they were rendering, as one
/// naming the first page and how many more: a mistake in `base.html` fails
/// every page the same way, and one error says it.
pub fn merge_page_errors(problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut merged: Vec<(Diagnostic, usize)> = Vec::new();
    let mut at: HashMap<(Code, String), usize> = HashMap::new();
    for problem in problems {
        let Some((cause, _)) = problem.message.rsplit_once(RENDERING) else {
            merged.push((problem, 0));
            continue;
        };
        // tera names the page's own template first (`Failed to render
        // 'guide.html': …`), though the mistake may sit in one they share.
        let cause = match cause.split_once("Failed to render '") {
            Some((_, rest)) => rest.split_once("': ").map_or(rest, |(_, after)| after),
            None => cause,
        };
        let key = (problem.code, cause.to_string());
        match at.get(&key) {
            Some(&first) => merged[first].1 += 1,
            None => {
                at.insert(key, merged.len());
                merged.push((problem, 0));
            }
        }
    }
    merged
        .into_iter()
        .map(|(mut problem, more)| {
            if more > 0 {
                problem.message.pop();
                let pages = if more == 1 { "page" } else { "pages" };
                problem
                    .message
                    .push_str(&format!(" and {more} more {pages})"));
            }
            problem
        })
        .collect()
}

/// A site-wide file made from the whole site and every page's site path.
type SiteFile = fn(&SiteContext, &[String]) -> String;

/// The files every site has besides its pages and static files.
const GENERATED: [(&str, SiteFile); 5] = [
    (crate::site::SEARCH_INDEX, |cx, _| {
        crate::site::search_index(cx)
    }),
    ("data/guides.json", |cx, _| {
        crate::export::to_json(cx.guides)
    }),
    ("data/bands.csv", |cx, _| crate::export::to_csv(cx.guides)),
    ("sitemap.xml", sitemap),
    ("robots.txt", |cx, _| {
        format!(
            "User-agent: *\nAllow: /\nSitemap: {}\n",
            cx.urls.absolute("sitemap.xml")
        )
    }),
];

/// The theme's static files that no page replaces.
fn static_files<'t>(
    theme: &'t Theme,
    page_paths: &[String],
) -> impl Iterator<Item = &'t (String, Vec<u8>)> {
    let page_files: std::collections::HashSet<String> = page_paths
        .iter()
        .map(|p| crate::site::output_file(p))
        .collect();
    theme
        .static_files
        .iter()
        .filter(move |(path, _)| !page_files.contains(path.as_str()))
}

/// The paths [`site_files`] makes, known before any is made.
pub fn site_file_names(theme: &Theme, page_paths: &[String]) -> Vec<String> {
    static_files(theme, page_paths)
        .map(|(path, _)| path.clone())
        .chain(GENERATED.iter().map(|(path, _)| path.to_string()))
        .collect()
}

/// Everything besides the pages: static files (unless a page has the same
/// path), the search index, data files, sitemap and robots.txt.
/// `page_paths` are the site paths of every page.
pub fn site_files(
    cx: &SiteContext,
    theme: &Theme,
    page_paths: &[String],
) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = static_files(theme, page_paths)
        .map(|(path, bytes)| (path.clone(), bytes.clone()))
        .collect();
    files.extend(
        GENERATED
            .par_iter()
            .map(|(path, make)| (path.to_string(), make(cx, page_paths).into_bytes()))
            .collect::<Vec<_>>(),
    );
    files
}

fn sitemap(cx: &SiteContext, page_paths: &[String]) -> String {
    let updated: HashMap<String, &str> = cx
        .guides
        .iter()
        .filter_map(|g| {
            Some((
                crate::site::urls::paths::guide(&g.slug),
                g.updated.as_deref()?,
            ))
        })
        .collect();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    // Named files (404.html, the feed) are not pages a search engine lists.
    for path in page_paths.iter().filter(|p| crate::site::is_folder_page(p)) {
        xml.push_str("  <url><loc>");
        xml.push_str(&escape_html(&cx.urls.absolute(path)));
        xml.push_str("</loc>");
        if let Some(date) = updated.get(path) {
            xml.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::LinkFilter;
    use crate::html::escape_html;
    use tera::Filter;

    #[test]
    fn the_link_filter_escapes_and_links_only_what_has_a_page() {
        let link = |value: serde_json::Value| LinkFilter.filter(&value, &Default::default());
        assert_eq!(
            link(serde_json::json!({"name": "AT&T <b>", "url": "/companies/at-t/?a=1&b=\"2\""}))
                .unwrap(),
            r#"<a href="/companies/at-t/?a=1&amp;b=&quot;2&quot;">AT&amp;T &lt;b&gt;</a>"#
        );
        assert_eq!(
            link(serde_json::json!({"name": "Initech", "url": null})).unwrap(),
            "Initech"
        );
        let error = link(serde_json::json!("just text"))
            .unwrap_err()
            .to_string();
        assert!(error.contains("takes a link {name, url}"), "{error}");
        assert!(LinkFilter.is_safe(), "its output is HTML, escaped already");
    }

    #[test]
    fn escapes_the_five_and_keeps_everything_else() {
        assert_eq!(
            escape_html(r#"<a href="x">Tom & Jerry's</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
        );
        assert_eq!(escape_html("Zürich · €124K/yr"), "Zürich · €124K/yr");
        assert_eq!(escape_html("&"), "&amp;");
        assert_eq!(escape_html(""), "");
    }
}
