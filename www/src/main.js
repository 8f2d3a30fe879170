// The gwlint playground: a CodeMirror 6 editor evaluated live by the wasm build (../pkg/gwlint.js, loaded at
// run time, never bundled). Everything runs in the page; the shared state lives in the URL fragment, which
// browsers never send to a server. User text and messages are only ever set as textContent.
import init, { Linter, convert, normalize, preview, profiles, rules, version } from "../pkg/gwlint.js";
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
/** Filled from `profiles()` once the module is loaded. */
let PROFILES = ["upstream"];
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
  rulesFiredOnly: $("rules-fired-only"),
  statusList: $("status-list"),
  statusEmpty: $("status-empty"),
  statusBadge: $("status-badge"),
  policies: $("policies-body"),
  policiesTable: $("policies-table"),
  policiesEmpty: $("policies-empty"),
  topologyTree: $("topology-tree"),
  topologyEmpty: $("topology-empty"),
  topologyEdges: $("topology-edges"),
  topologyEdgeCount: $("topology-edge-count"),
  topologyEdgesBox: $("topology-edges-box"),
  preview: $("preview"),
  previewSummary: $("preview-summary"),
  previewFit: $("preview-fit"),
  normalizeMode: $("normalize-mode"),
  normalizeFormat: $("normalize-format"),
  normalizeNamespace: $("normalize-namespace"),
  normalizeCopy: $("normalize-copy"),
  normalizeNote: $("normalize-note"),
  normalized: $("normalized"),
  normalizeDiff: $("normalize-diff"),
  normalizeDiffCount: $("normalize-diff-count"),
};

