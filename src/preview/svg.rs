//! The SVG text. Presentation attributes only (no `<style>`, no `style=`, no scripts, fonts or
//! links), so it renders under a strict Content-Security-Policy; every string from the input is
//! escaped for XML text or attribute values.

use std::fmt::Write;

use super::layout::{
    EdgePath, Graph, GraphEdge, GraphNode, Placed, Rect, Step, COLUMN_GAP, MARGIN,
};
use super::legend::{edge_style, state_class, state_style, Entry, Legend, FONT_SIZE};
use super::{NodeState, PreviewDirection};
use crate::status::EdgeKind;

/// Prefix of element ids, so that the picture can sit in a page with other content.
const ID_PREFIX: &str = "gwlint-preview";

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

/// A generous estimate of a character's width, in thousandths of the font size (the fonts a
/// browser picks for `system-ui` vary; these are about DejaVu Sans's, one of the widest).
fn char_width(c: char) -> i64 {
    match c {
        'm' | 'w' | 'M' | 'W' | '@' | '%' | '…' => 950,
        'i' | 'j' | 'l' | 't' | 'f' | 'I' => 400,
        ' ' | '·' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 360,
        'r' | '-' | '(' | ')' | '[' | ']' => 460,
        'A'..='Z' | '{' | '}' | '_' | '/' | '#' | '&' | '?' => 780,
        'a'..='z' | '0'..='9' => 640,
        c if c.is_ascii() => 840,
        _ => 1000,
    }
}

