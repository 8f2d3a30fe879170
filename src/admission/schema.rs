//! The API server's validation of ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding
//! objects (`admissionregistration.k8s.io/v1`, Kubernetes 1.34): the fields of each type (an
//! unknown field, or a value of the wrong JSON type, fails decoding) and the checks of
//! `pkg/apis/admissionregistration/validation` on the defaulted object (required fields,
//! supported values, wildcards, duplicates), with `field.Error`'s wording. Expressions are
//! compiled elsewhere (`lint.rs`).

use std::collections::HashSet;

use crate::diagnostics::PathSegment;
use crate::lint::metadata::{label_value_errors, qualified_name_errors};
use crate::schema::messages::{go_quote, not_supported, required, unknown_field};
use crate::source::ByteSpan;
use crate::yaml::{Node, Value};

/// One error: the field path, the message (`<path>: <body>`), where it points, and whether it
/// is one of the two checks with their own codes.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub path: Vec<PathSegment>,
    pub message: String,
    pub span: ByteSpan,
    pub code: &'static str,
}

/// A field's type as the Go struct declares it: what JSON it decodes and the type's name in
/// decoding errors (`reflect.Type.String()`).
#[derive(Clone, Copy)]
enum Ty {
    Str(&'static str),
    List(&'static Ty, &'static str),
    StrMap,
    Obj(&'static Obj),
    /// ObjectMeta, status: checked elsewhere (metadata) or dropped (status).
    Skip,
}

struct Obj {
    go: &'static str,
    fields: &'static [(&'static str, Ty)],
}

const STRING: Ty = Ty::Str("string");
const STRINGS: Ty = Ty::List(&STRING, "[]string");

const REQUIREMENT: Obj = Obj {
    go: "LabelSelectorRequirement",
    fields: &[
        ("key", STRING),
        ("operator", Ty::Str("v1.LabelSelectorOperator")),
        ("values", STRINGS),
    ],
};
const SELECTOR: Obj = Obj {
    go: "LabelSelector",
    fields: &[
        ("matchLabels", Ty::StrMap),
        (
            "matchExpressions",
            Ty::List(&Ty::Obj(&REQUIREMENT), "[]v1.LabelSelectorRequirement"),
        ),
    ],
};
const RULE: Obj = Obj {
    go: "NamedRuleWithOperations",
    fields: &[
        ("resourceNames", STRINGS),
        (
            "operations",
            Ty::List(&Ty::Str("v1.OperationType"), "[]v1.OperationType"),
        ),
        ("apiGroups", STRINGS),
        ("apiVersions", STRINGS),
        ("resources", STRINGS),
        ("scope", Ty::Str("v1.ScopeType")),
    ],
};
const RULES: Ty = Ty::List(&Ty::Obj(&RULE), "[]v1.NamedRuleWithOperations");
const MATCH_RESOURCES: Obj = Obj {
    go: "MatchResources",
    fields: &[
        ("namespaceSelector", Ty::Obj(&SELECTOR)),
        ("objectSelector", Ty::Obj(&SELECTOR)),
        ("resourceRules", RULES),
        ("excludeResourceRules", RULES),
        ("matchPolicy", Ty::Str("v1.MatchPolicyType")),
    ],
};
const PARAM_KIND: Obj = Obj {
    go: "ParamKind",
    fields: &[("apiVersion", STRING), ("kind", STRING)],
};
const VALIDATION: Obj = Obj {
    go: "Validation",
    fields: &[
        ("expression", STRING),
        ("message", STRING),
        ("reason", Ty::Str("v1.StatusReason")),
        ("messageExpression", STRING),
    ],
};
const AUDIT_ANNOTATION: Obj = Obj {
    go: "AuditAnnotation",
    fields: &[("key", STRING), ("valueExpression", STRING)],
};
const MATCH_CONDITION: Obj = Obj {
    go: "MatchCondition",
    fields: &[("name", STRING), ("expression", STRING)],
};
const VARIABLE: Obj = Obj {
    go: "Variable",
    fields: &[("name", STRING), ("expression", STRING)],
};
const POLICY_SPEC: Obj = Obj {
    go: "ValidatingAdmissionPolicySpec",
    fields: &[
        ("paramKind", Ty::Obj(&PARAM_KIND)),
        ("matchConstraints", Ty::Obj(&MATCH_RESOURCES)),
        (
            "validations",
            Ty::List(&Ty::Obj(&VALIDATION), "[]v1.Validation"),
        ),
        ("failurePolicy", Ty::Str("v1.FailurePolicyType")),
        (
            "auditAnnotations",
            Ty::List(&Ty::Obj(&AUDIT_ANNOTATION), "[]v1.AuditAnnotation"),
        ),
        (
            "matchConditions",
            Ty::List(&Ty::Obj(&MATCH_CONDITION), "[]v1.MatchCondition"),
        ),
        ("variables", Ty::List(&Ty::Obj(&VARIABLE), "[]v1.Variable")),
    ],
};
const PARAM_REF: Obj = Obj {
    go: "ParamRef",
    fields: &[
        ("name", STRING),
        ("namespace", STRING),
        ("selector", Ty::Obj(&SELECTOR)),
        (
            "parameterNotFoundAction",
            Ty::Str("v1.ParameterNotFoundActionType"),
        ),
    ],
};
const BINDING_SPEC: Obj = Obj {
    go: "ValidatingAdmissionPolicyBindingSpec",
    fields: &[
        ("policyName", STRING),
        ("paramRef", Ty::Obj(&PARAM_REF)),
        ("matchResources", Ty::Obj(&MATCH_RESOURCES)),
        (
            "validationActions",
            Ty::List(&Ty::Str("v1.ValidationAction"), "[]v1.ValidationAction"),
        ),
    ],
};
const POLICY: Obj = Obj {
    go: "ValidatingAdmissionPolicy",
    fields: &[
        ("apiVersion", STRING),
        ("kind", STRING),
        ("metadata", Ty::Skip),
        ("spec", Ty::Obj(&POLICY_SPEC)),
        ("status", Ty::Skip),
    ],
};
const BINDING: Obj = Obj {
    go: "ValidatingAdmissionPolicyBinding",
    fields: &[
        ("apiVersion", STRING),
        ("kind", STRING),
        ("metadata", Ty::Skip),
        ("spec", Ty::Obj(&BINDING_SPEC)),
    ],
};

