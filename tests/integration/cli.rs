//! The command line as a user runs it.

use crate::harness::{
    TempSite, codes_and_lines, fixture, guidepress, project_root, seed_site, seed_site_at,
};
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

#[test]
fn check_passes_on_a_clean_site_and_fails_on_errors() {
    let site = TempSite::new();
    site.guide("valid.md", fixture("valid.md"));
    site.cmd()
        .arg("check")
        .assert()
        .success()
        .stderr(contains("checked 1 guide: 0 errors, 0 warnings"));
    site.guide(
        "bad.md",
        fixture("diagnostics/E013-bad-money.md").replace("Initech", "Globex"),
    );
    site.cmd()
        .arg("check")
        .assert()
        .code(1)
        .stderr(contains("error[E013]"));
}

#[test]
fn warnings_pass_unless_denied() {
    let site = TempSite::new();
    site.guide("w.md", fixture("diagnostics/W006-missing-sources.md"));
    site.cmd()
        .arg("check")
        .assert()
        .success()
        .stderr(contains("warning[W006]"));
    site.cmd()
        .args(["check", "--deny-warnings"])
        .assert()
        .code(1);
}

#[test]
fn check_json_has_the_documented_shape() {
    let site = TempSite::new();
    site.guide("w.md", fixture("diagnostics/W010-total-mismatch.md"));
    let output = site
        .cmd()
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let keys = [
        "\"severity\"",
        "\"code\"",
        "\"message\"",
        "\"file\"",
        "\"line\"",
        "\"column\"",
    ];
    let positions: Vec<usize> = keys
        .iter()
        .map(|k| text.find(k).unwrap_or_else(|| panic!("{k} in {text}")))
        .collect();
    assert!(
        positions.is_sorted(),
        "keys in the documented order: {text}"
    );
    let diagnostics: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(diagnostics[0]["severity"], "warning");
    assert_eq!(diagnostics[0].as_object().unwrap().len(), keys.len());
}

