//! Preview: an SVG picture of the topology and one line of text per object, both built from
//! [`evaluate`](crate::evaluate)'s result (plus a few details read from the input: listener
//! protocols, route hostnames and backend ports).
//!
//! The picture reads top to bottom by default, in rows that wrap to the width it is shown at:
//! GatewayClasses, Gateways (and ListenerSets) with their listeners inside, routes, backends
//! (Services), the BackendTLSPolicies and ReferenceGrants, the CA ConfigMaps. Or left to right,
//! one column per kind. Nodes are coloured and marked by their computed condition. The SVG is
//! self-contained (no scripts, styles, fonts or links: it works under a strict CSP), escapes
//! every string from the input, and is byte-for-byte deterministic.

mod layout;
mod legend;
mod summary;
mod svg;
mod top_down;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::options::LintOptions;
use crate::status::{Condition, ObjectStatus};
use crate::status::{EvaluateResult, EvaluatedResource};
use crate::yaml::{Document, Node, Value};

/// The computed condition of a node, as its colour shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Tsify)]
#[serde(rename_all = "kebab-case")]
pub enum NodeState {
    /// Every condition gwlint computed for it is as a working object's would be.
    Accepted,
    /// Some condition failed, or the object is referenced but missing from the input.
    Problem,
    /// gwlint computes no condition for it (ReferenceGrants, ConfigMaps, objects only referenced).
    NotEvaluated,
    /// Not in the cluster as written: the API server rejects it, or a later document replaces it.
    NotInCluster,
}

impl NodeState {
    fn from_topology(state: &str) -> Self {
        match state {
            "accepted" => Self::Accepted,
            "problem" => Self::Problem,
            "rejected" | "replaced" => Self::NotInCluster,
            _ => Self::NotEvaluated,
        }
    }

    /// The words used in tooltips, the legend and summaries.
    pub fn label(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::Problem => "problem",
            Self::NotEvaluated => "not evaluated",
            Self::NotInCluster => "not in the cluster",
        }
    }
}

/// Which way the picture reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "kebab-case")]
pub enum PreviewDirection {
    /// Rows from GatewayClasses down to CA ConfigMaps, each wrapped to `maxWidth`; listeners
    /// drawn inside their Gateway. Drawn at scale 1 it is at most `maxWidth` wide.
    #[default]
    TopDown,
    /// One column per kind, as wide as the columns need (for pan and zoom).
    LeftRight,
}

/// The width a top-down picture is laid out for when none is given.
pub const DEFAULT_MAX_WIDTH: u32 = 960;
/// The narrowest and widest `maxWidth` accepted.
pub const MAX_WIDTH_RANGE: (u32, u32) = (240, 20_000);

/// How the picture is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    pub direction: PreviewDirection,
    /// CSS pixels the picture may take (top-down); clamped to [`MAX_WIDTH_RANGE`].
    pub max_width: u32,
}

impl Default for Layout {
    fn default() -> Self {
        Self {
            direction: PreviewDirection::TopDown,
            max_width: DEFAULT_MAX_WIDTH,
        }
    }
}

/// Options of `preview`: the options of `evaluate` plus the picture's layout.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PreviewOptions {
    #[serde(flatten)]
    pub lint: LintOptions,
    /// The width in CSS pixels the picture will be shown at, such as its panel's width
    /// (default 960; a whole number from 240 to 20000). Top-down, the SVG's `width` (and its
    /// `viewBox`) is at most this, so drawn at its own size every text is at least 10 px.
    #[serde(default)]
    #[tsify(optional, type = "number")]
    pub max_width: Option<GivenWidth>,
    /// `"top-down"` (the default) or `"left-right"`.
    #[serde(default)]
    #[tsify(optional)]
    pub direction: Option<PreviewDirection>,
}

/// `maxWidth` as given: a number (not yet checked), or anything else, kept for the message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum GivenWidth {
    Number(f64),
    Other(serde_json::Value),
}

impl std::fmt::Display for GivenWidth {
    /// As JavaScript writes it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Number(w) if w.is_infinite() => {
                write!(f, "{}Infinity", if *w < 0.0 { "-" } else { "" })
            }
            Self::Number(w) => write!(f, "{w}"),
            Self::Other(v) => write!(f, "{v}"),
        }
    }
}

impl PreviewOptions {
    /// The layout asked for, or why the options are wrong (for an `Error`).
    pub fn layout(&self) -> Result<Layout, String> {
        let (min, max) = MAX_WIDTH_RANGE;
        let max_width = match &self.max_width {
            None => DEFAULT_MAX_WIDTH,
            Some(GivenWidth::Number(w))
                if w.fract() == 0.0 && *w >= f64::from(min) && *w <= f64::from(max) =>
            {
                // A whole number in range: the conversion is exact.
                *w as u32
            }
            Some(given) => {
                return Err(format!(
                    "maxWidth must be a whole number from {min} to {max}; got {given}"
                ))
            }
        };
        Ok(Layout {
            direction: self.direction.unwrap_or_default(),
            max_width,
        })
    }
}

