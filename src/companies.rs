//! One company is one key everywhere: names and aliases from site.toml, every
//! guide's company, and a short list of companies guides cite all the time.

use aho_corasick::{AhoCorasick, Input, MatchKind};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Companies cited in level maps and offers that a site need not declare.
const WELL_KNOWN: &[(&str, &[&str])] = &[
    ("Google DeepMind", &["DeepMind"]),
    ("Google", &[]),
    ("Meta", &["Facebook"]),
    ("Amazon", &["AWS"]),
    ("Apple", &[]),
    ("Microsoft", &[]),
    ("Netflix", &[]),
    ("Nvidia", &["NVIDIA"]),
    ("OpenAI", &[]),
    ("Anthropic", &[]),
    ("xAI", &[]),
    ("Mistral AI", &["Mistral"]),
    ("Cohere", &[]),
    ("Databricks", &[]),
    ("Stripe", &[]),
];

#[derive(Clone, Debug, Default)]
pub struct CompanyIndex {
    /// The site's own declarations, kept to rebuild the index when the
    /// guides' spellings join it.
    declared: Vec<(String, Vec<String>)>,
    /// Lower-cased spelling → canonical name.
    canonical: HashMap<String, String>,
    /// Every spelling, longest first, for prefix and mention matching.
    spellings: Vec<String>,
    /// ASCII-lower-cased spelling → its place in `spellings`, and the
    /// spellings' distinct lengths, longest first: a prefix is then found
    /// with one lookup per length, not a scan of every company.
    prefixes: HashMap<String, usize>,
    prefix_lengths: Vec<usize>,
    /// All spellings at once, built on first use: finding mentions is then
    /// linear in the text, whatever the number of companies.
    automaton: OnceLock<Option<AhoCorasick>>,
}

