//! Properties over generated input (proptest), the fuzz regressions
//! replayed, and parse / render time against input size.

use crate::checks;
use crate::harness::{fixtures, project_root, seed_site};
use guidepress::companies::CompanyIndex;
use guidepress::config::SiteConfig;
use guidepress::content::LoadedFile;
use guidepress::html::markdown::to_html;
use guidepress::load::{company_index, parse_file};
use guidepress::model::money::{SYMBOLS, format_range};
use guidepress::model::{Currency, MoneyRange, Percent, PercentRange};
use guidepress::parse::company_named;
use guidepress::parse::money::{CellValue, MAX_AMOUNT, parse_cell, parse_percent_range};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// Every input a fuzz target once failed on, replayed through its check.
#[test]
fn every_fuzz_regression_passes_its_check() {
    let dir = project_root().join("fuzz/regressions");
    let mut replayed = 0;
    for (target, check) in [
        ("guide", checks::guide as fn(&[u8])),
        ("money", checks::money),
        ("markdown", checks::markdown),
    ] {
        let Ok(entries) = std::fs::read_dir(dir.join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| check(&bytes));
            assert!(outcome.is_ok(), "{} fails again", path.display());
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no regressions found under {}", dir.display());
}

/// Pieces of guide syntax, so that generated text reaches past the first
/// heading into tables, leads, lists, quotes, money and front matter.
const PIECES: &[&str] = &[
    "# ",
    "## ",
    "ROLE | CO Global Negotiation Guide",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\u{feff}",
    "\0",
    "| ",
    " |",
    "|---|---|",
    "| Region | Base Salary | Equity (RSU/4yr) | Bonus | Total Comp |",
    "$",
    "£",
    "€",
    "¥",
    "₹",
    "C$",
    "CHF ",
    "K",
    "M",
    "B",
    "+",
    "-",
    "–",
    " to ",
    "%",
    "1",
    "25",
    "300",
    "12.5",
    "99999999999999",
    ",000",
    "**",
    "Negotiation DNA:",
    "Negotiation DNA",
    "Level Mapping:",
    " = ",
    "Google L5-L6",
    "(IC4-IC5)",
    "Global Levers",
    "1. ",
    "- ",
    "> ",
    "Negotiate Up Strategy:",
    "I need",
    "My floor is",
    "OpenAI",
    "base",
    "equity/4yr",
    "TC at",
    "Evidence & Sources",
    "[",
    "]",
    "(",
    ")",
    "[x](javascript:alert(1))",
    "<script>",
    "</div>",
    "<div>",
    "+++\n",
    "slug = \"../../x\"\n",
    "draft = true\n",
    "updated = 2026-01-01\n",
    "\"",
    "é",
    "東京",
    "\u{202e}",
    "\t",
    "    ",
    "`",
    "***",
];

fn guide_like() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(PIECES).prop_map(|p| p.as_bytes().to_vec()),
            1 => prop::collection::vec(any::<u8>(), 0..8),
        ],
        0..200,
    )
    .prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_input_never_panics(bytes in prop_oneof![guide_like(), prop::collection::vec(any::<u8>(), 0..2048)]) {
        checks::guide(&bytes);
        checks::markdown(&bytes);
        checks::money(&bytes);
    }

    #[test]
    fn money_formats_and_parses_back(
        currency in currency(),
        min in amount(),
        max in prop::option::of(amount()),
    ) {
        let range = MoneyRange { min, max };
        let written = format_range(currency, range);
        let parsed = parse_cell(&written);
        prop_assert!(
            matches!(parsed, Ok(CellValue::Money { currency: c, range: r, .. }) if c == currency && r == range),
            "{written:?} → {parsed:?}"
        );
    }

    #[test]
    fn percentages_format_and_parse_back(a in 0u32..100_000_000, b in 0u32..100_000_000) {
        let range = PercentRange { min_pct: Percent(a), max_pct: Percent(b) };
        let written = range.to_string();
        prop_assert_eq!(parse_percent_range(&written), Some(range), "{}", written);
    }

    #[test]
    fn a_generated_guide_survives_markdown_and_back(guide in guide_spec()) {
        let markdown = markdown_of(&guide);
        let first = export_of(&markdown);
        for key in [
            "title", "company", "role", "draft", "updated", "tags", "premium", "equity_kind",
            "vesting_years", "narrative", "sources",
        ] {
            prop_assert_eq!(&first[key], &guide[key], "{}\n{}", key, markdown);
        }
        prop_assert_eq!(without_lines(&first["bands"]), without_lines(&guide["bands"]), "{}", markdown);
        prop_assert_eq!(&first["sections"], &guide["sections"], "{}", markdown);
        prop_assert_eq!(&first["levers"], &guide["levers"], "{}", markdown);
        prop_assert_eq!(&first["strategy"]["text"], &guide["strategy"]["text"], "{}", markdown);
        let again = export_of(&markdown_of(&first));
        prop_assert_eq!(without_lines(&again), without_lines(&first));
    }
}

