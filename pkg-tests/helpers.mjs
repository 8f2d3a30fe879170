// Shared helpers for the package tests: loading the Node build, position arithmetic in UTF-16 code units,
// and a strict shape check of LintResult / Diagnostic / ResourceSummary (the JS API contract).
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

/** Absolute path of the Node (CommonJS) build's entry point. */
export const NODE_PKG = fileURLToPath(new URL("../pkg/node/gwlint.js", import.meta.url));

/** The Node build: { lint, version, ... }. */
export const gwlint = require(NODE_PKG);
export const { lint, version } = gwlint;

export const RELEASES = ["v1.2.1", "v1.3.0", "v1.4.1", "v1.5.1", "v1.6.1"];
export const CHANNELS = ["standard", "experimental"];
export const SEVERITIES = ["error", "warning", "info", "hint"];
/**
 * Lint-clean, one error from evaluate: a Gateway with one listener and a route with two parentRefs, one to
 * that listener and one (`sectionName: https`) to a listener the Gateway lacks. Used by the CLI and
 * playground tests.
 */
export const BAD_SECTION = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw
  namespace: web
spec:
  gatewayClassName: example
  listeners:
  - name: http
    protocol: HTTP
    port: 80
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: store
  namespace: web
spec:
  parentRefs:
  - name: gw
    sectionName: http
  - name: gw
    sectionName: https
  rules:
  - backendRefs:
    - name: store
      port: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: store
  namespace: web
spec:
  ports:
  - port: 8080
`;

export const SOURCES = ["syntax", "schema", "cel", "evaluation", "profile", "policy"];

/** Offsets (UTF-16) at which each line starts; "\r\n", "\n" and a lone "\r" end a line. */
export function lineStarts(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0d) {
      if (text.charCodeAt(i + 1) === 0x0a) i++;
      starts.push(i + 1);
    } else if (c === 0x0a) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** {line, character} (0-based, UTF-16) of an offset. */
export function positionAt(text, offset, starts = lineStarts(text)) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

/** Offset (UTF-16) of the n-th (0-based) occurrence of needle; throws when absent, to catch typos in tests. */
export function offsetOf(text, needle, n = 0) {
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`test bug: ${JSON.stringify(needle)} occurs fewer than ${n + 1} times`);
  }
  return at;
}

/** The text a diagnostic flags. */
export function flagged(text, d) {
  return text.slice(d.offsets.start, d.offsets.end);
}

/** One line per diagnostic, for assertion messages. */
export function formatDiagnostics(diagnostics, text) {
  if (diagnostics.length === 0) return "  (no diagnostics)";
  return diagnostics
    .map((d) => {
      const at = d.range ? `${d.range.start.line + 1}:${d.range.start.character + 1}` : "?:?";
      const doc = d.resource ? ` doc#${d.resource.documentIndex}` : "";
      const src = text !== undefined && d.offsets ? ` text=${JSON.stringify(flagged(text, d).slice(0, 60))}` : "";
      return `  ${at} ${d.severity} ${d.source} ${d.code} [${d.fieldPath}]${doc} ${d.message}${src}`;
    })
    .join("\n");
}

export function errorsOf(result) {
  return result.diagnostics.filter((d) => d.severity === "error");
}

/** Finds the diagnostics with this exact fieldPath. */
export function withFieldPath(result, fieldPath) {
  return result.diagnostics.filter((d) => d.fieldPath === fieldPath);
}

/**
 * Returns the one diagnostic (first match) with fieldPath, failing with the full list when absent.
 */
export function expectDiagnostic(result, text, fieldPath, pred = () => true, what = "") {
  const found = result.diagnostics.find((d) => d.fieldPath === fieldPath && pred(d));
  assert.ok(
    found,
    `expected a diagnostic with fieldPath ${JSON.stringify(fieldPath)}${what ? ` (${what})` : ""}; got:\n` +
      formatDiagnostics(result.diagnostics, text),
  );
  return found;
}

function isInt(v) {
  return Number.isInteger(v) && v >= 0;
}

const isHigh = (c) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c) => c >= 0xdc00 && c <= 0xdfff;

/** Walks any value and lists every path holding `undefined` (the contract says null, never undefined). */
export function undefinedPaths(value, path = "$", out = []) {
  if (value === undefined) {
    out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => undefinedPaths(v, `${path}[${i}]`, out));
    // Holes in sparse arrays read as undefined too.
    for (let i = 0; i < value.length; i++) if (!(i in value)) out.push(`${path}[${i}] (hole)`);
  } else if (value instanceof Map) {
    out.push(`${path} (a Map, not a plain object)`);
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) undefinedPaths(v, `${path}.${k}`, out);
  }
  return out;
}

const DIAGNOSTIC_KEYS = [
  "code", "severity", "source", "message", "fieldPath", "path", "range", "offsets", "resource", "help",
];
const RESOURCE_REF_KEYS = ["apiVersion", "kind", "namespace", "name", "documentIndex"];
const SUMMARY_KEYS = ["apiVersion", "kind", "namespace", "name", "documentIndex", "channel", "known"];

