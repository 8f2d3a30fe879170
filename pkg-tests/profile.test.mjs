// Implementation profiles through the package: profiles() lists them; lint and evaluate with
// { profile: "aws-vpc-lattice" } add the controller's constraints and status.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gwlint, checkResult, flagged } from "./helpers.mjs";

const { lint, evaluate, profiles } = gwlint;

const ENFORCEMENTS = [
  "status-condition",
  "event-failed-build-model",
  "event-failed-deploy-model",
  "api-server",
  "documented",
  "ignored",
];

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: my-hotel-tls-passthrough
spec:
  gatewayClassName: amazon-vpc-lattice
  listeners:
    - name: tls
      protocol: TLS
      port: 443
      tls:
        mode: Passthrough
    - name: http
      protocol: HTTP
      port: 80
`;

// The example of the controller's TLSRoute page (docs/api-types/tls-route.md).
const SEED_ROUTE = `apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TLSRoute
metadata:
  name: nginx-tls-route
spec:
  hostnames:
    - nginx-test.my-test.com
  parentRefs:
    - name: my-hotel-tls-passthrough
      sectionName: tls
  rules:
    - backendRefs:
        - name: nginx-tls
          kind: Service
          port: 443
`;

const AWS = { profile: "aws-vpc-lattice" };

function profileDiagnostics(result) {
  return result.diagnostics.filter((d) => d.source === "profile");
}

test("profiles() lists the AWS profile with its metadata and rules", () => {
  const list = profiles();
  assert.ok(Array.isArray(list));
  const aws = list.find((p) => p.name === "aws-vpc-lattice");
  assert.ok(aws, JSON.stringify(list.map((p) => p.name)));
  assert.equal(aws.controllerName, "application-networking.k8s.aws/gateway-api-controller");
  assert.match(aws.docsUrl, /^https:\/\//);
  assert.deepEqual(aws.gatewayApi.length, 2);
  assert.ok(aws.kinds.includes("TLSRoute") && !aws.kinds.includes("TCPRoute"));
  assert.ok(aws.features.includes("HTTPRoute") && !aws.features.includes("HTTPRouteQueryParamMatching"));
  for (const kind of ["TargetGroupPolicy", "IAMAuthPolicy", "AccessLogPolicy", "VpcAssociationPolicy", "ServiceExport", "ServiceImport", "ServiceNetwork"]) {
    assert.ok(aws.crdKinds.includes(kind), kind);
  }
  assert.ok(aws.rules.length >= 20, `${aws.rules.length} rules`);
  const codes = new Set();
  for (const rule of aws.rules) {
    assert.match(rule.code, /^aws-vpc-lattice\//);
    assert.ok(!codes.has(rule.code), `duplicate ${rule.code}`);
    codes.add(rule.code);
    assert.ok(["error", "warning", "info", "hint"].includes(rule.severity), rule.code);
    assert.ok(rule.description.length > 0, rule.code);
    assert.match(rule.docsUrl, /^https:\/\//, rule.code);
    assert.ok(ENFORCEMENTS.includes(rule.enforcement), `${rule.code}: ${rule.enforcement}`);
  }
  assert.ok(codes.has("aws-vpc-lattice/tls-route-one-rule"));
});

test("the TLSRoute page's example lints clean with the AWS profile", () => {
  const text = `${GATEWAY}---\n${SEED_ROUTE}`;
  const result = lint(text, AWS);
  checkResult(result, text);
  assert.deepEqual(profileDiagnostics(result), []);
});

test("broken TLSRoutes get the controller's errors, at the right place, with docs and enforcement", () => {
  const route = SEED_ROUTE.replace("sectionName: tls", "sectionName: http").concat(
    "    - backendRefs:\n        - name: other\n          port: 443\n",
  );
  const text = `${GATEWAY}---\n${route}`;
  const result = lint(text, { ...AWS, gatewayApi: "v1.5.1" });
  checkResult(result, text);
  const found = profileDiagnostics(result);
  const rule = found.find((d) => d.code === "aws-vpc-lattice/tls-route-one-rule");
  assert.ok(rule, JSON.stringify(found.map((d) => d.code)));
  assert.equal(
    rule.message,
    "Failed build model due to only support exactly 1 rule for TLSRoute default/nginx-tls-route, but got 2",
  );
  assert.equal(rule.enforcement, "event-failed-build-model");
  assert.match(rule.docsUrl, /tls-route\.md$/);
  assert.equal(rule.fieldPath, "spec.rules[1]");
  const listener = found.find((d) => d.code === "aws-vpc-lattice/tls-route-listener");
  assert.ok(listener);
  assert.equal(flagged(text, listener), "http");
  assert.equal(listener.enforcement, "status-condition");
});

test("without a profile nothing changes: no profile diagnostics and no new keys", () => {
  const text = `${GATEWAY}---\n${SEED_ROUTE.replace("sectionName: tls", "sectionName: http")}`;
  for (const options of [undefined, { profile: "upstream" }]) {
    const result = lint(text, options);
    assert.deepEqual(profileDiagnostics(result), []);
    for (const d of result.diagnostics) {
      assert.ok(!Object.hasOwn(d, "docsUrl") && !Object.hasOwn(d, "enforcement"), d.code);
    }
  }
});

test("an unknown profile is an options error", () => {
  assert.throws(() => lint("", { profile: "istio" }), (e) => e instanceof Error && /invalid options/.test(e.message));
});

test("the controller's own CRDs are validated with the profile", () => {
  const text = `apiVersion: application-networking.k8s.aws/v1alpha1
