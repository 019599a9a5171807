//! TEMPORARY stand-in for the wire helper's codec.rs (replaced at merge).
use super::frame::{Frame, MAX_FRAME_LEN};
use bytes::{BufMut, BytesMut};
use std::io;
use tokio_util::codec::{Decoder, Encoder, LengthDelimitedCodec};

pub(crate) struct FrameCodec(LengthDelimitedCodec);
impl FrameCodec {
    pub(crate) fn new() -> Self {
        Self(
            LengthDelimitedCodec::builder()
                .max_frame_length(MAX_FRAME_LEN)
                .new_codec(),
        )
    }
}
impl Decoder for FrameCodec {
    type Item = Frame;
    type Error = io::Error;
    fn decode(&mut self, src: &mut BytesMut) -> io::Result<Option<Frame>> {
        match self.0.decode(src)? {
            None => Ok(None),
            Some(bytes) => postcard::from_bytes(&bytes)
                .map(Some)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e)),
        }
    }
}
impl Encoder<Frame> for FrameCodec {
    type Error = io::Error;
    fn encode(&mut self, frame: Frame, dst: &mut BytesMut) -> io::Result<()> {
        let body = postcard::to_allocvec(&frame)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        dst.put_u32(body.len() as u32);
        dst.extend_from_slice(&body);
        Ok(())
    }
}