/// Collects problems with their paths and spans.
struct Check {
    kind: &'static str,
    /// The object's `metadata.name` (audit annotation keys are qualified by it).
    name: String,
    problems: Vec<Problem>,
}

/// A path as `field.Path` prints it.
fn text(path: &[PathSegment]) -> String {
    crate::diagnostics::field_path(path)
}

fn child(path: &[PathSegment], key: &str) -> Vec<PathSegment> {
    let mut out = path.to_vec();
    out.push(PathSegment::Key(key.to_owned()));
    out
}

fn index(path: &[PathSegment], i: usize) -> Vec<PathSegment> {
    let mut out = path.to_vec();
    out.push(PathSegment::Index(i));
    out
}

/// The JSON type name Go's decoder gives a value it cannot store.
fn json_type(node: &Node) -> &'static str {
    match node.value {
        Value::String(_) => "string",
        Value::Int(_) | Value::Float(_) => "number",
        Value::Bool(_) => "bool",
        Value::Seq(_) => "array",
        Value::Map(_) => "object",
        Value::Null => "null",
    }
}

impl Check {
    fn push(&mut self, path: Vec<PathSegment>, message: String, span: ByteSpan) {
        self.problems.push(Problem {
            path,
            message,
            span,
            code: "policy/invalid",
        });
    }

