use std::sync::mpsc::{Sender, channel};

use actor_core::prelude::*;

#[actor]
pub struct Notifier {
    sent: u32,
}

#[actor(local)]
impl Notifier {
    pub fn new() -> Self {
        Self { sent: 0 }
    }

    /// Sends `value` on a channel of the caller's: a channel cannot be serialized.
    pub fn notify(&mut self, to: Sender<u32>, value: u32) -> u32 {
        to.send(value).unwrap();
        self.sent += 1;
        self.sent
    }
}

fn main() {
    let notifier = Notifier::remote();
    let (tx, rx) = channel();
    assert_eq!(notifier.notify(tx.clone(), 5).get().unwrap(), 1);
    assert_eq!(notifier.notify(tx, 6).get().unwrap(), 2);
    assert_eq!(rx.recv().unwrap(), 5);
    assert_eq!(rx.recv().unwrap(), 6);
}
