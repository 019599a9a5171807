//! What `#[actor]` and `#[task]` emit on error: the errors, the user's item, and stand-ins
//! for the generated items with the user's signatures (`Foo::remote`, `Foo::options`,
//! `FooHandle` with its methods and traits, `f::remote`), so that the rest of the crate
//! still compiles against them and the only errors are the real ones, not "no function
//! named `remote`".
//!
//! A stand-in's body never runs: the crate does not compile while the error stands.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::{Type, Visibility};

use crate::attr::ActorAttr;
use crate::expand;
use crate::model::{ActorImpl, Arg, Misplaced, TaskFn, owned_form};
use crate::names::Names;

/// `tokens`, preceded by `errors` if there are any.
pub(crate) fn beside(errors: Option<syn::Error>, tokens: TokenStream) -> TokenStream {
    match errors {
        Some(errors) => {
            let mut all = errors.to_compile_error();
            all.extend(tokens);
            all
        }
        None => tokens,
    }
}

/// A misplaced `#[actor]`: the item, plus what keeps its other uses quiet. An enum gets the
/// struct's expansion, so that its `#[actor]` impl block does not add "add `#[actor]` to the
/// struct"; a function gets a task's stand-ins, as it was most likely meant as a `#[task]`.
pub(crate) fn misplaced(error: syn::Error, item: &Misplaced<'_>, attr: &ActorAttr) -> TokenStream {
    let tokens = match item {
        Misplaced::Enum(item) => expand::actor_struct(item, &item.ident, &item.generics, attr),
        Misplaced::Fn(task) => task_stand_ins(task, attr),
        Misplaced::Trait(item) => item.to_token_stream(),
        Misplaced::Other(item) => item.to_token_stream(),
    };
    beside(Some(error), tokens)
}

