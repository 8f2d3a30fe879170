//! HTTPRoute and GRPCRoute rules: what the controller's rule builder accepts
//! (`pkg/gateway/model_build_rule.go`) and what it never reads.
//!
//! Build errors surface as a Warning Event `FailedBuildModel` ("Failed build model due to
//! <error>") on the route; its `Accepted` condition can still read `True`.

use crate::diagnostics::{Enforcement, Severity};
use crate::profile::features::filter_feature;
use crate::profile::object::{items, listener, parent_gateways, path, PathExt};
use crate::profile::{Ctx, Hit, Object, Rule};
use crate::yaml::Node;

const HTTP_DOCS: &str =
    "https://github.com/aws/aws-application-networking-k8s/blob/main/docs/api-types/http-route.md";
const GRPC_DOCS: &str =
    "https://github.com/aws/aws-application-networking-k8s/blob/main/docs/api-types/grpc-route.md";
const ROUTES: &[&str] = &["HTTPRoute", "GRPCRoute"];

/// Most header matches one Lattice rule takes (`LATTICE_MAX_HEADER_MATCHES`).
const MAX_HEADER_MATCHES: usize = 5;

fn build_error(error: &str) -> String {
    format!("Failed build model due to {error}")
}

/// Every `rules[r].matches[m]` with its path.
fn each_match<'a>(route: &Object<'a>) -> Vec<(Vec<crate::diagnostics::PathSegment>, &'a Node)> {
    let mut out = Vec::new();
    for (r, rule) in items(route.spec().and_then(|s| s.get("rules")))
        .iter()
        .enumerate()
    {
        for (m, matched) in items(rule.get("matches")).iter().enumerate() {
            out.push((
                path(&["spec", "rules"]).idx(r).key("matches").idx(m),
                matched,
            ));
        }
    }
    out
}

/// ## What it does
/// An HTTPRoute's parentRef sectionName names an `HTTP` or `HTTPS` listener (or one whose
/// `allowedRoutes.kinds` lists HTTPRoute); a GRPCRoute's an `HTTPS` listener.
///
/// ## Why
/// The controller admits a route on a listener by `isRouteKindAllowedByListener`
/// (`pkg/model/core/route.go`): a kind listed in `allowedRoutes.kinds` (whatever the protocol),
/// else by protocol HTTP→HTTPRoute, HTTPS→HTTPRoute+GRPCRoute, TLS→TLSRoute; elsewhere the
/// route is `Accepted=False/NotAllowedByListeners`. The docs: "sectionName must refer to an
/// HTTP or HTTPS listener" (HTTPRoute), "an HTTPS listener" (GRPCRoute).
pub const LISTENER_PROTOCOL: Rule = Rule {
    code: "aws-vpc-lattice/route-listener-protocol",
    severity: Severity::Error,
    summary: "HTTPRoute attaches to HTTP or HTTPS listeners, GRPCRoute to HTTPS listeners.",
    docs_url: HTTP_DOCS,
    enforcement: Enforcement::StatusCondition,
    kinds: ROUTES,
    features: &[],
    check: check_listener_protocol,
};

/// The route kinds a listener admits for the route's `Accepted` condition
/// ([`route_kind_allowed`]): the listed `allowedRoutes.kinds`, else those of its protocol.
fn admitted_kinds(listener: &Node) -> Vec<&str> {
    let kinds = items(listener.get("allowedRoutes").and_then(|a| a.get("kinds")));
    if !kinds.is_empty() {
        return kinds.iter().filter_map(|k| k.get_str("kind")).collect();
    }
    match listener.get_str("protocol").unwrap_or_default() {
        "HTTP" => vec!["HTTPRoute"],
        "HTTPS" => vec!["HTTPRoute", "GRPCRoute"],
        "TLS" => vec!["TLSRoute"],
        _ => Vec::new(),
    }
}

