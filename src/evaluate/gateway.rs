//! Gateways and their listeners: which route kinds each listener supports, conflicts between
//! listeners on a port, certificate references, and the conditions a controller writes.

use super::objects::{seq, Object, Objects, GATEWAY_GROUP};
use super::status::{Condition, ConditionStatus, RouteGroupKind};
use super::{Issue, IssueSeverity};
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

/// Evaluates the listeners of a Gateway. Issues go to `issues`.
pub fn listeners<'a>(
    gateway: &'a Object<'a>,
    objects: &Objects<'_>,
    release: &str,
    issues: &mut Vec<Issue>,
) -> Vec<Listener<'a>> {
    let generation = Some(gateway.generation());
    let mut listeners: Vec<Listener<'a>> = seq(gateway.spec().and_then(|s| s.get("listeners")))
        .iter()
        .enumerate()
        .map(|(index, node)| read_listener(index, node))
        .collect();

    // Conflicts: on one port, protocols must be compatible, and hostnames distinct.
    let conflicts: Vec<Option<(&str, String)>> = listeners
        .iter()
        .map(|l| {
            listeners.iter().find_map(|other| {
                if other.index == l.index || other.port != l.port {
                    return None;
                }
                let tcp_or_udp = |p: &str| p == "TCP" || p == "UDP";
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
            })
        })
        .collect();

    for (listener, conflict) in listeners.iter_mut().zip(conflicts) {
        let mut refs_problem: Option<(&str, String, &Node)> = None;
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
                        "InvalidRouteKinds",
                        format!(
                            "route kind {group}/{name} is not supported on a {} listener",
                            listener.protocol
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
            for cert in seq(listener
                .node
                .get("tls")
                .and_then(|t| t.get("certificateRefs")))
            {
                if let Some(problem) = certificate_problem(cert, gateway, objects) {
                    refs_problem = Some((problem.0, problem.1, cert));
                    break;
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
        let resolved = match &refs_problem {
            Some((reason, message, _)) => Condition::new(
                "ResolvedRefs",
                ConditionStatus::False,
                reason,
                message.clone(),
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
        let programmed_ok = accepted.is_true() && conflict.is_none() && refs_problem.is_none();
        let programmed = if programmed_ok {
            Condition::new(
                "Programmed",
                ConditionStatus::True,
                "Programmed",
                "listener programmed",
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
        // programmed (the spec lets implementations accept only non-conflicting listeners).
        listener.usable = accepted.is_true() && conflict.is_none();
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
        if let Some((reason, message, node)) = &refs_problem {
            let severity = if message.contains("not found in the input") {
                IssueSeverity::Warning
            } else {
                IssueSeverity::Error
            };
            issues.push(Issue::at(
                node,
                severity,
                "evaluation/listener-refs",
                format!(
                    "listener {}: ResolvedRefs=False ({reason}): {message}",
                    listener.name
                ),
                path,
            ));
        }
        let _ = release;
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

/// Why a certificateRef does not resolve, if it does not.
fn certificate_problem(
    cert: &Node,
    gateway: &Object<'_>,
    objects: &Objects<'_>,
) -> Option<(&'static str, String)> {
    let group = cert.get_str("group").unwrap_or("");
    let kind = cert.get_str("kind").unwrap_or("Secret");
    let name = cert.get_str("name").unwrap_or_default();
    let namespace = cert.get_str("namespace").unwrap_or(gateway.ns());
    if !group.is_empty() || kind != "Secret" {
        return Some((
            "InvalidCertificateRef",
            format!("certificateRef {group}/{kind} {name} is not a Secret"),
        ));
    }
    if namespace != gateway.ns()
        && !objects.reference_granted(
            (GATEWAY_GROUP, "Gateway", gateway.ns()),
            ("", "Secret", name),
            namespace,
        )
    {
        return Some((
            "RefNotPermitted",
            format!(
                "certificateRef to Secret {namespace}/{name} is not permitted by any ReferenceGrant in namespace {namespace}"
            ),
        ));
    }
    match objects.get("", "Secret", namespace, name) {
        None => Some((
            "InvalidCertificateRef",
            format!("Secret {namespace}/{name} not found in the input"),
        )),
        Some(secret) => secret_problem(secret).map(|problem| {
            (
                "InvalidCertificateRef",
                format!("Secret {namespace}/{name} {problem}"),
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
    objects: &Objects<'_>,
) -> Option<(&'static str, String, &'n Node)> {
    let spec = gateway.spec()?;
    let reference = spec
        .get("tls")
        .and_then(|t| t.get("backend"))
        .and_then(|b| b.get("clientCertificateRef"))
        .or_else(|| {
            spec.get("backendTLS")
                .and_then(|b| b.get("clientCertificateRef"))
        })?;
    let group = reference.get_str("group").unwrap_or("");
    let kind = reference.get_str("kind").unwrap_or("Secret");
    let name = reference.get_str("name").unwrap_or_default();
    let namespace = reference.get_str("namespace").unwrap_or(gateway.ns());
    let problem = if !group.is_empty() || kind != "Secret" {
        Some((
            "InvalidClientCertificateRef",
            format!("clientCertificateRef {group}/{kind} {name} is not a Secret"),
        ))
    } else if namespace != gateway.ns()
        && !objects.reference_granted(
            (GATEWAY_GROUP, "Gateway", gateway.ns()),
            ("", "Secret", name),
            namespace,
        )
    {
        Some((
            "RefNotPermitted",
            format!(
                "clientCertificateRef to Secret {namespace}/{name} is not permitted by any ReferenceGrant in namespace {namespace}"
            ),
        ))
    } else {
        match objects.get("", "Secret", namespace, name) {
            None => Some((
                "InvalidClientCertificateRef",
                format!("Secret {namespace}/{name} not found in the input"),
            )),
            Some(secret) => secret_problem(secret).map(|p| {
                (
                    "InvalidClientCertificateRef",
                    format!("Secret {namespace}/{name} {p}"),
                )
            }),
        }
    };
    problem.map(|(reason, message)| (reason, message, reference))
}

/// Why `spec.infrastructure.parametersRef` does not resolve, if it does not: the object it
/// names must be in the input (in the Gateway's namespace).
pub fn parameters_problem<'n>(
    gateway: &'n Object<'_>,
    objects: &Objects<'_>,
) -> Option<(String, &'n Node)> {
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
        format!("parametersRef {group}/{kind} {name} not found in the input"),
        reference,
    ))
}
