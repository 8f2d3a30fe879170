//! The user's ValidatingAdmissionPolicies, evaluated against the objects of the input as the
//! API server would (`plugin/policy/validating`, `plugin/policy/matching`).
//!
//! Policies, bindings, param objects and Namespaces are recognised by apiVersion and kind in
//! the linted text and in the `policies` option's text. Each object of the input (not the
//! admission objects themselves, nor objects the API server already rejects) is a request:
//! CREATE, or UPDATE when `previous` holds its old version. Every (policy, binding, param,
//! validation) that does not admit gives one finding on the object, with the API server's
//! message and a severity from the binding's actions.

mod authorizer;
mod evaluation;
mod lint;
pub mod matching;
pub mod messages;
mod params;
pub mod policies;
mod resources;
mod schema;
mod typecheck;

use std::collections::HashMap;

use cel::Value;

use crate::diagnostics::{Finding, PathSegment, RelatedAt, ResourceRef, Severity, Source};
use crate::lint::{ObjectKey, MAX_INPUT_BYTES};
use crate::options::LintOptions;
use crate::source::{ByteSpan, LineIndex};
use crate::yaml::{parse_stream, Document, Node, Value as YamlValue};

use evaluation::{Inputs, Verdict};
use matching::{labels, Request};
use policies::{is_kind, read_binding, read_policy, Binding, Policy, BINDING_KIND, POLICY_KIND};

/// Whether admission needs the documents' trees for `text` under `options`: policies are
/// given, or the text may hold some.
pub fn wanted(options: &LintOptions, text: &str) -> bool {
    options
        .policies
        .as_deref()
        .is_some_and(|p| p.contains(POLICY_KIND))
        || text.contains(POLICY_KIND)
}

/// An object that policies read (a param or a Namespace): its tree, from either text.
struct Known<'a> {
    root: &'a Node,
    api_version: &'a str,
    kind: &'a str,
    name: &'a str,
    namespace: Option<&'a str>,
}

/// Everything the policies see besides the request.
struct World<'a> {
    policies: Vec<Policy>,
    bindings: Vec<Binding>,
    objects: Vec<Known<'a>>,
}

impl<'a> World<'a> {
    fn add(&mut self, root: &'a Node, in_input: bool) {
        if is_kind(root, POLICY_KIND) {
            self.policies.push(read_policy(root, in_input));
            return;
        }
        if is_kind(root, BINDING_KIND) {
            self.bindings.push(read_binding(root, in_input));
            return;
        }
        let meta = root.get("metadata");
        if let (Some(api_version), Some(kind), Some(name)) = (
            root.get_str("apiVersion"),
            root.get_str("kind"),
            meta.and_then(|m| m.get_str("name")),
        ) {
            self.objects.push(Known {
                root,
                api_version,
                kind,
                name,
                namespace: meta.and_then(|m| m.get_str("namespace")),
            });
        }
    }

    /// The labels of namespace `name` (a Namespace object, else only the automatic label),
    /// and the Namespace object.
    fn namespace(&self, name: &str) -> (Vec<(String, String)>, Option<&'a Node>) {
        let found = self
            .objects
            .iter()
            .find(|o| o.kind == "Namespace" && o.api_version == "v1" && o.name == name);
        let mut labels = found.map(|o| labels(o.root)).unwrap_or_default();
        labels.retain(|(k, _)| k != "kubernetes.io/metadata.name");
        labels.push(("kubernetes.io/metadata.name".to_owned(), name.to_owned()));
        (labels, found.map(|o| o.root))
    }
}

