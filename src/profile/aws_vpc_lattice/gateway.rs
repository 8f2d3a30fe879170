//! Gateway rules (`docs/api-types/gateway.md`, `pkg/controllers/gateway_controller.go`).

use crate::diagnostics::{Enforcement, Severity};
use crate::profile::object::{items, path, PathExt};
use crate::profile::{Ctx, Hit, Object, Rule};

const DOCS: &str =
    "https://github.com/aws/aws-application-networking-k8s/blob/main/docs/api-types/gateway.md";
const CERTIFICATE_ARN: &str = "application-networking.k8s.aws/certificate-arn";

/// ## What it does
/// Warns on listener `tls.certificateRefs` without the
/// `application-networking.k8s.aws/certificate-arn` option.
///
/// ## Why
/// The docs: "TLS certificate cannot be provided through `certificateRefs` field by `Secret`
/// resource. Instead, you can create an ACM certificate and put its ARN to the `options`
/// field." The controller never reads the Secret.
pub const CERTIFICATE_REFS: Rule = Rule {
    code: "aws-vpc-lattice/certificate-refs",
    severity: Severity::Warning,
    summary: "TLS certificates come from ACM via the listener option application-networking.k8s.aws/certificate-arn, not certificateRefs.",
    docs_url: DOCS,
    enforcement: Enforcement::Ignored,
    kinds: &["Gateway"],
    features: &[],
    check: check_certificate_refs,
};

fn check_certificate_refs(gateway: &Object<'_>, _: &Ctx<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (l, listener) in items(gateway.spec().and_then(|s| s.get("listeners")))
        .iter()
        .enumerate()
    {
        let Some(tls) = listener.get("tls") else {
            continue;
        };
        let Some(refs) = tls
            .get("certificateRefs")
            .filter(|r| !items(Some(r)).is_empty())
        else {
            continue;
        };
        if tls
            .get("options")
            .and_then(|o| o.get(CERTIFICATE_ARN))
            .is_some()
        {
            continue;
        }
        hits.push(
            Hit::new(
                refs.span,
                path(&["spec", "listeners"]).idx(l).key("tls").key("certificateRefs"),
                "TLS certificate cannot be provided through certificateRefs field by Secret resource. Instead, you can create an ACM certificate and put its ARN to the options field.",
            )
            .help(format!("add tls.options: {{{CERTIFICATE_ARN}: <ACM certificate ARN>}}; the controller ignores the referenced Secret")),
        );
    }
    hits
}

/// ## What it does
/// Warns when two Gateways in the input share a name in different namespaces.
///
/// ## Why
/// The docs: "Service networks are identified by Gateway name (without namespace)"; Gateways
/// with the same name point to the same VPC Lattice service network.
pub const SERVICE_NETWORK: Rule = Rule {
    code: "aws-vpc-lattice/service-network-name",
    severity: Severity::Warning,
    summary: "The Gateway name (without namespace) is the VPC Lattice service network name; same-name Gateways share one.",
    docs_url: DOCS,
    enforcement: Enforcement::Documented,
    kinds: &["Gateway"],
    features: &[],
    check: check_service_network,
};

fn check_service_network(gateway: &Object<'_>, ctx: &Ctx<'_>) -> Vec<Hit> {
    let other = ctx.input.of_kind("Gateway").find(|g| {
        g.name == gateway.name
            && g.ns() != gateway.ns()
            && g.document_index < gateway.document_index
    });
    let Some(other) = other else {
        return Vec::new();
    };
    let span = gateway
        .metadata()
        .and_then(|m| m.get("name"))
        .map_or(gateway.root.span, |n| n.span);
    vec![Hit::new(
        span,
        path(&["metadata", "name"]),
        format!(
            "Service networks are identified by Gateway name (without namespace): this Gateway and {} point to the same VPC Lattice service network \"{}\"",
            other.ns_name(),
            gateway.name
        ),
    )]
}

/// ## What it does
/// Warns on a GatewayClass whose `controllerName` is not the AWS controller's.
///
/// ## Why
/// The controller reconciles only GatewayClasses with `controllerName:
/// application-networking.k8s.aws/gateway-api-controller` (`LatticeGatewayControllerName`);
/// Gateways of another class are not its to program, so this profile's rules do not apply to
/// them.
pub const GATEWAY_CLASS: Rule = Rule {
    code: "aws-vpc-lattice/gateway-class-controller",
    severity: Severity::Warning,
    summary: "GatewayClasses must name the controller application-networking.k8s.aws/gateway-api-controller.",
    docs_url: DOCS,
    enforcement: Enforcement::Ignored,
    kinds: &["GatewayClass"],
    features: &[],
    check: check_gateway_class,
};

fn check_gateway_class(class: &Object<'_>, ctx: &Ctx<'_>) -> Vec<Hit> {
    let Some(node) = class.spec().and_then(|s| s.get("controllerName")) else {
        return Vec::new();
    };
    let name = node.value.as_str().unwrap_or_default();
    if name == ctx.profile.controller_name {
        return Vec::new();
    }
    vec![Hit::new(
        node.span,
        path(&["spec", "controllerName"]),
        format!(
            "the AWS Gateway API Controller reconciles only GatewayClasses with controllerName {}; its Gateways are left to \"{name}\"",
            ctx.profile.controller_name
        ),
    )]
}

#[cfg(test)]
mod tests {
    use crate::profile::test_support::{codes_of, GATEWAY_TLS};

    #[test]
    fn acm_option_passes_and_secret_only_warns() {
        assert_eq!(codes_of(GATEWAY_TLS), Vec::<String>::new());
        let secret = GATEWAY_TLS.replace(
            "        options:\n          application-networking.k8s.aws/certificate-arn: arn:aws:acm:us-west-2:123456789012:certificate/abc\n",
            "",
        );
        assert_eq!(codes_of(&secret), ["aws-vpc-lattice/certificate-refs"]);
    }

    #[test]
    fn gateway_class_names_the_aws_controller() {
        let class = |controller: &str| {
            format!("apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n  name: amazon-vpc-lattice\nspec:\n  controllerName: {controller}\n")
        };
        assert_eq!(
            codes_of(&class(
                "application-networking.k8s.aws/gateway-api-controller"
            )),
            Vec::<String>::new()
        );
        assert_eq!(
            codes_of(&class("example.com/other")),
            ["aws-vpc-lattice/gateway-class-controller"]
        );
    }

    #[test]
    fn same_name_gateways_share_a_network() {
        let other = GATEWAY_TLS.replace(
            "  name: my-hotel-tls-passthrough\n",
            "  name: my-hotel-tls-passthrough\n  namespace: other\n",
        );
        assert_eq!(
            codes_of(&format!("{GATEWAY_TLS}---\n{other}")),
            ["aws-vpc-lattice/service-network-name"]
        );
    }
}
