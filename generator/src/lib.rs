//! Generates typed async Rust clients from OpenAPI 3.0 specs.
