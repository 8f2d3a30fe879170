//! The `authorizer` of policy expressions when the `authorizer` option answers for it
//! (`"allow"` or `"deny"`): Kubernetes' authorizer library (`authorizer.group('apps')
//! .resource('deployments').namespace('ns').check('create').allowed()`, `requestResource`,
//! `serviceAccount`, `path`, and a decision's `allowed()`, `reason()`, `errored()`, `error()`),
//! where every check gets the same decision. With `"unknown"` (the default) an expression that
//! reads `authorizer` is not evaluated (see `evaluation.rs`).

use std::collections::HashMap;
use std::sync::Arc;

use cel::extractors::{Arguments, This};
use cel::{Context, Value};

/// The key under which the builder and decision values carry the decision.
const DECISION: &str = "__authorizer_decision__";

/// The `authorizer` variable for a decision (`true`: allowed).
pub fn value(allowed: bool) -> Value {
    let builder = |allowed: bool| {
        let mut map = HashMap::new();
        map.insert(DECISION.to_owned(), Value::Bool(allowed));
        map
    };
    let mut root = builder(allowed);
    root.insert("requestResource".to_owned(), Value::from(builder(allowed)));
    Value::from(root)
}

/// The decision a builder or decision value carries (false when it carries none).
fn decision(value: &Value) -> bool {
    match value {
        Value::Map(map) => map.map.iter().any(|(k, v)| {
            matches!(k, cel::objects::Key::String(k) if k.as_str() == DECISION)
                && *v == Value::Bool(true)
        }),
        _ => false,
    }
}

/// A builder step (`group`, `resource`, `subresource`, `namespace`, `name`, `path`,
/// `serviceAccount`, `check`): the same decision, whatever the arguments.
fn step(This(this): This<Value>, Arguments(_): Arguments) -> Value {
    let mut map = HashMap::new();
    map.insert(DECISION.to_owned(), Value::Bool(decision(&this)));
    Value::from(map)
}

fn allowed(This(this): This<Value>) -> bool {
    decision(&this)
}

/// The authorizer's reason: none is known offline.
fn reason(This(_): This<Value>) -> Value {
    Value::String(Arc::new(String::new()))
}

fn errored(This(_): This<Value>) -> bool {
    false
}

/// Adds the authorizer library's functions to `context`.
pub fn install(context: &mut Context<'static, 'static>) {
    for name in [
        "group",
        "resource",
        "subresource",
        "namespace",
        "name",
        "path",
        "serviceAccount",
        "check",
    ] {
        let _ = context.add_function(name, step);
    }
    let _ = context.add_function("allowed", allowed);
    let _ = context.add_function("errored", errored);
    // No reason and no error are known offline: both are empty.
    let _ = context.add_function("reason", reason);
    let _ = context.add_function("error", reason);
}
