//! What every part of an impl block's expansion needs: the model, the names, the runtime path.

use proc_macro2::TokenStream;
use quote::quote;
use syn::Visibility;

use crate::attr::ActorAttr;
use crate::model::{ActorImpl, Constructor};
use crate::names::Names;

/// The validated impl block and what its expansion is made with.
pub(crate) struct Context<'a> {
    pub(crate) model: &'a ActorImpl<'a>,
    /// The one constructor, as validation found it.
    pub(crate) constructor: &'a Constructor<'a>,
    /// `::actor_core::__private`: the only path to the runtime.
    pub(crate) rt: TokenStream,
    /// The runtime's serde, for `#[serde(crate = "..")]`.
    pub(crate) serde_path: String,
    pub(crate) names: Names,
    /// The visibility of the generated items: that of the constructor `new`.
    pub(crate) vis: &'a Visibility,
    /// `#[actor(local)]`: no serde, no wire format.
    pub(crate) local: bool,
    /// Where `local` is written, for the error when the struct says `isolated`.
    pub(crate) local_span: Option<proc_macro2::Span>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(
        model: &'a ActorImpl<'a>,
        constructor: &'a Constructor<'a>,
        attr: &ActorAttr,
    ) -> Self {
        Self {
            model,
            constructor,
            rt: attr.runtime(),
            serde_path: attr.serde_path(),
            names: Names::of(model.ident),
            vis: &constructor.item.vis,
            local: attr.local.is_some(),
            local_span: attr.local,
        }
    }

    /// The index of each method into `Actor::METHODS`, as an expression: a method disabled
    /// by `#[cfg]` has no entry there, so an index counts the enabled methods before it, 1
    /// for each without `#[cfg]` and `cfg!(..)` for each with.
    pub(crate) fn method_indexes(&self) -> Vec<TokenStream> {
        let enabled: Vec<TokenStream> = self
            .model
            .methods
            .iter()
            .map(|method| {
                let predicates: Vec<TokenStream> = method
                    .cfgs()
                    .map(|attr| match &attr.meta {
                        syn::Meta::List(list) => list.tokens.clone(),
                        _ => quote!(),
                    })
                    .collect();
                if predicates.is_empty() {
                    quote!(1)
                } else {
                    quote!((::core::cfg!(all(#(#predicates),*)) as ::core::primitive::usize))
                }
            })
            .collect();
        (0..enabled.len())
            .map(|index| {
                let before = &enabled[..index];
                quote!(0 #(+ #before)*)
            })
            .collect()
    }

    /// An expression that keeps the constructor's arguments (named as in `new`, in scope)
    /// for restarts: cloned for each construction when they are `Clone`.
    pub(crate) fn kept_args(&self) -> TokenStream {
        let rt = &self.rt;
        let args = &self.constructor.args;
        let names = args.iter().map(|arg| &arg.name);
        let types = args.iter().map(|arg| arg.ty);
        quote! {{
            use #rt::{CloneArgs as _, OnceArgs as _};
            let __actor_keep = (&&#rt::KeptArgsProbe::<(#(#types,)*)>::new()).make();
            __actor_keep((#(#names,)*))
        }}
    }

    /// The generic parameters, as written on a new item (`<T: Bound>`), and its where clause.
    pub(crate) fn item_generics(&self) -> (TokenStream, TokenStream) {
        let generics = &self.model.item.generics;
        let params = &generics.params;
        let self_ty = &self.model.item.self_ty;
        let rt = &self.rt;
        let predicates = generics
            .where_clause
            .as_ref()
            .map(|clause| &clause.predicates);
        let params = if params.is_empty() {
            quote!()
        } else {
            quote!(<#params>)
        };
        (params, quote!(where #self_ty: #rt::Actor, #predicates))
    }
}
