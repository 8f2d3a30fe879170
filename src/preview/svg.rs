//! The SVG text. Presentation attributes only (no `<style>`, no `style=`, no scripts, fonts or
//! links), so it renders under a strict Content-Security-Policy; every string from the input is
//! escaped for XML text or attribute values.

use std::fmt::Write;

use super::layout::{
    Graph, Placed, Step, COLUMN_GAP, HEADER_HEIGHT, LEGEND_HEIGHT, MARGIN, NODE_WIDTH,
};
use super::NodeState;
use crate::status::EdgeKind;

/// Prefix of element ids, so that the picture can sit in a page with other content.
const ID_PREFIX: &str = "gwlint-preview";
/// Characters kept in a box's first (small) and second line.
const HEADING_CHARS: usize = 28;
const NAME_CHARS: usize = 27;

/// Text content: `&`, `<` and `>` escaped (so `]]>` cannot appear), and characters XML 1.0
/// forbids replaced by U+FFFD.
pub fn escape_text(s: &str) -> String {
    escape(s, false)
}

/// An attribute value in double quotes: also quotes escaped, and whitespace other than the
/// space as character references (a parser would normalise it otherwise).
pub fn escape_attr(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' if attribute => out.push_str("&#13;"),
            c => push_valid(&mut out, c),
        }
    }
    out
}

fn push_valid(out: &mut String, c: char) {
    let forbidden =
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}');
    out.push(if forbidden { '\u{FFFD}' } else { c });
}

/// At most `max` characters, the last one an ellipsis when cut.
fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// At most `max` characters, cut in the middle (names often differ only at their end).
fn truncate_middle(s: &str, max: usize) -> String {
    let count = s.chars().count();
    if count <= max {
        return s.to_owned();
    }
    let head = max.saturating_sub(1) / 2;
    let tail = max.saturating_sub(1) - head;
    let mut out: String = s.chars().take(head).collect();
    out.push('…');
    out.extend(s.chars().skip(count - tail));
    out
}

/// Fill, stroke and the glyph of a state (the glyph tells states apart without colour).
fn colours(state: NodeState) -> (&'static str, &'static str, &'static str) {
    match state {
        NodeState::Accepted => ("#e6f4ea", "#1e8e3e", "✓"),
        NodeState::Problem => ("#fce8e6", "#d93025", "!"),
        NodeState::NotEvaluated => ("#f1f3f4", "#80868b", "?"),
        NodeState::NotInCluster => ("#ffffff", "#a50e0e", "✗"),
    }
}

fn edge_style(kind: EdgeKind) -> (&'static str, Option<&'static str>) {
    match kind {
        EdgeKind::AttachesTo | EdgeKind::RoutesTo => ("#9aa0a6", None),
        EdgeKind::Targets | EdgeKind::UsesCa => ("#7b61ff", Some("6 3")),
        EdgeKind::Permits => ("#b06000", Some("2 3")),
    }
}

fn edge_class(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::AttachesTo => "attaches-to",
        EdgeKind::RoutesTo => "routes-to",
        EdgeKind::Targets => "targets",
        EdgeKind::Permits => "permits",
        EdgeKind::UsesCa => "uses-ca",
    }
}

pub fn render(graph: &Graph, placed: &Placed) -> String {
    let mut out = String::with_capacity(512 + graph.nodes.len() * 700 + graph.edges.len() * 200);
    let (w, h) = (placed.width, placed.height);
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{ID_PREFIX}-title {ID_PREFIX}-desc\" \
         viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" font-family=\"system-ui, sans-serif\" font-size=\"12\">"
    );
    let _ = writeln!(
        out,
        "<title id=\"{ID_PREFIX}-title\">Gateway API topology</title>"
    );
    let _ = writeln!(
        out,
        "<desc id=\"{ID_PREFIX}-desc\">{}</desc>",
        escape_text(&description(graph))
    );
    let _ = writeln!(out, "<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>");
    legend(&mut out);
    for (title, x) in graph.columns.iter().zip(&placed.column_x) {
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-weight=\"600\" fill=\"#3c4043\">{}</text>",
            x,
            MARGIN + LEGEND_HEIGHT + HEADER_HEIGHT / 2,
            escape_text(title)
        );
    }
    if graph.nodes.is_empty() {
        let _ = writeln!(
            out,
            "<text x=\"{MARGIN}\" y=\"{}\" fill=\"#5f6368\">No objects to draw.</text>",
            MARGIN + LEGEND_HEIGHT + HEADER_HEIGHT + 16
        );
    }
    out.push_str("<g class=\"edges\" fill=\"none\" stroke-width=\"1.2\">\n");
    for (edge, (start, steps)) in graph.edges.iter().zip(&placed.paths) {
        let (stroke, dash) = edge_style(edge.kind);
        let _ = write!(
            out,
            "<path class=\"edge {}\" data-from=\"{ID_PREFIX}-n{}\" data-to=\"{ID_PREFIX}-n{}\" stroke=\"{stroke}\"",
            edge_class(edge.kind),
            edge.from,
            edge.to
        );
        if let Some(dash) = dash {
            let _ = write!(out, " stroke-dasharray=\"{dash}\"");
        }
        let (mut x, mut y) = *start;
        let _ = write!(out, " d=\"M{x},{y}");
        let bend = COLUMN_GAP / 2;
        for step in steps {
            match *step {
                Step::Curve(qx, qy) => {
                    let _ = write!(out, " C{},{y} {},{qy} {qx},{qy}", x + bend, qx - bend);
                    (x, y) = (qx, qy);
                }
                Step::Line(qx, qy) => {
                    let _ = write!(out, " L{qx},{qy}");
                    (x, y) = (qx, qy);
                }
            }
        }
        out.push_str("\"/>\n");
    }
    out.push_str("</g>\n<g class=\"nodes\">\n");
    for (i, (node, rect)) in graph.nodes.iter().zip(&placed.rects).enumerate() {
        let (fill, stroke, glyph) = colours(node.state);
        let _ = writeln!(
            out,
            "<g id=\"{ID_PREFIX}-n{i}\" class=\"node {}\" data-id=\"{}\" data-kind=\"{}\">",
            if node.overflow {
                "more"
            } else {
                match node.state {
                    NodeState::Accepted => "accepted",
                    NodeState::Problem => "problem",
                    NodeState::NotEvaluated => "not-evaluated",
                    NodeState::NotInCluster => "not-in-cluster",
                }
            },
            escape_attr(&node.key),
            escape_attr(&node.kind)
        );
        let _ = writeln!(out, "<title>{}</title>", escape_text(&node.tooltip));
        let (fill, dash) = if node.overflow {
            ("#ffffff", " stroke-dasharray=\"4 3\"")
        } else {
            (fill, "")
        };
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"{dash}/>",
            rect.x, rect.y, rect.width, rect.height
        );
        let (x, y) = (rect.x + 10, rect.y);
        let _ = writeln!(
            out,
            "<text x=\"{x}\" y=\"{}\" font-size=\"11\" fill=\"#5f6368\">{}</text>\n\
             <text x=\"{x}\" y=\"{}\" font-weight=\"600\" fill=\"#202124\">{}</text>",
            y + 15,
            escape_text(&truncate(&node.heading, HEADING_CHARS)),
            y + 31,
            escape_text(&truncate_middle(&node.name, NAME_CHARS))
        );
        if !node.overflow {
            let _ = writeln!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"12\" font-weight=\"700\" text-anchor=\"end\" fill=\"{stroke}\">{glyph}</text>",
                rect.x + NODE_WIDTH - 10,
                rect.y + 16
            );
        }
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n</svg>\n");
    out
}

