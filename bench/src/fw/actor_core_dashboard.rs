//! The dashboard rows: with many live actors, the time of one GET of the first page of
//! `/api/actors`, of `/actors`, and of `/metrics`, from the dashboard the same process
//! serves (`Config::dashboard("127.0.0.1:0")`), over a plain TCP connection.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Instant;

use actor_core::Config;
use actor_core::prelude::*;

use super::Timed;

#[actor]
pub struct Listed {
    calls: u64,
}

#[actor]
impl Listed {
    pub fn new() -> Self {
        Self { calls: 0 }
    }

    pub fn touch(&mut self) -> u64 {
        self.calls += 1;
        self.calls
    }
}

/// A runtime serving the dashboard, and the actors it lists.
pub struct Dashboard {
    url: String,
    actors: Vec<ListedHandle>,
}

impl Dashboard {
    /// Starts the runtime with its dashboard on a free loopback port.
    pub fn new() -> Result<Self, String> {
        actor_core::init_with(Config::new().dashboard("127.0.0.1:0"))
            .map_err(|error| format!("the runtime did not start: {error}"))?;
        let url = actor_core::dashboard_url().ok_or("the dashboard does not serve")?;
        Ok(Self {
            url,
            actors: Vec::new(),
        })
    }

    /// Makes `actors` live actors, each called once (untimed), then times one
    /// `GET path`, read to its end; fails unless it answers 200 with a body that has
    /// `expected` in it.
    pub fn get(&mut self, actors: u64, path: &str, expected: &str) -> Timed {
        let wanted = usize::try_from(actors).map_err(|error| error.to_string())?;
        if self.actors.len() < wanted {
            let fresh: Vec<ListedHandle> = (self.actors.len()..wanted)
                .map(|_| Listed::remote())
                .collect();
            let replies: Vec<_> = fresh.iter().map(|actor| actor.touch()).collect();
            for reply in replies {
                reply.get().map_err(|error| error.to_string())?;
            }
            self.actors.extend(fresh);
        }
        let host = self.url.trim_start_matches("http://").trim_end_matches('/');
        let started = Instant::now();
        let mut stream = TcpStream::connect(host).map_err(|error| error.to_string())?;
        let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        stream
            .write_all(request.as_bytes())
            .map_err(|error| error.to_string())?;
        let mut answer = Vec::new();
        stream
            .read_to_end(&mut answer)
            .map_err(|error| error.to_string())?;
        let elapsed = started.elapsed();
        let answer = String::from_utf8_lossy(&answer);
        if !answer.starts_with("HTTP/1.1 200") || !answer.contains(expected) {
            let head: String = answer.chars().take(200).collect();
            return Err(format!("GET {path} answered {head:?}"));
        }
        Ok(elapsed)
    }
}
