// Bad input never throws, never hangs and always yields at least one diagnostic.
// Each case runs in a worker thread so that a hang (or a stack overflow that kills the wasm instance) is
// reported as a failure of that case instead of stalling or crashing the whole test run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Worker } from "node:worker_threads";
import { NODE_PKG, checkResult, formatDiagnostics } from "./helpers.mjs";

const OPTS = { gatewayApi: "v1.6.1" };
const TIME_LIMIT_MS = Number(process.env.GWLINT_CASE_TIMEOUT_MS ?? 60_000);

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { lint } = require(workerData.pkg);
const t0 = performance.now();
try {
  const result = lint(workerData.text, workerData.options);
  parentPort.postMessage({ ok: true, result, ms: performance.now() - t0 });
} catch (err) {
  parentPort.postMessage({
    ok: false, ms: performance.now() - t0,
    isError: err instanceof Error, name: err?.name, message: String(err?.message ?? err), stack: err?.stack,
  });
}
`;

/** Lints text in a fresh worker; resolves to the worker's message, or rejects on timeout / crash. */
function lintInWorker(text, options) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { pkg: NODE_PKG, text, options },
      // 1 MB of stack, like Node's main thread (a worker gets 4 MB by default): a deep recursion that would
      // overflow there must overflow here too.
      resourceLimits: { maxOldGenerationSizeMb: 2048, stackSizeMb: 1 },
    });
    let settled = false;
    const finish = (fn, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.terminate().finally(() => fn(value));
    };
    const timer = setTimeout(
      () => finish(reject, new Error(`lint() did not return within ${TIME_LIMIT_MS} ms (hang?)`)),
      TIME_LIMIT_MS,
    );
    worker.once("message", (msg) => finish(resolve, msg));
    worker.once("error", (err) => finish(reject, new Error(`the worker crashed: ${err?.stack ?? err}`)));
    worker.once("exit", (code) => finish(reject, new Error(`the worker exited (code ${code}) without a result`)));
  });
}

// --- inputs ---------------------------------------------------------------------------------------------

function garbage(n, seed) {
  // Deterministic xorshift bytes, every value 0-255 possible, read as Latin-1 (one char per byte).
  let x = seed >>> 0 || 1;
  let s = "";
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    s += String.fromCharCode(x & 0xff);
  }
  return s;
}

const GATEWAY_HEAD = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: big
spec:
  gatewayClassName: example
  listeners:
`;

function tenMegabyteGateway() {
  const parts = [GATEWAY_HEAD];
  let size = GATEWAY_HEAD.length;
  for (let i = 0; size < 10 * 1024 * 1024; i++) {
    const item = `  - name: listener-${i}\n    protocol: HTTP\n    port: 80\n    hostname: host-${i}.example.com\n`;
    parts.push(item);
    size += item.length;
  }
  return parts.join("");
}

