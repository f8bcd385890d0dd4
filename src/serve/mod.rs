//! `guidepress serve`: builds the site with the one build pipeline into a
//! private mirror (a temporary folder; nothing is written into
//! `output_dir`), serves it on loopback, watches the files, rebuilds what
//! an edit touches with the build cache it keeps, and tells the browser to
//! reload. While the last edit has errors the last good site stays up
//! with an overlay listing them.

pub mod http;
pub mod inject;
pub mod mirror;
pub mod site;
pub mod watch;

use crate::config::SiteConfig;
use crate::diagnostic::{Code, Diagnostic, render};
use http::Status;
use site::{DevSite, Report};
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;
use tokio::sync::watch as channel;
use watch::Change;

pub struct ServeOptions {
    pub root: PathBuf,
    /// `None`: 1111, or the next free port.
    pub port: Option<u16>,
    pub interface: IpAddr,
    pub open: bool,
    pub drafts: bool,
    /// No progress bar for the first build.
    pub quiet: bool,
    /// Host names to answer besides IP literals and `localhost`.
    pub allowed_hosts: Vec<String>,
    /// What absolute links start with: `/`, or an origin (`-u`).
    pub base_url: String,
}

pub const DEFAULT_PORT: u16 = 1111;

fn serve_error(message: String, help: &str) -> Diagnostic {
    Diagnostic::new(Code::Serve, "serve", message).help(help.to_string())
}

/// Binds the port asked for, or the first free one from 1111 up.
async fn bind(
    options: &ServeOptions,
) -> Result<(tokio::net::TcpListener, Option<String>), Diagnostic> {
    if let Some(port) = options.port {
        let listener = tokio::net::TcpListener::bind((options.interface, port))
            .await
            .map_err(|err| {
                let interface = options.interface;
                if err.kind() == std::io::ErrorKind::AddrInUse {
                    serve_error(
                        format!("port {port} is busy: another program listens on {interface}:{port}"),
                        &format!("pick another port with `-p {}`, or leave -p out to take the first free one from {DEFAULT_PORT}", port.wrapping_add(1).max(1)),
                    )
                } else {
                    serve_error(
                        format!("cannot listen on {interface}:{port}: {err}"),
                        "the interface may not be this machine's, or the port may need privileges (below 1024): pick others with -i and -p",
                    )
                }
            })?;
        return Ok((listener, None));
    }
    for port in DEFAULT_PORT..DEFAULT_PORT + 50 {
        if let Ok(listener) = tokio::net::TcpListener::bind((options.interface, port)).await {
            let notice = (port != DEFAULT_PORT)
                .then(|| format!("port {DEFAULT_PORT} is busy, using {port}"));
            return Ok((listener, notice));
        }
    }
    Err(serve_error(
        format!(
            "no free port from {DEFAULT_PORT} to {} on {}",
            DEFAULT_PORT + 49,
            options.interface
        ),
        "name a free port with -p",
    ))
}

/// `has_site`: a good build has been served (the first build's errors
/// have no last good build to fall back on).
fn print_outcome(site: &DevSite, report: &Report, started: Instant, has_site: bool) {
    let colour = render::stderr_wants_colour();
    let errors = site.errors();
    if errors.is_empty() {
        eprintln!(
            "rebuilt in {} ms: {} guide{} re-parsed, {} page{} checked, {} re-rendered, {} file{} changed",
            started.elapsed().as_millis(),
            report.reparsed,
            if report.reparsed == 1 { "" } else { "s" },
            report.rebuilt,
            if report.rebuilt == 1 { "" } else { "s" },
            report.rerendered,
            report.changed.len() + report.removed.len(),
            if report.changed.len() + report.removed.len() == 1 {
                ""
            } else {
                "s"
            },
        );
    } else {
        let owned: Vec<Diagnostic> = errors.into_iter().cloned().collect();
        eprint!("{}", render::render_all(&owned, colour));
        let serving = if has_site {
            "serving the last good build with an overlay"
        } else {
            "every page shows the errors until the files are fixed"
        };
        eprintln!(
            "{} error{}: {serving}",
            owned.len(),
            if owned.len() == 1 { "" } else { "s" }
        );
    }
}

/// Above this many changed pages, every open page reloads.
const NAMED_PAGES: usize = 200;

