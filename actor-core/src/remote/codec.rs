//! Frames on a byte stream: a `u32` big-endian length, then the frame in `postcard`.
//!
//! The layout is that of `tokio_util`'s `LengthDelimitedCodec` with a `u32` length field (a
//! test checks they agree); the codec is written out here so that the declared length is
//! checked, and named in the error, before a byte is reserved for it, and so that a frame is
//! serialized straight into the write buffer. `FramedWrite::feed` appends frames to that
//! buffer and `flush` writes them all at once: calls queued together go out in one write.
//! (`feed` itself writes once the buffer holds the `Framed`'s backpressure boundary, 8 KiB
//! unless `set_backpressure_boundary` says otherwise.)

use std::io;

use bytes::{Buf, BufMut, BytesMut};
use tokio_util::codec::{Decoder, Encoder};

use super::frame::{Frame, MAX_FRAME_LEN};

/// The bytes of a frame's length prefix.
const PREFIX_LEN: usize = 4;

/// tokio_util codec: u32 big-endian length prefix + postcard body. Decoding checks the length
/// against [`MAX_FRAME_LEN`] BEFORE reserving anything; malformed bytes give an `io::Error` of
/// kind `InvalidData` with a message saying what was wrong; it never panics. Encoding a frame
/// larger than `MAX_FRAME_LEN` is an error, not a panic.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FrameCodec;

/// An `InvalidData` error carrying `message`.
fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

/// The error for a frame of `len` bytes, declared or encoded; `why` says what follows.
fn over_the_limit(len: usize, why: &str) -> io::Error {
    invalid(format!(
        "frame of {len} bytes is over the limit of {MAX_FRAME_LEN} bytes: {why}"
    ))
}

/// What follows from a frame of another build (or none) on the wire, to close a message.
const NOT_OUR_PEER: &str =
    "the peer is not an actor-core process of this build, or the connection is corrupt";

impl Decoder for FrameCodec {
    type Item = Frame;
    type Error = io::Error;

    /// Cancel safe, as `Decoder`s must be: a partial frame stays in `src` until the rest
    /// arrives.
    fn decode(&mut self, src: &mut BytesMut) -> io::Result<Option<Frame>> {
        let Some(prefix) = src.first_chunk::<PREFIX_LEN>() else {
            return Ok(None);
        };
        let declared = u32::from_be_bytes(*prefix);
        // A `u32` that does not fit a `usize` (16-bit targets) is over the limit anyway.
        let len = usize::try_from(declared).unwrap_or(usize::MAX);
        if len > MAX_FRAME_LEN {
            return Err(over_the_limit(len, NOT_OUR_PEER));
        }
        let total = PREFIX_LEN + len;
        if src.len() < total {
            // The length is within the limit: room for the rest of this frame only.
            src.reserve(total - src.len());
            return Ok(None);
        }
        src.advance(PREFIX_LEN);
        let body = src.split_to(len);
        decode_body(&body).map(Some)
    }

    fn decode_eof(&mut self, src: &mut BytesMut) -> io::Result<Option<Frame>> {
        match self.decode(src)? {
            Some(frame) => Ok(Some(frame)),
            None if src.is_empty() => Ok(None),
            None => Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!(
                    "the connection closed in the middle of a frame ({} bytes of it arrived)",
                    src.len()
                ),
            )),
        }
    }
}

/// The frame encoded in all of `body`.
fn decode_body(body: &[u8]) -> io::Result<Frame> {
    let malformed = |why: String| {
        invalid(format!(
            "malformed frame of {} bytes: {why}; {NOT_OUR_PEER}",
            body.len()
        ))
    };
    match postcard::take_from_bytes(body) {
        Ok((frame, [])) => Ok(frame),
        Ok((frame, rest)) => Err(malformed(format!(
            "{} bytes are left over after a {} frame",
            rest.len(),
            frame.kind()
        ))),
        Err(error) => Err(malformed(error.to_string())),
    }
}

