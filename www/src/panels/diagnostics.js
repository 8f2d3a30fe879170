// The Diagnostics tab: every diagnostic as a button that selects its range in the editor. A virtualised
// list: a manifest with thousands of problems builds only the rows in view.
import { $, el } from "../dom.js";
import { VirtualList } from "../virtual-list.js";

/** Each row's height in px (styled to it in style.css: the message is clamped to three lines). */
export const ROW_HEIGHT = 100;

const ui = { list: $("diagnostics"), empty: $("diagnostics-empty"), panel: $("panel-diagnostics") };
let list = null;
let onSelect = () => {};
let selected = -1;

export function init(select) {
  onSelect = select;
  list = new VirtualList(ui.list, { scroller: ui.panel, rowHeight: ROW_HEIGHT, render: row });
}

function row(d, i) {
  const li = el("li", "diag-row");
  li.setAttribute("aria-setsize", String(list.length));
  li.setAttribute("aria-posinset", String(i + 1));
  const button = el("button", `diag ${d.severity}`);
  button.type = "button";
  button.dataset.index = String(i);
  if (i === selected) button.setAttribute("aria-current", "true");
  const line = d.range.start.line + 1;
  const column = d.range.start.character + 1;
  const head = el("span", "diag-head");
  head.append(el("span", `sev sev-${d.severity}`, d.severity), el("span", "loc", `${line}:${column}`), el("code", "code", d.code));
  if (d.resource?.kind) head.append(el("span", "res", `${d.resource.kind}/${d.resource.name ?? "?"}`));
  button.append(head, el("span", "msg", d.message));
  if (d.help) button.append(el("span", "help", d.help));
  button.title = d.help ? `${d.message}\n\n${d.help}` : d.message;
  button.setAttribute("aria-label", `${d.severity} at line ${line} column ${column}: ${d.message}`);
  button.addEventListener("click", () => {
    for (const b of ui.list.querySelectorAll("[aria-current]")) b.removeAttribute("aria-current");
    button.setAttribute("aria-current", "true");
    selected = i;
    onSelect(d);
  });
  li.append(button);
  return li;
}

export function render(result) {
  selected = -1;
  list.setItems(result.diagnostics);
  ui.empty.hidden = result.diagnostics.length > 0;
}
