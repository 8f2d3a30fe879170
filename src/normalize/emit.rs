//! Writes trees back as text: block YAML that any YAML 1.1 or 1.2 reader reads back to the same
//! values, and JSON, both keeping the tree's key order. Comments are not in the tree, so they
//! are not in the output.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::Serialize;

use crate::yaml::{resolve_plain, Node, Value};

/// A tree that serializes with its key order (serde_json's own map would sort the keys).
#[derive(Clone, Debug, PartialEq)]
pub struct Ordered<'a>(pub &'a Node);

impl Serialize for Ordered<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0.value {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Int(i) => serializer.serialize_i64(*i),
            Value::Float(f) if f.is_finite() => serializer.serialize_f64(*f),
            Value::Float(_) => serializer.serialize_unit(),
            Value::String(s) => serializer.serialize_str(s),
            Value::Seq(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&Ordered(item))?;
                }
                seq.end()
            }
            Value::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for e in entries {
                    map.serialize_entry(&e.key, &Ordered(&e.value))?;
                }
                map.end()
            }
        }
    }
}

/// The node as block YAML, ending in a newline. Sequences inside mappings are not indented
/// (`- ` under the key), as kubectl writes them.
pub fn to_yaml(node: &Node) -> String {
    let mut out = String::new();
    match &node.value {
        Value::Map(entries) if !entries.is_empty() => write_map(&mut out, entries, 0, false),
        Value::Seq(items) if !items.is_empty() => write_seq(&mut out, items, 0, false),
        _ => {
            write_scalar(&mut out, node);
            out.push('\n');
        }
    }
    out
}

fn indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn is_block(node: &Node) -> bool {
    match &node.value {
        Value::Map(entries) => !entries.is_empty(),
        Value::Seq(items) => !items.is_empty(),
        _ => false,
    }
}

/// `inline`: the first entry follows a `- ` already written on its line.
fn write_map(out: &mut String, entries: &[crate::yaml::Entry], level: usize, inline: bool) {
    for (i, e) in entries.iter().enumerate() {
        if i > 0 || !inline {
            indent(out, level);
        }
        let key = quote_if_needed(&e.key);
        if key.chars().count() > MAX_IMPLICIT_KEY_CHARS {
            write_explicit_entry(out, &key, &e.value, level);
            continue;
        }
        out.push_str(&key);
        out.push(':');
        match &e.value.value {
            Value::Map(children) if !children.is_empty() => {
                out.push('\n');
                write_map(out, children, level + 2, false);
            }
            Value::Seq(items) if !items.is_empty() => {
                out.push('\n');
                write_seq(out, items, level, false);
            }
            Value::String(text) if literal_ok(text) => {
                out.push(' ');
                write_literal(out, text, level + 2);
            }
            _ => {
                out.push(' ');
                write_scalar(out, &e.value);
                out.push('\n');
            }
        }
    }
}

/// YAML limits an implicit key (`key: value`) to 1024 characters; longer keys (possible in
/// JSON input) are written in the explicit form, which has no limit.
const MAX_IMPLICIT_KEY_CHARS: usize = 1000;

/// `? key` then `: value` on the next line, the value's block content indented under it.
fn write_explicit_entry(out: &mut String, key: &str, value: &Node, level: usize) {
    out.push_str("? ");
    out.push_str(key);
    out.push('\n');
    indent(out, level);
    out.push(':');
    match &value.value {
        Value::Map(children) if !children.is_empty() => {
            out.push('\n');
            write_map(out, children, level + 2, false);
        }
        Value::Seq(items) if !items.is_empty() => {
            out.push('\n');
            write_seq(out, items, level + 2, false);
        }
        Value::String(text) if literal_ok(text) => {
            out.push(' ');
            write_literal(out, text, level + 2);
        }
        _ => {
            out.push(' ');
            write_scalar(out, value);
            out.push('\n');
        }
    }
}

fn write_seq(out: &mut String, items: &[Node], level: usize, inline: bool) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 || !inline {
            indent(out, level);
        }
        out.push_str("- ");
        match &item.value {
            Value::Map(entries) if is_block(item) => write_map(out, entries, level + 2, true),
            Value::Seq(inner) if is_block(item) => write_seq(out, inner, level + 2, true),
            Value::String(text) if literal_ok(text) => write_literal(out, text, level + 2),
            _ => {
                write_scalar(out, item);
                out.push('\n');
            }
        }
    }
}

/// Whether a string reads better, and reads back the same, as a literal block scalar (`|`):
/// it has a line break, nothing that would need an escape, no tab or carriage return, and its
/// first line does not start with a space (which would need an indentation indicator).
fn literal_ok(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with(['\n', ' '])
        && !s
            .chars()
            .any(|c| c == '\t' || c == '\r' || needs_escape(c) && c != '\n')
}

