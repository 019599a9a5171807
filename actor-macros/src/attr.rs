//! The options written inside `#[actor(...)]`.

use proc_macro2::{Span, TokenStream};
use syn::meta::ParseNestedMeta;
use syn::{Expr, LitStr, Path};

/// Options of `#[actor(...)]` on a struct (instance defaults) or an impl block (codegen),
/// or of `#[task(...)]` (submission defaults).
#[derive(Default)]
pub(crate) struct ActorAttr {
    /// `crate = path`: where the runtime is, for crates that rename `actor_core`.
    pub(crate) krate: Option<Path>,
    /// `local`: messages stay in this process, so arguments need not be serde types.
    pub(crate) local: Option<Span>,
    /// Instance defaults: `(option name, value expression)`, e.g. `("num_cpus", 1.0)`.
    pub(crate) defaults: Vec<(syn::Ident, Option<Expr>)>,
}

/// The instance defaults a struct may set, and whether each takes a value.
const STRUCT_OPTIONS: &[(&str, bool)] = &[
    ("num_cpus", true),
    ("num_gpus", true),
    ("max_restarts", true),
    ("max_task_retries", true),
    ("max_pending_calls", true),
    ("blocking", false),
];

/// The defaults a `#[task]` may set, and whether each takes a value.
const TASK_OPTIONS: &[(&str, bool)] = &[
    ("num_cpus", true),
    ("num_gpus", true),
    ("max_retries", true),
];

/// Where the attribute sits, which decides the options it accepts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Struct,
    Impl,
    Task,
}

impl Target {
    /// The defaults this attribute may set.
    fn defaults(self) -> &'static [(&'static str, bool)] {
        match self {
            Self::Struct => STRUCT_OPTIONS,
            Self::Impl => &[],
            Self::Task => TASK_OPTIONS,
        }
    }

    fn macro_name(self) -> &'static str {
        match self {
            Self::Struct | Self::Impl => "#[actor]",
            Self::Task => "#[task]",
        }
    }
}

fn option_list(target: Target) -> String {
    let mut names: Vec<&str> = vec!["crate"];
    names.extend(target.defaults().iter().map(|(name, _)| *name));
    if target == Target::Impl {
        names.push("local");
    }
    names
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl ActorAttr {
    /// Parses the attribute's tokens, collecting every misuse.
    pub(crate) fn parse(tokens: TokenStream, target: Target) -> syn::Result<Self> {
        let mut attr = Self::default();
        let mut errors: Option<syn::Error> = None;
        let parser = syn::meta::parser(|meta| {
            if let Err(error) = attr.parse_one(&meta, target) {
                match &mut errors {
                    Some(errors) => errors.combine(error),
                    None => errors = Some(error),
                }
                // Skip the value of a bad option so that later options are still checked.
                if meta.input.peek(syn::Token![=]) {
                    let _ = meta.value().and_then(|value| value.parse::<Expr>());
                }
            }
            Ok(())
        });
        syn::parse::Parser::parse2(parser, tokens)?;
        match errors {
            Some(errors) => Err(errors),
            None => Ok(attr),
        }
    }

    fn parse_one(&mut self, meta: &ParseNestedMeta<'_>, target: Target) -> syn::Result<()> {
        let path = &meta.path;
        if path.is_ident("crate") {
            if self.krate.is_some() {
                return Err(meta.error("duplicate option `crate`; give it once"));
            }
            let value: LitStr = meta.value()?.parse()?;
            self.krate = Some(value.parse()?);
            return Ok(());
        }
        if path.is_ident("local") && target != Target::Task {
            if target == Target::Struct {
                return Err(meta.error(
                    "`local` belongs on the impl block, where the messages are generated: \
                     write `#[actor(local)] impl ...`",
                ));
            }
            if self.local.is_some() {
                return Err(meta.error("duplicate option `local`; give it once"));
            }
            self.local = Some(path_span(path));
            return Ok(());
        }
        let known = target
            .defaults()
            .iter()
            .find(|(name, _)| path.is_ident(name));
        let Some((name, takes_value)) = known else {
            return Err(meta.error(format!(
                "unknown option `{}` of `{}` here; the options are {}",
                path_text(path),
                target.macro_name(),
                option_list(target)
            )));
        };
        if self.defaults.iter().any(|(seen, _)| seen == name) {
            return Err(meta.error(format!("duplicate option `{name}`; give it once")));
        }
        let ident = syn::Ident::new(name, path_span(path));
        let value = if *takes_value {
            Some(meta.value()?.parse::<Expr>()?)
        } else {
            None
        };
        self.defaults.push((ident, value));
        Ok(())
    }

    /// The path generated code reaches the runtime by.
    pub(crate) fn krate(&self) -> Path {
        self.krate
            .clone()
            .unwrap_or_else(|| syn::parse_quote!(::actor_core))
    }
}

fn path_span(path: &Path) -> Span {
    path.segments
        .first()
        .map_or_else(Span::call_site, |segment| segment.ident.span())
}

fn path_text(path: &Path) -> String {
    quote::quote!(#path).to_string().replace(' ', "")
}
