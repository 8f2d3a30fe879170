// gwlint-lsp and ValidatingAdmissionPolicies: the `policies` setting (files and globs) and the policy objects of
// the workspace's files, picked up by themselves; a denial's relatedInformation names the policy and its binding.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { LspClient, uriOf } from "./fixtures/lsp/client.mjs";

const POLICY = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: https-only.example.com
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
    - apiGroups: ["gateway.networking.k8s.io"]
      apiVersions: ["v1"]
      operations: ["CREATE", "UPDATE"]
      resources: ["gateways"]
  validations:
  - expression: "object.spec.listeners.all(l, l.protocol == 'HTTPS' || l.protocol == 'TLS')"
    message: "listeners must use HTTPS or TLS"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: https-only-binding
spec:
  policyName: https-only.example.com
  validationActions: [Deny]
`;

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
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
`;

const DENIED = "ValidatingAdmissionPolicy 'https-only.example.com' with binding 'https-only-binding' denied request: listeners must use HTTPS or TLS";

describe("gwlint-lsp: admission policies", () => {
  let root;
  let workspace;
  const clients = [];

  before(() => {
    root = mkdtempSync(path.join(tmpdir(), "gwlint-lsp-policies-"));
    workspace = path.join(root, "workspace");
    mkdirSync(path.join(workspace, "policies"), { recursive: true });
    mkdirSync(path.join(root, "elsewhere"));
    writeFileSync(path.join(root, "elsewhere", "https-only.yaml"), POLICY);
  });

  after(() => {
    for (const c of clients) if (c.proc.exitCode === null) c.proc.kill();
    rmSync(root, { recursive: true, force: true });
  });

  async function start(settings, files = {}) {
    const dir = path.join(workspace, String(clients.length));
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    const client = new LspClient({ settings: { gatewayApi: "v1.6.1", ...settings } });
    clients.push(client);
    await client.request("initialize", { processId: null, rootUri: uriOf(dir), workspaceFolders: [{ uri: uriOf(dir), name: "w" }], capabilities: { workspace: { configuration: true } } });
    client.notify("initialized", {});
    const uri = uriOf(path.join(dir, "gateway.yaml"));
    const published = client.diagnostics(uri);
    client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text: GATEWAY } });
    return { client, dir, uri, diagnostics: await published };
  }

  it("without policies: the Gateway is clean", async () => {
    const { diagnostics } = await start({});
    assert.deepEqual(diagnostics.filter((d) => d.code.startsWith("policy/")), []);
  });

  it("the policies setting: a file outside the workspace (relative to the workspace folder), once", async () => {
    const { diagnostics } = await start({ policies: ["../../elsewhere/https-only.yaml"] });
    const denied = diagnostics.filter((d) => d.code === "policy/denied");
    assert.deepEqual(denied.map((d) => [d.message, d.severity, d.range.start.line]), [[DENIED, 1, 3]]);
  });

  it("the policies setting: a glob under the workspace folder; related information names the policy and the binding", async () => {
    const { diagnostics, dir } = await start({ policies: "policies/**/*.yaml" }, { "policies/gateways/https-only.yaml": POLICY });
    const denied = diagnostics.filter((d) => d.code === "policy/denied");
    assert.equal(denied.length, 1, JSON.stringify(diagnostics));
    const policyUri = uriOf(path.join(dir, "policies", "gateways", "https-only.yaml"));
    assert.deepEqual(
      denied[0].relatedInformation.map((r) => [r.location.uri, r.location.range.start.line, r.message]),
      [[policyUri, 3, "ValidatingAdmissionPolicy https-only.example.com"], [policyUri, 19, "ValidatingAdmissionPolicyBinding https-only-binding"]],
    );
  });

  it("without the setting: the policy objects of another workspace file are picked up", async () => {
    const { diagnostics } = await start({}, { "cluster/admission.yaml": POLICY });
    assert.deepEqual(diagnostics.filter((d) => d.code === "policy/denied").map((d) => d.message), [DENIED]);
  });

  it("a policies file that cannot be read is shown as a warning", async () => {
    const dir = path.join(workspace, "missing");
    mkdirSync(dir);
    const client = new LspClient({ settings: { policies: ["no-such-file.yaml"] } });
    clients.push(client);
    const shown = client.waitFor((m) => m.method === "window/showMessage");
    await client.request("initialize", { processId: null, rootUri: uriOf(dir), workspaceFolders: [{ uri: uriOf(dir), name: "w" }], capabilities: { workspace: { configuration: true } } });
    client.notify("initialized", {});
    const m = await shown;
    assert.equal(m.params.type, 2);
    assert.equal(m.params.message, "gwlint: cannot read the policies file no-such-file.yaml");
  });
});
