//! Rules for the controller's own policies: TargetGroupPolicy, IAMAuthPolicy,
//! VpcAssociationPolicy and AccessLogPolicy (`pkg/k8s/policyhelper/policy.go`,
//! `pkg/controllers/accesslogpolicy_controller.go`). Each has a single `targetRef`; the
//! controller writes the policy's `Accepted` condition with reason `Accepted`, `Invalid`,
//! `TargetNotFound` or `Conflicted`.

use crate::diagnostics::{Enforcement, Severity};
use crate::profile::object::{path, PathExt, GATEWAY_GROUP};
use crate::profile::{Ctx, Hit, Object, Rule};
use crate::yaml::Node;

pub const POLICY_KINDS: &[&str] = &[
    "TargetGroupPolicy",
    "IAMAuthPolicy",
    "VpcAssociationPolicy",
    "AccessLogPolicy",
];
const AWS_GROUP: &str = "application-networking.k8s.aws";
const API_TYPES: &str =
    "https://github.com/aws/aws-application-networking-k8s/tree/main/docs/api-types";

/// The (group, kind) targets a policy kind accepts (`New<Kind>Handler`, and the AccessLogPolicy
/// controller's own list).
pub fn allowed_targets(kind: &str) -> &'static [(&'static str, &'static str)] {
    match kind {
        "TargetGroupPolicy" => &[("", "Service"), (AWS_GROUP, "ServiceExport")],
        "VpcAssociationPolicy" => &[(GATEWAY_GROUP, "Gateway")],
        "IAMAuthPolicy" | "AccessLogPolicy" => &[
            (GATEWAY_GROUP, "Gateway"),
            (GATEWAY_GROUP, "HTTPRoute"),
            (GATEWAY_GROUP, "GRPCRoute"),
        ],
        _ => &[],
    }
}

struct Target<'a> {
    node: &'a Node,
    group: &'a str,
    kind: &'a str,
    name: &'a str,
    /// `targetRef.namespace`, else the policy's namespace (the AccessLogPolicy controller
    /// defaults to `default` instead, `k8s.NamespaceOrDefault`).
    namespace: &'a str,
}

fn target<'a>(policy: &'a Object<'_>) -> Option<Target<'a>> {
    let node = policy.spec()?.get("targetRef")?;
    Some(Target {
        node,
        group: node.get_str("group").unwrap_or_default(),
        kind: node.get_str("kind").unwrap_or_default(),
        name: node.get_str("name").unwrap_or_default(),
        namespace: node
            .get_str("namespace")
            .unwrap_or(if policy.kind == "AccessLogPolicy" {
                "default"
            } else {
                policy.ns()
            }),
    })
}

/// ## What it does
/// A policy's `targetRef` names a kind the policy supports: TargetGroupPolicy → Service,
/// ServiceExport; VpcAssociationPolicy → Gateway; IAMAuthPolicy and AccessLogPolicy → Gateway,
/// HTTPRoute, GRPCRoute (group `gateway.networking.k8s.io`).
///
/// ## Why
/// Otherwise the policy gets `Accepted=False` with reason `Invalid`: `group/kind error: not
/// supported GroupKind=<group>/<kind>` (AccessLogPolicy: `The targetRef's Kind must be
/// "Gateway", "HTTPRoute", or "GRPCRoute" but was "<kind>"`).
pub const TARGET_KIND: Rule = Rule {
    code: "aws-vpc-lattice/policy-target-kind",
    severity: Severity::Error,
    summary: "A policy's targetRef must name a kind the policy supports.",
    docs_url: API_TYPES,
    enforcement: Enforcement::StatusCondition,
    kinds: POLICY_KINDS,
    features: &[],
    check: check_target_kind,
};

