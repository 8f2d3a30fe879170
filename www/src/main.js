// The gwlint playground: a CodeMirror 6 editor linted live by the wasm build (../pkg/gwlint.js, loaded at
// run time, never bundled). Everything runs in the page; the shared state lives in the URL fragment, which
// browsers never send to a server. User text and messages are only ever set as textContent.
import init, { lint, version } from "../pkg/gwlint.js";
import { EditorState, EditorSelection } from "@codemirror/state";
import {
  EditorView,
  keymap,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  drawSelection,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import {
  syntaxHighlighting,
  defaultHighlightStyle,
  indentOnInput,
  indentUnit,
  bracketMatching,
  foldGutter,
  foldKeymap,
} from "@codemirror/language";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { lintGutter, lintKeymap, setDiagnostics } from "@codemirror/lint";
import { yaml } from "@codemirror/lang-yaml";
import { EXAMPLES, exampleById } from "./examples.js";
import { encodeState, decodeState, MAX_STATE_CHARS } from "./share.js";

const RELEASES = ["auto", "v1.2.1", "v1.3.0", "v1.4.1", "v1.5.1", "v1.6.1"];
const CHANNELS = ["auto", "standard", "experimental"];
const PROFILES = ["upstream"];
const SEVERITIES = ["error", "warning", "info", "hint"];
const DEBOUNCE_MS = 250;
const FRAGMENT_DEBOUNCE_MS = 400;
/** Longest fragment written to the address bar (browsers cope with ~2 MB; keep well below). */
const MAX_FRAGMENT = 512 * 1024;

const $ = (id) => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`playground: #${id} missing from index.html`);
  return el;
};

/** Creates an element with a class and text (never HTML). */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const ui = {
  editor: $("editor"),
  example: $("example"),
  release: $("release"),
  channel: $("channel"),
  profile: $("profile"),
  share: $("share"),
  shareNote: $("share-note"),
  version: $("version"),
  counts: {
    error: $("count-error"),
    warning: $("count-warning"),
    info: $("count-info"),
  },
  timing: $("timing"),
  resolved: $("resolved"),
  diagnostics: $("diagnostics"),
  diagnosticsEmpty: $("diagnostics-empty"),
  diagBadge: $("diag-badge"),
  resources: $("resources-body"),
  resourcesEmpty: $("resources-empty"),
  rules: $("rules-body"),
  rulesEmpty: $("rules-empty"),
};

let view;
let lintTimer = 0;
let fragmentTimer = 0;
let lintCount = 0;
let lastResult = null;

// ---------------------------------------------------------------------------------------------------------
// Editor

function docsUrl(resource) {
  const api = resource?.apiVersion ?? "";
  if (!resource?.kind || !/^gateway\.networking\.(x-)?k8s\.io\/v[0-9a-z]+$/.test(api)) return null;
  return `https://gateway-api.sigs.k8s.io/reference/spec/#${api}.${resource.kind}`;
}

/** The hover tooltip of one diagnostic: message, code, help and a docs link, as text nodes. */
function renderTooltip(d) {
  return () => {
    const box = el("div", "gw-tip");
    box.append(el("div", "gw-tip-message", d.message));
    const meta = el("div", "gw-tip-meta");
    meta.append(el("code", null, d.code), document.createTextNode(` · ${d.severity} · ${d.source}`));
    if (d.fieldPath) meta.append(document.createTextNode(" · "), el("code", null, d.fieldPath));
    box.append(meta);
    if (d.help) box.append(el("div", "gw-tip-help", d.help));
    const url = docsUrl(d.resource);
    if (url) {
      const a = el("a", "gw-tip-docs", `${d.resource.kind} API reference`);
      a.href = url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      box.append(a);
    }
    return box;
  };
}

function toEditorDiagnostics(result, docLength) {
  return result.diagnostics.map((d) => {
    const from = Math.min(d.offsets.start, docLength);
    const to = Math.min(Math.max(d.offsets.end, from), docLength);
    return {
      from,
      to,
      severity: d.severity,
      message: d.message,
      renderMessage: renderTooltip(d),
    };
  });
}

