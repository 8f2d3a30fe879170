//! `preview`: the SVG is well-formed XML (read back with a strict reader), self-contained and
//! accessible; nodes never overlap; every edge starts on its left node and ends on its right
//! one; user strings are escaped; output is deterministic and bounded; summaries say what
//! connects to what.
//!
//! Snapshots: `tests/fixtures/preview/<case>.svg` and `<case>.txt` (the summary) for a few
//! upstream examples and evaluation scenarios, read at run time from the shared checkout
//! (`$GWLINT_SHARED` or `../shared`). `UPDATE_SNAPSHOTS=1 cargo test --test preview` rewrites them.

#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a panic is a test failure"
)]

mod preview_xml;

use std::path::{Path, PathBuf};

use gwlint::preview::{
    preview, preview_with_layout, preview_with_linter, Layout, NodeState, PreviewDirection,
    PreviewOptions, PreviewResult, MAX_NODES_PER_COLUMN,
};
use gwlint::{GatewayApiRelease, LintOptions};
use preview_xml::{parse, Element};

fn shared() -> PathBuf {
    std::env::var_os("GWLINT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text of an evaluation scenario: its upstream manifests (and the harness objects).
fn scenario(case: &str) -> (String, LintOptions) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/evaluate_cases");
    let spec: serde_json::Value = {
        let text = read(&dir.join(format!("{case}.yaml")));
        let index = gwlint::source::LineIndex::new(&text);
        let docs = gwlint::yaml::parse_stream(&index);
        to_json(docs[0].root.as_ref().unwrap())
    };
    let root = shared().join("gateway-api/conformance/v1.6.1");
    let mut parts: Vec<String> = spec["manifests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| read(&root.join(m.as_str().unwrap())))
        .collect();
    if spec["harness"] == serde_json::Value::Bool(true) {
        parts.push(read(&dir.join("harness/runtime-objects.yaml")));
    }
    let options: LintOptions = serde_json::from_value(serde_json::json!({
        "gatewayApi": spec["gatewayApi"],
        "channel": spec["channel"],
    }))
    .unwrap();
    (parts.join("\n---\n"), options)
}

fn to_json(node: &gwlint::yaml::Node) -> serde_json::Value {
    use gwlint::yaml::Value;
    match &node.value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => (*b).into(),
        Value::Int(i) => (*i).into(),
        Value::Float(f) => (*f).into(),
        Value::String(s) => s.clone().into(),
        Value::Seq(items) => items.iter().map(to_json).collect(),
        Value::Map(entries) => entries
            .iter()
            .map(|e| (e.key.clone(), to_json(&e.value)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

fn v161() -> LintOptions {
    LintOptions {
        gateway_api: GatewayApiRelease::V1_6_1,
        ..LintOptions::default()
    }
}

#[derive(Debug, Clone, Copy)]
struct Box2 {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

fn num(e: &Element, key: &str) -> f64 {
    e.attr(key)
        .unwrap_or_else(|| panic!("<{}> has no {key}", e.name))
        .parse()
        .unwrap()
}

/// The numbers of a path's `d`, in order.
fn path_numbers(d: &str) -> Vec<f64> {
    d.split(|c: char| c.is_ascii_alphabetic() || c == ',' || c == ' ')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect()
}

/// The `data-id` of every node box.
fn node_ids(root: &Element) -> Vec<&str> {
    root.descendants()
        .into_iter()
        .filter(|e| e.attr("class").is_some_and(|c| c.starts_with("node ")))
        .filter_map(|e| e.attr("data-id"))
        .collect()
}

/// The node boxes (`<g class="node ...">`).
fn node_boxes(root: &Element) -> Vec<&Element> {
    root.descendants()
        .into_iter()
        .filter(|e| e.attr("class").is_some_and(|c| c.starts_with("node ")))
        .collect()
}

/// Checks everything the picture promises; returns the parsed root.
fn check_svg(svg: &str) -> Element {
    let root = parse(svg).unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{svg}"));
    assert_eq!(root.name, "svg");
    assert_eq!(root.attr("xmlns"), Some("http://www.w3.org/2000/svg"));
    assert_eq!(root.attr("role"), Some("img"));
    assert_eq!(root.children[0].name, "title", "the <title> comes first");
    assert_eq!(root.children[1].name, "desc", "then the <desc>");
    let labelled = root.attr("aria-labelledby").unwrap();
    for id in labelled.split(' ') {
        assert!(
            root.descendants().iter().any(|e| e.attr("id") == Some(id)),
            "aria-labelledby names a missing id {id}"
        );
    }
    // Self-contained: nothing a strict CSP blocks, nothing loaded from elsewhere.
    for e in root.descendants() {
        assert!(
            ![
                "script",
                "style",
                "foreignObject",
                "image",
                "a",
                "use",
                "iframe"
            ]
            .contains(&e.name.as_str()),
            "<{}> in the picture",
            e.name
        );
        for (key, value) in &e.attributes {
            assert!(
                !key.starts_with("on") && key != "style" && !key.ends_with("href"),
                "attribute {key} on <{}>",
                e.name
            );
            assert!(
                !value.contains("url("),
                "{key}={value:?} refers to something"
            );
        }
    }
    // Node boxes: one rect each; no two top-level boxes overlap, and a box drawn inside
    // another (a listener in its Gateway) lies within it and overlaps none of its siblings.
    let nodes = node_boxes(&root);
    let mut boxes = std::collections::HashMap::new();
    let mut parents = std::collections::HashMap::new();
    for node in &nodes {
        let rect = node.child("rect").unwrap();
        assert!(node.child("title").is_some(), "every node has a tooltip");
        let id = node.attr("id").unwrap().to_owned();
        boxes.insert(id.clone(), box_of(rect));
        parents.insert(id, node.attr("data-parent").map(str::to_owned));
    }
    let width = num(&root, "width");
    let height = num(&root, "height");
    let view_box: Vec<f64> = root
        .attr("viewBox")
        .unwrap()
        .split(' ')
        .map(|n| n.parse().unwrap())
        .collect();
    assert_eq!(view_box, [0.0, 0.0, width, height], "drawn at scale 1");
    let mut all: Vec<(&String, &Box2)> = boxes.iter().collect();
    all.sort_by(|a, b| a.0.cmp(b.0));
    for (i, (ida, a)) in all.iter().enumerate() {
        assert!(
            a.x >= 0.0 && a.y >= 0.0 && a.x + a.w <= width && a.y + a.h <= height,
            "{ida} outside the picture"
        );
        if let Some(parent) = &parents[*ida] {
            let p = boxes[parent];
            assert!(
                a.x >= p.x && a.y >= p.y && a.x + a.w <= p.x + p.w && a.y + a.h <= p.y + p.h,
                "{ida} {a:?} not inside its parent {parent} {p:?}"
            );
        }
        for (idb, b) in &all[i + 1..] {
            if parents[*ida] != parents[*idb] {
                continue;
            }
            assert!(apart(a, b), "{ida} {a:?} overlaps {idb} {b:?}");
        }
    }
    // Edges: start on the border of their first node and end on the border of the other.
    for path in root
        .descendants()
        .into_iter()
        .filter(|e| e.attr("class").is_some_and(|c| c.starts_with("edge ")))
    {
        let from = boxes[path.attr("data-from").unwrap()];
        let to = boxes[path.attr("data-to").unwrap()];
        let n = path_numbers(path.attr("d").unwrap());
        let (sx, sy) = (n[0], n[1]);
        let (ex, ey) = (n[n.len() - 2], n[n.len() - 1]);
        assert!(
            on_border(&from, sx, sy) || on_border(&to, sx, sy),
            "edge starts off its nodes: ({sx},{sy}) vs {from:?}, {to:?}"
        );
        assert!(
            on_border(&to, ex, ey) || on_border(&from, ex, ey),
            "edge ends off its nodes: ({ex},{ey}) vs {from:?} {to:?}"
        );
    }
    // Every text is at least 10 px at the picture's own size.
    let smallest = smallest_font(&root, 16.0);
    assert!(smallest >= 10.0, "text of {smallest} px");
    // The legend shows every state a node has.
    let legend: Vec<&str> = root
        .descendants()
        .into_iter()
        .filter_map(|e| e.attr("class")?.strip_prefix("legend-state "))
        .collect();
    for node in &nodes {
        let state = node.attr("class").unwrap().trim_start_matches("node ");
        assert!(
            state == "more" || legend.contains(&state),
            "state {state} not in the legend {legend:?}"
        );
    }
    root
}

fn box_of(rect: &Element) -> Box2 {
    Box2 {
        x: num(rect, "x"),
        y: num(rect, "y"),
        w: num(rect, "width"),
        h: num(rect, "height"),
    }
}

fn apart(a: &Box2, b: &Box2) -> bool {
    a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y
}

fn on_border(b: &Box2, x: f64, y: f64) -> bool {
    let within_x = x >= b.x && x <= b.x + b.w;
    let within_y = y >= b.y && y <= b.y + b.h;
    ((x == b.x || x == b.x + b.w) && within_y) || ((y == b.y || y == b.y + b.h) && within_x)
}

/// The smallest font size of any text, sizes inherited from the ancestors.
fn smallest_font(e: &Element, inherited: f64) -> f64 {
    let size = e
        .attr("font-size")
        .map_or(inherited, |s| s.parse().unwrap());
    let own = if e.name == "text" {
        size
    } else {
        f64::INFINITY
    };
    e.children
        .iter()
        .map(|c| smallest_font(c, size))
        .fold(own, f64::min)
}

/// Compares with (or, with UPDATE_SNAPSHOTS, writes) `tests/fixtures/preview/<name>.{svg,txt}`.
fn snapshot(name: &str, result: &PreviewResult, stale: &mut Vec<String>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/preview");
    let summary: String = result
        .summary
        .iter()
        .map(|l| format!("#{} [{}] {}\n", l.document_index, l.state.label(), l.text))
        .collect();
    for (ext, got) in [("svg", &result.svg), ("txt", &summary)] {
        let path = dir.join(format!("{name}.{ext}"));
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, got).unwrap();
        } else if std::fs::read_to_string(&path).unwrap_or_default() != *got {
            stale.push(format!("{} differs:\n{got}", path.display()));
        }
    }
}

const EXAMPLES: [&str; 5] = [
    "standard/backendtlspolicy",
    "standard/cross-namespace-routing",
    "standard/simple-http-https",
    "standard/tls-routing",
    "standard/reference-grant.yaml",
];

const SCENARIOS: [&str; 4] = [
    "backendtlspolicy-conflict-resolution",
    "httproute-reference-grant",
    "tlsroute-invalid-no-matching-listener",
    "gateway-secret-reference-grant-specific",
];

/// An upstream example: one file, or every file of a folder in name order.
fn example(path: &str) -> String {
    let path = shared().join("gateway-api/examples/v1.6.1").join(path);
    if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|f| read(f))
            .collect::<Vec<_>>()
            .join("\n---\n")
    } else {
        read(&path)
    }
}

#[test]
fn snapshots_of_upstream_examples_and_scenarios() {
    let mut stale = Vec::new();
    for path in EXAMPLES {
        let result = preview(&example(path), &v161());
        check_svg(&result.svg);
        let name = format!(
            "example-{}",
            path.trim_start_matches("standard/")
                .trim_end_matches(".yaml")
        );
        snapshot(&name, &result, &mut stale);
    }
    for case in SCENARIOS {
        let (text, options) = scenario(case);
        let result = preview(&text, &options);
        check_svg(&result.svg);
        snapshot(&format!("scenario-{case}"), &result, &mut stale);
    }
    assert!(stale.is_empty(), "{}", stale.join("\n"));
}

/// Every upstream example (each file alone) and every scenario: well-formed, no overlaps,
/// edges on their nodes, one summary line per object, and the same bytes twice.
#[test]
fn every_example_and_scenario_draws_cleanly() {
    let mut count = 0;
    for release in ["v1.2.1", "v1.6.1"] {
        let mut stack = vec![shared().join("gateway-api/examples").join(release)];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "yaml") {
                    let text = read(&path);
                    let result = preview(&text, &LintOptions::default());
                    check_svg(&result.svg);
                    let left_right = preview_with_layout(
                        &text,
                        &LintOptions::default(),
                        Layout {
                            direction: PreviewDirection::LeftRight,
                            max_width: 595,
                        },
                    );
                    check_svg(&left_right.svg);
                    assert_eq!(left_right.summary, result.summary);
                    let objects = gwlint::evaluate(&text, &LintOptions::default())
                        .resources
                        .len();
                    assert_eq!(result.summary.len(), objects, "{}", path.display());
                    assert_eq!(preview(&text, &LintOptions::default()), result);
                    count += 1;
                }
            }
        }
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/evaluate_cases");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let case = path.file_stem().unwrap().to_str().unwrap();
            let (text, options) = scenario(case);
            let result = preview(&text, &options);
            check_svg(&result.svg);
            assert_eq!(preview(&text, &options).svg, result.svg, "{case}");
            let left_right = Layout {
                direction: PreviewDirection::LeftRight,
                max_width: 595,
            };
            check_svg(&preview_with_layout(&text, &options, left_right).svg);
            count += 1;
        }
    }
    assert!(
        count > 100,
        "only {count} inputs found; is ../shared there?"
    );
}

