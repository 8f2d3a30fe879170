//! The steps of normalization on one object's tree: find the defaults the API server added,
//! drop values equal to their defaults, sort lists whose order the schema declares meaningless,
//! and put keys in the canonical order. Each step that changes a value records a [`Change`].

use std::collections::HashMap;

use crate::diagnostics::PathSegment;
use crate::lint::metadata::OBJECT_META_FIELDS;
use crate::schema::defaults::apply_defaults;
use crate::schema::messages::{from_json, to_json};
use crate::schema::{AdditionalProperties, Registry};
use crate::yaml::{Entry, Node, Value};

use super::{Change, ChangeKind};

/// Top-level keys first, in this order (the Kubernetes convention), then the schema's order.
const TOP_ORDER: [&str; 5] = ["apiVersion", "kind", "metadata", "spec", "status"];

/// Where a step is in one document, and where its changes go.
pub struct Recorder<'a> {
    pub document_index: usize,
    pub changes: &'a mut Vec<Change>,
}

impl Recorder<'_> {
    pub fn record(
        &mut self,
        path: &[PathSegment],
        old: Option<&Node>,
        new: Option<&Node>,
        kind: ChangeKind,
        reason: &str,
    ) {
        self.changes.push(Change::new(
            self.document_index,
            path.to_vec(),
            old.map(to_json),
            new.map(to_json),
            kind,
            reason.to_owned(),
        ));
    }
}

/// A map's entries by key: a scan for small maps, a hash table for large ones, so walking two
/// maps side by side stays linear (a map with thousands of labels is valid input).
struct ByKey<'a> {
    entries: &'a [Entry],
    index: Option<HashMap<&'a str, &'a Entry>>,
}

impl<'a> ByKey<'a> {
    const SCAN_LIMIT: usize = 16;

    fn new(entries: &'a [Entry]) -> Self {
        let index = (entries.len() > Self::SCAN_LIMIT)
            .then(|| entries.iter().rev().map(|e| (e.key.as_str(), e)).collect());
        Self { entries, index }
    }

    /// The first entry named `key`.
    fn get(&self, key: &str) -> Option<&'a Entry> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.entries.iter().find(|e| e.key == key),
        }
    }
}

