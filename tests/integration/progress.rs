//! The build's progress bar: on a terminal (a pty made by `script`) once a
//! build runs past its delay; never in a pipe, never with --quiet. The tests
//! set the delay (`GUIDEPRESS_PROGRESS_AFTER_MS`), so what they see does not
//! hang on how fast the machine is.

use crate::harness::{TempSite, fixture};
use regex::Regex;
use std::process::{Command, Stdio};

/// Enough guides that the pages phase lasts several redraws.
const GUIDES: usize = 300;
const ROLES: [&str; 10] = [
    "Staff Engineer",
    "Research Scientist",
    "Product Manager",
    "Data Scientist",
    "Security Engineer",
    "Design Engineer",
    "Solutions Architect",
    "Engineering Manager",
    "Data Engineer",
    "Frontend Engineer",
];

fn big_site() -> TempSite {
    let site = TempSite::new();
    let valid = fixture("valid.md");
    for i in 0..GUIDES {
        let company = format!("Company {:03}", i / ROLES.len());
        let role = ROLES[i % ROLES.len()];
        site.guide(
            &format!("g{i:04}.md"),
            valid
                .replace("Staff Engineer", role)
                .replace("Initech", &company),
        );
    }
    site
}

/// A drawn counted bar: `[=====>      ] 120/440`.
fn bar() -> Regex {
    Regex::new(r"\[[=> ]{30}\] \d+/\d+").unwrap()
}

/// Runs `build` with `extra` on a pseudo-terminal, the bar drawn after
/// `delay_ms`; returns what the terminal showed.
fn build_on_a_tty(site: &TempSite, extra: &str, delay_ms: u64) -> String {
    let binary = assert_cmd::cargo::cargo_bin("guidepress");
    let command = format!(
        "'{}' -r '{}' build {extra}",
        binary.display(),
        site.root().display()
    );
    let output = Command::new("script")
        .args(["-qfec", &command, "/dev/null"])
        .env("TERM", "xterm-256color")
        .env("NO_COLOR", "1")
        .env("GUIDEPRESS_PROGRESS_AFTER_MS", delay_ms.to_string())
        .stdin(Stdio::null())
        .output()
        .expect("`script` (util-linux) runs the build on a pty; .ci/run installs it");
    let shown = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(output.status.success(), "build on a tty failed: {shown}");
    shown
}

#[test]
fn a_long_build_shows_a_bar_on_a_terminal_and_nothing_in_a_pipe() {
    let site = big_site();

    let shown = build_on_a_tty(&site, "", 0);
    assert!(shown.contains("built 300 guides"), "summary: {shown}");
    assert!(
        bar().is_match(&shown),
        "a bar on the terminal: {}",
        shown.escape_debug()
    );
    assert!(shown.contains(" pages "), "the phase is named: {shown}");
    // The bar's line is cleared, then the summary is printed on it.
    let after_bar = shown.rsplit("\u{1b}[2K").next().unwrap_or_default();
    assert!(
        after_bar.trim_start().starts_with("built 300 guides"),
        "{}",
        after_bar.escape_debug()
    );

    let quiet = build_on_a_tty(&site, "--quiet", 0);
    assert!(quiet.contains("built 300 guides"), "summary: {quiet}");
    assert!(!bar().is_match(&quiet), "{}", quiet.escape_debug());
    assert!(!quiet.contains('\u{1b}'), "{}", quiet.escape_debug());

    let piped = site.cmd().arg("build").output().unwrap();
    assert!(piped.status.success());
    let stderr = String::from_utf8(piped.stderr).unwrap();
    assert!(stderr.contains("built 300 guides"), "{stderr}");
    assert!(!bar().is_match(&stderr), "{stderr}");
    assert!(
        !stderr.contains(['\r', '\u{1b}']),
        "{}",
        stderr.escape_debug()
    );
}

#[test]
fn verbose_prints_every_phase_with_its_time() {
    let site = TempSite::new();
    site.guide("valid.md", fixture("valid.md"));
    let output = site.cmd().args(["build", "-v"]).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    for phase in [
        "load and check",
        "theme",
        "templates",
        "site graph",
        "pages",
        "write data",
        "swap in",
    ] {
        let line = Regex::new(&format!(r"(?m)^  {phase} +\d+\.\d ms$")).unwrap();
        assert!(line.is_match(&stderr), "{phase} in {stderr}");
    }
    // Pages stream through these steps; each is summed over threads.
    for step in ["page data", "render", "link check", "write"] {
        let line = Regex::new(&format!(r"(?m)^    {step} +\d+\.\d ms$")).unwrap();
        assert!(line.is_match(&stderr), "{step} in {stderr}");
    }
    assert!(stderr.contains("built 1 guide into"), "{stderr}");
}

#[test]
fn a_build_done_before_the_delay_draws_nothing_on_a_terminal() {
    let site = TempSite::new();
    site.guide("valid.md", fixture("valid.md"));
    let shown = build_on_a_tty(&site, "", 600_000);
    assert!(shown.contains("built 1 guide into"), "summary: {shown}");
    assert!(!shown.contains('\u{1b}'), "{}", shown.escape_debug());
}
