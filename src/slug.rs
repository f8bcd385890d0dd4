//! URL slugs: ASCII, lower case, runs of anything else become one `-`.

/// `Staff Software Engineer, ML` → `staff-software-engineer-ml`; `R&D` → `r-d`;
/// `Zürich` → `zurich`.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// Whether `text` is already one slug segment (`scale-ai`).
pub fn is_slug_segment(text: &str) -> bool {
    !text.is_empty() && slugify(text) == text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugifies_like_the_format_doc() {
        let cases = [
            ("Staff Software Engineer, ML", "staff-software-engineer-ml"),
            ("R&D", "r-d"),
            ("ML/AI Engineer", "ml-ai-engineer"),
            ("Scale AI", "scale-ai"),
            ("  Zürich — Office ", "zurich-office"),
            ("Menlo Park / Bay Area", "menlo-park-bay-area"),
            ("東京", "dong-jing"),
            ("***", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(slugify(input), expected, "slugify({input:?})");
        }
        assert!(is_slug_segment("scale-ai"));
        assert!(!is_slug_segment("../etc"));
        assert!(!is_slug_segment(""));
    }
}
