// gwlint-lsp's schema completion over JSON-RPC: the keys valid at the cursor at any depth (from the CRD schema
// of the object's release, without the keys already present) and enum values after `key:`, in a document that
// does not parse (half-typed lines), read by indentation.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { LspClient, WORKSPACE, uriOf } from "./fixtures/lsp/client.mjs";

// Two half-typed lines (`    pro` has no colon, `headers: [` is never closed): the stream does not parse.
const TEXT = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: web
spec:
  gatewayClassName: example
  listeners:
  - name: http
    port: 80
    pro
  - name: https
    protocol: 
    port: 443
    tls:
      mode: 
  
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: store
  namespace: web
spec:
  parentRefs:
  - name: edge
  rules:
  - matches:
    - path:
        type: 
        val
      headers: [
    - 
    backendRefs:
    - name: store
      port: 8080
`;
const LINES = TEXT.split("\n");

/** The index of the n-th line (0-based n) equal to `line`. */
function lineIs(line, n = 0) {
  const found = LINES.flatMap((l, i) => (l === line ? [i] : []));
  assert.ok(found.length > n, `no line ${JSON.stringify(line)}`);
  return found[n];
}

async function start(gatewayApi, channel = "standard") {
  const client = new LspClient({ settings: { gatewayApi, channel } });
  await client.request("initialize", {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true } },
    initializationOptions: { gatewayApi, channel },
  });
  client.notify("initialized", {});
  return client;
}

async function open(client, uri, text) {
  const published = client.diagnostics(uri);
  client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text } });
  return published;
}

const complete = (client, uri, line, character) => client.request("textDocument/completion", { textDocument: { uri }, position: { line, character } });
const labels = (items) => items.map((i) => i.label);

describe("gwlint-lsp schema completion", () => {
  const uri = uriOf(path.join(WORKSPACE, "unsaved-completion.yaml"));
  /** @type {LspClient} */
  let client;

  before(async () => {
    client = await start("v1.6.1");
    const diagnostics = await open(client, uri, TEXT);
    assert.ok(diagnostics.some((d) => d.code === "syntax/invalid-yaml"), "the document does not parse");
  });

  after(() => {
    if (client.proc.exitCode === null) client.proc.kill();
  });

  it("a listener's keys under spec.listeners[], without those of its item already present", async () => {
    const line = lineIs("    pro");
    const items = await complete(client, uri, line, 7);
    assert.deepEqual(labels(items), ["allowedRoutes", "hostname", "protocol", "tls"]);
    const edit = (label) => items.find((i) => i.label === label).textEdit;
    assert.deepEqual(edit("protocol"), { range: { start: { line, character: 4 }, end: { line, character: 7 } }, newText: "protocol: " });
    assert.deepEqual(edit("tls").newText, "tls:\n      ");
    assert.equal(items.find((i) => i.label === "hostname").detail, "string");
    assert.match(items.find((i) => i.label === "protocol").documentation.value, /^Protocol specifies the network protocol/);
    // The next item's keys: name, protocol and port present there, tls too.
    const second = await complete(client, uri, lineIs("    tls:"), 4);
    assert.deepEqual(labels(second), ["allowedRoutes", "hostname", "tls"]);
  });

  it("keys under an HTTPRoute's rules[].matches[].path and a new matches item", async () => {
    const line = lineIs("        val");
    const items = await complete(client, uri, line, 11);
    assert.deepEqual(labels(items), ["value"], "type is present");
    assert.deepEqual(items[0].textEdit, { range: { start: { line, character: 8 }, end: { line, character: 11 } }, newText: "value: " });
    // A new list item of matches (after "- "): every match key, arrays inserted as lists.
    const item = lineIs("    - ");
    const match = await complete(client, uri, item, 6);
    assert.deepEqual(labels(match), ["headers", "method", "path", "queryParams"]);
    assert.equal(match.find((i) => i.label === "headers").textEdit.newText, "headers:\n      - ");
    assert.equal(match.find((i) => i.label === "path").textEdit.newText, "path:\n        ");
  });

  it("keys of spec at the Gateway's empty last line, without those present", async () => {
    const items = await complete(client, uri, lineIs("  "), 2);
    assert.deepEqual(labels(items), ["addresses", "allowedListeners", "infrastructure", "tls"]);
    assert.equal(items.find((i) => i.label === "addresses").textEdit.newText, "addresses:\n  - ");
  });

  it("enum values after `key: `: the path match type, the TLS mode, a listener's protocol", async () => {
    const typeLine = lineIs("        type: ");
    const types = await complete(client, uri, typeLine, 14);
    assert.deepEqual(labels(types), ["Exact", "PathPrefix", "RegularExpression"]);
    assert.deepEqual(types[1].textEdit, { range: { start: { line: typeLine, character: 14 }, end: { line: typeLine, character: 14 } }, newText: "PathPrefix" });
    assert.equal(types[1].detail, "type: string (default)");
    assert.deepEqual(labels(await complete(client, uri, lineIs("      mode: "), 12)), ["Terminate", "Passthrough"]);
    assert.deepEqual(labels(await complete(client, uri, lineIs("    protocol: "), 14)), ["HTTP", "HTTPS", "TLS", "TCP", "UDP"]);
    // A value being typed is replaced; nothing after the colon yet gets a space.
    const typed = TEXT.replace("        type: \n", "        type: Pa\n");
    const typedUri = uriOf(path.join(WORKSPACE, "unsaved-completion-typed.yaml"));
    await open(client, typedUri, typed.replace("      mode: \n", "      mode:\n"));
    const partial = await complete(client, typedUri, typeLine, 16);
    assert.deepEqual(partial[1].textEdit, { range: { start: { line: typeLine, character: 14 }, end: { line: typeLine, character: 16 } }, newText: "PathPrefix" });
    const bare = await complete(client, typedUri, lineIs("      mode: "), 11);
    assert.equal(bare[0].textEdit.newText, " Terminate");
    client.notify("textDocument/didClose", { textDocument: { uri: typedUri } });
  });

  it("no values for a field without an enum, nor for a key the schema does not have", async () => {
    assert.deepEqual(await complete(client, uri, lineIs("    port: 443"), 10), []);
    const cors = "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: cors\nspec:\n  rules:\n  - filters:\n    - type: \n      cors:\n        allowCredentials: \n        bogus: \n        allowMethods:\n        - G\n";
    const corsUri = uriOf(path.join(WORKSPACE, "unsaved-cors.yaml"));
    await open(client, corsUri, cors);
    assert.deepEqual(labels(await complete(client, corsUri, 9, 26)), ["true", "false"], "a boolean");
    assert.deepEqual(await complete(client, corsUri, 10, 15), [], "a key the schema does not have");
    const types = labels(await complete(client, corsUri, 7, 12));
    assert.ok(types.includes("CORS") && types.includes("URLRewrite"), types.join());
    // A new item of a list of enum values.
    const methods = await complete(client, corsUri, 12, 11);
    assert.deepEqual(labels(methods).slice(0, 3), ["GET", "HEAD", "POST"]);
    assert.deepEqual(methods[0].textEdit, { range: { start: { line: 12, character: 10 }, end: { line: 12, character: 11 } }, newText: "GET" });
    client.notify("textDocument/didClose", { textDocument: { uri: corsUri } });
  });
});

describe("gwlint-lsp schema completion follows the release", () => {
  it("Gateway spec keys: allowedListeners and tls in v1.6.1, not in v1.2.1", async () => {
    const got = {};
    for (const release of ["v1.2.1", "v1.6.1"]) {
      const client = await start(release);
      try {
        const uri = uriOf(path.join(WORKSPACE, `unsaved-${release}.yaml`));
        await open(client, uri, TEXT);
        got[release] = labels(await complete(client, uri, lineIs("  "), 2));
        await client.request("shutdown", null);
        client.notify("exit", null);
        assert.equal(await client.exited, 0);
      } finally {
        if (client.proc.exitCode === null) client.proc.kill();
      }
    }
    assert.deepEqual(got, { "v1.2.1": ["addresses", "infrastructure"], "v1.6.1": ["addresses", "allowedListeners", "infrastructure", "tls"] });
  });
});
