//! The objects of one input as profile rules see them: kind, namespace, name and the defaulted
//! tree, plus lookups across objects (a route's Gateway, a policy's target).

use std::collections::HashMap;

use crate::diagnostics::PathSegment;
use crate::options::LintOptions;
use crate::yaml::{Document, Node, Value};

/// Kinds without a namespace among those profiles look at.
const CLUSTER_SCOPED: [&str; 3] = ["GatewayClass", "ServiceNetwork", "Namespace"];

/// One object of the input.
pub struct Object<'a> {
    pub group: &'a str,
    pub version: &'a str,
    pub kind: &'a str,
    pub namespace: String,
    pub name: String,
    pub root: &'a Node,
    pub document_index: usize,
}

impl<'a> Object<'a> {
    pub fn spec(&self) -> Option<&'a Node> {
        self.root.get("spec")
    }

    pub fn metadata(&self) -> Option<&'a Node> {
        self.root.get("metadata")
    }

    /// `metadata.annotations[key]`.
    pub fn annotation(&self, key: &str) -> Option<&'a Node> {
        self.metadata()?.get("annotations")?.get(key)
    }

    /// `ns/name`, as the controller's messages print an object.
    pub fn ns_name(&self) -> String {
        format!("{}/{}", self.namespace, self.name)
    }
}

/// group, kind, namespace, name.
type Key = (String, String, String, String);

fn key(group: &str, kind: &str, namespace: &str, name: &str) -> Key {
    (
        group.to_owned(),
        kind.to_owned(),
        namespace.to_owned(),
        name.to_owned(),
    )
}

/// Every object of the input.
pub struct Input<'a> {
    pub objects: Vec<Object<'a>>,
    /// (group, kind, namespace, name) -> index into `objects` (the first of duplicates).
    by_key: HashMap<Key, usize>,
    /// Indices into `objects` by kind.
    by_kind: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Input<'a> {
    pub fn new(documents: &'a [Document], options: &LintOptions) -> Self {
        let default_ns = options.namespace.as_deref().unwrap_or("default");
        let objects: Vec<Object<'a>> = documents
            .iter()
            .filter_map(|doc| {
                let root = doc.root.as_ref()?;
                root.value.as_map()?;
                let api_version = root.get_str("apiVersion")?;
                let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
                let kind = root.get_str("kind")?;
                let meta = root.get("metadata");
                let name = meta.and_then(|m| m.get_str("name")).unwrap_or_default();
                let namespace = if CLUSTER_SCOPED.contains(&kind) {
                    ""
                } else {
                    meta.and_then(|m| m.get_str("namespace"))
                        .filter(|ns| !ns.is_empty())
                        .unwrap_or(default_ns)
                };
                Some(Object {
                    group,
                    version,
                    kind,
                    namespace: namespace.to_owned(),
                    name: name.to_owned(),
                    root,
                    document_index: doc.index,
                })
            })
            .collect();
        let mut by_key = HashMap::new();
        let mut by_kind: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, o) in objects.iter().enumerate() {
            by_key
                .entry(key(o.group, o.kind, &o.namespace, &o.name))
                .or_insert(i);
            by_kind.entry(o.kind).or_default().push(i);
        }
        Self {
            objects,
            by_key,
            by_kind,
        }
    }

    /// The object of `group`/`kind` named `namespace/name`.
    pub fn find(
        &self,
        group: &str,
        kind: &str,
        namespace: &str,
        name: &str,
    ) -> Option<&Object<'a>> {
        let i = *self.by_key.get(&key(group, kind, namespace, name))?;
        self.objects.get(i)
    }

    /// Objects of one kind.
    pub fn of_kind<'s>(&'s self, kind: &str) -> impl Iterator<Item = &'s Object<'a>> + 's {
        self.by_kind
            .get(kind)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.objects.get(i))
    }
}

/// The items of a sequence node; nothing for anything else.
pub fn items(node: Option<&Node>) -> &[Node] {
    match node.map(|n| &n.value) {
        Some(Value::Seq(items)) => items,
        _ => &[],
    }
}

/// A path from keys and indices: `path(&["spec", "rules"]).idx(0)`.
pub fn path(keys: &[&str]) -> Vec<PathSegment> {
    keys.iter()
        .map(|k| PathSegment::Key((*k).to_owned()))
        .collect()
}

/// Extends a path.
pub trait PathExt {
    fn key(self, key: &str) -> Self;
    fn idx(self, index: usize) -> Self;
}

impl PathExt for Vec<PathSegment> {
    fn key(mut self, key: &str) -> Self {
        self.push(PathSegment::Key(key.to_owned()));
        self
    }

    fn idx(mut self, index: usize) -> Self {
        self.push(PathSegment::Index(index));
        self
    }
}

/// A Gateway API route's parentRefs: (index, the ref, the Gateway when the input has it).
pub fn parent_gateways<'i, 'a>(
    route: &'i Object<'a>,
    input: &'i Input<'a>,
) -> Vec<(usize, &'a Node, Option<&'i Object<'a>>)> {
    items(route.spec().and_then(|s| s.get("parentRefs")))
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.get_str("kind").unwrap_or("Gateway") == "Gateway"
                && r.get_str("group").unwrap_or(GATEWAY_GROUP) == GATEWAY_GROUP
        })
        .map(|(i, r)| {
            let ns = r.get_str("namespace").unwrap_or(&route.namespace);
            let name = r.get_str("name").unwrap_or_default();
            (i, r, input.find(GATEWAY_GROUP, "Gateway", ns, name))
        })
        .collect()
}

/// The listener of `gateway` named `section`.
pub fn listener<'a>(gateway: &Object<'a>, section: &str) -> Option<&'a Node> {
    items(gateway.spec().and_then(|s| s.get("listeners")))
        .iter()
        .find(|l| l.get_str("name") == Some(section))
}

/// Whether `key` of mapping `node` was written in the input rather than filled in by a schema
/// default (defaults carry their parent's span as key span).
pub fn written(node: &Node, key: &str) -> bool {
    node.entry(key).is_some_and(|e| e.key_span != node.span)
}

pub const GATEWAY_GROUP: &str = "gateway.networking.k8s.io";
