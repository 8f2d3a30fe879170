//! Conversion: each Gateway API object moves to the newest version of its kind that the target
//! release serves (BackendTLSPolicy v1alpha3 -> v1, TLSRoute v1alpha2 -> v1, ReferenceGrant
//! v1beta1 -> v1, ...), with the fields that moved between releases moved along
//! (`Gateway.spec.backendTLS` -> `spec.tls.backend`) and renamed kinds renamed (XListenerSet ->
//! ListenerSet, references to it included). An object that cannot be converted without
//! changing its meaning stays as written, with a diagnostic saying why. No defaults are added
//! and keys keep their order; `normalize` the result for the canonical form.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::diagnostics::{Diagnostic, Finding, PathSegment, Severity, Source};
use crate::driver::{analyze_with_originals, lint};
use crate::lint::{finish, ResourceSummary};
use crate::options::{ChannelOption, GatewayApiRelease, LintOptions};
use crate::schema::messages::to_json;
use crate::schema::{is_gateway_api_group, Channel, Crd, Registry};
use crate::source::ByteSpan;
use crate::yaml::{Entry, Node, Value};

use super::{
    assemble, object_entry_mut, object_root, output_object, raw_output, render,
    resources_by_document, to_yaml, Change, ChangeKind, NormalizeResult, Output, OutputFormat,
};

/// Options of `convert`: the options of `lint` (`gatewayApi` is the input's release) plus these.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ConvertOptions {
    #[serde(flatten)]
    pub lint: LintOptions,
    /// The release to convert to: `"v1.2.1"` ... `"v1.6.1"`; `"auto"` (the default) is the
    /// newest.
    #[serde(default)]
    #[tsify(optional)]
    pub to: GatewayApiRelease,
    /// `"yaml"` (the default) or `"json"`.
    #[serde(default)]
    #[tsify(optional)]
    pub format: OutputFormat,
}

/// Fields that moved between releases: (kind, old path, new path, when).
const MOVES: [(&str, &[&str], &[&str], &str); 1] = [(
    "Gateway",
    &["spec", "backendTLS"],
    &["spec", "tls", "backend"],
    "Gateway API v1.5.0 (GEP-3155)",
)];

/// A leading decimal number and the rest of the text.
fn leading_number(s: &str) -> Option<(u64, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (n, tail) = s.split_at(end);
    n.parse().ok().map(|n| (n, tail))
}

/// Kinds that changed name and group: (old group, old kind, new group, new kind, when).
const RENAMES: [(&str, &str, &str, &str, &str); 1] = [(
    "gateway.networking.x-k8s.io",
    "XListenerSet",
    "gateway.networking.k8s.io",
    "ListenerSet",
    "Gateway API v1.5.0",
)];

/// A rename that applies to the target: it lacks the old kind and has the new one.
type Rename = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

fn active_renames(registry: &Registry, target: &str, channel: ChannelOption) -> Vec<Rename> {
    RENAMES
        .into_iter()
        .filter(|(og, ok, ng, nk, _)| {
            target_version(registry, target, channel, og, ok).is_none()
                && target_version(registry, target, channel, ng, nk).is_some()
        })
        .collect()
}

/// Rewrites references (`group` + `kind` in route `parentRefs`, ReferenceGrant `from` and
/// `to`) to a renamed kind.
fn rename_references(object: &mut Node, renames: &[Rename], target: &str, changes: &mut Vec<Step>) {
    let lists: [&[&str]; 3] = [&["spec", "parentRefs"], &["spec", "from"], &["spec", "to"]];
    for list in lists {
        let mut current = Some(&mut *object);
        for key in list {
            current = current.and_then(|n| object_entry_mut(n, key));
        }
        let Some(Node {
            value: Value::Seq(items),
            ..
        }) = current
        else {
            continue;
        };
        for (i, item) in items.iter_mut().enumerate() {
            let group = item.get_str("group").unwrap_or_default().to_owned();
            let kind = item.get_str("kind").unwrap_or_default().to_owned();
            let Some((_, _, new_group, new_kind, when)) = renames
                .iter()
                .find(|(og, ok, _, _, _)| *og == group && *ok == kind)
            else {
                continue;
            };
            let reason = format!("{kind} ({group}) became {new_kind} ({new_group}) in {when}; Gateway API {target} has no {kind}");
            for (field, value) in [("group", *new_group), ("kind", *new_kind)] {
                if let Some(node) = object_entry_mut(item, field) {
                    let old = node.clone();
                    node.value = Value::String(value.to_owned());
                    let mut path = path_of(list);
                    path.push(PathSegment::Index(i));
                    path.push(PathSegment::Key(field.to_owned()));
                    changes.push((
                        path,
                        Some(old),
                        Some(node.clone()),
                        ChangeKind::Rename,
                        reason.clone(),
                    ));
                }
            }
        }
    }
}

