// What completion offers for apiVersion and kind: the Gateway API kinds and versions gwlint knows (v1.6.1;
// the experimental channel adds the x-k8s.io kinds and the older alpha versions), and the core kinds that
// Gateway API objects reference.

const GW = "gateway.networking.k8s.io";
const XGW = "gateway.networking.x-k8s.io";
const STANDARD_V1 = ["Gateway", "GatewayClass", "HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute", "UDPRoute", "ListenerSet", "ReferenceGrant", "BackendTLSPolicy"];

/** apiVersion -> { kinds, channel, deprecated } */
export const API_VERSIONS = new Map([
  [`${GW}/v1`, { kinds: STANDARD_V1, channel: "standard" }],
  [`${GW}/v1beta1`, { kinds: ["Gateway", "GatewayClass", "HTTPRoute", "ReferenceGrant"], channel: "standard", deprecated: true }],
  [`${GW}/v1alpha2`, { kinds: ["TCPRoute", "TLSRoute", "UDPRoute"], channel: "experimental", deprecated: true }],
  [`${GW}/v1alpha3`, { kinds: ["BackendTLSPolicy", "TLSRoute"], channel: "experimental", deprecated: true }],
  [`${XGW}/v1alpha1`, { kinds: ["XBackendTrafficPolicy", "XMesh", "XBackend"], channel: "experimental" }],
  ["v1", { kinds: ["Service", "ConfigMap", "Secret", "Namespace"], channel: "core" }],
]);

/** Top-level keys of a Kubernetes object, in the order completion offers them. */
export const TOP_LEVEL_KEYS = ["apiVersion", "kind", "metadata", "spec"];

/** Keys of ObjectMeta that manifests set. */
export const METADATA_KEYS = ["name", "namespace", "labels", "annotations"];

/** Lists (and single fields) of references: the kind they name when they name none. */
export const REFERENCE_KEYS = new Map([
  ["parentRefs", "Gateway"],
  ["backendRefs", "Service"],
  ["targetRefs", null],
  ["targetRef", null],
  ["certificateRefs", "Secret"],
  ["caCertificateRefs", "ConfigMap"],
]);
