//! BackendTLSPolicy: targets (Services, ports by name), CA certificate references, conflicts
//! between policies on one target, and status per ancestor Gateway.

use std::collections::{BTreeMap, HashMap};

use super::refs::{seq, string_map, Lookup, Model, Object, Problem, RefRule};
use super::{Issue, IssueSeverity};
use crate::status::{Condition, ConditionStatus};
use crate::yaml::Node;

/// One targetRef of one policy, resolved.
#[derive(Clone, Debug)]
pub struct Target {
    pub namespace: String,
    pub service: String,
    /// The port name (`sectionName`), or `None` for the whole Service.
    pub section: Option<String>,
    pub found: bool,
    /// The target names a core Service (found or not).
    pub is_service: bool,
    /// Found, but only UDP ports: the policy cannot apply (Accepted=False, Invalid).
    pub invalid: bool,
    /// Some of the selected ports are UDP: the policy applies to the TCP ones only.
    pub mixed_udp: bool,
}

/// A BackendTLSPolicy, read and checked.
pub struct Policy<'o, 'a> {
    pub object_index: usize,
    pub object: &'o Object<'a>,
    pub targets: Vec<Target>,
    /// Problem with the CA certificates: (ResolvedRefs reason, message) of the first bad ref.
    pub ca_problem: Option<(&'static str, String)>,
    /// Every CA ref is bad (and there is no well-known CA set).
    pub no_valid_ca: bool,
    /// Losing a conflict: the winner's `namespace/name`.
    pub conflicted_by: Option<String>,
    pub hostname: Option<String>,
    pub ca_refs: Vec<String>,
}

/// Whether a text holds at least one PEM certificate that parses as X.509.
pub fn has_pem_certificate(text: &str) -> bool {
    read_pem_bundle(text).is_ok()
}

/// What the checks read of one certificate of a bundle.
#[derive(Debug)]
struct CertificateFacts {
    subject: String,
    /// `notAfter`, in seconds since the Unix epoch and as written in messages.
    not_after: u64,
    not_after_text: String,
    is_ca: bool,
}

/// A bundle's certificates, or why it has none.
type BundleFacts = Result<Vec<CertificateFacts>, String>;

/// Bundles read so far on this thread, by their text: an editor re-evaluates on every keystroke,
/// and a cluster's ConfigMaps often carry the same CA bundle. Bounded by the text they hold.
const PEM_CACHE_BYTES: usize = 8 << 20;

thread_local! {
    static PEM_BUNDLES: std::cell::RefCell<(usize, HashMap<String, std::rc::Rc<BundleFacts>>)> =
        std::cell::RefCell::new((0, HashMap::new()));
}

/// Reads a PEM bundle's certificates once per text (see [`PEM_BUNDLES`]).
fn read_pem_bundle(text: &str) -> std::rc::Rc<BundleFacts> {
    let cached = PEM_BUNDLES.with(|cache| cache.borrow().1.get(text).cloned());
    if let Some(facts) = cached {
        return facts;
    }
    let facts = std::rc::Rc::new(parse_pem_bundle(text));
    PEM_BUNDLES.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.0 + text.len() > PEM_CACHE_BYTES {
            cache.1.clear();
            cache.0 = 0;
        }
        if text.len() <= PEM_CACHE_BYTES {
            cache.0 += text.len();
            cache.1.insert(text.to_owned(), std::rc::Rc::clone(&facts));
        }
    });
    facts
}

fn parse_pem_bundle(text: &str) -> BundleFacts {
    use x509_cert::ext::pkix::BasicConstraints;
    let chain = x509_cert::Certificate::load_pem_chain(text.as_bytes())
        .map_err(|e| format!("holds no PEM certificate that parses as X.509 ({e})"))?;
    if chain.is_empty() {
        return Err("holds no PEM certificate".to_owned());
    }
    Ok(chain
        .iter()
        .map(|certificate| {
            let tbs = certificate.tbs_certificate();
            CertificateFacts {
                subject: tbs.subject().to_string(),
                not_after: tbs.validity().not_after.to_unix_duration().as_secs(),
                not_after_text: tbs.validity().not_after.to_string(),
                is_ca: matches!(
                    tbs.get_extension::<BasicConstraints>(),
                    Ok(Some((_, constraints))) if constraints.ca
                ),
            }
        })
        .collect())
}

/// Seconds since the Unix epoch, for certificate expiry.
pub fn now_unix() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        (js_sys::Date::now() / 1000.0) as u64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    }
}