/// Kubernetes version priority: GA before beta before alpha, higher numbers first.
fn version_rank(v: &str) -> (u8, u64, u64) {
    let Some(rest) = v.strip_prefix('v') else {
        return (0, 0, 0);
    };
    let Some((major, tail)) = leading_number(rest) else {
        return (0, 0, 0);
    };
    if tail.is_empty() {
        return (3, major, 0);
    }
    let (level, minor) = if let Some(t) = tail.strip_prefix("beta") {
        (2, t)
    } else if let Some(t) = tail.strip_prefix("alpha") {
        (1, t)
    } else {
        return (0, 0, 0);
    };
    match leading_number(minor) {
        Some((m, "")) => (level, major, m),
        _ => (0, 0, 0),
    }
}

/// The CRD that serves `kind` in the target release, and its newest served version: the
/// standard channel first, unless the channel option says otherwise.
fn target_version<'r>(
    registry: &'r Registry,
    release: &str,
    channel: ChannelOption,
    group: &str,
    kind: &str,
) -> Option<(&'r Crd, Channel, &'r str)> {
    let channels: &[Channel] = match channel {
        ChannelOption::Standard => &[Channel::Standard],
        ChannelOption::Experimental => &[Channel::Experimental],
        ChannelOption::Auto => &[Channel::Standard, Channel::Experimental],
    };
    channels.iter().find_map(|&ch| {
        let crd = registry.crd(release, ch, group, kind)?;
        let newest = crd
            .versions
            .iter()
            .filter(|v| v.served)
            .max_by_key(|v| version_rank(&v.name))?;
        Some((crd, ch, newest.name.as_str()))
    })
}

/// Whether the schema has a property at `path` (list items are stepped into).
fn schema_has(registry: &Registry, schema: usize, path: &[&str]) -> bool {
    let mut id = schema;
    for key in path {
        let mut node = registry.node(id);
        if let Some(item) = node.items {
            node = registry.node(item);
        }
        match node.property(key) {
            Some(child) => id = child,
            None => return false,
        }
    }
    true
}

fn path_of(keys: &[&str]) -> Vec<PathSegment> {
    keys.iter()
        .map(|k| PathSegment::Key((*k).to_owned()))
        .collect()
}

/// Removes and returns the value at `path`, and the mappings on the way that it leaves empty.
fn take_at(node: &mut Node, path: &[&str]) -> Option<Node> {
    let (first, rest) = path.split_first()?;
    let Value::Map(entries) = &mut node.value else {
        return None;
    };
    let i = entries.iter().position(|e| e.key == *first)?;
    if rest.is_empty() {
        return Some(entries.remove(i).value);
    }
    let child = &mut entries.get_mut(i)?.value;
    let taken = take_at(child, rest)?;
    if matches!(&child.value, Value::Map(m) if m.is_empty()) {
        entries.remove(i);
    }
    Some(taken)
}

fn get_at<'n>(node: &'n Node, path: &[&str]) -> Option<&'n Node> {
    path.iter().try_fold(node, |n, key| n.get(key))
}

/// Puts `value` at `path`, creating mappings on the way; `false` (and nothing changed at the
/// end of the path) when something that is not a mapping is in the way or the key is already
/// set: a move never overwrites, nor writes a key twice.
fn put_at(node: &mut Node, path: &[&str], value: Node) -> bool {
    let Some((first, rest)) = path.split_first() else {
        return false;
    };
    let span = node.span;
    let Value::Map(entries) = &mut node.value else {
        return false;
    };
    if rest.is_empty() {
        if entries.iter().any(|e| e.key == *first) {
            return false;
        }
        entries.push(Entry {
            key: (*first).to_owned(),
            key_span: span,
            value,
        });
        return true;
    }
    let index = match entries.iter().position(|e| e.key == *first) {
        Some(i) => i,
        None => {
            entries.push(Entry {
                key: (*first).to_owned(),
                key_span: span,
                value: Node {
                    value: Value::Map(Vec::new()),
                    span,
                },
            });
            entries.len() - 1
        }
    };
    match entries.get_mut(index) {
        Some(entry) => put_at(&mut entry.value, rest, value),
        None => false,
    }
}

/// Why an object stays unconverted.
struct Refusal {
    message: String,
    path: Vec<PathSegment>,
}

fn refuse(message: impl Into<String>, path: &[&str]) -> Refusal {
    Refusal {
        message: message.into(),
        path: path_of(path),
    }
}

