//! Evaluation: the status a conformant controller would write, computed from the manifests alone.
//!
//! Gateways and listeners (supported kinds, conflicts, certificate refs), routes (attachment by
//! sectionName/port, route kind, allowed namespaces and hostnames; backend refs with
//! ReferenceGrants), BackendTLSPolicies (targets, CA refs, conflicts, status per ancestor
//! Gateway), the effective policy per Service port, and the topology. Objects that a reference
//! names but the input lacks are reported as missing (a warning): the input may be partial.

mod gateway;
mod policy;
mod refs;
mod routes;
/// The status and result types live in the leaf module [`crate::status`]; re-exported here so
/// that `crate::evaluate::status::...` and `crate::evaluate::EvaluateResult` keep naming them.
pub use crate::status;
pub use crate::status::{
    EdgeKind, EffectivePolicy, EvaluateResult, EvaluatedResource, LosingPolicy, PolicyRef,
    ServicePort, Topology, TopologyEdge, TopologyNode,
};

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::diagnostics::{Finding, PathSegment, ResourceRef, Severity, Source};
use crate::lint::Analysis;
use crate::source::ByteSpan;
use crate::status::Absence;
use crate::yaml::Node;

use gateway::Listener;
use refs::{seq, Lookup, Model, Object, Problem, GATEWAY_GROUP, ROUTE_KINDS};
use routes::{Backend, Parent};
use status::{
    Condition, ConditionStatus, GatewayClassStatus, GatewayStatus, ListenerStatus, ObjectStatus,
    ParentRef, PolicyAncestorStatus, PolicyStatus, RouteParentStatus, RouteStatus,
};

/// The controller name used when the input has no GatewayClass for a Gateway.
pub const DEFAULT_CONTROLLER_NAME: &str = "gwlint.dev/evaluator";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IssueSeverity {
    Error,
    Warning,
    /// A reference to an object that is not in the input: a warning, as the input may be part
    /// of what the cluster holds; an error when the options say the input is complete.
    Missing,
}

/// A failing condition, positioned on the node that causes it.
#[derive(Clone, Debug)]
pub struct Issue {
    pub span: ByteSpan,
    pub severity: IssueSeverity,
    pub code: &'static str,
    pub message: String,
    pub path: Vec<String>,
    pub document_index: usize,
}

impl Issue {
    pub fn at(
        node: &Node,
        severity: IssueSeverity,
        code: &'static str,
        message: String,
        path: Vec<String>,
    ) -> Self {
        Self {
            span: node.span,
            severity,
            code,
            message,
            path,
            document_index: usize::MAX,
        }
    }
}

fn id(kind: &str, namespace: &str, name: &str) -> String {
    if namespace.is_empty() {
        format!("{kind}/{name}")
    } else {
        format!("{kind}/{namespace}/{name}")
    }
}

/// ListenerSet (v1.5+) or the experimental XListenerSet.
fn is_listener_set(group: &str, kind: &str) -> bool {
    (group == GATEWAY_GROUP && kind == "ListenerSet")
        || (group == "gateway.networking.x-k8s.io" && kind == "XListenerSet")
}

/// Whether a Gateway's `spec.allowedListeners.namespaces` (from `None` by default, `Same`, `All`,
/// `Selector`) admits a ListenerSet.
fn listener_set_allowed(gateway: &Object<'_>, set: &Object<'_>, objects: &Model<'_>) -> bool {
    let namespaces = gateway
        .spec()
        .and_then(|s| s.get("allowedListeners"))
        .and_then(|a| a.get("namespaces"));
    match namespaces.and_then(|n| n.get_str("from")) {
        Some("All") => true,
        Some("Same") => set.ns() == gateway.ns(),
        Some("Selector") => namespaces
            .and_then(|n| n.get("selector"))
            .is_some_and(|selector| {
                routes::selector_matches(selector, &objects.namespace_labels(set.ns()))
            }),
        _ => false,
    }
}

/// Rules of a route that hold a value the release does not recognize: how many rules there are,
/// and per bad rule its index and the first such value's lint message.
struct DroppedRules {
    rules: usize,
    dropped: Vec<(usize, String)>,
}

/// `enum_findings` are lint's, in absolute positions: rules' spans are compared in those.
fn dropped_rules(route: &Object<'_>, enum_findings: &[(u32, u32, &str)]) -> DroppedRules {
    let rules = seq(route.spec().and_then(|s| s.get("rules")));
    let dropped = rules
        .iter()
        .enumerate()
        .filter_map(|(i, rule)| {
            let span = route.absolute(rule.span);
            let from = enum_findings.partition_point(|f| f.0 < span.start);
            enum_findings
                .get(from..)
                .unwrap_or_default()
                .iter()
                .take_while(|f| f.0 < span.end)
                .find(|f| f.1 <= span.end)
                .map(|f| (i, f.2.to_owned()))
        })
        .collect();
    DroppedRules {
        rules: rules.len(),
        dropped,
    }
}

/// Applies rules with unrecognized values to a parent status: when every rule has one, the route
/// is not accepted (`Accepted=False`, `UnsupportedValue`; returns true); when some do, those rules
/// are dropped (`PartiallyInvalid=True`, `UnsupportedValue`, message "Dropped Rule ...").
fn unsupported_value(
    status: &mut RouteParentStatus,
    dropped: &DroppedRules,
    generation: i64,
) -> bool {
    let Some((first, message)) = dropped.dropped.first() else {
        return false;
    };
    if dropped.dropped.len() == dropped.rules {
        if let Some(accepted) = status
            .conditions
            .iter_mut()
            .find(|c| c.condition_type == "Accepted")
        {
            *accepted = Condition::new(
                "Accepted",
                ConditionStatus::False,
                "UnsupportedValue",
                format!("every rule has an unsupported value; rule {first}: {message}"),
                Some(generation),
            );
        }
        return true;
    }
    let indices: Vec<String> = dropped.dropped.iter().map(|(i, _)| i.to_string()).collect();
    status.conditions.push(Condition::new(
        "PartiallyInvalid",
        ConditionStatus::True,
        "UnsupportedValue",
        format!(
            "Dropped Rule(s) {}: rule {first}: {message}",
            indices.join(", ")
        ),
        Some(generation),
    ));
    false
}

/// Evaluates documents lint already parsed, defaulted and summarized; `controller_name` is the
/// one written for Gateways whose GatewayClass is not in the input. Knows nothing of profiles.
pub fn evaluate_analysis(analysis: &Analysis<'_>, controller_name: &str) -> EvaluateResult {
    let model = Model::new(&analysis.documents, &analysis.resources);
    evaluate_model(analysis, &model, controller_name)
}