fn check_target_kind(policy: &Object<'_>, _: &Ctx<'_>) -> Vec<Hit> {
    let Some(t) = target(policy) else {
        return Vec::new();
    };
    let at = path(&["spec", "targetRef"]);
    if policy.kind == "AccessLogPolicy" {
        if t.group != GATEWAY_GROUP {
            return vec![Hit::new(
                t.node.get("group").map_or(t.node.span, |n| n.span),
                at.key("group"),
                format!(
                    "The targetRef's Group must be \"{GATEWAY_GROUP}\" but was \"{}\"",
                    t.group
                ),
            )];
        }
        if !["Gateway", "HTTPRoute", "GRPCRoute"].contains(&t.kind) {
            return vec![Hit::new(
                t.node.get("kind").map_or(t.node.span, |n| n.span),
                at.key("kind"),
                format!("The targetRef's Kind must be \"Gateway\", \"HTTPRoute\", or \"GRPCRoute\" but was \"{}\"", t.kind),
            )];
        }
        return Vec::new();
    }
    if allowed_targets(policy.kind).contains(&(t.group, t.kind)) {
        return Vec::new();
    }
    vec![Hit::new(
        t.node.get("kind").map_or(t.node.span, |n| n.span),
        at.key("kind"),
        format!(
            "group/kind error: not supported GroupKind={}/{}",
            t.group, t.kind
        ),
    )]
}

/// ## What it does
/// The policy's target is in the input (a warning: the input may be partial).
///
/// ## Why
/// A missing target gives `Accepted=False` with reason `TargetNotFound`: `targetRef not found,
/// target=<ns>/<name>` (AccessLogPolicy: `<kind> target "<ns>/<name>" could not be found`).
pub const TARGET_NOT_FOUND: Rule = Rule {
    code: "aws-vpc-lattice/policy-target-not-found",
    severity: Severity::Warning,
    summary: "A policy's target must exist.",
    docs_url: API_TYPES,
    enforcement: Enforcement::StatusCondition,
    kinds: POLICY_KINDS,
    features: &[],
    check: check_target_not_found,
};

fn check_target_not_found(policy: &Object<'_>, ctx: &Ctx<'_>) -> Vec<Hit> {
    let Some(t) = target(policy) else {
        return Vec::new();
    };
    let known = if policy.kind == "AccessLogPolicy" {
        t.group == GATEWAY_GROUP
    } else {
        allowed_targets(policy.kind).contains(&(t.group, t.kind))
    };
    if !known
        || ctx
            .input
            .find(t.group, t.kind, t.namespace, t.name)
            .is_some()
    {
        return Vec::new();
    }
    let message = if policy.kind == "AccessLogPolicy" {
        format!(
            "{} target \"{}/{}\" could not be found",
            t.kind, t.namespace, t.name
        )
    } else {
        format!("targetRef not found, target={}/{}", policy.ns(), t.name)
    };
    vec![Hit::new(
        t.node.get("name").map_or(t.node.span, |n| n.span),
        path(&["spec", "targetRef", "name"]),
        message,
    )
    .help("the target is not in the input; if it exists in the cluster, ignore this")]
}

/// ## What it does
/// One effective policy of a kind per target: the oldest (`creationTimestamp`, then name)
/// wins and the others are `Conflicted`. AccessLogPolicies conflict only with the same
/// destination type (S3, CloudWatch Logs, Firehose).
///
/// ## Why
/// The controller does not merge policies: the losers get `Accepted=False` with reason
/// `Conflicted`, `targetRef has conflict, policy=<winner>` (AccessLogPolicy: "An Access Log
/// Policy with a Destination Arn for the same destination type already exists for this
/// targetRef"). Manifests without `creationTimestamp` are ordered by name here; in a cluster
/// the one applied first wins.
pub const CONFLICT: Rule = Rule {
    code: "aws-vpc-lattice/policy-conflict",
    severity: Severity::Error,
    summary: "One policy of a kind per target: the oldest wins, the rest are Conflicted.",
    docs_url: API_TYPES,
    enforcement: Enforcement::StatusCondition,
    kinds: POLICY_KINDS,
    features: &[],
    check: check_conflict,
};

