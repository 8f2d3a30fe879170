//! The top-down layout, for a panel of a given width: one band of boxes per kind, from
//! GatewayClasses down to CA ConfigMaps, each band wrapped into lines of as many boxes as fit.
//! Listeners are rows inside their Gateway (or ListenerSet).
//!
//! Boxes sit on a grid of equal columns, so the gaps between them line up from top to bottom:
//! an edge leaves its box at the bottom (a listener on its right, into the gap beside its
//! Gateway), runs down that gap to the space below its band, across to the gap beside its
//! target (or straight over it, when the target is in its band's first line) and down into the
//! target's top. An edge that skips bands runs down the left margin. Between a box on its band's
//! last line and one on the next band's first line, the edge is one curve. Boxes never overlap
//! and no box crosses the width given. Bands are ordered by the mean position of each box's
//! neighbours in the bands above (one sweep), so connected boxes stay near each other.

use std::collections::BTreeMap;

use super::layout::{EdgePath, Graph, Placed, Rect, Step, LISTENER_COLUMN, MARGIN};
use super::{legend, MAX_WIDTH_RANGE};
use crate::status::EdgeKind;

/// Gap between boxes side by side (a gutter for edges).
const GAP_X: i64 = 16;
/// Gap between two lines of one band.
const LINE_GAP: i64 = 16;
/// Gap between bands: edges cross here.
const BAND_GAP: i64 = 28;
pub const BOX_HEIGHT: i64 = 40;
const MIN_BOX_WIDTH: i64 = 170;
const MAX_BOX_WIDTH: i64 = 240;
/// A Gateway's own two lines, above its listeners.
const HEAD_HEIGHT: i64 = 40;
/// One listener's row, and the space between rows.
pub const ROW_HEIGHT: i64 = 22;
const ROW_GAP: i64 = 4;
/// Space left of, right of and below the rows inside a Gateway.
pub const INSET: i64 = 6;

/// Where an unnested box sits: its band, and whether another box of its band is below it, or
/// above it, in its grid column (then edges leave or enter it by its side).
#[derive(Clone, Copy)]
struct Spot {
    band: usize,
    below: bool,
    above: bool,
}

pub fn place(graph: &Graph, max_width: i64) -> Placed {
    let (min, max) = MAX_WIDTH_RANGE;
    let max_width = max_width.clamp(i64::from(min), i64::from(max));
    let count = graph.nodes.len();
    let parents = nest_listeners(graph);
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (child, parent) in parents.iter().enumerate() {
        if let Some(list) = parent.and_then(|p| children.get_mut(p)) {
            list.push(child);
        }
    }
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); count];
    for edge in &graph.edges {
        if let Some(n) = neighbours.get_mut(edge.from) {
            n.push(edge.to);
        }
        if let Some(n) = neighbours.get_mut(edge.to) {
            n.push(edge.from);
        }
    }
    let mut bands: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, node) in graph.nodes.iter().enumerate() {
        if parents.get(i).copied().flatten().is_none() {
            bands.entry(node.column).or_default().push(i);
        }
    }

    let available = max_width - 2 * MARGIN;
    let columns = ((available + GAP_X) / (MIN_BOX_WIDTH + GAP_X)).max(1);
    let box_width = ((available - (columns - 1) * GAP_X) / columns).min(MAX_BOX_WIDTH);
    let legend = legend::place(MARGIN, max_width - MARGIN);
    let mut grid = Grid {
        columns: usize::try_from(columns).unwrap_or(1),
        box_width,
        rects: vec![
            Rect {
                x: MARGIN,
                y: MARGIN,
                width: box_width,
                height: BOX_HEIGHT,
            };
            count
        ],
        spots: vec![None; count],
        keys: vec![None; count],
        right: legend.right,
    };
    let mut titles = Vec::new();
    let mut band_bottoms = Vec::new();
    let mut y = MARGIN + legend.height;
    for (band, (column, members)) in bands.into_iter().enumerate() {
        // No title over the band: each box's first line names its kind. The `<desc>` lists
        // the bands.
        titles.push(graph.columns.get(column).copied().unwrap_or("Other"));
        let stacks = grid.stacks(ordered(members, &neighbours, &grid.keys), &neighbours);
        y = grid.place_band(band, &stacks, &children, y);
        band_bottoms.push(y);
        y += BAND_GAP;
    }
    let height = band_bottoms.last().map_or(y, |&b| b) + MARGIN;

    let route = Router {
        rects: &grid.rects,
        spots: &grid.spots,
        parents: &parents,
        band_bottoms: &band_bottoms,
    };
    let paths = graph
        .edges
        .iter()
        .map(|e| route.path(e.from, e.to))
        .collect();
    Placed {
        width: (grid.right + MARGIN).min(max_width),
        height,
        rects: grid.rects,
        paths,
        headers: Vec::new(),
        titles,
        legend,
        parents,
    }
}

/// The boxes placed so far, on a grid of equal columns.
struct Grid {
    columns: usize,
    box_width: i64,
    rects: Vec<Rect>,
    spots: Vec<Option<Spot>>,
    /// Order keys (by x, then y) of the boxes placed, listeners' within their Gateway's.
    keys: Vec<Option<i64>>,
    /// The right end of the widest line.
    right: i64,
}