#[test]
fn paths_may_be_files_or_folders_and_default_to_the_content_dir() {
    let site = TempSite::new();
    site.guide("a/valid.md", fixture("valid.md")).guide(
        "b/bad.md",
        fixture("diagnostics/E013-bad-money.md").replace("Initech", "Globex"),
    );
    site.cmd().arg("check").assert().code(1);
    let a = site.content().join("a");
    site.cmd()
        .arg("check")
        .arg(&a)
        .assert()
        .success()
        .stderr(contains("1 guide"));
    site.cmd()
        .arg("check")
        .arg(a.join("valid.md"))
        .assert()
        .success();
    site.cmd()
        .arg("check")
        .arg(site.content().join("b/bad.md"))
        .assert()
        .code(1);
    site.cmd()
        .arg("check")
        .arg(site.content().join("missing.md"))
        .assert()
        .code(1)
        .stderr(contains("does not exist"));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TempSite::new();
    site.guide("valid.md", fixture("valid.md")).guide(
        "draft.md",
        format!(
            "+++\ndraft = true\n+++\n{}",
            fixture("valid.md").replace("Initech", "Globex")
        ),
    );
    let slugs = |doc: serde_json::Value| -> Vec<String> {
        doc["guides"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["slug"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(slugs(site.export(&[])), ["initech/staff-engineer"]);
    assert_eq!(
        slugs(site.export(&["--drafts"])),
        ["globex/staff-engineer", "initech/staff-engineer"]
    );
    site.cmd()
        .arg("check")
        .assert()
        .stderr(contains("1 guide:"));
    site.cmd()
        .args(["check", "--drafts"])
        .assert()
        .stderr(contains("2 guides:"));
}

#[test]
fn root_defaults_to_the_current_dir() {
    let site = TempSite::new();
    site.guide("valid.md", fixture("valid.md"));
    guidepress()
        .current_dir(site.root())
        .arg("check")
        .assert()
        .success();
}

#[test]
fn a_missing_site_toml_says_where_one_is() {
    let site = TempSite::new();
    let nested = site.content().join("deeper");
    std::fs::create_dir_all(&nested).unwrap();
    guidepress()
        .current_dir(&nested)
        .arg("check")
        .assert()
        .code(1)
        .stderr(contains(format!(
            "no site.toml in {}\n",
            nested.canonicalize().unwrap().display()
        )))
        .stderr(contains("a site was found above"))
        .stderr(contains(format!(
            "`cd {root}`, or pass `-r {root}`",
            root = site.root().canonicalize().unwrap().display()
        )))
        .stderr(contains("guidepress init"));
}

#[test]
fn a_missing_content_dir_names_the_key_to_set() {
    let site = TempSite::with_config("title = \"t\"\ncontent_dir = \"guides\"\n");
    for command in ["check", "build"] {
        site.cmd()
            .arg(command)
            .assert()
            .code(1)
            .stderr(contains("error[E001]: content dir"))
            .stderr(contains("guides does not exist"))
            .stderr(contains("set `content_dir` in site.toml"));
    }
    assert!(!site.root().join("public").exists());
}

#[test]
fn export_refuses_to_write_when_a_guide_has_errors() {
    let site = TempSite::new();
    site.guide("bad.md", fixture("diagnostics/E014-min-above-max.md"));
    let out = site.root().join("guides.json");
    site.cmd()
        .args(["export", "-o"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(contains("nothing written"));
    assert!(!out.exists());
}

#[test]
fn export_writes_json_or_csv_to_a_file() {
    let site = TempSite::new();
    site.guide("valid.md", fixture("valid.md"));
    let json = site.root().join("out/guides.json");
    std::fs::create_dir_all(json.parent().unwrap()).unwrap();
    site.cmd()
        .args(["export", "-o"])
        .arg(&json)
        .assert()
        .success()
        .stdout("");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(doc["schema"], "guidepress/guides@1");

    let output = site
        .cmd()
        .args(["export", "--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let csv = String::from_utf8(output).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines,
        [
            "company,role,slug,region,currency,base_min,base_max,equity_min,equity_max,bonus_min,bonus_max,total_min,total_max,bonus_pct_min,bonus_pct_max",
            "Initech,Staff Engineer,initech/staff-engineer,Austin,USD,200000,250000,100000,200000,20000,30000,245000,330000,,",
            "Initech,Staff Engineer,initech/staff-engineer,London,GBP,150000,190000,80000,160000,,,170000,230000,10,15",
        ]
    );
}

#[test]
fn help_and_version_explain_the_tool() {
    guidepress()
        .arg("--version")
        .assert()
        .success()
        .stdout(format!("guidepress {}\n", env!("CARGO_PKG_VERSION")));
    let help = guidepress()
        .arg("--help")
        .assert()
        .success()
        .stdout(contains("guidepress init my-site"))
        .get_output()
        .stdout
        .clone();
    let help = String::from_utf8(help).unwrap();
    for command in [
        "init",
        "new",
        "check",
        "build",
        "serve",
        "export",
        "completions",
    ] {
        let listed = regex::Regex::new(&format!(r"(?m)^  {command} +\S")).unwrap();
        assert!(listed.is_match(&help), "{command} is listed with a summary");
        guidepress()
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(contains(format!("Examples:\n  guidepress {command}")));
    }
    guidepress()
        .args(["check", "--help"])
        .assert()
        .success()
        .stdout(contains("--deny-warnings"));
    guidepress().arg("bogus").assert().code(2);
}

#[test]
fn the_example_site_checks_clean_with_drafts() {
    guidepress()
        .arg("-r")
        .arg(project_root())
        .args(["check", "--deny-warnings", "--drafts"])
        .assert()
        .success();
}

/// The seed site beside the project (present on developer machines and CI)
/// must parse with no diagnostic at all.
#[test]
fn the_seed_site_checks_clean_when_present() {
    let Some(seed) = seed_site("the_seed_site_checks_clean_when_present") else {
        return;
    };
    let site = TempSite::new();
    let output = guidepress()
        .arg("-r")
        .arg(&seed)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let diagnostics: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(codes_and_lines(&diagnostics), []);
    drop(site);
}

/// Without the seed site a test that needs it says "skipped" where a
/// passing test's output still shows, and with GUIDEPRESS_REQUIRE_SEED=1
/// (CI) it fails instead of passing without checking anything.
#[test]
fn a_missing_seed_site_is_skipped_visibly_or_fails_when_required() {
    let site = TempSite::new();
    let missing = site.root().join("no-seed-site");
    assert_eq!(seed_site_at(&missing, false, "this test"), None);
    let required = std::panic::catch_unwind(|| seed_site_at(&missing, true, "this test"));
    assert!(
        required.is_err(),
        "a required seed site that is missing fails"
    );
    assert_eq!(
        seed_site_at(&project_root(), true, "this test"),
        Some(project_root()),
        "a folder with a site.toml is the seed"
    );
}

#[test]
fn r_to_a_folder_that_does_not_exist_says_so() {
    let site = TempSite::new();
    let missing = site.root().join("no-such-site");
    for command in ["check", "build", "serve", "export"] {
        guidepress()
            .arg("-r")
            .arg(&missing)
            .arg(command)
            .timeout(std::time::Duration::from_secs(20))
            .assert()
            .code(1)
            .stderr(contains("the folder does not exist"))
            .stderr(contains("no site.toml").not());
    }
    let output = guidepress()
        .arg("-r")
        .arg(&missing)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let diagnostics: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(diagnostics[0]["code"], "E005");
}

#[test]
fn r_to_a_site_toml_means_its_folder_and_to_another_file_is_explained() {
    let site = TempSite::new();
    site.guide("valid.md", fixture("valid.md"));
    guidepress()
        .arg("-r")
        .arg(site.root().join("site.toml"))
        .arg("check")
        .assert()
        .success()
        .stderr(contains("checked 1 guide: 0 errors"));
    guidepress()
        .arg("-r")
        .arg(site.content().join("valid.md"))
        .arg("check")
        .assert()
        .code(1)
        .stderr(contains("is a file, not a folder"))
        .stderr(contains("the one with site.toml"));
}

#[test]
fn a_files_placeholder_warnings_are_one_line_unless_verbose_or_json() {
    let site = TempSite::new();
    site.cmd()
        .args(["new", "Acme", "Staff Engineer"])
        .assert()
        .success();
    let placeholders = site
        .diagnostics(&[])
        .iter()
        .filter(|d| d["code"] == "W014")
        .count();
    assert!(placeholders > 1, "a skeleton has many: {placeholders}");
    let blocks = |args: &[&str]| {
        let output = site.cmd().args(args).output().unwrap();
        String::from_utf8(output.stderr).unwrap()
    };
    for command in [&["check"][..], &["build"]] {
        let stderr = blocks(command);
        assert_eq!(stderr.matches("warning[W014]").count(), 1, "{stderr}");
        assert!(
            stderr.contains(&format!(
                "warning[W014]: {placeholders} placeholders left in {}, first at ",
                site.content().join("acme-staff-engineer.md").display()
            )),
            "{stderr}"
        );
        assert!(
            stderr.contains("`guidepress check -v` shows each"),
            "{stderr}"
        );
    }
    for command in [&["check", "-v"][..], &["build", "-v"]] {
        let stderr = blocks(command);
        assert_eq!(
            stderr.matches("warning[W014]").count(),
            placeholders,
            "{stderr}"
        );
    }
}

#[test]
fn a_single_placeholder_is_shown_in_full() {
    let site = TempSite::new();
    site.guide(
        "valid.md",
        fixture("valid.md").replace(
            "[the billing platform / the deploy pipeline]",
            "[TODO: a note]",
        ),
    );
    let stderr = String::from_utf8(site.cmd().arg("check").output().unwrap().stderr).unwrap();
    assert_eq!(stderr.matches("warning[W014]").count(), 1, "{stderr}");
    assert!(!stderr.contains("placeholders left"), "{stderr}");
    assert!(stderr.contains("[TODO: a note]"), "{stderr}");
}

#[test]
fn site_toml_type_errors_speak_the_files_terms() {
    for (config, says, help) in [
        (
            "title = \"t\"\n\n[limits]\ncompare_per_company = \"8\"\n",
            "error[E005]: limits.compare_per_company must be a whole number, not \"8\"",
            "help: write the number without quotes",
        ),
        (
            "title = \"t\"\n[currency]\nrates = { GBP = \"1.2\" }\n",
            "error[E005]: currency.rates.GBP must be a number, not \"1.2\"",
            "help: write the number without quotes",
        ),
        (
            "title = 5\n",
            "error[E005]: title must be text in quotes, not 5",
            "help: put the value in double quotes",
        ),
    ] {
        let site = TempSite::with_config(config);
        site.cmd()
            .arg("check")
            .assert()
            .code(1)
            .stderr(contains(says))
            .stderr(contains(help))
            .stderr(contains("keys are title").not());
    }
}

#[test]
fn build_output_paths_with_a_dot_are_shown_and_written_as_meant() {
    let site = TempSite::new();
    site.guide("valid.md", fixture("valid.md"));
    guidepress()
        .current_dir(site.root())
        .args(["build", "-o", "."])
        .assert()
        .code(1)
        .stderr(contains(
            "refusing to write the site into .: it is the site's own folder",
        ));
    guidepress()
        .current_dir(site.root())
        .args(["build", "-o", "out/."])
        .assert()
        .success()
        .stderr(contains("built 1 guide into out:"));
    assert!(site.root().join("out/index.html").is_file());
}

#[test]
fn check_reports_an_unknown_theme_at_its_site_toml_line() {
    let site = TempSite::with_config("title = \"t\"\n\ntheme = \"nordic\"   # mine\n");
    site.guide("valid.md", fixture("valid.md"));
    site.cmd()
        .arg("check")
        .assert()
        .code(1)
        .stderr(contains("error[E020]: unknown theme `nordic`"))
        .stderr(contains("site.toml:3:9"))
        .stderr(contains("checked 1 guide: 1 error, 0 warnings"));
    let diagnostics = site.diagnostics(&[]);
    assert_eq!(
        codes_and_lines(&diagnostics),
        [("E020".to_string(), Some(3))]
    );
    // The default theme and a theme folder that is there pass.
    std::fs::create_dir_all(site.root().join("themes/nordic/templates")).unwrap();
    site.cmd().arg("check").assert().success();
}

#[test]
fn paths_and_output_are_relative_to_the_site_root_wherever_guidepress_runs() {
    let site = TempSite::new();
    site.guide("valid.md", fixture("valid.md"));
    let elsewhere = tempfile::tempdir().unwrap();
    guidepress()
        .current_dir(elsewhere.path())
        .arg("-r")
        .arg(site.root())
        .args(["check", "content/valid.md"])
        .assert()
        .success()
        .stderr(contains("checked 1 guide: 0 errors"));
    guidepress()
        .current_dir(elsewhere.path())
        .arg("-r")
        .arg(site.root())
        .args(["export", "content/valid.md", "-o", "guides.json"])
        .assert()
        .success();
    assert!(site.root().join("guides.json").is_file());
    assert!(!elsewhere.path().join("guides.json").exists());
    // In the site's folder, the same words name the same files.
    guidepress()
        .current_dir(site.root())
        .args(["check", "content/valid.md"])
        .assert()
        .success()
        .stderr(contains("checked 1 guide: 0 errors"));
}

#[test]
fn the_build_summary_says_how_many_drafts_were_left_out() {
    let site = TempSite::new();
    site.guide("valid.md", fixture("valid.md")).guide(
        "draft.md",
        format!(
            "+++\ndraft = true\n+++\n{}",
            fixture("valid.md").replace("Initech", "Globex")
        ),
    );
    site.cmd().arg("build").assert().success().stderr(contains(
        "built 1 guide (1 draft left out: `build --drafts` includes it) into",
    ));
    site.cmd()
        .args(["build", "--drafts"])
        .assert()
        .success()
        .stderr(contains("built 2 guides into"));
}
