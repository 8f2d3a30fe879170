//! TLSRoute rules. The controller builds a TLSRoute as a VPC Lattice `TLS_PASSTHROUGH` listener
//! whose default action forwards to the backends: one rule, no matching, one custom domain name.
//!
//! Docs: `docs/api-types/tls-route.md` ("Considerations"). Code: `pkg/gateway/model_build_listener.go`
//! (`isTLSPassthroughGatewayListener`, `getListenerDefaultAction`), `model_build_lattice_service.go`
//! (`buildLatticeService`), `pkg/deploy/lattice/listener_manager.go`. These errors surface only as
//! Warning Events on the route; its `Accepted` condition can still read `True`.

use std::net::IpAddr;

use crate::diagnostics::{Enforcement, Severity};
use crate::profile::object::{items, listener, parent_gateways, path, written, PathExt};
use crate::profile::{Ctx, Hit, Object, Rule};

const DOCS: &str =
    "https://github.com/aws/aws-application-networking-k8s/blob/main/docs/api-types/tls-route.md";
const KINDS: &[&str] = &["TLSRoute"];

/// Docs sentence of the listener constraint.
const LISTENER_DOC: &str = "TLSRoute sectionName must refer to a TLS protocol listener with mode: Passthrough in the parentRefs Gateway";

/// ## What it does
/// Each parentRef of a TLSRoute must name (`sectionName`) a listener with `protocol: TLS` and an
/// explicitly written `tls.mode: Passthrough`.
///
/// ## Why
/// Only such a listener becomes a Lattice `TLS_PASSTHROUGH` listener
/// (`isTLSPassthroughGatewayListener`: `protocol==TLS && tls!=nil && tls.mode!=nil &&
/// mode==Passthrough`). Another protocol does not admit TLSRoutes (route
/// `Accepted=False/NotAllowedByListeners`); a TLS listener without an explicit mode becomes a
/// plain `TLS` Lattice listener, which VPC Lattice rejects (`FailedDeployModel`, inferred).
///
/// ## Example
/// Invalid: `sectionName: https` naming `protocol: HTTPS`. Valid: `sectionName: tls` naming
/// `protocol: TLS` with `tls: {mode: Passthrough}`.
pub const LISTENER: Rule = Rule {
    code: "aws-vpc-lattice/tls-route-listener",
    severity: Severity::Error,
    summary: "A TLSRoute's parentRef sectionName must name a listener with protocol TLS and an explicit tls.mode Passthrough.",
    docs_url: DOCS,
    enforcement: Enforcement::Documented,
    kinds: KINDS,
    features: &["TLSRouteModeTerminate"],
    check: check_listener,
};

fn check_listener(route: &Object<'_>, ctx: &Ctx<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (i, parent, gateway) in parent_gateways(route, ctx.input) {
        let at = path(&["spec", "parentRefs"]).idx(i);
        let Some(section) = parent.get("sectionName") else {
            hits.push(Hit::new(
                parent.span,
                at,
                format!("{LISTENER_DOC}; this parentRef has no sectionName"),
            ));
            continue;
        };
        let Some(listener) =
            gateway.and_then(|g| listener(g, section.value.as_str().unwrap_or_default()))
        else {
            continue;
        };
        let name = section.value.as_str().unwrap_or_default();
        let at = at.key("sectionName");
        let protocol = listener.get_str("protocol").unwrap_or_default();
        if protocol != "TLS" {
            hits.push(
                Hit::new(
                    section.span,
                    at,
                    format!("{LISTENER_DOC}; listener \"{name}\" has protocol {protocol}"),
                )
                .help("the route's Accepted condition becomes False with reason NotAllowedByListeners: \"No matching listeners allow this route. Check Gateway listener allowedRoutes policies\"")
                .enforced(Enforcement::StatusCondition),
            );
            continue;
        }
        let tls = listener.get("tls");
        let mode = tls
            .filter(|t| written(t, "mode"))
            .and_then(|t| t.get_str("mode"));
        match mode {
            Some("Passthrough") => {}
            Some(other) => hits.push(
                Hit::new(
                    section.span,
                    at,
                    format!(
                        "{LISTENER_DOC}; listener \"{name}\" has tls.mode {other} (Gateway API feature TLSRouteModeTerminate, not supported)"
                    ),
                )
                .help("the controller builds a TLS (not TLS_PASSTHROUGH) Lattice listener for it"),
            ),
            None => hits.push(
                Hit::new(
                    section.span,
                    at,
                    format!("{LISTENER_DOC}; listener \"{name}\" does not set tls.mode explicitly"),
                )
                .help("without an explicit tls.mode the controller builds a TLS listener, not TLS_PASSTHROUGH; VPC Lattice then rejects it (Warning Event FailedDeployModel; inferred from the controller's code)")
                .enforced(Enforcement::EventFailedDeployModel),
            ),
        }
    }
    hits
}

