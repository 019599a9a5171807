//! The CLI against a stand-in for the dashboard that gives one canned answer: what it asks,
//! how it prints a good answer, and what it says for each kind of failure.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Output};
use std::thread::{self, JoinHandle};

/// A server that answers the first request it gets with `status` and `body`, then stops;
/// joining it gives the request's head (request line and headers), lower-cased.
struct OneAnswer {
    address: String,
    request: JoinHandle<String>,
}

impl OneAnswer {
    fn start(status: &'static str, body: &'static str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let address = format!("http://{}", listener.local_addr().expect("bound"));
        let request = thread::spawn(move || {
            let (stream, _) = listener.accept().expect("the CLI connects");
            answer(stream, status, body)
        });
        Self { address, request }
    }

    fn request(self) -> String {
        self.request.join().expect("the server thread")
    }
}

/// Reads the head of one request from `stream`, answers it, and returns the head.
fn answer(stream: TcpStream, status: &str, body: &str) -> String {
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("a request line");
        if line == "\r\n" || line.is_empty() {
            break;
        }
        head.push_str(&line.to_ascii_lowercase());
    }
    let response = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         connection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = reader.into_inner();
    stream
        .write_all(response.as_bytes())
        .expect("the answer is sent");
    head
}

/// Runs the CLI with `args`, without a token from the environment unless `token` gives one.
fn cli(args: &[&str], token: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_actor-core"));
    command.args(args).env_remove("ACTOR_CORE_DASHBOARD_TOKEN");
    if let Some(token) = token {
        command.env("ACTOR_CORE_DASHBOARD_TOKEN", token);
    }
    command.output().expect("the CLI starts")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const TASKS: &str = r#"{"tasks": [
    {"function": "sampling_task", "pending": 2, "running": 4, "finished": 10, "failed": 1,
     "retries": 0, "mean_us": 2500.0, "p99_us": 9000.0},
    {"function": "idle", "pending": 0, "running": 0, "finished": 3, "failed": 0,
     "retries": 0, "mean_us": null, "p99_us": null}
]}"#;

#[test]
fn the_token_of_the_environment_is_sent_and_tasks_print_as_a_table() {
    let server = OneAnswer::start("200 OK", TASKS);
    let output = cli(
        &[
            "list",
            "tasks",
            "--state",
            "running",
            "--address",
            &server.address,
        ],
        Some("s3cret"),
    );
    let request = server.request();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(request.starts_with("get /api/tasks "), "{request}");
    assert!(
        request.contains("authorization: bearer s3cret\r\n"),
        "{request}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let rows: Vec<Vec<&str>> = stdout
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        rows[0][..5],
        ["FUNCTION", "PENDING", "RUNNING", "FINISHED", "FAILED"]
    );
    // `idle` runs nothing, so `--state running` leaves it out.
    assert_eq!(rows.len(), 2, "{stdout}");
    assert_eq!(rows[1][..6], ["sampling_task", "2", "4", "10", "1", "0"]);
}

#[test]
fn list_actors_sends_its_filters_in_the_query() {
    let page = r#"{"total": 0, "offset": 0, "limit": 7, "actors": []}"#;
    let server = OneAnswer::start("200 OK", page);
    let args = [
        "list",
        "actors",
        "--state",
        "dead",
        "--class",
        "Worker",
        "--name",
        "a b",
        "--limit",
        "7",
        "--address",
        &server.address,
    ];
    let output = cli(&args, None);
    let request = server.request();
    assert!(output.status.success(), "{}", stderr(&output));
    let line = request.lines().next().expect("a request line");
    for part in [
        "state=DEAD",
        "class=Worker",
        "name=a%20b",
        "limit=7",
        "offset=0",
    ] {
        assert!(
            line.contains(&part.to_ascii_lowercase()),
            "{part} missing: {line}"
        );
    }
    assert!(!request.contains("authorization"), "{request}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "No actors match.\n"
    );
}

#[test]
fn a_dashboard_that_wants_a_token_makes_the_cli_say_to_pass_one() {
    let server = OneAnswer::start("401 Unauthorized", r#"{"error": "a token is needed"}"#);
    let output = cli(&["summary", "tasks", "--address", &server.address], None);
    server.request();
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.contains("needs a token: pass `--token TOKEN`"),
        "{message}"
    );
}

#[test]
fn a_refused_token_is_told_apart_from_a_missing_one() {
    let server = OneAnswer::start("401 Unauthorized", r#"{"error": "wrong token"}"#);
    let args = [
        "list",
        "tasks",
        "--token",
        "guess",
        "--address",
        &server.address,
    ];
    let output = cli(&args, None);
    assert!(server.request().contains("authorization: bearer guess\r\n"));
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("refused the token given"), "{message}");
}

#[test]
fn an_unknown_actor_shows_the_dashboards_explanation() {
    let server = OneAnswer::start("404 Not Found", r#"{"error": "no actor 00000009.0"}"#);
    let output = cli(
        &["get", "actor", "00000009.0", "--address", &server.address],
        None,
    );
    assert!(server.request().starts_with("get /api/actors/00000009.0 "));
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.contains("404") && message.contains("no actor 00000009.0"),
        "{message}"
    );
}

#[test]
fn nothing_listening_makes_the_cli_name_the_address_and_how_to_start_a_dashboard() {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let address = format!("127.0.0.1:{port}");
    let output = cli(&["list", "actors", "--address", &address], None);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains(&format!("http://{address}")), "{message}");
    assert!(
        message.contains("ACTOR_CORE_DASHBOARD=127.0.0.1:8265"),
        "{message}"
    );
    assert!(message.contains("--dashboard"), "{message}");
}
