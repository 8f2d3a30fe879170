//! Normalization: what the API server would store for each object. Schema defaults of the
//! chosen release are filled in (as on create), lists the schema declares unordered are sorted,
//! keys are put in canonical order (`apiVersion`, `kind`, `metadata`, `spec`, `status`, then the
//! CRD schema's property order, then unknown fields in input order). Every field the input has
//! is kept, unknown ones too (lint reports each). Comments are not kept: the output is written
//! from the parsed tree. `dropDefaults` gives the minimal manifest instead.
//!
//! ```
//! use gwlint::{convert, normalize, ConvertOptions, GatewayApiRelease, NormalizeOptions};
//!
//! let text = "kind: GatewayClass\napiVersion: gateway.networking.k8s.io/v1\nmetadata:\n  name: c # comments go\nspec:\n  controllerName: example.com/gateway\n";
//! let result = normalize(text, &NormalizeOptions::default());
//! assert_eq!(result.text, "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n  name: c\nspec:\n  controllerName: example.com/gateway\n");
//!
//! let route = "apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: TLSRoute\nmetadata:\n  name: r\nspec:\n  hostnames: [a.example.com]\n  rules:\n  - backendRefs:\n    - name: s\n      port: 443\n";
//! let options = ConvertOptions { to: GatewayApiRelease::V1_6_1, ..ConvertOptions::default() };
//! let converted = convert(route, &options);
//! assert!(converted.text.starts_with("apiVersion: gateway.networking.k8s.io/v1\n"));
//! assert_eq!(converted.diff[0].reason, "v1 is the newest version of TLSRoute that Gateway API v1.6.1 serves");
//! ```

mod canonical;
pub mod convert;
pub mod emit;
pub mod upgrade;

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::diagnostics::{field_path, Diagnostic, Finding, PathSegment, Severity, Source};
use crate::driver::analyze_with_originals;
use crate::lint::{finish, ResourceSummary};
use crate::options::LintOptions;
use crate::schema::Registry;
use crate::source::{ByteSpan, LineIndex};
use crate::yaml::{Document, Entry, Node, Value};

use canonical::{canonicalize, drop_defaults, record_defaults, Recorder};
pub use convert::{convert, ConvertOptions};
pub use emit::{quote_if_needed, to_json_text, to_yaml, Ordered};
pub use upgrade::{upgrade_check, UpgradeCheckObject, UpgradeCheckResult, UpgradeStatus};

/// Output text format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    /// Block YAML, one document per object, `---` between them (the default).
    #[default]
    Yaml,
    /// JSON: the object, or a `v1` `List` of the objects when there are several.
    Json,
}

/// Options of `normalize`: the options of `lint` plus these.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct NormalizeOptions {
    #[serde(flatten)]
    pub lint: LintOptions,
    /// `"yaml"` (the default) or `"json"`.
    #[serde(default)]
    #[tsify(optional)]
    pub format: OutputFormat,
    /// Remove every value equal to its schema default instead of filling defaults in: the
    /// minimal manifest (default `false`).
    #[serde(default)]
    #[tsify(optional)]
    pub drop_defaults: bool,
    /// Write `metadata.namespace` into namespaced objects that name none (the `namespace`
    /// option, else `"default"`), and the object's namespace into references under `spec` that
    /// name none (default `false`).
    #[serde(default)]
    #[tsify(optional)]
    pub fill_namespace: bool,
}

/// What a change did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub enum ChangeKind {
    /// A schema default was filled in.
    Default,
    /// A value equal to its schema default was removed (`dropDefaults`).
    DropDefault,
    /// The implied namespace was written (`fillNamespace`).
    Namespace,
    /// An unordered list was sorted; `old` and `new` are the items' keys in order.
    Sort,
    /// `apiVersion` changed to the target release's version of the kind (`convert`).
    ApiVersion,
    /// A field moved between versions (`convert`).
    Move,
    /// A kind changed name and group, in the object or in a reference to it (`convert`).
    Rename,
}

/// One change normalization or conversion made.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct Change {
    /// 0-based index of the document in the input.
    pub document_index: usize,
    /// Where, in the input's structure (list indices as written).
    pub path: Vec<PathSegment>,
    /// The same path, Kubernetes style: `spec.listeners[0].allowedRoutes`.
    pub field_path: String,
    /// The value before; null when the field was absent.
    #[tsify(type = "unknown")]
    pub old: Option<serde_json::Value>,
    /// The value after; null when the field was removed.
    #[tsify(type = "unknown")]
    pub new: Option<serde_json::Value>,
    pub kind: ChangeKind,
    /// Why, e.g. "defaulted by the v1.6.1 CRD".
    pub reason: String,
}