fn status_of(
    site: &DevSite,
    version: u64,
    has_site: bool,
    report: &Report,
    after_errors: bool,
) -> Status {
    let errors: Vec<Diagnostic> = site.errors().into_iter().cloned().collect();
    // After errors every page shows the overlay, and must reload to lose it.
    let pages = (report.ok
        && errors.is_empty()
        && !after_errors
        && report.removed.is_empty()
        && report.changed.len() <= NAMED_PAGES)
        .then(|| {
            report
                .changed
                .iter()
                .filter(|path| path.ends_with(".html"))
                .flat_map(|path| {
                    let url = format!("/{path}");
                    let folder = url.strip_suffix("index.html").map(str::to_string);
                    folder.into_iter().chain([url])
                })
                .collect()
        });
    Status {
        version,
        errors,
        has_site,
        css_only: report.ok
            && !report.changed.is_empty()
            && report.removed.is_empty()
            && report.changed.iter().all(|p| p.ends_with(".css")),
        pages,
    }
}

/// Event paths as the site knows them: relative to the root it was given.
fn localize(paths: Vec<PathBuf>, canonical_root: &Path, root: &Path) -> Vec<PathBuf> {
    paths
        .into_iter()
        .map(|path| match path.strip_prefix(canonical_root) {
            Ok(relative) => root.join(relative),
            Err(_) => path,
        })
        .collect()
}

/// Starts watching; a site that cannot be watched is still served.
fn start_watching(
    site: &DevSite,
    send: std::sync::mpsc::Sender<Vec<PathBuf>>,
) -> Option<watch::Watches> {
    let mut watches = watch::Watches::new(send)
        .inspect_err(|err| {
            eprintln!("error: cannot watch the site's files ({err}); edits will not rebuild")
        })
        .ok()?;
    // The first build has just read everything.
    watches.arm(&site.watched(), &[]);
    Some(watches)
}

/// Everything the rebuild thread owns.
struct Rebuilder {
    site: DevSite,
    status: channel::Sender<Arc<Status>>,
    has_site: bool,
    watches: Option<watch::Watches>,
    /// Keeps `receive` open when nothing could be watched: the server then
    /// goes on serving the site as it was, reload streams open.
    send: std::sync::mpsc::Sender<Vec<PathBuf>>,
    receive: std::sync::mpsc::Receiver<Vec<PathBuf>>,
    /// Set when the server stops: the loop ends at its next wake-up.
    stopping: Arc<AtomicBool>,
}

/// Waits for edits, rebuilds, updates the mirror, then announces the new
/// version. Ends when the server stops.
fn rebuild_loop(rebuilder: Rebuilder) {
    let Rebuilder {
        mut site,
        status,
        mut has_site,
        mut watches,
        send: _keeps_receive_open,
        receive,
        stopping,
    } = rebuilder;
    let canonical_root = site
        .root()
        .canonicalize()
        .unwrap_or_else(|_| site.root().to_path_buf());
    let mut version = status.borrow().version;
    let mut queued: Option<Vec<PathBuf>> = None;
    loop {
        let mut paths = match queued.take() {
            Some(paths) => paths,
            None => match receive.recv() {
                Ok(paths) => paths,
                Err(_) => break,
            },
        };
        if stopping.load(Ordering::Relaxed) {
            break;
        }
        // An atomic save or a checkout arrives as several batches: take them all.
        std::thread::sleep(std::time::Duration::from_millis(2));
        while let Ok(more) = receive.try_recv() {
            paths.extend(more);
        }
        let touched = paths.clone();
        let mut changes = watch::classify(
            &site.layout(),
            &localize(paths, &canonical_root, site.root()),
        );
        if let Some(watches) = &mut watches {
            // Watches first, then the disk: what was written where no watch
            // stood (a folder made again, site.toml back) is read after the
            // watch is made, so nothing falls between the two. A changed
            // site.toml may move the content dir or the theme: follow it.
            let wanted = if changes.contains(&Change::Config) {
                site::watched_places(site.root(), SiteConfig::load(site.root()).ok().as_ref())
            } else {
                site.watched()
            };
            changes.extend(watches.arm(&wanted, &touched));
            changes = watch::merge(changes);
        }
        if changes.is_empty() {
            continue;
        }
        let mut announce = |site: &DevSite, report: &Report, started: Instant| {
            has_site |= report.ok;
            version += 1;
            print_outcome(site, report, started, has_site);
            let after_errors = !status.borrow().errors.is_empty();
            let next = status_of(site, version, has_site, report, after_errors);
            status.send(Arc::new(next)).is_ok()
        };
        let started = Instant::now();
        let report = site.apply_first(&changes);
        if !announce(&site, &report, started) {
            break;
        }
        if site.has_deferred() {
            // The site-wide pages wait for the next edit, if one is queued.
            match receive.try_recv() {
                Ok(more) => {
                    queued = Some(more);
                    continue;
                }
                Err(std::sync::mpsc::TryRecvError::Disconnected) => break,
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
            }
            let started = Instant::now();
            if let Some(rest) = site.finish()
                && !announce(&site, &rest, started)
            {
                break;
            }
        }
    }
}

