// gwlint-lsp over JSON-RPC: spawns `node lsp/server.mjs --stdio` and speaks LSP to it (Content-Length framing):
// initialize, didOpen, didChange, publishDiagnostics, hover, completion, codeAction, definition,
// documentSymbol, workspace/configuration, shutdown/exit.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { LspClient, WORKSPACE, uriOf } from "./fixtures/lsp/client.mjs";

const CRDS = process.env.GWLINT_CRDS ?? fileURLToPath(new URL("../../shared/gateway-api/crds", import.meta.url));

const GATEWAY = path.join(WORKSPACE, "gateway.yaml");
const ROUTES = path.join(WORKSPACE, "routes.yaml");
const gatewayUri = uriOf(GATEWAY);
const routesUri = uriOf(ROUTES);
const routesText = readFileSync(ROUTES, "utf8");
// Not on disk: an open document of its own.
const brokenUri = uriOf(path.join(WORKSPACE, "unsaved-broken.yaml"));
const BROKEN = `apiVersion: gateway.networking.k8s.io/v1alpha3
kind: BackendTLSPolicy
metadata:
  name: tls
  namespace: web
spec:
  targetRefs:
  - group: ""
    kind: Service
    name: store
  validation:
    hostname: store.example.com
    wellKnownCACertificates: System
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: typo
  namespace: web
spec:
  gatewayClasName: example
  listeners:
  - name: http
    protocol: HTTP
    port: 80
`;

function lineOf(text, needle) {
  const i = text.split("\n").findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `no line with ${needle}`);
  return i;
}

