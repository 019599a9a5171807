//! The generated half of the seam for actors in other processes: a call as bytes.
//!
//! `#[actor]` implements [`WireActor`] for every class not marked `local`: its message enum
//! (`FooMessage`) is encoded with `postcard`, a call read back from bytes runs through the
//! ordinary local call path of a handle, and its reply is encoded again. A transport (a
//! connection to a worker process or another machine) plugs in here: it carries the bytes of
//! `encode_call` one way and those of the reply the other.

mod format;

use serde::Serialize;

use crate::actor::{Actor, ActorRef};
use crate::error::Error;
use crate::object_ref::ObjectRef;

use format::encode_value;
pub(crate) use format::{AnyCell, CallCell, TellCell};
pub use format::{EncodedReply, ReplySlot, Wire, decode, encode, encoded_result_is_err};

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

    /// Whether `bytes`, the encoded reply of a call of method number `method`, is an `Err`
    /// of a method that returns `Result`: what the caller's side counts as an error in the
    /// method's telemetry, as this process counts it (see `Reply::send_result`).
    fn reply_is_error(method: usize, bytes: &[u8]) -> bool;

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

/// The wire functions of `A`.
fn wire_of<A: WireActor>() -> Wire<A::Message, A::Args> {
    Wire {
        class_key: A::CLASS_KEY,
        encode_call: A::encode_call,
        encode_args: A::encode_args,
        decode_args: A::decode_args,
        settle_reply: A::settle_reply,
        reply_is_error: A::reply_is_error,
        call_cell: call_cell::<A>,
        tell_cell: tell_cell::<A>,
    }
}

/// Sends a call given as bytes to the actor whose cell is `cell`, without a result: see
/// `Wire::tell_cell`.
fn tell_cell<A: WireActor>(cell: AnyCell, bytes: &[u8]) -> Result<(), Error> {
    let actor = ActorRef::<A>::from_any(cell).ok_or_else(|| Error::Wire {
        message: format!("the `{}` actor of this call has stopped", A::CLASS_NAME),
    })?;
    actor.tell(A::decode_call(bytes)?)
}

/// Runs a call given as bytes on the actor whose cell is `cell`: see `Wire::call_cell`.
fn call_cell<A: WireActor>(cell: AnyCell, bytes: &[u8]) -> Result<EncodedReply, Error> {
    let actor = ActorRef::<A>::from_any(cell).ok_or_else(|| Error::Wire {
        message: format!("the `{}` actor of this call has stopped", A::CLASS_NAME),
    })?;
    A::call_encoded(&actor, bytes)
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
    fn wire(&self) -> Option<Wire<A::Message, A::Args>>;
}

impl<A: WireActor> WireProbeViaTrait<A> for &WireProbe<A> {
    fn wire(&self) -> Option<Wire<A::Message, A::Args>> {
        Some(wire_of::<A>())
    }
}

/// Chosen otherwise.
#[doc(hidden)]
pub trait WireProbeFallback<A: Actor> {
    /// `None`: the class has no wire format.
    fn wire(&self) -> Option<Wire<A::Message, A::Args>>;
}

impl<A: Actor> WireProbeFallback<A> for WireProbe<A> {
    fn wire(&self) -> Option<Wire<A::Message, A::Args>> {
        None
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
    let call = reply.erased_slot();
    EncodedReply::new(
        Box::pin(async move { encode_value(what, &reply.await?) }),
        call,
    )
}
