//! `guidepress completions`: a completion script for the user's shell.

use crate::diagnostic::{Code, Diagnostic};
use clap::{Args, CommandFactory};
use clap_complete::Shell;
use std::io::Write;
use std::process::ExitCode;

/// Print a completion script for your shell.
///
/// Install it where the shell looks for completions (see the examples),
/// then start a new shell.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  guidepress completions bash > ~/.local/share/bash-completion/completions/guidepress\n  guidepress completions zsh > ~/.zfunc/_guidepress    # with fpath+=(~/.zfunc) before compinit\n  guidepress completions fish > ~/.config/fish/completions/guidepress.fish\n  guidepress completions powershell >> $PROFILE"
)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, powershell or elvish.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

pub fn run(args: CompletionsArgs) -> Result<ExitCode, Vec<Diagnostic>> {
    // Into memory first: clap_complete panics when its writer fails.
    let mut script = Vec::new();
    clap_complete::generate(
        args.shell,
        &mut super::Cli::command(),
        "guidepress",
        &mut script,
    );
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(&script).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        // A closed pipe (`| head`) is the reader's choice, not a failure.
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(err) => Err(vec![Diagnostic::new(
            Code::WriteFailed,
            "stdout",
            format!("cannot write the completion script: {err}"),
        )]),
    }
}
