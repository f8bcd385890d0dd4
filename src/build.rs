//! The whole pipeline for one build: loaded guides → page graph → rendered
//! files, links checked. `build` writes the result; `serve` keeps it in memory.

use crate::diagnostic::Diagnostic;
use crate::load::LoadedSite;
use crate::render::{self, Files};
use crate::site::SiteContext;
use crate::site::urls::Urls;

/// Renders a loaded site under `base_url`. Guides with errors stop here.
pub fn render_site(site: &LoadedSite, base_url: &str) -> Result<Files, Vec<Diagnostic>> {
    if site.has_errors() {
        return Err(site
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect());
    }
    let theme = render::theme::load(&site.root, &site.config)?;
    let urls = Urls::new(base_url);
    let cx = SiteContext::new(&site.config, &site.guides, &site.companies, &urls)?;
    let files = render::render_site(&cx, &theme)?;
    let broken = crate::output::check_links(&files, &urls);
    if broken.is_empty() {
        Ok(files)
    } else {
        Err(broken)
    }
}