function selectRange(from, to) {
  const len = view.state.doc.length;
  const a = Math.min(from, len);
  const b = Math.min(Math.max(to, a), len);
  view.dispatch({
    selection: EditorSelection.single(a, b),
    effects: EditorView.scrollIntoView(a, { y: "center" }),
  });
  view.focus();
}

function createEditor(text) {
  const listener = EditorView.updateListener.of((update) => {
    if (update.docChanged) {
      scheduleLint();
      syncExampleChoice();
    }
    if (update.selectionSet || update.docChanged) {
      const sel = update.state.selection.main;
      ui.editor.dataset.selection = `${sel.from}-${sel.to}`;
    }
  });
  return new EditorView({
    parent: ui.editor,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        foldGutter(),
        drawSelection(),
        indentOnInput(),
        indentUnit.of("  "),
        EditorState.tabSize.of(2),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        bracketMatching(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        yaml(),
        lintGutter(),
        keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, ...foldKeymap, ...lintKeymap]),
        EditorView.contentAttributes.of({ "aria-label": "Manifest (YAML or JSON)", spellcheck: "false" }),
        listener,
      ],
    }),
  });
}

function setText(text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

// ---------------------------------------------------------------------------------------------------------
// Linting and the panels

function options() {
  return { gatewayApi: ui.release.value, channel: ui.channel.value };
}

function scheduleLint() {
  if (lintTimer) clearTimeout(lintTimer);
  lintTimer = setTimeout(runLint, DEBOUNCE_MS);
}

function runLint() {
  lintTimer = 0;
  const text = view.state.doc.toString();
  const t0 = performance.now();
  let result;
  try {
    result = lint(text, options());
  } catch (err) {
    // Only bad options throw; the controls offer none, so this is a bug worth showing.
    ui.timing.textContent = `lint failed: ${err instanceof Error ? err.message : String(err)}`;
    document.body.dataset.state = "failed";
    return;
  }
  const ms = performance.now() - t0;
  lastResult = result;
  view.dispatch(setDiagnostics(view.state, toEditorDiagnostics(result, view.state.doc.length)));
  renderSummary(result, ms);
  renderDiagnostics(result);
  renderResources(result);
  renderRules(result);
  lintCount++;
  document.body.dataset.lints = String(lintCount);
  document.body.dataset.state = "ready";
  scheduleFragment();
}

function countBySeverity(diagnostics) {
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const d of diagnostics) counts[d.severity] = (counts[d.severity] ?? 0) + 1;
  return counts;
}

function renderSummary(result, ms) {
  const c = countBySeverity(result.diagnostics);
  ui.counts.error.textContent = plural(c.error, "error");
  ui.counts.warning.textContent = plural(c.warning, "warning");
  ui.counts.info.textContent = `${c.info + c.hint} info`;
  for (const [sev, node] of Object.entries(ui.counts)) {
    const n = sev === "info" ? c.info + c.hint : c[sev];
    node.classList.toggle("zero", n === 0);
  }
  ui.resolved.textContent = `Gateway API ${result.gatewayApi}`;
  ui.timing.textContent = `linted in ${ms.toFixed(1)} ms`;
  ui.diagBadge.textContent = String(result.diagnostics.length);
}

