//! Fuzzes the incremental `Linter`: the input is a sequence of texts separated by 0xFF bytes
//! (versions of one editor buffer); after each, the linter's result must equal a fresh `lint`
//! of the same text, and its `evaluate` a fresh `evaluate` of the last one.
#![no_main]

use gwlint::{evaluate, lint, GatewayApiRelease, LintOptions, Linter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (selector, rest) = data.split_first().map_or((0, data), |(s, r)| (*s, r));
    let options = LintOptions {
        gateway_api: if selector % 2 == 0 {
            GatewayApiRelease::Auto
        } else {
            GatewayApiRelease::V1_2_1
        },
        cel: selector % 3 != 0,
        ..LintOptions::default()
    };
    let mut linter = Linter::new(options.clone());
    let mut last = String::new();
    for version in rest.split(|&b| b == 0xFF).take(16) {
        let text = String::from_utf8_lossy(version).into_owned();
        let incremental = serde_json::to_string(&linter.lint(&text)).unwrap_or_default();
        let fresh = serde_json::to_string(&lint(&text, &options)).unwrap_or_default();
        assert_eq!(incremental, fresh);
        last = text;
    }
    let incremental = serde_json::to_string(&linter.evaluate(&last)).unwrap_or_default();
    let fresh = serde_json::to_string(&evaluate(&last, &options)).unwrap_or_default();
    assert_eq!(incremental, fresh);
});
