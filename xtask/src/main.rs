//! Project tasks. `cargo run -p xtask -- codegen [--check]` reads the upstream Gateway API CRDs
//! from `../shared/gateway-api/crds/<release>/<channel>/` and writes the compact schema table the
//! crate embeds (`src/schema/generated/schemas.rs`, static data), and the same table for the AWS Gateway API
//! Controller's own CRDs from `../shared/aws-gateway-api-controller/v2.1.3/crds/`
//! (`src/profile/aws_vpc_lattice/generated/crds.json`, used by the `aws-vpc-lattice` profile).
//! `--check` fails when a committed file differs from what the CRDs give.
//! `cargo run -p xtask -- builders OUT_DIR --target node|web|bundler` generates the builders
//! (see builders.rs) into a package directory.

mod builders;
mod codegen;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen::run(args.iter().any(|a| a == "--check")),
        Some("builders") => builders::run(args.get(1..).unwrap_or_default()),
        _ => Err(
            "usage: cargo run -p xtask -- codegen [--check] | builders OUT_DIR --target node|web|bundler"
                .to_owned(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
