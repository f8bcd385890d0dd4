//! What `init` and `new` write, and how: the files are templates beside
//! this module, and every file is created new, never written over.

use crate::diagnostic::{Code, Diagnostic};
use std::io::Write;
use std::path::Path;

/// site.toml with every key, commented out at its default.
pub const SITE_TOML: &str = include_str!("site.toml");

/// The guide `init` writes: complete, so a new site checks and builds clean.
pub const EXAMPLE_GUIDE: &str = include_str!("example-guide.md");

/// Its file name: the guide's slug, as `new` would name it.
pub const EXAMPLE_GUIDE_FILE: &str = "northwind-robotics-staff-software-engineer.md";

/// Keeps the built site out of version control, and the folders a build
/// stopped halfway leaves beside it (`.public.building-PID/`).
pub const GITIGNORE: &str = "/public/\n/.public.building-*/\n/.public.old-*/\n";

/// Keeps an empty folder in version control (git tracks files only).
pub const GITKEEP_FILE: &str = ".gitkeep";

/// The skeleton `new` writes (a tera template: `company`, `role`, `regions`).
const GUIDE_SKELETON: &str = include_str!("guide.md");

/// The region row `new` writes when no regions are given.
pub const REGION_PLACEHOLDER: &str = "[TODO: region, e.g. San Francisco]";

/// The file a guide is kept in: its slug, `company/role` → `company-role.md`,
/// as the example site names its guides.
pub fn guide_file_name(slug: &str) -> String {
    format!("{}.md", slug.replace('/', "-"))
}

/// The skeleton of a guide for `role` at `company`, one band row per region.
pub fn skeleton(company: &str, role: &str, regions: &[String]) -> Result<String, String> {
    let mut context = tera::Context::new();
    context.insert("company", company);
    context.insert("role", role);
    context.insert("regions", regions);
    // Markdown, not HTML: nothing to escape.
    let mut text =
        tera::Tera::one_off(GUIDE_SKELETON, &context, false).map_err(|err| err.to_string())?;
    // Tera drops the template's last newline; a text file ends with one.
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// What happened to one file.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Created,
    /// It existed and was left as it was.
    Kept,
}

/// Writes `text` to `path` only if no file is there (`create_new`: no
/// window between looking and writing in which another file could appear).
pub fn create(path: &Path, text: &str) -> Result<Outcome, Diagnostic> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path);
    let mut file = match file {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => return Ok(Outcome::Kept),
        Err(err) => return Err(write_failed(path, &err)),
    };
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|err| write_failed(path, &err))?;
    Ok(Outcome::Created)
}

/// Creates `path` and its parents; a file in the way is an error.
pub fn create_dir(path: &Path) -> Result<(), Diagnostic> {
    if path.exists() && !path.is_dir() {
        return Err(refusal(
            path,
            format!(
                "{} is a file, not a folder",
                crate::content::display_path(path)
            ),
            "move the file away, or choose another folder",
        ));
    }
    std::fs::create_dir_all(path).map_err(|err| write_failed(path, &err))
}

pub fn refusal(path: &Path, message: String, help: &str) -> Diagnostic {
    Diagnostic::new(Code::Scaffold, crate::content::display_path(path), message).help(help)
}

fn write_failed(path: &Path, err: &std::io::Error) -> Diagnostic {
    let shown = crate::content::display_path(path);
    Diagnostic::new(
        Code::WriteFailed,
        shown.clone(),
        format!("cannot write {shown}: {err}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SiteConfig;

    /// The commented-out values are the defaults the site.toml claims they are.
    #[test]
    fn site_toml_documents_every_default_truly() {
        let written = SiteConfig::parse(SITE_TOML, "site.toml").expect("parses");
        let uncommented: String = SITE_TOML
            .lines()
            .map(|line| match line.strip_prefix("# ") {
                Some(rest) if rest.contains(" = ") => rest,
                _ => line,
            })
            .collect::<Vec<_>>()
            .join("\n");
        let full = SiteConfig::parse(&uncommented, "site.toml").expect("uncommented parses");
        let defaults = SiteConfig::default();
        assert_eq!(full.title, defaults.title);
        assert_eq!(full.base_url, defaults.base_url);
        assert_eq!(full.content_dir, defaults.content_dir);
        assert_eq!(full.output_dir, defaults.output_dir);
        assert_eq!(full.theme, defaults.theme);
        assert_eq!(full.currency.display, defaults.currency.display);
        assert_eq!(full.limits, defaults.limits);
        assert_eq!(full.companies.len(), 1, "the alias example is there");
        assert_eq!(written.currency.rates, full.currency.rates);
        assert!(written.companies.is_empty());
    }

    #[test]
    fn the_example_guide_is_named_by_its_slug() {
        let file = crate::content::LoadedFile::from_text(EXAMPLE_GUIDE_FILE, EXAMPLE_GUIDE);
        let parsed = crate::parse::parse_guide(&file, &SiteConfig::default().company_index());
        let guide = parsed.guide.expect("a guide").guide;
        assert_eq!(guide_file_name(&guide.slug), EXAMPLE_GUIDE_FILE);
    }

    #[test]
    fn the_skeleton_has_a_row_per_region() {
        let text = skeleton(
            "Acme",
            "Staff Engineer",
            &["Austin".into(), "London".into()],
        )
        .unwrap();
        assert!(text.starts_with("# Staff Engineer | Acme Global Negotiation Guide\n"));
        assert!(text.contains("\n| Austin | [TODO: base"));
        assert!(text.contains("\n| London | [TODO: base"));
        assert!(text.contains("|\n\n**Negotiation DNA**\n"), "{text}");
    }
}
