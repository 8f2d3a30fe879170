//! The picture's graph, and its left-to-right layered layout (the top-down one is in
//! `top_down.rs`).
//!
//! Each kind has a column (GatewayClass, Gateway, ListenerSet, Listener, Route, Service,
//! Policy/Grant, CA); empty columns are dropped. An edge spanning several columns passes through each column
//! between on a dummy slot, so it never crosses a node. Within columns, nodes are ordered by
//! barycenter sweeps (the ordering with the fewest crossings is kept), then placed near the
//! mean height of their neighbours with a fixed gap between slots: nodes never overlap.
//! Everything is integer arithmetic on sorted input: the same topology gives the same picture.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::legend::{self, Legend};
use super::{listener_protocol, qualified, Input, NodeState, MAX_NODES_PER_COLUMN};
use crate::status::ObjectStatus;
use crate::status::{EdgeKind, TopologyNode};

pub const NODE_WIDTH: i64 = 220;
pub const NODE_HEIGHT: i64 = 40;
pub const COLUMN_GAP: i64 = 90;
const NODE_GAP: i64 = 12;
const DUMMY_GAP: i64 = 6;
pub const MARGIN: i64 = 16;
/// The column headers' band, below the legend.
const HEADER_HEIGHT: i64 = 24;
const MIN_WIDTH: i64 = 760;
/// Most edges drawn (a wildcard ReferenceGrant can open many Services).
pub const MAX_EDGES: usize = 4000;
/// Ordering sweeps (one down and one up each).
const SWEEPS: usize = 6;
/// Coordinate passes (alternately left to right and right to left).
const PASSES: usize = 4;

/// The column of listeners.
pub const LISTENER_COLUMN: usize = 3;

const COLUMN_TITLES: [&str; 8] = [
    "GatewayClass",
    "Gateway",
    "ListenerSet",
    "Listener",
    "Route",
    "Backend",
    "Policy / Grant",
    "CA certificates",
];

fn column_of(kind: &str) -> usize {
    match kind {
        "GatewayClass" => 0,
        "Gateway" => 1,
        "ListenerSet" | "XListenerSet" => 2,
        "Listener" => LISTENER_COLUMN,
        "HTTPRoute" | "GRPCRoute" | "TLSRoute" | "TCPRoute" | "UDPRoute" => 4,
        "BackendTLSPolicy" | "ReferenceGrant" => 6,
        "ConfigMap" => 7,
        _ => 5,
    }
}

/// A box of the picture.
#[derive(Clone, Debug)]
pub struct GraphNode {
    /// The topology node id (`Kind/namespace/name`...), or `more/<column>` for an overflow box.
    pub key: String,
    pub kind: String,
    /// The first line: the kind and namespace, or the protocol for listeners.
    pub heading: String,
    /// The second line: the name.
    pub name: String,
    pub state: NodeState,
    pub tooltip: String,
    /// Index among the drawn columns.
    pub column: usize,
    /// A box standing for the nodes a full column leaves out.
    pub overflow: bool,
}

/// An edge, from the left node to the right one.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct GraphEdge {
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
}

pub struct Graph {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
    /// Titles of the drawn columns.
    pub columns: Vec<&'static str>,
    /// Which column each drawn column is (an index of the full list, as [`LISTENER_COLUMN`]).
    pub column_ids: Vec<usize>,
    /// Topology nodes not drawn.
    pub omitted: usize,
    /// Edges not drawn (beyond [`MAX_EDGES`], or ending at a node not drawn).
    pub omitted_edges: usize,
    /// All topology nodes per state, drawn or not.
    pub counts: BTreeMap<NodeState, usize>,
}