// Only `Encoder<Frame>`: a second impl (for `&Frame`) would make `SinkExt::flush` and `close`
// on a `Framed` ambiguous, which every caller would pay for with a turbofish.
impl Encoder<Frame> for FrameCodec {
    type Error = io::Error;

    /// Appends `frame` to `dst`, or leaves `dst` as it was and fails when `frame` cannot be
    /// encoded or is larger than [`MAX_FRAME_LEN`].
    fn encode(&mut self, frame: Frame, dst: &mut BytesMut) -> io::Result<()> {
        let start = dst.len();
        dst.put_u32(0);
        let encoded = postcard::serialize_with_flavor(&frame, AppendTo(dst));
        let len = dst.len() - start - PREFIX_LEN;
        let declared = match encoded {
            Err(error) => Err(invalid(format!(
                "cannot encode a {} frame: {error}",
                frame.kind()
            ))),
            Ok(()) => u32::try_from(len)
                .ok()
                .filter(|_| len <= MAX_FRAME_LEN)
                .ok_or_else(|| {
                    over_the_limit(
                        len,
                        "a call's arguments or result are too large to send; pass large data \
                         through a file or a shared store instead",
                    )
                }),
        };
        match declared {
            Ok(declared) => {
                dst[start..start + PREFIX_LEN].copy_from_slice(&declared.to_be_bytes());
                Ok(())
            }
            Err(error) => {
                dst.truncate(start);
                Err(error)
            }
        }
    }
}

/// A `postcard` output that appends to the codec's write buffer in place.
struct AppendTo<'a>(&'a mut BytesMut);

