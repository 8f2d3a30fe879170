//! Route backendRef rules (`pkg/controllers/route_controller.go` `validateBackedRefs`,
//! `validateBackendRefsIpFamilies`).

use crate::diagnostics::{Enforcement, PathSegment, Severity};
use crate::profile::object::{items, path, PathExt};
use crate::profile::{Ctx, Hit, Model, Object, Rule};
use crate::yaml::Node;

const ROUTES: &[&str] = &["HTTPRoute", "GRPCRoute", "TLSRoute"];
const AWS_GROUP: &str = "application-networking.k8s.aws";

/// Every `rules[r].backendRefs[b]` with its path.
pub(super) fn each_backend<'a>(route: &Object<'a>) -> Vec<(Vec<PathSegment>, &'a Node)> {
    let mut out = Vec::new();
    for (r, rule) in items(route.spec().and_then(|s| s.get("rules")))
        .iter()
        .enumerate()
    {
        for (b, backend) in items(rule.get("backendRefs")).iter().enumerate() {
            out.push((
                path(&["spec", "rules"]).idx(r).key("backendRefs").idx(b),
                backend,
            ));
        }
    }
    out
}

/// ## What it does
/// backendRefs name a `Service` or a `ServiceImport` (the controller's own,
/// `application-networking.k8s.aws`; it compares the kind only).
///
/// ## Why
/// Any other kind gets `ResolvedRefs=False` with reason `InvalidKind` (message: the kind), and
/// the whole route is rejected: the controller does not support `PartiallyInvalid`.
pub const BACKEND_KIND: Rule = Rule {
    code: "aws-vpc-lattice/backend-kind",
    severity: Severity::Error,
    summary: "backendRefs must be Service or ServiceImport.",
    docs_url: "https://github.com/aws/aws-application-networking-k8s/blob/main/docs/api-types/service-import.md",
    enforcement: Enforcement::StatusCondition,
    kinds: ROUTES,
    features: &[],
    check: check_backend_kind,
};

fn check_backend_kind(route: &Object<'_>, _: &Ctx<'_>) -> Vec<Hit> {
    each_backend(route)
        .into_iter()
        .filter_map(|(at, backend)| {
            let kind = backend.get_str("kind").unwrap_or("Service");
            // The controller compares the kind only (`validBackendKinds`); a ServiceImport of
            // any group is looked up as its own (application-networking.k8s.aws).
            if ["Service", "ServiceImport"].contains(&kind) {
                return None;
            }
            let node = backend.get("kind").unwrap_or(backend);
            Some(
                Hit::new(
                    node.span,
                    at.key("kind"),
                    format!("ResolvedRefs=False (InvalidKind): {kind}; the AWS Gateway API Controller routes only to Service and ServiceImport ({AWS_GROUP})"),
                )
                .help("the controller rejects the entire route when one backendRef is invalid"),
            )
        })
        .collect()
}

/// What the controller makes of one backendRef when it writes the route's `ResolvedRefs`
/// condition (`validateBackedRefs`, `pkg/controllers/route_controller.go` at v2.1.3, lines
/// 657-701): it compares the kind only (`validBackendKinds = k8sutils.NewSet("Service",
/// "ServiceImport")`; a missing kind is `Service`, the group is never read), looks the object up
/// in the ref's namespace (or the route's) without asking for a ReferenceGrant (the controller
/// has no ReferenceGrant code), and stops at the first problem.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Resolved,
    /// `ResolvedRefs=False/InvalidKind`, message: the kind.
    InvalidKind(String),
    /// `ResolvedRefs=False/BackendNotFound`, message `backendRef name: <name>`; the object is
    /// not in the input.
    NotFound {
        kind: String,
        namespace: String,
        name: String,
    },
}

impl Verdict {
    /// The (reason, message) of the `ResolvedRefs=False` condition, if any.
    pub fn problem(&self) -> Option<(&'static str, String)> {
        match self {
            Self::Resolved => None,
            Self::InvalidKind(kind) => Some(("InvalidKind", kind.clone())),
            Self::NotFound { name, .. } => {
                Some(("BackendNotFound", format!("backendRef name: {name}")))
            }
        }
    }
}

