//! The title heading: `ROLE | COMPANY Global Negotiation Guide`.

use super::Context;
use super::front_matter::FrontMatter;
use super::sections::Outline;
use crate::diagnostic::{Code, Diagnostic};

/// What the title and front matter name: the title as written, and the
/// guide's role and company (canonical), empty with an error when unnamed.
pub(super) struct Named {
    pub title: Option<String>,
    pub role: String,
    pub company: String,
}

/// The guide's title, role and company: front matter first, else the title.
pub(super) fn read(cx: &mut Context, outline: &Outline, front: &FrontMatter) -> Named {
    let title = outline.title.map(|block| block.text.clone());
    let from_title = title.as_deref().and_then(role_and_company);
    let role = front
        .role
        .clone()
        .or_else(|| from_title.as_ref().map(|(r, _)| r.clone()));
    let company = front
        .company
        .clone()
        .or_else(|| from_title.as_ref().map(|(_, c)| c.clone()))
        .map(|c| cx.companies.canonical_name(&c));
    if role.is_none() || company.is_none() {
        let mut diagnostic = Diagnostic::new(
            Code::MissingTitle,
            cx.file,
            match outline.title {
                Some(_) => "title does not name the role and the company",
                None => "guide has no title",
            },
        )
        .help("start with a heading `# ROLE | COMPANY Global Negotiation Guide`, or set company and role in front matter");
        if let Some(block) = outline.title {
            diagnostic = diagnostic.at(cx.source.locate(block.range.clone()));
        }
        cx.diagnostics.push(diagnostic);
    }
    Named {
        title,
        role: role.unwrap_or_default(),
        company: company.unwrap_or_default(),
    }
}

/// Role and company as written in the title, suffix removed.
pub fn role_and_company(title: &str) -> Option<(String, String)> {
    let (role, company) = title.split_once('|')?;
    let company = company.trim();
    let company = ["Global Negotiation Guide", "Negotiation Guide"]
        .iter()
        .find_map(|suffix| strip_suffix_ignore_case(company, suffix))
        .unwrap_or(company)
        .trim();
    let role = role.trim();
    (!role.is_empty() && !company.is_empty()).then(|| (role.to_string(), company.to_string()))
}

fn strip_suffix_ignore_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = text.len().checked_sub(suffix.len())?;
    (text.is_char_boundary(cut) && text[cut..].eq_ignore_ascii_case(suffix)).then(|| &text[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_role_and_company_with_or_without_suffix() {
        let cases = [
            (
                "ML/AI Engineer | Anthropic Global Negotiation Guide",
                Some(("ML/AI Engineer", "Anthropic")),
            ),
            (
                "ML/AI Engineer | Scale Negotiation Guide",
                Some(("ML/AI Engineer", "Scale")),
            ),
            (
                "Research Scientist | Google DeepMind",
                Some(("Research Scientist", "Google DeepMind")),
            ),
            (
                "Product Manager|Meta global negotiation guide",
                Some(("Product Manager", "Meta")),
            ),
            ("Just a title", None),
            (" | Anthropic", None),
        ];
        for (title, expected) in cases {
            let got = role_and_company(title);
            assert_eq!(
                got.as_ref().map(|(r, c)| (r.as_str(), c.as_str())),
                expected,
                "{title}"
            );
        }
    }
}
