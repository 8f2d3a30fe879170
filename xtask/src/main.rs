//! Project tasks. `cargo run -p xtask -- codegen [--check]` reads the upstream Gateway API CRDs
//! from `../shared/gateway-api/crds/<release>/<channel>/` and writes the compact schema table the
//! crate embeds (`src/schema/generated/schemas.json`), and the same table for the AWS Gateway API
//! Controller's own CRDs from `../shared/aws-gateway-api-controller/v2.1.3/crds/`
//! (`src/profile/aws_vpc_lattice/generated/crds.json`, used by the `aws-vpc-lattice` profile).
//! `--check` fails when a committed file differs from what the CRDs give.

mod codegen;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen::run(args.iter().any(|a| a == "--check")),
        _ => Err("usage: cargo run -p xtask -- codegen [--check]".to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
