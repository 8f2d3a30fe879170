//! Fuzzes `convert` with arbitrary bytes (as text, lossily) to every target release, in YAML
//! and JSON: it must never panic, and every diagnostic's offsets must lie inside the text.
#![no_main]

use gwlint::{convert, ConvertOptions, GatewayApiRelease, OutputFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (selector, rest) = data.split_first().map_or((0, data), |(s, r)| (*s, r));
    let text = String::from_utf8_lossy(rest);
    let targets = [
        GatewayApiRelease::Auto,
        GatewayApiRelease::V1_2_1,
        GatewayApiRelease::V1_3_0,
        GatewayApiRelease::V1_4_1,
        GatewayApiRelease::V1_5_1,
        GatewayApiRelease::V1_6_1,
    ];
    let options = ConvertOptions {
        to: targets[usize::from(selector >> 1) % targets.len()],
        format: if selector & 1 == 0 {
            OutputFormat::Yaml
        } else {
            OutputFormat::Json
        },
        ..ConvertOptions::default()
    };
    let result = convert(&text, &options);
    let len = text.encode_utf16().count() as u32;
    for d in &result.diagnostics {
        assert!(d.offsets.start <= d.offsets.end && d.offsets.end <= len);
    }
});