impl postcard::ser_flavors::Flavor for AppendTo<'_> {
    type Output = ();

    fn try_extend(&mut self, data: &[u8]) -> postcard::Result<()> {
        self.0.extend_from_slice(data);
        Ok(())
    }

    fn try_push(&mut self, data: u8) -> postcard::Result<()> {
        self.0.put_u8(data);
        Ok(())
    }

    fn finalize(self) -> postcard::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::pin::Pin;
    use std::task::{Context, Poll};
    use std::time::Instant;

    use futures::SinkExt;
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};
    use tokio::io::AsyncWrite;
    use tokio_util::codec::{FramedWrite, LengthDelimitedCodec};

    use super::*;
    use crate::actor::ActorId;
    use crate::error::{DeathCause, Error};
    use crate::remote::frame::{PROTOCOL_VERSION, Token, WorkerOptions};
    use crate::remote::log_record::{LogLevel, LogRecord};

    /// One frame of every variant (two of those that carry a `Result`), with payloads of
    /// `payload` bytes.
    fn every_frame(payload: usize) -> Vec<Frame> {
        let bytes: Vec<u8> = (0..payload).map(|i| i as u8).collect();
        vec![
            Frame::Hello {
                protocol: PROTOCOL_VERSION,
                build_id: u64::MAX - 7,
                token: Token::random(),
            },
            Frame::Welcome,
            Frame::Refused {
                reason: "wrong token".to_owned(),
            },
            Frame::Create {
                actor_id: ActorId::next(0x4e9e_7f4d),
                class: "demos::Counter".to_owned(),
                args: bytes.clone(),
                options: WorkerOptions {
                    name: Some("counter".to_owned()),
                    namespace: "default".to_owned(),
                    blocking: true,
                    max_log_level: Some(LogLevel::Warn),
                },
            },
            Frame::Call {
                call: 1 << 40,
                message: bytes.clone(),
            },
            Frame::Tell {
                message: bytes.clone(),
            },
            Frame::Stop,
            Frame::Started { pid: 4242 },
            Frame::Reply {
                call: 9,
                result: Ok(bytes),
            },
            Frame::Reply {
                call: 10,
                result: Err(Error::Wire {
                    message: "cannot decode a reply".to_owned(),
                }),
            },
            Frame::Died {
                cause: DeathCause::MethodPanicked {
                    method: "add".to_owned(),
                    message: "overflow".to_owned(),
                },
            },
            Frame::Ask {
                call: 3,
                target: ActorId::next(0x4e9e_7f4d),
                message: vec![1, 2, 3],
            },
            Frame::TellTo {
                target: ActorId::next(0x4e9e_7f4d),
                message: vec![4],
            },
            Frame::Answer {
                call: 3,
                result: Ok(vec![5]),
            },
            Frame::Log {
                record: LogRecord {
                    level: LogLevel::Warn,
                    target: "demos::counter".to_owned(),
                    message: "slow".to_owned(),
                    fields: "took_ms=30".to_owned(),
                    spans: "outer:inner".to_owned(),
                    dropped: 2,
                },
            },
            Frame::Export {
                actor: ActorId::next(0x4e9e_7f4d),
            },
            Frame::Release {
                actor: ActorId::next(0x4e9e_7f4d),
                count: 2,
            },
            Frame::Kill {
                target: ActorId::next(0x4e9e_7f4d),
            },
            Frame::Terminate {
                target: ActorId::next(0x4e9e_7f4d),
            },
            Frame::Cancel { call: 1 << 40 },
            Frame::Watch {
                actor: ActorId::next(0x4e9e_7f4d),
            },
            Frame::Ended {
                actor: ActorId::next(0x4e9e_7f4d),
                cause: DeathCause::Killed,
            },
        ]
    }

    fn encoded(frame: &Frame) -> BytesMut {
        let mut bytes = BytesMut::new();
        FrameCodec
            .encode(frame.clone(), &mut bytes)
            .expect("a small frame encodes");
        bytes
    }

    #[test]
    fn every_frame_survives_the_round_trip() {
        let frames = every_frame(300);
        let kinds: BTreeSet<_> = frames.iter().map(Frame::kind).collect();
        assert_eq!(
            kinds.len(),
            21,
            "a variant is missing from every_frame: {kinds:?}"
        );
        for frame in frames {
            let mut bytes = encoded(&frame);
            assert_eq!(FrameCodec.decode(&mut bytes).expect("decodes"), Some(frame));
            assert!(
                bytes.is_empty(),
                "the frame left {} bytes behind",
                bytes.len()
            );
        }
    }

    #[test]
    fn a_frame_arriving_byte_by_byte_waits_for_its_last_byte() {
        let frame = Frame::Call {
            call: 3,
            message: vec![1, 2, 3],
        };
        let whole = encoded(&frame);
        let mut arrived = BytesMut::new();
        for (i, byte) in whole.iter().enumerate() {
            arrived.put_u8(*byte);
            let decoded = FrameCodec
                .decode(&mut arrived)
                .expect("a partial frame is no error");
            if i + 1 < whole.len() {
                assert_eq!(
                    decoded,
                    None,
                    "decoded after {} of {} bytes",
                    i + 1,
                    whole.len()
                );
            } else {
                assert_eq!(decoded, Some(frame.clone()));
            }
        }
    }

    #[test]
    fn the_layout_is_that_of_tokio_utils_length_delimited_codec() {
        let frame = Frame::Refused {
            reason: "build id differs".to_owned(),
        };
        let mut bytes = encoded(&frame);
        let mut standard = LengthDelimitedCodec::builder()
            .length_field_type::<u32>()
            .new_codec();
        let body = standard
            .decode(&mut bytes)
            .expect("decodes")
            .expect("whole");
        assert_eq!(&body[..], postcard::to_allocvec(&frame).expect("encodes"));
    }

    #[test]
    fn a_declared_length_over_the_limit_is_refused_before_anything_is_reserved() {
        // 4 GiB (less one byte) declared, and only the prefix arrived.
        let mut bytes = BytesMut::from(&[0xff_u8, 0xff, 0xff, 0xff][..]);
        let capacity = bytes.capacity();
        let error = FrameCodec.decode(&mut bytes).expect_err("over the limit");
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
        let message = error.to_string();
        assert!(
            message.contains("frame of 4294967295 bytes is over the limit of 67108864"),
            "{message}"
        );
        assert_eq!(bytes.capacity(), capacity, "the decoder reserved room");

        let just_over = u32::try_from(MAX_FRAME_LEN + 1).expect("fits");
        let mut bytes = BytesMut::from(&just_over.to_be_bytes()[..]);
        let error = FrameCodec.decode(&mut bytes).expect_err("one byte over");
        assert!(
            error.to_string().contains("frame of 67108865 bytes"),
            "{error}"
        );
    }

    #[test]
    fn a_declared_length_at_the_limit_waits_for_its_bytes() {
        let at_limit = u32::try_from(MAX_FRAME_LEN).expect("fits");
        let mut bytes = BytesMut::from(&at_limit.to_be_bytes()[..]);
        assert_eq!(
            FrameCodec.decode(&mut bytes).expect("within the limit"),
            None
        );
    }

    #[test]
    fn encoding_a_frame_over_the_limit_fails_and_keeps_the_frames_before_it() {
        let mut bytes = encoded(&Frame::Stop);
        let before = bytes.clone();
        let huge = Frame::Tell {
            message: vec![0; MAX_FRAME_LEN],
        };
        let error = FrameCodec.encode(huge, &mut bytes).expect_err("too large");
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
        assert!(
            error.to_string().contains("is over the limit of 67108864"),
            "{error}"
        );
        assert_eq!(bytes, before, "the failed frame left bytes in the buffer");
        assert_eq!(
            FrameCodec.decode(&mut bytes).expect("decodes"),
            Some(Frame::Stop)
        );
    }

    #[test]
    fn malformed_bodies_are_invalid_data_that_says_so() {
        // A variant index past the last variant.
        let mut bytes = BytesMut::from(&[0, 0, 0, 1, 0x7f][..]);
        let error = FrameCodec.decode(&mut bytes).expect_err("no such variant");
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
        assert!(
            error.to_string().contains("malformed frame of 1 bytes"),
            "{error}"
        );

        // A whole `Stop` with a stray byte after it, inside the declared length.
        let mut bytes = BytesMut::new();
        bytes.put_u32(2);
        bytes.extend_from_slice(&postcard::to_allocvec(&Frame::Stop).expect("encodes"));
        bytes.put_u8(0);
        let error = FrameCodec.decode(&mut bytes).expect_err("left over");
        assert!(
            error
                .to_string()
                .contains("1 bytes are left over after a Stop frame"),
            "{error}"
        );
    }

    #[test]
    fn a_connection_closed_inside_a_frame_is_an_unexpected_eof() {
        let whole = encoded(&Frame::Started { pid: 7 });
        let mut bytes = BytesMut::from(&whole[..whole.len() - 1]);
        let error = FrameCodec.decode_eof(&mut bytes).expect_err("cut short");
        assert_eq!(error.kind(), io::ErrorKind::UnexpectedEof);
        assert!(
            error.to_string().contains("in the middle of a frame"),
            "{error}"
        );
        assert_eq!(
            FrameCodec.decode_eof(&mut BytesMut::new()).expect("clean"),
            None
        );
    }

    /// An `AsyncWrite` that counts the writes it is asked for.
    #[derive(Default)]
    struct CountedWrites {
        writes: usize,
        bytes: Vec<u8>,
    }

    impl AsyncWrite for CountedWrites {
        fn poll_write(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
            buf: &[u8],
        ) -> Poll<io::Result<usize>> {
            self.writes += 1;
            self.bytes.extend_from_slice(buf);
            Poll::Ready(Ok(buf.len()))
        }

        fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }

        fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }
    }

    #[tokio::test]
    async fn frames_fed_together_go_out_in_one_write() {
        let mut framed = FramedWrite::new(CountedWrites::default(), FrameCodec);
        let calls: Vec<_> = (0..100)
            .map(|call| Frame::Call {
                call,
                message: vec![7; 16],
            })
            .collect();
        for call in &calls {
            framed.feed(call.clone()).await.expect("fed");
        }
        assert_eq!(framed.get_ref().writes, 0, "feeding wrote already");
        framed.flush().await.expect("flushed");
        assert_eq!(framed.get_ref().writes, 1);

        let mut written = BytesMut::from(&framed.get_ref().bytes[..]);
        for call in calls {
            assert_eq!(
                FrameCodec.decode(&mut written).expect("decodes"),
                Some(call)
            );
        }
        assert!(written.is_empty());
    }

    /// Bytes a broken or hostile peer might send: random bytes, and valid frames with bytes
    /// flipped, cut short, extended, or behind a wrong length.
    fn damaged_frames(rng: &mut StdRng, valid: &[BytesMut]) -> BytesMut {
        let mut bytes = BytesMut::from(&valid[rng.random_range(0..valid.len())][..]);
        match rng.random_range(0..6) {
            0 => {
                let len = rng.random_range(0..64);
                bytes = (0..len).map(|_| rng.random()).collect::<Vec<u8>>()[..].into();
            }
            1 => {
                for _ in 0..rng.random_range(1..=4) {
                    let at = rng.random_range(0..bytes.len());
                    bytes[at] ^= rng.random_range(1..=u8::MAX);
                }
            }
            2 => bytes.truncate(rng.random_range(0..bytes.len())),
            3 => {
                for _ in 0..rng.random_range(1..32) {
                    bytes.put_u8(rng.random());
                }
            }
            4 => {
                // A wrong length: mostly near the true one, sometimes anything at all.
                let len = if rng.random_bool(0.9) {
                    rng.random_range(0..bytes.len() as u32 + 16)
                } else {
                    rng.random()
                };
                bytes[..PREFIX_LEN].copy_from_slice(&len.to_be_bytes());
            }
            _ => {
                // Two frames, the second damaged inside its body.
                let second = valid[rng.random_range(0..valid.len())].clone();
                let at = bytes.len() + rng.random_range(PREFIX_LEN..second.len());
                bytes.extend_from_slice(&second);
                bytes[at] = rng.random();
            }
        }
        bytes
    }

    /// The frames decoded from `bytes` arriving in two pieces (split at `split`), and how
    /// decoding ended: waiting for more bytes, or the error's kind and message.
    fn decode_all(bytes: &[u8], split: usize) -> (Vec<Frame>, Result<(), (io::ErrorKind, String)>) {
        let mut frames = Vec::new();
        let mut arrived = BytesMut::new();
        for piece in [&bytes[..split], &bytes[split..]] {
            arrived.extend_from_slice(piece);
            loop {
                match FrameCodec.decode(&mut arrived) {
                    Ok(Some(frame)) => frames.push(frame),
                    Ok(None) => break,
                    Err(error) => return (frames, Err((error.kind(), error.to_string()))),
                }
            }
        }
        (frames, Ok(()))
    }

    #[test]
    fn the_decoder_survives_damaged_frames_without_panicking() {
        const CASES: usize = 100_000;
        let mut rng = StdRng::seed_from_u64(0x5eed_f4a3);
        let valid: Vec<BytesMut> = [0, 1, 5, 40]
            .into_iter()
            .flat_map(every_frame)
            .map(|frame| encoded(&frame))
            .collect();
        let started = Instant::now();
        let (mut decoded, mut pending, mut refused) = (0, 0, 0);
        for case in 0..CASES {
            let bytes = damaged_frames(&mut rng, &valid);
            let whole = decode_all(&bytes, bytes.len());
            // The same bytes arriving in two pieces decode the same.
            let split = rng.random_range(0..=bytes.len());
            assert_eq!(
                decode_all(&bytes, split),
                whole,
                "case {case}, split at {split}"
            );
            decoded += whole.0.len();
            match whole.1 {
                Ok(()) => pending += 1,
                Err((kind, _)) => {
                    assert_eq!(kind, io::ErrorKind::InvalidData, "case {case}");
                    refused += 1;
                }
            }
        }
        eprintln!(
            "{CASES} damaged inputs in {:?}: {decoded} frames decoded, {pending} waiting for \
             more bytes, {refused} refused",
            started.elapsed()
        );
        assert!(
            decoded > 0 && pending > 0 && refused > 0,
            "the mutations are too narrow"
        );
    }
}
