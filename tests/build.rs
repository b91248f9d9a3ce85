//! Generates the code of every fixture spec into `OUT_DIR` with the build-script API, so
//! `src/lib.rs` compiles each one (the snapshot tests check the same output text).

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fixtures = Path::new("fixtures");
    // The directory itself, so an added fixture reruns this too.
    println!("cargo:rerun-if-changed={}", fixtures.display());
    for entry in std::fs::read_dir(fixtures)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "yaml") {
            hwc_codegen::generate(&path)?;
        }
    }
    Ok(())
}
