//! The export contract on the example content, as an insta snapshot, and
//! the figures of the seed guides that a careful reader takes from them.

use crate::harness::{guidepress, project_root, seed_site};
use serde_json::{Value, json};

#[test]
fn export_of_the_example_content_matches_the_snapshot() {
    let output = guidepress()
        .arg("-r")
        .arg(project_root())
        .arg("export")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json = String::from_utf8(output).unwrap();
    insta::assert_snapshot!("example_content_export", json);
}

fn seed_guide(slug: &str) -> Option<Value> {
    let seed = seed_site(&format!("seed guide {slug}"))?;
    let output = guidepress()
        .arg("-r")
        .arg(&seed)
        .arg("export")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let doc: Value = serde_json::from_slice(&output).unwrap();
    doc["guides"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["slug"] == slug)
        .cloned()
}

#[test]
fn seed_anthropic_figures_are_exactly_what_a_reader_takes() {
    let Some(guide) = seed_guide("anthropic/ml-ai-engineer") else {
        return;
    };
    assert_eq!(
        guide["premium"],
        json!({"label": "AGENTIC AI PREMIUM", "min_pct": 20, "max_pct": 35})
    );
    assert_eq!(
        guide["bands"][2],
        json!({
            "region": "London", "currency": "GBP",
            "base": {"min": 201000, "max": 255000}, "equity": {"min": 323000, "max": 570000},
            "bonus": null, "total": {"min": 282000, "max": 398000}, "line": 9
        })
    );
    assert_eq!(
        guide["level_mapping"]["entries"][4],
        json!({"company": "Amazon", "title": "Applied Scientist", "levels": ["II", "III"]})
    );
    let premiums: Vec<&Value> = guide["levers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| &l["premium"])
        .collect();
    assert_eq!(
        premiums,
        [
            &json!({"min_pct": 20, "max_pct": 35}),
            &Value::Null,
            &Value::Null,
            &Value::Null
        ]
    );
    assert_eq!(
        guide["strategy"]["ask"],
        json!({"base": 330000, "equity": 725000, "signing_bonus": 80000, "total": null})
    );
    assert_eq!(
        guide["strategy"]["floor"],
        json!({"base": 305000, "equity": null})
    );
    assert_eq!(
        guide["strategy"]["competing_offers"],
        json!([
            {"company": "OpenAI", "base": 300000, "equity": 1000000, "total": null},
            {"company": "Google DeepMind", "base": 310000, "equity": 650000, "total": null}
        ])
    );
    assert_eq!(
        guide["placeholders"],
        json!(["agentic workflows / tool-use systems / autonomous AI pipelines"])
    );
}

#[test]
fn seed_scale_resolves_its_alias_and_reads_tc_targets() {
    let Some(guide) = seed_guide("scale-ai/ml-ai-engineer") else {
        return;
    };
    assert_eq!(guide["level_mapping"]["entries"][0]["company"], "Scale AI");
    assert_eq!(
        guide["level_mapping"]["entries"][2],
        json!({"company": "Meta", "title": "ML Engineer", "levels": ["IC4", "IC5"]})
    );
    assert_eq!(
        guide["strategy"]["ask"],
        json!({"base": 248000, "equity": 475000, "signing_bonus": null, "total": 367000})
    );
    assert_eq!(
        guide["strategy"]["floor"],
        json!({"base": 235000, "equity": 420000})
    );
    assert_eq!(
        guide["strategy"]["competing_offers"],
        json!([]),
        "companies in […] slots are not offers"
    );
    assert_eq!(guide["placeholders"].as_array().unwrap().len(), 6);
}

#[test]
fn seed_character_ai_reads_a_bare_floor_as_base() {
    let Some(guide) = seed_guide("character-ai/ml-ai-engineer") else {
        return;
    };
    assert_eq!(
        guide["strategy"]["floor"],
        json!({"base": 260000, "equity": null})
    );
    assert_eq!(
        guide["strategy"]["competing_offers"],
        json!([{"company": "OpenAI", "base": 280000, "equity": 700000, "total": null}])
    );
    assert_eq!(guide["tags"][1], "$5B+ Valuation (Google Partnership)");
}
