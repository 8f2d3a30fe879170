//! Structural validation of one object against its CRD schema, with the API server's messages.
//!
//! The checks and their order follow kube-openapi as the API server runs it for custom resources:
//! type first (nothing else is checked on a value of the wrong type), then enum, string, number,
//! array and object constraints, then `x-kubernetes-list-type` uniqueness. Unknown fields are
//! reported as strict field validation reports them (`unknown field "spec.foo"`). Nulls are
//! skipped: the API server prunes them before validating.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use regex::Regex;

use super::messages as msg;
use super::{AdditionalProperties, Registry, SchemaNode};
use crate::diagnostics::{field_path, PathSegment};
use crate::source::ByteSpan;
use crate::yaml::{Node, Value};

/// One problem found by the validator.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub code: &'static str,
    pub message: String,
    pub path: Vec<PathSegment>,
    pub span: ByteSpan,
    /// A likely intended name or value, and the text that writes it in place of `span` (quoted
    /// when the original was).
    pub suggestion: Option<(String, String)>,
}

/// Top-level properties that the validator leaves to others (metadata has its own checks).
const SKIPPED_AT_ROOT: [&str; 3] = ["apiVersion", "kind", "metadata"];

thread_local! {
    static PATTERNS: RefCell<HashMap<String, Option<Regex>>> = RefCell::new(HashMap::new());
}

fn matches_pattern(pattern: &str, text: &str) -> bool {
    PATTERNS.with(|cache| {
        let mut cache = cache.borrow_mut();
        let regex = match cache.get(pattern) {
            Some(regex) => regex,
            None => cache
                .entry(pattern.to_owned())
                .or_insert_with(|| Regex::new(pattern).ok()),
        };
        // A pattern the regex engine cannot compile is not held against the user.
        regex.as_ref().is_none_or(|r| r.is_match(text))
    })
}

/// Test support for the wasm build's trap recovery (`__gwlintTestTrap`): panics while the
/// pattern cache is borrowed, as a bug inside a regex would. With `panic = "abort"` the borrow
/// is never released, so every later pattern check traps until the module is reloaded.
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
#[allow(clippy::panic)]
pub fn panic_holding_the_pattern_cache() {
    PATTERNS.with(|cache| {
        let _held = cache.borrow_mut();
        panic!("deliberate panic for the trap recovery test");
    });
}

pub struct Validator<'r> {
    registry: &'r Registry,
    findings: Vec<Finding>,
    path: Vec<PathSegment>,
}

/// Validates `root` (an object with defaults applied) against schema node `schema`.
pub fn validate(root: &Node, schema: usize, registry: &Registry) -> Vec<Finding> {
    let mut validator = Validator {
        registry,
        findings: Vec::new(),
        path: Vec::new(),
    };
    validator.node(root, schema, root.span);
    let mut seen = HashSet::new();
    validator
        .findings
        .retain(|f| seen.insert(f.message.clone()));
    validator.findings
}

impl<'r> Validator<'r> {
    fn path_string(&self) -> String {
        field_path(&self.path)
    }

    fn report(&mut self, code: &'static str, message: String, span: ByteSpan) {
        self.findings.push(Finding {
            code,
            message,
            path: self.path.clone(),
            span,
            suggestion: None,
        });
    }

    /// [`Self::report`] with a likely intended replacement for the text at `span`.
    fn report_with(
        &mut self,
        code: &'static str,
        message: String,
        span: ByteSpan,
        suggestion: Option<(String, String)>,
    ) {
        self.report(code, message, span);
        if let Some(last) = self.findings.last_mut() {
            last.suggestion = suggestion;
        }
    }

