//! Lint throughput on large generated manifests (1,000 and 10,000 objects of mixed kinds).
//! `cargo bench --bench lint` prints criterion's figures, plus objects/s and MB/s per size, for
//! lint with CEL on and off, lint with the `aws-vpc-lattice` profile, evaluate, normalize and
//! convert, and preview (SVG and summary) at 500 objects.

use std::time::Instant;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use gwlint::{lint, LintOptions, ProfileName};

/// A multi-document manifest of `objects` objects cycling through Gateway, HTTPRoute,
/// GRPCRoute, TLSRoute, BackendTLSPolicy, ReferenceGrant and Service; one in ten is broken.
/// Each HTTPRoute attaches to the Gateway before it and routes to a Service that a
/// BackendTLSPolicy targets.
fn manifest(objects: usize) -> String {
    let mut out = String::new();
    for i in 0..objects {
        let port = if i % 10 == 9 { 0 } else { 8000 + i % 1000 };
        let doc = match i % 7 {
            0 => format!(
                "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: gw-{i}\n  labels:\n    app: demo\nspec:\n  gatewayClassName: example\n  listeners:\n  - name: http\n    protocol: HTTP\n    port: {port}\n    allowedRoutes:\n      namespaces:\n        from: All\n  - name: https\n    protocol: HTTPS\n    port: 443\n    hostname: \"*.example.com\"\n    tls:\n      mode: Terminate\n      certificateRefs:\n      - name: cert-{i}\n",
            ),
            1 => format!(
                "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: route-{i}\nspec:\n  parentRefs:\n  - name: gw-{p}\n    sectionName: http\n  hostnames:\n  - app-{i}.example.com\n  rules:\n  - matches:\n    - path:\n        type: PathPrefix\n        value: /api\n      headers:\n      - name: x-tenant\n        value: t{i}\n    filters:\n    - type: RequestHeaderModifier\n      requestHeaderModifier:\n        add:\n        - name: x-route\n          value: r{i}\n    backendRefs:\n    - name: svc-{s}\n      port: 443\n      weight: 90\n    - name: svc-canary-{i}\n      port: 8080\n      weight: 10\n",
                p = i - 1,
                s = i + 5
            ),
            2 => format!(
                "apiVersion: gateway.networking.k8s.io/v1\nkind: GRPCRoute\nmetadata:\n  name: grpc-{i}\nspec:\n  parentRefs:\n  - name: gw\n  rules:\n  - matches:\n    - method:\n        service: svc.v1.Echo\n        method: Ping\n    backendRefs:\n    - name: grpc-{i}\n      port: {port}\n"
            ),
            3 => format!(
                "apiVersion: gateway.networking.k8s.io/v1\nkind: TLSRoute\nmetadata:\n  name: tls-{i}\nspec:\n  parentRefs:\n  - name: gw\n    sectionName: tls\n  hostnames:\n  - tls-{i}.example.com\n  rules:\n  - backendRefs:\n    - name: tls-{i}\n      port: {port}\n"
            ),
            4 => format!(
                "apiVersion: gateway.networking.k8s.io/v1\nkind: BackendTLSPolicy\nmetadata:\n  name: btls-{i}\nspec:\n  targetRefs:\n  - group: \"\"\n    kind: Service\n    name: svc-{s}\n    sectionName: https\n  validation:\n    hostname: svc-{i}.example.com\n    caCertificateRefs:\n    - group: \"\"\n      kind: ConfigMap\n      name: ca-{i}\n",
                s = i + 2
            ),
            5 => format!(
                "apiVersion: gateway.networking.k8s.io/v1\nkind: ReferenceGrant\nmetadata:\n  name: grant-{i}\n  namespace: backends\nspec:\n  from:\n  - group: gateway.networking.k8s.io\n    kind: HTTPRoute\n    namespace: ns-{i}\n  to:\n  - group: \"\"\n    kind: Service\n"
            ),
            _ => format!(
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{i}\nspec:\n  selector:\n    app: demo\n  ports:\n  - name: https\n    port: 443\n    targetPort: {port}\n"
            ),
        };
        out.push_str("---\n");
        out.push_str(&doc);
    }
    out
}

