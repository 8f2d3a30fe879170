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

/** The `width`, `height` and `viewBox` of the picture's root element. */
function size(svg) {
  const root = svg.slice(0, svg.indexOf(">"));
  const attr = (name) => root.match(new RegExp(` ${name}="([^"]+)"`))?.[1];
  return { width: Number(attr("width")), height: Number(attr("height")), viewBox: attr("viewBox") };
}

test("maxWidth lays the picture out for its panel: no wider, drawn at scale 1, text of 10 px or more", () => {
  for (const maxWidth of [240, 595, 1280]) {
    const { svg } = preview(TEXT, { gatewayApi: "v1.6.1", maxWidth, direction: "top-down" });
    const { width, height, viewBox } = size(svg);
    assert.ok(width <= maxWidth, `${width} > ${maxWidth}`);
    assert.equal(viewBox, `0 0 ${width} ${height}`);
    const sizes = [...svg.matchAll(/font-size="([0-9.]+)"/g)].map((m) => Number(m[1]));
    assert.ok(sizes.length > 0 && Math.min(...sizes) >= 10, String(sizes));
    // Listeners sit inside their Gateway.
    assert.match(svg, /data-kind="Listener" data-parent="gwlint-preview-n\d+"/);
  }
  // Top-down is the default; left-right is as wide as its columns.
  assert.equal(preview(TEXT, { maxWidth: 595 }).svg, preview(TEXT, { maxWidth: 595, direction: "top-down" }).svg);
  const wide = preview(TEXT, { maxWidth: 595, direction: "left-right" }).svg;
  assert.ok(size(wide).width > 595);
  assert.doesNotMatch(wide, /data-parent=/);
  // The legend has every state, with the playground's marks.
  for (const entry of ["✓ accepted", "✗ problem", "○ not evaluated", "✗ not in the cluster"]) {
    assert.ok(wide.includes(`>${entry}</text>`), entry);
  }
});

test("bad layout options throw an Error that says what is wrong", () => {
  const cases = [
    [{ maxWidth: 100 }, /maxWidth must be a whole number from 240 to 20000; got 100/],
    [{ maxWidth: 595.5 }, /maxWidth must be a whole number from 240 to 20000; got 595.5/],
    [{ maxWidth: "595" }, /maxWidth must be a whole number from 240 to 20000; got "595"/],
    [{ maxWidth: 20001 }, /maxWidth must be a whole number from 240 to 20000; got 20001/],
    [{ maxWidth: NaN }, /maxWidth must be a whole number from 240 to 20000; got NaN/],
    [{ maxWidth: Infinity }, /maxWidth must be a whole number from 240 to 20000; got Infinity/],
    [{ direction: "bottom-up" }, /unknown variant `bottom-up`, expected `top-down` or `left-right`/],
    [{ maxwidth: 595 }, /unknown option `maxwidth`, expected one of .*maxWidth, direction/],
  ];
  for (const [options, message] of cases) {
    assert.throws(() => preview(TEXT, options), (err) => err instanceof Error && message.test(err.message), JSON.stringify(options));
  }
  // Absent and null mean the defaults.
  assert.equal(preview(TEXT, { maxWidth: null, direction: undefined }).svg, preview(TEXT).svg);
});
