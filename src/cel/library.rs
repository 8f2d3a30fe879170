//! The CEL environment the API server gives CRD validation rules: the CEL standard library,
//! the strings extension (`split`, `substring`, `lowerAscii`, ...), optionals, and the
//! Kubernetes libraries these CRDs call (`isIP`, `ip`, `isCIDR`, `format.<name>().validate`,
//! `duration`).
//!
//! `duration(string)` evaluates to the duration in nanoseconds (an int): the rules only compare
//! durations with each other, which ints do exactly, and the interpreter's own duration type
//! would pull in chrono and its time-zone tables (about 1 MB of wasm).

use std::cell::RefCell;
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::Arc;

use cel::common::ast::{CallExpr, Expr};
use cel::common::types::{CelBool, CelString, DYN_TYPE, STRING_TYPE};
use cel::common::value::CowVal;
use cel::extractors::This;
use cel::objects::OptionalValue;
use cel::parser::Macro;
use cel::{Context, Env, ExecutionError, Value};

use super::names::{dns1123_label_errors, dns1123_subdomain_errors};

thread_local! {
    static ENV: Arc<Env> = Arc::new(build_env());
}

fn build_env() -> Env {
    let mut env = Env::stdlib();
    // The extension declares only functions the standard library lacks; a clash would be a bug
    // in the interpreter, and leaves the stdlib environment in place.
    let _ = env.add_extension(cel::extensions::strings);
    let _ = env.add_extension(cel::extensions::lists);
    add_cached_matches(&mut env);
    env
}

/// The name `matches` calls are compiled to: the standard library's `matches` compiles its
/// pattern at every call, this one keeps the compiled patterns (see [`regex_matches`]).
const MATCHES: &str = "@matches";

/// Routes `s.matches(p)` and `matches(s, p)` to [`MATCHES`], with the standard library's
/// results and errors: the same regex crate and flags (`regex::Regex::new`), the same error
/// text for an invalid pattern, and the same "no such overload" error, naming `matches`, for
/// arguments that are not two strings.
fn add_cached_matches(env: &mut Env) {
    fn call(target: Option<cel::IdedExpr>, args: Vec<cel::IdedExpr>) -> Expr {
        Expr::Call(CallExpr {
            func_name: MATCHES.to_owned(),
            target: target.map(Box::new),
            args,
        })
    }
    // Declared once per environment, with names no other declaration uses: a failure would be a
    // bug (`matches` would be undeclared: the build leaves out cel's own, see Cargo.toml).
    let receiver = Macro::receiver("matches", 1, |helper, target, args| {
        let target = target.take();
        Ok(Some(helper.next_expr(call(target, std::mem::take(args)))))
    });
    let global = Macro::global("matches", 2, |helper, _target, args| {
        Ok(Some(helper.next_expr(call(None, std::mem::take(args)))))
    });
    let declared = env
        .add_member_overload(
            MATCHES,
            "gwlint_string_matches",
            STRING_TYPE,
            vec![STRING_TYPE],
            member_matches,
        )
        .and_then(|()| {
            env.add_member_overload(
                MATCHES,
                "gwlint_dyn_matches",
                DYN_TYPE,
                vec![DYN_TYPE],
                member_matches,
            )
        })
        .and_then(|()| {
            env.add_overload(
                MATCHES,
                "gwlint_matches_string",
                vec![STRING_TYPE, STRING_TYPE],
                global_matches,
            )
        })
        .and_then(|()| {
            env.add_overload(
                MATCHES,
                "gwlint_matches_dyn",
                vec![DYN_TYPE, DYN_TYPE],
                global_matches,
            )
        });
    if declared.is_ok() {
        let _ = env.add_macro(receiver);
        let _ = env.add_macro(global);
    }
    // The same functions under the name itself, for programs parsed without these macros (the
    // CRD rules, see `rules::parse_schema_rule`). Declined where the standard library has its own
    // `matches` (the tests build cel with its regex feature, for the oracle): same results.
    let _ = env
        .add_member_overload(
            "matches",
            "gwlint_string_matches_named",
            STRING_TYPE,
            vec![STRING_TYPE],
            member_matches,
        )
        .and_then(|()| {
            env.add_member_overload(
                "matches",
                "gwlint_dyn_matches_named",
                DYN_TYPE,
                vec![DYN_TYPE],
                member_matches,
            )
        })
        .and_then(|()| {
            env.add_overload(
                "matches",
                "gwlint_matches_string_named",
                vec![STRING_TYPE, STRING_TYPE],
                global_matches,
            )
        })
        .and_then(|()| {
            env.add_overload(
                "matches",
                "gwlint_matches_dyn_named",
                vec![DYN_TYPE, DYN_TYPE],
                global_matches,
            )
        });
}