/// A literal block scalar after `key: ` or `- `: the header with the chomping that keeps the
/// trailing line breaks exactly (`|-` none, `|` one, `|+` more), then the lines at `level`.
fn write_literal(out: &mut String, s: &str, level: usize) {
    let body = s.trim_end_matches('\n');
    let trailing = s.len() - body.len();
    out.push_str(match trailing {
        0 => "|-",
        1 => "|",
        _ => "|+",
    });
    out.push('\n');
    for line in body.split('\n') {
        if !line.is_empty() {
            indent(out, level);
            out.push_str(line);
        }
        out.push('\n');
    }
    // `|+` keeps the line breaks after the last line: one is written above, the rest here.
    for _ in 1..trailing {
        out.push('\n');
    }
}

/// A scalar, or an empty collection in flow style.
fn write_scalar(out: &mut String, node: &Node) {
    match &node.value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&yaml_float(*f)),
        Value::String(s) => out.push_str(&quote_if_needed(s)),
        Value::Seq(_) => out.push_str("[]"),
        Value::Map(_) => out.push_str("{}"),
    }
}

/// A float that reads back as the same float (never as an integer: `1.0`, not `1`).
fn yaml_float(f: f64) -> String {
    if f.is_nan() {
        ".nan".to_owned()
    } else if f.is_infinite() {
        if f > 0.0 { ".inf" } else { "-.inf" }.to_owned()
    } else {
        // A dot in the mantissa and a sign in the exponent: YAML 1.1 readers (PyYAML) need
        // both to see a float; go-yaml and YAML 1.2 accept the form too.
        let text = format!("{f:?}");
        let (mantissa, exponent) = match text.split_once(['e', 'E']) {
            Some((m, e)) => (m, Some(e)),
            None => (text.as_str(), None),
        };
        let mut out = mantissa.to_owned();
        if !out.contains('.') {
            out.push_str(".0");
        }
        if let Some(e) = exponent {
            out.push('e');
            if !e.starts_with(['-', '+']) {
                out.push('+');
            }
            out.push_str(e);
        }
        out
    }
}

/// Characters that start YAML syntax when they open a plain scalar.
const INDICATORS: &[char] = &[
    '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`',
    '<', '=', '~', '+', '.',
];

/// Whether `s` can be written as a plain scalar and still read back as this same string, by
/// YAML 1.1 readers (Kubernetes: `yes`, `on`, `012`, `1_000` are not strings there) and YAML 1.2
/// readers alike.
fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if first.is_ascii_digit() || INDICATORS.contains(&first) || first.is_whitespace() {
        return false;
    }
    if s.ends_with(|c: char| c.is_whitespace() || c == ':') {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.contains(":\t") {
        return false;
    }
    if s.chars().any(|c| {
        c.is_control() || matches!(c, '{' | '}' | '[' | ']' | ',' | '#' | '`' | '"' | '\'')
    }) || s.chars().any(needs_escape)
    {
        return false;
    }
    matches!(resolve_plain(s), Value::String(ref t) if t == s)
}

/// Characters a double-quoted scalar writes as escapes: everything outside YAML's printable
/// set, and the characters YAML 1.1 reads as line breaks.
fn needs_escape(c: char) -> bool {
    let code = u32::from(c);
    !(matches!(code, 0x20..=0x7e | 0xa0..=0xd7ff | 0xe000..=0xfffd | 0x1_0000..=0x10_ffff))
        || matches!(code, 0x2028 | 0x2029 | 0xfeff)
}

