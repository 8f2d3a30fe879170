//! Gateways and their listeners: which route kinds each listener supports, conflicts between
//! listeners on a port, certificate references, and the conditions a controller writes.

use std::collections::HashMap;

use super::refs::{seq, Lookup, Model, Object, Problem, RefRule, GATEWAY_GROUP};
use super::{Issue, IssueSeverity};
use crate::status::{Condition, ConditionStatus, RouteGroupKind};
use crate::yaml::{Node, Value};

/// Where a listener takes routes from.
#[derive(Clone, Debug, PartialEq)]
pub enum AllowedNamespaces {
    Same,
    All,
    /// A label selector's matchLabels and matchExpressions.
    Selector(Node),
}

/// A listener, read from the (defaulted) Gateway.
#[derive(Debug)]
pub struct Listener<'a> {
    pub index: usize,
    pub name: String,
    pub protocol: String,
    pub port: i64,
    pub hostname: Option<String>,
    pub tls_mode: Option<String>,
    pub allowed: AllowedNamespaces,
    pub supported_kinds: Vec<RouteGroupKind>,
    pub node: &'a Node,
    pub conditions: Vec<Condition>,
    /// Accepted, not conflicted: routes may attach.
    pub usable: bool,
}

impl Listener<'_> {
    /// Every condition healthy ([`Condition::healthy`]: Conflicted False, the others True):
    /// what makes a Gateway's or a ListenerSet's `ListenersNotValid`.
    pub fn is_valid(&self) -> bool {
        self.conditions.iter().all(Condition::healthy)
    }
}

/// The route kinds a protocol carries, as the spec maps them (TLS: TLSRoute in both modes).
pub fn kinds_for_protocol(protocol: &str) -> &'static [&'static str] {
    match protocol {
        "HTTP" | "HTTPS" => &["HTTPRoute", "GRPCRoute"],
        "TLS" => &["TLSRoute"],
        "TCP" => &["TCPRoute"],
        "UDP" => &["UDPRoute"],
        _ => &[],
    }
}

/// Protocols that may share a port (HTTPS and TLS both terminate or pass TLS, told apart by SNI).
fn port_family(protocol: &str) -> &str {
    match protocol {
        "HTTPS" | "TLS" => "tls",
        other => other,
    }
}

/// The minor version of a release name (`v1.6.1` -> 6).
pub fn minor(release: &str) -> u32 {
    release
        .strip_prefix("v1.")
        .and_then(|r| r.split('.').next())
        .and_then(|m| m.parse().ok())
        .unwrap_or(0)
}

/// Why a listener conflicts with another on its port, if it does: (reason, message).
/// Distinctness as `GatewaySpec.Listeners` defines it (v1.6.1): HTTP, HTTPS and TLS by port and
/// hostname, TCP and UDP by port; listeners sharing a port with a TCP
/// listener are not distinct; `tls` does not make listeners distinct. Two TLS listeners on one
/// port with different modes conflict too (`ProtocolConflict`, GEP-2643: mixed termination is
/// the Extended feature TLSRouteModeMixed, which gwlint does not assume).
fn conflict_between(l: &Listener<'_>, other: &Listener<'_>) -> Option<(&'static str, String)> {
    let tcp_or_udp = |p: &str| p == "TCP" || p == "UDP";
    let mode = |x: &Listener<'_>| x.tls_mode.as_deref().unwrap_or("Terminate").to_owned();
    if other.port != l.port {
        return None;
    }
    if port_family(&other.protocol) != port_family(&l.protocol) {
        if tcp_or_udp(&l.protocol) && tcp_or_udp(&other.protocol) {
            return None;
        }
        return Some((
            "ProtocolConflict",
            format!(
                "listener {} uses port {} with protocol {}, which {} also uses with protocol {}",
                l.name, l.port, l.protocol, other.name, other.protocol
            ),
        ));
    }
    if l.protocol == "TLS" && other.protocol == "TLS" && mode(l) != mode(other) {
        return Some((
            "ProtocolConflict",
            format!(
                "listeners {} ({}) and {} ({}) share port {} with different TLS modes; mixed termination (TLSRouteModeMixed) is an Extended feature",
                l.name,
                mode(l),
                other.name,
                mode(other),
                l.port
            ),
        ));
    }
    if tcp_or_udp(&l.protocol) || l.hostname == other.hostname {
        return Some((
            "HostnameConflict",
            format!(
                "listeners {} and {} share port {} and hostname {}",
                l.name,
                other.name,
                l.port,
                l.hostname.as_deref().unwrap_or("(none)")
            ),
        ));
    }
    None
}