/// `s.matches(p)`.
fn member_matches<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> Result<CowVal<'b, 'v>, ExecutionError> {
    matches_call(&args, true)
}

/// `matches(s, p)`.
fn global_matches<'b, 'v>(args: Vec<CowVal<'b, 'v>>) -> Result<CowVal<'b, 'v>, ExecutionError> {
    matches_call(&args, false)
}

fn matches_call<'b, 'v>(
    args: &[CowVal<'_, '_>],
    member: bool,
) -> Result<CowVal<'b, 'v>, ExecutionError> {
    let text = args.first().and_then(|a| a.downcast_ref::<CelString>());
    let pattern = args.get(1).and_then(|a| a.downcast_ref::<CelString>());
    match (text, pattern, args.len()) {
        (Some(text), Some(pattern), 2) => {
            regex_matches(text.inner(), pattern.inner()).map(|m| CowVal::owned(CelBool::from(m)))
        }
        _ => {
            // What the interpreter says when no overload of `matches` takes the arguments.
            let types = args
                .iter()
                .map(|a| a.get_type().name().to_owned())
                .collect();
            Err(if member {
                ExecutionError::no_such_member_overload("matches", types)
            } else {
                ExecutionError::no_such_overload("matches", types)
            })
        }
    }
}

/// How many compiled patterns a thread keeps (rules are few; policies may add some).
const REGEX_CACHE_SIZE: usize = 512;

thread_local! {
    /// Compiled patterns by their text; an invalid one is kept as its error message.
    static REGEXES: RefCell<HashMap<String, Result<regex::Regex, String>>> =
        RefCell::new(HashMap::new());
}

/// Whether `text` matches `pattern`, as cel's own `matches` decides (`regex::Regex::new`,
/// `is_match`), with its error for an invalid pattern; each pattern is compiled once per
/// thread.
pub fn regex_matches(text: &str, pattern: &str) -> Result<bool, ExecutionError> {
    let found = REGEXES.with(|cache| {
        cache.borrow().get(pattern).map(|compiled| match compiled {
            Ok(re) => Ok(re.is_match(text)),
            Err(message) => Err(message.clone()),
        })
    });
    let outcome = match found {
        Some(outcome) => outcome,
        None => {
            let compiled = regex::Regex::new(pattern)
                .map_err(|err| format!("'{pattern}' not a valid regex:\n{err}"));
            let outcome = match &compiled {
                Ok(re) => Ok(re.is_match(text)),
                Err(message) => Err(message.clone()),
            };
            REGEXES.with(|cache| {
                let mut cache = cache.borrow_mut();
                if cache.len() >= REGEX_CACHE_SIZE {
                    cache.clear();
                }
                cache.insert(pattern.to_owned(), compiled);
            });
            outcome
        }
    };
    outcome.map_err(|message| ExecutionError::FunctionError {
        function: "matches".to_owned(),
        message,
    })
}

/// The shared environment (one per thread).
pub fn environment() -> Arc<Env> {
    ENV.with(Arc::clone)
}

/// A context with the Kubernetes library functions, to evaluate rules in.
pub fn base_context() -> Context<'static, 'static> {
    with_library(environment())
}

/// The standard library's environment with the extensions, without the cached `matches`: what
/// the differential tests compare the fast path with.
#[cfg(test)]
pub(crate) fn plain_environment() -> Arc<Env> {
    let mut env = Env::stdlib();
    let _ = env.add_extension(cel::extensions::strings);
    let _ = env.add_extension(cel::extensions::lists);
    Arc::new(env)
}

