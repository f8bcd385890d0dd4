//! `site.toml`: the site's settings. Unknown keys are errors that name the key.

use crate::companies::CompanyIndex;
use crate::diagnostic::{Code, Diagnostic, SourceText};
use crate::model::Currency;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "site.toml";

/// Exchange rates the site accepts: ten million to one either way covers
/// any two currencies in use (a Kuwaiti dinar is a few million Iranian
/// rials), and keeps converted salaries far inside the integers that hold
/// money, where `1e12` or `1e300` would print nonsense.
pub const RATES: std::ops::RangeInclusive<f64> = 1e-7..=1e7;

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
    pub feed: FeedConfig,
}

/// The Atom feed at `/atom.xml`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct FeedConfig {
    /// The newest guides the feed lists, at most; `None` lists every guide.
    pub limit: Option<usize>,
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
            feed: FeedConfig::default(),
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
            let mut diagnostic = match type_error(&err) {
                Some((message, help)) => {
                    let diagnostic = Diagnostic::new(Code::SiteConfig, file, message);
                    match help {
                        Some(help) => diagnostic.help(help),
                        None => diagnostic,
                    }
                }
                None => {
                    let message = err.message().trim();
                    let diagnostic = Diagnostic::new(
                        Code::SiteConfig,
                        file,
                        format!("invalid {CONFIG_FILE}: {message}"),
                    );
                    if message.starts_with("unknown field") {
                        diagnostic.help(
                            "keys are title, base_url, content_dir, output_dir, theme, [companies], [currency], [limits] and [feed]",
                        )
                    } else {
                        diagnostic
                    }
                }
            };
            if let Some(span) = err.span() {
                diagnostic = diagnostic.at(source.locate(span));
            }
            vec![diagnostic]
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
        if let Err(message) = check_base_url(&self.base_url) {
            problem(&self.base_url, format!("base_url {message}"), BASE_URL_HELP);
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
            } else if !(RATES.contains(rate)) {
                problem(
                    code,
                    format!(
                        "currency rate for {code} is {rate}, outside {} to {}",
                        RATES.start(),
                        RATES.end()
                    ),
                    "a rate says how many display units one unit of the key is worth \
                     (GBP = 1.27 when the display currency is USD); no two currencies differ by more",
                );
            }
        }
        if self.feed.limit == Some(0) {
            problem(
                "[feed]",
                "feed.limit must be a positive whole number, not 0".to_string(),
                "leave limit out to list every guide, or write e.g. limit = 20",
            );
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

pub const BASE_URL_HELP: &str = "write an http(s) URL such as \"https://example.org/guides/\", or a path such as \"/guides/\" or \"/\"";

/// Whether `base_url` is one every page, the sitemap and robots.txt can
/// carry as it is: an http(s) URL with a host and nothing after its path,
/// or a path from the root; either in URL-safe characters only. Anything
/// else (a backslash, a tab, a newline, `//host`) could send readers'
/// browsers to another site or write lines into robots.txt. The error
/// says what is wrong, to follow the key's or flag's name.
pub fn check_base_url(base_url: &str) -> Result<(), String> {
    let shown = crate::diagnostic::excerpt(base_url);
    if base_url.is_empty() {
        return Err("is empty".to_string());
    }
    if let Some(bad) = base_url.chars().find(|c| !is_url_safe(*c)) {
        return Err(format!(
            "`{}` holds {}, which a URL may not",
            shown.escape_debug(),
            describe(bad)
        ));
    }
    if base_url.starts_with("//") {
        return Err(format!(
            "`{shown}` starts with `//`, which browsers read as another host"
        ));
    }
    if base_url.starts_with('/') {
        return if base_url.contains(['?', '#']) {
            Err(format!(
                "`{shown}` has a query or fragment; a base path ends at its path"
            ))
        } else {
            Ok(())
        };
    }
    let Some((scheme, authority)) = base_url.split_once("://") else {
        return Err(format!(
            "`{shown}` has no scheme: write `https://{}`",
            base_url.trim_start_matches('/')
        ));
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(format!(
            "`{shown}` uses {scheme}://; a site is published over http:// or https://"
        ));
    }
    // `https:///x/` would parse with `x` as its host.
    if authority.is_empty() || authority.starts_with('/') {
        return Err(format!("`{shown}` names no host"));
    }
    let url = url::Url::parse(base_url).map_err(|err| format!("`{shown}` is not a URL: {err}"))?;
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("`{shown}` names no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!("`{shown}` carries a user name or password"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "`{shown}` has a query or fragment; a base URL ends at its path"
        ));
    }
    Ok(())
}

/// The characters a base URL may hold: unreserved, `%` escapes, and the
/// delimiters of scheme, host, port and path. No quote, angle bracket,
/// backslash, space or control character.
fn is_url_safe(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~%/:@!$&()*+,;=[]?#".contains(c)
}

fn describe(c: char) -> String {
    match c {
        '\\' => "a backslash".to_string(),
        '\t' => "a tab".to_string(),
        '\n' | '\r' => "a line break".to_string(),
        ' ' => "a space".to_string(),
        c if c.is_control() => format!("the control character U+{:04X}", c as u32),
        c => format!("`{c}`"),
    }
}

/// A value of the wrong type, in the terms of site.toml rather than of
/// Rust (`limits.compare_per_company must be a whole number, not "8"`,
/// not `invalid type: string "8", expected usize`), with a help line that
/// fits it. `None` for every other error.
fn type_error(err: &toml::de::Error) -> Option<(String, Option<&'static str>)> {
    let (found, expected) = err
        .message()
        .trim()
        .strip_prefix("invalid type: ")?
        .split_once(", expected ")?;
    // The error names its key only when printed without the document.
    let mut detached = err.clone();
    detached.set_input(None);
    let printed = detached.to_string();
    let key = printed
        .lines()
        .find_map(|line| line.strip_prefix("in `")?.strip_suffix('`'))?
        .to_string();
    let quoted_text = found.strip_prefix("string ");
    let found = match (quoted_text, found.split_once('`')) {
        (Some(text), _) => text.to_string(),
        (None, Some((_, rest))) => rest.trim_end_matches('`').to_string(),
        (None, None) => found.to_string(),
    };
    let (expected, help) = match expected {
        "usize" | "u64" | "u32" | "u16" | "u8" | "i64" | "i32" => (
            "a whole number",
            quoted_text.map(|_| "write the number without quotes"),
        ),
        "f64" | "f32" => (
            "a number",
            quoted_text.map(|_| "write the number without quotes"),
        ),
        "a string" => ("text in quotes", Some("put the value in double quotes")),
        "a boolean" => ("true or false", None),
        other => (other, None),
    };
    Some((format!("{key} must be {expected}, not {found}"), help))
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
        format!(
            "no {CONFIG_FILE} in {}",
            // The folder as the user would look for it, not `.`.
            root.canonicalize()
                .or_else(|_| std::path::absolute(root))
                .map_or_else(
                    |_| crate::content::display_path(root),
                    |abs| abs.display().to_string()
                )
        ),
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