/// The listeners that take precedence on a Gateway (its own, then those of ListenerSets
/// accepted before), indexed so that finding the first one a new listener conflicts with costs
/// a few lookups instead of a scan: thousands of ListenerSets on one Gateway stay linear.
/// Entries are `(owner, position)` pairs into the caller's listener table, in precedence order.
#[derive(Default)]
pub struct Established {
    entries: Vec<(usize, usize)>,
    ports: HashMap<i64, PortIndex>,
}

/// For one port: the first established listener (by precedence) of each protocol family, of
/// each TLS mode among `TLS` listeners, and of each family and hostname.
#[derive(Default)]
struct PortIndex {
    by_family: HashMap<String, usize>,
    by_tls_mode: HashMap<String, usize>,
    by_hostname: HashMap<(String, Option<String>), usize>,
}

impl Established {
    pub fn push(&mut self, owner: usize, position: usize, listener: &Listener<'_>) {
        let order = self.entries.len();
        self.entries.push((owner, position));
        let port = self.ports.entry(listener.port).or_default();
        let family = port_family(&listener.protocol).to_owned();
        port.by_family.entry(family.clone()).or_insert(order);
        if listener.protocol == "TLS" {
            let mode = listener
                .tls_mode
                .as_deref()
                .unwrap_or("Terminate")
                .to_owned();
            port.by_tls_mode.entry(mode).or_insert(order);
        }
        port.by_hostname
            .entry((family, listener.hostname.clone()))
            .or_insert(order);
    }

    /// The `(owner, position)` of the first established listener that `l` conflicts with,
    /// the same one a scan in precedence order with [`conflict_between`] would find.
    pub fn first_conflict(&self, l: &Listener<'_>) -> Option<(usize, usize)> {
        let port = self.ports.get(&l.port)?;
        let tcp_or_udp = |p: &str| p == "TCP" || p == "UDP";
        let family = port_family(&l.protocol);
        let mut candidates: Vec<usize> = Vec::new();
        // Another protocol family on the port (TCP beside UDP is fine).
        candidates.extend(port.by_family.iter().filter_map(|(other, &order)| {
            let both_l4 = tcp_or_udp(family) && tcp_or_udp(other);
            (other != family && !both_l4).then_some(order)
        }));
        if tcp_or_udp(&l.protocol) {
            // TCP and UDP listeners cannot share a port with their own protocol at all.
            candidates.extend(port.by_family.get(family).copied());
        } else {
            candidates.extend(
                port.by_hostname
                    .get(&(family.to_owned(), l.hostname.clone()))
                    .copied(),
            );
        }
        if l.protocol == "TLS" {
            let mode = l.tls_mode.as_deref().unwrap_or("Terminate");
            candidates.extend(
                port.by_tls_mode
                    .iter()
                    .filter_map(|(other, &order)| (other != mode).then_some(order)),
            );
        }
        let first = candidates.into_iter().min()?;
        self.entries.get(first).copied()
    }
}

/// The conflict `l` has with an established listener, looked up in `table`.
pub fn conflict_with_established(
    established: &Established,
    table: &HashMap<usize, Vec<Listener<'_>>>,
    l: &Listener<'_>,
) -> Option<(&'static str, String)> {
    let (owner, position) = established.first_conflict(l)?;
    let other = table.get(&owner)?.get(position)?;
    conflict_between(l, other)
}

