//! `rules()`: the catalogue of diagnostic codes, for a rules page or an editor's code actions.

use wasm_bindgen::prelude::*;

use super::to_js;
use crate::RuleInfo;

/// Every diagnostic code gwlint's lint and evaluate stages can emit, with its documentation
/// (profile rules are listed by `profiles()`).
#[wasm_bindgen(unchecked_return_type = "RuleInfo[]")]
pub fn rules() -> Result<JsValue, JsError> {
    let rules: &[RuleInfo] = crate::RULES;
    to_js(&rules)
}
