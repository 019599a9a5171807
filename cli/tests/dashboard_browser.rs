//! The dashboard's pages in a real browser: headless Chromium (Debian's `chromium`; `.ci/run`
//! installs it) renders the Actors page of this process, which must show each actor's class
//! and name, then follows one actor's link to its page, which must show its methods and a
//! chart.

mod common;

use std::io::ErrorKind;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use common::{counter, dashboard, greeter};

/// How long Chromium may take to render a page before the test gives up on it.
const RENDER_DEADLINE: Duration = Duration::from_secs(120);

/// A fresh profile directory for one Chromium run, removed afterwards.
struct Profile(PathBuf);

impl Profile {
    fn new(page: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("actor-core-browser-{}-{page}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary profile directory");
        Self(dir)
    }
}

impl Drop for Profile {
    fn drop(&mut self) {
        // Best effort: a leftover directory in the temporary folder harms nothing.
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The DOM of `url` after Chromium loaded it and ran its scripts.
fn rendered_dom(url: &str, page: &str) -> String {
    let profile = Profile::new(page);
    let child = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.0.display()))
        .args(["--dump-dom", url])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let child = match child {
        Ok(child) => child,
        Err(error) if error.kind() == ErrorKind::NotFound => panic!(
            "this test needs headless Chromium and found no `chromium` command; install it \
             with `apt-get update && apt-get install -y chromium` (Debian's package; .ci/run \
             does this)"
        ),
        Err(error) => panic!("cannot start chromium: {error}"),
    };
    let pid = child.id();
    let (done, output) = mpsc::channel::<std::io::Result<Output>>();
    thread::spawn(move || {
        // The receiver only goes away when the test failed already.
        let _ = done.send(child.wait_with_output());
    });
    let output = match output.recv_timeout(RENDER_DEADLINE) {
        Ok(output) => output.expect("chromium ran"),
        Err(_) => {
            // Best effort: the test fails below either way.
            let _ = Command::new("kill").arg(pid.to_string()).status();
            panic!("chromium did not render {url} within {RENDER_DEADLINE:?}");
        }
    };
    let dom = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success() && !dom.is_empty(),
        "chromium failed on {url} ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    dom
}

/// The target of the first `/actors/...` link in the table row that contains `text`.
fn link_in_row_of<'d>(dom: &'d str, text: &str) -> Option<&'d str> {
    let at = dom.find(text)?;
    let row_start = dom[..at].rfind("<tr")?;
    let row_end = at + dom[at..].find("</tr>")?;
    let row = &dom[row_start..row_end];
    let link = row.find("href=\"/actors/")? + "href=\"".len();
    let end = link + row[link..].find('"')?;
    Some(&row[link..end])
}

/// Whether `dom` has an `<svg>` element of class `chart`.
fn has_chart(dom: &str) -> bool {
    dom.match_indices("<svg").any(|(at, _)| {
        let tag = &dom[at..at + dom[at..].find('>').unwrap_or(0)];
        tag.contains("class=\"chart")
    })
}

#[test]
fn the_actors_page_and_an_actors_page_render_in_headless_chromium() {
    let counter = counter("browser-counter", 7);
    let _greeter = greeter("browser-greeter", 3);

    let dom = rendered_dom(&format!("{}/actors", dashboard()), "actors");
    for text in ["Counter", "browser-counter", "Greeter", "browser-greeter"] {
        assert!(
            dom.contains(text),
            "the Actors page shows no {text}:\n{dom}"
        );
    }

    let link = link_in_row_of(&dom, "browser-counter")
        .unwrap_or_else(|| panic!("no link in the row of browser-counter:\n{dom}"));
    assert_eq!(link, format!("/actors/{}", counter.actor_id()));
    let dom = rendered_dom(&format!("{}{link}", dashboard()), "actor");
    assert!(dom.contains("browser-counter"), "{dom}");
    assert!(
        dom.contains(">hit<"),
        "the actor's page shows no method `hit`:\n{dom}"
    );
    assert!(
        has_chart(&dom),
        "the actor's page has no <svg class=\"chart\">:\n{dom}"
    );
}