/// [`evaluate_analysis`] over a model the caller built (once) from `analysis`.
pub fn evaluate_model(
    analysis: &Analysis<'_>,
    model: &Model<'_>,
    controller_name: &str,
) -> EvaluateResult {
    evaluate_model_with(analysis, model, controller_name, Severity::Warning)
}

/// [`evaluate_model`], with the severity of references to objects missing from the input
/// (a warning, or an error for an input that holds every object).
pub fn evaluate_model_with(
    analysis: &Analysis<'_>,
    model: &Model<'_>,
    controller_name: &str,
    missing: Severity,
) -> EvaluateResult {
    let mut evaluator = Evaluator::new(model, analysis.release, controller_name);
    evaluator.missing = missing;
    evaluator.classes();
    evaluator.gateways();
    evaluator.listener_sets();
    evaluator.routes(analysis);
    evaluator.gateway_status();
    evaluator.listener_set_status();
    let policies = evaluator.policies();
    evaluator.policy_status(&policies);
    evaluator.effective_policies(&policies);
    evaluator.topology();
    evaluator.finish(analysis)
}

/// The name of the Service port a backend reaches by number, to match a policy's sectionName.
fn service_port_name(objects: &Model<'_>, backend: &Backend) -> Option<String> {
    let service = objects.get("", "Service", &backend.namespace, &backend.name)?;
    let ports = seq(service.spec().and_then(|s| s.get("ports")));
    ports
        .iter()
        .find(|p| matches!(p.get("port").map(|n| &n.value), Some(crate::yaml::Value::Int(n)) if Some(*n) == backend.port))
        .and_then(|p| p.get_str("name"))
        .map(str::to_owned)
}

/// Backends reached by routes (with their Gateway), by Service (namespace, name), so that matching
/// them against policies is linear.
fn reached_by_service(
    reached: &BTreeSet<(usize, Backend)>,
) -> HashMap<(&str, &str), Vec<(usize, &Backend)>> {
    let mut by_service: HashMap<(&str, &str), Vec<(usize, &Backend)>> = HashMap::new();
    for (gi, backend) in reached {
        by_service
            .entry((backend.namespace.as_str(), backend.name.as_str()))
            .or_default()
            .push((*gi, backend));
    }
    by_service
}

/// The policies targeting each Service (namespace, name), each listed once per Service.
fn policies_by_service<'p, 'o, 'a>(
    policies: &'p [policy::Policy<'o, 'a>],
) -> HashMap<(&'p str, &'p str), Vec<&'p policy::Policy<'o, 'a>>> {
    let mut by_service: HashMap<(&str, &str), Vec<&policy::Policy<'o, 'a>>> = HashMap::new();
    for p in policies {
        for t in p.targets.iter().filter(|t| t.is_service) {
            let list = by_service
                .entry((t.namespace.as_str(), t.service.as_str()))
                .or_default();
            if list
                .last()
                .is_none_or(|last| last.object_index != p.object_index)
            {
                list.push(p);
            }
        }
    }
    by_service
}

/// Adds a topology node (or narrows its state: a node is `accepted` only while every `ok` said
/// so; `None` leaves it `not-evaluated`).
fn add_node(
    topology_nodes: &mut BTreeMap<String, (TopologyNode, bool)>,
    id: String,
    kind: &str,
    namespace: Option<&str>,
    name: &str,
    document_index: Option<usize>,
    ok: Option<bool>,
) {
    let entry = topology_nodes.entry(id.clone()).or_insert_with(|| {
        (
            TopologyNode {
                id,
                kind: kind.to_owned(),
                namespace: namespace.map(str::to_owned),
                name: name.to_owned(),
                document_index,
                state: "not-evaluated".to_owned(),
            },
            true,
        )
    });
    if let Some(ok) = ok {
        entry.1 &= ok;
        entry.0.state = if entry.1 { "accepted" } else { "problem" }.to_owned();
    }
}

/// One evaluation, phase by phase (each a method, in the order [`evaluate_model`] calls them):
/// what each phase computes is kept here for the later ones.
struct Evaluator<'m> {
    objects: &'m Model<'m>,
    release: &'static str,
    /// For Gateways whose GatewayClass is not in the input.
    default_controller: String,
    /// The severity of a reference to an object missing from the input.
    missing: Severity,
    issues: Vec<Issue>,
    /// Status by object index.
    statuses: HashMap<usize, ObjectStatus>,
    topology: Topology,
    /// Topology nodes by id, with whether every state reported for them was ok.
    node_state: BTreeMap<String, (TopologyNode, bool)>,
    /// GatewayClass name -> controllerName.
    class_controllers: HashMap<String, String>,
    gateway_indices: Vec<usize>,
    /// Listeners by the index of their Gateway or ListenerSet.
    gateway_listeners: HashMap<usize, Vec<Listener<'m>>>,
    listener_set_conditions: HashMap<usize, Vec<Condition>>,
    gateway_by_key: HashMap<(String, String), usize>,
    /// ListenerSet index -> its Gateway's index, for those allowed on an accepted Gateway.
    listener_set_gateway: HashMap<usize, usize>,
    listener_set_by_key: HashMap<(String, String), usize>,
    /// Routes attached per (gateway index, listener index).
    attachments: HashMap<(usize, usize), usize>,
    /// Service backends reached per gateway: (gateway index, backend).
    reached: BTreeSet<(usize, Backend)>,
    effective: BTreeMap<ServicePort, EffectivePolicy>,
}

impl<'m> Evaluator<'m> {
    fn new(objects: &'m Model<'m>, release: &'static str, controller_name: &str) -> Self {
        Self {
            objects,
            release,
            default_controller: controller_name.to_owned(),
            missing: Severity::Warning,
            issues: Vec::new(),
            statuses: HashMap::new(),
            topology: Topology::default(),
            node_state: BTreeMap::new(),
            class_controllers: HashMap::new(),
            gateway_indices: Vec::new(),
            gateway_listeners: HashMap::new(),
            listener_set_conditions: HashMap::new(),
            gateway_by_key: HashMap::new(),
            listener_set_gateway: HashMap::new(),
            listener_set_by_key: HashMap::new(),
            attachments: HashMap::new(),
            reached: BTreeSet::new(),
            effective: BTreeMap::new(),
        }
    }

