//! Resolution of plain scalars as Kubernetes reads YAML.
//!
//! kubectl and the API server read YAML with sigs.k8s.io/yaml, a fork of go-yaml v2, which follows
//! YAML 1.1: `yes`/`no`/`on`/`off` are booleans, `012` is octal, `0x1F` hex, `1_000` an integer,
//! and timestamps stay strings when decoded into untyped JSON. saphyr resolves by YAML 1.2 rules,
//! so gwlint resolves plain scalars itself.

use super::Value;

/// Resolves a plain (unquoted) scalar the way go-yaml v2 does.
pub fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Value::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Value::Bool(false)
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    let first = text.as_bytes().first().copied().unwrap_or(b' ');
    if !(first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.') {
        return Value::String(text.to_owned());
    }
    let plain: String = text.chars().filter(|&c| c != '_').collect();
    if let Some(i) = parse_go_int(&plain) {
        return Value::Int(i);
    }
    if is_yaml_float(&plain) {
        if let Ok(f) = plain.parse::<f64>() {
            return Value::Float(f);
        }
    }
    Value::String(text.to_owned())
}

/// `strconv.ParseInt(s, 0, 64)`: optional sign, then `0x`/`0o`/`0b` prefixes or a leading `0` for octal.
fn parse_go_int(s: &str) -> Option<i64> {
    let (negative, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..)?),
        Some(b'+') => (false, s.get(1..)?),
        _ => (false, s),
    };
    if rest.is_empty() {
        return None;
    }
    let lower = rest.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower.get(1..)?)
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u64::from_str_radix(digits, radix).ok()?;
    if negative {
        if magnitude == 1u64 << 63 {
            Some(i64::MIN)
        } else {
            i64::try_from(magnitude).ok().map(|m| -m)
        }
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// go-yaml v2's float pattern: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'-' | b'+')) {
        i += 1;
    }
    let digits = |mut i: usize| {
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        (i, i - start)
    };
    if b.get(i) == Some(&b'.') {
        let (j, n) = digits(i + 1);
        if n == 0 {
            return false;
        }
        i = j;
    } else {
        let (j, n) = digits(i);
        if n == 0 {
            return false;
        }
        i = j;
        if b.get(i) == Some(&b'.') {
            i = digits(i + 1).0;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let (j, n) = digits(i);
        if n == 0 {
            return false;
        }
        i = j;
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is(text: &str, expected: Value) {
        assert_eq!(resolve_plain(text), expected, "resolving {text:?}");
    }

    #[test]
    fn yaml_1_1_booleans_and_nulls() {
        is("yes", Value::Bool(true));
        is("Off", Value::Bool(false));
        is("y", Value::Bool(true));
        is("~", Value::Null);
        is("", Value::Null);
        is("nope", Value::String("nope".into()));
    }

    #[test]
    fn go_integers() {
        is("012", Value::Int(10));
        is("0x1F", Value::Int(31));
        is("0o17", Value::Int(15));
        is("0b101", Value::Int(5));
        is("1_000", Value::Int(1000));
        is("-42", Value::Int(-42));
        is("+7", Value::Int(7));
        is("-9223372036854775808", Value::Int(i64::MIN));
    }

    #[test]
    fn floats_and_strings() {
        is("09", Value::Float(9.0));
        is("1.5", Value::Float(1.5));
        is("1e3", Value::Float(1000.0));
        is(".5", Value::Float(0.5));
        is("2024-01-01", Value::String("2024-01-01".into()));
        is("1.2.3.4", Value::String("1.2.3.4".into()));
        is("-", Value::String("-".into()));
        is("v1", Value::String("v1".into()));
    }
}
