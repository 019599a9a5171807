//! The wire format of a non-`local` actor (`WireActor`): a call read back from bytes runs as
//! a local call and its reply comes back as bytes; bytes that are not a call of the class are
//! an `Error::Wire`, never a panic.

use actor_core::__private::{WireActor, decode_wire};
use actor_core::Error;
use actor_core::prelude::*;

#[actor]
struct Ledger {
    entries: Vec<String>,
}

#[actor]
impl Ledger {
    fn new() -> Self {
        Self {
            entries: Vec::new(),
        }
    }

    /// Appends `entry`; returns how many there are now.
    pub fn record(&mut self, entry: String, times: u32) -> usize {
        for _ in 0..times {
            self.entries.push(entry.clone());
        }
        self.entries.len()
    }

    /// Panics on purpose.
    pub fn fail(&self) -> u8 {
        panic!("asked to fail")
    }

    pub async fn latest(&self) -> Option<String> {
        self.entries.last().cloned()
    }

    /// Appends `bytes` as an entry (lossy UTF-8); returns them reversed.
    pub fn record_bytes(&mut self, bytes: Vec<u8>, tag: u8) -> Vec<u8> {
        self.entries
            .push(format!("{tag}:{}", String::from_utf8_lossy(&bytes)));
        bytes.into_iter().rev().collect()
    }
}

/// A generic class: its wire format is that of each instance's type argument.
#[actor]
struct Stack<T> {
    items: Vec<T>,
}

#[actor]
impl<T: Send + Clone + 'static + serde::Serialize + serde::de::DeserializeOwned> Stack<T> {
    fn new() -> Self {
        Self { items: Vec::new() }
    }

    pub fn push(&mut self, item: T) -> usize {
        self.items.push(item);
        self.items.len()
    }

    pub fn peek(&self) -> Option<T> {
        self.items.last().cloned()
    }
}

fn record(entry: &str, times: u32) -> Vec<u8> {
    Ledger::encode_call(&LedgerMessage::Record {
        entry: entry.to_owned(),
        times,
    })
    .expect("encodes")
}

fn assert_wire_error<T>(result: Result<T, Error>, bytes: &[u8]) {
    match result {
        Err(Error::Wire { message }) => assert!(
            message.contains("cannot decode a `Ledger` call"),
            "unexpected message for {bytes:?}: {message}"
        ),
        Err(other) => panic!("expected Error::Wire for {bytes:?}, got {other:?}"),
        Ok(_) => panic!("expected Error::Wire for {bytes:?}, got a call"),
    }
}

#[test]
fn a_call_from_bytes_runs_like_a_local_call_and_answers_in_bytes() {
    let ledger = Ledger::remote();
    let reply = Ledger::call_encoded(ledger.actor_ref(), &record("a", 2)).expect("a `Ledger` call");
    let bytes = block_on(reply).expect("the call ran");
    let count: usize = decode_wire("the reply", &bytes).expect("decodes");
    assert_eq!(count, 2);
    // The same actor, seen through its ordinary handle.
    assert_eq!(
        ledger.latest().get().expect("a local call"),
        Some("a".to_owned())
    );
    let call = Ledger::encode_call(&LedgerMessage::Latest {}).expect("encodes");
    let bytes = block_on(Ledger::call_encoded(ledger.actor_ref(), &call).expect("a call"))
        .expect("the async method ran");
    let latest: Option<String> = decode_wire("the reply", &bytes).expect("decodes");
    assert_eq!(latest, Some("a".to_owned()));
}

/// The fields of `LedgerMessage::RecordBytes`, with serde's own encoding of a `Vec<u8>`.
#[derive(serde::Serialize)]
struct RecordBytesBySerde {
    bytes: Vec<u8>,
    tag: u8,
}

#[test]
fn a_byte_vector_goes_as_one_block_with_the_bytes_serde_would_write() {
    let bytes: Vec<u8> = (0..=255).collect();
    let call = Ledger::encode_call(&LedgerMessage::RecordBytes {
        bytes: bytes.clone(),
        tag: 7,
    })
    .expect("encodes");
    let by_serde = postcard::to_allocvec(&RecordBytesBySerde {
        bytes: bytes.clone(),
        tag: 7,
    })
    .expect("encodes");
    // The variant's number, then the same fields.
    assert_eq!(&call[1..], &by_serde[..]);
    let ledger = Ledger::remote();
    let reply = Ledger::call_encoded(ledger.actor_ref(), &call).expect("a `Ledger` call");
    let reply = block_on(reply).expect("the call ran");
    let reversed: Vec<u8> = bytes.iter().rev().copied().collect();
    assert_eq!(reply, postcard::to_allocvec(&reversed).expect("encodes"));
    assert_eq!(
        ledger.record_bytes(b"ab".to_vec(), 1).get(),
        Ok(b"ba".to_vec())
    );
}

#[test]
fn a_generic_class_speaks_the_wire_format_of_its_type_argument() {
    let stack = Stack::<(u8, String)>::remote();
    let push = StackMessage::Push {
        item: (7, "seven".to_owned()),
    };
    let bytes = Stack::<(u8, String)>::encode_call(&push).expect("encodes");
    let reply = Stack::call_encoded(stack.actor_ref(), &bytes).expect("a `Stack` call");
    let count: usize = decode_wire("the reply", &block_on(reply).expect("ran")).expect("decodes");
    assert_eq!(count, 1);
    assert_eq!(
        stack.peek().get().expect("a local call"),
        Some((7, "seven".to_owned()))
    );
    // The same bytes are not a call of a `Stack` of another type.
    assert!(matches!(
        Stack::<u64>::decode_call(&bytes),
        Err(Error::Wire { .. })
    ));
}

#[test]
fn every_truncation_of_a_call_is_an_error_not_a_panic() {
    let ledger = Ledger::remote();
    let bytes = record("a longer entry", 300);
    for length in 0..bytes.len() {
        let truncated = &bytes[..length];
        assert_wire_error(Ledger::decode_call(truncated), truncated);
        assert_wire_error(
            Ledger::call_encoded(ledger.actor_ref(), truncated),
            truncated,
        );
    }
    assert_eq!(
        ledger.latest().get().expect("a local call"),
        None,
        "nothing ran"
    );
}

#[test]
fn malformed_bytes_are_an_error_not_a_panic() {
    let malformed: [&[u8]; 5] = [
        // A variant the class does not have.
        &[9],
        &[200, 1],
        // `Record` whose string says it is longer than the bytes.
        &[0, 50, b'a'],
        // `Record` whose string is not UTF-8.
        &[0, 2, 0xff, 0xfe, 1],
        // A whole call followed by a stray byte.
        &[2, 0],
    ];
    for bytes in malformed {
        assert_wire_error(Ledger::decode_call(bytes), bytes);
    }
}

#[test]
fn a_method_that_panics_fails_the_reply_with_its_error() {
    let ledger = Ledger::remote();
    let call = Ledger::encode_call(&LedgerMessage::Fail {}).expect("encodes");
    let reply = Ledger::call_encoded(ledger.actor_ref(), &call).expect("a `Ledger` call");
    match block_on(reply) {
        Err(Error::MethodPanicked {
            method, message, ..
        }) => {
            assert_eq!(method, "fail");
            assert_eq!(message, "asked to fail");
        }
        other => panic!("expected MethodPanicked, got {other:?}"),
    }
}

/// Polls `future` to completion on this thread, as a transport's reader thread would.
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a current-thread runtime");
    runtime.block_on(future)
}
