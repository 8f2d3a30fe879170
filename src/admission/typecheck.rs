//! Type checking of policy expressions against the Gateway API schemas of the release (the API
//! server skips CRDs here; gwlint has their schemas). The expression's syntax tree is walked with
//! the schema type of each subexpression where it is known: `object` and `oldObject` are the
//! matched kind, `x.f` and `x[i]` descend, a macro's variable (`l` in `listeners.all(l, ...)`)
//! is an element of its list. Selecting a field the schema does not have gives cel-go's
//! `undefined field 'f'` at the `.`, in the shape of the API server's `status.typeChecking`
//! warnings (`<gv>, Kind=<kind>: ERROR: <input>:<line>:<column>: undefined field '<f>'`).
//! Everything else (variables, params, function results) is dynamic and not checked.

use cel::common::ast::{EntryExpr, Expr};
use cel::IdedExpr;

use super::matching::MatchResources;
use super::policies::Expression;
use crate::schema::{AdditionalProperties, Channel, Registry, SchemaNode};

const GATEWAY_GROUP: &str = "gateway.networking.k8s.io";

/// The (group/version, kind, schema) of each Gateway API kind and version `m` names explicitly.
pub fn matched_schemas(m: &MatchResources, release: &str) -> Vec<(String, String, usize)> {
    let registry = Registry::get();
    let mut out: Vec<(String, String, usize)> = Vec::new();
    for rule in &m.resource_rules {
        if !rule.api_groups.iter().any(|g| g == GATEWAY_GROUP) {
            continue;
        }
        for crd in registry.crds(release, Channel::Experimental) {
            if crd.group != GATEWAY_GROUP || !rule.resources.contains(&crd.plural) {
                continue;
            }
            for version in crd.versions.iter().filter(|v| v.served) {
                if !rule
                    .api_versions
                    .iter()
                    .any(|v| v == "*" || *v == version.name)
                {
                    continue;
                }
                let gv = format!("{GATEWAY_GROUP}/{}", version.name);
                if !out.iter().any(|(g, k, _)| *g == gv && *k == crd.kind) {
                    out.push((gv, crd.kind.clone(), version.schema));
                }
            }
        }
    }
    out
}

/// An undefined field: its name and the character offset of the `.` that selects it.
#[derive(Clone, Debug, PartialEq)]
pub struct Undefined {
    pub field: String,
    /// Offset in characters (code points, as cel-go counts columns) into the expression.
    pub at: usize,
}

impl Undefined {
    /// The warning text for kind `kind` of `gv`, with cel-go's 1-based line and column.
    pub fn warning(&self, expression: &str, gv: &str, kind: &str) -> String {
        let before: String = expression.chars().take(self.at).collect();
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        format!(
            "{gv}, Kind={kind}: ERROR: <input>:{line}:{column}: undefined field '{}'",
            self.field
        )
    }
}

/// The first field `expression` selects that `schema` (the matched kind's) does not have.
pub fn undefined_field(expression: &Expression, schema: usize) -> Option<Undefined> {
    let text = expression.text.as_str();
    let (ast, info) = cel::parser::Parser::new()
        .enable_optional_syntax(true)
        .parse_with_source_info(text)
        .ok()?;
    let mut walk = Walk {
        registry: Registry::get(),
        root: schema,
        scopes: Vec::new(),
        offset: &|id| info.offset_for(id).map(|(start, _)| start as usize),
        found: None,
    };
    walk.expr(&ast);
    let (field, at) = walk.found?;
    // The parser counts in bytes of the text; cel-go's columns count characters.
    let at = text.get(..at).map_or(at, |t| t.chars().count());
    Some(Undefined { field, at })
}

/// What is known of a subexpression's type.
#[derive(Clone, Copy)]
enum Ty {
    Schema(usize),
    Dyn,
}

struct Walk<'a> {
    registry: &'static Registry,
    root: usize,
    /// Macro variables in scope, innermost last.
    scopes: Vec<(String, Ty)>,
    offset: &'a dyn Fn(u64) -> Option<usize>,
    found: Option<(String, usize)>,
}

/// A property name as CEL writes it, unescaped (`__namespace__` is `namespace`).
fn property(node: &SchemaNode, field: &str) -> Option<usize> {
    node.property(field).or_else(|| {
        let word = field.strip_prefix("__")?.strip_suffix("__")?;
        node.property(word)
    })
}

