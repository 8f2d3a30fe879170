//! Lint of one document: identify the object, choose its schema (release, channel, version),
//! apply defaults, validate structure, CEL rules and metadata. The driver runs it per document
//! and assembles the stream's result.

pub mod metadata;

pub use metadata::check_metadata;

use std::collections::HashMap;

use serde::Serialize;
use tsify::Tsify;

use crate::cel::{evaluate_rules, CelContext};
use crate::diagnostics::{Diagnostic, Finding, PathSegment, ResourceRef, Severity, Source};
use crate::options::{ChannelOption, GatewayApiRelease, LintOptions};
use crate::schema::defaults::apply_defaults;
use crate::schema::validate::validate;
use crate::schema::{is_gateway_api_group, Channel, Crd, Registry, NEWEST_RELEASE, RELEASES};
use crate::source::{ByteSpan, LineIndex};
use crate::status::Absence;
use crate::yaml::{parse_stream, Document, Entry, Node, ProblemKind, Value};

/// Largest input gwlint reads; larger input gets one diagnostic and nothing else.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// Kinds outside Gateway API that manifests commonly carry next to it; they get basic checks
/// only, and no "unknown kind" note.
const COMMON_KINDS: [&str; 30] = [
    "Service",
    "ConfigMap",
    "Secret",
    "Namespace",
    "Pod",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "Job",
    "CronJob",
    "ServiceAccount",
    "Role",
    "RoleBinding",
    "ClusterRole",
    "ClusterRoleBinding",
    "Endpoints",
    "EndpointSlice",
    "Ingress",
    "IngressClass",
    "NetworkPolicy",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "HorizontalPodAutoscaler",
    "PodDisruptionBudget",
    "ResourceQuota",
    "LimitRange",
    "List",
];

/// Common kinds outside Gateway API that are cluster-scoped.
const CLUSTER_SCOPED_KINDS: [&str; 7] = [
    "Namespace",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "IngressClass",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
];

/// Structural errors after which the API server does not run CEL rules (apiextensions'
/// `hasBlockingErr`: NotSupported, Required, TooLong, TooMany and TypeInvalid).
pub const BLOCKING_CODES: [&str; 6] = [
    "schema/enum",
    "schema/required",
    "schema/max-length",
    "schema/max-items",
    "schema/max-properties",
    "schema/type",
];

/// What `lint` returns.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LintResult {
    /// Every problem, ordered by position.
    pub diagnostics: Vec<Diagnostic>,
    /// One entry per object in the input.
    pub resources: Vec<ResourceSummary>,
    /// The release validated against (`"auto"` resolved).
    pub gateway_api: String,
}

/// An object found in the input.
#[derive(Clone, Debug, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct ResourceSummary {
    pub api_version: Option<String>,
    pub kind: Option<String>,
    pub namespace: Option<String>,
    pub name: Option<String>,
    pub document_index: usize,
    /// The Gateway API channel whose schema validated it; null for other kinds.
    pub channel: Option<Channel>,
    /// Whether gwlint has a schema for the kind and version.
    pub known: bool,
    /// Set when the object would not exist in the cluster as written: the API server rejects
    /// it, or a later document replaces it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub absent: Option<Absence>,
}

/// What linting found, with the parsed (and, for Gateway API kinds, defaulted) documents, for
/// stages that build on lint (evaluation, profiles, normalization). Spans, in findings and in
/// the documents' trees, are byte offsets into the whole text.
pub struct Analysis<'t> {
    pub index: LineIndex<'t>,
    pub findings: Vec<Finding>,
    pub resources: Vec<ResourceSummary>,
    pub release: &'static str,
    pub documents: Vec<Document>,
}

impl Analysis<'_> {
    /// The lint result: findings ordered by position, with editor positions.
    pub fn into_result(self) -> LintResult {
        finish(&self.index, self.findings, self.resources, self.release)
    }
}

/// The one finding for input over [`MAX_INPUT_BYTES`].
pub fn too_large(len: usize) -> Finding {
    Finding::new(
        "input/too-large",
        Severity::Error,
        Source::Syntax,
        format!("the input is {len} bytes; gwlint reads at most {MAX_INPUT_BYTES} bytes"),
        ByteSpan::new(0, 0),
    )
}

pub fn finish(
    index: &LineIndex<'_>,
    mut findings: Vec<Finding>,
    resources: Vec<ResourceSummary>,
    release: &str,
) -> LintResult {
    findings.sort_by_key(|f| (f.span.start, f.span.end));
    LintResult {
        diagnostics: findings
            .into_iter()
            .map(|f| f.into_diagnostic(index))
            .collect(),
        resources,
        gateway_api: release.to_owned(),
    }
}