/// The rule for the CA certificate refs of frontend (client certificate) validation.
const FRONTEND_CA_REF: RefRule<'static> = RefRule {
    field: "caCertificateRef",
    group: "",
    kind: "ConfigMap",
    default_kind: None,
    invalid_kind: "InvalidCACertificateKind",
    not_found: "InvalidCACertificateRef",
    not_permitted: "RefNotPermitted",
};

/// The frontend validation (`spec.tls.frontend`) that applies to a port: the `perPort` entry for
/// it, else `default`; with its path.
fn frontend_validation<'n>(gateway: &'n Object<'_>, port: i64) -> Option<(&'n Node, Vec<String>)> {
    let frontend = gateway.spec()?.get("tls")?.get("frontend")?;
    let per_port = seq(frontend.get("perPort")).iter().enumerate().find(
        |(_, p)| matches!(p.get("port").map(|n| &n.value), Some(Value::Int(n)) if *n == port),
    );
    match per_port {
        Some((i, entry)) => Some((
            entry.get("tls")?.get("validation")?,
            [
                "spec",
                "tls",
                "frontend",
                "perPort",
                &i.to_string(),
                "tls",
                "validation",
            ]
            .map(str::to_owned)
            .to_vec(),
        )),
        None => Some((
            frontend.get("default")?.get("validation")?,
            ["spec", "tls", "frontend", "default", "validation"]
                .map(str::to_owned)
                .to_vec(),
        )),
    }
}

/// Whether any frontend validation of the Gateway allows insecure fallback (the Gateway then has
/// `InsecureFrontendValidationMode=True`, reason `ConfigurationChanged`), with the node.
pub fn insecure_frontend_mode<'n>(gateway: &'n Object<'_>) -> Option<&'n Node> {
    let frontend = gateway.spec()?.get("tls")?.get("frontend")?;
    let default = frontend.get("default").and_then(|d| d.get("validation"));
    std::iter::once(default)
        .chain(
            seq(frontend.get("perPort"))
                .iter()
                .map(|p| p.get("tls").and_then(|t| t.get("validation"))),
        )
        .flatten()
        .find_map(|v| {
            v.get("mode")
                .filter(|m| m.value.as_str() == Some("AllowInsecureFallback"))
        })
}

/// The frontend client-certificate validation of a listener that terminates TLS (v1.5+): the
/// first bad CA ref (ResolvedRefs reason) and whether no ref is valid (Accepted=False,
/// NoValidCACertificate).
fn frontend_problem<'n>(
    gateway: &'n Object<'_>,
    port: i64,
    objects: &Model<'_>,
    issues: &mut Vec<Issue>,
) -> Option<(Problem, &'n Node, bool)> {
    let (validation, path) = frontend_validation(gateway, port)?;
    let refs = seq(validation.get("caCertificateRefs"));
    let mut first: Option<(Problem, &Node)> = None;
    let mut valid = 0;
    for (i, reference) in refs.iter().enumerate() {
        let ref_path = || {
            let mut p = path.clone();
            p.extend(["caCertificateRefs".to_owned(), i.to_string()]);
            p
        };
        match super::policy::ca_ref_problem(
            gateway,
            reference,
            objects,
            &FRONTEND_CA_REF,
            issues,
            ref_path,
        ) {
            Some(problem) => {
                if first.is_none() {
                    first = Some((problem, reference));
                }
            }
            None => valid += 1,
        }
    }
    first.map(|(problem, node)| (problem, node, valid == 0))
}

/// Evaluates the listeners of a Gateway. Issues go to `issues`.
pub fn listeners<'a>(
    gateway: &'a Object<'a>,
    objects: &Model<'_>,
    release: &str,
    issues: &mut Vec<Issue>,
) -> Vec<Listener<'a>> {
    evaluate_listeners(gateway, gateway, &|_| None, objects, release, issues)
}

