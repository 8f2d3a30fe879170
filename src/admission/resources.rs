//! Kinds as the API server's resources: plural name, scope, and the other served versions
//! (for `matchPolicy: Equivalent`). Gateway API kinds from the CRDs of the release; core kinds
//! from a small table.

use crate::schema::{Channel, Registry};

/// (group, kind, plural, namespaced)
const CORE: [(&str, &str, &str, bool); 16] = [
    ("", "Namespace", "namespaces", false),
    ("", "ConfigMap", "configmaps", true),
    ("", "Secret", "secrets", true),
    ("", "Service", "services", true),
    ("", "Pod", "pods", true),
    ("", "ServiceAccount", "serviceaccounts", true),
    ("", "Endpoints", "endpoints", true),
    ("", "Node", "nodes", false),
    ("apps", "Deployment", "deployments", true),
    ("apps", "StatefulSet", "statefulsets", true),
    ("apps", "DaemonSet", "daemonsets", true),
    ("networking.k8s.io", "Ingress", "ingresses", true),
    ("networking.k8s.io", "IngressClass", "ingressclasses", false),
    (
        "apiextensions.k8s.io",
        "CustomResourceDefinition",
        "customresourcedefinitions",
        false,
    ),
    (
        "multicluster.x-k8s.io",
        "ServiceImport",
        "serviceimports",
        true,
    ),
    ("discovery.k8s.io", "EndpointSlice", "endpointslices", true),
];

pub struct Resource {
    pub plural: String,
    pub namespaced: bool,
    pub equivalent_versions: Vec<String>,
}

/// The resource of `kind` in `group` at `version`.
pub fn resource_of(release: &str, group: &str, version: &str, kind: &str) -> Resource {
    let registry = Registry::get();
    for channel in [Channel::Experimental, Channel::Standard] {
        if let Some(crd) = registry.crd(release, channel, group, kind) {
            return Resource {
                plural: crd.plural.clone(),
                namespaced: crd.namespaced(),
                equivalent_versions: crd
                    .versions
                    .iter()
                    .filter(|v| v.served && v.name != version)
                    .map(|v| v.name.clone())
                    .collect(),
            };
        }
    }
    if let Some((_, _, plural, namespaced)) =
        CORE.iter().find(|(g, k, _, _)| *g == group && *k == kind)
    {
        return Resource {
            plural: (*plural).to_owned(),
            namespaced: *namespaced,
            equivalent_versions: Vec::new(),
        };
    }
    let lower = kind.to_ascii_lowercase();
    let plural = if lower.ends_with('s') || lower.ends_with('x') {
        format!("{lower}es")
    } else if let Some(stem) = lower.strip_suffix('y') {
        format!("{stem}ies")
    } else {
        format!("{lower}s")
    };
    Resource {
        plural,
        namespaced: true,
        equivalent_versions: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crds_and_core_kinds() {
        let r = resource_of("v1.6.1", "gateway.networking.k8s.io", "v1", "HTTPRoute");
        assert_eq!(r.plural, "httproutes");
        assert!(r.namespaced);
        assert!(r.equivalent_versions.contains(&"v1beta1".to_owned()));
        let r = resource_of("v1.6.1", "gateway.networking.k8s.io", "v1", "GatewayClass");
        assert!(!r.namespaced);
        assert!(!resource_of("v1.6.1", "", "v1", "Namespace").namespaced);
        assert_eq!(
            resource_of("v1.6.1", "x.io", "v1", "Policy").plural,
            "policies"
        );
    }
}
