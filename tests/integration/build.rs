//! `guidepress build` on real content: every page type with its figures,
//! links that resolve, safety of content and of the output dir.

use crate::harness::{TempSite, fixture, guidepress, snapshot};
use predicates::str::contains;
use regex::Regex;

#[test]
fn every_page_type_exists_with_its_figures() {
    let site = TempSite::example();
    site.cmd()
        .arg("build")
        .assert()
        .success()
        .stderr(contains(
            "built 12 guides (1 draft left out: `build --drafts` includes it) into",
        ))
        .stderr(contains("pages"));
    let page = |path: &str| site.read(&format!("public/{path}"));

    let home = page("index.html");
    assert!(home.contains("Highest bands at a glance"));
    assert!(home.contains(r#"href="/companies/openai/research-scientist/""#));

    let guide = page("companies/anthropic/ml-ai-engineer/index.html");
    for expected in [
        "$265K–$335K",                     // a band as written
        "£201K–£255K",                     // London in its own currency
        "+20-35% AGENTIC SYSTEMS PREMIUM", // premium badge
        r#"<mark class="slot">["#,         // fill-in slot in the script or levers
        r#"data-copy="script""#,           // copy button
        "Floor $305K",                     // floor marked against the band
        r#"href="/levels/#guide-anthropic--ml-ai-engineer""#,
        r#"<th scope="row"><a href="/regions/london/">London</a></th>"#,
        r#"role="img""#, // chart with a text alternative
    ] {
        assert!(guide.contains(expected), "guide page lacks {expected:?}");
    }

    let company = page("companies/anthropic/index.html");
    assert!(
        company.contains("ML/AI Engineer at Anthropic")
            && company.contains("Research Scientist at Anthropic")
    );

    let role = page("roles/ml-ai-engineer/index.html");
    assert!(
        role.contains("£190K–£255K base"),
        "original figures kept beside converted ones"
    );
    assert!(role.contains(r#"href="/compare/anthropic-vs-openai/""#));

    let region = page("regions/london/index.html");
    assert!(region.contains("Pay in London"));
    let pair = page("compare/anthropic-vs-openai/index.html");
    assert!(pair.contains("Research Scientist") && pair.contains("ML/AI Engineer"));

    let levels = page("levels/index.html");
    assert!(levels.contains(r#"id="guide-anthropic--ml-ai-engineer""#));
    assert!(levels.contains("IC5–IC6"));
    assert!(page("premiums/index.html").contains("AGENTIC SYSTEMS PREMIUM"));
    let offers = page("offers/index.html");
    assert!(
        offers.contains("$310K base · $1.1M equity"),
        "an offer from a script"
    );
    assert!(page("search/index.html").contains(r#"data-index="/search/index.json""#));
    let index: serde_json::Value = serde_json::from_str(&page("search/index.json")).unwrap();
    assert_eq!(index.as_array().unwrap().len(), 12);
    assert!(page("404.html").contains("Page not found"));
    assert!(page("sitemap.xml").contains("<loc>/companies/anthropic/ml-ai-engineer/</loc>"));
    assert!(page("robots.txt").contains("Sitemap:"));
    let exported = site
        .cmd()
        .arg("export")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        page("data/guides.json").as_bytes(),
        exported.as_slice(),
        "/data/guides.json is the export"
    );
    assert!(page("data/bands.csv").starts_with("company,role,slug,region,currency"));
}

#[test]
fn every_internal_link_and_asset_resolves() {
    let site = TempSite::example();
    let out = site.build(&[]);
    let files = snapshot(&out);
    let reference = Regex::new(r##"(?:href|src)="(/[^"#?]*)"##).unwrap();
    let mut checked = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        for caps in reference.captures_iter(&String::from_utf8_lossy(bytes)) {
            let target = caps[1].trim_start_matches('/');
            let found = if target.is_empty() || target.ends_with('/') {
                files.contains_key(&format!("{target}index.html"))
            } else {
                files.contains_key(target)
            };
            assert!(found, "{path} links to /{target}");
            checked += 1;
        }
    }
    assert!(checked > 1000, "checked {checked} links");
    assert!(
        !files
            .values()
            .any(|b| String::from_utf8_lossy(b).contains("https://cdn")),
        "no external requests"
    );
}

#[test]
fn a_script_in_a_guide_never_runs_on_the_site() {
    let site = TempSite::new();
    let hostile = fixture("valid.md").replace(
        "Initech pays for platform ownership.",
        "Initech pays. <script>alert('x')</script> <img src=../../../data/guides.json onerror=\"alert(1)\"> [click](javascript:alert(1)) <a href=\"javascript:alert(2)\">y</a>",
    );
    site.guide(
        "valid.md",
        hostile.replace("Why Platform Owners Win", "<script>alert(3)</script> Title"),
    );
    let out = site.build(&[]);
    // Pages and feeds; /data/*.json and .csv carry the author's markdown as
    // data (the export contract) and are never parsed as HTML.
    let pages = snapshot(&out)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html") || p.ends_with(".xml"));
    for (path, bytes) in pages {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("<script>alert"), "{path} runs a script");
        assert!(
            !text.contains("javascript:"),
            "{path} keeps a javascript: link"
        );
        assert!(!text.contains("onerror"), "{path} keeps an event handler");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let site = TempSite::example();
    let out = site.build(&[]);
    let before = snapshot(&out);
    site.guide("anthropic-ml-ai-engineer.md", "# ML/AI Engineer | Anthropic\n\n| Region | Base Salary | Equity | Bonus | Total Comp |\n|---|---|---|---|---|\n| SF | $1-2K | — | — | — |\n");
    site.cmd()
        .arg("build")
        .assert()
        .code(1)
        .stderr(contains("previous output left as it was"));
    assert_eq!(snapshot(&out), before);
    // A template error fails too, after the guides parsed.
    site.guide(
        "anthropic-ml-ai-engineer.md",
        std::fs::read_to_string(
            crate::harness::project_root().join("content/anthropic-ml-ai-engineer.md"),
        )
        .unwrap(),
    );
    site.file("templates/guide.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ guide.title | nosuchfilter }}\n{% endblock content %}\n");
    site.cmd()
        .arg("build")
        .assert()
        .code(1)
        .stderr(contains("E020"))
        .stderr(contains("templates/guide.html"));
    assert_eq!(snapshot(&out), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary folders left behind");
}

#[test]
fn dangerous_output_dirs_are_refused_and_nothing_is_deleted() {
    let site = TempSite::new();
    site.guide("valid.md", fixture("valid.md"));
    let precious = site.root().join("keep/me.txt");
    std::fs::create_dir_all(precious.parent().unwrap()).unwrap();
    std::fs::write(&precious, "mine").unwrap();
    let with_config = site.root().join("other-site");
    std::fs::create_dir_all(&with_config).unwrap();
    std::fs::write(with_config.join("site.toml"), "").unwrap();
    let home = tempfile::tempdir().unwrap();
    let root = site.root().display().to_string();
    let cases: Vec<(String, &str)> = vec![
        (root.clone(), "site's own folder"),
        (".".into(), "site's own folder"),
        ("..".into(), "contains the site"),
        ("/".into(), "file system root"),
        ("content".into(), "contains the content dir"),
        (with_config.display().to_string(), "contains a site.toml"),
        ("keep".into(), "did not make"),
        ("keep/me.txt".into(), "is a file"),
        (home.path().display().to_string(), "home folder"),
    ];
    for (dir, reason) in cases {
        site.cmd()
            .env("HOME", home.path())
            .args(["build", "-o", &dir])
            .assert()
            .code(1)
            .stderr(contains("E023"))
            .stderr(contains(reason));
    }
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), "mine");
    assert!(site.content().join("valid.md").exists());
    // Its own earlier output is replaced without complaint.
    site.build(&["-o", "dist"]);
    site.build(&["-o", "dist"]);
}

#[test]
fn a_subpath_base_url_prefixes_every_link_and_asset() {
    let site = TempSite::example();
    let out = site.build(&["-u", "https://example.org/guides/"]);
    let guide =
        std::fs::read_to_string(out.join("companies/openai/ml-ai-engineer/index.html")).unwrap();
    assert!(guide.contains(r#"href="/guides/assets/style.css""#));
    assert!(guide.contains(r#"<link rel="canonical" href="https://example.org/guides/companies/openai/ml-ai-engineer/">"#));
    let absolute_paths = Regex::new(r#"(?:href|src)="(/[^"]*)""#).unwrap();
    for caps in absolute_paths.captures_iter(&guide) {
        assert!(
            caps[1].starts_with("/guides/"),
            "{} escapes the subpath",
            &caps[1]
        );
    }
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.org/guides/levels/</loc>"));
}

#[test]
fn a_site_template_overrides_the_theme_and_can_extend_it() {
    let site = TempSite::new();
    site.guide("valid.md", fixture("valid.md"));
    site.file(
        "templates/guide.html",
        "{% extends \"theme/guide.html\" %}\n{% block title %}OVERRIDDEN {{ guide.title }}{% endblock title %}\n",
    )
    .file("static/assets/style.css", "body { color: red; }");
    let out = site.build(&[]);
    let guide =
        std::fs::read_to_string(out.join("companies/initech/staff-engineer/index.html")).unwrap();
    assert!(
        guide.contains("<title>OVERRIDDEN Staff Engineer at Initech</title>"),
        "site template wins"
    );
    assert!(
        guide.contains("Pay bands by region"),
        "and extends the theme's"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("assets/style.css")).unwrap(),
        "body { color: red; }"
    );
    assert!(
        out.join("assets/site.js").exists(),
        "theme static files stay"
    );
}

#[test]
fn the_frame_parts_render_once_per_section_and_can_be_overridden() {
    let site = TempSite::example();
    site.file(
        "templates/header.html",
        "<header>{{ site.title }} [{{ section }}]{% for item in site.nav %}{% if section == item.name | lower %} <b>{{ item.name }}</b>{% endif %}{% endfor %}</header>\n",
    );
    site.build(&[]);
    let title = "Negotiation guides";
    for (page, section, current) in [
        ("index.html", "home", ""),
        ("levels/index.html", "levels", " <b>Levels</b>"),
        (
            "companies/openai/index.html",
            "companies",
            " <b>Companies</b>",
        ),
        (
            "companies/openai/ml-ai-engineer/index.html",
            "companies",
            " <b>Companies</b>",
        ),
        ("roles/index.html", "roles", " <b>Roles</b>"),
        ("404.html", "", ""),
    ] {
        let html = site.read(&format!("public/{page}"));
        let header = format!("<header>{title} [{section}]{current}</header>\n");
        assert!(html.contains(&header), "{page}: {header} in\n{html}");
        assert_eq!(
            html.matches("<header").count(),
            1 + html.matches("<header class=\"guide-header\"").count(),
            "{page}"
        );
        assert!(
            html.contains("<footer class=\"site-footer\">"),
            "{page} keeps the theme's footer"
        );
    }
    // A mistake in a frame part is named like any template's.
    site.file(
        "templates/footer.html",
        "<footer>{{ site.title | nosuchfilter }}</footer>",
    );
    site.cmd()
        .arg("build")
        .assert()
        .code(1)
        .stderr(contains("E020"))
        .stderr(contains("templates/footer.html"));
}

#[test]
fn theme_and_currency_problems_name_the_fix() {
    let site = TempSite::with_config("title = \"t\"\ntheme = \"fancy\"\n");
    site.guide("valid.md", fixture("valid.md"));
    site.cmd()
        .arg("build")
        .assert()
        .code(1)
        .stderr(contains("unknown theme `fancy`"))
        .stderr(contains(
            "available here: default; set `theme` in site.toml",
        ));
    std::fs::create_dir_all(site.root().join("themes/dark/templates")).unwrap();
    site.cmd()
        .arg("build")
        .assert()
        .code(1)
        .stderr(contains("themes available here: dark, default"));

    let site = TempSite::with_config("title = \"t\"\n[currency]\ndisplay = \"USD\"\n");
    site.guide("valid.md", fixture("valid.md"));
    site.cmd()
        .arg("build")
        .assert()
        .code(1)
        .stderr(contains("E022"))
        .stderr(contains("no rate from GBP to USD"));
    assert!(!site.root().join("public").exists());
}

#[test]
fn builds_without_a_themes_folder_from_the_embedded_theme() {
    let site = TempSite::new();
    site.guide("valid.md", fixture("valid.md"));
    assert!(!site.root().join("themes").exists());
    let out = site.build(&[]);
    assert!(out.join("assets/style.css").exists());
    assert!(
        out.join("companies/initech/staff-engineer/index.html")
            .exists()
    );
    guidepress()
        .arg("build")
        .arg("--help")
        .assert()
        .success()
        .stdout(contains("--base-url"));
}

#[test]
fn company_pairs_are_capped_per_company_and_every_link_still_resolves() {
    let config = format!(
        "{}\n[limits]\ncompare_per_company = 2\nlevel_columns = 3\n",
        crate::harness::SITE_TOML
    );
    let site = TempSite::with_config(&config);
    let companies = [
        "Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel",
    ];
    for company in companies {
        site.guide(
            &format!("{company}.md"),
            fixture("valid.md").replace("Initech", company),
        );
    }
    let out = site.build(&[]);
    let pairs: Vec<String> = std::fs::read_dir(out.join("compare"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    // All 8 share a role: 28 pairs uncapped. No company is in more than 2,
    // and none is left without one.
    for company in companies {
        let slug = company.to_lowercase();
        let mine = pairs
            .iter()
            .filter(|p| p.split("-vs-").any(|side| side == slug))
            .count();
        assert!(
            (1..=2).contains(&mine),
            "{company} is in {mine} of {pairs:?}"
        );
    }
    assert!(pairs.len() <= companies.len(), "{pairs:?}");
    let levels = std::fs::read_to_string(out.join("levels/index.html")).unwrap();
    assert_eq!(
        levels.matches("<th scope=\"col\">").count(),
        1 + 3,
        "guide column + 3 companies"
    );
}

#[test]
fn each_guide_has_an_offer_check_island_and_a_printable_sheet() {
    let site = TempSite::new();
    site.guide(
        "valid.md",
        fixture("valid.md")
            .replace(
                "My floor is $220K base.",
                "My floor is $220K base. Ask me about [my platform record].",
            )
            .replace("holding a Globex offer", "holding a Google offer"),
    );
    let out = site.build(&[]);
    let guide =
        std::fs::read_to_string(out.join("companies/initech/staff-engineer/index.html")).unwrap();
    assert!(
        guide.contains(r#"<form id="offer-check" hidden>"#),
        "the form waits for its script"
    );
    assert!(
        guide.contains("<noscript>"),
        "a note for readers without JavaScript"
    );
    assert!(guide.contains(r#"<option value="1">London (GBP)</option>"#));
    assert!(
        guide.contains(r#"href="sheet/""#),
        "the guide links its sheet"
    );
    let island = guide
        .split(r#"<script type="application/json" id="offer-data">"#)
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("a JSON island");
    let data: serde_json::Value = serde_json::from_str(island).expect("valid JSON");
    assert_eq!(data["vesting_years"], 4);
    assert_eq!(
        data["bands"][0]["base"],
        serde_json::json!({"min": 200000, "max": 250000})
    );
    assert_eq!(data["bands"][1]["prefix"], "£");
    assert_eq!(
        data["bands"][1]["bonus_pct"],
        serde_json::json!([10.0, 15.0])
    );
    assert_eq!(data["script"]["ask_base"], 240000);
    assert_eq!(data["script"]["floor_base"], 220000);
    assert_eq!(
        data["rates"],
        serde_json::json!([["GBP", 1.27], ["USD", 1.0]])
    );
    assert_eq!(data["levers"][0]["topics"], serde_json::json!(["premium"]));
    assert_eq!(
        data["levers"][1]["topics"],
        serde_json::json!(["competing"])
    );

    let sheet =
        std::fs::read_to_string(out.join("companies/initech/staff-engineer/sheet/index.html"))
            .unwrap();
    for expected in [
        "Staff Engineer at Initech: negotiation sheet",
        "<dt>Base</dt><dd>$240K</dd>",
        "<dt>Signing bonus</dt><dd>$30K</dd>",
        "<dt>Base</dt><dd>$220K</dd>",
        "<strong>Google</strong>: $230K base · $150K equity",
        "<strong>Platform Premium</strong> (+10-20%): I own [the billing platform / the deploy pipeline], which is worth $240K base.",
        r#"<mark class="slot">[my platform record]</mark>"#,
        r#"<th scope="row">London</th><td class="num">£150K–£190K</td>"#,
        "Levels.fyi Initech staff engineer data (2026)",
    ] {
        assert!(sheet.contains(expected), "the sheet lacks {expected}");
    }
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("/companies/initech/staff-engineer/sheet/"));
}

#[test]
fn a_band_with_no_figures_is_described_as_such_in_its_chart() {
    let site = TempSite::new();
    site.guide(
        "valid.md",
        fixture("valid.md").replace(
            "| London | £150K–£190K | £80K–£160K | 10-15% | £170K–£230K |",
            "| London | — | — | — | — |",
        ),
    );
    let out = site.build(&[]);
    let page =
        std::fs::read_to_string(out.join("companies/initech/staff-engineer/index.html")).unwrap();
    assert!(
        page.contains("London: no figures."),
        "the chart's description"
    );
    assert!(!page.contains("London: ."));
}

#[test]
fn a_theme_made_before_the_sheet_existed_still_builds_every_page() {
    let site = TempSite::new();
    site.guide("valid.md", fixture("valid.md"));
    std::fs::write(
        site.root().join("site.toml"),
        format!("theme = \"older\"\n{}", crate::harness::SITE_TOML),
    )
    .unwrap();
    let templates = site.root().join("themes/older/templates");
    std::fs::create_dir_all(&templates).unwrap();
    let default = crate::harness::project_root().join("themes/default/templates");
    for entry in std::fs::read_dir(&default).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() != "sheet.html" {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            // The older theme's frame, recognisable on every page it renders.
            let text = text.replace("<body>", "<body class=\"older-theme\">");
            std::fs::write(templates.join(entry.file_name()), text).unwrap();
        }
    }
    let assets = site.root().join("themes/older/static/assets");
    std::fs::create_dir_all(&assets).unwrap();
    let default_assets = crate::harness::project_root().join("themes/default/static/assets");
    for entry in std::fs::read_dir(default_assets).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), assets.join(entry.file_name())).unwrap();
    }
    let out = site.build(&[]);
    let sheet =
        std::fs::read_to_string(out.join("companies/initech/staff-engineer/sheet/index.html"))
            .unwrap();
    assert!(
        sheet.contains("negotiation sheet"),
        "the built-in sheet template"
    );
    assert!(
        sheet.contains(r#"<body class="older-theme">"#),
        "in the theme's own frame"
    );
}
