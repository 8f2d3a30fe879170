// The gwlint language server, independent of the transport: `startServer(connection, { gwlint, host })` takes
// a vscode-languageserver connection (stdio in lsp/server.mjs; a browser Web Worker can pass one made by
// `vscode-languageserver/browser`), the gwlint module (the Node build, or the web build after `init()`), and a
// host that reads the workspace folders (Node: the file system; a browser: none).
import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  DiagnosticTag,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  MarkupKind,
  SymbolKind,
  TextDocumentSyncKind,
  TextDocuments,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { API_VERSIONS, METADATA_KEYS, REFERENCE_KEYS, TOP_LEVEL_KEYS } from "./catalog.mjs";
import { schemaCompletion } from "./complete.mjs";
import { fixesFor } from "./fixes.mjs";
import { globRegex, joinStream, policyDocuments, policyEntries, readPolicyFiles } from "./policies.mjs";
import { evaluateTogether } from "./together.mjs";
import { ancestors, lineStarts, metadataName, readLine, siblings, splitDocuments, splitLines, topLevel } from "./text.mjs";

export const DOCS_BASE = "https://github.com/gwlint/gwlint/blob/main/docs/rules.md";

/** The documentation URL of a rule code: docs/rules.md's section (anchor: the code lowercased, "/" removed). */
export function docsUrl(code) {
  return `${DOCS_BASE}#${code.toLowerCase().replaceAll("/", "")}`;
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint };
const NONE = Object.freeze([]);
/** The codes lsp/fixes.mjs may fix. */
const FIXED_CODES = new Set(["schema/required", "version/not-served", "evaluation/backend-ref", "evaluation/listener-refs", "evaluation/route-not-accepted"]);
const OPTION_KEYS = ["gatewayApi", "channel", "profile", "rules", "namespace", "cel", "references", "controllerName"];

/** The lint options of a settings object (`gwlint` section): the known keys, null and undefined left out. */
export function optionsOf(settings) {
  const options = {};
  for (const k of OPTION_KEYS) {
    if (settings && settings[k] !== undefined && settings[k] !== null && settings[k] !== "") options[k] = settings[k];
  }
  return options;
}

/** Whether a text holds Kubernetes objects (an `apiVersion` and a `kind` key, YAML or JSON). */
export function holdsObjects(text) {
  return /^\s*(?:-\s+)?"?apiVersion"?\s*:/m.test(text) && /^\s*(?:-\s+)?"?kind"?\s*:/m.test(text);
}

/** Whether an open document is (or is becoming) a manifest: an `apiVersion` or a `kind` key. */
export function mayHoldObjects(text) {
  return /^\s*(?:-\s+)?"?(?:apiVersion|kind)"?\s*:/m.test(text);
}