/// Reads a CA bundle (`ca.crt`): the certificates, or why there are none. Each certificate that
/// has expired at `now` (Unix seconds), or is not a CA (no `basicConstraints` with `cA: true`),
/// gives a warning: the connection may still fail although the policy is accepted.
pub fn inspect_ca_bundle(text: &str, now: u64) -> Result<Vec<String>, String> {
    let facts = read_pem_bundle(text);
    let certificates = facts.as_ref().as_ref().map_err(Clone::clone)?;
    let mut warnings = Vec::new();
    for certificate in certificates {
        let subject = &certificate.subject;
        if certificate.not_after < now {
            warnings.push(format!(
                "certificate {subject} expired on {}",
                certificate.not_after_text
            ));
        }
        if !certificate.is_ca {
            warnings.push(format!("certificate {subject} is not a CA certificate"));
        }
    }
    Ok(warnings)
}

/// The message of `Accepted=False` when no CA certificate ref is valid.
const NO_VALID_CA: &str = "no valid CA certificate";

/// The rule for a BackendTLSPolicy's caCertificateRefs (a LocalObjectReference: the policy's
/// namespace only).
const POLICY_CA_REF: RefRule<'static> = RefRule {
    field: "caCertificateRef",
    group: "",
    kind: "ConfigMap",
    default_kind: None,
    invalid_kind: "InvalidKind",
    not_found: "InvalidCACertificateRef",
    not_permitted: "InvalidCACertificateRef",
};

/// Checks one CA certificate reference (a BackendTLSPolicy's, or a Gateway's frontend
/// validation's): the reference, then a `ca.crt` key holding PEM X.509 certificates. Warnings
/// about usable but doubtful certificates (expired, not a CA) go to `issues` at `path`.
pub fn ca_ref_problem(
    from: &Object<'_>,
    reference: &Node,
    objects: &Model<'_>,
    rule: &RefRule<'_>,
    issues: &mut Vec<Issue>,
    path: impl Fn() -> Vec<String>,
) -> Option<Problem> {
    let found = match objects.check_ref(from, reference, rule) {
        Ok(found) => found,
        Err(problem) => return Some(problem),
    };
    let (namespace, name) = (&found.namespace, &found.name);
    let data = string_map(found.object.root.get("data"));
    let Some((_, value)) = data.iter().find(|(k, _)| k == "ca.crt") else {
        return Some(Problem::error(
            rule.not_found,
            format!("ConfigMap {namespace}/{name} has no key ca.crt"),
        ));
    };
    match inspect_ca_bundle(value, now_unix()) {
        Err(why) => Some(Problem::error(
            rule.not_found,
            format!("ca.crt of ConfigMap {namespace}/{name} {why}"),
        )),
        Ok(warnings) => {
            for warning in warnings {
                issues.push(Issue::at(
                    reference,
                    IssueSeverity::Warning,
                    "evaluation/ca-certificate",
                    format!("ConfigMap {namespace}/{name}: {warning}"),
                    path(),
                ));
            }
            None
        }
    }
}

/// Whether a release defines BackendTLSPolicy's `ResolvedRefs` condition and the `Accepted`
/// reason `NoValidCACertificate` (from v1.4.0; v1.2.1 and v1.3.0 have only the generic policy
/// reasons of `apis/v1alpha2/policy_types.go`).
pub fn modern_vocabulary(release: &str) -> bool {
    !matches!(release, "v1.2.1" | "v1.3.0")
}

