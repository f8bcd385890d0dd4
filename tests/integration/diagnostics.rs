//! A fixture per diagnostic: each is the valid guide with one defect, and
//! must raise exactly its code at its line.

use crate::harness::{TempSite, codes_and_lines, fixture, fixtures};

#[test]
fn the_valid_fixture_is_clean() {
    let site = TempSite::new();
    site.guide("valid.md", fixture("valid.md"));
    assert_eq!(site.diagnostics(&[]), Vec::<serde_json::Value>::new());
}

#[test]
fn each_fixture_raises_its_code_at_its_line() {
    let table: &[(&str, &str, Option<u64>)] = &[
        ("E004-front-matter.md", "E004", Some(2)),
        ("E010-missing-title.md", "E010", None),
        ("E011-missing-band-table.md", "E011", None),
        ("E012-band-column.md", "E012", Some(5)),
        ("E013-bad-money.md", "E013", Some(7)),
        ("E014-min-above-max.md", "E014", Some(7)),
        ("E016-bad-slug.md", "E016", Some(2)),
        ("E017-mixed-currency.md", "E017", Some(8)),
        ("W001-missing-tagline.md", "W001", None),
        ("W002-missing-narrative.md", "W002", None),
        ("W003-missing-level-mapping.md", "W003", None),
        ("W004-missing-levers.md", "W004", None),
        ("W005-missing-strategy.md", "W005", None),
        ("W006-missing-sources.md", "W006", None),
        ("W010-total-mismatch.md", "W010", Some(7)),
        ("W011-lever-without-title.md", "W011", Some(21)),
        ("W012-ask-below-floor.md", "W012", Some(24)),
        ("W013-floor-above-band.md", "W013", Some(24)),
        ("W014-unfilled-placeholder.md", "W014", Some(28)),
    ];
    let on_disk = std::fs::read_dir(fixtures().join("diagnostics"))
        .unwrap()
        .count();
    assert_eq!(on_disk, table.len(), "every fixture has a row in the table");
    for &(name, code, line) in table {
        let site = TempSite::new();
        site.guide(name, fixture(&format!("diagnostics/{name}")));
        let found = codes_and_lines(&site.diagnostics(&[]));
        assert_eq!(found, [(code.to_string(), line)], "{name}");
    }
}

#[test]
fn total_mismatch_names_the_expected_figure() {
    let site = TempSite::new();
    site.guide("g.md", fixture("diagnostics/W010-total-mismatch.md"));
    let diagnostics = site.diagnostics(&[]);
    let message = diagnostics[0]["message"].as_str().unwrap();
    assert!(message.contains("expected low end $245K"), "{message}");
    assert_eq!(diagnostics[0]["column"], 51);
}

#[test]
fn duplicate_slug_is_an_error_on_the_later_file_naming_the_first() {
    let site = TempSite::new();
    site.guide("a.md", fixture("valid.md"))
        .guide("b.md", fixture("valid.md"));
    let diagnostics = site.diagnostics(&[]);
    assert_eq!(
        codes_and_lines(&diagnostics),
        [("E015".to_string(), Some(1))]
    );
    assert!(diagnostics[0]["file"].as_str().unwrap().ends_with("b.md"));
    assert!(diagnostics[0]["message"].as_str().unwrap().contains("a.md"));
}

#[test]
fn unreadable_invalid_and_empty_files_are_errors_and_the_rest_still_parse() {
    let site = TempSite::new();
    site.guide("a-empty.md", "  \n\n")
        .guide("b-binary.md", b"# Role | Co\n\nok \xff\xfe\n".as_slice())
        .guide("c-bad-money.md", fixture("diagnostics/E013-bad-money.md"))
        .guide(
            "d-valid.md",
            fixture("valid.md").replace("Initech", "Globex"),
        );
    std::os::unix::fs::symlink(
        site.content().join("nowhere.md"),
        site.content().join("e-dangling.md"),
    )
    .unwrap();
    let output = site
        .cmd()
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let diagnostics: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let found = codes_and_lines(&diagnostics);
    assert_eq!(
        found,
        [
            ("E003".to_string(), None),
            ("E002".to_string(), Some(3)),
            ("E013".to_string(), Some(7)),
            // A link to nothing is skipped with a warning (issue 19).
            ("W015".to_string(), None),
        ]
    );
    assert_eq!(diagnostics[1]["column"], 4, "the first invalid byte");
}

#[test]
fn a_symlink_loop_is_reported_not_followed_forever() {
    let site = TempSite::new();
    site.guide("valid.md", fixture("valid.md"));
    std::os::unix::fs::symlink(site.content(), site.content().join("loop")).unwrap();
    let found = codes_and_lines(&site.diagnostics(&[]));
    assert_eq!(found, [("E001".to_string(), None)]);
}

#[test]
fn site_toml_problems_name_the_key_and_line() {
    let site = TempSite::with_config("title = \"x\"\nbase_url = \"/\"\noutput = \"public\"\n");
    let diagnostics = site.diagnostics(&[]);
    assert_eq!(
        codes_and_lines(&diagnostics),
        [("E005".to_string(), Some(3))]
    );
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap()
            .contains("`output`")
    );
}

#[test]
fn human_output_is_rustc_style_without_colour() {
    let site = TempSite::new();
    site.guide("g.md", fixture("diagnostics/E013-bad-money.md"));
    let output = site.cmd().arg("check").output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        !stderr.contains('\u{1b}'),
        "no colour when NO_COLOR is set: {stderr}"
    );
    let expected = [
        "error[E013]: `$200-250K`: each side of a range carries its own K/M/B",
        "g.md:7:11",
        "7 | | Austin | $200-250K |",
        "^^^^^^^^^^^",
        "= help: write `$200K-$250K`",
        "checked 1 guide: 1 error, 0 warnings",
    ];
    for line in expected {
        assert!(stderr.contains(line), "missing {line:?} in:\n{stderr}");
    }
}

#[test]
fn todo_placeholders_warn_in_any_section() {
    let site = TempSite::new();
    site.guide(
        "g.md",
        fixture("valid.md")
            .replace("| Austin | $200K-$250K |", "| Austin | [TODO: base] |")
            .replace(
                "[the billing platform / the deploy pipeline]",
                "[TODO: your platform]",
            ),
    );
    let diagnostics = site.diagnostics(&[]);
    assert_eq!(
        codes_and_lines(&diagnostics),
        [
            ("W014".to_string(), Some(7)),
            ("W014".to_string(), Some(20)),
        ],
        "a placeholder in a money cell is a warning, not E013"
    );
    assert_eq!(diagnostics[0]["column"], 12);
    let guide = &site.export(&[])["guides"][0];
    assert_eq!(guide["bands"][0]["base"], serde_json::Value::Null);
    // The export contract lists every bracketed span of the levers.
    assert_eq!(
        guide["placeholders"],
        serde_json::json!(["TODO: your platform"])
    );
}