impl Grid {
    fn x(&self, column: usize) -> i64 {
        MARGIN + i64::try_from(column).unwrap_or(0) * (self.box_width + GAP_X)
    }

    /// A band's boxes (in order) per grid column: each goes to the column under the mean of
    /// its neighbours placed above, or the nearest with room; a column holds as many as the
    /// band has lines.
    fn stacks(&self, members: Vec<usize>, neighbours: &[Vec<usize>]) -> Vec<Vec<usize>> {
        let lines = members.len().div_ceil(self.columns).max(1);
        let mut stacks: Vec<Vec<usize>> = vec![Vec::new(); self.columns];
        let last = self.columns.saturating_sub(1);
        for node in members {
            let xs: Vec<i64> = neighbours
                .get(node)
                .map(|n| {
                    n.iter()
                        .filter_map(|&o| self.keys.get(o).copied().flatten())
                        .map(|k| k / KEY_X)
                        .collect()
                })
                .unwrap_or_default();
            let wanted = if xs.is_empty() {
                0
            } else {
                let mean = xs.iter().sum::<i64>() / i64::try_from(xs.len()).unwrap_or(1);
                usize::try_from((mean - MARGIN) / (self.box_width + GAP_X))
                    .unwrap_or(0)
                    .min(last)
            };
            // The nearest column with room, the left one first on a tie.
            let column = (0..=last)
                .filter(|&c| stacks.get(c).is_some_and(|s| s.len() < lines))
                .min_by_key(|&c| (c.abs_diff(wanted), c))
                .unwrap_or(0);
            if let Some(stack) = stacks.get_mut(column) {
                stack.push(node);
            }
        }
        stacks
    }

    /// Places a band's stacks from `top`; returns the bottom of its last line.
    fn place_band(
        &mut self,
        band: usize,
        stacks: &[Vec<usize>],
        children: &[Vec<usize>],
        top: i64,
    ) -> i64 {
        let lines = stacks.iter().map(Vec::len).max().unwrap_or(0);
        let height_of = |node: usize| nested_height(children.get(node).map_or(0, Vec::len));
        let mut y = top;
        for line in 0..lines {
            let line_height = stacks
                .iter()
                .filter_map(|s| s.get(line))
                .map(|&n| height_of(n))
                .max()
                .unwrap_or(BOX_HEIGHT);
            for (column, stack) in stacks.iter().enumerate() {
                let Some(&node) = stack.get(line) else {
                    continue;
                };
                let x = self.x(column);
                self.right = self.right.max(x + self.box_width);
                let rect = Rect {
                    x,
                    y,
                    width: self.box_width,
                    height: height_of(node),
                };
                let key = x * KEY_X + i64::try_from(line).unwrap_or(0) * KEY_LINE;
                self.set(node, rect, key);
                if let Some(s) = self.spots.get_mut(node) {
                    *s = Some(Spot {
                        band,
                        below: line + 1 < stack.len(),
                        above: line > 0,
                    });
                }
                for (k, &kid) in children.get(node).into_iter().flatten().enumerate() {
                    let k = i64::try_from(k).unwrap_or(0);
                    let row = Rect {
                        x: x + INSET,
                        y: y + HEAD_HEIGHT + k * (ROW_HEIGHT + ROW_GAP),
                        width: self.box_width - 2 * INSET,
                        height: ROW_HEIGHT,
                    };
                    self.set(kid, row, key + k + 1);
                }
            }
            y += line_height + LINE_GAP;
        }
        y - LINE_GAP
    }

    fn set(&mut self, node: usize, rect: Rect, key: i64) {
        if let Some(r) = self.rects.get_mut(node) {
            *r = rect;
        }
        if let Some(k) = self.keys.get_mut(node) {
            *k = Some(key);
        }
    }
}

/// Order keys: x, then the line, then a listener's row.
const KEY_LINE: i64 = 1 << 10;
const KEY_X: i64 = 1 << 20;

/// The Gateway or ListenerSet each listener is drawn inside (the box its `attaches-to` edge
/// leads to); `None` for every other node.
fn nest_listeners(graph: &Graph) -> Vec<Option<usize>> {
    let listeners = graph.column_ids.iter().position(|&c| c == LISTENER_COLUMN);
    let mut parents = vec![None; graph.nodes.len()];
    for edge in &graph.edges {
        let (Some(owner), Some(listener)) = (graph.nodes.get(edge.from), graph.nodes.get(edge.to))
        else {
            continue;
        };
        if edge.kind == EdgeKind::AttachesTo
            && Some(listener.column) == listeners
            && owner.column < listener.column
            && !owner.overflow
            && !listener.overflow
        {
            if let Some(p @ None) = parents.get_mut(edge.to) {
                *p = Some(edge.from);
            }
        }
    }
    parents
}