    /// Decoding: unknown fields and values of the wrong JSON type. `go_path` is the path as
    /// Go's decoder names it (no indices); `owner` the struct that holds the field.
    fn decode(&mut self, node: &Node, ty: Ty, path: &[PathSegment], go_path: &str, owner: &str) {
        if node.value == Value::Null {
            return;
        }
        let mismatch = |check: &mut Check, go: &str| {
            let kind = check.kind;
            check.push(
                path.to_vec(),
                format!(
                    "{kind} in version \"v1\" cannot be handled as a {kind}: json: cannot unmarshal {} into Go struct field {owner}.{go_path} of type {go}",
                    json_type(node)
                ),
                node.span,
            );
        };
        match (ty, &node.value) {
            (Ty::Skip, _) | (Ty::Str(_), Value::String(_)) => {}
            (Ty::Str(go), _) => mismatch(self, go),
            (Ty::List(item, _), Value::Seq(items)) => {
                for (i, element) in items.iter().enumerate() {
                    self.decode(element, *item, &index(path, i), go_path, owner);
                }
            }
            (Ty::List(_, go), _) => mismatch(self, go),
            (Ty::StrMap, Value::Map(entries)) => {
                for entry in entries {
                    let key_path = child(path, &entry.key);
                    let key_go = format!("{go_path}.{}", entry.key);
                    self.decode(&entry.value, STRING, &key_path, &key_go, owner);
                }
            }
            (Ty::StrMap, _) => mismatch(self, "map[string]string"),
            (Ty::Obj(obj), Value::Map(entries)) => {
                for entry in entries {
                    let field_path = child(path, &entry.key);
                    match obj.fields.iter().find(|(name, _)| *name == entry.key) {
                        Some((name, field)) => {
                            let go = if go_path.is_empty() {
                                (*name).to_owned()
                            } else {
                                format!("{go_path}.{name}")
                            };
                            self.decode(&entry.value, *field, &field_path, &go, obj.go);
                        }
                        None => {
                            let message = unknown_field(&text(&field_path));
                            self.push(field_path, message, entry.key_span);
                        }
                    }
                }
            }
            (Ty::Obj(obj), _) => mismatch(self, &format!("v1.{}", obj.go)),
        }
    }
}

/// A string field of `node` (absent, null or not a string: none).
fn string<'n>(node: Option<&'n Node>, key: &str) -> Option<&'n str> {
    node.and_then(|n| n.get_str(key))
}

fn items(node: Option<&Node>) -> &[Node] {
    match node.map(|n| &n.value) {
        Some(Value::Seq(items)) => items,
        _ => &[],
    }
}

/// Where a problem about `key` of `parent` points: the key, else the parent's.
fn span_of(parent: &Node, key: &str, fallback: ByteSpan) -> ByteSpan {
    parent.entry(key).map_or(fallback, |e| e.key_span)
}

/// `%#v` of a Go slice of a named string type: `[]admissionregistration.ValidationAction{"Deny", "Warn"}`.
fn go_slice(ty: &str, values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| go_quote(v)).collect();
    format!("[]{ty}{{{}}}", quoted.join(", "))
}

fn sorted_strings(values: &[&str]) -> Vec<serde_json::Value> {
    values.iter().map(|v| serde_json::Value::from(*v)).collect()
}

impl Check {
    fn required(&mut self, path: Vec<PathSegment>, detail: &str, span: ByteSpan) {
        let mut message = required(&text(&path));
        if !detail.is_empty() {
            message.push_str(": ");
            message.push_str(detail);
        }
        self.push(path, message, span);
    }

    fn invalid(&mut self, path: Vec<PathSegment>, value: &str, detail: &str, span: ByteSpan) {
        let message = format!("{}: Invalid value: {value}: {detail}", text(&path));
        self.push(path, message, span);
    }

    fn unsupported(
        &mut self,
        path: Vec<PathSegment>,
        value: &str,
        allowed: &[&str],
        span: ByteSpan,
    ) {
        let message = not_supported(&text(&path), &go_quote(value), &sorted_strings(allowed));
        self.push(path, message, span);
    }

    fn duplicate(&mut self, path: Vec<PathSegment>, value: &str, span: ByteSpan) {
        let message = format!("{}: Duplicate value: {}", text(&path), go_quote(value));
        self.push(path, message, span);
    }

    /// An optional enum field's value, if it is not one of `allowed`.
    fn enumeration(&mut self, node: &Node, key: &str, path: &[PathSegment], allowed: &[&str]) {
        if let Some(value) = node.get(key) {
            if let Some(v) = value.value.as_str() {
                if !allowed.contains(&v) {
                    self.unsupported(child(path, key), v, allowed, value.span);
                }
            }
        }
    }

