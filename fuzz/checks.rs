//! What the fuzz targets check, shared with the normal test suite: the
//! integration tests include this file to replay every input in
//! `fuzz/regressions/` and to run the same checks on generated input.

use guidepress::companies::CompanyIndex;
use guidepress::config::SiteConfig;
use guidepress::content::{LoadedFile, decode};
use guidepress::diagnostic::render::render;
use guidepress::export::{to_csv, to_json};
use guidepress::html::markdown::{Linker, inline_html, to_html};
use guidepress::load::{assemble, company_index, parse_file};
use guidepress::model::money::{display_range, format_range};
use guidepress::parse::company_named;
use guidepress::parse::money::{CellValue, figures, parse_cell, parse_percent_range};
use std::collections::HashMap;

/// Bytes → guide, the way `check` takes a file: decode (UTF-8, BOM, CRLF),
/// parse, check, and check across files (the result twice under two names,
/// so the duplicate slug path runs too); then every diagnostic is rendered
/// and every guide exported. Nothing may panic, and every diagnostic points
/// inside the file.
pub fn guide(data: &[u8]) {
    let text = match decode("fuzz.md", data.to_vec()) {
        Ok(text) => text,
        Err(diagnostic) => {
            render(&diagnostic, false);
            return;
        }
    };
    let lines = text.text.split('\n').count();
    let mut file = LoadedFile::from_text("a.md", "");
    file.text = text;
    let mut copy = file.clone();
    copy.file.display = "b.md".into();
    copy.file.source = "b.md".into();
    let named = company_named(&file);
    let companies = company_index(&SiteConfig::default(), named.as_deref());
    let result = parse_file(&file, &companies);
    let (guides, diagnostics) = assemble([(&file, &result), (&copy, &result)], true);
    for diagnostic in &diagnostics {
        if let Some(location) = &diagnostic.location {
            assert!(
                location.line >= 1 && location.line as usize <= lines,
                "{diagnostic:?}"
            );
            assert!(location.column >= 1, "{diagnostic:?}");
            assert!(
                location.underline.end <= location.line_text.len(),
                "{diagnostic:?}"
            );
        }
        render(diagnostic, false);
    }
    to_json(&guides);
    to_csv(&guides);
}

/// Money as authors write it: a band cell, a percentage, figures in prose.
/// Whatever parses comes back the same after formatting: `format_range`
/// then `parse_cell` is the identity on the model.
pub fn money(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(CellValue::Money {
        currency, range, ..
    }) = parse_cell(text)
    {
        let written = format_range(currency, range);
        match parse_cell(&written) {
            Ok(CellValue::Money {
                currency: again,
                range: back,
                ..
            }) => assert_eq!((again, back), (currency, range), "{text:?} → {written:?}"),
            other => panic!("{text:?} → {written:?} → {other:?}"),
        }
        display_range(currency, range);
    }
    if let Some(percent) = parse_percent_range(text) {
        let written = percent.to_string();
        assert_eq!(
            parse_percent_range(&written),
            Some(percent),
            "{text:?} → {written:?}"
        );
    }
    let mut end = 0;
    for figure in figures(text) {
        assert!(figure.span.start >= end && figure.span.end <= text.len());
        assert!(text.is_char_boundary(figure.span.start) && text.is_char_boundary(figure.span.end));
        end = figure.span.end;
    }
}

/// Author markdown → page HTML: sanitized, company mentions linked, slots
/// marked. Nothing that runs or loads from elsewhere survives.
pub fn markdown(data: &[u8]) {
    let Ok(markdown) = std::str::from_utf8(data) else {
        return;
    };
    let companies = CompanyIndex::new(std::iter::empty()).with_companies(["Initech"]);
    let hubs = HashMap::from([
        ("OpenAI".to_string(), "/companies/openai/".to_string()),
        ("Initech".to_string(), "/companies/initech/".to_string()),
    ]);
    let mut linker = Linker::new(&companies, &hubs);
    for html in [
        to_html(markdown, Some(&mut linker), true),
        inline_html(markdown, None, false),
    ] {
        // Text may say anything (it is escaped); tags are what run or load,
        // through their name or a URL's scheme.
        for tag in tags(&html.to_ascii_lowercase()) {
            assert!(!tag.starts_with("<script"), "{tag} in {html}");
            for (name, url) in urls(tag) {
                let url = url.trim_start_matches(|c: char| c <= ' ');
                for scheme in ["javascript:", "vbscript:", "data:"] {
                    assert!(!url.starts_with(scheme), "{tag} in {html}");
                }
                if name == "src" {
                    assert!(
                        !url.starts_with("http") && !url.starts_with("//"),
                        "{tag} in {html}"
                    );
                }
            }
        }
    }
}

/// The `href` and `src` values of a tag, as (name, value).
fn urls(tag: &str) -> Vec<(&str, &str)> {
    let mut found = Vec::new();
    for name in ["href", "src"] {
        let key = format!(" {name}=\"");
        for (at, _) in tag.match_indices(&key) {
            let value = &tag[at + key.len()..];
            found.push((name, &value[..value.find('"').unwrap_or(value.len())]));
        }
    }
    found
}

/// The `<…>` tags of serialized HTML, where `<` never starts text.
fn tags(html: &str) -> impl Iterator<Item = &str> {
    html.match_indices('<').map(|(start, _)| {
        let end = html[start..]
            .find('>')
            .map_or(html.len(), |i| start + i + 1);
        &html[start..end]
    })
}
