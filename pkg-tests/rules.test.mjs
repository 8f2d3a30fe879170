// rules(): the catalogue of diagnostic codes. Every code that lint or evaluate emits on the
// playground samples and test fixtures must be in it, documented.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { gwlint, SEVERITIES, SOURCES } from "./helpers.mjs";

const inputs = [
  ...readdirSync(new URL("../www/samples/", import.meta.url)).map((f) => new URL(`../www/samples/${f}`, import.meta.url)),
  ...readdirSync(new URL("./fixtures/", import.meta.url))
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .map((f) => new URL(`./fixtures/${f}`, import.meta.url)),
];

test("rules() lists each code once, with a source, severity, summary and docs", () => {
  const rules = gwlint.rules();
  assert.ok(Array.isArray(rules) && rules.length > 40, `got ${rules.length} rules`);
  const codes = new Set();
  for (const r of rules) {
    assert.match(r.code, /^[a-z]+\/[a-z0-9-]+$/);
    assert.ok(!codes.has(r.code), `${r.code} twice`);
    codes.add(r.code);
    assert.ok(SOURCES.includes(r.source), r.code);
    assert.ok(SEVERITIES.includes(r.severity), r.code);
    assert.ok(r.summary.length > 10 && r.docs.length > 20, r.code);
  }
});

test("every code emitted on the samples and fixtures is catalogued", () => {
  const codes = new Set(gwlint.rules().map((r) => r.code));
  const seen = new Set();
  for (const url of inputs) {
    const text = readFileSync(url, "utf8");
    for (const d of gwlint.evaluate(text).diagnostics) {
      if (d.source === "profile") continue;
      seen.add(d.code);
      assert.ok(codes.has(d.code), `${d.code} (from ${url.pathname}) is not in rules()`);
    }
  }
  assert.ok(seen.size >= 5, `only ${[...seen].join(", ")} seen`);
});
