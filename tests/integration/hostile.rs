//! The adversarial corpus, generated at test time (nothing big is
//! committed): huge, deep, broken and malicious guides and odd files. Each
//! gets a clear diagnostic or is handled; nothing panics or hangs, and
//! nothing is written outside the output dir.

use crate::harness::{TempSite, codes_and_lines, fixture, snapshot};
use serde_json::Value;
use std::process::Output;
use std::time::Duration;

/// The valid fixture for `company`, with `body` as its spotlight section.
fn with_section(company: &str, body: &str) -> String {
    fixture("valid.md").replace("Initech", company).replace(
        "Owners of the billing platform are paid above the band.",
        body,
    )
}

/// A run that ended by itself, with no panic: a clean exit or exit 1.
fn finished(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{:?}: {stderr}",
        output.status
    );
    stderr
}

fn run(site: &TempSite, args: &[&str]) -> (Output, String) {
    let output = site
        .cmd()
        .args(args)
        .timeout(Duration::from_secs(240))
        .output()
        .unwrap();
    let stderr = finished(&output);
    (output, stderr)
}

/// `check --format json` run to its end: the diagnostics as (code, line).
fn checked(site: &TempSite) -> (Option<i32>, Vec<Value>) {
    let (output, _) = run(site, &["check", "--format", "json"]);
    let diagnostics: Vec<Value> = serde_json::from_slice(&output.stdout).expect("JSON");
    (output.status.code(), diagnostics)
}

fn pairs(list: &[(&str, u64)]) -> Vec<(String, Option<u64>)> {
    list.iter()
        .map(|(code, line)| (code.to_string(), (*line > 0).then_some(*line)))
        .collect()
}

#[test]
fn a_10_mb_guide_checks_and_builds() {
    let site = TempSite::new();
    let paragraph =
        "Platform owners at Initech ask for $240K base and a $30K signing bonus. ".repeat(20);
    let body = format!("{paragraph}\n\n").repeat(10 * 1024 * 1024 / paragraph.len()) + "THE END";
    let text = with_section("Initech", &body);
    assert!(text.len() >= 10 * 1024 * 1024);
    site.guide("big.md", text);
    let (status, diagnostics) = checked(&site);
    assert_eq!((status, diagnostics.len()), (Some(0), 0), "{diagnostics:?}");
    let out = site.build(&[]);
    let page =
        std::fs::read_to_string(out.join("companies/initech/staff-engineer/index.html")).unwrap();
    assert!(page.contains("THE END"));
}

#[test]
fn a_50000_row_band_table_reports_every_bad_row_and_exports_every_row() {
    let site = TempSite::new();
    let row = |i: usize| {
        format!("| Region {i} | $200K-$250K | $100K-$200K | $20K-$30K | $245K-$330K |\n")
    };
    let mut rows: Vec<String> = (0..50_000).map(row).collect();
    // Lines: the table's first row is line 7.
    rows[10_000] = "| Bad 1 | $210-295K | $100K-$200K | $20K-$30K | $245K-$330K |\n".into();
    rows[30_000] = "| Bad 2 | $250K-$200K | $100K-$200K | $20K-$30K | $245K-$330K |\n".into();
    rows[49_999] = "| Bad 3 | $200K-$250K | lots | $20K-$30K | $245K-$330K |\n".into();
    let table = |rows: &[String]| {
        fixture("valid.md").replace(
            "| London | £150K–£190K | £80K–£160K | 10-15% | £170K–£230K |\n",
            &rows.concat(),
        )
    };
    site.guide("rows.md", table(&rows));
    let (status, diagnostics) = checked(&site);
    assert_eq!(status, Some(1));
    assert_eq!(
        codes_and_lines(&diagnostics),
        pairs(&[("E013", 10_008), ("E014", 30_008), ("E013", 50_007)])
    );
    rows[10_000] = row(10_000);
    rows[30_000] = row(30_000);
    rows[49_999] = row(49_999);
    site.guide("rows.md", table(&rows));
    let export = site.export(&[]);
    let bands = export["guides"][0]["bands"].as_array().unwrap();
    assert_eq!(bands.len(), 50_001);
    assert_eq!(bands[50_000]["region"], "Region 49999");
    assert_eq!(bands[50_000]["line"], 50_007);
}