fn currency() -> impl Strategy<Value = Currency> {
    prop_oneof![
        prop::sample::select(SYMBOLS).prop_map(|(_, code)| Currency::from_code(code).unwrap()),
        "[A-Z]{3}".prop_map(|code| Currency::from_code(&code).unwrap()),
    ]
}

/// Amounts as tables hold them: round thousands, odd units, and anything
/// up to the largest allowed.
fn amount() -> impl Strategy<Value = u64> {
    prop_oneof![
        0u64..2_000,
        (0u64..2_000_000).prop_map(|k| k * 1_000),
        (0u64..2_000).prop_map(|m| m * 100_000),
        0..=MAX_AMOUNT,
    ]
}

/// A guide in export form, from the parts an author writes (what the
/// parser derives from them, such as the ask, is not generated).
fn guide_spec() -> impl Strategy<Value = Value> {
    let words = |n: usize| prop::collection::vec("[a-z]{1,8}", 1..n).prop_map(|w| w.join(" "));
    let name = || "[A-Z][a-z]{2,8}( [A-Z][a-z]{2,8})?";
    let range = || {
        (0u64..500_000, 0u64..500_000)
            .prop_map(|(a, b)| json!({"min": a.min(b) * 100, "max": a.max(b) * 100}))
    };
    let band = (
        name(),
        prop::sample::select(&["USD", "GBP", "EUR", "CHF", "JPY"][..]),
    )
        .prop_flat_map(move |(region, code)| {
            (
                Just(region),
                Just(code),
                prop::option::of(range()),
                prop::option::of(range()),
                prop::option::of(prop_oneof![
                    range(),
                    (1u32..30, 0u32..10).prop_map(|(a, d)| json!({"min_pct": a, "max_pct": a + d}))
                ]),
                prop::option::of(range()),
            )
        })
        .prop_map(|(region, code, base, equity, bonus, total)| {
            json!({"region": region, "currency": code, "base": base, "equity": equity,
                   "bonus": bonus, "total": total})
        })
        .prop_filter("a row states some money", |band| {
            ["base", "equity", "total"]
                .iter()
                .any(|k| !band[k].is_null())
                || band["bonus"].get("min").is_some()
        });
    let lever = (
        prop::option::of((name(), prop::option::of((1u32..40, 0u32..20)))),
        words(12),
    )
        .prop_map(|(title, text)| match title {
            Some((title, premium)) => json!({
                "title": title,
                "premium": premium.map(|(a, d)| json!({"min_pct": a, "max_pct": a + d})),
                "text": text,
            }),
            None => json!({"title": null, "premium": null, "text": text}),
        });
    (
        (name(), name(), any::<bool>(), prop::option::of((2000u32..2100, 1u32..13, 1u32..29))),
        (prop::collection::vec(name(), 1..4), prop::option::of((1u32..40, 0u32..20, name()))),
        (prop::option::of("[A-Z]{3}"), prop::option::of(1u32..10)),
        prop::collection::vec(band, 1..6),
        (words(30), prop::collection::vec((name(), words(20)), 0..3)),
        (prop::collection::vec(lever, 1..5), words(20), prop::collection::vec(words(8), 1..4)),
    )
        .prop_map(|(head, tagline, equity, bands, prose, rest)| {
            let (role, company, draft, updated) = head;
            let (role, company) = (format!("{role} Engineer"), format!("{company} Labs"));
            let (tags, premium) = tagline;
            let (levers, script, sources) = rest;
            json!({
                "title": format!("{role} | {company} Global Negotiation Guide"),
                "company": company,
                "role": role,
                "draft": draft,
                "updated": updated.map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
                "tags": tags,
                "premium": premium.map(|(a, d, label)| json!({
                    "label": label.to_uppercase(), "min_pct": a, "max_pct": a + d
                })),
                "equity_kind": equity.0,
                "vesting_years": equity.1,
                "bands": bands,
                "narrative": prose.0,
                "level_mapping": null,
                "sections": prose.1.iter().map(|(t, b)| json!({"title": t, "body": b})).collect::<Vec<_>>(),
                "levers": levers,
                "strategy": {"text": script},
                "sources": sources,
            })
        })
}