/// A context over `env` with the Kubernetes library functions.
pub(crate) fn with_library(env: Arc<Env>) -> Context<'static, 'static> {
    let mut context = Context::with_env(env);
    let _ = context.add_function("isIP", is_ip);
    let _ = context.add_function("ip", ip);
    let _ = context.add_function("isCIDR", is_cidr);
    let _ = context.add_function("duration", duration);
    let _ = context.add_function("format.dns1123Label", || format_value("dns1123Label"));
    let _ = context.add_function("format.dns1123Subdomain", || {
        format_value("dns1123Subdomain")
    });
    let _ = context.add_function("validate", validate);
    context
}

/// Parses an IP address as the Kubernetes `ip` library does: no zones, no leading zeros in
/// IPv4 octets, no IPv4-mapped IPv6 addresses.
pub fn parse_ip(text: &str) -> Option<IpAddr> {
    if text.contains('%') {
        return None;
    }
    if let Ok(v4) = text.parse::<Ipv4Addr>() {
        return Some(IpAddr::V4(v4));
    }
    let v6 = text.parse::<Ipv6Addr>().ok()?;
    if v6.to_ipv4_mapped().is_some() {
        return None;
    }
    Some(IpAddr::V6(v6))
}

/// `isIP(string) -> bool`.
fn is_ip(text: Arc<String>) -> bool {
    parse_ip(&text).is_some()
}

/// `ip(string)`: the address in canonical form; an error when it is not an IP address.
fn ip(text: Arc<String>) -> Result<Value, ExecutionError> {
    parse_ip(&text)
        .map(|ip| Value::String(Arc::new(ip.to_string())))
        .ok_or_else(|| ExecutionError::function_error("ip", format!("IP Address {text:?} parse error during conversion from string: ParseAddr({text:?}): unable to parse IP")))
}

/// `isCIDR(string) -> bool`: an address and a prefix length in range.
fn is_cidr(text: Arc<String>) -> bool {
    let Some((addr, bits)) = text.split_once('/') else {
        return false;
    };
    let Ok(bits) = bits.parse::<u8>() else {
        return false;
    };
    if bits.to_string().len() != text.len() - addr.len() - 1 {
        return false;
    }
    match parse_ip(addr) {
        Some(IpAddr::V4(_)) => bits <= 32,
        Some(IpAddr::V6(_)) => bits <= 128,
        None => false,
    }
}

/// `duration(string)`: Go's `time.ParseDuration`, in nanoseconds.
fn duration(text: Arc<String>) -> Result<i64, ExecutionError> {
    // cel-go converts with `String.ConvertToType`, whose error the API server shows.
    parse_go_duration(&text).ok_or_else(|| {
        ExecutionError::function_error(
            "duration",
            "type conversion error from 'string' to 'google.protobuf.Duration'",
        )
    })
}

