//! In a worker process: the way to the driver's actors, for handles the worker was given.
//!
//! A handle that reaches a worker process (an argument of the isolated actor's constructor
//! or of one of its calls) names an actor of the driver, or another isolated actor. The
//! worker has no such actor: the handle becomes a stand-in (see `actor::forward`) whose
//! calls go to the driver as `Ask`/`TellTo` frames over the worker's one connection; the
//! driver runs them through its own handle to the actor, and its `Answer` frames come back
//! here, to the stand-in's result slots.

use std::any::Any;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};

use crate::actor::ActorId;
use crate::error::Error;
use crate::lock::lock;

use super::frame::Frame;
use super::writer::FrameSender;

/// What to do with the answer to one call made through the uplink.
pub(crate) type OnAnswer = Box<dyn FnOnce(Result<Vec<u8>, Error>) + Send>;

/// The worker's way to the driver.
pub(crate) struct Uplink {
    writer: FrameSender,
    next_call: AtomicU64,
    /// The calls sent and not answered yet, by number.
    waiting: Mutex<HashMap<u64, OnAnswer>>,
    /// The stand-ins made so far, by the id of the actor they stand for: a second handle
    /// to the same actor shares the first one's stand-in (and so its call order).
    stand_ins: Mutex<HashMap<ActorId, Weak<dyn Any + Send + Sync>>>,
}

static UPLINK: OnceLock<Uplink> = OnceLock::new();

/// The uplink of this worker process; `None` in a driver.
pub(crate) fn uplink() -> Option<&'static Uplink> {
    UPLINK.get()
}

/// Makes this process's uplink, writing its frames to `writer`; once, by the worker.
pub(crate) fn install(writer: FrameSender) {
    let _ = UPLINK.set(Uplink {
        writer,
        next_call: AtomicU64::new(0),
        waiting: Mutex::new(HashMap::new()),
        stand_ins: Mutex::new(HashMap::new()),
    });
}

impl Uplink {
    /// Sends a call with a result to the driver's actor `target`; `on_answer` gets the
    /// encoded value or the error.
    pub(crate) fn ask(&self, target: ActorId, message: Vec<u8>, on_answer: OnAnswer) {
        let call = self.next_call.fetch_add(1, Ordering::Relaxed);
        lock(&self.waiting).insert(call, on_answer);
        let sent = self.writer.send(Frame::Ask {
            call,
            target,
            message,
        });
        if let Err(failed) = sent
            && let Some(on_answer) = lock(&self.waiting).remove(&call)
        {
            let error = failed.unencodable("the call to the driver's actor");
            on_answer(Err(error.unwrap_or_else(lost_driver)));
        }
    }

    /// Sends a call without a result to the driver's actor `target`.
    pub(crate) fn tell(&self, target: ActorId, message: Vec<u8>) {
        let _ = self.writer.send(Frame::TellTo { target, message });
    }

    /// Hands the driver's answer to call number `call` to whoever waits for it.
    pub(crate) fn answer(&self, call: u64, result: Result<Vec<u8>, Error>) {
        let on_answer = lock(&self.waiting).remove(&call);
        if let Some(on_answer) = on_answer {
            on_answer(result);
        }
    }

    /// The stand-in for the actor `id`: the live one, if `reuse` accepts it (it counts a
    /// new handle of it); else the one `make` makes, kept.
    pub(crate) fn stand_in<T: Any + Send + Sync>(
        &self,
        id: ActorId,
        reuse: impl FnOnce(&T) -> bool,
        make: impl FnOnce() -> Arc<T>,
    ) -> Arc<T> {
        let mut stand_ins = lock(&self.stand_ins);
        if let Some(live) = stand_ins.get(&id).and_then(Weak::upgrade)
            && let Ok(live) = live.downcast::<T>()
            && reuse(&live)
        {
            return live;
        }
        stand_ins.retain(|_, stand_in| stand_in.strong_count() > 0);
        let made = make();
        let erased: Arc<dyn Any + Send + Sync> = made.clone();
        stand_ins.insert(id, Arc::downgrade(&erased));
        made
    }
}

/// The error of a call through the uplink once the driver is gone.
fn lost_driver() -> Error {
    Error::Wire {
        message: "the connection to the driver is closed".to_owned(),
    }
}
