// Positions: offsets and ranges count UTF-16 code units, so text.slice(start, end) is exactly the flagged
// key or value, also after non-ASCII text (é, 😀 = two code units), a BOM, CRLF line ends and tabs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { lintChecked, expectDiagnostic, flagged, offsetOf, positionAt, formatDiagnostics } from "./helpers.mjs";

const OPTS = { gatewayApi: "v1.6.1", channel: "standard" };

const BLOCK = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: unicode-gw
  annotations:
    example.com/note: "café 😀 naïve — 日本語"
    example.com/emoji: 😀😀😀
spec:
  gatewayClassName: "é😀"
  foo: "😀"
  listeners:
  - name: http
    protocol: HTTP
    port: 0
`;

/** Asserts the diagnostic at fieldPath flags exactly `expected`, found at `at` in text. */
function assertFlags(text, result, fieldPath, expected, at) {
  const d = expectDiagnostic(result, text, fieldPath);
  const all = result.diagnostics.filter((x) => x.fieldPath === fieldPath);
  const hit = all.find((x) => flagged(text, x) === expected) ?? d;
  assert.equal(
    flagged(text, hit),
    expected,
    `fieldPath ${fieldPath} should flag ${JSON.stringify(expected)}; diagnostics:\n${formatDiagnostics(result.diagnostics, text)}`,
  );
  assert.equal(hit.offsets.start, at, `offsets.start of ${fieldPath}`);
  assert.equal(hit.offsets.end, at + expected.length, `offsets.end of ${fieldPath}`);
  assert.deepEqual(hit.range.start, positionAt(text, at), `range.start of ${fieldPath}`);
  assert.deepEqual(hit.range.end, positionAt(text, at + expected.length), `range.end of ${fieldPath}`);
  return hit;
}

test("block YAML after non-ASCII text: value and key are flagged exactly", () => {
  const result = lintChecked(BLOCK, OPTS);
  assertFlags(BLOCK, result, "spec.listeners[0].port", "0", offsetOf(BLOCK, "port: 0") + "port: ".length);
  assertFlags(BLOCK, result, "spec.foo", "foo", offsetOf(BLOCK, "foo:"));
});

test("flow YAML on one line: character counts UTF-16 code units", () => {
  const text =
    '{"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway", "metadata": {"name": "flow-gw", ' +
    '"annotations": {"n": "😀é😀"}}, "spec": {"gatewayClassName": "😀", "listeners": [{"name": "http", ' +
    '"protocol": "HTTP", "port": 0}]}}\n';
  const result = lintChecked(text, OPTS);
  const d = assertFlags(text, result, "spec.listeners[0].port", "0", offsetOf(text, '"port": 0') + '"port": '.length);
  assert.equal(d.range.start.line, 0);
});

test("a non-ASCII unknown key is flagged exactly (end offset after a surrogate pair)", () => {
  const text = BLOCK.replace('  foo: "😀"\n', "  spéc😀: 1\n");
  const result = lintChecked(text, OPTS);
  assertFlags(text, result, "spec.spéc😀", "spéc😀", offsetOf(text, "spéc😀"));
});

test("BOM at the start: offsets still index the text as given", () => {
  const text = "\uFEFF" + BLOCK;
  const result = lintChecked(text, OPTS);
  assertFlags(text, result, "spec.listeners[0].port", "0", offsetOf(text, "port: 0") + "port: ".length);
});

test("CRLF line ends: lines and characters stay right", () => {
  const text = BLOCK.replaceAll("\n", "\r\n");
  const result = lintChecked(text, OPTS);
  const at = offsetOf(text, "port: 0") + "port: ".length;
  const d = assertFlags(text, result, "spec.listeners[0].port", "0", at);
  assert.equal(d.range.start.line, BLOCK.split("\n").findIndex((l) => l.includes("port: 0")));
  assert.equal(d.range.start.character, "    port: ".length);
});

test("a tab after the colon is a syntax error (as in the API server's YAML parser), at the right line", () => {
  // libyaml / go-yaml (and so kubectl) reject `key:<TAB>value` in block context: "found character that
  // cannot start any token".
  const text = BLOCK.replace("port: 0", "port:\t0");
  const result = lintChecked(text, OPTS);
  const line = positionAt(text, offsetOf(text, "port:\t0")).line;
  const d = result.diagnostics.find((x) => x.source === "syntax");
  assert.ok(d, `expected a syntax diagnostic:\n${formatDiagnostics(result.diagnostics, text)}`);
  assert.equal(d.severity, "error");
  assert.equal(d.range.start.line, line, formatDiagnostics(result.diagnostics, text));
});

test("positions in the second document count from the start of the whole text", () => {
  const text = "# leading comment é😀\n---\n" + BLOCK + "---\n" + BLOCK.replace("unicode-gw", "second-gw");
  const result = lintChecked(text, OPTS);
  const ports = result.diagnostics.filter((d) => d.fieldPath === "spec.listeners[0].port");
  const first = offsetOf(text, "port: 0") + "port: ".length;
  const second = offsetOf(text, "port: 0", 1) + "port: ".length;
  const starts = ports.map((d) => d.offsets.start);
  assert.ok(starts.includes(first), `first document's port at ${first}; got ${starts}\n${formatDiagnostics(result.diagnostics, text)}`);
  assert.ok(starts.includes(second), `second document's port at ${second}; got ${starts}`);
  const names = ports.map((d) => d.resource?.name);
  assert.ok(names.includes("unicode-gw") && names.includes("second-gw"), `resources: ${names}`);
});