    /// A list of strings that must not be empty and may hold `*` only alone (apiGroups,
    /// apiVersions, operations).
    fn wildcard_list(
        &mut self,
        rule: &Node,
        key: &str,
        path: &[PathSegment],
        what: &str,
    ) -> Vec<String> {
        let path = child(path, key);
        let values: Vec<String> = items(rule.get(key))
            .iter()
            .filter_map(|n| n.value.as_str().map(str::to_owned))
            .collect();
        let span = span_of(rule, key, rule.span);
        if values.is_empty() {
            self.required(path, "", span);
        } else if values.len() > 1 && values.iter().any(|v| v == "*") {
            let shown: Vec<&str> = values.iter().map(String::as_str).collect();
            let ty = if key == "operations" {
                "admissionregistration.OperationType"
            } else {
                "string"
            };
            self.invalid(
                path,
                &go_slice(ty, &shown),
                &format!("if '*' is present, must not specify other {what}"),
                span,
            );
        }
        values
    }

    /// `validateNamedRuleWithOperations` (subresources allowed).
    fn rule(&mut self, rule: &Node, path: &[PathSegment]) {
        let mut names = HashSet::new();
        for (i, name) in items(rule.get("resourceNames")).iter().enumerate() {
            if let Some(v) = name.value.as_str() {
                if !names.insert(v) {
                    self.duplicate(index(&child(path, "resourceNames"), i), v, name.span);
                }
            }
        }
        self.wildcard_list(rule, "operations", path, "operations");
        for (i, op) in items(rule.get("operations")).iter().enumerate() {
            if let Some(v) = op.value.as_str() {
                const OPERATIONS: [&str; 5] = ["*", "CONNECT", "CREATE", "DELETE", "UPDATE"];
                if !OPERATIONS.contains(&v) {
                    self.unsupported(
                        index(&child(path, "operations"), i),
                        v,
                        &OPERATIONS,
                        op.span,
                    );
                }
            }
        }
        self.wildcard_list(rule, "apiGroups", path, "API groups");
        self.wildcard_list(rule, "apiVersions", path, "API versions");
        for (i, version) in items(rule.get("apiVersions")).iter().enumerate() {
            if version.value.as_str() == Some("") {
                self.required(index(&child(path, "apiVersions"), i), "", version.span);
            }
        }
        self.resources(rule, path);
        self.enumeration(rule, "scope", path, &["*", "Cluster", "Namespaced"]);
    }

    /// `validateResources`: required, no empty entry, and the wildcard rules.
    fn resources(&mut self, rule: &Node, path: &[PathSegment]) {
        let path = child(path, "resources");
        let span = span_of(rule, "resources", rule.span);
        let nodes = items(rule.get("resources"));
        let values: Vec<&str> = nodes.iter().filter_map(|n| n.value.as_str()).collect();
        if values.is_empty() {
            self.required(path.clone(), "", span);
        }
        let (mut wildcard_sub, mut wildcard_res) = (HashSet::new(), HashSet::new());
        let (mut double, mut single, mut plain) = (false, false, false);
        for (i, (node, value)) in nodes.iter().zip(&values).enumerate() {
            if value.is_empty() {
                self.required(index(&path, i), "", node.span);
                continue;
            }
            double |= *value == "*/*";
            single |= *value == "*";
            let Some((res, sub)) = value.split_once('/') else {
                plain = *value != "*";
                continue;
            };
            if wildcard_sub.contains(res) {
                let detail = format!("if '{res}/*' is present, must not specify {value}");
                self.invalid(index(&path, i), &go_quote(value), &detail, node.span);
            }
            if wildcard_res.contains(sub) {
                let detail = format!("if '*/{sub}' is present, must not specify {value}");
                self.invalid(index(&path, i), &go_quote(value), &detail, node.span);
            }
            if sub == "*" {
                wildcard_sub.insert(res);
            }
            if res == "*" {
                wildcard_res.insert(sub);
            }
        }
        if values.len() > 1 && double {
            let shown = go_slice("string", &values);
            let detail = "if '*/*' is present, must not specify other resources";
            self.invalid(path.clone(), &shown, detail, span);
        }
        if single && plain {
            let shown = go_slice("string", &values);
            let detail = "if '*' is present, must not specify other resources without subresources";
            self.invalid(path, &shown, detail, span);
        }
    }

