// evaluate(): status shaped as the controller writes it, diagnostics positioned on the cause,
// effective BackendTLSPolicy per Service port, and a topology.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gwlint, flagged } from "./helpers.mjs";

const { evaluate } = gwlint;

// A self-signed CA certificate (EC P-256, valid until 2126), made for these tests.
const CA = [
  "-----BEGIN CERTIFICATE-----",
  "MIIBiTCCAS+gAwIBAgIUdt1ivbPH6ZzBe9r5pHyVOPHhiGUwCgYIKoZIzj0EAwIw",
  "GTEXMBUGA1UEAwwOZ3dsaW50IHRlc3QgQ0EwIBcNMjYxMTIyMDQ0MDQwWhgPMjEy",
  "NjEwMjkwNDQwNDBaMBkxFzAVBgNVBAMMDmd3bGludCB0ZXN0IENBMFkwEwYHKoZI",
  "zj0CAQYIKoZIzj0DAQcDQgAEAE6Ch8+rrE0dtfraK0pJAp8/4UpmFgDb2C5dEHYj",
  "G+DFZQfoLPAWtCZNVGGuY8f1IOXg6D3uJhd9hn6QoXzD56NTMFEwHQYDVR0OBBYE",
  "FOvo7HNfKRir1oIRSt9FXl45YajqMB8GA1UdIwQYMBaAFOvo7HNfKRir1oIRSt9F",
  "Xl45YajqMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhALG8JAci",
  "edliHir78mpClQElP+YWs+Vtq41S+/iA8KZVAiAQBsc/cZRXJD0IBGy/W4/P8Jfx",
  "aYlp80V/u6ij8eDNfg==",
  "-----END CERTIFICATE-----",
].join("\n    ");

const TEXT = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: example
spec:
  controllerName: example.com/gateway
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  gatewayClassName: example
  listeners:
  - name: http
    protocol: HTTP
    port: 80
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: route
spec:
  parentRefs:
  - name: gw
    sectionName: http
  - name: gw
    sectionName: missing
  rules:
  - backendRefs:
    - name: svc
      port: 443
---
apiVersion: v1
kind: Service
metadata:
  name: svc
spec:
  ports:
  - name: https
    port: 443
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ca
data:
  ca.crt: |
    ${CA}
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: tls
spec:
  targetRefs:
  - group: ""
    kind: Service
    name: svc
    sectionName: https
  validation:
    hostname: svc.example.com
    caCertificateRefs:
    - group: ""
      kind: ConfigMap
      name: ca
