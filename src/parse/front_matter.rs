//! Optional TOML front matter between `+++` lines at the top of a guide.

use crate::diagnostic::{Code, Diagnostic, SourceText};
use serde::Deserialize;
use std::ops::Range;

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The whole `company/role` slug.
    pub slug: Option<String>,
    pub company: Option<String>,
    pub role: Option<String>,
    #[serde(default)]
    pub draft: bool,
    pub updated: Option<toml::Value>,
}

/// The front matter and where the markdown body starts. Problems are
/// diagnostics; the body is still parsed.
pub struct Split {
    pub front_matter: FrontMatter,
    pub body_start: usize,
    /// Where `slug = …` sits, for diagnostics about it.
    pub slug_range: Option<Range<usize>>,
    pub updated: Option<String>,
}

pub fn split(source: &SourceText, file: &str, diagnostics: &mut Vec<Diagnostic>) -> Split {
    let text = &source.text;
    let mut split = Split {
        front_matter: FrontMatter::default(),
        body_start: 0,
        slug_range: None,
        updated: None,
    };
    let Some(after_open) = text.strip_prefix("+++\n").map(|_| 4) else {
        return split;
    };
    let close = text[after_open..]
        .match_indices("+++")
        .map(|(i, _)| after_open + i)
        .find(|&i| {
            text[..i].ends_with('\n')
                && text[i + 3..]
                    .lines()
                    .next()
                    .is_none_or(|l| l.trim().is_empty())
        });
    let Some(close) = close else {
        diagnostics.push(
            Diagnostic::new(Code::FrontMatter, file, "front matter is not closed")
                .at(source.locate(0..3))
                .label("opened here")
                .help("end the front matter with a line of `+++`"),
        );
        return split;
    };
    split.body_start = super::text::line_end(text, close).min(text.len());
    let toml_text = &text[after_open..close];
    match toml::from_str::<FrontMatter>(toml_text) {
        Ok(front_matter) => {
            split.slug_range = front_matter.slug.as_ref().and_then(|_| {
                toml_text
                    .find("slug")
                    .map(|i| after_open + i..super::text::line_end(text, after_open + i))
            });
            split.updated = front_matter.updated.as_ref().and_then(|value| {
                updated_date(value, source, file, after_open, toml_text, diagnostics)
            });
            split.front_matter = front_matter;
        }
        Err(err) => {
            let span = err
                .span()
                .map_or(0..3, |s| after_open + s.start..after_open + s.end);
            diagnostics.push(
                Diagnostic::new(
                    Code::FrontMatter,
                    file,
                    format!("invalid front matter: {}", err.message().trim()),
                )
                .at(source.locate(span))
                .help("front matter keys are slug, company, role, draft and updated"),
            );
        }
    }
    split
}

/// `updated` as `YYYY-MM-DD`, from a TOML date or a string.
fn updated_date(
    value: &toml::Value,
    source: &SourceText,
    file: &str,
    offset: usize,
    toml_text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let text = match value {
        toml::Value::Datetime(datetime) if datetime.time.is_none() && datetime.offset.is_none() => {
            datetime.date.map(|d| d.to_string())
        }
        toml::Value::String(s) => Some(s.clone()),
        _ => None,
    };
    let valid = text.filter(|t| {
        let parts: Vec<&str> = t.split('-').collect();
        parts.len() == 3
            && [4, 2, 2]
                .iter()
                .zip(&parts)
                .all(|(len, p)| p.len() == *len && p.bytes().all(|b| b.is_ascii_digit()))
    });
    if valid.is_none() {
        let at = toml_text.find("updated").map_or(0, |i| offset + i);
        diagnostics.push(
            Diagnostic::new(
                Code::FrontMatter,
                file,
                "`updated` must be a date written YYYY-MM-DD",
            )
            .at(source.locate(at..super::text::line_end(&source.text, at)))
            .help("write e.g. updated = 2026-10-01"),
        );
    }
    valid
}