    /// `field.Invalid` for each message of a name or label check of `value`.
    fn each(&mut self, path: &[PathSegment], value: &str, errors: Vec<String>, span: ByteSpan) {
        for detail in errors {
            self.invalid(path.to_vec(), &go_quote(value), &detail, span);
        }
    }

    /// `ValidateLabelSelector` (strict: label values in expressions are checked too).
    fn selector(&mut self, selector: &Node, path: &[PathSegment]) {
        if let Some(Value::Map(labels)) = selector.get("matchLabels").map(|n| &n.value) {
            let at = child(path, "matchLabels");
            for entry in labels {
                self.each(
                    &at,
                    &entry.key,
                    qualified_name_errors(&entry.key),
                    entry.key_span,
                );
                if let Some(v) = entry.value.value.as_str() {
                    self.each(&at, v, label_value_errors(v), entry.value.span);
                }
            }
        }
        let expressions = child(path, "matchExpressions");
        for (i, requirement) in items(selector.get("matchExpressions")).iter().enumerate() {
            let at = index(&expressions, i);
            let values = items(requirement.get("values"));
            let operator = string(Some(requirement), "operator").unwrap_or_default();
            match operator {
                "In" | "NotIn" if values.is_empty() => {
                    let detail = "must be specified when `operator` is 'In' or 'NotIn'";
                    self.required(child(&at, "values"), detail, requirement.span);
                }
                "Exists" | "DoesNotExist" if !values.is_empty() => {
                    let span = span_of(requirement, "values", requirement.span);
                    let message = format!(
                        "{}: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                        text(&child(&at, "values"))
                    );
                    self.push(child(&at, "values"), message, span);
                }
                "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
                other => {
                    let span = requirement
                        .get("operator")
                        .map_or(requirement.span, |n| n.span);
                    let detail = "not a valid selector operator";
                    self.invalid(child(&at, "operator"), &go_quote(other), detail, span);
                }
            }
            let key = string(Some(requirement), "key").unwrap_or_default();
            let span = requirement.get("key").map_or(requirement.span, |n| n.span);
            self.each(&child(&at, "key"), key, qualified_name_errors(key), span);
            for (j, value) in values.iter().enumerate() {
                if let Some(v) = value.value.as_str() {
                    let value_path = index(&child(&at, "values"), j);
                    self.each(&value_path, v, label_value_errors(v), value.span);
                }
            }
        }
    }

    /// `validateMatchResources` on the defaulted object (the selectors and `matchPolicy` have
    /// defaults, so only a value outside the enum can fail them here).
    fn match_resources(&mut self, node: &Node, path: &[PathSegment]) {
        self.enumeration(node, "matchPolicy", path, &["Equivalent", "Exact"]);
        for key in ["namespaceSelector", "objectSelector"] {
            if let Some(selector) = node.get(key) {
                self.selector(selector, &child(path, key));
            }
        }
        for key in ["resourceRules", "excludeResourceRules"] {
            for (i, rule) in items(node.get(key)).iter().enumerate() {
                self.rule(rule, &index(&child(path, key), i));
            }
        }
    }

    /// An expression field that must not be blank.
    fn expression(&mut self, node: &Node, key: &str, path: &[PathSegment], detail: &str) {
        if string(Some(node), key).is_none_or(|e| e.trim().is_empty()) {
            let span = node.get(key).map_or(node.span, |v| v.span);
            self.required(child(path, key), detail, span);
        }
    }