/// What the target version requires that the object lacks and conversion cannot invent.
fn check_meaning(
    object: &Node,
    kind: &str,
    registry: &Registry,
    target_schema: usize,
    target: &str,
) -> Result<(), Refusal> {
    let spec = object.get("spec");
    let spec_node = registry
        .node(target_schema)
        .property("spec")
        .map(|s| registry.node(s));
    let hostnames_required = spec_node.is_some_and(|s| s.required.iter().any(|r| r == "hostnames"));
    let hostnames = match spec.and_then(|s| s.get("hostnames")).map(|h| &h.value) {
        Some(Value::Seq(items)) => items.len(),
        _ => 0,
    };
    if hostnames_required && hostnames == 0 {
        return Err(refuse(
            format!("{kind} in Gateway API {target} requires spec.hostnames, and this route has none (it matches every SNI); add the hostnames its clients send, then convert"),
            &["spec", "hostnames"],
        ));
    }
    let rules_schema = spec_node
        .and_then(|s| s.property("rules"))
        .map(|r| registry.node(r));
    let rules = match spec.and_then(|s| s.get("rules")).map(|r| &r.value) {
        Some(Value::Seq(items)) => items.as_slice(),
        _ => &[],
    };
    if let Some(max) = rules_schema.and_then(|r| r.max_items) {
        if rules.len() as u64 > max && kind != "HTTPRoute" && kind != "GRPCRoute" {
            return Err(refuse(
                format!("{kind} in Gateway API {target} allows at most {max} rule, and this route has {}; merging rules would change how traffic is split, so split the route, then convert", rules.len()),
                &["spec", "rules"],
            ));
        }
    }
    let backends_required = rules_schema.and_then(|r| r.items).is_some_and(|item| {
        registry
            .node(item)
            .required
            .iter()
            .any(|r| r == "backendRefs")
    });
    for (i, rule) in rules.iter().enumerate() {
        let none = match rule.get("backendRefs").map(|b| &b.value) {
            Some(Value::Seq(items)) => items.is_empty(),
            _ => true,
        };
        if backends_required && none {
            return Err(Refusal {
                message: format!("{kind} in Gateway API {target} requires backendRefs in every rule, and rule {i} has none (its connections are rejected); add a backend, then convert"),
                path: vec![
                    PathSegment::Key("spec".to_owned()),
                    PathSegment::Key("rules".to_owned()),
                    PathSegment::Index(i),
                    PathSegment::Key("backendRefs".to_owned()),
                ],
            });
        }
    }
    if kind == "Gateway" {
        let listeners = match spec.and_then(|s| s.get("listeners")).map(|l| &l.value) {
            Some(Value::Seq(items)) => items.as_slice(),
            _ => &[],
        };
        let kept = schema_has(
            registry,
            target_schema,
            &["spec", "listeners", "tls", "frontendValidation"],
        );
        let frontend = schema_has(registry, target_schema, &["spec", "tls", "frontend"]);
        for (i, listener) in listeners.iter().enumerate() {
            let has = listener
                .get("tls")
                .and_then(|t| t.get("frontendValidation"))
                .is_some();
            if has && !kept {
                let hint = if frontend {
                    "; there, client certificates are validated per port in spec.tls.frontend, not per listener (GEP-91): move it by hand, then convert"
                } else {
                    ""
                };
                return Err(Refusal {
                    message: format!(
                        "listener tls.frontendValidation is not in Gateway API {target}{hint}"
                    ),
                    path: vec![
                        PathSegment::Key("spec".to_owned()),
                        PathSegment::Key("listeners".to_owned()),
                        PathSegment::Index(i),
                        PathSegment::Key("tls".to_owned()),
                        PathSegment::Key("frontendValidation".to_owned()),
                    ],
                });
            }
        }
    }
    Ok(())
}

/// The version part of the object's `apiVersion`.
fn version_of(object: &Node) -> Option<&str> {
    object
        .get_str("apiVersion")?
        .split_once('/')
        .map(|(_, v)| v)
}

