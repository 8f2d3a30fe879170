//! The objects of an input, indexed the way evaluation looks them up: by kind, namespace and name.

use std::collections::HashMap;

use super::IssueSeverity;
use crate::lint::Analysis;
use crate::yaml::{Node, Value};

pub const GATEWAY_GROUP: &str = "gateway.networking.k8s.io";

/// One object of the input.
#[derive(Debug)]
pub struct Object<'a> {
    pub document_index: usize,
    pub api_version: String,
    pub group: String,
    pub kind: String,
    /// The object's namespace, or the default one; `None` for cluster-scoped kinds.
    pub namespace: Option<String>,
    pub name: String,
    pub root: &'a Node,
    /// Whether lint validated it against a Gateway API schema.
    pub known: bool,
}

impl Object<'_> {
    pub fn ns(&self) -> &str {
        self.namespace.as_deref().unwrap_or("")
    }

    pub fn spec(&self) -> Option<&Node> {
        self.root.get("spec")
    }

    /// `metadata.generation`, or 1 (the generation of a newly created object).
    pub fn generation(&self) -> i64 {
        match self
            .root
            .get("metadata")
            .and_then(|m| m.get("generation"))
            .map(|n| &n.value)
        {
            Some(Value::Int(g)) => *g,
            _ => 1,
        }
    }

    pub fn creation_timestamp(&self) -> Option<&str> {
        self.root
            .get("metadata")
            .and_then(|m| m.get_str("creationTimestamp"))
    }

    pub fn labels(&self) -> Vec<(String, String)> {
        string_map(self.root.get("metadata").and_then(|m| m.get("labels")))
    }
}

/// Precedence among objects of one kind competing for something (conflicting policies or
/// listeners): the oldest `creationTimestamp` first (an object without one is yet to be created,
/// so newest), then `{namespace}/{name}`. Sort ascending.
pub fn precedence_key(object: &Object<'_>) -> (bool, String, String) {
    let timestamp = object.creation_timestamp();
    (
        timestamp.is_none(),
        timestamp.unwrap_or_default().to_owned(),
        format!("{}/{}", object.ns(), object.name),
    )
}

