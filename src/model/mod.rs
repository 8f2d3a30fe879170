//! The one model of the input's objects, built once from the parsed (and defaulted) documents
//! plus lint's [`ResourceSummary`]s, and read by evaluation, profiles and the preview: each object
//! with its kind, namespace, name and tree, indexed by (group, kind, namespace, name), by kind,
//! by kind and namespace, and by document.
//!
//! Positions: an object carries `base`, the absolute byte offset of its document. Spans of its
//! nodes are relative to that start; whatever a stage emits from a node (an evaluation issue, a
//! profile hit) is shifted by the object's `base` at that stage's one conversion point.

use std::collections::HashMap;

use crate::lint::ResourceSummary;
use crate::source::ByteSpan;
use crate::yaml::{Document, Node, Value};

pub const GATEWAY_GROUP: &str = "gateway.networking.k8s.io";

/// The absolute byte offset that the spans of `doc`'s nodes are relative to.
///
/// 0 today: the YAML tree's spans are still absolute. When `Document` carries its start
/// (`doc.start`) and node spans become relative to it, this is the one line to change.
pub fn document_base(doc: &Document) -> u32 {
    let _ = doc;
    0
}

/// `span`, relative to a document, made absolute by the document's `base`.
pub fn absolute(span: ByteSpan, base: u32) -> ByteSpan {
    ByteSpan {
        start: span.start.saturating_add(base),
        end: span.end.saturating_add(base),
    }
}

/// One object of the input: a document whose root is a mapping with a string `apiVersion` and
/// `kind` (every document lint summarized with both).
#[derive(Debug)]
pub struct Object<'a> {
    pub document_index: usize,
    /// The absolute start of the object's document ([`document_base`]).
    pub base: u32,
    pub api_version: &'a str,
    /// The group of `apiVersion` (`""` for the core group).
    pub group: &'a str,
    pub version: &'a str,
    pub kind: &'a str,
    /// The namespace as lint placed it (the explicit one, else the default); `None` for kinds
    /// lint knows to be cluster-scoped.
    pub namespace: Option<&'a str>,
    /// `metadata.name`; `""` when it has none (see `named`).
    pub name: &'a str,
    /// Whether `metadata.name` is set (evaluation skips objects without one).
    pub named: bool,
    /// The tree, as lint defaulted it.
    pub root: &'a Node,
    /// Whether lint (or the profile, for its own CRDs) validated it against a schema.
    pub known: bool,
}

impl<'a> Object<'a> {
    /// The namespace, `""` for cluster-scoped objects.
    pub fn ns(&self) -> &'a str {
        self.namespace.unwrap_or("")
    }

    /// `ns/name`, as controllers' messages print an object.
    pub fn ns_name(&self) -> String {
        format!("{}/{}", self.ns(), self.name)
    }

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

    /// `metadata.generation`, or 1 (the generation of a newly created object).
    pub fn generation(&self) -> i64 {
        match self
            .metadata()
            .and_then(|m| m.get("generation"))
            .map(|n| &n.value)
        {
            Some(Value::Int(g)) => *g,
            _ => 1,
        }
    }

    pub fn creation_timestamp(&self) -> Option<&'a str> {
        self.metadata().and_then(|m| m.get_str("creationTimestamp"))
    }

    pub fn labels(&self) -> Vec<(String, String)> {
        string_map(self.metadata().and_then(|m| m.get("labels")))
    }

    /// `span` of one of this object's nodes, made absolute.
    pub fn absolute(&self, span: ByteSpan) -> ByteSpan {
        absolute(span, self.base)
    }
}