/// A TLSRoute through a Passthrough listener to a Service a BackendTLSPolicy secures (also
/// used by pkg-tests/preview.test.mjs).
const PAYMENTS: &str = include_str!("fixtures/preview/payments.yaml");

#[test]
fn a_route_summary_says_where_it_attaches_what_it_reaches_and_what_secures_it() {
    let result = preview(PAYMENTS, &v161());
    let texts: Vec<&str> = result.summary.iter().map(|l| l.text.as_str()).collect();
    assert!(
        texts.contains(
            &"TLSRoute shop/payments -> Gateway infra/edge listener tls-443 (Passthrough), \
              hostname pay.example.com, backend payments:8443, TLS by BackendTLSPolicy payments-tls"
        ),
        "{texts:#?}"
    );
    assert!(
        texts.contains(
            &"BackendTLSPolicy shop/payments-tls -> Service payments, hostname payments.shop.svc, \
              well-known CA System, applies to payments:8443"
        ),
        "{texts:#?}"
    );
    let route = result
        .summary
        .iter()
        .find(|l| l.kind == "TLSRoute")
        .unwrap();
    assert_eq!(route.state, NodeState::Accepted);
    let root = check_svg(&result.svg);
    // The policy box sits right of the Service box it targets, joined by a dashed edge.
    let ids = node_ids(&root);
    for id in [
        "GatewayClass/example",
        "Gateway/infra/edge",
        "Gateway/infra/edge/tls-443",
        "TLSRoute/shop/payments",
        "Service/shop/payments",
        "BackendTLSPolicy/shop/payments-tls",
    ] {
        assert!(ids.contains(&id), "no node {id} in {ids:?}");
    }
    assert!(root
        .descendants()
        .iter()
        .any(|e| e.attr("class") == Some("edge targets")));
}

