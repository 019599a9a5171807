//! Collects independent errors, so that every misuse is reported at once.

use quote::ToTokens;

/// Errors found so far; empty means none.
#[derive(Default)]
pub(crate) struct Errors(Option<syn::Error>);

impl Errors {
    /// Adds `error` to the ones found.
    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(errors) => errors.combine(error),
            None => self.0 = Some(error),
        }
    }

    /// Adds an error that points at `tokens`.
    pub(crate) fn error(&mut self, tokens: impl ToTokens, message: impl std::fmt::Display) {
        self.push(syn::Error::new_spanned(tokens, message));
    }

    /// `result`, unless errors were found: then every error, `result`'s included.
    pub(crate) fn finish_with<T>(self, result: syn::Result<T>) -> syn::Result<T> {
        match (self.0, result) {
            (None, result) => result,
            (Some(errors), Ok(_)) => Err(errors),
            (Some(mut errors), Err(error)) => {
                errors.combine(error);
                Err(errors)
            }
        }
    }

    /// Every error found, then `error`.
    pub(crate) fn and(self, error: syn::Error) -> syn::Error {
        match self.0 {
            Some(mut errors) => {
                errors.combine(error);
                errors
            }
            None => error,
        }
    }

    /// The errors found, if any.
    pub(crate) fn into_option(self) -> Option<syn::Error> {
        self.0
    }

    /// `Err` with every error found, or `Ok` when there is none.
    pub(crate) fn finish(self) -> syn::Result<()> {
        self.0.map_or(Ok(()), Err)
    }
}

impl From<Option<syn::Error>> for Errors {
    fn from(errors: Option<syn::Error>) -> Self {
        Self(errors)
    }
}