/// A listener's status as `updateGatewayListenerStatus` (`pkg/controllers/gateway_controller.go`
/// at v2.1.3) writes it: whether `listenerRouteGroupKindSupported` (lines 485-524) finds every
/// listed kind fitting, and the `supportedKinds`. A fitting listener's are by protocol alone
/// (lines 452-461: TLS → TLSRoute; HTTPS → HTTPRoute, GRPCRoute; any other → HTTPRoute),
/// whatever it lists; an unfitting one's are the listed kinds that fit.
pub fn listener_kinds(listener: &Node) -> (bool, Vec<&'static str>) {
    let protocol = listener.get_str("protocol").unwrap_or_default();
    let kinds = items(listener.get("allowedRoutes").and_then(|a| a.get("kinds")));
    let mut valid = true;
    let mut supported = Vec::new();
    for kind in kinds {
        match (kind.get_str("kind").unwrap_or_default(), protocol) {
            ("HTTPRoute", _) => supported.push("HTTPRoute"),
            ("GRPCRoute", "HTTPS") => supported.push("GRPCRoute"),
            ("TLSRoute", "TLS") => supported.push("TLSRoute"),
            _ => valid = false,
        }
    }
    if !valid {
        return (false, supported);
    }
    let by_protocol = match protocol {
        "TLS" => vec!["TLSRoute"],
        "HTTPS" => vec!["HTTPRoute", "GRPCRoute"],
        _ => vec!["HTTPRoute"],
    };
    (true, by_protocol)
}

/// `isRouteKindAllowedByListener` (`pkg/model/core/route.go` at v2.1.3, lines 160-183): whether
/// a listener admits a route kind when the controller decides the route's `Accepted` condition.
/// With `allowedRoutes.kinds` any listed kind counts, whatever the protocol (the listener's own
/// `ResolvedRefs` may still be `InvalidRouteKinds`); without, by protocol: HTTP → HTTPRoute,
/// HTTPS → HTTPRoute, GRPCRoute, TLS → TLSRoute, nothing else.
pub fn route_kind_allowed(listener: &Node, route_kind: &str) -> bool {
    let kinds = items(listener.get("allowedRoutes").and_then(|a| a.get("kinds")));
    if !kinds.is_empty() {
        return kinds.iter().any(|k| k.get_str("kind") == Some(route_kind));
    }
    matches!(
        (listener.get_str("protocol").unwrap_or_default(), route_kind),
        ("HTTP", "HTTPRoute") | ("HTTPS", "HTTPRoute" | "GRPCRoute") | ("TLS", "TLSRoute")
    )
}

fn check_listener_protocol(route: &Object<'_>, ctx: &Ctx<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (i, parent, gateway) in parent_gateways(route, ctx.input) {
        let Some(gateway) = gateway else { continue };
        let at = path(&["spec", "parentRefs"]).idx(i);
        let (listeners, span, at): (Vec<&Node>, _, _) = match parent.get("sectionName") {
            Some(section) => (
                listener(gateway, section.value.as_str().unwrap_or_default())
                    .into_iter()
                    .collect(),
                section.span,
                at.key("sectionName"),
            ),
            None => (
                items(gateway.spec().and_then(|s| s.get("listeners")))
                    .iter()
                    .collect(),
                parent.span,
                at,
            ),
        };
        if listeners.is_empty() || listeners.iter().any(|l| route_kind_allowed(l, route.kind)) {
            continue;
        }
        let reached: Vec<String> = listeners
            .iter()
            .map(|l| {
                format!(
                    "\"{}\" ({}) admits {}",
                    l.get_str("name").unwrap_or_default(),
                    l.get_str("protocol").unwrap_or_default(),
                    match admitted_kinds(l).join(", ") {
                        kinds if kinds.is_empty() => "no route kind".to_owned(),
                        kinds => kinds,
                    }
                )
            })
            .collect();
        hits.push(Hit::new(
            span,
            at,
            format!(
                "No matching listeners allow this route. Check Gateway listener allowedRoutes policies: for {}, listener {}",
                route.kind,
                reached.join("; ")
            ),
        ));
    }
    hits
}

