//! The README stays true to the code: every site.toml key with its
//! default, and every diagnostic code.

use crate::harness::project_root;
use guidepress::config::SiteConfig;
use regex::Regex;

fn readme() -> String {
    std::fs::read_to_string(project_root().join("README.md")).unwrap()
}

/// The keys a table of site.toml accepts, as serde names them when one is unknown.
fn keys_of(table: &str) -> Vec<String> {
    let raw = format!("{table}bogus = 1\n");
    let errors = SiteConfig::parse(&raw, "site.toml").unwrap_err();
    let message = &errors[0].message;
    let expected = message
        .split(", expected")
        .nth(1)
        .unwrap_or_else(|| panic!("{message}"));
    Regex::new(r"`([a-z_]+)`")
        .unwrap()
        .captures_iter(expected)
        .map(|c| c[1].to_string())
        .collect()
}

#[test]
fn readme_documents_every_site_toml_key_with_its_default() {
    let readme = readme();
    let section = readme
        .split("## site.toml reference")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("a site.toml reference section");
    let defaults = SiteConfig::default();
    let quoted = |s: &str| format!("`\"{s}\"`");
    let path = |p: &std::path::Path| quoted(&p.display().to_string());
    let expected_default = |key: &str| -> Option<String> {
        Some(match key {
            "title" => quoted(&defaults.title),
            "base_url" => quoted(&defaults.base_url),
            "content_dir" => path(&defaults.content_dir),
            "output_dir" => path(&defaults.output_dir),
            "theme" => quoted(&defaults.theme),
            "display" => quoted(&defaults.currency.display),
            "compare_per_company" => format!("`{}`", defaults.limits.compare_per_company),
            "level_columns" => format!("`{}`", defaults.limits.level_columns),
            "chart_rows" => format!("`{}`", defaults.limits.chart_rows),
            "rates" | "companies" | "currency" | "limits" | "feed" => "none".to_string(),
            "limit" => "all".to_string(),
            _ => return None,
        })
    };
    let mut seen = 0;
    for (table, prefix) in [
        ("", ""),
        ("[currency]\n", "[currency] "),
        ("[limits]\n", "[limits] "),
        ("[feed]\n", "[feed] "),
    ] {
        for key in keys_of(table) {
            if key == "currency" || key == "limits" || key == "feed" {
                continue; // documented key by key below
            }
            let name = if key == "companies" {
                "`[companies]`".to_string()
            } else {
                format!("`{prefix}{key}`")
            };
            let row = section
                .lines()
                .find(|line| line.starts_with(&format!("| {name} |")))
                .unwrap_or_else(|| panic!("README documents {name}"));
            let default = expected_default(&key)
                .unwrap_or_else(|| panic!("a new key {key}: add its default here and to README"));
            let cells: Vec<&str> = row.split(" | ").collect();
            assert_eq!(cells[1], default, "default of {name}");
            assert!(cells[2].contains(" = "), "an example for {name}: {row}");
            seen += 1;
        }
    }
    assert_eq!(seen, 12, "every key of config.rs");
}

