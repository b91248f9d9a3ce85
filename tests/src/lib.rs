//! Test-only crate. `src/` compiles the code generated from each fixture spec in
//! `fixtures/` (rendered by `build.rs`); `tests/` holds the snapshot, example, end-to-end
//! and corpus tests.

/// Code generated from `fixtures/*.yaml`, one module per fixture.
pub mod fixtures {
    macro_rules! fixture {
        ($($name:ident),* $(,)?) => {
            $(
                #[doc = concat!("Generated from `fixtures/", stringify!($name), ".yaml`.")]
                pub mod $name {
                    include!(concat!(env!("OUT_DIR"), "/fixtures/", stringify!($name), ".rs"));
                }
            )*
        };
    }

    fixture!(
        allof, bodies, enums, keywords, nullable, oneof, pagination, refs, statuses
    );
}

/// The README's examples, compiled as doc tests so they keep working as written.
#[doc = include_str!("../../README.md")]
pub mod readme {}
