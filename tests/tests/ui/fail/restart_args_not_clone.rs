use actor_core::prelude::*;

#[derive(serde::Serialize, serde::Deserialize)]
pub struct Connection {
    url: String,
}

#[actor(max_restarts = 3)]
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
    let client = Client::remote(Connection { url: "db".to_owned() });
    let _ = client.url();
}