/// A map of strings (labels, a ConfigMap's data) as pairs; other values are skipped.
pub fn string_map(node: Option<&Node>) -> Vec<(String, String)> {
    node.and_then(|n| n.value.as_map())
        .map(|entries| {
            entries
                .iter()
                .filter_map(|e| {
                    e.value
                        .value
                        .as_str()
                        .map(|v| (e.key.clone(), v.to_owned()))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The items of a list node; none for anything else.
pub fn seq(node: Option<&Node>) -> &[Node] {
    match node.map(|n| &n.value) {
        Some(Value::Seq(items)) => items,
        _ => &[],
    }
}

/// group, kind, namespace, name.
type Key<'a> = (&'a str, &'a str, &'a str, &'a str);

/// Every object of the input, with its indexes.
#[derive(Debug, Default)]
pub struct Model<'a> {
    /// In document order.
    pub objects: Vec<Object<'a>>,
    /// (group, kind, namespace, name) -> index into `objects` (the first of duplicates, as the
    /// first `kubectl apply` would create it).
    by_key: HashMap<Key<'a>, usize>,
    by_kind: HashMap<&'a str, Vec<usize>>,
    /// (group, kind, namespace) -> indices, in document order.
    by_namespace: HashMap<(&'a str, &'a str, &'a str), Vec<usize>>,
    by_document: HashMap<usize, usize>,
}

impl<'a> Model<'a> {
    /// The objects of `documents`, as `resources` (lint's summaries, one per mapping document)
    /// describe them.
    pub fn new(documents: &'a [Document], resources: &'a [ResourceSummary]) -> Self {
        let summaries: HashMap<usize, &ResourceSummary> =
            resources.iter().map(|r| (r.document_index, r)).collect();
        let objects: Vec<Object<'a>> = documents
            .iter()
            .filter_map(|doc| {
                let summary = summaries.get(&doc.index)?;
                // An object the API server rejects, or a later document replaces, is not in
                // the cluster: references to it find nothing.
                if summary.absent.is_some() {
                    return None;
                }
                let root = doc.root.as_ref()?;
                root.value.as_map()?;
                let api_version = summary.api_version.as_deref()?;
                let kind = summary.kind.as_deref()?;
                let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
                Some(Object {
                    document_index: doc.index,
                    base: document_base(doc),
                    api_version,
                    group,
                    version,
                    kind,
                    namespace: summary.namespace.as_deref(),
                    name: summary.name.as_deref().unwrap_or_default(),
                    named: summary.name.is_some(),
                    root,
                    known: summary.known,
                })
            })
            .collect();
        let mut model = Self::default();
        for (i, o) in objects.iter().enumerate() {
            model
                .by_key
                .entry((o.group, o.kind, o.ns(), o.name))
                .or_insert(i);
            model.by_kind.entry(o.kind).or_default().push(i);
            model
                .by_namespace
                .entry((o.group, o.kind, o.ns()))
                .or_default()
                .push(i);
            model.by_document.entry(o.document_index).or_insert(i);
        }
        model.objects = objects;
        model
    }

    /// The object at `index` in `objects`.
    pub fn object(&self, index: usize) -> Option<&Object<'a>> {
        self.objects.get(index)
    }

    /// The object of `group`/`kind` named `namespace/name`.
    pub fn find(
        &self,
        group: &str,
        kind: &str,
        namespace: &str,
        name: &str,
    ) -> Option<&Object<'a>> {
        let i = *self.by_key.get(&(group, kind, namespace, name))?;
        self.objects.get(i)
    }

    /// Objects of one kind (any group), in document order.
    pub fn of_kind<'s>(&'s self, kind: &str) -> impl Iterator<Item = &'s Object<'a>> + 's {
        self.by_kind
            .get(kind)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.objects.get(i))
    }

    /// Objects of `group`/`kind` in `namespace`, in document order.
    pub fn in_namespace<'s>(
        &'s self,
        group: &'s str,
        kind: &'s str,
        namespace: &'s str,
    ) -> impl Iterator<Item = &'s Object<'a>> + 's {
        self.by_namespace
            .get(&(group, kind, namespace))
            .into_iter()
            .flatten()
            .filter_map(|&i| self.objects.get(i))
    }

    /// The object of document `document_index`.
    pub fn at_document(&self, document_index: usize) -> Option<&Object<'a>> {
        self.objects.get(*self.by_document.get(&document_index)?)
    }

    /// Labels of a Namespace: its own, plus the `kubernetes.io/metadata.name` label the API server
    /// adds to every Namespace (also for namespaces that are not in the input).
    pub fn namespace_labels(&self, namespace: &str) -> Vec<(String, String)> {
        let mut labels = self
            .find("", "Namespace", "", namespace)
            .map(Object::labels)
            .unwrap_or_default();
        labels.retain(|(k, _)| k != "kubernetes.io/metadata.name");
        labels.push((
            "kubernetes.io/metadata.name".to_owned(),
            namespace.to_owned(),
        ));
        labels
    }
}
