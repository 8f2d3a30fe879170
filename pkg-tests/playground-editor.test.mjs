// The playground's manifest editor is gwlint/codemirror's: hover shows the CRD field docs, completion offers
// the keys the schema allows, a diagnostic's quick fix applies, and the diagnostics in the editor (from the
// language server in the page's worker) are the panels' (evaluate in the same worker), for every example and
// with admission policies.
import { test } from "node:test";
import assert from "node:assert/strict";
import { GATEWAY } from "./adapter-project.mjs";
import { usePlayground, relint, editorText, replaceText, editorSettled, artifact, SKIP, TEST_TIMEOUT_MS } from "./playground-harness.mjs";

const playground = usePlayground({ profilePrefix: "gwlint-playground-editor-" });

// A Gateway with a misspelt field (gatewayClasName), as the adapter's own test has it.

/** The screen position of an offset of the manifest editor's text (scrolled into view first). */
async function coordsAt(page, offset) {
  await page.evaluate((at) => window.gwlintPlayground.select(at, at), offset);
  const box = await page.evaluate((at) => window.gwlintPlayground.coords(at), offset);
  assert.ok(box, `offset ${offset} is on screen`);
  return box;
}

/** Editor and panel diagnostics, each as sorted "from-to severity message" lines. */
async function bothDiagnostics(page) {
  return page.evaluate(() => {
    const api = window.gwlintPlayground;
    const length = api.text().length;
    const line = (from, to, severity, message) => `${from}-${to} ${severity} ${message}`;
    const editor = api.editorDiagnostics().map((d) => line(d.from, d.to, d.severity, d.message));
    const panels = api.result().diagnostics.map((d) => {
      const from = Math.min(d.offsets.start, length);
      return line(from, Math.min(Math.max(d.offsets.end, from), length), d.severity, d.message);
    });
    return { editor: editor.sort(), panels: panels.sort() };
  });
}

test("the manifest editor: hover with the CRD docs, completion of keys, a quick fix applied", { skip: SKIP, timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await playground.open();
  try {
    await replaceText(page, GATEWAY);

    // The misspelt field: an error in the editor with its quick fix, as in the Diagnostics panel.
    const typo = (await page.evaluate(() => window.gwlintPlayground.editorDiagnostics())).find((d) => /gatewayClasName/.test(d.message));
    assert.ok(typo, "the editor marks the misspelt field");
    assert.equal(GATEWAY.slice(typo.from, typo.to), "gatewayClasName");
    assert.deepEqual(typo.actions, ['Change to "gatewayClassName"']);
    assert.ok((await page.evaluate(() => window.gwlintPlayground.result().diagnostics.map((d) => d.message))).includes(typo.message));

    // Hover on the key "protocol": the CRD field's docs for this object's kind, version and release.
    const protocol = await coordsAt(page, GATEWAY.indexOf("protocol") + 3);
    await page.mouse.move(5, 5);
    await page.mouse.move(protocol.x, protocol.y);
    const hover = page.locator(".cm-tooltip .cm-gwlint-hover").first();
    await hover.waitFor({ state: "visible" });
    const docs = await hover.textContent();
    assert.match(docs, /spec\.listeners\[\]\.protocol string: Gateway gateway\.networking\.k8s\.io\/v1, Gateway API v1\.\d+\.\d+/);
    assert.match(docs, /Protocol specifies the network protocol this listener expects to receive/);
    await page.screenshot({ path: artifact("playground-editor-hover.png") });
    await page.mouse.move(5, 5);

    // The quick fix, from the squiggle's card, as a person applies it: the text is fixed and analysed again.
    const squiggle = page.locator("#editor .cm-lintRange-error", { hasText: /^gatewayClasName$/ }).first();
    await squiggle.hover();
    const action = page.locator(".cm-tooltip .cm-diagnosticAction", { hasText: 'Change to "gatewayClassName"' }).first();
    await action.waitFor({ state: "visible" });
    await relint(page, () => action.click());
    assert.equal(await editorText(page), GATEWAY.replace("gatewayClasName", "gatewayClassName"));
    const after = await page.evaluate(() => window.gwlintPlayground.result().diagnostics.map((d) => d.message));
    assert.ok(!after.some((m) => /gatewayClas/.test(m)), after.join("\n"));
    assert.ok(!(await page.evaluate(() => window.gwlintPlayground.editorDiagnostics())).some((d) => /gatewayClas/.test(d.message)));
    await page.mouse.move(5, 5);

    // Completion on a half-typed key (the line "  na" in metadata, where the document no longer parses): the
    // keys not yet present ("namespace", not "name"); accepting one writes it.
    const fixed = await editorText(page);
    const key = fixed.indexOf("namespace: web");
    await page.evaluate(({ from, to }) => window.gwlintPlayground.select(from, to), { from: key, to: fixed.indexOf("\n", key) });
    await page.keyboard.type("na", { delay: 30 });
    const options = page.locator(".cm-tooltip-autocomplete li");
    await options.first().waitFor({ state: "visible" });
    const labels = await options.allTextContents();
    assert.ok(labels.some((l) => l.startsWith("namespace")), `completion offers namespace: ${JSON.stringify(labels)}`);
    assert.ok(!labels.some((l) => /^name(?!space)/.test(l)), `keys already present are not offered: ${JSON.stringify(labels)}`);
    await page.screenshot({ path: artifact("playground-editor-completion.png") });
    await options.filter({ hasText: /^namespace/ }).first().click();
    await page.waitForFunction(() => /\n {2}namespace: \n/.test(window.gwlintPlayground.text()));
    await editorSettled(page);
    playground.assertNoProblems();
  } finally {
    await page.close();
  }
});

