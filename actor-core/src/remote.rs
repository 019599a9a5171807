//! Actors in worker processes (issue 18): the wire between the driver and a worker.
//!
//! `frame` names what the two sides say, `codec` puts frames on a byte stream (length
//! prefix, then `postcard`), and `handshake` admits a worker: protocol version, build id of
//! the executable, and the driver's secret token must all match.

// Used by the driver and worker loops (issue 18), which the lead adds.
#[allow(dead_code)]
mod codec;
#[allow(dead_code)]
mod frame;
#[allow(dead_code)]
mod handshake;
