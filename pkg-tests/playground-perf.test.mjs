// The playground with a 1 MB manifest: analysis runs in the worker, so typing never blocks the page.
// Measures main-thread long tasks (PerformanceObserver 'longtask') in headless Chromium after keystrokes,
// with the Diagnostics, Resources, Status and Topology tabs open, and prints the longest against the issue's
// 100 ms (a figure, not an assertion: timings are benchmark output, and a loaded machine varies); checks that long lists are virtualised (rows in the DOM follow the viewport, not the input), that long
// work shows progress, and that what is shown is the analysis of the text on screen. Prints the figures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gwlint } from "./helpers.mjs";
import { usePlayground, sample, relint, replaceText, artifact, SKIP, TEST_TIMEOUT_MS, STEP_TIMEOUT_MS } from "./playground-harness.mjs";

const MAX_TASK_MS = 100;
const playground = usePlayground({ profilePrefix: "gwlint-playground-perf-" });

/** About 1 MB: copies of the BackendTLSPolicy example in their own namespaces, every tenth one broken. */
function bigManifest(bytes = 1024 * 1024) {
  const good = sample("backendtlspolicy.yaml");
  const broken = sample("backendtlspolicy-broken.yaml");
  const parts = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const text = (i % 10 === 9 ? broken : good).replaceAll("namespace: shop", `namespace: shop-${i}`);
    parts.push(text);
    size += text.length + 4;
  }
  return parts.join("---\n");
}

/** Records every main-thread long task from the start of the page. */
function observeLongTasks(page) {
  return page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
    // The progress text whenever it changes (it shows only while work takes a while).
    window.__progress = [];
    addEventListener("DOMContentLoaded", () => {
      const node = document.getElementById("progress");
      new MutationObserver(() => {
        if (!node.hidden) window.__progress.push(node.textContent.trim());
      }).observe(node, { attributes: true, childList: true, subtree: true, characterData: true });
    });
  });
}

const now = (page) => page.evaluate(() => performance.now());
const tasksSince = (page, t) => page.evaluate((from) => window.__longTasks.filter((x) => x.start >= from), t);
const fmt = (tasks) => (tasks.length ? tasks.map((t) => `${t.duration.toFixed(0)} ms`).join(", ") : "none");

/** Types `keys` one by one at a person's pace, then waits for the analysis of the final text. */
async function typeAndSettle(page, keys) {
  const t0 = await now(page);
  await relint(page, () => page.keyboard.type(keys, { delay: 40 }));
  const t1 = await now(page);
  return { tasks: await tasksSince(page, t0), ms: t1 - t0 };
}