/// ## What it does
/// A TLSRoute must have exactly one rule.
///
/// ## Why
/// A passthrough listener has only a default action. The controller fails with
/// `only support exactly 1 rule for TLSRoute <ns>/<name>, but got <n>` (Warning Event
/// `FailedBuildModel`); the docs: "TLSRoute only supports to have one rule."
pub const ONE_RULE: Rule = Rule {
    code: "aws-vpc-lattice/tls-route-one-rule",
    severity: Severity::Error,
    summary: "A TLSRoute must have exactly one rule.",
    docs_url: DOCS,
    enforcement: Enforcement::EventFailedBuildModel,
    kinds: KINDS,
    features: &[],
    check: check_one_rule,
};

fn check_one_rule(route: &Object<'_>, _: &Ctx<'_>) -> Vec<Hit> {
    let rules_node = route.spec().and_then(|s| s.get("rules"));
    let rules = items(rules_node);
    if rules.len() == 1 {
        return Vec::new();
    }
    let (span, at) = match rules.get(1) {
        Some(second) => (second.span, path(&["spec", "rules"]).idx(1)),
        None => (
            rules_node
                .or(route.spec())
                .map_or(route.root.span, |n| n.span),
            path(&["spec", "rules"]),
        ),
    };
    vec![Hit::new(
        span,
        at,
        format!(
            "Failed build model due to only support exactly 1 rule for TLSRoute {}, but got {}",
            route.ns_name(),
            rules.len()
        ),
    )]
}

/// ## What it does
/// TLSRoute rules carry no matching conditions.
///
/// ## Why
/// The docs: "TLSRoute does not support any rule matching condition." The listener's default
/// action forwards everything; the controller builds no rules for it.
pub const NO_MATCHES: Rule = Rule {
    code: "aws-vpc-lattice/tls-route-no-matches",
    severity: Severity::Error,
    summary: "TLSRoute rules must not have matching conditions.",
    docs_url: DOCS,
    enforcement: Enforcement::Documented,
    kinds: KINDS,
    features: &[],
    check: check_no_matches,
};

fn check_no_matches(route: &Object<'_>, _: &Ctx<'_>) -> Vec<Hit> {
    items(route.spec().and_then(|s| s.get("rules")))
        .iter()
        .enumerate()
        .filter_map(|(r, rule)| {
            let matches = rule.get("matches")?;
            Some(Hit::new(
                matches.span,
                path(&["spec", "rules"]).idx(r).key("matches"),
                "TLSRoute does not support any rule matching condition.",
            ))
        })
        .collect()
}

/// ## What it does
/// A TLSRoute names exactly one hostname, and it is not an IP address.
///
/// ## Why
/// VPC Lattice needs a custom domain name: without a hostname the controller fails with
/// `TLSRoute <ns>/<name> must specify at least one hostname as VPC Lattice requires a custom
/// domain name` (Warning Event `FailedBuildModel`). The docs require exactly one; the code
/// takes the first as the service's custom domain name and silently ignores the rest. The docs
/// allow no IPs (the v1 CRD rejects them with "Hostnames cannot contain an IP").
pub const HOSTNAME: Rule = Rule {
    code: "aws-vpc-lattice/tls-route-hostname",
    severity: Severity::Error,
    summary: "A TLSRoute must have exactly one hostname, not an IP address.",
    docs_url: DOCS,
    enforcement: Enforcement::EventFailedBuildModel,
    kinds: KINDS,
    features: &[],
    check: check_hostname,
};

const ONE_HOSTNAME_DOC: &str = "The hostnames field with exactly one host name is required.";

fn check_hostname(route: &Object<'_>, _: &Ctx<'_>) -> Vec<Hit> {
    let node = route.spec().and_then(|s| s.get("hostnames"));
    let hostnames = items(node);
    let mut hits = Vec::new();
    if hostnames.is_empty() {
        let span = node.or(route.spec()).map_or(route.root.span, |n| n.span);
        hits.push(Hit::new(
            span,
            path(&["spec", "hostnames"]),
            format!(
                "Failed build model due to TLSRoute {} must specify at least one hostname as VPC Lattice requires a custom domain name",
                route.ns_name()
            ),
        ));
    }
    for (i, host) in hostnames.iter().enumerate().skip(1) {
        let first = hostnames
            .first()
            .and_then(|h| h.value.as_str())
            .unwrap_or_default();
        hits.push(
            Hit::new(host.span, path(&["spec", "hostnames"]).idx(i), ONE_HOSTNAME_DOC)
                .help(format!(
                    "the controller uses only the first hostname (\"{first}\") as the VPC Lattice custom domain name and silently ignores the rest"
                ))
                .enforced(Enforcement::Documented),
        );
    }
    for (i, host) in hostnames.iter().enumerate() {
        if host
            .value
            .as_str()
            .is_some_and(|h| h.parse::<IpAddr>().is_ok())
        {
            hits.push(
                Hit::new(
                    host.span,
                    path(&["spec", "hostnames"]).idx(i),
                    format!("{ONE_HOSTNAME_DOC} Hostnames cannot contain an IP"),
                )
                .enforced(Enforcement::ApiServer),
            );
        }
    }
    hits
}

