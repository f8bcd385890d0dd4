//! `guidepress serve` over real HTTP, on an ephemeral port.

use crate::harness::{TempSite, fixture};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running server, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &TempSite, args: &[&str]) -> Server {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("guidepress"))
        .arg("-r")
        .arg(site.root())
        .args(["serve", "-p", "0"])
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    Server { child, port }
}

/// One raw HTTP/1.1 request (raw, so paths like `/../x` reach the server
/// as written): status and body.
fn request(port: u16, method: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).to_string();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn get(port: u16, path: &str) -> (u16, String) {
    request(port, "GET", path)
}

/// Polls until `check` holds on the page, or fails after 10 s.
fn eventually(port: u16, path: &str, what: &str, check: impl Fn(u16, &str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (status, body) = get(port, path);
        if check(status, &body) {
            return body;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out waiting for {what} on {path}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Reads server-sent events until one `reload` with a version above `after`.
fn next_reload(events: &mut BufReader<TcpStream>, after: u64) -> u64 {
    next_reload_event(events, after)["version"]
        .as_u64()
        .unwrap()
}

fn subscribe(port: u16) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET /__guidepress/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    BufReader::new(stream)
}

#[test]
fn edits_reload_errors_overlay_and_deletions_over_http() {
    let site = TempSite::example();
    let server = start(&site, &[]);
    let port = server.port;
    let (status, page) = get(port, "/companies/openai/ml-ai-engineer/");
    assert_eq!(status, 200);
    assert!(
        page.contains("EventSource(\"/__guidepress/events\")"),
        "the reload script is injected"
    );
    assert!(!page.contains("guidepress-overlay"));

    let mut events = subscribe(port);
    let first = next_reload(&mut events, 0);

    // Edit: a reload event, then the new page.
    let guide = site.content().join("openai-ml-ai-engineer.md");
    let text = std::fs::read_to_string(&guide).unwrap();
    std::fs::write(
        &guide,
        text.replacen(
            "**Negotiation DNA**\n",
            "**Negotiation DNA**\nFreshly edited. ",
            1,
        ),
    )
    .unwrap();
    let event = next_reload_event(&mut events, first);
    let edited = event["version"].as_u64().unwrap();
    let (_, page) = get(port, "/companies/openai/ml-ai-engineer/");
    assert!(page.contains("Freshly edited."));
    // The event names the pages it changed, so other open pages stay put.
    let pages: Vec<&str> = event["pages"]
        .as_array()
        .expect("a prose edit names its pages")
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    assert!(
        pages.contains(&"/companies/openai/ml-ai-engineer/"),
        "{pages:?}"
    );
    assert!(
        !pages.contains(&"/companies/anthropic/ml-ai-engineer/"),
        "{pages:?}"
    );

    // Break: the last good page with an overlay naming file:line.
    std::fs::write(&guide, text.replace("| $245K-$340K |", "| $245K-$140K |")).unwrap();
    let broken = next_reload(&mut events, edited);
    let page = eventually(
        port,
        "/companies/openai/ml-ai-engineer/",
        "the overlay",
        |_, b| b.contains("guidepress-overlay"),
    );
    assert!(
        page.contains("openai-ml-ai-engineer.md:7:"),
        "overlay names the line"
    );
    assert!(page.contains("error[E014]"));
    assert!(
        page.contains("Freshly edited."),
        "the last good build is still served"
    );

    // Fix: the overlay is gone. (An edit can announce two versions: the
    // page being edited, then the site-wide pages; wait for the state.)
    std::fs::write(&guide, &text).unwrap();
    next_reload(&mut events, broken);
    eventually(
        port,
        "/companies/openai/ml-ai-engineer/",
        "no overlay",
        |_, b| !b.contains("guidepress-overlay"),
    );

    // Delete: 404 for its page and no link to it from its role hub.
    std::fs::remove_file(site.content().join("scale-ai-ml-ai-engineer.md")).unwrap();
    let body = eventually(
        port,
        "/companies/scale-ai/ml-ai-engineer/",
        "a 404",
        |status, _| status == 404,
    );
    assert!(body.contains("Page not found"), "the site's 404 page");
    let (_, role) = get(port, "/roles/ml-ai-engineer/");
    assert!(!role.contains("/companies/scale-ai/ml-ai-engineer/"));
    assert!(
        !site.root().join("public").exists(),
        "serve never writes the output dir"
    );
}

#[test]
fn only_get_and_head_and_nothing_outside_the_site() {
    let site = TempSite::new();
    site.guide("valid.md", fixture("valid.md"));
    std::fs::write(site.root().join("secret.txt"), "top secret").unwrap();
    let server = start(&site, &[]);
    let port = server.port;
    for path in [
        "/../secret.txt",
        "/../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2e%2e%2f%2e%2e%2fetc/passwd",
        "/companies/..%2f..%2f..%2fsecret.txt",
        "/..\\secret.txt",
        "http://127.0.0.1/../secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
    ] {
        let (status, body) = get(port, path);
        assert!(status == 404 || status == 400, "{path}: {status}");
        assert!(
            !body.contains("top secret") && !body.contains("root:"),
            "{path} leaked a file"
        );
    }
    assert_eq!(request(port, "POST", "/").0, 405);
    assert_eq!(request(port, "DELETE", "/companies/").0, 405);
    assert_eq!(request(port, "HEAD", "/").0, 200);
}

#[test]
fn a_first_build_that_fails_shows_the_errors_page_and_recovers() {
    let site = TempSite::new();
    site.guide("valid.md", fixture("diagnostics/E013-bad-money.md"));
    let server = start(&site, &[]);
    let port = server.port;
    let (status, body) = get(port, "/");
    assert_eq!(status, 500);
    assert!(body.contains("The site does not build yet"));
    assert!(body.contains("valid.md:7:11"));
    std::fs::write(site.content().join("valid.md"), fixture("valid.md")).unwrap();
    eventually(
        port,
        "/companies/initech/staff-engineer/",
        "recovery",
        |status, _| status == 200,
    );
}

#[test]
fn a_busy_port_named_with_p_is_an_error() {
    let site = TempSite::new();
    site.guide("valid.md", fixture("valid.md"));
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    site.cmd()
        .args(["serve", "-p", &port])
        .timeout(Duration::from_secs(20))
        .assert()
        .code(1)
        .stderr(predicates::str::contains("E025"))
        .stderr(predicates::str::contains(format!("port {port} is busy")))
        .stderr(predicates::str::contains(format!(":{port}")))
        .stderr(predicates::str::contains("pick another port with `-p"));
}

/// Reads events until a `reload` above `after`; returns its JSON.
fn next_reload_event(events: &mut BufReader<TcpStream>, after: u64) -> serde_json::Value {
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            events.read_line(&mut line).unwrap() > 0,
            "event stream closed"
        );
        if let Some(data) = line.trim().strip_prefix("data: ") {
            let event: serde_json::Value = serde_json::from_str(data).unwrap();
            if event["version"].as_u64().unwrap() > after {
                return event;
            }
        }
    }
}