    fn policy_spec(&mut self, spec: &Node, path: &[PathSegment]) {
        self.enumeration(spec, "failurePolicy", path, &["Fail", "Ignore"]);
        if let Some(kind) = spec.get("paramKind") {
            let kind_path = child(path, "paramKind");
            for key in ["apiVersion", "kind"] {
                if string(Some(kind), key).is_none_or(str::is_empty) {
                    self.required(child(&kind_path, key), "", span_of(kind, key, kind.span));
                }
            }
        }
        let constraints_path = child(path, "matchConstraints");
        match spec.get("matchConstraints") {
            None => self.required(constraints_path, "", span_of(spec, "spec", spec.span)),
            Some(constraints) => {
                self.match_resources(constraints, &constraints_path);
                if items(constraints.get("resourceRules")).is_empty() {
                    let span = span_of(constraints, "resourceRules", constraints.span);
                    self.required(child(&constraints_path, "resourceRules"), "", span);
                }
            }
        }
        let conditions_path = child(path, "matchConditions");
        let mut names = HashSet::new();
        for (i, condition) in items(spec.get("matchConditions")).iter().enumerate() {
            let at = index(&conditions_path, i);
            self.expression(condition, "expression", &at, "");
            match string(Some(condition), "name").filter(|n| !n.is_empty()) {
                None => self.required(child(&at, "name"), "", condition.span),
                Some(name) => {
                    let span = condition.get("name").map_or(condition.span, |n| n.span);
                    self.each(&child(&at, "name"), name, qualified_name_errors(name), span);
                    if !names.insert(name) {
                        self.duplicate(child(&at, "name"), name, span);
                    }
                }
            }
        }
        for (i, variable) in items(spec.get("variables")).iter().enumerate() {
            let at = index(&child(path, "variables"), i);
            match string(Some(variable), "name").filter(|n| !n.trim().is_empty()) {
                None => self.required(child(&at, "name"), "name is not specified", variable.span),
                Some(name) if !is_cel_identifier(name) => {
                    let span = variable.get("name").map_or(variable.span, |n| n.span);
                    let detail = "name is not a valid CEL identifier";
                    self.invalid(child(&at, "name"), &go_quote(name), detail, span);
                }
                Some(_) => {}
            }
            self.expression(variable, "expression", &at, "expression is not specified");
        }
        let validations = items(spec.get("validations"));
        let annotations = items(spec.get("auditAnnotations"));
        if validations.is_empty() && annotations.is_empty() {
            let detail = "validations or auditAnnotations must contain at least one item";
            for key in ["validations", "auditAnnotations"] {
                self.required(child(path, key), detail, span_of(spec, key, spec.span));
            }
            return;
        }
        for (i, validation) in validations.iter().enumerate() {
            self.validation(validation, &index(&child(path, "validations"), i));
        }
        let mut keys = HashSet::new();
        for (i, annotation) in annotations.iter().enumerate() {
            let at = index(&child(path, "auditAnnotations"), i);
            let value = string(Some(annotation), "valueExpression").map(str::trim);
            if value.is_some_and(|v| v.len() > 5 * 1024) {
                let span = annotation
                    .get("valueExpression")
                    .map_or(annotation.span, |n| n.span);
                let detail = "must not exceed 5120 bytes in length";
                self.required(child(&at, "valueExpression"), detail, span);
            } else {
                let detail = "valueExpression is not specified";
                self.expression(annotation, "valueExpression", &at, detail);
            }
            let key = string(Some(annotation), "key").unwrap_or_default();
            let span = annotation.get("key").map_or(annotation.span, |n| n.span);
            if self.name.is_empty() {
                let detail = "requires metadata.name be non-empty";
                self.invalid(child(&at, "key"), &go_quote(key), detail, span);
            } else {
                let qualified = format!("{}/{key}", self.name);
                let errors = qualified_name_errors(&qualified);
                self.each(&child(&at, "key"), &qualified, errors, span);
            }
            if !keys.insert(key) {
                self.duplicate(child(&at, "key"), key, span);
            }
        }
    }

