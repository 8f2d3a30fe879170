// The curated examples: real files in www/samples/, bundled as text by esbuild (loader ".yaml": "text").
import gatewayHttpRoute from "../samples/sample.yaml";
import backendTls from "../samples/backendtlspolicy.yaml";
import backendTlsBroken from "../samples/backendtlspolicy-broken.yaml";
import tlsRoute from "../samples/tlsroute-passthrough.yaml";
import tlsRouteBroken from "../samples/tlsroute-passthrough-broken.yaml";

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
