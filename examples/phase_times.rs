//! Times the lint pipeline's phases on a file (host build): split, parse, per-document lint with
//! and without CEL, and the whole `lint`. For finding where time goes; prints figures only.
//!   cargo run --release --example phase_times -- FILE

use std::time::Instant;

use gwlint::cel::CelContext;
use gwlint::lint::{lint_local, LocalContext};
use gwlint::schema::Registry;
use gwlint::yaml::{parse_document, split_documents};
use gwlint::{lint, LintOptions};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: phase_times FILE");
        return;
    };
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let registry = Registry::get();
    let cel = CelContext::default();
    let previous = std::collections::HashMap::new();
    for round in 0..3 {
        let t = Instant::now();
        let chunks = split_documents(&text);
        let split = t.elapsed();
        let t = Instant::now();
        let mut docs: Vec<_> = chunks
            .iter()
            .enumerate()
            .map(|(i, c)| parse_document(text.get(c.start..c.end).unwrap_or(""), i))
            .collect();
        let parse = t.elapsed();
        let mut timings = Vec::new();
        for cel_on in [false, true] {
            let options = LintOptions {
                cel: cel_on,
                ..LintOptions::default()
            };
            let ctx = LocalContext {
                release: "v1.6.1",
                options: &options,
                registry,
                cel: &cel,
                previous: &previous,
            };
            let mut fresh = docs.clone();
            let t = Instant::now();
            let mut findings = 0;
            for doc in &mut fresh {
                findings += lint_local(doc, &ctx).findings.len();
            }
            timings.push((cel_on, t.elapsed(), findings));
        }
        let t = Instant::now();
        let clone = docs.clone();
        let clone_time = t.elapsed();
        drop(clone);
        let t = Instant::now();
        let result = lint(&text, &LintOptions::default());
        let whole = t.elapsed();
        let t = Instant::now();
        let json = serde_json::to_string(&result).unwrap_or_default();
        let serialize = t.elapsed();
        docs.clear();
        let local = |cel_on: bool| {
            timings
                .iter()
                .find(|t| t.0 == cel_on)
                .map(|t| t.1)
                .unwrap_or_default()
        };
        println!(
            "round {round}: split {split:?}, parse {parse:?}, local lint (cel off) {:?}, (cel on) {:?}, clone trees {clone_time:?}, whole lint {whole:?}, json {serialize:?} ({} bytes, {} diagnostics)",
            local(false),
            local(true),
            json.len(),
            result.diagnostics.len()
        );
    }
}
