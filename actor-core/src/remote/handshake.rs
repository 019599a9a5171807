//! The first two frames on a new connection: the worker says `Hello` with its protocol
//! version, build id and token; the driver checks all three and answers `Welcome`, or
//! `Refused` with the check that failed.
//!
//! Both sides wait at most [`HANDSHAKE_LIMIT`], so a stopped or silent peer cannot hold a
//! driver's spawn or a worker's start forever. Neither function is cancel safe: a handshake
//! dropped halfway leaves the connection in an unknown state; close it.

use std::future::Future;
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_util::codec::Framed;

use super::codec::FrameCodec;
use super::frame::{Frame, PROTOCOL_VERSION, Token, build_id};
use crate::error::Error;

/// How long either side waits for the other's half of the handshake.
const HANDSHAKE_LIMIT: Duration = Duration::from_secs(10);

/// Worker side: sends Hello, waits (bounded, [`HANDSHAKE_LIMIT`]) for Welcome; Refused ->
/// [`Error::Wire`] carrying the driver's reason.
pub(crate) async fn greet_driver<T: AsyncRead + AsyncWrite + Unpin>(
    framed: &mut Framed<T, FrameCodec>,
    token: &Token,
) -> Result<(), Error> {
    bounded("the driver did not answer Hello", async {
        let hello = Frame::Hello {
            protocol: PROTOCOL_VERSION,
            build_id: build_id(),
            token: token.clone(),
        };
        framed
            .send(hello)
            .await
            .map_err(|error| failed(format!("cannot send Hello to the driver: {error}")))?;
        let answer = receive(framed, "the driver's answer to Hello").await;
        match answer.map_err(failed)? {
            Frame::Welcome => Ok(()),
            Frame::Refused { reason } => Err(failed(format!("the driver refused: {reason}"))),
            other => Err(failed(format!(
                "the driver answered Hello with {}, not Welcome or Refused",
                other.kind()
            ))),
        }
    })
    .await
}

/// Driver side: waits (bounded, [`HANDSHAKE_LIMIT`]) for Hello; checks protocol, build id,
/// token (in constant time); on a mismatch sends Refused { reason } (reason says WHICH) and
/// returns `Err(Error::Wire { .. })` with the same reason; else sends Welcome.
///
/// A peer that sends something other than a well-formed `Hello` is refused the same way
/// (best effort: its connection may be broken already). After an error, drop `framed`: the
/// connection is done.
pub(crate) async fn admit_worker<T: AsyncRead + AsyncWrite + Unpin>(
    framed: &mut Framed<T, FrameCodec>,
    token: &Token,
) -> Result<(), Error> {
    let checked = tokio::time::timeout(HANDSHAKE_LIMIT, receive(framed, "Hello")).await;
    let refusal = match checked {
        Err(_elapsed) => format!(
            "no Hello from the worker within {} s",
            HANDSHAKE_LIMIT.as_secs()
        ),
        Ok(Err(reason)) => reason,
        Ok(Ok(Frame::Hello {
            protocol,
            build_id: theirs,
            token: offered,
        })) => match check_hello(protocol, theirs, &offered, token) {
            Ok(()) => {
                return bounded("cannot send Welcome to the worker", async {
                    framed.send(Frame::Welcome).await.map_err(|error| {
                        failed(format!("cannot send Welcome to the worker: {error}"))
                    })
                })
                .await;
            }
            Err(reason) => reason,
        },
        Ok(Ok(other)) => format!(
            "the first frame was {}, not Hello: the peer is not a worker",
            other.kind()
        ),
    };
    let refused = Frame::Refused {
        reason: refusal.clone(),
    };
    // Best effort: the worker learns why, unless its connection is what failed.
    let _ = tokio::time::timeout(HANDSHAKE_LIMIT, framed.send(refused)).await;
    Err(failed(format!("a worker was refused: {refusal}")))
}

