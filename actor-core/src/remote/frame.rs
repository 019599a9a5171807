//! What the driver and a worker process say to each other: the frames, and the three things
//! the handshake compares (protocol version, build id, token).

use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::actor::ActorId;
use crate::error::{DeathCause, Error};

use super::log_record::{LogLevel, LogRecord};

/// Bumped whenever a frame changes shape.
///
/// `Hello`, `Welcome` and `Refused` keep their place (the first three variants) and their
/// fields in every version: `postcard` reads only the variant at hand, so peers of different
/// versions still understand each other's handshake and can say which version differs.
pub(crate) const PROTOCOL_VERSION: u32 = 3;

/// The largest frame accepted, checked from the length prefix before anything is allocated.
pub(crate) const MAX_FRAME_LEN: usize = 64 * 1024 * 1024;

/// One message between the driver and a worker process; [`super::codec::FrameCodec`] puts it
/// on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) enum Frame {
    /// worker -> driver, first frame.
    Hello {
        /// The [`PROTOCOL_VERSION`] the worker speaks.
        protocol: u32,
        /// The worker's [`build_id`].
        build_id: u64,
        /// The token the driver gave the worker in its environment.
        token: Token,
    },
    /// driver -> worker: the handshake passed.
    Welcome,
    /// either way: the handshake failed, why; the sender closes the connection after it.
    Refused {
        /// Which check failed, in words.
        reason: String,
    },
    /// driver -> worker: start the actor. `class` is the class key (see `WireClass`), `args`
    /// the encoded constructor arguments.
    Create {
        /// The driver's id for the actor: the worker's errors about it name this one.
        actor_id: ActorId,
        /// The class key the worker looks the class up by.
        class: String,
        /// The encoded constructor arguments.
        #[serde(with = "serde_bytes")]
        args: Vec<u8>,
        /// The options the worker needs to run the actor.
        options: WorkerOptions,
    },
    /// driver -> worker: one call with a result; `call` numbers it on this connection.
    Call {
        /// The call's number on this connection; its `Reply` carries it back.
        call: u64,
        /// The encoded call (`WireActor::encode_call`).
        #[serde(with = "serde_bytes")]
        message: Vec<u8>,
    },
    /// driver -> worker: one call without a result (`tell`).
    Tell {
        /// The encoded call (`WireActor::encode_call`).
        #[serde(with = "serde_bytes")]
        message: Vec<u8>,
    },
    /// driver -> worker: stop gracefully (queued calls, then `#[on_stop]`), then exit.
    Stop,
    /// worker -> driver: the constructor ran; the actor serves calls.
    Started {
        /// The worker's process id.
        pid: u32,
    },
    /// worker -> driver: the result of `Call { call, .. }`: the encoded value or the error.
    Reply {
        /// The number of the `Call` this answers.
        call: u64,
        /// The encoded return value, or the call's error.
        #[serde(with = "bytes_or_error")]
        result: Result<Vec<u8>, Error>,
    },
    /// worker -> driver: the actor died; the worker exits after this frame, its last.
    Died {
        /// Why the actor died.
        cause: DeathCause,
    },
    /// either way: a call with a result to the actor `target` of the other side, through a
    /// stand-in for it (see `remote::peer`): a worker calls an actor of the driver, the
    /// driver an actor a worker created; answered by `Answer`.
    Ask {
        /// The call's number among the sender's calls; its `Answer` carries it back.
        call: u64,
        /// The actor of the other side the call is for.
        target: ActorId,
        /// The encoded call.
        #[serde(with = "serde_bytes")]
        message: Vec<u8>,
    },
    /// either way: a call without a result to the actor `target` of the other side.
    TellTo {
        /// The actor of the other side the call is for.
        target: ActorId,
        /// The encoded call.
        #[serde(with = "serde_bytes")]
        message: Vec<u8>,
    },
    /// either way: the result of `Ask { call, .. }`.
    Answer {
        /// The number of the `Ask` this answers.
        call: u64,
        /// The encoded return value, or the call's error.
        #[serde(with = "bytes_or_error")]
        result: Result<Vec<u8>, Error>,
    },
    /// worker -> driver: a `tracing` event of the worker (of the runtime, or of the actor's
    /// code), for the driver to re-emit; sent only at levels the driver records (see
    /// [`WorkerOptions::max_log_level`]).
    Log {
        /// The event.
        record: LogRecord,
    },
    /// either way: the sender sends a handle to `actor` in a frame after this one, and
    /// keeps the actor alive until the other side releases it (see `remote::peer`).
    Export {
        /// The actor the handle names.
        actor: ActorId,
    },
    /// either way: the receiver's stand-in for `actor` is gone (or the handle found the
    /// actor itself); it had taken `count` of the other side's `Export`s of it, which no
    /// longer keep it alive.
    Release {
        /// The actor the exports named.
        actor: ActorId,
        /// How many `Export`s this releases.
        count: u64,
    },
    /// either way: `kill` the actor `target` of the other side (a stand-in was killed).
    Kill {
        /// The actor to kill.
        target: ActorId,
    },
    /// either way: `terminate` the actor `target` of the other side, after the calls sent
    /// to it before this frame.
    Terminate {
        /// The actor to terminate.
        target: ActorId,
    },
    /// either way: the sender made a stand-in for the receiver's actor `actor`, and wants
    /// to know when that actor dies (`Ended`).
    Watch {
        /// The actor of the receiver the stand-in stands for.
        actor: ActorId,
    },
    /// either way: the sender's actor `actor`, which the receiver watches (`Watch`), died:
    /// the receiver's stand-in for it dies of the same cause.
    Ended {
        /// The actor that died.
        actor: ActorId,
        /// Why it died.
        cause: DeathCause,
    },
    /// driver -> worker: the caller's result of `Call { call, .. }` was settled early
    /// (cancelled, timed out): the worker cancels the call as a local cancel would (dropped
    /// unrun if queued, dropped at its next `.await` if async, `is_cancelled()` if sync). Its
    /// `Reply` still comes, in order, and the driver ignores it.
    Cancel {
        /// The number of the `Call` to cancel.
        call: u64,
    },
}