function renderDiagnostics(result) {
  const items = result.diagnostics.map((d, i) => {
    const li = el("li");
    const button = el("button", `diag ${d.severity}`);
    button.type = "button";
    button.dataset.index = String(i);
    const where = `${d.range.start.line + 1}:${d.range.start.character + 1}`;
    const head = el("span", "diag-head");
    head.append(
      el("span", `sev sev-${d.severity}`, d.severity),
      el("span", "loc", where),
      el("code", "code", d.code),
    );
    if (d.resource?.kind) head.append(el("span", "res", `${d.resource.kind}/${d.resource.name ?? "?"}`));
    button.append(head, el("span", "msg", d.message));
    if (d.help) button.append(el("span", "help", d.help));
    button.setAttribute("aria-label", `${d.severity} at line ${d.range.start.line + 1} column ${d.range.start.character + 1}: ${d.message}`);
    button.addEventListener("click", () => selectRange(d.offsets.start, d.offsets.end));
    li.append(button);
    return li;
  });
  ui.diagnostics.replaceChildren(...items);
  ui.diagnosticsEmpty.hidden = items.length > 0;
}

function renderResources(result) {
  const counts = new Map();
  for (const d of result.diagnostics) {
    if (!d.resource) continue;
    const k = d.resource.documentIndex;
    const c = counts.get(k) ?? { error: 0, other: 0 };
    if (d.severity === "error") c.error++;
    else c.other++;
    counts.set(k, c);
  }
  const rows = result.resources.map((r) => {
    const tr = el("tr");
    const c = counts.get(r.documentIndex) ?? { error: 0, other: 0 };
    const status = c.error ? plural(c.error, "error") : c.other ? plural(c.other, "note") : "ok";
    const object = el("td");
    object.append(el("div", "kind", r.kind ?? "(no kind)"), el("div", "muted", [r.namespace, r.name ?? "(no name)"].filter((x) => x !== null).join("/")));
    const api = el("td", "api", r.apiVersion ?? "—");
    const channel = el("td", null, r.channel ?? (r.known ? "—" : "not Gateway API"));
    tr.append(el("td", "num", r.documentIndex + 1), object, api, channel, el("td", c.error ? "bad" : "good", status));
    return tr;
  });
  ui.resources.replaceChildren(...rows);
  ui.resourcesEmpty.hidden = rows.length > 0;
}

function renderRules(result) {
  const rules = new Map();
  for (const d of result.diagnostics) {
    const r = rules.get(d.code) ?? { code: d.code, source: d.source, severities: new Set(), count: 0, first: d };
    r.count++;
    r.severities.add(d.severity);
    rules.set(d.code, r);
  }
  const rows = [...rules.values()]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((r) => {
      const tr = el("tr");
      const codeCell = el("td");
      codeCell.append(el("code", null, r.code));
      const example = el("td");
      const jump = el("button", "link", r.first.message);
      jump.type = "button";
      jump.title = "Show the first occurrence in the editor";
      jump.addEventListener("click", () => selectRange(r.first.offsets.start, r.first.offsets.end));
      example.append(jump);
      if (r.first.help) example.append(el("div", "help", r.first.help));
      tr.append(codeCell, el("td", null, r.source), el("td", null, [...r.severities].join(", ")), el("td", "num", r.count), example);
      return tr;
    });
  ui.rules.replaceChildren(...rows);
  ui.rulesEmpty.hidden = rows.length > 0;
}

// ---------------------------------------------------------------------------------------------------------
// Tabs (WAI-ARIA tabs pattern: arrow keys, Home/End, roving tabindex)

function setupTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  const select = (tab, focus) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute("aria-controls")).hidden = !on;
    }
    if (focus) tab.focus();
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => select(tab, false));
    tab.addEventListener("keydown", (e) => {
      let next = null;
      if (e.key === "ArrowRight" || e.key === "ArrowDown") next = tabs[(i + 1) % tabs.length];
      else if (e.key === "ArrowLeft" || e.key === "ArrowUp") next = tabs[(i - 1 + tabs.length) % tabs.length];
      else if (e.key === "Home") next = tabs[0];
      else if (e.key === "End") next = tabs[tabs.length - 1];
      if (next) {
        e.preventDefault();
        select(next, true);
      }
    });
  });
  select(tabs[0], false);
}

// ---------------------------------------------------------------------------------------------------------
// Controls, examples and the shared state