`;

const conditions = (list) => list.map((c) => `${c.type}=${c.status}/${c.reason}`);

test("statuses follow the Gateway API types", () => {
  const result = evaluate(TEXT, { gatewayApi: "v1.6.1" });
  const byKind = Object.fromEntries(result.resources.map((r) => [r.kind, r]));
  const gw = byKind.Gateway.status;
  assert.deepEqual(conditions(gw.conditions), [
    "Accepted=True/Accepted",
    "Programmed=True/Programmed",
    "ResolvedRefs=True/ResolvedRefs", // v1.6 adds the Gateway-level condition
  ]);
  assert.equal(gw.listeners[0].attachedRoutes, 1);
  assert.deepEqual(gw.listeners[0].supportedKinds.map((k) => k.kind), ["HTTPRoute", "GRPCRoute"]);
  const parents = byKind.HTTPRoute.status.parents;
  assert.equal(parents.length, 2);
  assert.equal(parents[0].controllerName, "example.com/gateway");
  assert.deepEqual(conditions(parents[0].conditions), ["Accepted=True/Accepted", "ResolvedRefs=True/ResolvedRefs"]);
  assert.deepEqual(conditions(parents[1].conditions).slice(0, 1), ["Accepted=False/NoMatchingParent"]);
  assert.equal(parents[1].parentRef.sectionName, "missing");
  const ancestors = byKind.BackendTLSPolicy.status.ancestors;
  assert.deepEqual(ancestors.map((a) => a.ancestorRef.name), ["gw"]);
  assert.deepEqual(conditions(ancestors[0].conditions), ["Accepted=True/Accepted", "ResolvedRefs=True/ResolvedRefs"]);
  assert.equal(byKind.Service.status, null);
});

test("a failing condition is a diagnostic on the field that causes it", () => {
  const result = evaluate(TEXT, { gatewayApi: "v1.6.1" });
  const d = result.diagnostics.find((d) => d.source === "evaluation");
  assert.ok(d, JSON.stringify(result.diagnostics));
  assert.equal(d.fieldPath, "spec.parentRefs[1]");
  assert.match(d.message, /NoMatchingParent/);
  assert.match(flagged(TEXT, d), /^name: gw\n\s+sectionName: missing/);
});

test("the effective policy per Service port and the topology", () => {
  const result = evaluate(TEXT, { gatewayApi: "v1.6.1" });
  assert.deepEqual(result.effectivePolicies.map((e) => [e.target.name, e.target.port, e.target.portName, e.policy?.name, e.hostname, e.gateways]), [
    ["svc", 443, "https", "tls", "svc.example.com", ["default/gw"]],
  ]);
  const ids = result.topology.nodes.map((n) => n.id);
  for (const id of ["Gateway/default/gw", "Gateway/default/gw/http", "HTTPRoute/default/route", "Service/default/svc", "BackendTLSPolicy/default/tls", "ConfigMap/default/ca"]) {
    assert.ok(ids.includes(id), `${id} in ${ids}`);
  }
  const edges = result.topology.edges.map((e) => `${e.from} ${e.kind} ${e.to}`);
  assert.ok(edges.includes("HTTPRoute/default/route attaches-to Gateway/default/gw/http"), edges.join("\n"));
  assert.ok(edges.includes("BackendTLSPolicy/default/tls uses-ca ConfigMap/default/ca"));
});

test("a missing ca.crt makes the policy not accepted (v1.6.1 vocabulary), and v1.2.1 has no ResolvedRefs", () => {
  const broken = TEXT.replace("ca.crt: |", "other: |");
  const v161 = evaluate(broken, { gatewayApi: "v1.6.1" });
  const policy = v161.resources.find((r) => r.kind === "BackendTLSPolicy");
  assert.deepEqual(conditions(policy.status.ancestors[0].conditions), [
    "Accepted=False/NoValidCACertificate",
    "ResolvedRefs=False/InvalidCACertificateRef",
  ]);
  assert.equal(v161.effectivePolicies[0].policy, null);
  const old = broken.replaceAll("gateway.networking.k8s.io/v1\nkind: BackendTLSPolicy", "gateway.networking.k8s.io/v1alpha3\nkind: BackendTLSPolicy");
  const v121 = evaluate(old, { gatewayApi: "v1.2.1", channel: "experimental" });
  const p121 = v121.resources.find((r) => r.kind === "BackendTLSPolicy");
  assert.deepEqual(conditions(p121.status.ancestors[0].conditions), ["Accepted=False/Invalid"]);
});

test("evaluate never throws on bad input and rejects bad options", () => {
  for (const input of ["", "- a", "{{{", "kind: HTTPRoute\napiVersion: gateway.networking.k8s.io/v1\nspec: 7"]) {
    const r = evaluate(input, {});
    assert.ok(Array.isArray(r.diagnostics));
  }
  assert.throws(() => evaluate("", { nope: true }), Error);
});

test("ListenerSet listeners and mesh (Service) parents are evaluated", () => {
  const text = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  gatewayClassName: example
  allowedListeners:
    namespaces:
      from: Same
  listeners:
  - name: http
    protocol: HTTP
    port: 80
---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata:
  name: extra
spec:
  parentRef:
    name: gw
  listeners:
  - name: team
    protocol: HTTP
    port: 8080
  - name: clash
    protocol: TCP
    port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: svc
spec:
  ports:
  - name: http
    port: 80
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: route
spec:
  parentRefs:
  - kind: ListenerSet
    name: extra
    sectionName: team
  - group: ""
    kind: Service
    name: svc
  rules:
  - backendRefs:
    - name: svc
      port: 80
`;
  const result = evaluate(text, { gatewayApi: "v1.6.1" });
  const set = result.resources.find((r) => r.kind === "ListenerSet").status;
  assert.deepEqual(conditions(set.conditions), ["Accepted=True/ListenersNotValid", "Programmed=True/Programmed"]);
  const clash = set.listeners.find((l) => l.name === "clash");
  assert.ok(conditions(clash.conditions).includes("Conflicted=True/ProtocolConflict"), conditions(clash.conditions).join());
  assert.equal(set.listeners.find((l) => l.name === "team").attachedRoutes, 1);
  const parents = result.resources.find((r) => r.kind === "HTTPRoute").status.parents;
  assert.deepEqual(parents.map((p) => [p.parentRef.kind, conditions(p.conditions)[0]]), [
    ["ListenerSet", "Accepted=True/Accepted"],
    ["Service", "Accepted=True/Accepted"],
  ]);
  // The Gateway's own listener keeps its port: it is the ListenerSet's listener that conflicts.
  const gw = result.resources.find((r) => r.kind === "Gateway").status;
  assert.deepEqual(conditions(gw.listeners[0].conditions).slice(0, 1), ["Accepted=True/Accepted"]);
});