/// Evaluates the listeners of `owner` (a Gateway, or a ListenerSet of `gateway`). `established`
/// are listeners that take precedence (the Gateway's, then older ListenerSets'): a listener of
/// `owner` that conflicts with one of them is conflicted, they are not.
pub fn evaluate_listeners<'a>(
    owner: &'a Object<'a>,
    gateway: &Object<'_>,
    established: &dyn Fn(&Listener<'_>) -> Option<(&'static str, String)>,
    objects: &Model<'_>,
    release: &str,
    issues: &mut Vec<Issue>,
) -> Vec<Listener<'a>> {
    let generation = Some(owner.generation());
    let mut listeners: Vec<Listener<'a>> = seq(owner.spec().and_then(|s| s.get("listeners")))
        .iter()
        .enumerate()
        .map(|(index, node)| read_listener(index, node))
        .collect();
    // A listener conflicting with an established one loses; the others conflict among
    // themselves with no winner.
    let lost: Vec<Option<(&str, String)>> = listeners.iter().map(established).collect();
    let conflicts: Vec<Option<(&str, String)>> = listeners
        .iter()
        .zip(&lost)
        .map(|(l, lost_to)| {
            lost_to.clone().or_else(|| {
                listeners
                    .iter()
                    .zip(&lost)
                    .filter(|(other, other_lost)| other.index != l.index && other_lost.is_none())
                    .find_map(|(other, _)| conflict_between(l, other))
            })
        })
        .collect();

    for (listener, conflict) in listeners.iter_mut().zip(conflicts) {
        let mut refs_problem: Option<(Problem, &Node)> = None;
        // Route kinds: allowedRoutes.kinds, or the protocol's kinds.
        let protocol_kinds = kinds_for_protocol(&listener.protocol);
        let kinds_node = listener
            .node
            .get("allowedRoutes")
            .and_then(|a| a.get("kinds"));
        let requested = seq(kinds_node);
        if requested.is_empty() {
            listener.supported_kinds = protocol_kinds
                .iter()
                .map(|k| RouteGroupKind {
                    group: GATEWAY_GROUP.to_owned(),
                    kind: (*k).to_owned(),
                })
                .collect();
        } else {
            for kind in requested {
                let group = kind.get_str("group").unwrap_or(GATEWAY_GROUP);
                let name = kind.get_str("kind").unwrap_or_default();
                if group == GATEWAY_GROUP && protocol_kinds.contains(&name) {
                    listener.supported_kinds.push(RouteGroupKind {
                        group: group.to_owned(),
                        kind: name.to_owned(),
                    });
                } else if refs_problem.is_none() {
                    refs_problem = Some((
                        Problem::error(
                            "InvalidRouteKinds",
                            format!(
                                "route kind {group}/{name} is not supported on a {} listener",
                                listener.protocol
                            ),
                        ),
                        kind,
                    ));
                }
            }
        }
        // Certificates: HTTPS, and TLS listeners that terminate.
        let terminates = listener.protocol == "HTTPS"
            || (listener.protocol == "TLS" && listener.tls_mode.as_deref() == Some("Terminate"));
        if terminates && refs_problem.is_none() {
            refs_problem = seq(listener
                .node
                .get("tls")
                .and_then(|t| t.get("certificateRefs")))
            .iter()
            .find_map(|cert| certificate_problem(cert, owner, objects).map(|p| (p, cert)));
        }
        // Client certificate validation (spec.tls.frontend, reasons from v1.5).
        let mut no_valid_ca = false;
        if terminates && minor(release) >= 5 {
            if let Some((problem, node, none_valid)) =
                frontend_problem(gateway, listener.port, objects, issues)
            {
                no_valid_ca = none_valid;
                if refs_problem.is_none() {
                    refs_problem = Some((problem, node));
                }
            }
        }
        let unsupported_protocol = protocol_kinds.is_empty();
        let accepted = if unsupported_protocol {
            Condition::new(
                "Accepted",
                ConditionStatus::False,
                "UnsupportedProtocol",
                format!("protocol {} is not supported", listener.protocol),
                generation,
            )
        } else if let Some((reason, message)) = &conflict {
            // Conflicted listeners are not accepted (the conformance tests expect
            // Accepted=False and Programmed=False with the conflict's reason).
            Condition::new(
                "Accepted",
                ConditionStatus::False,
                reason,
                message.clone(),
                generation,
            )
        } else if no_valid_ca {
            Condition::new(
                "Accepted",
                ConditionStatus::False,
                "NoValidCACertificate",
                "no CA certificate reference for client certificate validation is valid",
                generation,
            )
        } else {
            Condition::new(
                "Accepted",
                ConditionStatus::True,
                "Accepted",
                "listener accepted",
                generation,
            )
        };
        let conflicted = match &conflict {
            Some((reason, message)) => Condition::new(
                "Conflicted",
                ConditionStatus::True,
                reason,
                message.clone(),
                generation,
            ),
            None => Condition::new(
                "Conflicted",
                ConditionStatus::False,
                "NoConflicts",
                "no conflicts",
                generation,
            ),
        };
        let resolved = Condition::resolved_refs(
            refs_problem
                .as_ref()
                .map(|(p, _)| (p.reason, p.message.as_str())),
            generation,
        );
        let programmed = if accepted.healthy() && refs_problem.is_none() {
            Condition::new(
                "Programmed",
                ConditionStatus::True,
                "Programmed",
                "listener programmed",
                generation,
            )
        } else if let Some((reason, _)) = &conflict {
            Condition::new(
                "Programmed",
                ConditionStatus::False,
                reason,
                "listener is conflicted",
                generation,
            )
        } else {
            Condition::new(
                "Programmed",
                ConditionStatus::False,
                "Invalid",
                "listener is invalid",
                generation,
            )
        };
        // A listener with only unsupported route kinds takes no routes; one with a conflict is not
        // accepted (the spec lets implementations accept only non-conflicting listeners).
        listener.usable = accepted.healthy();
        let path = vec![
            "spec".to_owned(),
            "listeners".to_owned(),
            listener.index.to_string(),
        ];
        if unsupported_protocol {
            issues.push(Issue::at(
                listener.node.get("protocol").unwrap_or(listener.node),
                IssueSeverity::Error,
                "evaluation/listener-unsupported-protocol",
                format!(
                    "listener {}: Accepted=False (UnsupportedProtocol): protocol {} is not a Gateway API core protocol",
                    listener.name, listener.protocol
                ),
                path.clone(),
            ));
        }
        if let Some((reason, message)) = &conflict {
            issues.push(Issue::at(
                listener.node.get("port").unwrap_or(listener.node),
                IssueSeverity::Error,
                "evaluation/listener-conflicted",
                format!(
                    "listener {}: Conflicted=True ({reason}): {message}",
                    listener.name
                ),
                path.clone(),
            ));
        }
        if let Some((problem, node)) = &refs_problem {
            issues.push(Issue::at(
                node,
                problem.severity,
                "evaluation/listener-refs",
                format!(
                    "listener {}: ResolvedRefs=False ({}): {}",
                    listener.name, problem.reason, problem.message
                ),
                path,
            ));
        }
        listener.conditions = vec![accepted, programmed, resolved, conflicted];
    }
    listeners
}

