//! The dev server's incremental rebuilds give exactly what a full build
//! gives, after any sequence of edits, additions, deletions and renames.

use crate::harness::{TempSite, fixture};
use guidepress::load::{LoadOptions, load};
use guidepress::render::Files;
use guidepress::serve::site::DevSite;
use guidepress::serve::watch::Change;

fn full_build(site: &TempSite) -> Files {
    let loaded = load(site.root(), &LoadOptions::default()).expect("site loads");
    guidepress::build::render_site(&loaded, "/").expect("site builds")
}

fn assert_same(dev: &DevSite, site: &TempSite, step: &str) {
    let full = full_build(site);
    let incremental = dev.output();
    let differing: Vec<&String> = full
        .keys()
        .chain(incremental.keys())
        .filter(|path| full.get(*path) != incremental.get(*path))
        .collect();
    assert!(
        differing.is_empty(),
        "after {step}, incremental differs from a full build in {differing:?}"
    );
}

#[test]
fn incremental_rebuilds_equal_a_full_build_byte_for_byte() {
    let site = TempSite::example();
    let content = site.content();
    let (mut dev, report) = DevSite::open(site.root(), false, "/");
    assert!(report.ok, "{:?}", dev.problems());
    assert_same(&dev, &site, "opening");
    let total_pages = dev.output().keys().filter(|p| p.ends_with(".html")).count();

    // Edit one guide's prose: one file re-parsed, few pages re-rendered.
    let guide = content.join("openai-ml-ai-engineer.md");
    let text = std::fs::read_to_string(&guide).unwrap();
    std::fs::write(
        &guide,
        text.replacen(
            "**Negotiation DNA**\n",
            "**Negotiation DNA**\nEdited live. ",
            1,
        ),
    )
    .unwrap();
    let report = dev.apply(&[Change::Content(vec![guide.clone()])]);
    assert!(report.ok);
    assert_eq!(report.reparsed, 1, "only the edited guide is parsed again");
    // The site's shape held: only the pages that read this guide are built.
    assert!(
        report.rebuilt < total_pages / 2,
        "{} of {total_pages} page contexts built",
        report.rebuilt
    );
    assert!(
        report.rerendered < total_pages / 4,
        "{} of {total_pages} pages re-rendered",
        report.rerendered
    );
    assert!(
        report
            .changed
            .contains(&"companies/openai/ml-ai-engineer/index.html".to_string())
    );
    assert_same(&dev, &site, "an edit");

    // The dev server's order: the guide's own page first, the site-wide
    // pages after the reload.
    let text = std::fs::read_to_string(&guide).unwrap();
    std::fs::write(&guide, text.replace("Edited live. ", "Edited twice. ")).unwrap();
    let first = dev.apply_first(&[Change::Content(vec![guide.clone()])]);
    assert!(first.ok);
    assert_eq!(
        first.changed,
        ["companies/openai/ml-ai-engineer/index.html"],
        "only the page being edited changes first"
    );
    assert!(dev.has_deferred());
    let rest = dev.finish().expect("site-wide pages were left for later");
    assert!(rest.ok && !dev.has_deferred());
    assert!(
        rest.changed.contains(&"data/guides.json".to_string()),
        "{:?}",
        rest.changed
    );
    assert_same(&dev, &site, "an edit in two steps");

    // Edit a band: hubs and comparisons that show it change too.
    let text = std::fs::read_to_string(&guide).unwrap();
    std::fs::write(&guide, text.replace("$245K-$340K", "$250K-$340K")).unwrap();
    let report = dev.apply(&[Change::Content(vec![guide.clone()])]);
    assert!(
        report
            .changed
            .contains(&"roles/ml-ai-engineer/index.html".to_string())
    );
    assert_same(&dev, &site, "a band edit");

    // Add a guide of a new company (the company set changes).
    let added = content.join("initech-staff-engineer.md");
    std::fs::write(&added, fixture("valid.md")).unwrap();
    let report = dev.apply(&[Change::Content(vec![added.clone()])]);
    assert!(
        report.rebuilt > total_pages,
        "a new guide changes the site's shape: every page is built ({})",
        report.rebuilt
    );
    assert!(
        dev.output()
            .contains_key("companies/initech/staff-engineer/index.html")
    );
    assert_same(&dev, &site, "an addition");

    // Rename a guide file (an atomic save or `git mv`).
    let renamed = content.join("nested/initech.md");
    std::fs::create_dir_all(renamed.parent().unwrap()).unwrap();
    std::fs::rename(&added, &renamed).unwrap();
    dev.apply(&[Change::Content(vec![added.clone(), renamed.clone()])]);
    assert_same(&dev, &site, "a rename");

    // Delete a guide: its pages go, and no page links to it.
    std::fs::remove_file(content.join("scale-ai-ml-ai-engineer.md")).unwrap();
    let report = dev.apply(&[Change::Content(vec![
        content.join("scale-ai-ml-ai-engineer.md"),
    ])]);
    assert!(
        report
            .removed
            .contains(&"companies/scale-ai/ml-ai-engineer/index.html".to_string())
    );
    assert_same(&dev, &site, "a deletion");

    // Remove a whole folder, seen as a rescan.
    std::fs::remove_dir_all(content.join("nested")).unwrap();
    dev.apply(&[Change::Rescan]);
    assert_same(&dev, &site, "a removed folder");

    // A broken edit keeps the last good output; fixing it catches up.
    let before = dev.output().clone();
    std::fs::write(&guide, "# broken | OpenAI\n\n| Region | Base Salary | Equity | Bonus | Total Comp |\n|---|---|---|---|---|\n| SF | $9K-$1K | — | — | — |\n").unwrap();
    let report = dev.apply(&[Change::Content(vec![guide.clone()])]);
    assert!(!report.ok);
    assert!(
        dev.errors()
            .iter()
            .any(|e| e.code.as_str() == "E014" && e.line() == Some(5))
    );
    assert_eq!(dev.output(), &before, "the last good site stays");
    std::fs::write(&guide, text).unwrap();
    dev.apply(&[Change::Content(vec![guide.clone()])]);
    assert!(dev.errors().is_empty());
    assert_same(&dev, &site, "a fix");

    // site.toml and templates rebuild what they must.
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    std::fs::write(
        site.root().join("site.toml"),
        config.replace("title = \"Negotiation guides\"", "title = \"Renamed site\""),
    )
    .unwrap();
    dev.apply(&[Change::Config]);
    assert_same(&dev, &site, "a site.toml change");
    site.file(
        "templates/404.html",
        "{% extends \"theme/404.html\" %}{% block title %}Lost{% endblock title %}",
    );
    let report = dev.apply(&[Change::Theme]);
    assert_eq!(report.changed, ["404.html"]);
    assert_same(&dev, &site, "a template override");
}

