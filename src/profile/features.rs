//! Which upstream conformance features (names as in gateway-api `pkg/features`) a manifest
//! uses, and where. Profiles compare these with the features they support.

use crate::diagnostics::PathSegment;
use crate::yaml::Node;

use super::object::{items, path, PathExt};
use crate::model::Object;

/// One use of a feature.
pub struct Use<'a> {
    pub feature: &'static str,
    pub node: &'a Node,
    pub path: Vec<PathSegment>,
    /// The field that uses it, as a Kubernetes field path.
    pub field: &'static str,
}

/// The feature an HTTPRoute filter uses, from its type and (for redirects and rewrites) which
/// parts it sets; `None` for implementation-specific ones (`ExtensionRef`).
pub fn filter_feature(filter: &Node, on_backend: bool) -> Option<&'static str> {
    let kind = filter.get_str("type")?;
    Some(match kind {
        "RequestHeaderModifier" if on_backend => "HTTPRouteBackendRequestHeaderModification",
        "RequestHeaderModifier" => "HTTPRoute",
        "ResponseHeaderModifier" => "HTTPRouteResponseHeaderModification",
        "RequestMirror" => "HTTPRouteRequestMirror",
        "CORS" => "HTTPRouteCORS",
        "RequestRedirect" => {
            let redirect = filter.get("requestRedirect");
            let has = |k: &str| redirect.is_some_and(|r| r.get(k).is_some());
            if has("path") {
                "HTTPRoutePathRedirect"
            } else if has("port") {
                "HTTPRoutePortRedirect"
            } else if has("scheme") {
                "HTTPRouteSchemeRedirect"
            } else {
                "HTTPRoute"
            }
        }
        "URLRewrite" => {
            let rewrite = filter.get("urlRewrite");
            if rewrite.is_some_and(|r| r.get("path").is_some()) {
                "HTTPRoutePathRewrite"
            } else {
                "HTTPRouteHostRewrite"
            }
        }
        _ => return None,
    })
}

/// Every feature use of one object that can be seen from the object alone.
pub fn detect<'a>(object: &Object<'a>) -> Vec<Use<'a>> {
    let mut out = Vec::new();
    let Some(spec) = object.spec() else {
        return out;
    };
    match object.kind {
        "HTTPRoute" => {
            for (p, parent) in items(spec.get("parentRefs")).iter().enumerate() {
                if let Some(port) = parent.get("port") {
                    out.push(Use {
                        feature: "HTTPRouteParentRefPort",
                        node: port,
                        path: path(&["spec", "parentRefs"]).idx(p).key("port"),
                        field: "parentRefs[].port",
                    });
                }
            }
            for (r, rule) in items(spec.get("rules")).iter().enumerate() {
                let rule_path = path(&["spec", "rules"]).idx(r);
                for (m, matched) in items(rule.get("matches")).iter().enumerate() {
                    for (key, feature) in [
                        ("queryParams", "HTTPRouteQueryParamMatching"),
                        ("method", "HTTPRouteMethodMatching"),
                    ] {
                        if let Some(node) = matched.get(key) {
                            out.push(Use {
                                feature,
                                node,
                                path: rule_path.clone().key("matches").idx(m).key(key),
                                field: if key == "method" {
                                    "rules[].matches[].method"
                                } else {
                                    "rules[].matches[].queryParams"
                                },
                            });
                        }
                    }
                }
                if let Some(timeouts) = rule.get("timeouts") {
                    for (key, feature) in [
                        ("request", "HTTPRouteRequestTimeout"),
                        ("backendRequest", "HTTPRouteBackendTimeout"),
                    ] {
                        if let Some(node) = timeouts.get(key) {
                            out.push(Use {
                                feature,
                                node,
                                path: rule_path.clone().key("timeouts").key(key),
                                field: "rules[].timeouts",
                            });
                        }
                    }
                }
                if let Some(node) = rule.get("retry") {
                    out.push(Use {
                        feature: "HTTPRouteRetry",
                        node,
                        path: rule_path.clone().key("retry"),
                        field: "rules[].retry",
                    });
                }
                filter_uses(rule, rule_path.clone(), false, &mut out);
                for (b, backend) in items(rule.get("backendRefs")).iter().enumerate() {
                    filter_uses(
                        backend,
                        rule_path.clone().key("backendRefs").idx(b),
                        true,
                        &mut out,
                    );
                }
            }
        }
        "Gateway" => {
            for (key, feature, field) in [
                ("addresses", "GatewayStaticAddresses", "spec.addresses"),
                (
                    "infrastructure",
                    "GatewayInfrastructurePropagation",
                    "spec.infrastructure",
                ),
            ] {
                if let Some(node) = spec
                    .get(key)
                    .filter(|n| !items(Some(n)).is_empty() || key != "addresses")
                {
                    out.push(Use {
                        feature,
                        node,
                        path: path(&["spec", key]),
                        field,
                    });
                }
            }
            if let Some(tls) = spec.get("tls") {
                for (key, feature, field) in [
                    (
                        "frontend",
                        "GatewayFrontendClientCertificateValidation",
                        "spec.tls.frontend",
                    ),
                    (
                        "backend",
                        "GatewayBackendClientCertificate",
                        "spec.tls.backend",
                    ),
                ] {
                    if let Some(node) = tls.get(key) {
                        out.push(Use {
                            feature,
                            node,
                            path: path(&["spec", "tls", key]),
                            field,
                        });
                    }
                }
            }
        }
        _ => {}
    }
    out
}

fn filter_uses<'a>(
    holder: &'a Node,
    at: Vec<PathSegment>,
    on_backend: bool,
    out: &mut Vec<Use<'a>>,
) {
    for (f, filter) in items(holder.get("filters")).iter().enumerate() {
        if let Some(feature) = filter_feature(filter, on_backend) {
            out.push(Use {
                feature,
                node: filter,
                path: at.clone().key("filters").idx(f),
                field: if on_backend {
                    "rules[].backendRefs[].filters"
                } else {
                    "rules[].filters"
                },
            });
        }
    }
}
