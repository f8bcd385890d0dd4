//! The command line: one module per subcommand.

mod build;
mod check;
mod completions;
mod export;
mod init;
mod new;
mod scaffold;
mod serve;

use crate::diagnostic::{self, Code, Diagnostic, render};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "guidepress",
    version,
    about = "A static site generator for compensation negotiation guides",
    long_about = "guidepress reads one markdown guide per company × role, checks its figures, \
                  and builds a cross-linked site for comparing offers.\n\n\
                  Run it in a site's folder (the one with site.toml), or point at one with -r; \
                  relative paths given to check, export and build (PATH, -o) are relative to that folder. \
                  New here? `guidepress init my-site` starts a site.",
    after_help = "Examples:\n  guidepress init my-site && cd my-site\n  guidepress new \"Acme\" \"Staff Engineer\" --regions \"Austin,London\"\n  guidepress serve --open\n  guidepress check\n  guidepress build -u https://example.org/guides/\n  guidepress -r ../my-site export -o guides.json"
)]
pub struct Cli {
    /// The site's folder: where site.toml is, e.g. `-r ../my-site`.
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
    Init(init::InitArgs),
    New(new::NewArgs),
    Check(check::CheckArgs),
    Build(build::BuildArgs),
    Serve(serve::ServeArgs),
    Export(export::ExportArgs),
    Completions(completions::CompletionsArgs),
}

/// Runs the command line; the process exit code says how it went.
pub fn main() -> ExitCode {
    crate::alloc::keep_freed_memory();
    let cli = Cli::parse();
    // init makes the folder; completions needs none.
    let needs_site = !matches!(cli.command, Command::Init(_) | Command::Completions(_));
    let root = if needs_site {
        match site_root(&cli.root) {
            Ok(root) => root,
            Err(diagnostic) => {
                match &cli.command {
                    // A script reading JSON gets the error as JSON, as it
                    // does a missing site.toml.
                    Command::Check(args) if args.format == check::Format::Json => {
                        check::print_json(&[diagnostic]);
                    }
                    _ => print_diagnostics(&[diagnostic]),
                }
                return ExitCode::FAILURE;
            }
        }
    } else {
        cli.root.clone()
    };
    let outcome = match cli.command {
        Command::Init(args) => init::run(&root, args),
        Command::New(args) => new::run(&root, args),
        Command::Check(args) => check::run(&root, args),
        Command::Build(args) => build::run(&root, args),
        Command::Serve(args) => serve::run(&root, args),
        Command::Export(args) => export::run(&root, args),
        Command::Completions(args) => completions::run(args),
    };
    match outcome {
        Ok(code) => code,
        Err(diagnostics) => {
            print_diagnostics(&diagnostics);
            ExitCode::FAILURE
        }
    }
}

/// The site's folder from `-r`: a path to its site.toml stands for the
/// folder it is in (a common slip), and a folder that does not exist is
/// named as such rather than as one without a site.toml.
fn site_root(root: &Path) -> Result<PathBuf, Diagnostic> {
    let shown = crate::content::display_path(root);
    if root.is_file() {
        if root.file_name() == Some(std::ffi::OsStr::new(crate::config::CONFIG_FILE)) {
            let folder = root.parent().filter(|p| !p.as_os_str().is_empty());
            return Ok(folder.unwrap_or(Path::new(".")).to_path_buf());
        }
        return Err(Diagnostic::new(
            Code::SiteConfig,
            "-r/--root",
            format!("-r {shown} is a file, not a folder"),
        )
        .help("-r takes the site's folder, the one with site.toml, e.g. `-r ../my-site`"));
    }
    if !root.exists() {
        return Err(Diagnostic::new(
            Code::SiteConfig,
            "-r/--root",
            format!("-r {shown}: the folder does not exist"),
        )
        .help(format!(
            "check the path; to start a new site there, run `guidepress init {shown}`"
        )));
    }
    Ok(root.to_path_buf())
}

/// Paths typed on the command line, relative to the site root as every
/// path in site.toml and `build -o` are: one rule, whatever `-r` says.
/// Absolute paths stay as they are.
pub(crate) fn from_site_root(root: &Path, paths: &[PathBuf]) -> Vec<PathBuf> {
    paths.iter().map(|path| root.join(path)).collect()
}

/// Writes diagnostics to stderr, rendered like rustc.
pub(crate) fn print_diagnostics(diagnostics: &[Diagnostic]) {
    eprint!(
        "{}",
        render::render_all(diagnostics, render::stderr_wants_colour())
    );
}

/// A site's diagnostics to stderr: a file's placeholder warnings (W014) are
/// counted on one line unless `every_placeholder`.
pub(crate) fn print_site_diagnostics(diagnostics: &[Diagnostic], every_placeholder: bool) {
    if every_placeholder {
        print_diagnostics(diagnostics);
    } else {
        eprint!(
            "{}",
            render::render_all_grouped(diagnostics, render::stderr_wants_colour())
        );
    }
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

/// ` (2 drafts left out: `build --drafts` includes them)`, or nothing.
pub fn drafts_note(left_out: usize, command: &str) -> String {
    match left_out {
        0 => String::new(),
        1 => format!(" (1 draft left out: `{command} --drafts` includes it)"),
        n => format!(" ({n} drafts left out: `{command} --drafts` includes them)"),
    }
}

/// `-u/--base-url` of `build` and `serve`, checked by the rule of
/// `base_url` in site.toml.
pub fn check_base_url_flag(flag: &str) -> Result<(), crate::diagnostic::Diagnostic> {
    crate::config::check_base_url(flag).map_err(|message| {
        crate::diagnostic::Diagnostic::new(
            crate::diagnostic::Code::SiteConfig,
            "-u/--base-url",
            format!("-u {message}"),
        )
        .help(crate::config::BASE_URL_HELP)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every command explains itself: an about, examples, and help on every
    /// flag, each flag shown in an example.
    #[test]
    fn every_command_and_flag_has_help_and_examples() {
        let cli = Cli::command();
        cli.clone().debug_assert();
        for command in cli.get_subcommands() {
            let name = command.get_name();
            assert!(command.get_about().is_some(), "{name} has no about");
            let examples = command
                .get_after_help()
                .map(ToString::to_string)
                .unwrap_or_default();
            assert!(
                examples.starts_with("Examples:\n  guidepress"),
                "{name} has no examples"
            );
            for arg in command.get_arguments() {
                let id = arg.get_id().as_str();
                if id == "help" || id == "version" {
                    continue;
                }
                assert!(arg.get_help().is_some(), "{name} {id} has no help");
                // Every flag is shown in use, by its long or short name.
                if !arg.is_positional() {
                    let long = arg.get_long().map(|l| format!("--{l}"));
                    let short = arg.get_short().map(|s| format!("-{s}"));
                    let shown = [long, short].into_iter().flatten().any(|flag| {
                        examples
                            .split(|c: char| c.is_whitespace())
                            .any(|word| word == flag)
                    });
                    assert!(shown, "{name} {id} appears in no example");
                }
            }
        }
        assert!(cli.get_after_help().is_some());
    }
}