/// `auto` picks the release named by a `gateway.networking.k8s.io/bundle-version` annotation in
/// the input (CRDs carry it), matched by minor version; else the newest.
pub fn resolve_release<'d>(
    option: GatewayApiRelease,
    roots: impl IntoIterator<Item = Option<&'d Node>>,
) -> &'static str {
    if option != GatewayApiRelease::Auto {
        return option.as_str();
    }
    for root in roots {
        let bundle = root
            .and_then(|r| r.get("metadata"))
            .and_then(|m| m.get("annotations"))
            .and_then(|a| a.get_str("gateway.networking.k8s.io/bundle-version"));
        if let Some(bundle) = bundle {
            let minor = |v: &str| v.split('.').take(2).collect::<Vec<_>>().join(".");
            if let Some(release) = RELEASES.iter().find(|r| minor(r) == minor(bundle)) {
                return release;
            }
        }
    }
    NEWEST_RELEASE
}

fn syntax_code(kind: &ProblemKind) -> (&'static str, Severity) {
    match kind {
        ProblemKind::Syntax => ("syntax/invalid-yaml", Severity::Error),
        ProblemKind::DuplicateKey => ("syntax/duplicate-key", Severity::Error),
        ProblemKind::NonStringKey => ("syntax/non-string-key", Severity::Warning),
        ProblemKind::TooDeep => ("input/too-deep", Severity::Error),
        ProblemKind::AliasLimit => ("input/alias-limit", Severity::Error),
        ProblemKind::UnknownAnchor => ("syntax/unknown-anchor", Severity::Error),
        ProblemKind::TooLarge => ("input/object-too-large", Severity::Error),
    }
}

/// What linting one document depends on besides its text: the same for every document of an
/// input, so a document's result can be reused while these and its text are unchanged.
pub struct LocalContext<'a> {
    pub release: &'a str,
    pub options: &'a LintOptions,
    pub registry: &'a Registry,
    pub cel: &'a CelContext,
    pub previous: &'a HashMap<ObjectKey, Node>,
}

/// What linting one document found. Spans are relative to the document, and the document
/// index in `summary` and in the findings' resource is the one the document had when linted:
/// the driver places both in the stream.
#[derive(Clone, Debug)]
pub struct LocalLint {
    pub findings: Vec<Finding>,
    pub summary: Option<ResourceSummary>,
}

/// Lints one document on its own (identify, defaults, structure, CEL, metadata), defaulting its
/// tree in place. Checks across documents run later, in the driver.
pub fn lint_local(doc: &mut Document, ctx: &LocalContext<'_>) -> LocalLint {
    let mut findings = Vec::new();
    let mut resources = Vec::new();
    lint_document(doc, ctx, &mut findings, &mut resources);
    LocalLint {
        findings,
        summary: resources.pop(),
    }
}

