// Lint (CEL on and off) and evaluate throughput of the Node (wasm) build on generated manifests of 1,000 and 10,000 objects of mixed
// kinds, cold (first call) and warm, plus the size of each .wasm raw and gzipped. Prints figures; asserts
// nothing. Run after scripts/build-wasm.sh:  node scripts/bench-wasm.mjs
import { createRequire } from "node:module";
import { readFileSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const root = new URL("../", import.meta.url);
const { lint, evaluate } = require(new URL("pkg/node/gwlint.js", root).pathname);

function manifest(objects) {
  const docs = [];
  for (let i = 0; i < objects; i++) {
    const port = i % 10 === 9 ? 0 : 8000 + (i % 1000);
    switch (i % 7) {
      case 0:
        docs.push(`apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw-${i}
  namespace: ns-${i % 13}
spec:
  gatewayClassName: example
  listeners:
  - name: http
    protocol: HTTP
    port: ${port}
  - name: https
    protocol: HTTPS
    port: 443
    hostname: "*.example.com"
    tls:
      certificateRefs:
      - name: cert-${i}
`);
        break;
      case 1:
        docs.push(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: route-${i}
spec:
  parentRefs:
  - name: gw-${i - 1}
    sectionName: http
  hostnames:
  - app-${i}.example.com
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: /api
    backendRefs:
    - name: svc-${i}
      port: ${port}
`);
        break;
      case 2:
        docs.push(`apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata:
  name: grpc-${i}
spec:
  parentRefs:
  - name: gw
  rules:
  - matches:
    - method:
        service: svc.v1.Echo
        method: Ping
    backendRefs:
    - name: grpc-${i}
      port: ${port}
`);
        break;
      case 3:
        docs.push(`apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: tls-${i}
spec:
  parentRefs:
  - name: gw
  hostnames:
  - tls-${i}.example.com
  rules:
  - backendRefs:
    - name: tls-${i}
      port: ${port}
`);
        break;
      case 4:
        docs.push(`apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: btls-${i}
spec:
  targetRefs:
  - group: ""
    kind: Service
    name: svc-${i}
  validation:
    hostname: svc-${i}.example.com
    caCertificateRefs:
    - group: ""
      kind: ConfigMap
      name: ca-${i}
`);
        break;
      case 5:
        docs.push(`apiVersion: gateway.networking.k8s.io/v1
kind: ReferenceGrant
metadata:
  name: grant-${i}
spec:
  from:
  - group: gateway.networking.k8s.io
    kind: HTTPRoute
    namespace: ns-${i}
  to:
  - group: ""
    kind: Service
`);
        break;
      default:
        docs.push(`apiVersion: v1
kind: Service
metadata:
  name: svc-${i}
spec:
  ports:
  - name: https
    port: 443
    targetPort: ${port}
`);
    }
  }
  return "---\n" + docs.join("---\n");
}

function run(label, text, objects, options = {}) {
  const start = performance.now();
  const result = lint(text, options);
  const ms = performance.now() - start;
  const mb = Buffer.byteLength(text) / 1e6;
  console.log(
    `${label.padEnd(14)} ${String(objects).padStart(6)} objects (${mb.toFixed(1)} MB): ${ms.toFixed(1)} ms, ` +
      `${Math.round(objects / (ms / 1000))} objects/s, ${(mb / (ms / 1000)).toFixed(1)} MB/s, ` +
      `${result.diagnostics.length} diagnostics`,
  );
}

for (const objects of [1000, 10000]) {
  const text = manifest(objects);
  run("cold", text, objects);
  for (let i = 0; i < 2; i++) lint(text, {});
  run("warm", text, objects);
  lint(text, { cel: false });
  run("warm, cel off", text, objects, { cel: false });
  evaluate(text, {});
  const start = performance.now();
  const result = evaluate(text, {});
  const ms = performance.now() - start;
  console.log(
    `${"evaluate".padEnd(14)} ${String(objects).padStart(6)} objects: ${ms.toFixed(1)} ms, ` +
      `${Math.round(objects / (ms / 1000))} objects/s, ${result.effectivePolicies.length} effective policies`,
  );
}

for (const target of ["web", "node", "bundler"]) {
  const path = new URL(`pkg/${target}/gwlint_bg.wasm`, root);
  if (!existsSync(path)) continue;
  const bytes = readFileSync(path);
  console.log(
    `pkg/${target}/gwlint_bg.wasm: ${(bytes.length / 1024).toFixed(0)} KiB, ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(0)} KiB gzipped`,
  );
}