/// Evaluates the policies found in `documents` (of `text`) and in `options.policies` against
/// the objects of `documents` (except the documents in `rejected`, which the API server's validation
/// rejects before admission), and lints the policies; findings are pushed to `findings`.
pub fn check(
    options: &LintOptions,
    release: &str,
    text: &str,
    documents: &[Document],
    rejected: &std::collections::HashSet<usize>,
    previous: &HashMap<ObjectKey, Node>,
    findings: &mut Vec<Finding>,
) {
    let extra_text = options
        .policies
        .as_deref()
        .filter(|t| t.len() <= MAX_INPUT_BYTES)
        .unwrap_or("");
    let origins = Origins {
        input: text,
        policies: LineIndex::new(extra_text),
    };
    let extra = parse_stream(&origins.policies);
    let mut world = World {
        policies: Vec::new(),
        bindings: Vec::new(),
        objects: Vec::new(),
    };
    for doc in documents {
        if let Some(root) = &doc.root {
            world.add(root, true);
        }
    }
    for doc in &extra {
        if let Some(root) = &doc.root {
            world.add(root, false);
        }
    }
    if world.policies.is_empty() && world.bindings.is_empty() {
        return;
    }
    let anchor = documents.first().map_or(ByteSpan::default(), |d| {
        ByteSpan::new(d.span.start as usize, d.span.start as usize)
    });
    // Findings about the policies text go on the objects their policy governs (that text has
    // no positions in the linted one); at the anchor if it governs none.
    let mut pending: std::collections::BTreeMap<String, Vec<Finding>> =
        std::collections::BTreeMap::new();
    // The API server rejects a policy whose expressions do not compile and a binding with Deny
    // and Warn or with paramRef name and selector: they take no part in admission.
    let mut rejected_policies = std::collections::HashSet::new();
    let mut rejected_bindings = std::collections::HashSet::new();
    for linted in lint::lint_policies(release, &world.policies, &world.bindings, anchor, &origins) {
        if linted.finding.severity == Severity::Error {
            match &linted.binding {
                Some(binding) => {
                    rejected_bindings.insert(binding.clone());
                }
                None => {
                    rejected_policies.insert(linted.policy.clone());
                }
            }
        }
        if linted.in_input || !world.policies.iter().any(|p| p.name == linted.policy) {
            findings.push(linted.finding);
        } else {
            pending
                .entry(linted.policy)
                .or_default()
                .push(linted.finding);
        }
    }
    let mut placed: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut base = crate::cel::base_context();
    let authorizer = match options.authorizer {
        crate::options::Authorizer::Unknown => None,
        crate::options::Authorizer::Allow => Some(true),
        crate::options::Authorizer::Deny => Some(false),
    };
    if authorizer.is_some() {
        authorizer::install(&mut base);
    }
    let operation_user = user_info(options);
    for doc in documents {
        let Some(root) = &doc.root else {
            continue;
        };
        if is_kind(root, POLICY_KIND) || is_kind(root, BINDING_KIND) {
            continue;
        }
        if rejected.contains(&doc.index) {
            continue;
        }
        let (Some(api_version), Some(kind)) = (root.get_str("apiVersion"), root.get_str("kind"))
        else {
            continue;
        };
        let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
        let resource = resources::resource_of(release, group, version, kind);
        let meta = root.get("metadata");
        let name = meta.and_then(|m| m.get_str("name")).unwrap_or_default();
        let namespace = resource.namespaced.then(|| {
            meta.and_then(|m| m.get_str("namespace"))
                .filter(|ns| !ns.is_empty())
                .map(str::to_owned)
                .or_else(|| options.namespace.clone())
                .unwrap_or_else(|| "default".to_owned())
        });
        let key_namespace = meta
            .and_then(|m| m.get_str("namespace"))
            .filter(|ns| !ns.is_empty())
            .map(str::to_owned)
            .or_else(|| options.namespace.clone())
            .unwrap_or_else(|| "default".to_owned());
        let old = previous.get(&(
            group.to_owned(),
            kind.to_owned(),
            key_namespace,
            name.to_owned(),
        ));
        let operation = if old.is_some() { "UPDATE" } else { "CREATE" };
        let own_labels = labels(root);
        let old_labels = old.map(labels);
        let (namespace_labels, namespace_node) = match &namespace {
            Some(ns) => world.namespace(ns),
            None => (Vec::new(), None),
        };
        let is_namespace = group.is_empty() && kind == "Namespace";
        let request = Request {
            group,
            version,
            resource: &resource.plural,
            name,
            operation,
            namespaced: resource.namespaced,
            is_namespace,
            labels: &own_labels,
            old_labels: old_labels.as_deref(),
            namespace_labels: &namespace_labels,
            equivalent_versions: &resource.equivalent_versions,
        };
        let namespace_object = match (&namespace, is_namespace) {
            (Some(ns), false) => namespace_value(ns, namespace_node),
            _ => Value::Null,
        };
        let target = Target {
            root,
            origins: &origins,
            resource: ResourceRef {
                api_version: Some(api_version.to_owned()),
                kind: Some(kind.to_owned()),
                namespace: namespace.clone(),
                name: meta.and_then(|m| m.get_str("name")).map(str::to_owned),
                document_index: doc.index,
            },
        };
        let (nodes, len) = size(root);
        let object = policies::to_value(root);
        let old_object = old.map_or(Value::Null, policies::to_value);
        for policy in &world.policies {
            let Some(constraints) = &policy.match_constraints else {
                continue;
            };
            match matching::matches(constraints, &request, true) {
                Ok(true) => {}
                Ok(false) => continue,
                Err(error) => {
                    if policy.fail {
                        let finding = target.finding(
                            "policy/denied",
                            Severity::Error,
                            format!(
                                "ValidatingAdmissionPolicy '{}' denied request: failed to configure policy: {error}",
                                policy.name
                            ),
                            None,
                        );
                        findings.push(origins.decision(finding, policy, None, None));
                    }
                    continue;
                }
            }
            if let Some(about) = pending.get(&policy.name) {
                let (span, path) = place(root, None);
                for finding in about {
                    let mut finding = finding.clone();
                    finding.span = span;
                    finding.path.clone_from(&path);
                    finding.resource = Some(target.resource.clone());
                    findings.push(finding);
                }
                placed.insert(policy.name.clone());
            }
            if rejected_policies.contains(&policy.name) {
                continue;
            }
            let version = matching::matched_version(constraints, &request);
            let request_value = request_value(
                &request,
                version,
                kind,
                namespace.as_deref(),
                &operation_user,
            );
            // Under `matchPolicy: Equivalent` the object is converted to the matched version
            // (Gateway API versions share their schema: only apiVersion changes).
            let converted = (version != request.version).then(|| {
                let mut copy = root.clone();
                if let YamlValue::Map(entries) = &mut copy.value {
                    for entry in entries.iter_mut() {
                        if entry.key == "apiVersion" {
                            entry.value.value = YamlValue::String(if group.is_empty() {
                                version.to_owned()
                            } else {
                                format!("{group}/{version}")
                            });
                        }
                    }
                }
                policies::to_value(&copy)
            });
            let object = converted.as_ref().unwrap_or(&object);
            for binding in world
                .bindings
                .iter()
                .filter(|b| b.policy_name == policy.name && !rejected_bindings.contains(&b.name))
            {
                if let Some(m) = &binding.match_resources {
                    match matching::matches(m, &request, false) {
                        Ok(true) => {}
                        Ok(false) => continue,
                        Err(error) => {
                            report_config(&target, policy, binding, &error, findings);
                            continue;
                        }
                    }
                }
                let params = match params::collect(
                    policy,
                    binding,
                    &world.objects_view(),
                    namespace.as_deref(),
                    options.namespace.as_deref().unwrap_or("default"),
                ) {
                    Ok(params) => params,
                    Err(error) => {
                        report_config(&target, policy, binding, &error, findings);
                        continue;
                    }
                };
                for param in params {
                    let inputs = Inputs {
                        object: object.clone(),
                        old_object: old_object.clone(),
                        request: request_value.clone(),
                        params: param.map_or(Value::Null, policies::to_value),
                        namespace_object: namespace_object.clone(),
                        authorizer: authorizer.map(authorizer::value),
                        nodes,
                        len,
                    };
                    for verdict in evaluation::evaluate(policy, &inputs, &base) {
                        target.report(policy, binding, verdict, findings);
                    }
                }
            }
        }
    }
    for (policy, about) in pending {
        if !placed.contains(&policy) {
            findings.extend(about);
        }
    }
}

