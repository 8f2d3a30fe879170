//! Runs every `x-kubernetes-validations` rule of a schema over an object, as the API server does:
//! at the node where the rule sits, with `self` bound to that node's (defaulted) value, and
//! `oldSelf` to the previous version of that node for transition rules.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use cel::common::traits::Indexer;
use cel::common::types::{
    CelBool, CelDouble, CelInt, CelList, CelMap, CelMapKey, CelNull, CelString,
};
use cel::common::value::{CowVal, Val};
use cel::context::VariableResolver;
use cel::parser::Expression;
use cel::{Context, Program, Value as CelValue};

use super::library::{base_context, environment};
use super::shared::{SharedList, SharedMap};
use super::value::{escape_property, escaped_property};
use crate::diagnostics::{field_path, Finding, PathSegment, Severity, Source};
use crate::schema::messages::go_quote;
use crate::schema::{AdditionalProperties, Registry, SchemaNode, ValidationRule};
use crate::source::ByteSpan;
use crate::yaml::{Node, Value};

/// How many compiled expressions a thread keeps: every rule of the embedded CRDs (about a
/// hundred distinct texts) with room for policies' own.
const PROGRAM_CACHE_SIZE: usize = 4096;

thread_local! {
    /// Compiled rules, by rule text. A rule that does not compile is kept as its error.
    static PROGRAMS: RefCell<HashMap<String, Result<Arc<Program>, String>>> =
        RefCell::new(HashMap::new());
}

/// The entry for `text` in a per-thread cache, made by `make` the first time; the cache is
/// emptied when it holds [`PROGRAM_CACHE_SIZE`] entries.
fn cached<T: Clone>(
    cache: &'static std::thread::LocalKey<RefCell<HashMap<String, T>>>,
    text: &str,
    make: impl FnOnce() -> T,
) -> T {
    if let Some(found) = cache.with(|c| c.borrow().get(text).cloned()) {
        return found;
    }
    let made = make();
    cache.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= PROGRAM_CACHE_SIZE {
            c.clear();
        }
        c.insert(text.to_owned(), made.clone());
    });
    made
}

/// Compiles `rule` once per thread and returns the program, or the compile error.
pub fn compile(rule: &str) -> Result<Arc<Program>, String> {
    cached(&PROGRAMS, rule, || {
        environment()
            .compile(rule)
            .map(Arc::new)
            .map_err(|e| e.to_string())
    })
}

thread_local! {
    /// The rules of CRD schemas, parsed, by their text (see [`parse_schema_rule`]).
    static SCHEMA_RULES: RefCell<HashMap<String, Result<Arc<Expression>, String>>> =
        RefCell::new(HashMap::new());
}

/// Parses a rule of a CRD schema once per thread, with the interpreter's Pratt parser: the rule
/// texts of the schemas are known (every one parses, and the differential tests run them against
/// the ANTLR parser's programs), and the Pratt parser is many times faster to start than the
/// ANTLR one, whose first parses dominate a fresh process's first lint. Rules and messages from
/// elsewhere (policies) go through [`compile`], whose errors are the ones users see.
pub fn parse_schema_rule(rule: &str) -> Result<Arc<Expression>, String> {
    cached(&SCHEMA_RULES, rule, || {
        cel::parser::PrattParser::new()
            .parse(rule)
            .map(Arc::new)
            .map_err(|e| e.to_string())
    })
}

/// Whether a rule reads `oldSelf` (a transition rule).
pub fn is_transition_rule(rule: &str) -> bool {
    rule.contains("oldSelf")
}

/// A rule compiled once, with the facts about its text that evaluation needs: built from the
/// text alone, so rules that do not come from a CRD (policies) can use it too.
#[derive(Clone, Debug)]
pub struct CompiledRule {
    rule: String,
    message_expression: Option<String>,
    program: Result<Arc<Expression>, String>,
    /// The parsed `messageExpression`; `None` if there is none or it does not parse (the
    /// message is then used, as when it does not evaluate to a string).
    message_program: Option<Arc<Expression>>,
    transition: bool,
    /// Comprehensions in the rule, clamped to 1..=3 (see [`estimated_cost`]).
    nesting: u32,
}