#[test]
fn a_problem_is_red_and_its_tooltip_and_summary_say_why() {
    let text = PAYMENTS
        .replace("protocol: TLS\n", "protocol: HTTP\n")
        .replace("    tls:\n      mode: Passthrough\n", "");
    let result = preview(&text, &v161());
    let route = result
        .summary
        .iter()
        .find(|l| l.kind == "TLSRoute")
        .unwrap();
    assert_eq!(route.state, NodeState::Problem);
    assert!(
        route.text.contains("-> not attached")
            && route.text.contains("; problem: Accepted=False ("),
        "{}",
        route.text
    );
    let root = check_svg(&result.svg);
    let node = root
        .descendants()
        .into_iter()
        .find(|e| e.attr("data-id") == Some("TLSRoute/shop/payments"))
        .unwrap();
    assert_eq!(node.attr("class"), Some("node problem"));
    let tooltip = &node.child("title").unwrap().text;
    assert!(
        tooltip.starts_with("TLSRoute shop/payments\nproblem: Accepted=False ("),
        "{tooltip}"
    );
    assert_eq!(node.child("rect").unwrap().attr("fill"), Some("#fce8e6"));
}

#[test]
fn user_strings_cannot_inject_markup() {
    let names = ["<script>alert(1)</script>", "\"&'", "]]>x", "a\u{1}b"];
    let mut text = String::new();
    for (i, name) in names.iter().enumerate() {
        let quoted = serde_json::to_string(name).unwrap();
        text.push_str(&format!(
            "---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: {quoted}\n  namespace: {quoted}\nspec:\n  parentRefs:\n  - name: {quoted}\n  hostnames: [{quoted}]\n  rules:\n  - backendRefs:\n    - name: {quoted}\n      port: {p}\n",
            p = 80 + i
        ));
    }
    let result = preview(&text, &v161());
    assert!(!result.svg.contains("<script"), "{}", result.svg);
    assert!(!result.svg.contains("]]>"));
    assert!(!result.svg.contains('\u{1}'));
    let root = check_svg(&result.svg);
    // Escaped, not dropped: the names read back intact (the control character as U+FFFD).
    let ids = node_ids(&root);
    for name in names {
        let name = name.replace('\u{1}', "\u{FFFD}");
        let id = format!("HTTPRoute/{name}/{name}");
        assert!(ids.contains(&id.as_str()), "{id} not in {ids:?}");
    }
    let titles: String = root
        .descendants()
        .iter()
        .filter(|e| e.name == "title")
        .map(|e| e.text.clone())
        .collect();
    assert!(titles.contains("HTTPRoute <script>alert(1)</script>/<script>alert(1)</script>"));
    assert_eq!(result.summary.len(), names.len());
}

