//! `preview`: the topology as an SVG picture, and one line of text per object.

use tsify::Ts;
use wasm_bindgen::prelude::*;

use super::{grow_memory_for, parse_options, to_js, OPTION_KEYS};
use crate::preview::{PreviewOptions, PreviewResult};

/// Keys `preview` accepts besides those of `lint`.
const PREVIEW_KEYS: [&str; 2] = ["maxWidth", "direction"];

/// Evaluates, then draws the topology (GatewayClass -> Gateway with its listeners -> routes ->
/// backends, with BackendTLSPolicies and ReferenceGrants where they apply) as a self-contained
/// SVG, and describes each object in one line. Takes the options of `evaluate`, plus the
/// picture's `maxWidth` (the panel's width in CSS pixels) and `direction`.
#[wasm_bindgen]
pub fn preview(
    text: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "PreviewOptions")] options: Option<JsValue>,
) -> Result<Ts<PreviewResult>, JsError> {
    let keys: Vec<&str> = OPTION_KEYS.iter().chain(&PREVIEW_KEYS).copied().collect();
    let options: PreviewOptions = parse_options(options, &keys)?;
    let layout = options
        .layout()
        .map_err(|problem| JsError::new(&format!("gwlint: invalid options: {problem}")))?;
    grow_memory_for(text.len());
    let result = crate::preview::preview_with_layout(text, &options.lint, layout);
    Ok(Ts::new_unchecked(to_js(&result)?))
}
