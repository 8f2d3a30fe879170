// The analysis worker: owns the wasm module and the incremental `Linter`s, so no analysis ever runs on the
// page's main thread. It also runs gwlint's language server (lsp/core.mjs, through gwlint/lsp/worker) for the
// manifest editor's gwlint/codemirror adapter (diagnostics with quick fixes, hover, completion), on a
// MessagePort the page sends ({ type: "lsp", port }): one worker, one wasm instance. The server's Linters and
// this protocol's share one real Linter per options and its last lint and evaluate (see SharedLinter), so a
// keystroke's text is evaluated once for both the editor and the panels.
// Protocol (see client.js):
//   in:  { type: "analyze", gen, text, options, evaluate: bool, preview: null | {maxWidth}, normalize: null | {mode, format, fillNamespace} }
//   out: { type: "ready", version, rules, profiles } once, or { type: "failed", message }
//        { type: "progress", gen, phase }                        before each step
//        { type: "result", gen, kind: "evaluate"|"preview"|"normalized", result, ms }
//        { type: "error", gen, kind, message }                   only bad options throw; the page offers none
//   in:  { type: "counts" }  out: { type: "counts", counts: { lint, evaluate, lintReused, evaluateReused } }
//        (for the tests: how often the language server and the panels shared an analysis)
//   in:  { type: "lsp", port }  the language server's MessagePort (see startLanguageServer)
// Requests queue up while a step runs; only the newest is worked on (older ones are stale by definition),
// and between two steps the worker yields so that a newer request can supersede the rest of an older one.
import init, * as wasm from "../pkg/gwlint.js";
import { startWorkerServer } from "../../lsp/worker.mjs";
import { POLICIES_URI } from "./language-server.js";

const { convert, normalize, profiles, rules, version } = wasm;

/** The text of POLICIES_URI (the page's `policies` option, "" for none), as the page last sent it. */
let policiesText = "";

/** Real Linters by their options (JSON), newest last, each with its last lint and evaluate: { text, result }. */
const pool = new Map();
const POOL_SIZE = 4;

function pooled(options) {
  const key = JSON.stringify(options);
  let entry = pool.get(key);
  if (entry) {
    pool.delete(key);
  } else {
    // A bad option throws here, as `new Linter(options)` does.
    entry = { linter: new wasm.Linter(options), lint: null, evaluate: null };
    if (pool.size >= POOL_SIZE) {
      const [oldest, old] = pool.entries().next().value;
      pool.delete(oldest);
      old.linter.free();
    }
  }
  pool.set(key, entry);
  return entry;
}

/** How many lints and evaluations were made, and how many were answered by one already made. */
const counts = { lint: 0, evaluate: 0, lintReused: 0, evaluateReused: 0 };

function remembered(entry, kind, text) {
  if (entry[kind]?.text !== text) {
    entry[kind] = { text, result: entry.linter[kind](text) };
    counts[kind]++;
  } else {
    counts[`${kind}Reused`]++;
  }
  return entry[kind].result;
}

/**
 * gwlint's `Linter` as the language server and this worker use it: every SharedLinter with the same options
 * is one real Linter, and a text's lint or evaluate asked for again (by the other user) is the result already
 * made. The results are shared: neither user changes them.
 */
class SharedLinter {
  constructor(options) {
    this.options = options ?? {};
    pooled(this.options);
  }
  setOptions(options) {
    this.options = options ?? {};
    pooled(this.options);
  }
  lint(text) {
    return remembered(pooled(this.options), "lint", text);
  }
  evaluate(text) {
    return remembered(pooled(this.options), "evaluate", text);
  }
  /** The picture of the evaluation the real Linter made last (of the same text: evaluate it first). */
  preview(text, o) {
    return pooled(this.options).linter.preview(text, o);
  }
  free() {}
}

const shared = { ...wasm, Linter: SharedLinter };
let linter = null;
let pending = null;
let running = false;

const yieldToMessages = () => new Promise((resolve) => setTimeout(resolve, 0));

function post(message) {
  self.postMessage(message);
}

function step(request, kind, fn) {
  post({ type: "progress", gen: request.gen, phase: kind });
  const t0 = performance.now();
  try {
    const result = fn();
    post({ type: "result", gen: request.gen, kind, result, ms: performance.now() - t0 });
  } catch (err) {
    post({ type: "error", gen: request.gen, kind, message: err instanceof Error ? err.message : String(err) });
  }
}

