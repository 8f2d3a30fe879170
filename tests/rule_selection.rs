//! The `rules` option and the suppression comments, through `lint` and `evaluate`.

use gwlint::options::RuleLevel;
use gwlint::{evaluate, lint, LintOptions, Linter, Severity};

const TEXT: &str = "apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  gatewayClassName: c
  listeners:
  - name: a
    # gwlint-disable-next-line schema/minimum
    port: 0
    protocol: HTTP
  - name: b
    port: 0
    protocol: HTTP
---
# gwlint-disable resource/unknown-kind
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
---
apiVersion: example.com/v1
kind: Gadget
metadata:
  name: g
";

fn codes_and_lines(diagnostics: &[gwlint::Diagnostic]) -> Vec<(String, u32, Severity)> {
    diagnostics
        .iter()
        .map(|d| (d.code.clone(), d.range.start.line, d.severity))
        .collect()
}

#[test]
fn comments_drop_a_code_on_the_next_line_or_in_one_document() {
    let result = lint(TEXT, &LintOptions::default());
    let found = codes_and_lines(&result.diagnostics);
    assert!(
        !found
            .iter()
            .any(|(c, l, _)| c == "schema/minimum" && *l == 9),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(c, l, _)| c == "schema/minimum" && *l == 12),
        "{found:?}"
    );
    let unknown: Vec<u32> = found
        .iter()
        .filter(|(c, _, _)| c == "resource/unknown-kind")
        .map(|(_, l, _)| *l)
        .collect();
    assert_eq!(
        unknown,
        vec![22],
        "only the Gadget's document keeps the note"
    );
}

#[test]
fn the_rules_option_turns_codes_off_or_sets_their_level_in_lint_and_evaluate() {
    let mut options = LintOptions::default();
    options
        .rules
        .insert("schema/minimum".to_owned(), RuleLevel::Warning);
    options
        .rules
        .insert("resource/unknown-kind".to_owned(), RuleLevel::Off);
    let linted = lint(TEXT, &options);
    let found = codes_and_lines(&linted.diagnostics);
    assert!(found.iter().all(|(c, _, _)| c != "resource/unknown-kind"));
    assert!(found
        .iter()
        .any(|(c, l, s)| c == "schema/minimum" && *l == 12 && *s == Severity::Warning));
    let evaluated = evaluate(TEXT, &options);
    assert_eq!(
        codes_and_lines(&evaluated.diagnostics)
            .into_iter()
            .filter(|(c, _, _)| c.starts_with("schema/") || c.starts_with("resource/"))
            .collect::<Vec<_>>(),
        found
            .into_iter()
            .filter(|(c, _, _)| c.starts_with("schema/") || c.starts_with("resource/"))
            .collect::<Vec<_>>()
    );
    let mut linter = Linter::new(options.clone());
    assert_eq!(
        serde_json::to_string(&linter.lint(TEXT)).unwrap_or_default(),
        serde_json::to_string(&linted).unwrap_or_default()
    );
}

#[test]
fn a_complete_input_makes_missing_references_errors() {
    let text = "apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: r
spec:
  parentRefs:
  - name: nowhere
  rules:
  - backendRefs:
    - name: missing
      port: 80
";
    let missing = |options: &LintOptions| -> Vec<Severity> {
        evaluate(text, options)
            .diagnostics
            .into_iter()
            .filter(|d| d.message.contains("not found in the input"))
            .map(|d| d.severity)
            .collect()
    };
    assert_eq!(
        missing(&LintOptions::default()),
        vec![Severity::Warning, Severity::Warning]
    );
    let complete = LintOptions {
        references: gwlint::options::References::Error,
        ..LintOptions::default()
    };
    assert_eq!(missing(&complete), vec![Severity::Error, Severity::Error]);
}