/// Parses one guide's markdown and exports it.
fn export_of(markdown: &str) -> Value {
    let file = LoadedFile::from_text("g.md", markdown);
    let named = company_named(&file);
    let companies = company_index(&SiteConfig::default(), named.as_deref());
    let result = parse_file(&file, &companies);
    let guide = result.guide.expect("a guide").guide;
    serde_json::to_value(&guide).unwrap()
}

fn without_lines(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| k.as_str() != "line" && k.as_str() != "source")
                .map(|(k, v)| (k.clone(), without_lines(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_lines).collect()),
        other => other.clone(),
    }
}

fn percent(value: &Value, key: &str) -> Percent {
    let n = &value[key];
    Percent(n.as_u64().map_or_else(
        || (n.as_f64().unwrap() * 100.0).round() as u32,
        |whole| whole as u32 * 100,
    ))
}

fn percent_range(value: &Value) -> PercentRange {
    PercentRange {
        min_pct: percent(value, "min_pct"),
        max_pct: percent(value, "max_pct"),
    }
}

fn money_cell(currency: Currency, value: &Value) -> String {
    if value.is_null() {
        return "—".into();
    }
    if value.get("min_pct").is_some() {
        return percent_range(value).to_string();
    }
    let range = MoneyRange {
        min: value["min"].as_u64().unwrap(),
        max: value["max"].as_u64(),
    };
    format_range(currency, range)
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or_default()
}

