//! The generated half of the seam for actors in other processes: a call as bytes.
//!
//! `#[actor]` implements [`WireActor`] for every class not marked `local`: its message enum
//! (`FooMessage`) is encoded with `postcard`, a call read back from bytes runs through the
//! ordinary local call path of a handle, and its reply is encoded again. A transport (a
//! connection to a worker process or another machine) plugs in here: it carries the bytes of
//! `encode_call` one way and those of the reply the other.

use std::future::Future;
use std::pin::Pin;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::actor::HasHandle;
use crate::error::Error;
use crate::object_ref::ObjectRef;

/// The encoded reply of a call made from bytes: resolves once the actor ran the call.
pub type EncodedReply = Pin<Box<dyn Future<Output = Result<Vec<u8>, Error>> + Send>>;

/// An actor class whose calls can cross a process boundary as bytes.
///
/// Implemented by `#[actor]` for every class whose impl block is not `#[actor(local)]`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no wire format: its impl block says `#[actor(local)]`",
    label = "calls of this actor cannot be encoded",
    note = "remove `local` from `#[actor(local)]` (its arguments and return types must then be \
            `Serialize + Deserialize`)"
)]
pub trait WireActor: HasHandle {
    /// The bytes of `message`, as a transport sends them.
    fn encode_call(message: &Self::Message) -> Result<Vec<u8>, Error>;

    /// The call encoded in `bytes`; fails with [`Error::Wire`] (never panics) when the bytes
    /// are not the encoding of one call of this class.
    fn decode_call(bytes: &[u8]) -> Result<Self::Message, Error>;

    /// Decodes a call, sends it to the actor behind `handle` (the ordinary local call path, so
    /// it runs exactly as a local call), and resolves to the encoded reply. Fails at once with
    /// [`Error::Wire`] when the bytes are not a call of this class; the reply fails with the
    /// call's own error (the actor died, the method panicked, ...).
    fn call_encoded(handle: &Self::Handle, bytes: &[u8]) -> Result<EncodedReply, Error>;
}

/// The bytes of `value`, or an [`Error::Wire`] that names `what` was encoded.
pub fn encode<T: Serialize + ?Sized>(what: &str, value: &T) -> Result<Vec<u8>, Error> {
    postcard::to_allocvec(value).map_err(|error| Error::Wire {
        message: format!("cannot encode {what}: {error}"),
    })
}

/// The value of type `T` encoded in all of `bytes`, or an [`Error::Wire`] that names `what`
/// was decoded and why it failed. Bytes left over after the value are an error too.
pub fn decode<T: DeserializeOwned>(what: &str, bytes: &[u8]) -> Result<T, Error> {
    let fail = |reason: String| Error::Wire {
        message: format!(
            "cannot decode {what} from {} bytes: {reason}; the bytes must be one value encoded \
             by the same actor class",
            bytes.len()
        ),
    };
    match postcard::take_from_bytes(bytes) {
        Ok((value, [])) => Ok(value),
        Ok((_, rest)) => Err(fail(format!("{} bytes are left over", rest.len()))),
        Err(error) => Err(fail(error.to_string())),
    }
}

/// The encoded reply of the call behind `reply`, whose method is `what`.
pub fn encode_reply<R: Serialize + Send + 'static>(
    what: &'static str,
    reply: ObjectRef<R>,
) -> EncodedReply {
    Box::pin(async move { encode(what, &reply.await?) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_survives_the_round_trip() {
        let bytes = encode("a pair", &(7_u32, "seven".to_owned())).expect("encodes");
        let back: (u32, String) = decode("a pair", &bytes).expect("decodes");
        assert_eq!(back, (7, "seven".to_owned()));
    }

    #[test]
    fn truncated_bytes_are_an_error_that_says_so() {
        let bytes = encode("a string", "a longer string").expect("encodes");
        let error = decode::<String>("a string", &bytes[..4]).expect_err("truncated");
        let Error::Wire { message } = &error else {
            panic!("expected Error::Wire, got {error:?}");
        };
        assert!(
            message.contains("cannot decode a string from 4 bytes"),
            "{message}"
        );
    }

    #[test]
    fn left_over_bytes_are_an_error() {
        let mut bytes = encode("a number", &5_u8).expect("encodes");
        bytes.push(0);
        let error = decode::<u8>("a number", &bytes).expect_err("left over");
        assert!(
            error.to_string().contains("1 bytes are left over"),
            "{error}"
        );
    }
}
