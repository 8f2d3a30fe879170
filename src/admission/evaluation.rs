//! One evaluation of a policy for one (binding, param): matchConditions, variables (lazily
//! failing: a variable's error matters only to the expressions that read it), validations and
//! their messages, under the policy's failurePolicy and the API server's cost budget.

use std::collections::HashMap;

use cel::common::value::Val;
use cel::{Context, ExecutionError, Value};

use super::messages;
use super::policies::{Expression, Policy};
use crate::cel::rules::{estimated_cost, RUNTIME_COST_BUDGET};

/// The CEL inputs of one evaluation.
pub struct Inputs {
    pub object: Value,
    pub old_object: Value,
    pub request: Value,
    pub params: Value,
    pub namespace_object: Value,
    /// `authorizer`, when the option answers for it; else expressions that read it are
    /// unknown.
    pub authorizer: Option<Value>,
    /// Size of the object (nodes, and elements of its largest list) for the cost estimate.
    pub nodes: usize,
    pub len: usize,
}

/// The budget of a policy's match conditions (`RuntimeCELCostBudgetMatchConditions`).
const MATCH_CONDITIONS_BUDGET: u64 = 2_500_000;

/// The cost at which cel-go cancels one expression (`PerCallLimit`).
const PER_CALL_LIMIT: u64 = 1_000_000;

/// What one validation (or the policy as a whole) decided, when it did not admit.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// Denied (subject to the binding's actions) with the API server's message.
    Fail {
        message: String,
        /// Index of the validation, if one failed (not a match condition or the budget).
        index: Option<usize>,
        /// An audit annotation's error: a denial whatever the binding's actions.
        always_deny: bool,
        /// The expression that decided (a validation's, a match condition's, an audit
        /// annotation's), if one did.
        at: Option<Expression>,
    },
    /// The expression reads `authorizer`, which gwlint cannot answer offline.
    Unknown {
        expression: String,
        at: Option<Expression>,
    },
}

/// A variable's value, its error, or that it depends on the authorizer.
enum Var {
    Ok(Value),
    Err(String),
    Unknown,
}

