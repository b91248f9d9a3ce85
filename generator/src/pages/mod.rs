//! Reading API reference pages: `hwc-codegen docs check` and `docs draft`.
//!
//! A page reader beside the pipeline, not a stage of it: page text -> [`model::Page`]
//! (operations, parameter and field tables, values, ranges, examples, each with its page
//! line) -> either a comparison with a spec or an OpenAPI draft. The spec side is read with
//! `load`/`lower`; nothing here reaches into `emit`.

pub mod check;
pub mod draft;
pub mod model;
pub mod read;
