//! The Gateway API CRD schemas, generated from the upstream CRDs by `cargo run -p xtask -- codegen`.
//!
//! `generated/schemas.rs` is static data: one table of schema nodes shared by every release and
//! channel (identical subtrees stored once), each node as its compact JSON text, and, per release
//! and channel, the CRDs with their versions. Nothing is parsed at start-up: a node is decoded
//! the first time it is asked for, and a release/channel's CRD list is built on its first use.

pub mod defaults;
pub mod messages;
pub mod validate;

use std::sync::OnceLock;

use serde::Deserialize;
use tsify::Tsify;

pub use crate::options::{NEWEST_RELEASE, RELEASES};

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

/// A CRD version in the generated static table.
#[derive(Debug)]
struct StaticVersion {
    name: &'static str,
    served: bool,
    storage: bool,
    deprecated: bool,
    deprecation_warning: Option<&'static str>,
    schema: usize,
}

/// A CRD in the generated static table.
#[derive(Debug)]
struct StaticCrd {
    group: &'static str,
    kind: &'static str,
    plural: &'static str,
    scope: &'static str,
    bundle_version: Option<&'static str>,
    versions: &'static [StaticVersion],
}

/// One release and channel in the generated static table.
#[derive(Debug)]
struct StaticBundle {
    release: &'static str,
    channel: Channel,
    crds: &'static [StaticCrd],
}

// BUNDLES and NODES; included, not a module, so rustfmt leaves the generated text as it is.
include!("generated/schemas.rs");

impl StaticCrd {
    fn to_crd(&self) -> Crd {
        Crd {
            group: self.group.to_owned(),
            kind: self.kind.to_owned(),
            plural: self.plural.to_owned(),
            scope: self.scope.to_owned(),
            bundle_version: self.bundle_version.map(str::to_owned),
            versions: self
                .versions
                .iter()
                .map(|v| CrdVersion {
                    name: v.name.to_owned(),
                    served: v.served,
                    storage: v.storage,
                    deprecated: v.deprecated,
                    deprecation_warning: v.deprecation_warning.map(str::to_owned),
                    schema: v.schema,
                })
                .collect(),
        }
    }
}

/// The schema nodes: the embedded table's, decoded one by one on first use, or a table parsed
/// whole by [`Registry::from_generated`].
#[derive(Debug)]
enum Nodes {
    Lazy {
        texts: &'static [&'static str],
        decoded: Box<[OnceLock<Box<SchemaNode>>]>,
    },
    Parsed(Vec<SchemaNode>),
}

/// The CRDs of one release and channel: built from the static table on first use, or parsed.
#[derive(Debug)]
enum Crds {
    Lazy(&'static [StaticCrd], OnceLock<Vec<Crd>>),
    Parsed(Vec<Crd>),
}

#[derive(Debug)]
struct BundleEntry {
    release: String,
    channel: Channel,
    crds: Crds,
}

/// Every CRD of every release and channel, and the shared node table.
#[derive(Debug)]
pub struct Registry {
    nodes: Nodes,
    bundles: Vec<BundleEntry>,
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
    /// The embedded registry. Cheap: the static table is only indexed here; nodes and CRD lists
    /// are decoded on first use. A node whose text does not parse (which a test rules out) is
    /// an empty schema rather than a panic.
    pub fn get() -> &'static Registry {
        REGISTRY.get_or_init(|| Registry {
            nodes: Nodes::Lazy {
                texts: &NODES,
                decoded: NODES.iter().map(|_| OnceLock::new()).collect(),
            },
            bundles: BUNDLES
                .iter()
                .map(|b| BundleEntry {
                    release: b.release.to_owned(),
                    channel: b.channel,
                    crds: Crds::Lazy(b.crds, OnceLock::new()),
                })
                .collect(),
        })
    }

    /// A registry from a generated table's text (`{"bundles": [...], "nodes": [...]}`); `None`
    /// when it does not parse. Tests use it for schemas the CRDs lack.
    pub fn from_generated(text: &str) -> Option<Registry> {
        let generated: Generated = serde_json::from_str(text).ok()?;
        Some(Registry {
            nodes: Nodes::Parsed(generated.nodes),
            bundles: generated
                .bundles
                .into_iter()
                .map(|b| BundleEntry {
                    release: b.release,
                    channel: b.channel,
                    crds: Crds::Parsed(b.crds),
                })
                .collect(),
        })
    }

    /// The node with `id`; an empty schema (which accepts anything) for an unknown id.
    pub fn node(&self, id: usize) -> &SchemaNode {
        match &self.nodes {
            Nodes::Parsed(nodes) => nodes.get(id).unwrap_or(&EMPTY),
            Nodes::Lazy { texts, decoded } => match (decoded.get(id), texts.get(id)) {
                (Some(cell), Some(text)) => {
                    cell.get_or_init(|| Box::new(serde_json::from_str(text).unwrap_or_default()))
                }
                _ => &EMPTY,
            },
        }
    }

    pub fn crds(&self, release: &str, channel: Channel) -> &[Crd] {
        let Some(bundle) = self
            .bundles
            .iter()
            .find(|b| b.channel == channel && b.release == release)
        else {
            return &[];
        };
        match &bundle.crds {
            Crds::Parsed(crds) => crds,
            Crds::Lazy(table, built) => {
                built.get_or_init(|| table.iter().map(StaticCrd::to_crd).collect())
            }
        }
    }

    pub fn crd(&self, release: &str, channel: Channel, group: &str, kind: &str) -> Option<&Crd> {
        self.crds(release, channel)
            .iter()
            .find(|c| c.group == group && c.kind == kind)
    }

    pub fn node_count(&self) -> usize {
        match &self.nodes {
            Nodes::Parsed(nodes) => nodes.len(),
            Nodes::Lazy { texts, .. } => texts.len(),
        }
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

    /// Every node of the embedded table decodes (a node that does not would silently accept
    /// anything), and the lazily decoded nodes are what parsing the whole table would give.
    #[test]
    fn every_embedded_node_decodes() {
        for (id, text) in NODES.iter().enumerate() {
            let parsed: Result<SchemaNode, _> = serde_json::from_str(text);
            assert!(parsed.is_ok(), "node {id}: {parsed:?}");
        }
        let registry = Registry::get();
        assert_eq!(registry.node_count(), NODES.len());
        let first = registry.node(0);
        assert!(
            std::ptr::eq(first, registry.node(0)),
            "a node is decoded once"
        );
        assert!(std::ptr::eq(registry.node(usize::MAX), &EMPTY));
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
