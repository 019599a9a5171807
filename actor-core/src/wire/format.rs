//! The wire format of calls and values, and what the runtime needs of a class to send its
//! calls across processes: below the generated code and the runtime's loops alike.

use std::any::Any;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::slot::{ErasedSlot, Slot};

/// The encoded reply of a call made from bytes: resolves once the actor ran the call. It
/// holds the call's result slot too, for a transport that may be told to cancel the call
/// (see [`EncodedReply::take_call`]).
pub struct EncodedReply {
    encoding: Pin<Box<dyn Future<Output = Result<Vec<u8>, Error>> + Send>>,
    call: Option<Arc<dyn ErasedSlot>>,
}

impl EncodedReply {
    /// The reply that `encoding` resolves to, of the call whose result slot is `call`.
    pub(crate) fn new(
        encoding: Pin<Box<dyn Future<Output = Result<Vec<u8>, Error>> + Send>>,
        call: Arc<dyn ErasedSlot>,
    ) -> Self {
        Self {
            encoding,
            call: Some(call),
        }
    }

    /// The call's result slot, once: settling it early cancels the call, as `cancel` on its
    /// `ObjectRef` would.
    pub(crate) fn take_call(&mut self) -> Option<Arc<dyn ErasedSlot>> {
        self.call.take()
    }
}

impl Future for EncodedReply {
    type Output = Result<Vec<u8>, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.encoding.as_mut().poll(cx)
    }
}

impl std::fmt::Debug for EncodedReply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EncodedReply").finish_non_exhaustive()
    }
}

/// The result slot of a call whose reply comes back as bytes (from a worker process).
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct ReplySlot<'a> {
    slot: &'a dyn ErasedSlot,
    /// Whether settling wakes the consumer; if not, whoever settles wakes it later
    /// (`ErasedSlot::wake_consumer`).
    wake: bool,
}

impl std::fmt::Debug for ReplySlot<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReplySlot").finish_non_exhaustive()
    }
}

impl<'a> ReplySlot<'a> {
    /// The slot `slot`, whose consumer [`ReplySlot::settle`] wakes.
    pub(crate) fn new(slot: &'a dyn ErasedSlot) -> Self {
        Self { slot, wake: true }
    }

    /// The slot `slot`, whose consumer the caller wakes after [`ReplySlot::settle`].
    pub(crate) fn waking_later(slot: &'a dyn ErasedSlot) -> Self {
        Self { slot, wake: false }
    }

    /// Decodes a value of type `R` (the method's return type, `what`) from `bytes` into the
    /// slot.
    pub fn settle<R: DeserializeOwned + Send + 'static>(
        self,
        what: &str,
        bytes: &[u8],
    ) -> Result<(), Error> {
        let value: R = decode_value(what, bytes)?;
        match self.slot.as_any().downcast_ref::<Slot<R>>() {
            Some(slot) => {
                slot.answer(value, self.wake);
                Ok(())
            }
            None => Err(Error::Wire {
                message: format!("{what} does not match the type of the call's result"),
            }),
        }
    }
}

/// An actor's cell, of any class.
pub(crate) type AnyCell = Arc<dyn Any + Send + Sync>;

/// Runs a call given as bytes on an actor's cell, through the ordinary local call path, and
/// resolves to the encoded reply.
pub(crate) type CallCell = fn(AnyCell, &[u8]) -> Result<EncodedReply, Error>;

/// Sends a call given as bytes to an actor's cell, without a result.
pub(crate) type TellCell = fn(AnyCell, &[u8]) -> Result<(), Error>;