impl Frame {
    /// The variant's name, for messages that must not print a frame's payload (a token, or
    /// megabytes of arguments).
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Frame::Hello { .. } => "Hello",
            Frame::Welcome => "Welcome",
            Frame::Refused { .. } => "Refused",
            Frame::Create { .. } => "Create",
            Frame::Call { .. } => "Call",
            Frame::Tell { .. } => "Tell",
            Frame::Stop => "Stop",
            Frame::Started { .. } => "Started",
            Frame::Reply { .. } => "Reply",
            Frame::Died { .. } => "Died",
            Frame::Ask { .. } => "Ask",
            Frame::TellTo { .. } => "TellTo",
            Frame::Answer { .. } => "Answer",
            Frame::Log { .. } => "Log",
            Frame::Export { .. } => "Export",
            Frame::Release { .. } => "Release",
            Frame::Kill { .. } => "Kill",
            Frame::Terminate { .. } => "Terminate",
            Frame::Cancel { .. } => "Cancel",
            Frame::Watch { .. } => "Watch",
            Frame::Ended { .. } => "Ended",
        }
    }
}

/// A reply's encoded value or its error, the value written as one block of bytes (serde
/// writes a `Vec<u8>` byte by byte, which cost a fifth of a pipelined call's time).
mod bytes_or_error {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use serde_bytes::{ByteBuf, Bytes};

    use crate::error::Error;