/// BackendTLSPolicy v1alpha2 (Gateway API v1.0) to the v1alpha3 shape that v1 kept: the single
/// `spec.targetRef` becomes `spec.targetRefs`, `spec.tls` becomes `spec.validation`, with
/// `caCertRefs` -> `caCertificateRefs` and `wellKnownCACerts` -> `wellKnownCACertificates`
/// (`apis/v1alpha2/backendtlspolicy_types.go` of v1.0 against `apis/v1alpha3` of v1.2.1).
fn backend_tls_policy_from_v1alpha2(object: &mut Node, target: &str) -> Result<Vec<Step>, Refusal> {
    let namespace = object
        .get("metadata")
        .and_then(|m| m.get_str("namespace"))
        .unwrap_or_default()
        .to_owned();
    let mut changes = Vec::new();
    let reason = |from: &str, to: &str| {
        format!("BackendTLSPolicy v1alpha2 {from} is {to} from v1alpha3 on; Gateway API {target} has no v1alpha2")
    };
    if let Some(target_ref) = get_at(object, &["spec", "targetRef"]) {
        let ref_namespace = target_ref.get_str("namespace").unwrap_or_default();
        if !ref_namespace.is_empty() && ref_namespace != namespace {
            return Err(refuse(
                format!("spec.targetRef names namespace {ref_namespace:?}; from v1alpha3 on, a BackendTLSPolicy targets only objects in its own namespace, so move the policy there, then convert"),
                &["spec", "targetRef", "namespace"],
            ));
        }
    }
    if let Some(mut target_ref) = take_at(object, &["spec", "targetRef"]) {
        let old = target_ref.clone();
        if let Value::Map(entries) = &mut target_ref.value {
            entries.retain(|e| e.key != "namespace");
        }
        let span = target_ref.span;
        let list = Node {
            value: Value::Seq(vec![target_ref]),
            span,
        };
        if !put_at(object, &["spec", "targetRefs"], list.clone()) {
            return Err(refuse(
                "both spec.targetRef and spec.targetRefs are set; keep one, then convert",
                &["spec", "targetRefs"],
            ));
        }
        let why = reason("spec.targetRef", "the list spec.targetRefs");
        changes.push((
            path_of(&["spec", "targetRef"]),
            Some(old),
            None,
            ChangeKind::Move,
            why.clone(),
        ));
        changes.push((
            path_of(&["spec", "targetRefs"]),
            None,
            Some(list),
            ChangeKind::Move,
            why,
        ));
    }
    if let Some(mut tls) = take_at(object, &["spec", "tls"]) {
        let old = tls.clone();
        if let Value::Map(entries) = &mut tls.value {
            for entry in entries.iter_mut() {
                match entry.key.as_str() {
                    "caCertRefs" => entry.key = "caCertificateRefs".to_owned(),
                    "wellKnownCACerts" => entry.key = "wellKnownCACertificates".to_owned(),
                    _ => {}
                }
            }
        }
        if let Value::Map(entries) = &tls.value {
            let mut keys = std::collections::HashSet::new();
            if let Some(twice) = entries.iter().find(|e| !keys.insert(e.key.as_str())) {
                return Err(refuse(
                    format!("spec.tls sets both the v1alpha2 and the v1alpha3 name of {}; keep one, then convert", twice.key),
                    &["spec", "tls"],
                ));
            }
        }
        if !put_at(object, &["spec", "validation"], tls.clone()) {
            return Err(refuse(
                "both spec.tls and spec.validation are set; keep one, then convert",
                &["spec", "validation"],
            ));
        }
        let why = reason(
            "spec.tls (caCertRefs, wellKnownCACerts, hostname)",
            "spec.validation (caCertificateRefs, wellKnownCACertificates, hostname)",
        );
        changes.push((
            path_of(&["spec", "tls"]),
            Some(old),
            None,
            ChangeKind::Move,
            why.clone(),
        ));
        changes.push((
            path_of(&["spec", "validation"]),
            None,
            Some(tls),
            ChangeKind::Move,
            why,
        ));
    }
    Ok(changes)
}

/// One change of a conversion: path, old value, new value, kind, reason.
type Step = (
    Vec<PathSegment>,
    Option<Node>,
    Option<Node>,
    ChangeKind,
    String,
);

/// Converts one object in place, returning its changes; `Err` leaves it as it was.
/// Where an object goes: the release, its kind's new group, kind, version and schema.
struct Target<'a> {
    release: &'a str,
    registry: &'a Registry,
    renames: &'a [Rename],
    group: &'a str,
    kind: &'a str,
    version: &'a str,
    schema: usize,
}