fn throughput(c: &mut Criterion) {
    let with_cel = LintOptions::default();
    let without_cel = LintOptions {
        cel: false,
        ..LintOptions::default()
    };
    let with_profile = LintOptions {
        profile: ProfileName::AwsVpcLattice,
        ..LintOptions::default()
    };
    let mut group = c.benchmark_group("lint");
    group.sample_size(10);
    for objects in [1_000usize, 10_000] {
        let text = manifest(objects);
        for (label, options) in [
            ("cel on", &with_cel),
            ("cel off", &without_cel),
            ("cel on, profile aws-vpc-lattice", &with_profile),
        ] {
            // One timed run for the summary line, after a warm-up run.
            let _ = lint(&text, options);
            let start = Instant::now();
            let result = lint(&text, options);
            let seconds = start.elapsed().as_secs_f64();
            println!(
                "lint {objects} objects ({:.1} MB), {label}: {:.1} ms, {:.0} objects/s, {:.1} MB/s, {} diagnostics",
                text.len() as f64 / 1e6,
                seconds * 1e3,
                objects as f64 / seconds,
                text.len() as f64 / 1e6 / seconds,
                result.diagnostics.len()
            );
        }
        let _ = gwlint::evaluate(&text, &with_cel);
        let start = Instant::now();
        let result = gwlint::evaluate(&text, &with_cel);
        let seconds = start.elapsed().as_secs_f64();
        println!(
            "evaluate {objects} objects ({:.1} MB): {:.1} ms, {:.0} objects/s, {} diagnostics, {} effective policies",
            text.len() as f64 / 1e6,
            seconds * 1e3,
            objects as f64 / seconds,
            result.diagnostics.len(),
            result.effective_policies.len()
        );
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("cel", objects), &text, |b, text| {
            b.iter(|| lint(text, &with_cel))
        });
        group.bench_with_input(BenchmarkId::new("no-cel", objects), &text, |b, text| {
            b.iter(|| lint(text, &without_cel))
        });
        group.bench_with_input(
            BenchmarkId::new("aws-vpc-lattice", objects),
            &text,
            |b, text| b.iter(|| lint(text, &with_profile)),
        );
        group.bench_with_input(BenchmarkId::new("evaluate", objects), &text, |b, text| {
            b.iter(|| gwlint::evaluate(text, &with_cel))
        });
    }
    // Preview at the size the picture is made for; it includes evaluate, timed alone beside it.
    let text = manifest(500);
    let _ = gwlint::preview::preview(&text, &with_cel);
    let start = Instant::now();
    let _ = gwlint::evaluate(&text, &with_cel);
    let evaluate_ms = start.elapsed().as_secs_f64() * 1e3;
    let start = Instant::now();
    let result = gwlint::preview::preview(&text, &with_cel);
    let preview_ms = start.elapsed().as_secs_f64() * 1e3;
    println!(
        "preview 500 objects: {preview_ms:.1} ms (evaluate alone {evaluate_ms:.1} ms), SVG {:.0} KB, {} boxes, {} summary lines, {} nodes not drawn",
        result.svg.len() as f64 / 1e3,
        result.svg.matches("class=\"node ").count(),
        result.summary.len(),
        result.omitted_nodes
    );
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_with_input(BenchmarkId::new("preview", 500), &text, |b, text| {
        b.iter(|| gwlint::preview::preview(text, &with_cel))
    });
    group.finish();
}

/// `routes` HTTPRoutes on one Gateway (each with its hostname, all to one Service port that a
/// BackendTLSPolicy targets), and per 100 routes one cross-namespace route with its
/// ReferenceGrant: the shape whose cost would show a quadratic loop in evaluate.
fn one_gateway(routes: usize) -> String {
    let mut out = String::from(
        "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: gw\nspec:\n  gatewayClassName: example\n  listeners:\n  - name: http\n    protocol: HTTP\n    port: 80\n    allowedRoutes:\n      namespaces:\n        from: All\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - name: https\n    port: 443\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: BackendTLSPolicy\nmetadata:\n  name: web\nspec:\n  targetRefs:\n  - group: \"\"\n    kind: Service\n    name: web\n  validation:\n    hostname: web.example.com\n    wellKnownCACertificates: System\n",
    );
    for i in 0..routes {
        let namespace = if i % 100 == 0 {
            format!("ns-{i}")
        } else {
            "default".to_owned()
        };
        out.push_str(&format!(
            "---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: r{i}\n  namespace: {namespace}\nspec:\n  parentRefs:\n  - name: gw\n    namespace: default\n  hostnames:\n  - r{i}.example.com\n  rules:\n  - backendRefs:\n    - name: web\n      namespace: default\n      port: 443\n"
        ));
        if i % 100 == 0 {
            out.push_str(&format!(
                "---\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata:\n  name: from-{namespace}\n  namespace: default\nspec:\n  from:\n  - group: gateway.networking.k8s.io\n    kind: HTTPRoute\n    namespace: {namespace}\n  to:\n  - group: \"\"\n    kind: Service\n"
            ));
        }
    }
    out
}

