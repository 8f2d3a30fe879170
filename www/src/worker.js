// The analysis worker: owns the wasm module and one incremental `Linter`, so no analysis ever runs on the
// page's main thread. Protocol (see client.js):
//   in:  { type: "analyze", gen, text, options, evaluate: bool, preview: null | {maxWidth}, normalize: null | {mode, format, fillNamespace} }
//   out: { type: "ready", version, rules, profiles } once, or { type: "failed", message }
//        { type: "progress", gen, phase }                        before each step
//        { type: "result", gen, kind: "evaluate"|"preview"|"normalized", result, ms }
//        { type: "error", gen, kind, message }                   only bad options throw; the page offers none
// Requests queue up while a step runs; only the newest is worked on (older ones are stale by definition),
// and between two steps the worker yields so that a newer request can supersede the rest of an older one.
import init, { Linter, convert, normalize, profiles, rules, version } from "../pkg/gwlint.js";

let linter = null;
let linterOptions = "";
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
  const key = JSON.stringify(options);
  if (linter === null) linter = new Linter(options);
  else if (key !== linterOptions) linter.setOptions(options);
  linterOptions = key;
  return linter;
}

function evaluateWithLinter(text, options) {
  const linter = linterFor(options);
  const result = linter.evaluate(text);
  // evaluate()'s resources lack lint's `channel` and `known`; lint after evaluate reuses every
  // document's cached result (no second parse or validation), so this costs a copy of the summaries.
  const channels = new Map(linter.lint(text).resources.map((r) => [resourceKey(r), r]));
  for (const r of result.resources) {
    const linted = channels.get(resourceKey(r));
    r.channel = linted?.channel ?? null;
    r.known = linted?.known ?? false;
  }
  return result;
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

self.addEventListener("message", (event) => {
  const request = event.data;
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