fn convert_object(
    object: &mut Node,
    old_kind: &str,
    to: &Target<'_>,
) -> Result<Vec<Step>, Refusal> {
    let Target {
        release: target,
        registry,
        group,
        kind,
        version: target_version,
        schema: target_schema,
        ..
    } = *to;
    let mut changes = Vec::new();
    if kind == "BackendTLSPolicy" && version_of(object) == Some("v1alpha2") {
        changes.extend(backend_tls_policy_from_v1alpha2(object, target)?);
    }
    check_meaning(object, kind, registry, target_schema, target)?;
    if old_kind != kind {
        if let (Some(node), Some((og, ok, _, _, when))) = (
            object_entry_mut(object, "kind"),
            to.renames.iter().find(|r| r.1 == old_kind),
        ) {
            let old = node.clone();
            node.value = Value::String(kind.to_owned());
            changes.push((
                path_of(&["kind"]),
                Some(old),
                Some(node.clone()),
                ChangeKind::Rename,
                format!("{ok} ({og}) became {kind} ({group}) in {when}; Gateway API {target} has no {ok}"),
            ));
        }
    }
    rename_references(object, to.renames, target, &mut changes);
    for (move_kind, old_path, new_path, when) in MOVES {
        if move_kind != kind {
            continue;
        }
        let (from, to) = if !schema_has(registry, target_schema, old_path)
            && schema_has(registry, target_schema, new_path)
        {
            (old_path, new_path)
        } else if !schema_has(registry, target_schema, new_path)
            && schema_has(registry, target_schema, old_path)
        {
            (new_path, old_path)
        } else {
            continue;
        };
        if get_at(object, from).is_none() {
            continue;
        }
        if get_at(object, to).is_some() {
            return Err(refuse(
                format!(
                    "both {} and {} are set; Gateway API {target} has only {}, so keep one, then convert",
                    from.join("."),
                    to.join("."),
                    to.join(".")
                ),
                from,
            ));
        }
        let Some(value) = take_at(object, from) else {
            continue;
        };
        if !put_at(object, to, value.clone()) {
            return Err(refuse(
                format!("{} is set but is not an object", to.join(".")),
                to,
            ));
        }
        let reason = format!(
            "moved from {} to {} ({when}); Gateway API {target} has only {}",
            from.join("."),
            to.join("."),
            to.join(".")
        );
        changes.push((
            path_of(from),
            Some(value.clone()),
            None,
            ChangeKind::Move,
            reason.clone(),
        ));
        changes.push((path_of(to), None, Some(value), ChangeKind::Move, reason));
    }
    let new_api_version = format!("{group}/{target_version}");
    let old = object.get("apiVersion").cloned();
    if old.as_ref().and_then(|o| o.value.as_str()) != Some(new_api_version.as_str()) {
        let span = object.span;
        let value = Node {
            value: Value::String(new_api_version),
            span,
        };
        match object_entry_mut(object, "apiVersion") {
            Some(av) => *av = value.clone(),
            None => {
                put_at(object, &["apiVersion"], value.clone());
            }
        }
        changes.push((
            path_of(&["apiVersion"]),
            old,
            Some(value),
            ChangeKind::ApiVersion,
            format!(
                "{target_version} is the newest version of {kind} that Gateway API {target} serves"
            ),
        ));
    }
    Ok(changes)
}

/// One object of the output: where it came from, what conversion did to it, and what the check
/// against the target release needs (which paths moved).
struct Converted<'o> {
    document_index: usize,
    /// The object as written.
    original: &'o Node,
    /// Paths conversion moved, to map the target's paths back to the input's.
    moves: Vec<Moved>,
    /// The target release has no such kind (said already): not checked against it.
    unchecked: bool,
    /// The conversion's changes (empty when the object is as written).
    changes: Vec<Step>,
    /// The kind, group and version the object converts to, for a refusal's message.
    into: String,
    /// Whether the input has errors in this document.
    input_errors: bool,
    /// Whether the output is the converted object (its changes are in the diff).
    changed: bool,
    /// The resource, as lint summarized the input.
    resource: crate::diagnostics::ResourceRef,
    summary: Option<&'o ResourceSummary>,
}

/// A moved field: from, to, and whether the value became the one item of a list
/// (`targetRef` -> `targetRefs[0]`).
struct Moved {
    from: Vec<PathSegment>,
    to: Vec<PathSegment>,
    wrapped: bool,
}

/// The moves among a conversion's steps: each is a removal followed by an addition.
fn moves_of(changes: &[Step]) -> Vec<Moved> {
    let mut moves = Vec::new();
    let mut from: Option<(&Vec<PathSegment>, &Node)> = None;
    for (path, old, new, kind, _) in changes {
        if *kind != ChangeKind::Move {
            continue;
        }
        match (old, new, from) {
            (Some(old), None, _) => from = Some((path, old)),
            (None, Some(new), Some((from_path, old))) => {
                moves.push(Moved {
                    from: from_path.clone(),
                    to: path.clone(),
                    wrapped: matches!(new.value, Value::Seq(_))
                        && !matches!(old.value, Value::Seq(_)),
                });
                from = None;
            }
            _ => from = None,
        }
    }
    moves
}