impl CompiledRule {
    /// Parses a schema's `rule` (and its `messageExpression`), through the per-thread cache of
    /// [`parse_schema_rule`].
    pub fn new(rule: &str, message_expression: Option<&str>) -> Self {
        Self {
            rule: rule.to_owned(),
            message_expression: message_expression.map(str::to_owned),
            program: parse_schema_rule(rule),
            message_program: message_expression.and_then(|e| parse_schema_rule(e).ok()),
            transition: is_transition_rule(rule),
            nesting: comprehension_nesting(rule),
        }
    }

    /// [`CompiledRule::new`] for a rule of a CRD schema.
    pub fn from_rule(rule: &ValidationRule) -> Self {
        Self::new(&rule.rule, rule.message_expression.as_deref())
    }

    /// Whether this was compiled from `rule`'s texts.
    pub fn is_for(&self, rule: &ValidationRule) -> bool {
        self.rule == rule.rule && self.message_expression == rule.message_expression
    }

    /// The rule text.
    pub fn rule(&self) -> &str {
        &self.rule
    }

    /// The parsed rule, or the parse error.
    pub fn program(&self) -> Result<&Arc<Expression>, &str> {
        self.program.as_ref().map_err(String::as_str)
    }

    /// Whether the rule reads `oldSelf` ([`is_transition_rule`]).
    pub fn is_transition(&self) -> bool {
        self.transition
    }

    /// [`estimated_cost`] of this rule.
    pub fn estimated_cost(&self, nodes: usize, len: usize) -> u64 {
        cost(self.nesting, nodes, len)
    }

    /// Whether the rule or its message expression names `oldSelf`: only then is it bound.
    fn reads_old_self(&self) -> bool {
        self.transition
            || self
                .message_expression
                .as_deref()
                .is_some_and(is_transition_rule)
    }
}

/// A schema node: the address of its registry and its id there.
type NodeKey = (usize, usize);

/// What rule evaluation needs besides the object: the Kubernetes function library, and the
/// rules of the schema nodes met so far, compiled.
pub struct CelContext {
    base: Context<'static, 'static>,
    /// The compiled rules of a schema node, by (registry address, node id). An entry is used
    /// only if its texts are still the node's (a registry may be dropped and another built at
    /// the same address), so the key is a hint and never decides which program runs.
    nodes: RefCell<HashMap<NodeKey, Rc<[CompiledRule]>>>,
}

impl Default for CelContext {
    fn default() -> Self {
        Self {
            base: base_context(),
            nodes: RefCell::new(HashMap::new()),
        }
    }
}

impl CelContext {
    /// The compiled rules of schema node `id`.
    fn rules_of(&self, registry: &Registry, id: usize, s: &SchemaNode) -> Rc<[CompiledRule]> {
        let key = (std::ptr::from_ref(registry) as usize, id);
        if let Some(found) = self.nodes.borrow().get(&key) {
            if found.len() == s.validations.len()
                && found.iter().zip(&s.validations).all(|(c, r)| c.is_for(r))
            {
                return Rc::clone(found);
            }
        }
        let compiled: Rc<[CompiledRule]> =
            s.validations.iter().map(CompiledRule::from_rule).collect();
        self.nodes.borrow_mut().insert(key, Rc::clone(&compiled));
        compiled
    }
}

/// Evaluates every rule in the schema over `root`. `previous` is the old version of the object,
/// for transition rules; without it they are skipped, as on create.
pub fn evaluate_rules(
    root: &Node,
    schema: usize,
    registry: &Registry,
    previous: Option<&Node>,
    context: &CelContext,
) -> Vec<Finding> {
    evaluate_rules_traced(root, schema, registry, previous, context, &mut |_, _| {})
}

