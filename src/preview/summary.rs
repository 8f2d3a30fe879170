//! One line of text per object: what it attaches to, what it routes to, what secures it, and
//! (for objects with a problem) the failing conditions.

use std::collections::{HashMap, HashSet};

use super::{int, items, listener_protocol, qualified, Input, NodeState, SummaryLine};
use crate::status::ObjectStatus;
use crate::status::{EdgeKind, EffectivePolicy, EvaluatedResource, TopologyNode};

/// Most items (listeners, hostnames, backends, ports...) listed in one line.
const MAX_LISTED: usize = 10;

/// `a, b, c and 4 more`.
fn list(items: &[String]) -> String {
    let mut out = items
        .iter()
        .take(MAX_LISTED)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > MAX_LISTED {
        out.push_str(&format!(" and {} more", items.len() - MAX_LISTED));
    }
    out
}

/// `hostname a` or `hostnames a, b`.
fn counted(singular: &str, items: &[String]) -> String {
    if items.len() == 1 {
        format!("{singular} {}", list(items))
    } else {
        format!("{singular}s {}", list(items))
    }
}

/// Items in first-seen order, each once (a route may name one backend thousands of times).
#[derive(Default)]
struct UniqueList {
    items: Vec<String>,
    seen: HashSet<String>,
}

impl UniqueList {
    fn push(&mut self, item: String) {
        if self.seen.insert(item.clone()) {
            self.items.push(item);
        }
    }
}

impl std::ops::Deref for UniqueList {
    type Target = [String];

    fn deref(&self) -> &[String] {
        &self.items
    }
}

/// What the lines look up, indexed once so that every line costs only its own connections.
struct Index<'a> {
    nodes: HashMap<&'a str, &'a TopologyNode>,
    /// Listener ids each route attaches to, in topology order.
    attached: HashMap<&'a str, Vec<&'a str>>,
    /// Effective policies by target Service port.
    by_target: HashMap<(&'a str, &'a str, Option<i64>), Vec<&'a EffectivePolicy>>,
    /// Effective policies each policy (`namespace`, `name`) applies to or loses.
    by_policy: HashMap<(&'a str, &'a str), Vec<&'a EffectivePolicy>>,
}

impl<'a> Index<'a> {
    fn new(input: &'a Input<'_>) -> Self {
        let topology = &input.evaluation.topology;
        let nodes = topology.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
        let mut attached: HashMap<&str, Vec<&str>> = HashMap::new();
        for edge in &topology.edges {
            if edge.kind == EdgeKind::AttachesTo {
                attached
                    .entry(edge.from.as_str())
                    .or_default()
                    .push(edge.to.as_str());
            }
        }
        let mut by_target: HashMap<_, Vec<_>> = HashMap::new();
        let mut by_policy: HashMap<_, Vec<_>> = HashMap::new();
        for effective in &input.evaluation.effective_policies {
            let t = &effective.target;
            by_target
                .entry((t.namespace.as_str(), t.name.as_str(), t.port))
                .or_default()
                .push(effective);
            let named = effective
                .policy
                .iter()
                .map(|p| (p.namespace.as_str(), p.name.as_str()))
                .chain(
                    effective
                        .losers
                        .iter()
                        .map(|l| (l.namespace.as_str(), l.name.as_str())),
                )
                .collect::<HashSet<_>>();
            for key in named {
                by_policy.entry(key).or_default().push(effective);
            }
        }
        Self {
            nodes,
            attached,
            by_target,
            by_policy,
        }
    }
}

/// The topology id evaluation gives an object.
fn topology_id(r: &EvaluatedResource) -> String {
    match r.namespace.as_deref() {
        Some(ns) if !ns.is_empty() => format!("{}/{ns}/{}", r.kind, r.name),
        _ => format!("{}/{}", r.kind, r.name),
    }
}

pub(crate) fn lines(input: &Input<'_>) -> Vec<SummaryLine> {
    let index = Index::new(input);
    let nodes = &index.nodes;
    input
        .evaluation
        .resources
        .iter()
        .map(|r| {
            let id = topology_id(r);
            let state = nodes.get(id.as_str()).map_or(NodeState::NotEvaluated, |n| {
                NodeState::from_topology(&n.state)
            });
            let head = format!("{} {}", r.kind, qualified(r.namespace.as_deref(), &r.name));
            let mut text = match r.kind.as_str() {
                "HTTPRoute" | "GRPCRoute" | "TLSRoute" | "TCPRoute" | "UDPRoute" => {
                    route(input, r, &id, &index)
                }
                "Gateway" => gateway(input, r),
                "GatewayClass" => input
                    .spec(r.document_index)
                    .and_then(|s| s.get_str("controllerName"))
                    .map(|c| format!(", controller {c}"))
                    .unwrap_or_default(),
                "BackendTLSPolicy" => policy(input, r, &index),
                "ReferenceGrant" => format!(" {}", grant_rule(input, r.document_index)),
                "Service" => service(input, r),
                _ => String::new(),
            };
            text.insert_str(0, &head);
            if let Some(absent) = r.absent {
                text.push_str(&format!("; {}", absent.label()));
            }
            if state == NodeState::Problem {
                if let Some(reason) = super::reason(input, r.document_index, false) {
                    text.push_str(&format!("; problem: {reason}"));
                }
            }
            SummaryLine {
                document_index: r.document_index,
                kind: r.kind.clone(),
                namespace: r.namespace.clone(),
                name: r.name.clone(),
                state,
                text,
            }
        })
        .collect()
}

