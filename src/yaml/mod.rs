//! Span-preserving parse of multi-document YAML (and JSON, which is YAML) into a tree.
//!
//! saphyr-parser produces events with character positions; this module builds the tree itself so
//! that it can bound what input controls (nesting depth, alias expansion), report duplicate keys
//! and non-string keys, and resolve scalars by the YAML 1.1 rules Kubernetes uses. Each document
//! of a stream is parsed on its own, so a syntax error in one leaves the others intact.

mod scalar;
mod split;

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span};

use crate::source::{ByteSpan, LineIndex};

pub use scalar::resolve_plain;
pub use split::{split_documents, Chunk};

/// Deepest nesting of mappings and sequences accepted in one document. Gateway API objects nest
/// about 15 levels deep; the bound keeps every walk over the tree well inside the stack.
pub const MAX_DEPTH: usize = 128;

/// Most nodes one document may expand to through aliases, on top of the nodes it writes out.
pub const MAX_ALIAS_EXPANSION: usize = 100_000;

/// Largest document parsed: the API server's limit on a request body. A larger document is
/// reported and not parsed, so a huge object costs only the split.
pub const MAX_DOCUMENT_BYTES: usize = 3 * 1024 * 1024;

/// A parsed value with the byte range it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: ByteSpan,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// One key/value pair of a mapping. Keys are strings, as in JSON.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: ByteSpan,
    pub value: Node,
}

impl Value {
    /// The JSON type name, as the API server names it in "must be of type" messages.
    pub fn json_type(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "number",
            Value::String(_) => "string",
            Value::Seq(_) => "array",
            Value::Map(_) => "object",
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[Entry]> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }
}

impl Node {
    /// The entry for `key` when this node is a mapping.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.value.as_map()?.iter().find(|e| e.key == key)
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key)?.value.as_str()
    }

    /// Counts the nodes of this subtree (this node included).
    pub fn count(&self) -> usize {
        let mut total = 0;
        let mut stack = vec![self];
        while let Some(node) = stack.pop() {
            total += 1;
            match &node.value {
                Value::Seq(items) => stack.extend(items.iter()),
                Value::Map(entries) => stack.extend(entries.iter().map(|e| &e.value)),
                _ => {}
            }
        }
        total
    }
}

/// What went wrong while reading a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// The text is not valid YAML; the document has no tree.
    Syntax,
    /// A mapping has the same key twice; the later value is kept, as kubectl would fail anyway.
    DuplicateKey,
    /// A key that is not a string (an integer, a boolean, a mapping...).
    NonStringKey,
    /// Nesting deeper than [`MAX_DEPTH`]; the document has no tree.
    TooDeep,
    /// Aliases expand to more than [`MAX_ALIAS_EXPANSION`] nodes; the document has no tree.
    AliasLimit,
    /// An alias names an anchor that is not defined before it; the document has no tree.
    UnknownAnchor,
    /// The document is larger than [`MAX_DOCUMENT_BYTES`]; it is not parsed.
    TooLarge,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub message: String,
    pub span: ByteSpan,
}

/// One document of a YAML stream.
#[derive(Clone, Debug)]
pub struct Document {
    /// 0-based position in the stream, counting only documents with content.
    pub index: usize,
    /// The document's text, `---` line included.
    pub span: ByteSpan,
    /// `None` when the document is empty or could not be read.
    pub root: Option<Node>,
    pub problems: Vec<Problem>,
}

/// Parses every document of a multi-document YAML or JSON text, with spans into the whole text.
/// (The incremental pipeline uses [`split_documents`] and [`parse_document`] instead, whose
/// spans are relative to each document.)
pub fn parse_stream(index: &LineIndex<'_>) -> Vec<Document> {
    let text = index.text();
    split_documents(text)
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let mut doc = parse_document(text.get(chunk.start..chunk.end).unwrap_or(""), i);
            doc.rebase(chunk.start, chunk.first_line);
            doc.span = ByteSpan::new(chunk.start, chunk.end);
            doc
        })
        .collect()
}

