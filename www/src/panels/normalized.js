// The Normalized tab: `normalize()` (defaults filled in, or dropped) or `convert()` output, computed in the
// worker while the tab is open, with its list of changes (virtualised) and a copy button.
import { $, el, fillSelect, plural } from "../dom.js";
import { VirtualList } from "../virtual-list.js";

/** Text shown in the page at most; Copy copies all of it. */
export const MAX_SHOWN_CHARS = 200 * 1024;
export const DIFF_ROW_HEIGHT = 30;

const ui = {
  panel: $("panel-normalized"),
  mode: $("normalize-mode"),
  format: $("normalize-format"),
  namespace: $("normalize-namespace"),
  copy: $("normalize-copy"),
  note: $("normalize-note"),
  text: $("normalized"),
  diff: $("normalize-diff"),
  diffCount: $("normalize-diff-count"),
  diffBox: $("normalize-diff-box"),
};
let diffList = null;
let fullText = "";

/** `releases` fill the conversion targets; `onChange()` runs when a control changes. */
export function init({ releases, onChange }) {
  const modes = [
    ["normalize", "Normalized (defaults filled in)"],
    ["minimal", "Minimal (defaults dropped)"],
    ...releases.map((r) => [`convert:${r}`, `Converted to ${r}`]),
  ];
  fillSelect(ui.mode, modes.map(([v]) => v), modes.map(([, l]) => l));
  fillSelect(ui.format, ["yaml", "json"], ["YAML", "JSON"]);
  for (const control of [ui.mode, ui.format, ui.namespace]) control.addEventListener("change", onChange);
  ui.copy.addEventListener("click", () => {
    copy().catch(() => {});
  });
  diffList = new VirtualList(ui.diff, { scroller: ui.panel, rowHeight: DIFF_ROW_HEIGHT, render: diffRow, columns: 5 });
  ui.diffBox.addEventListener("toggle", () => diffList.update(true));
}

/** What the worker is asked for. */
export function request() {
  return { mode: ui.mode.value, format: ui.format.value, fillNamespace: ui.namespace.checked };
}

const valueText = (v) => (v === null || v === undefined ? "—" : JSON.stringify(v));

function diffRow(c) {
  const tr = el("tr");
  const cells = [["num", c.documentIndex + 1], ["mono", c.fieldPath], ["mono", valueText(c.old)], ["mono", valueText(c.new)], [null, c.reason]];
  for (const [cls, text] of cells) {
    const td = el("td", cls, text);
    td.title = String(text);
    tr.append(td);
  }
  return tr;
}

export function render(result) {
  fullText = result.text;
  ui.text.textContent = fullText.length > MAX_SHOWN_CHARS ? fullText.slice(0, MAX_SHOWN_CHARS) : fullText;
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  const notes = [];
  if (errors) notes.push(`${plural(errors, "error")} in the input: see Diagnostics`);
  if (fullText.length > MAX_SHOWN_CHARS) notes.push(`showing the first ${Math.round(MAX_SHOWN_CHARS / 1024)} KiB of ${Math.round(fullText.length / 1024)} KiB; Copy copies all`);
  ui.note.textContent = notes.join("; ");
  ui.diffCount.textContent = String(result.diff.length);
  diffList.setItems(result.diff);
}

async function copy() {
  try {
    await navigator.clipboard.writeText(fullText);
    ui.note.textContent = "Copied";
  } catch {
    // Clipboard access can be refused (permissions, insecure context): select the text instead.
    const range = document.createRange();
    range.selectNodeContents(ui.text);
    const sel = window.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
    ui.note.textContent = "Selected: press Ctrl+C to copy";
  }
}
