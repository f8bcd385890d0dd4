//! `guidepress serve`: preview the site while writing, with live reload.

use crate::diagnostic::{Code, Diagnostic};
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
    after_help = "Examples:\n  guidepress serve\n  guidepress serve -p 8080 --open\n  guidepress serve -i 0.0.0.0 --drafts\n  guidepress serve -i 0.0.0.0 --allow-host mybox.lan   # reached by name from other machines\n  guidepress serve -q         # no progress bar for the first build\n  guidepress serve -i 0.0.0.0 -u http://mybox.lan:1111/   # absolute links to this machine"
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

    /// Write absolute links (canonical, sitemap, robots.txt) under this origin instead of
    /// the bare path, e.g. `-u http://mybox.lan:1111/` with `-i 0.0.0.0`. Pages are served at `/`,
    /// so a path after the host is refused: preview one with `build -u` and any static server.
    #[arg(
        short = 'u',
        long = "base-url",
        value_name = "URL",
        default_value = "/"
    )]
    pub base_url: String,

    /// Also answer requests that name this host, e.g. `--allow-host mybox.lan` (repeatable).
    /// Without it, only IP addresses and `localhost` are answered, so that no web page can
    /// read the server by pointing a name of its own at this machine (DNS rebinding).
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allow_host: Vec<String>,
}

/// Threads reading the files that HTTP responses serve.
const BLOCKING_THREADS: usize = 4;

/// `-u` checked as `build -u` is, and holding no path: the server answers at `/`.
fn check_base_url(base_url: &str) -> Result<(), Diagnostic> {
    super::check_base_url_flag(base_url)?;
    if crate::site::urls::Urls::new(base_url).prefix() != "/" {
        return Err(Diagnostic::new(
            Code::SiteConfig,
            "-u/--base-url",
            format!("-u {base_url} has a path: serve answers at `/`, so its links would all miss"),
        )
        .help(
            "give the origin alone, e.g. `-u http://mybox.lan:1111/`; to preview a site under a path, \
             `guidepress build -u /guides/` and serve the output with any static server",
        ));
    }
    Ok(())
}

pub fn run(root: &Path, args: ServeArgs) -> Result<ExitCode, Vec<Diagnostic>> {
    check_base_url(&args.base_url).map_err(|d| vec![d])?;
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
                Code::Serve,
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
        base_url: args.base_url,
    }))?;
    Ok(ExitCode::SUCCESS)
}
