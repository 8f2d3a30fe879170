//! `profiles()`: every implementation profile with its metadata and rules.

use tsify::Ts;
use wasm_bindgen::prelude::*;

use crate::profile::Profiles;

/// The implementation profiles `options.profile` accepts besides `"upstream"`: name, title,
/// docs, controllerName, supported Gateway API releases, kinds and features, and each rule
/// (code, severity, description, docs URL, enforcement).
#[wasm_bindgen]
pub fn profiles() -> Result<Ts<Profiles>, JsError> {
    let list = Profiles(crate::profile::profiles());
    Ok(Ts::new_unchecked(super::to_js(&list)?))
}
