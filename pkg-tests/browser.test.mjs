// Browser smoke test: the web build, served with the playground's headers (CSP, application/wasm), loads in
// headless Chromium and returns exactly what the Node build returns.
// Chromium is Debian's (`command -v chromium`), driven by playwright-core; nothing is downloaded.
//   GWLINT_SKIP_BROWSER=1 skips this file (for machines without Chromium; CI always runs it).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startServer } from "../scripts/serve.mjs";
import { launchChromium, SKIP_BROWSER } from "./chromium.mjs";
import { lint, version } from "./helpers.mjs";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const FIXTURE = readFileSync(new URL("./fixtures/browser-manifest.yaml", import.meta.url), "utf8");
const SKIP = SKIP_BROWSER;
const STEP_TIMEOUT_MS = 60_000;



let server;
let context;
let browser;
const pageErrors = [];
const consoleErrors = [];

before(async () => {
  if (SKIP) return;
  server = await startServer({ root: REPO, port: 0 });
  browser = await launchChromium({ viewport: { width: 1200, height: 900 }, timeoutMs: STEP_TIMEOUT_MS, profilePrefix: "gwlint-chromium-" });
  context = browser.context;
});

after(async () => {
  // Always release the browser, the server and the profile, whatever failed above.
  await browser?.close();
  await server?.close().catch(() => {});
});

async function openPage(urlPath) {
  pageErrors.length = 0;
  consoleErrors.length = 0;
  const page = await context.newPage();
  page.on("pageerror", (err) => pageErrors.push(`${urlPath}: ${err.stack ?? err}`));
  page.on("console", (msg) => {
    // A browser may ask for /favicon.ico on its own; that 404 is not the page's fault.
    if (msg.type() === "error" && !/\/favicon\.ico$/.test(msg.location()?.url ?? "")) {
      consoleErrors.push(`${urlPath}: ${msg.text()} (${msg.location()?.url ?? "?"})`);
    }
  });
  const response = await page.goto(new URL(urlPath, server.url).href, { waitUntil: "load" });
  assert.equal(response?.status(), 200, `GET ${urlPath}`);
  return page;
}

test("the web build returns what the Node build returns", { skip: SKIP, timeout: 2 * STEP_TIMEOUT_MS }, async () => {
  const page = await openPage("pkg-tests/browser/smoke.html");
  try {
    await page.waitForSelector("body[data-state]", { state: "attached", timeout: STEP_TIMEOUT_MS });
    const got = await page.evaluate(() => window.__gwlint);
    assert.equal(got.error, undefined, `the page failed: ${got.error}\n${pageErrors.join("\n")}\n${consoleErrors.join("\n")}`);
    assert.equal(got.version, version());
    assert.equal(got.threw, "Error", "invalid options throw an Error in the browser too");
    assert.equal(got.results.length, 3);
    for (const { options, json } of got.results) {
      const expected = JSON.stringify(options === null ? lint(FIXTURE) : lint(FIXTURE, options));
      assert.equal(json, expected, `browser and Node results differ for options ${JSON.stringify(options)}`);
    }
    assert.ok(JSON.parse(got.results[1].json).diagnostics.length > 0, "the fixture yields diagnostics");
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(consoleErrors, [], "no console errors (CSP violations, failed loads)");
  } finally {
    await page.close();
  }
});

// The playground page itself (editor, tabs, shared links, screenshots) is tested in playground.test.mjs.
