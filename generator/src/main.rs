//! The `hwc-codegen` command line.
fn main() {}
