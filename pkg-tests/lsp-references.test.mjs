// gwlint-lsp over stdio: find references for every reference kind (parentRefs, backendRefs, targetRefs,
// certificateRefs, caCertificateRefs, sectionName, gatewayClassName) across files, and the quick fixes the server
// adds (missing required field, apiVersion not served, cross-namespace reference without a ReferenceGrant,
// sectionName naming no listener), with the property that every fix's edit, applied, removes its diagnostic and
// adds no error.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { LspClient, uriOf } from "./fixtures/lsp/client.mjs";

const GATEWAYS = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: example
spec:
  controllerName: example.com/gateway
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: web
spec:
  gatewayClassName: example
  listeners:
  - name: http
    protocol: HTTP
    port: 80
  - name: https
    protocol: HTTPS
    port: 443
    tls:
      certificateRefs:
      - name: edge-cert
---
apiVersion: v1
kind: Service
metadata:
  name: store
  namespace: web
spec:
  ports:
  - port: 8080
---
apiVersion: v1
kind: Secret
metadata:
  name: edge-cert
  namespace: web
type: kubernetes.io/tls
data:
  tls.crt: ""
  tls.key: ""
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: store-ca
  namespace: web
data:
  ca.crt: ""
`;

const ROUTES = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: store
  namespace: web
spec:
  parentRefs:
  - name: edge
    sectionName: http
  rules:
  - backendRefs:
    - name: store
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: admin
  namespace: web
spec:
  parentRefs:
  - kind: Gateway
    name: edge
    sectionName: http
  rules:
  - backendRefs:
    - name: store
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: store-tls
  namespace: web
spec:
  targetRefs:
  - group: ""
    kind: Service
    name: store
  validation:
    hostname: store.example.com
    caCertificateRefs:
    - group: ""
      kind: ConfigMap
      name: store-ca
`;

/** [line, character] of the n-th (0-based) occurrence of `needle` in `text`, at `offset` into it. */
function at(text, needle, n = 0, offset = 0) {
  let i = -1;
  for (let k = 0; k <= n; k++) {
    i = text.indexOf(needle, i + 1);
    assert.ok(i >= 0, `no ${needle} #${n}`);
  }
  i += offset;
  const before = text.slice(0, i).split("\n");
  return { line: before.length - 1, character: before.at(-1).length };
}

/** The location of the value `value` on the line of the n-th `needle`. */
function valueAt(uri, text, needle, value, n = 0) {
  const p = at(text, needle, n);
  const line = text.split("\n")[p.line];
  const character = line.indexOf(value, line.indexOf(":") + 1);
  return { uri, range: { start: { line: p.line, character }, end: { line: p.line, character: character + value.length } } };
}

const byPlace = (a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.range.start.line - b.range.start.line);