/** The linter, with these options. */
function linterFor(options) {
  if (linter === null) linter = new SharedLinter(options);
  else linter.setOptions(options);
  return linter;
}

function evaluateWithLinter(text, options) {
  const linter = linterFor(options);
  const result = linter.evaluate(text);
  // evaluate()'s resources lack lint's `channel` and `known`; lint after evaluate reuses every
  // document's cached result (no second parse or validation), so this costs a copy of the summaries.
  // The results are the language server's too: copied, not changed.
  const channels = new Map(linter.lint(text).resources.map((r) => [resourceKey(r), r]));
  const resources = result.resources.map((r) => {
    const linted = channels.get(resourceKey(r));
    return { ...r, channel: linted?.channel ?? null, known: linted?.known ?? false };
  });
  return { ...result, resources };
}

// Without the namespace: evaluate fills in "default" where lint reports none.
const resourceKey = (r) => JSON.stringify([r.documentIndex, r.apiVersion, r.kind, r.name]);

function runNormalize(text, options, { mode, format, fillNamespace }) {
  if (mode.startsWith("convert:")) return convert(text, { ...options, to: mode.slice("convert:".length), format });
  return normalize(text, { ...options, format, dropDefaults: mode === "minimal", fillNamespace });
}

async function work() {
  running = true;
  while (pending) {
    // Let queued messages arrive first: of several, only the newest is worked on.
    await yieldToMessages();
    const request = pending;
    pending = null;
    const steps = [];
    if (request.evaluate) steps.push(["evaluate", () => evaluateWithLinter(request.text, request.options)]);
    // The linter draws the evaluation it made of this text (evaluate runs first): no second evaluate.
    if (request.preview) steps.push(["preview", () => linterFor(request.options).preview(request.text, request.preview)]);
    if (request.normalize) steps.push(["normalized", () => runNormalize(request.text, request.options, request.normalize)]);
    for (const [i, [kind, fn]] of steps.entries()) {
      if (i > 0) {
        await yieldToMessages();
        // A newer text makes the rest of this one's work pointless.
        if (pending && pending.gen !== request.gen) break;
      }
      step(request, kind, fn);
    }
    if (!pending) post({ type: "idle", gen: request.gen });
  }
  running = false;
}

const ready = init().then(
  () => {
    post({ type: "ready", version: version(), rules: rules(), profiles: profiles() });
    return true;
  },
  (err) => {
    post({ type: "failed", message: err instanceof Error ? err.message : String(err) });
    return false;
  },
);

/**
 * The language server on the page's port. The page posts `{ playgroundPolicies: text }` on the same port before
 * each settings change that follows a new policies text, so the server reads the new text (its `policies`
 * setting names POLICIES_URI) in order; those messages are no JSON-RPC and never reach it.
 */
function startLanguageServer(port) {
  const scope = {
    postMessage: (message) => port.postMessage(message),
    addEventListener: (type, listener) => port.addEventListener(type, listener),
    set onmessage(listener) {
      port.onmessage = (event) => {
        if (typeof event.data?.playgroundPolicies === "string") policiesText = event.data.playgroundPolicies;
        else listener(event);
      };
    },
  };
  startWorkerServer(shared, {
    scope,
    announce: true,
    descriptionsUrl: new URL("./descriptions.json", import.meta.url),
    host: { readFile: async (uri) => (uri === POLICIES_URI ? policiesText : null) },
  });
}

self.addEventListener("message", (event) => {
  const request = event.data;
  if (request?.type === "lsp") {
    ready.then((ok) => ok && startLanguageServer(request.port));
    return;
  }
  if (request?.type === "counts") {
    post({ type: "counts", counts: { ...counts } });
    return;
  }
  if (request?.type !== "analyze") return;
  // A request for the same text adds to what is asked (a tab opened while the text is analysed).
  if (pending && pending.gen === request.gen) {
    pending = { ...pending, evaluate: pending.evaluate || request.evaluate, preview: pending.preview || request.preview, normalize: request.normalize ?? pending.normalize };
  } else {
    pending = request;
  }
  if (!running) {
    ready.then((ok) => {
      if (ok && !running) work();
    });
  }
});
