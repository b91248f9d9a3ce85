//! Generates typed async Rust clients from OpenAPI 3.0 specs.
//!
//! The pipeline runs one way: `load` (text -> `openapiv3::OpenAPI`) -> `lower` (-> the
//! IR, where every decision about the spec is taken) -> `emit` (-> tokens) -> `format`
//! (-> formatted source); the stages are internal. Problems come back as [`Diagnostics`],
//! located by file and JSON pointer; nothing in the pipeline panics on input.
//!
//! [`render()`] runs it for one spec; [`project`] regenerates the `hwc-clients` crate;
//! [`generate`] and [`Config`] run it from a build script ([`build`]); [`diff`] says what a
//! spec change does to the generated API.

// Every input is a user's input: library code returns errors instead of panicking.
#![cfg_attr(
    not(test),
    warn(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod build;
pub mod diagnostic;
pub mod diff;
mod emit;
mod format;
mod ir;
mod load;
mod lower;
pub mod pages;
pub mod project;
mod render;
mod select;
mod strip_docs;
#[cfg(test)]
mod test_specs;

use std::path::Path;

pub use build::{Config, Generated, generate};
pub use diagnostic::{Diagnostic, Diagnostics};
pub use format::write_if_changed;
pub use render::Rendered;
pub use select::Selection;

/// Renders the spec at `path` to the source of one Rust module.
pub fn render(path: &Path) -> Result<Rendered, Diagnostics> {
    let spec = load::load_file(path)?;
    render::render(&spec, &render::Options::default())
}

/// Renders spec `text` (YAML or JSON); `path` only names it in diagnostics.
pub fn render_str(path: &Path, text: &str) -> Result<Rendered, Diagnostics> {
    let spec = load::load_str(path, text)?;
    render::render(&spec, &render::Options::default())
}

/// The pipeline's stages one by one, for the generator's own benchmark
/// (`benches/generate.rs` times each); not an API.
#[doc(hidden)]
pub mod stages {
    pub use crate::emit::emit;
    pub use crate::format::format_file;
    pub use crate::load::load_str;
    pub use crate::lower::lower;
}