fn read_listener(index: usize, node: &Node) -> Listener<'_> {
    let allowed = match node
        .get("allowedRoutes")
        .and_then(|a| a.get("namespaces"))
        .map(|n| (n.get_str("from"), n.get("selector")))
    {
        Some((Some("All"), _)) => AllowedNamespaces::All,
        Some((Some("Selector"), Some(selector))) => AllowedNamespaces::Selector(selector.clone()),
        // A Selector without a selector selects nothing; the API accepts it.
        Some((Some("Selector"), None)) => AllowedNamespaces::Selector(Node {
            value: Value::Map(Vec::new()),
            span: node.span,
        }),
        _ => AllowedNamespaces::Same,
    };
    Listener {
        index,
        name: node.get_str("name").unwrap_or_default().to_owned(),
        protocol: node.get_str("protocol").unwrap_or_default().to_owned(),
        port: match node.get("port").map(|p| &p.value) {
            Some(Value::Int(p)) => *p,
            _ => 0,
        },
        hostname: node
            .get_str("hostname")
            .filter(|h| !h.is_empty())
            .map(str::to_owned),
        tls_mode: node
            .get("tls")
            .and_then(|t| t.get_str("mode"))
            .map(str::to_owned),
        allowed,
        supported_kinds: Vec::new(),
        node,
        conditions: Vec::new(),
        usable: false,
    }
}

