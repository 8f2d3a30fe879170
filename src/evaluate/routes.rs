//! Routes: which listeners each parentRef attaches to (sectionName, port, route kind, allowed
//! namespaces, hostnames), and whether its backendRefs resolve (kind, ReferenceGrant, existence).

use super::gateway::{AllowedNamespaces, Listener};
use super::objects::{seq, Object, Objects, RefRule, GATEWAY_GROUP};
use super::status::{Condition, ConditionStatus, ParentRef, RouteParentStatus};
use super::{Issue, IssueSeverity};
use crate::yaml::{Node, Value};

fn int(node: Option<&Node>) -> Option<i64> {
    match node.map(|n| &n.value) {
        Some(Value::Int(i)) => Some(*i),
        _ => None,
    }
}

/// Whether a route hostname and a listener hostname intersect (wildcards match one or more
/// labels, in either direction, as the conformance tests expect).
pub fn hostnames_intersect(listener: Option<&str>, route: &str) -> bool {
    let Some(listener) = listener.filter(|l| !l.is_empty()) else {
        return true;
    };
    match (listener.strip_prefix("*."), route.strip_prefix("*.")) {
        (None, None) => listener == route,
        (Some(suffix), None) => route.ends_with(&format!(".{suffix}")),
        (None, Some(suffix)) => listener.ends_with(&format!(".{suffix}")),
        (Some(l), Some(r)) => {
            l == r || l.ends_with(&format!(".{r}")) || r.ends_with(&format!(".{l}"))
        }
    }
}

/// Whether a label selector (matchLabels, matchExpressions) selects these labels.
pub fn selector_matches(selector: &Node, labels: &[(String, String)]) -> bool {
    let value_of = |key: &str| {
        labels
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    if let Some(Value::Map(entries)) = selector.get("matchLabels").map(|n| &n.value) {
        for entry in entries {
            if value_of(&entry.key) != entry.value.value.as_str() {
                return false;
            }
        }
    }
    for expression in seq(selector.get("matchExpressions")) {
        let key = expression.get_str("key").unwrap_or_default();
        let values: Vec<&str> = seq(expression.get("values"))
            .iter()
            .filter_map(|v| v.value.as_str())
            .collect();
        let actual = value_of(key);
        let ok = match expression.get_str("operator").unwrap_or_default() {
            "In" => actual.is_some_and(|a| values.contains(&a)),
            "NotIn" => actual.is_none_or(|a| !values.contains(&a)),
            "Exists" => actual.is_some(),
            "DoesNotExist" => actual.is_none(),
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    // An empty selector selects everything; a Selector listener without one was given `{}`.
    true
}

/// The result of evaluating one parentRef of a route.
pub struct ParentResult {
    pub status: RouteParentStatus,
    /// (gateway object index, listener index) pairs the route attached to.
    pub attached: Vec<(usize, usize)>,
}

/// A parent Gateway and its evaluated listeners.
pub struct Parent<'g, 'a> {
    pub object_index: usize,
    pub gateway: &'g Object<'a>,
    pub listeners: &'g [Listener<'g>],
}

/// Evaluates one parentRef.
#[expect(
    clippy::too_many_arguments,
    reason = "one call site; the inputs are all distinct"
)]
pub fn attach(
    route: &Object<'_>,
    parent_ref: &Node,
    parent: Option<&Parent<'_, '_>>,
    controller_name: &str,
    resolved: &Condition,
    objects: &Objects<'_>,
    issues: &mut Vec<Issue>,
    path: Vec<String>,
) -> ParentResult {
    let generation = Some(route.generation());
    let group = parent_ref
        .get_str("group")
        .unwrap_or(GATEWAY_GROUP)
        .to_owned();
    let kind = parent_ref.get_str("kind").unwrap_or("Gateway").to_owned();
    let name = parent_ref.get_str("name").unwrap_or_default().to_owned();
    let namespace = parent_ref.get_str("namespace").map(str::to_owned);
    let section = parent_ref
        .get_str("sectionName")
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    let port = int(parent_ref.get("port")).filter(|&p| p != 0);
    let parent_namespace = namespace.clone().unwrap_or_else(|| route.ns().to_owned());
    let reference = ParentRef {
        group: group.clone(),
        kind: kind.clone(),
        namespace: namespace.clone(),
        name: name.clone(),
        section_name: section.clone(),
        port,
    };
    let mut attached = Vec::new();
    let (accepted, issue) = match parent {
        None => (
            Condition::new(
                "Accepted",
                ConditionStatus::False,
                "NoMatchingParent",
                format!("Gateway {parent_namespace}/{name} not found in the input"),
                generation,
            ),
            Some(IssueSeverity::Warning),
        ),
        Some(parent) => {
            let candidates: Vec<&Listener<'_>> = parent
                .listeners
                .iter()
                .filter(|l| section.as_deref().is_none_or(|s| s == l.name))
                .filter(|l| port.is_none_or(|p| p == l.port))
                .collect();
            let kind_ok = |l: &Listener<'_>| {
                l.supported_kinds
                    .iter()
                    .any(|k| k.group == route.group && k.kind == route.kind)
            };
            let namespace_ok = |l: &Listener<'_>| match &l.allowed {
                AllowedNamespaces::All => true,
                AllowedNamespaces::Same => route.ns() == parent.gateway.ns(),
                AllowedNamespaces::Selector(selector) => {
                    selector_matches(selector, &objects.namespace_labels(route.ns()))
                }
            };
            let hostnames: Vec<&str> = seq(route.spec().and_then(|s| s.get("hostnames")))
                .iter()
                .filter_map(|h| h.value.as_str())
                .collect();
            let hostname_ok = |l: &Listener<'_>| {
                hostnames.is_empty()
                    || hostnames
                        .iter()
                        .any(|h| hostnames_intersect(l.hostname.as_deref(), h))
            };
            if candidates.is_empty() {
                let what = match (&section, port) {
                    (Some(s), Some(p)) => format!("no listener named {s} on port {p}"),
                    (Some(s), None) => format!("no listener named {s}"),
                    (None, Some(p)) => format!("no listener on port {p}"),
                    (None, None) => "the Gateway has no listeners".to_owned(),
                };
                (
                    Condition::new(
                        "Accepted",
                        ConditionStatus::False,
                        "NoMatchingParent",
                        format!("Gateway {parent_namespace}/{name}: {what}"),
                        generation,
                    ),
                    Some(IssueSeverity::Error),
                )
            } else {
                let allowed: Vec<&&Listener<'_>> = candidates
                    .iter()
                    .filter(|l| l.usable && kind_ok(l) && namespace_ok(l))
                    .collect();
                if allowed.is_empty() {
                    (
                        Condition::new(
                            "Accepted",
                            ConditionStatus::False,
                            "NotAllowedByListeners",
                            format!(
                                "no listener of Gateway {parent_namespace}/{name} allows a {} from namespace {}",
                                route.kind,
                                route.ns()
                            ),
                            generation,
                        ),
                        Some(IssueSeverity::Error),
                    )
                } else {
                    let matching: Vec<&&&Listener<'_>> =
                        allowed.iter().filter(|l| hostname_ok(l)).collect();
                    if matching.is_empty() {
                        (
                            Condition::new(
                                "Accepted",
                                ConditionStatus::False,
                                "NoMatchingListenerHostname",
                                format!(
                                    "no hostname of the route intersects a listener hostname of Gateway {parent_namespace}/{name}"
                                ),
                                generation,
                            ),
                            Some(IssueSeverity::Error),
                        )
                    } else {
                        attached = matching
                            .iter()
                            .map(|l| (parent.object_index, l.index))
                            .collect();
                        (
                            Condition::new(
                                "Accepted",
                                ConditionStatus::True,
                                "Accepted",
                                "route accepted",
                                generation,
                            ),
                            None,
                        )
                    }
                }
            }
        }
    };
    if let Some(severity) = issue {
        issues.push(Issue::at(
            parent_ref,
            severity,
            "evaluation/route-not-accepted",
            format!(
                "parentRef {parent_namespace}/{name}: Accepted=False ({}): {}",
                accepted.reason, accepted.message
            ),
            path,
        ));
    }
    ParentResult {
        status: RouteParentStatus {
            parent_ref: reference,
            controller_name: controller_name.to_owned(),
            conditions: vec![accepted, resolved.clone()],
        },
        attached,
    }
}