/// The text, cut to fit in `width` pixels at `size` (bold: a tenth wider): at its end, or in
/// the middle (names often differ only at their end); an ellipsis marks the cut.
fn fit(s: &str, width: i64, size: i64, bold: bool, middle: bool) -> String {
    let scale = if bold { 1100 } else { 1000 };
    let budget = width.max(0) * 1_000_000;
    let cost = |c: char| char_width(c) * size * scale;
    if s.chars().map(cost).sum::<i64>() <= budget {
        return s.to_owned();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut used = cost('…');
    let (mut head, mut tail) = (0, 0);
    // Alternately from the start and from the end (only from the start unless `middle`).
    loop {
        let from_end = middle && tail < head;
        let next = if from_end {
            chars.len().checked_sub(tail + 1).and_then(|i| chars.get(i))
        } else {
            chars.get(head)
        };
        let Some(&c) = next.filter(|_| head + tail < chars.len()) else {
            break;
        };
        if used + cost(c) > budget {
            break;
        }
        used += cost(c);
        if from_end {
            tail += 1;
        } else {
            head += 1;
        }
    }
    let mut out: String = chars.iter().take(head).collect();
    out.push('…');
    out.extend(chars.iter().skip(chars.len() - tail));
    out
}

/// ` stroke-dasharray="…"`.
fn dash_attribute(dash: &str) -> String {
    format!(" stroke-dasharray=\"{dash}\"")
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

pub fn render(graph: &Graph, placed: &Placed, direction: PreviewDirection) -> String {
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
        escape_text(&description(graph, placed, direction))
    );
    let _ = writeln!(out, "<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>");
    legend(&mut out, &placed.legend);
    for (x, y, title) in &placed.headers {
        let _ = writeln!(
            out,
            "<text class=\"header\" x=\"{x}\" y=\"{y}\" font-size=\"11\" font-weight=\"600\" fill=\"#3c4043\">{}</text>",
            escape_text(title)
        );
    }
    if graph.nodes.is_empty() {
        let _ = writeln!(
            out,
            "<text x=\"{MARGIN}\" y=\"{}\" fill=\"#5f6368\">No objects to draw.</text>",
            MARGIN + placed.legend.height + 16
        );
    }
    out.push_str("<g class=\"edges\" fill=\"none\" stroke-width=\"1.2\">\n");
    for (edge, path) in graph.edges.iter().zip(&placed.paths) {
        if let Some(path) = path {
            edge_path(&mut out, edge, path);
        }
    }
    out.push_str("</g>\n<g class=\"nodes\">\n");
    for (i, (node, rect)) in graph.nodes.iter().zip(&placed.rects).enumerate() {
        let parent = placed.parents.get(i).copied().flatten();
        node_box(&mut out, i, node, rect, parent);
    }
    out.push_str("</g>\n</svg>\n");
    out
}

fn edge_path(out: &mut String, edge: &GraphEdge, (start, steps): &EdgePath) {
    let (stroke, dash) = edge_style(edge.kind);
    let _ = write!(
        out,
        "<path class=\"edge {}\" data-from=\"{ID_PREFIX}-n{}\" data-to=\"{ID_PREFIX}-n{}\" stroke=\"{stroke}\"",
        edge_class(edge.kind),
        edge.from,
        edge.to
    );
    if let Some(dash) = dash {
        out.push_str(&dash_attribute(dash));
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
            Step::Drop(qx, qy) => {
                let middle = y + (qy - y) / 2;
                let _ = write!(out, " C{x},{middle} {qx},{middle} {qx},{qy}");
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

/// A node's group: its box, its text, and its state's glyph. A node drawn inside another (a
/// listener in its Gateway) is one line: its name and its protocol.
fn node_box(out: &mut String, i: usize, node: &GraphNode, rect: &Rect, parent: Option<usize>) {
    let style = state_style(node.state);
    let _ = write!(
        out,
        "<g id=\"{ID_PREFIX}-n{i}\" class=\"node {}\" data-id=\"{}\" data-kind=\"{}\"",
        if node.overflow {
            "more"
        } else {
            state_class(node.state)
        },
        escape_attr(&node.key),
        escape_attr(&node.kind)
    );
    if let Some(p) = parent {
        let _ = write!(out, " data-parent=\"{ID_PREFIX}-n{p}\"");
    }
    out.push_str(">\n");
    let _ = writeln!(out, "<title>{}</title>", escape_text(&node.tooltip));
    let (fill, dash) = match (node.overflow, style.dash) {
        (true, _) => ("#ffffff", Some("4 3")),
        (false, dash) => (style.fill, dash),
    };
    let dash = dash.map(dash_attribute).unwrap_or_default();
    let stroke = style.stroke;
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"{dash}/>",
        rect.x,
        rect.y,
        rect.width,
        rect.height,
        if parent.is_some() { 4 } else { 6 }
    );
    let glyph_x = rect.x + rect.width - 8;
    if parent.is_some() {
        // `name · HTTPS/443 Terminate`: the protocol from the heading `Listener HTTPS/443 ...`.
        let protocol = node.heading.strip_prefix("Listener ").unwrap_or("");
        let line = if protocol.is_empty() {
            node.name.clone()
        } else {
            format!("{} · {protocol}", node.name)
        };
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#202124\">{}</text>",
            rect.x + 8,
            rect.y + 15,
            escape_text(&fit(&line, rect.width - 30, 11, false, false))
        );
        let _ = writeln!(
            out,
            "<text x=\"{glyph_x}\" y=\"{}\" font-size=\"11\" font-weight=\"700\" text-anchor=\"end\" fill=\"{stroke}\">{}</text>",
            rect.y + 15,
            style.glyph
        );
        out.push_str("</g>\n");
        return;
    }
    let (x, y) = (rect.x + 10, rect.y);
    let _ = writeln!(
        out,
        "<text x=\"{x}\" y=\"{}\" font-size=\"11\" fill=\"#5f6368\">{}</text>\n\
         <text x=\"{x}\" y=\"{}\" font-weight=\"600\" fill=\"#202124\">{}</text>",
        y + 15,
        escape_text(&fit(&node.heading, rect.width - 36, 11, false, false)),
        y + 31,
        escape_text(&fit(&node.name, rect.width - 20, 12, true, true))
    );
    if !node.overflow {
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" font-weight=\"700\" text-anchor=\"end\" fill=\"{stroke}\">{}</text>",
            glyph_x - 2,
            rect.y + 16,
            style.glyph
        );
    }
    out.push_str("</g>\n");
}

/// The `<desc>`: counts per state, the order of the picture, and what is left out.
fn description(graph: &Graph, placed: &Placed, direction: PreviewDirection) -> String {
    let count = |s: NodeState| graph.counts.get(&s).copied().unwrap_or(0);
    let total: usize = graph.counts.values().sum();
    let mut out = format!(
        "{total} topology nodes: {} accepted, {} with a problem, {} not evaluated. {}: {}.",
        count(NodeState::Accepted),
        count(NodeState::Problem),
        count(NodeState::NotEvaluated),
        match direction {
            PreviewDirection::TopDown => "Top to bottom, listeners inside their Gateway",
            PreviewDirection::LeftRight => "Left to right",
        },
        placed.titles.join(", ")
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

fn legend(out: &mut String, legend: &Legend) {
    let _ = writeln!(
        out,
        "<g class=\"legend\" font-size=\"{FONT_SIZE}\" fill=\"#3c4043\">"
    );
    for &(x, y, entry) in &legend.entries {
        let text_x = x + entry.swatch();
        match entry {
            Entry::State(state) => {
                let style = state_style(state);
                let dash = style.dash.map(dash_attribute).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "<rect class=\"legend-state {}\" x=\"{x}\" y=\"{y}\" width=\"14\" height=\"14\" rx=\"3\" fill=\"{}\" stroke=\"{}\"{dash}/>",
                    state_class(state),
                    style.fill,
                    style.stroke
                );
            }
            Entry::Edge(kind, _) => {
                let (stroke, dash) = edge_style(kind);
                let dash = dash.map(dash_attribute).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "<path d=\"M{x},{} h24\" stroke=\"{stroke}\" stroke-width=\"1.5\"{dash}/>",
                    y + 7
                );
            }
        }
        let _ = writeln!(
            out,
            "<text x=\"{text_x}\" y=\"{}\">{}</text>",
            y + 11,
            escape_text(&entry.text())
        );
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
        // A 1000-thousandths character is 10 px at size 10; the ellipsis takes 9.5, small
        // letters 6.4.
        assert_eq!(fit("ééééé", 50, 10, false, false), "ééééé");
        assert_eq!(fit("éééééé", 50, 10, false, false), "éééé…");
        assert_eq!(fit("abcdefgh", 40, 10, false, true), "ab…gh");
        assert_eq!(fit("éééééé", 40, 10, false, false), "ééé…");
        assert_eq!(fit("éééééé", 40, 10, true, false), "éé…");
        assert_eq!(fit("abc", 0, 10, false, true), "…");
        // Capitals are wider than small letters.
        assert!(
            fit("ABCDEFGHIJKLMNOP", 100, 12, true, true).chars().count()
                < fit("abcdefghijklmnop", 100, 12, true, true).chars().count()
        );
    }
}