/// `listener tls-443 (Passthrough)`: TLS listeners show their mode, others their protocol.
fn listener_label(input: &Input<'_>, gateway_document: usize, name: &str) -> String {
    let Some(listener) = input.listener(gateway_document, name) else {
        return name.to_owned();
    };
    let (protocol, mode) = listener_protocol(listener);
    match mode {
        Some(mode) if protocol == "TLS" => format!("{name} ({mode})"),
        _ => format!("{name} ({protocol})"),
    }
}

fn route(input: &Input<'_>, r: &EvaluatedResource, id: &str, index: &Index<'_>) -> String {
    let route_ns = r.namespace.as_deref().unwrap_or_default();
    // Attached listeners, grouped by Gateway (in topology order: sorted).
    let mut gateways: Vec<(String, Vec<String>)> = Vec::new();
    for to in index.attached.get(id).into_iter().flatten() {
        let Some(listener) = index.nodes.get(to) else {
            continue;
        };
        let Some(gateway_document) = listener.document_index else {
            continue;
        };
        let gateway_name = input
            .resource(gateway_document)
            .map(|g| format!("Gateway {}", qualified(g.namespace.as_deref(), &g.name)))
            .unwrap_or_default();
        let label = listener_label(input, gateway_document, &listener.name);
        match gateways.iter_mut().find(|(g, _)| *g == gateway_name) {
            Some((_, listeners)) => listeners.push(label),
            None => gateways.push((gateway_name, vec![label])),
        }
    }
    let mut out = String::from(" -> ");
    if gateways.is_empty() {
        let has_parents =
            matches!(&r.status, Some(ObjectStatus::Route(s)) if !s.parents.is_empty());
        out.push_str(if has_parents {
            "not attached"
        } else {
            "no Gateway parent"
        });
    } else {
        let parts: Vec<String> = gateways
            .iter()
            .map(|(g, ls)| format!("{g} {}", counted("listener", ls)))
            .collect();
        out.push_str(&list(&parts).replace(", Gateway ", " and Gateway "));
    }
    let spec = input.spec(r.document_index);
    let hostnames: Vec<String> = items(spec.and_then(|s| s.get("hostnames")))
        .iter()
        .filter_map(|h| h.value.as_str().map(str::to_owned))
        .collect();
    if !hostnames.is_empty() {
        out.push_str(&format!(", {}", counted("hostname", &hostnames)));
    }
    let mut backends = UniqueList::default();
    let mut policies = UniqueList::default();
    for rule in items(spec.and_then(|s| s.get("rules"))) {
        for backend in items(rule.get("backendRefs")) {
            let Some(name) = backend.get_str("name") else {
                continue;
            };
            let kind = backend.get_str("kind").unwrap_or("Service");
            let namespace = backend.get_str("namespace").unwrap_or(route_ns);
            let port = int(backend.get("port"));
            let mut label = if namespace == route_ns {
                name.to_owned()
            } else {
                format!("{namespace}/{name}")
            };
            if kind != "Service" {
                label.insert_str(0, &format!("{kind} "));
            }
            if let Some(port) = port {
                label.push_str(&format!(":{port}"));
            }
            backends.push(label);
            if kind != "Service" {
                continue;
            }
            let effective = index.by_target.get(&(namespace, name, port));
            for effective in effective.into_iter().flatten() {
                if let Some(p) = &effective.policy {
                    let name = if p.namespace == route_ns {
                        p.name.clone()
                    } else {
                        format!("{}/{}", p.namespace, p.name)
                    };
                    policies.push(name);
                }
            }
        }
    }
    if backends.is_empty() {
        out.push_str(", no backend");
    } else {
        out.push_str(&format!(", {}", counted("backend", &backends)));
    }
    if !policies.is_empty() {
        out.push_str(&format!(", TLS by BackendTLSPolicy {}", list(&policies)));
    }
    out
}

