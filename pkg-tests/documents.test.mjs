// Multi-document streams (a syntax error in one document does not hide the others) and JSON input
// (same diagnostics as the equivalent YAML).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { lintChecked, formatDiagnostics, offsetOf, positionAt, flagged } from "./helpers.mjs";

const OPTS = { gatewayApi: "v1.6.1", channel: "standard" };

const gateway = (name) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: ${name}
spec:
  gatewayClassName: example
  listeners:
  - name: http
    protocol: HTTP
    port: 0
`;

const BROKEN_SYNTAX = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: broken: here
spec:
  parentRefs:
  - name: gw-0
`;

test("a syntax error in document 2 of 3 is reported there, and documents 1 and 3 are still checked", () => {
  const docs = [gateway("gw-0"), BROKEN_SYNTAX, gateway("gw-2")];
  const text = docs.join("---\n");
  const result = lintChecked(text, OPTS);
  const listing = formatDiagnostics(result.diagnostics, text);

  // Line span of document index 1 (between the two separators).
  const sep1 = offsetOf(text, "---\n");
  const sep2 = offsetOf(text, "---\n", 1);
  const doc1First = positionAt(text, sep1).line + 1;
  const doc1Last = positionAt(text, sep2).line; // the second separator's line ends it
  const brokenLine = positionAt(text, offsetOf(text, "name: broken: here")).line;

  const syntax = result.diagnostics.filter((d) => d.source === "syntax");
  assert.ok(syntax.length > 0, `expected a syntax diagnostic; got:\n${listing}`);
  for (const d of syntax) {
    assert.ok(
      d.range.start.line >= doc1First && d.range.start.line <= doc1Last,
      `syntax diagnostic outside document 1 (lines ${doc1First + 1}-${doc1Last + 1}):\n${listing}`,
    );
    assert.equal(
      d.resource?.documentIndex,
      1,
      `a syntax diagnostic should name its document (resource.documentIndex 1, other resource fields may be null):\n${listing}`,
    );
  }
  assert.ok(
    syntax.some((d) => d.range.start.line === brokenLine),
    `a syntax diagnostic should point at line ${brokenLine + 1} ("name: broken: here"):\n${listing}`,
  );

  for (const [index, name] of [[0, "gw-0"], [2, "gw-2"]]) {
    const d = result.diagnostics.find(
      (x) => x.fieldPath === "spec.listeners[0].port" && x.resource?.documentIndex === index,
    );
    assert.ok(d, `document ${index}'s port error is still reported:\n${listing}`);
    assert.equal(d.source, "schema");
    assert.equal(d.severity, "error");
    assert.equal(d.resource.name, name);
    assert.equal(d.resource.kind, "Gateway");
    assert.equal(flagged(text, d), "0");
    assert.equal(d.offsets.start, offsetOf(text, "port: 0", index === 0 ? 0 : 1) + "port: ".length);
  }
  const indexes = result.resources.map((r) => r.documentIndex);
  assert.ok(indexes.includes(0) && indexes.includes(2), `resources of documents 0 and 2: ${JSON.stringify(result.resources)}`);
});

test("JSON input gives the same diagnostics as the equivalent YAML", async (t) => {
  const yaml = readFileSync(new URL("./fixtures/gateway-broken.yaml", import.meta.url), "utf8");
  const json = readFileSync(new URL("./fixtures/gateway-broken.json", import.meta.url), "utf8");
  const compact = JSON.stringify(JSON.parse(json));
  const key = (d) => `${d.severity} ${d.source} ${d.code} [${d.fieldPath}] ${d.message}`;
  const fromYaml = lintChecked(yaml, OPTS);
  assert.ok(fromYaml.diagnostics.length >= 3, `the fixture has at least 3 errors:\n${formatDiagnostics(fromYaml.diagnostics, yaml)}`);
  const expected = fromYaml.diagnostics.map(key).sort();
  for (const [name, text] of [["pretty JSON", json], ["one-line JSON", compact]]) {
    await t.test(name, () => {
      const result = lintChecked(text, OPTS);
      assert.deepEqual(result.diagnostics.map(key).sort(), expected, formatDiagnostics(result.diagnostics, text));
      assert.deepEqual(
        result.resources.map((r) => ({ ...r })),
        fromYaml.resources.map((r) => ({ ...r })),
        "resources",
      );
      const port = result.diagnostics.find((d) => d.fieldPath === "spec.listeners[0].port");
      assert.ok(port, "port diagnostic");
      assert.equal(flagged(text, port), "0", "the JSON value is flagged");
    });
  }
});