/// A map of strings (labels, a ConfigMap's data) as pairs; other values are skipped.
pub fn string_map(node: Option<&Node>) -> Vec<(String, String)> {
    node.and_then(|n| n.value.as_map())
        .map(|entries| {
            entries
                .iter()
                .filter_map(|e| {
                    e.value
                        .value
                        .as_str()
                        .map(|v| (e.key.clone(), v.to_owned()))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The items of a list node; none for anything else.
pub fn seq(node: Option<&Node>) -> &[Node] {
    match node.map(|n| &n.value) {
        Some(Value::Seq(items)) => items,
        _ => &[],
    }
}

/// Route kinds gwlint evaluates.
pub const ROUTE_KINDS: [&str; 5] = ["HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute", "UDPRoute"];

/// Why a reference does not resolve: the condition reason, a message, and whether the target is
/// merely absent from the input (a warning: the input may be partial) or wrong (an error).
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub reason: &'static str,
    pub message: String,
    pub severity: IssueSeverity,
}

impl Problem {
    pub fn error(reason: &'static str, message: impl Into<String>) -> Self {
        Self {
            reason,
            message: message.into(),
            severity: IssueSeverity::Error,
        }
    }

    /// The target is not in the input.
    pub fn missing(reason: &'static str, message: impl Into<String>) -> Self {
        Self {
            reason,
            message: message.into(),
            severity: IssueSeverity::Warning,
        }
    }
}

/// What a reference field may point at, and the reasons a controller gives when it does not
/// resolve. One shape serves certificateRefs, clientCertificateRef, backendRefs and CA refs.
pub struct RefRule<'r> {
    /// The field, for messages (`backendRef`, `certificateRef`...).
    pub field: &'r str,
    /// The one group and kind the reference may name (`""`/`Service`...).
    pub group: &'r str,
    pub kind: &'r str,
    /// The kind when the reference leaves it out (the CRD default), if any.
    pub default_kind: Option<&'r str>,
    /// Reason for a reference to another group or kind.
    pub invalid_kind: &'static str,
    /// Reason for a target that does not exist (or a cross-namespace one without a grant, when
    /// `not_permitted` is `None`: the field cannot reach other namespaces).
    pub not_found: &'static str,
    /// Reason for a cross-namespace reference without a ReferenceGrant.
    pub not_permitted: &'static str,
}

/// The namespace and name a reference resolved to, and the object when the input has it.
pub struct Resolved<'o, 'a> {
    pub namespace: String,
    pub name: String,
    pub object: &'o Object<'a>,
}

/// All objects, with lookups by (group, kind, namespace, name).
pub struct Objects<'a> {
    pub all: Vec<Object<'a>>,
    by_key: HashMap<(String, String, String, String), usize>,
    /// ReferenceGrants by their namespace.
    grants: HashMap<String, Vec<usize>>,
}

impl<'a> Objects<'a> {
    pub fn new(analysis: &'a Analysis<'_>) -> Self {
        let mut all = Vec::new();
        for resource in &analysis.resources {
            let Some(doc) = analysis
                .documents
                .iter()
                .find(|d| d.index == resource.document_index)
            else {
                continue;
            };
            let (Some(root), Some(api_version), Some(kind), Some(name)) = (
                doc.root.as_ref(),
                resource.api_version.as_ref(),
                resource.kind.as_ref(),
                resource.name.as_ref(),
            ) else {
                continue;
            };
            let group = api_version
                .split_once('/')
                .map_or("", |(g, _)| g)
                .to_owned();
            all.push(Object {
                document_index: resource.document_index,
                api_version: api_version.clone(),
                group,
                kind: kind.clone(),
                namespace: resource.namespace.clone(),
                name: name.clone(),
                root,
                known: resource.known,
            });
        }
        let mut by_key = HashMap::new();
        let mut grants: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, o) in all.iter().enumerate() {
            if o.group == GATEWAY_GROUP && o.kind == "ReferenceGrant" {
                grants.entry(o.ns().to_owned()).or_default().push(i);
            }
            // The first object with a key wins, as the first `kubectl apply` would create it.
            by_key
                .entry((
                    o.group.clone(),
                    o.kind.clone(),
                    o.ns().to_owned(),
                    o.name.clone(),
                ))
                .or_insert(i);
        }
        Self {
            all,
            by_key,
            grants,
        }
    }

    /// Checks a reference from `from` (an object in the input) against a rule: group and kind,
    /// then ReferenceGrant for another namespace, then existence.
    pub fn check_ref<'s>(
        &'s self,
        from: &Object<'_>,
        reference: &Node,
        rule: &RefRule<'_>,
    ) -> Result<Resolved<'s, 'a>, Problem> {
        let field = rule.field;
        let group = reference.get_str("group").unwrap_or("");
        let kind = reference
            .get_str("kind")
            .or(rule.default_kind)
            .unwrap_or_default();
        let name = reference.get_str("name").unwrap_or_default();
        let namespace = reference
            .get_str("namespace")
            .filter(|n| !n.is_empty())
            .unwrap_or(from.ns());
        if group != rule.group || kind != rule.kind {
            let wanted = if rule.group.is_empty() {
                format!("core {}", rule.kind)
            } else {
                format!("{}/{}", rule.group, rule.kind)
            };
            return Err(Problem::error(
                rule.invalid_kind,
                format!("{field} {group}/{kind} {name} is not a {wanted}"),
            ));
        }
        if namespace != from.ns()
            && !self.reference_granted(
                (&from.group, &from.kind, from.ns()),
                (rule.group, rule.kind, name),
                namespace,
            )
        {
            return Err(Problem::error(
                rule.not_permitted,
                format!(
                    "{field} to {} {namespace}/{name} is not permitted by any ReferenceGrant in namespace {namespace}",
                    rule.kind
                ),
            ));
        }
        match self.get(rule.group, rule.kind, namespace, name) {
            Some(object) => Ok(Resolved {
                namespace: namespace.to_owned(),
                name: name.to_owned(),
                object,
            }),
            None => Err(Problem::missing(
                rule.not_found,
                format!("{} {namespace}/{name} not found in the input", rule.kind),
            )),
        }
    }

    pub fn get(&self, group: &str, kind: &str, namespace: &str, name: &str) -> Option<&Object<'a>> {
        self.by_key
            .get(&(
                group.to_owned(),
                kind.to_owned(),
                namespace.to_owned(),
                name.to_owned(),
            ))
            .and_then(|&i| self.all.get(i))
    }

    pub fn of_kind<'s>(
        &'s self,
        group: &'s str,
        kind: &'s str,
    ) -> impl Iterator<Item = &'s Object<'a>> + 's {
        self.all
            .iter()
            .filter(move |o| o.group == group && o.kind == kind)
    }

    /// Labels of a Namespace: its own, plus the `kubernetes.io/metadata.name` label the API server
    /// adds to every Namespace (also for namespaces that are not in the input).
    pub fn namespace_labels(&self, namespace: &str) -> Vec<(String, String)> {
        let mut labels = self
            .get("", "Namespace", "", namespace)
            .map(Object::labels)
            .unwrap_or_default();
        labels.retain(|(k, _)| k != "kubernetes.io/metadata.name");
        labels.push((
            "kubernetes.io/metadata.name".to_owned(),
            namespace.to_owned(),
        ));
        labels
    }

    /// Whether a ReferenceGrant in `to_namespace` lets `from` (group, kind, namespace) refer to
    /// `to` (group, kind, name).
    pub fn reference_granted(
        &self,
        from: (&str, &str, &str),
        to: (&str, &str, &str),
        to_namespace: &str,
    ) -> bool {
        let (from_group, from_kind, from_namespace) = from;
        let (to_group, to_kind, to_name) = to;
        self.grants
            .get(to_namespace)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(|&i| self.all.get(i))
            .any(|grant| {
                let spec = grant.spec();
                let list = |field: &str| -> Vec<&Node> {
                    match spec.and_then(|s| s.get(field)).map(|n| &n.value) {
                        Some(Value::Seq(items)) => items.iter().collect(),
                        _ => Vec::new(),
                    }
                };
                let from_ok = list("from").iter().any(|f| {
                    f.get_str("group") == Some(from_group)
                        && f.get_str("kind") == Some(from_kind)
                        && f.get_str("namespace") == Some(from_namespace)
                });
                let to_ok = list("to").iter().any(|t| {
                    t.get_str("group") == Some(to_group)
                        && t.get_str("kind") == Some(to_kind)
                        && t.get_str("name")
                            .is_none_or(|n| n.is_empty() || n == to_name)
                });
                from_ok && to_ok
            })
    }
}
