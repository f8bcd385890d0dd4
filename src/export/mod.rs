//! The data contract: JSON schema `guidepress/guides@1` and a CSV of bands.

use crate::model::{Bonus, GUIDES_SCHEMA, Guide, GuidesDocument};

/// The export document, pretty-printed, ending in a newline.
pub fn to_json(guides: &[Guide]) -> String {
    let document = GuidesDocument {
        schema: GUIDES_SCHEMA,
        guides,
    };
    let mut json = serde_json::to_string_pretty(&document).unwrap_or_else(|err| {
        // The model holds only strings, integers and options: serializing cannot fail.
        unreachable!("export document did not serialize: {err}")
    });
    json.push('\n');
    json
}

pub const CSV_HEADER: [&str; 15] = [
    "company",
    "role",
    "slug",
    "region",
    "currency",
    "base_min",
    "base_max",
    "equity_min",
    "equity_max",
    "bonus_min",
    "bonus_max",
    "total_min",
    "total_max",
    "bonus_pct_min",
    "bonus_pct_max",
];

/// One row per band: company, role, slug, region, currency and the eight
/// band numbers (empty where unknown), then a percentage bonus if any.
pub fn to_csv(guides: &[Guide]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let number = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
    let mut write = |record: &[String]| {
        writer
            .write_record(record.iter().map(|field| defuse_formula(field)))
            .expect("writing CSV into memory");
    };
    write(&CSV_HEADER.map(str::to_string));
    for guide in guides {
        for band in &guide.bands {
            let (bonus_min, bonus_max, pct_min, pct_max) = match band.bonus {
                Some(Bonus::Money(range)) => {
                    (Some(range.min), range.max, String::new(), String::new())
                }
                Some(Bonus::Percent(pct)) => {
                    (None, None, pct.min_pct.to_string(), pct.max_pct.to_string())
                }
                None => (None, None, String::new(), String::new()),
            };
            write(&[
                guide.company.clone(),
                guide.role.clone(),
                guide.slug.clone(),
                band.region.clone(),
                band.currency.to_string(),
                number(band.base.map(|r| r.min)),
                number(band.base.and_then(|r| r.max)),
                number(band.equity.map(|r| r.min)),
                number(band.equity.and_then(|r| r.max)),
                number(bonus_min),
                number(bonus_max),
                number(band.total.map(|r| r.min)),
                number(band.total.and_then(|r| r.max)),
                pct_min,
                pct_max,
            ]);
        }
    }
    let bytes = writer.into_inner().expect("flushing CSV into memory");
    String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8")
}

/// Spreadsheets run a cell starting with `=`, `+`, `-` or `@` as a formula,
/// and some skip a leading tab or carriage return to find one; a leading
/// `'` keeps an author's text as text.
fn defuse_formula(field: &str) -> String {
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}")
    } else {
        field.to_string()
    }
}
