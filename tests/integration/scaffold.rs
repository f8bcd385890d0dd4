//! A newcomer's path: init → new → check → build, every refusal on the
//! way, and shell completions.

use crate::harness::{SITE_TOML, TempSite, fixture, guidepress};
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use serde_json::Value;
use std::path::Path;

/// `guidepress ARGS` run in `dir`, as a user at a shell would.
fn run_in(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    guidepress().current_dir(dir).args(args).assert()
}

fn codes(dir: &Path) -> Vec<String> {
    let output = guidepress()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let list: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    list.iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// What an author writes in place of each placeholder of the skeleton.
const FILLED: &[(&str, &str)] = &[
    (
        "[TODO: the pay mix, e.g. Base + Public RSUs]",
        "Base + Public RSUs",
    ),
    (
        "[TODO: what decides the offer, e.g. Level Calibration Sets the Band]",
        "Scope Decides the Level",
    ),
    (
        "[TODO: the premium, e.g. +10-20% PLATFORM PREMIUM]",
        "+10-20% PLATFORM PREMIUM",
    ),
    ("[TODO: base, e.g. $180K-$220K]", "$200K-$250K"),
    (
        "[TODO: equity for all 4 years, e.g. $200K-$400K]",
        "$400K-$800K",
    ),
    ("[TODO: bonus, e.g. $20K-$30K, 10-15% or —]", "$20K-$30K"),
    ("[TODO: total per year, e.g. $250K-$350K]", "$320K-$480K"),
    (
        "[TODO: what makes pay for this role at Acme Robotics distinctive: how an offer is built, what moves and what does not.]",
        "Acme Robotics pays a narrow base band and a wide equity range.",
    ),
    (
        "[TODO: Google L5 Software Engineer]",
        "Google L6 Software Engineer",
    ),
    (
        "[TODO: Meta IC5 Software Engineer]",
        "Meta IC6 Software Engineer",
    ),
    (
        "[TODO: a spotlight title, e.g. Level Calibration Sets the Band]",
        "Scope Across Teams",
    ),
    (
        "[TODO: one thing a candidate must know, with the figures behind it. Add as many spotlights as the role needs, or remove this one.]",
        "Staff means scope across teams; the level sets the band.",
    ),
    (
        "[TODO: a lever with its premium, e.g. Platform Premium (+10-20%)]",
        "Platform Premium (+10-20%)",
    ),
    ("[TODO: a lever, e.g. Competing Offers]", "Competing Offers"),
    (
        "[TODO: what the candidate says.]",
        "My work on [the deploy pipeline] is what this team needs.",
    ),
    (
        "[TODO: the script: I'm holding an offer at $X base. To join: $X base, $Y equity/4yr, and a $Z signing bonus. My floor is $F base.]",
        "I'm holding a Globex offer at $230K base / $500K equity. To join: $240K base, $600K equity/4yr, and a $50K signing bonus. My floor is $220K base.",
    ),
    (
        "[TODO: a source, e.g. Levels.fyi Acme Robotics compensation data (2026)]",
        "Levels.fyi Acme Robotics compensation data (2026)",
    ),
];

fn fill(skeleton: &str) -> String {
    let filled = FILLED
        .iter()
        .fold(skeleton.to_string(), |text, (todo, value)| {
            assert!(text.contains(todo), "the skeleton has {todo}");
            text.replace(todo, value)
        });
    assert!(
        !filled.contains("[TODO"),
        "every placeholder filled: {filled}"
    );
    filled
}

#[test]
fn init_new_check_build_from_an_empty_folder() {
    let home = tempfile::tempdir().unwrap();
    run_in(home.path(), &["init", "my-site"])
        .success()
        .stdout(contains("created my-site/site.toml"))
        .stdout(contains(
            "created my-site/content/northwind-robotics-staff-software-engineer.md",
        ))
        .stdout(contains("cd my-site"))
        .stdout(contains("created my-site/templates/.gitkeep"))
        .stdout(contains("created my-site/static/.gitkeep"));
    let site = home.path().join("my-site");
    for empty in ["templates", "static"] {
        let entries: Vec<_> = std::fs::read_dir(site.join(empty))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(entries, [".gitkeep"], "{empty}/ is kept in git, and empty");
    }
    // What a build stopped halfway leaves beside public/ is ignored too.
    let ignored = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    assert!(
        ignored.lines().any(|l| l == "/.public.building-*/"),
        "{ignored}"
    );

    // The example guide checks and builds with no warning.
    assert_clean(
        &site,
        "1 guide",
        "companies/northwind-robotics/staff-software-engineer",
    );

    // A skeleton: warns at each placeholder, nothing else, and still builds.
    run_in(
        &site,
        &[
            "new",
            "Acme Robotics",
            "Staff Engineer",
            "--regions",
            "San Francisco, London",
        ],
    )
    .success()
    .stdout("content/acme-robotics-staff-engineer.md\n")
    .stderr(contains("22 `[TODO: …]` placeholders"));
    let path = site.join("content/acme-robotics-staff-engineer.md");
    let skeleton = std::fs::read_to_string(&path).unwrap();
    assert!(skeleton.contains("\n| San Francisco | [TODO: base"));
    assert!(skeleton.contains("\n| London | [TODO: base"));
    let found = codes(&site);
    assert_eq!(found.len(), skeleton.matches("[TODO").count(), "{found:?}");
    assert!(found.iter().all(|c| c == "W014"), "{found:?}");
    run_in(&site, &["check"]).success();
    run_in(&site, &["check", "--deny-warnings"]).code(1);

    // Filled in, it is clean and builds with no warning.
    std::fs::write(&path, fill(&skeleton)).unwrap();
    assert_clean(&site, "2 guides", "companies/acme-robotics/staff-engineer");
}

/// `check --deny-warnings` and `build` pass without a warning, and `page` is built.
fn assert_clean(site: &Path, guides: &str, page: &str) {
    run_in(site, &["check", "--deny-warnings"])
        .success()
        .stderr(contains(format!("checked {guides}: 0 errors, 0 warnings")));
    run_in(site, &["build"])
        .success()
        .stderr(contains(format!("built {guides} into public:")))
        .stderr(contains(", 0 warnings,"));
    let built = site.join("public").join(page).join("index.html");
    assert!(built.is_file(), "{}", built.display());
    assert!(
        !site.join("public/.gitkeep").exists(),
        "static/.gitkeep is not published"
    );
}

#[test]
fn the_skeleton_filled_in_has_every_section_of_the_format() {
    let site = TempSite::new();
    site.cmd()
        .args([
            "new",
            "Acme Robotics",
            "Staff Engineer",
            "--regions",
            "Austin",
        ])
        .assert()
        .success();
    let path = site.content().join("acme-robotics-staff-engineer.md");
    std::fs::write(&path, fill(&std::fs::read_to_string(&path).unwrap())).unwrap();
    assert_eq!(site.diagnostics(&[]), Vec::<Value>::new());
    let guide = site.export(&[])["guides"][0].clone();
    assert_eq!(guide["slug"], "acme-robotics/staff-engineer");
    assert_eq!(
        guide["title"],
        "Staff Engineer | Acme Robotics Global Negotiation Guide"
    );
    assert_eq!(guide["tags"].as_array().unwrap().len(), 2);
    assert_eq!(guide["premium"]["label"], "PLATFORM PREMIUM");
    assert_eq!(guide["equity_kind"], "RSU");
    assert_eq!(guide["vesting_years"], 4);
    assert_eq!(guide["bands"][0]["region"], "Austin");
    assert_eq!(guide["bands"][0]["total"]["max"], 480000);
    assert!(guide["narrative"].as_str().unwrap().contains("narrow base"));
    assert_eq!(guide["level_mapping"]["entries"][1]["levels"][0], "L6");
    assert_eq!(guide["sections"][0]["title"], "Scope Across Teams");
    assert_eq!(guide["levers"][0]["premium"]["max_pct"], 20);
    assert_eq!(guide["levers"][1]["title"], "Competing Offers");
    assert_eq!(guide["strategy"]["ask"]["base"], 240000);
    assert_eq!(guide["strategy"]["floor"]["base"], 220000);
    assert_eq!(guide["placeholders"][0], "the deploy pipeline");
    assert_eq!(guide["sources"].as_array().unwrap().len(), 1);
}

#[test]
fn new_without_regions_leaves_a_region_to_fill() {
    let site = TempSite::new();
    site.cmd()
        .args(["new", "Acme", "Data Engineer"])
        .assert()
        .success();
    let text = site.read("content/acme-data-engineer.md");
    assert!(text.contains("\n| [TODO: region, e.g. San Francisco] | [TODO: base"));
    let diagnostics = site.diagnostics(&[]);
    assert!(
        diagnostics
            .iter()
            .any(|d| d["code"] == "W014" && d["line"] == 7 && d["column"] == 3),
        "{diagnostics:?}"
    );
}

#[test]
fn new_names_the_file_by_the_slug_the_build_makes() {
    // `Scale` is an alias of `Scale AI` in the harness's site.toml.
    let site = TempSite::new();
    site.cmd()
        .args(["new", "Scale", "ML/AI Engineer", "--regions", "Remote US"])
        .assert()
        .success()
        .stdout(contains("scale-ai-ml-ai-engineer.md"));
    assert_eq!(
        site.export(&[])["guides"][0]["slug"],
        "scale-ai/ml-ai-engineer"
    );
    site.build(&[]);
    assert!(
        site.root()
            .join("public/companies/scale-ai/ml-ai-engineer/index.html")
            .is_file()
    );
}

#[test]
fn new_refuses_to_overwrite_a_file_or_duplicate_a_guide() {
    let site = TempSite::new();
    site.guide("acme-staff-engineer.md", "my notes\n");
    site.cmd()
        .args(["new", "Acme", "Staff Engineer"])
        .assert()
        .code(1)
        .stderr(contains("error[E026]"))
        .stderr(contains("acme-staff-engineer.md exists: nothing written"));
    assert_eq!(site.read("content/acme-staff-engineer.md"), "my notes\n");

    // The same company and role in a file named otherwise: one slug, refused.
    site.guide("initech.md", fixture("valid.md"));
    site.cmd()
        .args(["new", "Initech", "Staff Engineer"])
        .assert()
        .code(1)
        .stderr(contains(
            "initech.md is already the guide for Staff Engineer at Initech",
        ));
    assert!(!site.content().join("initech-staff-engineer.md").exists());

    for (company, complaint) in [
        ("Acme | Labs", "contains `|`"),
        ("", "is empty"),
        ("Acme [beta]", "contains `[` or `]`"),
    ] {
        site.cmd()
            .args(["new", company, "Engineer"])
            .assert()
            .code(1)
            .stderr(contains(complaint));
    }
    site.cmd()
        .args(["new", "***", "Engineer"])
        .assert()
        .code(1)
        .stderr(contains("error[E016]"));
    site.cmd()
        .args(["new", "Acme", "Engineer", "--regions", "Austin|TX"])
        .assert()
        .code(1)
        .stderr(contains("the region `Austin|TX`"));
}

#[test]
fn new_outside_a_site_says_how_to_start_one() {
    let dir = tempfile::tempdir().unwrap();
    run_in(dir.path(), &["new", "Acme", "Engineer"])
        .code(1)
        .stderr(contains(format!(
            "no site.toml in {}\n",
            dir.path().canonicalize().unwrap().display()
        )))
        .stderr(contains("guidepress init"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_force_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("notes.txt"), "mine\n").unwrap();
    run_in(root, &["init"])
        .code(1)
        .stderr(contains("error[E026]"))
        .stderr(contains("is not empty: nothing written"))
        .stderr(contains("--force"));
    assert!(!root.join("site.toml").exists());

    std::fs::write(root.join("site.toml"), SITE_TOML).unwrap();
    run_in(root, &["init", "--force"])
        .success()
        .stdout(contains("skipped site.toml (exists, left as it was)"))
        .stdout(contains(
            "created content/northwind-robotics-staff-software-engineer.md",
        ));
    assert_eq!(
        std::fs::read_to_string(root.join("site.toml")).unwrap(),
        SITE_TOML
    );
    assert_eq!(
        std::fs::read_to_string(root.join("notes.txt")).unwrap(),
        "mine\n"
    );

    let guide = root.join("content/northwind-robotics-staff-software-engineer.md");
    std::fs::write(&guide, "edited\n").unwrap();
    run_in(root, &["init", "--force"])
        .success()
        .stdout(contains(
            "skipped content/northwind-robotics-staff-software-engineer.md",
        ));
    assert_eq!(std::fs::read_to_string(&guide).unwrap(), "edited\n");

    run_in(root, &["init", "--force"])
        .success()
        .stdout(contains(
            "Nothing written: every file init makes is already in .",
        ))
        .stdout(contains("Next").not());

    run_in(root, &["init", "notes.txt"])
        .code(1)
        .stderr(contains("notes.txt is a file, not a folder"));
}

#[test]
fn completions_are_printed_for_every_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _guidepress"),
        ("zsh", "#compdef guidepress"),
        ("fish", "complete -c guidepress"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let output = guidepress()
            .args(["completions", shell])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let script = String::from_utf8(output).unwrap();
        assert!(script.contains(marker), "{shell}: {marker}");
        for word in ["init", "new", "completions", "regions", "quiet"] {
            assert!(script.contains(word), "{shell} completes {word}");
        }
    }
    guidepress()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(contains("possible values"));
}

#[test]
fn new_site_as_hugo_has_it_is_refused_with_a_hint_to_init() {
    let site = TempSite::new();
    site.cmd()
        .args(["new", "site", "my-site"])
        .assert()
        .code(1)
        .stderr(contains("company named \"site\": nothing written"))
        .stderr(contains("guidepress init my-site"));
    assert_eq!(
        std::fs::read_dir(site.content()).unwrap().count(),
        0,
        "no guide written"
    );
}