impl Change {
    pub fn new(
        document_index: usize,
        path: Vec<PathSegment>,
        old: Option<serde_json::Value>,
        new: Option<serde_json::Value>,
        kind: ChangeKind,
        reason: String,
    ) -> Self {
        Self {
            document_index,
            field_path: field_path(&path),
            path,
            old,
            new,
            kind,
            reason,
        }
    }
}

/// An object of the output, keys in canonical order.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct OutputObject {
    /// 0-based index of the document in the input.
    pub document_index: usize,
    pub api_version: Option<String>,
    pub kind: Option<String>,
    /// The object's namespace, or the implied one when it names none (null when cluster-scoped).
    pub namespace: Option<String>,
    pub name: Option<String>,
    /// The object itself.
    #[tsify(type = "Record<string, unknown>")]
    pub object: Tree,
}

/// A tree that serializes as JSON with its key order.
#[derive(Clone, Debug, PartialEq)]
pub struct Tree(pub Node);

impl Serialize for Tree {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Ordered(&self.0).serialize(serializer)
    }
}

/// What `normalize` and `convert` return.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct NormalizeResult {
    /// The output manifest (YAML or JSON). Comments of the input are not in it.
    pub text: String,
    /// The output objects, in input order.
    pub objects: Vec<OutputObject>,
    /// Every value change made, in document order.
    pub diff: Vec<Change>,
    /// Lint diagnostics of the input (unknown fields among them: they are kept in the output),
    /// and problems of normalization itself; positions are in the input.
    pub diagnostics: Vec<Diagnostic>,
    /// The release whose schemas were used (`"auto"` resolved; for `convert`, the target).
    pub gateway_api: String,
}

/// One document of the output: an object, or a document kept as written.
pub(crate) enum Output {
    Object(OutputObject),
    /// A document that could not be read, or is not a mapping, kept verbatim (YAML output
    /// only); `at` is where it starts in the input.
    Raw {
        text: String,
        at: usize,
    },
}

/// Writes the outputs as text, reporting documents JSON cannot carry.
pub(crate) fn render(
    outputs: &[Output],
    format: OutputFormat,
    findings: &mut Vec<Finding>,
) -> String {
    match format {
        OutputFormat::Yaml => {
            let parts: Vec<String> = outputs
                .iter()
                .map(|o| match o {
                    Output::Object(obj) => to_yaml(&obj.object.0),
                    Output::Raw { text: raw, .. } => {
                        // Its own `---` line, if bare, is the separator written before it.
                        let raw = raw
                            .strip_prefix("---\n")
                            .or_else(|| raw.strip_prefix("---\r\n"))
                            .unwrap_or(raw);
                        let mut raw = raw.to_owned();
                        if !raw.ends_with('\n') {
                            raw.push('\n');
                        }
                        raw
                    }
                })
                .collect();
            parts.join("---\n")
        }
        OutputFormat::Json => {
            let mut objects = Vec::new();
            for o in outputs {
                match o {
                    Output::Object(obj) => objects.push(obj.object.0.clone()),
                    Output::Raw { at, .. } => findings.push(Finding::new(
                        "normalize/document-omitted",
                        Severity::Warning,
                        Source::Syntax,
                        "this document is not a readable object, so the JSON output does not contain it",
                        ByteSpan::new(*at, *at),
                    )),
                }
            }
            match objects.len() {
                1 => objects.first().map(to_json_text).unwrap_or_default(),
                _ => to_json_text(&list_of(objects)),
            }
        }
    }
}

/// A `v1` `List`, as kubectl writes several objects in JSON.
fn list_of(items: Vec<Node>) -> Node {
    let span = ByteSpan::new(0, 0);
    let entry = |key: &str, value: Value| Entry {
        key: key.to_owned(),
        key_span: span,
        value: Node { value, span },
    };
    Node {
        value: Value::Map(vec![
            entry("apiVersion", Value::String("v1".to_owned())),
            entry("kind", Value::String("List".to_owned())),
            entry("items", Value::Seq(items)),
        ]),
        span,
    }
}

/// A document kept as written.
pub(crate) fn raw_output(index: &LineIndex<'_>, doc: &Document) -> Output {
    Output::Raw {
        text: index
            .text()
            .get(doc.span.start as usize..doc.span.end as usize)
            .unwrap_or_default()
            .to_owned(),
        at: doc.span.start as usize,
    }
}

