//! The command line: one module per subcommand.

mod build;
mod check;
mod export;
mod serve;

use crate::diagnostic::{self, Diagnostic, render};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "guidepress",
    version,
    about = "A static site generator for compensation negotiation guides",
    long_about = "guidepress reads one markdown guide per company × role, checks its figures, \
                  and builds a cross-linked site for comparing offers.\n\n\
                  Run it in a site's folder (the one with site.toml), or point at one with -r.",
    after_help = "Examples:\n  guidepress check\n  guidepress -r ../my-site check --format json\n  guidepress export -o guides.json"
)]
pub struct Cli {
    /// The site's folder: where site.toml is.
    #[arg(
        short = 'r',
        long = "root",
        global = true,
        default_value = ".",
        value_name = "DIR"
    )]
    pub root: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Build(build::BuildArgs),
    Check(check::CheckArgs),
    Export(export::ExportArgs),
    Serve(serve::ServeArgs),
}

/// Runs the command line; the process exit code says how it went.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Build(args) => build::run(&cli.root, args),
        Command::Check(args) => check::run(&cli.root, args),
        Command::Export(args) => export::run(&cli.root, args),
        Command::Serve(args) => serve::run(&cli.root, args),
    };
    match outcome {
        Ok(code) => code,
        Err(diagnostics) => {
            print_diagnostics(&diagnostics);
            ExitCode::FAILURE
        }
    }
}

/// Writes diagnostics to stderr, rendered like rustc.
pub(crate) fn print_diagnostics(diagnostics: &[Diagnostic]) {
    eprint!(
        "{}",
        render::render_all(diagnostics, render::stderr_wants_colour())
    );
}

/// `1 guide`, `2 guides`.
pub(crate) fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// `3 guides: 1 error, 2 warnings`.
pub(crate) fn summary(guides: usize, diagnostics: &[Diagnostic]) -> String {
    let (errors, warnings) = diagnostic::count(diagnostics);
    format!(
        "{}: {}, {}",
        plural(guides, "guide"),
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}