test("one worker analyses an edit once for the editor and the panels", { skip: SKIP, timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await playground.open();
  try {
    await replaceText(page, GATEWAY);
    const before = await page.evaluate(() => window.gwlintPlayground.analysisCounts());
    // One edit, typed at once: the language server (the editor's diagnostics) and the panels both see one text.
    const at = GATEWAY.indexOf("port: 80") + "port: ".length;
    await page.evaluate((x) => window.gwlintPlayground.select(x, x + 2), at);
    await relint(page, () => page.keyboard.insertText("81"));
    const after = await page.evaluate(() => window.gwlintPlayground.analysisCounts());
    const made = after.evaluate - before.evaluate;
    const shared = after.evaluateReused - before.evaluateReused;
    console.log(`one edit: ${made} evaluation(s) made, ${shared} answered by it; lints ${after.lint - before.lint} made, ${after.lintReused - before.lintReused} reused`);
    assert.equal(made, 1, "the edited text is evaluated once");
    assert.ok(shared >= 1, "the other of the editor and the panels used that evaluation");
    assert.deepEqual(page.workers().map((w) => new URL(w.url()).pathname), ["/dist/worker.js"], "one worker: the analysis and the language server");
    playground.assertNoProblems();
  } finally {
    await page.close();
  }
});

test("the editor's diagnostics are the panels': every example, and with admission policies", { skip: SKIP, timeout: 2 * TEST_TIMEOUT_MS }, async () => {
  const page = await playground.open();
  try {
    const examples = await page.$$eval("#example option", (os) => os.map((o) => o.value).filter(Boolean));
    assert.ok(examples.length >= 5);
    let compared = 0;
    for (const id of examples) {
      await relint(page, () => page.selectOption("#example", id));
      const { editor, panels } = await bothDiagnostics(page);
      assert.deepEqual(editor, panels, `example ${id}`);
      compared += panels.length;
    }
    assert.ok(compared > 0, "some example has diagnostics");

    // Policies from the policies tab: the editor's language server reads the same text.
    await relint(page, () => page.selectOption("#example", "gateway-httproute"));
    await page.click("#tab-admission");
    await relint(page, () => page.selectOption("#policy-example", "https-only-listeners"));
    const { editor, panels } = await bothDiagnostics(page);
    assert.deepEqual(editor, panels, "with the HTTPS-only policy");
    assert.ok(panels.some((l) => /ValidatingAdmissionPolicy|https-only|HTTPS/i.test(l)), `the policy denies something: ${panels.join("\n")}`);

    // Typing in the policies editor: the editor follows the new policies text.
    await replaceText(page, "# no policies\n", "#policy-editor");
    const cleared = await bothDiagnostics(page);
    assert.deepEqual(cleared.editor, cleared.panels, "after the policies were removed");
    assert.ok(!cleared.panels.some((l) => /https-only/i.test(l)), cleared.panels.join("\n"));
    playground.assertNoProblems();
  } finally {
    await page.close();
  }
});