/// The document's root when it is a mapping (a Kubernetes object, or an attempt at one).
pub(crate) fn object_root(doc: &Document) -> Option<&Node> {
    doc.root
        .as_ref()
        .filter(|r| matches!(r.value, Value::Map(_)))
}

/// Each document's resource summary, by document index.
pub(crate) fn resources_by_document(
    resources: &[ResourceSummary],
    documents: usize,
) -> Vec<Option<&ResourceSummary>> {
    let mut out = vec![None; documents];
    for r in resources {
        if let Some(slot) = out.get_mut(r.document_index) {
            *slot = Some(r);
        }
    }
    out
}

/// The schema node of a linted object, when gwlint knows its kind and version.
pub(crate) fn schema_of(
    registry: &Registry,
    release: &str,
    resource: Option<&ResourceSummary>,
) -> Option<usize> {
    let r = resource?;
    let channel = r.channel?;
    let (group, version) = r.api_version.as_deref()?.split_once('/')?;
    let crd = registry.crd(release, channel, group, r.kind.as_deref()?)?;
    Some(crd.version(version)?.schema)
}

pub(crate) fn output_object(
    document_index: usize,
    resource: Option<&ResourceSummary>,
    object: Node,
) -> OutputObject {
    let meta = object.get("metadata");
    OutputObject {
        document_index,
        api_version: object.get_str("apiVersion").map(str::to_owned),
        kind: object.get_str("kind").map(str::to_owned),
        namespace: meta
            .and_then(|m| m.get_str("namespace"))
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .or_else(|| resource.and_then(|r| r.namespace.clone())),
        name: meta.and_then(|m| m.get_str("name")).map(str::to_owned),
        object: Tree(object),
    }
}

/// Writes the implied namespace into a namespaced object's metadata.
fn fill_namespace(object: &mut Node, namespace: &str, rec: &mut Recorder<'_>, reason: &str) {
    let span = object.span;
    let Some(Value::Map(meta)) = object_entry_mut(object, "metadata").map(|m| &mut m.value) else {
        return;
    };
    let value = Node {
        value: Value::String(namespace.to_owned()),
        span,
    };
    let path = [
        PathSegment::Key("metadata".to_owned()),
        PathSegment::Key("namespace".to_owned()),
    ];
    match meta.iter_mut().find(|e| e.key == "namespace") {
        Some(e) if matches!(&e.value.value, Value::Null) || e.value.value.as_str() == Some("") => {
            rec.record(
                &path,
                Some(&e.value),
                Some(&value),
                ChangeKind::Namespace,
                reason,
            );
            e.value = value;
        }
        Some(_) => {}
        None => {
            rec.record(&path, None, Some(&value), ChangeKind::Namespace, reason);
            meta.push(Entry {
                key: "namespace".to_owned(),
                key_span: span,
                value,
            });
        }
    }
}

/// Writes the object's namespace into references under `spec` that name none: every reference
/// type of Gateway API with a `namespace` field (ParentReference, BackendObjectReference,
/// SecretObjectReference, ObjectReference...) means the referring object's namespace then.
fn fill_reference_namespaces(
    node: &mut Node,
    schema: Option<usize>,
    registry: &Registry,
    namespace: &str,
    path: &mut Vec<PathSegment>,
    rec: &mut Recorder<'_>,
) {
    let Some(id) = schema else {
        return;
    };
    let s = registry.node(id);
    let span = node.span;
    match &mut node.value {
        Value::Map(entries) => {
            let is_reference = s.property("name").is_some() && s.property("namespace").is_some();
            let named = entries.iter().any(|e| e.key == "name");
            let has_namespace = entries
                .iter()
                .any(|e| e.key == "namespace" && e.value.value != Value::Null);
            if is_reference && named && !has_namespace {
                let value = Node {
                    value: Value::String(namespace.to_owned()),
                    span,
                };
                path.push(PathSegment::Key("namespace".to_owned()));
                rec.record(
                    path,
                    None,
                    Some(&value),
                    ChangeKind::Namespace,
                    "implied namespace: a reference without one names the referring object's namespace",
                );
                path.pop();
                entries.retain(|e| e.key != "namespace");
                entries.push(Entry {
                    key: "namespace".to_owned(),
                    key_span: span,
                    value,
                });
            }
            for entry in entries.iter_mut() {
                let child = s.property(&entry.key);
                path.push(PathSegment::Key(entry.key.clone()));
                fill_reference_namespaces(&mut entry.value, child, registry, namespace, path, rec);
                path.pop();
            }
        }
        Value::Seq(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                path.push(PathSegment::Index(i));
                fill_reference_namespaces(item, s.items, registry, namespace, path, rec);
                path.pop();
            }
        }
        _ => {}
    }
}