/// The wire functions of one class (whose message type is `M` and constructor arguments
/// `Args`), for the runtime code that is generic over every actor class, not only over
/// those with a wire format: made by the generated `Actor::wire` for a class that has one.
#[doc(hidden)]
pub struct Wire<M, Args> {
    /// The key a worker process finds the class by.
    pub(crate) class_key: &'static str,
    pub(crate) encode_call: fn(&M) -> Result<Vec<u8>, Error>,
    pub(crate) encode_args: fn(&Args) -> Result<Vec<u8>, Error>,
    pub(crate) decode_args: fn(&[u8]) -> Result<Args, Error>,
    pub(crate) settle_reply: fn(usize, &[u8], ReplySlot<'_>) -> Result<(), Error>,
    /// Whether an encoded reply of the method of this number is an `Err` (see
    /// `WireActor::reply_is_error`).
    pub(crate) reply_is_error: fn(usize, &[u8]) -> bool,
    /// Runs a call given as bytes on the actor whose cell is given (as `Any`), through the
    /// ordinary local call path, and resolves to the encoded reply.
    pub(crate) call_cell: CallCell,
    /// Sends a call given as bytes to the actor whose cell is given, without a result
    /// (`tell`).
    pub(crate) tell_cell: TellCell,
}

impl<M, Args> Clone for Wire<M, Args> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<M, Args> Copy for Wire<M, Args> {}

impl<M, Args> std::fmt::Debug for Wire<M, Args> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wire")
            .field("class_key", &self.class_key)
            .finish_non_exhaustive()
    }
}

/// The room an encoding starts with: most calls and values fit, so that encoding one
/// allocates once instead of growing its buffer from nothing four or five times.
const FIRST_CAPACITY: usize = 128;

/// The bytes of `value`, or an [`Error::Wire`] that names `what` was encoded.
pub fn encode<T: Serialize + ?Sized>(what: &str, value: &T) -> Result<Vec<u8>, Error> {
    postcard::to_extend(value, Vec::with_capacity(FIRST_CAPACITY)).map_err(|error| Error::Wire {
        message: format!("cannot encode {what}: {error}"),
    })
}

/// The bytes of a method's return value: as [`encode`], but a `Vec<u8>` is written as one
/// block (serde writes it byte by byte, which costs more than the rest of a small call).
/// The bytes are the same either way: `postcard` writes a `u8` as one byte.
pub(crate) fn encode_value<T: Serialize + 'static>(
    what: &str,
    value: &T,
) -> Result<Vec<u8>, Error> {
    match (value as &dyn Any).downcast_ref::<Vec<u8>>() {
        Some(bytes) => encode(what, serde_bytes::Bytes::new(bytes)),
        None => encode(what, value),
    }
}

/// A method's return value from `bytes`, as [`encode_value`] wrote it.
pub(crate) fn decode_value<T: DeserializeOwned + 'static>(
    what: &str,
    bytes: &[u8],
) -> Result<T, Error> {
    let mut value: Option<T> = None;
    if let Some(block) = (&mut value as &mut dyn Any).downcast_mut::<Option<Vec<u8>>>() {
        let decoded: serde_bytes::ByteBuf = decode(what, bytes)?;
        *block = Some(decoded.into_vec());
    }
    match value {
        Some(value) => Ok(value),
        None => decode(what, bytes),
    }
}

/// Whether `bytes`, a `Result` encoded by [`encode`], hold an `Err`: postcard writes the
/// variant first, as a varint (`Ok` is 0, `Err` is 1), so the flag travels in the value itself
/// at no cost.
pub fn encoded_result_is_err(bytes: &[u8]) -> bool {
    bytes.first() == Some(&1)
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
    fn a_byte_vector_is_one_block_with_the_same_bytes() {
        let payload: Vec<u8> = (0..=255).collect();
        let block = encode_value("a payload", &payload).expect("encodes");
        assert_eq!(block, encode("a payload", &payload).expect("encodes"));
        let back: Vec<u8> = decode_value("a payload", &block).expect("decodes");
        assert_eq!(back, payload);
        let other: (u32, String) = decode_value(
            "a pair",
            &encode_value("a pair", &(1_u32, "one".to_owned())).expect("encodes"),
        )
        .expect("decodes");
        assert_eq!(other, (1, "one".to_owned()));
    }

    #[test]
    fn an_encoded_result_says_whether_it_is_an_error() {
        let ok: Result<String, String> = Ok("fine".to_owned());
        let err: Result<String, String> = Err("broken".to_owned());
        assert!(!encoded_result_is_err(&encode("ok", &ok).expect("encodes")));
        assert!(encoded_result_is_err(
            &encode("err", &err).expect("encodes")
        ));
        let nested: Result<Result<u8, u8>, u8> = Ok(Err(1));
        assert!(!encoded_result_is_err(
            &encode("nested", &nested).expect("encodes")
        ));
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