fn lint_document(
    doc: &mut Document,
    run: &LocalContext<'_>,
    findings: &mut Vec<Finding>,
    resources: &mut Vec<ResourceSummary>,
) {
    let LocalContext {
        release,
        options,
        registry,
        cel,
        previous,
    } = *run;
    let mut local = Vec::new();
    for problem in &doc.problems {
        let (code, severity) = syntax_code(&problem.kind);
        local.push(Finding::new(
            code,
            severity,
            Source::Syntax,
            problem.message.clone(),
            problem.span,
        ));
    }
    // Problems found before the object is known still say which document they are in.
    let document_only = ResourceRef {
        api_version: None,
        kind: None,
        namespace: None,
        name: None,
        document_index: doc.index,
    };
    let Some(root) = &mut doc.root else {
        attach(findings, local, Some(document_only));
        return;
    };
    let Value::Map(_) = &root.value else {
        if root.value != Value::Null {
            local.push(Finding::new(
                "schema/not-an-object",
                Severity::Error,
                Source::Schema,
                format!(
                    "a Kubernetes object must be a mapping, but this document is {} {}",
                    article(root.value.json_type()),
                    root.value.json_type()
                ),
                root.span,
            ));
        }
        attach(findings, local, Some(document_only));
        return;
    };
    let api_version = string_at(root, "apiVersion", &mut local);
    let kind = string_at(root, "kind", &mut local);
    for (field, value) in [("apiVersion", &api_version), ("kind", &kind)] {
        if value.as_ref().is_none_or(|(v, _)| v.is_empty()) {
            local.push(
                Finding::new(
                    "schema/type-meta",
                    Severity::Error,
                    Source::Schema,
                    format!("{field} not set"),
                    root.entry(field).map_or(
                        ByteSpan::new(root.span.start as usize, root.span.start as usize),
                        |e| e.key_span,
                    ),
                )
                .with_path(vec![PathSegment::Key(field.to_owned())]),
            );
        }
    }
    let (group, version) = match &api_version {
        Some((av, _)) => match av.split_once('/') {
            Some((g, v)) => (g.to_owned(), v.to_owned()),
            None => (String::new(), av.clone()),
        },
        None => (String::new(), String::new()),
    };
    let kind_name = kind.as_ref().map(|(k, _)| k.clone()).unwrap_or_default();
    let metadata_name = root
        .get("metadata")
        .and_then(|m| m.get_str("name"))
        .map(str::to_owned);
    let explicit_namespace = root
        .get("metadata")
        .and_then(|m| m.get_str("namespace"))
        .filter(|ns| !ns.is_empty())
        .map(str::to_owned);

    let mut summary = ResourceSummary {
        api_version: api_version.as_ref().map(|(v, _)| v.clone()),
        kind: kind.as_ref().map(|(k, _)| k.clone()),
        namespace: None,
        name: metadata_name,
        document_index: doc.index,
        channel: None,
        known: false,
        absent: None,
    };
    let mut namespaced = None;
    if is_gateway_api_group(&group) && !kind_name.is_empty() {
        let av_span = api_version.as_ref().map_or(root.span, |(_, s)| *s);
        let choice = choose_schema(
            registry,
            release,
            options.channel,
            &group,
            &version,
            &kind_name,
        );
        match choice {
            Ok((crd, channel, version_info)) => {
                summary.channel = Some(channel);
                summary.known = true;
                namespaced = Some(crd.namespaced());
                if version_info.deprecated {
                    let text = version_info
                        .deprecation_warning
                        .clone()
                        .unwrap_or_else(|| format!("{group}/{version} {kind_name} is deprecated"));
                    local.push(Finding::new(
                        "version/deprecated",
                        Severity::Warning,
                        Source::Schema,
                        text,
                        av_span,
                    ));
                }
                if channel == Channel::Experimental && options.channel == ChannelOption::Auto {
                    local.push(Finding::new(
                        "version/experimental-channel",
                        Severity::Info,
                        Source::Schema,
                        format!(
                            "{kind_name} {group}/{version} is served only by the experimental channel of Gateway API {release}; install the experimental CRDs"
                        ),
                        av_span,
                    ));
                }
                // Gateway API kinds have a status subresource: the API server resets `status`
                // on create and ignores it on update, so it is neither defaulted nor validated.
                let status = detach_status(root);
                if let Some((_, entry)) = &status {
                    local.push(
                        Finding::new(
                            "schema/status-ignored",
                            Severity::Info,
                            Source::Schema,
                            format!("status is not applied: {kind_name} has a status subresource, so the API server drops status on create and update; controllers write it"),
                            entry.key_span,
                        )
                        .with_path(vec![PathSegment::Key("status".to_owned())]),
                    );
                }
                // The API server defaults before it validates; the tree is defaulted in place.
                apply_defaults(root, version_info.schema, registry);
                let structural = validate(root, version_info.schema, registry);
                let first_blocking = structural
                    .iter()
                    .find(|f| BLOCKING_CODES.contains(&f.code))
                    .map(|f| f.span);
                for f in structural {
                    let mut finding =
                        Finding::new(f.code, Severity::Error, Source::Schema, f.message, f.span);
                    if f.code == "schema/unknown-field" {
                        if let Some(hint) = served_elsewhere(
                            registry,
                            release,
                            options.channel,
                            &group,
                            &version,
                            &kind_name,
                            &f.path,
                        ) {
                            finding = finding.with_help(hint);
                        }
                    }
                    if let Some((name, replacement)) = f.suggestion {
                        finding = finding
                            .with_help(format!("did you mean \"{name}\"?"))
                            .with_fix(format!("Change to \"{name}\""), f.span, replacement);
                    }
                    local.push(finding.with_path(f.path));
                }
                if let Some(span) = first_blocking {
                    // The API server's note, at the error that stopped the rules.
                    local.push(Finding::new(
                        "cel/not-checked",
                        Severity::Info,
                        Source::Cel,
                        "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation",
                        span,
                    ));
                } else if options.cel {
                    let namespace = explicit_namespace
                        .clone()
                        .or_else(|| options.namespace.clone())
                        .unwrap_or_else(|| "default".to_owned());
                    let key = object_key(&group, &kind_name, &namespace, summary.name.as_deref());
                    let old = previous.get(&key).map(|old| {
                        let mut old = old.clone();
                        apply_defaults(&mut old, version_info.schema, registry);
                        old
                    });
                    local.extend(evaluate_rules(
                        root,
                        version_info.schema,
                        registry,
                        old.as_ref(),
                        cel,
                    ));
                }
                // Kept in the tree as written: normalize keeps every field.
                if let (Some((at, entry)), Value::Map(entries)) = (status, &mut root.value) {
                    entries.insert(at.min(entries.len()), entry);
                }
            }
            Err(NotServed { message, help }) => {
                local.push(
                    Finding::new(
                        "version/not-served",
                        Severity::Error,
                        Source::Schema,
                        message,
                        av_span,
                    )
                    .with_help(help),
                );
            }
        }
    } else if CLUSTER_SCOPED_KINDS.contains(&kind_name.as_str()) {
        namespaced = Some(false);
    } else if !kind_name.is_empty()
        && api_version.is_some()
        && !COMMON_KINDS.contains(&kind_name.as_str())
    {
        let span = kind.as_ref().map_or(root.span, |(_, s)| *s);
        local.push(Finding::new(
            "resource/unknown-kind",
            Severity::Info,
            Source::Schema,
            format!(
                "gwlint has no schema for {kind_name} ({}); only its basic shape is checked",
                api_version
                    .as_ref()
                    .map_or("no apiVersion", |(v, _)| v.as_str())
            ),
            span,
        ));
    }
    if namespaced != Some(false) {
        summary.namespace = explicit_namespace.or_else(|| {
            Some(
                options
                    .namespace
                    .clone()
                    .unwrap_or_else(|| "default".to_owned()),
            )
        });
    }
    check_metadata(root, namespaced, &mut local);
    let resource = ResourceRef {
        api_version: summary.api_version.clone(),
        kind: summary.kind.clone(),
        namespace: summary.namespace.clone(),
        name: summary.name.clone(),
        document_index: doc.index,
    };
    attach(findings, local, Some(resource));
    resources.push(summary);
}

