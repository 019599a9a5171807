//! Model checks of the hand-offs between the loop, senders, callers, hosts and `kill`.

use std::sync::Arc;

use loom::future::block_on;
use loom::thread;

use super::Serving;
use crate::actor::mailbox::{Batch, Envelope};
use crate::actor::turn::{LoopTurn, Turn};
use crate::error::Error;
use crate::slot::{Slot, SlotId};

fn envelope(message: u32, slot: &Arc<Slot<u32>>) -> Envelope<u32> {
    Envelope {
        message,
        reply: Some(slot.clone()),
        retries_left: 0,
        pending: None,
    }
}

/// Serves calls as the actor loop does until the mailbox is closed and drained;
/// returns the messages received, in order.
fn serve(mailbox: &Serving<u32>) -> Vec<u32> {
    block_on(async {
        let mut received = Vec::new();
        let mut batch = Batch::new();
        let turn = Turn::held_by_loop(());
        let mut turn = LoopTurn::adopt(&turn, mailbox.loop_waker());
        while let Some(call) = mailbox.recv(&mut batch, &mut turn).await {
            received.push(call.message);
            let reply = call.reply.expect("every call here has a reply");
            if let Some(slot) = reply.as_any().downcast_ref::<Slot<u32>>() {
                slot.complete(Ok(call.message));
            }
        }
        received
    })
}

/// Pushes race a kill: every call is refused, or handed to the loop, or failed by the
/// kill; none is lost, and the loop ends.
#[test]
fn loom_push_and_close_and_fail_race() {
    // Three threads and two pushes: bounded to 3 preemptions to finish in seconds.
    let mut model = loom::model::Builder::new();
    model.preemption_bound = Some(3);
    model.check(|| {
        let mailbox = Arc::new(Serving::<u32>::new());
        let slots: Vec<Arc<Slot<u32>>> = (0..2).map(|_| Slot::new()).collect();
        let pusher = {
            let (mailbox, slots) = (mailbox.clone(), slots.clone());
            thread::spawn(move || {
                let pushed = slots.iter().zip(0..);
                pushed
                    .map(|(slot, message)| mailbox.push(envelope(message, slot)).is_ok())
                    .collect::<Vec<bool>>()
            })
        };
        let killer = {
            let mailbox = mailbox.clone();
            thread::spawn(move || mailbox.close_and_fail(&Error::RuntimeShutdown))
        };
        let received = serve(&mailbox);
        let accepted = pusher.join().expect("pusher");
        killer.join().expect("killer");
        assert!(
            accepted.windows(2).all(|pair| pair[0] || !pair[1]),
            "{accepted:?}"
        );
        let mut expected_received = received.iter();
        for (message, (slot, accepted)) in (0..).zip(slots.iter().zip(&accepted)) {
            let was_received = received.contains(&message);
            if was_received {
                assert_eq!(expected_received.next(), Some(&message), "in order");
            }
            match slot.try_take() {
                None => assert!(!accepted, "call {message} was accepted, then lost"),
                Some(Ok(value)) => assert!(was_received && value == message),
                Some(Err(error)) => {
                    assert!(*accepted, "a refused call is failed by its caller");
                    assert_eq!(error, Error::RuntimeShutdown);
                }
            }
        }
    });
}

/// A loop parked on an empty mailbox is woken by each push (no lost wake-up).
#[test]
fn loom_push_wakes_the_parked_loop() {
    loom::model(|| {
        let mailbox = Arc::new(Serving::<u32>::new());
        let pusher = {
            let mailbox = mailbox.clone();
            thread::spawn(move || {
                for message in 0..2 {
                    let slot = Slot::new();
                    assert!(mailbox.push(envelope(message, &slot)).is_ok());
                }
            })
        };
        let mut batch = Batch::new();
        let turn = Turn::held_by_loop(());
        let mut turn = LoopTurn::adopt(&turn, mailbox.loop_waker());
        for expected in 0..2 {
            let call = block_on(mailbox.recv(&mut batch, &mut turn)).expect("the mailbox is open");
            assert_eq!(call.message, expected);
        }
        pusher.join().expect("pusher");
    });
}

/// A cancel races the loop taking the call: the call is handed out, or dropped unrun
/// only because its result was settled; either way the loop ends.
#[test]
fn loom_cancel_and_recv_race() {
    loom::model(|| {
        let mailbox = Serving::<u32>::new();
        let slot = Slot::<u32>::new();
        assert!(mailbox.push(envelope(0, &slot)).is_ok());
        mailbox.close();
        let canceller = {
            let slot = slot.clone();
            thread::spawn(move || slot.complete(Err(Error::Cancelled)))
        };
        let received = serve(&mailbox);
        let cancelled = canceller.join().expect("canceller");
        if received.is_empty() {
            assert!(
                cancelled,
                "a call was dropped unrun while its result was open"
            );
        }
        assert_eq!(mailbox.len(), 0);
        assert!(slot.is_complete());
    });
}