impl<'a> World<'a> {
    fn objects_view(&self) -> Vec<params::Candidate<'a>> {
        self.objects
            .iter()
            .map(|o| params::Candidate {
                root: o.root,
                api_version: o.api_version,
                kind: o.kind,
                name: o.name,
                namespace: o.namespace,
            })
            .collect()
    }
}

/// Turns spans of policies and bindings into related places: spans of the linted text as they
/// are, spans of the `policies` option's text converted by that text's index.
pub struct Origins<'t> {
    input: &'t str,
    policies: LineIndex<'t>,
}

impl Origins<'_> {
    /// The span of `.field` at character `at` of `expression`, whose scalar sits at `span` (in
    /// the linted text or the policies text): when the scalar is written plain or quoted
    /// without escapes, so the expression's characters are the text's.
    pub fn within(
        &self,
        in_input: bool,
        span: ByteSpan,
        expression: &str,
        at: usize,
        field: &str,
    ) -> Option<ByteSpan> {
        let text = if in_input {
            self.input
        } else {
            self.policies.text()
        };
        let raw = text.get(span.start as usize..span.end as usize)?;
        let quoted = raw.len() >= 2
            && (raw.starts_with('"') || raw.starts_with('\''))
            && raw.get(1..raw.len() - 1) == Some(expression);
        let base = match (raw == expression, quoted) {
            (true, _) => 0,
            (false, true) => 1,
            _ => return None,
        };
        let byte = expression.char_indices().nth(at).map(|(i, _)| i)?;
        // `.field`, or `.?field` (an optional select).
        let operator = if expression.get(byte..)?.starts_with(".?") {
            2
        } else {
            1
        };
        let start = span.start as usize + base + byte;
        Some(ByteSpan::new(start, start + operator + field.len()))
    }

    pub fn at(&self, in_input: bool, span: ByteSpan) -> RelatedAt {
        if in_input {
            RelatedAt::Input(span)
        } else {
            RelatedAt::Policies(self.policies.range(span), self.policies.offsets(span))
        }
    }

    /// The related places of a decision: the expression that decided (else the policy) and
    /// the binding.
    fn decision(
        &self,
        finding: Finding,
        policy: &Policy,
        binding: Option<&Binding>,
        at: Option<&policies::Expression>,
    ) -> Finding {
        let finding = match at.and_then(|e| e.span.map(|span| (e, span))) {
            Some((expression, span)) => finding.with_related(
                format!(
                    "ValidatingAdmissionPolicy '{}': {}",
                    policy.name, expression.field
                ),
                self.at(policy.in_input, span),
            ),
            None => finding.with_related(
                format!("ValidatingAdmissionPolicy '{}'", policy.name),
                self.at(policy.in_input, policy.span),
            ),
        };
        match binding {
            Some(binding) => finding.with_related(
                format!(
                    "ValidatingAdmissionPolicyBinding '{}' (validationActions: {})",
                    binding.name,
                    binding.actions.join(", ")
                ),
                self.at(
                    binding.in_input,
                    binding.actions_span.unwrap_or(binding.span),
                ),
            ),
            None => finding,
        }
    }
}

