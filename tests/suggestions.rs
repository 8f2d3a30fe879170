//! "Did you mean" and channel hints: a misspelt field or enum value names the nearest valid one
//! and carries a fix; a field of the experimental channel or of a newer release says so. Every
//! fix, applied, removes its diagnostic and adds none.

use std::path::{Path, PathBuf};

use gwlint::{lint, ChannelOption, Diagnostic, GatewayApiRelease, LintOptions};

fn shared() -> PathBuf {
    std::env::var_os("GWLINT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

/// Applies a fix's edits (UTF-16 offsets) to the text.
fn apply(text: &str, diagnostic: &Diagnostic) -> Option<String> {
    let fix = diagnostic.fixes.first()?;
    let mut units: Vec<u16> = text.encode_utf16().collect();
    let mut edits: Vec<_> = fix.edits.iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.offsets.start));
    for edit in edits {
        let (start, end) = (edit.offsets.start as usize, edit.offsets.end as usize);
        let tail = units.split_off(end.min(units.len()));
        units.truncate(start);
        units.extend(edit.new_text.encode_utf16());
        units.extend(tail);
    }
    String::from_utf16(&units).ok()
}

fn errors(text: &str, options: &LintOptions) -> Vec<String> {
    lint(text, options)
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == gwlint::Severity::Error)
        .map(|d| format!("{} {}", d.code, d.message))
        .collect()
}

#[test]
fn a_misspelt_field_names_the_nearest_and_fixes_it() {
    let text = "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: gw\nspec:\n  gatewayClasName: c\n  listeners:\n  - name: http\n    port: 80\n    protocol: HTTP\n";
    let result = lint(text, &LintOptions::default());
    let unknown = result
        .diagnostics
        .iter()
        .find(|d| d.code == "schema/unknown-field");
    assert_eq!(
        unknown.and_then(|d| d.help.as_deref()),
        Some("did you mean \"gatewayClassName\"?")
    );
    let fixed = unknown.and_then(|d| apply(text, d)).unwrap_or_default();
    assert!(fixed.contains("  gatewayClassName: c\n"), "{fixed}");
    assert_eq!(
        errors(&fixed, &LintOptions::default()),
        Vec::<String>::new()
    );
}

#[test]
fn a_misspelt_enum_value_names_the_nearest_and_keeps_the_quotes() {
    let text = "{\"apiVersion\": \"gateway.networking.k8s.io/v1\", \"kind\": \"HTTPRoute\", \"metadata\": {\"name\": \"r\"}, \"spec\": {\"rules\": [{\"matches\": [{\"path\": {\"type\": \"pathPrefix\", \"value\": \"/\"}}]}]}}";
    let result = lint(text, &LintOptions::default());
    let bad = result.diagnostics.iter().find(|d| d.code == "schema/enum");
    assert_eq!(
        bad.and_then(|d| d.help.as_deref()),
        Some("did you mean \"PathPrefix\"?")
    );
    let fixed = bad.and_then(|d| apply(text, d)).unwrap_or_default();
    assert!(fixed.contains("\"type\": \"PathPrefix\""), "{fixed}");
    assert_eq!(
        errors(&fixed, &LintOptions::default()),
        Vec::<String>::new()
    );
}

#[test]
fn a_field_of_the_experimental_channel_or_a_newer_release_says_so() {
    let text = "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: r\nspec:\n  rules:\n  - name: first\n    backendRefs:\n    - name: s\n      port: 80\n";
    let standard = LintOptions {
        gateway_api: GatewayApiRelease::V1_2_1,
        channel: ChannelOption::Standard,
        ..LintOptions::default()
    };
    let result = lint(text, &standard);
    let unknown = result
        .diagnostics
        .iter()
        .find(|d| d.code == "schema/unknown-field");
    assert_eq!(
        unknown.and_then(|d| d.help.as_deref()),
        Some("spec.rules[0].name is served by the experimental channel of Gateway API v1.2.1; set channel: experimental (and install the experimental CRDs)")
    );
    let experimental = LintOptions {
        channel: ChannelOption::Experimental,
        ..standard
    };
    assert_eq!(errors(text, &experimental), Vec::<String>::new());
}

/// The class: in every upstream v1.6.1 example, each key of each object in turn loses one
/// letter; where gwlint suggests a fix, applying it gives back exactly the original's errors.
#[test]
fn every_fix_applied_restores_the_original_errors() {
    let dir = shared().join("gateway-api/examples/v1.6.1/standard");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|f| f.extension().is_some_and(|e| e == "yaml"));
    files.sort();
    let options = LintOptions {
        gateway_api: GatewayApiRelease::V1_6_1,
        ..LintOptions::default()
    };
    let (mut tried, mut fixed) = (0, 0);
    for file in files.iter().take(12) {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let original = errors(&text, &options);
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let key_start = offset + (line.len() - line.trim_start_matches([' ', '-']).len());
            offset += line.len();
            let Some(colon) = line.find(": ").or_else(|| {
                line.trim_end()
                    .ends_with(':')
                    .then(|| line.trim_end().len() - 1)
            }) else {
                continue;
            };
            let key_len = (offset - line.len() + colon).saturating_sub(key_start);
            if key_len < 5 || line.trim_start().starts_with('#') {
                continue;
            }
            // Drop the key's second letter.
            let mut broken = text.clone();
            broken.replace_range(key_start + 1..key_start + 2, "");
            tried += 1;
            let result = lint(&broken, &options);
            for d in result.diagnostics.iter().filter(|d| !d.fixes.is_empty()) {
                let after = apply(&broken, d).unwrap_or_default();
                assert_eq!(
                    errors(&after, &options),
                    original,
                    "{}: the fix for {:?} did not restore the original",
                    file.display(),
                    d.message
                );
                fixed += 1;
            }
        }
    }
    assert!(tried > 100 && fixed > 50, "tried {tried}, fixed {fixed}");
}
