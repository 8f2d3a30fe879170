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

use super::route::route_kind_allowed;
use crate::profile::{Ctx, Hit, Object, Rule};

const DOCS: &str =
    "https://github.com/aws/aws-application-networking-k8s/blob/main/docs/api-types/tls-route.md";
const KINDS: &[&str] = &["TLSRoute"];

/// Docs sentence of the listener constraint (`docs/api-types/tls-route.md` at v2.1.3, line 10).
const LISTENER_DOC: &str = "TLSRoute sectionName must refer to a TLS protocol listener with mode: Passthrough in the parentRefs Gateway";

/// The Warning Event of a TLSRoute on a TLS listener that is not Passthrough, in the
/// controller's words. `buildListeners` (`pkg/gateway/model_build_listener.go` at v2.1.3) keeps
/// the Gateway listener's protocol unless `isTLSPassthroughGatewayListener` (line 28:
/// `listener.Protocol == gwv1.TLSProtocolType && listener.TLS != nil && listener.TLS.Mode != nil
/// && *listener.TLS.Mode == gwv1.TLSModePassthrough`) turns it into `TLS_PASSTHROUGH` (lines
/// 93-97); `model.NewListener` (line 125) then runs `ListenerSpec.Validate`
/// (`pkg/model/lattice/listener.go` lines 12-16, `validListenerProtocols` = HTTP, HTTPS,
/// TLS_PASSTHROUGH; lines 67-69: `fmt.Errorf("invalid listener protocol %s", spec.Protocol)`);
/// `buildModel` wraps it (`pkg/gateway/model_build_lattice_service.go` lines 94-97: "failed to
/// build listener due to %w") and `buildAndDeployModel` emits it
/// (`pkg/controllers/route_controller.go` lines 256-257: Warning `FailedBuildModel`, "Failed
/// build model due to %s").
const NOT_PASSTHROUGH_EVENT: &str =
    "Failed build model due to failed to build listener due to invalid listener protocol TLS";

