//! ObjectMeta checks, worded as apimachinery words them (`metadata.name: Invalid value: ...`).

use crate::diagnostics::{Finding, PathSegment, Severity, Source};
use crate::schema::messages as msg;
use crate::source::ByteSpan;
use crate::yaml::{Node, Value};

const QUALIFIED_NAME_PART: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const QUALIFIED_NAME: &str = "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
const LABEL_VALUE: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/// Fields of ObjectMeta, in the order Kubernetes declares them (`k8s.io/apimachinery` types.go);
/// any other key under `metadata` is an unknown field. Normalization writes them in this order.
pub(crate) const OBJECT_META_FIELDS: [&str; 15] = [
    "name",
    "generateName",
    "namespace",
    "selfLink",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "labels",
    "annotations",
    "ownerReferences",
    "finalizers",
    "managedFields",
];

const ANNOTATIONS_MAX_BYTES: usize = 256 * 1024;

pub use crate::cel::names::{dns1123_label_errors, dns1123_subdomain_errors};

fn is_qualified_name_part(s: &str) -> bool {
    let b = s.as_bytes();
    let alnum = |c: &u8| c.is_ascii_alphanumeric();
    b.first().is_some_and(alnum)
        && b.last().is_some_and(alnum)
        && b.iter()
            .all(|c| alnum(c) || matches!(c, b'-' | b'_' | b'.'))
}

/// `IsQualifiedName`'s messages.
pub fn qualified_name_errors(s: &str) -> Vec<String> {
    let mut errors = Vec::new();
    let parts: Vec<&str> = s.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                errors.push("prefix part must be non-empty".to_owned());
            } else {
                for e in dns1123_subdomain_errors(prefix) {
                    errors.push(format!("prefix part {e}"));
                }
            }
            name
        }
        _ => {
            errors.push(QUALIFIED_NAME.to_owned());
            return errors;
        }
    };
    if name.is_empty() {
        errors.push("name part must be non-empty".to_owned());
    } else if name.len() > 63 {
        errors.push("name part must be no more than 63 characters".to_owned());
    }
    if !is_qualified_name_part(name) {
        errors.push(QUALIFIED_NAME_PART.to_owned());
    }
    errors
}

/// `IsValidLabelValue`'s messages.
pub fn label_value_errors(s: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if s.len() > 63 {
        errors.push("must be no more than 63 characters".to_owned());
    }
    if !s.is_empty() && !is_qualified_name_part(s) {
        errors.push(LABEL_VALUE.to_owned());
    }
    errors
}

fn key(name: &str) -> PathSegment {
    PathSegment::Key(name.to_owned())
}

fn finding(code: &'static str, message: String, path: &[&str], span: ByteSpan) -> Finding {
    Finding::new(code, Severity::Error, Source::Schema, message, span)
        .with_path(path.iter().map(|k| key(k)).collect())
}

