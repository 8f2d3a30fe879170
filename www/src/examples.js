// The curated manifest examples: real files in www/samples/, bundled as text by esbuild (loader ".yaml": "text").
import gatewayHttpRoute from "../samples/sample.yaml";
import backendTls from "../samples/backendtlspolicy.yaml";
import backendTlsBroken from "../samples/backendtlspolicy-broken.yaml";
import tlsRoute from "../samples/tlsroute-passthrough.yaml";
import tlsRouteBroken from "../samples/tlsroute-passthrough-broken.yaml";
// Example admission policies: the repository's own examples/policies/ files (tested by tests/admission.rs),
// bundled as text. Each is a ValidatingAdmissionPolicy with its binding (and param, where it takes one).
import httpsOnly from "../../examples/policies/https-only-listeners.yaml";
import hostnameAllowlist from "../../examples/policies/hostname-allowlist.yaml";
import clusterIpOnly from "../../examples/policies/clusterip-only.yaml";

/** id -> { title, text }; the first is what a fresh page shows. */
export const EXAMPLES = [
  { id: "backendtlspolicy", title: "BackendTLSPolicy with a CA ConfigMap and a Service", text: backendTls },
  { id: "backendtlspolicy-broken", title: "BackendTLSPolicy, broken", text: backendTlsBroken },
  { id: "tlsroute-passthrough", title: "TLSRoute on a Passthrough TLS listener (VPC Lattice)", text: tlsRoute },
  { id: "tlsroute-passthrough-broken", title: "TLSRoute on a Passthrough listener, broken", text: tlsRouteBroken },
  { id: "gateway-httproute", title: "Gateway and HTTPRoute", text: gatewayHttpRoute },
];

export function exampleById(id) {
  return EXAMPLES.find((e) => e.id === id) ?? null;
}

export const POLICY_EXAMPLES = [
  { id: "https-only-listeners", title: "HTTPS-only listeners", text: httpsOnly },
  { id: "hostname-allowlist", title: "HTTPRoute hostnames from an allow-list (ConfigMap param)", text: hostnameAllowlist },
  { id: "clusterip-only", title: "ClusterIP-only Gateway addresses", text: clusterIpOnly },
];

/** The Policies editor's text on a fresh page: no policy, a hint where they go. */
export const NO_POLICIES = `# ValidatingAdmissionPolicies, their bindings and params (ConfigMaps, custom resources) go here,
# evaluated against the manifests as the API server's admission would. Pick an example above.
`;

export function policyExampleById(id) {
  return POLICY_EXAMPLES.find((e) => e.id === id) ?? null;
}