/// Parses one document's text (a [`Chunk`] of a stream). Every span of the result, tree and
/// problems alike, is relative to the document's first byte, so the result stays valid when
/// the document moves within the stream; `span` is `0..text.len()` until the caller places it.
pub fn parse_document(text: &str, index: usize) -> Document {
    let line_index = LineIndex::new(text);
    let mut builder = Builder::new(&line_index);
    if text.len() > MAX_DOCUMENT_BYTES {
        builder.problem(
            ProblemKind::TooLarge,
            format!("Request entity too large: limit is {MAX_DOCUMENT_BYTES}"),
            ByteSpan::new(0, 0),
        );
    } else {
        builder.run();
    }
    Document {
        index,
        span: ByteSpan::new(0, text.len()),
        root: builder.root,
        problems: builder.problems,
    }
}

impl Document {
    /// Moves every span of the document (tree and problems) by `offset` bytes, and the line
    /// numbers that problem messages quote by `lines`: what makes a relative parse absolute.
    pub fn rebase(&mut self, offset: usize, lines: usize) {
        let delta = u32::try_from(offset).unwrap_or(u32::MAX);
        if let Some(root) = &mut self.root {
            root.shift(delta);
        }
        for problem in &mut self.problems {
            problem.span = problem.span.shift(delta);
            if lines > 0 {
                problem.message = shift_quoted_line(&problem.message, lines);
            }
        }
    }
}