/// One line of the text summary: one per object of the input, in document order.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(missing_as_null)]
pub struct SummaryLine {
    pub document_index: usize,
    pub kind: String,
    pub namespace: Option<String>,
    pub name: String,
    pub state: NodeState,
    /// E.g. `TLSRoute shop/payments -> Gateway infra/edge listener tls-443 (Passthrough),
    /// hostname pay.example.com, backend payments:8443, TLS by BackendTLSPolicy payments-tls`.
    pub text: String,
}

/// What `preview` returns.
#[derive(Clone, Debug, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PreviewResult {
    /// A standalone SVG document (`role="img"`, with `<title>` and `<desc>`).
    pub svg: String,
    pub summary: Vec<SummaryLine>,
    /// Topology nodes left out of the picture: a column draws at most 500 boxes (problems
    /// first); the rest are counted in its last box.
    pub omitted_nodes: usize,
    /// The release evaluated against (`"auto"` resolved).
    pub gateway_api: String,
}

/// Most nodes drawn in one column; the others are summarised in one box.
pub const MAX_NODES_PER_COLUMN: usize = 500;

/// Lints, evaluates and draws a multi-document text, top-down for the default width.
pub fn preview(text: &str, options: &LintOptions) -> PreviewResult {
    preview_with_layout(text, options, Layout::default())
}

/// Lints, evaluates and draws a multi-document text with the given layout.
pub fn preview_with_layout(text: &str, options: &LintOptions, layout: Layout) -> PreviewResult {
    // One parse: the evaluation, and the documents as written, which the picture describes.
    let (evaluation, documents) = crate::driver::evaluate_with_originals(text, options);
    draw(&evaluation, &documents, layout)
}

/// [`preview_with_layout`] through an editor's [`Linter`](crate::Linter), with its options: the
/// unchanged documents are not linted again, and the text the linter evaluated last is not
/// evaluated again. The picture reads the linted trees (with defaults), which draw the same.
pub fn preview_with_linter(
    linter: &mut crate::Linter,
    text: &str,
    layout: Layout,
) -> PreviewResult {
    let (evaluation, documents) = linter.evaluate_with_documents(text);
    draw(&evaluation, &documents, layout)
}

/// Draws an evaluation of `documents`.
fn draw(evaluation: &EvaluateResult, documents: &[Document], layout: Layout) -> PreviewResult {
    let roots: HashMap<usize, &Node> = documents
        .iter()
        .filter_map(|d| d.root.as_ref().map(|r| (d.index, r)))
        .collect();
    let mut evaluation_messages: HashMap<usize, Vec<&str>> = HashMap::new();
    for d in &evaluation.diagnostics {
        if d.source == crate::diagnostics::Source::Evaluation {
            if let Some(r) = &d.resource {
                evaluation_messages
                    .entry(r.document_index)
                    .or_default()
                    .push(&d.message);
            }
        }
    }
    let input = Input {
        evaluation,
        roots,
        resources: evaluation
            .resources
            .iter()
            // Reversed, so that the first object of a document wins.
            .rev()
            .map(|r| (r.document_index, r))
            .collect(),
        evaluation_messages,
    };
    let graph = layout::Graph::build(&input);
    let omitted_nodes = graph.omitted;
    let placed = match layout.direction {
        PreviewDirection::TopDown => top_down::place(&graph, i64::from(layout.max_width)),
        PreviewDirection::LeftRight => layout::place(&graph),
    };
    PreviewResult {
        svg: svg::render(&graph, &placed, layout.direction),
        summary: summary::lines(&input),
        omitted_nodes,
        gateway_api: evaluation.gateway_api.clone(),
    }
}

/// The evaluation and the parsed documents it came from.
pub(crate) struct Input<'a> {
    pub evaluation: &'a EvaluateResult,
    pub roots: HashMap<usize, &'a Node>,
    resources: HashMap<usize, &'a EvaluatedResource>,
    /// The messages of evaluation diagnostics, per document.
    evaluation_messages: HashMap<usize, Vec<&'a str>>,
}

impl<'a> Input<'a> {
    fn resource(&self, document_index: usize) -> Option<&'a EvaluatedResource> {
        self.resources.get(&document_index).copied()
    }

    fn spec(&self, document_index: usize) -> Option<&'a Node> {
        self.roots.get(&document_index).and_then(|r| r.get("spec"))
    }

    /// The listener named `name` of the Gateway in document `document_index`.
    fn listener(&self, document_index: usize, name: &str) -> Option<&'a Node> {
        items(self.spec(document_index).and_then(|s| s.get("listeners")))
            .iter()
            .find(|l| l.get_str("name") == Some(name))
    }
}

