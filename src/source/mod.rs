//! Source text positions.
//!
//! Inside the crate every position is a byte offset into the original text. This module is the
//! only place where byte offsets become what editors use: 0-based lines and UTF-16 columns, and
//! UTF-16 offsets into the whole text (so `text.slice(start, end)` in JS is the flagged text).

use serde::Serialize;
use tsify::Tsify;

/// A half-open byte range into the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ByteSpan {
    pub start: u32,
    pub end: u32,
}

impl ByteSpan {
    pub fn new(start: usize, end: usize) -> Self {
        let start = u32::try_from(start).unwrap_or(u32::MAX);
        let end = u32::try_from(end).unwrap_or(u32::MAX).max(start);
        Self { start, end }
    }

    pub fn empty_at(offset: usize) -> Self {
        Self::new(offset, offset)
    }

    /// This span moved `delta` bytes later.
    pub fn shift(self, delta: u32) -> ByteSpan {
        ByteSpan {
            start: self.start.saturating_add(delta),
            end: self.end.saturating_add(delta),
        }
    }

    /// The smallest span that covers both.
    pub fn cover(self, other: ByteSpan) -> ByteSpan {
        ByteSpan {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A position as editors (LSP) count it: 0-based line, and character in UTF-16 code units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

/// A range of positions, end exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

/// UTF-16 offsets into the whole text, end exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
pub struct Offsets {
    pub start: u32,
    pub end: u32,
}

/// Maps byte offsets of one text to lines, UTF-16 columns and UTF-16 offsets.
#[derive(Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset where each line starts. A line ends at `\n`, `\r\n` or a lone `\r`, as YAML
    /// and LSP count lines.
    line_starts: Vec<u32>,
    /// UTF-16 offset where each line starts.
    line_starts_utf16: Vec<u32>,
    ascii: bool,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let ascii = text.is_ascii();
        if ascii && !text.contains('\r') {
            // The common case, on every keystroke of an editor: lines end at `\n` only, and
            // UTF-16 offsets equal byte offsets.
            let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
            line_starts.push(0u32);
            line_starts.extend(
                text.match_indices('\n')
                    .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX)),
            );
            return Self {
                text,
                line_starts,
                // Not read for ASCII text: UTF-16 offsets are byte offsets.
                line_starts_utf16: Vec::new(),
                ascii,
            };
        }
        let mut line_starts = vec![0u32];
        let mut line_starts_utf16 = vec![0u32];
        let mut utf16 = 0u32;
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            // UTF-16 units: one per character, two for a 4-byte character; counted at lead bytes.
            if b & 0xC0 != 0x80 {
                utf16 = utf16.saturating_add(if b >= 0xF0 { 2 } else { 1 });
            }
            let lone_cr = b == b'\r' && bytes.get(i + 1) != Some(&b'\n');
            if b == b'\n' || lone_cr {
                line_starts.push(u32::try_from(i + 1).unwrap_or(u32::MAX));
                line_starts_utf16.push(utf16);
            }
        }
        Self {
            text,
            line_starts,
            line_starts_utf16,
            ascii,
        }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset where `line` (0-based) starts; the text's end for lines past the last.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line)
            .map_or(self.text.len(), |&s| s as usize)
    }

    /// The 0-based line that contains `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = u32::try_from(offset).unwrap_or(u32::MAX);
        self.line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// Byte offset of the `col`-th character (0-based, in Unicode scalar values) of `line`.
    /// Columns past the end of the line clamp to the line's end.
    pub fn byte_at_char_column(&self, line: usize, col: usize) -> usize {
        let start = self.line_start(line);
        let end = self.line_start(line + 1);
        if self.ascii {
            return (start + col).min(end).min(self.text.len());
        }
        let slice = self.text.get(start..end).unwrap_or("");
        match slice.char_indices().nth(col) {
            Some((i, _)) => start + i,
            None => end.min(self.text.len()),
        }
    }

    /// Converts a byte offset to an LSP position. Offsets inside a character snap back to its start.
    pub fn position(&self, offset: usize) -> Position {
        let offset = self.snap(offset);
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let character = if self.ascii {
            offset - start
        } else {
            self.text
                .get(start..offset)
                .map_or(0, |s| s.chars().map(char::len_utf16).sum())
        };
        Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            character: u32::try_from(character).unwrap_or(u32::MAX),
        }
    }

    /// Converts a byte offset to a UTF-16 offset into the whole text.
    pub fn utf16_offset(&self, offset: usize) -> u32 {
        let offset = self.snap(offset);
        if self.ascii {
            return u32::try_from(offset).unwrap_or(u32::MAX);
        }
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let base = self.line_starts_utf16.get(line).copied().unwrap_or(0);
        let within: usize = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().map(char::len_utf16).sum());
        base.saturating_add(u32::try_from(within).unwrap_or(u32::MAX))
    }

    pub fn range(&self, span: ByteSpan) -> Range {
        Range {
            start: self.position(span.start as usize),
            end: self.position(span.end as usize),
        }
    }

    pub fn offsets(&self, span: ByteSpan) -> Offsets {
        Offsets {
            start: self.utf16_offset(span.start as usize),
            end: self.utf16_offset(span.end as usize),
        }
    }

    fn snap(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while offset > 0 && !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_positions() {
        let index = LineIndex::new("ab\ncd\n");
        assert_eq!(
            index.position(4),
            Position {
                line: 1,
                character: 1
            }
        );
        assert_eq!(index.utf16_offset(4), 4);
        assert_eq!(index.line_count(), 3);
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs() {
        // "é" is 2 bytes and 1 UTF-16 unit; "😀" is 4 bytes and 2 UTF-16 units.
        let text = "x: é😀\ny: z";
        let index = LineIndex::new(text);
        let z = text.find('z').unwrap_or_default();
        assert_eq!(
            index.position(z),
            Position {
                line: 1,
                character: 3
            }
        );
        assert_eq!(index.utf16_offset(z), 10);
        let smile = text.find('😀').unwrap_or_default();
        assert_eq!(index.position(smile + 4).character, 6);
    }

    #[test]
    fn char_columns_map_to_bytes() {
        let index = LineIndex::new("é: ü\n");
        assert_eq!(index.byte_at_char_column(0, 3), 4);
        assert_eq!(index.byte_at_char_column(0, 99), 7);
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let index = LineIndex::new("a\rb\r\nc\nd");
        assert_eq!(index.line_count(), 4);
        assert_eq!(
            index.position(2),
            Position {
                line: 1,
                character: 0
            }
        );
        assert_eq!(
            index.position(5),
            Position {
                line: 2,
                character: 0
            }
        );
    }

    #[test]
    fn offsets_inside_a_character_snap_back() {
        let index = LineIndex::new("é");
        assert_eq!(index.utf16_offset(1), 0);
    }
}
