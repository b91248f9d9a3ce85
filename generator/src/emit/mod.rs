//! Stage 3: IR -> tokens. One emitter per IR kind; no decisions about the spec here.

mod client;
mod paging;
mod tokens;
mod types;

use proc_macro2::TokenStream;

use crate::ir::{Api, Operation, TypeDef};

/// A part of a generated module that is emitted (and formatted) on its own: the module is
/// its units in order, so they can be formatted on several threads.
#[derive(Clone, Copy, Debug)]
pub enum Unit<'a> {
    /// A named type (with the user's extra derives).
    Type(&'a TypeDef),
    /// `SERVERS` and the `Client`.
    Client,
    /// An operation's request builder.
    Builder(&'a Operation),
    /// An operation's response enum by status.
    Success(&'a Operation),
}

/// The units of one generated module, in order: types, the client, the builders, the
/// response enums.
pub fn units(api: &Api) -> Vec<Unit<'_>> {
    let mut units: Vec<Unit<'_>> = api.types.iter().map(Unit::Type).collect();
    units.push(Unit::Client);
    units.extend(api.operations.iter().map(Unit::Builder));
    units.extend(api.operations.iter().map(Unit::Success));
    units
}

/// The items of one unit; each named type of the spec also derives the `derives` it does
/// not implement already.
///
/// Module documentation is not part of it: it belongs on the `mod` item (see
/// [`crate::project`]), which keeps the output includable with `include!`.
pub fn unit(api: &Api, unit: Unit<'_>, derives: &[syn::Path]) -> TokenStream {
    match unit {
        Unit::Type(def) => types::type_def(def, derives),
        Unit::Client => client::client(api),
        Unit::Builder(op) => client::builder(op),
        Unit::Success(op) => client::success_enum(op).unwrap_or_default(),
    }
}

/// The items of one generated module, all units in order.
pub fn emit(api: &Api, derives: &[syn::Path]) -> TokenStream {
    units(api)
        .into_iter()
        .map(|u| unit(api, u, derives))
        .collect()
}

pub(crate) use tokens::doc_attrs;
