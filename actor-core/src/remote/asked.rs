//! Either side: what the other side of a connection asks of an actor of this side through
//! a stand-in: a call (`Ask`, `TellTo`), `Kill`, `Terminate`; and [`take_peer_frame`], which
//! hands every frame between the two sides' actors to its handler.
//!
//! The actor is found by id: an actor of this process (in the driver maybe an isolated
//! actor, whose loop sends the call on to its worker), or, in the driver, the stand-in for
//! an actor a worker created (the call goes on to that worker).

use std::sync::Arc;

use crate::actor::{ActorControl, ActorId};
use crate::error::{DeathCause, Error};
use crate::registry;

use super::downlink;
use super::export::SendingTo;
use super::frame::Frame;
use super::peer::Peer;

/// Handles `frame` if it is traffic between the actors of the two sides of `peer`'s
/// connection (calls through stand-ins and their answers, handles kept, deaths watched);
/// hands any other frame back.
pub(crate) fn take_peer_frame(peer: &Arc<Peer>, frame: Frame) -> Option<Frame> {
    match frame {
        Frame::Ask {
            call,
            target,
            message,
        } => run_asked(peer, Some(call), target, &message),
        Frame::TellTo { target, message } => run_asked(peer, None, target, &message),
        Frame::Answer { call, result } => peer.answer(call, result),
        Frame::Export { actor } => peer.announce(actor),
        Frame::Release { actor, count } => peer.release(actor, count),
        Frame::Kill { target } => kill_asked(target),
        Frame::Terminate { target } => terminate_asked(target),
        Frame::Watch { actor } => peer.watch_for_other_side(actor),
        Frame::Ended { actor, cause } => peer.ended(actor, cause),
        other => return Some(other),
    }
    None
}

/// Runs a call the other side made through a stand-in, on the actor `target` of this side,
/// and sends the answer back through `peer` as call number `call`; no answer for a told
/// call (`call` is `None`).
pub(crate) fn run_asked(peer: &Arc<Peer>, call: Option<u64>, target: ActorId, message: &[u8]) {
    let Some(call) = call else {
        // A told call: no result to make or send; one that cannot be delivered is lost, as
        // a told call to an actor that died.
        let _ = find(target).and_then(|control| {
            let tell_cell = control
                .tell_cell()
                .ok_or_else(|| cannot_take_calls(target))?;
            tell_cell(control.as_any(), message)
        });
        return;
    };
    let reply = find(target).and_then(|control| {
        let call_cell = control
            .call_cell()
            .ok_or_else(|| cannot_take_calls(target))?;
        call_cell(control.as_any(), message)
    });
    match reply {
        Ok(reply) => {
            let answers = peer.sender();
            // The handles in the answer go to the other side: kept for it.
            let reply = SendingTo::new(peer.clone(), reply);
            // On the runtime's threads (in the driver, not on the link thread): awaiting a
            // call may run it where it is awaited, and no user code runs on the link thread.
            crate::runtime::current().spawn(async move {
                let result = reply.await;
                answers.send_result(result, |result| Frame::Answer { call, result });
            });
        }
        Err(error) => peer.send(Frame::Answer {
            call,
            result: Err(error),
        }),
    }
}

/// Kills the actor `target` of this side: a stand-in for it was killed.
pub(crate) fn kill_asked(target: ActorId) {
    if let Ok(control) = find(target) {
        control.kill(DeathCause::Killed);
    }
}

/// Terminates the actor `target` of this side: a stand-in for it was terminated.
pub(crate) fn terminate_asked(target: ActorId) {
    if let Ok(control) = find(target) {
        control.terminate();
    }
}

/// The live actor `target` of this side.
fn find(target: ActorId) -> Result<Arc<dyn ActorControl>, Error> {
    registry::lookup_id(target)
        .or_else(|| downlink::route(target)?.stand_in_of(target))
        .ok_or_else(|| Error::Wire {
            message: format!(
                "this process has no live actor {target}: a handle sent to another process \
                 does not keep its actor alive; keep a handle to it where the actor lives"
            ),
        })
}

/// The error of a call to `target`, whose class has no wire format.
fn cannot_take_calls(target: ActorId) -> Error {
    Error::Wire {
        message: format!("actor {target} cannot take calls from another process"),
    }
}