/// A guide in export form written back as markdown, the way an author
/// would: each part in the format the guide-format doc gives.
fn markdown_of(guide: &Value) -> String {
    let mut md = String::from("+++\n");
    md += &format!("company = {}\nrole = {}\n", guide["company"], guide["role"]);
    md += &format!("draft = {}\n", guide["draft"]);
    if let Some(updated) = guide["updated"].as_str() {
        md += &format!("updated = {updated}\n");
    }
    md += &format!("+++\n# {}\n\n", text(&guide["title"]));
    let mut tagline: Vec<String> = guide["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| text(t).to_string())
        .collect();
    if let Some(premium) = guide["premium"].as_object() {
        let range = percent_range(&Value::Object(premium.clone()));
        tagline.push(format!("**+{range} {}**", text(&premium["label"])));
    }
    if !tagline.is_empty() {
        md += &format!("**Negotiation DNA:** {}\n\n", tagline.join(" | "));
    }
    let kind = guide["equity_kind"].as_str();
    let years = guide["vesting_years"].as_u64();
    let equity = match (kind, years) {
        (Some(kind), Some(years)) => format!("Equity ({kind}/{years}yr)"),
        (Some(kind), None) => format!("Equity ({kind}/)"),
        (None, Some(years)) => format!("Equity ({years}yr)"),
        (None, None) => "Equity".into(),
    };
    md += &format!(
        "| Region | Base Salary | {equity} | Bonus | Total Comp |\n|---|---|---|---|---|\n"
    );
    for band in guide["bands"].as_array().unwrap() {
        let currency = Currency::from_code(text(&band["currency"])).unwrap();
        md += &format!(
            "| {} | {} | {} | {} | {} |\n",
            text(&band["region"]),
            money_cell(currency, &band["base"]),
            money_cell(currency, &band["equity"]),
            money_cell(currency, &band["bonus"]),
            money_cell(currency, &band["total"]),
        );
    }
    if let Some(narrative) = guide["narrative"].as_str() {
        md += &format!("\n**Negotiation DNA**\n{narrative}\n");
    }
    if let Some(mapping) = guide["level_mapping"].as_object() {
        let entries: Vec<String> = mapping["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let levels: Vec<&str> = e["levels"].as_array().unwrap().iter().map(text).collect();
                [text(&e["company"]), text(&e["title"]), &levels.join(" ")]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        let note = mapping["note"]
            .as_str()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        md += &format!("\n**Level Mapping:** {}{note}\n", entries.join(" = "));
    }
    for section in guide["sections"].as_array().unwrap() {
        md += &format!(
            "\n**{}**\n{}\n",
            text(&section["title"]),
            text(&section["body"])
        );
    }
    md += "\n**Global Levers**\n";
    for (i, lever) in guide["levers"].as_array().unwrap().iter().enumerate() {
        let premium = lever["premium"]
            .as_object()
            .map(|p| format!(" (+{})", percent_range(&Value::Object(p.clone()))))
            .unwrap_or_default();
        match lever["title"].as_str() {
            Some(title) => {
                md += &format!(
                    "{}. **{title}{premium}:** {}\n",
                    i + 1,
                    text(&lever["text"])
                )
            }
            None => md += &format!("{}. {}\n", i + 1, text(&lever["text"])),
        }
    }
    if let Some(script) = guide["strategy"]["text"].as_str() {
        let quoted: Vec<String> = script.lines().map(|l| format!("> {l}")).collect();
        md += &format!(
            "\n> **Negotiate Up Strategy:** {}\n",
            quoted.join("\n").trim_start_matches("> ")
        );
    }
    md += "\n**Evidence & Sources**\n";
    for source in guide["sources"].as_array().unwrap() {
        md += &format!("- {}\n", text(source));
    }
    md
}

/// Every real guide (fixtures, the example site, the seed site when there):
/// export → markdown → parse gives the same model back.
#[test]
fn real_guides_survive_export_markdown_and_parse() {
    let mut files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(fixtures())
        .into_iter()
        .chain(walkdir::WalkDir::new(project_root().join("content")))
        .chain(
            seed_site("real_guides_survive_export_markdown_and_parse (its seed guides)")
                .map(|seed| walkdir::WalkDir::new(seed.join("content")))
                .into_iter()
                .flatten(),
        )
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let mut compared = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let file = LoadedFile::from_text("g.md", &text);
        let named = company_named(&file);
        let companies = company_index(&SiteConfig::default(), named.as_deref());
        let Some(parsed) = parse_file(&file, &companies).guide else {
            continue;
        };
        let exported = serde_json::to_value(&parsed.guide).unwrap();
        let markdown = markdown_of(&exported);
        let (again, exported) = (
            without_lines(&export_of(&markdown)),
            without_lines(&exported),
        );
        let differ: Vec<String> = exported
            .as_object()
            .unwrap()
            .iter()
            .filter(|(key, value)| again[key.as_str()] != **value)
            .map(|(key, value)| format!("{key}: {value} became {}", again[key.as_str()]))
            .collect();
        assert!(
            differ.is_empty(),
            "{}: {differ:#?}\n{markdown}",
            path.display()
        );
        compared += 1;
    }
    assert!(compared >= 20, "{compared} guides compared");
}

/// The shortest of `runs` timings of `work`.
fn fastest(runs: usize, mut work: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed()
        })
        .min()
        .unwrap()
}

/// How much longer `work` takes on input 4× as large, at a size where it
/// takes long enough to measure and the input's own part dominates the
/// fixed cost (the rest of the guide).
fn growth(make: &dyn Fn(usize) -> String, work: &dyn Fn(&str), mut n: usize) -> (usize, f64) {
    let empty = make(0);
    let fixed = fastest(3, || work(&empty));
    let enough = (fixed * 10).max(Duration::from_millis(15));
    loop {
        let input = make(n);
        // Past a few MB the input outgrows the caches, and each byte costs
        // more for that alone.
        if input.len() > 1 << 19 || fastest(3, || work(&input)) >= enough {
            break;
        }
        n *= 2;
    }
    let (small, large) = (make(n), make(4 * n));
    // Interleaved, so that a stall of the machine hits both sizes alike.
    let (mut t_small, mut t_large) = (Duration::MAX, Duration::MAX);
    for _ in 0..5 {
        t_small = t_small.min(fastest(1, || work(&small)));
        t_large = t_large.min(fastest(1, || work(&large)));
    }
    (n, t_large.as_secs_f64() / t_small.as_secs_f64())
}

