//! `impl Actor for Foo` (and its seal): construction, method names, and the dispatch of each
//! message.

use proc_macro2::TokenStream;
use quote::quote;

use super::context::Context;
use crate::model::{ConstructorOutput, Method};

pub(crate) fn expand(context: &Context<'_>) -> TokenStream {
    let rt = &context.rt;
    let item = context.model.item;
    let self_ty = &item.self_ty;
    let message = &context.names.message;
    let (impl_generics, ty_generics, where_clause) = item.generics.split_for_impl();
    let class = context.model.ident.to_string();
    let constructor = context.constructor;
    let ctor_names: Vec<_> = constructor.args.iter().map(|arg| &arg.name).collect();
    let ctor_types = constructor.args.iter().map(|arg| arg.ty);
    let construct = if constructor.output == ConstructorOutput::Result {
        quote!(#rt::constructed(Self::new(#(#ctor_names),*)))
    } else {
        quote!(::core::result::Result::Ok(Self::new(#(#ctor_names),*)))
    };
    let methods = &context.model.methods;
    let method_count = methods.len();
    let method_names = methods.iter().map(|method| {
        let name = method.name().to_string();
        let cfgs = method.cfgs();
        quote!(#(#cfgs)* #name)
    });
    let indexes = context.method_indexes();
    let index_arms = methods.iter().zip(&indexes).map(|(method, index)| {
        let variant = &method.variant;
        let cfgs = method.cfgs();
        quote!(#(#cfgs)* #message::#variant { .. } => #index,)
    });
    let handle_arm = |method: &&Method<'_>, done: TokenStream| {
        let variant = &method.variant;
        let name = method.name();
        let cfgs = method.cfgs();
        let args: Vec<_> = method.args.iter().map(|arg| &arg.name).collect();
        let call = if method.is_async() {
            quote!(Self::#name(__actor_self, #(#args),*).await)
        } else {
            quote!(__actor_context.run_sync(__actor_reply, || Self::#name(__actor_self, #(#args),*)))
        };
        let send = if method.returns_result {
            quote!(__actor_reply.send_result(__actor_value))
        } else {
            quote!(__actor_reply.send(__actor_value))
        };
        quote! {
            #(#cfgs)*
            #message::#variant { #(#args),* } => {
                let __actor_value = #call;
                #send;
                #done
            }
        }
    };
    let (async_methods, sync_methods): (Vec<_>, Vec<_>) =
        methods.iter().partition(|method| method.is_async());
    let has_async_methods = !async_methods.is_empty();
    let sync_arms = sync_methods
        .iter()
        .map(|method| handle_arm(method, quote!(#rt::Handled::Done)));
    let async_arms = async_methods
        .iter()
        .map(|method| handle_arm(method, quote!()));
    let copy_arms = methods.iter().map(|method| {
        let variant = &method.variant;
        let cfgs = method.cfgs();
        let args: Vec<_> = method.args.iter().map(|arg| &arg.name).collect();
        quote! {
            #(#cfgs)*
            #message::#variant { #(#args),* } => ::core::option::Option::Some(#message::#variant {
                #(#args: (&&#rt::CloneProbe(#args)).try_clone()?),*
            }),
        }
    });
    let on_stop = context.model.on_stops.first().map(|on_stop| {
        let function = on_stop.item;
        let name = &function.sig.ident;
        let call = if function.sig.asyncness.is_some() {
            quote!(Self::#name(self).await)
        } else {
            quote!(Self::#name(self))
        };
        quote! {
            fn on_stop(&mut self) -> impl ::core::future::Future<Output = ()> + ::core::marker::Send {
                async move {
                    #call;
                }
            }
        }
    });
    // Without methods the enum is empty: match the place (`*message`), as a reference to an
    // empty enum is not itself empty (E0004).
    let copy_scrutinee = if methods.is_empty() && !context.model.has_type_params() {
        quote!(*__actor_message)
    } else {
        quote!(__actor_message)
    };
    let phantom_arms = context
        .model
        .has_type_params()
        .then(|| quote!(#message::__Phantom(_, never) => match never {},));
    let phantom_copy = context
        .model
        .has_type_params()
        .then(|| quote!(#message::__Phantom(_, never) => match *never {},));
    // Asked of the class without requiring it: a class whose types are not serde has no
    // wire format, and the argument checks say so once.
    let wire = (!context.local && !context.model.has_type_params()).then(|| {
        quote! {
            fn wire() -> ::core::option::Option<#rt::Wire<Self::Message, Self::Args>> {
                use #rt::{WireProbeFallback as _, WireProbeViaTrait as _};
                (&&#rt::WireProbe::<Self>::new()).wire()
            }
        }
    });
    quote! {
        #[automatically_derived]
        impl #impl_generics #rt::Sealed for #self_ty #where_clause {}

        #[automatically_derived]
        impl #impl_generics #rt::Actor for #self_ty #where_clause {
            type Message = #message #ty_generics;
            type Args = (#(#ctor_types,)*);
            const CLASS_NAME: &'static ::core::primitive::str = #class;
            const METHODS: &'static [&'static ::core::primitive::str] = &[#(#method_names),*];
            const HAS_ASYNC_METHODS: ::core::primitive::bool = #has_async_methods;

            fn construct(
                __actor_args: Self::Args,
            ) -> ::core::result::Result<Self, ::std::string::String> {
                let (#(#ctor_names,)*) = __actor_args;
                #construct
            }

            type Telemetry = #rt::Telemetry<#method_count>;

            fn method_modes() -> &'static [::core::sync::atomic::AtomicU8] {
                static __ACTOR_MODES: #rt::MethodModes<#method_count> =
                    #rt::MethodModes::new();
                __ACTOR_MODES.as_slice()
            }

            #[allow(unused_variables)]
            fn copy_message(
                __actor_message: &Self::Message,
            ) -> ::core::option::Option<Self::Message> {
                use #rt::{CloneProbeFallback as _, CloneProbeViaClone as _};
                match #copy_scrutinee {
                    #(#copy_arms)*
                    #phantom_copy
                }
            }

            #on_stop

            #wire

            fn method_index(__actor_message: &Self::Message) -> ::core::primitive::usize {
                match *__actor_message {
                    #(#index_arms)*
                    #phantom_arms
                }
            }

            fn handle<'__actor>(
                &'__actor mut self,
                __actor_message: Self::Message,
                __actor_reply: &'__actor #rt::Reply<'__actor>,
                __actor_context: &'__actor #rt::MethodContext,
            ) -> #rt::Handled<
                impl ::core::future::Future<Output = ()> + ::core::marker::Send + '__actor,
            > {
                let __actor_self = self;
                // Sync methods run here and now; the rest becomes the future of an async one.
                match __actor_message {
                    #(#sync_arms)*
                    #[allow(unreachable_patterns)]
                    __actor_message => #rt::Handled::Async(async move {
                        match __actor_message {
                            #(#async_arms)*
                            #phantom_arms
                            // The sync methods' messages never get here.
                            #[allow(unreachable_patterns)]
                            _ => {}
                        }
                    }),
                }
            }
        }
    }
}
