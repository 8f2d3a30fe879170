// The gwlint playground: start-up and wiring. Two CodeMirror 6 editors (the manifests, and admission
// policies passed as the `policies` option) are analysed by the wasm build in a Web Worker (worker.js,
// through client.js): the page's main thread only edits and draws. The manifest editor is gwlint/codemirror's
// (diagnostics with quick fixes, hover docs, completion), whose language server runs in the same worker on a
// MessagePort and shares its Linter with the panels' analysis (language-server.js). Each results panel is a module with
// `render(result)`, rendered when its tab is open; the shared state lives in the URL fragment (state.js),
// which browsers never send to a server. User text and messages are only ever set as textContent.
import { $, fillSelect, errorText } from "./dom.js";
import { forEachDiagnostic } from "@codemirror/lint";
import { createGwlint } from "../../editors/codemirror/index.mjs";
import { createEditor, setText, selectRange } from "./editor.js";
import { AnalysisClient } from "./client.js";
import { MANIFESTS_URI, serverSettings } from "./language-server.js";
import { createShareState, sharedText } from "./state.js";
import { setupTabs } from "./tabs.js";
import { EXAMPLES, exampleById, POLICY_EXAMPLES, NO_POLICIES, policyExampleById } from "./examples.js";
import * as summary from "./panels/summary.js";
import * as diagnostics from "./panels/diagnostics.js";
import * as resources from "./panels/resources.js";
import * as rules from "./panels/rules.js";
import * as status from "./panels/status.js";
import * as effectivePolicies from "./panels/effective-policies.js";
import * as topology from "./panels/topology.js";
import * as picture from "./panels/picture.js";
import * as normalized from "./panels/normalized.js";

const RELEASES = ["auto", "v1.2.1", "v1.3.0", "v1.4.1", "v1.5.1", "v1.6.1"];
const CHANNELS = ["auto", "standard", "experimental"];
const DEBOUNCE_MS = 250;

const ui = {
  example: $("example"),
  policyExample: $("policy-example"),
  release: $("release"),
  channel: $("channel"),
  profile: $("profile"),
  share: $("share"),
  shareNote: $("share-note"),
  version: $("version"),
  skip: document.querySelector("a.skip"),
  admissionBadge: $("admission-badge"),
};

/**
 * Panels drawn from the evaluate result when their tab is open, by tab. The Diagnostics list is drawn for
 * every result (it is virtualised, and other panels link into it).
 */
const PANELS = {
  "tab-resources": resources,
  "tab-rules": rules,
  "tab-status": status,
  "tab-policies": effectivePolicies,
  "tab-topology": topology,
};

let profileNames = ["upstream"];
let manifests;
let policies;
let client;
/** The gwlint/codemirror session (its server in the worker), its port, and the options it was last given. */
let session;
let serverPort;
let serverOptions = "";
let editorLints = 0;
/** Whether the editor's diagnostics were published since the options last changed. */
let editorOptionsShown = true;
let share;
let resultTabs;
let editorTabs;
let lintTimer = 0;
let lintCount = 0;
/** The newest evaluate result, the generation it belongs to, and the panels drawn from it. */
let lastResult = null;
let lastGen = 0;
const drawn = new Set();
/** A picture that arrived while the Topology tab was closed. */
let pendingPicture = null;
/** The generation (and normalize request) the lazy outputs were last asked for. */
const asked = { preview: -1, normalized: "" };

// ---------------------------------------------------------------------------------------------------------
// Analysis

