// Lint (CEL on and off, and with profile aws-vpc-lattice), evaluate, normalize, convert (v1.2.1 -> v1.6.1) and
// preview throughput of the Node (wasm) build on generated manifests of mixed kinds (1,000 and 10,000 objects;
// preview 500 and 10,000), first call and warm, plus the size of each .wasm raw and gzipped. A first call runs in
// a fresh Node process (the module loaded, nothing called yet), so it includes the one-time schema set-up.
// Prints figures; asserts nothing. Run after scripts/build-wasm.sh:  node scripts/bench-wasm.mjs
import { createRequire } from "node:module";
import { readFileSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { performance } from "node:perf_hooks";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = new URL("../", import.meta.url);
const { lint, evaluate, normalize, convert, preview } = require(new URL("pkg/node/gwlint.js", root).pathname);

// The manifest with the API versions of v1.2.1 (TLSRoute v1alpha2, BackendTLSPolicy v1alpha3, ReferenceGrant
// v1beta1), for convert.
function oldManifest(objects) {
  return manifest(objects)
    .replace(/apiVersion: gateway.networking.k8s.io\/v1\nkind: TLSRoute/g, "apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: TLSRoute")
    .replace(
      /apiVersion: gateway.networking.k8s.io\/v1\nkind: BackendTLSPolicy/g,
      "apiVersion: gateway.networking.k8s.io/v1alpha3\nkind: BackendTLSPolicy",
    )
    .replace(/apiVersion: gateway.networking.k8s.io\/v1\nkind: ReferenceGrant/g, "apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant");
}

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

// Each operation: its input, the call, and a description of the result.
const operations = {
  "lint, profile": {
    text: manifest,
    call: (text) => lint(text, { profile: "aws-vpc-lattice" }),
    describe: (r) => `${r.diagnostics.length} diagnostics`,
  },
  normalize: {
    text: manifest,
    call: (text) => normalize(text, {}),
    describe: (r) => `${r.diff.length} changes, ${(r.text.length / 1e6).toFixed(1)} MB out`,
  },
  convert: {
    text: oldManifest,
    call: (text) => convert(text, { gatewayApi: "v1.2.1", to: "v1.6.1" }),
    describe: (r) => `${r.diff.length} changes, ${(r.text.length / 1e6).toFixed(1)} MB out`,
  },
  preview: {
    text: manifest,
    call: (text) => preview(text, {}),
    describe: (r) => `${r.summary.length} summary lines, ${(r.svg.length / 1e6).toFixed(1)} MB SVG`,
  },
};

function timed(name, objects) {
  const op = operations[name];
  const text = op.text(objects);
  const start = performance.now();
  const result = op.call(text);
  return { ms: performance.now() - start, mb: Buffer.byteLength(text) / 1e6, result };
}

function report(label, name, objects, { ms, mb, result }) {
  console.log(
    `${`${name}, ${label}`.padEnd(26)} ${String(objects).padStart(6)} objects (${mb.toFixed(1)} MB): ${ms.toFixed(1)} ms, ` +
      `${Math.round(objects / (ms / 1000))} objects/s, ${operations[name].describe(result)}`,
  );
}

// Child mode: one first call, printed as JSON.
if (process.argv[2] === "--first") {
  const { ms, mb, result } = timed(process.argv[3], Number(process.argv[4]));
  console.log(JSON.stringify({ ms, mb, describe: operations[process.argv[3]].describe(result) }));
  process.exit(0);
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

const sizes = [
  ["lint, profile", [1000, 10000]],
  ["normalize", [1000, 10000]],
  ["convert", [1000, 10000]],
  ["preview", [500, 10000]],
];
for (const [name, counts] of sizes) {
  for (const objects of counts) {
    const first = JSON.parse(
      execFileSync(process.execPath, [fileURLToPath(import.meta.url), "--first", name, String(objects)], {
        encoding: "utf8",
        maxBuffer: 1 << 26,
      }),
    );
    console.log(
      `${`${name}, first call`.padEnd(26)} ${String(objects).padStart(6)} objects (${first.mb.toFixed(1)} MB): ` +
        `${first.ms.toFixed(1)} ms, ${Math.round(objects / (first.ms / 1000))} objects/s, ${first.describe}`,
    );
    for (let i = 0; i < 2; i++) timed(name, objects);
    report("warm", name, objects, timed(name, objects));
  }
}

for (const target of ["web", "node", "bundler"]) {
  const path = new URL(`pkg/${target}/gwlint_bg.wasm`, root);
  if (!existsSync(path)) continue;
  const bytes = readFileSync(path);
  console.log(
    `pkg/${target}/gwlint_bg.wasm: ${(bytes.length / 1024).toFixed(0)} KiB, ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(0)} KiB gzipped`,
  );
}
