// The Resources tab: one row per object, with its release channel and its diagnostics count. Virtualised.
import { $, el, plural } from "../dom.js";
import { VirtualList } from "../virtual-list.js";

export const ROW_HEIGHT = 44;
const ui = { body: $("resources-body"), empty: $("resources-empty"), panel: $("panel-resources") };
let list = null;
let counts = new Map();

export function init() {
  list = new VirtualList(ui.body, { scroller: ui.panel, rowHeight: ROW_HEIGHT, render: row, columns: 5 });
}

/**
 * The Channel column, from the lint fields the worker adds to `evaluate()`'s resources (`channel`,
 * `known`): the channel whose schema validated a Gateway API object, "not served" when the chosen release
 * has no schema for its version, "not Gateway API" for other kinds (Services, ConfigMaps ...).
 */
export function channelText(r) {
  if (r.channel) return r.channel;
  const group = (r.apiVersion ?? "").split("/")[0];
  if (!/^gateway\.networking\.(x-)?k8s\.io$/.test(group)) return "not Gateway API";
  return r.known ? "—" : "not served";
}

function row(r) {
  const tr = el("tr");
  const c = counts.get(r.documentIndex) ?? { error: 0, other: 0 };
  const status = c.error ? plural(c.error, "error") : c.other ? plural(c.other, "note") : "ok";
  const object = el("td", "object");
  const where = [r.namespace, r.name ?? "(no name)"].filter((x) => x !== null && x !== undefined).join("/");
  object.append(el("div", "kind", r.kind ?? "(no kind)"), el("div", "muted", where));
  object.title = `${r.kind ?? "(no kind)"} ${where}`;
  tr.append(el("td", "num", r.documentIndex + 1), object, el("td", "api", r.apiVersion ?? "—"), el("td", "channel", channelText(r)), el("td", c.error ? "bad" : "good", status));
  return tr;
}

export function render(result) {
  counts = new Map();
  for (const d of result.diagnostics) {
    if (!d.resource) continue;
    const k = d.resource.documentIndex;
    const c = counts.get(k) ?? { error: 0, other: 0 };
    if (d.severity === "error") c.error++;
    else c.other++;
    counts.set(k, c);
  }
  list.setItems(result.resources);
  ui.empty.hidden = result.resources.length > 0;
}