/// Problem messages that quote a line (`line 7: key "name" already set in map`, as kubectl
/// words them) count it from the document's start in a relative parse; this makes the number
/// count from the stream's start, `lines` lines above.
pub fn shift_quoted_line(message: &str, lines: usize) -> String {
    let Some(rest) = message.strip_prefix("line ") else {
        return message.to_owned();
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (number, tail) = rest.split_at(digits);
    match number.parse::<usize>() {
        Ok(n) if tail.starts_with(':') => format!("line {}{tail}", n.saturating_add(lines)),
        _ => message.to_owned(),
    }
}

impl Node {
    /// Moves this subtree's spans by `delta` bytes.
    pub fn shift(&mut self, delta: u32) {
        let mut stack = vec![self];
        while let Some(node) = stack.pop() {
            node.span = node.span.shift(delta);
            match &mut node.value {
                Value::Seq(items) => stack.extend(items.iter_mut()),
                Value::Map(entries) => {
                    for entry in entries.iter_mut() {
                        entry.key_span = entry.key_span.shift(delta);
                        stack.push(&mut entry.value);
                    }
                }
                _ => {}
            }
        }
    }
}

/// A key read, waiting for its value. `ignore` marks a key that cannot be a JSON key.
struct PendingKey {
    name: String,
    span: ByteSpan,
    ignore: bool,
    /// A plain `<<`: its value is merged into the mapping.
    merge: bool,
}

enum Frame {
    Seq {
        start: usize,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        anchor: usize,
        entries: Vec<Entry>,
        key: Option<PendingKey>,
        /// Keys by name with their position in `entries`, built once a mapping is large (see
        /// [`KeyIndex`]); small mappings, nearly all of a manifest, are scanned.
        seen: KeyIndex,
        /// Entries merged in with `<<`, applied when the mapping ends.
        merged: Vec<Entry>,
    },
}

struct Builder<'i, 't> {
    /// Over the document's own text: offsets are relative to the document.
    index: &'i LineIndex<'t>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    expanded: usize,
    root: Option<Node>,
    problems: Vec<Problem>,
    /// Whether the node being completed is a plain (unquoted, untagged) scalar: only a plain
    /// `<<` key is a merge key (go-yaml); a quoted `"<<"`, or a JSON key, is an ordinary key.
    plain_scalar: bool,
}

/// Why building stopped early.
struct Abort;

impl<'i, 't> Builder<'i, 't> {
    fn new(index: &'i LineIndex<'t>) -> Self {
        Self {
            index,
            stack: Vec::new(),
            anchors: HashMap::new(),
            expanded: 0,
            root: None,
            problems: Vec::new(),
            plain_scalar: false,
        }
    }

    fn run(&mut self) {
        let text = self.index.text();
        let mut parser = Parser::new_from_str(text);
        loop {
            match parser.next_event() {
                None => break,
                Some(Err(error)) => {
                    self.syntax_error(&error);
                    return;
                }
                Some(Ok((event, span))) => {
                    if self.event(event, span).is_err() {
                        self.root = None;
                        return;
                    }
                }
            }
        }
    }

    /// Byte offset in the document of a parser marker (line 1-based, column in characters).
    fn offset(&self, marker: &saphyr_parser::Marker) -> usize {
        let line = marker.line().saturating_sub(1);
        self.index.byte_at_char_column(line, marker.col())
    }

    fn span(&self, span: &Span) -> ByteSpan {
        let start = self.offset(&span.start);
        let end = self.offset(&span.end).max(start);
        ByteSpan::new(start, end)
    }

    fn syntax_error(&mut self, error: &ScanError) {
        let at = self.offset(error.marker());
        self.root = None;
        let (kind, message) = if error.info() == "recursion limit exceeded" {
            (
                ProblemKind::TooDeep,
                "nesting is deeper than the parser allows; the document is not read further"
                    .to_owned(),
            )
        } else {
            (ProblemKind::Syntax, error.info().to_owned())
        };
        self.problems.push(Problem {
            kind,
            message,
            span: self.token_at(at),
        });
    }

    /// A span covering the token that starts at `at`, so an error is visible in an editor.
    fn token_at(&self, at: usize) -> ByteSpan {
        let text = self.index.text();
        let rest = text.get(at..).unwrap_or("");
        let len = rest
            .char_indices()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(rest.len(), |(i, _)| i);
        let len = if len == 0 {
            rest.chars().next().map_or(0, char::len_utf8)
        } else {
            len
        };
        ByteSpan::new(at, at + len)
    }

    fn problem(&mut self, kind: ProblemKind, message: String, span: ByteSpan) {
        self.problems.push(Problem {
            kind,
            message,
            span,
        });
    }

    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), Abort> {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let span = self.span(&span);
                let value = match (&tag, style) {
                    (Some(tag), _) if tag.is_yaml_core_schema() => {
                        resolve_tagged(&tag.suffix, &text)
                    }
                    (_, ScalarStyle::Plain) if tag.is_none() => resolve_plain(&text),
                    _ => Value::String(text.into_owned()),
                };
                self.plain_scalar = style == ScalarStyle::Plain && tag.is_none();
                let completed = self.complete(Node { value, span }, anchor);
                self.plain_scalar = false;
                completed
            }
            Event::SequenceStart(anchor, _) => {
                let start = self.skip_properties(self.span(&span).start as usize);
                self.push(
                    Frame::Seq {
                        start,
                        anchor,
                        items: Vec::new(),
                    },
                    start,
                )
            }
            Event::MappingStart(anchor, _) => {
                let start = self.skip_properties(self.span(&span).start as usize);
                self.push(
                    Frame::Map {
                        start,
                        anchor,
                        entries: Vec::new(),
                        key: None,
                        seen: KeyIndex::default(),
                        merged: Vec::new(),
                    },
                    start,
                )
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let end = self.span(&span).end as usize;
                self.pop(end)
            }
            Event::Alias(id) => {
                let span = self.span(&span);
                let Some((node, count)) = self.anchors.get(&id) else {
                    self.problem(
                        ProblemKind::UnknownAnchor,
                        "unknown anchor referenced by alias".to_owned(),
                        span,
                    );
                    return Err(Abort);
                };
                self.expanded = self.expanded.saturating_add(*count);
                if self.expanded > MAX_ALIAS_EXPANSION {
                    self.problem(
                        ProblemKind::AliasLimit,
                        format!(
                            "aliases expand to more than {MAX_ALIAS_EXPANSION} nodes; the document is not read further"
                        ),
                        span,
                    );
                    return Err(Abort);
                }
                let mut node = node.clone();
                node.span = span;
                self.complete(node, 0)
            }
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd
            | Event::Nothing => Ok(()),
        }
    }

    fn push(&mut self, frame: Frame, start: usize) -> Result<(), Abort> {
        if self.stack.len() >= MAX_DEPTH {
            let span = self.token_at(start);
            self.problem(
                ProblemKind::TooDeep,
                format!(
                    "nesting is deeper than {MAX_DEPTH} levels; the document is not read further"
                ),
                span,
            );
            return Err(Abort);
        }
        self.stack.push(frame);
        Ok(())
    }

    fn pop(&mut self, end: usize) -> Result<(), Abort> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        match frame {
            Frame::Seq {
                start,
                anchor,
                items,
            } => {
                let end = items.last().map_or(end, |n| n.span.end as usize).max(start);
                let end = end.max(self.flow_end(start, end));
                self.complete(
                    Node {
                        value: Value::Seq(items),
                        span: ByteSpan::new(start, end),
                    },
                    anchor,
                )
            }
            Frame::Map {
                start,
                anchor,
                mut entries,
                merged,
                mut seen,
                ..
            } => {
                for entry in merged {
                    if seen.find(&entries, &entry.key).is_none() {
                        seen.insert(&entries, &entry.key);
                        entries.push(entry);
                    }
                }
                let end = entries
                    .iter()
                    .map(|e| e.value.span.end.max(e.key_span.end) as usize)
                    .max()
                    .unwrap_or(end)
                    .max(start);
                let end = end.max(self.flow_end(start, end));
                self.complete(
                    Node {
                        value: Value::Map(entries),
                        span: ByteSpan::new(start, end),
                    },
                    anchor,
                )
            }
        }
    }

    /// Skips node properties (`&anchor`, `!tag`) written before a collection, so that the
    /// collection's span starts at its content.
    fn skip_properties(&self, mut at: usize) -> usize {
        let text = self.index.text();
        while let Some(rest) = text.get(at..) {
            if !(rest.starts_with('&') || rest.starts_with('!')) {
                break;
            }
            let token = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let after = rest.get(token..).unwrap_or("");
            let spaces = after.len() - after.trim_start().len();
            if token + spaces == 0 {
                break;
            }
            at += token + spaces;
        }
        at.min(text.len())
    }

    /// For a flow collection (`[...]` or `{...}`) starting at `start`, the offset just past its
    /// closing bracket when that follows `end` after only white space.
    fn flow_end(&self, start: usize, end: usize) -> usize {
        let text = self.index.text();
        let close = match text.as_bytes().get(start) {
            Some(b'[') => b']',
            Some(b'{') => b'}',
            _ => return end,
        };
        let rest = text.get(end..).unwrap_or("");
        for (i, b) in rest.bytes().enumerate() {
            if b == close {
                return end + i + 1;
            }
            if !(b == b' ' || b == b'\t' || b == b'\n' || b == b'\r' || b == b',') {
                break;
            }
        }
        end
    }

    fn complete(&mut self, node: Node, anchor: usize) -> Result<(), Abort> {
        if anchor != 0 {
            let count = node.count();
            self.anchors.insert(anchor, (node.clone(), count));
        }
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        match frame {
            Frame::Seq { items, .. } => {
                items.push(node);
                Ok(())
            }
            Frame::Map {
                key: key @ None, ..
            } => {
                let span = node.span;
                let name = match &node.value {
                    Value::String(s) => s.clone(),
                    Value::Null => "null".to_owned(),
                    Value::Bool(b) => b.to_string(),
                    Value::Int(i) => i.to_string(),
                    Value::Float(f) => f.to_string(),
                    Value::Seq(_) | Value::Map(_) => {
                        *key = Some(PendingKey {
                            name: String::new(),
                            span,
                            ignore: true,
                            merge: false,
                        });
                        self.problem(
                            ProblemKind::NonStringKey,
                            "a mapping key must be a string, not a collection; the entry is ignored"
                                .to_owned(),
                            span,
                        );
                        return Ok(());
                    }
                };
                let non_string = !matches!(node.value, Value::String(_));
                *key = Some(PendingKey {
                    merge: name == "<<" && self.plain_scalar,
                    name: name.clone(),
                    span,
                    ignore: false,
                });
                if non_string {
                    self.problem(
                        ProblemKind::NonStringKey,
                        format!(
                            "the key {name} is {}, not a string; Kubernetes reads it as the string \"{name}\"",
                            match node.value.json_type() {
                                "integer" => "an integer",
                                "boolean" => "a boolean",
                                "null" => "null",
                                _ => "a number",
                            }
                        ),
                        span,
                    );
                }
                Ok(())
            }
            Frame::Map {
                key: key @ Some(_),
                entries,
                seen,
                merged,
                ..
            } => {
                let Some(PendingKey {
                    name,
                    span: key_span,
                    ignore,
                    merge,
                }) = key.take()
                else {
                    return Ok(());
                };
                if ignore {
                    return Ok(());
                }
                if merge {
                    match node.value {
                        Value::Map(more) => merged.extend(more),
                        Value::Seq(items) => {
                            for item in items {
                                if let Value::Map(more) = item.value {
                                    merged.extend(more);
                                }
                            }
                        }
                        _ => {}
                    }
                    return Ok(());
                }
                if let Some(previous) = seen.find(entries, &name) {
                    let line = self.index.line_of(key_span.start as usize) + 1;
                    if let Some(old) = entries.get_mut(previous) {
                        old.value = node;
                        old.key_span = key_span;
                    }
                    self.problem(
                        ProblemKind::DuplicateKey,
                        format!("line {line}: key \"{name}\" already set in map"),
                        key_span,
                    );
                    return Ok(());
                }
                seen.insert(entries, &name);
                entries.push(Entry {
                    key: name,
                    key_span,
                    value: node,
                });
                Ok(())
            }
        }
    }
}