describe("gwlint-lsp: find references across files", () => {
  let dir;
  let client;
  let gatewaysUri;
  let routesUri;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "gwlint-lsp-refs-"));
    writeFileSync(path.join(dir, "gateways.yaml"), GATEWAYS);
    writeFileSync(path.join(dir, "routes.yaml"), ROUTES);
    gatewaysUri = uriOf(path.join(dir, "gateways.yaml"));
    routesUri = uriOf(path.join(dir, "routes.yaml"));
    client = new LspClient({ settings: { gatewayApi: "v1.6.1" } });
    const init = await client.request("initialize", { processId: null, rootUri: uriOf(dir), workspaceFolders: [{ uri: uriOf(dir), name: "w" }], capabilities: { workspace: { configuration: true } } });
    assert.equal(init.capabilities.referencesProvider, true);
    client.notify("initialized", {});
    // Only gateways.yaml is open: the references in routes.yaml are found on disk.
    const published = client.diagnostics(gatewaysUri);
    client.notify("textDocument/didOpen", { textDocument: { uri: gatewaysUri, languageId: "yaml", version: 1, text: GATEWAYS } });
    await published;
  });

  after(async () => {
    if (client.proc.exitCode === null) client.proc.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  const references = (uri, position, includeDeclaration = false) => client.request("textDocument/references", { textDocument: { uri }, position, context: { includeDeclaration } }).then((r) => r.sort(byPlace));

  it("parentRefs: from the Gateway's name, with and without the declaration", async () => {
    const onName = at(GATEWAYS, "name: edge", 0, 7);
    const expected = [valueAt(routesUri, ROUTES, "- name: edge", "edge"), valueAt(routesUri, ROUTES, "    name: edge", "edge")].sort(byPlace);
    assert.deepEqual(await references(gatewaysUri, onName), expected);
    assert.deepEqual(await references(gatewaysUri, onName, true), [valueAt(gatewaysUri, GATEWAYS, "name: edge", "edge"), ...expected].sort(byPlace));
    // The same from the Gateway's kind line.
    assert.deepEqual(await references(gatewaysUri, at(GATEWAYS, "kind: Gateway\n", 0, 2)), expected);
  });

  it("backendRefs and targetRefs: the Service's references; certificateRefs: the Secret's; caCertificateRefs: the ConfigMap's", async () => {
    const service = await references(gatewaysUri, at(GATEWAYS, "name: store", 0, 7));
    assert.deepEqual(service, [valueAt(routesUri, ROUTES, "- name: store", "store", 0), valueAt(routesUri, ROUTES, "- name: store", "store", 1), valueAt(routesUri, ROUTES, "    name: store", "store")].sort(byPlace));
    assert.deepEqual(await references(gatewaysUri, at(GATEWAYS, "name: edge-cert", 1, 7)), [valueAt(gatewaysUri, GATEWAYS, "- name: edge-cert", "edge-cert")]);
    assert.deepEqual(await references(gatewaysUri, at(GATEWAYS, "name: store-ca", 0, 7)), [valueAt(routesUri, ROUTES, "name: store-ca", "store-ca")]);
  });

  it("from a reference in a file that is not open: the other references to the same object", async () => {
    client.notify("textDocument/didOpen", { textDocument: { uri: routesUri, languageId: "yaml", version: 1, text: ROUTES } });
    const fromRoute = await references(routesUri, at(ROUTES, "- name: edge", 0, 9), true);
    assert.deepEqual(fromRoute.map((l) => `${l.uri === gatewaysUri ? "gateways" : "routes"}:${l.range.start.line}`), [`gateways:${at(GATEWAYS, "name: edge").line}`, `routes:${at(ROUTES, "- name: edge").line}`, `routes:${at(ROUTES, "    name: edge").line}`]);
  });

  it("sectionName: the listener's references; gatewayClassName: the GatewayClass's", async () => {
    const http = await references(gatewaysUri, at(GATEWAYS, "- name: http", 0, 9), true);
    assert.deepEqual(http, [valueAt(gatewaysUri, GATEWAYS, "- name: http", "http"), valueAt(routesUri, ROUTES, "sectionName: http", "http", 0), valueAt(routesUri, ROUTES, "sectionName: http", "http", 1)].sort(byPlace));
    assert.deepEqual(await references(gatewaysUri, at(GATEWAYS, "- name: https", 0, 9)), []);
    assert.deepEqual(await references(gatewaysUri, at(GATEWAYS, "name: example", 0, 7)), [valueAt(gatewaysUri, GATEWAYS, "gatewayClassName: example", "example")]);
    assert.deepEqual(await references(gatewaysUri, at(GATEWAYS, "gatewayClassName: example", 0, 20)), [valueAt(gatewaysUri, GATEWAYS, "gatewayClassName: example", "example")]);
    // Nothing to find on a line that is no reference.
    assert.deepEqual(await references(gatewaysUri, at(GATEWAYS, "port: 80")), []);
  });
});