/// [`evaluate_rules`], calling `trace(rule, passed)` for every rule evaluated to a verdict
/// (tests use it to show that each rule was seen both passing and failing).
pub fn evaluate_rules_traced(
    root: &Node,
    schema: usize,
    registry: &Registry,
    previous: Option<&Node>,
    context: &CelContext,
    trace: &mut dyn FnMut(&str, bool),
) -> Vec<Finding> {
    let mut walker = Walker {
        registry,
        context,
        path: Vec::new(),
        findings: Vec::new(),
        trace,
        spent: 0,
        exhausted: false,
    };
    walker.node(root, schema, previous, root.span, None);
    // The API server aggregates errors without repeats (a rule that sits twice on a node, as in
    // some releases, is reported once).
    let mut seen = std::collections::HashSet::new();
    walker.findings.retain(|f| seen.insert(f.message.clone()));
    walker.findings
}

struct Walker<'a> {
    registry: &'a Registry,
    context: &'a CelContext,
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

/// The comprehensions in `rule`, clamped to 1..=3.
fn comprehension_nesting(rule: &str) -> u32 {
    let count = COMPREHENSIONS
        .iter()
        .map(|c| rule.matches(c).count())
        .sum::<usize>()
        .clamp(1, 3);
    u32::try_from(count).unwrap_or(3)
}

/// An estimate of what evaluating `rule` over a value costs: one unit per node of the value
/// (`nodes`), times the number of its elements (`len`, for a list or map) for every
/// comprehension nested beyond the first (each may visit the value again per element). The
/// interpreter has no cost meter of its own; this bounds the work per object the way the API
/// server's budget does.
pub fn estimated_cost(rule: &str, nodes: usize, len: usize) -> u64 {
    cost(comprehension_nesting(rule), nodes, len)
}

fn cost(nesting: u32, nodes: usize, len: usize) -> u64 {
    let nodes = u64::try_from(nodes).unwrap_or(u64::MAX).max(1);
    let len = u64::try_from(len).unwrap_or(u64::MAX).max(1);
    nodes.saturating_mul(len.saturating_pow(nesting.saturating_sub(1)))
}

/// `self` and `oldSelf` for a node's rules, borrowed from values converted once per object.
struct Bindings<'v> {
    this: &'v (dyn Val + 'v),
    old: Option<&'v (dyn Val + 'v)>,
}

impl VariableResolver for Bindings<'_> {
    fn resolve<'b>(&'b self, variable: &str) -> Option<CowVal<'b, 'b>> {
        match variable {
            "self" => Some(CowVal::Borrowed(self.this)),
            "oldSelf" => self.old.map(CowVal::Borrowed),
            _ => None,
        }
    }
}