    pub(super) fn serialize<S: Serializer>(
        result: &Result<Vec<u8>, Error>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        result
            .as_ref()
            .map(|bytes| Bytes::new(bytes))
            .serialize(serializer)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Result<Vec<u8>, Error>, D::Error> {
        let result = Result::<ByteBuf, Error>::deserialize(deserializer)?;
        Ok(result.map(ByteBuf::into_vec))
    }
}

/// What the worker needs of the actor's options (the rest stay in the driver).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct WorkerOptions {
    /// The actor's name, if it has one.
    pub(crate) name: Option<String>,
    /// The namespace its name lives in.
    pub(crate) namespace: String,
    /// Whether its sync methods run where they may block a thread for long.
    pub(crate) blocking: bool,
    /// The most verbose level the driver records (`None`: nothing); the worker sends its
    /// `tracing` events up to that level as `Log` frames.
    pub(crate) max_log_level: Option<LogLevel>,
}

/// The number of bytes in a [`Token`].
const TOKEN_LEN: usize = 32;

/// The per-driver secret a worker proves it knows. 32 random bytes; `Debug` does not print it.
///
/// `==` compares in constant time (every byte, whatever the first difference), so a stranger
/// who can connect learns nothing about the token from how long the driver takes to refuse.
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Token([u8; TOKEN_LEN]);

impl Token {
    /// A fresh token from the operating system's random source.
    ///
    /// # Panics
    /// When the operating system has no random source to give (`getrandom` fails): a driver
    /// without one cannot keep strangers from its workers' sockets.
    pub(crate) fn random() -> Self {
        let mut bytes = [0; TOKEN_LEN];
        if let Err(error) = getrandom::fill(&mut bytes) {
            panic!("the operating system gave no random bytes for a worker token: {error}");
        }
        Self(bytes)
    }

    /// The token as 64 lowercase hex digits, for the worker's environment variable.
    pub(crate) fn to_hex(&self) -> String {
        self.0.iter().map(|byte| format!("{byte:02x}")).collect()
    }

    /// The token written by [`Token::to_hex`]; [`Error::Wire`] when `text` is not 64 hex
    /// digits.
    pub(crate) fn from_hex(text: &str) -> Result<Self, Error> {
        let fail = |why: String| Error::Wire {
            message: format!(
                "a worker token must be {} hex digits, as the driver wrote it into the \
                 worker's environment; {why}",
                TOKEN_LEN * 2
            ),
        };
        if text.len() != TOKEN_LEN * 2 {
            return Err(fail(format!("got {} bytes of text", text.len())));
        }
        let mut bytes = [0; TOKEN_LEN];
        for (byte, pair) in bytes.iter_mut().zip(text.as_bytes().chunks_exact(2)) {
            let hex_value = |digit: u8| char::from(digit).to_digit(16);
            let (Some(high), Some(low)) = (hex_value(pair[0]), hex_value(pair[1])) else {
                return Err(fail(format!("`{}` is not a hex byte", pair.escape_ascii())));
            };
            // Two hex digits make at most 0xff.
            *byte = (high * 16 + low) as u8;
        }
        Ok(Self(bytes))
    }
}

impl PartialEq for Token {
    fn eq(&self, other: &Self) -> bool {
        // `black_box` at every step keeps the optimiser from seeing that the result is
        // settled once a byte differs, and so from turning the fold into an early exit.
        let difference = self.0.iter().zip(&other.0).fold(0, |difference, (a, b)| {
            std::hint::black_box(difference | (a ^ b))
        });
        difference == 0
    }
}

impl Eq for Token {}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(..)")
    }
}

