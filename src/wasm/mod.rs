//! The JS bindings: each export decodes its input, makes one call into the core, and encodes
//! the result. Misuse (bad options) throws an `Error`; bad input text never throws.

mod normalize;
mod panic;
mod profile;

use serde::Serialize;
use tsify::Ts;
use wasm_bindgen::prelude::*;

use crate::options::{value_problem, OptionValue};
use crate::{EvaluateResult, LintOptions, LintResult};

mod preview;
mod rules;

/// Option keys `lint` accepts; serde-wasm-bindgen reads only declared fields, so unknown keys
/// are caught here.
pub(crate) const OPTION_KEYS: [&str; 12] = [
    "gatewayApi",
    "channel",
    "namespace",
    "previous",
    "cel",
    "controllerName",
    "profile",
    "rules",
    "references",
    "policies",
    "userInfo",
    "authorizer",
];

/// Whether `code` is a rule gwlint reports: the catalogue, or a profile's rule.
fn known_code(code: &str) -> bool {
    crate::rules::RULES.iter().any(|r| r.code == code)
        || crate::profile::all()
            .iter()
            .any(|p| p.rules.iter().any(|r| r.code == code))
        || code == "aws-vpc-lattice/accepted-but-event"
}

/// Checks the `rules` option: an object of known codes to levels.
fn rules_problem(value: &JsValue) -> Option<String> {
    if value.is_undefined() || value.is_null() {
        return None;
    }
    if !value.is_object() || js_sys::Array::is_array(value) {
        return Some("rules must be an object of rule codes to levels".to_owned());
    }
    let object: &js_sys::Object = value.unchecked_ref();
    for code in js_sys::Object::keys(object).iter() {
        let code = code.as_string().unwrap_or_default();
        if !known_code(&code) {
            return Some(format!(
                "rules: unknown rule {code:?}; rules() and profiles() list the codes"
            ));
        }
        let level = js_sys::Reflect::get(object, &JsValue::from_str(&code))
            .ok()
            .and_then(|v| v.as_string());
        if !level
            .as_deref()
            .is_some_and(|l| crate::options::RULE_LEVEL_NAMES.contains(&l))
        {
            return Some(format!(
                "rules[{code:?}] must be one of {}; got {}",
                crate::options::RULE_LEVEL_NAMES.join(", "),
                level.map_or("a value that is not a string".to_owned(), |l| format!(
                    "{l:?}"
                ))
            ));
        }
    }
    None
}

fn options_from(value: Option<JsValue>) -> Result<LintOptions, JsError> {
    parse_options(value, &OPTION_KEYS)
}

/// Decodes an options object whose keys must all be in `keys`; absent, `undefined` or `null`
/// options are the defaults. Other exports (with more options) call this with their own keys.
pub(crate) fn parse_options<T: serde::de::DeserializeOwned + Default>(
    value: Option<JsValue>,
    keys: &[&str],
) -> Result<T, JsError> {
    let Some(value) = value.filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(T::default());
    };
    if !value.is_object() || js_sys::Array::is_array(&value) {
        return Err(JsError::new("gwlint: invalid options: expected an object"));
    }
    let object: &js_sys::Object = value.unchecked_ref();
    for key in js_sys::Object::keys(object).iter() {
        let key = key.as_string().unwrap_or_default();
        if !keys.contains(&key.as_str()) {
            return Err(JsError::new(&format!(
                "gwlint: invalid options: unknown option `{key}`, expected one of {}",
                keys.join(", ")
            )));
        }
        let given = js_sys::Reflect::get(object, &JsValue::from_str(&key)).unwrap_or_default();
        if key == "rules" {
            if let Some(problem) = rules_problem(&given) {
                return Err(JsError::new(&format!("gwlint: invalid options: {problem}")));
            }
            continue;
        }
        let text = given.as_string();
        let kind = if js_sys::Array::is_array(&given) {
            "array".to_owned()
        } else {
            given.js_typeof().as_string().unwrap_or_default()
        };
        let got = match (&text, given.as_bool()) {
            _ if given.is_undefined() || given.is_null() => OptionValue::Absent,
            (Some(text), _) => OptionValue::Text(text),
            (None, Some(_)) => OptionValue::Bool,
            _ => OptionValue::Other(&kind),
        };
        if let Some(problem) = value_problem(&key, &got) {
            return Err(JsError::new(&format!("gwlint: invalid options: {problem}")));
        }
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        let text = e.to_string();
        let text = text.strip_prefix("Error: ").unwrap_or(&text).to_owned();
        JsError::new(&format!("gwlint: invalid options: {text}"))
    })
}