/// The destination type of an access log ARN: `s3`, `logs` or `firehose`.
fn destination_type(policy: &Object<'_>) -> Option<String> {
    let arn = policy.spec()?.get_str("destinationArn")?;
    arn.split(':').nth(2).map(str::to_owned)
}

fn order_key(policy: &Object<'_>) -> (String, String) {
    let created = policy
        .metadata()
        .and_then(|m| m.get_str("creationTimestamp"))
        .unwrap_or("~")
        .to_owned();
    (created, policy.name.to_owned())
}

fn check_conflict(policy: &Object<'_>, ctx: &Ctx<'_>) -> Vec<Hit> {
    let Some(mine) = target(policy) else {
        return Vec::new();
    };
    let same_target = |other: &Object<'_>| {
        other.kind == policy.kind
            && other.group == policy.group
            && other.ns() == policy.ns()
            && target(other).is_some_and(|t| {
                (t.group, t.kind, t.namespace, t.name)
                    == (mine.group, mine.kind, mine.namespace, mine.name)
            })
            && (policy.kind != "AccessLogPolicy"
                || destination_type(other) == destination_type(policy))
    };
    let winner = ctx
        .input
        .objects
        .iter()
        .filter(|o| same_target(o))
        .min_by_key(|o| order_key(o));
    let Some(winner) = winner.filter(|w| w.document_index != policy.document_index) else {
        return Vec::new();
    };
    let message = if policy.kind == "AccessLogPolicy" {
        "An Access Log Policy with a Destination Arn for the same destination type already exists for this targetRef".to_owned()
    } else {
        format!("targetRef has conflict, policy={}", winner.name)
    };
    vec![
        Hit::new(mine.node.span, path(&["spec", "targetRef"]), message).help(format!(
            "{} {} is older (or, without creationTimestamp, first by name) and wins",
            policy.kind,
            winner.ns_name()
        )),
    ]
}

/// ## What it does
/// An AccessLogPolicy's `targetRef.namespace` equals the policy's namespace; an absent one
/// counts as `default`.
///
/// ## Why
/// The controller (`NamespaceOrDefault`) sets `Accepted=False/Invalid`: `The targetRef's
/// namespace, "<ns>", does not match the Access Log Policy's namespace, "<ns>"`. The docs also
/// ask for TargetGroupPolicies in their target's namespace.
pub const TARGET_NAMESPACE: Rule = Rule {
    code: "aws-vpc-lattice/policy-target-namespace",
    severity: Severity::Error,
    summary: "A policy's targetRef must be in the policy's namespace.",
    docs_url: "https://github.com/aws/aws-application-networking-k8s/blob/main/docs/api-types/access-log-policy.md",
    enforcement: Enforcement::StatusCondition,
    kinds: POLICY_KINDS,
    features: &[],
    check: check_target_namespace,
};

fn check_target_namespace(policy: &Object<'_>, _: &Ctx<'_>) -> Vec<Hit> {
    let Some(t) = policy.spec().and_then(|s| s.get("targetRef")) else {
        return Vec::new();
    };
    let written = t.get_str("namespace");
    let target_ns = match policy.kind {
        "AccessLogPolicy" => written.unwrap_or("default"),
        _ => match written {
            Some(ns) => ns,
            None => return Vec::new(),
        },
    };
    if target_ns == policy.ns() {
        return Vec::new();
    }
    let span = t.get("namespace").map_or(t.span, |n| n.span);
    let at = path(&["spec", "targetRef", "namespace"]);
    if policy.kind == "AccessLogPolicy" {
        return vec![Hit::new(
            span,
            at,
            format!(
                "The targetRef's namespace, \"{target_ns}\", does not match the Access Log Policy's namespace, \"{}\"",
                policy.ns()
            ),
        )];
    }
    vec![Hit::new(
        span,
        at,
        format!(
            "{} must be in the namespace of its target: targetRef.namespace is \"{target_ns}\", the policy is in \"{}\"",
            policy.kind, policy.ns()
        ),
    )
    .enforced(Enforcement::Documented)]
}

