//! TEMPORARY stand-in for the wire helper's frame.rs (replaced at merge).
use serde::{Deserialize, Serialize};

use crate::actor::ActorId;
use crate::error::{DeathCause, Error};

pub(crate) const PROTOCOL_VERSION: u32 = 1;
pub(crate) const MAX_FRAME_LEN: usize = 64 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) enum Frame {
    Hello {
        protocol: u32,
        build_id: u64,
        token: Token,
    },
    Welcome,
    Refused {
        reason: String,
    },
    Create {
        actor_id: ActorId,
        class: String,
        args: Vec<u8>,
        options: WorkerOptions,
    },
    Call {
        call: u64,
        message: Vec<u8>,
    },
    Tell {
        message: Vec<u8>,
    },
    Stop,
    Started {
        pid: u32,
    },
    Reply {
        call: u64,
        result: Result<Vec<u8>, Error>,
    },
    Restarted,
    Died {
        cause: DeathCause,
    },
    Ask {
        call: u64,
        target: ActorId,
        message: Vec<u8>,
    },
    TellTo {
        target: ActorId,
        message: Vec<u8>,
    },
    Answer {
        call: u64,
        result: Result<Vec<u8>, Error>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct WorkerOptions {
    pub(crate) name: Option<String>,
    pub(crate) namespace: String,
    pub(crate) max_restarts: i32,
    pub(crate) max_task_retries: i32,
    pub(crate) blocking: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Token(pub(crate) [u8; 32]);
impl Token {
    pub(crate) fn random() -> Self {
        Token([7; 32])
    }
    pub(crate) fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
    pub(crate) fn from_hex(_text: &str) -> Result<Self, Error> {
        Ok(Token([7; 32]))
    }
}
pub(crate) fn build_id() -> u64 {
    1
}

impl Frame {
    /// The frame's kind, for messages: its variant's name, without its contents.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Self::Hello { .. } => "Hello",
            Self::Welcome => "Welcome",
            Self::Refused { .. } => "Refused",
            Self::Create { .. } => "Create",
            Self::Call { .. } => "Call",
            Self::Tell { .. } => "Tell",
            Self::Stop => "Stop",
            Self::Started { .. } => "Started",
            Self::Reply { .. } => "Reply",
            Self::Restarted => "Restarted",
            Self::Died { .. } => "Died",
            Self::Ask { .. } => "Ask",
            Self::TellTo { .. } => "TellTo",
            Self::Answer { .. } => "Answer",
        }
    }
}
