// The benchmark's generated manifest of mixed kinds, in units of ten objects that reference each other, so that
// every reference resolves and evaluate reaches its effective-policy path:
//
//   Gateway gw-U           listeners http (HTTP 80) and tls (TLS 443, Passthrough, *.example.com)
//   HTTPRoute web-U        -> gw-U/http, backend svc-U:443 (and svc-U:80 for /static)
//   HTTPRoute api-U        -> gw-U/http, backend svc-V:443 in the next unit's namespace (allowed by grant-V)
//   GRPCRoute grpc-U       -> gw-U/http, backend grpc-U:9000
//   TLSRoute tls-U         -> gw-U/tls, backend svc-U:443
//   BackendTLSPolicy btls-U  targets svc-U's port https, CA from ConfigMap ca-U
//   ConfigMap ca-U         ca.crt: a PEM bundle of real self-signed CA certificates
//   Service svc-U          ports https 443, http 80
//   Service grpc-U         port grpc 9000
//   ReferenceGrant grant-U  HTTPRoutes of the previous unit's namespace may reference Services here
//
// Unit U lives in namespace ns-(U mod 13). Deliberate faults, found by lint, about 2% of objects: in every tenth
// unit (U mod 10 = 9) api-U's backend port is 0 (schema: minimum 1; Ajv finds it too), and in another
// (U mod 10 = 4) web-U's PathPrefix is "api" (a CEL rule: must start with "/"; Ajv cannot find it).
// The CA bundles are sized so that the whole text comes near a target size (the 10,000 objects are
// about 8 MB; its editor file of 200 objects about 312 KB).

const NAMESPACES = 13;
const UNIT = 10;

function indent(text, spaces) {
  const pad = " ".repeat(spaces);
  return text
    .split("\n")
    .map((line) => pad + line)
    .join("\n");
}

/** The documents (without separators) of `objects` objects; `bundle` = PEM certificates per CA ConfigMap. */
export function documents(objects, pems, bundle) {
  const units = Math.ceil(objects / UNIT);
  const ns = (u) => `ns-${((u % units) + units) % units % NAMESPACES}`;
  const docs = [];
  for (let u = 0; docs.length < objects; u++) {
    const next = (u + 1) % units;
    const prev = (u - 1 + units) % units;
    const apiPort = u % 10 === 9 ? 0 : 443;
    const webPath = u % 10 === 4 ? "api" : "/api";
    const ca = Array.from({ length: bundle }, (_, k) => pems[(u + k) % pems.length]).join("\n");
    const unit = [
      `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw-${u}
  namespace: ${ns(u)}
spec:
  gatewayClassName: example
  listeners:
  - name: http
    protocol: HTTP
    port: 80
  - name: tls
    protocol: TLS
    port: 443
    hostname: "*.example.com"
    tls:
      mode: Passthrough
`,
      `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web-${u}
  namespace: ${ns(u)}
spec:
  parentRefs:
  - name: gw-${u}
    sectionName: http
  hostnames:
  - web-${u}.example.com
  rules:
  - matches:
    - path:
        type: PathPrefix
        value: ${webPath}
    backendRefs:
    - name: svc-${u}
      port: 443
  - matches:
    - path:
        type: PathPrefix
        value: /static
    backendRefs:
    - name: svc-${u}
      port: 80
`,
      `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: api-${u}
  namespace: ${ns(u)}
spec:
  parentRefs:
  - name: gw-${u}
    sectionName: http
  hostnames:
  - api-${u}.example.com
  rules:
  - matches:
    - path:
        type: Exact
        value: /v1/items
      method: GET
    backendRefs:
    - name: svc-${next}
      namespace: ${ns(next)}
      port: ${apiPort}
`,
      `apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata:
  name: grpc-${u}
  namespace: ${ns(u)}
spec:
  parentRefs:
  - name: gw-${u}
    sectionName: http
  hostnames:
  - grpc-${u}.example.com
  rules:
  - matches:
    - method:
        service: svc.v1.Echo
        method: Ping
    backendRefs:
    - name: grpc-${u}
      port: 9000
`,
      `apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata:
  name: tls-${u}
  namespace: ${ns(u)}
spec:
  parentRefs:
  - name: gw-${u}
    sectionName: tls
  hostnames:
  - tls-${u}.example.com
  rules:
  - backendRefs:
    - name: svc-${u}
      port: 443
`,
      `apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: btls-${u}
  namespace: ${ns(u)}
spec:
  targetRefs:
  - group: ""
    kind: Service
    name: svc-${u}
    sectionName: https
  validation:
    hostname: svc-${u}.example.com
    caCertificateRefs:
    - group: ""
      kind: ConfigMap
      name: ca-${u}
`,
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: ca-${u}
  namespace: ${ns(u)}
data:
  ca.crt: |
${indent(ca, 4)}
`,
      `apiVersion: v1
kind: Service
metadata:
  name: svc-${u}
  namespace: ${ns(u)}
spec:
  selector:
    app: app-${u}
  ports:
  - name: https
    port: 443
    targetPort: 8443
  - name: http
    port: 80
    targetPort: 8080
`,
      `apiVersion: v1
kind: Service
metadata:
  name: grpc-${u}
  namespace: ${ns(u)}
spec:
  selector:
    app: grpc-${u}
  ports:
  - name: grpc
    port: 9000
    targetPort: 9000
`,
      `apiVersion: gateway.networking.k8s.io/v1
kind: ReferenceGrant
metadata:
  name: grant-${u}
  namespace: ${ns(u)}
spec:
  from:
  - group: gateway.networking.k8s.io
    kind: HTTPRoute
    namespace: ${ns(prev)}
  to:
  - group: ""
    kind: Service
`,
    ];
    docs.push(...unit.slice(0, objects - docs.length));
  }
  return docs;
}

export const join = (docs) => "---\n" + docs.join("---\n");

/**
 * The manifest of `objects` objects whose size comes nearest `targetBytes` (by the number of certificates per
 * CA bundle, at least one): { text, docs, bundle, bytes }.
 */
export function mixedManifest(objects, pems, targetBytes) {
  let best;
  for (let bundle = 1; bundle <= 64; bundle++) {
    const docs = documents(objects, pems, bundle);
    const text = join(docs);
    const bytes = Buffer.byteLength(text);
    const candidate = { text, docs, bundle, bytes };
    if (!best || Math.abs(bytes - targetBytes) < Math.abs(best.bytes - targetBytes)) best = candidate;
    if (bytes >= targetBytes) break;
  }
  return best;
}

/**
 * The same manifest with the API versions of v1.2.1 (TLSRoute v1alpha2, BackendTLSPolicy v1alpha3,
 * ReferenceGrant v1beta1), for convert.
 */
export function oldVersions(text) {
  return text
    .replace(/apiVersion: gateway.networking.k8s.io\/v1\nkind: TLSRoute/g, "apiVersion: gateway.networking.k8s.io/v1alpha2\nkind: TLSRoute")
    .replace(
      /apiVersion: gateway.networking.k8s.io\/v1\nkind: BackendTLSPolicy/g,
      "apiVersion: gateway.networking.k8s.io/v1alpha3\nkind: BackendTLSPolicy",
    )
    .replace(/apiVersion: gateway.networking.k8s.io\/v1\nkind: ReferenceGrant/g, "apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant");
}

/** How many objects of each kind (for the printout). */
export function kindCounts(docs) {
  const counts = {};
  for (const doc of docs) {
    const kind = /^kind: (\S+)/m.exec(doc)[1];
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}