    /// The controller name written for `gateway`: its GatewayClass's, else the default.
    fn controller_of(&self, gateway: &Object<'_>) -> String {
        gateway
            .spec()
            .and_then(|s| s.get_str("gatewayClassName"))
            .and_then(|c| self.class_controllers.get(c))
            .cloned()
            .unwrap_or_else(|| self.default_controller.clone())
    }

    /// GatewayClasses: accepted, and the controller name of each.
    fn classes(&mut self) {
        let objects = self.objects;
        // GatewayClasses.
        self.class_controllers = HashMap::new();
        for (i, class) in objects.objects.iter().enumerate().filter(|(_, o)| o.named) {
            if class.group == GATEWAY_GROUP && class.kind == "GatewayClass" {
                let controller = class
                    .spec()
                    .and_then(|s| s.get_str("controllerName"))
                    .unwrap_or(&self.default_controller)
                    .to_owned();
                self.class_controllers
                    .insert(class.name.to_owned(), controller);
                self.statuses.insert(
                    i,
                    ObjectStatus::GatewayClass(GatewayClassStatus {
                        conditions: vec![Condition::new(
                            "Accepted",
                            ConditionStatus::True,
                            "Accepted",
                            "GatewayClass accepted",
                            Some(class.generation()),
                        )],
                    }),
                );
                add_node(
                    &mut self.node_state,
                    id("GatewayClass", "", class.name),
                    "GatewayClass",
                    None,
                    class.name,
                    Some(class.document_index),
                    Some(true),
                );
            }
        }
    }

    /// Gateways and their own listeners.
    fn gateways(&mut self) {
        let objects = self.objects;
        let release = self.release;
        // Gateways and listeners.
        self.gateway_indices = objects
            .objects
            .iter()
            .enumerate()
            .filter(|(_, o)| o.named)
            .filter(|(_, o)| o.group == GATEWAY_GROUP && o.kind == "Gateway" && o.known)
            .map(|(i, _)| i)
            .collect();
        // Listeners by the index of their Gateway or ListenerSet.
        self.gateway_listeners = HashMap::new();
        self.listener_set_conditions = HashMap::new();
        for &gi in &self.gateway_indices {
            let Some(gateway) = objects.object(gi) else {
                continue;
            };
            let mut local = Vec::new();
            let listeners = gateway::listeners(gateway, objects, release, &mut local);
            for issue in &mut local {
                issue.document_index = gateway.document_index;
            }
            self.issues.extend(local);
            self.gateway_listeners.insert(gi, listeners);
        }
        self.gateway_by_key = self
            .gateway_indices
            .iter()
            .filter_map(|&gi| {
                objects
                    .object(gi)
                    .map(|g| ((g.ns().to_owned(), g.name.to_owned()), gi))
            })
            .collect();
    }

