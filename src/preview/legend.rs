//! How states and edges look, and the legend that says so, wrapped to the picture's width.
//!
//! The glyphs are the playground's: ✓ accepted, ✗ problem, ○ not evaluated (as its topology tree
//! and Status tab mark them), and ✗ on a dashed white box for objects not in the cluster (the
//! Status tab's mark for a rejected or replaced object). The dashed outline tells the last two
//! apart without colour.

use super::NodeState;
use crate::status::EdgeKind;

/// Every state, in the legend's order.
pub const STATES: [NodeState; 4] = [
    NodeState::Accepted,
    NodeState::Problem,
    NodeState::NotEvaluated,
    NodeState::NotInCluster,
];

/// How a state is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StateStyle {
    pub fill: &'static str,
    pub stroke: &'static str,
    pub glyph: &'static str,
    /// `stroke-dasharray` of the outline, if dashed.
    pub dash: Option<&'static str>,
}

pub fn state_style(state: NodeState) -> StateStyle {
    let (fill, stroke, glyph, dash) = match state {
        NodeState::Accepted => ("#e6f4ea", "#1e8e3e", "✓", None),
        NodeState::Problem => ("#fce8e6", "#d93025", "✗", None),
        NodeState::NotEvaluated => ("#f1f3f4", "#80868b", "○", None),
        NodeState::NotInCluster => ("#ffffff", "#a50e0e", "✗", Some("5 3")),
    };
    StateStyle {
        fill,
        stroke,
        glyph,
        dash,
    }
}

/// The class of a node of that state (`node accepted`...).
pub fn state_class(state: NodeState) -> &'static str {
    match state {
        NodeState::Accepted => "accepted",
        NodeState::Problem => "problem",
        NodeState::NotEvaluated => "not-evaluated",
        NodeState::NotInCluster => "not-in-cluster",
    }
}

/// Stroke and dashes of an edge.
pub fn edge_style(kind: EdgeKind) -> (&'static str, Option<&'static str>) {
    match kind {
        EdgeKind::AttachesTo | EdgeKind::RoutesTo => ("#9aa0a6", None),
        EdgeKind::Targets | EdgeKind::UsesCa => ("#7b61ff", Some("6 3")),
        EdgeKind::Permits => ("#b06000", Some("2 3")),
    }
}

/// The edge entries: a kind standing for its style, and the words.
const EDGES: [(EdgeKind, &str); 3] = [
    (EdgeKind::RoutesTo, "attaches / routes"),
    (EdgeKind::Targets, "policy target / CA"),
    (EdgeKind::Permits, "grant applies to"),
];

/// The legend's font size; no text of the picture is smaller than 10.
pub const FONT_SIZE: i64 = 11;
/// A generous width of one character at [`FONT_SIZE`], so that entries never run into each other.
const CHAR_WIDTH: i64 = 7;
const LINE_HEIGHT: i64 = 22;
/// Space after an entry.
const SPACING: i64 = 18;
/// The swatch (a state's box, an edge's line) and the space after it.
const STATE_SWATCH: i64 = 14 + 6;
const EDGE_SWATCH: i64 = 24 + 6;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    State(NodeState),
    Edge(EdgeKind, &'static str),
}

impl Entry {
    /// The text after the swatch.
    pub fn text(self) -> String {
        match self {
            Self::State(state) => format!("{} {}", state_style(state).glyph, state.label()),
            Self::Edge(_, words) => words.to_owned(),
        }
    }

    /// The swatch's width plus its space.
    pub fn swatch(self) -> i64 {
        match self {
            Self::State(_) => STATE_SWATCH,
            Self::Edge(..) => EDGE_SWATCH,
        }
    }

    fn width(self) -> i64 {
        let chars = i64::try_from(self.text().chars().count()).unwrap_or(i64::MAX / 8);
        self.swatch() + chars * CHAR_WIDTH
    }
}

/// The placed legend: each entry at its top-left corner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Legend {
    pub entries: Vec<(i64, i64, Entry)>,
    /// From the legend's top to the first thing below it.
    pub height: i64,
    /// The right end of the widest line.
    pub right: i64,
}

/// Lays the entries out from `left` to `right`, starting a line where the next would not fit;
/// the first line's top is the picture's margin, `left`.
pub fn place(left: i64, right: i64) -> Legend {
    let entries = STATES
        .iter()
        .map(|&s| Entry::State(s))
        .chain(EDGES.iter().map(|&(k, w)| Entry::Edge(k, w)));
    let mut placed = Vec::new();
    let (mut x, mut y) = (left, left);
    let mut widest = left;
    for entry in entries {
        let width = entry.width();
        if x > left && x + width > right {
            x = left;
            y += LINE_HEIGHT;
        }
        placed.push((x, y, entry));
        widest = widest.max(x + width);
        x += width + SPACING;
    }
    Legend {
        entries: placed,
        height: y - left + LINE_HEIGHT + 6,
        right: widest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_narrow_legend_wraps_and_keeps_within_its_width() {
        let wide = place(16, 2000);
        assert_eq!(wide.height, 28, "one line");
        let narrow = place(16, 300);
        assert!(narrow.height > 28 * 2, "{narrow:?}");
        assert!(narrow.right <= 300, "{narrow:?}");
        assert_eq!(narrow.entries.len(), STATES.len() + EDGES.len());
        for pair in narrow.entries.windows(2) {
            if let [(xa, ya, a), (xb, yb, _)] = pair {
                assert!(yb > ya || *xb >= xa + a.width(), "{pair:?}");
            }
        }
    }
}