pub(crate) fn object_entry_mut<'n>(node: &'n mut Node, key: &str) -> Option<&'n mut Node> {
    match &mut node.value {
        Value::Map(entries) => entries
            .iter_mut()
            .find(|e| e.key == key)
            .map(|e| &mut e.value),
        _ => None,
    }
}

/// Normalizes a multi-document YAML or JSON text. Never fails on input: problems become
/// diagnostics, and documents that cannot be read are kept as written (YAML output).
pub fn normalize(text: &str, options: &NormalizeOptions) -> NormalizeResult {
    let (analysis, originals) = analyze_with_originals(text, &options.lint);
    let registry = Registry::get();
    let release = analysis.release;
    let default_reason = format!("defaulted by the {release} CRD");
    let drop_reason = format!("equal to the default of the {release} CRD");
    let namespace_reason = match &options.lint.namespace {
        Some(_) => "implied namespace: the namespace option".to_owned(),
        None => "implied namespace: objects that name none go to \"default\"".to_owned(),
    };
    let by_document = resources_by_document(&analysis.resources, analysis.documents.len());
    let mut findings = analysis.findings;
    let mut diff = Vec::new();
    let mut outputs = Vec::new();
    for (doc, original) in analysis.documents.iter().zip(&originals) {
        let resource = by_document.get(doc.index).copied().flatten();
        let (Some(defaulted), Some(original)) = (object_root(doc), object_root(original)) else {
            if !doc.problems.is_empty() || doc.root.is_some() {
                outputs.push(raw_output(&analysis.index, doc));
            }
            continue;
        };
        let schema = schema_of(registry, release, resource);
        let mut rec = Recorder {
            document_index: doc.index,
            changes: &mut diff,
        };
        let mut object = match schema {
            Some(schema) if options.drop_defaults => {
                let mut object = original.clone();
                drop_defaults(
                    &mut object,
                    defaulted,
                    schema,
                    registry,
                    &mut Vec::new(),
                    &drop_reason,
                    &mut rec,
                );
                object
            }
            Some(_) => {
                let mut defaulted = defaulted.clone();
                if original.get("status").is_none() {
                    // The API server also defaults `status` (Gateway: "Waiting for
                    // controller"), but a manifest does not carry status.
                    if let Value::Map(entries) = &mut defaulted.value {
                        entries.retain(|e| e.key != "status");
                    }
                }
                record_defaults(
                    original,
                    &defaulted,
                    &mut Vec::new(),
                    &default_reason,
                    &mut rec,
                );
                defaulted
            }
            None => original.clone(),
        };
        if options.fill_namespace {
            if let Some(ns) = resource.and_then(|r| r.namespace.as_deref()) {
                fill_namespace(&mut object, ns, &mut rec, &namespace_reason);
                if let (Some(schema), Some(spec)) = (schema, object_entry_mut(&mut object, "spec"))
                {
                    let spec_schema = registry.node(schema).property("spec");
                    let mut path = vec![PathSegment::Key("spec".to_owned())];
                    fill_reference_namespaces(spec, spec_schema, registry, ns, &mut path, &mut rec);
                }
            }
        }
        canonicalize(&mut object, schema, registry, &mut Vec::new(), &mut rec);
        outputs.push(Output::Object(output_object(doc.index, resource, object)));
    }
    let text = render(&outputs, options.format, &mut findings);
    let lint = finish(&analysis.index, findings, analysis.resources, release);
    assemble(text, outputs, diff, lint)
}

/// The result from the output text, the outputs, the diff and the lint result.
pub(crate) fn assemble(
    text: String,
    outputs: Vec<Output>,
    diff: Vec<Change>,
    lint: crate::lint::LintResult,
) -> NormalizeResult {
    let objects = outputs
        .into_iter()
        .filter_map(|o| match o {
            Output::Object(obj) => Some(obj),
            Output::Raw { .. } => None,
        })
        .collect();
    NormalizeResult {
        text,
        objects,
        diff,
        diagnostics: lint.diagnostics,
        gateway_api: lint.gateway_api,
    }
}

#[cfg(test)]
mod tests;
