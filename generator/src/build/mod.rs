//! Generating a client from `build.rs`, the way prost-build and bindgen are used.
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), hwc_codegen::Diagnostics> {
//!     hwc_codegen::generate("petstore.yaml")?; // writes $OUT_DIR/petstore.rs
//!     Ok(())
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! pub mod petstore {
//!     hwc_runtime::include_client!("petstore");
//! }
//! ```
//!
//! [`Config`] holds the options: module name, output directory, which operations or tags,
//! extra derives, whether to keep the spec's documentation. The selection and the docs act
//! on the IR between `lower` and `emit`; `emit` writes the derives, leaving out a trait a
//! type implements already. It is the pipeline the command line runs, with options.

mod refs;

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::Options;

/// Generates the client for the spec at `spec` into `$OUT_DIR/<module>.rs`, the module
/// named after the spec file (`my-api.yaml` -> `my_api`), with every default of [`Config`].
pub fn generate(spec: impl AsRef<Path>) -> Result<Generated, Diagnostics> {
    Config::new(spec).generate()
}

/// Options for generating one client from a build script; [`Config::generate`] runs it.
#[derive(Clone, Debug)]
pub struct Config {
    spec: PathBuf,
    module: Option<String>,
    out_dir: Option<PathBuf>,
    options: Options,
    rerun_if_changed: bool,
    strict: bool,
}

/// What [`Config::generate`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Generated {
    /// The module name (what `hwc_runtime::include_client!` takes).
    pub module: String,
    /// The file holding the module's source.
    pub path: PathBuf,
    /// False when the file already held exactly this source and was left untouched.
    pub written: bool,
}

impl Config {
    /// Options for the spec at `spec`, with the defaults: module named after the spec file,
    /// output to `OUT_DIR`, every operation, no extra derives, the spec's documentation kept,
    /// and `cargo:rerun-if-changed` printed.
    pub fn new(spec: impl AsRef<Path>) -> Self {
        Self {
            spec: spec.as_ref().to_path_buf(),
            module: None,
            out_dir: None,
            options: Options::default(),
            rerun_if_changed: true,
            strict: false,
        }
    }

    /// Names the module (and so the file `<module>.rs`); a snake_case Rust identifier.
    #[must_use]
    pub fn module(mut self, name: impl Into<String>) -> Self {
        self.module = Some(name.into());
        self
    }

    /// Writes into `dir` instead of `OUT_DIR`.
    #[must_use]
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Generates only these operations, each named by its `operationId` or by its method
    /// name on the client (with [`Config::tags`]: these and the tagged ones); only the types
    /// they use are kept. Unknown names are an error.
    #[must_use]
    pub fn operations<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.options.selection.operations = Some(names.into_iter().map(Into::into).collect());
        self
    }

    /// Generates only the operations with one of these tags (the spec's `tags`; with
    /// [`Config::operations`]: these and the named ones); only the types they use are kept.
    /// A tag no operation has is an error.
    #[must_use]
    pub fn tags<I, S>(mut self, tags: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.options.selection.tags = Some(tags.into_iter().map(Into::into).collect());
        self
    }

    /// Adds a derive (a path such as `Eq` or `schemars::JsonSchema`) to every named type of
    /// the spec: its structs, enums and unions, not the client or the request builders.
    /// A type that implements a trait of that name already (derived or written out, like
    /// the `Serialize` of enums) is left as it is.
    #[must_use]
    pub fn derive(mut self, path: impl Into<String>) -> Self {
        self.options.derives.push(path.into());
        self
    }

    /// Keeps (`true`, the default) or drops the documentation taken from the spec.
    #[must_use]
    pub fn docs(mut self, keep: bool) -> Self {
        self.options.docs = keep;
        self
    }

    /// Prints (`true`, the default) or not `cargo:rerun-if-changed` lines for the spec and
    /// every file it `$ref`s, so cargo reruns the build script only when one changes.
    #[must_use]
    pub fn rerun_if_changed(mut self, print: bool) -> Self {
        self.rerun_if_changed = print;
        self
    }

    /// Refuses (`true`) or forgives with a warning (`false`, the default) the defects of
    /// published specs that can be repaired: an operation without `responses`, a
    /// parameter without `schema`, a response code written as a YAML integer, a version
    /// written as a YAML number, a security scheme the client cannot send. Notes (a skipped webhook, a JSON Schema keyword read
    /// loosely) are never errors.
    #[must_use]
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Renders the module with these options without writing it (what `hwc-codegen render`
    /// prints); the module name and output directory are not used.
    pub fn render(&self) -> Result<crate::Rendered, Diagnostics> {
        let spec = self.load()?;
        self.render_loaded(&spec)
    }

    /// Renders a loaded spec; under [`Self::strict`], lowering's warnings are errors too.
    fn render_loaded(
        &self,
        spec: &crate::load::LoadedSpec,
    ) -> Result<crate::Rendered, Diagnostics> {
        let rendered = crate::render::render(spec, &self.options)?;
        if self.strict {
            crate::diagnostic::refuse_warnings(&rendered.api.warnings)?;
        }
        Ok(rendered)
    }

    /// Loads the spec; under [`Self::strict`], its warnings are errors.
    fn load(&self) -> Result<crate::load::LoadedSpec, Diagnostics> {
        let spec = crate::load::load_file(&self.spec)?;
        if self.strict {
            crate::diagnostic::refuse_warnings(&spec.warnings)?;
        }
        Ok(spec)
    }

    /// Generates the module and writes it, unless the file already holds exactly that.
    /// Warnings about the spec are printed as `cargo:warning` lines (see [`Self::strict`]);
    /// notes are not (`hwc-codegen render` prints both).
    pub fn generate(&self) -> Result<Generated, Diagnostics> {
        // Printed before anything can fail, so a broken spec still reruns the build once
        // it is fixed.
        if self.rerun_if_changed {
            println!("cargo:rerun-if-changed={}", self.spec.display());
        }
        let module = self.module_name()?;
        let out_dir = self.output_dir()?;
        let spec = self.load()?;
        // Warnings only: notes describe documented loosenings (README), and a build that
        // repeats them on every change of the spec would bury the warnings.
        print_warnings(&spec.warnings);
        if self.rerun_if_changed {
            for file in refs::referenced_files(&spec) {
                println!("cargo:rerun-if-changed={}", file.display());
            }
        }
        let rendered = self.render_loaded(&spec)?;
        print_warnings(&rendered.api.warnings);
        let source = rendered.source;
        let path = out_dir.join(format!("{module}.rs"));
        let written = crate::format::write_if_changed(&path, &source).map_err(|error| {
            Diagnostic::new(&path, "#", format!("cannot write the module: {error}"))
        })?;
        Ok(Generated {
            module,
            path,
            written,
        })
    }

    fn module_name(&self) -> Result<String, Diagnostic> {
        let name = match &self.module {
            Some(name) => name.clone(),
            None => crate::render::module_name(&self.spec).unwrap_or_default(),
        };
        let valid = name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if valid {
            Ok(name)
        } else {
            Err(Diagnostic::new(
                &self.spec,
                "#",
                format!("{name:?} is not a usable module name"),
            )
            .with_hint("name it with `Config::module(\"snake_case_name\")`"))
        }
    }

    fn output_dir(&self) -> Result<PathBuf, Diagnostic> {
        if let Some(dir) = &self.out_dir {
            return Ok(dir.clone());
        }
        std::env::var_os("OUT_DIR")
            .map(PathBuf::from)
            .ok_or_else(|| {
                Diagnostic::new(&self.spec, "#", "OUT_DIR is not set").with_hint(
                    "call this from a build script, where cargo sets OUT_DIR, or set `Config::out_dir`",
                )
            })
    }
}

/// Prints the warnings among `diagnostics` for cargo, one line each (cargo shows a
/// `cargo:warning` line by line). Not the notes: they describe documented loosenings
/// (README), and a build that repeats them on every change of the spec would bury the
/// warnings.
fn print_warnings(diagnostics: &[Diagnostic]) {
    let warnings = diagnostics.iter();
    for warning in warnings.filter(|d| d.severity == crate::diagnostic::Severity::Warning) {
        println!("cargo:warning={}", warning.to_string().replace('\n', " "));
    }
}

// Compiled only for `cargo test` (the no-panic lints are off there, see lib.rs): these
// panics report a failed test on fixed fixtures and are unreachable from any input.
#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_specs::PETS as SPEC;

    /// A scratch directory holding `my-pets.yaml`.
    fn scratch() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let spec = dir.path().join("my-pets.yaml");
        std::fs::write(&spec, SPEC).unwrap_or_else(|e| panic!("{e}"));
        (dir, spec)
    }

    fn config(spec: &Path, out: &Path) -> Config {
        Config::new(spec).out_dir(out).rerun_if_changed(false)
    }

    #[test]
    fn writes_the_module_named_after_the_spec_and_only_when_it_changes() {
        let (dir, spec) = scratch();
        let first = config(&spec, dir.path())
            .generate()
            .unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(first.module, "my_pets");
        assert_eq!(first.path, dir.path().join("my_pets.rs"));
        assert!(first.written);
        let source = std::fs::read_to_string(&first.path).unwrap_or_else(|e| panic!("{e}"));
        assert!(source.starts_with("// @generated by hwc-codegen from my-pets.yaml."));
        assert!(source.contains("pub fn list_pets(&self)"));
        let second = config(&spec, dir.path())
            .generate()
            .unwrap_or_else(|d| panic!("{d}"));
        assert!(!second.written);
    }

    #[test]
    fn output_is_what_render_gives_with_default_options() {
        let (dir, spec) = scratch();
        let generated = config(&spec, dir.path())
            .generate()
            .unwrap_or_else(|d| panic!("{d}"));
        let rendered = crate::render(&spec).unwrap_or_else(|d| panic!("{d}"));
        let source = std::fs::read_to_string(generated.path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(source, rendered.source);
    }

    #[test]
    fn options_select_operations_drop_docs_and_name_the_module() {
        let (dir, spec) = scratch();
        let generated = config(&spec, dir.path())
            .module("pets")
            .operations(["addPet"])
            .docs(false)
            .generate()
            .unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(generated.path, dir.path().join("pets.rs"));
        let source = std::fs::read_to_string(generated.path).unwrap_or_else(|e| panic!("{e}"));
        assert!(source.contains("pub fn add_pet(&self)"), "{source}");
        assert!(!source.contains("list_pets"), "{source}");
        assert!(!source.contains("pub struct Pet "), "{source}");
        assert!(!source.contains("Its name."), "{source}");
        assert!(!source.contains("The `name` property."), "{source}");
    }

    #[test]
    fn unknown_operations_are_a_located_diagnostic() {
        let (dir, spec) = scratch();
        let error = config(&spec, dir.path())
            .operations(["deletePet"])
            .generate()
            .err()
            .unwrap_or_else(|| panic!("an unknown operation is accepted"));
        assert_eq!(
            error.to_string(),
            format!(
                "error: {} at #/paths: no operation is named `deletePet`; the spec has: `list_pets`, `add_pet`, `list_kinds`",
                spec.display()
            )
        );
    }

    #[test]
    fn invalid_module_names_are_refused() {
        let (dir, spec) = scratch();
        let error = config(&spec, dir.path())
            .module("my-pets")
            .generate()
            .err()
            .unwrap_or_else(|| panic!("`my-pets` is accepted"));
        assert!(
            error
                .to_string()
                .contains("\"my-pets\" is not a usable module name"),
            "{error}"
        );
    }

    #[test]
    fn without_out_dir_it_says_where_to_call_it() {
        // Unit tests run without a build script, so cargo sets no OUT_DIR.
        let (_dir, spec) = scratch();
        let error = Config::new(&spec)
            .rerun_if_changed(false)
            .generate()
            .err()
            .unwrap_or_else(|| panic!("generated without an output directory"));
        assert!(error.to_string().contains("OUT_DIR is not set"), "{error}");
    }

    #[test]
    fn spec_problems_come_back_as_the_command_lines_diagnostics() {
        let (dir, spec) = scratch();
        std::fs::write(&spec, SPEC.replace("schemas/Pet'", "schemas/Nope'"))
            .unwrap_or_else(|e| panic!("{e}"));
        let error = config(&spec, dir.path())
            .generate()
            .err()
            .unwrap_or_else(|| panic!("a dangling $ref is accepted"));
        let cli = crate::render(&spec)
            .err()
            .unwrap_or_else(|| panic!("rendered"));
        assert_eq!(error, cli);
        // `Debug` is what `fn main() -> Result<(), Diagnostics>` prints: the same text.
        assert_eq!(format!("{error:?}"), error.to_string());
        assert!(
            error
                .to_string()
                .contains("`$ref` \"#/components/schemas/Nope\" points nowhere")
        );
    }
}