impl Walk<'_> {
    fn node(&self, id: usize) -> &'static SchemaNode {
        self.registry.node(id)
    }

    /// The type of a field of a value of type `ty`; records the first undefined field.
    fn select(&mut self, ty: Ty, field: &str, id: u64) -> Ty {
        let Ty::Schema(node) = ty else {
            return Ty::Dyn;
        };
        let node = self.node(node);
        if node.properties.is_empty() {
            // Free-form (metadata, a map): values of additionalProperties, else unknown.
            return match node.additional_properties {
                Some(AdditionalProperties::Schema(values)) => Ty::Schema(values),
                _ => Ty::Dyn,
            };
        }
        match property(node, field) {
            Some(child) => Ty::Schema(child),
            None if field.contains("__") => Ty::Dyn,
            None => {
                if self.found.is_none() {
                    if let Some(at) = (self.offset)(id) {
                        self.found = Some((field.to_owned(), at));
                    }
                }
                Ty::Dyn
            }
        }
    }

    /// The type of an element of a value of type `ty` (a list's item, a map's value).
    fn element(&self, ty: Ty) -> Ty {
        let Ty::Schema(node) = ty else {
            return Ty::Dyn;
        };
        let node = self.node(node);
        match (node.items, &node.additional_properties) {
            (Some(items), _) => Ty::Schema(items),
            (None, Some(AdditionalProperties::Schema(values))) => Ty::Schema(*values),
            _ => Ty::Dyn,
        }
    }

    /// A macro's iteration variable over a value of type `ty`: a list's element; a map's key.
    fn iterated(&self, ty: Ty) -> Ty {
        match ty {
            Ty::Schema(node) if self.node(node).items.is_some() => self.element(ty),
            _ => Ty::Dyn,
        }
    }

    fn expr(&mut self, e: &IdedExpr) -> Ty {
        match &e.expr {
            Expr::Ident(name) => {
                if let Some((_, ty)) = self.scopes.iter().rev().find(|(n, _)| n == name) {
                    return *ty;
                }
                match name.as_str() {
                    "object" | "oldObject" => Ty::Schema(self.root),
                    _ => Ty::Dyn,
                }
            }
            Expr::Select(select) => {
                let operand = self.expr(&select.operand);
                self.select(operand, &select.field, e.id)
            }
            Expr::Call(call) => self.call(call, e.id),
            Expr::Comprehension(c) => {
                let range = self.expr(&c.iter_range);
                self.expr(&c.accu_init);
                let depth = self.scopes.len();
                self.scopes.push((c.accu_var.clone(), Ty::Dyn));
                match &c.iter_var2 {
                    // Two variables: an index or key, then the value.
                    Some(second) => {
                        self.scopes.push((c.iter_var.clone(), Ty::Dyn));
                        let value = self.element(range);
                        self.scopes.push((second.clone(), value));
                    }
                    None => {
                        let item = self.iterated(range);
                        self.scopes.push((c.iter_var.clone(), item));
                    }
                }
                self.expr(&c.loop_cond);
                self.expr(&c.loop_step);
                self.expr(&c.result);
                self.scopes.truncate(depth);
                Ty::Dyn
            }
            Expr::List(list) => {
                for item in &list.elements {
                    self.expr(item);
                }
                Ty::Dyn
            }
            Expr::Map(map) => {
                for entry in &map.entries {
                    if let EntryExpr::MapEntry(entry) = &entry.expr {
                        self.expr(&entry.key);
                        self.expr(&entry.value);
                    }
                }
                Ty::Dyn
            }
            Expr::Struct(s) => {
                for entry in &s.entries {
                    if let EntryExpr::StructField(field) = &entry.expr {
                        self.expr(&field.value);
                    }
                }
                Ty::Dyn
            }
            Expr::Literal(_) | Expr::Unspecified => Ty::Dyn,
        }
    }

    fn call(&mut self, call: &cel::common::ast::CallExpr, id: u64) -> Ty {
        if let Some(target) = &call.target {
            self.expr(target);
        }
        let args: Vec<Ty> = call.args.iter().map(|a| self.expr(a)).collect();
        match (call.func_name.as_str(), args.as_slice()) {
            ("_[_]" | "_[?_]", [operand, _]) => self.element(*operand),
            ("_?._", [operand, _]) => match call.args.get(1).map(|a| &a.expr) {
                Some(Expr::Literal(cel::common::ast::LiteralValue::String(field))) => {
                    let field = field.to_string();
                    self.select(*operand, &field, id)
                }
                _ => Ty::Dyn,
            },
            _ => Ty::Dyn,
        }
    }
}
