//! Test-only crate: see the `tests/` directory beside this file.