function fillSelect(select, values, labels = values) {
  select.replaceChildren(
    ...values.map((v, i) => {
      const o = el("option", null, labels[i]);
      o.value = v;
      return o;
    }),
  );
}

function syncExampleChoice() {
  const text = view.state.doc.toString();
  const match = EXAMPLES.find((e) => e.text === text);
  ui.example.value = match ? match.id : "";
}

function currentState() {
  return {
    v: 1,
    text: view.state.doc.toString(),
    gatewayApi: ui.release.value,
    channel: ui.channel.value,
    profile: ui.profile.value,
  };
}

function applyState(state) {
  if (RELEASES.includes(state.gatewayApi)) ui.release.value = state.gatewayApi;
  if (CHANNELS.includes(state.channel)) ui.channel.value = state.channel;
  if (PROFILES.includes(state.profile)) ui.profile.value = state.profile;
  if (typeof state.text === "string" && state.text.length <= MAX_STATE_CHARS) setText(state.text);
}

let lastFragment = "";

function scheduleFragment() {
  if (fragmentTimer) clearTimeout(fragmentTimer);
  fragmentTimer = setTimeout(writeFragment, FRAGMENT_DEBOUNCE_MS);
}

async function writeFragment() {
  fragmentTimer = 0;
  const fragment = await encodeState(currentState());
  if (fragment.length > MAX_FRAGMENT) {
    ui.shareNote.textContent = "Too large to share in a link";
    return null;
  }
  if (fragment !== lastFragment) {
    lastFragment = fragment;
    window.history.replaceState(null, "", `#${fragment}`);
  }
  return fragment;
}

async function share() {
  const fragment = await writeFragment();
  if (fragment === null) return;
  const url = location.href;
  try {
    await navigator.clipboard.writeText(url);
    ui.shareNote.textContent = "Link copied";
  } catch {
    ui.shareNote.textContent = "Link is in the address bar";
  }
  setTimeout(() => {
    ui.shareNote.textContent = "";
  }, 4000);
}

async function readFragment() {
  if (!location.hash || location.hash === "#" + lastFragment) return false;
  try {
    const state = await decodeState(location.hash);
    if (!state) return false;
    lastFragment = location.hash.slice(1);
    applyState(state);
    return true;
  } catch (err) {
    ui.shareNote.textContent = `Could not read the shared link: ${err instanceof Error ? err.message : String(err)}`;
    return false;
  }
}

async function main() {
  fillSelect(ui.release, RELEASES, RELEASES.map((r) => (r === "auto" ? "auto (from the CRDs, else latest)" : r)));
  fillSelect(ui.channel, CHANNELS);
  fillSelect(ui.profile, PROFILES);
  fillSelect(
    ui.example,
    ["", ...EXAMPLES.map((e) => e.id)],
    ["Your text", ...EXAMPLES.map((e) => e.title)],
  );
  ui.example.options[0].disabled = true;
  setupTabs();

  await init();
  const v = version();
  ui.version.textContent = `v${v}`;

  view = createEditor(EXAMPLES[0].text);
  // A read-only handle for the console and for the page tests: the editor's text and the last result.
  window.gwlintPlayground = Object.freeze({
    text: () => view.state.doc.toString(),
    result: () => (lastResult === null ? null : structuredClone(lastResult)),
  });
  ui.editor.dataset.selection = "0-0";
  await readFragment();
  syncExampleChoice();

  ui.example.addEventListener("change", () => {
    const ex = exampleById(ui.example.value);
    if (ex) {
      setText(ex.text);
      runLint();
    }
  });
  for (const control of [ui.release, ui.channel, ui.profile]) control.addEventListener("change", runLint);
  ui.share.addEventListener("click", () => {
    share().catch(() => {});
  });
  window.addEventListener("hashchange", () => {
    readFragment().then((changed) => changed && runLint());
  });
  runLint();
}

main().catch((err) => {
  ui.timing.textContent = `failed to start: ${err instanceof Error ? err.message : String(err)}`;
  document.body.dataset.state = "failed";
});