/// ## What it does
/// Each parentRef of a TLSRoute must name (`sectionName`) a listener with `protocol: TLS` and
/// `tls.mode: Passthrough`.
///
/// ## Why
/// Only such a listener becomes a Lattice `TLS_PASSTHROUGH` listener. A listener that does not
/// admit TLSRoutes (`isRouteKindAllowedByListener`: by protocol, TLS only, unless
/// `allowedRoutes.kinds` lists TLSRoute) gives the route `Accepted=False/NotAllowedByListeners`.
/// A TLS listener whose mode is Terminate (written, or the CRD default when `tls.mode` is left
/// out) keeps protocol `TLS`, which the controller's listener model rejects: Warning Event
/// `FailedBuildModel` "Failed build model due to failed to build listener due to invalid
/// listener protocol TLS", while the route's `Accepted` condition stays `True`.
///
/// ## Example
/// Invalid: `sectionName: https` naming `protocol: HTTPS`; `sectionName: tls` naming
/// `protocol: TLS` with `tls: {mode: Terminate}`. Valid: `sectionName: tls` naming
/// `protocol: TLS` with `tls: {mode: Passthrough}`.
pub const LISTENER: Rule = Rule {
    code: "aws-vpc-lattice/tls-route-listener",
    severity: Severity::Error,
    summary: "A TLSRoute's parentRef sectionName must name a listener with protocol TLS and tls.mode Passthrough.",
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
        if !route_kind_allowed(listener, route.kind) {
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
        if protocol != "TLS" {
            // Admitted through `allowedRoutes.kinds`: the controller builds an HTTP(S) Lattice
            // listener with a fixed-response default action; only the docs forbid it.
            hits.push(Hit::new(
                section.span,
                at,
                format!("{LISTENER_DOC}; listener \"{name}\" has protocol {protocol}"),
            ));
            continue;
        }
        // The defaulted tree: a `tls` without `mode` has the CRD default Terminate.
        let mode = listener.get("tls").and_then(|t| t.get_str("mode"));
        if mode == Some("Passthrough") {
            continue;
        }
        let why = match mode {
            Some(mode) if listener.get("tls").is_some_and(|t| written(t, "mode")) => {
                format!("tls.mode {mode}")
            }
            Some(mode) => format!("no tls.mode, so the default {mode}"),
            None => "no tls".to_owned(),
        };
        hits.push(
            Hit::new(section.span, at, NOT_PASSTHROUGH_EVENT)
                .help(format!(
                    "listener \"{name}\" has {why}: the controller builds a Lattice listener of protocol TLS, not TLS_PASSTHROUGH, and rejects it; the route's Accepted condition stays True. The docs: \"{LISTENER_DOC}. The tls.mode field must be explicitly set on the listener.\" (Gateway API feature TLSRouteModeTerminate is not supported)"
                ))
                .enforced(Enforcement::EventFailedBuildModel),
        );
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
/// allow no IPs ("IP addresses are not allowed."); the v1 CRD rejects them itself ("Hostnames
/// cannot contain an IP"), and then only that error is reported.
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

/// `docs/api-types/tls-route.md` at v2.1.3, line 14: "The `hostnames` field with exactly one
/// host name is required. IP addresses are not allowed."
const ONE_HOSTNAME_DOC: &str = "The hostnames field with exactly one host name is required.";
const IP_DOC: &str = "IP addresses are not allowed.";

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
            // Shown only where the API server accepts the IP (TLSRoute v1alpha2, whose CRD has
            // no `!isIP` rule): where the v1 CRD's "Hostnames cannot contain an IP" rejects it,
            // `profile::check` drops this hit (one mistake, one diagnostic).
            hits.push(
                Hit::new(host.span, path(&["spec", "hostnames"]).idx(i), IP_DOC)
                    .help("the controller does not check (its code has no IP test): it would ask VPC Lattice for this IP as the service's custom domain name")
                    .enforced(Enforcement::Documented),
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
    use crate::diagnostics::{Enforcement, Severity, Source};
    use crate::profile::test_support::{codes_of, lint_aws, GATEWAY_TLS};

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

    fn on_gateway(d: &crate::diagnostics::Diagnostic) -> bool {
        d.resource.as_ref().and_then(|r| r.kind.as_deref()) == Some("Gateway")
    }

    /// The code of every error and profile diagnostic on the route, in position order.
    fn all_codes(route: &str) -> Vec<String> {
        lint_aws(&format!("{GATEWAY_TLS}---\n{route}"))
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Error || d.source == Source::Profile)
            .filter(|d| !on_gateway(d))
            .map(|d| d.code)
            .collect()
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

    /// A TLS listener with mode Terminate, written or defaulted (`tls: {}`), fails the Lattice
    /// listener build in the controller's words (`pkg/model/lattice/listener.go` line 68 at
    /// v2.1.3, wrapped by `model_build_lattice_service.go` line 96 and
    /// `route_controller.go` line 257), a Warning Event `FailedBuildModel`.
    #[test]
    fn a_terminate_listener_gets_the_controllers_build_error() {
        let terminate = GATEWAY_TLS.replace("      tls: {}\n", "      tls:\n        mode: Terminate\n        options:\n          application-networking.k8s.aws/certificate-arn: arn:aws:acm:us-west-2:123456789012:certificate/abc\n");
        for gateway in [GATEWAY_TLS.to_owned(), terminate] {
            let route = SEED.replace("sectionName: tls", "sectionName: tls-implicit");
            let result = lint_aws(&format!("{gateway}---\n{route}"));
            let hits: Vec<_> = result
                .diagnostics
                .iter()
                .filter(|d| d.code == "aws-vpc-lattice/tls-route-listener")
                .collect();
            assert_eq!(hits.len(), 1, "{:#?}", result.diagnostics);
            let hit = hits.first().copied();
            assert_eq!(
                hit.map(|d| d.message.as_str()),
                Some("Failed build model due to failed to build listener due to invalid listener protocol TLS")
            );
            assert_eq!(
                hit.and_then(|d| d.enforcement),
                Some(Enforcement::EventFailedBuildModel)
            );
            // The route itself passes the API server.
            assert!(result
                .diagnostics
                .iter()
                .all(|d| d.severity != Severity::Error
                    || d.source == Source::Profile
                    || on_gateway(d)));
        }
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
        assert_eq!(codes(&ip), ["aws-vpc-lattice/tls-route-hostname"]);
        let message: Vec<String> = lint_aws(&format!("{GATEWAY_TLS}---\n{ip}"))
            .diagnostics
            .into_iter()
            .filter(|d| d.source == Source::Profile)
            .map(|d| d.message)
            .collect();
        assert_eq!(message, ["IP addresses are not allowed."]);
    }

    /// One mistake, one diagnostic: the v1 CRD rejects an IP hostname ("Hostnames cannot
    /// contain an IP"), so the profile adds nothing; v1alpha2 (above) has no such rule.
    #[test]
    fn an_ip_the_api_server_rejects_is_reported_once() {
        let v1 = SEED
            .replace("nginx-test.my-test.com", "10.0.0.1")
            .replace("networking.k8s.io/v1alpha2", "networking.k8s.io/v1");
        let all = all_codes(&v1);
        assert_eq!(all, ["cel/rule"], "{all:?}");
    }

    #[test]
    fn no_matches_and_backend_refs_required() {
        let matches = SEED.replace(
            "    - backendRefs:",
            "    - matches: []\n      backendRefs:",
        );
        // TLSRoute has no `matches`: the API server rejects the unknown field, and that is the
        // one diagnostic (the profile rule is subsumed).
        let all = all_codes(&matches);
        assert!(all.iter().any(|c| c.starts_with("schema/")), "{all:?}");
        assert!(!all.contains(&"aws-vpc-lattice/tls-route-no-matches".to_owned()));
        let empty = SEED.replace(
            "    - backendRefs:\n        - name: nginx-tls\n          kind: Service\n          port: 443\n",
            "    - name: only\n",
        );
        // The schema requires backendRefs on every rule of the releases the profile supports:
        // the API server's error is the one diagnostic.
        let all = all_codes(&empty);
        assert_eq!(all, ["schema/required"]);
    }
}