/// For a field this release and channel do not know: whether the experimental channel of the
/// release, or a newer release, has it (`spec.rules[].name` in v1.2.1 is experimental only).
fn served_elsewhere(
    registry: &Registry,
    release: &str,
    channel: ChannelOption,
    group: &str,
    version: &str,
    kind: &str,
    path: &[PathSegment],
) -> Option<String> {
    let has = |release: &str, channel: Channel| {
        registry
            .crd(release, channel, group, kind)
            .and_then(|crd| crd.version(version))
            .is_some_and(|v| schema_has_path(registry, v.schema, path))
    };
    let field = crate::diagnostics::field_path(path);
    if channel != ChannelOption::Experimental && has(release, Channel::Experimental) {
        return Some(format!(
            "{field} is served by the experimental channel of Gateway API {release}; set channel: experimental (and install the experimental CRDs)"
        ));
    }
    let later = RELEASES
        .iter()
        .skip_while(|r| **r != release)
        .skip(1)
        .find(|r| has(r, Channel::Standard) || has(r, Channel::Experimental))?;
    let which = if has(later, Channel::Standard) {
        "standard"
    } else {
        "experimental"
    };
    Some(format!(
        "{field} exists from Gateway API {later} on ({which} channel); this object is validated against {release}"
    ))
}

/// Whether a schema describes the field at `path` (keys and list indices, as findings carry).
fn schema_has_path(registry: &Registry, root: usize, path: &[PathSegment]) -> bool {
    let mut id = root;
    for segment in path {
        let node = registry.node(id);
        let next = match segment {
            PathSegment::Key(key) => node.property(key).or(match &node.additional_properties {
                Some(crate::schema::AdditionalProperties::Schema(child)) => Some(*child),
                _ => None,
            }),
            PathSegment::Index(_) => node.items,
        };
        match next {
            Some(next) => id = next,
            None => return false,
        }
    }
    true
}

/// Takes the top-level `status` entry out of an object, with its position among the entries.
fn detach_status(root: &mut Node) -> Option<(usize, Entry)> {
    let Value::Map(entries) = &mut root.value else {
        return None;
    };
    let at = entries.iter().position(|e| e.key == "status")?;
    Some((at, entries.remove(at)))
}

/// Identifies an object across versions: group, kind, namespace, name.
pub type ObjectKey = (String, String, String, String);

