//! `preview`: the topology as an SVG picture, and one line of text per object.

use tsify::Ts;
use wasm_bindgen::prelude::*;

use super::{grow_memory_for, parse_options, to_js, JsLinter, OPTION_KEYS};
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

#[wasm_bindgen(js_class = Linter)]
impl JsLinter {
    /// Draws the text as `preview(text, { ...linterOptions, ...layout })` does, through this
    /// linter: unchanged documents are not linted again, and the text of the last `evaluate` is
    /// not evaluated again (an editor's panels and picture share one evaluation). `layout` takes
    /// `maxWidth` and `direction`; throws on bad ones.
    pub fn preview(
        &mut self,
        text: &str,
        #[wasm_bindgen(
            unchecked_optional_param_type = "Pick<PreviewOptions, \"maxWidth\" | \"direction\">"
        )]
        layout: Option<JsValue>,
    ) -> Result<Ts<PreviewResult>, JsError> {
        let options: PreviewOptions = parse_options(layout, &PREVIEW_KEYS)?;
        let layout = options
            .layout()
            .map_err(|problem| JsError::new(&format!("gwlint: invalid options: {problem}")))?;
        grow_memory_for(text.len());
        let result = crate::preview::preview_with_linter(&mut self.inner, text, layout);
        Ok(Ts::new_unchecked(to_js(&result)?))
    }
}
