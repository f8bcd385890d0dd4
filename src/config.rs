//! `site.toml`: the site's settings. Unknown keys are errors that name the key.

use crate::companies::CompanyIndex;
use crate::diagnostic::{Code, Diagnostic, SourceText};
use crate::model::Currency;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "site.toml";

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SiteConfig {
    pub title: String,
    /// Absolute URL or root-relative path the site is published under; may
    /// carry a subpath (`https://example.org/guides/`).
    pub base_url: String,
    pub content_dir: PathBuf,
    pub output_dir: PathBuf,
    pub theme: String,
    /// Canonical company name → its other spellings.
    pub companies: BTreeMap<String, CompanyConfig>,
    pub currency: CurrencyConfig,
    pub limits: Limits,
}

/// Bounds on the page families that would otherwise grow faster than the
/// number of guides.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Company-vs-company pages a company is in, at most: with the peers
    /// sharing the most roles, then the closest in pay.
    pub compare_per_company: usize,
    /// Columns of the level matrix: the most-cited companies.
    pub level_columns: usize,
    /// Rows drawn in a comparison chart (the table beside it keeps them all).
    pub chart_rows: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            compare_per_company: 8,
            level_columns: 12,
            chart_rows: 40,
        }
    }
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Negotiation guides".to_string(),
            base_url: "/".to_string(),
            content_dir: PathBuf::from("content"),
            output_dir: PathBuf::from("public"),
            theme: "default".to_string(),
            companies: BTreeMap::new(),
            currency: CurrencyConfig::default(),
            limits: Limits::default(),
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CompanyConfig {
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct CurrencyConfig {
    /// Comparison pages convert figures into this currency.
    pub display: String,
    /// 1 unit of the key = this many display units.
    pub rates: BTreeMap<String, f64>,
}

impl Default for CurrencyConfig {
    fn default() -> Self {
        CurrencyConfig {
            display: "USD".to_string(),
            rates: BTreeMap::new(),
        }
    }
}

impl SiteConfig {
    /// Reads `root/site.toml`. Every problem found is returned at once.
    pub fn load(root: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let file = crate::content::display_path(&path);
        let raw = match std::fs::read_to_string(&path) {
            Ok(raw) => raw,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Err(vec![missing_config(root, file)]);
            }
            Err(err) => {
                return Err(vec![Diagnostic::new(
                    Code::Unreadable,
                    file,
                    format!("cannot read {CONFIG_FILE}: {err}"),
                )]);
            }
        };
        SiteConfig::parse(&raw, &file)
    }

    /// Parses and validates the text of a site.toml named `file`.
    pub fn parse(raw: &str, file: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        let source = SourceText::new(raw);
        let config: SiteConfig = toml::from_str(&source.text).map_err(|err| {
            let mut diagnostic = Diagnostic::new(
                Code::SiteConfig,
                file,
                format!("invalid {CONFIG_FILE}: {}", err.message().trim()),
            );
            if let Some(span) = err.span() {
                diagnostic = diagnostic.at(source.locate(span));
            }
            vec![diagnostic.help(
                "keys are title, base_url, content_dir, output_dir, theme, [companies], [currency] and [limits]",
            )]
        })?;
        let problems = config.problems(&source, file);
        if problems.is_empty() {
            Ok(config)
        } else {
            Err(problems)
        }
    }

    fn problems(&self, source: &SourceText, file: &str) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let mut problem = |needle: &str, message: String, help: &str| {
            let mut diagnostic = Diagnostic::new(Code::SiteConfig, file, message).help(help);
            if let Some(offset) = source.text.find(needle) {
                diagnostic = diagnostic.at(source.locate(offset..offset + needle.len()));
            }
            problems.push(diagnostic);
        };
        let base = self.base_url.as_str();
        if !(base.starts_with("https://") || base.starts_with("http://") || base.starts_with('/')) {
            problem(
                base,
                format!("base_url `{base}` is neither an http(s) URL nor a path starting with `/`"),
                "write e.g. base_url = \"https://example.org/guides/\" or \"/\"",
            );
        }
        if Currency::from_code(&self.currency.display).is_none() {
            problem(
                &self.currency.display,
                format!(
                    "currency.display `{}` is not a three-letter ISO 4217 code",
                    self.currency.display
                ),
                "write e.g. display = \"USD\"",
            );
        }
        for (code, rate) in &self.currency.rates {
            if Currency::from_code(code).is_none() {
                problem(
                    code,
                    format!("currency rate key `{code}` is not a three-letter ISO 4217 code"),
                    "write e.g. rates = { GBP = 1.27, EUR = 1.08 }",
                );
            } else if !(rate.is_finite() && *rate > 0.0) {
                problem(
                    code,
                    format!("currency rate for {code} must be a positive number, not {rate}"),
                    "a rate says how many display units one unit of the key is worth",
                );
            }
        }
        let mut owner: BTreeMap<String, &str> = BTreeMap::new();
        for (name, company) in &self.companies {
            for spelling in std::iter::once(name).chain(&company.aliases) {
                if let Some(first) = owner.insert(spelling.to_lowercase(), name)
                    && first != name
                {
                    problem(
                        spelling,
                        format!("`{spelling}` names both `{first}` and `{name}` in [companies]"),
                        "each alias may belong to one company only",
                    );
                }
            }
        }
        problems
    }

    /// The company index the site starts from: its declared names and aliases.
    pub fn company_index(&self) -> CompanyIndex {
        CompanyIndex::new(
            self.companies
                .iter()
                .map(|(name, company)| (name.as_str(), company.aliases.as_slice())),
        )
    }

    pub fn display_currency(&self) -> Currency {
        Currency::from_code(&self.currency.display).unwrap_or(Currency::USD)
    }
}