/// Reads and checks one BackendTLSPolicy. Its diagnostics name the conditions `release` defines,
/// as [`conditions`] writes them: a bad CA certificate ref is `ResolvedRefs=False (<reason>)`
/// where the release has that condition; before v1.4.0 it is `Accepted=False (Invalid)` with
/// the status' message when no CA ref is valid, and no condition at all (the policy stays
/// Accepted with its other CA certificates) when some other ref is valid.
pub fn read_policy_in<'o, 'a>(
    object_index: usize,
    object: &'o Object<'a>,
    objects: &Model<'_>,
    release: &str,
    issues: &mut Vec<Issue>,
) -> Policy<'o, 'a> {
    let spec = object.spec();
    let mut targets = Vec::new();
    for (i, target) in seq(spec.and_then(|s| s.get("targetRefs")))
        .iter()
        .enumerate()
    {
        let group = target.get_str("group").unwrap_or("");
        let kind = target.get_str("kind").unwrap_or_default();
        let name = target.get_str("name").unwrap_or_default().to_owned();
        let section = target
            .get_str("sectionName")
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        let is_service = group.is_empty() && kind == "Service";
        let service = is_service
            .then(|| objects.get("", "Service", object.ns(), &name))
            .flatten();
        // The Service's ports this target selects: the one named by sectionName, or all.
        let ports: Vec<&Node> = service
            .map(|svc| seq(svc.spec().and_then(|s| s.get("ports"))))
            .unwrap_or_default()
            .iter()
            .filter(|p| {
                section
                    .as_deref()
                    .is_none_or(|section| p.get_str("name") == Some(section))
            })
            .collect();
        let udp_ports = ports
            .iter()
            .filter(|p| p.get_str("protocol") == Some("UDP"))
            .count();
        let problem = if !is_service {
            Some(Problem::error(
                "TargetNotFound",
                format!("target {group}/{kind} {name} is not a core Service"),
            ))
        } else if service.is_none() {
            Some(Problem::missing(
                "TargetNotFound",
                format!("Service {}/{name} not found in the input", object.ns()),
            ))
        } else if let (true, Some(section)) = (ports.is_empty(), &section) {
            Some(Problem::error(
                "TargetNotFound",
                format!("Service {}/{name} has no port named {section}", object.ns()),
            ))
        } else if !ports.is_empty() && udp_ports == ports.len() {
            Some(Problem::error(
                "Invalid",
                format!(
                    "Service {}/{name}: BackendTLSPolicy applies only to TCP, and the targeted port is UDP",
                    object.ns()
                ),
            ))
        } else {
            None
        };
        let path = vec!["spec".into(), "targetRefs".into(), i.to_string()];
        if let Some(problem) = &problem {
            issues.push(Issue::at(
                target,
                problem.severity,
                "evaluation/policy-target",
                format!("Accepted=False ({}): {}", problem.reason, problem.message),
                path,
            ));
        } else if udp_ports > 0 {
            issues.push(Issue::at(
                target,
                IssueSeverity::Warning,
                "evaluation/policy-target",
                format!(
                    "Service {}/{name} mixes TCP and UDP ports; the policy applies only to the TCP ones",
                    object.ns()
                ),
                path,
            ));
        }
        targets.push(Target {
            namespace: object.ns().to_owned(),
            service: name,
            section,
            found: problem.is_none(),
            is_service,
            invalid: problem.as_ref().is_some_and(|p| p.reason == "Invalid"),
            mixed_udp: problem.is_none() && udp_ports > 0,
        });
    }
    let validation = spec.and_then(|s| s.get("validation"));
    let well_known = validation
        .and_then(|v| v.get_str("wellKnownCACertificates"))
        .filter(|w| !w.is_empty());
    let mut ca_problem = None;
    let mut valid_refs = 0;
    let mut ca_refs = Vec::new();
    let mut bad_refs: Vec<(&Node, Problem, Vec<String>)> = Vec::new();
    let refs = seq(validation.and_then(|v| v.get("caCertificateRefs")));
    for (i, reference) in refs.iter().enumerate() {
        let name = reference.get_str("name").unwrap_or_default();
        ca_refs.push(format!("{}/{name}", object.ns()));
        let path = || {
            vec![
                "spec".into(),
                "validation".into(),
                "caCertificateRefs".into(),
                i.to_string(),
            ]
        };
        match ca_ref_problem(object, reference, objects, &POLICY_CA_REF, issues, path) {
            Some(problem) => {
                ca_problem.get_or_insert((problem.reason, problem.message.clone()));
                bad_refs.push((reference, problem, path()));
            }
            None => valid_refs += 1,
        }
    }
    let no_valid_ca = well_known.is_none() && !refs.is_empty() && valid_refs == 0;
    for (reference, problem, path) in bad_refs {
        let message = if modern_vocabulary(release) {
            format!(
                "ResolvedRefs=False ({}): {}",
                problem.reason, problem.message
            )
        } else if no_valid_ca {
            format!(
                "Accepted=False (Invalid): {NO_VALID_CA}: {}",
                problem.message
            )
        } else {
            format!(
                "{}; the policy stays Accepted with its other CA certificates ({release} has no ResolvedRefs condition for BackendTLSPolicy)",
                problem.message
            )
        };
        issues.push(Issue::at(
            reference,
            problem.severity,
            "evaluation/policy-ca-ref",
            message,
            path,
        ));
    }
    Policy {
        object_index,
        object,
        targets,
        ca_problem,
        no_valid_ca,
        conflicted_by: None,
        hostname: validation
            .and_then(|v| v.get_str("hostname"))
            .map(str::to_owned),
        ca_refs,
    }
}

