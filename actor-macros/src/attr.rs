//! The options written inside `#[actor(...)]`.

#[cfg(test)]
mod tests;

use proc_macro2::{Span, TokenStream};
use syn::meta::ParseNestedMeta;
use syn::{Expr, LitStr, Path};

use crate::errors::Errors;

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
    ("isolated", false),
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

/// The options `target` accepts.
fn option_names(target: Target) -> Vec<&'static str> {
    let mut names: Vec<&str> = vec!["crate"];
    names.extend(target.defaults().iter().map(|(name, _)| *name));
    if target == Target::Impl {
        names.push("local");
    }
    names
}

fn option_list(target: Target) -> String {
    option_names(target)
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl ActorAttr {
    /// Parses the attribute's tokens into the options that are valid, plus every misuse.
    ///
    /// The caller expands with the valid options and reports the errors beside the expansion,
    /// so that one bad option yields one error, not also "the struct has no `#[actor]`" at each
    /// use of the actor.
    pub(crate) fn parse_recovering(
        tokens: TokenStream,
        target: Target,
    ) -> (Self, Option<syn::Error>) {
        let mut attr = Self::default();
        let mut errors = Errors::default();
        let parser = syn::meta::parser(|meta| {
            if let Err(error) = attr.parse_one(&meta, target) {
                errors.push(error);
                // Skip the value of a bad option so that later options are still checked.
                if meta.input.peek(syn::Token![=]) {
                    let _ = meta.value().and_then(|value| value.parse::<Expr>());
                }
            }
            Ok(())
        });
        if let Err(syntax) = syn::parse::Parser::parse2(parser, tokens) {
            errors.push(syntax);
        }
        (attr, errors.into_option())
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
            let text = path_text(path);
            let struct_option = STRUCT_OPTIONS.iter().find(|(name, _)| *name == text);
            if let (Target::Impl, Some((_, takes_value))) = (target, struct_option) {
                let value = if *takes_value { " = .." } else { "" };
                return Err(meta.error(format!(
                    "`{text}` is a default of every instance: it belongs on the struct, \
                     write `#[actor({text}{value})] struct ...`"
                )));
            }
            let hint = match closest_option(&text, target) {
                Some(close) => format!("did you mean `{close}`? "),
                None => String::new(),
            };
            return Err(meta.error(format!(
                "unknown option `{text}` of `{}` here; {hint}the options are {}",
                target.macro_name(),
                option_list(target)
            )));
        };
        if self.defaults.iter().any(|(seen, _)| seen == name) {
            return Err(meta.error(format!("duplicate option `{name}`; give it once")));
        }
        let ident = syn::Ident::new(name, path_span(path));
        let value = if *takes_value {
            let value = meta.value()?.parse::<Expr>()?;
            check_value(name, &value)?;
            Some(value)
        } else {
            if meta.input.peek(syn::Token![=]) {
                return Err(meta.error(format!(
                    "`{name}` is a flag and takes no value: write `{}({name})]`, or leave it out",
                    target.macro_name().trim_end_matches(']')
                )));
            }
            None
        };
        self.defaults.push((ident, value));
        Ok(())
    }

    /// The one path by which generated code reaches the runtime: `::actor_core::__private`,
    /// or `path::__private` for `crate = "path"`.
    pub(crate) fn runtime(&self) -> TokenStream {
        match &self.krate {
            Some(krate) => quote::quote!(#krate::__private),
            None => quote::quote!(::actor_core::__private),
        }
    }

    /// The runtime's serde, as `#[serde(crate = "..")]` takes it.
    pub(crate) fn serde_path(&self) -> String {
        let runtime = self.runtime().to_string().replace(' ', "");
        format!("{runtime}::serde")
    }

    /// The `isolated` flag, if the struct attribute gives it: every instance runs in a worker
    /// process of its own.
    pub(crate) fn isolated(&self) -> Option<&syn::Ident> {
        self.defaults
            .iter()
            .map(|(option, _)| option)
            .find(|option| *option == "isolated")
    }

    /// Whether the struct attribute may ask for restarts, so that the constructor's arguments
    /// must be `Clone`: it sets `max_restarts` to anything but a literal `0` (a constant or
    /// an expression may be non-zero, so it counts as asking).
    pub(crate) fn asks_for_restarts(&self) -> bool {
        self.defaults.iter().any(|(option, value)| {
            option == "max_restarts"
                && !matches!(value, Some(Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(int), .. }))
                    if int.base10_digits().chars().all(|digit| digit == '0'))
        })
    }
}

/// Rejects a literal of the wrong kind for option `name` (`num_cpus = "2"`), with the fix;
/// other expressions are left to the type checker.
fn check_value(name: &str, value: &Expr) -> syn::Result<()> {
    let (ty, example, more) = match name {
        "num_cpus" | "num_gpus" => ("f64", "2.0", ""),
        "max_restarts" | "max_task_retries" => ("i32", "3", ", or `-1` for no limit"),
        "max_retries" => ("u32", "3", ""),
        "max_pending_calls" => ("usize", "100", ""),
        _ => return Ok(()),
    };
    let Expr::Lit(syn::ExprLit { lit, .. }) = value else {
        return Ok(());
    };
    let fits = match lit {
        syn::Lit::Float(_) => ty == "f64",
        syn::Lit::Int(_) => true,
        _ => false,
    };
    if fits {
        return Ok(());
    }
    Err(syn::Error::new_spanned(
        value,
        format!("`{name}` takes a number (`{ty}`), e.g. `{name} = {example}`{more}"),
    ))
}

/// The option of `target` closest to the unknown `text` (a typo's likely intent), if any is
/// close: at most a third of its letters differ.
fn closest_option(text: &str, target: Target) -> Option<&'static str> {
    option_names(target)
        .into_iter()
        .map(|name| (edit_distance(text, name), name))
        .filter(|(distance, name)| *distance <= name.len().max(text.len()) / 3)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name)
}

/// The Levenshtein distance between `a` and `b`, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, a_char) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, b_char) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(a_char != *b_char);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

fn path_span(path: &Path) -> Span {
    path.segments
        .first()
        .map_or_else(Span::call_site, |segment| segment.ident.span())
}

fn path_text(path: &Path) -> String {
    quote::quote!(#path).to_string().replace(' ', "")
}
