//! Running a built example binary from a test, and reading what it printed.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

/// The example binary `name` that `cargo test` builds next to the test binaries
/// (`target/<profile>/examples/`); cargo gives tests the path of binaries only.
fn example(name: &str) -> PathBuf {
    let test = std::env::current_exe().expect("the test binary's path");
    let profile = test
        .parent()
        .and_then(|deps| deps.parent())
        .expect("tests run from target/<profile>/deps");
    let binary = profile
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        binary.exists(),
        "{} is missing: run the tests with `cargo test` or `cargo nextest run` for the whole \
         package (they build examples), or `cargo build -p hwc-clients --example {name}`",
        binary.display()
    );
    binary
}

/// Runs the example `name` with `args` and only the environment variables in `env` set
/// from the Huawei SDK ones.
pub async fn run(name: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(example(name));
    command.args(args);
    for name in [
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
        "HUAWEICLOUD_SDK_SECURITY_TOKEN",
        "HUAWEICLOUD_SDK_PROJECT_ID",
    ] {
        command.env_remove(name);
    }
    command.envs(env.iter().copied());
    // The mock server runs on this test's runtime: wait for the process off it.
    tokio::task::spawn_blocking(move || command.output().expect("the example runs"))
        .await
        .expect("the waiting thread")
}

/// Each line of standard output as one JSON value.
pub fn stdout_lines(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not one JSON value: {line}: {e}"))
        })
        .collect()
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