/// ## What it does
/// A TargetGroupPolicy with `protocol: TCP` sets no `protocolVersion`.
///
/// ## Why
/// The target group build fails with `protocolVersion is not supported for TCP protocol
/// TargetGroupPolicy` (Warning Event `FailedBuildModel`).
pub const TCP_PROTOCOL_VERSION: Rule = Rule {
    code: "aws-vpc-lattice/tcp-protocol-version",
    severity: Severity::Error,
    summary: "A TCP TargetGroupPolicy must not set protocolVersion.",
    docs_url: "https://github.com/aws/aws-application-networking-k8s/blob/main/docs/api-types/target-group-policy.md",
    enforcement: Enforcement::EventFailedBuildModel,
    kinds: &["TargetGroupPolicy"],
    features: &[],
    check: check_tcp_protocol_version,
};

fn check_tcp_protocol_version(policy: &Object<'_>, _: &Ctx<'_>) -> Vec<Hit> {
    let Some(spec) = policy.spec() else {
        return Vec::new();
    };
    match (spec.get_str("protocol"), spec.get("protocolVersion")) {
        (Some("TCP"), Some(version)) => vec![Hit::new(
            version.span,
            path(&["spec", "protocolVersion"]),
            "Failed build model due to protocolVersion is not supported for TCP protocol TargetGroupPolicy",
        )],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::profile::test_support::{codes_of, SERVICE};

    fn tgp(name: &str, extra: &str) -> String {
        format!(
            "apiVersion: application-networking.k8s.aws/v1alpha1
kind: TargetGroupPolicy
metadata:
  name: {name}
spec:
  targetRef:
    group: \"\"
    kind: Service
    name: svc
{extra}"
        )
    }

    #[test]
    fn valid_target_group_policy_passes() {
        let text = format!(
            "{SERVICE}---\n{}",
            tgp("a", "  protocol: HTTPS\n  protocolVersion: HTTP1\n")
        );
        assert_eq!(codes_of(&text), Vec::<String>::new());
    }

    #[test]
    fn target_kind_namespace_and_existence() {
        let wrong = tgp("a", "").replace("kind: Service\n    name", "kind: Gateway\n    name");
        assert_eq!(
            codes_of(&format!("{SERVICE}---\n{wrong}")),
            ["aws-vpc-lattice/policy-target-kind"]
        );
        assert_eq!(
            codes_of(&tgp("a", "")),
            ["aws-vpc-lattice/policy-target-not-found"]
        );
        let alp = "apiVersion: application-networking.k8s.aws/v1alpha1
kind: AccessLogPolicy
metadata:
  name: logs
  namespace: prod
spec:
  destinationArn: arn:aws:s3:::bucket
  targetRef:
    group: gateway.networking.k8s.io
    kind: Gateway
    name: gw
";
        let codes = codes_of(alp);
        assert!(
            codes.contains(&"aws-vpc-lattice/policy-target-namespace".to_owned()),
            "{codes:?}"
        );
    }

    #[test]
    fn oldest_policy_wins() {
        let text = format!("{SERVICE}---\n{}---\n{}", tgp("b", ""), tgp("a", ""));
        assert_eq!(codes_of(&text), ["aws-vpc-lattice/policy-conflict"]);
    }

    #[test]
    fn tcp_with_protocol_version_fails() {
        let text = format!(
            "{SERVICE}---\n{}",
            tgp("a", "  protocol: TCP\n  protocolVersion: HTTP1\n")
        );
        assert_eq!(codes_of(&text), ["aws-vpc-lattice/tcp-protocol-version"]);
    }
}