/// An impl block that failed validation: the block, plus stand-ins for what `#[actor]`
/// generates from it (none for a trait impl, which generates nothing).
pub(crate) fn actor_impl(
    error: syn::Error,
    model: &ActorImpl<'_>,
    attr: &ActorAttr,
) -> TokenStream {
    let item = model.user_item();
    if model.trait_path.is_some() {
        return beside(Some(error), item.into_token_stream());
    }
    let stand_ins = actor_stand_ins(model, attr);
    beside(Some(error), quote!(#item #stand_ins))
}

/// A `#[task]` function that failed validation: the function, plus stand-ins for its module.
pub(crate) fn task(error: syn::Error, model: &TaskFn<'_>, attr: &ActorAttr) -> TokenStream {
    beside(Some(error), task_stand_ins(model, attr))
}

/// The body of every stand-in.
fn never() -> TokenStream {
    quote!(::core::unreachable!(
        "`#[actor]` reported an error on this item"
    ))
}

/// Arguments as `_: Type`, so that patterns and unused names cost nothing.
fn params(args: &[Arg<'_>]) -> TokenStream {
    let types = args.iter().map(|arg| arg.ty);
    quote!(#(_: #types),*)
}

/// Arguments of a handle method or task as the generated ones take them: `_: impl
/// IntoArg<Type>`, or `_: Type` for a type that cannot be given as an `ObjectRef`.
fn arg_params(rt: &TokenStream, args: &[Arg<'_>]) -> TokenStream {
    let params = args.iter().map(|arg| {
        let ty = arg.ty;
        if expand::accepts_object_ref(ty) {
            quote!(_: impl #rt::IntoArg<#ty>)
        } else {
            quote!(_: #ty)
        }
    });
    quote!(#(#params),*)
}

/// A return type that can stand in an `ObjectRef`: a reference becomes the owned type the
/// error suggests, `impl Trait` becomes `()`.
fn reply_type(output: &Type) -> Type {
    match output {
        Type::Reference(reference) => owned_form(&reference.elem, true),
        Type::ImplTrait(_) => syn::parse_quote!(()),
        other => other.clone(),
    }
}

fn actor_stand_ins(model: &ActorImpl<'_>, attr: &ActorAttr) -> TokenStream {
    let rt = attr.runtime();
    let serde = quote!(#rt::serde);
    let Names {
        handle,
        options,
        tell,
        ..
    } = Names::of(model.ident);
    let item = model.item;
    let self_ty = &item.self_ty;
    let generics = &item.generics;
    let params_decl = &generics.params;
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let constructor = model.constructors.first();
    let inherited = Visibility::Inherited;
    let vis = constructor.map_or(&inherited, |constructor| &constructor.item.vis);
    let ctor_params = constructor.map(|constructor| params(&constructor.args));
    let never = never();
    let methods: Vec<_> = model
        .methods
        .iter()
        .map(|method| {
            let name = method.name();
            let method_vis = method.vis();
            let cfgs: Vec<_> = method.cfgs().collect();
            let method_generics = &method.item.sig.generics;
            let method_where = &method_generics.where_clause;
            let args = arg_params(&rt, &method.args);
            let reply = reply_type(&method.output);
            let call = quote! {
                #(#cfgs)*
                #method_vis fn #name #method_generics (&self, #args) -> #rt::ObjectRef<#reply>
                #method_where { #never }
            };
            let tell = quote! {
                #(#cfgs)*
                #method_vis fn #name #method_generics (&self, #args)
                    -> ::core::result::Result<(), #rt::Error> #method_where { #never }
            };
            (call, tell)
        })
        .collect();
    let calls = methods.iter().map(|(call, _)| call);
    let tells = methods.iter().map(|(_, tell)| tell);
    // A stand-in named like one of the user's functions (a misuse already reported) is left
    // out, so that rustc does not add "duplicate definitions".
    let user_names: Vec<String> = item
        .items
        .iter()
        .filter_map(|impl_item| match impl_item {
            syn::ImplItem::Fn(function) => Some(function.sig.ident.to_string()),
            _ => None,
        })
        .collect();
    let unless_taken = |name: &str, tokens: TokenStream| {
        (!user_names.iter().any(|taken| taken == name)).then_some(tokens)
    };
    let actor_id = unless_taken(
        "actor_id",
        quote!(#vis fn actor_id(&self) -> #rt::ActorId { #never }),
    );
    let state = unless_taken(
        "state",
        quote!(#vis fn state(&self) -> #rt::ActorState { #never }),
    );
    let tell_fn = unless_taken(
        "tell",
        quote!(#vis fn tell(&self) -> #tell #ty_generics { #never }),
    );
    let remote = unless_taken(
        "remote",
        quote!(#vis fn remote(#ctor_params) -> #handle #ty_generics { #never }),
    );
    let options_fn = unless_taken(
        "options",
        quote!(#vis fn options() -> #options #ty_generics { #never }),
    );
    let get_actor = unless_taken(
        "get_actor",
        quote! {
            #vis fn get_actor(
                name: &::core::primitive::str,
            ) -> ::core::result::Result<#handle #ty_generics, #rt::Error> { #never }
        },
    );
    let get_actor_in = unless_taken(
        "get_actor_in",
        quote! {
            #vis fn get_actor_in(
                namespace: &::core::primitive::str,
                name: &::core::primitive::str,
            ) -> ::core::result::Result<#handle #ty_generics, #rt::Error> { #never }
        },
    );
    quote! {
        #vis struct #handle <#params_decl> #where_clause {
            _class: ::core::marker::PhantomData<fn() -> #self_ty>,
        }

        #vis struct #tell <#params_decl> #where_clause {
            _class: ::core::marker::PhantomData<fn() -> #self_ty>,
        }

        #vis struct #options <#params_decl> #where_clause {
            options: #rt::ActorOptions,
            _class: ::core::marker::PhantomData<fn() -> #self_ty>,
        }

        #[allow(dead_code, unused_variables)]
        impl #impl_generics ::core::clone::Clone for #handle #ty_generics #where_clause {
            fn clone(&self) -> Self { #never }
        }

        #[allow(dead_code, unused_variables)]
        impl #impl_generics ::core::fmt::Debug for #handle #ty_generics #where_clause {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result { #never }
        }

        #[allow(dead_code, unused_variables)]
        impl #impl_generics ::core::cmp::PartialEq for #handle #ty_generics #where_clause {
            fn eq(&self, other: &Self) -> ::core::primitive::bool { #never }
        }

        impl #impl_generics ::core::cmp::Eq for #handle #ty_generics #where_clause {}

        #[allow(dead_code, unused_variables)]
        impl #impl_generics ::core::hash::Hash for #handle #ty_generics #where_clause {
            fn hash<__ActorH: ::core::hash::Hasher>(&self, state: &mut __ActorH) { #never }
        }

        #[allow(dead_code, unused_variables)]
        impl #impl_generics #serde::Serialize for #handle #ty_generics #where_clause {
            fn serialize<__ActorS: #serde::Serializer>(
                &self,
                serializer: __ActorS,
            ) -> ::core::result::Result<__ActorS::Ok, __ActorS::Error> { #never }
        }

        #[allow(dead_code, unused_variables)]
        impl<'de, #params_decl> #serde::Deserialize<'de> for #handle #ty_generics #where_clause {
            fn deserialize<__ActorD: #serde::Deserializer<'de>>(
                deserializer: __ActorD,
            ) -> ::core::result::Result<Self, __ActorD::Error> { #never }
        }

        #[allow(dead_code, unused_variables)]
        impl #impl_generics #handle #ty_generics #where_clause {
            #actor_id
            #state
            #tell_fn
            #(#calls)*
        }

        #[allow(dead_code, unused_variables)]
        impl #impl_generics #tell #ty_generics #where_clause {
            #(#tells)*
        }

        #[allow(dead_code, unused_variables)]
        impl #impl_generics #options #ty_generics #where_clause {
            #rt::option_builders!();
            #vis fn remote(self, #ctor_params) -> ::core::result::Result<#handle #ty_generics, #rt::Error> {
                #never
            }
        }

        #[allow(dead_code, unused_variables)]
        impl #impl_generics #self_ty #where_clause {
            #remote
            #options_fn
            #get_actor
            #get_actor_in
        }
    }
}
/// The function, plus its module `f` with `remote`, `options` and `Options`; a method (which
/// cannot have a module beside it) gets nothing more.
fn task_stand_ins(model: &TaskFn<'_>, attr: &ActorAttr) -> TokenStream {
    let item = model.item;
    if matches!(item.sig.inputs.first(), Some(syn::FnArg::Receiver(_))) {
        return item.to_token_stream();
    }
    let rt = attr.runtime();
    let vis = &item.vis;
    let name = &item.sig.ident;
    let generics = &item.sig.generics;
    let where_clause = &generics.where_clause;
    let args = arg_params(&rt, &model.args);
    let reply = reply_type(&model.output);
    let never = never();
    quote! {
        #item

        #[allow(dead_code, unused_variables)]
        #vis mod #name {
            #[allow(unused_imports)]
            use super::*;

            pub fn remote #generics (#args) -> #rt::ObjectRef<#reply> #where_clause { #never }

            pub fn options() -> Options { #never }

            pub struct Options {
                options: #rt::TaskOptions,
            }

            impl Options {
                #rt::task_option_builders!();

                pub fn remote #generics (self, #args) -> #rt::ObjectRef<#reply> #where_clause {
                    #never
                }
            }
        }
    }
}