/// The object a decision is about.
struct Target<'a> {
    root: &'a Node,
    origins: &'a Origins<'a>,
    resource: ResourceRef,
}

impl Target<'_> {
    fn finding(
        &self,
        code: &'static str,
        severity: Severity,
        message: String,
        expression: Option<&str>,
    ) -> Finding {
        let (span, path) = place(self.root, expression);
        Finding::new(code, severity, Source::Policy, message, span)
            .with_path(path)
            .with_resource(Some(self.resource.clone()))
    }

    fn report(
        &self,
        policy: &Policy,
        binding: &Binding,
        verdict: Verdict,
        findings: &mut Vec<Finding>,
    ) {
        match verdict {
            Verdict::Unknown { expression, at } => {
                let finding = self.finding(
                        "policy/authorizer",
                        Severity::Info,
                        format!(
                            "ValidatingAdmissionPolicy '{}' with binding '{}': expression '{}' reads authorizer, which gwlint cannot evaluate offline",
                            policy.name, binding.name, expression
                        ),
                        None,
                    )
                    .with_help("the outcome depends on the cluster's authorization (RBAC); gwlint reports it as unknown, not as a pass");
                findings.push(
                    self.origins
                        .decision(finding, policy, Some(binding), at.as_ref()),
                );
            }
            Verdict::Fail {
                message,
                index,
                always_deny,
                at,
            } => {
                let expression = index
                    .and_then(|i| policy.validations.get(i))
                    .map(|v| v.expression.text.as_str());
                let deny = always_deny || binding.actions.iter().any(|a| a == "Deny");
                let warn = binding.actions.iter().any(|a| a == "Warn");
                let audit = binding.actions.iter().any(|a| a == "Audit");
                let (severity, text) = if deny {
                    (
                        Severity::Error,
                        messages::denied(&policy.name, &binding.name, &message),
                    )
                } else if warn {
                    (
                        Severity::Warning,
                        messages::warned(&policy.name, &binding.name, &message),
                    )
                } else if audit {
                    (
                        Severity::Info,
                        messages::warned(&policy.name, &binding.name, &message),
                    )
                } else {
                    return;
                };
                let mut help = format!(
                    "binding '{}' (validationActions: {})",
                    binding.name,
                    binding.actions.join(", ")
                );
                if let Some(e) = expression {
                    help.push_str(&format!("; expression: {}", e.trim()));
                }
                if let Some(v) = index.and_then(|i| policy.validations.get(i)) {
                    help.push_str(&format!(
                        "; reason: {}",
                        v.reason.as_deref().unwrap_or("Invalid")
                    ));
                }
                if !policy.in_input {
                    help.push_str("; the policy is in options.policies");
                }
                if !deny && !warn {
                    help.push_str("; Audit: recorded as the audit annotation validation.policy.admission.k8s.io/validation_failure");
                }
                let finding = self
                    .finding("policy/denied", severity, text, expression)
                    .with_help(help);
                findings.push(
                    self.origins
                        .decision(finding, policy, Some(binding), at.as_ref()),
                );
            }
        }
    }
}

