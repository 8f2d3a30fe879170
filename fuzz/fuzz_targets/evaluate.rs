//! Fuzzes `evaluate` with arbitrary bytes (as text, lossily): it must never panic, and every
//! diagnostic's offsets must lie inside the text.
#![no_main]

use gwlint::{evaluate, LintOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let result = evaluate(&text, &LintOptions::default());
    let len = text.encode_utf16().count() as u32;
    for d in &result.diagnostics {
        assert!(d.offsets.start <= d.offsets.end && d.offsets.end <= len);
    }
});