impl Graph {
    pub(crate) fn build(input: &Input<'_>) -> Self {
        let topology = &input.evaluation.topology;
        let mut counts = BTreeMap::new();
        let mut by_column: BTreeMap<usize, Vec<(NodeState, &TopologyNode)>> = BTreeMap::new();
        for node in &topology.nodes {
            let state = NodeState::from_topology(&node.state);
            *counts.entry(state).or_insert(0) += 1;
            by_column
                .entry(column_of(&node.kind))
                .or_default()
                .push((state, node));
        }
        let column_ids: Vec<usize> = by_column.keys().copied().collect();
        let columns: Vec<&'static str> = column_ids
            .iter()
            .map(|&c| COLUMN_TITLES.get(c).copied().unwrap_or("Other"))
            .collect();
        let mut nodes = Vec::new();
        let mut index_of: HashMap<&str, usize> = HashMap::new();
        let mut omitted = 0;
        for (column, (_, mut members)) in by_column.into_iter().enumerate() {
            // Over the limit, problems are drawn first; the rest are counted in one box.
            let over = members.len() > MAX_NODES_PER_COLUMN;
            if over {
                members.sort_by(|a, b| {
                    (a.0 != NodeState::Problem, &a.1.id).cmp(&(b.0 != NodeState::Problem, &b.1.id))
                });
            }
            let kept = if over {
                MAX_NODES_PER_COLUMN - 1
            } else {
                members.len()
            };
            let (drawn, rest) = members.split_at(kept.min(members.len()));
            for &(state, node) in drawn {
                index_of.insert(node.id.as_str(), nodes.len());
                nodes.push(GraphNode {
                    key: node.id.clone(),
                    kind: node.kind.clone(),
                    heading: heading(input, node),
                    name: node.name.clone(),
                    state,
                    tooltip: tooltip(input, node, state),
                    column,
                    overflow: false,
                });
            }
            if !rest.is_empty() {
                omitted += rest.len();
                nodes.push(overflow_node(column, rest));
            }
        }
        let (edges, omitted_edges) = edges(input, &nodes, &index_of);
        Self {
            nodes,
            edges,
            columns,
            column_ids,
            omitted,
            omitted_edges,
            counts,
        }
    }
}

fn overflow_node(column: usize, rest: &[(NodeState, &TopologyNode)]) -> GraphNode {
    let mut per_state: BTreeMap<NodeState, usize> = BTreeMap::new();
    let mut kinds: BTreeSet<&str> = BTreeSet::new();
    for (state, node) in rest {
        *per_state.entry(*state).or_insert(0) += 1;
        kinds.insert(node.kind.as_str());
    }
    let states: Vec<String> = per_state
        .iter()
        .map(|(s, n)| format!("{n} {}", s.label()))
        .collect();
    let kinds: Vec<&str> = kinds.into_iter().collect();
    GraphNode {
        key: format!("more/{column}"),
        kind: kinds.join(", "),
        heading: format!("{} more not drawn", rest.len()),
        name: states.join(", "),
        state: if per_state.contains_key(&NodeState::Problem) {
            NodeState::Problem
        } else {
            NodeState::NotEvaluated
        },
        tooltip: format!(
            "{} more {} not drawn (at most {MAX_NODES_PER_COLUMN} per column): {}",
            rest.len(),
            kinds.join(", "),
            states.join(", ")
        ),
        column,
        overflow: true,
    }
}

/// The first line of a box: the kind and namespace, or for a listener its protocol and port.
fn heading(input: &Input<'_>, node: &TopologyNode) -> String {
    if node.kind != "Listener" {
        return match node.namespace.as_deref() {
            Some(ns) if !ns.is_empty() => format!("{} · {ns}", node.kind),
            _ => node.kind.clone(),
        };
    }
    let Some(listener) = node
        .document_index
        .and_then(|d| input.listener(d, &node.name))
    else {
        return node.kind.clone();
    };
    let (protocol, mode) = listener_protocol(listener);
    let mut out = format!("Listener {protocol}");
    if let Some(port) = super::int(listener.get("port")) {
        out.push_str(&format!("/{port}"));
    }
    if let Some(mode) = mode {
        out.push(' ');
        out.push_str(&mode);
    }
    out
}