fn object_key(group: &str, kind: &str, namespace: &str, name: Option<&str>) -> ObjectKey {
    (
        group.to_owned(),
        kind.to_owned(),
        namespace.to_owned(),
        name.unwrap_or_default().to_owned(),
    )
}

/// The objects of the `previous` text, by key. Unreadable documents are ignored: the previous
/// version is context, not input to lint.
pub fn previous_objects(text: &str, options: &LintOptions) -> HashMap<ObjectKey, Node> {
    let index = LineIndex::new(text);
    let mut objects = HashMap::new();
    for doc in parse_stream(&index) {
        let Some(root) = doc.root else {
            continue;
        };
        let group = root
            .get_str("apiVersion")
            .and_then(|av| av.split_once('/'))
            .map_or("", |(g, _)| g)
            .to_owned();
        let kind = root.get_str("kind").unwrap_or_default().to_owned();
        let meta = root.get("metadata");
        let name = meta.and_then(|m| m.get_str("name")).map(str::to_owned);
        let namespace = meta
            .and_then(|m| m.get_str("namespace"))
            .filter(|ns| !ns.is_empty())
            .map(str::to_owned)
            .or_else(|| options.namespace.clone())
            .unwrap_or_else(|| "default".to_owned());
        objects.insert(object_key(&group, &kind, &namespace, name.as_deref()), root);
    }
    objects
}

fn attach(findings: &mut Vec<Finding>, local: Vec<Finding>, resource: Option<ResourceRef>) {
    findings.extend(local.into_iter().map(|f| f.with_resource(resource.clone())));
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// A top-level string field and its value's span; a non-string is reported.
fn string_at(root: &Node, field: &str, out: &mut Vec<Finding>) -> Option<(String, ByteSpan)> {
    let node = root.get(field)?;
    match &node.value {
        Value::String(s) => Some((s.clone(), node.span)),
        Value::Null => None,
        other => {
            out.push(
                Finding::new(
                    "schema/type",
                    Severity::Error,
                    Source::Schema,
                    crate::schema::messages::type_invalid(field, "string", other.json_type()),
                    node.span,
                )
                .with_path(vec![PathSegment::Key(field.to_owned())]),
            );
            None
        }
    }
}

struct NotServed {
    message: String,
    help: String,
}

/// Finds the CRD version that validates `group/version` `kind` in `release`, honouring the
/// channel option.
fn choose_schema<'r>(
    registry: &'r Registry,
    release: &str,
    channel: ChannelOption,
    group: &str,
    version: &str,
    kind: &str,
) -> Result<(&'r Crd, Channel, &'r crate::schema::CrdVersion), NotServed> {
    let served = |ch: Channel| {
        registry.crd(release, ch, group, kind).and_then(|crd| {
            crd.version(version)
                .filter(|v| v.served)
                .map(|v| (crd, ch, v))
        })
    };
    let found = match channel {
        ChannelOption::Standard => served(Channel::Standard),
        ChannelOption::Experimental => served(Channel::Experimental),
        ChannelOption::Auto => served(Channel::Standard).or_else(|| served(Channel::Experimental)),
    };
    if let Some(found) = found {
        return Ok(found);
    }
    let message = format!("no matches for kind \"{kind}\" in version \"{group}/{version}\"");
    let channel_name = match channel {
        ChannelOption::Standard => "standard",
        ChannelOption::Experimental => "experimental",
        ChannelOption::Auto => "standard or experimental",
    };
    let served_list = |ch: Channel| -> Vec<String> {
        registry
            .crd(release, ch, group, kind)
            .map(|crd| {
                crd.versions
                    .iter()
                    .filter(|v| v.served)
                    .map(|v| format!("{group}/{}", v.name))
                    .collect()
            })
            .unwrap_or_default()
    };
    let help = if channel == ChannelOption::Standard && served(Channel::Experimental).is_some() {
        format!(
            "{kind} {group}/{version} is served only by the experimental channel of Gateway API {release}"
        )
    } else {
        let standard = served_list(Channel::Standard);
        let experimental = served_list(Channel::Experimental);
        let mut all = if channel == ChannelOption::Experimental {
            experimental.clone()
        } else {
            standard
        };
        if channel == ChannelOption::Auto {
            for v in experimental {
                if !all.contains(&v) {
                    all.push(v);
                }
            }
        }
        if all.is_empty() {
            format!("Gateway API {release} ({channel_name} channel) has no {kind}")
        } else {
            format!(
                "Gateway API {release} ({channel_name} channel) serves {kind} as {}",
                all.join(", ")
            )
        }
    };
    Err(NotServed { message, help })
}

#[cfg(test)]
mod tests;