/// Finds a mapping's keys: by scanning while the mapping is small (no allocation per mapping),
/// through a hash table once it has [`KeyIndex::HASHED_FROM`] entries (so a map of thousands of
/// labels stays linear to build).
#[derive(Default)]
struct KeyIndex {
    table: Option<HashMap<String, usize>>,
}

impl KeyIndex {
    const HASHED_FROM: usize = 16;

    fn find(&self, entries: &[Entry], key: &str) -> Option<usize> {
        match &self.table {
            Some(table) => table.get(key).copied(),
            None => entries.iter().position(|e| e.key == key),
        }
    }

    /// Records `key` as the next entry's (call before pushing it).
    fn insert(&mut self, entries: &[Entry], key: &str) {
        if let Some(table) = &mut self.table {
            table.insert(key.to_owned(), entries.len());
        } else if entries.len() + 1 >= Self::HASHED_FROM {
            let mut table: HashMap<String, usize> = entries
                .iter()
                .enumerate()
                .map(|(i, e)| (e.key.clone(), i))
                .collect();
            table.insert(key.to_owned(), entries.len());
            self.table = Some(table);
        }
    }
}

/// A scalar with a core-schema tag (`!!str`, `!!int`...).
fn resolve_tagged(suffix: &str, text: &str) -> Value {
    match suffix {
        "str" | "binary" | "timestamp" => Value::String(text.to_owned()),
        "null" => Value::Null,
        _ => match resolve_plain(text) {
            Value::Seq(_) | Value::Map(_) => Value::String(text.to_owned()),
            other => other,
        },
    }
}

#[cfg(test)]
mod tests;