describe("gwlint-lsp over stdio", () => {
  /** @type {LspClient} */
  let client;
  let init;

  before(async () => {
    client = new LspClient({ settings: { gatewayApi: "v1.6.1", channel: "experimental" } });
    init = await client.request("initialize", {
      processId: process.pid,
      rootUri: uriOf(WORKSPACE),
      workspaceFolders: [{ uri: uriOf(WORKSPACE), name: "workspace" }],
      capabilities: {
        general: { positionEncodings: ["utf-8", "utf-16"] },
        workspace: { configuration: true },
        textDocument: { publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true, dataSupport: true } },
      },
      initializationOptions: { gatewayApi: "v1.5.1", channel: "experimental" },
    });
    client.notify("initialized", {});
  });

  after(async () => {
    if (client.proc.exitCode === null) client.proc.kill();
  });

  it("initialize: UTF-16 positions and the features", () => {
    assert.equal(init.capabilities.positionEncoding, "utf-16");
    assert.equal(init.serverInfo.name, "gwlint-lsp");
    for (const f of ["hoverProvider", "definitionProvider", "documentSymbolProvider"]) assert.equal(init.capabilities[f], true, f);
    assert.deepEqual(init.capabilities.codeActionProvider.codeActionKinds, ["quickfix"]);
    assert.ok(init.capabilities.completionProvider);
  });

  it("asks for the gwlint section of workspace/configuration", async () => {
    const published = client.diagnostics(routesUri);
    client.notify("textDocument/didOpen", { textDocument: { uri: routesUri, languageId: "yaml", version: 1, text: routesText } });
    // The first publication waits for the workspace folder's files: the Gateway of gateway.yaml is found.
    assert.deepEqual(await published, []);
    assert.ok(client.serverRequests.some((r) => r.method === "workspace/configuration" && r.params.items.some((i) => i.section === "gwlint")));
  });

  it("diagnostics across files: the route attaches to the Gateway in gateway.yaml (not open)", async () => {
    // Re-send the text unchanged to get a fresh publication after the workspace was read.
    const published = client.diagnostics(routesUri, 2);
    client.notify("textDocument/didChange", { textDocument: { uri: routesUri, version: 2 }, contentChanges: [{ text: routesText }] });
    const diagnostics = await published;
    assert.deepEqual(diagnostics, [], JSON.stringify(diagnostics));
  });

  it("didChange (incremental) to a listener the Gateway lacks: evaluation error with the Gateway as related information", async () => {
    const line = lineOf(routesText, "sectionName: http");
    const character = routesText.split("\n")[line].indexOf("http");
    const published = client.diagnostics(routesUri, 3);
    client.notify("textDocument/didChange", {
      textDocument: { uri: routesUri, version: 3 },
      contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 4 } }, text: "grpc" }],
    });
    const diagnostics = await published;
    const d = diagnostics.find((x) => x.code === "evaluation/route-not-accepted");
    assert.ok(d, JSON.stringify(diagnostics));
    assert.equal(d.source, "gwlint");
    assert.equal(d.severity, 1);
    assert.match(d.message, /no listener named grpc/);
    assert.equal(d.codeDescription.href, "https://github.com/gwlint/gwlint/blob/main/docs/rules.md#evaluationroute-not-accepted");
    assert.equal(d.range.start.line, lineOf(routesText, "- name: edge"));
    assert.equal(d.relatedInformation.length, 1);
    assert.equal(d.relatedInformation[0].location.uri, gatewayUri);
    assert.equal(d.relatedInformation[0].location.range.start.line, lineOf(readFileSync(GATEWAY, "utf8"), "name: edge"));
    assert.equal(d.relatedInformation[0].message, "Gateway web/edge");
  });

  it("lint diagnostics: code, docs link, Deprecated tag, fixes in data; settings from workspace/configuration", async () => {
    const published = client.diagnostics(brokenUri);
    client.notify("textDocument/didOpen", { textDocument: { uri: brokenUri, languageId: "yaml", version: 1, text: BROKEN } });
    const diagnostics = await published;
    const deprecated = diagnostics.find((d) => d.code === "version/deprecated");
    assert.ok(deprecated, JSON.stringify(diagnostics.map((d) => d.code)));
    assert.deepEqual(deprecated.tags, [2]);
    assert.equal(deprecated.range.start.line, 0);
    const typo = diagnostics.find((d) => d.code === "schema/unknown-field");
    assert.ok(typo);
    assert.equal(typo.codeDescription.href, "https://github.com/gwlint/gwlint/blob/main/docs/rules.md#schemaunknown-field");
    assert.equal(typo.message, 'unknown field "spec.gatewayClasName"');
    assert.deepEqual(typo.range, { start: { line: lineOf(BROKEN, "gatewayClasName"), character: 2 }, end: { line: lineOf(BROKEN, "gatewayClasName"), character: 17 } });
    assert.equal(typo.data.fixes[0].title, 'Change to "gatewayClassName"');
    // The route's backend is resolved from gateway.yaml's Service: the policy targets it without complaint.
    assert.ok(!diagnostics.some((d) => d.source === "gwlint" && /not found/.test(d.message)), JSON.stringify(diagnostics));
  });

  it("positions are UTF-16 code units (astral characters count 2)", async () => {
    const uri = uriOf(path.join(WORKSPACE, "unsaved-utf16.yaml"));
    const line = `spec: {gatewayClassName: "caf\u00e9-\u{1F680}", listeners: [{name: http, protocol: HTTP, port: 80, hostnam: "x.example.com"}]}`;
    const text = `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: emoji\n  namespace: web\n${line}\n`;
    const published = client.diagnostics(uri);
    client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text } });
    const diagnostics = await published;
    const d = diagnostics.find((x) => x.code === "schema/unknown-field");
    assert.ok(d, JSON.stringify(diagnostics));
    const character = line.indexOf("hostnam:"); // JS string indices are UTF-16 code units
    assert.deepEqual(d.range, { start: { line: 5, character }, end: { line: 5, character: character + "hostnam".length } });
    const actions = await client.request("textDocument/codeAction", { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    assert.deepEqual(actions.map((a) => a.edit.changes[uri]), [[{ range: d.range, newText: "hostname" }]]);
    client.notify("textDocument/didClose", { textDocument: { uri } });
  });

  it("codeAction: a quick fix per fix, as a WorkspaceEdit", async () => {
    const line = lineOf(BROKEN, "gatewayClasName");
    const range = { start: { line, character: 2 }, end: { line, character: 17 } };
    // Without the diagnostic in the context (a client that does not send data): the stored fixes.
    const actions = await client.request("textDocument/codeAction", { textDocument: { uri: brokenUri }, range, context: { diagnostics: [] } });
    const fix = actions.find((a) => a.title === 'Change to "gatewayClassName"');
    assert.ok(fix, JSON.stringify(actions));
    assert.equal(fix.kind, "quickfix");
    assert.deepEqual(fix.edit.changes[brokenUri], [{ range, newText: "gatewayClassName" }]);
    assert.equal(fix.diagnostics[0].code, "schema/unknown-field");
  });

  it("applying the fix removes the diagnostic", async () => {
    const line = lineOf(BROKEN, "gatewayClasName");
    const published = client.diagnostics(brokenUri, 2);
    client.notify("textDocument/didChange", {
      textDocument: { uri: brokenUri, version: 2 },
      contentChanges: [{ range: { start: { line, character: 2 }, end: { line, character: 17 } }, text: "gatewayClassName" }],
    });
    const diagnostics = await published;
    assert.ok(!diagnostics.some((d) => d.code === "schema/unknown-field"), JSON.stringify(diagnostics));
  });

  it("hover: the rule docs of a diagnostic, and the computed status on a kind: line", async () => {
    const onDeprecated = await client.request("textDocument/hover", { textDocument: { uri: brokenUri }, position: { line: 0, character: 20 } });
    assert.equal(onDeprecated.contents.kind, "markdown");
    assert.match(onDeprecated.contents.value, /\*\*version\/deprecated\*\*/);
    assert.match(onDeprecated.contents.value, /The version of the kind is deprecated in this release\./);
    assert.match(onDeprecated.contents.value, /rules\.md#versiondeprecated/);

    const gatewayOpen = client.diagnostics(gatewayUri);
    client.notify("textDocument/didOpen", { textDocument: { uri: gatewayUri, languageId: "yaml", version: 1, text: readFileSync(GATEWAY, "utf8") } });
    await gatewayOpen;
    const kindLine = lineOf(readFileSync(GATEWAY, "utf8"), "kind: Gateway");
    const status = await client.request("textDocument/hover", { textDocument: { uri: gatewayUri }, position: { line: kindLine, character: 2 } });
    assert.match(status.contents.value, /\*\*Gateway web\/edge\*\*: computed status/);
    assert.match(status.contents.value, /`Accepted`: True/);
    assert.match(status.contents.value, /listener `http`: 0 attached route\(s\)/);

    const onRef = await client.request("textDocument/hover", { textDocument: { uri: routesUri }, position: { line: lineOf(routesText, "- name: edge"), character: 10 } });
    assert.match(onRef.contents.value, /Gateway web\/edge/);
  });

  it("hover on a key: the CRD field's description, type, enum, default and CEL rules (in the object's release)", async () => {
    const gatewayText = readFileSync(GATEWAY, "utf8");
    const hover = async (uri, text, needle, offset = 0) => {
      const line = lineOf(text, needle);
      const character = text.split("\n")[line].indexOf(needle.replace(/^- /, "")) + offset;
      const h = await client.request("textDocument/hover", { textDocument: { uri }, position: { line, character } });
      assert.ok(h, `no hover on ${needle}`);
      return h.contents.value;
    };
    const className = await hover(gatewayUri, gatewayText, "gatewayClassName");
    assert.match(className, /^\*\*spec\.gatewayClassName\*\* `string`: Gateway gateway\.networking\.k8s\.io\/v1, Gateway API v1\.6\.1 experimental/);
    assert.match(className, /GatewayClassName used for this Gateway/);
    const protocol = await hover(gatewayUri, gatewayText, "protocol: HTTPS", 2);
    assert.match(protocol, /\*\*spec\.listeners\[\]\.protocol\*\* `string`/);
    assert.match(protocol, /Protocol specifies the network protocol/);
    const listeners = await hover(gatewayUri, gatewayText, "listeners:");
    assert.match(listeners, /Validation rules:\n- /);
    // A key in a list item of a route (parentRefs[].sectionName), and a default.
    const section = await hover(routesUri, routesText, "sectionName");
    assert.match(section, /\*\*spec\.parentRefs\[\]\.sectionName\*\*/);
    const kindKey = await hover(routesUri, routesText, "kind: HTTPRoute");
    assert.match(kindKey, /\*\*kind\*\* `string`/);
    // Enum values and the default: a listener's tls.mode.
    const mode = await hover(gatewayUri, gatewayText, "mode: Terminate");
    assert.match(mode, /\*\*spec\.listeners\[\]\.tls\.mode\*\* `string`/);
    assert.match(mode, /Values: `Terminate`, `Passthrough`/);
    assert.match(mode, /Default: `"Terminate"`/);
    // The object's version: the v1alpha3 BackendTLSPolicy.
    const wellKnown = await hover(brokenUri, BROKEN, "wellKnownCACertificates");
    assert.match(wellKnown, /BackendTLSPolicy gateway\.networking\.k8s\.io\/v1alpha3, Gateway API v1\.6\.1 experimental/);
    assert.match(wellKnown, /WellKnownCACertificates specifies whether a well-known set of CA certificates/);
    // Not a key of the schema: no field hover.
    assert.equal(await client.request("textDocument/hover", { textDocument: { uri: routesUri }, position: { line: lineOf(routesText, "port: 8080") + 5, character: 0 } }), null);
  });

  it("definition: from parentRefs[].name to the Gateway in another file; sectionName to the listener", async () => {
    const gatewayText = readFileSync(GATEWAY, "utf8");
    const line = lineOf(routesText, "- name: edge");
    const defs = await client.request("textDocument/definition", { textDocument: { uri: routesUri }, position: { line, character: 9 } });
    assert.deepEqual(defs, [{ uri: gatewayUri, range: { start: { line: lineOf(gatewayText, "name: edge"), character: 8 }, end: { line: lineOf(gatewayText, "name: edge"), character: 12 } } }]);
    const backend = await client.request("textDocument/definition", { textDocument: { uri: routesUri }, position: { line: lineOf(routesText, "- name: store"), character: 10 } });
    assert.equal(backend.length, 1);
    assert.equal(backend[0].uri, gatewayUri);
    assert.equal(backend[0].range.start.line, lineOf(gatewayText, "name: store"));
    // The route now says sectionName: grpc (no such listener): no definition; set it back to https.
    const sLine = lineOf(routesText, "sectionName:");
    const published = client.diagnostics(routesUri, 4);
    client.notify("textDocument/didChange", { textDocument: { uri: routesUri, version: 4 }, contentChanges: [{ text: routesText.replace("sectionName: http", "sectionName: https") }] });
    await published;
    const section = await client.request("textDocument/definition", { textDocument: { uri: routesUri }, position: { line: sLine, character: 6 } });
    assert.deepEqual(section, [{ uri: gatewayUri, range: { start: { line: lineOf(gatewayText, "- name: https"), character: 10 }, end: { line: lineOf(gatewayText, "- name: https"), character: 15 } } }]);
    const nothing = await client.request("textDocument/definition", { textDocument: { uri: routesUri }, position: { line: 0, character: 1 } });
    assert.equal(nothing, null);
  });

  it("documentSymbol: one per object, Kind name, listeners as children", async () => {
    const symbols = await client.request("textDocument/documentSymbol", { textDocument: { uri: gatewayUri } });
    assert.deepEqual(symbols.map((s) => s.name), ["Gateway edge", "Service store", "Secret edge-cert"]);
    assert.deepEqual(symbols[0].children.map((c) => c.name), ["listener http", "listener https"]);
    assert.equal(symbols[0].range.start.line, 0);
    assert.equal(symbols[1].selectionRange.start.line, lineOf(readFileSync(GATEWAY, "utf8"), "name: store"));
    const broken = await client.request("textDocument/documentSymbol", { textDocument: { uri: brokenUri } });
    assert.deepEqual(broken.map((s) => s.name), ["BackendTLSPolicy tls", "Gateway typo"]);
  });

  it("completion: apiVersion, kind and keys, on half-typed lines of a document that does not parse", async () => {
    const uri = uriOf(path.join(WORKSPACE, "unsaved-new.yaml"));
    const text = "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPR\nmetadata:\n  na\n  namespace: web\nsp\nspec:\n  parentRefs:\n  - name: \n  rules: [\n---\nkind: Gateway\nme\n";
    const published = client.diagnostics(uri);
    client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text } });
    const diagnostics = await published;
    assert.ok(diagnostics.some((d) => d.code === "syntax/invalid-yaml"), "the document does not parse");
    const complete = (line, character) => client.request("textDocument/completion", { textDocument: { uri }, position: { line, character } });

    const kinds = await complete(1, 11);
    const labels = kinds.map((k) => k.label);
    assert.ok(labels.includes("HTTPRoute") && labels.includes("Gateway") && !labels.includes("Service"), labels.join());
    assert.deepEqual(kinds.find((k) => k.label === "HTTPRoute").textEdit, { range: { start: { line: 1, character: 6 }, end: { line: 1, character: 11 } }, newText: "HTTPRoute" });

    const versions = (await complete(0, 20)).map((k) => k.label);
    assert.ok(versions.includes("gateway.networking.k8s.io/v1") && versions.includes("v1"), versions.join());

    assert.deepEqual((await complete(5, 2)).map((k) => k.label), [], "every top-level key is present");
    const second = text.split("\n").indexOf("me");
    const top = await complete(second, 2);
    assert.deepEqual(top.map((k) => k.label), ["apiVersion", "metadata", "spec"]);
    assert.deepEqual(top[1].textEdit, { range: { start: { line: second, character: 0 }, end: { line: second, character: 2 } }, newText: "metadata:\n  " });

    const meta = (await complete(3, 4)).map((k) => k.label);
    assert.ok(meta.includes("name") && meta.includes("labels") && !meta.includes("namespace"), meta.join());

    // sectionName: the listeners of the Gateway the parentRef names (a new line after "  - name: edge").
    const sectionUri = uriOf(path.join(WORKSPACE, "unsaved-section.yaml"));
    const sectionText = routesText.replace("sectionName: http", "sectionName: ");
    const sectionOpen = client.diagnostics(sectionUri);
    client.notify("textDocument/didOpen", { textDocument: { uri: sectionUri, languageId: "yaml", version: 1, text: sectionText } });
    await sectionOpen;
    const sLine = lineOf(sectionText, "sectionName:");
    const sections = await client.request("textDocument/completion", { textDocument: { uri: sectionUri }, position: { line: sLine, character: sectionText.split("\n")[sLine].length } });
    assert.deepEqual(sections.map((k) => k.label), ["http", "https"]);
    assert.equal(sections[0].detail, "listener of Gateway web/edge");
    client.notify("textDocument/didClose", { textDocument: { uri: sectionUri } });

    const parents = await complete(8, 10);
    assert.deepEqual(parents.map((k) => k.label), ["edge", "typo"], "the Gateways of every workspace file and open document");
    assert.match(parents[0].detail, /Gateway web\/edge/);
    client.notify("textDocument/didClose", { textDocument: { uri } });
  });

  it("workspace/didChangeConfiguration: the server pulls the settings again (per-rule severity)", async () => {
    client.settings = { gatewayApi: "v1.6.1", channel: "experimental", rules: { "version/deprecated": "off" } };
    // A publication already scheduled (with the old settings) may come first: wait for one without the code.
    const published = client.waitFor((m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === brokenUri && !m.params.diagnostics.some((d) => d.code === "version/deprecated"));
    client.notify("workspace/didChangeConfiguration", { settings: null });
    const diagnostics = (await published).params.diagnostics;
    // The fixed document's one finding was the deprecated version, now off.
    assert.deepEqual(diagnostics, []);
  });

  it("a YAML document that is no Kubernetes manifest gets no diagnostics", async () => {
    const uri = uriOf(path.join(WORKSPACE, "notes.yaml"));
    const published = client.diagnostics(uri);
    client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text: readFileSync(path.join(WORKSPACE, "notes.yaml"), "utf8") } });
    assert.deepEqual(await published, []);
    // Once it names a kind, it is linted.
    const changed = client.diagnostics(uri, 2);
    client.notify("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: "kind: Gateway\n" }] });
    assert.ok((await changed).some((d) => d.severity === 1));
    client.notify("textDocument/didClose", { textDocument: { uri } });
  });

  it("didClose clears the document's diagnostics", async () => {
    const published = client.waitFor((m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === brokenUri && m.params.diagnostics.length === 0);
    client.notify("textDocument/didClose", { textDocument: { uri: brokenUri } });
    assert.deepEqual((await published).params.diagnostics, []);
  });

  it("shutdown and exit", async () => {
    assert.equal(await client.request("shutdown", null), null);
    client.notify("exit", null);
    assert.equal(await client.exited, 0);
  });
});

