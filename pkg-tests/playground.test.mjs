// The playground (www/), as a person uses it: served by scripts/serve.mjs (with its CSP) from www/ as
// `bash scripts/run.sh` serves it, loaded in Debian's headless Chromium driven by playwright-core. Types a
// manifest, waits for the diagnostic, checks its range, message and hover, switches release and channel,
// opens every tab, reloads from a shared link, and saves screenshots to pkg-tests/artifacts/.
//   GWLINT_SKIP_BROWSER=1 skips this file (for machines without Chromium; CI always runs it).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startServer, CONTENT_SECURITY_POLICY } from "../scripts/serve.mjs";
import { decodeState } from "../www/src/share.js";
import { lint, formatDiagnostics } from "./helpers.mjs";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const WWW = path.join(REPO, "www");
const ARTIFACTS = path.join(REPO, "pkg-tests", "artifacts");
const SKIP = process.env.GWLINT_SKIP_BROWSER === "1";
const STEP_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 3 * STEP_TIMEOUT_MS;

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

const sample = (name) => readFileSync(path.join(WWW, "samples", name), "utf8");

/** A Gateway whose listener port is 0: one schema error on the `0`. */
const BROKEN_GATEWAY = `# typed by the playground test: café \u2615 \u{1f600} (UTF-16 offsets differ from bytes here)
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: cafe-gateway
spec:
  gatewayClassName: example
  listeners:
  - name: http
    protocol: HTTP
    port: 0
`;

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
const problems = [];

before(async () => {
  if (SKIP) return;
  mkdirSync(ARTIFACTS, { recursive: true });
  const { chromium } = await import("playwright-core");
  const executablePath = chromiumPath();
  assert.ok(existsSync(executablePath), `Chromium not found at ${executablePath} (install Debian's chromium)`);
  assert.ok(existsSync(path.join(WWW, "dist", "playground.js")), "www/dist/playground.js missing: run bash scripts/build-wasm.sh");
  server = await startServer({ root: WWW, port: 0 });
  userDataDir = mkdtempSync(path.join(os.tmpdir(), "gwlint-playground-"));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: STEP_TIMEOUT_MS,
    viewport: { width: 1280, height: 800 },
  });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
});

