// The playground's worker client (www/src/client.js) in Node, with a stand-in worker: every request carries
// the generation of the text it is for, and results for any generation but the newest are dropped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { AnalysisClient } from "../www/src/client.js";

/** A worker stand-in: records what is posted; `reply(message)` delivers a message to the client. */
function standIn() {
  const posted = [];
  const listeners = [];
  return {
    posted,
    reply: (data) => listeners.forEach((l) => l({ data })),
    worker: {
      postMessage: (m) => posted.push(m),
      addEventListener: (type, l) => {
        if (type === "message") listeners.push(l);
      },
    },
  };
}

function client() {
  const w = standIn();
  const seen = { results: [], progress: [], errors: [] };
  const c = new AnalysisClient("worker.js", {
    ready: () => {},
    failed: (m) => seen.errors.push(m),
    result: (kind, result, ms, gen) => seen.results.push({ kind, result, gen }),
    error: (kind, message) => seen.errors.push(`${kind}: ${message}`),
    progress: (phase, gen) => seen.progress.push([phase, gen]),
  }, { createWorker: () => w.worker });
  return { c, w, seen };
}

test("requests carry the generation; a change makes results on their way stale", () => {
  const { c, w, seen } = client();
  const g1 = c.analyze("a: 1", { profile: "upstream" }, { preview: { maxWidth: 595 } });
  assert.equal(g1, 1);
  assert.deepEqual(w.posted[0], { type: "analyze", gen: 1, text: "a: 1", options: { profile: "upstream" }, evaluate: true, preview: { maxWidth: 595 }, normalize: null });
  // The text changes before the result arrives: the result for generation 1 is never shown.
  c.invalidate();
  const g3 = c.analyze("a: 2", { profile: "upstream" });
  assert.equal(g3, 3);
  w.reply({ type: "progress", gen: 1, phase: "evaluate" });
  w.reply({ type: "result", gen: 1, kind: "evaluate", result: { text: "a: 1" }, ms: 5 });
  w.reply({ type: "error", gen: 1, kind: "preview", message: "old" });
  assert.deepEqual(seen.results, []);
  // Progress starts when a text is sent (the worker may be busy with it for the editor first); the worker's
  // progress for an older text is not shown.
  assert.deepEqual(seen.progress, [["evaluate", 1], ["evaluate", 3]]);
  assert.deepEqual(seen.errors, []);
  assert.equal(c.stale, 2);
  w.reply({ type: "progress", gen: 3, phase: "evaluate" });
  w.reply({ type: "result", gen: 3, kind: "evaluate", result: { text: "a: 2" }, ms: 5 });
  w.reply({ type: "idle", gen: 3 });
  assert.deepEqual(seen.results, [{ kind: "evaluate", result: { text: "a: 2" }, gen: 3 }]);
  assert.deepEqual(seen.progress, [["evaluate", 1], ["evaluate", 3], ["evaluate", 3], [null, 3]]);
});

test("more output for the same text is asked without a second evaluate", () => {
  const { c, w, seen } = client();
  c.request({ preview: { maxWidth: 595 } });
  assert.equal(w.posted.length, 0, "nothing to ask for before the first text");
  c.analyze("a: 1", {});
  c.request({ normalize: { mode: "minimal", format: "yaml", fillNamespace: false } });
  assert.deepEqual(w.posted.map((m) => [m.gen, m.evaluate, m.preview, m.normalize?.mode ?? null]), [[1, true, null, null], [1, false, null, "minimal"]]);
  w.reply({ type: "result", gen: 1, kind: "normalized", result: { text: "" }, ms: 1 });
  assert.deepEqual(seen.results.map((r) => r.kind), ["normalized"]);
});