#[test]
fn a_stylesheet_change_swaps_css_without_a_full_reload() {
    let site = TempSite::new();
    site.guide("valid.md", fixture("valid.md"));
    std::fs::create_dir_all(site.root().join("static/assets")).unwrap();
    std::fs::write(
        site.root().join("static/assets/style.css"),
        "body { color: black; }",
    )
    .unwrap();
    let server = start(&site, &[]);
    let mut events = subscribe(server.port);
    let first = next_reload(&mut events, 0);
    std::fs::write(
        site.root().join("static/assets/style.css"),
        "body { color: navy; }",
    )
    .unwrap();
    let event = next_reload_event(&mut events, first);
    assert_eq!(event["css_only"], true, "{event}");
    assert_eq!(
        get(server.port, "/assets/style.css").1,
        "body { color: navy; }"
    );
    let (_, page) = get(server.port, "/");
    assert!(
        page.contains("css_only"),
        "the page's script knows to swap stylesheets"
    );
}

#[test]
fn ctrl_c_stops_the_server_cleanly_even_with_listeners() {
    let site = TempSite::new();
    site.guide("valid.md", fixture("valid.md"));
    let mut server = start(&site, &[]);
    let mut events = subscribe(server.port);
    next_reload(&mut events, 0);
    let pid = server.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "serve did not stop on Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    let mut rest = String::new();
    let _ = events.read_to_string(&mut rest);
    assert!(
        TcpStream::connect(("127.0.0.1", server.port)).is_err(),
        "the port is free again"
    );
}
