// gwlint/monaco in headless Chromium: the package installed from its tarball into a throwaway app with
// monaco-editor (the repository's devDependency, 0.57), bundled with esbuild, the analysis in a Web Worker
// (gwlint/lsp/worker). Two models are one workspace. The providers are called as Monaco calls them, and the hover
// is also shown through the editor's own hover widget.
//   GWLINT_SKIP_BROWSER=1 skips this file, as the other browser tests.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { SKIP_BROWSER } from "./chromium.mjs";
import { GATEWAY, ROUTE, TIMEOUT_MS, WORKER_ENTRY, adapterErrors, adapterProject } from "./adapter-project.mjs";

const MAIN = `import * as monaco from "monaco-editor";
import { registerGwlint } from "gwlint/monaco";

self.MonacoEnvironment = { getWorker: () => new Worker(new URL("./editor-worker.js", import.meta.url), { type: "module" }) };
monaco.languages.register({ id: "yaml" });
// The providers gwlint registers, kept so the test can call them as Monaco does.
const providers = {};
const spy = (name, register) => (language, provider, metadata) => {
  providers[name] = provider;
  return register(language, provider, metadata);
};
const languages = Object.create(monaco.languages, {
  registerHoverProvider: { value: spy("hover", monaco.languages.registerHoverProvider) },
  registerCompletionItemProvider: { value: spy("completion", monaco.languages.registerCompletionItemProvider) },
  registerCodeActionProvider: { value: spy("codeActions", monaco.languages.registerCodeActionProvider) },
});
const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
const gateway = monaco.editor.createModel(${JSON.stringify(GATEWAY)}, "yaml", monaco.Uri.parse("inmemory://app/gateway.yaml"));
const gw = registerGwlint({ ...monaco, languages }, { worker, options: { gatewayApi: "v1.6.1" } });
const route = monaco.editor.createModel(${JSON.stringify(ROUTE)}, "yaml", monaco.Uri.parse("inmemory://app/route.yaml"));
const parent = document.createElement("div");
parent.style.cssText = "width: 900px; height: 500px";
document.body.append(parent);
const editor = monaco.editor.create(parent, { model: gateway, hover: { delay: 0 } });
const markers = (model) => monaco.editor.getModelMarkers({ resource: model.uri, owner: "gwlint" });
const token = new monaco.CancellationTokenSource().token;
window.app = { monaco, gw, editor, gateway, route, markers, providers, token };
document.body.dataset.state = "ready";
`;

let project;
before(async () => {
  if (SKIP_BROWSER) return;
  project = await adapterProject(
    "monaco-app",
    {
      "main.js": MAIN,
      "worker.js": WORKER_ENTRY,
      "editor-worker.js": 'import "monaco-editor/editor/editor.worker.js";\n',
      "index.html": '<!doctype html><meta charset="utf-8"><title>monaco</title><link rel="stylesheet" href="./dist/main.css"><script type="module" src="./dist/main.js"></script>\n',
    },
    ["main.js", "worker.js", "editor-worker.js"],
    { loader: { ".css": "css", ".ttf": "file" } },
  );
});
after(async () => project?.close());