fn report_config(
    target: &Target<'_>,
    policy: &Policy,
    binding: &Binding,
    error: &str,
    findings: &mut Vec<Finding>,
) {
    if !policy.fail {
        return;
    }
    target.report(
        policy,
        binding,
        Verdict::Fail {
            message: messages::binding_config(error),
            index: None,
            always_deny: false,
            at: None,
        },
        findings,
    );
}

/// Where a decision points: the field an expression reads when it starts with a plain path
/// to an existing field (`object.spec.replicas <= 5`), else the object's name (or kind).
fn place(root: &Node, expression: Option<&str>) -> (ByteSpan, Vec<PathSegment>) {
    let fallback = root
        .get("metadata")
        .and_then(|m| m.get("name"))
        .map(|n| n.span)
        .or_else(|| root.entry("kind").map(|e| e.key_span))
        .unwrap_or(root.span);
    let Some(rest) = expression
        .map(str::trim)
        .and_then(|e| e.strip_prefix("object."))
    else {
        return (fallback, Vec::new());
    };
    let path: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
        .collect();
    let after = rest.get(path.len()..).unwrap_or("").trim_start();
    // A path followed by a call or an index is not a plain path.
    if after.starts_with('(') || after.starts_with('[') || path.ends_with('.') {
        return (fallback, Vec::new());
    }
    let mut node = root;
    let mut span = fallback;
    let mut segments = Vec::new();
    for key in path.split('.') {
        let Some(entry) = node.entry(key) else {
            return (fallback, Vec::new());
        };
        span = entry.key_span;
        segments.push(PathSegment::Key(key.to_owned()));
        node = &entry.value;
    }
    if segments.len() < 2 {
        return (fallback, Vec::new());
    }
    (span, segments)
}