/// Records every value present in `defaulted` but absent (or null) in `original`: what
/// defaulting added. Only the outermost added value is recorded.
pub fn record_defaults(
    original: &Node,
    defaulted: &Node,
    path: &mut Vec<PathSegment>,
    reason: &str,
    rec: &mut Recorder<'_>,
) {
    match (&original.value, &defaulted.value) {
        (Value::Map(before), Value::Map(after)) => {
            let before = ByKey::new(before);
            for entry in after {
                path.push(PathSegment::Key(entry.key.clone()));
                match before.get(&entry.key) {
                    Some(old) if old.value.value != Value::Null => {
                        record_defaults(&old.value, &entry.value, path, reason, rec);
                    }
                    old => rec.record(
                        path,
                        old.map(|e| &e.value),
                        Some(&entry.value),
                        ChangeKind::Default,
                        reason,
                    ),
                }
                path.pop();
            }
        }
        (Value::Seq(before), Value::Seq(after)) => {
            for (i, (old, new)) in before.iter().zip(after).enumerate() {
                path.push(PathSegment::Index(i));
                record_defaults(old, new, path, reason, rec);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The schema of a map's entry: its property, or the schema of additional properties.
fn child_schema(registry: &Registry, schema: usize, key: &str) -> Option<usize> {
    let s = registry.node(schema);
    s.property(key).or(match &s.additional_properties {
        Some(AdditionalProperties::Schema(id)) => Some(*id),
        _ => None,
    })
}

/// A default value as the API server stores it: itself defaulted.
fn defaulted_default(default: &serde_json::Value, schema: usize, registry: &Registry) -> Node {
    let mut node = from_json(default, crate::source::ByteSpan::new(0, 0));
    apply_defaults(&mut node, schema, registry);
    node
}

/// Removes from `original` every value that defaulting would give back: a property whose
/// defaulted value equals its schema default (itself defaulted). `defaulted` is `original`
/// after defaulting, walked alongside.
pub fn drop_defaults(
    original: &mut Node,
    defaulted: &Node,
    schema: usize,
    registry: &Registry,
    path: &mut Vec<PathSegment>,
    reason: &str,
    rec: &mut Recorder<'_>,
) {
    match (&mut original.value, &defaulted.value) {
        (Value::Map(entries), Value::Map(after)) => {
            let after = ByKey::new(after);
            let mut kept = Vec::with_capacity(entries.len());
            for mut entry in std::mem::take(entries) {
                let Some(after) = after.get(&entry.key) else {
                    kept.push(entry);
                    continue;
                };
                let Some(child) = child_schema(registry, schema, &entry.key) else {
                    kept.push(entry);
                    continue;
                };
                path.push(PathSegment::Key(entry.key.clone()));
                let equal_to_default = registry.node(child).default.as_ref().is_some_and(|d| {
                    to_json(&defaulted_default(d, child, registry)) == to_json(&after.value)
                });
                if equal_to_default {
                    rec.record(
                        path,
                        Some(&entry.value),
                        None,
                        ChangeKind::DropDefault,
                        reason,
                    );
                } else {
                    drop_defaults(
                        &mut entry.value,
                        &after.value,
                        child,
                        registry,
                        path,
                        reason,
                        rec,
                    );
                    kept.push(entry);
                }
                path.pop();
            }
            *entries = kept;
        }
        (Value::Seq(items), Value::Seq(after)) => {
            if let Some(item_schema) = registry.node(schema).items {
                for (i, (item, after)) in items.iter_mut().zip(after).enumerate() {
                    path.push(PathSegment::Index(i));
                    drop_defaults(item, after, item_schema, registry, path, reason, rec);
                    path.pop();
                }
            }
        }
        _ => {}
    }
}

/// A list item's sort key: for `x-kubernetes-list-type: map`, the values of the map keys (a
/// key's schema default when the item omits it); for `set`, the item itself.
fn sort_key(
    item: &Node,
    keys: &[String],
    item_schema: Option<usize>,
    registry: &Registry,
) -> serde_json::Value {
    if keys.is_empty() {
        return to_json(item);
    }
    let values: Vec<serde_json::Value> = keys
        .iter()
        .map(|k| match item.get(k) {
            Some(v) if v.value != Value::Null => to_json(v),
            _ => item_schema
                .and_then(|s| registry.node(s).property(k))
                .and_then(|p| registry.node(p).default.clone())
                .unwrap_or(serde_json::Value::Null),
        })
        .collect();
    serde_json::Value::Array(values)
}

/// A total order on JSON values: by type, then numbers by value, strings and keys by bytes,
/// arrays and objects element by element.
fn cmp_json(a: &serde_json::Value, b: &serde_json::Value) -> std::cmp::Ordering {
    use serde_json::Value as J;
    use std::cmp::Ordering;
    let rank = |v: &J| match v {
        J::Null => 0,
        J::Bool(_) => 1,
        J::Number(_) => 2,
        J::String(_) => 3,
        J::Array(_) => 4,
        J::Object(_) => 5,
    };
    match (a, b) {
        (J::Bool(x), J::Bool(y)) => x.cmp(y),
        (J::Number(x), J::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
            x.partial_cmp(&y).unwrap_or(Ordering::Equal)
        }
        (J::String(x), J::String(y)) => x.cmp(y),
        (J::Array(x), J::Array(y)) => x
            .iter()
            .zip(y)
            .map(|(x, y)| cmp_json(x, y))
            .find(|o| o.is_ne())
            .unwrap_or_else(|| x.len().cmp(&y.len())),
        (J::Object(x), J::Object(y)) => x
            .iter()
            .zip(y)
            .map(|((kx, vx), (ky, vy))| kx.cmp(ky).then_with(|| cmp_json(vx, vy)))
            .find(|o| o.is_ne())
            .unwrap_or_else(|| x.len().cmp(&y.len())),
        _ => rank(a).cmp(&rank(b)),
    }
}

/// Sorts lists the schema declares unordered (`x-kubernetes-list-type: set`, or `map` with
/// keys) and puts every mapping's keys in canonical order. `schema` is `None` where the
/// schema says nothing (unknown kinds, unknown fields): only order of keys at the top and in
/// `metadata` changes there.
pub fn canonicalize(
    node: &mut Node,
    schema: Option<usize>,
    registry: &Registry,
    path: &mut Vec<PathSegment>,
    rec: &mut Recorder<'_>,
) {
    let s = schema.map(|id| registry.node(id));
    match &mut node.value {
        Value::Map(entries) => {
            let top = path.is_empty();
            let in_metadata = path.len() == 1
                && matches!(path.first(), Some(PathSegment::Key(k)) if k == "metadata");
            let meta_map = matches!(
                path.as_slice(),
                [PathSegment::Key(m), PathSegment::Key(k)]
                    if m == "metadata" && (k == "labels" || k == "annotations")
            );
            for entry in entries.iter_mut() {
                path.push(PathSegment::Key(entry.key.clone()));
                let child = schema.and_then(|id| child_schema(registry, id, &entry.key));
                canonicalize(&mut entry.value, child, registry, path, rec);
                path.pop();
            }
            let rank = |key: &str| -> (usize, usize) {
                if top {
                    if let Some(i) = TOP_ORDER.iter().position(|k| *k == key) {
                        return (0, i);
                    }
                }
                if in_metadata {
                    if let Some(i) = OBJECT_META_FIELDS.iter().position(|k| *k == key) {
                        return (0, i);
                    }
                }
                match s.and_then(|s| s.properties.iter().position(|(k, _)| k == key)) {
                    Some(i) => (1, i),
                    None => (2, 0),
                }
            };
            let mut ranked: Vec<((usize, usize), Entry)> = std::mem::take(entries)
                .into_iter()
                .map(|e| (rank(&e.key), e))
                .collect();
            // A map of free keys (labels, annotations, additionalProperties) sorts by key;
            // fields the schema does not know keep the order they were written in.
            let free_keys = meta_map
                || s.is_some_and(|s| s.additional_properties.is_some() && s.properties.is_empty());
            ranked.sort_by(|(ra, a), (rb, b)| {
                ra.cmp(rb).then_with(|| {
                    if free_keys {
                        a.key.cmp(&b.key)
                    } else {
                        std::cmp::Ordering::Equal
                    }
                })
            });
            *entries = ranked.into_iter().map(|(_, e)| e).collect();
        }
        Value::Seq(items) => {
            let span = node.span;
            let item_schema = s.and_then(|s| s.items);
            for (i, item) in items.iter_mut().enumerate() {
                path.push(PathSegment::Index(i));
                canonicalize(item, item_schema, registry, path, rec);
                path.pop();
            }
            let Some(s) = s else { return };
            let keys: &[String] = match s.list_type.as_deref() {
                Some("set") => &[],
                Some("map") if !s.list_map_keys.is_empty() => &s.list_map_keys,
                _ => return,
            };
            let mut keyed: Vec<(serde_json::Value, Node)> = std::mem::take(items)
                .into_iter()
                .map(|item| (sort_key(&item, keys, item_schema, registry), item))
                .collect();
            let before: Vec<serde_json::Value> = keyed.iter().map(|(k, _)| k.clone()).collect();
            keyed.sort_by(|(a, _), (b, _)| cmp_json(a, b));
            let after: Vec<serde_json::Value> = keyed.iter().map(|(k, _)| k.clone()).collect();
            if before != after {
                let as_json = |keys: &[serde_json::Value]| -> Node {
                    from_json(&serde_json::Value::Array(keys.to_vec()), span)
                };
                let reason = if s.list_type.as_deref() == Some("set") {
                    "sorted: x-kubernetes-list-type set (order does not matter)".to_owned()
                } else {
                    format!(
                        "sorted by {}: x-kubernetes-list-type map (order does not matter)",
                        s.list_map_keys.join(", ")
                    )
                };
                rec.record(
                    path,
                    Some(&as_json(&before)),
                    Some(&as_json(&after)),
                    ChangeKind::Sort,
                    &reason,
                );
            }
            *items = keyed.into_iter().map(|(_, item)| item).collect();
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::ByteSpan;

    fn entries(n: usize) -> Vec<Entry> {
        (0..n)
            .map(|i| Entry {
                key: format!("k{i}"),
                key_span: ByteSpan::default(),
                value: Node {
                    value: Value::Int(i as i64),
                    span: ByteSpan::default(),
                },
            })
            .collect()
    }

    #[test]
    fn by_key_finds_the_same_entries_scanned_or_indexed() {
        for n in [0, 3, ByKey::SCAN_LIMIT, ByKey::SCAN_LIMIT + 1, 200] {
            let list = entries(n);
            let by_key = ByKey::new(&list);
            assert_eq!(by_key.index.is_some(), n > ByKey::SCAN_LIMIT);
            for (i, e) in list.iter().enumerate() {
                let found = by_key.get(&e.key).map(|f| f.value.value.clone());
                assert_eq!(found, Some(Value::Int(i as i64)));
            }
            assert!(by_key.get("missing").is_none());
        }
    }
}
