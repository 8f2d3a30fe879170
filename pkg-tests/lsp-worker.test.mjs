// gwlint-lsp in a browser Web Worker (lsp/worker.mjs: the same server logic over postMessage), with the web build,
// in headless Chromium under the playground's Content-Security-Policy: diagnostics (lint and evaluation), hover
// with the CRD docs (lsp/descriptions.json fetched on the first hover), definition and a quick fix.
//   GWLINT_SKIP_BROWSER=1 skips this file, as the other browser tests.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { startServer } from "../scripts/serve.mjs";
import { launchChromium, SKIP_BROWSER } from "./chromium.mjs";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const TIMEOUT_MS = 60_000;
let server;
let browser;

before(async () => {
  if (SKIP_BROWSER) return;
  mkdirSync(new URL("./artifacts/", import.meta.url), { recursive: true });
  await build({
    entryPoints: [fileURLToPath(new URL("./fixtures/lsp/browser/worker-entry.mjs", import.meta.url))],
    outfile: fileURLToPath(new URL("./artifacts/lsp-worker.js", import.meta.url)),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "error",
  });
  server = await startServer({ root: REPO, port: 0 });
  browser = await launchChromium({ viewport: { width: 800, height: 600 }, timeoutMs: TIMEOUT_MS, profilePrefix: "gwlint-lsp-worker-" });
});

after(async () => {
  await browser?.close();
  await server?.close().catch(() => {});
});

test("gwlint-lsp runs in a Web Worker: diagnostics, hover, definition, quick fix", { skip: SKIP_BROWSER, timeout: 2 * TIMEOUT_MS }, async () => {
  const page = await browser.context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // A browser may ask for /favicon.ico on its own; that 404 is not the page's fault.
  page.on("console", (m) => m.type() === "error" && !/\/favicon\.ico$/.test(m.location()?.url ?? "") && errors.push(`${m.text()} (${m.location()?.url})`));
  await page.goto(new URL("pkg-tests/fixtures/lsp/browser/worker.html", server.url).href);
  await page.waitForSelector("body[data-state]", { state: "attached", timeout: TIMEOUT_MS });
  const got = await page.evaluate(() => window.__lsp);
  assert.equal(got.error, undefined, `${got.error}\n${errors.join("\n")}`);
  assert.equal(got.positionEncoding, "utf-16");
  const codes = got.diagnostics.map((d) => d.code).sort();
  assert.ok(codes.includes("schema/unknown-field"), codes.join());
  assert.ok(codes.includes("evaluation/route-not-accepted"), codes.join());
  assert.match(got.hover.contents.value, /\*\*schema\/unknown-field\*\*/);
  assert.match(got.fieldHover.contents.value, /\*\*spec\.listeners\[\]\.protocol\*\* `string`: Gateway gateway\.networking\.k8s\.io\/v1, Gateway API v1\.6\.1 standard/);
  assert.deepEqual(got.definition, [{ uri: "inmemory://model/1.yaml", range: { start: { line: 3, character: 8 }, end: { line: 3, character: 12 } } }]);
  assert.equal(got.actions[0].title, 'Change to "gatewayClassName"');
  assert.deepEqual(errors, []);
});