/// The size of an object for the cost estimate: its nodes, and its largest list or map.
fn size(root: &Node) -> (usize, usize) {
    fn largest(node: &Node) -> usize {
        match &node.value {
            YamlValue::Seq(items) => items
                .iter()
                .map(largest)
                .max()
                .unwrap_or(0)
                .max(items.len()),
            YamlValue::Map(entries) => entries
                .iter()
                .map(|e| largest(&e.value))
                .max()
                .unwrap_or(0)
                .max(entries.len()),
            _ => 0,
        }
    }
    (root.count(), largest(root))
}

fn user_info(options: &LintOptions) -> Value {
    let user = options.user_info.clone().unwrap_or_default();
    let mut map: HashMap<String, Value> = HashMap::new();
    map.insert("username".to_owned(), Value::from(user.username));
    map.insert("uid".to_owned(), Value::from(user.uid));
    map.insert(
        "groups".to_owned(),
        Value::from(user.groups.into_iter().map(Value::from).collect::<Vec<_>>()),
    );
    let extra: HashMap<String, Value> = user
        .extra
        .into_iter()
        .map(|(k, v)| {
            (
                k,
                Value::from(v.into_iter().map(Value::from).collect::<Vec<_>>()),
            )
        })
        .collect();
    map.insert("extra".to_owned(), Value::from(extra));
    Value::from(map)
}

fn request_value(
    request: &Request<'_>,
    version: &str,
    kind: &str,
    namespace: Option<&str>,
    user: &Value,
) -> Value {
    let gvk = |map: &mut HashMap<String, Value>| {
        map.insert("group".to_owned(), Value::from(request.group));
        map.insert("version".to_owned(), Value::from(version));
    };
    let mut k = HashMap::new();
    gvk(&mut k);
    k.insert("kind".to_owned(), Value::from(kind));
    let mut r = HashMap::new();
    gvk(&mut r);
    r.insert("resource".to_owned(), Value::from(request.resource));
    let kind_value = Value::from(k);
    let resource_value = Value::from(r);
    let mut map: HashMap<String, Value> = HashMap::new();
    map.insert("kind".to_owned(), kind_value.clone());
    map.insert("resource".to_owned(), resource_value.clone());
    map.insert("requestKind".to_owned(), kind_value);
    map.insert("requestResource".to_owned(), resource_value);
    map.insert("name".to_owned(), Value::from(request.name));
    if let Some(ns) = namespace {
        map.insert("namespace".to_owned(), Value::from(ns));
    }
    map.insert("operation".to_owned(), Value::from(request.operation));
    map.insert("userInfo".to_owned(), user.clone());
    map.insert("dryRun".to_owned(), Value::Bool(false));
    Value::from(map)
}

/// `namespaceObject`: the Namespace's name, labels, annotations, spec and status (the parts
/// the API server keeps), from a Namespace object in the input or only its name.
fn namespace_value(name: &str, node: Option<&Node>) -> Value {
    let mut meta: HashMap<String, Value> = HashMap::new();
    meta.insert("name".to_owned(), Value::from(name));
    let labels: HashMap<String, Value> = node
        .map(labels)
        .unwrap_or_default()
        .into_iter()
        .chain(std::iter::once((
            "kubernetes.io/metadata.name".to_owned(),
            name.to_owned(),
        )))
        .map(|(k, v)| (k, Value::from(v)))
        .collect();
    meta.insert("labels".to_owned(), Value::from(labels));
    let mut map: HashMap<String, Value> = HashMap::new();
    if let Some(node) = node {
        if let Some(a) = node.get("metadata").and_then(|m| m.get("annotations")) {
            meta.insert("annotations".to_owned(), policies::to_value(a));
        }
        for key in ["spec", "status"] {
            if let Some(v) = node.get(key) {
                map.insert(key.to_owned(), policies::to_value(v));
            }
        }
    }
    map.insert("metadata".to_owned(), Value::from(meta));
    Value::from(map)
}