#[test]
fn ten_thousand_levers_parse_and_render() {
    let site = TempSite::new();
    let levers: String = (0..10_000)
        .map(|i| {
            format!(
                "{}. **Lever {i} (+10-20%):** \"I own [slot {i}], worth $240K base.\"\n",
                i + 3
            )
        })
        .collect();
    let text = fixture("valid.md").replace(
        "> **Negotiate Up Strategy:**",
        &format!("{levers}\n> **Negotiate Up Strategy:**"),
    );
    site.guide("levers.md", text);
    let export = site.export(&[]);
    let guide = &export["guides"][0];
    assert_eq!(guide["levers"].as_array().unwrap().len(), 10_002);
    assert_eq!(guide["levers"][10_001]["title"], "Lever 9999");
    assert_eq!(guide["placeholders"].as_array().unwrap().len(), 10_001);
    let out = site.build(&[]);
    let page =
        std::fs::read_to_string(out.join("companies/initech/staff-engineer/index.html")).unwrap();
    assert!(page.contains(r#"<mark class="slot">[slot 9999]</mark>"#));
}

#[test]
fn deeply_nested_lists_quotes_and_markup_render_flat() {
    let site = TempSite::new();
    let deep = [
        ("Quotes", format!("{} deep-end", ">".repeat(100_000))),
        ("Lists", format!("{}deep-end", "- ".repeat(50_000))),
        (
            "Indented",
            (0..2_000)
                .map(|i| format!("{}- level\n", "  ".repeat(i)))
                .collect::<String>()
                + "\ndeep-end",
        ),
        (
            "Divs",
            format!(
                "{}deep-end{}",
                "<div>".repeat(50_000),
                "</div>".repeat(50_000)
            ),
        ),
        (
            "Emphasis",
            format!("{}deep-end{}", "*a ".repeat(50_000), " b*".repeat(50_000)),
        ),
        (
            "Brackets",
            format!("{}deep-end{}", "[".repeat(50_000), "]".repeat(50_000)),
        ),
    ];
    for (company, body) in &deep {
        site.guide(&format!("{company}.md"), with_section(company, body));
    }
    let (status, diagnostics) = checked(&site);
    assert_eq!((status, diagnostics.len()), (Some(0), 0), "{diagnostics:?}");
    let out = site.build(&[]);
    for (company, _) in &deep {
        let page = std::fs::read_to_string(out.join(format!(
            "companies/{}/staff-engineer/index.html",
            company.to_lowercase()
        )))
        .unwrap();
        assert!(page.contains("deep-end"), "{company}");
    }
}

#[test]
fn very_long_lines_parse_render_and_point_at_the_column() {
    let site = TempSite::new();
    site.guide(
        "long.md",
        with_section("Initech", &"word ".repeat(1_000_000)),
    );
    let long_region = "R".repeat(1_000_000);
    site.guide(
        "wide.md",
        fixture("valid.md").replace("Initech", "Globex").replace(
            "| Austin | $200K-$250K |",
            &format!("| {long_region} | $210-295K |"),
        ),
    );
    let (status, diagnostics) = checked(&site);
    assert_eq!(status, Some(1));
    assert_eq!(codes_and_lines(&diagnostics), pairs(&[("E013", 7)]));
    assert_eq!(diagnostics[0]["column"], 1_000_005);
    let (_, stderr) = run(&site, &["check"]);
    assert!(stderr.contains("wide.md:7:1000005"), "{}", &stderr[..200]);
    site.guide("wide.md", fixture("valid.md").replace("Initech", "Globex"));
    let out = site.build(&[]);
    assert!(
        out.join("companies/initech/staff-engineer/index.html")
            .exists()
    );
}

#[test]
fn odd_encodings_and_bytes_are_read_or_named() {
    let site = TempSite::new();
    let valid = fixture("valid.md");
    let crlf = format!("\u{feff}{}", valid.replace('\n', "\r\n")).replace("Initech", "Crlfco");
    let lone_cr = valid.replace('\n', "\r").replace("Initech", "Lonecrco");
    site.guide("a-crlf-bom.md", &crlf)
        .guide("b-lone-cr.md", &lone_cr)
        .guide(
            "c-nul.md",
            valid
                .replace("Initech", "Nulco")
                .replace("platform ownership", "platform\0ownership")
                .replace("| $20K-$30K |", "| $20K\0-$30K |"),
        )
        .guide("d-empty.md", "")
        .guide(
            "e-invalid.md",
            [
                &valid.as_bytes()[..200],
                b"\xc3\x28 broken",
                &valid.as_bytes()[200..],
            ]
            .concat(),
        );
    let (status, diagnostics) = checked(&site);
    assert_eq!(status, Some(1));
    let first_bad_line = valid[..200].matches('\n').count() as u64 + 1;
    assert_eq!(
        codes_and_lines(&diagnostics),
        pairs(&[("E013", 7), ("E003", 0), ("E002", first_bad_line)])
    );
    assert!(
        diagnostics[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("c-nul.md")
    );
    // Line endings and a BOM change nothing but the names.
    site.guide("c-nul.md", valid.replace("Initech", "Nulco"))
        .guide("d-empty.md", valid.replace("Initech", "Emptyco"))
        .guide("e-invalid.md", valid.replace("Initech", "Invalidco"))
        .guide(
            "f-bom.md",
            format!("\u{feff}{}", valid.replace("Initech", "Bomco")),
        );
    let export = site.export(&[]);
    let guides = export["guides"].as_array().unwrap();
    let anonymous = |guide: &Value, company: &str| {
        let mut guide = guide.clone();
        guide["source"] = Value::Null;
        serde_json::to_string(&guide)
            .unwrap()
            .replace(company, "X")
            .replace(&company.to_lowercase(), "x")
    };
    let reference = anonymous(&guides[2], "Nulco");
    assert_eq!(anonymous(&guides[0], "Crlfco"), reference);
    assert_eq!(anonymous(&guides[1], "Lonecrco"), reference);
    assert_eq!(anonymous(&guides[5], "Bomco"), reference, "a BOM alone");
    site.guide(
        "c-nul.md",
        valid
            .replace("Initech", "Nulco")
            .replace("platform ownership", "platform\0ownership"),
    );
    let out = site.build(&[]);
    let page =
        std::fs::read_to_string(out.join("companies/nulco/staff-engineer/index.html")).unwrap();
    assert!(
        page.contains("ownership") && !page.contains('\0'),
        "no NUL reaches a page"
    );
    site.build(&[]);
}

/// Whether the fault can be set up here: a file mode of 000 stops a reader
/// only when not root.
fn mode_000_stops_reading(path: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::read(path).is_err()
}

#[test]
fn odd_files_in_the_content_dir_are_named_and_never_hang() {
    let site = TempSite::new();
    let valid = fixture("valid.md");
    // A folder named like a guide is a folder: the guide inside is read.
    site.guide("a-folder.md/inner.md", valid.replace("Initech", "Inner"));
    // A hidden `.md` folder is skipped like every hidden name.
    site.guide(".md/hidden.md", "not a guide");
    // A FIFO: opening it would wait for a writer forever.
    let fifo = site.content().join("b-pipe.md");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    // Reading /proc/self/mem at offset 0 fails with EIO, even for root.
    std::os::unix::fs::symlink("/proc/self/mem", site.content().join("c-unreadable.md")).unwrap();
    site.guide("d-valid.md", &valid);
    let (status, diagnostics) = checked(&site);
    assert_eq!(status, Some(1));
    assert_eq!(
        codes_and_lines(&diagnostics),
        pairs(&[("E001", 0), ("E001", 0)]),
        "{diagnostics:?}"
    );
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap()
            .contains("not a regular file")
    );
    assert!(
        diagnostics[1]["message"]
            .as_str()
            .unwrap()
            .contains("c-unreadable.md")
    );
    // Named on the command line, the FIFO is still not opened.
    let (output, _) = run(
        &site,
        &["check", "--format", "json", &fifo.display().to_string()],
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("not a regular file"));
    // Mode 000 where it stops this user (not root).
    let locked = site.content().join("e-locked.md");
    std::fs::write(&locked, &valid).unwrap();
    if mode_000_stops_reading(&locked) {
        let (_, diagnostics) = checked(&site);
        assert_eq!(diagnostics.len(), 3, "{diagnostics:?}");
        assert!(
            diagnostics[2]["message"]
                .as_str()
                .unwrap()
                .contains("e-locked.md")
        );
    } else {
        eprintln!("mode 000 does not stop root from reading: covered by /proc/self/mem above");
    }
    let export = {
        std::fs::remove_file(&fifo).unwrap();
        std::fs::remove_file(site.content().join("c-unreadable.md")).unwrap();
        std::fs::remove_file(&locked).unwrap();
        site.export(&[])
    };
    let sources: Vec<&str> = export["guides"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["a-folder.md/inner.md", "d-valid.md"]);
}

#[test]
fn slugs_never_lead_outside_the_output_dir() {
    let site = TempSite::new();
    let hostile = [
        "../../etc/passwd",
        "/abs/path",
        "../victim",
        "..\\\\..\\\\victim",
        "a/..",
        "./x",
        "a/b/c",
        "Upper/Case",
        "%2e%2e/x",
        "a%2fb/c",
        "a /b",
    ];
    for (i, slug) in hostile.iter().enumerate() {
        site.guide(
            &format!("fm-{i:02}.md"),
            format!("+++\nslug = \"{slug}\"\n+++\n{}", fixture("valid.md")),
        );
    }
    let (status, diagnostics) = checked(&site);
    assert_eq!(status, Some(1));
    let expected: Vec<(&str, u64)> = hostile.iter().map(|_| ("E016", 2)).collect();
    assert_eq!(codes_and_lines(&diagnostics), pairs(&expected));
    let (output, _) = run(&site, &["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!site.root().join("public").exists());

    // Names that try the same through slugify land inside the output.
    let site = TempSite::new();
    let before = snapshot(site.root());
    site.guide(
        "names.md",
        fixture("valid.md")
            .replace(
                "# Staff Engineer | Initech Global Negotiation Guide",
                "# ../../victim | ../../../victim",
            )
            .replace("| Austin |", "| ../../../../victim |")
            .replace("| London |", "| /etc/passwd |"),
    );
    site.guide(
        "front.md",
        format!(
            "+++\ncompany = \"..\\\\..\\\\victim2\"\nrole = \"/abs/role\"\n+++\n{}",
            fixture("valid.md")
        ),
    );
    let out = site.build(&[]);
    let written: Vec<String> = snapshot(&out).into_keys().collect();
    for page in [
        "companies/victim/victim/index.html",
        "companies/victim2/abs-role/index.html",
        "regions/victim/index.html",
        "regions/etc-passwd/index.html",
    ] {
        assert!(written.iter().any(|w| w == page), "{page} in {written:?}");
    }
    let mut after = snapshot(site.root());
    after.retain(|path, _| !path.starts_with("public/") && !path.starts_with("content/"));
    assert_eq!(
        after.into_keys().collect::<Vec<_>>(),
        before.into_keys().collect::<Vec<_>>()
    );
}

#[test]
fn slugs_that_collide_after_slugifying_are_an_error_naming_both() {
    let site = TempSite::new();
    let valid = fixture("valid.md");
    site.guide(
        "a.md",
        valid.replace("Staff Engineer |", "ML/AI Engineer |"),
    )
    .guide(
        "b.md",
        valid.replace("Staff Engineer |", "ML AI Engineer |"),
    )
    .guide(
        "c.md",
        valid.replace("Staff Engineer |", "ml-ai engineer!! |"),
    );
    let (status, diagnostics) = checked(&site);
    assert_eq!(status, Some(1));
    assert_eq!(
        codes_and_lines(&diagnostics),
        pairs(&[("E015", 1), ("E015", 1)])
    );
    for diagnostic in &diagnostics {
        let message = diagnostic["message"].as_str().unwrap();
        assert!(
            message.contains("initech/ml-ai-engineer") && message.contains("a.md"),
            "{message}"
        );
    }
    // Companies whose names differ but slugs agree share one hub.
    let site = TempSite::new();
    site.guide("a.md", valid.replace("Initech", "Scale AI"))
        .guide(
            "b.md",
            valid
                .replace("Initech", "Scale-AI")
                .replace("Staff Engineer |", "Data Engineer |"),
        );
    let out = site.build(&[]);
    let hub = std::fs::read_to_string(out.join("companies/scale-ai/index.html")).unwrap();
    assert!(hub.contains("Staff Engineer") && hub.contains("Data Engineer"));
}

#[test]
fn numbers_that_overflow_are_refused_or_skipped_never_wrapped() {
    let site = TempSite::new();
    let valid = fixture("valid.md");
    site.guide(
        "a-cells.md",
        valid
            .replace("| $200K-$250K |", "| $99999999999999B |")
            .replace("| $100K-$200K |", "| $18446744073709551616 |")
            .replace("| $20K-$30K |", "| $1,000,000,000,000,000,001 |")
            .replace("| 10-15% |", "| 99999999999% |"),
    );
    site.guide(
        "b-prose.md",
        valid
            .replace("Initech", "Globex")
            .replace(
                "**+10-20% PLATFORM PREMIUM**",
                "**+99999999999-99999999999% PREMIUM**",
            )
            .replace("Equity (RSU/4yr)", "Equity (RSU/99999999999yr)")
            .replace(
                "Platform Premium (+10-20%)",
                "Platform Premium (+4294967296%)",
            )
            .replace(
                "To join: $240K base",
                "To join: $99999999999999999999B base",
            )
            .replace("Google L6", "Google L99999999999"),
    );
    // The largest amounts allowed, in every cell: sums must not overflow.
    let max = "$1000000B";
    site.guide(
        "c-max.md",
        valid.replace("Initech", "Hooli").replace(
            "| Austin | $200K-$250K | $100K-$200K | $20K-$30K | $245K-$330K |",
            &format!("| Austin | {max} | {max} | {max} | {max} |"),
        ),
    );
    let (status, diagnostics) = checked(&site);
    assert_eq!(status, Some(1));
    let found = codes_and_lines(&diagnostics);
    // b-prose's vesting years overflow, so its totals are read as base +
    // equity; c-max's total is stated wrong: the sum is checked, not wrapped.
    assert_eq!(
        found,
        pairs(&[
            ("E013", 7),
            ("E013", 7),
            ("E013", 7),
            ("E013", 8),
            ("W010", 7),
            ("W010", 8),
            ("W010", 7)
        ]),
        "{diagnostics:?}"
    );
    assert!(
        diagnostics[6]["message"]
            .as_str()
            .unwrap()
            .contains("expected low end $2250000B"),
        "{}",
        diagnostics[6]
    );
    for diagnostic in &diagnostics[..3] {
        let message = diagnostic["message"].as_str().unwrap();
        assert!(message.contains("too large"), "{message}");
    }
    std::fs::remove_file(site.content().join("a-cells.md")).unwrap();
    let export = site.export(&[]);
    let globex = &export["guides"][0];
    assert_eq!(globex["premium"], Value::Null);
    assert_eq!(globex["vesting_years"], Value::Null);
    assert_eq!(globex["levers"][0]["premium"], Value::Null);
    assert_eq!(globex["strategy"]["ask"]["base"], Value::Null);
    let hooli = &export["guides"][1];
    assert_eq!(hooli["bands"][0]["base"]["min"], 1_000_000_000_000_000u64);
    site.build(&[]);
}

/// Markup that runs, loads or navigates, spelled every way a field can
/// carry it: raw HTML, markdown links and images, and entities that decode
/// to markup in plain-text fields.
const RAW: &str = r#"<script>alert(1)</script><img src=../ onerror=alert(2)><iframe src=//evil.example></iframe><svg onload=alert(3)></svg><style>body{background:url(//evil.example/s.png)}</style><link rel=stylesheet href=//evil.example/x.css><meta http-equiv=refresh content="0;url=//evil.example"><base href=//evil.example/><form action=//evil.example><button formaction=//evil.example>go</button></form><a href="data:text/html,x">d</a><a href="&#106;avascript:alert(4)">e</a><img src="https://tracker.example/p.png"> [x](javascript:alert(5)) ![t](//tracker.example/t.png) "><script>alert(6)</script> javascript:alert(7)"#;
const ENTITIES: &str = "&lt;script&gt;alert(8)&lt;/script&gt; &lt;img src=x onerror=alert(9)&gt;";

fn hostile_guide() -> String {
    fixture("valid.md")
        .replace(
            "# Staff Engineer | Initech Global Negotiation Guide",
            &format!("# Staff {ENTITIES} Engineer | Initech `<script>alert(10)</script>`"),
        )
        .replace(
            "Cash-Heavy Base | **SIGNATURE ROLE** | **+10-20% PLATFORM PREMIUM**",
            &format!("{RAW} | {ENTITIES} | **+10-20% {ENTITIES} PREMIUM**"),
        )
        .replace("Equity (RSU/4yr)", "Equity (&lt;script&gt;alert(11)/4yr)")
        .replace("| Austin |", &format!("| Austin {ENTITIES} |"))
        .replace("| London |", "| =HYPERLINK(\"http://evil.example\") |")
        .replace("Initech pays for platform ownership.", RAW)
        .replace(
            "= Google L6 Software Engineer",
            &format!("= Google L6 {RAW} = Evil {ENTITIES} IC5 (javascript:alert(12))"),
        )
        .replace(
            "**Why Platform Owners Win**",
            &format!("**Why {ENTITIES} Win**"),
        )
        .replace(
            "Owners of the billing platform are paid above the band.",
            RAW,
        )
        .replace(
            "**Platform Premium (+10-20%):**",
            &format!("**Platform {ENTITIES} (+10-20%):**"),
        )
        .replace(
            "[the billing platform / the deploy pipeline]",
            &format!("[{RAW}] [<img src=../ onerror=alert(13)>]"),
        )
        .replace(
            "My floor is $220K base.",
            &format!("My floor is $220K base. {RAW}"),
        )
        .replace(
            "- Levels.fyi Initech staff engineer data (2026)",
            &format!("- {RAW}\n- {ENTITIES}"),
        )
}

/// Decodes what a browser decodes in an attribute before reading a URL.
fn attribute_value(raw: &str) -> String {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').unwrap_or(0);
        let entity = &rest[1..end.max(1)];
        let decoded = match entity {
            "amp" => Some('&'),
            "colon" => Some(':'),
            "quot" => Some('"'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) if end > 0 => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.chars()
        .filter(|c| !c.is_control() && *c != ' ')
        .collect::<String>()
        .to_lowercase()
}

/// Every tag of a page that could run code, load from elsewhere or leave
/// the site by itself: the problems found.
fn active_content(page: &str, theme_tags: &[&str]) -> Vec<String> {
    let tag = regex::Regex::new(r"<([a-zA-Z][a-zA-Z0-9:-]*)([^>]*)>").unwrap();
    let attribute =
        regex::Regex::new(r#"([^\s="'/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?"#)
            .unwrap();
    let mut problems = Vec::new();
    for caps in tag.captures_iter(page) {
        let (name, attributes) = (caps[1].to_lowercase(), &caps[2]);
        let whole = &caps[0];
        let theme_tag = theme_tags.contains(&whole);
        match name.as_str() {
            "script" if !theme_tag => problems.push(whole.to_string()),
            "iframe" | "object" | "embed" | "style" | "base" | "frame" | "applet" => {
                problems.push(whole.to_string())
            }
            "meta" if attributes.contains("http-equiv") => problems.push(whole.to_string()),
            "form" if !whole.contains(r#"class="search""#) && !theme_tag => {
                problems.push(whole.to_string())
            }
            _ => {}
        }
        for attr in attribute.captures_iter(attributes) {
            let raw = attr.get(2).or(attr.get(3)).or(attr.get(4));
            let key = attr[1].to_lowercase();
            let value = attribute_value(raw.map_or("", |m| m.as_str()));
            let scheme = value
                .split(['/', '?', '#'])
                .next()
                .and_then(|head| head.split_once(':'))
                .map(|(scheme, _)| scheme.to_string());
            let bad = key.starts_with("on")
                || key == "style" && value.contains("url(")
                || match key.as_str() {
                    "href" | "action" | "formaction" | "xlink:href" | "cite" => scheme
                        .as_deref()
                        .is_some_and(|s| !matches!(s, "http" | "https" | "mailto")),
                    "src" | "srcset" | "poster" | "data" => {
                        scheme.is_some() || value.starts_with("//")
                    }
                    _ => false,
                }
                || name == "link"
                    && key == "href"
                    && !attributes.contains(r#"rel="canonical""#)
                    // The site's own pages by full URL (the Atom feed's
                    // links) load nothing from elsewhere.
                    && !value.starts_with("https://example.org/guides/")
                    && (scheme.is_some() || value.starts_with("//"));
            if bad {
                problems.push(format!("{key}={value:?} in {whole}"));
            }
        }
    }
    problems
}

#[test]
fn markup_in_every_text_field_comes_out_inert() {
    let site = TempSite::new();
    site.guide("a.md", hostile_guide());
    site.guide(
        "b.md",
        format!(
            "+++\ncompany = \"Evil <script>alert(14)</script> Corp\"\nrole = \"\\t=1+1 <img src=x onerror=alert(15)>\"\n+++\n{}",
            fixture("valid.md")
        ),
    );
    let (status, diagnostics) = checked(&site);
    assert_eq!(status, Some(0), "{diagnostics:?}");
    let out = site.build(&[]);
    let files = snapshot(&out);
    // The theme's own scripts, the offer check's form and its data island.
    let theme_script: &[&str] = &[
        r#"<script src="/guides/assets/site.js" defer>"#,
        r#"<script src="/guides/assets/offer.js" defer>"#,
        r#"<script type="application/json" id="offer-data">"#,
        r#"<form id="offer-check" hidden>"#,
    ];
    let mut checked_pages = 0;
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        if path.ends_with(".html") || path.ends_with(".xml") {
            let problems = active_content(&text, theme_script);
            assert!(problems.is_empty(), "{path}: {problems:#?}");
            checked_pages += 1;
        }
    }
    let (_, guide_page) = files
        .iter()
        .find(|(path, _)| {
            path.starts_with("companies/initech-script") && path.matches('/').count() == 3
        })
        .expect("the hostile guide's page");
    let guide_page = String::from_utf8_lossy(guide_page);
    assert!(
        guide_page.contains("&lt;script&gt;alert(8)&lt;/script&gt;"),
        "plain-text fields show the markup as text"
    );
    assert!(checked_pages > 10, "{checked_pages}");
    // The checker itself sees what it must.
    let caught = active_content(RAW, theme_script);
    assert!(caught.len() >= 12, "{caught:#?}");

    // Data files hold the author's text as data, and nothing reads them as HTML.
    let guides: Value = serde_json::from_slice(&files["data/guides.json"]).unwrap();
    assert!(
        guides["guides"][0]["narrative"]
            .as_str()
            .unwrap()
            .contains("<script>alert(1)")
    );
    let index: Value = serde_json::from_slice(&files["search/index.json"]).unwrap();
    for entry in index.as_array().unwrap() {
        let url = entry["url"].as_str().unwrap();
        assert!(url.starts_with('/') && !url.starts_with("//"), "{url}");
    }
    let script = String::from_utf8_lossy(&files["assets/site.js"]);
    for sink in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
    ] {
        assert!(!script.contains(sink), "the theme's script uses {sink}");
    }
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(&files["data/bands.csv"][..]);
    let mut fields = 0;
    for record in csv.records() {
        for field in record.unwrap().iter() {
            assert!(
                !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a spreadsheet would run {field:?}"
            );
            fields += 1;
        }
    }
    assert!(fields > 20);
}

#[test]
fn static_files_linked_from_outside_the_site_are_refused() {
    use std::os::unix::fs::symlink;
    let site = TempSite::new();
    site.guide("valid.md", fixture("valid.md"));
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "top secret").unwrap();
    let static_dir = site.root().join("static");
    std::fs::create_dir_all(&static_dir).unwrap();
    symlink(
        outside.path().join("secret.txt"),
        static_dir.join("leak.txt"),
    )
    .unwrap();
    symlink(outside.path(), static_dir.join("leakdir")).unwrap();
    symlink(&static_dir, static_dir.join("loop")).unwrap();
    let (output, stderr) = run(&site, &["build"]);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    for name in ["leak.txt", "leakdir/secret.txt"] {
        assert!(
            stderr.contains(&format!(
                "static/{name}: it is a symbolic link to a file outside the site"
            )),
            "{name}: {stderr}"
        );
    }
    assert!(stderr.contains("loops back"), "{stderr}");
    assert!(!site.root().join("public").exists());

    // Links within the site, and a theme folder that is a link, are fine.
    for name in ["leak.txt", "leakdir", "loop"] {
        std::fs::remove_file(static_dir.join(name)).unwrap();
    }
    std::fs::create_dir_all(site.root().join("assets-src")).unwrap();
    std::fs::write(site.root().join("assets-src/extra.css"), "p { margin: 0 }").unwrap();
    symlink(
        site.root().join("assets-src/extra.css"),
        static_dir.join("extra.css"),
    )
    .unwrap();
    let theme = tempfile::tempdir().unwrap();
    let copied = std::process::Command::new("cp")
        .arg("-r")
        .arg(crate::harness::project_root().join("themes/default/."))
        .arg(theme.path())
        .status()
        .unwrap();
    assert!(copied.success());
    std::fs::write(theme.path().join("static/theme.txt"), "from the theme").unwrap();
    std::fs::create_dir_all(site.root().join("themes")).unwrap();
    symlink(theme.path(), site.root().join("themes/linked")).unwrap();
    std::fs::write(
        site.root().join("site.toml"),
        format!("theme = \"linked\"\n{}", crate::harness::SITE_TOML),
    )
    .unwrap();
    let out = site.build(&[]);
    assert_eq!(
        std::fs::read_to_string(out.join("extra.css")).unwrap(),
        "p { margin: 0 }"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("theme.txt")).unwrap(),
        "from the theme"
    );
}

#[test]
fn templates_linked_from_outside_the_site_are_refused() {
    use std::os::unix::fs::symlink;
    let site = TempSite::new();
    site.guide("valid.md", fixture("valid.md"));
    let outside = tempfile::tempdir().unwrap();
    // A template would print whatever it includes: an outside one could
    // carry any file of the machine into the published site.
    std::fs::write(
        outside.path().join("base.html"),
        "<!DOCTYPE html><title>x</title>{% block content %}{% endblock content %}",
    )
    .unwrap();
    let templates = site.root().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    symlink(
        outside.path().join("base.html"),
        templates.join("base.html"),
    )
    .unwrap();
    let (output, stderr) = run(&site, &["build"]);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("templates/base.html: it is a symbolic link to a file outside the site"),
        "{stderr}"
    );
    assert!(!site.root().join("public").exists());

    // The same template linked from inside the site is used.
    std::fs::remove_file(templates.join("base.html")).unwrap();
    std::fs::create_dir_all(site.root().join("layouts")).unwrap();
    std::fs::copy(
        outside.path().join("base.html"),
        site.root().join("layouts/base.html"),
    )
    .unwrap();
    symlink(
        site.root().join("layouts/base.html"),
        templates.join("base.html"),
    )
    .unwrap();
    let out = site.build(&[]);
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.starts_with("<!DOCTYPE html><title>x</title>"),
        "{home}"
    );
}

// --- issue 19: content discovery (links, hangs, odd names) ---

/// `check --format json` that must end by itself within a minute (a hang
/// fails here instead of stalling the suite): exit code and diagnostics.
fn checked_within_a_minute(site: &TempSite, extra: &[&str]) -> (Option<i32>, Vec<Value>) {
    let output = site
        .cmd()
        .args(["check", "--format", "json"])
        .args(extra)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    finished(&output);
    let diagnostics: Vec<Value> = serde_json::from_slice(&output.stdout).expect("JSON");
    (output.status.code(), diagnostics)
}

fn messages(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn links_in_the_content_dir_are_followed_inside_it_only_and_each_folder_once() {
    let site = TempSite::new();
    // 18 levels, each with two links to the next: 2^18 paths to the guide
    // at the bottom, one folder per level.
    for level in 0..18 {
        let dir = site.content().join(format!("l{level:02}"));
        std::fs::create_dir_all(&dir).unwrap();
        for name in ["a", "b"] {
            std::os::unix::fs::symlink(format!("../l{:02}", level + 1), dir.join(name)).unwrap();
        }
    }
    site.guide("l18/guide.md", fixture("valid.md"));
    // A guide that is a link to another guide inside the content dir is read.
    std::os::unix::fs::symlink("l18/guide.md", site.content().join("same.md")).unwrap();
    let (status, diagnostics) = checked_within_a_minute(&site, &[]);
    let found = messages(&diagnostics);
    assert!(
        found.iter().all(|m| m.starts_with("W015 skipped ")
            && m.contains("already read through another link")
            || m.starts_with("E015")),
        "{found:#?}"
    );
    // Each level's folder is read once; every other way in is named.
    let skipped = found.iter().filter(|m| m.starts_with("W015")).count();
    assert_eq!(skipped, 18 * 2, "{found:#?}");
    // The guide and its link are one file reached twice: a duplicate slug.
    assert_eq!(status, Some(1));
    assert!(found.iter().any(|m| m.starts_with("E015")), "{found:#?}");

    // Links that lead out of the content dir are refused, whatever they
    // point at: a system file, a kernel buffer that blocks, a folder.
    std::fs::remove_file(site.content().join("same.md")).unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("elsewhere.md"), fixture("valid.md")).unwrap();
    for (name, target) in [
        ("passwd.md", std::path::PathBuf::from("/etc/passwd")),
        ("kmsg.md", "/proc/kmsg".into()),
        ("elsewhere", outside.path().to_path_buf()),
    ] {
        std::os::unix::fs::symlink(&target, site.content().join(name)).unwrap();
    }
    let (status, diagnostics) = checked_within_a_minute(&site, &[]);
    let refused: Vec<String> = messages(&diagnostics)
        .into_iter()
        .filter(|m| m.starts_with("E001"))
        .collect();
    assert_eq!(status, Some(1));
    assert_eq!(refused.len(), 3, "{refused:#?}");
    for name in ["elsewhere", "kmsg.md", "passwd.md"] {
        assert!(
            refused.iter().any(|m| m.contains(name)
                && m.contains("symbolic link to a file or folder outside the content dir")),
            "{name}: {refused:#?}"
        );
    }
}

#[test]
fn a_content_dir_at_the_system_root_or_in_sys_ends_with_a_diagnostic() {
    let site = TempSite::with_config("title = \"T\"\ncontent_dir = \"/\"\n");
    let (status, diagnostics) = checked_within_a_minute(&site, &[]);
    assert_eq!(status, Some(1));
    assert!(
        messages(&diagnostics)[0].contains("content dir / is the file system root"),
        "{diagnostics:?}"
    );

    // /sys is a maze of links back into itself: each folder read once.
    let site = TempSite::new();
    std::fs::remove_dir(site.content()).unwrap();
    std::os::unix::fs::symlink("/sys", site.content()).unwrap();
    let (status, diagnostics) = checked_within_a_minute(&site, &[]);
    assert!(matches!(status, Some(0 | 1)), "{diagnostics:?}");
}

#[test]
fn dangling_links_and_editor_lock_files_are_not_guides() {
    let site = TempSite::new();
    site.guide("a-valid.md", fixture("valid.md"));
    // What Emacs leaves while a file is edited, and a note linked to nothing.
    std::os::unix::fs::symlink(
        "user@host.1234:1700000000",
        site.content().join(".#a-valid.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink("/nonexistent", site.content().join("notes.txt")).unwrap();
    let (status, diagnostics) = checked_within_a_minute(&site, &[]);
    assert_eq!(status, Some(0), "{diagnostics:?}");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    site.cmd().arg("build").assert().success();

    // A guide's name linked to nothing: a warning naming it, and the build goes on.
    std::os::unix::fs::symlink("/nonexistent/guide.md", site.content().join("gone.md")).unwrap();
    let (status, diagnostics) = checked_within_a_minute(&site, &[]);
    assert_eq!(status, Some(0), "{diagnostics:?}");
    assert_eq!(
        messages(&diagnostics),
        ["W015 skipped content/gone.md: it is a symbolic link to /nonexistent/guide.md, which does not exist"
            .replace("content/", &format!("{}/", site.content().display()))],
    );
    site.cmd().arg("build").assert().success();
}

/// `guidepress ARGS` in `site`, and its peak resident memory in megabytes
/// (the kernel's count for the child, read by a Python parent: `ulimit -v`
/// would trip over the allocator's address space reservations instead).
fn run_measured(site: &TempSite, args: &[&str]) -> (Output, u64) {
    const PARENT: &str = "import resource, subprocess, sys\n\
        run = subprocess.run(sys.argv[1:], capture_output=True)\n\
        sys.stdout.buffer.write(run.stdout)\n\
        sys.stderr.buffer.write(run.stderr)\n\
        sys.stderr.write('\\npeak-kb %d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n\
        sys.exit(run.returncode if run.returncode >= 0 else 128 - run.returncode)\n";
    let mut output = std::process::Command::new("python3")
        .args(["-c", PARENT])
        .arg(assert_cmd::cargo::cargo_bin("guidepress"))
        .arg("-r")
        .arg(site.root())
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    let (rest, peak) = stderr
        .rsplit_once("\npeak-kb ")
        .expect("the parent's report");
    let peak_kb: u64 = peak.trim().parse().unwrap();
    output.stderr = rest.as_bytes().to_vec();
    (output, peak_kb / 1024)
}

#[test]
fn thousands_of_slots_on_one_line_take_memory_in_proportion() {
    // 16,000 unfilled slots on one 117 KB line, and as many distinct slots
    // in a lever: each warning used to quote the whole line (3.6 GB).
    let site = TempSite::new();
    let slots: Vec<String> = (0..16_000).map(|i| format!("[slot {i}]")).collect();
    site.guide(
        "x.md",
        with_section("Initech", &"£ [TODO] ".repeat(16_000)).replace(
            "[the billing platform / the deploy pipeline]",
            &slots.join(" "),
        ),
    );
    let (output, megabytes) = run_measured(&site, &["check", "--format", "json"]);
    let stderr = finished(&output);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(megabytes < 512, "check took {megabytes} MB");
    let diagnostics: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(diagnostics.len(), 16_000);
    assert!(
        diagnostics
            .iter()
            .all(|d| d["code"] == "W014" && d["line"] == 17)
    );
    // Columns count characters (`£` is two bytes): the last slot's is exact.
    assert_eq!(diagnostics[15_999]["column"], 9 * 15_999 + 3);

    // Printed each in full (`-v`), each quotes the part of the line around
    // its column, cut with `...`, and names the column in the line.
    let (output, megabytes) = run_measured(&site, &["check", "-v"]);
    let stderr = finished(&output);
    assert!(megabytes < 512, "check took {megabytes} MB");
    assert!(stderr.len() < 16_000 * 1_200, "{} bytes", stderr.len());
    let last = stderr.rfind("warning[W014]").unwrap();
    let last = &stderr[last..];
    assert!(last.contains("x.md:17:143994"), "{last}");
    assert!(last.contains("| ... [TODO] £"), "{last}");

    let (export, megabytes) = run_measured(&site, &["export"]);
    finished(&export);
    assert!(megabytes < 512, "export took {megabytes} MB");
    let exported: Value = serde_json::from_slice(&export.stdout).unwrap();
    let listed = exported["guides"][0]["placeholders"].as_array().unwrap();
    assert_eq!(listed.len(), 16_000, "every distinct slot once");
}

#[test]
fn a_huge_cell_makes_a_short_message() {
    let site = TempSite::new();
    let cell = "x".repeat(10 * 1024 * 1024);
    site.guide(
        "wide.md",
        fixture("valid.md").replace("| Austin | $200K-$250K |", &format!("| Austin | {cell} |")),
    );
    let (output, megabytes) = run_measured(&site, &["check", "--format", "json"]);
    finished(&output);
    assert!(megabytes < 512, "check took {megabytes} MB");
    let diagnostics: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(codes_and_lines(&diagnostics), pairs(&[("E013", 7)]));
    let message = diagnostics[0]["message"].as_str().unwrap();
    assert!(
        message.len() < 200 && message.contains("xxx…`"),
        "{message}"
    );
    let (_, stderr) = run(&site, &["check"]);
    assert!(stderr.len() < 4_000, "{} bytes", stderr.len());
}

#[test]
fn base_urls_are_an_http_url_or_a_safe_path() {
    let site = TempSite::new();
    site.guide("a.md", fixture("valid.md"));
    let refused = [
        (
            "guides.example.org",
            "has no scheme: write `https://guides.example.org`",
        ),
        ("", "is empty"),
        ("ftp://example.org/", "uses ftp://"),
        ("/\\evil.example/", "a backslash"),
        ("//evil.example/", "another host"),
        ("https://example.org/\nDisallow: /", "a line break"),
        ("https://example.org/\tx/", "a tab"),
        ("https://example.org/a\"onload=\"x/", "`\"`"),
        ("https:///path/", "names no host"),
        ("https://user:pw@example.org/", "user name or password"),
    ];
    for (base_url, says) in refused {
        let output = site
            .cmd()
            .args(["build", "-o", "out", "-u", base_url])
            .output()
            .unwrap();
        let stderr = finished(&output);
        assert_eq!(output.status.code(), Some(1), "-u {base_url:?}: {stderr}");
        assert!(
            stderr.contains("E005") && stderr.contains(says),
            "-u {base_url:?}: {stderr}"
        );
        assert!(!site.root().join("out").exists());

        let toml = format!("base_url = {}\n", toml_string(base_url));
        std::fs::write(site.root().join("site.toml"), &toml).unwrap();
        let (status, diagnostics) = checked(&site);
        std::fs::write(site.root().join("site.toml"), crate::harness::SITE_TOML).unwrap();
        assert_eq!(status, Some(1), "base_url {base_url:?}");
        assert_eq!(diagnostics[0]["code"], "E005");
        assert!(
            diagnostics[0]["message"].as_str().unwrap().contains(says),
            "base_url {base_url:?}: {}",
            diagnostics[0]["message"]
        );
    }
    for base_url in [
        "https://guides.example.org/pay/",
        "http://127.0.0.1:8080/",
        "/pay/",
        "/",
    ] {
        let out = site.root().join("out");
        site.cmd()
            .args(["build", "-o", "out", "-u", base_url])
            .assert()
            .success();
        let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
        assert_eq!(robots.lines().count(), 3, "{robots}");
        assert!(robots.ends_with("sitemap.xml\n"), "{robots}");
    }
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

#[test]
fn two_pages_with_one_url_are_an_error_naming_both() {
    // `X` vs `Y vs Z` and `X vs Y` vs `Z` are both /compare/x-vs-y-vs-z/.
    let site = TempSite::new();
    for company in ["Xco", "Yco vs Zco", "Xco vs Yco", "Zco"] {
        site.guide(
            &format!("{}.md", company.replace(' ', "-")),
            fixture("valid.md").replace("Initech", company),
        );
    }
    let output = site.cmd().args(["build"]).output().unwrap();
    let stderr = finished(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("E015")
            && stderr.contains("the comparison of `Xco` with `Yco vs Zco`")
            && stderr.contains("the comparison of `Xco vs Yco` with `Zco`")
            && stderr.contains("/compare/xco-vs-yco-vs-zco/"),
        "{stderr}"
    );
    assert!(!site.root().join("public").exists());
}

#[test]
fn text_no_section_keeps_is_a_warning_at_its_line() {
    let site = TempSite::new();
    let guide = fixture("valid.md")
        .replace(
            "\n| Region |",
            "\nA word before the table, under no section.\n\n| Region |",
        )
        .replace(
            "$150K equity.\"\n",
            "$150K equity.\"\n\nAsk for them in this order.\n",
        )
        + "\nFigures checked in March 2026; verify before you negotiate.\n";
    site.guide("notes.md", &guide);
    let line_of = |text: &str| {
        guide
            .lines()
            .position(|line| line.starts_with(text))
            .unwrap() as u64
            + 1
    };
    let (status, diagnostics) = checked(&site);
    assert_eq!(status, Some(0));
    assert_eq!(
        codes_and_lines(&diagnostics),
        pairs(&[
            ("W016", line_of("A word before")),
            ("W016", line_of("Ask for them")),
            ("W016", line_of("Figures checked")),
        ])
    );
    let messages = messages(&diagnostics);
    assert!(
        messages[0].contains("under no section title"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("beside the levers list"),
        "{messages:?}"
    );
    assert!(
        messages[2].contains("beside the sources list"),
        "{messages:?}"
    );
    // Given a title, the note is a section of the page.
    site.guide(
        "notes.md",
        guide.replace("\nFigures checked", "\n**Notes**\nFigures checked"),
    );
    let (_, diagnostics) = checked(&site);
    assert_eq!(codes_and_lines(&diagnostics).len(), 2);
    let out = site.build(&[]);
    let page =
        std::fs::read_to_string(out.join("companies/initech/staff-engineer/index.html")).unwrap();
    assert!(page.contains("Figures checked in March 2026"));
}

#[test]
fn absurd_rates_long_slugs_odd_digits_and_theme_paths_are_named() {
    for (rate, line) in [("1e300", 10), ("1e12", 10), ("1e-9", 10)] {
        let site = TempSite::with_config(
            &crate::harness::SITE_TOML.replace("GBP = 1.27", &format!("GBP = {rate}")),
        );
        site.guide("a.md", fixture("valid.md"));
        let (status, diagnostics) = checked(&site);
        assert_eq!(status, Some(1));
        assert_eq!(codes_and_lines(&diagnostics), pairs(&[("E005", line)]));
        assert!(
            diagnostics[0]["message"]
                .as_str()
                .unwrap()
                .contains("outside"),
            "{diagnostics:?}"
        );
    }

    let site = TempSite::new();
    let long = "Initech".to_string() + &"x".repeat(300);
    site.guide("long.md", fixture("valid.md").replace("Initech", &long))
        .guide(
            "digits.md",
            fixture("valid.md")
                .replace("Initech", "Globex")
                .replace("| Austin | $200K-$250K |", "| Austin | $２００K-$250K |"),
        );
    let (status, diagnostics) = checked(&site);
    assert_eq!(status, Some(1));
    assert_eq!(
        codes_and_lines(&diagnostics),
        pairs(&[("E013", 7), ("E016", 1)])
    );
    let messages = messages(&diagnostics);
    assert!(
        messages[0].contains("digits other than 0-9"),
        "{messages:?}"
    );
    assert!(messages[1].contains("307 bytes"), "{messages:?}");

    // An absolute theme path is not a theme name, though the folder exists.
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::create_dir(elsewhere.path().join("templates")).unwrap();
    let site = TempSite::with_config(&format!(
        "theme = {}\n{}",
        toml_string(&elsewhere.path().display().to_string()),
        crate::harness::SITE_TOML
    ));
    site.guide("a.md", fixture("valid.md"));
    let output = site.cmd().arg("build").output().unwrap();
    let stderr = finished(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr.contains("is not a theme's name"), "{stderr}");
    assert!(!stderr.contains("there is no folder"), "{stderr}");
}

#[test]
fn control_characters_in_file_names_reach_the_terminal_escaped() {
    let site = TempSite::new();
    let name = "bad\u{1b}[31mred\u{7}.md";
    site.guide(
        name,
        fixture("valid.md").replace("$200K-$250K", "$250K-$200K"),
    );
    let (_, stderr) = run(&site, &["check"]);
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
    assert!(stderr.contains("bad\\u{1b}[31mred\\u{7}.md:7:"), "{stderr}");
}

#[test]
fn templates_cannot_read_the_builders_environment() {
    let site = TempSite::new();
    site.guide("a.md", fixture("valid.md"));
    let base = std::fs::read_to_string(project_root_theme("base.html")).unwrap();
    site.file(
        "templates/base.html",
        base.replace(
            "</body>",
            "{{ get_env(name=\"GUIDEPRESS_SECRET\") }}</body>",
        ),
    );
    let output = site
        .cmd()
        .arg("build")
        .env("GUIDEPRESS_SECRET", "hunter2")
        .output()
        .unwrap();
    let stderr = finished(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr.contains("get_env is turned off"), "{stderr}");
    // One mistake in base.html fails every page the same way: said once.
    assert_eq!(stderr.matches("error[E020]").count(), 1, "{stderr}");
    assert!(stderr.contains("more pages)"), "{stderr}");
    assert!(!site.root().join("public").exists());
}

fn project_root_theme(template: &str) -> std::path::PathBuf {
    crate::harness::project_root()
        .join("themes/default/templates")
        .join(template)
}

#[test]
fn relative_links_are_checked_like_root_relative_ones() {
    let site = TempSite::new();
    let links = "[a](../../nope/), [b](nope.html), [c](../), [d](../../../../up/), \
                 [e](#levers), [f](mailto:hr@example.org), [g](//cdn.example.org/x)";
    site.guide(
        "a.md",
        fixture("valid.md").replace("[Initech careers page](https://example.org/careers)", links),
    );
    let output = site.cmd().arg("build").output().unwrap();
    let stderr = finished(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let broken: Vec<&str> = stderr
        .lines()
        .filter_map(|line| {
            line.split_once(" links to ")?
                .1
                .split_once(", which")
                .map(|(url, _)| url)
        })
        .collect();
    assert_eq!(
        broken,
        ["../../nope/", "nope.html", "../../../../up/"],
        "{stderr}"
    );
    // The same links, where they lead, pass.
    site.guide(
        "a.md",
        fixture("valid.md").replace(
            "[Initech careers page](https://example.org/careers)",
            "[hub](../), [role](../../../roles/staff-engineer/), [data](../../../data/guides.json)",
        ),
    );
    site.build(&[]);
}