function assertKeys(obj, keys, where) {
  assert.ok(obj !== null && typeof obj === "object" && !Array.isArray(obj), `${where}: not an object`);
  assert.equal(Object.getPrototypeOf(obj), Object.prototype, `${where}: not a plain object`);
  for (const k of keys) {
    assert.ok(Object.hasOwn(obj, k), `${where}: missing key ${k} (contract: always present, null when absent)`);
    assert.notEqual(obj[k], undefined, `${where}.${k} is undefined (contract: null, never undefined)`);
  }
}

function assertStringOrNull(v, where) {
  assert.ok(v === null || typeof v === "string", `${where} must be string|null, got ${typeof v} ${v}`);
}

/** Checks one diagnostic against the contract and against the text it was produced from. */
export function checkDiagnostic(d, text, where = "diagnostic", starts = lineStarts(text)) {
  assertKeys(d, DIAGNOSTIC_KEYS, where);
  assert.equal(typeof d.code, "string", `${where}.code`);
  assert.ok(d.code.length > 0, `${where}.code is empty`);
  assert.ok(SEVERITIES.includes(d.severity), `${where}.severity ${JSON.stringify(d.severity)}`);
  assert.ok(SOURCES.includes(d.source), `${where}.source ${JSON.stringify(d.source)}`);
  assert.equal(typeof d.message, "string", `${where}.message`);
  assert.ok(d.message.length > 0, `${where}.message is empty`);
  assertStringOrNull(d.fieldPath, `${where}.fieldPath`);
  assertStringOrNull(d.help, `${where}.help`);
  assert.ok(Array.isArray(d.path), `${where}.path must be an array`);
  d.path.forEach((p, i) =>
    assert.ok(typeof p === "string" || isInt(p), `${where}.path[${i}] must be a string or an index, got ${p}`),
  );
  // range / offsets
  assertKeys(d.offsets, ["start", "end"], `${where}.offsets`);
  assertKeys(d.range, ["start", "end"], `${where}.range`);
  const { start, end } = d.offsets;
  assert.ok(isInt(start) && isInt(end), `${where}.offsets must be non-negative integers: ${start}..${end}`);
  assert.ok(start <= end, `${where}.offsets start ${start} > end ${end}`);
  assert.ok(end <= text.length, `${where}.offsets.end ${end} beyond the text (length ${text.length})`);
  for (const [name, off] of [["start", start], ["end", end]]) {
    if (off > 0 && off < text.length) {
      assert.ok(
        !(isHigh(text.charCodeAt(off - 1)) && isLow(text.charCodeAt(off))),
        `${where}.offsets.${name} ${off} splits a surrogate pair (offsets must count UTF-16 code units)`,
      );
    }
    const pos = d.range[name];
    assertKeys(pos, ["line", "character"], `${where}.range.${name}`);
    assert.ok(isInt(pos.line) && isInt(pos.character), `${where}.range.${name} must be non-negative integers`);
    assert.deepEqual(
      { line: pos.line, character: pos.character },
      positionAt(text, off, starts),
      `${where}.range.${name} disagrees with offsets.${name}=${off}`,
    );
  }
  if (d.resource !== null) {
    assertKeys(d.resource, RESOURCE_REF_KEYS, `${where}.resource`);
    for (const k of ["apiVersion", "kind", "namespace", "name"]) assertStringOrNull(d.resource[k], `${where}.resource.${k}`);
    assert.ok(isInt(d.resource.documentIndex), `${where}.resource.documentIndex`);
  }
}

export function checkSummary(r, where = "resource") {
  assertKeys(r, SUMMARY_KEYS, where);
  for (const k of ["apiVersion", "kind", "namespace", "name"]) assertStringOrNull(r[k], `${where}.${k}`);
  assert.ok(isInt(r.documentIndex), `${where}.documentIndex`);
  assert.ok(r.channel === null || CHANNELS.includes(r.channel), `${where}.channel ${JSON.stringify(r.channel)}`);
  assert.equal(typeof r.known, "boolean", `${where}.known`);
}

/** Checks a whole LintResult against the contract and the text. */
export function checkResult(result, text) {
  assertKeys(result, ["diagnostics", "resources", "gatewayApi"], "result");
  assert.ok(Array.isArray(result.diagnostics), "result.diagnostics must be an array");
  assert.ok(Array.isArray(result.resources), "result.resources must be an array");
  assert.ok(RELEASES.includes(result.gatewayApi), `result.gatewayApi ${JSON.stringify(result.gatewayApi)}`);
  const starts = lineStarts(text);
  result.diagnostics.forEach((d, i) => checkDiagnostic(d, text, `diagnostics[${i}]`, starts));
  result.resources.forEach((r, i) => checkSummary(r, `resources[${i}]`));
  assert.deepEqual(undefinedPaths(result), [], "values must be null, never undefined");
}

/** Lints and checks the result's shape; returns the result. */
export function lintChecked(text, options) {
  const result = options === undefined ? lint(text) : lint(text, options);
  checkResult(result, text);
  return result;
}
