//! Panics in the wasm build. With `panic = "abort"` a panic is a wasm trap
//! (`WebAssembly.RuntimeError: unreachable`) that would lose its message: the hook, installed
//! when the module is instantiated, writes it to `console.error` first.
//!
//! A trap can leave the instance unusable (a thread-local `RefCell` still borrowed, a cache or
//! the allocator half-updated), so that every later call fails. The Node package's entry point
//! (pkg/node/gwlint.js, written by scripts/build-wasm.sh from scripts/wasm-recovery.cjs) loads a
//! fresh instance when a call traps.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// Runs once, when the module is instantiated.
#[wasm_bindgen(start)]
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error(&format!(
            "gwlint: internal error (please report it): {info}"
        ));
    }));
}

/// Test support (pkg-tests/recovery.test.mjs), not API: traps the way a bug would, leaving the
/// schema pattern cache borrowed, so that later lints trap too until the module is reloaded.
#[doc(hidden)]
#[wasm_bindgen(js_name = "__gwlintTestTrap", skip_typescript)]
pub fn test_trap() {
    crate::schema::validate::panic_holding_the_pattern_cache();
}