/// Encodes a result for JS: JSON text in wasm memory, then one `JSON.parse` in the engine. For
/// results of thousands of objects this is several times faster than building the JS objects
/// field by field across the boundary, and gives the same values (absent fields are `null`, maps
/// are plain objects).
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let text = serde_json::to_string(value)
        .map_err(|e| JsError::new(&format!("gwlint: could not encode the result: {e}")))?;
    js_sys::JSON::parse(&text)
        .map_err(|_| JsError::new("gwlint: could not decode the encoded result"))
}

/// The version of gwlint.
#[wasm_bindgen]
pub fn version() -> String {
    crate::version().to_owned()
}

/// Lints a multi-document YAML or JSON text against the Gateway API CRD schemas.
#[wasm_bindgen]
pub fn lint(
    text: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "LintOptions")] options: Option<JsValue>,
) -> Result<Ts<LintResult>, JsError> {
    let options = options_from(options)?;
    grow_memory_for(text.len());
    let result = crate::lint(text, &options);
    Ok(Ts::new_unchecked(to_js(&result)?))
}

/// Lints, then computes the status a conformant controller would write for each object, the
/// effective BackendTLSPolicy per Service port, and the topology.
#[wasm_bindgen]
pub fn evaluate(
    text: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "LintOptions")] options: Option<JsValue>,
) -> Result<Ts<EvaluateResult>, JsError> {
    let options = options_from(options)?;
    grow_memory_for(text.len());
    let result = crate::evaluate(text, &options);
    Ok(Ts::new_unchecked(to_js(&result)?))
}

/// Reserves heap once, up front, for an input of `len` bytes: growing wasm memory in small
/// steps costs about 1 ms a step in V8, which dominated large inputs. The allocator keeps the
/// freed block and serves the parse from it.
pub(crate) fn grow_memory_for(len: usize) {
    // A parsed tree with its defaulted copy takes several times the text.
    let reserve = len.saturating_mul(8);
    if reserve > 1024 * 1024 {
        drop(Vec::<u8>::with_capacity(reserve));
    }
}

/// An incremental linter for an editor: lint or evaluate successive versions of one text. Each
/// call reuses the results of every document whose text did not change since the last call
/// (wherever it moved), so a keystroke re-checks one document. Results equal `lint(text,
/// options)` and `evaluate(text, options)`. Call `free()` when done.
#[wasm_bindgen(js_name = Linter)]
pub struct JsLinter {
    pub(crate) inner: crate::Linter,
}

#[wasm_bindgen(js_class = Linter)]
impl JsLinter {
    /// Takes the options of `lint`; throws on bad options.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "LintOptions")] options: Option<JsValue>,
    ) -> Result<JsLinter, JsError> {
        Ok(JsLinter {
            inner: crate::Linter::new(options_from(options)?),
        })
    }

    /// Replaces the options (the cache is dropped when they differ); throws on bad options.
    #[wasm_bindgen(js_name = setOptions)]
    pub fn set_options(
        &mut self,
        #[wasm_bindgen(unchecked_optional_param_type = "LintOptions")] options: Option<JsValue>,
    ) -> Result<(), JsError> {
        self.inner.set_options(options_from(options)?);
        Ok(())
    }

    /// Lints the text, as `lint(text, options)`.
    pub fn lint(&mut self, text: &str) -> Result<Ts<LintResult>, JsError> {
        grow_memory_for(text.len());
        let result = self.inner.lint(text);
        Ok(Ts::new_unchecked(to_js(&result)?))
    }

    /// Lints and evaluates the text, as `evaluate(text, options)`.
    pub fn evaluate(&mut self, text: &str) -> Result<Ts<EvaluateResult>, JsError> {
        grow_memory_for(text.len());
        let result = self.inner.evaluate_shared(text);
        Ok(Ts::new_unchecked(to_js(&*result)?))
    }
}
