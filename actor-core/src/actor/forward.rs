//! The loop of a stand-in for an actor of another process (see `remote::peer`): in a worker,
//! for an actor of the driver; in the driver, for an actor a worker created. It takes the
//! calls made through the stand-in's handles in order and sends each to the other side,
//! whose answer settles the call's slot here. `kill` and `terminate` of the stand-in reach
//! the actor too.

use std::future::Future;
use std::sync::Arc;

use crate::error::DeathCause;
use crate::remote::{Frame, Peer, sending_to};
use crate::wire::{ReplySlot, Wire};

use super::cell::ActorCell;
use super::mailbox::Batch;
use super::turn::LoopTurn;
use super::{Actor, ActorId, ActorState};

/// Forwards the calls of the stand-in `cell` to the actor `target` of the other side of
/// `peer`, until the stand-in's handles are gone (or it is killed or terminated).
pub(crate) fn run<A: Actor>(
    cell: Arc<ActorCell<A>>,
    target: ActorId,
    wire: Wire<A::Message, A::Args>,
    peer: Arc<Peer>,
) -> impl Future<Output = ()> + Send {
    // Made before the loop's first poll, so that a stand-in killed before it ever ran
    // still kills its actor.
    let ended = Ended {
        cell: cell.clone(),
        target,
        peer: peer.clone(),
    };
    async move {
        let _ended = ended;
        let mut turn = LoopTurn::adopt(&cell.turn, cell.calls.loop_waker());
        cell.set_state(ActorState::Alive);
        let mut batch = Batch::new();
        while let Some(envelope) = cell.calls.recv(&mut batch, &mut turn).await {
            let method = A::method_index(&envelope.message);
            let encoded = sending_to(&peer, || (wire.encode_call)(&envelope.message));
            let message = match encoded {
                Ok(message) => message,
                Err(error) => {
                    if let Some(slot) = envelope.reply {
                        slot.fail(error);
                    }
                    continue;
                }
            };
            let Some(slot) = envelope.reply else {
                peer.tell(target, message);
                continue;
            };
            peer.ask(
                cell.label(),
                message,
                Box::new(move |answer| {
                    let settled = answer.and_then(|bytes| {
                        (wire.settle_reply)(method, &bytes, ReplySlot::new(&*slot))
                    });
                    if let Err(error) = settled {
                        slot.fail(error);
                    }
                }),
            );
        }
        cell.turn.end_loop();
        cell.die(cell.graceful_cause());
    }
}

/// Dropped when the stand-in's loop ends or is aborted: passes a `kill` or `terminate` of
/// the stand-in on to its actor (after the calls it sent), and lets the peer forget it.
struct Ended<A: Actor> {
    cell: Arc<ActorCell<A>>,
    target: ActorId,
    peer: Arc<Peer>,
}

impl<A: Actor> Drop for Ended<A> {
    fn drop(&mut self) {
        let target = self.target;
        match self.cell.state() {
            ActorState::Dead {
                cause: DeathCause::Killed,
            } => self.peer.send(Frame::Kill { target }),
            ActorState::Dead {
                cause: DeathCause::Terminated,
            } => self.peer.send(Frame::Terminate { target }),
            _ => {}
        }
        self.peer.stand_in_ended(target, &self.cell);
    }
}