/// `Kind namespace/name`, the state, and why.
fn tooltip(input: &Input<'_>, node: &TopologyNode, state: NodeState) -> String {
    let head = format!(
        "{} {}",
        node.kind,
        qualified(node.namespace.as_deref(), &node.name)
    );
    let reason = match (node.kind.as_str(), node.document_index) {
        (_, None) => Some("not in the input (only referenced)".to_owned()),
        ("Listener", Some(d)) => listener_reason(input, d, &node.name),
        ("ReferenceGrant", Some(d)) => Some(format!(
            "ReferenceGrants have no status; {}",
            super::summary::grant_rule(input, d)
        )),
        ("Service", Some(_)) => Some("in the input".to_owned()),
        (_, Some(d)) => super::reason(input, d, true)
            .or_else(|| Some("gwlint computes no status for this kind".to_owned())),
    };
    match reason {
        Some(reason) => format!("{head}\n{}: {reason}", state.label()),
        None => format!("{head}\n{}", state.label()),
    }
}

fn listener_reason(input: &Input<'_>, gateway_document: usize, name: &str) -> Option<String> {
    let Some(ObjectStatus::Gateway(status)) = input
        .resource(gateway_document)
        .and_then(|r| r.status.as_ref())
    else {
        return None;
    };
    let listener = status.listeners.iter().find(|l| l.name == name)?;
    let failing: Vec<String> = listener
        .conditions
        .iter()
        .filter(|c| !c.healthy())
        .map(|c| super::condition_text(c, true))
        .collect();
    let routes = format!("{} attached routes", listener.attached_routes);
    if failing.is_empty() {
        let good: Vec<String> = listener
            .conditions
            .iter()
            .map(|c| super::condition_text(c, false))
            .collect();
        Some(format!("{}; {routes}", good.join(", ")))
    } else {
        Some(format!("{}; {routes}", failing.join("; ")))
    }
}

/// The drawn edges, oriented left to right, sorted; and how many were left out.
fn edges(
    input: &Input<'_>,
    nodes: &[GraphNode],
    index_of: &HashMap<&str, usize>,
) -> (Vec<GraphEdge>, usize) {
    let topology = &input.evaluation.topology;
    let namespace_of: HashMap<&str, Option<&str>> = topology
        .nodes
        .iter()
        .map(|n| (n.id.as_str(), n.namespace.as_deref()))
        .collect();
    let mut out: BTreeSet<GraphEdge> = BTreeSet::new();
    let mut omitted = 0;
    let mut add = |a: &str, b: &str, kind: EdgeKind, out: &mut BTreeSet<GraphEdge>| {
        let (Some(&a), Some(&b)) = (index_of.get(a), index_of.get(b)) else {
            omitted += 1;
            return;
        };
        let (Some(na), Some(nb)) = (nodes.get(a), nodes.get(b)) else {
            return;
        };
        let (from, to) = match na.column.cmp(&nb.column) {
            std::cmp::Ordering::Less => (a, b),
            std::cmp::Ordering::Greater => (b, a),
            std::cmp::Ordering::Equal => return,
        };
        out.insert(GraphEdge { from, to, kind });
    };
    for edge in &topology.edges {
        if edge.kind != EdgeKind::Permits {
            add(&edge.from, &edge.to, edge.kind, &mut out);
            continue;
        }
        // A grant to Secrets applies to the listeners whose certificates it opens.
        if let Some(("Secret", target)) = edge.to.split_once('/') {
            let (ns, name) = target.split_once('/').unwrap_or((target, "*"));
            for listener in topology.nodes.iter().filter(|n| n.kind == "Listener") {
                if uses_secret(input, listener, ns, name) {
                    add(&edge.from, &listener.id, EdgeKind::Permits, &mut out);
                }
            }
            continue;
        }
        // `Kind/namespace/*`: the objects of that kind and namespace that a reference from
        // another namespace reaches (where the grant applies).
        if let Some(prefix) = edge.to.strip_suffix("/*") {
            let targets: BTreeSet<&str> = topology
                .edges
                .iter()
                .filter(|e| {
                    e.kind != EdgeKind::Permits
                        && e.to.rsplit_once('/').is_some_and(|(p, _)| p == prefix)
                        && namespace_of.get(e.from.as_str()) != namespace_of.get(e.to.as_str())
                })
                .map(|e| e.to.as_str())
                .collect();
            for target in targets {
                add(&edge.from, target, EdgeKind::Permits, &mut out);
            }
        } else if index_of.contains_key(edge.to.as_str()) {
            add(&edge.from, &edge.to, EdgeKind::Permits, &mut out);
        }
    }
    let mut edges: Vec<GraphEdge> = out.into_iter().collect();
    if edges.len() > MAX_EDGES {
        omitted += edges.len() - MAX_EDGES;
        edges.truncate(MAX_EDGES);
    }
    (edges, omitted)
}