/// The `<desc>`: counts per state and what is left out.
fn description(graph: &Graph) -> String {
    let count = |s: NodeState| graph.counts.get(&s).copied().unwrap_or(0);
    let total: usize = graph.counts.values().sum();
    let mut out = format!(
        "{total} topology nodes: {} accepted, {} with a problem, {} not evaluated. Left to right: {}.",
        count(NodeState::Accepted),
        count(NodeState::Problem),
        count(NodeState::NotEvaluated),
        graph.columns.join(", ")
    );
    if count(NodeState::NotInCluster) > 0 {
        out.push_str(&format!(
            " {} not in the cluster (rejected by the API server, or replaced by a later definition).",
            count(NodeState::NotInCluster)
        ));
    }
    if graph.omitted > 0 {
        out.push_str(&format!(
            " {} nodes not drawn (too many in their column).",
            graph.omitted
        ));
    }
    if graph.omitted_edges > 0 {
        out.push_str(&format!(" {} edges not drawn.", graph.omitted_edges));
    }
    out
}

fn legend(out: &mut String) {
    out.push_str("<g class=\"legend\" font-size=\"11\" fill=\"#3c4043\">\n");
    let y = MARGIN;
    let mut x = MARGIN;
    for state in [
        NodeState::Accepted,
        NodeState::Problem,
        NodeState::NotEvaluated,
    ] {
        let (fill, stroke, glyph) = colours(state);
        let _ = writeln!(
            out,
            "<rect x=\"{x}\" y=\"{y}\" width=\"14\" height=\"14\" rx=\"3\" fill=\"{fill}\" stroke=\"{stroke}\"/>\
             <text x=\"{}\" y=\"{}\">{glyph} {}</text>",
            x + 20,
            y + 11,
            state.label()
        );
        x += if state == NodeState::NotEvaluated {
            132
        } else {
            96
        };
    }
    for (kind, label, width) in [
        (EdgeKind::RoutesTo, "attaches / routes", 150),
        (EdgeKind::Targets, "policy target / CA", 150),
        (EdgeKind::Permits, "grant applies to", 0),
    ] {
        let (stroke, dash) = edge_style(kind);
        let dash = dash
            .map(|d| format!(" stroke-dasharray=\"{d}\""))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<path d=\"M{x},{} h24\" stroke=\"{stroke}\" stroke-width=\"1.5\"{dash}/><text x=\"{}\" y=\"{}\">{label}</text>",
            y + 7,
            x + 30,
            y + 11
        );
        x += width;
    }
    out.push_str("</g>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        assert_eq!(
            escape_text("<script>&</script>]]>"),
            "&lt;script&gt;&amp;&lt;/script&gt;]]&gt;"
        );
        assert_eq!(escape_text("\"'\n"), "\"'\n");
        assert_eq!(escape_attr("\"'\t\n\r<"), "&quot;&apos;&#9;&#10;&#13;&lt;");
        assert_eq!(
            escape_text("a\u{0}b\u{1b}c\u{FFFF}"),
            "a\u{FFFD}b\u{FFFD}c\u{FFFD}"
        );
    }

    #[test]
    fn long_labels_are_cut_at_the_end_or_in_the_middle() {
        assert_eq!(truncate("abcdefghij", 5), "abcd…");
        assert_eq!(truncate_middle("abcdefghij", 5), "ab…ij");
        assert_eq!(truncate_middle("abcde", 5), "abcde");
        assert_eq!(truncate_middle("ééééééé", 4), "é…éé");
    }
}
