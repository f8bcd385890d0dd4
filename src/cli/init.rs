//! `guidepress init`: a new site to start from.

use super::scaffold::{self, Outcome};
use crate::diagnostic::Diagnostic;
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Start a new site, with an example guide.
///
/// Writes site.toml (every key explained), content/ with an example guide
/// that checks clean, empty templates/ and static/ (each with a .gitkeep, so
/// git keeps them), and a .gitignore. The folder is created if missing. A folder that is not empty is refused
/// unless --force is given; even then no file is overwritten: the ones that
/// exist are kept and listed as skipped.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  guidepress init my-site          # then: cd my-site && guidepress serve\n  guidepress init                  # in the current folder, when it is empty\n  guidepress init --force .        # add what is missing, keep every file there"
)]
pub struct InitArgs {
    /// The folder for the new site, e.g. `my-site` (default: the current folder, or -r DIR).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Write into a folder that is not empty: only files that do not exist yet are written.
    #[arg(long)]
    pub force: bool,
}

pub fn run(root: &Path, args: InitArgs) -> Result<ExitCode, Vec<Diagnostic>> {
    let dir = args.dir.unwrap_or_else(|| root.to_path_buf());
    let shown = crate::content::display_path(&dir);
    scaffold::create_dir(&dir).map_err(|d| vec![d])?;
    let occupied = std::fs::read_dir(&dir)
        .map(|mut entries| entries.next().is_some())
        .unwrap_or(false);
    if occupied && !args.force {
        return Err(vec![scaffold::refusal(
            &dir,
            format!("{shown} is not empty: nothing written"),
            "name a new folder (`guidepress init my-site`), or pass --force to add only the files that are missing",
        )]);
    }
    let content = dir.join("content");
    let templates = dir.join("templates");
    let static_files = dir.join("static");
    for folder in [&content, &templates, &static_files] {
        scaffold::create_dir(folder).map_err(|d| vec![d])?;
    }
    let files = [
        (dir.join(crate::config::CONFIG_FILE), scaffold::SITE_TOML),
        (
            content.join(scaffold::EXAMPLE_GUIDE_FILE),
            scaffold::EXAMPLE_GUIDE,
        ),
        (dir.join(".gitignore"), scaffold::GITIGNORE),
        (templates.join(scaffold::GITKEEP_FILE), ""),
        (static_files.join(scaffold::GITKEEP_FILE), ""),
    ];
    let mut written = 0;
    for (path, text) in &files {
        let outcome = scaffold::create(path, text).map_err(|d| vec![d])?;
        let path = crate::content::display_path(path);
        match outcome {
            Outcome::Created => {
                written += 1;
                println!("created {path}");
            }
            Outcome::Kept => println!("skipped {path} (exists, left as it was)"),
        }
    }
    if written == 0 {
        println!("\nNothing written: every file init makes is already in {shown}.");
        return Ok(ExitCode::SUCCESS);
    }
    if dir == Path::new(".") {
        println!("\nA new site is in this folder. Next:");
    } else {
        println!("\nA new site is in {shown}. Next:\n  cd {shown}");
    }
    println!(
        "  guidepress serve --open                 # preview while you write\n  \
         guidepress new \"Company\" \"Role\"         # a guide to fill in\n  \
         guidepress check                        # every problem, like a compiler\n  \
         guidepress build                        # the site, into public/"
    );
    Ok(ExitCode::SUCCESS)
}
