//! The API server's wording, from k8s.io/apimachinery `field.Error` (Kubernetes 1.34) and
//! kube-openapi's validation errors, which the API server repeats as the detail:
//! `<fieldPath>: <Type>[: <value>][: <detail>]`.

use crate::yaml::{Node, Value};

/// Go's `%q` for a string (`strconv.Quote`): printable Unicode kept, the rest escaped.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_control() || c == '\u{feff}' => {
                let n = c as u32;
                if n > 0xffff {
                    out.push_str(&format!("\\U{n:08x}"));
                } else {
                    out.push_str(&format!("\\u{n:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `%v` for a float64: shortest representation, exponent form below 1e-4 and from 1e21.
pub fn go_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.to_owned();
    }
    if f == 0.0 {
        return "0".to_owned();
    }
    let exp = f.abs().log10().floor() as i32;
    if !(-4..21).contains(&exp) {
        let s = format!("{f:e}");
        // Rust writes `1e21` / `1.5e-7`; Go writes `1e+21` / `1.5e-07`.
        let (mantissa, exponent) = s.split_once('e').unwrap_or((&s, "0"));
        let (sign, digits) = match exponent.strip_prefix('-') {
            Some(d) => ('-', d),
            None => ('+', exponent),
        };
        return format!("{mantissa}e{sign}{digits:0>2}");
    }
    format!("{f}")
}

/// A value as `field.Error` prints it: strings quoted, numbers and booleans bare, the rest JSON.
pub fn bad_value(node: &Node) -> String {
    match &node.value {
        Value::String(s) => go_quote(s),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => go_float(*f),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_owned(),
        Value::Seq(_) | Value::Map(_) => to_json(node).to_string(),
    }
}

/// A node as JSON (Go's `encoding/json` sorts object keys; so does serde_json's default map).
pub fn to_json(node: &Node) -> serde_json::Value {
    use serde_json::Value as J;
    match &node.value {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) => J::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
        Value::String(s) => J::String(s.clone()),
        Value::Seq(items) => J::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => J::Object(
            entries
                .iter()
                .map(|e| (e.key.clone(), to_json(&e.value)))
                .collect(),
        ),
    }
}

/// A JSON value (from a schema: an enum member, a default) as a `Node` with the given span.
pub fn from_json(value: &serde_json::Value, span: crate::source::ByteSpan) -> Node {
    use serde_json::Value as J;
    let value = match value {
        J::Null => Value::Null,
        J::Bool(b) => Value::Bool(*b),
        J::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(0.0)),
        },
        J::String(s) => Value::String(s.clone()),
        J::Array(items) => Value::Seq(items.iter().map(|v| from_json(v, span)).collect()),
        J::Object(map) => Value::Map(
            map.iter()
                .map(|(k, v)| crate::yaml::Entry {
                    key: k.clone(),
                    key_span: span,
                    value: from_json(v, span),
                })
                .collect(),
        ),
    };
    Node { value, span }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

pub fn required(path: &str) -> String {
    format!("{path}: Required value")
}

pub fn type_invalid(path: &str, expected: &str, actual: &str) -> String {
    format!("{path}: Invalid value: \"{actual}\": {path} in body must be of type {expected}: \"{actual}\"")
}

pub fn not_supported(path: &str, value: &str, allowed: &[serde_json::Value]) -> String {
    let allowed: Vec<String> = allowed
        .iter()
        .map(|v| match v {
            serde_json::Value::String(s) => go_quote(s),
            other => go_quote(&other.to_string()),
        })
        .collect();
    format!(
        "{path}: Unsupported value: {value}: supported values: {}",
        allowed.join(", ")
    )
}

pub fn too_long(path: &str, max: u64) -> String {
    format!(
        "{path}: Too long: may not be more than {}",
        plural(max, "byte", "bytes")
    )
}

pub fn too_many(path: &str, actual: usize, max: u64) -> String {
    format!(
        "{path}: Too many: {actual}: must have at most {}",
        plural(max, "item", "items")
    )
}

pub fn invalid(path: &str, value: &str, detail: &str) -> String {
    format!("{path}: Invalid value: {value}: {detail}")
}

pub fn too_short(path: &str, value: &str, min: u64) -> String {
    invalid(
        path,
        value,
        &format!("{path} in body should be at least {min} chars long"),
    )
}

pub fn pattern(path: &str, value: &str, pattern: &str) -> String {
    invalid(
        path,
        value,
        &format!("{path} in body should match '{pattern}'"),
    )
}

pub fn minimum(path: &str, value: &str, min: f64, exclusive: bool) -> String {
    let relation = if exclusive {
        "greater than"
    } else {
        "greater than or equal to"
    };
    invalid(
        path,
        value,
        &format!("{path} in body should be {relation} {}", go_float(min)),
    )
}

pub fn maximum(path: &str, value: &str, max: f64, exclusive: bool) -> String {
    let relation = if exclusive {
        "less than"
    } else {
        "less than or equal to"
    };
    invalid(
        path,
        value,
        &format!("{path} in body should be {relation} {}", go_float(max)),
    )
}

pub fn too_few_items(path: &str, actual: usize, min: u64) -> String {
    invalid(
        path,
        &actual.to_string(),
        &format!("{path} in body should have at least {min} items"),
    )
}

pub fn too_few_properties(path: &str, actual: usize, min: u64) -> String {
    invalid(
        path,
        &actual.to_string(),
        &format!("{path} in body should have at least {min} properties"),
    )
}

pub fn format_invalid(path: &str, value: &str, format: &str) -> String {
    invalid(
        path,
        value,
        &format!("{path} in body must be of type {format}: {value}"),
    )
}

pub fn duplicate(path: &str, value: &str) -> String {
    format!("{path}: Duplicate value: {value}")
}

pub fn unknown_field(path: &str) -> String {
    format!("unknown field \"{path}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_formatting() {
        assert_eq!(go_quote("a\"b\n"), "\"a\\\"b\\n\"");
        assert_eq!(go_quote("héllo"), "\"héllo\"");
        assert_eq!(go_float(1.5), "1.5");
        assert_eq!(go_float(100.0), "100");
        assert_eq!(go_float(65535.0), "65535");
        assert_eq!(go_float(1e21), "1e+21");
        assert_eq!(go_float(0.00001), "1e-05");
    }

    #[test]
    fn api_server_wording() {
        assert_eq!(
            minimum("spec.listeners[0].port", "0", 1.0, false),
            "spec.listeners[0].port: Invalid value: 0: spec.listeners[0].port in body should be greater than or equal to 1"
        );
        assert_eq!(
            not_supported(
                "spec.mode",
                "\"x\"",
                &[
                    serde_json::json!("Terminate"),
                    serde_json::json!("Passthrough")
                ]
            ),
            "spec.mode: Unsupported value: \"x\": supported values: \"Terminate\", \"Passthrough\""
        );
        assert_eq!(too_long("a", 1), "a: Too long: may not be more than 1 byte");
        assert_eq!(
            too_many("b", 65, 64),
            "b: Too many: 65: must have at most 64 items"
        );
    }
}