/// Whether a listener's certificateRefs name a Secret in namespace `ns` (another namespace than
/// the listener's) called `name` (`*`: any).
fn uses_secret(input: &Input<'_>, listener: &TopologyNode, ns: &str, name: &str) -> bool {
    if listener.namespace.as_deref() == Some(ns) {
        return false;
    }
    let Some(node) = listener
        .document_index
        .and_then(|d| input.listener(d, &listener.name))
    else {
        return false;
    };
    super::items(node.get("tls").and_then(|t| t.get("certificateRefs")))
        .iter()
        .any(|r| {
            r.get_str("kind").unwrap_or("Secret") == "Secret"
                && r.get_str("group").unwrap_or_default().is_empty()
                && r.get_str("namespace") == Some(ns)
                && (name == "*" || r.get_str("name") == Some(name))
        })
}

/// A rectangle: a node's box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rect {
    pub x: i64,
    pub y: i64,
    pub width: i64,
    pub height: i64,
}

/// One step of an edge's path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// A curve between two columns, leaving and arriving horizontally.
    Curve(i64, i64),
    /// A curve between two rows, leaving and arriving vertically.
    Drop(i64, i64),
    /// A straight line (through a column, or along a gap between boxes).
    Line(i64, i64),
}

/// An edge's start point, then its steps.
pub type EdgePath = ((i64, i64), Vec<Step>);

