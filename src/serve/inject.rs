//! What the dev server adds to pages it serves (never to `build` output):
//! the live-reload script and, while the last edit has errors, an overlay
//! listing each diagnostic.

use crate::diagnostic::Diagnostic;
use crate::html::escape_html;

pub const EVENTS_PATH: &str = "/__guidepress/events";

/// Listens for rebuilds; reloads the page, or only its stylesheets when a
/// rebuild changed nothing but CSS, or nothing when the rebuild names the
/// pages it changed and this is not one of them.
fn script(version: u64) -> String {
    format!(
        r#"<script>(function(){{var seen={version};var source=new EventSource("{EVENTS_PATH}");source.addEventListener("reload",function(event){{var data=JSON.parse(event.data);if(data.version===seen)return;seen=data.version;if(data.css_only){{document.querySelectorAll('link[rel="stylesheet"]').forEach(function(link){{var url=new URL(link.href);url.searchParams.set("v",data.version);link.href=url.toString();}});}}else if(!data.pages||data.pages.indexOf(location.pathname)>=0){{window.location.reload();}}}});}})();</script>"#
    )
}

/// The list of errors, as shown in the overlay and on the errors page.
fn error_list(errors: &[&Diagnostic]) -> String {
    let mut html = String::from(r#"<ol style="margin:.5rem 0 0;padding-left:1.25rem">"#);
    for error in errors {
        let place = match (error.line(), error.column()) {
            (Some(line), Some(column)) => format!("{}:{line}:{column}", error.file),
            _ => error.file.clone(),
        };
        html.push_str(&format!(
            r#"<li style="margin:.25rem 0"><code style="font-weight:700">{}</code> <span>error[{}]: {}</span>{}</li>"#,
            escape_html(&place),
            error.code,
            escape_html(&error.message),
            error
                .help
                .as_ref()
                .map(|h| format!(r#"<br><span style="opacity:.8">help: {}</span>"#, escape_html(h)))
                .unwrap_or_default()
        ));
    }
    html.push_str("</ol>");
    html
}

fn overlay(errors: &[&Diagnostic]) -> String {
    format!(
        r#"<div id="guidepress-overlay" role="alert" style="position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;z-index:2147483647;background:#2b0b0b;color:#ffe9e9;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:1rem 1.25rem;border-top:4px solid #ff5d5d"><strong>guidepress: {} error{} — showing the last good build. Fix the file and this page reloads.</strong>{}</div>"#,
        errors.len(),
        if errors.len() == 1 { "" } else { "s" },
        error_list(errors)
    )
}

/// Adds the reload script (and the overlay, if there are errors) to a page.
pub fn page(html: &str, version: u64, errors: &[&Diagnostic]) -> String {
    let mut extra = String::new();
    if !errors.is_empty() {
        extra.push_str(&overlay(errors));
    }
    extra.push_str(&script(version));
    match html.rfind("</body>") {
        Some(at) => format!("{}{extra}{}", &html[..at], &html[at..]),
        None => format!("{html}{extra}"),
    }
}

/// Served for every page while no build has succeeded yet.
pub fn errors_page(version: u64, errors: &[&Diagnostic]) -> String {
    let body = if errors.is_empty() {
        "<p>The site is being built.</p>".to_string()
    } else {
        error_list(errors)
    };
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>guidepress: the site does not build</title></head><body style="font:15px/1.5 system-ui,sans-serif;margin:2rem"><h1>The site does not build yet</h1><p>guidepress keeps watching: fix the files below and this page reloads.</p>{body}{}</body></html>"#,
        script(version)
    )
}
