//! Where templates and static files come from: the active theme (from
//! `themes/<name>/` or, for `default`, the copy built into the binary), then
//! the site's own `templates/` and `static/`, which win by name.

use crate::config::SiteConfig;
use crate::diagnostic::{Code, Diagnostic};
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_theme.rs"));
}

/// A template: its name for tera, its text, and where it came from.
#[derive(Clone, Debug)]
pub struct Template {
    pub name: String,
    pub text: String,
    pub origin: String,
}

#[derive(Clone, Debug, Default)]
pub struct Theme {
    /// The theme's templates, also registered as `theme/<name>` so a site
    /// template can extend the one it overrides.
    pub theme_templates: Vec<Template>,
    /// The site's `templates/`, which override the theme's by name.
    pub site_templates: Vec<Template>,
    /// Static files, path inside the output → bytes; the site's over the theme's.
    pub static_files: Vec<(String, Vec<u8>)>,
}

/// Files under `dir`, as (`/`-separated relative path, absolute path).
/// Links are followed, but only to files inside the site (`root`) or
/// inside `dir` itself (a theme folder may be a link to elsewhere): a link
/// to a file outside would publish it. Such links and link loops are E001.
fn files_under(dir: &Path, root: &Path, problems: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    let bases: Vec<PathBuf> = [root, dir]
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    let unreadable = |path: &Path, why: &str| {
        let file = crate::content::display_path(path);
        Diagnostic::new(
            Code::Unreadable,
            file.clone(),
            format!("cannot read {file}: {why}"),
        )
    };
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(true) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) if err.loop_ancestor().is_some() => {
                let path = err.path().unwrap_or(dir);
                problems.push(unreadable(
                    path,
                    "a symbolic link loops back to a folder above it",
                ));
                continue;
            }
            Err(_) => continue,
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let name = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if name.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        let inside = entry
            .path()
            .canonicalize()
            .is_ok_and(|real| bases.iter().any(|base| real.starts_with(base)));
        if !inside {
            problems.push(
                unreadable(
                    entry.path(),
                    "it is a symbolic link to a file outside the site",
                )
                .help("copy the file into the site, or remove the link"),
            );
            continue;
        }
        files.push((name, entry.into_path()));
    }
    files.sort();
    files
}

fn read_templates(dir: &Path, root: &Path, problems: &mut Vec<Diagnostic>) -> Vec<Template> {
    files_under(dir, root, problems)
        .into_iter()
        .filter(|(name, _)| name.ends_with(".html") || name.ends_with(".xml"))
        .filter_map(|(name, path)| match std::fs::read_to_string(&path) {
            Ok(text) => Some(Template {
                name,
                text,
                origin: crate::content::display_path(&path),
            }),
            Err(err) => {
                let file = crate::content::display_path(&path);
                problems.push(Diagnostic::new(
                    Code::Template,
                    file.clone(),
                    format!("cannot read template {file}: {err}"),
                ));
                None
            }
        })
        .collect()
}

fn read_static(
    dir: &Path,
    root: &Path,
    files: &mut Vec<(String, Vec<u8>)>,
    problems: &mut Vec<Diagnostic>,
) {
    for (name, path) in files_under(dir, root, problems) {
        match std::fs::read(&path) {
            Ok(bytes) => {
                files.retain(|(existing, _)| *existing != name);
                files.push((name, bytes));
            }
            Err(err) => {
                let file = crate::content::display_path(&path);
                problems.push(Diagnostic::new(
                    Code::Unreadable,
                    file.clone(),
                    format!("cannot read {file}: {err}"),
                ));
            }
        }
    }
}

/// The `templates/` and `static/` of a theme folder or of the site.
fn read_folder(
    dir: &Path,
    root: &Path,
    static_files: &mut Vec<(String, Vec<u8>)>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Template> {
    let templates = read_templates(&dir.join("templates"), root, problems);
    read_static(&dir.join("static"), root, static_files, problems);
    templates
}

/// The themes a site can choose from: `themes/*` folders and the built-in default.
fn available(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("themes"))
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().to_string())
                .collect()
        })
        .unwrap_or_default();
    if !names.iter().any(|n| n == "default") {
        names.push("default".to_string());
    }
    names.sort();
    names
}

/// The default theme's templates, as built into the binary.
fn built_in_templates() -> impl Iterator<Item = Template> {
    embedded::FILES.iter().filter_map(|(name, bytes)| {
        Some(Template {
            name: name.strip_prefix("templates/")?.to_string(),
            text: String::from_utf8_lossy(bytes).to_string(),
            origin: format!("themes/default/{name} (built in)"),
        })
    })
}

pub fn load(root: &Path, config: &SiteConfig) -> Result<Theme, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut theme = Theme::default();
    let dir = root.join("themes").join(&config.theme);
    let valid_name =
        !config.theme.is_empty() && !config.theme.contains(['/', '\\']) && config.theme != "..";
    if valid_name && dir.is_dir() {
        theme.theme_templates = read_folder(&dir, root, &mut theme.static_files, &mut problems);
        // A theme made before a page kind existed (the printable sheet)
        // lacks its template: the built-in one renders it in the theme's
        // frame, rather than the build failing on a page the theme never knew.
        let missing: Vec<Template> = built_in_templates()
            .filter(|built_in| {
                !theme
                    .theme_templates
                    .iter()
                    .any(|t| t.name == built_in.name)
            })
            .collect();
        theme.theme_templates.extend(missing);
    } else if config.theme == "default" {
        theme.theme_templates = built_in_templates().collect();
        for (name, bytes) in embedded::FILES {
            if let Some(file) = name.strip_prefix("static/") {
                theme.static_files.push((file.to_string(), bytes.to_vec()));
            }
        }
    } else {
        let message = if valid_name {
            format!(
                "unknown theme `{}`: there is no folder {}",
                config.theme,
                crate::content::display_path(&dir)
            )
        } else {
            // A path here would be joined onto themes/ (or replace it, if
            // absolute): say what a theme is rather than name a folder that
            // may well exist.
            format!(
                "theme `{}` is not a theme's name: a theme is a folder in {}, named without `/` or `\\`",
                crate::diagnostic::excerpt(&config.theme),
                crate::content::display_path(&root.join("themes"))
            )
        };
        return Err(vec![
            Diagnostic::new(Code::Template, crate::config::CONFIG_FILE, message).help(format!(
                "themes available here: {}; set `theme` in site.toml to one of them, \
                 or make the folder with a templates/ inside",
                available(root).join(", ")
            )),
        ]);
    }
    theme.site_templates = read_folder(root, root, &mut theme.static_files, &mut problems);
    if problems.is_empty() {
        Ok(theme)
    } else {
        Err(problems)
    }
}
