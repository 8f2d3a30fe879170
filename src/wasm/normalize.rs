//! JS exports `normalize`, `convert` and `upgradeCheck`.

use tsify::Ts;
use wasm_bindgen::prelude::*;

use super::{grow_memory_for, parse_options, to_js, OPTION_KEYS};
use crate::normalize::{ConvertOptions, NormalizeOptions, NormalizeResult, UpgradeCheckResult};

/// Keys `normalize` accepts besides those of `lint`.
const NORMALIZE_KEYS: [&str; 3] = ["format", "dropDefaults", "fillNamespace"];

/// Keys `convert` accepts besides those of `lint` (whose `gatewayApi` is the input's release).
const CONVERT_KEYS: [&str; 2] = ["to", "format"];

/// The keys of `lint`, then `own`.
fn keys(own: &[&'static str]) -> Vec<&'static str> {
    OPTION_KEYS.iter().chain(own).copied().collect()
}

/// Fills in the schema defaults of the chosen release, sorts lists the schema declares
/// unordered, and writes keys in canonical order; `dropDefaults` gives the minimal manifest.
/// Comments are not kept.
#[wasm_bindgen]
pub fn normalize(
    text: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "NormalizeOptions")] options: Option<JsValue>,
) -> Result<Ts<NormalizeResult>, JsError> {
    let options: NormalizeOptions = parse_options(options, &keys(&NORMALIZE_KEYS))?;
    grow_memory_for(text.len());
    let result = crate::normalize(text, &options);
    Ok(Ts::new_unchecked(to_js(&result)?))
}

/// Moves each Gateway API object to the newest version of its kind that the target release
/// (`to`) serves, moving fields that moved; what cannot convert is reported and kept as written.
#[wasm_bindgen]
pub fn convert(
    text: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "ConvertOptions")] options: Option<JsValue>,
) -> Result<Ts<NormalizeResult>, JsError> {
    let options: ConvertOptions = parse_options(options, &keys(&CONVERT_KEYS))?;
    grow_memory_for(text.len());
    let result = crate::convert(text, &options);
    Ok(Ts::new_unchecked(to_js(&result)?))
}

/// What moving the input to the target release (`to`) breaks, per object: its status there
/// (`unchanged`, `converted`, `notConverted`, `invalid`), the changes `convert` would make, and
/// its `convert/*` diagnostics; no output text. Options as `convert`'s (`format` is ignored).
#[wasm_bindgen(js_name = upgradeCheck)]
pub fn upgrade_check(
    text: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "ConvertOptions")] options: Option<JsValue>,
) -> Result<Ts<UpgradeCheckResult>, JsError> {
    let options: ConvertOptions = parse_options(options, &keys(&CONVERT_KEYS))?;
    grow_memory_for(text.len());
    let result = crate::normalize::upgrade_check(text, &options);
    Ok(Ts::new_unchecked(to_js(&result)?))
}
