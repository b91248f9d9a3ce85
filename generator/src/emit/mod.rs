//! Stage 3: IR -> tokens. One emitter per IR kind; no decisions about the spec here.

mod client;
mod paging;
mod tokens;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;

/// The items of one generated module (types, then the client); each named type of the
/// spec also derives the `derives` it does not implement already.
///
/// Module documentation is not part of it: it belongs on the `mod` item (see
/// [`crate::project`]), which keeps the output includable with `include!`.
pub fn emit(api: &Api, derives: &[syn::Path]) -> TokenStream {
    let types = api.types.iter().map(|def| types::type_def(def, derives));
    let client = client::client(api);
    quote! {
        #(#types)*
        #client
    }
}

pub(crate) use tokens::doc_attrs;
