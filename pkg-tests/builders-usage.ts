// Type-checked by builders-package.test.mjs (tsc --noEmit --strict) against the generated .d.ts.
import { gateway } from "gwlint/builders/1.2-experimental";
import { compose } from "gwlint/builders/runtime";
import { validate } from "gwlint/builders/validate";
import type { BackendTLSPolicy } from "gwlint/builders/1.2-experimental/gateway/v1alpha3/backendTLSPolicy.js";

const p = gateway.v1alpha3.backendTLSPolicy;
const san = p.spec.validation.subjectAltNames;

const policy: BackendTLSPolicy = compose(
  p.new("tls-upstream-auth"),
  p.metadata.withNamespace("default"),
  p.metadata.withLabelsMixin({ team: "a" }),
  p.spec.withTargetRefs(compose(p.spec.targetRefs.withKind("Service"), p.spec.targetRefs.withName("auth"))),
  p.spec.validation.withHostname("auth.example.com"),
  p.spec.validation.withSubjectAltNames([compose(san.withType("Hostname"), san.withHostname("auth.example.com"))]),
  p.spec.validation.withWellKnownCACertificates("System"),
);

const kind: "BackendTLSPolicy" = policy.kind;
const apiVersion: "gateway.networking.k8s.io/v1alpha3" = p.new("x").apiVersion;
const hostname: string | undefined = policy.spec?.validation.hostname;
const errors: number = validate(policy, { gatewayApi: "v1.2.1", channel: "experimental" }).diagnostics.length;

// @ts-expect-error "Email" is not a Subject Alternative Name type ("Hostname" | "URI").
san.withType("Email");

export { kind, apiVersion, hostname, errors };