/// The items of a list node; none for anything else.
fn items(node: Option<&Node>) -> &[Node] {
    match node.map(|n| &n.value) {
        Some(Value::Seq(items)) => items,
        _ => &[],
    }
}

fn int(node: Option<&Node>) -> Option<i64> {
    match node.map(|n| &n.value) {
        Some(Value::Int(i)) => Some(*i),
        _ => None,
    }
}

/// `HTTP`, `HTTPS 443`... and the TLS mode of TLS listeners (`Passthrough`; default `Terminate`).
fn listener_protocol(listener: &Node) -> (String, Option<String>) {
    let protocol = listener.get_str("protocol").unwrap_or_default().to_owned();
    let mode = if protocol == "TLS" || protocol == "HTTPS" {
        Some(
            listener
                .get("tls")
                .and_then(|t| t.get_str("mode"))
                .unwrap_or("Terminate")
                .to_owned(),
        )
    } else {
        None
    };
    (protocol, mode)
}

/// `Accepted=False (NotAllowedByListeners)`, with the message when `message` is set.
fn condition_text(c: &Condition, message: bool) -> String {
    let status = match c.status {
        crate::status::ConditionStatus::True => "True",
        crate::status::ConditionStatus::False => "False",
        crate::status::ConditionStatus::Unknown => "Unknown",
    };
    let mut out = format!("{}={status} ({})", c.condition_type, c.reason);
    if message && !c.message.is_empty() {
        out.push_str(": ");
        out.push_str(&c.message);
    }
    out
}

/// The conditions of an object's status, each with the parent or ancestor it is for.
fn conditions(status: &ObjectStatus) -> Vec<(Option<String>, &Condition)> {
    match status {
        ObjectStatus::Gateway(s) => s.conditions.iter().map(|c| (None, c)).collect(),
        ObjectStatus::GatewayClass(s) => s.conditions.iter().map(|c| (None, c)).collect(),
        ObjectStatus::Route(s) => s
            .parents
            .iter()
            .flat_map(|p| {
                let parent = parent_label(&p.parent_ref);
                p.conditions.iter().map(move |c| (Some(parent.clone()), c))
            })
            .collect(),
        ObjectStatus::Policy(s) => s
            .ancestors
            .iter()
            .flat_map(|a| {
                let ancestor = parent_label(&a.ancestor_ref);
                a.conditions
                    .iter()
                    .map(move |c| (Some(ancestor.clone()), c))
            })
            .collect(),
    }
}

fn parent_label(p: &crate::status::ParentRef) -> String {
    let mut out = format!("{} {}", p.kind, qualified(p.namespace.as_deref(), &p.name));
    if let Some(section) = &p.section_name {
        out.push_str(&format!(" section {section}"));
    }
    if let Some(port) = p.port {
        out.push_str(&format!(" port {port}"));
    }
    out
}

/// `namespace/name`, or `name` for cluster-scoped objects.
fn qualified(namespace: Option<&str>, name: &str) -> String {
    match namespace {
        Some(ns) if !ns.is_empty() => format!("{ns}/{name}"),
        _ => name.to_owned(),
    }
}

/// Most conditions quoted in one reason, so that a tooltip stays readable.
const MAX_QUOTED_CONDITIONS: usize = 4;

/// Why an object is in its state: its failing conditions (with messages when `message`);
/// for a problem that no condition shows (a policy without ancestors...), the evaluation's
/// diagnostics on the object; else its good conditions. `None` when there is nothing to say.
fn reason(input: &Input<'_>, document_index: usize, message: bool) -> Option<String> {
    let all = input
        .resource(document_index)
        .and_then(|r| r.status.as_ref())
        .map(conditions)
        .unwrap_or_default();
    let failing: Vec<_> = all.iter().filter(|(_, c)| !c.healthy()).collect();
    if failing.is_empty() {
        let diagnostics: Vec<String> = input
            .evaluation_messages
            .get(&document_index)
            .map(|m| m.iter().map(|s| (*s).to_owned()).collect())
            .unwrap_or_default();
        if !diagnostics.is_empty() {
            return Some(quote(&diagnostics));
        }
    }
    let chosen: Vec<String> = if failing.is_empty() {
        all.iter().collect()
    } else {
        failing
    }
    .iter()
    .map(|(parent, c)| match parent {
        Some(p) => format!("{} for {p}", condition_text(c, message)),
        None => condition_text(c, message),
    })
    .collect();
    (!chosen.is_empty()).then(|| quote(&chosen))
}

/// The first few of `parts`, joined by `; `.
fn quote(parts: &[String]) -> String {
    let mut out: Vec<&str> = parts
        .iter()
        .take(MAX_QUOTED_CONDITIONS)
        .map(String::as_str)
        .collect();
    let more = format!(
        "and {} more",
        parts.len().saturating_sub(MAX_QUOTED_CONDITIONS)
    );
    if parts.len() > MAX_QUOTED_CONDITIONS {
        out.push(&more);
    }
    out.join("; ")
}