after(async () => {
  await context?.close().catch(() => {});
  await server?.close().catch(() => {});
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

/** Opens the playground (optionally with a fragment) and waits until it has linted once. */
async function openPlayground(fragment = "", viewport = { width: 1280, height: 800 }) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  page.on("pageerror", (err) => problems.push(`page error: ${err.stack ?? err}`));
  page.on("console", (msg) => {
    if ((msg.type() === "error" || msg.type() === "warning") && !/\/favicon\.ico$/.test(msg.location()?.url ?? "")) {
      problems.push(`console ${msg.type()}: ${msg.text()} (${msg.location()?.url ?? "?"})`);
    }
  });
  const response = await page.goto(new URL(`index.html${fragment}`, server.url).href, { waitUntil: "load" });
  assert.equal(response?.status(), 200);
  assert.equal(response.headers()["content-security-policy"], CONTENT_SECURITY_POLICY, "served with the strict CSP");
  await page.waitForSelector("body[data-state=ready]", { timeout: STEP_TIMEOUT_MS });
  return page;
}

const lintsOf = async (page) => Number(await page.getAttribute("body", "data-lints"));

/** Runs `action`, then waits until the page has linted again. */
async function relint(page, action) {
  const before = await lintsOf(page);
  await action();
  await page.waitForFunction((n) => Number(document.body.dataset.lints) > n, before, { timeout: STEP_TIMEOUT_MS });
}

/** The editor's text (from the page's read-only handle: CodeMirror renders only the lines in view). */
function editorText(page) {
  return page.evaluate(() => window.gwlintPlayground.text());
}

/** Replaces the editor's whole text as a paste would (typing it key by key would auto-indent it). */
async function replaceText(page, text) {
  await page.click("#editor .cm-content");
  await page.keyboard.press("Control+A");
  await relint(page, () => page.keyboard.insertText(text));
}

function assertNoProblems() {
  assert.deepEqual(problems, [], "no page errors, console errors or warnings (CSP violations, failed loads)");
}

test("loads at 1280x800 with the first example, linted clean", { skip: SKIP, timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await openPlayground();
  try {
    assert.match(await page.textContent("#version"), /^v\d+\.\d+\.\d+/);
    assert.equal(await page.inputValue("#example"), "backendtlspolicy");
    assert.equal(await editorText(page), sample("backendtlspolicy.yaml"));
    assert.equal(await page.textContent("#count-error"), "0 errors");
    assert.match(await page.textContent("#timing"), /^linted in \d+\.\d ms$/);
    assert.equal(await page.textContent("#resolved"), "Gateway API v1.6.1");
    assert.equal(await page.isVisible("#diagnostics-empty"), true, "'No problems found.' is shown");
    // Everything fits the 1280x800 viewport: no horizontal scrolling.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at 1280x800`);
    await page.screenshot({ path: path.join(ARTIFACTS, "playground-1280x800.png") });
    assertNoProblems();
  } finally {
    await page.close();
  }
});

test("typing a manifest shows the diagnostic at its exact range, with hover and list", { skip: SKIP, timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await openPlayground();
  try {
    await replaceText(page, BROKEN_GATEWAY);
    assert.equal(await editorText(page), BROKEN_GATEWAY);
    const expected = lint(BROKEN_GATEWAY, { gatewayApi: "auto", channel: "auto" });
    const port = expected.diagnostics.find((d) => d.fieldPath === "spec.listeners[0].port");
    assert.ok(port, `the Node build flags the port:\n${formatDiagnostics(expected.diagnostics, BROKEN_GATEWAY)}`);
    assert.equal(BROKEN_GATEWAY.slice(port.offsets.start, port.offsets.end), "0");

    // The list: one entry per diagnostic, same message, line:col as the library reports it.
    await page.waitForSelector("#diagnostics button.diag.error");
    const items = await page.$$eval("#diagnostics button.diag", (bs) =>
      bs.map((b) => ({ loc: b.querySelector(".loc").textContent, msg: b.querySelector(".msg").textContent })),
    );
    assert.equal(items.length, expected.diagnostics.length, JSON.stringify(items, null, 1));
    const item = items.findIndex((i) => i.msg === port.message);
    assert.ok(item >= 0, `the list shows ${JSON.stringify(port.message)}: ${JSON.stringify(items, null, 1)}`);
    assert.equal(items[item].loc, `${port.range.start.line + 1}:${port.range.start.character + 1}`);
    assert.equal(await page.textContent("#count-error"), `${expected.diagnostics.filter((d) => d.severity === "error").length} error${expected.diagnostics.filter((d) => d.severity === "error").length === 1 ? "" : "s"}`);

    // The squiggle covers exactly the flagged text.
    const marked = await page.$$eval("#editor .cm-lintRange-error", (spans) => spans.map((s) => s.textContent));
    assert.ok(marked.includes("0"), `an error squiggle under the "0": ${JSON.stringify(marked)}`);

    // Hover shows message, code and help.
    const squiggle = page.locator("#editor .cm-lintRange-error", { hasText: /^0$/ }).first();
    await squiggle.hover();
    const tip = page.locator(".cm-tooltip .gw-tip").filter({ hasText: port.message }).first();
    await tip.waitFor({ state: "visible" });
    assert.equal(await tip.locator(".gw-tip-message").textContent(), port.message);
    assert.match(await tip.locator(".gw-tip-meta").textContent(), new RegExp(port.code.replace("/", "\\/")));
    assert.equal(await tip.locator(".gw-tip-docs").getAttribute("href"), "https://gateway-api.sigs.k8s.io/reference/spec/#gateway.networking.k8s.io/v1.Gateway");
    await page.screenshot({ path: path.join(ARTIFACTS, "playground-hover.png") });
    await page.mouse.move(5, 5);

    // Clicking the entry selects the range in the editor; typing replaces it and the error goes away.
    await page.locator("#diagnostics button.diag").nth(item).click();
    assert.equal(await page.getAttribute("#editor", "data-selection"), `${port.offsets.start}-${port.offsets.end}`);
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("cm-content")), true, "focus moved to the editor");
    await relint(page, () => page.keyboard.type("8080", { delay: 20 }));
    assert.equal(await editorText(page), BROKEN_GATEWAY.replace("port: 0", "port: 8080"));
    assert.equal(await page.textContent("#count-error"), "0 errors");

    // Markup in the input (and so in messages) stays text.
    await replaceText(page, BROKEN_GATEWAY.replace("spec:\n", 'spec:\n  <img src=x id=injected>: 1\n'));
    await page.waitForSelector("#diagnostics button.diag.error");
    const msgs = await page.$$eval("#diagnostics .msg", (ms) => ms.map((m) => m.textContent));
    assert.ok(msgs.some((m) => m.includes("<img src=x id=injected>")), JSON.stringify(msgs, null, 1));
    assert.equal(await page.$$eval("img", (imgs) => imgs.length), 0, "no element is made from user text");
    await page.screenshot({ path: path.join(ARTIFACTS, "playground-errors.png") });
    assertNoProblems();
  } finally {
    await page.close();
  }
});

