// The playground tests' harness: the page served by scripts/serve.mjs (with its CSP) from www/, as
// `bash scripts/run.sh` serves it, in Debian's headless Chromium driven by playwright-core; helpers that
// act as a person does (paste, type, switch tabs) and wait for the page's analysis.
//   GWLINT_SKIP_BROWSER=1 skips the browser tests (for machines without Chromium; CI always runs them).
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startServer, CONTENT_SECURITY_POLICY } from "../scripts/serve.mjs";
import { launchChromium, SKIP_BROWSER } from "./chromium.mjs";

export const REPO = fileURLToPath(new URL("../", import.meta.url));
export const WWW = path.join(REPO, "www");
export const ARTIFACTS = path.join(REPO, "pkg-tests", "artifacts");
export const SKIP = SKIP_BROWSER;
export const STEP_TIMEOUT_MS = 60_000;
export const TEST_TIMEOUT_MS = 3 * STEP_TIMEOUT_MS;

export const sample = (name) => readFileSync(path.join(WWW, "samples", name), "utf8");
export const artifact = (name) => path.join(ARTIFACTS, name);

/**
 * Registers before/after hooks that start the server and the browser for this test file. Returns
 * { open(fragment, viewport, { beforeLoad }), server(), problems, assertNoProblems() }.
 */
export function usePlayground({ profilePrefix = "gwlint-playground-" } = {}) {
  let server;
  let browser;
  const problems = [];
  before(async () => {
    if (SKIP) return;
    mkdirSync(ARTIFACTS, { recursive: true });
    assert.ok(existsSync(path.join(WWW, "dist", "playground.js")), "www/dist/playground.js missing: run bash scripts/build-wasm.sh");
    server = await startServer({ root: WWW, port: 0 });
    browser = await launchChromium({ viewport: { width: 1280, height: 800 }, timeoutMs: STEP_TIMEOUT_MS, profilePrefix });
  });
  after(async () => {
    await browser?.close();
    await server?.close().catch(() => {});
  });

  /** Opens the playground (optionally with a fragment) and waits until it has analysed once. */
  async function open(fragment = "", viewport = { width: 1280, height: 800 }, { beforeLoad } = {}) {
    const page = await browser.context.newPage();
    await page.setViewportSize(viewport);
    page.on("pageerror", (err) => problems.push(`page error: ${err.stack ?? err}`));
    page.on("console", (msg) => {
      if (msg.type() === "error" || msg.type() === "warning") {
        problems.push(`console ${msg.type()}: ${msg.text()} (${msg.location()?.url ?? "?"})`);
      }
    });
    page.on("response", (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
    });
    if (beforeLoad) await beforeLoad(page);
    const response = await page.goto(new URL(`index.html${fragment}`, server.url).href, { waitUntil: "load" });
    assert.equal(response?.status(), 200);
    assert.equal(response.headers()["content-security-policy"], CONTENT_SECURITY_POLICY, "served with the strict CSP");
    await page.waitForSelector("body[data-state=ready]", { timeout: STEP_TIMEOUT_MS });
    await editorSettled(page);
    return page;
  }

  return {
    open,
    server: () => server,
    problems,
    assertNoProblems() {
      assert.deepEqual(problems, [], "no page errors, console errors or warnings (CSP violations, failed loads)");
    },
  };
}

export const lintsOf = async (page) => Number(await page.getAttribute("body", "data-lints"));

/**
 * Runs `action`, then waits until the page has shown a new analysis, and the manifest editor the language
 * server's diagnostics of its text (gwlint/codemirror's, published apart from the panels' analysis).
 */
export async function relint(page, action) {
  const before = await lintsOf(page);
  await action();
  await page.waitForFunction((n) => Number(document.body.dataset.lints) > n, before, { timeout: STEP_TIMEOUT_MS });
  await editorSettled(page);
}

/** Waits until the manifest editor shows the language server's diagnostics of its current text and options. */
export function editorSettled(page) {
  return page.waitForFunction(() => window.gwlintPlayground.editorCurrent(), null, { timeout: STEP_TIMEOUT_MS });
}

/** The editor's text (from the page's read-only handle: CodeMirror renders only the lines in view). */
export function editorText(page) {
  return page.evaluate(() => window.gwlintPlayground.text());
}

/**
 * Replaces an editor's whole text as a paste does: select all, then a paste event with the text on its
 * clipboard (CodeMirror takes it as a paste). Typing it key by key would auto-indent it, and the DevTools
 * protocol's insertText closes the page for texts of a megabyte.
 */
export async function replaceText(page, text, editor = "#editor") {
  await page.click(`${editor} .cm-content`);
  await page.keyboard.press("Control+A");
  await relint(page, () =>
    page.$eval(
      `${editor} .cm-content`,
      (content, pasted) => {
        const data = new DataTransfer();
        data.setData("text/plain", pasted);
        content.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
      },
      text,
    ),
  );
}