/// Checks `metadata` of an object. `namespaced` is `None` when the kind's scope is unknown.
pub fn check_metadata(root: &Node, namespaced: Option<bool>, out: &mut Vec<Finding>) {
    let Some(entry) = root.entry("metadata") else {
        out.push(finding(
            "metadata/name-required",
            "metadata.name: Required value: name or generateName is required".to_owned(),
            &["metadata", "name"],
            ByteSpan::new(root.span.start as usize, root.span.start as usize),
        ));
        return;
    };
    let meta = &entry.value;
    let Value::Map(fields) = &meta.value else {
        if meta.value != Value::Null {
            out.push(finding(
                "schema/type",
                msg::type_invalid("metadata", "object", meta.value.json_type()),
                &["metadata"],
                meta.span,
            ));
        }
        return;
    };
    for field in fields {
        if !OBJECT_META_FIELDS.contains(&field.key.as_str()) {
            out.push(finding(
                "schema/unknown-field",
                msg::unknown_field(&format!("metadata.{}", field.key)),
                &["metadata", &field.key],
                field.key_span,
            ));
        }
    }
    let string_field = |name: &str, out: &mut Vec<Finding>| -> Option<(String, ByteSpan)> {
        let node = meta.get(name)?;
        match &node.value {
            Value::String(s) => Some((s.clone(), node.span)),
            Value::Null => None,
            other => {
                let path = format!("metadata.{name}");
                out.push(finding(
                    "schema/type",
                    msg::type_invalid(&path, "string", other.json_type()),
                    &["metadata", name],
                    node.span,
                ));
                None
            }
        }
    };
    let name = string_field("name", out);
    let generate_name = string_field("generateName", out);
    match (&name, &generate_name) {
        (Some((n, span)), _) if !n.is_empty() => {
            for e in dns1123_subdomain_errors(n) {
                out.push(finding(
                    "metadata/name",
                    msg::invalid("metadata.name", &msg::go_quote(n), &e),
                    &["metadata", "name"],
                    *span,
                ));
            }
        }
        (_, Some((g, _))) if !g.is_empty() => {}
        _ => out.push(finding(
            "metadata/name-required",
            "metadata.name: Required value: name or generateName is required".to_owned(),
            &["metadata", "name"],
            name.as_ref().map_or(entry.key_span, |(_, s)| *s),
        )),
    }
    if let Some((ns, span)) = string_field("namespace", out) {
        if namespaced == Some(false) && !ns.is_empty() {
            out.push(
                Finding::new(
                    "metadata/namespace-ignored",
                    Severity::Warning,
                    Source::Schema,
                    "metadata.namespace is ignored: this kind is cluster-scoped",
                    span,
                )
                .with_path(vec![key("metadata"), key("namespace")]),
            );
        } else if !ns.is_empty() {
            for e in dns1123_label_errors(&ns) {
                out.push(finding(
                    "metadata/namespace",
                    msg::invalid("metadata.namespace", &msg::go_quote(&ns), &e),
                    &["metadata", "namespace"],
                    span,
                ));
            }
        }
    }
    check_string_map(meta, "labels", out);
    check_string_map(meta, "annotations", out);
}

fn check_string_map(meta: &Node, field: &str, out: &mut Vec<Finding>) {
    let Some(node) = meta.get(field) else {
        return;
    };
    let path = format!("metadata.{field}");
    let entries = match &node.value {
        Value::Map(entries) => entries,
        Value::Null => return,
        other => {
            out.push(finding(
                "schema/type",
                msg::type_invalid(&path, "object", other.json_type()),
                &["metadata", field],
                node.span,
            ));
            return;
        }
    };
    let mut total = 0usize;
    for entry in entries {
        let value = match &entry.value.value {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => {
                let child = format!("{path}.{}", entry.key);
                out.push(finding(
                    "schema/type",
                    msg::type_invalid(&child, "string", other.json_type()),
                    &["metadata", field, &entry.key],
                    entry.value.span,
                ));
                continue;
            }
        };
        total += entry.key.len() + value.len();
        let key_to_check = if field == "annotations" {
            entry.key.to_lowercase()
        } else {
            entry.key.clone()
        };
        for e in qualified_name_errors(&key_to_check) {
            out.push(finding(
                "metadata/key",
                msg::invalid(&path, &msg::go_quote(&entry.key), &e),
                &["metadata", field],
                entry.key_span,
            ));
        }
        if field == "labels" {
            for e in label_value_errors(&value) {
                out.push(finding(
                    "metadata/label-value",
                    msg::invalid(&path, &msg::go_quote(&value), &e),
                    &["metadata", field],
                    entry.value.span,
                ));
            }
        }
    }
    if field == "annotations" && total > ANNOTATIONS_MAX_BYTES {
        out.push(finding(
            "metadata/annotations-too-long",
            msg::too_long(&path, ANNOTATIONS_MAX_BYTES as u64),
            &["metadata", field],
            node.span,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_labels() {
        assert!(dns1123_subdomain_errors("my-gateway.example").is_empty());
        assert_eq!(dns1123_subdomain_errors("My_Gateway").len(), 1);
        assert_eq!(dns1123_label_errors("a.b"), vec!["must not contain dots"]);
        assert!(qualified_name_errors("example.com/my-key").is_empty());
        assert!(qualified_name_errors("a/b/c")
            .first()
            .is_some_and(|e| e.starts_with("a qualified name")));
        assert!(label_value_errors("").is_empty());
        assert_eq!(label_value_errors("-bad").len(), 1);
    }
}
