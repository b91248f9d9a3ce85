//! Renders every fixture spec into `OUT_DIR`, so `src/lib.rs` compiles the generated code
//! of each one (the snapshot tests check the same output text).

use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let fixtures = manifest.join("fixtures");
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("fixtures");
    std::fs::create_dir_all(&out)?;
    println!("cargo:rerun-if-changed={}", fixtures.display());
    for entry in std::fs::read_dir(&fixtures)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "yaml") {
            println!("cargo:rerun-if-changed={}", path.display());
            render(&path, &out)?;
        }
    }
    Ok(())
}

fn render(spec: &Path, out: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let rendered = hwc_codegen::render(spec)?;
    let name = spec.file_stem().ok_or("fixture without a name")?;
    let target = out.join(name).with_extension("rs");
    hwc_codegen::format::write_if_changed(&target, &rendered.source)?;
    Ok(())
}