fn gateway(input: &Input<'_>, r: &EvaluatedResource) -> String {
    let spec = input.spec(r.document_index);
    let mut out = String::new();
    if let Some(class) = spec.and_then(|s| s.get_str("gatewayClassName")) {
        out.push_str(&format!(", class {class}"));
    }
    let attached = |name: &str| -> Option<u32> {
        match &r.status {
            Some(ObjectStatus::Gateway(s)) => s
                .listeners
                .iter()
                .find(|l| l.name == name)
                .map(|l| l.attached_routes),
            _ => None,
        }
    };
    let listeners: Vec<String> = items(spec.and_then(|s| s.get("listeners")))
        .iter()
        .map(|l| {
            let name = l.get_str("name").unwrap_or_default();
            let (protocol, mode) = listener_protocol(l);
            let mut detail = protocol;
            if let Some(port) = int(l.get("port")) {
                detail.push_str(&format!(" {port}"));
            }
            if let Some(mode) = mode {
                detail.push_str(&format!(" {mode}"));
            }
            if let Some(n) = attached(name) {
                detail.push_str(&format!(", {n} route{}", if n == 1 { "" } else { "s" }));
            }
            format!("{name} ({detail})")
        })
        .collect();
    if !listeners.is_empty() {
        out.push_str(&format!(", {}", counted("listener", &listeners)));
    }
    out
}

fn policy(input: &Input<'_>, r: &EvaluatedResource, index: &Index<'_>) -> String {
    let spec = input.spec(r.document_index);
    let ns = r.namespace.as_deref().unwrap_or_default();
    let targets: Vec<String> = items(spec.and_then(|s| s.get("targetRefs")))
        .iter()
        .filter_map(|t| {
            let name = t.get_str("name")?;
            let kind = t.get_str("kind").unwrap_or("Service");
            Some(match t.get_str("sectionName") {
                Some(section) => format!("{kind} {name} port {section}"),
                None => format!("{kind} {name}"),
            })
        })
        .collect();
    let mut out = String::new();
    if !targets.is_empty() {
        out.push_str(&format!(" -> {}", list(&targets)));
    }
    let validation = spec.and_then(|s| s.get("validation"));
    if let Some(hostname) = validation.and_then(|v| v.get_str("hostname")) {
        out.push_str(&format!(", hostname {hostname}"));
    }
    let cas: Vec<String> = items(validation.and_then(|v| v.get("caCertificateRefs")))
        .iter()
        .filter_map(|c| {
            let name = c.get_str("name")?;
            Some(format!(
                "{} {name}",
                c.get_str("kind").unwrap_or("ConfigMap")
            ))
        })
        .collect();
    if !cas.is_empty() {
        out.push_str(&format!(", CA {}", list(&cas)));
    }
    if let Some(known) = validation.and_then(|v| v.get_str("wellKnownCACertificates")) {
        out.push_str(&format!(", well-known CA {known}"));
    }
    let mut applies = UniqueList::default();
    let mut loses = UniqueList::default();
    let mine = index.by_policy.get(&(ns, r.name.as_str()));
    for effective in mine.into_iter().flatten() {
        let t = &effective.target;
        let port = t.port.map(|p| format!(":{p}")).unwrap_or_default();
        let target = if t.namespace == ns {
            format!("{}{port}", t.name)
        } else {
            format!("{}/{}{port}", t.namespace, t.name)
        };
        if effective
            .policy
            .as_ref()
            .is_some_and(|p| p.namespace == ns && p.name == r.name)
        {
            applies.push(target);
        } else if let Some(loser) = effective
            .losers
            .iter()
            .find(|l| l.namespace == ns && l.name == r.name)
        {
            loses.push(format!("{target} ({})", loser.reason));
        }
    }
    if applies.is_empty() {
        out.push_str(", applies to no route backend");
    } else {
        out.push_str(&format!(", applies to {}", list(&applies)));
    }
    if !loses.is_empty() {
        out.push_str(&format!(", does not apply to {}", list(&loses)));
    }
    out
}

fn service(input: &Input<'_>, r: &EvaluatedResource) -> String {
    let ports: Vec<String> = items(input.spec(r.document_index).and_then(|s| s.get("ports")))
        .iter()
        .filter_map(|p| {
            let port = int(p.get("port"))?;
            Some(match p.get_str("name") {
                Some(name) => format!("{port} ({name})"),
                None => port.to_string(),
            })
        })
        .collect();
    if ports.is_empty() {
        String::new()
    } else {
        format!(", {}", counted("port", &ports))
    }
}

/// `permits HTTPRoute from shop to Service backends/*`: what a ReferenceGrant opens.
pub(crate) fn grant_rule(input: &Input<'_>, document_index: usize) -> String {
    let spec = input.spec(document_index);
    let ns = input
        .resource(document_index)
        .and_then(|r| r.namespace.clone())
        .unwrap_or_default();
    let from: Vec<String> = items(spec.and_then(|s| s.get("from")))
        .iter()
        .map(|f| {
            format!(
                "{} from {}",
                f.get_str("kind").unwrap_or_default(),
                f.get_str("namespace").unwrap_or_default()
            )
        })
        .collect();
    let to: Vec<String> = items(spec.and_then(|s| s.get("to")))
        .iter()
        .map(|t| {
            let kind = t.get_str("kind").unwrap_or_default();
            match t.get_str("name") {
                Some(name) if !name.is_empty() => format!("{kind} {ns}/{name}"),
                _ => format!("{kind} {ns}/*"),
            }
        })
        .collect();
    format!("permits {} to {}", list(&from), list(&to))
}
