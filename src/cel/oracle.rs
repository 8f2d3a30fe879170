//! The plain rule evaluation path, as it was before values were shared and rules compiled
//! once per node: kept for tests, as the oracle the fast path must agree with exactly
//! (verdicts, messages, paths, spans and the rules traced).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use cel::{Context, Program, Value as CelValue};

use super::library::{plain_environment, with_library};
use super::rules::{correlate, is_transition_rule, parse_field_path, rule_text, span_for, to_cel};
use crate::diagnostics::{field_path, Finding, PathSegment, Severity, Source};
use crate::schema::messages::go_quote;
use crate::schema::{AdditionalProperties, Registry, SchemaNode, ValidationRule};
use crate::source::ByteSpan;
use crate::yaml::{Node, Value};

thread_local! {
    static PLAIN_PROGRAMS: RefCell<HashMap<String, Result<Arc<Program>, String>>> =
        RefCell::new(HashMap::new());
}

/// `rule` compiled with the standard library's `matches`.
fn plain_compile(rule: &str) -> Result<Arc<Program>, String> {
    PLAIN_PROGRAMS.with(|cache| {
        cache
            .borrow_mut()
            .entry(rule.to_owned())
            .or_insert_with(|| {
                plain_environment()
                    .compile(rule)
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
            .clone()
    })
}

/// [`super::evaluate_rules_traced`] the plain way.
pub fn evaluate_rules_plain(
    root: &Node,
    schema: usize,
    registry: &Registry,
    previous: Option<&Node>,
    trace: &mut dyn FnMut(&str, bool),
) -> Vec<Finding> {
    let context = with_library(plain_environment());
    let mut walker = Walker {
        registry,
        context: &context,
        path: Vec::new(),
        findings: Vec::new(),
        trace,
        spent: 0,
        exhausted: false,
    };
    walker.node(root, schema, previous, root.span);
    let mut seen = std::collections::HashSet::new();
    walker.findings.retain(|f| seen.insert(f.message.clone()));
    walker.findings
}

struct Walker<'a> {
    registry: &'a Registry,
    context: &'a Context<'static, 'static>,
    path: Vec<PathSegment>,
    findings: Vec<Finding>,
    trace: &'a mut dyn FnMut(&str, bool),
    /// Estimated cost spent on this object so far (see [`estimated_cost`]).
    spent: u64,
    /// Set once the budget ran out: no further rule runs, as in the API server.
    exhausted: bool,
}

/// The API server's runtime cost budget for all CEL rules of one object
/// (`RuntimeCELCostBudget`, apiextensions-apiserver).
pub const RUNTIME_COST_BUDGET: u64 = 10_000_000;

/// Macros that iterate over a list or map.
const COMPREHENSIONS: [&str; 5] = [".all(", ".exists(", ".exists_one(", ".map(", ".filter("];

/// An estimate of what evaluating `rule` over a value costs: one unit per node of the value
/// (`nodes`), times the number of its elements (`len`, for a list or map) for every
/// comprehension nested beyond the first (each may visit the value again per element). The
/// interpreter has no cost meter of its own; this bounds the work per object the way the API
/// server's budget does.
pub fn estimated_cost(rule: &str, nodes: usize, len: usize) -> u64 {
    let nested = COMPREHENSIONS
        .iter()
        .map(|c| rule.matches(c).count())
        .sum::<usize>()
        .clamp(1, 3);
    let nodes = u64::try_from(nodes).unwrap_or(u64::MAX).max(1);
    let len = u64::try_from(len).unwrap_or(u64::MAX).max(1);
    nodes.saturating_mul(len.saturating_pow(u32::try_from(nested - 1).unwrap_or(2)))
}

impl Walker<'_> {
    fn node(&mut self, node: &Node, id: usize, old: Option<&Node>, key_span: ByteSpan) {
        if node.value == Value::Null {
            return;
        }
        let registry = self.registry;
        let s = registry.node(id);
        if !s.validations.is_empty() {
            self.rules(node, id, s, old, key_span);
        }
        match &node.value {
            Value::Map(entries) => {
                for entry in entries {
                    let child = s.property(&entry.key).or(match &s.additional_properties {
                        Some(AdditionalProperties::Schema(c)) => Some(*c),
                        _ => None,
                    });
                    let Some(child) = child else {
                        continue;
                    };
                    let old_child = old.and_then(|o| o.get(&entry.key));
                    self.path.push(PathSegment::Key(entry.key.clone()));
                    self.node(&entry.value, child, old_child, entry.key_span);
                    self.path.pop();
                }
            }
            Value::Seq(items) => {
                let Some(item_schema) = s.items else {
                    return;
                };
                for (i, item) in items.iter().enumerate() {
                    let old_item = old.and_then(|o| correlate(o, item, s));
                    self.path.push(PathSegment::Index(i));
                    self.node(item, item_schema, old_item, item.span);
                    self.path.pop();
                }
            }
            _ => {}
        }
    }

    fn rules(
        &mut self,
        node: &Node,
        id: usize,
        s: &SchemaNode,
        old: Option<&Node>,
        key_span: ByteSpan,
    ) {
        // `self` (and `oldSelf`) are converted once per node and shared by all its rules.
        let mut scope = self.context.new_inner_scope();
        scope.add_variable_as_val("self", to_cel(node, id, self.registry));
        let has_old = old.is_some();
        if let Some(old) = old {
            scope.add_variable_as_val("oldSelf", to_cel(old, id, self.registry));
        }
        let nodes = node.count();
        let len = match &node.value {
            Value::Seq(items) => items.len(),
            Value::Map(entries) => entries.len(),
            _ => 1,
        };
        for rule in &s.validations {
            if self.exhausted {
                return;
            }
            self.spent = self
                .spent
                .saturating_add(estimated_cost(&rule.rule, nodes, len));
            if self.spent > RUNTIME_COST_BUDGET {
                self.exhausted = true;
                self.findings.push(
                    Finding::new(
                        "cel/cost-budget-exceeded",
                        Severity::Error,
                        Source::Cel,
                        "validation failed due to running out of cost budget, no further validation rules will be run",
                        key_span,
                    )
                    .with_path(self.path.clone())
                    .with_help(format!(
                        "the estimated cost of the CEL rules on this object exceeds the API server's budget of {RUNTIME_COST_BUDGET}"
                    )),
                );
                return;
            }
            let transition = is_transition_rule(&rule.rule);
            if transition && !has_old {
                continue;
            }
            let program = match plain_compile(&rule.rule) {
                Ok(p) => p,
                Err(error) => {
                    self.report(
                        rule,
                        s,
                        format!("compilation failed: {error}"),
                        key_span,
                        "cel/compile-error",
                    );
                    continue;
                }
            };
            let outcome = program.execute(&scope);
            if let Ok(CelValue::Bool(passed)) = outcome {
                (self.trace)(&rule.rule, passed);
            }
            match outcome {
                Ok(CelValue::Bool(true)) => {}
                Ok(CelValue::Bool(false)) => {
                    // messageExpression, when it evaluates to a non-empty string, replaces the
                    // message, as in the API server.
                    let from_expression = rule.message_expression.as_deref().and_then(|expr| {
                        match plain_compile(expr).ok()?.execute(&scope) {
                            Ok(CelValue::String(text)) if !text.trim().is_empty() => {
                                Some(text.trim().to_owned())
                            }
                            _ => None,
                        }
                    });
                    let detail = match (from_expression, rule.message.as_deref().map(str::trim)) {
                        (Some(text), _) => text,
                        (None, Some(message)) if !message.is_empty() => message.to_owned(),
                        _ => format!("failed rule: {}", rule.rule.trim()),
                    };
                    self.report(rule, s, detail, span_for(node, key_span), "cel/rule");
                }
                Ok(other) => {
                    let detail = format!(
                        "rule did not evaluate to a bool: {}: got {}",
                        rule.rule.trim(),
                        other.type_of()
                    );
                    self.report(
                        rule,
                        s,
                        detail,
                        span_for(node, key_span),
                        "cel/evaluation-error",
                    );
                }
                Err(error) => {
                    // The API server's wording: `<error> evaluating rule: <message or rule>`.
                    let error = match &error {
                        // Library functions carry cel-go's own error text.
                        cel::ExecutionError::FunctionError { message, .. } => message.clone(),
                        other => {
                            let text = other.to_string();
                            match text.strip_prefix("No such key") {
                                Some(rest) => format!("no such key{rest}"),
                                None => text,
                            }
                        }
                    };
                    let detail = format!("{error} evaluating rule: {}", rule_text(rule));
                    self.report(
                        rule,
                        s,
                        detail,
                        span_for(node, key_span),
                        "cel/evaluation-error",
                    );
                }
            }
        }
    }

    fn report(
        &mut self,
        rule: &ValidationRule,
        s: &SchemaNode,
        detail: String,
        span: ByteSpan,
        code: &'static str,
    ) {
        let mut path = self.path.clone();
        if let Some(extra) = rule.field_path.as_deref() {
            path.extend(parse_field_path(extra));
        }
        let field = field_path(&path);
        let ty = s.ty.as_deref().unwrap_or("object");
        let message = match rule.reason.as_deref() {
            Some("FieldValueForbidden") => format!("{field}: Forbidden: {detail}"),
            Some("FieldValueRequired") => format!("{field}: Required value: {detail}"),
            Some("FieldValueDuplicate") => format!("{field}: Duplicate value: {}", go_quote(ty)),
            _ => format!("{field}: Invalid value: {}: {detail}", go_quote(ty)),
        };
        self.findings.push(
            Finding::new(code, Severity::Error, Source::Cel, message, span)
                .with_path(path)
                .with_help(format!(
                    "x-kubernetes-validations rule: {}",
                    rule.rule.trim()
                )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cel::rules::{evaluate_rules_traced, to_cel_borrowed, CelContext};
    use crate::schema::defaults::apply_defaults;
    use crate::schema::Channel;
    use crate::yaml::Entry;

    fn parse_one(text: &str) -> Option<Node> {
        let index = crate::source::LineIndex::new(text);
        crate::yaml::parse_stream(&index)
            .into_iter()
            .next()
            .and_then(|d| d.root)
    }

    /// `node` with every leaf passed through `leaf`, and every map and list through `shape`.
    fn rewrite(node: &Node, leaf: &dyn Fn(&Value) -> Value, shape: &dyn Fn(&mut Value)) -> Node {
        let mut value = match &node.value {
            Value::Map(entries) => Value::Map(
                entries
                    .iter()
                    .map(|e| Entry {
                        key: e.key.clone(),
                        key_span: e.key_span,
                        value: rewrite(&e.value, leaf, shape),
                    })
                    .collect(),
            ),
            Value::Seq(items) => {
                Value::Seq(items.iter().map(|i| rewrite(i, leaf, shape)).collect())
            }
            other => leaf(other),
        };
        shape(&mut value);
        Node {
            value,
            span: node.span,
        }
    }

    /// The object, and versions of it that break rules in other ways: other strings (empty,
    /// invalid names, long), strings as ints and ints as strings, entries dropped, list items
    /// repeated, and keys that need escaping.
    fn variants(object: &Node) -> Vec<Node> {
        let same = |v: &Value| v.clone();
        let keep = |_: &mut Value| {};
        let strings = |to: Value| {
            move |v: &Value| match v {
                Value::String(_) => to.clone(),
                other => other.clone(),
            }
        };
        let top = |node: &Node, f: &dyn Fn(&Value) -> Value, g: &dyn Fn(&mut Value)| {
            // apiVersion and kind stay, so the object keeps its schema.
            let mut out = rewrite(node, f, g);
            if let (Value::Map(new), Value::Map(old)) = (&mut out.value, &node.value) {
                for (n, o) in new.iter_mut().zip(old) {
                    if n.key == "apiVersion" || n.key == "kind" {
                        n.value = o.value.clone();
                    }
                }
            }
            out
        };
        vec![
            object.clone(),
            top(object, &strings(Value::String(String::new())), &keep),
            top(
                object,
                &strings(Value::String("Not_A.Valid-Name/!*".to_owned())),
                &keep,
            ),
            top(object, &strings(Value::String("x".repeat(300))), &keep),
            top(object, &strings(Value::Int(7)), &keep),
            top(
                object,
                &|v: &Value| match v {
                    Value::Int(i) => Value::String(i.to_string()),
                    Value::Bool(_) => Value::Null,
                    other => other.clone(),
                },
                &keep,
            ),
            top(object, &same, &|v: &mut Value| match v {
                Value::Map(entries) => {
                    let mut i = 0;
                    entries.retain(|e| {
                        i += 1;
                        i % 2 == 1 || e.key == "apiVersion" || e.key == "kind"
                    });
                }
                Value::Seq(items) => {
                    let copy = items.clone();
                    items.extend(copy);
                }
                _ => {}
            }),
            top(object, &same, &|v: &mut Value| {
                if let Value::Map(entries) = v {
                    for key in ["a.b-c/d", "namespace", "x__y"] {
                        entries.push(Entry {
                            key: key.to_owned(),
                            key_span: ByteSpan::default(),
                            value: Node {
                                value: Value::String("v".to_owned()),
                                span: ByteSpan::default(),
                            },
                        });
                    }
                }
            }),
        ]
    }

    /// For every case of tests/cel_cases and variants of it, with and without a previous
    /// version, the fast path gives exactly the plain path's findings and traced verdicts.
    #[test]
    fn fast_path_agrees_with_the_plain_path_on_every_case() {
        let registry = Registry::get();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cel_cases");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort();
        assert!(files.len() > 50, "only {} case files", files.len());
        // One context for everything, as lint shares one across documents.
        let context = CelContext::default();
        let (mut runs, mut findings_seen) = (0usize, 0usize);
        for file in &files {
            let text = std::fs::read_to_string(file).unwrap_or_default();
            let Some(root) = parse_one(&text) else {
                continue;
            };
            let release = root.get_str("gatewayApi").unwrap_or("v1.6.1").to_owned();
            let channel = match root.get_str("channel") {
                Some("experimental") => Channel::Experimental,
                _ => Channel::Standard,
            };
            let Some(Value::Seq(cases)) = root.get("cases").map(|n| &n.value) else {
                continue;
            };
            for case in cases {
                let Some(object) = case.get("object") else {
                    continue;
                };
                let (Some(api_version), Some(kind)) =
                    (object.get_str("apiVersion"), object.get_str("kind"))
                else {
                    continue;
                };
                let Some((group, version)) = api_version.split_once('/') else {
                    continue;
                };
                let Some(schema) = registry
                    .crd(&release, channel, group, kind)
                    .and_then(|crd| crd.version(version))
                    .map(|v| v.schema)
                else {
                    continue;
                };
                let defaulted = |node: &Node| {
                    let mut node = node.clone();
                    apply_defaults(&mut node, schema, registry);
                    node
                };
                let previous = case.get("previous").map(defaulted);
                for (i, variant) in variants(object).iter().enumerate() {
                    let variant = defaulted(variant);
                    let mut olds = vec![None, Some(defaulted(object))];
                    if i == 0 {
                        olds.push(previous.clone());
                    }
                    for old in &olds {
                        let mut fast_trace = Vec::new();
                        let fast = evaluate_rules_traced(
                            &variant,
                            schema,
                            registry,
                            old.as_ref(),
                            &context,
                            &mut |r, p| fast_trace.push((r.to_owned(), p)),
                        );
                        let mut plain_trace = Vec::new();
                        let plain = evaluate_rules_plain(
                            &variant,
                            schema,
                            registry,
                            old.as_ref(),
                            &mut |r, p| plain_trace.push((r.to_owned(), p)),
                        );
                        let name = case.get_str("name").unwrap_or("?");
                        assert_eq!(
                            fast,
                            plain,
                            "{}: {name}: variant {i}, previous: {}",
                            file.display(),
                            old.is_some()
                        );
                        assert_eq!(fast_trace, plain_trace, "{name}: variant {i}");
                        runs += 1;
                        findings_seen += fast.len();
                    }
                }
            }
        }
        assert!(runs > 10_000, "only {runs} runs");
        assert!(findings_seen > 1_000, "only {findings_seen} findings");
    }

    /// `matches` keeps the standard library's answers and errors, in both forms, for valid and
    /// invalid patterns and for arguments of other types.
    #[test]
    fn cached_matches_agrees_with_the_standard_library() {
        let fast_env = crate::cel::environment();
        let fast_context = crate::cel::base_context();
        let plain_env = plain_environment();
        let plain_context = with_library(plain_environment());
        for expr in [
            "'abc'.matches('^a.c$')",
            "'abc'.matches('^a.c$') && 'abd'.matches('^a.c$')",
            "matches('foobar', '^[a-zA-Z]*$')",
            "matches('foo1', '^[a-zA-Z]*$')",
            "'foobar'.matches('(foo')",
            "matches('foobar', '(foo')",
            "'x'.matches('\\\\p{Greek}')",
            "'Ω'.matches('^\\\\p{Greek}$')",
            "'é'.matches('^\\\\w$')",
            "'AbC'.matches('(?i)^abc$')",
            "1.matches('a')",
            "'a'.matches(1)",
            "matches(1, 'a')",
            "matches('a', 1)",
            "{'a': 1}.matches('a')",
            "[1].all(x, 'a1'.matches('^a' + string(x) + '$'))",
            "'a'.matches('a', 'b')",
            "matches('a')",
            "optional.of('a').matches('a')",
        ] {
            let fast = fast_env
                .compile(expr)
                .map_err(|e| e.to_string())
                .map(|p| p.execute(&fast_context));
            let plain = plain_env
                .compile(expr)
                .map_err(|e| e.to_string())
                .map(|p| p.execute(&plain_context));
            assert_eq!(fast, plain, "{expr}");
            // And again, from the cache.
            let again = fast_env
                .compile(expr)
                .map_err(|e| e.to_string())
                .map(|p| p.execute(&fast_context));
            assert_eq!(again, plain, "{expr} (cached)");
        }
    }

    /// The shared lists and maps of the fast path behave as the plain ones, whatever the
    /// expression does with them: compare, index, take apart, return them.
    #[test]
    fn shared_values_behave_as_plain_values() {
        let table = r#"{"bundles": [], "nodes": [
            {"type": "object", "properties": [["a", 1], ["l", 2], ["m", 3], ["namespace", 1]]},
            {"type": "object", "additionalProperties": 4},
            {"type": "array", "items": 1},
            {"type": "object", "properties": [["x", 4], ["y-z", 4]]},
            {"type": "string"}
        ]}"#;
        let Some(registry) = Registry::from_generated(table) else {
            unreachable!("the table parses")
        };
        let Some(root) = parse_one(
            "a: {k: v, k2: w}\nl: [{p: q}, {p: r}, {}]\nm: {x: '1', y-z: '2'}\nnamespace: {n: o}\n",
        ) else {
            unreachable!("the object parses")
        };
        let env = crate::cel::environment();
        let context = crate::cel::base_context();
        let run = |value: Box<dyn cel::common::value::Val + '_>, expr: &str| {
            let mut scope = context.new_inner_scope();
            scope.add_variable_as_val("self", value);
            env.compile(expr)
                .map_err(|e| e.to_string())
                .map(|p| p.execute(&scope).map_err(|e| e.to_string()))
        };
        for expr in [
            "self",
            "self.a",
            "self.l",
            "self.a == {'k': 'v', 'k2': 'w'}",
            "{'k': 'v', 'k2': 'w'} == self.a",
            "self.l == [{'p': 'q'}, {'p': 'r'}, {}]",
            "[{'p': 'q'}, {'p': 'r'}, {}] == self.l",
            "self.l[0] == self.l[1]",
            "self.l + self.l",
            "size(self.l + [1])",
            "[1] + self.l",
            "self.a in [self.a]",
            "'k' in self.a",
            "self.l[0] in self.l",
            "self.?a.orValue({}).k",
            "self.?a.orValue({}).missing",
            "self.?a.orValue({})[1]",
            "self.?l.orValue([])[2]",
            "self.?l.orValue([])[7]",
            "self.?l.orValue([])['x']",
            "self.?l.value()[0].p",
            "self.?m.value().y__dash__z",
            "self.?zz.orValue(self.m)",
            "self.__namespace__.n",
            "optional.of(self.a).value()['k2']",
            "self.l.map(i, i)",
            "self.l.filter(i, has(i.p))",
            "self.l.all(i, i == i)",
            "self.a.all(k, self.a[k] != '')",
            "[self.l, self.a][1].k",
            "type(self.a) == map && type(self.l) == list",
            "self.a.size() + self.l.size()",
            "dyn(self.l)[0]",
            "(true ? self.a : {}).k",
            "{'x': self.a}.x.k",
            "self.l[0].p.matches('^q$')",
            "self.a.matches('x')",
        ] {
            let fast = run(to_cel_borrowed(&root, 0, &registry), expr);
            let plain = run(to_cel(&root, 0, &registry), expr);
            assert_eq!(fast, plain, "{expr}");
        }
    }
}
