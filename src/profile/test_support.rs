//! Helpers for the profile rules' inline tests.

use crate::diagnostics::Source;
use crate::options::{LintOptions, ProfileName};

/// A Gateway with the listeners the tests attach to: `http`, `https` (ACM certificate in
/// `options`, as the controller's docs show), `tls` (Passthrough) and `tls-implicit` (TLS
/// without an explicit mode).
pub const GATEWAY_TLS: &str = "apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: my-hotel-tls-passthrough
spec:
  gatewayClassName: amazon-vpc-lattice
  listeners:
    - name: http
      protocol: HTTP
      port: 80
    - name: https
      protocol: HTTPS
      port: 443
      tls:
        mode: Terminate
        certificateRefs:
          - name: unused
        options:
          application-networking.k8s.aws/certificate-arn: arn:aws:acm:us-west-2:123456789012:certificate/abc
    - name: tls
      protocol: TLS
      port: 8443
      tls:
        mode: Passthrough
    - name: tls-implicit
      protocol: TLS
      port: 9443
      tls: {}
";

/// A Service `svc` with port 80.
pub const SERVICE: &str = "apiVersion: v1
kind: Service
metadata:
  name: svc
spec:
  ports:
    - port: 80
";

/// Lints with the AWS profile.
pub fn lint_aws(text: &str) -> crate::LintResult {
    let options = LintOptions {
        profile: ProfileName::AwsVpcLattice,
        ..LintOptions::default()
    };
    crate::lint(text, &options)
}

/// The codes of the profile diagnostics, in position order.
pub fn codes_of(text: &str) -> Vec<String> {
    lint_aws(text)
        .diagnostics
        .into_iter()
        .filter(|d| d.source == Source::Profile)
        .map(|d| d.code)
        .collect()
}
