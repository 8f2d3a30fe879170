//! Every upstream example manifest lints with zero errors for its release.

use std::path::{Path, PathBuf};

use gwlint::{lint, ChannelOption, GatewayApiRelease, LintOptions, Severity};

fn shared() -> PathBuf {
    std::env::var_os("GWLINT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        {
            out.push(path);
        }
    }
}

fn check(release: GatewayApiRelease, channel: ChannelOption, dir: &str) -> usize {
    let mut files = Vec::new();
    yaml_files(&shared().join("gateway-api/examples").join(dir), &mut files);
    files.sort();
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let options = LintOptions {
            gateway_api: release,
            channel,
            ..LintOptions::default()
        };
        for d in lint(&text, &options).diagnostics {
            if d.severity == Severity::Error {
                failures.push(format!(
                    "{}:{}:{}: {} {}",
                    file.display(),
                    d.range.start.line + 1,
                    d.range.start.character + 1,
                    d.code,
                    d.message
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    files.len()
}

#[test]
fn v1_2_1_examples_lint_clean_on_experimental() {
    let n = check(
        GatewayApiRelease::V1_2_1,
        ChannelOption::Experimental,
        "v1.2.1",
    );
    assert!(n > 20, "only {n} example files found");
}

#[test]
fn v1_6_1_examples_lint_clean() {
    let n = check(GatewayApiRelease::V1_6_1, ChannelOption::Auto, "v1.6.1");
    assert!(n > 20, "only {n} example files found");
}
