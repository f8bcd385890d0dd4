//! Pure HTML functions the page builders call: escaping, markdown and SVG
//! charts. A leaf of the pipeline: it knows the model, not pages or themes,
//! so `site` (which builds page data) and `render` (which runs templates)
//! both sit above it.

pub mod chart;
pub mod markdown;

/// Escapes the five characters that matter in HTML text and attribute
/// values; tera's default also escapes `/`, which bloats every URL.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_escaped(&mut out, text);
    out
}

/// [`escape_html`], appended to `out`.
pub fn push_escaped(out: &mut String, text: &str) {
    let mut plain = 0;
    // Copies runs of plain text whole: most values have nothing to escape.
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The five are ASCII, so `at` is a char boundary.
        out.push_str(&text[plain..at]);
        out.push_str(entity);
        plain = at + 1;
    }
    out.push_str(&text[plain..]);
}
