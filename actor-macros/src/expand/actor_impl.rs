//! `#[actor]` on an impl block: the block as written, plus the handle, the message enum,
//! the options builder, the `Actor` and `WireActor` impls and the checks on argument types.

use proc_macro2::TokenStream;
use quote::quote;

use crate::attr::ActorAttr;
use crate::model::{ActorImpl, Constructor};

use super::context::Context;
use super::{checks, constructors, dispatch, handle, message, options, tell, wire};

/// The expansion of a validated impl block whose one constructor is `constructor`.
pub(crate) fn expand(
    model: &ActorImpl<'_>,
    constructor: &Constructor<'_>,
    attr: &ActorAttr,
) -> TokenStream {
    let context = Context::new(model, constructor, attr);
    let item = model.user_item();
    // The checks come first: rustc reports them before the errors a bad type causes in the
    // items after them.
    let checks = checks::expand(&context);
    let message = message::expand(&context);
    let handle = handle::expand(&context);
    let options = options::expand(&context);
    let tell = tell::expand(&context);
    let dispatch = dispatch::expand(&context);
    let wire = wire::expand(&context);
    let constructors = constructors::expand(&context);
    quote! {
        #item
        #checks
        #message
        #handle
        #options
        #tell
        #dispatch
        #wire
        #constructors
    }
}
