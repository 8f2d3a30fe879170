//! ValidatingAdmissionPolicies and their bindings, read from YAML trees.

use super::matching::{strings, MatchResources, Selector};
use super::schema::Problem;
use crate::source::ByteSpan;
use crate::yaml::{Node, Value};

pub const GROUP: &str = "admissionregistration.k8s.io";
pub const POLICY_KIND: &str = "ValidatingAdmissionPolicy";
pub const BINDING_KIND: &str = "ValidatingAdmissionPolicyBinding";

/// An expression and where its text sits (in the text its policy comes from).
#[derive(Clone, Debug, PartialEq)]
pub struct Expression {
    pub text: String,
    pub span: Option<ByteSpan>,
    /// Its field path in the policy, e.g. `spec.validations[0].expression`.
    pub field: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Named {
    pub name: String,
    pub expression: Expression,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Validation {
    pub expression: Expression,
    pub message: Option<String>,
    pub message_expression: Option<Expression>,
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    pub name: String,
    /// (apiVersion, kind)
    pub param_kind: Option<(String, String)>,
    pub match_constraints: Option<MatchResources>,
    pub match_conditions: Vec<Named>,
    pub variables: Vec<Named>,
    pub validations: Vec<Validation>,
    /// `auditAnnotations`: key and `valueExpression`.
    pub audit_annotations: Vec<Named>,
    /// `failurePolicy: Fail` (the default).
    pub fail: bool,
    /// Whether the policy sits in the linted text (else its spans point into the policies
    /// option's text).
    pub in_input: bool,
    /// The policy's name (or kind).
    pub span: ByteSpan,
    /// What the API server's decoding and validation reject in it.
    pub invalid: Vec<Problem>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ParamRef {
    pub name: Option<String>,
    pub namespace: Option<String>,
    pub selector: Option<Selector>,
    /// `parameterNotFoundAction: Deny`.
    pub deny_not_found: bool,
    pub span: ByteSpan,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Binding {
    pub name: String,
    pub policy_name: String,
    pub param_ref: Option<ParamRef>,
    pub match_resources: Option<MatchResources>,
    pub actions: Vec<String>,
    pub in_input: bool,
    /// The binding's name (or kind), in the text it comes from.
    pub span: ByteSpan,
    pub actions_span: Option<ByteSpan>,
    pub policy_name_span: Option<ByteSpan>,
    /// What the API server's decoding and validation reject in it.
    pub invalid: Vec<Problem>,
}

/// Whether `root` is an object of `kind` in admissionregistration.k8s.io.
pub fn is_kind(root: &Node, kind: &str) -> bool {
    root.get_str("kind") == Some(kind)
        && root
            .get_str("apiVersion")
            .is_some_and(|v| v.split_once('/').is_some_and(|(g, _)| g == GROUP))
}

fn name_of(root: &Node) -> String {
    root.get("metadata")
        .and_then(|m| m.get_str("name"))
        .unwrap_or_default()
        .to_owned()
}

fn expression(node: &Node, key: &str, field: String) -> Option<Expression> {
    let value = node.get(key)?;
    Some(Expression {
        text: value.value.as_str()?.to_owned(),
        span: Some(value.span),
        field,
    })
}

/// Where an object names itself: `metadata.name`'s value, else `kind`.
fn name_span(root: &Node) -> ByteSpan {
    root.get("metadata")
        .and_then(|m| m.get("name"))
        .map(|n| n.span)
        .or_else(|| root.entry("kind").map(|e| e.key_span))
        .unwrap_or(root.span)
}

fn items(node: Option<&Node>) -> &[Node] {
    match node.map(|n| &n.value) {
        Some(Value::Seq(items)) => items,
        _ => &[],
    }
}

pub fn read_policy(root: &Node, in_input: bool) -> Policy {
    let spec = root.get("spec");
    let named = |key: &str, expression_key: &str| -> Vec<Named> {
        items(spec.and_then(|s| s.get(key)))
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                Some(Named {
                    name: item.get_str("name").unwrap_or_default().to_owned(),
                    expression: expression(
                        item,
                        expression_key,
                        format!("spec.{key}[{i}].{expression_key}"),
                    )?,
                })
            })
            .collect()
    };
    let validations = items(spec.and_then(|s| s.get("validations")))
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            Some(Validation {
                expression: expression(
                    item,
                    "expression",
                    format!("spec.validations[{i}].expression"),
                )?,
                message: item.get_str("message").map(str::to_owned),
                message_expression: expression(
                    item,
                    "messageExpression",
                    format!("spec.validations[{i}].messageExpression"),
                ),
                reason: item.get_str("reason").map(str::to_owned),
            })
        })
        .collect();
    Policy {
        name: name_of(root),
        param_kind: spec.and_then(|s| s.get("paramKind")).map(|p| {
            (
                p.get_str("apiVersion").unwrap_or_default().to_owned(),
                p.get_str("kind").unwrap_or_default().to_owned(),
            )
        }),
        match_constraints: spec
            .and_then(|s| s.get("matchConstraints"))
            .map(MatchResources::read),
        match_conditions: named("matchConditions", "expression"),
        variables: named("variables", "expression"),
        validations,
        audit_annotations: items(spec.and_then(|s| s.get("auditAnnotations")))
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                Some(Named {
                    name: item.get_str("key").unwrap_or_default().to_owned(),
                    expression: expression(
                        item,
                        "valueExpression",
                        format!("spec.auditAnnotations[{i}].valueExpression"),
                    )?,
                })
            })
            .collect(),
        fail: spec.and_then(|s| s.get_str("failurePolicy")) != Some("Ignore"),
        in_input,
        span: name_span(root),
        invalid: super::schema::check_policy(root),
    }
}

