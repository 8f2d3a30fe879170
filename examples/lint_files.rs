//! Lints files given on the command line and prints each diagnostic (a quick host-side CLI).
//! `cargo run --example lint_files -- [--gateway-api V] [--channel C] [--evaluate] FILE...`

use gwlint::{lint, ChannelOption, GatewayApiRelease, LintOptions};

fn main() {
    let mut options = LintOptions::default();
    let mut files = Vec::new();
    let mut evaluate = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--gateway-api" => {
                let v = args.next().unwrap_or_default();
                options.gateway_api =
                    serde_json::from_value(serde_json::Value::String(v)).unwrap_or_default();
            }
            "--channel" => {
                let v = args.next().unwrap_or_default();
                options.channel = serde_json::from_value(serde_json::Value::String(v))
                    .unwrap_or(ChannelOption::Auto);
            }
            "--evaluate" => evaluate = true,
            _ => files.push(arg),
        }
    }
    let _ = GatewayApiRelease::Auto;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        if evaluate {
            let result = gwlint::evaluate(&text, &options);
            println!(
                "{}",
                serde_json::to_string_pretty(&result).unwrap_or_default()
            );
            continue;
        }
        let result = lint(&text, &options);
        for d in result.diagnostics {
            println!(
                "{file}:{}:{}: {:?} {} {}",
                d.range.start.line + 1,
                d.range.start.character + 1,
                d.severity,
                d.code,
                d.message
            );
        }
        let kinds: Vec<String> = result
            .resources
            .iter()
            .map(|r| {
                format!(
                    "{}{}",
                    r.kind.clone().unwrap_or_default(),
                    if r.known { "" } else { "?" }
                )
            })
            .collect();
        eprintln!("{file}: {}", kinds.join(" "));
    }
}