impl Walker<'_> {
    /// Walks `node` (schema `id`). `value` is the node's CEL value when an ancestor's rules
    /// already converted it: a node converts its subtree only if no ancestor did, and its
    /// descendants then borrow their values from it.
    fn node<'t>(
        &mut self,
        node: &'t Node,
        id: usize,
        old: Option<&Node>,
        key_span: ByteSpan,
        value: Option<&'t (dyn Val + 't)>,
    ) {
        if node.value == Value::Null {
            return;
        }
        let registry = self.registry;
        let s = registry.node(id);
        let owned: Box<dyn Val + 't>;
        let mut value = value;
        if !s.validations.is_empty() {
            let this = match value {
                Some(v) => v,
                None => {
                    owned = to_cel_borrowed(node, id, registry);
                    owned.as_ref()
                }
            };
            value = Some(this);
            self.rules(node, id, s, old, key_span, this);
        }
        match &node.value {
            Value::Map(entries) => {
                // The converted map, if it holds each non-null entry under its own key.
                let map = value.and_then(|v| v.downcast_ref::<CelMap>()).filter(|m| {
                    m.len()
                        == entries
                            .iter()
                            .filter(|e| e.value.value != Value::Null)
                            .count()
                });
                for entry in entries {
                    let property = s.property(&entry.key);
                    let child = property.or(match &s.additional_properties {
                        Some(AdditionalProperties::Schema(c)) => Some(*c),
                        _ => None,
                    });
                    let Some(child) = child else {
                        continue;
                    };
                    let child_value = map.and_then(|m| {
                        let key = match property {
                            Some(_) => escaped_property(&entry.key),
                            None => Cow::Borrowed(entry.key.as_str()),
                        };
                        match Indexer::get(m, &CelString::from(key.as_ref())) {
                            Ok(CowVal::Borrowed(v)) => Some(v),
                            _ => None,
                        }
                    });
                    let old_child = old.and_then(|o| o.get(&entry.key));
                    self.path.push(PathSegment::Key(entry.key.clone()));
                    self.node(&entry.value, child, old_child, entry.key_span, child_value);
                    self.path.pop();
                }
            }
            Value::Seq(items) => {
                let Some(item_schema) = s.items else {
                    return;
                };
                let list = value
                    .and_then(|v| v.downcast_ref::<CelList>())
                    .filter(|l| l.len() == items.len());
                for (i, item) in items.iter().enumerate() {
                    let old_item = old.and_then(|o| correlate(o, item, s));
                    let item_value = list.and_then(|l| l.inner().get(i)).map(|v| v.as_ref());
                    self.path.push(PathSegment::Index(i));
                    self.node(item, item_schema, old_item, item.span, item_value);
                    self.path.pop();
                }
            }
            _ => {}
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn rules(
        &mut self,
        node: &Node,
        id: usize,
        s: &SchemaNode,
        old: Option<&Node>,
        key_span: ByteSpan,
        this: &(dyn Val + '_),
    ) {
        let compiled = self.context.rules_of(self.registry, id, s);
        let has_old = old.is_some();
        // `oldSelf` is converted only for the rules that can read it.
        let old_value = match old {
            Some(old) if compiled.iter().any(CompiledRule::reads_old_self) => {
                Some(to_cel_borrowed(old, id, self.registry))
            }
            _ => None,
        };
        let bindings = Bindings {
            this,
            old: old_value.as_deref(),
        };
        let base: &Context<'static, '_> = &self.context.base;
        let mut scope = base.new_inner_scope();
        scope.set_variable_resolver(&bindings);
        let nodes = node.count();
        let len = match &node.value {
            Value::Seq(items) => items.len(),
            Value::Map(entries) => entries.len(),
            _ => 1,
        };
        for (rule, compiled) in s.validations.iter().zip(compiled.iter()) {
            if self.exhausted {
                return;
            }
            self.spent = self
                .spent
                .saturating_add(compiled.estimated_cost(nodes, len));
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
            if compiled.is_transition() && !has_old {
                continue;
            }
            let program = match compiled.program() {
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
            let outcome = CelValue::resolve(program, &scope);
            if let Ok(CelValue::Bool(passed)) = outcome {
                (self.trace)(&rule.rule, passed);
            }
            match outcome {
                Ok(CelValue::Bool(true)) => {}
                Ok(CelValue::Bool(false)) => {
                    // messageExpression, when it evaluates to a non-empty string, replaces the
                    // message, as in the API server.
                    let from_expression = compiled.message_program.as_ref().and_then(|p| {
                        match CelValue::resolve(p, &scope) {
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

/// How the API server names a rule in errors: its message, else its text.
pub(super) fn rule_text(rule: &ValidationRule) -> &str {
    match rule.message.as_deref().map(str::trim) {
        Some(message) if !message.is_empty() => message,
        _ => rule.rule.trim(),
    }
}

/// Where a failing rule points: the node's key (or the list item itself).
pub(super) fn span_for(node: &Node, key_span: ByteSpan) -> ByteSpan {
    if key_span == node.span {
        node.span
    } else {
        key_span
    }
}

/// The old list item that corresponds to `item`, for `x-kubernetes-list-type: map` lists (by
/// their keys); other lists do not correlate, as in the API server.
pub(super) fn correlate<'o>(old: &'o Node, item: &Node, s: &SchemaNode) -> Option<&'o Node> {
    if s.list_type.as_deref() != Some("map") || s.list_map_keys.is_empty() {
        return None;
    }
    let Value::Seq(old_items) = &old.value else {
        return None;
    };
    old_items.iter().find(|o| {
        s.list_map_keys
            .iter()
            .all(|k| o.get(k).map(|n| &n.value) == item.get(k).map(|n| &n.value))
    })
}

/// `.a.b['c']` (a rule's `fieldPath`) as path segments.
pub(super) fn parse_field_path(text: &str) -> Vec<PathSegment> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("['") {
            let end = after.find("']").unwrap_or(after.len());
            out.push(PathSegment::Key(after.get(..end).unwrap_or("").to_owned()));
            rest = after.get(end + 2..).unwrap_or("");
        } else if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            out.push(PathSegment::Key(after.get(..end).unwrap_or("").to_owned()));
            rest = after.get(end..).unwrap_or("");
        } else {
            break;
        }
    }
    out
}

/// A node as the CEL value the API server gives a rule: properties of objects escaped, keys of
/// free-form maps (`additionalProperties`) kept; nulls pruned; integers in `number` fields as
/// doubles.
pub fn to_cel(node: &Node, id: usize, registry: &Registry) -> Box<dyn Val> {
    let s = registry.node(id);
    match &node.value {
        Value::Null => Box::new(CelNull),
        Value::Bool(b) => Box::new(CelBool::from(*b)),
        Value::Int(i) if s.ty.as_deref() == Some("number") => Box::new(CelDouble::from(*i as f64)),
        Value::Int(i) => Box::new(CelInt::from(*i)),
        Value::Float(f) => Box::new(CelDouble::from(*f)),
        Value::String(text) => Box::new(CelString::from(text.clone())),
        Value::Seq(items) => {
            let item_schema = s.items.unwrap_or(usize::MAX);
            let list: Vec<Box<dyn Val>> = items
                .iter()
                .map(|i| to_cel(i, item_schema, registry))
                .collect();
            Box::new(CelList::from(list))
        }
        Value::Map(entries) => {
            let mut map: HashMap<CelMapKey<'static>, Box<dyn Val>> =
                HashMap::with_capacity(entries.len());
            for entry in entries {
                if entry.value.value == Value::Null {
                    continue;
                }
                let (key, child) = match s.property(&entry.key) {
                    Some(child) => (escape_property(&entry.key), child),
                    None => match &s.additional_properties {
                        Some(AdditionalProperties::Schema(child)) => (entry.key.clone(), *child),
                        _ => (escape_property(&entry.key), usize::MAX),
                    },
                };
                map.insert(CelMapKey::from(key), to_cel(&entry.value, child, registry));
            }
            Box::new(CelMap::from(map))
        }
    }
}

/// [`to_cel`], borrowing the strings of `node` instead of copying them (the value lives as long
/// as the node), with lists and maps that clone by reference count (see [`super::shared`]).
pub fn to_cel_borrowed<'n>(node: &'n Node, id: usize, registry: &Registry) -> Box<dyn Val + 'n> {
    let s = registry.node(id);
    match &node.value {
        Value::Null => Box::new(CelNull),
        Value::Bool(b) => Box::new(CelBool::from(*b)),
        Value::Int(i) if s.ty.as_deref() == Some("number") => Box::new(CelDouble::from(*i as f64)),
        Value::Int(i) => Box::new(CelInt::from(*i)),
        Value::Float(f) => Box::new(CelDouble::from(*f)),
        Value::String(text) => Box::new(CelString::from(text.as_str())),
        Value::Seq(items) => {
            let item_schema = s.items.unwrap_or(usize::MAX);
            let list: Vec<Box<dyn Val + 'n>> = items
                .iter()
                .map(|i| to_cel_borrowed(i, item_schema, registry))
                .collect();
            Box::new(SharedList::new(CelList::from(list)))
        }
        Value::Map(entries) => {
            let mut map: HashMap<CelMapKey<'n>, Box<dyn Val + 'n>> =
                HashMap::with_capacity(entries.len());
            for entry in entries {
                if entry.value.value == Value::Null {
                    continue;
                }
                let (key, child) = match s.property(&entry.key) {
                    Some(child) => (escaped_property(&entry.key), child),
                    None => match &s.additional_properties {
                        Some(AdditionalProperties::Schema(child)) => {
                            (Cow::Borrowed(entry.key.as_str()), *child)
                        }
                        _ => (escaped_property(&entry.key), usize::MAX),
                    },
                };
                let key = match key {
                    Cow::Borrowed(k) => CelMapKey::from(k),
                    Cow::Owned(k) => CelMapKey::from(k),
                };
                map.insert(key, to_cel_borrowed(&entry.value, child, registry));
            }
            Box::new(SharedMap::new(CelMap::from(map)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule of every CRD version of every release and channel compiles.
    #[test]
    fn every_rule_in_every_crd_compiles() {
        let registry = Registry::get();
        let mut failures = Vec::new();
        let mut count = 0;
        for id in 0..registry.node_count() {
            for rule in &registry.node(id).validations {
                count += 1;
                if let Err(error) = parse_schema_rule(&rule.rule) {
                    failures.push(format!("{}: {error}", rule.rule));
                }
            }
        }
        assert!(count > 90, "only {count} rules found");
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    fn object(text: &str) -> Option<Node> {
        let index = crate::source::LineIndex::new(text);
        crate::yaml::parse_stream(&index)
            .into_iter()
            .next()
            .and_then(|d| d.root)
    }

    /// `reason`, `fieldPath` and `messageExpression`, which no Gateway API rule uses yet.
    #[test]
    fn reasons_field_paths_and_message_expressions() {
        let table = r#"{"bundles": [], "nodes": [
            {"type": "object", "properties": [["spec", 1]]},
            {"type": "object", "properties": [["a", 2], ["b", 2]], "x-kubernetes-validations": [
                {"rule": "self.a < 10", "messageExpression": "'a is ' + string(self.a)"},
                {"rule": "self.b < 10", "message": "b too big", "reason": "FieldValueForbidden", "fieldPath": ".b"},
                {"rule": "self.a != self.b", "reason": "FieldValueDuplicate"},
                {"rule": "self.a > 100"}
            ]},
            {"type": "integer"}
        ]}"#;
        let registry = Registry::from_generated(table);
        assert!(registry.is_some());
        let Some(registry) = registry else { return };
        let Some(root) = object(
            "spec:
  a: 12
  b: 12
",
        ) else {
            unreachable!("the object parses")
        };
        let findings = evaluate_rules(&root, 0, &registry, None, &CelContext::default());
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "spec: Invalid value: \"object\": a is 12",
                "spec.b: Forbidden: b too big",
                "spec: Duplicate value: \"object\"",
                "spec: Invalid value: \"object\": failed rule: self.a > 100",
            ]
        );
    }

    #[test]
    fn cost_estimates_grow_with_nesting_and_stop_at_the_budget() {
        assert_eq!(estimated_cost("self.size() > 0", 10, 1), 10);
        assert_eq!(
            estimated_cost("self.all(a, self.exists_one(b, a == b))", 100, 20),
            2_000
        );
        let table = r#"{"bundles": [], "nodes": [
            {"type": "array", "items": 1, "x-kubernetes-validations": [
                {"rule": "self.all(a, self.all(b, self.all(c, a + b + c >= 0)))", "message": "never"},
                {"rule": "size(self) < 0", "message": "not reached"}
            ]},
            {"type": "integer"}
        ]}"#;
        let Some(registry) = Registry::from_generated(table) else {
            unreachable!("the table parses")
        };
        let text = format!("[{}]", vec!["1"; 300].join(", "));
        let Some(root) = object(&text) else {
            unreachable!("the list parses")
        };
        let findings = evaluate_rules(&root, 0, &registry, None, &CelContext::default());
        let codes: Vec<&str> = findings.iter().map(|f| f.code).collect();
        assert_eq!(codes, vec!["cel/cost-budget-exceeded"]);
    }

    #[test]
    fn field_paths_parse() {
        assert_eq!(
            parse_field_path(".spec.labels['a.b']"),
            vec![
                PathSegment::Key("spec".into()),
                PathSegment::Key("labels".into()),
                PathSegment::Key("a.b".into())
            ]
        );
    }
}
