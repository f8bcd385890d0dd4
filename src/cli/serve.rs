//! `guidepress serve`: preview the site while writing, with live reload.

use crate::diagnostic::Diagnostic;
use crate::serve::{ServeOptions, serve};
use clap::Args;
use std::net::IpAddr;
use std::path::Path;
use std::process::ExitCode;

/// Serve the site while you write, reloading the browser on every save.
///
/// Every save rebuilds what it touches; errors show in the page. Nothing is written to the output dir. Default address 127.0.0.1:1111; if
/// 1111 is busy the next free port is used.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  guidepress serve\n  guidepress serve -p 8080 --open\n  guidepress serve -i 0.0.0.0 --drafts\n  guidepress serve -i 0.0.0.0 --allow-host mybox.lan   # reached by name from other machines\n  guidepress serve -q         # no progress bar for the first build"
)]
pub struct ServeArgs {
    /// Port to listen on, e.g. `-p 8080` (default 1111, or the next free one). A busy port named here is an error.
    #[arg(short = 'p', long = "port")]
    pub port: Option<u16>,

    /// Interface to listen on, e.g. `-i 0.0.0.0` to be reached from other machines.
    #[arg(short = 'i', long = "interface", default_value = "127.0.0.1")]
    pub interface: IpAddr,

    /// Open the site in a browser.
    #[arg(long)]
    pub open: bool,

    /// Include guides marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,

    /// Draw no progress bar for the first build, even on a terminal.
    #[arg(short = 'q', long)]
    pub quiet: bool,

    /// Also answer requests that name this host, e.g. `--allow-host mybox.lan` (repeatable).
    /// Without it, only IP addresses and `localhost` are answered, so that no web page can
    /// read the server by pointing a name of its own at this machine (DNS rebinding).
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allow_host: Vec<String>,
}

/// Threads reading the files that HTTP responses serve.
const BLOCKING_THREADS: usize = 4;

pub fn run(root: &Path, args: ServeArgs) -> Result<ExitCode, Vec<Diagnostic>> {
    // Without a site.toml there is no site to wait for: served, every page
    // would be an error until `init`, which the server would not notice.
    // A site.toml with errors is served: fixing it rebuilds.
    if !root.join(crate::config::CONFIG_FILE).is_file() {
        crate::config::SiteConfig::load(root)?;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // File reads run on the blocking pool. Its default of 512 threads
        // buys nothing on a developer's machine, and each thread that ends
        // leaves behind allocator memory that later threads barely reuse
        // (`alloc` keeps freed memory): with the default, each burst of 200
        // clients grew the server by about 20 MB; with 4 threads it settles
        // after two bursts, at the same requests per second (the load test
        // in tests/integration, figures in BENCHMARKS.md).
        .max_blocking_threads(BLOCKING_THREADS)
        .build()
        .map_err(|e| {
            vec![Diagnostic::new(
                crate::diagnostic::Code::Serve,
                "serve",
                format!("cannot start: {e}"),
            )]
        })?;
    runtime.block_on(serve(ServeOptions {
        root: root.to_path_buf(),
        port: args.port,
        interface: args.interface,
        open: args.open,
        drafts: args.drafts,
        quiet: args.quiet,
        allowed_hosts: args.allow_host,
    }))?;
    Ok(ExitCode::SUCCESS)
}
