//! `**Level Mapping:** Anthropic ML/AI Engineer = Google L5-L6 ML Engineer = …`

use super::Context;
use super::sections::{Kind, Outline};
use super::text::plain;
use crate::companies::CompanyIndex;
use crate::diagnostic::Code;
use crate::model::{LevelEntry, LevelMapping};
use regex::Regex;
use std::sync::LazyLock;

const TOKEN: &str = r"(?:L|IC|E|M|P|T|D|G)\d{1,2}|VIII|VII|VI|IV|V|III|II|I";

static LEVEL_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?P<a>{TOKEN})(?:\s*[-–/]\s*(?P<b>{TOKEN}|\d{{1,2}}))?$"
    ))
    .expect("level pattern")
});

static PAREN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(([^()]*)\)").expect("paren pattern"));

/// The levels a word or parenthesised group states, or `None` if it is not
/// made of level tokens only. `L5-6` carries the prefix: `L5`, `L6`.
fn levels_of(text: &str) -> Option<Vec<String>> {
    let text = text.trim();
    let caps = LEVEL_WORD.captures(text)?;
    let a = caps["a"].to_string();
    let mut levels = vec![a.clone()];
    if let Some(b) = caps.name("b") {
        let b = b.as_str();
        if b.bytes().all(|c| c.is_ascii_digit()) {
            let prefix: String = a.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
            if prefix.is_empty()
                || matches!(
                    a.as_str(),
                    "I" | "II" | "III" | "IV" | "V" | "VI" | "VII" | "VIII"
                )
            {
                return None;
            }
            levels.push(format!("{prefix}{b}"));
        } else {
            levels.push(b.to_string());
        }
    }
    Some(levels)
}

/// One entry: levels pulled out, the rest split into company and title.
fn entry(text: &str, own: Option<(&str, &str)>, companies: &CompanyIndex) -> LevelEntry {
    let mut levels = Vec::new();
    let without_groups =
        PAREN.replace_all(text, |caps: &regex::Captures| match levels_of(&caps[1]) {
            Some(found) => {
                levels.extend(found);
                String::new()
            }
            None => caps[0].to_string(),
        });
    let words: Vec<&str> = without_groups
        .split_whitespace()
        .filter(|word| match levels_of(word) {
            Some(found) => {
                levels.extend(found);
                false
            }
            None => true,
        })
        .collect();
    let name = words.join(" ");
    if let Some((company, role)) = own {
        let lower = name.to_lowercase();
        if lower.ends_with(&role.to_lowercase()) {
            let prefix = name[..name.len() - role.len()].trim();
            let company = if prefix.is_empty() {
                company.to_string()
            } else {
                companies.canonical_name(prefix)
            };
            return LevelEntry {
                company,
                title: role.to_string(),
                levels,
            };
        }
    }
    let (company, title) = match companies.match_prefix(&name) {
        Some((company, len)) => (company, name[len..].trim().to_string()),
        None => {
            let (first, rest) = name.split_once(' ').unwrap_or((&name, ""));
            (companies.canonical_name(first), rest.trim().to_string())
        }
    };
    LevelEntry {
        company,
        title,
        levels,
    }
}

/// The level mapping; a missing one, or one without entries, is an error.
/// `own` is the guide's (company, role).
pub(super) fn read(cx: &mut Context, outline: &Outline, own: (&str, &str)) -> Option<LevelMapping> {
    let mapping = outline.first(Kind::LevelMapping).map(|part| {
        let line = cx.source.line_of(part.title_range.start);
        parse(&cx.body(part), own, cx.companies, line)
    });
    if mapping.as_ref().is_none_or(|m| m.entries.is_empty()) {
        cx.missing(
            Code::MissingLevelMapping,
            "level mapping",
            "add `**Level Mapping:** COMPANY ROLE = Google L5-L6 ML Engineer = …`",
        );
    }
    mapping
}

/// Parses the mapping's text. `own` is the guide's (company, role): the first
/// entry names them.
fn parse(markdown: &str, own: (&str, &str), companies: &CompanyIndex, line: u32) -> LevelMapping {
    let mut text = plain(markdown);
    let mut note = None;
    if text.ends_with(')')
        && let Some(open) = text.rfind('(')
    {
        let inner = &text[open + 1..text.len() - 1];
        if levels_of(inner).is_none() {
            note = Some(inner.trim().to_string());
            text.truncate(open);
        }
    }
    let entries = text
        .split('=')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .enumerate()
        .map(|(i, e)| entry(e, (i == 0).then_some(own), companies))
        .collect();
    LevelMapping {
        entries,
        note,
        line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> CompanyIndex {
        let aliases = vec!["Scale".to_string()];
        CompanyIndex::new([("Scale AI", aliases.as_slice())]).with_companies(["Anthropic"])
    }

    fn entries(mapping: &LevelMapping) -> Vec<(String, String, Vec<String>)> {
        mapping
            .entries
            .iter()
            .map(|e| (e.company.clone(), e.title.clone(), e.levels.clone()))
            .collect()
    }

    fn e(company: &str, title: &str, levels: &[&str]) -> (String, String, Vec<String>) {
        (
            company.into(),
            title.into(),
            levels.iter().map(|s| s.to_string()).collect(),
        )
    }

    #[test]
    fn seed_mapping_resolves_companies_titles_and_levels() {
        let mapping = parse(
            "Anthropic ML/AI Engineer = Google L5-L6 ML Engineer = Meta ML Engineer IC5-IC6 = OpenAI ML Engineer = Amazon Applied Scientist II-III",
            ("Anthropic", "ML/AI Engineer"),
            &index(),
            9,
        );
        assert_eq!(
            entries(&mapping),
            [
                e("Anthropic", "ML/AI Engineer", &[]),
                e("Google", "ML Engineer", &["L5", "L6"]),
                e("Meta", "ML Engineer", &["IC5", "IC6"]),
                e("OpenAI", "ML Engineer", &[]),
                e("Amazon", "Applied Scientist", &["II", "III"]),
            ]
        );
        assert_eq!(mapping.note, None);
    }

    #[test]
    fn aliases_parenthesised_levels_unknown_companies_and_notes() {
        let mapping = parse(
            "Scale ML/AI Engineer = Meta ML Engineer (IC4-IC5) = Initech Senior Engineer L5-6 = Google DeepMind Research Engineer (mapping varies by team)",
            ("Scale AI", "ML/AI Engineer"),
            &index(),
            1,
        );
        assert_eq!(
            entries(&mapping),
            [
                e("Scale AI", "ML/AI Engineer", &[]),
                e("Meta", "ML Engineer", &["IC4", "IC5"]),
                e("Initech", "Senior Engineer", &["L5", "L6"]),
                e("Google DeepMind", "Research Engineer", &[]),
            ]
        );
        assert_eq!(mapping.note.as_deref(), Some("mapping varies by team"));
    }
}
