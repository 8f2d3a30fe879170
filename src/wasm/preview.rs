//! `preview`: the topology as an SVG picture, and one line of text per object.

use tsify::Ts;
use wasm_bindgen::prelude::*;

use super::{grow_memory_for, parse_options, to_js, OPTION_KEYS};
use crate::preview::PreviewResult;
use crate::LintOptions;

/// Evaluates, then draws the topology (GatewayClass -> Gateway -> listeners -> routes ->
/// backends, with BackendTLSPolicies and ReferenceGrants where they apply) as a self-contained
/// SVG, and describes each object in one line. Takes the options of `evaluate`.
#[wasm_bindgen]
pub fn preview(
    text: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "LintOptions")] options: Option<JsValue>,
) -> Result<Ts<PreviewResult>, JsError> {
    let options: LintOptions = parse_options(options, &OPTION_KEYS)?;
    grow_memory_for(text.len());
    let result = crate::preview::preview(text, &options);
    Ok(Ts::new_unchecked(to_js(&result)?))
}
