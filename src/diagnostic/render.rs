//! Renders diagnostics the way rustc does: `error[E013]: …`, `--> file:line:col`,
//! the source line with a caret, and a `help:` line.

use super::{Code, Diagnostic, Location, Severity};
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use std::borrow::Cow;
use std::collections::HashMap;
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

/// [`render_all`], but a file's placeholder warnings (W014) are one line,
/// `22 placeholders left in content/x.md, first at 3:22`, where the file
/// has more than one: a fresh skeleton has a score of them, and each in
/// full would bury every other message. A file with one keeps it in full.
pub fn render_all_grouped(diagnostics: &[Diagnostic], colour: bool) -> String {
    let mut placeholders: HashMap<&str, usize> = HashMap::new();
    for diagnostic in diagnostics.iter().filter(|d| d.code == Code::Unfilled) {
        *placeholders.entry(diagnostic.file.as_str()).or_default() += 1;
    }
    let renderer = if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    let mut grouped = false;
    for diagnostic in diagnostics {
        let count = match diagnostic.code {
            Code::Unfilled => placeholders.get(diagnostic.file.as_str()).copied(),
            _ => None,
        };
        match count {
            // Later placeholders of a file already counted.
            Some(0) => continue,
            Some(count) if count > 1 => {
                let first = diagnostic
                    .location
                    .as_ref()
                    .map(|at| format!(", first at {}:{}", at.line, at.column))
                    .unwrap_or_default();
                let message = format!(
                    "{count} placeholders left in {}{first}",
                    printable(&diagnostic.file)
                );
                let title = Level::WARNING
                    .primary_title(message)
                    .id(diagnostic.code.as_str());
                out.push_str(&renderer.render(&[Group::with_title(title)]));
                out.push('\n');
                placeholders.insert(diagnostic.file.as_str(), 0);
                grouped = true;
            }
            _ => {
                out.push_str(&render(diagnostic, colour));
                out.push_str("\n\n");
            }
        }
    }
    if grouped {
        out.push_str("note: `guidepress check -v` shows each placeholder\n\n");
    }
    out
}
