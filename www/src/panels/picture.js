// The Topology tab's picture: the SVG `preview()` returns, parsed as XML (never as HTML) and adopted, in a
// pan-and-zoom viewport; its legend is lifted into a bar above the viewport so it stays in view whatever
// the zoom. A very large picture waits for a click before it is put in the page (parsing megabytes of SVG
// would block the page), and the one-line-per-object summary is a virtualised list.
import { $, el } from "../dom.js";
import { PanZoom } from "../pan-zoom.js";
import { VirtualList } from "../virtual-list.js";

/** SVG text above this size is drawn only on request. */
export const MAX_AUTO_SVG_CHARS = 400 * 1024;
export const SUMMARY_ROW_HEIGHT = 38;
const ZOOM_STEP = 1.25;

const ui = {
  panel: $("panel-topology"),
  viewport: $("preview"),
  legend: $("preview-legend"),
  zoomLevel: $("zoom-level"),
  zoomIn: $("zoom-in"),
  zoomOut: $("zoom-out"),
  zoomFit: $("zoom-fit"),
  zoomReset: $("zoom-reset"),
  summary: $("preview-summary"),
  summaryBox: $("preview-summary-box"),
};
let panZoom = null;
let summaryList = null;
const stage = el("div", "stage");

export function init() {
  panZoom = new PanZoom(ui.viewport, stage, {
    onChange: ({ scale }) => {
      ui.zoomLevel.textContent = `${Math.round(scale * 100)}%`;
      ui.viewport.dataset.scale = scale.toFixed(3);
    },
  });
  ui.zoomIn.addEventListener("click", () => panZoom.zoom(ZOOM_STEP));
  ui.zoomOut.addEventListener("click", () => panZoom.zoom(1 / ZOOM_STEP));
  ui.zoomFit.addEventListener("click", () => panZoom.fit());
  ui.zoomReset.addEventListener("click", () => panZoom.reset());
  summaryList = new VirtualList(ui.summary, { scroller: ui.panel, rowHeight: SUMMARY_ROW_HEIGHT, render: summaryRow });
  ui.summaryBox.addEventListener("toggle", () => summaryList.update(true));
}

function summaryRow(line) {
  const li = el("li", `node-state-line ${line.state}`, line.text);
  li.dataset.kind = line.kind;
  li.title = line.text;
  return li;
}

export function render(result) {
  summaryList.setItems(result.summary);
  if (result.svg.length > MAX_AUTO_SVG_CHARS) {
    const kib = Math.round(result.svg.length / 1024);
    const note = el("div", "big-picture");
    note.append(el("p", null, `The picture of ${result.summary.length} objects is large (${kib} KiB of SVG); drawing it can pause the page for a moment.`));
    const draw = el("button", null, "Draw the picture");
    draw.type = "button";
    draw.addEventListener("click", () => {
      draw.disabled = true;
      draw.textContent = "Drawing…";
      setTimeout(() => show(result.svg), 0);
    });
    note.append(draw);
    ui.legend.replaceChildren();
    ui.viewport.replaceChildren(note);
    ui.viewport.dataset.drawn = "false";
    return;
  }
  show(result.svg);
}

function show(text) {
  const doc = new DOMParser().parseFromString(text, "image/svg+xml");
  const svg = doc.documentElement;
  if (svg.nodeName !== "svg" || doc.getElementsByTagName("parsererror").length) {
    ui.legend.replaceChildren();
    ui.viewport.replaceChildren(el("p", "empty", "The picture could not be drawn."));
    ui.viewport.dataset.drawn = "false";
    return;
  }
  const picture = document.importNode(svg, true);
  const legend = picture.querySelector("g.legend");
  legend?.remove();
  stage.replaceChildren(picture);
  ui.viewport.replaceChildren(stage);
  ui.viewport.dataset.drawn = "true";
  showLegend(legend, picture);
  const box = picture.viewBox?.baseVal;
  const width = Number(picture.getAttribute("width")) || box?.width || picture.getBoundingClientRect().width;
  const height = Number(picture.getAttribute("height")) || box?.height || picture.getBoundingClientRect().height;
  panZoom.setContent(width, height);
}

/** The picture's own legend, in a small SVG of its own above the viewport (not moved by pan or zoom). */
function showLegend(legend, picture) {
  if (!legend) {
    ui.legend.replaceChildren();
    return;
  }
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", "Legend");
  for (const attr of ["font-family", "font-size"]) {
    if (picture.hasAttribute(attr)) svg.setAttribute(attr, picture.getAttribute(attr));
  }
  svg.append(legend);
  ui.legend.replaceChildren(svg);
  const b = legend.getBBox();
  const pad = 2;
  svg.setAttribute("viewBox", `${b.x - pad} ${b.y - pad} ${b.width + 2 * pad} ${b.height + 2 * pad}`);
  svg.setAttribute("width", String(Math.ceil(b.width + 2 * pad)));
  svg.setAttribute("height", String(Math.ceil(b.height + 2 * pad)));
}

/** The picture's pan and zoom (for the page tests and the console). */
export function view() {
  return panZoom.state();
}