kind: VpcAssociationPolicy
metadata:
  name: assoc
spec:
  targetRef:
    group: gateway.networking.k8s.io
    kind: Gateway
    name: my-hotel
  securityGroupIds:
    - security-group-1
`;
  const without = lint(text);
  assert.ok(without.diagnostics.some((d) => d.code === "resource/unknown-kind"));
  const result = lint(text, AWS);
  checkResult(result, text);
  assert.ok(!result.diagnostics.some((d) => d.code === "resource/unknown-kind"));
  const pattern = result.diagnostics.find((d) => d.code === "schema/pattern");
  assert.ok(pattern, JSON.stringify(result.diagnostics.map((d) => d.code)));
  assert.equal(flagged(text, pattern), "security-group-1");
  assert.equal(result.resources[0].known, true);
});

test("evaluate uses the controller's name and writes its conditions", () => {
  const text = `${GATEWAY}---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: r
spec:
  parentRefs:
    - name: my-hotel-tls-passthrough
      sectionName: http
  rules:
    - backendRefs:
        - name: dual
          port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: dual
spec:
  ipFamilies: [IPv4, IPv6]
  ports:
    - port: 80
`;
  const result = evaluate(text, AWS);
  const gateway = result.resources.find((r) => r.kind === "Gateway");
  const accepted = gateway.status.conditions.find((c) => c.type === "Accepted");
  assert.equal(accepted.message, "application-networking.k8s.aws/gateway-api-controller");
  const route = result.resources.find((r) => r.kind === "HTTPRoute");
  const parent = route.status.parents[0];
  assert.equal(parent.controllerName, "application-networking.k8s.aws/gateway-api-controller");
  const routeAccepted = parent.conditions.find((c) => c.type === "Accepted");
  assert.deepEqual(
    [routeAccepted.status, routeAccepted.reason, routeAccepted.message],
    ["False", "UnsupportedValue", "Dual stack Service is not supported"],
  );
});

test("evaluate says when Accepted stays True while a Warning Event fails", () => {
  const route = SEED_ROUTE.concat("    - backendRefs:\n        - name: other\n          port: 443\n");
  const text = `${GATEWAY}---\n${route}`;
  const result = evaluate(text, { ...AWS, gatewayApi: "v1.5.1" });
  const note = result.diagnostics.find((d) => d.code === "aws-vpc-lattice/accepted-but-event");
  assert.ok(note, JSON.stringify(result.diagnostics.map((d) => d.code)));
  assert.match(note.message, /Accepted=True/);
  assert.match(note.message, /FailedBuildModel/);
  const tls = result.resources.find((r) => r.kind === "TLSRoute");
  const accepted = tls.status.parents[0].conditions.find((c) => c.type === "Accepted");
  assert.equal(accepted.status, "True");
});