/// `gateways` Gateways with two listeners each, then per Gateway `per` routes, Services,
/// BackendTLSPolicies and ReferenceGrants (about 4 * per + 1 objects a Gateway).
fn topology(gateways: usize, per: usize) -> String {
    let mut out = String::from(
        "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n  name: example\nspec:\n  controllerName: example.com/gw\n",
    );
    for g in 0..gateways {
        out.push_str(&format!(
            "---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: gw-{g}\n  namespace: infra\nspec:\n  gatewayClassName: example\n  listeners:\n  - name: http\n    protocol: HTTP\n    port: 80\n    allowedRoutes:\n      namespaces:\n        from: All\n  - name: tls\n    protocol: TLS\n    port: 443\n    tls:\n      mode: Passthrough\n    allowedRoutes:\n      namespaces:\n        from: All\n"
        ));
        for r in 0..per {
            let ns = format!("team-{}", (g * per + r) % 7);
            let (kind, section) = if r % 3 == 0 {
                ("TLSRoute", "tls")
            } else {
                ("HTTPRoute", "http")
            };
            let other = (g + r) % gateways;
            out.push_str(&format!(
                "---\napiVersion: gateway.networking.k8s.io/v1\nkind: {kind}\nmetadata:\n  name: r-{g}-{r}\n  namespace: {ns}\nspec:\n  parentRefs:\n  - name: gw-{g}\n    namespace: infra\n    sectionName: {section}\n  - name: gw-{other}\n    namespace: infra\n    sectionName: {section}\n  hostnames: [\"r{r}.g{g}.example.com\"]\n  rules:\n  - backendRefs:\n    - name: svc-{g}-{r}\n      namespace: backends\n      port: 443\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{g}-{r}\n  namespace: backends\nspec:\n  ports:\n  - name: https\n    port: 443\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: BackendTLSPolicy\nmetadata:\n  name: tls-{g}-{r}\n  namespace: backends\nspec:\n  targetRefs:\n  - group: \"\"\n    kind: Service\n    name: svc-{g}-{r}\n  validation:\n    hostname: svc.example.com\n    wellKnownCACertificates: System\n---\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata:\n  name: grant-{g}-{r}\n  namespace: backends\nspec:\n  from:\n  - group: gateway.networking.k8s.io\n    kind: {kind}\n    namespace: {ns}\n  to:\n  - group: \"\"\n    kind: Service\n    name: svc-{g}-{r}\n"
            ));
        }
    }
    out
}