/// Which of the worker's three claims is wrong, in words; protocol first, since a peer of
/// another protocol may mean something else by the other two.
fn check_hello(protocol: u32, theirs: u64, offered: &Token, token: &Token) -> Result<(), String> {
    if protocol != PROTOCOL_VERSION {
        return Err(format!(
            "protocol {protocol}, this driver speaks {PROTOCOL_VERSION}"
        ));
    }
    if theirs != build_id() {
        return Err(
            "build id differs: the worker runs another build of the executable (was the file \
             replaced while the driver ran? restart the program)"
                .to_owned(),
        );
    }
    if offered != token {
        return Err("wrong token: the peer was not started by this driver".to_owned());
    }
    Ok(())
}

/// The next frame, or why there is none, naming what was awaited.
async fn receive<T: AsyncRead + AsyncWrite + Unpin>(
    framed: &mut Framed<T, FrameCodec>,
    awaited: &str,
) -> Result<Frame, String> {
    match framed.next().await {
        Some(Ok(frame)) => Ok(frame),
        Some(Err(error)) => Err(format!("while waiting for {awaited}: {error}")),
        None => Err(format!("the connection closed while waiting for {awaited}")),
    }
}

/// `step`, or an error saying `late` when it takes longer than [`HANDSHAKE_LIMIT`].
async fn bounded<R>(late: &str, step: impl Future<Output = Result<R, Error>>) -> Result<R, Error> {
    tokio::time::timeout(HANDSHAKE_LIMIT, step)
        .await
        .unwrap_or_else(|_elapsed| {
            Err(failed(format!(
                "{late} within {} s",
                HANDSHAKE_LIMIT.as_secs()
            )))
        })
}