/// ## What it does
/// Each TLSRoute rule has at least one backendRef.
///
/// ## Why
/// The passthrough listener forwards to target groups; without one the deploy fails with
/// `TLSRoute <ns>/<name> must have at least one valid backendRef target group` (Warning Event
/// `FailedDeployModel`).
pub const BACKEND_REFS: Rule = Rule {
    code: "aws-vpc-lattice/tls-route-backend-refs",
    severity: Severity::Error,
    summary: "A TLSRoute rule must have at least one backendRef.",
    docs_url: DOCS,
    enforcement: Enforcement::EventFailedDeployModel,
    kinds: KINDS,
    features: &[],
    check: check_backend_refs,
};

fn check_backend_refs(route: &Object<'_>, _: &Ctx<'_>) -> Vec<Hit> {
    items(route.spec().and_then(|s| s.get("rules")))
        .iter()
        .enumerate()
        .filter(|(_, rule)| items(rule.get("backendRefs")).is_empty())
        .map(|(r, rule)| {
            Hit::new(
                rule.span,
                path(&["spec", "rules"]).idx(r).key("backendRefs"),
                format!(
                    "Failed deploy model due to TLSRoute {} must have at least one valid backendRef target group",
                    route.ns_name()
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::profile::test_support::{codes_of, GATEWAY_TLS};

    const SEED: &str = "apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TLSRoute
metadata:
  name: nginx-tls-route
spec:
  hostnames:
    - nginx-test.my-test.com
  parentRefs:
    - name: my-hotel-tls-passthrough
      sectionName: tls
  rules:
    - backendRefs:
        - name: nginx-tls
          kind: Service
          port: 443
";

    fn codes(route: &str) -> Vec<String> {
        codes_of(&format!("{GATEWAY_TLS}---\n{route}"))
    }

    #[test]
    fn the_docs_example_passes() {
        assert_eq!(codes(SEED), Vec::<String>::new());
    }

    #[test]
    fn listener_must_be_tls_passthrough() {
        let https = SEED.replace("sectionName: tls", "sectionName: https");
        assert_eq!(codes(&https), ["aws-vpc-lattice/tls-route-listener"]);
        let implicit = SEED.replace("sectionName: tls", "sectionName: tls-implicit");
        assert_eq!(codes(&implicit), ["aws-vpc-lattice/tls-route-listener"]);
        let missing = SEED.replace("      sectionName: tls\n", "");
        assert_eq!(codes(&missing), ["aws-vpc-lattice/tls-route-listener"]);
    }

    #[test]
    fn exactly_one_rule() {
        let two = format!("{SEED}    - backendRefs:\n        - name: other\n          port: 443\n");
        assert_eq!(codes(&two), ["aws-vpc-lattice/tls-route-one-rule"]);
    }

    #[test]
    fn exactly_one_hostname_and_no_ip() {
        let two = SEED.replace(
            "    - nginx-test.my-test.com\n",
            "    - nginx-test.my-test.com\n    - other.my-test.com\n",
        );
        assert_eq!(codes(&two), ["aws-vpc-lattice/tls-route-hostname"]);
        let none = SEED.replace("  hostnames:\n    - nginx-test.my-test.com\n", "");
        assert_eq!(codes(&none), ["aws-vpc-lattice/tls-route-hostname"]);
        let ip = SEED.replace("nginx-test.my-test.com", "10.0.0.1");
        assert!(codes(&ip).contains(&"aws-vpc-lattice/tls-route-hostname".to_owned()));
    }

    #[test]
    fn no_matches_and_backend_refs_required() {
        let matches = SEED.replace(
            "    - backendRefs:",
            "    - matches: []\n      backendRefs:",
        );
        assert!(codes(&matches).contains(&"aws-vpc-lattice/tls-route-no-matches".to_owned()));
        let empty = SEED.replace(
            "    - backendRefs:\n        - name: nginx-tls\n          kind: Service\n          port: 443\n",
            "    - name: only\n",
        );
        assert_eq!(codes(&empty), ["aws-vpc-lattice/tls-route-backend-refs"]);
    }
}
