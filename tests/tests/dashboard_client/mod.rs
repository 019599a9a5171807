//! A minimal HTTP/1.1 client for the dashboard tests: one GET per connection, over a
//! plain `TcpStream`, so that the tests pull in no HTTP crate.

// Each test binary uses a part of this module.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::OnceLock;
use std::time::Duration;

use actor_core::Config;

/// The URL of this process's dashboard, started on first use on a free loopback port.
pub fn dashboard() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        actor_core::init_with(Config::new().dashboard("127.0.0.1:0"))
            .expect("the runtime starts with a dashboard on a free port");
        actor_core::dashboard_url().expect("the dashboard serves")
    })
}

/// An answer of the server.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    /// Header names in lower case, with their values.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    /// The value of the header `name` (lower case), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", self.body))
    }
}

/// `host:port` of a URL such as `http://127.0.0.1:8265/`.
pub fn authority(url: &str) -> &str {
    url.trim_start_matches("http://").trim_end_matches('/')
}

/// Sends `method path` with the extra header lines `headers` to the server at `url` and
/// reads the whole answer.
pub fn request(url: &str, method: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
    let host = authority(url);
    let mut stream = TcpStream::connect(host).expect("the dashboard accepts connections");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("a read timeout can be set");
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("Content-Length: 0\r\n\r\n");
    stream
        .write_all(head.as_bytes())
        .expect("the request is sent");
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .expect("the answer is read to its end");
    let raw = String::from_utf8(raw).expect("the answer is UTF-8");
    let (head, body) = raw
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no end of headers in {raw:?}"));
    let mut lines = head.lines();
    let status_line = lines.next().expect("a status line");
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status code in {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    assert!(
        !headers
            .iter()
            .any(|(name, value)| name == "transfer-encoding" && value.contains("chunked")),
        "the dashboard sends a length with every answer: {head}"
    );
    Reply {
        status,
        headers,
        body: body.to_owned(),
    }
}

/// `GET path` from the server at `url`.
pub fn get(url: &str, path: &str) -> Reply {
    request(url, "GET", path, &[])
}