#[test]
fn edits_made_while_another_guide_has_an_error_are_kept() {
    let site = TempSite::example();
    let content = site.content();
    let (mut dev, report) = DevSite::open(site.root(), false, "/");
    assert!(report.ok, "{:?}", dev.problems());
    let broken = content.join("openai-ml-ai-engineer.md");
    let edited = content.join("anthropic-ml-ai-engineer.md");
    let broken_text = std::fs::read_to_string(&broken).unwrap();
    let edited_text = std::fs::read_to_string(&edited).unwrap();

    // One guide breaks, then another is edited while the first is broken:
    // neither rebuild succeeds, but the second guide's edit must not be lost.
    std::fs::write(&broken, broken_text.replace("$245K-$340K", "$lots")).unwrap();
    assert!(!dev.apply(&[Change::Content(vec![broken.clone()])]).ok);
    std::fs::write(
        &edited,
        edited_text.replace("| Seattle | $257K-$319K |", "| Seattle | $258K-$319K |"),
    )
    .unwrap();
    assert!(!dev.apply(&[Change::Content(vec![edited.clone()])]).ok);
    std::fs::write(&broken, &broken_text).unwrap();
    let report = dev.apply(&[Change::Content(vec![broken.clone()])]);
    assert!(report.ok, "{:?}", dev.problems());
    assert!(
        dev.output()["companies/anthropic/ml-ai-engineer/index.html"]
            .windows(4)
            .any(|w| w == b"258K"),
        "the edit made while the site was broken reached the page"
    );
    assert_same(&dev, &site, "an edit made while another guide was broken");

    // A band moves to another region: the guide's place in the site changes,
    // so region hubs and the index follow.
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(&edited, text.replace("| Seattle |", "| Austin |")).unwrap();
    let report = dev.apply(&[Change::Content(vec![edited.clone()])]);
    assert!(report.ok, "{:?}", dev.problems());
    assert!(dev.output().contains_key("regions/austin/index.html"));
    assert_same(&dev, &site, "a band moved to another region");
}

#[test]
fn company_pairs_follow_pay_under_incremental_rebuilds() {
    // One pair per company: who is paired with whom follows the closest pay.
    let site = TempSite::with_config(&format!(
        "{}\n[limits]\ncompare_per_company = 1\n",
        crate::harness::SITE_TOML
    ));
    let row = |base_top: u32| {
        format!(
            "| Austin | $200K-${base_top}K | $100K-$200K | $20K-$30K | $245K-${}K |",
            base_top + 80
        )
    };
    let original = "| Austin | $200K-$250K | $100K-$200K | $20K-$30K | $245K-$330K |";
    let valid = fixture("valid.md");
    assert!(valid.contains(original));
    let names = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"];
    for (i, name) in names.iter().enumerate() {
        let text = valid
            .replace("Initech", name)
            .replace(original, &row(250 + 10 * i as u32));
        site.guide(&format!("{}.md", name.to_lowercase()), text);
    }
    let (mut dev, report) = DevSite::open(site.root(), false, "/");
    assert!(report.ok, "{:?}", dev.problems());
    assert!(
        dev.output()
            .contains_key("compare/charlie-vs-delta/index.html")
    );

    // Charlie's pay jumps: its nearest peer is no longer Delta.
    let charlie = site.content().join("charlie.md");
    let text = std::fs::read_to_string(&charlie).unwrap();
    std::fs::write(&charlie, text.replace(&row(270), &row(720))).unwrap();
    let report = dev.apply(&[Change::Content(vec![charlie])]);
    assert!(report.ok, "{:?}", dev.problems());
    assert!(
        !dev.output()
            .contains_key("compare/charlie-vs-delta/index.html")
    );
    assert!(
        report
            .removed
            .contains(&"compare/charlie-vs-delta/index.html".to_string())
    );
    assert_same(&dev, &site, "a pay change that re-pairs companies");
}
