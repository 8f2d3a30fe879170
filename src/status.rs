//! The result types of evaluation: status shapes, exactly as a controller writes them into
//! `status` (field names and nesting as in the Gateway API types), so a dashboard can show them
//! as Kubernetes would; and what `evaluate` returns (resources with their status, effective
//! policies, topology).
//!
//! A leaf module: it imports nothing but [`crate::diagnostics`], so that profiles and the
//! preview can name these types without importing the evaluation logic.
//! `crate::evaluate::status` and `crate::evaluate::EvaluateResult` re-export them.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::diagnostics::Diagnostic;

/// Why an object of the input would not exist in the cluster as written. Evaluation gives it no
/// status and treats references to it as references to a missing object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "kebab-case")]
pub enum Absence {
    /// The API server would reject it: an error blocks its admission.
    RejectedByApiServer,
    /// A later document of the input defines the same object (group, kind, namespace, name);
    /// `kubectl apply` applies both, and the later replaces it.
    ReplacedByLater,
}

impl Absence {
    /// How people read it (topology, summaries, the CLI).
    pub fn label(self) -> &'static str {
        match self {
            Absence::RejectedByApiServer => "rejected by the API server",
            Absence::ReplacedByLater => "replaced by a later definition",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
pub enum ConditionStatus {
    True,
    False,
    Unknown,
}

/// A `metav1.Condition` (without `lastTransitionTime`, which only a live controller knows).
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct Condition {
    #[serde(rename = "type")]
    pub condition_type: String,
    pub status: ConditionStatus,
    pub reason: String,
    pub message: String,
    pub observed_generation: Option<i64>,
    /// Whether the condition is what a working object shows ([`Condition::healthy`]); computed
    /// from `type` and `status` when the condition is built.
    healthy: bool,
}

/// Condition types of negative ("abnormal-true") polarity: True reports a problem, False (or
/// absence) is the healthy value. From the Gateway API types: listener `Conflicted`,
/// `OverlappingTLSConfig` and the old `Detached`, route `PartiallyInvalid`, Gateway
/// `InsecureFrontendValidationMode`. Every other type (`Accepted`, `Programmed`, `ResolvedRefs`,
/// `Attached`, `Ready`...) is positive: True is healthy.
pub const NEGATIVE_POLARITY: [&str; 5] = [
    "Conflicted",
    "Detached",
    "InsecureFrontendValidationMode",
    "OverlappingTLSConfig",
    "PartiallyInvalid",
];

impl Condition {
    pub fn new(
        condition_type: &str,
        status: ConditionStatus,
        reason: &str,
        message: impl Into<String>,
        generation: Option<i64>,
    ) -> Self {
        Self {
            condition_type: condition_type.to_owned(),
            status,
            reason: reason.to_owned(),
            message: message.into(),
            observed_generation: generation,
            healthy: healthy(condition_type, status),
        }
    }

    /// Whether this condition is good: the one rule for "is this condition what a working
    /// object shows", used by evaluation (listener validity, topology states), profiles and the
    /// preview, and serialized as `healthy` for JS.
    ///
    /// A condition is healthy when its status is its type's healthy value: `True` for
    /// positive-polarity types (`Accepted`, `Programmed`, `ResolvedRefs`, `Attached`...), `False`
    /// for the negative-polarity ones in [`NEGATIVE_POLARITY`] (`Conflicted`, `PartiallyInvalid`,
    /// `OverlappingTLSConfig`, `InsecureFrontendValidationMode`, `Detached`). `Unknown` is never
    /// healthy, whatever the polarity (the API conventions' "not yet known" is not a success).
    /// Note that healthy does not mean "no problem at all": `Accepted=True` with reason
    /// `ListenersNotValid` is healthy, its failing listeners carry their own conditions.
    pub fn healthy(&self) -> bool {
        self.healthy
    }

    /// `ResolvedRefs`: False with the first problem's reason and message, else True.
    pub fn resolved_refs(problem: Option<(&str, &str)>, generation: Option<i64>) -> Self {
        match problem {
            Some((reason, message)) => Self::new(
                "ResolvedRefs",
                ConditionStatus::False,
                reason,
                message,
                generation,
            ),
            None => Self::new(
                "ResolvedRefs",
                ConditionStatus::True,
                "ResolvedRefs",
                "all references resolved",
                generation,
            ),
        }
    }

    pub fn is_true(&self) -> bool {
        self.status == ConditionStatus::True
    }
}

/// See [`Condition::healthy`].
fn healthy(condition_type: &str, status: ConditionStatus) -> bool {
    let good = if NEGATIVE_POLARITY.contains(&condition_type) {
        ConditionStatus::False
    } else {
        ConditionStatus::True
    };
    status == good
}

/// `RouteGroupKind`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Tsify)]
pub struct RouteGroupKind {
    pub group: String,
    pub kind: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ListenerStatus {
    pub name: String,
    pub supported_kinds: Vec<RouteGroupKind>,
    pub attached_routes: u32,
    pub conditions: Vec<Condition>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GatewayStatus {
    pub conditions: Vec<Condition>,
    pub listeners: Vec<ListenerStatus>,
    /// The ListenerSets attached and accepted (Gateways, v1.5+; left out otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub attached_listener_sets: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GatewayClassStatus {
    pub conditions: Vec<Condition>,
}

/// A `ParentReference` as written in status (defaults filled in).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct ParentRef {
    pub group: String,
    pub kind: String,
    pub namespace: Option<String>,
    pub name: String,
    pub section_name: Option<String>,
    pub port: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct RouteParentStatus {
    pub parent_ref: ParentRef,
    pub controller_name: String,
    pub conditions: Vec<Condition>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct RouteStatus {
    pub parents: Vec<RouteParentStatus>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PolicyAncestorStatus {
    pub ancestor_ref: ParentRef,
    pub controller_name: String,
    pub conditions: Vec<Condition>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PolicyStatus {
    pub ancestors: Vec<PolicyAncestorStatus>,
}

/// The status of one object, shaped as its kind's status.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(untagged)]
pub enum ObjectStatus {
    Gateway(GatewayStatus),
    GatewayClass(GatewayClassStatus),
    Route(RouteStatus),
    Policy(PolicyStatus),
}

/// An object with the status gwlint computed for it (null for kinds without one).
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct EvaluatedResource {
    pub api_version: String,
    pub kind: String,
    pub namespace: Option<String>,
    pub name: String,
    pub document_index: usize,
    pub status: Option<ObjectStatus>,
    /// Set when the object would not exist in the cluster as written (then `status` is null).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub absent: Option<Absence>,
}

/// A Service and port.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct ServicePort {
    pub namespace: String,
    pub name: String,
    /// The port number the route uses, when it names one.
    pub port: Option<i64>,
    /// The Service's name for that port, when the Service is in the input and names it.
    pub port_name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PolicyRef {
    pub namespace: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LosingPolicy {
    pub namespace: String,
    pub name: String,
    /// Why it does not apply (`Conflicted`, `NoValidCACertificate`, `TargetNotFound`...).
    pub reason: String,
}

/// Which BackendTLSPolicy applies to traffic to one Service port reached by a route.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct EffectivePolicy {
    pub target: ServicePort,
    /// The policy that applies, or null: plaintext to the backend.
    pub policy: Option<PolicyRef>,
    /// The SNI (validation.hostname) of the applying policy.
    pub hostname: Option<String>,
    /// `namespace/name` of the ConfigMaps holding the CA certificates.
    pub ca_certificate_refs: Vec<String>,
    pub well_known_ca_certificates: Option<String>,
    pub losers: Vec<LosingPolicy>,
    /// `namespace/name` of the Gateways whose routes reach this port.
    pub gateways: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct TopologyNode {
    /// `Kind/namespace/name` (plus `/listener` or `/port`); unique.
    pub id: String,
    pub kind: String,
    pub namespace: Option<String>,
    pub name: String,
    /// The document the object is in; null for objects only referenced.
    pub document_index: Option<usize>,
    /// `accepted`, `problem` or `not-evaluated`; `rejected` (the API server would reject the
    /// object) or `replaced` (a later document replaces it) for objects not in the cluster.
    pub state: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Tsify)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeKind {
    /// Gateway -> GatewayClass, Listener -> Gateway, Route -> Listener.
    AttachesTo,
    /// Route -> Service.
    RoutesTo,
    /// Policy -> Service.
    Targets,
    /// ReferenceGrant -> namespace object it opens.
    Permits,
    /// Policy -> ConfigMap.
    UsesCa,
}

#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
pub struct TopologyEdge {
    pub from: String,
    pub to: String,
    pub kind: EdgeKind,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Tsify)]
pub struct Topology {
    pub nodes: Vec<TopologyNode>,
    pub edges: Vec<TopologyEdge>,
}

/// What `evaluate` returns.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct EvaluateResult {
    /// Lint diagnostics plus one per failing condition (source `evaluation`).
    pub diagnostics: Vec<Diagnostic>,
    pub resources: Vec<EvaluatedResource>,
    pub effective_policies: Vec<EffectivePolicy>,
    pub topology: Topology,
    pub gateway_api: String,
}

#[cfg(test)]
mod tests {
    use super::{Condition, ConditionStatus};

    fn condition(condition_type: &str, status: ConditionStatus) -> Condition {
        Condition::new(condition_type, status, "Reason", "", None)
    }

    #[test]
    fn health_follows_the_polarity_of_the_condition_type() {
        use ConditionStatus::{False, True, Unknown};
        for positive in ["Accepted", "Programmed", "ResolvedRefs", "Attached"] {
            assert!(condition(positive, True).healthy(), "{positive}");
            assert!(!condition(positive, False).healthy(), "{positive}");
            assert!(!condition(positive, Unknown).healthy(), "{positive}");
        }
        for negative in [
            "Conflicted",
            "PartiallyInvalid",
            "OverlappingTLSConfig",
            "InsecureFrontendValidationMode",
            "Detached",
        ] {
            assert!(!condition(negative, True).healthy(), "{negative}");
            assert!(condition(negative, False).healthy(), "{negative}");
            assert!(!condition(negative, Unknown).healthy(), "{negative}");
        }
    }

    #[test]
    fn health_is_serialized_for_js() {
        let json = serde_json::to_string(&condition("Conflicted", ConditionStatus::True))
            .unwrap_or_default();
        assert!(
            json.ends_with(r#""observedGeneration":null,"healthy":false}"#),
            "{json}"
        );
    }
}
