//! The Atom feed (`/atom.xml`) and as-of dates (issue 14, items 3 and 4):
//! the feed checked by a real validator (xmllint against RFC 4287's
//! RelaxNG schema), dates checked on built pages.

use crate::harness::{TempSite, fixture, fixtures};
use regex::Regex;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, SystemTime};

/// `valid.md` as another company's guide, with front matter when given.
fn guide(company: &str, front_matter: &str) -> String {
    let body = fixture("valid.md").replace("Initech", company);
    if front_matter.is_empty() {
        body
    } else {
        format!("+++\n{front_matter}\n+++\n{body}")
    }
}

/// Sets a file's modification time to `seconds` after the Unix epoch.
fn set_mtime(path: &Path, seconds: u64) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|file| file.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds)))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// xmllint's verdict on `feed` against the Atom schema: Ok, or its complaint.
fn validate_atom(feed: &Path) -> Result<(), String> {
    let output = Command::new("xmllint")
        .arg("--noout")
        .arg("--relaxng")
        .arg(fixtures().join("atom/atom.rng"))
        .arg(feed)
        .output()
        .expect("xmllint (libxml2-utils) validates the feed; .ci/run installs it");
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).to_string())
    }
}

/// Every `<tag>` text in `xml`, in order (the feed has no nested tags of
/// these names).
fn texts(xml: &str, tag: &str) -> Vec<String> {
    Regex::new(&format!("<{tag}>([^<]*)</{tag}>"))
        .unwrap()
        .captures_iter(xml)
        .map(|c| c[1].to_string())
        .collect()
}

#[test]
fn the_schema_rejects_a_feed_that_is_not_atom() {
    // The validator must be able to fail: a feed without its id is not Atom.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.xml");
    std::fs::write(
        &bad,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><updated>2026-01-01T00:00:00Z</updated></feed>",
    )
    .unwrap();
    assert!(validate_atom(&bad).is_err());
}

#[test]
fn the_feed_is_valid_atom_with_one_entry_per_guide_newest_first() {
    let site = TempSite::new();
    site.guide("older.md", guide("Globex", "updated = 2025-03-01"));
    site.guide("newer.md", guide("Hooli", "updated = 2026-10-01"));
    // No `updated` and no git: the file's modification time (2024-02-29 13:45:07 UTC).
    site.guide("undated.md", guide("Initech", ""));
    set_mtime(&site.content().join("undated.md"), 1_709_214_307);
    site.guide(
        "draft.md",
        guide("Umbrella", "draft = true\nupdated = 2027-01-01"),
    );
    let public = site.build(&["--drafts"]);
    validate_atom(&public.join("atom.xml")).unwrap();
    let feed = site.read("public/atom.xml");

    // Drafts are built with --drafts but never announced.
    assert_eq!(
        texts(&feed, "title")[1..],
        [
            "Staff Engineer at Hooli",
            "Staff Engineer at Globex",
            "Staff Engineer at Initech"
        ]
    );
    assert_eq!(
        texts(&feed, "updated"),
        [
            "2026-10-01T00:00:00Z", // the feed: its newest entry
            "2026-10-01T00:00:00Z",
            "2025-03-01T00:00:00Z",
            "2024-02-29T13:45:07Z",
        ]
    );
    assert!(feed.contains(
        r#"<link rel="alternate" type="text/html" href="https://example.org/guides/companies/hooli/staff-engineer/"/>"#
    ));
    assert!(feed.contains("<id>https://example.org/guides/companies/hooli/staff-engineer/</id>"));
    assert!(feed.contains(
        r#"<link rel="self" type="application/atom+xml" href="https://example.org/guides/atom.xml"/>"#
    ));
    let summaries = texts(&feed, "summary");
    assert_eq!(
        summaries[0],
        "Premium: +10-20% PLATFORM PREMIUM. Top band: Austin, $200K–$250K base, $245K–$330K total comp. Figures as of 2026-10-01."
    );
}