    /// `validateValidation` (the expressions compile elsewhere).
    fn validation(&mut self, validation: &Node, path: &[PathSegment]) {
        self.expression(
            validation,
            "expression",
            path,
            "expression is not specified",
        );
        if let Some(node) = validation.get("messageExpression") {
            if let Some(v) = node
                .value
                .as_str()
                .filter(|v| !v.is_empty() && v.trim().is_empty())
            {
                let detail = "must be non-empty if specified";
                self.invalid(
                    child(path, "messageExpression"),
                    &go_quote(v),
                    detail,
                    node.span,
                );
            }
        }
        if let Some(node) = validation.get("message") {
            if let Some(v) = node.value.as_str() {
                let trimmed = v.trim();
                if !v.is_empty() && trimmed.is_empty() {
                    let detail = "message must be non-empty if specified";
                    self.invalid(child(path, "message"), &go_quote(v), detail, node.span);
                } else if trimmed.contains(['\n', '\r']) {
                    let detail = "message must not contain line breaks";
                    self.invalid(child(path, "message"), &go_quote(v), detail, node.span);
                }
            }
        }
        self.enumeration(
            validation,
            "reason",
            path,
            &["Forbidden", "Invalid", "RequestEntityTooLarge"],
        );
    }

    fn binding_spec(&mut self, spec: &Node, path: &[PathSegment]) {
        if string(Some(spec), "policyName").is_none_or(str::is_empty) {
            let span = span_of(spec, "policyName", spec.span);
            self.required(child(path, "policyName"), "", span);
        }
        if let Some(param_ref) = spec.get("paramRef") {
            self.param_ref(param_ref, &child(path, "paramRef"));
        }
        if let Some(m) = spec.get("matchResources") {
            // The API server names this path with a typo: `spec.matchResouces`.
            self.match_resources(m, &child(path, "matchResouces"));
        }
        self.validation_actions(spec, path);
    }

    fn param_ref(&mut self, param_ref: &Node, path: &[PathSegment]) {
        let name = string(Some(param_ref), "name").filter(|n| !n.is_empty());
        let selector = param_ref.get("selector").filter(|s| s.value != Value::Null);
        if name.is_some() && selector.is_some() {
            for key in ["name", "selector"] {
                let span = span_of(param_ref, key, param_ref.span);
                let message = format!(
                    "{}: Forbidden: name and selector are mutually exclusive",
                    text(&child(path, key))
                );
                self.problems.push(Problem {
                    path: child(path, key),
                    message,
                    span,
                    code: "policy/param-ref-name-and-selector",
                });
            }
        }
        if let Some(selector) = selector {
            self.selector(selector, &child(path, "selector"));
        }
        if name.is_none() && selector.is_none() {
            let span = param_ref.span;
            self.required(
                path.to_vec(),
                "one of name or selector must be specified",
                span,
            );
        }
        let action_path = child(path, "parameterNotFoundAction");
        match param_ref.get("parameterNotFoundAction") {
            Some(node) => match node.value.as_str() {
                Some("Deny" | "Allow") | None => {}
                Some("") => self.required(action_path, "", node.span),
                Some(other) => {
                    let message = format!(
                        "{}: Unsupported value: {}: supported values: \"Deny\", \"Allow\"",
                        text(&action_path),
                        go_quote(other)
                    );
                    self.push(action_path, message, node.span);
                }
            },
            None => self.required(action_path, "", param_ref.span),
        }
    }

    fn validation_actions(&mut self, spec: &Node, path: &[PathSegment]) {
        let path = child(path, "validationActions");
        let span = span_of(spec, "validationActions", spec.span);
        let nodes = items(spec.get("validationActions"));
        let mut seen = HashSet::new();
        let mut values = Vec::new();
        for (i, node) in nodes.iter().enumerate() {
            let Some(v) = node.value.as_str() else {
                continue;
            };
            values.push(v);
            const ACTIONS: [&str; 3] = ["Audit", "Deny", "Warn"];
            if !ACTIONS.contains(&v) {
                self.unsupported(index(&path, i), v, &ACTIONS, node.span);
            }
            if !seen.insert(v) {
                self.duplicate(index(&path, i), v, node.span);
            }
        }
        if seen.contains("Deny") && seen.contains("Warn") {
            let message = format!(
                "{}: Invalid value: {}: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)",
                text(&path),
                go_slice("admissionregistration.ValidationAction", &values)
            );
            self.problems.push(Problem {
                path: path.clone(),
                message,
                span,
                code: "policy/deny-and-warn",
            });
        }
        if seen.is_empty() {
            self.required(path, "at least one validation action is required", span);
        }
    }
}