/// ## What it does
/// A rule has at most one match.
///
/// ## Why
/// A Lattice rule has one condition; the controller fails with
/// `LATTICE_NO_SUPPORT_FOR_MULTIPLE_MATCHES`. Split the rule in two.
pub const MULTIPLE_MATCHES: Rule = Rule {
    code: "aws-vpc-lattice/multiple-matches",
    severity: Severity::Error,
    summary: "A route rule may have at most one match.",
    docs_url: HTTP_DOCS,
    enforcement: Enforcement::EventFailedBuildModel,
    kinds: ROUTES,
    features: &[],
    check: check_multiple_matches,
};

fn check_multiple_matches(route: &Object<'_>, _: &Ctx<'_>) -> Vec<Hit> {
    items(route.spec().and_then(|s| s.get("rules")))
        .iter()
        .enumerate()
        .filter_map(|(r, rule)| {
            let second = items(rule.get("matches")).get(1)?;
            Some(
                Hit::new(
                    second.span,
                    path(&["spec", "rules"]).idx(r).key("matches").idx(1),
                    build_error("LATTICE_NO_SUPPORT_FOR_MULTIPLE_MATCHES"),
                )
                .help("split the rule into one rule per match"),
            )
        })
        .collect()
}

/// ## What it does
/// HTTPRoute path matches are `Exact` or `PathPrefix` (VPC Lattice matches paths
/// case-insensitively).
///
/// ## Why
/// `RegularExpression` fails with `LATTICE_UNSUPPORTED_PATH_MATCH_TYPE`.
pub const PATH_MATCH: Rule = Rule {
    code: "aws-vpc-lattice/path-match-type",
    severity: Severity::Error,
    summary: "HTTPRoute path matches must be Exact or PathPrefix.",
    docs_url: HTTP_DOCS,
    enforcement: Enforcement::EventFailedBuildModel,
    kinds: &["HTTPRoute"],
    features: &[],
    check: check_path_match,
};

fn check_path_match(route: &Object<'_>, _: &Ctx<'_>) -> Vec<Hit> {
    each_match(route)
        .into_iter()
        .filter_map(|(at, matched)| {
            let kind = matched.get("path")?.get("type")?;
            match kind.value.as_str() {
                Some("Exact" | "PathPrefix") | None => None,
                Some(_) => Some(Hit::new(
                    kind.span,
                    at.key("path").key("type"),
                    build_error("LATTICE_UNSUPPORTED_PATH_MATCH_TYPE"),
                )),
            }
        })
        .collect()
}

/// ## What it does
/// No query parameter matches (upstream feature `HTTPRouteQueryParamMatching`).
///
/// ## Why
/// The controller fails with `LATTICE_UNSUPPORTED_MATCH_TYPE`.
pub const QUERY_PARAMS: Rule = Rule {
    code: "aws-vpc-lattice/query-param-match",
    severity: Severity::Error,
    summary: "Query parameter matches (HTTPRouteQueryParamMatching) are not supported.",
    docs_url: HTTP_DOCS,
    enforcement: Enforcement::EventFailedBuildModel,
    kinds: &["HTTPRoute"],
    features: &["HTTPRouteQueryParamMatching"],
    check: check_query_params,
};

fn check_query_params(route: &Object<'_>, _: &Ctx<'_>) -> Vec<Hit> {
    each_match(route)
        .into_iter()
        .filter_map(|(at, matched)| {
            let node = matched.get("queryParams")?;
            Some(
                Hit::new(node.span, at.key("queryParams"), build_error("LATTICE_UNSUPPORTED_MATCH_TYPE"))
                    .help("the Gateway API feature HTTPRouteQueryParamMatching is not supported by VPC Lattice"),
            )
        })
        .collect()
}

/// ## What it does
/// At most 5 header matches per match, each of type `Exact`.
///
/// ## Why
/// The controller fails with `LATTICE_EXCEED_MAX_HEADER_MATCHES` or
/// `LATTICE_UNSUPPORTED_HEADER_MATCH_TYPE`.
pub const HEADER_MATCHES: Rule = Rule {
    code: "aws-vpc-lattice/header-match",
    severity: Severity::Error,
    summary: "At most 5 header matches per match, and only type Exact.",
    docs_url: HTTP_DOCS,
    enforcement: Enforcement::EventFailedBuildModel,
    kinds: ROUTES,
    features: &[],
    check: check_header_matches,
};