/// [`Verdict`] of one backendRef of `route`.
pub fn verdict(route: &Object<'_>, backend: &Node, input: &Model<'_>) -> Verdict {
    let kind = backend.get_str("kind").unwrap_or("Service");
    let group = match kind {
        "Service" => "",
        "ServiceImport" => AWS_GROUP,
        _ => return Verdict::InvalidKind(kind.to_owned()),
    };
    let namespace = backend.get_str("namespace").unwrap_or(route.ns());
    let name = backend.get_str("name").unwrap_or_default();
    match input.find(group, kind, namespace, name) {
        Some(_) => Verdict::Resolved,
        None => Verdict::NotFound {
            kind: kind.to_owned(),
            namespace: namespace.to_owned(),
            name: name.to_owned(),
        },
    }
}

/// ## What it does
/// A Service in the input that a route reaches must not be dual-stack (`ipFamilies` with two
/// entries, or `ipFamilyPolicy: RequireDualStack`).
///
/// ## Why
/// Lattice target groups take one IP family: the controller sets the route's
/// `Accepted=False` with reason `UnsupportedValue`, "Dual stack Service is not supported", and
/// fails with "Invalid IpFamilies, Lattice Target Group doesn't support dual stack ip
/// addresses".
pub const DUAL_STACK: Rule = Rule {
    code: "aws-vpc-lattice/dual-stack-service",
    severity: Severity::Error,
    summary: "Backend Services must not be dual-stack.",
    docs_url: "https://github.com/aws/aws-application-networking-k8s/blob/main/docs/api-types/http-route.md",
    enforcement: Enforcement::StatusCondition,
    kinds: ROUTES,
    features: &[],
    check: check_dual_stack,
};

fn check_dual_stack(route: &Object<'_>, ctx: &Ctx<'_>) -> Vec<Hit> {
    each_backend(route)
        .into_iter()
        .filter_map(|(at, backend)| {
            if backend.get_str("kind").unwrap_or("Service") != "Service" {
                return None;
            }
            let ns = backend.get_str("namespace").unwrap_or(route.ns());
            let name = backend.get_str("name")?;
            let service = ctx.input.find("", "Service", ns, name)?;
            let spec = service.spec()?;
            let dual = items(spec.get("ipFamilies")).len() > 1
                || spec.get_str("ipFamilyPolicy") == Some("RequireDualStack");
            dual.then(|| {
                Hit::new(
                    backend.get("name").map_or(backend.span, |n| n.span),
                    at.key("name"),
                    format!("Dual stack Service is not supported: Service {ns}/{name} is dual-stack (Invalid IpFamilies, Lattice Target Group doesn't support dual stack ip addresses)"),
                )
                .help("the route's Accepted condition becomes False with reason UnsupportedValue")
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::profile::test_support::{codes_of, GATEWAY_TLS, SERVICE};

    const ROUTE: &str = "apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: r
spec:
  parentRefs:
    - name: my-hotel-tls-passthrough
      sectionName: http
  rules:
    - backendRefs:
        - name: svc
          port: 80
";

    /// The route with its Service (changed by `service`) after the Gateway.
    fn codes_with(route: &str, service: impl Fn(&str) -> String) -> Vec<String> {
        codes_of(&format!(
            "{GATEWAY_TLS}---\n{route}---\n{}",
            service(SERVICE)
        ))
    }

    fn codes(route: &str) -> Vec<String> {
        codes_with(route, str::to_owned)
    }

    #[test]
    fn service_and_service_import_pass() {
        assert_eq!(codes(ROUTE), Vec::<String>::new());
        let import = ROUTE.replace(
            "        - name: svc\n",
            "        - name: svc\n          kind: ServiceImport\n          group: application-networking.k8s.aws\n",
        );
        assert_eq!(codes(&import), Vec::<String>::new());
    }

    #[test]
    fn other_kinds_fail() {
        let other = ROUTE.replace(
            "        - name: svc\n",
            "        - name: svc\n          kind: Backend\n          group: example.com\n",
        );
        assert_eq!(codes(&other), ["aws-vpc-lattice/backend-kind"]);
    }

    #[test]
    fn dual_stack_fails() {
        let dual = codes_with(ROUTE, |s| {
            s.replace("  ports:\n", "  ipFamilies: [IPv4, IPv6]\n  ports:\n")
        });
        assert_eq!(dual, ["aws-vpc-lattice/dual-stack-service"]);
    }
}
