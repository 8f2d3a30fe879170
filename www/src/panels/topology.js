// The Topology tab's text views, from `evaluate()`: the objects as a tree read in the direction a person
// follows traffic and configuration, and every edge in a (virtualised) table. Long branches are built a
// page at a time.
import { $, el, objectName } from "../dom.js";
import { renderPaged, PAGE } from "../paged.js";
import { VirtualList } from "../virtual-list.js";

export const EDGE_ROW_HEIGHT = 30;
/** Connections shown under one object before a "Show more" button (a GatewayClass may have hundreds). */
const BRANCH_PAGE = 20;
const ui = {
  panel: $("panel-topology"),
  tree: $("topology-tree"),
  empty: $("topology-empty"),
  edges: $("topology-edges"),
  edgeCount: $("topology-edge-count"),
  edgesBox: $("topology-edges-box"),
};
let edgeList = null;

export function init() {
  edgeList = new VirtualList(ui.edges, { scroller: ui.panel, rowHeight: EDGE_ROW_HEIGHT, render: edgeRow, columns: 3 });
  // The rows of a closed <details> have no place to be measured: build them when it opens.
  ui.edgesBox.addEventListener("toggle", () => edgeList.update(true));
}

function edgeRow(e) {
  const tr = el("tr");
  for (const [cls, text] of [["mono", e.from], [null, e.kind], ["mono", e.to]]) {
    const td = el("td", cls, text);
    td.title = text;
    tr.append(td);
  }
  return tr;
}

/**
 * Each edge kind as parent and child: a listener under its Gateway, a route under its listener, a Service
 * under the route, a policy under the Service it targets, its CA ConfigMaps under the policy.
 */
const EDGE_AS_CHILD = {
  "attaches-to": { parent: "to", child: "from", label: "attached" },
  "routes-to": { parent: "from", child: "to", label: "routes to" },
  targets: { parent: "to", child: "from", label: "targeted by" },
  "uses-ca": { parent: "from", child: "to", label: "CA from" },
  permits: { parent: "to", child: "from", label: "permitted by" },
};

const STATE_WORD = {
  accepted: "accepted",
  problem: "problem",
  "not-evaluated": "not evaluated",
  rejected: "not in the cluster: the API server rejects it",
  replaced: "not in the cluster: a later document replaces it",
};
// The picture's and the Status tab's glyphs: objects not in the cluster get the problem's ✗ (the picture
// tells them apart by a dashed outline).
const STATE_MARK = { accepted: "✓", problem: "✗", "not-evaluated": "○", missing: "○", rejected: "✗", replaced: "✗" };

function nodeLabel(node, id) {
  if (!node) return { kind: id.split("/")[0] || "?", name: id.split("/").slice(1).join("/"), state: "missing" };
  // A listener sits under its Gateway in the tree: its own name says enough.
  const name = node.kind === "Listener" ? node.name : objectName(node.namespace, node.name);
  return { kind: node.kind, name, state: node.state };
}

export function render(result) {
  const { nodes, edges } = result.topology;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const children = new Map();
  const hasParent = new Set();
  for (const e of edges) {
    const dir = EDGE_AS_CHILD[e.kind] ?? { parent: "from", child: "to", label: e.kind };
    const parent = e[dir.parent];
    const child = e[dir.child];
    if (!children.has(parent)) children.set(parent, []);
    // Gateways under their class and listeners under their Gateway need no words; routes are "attached".
    const childKind = byId.get(child)?.kind;
    const label = e.kind === "attaches-to" && (childKind === "Gateway" || childKind === "Listener") ? null : dir.label;
    children.get(parent).push({ id: child, label, kind: e.kind });
    hasParent.add(child);
  }
  const order = (a, b) => a.localeCompare(b);
  for (const kids of children.values()) kids.sort((a, b) => order(a.id, b.id));
  const shown = new Set();
  const item = (id, relation, path) => {
    const li = el("li", "node");
    const node = byId.get(id);
    const { kind, name, state } = nodeLabel(node, id);
    li.dataset.id = id;
    li.dataset.state = state;
    const line = el("div", "node-line");
    if (relation) line.append(el("span", "rel", relation));
    line.append(el("span", "kind", kind), el("span", "mono", name));
    const tag = el("span", `node-state ${state}`);
    const mark = el("span", null, `${STATE_MARK[state] ?? "○"} `);
    mark.setAttribute("aria-hidden", "true");
    tag.append(mark, document.createTextNode(state === "missing" ? "not in the input" : STATE_WORD[state] ?? state));
    line.append(tag);
    if (node && node.documentIndex === null && state !== "missing") line.append(el("span", "muted", "(referenced, not in the input)"));
    li.append(line);
    const kids = children.get(id) ?? [];
    if (kids.length) {
      if (path.has(id) || shown.has(id)) {
        line.append(el("span", "muted", "(connections shown above)"));
      } else {
        shown.add(id);
        const ul = el("ul");
        const next = new Set(path).add(id);
        renderPaged(ul, kids, (k) => item(k.id, k.label, next), { noun: "connection", page: BRANCH_PAGE, wrap: wrapItem });
        li.append(ul);
      }
    }
    shown.add(id);
    return li;
  };
  const roots = nodes.map((n) => n.id).filter((id) => !hasParent.has(id)).sort(order);
  // Nodes only reachable through a cycle are listed too, after the roots, so every node appears: the
  // first of each such group stands for the group.
  const reached = new Set();
  const reach = (start) => {
    const stack = [start];
    while (stack.length) {
      const id = stack.pop();
      if (reached.has(id)) continue;
      reached.add(id);
      for (const k of children.get(id) ?? []) stack.push(k.id);
    }
  };
  roots.forEach(reach);
  const tops = [...roots];
  for (const n of nodes) {
    if (reached.has(n.id)) continue;
    tops.push(n.id);
    reach(n.id);
  }
  renderPaged(ui.tree, tops, (id) => item(id, null, new Set()), { noun: "object", page: PAGE, wrap: wrapItem });
  ui.empty.hidden = nodes.length > 0;
  ui.edgesBox.hidden = edges.length === 0;
  ui.edgeCount.textContent = String(edges.length);
  edgeList.setItems(edges);
}

function wrapItem(button) {
  const li = el("li");
  li.append(button);
  return li;
}