/// evaluate on many routes attached to one Gateway, at two sizes: near-linear cost means the
/// per-route time stays about the same.
fn evaluate_scale(c: &mut Criterion) {
    let options = LintOptions::default();
    let mut group = c.benchmark_group("evaluate-one-gateway");
    group.sample_size(10);
    for routes in [1_000usize, 10_000] {
        let text = one_gateway(routes);
        let _ = gwlint::evaluate(&text, &options);
        let start = Instant::now();
        let result = gwlint::evaluate(&text, &options);
        let seconds = start.elapsed().as_secs_f64();
        // Lint alone on the same text: the difference is what evaluation adds.
        let start = Instant::now();
        let _ = lint(&text, &options);
        let lint_seconds = start.elapsed().as_secs_f64();
        println!(
            "evaluate {routes} routes on one Gateway ({:.1} MB): {:.1} ms, {:.1} µs/route ({:.1} ms of it lint), {} diagnostics",
            text.len() as f64 / 1e6,
            seconds * 1e3,
            seconds * 1e6 / routes as f64,
            lint_seconds * 1e3,
            result.diagnostics.len()
        );
        group.throughput(Throughput::Elements(routes as u64));
        group.bench_with_input(BenchmarkId::new("routes", routes), &text, |b, text| {
            b.iter(|| gwlint::evaluate(text, &options))
        });
    }
    group.finish();
}

/// The same manifest with TLSRoute at v1alpha2, BackendTLSPolicy at v1alpha3 and
/// ReferenceGrant at v1beta1, as a v1.2.1 user wrote it: what `convert` migrates.
fn old_manifest(objects: usize) -> String {
    manifest(objects)
        .replace(
            "gateway.networking.k8s.io/v1\nkind: TLSRoute",
            "gateway.networking.k8s.io/v1alpha2\nkind: TLSRoute",
        )
        .replace(
            "gateway.networking.k8s.io/v1\nkind: BackendTLSPolicy",
            "gateway.networking.k8s.io/v1alpha3\nkind: BackendTLSPolicy",
        )
        .replace(
            "gateway.networking.k8s.io/v1\nkind: ReferenceGrant",
            "gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant",
        )
}

/// One run after a warm-up run: the result and the seconds it took.
fn timed<T>(run: impl Fn() -> T) -> (T, f64) {
    let _ = run();
    let start = Instant::now();
    let result = run();
    (result, start.elapsed().as_secs_f64())
}

/// normalize (defaults, canonical order, YAML out) and convert (v1.2.1 -> v1.6.1).
fn normalize_and_convert(c: &mut Criterion) {
    use gwlint::{convert, normalize, ConvertOptions, NormalizeOptions};
    let normalize_options = NormalizeOptions::default();
    let convert_options = ConvertOptions {
        lint: LintOptions {
            gateway_api: gwlint::GatewayApiRelease::V1_2_1,
            channel: gwlint::ChannelOption::Experimental,
            ..LintOptions::default()
        },
        to: gwlint::GatewayApiRelease::V1_6_1,
        ..ConvertOptions::default()
    };
    let mut group = c.benchmark_group("normalize");
    group.sample_size(10);
    for objects in [1_000usize, 10_000] {
        let text = manifest(objects);
        let old = old_manifest(objects);
        let (result, seconds) = timed(|| normalize(&text, &normalize_options));
        println!(
            "normalize {objects} objects ({:.1} MB): {:.1} ms, {:.0} objects/s, {} changes",
            text.len() as f64 / 1e6,
            seconds * 1e3,
            objects as f64 / seconds,
            result.diff.len()
        );
        let (result, seconds) = timed(|| convert(&old, &convert_options));
        println!(
            "convert {objects} objects v1.2.1 -> v1.6.1: {:.1} ms, {:.0} objects/s, {} changes",
            seconds * 1e3,
            objects as f64 / seconds,
            result.diff.len()
        );
        if objects == 1_000 {
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(BenchmarkId::new("normalize", objects), &text, |b, text| {
                b.iter(|| normalize(text, &normalize_options))
            });
            group.bench_with_input(BenchmarkId::new("convert", objects), &old, |b, text| {
                b.iter(|| convert(text, &convert_options))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, throughput, evaluate_scale, normalize_and_convert);
criterion_main!(benches);