pub fn read_binding(root: &Node, in_input: bool) -> Binding {
    let spec = root.get("spec");
    let span = name_span(root);
    let param_ref = spec.and_then(|s| s.get("paramRef")).map(|p| ParamRef {
        name: p.get_str("name").map(str::to_owned),
        namespace: p.get_str("namespace").map(str::to_owned),
        selector: p.get("selector").map(Selector::read),
        deny_not_found: p.get_str("parameterNotFoundAction") == Some("Deny"),
        span: p.span,
    });
    Binding {
        name: name_of(root),
        policy_name: spec
            .and_then(|s| s.get_str("policyName"))
            .unwrap_or_default()
            .to_owned(),
        param_ref,
        match_resources: spec
            .and_then(|s| s.get("matchResources"))
            .map(MatchResources::read),
        actions: strings(spec.and_then(|s| s.get("validationActions"))),
        in_input,
        span,
        actions_span: spec
            .and_then(|s| s.entry("validationActions"))
            .map(|e| e.key_span),
        policy_name_span: spec.and_then(|s| s.get("policyName")).map(|n| n.span),
        invalid: super::schema::check_binding(root),
    }
}

/// A YAML tree as the CEL value the API server gives a policy (an unstructured object: keys
/// as written, nulls pruned).
pub fn to_value(node: &Node) -> cel::Value {
    match &node.value {
        Value::Null => cel::Value::Null,
        Value::Bool(b) => cel::Value::Bool(*b),
        Value::Int(i) => cel::Value::Int(*i),
        Value::Float(f) => cel::Value::Float(*f),
        Value::String(s) => cel::Value::from(s.as_str()),
        Value::Seq(items) => cel::Value::from(items.iter().map(to_value).collect::<Vec<_>>()),
        Value::Map(entries) => {
            let map: std::collections::HashMap<String, cel::Value> = entries
                .iter()
                .filter(|e| e.value.value != Value::Null)
                .map(|e| (e.key.clone(), to_value(&e.value)))
                .collect();
            cel::Value::from(map)
        }
    }
}
