//! Status shapes, exactly as a controller writes them into `status` (field names and nesting as in
//! the Gateway API types), so a dashboard can show them as Kubernetes would.

use serde::Serialize;
use tsify::Tsify;

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
}

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
        }
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
