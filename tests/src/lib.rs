//! Test-only crate. `src/` compiles the code generated from each fixture spec in
//! `fixtures/` (written by `build.rs` with `hwc_codegen::generate`, included with
//! `hwc_runtime::include_client!`); `tests/` holds the snapshot, example, end-to-end and
//! corpus tests.

/// Code generated from `fixtures/*.yaml`, one module per fixture.
pub mod fixtures {
    macro_rules! fixture {
        ($($name:ident),* $(,)?) => {
            $(
                #[doc = concat!("Generated from `fixtures/", stringify!($name), ".yaml`.")]
                pub mod $name {
                    hwc_runtime::include_client!(stringify!($name));
                }
            )*
        };
    }

    fixture!(
        allof, bodies, collisions, defects, enums, keywords, maps, nullable, oneof, openapi31,
        pagination, refs, security, statuses, swagger2, untagged
    );
}

/// The README's examples, compiled as doc tests so they keep working as written.
#[doc = include_str!("../../README.md")]
pub mod readme {}
