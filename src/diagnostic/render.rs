//! Renders diagnostics the way rustc does: `error[E013]: …`, `--> file:line:col`,
//! the source line with a caret, and a `help:` line.

use super::{Diagnostic, Severity};
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
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
    let title = level
        .primary_title(diagnostic.message.as_str())
        .id(diagnostic.code.as_str());
    let mut group: Group = match &diagnostic.location {
        Some(location) => {
            let mut annotation = AnnotationKind::Primary.span(location.underline.clone());
            if let Some(label) = &diagnostic.label {
                annotation = annotation.label(label.as_str());
            }
            title.element(
                Snippet::source(location.line_text.as_str())
                    .line_start(location.line as usize)
                    .path(diagnostic.file.as_str())
                    .annotation(annotation),
            )
        }
        None => title.element(Origin::path(diagnostic.file.as_str())),
    };
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    renderer.render(&[group])
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