test("release and channel controls re-lint with the chosen schemas", { skip: SKIP, timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await openPlayground();
  try {
    // The TLSRoute example is clean on v1.6.1; v1.2.1 does not serve TLSRoute v1.
    await relint(page, () => page.selectOption("#example", "tlsroute-passthrough"));
    assert.equal(await editorText(page), sample("tlsroute-passthrough.yaml"));
    assert.equal(await page.textContent("#count-error"), "0 errors");
    await relint(page, () => page.selectOption("#release", "v1.2.1"));
    assert.equal(await page.textContent("#resolved"), "Gateway API v1.2.1");
    await page.waitForSelector('#diagnostics .msg:text("no matches for kind \\"TLSRoute\\" in version \\"gateway.networking.k8s.io/v1\\"")');

    // TLSRoute v1alpha2 on v1.6.1: an info with channel auto, an error with standard, fine with experimental.
    const alpha = "apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: TLSRoute\nmetadata:\n  name: r\nspec:\n  rules:\n  - backendRefs:\n    - name: s\n      port: 443\n";
    await relint(page, () => page.selectOption("#release", "v1.6.1"));
    await replaceText(page, alpha);
    const codes = () => page.$$eval("#diagnostics .code", (cs) => cs.map((c) => c.textContent).sort());
    assert.deepEqual(await codes(), ["version/deprecated", "version/experimental-channel"]);
    await relint(page, () => page.selectOption("#channel", "standard"));
    assert.deepEqual(await codes(), ["version/not-served"]);
    await relint(page, () => page.selectOption("#channel", "experimental"));
    assert.deepEqual(await codes(), ["version/deprecated"]);
    for (const [channel, expected] of [["auto", 2], ["standard", 1], ["experimental", 1]]) {
      const node = lint(alpha, { gatewayApi: "v1.6.1", channel });
      assert.equal(node.diagnostics.length, expected, `the Node build agrees for channel ${channel}`);
    }
    // The profile control offers upstream only, for now.
    assert.deepEqual(await page.$$eval("#profile option", (os) => os.map((o) => o.value)), ["upstream"]);
    assertNoProblems();
  } finally {
    await page.close();
  }
});

