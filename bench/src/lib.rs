//! Fixtures for the benchmarks of the generated clients (`cargo bench -p hwc-bench`).
//!
//! Each benchmark compares the generated code with what a user would write by hand
//! without the generator, measured in the same run:
//!
//! - `decode`: a 100-backup RDS `ListBackups` response into `hwc_clients::rds` vs into
//!   [`handwritten`] serde structs of the same shape;
//! - `sign`: one AK/SK signature vs the cryptography it cannot avoid, and a signed vs a
//!   token-authenticated request end to end;
//! - `paging`: 10,000 backups from a [`server::ListingServer`] on 127.0.0.1 through the
//!   generated client vs [`handwritten::list_all`], a reqwest + serde loop.
//!
//! The fixtures live in this library so that the tests below can check that both sides of
//! each comparison do the same work (same items, same values) before anything is timed.
//! `bench/compare.sh` (generation and `cargo check` against cargo-progenitor) is the other
//! half; BENCHMARKS.md at the root records the results.

pub mod data;
pub mod generated;
pub mod handwritten;
pub mod interleaved;
pub mod server;

/// The project id every benchmark request uses.
pub const PROJECT_ID: &str = "0483b6b16e954cb88930a360d2c4e663";

/// The instance id every benchmark listing asks for.
pub const INSTANCE_ID: &str = "43e4feaab48f11e89039fa163ebaa7e4in01";
