//! The incremental `Linter` gives exactly what the stateless functions give, over random edit
//! sequences: inserts, deletes, reordered documents, edits inside a document and above it,
//! duplicated documents, and option changes. The stateless functions start from an empty
//! cache, so any result that survives an edit wrongly (a stale position, document index,
//! release or option) shows up as a difference.

use std::path::{Path, PathBuf};

use gwlint::{evaluate, lint, ChannelOption, GatewayApiRelease, LintOptions, Linter, ProfileName};

fn shared() -> PathBuf {
    std::env::var_os("GWLINT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

/// A small deterministic generator (xorshift64*), so a failure reproduces from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn pick<T: Clone + Default>(&mut self, items: &[T]) -> T {
        let at = self.below(items.len());
        items.get(at).cloned().unwrap_or_default()
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn corpus() -> Vec<String> {
    let mut texts = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in [root.join("www/samples"), root.join("tests/fixtures/lint")] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        for file in files {
            if file.extension().is_some_and(|e| e == "yaml") {
                texts.push(std::fs::read_to_string(&file).unwrap_or_default());
            }
        }
    }
    for name in [
        "v1.6.1/standard/http-routing.yaml",
        "v1.6.1/standard/backendtlspolicy/backendtlspolicy.yaml",
        "v1.2.1/experimental/tls-routing.yaml",
    ] {
        if let Ok(text) = std::fs::read_to_string(shared().join("gateway-api/examples").join(name))
        {
            texts.push(text);
        }
    }
    texts.retain(|t| !t.is_empty());
    assert!(texts.len() >= 5, "the corpus has {} texts", texts.len());
    texts
}

/// Snippets an edit inserts: values, keys, broken YAML, document markers, non-ASCII text, a
/// CRD's release annotation (which changes the release of every document under `auto`).
const SNIPPETS: [&str; 14] = [
    "x",
    "0",
    "\n",
    "  ",
    "---\n",
    "\n---\n",
    ": ",
    "- ",
    "\"",
    "é😀",
    "\nextra: 1\n",
    "  port: 0\n",
    "metadata:\n  annotations:\n    gateway.networking.k8s.io/bundle-version: v1.2.1\n",
    "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: g\nspec:\n  gatewayClassName: c\n  listeners:\n  - name: a\n    port: 80\n    protocol: HTTP\n",
];

fn before(text: &str, at: usize) -> &str {
    text.get(..at).unwrap_or(text)
}

fn after(text: &str, at: usize) -> &str {
    text.get(at..).unwrap_or("")
}

fn char_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn documents(text: &str) -> Vec<String> {
    let mut docs = Vec::new();
    let mut current = String::new();
    for line in text.split_inclusive('\n') {
        if line.starts_with("---") && !current.is_empty() {
            docs.push(std::mem::take(&mut current));
        }
        current.push_str(line);
    }
    if !current.is_empty() {
        docs.push(current);
    }
    docs
}

fn edit(rng: &mut Rng, text: &str, corpus: &[String]) -> String {
    match rng.below(7) {
        // Insert a snippet anywhere.
        0 | 1 => {
            let at = char_boundary(text, rng.below(text.len() + 1));
            let snippet = rng.pick(&SNIPPETS);
            format!("{}{snippet}{}", before(text, at), after(text, at))
        }
        // Delete a short range.
        2 => {
            let start = char_boundary(text, rng.below(text.len() + 1));
            let end = char_boundary(text, start + rng.below(12));
            format!("{}{}", before(text, start), after(text, end))
        }
        // Reorder two documents.
        3 => {
            let mut docs = documents(text);
            if docs.len() > 1 {
                let a = rng.below(docs.len());
                let b = rng.below(docs.len());
                docs.swap(a, b);
            }
            normalize_markers(docs)
        }
        // Duplicate a document.
        4 => {
            let mut docs = documents(text);
            if let Some(doc) = docs.get(rng.below(docs.len())).cloned() {
                let at = rng.below(docs.len() + 1);
                docs.insert(at, doc);
            }
            normalize_markers(docs)
        }
        // Change a digit inside a document (a value edit that keeps the YAML readable).
        5 => {
            let digits: Vec<usize> = text
                .char_indices()
                .filter(|(_, c)| c.is_ascii_digit())
                .map(|(i, _)| i)
                .collect();
            match digits.get(rng.below(digits.len())) {
                Some(&i) => format!("{}{}{}", before(text, i), rng.below(10), after(text, i + 1)),
                None => text.to_owned(),
            }
        }
        // Append a document from another text.
        _ => {
            let other = rng.pick(corpus);
            format!("{text}\n---\n{other}")
        }
    }
}

/// Joins documents so each starts with a marker line.
fn normalize_markers(docs: Vec<String>) -> String {
    let mut out = String::new();
    for doc in docs {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        if !doc.starts_with("---") && !out.is_empty() {
            out.push_str("---\n");
        }
        out.push_str(&doc);
    }
    out
}

fn random_options(rng: &mut Rng) -> LintOptions {
    let releases = [
        GatewayApiRelease::Auto,
        GatewayApiRelease::V1_2_1,
        GatewayApiRelease::V1_4_1,
        GatewayApiRelease::V1_6_1,
    ];
    let channels = [
        ChannelOption::Auto,
        ChannelOption::Standard,
        ChannelOption::Experimental,
    ];
    LintOptions {
        gateway_api: rng.pick(&releases),
        channel: rng.pick(&channels),
        cel: rng.below(4) != 0,
        namespace: if rng.below(3) == 0 {
            Some("team-a".to_owned())
        } else {
            None
        },
        profile: if rng.below(4) == 0 {
            ProfileName::AwsVpcLattice
        } else {
            ProfileName::Upstream
        },
        policies: if rng.below(3) == 0 {
            Some(POLICIES.to_owned())
        } else {
            None
        },
        ..LintOptions::default()
    }
}

/// A small `policies` text: Gateway listeners must use HTTPS, routes must name a hostname
/// (warned), and a binding whose params select ConfigMaps.
const POLICIES: &str = r#"apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: https-only
spec:
  matchConstraints:
    resourceRules:
    - apiGroups: ["gateway.networking.k8s.io"]
      apiVersions: ["*"]
      operations: ["CREATE", "UPDATE"]
      resources: ["gateways", "httproutes"]
  variables:
  - name: listeners
    expression: "has(object.spec.listeners) ? object.spec.listeners : []"
  validations:
  - expression: "variables.listeners.all(l, l.protocol == 'HTTPS')"
    messageExpression: "'listeners must use HTTPS: ' + object.metadata.name"
  - expression: "request.kind.kind != 'HTTPRoute' || has(object.spec.hostnames)"
    message: "routes name their hostnames"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: https-only-binding
spec:
  policyName: https-only
  validationActions: [Warn]
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: https-only-deny
spec:
  policyName: https-only
  validationActions: [Deny, Audit]
  matchResources:
    namespaceSelector:
      matchLabels:
        kubernetes.io/metadata.name: default
"#;

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

#[test]
fn random_edit_sequences_give_the_stateless_results() {
    let corpus = corpus();
    let mut checked = 0;
    for seed in 1..=24u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let mut options = random_options(&mut rng);
        let mut linter = Linter::new(options.clone());
        let mut text = rng.pick(&corpus);
        for step in 0..30 {
            if rng.below(10) == 0 {
                options = random_options(&mut rng);
                linter.set_options(options.clone());
            }
            text = edit(&mut rng, &text, &corpus);
            if text.len() > 200_000 {
                text = rng.pick(&corpus);
            }
            let incremental = linter.lint(&text);
            let fresh = lint(&text, &options);
            assert_eq!(
                json(&incremental),
                json(&fresh),
                "seed {seed}, step {step}: lint differs for options {options:?} on\n{text}"
            );
            if step % 5 == 4 {
                let incremental = linter.evaluate(&text);
                let fresh = evaluate(&text, &options);
                assert_eq!(
                    json(&incremental),
                    json(&fresh),
                    "seed {seed}, step {step}: evaluate differs for options {options:?} on\n{text}"
                );
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 24 * 30);
}

#[test]
fn a_moved_document_keeps_its_findings_at_its_new_place() {
    let bad = "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: g\nspec:\n  listeners: []\n";
    let mut linter = Linter::new(LintOptions::default());
    let first = linter.lint(bad);
    let moved_text = format!("# a comment\n\n{bad}");
    let moved = linter.lint(&moved_text);
    assert_eq!(first.diagnostics.len(), moved.diagnostics.len());
    for (a, b) in first.diagnostics.iter().zip(&moved.diagnostics) {
        assert_eq!(a.message, b.message);
        assert_eq!(a.range.start.line + 2, b.range.start.line);
        assert_eq!(a.offsets.start + 13, b.offsets.start);
    }
    // A duplicate key's message quotes its line in the whole text.
    let duplicate = "a: 1\n---\nb: 1\nb: 2\n";
    let mut linter = Linter::new(LintOptions::default());
    let _ = linter.lint(duplicate);
    let shifted = format!("x: 0\n---\n{duplicate}");
    let result = linter.lint(&shifted);
    assert!(
        result
            .diagnostics
            .iter()
            .any(|d| d.message == "line 6: key \"b\" already set in map"),
        "{:?}",
        result.diagnostics
    );
}