/// The rule for a listener's certificateRefs.
const CERTIFICATE_REF: RefRule<'static> = RefRule {
    field: "certificateRef",
    group: "",
    kind: "Secret",
    default_kind: Some("Secret"),
    invalid_kind: "InvalidCertificateRef",
    not_found: "InvalidCertificateRef",
    not_permitted: "RefNotPermitted",
};

/// Why a certificateRef does not resolve, if it does not.
fn certificate_problem(cert: &Node, gateway: &Object<'_>, objects: &Model<'_>) -> Option<Problem> {
    secret_ref_problem(cert, gateway, objects, &CERTIFICATE_REF)
}

/// A reference to a TLS Secret: the reference checks, then the Secret's certificate and key.
fn secret_ref_problem(
    reference: &Node,
    gateway: &Object<'_>,
    objects: &Model<'_>,
    rule: &RefRule<'_>,
) -> Option<Problem> {
    match objects.check_ref(gateway, reference, rule) {
        Err(problem) => Some(problem),
        Ok(found) => secret_problem(found.object).map(|problem| {
            Problem::error(
                rule.not_found,
                format!("Secret {}/{} {problem}", found.namespace, found.name),
            )
        }),
    }
}

/// A Secret value: `data` holds base64, `stringData` plain text.
fn secret_value(secret: &Object<'_>, key: &str) -> Option<String> {
    use base64::Engine;
    if let Some(text) = secret.root.get("stringData").and_then(|d| d.get_str(key)) {
        return Some(text.to_owned());
    }
    let encoded: String = secret
        .root
        .get("data")
        .and_then(|d| d.get_str(key))?
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()?;
    String::from_utf8(bytes).ok()
}

/// Why a Secret is not a usable TLS certificate and key, if it is not: `tls.crt` must hold a PEM
/// certificate and `tls.key` a PEM private key.
pub fn secret_problem(secret: &Object<'_>) -> Option<&'static str> {
    let Some(certificate) = secret_value(secret, "tls.crt") else {
        return Some("has no tls.crt");
    };
    let Some(key) = secret_value(secret, "tls.key") else {
        return Some("has no tls.key");
    };
    if !super::policy::has_pem_certificate(&certificate) {
        return Some("has no PEM certificate in tls.crt");
    }
    if !(key.contains("-----BEGIN") && key.contains("PRIVATE KEY-----")) {
        return Some("has no PEM private key in tls.key");
    }
    None
}

/// Why the Gateway's client certificate for backend TLS (`spec.tls.backend.clientCertificateRef`,
/// `spec.backendTLS.clientCertificateRef` before v1.5) does not resolve, with the node at fault.
pub fn client_certificate_problem<'n>(
    gateway: &'n Object<'_>,
    objects: &Model<'_>,
) -> Option<(Problem, &'n Node)> {
    let spec = gateway.spec()?;
    let reference = spec
        .get("tls")
        .and_then(|t| t.get("backend"))
        .and_then(|b| b.get("clientCertificateRef"))
        .or_else(|| {
            spec.get("backendTLS")
                .and_then(|b| b.get("clientCertificateRef"))
        })?;
    let rule = RefRule {
        field: "clientCertificateRef",
        invalid_kind: "InvalidClientCertificateRef",
        not_found: "InvalidClientCertificateRef",
        ..CERTIFICATE_REF
    };
    let problem = secret_ref_problem(reference, gateway, objects, &rule);
    problem.map(|problem| (problem, reference))
}