fn check_header_matches(route: &Object<'_>, _: &Ctx<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (at, matched) in each_match(route) {
        let headers = items(matched.get("headers"));
        if let Some(sixth) = headers.get(MAX_HEADER_MATCHES) {
            hits.push(Hit::new(
                sixth.span,
                at.clone().key("headers").idx(MAX_HEADER_MATCHES),
                build_error("LATTICE_EXCEED_MAX_HEADER_MATCHES"),
            ));
        }
        for (h, header) in headers.iter().enumerate() {
            if let Some(kind) = header
                .get("type")
                .filter(|t| t.value.as_str() != Some("Exact"))
            {
                hits.push(Hit::new(
                    kind.span,
                    at.clone().key("headers").idx(h).key("type"),
                    build_error("LATTICE_UNSUPPORTED_HEADER_MATCH_TYPE"),
                ));
            }
        }
    }
    hits
}

/// ## What it does
/// GRPCRoute method matches are `Exact`, and a method needs a service.
///
/// ## Why
/// VPC Lattice has no suffix or regex matching: the controller fails with
/// `unsupported gRPC method match type <type>` or
/// `cannot create GRPCRouteMatch for nil service and non-nil method`.
pub const GRPC_METHOD: Rule = Rule {
    code: "aws-vpc-lattice/grpc-method-match",
    severity: Severity::Error,
    summary: "GRPCRoute method matches must be Exact, and a method requires a service.",
    docs_url: GRPC_DOCS,
    enforcement: Enforcement::EventFailedBuildModel,
    kinds: &["GRPCRoute"],
    features: &[],
    check: check_grpc_method,
};

fn check_grpc_method(route: &Object<'_>, _: &Ctx<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (at, matched) in each_match(route) {
        let Some(method) = matched.get("method") else {
            continue;
        };
        let at = at.key("method");
        if let Some(name) = method
            .get("method")
            .filter(|_| method.get("service").is_none())
        {
            hits.push(Hit::new(
                name.span,
                at.clone().key("method"),
                build_error("cannot create GRPCRouteMatch for nil service and non-nil method"),
            ));
        }
        if let Some(kind) = method
            .get("type")
            .filter(|t| t.value.as_str() != Some("Exact"))
        {
            hits.push(Hit::new(
                kind.span,
                at.key("type"),
                build_error(&format!(
                    "unsupported gRPC method match type {}",
                    kind.value.as_str().unwrap_or_default()
                )),
            ));
        }
    }
    hits
}

/// ## What it does
/// Warns on route and backendRef `filters`: the controller never reads them.
///
/// ## Why
/// Header modifiers, redirects, rewrites, mirrors and CORS have no VPC Lattice equivalent; the
/// controller ignores them silently (its conformance report marks them "Not supported by
/// Lattice"), so traffic flows unmodified.
pub const FILTERS: Rule = Rule {
    code: "aws-vpc-lattice/filters-ignored",
    severity: Severity::Warning,
    summary: "Route filters are silently ignored by the controller.",
    docs_url:
        "https://github.com/aws/aws-application-networking-k8s/blob/main/docs/conformance-test.md",
    enforcement: Enforcement::Ignored,
    kinds: ROUTES,
    features: &[
        "HTTPRouteResponseHeaderModification",
        "HTTPRouteRequestMirror",
        "HTTPRouteCORS",
        "HTTPRoutePathRedirect",
        "HTTPRoutePortRedirect",
        "HTTPRouteSchemeRedirect",
        "HTTPRouteHostRewrite",
        "HTTPRoutePathRewrite",
        "HTTPRouteBackendRequestHeaderModification",
    ],
    check: check_filters,
};

