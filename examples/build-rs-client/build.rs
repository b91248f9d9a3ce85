//! Generates the bookshelf client into `$OUT_DIR/bookshelf.rs`; cargo reruns this only
//! when `bookshelf.yaml` changes.

fn main() -> Result<(), hwc_codegen::Diagnostics> {
    hwc_codegen::generate("bookshelf.yaml")?;
    Ok(())
}