/// A title over a column or a row: x, baseline y, text.
pub type Header = (i64, i64, &'static str);

pub struct Placed {
    pub width: i64,
    pub height: i64,
    /// One per graph node.
    pub rects: Vec<Rect>,
    /// One per graph edge; `None` for an edge the picture shows otherwise (a listener inside
    /// its Gateway).
    pub paths: Vec<Option<EdgePath>>,
    pub headers: Vec<Header>,
    /// The columns or bands, in the order drawn (for the `<desc>`).
    pub titles: Vec<&'static str>,
    pub legend: Legend,
    /// The box each node is drawn inside (listeners in their Gateway), if any.
    pub parents: Vec<Option<usize>>,
}

/// A slot in a column: a node, or a point an edge passes through.
struct Slot {
    column: usize,
    node: Option<usize>,
    /// Neighbours in the column to the left, and to the right.
    left: Vec<usize>,
    right: Vec<usize>,
}

impl Slot {
    fn height(&self) -> i64 {
        if self.node.is_some() {
            NODE_HEIGHT
        } else {
            0
        }
    }
}

pub fn place(graph: &Graph) -> Placed {
    let columns = graph.columns.len();
    let mut slots: Vec<Slot> = graph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| Slot {
            column: n.column,
            node: Some(i),
            left: Vec::new(),
            right: Vec::new(),
        })
        .collect();
    // Each edge's chain of slots, left to right.
    let mut chains: Vec<Vec<usize>> = Vec::with_capacity(graph.edges.len());
    for edge in &graph.edges {
        let (Some(from), Some(to)) = (graph.nodes.get(edge.from), graph.nodes.get(edge.to)) else {
            chains.push(Vec::new());
            continue;
        };
        let mut chain = vec![edge.from];
        for column in from.column + 1..to.column {
            chain.push(slots.len());
            slots.push(Slot {
                column,
                node: None,
                left: Vec::new(),
                right: Vec::new(),
            });
        }
        chain.push(edge.to);
        for pair in chain.windows(2) {
            if let [a, b] = pair {
                if let Some(s) = slots.get_mut(*a) {
                    s.right.push(*b);
                }
                if let Some(s) = slots.get_mut(*b) {
                    s.left.push(*a);
                }
            }
        }
        chains.push(chain);
    }
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); columns];
    for (i, slot) in slots.iter().enumerate() {
        if let Some(layer) = layers.get_mut(slot.column) {
            layer.push(i);
        }
    }
    let layers = order(&slots, layers);

    let width = (MARGIN * 2 + i64::try_from(columns).unwrap_or(0) * (NODE_WIDTH + COLUMN_GAP)
        - COLUMN_GAP)
        .max(MIN_WIDTH);
    let legend = legend::place(MARGIN, width - MARGIN);
    let top = MARGIN + legend.height + HEADER_HEIGHT;
    let tops = coordinates(&slots, &layers, top);

    let column_x: Vec<i64> = (0..columns)
        .map(|c| MARGIN + i64::try_from(c).unwrap_or(0) * (NODE_WIDTH + COLUMN_GAP))
        .collect();
    let x_of = |slot: usize| -> i64 {
        slots
            .get(slot)
            .and_then(|s| column_x.get(s.column))
            .copied()
            .unwrap_or(MARGIN)
    };
    let top_of = |slot: usize| tops.get(slot).copied().unwrap_or(top);
    let rects: Vec<Rect> = (0..graph.nodes.len())
        .map(|i| Rect {
            x: x_of(i),
            y: top_of(i),
            width: NODE_WIDTH,
            height: NODE_HEIGHT,
        })
        .collect();
    let paths = chains
        .iter()
        .map(|chain| {
            let mut steps = Vec::new();
            let (&first, rest) = chain.split_first()?;
            let start = (x_of(first) + NODE_WIDTH, top_of(first) + NODE_HEIGHT / 2);
            for (k, &slot) in rest.iter().enumerate() {
                let is_last = k + 1 == rest.len();
                if is_last {
                    steps.push(Step::Curve(x_of(slot), top_of(slot) + NODE_HEIGHT / 2));
                } else {
                    steps.push(Step::Curve(x_of(slot), top_of(slot)));
                    steps.push(Step::Line(x_of(slot) + NODE_WIDTH, top_of(slot)));
                }
            }
            Some((start, steps))
        })
        .collect();
    let bottom = slots
        .iter()
        .enumerate()
        .map(|(i, s)| top_of(i) + s.height())
        .max()
        .unwrap_or(top);
    let headers = graph
        .columns
        .iter()
        .zip(&column_x)
        .map(|(title, &x)| (x, top - HEADER_HEIGHT / 2, *title))
        .collect();
    Placed {
        width,
        height: bottom.max(top + NODE_HEIGHT) + MARGIN,
        rects,
        paths,
        headers,
        titles: graph.columns.clone(),
        legend,
        parents: vec![None; graph.nodes.len()],
    }
}

/// Position of each slot within its column.
fn positions(layers: &[Vec<usize>], slot_count: usize) -> Vec<usize> {
    let mut pos = vec![0; slot_count];
    for layer in layers {
        for (p, &s) in layer.iter().enumerate() {
            if let Some(x) = pos.get_mut(s) {
                *x = p;
            }
        }
    }
    pos
}

