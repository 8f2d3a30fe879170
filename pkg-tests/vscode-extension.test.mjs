// The VS Code extension (editors/vscode): built into a .vsix by its script (vsce, with the gwlint package and
// vscode-languageclient installed into a copy of the folder), then unpacked: what it holds, the bundled gwlint-lsp
// answering over stdio, and the test that decides when the server starts (a YAML or JSON file with a Gateway API
// object). VS Code itself is not run here.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { LspClient, uriOf } from "./fixtures/lsp/client.mjs";

const REPO = fileURLToPath(new URL("../", import.meta.url));
let tmp;
let root;

before(() => {
  assert.ok(existsSync(path.join(REPO, "pkg", "gwlint", "package.json")), "pkg/gwlint is missing: run bash scripts/build-wasm.sh");
  tmp = mkdtempSync(path.join(os.tmpdir(), "gwlint-vscode-"));
  const built = spawnSync(process.execPath, [path.join(REPO, "editors", "vscode", "package-vsix.mjs"), tmp], { encoding: "utf8", timeout: 300_000 });
  assert.equal(built.status, 0, `${built.stdout}\n${built.stderr}`);
  const vsix = readdirSync(tmp).find((f) => f.endsWith(".vsix"));
  assert.equal(vsix, "gwlint-vscode-0.1.0.vsix");
  // A .vsix is a zip: Debian's unzip, else Python's zipfile.
  let unzipped = spawnSync("unzip", ["-q", path.join(tmp, vsix), "-d", path.join(tmp, "x")], { encoding: "utf8" });
  if (unzipped.error) unzipped = spawnSync("python3", ["-m", "zipfile", "-e", path.join(tmp, vsix), path.join(tmp, "x")], { encoding: "utf8" });
  assert.equal(unzipped.status, 0, `${unzipped.error ?? ""}${unzipped.stderr}`);
  root = path.join(tmp, "x", "extension");
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test("the .vsix holds the extension, gwlint's language server and the .wasm, without the builders", () => {
  for (const f of ["extension.js", "package.json", "readme.md", "node_modules/gwlint/lsp/server.mjs", "node_modules/gwlint/lsp/descriptions.json", "node_modules/gwlint/gwlint_bg.wasm", "node_modules/gwlint/node/gwlint.js"]) {
    assert.ok(existsSync(path.join(root, f)), `${f} is packed`);
  }
  // What extension.js requires resolves inside the extension.
  const require = createRequire(path.join(root, "extension.js"));
  assert.ok(require.resolve("vscode-languageclient/node").startsWith(path.join(root, "node_modules", "vscode-languageclient")));
  assert.ok(require.resolve("gwlint/package.json").startsWith(path.join(root, "node_modules", "gwlint")));
  assert.ok(!existsSync(path.join(root, "node_modules", "gwlint", "builders")), "no builders");
  assert.ok(!existsSync(path.join(root, "node_modules", "@vscode", "vsce")), "no dev dependencies");
  const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  assert.deepEqual(manifest.activationEvents, ["onLanguage:yaml", "onLanguage:json"]);
  assert.ok(manifest.contributes.configuration.properties["gwlint.policies"]);
});

test("the packed gwlint-lsp answers: diagnostics of an open document", async () => {
  const client = new LspClient({ server: path.join(root, "node_modules", "gwlint", "lsp", "server.mjs"), settings: { gatewayApi: "v1.6.1" } });
  try {
    const init = await client.request("initialize", { processId: null, rootUri: null, capabilities: {} });
    assert.equal(init.serverInfo.name, "gwlint-lsp");
    client.notify("initialized", {});
    const uri = uriOf(path.join(tmp, "gateway.yaml"));
    const published = client.diagnostics(uri);
    client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text: "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: edge\nspec:\n  gatewayClasName: x\n  listeners: []\n" } });
    assert.ok((await published).some((d) => d.message === 'unknown field "spec.gatewayClasName"'));
    await client.request("shutdown", null);
    client.notify("exit", null);
    assert.equal(await client.exited, 0);
  } finally {
    if (client.proc.exitCode === null) client.proc.kill();
  }
});

test("the server starts for YAML and JSON files with a Gateway API object, not for other manifests", () => {
  // The extension's own test, with a stand-in for the vscode module (VS Code provides it at run time).
  mkdirSync(path.join(root, "node_modules", "vscode"), { recursive: true });
  writeFileSync(path.join(root, "node_modules", "vscode", "index.js"), "module.exports = { workspace: {}, window: {} };\n");
  const { holdsGatewayApi } = createRequire(path.join(root, "extension.js"))("./extension.js");
  const doc = (languageId, text) => ({ languageId, getText: () => text });
  assert.equal(holdsGatewayApi(doc("yaml", "kind: HTTPRoute\napiVersion: gateway.networking.k8s.io/v1\n")), true);
  assert.equal(holdsGatewayApi(doc("yaml", "---\napiVersion: gateway.networking.x-k8s.io/v1alpha1\nkind: XBackendTrafficPolicy\n")), true);
  assert.equal(holdsGatewayApi(doc("json", '{\n  "apiVersion": "gateway.networking.k8s.io/v1",\n  "kind": "Gateway"\n}')), true);
  assert.equal(holdsGatewayApi(doc("yaml", "apiVersion: apps/v1\nkind: Deployment\n")), false);
  assert.equal(holdsGatewayApi(doc("yaml", "# apiVersion: gateway.networking.k8s.io/v1\n")), false);
  assert.equal(holdsGatewayApi(doc("plaintext", "apiVersion: gateway.networking.k8s.io/v1\n")), false);
});
