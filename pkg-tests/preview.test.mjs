// preview(): an SVG picture of the topology (self-contained, escaped, deterministic) and one
// summary line per object, as a dashboard would use them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gwlint, undefinedPaths } from "./helpers.mjs";

const { preview } = gwlint;

// A TLSRoute through a Passthrough listener to a Service a BackendTLSPolicy secures.
const TEXT = readFileSync(new URL("../tests/fixtures/preview/payments.yaml", import.meta.url), "utf8");

test("preview returns an accessible SVG and one summary line per object", () => {
  const result = preview(TEXT, { gatewayApi: "v1.6.1" });
  assert.deepEqual(Object.keys(result).sort(), ["gatewayApi", "omittedNodes", "summary", "svg"]);
  assert.deepEqual(undefinedPaths(result), []);
  assert.equal(result.gatewayApi, "v1.6.1");
  assert.equal(result.omittedNodes, 0);
  assert.match(result.svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" role="img" aria-labelledby="[^"]+"/);
  assert.match(result.svg, /^<svg[^>]*>\n<title id="gwlint-preview-title">[^<]+<\/title>\n<desc id="gwlint-preview-desc">/);
  // Shown under a strict CSP: nothing loaded, no scripts, no inline styles.
  assert.doesNotMatch(result.svg, /<script|<style|style=|href=|url\(|<image|<foreignObject/);
  assert.equal(result.summary.length, 4);
  const route = result.summary.find((l) => l.kind === "TLSRoute");
  assert.deepEqual(
    { ...route },
    {
      documentIndex: 1,
      kind: "TLSRoute",
      namespace: "shop",
      name: "payments",
      state: "accepted",
      text:
        "TLSRoute shop/payments -> Gateway infra/edge listener tls-443 (Passthrough), hostname pay.example.com, " +
        "backend payments:8443, TLS by BackendTLSPolicy payments-tls",
    },
  );
  assert.ok(result.svg.includes('data-id="TLSRoute/shop/payments"'));
});

test("the same input gives the same bytes", () => {
  assert.equal(preview(TEXT).svg, preview(TEXT).svg);
});

test("names cannot inject markup", () => {
  const evil = TEXT.replaceAll("name: payments\n", 'name: "<script>alert(1)</script>&\'\\"]]>"\n');
  const { svg, summary } = preview(evil);
  assert.doesNotMatch(svg, /<script/);
  assert.doesNotMatch(svg, /]]>/);
  assert.ok(svg.includes("&lt;script&gt;alert(1)&lt;/script&gt;&amp;&apos;&quot;]]&gt;"), svg);
  // The summary is plain text: the name as written.
  assert.ok(summary.some((l) => l.name === "<script>alert(1)</script>&'\"]]>"));
});

test("preview never throws on bad input and rejects bad options", () => {
  for (const text of ["", "{", "---\n- a\n", "\u0000"]) {
    const result = preview(text);
    assert.match(result.svg, /^<svg /);
    assert.deepEqual(result.summary, []);
  }
  assert.throws(() => preview("", { nope: true }), Error);
  assert.throws(() => preview("", "v1.6.1"), Error);
});