/// The string as a YAML scalar: plain when that reads back as this string, else double-quoted.
pub fn quote_if_needed(s: &str) -> String {
    if plain_ok(s) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if needs_escape(c) => {
                let code = u32::from(c);
                if code <= 0xffff {
                    out.push_str(&format!("\\u{code:04X}"));
                } else {
                    out.push_str(&format!("\\U{code:08X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The node as JSON, two spaces of indentation, keys in the tree's order.
pub fn to_json_text(node: &Node) -> String {
    let mut out = String::new();
    write_json(&mut out, node, 0);
    out.push('\n');
    out
}

fn write_json(out: &mut String, node: &Node, level: usize) {
    match &node.value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::Float(f) => match serde_json::Number::from_f64(*f) {
            Some(n) => out.push_str(&n.to_string()),
            None => out.push_str("null"),
        },
        Value::String(s) => out.push_str(&json_string(s)),
        Value::Seq(items) if items.is_empty() => out.push_str("[]"),
        Value::Map(entries) if entries.is_empty() => out.push_str("{}"),
        Value::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                indent(out, level + 2);
                write_json(out, item, level + 2);
            }
            out.push('\n');
            indent(out, level);
            out.push(']');
        }
        Value::Map(entries) => {
            out.push('{');
            for (i, e) in entries.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                indent(out, level + 2);
                out.push_str(&json_string(&e.key));
                out.push_str(": ");
                write_json(out, &e.value, level + 2);
            }
            out.push('\n');
            indent(out, level);
            out.push('}');
        }
    }
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_other_types_would_claim_are_quoted() {
        for s in [
            "yes",
            "on",
            "No",
            "1.0",
            "null",
            "~",
            "*x",
            "&a",
            "!t",
            "012",
            "0x1F",
            "1_000",
            "",
            " lead",
            "trail ",
            "a: b",
            "a #b",
            "-",
            "- x",
            "true",
            "<<",
            "=",
            ".5",
            "2024-01-01",
            "@x",
            "`x",
            "%x",
            "y",
            "n",
            "+1",
            ".inf",
        ] {
            assert!(quote_if_needed(s).starts_with('"'), "{s:?} must be quoted");
        }
        for s in [
            "HTTPRoute",
            "gateway.networking.k8s.io/v1",
            "/api",
            "a-b",
            "x:y",
        ] {
            assert_eq!(quote_if_needed(s), s);
        }
    }

    #[test]
    fn escapes_line_breaks_and_non_printables() {
        assert_eq!(quote_if_needed("a\nb"), "\"a\\nb\"");
        assert_eq!(quote_if_needed("a\u{85}b"), "\"a\\u0085b\"");
        assert_eq!(quote_if_needed("q\"\\"), "\"q\\\"\\\\\"");
    }

    /// Multi-line strings are written as literal blocks that read back as the same string.
    #[test]
    fn multi_line_strings_are_literal_blocks() {
        use crate::source::LineIndex;
        use crate::yaml::parse_stream;
        let cases = [
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
            "a\nb",
            "a\n\nb\n\n\n",
            "a\n  indented\n#not a comment\n",
            "key: value\n- item\n",
            "x\n \n",
        ];
        for text in cases {
            assert!(literal_ok(text), "{text:?}");
            let json = serde_json::json!({ "k": text, "l": [text] }).to_string();
            let parsed = parse_stream(&LineIndex::new(&json));
            let tree = parsed.first().and_then(|d| d.root.as_ref());
            assert!(tree.is_some(), "{json} does not parse");
            let Some(tree) = tree else { return };
            let yaml = to_yaml(tree);
            assert!(yaml.starts_with("k: |"), "{yaml}");
            let docs = parse_stream(&LineIndex::new(&yaml));
            let root = docs.first().and_then(|d| d.root.as_ref());
            let read = |key: &str| root.and_then(|r| r.get(key)).map(|n| n.value.clone());
            assert_eq!(read("k"), Some(Value::String(text.to_owned())), "{yaml}");
            let item = root.and_then(|r| r.get("l")).and_then(|l| match &l.value {
                Value::Seq(items) => items.first().map(|n| n.value.clone()),
                _ => None,
            });
            assert_eq!(item, Some(Value::String(text.to_owned())), "{yaml}");
        }
        for text in [
            " lead\nx",
            "\nx",
            "a\tb\nc",
            "a\r\nb",
            "a\u{85}\nb",
            "one line",
        ] {
            assert!(!literal_ok(text), "{text:?}");
        }
    }

    /// Keys too long for YAML's implicit form read back whole, whatever their value.
    #[test]
    fn long_keys_use_the_explicit_form() {
        use crate::source::LineIndex;
        use crate::yaml::parse_stream;
        let long = "k".repeat(1100);
        let json = serde_json::json!({
            "spec": { &long: "v", format!("{long}2"): { "a": [1, { "b": "c\nd" }] }, "after": true }
        })
        .to_string();
        let parsed = parse_stream(&LineIndex::new(&json));
        let tree = parsed.first().and_then(|d| d.root.as_ref());
        assert!(tree.is_some());
        let Some(tree) = tree else { return };
        let yaml = to_yaml(tree);
        assert!(yaml.contains(&format!("  ? {long}\n  : v\n")), "{yaml}");
        let back = parse_stream(&LineIndex::new(&yaml));
        let back = back.first().and_then(|d| d.root.as_ref());
        assert_eq!(back.map(to_json_text), Some(to_json_text(tree)), "{yaml}");
    }

    #[test]
    fn floats_stay_floats() {
        assert_eq!(yaml_float(1.0), "1.0");
        assert_eq!(yaml_float(0.5), "0.5");
        assert_eq!(yaml_float(1e300), "1.0e+300");
        assert_eq!(yaml_float(-2.5e-7), "-2.5e-7");
        assert!(matches!(resolve_plain(&yaml_float(1e300)), Value::Float(f) if f == 1e300));
    }
}
