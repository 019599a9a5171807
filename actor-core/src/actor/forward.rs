//! In a worker process: the loop of a stand-in for an actor of the driver (see
//! `remote::uplink`). It takes the calls made through the stand-in's handles in order and
//! sends each to the driver, whose answer settles the call's slot here.

use std::sync::Arc;

use crate::remote::Uplink;
use crate::wire::{ReplySlot, Wire};

use super::cell::ActorCell;
use super::mailbox::Batch;
use super::turn::LoopTurn;
use super::{Actor, ActorId, ActorState};

/// Forwards the calls of the stand-in `cell` to the driver's actor `target` through
/// `uplink`, until the stand-in's handles are gone.
pub(crate) async fn run<A: Actor>(
    cell: Arc<ActorCell<A>>,
    target: ActorId,
    wire: Wire<A::Message, A::Args>,
    uplink: &'static Uplink,
) {
    let mut turn = LoopTurn::adopt(&cell.turn, cell.calls.loop_waker());
    cell.set_state(ActorState::Alive);
    let mut batch = Batch::new();
    while let Some(envelope) = cell.calls.recv(&mut batch, &mut turn).await {
        let method = A::method_index(&envelope.message);
        let message = match (wire.encode_call)(&envelope.message) {
            Ok(message) => message,
            Err(error) => {
                if let Some(slot) = envelope.reply {
                    slot.fail(error);
                }
                continue;
            }
        };
        let Some(slot) = envelope.reply else {
            uplink.tell(target, message);
            continue;
        };
        uplink.ask(
            target,
            message,
            Box::new(move |answer| {
                let settled = answer
                    .and_then(|bytes| (wire.settle_reply)(method, &bytes, ReplySlot::new(&*slot)));
                if let Err(error) = settled {
                    slot.fail(error);
                }
            }),
        );
    }
    cell.turn.end_loop();
    cell.die(cell.graceful_cause());
}