    /// `key_span` is where the value is named (its key, or the item itself): Required and
    /// size errors point there.
    fn node(&mut self, node: &Node, id: usize, key_span: ByteSpan) {
        let registry = self.registry;
        let s = registry.node(id);
        if node.value == Value::Null {
            return;
        }
        if let Some(ty) = &s.ty {
            let ok = matches!(
                (ty.as_str(), &node.value),
                ("object", Value::Map(_))
                    | ("array", Value::Seq(_))
                    | ("string", Value::String(_))
                    | ("boolean", Value::Bool(_))
                    | ("integer", Value::Int(_))
                    | ("number", Value::Int(_) | Value::Float(_))
            );
            if !ok {
                let message = msg::type_invalid(&self.path_string(), ty, node.value.json_type());
                self.report("schema/type", message, node.span);
                return;
            }
        }
        self.value_checks(node, s);
        match &node.value {
            Value::Seq(items) => self.array(node, items, s, key_span),
            Value::Map(_) => self.object(node, s, key_span),
            _ => {}
        }
    }

    /// Checks that look at the value itself (shared with oneOf/anyOf/not branches).
    fn value_checks(&mut self, node: &Node, s: &SchemaNode) {
        if let Some(allowed) = &s.enumeration {
            let json = msg::to_json(node);
            if !allowed.contains(&json) {
                let message =
                    msg::not_supported(&self.path_string(), &msg::bad_value(node), allowed);
                let suggestion = node.value.as_str().and_then(|text| {
                    crate::diagnostics::suggest::nearest(
                        text,
                        allowed.iter().filter_map(serde_json::Value::as_str),
                    )
                    .map(|v| (v.to_owned(), replacement(node.span, text, v)))
                });
                self.report_with("schema/enum", message, node.span, suggestion);
            }
        }
        match &node.value {
            Value::String(text) => {
                // kube-openapi's string validator stops at the first failure: maxLength,
                // minLength, then pattern.
                let chars = text.chars().count() as u64;
                if let Some(max) = s.max_length.filter(|&m| chars > m) {
                    let message = msg::too_long(&self.path_string(), max);
                    self.report("schema/max-length", message, node.span);
                } else if let Some(min) = s.min_length.filter(|&m| chars < m) {
                    let message = msg::too_short(&self.path_string(), &msg::go_quote(text), min);
                    self.report("schema/min-length", message, node.span);
                } else if let Some(pattern) = &s.pattern {
                    if !matches_pattern(pattern, text) {
                        let message =
                            msg::pattern(&self.path_string(), &msg::go_quote(text), pattern);
                        self.report("schema/pattern", message, node.span);
                    }
                }
                if let Some(format) = &s.format {
                    if !format_ok(format, text) {
                        let quoted = msg::go_quote(text);
                        let message = msg::format_invalid(&self.path_string(), &quoted, format);
                        self.report("schema/format", message, node.span);
                    }
                }
            }
            Value::Int(_) | Value::Float(_) => {
                let (number, shown) = match node.value {
                    Value::Int(i) => (i as f64, i.to_string()),
                    Value::Float(f) => (f, msg::go_float(f)),
                    _ => (0.0, String::new()),
                };
                // kube-openapi's number validator stops at the first failure: maximum, then
                // minimum.
                let too_big = s
                    .maximum
                    .filter(|&max| number > max || (s.exclusive_maximum && number >= max));
                let too_small = s
                    .minimum
                    .filter(|&min| number < min || (s.exclusive_minimum && number <= min));
                if let Some(max) = too_big {
                    let message =
                        msg::maximum(&self.path_string(), &shown, max, s.exclusive_maximum);
                    self.report("schema/maximum", message, node.span);
                } else if let Some(min) = too_small {
                    let message =
                        msg::minimum(&self.path_string(), &shown, min, s.exclusive_minimum);
                    self.report("schema/minimum", message, node.span);
                }
            }
            _ => {}
        }
        self.composition(node, s);
    }