describe("gwlint-lsp without a workspace configuration capability", () => {
  it("takes its settings from initializationOptions", async () => {
    const client = new LspClient();
    try {
      await client.request("initialize", { processId: null, rootUri: null, capabilities: {}, initializationOptions: { gatewayApi: "v1.6.1", channel: "experimental", rules: { "version/deprecated": "error" } } });
      client.notify("initialized", {});
      const uri = "untitled:policy.yaml";
      const published = client.diagnostics(uri);
      client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text: BROKEN } });
      const diagnostics = await published;
      assert.equal(diagnostics.find((d) => d.code === "version/deprecated").severity, 1);
      // Hover in another release (settings pushed in didChangeConfiguration, over initializationOptions).
      client.notify("workspace/didChangeConfiguration", { settings: { gwlint: { gatewayApi: "v1.2.1" } } });
      const v12 = "untitled:gateway.yaml";
      const v12published = client.diagnostics(v12);
      const gatewayText = readFileSync(GATEWAY, "utf8");
      client.notify("textDocument/didOpen", { textDocument: { uri: v12, languageId: "yaml", version: 1, text: gatewayText } });
      await v12published;
      const hover = await client.request("textDocument/hover", { textDocument: { uri: v12 }, position: { line: lineOf(gatewayText, "gatewayClassName"), character: 3 } });
      assert.match(hover.contents.value, /\*\*spec\.gatewayClassName\*\* `string`: Gateway gateway\.networking\.k8s\.io\/v1, Gateway API v1\.2\.1 experimental/);
      // apiVersion and kind completion follow the release: v1.2.1 serves no ListenerSet nor TLSRoute v1.
      const kindLine = lineOf(gatewayText, "kind: Gateway");
      const kinds = (await client.request("textDocument/completion", { textDocument: { uri: v12 }, position: { line: kindLine, character: 8 } })).map((k) => k.label);
      assert.deepEqual(kinds.sort(), ["GRPCRoute", "Gateway", "GatewayClass", "HTTPRoute"]);
      const versions = await client.request("textDocument/completion", { textDocument: { uri: v12 }, position: { line: lineOf(gatewayText, "apiVersion:"), character: 14 } });
      assert.deepEqual(versions.map((k) => k.label), ["gateway.networking.k8s.io/v1", "gateway.networking.k8s.io/v1beta1"]);
      assert.match(versions[0].detail, /^v1\.2\.1 experimental: GatewayClass, Gateway, GRPCRoute, HTTPRoute$/);
      assert.equal(client.serverRequests.filter((r) => r.method === "workspace/configuration").length, 0);
      await client.request("shutdown", null);
      client.notify("exit", null);
      assert.equal(await client.exited, 0);
    } finally {
      if (client.proc.exitCode === null) client.proc.kill();
    }
  });

  it("lsp/descriptions.json is what lsp/build-descriptions.mjs extracts from the CRDs", { skip: existsSync(CRDS) ? false : `no CRDs at ${CRDS}` }, () => {
    const run = spawnSync(process.execPath, [fileURLToPath(new URL("../lsp/build-descriptions.mjs", import.meta.url)), "--check"], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
  });

  it("refuses to start without --stdio", async () => {
    const client = new LspClient({ args: [] });
    assert.equal(await client.exited, 2);
    assert.match(client.stderr, /--stdio/);
  });
});