/// Why `spec.infrastructure.parametersRef` does not resolve, if it does not: the object it
/// names must be in the input (in the Gateway's namespace).
pub fn parameters_problem<'n>(
    gateway: &'n Object<'_>,
    objects: &Model<'_>,
) -> Option<(Problem, &'n Node)> {
    let reference = gateway
        .spec()?
        .get("infrastructure")?
        .get("parametersRef")?;
    let group = reference.get_str("group").unwrap_or("");
    let kind = reference.get_str("kind").unwrap_or_default();
    let name = reference.get_str("name").unwrap_or_default();
    if objects.get(group, kind, gateway.ns(), name).is_some() {
        return None;
    }
    Some((
        Problem::missing(
            "InvalidParameters",
            format!("parametersRef {group}/{kind} {name} not found in the input"),
        ),
        reference,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::LineIndex;
    use crate::yaml::parse_stream;

    /// The index finds the same first conflict as a scan in precedence order, for every mix of
    /// protocol, TLS mode, port and hostname.
    #[test]
    fn established_index_matches_a_scan() {
        let shapes = [
            ("HTTP", None),
            ("HTTPS", None),
            ("TLS", Some("Terminate")),
            ("TLS", Some("Passthrough")),
            ("TLS", None),
            ("TCP", None),
            ("UDP", None),
        ];
        let mut text = String::from("[");
        let mut n = 0;
        for (protocol, mode) in shapes {
            for port in [80, 443] {
                for hostname in [None, Some("a.example.com"), Some("b.example.com")] {
                    let mut item =
                        format!("{{\"name\":\"l{n}\",\"protocol\":\"{protocol}\",\"port\":{port}");
                    if let Some(h) = hostname {
                        item.push_str(&format!(",\"hostname\":\"{h}\""));
                    }
                    if let Some(m) = mode {
                        item.push_str(&format!(",\"tls\":{{\"mode\":\"{m}\"}}"));
                    }
                    item.push('}');
                    if n > 0 {
                        text.push(',');
                    }
                    text.push_str(&item);
                    n += 1;
                }
            }
        }
        text.push(']');
        let docs = parse_stream(&LineIndex::new(&text));
        let root = docs.first().and_then(|d| d.root.as_ref());
        let nodes = seq(root);
        assert_eq!(nodes.len(), n);
        let all: Vec<Listener<'_>> = nodes
            .iter()
            .enumerate()
            .map(|(i, node)| read_listener(i, node))
            .collect();
        let mut compared = 0;
        // Every rotation of the list, so each listener is established before and after others.
        for start in 0..all.len() {
            let order: Vec<&Listener<'_>> =
                all.iter().cycle().skip(start).take(all.len()).collect();
            for split in [1, all.len() / 3, all.len() / 2] {
                let (established, rest) = order.split_at(split);
                let mut index = Established::default();
                let mut table = HashMap::new();
                let owned: Vec<Listener<'_>> = established
                    .iter()
                    .filter_map(|l| nodes.get(l.index).map(|node| read_listener(l.index, node)))
                    .collect();
                for (position, l) in owned.iter().enumerate() {
                    index.push(0, position, l);
                }
                table.insert(0, owned);
                for l in rest {
                    let scanned = established.iter().find_map(|e| conflict_between(l, e));
                    assert_eq!(
                        conflict_with_established(&index, &table, l),
                        scanned,
                        "{}",
                        l.name
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 1000);
    }
}
