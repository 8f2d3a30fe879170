//! The JS bindings: each export decodes its input, makes one call into the core, and encodes
//! the result. Misuse (bad options) throws an `Error`; bad input text never throws.

mod normalize;
mod panic;
mod profile;

use serde::Serialize;
use tsify::Ts;
use wasm_bindgen::prelude::*;

use crate::{EvaluateResult, LintOptions, LintResult};

mod preview;
mod rules;

/// Option keys `lint` accepts; serde-wasm-bindgen reads only declared fields, so unknown keys
/// are caught here.
pub(crate) const OPTION_KEYS: [&str; 7] = [
    "gatewayApi",
    "channel",
    "namespace",
    "previous",
    "cel",
    "controllerName",
    "profile",
];

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
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        let text = e.to_string();
        let text = text.strip_prefix("Error: ").unwrap_or(&text).to_owned();
        JsError::new(&format!("gwlint: invalid options: {text}"))
    })
}

pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_missing_as_null(true)
        .serialize_maps_as_objects(true);
    value
        .serialize(&serializer)
        .map_err(|e| JsError::new(&format!("gwlint: could not encode the result: {e}")))
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
