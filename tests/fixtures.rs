//! Snapshot tests: each `tests/fixtures/lint/<case>.yaml` is linted with the options named on its
//! first line (`# gwlint: gatewayApi=... channel=...`), and the rendered diagnostics must equal
//! `<case>.snap`. `UPDATE_SNAPSHOTS=1 cargo test --test fixtures` rewrites the snapshots.

use std::path::Path;

use gwlint::{lint, LintOptions};

fn options_from_header(text: &str) -> LintOptions {
    let mut map = serde_json::Map::new();
    if let Some(header) = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# gwlint:"))
    {
        for pair in header.split_whitespace() {
            if let Some((k, v)) = pair.split_once('=') {
                map.insert(k.to_owned(), serde_json::Value::String(v.to_owned()));
            }
        }
    }
    serde_json::from_value(serde_json::Value::Object(map)).unwrap_or_default()
}

/// Diagnostics as text: position, severity, code, field path, the flagged text, message, help.
fn render(text: &str) -> String {
    let result = lint(text, &options_from_header(text));
    let utf16: Vec<u16> = text.encode_utf16().collect();
    let mut out = format!("gatewayApi: {}\n", result.gateway_api);
    for r in &result.resources {
        out.push_str(&format!(
            "resource #{}: {} {} {}/{} channel={} known={}\n",
            r.document_index,
            r.api_version.as_deref().unwrap_or("-"),
            r.kind.as_deref().unwrap_or("-"),
            r.namespace.as_deref().unwrap_or("-"),
            r.name.as_deref().unwrap_or("-"),
            r.channel.map_or("-", |c| c.as_str()),
            r.known
        ));
    }
    for d in &result.diagnostics {
        let flagged = utf16
            .get(d.offsets.start as usize..d.offsets.end as usize)
            .map(String::from_utf16_lossy)
            .unwrap_or_default();
        out.push_str(&format!(
            "{}:{}-{}:{} {:?} {} [{}] {:?}\n  {}\n",
            d.range.start.line + 1,
            d.range.start.character + 1,
            d.range.end.line + 1,
            d.range.end.character + 1,
            d.severity,
            d.code,
            d.field_path.as_deref().unwrap_or("-"),
            flagged,
            d.message
        ));
        if let Some(help) = &d.help {
            out.push_str(&format!("  help: {help}\n"));
        }
    }
    out
}

#[test]
fn lint_fixtures_match_their_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 5, "fixtures missing in {}", dir.display());
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut stale = Vec::new();
    for case in cases {
        let text = std::fs::read_to_string(&case).unwrap_or_default();
        let rendered = render(&text);
        let snap = case.with_extension("snap");
        if update {
            let _ = std::fs::write(&snap, &rendered);
            continue;
        }
        let expected = std::fs::read_to_string(&snap).unwrap_or_default();
        if expected != rendered {
            stale.push(format!(
                "{}:\n--- expected\n{expected}\n--- got\n{rendered}",
                case.display()
            ));
        }
    }
    assert!(stale.is_empty(), "{}", stale.join("\n"));
}
