//! `guidepress new`: a guide skeleton for a company and role.

use super::scaffold::{self, Outcome};
use crate::config::SiteConfig;
use crate::content::{LoadedFile, display_path};
use crate::diagnostic::{Code, Diagnostic};
use crate::load::{LoadOptions, load};
use clap::Args;
use std::path::Path;
use std::process::ExitCode;

/// Write a guide skeleton for a company and role, to fill in.
///
/// The skeleton has every section of the format, with `[TODO: …]`
/// placeholders where the figures and the text go. The file is named by the guide's slug, as the build makes it:
/// content_dir/<company>-<role>.md. `check` warns (W014) at each placeholder
/// until it is filled in. An existing file, or another guide for the same
/// company and role, is never overwritten. The path is printed on stdout.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  guidepress new \"Acme Robotics\" \"Staff Software Engineer\"\n  guidepress new Acme \"ML Engineer\" --regions \"San Francisco,London\"\n  $EDITOR \"$(guidepress new Acme \"Product Manager\")\""
)]
pub struct NewArgs {
    /// The company, as the guide's title names it, e.g. "Acme Robotics".
    pub company: String,

    /// The role, e.g. "Staff Software Engineer".
    pub role: String,

    /// The band table's regions, comma-separated, a row each, e.g. "San Francisco,London".
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub regions: Vec<String>,
}

/// A name that would break the line it is written into.
fn bad_name(what: &str, name: &str) -> Option<Diagnostic> {
    let problem = if name.is_empty() {
        "is empty"
    } else if name.contains('|') {
        "contains `|`, which separates role and company in a title and cells in a table"
    } else if name.chars().any(char::is_control) {
        "contains a line break or a control character"
    } else if name.contains(['[', ']']) {
        "contains `[` or `]`, which mark placeholders"
    } else {
        return None;
    };
    Some(
        Diagnostic::new(
            Code::Scaffold,
            "new",
            format!("the {what} `{name}` {problem}: nothing written"),
        )
        .help(format!(
            "write the {what} as it should read in the guide's title"
        )),
    )
}

pub fn run(root: &Path, args: NewArgs) -> Result<ExitCode, Vec<Diagnostic>> {
    let company = args.company.trim();
    let role = args.role.trim();
    // Hugo's `hugo new site NAME`: a guide for a company called "site" is
    // never what was meant. A company spelled "Site" is still taken.
    if company == "site" {
        return Err(vec![
            Diagnostic::new(
                Code::Scaffold,
                "new",
                format!(
                    "`guidepress new site {role}` would write a guide for a company named \"site\": nothing written"
                ),
            )
            .help(format!(
                "to start a new site, run `guidepress init {role}`; `new` writes a guide: `guidepress new \"Company\" \"Role\"`"
            )),
        ]);
    }
    let mut regions: Vec<String> = args
        .regions
        .iter()
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .collect();
    let problems: Vec<Diagnostic> = [("company", company), ("role", role)]
        .into_iter()
        .chain(regions.iter().map(|r| ("region", r.as_str())))
        .filter_map(|(what, name)| bad_name(what, name))
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    if regions.is_empty() {
        regions.push(scaffold::REGION_PLACEHOLDER.to_string());
    }
    let config = SiteConfig::load(root)?;
    let text = scaffold::skeleton(company, role, &regions).map_err(|err| {
        vec![Diagnostic::new(
            Code::Scaffold,
            "new",
            format!("cannot write the skeleton: {err}"),
        )]
    })?;

    // The slug exactly as the build will make it: parse the skeleton like any guide.
    let companies = config.company_index();
    let parsed = crate::parse::parse_guide(&LoadedFile::from_text("new.md", &text), &companies);
    let Some(guide) = parsed.guide.map(|p| p.guide) else {
        return Err(parsed
            .diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect());
    };
    if guide.role != role || guide.company != companies.canonical_name(company) {
        return Err(vec![Diagnostic::new(
            Code::Scaffold,
            "new",
            format!("`{role} | {company}` does not read back as a role and a company: nothing written"),
        )
        .help("leave markdown (`*`, `_`, backquotes) out of the names")]);
    }
    let placeholders = parsed
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::Unfilled)
        .count();

    let content_dir = root.join(&config.content_dir);
    let path = content_dir.join(scaffold::guide_file_name(&guide.slug));
    let shown = display_path(&path);
    if let Ok(site) = load(
        root,
        &LoadOptions {
            paths: Vec::new(),
            drafts: true,
        },
    ) && let Some(existing) = site.guides.iter().find(|g| g.slug == guide.slug)
    {
        let existing = display_path(&content_dir.join(&existing.source));
        return Err(vec![scaffold::refusal(
            &path,
            format!(
                "{existing} is already the guide for {} at {}: nothing written",
                guide.role, guide.company
            ),
            "edit that guide; two guides with one slug is error E015",
        )]);
    }
    scaffold::create_dir(&content_dir).map_err(|d| vec![d])?;
    if scaffold::create(&path, &text).map_err(|d| vec![d])? == Outcome::Kept {
        return Err(vec![scaffold::refusal(
            &path,
            format!("{shown} exists: nothing written"),
            "edit it, or move it away first",
        )]);
    }
    println!("{shown}");
    eprintln!(
        "wrote a guide skeleton for {} at {}: fill in its {placeholders} `[TODO: …]` placeholders; \
         `guidepress check` lists those left (W014)",
        guide.role, guide.company
    );
    Ok(ExitCode::SUCCESS)
}