#[test]
fn five_hundred_objects_are_all_drawn() {
    let text = topology(8, 15); // 1 + 8 * (1 + 4 * 15) = 489 objects
    let result = preview(&text, &v161());
    assert_eq!(result.summary.len(), 489);
    assert_eq!(result.omitted_nodes, 0);
    let root = check_svg(&result.svg);
    let nodes = node_boxes(&root).len();
    // Every object, plus one box per listener.
    assert_eq!(nodes, 489 + 16);
    assert!(num(&root, "width") <= 960.0, "the default width");
    edges_avoid_boxes(&root, "500 objects");
    assert!(
        result.summary.iter().all(|l| l.state != NodeState::Problem),
        "{:#?}",
        result
            .summary
            .iter()
            .filter(|l| l.state == NodeState::Problem)
            .collect::<Vec<_>>()
    );
    assert_eq!(preview(&text, &v161()), result);
}

#[test]
fn beyond_the_limit_columns_are_summarised_and_the_picture_stays_bounded() {
    let text = topology(40, 20); // 3,241 objects
    let result = preview(&text, &v161());
    assert_eq!(result.summary.len(), 3241);
    assert!(result.omitted_nodes > 0);
    let root = check_svg(&result.svg);
    let boxes = node_boxes(&root);
    let more: Vec<&&Element> = boxes
        .iter()
        .filter(|e| e.attr("class") == Some("node more"))
        .collect();
    assert!(!more.is_empty());
    assert!(more[0].child("title").unwrap().text.contains("more"));
    // At most MAX_NODES_PER_COLUMN boxes in each of the 6 columns drawn.
    assert!(
        boxes.len() <= 6 * MAX_NODES_PER_COLUMN,
        "{} boxes",
        boxes.len()
    );
    let height = num(&root, "height");
    assert!(
        height <= (MAX_NODES_PER_COLUMN as f64) * 110.0,
        "height {height}"
    );
    assert!(result.svg.len() < 4_000_000, "{} bytes", result.svg.len());
}

