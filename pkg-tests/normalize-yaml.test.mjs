// normalize()'s YAML, read by an independent parser (the `yaml` package, with the YAML 1.1 schema that
// Kubernetes' sigs.k8s.io/yaml follows), gives the same objects as its JSON output: the emitter is not
// judged by gwlint's own reader. Inputs: every upstream example, and strings that YAML 1.1 reads as
// something else, multi-line strings, long keys, and a quoted "<<" key.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { gwlint } from "./helpers.mjs";

const SHARED = fileURLToPath(new URL("../../shared/gateway-api/examples/", import.meta.url));

function yamlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(name) ? [p] : [];
  });
}

/** The objects of normalize's YAML, as the `yaml` package reads them with YAML 1.1 rules. */
function readYaml(text) {
  return parseAllDocuments(text, { version: "1.1", uniqueKeys: true, merge: true })
    .map((doc) => {
      assert.deepEqual(doc.errors, [], `the yaml package cannot read:\n${text}`);
      return doc.toJS({ maxAliasCount: -1 });
    })
    .filter((o) => o !== null);
}

/** The objects of normalize's JSON output (one object, or a List of several). */
function readJson(text) {
  const value = JSON.parse(text);
  return value?.kind === "List" && Array.isArray(value.items) ? value.items : [value];
}

function assertSameObjects(input, options = {}) {
  const yaml = gwlint.normalize(input, { ...options, format: "yaml" });
  const json = gwlint.normalize(input, { ...options, format: "json" });
  assert.deepEqual(readYaml(yaml.text), readJson(json.text), yaml.text);
}

test("every upstream example: normalize's YAML and JSON hold the same objects", () => {
  const files = yamlFiles(SHARED);
  assert.ok(files.length > 50, `${files.length} example files`);
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    if (text.includes("kind: List")) continue;
    assertSameObjects(text);
    assertSameObjects(text, { dropDefaults: true });
  }
});

test("strings YAML 1.1 would read as other types, multi-line strings, long keys and a quoted << key", () => {
  const tricky = ["yes", "No", "on", "OFF", "y", "n", "~", "null", "1.0", "012", "0x1F", "1_000", "+1", ".inf", "2024-01-01",
    "12:30:45", "1:20", "- x", "a: b", "a #b", "*x", "&a", "!t", "%x", "@x", "`x", " lead", "trail ", "", "<<", "=",
    "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", "a\nb", "a\n\nb\n\n\n", "a\n  indented\n# not a comment\n",
    "tab\there", "cr\r\nlf", "nbsp\u00a0", "line\u2028sep", "\ufeffbom", "emoji \u{1f600}"];
  const annotations = Object.fromEntries(tricky.map((v, i) => [`k${i}`, v]));
  for (const [i, v] of tricky.entries()) annotations[v.length > 0 && !/[\r\n]/.test(v) ? `key-${v}` : `key-${i}`] = "x";
  annotations["<<"] = "quoted merge key";
  annotations["k".repeat(1100)] = "long key";
  const object = {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "GatewayClass",
    metadata: { name: "c", annotations },
    spec: { controllerName: "example.com/c", description: "multi\nline\n" },
  };
  const input = JSON.stringify(object);
  assertSameObjects(input);
  // And the values are exactly the input's.
  const read = readYaml(gwlint.normalize(input).text)[0];
  assert.deepEqual(read.metadata.annotations, annotations);
  assert.equal(read.spec.description, "multi\nline\n");
});
