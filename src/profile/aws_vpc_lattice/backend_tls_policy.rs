//! BackendTLSPolicy: not implemented by the controller.

use crate::diagnostics::{Enforcement, Severity};
use crate::profile::object::path;
use crate::profile::{Ctx, Hit, Object, Rule};

/// ## What it does
/// Warns on every BackendTLSPolicy.
///
/// ## Why
/// The controller does not implement BackendTLSPolicy (aws/aws-application-networking-k8s#304,
/// label `lattice-supported-controller-feature-gap`): the policy has no effect and traffic to
/// the backend is not re-encrypted by it. The VPC Lattice way is a TargetGroupPolicy with
/// `protocol: HTTPS` targeting the Service; it has no fields for CA certificates, SNI or SANs.
pub const UNSUPPORTED: Rule = Rule {
    code: "aws-vpc-lattice/backend-tls-policy",
    severity: Severity::Warning,
    summary: "BackendTLSPolicy is not supported; use a TargetGroupPolicy with protocol HTTPS.",
    docs_url: "https://github.com/aws/aws-application-networking-k8s/blob/main/docs/api-types/target-group-policy.md",
    enforcement: Enforcement::Ignored,
    kinds: &["BackendTLSPolicy"],
    features: &["BackendTLSPolicy", "BackendTLSPolicySANValidation"],
    check: check_policy,
};

fn check_policy(policy: &Object<'_>, _: &Ctx<'_>) -> Vec<Hit> {
    let span = policy.root.get("kind").map_or(policy.root.span, |n| n.span);
    vec![Hit::new(
        span,
        path(&["kind"]),
        "BackendTLSPolicy is not supported by the AWS Gateway API Controller and has no effect (Gateway API feature BackendTLSPolicy)",
    )
    .help("for TLS to the backend, use a TargetGroupPolicy (application-networking.k8s.aws/v1alpha1) with spec.protocol: HTTPS targeting the Service; it cannot set CA certificates, SNI or SANs")]
}

#[cfg(test)]
mod tests {
    use crate::profile::test_support::codes_of;

    #[test]
    fn backend_tls_policy_warns() {
        let text = "apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: p
spec:
  targetRefs:
    - group: \"\"
      kind: Service
      name: svc
  validation:
    hostname: svc.example.com
    wellKnownCACertificates: System
";
        assert_eq!(codes_of(text), ["aws-vpc-lattice/backend-tls-policy"]);
    }
}
