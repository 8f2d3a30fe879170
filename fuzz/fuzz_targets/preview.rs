//! Fuzzes `preview` with arbitrary bytes (as text, lossily): it must never panic, and the SVG
//! must be one whole `<svg>` element.
#![no_main]

use gwlint::preview::preview;
use gwlint::LintOptions;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let result = preview(&text, &LintOptions::default());
    let svg = result.svg.trim_end();
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
    assert_eq!(svg.matches("<svg").count(), 1, "{svg}");
});