function options() {
  const o = { gatewayApi: ui.release.value, channel: ui.channel.value, profile: ui.profile.value };
  const text = policies.state.doc.toString();
  // Comments alone are no policies: the option is left out, as a fresh page has it. The text ends with a
  // newline, as the language server joins policy files (the same options share the worker's Linter).
  if (/^\s*[^#\s]/m.test(text)) o.policies = text.endsWith("\n") ? text : `${text}\n`;
  return o;
}

/** The editor's language server gets the panels' options (the policies first, on its port, in order). */
function syncServerOptions(o) {
  const key = JSON.stringify(o);
  if (key === serverOptions) return;
  serverOptions = key;
  serverPort.postMessage({ playgroundPolicies: o.policies ?? "" });
  editorOptionsShown = false;
  session.setOptions(serverSettings(o, DEBOUNCE_MS));
}

/** The width the picture may take: the Topology panel's, within what `preview()` accepts. */
function pictureWidth() {
  const width = Math.round($("preview").clientWidth || 595);
  return Math.min(20000, Math.max(240, width));
}

/** What the open tab needs beyond evaluate. */
function lazyWants() {
  const tab = resultTabs.current();
  return {
    preview: tab === "tab-topology" ? { maxWidth: pictureWidth() } : null,
    normalize: tab === "tab-normalized" ? normalized.request() : null,
  };
}

function textChanged() {
  // Results on their way describe the old text: they are dropped from now on.
  client.invalidate();
  document.body.dataset.pending = "true";
  clearTimeout(lintTimer);
  lintTimer = setTimeout(analyze, DEBOUNCE_MS);
}

function analyze() {
  clearTimeout(lintTimer);
  lintTimer = 0;
  const wants = lazyWants();
  const o = options();
  syncServerOptions(o);
  const gen = client.analyze(manifests.state.doc.toString(), o, wants);
  if (wants.preview) asked.preview = gen;
  if (wants.normalize) asked.normalized = JSON.stringify([gen, wants.normalize]);
}

/** The open tab's lazy output, when it was not asked for this generation yet. */
function requestLazy() {
  if (lastGen === 0 || lintTimer) return;
  const wants = lazyWants();
  const gen = client.gen;
  const ask = {};
  if (wants.preview && asked.preview !== gen) {
    asked.preview = gen;
    ask.preview = wants.preview;
  }
  const key = JSON.stringify([gen, wants.normalize]);
  if (wants.normalize && asked.normalized !== key) {
    asked.normalized = key;
    ask.normalize = wants.normalize;
  }
  if (ask.preview || ask.normalize) client.request(ask);
}

function onResult(kind, result, ms, gen) {
  if (kind === "evaluate") {
    lastResult = result;
    lastGen = gen;
    drawn.clear();
    // A picture of an older text is not worth drawing (the worker sends a text's picture after its evaluation).
    pendingPicture = null;
    summary.render(result, ms);
    diagnostics.render(result);
    status.renderBadge(result);
    showAdmissionBadge(result);
    drawOpenPanel();
    lintCount++;
    document.body.dataset.lints = String(lintCount);
    document.body.dataset.gen = String(gen);
    delete document.body.dataset.pending;
    document.body.dataset.state = "ready";
    share.schedule();
  } else if (kind === "preview") {
    // Drawn while its tab is open (the legend is measured); kept for the tab's next opening otherwise.
    pendingPicture = { result, gen };
    drawOpenPanel();
  } else if (kind === "normalized") {
    normalized.render(result);
    $("normalized").dataset.gen = String(gen);
  }
}

function drawOpenPanel() {
  const tab = resultTabs.current();
  if (tab === "tab-topology" && pendingPicture) {
    picture.render(pendingPicture.result);
    $("preview").dataset.gen = String(pendingPicture.gen);
    pendingPicture = null;
  }
  const panel = PANELS[tab];
  if (panel && lastResult && !drawn.has(tab)) {
    drawn.add(tab);
    panel.render(lastResult);
  }
}

/** How many diagnostics the admission policies gave, on the Admission policies tab. */
function showAdmissionBadge(result) {
  const n = result.diagnostics.filter((d) => d.source === "policy").length;
  ui.admissionBadge.hidden = n === 0;
  ui.admissionBadge.textContent = String(n);
  ui.admissionBadge.title = `${n} diagnostics from the admission policies`;
}

// ---------------------------------------------------------------------------------------------------------
// Examples and the shared state

function syncExampleChoice(select, examples, view) {
  const length = view.state.doc.length;
  // Only an equal length can be an equal text: no copy of a large document per keystroke.
  const match = examples.find((e) => e.text.length === length && e.text === view.state.doc.toString());
  select.value = match ? match.id : "";
}

function currentState() {
  return {
    v: 1,
    text: manifests.state.doc.toString(),
    policies: policies.state.doc.toString(),
    gatewayApi: ui.release.value,
    channel: ui.channel.value,
    profile: ui.profile.value,
    tab: resultTabs.current().replace(/^tab-/, ""),
    editor: editorTabs.current().replace(/^tab-/, ""),
  };
}

function applyState(state) {
  if (RELEASES.includes(state.gatewayApi)) ui.release.value = state.gatewayApi;
  if (CHANNELS.includes(state.channel)) ui.channel.value = state.channel;
  if (profileNames.includes(state.profile)) ui.profile.value = state.profile;
  const text = sharedText(state.text);
  if (text !== null) setText(manifests, text);
  const policyText = sharedText(state.policies);
  if (policyText !== null) setText(policies, policyText);
  if (typeof state.tab === "string" && resultTabs.ids.includes(`tab-${state.tab}`)) resultTabs.select(`tab-${state.tab}`);
  if (typeof state.editor === "string" && editorTabs.ids.includes(`tab-${state.editor}`)) editorTabs.select(`tab-${state.editor}`);
  syncExampleChoice(ui.example, EXAMPLES, manifests);
  syncExampleChoice(ui.policyExample, POLICY_EXAMPLES, policies);
}

function noteShare(text) {
  ui.shareNote.textContent = text;
}

// ---------------------------------------------------------------------------------------------------------
// Start-up

function createEditors() {
  const reportSelection = (view) => {
    const sel = view.state.selection.main;
    view.dom.parentElement.dataset.selection = `${sel.from}-${sel.to}`;
  };
  manifests = createEditor({
    parent: $("editor"),
    text: EXAMPLES[0].text,
    label: "Manifest (YAML or JSON)",
    extensions: session.extension({ uri: MANIFESTS_URI }),
    onChange: (view) => {
      textChanged();
      syncExampleChoice(ui.example, EXAMPLES, view);
    },
    onSelection: reportSelection,
  });
  policies = createEditor({
    parent: $("policy-editor"),
    text: NO_POLICIES,
    label: "Admission policies (YAML or JSON)",
    onChange: (view) => {
      textChanged();
      syncExampleChoice(ui.policyExample, POLICY_EXAMPLES, view);
    },
    onSelection: reportSelection,
  });
  $("editor").dataset.selection = "0-0";
  // Each publication of the server's diagnostics for the editor's text (after the adapter has shown it).
  session.client.documents.get(MANIFESTS_URI)?.listeners.add((_, version) => {
    editorLints++;
    editorOptionsShown = true;
    $("editor").dataset.lints = String(editorLints);
    $("editor").dataset.version = String(version);
  });
}

/** Whether the editor shows the server's diagnostics of its current text and options. */
function editorCurrent() {
  const doc = session.client.documents.get(MANIFESTS_URI);
  return Boolean(doc) && editorOptionsShown && String(doc.version) === $("editor").dataset.version && doc.text.length === manifests.state.doc.length;
}

/** The manifest editor's diagnostics, as CodeMirror has them (for the page tests). */
function editorDiagnostics() {
  const out = [];
  forEachDiagnostic(manifests.state, (d, from, to) => out.push({ from, to, severity: d.severity, message: d.message, actions: (d.actions ?? []).map((a) => a.name) }));
  return out;
}

function fillControls() {
  fillSelect(ui.release, RELEASES, RELEASES.map((r) => (r === "auto" ? "auto (from the CRDs, else latest)" : r)));
  fillSelect(ui.channel, CHANNELS);
  fillSelect(ui.example, ["", ...EXAMPLES.map((e) => e.id)], ["Your text", ...EXAMPLES.map((e) => e.title)]);
  ui.example.options[0].disabled = true;
  fillSelect(ui.policyExample, ["", ...POLICY_EXAMPLES.map((e) => e.id)], ["Your policies", ...POLICY_EXAMPLES.map((e) => e.title)]);
  ui.policyExample.options[0].disabled = true;
}

function onReady({ version, rules: catalogue, profiles }) {
  ui.version.textContent = `v${version}`;
  profileNames = ["upstream", ...profiles.map((p) => p.name)];
  fillSelect(ui.profile, profileNames);
  ui.profile.title = ["upstream: the Gateway API spec", ...profiles.map((p) => `${p.name}: ${p.title}`)].join("\n");
  rules.init({ rules: catalogue, profiles, select: showInEditor, currentProfile: () => ui.profile.value });
}

function showInEditor(d) {
  editorTabs.select("tab-manifests");
  selectRange(manifests, d.offsets.start, d.offsets.end);
}

function failed(message) {
  summary.message(message);
  document.body.dataset.state = "failed";
}

async function main() {
  fillControls();
  diagnostics.init(showInEditor);
  resources.init();
  topology.init();
  picture.init();
  normalized.init({ releases: RELEASES.filter((r) => r !== "auto"), onChange: requestLazy });
  resultTabs = setupTabs($("result-tabs"), {
    onSelect: () => {
      drawOpenPanel();
      requestLazy();
      share?.schedule();
    },
  });
  editorTabs = setupTabs($("editor-tabs"), {
    onSelect: (id) => {
      (id === "tab-admission" ? policies : manifests)?.requestMeasure();
      share?.schedule();
    },
  });
  client = new AnalysisClient(new URL("./worker.js", import.meta.url), {
    ready: onReady,
    failed: (message) => failed(`failed to start: ${message}`),
    result: onResult,
    error: (kind, message) => failed(`${kind} failed: ${message}`),
    progress: (phase) => summary.progress(phase),
  });
  // The adapter's language server: in the same worker, on a port of its own.
  const channel = new MessageChannel();
  client.worker.postMessage({ type: "lsp", port: channel.port2 }, [channel.port2]);
  serverPort = channel.port1;
  // A fresh page's options (the profiles are listed once the worker is ready): a shared link's follow.
  const initial = { gatewayApi: ui.release.value, channel: ui.channel.value, profile: ui.profile.value || "upstream" };
  serverOptions = JSON.stringify(initial);
  session = createGwlint({ worker: serverPort, options: serverSettings(initial, DEBOUNCE_MS) });
  // The page offers valid options only; a message from the server is kept for the console and the tests.
  session.onMessage((m) => (document.body.dataset.serverMessage = m.message));
  createEditors();
  share = createShareState({ get: currentState, apply: applyState, note: noteShare });
  // A read-only handle for the console and the page tests.
  window.gwlintPlayground = Object.freeze({
    text: () => manifests.state.doc.toString(),
    policies: () => policies.state.doc.toString(),
    result: () => (lastResult === null ? null : structuredClone(lastResult)),
    picture: () => picture.view(),
    staleResults: () => client.stale,
    /** How many lints and evaluations the worker made, and how many it shared (the editor's and the panels'). */
    analysisCounts: () => client.counts(),
    editorDiagnostics,
    editorCurrent,
    /** Where an offset of the manifests is drawn ({ x, y } in the viewport), or null when it is not. */
    coords: (pos) => {
      const c = manifests.coordsAtPos(pos);
      return c && { x: c.left + 1, y: (c.top + c.bottom) / 2 };
    },
    /** Selects a range of the manifests and focuses that editor, as clicking a diagnostic does. */
    select: (from, to) => selectRange(manifests, from, to),
  });

  await client.ready;
  await share.read();
  syncExampleChoice(ui.example, EXAMPLES, manifests);

  ui.example.addEventListener("change", () => {
    const ex = exampleById(ui.example.value);
    if (ex) {
      setText(manifests, ex.text);
      analyze();
    }
  });
  ui.policyExample.addEventListener("change", () => {
    const ex = policyExampleById(ui.policyExample.value);
    if (ex) {
      setText(policies, ex.text);
      analyze();
    }
  });
  for (const control of [ui.release, ui.channel, ui.profile]) {
    control.addEventListener("change", () => {
      client.invalidate();
      analyze();
    });
  }
  ui.share.addEventListener("click", () => {
    share.share().catch(() => {});
  });
  // The skip link focuses the editor; following its #editor would replace the shared state's fragment.
  ui.skip.addEventListener("click", (e) => {
    e.preventDefault();
    editorTabs.select("tab-manifests");
    manifests.focus();
  });
  window.addEventListener("hashchange", () => {
    share.read().then((changed) => changed && analyze());
  });
  analyze();
}

main().catch((err) => failed(`failed to start: ${errorText(err)}`));