/// The names given with `--allow-host`, as requests name them.
fn allowed_hosts(names: &[String]) -> Result<Vec<String>, Diagnostic> {
    names
        .iter()
        .map(|name| {
            http::host_name(name)
                .filter(|host| !host.is_empty() && !name.contains([':', '/']))
                .ok_or_else(|| {
                    serve_error(
                        format!("`--allow-host {name}` is not a host name"),
                        "give the name alone, without scheme, port or path: `--allow-host guides.example.lan`",
                    )
                })
        })
        .collect()
}

pub async fn serve(options: ServeOptions) -> Result<(), Vec<Diagnostic>> {
    let allowed_hosts = allowed_hosts(&options.allowed_hosts).map_err(|d| vec![d])?;
    let (listener, notice) = bind(&options).await.map_err(|d| vec![d])?;
    let address: SocketAddr = listener
        .local_addr()
        .map_err(|e| vec![serve_error(e.to_string(), "try again")])?;
    let mirror = tempfile::Builder::new()
        .prefix("guidepress-serve-")
        .tempdir()
        .map_err(|e| {
            vec![serve_error(
                format!("cannot make a temporary folder: {e}"),
                "check TMPDIR",
            )]
        })?;
    let started = Instant::now();
    let bar = crate::progress::Bar::start(options.quiet);
    let (site, report) = DevSite::open_into(
        &options.root,
        options.drafts,
        &options.base_url,
        Some(mirror.path()),
        &bar,
    );
    bar.finish();
    print_outcome(&site, &report, started, report.ok);
    match site.drafts_left_out() {
        0 => {}
        1 => eprintln!("1 draft left out: `serve --drafts` shows it"),
        n => eprintln!("{n} drafts left out: `serve --drafts` shows them"),
    }
    let warnings: Vec<Diagnostic> = site
        .problems()
        .iter()
        .filter(|d| !d.is_error())
        .cloned()
        .collect();
    eprint!(
        "{}",
        render::render_all_grouped(&warnings, render::stderr_wants_colour())
    );

    let (status_send, status_receive) =
        channel::channel(Arc::new(status_of(&site, 1, report.ok, &report, true)));
    let (shutdown_send, shutdown_receive) = channel::channel(false);
    // Watch before announcing the address, so no edit made after it is missed.
    let (send, receive) = std::sync::mpsc::channel();
    let watches = start_watching(&site, send.clone());
    let stopping = Arc::new(AtomicBool::new(false));
    let wake = send.clone();
    let rebuilder = Rebuilder {
        site,
        status: status_send,
        has_site: report.ok,
        watches,
        send,
        receive,
        stopping: Arc::clone(&stopping),
    };
    let rebuilding = std::thread::spawn(move || rebuild_loop(rebuilder));

    if let Some(notice) = notice {
        eprintln!("{notice}");
    }
    // Bound to every interface (`-i 0.0.0.0`), the address itself is not
    // one a browser can open: name loopback here and say how others reach it.
    let url = if address.ip().is_unspecified() {
        format!("http://127.0.0.1:{}/", address.port())
    } else {
        format!("http://{address}/")
    };
    // A closed stdout (a pipe read for the address, then dropped) must not
    // stop the server, as `println!` would.
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "serving at {url} (Ctrl-C to stop)");
    if address.ip().is_unspecified() {
        let _ = writeln!(
            stdout,
            "listening on every interface: from another device open http://<this machine's IP address>:{}/ (`hostname -I` lists them); to use a name, add --allow-host NAME",
            address.port()
        );
    }
    let _ = stdout.flush();
    // The launcher's own error is an exit-status dump of a helper program
    // (xdg-open, gio…); what the user can do is the same whatever it says.
    if options.open && open::that(&url).is_err() {
        eprintln!("could not start a browser: open {url} in your browser");
    }
    let app = http::router(
        mirror.path(),
        http::AppState {
            status: status_receive,
            shutdown: shutdown_receive,
            mirror: Arc::new(
                mirror
                    .path()
                    .canonicalize()
                    .unwrap_or_else(|_| mirror.path().to_path_buf()),
            ),
            allowed_hosts: allowed_hosts.into(),
            url: if address.ip().is_unspecified() {
                format!("http://<this machine's IP address>:{}/", address.port()).into()
            } else {
                url.as_str().into()
            },
        },
    );
    let shutdown = async move {
        crate::signal::stop_requested().await;
        eprintln!("stopping");
        let _ = shutdown_send.send(true);
    };
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    // A rebuild still writing into the mirror would leave files behind
    // the folder's removal (a save just before Ctrl-C): let it finish.
    stopping.store(true, Ordering::Relaxed);
    let _ = wake.send(Vec::new());
    let _ = rebuilding.join();
    drop(mirror);
    served.map_err(|e| vec![serve_error(format!("server failed: {e}"), "try again")])
}