/// Evaluates `policy` with `inputs`; `base` holds the Kubernetes function library.
pub fn evaluate(
    policy: &Policy,
    inputs: &Inputs,
    base: &Context<'static, 'static>,
) -> Vec<Verdict> {
    let mut run = Run {
        base,
        inputs,
        vars: Vec::new(),
        spent: 0,
        budget: RUNTIME_COST_BUDGET,
        nodes: inputs.nodes,
        len: inputs.len,
    };
    let fail = policy.fail;
    // Match conditions (their own budget): any false skips the policy; else errors fail the
    // request under Fail (aggregated as apimachinery does) and skip the policy under Ignore.
    run.budget = MATCH_CONDITIONS_BUDGET;
    let mut errors = Vec::new();
    let mut first_error = None;
    for condition in &policy.match_conditions {
        match run.eval(&condition.expression) {
            Outcome::Value(Value::Bool(false)) => return Vec::new(),
            Outcome::Value(_) => {}
            Outcome::Error(error) => {
                errors.push(error);
                first_error.get_or_insert_with(|| condition.expression.clone());
            }
            Outcome::Unknown => {
                return vec![Verdict::Unknown {
                    expression: condition.expression.text.clone(),
                    at: Some(condition.expression.clone()),
                }]
            }
            Outcome::Budget => return budget(fail),
        }
    }
    if !errors.is_empty() {
        return if fail {
            let message = match errors.as_slice() {
                [one] => one.clone(),
                many => format!("[{}]", many.join(", ")),
            };
            vec![Verdict::Fail {
                message,
                index: None,
                always_deny: false,
                at: first_error,
            }]
        } else {
            Vec::new()
        };
    }
    run.budget = RUNTIME_COST_BUDGET;
    run.spent = 0;
    for variable in &policy.variables {
        let outcome = run.eval(&variable.expression);
        let var = match outcome {
            Outcome::Value(v) => Var::Ok(v),
            Outcome::Error(e) => Var::Err(e),
            Outcome::Unknown => Var::Unknown,
            Outcome::Budget => return budget(fail),
        };
        run.vars.push((variable.name.clone(), var));
    }
    let mut outcomes = Vec::with_capacity(policy.validations.len());
    for validation in &policy.validations {
        match run.eval(&validation.expression) {
            // Running out of budget replaces every decision with that one error.
            Outcome::Budget => return budget(fail),
            outcome => outcomes.push(outcome),
        }
    }
    // The message expressions run on what the validations left of the budget; running out
    // there fails every validation (`failed messageExpression: ...`), passing ones included.
    let message_cost = policy
        .validations
        .iter()
        .filter_map(|v| v.message_expression.as_ref())
        .fold(0u64, |sum, e| sum.saturating_add(run.charged(e)));
    let messages_out_of_budget = run.spent.saturating_add(message_cost) > run.budget;
    let mut verdicts = Vec::new();
    for (index, (validation, outcome)) in policy.validations.iter().zip(outcomes).enumerate() {
        let fail_with = |message: String| Verdict::Fail {
            message,
            index: Some(index),
            always_deny: false,
            at: Some(validation.expression.clone()),
        };
        match outcome {
            Outcome::Error(message) => {
                if fail {
                    verdicts.push(fail_with(message));
                }
            }
            Outcome::Unknown => verdicts.push(Verdict::Unknown {
                expression: validation.expression.text.clone(),
                at: Some(validation.expression.clone()),
            }),
            _ if messages_out_of_budget => {
                if fail {
                    verdicts.push(fail_with(messages::failed_message_expression(
                        messages::OUT_OF_BUDGET,
                    )));
                }
            }
            Outcome::Value(Value::Bool(true)) | Outcome::Budget => {}
            Outcome::Value(_) => {
                // A message expression that fails (cancelled over the per-call limit
                // included) leaves the message.
                let from_expression = validation
                    .message_expression
                    .as_ref()
                    .filter(|e| run.cost(e) <= PER_CALL_LIMIT)
                    .and_then(|e| match run.run(e) {
                        Outcome::Value(Value::String(text)) => Some(text.to_string()),
                        _ => None,
                    });
                verdicts.push(fail_with(messages::choose(
                    from_expression.as_deref(),
                    validation.message.as_deref(),
                    &validation.expression.text,
                )));
            }
        }
    }
    // Audit annotations (their own budget): an error denies under Fail, a value that is not a
    // string or null always denies, whatever the binding's actions.
    run.spent = 0;
    for annotation in &policy.audit_annotations {
        let message = match run.eval(&annotation.expression) {
            Outcome::Value(Value::String(_) | Value::Null) | Outcome::Unknown => continue,
            Outcome::Value(other) => {
                messages::audit_type(&annotation.expression.text, type_name(&other))
            }
            Outcome::Error(error) if fail => error,
            Outcome::Error(_) => continue,
            Outcome::Budget => return budget(fail),
        };
        verdicts.push(Verdict::Fail {
            message,
            index: None,
            always_deny: true,
            at: Some(annotation.expression.clone()),
        });
    }
    verdicts
}

/// A value's type as cel-go names it.
fn type_name(value: &Value) -> &'static str {
    match value {
        Value::List(_) => "list",
        Value::Map(_) => "map",
        Value::Int(_) => "int",
        Value::UInt(_) => "uint",
        Value::Float(_) => "double",
        Value::String(_) => "string",
        Value::Bytes(_) => "bytes",
        Value::Bool(_) => "bool",
        Value::Null => "null_type",
        _ => "dyn",
    }
}

fn budget(fail: bool) -> Vec<Verdict> {
    if fail {
        vec![Verdict::Fail {
            message: messages::OUT_OF_BUDGET.to_owned(),
            index: None,
            always_deny: false,
            at: None,
        }]
    } else {
        Vec::new()
    }
}

