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

use crate::actor::{Actor, ActorRef};
use crate::error::Error;
use crate::object_ref::ObjectRef;
use crate::slot::{ErasedSlot, Slot};

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
pub trait WireActor: Actor {
    /// The key a worker process finds the class by: its module path and name.
    const CLASS_KEY: &'static str;

    /// The bytes of the constructor's arguments, sent to a worker process to start the actor.
    fn encode_args(args: &Self::Args) -> Result<Vec<u8>, Error>;

    /// The constructor's arguments encoded in `bytes`.
    fn decode_args(bytes: &[u8]) -> Result<Self::Args, Error>;

    /// Settles `slot`, the result slot of a call of method number `method`, with the reply
    /// encoded in `bytes`.
    fn settle_reply(method: usize, bytes: &[u8], slot: ReplySlot<'_>) -> Result<(), Error>;

    /// The bytes of `message`, as a transport sends them.
    fn encode_call(message: &Self::Message) -> Result<Vec<u8>, Error>;

    /// The call encoded in `bytes`; fails with [`Error::Wire`] (never panics) when the bytes
    /// are not the encoding of one call of this class.
    fn decode_call(bytes: &[u8]) -> Result<Self::Message, Error>;

    /// Decodes a call, sends it to the actor behind `actor` (the ordinary local call path, so
    /// it runs exactly as a local call), and resolves to the encoded reply. Fails at once with
    /// [`Error::Wire`] when the bytes are not a call of this class; the reply fails with the
    /// call's own error (the actor died, the method panicked, ...).
    fn call_encoded(actor: &ActorRef<Self>, bytes: &[u8]) -> Result<EncodedReply, Error>;
}

/// The result slot of a call whose reply comes back as bytes (from a worker process).
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct ReplySlot<'a> {
    slot: &'a dyn ErasedSlot,
}

impl std::fmt::Debug for ReplySlot<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReplySlot").finish_non_exhaustive()
    }
}

impl<'a> ReplySlot<'a> {
    pub(crate) fn new(slot: &'a dyn ErasedSlot) -> Self {
        Self { slot }
    }

    /// Decodes a value of type `R` (the method's return type, `what`) from `bytes` into the
    /// slot.
    pub fn settle<R: DeserializeOwned + Send + 'static>(
        self,
        what: &str,
        bytes: &[u8],
    ) -> Result<(), Error> {
        let value: R = decode(what, bytes)?;
        match self.slot.as_any().downcast_ref::<Slot<R>>() {
            Some(slot) => {
                slot.answer(value, true);
                Ok(())
            }
            None => Err(Error::Wire {
                message: format!("{what} does not match the type of the call's result"),
            }),
        }
    }
}

/// The wire functions of one class, for the runtime code that is generic over every
/// [`Actor`] (not only over [`WireActor`]s): made for a class that has a wire format, by
/// [`Actor::wire`].
#[doc(hidden)]
pub struct Wire<A: Actor> {
    pub(crate) class_key: &'static str,
    pub(crate) encode_call: fn(&A::Message) -> Result<Vec<u8>, Error>,
    pub(crate) encode_args: fn(&A::Args) -> Result<Vec<u8>, Error>,
    pub(crate) decode_args: fn(&[u8]) -> Result<A::Args, Error>,
    pub(crate) settle_reply: fn(usize, &[u8], ReplySlot<'_>) -> Result<(), Error>,
    pub(crate) call_encoded: fn(&ActorRef<A>, &[u8]) -> Result<EncodedReply, Error>,
}

impl<A: Actor> Clone for Wire<A> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<A: Actor> Copy for Wire<A> {}

impl<A: Actor> std::fmt::Debug for Wire<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wire")
            .field("class_key", &self.class_key)
            .finish_non_exhaustive()
    }
}

impl<A: WireActor> Wire<A> {
    /// The wire functions of `A`.
    fn of() -> Self {
        Self {
            class_key: A::CLASS_KEY,
            encode_call: A::encode_call,
            encode_args: A::encode_args,
            decode_args: A::decode_args,
            settle_reply: A::settle_reply,
            call_encoded: A::call_encoded,
        }
    }
}

/// Asks whether `A` has a wire format, without a compile error when it has none (a class
/// whose argument types are not serde is reported once, by the argument checks): the
/// generated `Actor::wire` calls `(&&WireProbe::<Foo>::new()).wire()`, and method lookup
/// picks [`WireProbeViaTrait`] when `Foo: WireActor`, else [`WireProbeFallback`].
#[doc(hidden)]
pub struct WireProbe<A>(std::marker::PhantomData<fn() -> A>);

impl<A> std::fmt::Debug for WireProbe<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WireProbe")
    }
}

impl<A> WireProbe<A> {
    /// The probe.
    pub const fn new() -> Self {
        Self(std::marker::PhantomData)
    }
}

impl<A> Default for WireProbe<A> {
    fn default() -> Self {
        Self::new()
    }
}

/// Chosen when the class implements [`WireActor`].
#[doc(hidden)]
pub trait WireProbeViaTrait<A: Actor> {
    /// `Some`: the class's wire functions.
    fn wire(&self) -> Option<Wire<A>>;
}

impl<A: WireActor> WireProbeViaTrait<A> for &WireProbe<A> {
    fn wire(&self) -> Option<Wire<A>> {
        Some(Wire::of())
    }
}

/// Chosen otherwise.
#[doc(hidden)]
pub trait WireProbeFallback<A: Actor> {
    /// `None`: the class has no wire format.
    fn wire(&self) -> Option<Wire<A>>;
}

impl<A: Actor> WireProbeFallback<A> for WireProbe<A> {
    fn wire(&self) -> Option<Wire<A>> {
        None
    }
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

/// Sends `message` to `actor` and resolves to its encoded reply, whose method is `what`:
/// what the generated `WireActor::call_encoded` does for each method.
pub fn call_encoded<A: Actor, R: Serialize + Send + 'static>(
    what: &'static str,
    actor: &ActorRef<A>,
    message: A::Message,
) -> EncodedReply {
    encode_reply(what, actor.call::<R>(message))
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