/// The input's path of a path in the converted object.
fn source_path(path: &[PathSegment], moves: &[Moved]) -> Vec<PathSegment> {
    for m in moves {
        if let Some(mut rest) = path.strip_prefix(m.to.as_slice()) {
            if m.wrapped {
                if let Some((PathSegment::Index(0), tail)) = rest.split_first() {
                    rest = tail;
                }
            }
            return m.from.iter().chain(rest).cloned().collect();
        }
    }
    path.to_vec()
}

/// An object of the input: the resource as written, and whether conversion changed it.
pub(crate) struct Written {
    pub resource: crate::diagnostics::ResourceRef,
    pub changed: bool,
}

/// What converting a text gives, before it is written out: shared by `convert` and
/// `upgrade_check`.
pub(crate) struct Run<'t> {
    pub index: crate::source::LineIndex<'t>,
    /// The input's lint findings, then the conversion's.
    pub findings: Vec<Finding>,
    pub resources: Vec<ResourceSummary>,
    pub outputs: Vec<Output>,
    pub diff: Vec<Change>,
    /// The output objects, in order: what each was as written, and whether it changed.
    pub objects: Vec<Written>,
    /// The input's release and the target release.
    pub source: &'static str,
    pub target: &'static str,
}

/// Converts every Gateway API object of a multi-document text to the target release. Never
/// fails on input: what cannot be converted is reported and kept as written.
pub fn convert(text: &str, options: &ConvertOptions) -> NormalizeResult {
    let mut run = run(text, options);
    let text = render(&run.outputs, options.format, &mut run.findings);
    let lint = finish(&run.index, run.findings, run.resources, run.target);
    assemble(text, run.outputs, run.diff, lint)
}

/// The lint options of the target release.
fn target_options(options: &ConvertOptions) -> LintOptions {
    LintOptions {
        gateway_api: match options.to {
            GatewayApiRelease::Auto => GatewayApiRelease::V1_6_1,
            release => release,
        },
        previous: None,
        ..options.lint.clone()
    }
}

/// Converts, and checks the output against the target release.
pub(crate) fn run<'t>(text: &'t str, options: &ConvertOptions) -> Run<'t> {
    let (analysis, originals) = analyze_with_originals(text, &options.lint);
    let registry = Registry::get();
    let target = match options.to {
        GatewayApiRelease::Auto => crate::schema::NEWEST_RELEASE,
        release => release.as_str(),
    };
    let target_lint = target_options(options);
    let renames = active_renames(registry, target, options.lint.channel);
    let by_document = resources_by_document(&analysis.resources, analysis.documents.len());
    let mut findings = analysis.findings;
    let mut outputs = Vec::new();
    let mut converted = Vec::new();
    for doc in &originals {
        let resource = by_document.get(doc.index).copied().flatten();
        let Some(original) = object_root(doc) else {
            if !doc.problems.is_empty() || doc.root.is_some() {
                outputs.push(raw_output(&analysis.index, doc));
            }
            continue;
        };
        let mut object = original.clone();
        let mut done = Converted {
            document_index: doc.index,
            original,
            moves: Vec::new(),
            unchecked: false,
            changes: Vec::new(),
            into: String::new(),
            input_errors: input_has_errors(&findings, doc.index),
            changed: false,
            resource: resource_ref(resource, doc.index),
            summary: resource,
        };
        if let Some((old_group, old_kind)) = gateway_kind(original) {
            let (group, kind) = renames
                .iter()
                .find(|(og, ok, _, _, _)| *og == old_group && *ok == old_kind)
                .map_or(
                    (old_group.clone(), old_kind.clone()),
                    |(_, _, ng, nk, _)| ((*ng).to_owned(), (*nk).to_owned()),
                );
            match target_version(registry, target, options.lint.channel, &group, &kind) {
                None => {
                    done.unchecked = true;
                    findings.push(done.finding(
                        "convert/kind-not-in-release",
                        Severity::Warning,
                        format!("Gateway API {target} has no {kind} in {group}; the object is left as written"),
                        Vec::new(),
                    ));
                }
                Some((crd, _, version)) => {
                    let schema = crd.version(version).map_or(0, |v| v.schema);
                    let to = Target {
                        release: target,
                        registry,
                        renames: &renames,
                        group: &group,
                        kind: &kind,
                        version,
                        schema,
                    };
                    match convert_object(&mut object, &old_kind, &to) {
                        Err(refusal) => {
                            object = original.clone();
                            findings.push(done.finding(
                                "convert/not-converted",
                                Severity::Warning,
                                refusal.message,
                                refusal.path,
                            ));
                        }
                        Ok(changes) => {
                            done.moves = moves_of(&changes);
                            done.changes = changes;
                            done.into = format!("{group}/{version}, this {kind}");
                        }
                    }
                }
            }
        }
        outputs.push(Output::Object(output_object(doc.index, resource, object)));
        converted.push(done);
    }
    let mut errors = target_findings(&outputs, converted.len(), &target_lint);
    let mut diff = Vec::new();
    for (done, (output, errors)) in converted.iter_mut().zip(
        outputs
            .iter_mut()
            .filter_map(|o| match o {
                Output::Object(obj) => Some(obj),
                Output::Raw { .. } => None,
            })
            .zip(errors.iter_mut()),
    ) {
        if done.changes.is_empty() {
            continue;
        }
        // A converted object that the target rejects while the input is clean stays as
        // written, unless the target rejects it as written too: then the target release, not
        // the conversion, is what breaks it, and it is reported below.
        if !done.input_errors && !errors.is_empty() {
            let as_written = target_findings_of(done.original, &target_lint);
            let added: Vec<&str> = errors
                .iter()
                .filter(|e| {
                    !as_written
                        .iter()
                        .any(|w| w.code == e.code && w.message == e.message)
                })
                .map(|e| e.message.as_str())
                .collect();
            if !added.is_empty() {
                let message = format!(
                    "converted to {} would not validate against Gateway API {target}, so it is left as written: {}",
                    done.into,
                    added.join("; ")
                );
                findings.push(done.finding(
                    "convert/not-converted",
                    Severity::Warning,
                    message,
                    Vec::new(),
                ));
                *output = output_object(done.document_index, done.summary, done.original.clone());
                *errors = as_written;
                done.changes.clear();
                done.moves.clear();
                continue;
            }
        }
        for (path, old, new, change_kind, reason) in done.changes.drain(..) {
            diff.push(Change::new(
                done.document_index,
                path,
                old.as_ref().map(to_json),
                new.as_ref().map(to_json),
                change_kind,
                reason,
            ));
        }
        done.changed = true;
    }
    let checked: Vec<Finding> = converted
        .iter()
        .zip(errors)
        .flat_map(|(done, errors)| {
            invalid_in_target(&findings, done, errors, analysis.release, target)
        })
        .collect();
    findings.extend(checked);
    let objects = converted
        .into_iter()
        .map(|c| Written {
            changed: c.changed,
            resource: c.resource,
        })
        .collect();
    Run {
        index: analysis.index,
        findings,
        resources: analysis.resources,
        outputs,
        diff,
        objects,
        source: analysis.release,
        target,
    }
}