impl CompanyIndex {
    /// The index of the site's declared companies (`[companies]` in site.toml).
    pub fn new<'a>(declared: impl IntoIterator<Item = (&'a str, &'a [String])>) -> CompanyIndex {
        let declared = declared
            .into_iter()
            .map(|(name, aliases)| (name.to_string(), aliases.to_vec()))
            .collect();
        CompanyIndex::build(declared, Vec::new())
    }

    /// Adds companies that guides name (their own company), keeping aliases.
    pub fn with_companies<'a>(self, names: impl IntoIterator<Item = &'a str>) -> CompanyIndex {
        CompanyIndex::build(self.declared, names.into_iter().collect())
    }

    /// Which spelling is a company's key, first to last: site.toml
    /// `[companies]`, the spelling the site's guides use for their own
    /// company, the built-in list. Aliases map every spelling to that key.
    fn build(declared: Vec<(String, Vec<String>)>, mut named: Vec<&str>) -> CompanyIndex {
        let mut index = CompanyIndex::default();
        for (name, aliases) in &declared {
            index.insert(name, name);
            for alias in aliases {
                index.insert(alias, name);
            }
        }
        // Guides come in any order (a build reads them in parallel, the dev
        // server as they change): two spellings of one name pick the same key.
        named.sort_unstable();
        named.dedup();
        for (name, aliases) in WELL_KNOWN {
            let group = || std::iter::once(*name).chain(aliases.iter().copied());
            let canonical = group()
                .find_map(|spelling| index.lookup(spelling).map(str::to_string))
                .or_else(|| {
                    named
                        .iter()
                        .find(|guide| group().any(|s| s.eq_ignore_ascii_case(guide.trim())))
                        .map(|guide| guide.trim().to_string())
                })
                .unwrap_or_else(|| (*name).to_string());
            // The key's own spelling first: prose mentions match case.
            if index.lookup(&canonical).is_none() {
                index.insert(&canonical, &canonical);
            }
            for spelling in group() {
                if index.lookup(spelling).is_none() {
                    index.insert(spelling, &canonical);
                }
            }
        }
        for name in named {
            if index.lookup(name).is_none() {
                index.insert(name, name);
            }
        }
        index.declared = declared;
        index.sort();
        index
    }

    fn insert(&mut self, spelling: &str, canonical: &str) {
        let spelling = spelling.trim();
        if spelling.is_empty() {
            return;
        }
        if self
            .canonical
            .insert(spelling.to_lowercase(), canonical.trim().to_string())
            .is_none()
        {
            self.spellings.push(spelling.to_string());
        }
    }

    fn sort(&mut self) {
        self.spellings
            .sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        self.prefixes = self
            .spellings
            .iter()
            .enumerate()
            .map(|(at, spelling)| (spelling.to_ascii_lowercase(), at))
            .collect();
        self.prefix_lengths = self.spellings.iter().map(String::len).collect();
        self.prefix_lengths.dedup();
        self.automaton = OnceLock::new();
    }

    fn automaton(&self) -> Option<&AhoCorasick> {
        self.automaton
            .get_or_init(|| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&self.spellings)
                    .ok()
            })
            .as_ref()
    }

    fn lookup(&self, spelling: &str) -> Option<&str> {
        self.canonical
            .get(&spelling.trim().to_lowercase())
            .map(String::as_str)
    }

    /// The canonical name for a spelling; unknown names are their own key.
    pub fn canonical_name(&self, spelling: &str) -> String {
        self.lookup(spelling)
            .map_or_else(|| spelling.trim().to_string(), str::to_string)
    }

    /// The longest known company at the start of `text`, as
    /// (canonical name, byte length of the spelling matched).
    pub fn match_prefix(&self, text: &str) -> Option<(String, usize)> {
        self.prefix_lengths.iter().find_map(|&length| {
            let head = text.get(..length)?;
            let boundary = text[length..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            let spelling = &self.spellings[*self.prefixes.get(&head.to_ascii_lowercase())?];
            boundary.then(|| (self.canonical_name(spelling), length))
        })
    }

    /// Every mention of a known company in `text`, left to right, never
    /// overlapping, longest spelling first: (byte range, canonical name).
    /// Mentions in prose match the spelling's case: `meta` in a sentence is
    /// a word, `Meta` is the company.
    pub fn mentions(&self, text: &str) -> Vec<(std::ops::Range<usize>, String)> {
        let Some(automaton) = self.automaton() else {
            return Vec::new();
        };
        let is_word = |c: char| c.is_alphanumeric();
        let mut found = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let Some(hit) = automaton.find(Input::new(text).span(at..text.len())) else {
                break;
            };
            let (start, end) = (hit.start(), hit.end());
            let starts_word = text[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !is_word(c));
            let ends_word = text[end..].chars().next().is_none_or(|c| !is_word(c));
            if starts_word && ends_word {
                found.push((
                    start..end,
                    self.canonical_name(&self.spellings[hit.pattern().as_usize()]),
                ));
                at = end;
            } else {
                // Not a whole word here: look again one character further on.
                at = start + text[start..].chars().next().map_or(1, char::len_utf8);
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> CompanyIndex {
        let aliases = vec!["Scale".to_string()];
        CompanyIndex::new([("Scale AI", aliases.as_slice())]).with_companies(["Character AI"])
    }

    #[test]
    fn aliases_resolve_to_one_key() {
        let index = index();
        assert_eq!(index.canonical_name("Scale"), "Scale AI");
        assert_eq!(index.canonical_name("scale ai"), "Scale AI");
        assert_eq!(index.canonical_name("DeepMind"), "Google DeepMind");
        assert_eq!(index.canonical_name("Initech"), "Initech");
    }

    #[test]
    fn longest_prefix_wins() {
        let index = index();
        assert_eq!(
            index.match_prefix("Google DeepMind Research Engineer"),
            Some(("Google DeepMind".to_string(), 15))
        );
        assert_eq!(
            index.match_prefix("Google L5 ML Engineer"),
            Some(("Google".to_string(), 6))
        );
        assert_eq!(index.match_prefix("Scalea Engineer"), None);
        assert_eq!(
            index.match_prefix("Scale ML Engineer").unwrap().0,
            "Scale AI"
        );
    }

    #[test]
    fn mentions_are_case_sensitive_whole_words() {
        let index = index();
        let text =
            "holding an OpenAI offer and a Google DeepMind offer; meta is a word; Scale's market";
        let names: Vec<_> = index.mentions(text).into_iter().map(|(_, n)| n).collect();
        assert_eq!(names, ["OpenAI", "Google DeepMind", "Scale AI"]);
    }
}