#[test]
fn a_feed_under_a_path_base_url_links_by_path_and_stays_valid() {
    let site = TempSite::with_config(
        &crate::harness::SITE_TOML.replace("https://example.org/guides/", "/docs/"),
    );
    site.guide("a.md", guide("Hooli", "updated = 2026-10-01"));
    let public = site.build(&[]);
    validate_atom(&public.join("atom.xml")).unwrap();
    let feed = site.read("public/atom.xml");
    assert!(feed.contains(r#"href="/docs/companies/hooli/staff-engineer/""#));
    assert!(feed.contains("<id>urn:guidepress:site/docs/companies/hooli/staff-engineer/</id>"));
}

#[test]
fn feed_text_is_escaped_and_stays_valid() {
    let site = TempSite::with_config(&crate::harness::SITE_TOML.replace(
        "title = \"Test guides\"",
        "title = \"Pay & <Perks> \\\"quoted\\\" \\u001b[31m\"",
    ));
    let text = guide("Hooli", "updated = 2026-10-01")
        .replace("PLATFORM PREMIUM", "R&D <b>PLATFORM</b> PREMIUM")
        .replace("Staff Engineer", "Staff Engineer & Lead");
    site.guide("a.md", text);
    let public = site.build(&[]);
    validate_atom(&public.join("atom.xml")).unwrap();
    let feed = site.read("public/atom.xml");
    assert!(
        feed.contains("<title>Pay &amp; &lt;Perks&gt; &quot;quoted&quot; [31m</title>"),
        "{feed}"
    );
    assert!(
        feed.contains("<title>Staff Engineer &amp; Lead at Hooli</title>"),
        "{feed}"
    );
    assert!(!feed.contains("<b>"), "{feed}");
}

#[test]
fn feed_limit_keeps_the_newest_and_must_be_a_positive_whole_number() {
    let config = |limit: &str| format!("{}\n[feed]\nlimit = {limit}\n", crate::harness::SITE_TOML);
    let site = TempSite::with_config(&config("2"));
    for (name, date) in [
        ("a", "2026-01-01"),
        ("b", "2026-03-01"),
        ("c", "2026-02-01"),
    ] {
        site.guide(
            &format!("{name}.md"),
            guide(&format!("Co{name}"), &format!("updated = {date}")),
        );
    }
    let public = site.build(&[]);
    validate_atom(&public.join("atom.xml")).unwrap();
    let feed = site.read("public/atom.xml");
    assert_eq!(
        texts(&feed, "title")[1..],
        ["Staff Engineer at Cob", "Staff Engineer at Coc"]
    );

    for bad in ["0", "-3", "1.5", "\"ten\""] {
        let site = TempSite::with_config(&config(bad));
        site.guide("a.md", guide("Hooli", ""));
        let output = site.cmd().arg("build").output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "limit = {bad}: {stderr}");
        assert!(stderr.contains("E005"), "limit = {bad}: {stderr}");
        assert!(stderr.contains("limit"), "limit = {bad}: {stderr}");
        assert!(!stderr.contains("panicked"), "limit = {bad}: {stderr}");
    }
}

#[test]
fn every_page_links_the_feed_in_its_head() {
    let site = TempSite::example();
    let public = site.build(&["-u", "https://example.org/guides/"]);
    let link = r#"<link rel="alternate" type="application/atom+xml" href="/guides/atom.xml" title="Negotiation guides">"#;
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&public).into_iter().flatten() {
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(entry.path()).unwrap();
            let head = html.split("</head>").next().unwrap();
            assert!(
                head.contains(link),
                "{} lacks the feed link",
                entry.path().display()
            );
            pages += 1;
        }
    }
    assert!(pages > 50, "only {pages} pages");
    validate_atom(&public.join("atom.xml")).unwrap();
    let feed = site.read("public/atom.xml");
    assert_eq!(feed.matches("<entry>").count(), 12);
}

#[test]
fn guide_pages_and_comparison_rows_show_the_same_as_of_date() {
    let site = TempSite::new();
    site.guide("hooli.md", guide("Hooli", "updated = 2026-10-01"));
    site.guide("globex.md", guide("Globex", ""));
    set_mtime(&site.content().join("globex.md"), 1_709_214_307);
    site.build(&[]);
    let hooli = site.read("public/companies/hooli/staff-engineer/index.html");
    assert!(hooli.contains(
        r#"<p class="as-of">Figures as of <time datetime="2026-10-01">2026-10-01</time>.</p>"#
    ));
    let globex = site.read("public/companies/globex/staff-engineer/index.html");
    assert!(globex.contains(
        r#"Figures as of <time datetime="2024-02-29">2024-02-29</time> (when the guide's file last changed)."#
    ));
    // The role comparison: each row carries its guide's date, and the
    // column the script sorts by.
    let role = site.read("public/roles/staff-engineer/index.html");
    assert!(role.contains(r#"<table class="compare ranked" data-sortable>"#));
    assert!(role.contains(r#"<th scope="col" data-sort="as-of">As of</th>"#));
    let row_dates = Regex::new(r#"(?s)<tr>\s*<th scope="row"><a href="/guides/companies/(\w+)/staff-engineer/">.*?<td class="as-of" data-label="As of"><time datetime="([\d-]+)">"#)
        .unwrap();
    let rows: Vec<(String, String)> = row_dates
        .captures_iter(&role)
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .collect();
    assert_eq!(rows.len(), 4, "{rows:?}"); // two regions per guide
    for (company, date) in rows {
        let expected = if company == "hooli" {
            "2026-10-01"
        } else {
            "2024-02-29"
        };
        assert_eq!(date, expected, "{company}");
    }
}

/// `git ARGS` in `root`, every commit dated 2025-06-15 23:30 +02:00.
pub fn git_in(root: &std::path::Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(root)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_DATE", "2025-06-15T23:30:00+02:00")
        .env("GIT_AUTHOR_DATE", "2025-06-15T23:30:00+02:00")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn the_last_commit_dates_a_guide_without_updated() {
    let site = TempSite::new();
    site.guide("hooli.md", guide("Hooli", ""));
    let git = |args: &[&str]| git_in(site.root(), args);
    git(&["init", "-q"]);
    git(&["add", "content/hooli.md"]);
    git(&["commit", "-q", "-m", "a guide"]);
    // A later checkout would give the file a new mtime; the commit still dates it.
    set_mtime(&site.content().join("hooli.md"), 1_709_214_307);
    // A file git does not know keeps its modification time.
    site.guide("globex.md", guide("Globex", ""));
    set_mtime(&site.content().join("globex.md"), 1_709_214_307);
    site.build(&[]);
    let page = site.read("public/companies/hooli/staff-engineer/index.html");
    assert!(
        page.contains(r#"Figures as of <time datetime="2025-06-15">2025-06-15</time> (last change to the guide)."#),
        "{page}"
    );
    let feed = site.read("public/atom.xml");
    assert_eq!(
        texts(&feed, "updated"),
        [
            "2025-06-15T21:30:00Z",
            "2025-06-15T21:30:00Z",
            "2024-02-29T13:45:07Z"
        ]
    );
}