/// The height of a box holding `rows` listeners.
fn nested_height(rows: usize) -> i64 {
    if rows == 0 {
        return BOX_HEIGHT;
    }
    let rows = i64::try_from(rows).unwrap_or(0);
    HEAD_HEIGHT + rows * ROW_HEIGHT + (rows - 1) * ROW_GAP + INSET
}

/// A band's boxes by the mean key of their neighbours placed above; boxes with none keep
/// their order, after the others.
fn ordered(members: Vec<usize>, neighbours: &[Vec<usize>], keys: &[Option<i64>]) -> Vec<usize> {
    let mut keyed: Vec<(Option<i64>, usize)> = members
        .into_iter()
        .map(|node| {
            let placed: Vec<i64> = neighbours
                .get(node)
                .map(|n| {
                    n.iter()
                        .filter_map(|&o| keys.get(o).copied().flatten())
                        .collect()
                })
                .unwrap_or_default();
            let count = i64::try_from(placed.len()).unwrap_or(1);
            let key = (count > 0).then(|| placed.iter().sum::<i64>() / count);
            (key, node)
        })
        .collect();
    // `None` sorts first; it should come last.
    keyed.sort_by_key(|&(key, node)| (key.is_none(), key, node));
    keyed.into_iter().map(|(_, node)| node).collect()
}

/// Draws edges between placed boxes.
struct Router<'a> {
    rects: &'a [Rect],
    spots: &'a [Option<Spot>],
    parents: &'a [Option<usize>],
    band_bottoms: &'a [i64],
}

impl Router<'_> {
    /// The box a node is drawn in or as, and its spot.
    fn outer(&self, node: usize) -> Option<(usize, Spot)> {
        let outer = self.parents.get(node).copied().flatten().unwrap_or(node);
        Some((outer, self.spots.get(outer).copied().flatten()?))
    }

    /// The y of the crossing space below band `band`.
    fn channel(&self, band: usize) -> i64 {
        self.band_bottoms.get(band).copied().unwrap_or(0) + BAND_GAP / 2
    }

    fn path(&self, a: usize, b: usize) -> Option<EdgePath> {
        let (outer_a, spot_a) = self.outer(a)?;
        let (outer_b, spot_b) = self.outer(b)?;
        // Within one band there is nothing to draw (a listener is inside its Gateway).
        let (from, to, outer_from, spot_from, spot_to) = match spot_a.band.cmp(&spot_b.band) {
            std::cmp::Ordering::Less => (a, b, outer_a, spot_a, spot_b),
            std::cmp::Ordering::Greater => (b, a, outer_b, spot_b, spot_a),
            std::cmp::Ordering::Equal => return None,
        };
        let (s, t, outer) = (
            *self.rects.get(from)?,
            *self.rects.get(to)?,
            *self.rects.get(outer_from)?,
        );
        let nested = outer_from != from;
        // Out by the side into the gap right of its box when something is below it.
        let side_out = nested || spot_from.below;
        let start = if side_out {
            (s.x + s.width, s.y + s.height / 2)
        } else {
            (s.x + s.width / 2, s.y + s.height)
        };
        // In by the top when nothing of its band is above it, else by its left side.
        let end = if spot_to.above {
            (t.x, t.y + t.height / 2)
        } else {
            (t.x + t.width / 2, t.y)
        };
        if !side_out
            && !spot_to.above
            && spot_to.band == spot_from.band + 1
            && self.clear(start, end, &[from, to])
        {
            return Some((start, vec![Step::Drop(end.0, end.1)]));
        }
        let mut points = Vec::new();
        if side_out {
            points.push((outer.x + outer.width + GAP_X / 2, start.1));
        }
        let mut x = points.last().map_or(start.0, |p| p.0);
        let mut channel = self.channel(spot_from.band);
        points.push((x, channel));
        if spot_to.band > spot_from.band + 1 {
            // Down the left margin, to the space above the target's band.
            x = MARGIN / 2;
            points.push((x, channel));
            channel = self.channel(spot_to.band - 1);
            points.push((x, channel));
        }
        if spot_to.above {
            let beside = t.x - GAP_X / 2;
            points.push((beside, channel));
            points.push((beside, end.1));
        } else {
            points.push((end.0, channel));
        }
        points.push(end);
        let mut steps = Vec::with_capacity(points.len());
        let mut at = start;
        for p in points {
            if p != at {
                steps.push(Step::Line(p.0, p.1));
                at = p;
            }
        }
        Some((start, steps))
    }

    /// Whether no box but `except` (and those they are drawn in) meets the rectangle spanned
    /// by `a` and `b`, which holds a curve between them.
    fn clear(&self, a: (i64, i64), b: (i64, i64), except: &[usize]) -> bool {
        let (left, right) = (a.0.min(b.0), a.0.max(b.0));
        let (top, bottom) = (a.1.min(b.1), a.1.max(b.1));
        self.rects.iter().enumerate().all(|(i, r)| {
            except.contains(&i)
                || self.spots.get(i).copied().flatten().is_none()
                || r.x + r.width <= left
                || r.x >= right.max(left + 1)
                || r.y + r.height <= top
                || r.y >= bottom
        })
    }
}