/// A resolved backendRef: the Service it names (namespace, name) and port.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Backend {
    pub namespace: String,
    pub name: String,
    pub port: Option<i64>,
}

/// The rule for a route's backendRefs.
const BACKEND_REF: RefRule<'static> = RefRule {
    field: "backendRef",
    group: "",
    kind: "Service",
    default_kind: Some("Service"),
    invalid_kind: "InvalidKind",
    not_found: "BackendNotFound",
    not_permitted: "RefNotPermitted",
};

/// Checks the backendRefs of a route: the ResolvedRefs condition and the Services reached.
pub fn resolve_backends(
    route: &Object<'_>,
    objects: &Objects<'_>,
    issues: &mut Vec<Issue>,
) -> (Condition, Vec<Backend>) {
    let generation = Some(route.generation());
    let mut first_problem: Option<(&'static str, String)> = None;
    let mut backends = Vec::new();
    for (r, rule) in seq(route.spec().and_then(|s| s.get("rules")))
        .iter()
        .enumerate()
    {
        for (b, backend) in seq(rule.get("backendRefs")).iter().enumerate() {
            match objects.check_ref(route, backend, &BACKEND_REF) {
                Err(problem) => {
                    issues.push(Issue::at(
                        backend,
                        problem.severity,
                        "evaluation/backend-ref",
                        format!(
                            "ResolvedRefs=False ({}): {}",
                            problem.reason, problem.message
                        ),
                        vec![
                            "spec".to_owned(),
                            "rules".to_owned(),
                            r.to_string(),
                            "backendRefs".to_owned(),
                            b.to_string(),
                        ],
                    ));
                    first_problem.get_or_insert((problem.reason, problem.message));
                }
                Ok(found) => backends.push(Backend {
                    namespace: found.namespace,
                    name: found.name,
                    port: int(backend.get("port")),
                }),
            }
        }
    }
    let condition = match first_problem {
        Some((reason, message)) => Condition::new(
            "ResolvedRefs",
            ConditionStatus::False,
            reason,
            message,
            generation,
        ),
        None => Condition::new(
            "ResolvedRefs",
            ConditionStatus::True,
            "ResolvedRefs",
            "all references resolved",
            generation,
        ),
    };
    (condition, backends)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostname_intersection_follows_the_conformance_tests() {
        assert!(hostnames_intersect(None, "a.example.com"));
        assert!(hostnames_intersect(
            Some("*.example.com"),
            "a.b.example.com"
        ));
        assert!(!hostnames_intersect(Some("*.example.com"), "example.com"));
        assert!(hostnames_intersect(
            Some("abc.example.com"),
            "*.example.com"
        ));
        assert!(hostnames_intersect(Some("*.example.com"), "*.com"));
        assert!(hostnames_intersect(Some("*.com"), "*.example.com"));
        assert!(!hostnames_intersect(
            Some("www.example.com"),
            "*.nomatch.com"
        ));
    }
}
