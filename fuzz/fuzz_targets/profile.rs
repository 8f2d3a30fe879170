//! Fuzzes `lint` with `profile: aws-vpc-lattice` (arbitrary bytes as text, lossily; the first
//! byte picks the release): it must never panic, and every diagnostic's offsets must lie
//! inside the text.
#![no_main]

use gwlint::{lint, GatewayApiRelease, LintOptions, ProfileName};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (selector, rest) = data.split_first().map_or((0, data), |(s, r)| (*s, r));
    let text = String::from_utf8_lossy(rest);
    let releases = [
        GatewayApiRelease::Auto,
        GatewayApiRelease::V1_2_1,
        GatewayApiRelease::V1_6_1,
    ];
    let options = LintOptions {
        gateway_api: releases[usize::from(selector) % releases.len()],
        profile: ProfileName::AwsVpcLattice,
        ..LintOptions::default()
    };
    let result = lint(&text, &options);
    let len = text.encode_utf16().count() as u32;
    for d in &result.diagnostics {
        assert!(d.offsets.start <= d.offsets.end && d.offsets.end <= len);
    }
});
