use super::Location;
use std::ops::Range;

/// A file's text as the parser sees it (BOM removed, line endings made `\n`)
/// with an index of line starts, so byte offsets map to physical lines.
#[derive(Clone, Debug)]
pub struct SourceText {
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceText {
    /// Removes a UTF-8 BOM and turns CRLF and lone CR into LF. Neither shifts
    /// a line: CRLF and CR each end exactly one physical line.
    pub fn new(raw: &str) -> SourceText {
        let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
        let text = if raw.contains('\r') {
            raw.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            raw.to_string()
        };
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceText { text, line_starts }
    }

    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> u32 {
        let index = self.line_starts.partition_point(|&start| start <= offset);
        u32::try_from(index.max(1)).unwrap_or(u32::MAX)
    }

    /// Where `range` starts, underlining it up to the end of its first line.
    pub fn locate(&self, range: Range<usize>) -> Location {
        let start = self
            .text
            .floor_char_boundary(range.start.min(self.text.len()));
        let line = self.line_of(start);
        let line_start = self.line_starts[line as usize - 1];
        let line_end = self.text[line_start..]
            .find('\n')
            .map_or(self.text.len(), |i| line_start + i);
        let end = self
            .text
            .floor_char_boundary(range.end.clamp(start, line_end));
        let line_text = &self.text[line_start..line_end];
        let column = line_text[..start - line_start].chars().count() + 1;
        Location {
            line,
            column: u32::try_from(column).unwrap_or(u32::MAX),
            line_text: line_text.to_string(),
            underline: (start - line_start)..(end - line_start).max(start - line_start),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_survive_bom_crlf_and_lone_cr() {
        let source = SourceText::new("\u{feff}a\r\nbb\rccc\n");
        assert_eq!(source.text, "a\nbb\nccc\n");
        let loc = source.locate(5..8);
        assert_eq!(
            (loc.line, loc.column, loc.line_text.as_str()),
            (3, 1, "ccc")
        );
        assert_eq!(source.line_of(0), 1);
    }

    #[test]
    fn columns_count_characters_and_clamp_to_the_line() {
        let source = SourceText::new("£201K-£255K\nnext");
        let offset = source.text.find('-').unwrap();
        let loc = source.locate(offset..100);
        assert_eq!(loc.column, 6);
        assert_eq!(loc.underline, offset..source.text.find('\n').unwrap());
    }
}