function overlaps(a, b) {
  const before = (p, q) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function contains(range, pos) {
  const le = (p, q) => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return le(range.start, pos) && le(pos, range.end);
}

function conditionLines(conditions, indent = "") {
  return conditions.map((c) => `${indent}- ${c.healthy ? "✓" : "✗"} \`${c.type}\`: ${c.status} (${c.reason}) ${c.message}`);
}

/** Markdown of an object's computed status (evaluate's `resources[].status`). */
export function statusMarkdown(resource) {
  const title = `**${resource.kind} ${resource.namespace ? `${resource.namespace}/` : ""}${resource.name}**`;
  if (resource.absent) return `${title}: not in the cluster (${resource.absent})`;
  const s = resource.status;
  if (!s) return `${title}: no status (gwlint computes status for Gateway API kinds)`;
  const out = [`${title}: computed status`, ""];
  if (s.conditions) out.push(...conditionLines(s.conditions));
  if (s.listeners) {
    for (const l of s.listeners) {
      out.push(`- listener \`${l.name}\`: ${l.attachedRoutes} attached route(s)`);
      out.push(...conditionLines(l.conditions, "  "));
    }
  }
  if (s.parents) {
    for (const p of s.parents) {
      const ref = p.parentRef;
      out.push(`- parent ${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}${ref.sectionName ? ` (${ref.sectionName})` : ""}`);
      out.push(...conditionLines(p.conditions, "  "));
    }
  }
  if (s.ancestors) {
    for (const a of s.ancestors) {
      const ref = a.ancestorRef;
      out.push(`- ancestor ${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}`);
      out.push(...conditionLines(a.conditions, "  "));
    }
  }
  return out.join("\n");
}

export function startServer(connection, { gwlint, host = {} }) {
  const documents = new TextDocuments(TextDocument);
  const rules = new Map(gwlint.rules().map((r) => [r.code, r]));
  const state = {
    initSettings: {},
    settings: {},
    options: {},
    folders: [],
    canConfigure: false,
    debounceMs: 25,
    workspaceLinter: null,
    /** The files the `policies` setting names: [{ uri, text }]. */
    policyFiles: [],
    /** The policies text the workspace Linter has. */
    workspacePolicies: "",
  };
  /** Per open document: { linter, version, result } (one Linter each: an edit re-lints that document only). */
  const open = new Map();
  /** Workspace files on disk that hold Kubernetes objects: uri -> text. */
  const disk = new Map();
  /** The last joint evaluation: uri -> { diagnostics, resources }. */
  let evaluation = new Map();
  /** The last published diagnostics, with gwlint's: uri -> [{ lsp, gw }]. */
  const published = new Map();
  let timer = null;
  let running = Promise.resolve();
  // The first lint waits for the settings and the workspace files (read after `initialized`), so that the first
  // diagnostics already resolve references to closed files.
  let markReady;
  const ready = new Promise((resolve) => (markReady = resolve));

  /** A bad option, shown as a message (a notification: it asks nothing of the user). */
  function showError(e) {
    const message = `gwlint: ${String(e?.message ?? e).replace(/^gwlint: /, "")}; using the default options`;
    connection.sendNotification("window/showMessage", { type: 1, message });
  }

  function newLinter() {
    try {
      return new gwlint.Linter(state.options);
    } catch (e) {
      showError(e);
      state.options = {};
      return new gwlint.Linter({});
    }
  }

  function applySettings(settings) {
    state.settings = { ...state.initSettings, ...(settings ?? {}) };
    if (typeof state.settings.debounceMs === "number") state.debounceMs = state.settings.debounceMs;
    const options = optionsOf(state.settings);
    if (JSON.stringify(options) === JSON.stringify(state.options) && state.workspaceLinter) return;
    state.options = options;
    try {
      // Validate once; a bad option is reported and the defaults used.
      new gwlint.Linter(options).free();
    } catch (e) {
      showError(e);
      state.options = {};
    }
    state.workspaceLinter?.free();
    state.workspaceLinter = newLinter();
    for (const entry of open.values()) {
      entry.linter.setOptions(state.options);
      entry.policies = "";
      entry.result = null;
    }
    state.workspacePolicies = "";
  }

  /** Reads the files of the `policies` setting (again); problems are shown as warnings. */
  async function loadPolicyFiles() {
    const entries = policyEntries(state.settings.policies);
    if (entries.length === 0 && state.policyFiles.length === 0) return;
    const { files, problems } = await readPolicyFiles(host, state.folders, entries);
    state.policyFiles = files;
    for (const message of problems) connection.sendNotification("window/showMessage", { type: 2, message: `gwlint: ${message}` });
  }

  /** Whether a file on disk is (or may now be) one of the `policies` setting's. */
  function isPolicyFile(uri) {
    if (state.policyFiles.some((f) => f.uri === uri)) return true;
    const folder = state.folders.find((d) => uri.startsWith(`${d.replace(/\/$/, "")}/`));
    if (!folder) return false;
    const rel = decodeURIComponent(uri.slice(folder.replace(/\/$/, "").length + 1));
    return policyEntries(state.settings.policies).some((e) => /[*?[{]/.test(e) && globRegex(e.replace(/^\.\//, "")).test(rel));
  }

  /** The policy documents of a workspace file, cached by its text. */
  const policyCache = new Map();
  function policiesOfFile(uri, text) {
    const c = policyCache.get(uri);
    if (c?.text === text) return c.policies;
    const policies = policyDocuments(text);
    policyCache.set(uri, { text, policies });
    return policies;
  }

  /**
   * The `policies` option for one open document: the setting's files, and the policy objects of the other workspace
   * files (its own are in its text). For the workspace evaluation (uri null), the setting's files that are not
   * workspace files (those are in its input already).
   */
  function policiesFor(uri, files) {
    const inWorkspace = new Set(files.map((f) => f.key));
    const parts = state.policyFiles.filter((f) => f.uri !== uri && (uri !== null || !inWorkspace.has(f.uri))).map((f) => f.text);
    if (uri !== null) {
      const listed = new Set(state.policyFiles.map((f) => f.uri));
      for (const f of files) if (f.key !== uri && !listed.has(f.key)) parts.push(policiesOfFile(f.key, f.text));
    }
    return joinStream(parts);
  }

  const withPolicies = (policies) => (policies ? { ...state.options, policies } : state.options);

  async function pullSettings() {
    if (!state.canConfigure) return;
    try {
      const [settings] = await connection.workspace.getConfiguration([{ section: "gwlint" }]);
      applySettings(settings && typeof settings === "object" ? settings : {});
    } catch {
      // A client that answers workspace/configuration with an error keeps the initialization options.
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Linting and evaluation

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      running = running.then(() => ready).then(run).catch((e) => connection.console.error(`gwlint: ${e.stack ?? e}`));
    }, state.debounceMs);
  }

  /** The workspace as evaluated: open documents (their current text) and the files on disk, by URI. */
  function workspaceFiles() {
    const files = new Map(disk);
    for (const doc of documents.all()) {
      if (mayHoldObjects(doc.getText())) files.set(doc.uri, doc.getText());
      else files.delete(doc.uri);
    }
    return [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, text]) => ({ key, text }));
  }

  async function run() {
    // The CRD asset: the values a missing required field can take (and hover); loaded once.
    const db = await loadDescriptions();
    const files = workspaceFiles();
    for (const doc of documents.all()) {
      let entry = open.get(doc.uri);
      if (!entry) {
        entry = { linter: newLinter(), version: -1, result: null, policies: "" };
        open.set(doc.uri, entry);
      }
      const policies = policiesFor(doc.uri, files);
      if (policies !== entry.policies) {
        entry.linter.setOptions(withPolicies(policies));
        entry.policies = policies;
        entry.result = null;
      }
      if (entry.version !== doc.version || !entry.result) {
        // A YAML or JSON document that is no Kubernetes manifest (the client may attach the server to every
        // YAML file): no diagnostics, and left out of the evaluation.
        entry.result = mayHoldObjects(doc.getText()) ? entry.linter.lint(doc.getText()) : { diagnostics: [], resources: [], gatewayApi: null };
        entry.version = doc.version;
      }
    }
    const workspacePolicies = policiesFor(null, files);
    if (workspacePolicies !== state.workspacePolicies) {
      state.workspaceLinter.setOptions(withPolicies(workspacePolicies));
      state.workspacePolicies = workspacePolicies;
    }
    const together = evaluateTogether((text) => state.workspaceLinter.evaluate(text), files);
    evaluation = together.files;
    generation++;
    if (together.tooLarge) connection.console.warn(`gwlint: the workspace is too large to evaluate as one input: ${together.tooLarge}`);
    for (const doc of documents.all()) publish(doc, db);
  }

  /** At most this many diagnostics of a document get the server's own fixes computed (each may lint the object). */
  const MAX_FIXED = 50;

  function publish(doc, db) {
    const entry = open.get(doc.uri);
    if (!entry?.result) return;
    const lintDiagnostics = entry.result.diagnostics;
    const seen = new Set(lintDiagnostics.map(keyOf));
    const evaluated = (evaluation.get(doc.uri)?.diagnostics ?? []).filter((d) => d.source !== "syntax" && d.source !== "schema" && d.source !== "cel" && !seen.has(keyOf(d)));
    let ctx = null;
    let fixed = 0;
    const all = [...lintDiagnostics, ...evaluated].map((d) => {
      let gw = d;
      if (fixed < MAX_FIXED && FIXED_CODES.has(d.code)) {
        fixed++;
        ctx ??= fixContext(doc, db);
        const more = fixesFor(d, ctx);
        if (more.length) gw = { ...d, fixes: [...(d.fixes ?? []), ...more] };
      }
      return { gw, lsp: toLsp(gw, doc) };
    });
    published.set(doc.uri, all);
    connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: all.map((x) => x.lsp) });
  }

  function keyOf(d) {
    return `${d.code}\u0000${d.offsets.start}\u0000${d.offsets.end}\u0000${d.message}`;
  }

  function toLsp(d, doc) {
    const out = {
      range: d.range,
      severity: SEVERITY[d.severity] ?? DiagnosticSeverity.Error,
      code: d.code,
      codeDescription: { href: d.docsUrl ?? docsUrl(d.code) },
      source: "gwlint",
      message: d.message,
      data: { source: d.source, fieldPath: d.fieldPath, help: d.help, fixable: Boolean(d.fixes?.length), fixes: d.fixes ?? [] },
    };
    if (d.code === "version/deprecated") out.tags = [DiagnosticTag.Deprecated];
    const related = relatedOf(d, doc);
    if (related.length) out.relatedInformation = related;
    return out;
  }

  /** What lsp/fixes.mjs reads of a document: its text, objects, references, and lint/convert with its options. */
  function fixContext(doc, db) {
    const text = doc.getText();
    const lines = splitLines(text);
    const release = open.get(doc.uri)?.result?.gatewayApi ?? (state.options.gatewayApi && state.options.gatewayApi !== "auto" ? state.options.gatewayApi : "v1.6.1");
    const lintOptions = { ...state.options, gatewayApi: release };
    const convertOptions = Object.fromEntries(Object.entries({ namespace: state.options.namespace, cel: state.options.cel }).filter(([, v]) => v !== undefined));
    return {
      text,
      lines,
      release,
      objectAt: (line) => objectAtLine(doc.uri, line),
      lint: (t) => gwlint.lint(t, lintOptions).diagnostics,
      optionsKey: JSON.stringify(lintOptions),
      convert: (t, o) => gwlint.convert(t, { ...convertOptions, ...o }),
      schemaNode: (obj, keys) => (db ? schemaLookup(db, release, obj, keys)?.node ?? null : null),
      referenceAt: (line) => referenceAt(doc.uri, lines, line, true),
      listenersOf,
      namesOf: (kind) => [...new Set(allObjects().filter((o) => o.kind === kind && o.name).map((o) => o.name))],
      referenceGrantApiVersion: db?.releases[`${release}/standard`]?.["gateway.networking.k8s.io/v1/ReferenceGrant"] !== undefined ? "gateway.networking.k8s.io/v1" : "gateway.networking.k8s.io/v1beta1",
    };
  }

  /**
   * What a diagnostic is about, as LSP relatedInformation: the diagnostic's own `related` entries in the linted
   * text (ranges in the file `file`, else its own); the target of the reference it is on (the Gateway a route failed to attach to);
   * the policy and binding that denied an object; the earlier definition of a duplicate; the BackendTLSPolicy that
   * won a conflict.
   */
  function relatedOf(d, doc) {
    const out = [];
    for (const r of Array.isArray(d.related) ? d.related : []) {
      // Ranges in the `policies` text are in the joined policy files, not in this document: the policy and
      // binding are linked below, in their own files, instead.
      if (r?.document === "policies") continue;
      if (r?.range) out.push({ location: { uri: r.file ?? doc.uri, range: r.range }, message: r.message ?? "" });
    }
    const at = (o) => ({ location: { uri: o.uri, range: o.nameRange }, message: `${o.kind} ${o.namespace && !o.kind.startsWith("ValidatingAdmission") ? `${o.namespace}/` : ""}${o.name}` });
    const denied = d.code.startsWith("policy/") && /ValidatingAdmissionPolicy '([^']+)' with binding '([^']+)'/.exec(d.message);
    if (denied) {
      const wanted = (o) => (o.kind === "ValidatingAdmissionPolicy" && o.name === denied[1]) || (o.kind === "ValidatingAdmissionPolicyBinding" && o.name === denied[2]);
      out.push(...allObjects().filter(wanted).map(at));
    }
    const duplicate = d.code === "resource/duplicate" && /also defined at line (\d+)/.exec(d.message);
    if (duplicate) {
      const line = Number(duplicate[1]) - 1;
      out.push({ location: { uri: doc.uri, range: { start: { line, character: 0 }, end: { line, character: (linesOf(doc.uri)[line] ?? "").length } } }, message: "the earlier definition" });
    }
    const winner = d.code === "evaluation/policy-conflicted" && /policy (\S+) targets/.exec(d.message);
    if (winner) {
      const [namespace, name] = winner[1].includes("/") ? winner[1].split("/") : [null, winner[1]];
      out.push(...allObjects().filter((o) => o.kind === "BackendTLSPolicy" && o.name === name && (!namespace || o.namespace === namespace)).map(at));
    }
    const k = d.path.findIndex((seg, i) => typeof seg === "string" && REFERENCE_KEYS.has(seg) && (typeof d.path[i + 1] === "number" || seg === "targetRef"));
    if (k >= 0) {
      const target = referenceAt(doc.uri, linesOf(doc.uri), d.range.start.line, true);
      if (target) out.push(...target.objects.map(at));
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------------------
  // The workspace's objects, read by lines (error-tolerant) with gwlint's resources and status where known

  function textOf(uri) {
    return documents.get(uri)?.getText() ?? disk.get(uri) ?? null;
  }

  /** A file's lines, cached while its text stays the same. */
  const linesCache = new Map();
  function linesOf(uri) {
    const text = textOf(uri);
    if (text === null) return [];
    const c = linesCache.get(uri);
    if (c && c.text === text) return c.lines;
    const lines = splitLines(text);
    linesCache.set(uri, { text, lines });
    return lines;
  }

  /** objectsOf's results, valid while the file's text and the evaluation (its generation) stay the same. */
  const objectsCache = new Map();
  let generation = 0;

  /** The objects of a file: [{ uri, documentIndex, kind, apiVersion, name, namespace, startLine, endLine, nameRange, resource }]. */
  function objectsOf(uri) {
    const text = textOf(uri);
    if (text === null) return [];
    const linted = open.get(uri)?.result?.resources ?? NONE;
    const cached = objectsCache.get(uri);
    if (cached && cached.text === text && cached.generation === generation && cached.linted === linted) return cached.objects;
    const objects = readObjects(uri, text, linted);
    objectsCache.set(uri, { text, generation, linted, objects });
    return objects;
  }

  function readObjects(uri, text, lintedList) {
    const starts = lineStarts(text);
    const lines = linesOf(uri);
    const evaluated = new Map((evaluation.get(uri)?.resources ?? []).map((r) => [r.documentIndex, r]));
    const linted = new Map(lintedList.map((r) => [r.documentIndex, r]));
    const lineOf = (offset) => {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    const defaultNamespace = state.options.namespace ?? "default";
    return splitDocuments(text).map((c, documentIndex) => {
      const startLine = lineOf(c.start);
      const endLine = Math.max(startLine, c.end > 0 && text[c.end - 1] === "\n" ? lineOf(c.end - 1) : lineOf(c.end));
      const top = topLevel(lines, startLine, endLine + 1);
      const name = metadataName(lines, startLine, endLine + 1);
      let namespace = null;
      const meta = top.get("metadata");
      if (meta) {
        for (let j = meta.line + 1; j <= endLine; j++) {
          const r = readLine(lines[j]);
          if (!r) continue;
          if (r.keyCol === 0) break;
          if (r.key === "namespace" && ancestors(lines, j, startLine)[0]?.line === meta.line) namespace = r.value;
        }
      }
      const linter = linted.get(documentIndex);
      const resource = evaluated.get(documentIndex) ?? null;
      const from = resource ?? linter ?? {};
      const nameLine = name?.line ?? startLine;
      return {
        uri,
        documentIndex,
        startLine,
        endLine,
        kind: from.kind ?? top.get("kind")?.value ?? null,
        apiVersion: from.apiVersion ?? top.get("apiVersion")?.value ?? null,
        name: from.name ?? name?.value ?? null,
        namespace: from.namespace ?? (namespace || defaultNamespace),
        channel: linter?.channel ?? null,
        nameRange: { start: { line: nameLine, character: name?.start ?? 0 }, end: { line: nameLine, character: name?.end ?? (lines[nameLine] ?? "").length } },
        resource,
      };
    });
  }

  function allObjects() {
    const uris = new Set([...disk.keys(), ...documents.keys()]);
    return [...uris].sort().flatMap((uri) => objectsOf(uri));
  }

  /** The workspace's objects by name (the targets a reference can name). */
  function objectsNamed(name) {
    return allObjects().filter((o) => o.name === name);
  }

  function objectAtLine(uri, line) {
    return objectsOf(uri).find((o) => o.startLine <= line && line <= o.endLine) ?? null;
  }

  /**
   * The reference whose item holds line `line` (on its `name`, `namespace`, `kind` or `sectionName` key, or any
   * line of the item when `anyLine`): { kind, name, namespace, sectionName, objects: targets in the workspace }.
   */
  function referenceAt(uri, lines, line, anyLine = false) {
    const here = readLine(lines[line]);
    if (!here || here.key === null) return null;
    if (!anyLine && !["name", "namespace", "kind", "sectionName", "group", "port"].includes(here.key)) return null;
    const obj = objectAtLine(uri, line);
    if (!obj) return null;
    const up = ancestors(lines, line, obj.startLine);
    const list = up[0]?.key;
    if (!REFERENCE_KEYS.has(list)) return null;
    const { keys } = siblings(lines, line, obj.startLine, obj.endLine + 1);
    const name = keys.get("name")?.value;
    if (!name) return null;
    const kind = keys.get("kind")?.value || REFERENCE_KEYS.get(list) || null;
    const namespace = keys.get("namespace")?.value || obj.namespace;
    const sectionName = keys.get("sectionName")?.value || null;
    const objects = objectsNamed(name).filter((o) => o.namespace === namespace && (kind === null || o.kind === kind));
    return { kind, name, namespace, sectionName, list, objects, key: here.key };
  }

  /** A Gateway's (or ListenerSet's) listeners: [{ name, protocol, line, range }] (range: the name's value). */
  function listenersOf(target) {
    const lines = linesOf(target.uri);
    const out = [];
    for (let j = target.startLine; j <= target.endLine; j++) {
      const r = readLine(lines[j]);
      if (r?.key === "name" && r.value && ancestors(lines, j, target.startLine)[0]?.key === "listeners") {
        const { keys } = siblings(lines, j, target.startLine, target.endLine + 1);
        out.push({ name: r.value, protocol: keys.get("protocol")?.value ?? null, line: j, range: { start: { line: j, character: r.valueCol }, end: { line: j, character: r.valueCol + r.value.length } } });
      }
    }
    return out;
  }

  /** The names of a Gateway's (or ListenerSet's) listeners. */
  function listenerNames(target) {
    return listenersOf(target).map((l) => l.name);
  }

  // ---------------------------------------------------------------------------------------------------------
  // The protocol

  connection.onInitialize((params) => {
    state.initSettings = params.initializationOptions && typeof params.initializationOptions === "object" ? params.initializationOptions.gwlint ?? params.initializationOptions : {};
    state.canConfigure = Boolean(params.capabilities?.workspace?.configuration);
    state.canRegisterConfiguration = Boolean(params.capabilities?.workspace?.didChangeConfiguration?.dynamicRegistration);
    state.canWatch = Boolean(params.capabilities?.workspace?.didChangeWatchedFiles?.dynamicRegistration);
    state.folders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (state.folders.length === 0 && params.rootUri) state.folders = [params.rootUri];
    applySettings({});
    // gwlint's positions are UTF-16; it is the one encoding every client supports, so it is always chosen.
    return {
      capabilities: {
        positionEncoding: "utf-16",
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [":", " ", "/"], resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        definitionProvider: true,
        referencesProvider: true,
        documentSymbolProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: false } },
      },
      serverInfo: { name: "gwlint-lsp", version: gwlint.version() },
    };
  });

  connection.onInitialized(async () => {
    if (state.canConfigure && state.canRegisterConfiguration) {
      connection.client.register(DidChangeConfigurationNotification.type, { section: "gwlint" }).catch(() => {});
    }
    if (state.canWatch && host.readFile && state.folders.length) {
      // Files created, changed or deleted outside the editor: re-read (the workspace's closed files).
      connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: "**/*.{yaml,yml,json}" }] }).catch(() => {});
    }
    await pullSettings();
    await loadPolicyFiles();
    if (host.listFiles && state.folders.length) {
      try {
        for (const { uri, text } of await host.listFiles(state.folders)) {
          if (holdsObjects(text)) disk.set(uri, text);
        }
      } catch (e) {
        connection.console.warn(`gwlint: could not read the workspace folders: ${e.message}`);
      }
    }
    markReady();
    schedule();
  });

  connection.onDidChangeConfiguration(async (params) => {
    if (state.canConfigure) await pullSettings();
    else applySettings(params?.settings?.gwlint ?? {});
    await loadPolicyFiles();
    schedule();
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    if (!host.readFile) return;
    let policiesChanged = false;
    for (const change of params.changes) {
      const text = change.type === 3 ? null : await host.readFile(change.uri).catch(() => null);
      if (text !== null && holdsObjects(text)) disk.set(change.uri, text);
      else disk.delete(change.uri);
      policiesChanged ||= isPolicyFile(change.uri);
    }
    if (policiesChanged) await loadPolicyFiles();
    schedule();
  });

  documents.onDidChangeContent(() => schedule());
  documents.onDidClose(async (event) => {
    const uri = event.document.uri;
    open.get(uri)?.linter.free();
    open.delete(uri);
    published.delete(uri);
    linesCache.delete(uri);
    objectsCache.delete(uri);
    connection.sendDiagnostics({ uri, diagnostics: [] });
    if (host.readFile && disk.has(uri)) {
      const text = await host.readFile(uri).catch(() => null);
      if (text !== null && holdsObjects(text)) disk.set(uri, text);
      else disk.delete(uri);
    }
    schedule();
  });

  connection.onCodeAction((params) => {
    const actions = [];
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return actions;
    const stored = published.get(doc.uri) ?? [];
    const candidates = params.context.diagnostics.filter((d) => d.source === "gwlint");
    // The client's diagnostics carry their fixes in `data`; a client that drops `data` gets the stored ones.
    const withFixes = candidates.length
      ? candidates.map((d) => ({ lsp: d, fixes: d.data?.fixes ?? stored.find((s) => s.lsp.code === d.code && overlaps(s.lsp.range, d.range) && s.lsp.message === d.message)?.gw.fixes ?? [] }))
      : stored.filter((s) => overlaps(s.lsp.range, params.range)).map((s) => ({ lsp: s.lsp, fixes: s.gw.fixes ?? [] }));
    for (const { lsp, fixes } of withFixes) {
      for (const fix of fixes) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [lsp],
          isPreferred: fixes.length === 1,
          edit: { changes: { [doc.uri]: fix.edits.map((e) => ({ range: e.range, newText: e.newText })) } },
        });
      }
    }
    return actions;
  });

  connection.onDefinition((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const lines = splitLines(doc.getText());
    const line = params.position.line;
    const r = readLine(lines[line]);
    if (!r || r.key === null) return null;
    const obj = objectAtLine(doc.uri, line);
    if (!obj) return null;
    if (r.key === "gatewayClassName") {
      return allObjects().filter((o) => o.kind === "GatewayClass" && o.name === r.value).map((o) => ({ uri: o.uri, range: o.nameRange }));
    }
    const ref = referenceAt(doc.uri, lines, line);
    if (!ref) return null;
    if (ref.key === "sectionName" && ref.sectionName) {
      const found = ref.objects.flatMap((o) => listenersOf(o).filter((l) => l.name === ref.sectionName).map((l) => ({ uri: o.uri, range: l.range })));
      if (found.length) return found;
    }
    return ref.objects.map((o) => ({ uri: o.uri, range: o.nameRange }));
  });

  /** The value of the `key: value` on a line, as a location. */
  const valueLocation = (uri, line, r) => ({ uri, range: { start: { line, character: r.valueCol }, end: { line, character: r.valueCol + r.value.length } } });

  /**
   * Every reference in the workspace to one of `targets` (objects): the `name` of parentRefs, backendRefs,
   * targetRefs, certificateRefs and caCertificateRefs items, and Gateways' `gatewayClassName`; with `listener`,
   * the `sectionName` of the parentRefs naming that listener of the target.
   */
  function referencesTo(targets, listener) {
    const isTarget = (o) => targets.some((t) => t.uri === o.uri && t.documentIndex === o.documentIndex);
    const classes = new Set(targets.filter((t) => t.kind === "GatewayClass").map((t) => t.name));
    const out = [];
    for (const o of allObjects()) {
      const lines = linesOf(o.uri);
      for (let j = o.startLine; j <= o.endLine; j++) {
        const r = readLine(lines[j]);
        if (!r?.key || !r.value) continue;
        if (!listener && r.key === "gatewayClassName" && o.kind === "Gateway" && classes.has(r.value)) {
          out.push(valueLocation(o.uri, j, r));
          continue;
        }
        if (r.key !== (listener ? "sectionName" : "name") || !REFERENCE_KEYS.has(ancestors(lines, j, o.startLine)[0]?.key)) continue;
        const ref = referenceAt(o.uri, lines, j);
        if (ref?.objects.some(isTarget) && (!listener || ref.sectionName === listener)) out.push(valueLocation(o.uri, j, r));
      }
    }
    return out;
  }

  connection.onReferences((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const lines = splitLines(doc.getText());
    const line = params.position.line;
    const r = readLine(lines[line]);
    const obj = r?.key ? objectAtLine(doc.uri, line) : null;
    if (!obj) return [];
    let targets = [];
    let listener = null;
    let declarations = [];
    if ((r.key === "kind" && r.keyCol === 0) || (r.key === "name" && obj.nameRange.start.line === line)) {
      // On the object itself (its kind, or its metadata.name).
      targets = [obj];
    } else if (r.key === "gatewayClassName") {
      targets = allObjects().filter((o) => o.kind === "GatewayClass" && o.name === r.value);
    } else if (r.key === "name" && ancestors(lines, line, obj.startLine)[0]?.key === "listeners") {
      targets = [obj];
      listener = r.value;
      declarations = [valueLocation(doc.uri, line, r)];
    } else {
      const ref = referenceAt(doc.uri, lines, line);
      if (!ref) return [];
      targets = ref.objects;
      if (ref.key === "sectionName" && ref.sectionName) {
        listener = ref.sectionName;
        declarations = targets.flatMap((o) => listenersOf(o).filter((l) => l.name === listener).map((l) => ({ uri: o.uri, range: l.range })));
      }
    }
    if (targets.length === 0) return [];
    if (!listener) declarations = targets.map((o) => ({ uri: o.uri, range: o.nameRange }));
    const references = referencesTo(targets, listener);
    return params.context?.includeDeclaration ? [...declarations, ...references] : references;
  });

  connection.onDocumentSymbol((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const lines = splitLines(doc.getText());
    return objectsOf(doc.uri).map((o) => {
      const endLine = Math.min(o.endLine, lines.length - 1);
      const range = { start: { line: o.startLine, character: 0 }, end: { line: endLine, character: (lines[endLine] ?? "").length } };
      const children = [];
      for (let j = o.startLine; j <= endLine; j++) {
        const r = readLine(lines[j]);
        if (r?.key !== "name" || r.dash < 0) continue;
        const parent = ancestors(lines, j, o.startLine)[0]?.key;
        if (parent !== "listeners") continue;
        const sel = { start: { line: j, character: r.valueCol }, end: { line: j, character: r.valueCol + r.value.length } };
        children.push({ name: `listener ${r.value}`, kind: SymbolKind.Field, range: sel, selectionRange: sel });
      }
      const selectionRange = o.nameRange.start.line >= o.startLine && o.nameRange.start.line <= endLine ? o.nameRange : { start: range.start, end: range.start };
      return {
        name: `${o.kind ?? "(no kind)"}${o.name ? ` ${o.name}` : ""}`,
        detail: [o.apiVersion, o.namespace].filter(Boolean).join(" "),
        kind: SymbolKind.Class,
        range,
        selectionRange,
        children,
      };
    });
  });

  // ---------------------------------------------------------------------------------------------------------
  // CRD field documentation, loaded on the first hover (a separate asset: the .wasm does not carry it)

  let descriptions;
  async function loadDescriptions() {
    if (descriptions === undefined) descriptions = host.loadDescriptions ? host.loadDescriptions().catch(() => null) : Promise.resolve(null);
    return descriptions;
  }

  /** Markdown for the field whose key is on `line`: description, type, enum, default and CEL rules. */
  async function fieldHover(uri, lines, line) {
    const r = readLine(lines[line]);
    if (!r?.key) return null;
    const obj = objectAtLine(uri, line);
    if (!obj?.apiVersion || !obj.kind) return null;
    const db = await loadDescriptions();
    if (!db) return null;
    const path = ancestors(lines, line, obj.startLine).reverse().map((a) => a.key).concat(r.key);
    const release = open.get(uri)?.result?.gatewayApi ?? state.options.gatewayApi ?? "v1.6.1";
    const found = schemaLookup(db, release, obj, path);
    if (!found?.node) return null;
    const { node, shown, channel } = found;
    const out = [`**${shown.join("")}** \`${node.t ?? "object"}${node.f ? ` (${node.f})` : ""}\`: ${obj.kind} ${obj.apiVersion}, Gateway API ${release} ${channel}`];
    if (node.d !== undefined) out.push("", db.strings[node.d]);
    if (node.e) out.push("", `Values: ${node.e.map((v) => `\`${v}\``).join(", ")}`);
    if (node.df !== undefined) out.push("", `Default: \`${JSON.stringify(node.df)}\``);
    if (node.x) {
      out.push("", "Validation rules:");
      for (const id of node.x) {
        const [message, rule] = db.strings[id].split("\u0000");
        out.push(`- ${message || "(no message)"}: \`${rule}\``);
      }
    }
    return out.join("\n");
  }

  /**
   * The CRD schema node at `path` (keys; list items are stepped through) of an object, in the release and the
   * object's channel (else the settings', else standard, else experimental): { node, shown, channel } or null.
   */
  function schemaLookup(db, release, obj, path) {
    if (!obj?.apiVersion || !obj.kind) return null;
    const channels = [obj.channel, state.options.channel, "standard", "experimental"].filter((c) => c === "standard" || c === "experimental");
    for (const channel of channels) {
      const root = db.releases[`${release}/${channel}`]?.[`${obj.apiVersion}/${obj.kind}`];
      if (root === undefined) continue;
      let node = db.nodes[root];
      const shown = [];
      for (const key of path) {
        if (node?.t === "array") {
          node = db.nodes[node.i];
          shown.push("[]");
        }
        const next = node?.p?.[key] ?? node?.a;
        if (next === undefined) return null;
        node = db.nodes[next];
        shown.push(shown.length ? `.${key}` : key);
      }
      return { node, shown, channel };
    }
    return null;
  }

  connection.onHover(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    const pos = params.position;
    const parts = [];
    for (const { gw } of published.get(doc.uri) ?? []) {
      if (!contains(gw.range, pos)) continue;
      const rule = rules.get(gw.code);
      const lines = [`**${gw.code}** (${gw.severity}): ${gw.message}`];
      if (gw.help) lines.push("", gw.help);
      if (rule) lines.push("", rule.summary, "", rule.docs);
      lines.push("", `[${gw.code} docs](${gw.docsUrl ?? docsUrl(gw.code)})`);
      parts.push(lines.join("\n"));
    }
    const lines = splitLines(doc.getText());
    const r = readLine(lines[pos.line]);
    if (r?.key && pos.character >= r.keyCol && pos.character <= r.keyCol + r.key.length) {
      const field = await fieldHover(doc.uri, lines, pos.line);
      if (field) parts.push(field);
    }
    if (r?.key === "kind" && r.keyCol === 0) {
      const obj = objectAtLine(doc.uri, pos.line);
      if (obj?.resource) parts.push(statusMarkdown(obj.resource));
    } else if (r?.key) {
      const ref = referenceAt(doc.uri, lines, pos.line);
      if (ref) {
        if (ref.objects.length === 0) parts.push(`${ref.kind ?? "object"} ${ref.namespace}/${ref.name}: not in the workspace`);
        for (const o of ref.objects) parts.push(o.resource ? statusMarkdown(o.resource) : `**${o.kind} ${o.namespace}/${o.name}** (${o.uri.split("/").pop()})`);
      }
    }
    if (parts.length === 0) return null;
    return { contents: { kind: MarkupKind.Markdown, value: parts.join("\n\n---\n\n") } };
  });

  /**
   * The apiVersions and kinds served by the chosen release and channel (from the CRDs, lsp/descriptions.json;
   * lsp/catalog.mjs's v1.6.1 table when the asset is missing), with the core kinds references name:
   * Map apiVersion -> { kinds, channel }.
   */
  /** The release completion offers: the settings' (unless "auto"), else the one the document was linted in. */
  function completionRelease(uri) {
    return state.options.gatewayApi && state.options.gatewayApi !== "auto" ? state.options.gatewayApi : open.get(uri)?.result?.gatewayApi ?? "v1.6.1";
  }

  async function servedVersions(uri) {
    const db = await loadDescriptions();
    if (!db) return API_VERSIONS;
    const release = completionRelease(uri);
    const channels = state.options.channel === "standard" || state.options.channel === "experimental" ? [state.options.channel] : ["standard", "experimental"];
    const out = new Map();
    for (const channel of channels) {
      for (const key of Object.keys(db.releases[`${release}/${channel}`] ?? {})) {
        const cut = key.lastIndexOf("/");
        const apiVersion = key.slice(0, cut);
        const entry = out.get(apiVersion) ?? { kinds: [], channel, release };
        if (!entry.kinds.includes(key.slice(cut + 1))) entry.kinds.push(key.slice(cut + 1));
        out.set(apiVersion, entry);
      }
    }
    if (out.size === 0) return API_VERSIONS;
    out.set("v1", API_VERSIONS.get("v1"));
    return out;
  }

  connection.onCompletion(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const lines = splitLines(doc.getText());
    const line = lines[params.position.line] ?? "";
    const before = line.slice(0, params.position.character);
    const obj = objectAtLine(doc.uri, params.position.line);
    const from = obj?.startLine ?? 0;
    const to = obj ? obj.endLine + 1 : lines.length;
    const replace = (start) => ({ start: { line: params.position.line, character: start }, end: params.position });
    const valueItems = (values, start, kind, detail) =>
      values.map((v) => ({ label: v, kind, detail: typeof detail === "function" ? detail(v) : detail, textEdit: { range: replace(start), newText: v } }));

    let m = /^(\s*"?apiVersion"?\s*:\s*)(\S*)$/.exec(before);
    if (m && !/^\s/.test(before)) {
      const kind = topLevel(lines, from, to).get("kind")?.value;
      const served = await servedVersions(doc.uri);
      const known = [...served.values()].some((v) => v.kinds.includes(kind));
      const versions = [...served.entries()].filter(([, v]) => !known || v.kinds.includes(kind));
      return valueItems(versions.map(([k]) => k), m[1].length, CompletionItemKind.Value, (v) => `${served.get(v).release ? `${served.get(v).release} ` : ""}${served.get(v).channel}: ${served.get(v).kinds.join(", ")}`);
    }
    m = /^(\s*"?kind"?\s*:\s*)(\S*)$/.exec(before);
    if (m && !/^\s/.test(before)) {
      const apiVersion = topLevel(lines, from, to).get("apiVersion")?.value;
      const served = await servedVersions(doc.uri);
      const entry = served.get(apiVersion);
      const kinds = entry ? entry.kinds : [...new Set([...served.values()].flatMap((v) => v.kinds))];
      return valueItems(kinds, m[1].length, CompletionItemKind.Class, apiVersion && entry ? apiVersion : "kind");
    }
    // A reference's name: the objects of the kind it names, from every workspace file.
    m = /^(\s*(?:-\s+)?name\s*:\s*)(\S*)$/.exec(before);
    if (m && obj) {
      const up = ancestors(lines, params.position.line, from);
      if (REFERENCE_KEYS.has(up[0]?.key)) {
        const { keys } = siblings(lines, params.position.line, from, to);
        const kind = keys.get("kind")?.value || REFERENCE_KEYS.get(up[0].key);
        const targets = allObjects().filter((o) => o.name && (kind ? o.kind === kind : true) && o !== obj);
        const names = [...new Set(targets.map((o) => o.name))];
        return valueItems(names, m[1].length, CompletionItemKind.Reference, (n) => targets.filter((o) => o.name === n).map((o) => `${o.kind} ${o.namespace}/${o.name}`).join(", "));
      }
    }
    // A reference's sectionName: the listeners of the Gateways (ListenerSets) it names.
    m = /^(\s*(?:-\s+)?sectionName\s*:\s*)(\S*)$/.exec(before);
    if (m && obj) {
      const up = ancestors(lines, params.position.line, from);
      if (up[0]?.key === "parentRefs") {
        const ref = referenceAt(doc.uri, lines, params.position.line, true);
        const listeners = (ref?.objects ?? []).flatMap((o) => listenerNames(o));
        return valueItems([...new Set(listeners)], m[1].length, CompletionItemKind.EnumMember, `listener of ${ref?.kind ?? "Gateway"} ${ref?.namespace}/${ref?.name}`);
      }
    }
    m = /^(\s*gatewayClassName\s*:\s*)(\S*)$/.exec(before);
    if (m && obj) {
      const classes = [...new Set(allObjects().filter((o) => o.kind === "GatewayClass" && o.name).map((o) => o.name))];
      return valueItems(classes, m[1].length, CompletionItemKind.Reference, "GatewayClass");
    }
    // A key being typed (or an empty line): top-level keys not yet present, or ObjectMeta's.
    m = /^(\s*)([A-Za-z]*)$/.exec(before);
    if (m) {
      const indent = m[1].length;
      const top = topLevel(lines, from, to);
      if (indent === 0) {
        return TOP_LEVEL_KEYS.filter((k) => !top.has(k) || top.get(k).line === params.position.line).map((k) => ({
          label: k,
          kind: CompletionItemKind.Property,
          textEdit: { range: replace(0), newText: k === "metadata" || k === "spec" ? `${k}:\n  ` : `${k}: ` },
        }));
      }
      const up = ancestors(lines, params.position.line, from);
      if (up[0]?.key === "metadata" && up[0].keyCol === 0) {
        const present = new Set();
        for (let j = up[0].line + 1; j < to; j++) {
          const r = readLine(lines[j]);
          if (!r) continue;
          if (r.keyCol === 0) break;
          if (r.keyCol === indent && j !== params.position.line && r.key) present.add(r.key);
        }
        return METADATA_KEYS.filter((k) => !present.has(k)).map((k) => ({
          label: k,
          kind: CompletionItemKind.Property,
          textEdit: { range: replace(indent), newText: k === "labels" || k === "annotations" ? `${k}:\n${" ".repeat(indent + 2)}` : `${k}: ` },
        }));
      }
    }
    // Deeper keys and enum values, from the object's CRD schema in its release and channel.
    const db = obj ? await loadDescriptions() : null;
    if (db) {
      const release = completionRelease(doc.uri);
      const nodeAt = (path) => schemaLookup(db, release, obj, path)?.node ?? null;
      return schemaCompletion({ db, lines, position: params.position, from, to, nodeAt }) ?? [];
    }
    return [];
  });

  documents.listen(connection);
  connection.listen();
  return {
    /** Resolves when the pending lint and evaluation have run (for tests embedding the server). */
    flush: () => running,
  };
}