/// Parse and render time stay linear in the input: 4× the input may take
/// up to 10× the time (linear is 4×, quadratic 16×). A ratio of sizes, not a
/// wall-clock limit, so a slow machine does not fail it.
#[test]
fn parse_and_render_time_grow_linearly_with_input() {
    let valid = std::fs::read_to_string(fixtures().join("valid.md")).unwrap();
    let companies = CompanyIndex::new(std::iter::empty()).with_companies(["Initech", "Globex"]);
    let parse = |text: &str| {
        let file = LoadedFile::from_text("g.md", text);
        let _ = parse_file(&file, &companies);
    };
    let render = |text: &str| {
        let _ = to_html(text, None, true);
    };
    let section = |body: String| {
        valid.replace(
            "Owners of the billing platform are paid above the band.",
            &body,
        )
    };
    let row = "| Austin | $200K-$250K | $100K-$200K | $20K-$30K | $245K-$330K |\n";
    type Make<'a> = Box<dyn Fn(usize) -> String + 'a>;
    type Shape<'a> = (&'a str, Make<'a>, &'a dyn Fn(&str));
    let shapes: Vec<Shape> = vec![
        (
            "paragraphs",
            Box::new(|n| section("Platform pay at Initech. ".repeat(n))),
            &parse,
        ),
        (
            "long line",
            Box::new(|n| section("word ".repeat(n))),
            &parse,
        ),
        (
            "band rows",
            Box::new(|n| valid.replace(row, &row.repeat(n))),
            &parse,
        ),
        (
            "levers",
            Box::new(|n| {
                valid.replace(
                    "2. **Competing Offers:**",
                    &"2. **Lever (+10%):** \"[slot] at $240K base.\"\n".repeat(n),
                )
            }),
            &parse,
        ),
        (
            "script",
            Box::new(|n| {
                // Short sentences that each cite an offer: the figures of
                // each company's clause are looked up among all of them.
                valid.replace("My floor is $220K base.", &"Meta $1. ".repeat(n))
            }),
            &parse,
        ),
        (
            "tagline",
            Box::new(|n| valid.replace("Cash-Heavy Base", &"tag | ".repeat(n))),
            &parse,
        ),
        (
            "level map",
            Box::new(|n| valid.replace("= Meta IC6", &"= Meta IC6 ML Engineer ".repeat(n))),
            &parse,
        ),
        ("quotes", Box::new(|n| section(">".repeat(n))), &parse),
        ("lists", Box::new(|n| section("- ".repeat(n))), &parse),
        (
            "brackets",
            Box::new(|n| section("[".repeat(n) + &"]".repeat(n))),
            &parse,
        ),
        (
            "emphasis",
            Box::new(|n| section("*a **b ".repeat(n))),
            &parse,
        ),
        (
            "nested quotes html",
            Box::new(|n| format!("{} x", ">".repeat(n))),
            &render,
        ),
        (
            "nested lists html",
            Box::new(|n| format!("{}x", "- ".repeat(n))),
            &render,
        ),
        (
            "nested divs html",
            Box::new(|n| "<div>".repeat(n) + &"</div>".repeat(n)),
            &render,
        ),
        (
            "brackets html",
            Box::new(|n| "[".repeat(n) + "x" + &"]".repeat(n)),
            &render,
        ),
        (
            "emphasis html",
            Box::new(|n| "*a **b _c ".repeat(n)),
            &render,
        ),
        (
            "links html",
            Box::new(|n| "[a](b) <b>c</b> OpenAI ".repeat(n)),
            &render,
        ),
    ];
    let mut report = Vec::new();
    for (name, make, work) in &shapes {
        // A quadratic step that is cheap per pair (a script's figures
        // looked up per sentence) shows only from thousands of sentences.
        let start = if *name == "script" { 8192 } else { 16 };
        // A shared machine can stall any run: a shape fails only when three
        // measurements in a row say it grows faster than linear.
        let mut ratios = Vec::new();
        for _ in 0..3 {
            let (n, ratio) = growth(make.as_ref(), *work, start);
            ratios.push((n, ratio));
            if ratio < 10.0 {
                break;
            }
        }
        report.push(format!("{name}: {ratios:.1?}"));
        let (_, ratio) = *ratios.last().unwrap();
        assert!(
            ratio < 10.0,
            "{name} grows ×{ratio:.1} for 4× input: {report:#?}"
        );
    }
    eprintln!("{report:#?}");
}
