use super::Location;
use std::ops::Range;

/// A file's text as the parser sees it (BOM removed, line endings made `\n`)
/// with an index of line starts, so byte offsets map to physical lines.
#[derive(Clone, Debug)]
pub struct SourceText {
    pub text: String,
    line_starts: Vec<usize>,
    /// Characters before each `CHAR_BLOCK`-byte block, so a column is
    /// counted from the nearest block and not from the line's start; empty
    /// when the text is ASCII (a column is then a byte offset).
    chars_before_block: Vec<usize>,
}

const CHAR_BLOCK: usize = 4096;

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
        let chars_before_block = if text.is_ascii() {
            Vec::new()
        } else {
            // One entry per block and one past the end, for an offset at
            // the end of a text that fills its last block.
            let mut before = 0;
            let mut marks = vec![0];
            marks.extend(text.as_bytes().chunks(CHAR_BLOCK).map(|block| {
                before += char_count(block);
                before
            }));
            marks
        };
        SourceText {
            text,
            line_starts,
            chars_before_block,
        }
    }

    /// Characters in the text before byte `offset` (a char boundary).
    fn chars_before(&self, offset: usize) -> usize {
        if self.chars_before_block.is_empty() {
            return offset;
        }
        let block = offset / CHAR_BLOCK;
        self.chars_before_block[block]
            + char_count(&self.text.as_bytes()[block * CHAR_BLOCK..offset])
    }

    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> u32 {
        let index = self.line_starts.partition_point(|&start| start <= offset);
        u32::try_from(index.max(1)).unwrap_or(u32::MAX)
    }

    /// Where `range` starts, underlining it up to the end of its first line
    /// (or of the quoted part of a long line).
    pub fn locate(&self, range: Range<usize>) -> Location {
        let start = self
            .text
            .floor_char_boundary(range.start.min(self.text.len()));
        let line = self.line_of(start);
        let line_start = self.line_starts[line as usize - 1];
        let line_end = self
            .line_starts
            .get(line as usize)
            .map_or(self.text.len(), |next| next - 1);
        let end = self
            .text
            .floor_char_boundary(range.end.clamp(start, line_end));
        let column = self.chars_before(start) - self.chars_before(line_start) + 1;
        let quote_start = self
            .text
            .floor_char_boundary(start.saturating_sub(QUOTE_BEFORE).max(line_start));
        let quote_end = self
            .text
            .floor_char_boundary((start + QUOTE_AFTER).min(line_end));
        let end = end.min(quote_end);
        // A cut is marked with `…`, which stands in for the text left out.
        let mut line_text = String::with_capacity(quote_end - quote_start + 6);
        if quote_start > line_start {
            line_text.push(ELLIPSIS);
        }
        let shift = line_text.len();
        line_text.push_str(&self.text[quote_start..quote_end]);
        if quote_end < line_end {
            line_text.push(ELLIPSIS);
        }
        Location {
            line,
            column: u32::try_from(column).unwrap_or(u32::MAX),
            line_text,
            underline: (shift + start - quote_start)..(shift + end - quote_start),
        }
    }
}

/// Bytes of the line quoted before and after where a diagnostic points: a
/// diagnostic stays small however long its line (a 10 MB table cell), and
/// a line of a guide as people write them is quoted whole.
const QUOTE_BEFORE: usize = 512;
const QUOTE_AFTER: usize = 512;
const ELLIPSIS: char = '…';

/// Characters in UTF-8 `bytes`: the bytes that start one.
fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
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