describe("gwlint-lsp and files changed on disk", () => {
  it("registers a file watcher and re-reads created and deleted files (workspace/didChangeWatchedFiles)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "gwlint-lsp-watch-"));
    const client = new LspClient({ settings: { gatewayApi: "v1.6.1" } });
    try {
      await client.request("initialize", {
        processId: null,
        rootUri: uriOf(dir),
        workspaceFolders: [{ uri: uriOf(dir), name: "w" }],
        capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } },
      });
      client.notify("initialized", {});
      const route = routesText;
      const uri = uriOf(path.join(dir, "routes.yaml"));
      writeFileSync(path.join(dir, "routes.yaml"), route);
      let published = client.diagnostics(uri);
      client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text: route } });
      const alone = await published;
      assert.ok(alone.some((d) => d.code.startsWith("evaluation/")), JSON.stringify(alone));
      const registration = client.serverRequests.find((r) => r.method === "client/registerCapability" && r.params.registrations.some((g) => g.method === "workspace/didChangeWatchedFiles"));
      assert.ok(registration, JSON.stringify(client.serverRequests.map((r) => r.method)));

      const gateway = path.join(dir, "gateway.yaml");
      copyFileSync(GATEWAY, gateway);
      // A publication scheduled earlier may come first: wait for the one that shows the change.
      const publication = (test) => client.waitFor((m) => m.method === "textDocument/publishDiagnostics" && m.params.uri === uri && test(m.params.diagnostics));
      published = publication((ds) => ds.length === 0);
      client.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(gateway), type: 1 }] });
      assert.deepEqual((await published).params.diagnostics, [], "the route attaches to the Gateway of the new file");

      rmSync(gateway);
      published = publication((ds) => ds.length > 0);
      client.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(gateway), type: 3 }] });
      assert.deepEqual((await published).params.diagnostics.map((d) => d.code), alone.map((d) => d.code));
      await client.request("shutdown", null);
      client.notify("exit", null);
      assert.equal(await client.exited, 0);
    } finally {
      if (client.proc.exitCode === null) client.proc.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("gwlint-lsp robustness", () => {
  it("a bad setting is shown as an error message and the defaults are used", async () => {
    const client = new LspClient();
    try {
      // Shown while the server handles initialize (window/showMessage is allowed then).
      const message = client.waitFor((m) => m.method === "window/showMessage");
      await client.request("initialize", { processId: null, rootUri: null, capabilities: {}, initializationOptions: { gatewayApi: "v0.9.9", rules: { "no/such-rule": "off" } } });
      client.notify("initialized", {});
      const shown = await message;
      assert.equal(shown.params.type, 1);
      assert.match(shown.params.message, /^gwlint: invalid options: gatewayApi must be one of .*; got "v0.9.9"; using the default options$/);
      const uri = "untitled:broken.yaml";
      const published = client.diagnostics(uri);
      client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text: BROKEN } });
      assert.ok((await published).some((d) => d.code === "schema/unknown-field"));
      await client.request("shutdown", null);
      client.notify("exit", null);
      assert.equal(await client.exited, 0);
    } finally {
      if (client.proc.exitCode === null) client.proc.kill();
    }
  });

  it("hover, completion, definition and symbols answer at every position of broken and odd documents", async () => {
    const client = new LspClient();
    const texts = [
      BROKEN,
      "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPR\nmetadata:\n  na\nspec:\n  parentRefs:\n  - name: \n  rules: [\n---\n- just\n- a list\n...\n",
      "",
      "\uFEFF{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"é🚀\"}}",
      "---\n---\n# comment only\n---\n\tkind: \"Gateway\"\n  - : :\n'apiVersion': x\r\nkind: Gateway\r\n",
    ];
    try {
      await client.request("initialize", { processId: null, rootUri: null, capabilities: {} });
      client.notify("initialized", {});
      for (const [i, text] of texts.entries()) {
        const uri = `untitled:odd-${i}.yaml`;
        const published = client.diagnostics(uri);
        client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text } });
        await published;
        const lines = text.split(/\r\n|\n/);
        await client.request("textDocument/documentSymbol", { textDocument: { uri } });
        for (let line = 0; line <= lines.length; line++) {
          for (let character = 0; character <= (lines[line]?.length ?? 0) + 1; character += 2) {
            const position = { line, character };
            await client.request("textDocument/hover", { textDocument: { uri }, position });
            await client.request("textDocument/completion", { textDocument: { uri }, position });
            await client.request("textDocument/definition", { textDocument: { uri }, position });
          }
        }
        await client.request("textDocument/codeAction", { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } }, context: { diagnostics: [] } });
      }
      assert.doesNotMatch(client.stderr, /Error/);
      await client.request("shutdown", null);
      client.notify("exit", null);
      assert.equal(await client.exited, 0);
    } finally {
      if (client.proc.exitCode === null) client.proc.kill();
    }
  });
});