/// The identity of the running executable, computed once: a hash of its file's device,
/// inode, size and modification time. The worker is the same file, so a mismatch means the
/// file was replaced between the driver's start and the worker's (a rebuild may encode
/// calls differently), or a stranger connects.
///
/// On Linux `/proc/self/exe` is the image this process runs even when the file at its path
/// was replaced since; a worker spawned from the replaced file has another inode or time.
/// Not a hash of the file's bytes: every worker computes this as it starts, and reading and
/// hashing a release binary took about 18 ms a worker, which held isolated actors to 51
/// starts a second (664 with this); a rebuild always writes a new file or a new time.
pub(crate) fn build_id() -> u64 {
    static BUILD_ID: OnceLock<u64> = OnceLock::new();
    *BUILD_ID.get_or_init(|| {
        let path = if cfg!(target_os = "linux") {
            "/proc/self/exe".into()
        } else {
            std::env::current_exe().unwrap_or_default()
        };
        let mut hasher = std::hash::DefaultHasher::new();
        env!("CARGO_PKG_VERSION").hash(&mut hasher);
        // Without metadata (no `/proc`, no permission) only the version is compared.
        if let Ok(metadata) = std::fs::metadata(path) {
            use std::os::unix::fs::MetadataExt;
            (metadata.dev(), metadata.ino(), metadata.size()).hash(&mut hasher);
            (metadata.mtime(), metadata.mtime_nsec()).hash(&mut hasher);
        }
        hasher.finish()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_survives_hex_and_random_tokens_differ() {
        let token = Token::random();
        let text = token.to_hex();
        assert_eq!(text.len(), 64);
        assert!(text.bytes().all(|byte| byte.is_ascii_hexdigit()), "{text}");
        assert_eq!(Token::from_hex(&text).expect("its own hex"), token);
        assert_ne!(Token::random(), token, "two tokens from the OS were equal");
    }

    #[test]
    fn bad_hex_is_an_error_that_says_what_a_token_is() {
        for (text, says) in [
            ("abc", "got 3 bytes of text"),
            (&"zz".repeat(32), "`zz` is not a hex byte"),
            (&format!("{}é", "0".repeat(62)), "is not a hex byte"),
            (&format!("+1{}", "0".repeat(62)), "`+1` is not a hex byte"),
        ] {
            let error = Token::from_hex(text).expect_err(text);
            let Error::Wire { message } = &error else {
                panic!("expected Error::Wire, got {error:?}");
            };
            assert!(message.contains("must be 64 hex digits"), "{message}");
            assert!(message.contains(says), "{message} should say {says}");
        }
    }

    #[test]
    fn tokens_differing_in_the_last_byte_are_unequal() {
        let token = Token::random();
        let mut other = token.clone();
        other.0[TOKEN_LEN - 1] ^= 1;
        assert_ne!(token, other);
        assert_eq!(token, token.clone());
    }

    #[test]
    fn debug_does_not_print_the_token() {
        let token = Token::random();
        let hello = Frame::Hello {
            protocol: PROTOCOL_VERSION,
            build_id: 1,
            token: token.clone(),
        };
        let shown = format!("{hello:?}");
        assert!(shown.contains("Token(..)"), "{shown}");
        assert!(!shown.contains(&token.to_hex()[..8]), "{shown}");
    }

    #[test]
    fn the_handshake_frames_keep_their_encoding_across_versions() {
        let encode = |frame: &Frame| postcard::to_allocvec(frame).expect("encodes");
        let token = Token::from_hex(&"ab".repeat(32)).expect("hex");
        let hello = Frame::Hello {
            protocol: 7,
            build_id: 0x0102,
            token,
        };
        let mut expected = vec![0, 7, 0x82, 0x02];
        expected.extend([0xab; TOKEN_LEN]);
        assert_eq!(encode(&hello), expected);
        assert_eq!(encode(&Frame::Welcome), [1]);
        let refused = Frame::Refused {
            reason: "no".to_owned(),
        };
        assert_eq!(encode(&refused), [2, 2, b'n', b'o']);
    }

    #[test]
    fn the_build_id_is_that_of_this_executable_and_stable() {
        let of_another_file = {
            let mut hasher = std::hash::DefaultHasher::new();
            env!("CARGO_PKG_VERSION").hash(&mut hasher);
            hasher.finish()
        };
        assert_ne!(
            build_id(),
            of_another_file,
            "the executable's metadata counts"
        );
        assert_eq!(build_id(), build_id());
    }
}