/// Barycenter sweeps; keeps the ordering with the fewest crossings.
fn order(slots: &[Slot], mut layers: Vec<Vec<usize>>) -> Vec<Vec<usize>> {
    let mut best = layers.clone();
    let mut best_crossings = crossings(slots, &layers);
    for _ in 0..SWEEPS {
        if best_crossings == 0 {
            break;
        }
        for down in [true, false] {
            let count = layers.len();
            for step in 1..count {
                let l = if down { step } else { count - 1 - step };
                let pos = positions(&layers, slots.len());
                let Some(layer) = layers.get_mut(l) else {
                    continue;
                };
                let mut keyed: Vec<(i64, usize, usize)> = layer
                    .iter()
                    .enumerate()
                    .map(|(p, &s)| {
                        let neighbours =
                            slots
                                .get(s)
                                .map(|slot| if down { &slot.left } else { &slot.right });
                        let key = match neighbours {
                            Some(n) if !n.is_empty() => {
                                let sum: usize =
                                    n.iter().map(|&o| pos.get(o).copied().unwrap_or(0)).sum();
                                // Scaled mean, so that integer keys keep fractions.
                                i64::try_from(sum * 1024 / n.len()).unwrap_or(i64::MAX)
                            }
                            _ => i64::try_from(p * 1024).unwrap_or(i64::MAX),
                        };
                        (key, p, s)
                    })
                    .collect();
                keyed.sort_unstable();
                *layer = keyed.into_iter().map(|(_, _, s)| s).collect();
            }
            let c = crossings(slots, &layers);
            if c < best_crossings {
                best_crossings = c;
                best = layers.clone();
            }
        }
    }
    best
}

/// Edge crossings between adjacent columns (counted with a Fenwick tree).
fn crossings(slots: &[Slot], layers: &[Vec<usize>]) -> usize {
    let pos = positions(layers, slots.len());
    let mut total = 0;
    for layer in layers {
        let mut segments: Vec<(usize, usize)> = layer
            .iter()
            .filter_map(|&s| slots.get(s).map(|slot| (s, slot)))
            .flat_map(|(s, slot)| {
                let pos = &pos;
                slot.right.iter().map(move |&r| {
                    (
                        pos.get(s).copied().unwrap_or(0),
                        pos.get(r).copied().unwrap_or(0),
                    )
                })
            })
            .collect();
        segments.sort_unstable();
        let size = segments.iter().map(|&(_, r)| r + 1).max().unwrap_or(0);
        let mut tree = vec![0usize; size + 1];
        for (seen, &(_, r)) in segments.iter().enumerate() {
            // Segments seen so far that end below r cross this one.
            let mut at_most = 0;
            let mut i = r + 1;
            while i > 0 {
                at_most += tree.get(i).copied().unwrap_or(0);
                i -= i & i.wrapping_neg();
            }
            total += seen - at_most;
            let mut i = r + 1;
            while i <= size {
                if let Some(t) = tree.get_mut(i) {
                    *t += 1;
                }
                i += i & i.wrapping_neg();
            }
        }
    }
    total
}

/// The gap kept below slot `a` when `b` follows it.
fn separation(slots: &[Slot], a: usize, b: usize) -> i64 {
    let (Some(sa), Some(sb)) = (slots.get(a), slots.get(b)) else {
        return NODE_GAP;
    };
    let gap = if sa.node.is_some() && sb.node.is_some() {
        NODE_GAP
    } else {
        DUMMY_GAP
    };
    sa.height() + gap
}

