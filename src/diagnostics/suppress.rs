//! Rule selection, as linters do it: the `rules` option sets a code's level for the whole input
//! (`"off"` drops it), and comments in the text drop codes for one line or one document:
//!
//! ```yaml
//! # gwlint-disable-next-line cel/rule schema/enum
//! port: 0
//! ---
//! # gwlint-disable resource/unknown-kind
//! apiVersion: example.com/v1
//! ```
//!
//! A comment naming no code covers every code. Only whole-line comments count (a `#` after a
//! value is the value's comment). Applied last, to every diagnostic of `lint` and `evaluate`.

use std::collections::{BTreeMap, HashMap};

use super::{Diagnostic, Severity};
use crate::options::RuleLevel;
use crate::yaml::split_documents;

const NEXT_LINE: &str = "gwlint-disable-next-line";
const DOCUMENT: &str = "gwlint-disable";

/// The codes a directive names; empty means every code.
type Codes = Vec<String>;

/// The suppression comments of one text.
#[derive(Debug, Default)]
pub struct Suppressions {
    /// By the 0-based line they apply to (the line after the comment).
    next_line: HashMap<u32, Codes>,
    /// Per document with a `gwlint-disable`: its lines (first, end exclusive) and codes.
    documents: Vec<(u32, u32, Codes)>,
}

impl Suppressions {
    /// Reads the directives of `text`. Cheap when there are none: one substring search.
    pub fn scan(text: &str) -> Self {
        let mut found = Self::default();
        if !text.contains(DOCUMENT) {
            return found;
        }
        let mut document_codes: Vec<(usize, Codes)> = Vec::new();
        let mut offset = 0usize;
        for (line, content) in text.split_inclusive('\n').enumerate() {
            let at = offset;
            offset += content.len();
            let Some(comment) = content.trim_start().strip_prefix('#') else {
                continue;
            };
            let comment = comment.trim();
            let line = u32::try_from(line).unwrap_or(u32::MAX);
            if let Some(rest) = comment.strip_prefix(NEXT_LINE) {
                if rest.is_empty() || rest.starts_with(char::is_whitespace) {
                    found.next_line.insert(line.saturating_add(1), codes(rest));
                }
            } else if let Some(rest) = comment.strip_prefix(DOCUMENT) {
                if rest.is_empty() || rest.starts_with(char::is_whitespace) {
                    document_codes.push((at, codes(rest)));
                }
            }
        }
        if !document_codes.is_empty() {
            let chunks = split_documents(text);
            let line_of_end = |end: usize| {
                text.get(..end)
                    .map_or(0, |t| t.bytes().filter(|&b| b == b'\n').count())
            };
            for (at, codes) in document_codes {
                if let Some(chunk) = chunks.iter().find(|c| c.start <= at && at < c.end) {
                    let first = u32::try_from(chunk.first_line).unwrap_or(u32::MAX);
                    let end = u32::try_from(line_of_end(chunk.end) + 1).unwrap_or(u32::MAX);
                    found.documents.push((first, end, codes));
                }
            }
        }
        found
    }

    fn covers(&self, diagnostic: &Diagnostic) -> bool {
        let line = diagnostic.range.start.line;
        let names = |codes: &Codes| codes.is_empty() || codes.contains(&diagnostic.code);
        self.next_line.get(&line).is_some_and(names)
            || self
                .documents
                .iter()
                .any(|(first, end, codes)| *first <= line && line < *end && names(codes))
    }
}

fn codes(rest: &str) -> Codes {
    rest.split([' ', '\t', ','])
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Drops what the `rules` option turns off or a comment suppresses, and sets the levels the
/// option gives.
pub fn apply(
    diagnostics: &mut Vec<Diagnostic>,
    rules: &BTreeMap<String, RuleLevel>,
    suppressions: &Suppressions,
) {
    if rules.is_empty() && suppressions.next_line.is_empty() && suppressions.documents.is_empty() {
        return;
    }
    diagnostics.retain_mut(|d| {
        if suppressions.covers(d) {
            return false;
        }
        match rules.get(&d.code) {
            Some(RuleLevel::Off) => false,
            Some(RuleLevel::Info) => {
                d.severity = Severity::Info;
                true
            }
            Some(RuleLevel::Warning) => {
                d.severity = Severity::Warning;
                true
            }
            Some(RuleLevel::Error) => {
                d.severity = Severity::Error;
                true
            }
            None => true,
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_are_read_per_line_and_per_document() {
        let text = "a: 1\n# gwlint-disable-next-line cel/rule, schema/enum\nb: 2\n  # gwlint-disable-next-line\nc: 3\nd: 4 # gwlint-disable-next-line x/y\n---\n# gwlint-disable resource/unknown-kind\ne: 5\n";
        let found = Suppressions::scan(text);
        assert_eq!(
            found.next_line.get(&2),
            Some(&vec!["cel/rule".to_owned(), "schema/enum".to_owned()])
        );
        assert_eq!(found.next_line.get(&4), Some(&Vec::new()));
        assert_eq!(
            found.next_line.len(),
            2,
            "a trailing comment is not a directive"
        );
        assert_eq!(
            found.documents,
            vec![(6, 10, vec!["resource/unknown-kind".to_owned()])]
        );
        assert!(Suppressions::scan("a: 1 # gwlint-disablement\n")
            .documents
            .is_empty());
    }
}
