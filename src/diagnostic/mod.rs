//! Problems found in a site, as plain data: each carries its own source line
//! so that the terminal renderer, `--format json` and the serve overlay can
//! show it without going back to the file.

mod code;
pub mod render;
pub mod source;

pub use code::Code;
pub use source::SourceText;

use serde::Serialize;
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Where a diagnostic points: 1-based line and column (in characters), the
/// text of that line (of a long line, the part around the column, its cuts
/// marked `…`), and the byte range within that text to underline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub line: u32,
    pub column: u32,
    pub line_text: String,
    pub underline: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub file: String,
    /// Boxed: most results carry no diagnostic, and they stay small.
    pub location: Option<Box<Location>>,
    /// Said under the caret.
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic of `code`'s usual severity about a whole file.
    pub fn new(code: Code, file: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: code.severity(),
            code,
            message: message.into(),
            file: file.into(),
            location: None,
            label: None,
            help: None,
        }
    }

    pub fn at(mut self, location: Location) -> Diagnostic {
        self.location = Some(Box::new(location));
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn line(&self) -> Option<u32> {
        self.location.as_ref().map(|loc| loc.line)
    }

    pub fn column(&self) -> Option<u32> {
        self.location.as_ref().map(|loc| loc.column)
    }
}

/// The `check --format json` shape: `{severity, code, message, file, line, column}`.
#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    pub severity: Severity,
    pub code: &'a str,
    pub message: &'a str,
    pub file: &'a str,
    pub line: Option<u32>,
    pub column: Option<u32>,
}

impl<'a> From<&'a Diagnostic> for JsonDiagnostic<'a> {
    fn from(diagnostic: &'a Diagnostic) -> Self {
        JsonDiagnostic {
            severity: diagnostic.severity,
            code: diagnostic.code.as_str(),
            message: &diagnostic.message,
            file: &diagnostic.file,
            line: diagnostic.line(),
            column: diagnostic.column(),
        }
    }
}

/// Orders diagnostics as a reader scans them: by file, then line (problems
/// of the whole file last), then code.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    let key = |d: &Diagnostic| {
        (
            d.line().unwrap_or(u32::MAX),
            d.column().unwrap_or(0),
            d.code,
        )
    };
    diagnostics.sort_by(|a, b| a.file.cmp(&b.file).then_with(|| key(a).cmp(&key(b))));
}

/// `text` as a message quotes it: whole when short, else its start and a
/// `…`, so a 10 MB table cell does not make a 10 MB message.
pub fn excerpt(text: &str) -> std::borrow::Cow<'_, str> {
    const LONGEST: usize = 80;
    if text.len() <= LONGEST {
        return std::borrow::Cow::Borrowed(text);
    }
    let cut = text.floor_char_boundary(LONGEST - 3);
    std::borrow::Cow::Owned(format!("{}…", &text[..cut]))
}

/// How many errors and warnings a list holds.
pub fn count(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    (errors, diagnostics.len() - errors)
}