/// Top y of each slot: stacked, then moved toward the mean centre of its neighbours while
/// keeping the order and the gaps (the mean of a pushed-down and a pushed-up placement).
fn coordinates(slots: &[Slot], layers: &[Vec<usize>], top_y: i64) -> Vec<i64> {
    let mut top = vec![0i64; slots.len()];
    for layer in layers {
        let mut y = 0;
        let mut previous: Option<usize> = None;
        for &s in layer {
            if let Some(p) = previous {
                y += separation(slots, p, s);
            }
            if let Some(t) = top.get_mut(s) {
                *t = y;
            }
            previous = Some(s);
        }
    }
    let centre = |top: &[i64], s: usize| -> i64 {
        top.get(s).copied().unwrap_or(0) + slots.get(s).map_or(0, Slot::height) / 2
    };
    for pass in 0..PASSES {
        let left_to_right = pass % 2 == 0;
        let order: Vec<usize> = if left_to_right {
            (1..layers.len()).collect()
        } else {
            (0..layers.len().saturating_sub(1)).rev().collect()
        };
        for l in order {
            let Some(layer) = layers.get(l) else {
                continue;
            };
            let desired: Vec<i64> = layer
                .iter()
                .map(|&s| {
                    let slot = slots.get(s);
                    let neighbours = slot.map(|slot| {
                        if left_to_right {
                            &slot.left
                        } else {
                            &slot.right
                        }
                    });
                    match neighbours {
                        Some(n) if !n.is_empty() => {
                            let sum: i64 = n.iter().map(|&o| centre(&top, o)).sum();
                            sum / i64::try_from(n.len()).unwrap_or(1)
                                - slot.map_or(0, Slot::height) / 2
                        }
                        _ => top.get(s).copied().unwrap_or(0),
                    }
                })
                .collect();
            // Pushed down from the top, and pushed up from the bottom; both keep the gaps.
            let mut down = desired.clone();
            for i in 1..layer.len() {
                if let (Some(&a), Some(&b), Some(&above)) =
                    (layer.get(i - 1), layer.get(i), down.get(i - 1))
                {
                    let min = above + separation(slots, a, b);
                    if let Some(y) = down.get_mut(i) {
                        *y = (*y).max(min);
                    }
                }
            }
            let mut up = desired;
            for i in (1..layer.len()).rev() {
                if let (Some(&a), Some(&b), Some(&below)) =
                    (layer.get(i - 1), layer.get(i), up.get(i))
                {
                    let max = below - separation(slots, a, b);
                    if let Some(y) = up.get_mut(i - 1) {
                        *y = (*y).min(max);
                    }
                }
            }
            for (i, &s) in layer.iter().enumerate() {
                if let (Some(&d), Some(&u), Some(t)) = (down.get(i), up.get(i), top.get_mut(s)) {
                    *t = (d + u).div_euclid(2);
                }
            }
        }
    }
    let min = top.iter().copied().min().unwrap_or(0);
    top.iter_mut().for_each(|t| *t += top_y - min);
    top
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two columns of two slots; `edges` join left slot i to right slot j (slots 2 and 3).
    fn two_columns(edges: &[(usize, usize)]) -> Vec<Slot> {
        let mut slots: Vec<Slot> = (0..4)
            .map(|i| Slot {
                column: i / 2,
                node: Some(i),
                left: Vec::new(),
                right: Vec::new(),
            })
            .collect();
        for &(a, b) in edges {
            if let Some(s) = slots.get_mut(a) {
                s.right.push(b);
            }
            if let Some(s) = slots.get_mut(b) {
                s.left.push(a);
            }
        }
        slots
    }

    #[test]
    fn barycenter_sweeps_remove_a_crossing() {
        let slots = two_columns(&[(0, 3), (1, 2)]);
        let layers = vec![vec![0, 1], vec![2, 3]];
        assert_eq!(crossings(&slots, &layers), 1);
        let ordered = order(&slots, layers);
        assert_eq!(crossings(&slots, &ordered), 0);
    }

    #[test]
    fn placed_slots_keep_their_order_and_gaps() {
        // Both right slots want the centre of slot 0: they are kept apart by the gap.
        let slots = two_columns(&[(0, 2), (0, 3)]);
        let layers = vec![vec![0, 1], vec![2, 3]];
        let top = coordinates(&slots, &layers, 60);
        let (Some(&a), Some(&b)) = (top.get(2), top.get(3)) else {
            unreachable!("four slots placed");
        };
        assert!(b >= a + NODE_HEIGHT + NODE_GAP, "{a} {b}");
        assert!(top.iter().all(|&t| t >= 60));
    }
}