/// cel-go's IDENT, minus the reserved words (`isCELIdentifier`): the words Kubernetes escapes
/// as `__word__` in property names.
fn is_cel_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && crate::cel::escape_property(name) != format!("__{name}__")
}

/// The problems the API server finds in a ValidatingAdmissionPolicy: decoding first (a value
/// that does not decode fails the request before validation runs), then validation.
pub fn check_policy(root: &Node) -> Vec<Problem> {
    check(
        root,
        &POLICY,
        "ValidatingAdmissionPolicy",
        |c, spec, path| {
            c.policy_spec(spec, path);
        },
    )
}

/// The problems the API server finds in a ValidatingAdmissionPolicyBinding.
pub fn check_binding(root: &Node) -> Vec<Problem> {
    check(
        root,
        &BINDING,
        "ValidatingAdmissionPolicyBinding",
        |c, spec, path| c.binding_spec(spec, path),
    )
}

fn check(
    root: &Node,
    obj: &'static Obj,
    kind: &'static str,
    validate: impl Fn(&mut Check, &Node, &[PathSegment]),
) -> Vec<Problem> {
    let mut c = Check {
        kind,
        name: string(root.get("metadata"), "name")
            .unwrap_or_default()
            .to_owned(),
        problems: Vec::new(),
    };
    c.decode(root, Ty::Obj(obj), &[], "", obj.go);
    // Go's decoder reports the first value of a wrong type only; unknown fields (strict
    // decoding) are reported when everything decodes.
    let prefix = format!("{kind} in version");
    if let Some(first) = c
        .problems
        .iter()
        .position(|p| p.message.starts_with(&prefix))
    {
        return c.problems.into_iter().skip(first).take(1).collect();
    }
    if !c.problems.is_empty() {
        return c.problems;
    }
    let path = vec![PathSegment::Key("spec".to_owned())];
    match root.get("spec") {
        Some(spec) => validate(&mut c, spec, &path),
        None => {
            let empty = Node {
                value: Value::Map(Vec::new()),
                span: root.entry("kind").map_or(root.span, |e| e.key_span),
            };
            validate(&mut c, &empty, &path);
        }
    }
    c.problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::LineIndex;

    fn problems(text: &str, binding: bool) -> Vec<String> {
        let docs = crate::yaml::parse_stream(&LineIndex::new(text));
        let root = docs.first().and_then(|d| d.root.as_ref());
        let Some(root) = root else {
            return vec!["no root".to_owned()];
        };
        let found = if binding {
            check_binding(root)
        } else {
            check_policy(root)
        };
        found.into_iter().map(|p| p.message).collect()
    }

    #[test]
    fn decoding_names_the_go_field_and_type() {
        let text = "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: p}\nspec:\n  failurePolicy: 1\n  validations: {expression: x}\n  nope: 1\n";
        assert_eq!(
            problems(text, false),
            [
                "ValidatingAdmissionPolicy in version \"v1\" cannot be handled as a ValidatingAdmissionPolicy: json: cannot unmarshal number into Go struct field ValidatingAdmissionPolicySpec.spec.failurePolicy of type v1.FailurePolicyType",
            ]
        );
        let text = "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: p}\nspec:\n  nope: 1\n  validations: [{expression: x, messages: y}]\n";
        assert_eq!(
            problems(text, false),
            [
                "unknown field \"spec.nope\"",
                "unknown field \"spec.validations[0].messages\"",
            ]
        );
    }

    #[test]
    fn is_cel_identifier_follows_the_grammar() {
        assert!(is_cel_identifier("_a1"));
        assert!(!is_cel_identifier("1a"));
        assert!(!is_cel_identifier("in"));
        assert!(!is_cel_identifier("a-b"));
        assert!(!is_cel_identifier("namespace"));
        assert!(is_cel_identifier("a__b"));
    }
}