fn check_filters(route: &Object<'_>, _: &Ctx<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut add = |filter: &Node, at: Vec<crate::diagnostics::PathSegment>, on_backend: bool| {
        let kind = filter.get_str("type").unwrap_or("filter");
        let feature = filter_feature(filter, on_backend)
            .map(|f| format!(" (Gateway API feature {f})"))
            .unwrap_or_default();
        hits.push(Hit::new(
            filter.span,
            at,
            format!("the {kind} filter{feature} is silently ignored: the AWS Gateway API Controller does not read route filters"),
        ));
    };
    for (r, rule) in items(route.spec().and_then(|s| s.get("rules")))
        .iter()
        .enumerate()
    {
        let at = path(&["spec", "rules"]).idx(r);
        for (f, filter) in items(rule.get("filters")).iter().enumerate() {
            add(filter, at.clone().key("filters").idx(f), false);
        }
        for (b, backend) in items(rule.get("backendRefs")).iter().enumerate() {
            for (f, filter) in items(backend.get("filters")).iter().enumerate() {
                add(
                    filter,
                    at.clone().key("backendRefs").idx(b).key("filters").idx(f),
                    true,
                );
            }
        }
    }
    hits
}

/// ## What it does
/// Warns on rule `timeouts`, `retry` and `sessionPersistence`: the controller never reads them.
///
/// ## Why
/// VPC Lattice rules have no per-route timeout, retry or affinity setting; the fields are
/// dropped silently.
pub const IGNORED_FIELDS: Rule = Rule {
    code: "aws-vpc-lattice/field-ignored",
    severity: Severity::Warning,
    summary: "Route timeouts, retry and sessionPersistence are silently ignored by the controller.",
    docs_url: HTTP_DOCS,
    enforcement: Enforcement::Ignored,
    kinds: ROUTES,
    features: &[
        "HTTPRouteRequestTimeout",
        "HTTPRouteBackendTimeout",
        "HTTPRouteRetry",
    ],
    check: check_ignored_fields,
};

fn check_ignored_fields(route: &Object<'_>, _: &Ctx<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (r, rule) in items(route.spec().and_then(|s| s.get("rules")))
        .iter()
        .enumerate()
    {
        for (key, feature) in [
            (
                "timeouts",
                " (Gateway API features HTTPRouteRequestTimeout, HTTPRouteBackendTimeout)",
            ),
            ("retry", " (Gateway API feature HTTPRouteRetry)"),
            ("sessionPersistence", ""),
        ] {
            if let Some(node) = rule.get(key) {
                hits.push(Hit::new(
                    node.span,
                    path(&["spec", "rules"]).idx(r).key(key),
                    format!("{key}{feature} is silently ignored: the AWS Gateway API Controller does not read it"),
                ));
            }
        }
    }
    hits
}

/// ## What it does
/// Warns on every hostname of an HTTPRoute or GRPCRoute after the first.
///
/// ## Why
/// The first hostname becomes the VPC Lattice service's custom domain name; the controller's
/// comment: "VPC Lattice supports one custom domain per service, so only the first hostname is
/// used". The others get no traffic.
pub const EXTRA_HOSTNAMES: Rule = Rule {
    code: "aws-vpc-lattice/route-extra-hostnames",
    severity: Severity::Warning,
    summary: "Only the first hostname of an HTTPRoute or GRPCRoute is used; the rest are silently ignored.",
    docs_url: HTTP_DOCS,
    enforcement: Enforcement::Ignored,
    kinds: ROUTES,
    features: &[],
    check: check_extra_hostnames,
};

fn check_extra_hostnames(route: &Object<'_>, _: &Ctx<'_>) -> Vec<Hit> {
    let hostnames = items(route.spec().and_then(|s| s.get("hostnames")));
    let first = hostnames
        .first()
        .and_then(|h| h.value.as_str())
        .unwrap_or_default();
    hostnames
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, host)| {
            Hit::new(
                host.span,
                path(&["spec", "hostnames"]).idx(i),
                format!("VPC Lattice supports one custom domain per service, so only the first hostname is used (\"{first}\"); this one is ignored"),
            )
        })
        .collect()
}