impl Converted<'_> {
    /// A conversion diagnostic on this object, at the input's field `path` leads to.
    fn finding(
        &self,
        code: &'static str,
        severity: Severity,
        message: String,
        path: Vec<PathSegment>,
    ) -> Finding {
        let span = span_at(self.original, &path);
        Finding::new(code, severity, Source::Schema, message, span)
            .with_path(path)
            .with_resource(Some(self.resource.clone()))
    }
}

/// The error findings of linting the output objects against the target release, one list per
/// output object (`count` of them), paths in the output's structure.
fn target_findings(
    outputs: &[Output],
    count: usize,
    target_lint: &LintOptions,
) -> Vec<Vec<Diagnostic>> {
    let mut out: Vec<Vec<Diagnostic>> = Vec::new();
    out.resize_with(count, Vec::new);
    let texts: Vec<String> = outputs
        .iter()
        .filter_map(|o| match o {
            Output::Object(obj) => Some(to_yaml(&obj.object.0)),
            Output::Raw { .. } => None,
        })
        .collect();
    if texts.is_empty() {
        return out;
    }
    for finding in lint(&texts.join("---\n"), target_lint).diagnostics {
        if finding.severity != Severity::Error {
            continue;
        }
        let slot = finding
            .resource
            .as_ref()
            .and_then(|r| out.get_mut(r.document_index));
        if let Some(list) = slot {
            list.push(finding);
        }
    }
    out
}

