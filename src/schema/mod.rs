//! The Gateway API CRD schemas, generated from the upstream CRDs by `cargo run -p xtask -- codegen`.
//!
//! `generated/schemas.json` holds one table of schema nodes shared by every release and channel
//! (identical subtrees stored once) and, per release and channel, the CRDs with their versions.
//! It is parsed once, on first use.

pub mod defaults;
pub mod messages;
pub mod validate;

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;
use tsify::Tsify;

/// The generated schema table, embedded in the crate.
const GENERATED: &str = include_str!("generated/schemas.json");

/// The Gateway API releases gwlint knows, oldest first.
pub const RELEASES: [&str; 5] = ["v1.2.1", "v1.3.0", "v1.4.1", "v1.5.1", "v1.6.1"];

/// The newest release, the default.
pub const NEWEST_RELEASE: &str = "v1.6.1";

/// A Gateway API release channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, serde::Serialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Standard,
    Experimental,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Standard => "standard",
            Channel::Experimental => "experimental",
        }
    }
}

/// One node of a structural schema. Children are ids into [`Registry::nodes`].
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SchemaNode {
    #[serde(rename = "type")]
    pub ty: Option<String>,
    #[serde(default)]
    pub properties: Vec<(String, usize)>,
    #[serde(default)]
    pub required: Vec<String>,
    pub items: Option<usize>,
    pub additional_properties: Option<AdditionalProperties>,
    #[serde(rename = "enum")]
    pub enumeration: Option<Vec<serde_json::Value>>,
    pub pattern: Option<String>,
    pub format: Option<String>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    #[serde(default)]
    pub exclusive_minimum: bool,
    #[serde(default)]
    pub exclusive_maximum: bool,
    pub default: Option<serde_json::Value>,
    #[serde(rename = "x-kubernetes-list-type")]
    pub list_type: Option<String>,
    #[serde(rename = "x-kubernetes-list-map-keys", default)]
    pub list_map_keys: Vec<String>,
    #[serde(rename = "x-kubernetes-map-type")]
    pub map_type: Option<String>,
    #[serde(rename = "x-kubernetes-validations", default)]
    pub validations: Vec<ValidationRule>,
    #[serde(rename = "oneOf", default)]
    pub one_of: Vec<usize>,
    #[serde(rename = "anyOf", default)]
    pub any_of: Vec<usize>,
    #[serde(rename = "allOf", default)]
    pub all_of: Vec<usize>,
    pub not: Option<usize>,
}

