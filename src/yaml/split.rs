//! Splits a YAML stream into documents at `---` and `...` lines, so that each document is parsed
//! on its own and a syntax error in one does not hide the others.
//!
//! A document marker must start at column 0, and YAML ends any scalar or collection there, so a
//! line-based split agrees with the parser.

/// One document's text: byte range, first line, and a column shift on the first line (a BOM).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chunk {
    pub start: usize,
    pub end: usize,
    pub first_line: usize,
    pub first_col_shift: usize,
}

fn is_marker(line: &str, marker: &str) -> bool {
    line.strip_prefix(marker)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
}

/// Whether a chunk holds nothing but blank lines, comments and directives.
fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || l.starts_with('%') || t == "..."
    })
}

pub fn split_documents(text: &str) -> Vec<Chunk> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut chunks = Vec::new();
    let mut start = bom;
    let mut first_line = 0;
    let mut offset = 0;
    let mut pending_prefix: Option<(usize, usize)> = None;
    let push = |chunks: &mut Vec<Chunk>, start: usize, end: usize, first_line: usize| {
        if start < end {
            chunks.push(Chunk {
                start,
                end,
                first_line,
                first_col_shift: usize::from(start == bom && bom > 0),
            });
        }
    };
    for (line_no, line) in text.split_inclusive('\n').enumerate() {
        let line_start = offset;
        offset += line.len();
        let content = if line_start == 0 {
            line.get(bom..).unwrap_or("")
        } else {
            line
        };
        if is_marker(content, "---") && line_start > start {
            let prefix = text.get(start..line_start).unwrap_or("");
            if is_blank(prefix) {
                // Directives or comments before `---` belong to the document that follows.
                pending_prefix.get_or_insert((start, first_line));
            } else {
                push(&mut chunks, start, line_start, first_line);
                pending_prefix = None;
            }
            start = line_start;
            first_line = line_no;
            if let Some((s, l)) = pending_prefix.take() {
                // Keep the comments with the document only when they are directives.
                if text
                    .get(s..line_start)
                    .is_some_and(|p| p.lines().any(|l| l.starts_with('%')))
                {
                    start = s;
                    first_line = l;
                }
            }
        } else if is_marker(content, "...") {
            push(&mut chunks, start, offset, first_line);
            start = offset;
            first_line = line_no + 1;
        }
    }
    push(&mut chunks, start, text.len(), first_line);
    // An empty document (`---` and nothing else) is skipped, as kubectl skips it.
    chunks.retain(|c| {
        let body = text.get(c.start..c.end).unwrap_or("");
        !is_blank(body.strip_prefix("---").unwrap_or(body))
    });
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<&str> {
        split_documents(text)
            .iter()
            .map(|c| text.get(c.start..c.end).unwrap_or("<bad>"))
            .collect()
    }

    #[test]
    fn splits_at_markers() {
        assert_eq!(pieces("a: 1\n---\nb: 2\n"), vec!["a: 1\n", "---\nb: 2\n"]);
        assert_eq!(pieces("---\na: 1\n---\n"), vec!["---\na: 1\n"]);
        assert_eq!(pieces("a: 1\n...\nb: 2"), vec!["a: 1\n...\n", "b: 2"]);
    }

    #[test]
    fn markers_need_column_zero_and_a_break() {
        assert_eq!(
            pieces("a: |\n  ---\n---x: 1\n"),
            vec!["a: |\n  ---\n---x: 1\n"]
        );
    }

    #[test]
    fn comments_and_directives() {
        assert_eq!(pieces("# only a comment\n"), Vec::<&str>::new());
        assert_eq!(pieces("# c\n---\na: 1\n"), vec!["---\na: 1\n"]);
        assert_eq!(
            pieces("%YAML 1.2\n---\na: 1\n"),
            vec!["%YAML 1.2\n---\na: 1\n"]
        );
    }

    #[test]
    fn bom_shifts_the_first_line() {
        let chunks = split_documents("\u{feff}a: 1\n");
        assert_eq!(chunks.len(), 1);
        assert_eq!(
            chunks.first().map(|c| (c.start, c.first_col_shift)),
            Some((3, 1))
        );
    }
}