/// Marks the losers among policies that target the same Service with the same sectionName:
/// the oldest `creationTimestamp` wins, then the first by `{namespace}/{name}`.
pub fn resolve_conflicts(policies: &mut [Policy<'_, '_>], issues: &mut Vec<Issue>) {
    let key = |p: &Policy<'_, '_>| {
        (
            p.object.creation_timestamp().map(str::to_owned),
            format!("{}/{}", p.object.ns(), p.object.name),
        )
    };
    let order = |a: &(Option<String>, String), b: &(Option<String>, String)| {
        // An object without a timestamp is newer than any with one (it is yet to be created).
        match (&a.0, &b.0) {
            (Some(x), Some(y)) if x != y => x.cmp(y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            _ => a.1.cmp(&b.1),
        }
    };
    // Policies by target (namespace, Service, sectionName); in each group all but the first in
    // precedence order lose to the first. Linear in targets, plus a sort per group.
    let mut groups: HashMap<(&str, &str, Option<&str>), Vec<usize>> = HashMap::new();
    for (i, policy) in policies.iter().enumerate() {
        for t in &policy.targets {
            let members = groups
                .entry((&t.namespace, &t.service, t.section.as_deref()))
                .or_default();
            if members.last() != Some(&i) {
                members.push(i);
            }
        }
    }
    let keys: Vec<(Option<String>, String)> = policies.iter().map(key).collect();
    let mut losers: BTreeMap<usize, String> = BTreeMap::new();
    for mut members in groups.into_values() {
        members.sort_by(|&a, &b| match (keys.get(a), keys.get(b)) {
            (Some(x), Some(y)) => order(x, y),
            _ => std::cmp::Ordering::Equal,
        });
        let Some((&first, rest)) = members.split_first() else {
            continue;
        };
        let Some(winner) = keys.get(first).map(|k| k.1.clone()) else {
            continue;
        };
        for &loser in rest {
            // A policy losing in several groups names the winner that sorts first.
            losers
                .entry(loser)
                .and_modify(|w| {
                    if winner < *w {
                        w.clone_from(&winner);
                    }
                })
                .or_insert_with(|| winner.clone());
        }
    }
    for (i, winner) in losers {
        let Some(me) = policies.get_mut(i) else {
            continue;
        };
        issues.push(Issue {
            document_index: me.object.document_index,
            ..Issue::at(
                me.object.spec().and_then(|s| s.get("targetRefs")).unwrap_or(me.object.root),
                IssueSeverity::Error,
                "evaluation/policy-conflicted",
                format!(
                    "Accepted=False (Conflicted): policy {winner} targets the same Service and section and takes precedence (older, or first by namespace/name)"
                ),
                vec!["spec".into(), "targetRefs".into()],
            )
        });
        me.conflicted_by = Some(winner);
    }
}

/// The conditions for one ancestor, in the vocabulary of the release (ResolvedRefs and
/// NoValidCACertificate exist from v1.4).
pub fn conditions(policy: &Policy<'_, '_>, release: &str) -> Vec<Condition> {
    let generation = Some(policy.object.generation());
    let modern = modern_vocabulary(release);
    let accepted = if let Some(winner) = &policy.conflicted_by {
        Condition::new(
            "Accepted",
            ConditionStatus::False,
            "Conflicted",
            format!("policy {winner} takes precedence"),
            generation,
        )
    } else if policy.targets.iter().all(|t| !t.found) {
        if policy.targets.iter().any(|t| t.invalid) {
            Condition::new(
                "Accepted",
                ConditionStatus::False,
                "Invalid",
                "BackendTLSPolicy applies only to TCP, and the targeted Service port is UDP",
                generation,
            )
        } else {
            Condition::new(
                "Accepted",
                ConditionStatus::False,
                "TargetNotFound",
                "no target found",
                generation,
            )
        }
    } else if policy.no_valid_ca {
        let reason = if modern {
            "NoValidCACertificate"
        } else {
            "Invalid"
        };
        Condition::new(
            "Accepted",
            ConditionStatus::False,
            reason,
            NO_VALID_CA,
            generation,
        )
    } else {
        Condition::new(
            "Accepted",
            ConditionStatus::True,
            "Accepted",
            if policy.targets.iter().any(|t| t.mixed_udp) {
                "policy accepted; warning: a targeted Service has UDP ports, to which it does not apply"
            } else {
                "policy accepted"
            },
            generation,
        )
    };
    let mut out = vec![accepted];
    if modern {
        out.push(Condition::resolved_refs(
            policy
                .ca_problem
                .as_ref()
                .map(|(reason, message)| (*reason, message.as_str())),
            generation,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A self-signed CA certificate (EC P-256, valid until 2126), made for these tests.
    const TEST_CA: &str = "-----BEGIN CERTIFICATE-----
MIIBiTCCAS+gAwIBAgIUdt1ivbPH6ZzBe9r5pHyVOPHhiGUwCgYIKoZIzj0EAwIw
GTEXMBUGA1UEAwwOZ3dsaW50IHRlc3QgQ0EwIBcNMjYxMTIyMDQ0MDQwWhgPMjEy
NjEwMjkwNDQwNDBaMBkxFzAVBgNVBAMMDmd3bGludCB0ZXN0IENBMFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAEAE6Ch8+rrE0dtfraK0pJAp8/4UpmFgDb2C5dEHYj
G+DFZQfoLPAWtCZNVGGuY8f1IOXg6D3uJhd9hn6QoXzD56NTMFEwHQYDVR0OBBYE
FOvo7HNfKRir1oIRSt9FXl45YajqMB8GA1UdIwQYMBaAFOvo7HNfKRir1oIRSt9F
Xl45YajqMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhALG8JAci
edliHir78mpClQElP+YWs+Vtq41S+/iA8KZVAiAQBsc/cZRXJD0IBGy/W4/P8Jfx
aYlp80V/u6ij8eDNfg==
-----END CERTIFICATE-----
";

    /// The CA-ref diagnostics name the condition the release writes: `ResolvedRefs` from
    /// v1.4.0; before, `Accepted=False (Invalid)` with the status' message when no CA ref is
    /// valid, and no condition when another ref is valid.
    #[test]
    fn ca_ref_diagnostics_speak_the_releases_vocabulary() {
        let text = "apiVersion: gateway.networking.k8s.io/v1alpha3
kind: BackendTLSPolicy
metadata:
  name: all-bad
spec:
  targetRefs:
  - {group: \"\", kind: Service, name: svc}
  validation:
    hostname: abc.example.com
    caCertificateRefs:
    - {group: \"\", kind: ConfigMap, name: nowhere}
---
apiVersion: gateway.networking.k8s.io/v1alpha3
kind: BackendTLSPolicy
metadata:
  name: one-bad
spec:
  targetRefs:
  - {group: \"\", kind: Service, name: svc}
  validation:
    hostname: abc.example.com
    caCertificateRefs:
    - {group: \"\", kind: ConfigMap, name: nowhere}
    - {group: \"\", kind: ConfigMap, name: ca}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ca
data:
  ca.crt: |
";
        let text = format!(
            "{text}{}",
            TEST_CA
                .lines()
                .map(|l| format!("    {l}\n"))
                .collect::<String>()
        );
        let options = crate::options::LintOptions::default();
        let analysis = crate::driver::analyze(&text, &options);
        let model = Model::new(&analysis.documents, &analysis.resources);
        let messages = |release: &str| -> Vec<String> {
            model
                .objects
                .iter()
                .enumerate()
                .filter(|(_, o)| o.kind == "BackendTLSPolicy")
                .flat_map(|(i, o)| {
                    let mut issues = Vec::new();
                    read_policy_in(i, o, &model, release, &mut issues);
                    issues
                        .into_iter()
                        .filter(|i| i.code == "evaluation/policy-ca-ref")
                        .map(|i| i.message)
                })
                .collect()
        };
        assert_eq!(
            messages("v1.2.1"),
            [
                "Accepted=False (Invalid): no valid CA certificate: ConfigMap default/nowhere not found in the input",
                "ConfigMap default/nowhere not found in the input; the policy stays Accepted with its other CA certificates (v1.2.1 has no ResolvedRefs condition for BackendTLSPolicy)",
            ]
        );
        assert_eq!(
            messages("v1.6.1"),
            [
                "ResolvedRefs=False (InvalidCACertificateRef): ConfigMap default/nowhere not found in the input",
                "ResolvedRefs=False (InvalidCACertificateRef): ConfigMap default/nowhere not found in the input",
            ]
        );
    }

    #[test]
    fn ca_bundles_are_parsed_as_x509() {
        assert!(has_pem_certificate(TEST_CA));
        assert_eq!(inspect_ca_bundle(TEST_CA, 1_800_000_000), Ok(Vec::new()));
        let expired = inspect_ca_bundle(TEST_CA, 5_000_000_000);
        assert!(expired.is_ok_and(|w| w.len() == 1 && w.iter().all(|m| m.contains("expired"))));
        assert!(inspect_ca_bundle("", 0).is_err());
        assert!(inspect_ca_bundle(
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
            0
        )
        .is_err());
    }
}