    /// `allOf`, `anyOf`, `oneOf` and `not`, whose branches in structural schemas hold only
    /// value validations.
    fn composition(&mut self, node: &Node, s: &SchemaNode) {
        for &branch in &s.all_of {
            self.branch_into_self(node, branch);
        }
        if !s.any_of.is_empty() {
            let results: Vec<Vec<Finding>> =
                s.any_of.iter().map(|&b| self.branch(node, b)).collect();
            if results.iter().all(|r| !r.is_empty()) {
                let path = self.path_string();
                let message = msg::invalid(
                    &path,
                    "\"\"",
                    &format!("\"{path}\" must validate at least one schema (anyOf)"),
                );
                self.report("schema/any-of", message, node.span);
                if let Some(first) = results.into_iter().next() {
                    self.findings.extend(first);
                }
            }
        }
        if !s.one_of.is_empty() {
            let results: Vec<Vec<Finding>> =
                s.one_of.iter().map(|&b| self.branch(node, b)).collect();
            let valid = results.iter().filter(|r| r.is_empty()).count();
            if valid != 1 {
                let path = self.path_string();
                let message = msg::invalid(
                    &path,
                    "\"\"",
                    &format!("\"{path}\" must validate one and only one schema (oneOf)"),
                );
                self.report("schema/one-of", message, node.span);
                if valid == 0 {
                    if let Some(first) = results.into_iter().next() {
                        self.findings.extend(first);
                    }
                }
            }
        }
        if let Some(not) = s.not {
            if self.branch(node, not).is_empty() {
                let path = self.path_string();
                let message = msg::invalid(
                    &path,
                    "\"\"",
                    &format!("\"{path}\" must not validate the schema (not)"),
                );
                self.report("schema/not", message, node.span);
            }
        }
    }

    /// Validates `node` against a branch schema and returns what it found, leaving no trace.
    fn branch(&mut self, node: &Node, branch: usize) -> Vec<Finding> {
        let saved = std::mem::take(&mut self.findings);
        self.branch_into_self(node, branch);
        std::mem::replace(&mut self.findings, saved)
    }

    fn branch_into_self(&mut self, node: &Node, branch: usize) {
        let registry = self.registry;
        let b = registry.node(branch);
        self.value_checks(node, b);
        if let Value::Map(entries) = &node.value {
            for (name, child) in &b.properties {
                if let Some(entry) = entries.iter().find(|e| &e.key == name) {
                    self.path.push(PathSegment::Key(name.clone()));
                    self.branch_into_self(&entry.value, *child);
                    self.path.pop();
                }
            }
        }
    }

    fn array(&mut self, node: &Node, items: &[Node], s: &SchemaNode, key_span: ByteSpan) {
        let len = items.len();
        if let Some(max) = s.max_items.filter(|&m| len as u64 > m) {
            let message = msg::too_many(&self.path_string(), len, max);
            self.report("schema/max-items", message, key_span);
        }
        if let Some(min) = s.min_items.filter(|&m| (len as u64) < m) {
            let message = msg::too_few_items(&self.path_string(), len, min);
            self.report("schema/min-items", message, key_span.cover(node.span));
        }
        if let Some(item_schema) = s.items {
            for (i, item) in items.iter().enumerate() {
                self.path.push(PathSegment::Index(i));
                self.node(item, item_schema, item.span);
                self.path.pop();
            }
        }
        match s.list_type.as_deref() {
            Some("set") => self.set_duplicates(items),
            Some("map") => self.map_duplicates(items, &s.list_map_keys),
            _ => {}
        }
    }

    fn set_duplicates(&mut self, items: &[Node]) {
        let mut seen = HashSet::new();
        let mut reported = HashSet::new();
        for (i, item) in items.iter().enumerate() {
            let key = msg::to_json(item).to_string();
            if !seen.insert(key.clone()) && reported.insert(key) {
                self.path.push(PathSegment::Index(i));
                let message = msg::duplicate(&self.path_string(), &msg::bad_value(item));
                self.report("schema/duplicate", message, item.span);
                self.path.pop();
            }
        }
    }

    fn map_duplicates(&mut self, items: &[Node], keys: &[String]) {
        let mut seen = HashSet::new();
        for (i, item) in items.iter().enumerate() {
            let Value::Map(_) = &item.value else {
                continue;
            };
            let mut key = serde_json::Map::new();
            for name in keys {
                if let Some(value) = item.get(name) {
                    key.insert(name.clone(), msg::to_json(value));
                }
            }
            let key = serde_json::Value::Object(key).to_string();
            if !seen.insert(key.clone()) {
                self.path.push(PathSegment::Index(i));
                let message = msg::duplicate(&self.path_string(), &key);
                self.report("schema/duplicate", message, item.span);
                self.path.pop();
            }
        }
    }

