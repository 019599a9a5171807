//! `max_restarts = 0` asks for no restarts, so the constructor's arguments need not be `Clone`.
use actor_core::prelude::*;

/// Not `Clone`.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Connection {
    url: String,
}

#[actor(max_restarts = 0)]
pub struct Client {
    connection: Connection,
}

#[actor]
impl Client {
    pub fn new(connection: Connection) -> Self {
        Self { connection }
    }

    pub fn url(&self) -> String {
        self.connection.url.clone()
    }
}

fn main() {
    let client = Client::remote(Connection {
        url: "db".to_owned(),
    });
    assert_eq!(client.url().get().unwrap(), "db");
}
