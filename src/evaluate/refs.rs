//! References between objects as evaluation checks them: group and kind, ReferenceGrants,
//! existence; and the reasons a controller gives when one does not resolve.

use super::IssueSeverity;
pub use crate::model::{seq, string_map, Model, Object, GATEWAY_GROUP};
use crate::yaml::{Node, Value};

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
            severity: IssueSeverity::Missing,
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

/// Lookups evaluation makes in the model: only objects with a name take part (an object without
/// `metadata.name` is not evaluated).
pub trait Lookup<'a> {
    /// The named object of (group, kind, namespace, name).
    fn get(&self, group: &str, kind: &str, namespace: &str, name: &str) -> Option<&Object<'a>>;

    /// Named objects of `group`/`kind`, in document order.
    fn of_group_kind<'s>(
        &'s self,
        group: &'s str,
        kind: &'s str,
    ) -> impl Iterator<Item = &'s Object<'a>> + 's
    where
        'a: 's;

    /// Checks a reference from `from` (an object in the input) against a rule: group and kind,
    /// then ReferenceGrant for another namespace, then existence.
    fn check_ref<'s>(
        &'s self,
        from: &Object<'_>,
        reference: &Node,
        rule: &RefRule<'_>,
    ) -> Result<Resolved<'s, 'a>, Problem>;

    /// Whether a ReferenceGrant in `to_namespace` lets `from` (group, kind, namespace) refer to
    /// `to` (group, kind, name).
    fn reference_granted(
        &self,
        from: (&str, &str, &str),
        to: (&str, &str, &str),
        to_namespace: &str,
    ) -> bool;
}

impl<'a> Lookup<'a> for Model<'a> {
    fn get(&self, group: &str, kind: &str, namespace: &str, name: &str) -> Option<&Object<'a>> {
        self.find(group, kind, namespace, name).filter(|o| o.named)
    }

    fn of_group_kind<'s>(
        &'s self,
        group: &'s str,
        kind: &'s str,
    ) -> impl Iterator<Item = &'s Object<'a>> + 's
    where
        'a: 's,
    {
        self.of_kind(kind)
            .filter(move |o| o.named && o.group == group)
    }

    /// Checks a reference from `from` (an object in the input) against a rule: group and kind,
    /// then ReferenceGrant for another namespace, then existence.
    fn check_ref<'s>(
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
                (from.group, from.kind, from.ns()),
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

    /// Whether a ReferenceGrant in `to_namespace` lets `from` (group, kind, namespace) refer to
    /// `to` (group, kind, name).
    fn reference_granted(
        &self,
        from: (&str, &str, &str),
        to: (&str, &str, &str),
        to_namespace: &str,
    ) -> bool {
        let (from_group, from_kind, from_namespace) = from;
        let (to_group, to_kind, to_name) = to;
        self.in_namespace(GATEWAY_GROUP, "ReferenceGrant", to_namespace)
            .filter(|grant| grant.named)
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