#[test]
fn empty_and_unreadable_inputs_still_give_a_picture() {
    for text in ["", "not: [yaml", "---\n---\n", "kind: Gateway\n"] {
        let result = preview(text, &LintOptions::default());
        let root = check_svg(&result.svg);
        assert!(
            root.children[1].text.starts_with("0 topology nodes"),
            "{text:?}"
        );
    }
}

/// The playground's panel at a 1280 px window.
const PANEL: u32 = 595;

fn top_down(max_width: u32) -> Layout {
    Layout {
        direction: PreviewDirection::TopDown,
        max_width,
    }
}

/// The inputs a playground user starts from: its samples, every upstream example file, each
/// folder of examples as one input, and generated topologies of about 30 objects; each with
/// its object count.
fn small_inputs() -> Vec<(String, String)> {
    let mut inputs = Vec::new();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/samples");
    for entry in std::fs::read_dir(&samples).unwrap() {
        let path = entry.unwrap().path();
        inputs.push((path.display().to_string(), read(&path)));
    }
    for release in ["v1.2.1", "v1.6.1"] {
        let mut stack = vec![shared().join("gateway-api/examples").join(release)];
        while let Some(dir) = stack.pop() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            files.sort();
            let mut joined = Vec::new();
            for path in files {
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "yaml") {
                    let text = read(&path);
                    joined.push(text.clone());
                    inputs.push((path.display().to_string(), text));
                }
            }
            inputs.push((dir.display().to_string(), joined.join("\n---\n")));
        }
    }
    inputs.push(("7 routes to 7 Services".to_owned(), topology(1, 7)));
    inputs.push(("2 Gateways, 3 routes each".to_owned(), topology(2, 3)));
    inputs
}

/// The measure: at the panel's width the whole picture is as wide as the panel at
/// most, drawn at scale 1, so its smallest text (checked by `check_svg`) stays 10 px; the
/// same at other widths. Prints the heights.
#[test]
fn top_down_pictures_fit_the_panel_with_text_of_10_px() {
    let mut tallest = (0.0, String::new());
    let mut count = 0;
    for (name, text) in small_inputs() {
        let objects = gwlint::evaluate(&text, &v161()).resources.len();
        if objects > 30 {
            continue;
        }
        for max_width in [240, 400, PANEL, 1280] {
            let result = preview_with_layout(&text, &v161(), top_down(max_width));
            let root = check_svg(&result.svg);
            let width = num(&root, "width");
            assert!(
                width <= f64::from(max_width),
                "{name}: {width} > {max_width}"
            );
            for node in node_boxes(&root) {
                let b = box_of(node.child("rect").unwrap());
                assert!(b.x + b.w <= width, "{name}: {b:?} beyond {width}");
            }
            edges_avoid_boxes(&root, &name);
            let height = num(&root, "height");
            if max_width == PANEL && height > tallest.0 {
                tallest = (height, format!("{name} ({objects} objects)"));
            }
        }
        count += 1;
    }
    assert!(count > 60, "only {count} inputs; is ../shared there?");
    println!(
        "{count} inputs of up to 30 objects at {PANEL} px: tallest {} px, {}",
        tallest.0, tallest.1
    );
}