/// The error findings of linting one object alone against the target release.
fn target_findings_of(object: &Node, target_lint: &LintOptions) -> Vec<Diagnostic> {
    lint(&to_yaml(object), target_lint)
        .diagnostics
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

/// `convert/invalid-in-target` for each of the object's errors against the target that the
/// input did not have in its own release: the target's field path, at the input's field the
/// path leads to (through moves).
fn invalid_in_target(
    source_findings: &[Finding],
    done: &Converted<'_>,
    errors: Vec<Diagnostic>,
    source: &str,
    target: &str,
) -> Vec<Finding> {
    if done.unchecked {
        return Vec::new();
    }
    let source_errors: Vec<&Finding> = source_findings
        .iter()
        .filter(|f| {
            f.severity == Severity::Error
                && f.resource
                    .as_ref()
                    .is_some_and(|r| r.document_index == done.document_index)
        })
        .collect();
    let mut out = Vec::new();
    for finding in errors {
        let path = source_path(&finding.path, &done.moves);
        if source_errors
            .iter()
            .any(|f| f.code == finding.code && f.path == path)
        {
            continue;
        }
        let message = if source_errors.is_empty() {
            format!(
                "valid in {source}, invalid in {target}: {}",
                finding.message
            )
        } else {
            format!(
                "not an error in {source}, an error in {target}: {}",
                finding.message
            )
        };
        let mut diagnostic = Finding::new(
            "convert/invalid-in-target",
            Severity::Error,
            Source::Schema,
            message,
            span_at(done.original, &path),
        )
        .with_path(finding.path)
        .with_resource(Some(done.resource.clone()));
        diagnostic.help = finding.help;
        out.push(diagnostic);
    }
    out
}

/// Group and kind of a Gateway API object.
fn gateway_kind(object: &Node) -> Option<(String, String)> {
    let (group, _) = object.get_str("apiVersion")?.split_once('/')?;
    let kind = object.get_str("kind")?;
    (is_gateway_api_group(group) && !kind.is_empty()).then(|| (group.to_owned(), kind.to_owned()))
}

/// Where a conversion diagnostic points: the key at `path` (the deepest one present), else the
/// object's `apiVersion` value, else the object.
fn span_at(object: &Node, path: &[PathSegment]) -> ByteSpan {
    let mut best = object.get("apiVersion").map_or(object.span, |n| n.span);
    let mut node = object;
    for segment in path {
        let next = match segment {
            PathSegment::Key(key) => node.entry(key).map(|e| {
                best = e.key_span;
                &e.value
            }),
            PathSegment::Index(i) => match &node.value {
                Value::Seq(items) => items.get(*i).inspect(|item| best = item.span),
                _ => None,
            },
        };
        match next {
            Some(n) => node = n,
            None => break,
        }
    }
    best
}

fn resource_ref(
    resource: Option<&ResourceSummary>,
    document_index: usize,
) -> crate::diagnostics::ResourceRef {
    crate::diagnostics::ResourceRef {
        api_version: resource.and_then(|r| r.api_version.clone()),
        kind: resource.and_then(|r| r.kind.clone()),
        namespace: resource.and_then(|r| r.namespace.clone()),
        name: resource.and_then(|r| r.name.clone()),
        document_index,
    }
}

fn input_has_errors(findings: &[Finding], document_index: usize) -> bool {
    findings.iter().any(|f| {
        f.severity == Severity::Error
            && f.resource
                .as_ref()
                .is_some_and(|r| r.document_index == document_index)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubernetes_version_priority() {
        let mut versions = ["v1alpha2", "v1", "v1beta1", "v1alpha3", "v2beta1", "foo"];
        versions.sort_by_key(|v| std::cmp::Reverse(version_rank(v)));
        assert_eq!(
            versions,
            ["v1", "v2beta1", "v1beta1", "v1alpha3", "v1alpha2", "foo"]
        );
    }

    fn path(text: &str) -> Vec<PathSegment> {
        text.split('.')
            .map(|s| match s.parse() {
                Ok(i) => PathSegment::Index(i),
                Err(_) => PathSegment::Key(s.to_owned()),
            })
            .collect()
    }

    /// The target's paths lead back through moved fields to where the input wrote them.
    #[test]
    fn target_paths_map_back_through_moves() {
        let node = |value| Node {
            value,
            span: ByteSpan::new(0, 0),
        };
        let step = |p: &str, old: Option<Node>, new: Option<Node>| -> Step {
            (path(p), old, new, ChangeKind::Move, String::new())
        };
        let map = || node(Value::Map(Vec::new()));
        let steps = [
            step("spec.targetRef", Some(map()), None),
            step("spec.targetRefs", None, Some(node(Value::Seq(vec![map()])))),
            step("spec.tls", Some(map()), None),
            step("spec.validation", None, Some(map())),
            (
                path("apiVersion"),
                None,
                None,
                ChangeKind::ApiVersion,
                String::new(),
            ),
        ];
        let moves = moves_of(&steps);
        assert_eq!(moves.len(), 2);
        for (target, source) in [
            ("spec.targetRefs.0.name", "spec.targetRef.name"),
            ("spec.validation.hostname", "spec.tls.hostname"),
            ("spec.validation", "spec.tls"),
            ("spec.other.0", "spec.other.0"),
        ] {
            assert_eq!(source_path(&path(target), &moves), path(source), "{target}");
        }
    }
}