impl SchemaNode {
    pub fn property(&self, name: &str) -> Option<usize> {
        self.properties
            .iter()
            .find(|(n, _)| n == name)
            .map(|&(_, id)| id)
    }
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum AdditionalProperties {
    Allowed(bool),
    Schema(usize),
}

/// One `x-kubernetes-validations` rule, kept for the CEL engine.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ValidationRule {
    pub rule: String,
    pub message: Option<String>,
    pub message_expression: Option<String>,
    pub reason: Option<String>,
    pub field_path: Option<String>,
    pub optional_old_self: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CrdVersion {
    pub name: String,
    pub served: bool,
    pub storage: bool,
    pub deprecated: bool,
    pub deprecation_warning: Option<String>,
    pub schema: usize,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Crd {
    pub group: String,
    pub kind: String,
    pub plural: String,
    pub scope: String,
    pub bundle_version: Option<String>,
    pub versions: Vec<CrdVersion>,
}

impl Crd {
    pub fn version(&self, name: &str) -> Option<&CrdVersion> {
        self.versions.iter().find(|v| v.name == name)
    }

    pub fn namespaced(&self) -> bool {
        self.scope == "Namespaced"
    }
}

#[derive(Debug, Deserialize)]
struct Bundle {
    release: String,
    channel: Channel,
    crds: Vec<Crd>,
}

#[derive(Debug, Deserialize)]
struct Generated {
    bundles: Vec<Bundle>,
    nodes: Vec<SchemaNode>,
}

/// Every CRD of every release and channel, and the shared node table.
#[derive(Debug)]
pub struct Registry {
    nodes: Vec<SchemaNode>,
    bundles: HashMap<(String, Channel), Vec<Crd>>,
}

static REGISTRY: OnceLock<Registry> = OnceLock::new();
static EMPTY: SchemaNode = SchemaNode {
    ty: None,
    properties: Vec::new(),
    required: Vec::new(),
    items: None,
    additional_properties: None,
    enumeration: None,
    pattern: None,
    format: None,
    min_length: None,
    max_length: None,
    min_items: None,
    max_items: None,
    min_properties: None,
    max_properties: None,
    minimum: None,
    maximum: None,
    exclusive_minimum: false,
    exclusive_maximum: false,
    default: None,
    list_type: None,
    list_map_keys: Vec::new(),
    map_type: None,
    validations: Vec::new(),
    one_of: Vec::new(),
    any_of: Vec::new(),
    all_of: Vec::new(),
    not: None,
};

impl Registry {
    /// The embedded registry. A generated file that does not parse (which a test rules out)
    /// gives an empty registry rather than a panic.
    pub fn get() -> &'static Registry {
        REGISTRY.get_or_init(|| {
            let generated: Generated = serde_json::from_str(GENERATED).unwrap_or(Generated {
                bundles: Vec::new(),
                nodes: Vec::new(),
            });
            let mut bundles = HashMap::new();
            for bundle in generated.bundles {
                bundles.insert((bundle.release, bundle.channel), bundle.crds);
            }
            Registry {
                nodes: generated.nodes,
                bundles,
            }
        })
    }

    /// A registry from a generated table's text (`{"bundles": [...], "nodes": [...]}`); `None`
    /// when it does not parse. Tests use it for schemas the CRDs lack.
    pub fn from_generated(text: &str) -> Option<Registry> {
        let generated: Generated = serde_json::from_str(text).ok()?;
        let mut bundles = HashMap::new();
        for bundle in generated.bundles {
            bundles.insert((bundle.release, bundle.channel), bundle.crds);
        }
        Some(Registry {
            nodes: generated.nodes,
            bundles,
        })
    }

    /// The node with `id`; an empty schema (which accepts anything) for an unknown id.
    pub fn node(&self, id: usize) -> &SchemaNode {
        self.nodes.get(id).unwrap_or(&EMPTY)
    }

    pub fn crds(&self, release: &str, channel: Channel) -> &[Crd] {
        self.bundles
            .get(&(release.to_owned(), channel))
            .map_or(&[], Vec::as_slice)
    }

    pub fn crd(&self, release: &str, channel: Channel, group: &str, kind: &str) -> Option<&Crd> {
        self.crds(release, channel)
            .iter()
            .find(|c| c.group == group && c.kind == kind)
    }

    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }
}

/// The API groups of Gateway API.
pub fn is_gateway_api_group(group: &str) -> bool {
    group == "gateway.networking.k8s.io" || group == "gateway.networking.x-k8s.io"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_release_and_channel_is_embedded() {
        let registry = Registry::get();
        assert!(registry.node_count() > 100);
        for release in RELEASES {
            for channel in [Channel::Standard, Channel::Experimental] {
                let crds = registry.crds(release, channel);
                assert!(
                    crds.iter().any(|c| c.kind == "Gateway"),
                    "{release} {channel:?}"
                );
                for crd in crds {
                    for version in &crd.versions {
                        assert!(version.schema < registry.node_count());
                    }
                }
            }
        }
    }

    #[test]
    fn served_and_deprecated_versions_follow_the_crds() {
        let registry = Registry::get();
        let btls = registry.crd(
            "v1.6.1",
            Channel::Standard,
            "gateway.networking.k8s.io",
            "BackendTLSPolicy",
        );
        let v1alpha3 = btls.and_then(|c| c.version("v1alpha3"));
        assert!(v1alpha3.is_some_and(|v| !v.served && v.deprecated));
        let exp = registry.crd(
            "v1.6.1",
            Channel::Experimental,
            "gateway.networking.k8s.io",
            "BackendTLSPolicy",
        );
        let warning = exp
            .and_then(|c| c.version("v1alpha3"))
            .and_then(|v| v.deprecation_warning.clone());
        assert!(warning.is_some_and(|w| w.contains("deprecated")));
        assert!(registry
            .crd(
                "v1.2.1",
                Channel::Standard,
                "gateway.networking.k8s.io",
                "TLSRoute"
            )
            .is_none());
    }
}
