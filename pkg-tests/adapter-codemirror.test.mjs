// gwlint/codemirror in headless Chromium: the package installed from its tarball into a throwaway app, bundled
// with esbuild, the analysis in a Web Worker (gwlint/lsp/worker). Two editors share the worker, so the route in one
// is evaluated against the Gateway in the other (and again when that one changes); a third runs the server in the page ({ gwlint }).
//   GWLINT_SKIP_BROWSER=1 skips this file, as the other browser tests.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { SKIP_BROWSER } from "./chromium.mjs";
import { GATEWAY, ROUTE, TIMEOUT_MS, WORKER_ENTRY, adapterErrors, adapterProject } from "./adapter-project.mjs";

const MAIN = `import init, * as gwlint from "gwlint";
import { createGwlint, gwlintExtension } from "gwlint/codemirror";
import { EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { forEachDiagnostic, lintGutter } from "@codemirror/lint";
import { currentCompletions, startCompletion } from "@codemirror/autocomplete";
import { yaml } from "@codemirror/lang-yaml";

const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
const session = createGwlint({ worker, options: { gatewayApi: "v1.6.1" } });
const messages = [];
session.onMessage((m) => messages.push(m.message));
const editor = (doc, extension) => {
  const parent = document.createElement("div");
  document.body.append(parent);
  return new EditorView({ parent, state: EditorState.create({ doc, extensions: [yaml(), lintGutter(), extension] }) });
};
const gateway = editor(${JSON.stringify(GATEWAY)}, session.extension({ uri: "inmemory://app/gateway.yaml" }));
const route = editor(${JSON.stringify(ROUTE)}, session.extension({ uri: "inmemory://app/route.yaml" }));
await init();
const inPage = editor(${JSON.stringify(GATEWAY)}, gwlintExtension({ gwlint, options: { gatewayApi: "v1.6.1" } }));
const diagnostics = (view) => {
  const out = [];
  forEachDiagnostic(view.state, (d, from, to) => out.push({ from, to, message: d.message, source: d.source, severity: d.severity, actions: (d.actions ?? []).map((a) => a.name), d }));
  return out;
};
window.app = { views: { gateway, route, inPage }, session, messages, diagnostics, currentCompletions, startCompletion };
document.body.dataset.state = "ready";
`;

let project;
before(async () => {
  if (SKIP_BROWSER) return;
  project = await adapterProject(
    "codemirror-app",
    { "main.js": MAIN, "worker.js": WORKER_ENTRY, "index.html": '<!doctype html><meta charset="utf-8"><title>cm</title><script type="module" src="./dist/main.js"></script>\n' },
    ["main.js", "worker.js"],
  );
});
after(async () => project?.close());

test("gwlint/codemirror: diagnostics across editors, quick fix, hover with the CRD docs, completion, options", { skip: SKIP_BROWSER, timeout: 3 * TIMEOUT_MS }, async () => {
  const { page, errors } = await project.open("index.html");
  await page.waitForSelector("body[data-state=ready]", { state: "attached", timeout: 20_000 }).catch((e) => assert.fail(`${e.message}\n${errors.join("\n")}`));

  // The misspelt field, with its fix as an action; the route's listener that the other editor's Gateway lacks.
  await page.waitForFunction(() => app.diagnostics(app.views.gateway).length > 0 && app.diagnostics(app.views.route).length > 0);
  const typo = await page.evaluate(() => app.diagnostics(app.views.gateway).map(({ d, ...rest }) => rest));
  const unknown = typo.find((d) => /gatewayClasName/.test(d.message));
  assert.ok(unknown, JSON.stringify(typo));
  assert.equal(unknown.severity, "error");
  assert.equal(await page.evaluate(({ from, to }) => app.views.gateway.state.sliceDoc(from, to), unknown), "gatewayClasName");
  assert.deepEqual(unknown.actions, ['Change to "gatewayClassName"']);
  // The Gateway as written is rejected by the API server (its schema error), so the route finds none.
  const route = await page.evaluate(() => app.diagnostics(app.views.route).map((d) => d.message));
  assert.ok(route.some((m) => /Gateway web\/edge not found in the input/.test(m)), route.join("\n"));

  // The in-page server ({ gwlint }) finds the same misspelt field.
  await page.waitForFunction(() => app.diagnostics(app.views.inPage).some((d) => /gatewayClasName/.test(d.message)));

  // The missing field itself has the server's fix too (its value: the first placeholder that lints clean).
  assert.deepEqual(typo.find((d) => d.message === "spec.gatewayClassName: Required value")?.actions, ["Add the required field gatewayClassName: example"]);
  // Applying the action fixes the text; the new diagnostics no longer have the error.
  await page.evaluate(() => {
    const d = app.diagnostics(app.views.gateway).find((x) => /gatewayClasName/.test(x.message));
    d.d.actions[0].apply(app.views.gateway, d.from, d.to);
  });
  assert.match(await page.evaluate(() => app.views.gateway.state.doc.toString()), /\n {2}gatewayClassName: example\n/);
  await page.waitForFunction(() => !app.diagnostics(app.views.gateway).some((d) => /gatewayClasName/.test(d.message)));
  // The other editor is evaluated again: the route now reaches the Gateway, which has no listener "grpc".
  await page.waitForFunction(() => app.diagnostics(app.views.route).some((d) => /no listener named grpc/.test(d.message)));

  // Hover on the key "protocol": the CRD field's docs, in a tooltip.
  const at = await page.evaluate(() => {
    const view = app.views.gateway;
    const pos = view.state.doc.toString().indexOf("protocol") + 3;
    const c = view.coordsAtPos(pos);
    return { x: c.left + 1, y: (c.top + c.bottom) / 2 };
  });
  await page.mouse.move(at.x, at.y);
  const tip = await page.waitForSelector(".cm-tooltip .cm-gwlint-hover");
  assert.match(await tip.textContent(), /spec\.listeners\[\]\.protocol string: Gateway gateway\.networking\.k8s\.io\/v1, Gateway API v1\.6\.1/);

  // Completion after "sectionName: ": the listeners of the Gateway in the other editor.
  await page.evaluate(() => {
    const view = app.views.route;
    const text = view.state.doc.toString();
    const from = text.indexOf("grpc");
    view.dispatch({ changes: { from, to: from + 4 }, selection: { anchor: from } });
    view.focus();
    app.startCompletion(view);
  });
  await page.waitForFunction(() => app.currentCompletions(app.views.route.state).length > 0);
  assert.deepEqual(await page.evaluate(() => app.currentCompletions(app.views.route.state).map((c) => c.label)), ["http"]);

  // A bad option is reported through onMessage.
  await page.evaluate(() => app.session.setOptions({ gatewayApi: "v0.0.1" }));
  await page.waitForFunction(() => app.messages.length > 0);
  assert.match((await page.evaluate(() => app.messages))[0], /gatewayApi must be one of/);
  assert.deepEqual(adapterErrors(errors), []);
});