/// ## What it does
/// Checks `application-networking.k8s.aws/rule-{index}-priority` annotations: the index names
/// a rule and the value is an integer.
///
/// ## Why
/// The controller orders Lattice rules by these annotations (default: index + 1). A value that
/// does not parse as an integer, or an index with no rule, is silently ignored.
pub const RULE_PRIORITY: Rule = Rule {
    code: "aws-vpc-lattice/rule-priority-annotation",
    severity: Severity::Warning,
    summary: "rule-{index}-priority annotations must name an existing rule and hold an integer.",
    docs_url: HTTP_DOCS,
    enforcement: Enforcement::Ignored,
    kinds: ROUTES,
    features: &[],
    check: check_rule_priority,
};

const PRIORITY_PREFIX: &str = "application-networking.k8s.aws/rule-";

fn check_rule_priority(route: &Object<'_>, _: &Ctx<'_>) -> Vec<Hit> {
    let Some(annotations) = route.metadata().and_then(|m| m.get("annotations")) else {
        return Vec::new();
    };
    let rules = items(route.spec().and_then(|s| s.get("rules"))).len();
    let mut hits = Vec::new();
    for entry in annotations.value.as_map().unwrap_or_default() {
        let Some(index) = entry
            .key
            .strip_prefix(PRIORITY_PREFIX)
            .and_then(|rest| rest.strip_suffix("-priority"))
        else {
            continue;
        };
        let at = path(&["metadata", "annotations", &entry.key]);
        let value = entry.value.value.as_str().unwrap_or_default();
        if index.parse::<usize>().map_or(true, |i| i >= rules) {
            hits.push(Hit::new(
                entry.key_span,
                at,
                format!("{} names rule {index}, but the route has {rules} rules; the annotation is ignored", entry.key),
            ));
        } else if value.parse::<i64>().is_err() {
            hits.push(Hit::new(
                entry.value.span,
                at,
                format!(
                    "{} must be an integer; \"{value}\" is ignored and the rule keeps priority {}",
                    entry.key,
                    index.parse::<usize>().unwrap_or(0) + 1
                ),
            ));
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use crate::profile::test_support::{codes_of, GATEWAY_TLS};

    const HTTP: &str = "apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: inventory
spec:
  parentRefs:
    - name: my-hotel-tls-passthrough
      sectionName: http
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: /ver1
          headers:
            - name: x-a
              value: a
      backendRefs:
        - name: inventory-ver1
          port: 80
";

    const GRPC: &str = "apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata:
  name: greeter
spec:
  parentRefs:
    - name: my-hotel-tls-passthrough
      sectionName: https
  rules:
    - matches:
        - method:
            service: helloworld.Greeter
            method: SayHello
      backendRefs:
        - name: greeter
          port: 50051
";

    fn codes(route: &str) -> Vec<String> {
        codes_of(&format!("{GATEWAY_TLS}---\n{route}"))
    }

    fn one(route: &str, code: &str) {
        assert_eq!(codes(route), [format!("aws-vpc-lattice/{code}")], "{route}");
    }

    #[test]
    fn valid_routes_pass() {
        assert_eq!(codes(HTTP), Vec::<String>::new());
        assert_eq!(codes(GRPC), Vec::<String>::new());
    }

    #[test]
    fn listener_kinds_follow_allowed_routes() {
        let gateway = GATEWAY_TLS.replace(
            "    - name: tls\n      protocol: TLS\n      port: 8443\n",
            "    - name: tls\n      protocol: TLS\n      port: 8443\n      allowedRoutes:\n        kinds:\n          - kind: HTTPRoute\n",
        );
        let http_on_tls = HTTP.replace("sectionName: http", "sectionName: tls");
        assert_eq!(
            codes_of(&format!("{gateway}---\n{http_on_tls}")),
            Vec::<String>::new()
        );
    }

    /// `isRouteKindAllowedByListener` admits a listed kind whatever the protocol: a GRPCRoute
    /// on an HTTP listener listing GRPCRoute is Accepted (the listener itself gets
    /// `ResolvedRefs=False/InvalidRouteKinds`, which is evaluate's business, not this rule's).
    #[test]
    fn a_listed_kind_is_admitted_whatever_the_protocol() {
        let gateway = GATEWAY_TLS.replace(
            "    - name: http\n      protocol: HTTP\n      port: 80\n",
            "    - name: http\n      protocol: HTTP\n      port: 80\n      allowedRoutes:\n        kinds:\n          - kind: GRPCRoute\n",
        );
        let grpc_on_http = GRPC.replace("sectionName: https", "sectionName: http");
        assert_eq!(
            codes_of(&format!("{gateway}---\n{grpc_on_http}")),
            Vec::<String>::new()
        );
        let http_on_http = HTTP.to_owned();
        assert_eq!(
            codes_of(&format!("{gateway}---\n{http_on_http}")),
            ["aws-vpc-lattice/route-listener-protocol"]
        );
    }

    #[test]
    fn listener_protocol() {
        one(
            &HTTP.replace("sectionName: http", "sectionName: tls"),
            "route-listener-protocol",
        );
        one(
            &GRPC.replace("sectionName: https", "sectionName: http"),
            "route-listener-protocol",
        );
    }

    #[test]
    fn matches() {
        one(
            &HTTP.replace(
                "      backendRefs:",
                "        - path:\n            value: /b\n      backendRefs:",
            ),
            "multiple-matches",
        );
        one(
            &HTTP.replace("type: PathPrefix", "type: RegularExpression"),
            "path-match-type",
        );
        one(
            &HTTP.replace("      backendRefs:", "          queryParams:\n            - name: q\n              value: v\n      backendRefs:"),
            "query-param-match",
        );
        one(
            &HTTP.replace(
                "              value: a\n",
                "              value: a\n              type: RegularExpression\n",
            ),
            "header-match",
        );
        let six: String = (0..6)
            .map(|i| format!("            - name: x-{i}\n              value: v\n"))
            .collect();
        one(
            &HTTP.replace("            - name: x-a\n              value: a\n", &six),
            "header-match",
        );
    }

    #[test]
    fn grpc_method() {
        one(
            &GRPC.replace("            service: helloworld.Greeter\n", ""),
            "grpc-method-match",
        );
        one(
            &GRPC.replace(
                "            method: SayHello\n",
                "            method: SayHello\n            type: RegularExpression\n",
            ),
            "grpc-method-match",
        );
    }

    #[test]
    fn ignored_fields_warn() {
        one(
            &HTTP.replace("      backendRefs:", "      filters:\n        - type: ResponseHeaderModifier\n          responseHeaderModifier:\n            add:\n              - name: x\n                value: y\n      backendRefs:"),
            "filters-ignored",
        );
        one(
            &HTTP.replace(
                "      backendRefs:",
                "      timeouts:\n        request: 10s\n      backendRefs:",
            ),
            "field-ignored",
        );
    }

    #[test]
    fn extra_hostnames_warn() {
        let single = HTTP.replace("spec:\n", "spec:\n  hostnames:\n    - a.example.com\n");
        assert_eq!(codes(&single), Vec::<String>::new());
        let two = HTTP.replace(
            "spec:\n",
            "spec:\n  hostnames:\n    - a.example.com\n    - b.example.com\n",
        );
        one(&two, "route-extra-hostnames");
    }

    #[test]
    fn rule_priority_annotation() {
        let with = |value: &str| {
            HTTP.replace(
                "  name: inventory\n",
                &format!("  name: inventory\n  annotations:\n    {value}\n"),
            )
        };
        assert_eq!(
            codes(&with(
                "application-networking.k8s.aws/rule-0-priority: \"5\""
            )),
            Vec::<String>::new()
        );
        one(
            &with("application-networking.k8s.aws/rule-0-priority: high"),
            "rule-priority-annotation",
        );
        one(
            &with("application-networking.k8s.aws/rule-3-priority: \"2\""),
            "rule-priority-annotation",
        );
    }
}