fn missing_config(root: &Path, file: String) -> Diagnostic {
    let found_above = root.canonicalize().ok().and_then(|abs| {
        abs.ancestors()
            .skip(1)
            .find(|dir| dir.join(CONFIG_FILE).is_file())
            .map(Path::to_path_buf)
    });
    let help = match found_above {
        Some(dir) => format!(
            "a site was found above, in {dir}: `cd {dir}`, or pass `-r {dir}`; \
             to start a new site here instead, run `guidepress init`",
            dir = dir.display()
        ),
        None => "run guidepress in a site's folder or point at one with `-r DIR`; \
                 to start a new site here, run `guidepress init`"
            .to_string(),
    };
    Diagnostic::new(
        Code::SiteConfig,
        file,
        format!("no {CONFIG_FILE} in {}", crate::content::display_path(root)),
    )
    .help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fill_missing_keys() {
        let config = SiteConfig::parse("title = \"T\"\n", "site.toml").unwrap();
        assert_eq!(config.content_dir, PathBuf::from("content"));
        assert_eq!(config.output_dir, PathBuf::from("public"));
        assert_eq!(config.theme, "default");
        assert_eq!(config.currency.display, "USD");
    }

    #[test]
    fn unknown_key_is_an_error_naming_it() {
        let errors =
            SiteConfig::parse("title = \"T\"\nbase_ulr = \"/\"\n", "site.toml").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].message.contains("base_ulr"),
            "{}",
            errors[0].message
        );
        assert_eq!(errors[0].line(), Some(2));
    }

    #[test]
    fn bad_values_are_all_reported() {
        let raw = "base_url = \"example.org\"\n[currency]\ndisplay = \"usd\"\nrates = { gbp = 1.2, EUR = -1.0 }\n[companies]\n\"A\" = { aliases = [\"X\"] }\n\"B\" = { aliases = [\"X\"] }\n";
        let errors = SiteConfig::parse(raw, "site.toml").unwrap_err();
        assert_eq!(errors.len(), 5, "{errors:#?}");
        assert!(errors.iter().all(|e| e.code == Code::SiteConfig));
    }
}
