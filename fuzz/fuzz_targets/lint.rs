//! Fuzzes `lint` with arbitrary bytes (as text, lossily) under every release/channel pairing:
//! it must never panic, and every diagnostic's offsets must lie inside the text.
#![no_main]

use gwlint::{lint, ChannelOption, GatewayApiRelease, LintOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (selector, rest) = data.split_first().map_or((0, data), |(s, r)| (*s, r));
    let text = String::from_utf8_lossy(rest);
    let releases = [
        GatewayApiRelease::Auto,
        GatewayApiRelease::V1_2_1,
        GatewayApiRelease::V1_6_1,
    ];
    let channels = [
        ChannelOption::Auto,
        ChannelOption::Standard,
        ChannelOption::Experimental,
    ];
    let options = LintOptions {
        gateway_api: releases[usize::from(selector) % releases.len()],
        channel: channels[usize::from(selector / 3) % channels.len()],
        ..LintOptions::default()
    };
    let result = lint(&text, &options);
    let len = text.encode_utf16().count() as u32;
    for d in &result.diagnostics {
        assert!(d.offsets.start <= d.offsets.end && d.offsets.end <= len);
    }
});