/// Every segment of an edge (a straight line, or the box around a curve) stays clear of the
/// boxes other than its two ends and the boxes they are drawn in.
fn edges_avoid_boxes(root: &Element, name: &str) {
    let nodes = node_boxes(root);
    let outer = |id: &str| -> Vec<String> {
        let node = nodes.iter().find(|n| n.attr("id") == Some(id)).unwrap();
        let mut ids = vec![id.to_owned()];
        ids.extend(node.attr("data-parent").map(str::to_owned));
        ids
    };
    for path in root
        .descendants()
        .into_iter()
        .filter(|e| e.attr("class").is_some_and(|c| c.starts_with("edge ")))
    {
        let mut ends = outer(path.attr("data-from").unwrap());
        ends.extend(outer(path.attr("data-to").unwrap()));
        let d = path.attr("d").unwrap();
        let mut commands: Vec<(char, String)> = Vec::new();
        for c in d.chars() {
            if c.is_ascii_alphabetic() {
                commands.push((c, String::new()));
            } else if let Some((_, args)) = commands.last_mut() {
                args.push(c);
            }
        }
        let points: Vec<(f64, f64)> = commands
            .iter()
            .map(|(_, args)| {
                let n = path_numbers(args);
                (n[n.len() - 2], n[n.len() - 1])
            })
            .collect();
        for pair in points.windows(2) {
            let (a, b): ((f64, f64), (f64, f64)) = (pair[0], pair[1]);
            let (left, right) = (a.0.min(b.0), a.0.max(b.0));
            let (top, bottom) = (a.1.min(b.1), a.1.max(b.1));
            for node in &nodes {
                let id = node.attr("id").unwrap();
                if ends.iter().any(|e| e == id) || node.attr("data-parent").is_some() {
                    continue;
                }
                let r = box_of(node.child("rect").unwrap());
                // A vertical or horizontal line is thin: it crosses a box it enters.
                let crosses = right.max(left + 0.5) > r.x
                    && left < r.x + r.w
                    && bottom.max(top + 0.5) > r.y
                    && top < r.y + r.h;
                assert!(!crosses, "{name}: edge {d} crosses {id} {r:?}");
            }
        }
    }
}

#[test]
fn objects_not_in_the_cluster_have_the_status_tabs_mark_and_a_legend_entry() {
    // `tls.mode: passthrough` is not an allowed value: the API server rejects this Gateway.
    let text = "apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  gatewayClassName: c
  listeners:
  - name: http
    protocol: HTTP
    port: 80
    tls:
      mode: passthrough
";
    let result = preview_with_layout(text, &v161(), top_down(PANEL));
    let root = check_svg(&result.svg);
    let gateway = node_boxes(&root)
        .into_iter()
        .find(|n| {
            n.attr("data-id") == Some("Gateway/default/gw")
                || n.attr("data-kind") == Some("Gateway")
        })
        .unwrap();
    assert_eq!(gateway.attr("class"), Some("node not-in-cluster"));
    let rect = gateway.child("rect").unwrap();
    assert!(rect.attr("stroke-dasharray").is_some(), "dashed");
    let texts: Vec<&str> = gateway
        .children
        .iter()
        .filter(|c| c.name == "text")
        .map(|c| c.text.as_str())
        .collect();
    assert!(texts.contains(&"✗"), "{texts:?}");
    let legend: Vec<String> = root
        .descendants()
        .into_iter()
        .filter(|e| e.name == "text" && e.text.ends_with("not in the cluster"))
        .map(|e| e.text.clone())
        .collect();
    assert_eq!(legend, ["✗ not in the cluster"]);
}

