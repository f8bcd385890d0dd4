//! The title heading: `ROLE | COMPANY Global Negotiation Guide`.

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
