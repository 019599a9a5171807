//! Starting the dashboard from the environment and the token rule, in child processes
//! (`src/bin/dashboard_child.rs`), each with its own environment: the URL printed once,
//! 401 without the token once `ACTOR_CORE_DASHBOARD_TOKEN` is set, a non-loopback address
//! refused without it, and the dashboard stopping with the runtime.

mod dashboard_client;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, ChildStdout, Command, Stdio};

use dashboard_client::{get, request};

const TOKEN: &str = "s3cret-token";

/// A running `dashboard_child`.
struct Program {
    child: Child,
    stdout: BufReader<ChildStdout>,
}

impl Program {
    /// Runs `dashboard_child args` with only the dashboard variables `env` set.
    fn start(args: &[&str], env: &[(&str, &str)]) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_dashboard_child"));
        command
            .args(args)
            .env_remove("ACTOR_CORE_DASHBOARD")
            .env_remove("ACTOR_CORE_DASHBOARD_TOKEN")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("dashboard_child starts");
        let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        Self { child, stdout }
    }

    /// The rest of the next line of stdout, which must start with `prefix`.
    fn line(&mut self, prefix: &str) -> String {
        let mut line = String::new();
        self.stdout
            .read_line(&mut line)
            .expect("dashboard_child writes a line");
        line.trim_end()
            .strip_prefix(prefix)
            .unwrap_or_else(|| panic!("{line:?} starts with {prefix:?}"))
            .to_owned()
    }

    /// Closes its stdin, waits for it to end, and returns what it wrote to stderr.
    fn finish(mut self) -> String {
        drop(self.child.stdin.take());
        let mut stderr = String::new();
        self.child
            .stderr
            .take()
            .expect("piped stderr")
            .read_to_string(&mut stderr)
            .expect("stderr is read");
        let status = self.child.wait().expect("dashboard_child ends");
        assert!(status.success(), "dashboard_child failed: {stderr}");
        stderr
    }
}

#[test]
fn the_environment_starts_the_dashboard_and_its_url_is_printed_once() {
    let mut program = Program::start(&["env"], &[("ACTOR_CORE_DASHBOARD", "127.0.0.1:0")]);
    let url = program.line("url: ");
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let list = get(&url, "/api/actors?name=child-beacon").json();
    assert_eq!(list["total"], 1, "{list}");
    assert_eq!(list["actors"][0]["class"], "Beacon");
    let stderr = program.finish();
    let printed: Vec<&str> = stderr
        .lines()
        .filter(|line| line.starts_with("actor-core dashboard:"))
        .collect();
    assert_eq!(
        printed,
        [format!("actor-core dashboard: {url}")],
        "{stderr}"
    );
}

#[test]
fn with_a_token_set_every_request_must_carry_it() {
    let mut program = Program::start(
        &["env"],
        &[
            ("ACTOR_CORE_DASHBOARD", "127.0.0.1:0"),
            ("ACTOR_CORE_DASHBOARD_TOKEN", TOKEN),
        ],
    );
    let url = program.line("url: ");
    let bearer = format!("Bearer {TOKEN}");
    let cookie = format!("actor_core_dashboard_token={TOKEN}");
    for path in [
        "/",
        "/actors",
        "/api/actors",
        "/api/overview",
        "/metrics",
        "/nowhere",
    ] {
        let bare = get(&url, path);
        assert_eq!(bare.status, 401, "{path} without the token");
        assert_eq!(bare.header("www-authenticate"), Some("Bearer"), "{path}");
        assert!(
            bare.body.contains("ACTOR_CORE_DASHBOARD_TOKEN"),
            "{}",
            bare.body
        );
        let wrong = request(
            &url,
            "GET",
            path,
            &[("Authorization", "Bearer s3cret-tokeN")],
        );
        assert_eq!(wrong.status, 401, "{path} with a wrong bearer token");
        let wrong_query = get(&url, &format!("{path}?token=s3cret"));
        assert_eq!(wrong_query.status, 401, "{path} with a wrong ?token=");
    }
    for path in ["/", "/actors", "/api/actors", "/api/overview", "/metrics"] {
        let with_bearer = request(&url, "GET", path, &[("Authorization", &bearer)]);
        assert_eq!(with_bearer.status, 200, "{path} with the bearer token");
        let with_cookie = request(&url, "GET", path, &[("Cookie", &cookie)]);
        assert_eq!(with_cookie.status, 200, "{path} with the cookie");
    }
    let with_query = get(&url, &format!("/actors?token={TOKEN}&name=child"));
    assert_eq!(with_query.status, 200);
    assert!(
        with_query.body.contains("child-beacon"),
        "the query still filters"
    );
    let set_cookie = with_query.header("set-cookie").unwrap_or_default();
    assert!(set_cookie.starts_with(&cookie), "{set_cookie}");
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    program.finish();
}

#[test]
fn a_non_loopback_address_from_the_environment_is_not_served_without_a_token() {
    let mut program = Program::start(&["env"], &[("ACTOR_CORE_DASHBOARD", "0.0.0.0:0")]);
    assert_eq!(
        program.line("url: "),
        "none",
        "the program runs on without it"
    );
    let stderr = program.finish();
    assert!(
        stderr.contains("actor-core dashboard: not served:")
            && stderr.contains("set ACTOR_CORE_DASHBOARD_TOKEN"),
        "{stderr}"
    );
    assert!(!stderr.contains("http://"), "{stderr}");
}

#[test]
fn a_configured_non_loopback_address_without_a_token_fails_the_start() {
    let mut program = Program::start(&["config", "0.0.0.0:0"], &[]);
    let error = program.line("error: ");
    assert!(error.starts_with("invalid options: "), "{error}");
    assert!(error.contains("ACTOR_CORE_DASHBOARD_TOKEN"), "{error}");
    program.finish();

    let mut program = Program::start(&["config", "no address at all"], &[]);
    let error = program.line("error: ");
    assert!(error.starts_with("invalid options: "), "{error}");
    assert!(error.contains("is not an address"), "{error}");
    program.finish();
}

#[test]
fn a_configured_address_overrides_the_environment() {
    let mut program = Program::start(
        &["config", "127.0.0.1:0"],
        &[("ACTOR_CORE_DASHBOARD", "0.0.0.0:0")],
    );
    let url = program.line("url: ");
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert_eq!(
        get(&url, "/api/actors?name=child-beacon").json()["total"],
        1
    );
    program.finish();
}

#[test]
fn the_dashboard_stops_with_the_runtime_and_starts_with_the_next() {
    let mut program = Program::start(&["restart"], &[("ACTOR_CORE_DASHBOARD", "127.0.0.1:0")]);
    let first = program.line("url: ");
    assert!(first.starts_with("http://127.0.0.1:"), "{first}");
    assert_eq!(program.line("after shutdown: "), "none");
    assert!(
        std::net::TcpStream::connect(dashboard_client::authority(&first)).is_err(),
        "the first dashboard's port is closed"
    );
    let again = program.line("url again: ");
    assert!(again.starts_with("http://127.0.0.1:"), "{again}");
    assert_eq!(get(&again, "/api/overview").status, 200);
    program.finish();
}