    /// ListenerSets, attached to their Gateways in precedence order.
    fn listener_sets(&mut self) {
        let objects = self.objects;
        let release = self.release;
        // ListenerSets (v1.5+ ListenerSet; experimental XListenerSet before), attached to their
        // Gateways in precedence order (oldest first, then by namespace/name): the Gateway's own
        // listeners, then earlier ListenerSets' listeners, win conflicts.
        let mut listener_sets: Vec<usize> = objects
            .objects
            .iter()
            .enumerate()
            .filter(|(_, o)| o.named)
            .filter(|(_, o)| o.known && is_listener_set(o.group, o.kind))
            .map(|(i, _)| i)
            .collect();
        listener_sets.sort_by_key(|&i| objects.object(i).map(refs::precedence_key));
        // ListenerSet index -> its Gateway's index, for those allowed on an accepted Gateway.
        self.listener_set_gateway = HashMap::new();
        self.listener_set_by_key = HashMap::new();
        let mut established: HashMap<usize, gateway::Established> = HashMap::new();
        for &li in &listener_sets {
            let Some(set) = objects.object(li) else {
                continue;
            };
            self.listener_set_by_key
                .insert((set.ns().to_owned(), set.name.to_owned()), li);
            let mut local = Vec::new();
            let generation = Some(set.generation());
            // A ListenerSet's Accepted and Programmed conditions: (status, reason, message) each.
            let two = |accepted: (ConditionStatus, &str, &str),
                       programmed: (ConditionStatus, &str, &str)| {
                vec![
                    Condition::new("Accepted", accepted.0, accepted.1, accepted.2, generation),
                    Condition::new(
                        "Programmed",
                        programmed.0,
                        programmed.1,
                        programmed.2,
                        generation,
                    ),
                ]
            };
            let parent_ref = set.spec().and_then(|s| s.get("parentRef"));
            let gateway_namespace = parent_ref
                .and_then(|p| p.get_str("namespace"))
                .filter(|n| !n.is_empty())
                .unwrap_or(set.ns());
            let gateway_name = parent_ref
                .and_then(|p| p.get_str("name"))
                .unwrap_or_default();
            let gi = self
                .gateway_by_key
                .get(&(gateway_namespace.to_owned(), gateway_name.to_owned()))
                .copied();
            let gateway_ok = gi.is_some_and(|gi| {
                self.gateway_listeners
                    .get(&gi)
                    .is_some_and(|ls| ls.iter().any(|l| l.usable))
                    && objects
                        .object(gi)
                        .is_some_and(|g| gateway::parameters_problem(g, objects).is_none())
            });
            let gateway = gi.and_then(|gi| objects.object(gi));
            let problem: Option<Problem> = match gateway {
                None => Some(Problem::missing(
                    "ParentNotAccepted",
                    format!("Gateway {gateway_namespace}/{gateway_name} not found in the input"),
                )),
                Some(_) if !gateway_ok => Some(Problem::error(
                    "ParentNotAccepted",
                    format!("Gateway {gateway_namespace}/{gateway_name} is not accepted"),
                )),
                Some(g) if !listener_set_allowed(g, set, objects) => Some(Problem::error(
                    "NotAllowed",
                    format!(
                        "Gateway {gateway_namespace}/{gateway_name} does not allow ListenerSets from namespace {} (spec.allowedListeners)",
                        set.ns()
                    ),
                )),
                Some(_) => None,
            };
            let (conditions, listeners) = match (problem, gateway, gi) {
                (None, Some(gateway), Some(gi)) => {
                    let index = established.entry(gi).or_insert_with(|| {
                        // The Gateway's own listeners come first.
                        let mut index = gateway::Established::default();
                        let own = self
                            .gateway_listeners
                            .get(&gi)
                            .map_or(&[][..], Vec::as_slice);
                        for (position, l) in own.iter().enumerate().filter(|(_, l)| l.usable) {
                            index.push(gi, position, l);
                        }
                        index
                    });
                    let lookup = |l: &Listener<'_>| {
                        gateway::conflict_with_established(index, &self.gateway_listeners, l)
                    };
                    let listeners = gateway::evaluate_listeners(
                        set, gateway, &lookup, objects, release, &mut local,
                    );
                    for (position, l) in listeners.iter().enumerate().filter(|(_, l)| l.usable) {
                        index.push(li, position, l);
                    }
                    let valid = listeners.iter().filter(|l| l.is_valid()).count();
                    let conditions = if valid == listeners.len() {
                        two(
                            (ConditionStatus::True, "Accepted", "ListenerSet accepted"),
                            (
                                ConditionStatus::True,
                                "Programmed",
                                "ListenerSet programmed",
                            ),
                        )
                    } else if valid > 0 {
                        two(
                            (
                                ConditionStatus::True,
                                "ListenersNotValid",
                                "some listeners are invalid",
                            ),
                            (
                                ConditionStatus::True,
                                "Programmed",
                                "ListenerSet programmed",
                            ),
                        )
                    } else {
                        two(
                            (
                                ConditionStatus::False,
                                "ListenersNotValid",
                                "no listener is valid",
                            ),
                            (
                                ConditionStatus::False,
                                "ListenersNotValid",
                                "no listener is valid",
                            ),
                        )
                    };
                    self.listener_set_gateway.insert(li, gi);
                    (conditions, listeners)
                }
                (problem, _, _) => {
                    let (reason, message) = problem
                        .as_ref()
                        .map_or(("ParentNotAccepted", String::new()), |p| {
                            (p.reason, p.message.clone())
                        });
                    if let (Some(problem), Some(node)) = (&problem, parent_ref) {
                        local.push(Issue::at(
                            node,
                            problem.severity,
                            "evaluation/listenerset-not-accepted",
                            format!("Accepted=False ({reason}): {message}"),
                            vec!["spec".into(), "parentRef".into()],
                        ));
                    }
                    (
                        two(
                            (ConditionStatus::False, reason, &message),
                            (ConditionStatus::False, reason, &message),
                        ),
                        Vec::new(),
                    )
                }
            };
            for issue in &mut local {
                issue.document_index = set.document_index;
            }
            self.issues.extend(local);
            self.listener_set_conditions.insert(li, conditions);
            self.gateway_listeners.insert(li, listeners);
        }
    }

    /// Routes: attachment to listeners (and Services), backends, unsupported values.
    fn routes(&mut self, analysis: &Analysis<'_>) {
        let objects = self.objects;
        // Values the release's schema does not allow in an enum (lint's `schema/enum`), by position:
        // a controller of that release does not recognize them (route reason `UnsupportedValue`).
        let mut enum_findings: Vec<(u32, u32, &str)> = analysis
            .findings
            .iter()
            .filter(|f| f.code == "schema/enum")
            .map(|f| (f.span.start, f.span.end, f.message.as_str()))
            .collect();
        enum_findings.sort_unstable();

        // Routes.
        // Routes attached per (gateway index, listener index).
        self.attachments = HashMap::new();
        // Service backends reached per gateway: (gateway index, backend).
        self.reached = BTreeSet::new();
        for (ri, route) in objects.objects.iter().enumerate().filter(|(_, o)| o.named) {
            if !(route.group == GATEWAY_GROUP && ROUTE_KINDS.contains(&route.kind) && route.known) {
                continue;
            }
            let mut local = Vec::new();
            let (resolved, backends) = routes::resolve_backends(route, objects, &mut local);
            let dropped = dropped_rules(route, &enum_findings);
            if let Some((first, message)) = dropped.dropped.first() {
                let rules = seq(route.spec().and_then(|s| s.get("rules")));
                if let Some(rule) = rules.get(*first) {
                    let all = dropped.dropped.len() == dropped.rules;
                    local.push(Issue::at(
                        rule,
                        IssueSeverity::Error,
                        "evaluation/route-unsupported-value",
                        if all {
                            format!("Accepted=False (UnsupportedValue): a controller for this release does not recognize a value: {message}")
                        } else {
                            format!("PartiallyInvalid=True (UnsupportedValue): this rule is dropped; a controller for this release does not recognize a value: {message}")
                        },
                        vec!["spec".into(), "rules".into(), first.to_string()],
                    ));
                }
            }
            let route_id = id(route.kind, route.ns(), route.name);
            let route_node = |state: &mut BTreeMap<String, (TopologyNode, bool)>,
                              ok: Option<bool>| {
                add_node(
                    state,
                    route_id.clone(),
                    route.kind,
                    Some(route.ns()),
                    route.name,
                    Some(route.document_index),
                    ok,
                );
            };
            let mut parents = Vec::new();
            let parent_refs = seq(route.spec().and_then(|s| s.get("parentRefs")));
            for (pi, parent_ref) in parent_refs.iter().enumerate() {
                let kind = parent_ref.get_str("kind").unwrap_or("Gateway");
                let group = parent_ref.get_str("group").unwrap_or(GATEWAY_GROUP);
                let path = vec!["spec".into(), "parentRefs".into(), pi.to_string()];
                if kind == "Service" && group.is_empty() {
                    let mut status = routes::attach_service(
                        route,
                        parent_ref,
                        &self.default_controller,
                        &resolved,
                        objects,
                        &mut local,
                        path,
                    );
                    unsupported_value(&mut status, &dropped, route.generation());
                    route_node(
                        &mut self.node_state,
                        Some(status.conditions.iter().all(Condition::healthy)),
                    );
                    parents.push(status);
                    continue;
                }
                let to_listener_set = is_listener_set(group, kind);
                if !(to_listener_set || (kind == "Gateway" && group == GATEWAY_GROUP)) {
                    // Implementation-specific parents are not evaluated.
                    continue;
                }
                let namespace = parent_ref.get_str("namespace").unwrap_or(route.ns());
                let name = parent_ref.get_str("name").unwrap_or_default();
                let key = (namespace.to_owned(), name.to_owned());
                let gi = if to_listener_set {
                    self.listener_set_by_key.get(&key).copied()
                } else {
                    self.gateway_by_key.get(&key).copied()
                };
                let parent = gi.and_then(|gi| {
                    Some(Parent {
                        object_index: gi,
                        gateway: objects.object(gi)?,
                        listeners: self.gateway_listeners.get(&gi)?.as_slice(),
                    })
                });
                // A ListenerSet's controller is its Gateway's.
                let controller = gi
                    .and_then(|gi| self.listener_set_gateway.get(&gi).copied().or(Some(gi)))
                    .and_then(|gi| objects.object(gi))
                    .map_or_else(
                        || self.default_controller.clone(),
                        |g| self.controller_of(g),
                    );
                let result = routes::attach(
                    route,
                    parent_ref,
                    parent.as_ref(),
                    &controller,
                    &resolved,
                    objects,
                    &mut local,
                    path,
                );
                let mut result = result;
                if unsupported_value(&mut result.status, &dropped, route.generation()) {
                    result.attached.clear();
                }
                let accepted = !result.attached.is_empty();
                for &(gi, li) in &result.attached {
                    *self.attachments.entry((gi, li)).or_default() += 1;
                    if let Some(gateway) = objects.object(gi) {
                        let listener_name = self
                            .gateway_listeners
                            .get(&gi)
                            .and_then(|ls| ls.get(li))
                            .map(|l| l.name.to_owned())
                            .unwrap_or_default();
                        self.topology.edges.push(TopologyEdge {
                            from: route_id.clone(),
                            to: format!(
                                "{}/{listener_name}",
                                id(gateway.kind, gateway.ns(), gateway.name)
                            ),
                            kind: EdgeKind::AttachesTo,
                        });
                    }
                    // Policies see the Gateway, also through a ListenerSet.
                    let ancestor = self.listener_set_gateway.get(&gi).copied().unwrap_or(gi);
                    for backend in &backends {
                        self.reached.insert((ancestor, backend.clone()));
                    }
                }
                // Accepted by some listener, and every condition for this parent healthy (ResolvedRefs
                // True, no PartiallyInvalid).
                let healthy = result.status.conditions.iter().all(Condition::healthy);
                route_node(&mut self.node_state, Some(accepted && healthy));
                parents.push(result.status);
            }
            if parents.is_empty() {
                route_node(&mut self.node_state, None);
            }
            for backend in &backends {
                let service_id = id("Service", &backend.namespace, &backend.name);
                let service = objects.get("", "Service", &backend.namespace, &backend.name);
                add_node(
                    &mut self.node_state,
                    service_id.clone(),
                    "Service",
                    Some(&backend.namespace),
                    &backend.name,
                    service.map(|s| s.document_index),
                    Some(service.is_some()),
                );
                self.topology.edges.push(TopologyEdge {
                    from: route_id.clone(),
                    to: service_id,
                    kind: EdgeKind::RoutesTo,
                });
            }
            for issue in &mut local {
                issue.document_index = route.document_index;
            }
            self.issues.extend(local);
            self.statuses
                .insert(ri, ObjectStatus::Route(RouteStatus { parents }));
        }
    }

    /// Gateway status, now that attachments are known; ListenerSets attached to each.
    fn gateway_status(&mut self) {
        let objects = self.objects;
        let release = self.release;
        // ListenerSets attached to each Gateway: allowed, and accepted.
        let mut attached_sets: HashMap<usize, u32> = HashMap::new();
        for (li, gi) in &self.listener_set_gateway {
            let accepted = self
                .listener_set_conditions
                .get(li)
                .and_then(|c| c.first())
                .is_some_and(Condition::healthy);
            if accepted {
                *attached_sets.entry(*gi).or_default() += 1;
            }
        }

        // Gateway status, now that attachments are known.
        for &gi in &self.gateway_indices {
            let (Some(gateway), Some(listeners)) =
                (objects.object(gi), self.gateway_listeners.get(&gi))
            else {
                continue;
            };
            let generation = Some(gateway.generation());
            let gateway_id = id("Gateway", gateway.ns(), gateway.name);
            let class = gateway
                .spec()
                .and_then(|s| s.get_str("gatewayClassName"))
                .unwrap_or_default();
            add_node(
                &mut self.node_state,
                id("GatewayClass", "", class),
                "GatewayClass",
                None,
                class,
                None,
                None,
            );
            self.topology.edges.push(TopologyEdge {
                from: gateway_id.clone(),
                to: id("GatewayClass", "", class),
                kind: EdgeKind::AttachesTo,
            });
            let mut listener_statuses = Vec::new();
            let mut all_ok = true;
            let mut any_ok = false;
            for listener in listeners {
                let attached = self
                    .attachments
                    .get(&(gi, listener.index))
                    .copied()
                    .unwrap_or(0);
                let ok = listener.is_valid();
                all_ok &= ok;
                any_ok |= ok;
                let listener_id = format!("{gateway_id}/{}", listener.name);
                add_node(
                    &mut self.node_state,
                    listener_id.clone(),
                    "Listener",
                    Some(gateway.ns()),
                    &listener.name,
                    Some(gateway.document_index),
                    Some(ok),
                );
                self.topology.edges.push(TopologyEdge {
                    from: listener_id,
                    to: gateway_id.clone(),
                    kind: EdgeKind::AttachesTo,
                });
                listener_statuses.push(ListenerStatus {
                    name: listener.name.to_owned(),
                    supported_kinds: listener.supported_kinds.clone(),
                    attached_routes: u32::try_from(attached).unwrap_or(u32::MAX),
                    conditions: listener.conditions.clone(),
                });
            }
            let parameters = gateway::parameters_problem(gateway, objects);
            let client_certificate = gateway::client_certificate_problem(gateway, objects);
            if let Some((problem, node)) = &parameters {
                self.issues.push(Issue {
                    document_index: gateway.document_index,
                    ..Issue::at(
                        node,
                        problem.severity,
                        "evaluation/gateway-parameters",
                        format!("Accepted=False (InvalidParameters): {}", problem.message),
                        vec![
                            "spec".into(),
                            "infrastructure".into(),
                            "parametersRef".into(),
                        ],
                    )
                });
            }
            if let Some((problem, node)) = &client_certificate {
                self.issues.push(Issue {
                    document_index: gateway.document_index,
                    ..Issue::at(
                        node,
                        problem.severity,
                        "evaluation/gateway-client-certificate",
                        format!(
                            "ResolvedRefs=False ({}): {}",
                            problem.reason, problem.message
                        ),
                        vec![
                            "spec".into(),
                            "tls".into(),
                            "backend".into(),
                            "clientCertificateRef".into(),
                        ],
                    )
                });
            }
            let accepted = if let Some((problem, _)) = &parameters {
                Condition::new(
                    "Accepted",
                    ConditionStatus::False,
                    "InvalidParameters",
                    problem.message.clone(),
                    generation,
                )
            } else if all_ok {
                Condition::new(
                    "Accepted",
                    ConditionStatus::True,
                    "Accepted",
                    "Gateway accepted",
                    generation,
                )
            } else if any_ok {
                Condition::new(
                    "Accepted",
                    ConditionStatus::True,
                    "ListenersNotValid",
                    "some listeners are invalid",
                    generation,
                )
            } else {
                Condition::new(
                    "Accepted",
                    ConditionStatus::False,
                    "ListenersNotValid",
                    "no listener is valid",
                    generation,
                )
            };
            let programmed = if any_ok {
                Condition::new(
                    "Programmed",
                    ConditionStatus::True,
                    "Programmed",
                    "Gateway programmed",
                    generation,
                )
            } else {
                Condition::new(
                    "Programmed",
                    ConditionStatus::False,
                    "Invalid",
                    "no listener is valid",
                    generation,
                )
            };
            add_node(
                &mut self.node_state,
                gateway_id,
                "Gateway",
                Some(gateway.ns()),
                gateway.name,
                Some(gateway.document_index),
                Some(accepted.healthy()),
            );
            let mut gateway_conditions = vec![accepted, programmed];
            // v1.5 adds a Gateway-level ResolvedRefs condition.
            if gateway::minor(release) >= 5 {
                let listeners_resolved = listeners.iter().all(|l| {
                    l.conditions
                        .iter()
                        .all(|c| c.condition_type != "ResolvedRefs" || c.healthy())
                });
                let problem = match &client_certificate {
                    Some((problem, _)) => Some((problem.reason, problem.message.as_str())),
                    None if !listeners_resolved => Some((
                        "ListenersNotResolved",
                        "some listeners have unresolved references",
                    )),
                    None => None,
                };
                gateway_conditions.push(Condition::resolved_refs(problem, generation));
            }
            // v1.4 adds spec.tls.frontend and the InsecureFrontendValidationMode condition.
            if gateway::minor(release) >= 4 {
                if let Some(node) = gateway::insecure_frontend_mode(gateway) {
                    gateway_conditions.push(Condition::new(
                        "InsecureFrontendValidationMode",
                        ConditionStatus::True,
                        "ConfigurationChanged",
                        "client certificate validation allows insecure fallback (AllowInsecureFallback)",
                        generation,
                    ));
                    self.issues.push(Issue {
                        document_index: gateway.document_index,
                        ..Issue::at(
                            node,
                            IssueSeverity::Warning,
                            "evaluation/gateway-insecure-frontend-validation",
                            "InsecureFrontendValidationMode=True (ConfigurationChanged): clients without a valid certificate are let through (AllowInsecureFallback)".to_owned(),
                            vec!["spec".into(), "tls".into(), "frontend".into()],
                        )
                    });
                }
            }
            self.statuses.insert(
                gi,
                ObjectStatus::Gateway(GatewayStatus {
                    conditions: gateway_conditions,
                    listeners: listener_statuses,
                    attached_listener_sets: (gateway::minor(release) >= 5)
                        .then(|| attached_sets.get(&gi).copied().unwrap_or(0)),
                }),
            );
        }
    }

    /// ListenerSet status: its conditions, and its listeners as a Gateway's.
    fn listener_set_status(&mut self) {
        let objects = self.objects;
        // ListenerSet status: its conditions, and its listeners as a Gateway's.
        for (li, conditions) in std::mem::take(&mut self.listener_set_conditions) {
            let Some(set) = objects.object(li) else {
                continue;
            };
            let listeners = self
                .gateway_listeners
                .get(&li)
                .map_or(&[][..], Vec::as_slice);
            let set_id = id(set.kind, set.ns(), set.name);
            add_node(
                &mut self.node_state,
                set_id.clone(),
                set.kind,
                Some(set.ns()),
                set.name,
                Some(set.document_index),
                Some(conditions.iter().all(Condition::healthy)),
            );
            if let Some(gateway) = self
                .listener_set_gateway
                .get(&li)
                .and_then(|&gi| objects.object(gi))
            {
                self.topology.edges.push(TopologyEdge {
                    from: set_id.clone(),
                    to: id("Gateway", gateway.ns(), gateway.name),
                    kind: EdgeKind::AttachesTo,
                });
            }
            let listener_statuses = listeners
                .iter()
                .map(|listener| ListenerStatus {
                    name: listener.name.to_owned(),
                    supported_kinds: listener.supported_kinds.clone(),
                    attached_routes: u32::try_from(
                        self.attachments
                            .get(&(li, listener.index))
                            .copied()
                            .unwrap_or(0),
                    )
                    .unwrap_or(u32::MAX),
                    conditions: listener.conditions.clone(),
                })
                .collect();
            self.statuses.insert(
                li,
                ObjectStatus::Gateway(GatewayStatus {
                    conditions,
                    listeners: listener_statuses,
                    attached_listener_sets: None,
                }),
            );
        }
    }

    /// BackendTLSPolicies: targets, CA refs, conflicts.
    fn policies(&mut self) -> Vec<policy::Policy<'m, 'm>> {
        let objects = self.objects;
        // BackendTLSPolicies.
        let mut policies = Vec::new();
        for (i, object) in objects.objects.iter().enumerate().filter(|(_, o)| o.named) {
            if object.group == GATEWAY_GROUP && object.kind == "BackendTLSPolicy" && object.known {
                let mut local = Vec::new();
                let policy = policy::read_policy_in(i, object, objects, self.release, &mut local);
                for issue in &mut local {
                    issue.document_index = object.document_index;
                }
                self.issues.extend(local);
                policies.push(policy);
            }
        }
        policy::resolve_conflicts(&mut policies, &mut self.issues);
        policies
    }

    /// Status of each policy per ancestor Gateway, and the policies in the topology.
    fn policy_status(&mut self, policies: &[policy::Policy<'m, 'm>]) {
        let objects = self.objects;
        let release = self.release;
        let port_name = |backend: &Backend| service_port_name(objects, backend);
        // Reached backends by Service, so that matching them with the policies is linear.
        let reached_by_service = reached_by_service(&self.reached);
        for policy in policies {
            let policy_id = id("BackendTLSPolicy", policy.object.ns(), policy.object.name);
            let conditions = policy::conditions(policy, release);
            let ok = conditions.iter().all(Condition::healthy);
            add_node(
                &mut self.node_state,
                policy_id.clone(),
                "BackendTLSPolicy",
                Some(policy.object.ns()),
                policy.object.name,
                Some(policy.object.document_index),
                Some(ok),
            );
            for target in &policy.targets {
                let service_id = id("Service", &target.namespace, &target.service);
                add_node(
                    &mut self.node_state,
                    service_id.clone(),
                    "Service",
                    Some(&target.namespace),
                    &target.service,
                    objects
                        .get("", "Service", &target.namespace, &target.service)
                        .map(|s| s.document_index),
                    None,
                );
                self.topology.edges.push(TopologyEdge {
                    from: policy_id.clone(),
                    to: service_id,
                    kind: EdgeKind::Targets,
                });
            }
            for ca in &policy.ca_refs {
                let (ns, name) = ca.split_once('/').unwrap_or(("", ca));
                let ca_id = id("ConfigMap", ns, name);
                add_node(
                    &mut self.node_state,
                    ca_id.clone(),
                    "ConfigMap",
                    Some(ns),
                    name,
                    objects
                        .get("", "ConfigMap", ns, name)
                        .map(|c| c.document_index),
                    None,
                );
                self.topology.edges.push(TopologyEdge {
                    from: policy_id.clone(),
                    to: ca_id,
                    kind: EdgeKind::UsesCa,
                });
            }
            // Ancestors: Gateways whose attached routes reach a targeted Service (and port).
            let mut ancestors: BTreeSet<usize> = BTreeSet::new();
            // A sectionName naming no port still has the Gateways reaching the Service as ancestors,
            // so that its TargetNotFound shows in status.
            for t in policy.targets.iter().filter(|t| t.is_service) {
                let key = (t.namespace.as_str(), t.service.as_str());
                for (gi, backend) in reached_by_service.get(&key).map_or(&[][..], Vec::as_slice) {
                    if !t.found
                        || t.section
                            .as_ref()
                            .is_none_or(|s| port_name(backend).as_ref() == Some(s))
                    {
                        ancestors.insert(*gi);
                    }
                }
            }
            let ancestors = ancestors
                .into_iter()
                .filter_map(|gi| objects.object(gi))
                .map(|gateway| PolicyAncestorStatus {
                    ancestor_ref: ParentRef {
                        group: GATEWAY_GROUP.to_owned(),
                        kind: "Gateway".to_owned(),
                        namespace: Some(gateway.ns().to_owned()),
                        name: gateway.name.to_owned(),
                        section_name: None,
                        port: None,
                    },
                    controller_name: self.controller_of(gateway),
                    conditions: conditions.clone(),
                })
                .collect();
            self.statuses.insert(
                policy.object_index,
                ObjectStatus::Policy(PolicyStatus { ancestors }),
            );
        }
    }

    /// The effective policy per Service port reached by a route.
    fn effective_policies(&mut self, policies: &[policy::Policy<'m, 'm>]) {
        let objects = self.objects;
        let port_name = |backend: &Backend| service_port_name(objects, backend);
        // Policies by the Service they target, so that matching them with the ports is linear.
        let policies_by_service = policies_by_service(policies);
        // Effective policy per Service port reached by a route.
        self.effective = BTreeMap::new();
        for (gi, backend) in &self.reached {
            let target = ServicePort {
                namespace: backend.namespace.clone(),
                name: backend.name.to_owned(),
                port: backend.port,
                port_name: port_name(backend),
            };
            let entry = self.effective.entry(target.clone()).or_insert_with(|| {
                let applicable: Vec<&policy::Policy<'_, '_>> = policies_by_service
                    .get(&(target.namespace.as_str(), target.name.as_str()))
                    .map_or(&[][..], Vec::as_slice)
                    .iter()
                    .copied()
                    .filter(|p| {
                        p.targets.iter().any(|t| {
                            t.namespace == target.namespace
                                && t.service == target.name
                                && t.section
                                    .as_ref()
                                    .is_none_or(|s| target.port_name.as_ref() == Some(s))
                        })
                    })
                    .collect();
                // A policy naming this port's section wins over whole-Service policies; among the
                // rest, conflicts were resolved already.
                let specific = |p: &&policy::Policy<'_, '_>| {
                    p.targets
                        .iter()
                        .any(|t| t.section.is_some() && t.section == target.port_name)
                };
                let valid = |p: &&policy::Policy<'_, '_>| {
                    p.conflicted_by.is_none() && !p.no_valid_ca && p.targets.iter().any(|t| t.found)
                };
                let winner = applicable
                    .iter()
                    .find(|p| specific(p) && valid(p))
                    .or_else(|| applicable.iter().find(|p| !specific(p) && valid(p)))
                    .copied();
                let losers = applicable
                    .iter()
                    .filter(|p| winner.is_none_or(|w| w.object_index != p.object_index))
                    .map(|p| LosingPolicy {
                        namespace: p.object.ns().to_owned(),
                        name: p.object.name.to_owned(),
                        reason: if p.conflicted_by.is_some() {
                            "Conflicted"
                        } else if p.targets.iter().any(|t| t.invalid) {
                            "Invalid"
                        } else if !p.targets.iter().any(|t| t.found) {
                            "TargetNotFound"
                        } else if p.no_valid_ca {
                            "NoValidCACertificate"
                        } else {
                            "Overridden"
                        }
                        .to_owned(),
                    })
                    .collect();
                EffectivePolicy {
                    target: target.clone(),
                    policy: winner.map(|w| PolicyRef {
                        namespace: w.object.ns().to_owned(),
                        name: w.object.name.to_owned(),
                    }),
                    hostname: winner.and_then(|w| w.hostname.clone()),
                    ca_certificate_refs: winner.map(|w| w.ca_refs.clone()).unwrap_or_default(),
                    well_known_ca_certificates: winner.and_then(|w| {
                        w.object
                            .spec()
                            .and_then(|s| s.get("validation"))
                            .and_then(|v| v.get_str("wellKnownCACertificates"))
                            .map(str::to_owned)
                    }),
                    losers,
                    gateways: Vec::new(),
                }
            });
            if let Some(gateway) = objects.object(*gi) {
                let name = format!("{}/{}", gateway.ns(), gateway.name);
                if !entry.gateways.contains(&name) {
                    entry.gateways.push(name);
                }
            }
        }
    }

    /// ReferenceGrants in the topology; the topology sorted.
    fn topology(&mut self) {
        let objects = self.objects;
        // ReferenceGrants in the topology.
        for grant in objects.of_group_kind(GATEWAY_GROUP, "ReferenceGrant") {
            let grant_id = id("ReferenceGrant", grant.ns(), grant.name);
            add_node(
                &mut self.node_state,
                grant_id.clone(),
                "ReferenceGrant",
                Some(grant.ns()),
                grant.name,
                Some(grant.document_index),
                None,
            );
            let to = seq(grant.spec().and_then(|s| s.get("to")));
            for t in to {
                let kind = t.get_str("kind").unwrap_or_default();
                let target = match t.get_str("name") {
                    Some(name) if !name.is_empty() => id(kind, grant.ns(), name),
                    _ => format!("{kind}/{}/*", grant.ns()),
                };
                self.topology.edges.push(TopologyEdge {
                    from: grant_id.clone(),
                    to: target,
                    kind: EdgeKind::Permits,
                });
            }
        }
        self.topology.nodes = std::mem::take(&mut self.node_state)
            .into_values()
            .map(|(n, _)| n)
            .collect();
        self.topology
            .edges
            .sort_by(|a, b| (&a.from, &a.to, a.kind).cmp(&(&b.from, &b.to, b.kind)));
        self.topology.edges.dedup();
    }

    /// The result: resources with their status, the topology, and lint's diagnostics plus one
    /// per issue.
    fn finish(mut self, analysis: &Analysis<'_>) -> EvaluateResult {
        let release = self.release;

        let mut resources: Vec<EvaluatedResource> = self
            .objects
            .objects
            .iter()
            .enumerate()
            .filter(|(_, o)| o.named)
            .map(|(i, o)| EvaluatedResource {
                api_version: o.api_version.to_owned(),
                kind: o.kind.to_owned(),
                namespace: o.namespace.map(str::to_owned),
                name: o.name.to_owned(),
                document_index: o.document_index,
                status: self.statuses.remove(&i),
                absent: None,
            })
            .collect();
        // Objects that are not in the cluster: listed, without status, saying why.
        for summary in &analysis.resources {
            let (Some(absent), Some(api_version), Some(kind), Some(name)) = (
                summary.absent,
                &summary.api_version,
                &summary.kind,
                &summary.name,
            ) else {
                continue;
            };
            resources.push(EvaluatedResource {
                api_version: api_version.clone(),
                kind: kind.clone(),
                namespace: summary.namespace.clone(),
                name: name.clone(),
                document_index: summary.document_index,
                status: None,
                absent: Some(absent),
            });
            // In the topology, the object's node says why it is not there (a reference to it
            // may have made the node already, as a missing object).
            let node_id = id(kind, summary.namespace.as_deref().unwrap_or(""), name);
            let state = match absent {
                Absence::RejectedByApiServer => "rejected",
                Absence::ReplacedByLater => "replaced",
            };
            match self.topology.nodes.iter_mut().find(|n| n.id == node_id) {
                Some(node) if node.document_index.is_none() => {
                    node.document_index = Some(summary.document_index);
                    node.state = state.to_owned();
                }
                Some(_) => {}
                None => self.topology.nodes.push(TopologyNode {
                    id: node_id,
                    kind: kind.clone(),
                    namespace: summary.namespace.clone(),
                    name: name.clone(),
                    document_index: Some(summary.document_index),
                    state: state.to_owned(),
                }),
            }
        }
        resources.sort_by_key(|r| r.document_index);
        self.topology.nodes.sort_by(|a, b| a.id.cmp(&b.id));
        let effective_policies = self.effective.into_values().collect();

        // Diagnostics: lint's, plus the self.issues.
        let resource_refs: HashMap<usize, ResourceRef> = self
            .objects
            .objects
            .iter()
            .filter(|o| o.named)
            .map(|o| {
                (
                    o.document_index,
                    ResourceRef {
                        api_version: Some(o.api_version.to_owned()),
                        kind: Some(o.kind.to_owned()),
                        namespace: o.namespace.map(str::to_owned),
                        name: Some(o.name.to_owned()),
                        document_index: o.document_index,
                    },
                )
            })
            .collect();
        let mut findings = analysis.findings.clone();
        for issue in self.issues {
            findings.push(
                Finding::new(
                    issue.code,
                    match issue.severity {
                        IssueSeverity::Error => Severity::Error,
                        IssueSeverity::Warning => Severity::Warning,
                        IssueSeverity::Missing => self.missing,
                    },
                    Source::Evaluation,
                    issue.message,
                    // The one conversion point of evaluation: node spans become absolute.
                    self.objects
                        .at_document(issue.document_index)
                        .map_or(issue.span, |o| o.absolute(issue.span)),
                )
                .with_path(
                    issue
                        .path
                        .into_iter()
                        .map(|s| match s.parse::<usize>() {
                            Ok(i) => PathSegment::Index(i),
                            Err(_) => PathSegment::Key(s),
                        })
                        .collect(),
                )
                .with_resource(resource_refs.get(&issue.document_index).cloned()),
            );
        }
        let lint = crate::lint::finish(&analysis.index, findings, Vec::new(), release);
        EvaluateResult {
            diagnostics: lint.diagnostics,
            resources,
            effective_policies,
            topology: self.topology,
            gateway_api: release.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{evaluate_model, Model, DEFAULT_CONTROLLER_NAME};
    use crate::diagnostics::Source;
    use crate::options::LintOptions;

    /// Node spans are relative to their document's start (`base`); the issues evaluation emits
    /// are shifted by the base of the object they are on.
    #[test]
    fn issue_spans_are_shifted_by_the_document_base() {
        // A route whose parent Gateway is missing, then enough text for the shifted offsets to
        // stay inside it.
        let text = format!(
            "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: r\nspec:\n  parentRefs:\n  - name: missing\n# {}\n",
            "x".repeat(1200)
        );
        let analysis = crate::driver::analyze(&text, &LintOptions::default());
        let offsets = |base: u32| {
            let mut model = Model::new(&analysis.documents, &analysis.resources);
            for object in &mut model.objects {
                object.base = base;
            }
            evaluate_model(&analysis, &model, DEFAULT_CONTROLLER_NAME)
                .diagnostics
                .into_iter()
                .filter(|d| d.source == Source::Evaluation)
                .map(|d| (d.offsets.start, d.offsets.end))
                .collect::<Vec<_>>()
        };
        let at_zero = offsets(0);
        assert!(!at_zero.is_empty());
        let shifted: Vec<(u32, u32)> = at_zero.iter().map(|(s, e)| (s + 1000, e + 1000)).collect();
        assert_eq!(offsets(1000), shifted);
    }
}
