//! Routes: which listeners each parentRef attaches to (sectionName, port, route kind, allowed
//! namespaces, hostnames), and whether its backendRefs resolve (kind, ReferenceGrant, existence).

use super::gateway::{AllowedNamespaces, Listener};
use super::refs::{seq, Lookup, Model, Object, Problem, RefRule, GATEWAY_GROUP};
use super::{Issue, IssueSeverity};
use crate::status::{Condition, ConditionStatus, ParentRef, RouteParentStatus};
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
    objects: &Model<'_>,
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
                format!("{kind} {parent_namespace}/{name} not found in the input"),
                generation,
            ),
            Some(IssueSeverity::Missing),
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
                        format!("{kind} {parent_namespace}/{name}: {what}"),
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
                                "no listener of {kind} {parent_namespace}/{name} allows a {} from namespace {}",
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
                                    "no hostname of the route intersects a listener hostname of {kind} {parent_namespace}/{name}"
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

/// Evaluates a parentRef to a Service (GAMMA, the Mesh profile): a "producer" route in the
/// Service's namespace or a "consumer" route in another (no ReferenceGrant applies to parentRefs).
/// The Service must exist, and `sectionName` (a port name) and `port`, when given, must name one
/// of its ports; otherwise `NoMatchingParent`.
pub fn attach_service(
    route: &Object<'_>,
    parent_ref: &Node,
    controller_name: &str,
    resolved: &Condition,
    objects: &Model<'_>,
    issues: &mut Vec<Issue>,
    path: Vec<String>,
) -> RouteParentStatus {
    let generation = Some(route.generation());
    let name = parent_ref.get_str("name").unwrap_or_default();
    let namespace = parent_ref.get_str("namespace").filter(|n| !n.is_empty());
    let parent_namespace = namespace.unwrap_or(route.ns());
    let section = parent_ref.get_str("sectionName").filter(|s| !s.is_empty());
    let port = int(parent_ref.get("port")).filter(|&p| p != 0);
    let problem = match objects.get("", "Service", parent_namespace, name) {
        None => Some(Problem::missing(
            "NoMatchingParent",
            format!("Service {parent_namespace}/{name} not found in the input"),
        )),
        Some(service) => {
            let ports = seq(service.spec().and_then(|s| s.get("ports")));
            let found = ports.iter().any(|p| {
                section.is_none_or(|s| p.get_str("name") == Some(s))
                    && port.is_none_or(|n| int(p.get("port")) == Some(n))
            });
            (!found && (section.is_some() || port.is_some())).then(|| {
                let what = match (section, port) {
                    (Some(s), Some(p)) => format!("no port named {s} with number {p}"),
                    (Some(s), None) => format!("no port named {s}"),
                    _ => format!("no port {}", port.unwrap_or_default()),
                };
                Problem::error(
                    "NoMatchingParent",
                    format!("Service {parent_namespace}/{name} has {what}"),
                )
            })
        }
    };
    let accepted = match &problem {
        Some(problem) => {
            issues.push(Issue::at(
                parent_ref,
                problem.severity,
                "evaluation/route-not-accepted",
                format!(
                    "parentRef {parent_namespace}/{name}: Accepted=False ({}): {}",
                    problem.reason, problem.message
                ),
                path,
            ));
            Condition::new(
                "Accepted",
                ConditionStatus::False,
                problem.reason,
                problem.message.clone(),
                generation,
            )
        }
        None => Condition::new(
            "Accepted",
            ConditionStatus::True,
            "Accepted",
            if parent_namespace == route.ns() {
                "route accepted (producer route for the Service)"
            } else {
                "route accepted (consumer route for the Service)"
            },
            generation,
        ),
    };
    RouteParentStatus {
        parent_ref: ParentRef {
            group: String::new(),
            kind: "Service".to_owned(),
            namespace: namespace.map(str::to_owned),
            name: name.to_owned(),
            section_name: section.map(str::to_owned),
            port,
        },
        controller_name: controller_name.to_owned(),
        conditions: vec![accepted, resolved.clone()],
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

/// Why a route cannot send traffic to a Service port with its protocol, if it cannot
/// (`UnsupportedProtocol`, GEP-1911): a UDPRoute to a port that is not UDP or another route to a
/// UDP or SCTP port; or a Kubernetes standard `appProtocol` (KEP-3726) that the route kind cannot
/// speak (`kubernetes.io/h2c` only for HTTPRoute and GRPCRoute, `kubernetes.io/ws` only for
/// HTTPRoute, `kubernetes.io/wss` for HTTPRoute and TLSRoute). TCPRoute carries any TCP
/// application protocol; other appProtocol values are implementation-specific and accepted.
fn protocol_problem(
    route: &Object<'_>,
    service: &Object<'_>,
    port: Option<i64>,
) -> Option<Problem> {
    let port = port?;
    let service_port = seq(service.spec().and_then(|s| s.get("ports")))
        .iter()
        .find(|p| int(p.get("port")) == Some(port))?;
    let protocol = service_port.get_str("protocol").unwrap_or("TCP");
    let kind = route.kind;
    let name = format!("{}/{}", service.ns(), service.name);
    let wants_udp = kind == "UDPRoute";
    if wants_udp != (protocol == "UDP") {
        return Some(Problem::error(
            "UnsupportedProtocol",
            format!("{kind} cannot send traffic to port {port} of Service {name}, whose protocol is {protocol}"),
        ));
    }
    let app_protocol = service_port.get_str("appProtocol")?;
    let allowed: &[&str] = match app_protocol {
        "kubernetes.io/h2c" => &["HTTPRoute", "GRPCRoute", "TCPRoute"],
        "kubernetes.io/ws" => &["HTTPRoute", "TCPRoute"],
        "kubernetes.io/wss" => &["HTTPRoute", "TLSRoute", "TCPRoute"],
        _ => return None,
    };
    (!allowed.contains(&kind)).then(|| {
        Problem::error(
            "UnsupportedProtocol",
            format!(
                "{kind} cannot speak appProtocol {app_protocol} of port {port} of Service {name}"
            ),
        )
    })
}

/// Checks the backendRefs of a route: the ResolvedRefs condition and the Services reached.
pub fn resolve_backends(
    route: &Object<'_>,
    objects: &Model<'_>,
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
            let port = int(backend.get("port"));
            let checked = objects
                .check_ref(route, backend, &BACKEND_REF)
                .and_then(|found| match protocol_problem(route, found.object, port) {
                    Some(problem) => Err(problem),
                    None => Ok(found),
                });
            match checked {
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
                    port,
                }),
            }
        }
    }
    let condition = Condition::resolved_refs(
        first_problem
            .as_ref()
            .map(|(reason, message)| (*reason, message.as_str())),
        generation,
    );
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