enum Outcome {
    Value(Value),
    /// The API server's message for the error.
    Error(String),
    Unknown,
    Budget,
}

struct Run<'a> {
    base: &'a Context<'static, 'static>,
    inputs: &'a Inputs,
    vars: Vec<(String, Var)>,
    spent: u64,
    budget: u64,
    nodes: usize,
    len: usize,
}

impl Run<'_> {
    /// gwlint's estimate of what evaluating `expression` costs on this object.
    fn cost(&self, expression: &Expression) -> u64 {
        estimated_cost(&expression.text, self.nodes, self.len)
    }

    /// What evaluating `expression` takes from the budget: its cost, or the per-call limit
    /// at which cel-go cancels it.
    fn charged(&self, expression: &Expression) -> u64 {
        self.cost(expression).min(PER_CALL_LIMIT)
    }

    /// Charges `expression` to the budget, then evaluates it (an expression over the per-call
    /// limit is cancelled: an evaluation error).
    fn eval(&mut self, expression: &Expression) -> Outcome {
        self.spent = self.spent.saturating_add(self.charged(expression));
        if self.spent > self.budget {
            return Outcome::Budget;
        }
        if self.cost(expression) > PER_CALL_LIMIT {
            return Outcome::Error(messages::expression_error(
                &expression.text,
                messages::COST_LIMIT_EXCEEDED,
            ));
        }
        self.run(expression)
    }

    /// Evaluates `expression` (already charged).
    fn run(&self, expression: &Expression) -> Outcome {
        let text = expression.text.as_str();
        let program = match crate::cel::compile(text) {
            Ok(p) => p,
            Err(error) => return Outcome::Error(format!("compilation error: {error}")),
        };
        let references = program.references();
        if references.has_variable("authorizer") && self.inputs.authorizer.is_none() {
            return Outcome::Unknown;
        }
        let mut values: HashMap<String, Value> = HashMap::new();
        if references.has_variable("variables") {
            for (name, var) in &self.vars {
                let read = reads_variable(text, name);
                match var {
                    Var::Ok(v) => {
                        values.insert(name.clone(), v.clone());
                    }
                    Var::Err(e) if read => return Outcome::Error(e.clone()),
                    Var::Unknown if read => return Outcome::Unknown,
                    _ => {}
                }
            }
        }
        let mut scope = self.base.new_inner_scope();
        let bind = |scope: &mut Context<'_, 'static>, name: &str, value: &Value| {
            if let Ok(v) = Box::<dyn Val>::try_from(value.clone()) {
                scope.add_variable_as_val(name, v);
            }
        };
        bind(&mut scope, "object", &self.inputs.object);
        bind(&mut scope, "oldObject", &self.inputs.old_object);
        bind(&mut scope, "request", &self.inputs.request);
        bind(&mut scope, "params", &self.inputs.params);
        bind(&mut scope, "namespaceObject", &self.inputs.namespace_object);
        if let Some(authorizer) = &self.inputs.authorizer {
            bind(&mut scope, "authorizer", authorizer);
        }
        bind(&mut scope, "variables", &Value::from(values));
        match program.execute(&scope) {
            Ok(value) => Outcome::Value(value),
            Err(error) => Outcome::Error(messages::expression_error(text, &error_text(&error))),
        }
    }
}

/// Whether `text` reads `variables.<name>`.
fn reads_variable(text: &str, name: &str) -> bool {
    let needle = format!("variables.{name}");
    text.match_indices(&needle).any(|(at, _)| {
        text.get(at + needle.len()..)
            .and_then(|rest| rest.chars().next())
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'))
    })
}

/// An interpreter error as cel-go words it, where the words differ.
fn error_text(error: &ExecutionError) -> String {
    match error {
        ExecutionError::FunctionError { message, .. } => message.clone(),
        other => {
            let text = other.to_string();
            match text.strip_prefix("No such key") {
                Some(rest) => format!("no such key{rest}"),
                None => text,
            }
        }
    }
}
