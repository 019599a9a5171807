//! A stand-in for `frame::Token` (written on another branch), with the two methods this
//! branch uses: the token crosses the environment as hex. The lead replaces every use with
//! `frame::Token` and deletes this file.

use crate::error::Error;

/// The per-driver secret a worker proves it knows (stand-in: the hex text itself).
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Token(pub(crate) String);

impl Token {
    /// The token as hex, for the environment variable.
    pub(crate) fn to_hex(&self) -> String {
        self.0.clone()
    }

    /// The token written as hex by [`Token::to_hex`].
    pub(crate) fn from_hex(text: &str) -> Result<Self, Error> {
        if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return Err(Error::Wire {
                message: String::from("the worker token is not hex"),
            });
        }
        Ok(Self(String::from(text)))
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(..)")
    }
}
