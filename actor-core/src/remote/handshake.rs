//! TEMPORARY stand-in for the wire helper's handshake.rs (replaced at merge).
use super::codec::FrameCodec;
use super::frame::{Frame, PROTOCOL_VERSION, Token, build_id};
use crate::error::Error;
use futures::{SinkExt, StreamExt};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_util::codec::Framed;

fn wire(message: String) -> Error {
    Error::Wire { message }
}

pub(crate) async fn greet_driver<T: AsyncRead + AsyncWrite + Unpin>(
    framed: &mut Framed<T, FrameCodec>,
    token: &Token,
) -> Result<(), Error> {
    framed
        .send(Frame::Hello {
            protocol: PROTOCOL_VERSION,
            build_id: build_id(),
            token: token.clone(),
        })
        .await
        .map_err(|e| wire(e.to_string()))?;
    match framed.next().await {
        Some(Ok(Frame::Welcome)) => Ok(()),
        Some(Ok(Frame::Refused { reason })) => Err(wire(reason)),
        other => Err(wire(format!("{other:?}"))),
    }
}
pub(crate) async fn admit_worker<T: AsyncRead + AsyncWrite + Unpin>(
    framed: &mut Framed<T, FrameCodec>,
    token: &Token,
) -> Result<(), Error> {
    match framed.next().await {
        Some(Ok(Frame::Hello { token: t, .. })) if &t == token => framed
            .send(Frame::Welcome)
            .await
            .map_err(|e| wire(e.to_string())),
        other => Err(wire(format!("{other:?}"))),
    }
}