function tenMegabyteStream() {
  const doc = (i) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: route-${i}
  namespace: default
spec:
  parentRefs:
  - name: gw
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /app-${i}
    backendRefs:
    - name: svc-${i}
      port: 0
`;
  const parts = [];
  let size = 0;
  for (let i = 0; size < 10 * 1024 * 1024; i++) {
    const d = doc(i) + "---\n";
    parts.push(d);
    size += d.length;
  }
  return parts.join("");
}

const BILLION_LAUGHS = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: lol
  annotations:
    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
spec:
  gatewayClassName: example
  listeners: *i
`;

const GATEWAY_PORT0 = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  gatewayClassName: example
  listeners:
  - name: http
    protocol: HTTP
    port: 0
`;

const DEPTH = 10_000;

const CASES = {
  "garbage bytes (Latin-1, with NUL and control characters)": () => garbage(64 * 1024, 42),
  "garbage bytes decoded as UTF-8 (replacement characters)": () =>
    new TextDecoder().decode(Buffer.from(garbage(64 * 1024, 7), "latin1")),
  "lone surrogates": () => GATEWAY_PORT0.replace("name: gw", "name: \uD800gw\uDC00x"),
  "NUL byte inside a document": () => GATEWAY_PORT0.replace("kind: Gateway", "kind: Gate\u0000way"),
  "10 MB document (a Gateway with 100k+ listeners)": tenMegabyteGateway,
  "10 MB stream of HTTPRoutes, one error each": tenMegabyteStream,
  "10,000 nested flow lists": () => "[".repeat(DEPTH) + "]".repeat(DEPTH) + "\n",
  "10,000 nested block lists": () => "- ".repeat(DEPTH) + "x\n",
  "10,000 nested flow mappings": () => "{a: ".repeat(DEPTH) + "1" + "}".repeat(DEPTH) + "\n",
  "10,000 nested lists under spec": () =>
    GATEWAY_PORT0 + "  foo: " + "[".repeat(DEPTH) + "]".repeat(DEPTH) + "\n",
  "10,000 unclosed flow lists": () => "[".repeat(DEPTH) + "\n",
  "billion laughs alias bomb": () => BILLION_LAUGHS,
  "undefined alias": () => GATEWAY_PORT0.replace("gatewayClassName: example", "gatewayClassName: *nope"),
  "scalar document": () => "just a string\n",
  "number document": () => "42\n",
  "list document": () => "- a\n- b\n",
  "list of Gateways": () => "- " + GATEWAY_PORT0.trimEnd().replaceAll("\n", "\n  ") + "\n",
  "non-string key (complex key)": () => GATEWAY_PORT0 + "  ? [a, b]\n  : c\n",
  "non-string key (integer)": () => GATEWAY_PORT0 + "  1: x\n",
  "non-string key (null)": () => GATEWAY_PORT0 + "  ~: x\n",
  "duplicate key": () => GATEWAY_PORT0.replace("kind: Gateway\n", "kind: Gateway\nkind: Gateway\n"),
  "tab indentation": () => "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n\tname: x\n",
  "BOM": () => "\uFEFF" + GATEWAY_PORT0,
  "BOM in the second document": () => GATEWAY_PORT0 + "---\n\uFEFF" + GATEWAY_PORT0,
  "CRLF": () => GATEWAY_PORT0.replaceAll("\n", "\r\n"),
  "lone CR line ends": () => GATEWAY_PORT0.replaceAll("\n", "\r"),
  "unterminated quoted string": () => GATEWAY_PORT0.replace("name: gw", 'name: "gw'),
  "unterminated flow mapping": () => GATEWAY_PORT0.replace("name: gw", "name: {gw"),
  "a directive and a tag": () => "%YAML 1.2\n---\n!!map\n" + GATEWAY_PORT0.replace("port: 0", "port: !!str 0"),
  "very long line (1 MB key)": () => GATEWAY_PORT0 + "  " + "k".repeat(1024 * 1024) + ": 1\n",
  "JSON with trailing garbage": () => '{"apiVersion": "v1", "kind": "ConfigMap"} }}}',
};

for (const [name, make] of Object.entries(CASES)) {
  test(`bad input never throws: ${name}`, { timeout: TIME_LIMIT_MS + 30_000 }, async (t) => {
    const text = make();
    const msg = await lintInWorker(text, OPTS);
    t.diagnostic(`${(text.length / 1024).toFixed(0)} KiB of input, lint took ${msg.ms.toFixed(0)} ms`);
    assert.ok(
      msg.ok,
      `lint() threw ${msg.isError ? "an Error" : "a non-Error"} ${msg.name}: ${msg.message}\n${msg.stack ?? ""}`,
    );
    checkResult(msg.result, text);
    assert.ok(
      msg.result.diagnostics.length > 0,
      `expected at least one diagnostic for this input; got none. Resources: ${JSON.stringify(msg.result.resources)}`,
    );
    if (msg.result.diagnostics.length <= 20) t.diagnostic(formatDiagnostics(msg.result.diagnostics, text.length < 100_000 ? text : undefined));
  });
}

test("empty and comment-only input do not throw", async () => {
  for (const text of ["", "\n", "# just a comment\n", "---\n", "---\n---\n...\n", "null\n", "~\n"]) {
    const msg = await lintInWorker(text, OPTS);
    assert.ok(msg.ok, `${JSON.stringify(text)}: threw ${msg.message}`);
    checkResult(msg.result, text);
  }
});