#[test]
fn readme_documents_every_diagnostic_code() {
    let readme = readme();
    let source = std::fs::read_to_string(project_root().join("src/diagnostic/code.rs")).unwrap();
    let codes: Vec<String> = Regex::new(r#"=> "([EW]\d{3})""#)
        .unwrap()
        .captures_iter(&source)
        .map(|c| c[1].to_string())
        .collect();
    assert!(codes.len() > 30, "{codes:?}");
    for code in codes {
        assert!(
            readme.contains(&format!("\n| {code} | ")),
            "README lists {code}"
        );
    }
}

#[test]
fn readme_starts_with_the_two_commands() {
    let readme = readme();
    let first_block = readme.split("```").nth(1).unwrap();
    let commands: Vec<&str> = first_block
        .lines()
        .skip(1)
        .filter_map(|l| l.split('#').next().map(str::trim))
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(commands, ["cargo run --release -- serve", "cargo test"]);
}

/// The words of a README table row or paragraph: keys are named bare in
/// lists like `premium {label, range}`, not only in backticks.
fn documented_names(text: &str) -> std::collections::HashSet<String> {
    Regex::new(r"\b[a-z_]+\b")
        .unwrap()
        .find_iter(text)
        .map(|m| m.as_str().to_string())
        .collect()
}

fn keys(value: &serde_json::Value) -> Vec<String> {
    value
        .as_object()
        .map(|map| map.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn the_theming_reference_names_every_key_each_template_gets() {
    use guidepress::load::{LoadOptions, load};
    use guidepress::site::{Body, SiteContext, pages, urls::Urls};
    let readme = readme();
    let section = readme
        .split("## Theming reference")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("a theming reference section");
    let options = LoadOptions {
        drafts: true,
        ..LoadOptions::default()
    };
    let site = load(&project_root(), &options).expect("the example site loads");
    let urls = Urls::new("/");
    let cx = SiteContext::new(&site.config, &site.guides, &site.companies, &urls).unwrap();
    let frame = section
        .split("\n\n")
        .find(|p| p.starts_with("Every template gets"))
        .expect("the paragraph on site and page");
    let frame_names = documented_names(frame);
    let mut templates_seen = std::collections::HashSet::new();
    let mut missing = std::collections::BTreeSet::new();
    for page in pages(&cx) {
        // A page made whole by its builder (the feed) has no template to document.
        let Body::Themed {
            template, context, ..
        } = page.body
        else {
            continue;
        };
        for part in ["site", "page"] {
            for key in keys(&context[part]) {
                if !frame_names.contains(&key) {
                    missing.insert(format!("{part}.{key}"));
                }
            }
        }
        let row = section
            .lines()
            .find(|line| line.starts_with(&format!("| `{}` |", template)))
            .unwrap_or_else(|| panic!("README has a row for {}", template));
        let names = documented_names(row);
        for key in keys(&context) {
            if key != "site" && key != "page" && !names.contains(&key) {
                missing.insert(format!("{}: {key}", template));
            }
        }
        if template == "guide.html" {
            let guide = &context["guide"];
            for (part, value) in [
                ("guide", guide),
                ("bands", &guide["bands"][0]),
                ("strategy", &guide["strategy"]),
                ("as_of", &guide["as_of"]),
            ] {
                for key in keys(value) {
                    if !names.contains(&key) {
                        missing.insert(format!("guide.html: {part}.{key}"));
                    }
                }
            }
        }
        if template == "sheet.html" {
            let sheet = &context["sheet"];
            for (part, value) in [("sheet", sheet), ("levers", &sheet["levers"][0])] {
                for key in keys(value) {
                    if !names.contains(&key) {
                        missing.insert(format!("sheet.html: {part}.{key}"));
                    }
                }
            }
        }
        // A compare row's keys are listed once, under the table.
        if template == "role.html" {
            let row_names = documented_names(
                section
                    .split("\n\n")
                    .find(|p| p.contains("a compare row is"))
                    .expect("the paragraph on cards and compare rows"),
            );
            for key in keys(&context["rows"][0]) {
                if !row_names.contains(&key) {
                    missing.insert(format!("compare row: {key}"));
                }
            }
        }
        templates_seen.insert(template);
    }
    assert!(
        missing.is_empty(),
        "README's theming reference lacks {missing:?}"
    );
    // The names the frame paragraph promises exist on every page.
    let Body::Themed { context, .. } = pages(&cx).remove(0).body else {
        panic!("the home page is themed");
    };
    for key in ["title", "base", "display_currency", "nav", "feed"] {
        assert!(context["site"].get(key).is_some(), "site.{key}");
    }
    assert!(
        !frame.contains("guide_count") || context["site"].get("guide_count").is_some(),
        "README documents a site key that does not exist"
    );
    assert!(templates_seen.len() >= 12, "{templates_seen:?}");
}

#[test]
fn readme_names_the_keys_init_sets() {
    let scaffold =
        std::fs::read_to_string(project_root().join("src/cli/scaffold/site.toml")).unwrap();
    let set: Vec<&str> = scaffold
        .lines()
        .filter(|line| !line.starts_with('#') && !line.starts_with('['))
        .filter_map(|line| line.split_once('=').map(|(key, _)| key.trim()))
        .collect();
    assert_eq!(set, ["title", "rates"], "keys init's site.toml sets");
    let readme = readme().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        readme.contains(
            "except the two it sets: `title` (to its default, for you to change) and `[currency] rates`"
        ),
        "README's site.toml reference names the keys init sets"
    );
}