    fn object(&mut self, node: &Node, s: &SchemaNode, key_span: ByteSpan) {
        let entries = node.value.as_map().unwrap_or(&[]);
        let present = entries
            .iter()
            .filter(|e| e.value.value != Value::Null)
            .count();
        if let Some(max) = s.max_properties.filter(|&m| present as u64 > m) {
            let message = msg::too_many(&self.path_string(), present, max);
            self.report("schema/max-properties", message, key_span);
        }
        if let Some(min) = s.min_properties.filter(|&m| (present as u64) < m) {
            let message = msg::too_few_properties(&self.path_string(), present, min);
            self.report("schema/min-properties", message, key_span);
        }
        for name in &s.required {
            let missing = node
                .get(name)
                .is_none_or(|value| value.value == Value::Null);
            if missing {
                self.path.push(PathSegment::Key(name.clone()));
                let message = msg::required(&self.path_string());
                self.report("schema/required", message, key_span);
                self.path.pop();
            }
        }
        let root = self.path.is_empty();
        let open = s.properties.is_empty() && s.additional_properties.is_none();
        for entry in entries {
            if root && SKIPPED_AT_ROOT.contains(&entry.key.as_str()) {
                continue;
            }
            self.path.push(PathSegment::Key(entry.key.clone()));
            if let Some(child) = s.property(&entry.key) {
                self.node(&entry.value, child, entry.key_span);
            } else {
                match &s.additional_properties {
                    Some(AdditionalProperties::Schema(child)) => {
                        self.node(&entry.value, *child, entry.key_span);
                    }
                    Some(AdditionalProperties::Allowed(true)) => {}
                    _ if open => {}
                    _ => {
                        let message = msg::unknown_field(&self.path_string());
                        let written = |name: &str| entries.iter().any(|e| e.key == name);
                        let suggestion = crate::diagnostics::suggest::nearest(
                            &entry.key,
                            s.properties
                                .iter()
                                .map(|(name, _)| name.as_str())
                                .filter(|name| !written(name)),
                        )
                        .map(|name| {
                            (
                                name.to_owned(),
                                replacement(entry.key_span, &entry.key, name),
                            )
                        });
                        self.report_with(
                            "schema/unknown-field",
                            message,
                            entry.key_span,
                            suggestion,
                        );
                    }
                }
            }
            self.path.pop();
        }
    }
}

/// `new` written where `written` was at `span`: in double quotes when the original was quoted
/// (its span is longer than its text), so JSON stays JSON.
fn replacement(span: ByteSpan, written: &str, new: &str) -> String {
    if (span.end - span.start) as usize == written.len() {
        new.to_owned()
    } else {
        format!("\"{new}\"")
    }
}

/// The formats the API server checks for custom resources (apiextensions drops the others,
/// `int32` and `int64` among them).
fn format_ok(format: &str, text: &str) -> bool {
    match format {
        "ipv4" => text.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => text.parse::<std::net::Ipv6Addr>().is_ok(),
        "date-time" | "datetime" => is_rfc3339(text),
        _ => true,
    }
}

/// RFC 3339 date-time (`2006-01-02T15:04:05Z07:00`, fractional seconds optional).
fn is_rfc3339(text: &str) -> bool {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let digits = |range: std::ops::Range<usize>| range.clone().all(digit);
    if b.len() < 20
        || !digits(0..4)
        || b.get(4) != Some(&b'-')
        || !digits(5..7)
        || b.get(7) != Some(&b'-')
        || !digits(8..10)
        || !matches!(b.get(10), Some(b'T' | b't' | b' '))
        || !digits(11..13)
        || b.get(13) != Some(&b':')
        || !digits(14..16)
        || b.get(16) != Some(&b':')
        || !digits(17..19)
    {
        return false;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while digit(i) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            digits(i + 1..i + 3)
                && b.get(i + 3) == Some(&b':')
                && digits(i + 4..i + 6)
                && i + 6 == b.len()
        }
        _ => false,
    }
}