// Documents whose diagnostics have fixes: gwlint's own (a misspelt field and value) and the server's.
const BROKEN = {
  "required.yaml": `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: example
spec:
  controllerName: example.com/gateway
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: web
spec:
  listeners:
  - name: http
    port: 80
`,
  "required-item.yaml": `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: web
spec:
  gatewayClassName: example
  listeners:
  - name: http
    port: 80
  - name: other
    protocol: HTTP
    port: 8080
`,
  "not-served.yaml": `# A TLSRoute of the old version
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TLSRoute
metadata:
  name: pay
  namespace: web
spec:
  hostnames:
  - pay.example.com
  rules:
  - backendRefs:
    - name: pay # the Service
      port: 443
`,
  "grant.yaml": `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: store
  namespace: web
spec:
  rules:
  - backendRefs:
    - name: store
      namespace: shop
      port: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: store
  namespace: shop
spec:
  ports:
  - port: 8080
`,
  "section.yaml": `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: web
spec:
  gatewayClassName: example
  listeners:
  - name: http
    protocol: HTTP
    port: 80
  - name: admin
    protocol: HTTP
    port: 8080
  - name: tls
    protocol: TLS
    port: 443
    tls:
      mode: Passthrough
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: store
  namespace: web
spec:
  parentRefs:
  - name: edge
    sectionName: "grpc"
`,
  "typos.yaml": `apiVersion: gateway.networking.k8s.io/v1
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
    allowedRoutes:
      namespaces:
        from: Sam
`,
};

/** Applies LSP edits to a text (the test's own: offsets from lines, last edit first). */
function apply(text, edits) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  const offset = (p) => Math.min((starts[p.line] ?? text.length) + p.character, text.length);
  return edits
    .map((e) => [offset(e.range.start), offset(e.range.end), e.newText])
    .sort((a, b) => b[0] - a[0])
    .reduce((t, [from, to, insert]) => t.slice(0, from) + insert + t.slice(to), text);
}

