// The generated TypeScript declarations describe the runtime contract: absent values are `null` (never
// `undefined`), `options` may be omitted, and every build target ships the same API types.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const read = (target) => readFileSync(new URL(`../pkg/${target}/gwlint.d.ts`, import.meta.url), "utf8");
const WEB = read("web");

/** The body of `export interface Name { ... }`. */
function iface(dts, name) {
  const m = dts.match(new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`));
  assert.ok(m, `interface ${name} is declared`);
  return m[1].replace(/\/\*\*[\s\S]*?\*\//g, "");
}

function fieldType(body, field) {
  const m = body.match(new RegExp(`\\n\\s*${field}(\\??): ([^;]+);`));
  assert.ok(m, `field ${field} is declared`);
  return { optional: m[1] === "?", type: m[2].trim() };
}

test("lint() may be called without options", () => {
  const m = WEB.match(/export function lint\(([^)]*)\): LintResult;/);
  assert.ok(m, "lint is declared returning LintResult");
  assert.match(m[1], /^text: string, options\?: /, `lint's parameters: ${m[1]}`);
});

test("nullable result fields are typed `| null`, not `| undefined`", () => {
  const cases = {
    Diagnostic: ["fieldPath", "resource", "help"],
    ResourceSummary: ["apiVersion", "kind", "namespace", "name", "channel"],
    ResourceRef: ["apiVersion", "kind", "namespace", "name"],
  };
  const wrong = [];
  for (const [name, fields] of Object.entries(cases)) {
    const body = iface(WEB, name);
    for (const field of fields) {
      const { optional, type } = fieldType(body, field);
      if (optional || /\bundefined\b/.test(type) || !/\|\s*null$/.test(type)) wrong.push(`${name}.${field}${optional ? "?" : ""}: ${type}`);
    }
  }
  assert.deepEqual(wrong, [], "these fields are null at run time (see #[tsify(missing_as_null)])");
  for (const name of Object.keys(cases)) assert.doesNotMatch(iface(WEB, name), /\bundefined\b/, `${name} mentions undefined`);
});

test("string-literal unions for severity, source and options", () => {
  assert.match(WEB, /export type Severity = "error" \| "warning" \| "info" \| "hint";/);
  assert.match(WEB, /export type Source = "syntax" \| "schema" \| "cel" \| "evaluation" \| "profile" \| "policy";/);
  assert.match(WEB, /"v1\.2\.1" \| "v1\.3\.0" \| "v1\.4\.1" \| "v1\.5\.1" \| "v1\.6\.1" \| "auto"/);
  assert.match(WEB, /"standard" \| "experimental" \| "auto"/);
});

test("the node and bundler builds declare the same API as the web build", () => {
  // The web build adds init()/initSync() and their types after the API; compare the API part.
  const api = (dts) => dts.split(/\nexport type InitInput\b/)[0].trimEnd();
  assert.equal(api(read("node")), api(WEB));
  assert.equal(api(read("bundler")), api(WEB));
});
