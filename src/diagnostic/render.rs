//! Renders diagnostics the way rustc does: `error[E013]: …`, `--> file:line:col`,
//! the source line with a caret, and a `help:` line.

use super::{Diagnostic, Location, Severity};
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use std::borrow::Cow;
use std::io::IsTerminal;

/// Whether to colour output written to stderr: only on a terminal, and never
/// when `NO_COLOR` is set to anything non-empty (<https://no-color.org>).
pub fn stderr_wants_colour() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
    !no_color && std::io::stderr().is_terminal()
}

pub fn render(diagnostic: &Diagnostic, colour: bool) -> String {
    let renderer = if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    // File names and messages come from the file system and the guides: a
    // control character in them must not reach the terminal as one.
    let file = printable(&diagnostic.file);
    let title = level
        .primary_title(printable(&diagnostic.message))
        .id(diagnostic.code.as_str());
    let mut group: Group = match &diagnostic.location {
        Some(location) => {
            let mut annotation = AnnotationKind::Primary.span(location.underline.clone());
            if let Some(label) = &diagnostic.label {
                annotation = annotation.label(printable(label));
            }
            title.element(
                Snippet::source(location.line_text.as_str())
                    .line_start(location.line as usize)
                    .path(file.as_ref())
                    .annotation(annotation),
            )
        }
        None => title.element(Origin::path(file.as_ref())),
    };
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(printable(help)));
    }
    let rendered = renderer.render(&[group]);
    match &diagnostic.location {
        Some(location) if location.line_text.starts_with('…') => {
            with_true_column(rendered, &file, location)
        }
        _ => rendered,
    }
}

/// The renderer counts the column within the quote; of a long line cut
/// short, the quote starts past the line's start, so the `file:line:col`
/// it prints is set right here.
fn with_true_column(rendered: String, file: &str, location: &Location) -> String {
    let in_quote = location.line_text[..location.underline.start]
        .chars()
        .count()
        + 1;
    let line = location.line;
    rendered.replacen(
        &format!("{file}:{line}:{in_quote}"),
        &format!("{file}:{line}:{}", location.column),
        1,
    )
}

/// `text` with each control character written as an escape (`\u{1b}`).
fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// All diagnostics, one blank line apart, as they go to stderr.
pub fn render_all(diagnostics: &[Diagnostic], colour: bool) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&render(diagnostic, colour));
        out.push_str("\n\n");
    }
    out
}