/// The handshake's error: `reason` as an [`Error::Wire`].
fn failed(reason: String) -> Error {
    Error::Wire {
        message: format!("handshake: {reason}"),
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncWriteExt, DuplexStream, duplex};

    use super::*;

    /// Both ends of an in-memory connection: (worker, driver).
    fn connection() -> (
        Framed<DuplexStream, FrameCodec>,
        Framed<DuplexStream, FrameCodec>,
    ) {
        let (worker, driver) = duplex(4096);
        (
            Framed::new(worker, FrameCodec),
            Framed::new(driver, FrameCodec),
        )
    }

    /// The message of an [`Error::Wire`].
    fn message(error: Error) -> String {
        match error {
            Error::Wire { message } => message,
            other => panic!("expected Error::Wire, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn the_right_token_passes_both_sides() {
        let (mut worker, mut driver) = connection();
        let token = Token::random();
        let (greeted, admitted) = tokio::join!(
            greet_driver(&mut worker, &token),
            admit_worker(&mut driver, &token)
        );
        greeted.expect("the worker is welcome");
        admitted.expect("the driver admits the worker");

        // The connection carries frames on after the handshake.
        worker.send(Frame::Started { pid: 1 }).await.expect("sent");
        let next = driver.next().await.expect("a frame").expect("decodes");
        assert_eq!(next, Frame::Started { pid: 1 });
    }

    #[tokio::test]
    async fn a_wrong_token_is_refused_on_both_sides_saying_so() {
        let (mut worker, mut driver) = connection();
        let (known, offered) = (Token::random(), Token::random());
        let (greeted, admitted) = tokio::join!(
            greet_driver(&mut worker, &offered),
            admit_worker(&mut driver, &known)
        );
        let worker_side = message(greeted.expect_err("refused"));
        let driver_side = message(admitted.expect_err("refused"));
        assert!(
            worker_side.contains("the driver refused: wrong token"),
            "{worker_side}"
        );
        assert!(
            driver_side.contains("a worker was refused: wrong token"),
            "{driver_side}"
        );
    }

    /// Sends `hello` from a hand-made worker; returns the reason of the `Refused` it gets
    /// back and the driver's error.
    async fn refused(hello: Frame, token: &Token) -> (String, String) {
        let (mut worker, mut driver) = connection();
        worker.send(hello).await.expect("sent");
        let driver_side = message(admit_worker(&mut driver, token).await.expect_err("refused"));
        let answer = worker.next().await.expect("an answer").expect("decodes");
        let Frame::Refused { reason } = answer else {
            panic!("expected Refused, got {answer:?}");
        };
        assert!(
            driver_side.ends_with(&reason),
            "the driver's error `{driver_side}` does not carry the reason `{reason}`"
        );
        (reason, driver_side)
    }

    #[tokio::test]
    async fn a_wrong_protocol_is_refused_naming_both_versions() {
        let token = Token::random();
        let hello = Frame::Hello {
            protocol: PROTOCOL_VERSION + 1,
            build_id: build_id(),
            token: token.clone(),
        };
        let (reason, _) = refused(hello, &token).await;
        assert_eq!(
            reason,
            format!(
                "protocol {}, this driver speaks {PROTOCOL_VERSION}",
                PROTOCOL_VERSION + 1
            )
        );
    }

    #[tokio::test]
    async fn a_wrong_build_id_is_refused_saying_so() {
        let token = Token::random();
        let hello = Frame::Hello {
            protocol: PROTOCOL_VERSION,
            build_id: build_id().wrapping_add(1),
            token: token.clone(),
        };
        let (reason, _) = refused(hello, &token).await;
        assert!(
            reason.starts_with("build id differs: the worker runs another build"),
            "{reason}"
        );
    }

    #[tokio::test]
    async fn a_first_frame_other_than_hello_is_refused() {
        let (reason, _) = refused(Frame::Welcome, &Token::random()).await;
        assert!(
            reason.contains("the first frame was Welcome, not Hello"),
            "{reason}"
        );
    }

    #[tokio::test]
    async fn garbage_instead_of_hello_is_an_error() {
        for garbage in [
            &[0, 0, 0, 3, 0xff, 0xff, 0xff][..],
            &[0xff, 0xff, 0xff, 0xff][..],
            b"GET / HTTP/1.1\r\n\r\n",
        ] {
            let (mut worker, driver) = duplex(4096);
            let mut driver = Framed::new(driver, FrameCodec);
            worker.write_all(garbage).await.expect("written");
            let error = message(
                admit_worker(&mut driver, &Token::random())
                    .await
                    .expect_err("garbage"),
            );
            assert!(
                error.contains("a worker was refused: while waiting for Hello:"),
                "{error}"
            );
            assert!(
                error.contains("malformed frame") || error.contains("over the limit"),
                "{error}"
            );
        }
    }

    #[tokio::test]
    async fn garbage_instead_of_an_answer_is_an_error() {
        let (mut worker, driver) = connection();
        let mut driver = driver.into_inner();
        driver
            .write_all(&[0, 0, 0, 1, 0x7f])
            .await
            .expect("written");
        let error = message(
            greet_driver(&mut worker, &Token::random())
                .await
                .expect_err("garbage"),
        );
        assert!(
            error.contains("while waiting for the driver's answer to Hello: malformed frame"),
            "{error}"
        );
    }

    #[tokio::test]
    async fn a_driver_gone_before_or_after_hello_is_an_error() {
        let (mut worker, driver) = connection();
        drop(driver);
        let error = message(
            greet_driver(&mut worker, &Token::random())
                .await
                .expect_err("gone"),
        );
        assert!(error.contains("cannot send Hello to the driver"), "{error}");

        let (mut worker, mut driver) = connection();
        let reader = tokio::spawn(async move {
            let hello = driver.next().await.expect("a frame").expect("decodes");
            assert_eq!(hello.kind(), "Hello");
        });
        let greeted = greet_driver(&mut worker, &Token::random()).await;
        reader.await.expect("the driver read Hello, then hung up");
        let error = message(greeted.expect_err("closed"));
        assert!(
            error.contains("the connection closed while waiting for the driver's answer"),
            "{error}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_silent_peer_is_given_up_on_after_the_limit() {
        let (_worker, mut driver) = connection();
        let error = message(
            admit_worker(&mut driver, &Token::random())
                .await
                .expect_err("silent worker"),
        );
        assert!(
            error.contains("no Hello from the worker within 10 s"),
            "{error}"
        );

        let (mut worker, _driver) = connection();
        let error = message(
            greet_driver(&mut worker, &Token::random())
                .await
                .expect_err("silent driver"),
        );
        assert!(
            error.contains("the driver did not answer Hello within 10 s"),
            "{error}"
        );
    }
}