test("every tab opens, by mouse and by keyboard", { skip: SKIP, timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await openPlayground();
  try {
    await relint(page, () => page.selectOption("#example", "backendtlspolicy-broken"));
    const tabs = await page.$$eval('[role="tab"]', (ts) => ts.map((t) => t.id));
    assert.deepEqual(tabs, ["tab-diagnostics", "tab-resources", "tab-rules", "tab-status", "tab-policies", "tab-topology", "tab-normalized"]);
    for (const id of tabs) {
      await page.click(`#${id}`);
      const panel = await page.getAttribute(`#${id}`, "aria-controls");
      assert.equal(await page.getAttribute(`#${id}`, "aria-selected"), "true");
      assert.equal(await page.isVisible(`#${panel}`), true, `${panel} is shown`);
      const visible = await page.$$eval('[role="tabpanel"]', (ps) => ps.filter((p) => !p.hidden).map((p) => p.id));
      assert.deepEqual(visible, [panel], "one panel at a time");
      await page.screenshot({ path: path.join(ARTIFACTS, `playground-${id.replace("tab-", "tab-")}.png`) });
    }
    // Contents: the resources table, the codes seen, placeholders naming what they wait for.
    const kinds = await page.$$eval("#resources-body tr", (rows) => rows.map((r) => r.children[1].textContent));
    assert.deepEqual(kinds, ["Serviceshop/payments", "ConfigMapshop/payments-ca", "BackendTLSPolicyshop/payments-tls"]);
    const results = await page.$$eval("#resources-body tr", (rows) => rows.map((r) => r.children[4].textContent));
    assert.deepEqual(results, ["ok", "ok", "2 errors"]);
    const rules = await page.$$eval("#rules-body tr code", (cs) => cs.map((c) => c.textContent));
    assert.deepEqual(rules, ["cel/rule", "schema/pattern"]);
    for (const [panel, fn] of [["status", "evaluate()"], ["policies", "evaluate()"], ["topology", "preview()"], ["normalized", "normalize()"]]) {
      const text = await page.textContent(`#panel-${panel}`);
      assert.match(text, /coming with a later gwlint release/, panel);
      assert.ok(text.includes(fn), `${panel} names ${fn}`);
    }
    // Keyboard: arrows move between tabs (roving tabindex), Home/End jump.
    await page.focus("#tab-diagnostics");
    await page.click("#tab-diagnostics");
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.evaluate(() => document.activeElement.id), "tab-resources");
    assert.equal(await page.getAttribute("#tab-resources", "aria-selected"), "true");
    await page.keyboard.press("End");
    assert.equal(await page.evaluate(() => document.activeElement.id), "tab-normalized");
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.evaluate(() => document.activeElement.id), "tab-diagnostics");
    // Tab from the tab list reaches the panel, then the first diagnostic, which Enter activates.
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.id), "panel-diagnostics");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains("diag")), true);
    await page.keyboard.press("Enter");
    const expected = lint(sample("backendtlspolicy-broken.yaml"), { gatewayApi: "auto", channel: "auto" }).diagnostics[0];
    assert.equal(await page.getAttribute("#editor", "data-selection"), `${expected.offsets.start}-${expected.offsets.end}`);
    assertNoProblems();
  } finally {
    await page.close();
  }
});

test("a shared link restores the text and the controls", { skip: SKIP, timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await openPlayground();
  let shared;
  const text = BROKEN_GATEWAY.replace("cafe-gateway", "shared-gateway");
  try {
    await replaceText(page, text);
    await relint(page, () => page.selectOption("#release", "v1.3.0"));
    await relint(page, () => page.selectOption("#channel", "experimental"));
    await page.click("#share");
    await page.waitForFunction(() => document.getElementById("share-note").textContent !== "");
    await page.waitForFunction(() => location.hash.startsWith("#s="));
    shared = await page.evaluate(() => location.hash);
    // The fragment decodes (in Node too) to exactly what is on screen.
    const state = await decodeState(shared);
    assert.deepEqual(state, { v: 1, text, gatewayApi: "v1.3.0", channel: "experimental", profile: "upstream" });
  } finally {
    await page.close();
  }
  const again = await openPlayground(shared);
  try {
    assert.equal(await editorText(again), text);
    assert.equal(await again.inputValue("#release"), "v1.3.0");
    assert.equal(await again.inputValue("#channel"), "experimental");
    assert.equal(await again.textContent("#resolved"), "Gateway API v1.3.0");
    assert.equal(await again.inputValue("#example"), "", "the example picker says 'Your text'");
    await again.waitForSelector("#diagnostics button.diag.error");
    // A broken fragment is reported, not thrown.
    await again.evaluate(() => {
      location.hash = "#s=not*base64";
    });
    await again.waitForFunction(() => /Could not read the shared link/.test(document.getElementById("share-note").textContent));
    assert.equal(await editorText(again), text, "the text is kept");
    assertNoProblems();
  } finally {
    await again.close();
  }
});

test("readable on a narrow screen", { skip: SKIP, timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await openPlayground("", { width: 390, height: 844 });
  try {
    await relint(page, () => page.selectOption("#example", "tlsroute-passthrough-broken"));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at 390px`);
    const editor = await page.locator("#editor").boundingBox();
    const list = await page.locator("#panel-diagnostics").boundingBox();
    assert.ok(editor.width >= 300 && list.y >= editor.y + editor.height - 1, "the results stack under the editor");
    await page.screenshot({ path: path.join(ARTIFACTS, "playground-narrow.png"), fullPage: true });
    assertNoProblems();
  } finally {
    await page.close();
  }
});