test("typing in a 1 MB manifest: no main-thread task over 100 ms, lists virtualised, progress shown", { skip: SKIP, timeout: 4 * TEST_TIMEOUT_MS }, async () => {
  const page = await playground.open("", undefined, { beforeLoad: observeLongTasks });
  try {
    const big = bigManifest();
    const reference = gwlint.evaluate(big, { gatewayApi: "auto", channel: "auto", profile: "upstream" });
    const figures = [`manifest: ${(big.length / 1024).toFixed(0)} KiB, ${reference.resources.length} objects, ${reference.diagnostics.length} diagnostics`];

    // The paste: one large change (CodeMirror takes it in at once); the analysis runs in the worker.
    const p0 = await now(page);
    await replaceText(page, big);
    const p1 = await now(page);
    const pasteTasks = await tasksSince(page, p0);
    figures.push(`paste: analysed and shown after ${(p1 - p0).toFixed(0)} ms; long tasks: ${fmt(pasteTasks)}`);
    assert.equal(await page.textContent("#diag-badge"), String(reference.diagnostics.length), "the page shows the analysis of the pasted text");
    const progress = await page.evaluate(() => window.__progress);
    assert.ok(progress.some((p) => /^evaluating… \d+\.\d s$/.test(p)), `progress was shown while the worker evaluated: ${JSON.stringify(progress)}`);
    assert.equal(await page.isHidden("#progress"), true, "and hidden once done");
    // The editor's diagnostics (the language server's, in the same worker) are the panels', at the same places.
    const [editorMarks, panelMarks] = await page.evaluate(() => {
      const api = window.gwlintPlayground;
      const editor = api.editorDiagnostics().map((d) => `${d.from}-${d.to} ${d.message}`);
      const panels = api.result().diagnostics.map((d) => `${d.offsets.start}-${Math.max(d.offsets.end, d.offsets.start)} ${d.message}`);
      return [editor.sort(), panels.sort()];
    });
    assert.deepEqual(editorMarks, panelMarks);

    // Virtualised: the Diagnostics list holds the rows in view, not all of them.
    const rows = () => page.$$eval("#diagnostics li:not(.spacer)", (ls) => ls.length);
    const diagRows = await rows();
    assert.ok(diagRows < reference.diagnostics.length / 2 && diagRows > 3, `${diagRows} of ${reference.diagnostics.length} diagnostics in the DOM`);
    await page.$eval("#panel-diagnostics", (p) => {
      p.scrollTop = p.scrollHeight;
    });
    const lastIndex = reference.diagnostics.length - 1;
    await page.waitForSelector(`#diagnostics button.diag[data-index="${lastIndex}"]`);
    assert.equal(await page.textContent(`#diagnostics button.diag[data-index="${lastIndex}"] .msg`), reference.diagnostics[lastIndex].message);

    // Keystrokes with each heavy tab open in turn.
    const middle = big.indexOf("port: 443", big.length / 2) + "port: 44".length;
    let worst = 0;
    for (const tab of ["diagnostics", "resources", "status", "topology"]) {
      await page.click(`#tab-${tab}`);
      // The caret goes after "port: 44" of a Service half-way down; typing there changes one document.
      await page.evaluate((at) => window.gwlintPlayground.select(at, at), middle);
      const { tasks, ms } = await typeAndSettle(page, "1");
      const back = await typeAndSettle(page, "\b");
      const all = [...tasks, ...back.tasks];
      worst = Math.max(worst, ...all.map((t) => t.duration));
      figures.push(`typing with ${tab} open: keystroke to result ${ms.toFixed(0)} ms; long tasks: ${fmt(all)}`);
    }
    // A burst of keystrokes (faster than the debounce), then a pause: one analysis, no long task.
    await page.click("#tab-diagnostics");
    await page.evaluate((at) => window.gwlintPlayground.select(at, at), middle);
    const burst = await typeAndSettle(page, "0000");
    worst = Math.max(worst, ...burst.tasks.map((t) => t.duration));
    figures.push(`a burst of 4 keystrokes: ${burst.ms.toFixed(0)} ms to result; long tasks: ${fmt(burst.tasks)}`);
    const shown = await page.evaluate(() => window.gwlintPlayground.result().diagnostics.length);
    const expected = gwlint.evaluate(await page.evaluate(() => window.gwlintPlayground.text()), { gatewayApi: "auto", channel: "auto", profile: "upstream" });
    assert.equal(shown, expected.diagnostics.length, "what is shown is the analysis of the text on screen");
    figures.push(`results dropped as stale: ${await page.evaluate(() => window.gwlintPlayground.staleResults())}`);
    figures.push(`longest main-thread task after a keystroke: ${worst.toFixed(0)} ms (target <= ${MAX_TASK_MS} ms: ${worst <= MAX_TASK_MS ? "met" : "NOT met"})`);
    console.log(`# playground with a 1 MB manifest (headless Chromium, 1280x800):\n${figures.map((f) => `#   ${f}`).join("\n")}`);

    // Resources: a virtualised table; scrolled to the end it shows the last object.
    await page.click("#tab-resources");
    const resourceRows = await page.$$eval("#resources-body tr:not(.spacer)", (rs) => rs.length);
    assert.ok(resourceRows < 100, `${resourceRows} of ${reference.resources.length} resource rows in the DOM`);
    await page.$eval("#panel-resources", (p) => {
      p.scrollTop = p.scrollHeight;
    });
    const last = reference.resources.at(-1);
    await page.waitForFunction((n) => [...document.querySelectorAll("#resources-body tr:not(.spacer)")].some((r) => r.children[0].textContent === String(n)), last.documentIndex + 1);
    await page.screenshot({ path: artifact("playground-1mb-resources.png") });
    // Status: a page of objects and a button for the next.
    await page.click("#tab-status");
    const cards = await page.$$eval("#status-list .obj", (os) => os.length);
    assert.ok(cards <= 40, `${cards} status cards built`);
    const before = cards;
    await page.click("#status-list button.more");
    assert.equal(await page.$$eval("#status-list .obj", (os) => os.length), before + 40);
    // Topology: the large picture waits for a click; the tree is built a page at a time.
    await page.click("#tab-topology");
    await page.waitForSelector("#preview .big-picture button", { timeout: STEP_TIMEOUT_MS });
    assert.ok((await page.$$eval("#topology-tree li.node", (ls) => ls.length)) < 200, "the tree holds one page of branches");
    await page.screenshot({ path: artifact("playground-1mb-topology.png") });
    playground.assertNoProblems();
  } finally {
    await page.close();
  }
});