/// Go's `time.ParseDuration`: `[-+]?([0-9]*(\.[0-9]*)?[a-zµμ]+)+`, or `0`.
pub fn parse_go_duration(text: &str) -> Option<i64> {
    let (negative, mut rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if rest == "0" {
        return Some(0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number = rest.get(..number_len)?;
        if number.is_empty() || number == "." {
            return None;
        }
        let value: f64 = number.parse().ok()?;
        rest = rest.get(number_len..)?;
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let unit = rest.get(..unit_len)?;
        let scale = match unit {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return None,
        };
        total += value * scale;
        rest = rest.get(unit_len..)?;
    }
    if total > i64::MAX as f64 {
        return None;
    }
    let nanos = total as i64;
    Some(if negative { -nanos } else { nanos })
}

/// The value `format.<name>()` returns: a named format whose `validate` checks strings.
fn format_value(name: &str) -> Value {
    let mut map = std::collections::HashMap::new();
    map.insert(
        "__format__".to_owned(),
        Value::String(Arc::new(name.to_owned())),
    );
    Value::from(map)
}

/// `<format>.validate(string) -> optional<list<string>>`: none when the string is valid, else
/// the error messages.
fn validate(This(format): This<Value>, text: Arc<String>) -> Result<Value, ExecutionError> {
    let name = match &format {
        Value::Map(map) => map.map.iter().find_map(|(k, v)| match (k, v) {
            (cel::objects::Key::String(k), Value::String(v)) if k.as_str() == "__format__" => {
                Some(v.as_str().to_owned())
            }
            _ => None,
        }),
        _ => None,
    };
    let errors = match name.as_deref() {
        Some("dns1123Label") => dns1123_label_errors(&text),
        Some("dns1123Subdomain") => dns1123_subdomain_errors(&text),
        _ => {
            return Err(ExecutionError::function_error(
                "validate",
                "validate is defined on formats (format.dns1123Label() ...)",
            ))
        }
    };
    let optional = if errors.is_empty() {
        OptionalValue::none()
    } else {
        OptionalValue::of(Value::List(Arc::new(
            errors
                .into_iter()
                .map(|e| Value::String(Arc::new(e)))
                .collect(),
        )))
    };
    Ok(Value::Opaque(Arc::new(optional)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(expr: &str) -> Result<Value, String> {
        let program = environment().compile(expr).map_err(|e| e.to_string())?;
        program.execute(&base_context()).map_err(|e| e.to_string())
    }

    #[test]
    fn is_ip_follows_the_kubernetes_library() {
        assert_eq!(eval("isIP('10.0.0.1')"), Ok(Value::Bool(true)));
        assert_eq!(eval("isIP('::1')"), Ok(Value::Bool(true)));
        assert_eq!(eval("isIP('example.com')"), Ok(Value::Bool(false)));
        assert_eq!(eval("isIP('010.0.0.1')"), Ok(Value::Bool(false)));
        assert_eq!(eval("isIP('::ffff:1.2.3.4')"), Ok(Value::Bool(false)));
        assert_eq!(eval("isIP('fe80::1%eth0')"), Ok(Value::Bool(false)));
        assert_eq!(eval("isCIDR('10.0.0.0/8')"), Ok(Value::Bool(true)));
        assert_eq!(eval("isCIDR('10.0.0.0/33')"), Ok(Value::Bool(false)));
        assert!(eval("ip('nope')").is_err());
    }

    #[test]
    fn durations_compare_as_go_parses_them() {
        assert_eq!(parse_go_duration("1h30m"), Some(5_400_000_000_000));
        assert_eq!(parse_go_duration("500ms"), Some(500_000_000));
        assert_eq!(parse_go_duration("0"), Some(0));
        assert_eq!(parse_go_duration("1.5s"), Some(1_500_000_000));
        assert_eq!(parse_go_duration("10"), None);
        assert_eq!(
            eval("duration('1h') > duration('59m')"),
            Ok(Value::Bool(true))
        );
        assert_eq!(
            eval("duration('0s') == duration('0ms')"),
            Ok(Value::Bool(true))
        );
        assert!(eval("duration('soon')").is_err());
    }

    #[test]
    fn strings_extension_and_macros() {
        assert_eq!(
            eval("'a/b'.split('/')[0].size() < 253"),
            Ok(Value::Bool(true))
        );
        assert_eq!(
            eval("'*.example.com'.substring(2)"),
            Ok(Value::from("example.com"))
        );
        assert_eq!(
            eval("[1, 2, 2].exists_one(x, x == 1)"),
            Ok(Value::Bool(true))
        );
        assert_eq!(
            eval("[1, 2, 2].filter(x, x == 2).size()"),
            Ok(Value::Int(2))
        );
        assert_eq!(eval("'ABC'.lowerAscii()"), Ok(Value::from("abc")));
        assert_eq!(eval("'abc'.matches('^a.c$')"), Ok(Value::Bool(true)));
    }

    #[test]
    fn format_validate_returns_an_optional() {
        assert_eq!(
            eval("format.dns1123Label().validate('ok-name').hasValue()"),
            Ok(Value::Bool(false))
        );
        assert_eq!(
            eval("format.dns1123Label().validate('Not_OK').hasValue()"),
            Ok(Value::Bool(true))
        );
        // As in cel-go, an optional never equals null (see the note on XBackend in the README).
        assert_eq!(
            eval("format.dns1123Label().validate('ok') == null"),
            Ok(Value::Bool(false))
        );
    }
}
