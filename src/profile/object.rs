//! Helpers for profile rules over the input's [`Model`]: paths, list items, lookups across
//! objects (a route's Gateway, a listener).

use crate::diagnostics::PathSegment;
pub use crate::model::GATEWAY_GROUP;
use crate::model::{Model, Object};
use crate::yaml::{Node, Value};

/// The items of a sequence node; nothing for anything else.
pub fn items(node: Option<&Node>) -> &[Node] {
    match node.map(|n| &n.value) {
        Some(Value::Seq(items)) => items,
        _ => &[],
    }
}

/// A path from keys and indices: `path(&["spec", "rules"]).idx(0)`.
pub fn path(keys: &[&str]) -> Vec<PathSegment> {
    keys.iter()
        .map(|k| PathSegment::Key((*k).to_owned()))
        .collect()
}

/// Extends a path.
pub trait PathExt {
    fn key(self, key: &str) -> Self;
    fn idx(self, index: usize) -> Self;
}

impl PathExt for Vec<PathSegment> {
    fn key(mut self, key: &str) -> Self {
        self.push(PathSegment::Key(key.to_owned()));
        self
    }

    fn idx(mut self, index: usize) -> Self {
        self.push(PathSegment::Index(index));
        self
    }
}

/// A Gateway API route's parentRefs: (index, the ref, the Gateway when the input has it).
pub fn parent_gateways<'i, 'a>(
    route: &'i Object<'a>,
    input: &'i Model<'a>,
) -> Vec<(usize, &'a Node, Option<&'i Object<'a>>)> {
    items(route.spec().and_then(|s| s.get("parentRefs")))
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.get_str("kind").unwrap_or("Gateway") == "Gateway"
                && r.get_str("group").unwrap_or(GATEWAY_GROUP) == GATEWAY_GROUP
        })
        .map(|(i, r)| {
            let ns = r.get_str("namespace").unwrap_or(route.ns());
            let name = r.get_str("name").unwrap_or_default();
            (i, r, input.find(GATEWAY_GROUP, "Gateway", ns, name))
        })
        .collect()
}

/// The listener of `gateway` named `section`.
pub fn listener<'a>(gateway: &Object<'a>, section: &str) -> Option<&'a Node> {
    items(gateway.spec().and_then(|s| s.get("listeners")))
        .iter()
        .find(|l| l.get_str("name") == Some(section))
}

/// Whether `key` of mapping `node` was written in the input rather than filled in by a schema
/// default (defaults carry their parent's span as key span).
pub fn written(node: &Node, key: &str) -> bool {
    node.entry(key).is_some_and(|e| e.key_span != node.span)
}