test("gwlint/monaco: markers across models, code action, hover (provider and widget), completion, dispose", { skip: SKIP_BROWSER, timeout: 3 * TIMEOUT_MS }, async () => {
  const { page, errors } = await project.open("index.html");
  await page.waitForSelector("body[data-state=ready]", { state: "attached", timeout: 30_000 }).catch((e) => assert.fail(`${e.message}\n${errors.join("\n")}`));

  await page.waitForFunction(() => app.markers(app.gateway).length > 0 && app.markers(app.route).length > 0);
  const markers = await page.evaluate(() => app.markers(app.gateway).map((m) => ({ ...m, code: { value: m.code.value, target: String(m.code.target) }, resource: String(m.resource) })));
  const typo = markers.find((m) => /gatewayClasName/.test(m.message));
  assert.ok(typo, JSON.stringify(markers));
  assert.deepEqual([typo.startLineNumber, typo.startColumn, typo.endLineNumber, typo.endColumn], [7, 3, 7, 18]);
  assert.equal(typo.severity, 8, "MarkerSeverity.Error");
  assert.equal(typo.source, "gwlint");
  assert.deepEqual(typo.code, { value: "schema/unknown-field", target: "https://github.com/gwlint/gwlint/blob/main/docs/rules.md#schemaunknown-field" });

  // The quick fix, as Monaco asks for it (the markers of the range), applied to the model.
  const actions = await page.evaluate(async () => {
    const marker = app.markers(app.gateway).find((m) => /gatewayClasName/.test(m.message));
    const list = await app.providers.codeActions.provideCodeActions(app.gateway, new app.monaco.Range(marker.startLineNumber, marker.startColumn, marker.endLineNumber, marker.endColumn), { markers: [marker], trigger: 1 }, app.token);
    app.gateway.applyEdits(list.actions[0].edit.edits.map((e) => ({ range: e.textEdit.range, text: e.textEdit.text })));
    return list.actions.map((a) => ({ title: a.title, kind: a.kind, resources: a.edit.edits.map((e) => String(e.resource)) }));
  });
  assert.deepEqual(actions, [{ title: 'Change to "gatewayClassName"', kind: "quickfix", resources: ["inmemory://app/gateway.yaml"] }]);
  assert.match(await page.evaluate(() => app.gateway.getValue()), /\n {2}gatewayClassName: example\n/);
  await page.waitForFunction(() => !app.markers(app.gateway).some((m) => /gatewayClasName/.test(m.message)));
  // The other model, evaluated with the fixed Gateway: its listener "grpc" does not exist; related information
  // points at the Gateway in the other model.
  await page.waitForFunction(() => app.markers(app.route).some((m) => /no listener named grpc/.test(m.message)));
  const related = await page.evaluate(() => app.markers(app.route).find((m) => /no listener named grpc/.test(m.message)).relatedInformation.map((r) => [String(r.resource), r.startLineNumber]));
  assert.deepEqual(related, [["inmemory://app/gateway.yaml", 4]]);

  // Hover through the provider, then through the editor's widget.
  const hover = await page.evaluate(async () => {
    const h = await app.providers.hover.provideHover(app.gateway, new app.monaco.Position(10, 6), app.token);
    return h.contents.map((c) => c.value).join("\n");
  });
  assert.match(hover, /\*\*spec\.listeners\[\]\.protocol\*\* `string`: Gateway gateway\.networking\.k8s\.io\/v1, Gateway API v1\.6\.1/);
  await page.evaluate(() => {
    app.editor.setPosition({ lineNumber: 10, column: 6 });
    app.editor.focus();
    app.editor.trigger("test", "editor.action.showHover", {});
  });
  await page.waitForFunction(() => /spec\.listeners\[\]\.protocol/.test(document.querySelector(".monaco-hover")?.textContent ?? ""));

  // Completion after "sectionName: ": the listeners of the Gateway in the other model.
  const labels = await page.evaluate(async () => {
    const line = app.route.getLineCount() - 1;
    app.route.applyEdits([{ range: new app.monaco.Range(line, 18, line, 22), text: "" }]);
    const list = await app.providers.completion.provideCompletionItems(app.route, new app.monaco.Position(line, 18), { triggerKind: 0 }, app.token);
    return list.suggestions.map((s) => [s.label, s.insertText, s.range.startColumn]);
  });
  assert.deepEqual(labels, [["http", "http", 18]]);

  // dispose(): the providers go and the markers are cleared.
  await page.evaluate(() => app.gw.dispose());
  assert.deepEqual(await page.evaluate(() => [app.markers(app.gateway).length, app.markers(app.route).length]), [0, 0]);
  assert.deepEqual(adapterErrors(errors), []);
});
