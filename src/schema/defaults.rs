//! Structural defaulting, as the API server applies it before it validates: an absent (or null)
//! property with a `default` in the schema gets that value, at every level, including inside
//! list items, map values and the defaults themselves.

use super::{AdditionalProperties, Registry};
use crate::schema::messages::from_json;
use crate::yaml::{Entry, Node, Value};

/// Fills in schema defaults in place. Inserted nodes carry the span of the object they were
/// added to, so a diagnostic about them points at a place the user wrote.
pub fn apply_defaults(node: &mut Node, schema: usize, registry: &Registry) {
    let s = registry.node(schema);
    let span = node.span;
    match &mut node.value {
        Value::Map(entries) => {
            for (name, child) in &s.properties {
                let child_schema = registry.node(*child);
                let Some(default) = &child_schema.default else {
                    continue;
                };
                match entries.iter_mut().find(|e| &e.key == name) {
                    Some(entry) if entry.value.value == Value::Null => {
                        entry.value = from_json(default, entry.value.span);
                    }
                    Some(_) => {}
                    None => entries.push(Entry {
                        key: name.clone(),
                        key_span: span,
                        value: from_json(default, span),
                    }),
                }
            }
            for entry in entries.iter_mut() {
                if let Some(child) = s.property(&entry.key) {
                    apply_defaults(&mut entry.value, child, registry);
                } else if let Some(AdditionalProperties::Schema(child)) = &s.additional_properties {
                    apply_defaults(&mut entry.value, *child, registry);
                }
            }
        }
        Value::Seq(items) => {
            if let Some(item_schema) = s.items {
                for item in items.iter_mut() {
                    apply_defaults(item, item_schema, registry);
                }
            }
        }
        _ => {}
    }
}
