//! `--dashboard`: a demo serves the dashboard while and after it works, and stops on Ctrl-C.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdout, Command, Stdio};

/// A demo started with `--dashboard 127.0.0.1:0`, its stdout read up to the line that says
/// it serves until Ctrl-C.
struct Serving {
    demo: Child,
    stdout: BufReader<ChildStdout>,
    /// The dashboard's URL, without the trailing `/`.
    url: String,
    /// What the demo printed before it.
    printed: String,
}

impl Serving {
    fn start(binary: &str, args: &[&str]) -> Self {
        let mut demo = Command::new(binary)
            .args(args)
            .args(["--dashboard", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("the demo starts");
        let mut stdout = BufReader::new(demo.stdout.take().expect("piped"));
        let mut printed = String::new();
        let url = loop {
            let mut line = String::new();
            let read = stdout.read_line(&mut line).expect("the demo's output");
            assert!(read > 0, "the demo ended without serving:\n{printed}");
            if let Some(rest) = line.strip_prefix("Dashboard: ") {
                let url = rest.split_once('/').map(|(scheme, _)| scheme);
                assert_eq!(url, Some("http:"), "{line}");
                let end = rest.find("/ ").expect("the URL ends with `/ `");
                break rest[..end].to_owned();
            }
            printed.push_str(&line);
        };
        Self {
            demo,
            stdout,
            url,
            printed,
        }
    }

    /// The body of `GET path` on the dashboard.
    fn get(&self, path: &str) -> String {
        let host = self.url.trim_start_matches("http://");
        let mut stream = TcpStream::connect(host).expect("the dashboard accepts");
        let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).expect("sent");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("an answer");
        assert!(response.starts_with("HTTP/1.1 200"), "{response}");
        response
    }

    /// Sends Ctrl-C (SIGINT); checks that the demo then ends well and says so.
    fn interrupt(mut self) {
        let pid = self.demo.id().to_string();
        let sent = Command::new("kill").args(["-INT", &pid]).status();
        assert!(sent.expect("`kill` runs").success());
        let mut rest = String::new();
        self.stdout.read_to_string(&mut rest).expect("the rest");
        let status = self.demo.wait().expect("the demo ends");
        assert!(status.success(), "{status}:\n{rest}");
        assert!(rest.contains("Ctrl-C: the dashboard stops."), "{rest}");
    }
}

impl Drop for Serving {
    /// A test that failed half-way leaves no demo serving forever.
    fn drop(&mut self) {
        // It may have ended already: then there is nothing to kill.
        let _ = self.demo.kill();
    }
}

#[test]
fn method_tracking_serves_its_actors_until_ctrl_c() {
    let args = ["--time-scale", "0", "--seed", "3"];
    let serving = Serving::start(env!("CARGO_BIN_EXE_method_tracking"), &args);
    assert!(
        serving
            .printed
            .contains("Driver, actors and telemetry agree.")
    );
    let actors = serving.get("/api/actors");
    for class in ["ActorClsOne", "ActorClsTwo"] {
        assert!(
            actors.contains(&format!("\"class\":\"{class}\"")),
            "{actors}"
        );
    }
    serving.interrupt();
}

#[test]
fn progress_pi_serves_its_tasks_until_ctrl_c() {
    let args = ["--tasks", "2", "--samples", "1000", "--frequency", "100"];
    let serving = Serving::start(env!("CARGO_BIN_EXE_progress_pi"), &args);
    assert!(serving.printed.contains("Estimated value of π is: "));
    let tasks = serving.get("/api/tasks");
    assert!(tasks.contains("sampling_task"), "{tasks}");
    assert!(tasks.contains("\"finished\":2"), "{tasks}");
    serving.interrupt();
}