#[test]
fn listeners_are_drawn_inside_their_gateway_top_down_and_as_columns_left_to_right() {
    let inner = |direction| {
        let result = preview_with_layout(
            PAYMENTS,
            &v161(),
            Layout {
                direction,
                max_width: PANEL,
            },
        );
        let root = check_svg(&result.svg);
        let listener = node_boxes(&root)
            .into_iter()
            .find(|n| n.attr("data-kind") == Some("Listener"))
            .unwrap()
            .clone();
        let gateway = node_boxes(&root)
            .into_iter()
            .find(|n| n.attr("data-kind") == Some("Gateway"))
            .unwrap()
            .clone();
        (listener, gateway, num(&root, "width"))
    };
    let (listener, gateway, width) = inner(PreviewDirection::TopDown);
    assert_eq!(listener.attr("data-parent"), gateway.attr("id"));
    assert!(width <= f64::from(PANEL));
    let line = &listener
        .children
        .iter()
        .find(|c| c.name == "text")
        .unwrap()
        .text;
    assert!(line.starts_with("tls-443 · TLS/443"), "{line}");
    let (listener, gateway, width) = inner(PreviewDirection::LeftRight);
    assert_eq!(listener.attr("data-parent"), None);
    let (l, g) = (
        box_of(listener.child("rect").unwrap()),
        box_of(gateway.child("rect").unwrap()),
    );
    assert!(l.x > g.x + g.w, "a column to the right: {l:?} {g:?}");
    assert!(width > f64::from(PANEL), "as wide as its columns: {width}");
}

#[test]
fn layout_options_are_checked() {
    let options = |json: serde_json::Value| -> Result<Layout, String> {
        serde_json::from_value::<PreviewOptions>(json)
            .map_err(|e| e.to_string())?
            .layout()
    };
    assert_eq!(options(serde_json::json!({})), Ok(Layout::default()));
    assert_eq!(
        options(
            serde_json::json!({"maxWidth": 595, "direction": "left-right", "gatewayApi": "v1.6.1"})
        ),
        Ok(Layout {
            direction: PreviewDirection::LeftRight,
            max_width: 595
        })
    );
    for (bad, shown) in [
        (serde_json::json!(239), "239"),
        (serde_json::json!(20_001), "20001"),
        (serde_json::json!(595.5), "595.5"),
        (serde_json::json!(-1), "-1"),
        (serde_json::json!("595"), "\"595\""),
        (serde_json::json!([595]), "[595]"),
    ] {
        assert_eq!(
            options(serde_json::json!({ "maxWidth": bad })),
            Err(format!(
                "maxWidth must be a whole number from 240 to 20000; got {shown}"
            ))
        );
    }
    assert_eq!(
        options(serde_json::json!({"maxWidth": null})),
        Ok(Layout::default())
    );
    assert!(options(serde_json::json!({"direction": "bottom-up"}))
        .unwrap_err()
        .contains("unknown variant `bottom-up`"));
}

/// A `Linter`'s preview draws what `preview` draws, for every upstream example and scenario:
/// fresh, after an evaluation of the same text (which it reuses), and after an edit of the text
/// (which it does not).
#[test]
fn a_linters_preview_equals_the_stateless_one() {
    let layout = Layout {
        direction: PreviewDirection::TopDown,
        max_width: 595,
    };
    let mut inputs: Vec<(String, LintOptions)> = Vec::new();
    let mut stack = vec![shared().join("gateway-api/examples/v1.6.1")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                inputs.push((read(&path), LintOptions::default()));
            }
        }
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/evaluate_cases");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            inputs.push(scenario(path.file_stem().unwrap().to_str().unwrap()));
        }
    }
    assert!(inputs.len() > 50, "only {} inputs", inputs.len());
    for (text, options) in &inputs {
        let expected = preview_with_layout(text, options, layout);
        let mut linter = gwlint::Linter::new(options.clone());
        assert_eq!(preview_with_linter(&mut linter, text, layout), expected);
        let mut linter = gwlint::Linter::new(options.clone());
        let evaluation = linter.evaluate(text);
        assert_eq!(
            serde_json::to_string(&evaluation).unwrap(),
            serde_json::to_string(&gwlint::evaluate(text, options)).unwrap()
        );
        assert_eq!(preview_with_linter(&mut linter, text, layout), expected);
        // An edit: a document appended that renames nothing, then the original text again.
        let edited = format!(
            "{text}\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: appended-by-test\n"
        );
        assert_eq!(
            preview_with_linter(&mut linter, &edited, layout),
            preview_with_layout(&edited, options, layout)
        );
        assert_eq!(preview_with_linter(&mut linter, text, layout), expected);
    }
}