describe("gwlint-lsp: quick fixes", () => {
  let dir;
  let client;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "gwlint-lsp-fixes-"));
    mkdirSync(path.join(dir, "open"));
    client = new LspClient({ settings: { gatewayApi: "v1.6.1", channel: "standard" } });
    await client.request("initialize", { processId: null, rootUri: uriOf(dir), workspaceFolders: [{ uri: uriOf(dir), name: "w" }], capabilities: { workspace: { configuration: true } } });
    client.notify("initialized", {});
  });

  after(async () => {
    if (client.proc.exitCode === null) client.proc.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Opens a document alone (the others closed), returns its diagnostics. */
  async function openAlone(name, text) {
    const uri = uriOf(path.join(dir, "open", name));
    const published = client.diagnostics(uri);
    client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text } });
    return { uri, diagnostics: await published };
  }

  const close = (uri) => client.notify("textDocument/didClose", { textDocument: { uri } });
  const fixTitles = (diagnostics, code) => diagnostics.filter((d) => d.code === code).flatMap((d) => d.data.fixes.map((f) => f.title));

  it("a missing required field: inserted with a value that lints clean (in a mapping, and in a list item)", async () => {
    const { uri, diagnostics } = await openAlone("required.yaml", BROKEN["required.yaml"]);
    const d = diagnostics.find((x) => x.message === "spec.gatewayClassName: Required value");
    assert.ok(d, JSON.stringify(diagnostics));
    assert.equal(d.data.fixable, true);
    // The workspace's GatewayClass is the value; the field goes before spec's first key.
    assert.deepEqual(d.data.fixes, [{ title: "Add the required field gatewayClassName: example", edits: [{ range: { start: { line: 13, character: 2 }, end: { line: 13, character: 2 } }, newText: "gatewayClassName: example\n  " }] }]);
    assert.deepEqual(fixTitles(diagnostics, "schema/required").sort(), ["Add the required field gatewayClassName: example", "Add the required field protocol: HTTP"]);
    close(uri);
  });

  it("an apiVersion the release does not serve: the object converted", async () => {
    const { uri, diagnostics } = await openAlone("not-served.yaml", BROKEN["not-served.yaml"]);
    const d = diagnostics.find((x) => x.code === "version/not-served");
    assert.ok(d, JSON.stringify(diagnostics));
    assert.equal(d.data.fixes.length, 1);
    assert.equal(d.data.fixes[0].title, "Convert to gateway.networking.k8s.io/v1 (served by v1.6.1); its comments are not kept");
    // The comment above the object stays; the one inside is lost (the converted object is written from its tree).
    const fixed = apply(BROKEN["not-served.yaml"], d.data.fixes[0].edits);
    assert.match(fixed, /^# A TLSRoute of the old version\napiVersion: gateway\.networking\.k8s\.io\/v1\nkind: TLSRoute\n/);
    close(uri);
  });

  it("a cross-namespace reference without a ReferenceGrant: the ReferenceGrant document", async () => {
    const { uri, diagnostics } = await openAlone("grant.yaml", BROKEN["grant.yaml"]);
    const d = diagnostics.find((x) => x.code === "evaluation/backend-ref");
    assert.ok(d, JSON.stringify(diagnostics));
    assert.equal(d.data.fixes[0].title, "Add a ReferenceGrant in namespace shop for this HTTPRoute's backendRef to Service store");
    assert.equal(
      d.data.fixes[0].edits[0].newText,
      '---\napiVersion: gateway.networking.k8s.io/v1\nkind: ReferenceGrant\nmetadata:\n  name: web-httproute-to-service-store\n  namespace: shop\nspec:\n  from:\n  - group: gateway.networking.k8s.io\n    kind: HTTPRoute\n    namespace: web\n  to:\n  - group: ""\n    kind: Service\n    name: store\n',
    );
    // Offered as a code action too.
    const actions = await client.request("textDocument/codeAction", { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    assert.deepEqual(actions.map((a) => a.title), [d.data.fixes[0].title]);
    close(uri);
  });

  it("a sectionName naming no listener: each listener of the Gateway that takes the route's kind", async () => {
    const { uri, diagnostics } = await openAlone("section.yaml", BROKEN["section.yaml"]);
    assert.deepEqual(fixTitles(diagnostics, "evaluation/route-not-accepted"), ['Change sectionName to "http" (a listener of Gateway web/edge)', 'Change sectionName to "admin" (a listener of Gateway web/edge)']);
    const d = diagnostics.find((x) => x.code === "evaluation/route-not-accepted");
    const p = at(BROKEN["section.yaml"], '"grpc"', 0, 1);
    assert.deepEqual(d.data.fixes[0].edits, [{ range: { start: p, end: { line: p.line, character: p.character + 4 } }, newText: "http" }]);
    close(uri);
  });

  it("property: every fix of every diagnostic, applied, removes its diagnostic and adds no error", async () => {
    let checked = 0;
    for (const [name, text] of Object.entries(BROKEN)) {
      const { uri, diagnostics } = await openAlone(name, text);
      const errors = (ds) => ds.filter((x) => x.severity === 1).map((x) => `${x.code} ${x.message}`);
      const known = new Set(errors(diagnostics));
      let version = 1;
      for (const d of diagnostics) {
        for (const fix of d.data.fixes) {
          version++;
          const published = client.diagnostics(uri, version);
          client.notify("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ text: apply(text, fix.edits) }] });
          const after = await published;
          const what = `${name}: ${fix.title} for ${d.code} ${d.message}`;
          assert.ok(!after.some((x) => x.code === d.code && x.message === d.message), `${what}: the diagnostic remains`);
          assert.deepEqual(errors(after).filter((e) => !known.has(e)), [], `${what}: new errors`);
          checked++;
        }
      }
      close(uri);
    }
    // Each of the server's fixes, and gwlint's own: the misspelt field and value.
    assert.ok(checked >= 8, `${checked} fixes checked`);
  });
});
