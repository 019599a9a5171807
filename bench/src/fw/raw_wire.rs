//! What the raw socket baselines send: the runtime's framing (tokio-util's
//! `LengthDelimitedCodec`, a u32 length prefix, around a postcard body) carrying a numbered
//! payload, both ways.

use bytes::Bytes;
use serde::{Deserialize, Serialize};
use tokio_util::codec::LengthDelimitedCodec;

/// One request or its echo: the echo carries the request's number and payload back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawMessage {
    /// Numbers the requests of one connection from 0, so the client can check every echo.
    pub number: u64,
    /// The payload (64 bytes in the scenarios).
    pub payload: Vec<u8>,
}

/// The largest frame either side accepts, as the runtime's limit.
const MAX_FRAME_LEN: usize = 64 * 1024 * 1024;

/// The codec of both ends: a u32 big-endian length prefix, checked against the limit.
pub fn codec() -> LengthDelimitedCodec {
    LengthDelimitedCodec::builder()
        .max_frame_length(MAX_FRAME_LEN)
        .new_codec()
}

/// `message` as one frame's body.
pub fn encode(message: &RawMessage) -> Result<Bytes, String> {
    postcard::to_allocvec(message)
        .map(Bytes::from)
        .map_err(|error| format!("cannot encode a raw message: {error}"))
}

/// The message in one frame's body.
pub fn decode(body: &[u8]) -> Result<RawMessage, String> {
    postcard::from_bytes(body).map_err(|error| format!("malformed raw message: {error}"))
}

/// A payload of `bytes` bytes, the same in every scenario.
pub fn payload(bytes: usize) -> Vec<u8> {
    (0..bytes).map(|i| (i % 251) as u8).collect()
}
