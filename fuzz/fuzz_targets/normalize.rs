//! Fuzzes `normalize` with arbitrary bytes (as text, lossily) under fuzzed options (format,
//! dropDefaults, fillNamespace): it must never panic, every diagnostic's offsets must lie inside
//! the text, and normalizing is idempotent: when the first output has no syntax errors,
//! normalizing it again with the same options gives the same text.
#![no_main]

use gwlint::{normalize, NormalizeOptions, OutputFormat, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (selector, rest) = data.split_first().map_or((0, data), |(s, r)| (*s, r));
    let text = String::from_utf8_lossy(rest);
    let options = NormalizeOptions {
        format: if selector & 1 == 0 {
            OutputFormat::Yaml
        } else {
            OutputFormat::Json
        },
        drop_defaults: selector & 2 != 0,
        fill_namespace: selector & 4 != 0,
        ..NormalizeOptions::default()
    };
    let first = normalize(&text, &options);
    let len = text.encode_utf16().count() as u32;
    for d in &first.diagnostics {
        assert!(d.offsets.start <= d.offsets.end && d.offsets.end <= len);
    }
    if first.diagnostics.iter().any(|d| d.source == Source::Syntax) {
        return;
    }
    let second = normalize(&first.text, &options);
    assert_eq!(
        second.text, first.text,
        "normalize is not idempotent ({options:?}) on {text:?}"
    );
});