let view;
let lintTimer = 0;
let fragmentTimer = 0;
let lintCount = 0;
let lastResult = null;
// One incremental linter for the editor's text: each change re-checks only the documents it touched.
let linter = null;

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
  return { gatewayApi: ui.release.value, channel: ui.channel.value, profile: ui.profile.value };
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
    linter ??= new Linter(options());
    linter.setOptions(options());
    result = linter.evaluate(text);
  } catch (err) {
    // Only bad options throw; the controls offer none, so this is a bug worth showing.
    ui.timing.textContent = `evaluation failed: ${err instanceof Error ? err.message : String(err)}`;
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
  renderStatus(result);
  renderPolicies(result);
  renderTopology(result);
  renderLazyPanels(text);
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
  ui.timing.textContent = `evaluated in ${ms.toFixed(1)} ms`;
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

/** The rule catalogue (lint and evaluate codes), loaded once after the module initialises. */
let catalogue = [];
/** The rules of each implementation profile, by profile name (from `profiles()`). */
let profileRules = new Map();

/** A profile rule in the shape of a catalogue entry. */
function profileRuleEntry(r) {
  const how = typeof r.enforcement === "string" ? r.enforcement : JSON.stringify(r.enforcement);
  return { code: r.code, source: "profile", severity: r.severity, summary: r.description, docs: `Enforcement: ${how}. ${r.docsUrl}` };
}

function renderRules(result) {
  const fired = new Map();
  for (const d of result.diagnostics) {
    const f = fired.get(d.code) ?? { count: 0, first: d };
    f.count++;
    fired.set(d.code, f);
  }
  const known = new Map(catalogue.map((r) => [r.code, r]));
  for (const r of profileRules.get(ui.profile.value) ?? []) known.set(r.code, profileRuleEntry(r));
  // Codes outside the catalogue (profile rules) still show, from their diagnostics.
  for (const [code, f] of fired) {
    if (!known.has(code)) known.set(code, { code, source: f.first.source, severity: f.first.severity, summary: f.first.message, docs: f.first.help ?? "" });
  }
  const firedOnly = ui.rulesFiredOnly.checked;
  const rows = [...known.values()]
    .filter((r) => !firedOnly || fired.has(r.code))
    .sort((a, b) => Number(fired.has(b.code)) - Number(fired.has(a.code)) || a.code.localeCompare(b.code))
    .map((r) => {
      const f = fired.get(r.code);
      const tr = el("tr", f ? "fired" : null);
      tr.id = `rule-${r.code.replace(/[^a-z0-9-]/g, "-")}`;
      const codeCell = el("td");
      codeCell.append(el("code", null, r.code));
      const what = el("td");
      const details = el("details");
      details.append(el("summary", null, r.summary), el("p", "help", r.docs));
      what.append(details);
      if (f) {
        const jump = el("button", "link", f.first.message);
        jump.type = "button";
        jump.title = "Show the first occurrence in the editor";
        jump.addEventListener("click", () => selectRange(f.first.offsets.start, f.first.offsets.end));
        what.append(jump);
      }
      tr.append(codeCell, el("td", null, r.source), el("td", null, r.severity), el("td", "num", f ? f.count : "—"), what);
      return tr;
    });
  ui.rules.replaceChildren(...rows);
  ui.rulesEmpty.hidden = rows.length > 0;
}

// ---------------------------------------------------------------------------------------------------------
// Status, effective policies and topology (from evaluate)

/** Condition types whose healthy value is False (a listener that is not Conflicted is fine). */
/** "good", "bad" or "unknown": whether a condition is what a working setup shows (gwlint's `healthy`). */
function conditionHealth(c) {
  if (c.status === "Unknown") return "unknown";
  return c.healthy ? "good" : "bad";
}

const HEALTH_MARK = { good: "✓", bad: "✗", unknown: "?" };
const HEALTH_WORD = { good: "as expected", bad: "a problem", unknown: "unknown" };

const objectName = (namespace, name) => (namespace ? `${namespace}/${name}` : name);

function parentRefText(ref) {
  const kind = ref.group === "gateway.networking.k8s.io" || ref.group === "" ? ref.kind : `${ref.kind}.${ref.group}`;
  let text = `${kind} ${objectName(ref.namespace, ref.name)}`;
  if (ref.sectionName !== null) text += ` · sectionName ${ref.sectionName}`;
  if (ref.port !== null) text += ` · port ${ref.port}`;
  return text;
}

/** One condition as a row: mark, status word, type, reason; the message under them. */
function renderCondition(c) {
  const health = conditionHealth(c);
  const li = el("li", `cond ${health}`);
  li.dataset.type = c.type;
  li.dataset.status = c.status;
  li.dataset.reason = c.reason;
  const mark = el("span", `cond-mark ${health}`, HEALTH_MARK[health]);
  mark.setAttribute("aria-hidden", "true");
  const status = el("span", `cond-status s-${c.status.toLowerCase()}`, c.status);
  status.title = `${c.type} is ${c.status}: ${HEALTH_WORD[health]}`;
  const head = el("span", "cond-head");
  head.append(mark, status, el("code", "cond-type", c.type), el("span", "cond-reason", c.reason));
  if (c.message) head.append(el("span", "cond-message", c.message));
  li.append(head);
  li.setAttribute("aria-label", `${c.type} ${c.status} (${HEALTH_WORD[health]}), reason ${c.reason}: ${c.message}`);
  return li;
}

function conditionList(conditions, label) {
  const ul = el("ul", "conds");
  ul.setAttribute("aria-label", label);
  ul.append(...conditions.map(renderCondition));
  if (conditions.length === 0) ul.append(el("li", "empty", "No conditions."));
  return ul;
}

/** Every condition of a status, wherever it sits (listeners, parents, ancestors). */
function allConditions(status) {
  if (!status) return [];
  return [
    ...(status.conditions ?? []),
    ...(status.listeners ?? []).flatMap((l) => l.conditions),
    ...(status.parents ?? []).flatMap((p) => p.conditions),
    ...(status.ancestors ?? []).flatMap((a) => a.conditions),
  ];
}

const ABSENT_WORDS = {
  "rejected-by-api-server": "rejected by the API server: it does not exist in the cluster, so nothing reconciles it",
  "replaced-by-later": "replaced by a later definition of the same object",
};

function renderStatusObject(r) {
  const box = el("article", "obj");
  box.dataset.kind = r.kind;
  box.dataset.name = objectName(r.namespace, r.name);
  if (r.absent) {
    box.dataset.absent = r.absent;
    const head = el("h3", "obj-head");
    head.append(el("span", "kind", r.kind), el("span", "obj-name", objectName(r.namespace, r.name)), el("span", "muted doc", `document ${r.documentIndex + 1}`), el("span", "pill bad", `✗ ${ABSENT_WORDS[r.absent] ?? r.absent}`));
    box.append(head);
    return { box, problems: 1 };
  }
  const conds = allConditions(r.status);
  const problems = conds.filter((c) => conditionHealth(c) !== "good").length;
  const head = el("h3", "obj-head");
  const verdict = problems
    ? el("span", "pill bad", `✗ ${plural(problems, "condition")} not as expected`)
    : conds.length
      ? el("span", "pill good", "✓ all conditions as expected")
      : el("span", "pill neutral", "no conditions");
  head.append(el("span", "kind", r.kind), el("span", "obj-name", objectName(r.namespace, r.name)), el("span", "muted doc", `document ${r.documentIndex + 1}`), verdict);
  box.append(head);
  const s = r.status;
  if (s.listeners !== undefined || (s.conditions !== undefined && s.parents === undefined && s.ancestors === undefined)) {
    // GatewayStatus or GatewayClassStatus.
    box.append(el("h4", null, `${r.kind} conditions`), conditionList(s.conditions, `${r.kind} ${r.name} conditions`));
    for (const l of s.listeners ?? []) {
      const sec = el("section", "sub");
      sec.dataset.listener = l.name;
      sec.append(el("h4", null, `Listener ${l.name}`));
      const facts = el("p", "facts");
      const kinds = l.supportedKinds.map((k) => (k.group === "gateway.networking.k8s.io" ? k.kind : `${k.kind}.${k.group}`));
      facts.append(
        el("span", null, `attachedRoutes: ${l.attachedRoutes}`),
        el("span", null, `supportedKinds: ${kinds.length ? kinds.join(", ") : "none"}`),
      );
      sec.append(facts, conditionList(l.conditions, `listener ${l.name} conditions`));
      box.append(sec);
    }
  } else if (s.parents !== undefined) {
    if (s.parents.length === 0) box.append(el("p", "empty", "No parents: the route names no parentRef this evaluator handles."));
    for (const p of s.parents) {
      const sec = el("section", "sub");
      sec.append(el("h4", null, `Parent ${parentRefText(p.parentRef)}`), el("p", "facts muted", `controllerName: ${p.controllerName}`));
      sec.append(conditionList(p.conditions, `parent ${p.parentRef.name} conditions`));
      box.append(sec);
    }
  } else if (s.ancestors !== undefined) {
    if (s.ancestors.length === 0) {
      box.append(el("p", "empty", "No ancestors: no accepted route reaches a Service port this policy targets, so no controller writes a status for it."));
    }
    for (const a of s.ancestors) {
      const sec = el("section", "sub");
      sec.append(el("h4", null, `Ancestor ${parentRefText(a.ancestorRef)}`), el("p", "facts muted", `controllerName: ${a.controllerName}`));
      sec.append(conditionList(a.conditions, `ancestor ${a.ancestorRef.name} conditions`));
      box.append(sec);
    }
  }
  return { box, problems };
}

function renderStatus(result) {
  let objectsWithProblems = 0;
  const boxes = result.resources
    .filter((r) => r.status !== null || r.absent)
    .map((r) => {
      const { box, problems } = renderStatusObject(r);
      if (problems) objectsWithProblems++;
      return box;
    });
  ui.statusList.replaceChildren(...boxes);
  ui.statusEmpty.hidden = boxes.length > 0;
  ui.statusBadge.hidden = objectsWithProblems === 0;
  ui.statusBadge.textContent = String(objectsWithProblems);
  ui.statusBadge.title = `${plural(objectsWithProblems, "object")} with a condition that is not as expected`;
}

/** A table cell with a label for the stacked (narrow screen) layout and one line per value. */
function cell(label, lines, className) {
  const td = el("td", className);
  td.dataset.label = label;
  const values = lines.filter((x) => x !== null && x !== undefined && x !== "");
  const body = el("div", "cell-body");
  if (values.length === 0) body.append(el("span", "muted", "—"));
  values.forEach((v) => body.append(typeof v === "string" ? el("div", null, v) : v));
  td.append(body);
  return td;
}

function renderPolicies(result) {
  const rows = result.effectivePolicies.map((e) => {
    const tr = el("tr");
    const t = e.target;
    const port = t.port === null ? "" : `:${t.port}`;
    const target = el("div", "mono", `${t.namespace}/${t.name}${port}`);
    const targetLines = [target];
    if (t.portName !== null) targetLines.push(el("div", "muted", `port name ${t.portName}`));
    const policy = e.policy === null ? el("span", "muted", "none: plaintext to the backend") : el("div", "mono strong", objectName(e.policy.namespace, e.policy.name));
    const cas = [...e.caCertificateRefs.map((c) => `ConfigMap ${c}`)];
    if (e.wellKnownCaCertificates !== null) cas.push(`well-known: ${e.wellKnownCaCertificates}`);
    const losers = e.losers.map((l) => {
      const d = el("div", "loser");
      d.append(el("span", "mono", objectName(l.namespace, l.name)), document.createTextNode(" — "), el("span", "reason", l.reason));
      return d;
    });
    tr.append(
      cell("Service:port", targetLines),
      cell("Policy", [policy]),
      cell("SNI hostname", [e.hostname], "mono"),
      cell("CA certificates", cas, "mono"),
      cell("Gateways", e.gateways, "mono"),
      cell("Not applied", losers),
    );
    return tr;
  });
  ui.policies.replaceChildren(...rows);
  ui.policiesEmpty.hidden = rows.length > 0;
  ui.policiesTable.hidden = rows.length === 0;
}

/**
 * The topology as a tree: each edge kind read in the direction a person follows traffic and
 * configuration (a listener under its Gateway, a route under its listener, a Service under the route,
 * a policy under the Service it targets, its CA ConfigMaps under the policy).
 */
const EDGE_AS_CHILD = {
  "attaches-to": { parent: "to", child: "from", label: "attached" },
  "routes-to": { parent: "from", child: "to", label: "routes to" },
  targets: { parent: "to", child: "from", label: "targeted by" },
  "uses-ca": { parent: "from", child: "to", label: "CA from" },
  permits: { parent: "to", child: "from", label: "permitted by" },
};

const STATE_WORD = { accepted: "accepted", problem: "problem", "not-evaluated": "not evaluated" };
const STATE_MARK = { accepted: "✓", problem: "✗", "not-evaluated": "○", missing: "○" };

function nodeLabel(node, id) {
  if (!node) return { kind: id.split("/")[0] || "?", name: id.split("/").slice(1).join("/"), state: "missing" };
  // A listener sits under its Gateway in the tree: its own name says enough.
  const name = node.kind === "Listener" ? node.name : objectName(node.namespace, node.name);
  return { kind: node.kind, name, state: node.state };
}

function renderTopology(result) {
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
    const kids = (children.get(id) ?? []).slice().sort((a, b) => order(a.id, b.id));
    if (kids.length) {
      if (path.has(id) || shown.has(id)) {
        line.append(el("span", "muted", "(connections shown above)"));
      } else {
        shown.add(id);
        const ul = el("ul");
        const next = new Set(path).add(id);
        ul.append(...kids.map((k) => item(k.id, k.label, next)));
        li.append(ul);
      }
    }
    shown.add(id);
    return li;
  };
  const roots = nodes.map((n) => n.id).filter((id) => !hasParent.has(id)).sort(order);
  const items = roots.map((id) => item(id, null, new Set()));
  // Nodes only reachable through a cycle: list them too, so every node appears.
  for (const n of nodes) if (!shown.has(n.id)) items.push(item(n.id, null, new Set()));
  ui.topologyTree.replaceChildren(...items);
  ui.topologyEmpty.hidden = nodes.length > 0;
  ui.topologyEdgesBox.hidden = edges.length === 0;
  ui.topologyEdgeCount.textContent = String(edges.length);
  ui.topologyEdges.replaceChildren(
    ...edges.map((e) => {
      const tr = el("tr");
      tr.append(el("td", "mono", e.from), el("td", null, e.kind), el("td", "mono", e.to));
      return tr;
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------
// The picture and the normalized text: computed only while their tab is open (each is another pass
// over the text), and again when the text or a control changes.

const NORMALIZE_MODES = [
  ["normalize", "Normalized (defaults filled in)"],
  ["minimal", "Minimal (defaults dropped)"],
  ...RELEASES.filter((r) => r !== "auto").map((r) => [`convert:${r}`, `Converted to ${r}`]),
];

/** Which lazy panel last rendered which input, so switching tabs does not recompute. */
const lazyInputs = { preview: null, normalized: null };

function isOpen(panelId) {
  return !$(panelId).hidden;
}

function renderLazyPanels(text = view.state.doc.toString()) {
  try {
    renderOpenLazyPanel(text);
  } catch (err) {
    // As for evaluate: only bad options throw, and the controls offer none.
    ui.timing.textContent = `preview or normalize failed: ${err instanceof Error ? err.message : String(err)}`;
  }
}

function renderOpenLazyPanel(text) {
  const key = JSON.stringify([text, options(), ui.normalizeMode.value, ui.normalizeFormat.value, ui.normalizeNamespace.checked]);
  if (isOpen("panel-topology") && lazyInputs.preview !== key) {
    lazyInputs.preview = key;
    renderPreview(preview(text, options()));
  }
  if (isOpen("panel-normalized") && lazyInputs.normalized !== key) {
    lazyInputs.normalized = key;
    renderNormalized(runNormalize(text));
  }
}

/** The SVG is parsed as XML (never as HTML) and adopted; gwlint escapes every user string in it. */
function renderPreview(result) {
  const doc = new DOMParser().parseFromString(result.svg, "image/svg+xml");
  const svg = doc.documentElement;
  if (svg.nodeName !== "svg" || doc.getElementsByTagName("parsererror").length) {
    ui.preview.replaceChildren(el("p", "empty", "The picture could not be drawn."));
  } else {
    ui.preview.replaceChildren(document.importNode(svg, true));
  }
  ui.previewSummary.replaceChildren(
    ...result.summary.map((line) => {
      const li = el("li", `node-state-line ${line.state}`, line.text);
      li.dataset.kind = line.kind;
      return li;
    }),
  );
}

function runNormalize(text) {
  const mode = ui.normalizeMode.value;
  const format = ui.normalizeFormat.value;
  const base = { gatewayApi: ui.release.value, channel: ui.channel.value, profile: ui.profile.value };
  if (mode.startsWith("convert:")) {
    return convert(text, { ...base, to: mode.slice("convert:".length), format });
  }
  return normalize(text, { ...base, format, dropDefaults: mode === "minimal", fillNamespace: ui.normalizeNamespace.checked });
}

function valueText(v) {
  return v === null || v === undefined ? "—" : JSON.stringify(v);
}

function renderNormalized(result) {
  ui.normalized.textContent = result.text;
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  ui.normalizeNote.textContent = errors ? `${plural(errors, "error")} in the input: see Diagnostics` : "";
  ui.normalizeDiffCount.textContent = String(result.diff.length);
  ui.normalizeDiff.replaceChildren(
    ...result.diff.map((c) => {
      const tr = el("tr");
      tr.append(el("td", "num", c.documentIndex + 1), el("td", "mono", c.fieldPath), el("td", "mono", valueText(c.old)), el("td", "mono", valueText(c.new)), el("td", null, c.reason));
      return tr;
    }),
  );
}

async function copyNormalized() {
  try {
    await navigator.clipboard.writeText(ui.normalized.textContent ?? "");
    ui.normalizeNote.textContent = "Copied";
  } catch {
    // Clipboard access can be refused (permissions, insecure context): select the text instead.
    const range = document.createRange();
    range.selectNodeContents(ui.normalized);
    const sel = window.getSelection();
    sel?.removeAllRanges();
    sel?.addRange(range);
    ui.normalizeNote.textContent = "Selected: press Ctrl+C to copy";
  }
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
    if (view) renderLazyPanels();
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
  catalogue = rules();
  const available = profiles();
  PROFILES = ["upstream", ...available.map((p) => p.name)];
  fillSelect(ui.profile, PROFILES);
  ui.profile.title = ["upstream: the Gateway API spec", ...available.map((p) => `${p.name}: ${p.title}`)].join("\n");
  profileRules = new Map(available.map((p) => [p.name, p.rules]));
  fillSelect(ui.normalizeMode, NORMALIZE_MODES.map(([v]) => v), NORMALIZE_MODES.map(([, l]) => l));
  fillSelect(ui.normalizeFormat, ["yaml", "json"], ["YAML", "JSON"]);
  for (const control of [ui.normalizeMode, ui.normalizeFormat, ui.normalizeNamespace]) control.addEventListener("change", () => renderLazyPanels());
  ui.previewFit.addEventListener("change", () => ui.preview.classList.toggle("fit", ui.previewFit.checked));
  ui.normalizeCopy.addEventListener("click", () => {
    copyNormalized().catch(() => {});
  });
  ui.rulesFiredOnly.addEventListener("change", () => lastResult && renderRules(lastResult));

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