/// A caller takes the turn of the parked loop and runs the call at the head itself,
/// while another call comes in: each call runs once, in order, and the loop, which may
/// find the turn held when that call wakes it, is woken again when the caller lets go
/// (no lost wake-up).
#[test]
fn loom_caller_runs_the_head_call_while_another_comes_in() {
    let mut model = loom::model::Builder::new();
    model.preemption_bound = Some(3);
    model.check(|| {
        let mailbox = Arc::new(Serving::<u32>::new());
        let turn = Arc::new(Turn::held_by_loop(()));
        let slots: Vec<Arc<Slot<u32>>> = (0..2).map(|_| Slot::new()).collect();
        let caller = {
            let (mailbox, turn, slots) = (mailbox.clone(), turn.clone(), slots.clone());
            thread::spawn(move || {
                assert!(mailbox.push(envelope(0, &slots[0])).is_ok());
                let mine = SlotId::of(&slots[0]);
                let held = turn.try_take(mailbox.loop_waker());
                let call = held.as_ref().and_then(|_| mailbox.take_own_call(mine));
                // The next call comes in while the caller runs its own.
                assert!(mailbox.push(envelope(1, &slots[1])).is_ok());
                let ran_here = call.is_some_and(|call| slots[0].complete(Ok(call.message + 100)));
                drop(held);
                ran_here
            })
        };
        let received = block_on(async {
            let mut received = Vec::new();
            let mut batch = Batch::new();
            let mut held = LoopTurn::adopt(&turn, mailbox.loop_waker());
            while received.last() != Some(&1) {
                let call = mailbox.recv(&mut batch, &mut held).await;
                let call = call.expect("the mailbox stays open");
                let slot = &slots[call.message as usize];
                assert!(slot.complete(Ok(call.message)), "ran twice");
                received.push(call.message);
            }
            received
        });
        let ran_here = caller.join().expect("caller");
        let expected: &[u32] = if ran_here { &[1] } else { &[0, 1] };
        assert_eq!(received, expected);
        let first = if ran_here { 100 } else { 0 };
        assert_eq!(slots[0].try_take(), Some(Ok(first)));
        assert_eq!(slots[1].try_take(), Some(Ok(1)));
    });
}

/// A sender whose call found the mailbox empty hosts it (runs it under the turn, with
/// no wake), while a second sender's call comes in and the loop wakes up or parks:
/// each call runs once, and none is left queued with the loop parked (the sentinel
/// pushed last would then wake nobody, and the loop would never end).
#[test]
fn loom_a_hosted_call_races_the_loop_and_another_sender() {
    let mut model = loom::model::Builder::new();
    model.preemption_bound = Some(3);
    model.check(|| {
        let mailbox = Arc::new(Serving::<u32>::new());
        let turn = Arc::new(Turn::held_by_loop(()));
        let slots: Vec<Arc<Slot<u32>>> = (0..3).map(|_| Slot::new()).collect();
        let server = {
            let (mailbox, turn, slots) = (mailbox.clone(), turn.clone(), slots.clone());
            thread::spawn(move || {
                block_on(async {
                    let mut batch = Batch::new();
                    let mut held = LoopTurn::adopt(&turn, mailbox.loop_waker());
                    loop {
                        let call = mailbox.recv(&mut batch, &mut held).await;
                        let call = call.expect("the mailbox stays open");
                        let slot = &slots[call.message as usize];
                        assert!(slot.complete(Ok(call.message)), "ran twice");
                        if call.message == 2 {
                            break;
                        }
                    }
                });
            })
        };
        let host = {
            let (mailbox, turn, slots) = (mailbox.clone(), turn.clone(), slots.clone());
            thread::spawn(move || {
                let pushed = mailbox.push_quietly(envelope(0, &slots[0]));
                if pushed.is_ok_and(|pushed| pushed.was_empty) {
                    let run = |_: &mut (), call: Envelope<u32>| {
                        let slot = &slots[call.message as usize];
                        assert!(slot.complete(Ok(call.message + 100)), "ran twice");
                        true
                    };
                    mailbox.run_calls_here(&turn, 2, |_| true, run);
                }
            })
        };
        assert!(mailbox.push(envelope(1, &slots[1])).is_ok());
        host.join().expect("host");
        assert!(mailbox.push(envelope(2, &slots[2])).is_ok());
        server.join().expect("server");
        for (message, slot) in (0..).zip(&slots) {
            let value = slot
                .try_take()
                .expect("every call ran")
                .expect("and answered");
            assert!(value == message || value == message + 100);
        }
    });
}

/// A loop parked on an empty mailbox is woken by a graceful close, and ends.
#[test]
fn loom_close_wakes_the_parked_loop() {
    loom::model(|| {
        let mailbox = Arc::new(Serving::<u32>::new());
        let closer = {
            let mailbox = mailbox.clone();
            thread::spawn(move || mailbox.close())
        };
        let turn = Turn::held_by_loop(());
        let mut turn = LoopTurn::adopt(&turn, mailbox.loop_waker());
        assert!(block_on(mailbox.recv(&mut Batch::new(), &mut turn)).is_none());
        closer.join().expect("closer");
    });
}
