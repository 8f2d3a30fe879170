// Browser smoke test: the web build, served with the playground's headers (CSP, application/wasm), loads in
// headless Chromium and returns exactly what the Node build returns.
// Chromium is Debian's (`command -v chromium`), driven by playwright-core; nothing is downloaded.
//   GWLINT_SKIP_BROWSER=1 skips this file (for machines without Chromium; CI always runs it).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "../scripts/serve.mjs";
import { lint, version } from "./helpers.mjs";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const FIXTURE = readFileSync(new URL("./fixtures/browser-manifest.yaml", import.meta.url), "utf8");
const SKIP = process.env.GWLINT_SKIP_BROWSER === "1";
const STEP_TIMEOUT_MS = 60_000;

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function chromiumPath() {
  try {
    const found = execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim();
    if (found) return found;
  } catch {
    // fall through
  }
  return "/usr/bin/chromium";
}

let server;
let context;
let userDataDir;
const pageErrors = [];
const consoleErrors = [];

before(async () => {
  if (SKIP) return;
  const { chromium } = await import("playwright-core");
  const executablePath = chromiumPath();
  assert.ok(existsSync(executablePath), `Chromium not found at ${executablePath} (install Debian's chromium)`);
  server = await startServer({ root: REPO, port: 0 });
  userDataDir = mkdtempSync(path.join(os.tmpdir(), "gwlint-chromium-"));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: STEP_TIMEOUT_MS,
    viewport: { width: 1200, height: 900 },
  });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
});

after(async () => {
  // Always release the browser, the server and the profile, whatever failed above.
  await context?.close().catch(() => {});
  await server?.close().catch(() => {});
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
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
