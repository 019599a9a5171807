//! The dashboard's JSON API and `/metrics`, over HTTP: every endpoint, the filters, sorting
//! and pages of the actors list, 400 and 404 answers, and Prometheus text with the figures
//! of actors this test made and called a known number of times.
//!
//! Every test starts with `dashboard()`, which starts the runtime with a dashboard on a
//! free loopback port (`Config::dashboard("127.0.0.1:0")`).

mod dashboard_client;

use std::collections::BTreeMap;

use actor_core::prelude::*;
use actor_core::state;
use dashboard_client::{dashboard, get, request};
use serde_json::Value;

#[actor]
struct Adder {
    sum: u64,
}

#[actor]
impl Adder {
    fn new() -> Self {
        Self { sum: 0 }
    }

    pub fn add(&mut self, amount: u64) -> u64 {
        self.sum += amount;
        self.sum
    }

    pub fn refuse(&self) -> Result<(), String> {
        Err("refused".to_owned())
    }

    /// Called last before reading figures: each call is recorded before the next one
    /// starts, so every earlier call is counted once this one answers.
    pub fn fence(&self) {}
}

/// Starts an `Adder` named `name` and calls `add` on it `calls` times.
fn adder(name: &str, calls: u64) -> AdderHandle {
    dashboard();
    let adder = Adder::options().name(name).remote().expect("a fresh name");
    for _ in 0..calls {
        adder.add(1).get().expect("add answers");
    }
    adder.fence().get().expect("fence answers");
    adder
}

fn names(list: &Value) -> Vec<String> {
    list["actors"]
        .as_array()
        .expect("an array of actors")
        .iter()
        .map(|row| row["name"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn the_url_names_the_bound_loopback_port() {
    let url = dashboard();
    let port = url
        .strip_prefix("http://127.0.0.1:")
        .and_then(|rest| rest.strip_suffix('/'))
        .and_then(|port| port.parse::<u16>().ok())
        .unwrap_or_else(|| panic!("{url} is http://127.0.0.1:PORT/"));
    assert_ne!(port, 0, "the URL has the port bound, not 0");
}

#[test]
fn the_actors_list_has_every_field_of_a_row() {
    let url = dashboard();
    let adder = adder("api-row", 3);
    adder.refuse().get().expect("answers").expect_err("refuses");
    adder.fence().get().expect("fence answers");
    let list = get(url, "/api/actors?name=api-row").json();
    assert_eq!(list["total"], 1, "{list}");
    let row = &list["actors"][0];
    assert_eq!(row["id"], adder.actor_id().to_string());
    assert_eq!(row["class"], "Adder");
    assert_eq!(row["name"], "api-row");
    assert_eq!(row["namespace"], "default");
    assert_eq!(row["state"], "ALIVE");
    assert_eq!(row["death_cause"], Value::Null);
    assert_eq!(row["pid"], std::process::id());
    assert_eq!(row["restarts"], 0);
    assert_eq!(row["queue_len"], 0);
    assert!(
        row["calls"].as_u64().is_some_and(|calls| calls >= 4),
        "{row}"
    );
    assert_eq!(row["errors"], 1);
    assert!(
        row["mean_latency_us"].as_f64().is_some_and(|us| us >= 0.0),
        "{row}"
    );
    assert!(
        row["p99_latency_us"].as_f64().is_some_and(|us| us > 0.0),
        "{row}"
    );
    assert!(row["uptime_s"].as_f64().is_some_and(|s| s >= 0.0), "{row}");
}

#[test]
fn dead_actors_stay_listed_with_their_cause_after_every_handle_is_gone() {
    let url = dashboard();
    let gone = adder("api-gone", 1);
    let id = gone.actor_id().to_string();
    kill(&gone);
    drop(gone);
    let dead = get(url, "/api/actors?state=DEAD&name=api-gone").json();
    assert_eq!(dead["total"], 1, "{dead}");
    assert_eq!(dead["actors"][0]["id"], id);
    assert_eq!(dead["actors"][0]["death_cause"], "it was killed");
    let reply = get(url, &format!("/api/actors/{id}"));
    assert_eq!(
        reply.status, 200,
        "a gone actor is found by id: {}",
        reply.body
    );
    let actor = reply.json();
    assert_eq!(actor["state"], "DEAD");
    assert_eq!(actor["methods"][0]["method"], "add");
}

#[test]
fn the_actors_list_filters_by_class_name_and_state() {
    let url = dashboard();
    let kept: Vec<AdderHandle> = ["api-filter-a1", "api-filter-a2", "api-filter-b1"]
        .into_iter()
        .map(|name| adder(name, 0))
        .collect();
    let by_name = get(url, "/api/actors?name=api-filter-a").json();
    assert_eq!(by_name["total"], 2, "{by_name}");
    assert_eq!(names(&by_name), ["api-filter-a1", "api-filter-a2"]);

    let by_class = get(url, "/api/actors?class=Adder&name=api-filter").json();
    assert_eq!(by_class["total"], 3, "{by_class}");
    let other_class = get(url, "/api/actors?class=Nobody&name=api-filter").json();
    assert_eq!(other_class["total"], 0, "{other_class}");

    kill(&kept[2]);
    let alive = get(url, "/api/actors?state=ALIVE&name=api-filter").json();
    assert_eq!(names(&alive), ["api-filter-a1", "api-filter-a2"]);
    let dead = get(url, "/api/actors?state=dead&name=api-filter").json();
    assert_eq!(
        names(&dead),
        ["api-filter-b1"],
        "states are matched in any case"
    );
    assert_eq!(dead["actors"][0]["state"], "DEAD");
    assert_eq!(dead["actors"][0]["death_cause"], "it was killed");
}

#[test]
fn the_actors_list_sorts_and_pages() {
    let url = dashboard();
    let _kept: Vec<AdderHandle> = [("api-sort-x", 2), ("api-sort-y", 5), ("api-sort-z", 1)]
        .into_iter()
        .map(|(name, calls)| adder(name, calls))
        .collect();
    let by_calls = get(url, "/api/actors?name=api-sort&sort=calls&order=desc").json();
    assert_eq!(names(&by_calls), ["api-sort-y", "api-sort-x", "api-sort-z"]);
    let by_name = get(url, "/api/actors?name=api-sort&sort=name").json();
    assert_eq!(names(&by_name), ["api-sort-x", "api-sort-y", "api-sort-z"]);

    let second = get(url, "/api/actors?name=api-sort&sort=name&limit=1&offset=1").json();
    assert_eq!(second["total"], 3);
    assert_eq!(second["offset"], 1);
    assert_eq!(second["limit"], 1);
    assert_eq!(names(&second), ["api-sort-y"]);
    let past_the_end = get(url, "/api/actors?name=api-sort&offset=3").json();
    assert_eq!(past_the_end["total"], 3);
    assert_eq!(names(&past_the_end), Vec::<String>::new());

    let defaults = get(url, "/api/actors").json();
    assert_eq!(defaults["limit"], 100);
    assert_eq!(defaults["offset"], 0);
    let capped = get(url, "/api/actors?limit=5000").json();
    assert_eq!(capped["limit"], 1000, "a page holds at most 1000 actors");
}

#[test]
fn a_query_that_cannot_be_used_is_a_400_saying_why() {
    let url = dashboard();
    for (query, named) in [
        ("state=SLEEPING", "state="),
        ("sort=height", "sort="),
        ("order=sideways", "order="),
        ("limit=many", "limit="),
        ("offset=-1", "offset="),
    ] {
        let reply = get(url, &format!("/api/actors?{query}"));
        assert_eq!(reply.status, 400, "{query}: {}", reply.body);
        let error = reply.json()["error"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(error.contains(named), "{query}: {error}");
    }
}

#[test]
fn one_actor_has_its_methods_with_histograms_and_rates() {
    let url = dashboard();
    let adder = adder("api-one", 4);
    let reply = get(url, &format!("/api/actors/{}", adder.actor_id()));
    assert_eq!(reply.status, 200, "{}", reply.body);
    let actor = reply.json();
    assert_eq!(actor["id"], adder.actor_id().to_string());
    assert_eq!(actor["name"], "api-one");
    let methods: BTreeMap<String, Value> = actor["methods"]
        .as_array()
        .expect("an array of methods")
        .iter()
        .map(|method| {
            (
                method["method"].as_str().unwrap_or_default().to_owned(),
                method.clone(),
            )
        })
        .collect();
    assert_eq!(
        methods.keys().collect::<Vec<_>>(),
        ["add", "fence", "refuse"],
        "{actor}"
    );
    let add = &methods["add"];
    assert_eq!(add["calls"], 4);
    assert_eq!(add["errors"], 0);
    assert!(add["sampled"].is_boolean(), "{add}");
    for field in ["mean_us", "p50_us", "p99_us", "max_us"] {
        assert!(
            add[field].as_f64().is_some_and(|us| us > 0.0),
            "{field}: {add}"
        );
    }
    let histogram = &add["histogram"];
    let bounds = histogram["upper_bounds_us"].as_array().expect("bounds");
    let counts = histogram["counts"].as_array().expect("counts");
    assert_eq!(
        counts.len(),
        bounds.len() + 1,
        "one count past the last bound"
    );
    assert!(
        bounds
            .windows(2)
            .all(|pair| pair[0].as_f64() < pair[1].as_f64()),
        "{histogram}"
    );
    let counted: u64 = counts.iter().filter_map(Value::as_u64).sum();
    assert!(
        (1..=4).contains(&counted),
        "the timed calls of add: {histogram}"
    );
    assert!(add["calls_per_second"].is_array(), "{add}");
    assert_eq!(methods["refuse"]["calls"], 0);
}

#[test]
fn an_unknown_actor_is_a_404_and_a_malformed_id_a_400() {
    let url = dashboard();
    let unknown = get(url, "/api/actors/00000000.fffffffff");
    assert_eq!(unknown.status, 404, "{}", unknown.body);
    assert!(
        unknown.json()["error"]
            .as_str()
            .is_some_and(|e| e.contains("no actor"))
    );
    for malformed in ["nonsense", "12.zz", "123456789.1"] {
        let reply = get(url, &format!("/api/actors/{malformed}"));
        assert_eq!(reply.status, 400, "{malformed}: {}", reply.body);
        assert!(
            reply.json()["error"]
                .as_str()
                .is_some_and(|e| e.contains("not an actor id"))
        );
    }
    let elsewhere = get(url, "/api/nothing-here");
    assert_eq!(elsewhere.status, 404);
    assert!(elsewhere.json()["error"].is_string());
}

#[task]
fn dashboard_square(value: u64) -> u64 {
    value * value
}

#[test]
fn tasks_are_listed_per_function() {
    let url = dashboard();
    for value in 0..3 {
        dashboard_square::remote(value)
            .get()
            .expect("the task answers");
    }
    let tasks = get(url, "/api/tasks").json();
    let square = tasks["tasks"]
        .as_array()
        .expect("an array of tasks")
        .iter()
        .find(|task| {
            task["function"]
                .as_str()
                .is_some_and(|f| f.contains("dashboard_square"))
        })
        .unwrap_or_else(|| panic!("dashboard_square is listed: {tasks}"))
        .clone();
    assert_eq!(square["finished"], 3, "{square}");
    for field in ["pending", "running", "failed", "retries"] {
        assert_eq!(square[field], 0, "{field}: {square}");
    }
    for field in ["mean_us", "p99_us"] {
        assert!(
            square[field].as_f64().is_some_and(|us| us > 0.0),
            "{field}: {square}"
        );
    }
}

#[test]
fn resources_and_the_overview_show_the_node() {
    let url = dashboard();
    let total_cpus = actor_core::cluster_resources()["CPU"];
    let resources = get(url, "/api/resources").json();
    let cpu = resources["resources"]
        .as_array()
        .expect("an array of resources")
        .iter()
        .find(|resource| resource["resource"] == "CPU")
        .unwrap_or_else(|| panic!("CPU is listed: {resources}"))
        .clone();
    assert_eq!(cpu["total"].as_f64(), Some(total_cpus));
    assert!(
        cpu["in_use"]
            .as_f64()
            .is_some_and(|used| (0.0..=total_cpus).contains(&used))
    );

    let _kept = adder("api-overview", 0);
    let overview = get(url, "/api/overview").json();
    assert_eq!(overview["pid"], std::process::id());
    assert!(overview["uptime_s"].as_f64().is_some_and(|up| up >= 0.0));
    assert!(
        overview["actors_by_state"]["ALIVE"]
            .as_u64()
            .is_some_and(|n| n >= 1)
    );
    for state in ["ALIVE", "DEAD", "RESTARTING", "PENDING_CREATION"] {
        assert!(
            overview["actors_by_state"][state].is_u64(),
            "{state}: {overview}"
        );
    }
    for state in ["PENDING", "RUNNING", "FINISHED", "FAILED"] {
        assert!(
            overview["tasks_by_state"][state].is_u64(),
            "{state}: {overview}"
        );
    }
    assert!(
        overview["resources"]
            .as_array()
            .is_some_and(|r| !r.is_empty())
    );
}

#[test]
fn the_dashboard_answers_only_get() {
    let url = dashboard();
    for (method, path) in [
        ("POST", "/api/actors"),
        ("DELETE", "/api/actors"),
        ("PUT", "/"),
    ] {
        let reply = request(url, method, path, &[]);
        assert_eq!(reply.status, 405, "{method} {path}: {}", reply.body);
    }
}

#[task]
fn dashboard_cube(value: u64) -> u64 {
    value * value * value
}

#[actor]
struct Metered;

#[actor]
impl Metered {
    fn new() -> Self {
        Self
    }

    pub fn ping(&self) {}

    pub fn fail(&self) -> Result<(), String> {
        Err("no".to_owned())
    }

    /// See `Adder::fence`.
    pub fn fence(&self) {}
}

/// One sample of Prometheus text: the metric's name, its labels, its value.
#[derive(Debug)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

/// Parses the Prometheus text format (version 0.0.4), failing on any line it cannot read.
fn parse_prometheus(text: &str) -> (Vec<Sample>, BTreeMap<String, String>) {
    let mut samples = Vec::new();
    let mut types = BTreeMap::new();
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        if let Some(comment) = line.strip_prefix("# ") {
            let mut words = comment.splitn(3, ' ');
            let (kind, name, rest) = (words.next(), words.next(), words.next());
            assert!(matches!(kind, Some("HELP" | "TYPE")), "comment: {line}");
            if kind == Some("TYPE") {
                types.insert(
                    name.expect("a name").to_owned(),
                    rest.expect("a type").to_owned(),
                );
            }
            continue;
        }
        let (series, value) = line
            .rsplit_once(' ')
            .unwrap_or_else(|| panic!("no value: {line}"));
        let value: f64 = match value {
            "+Inf" => f64::INFINITY,
            value => value.parse().unwrap_or_else(|_| panic!("value: {line}")),
        };
        let (name, labels) = match series.split_once('{') {
            None => (series, BTreeMap::new()),
            Some((name, labels)) => {
                let labels = labels.strip_suffix('}').unwrap_or_else(|| panic!("{line}"));
                let labels = labels
                    .split("\",")
                    .filter(|pair| !pair.is_empty())
                    .map(|pair| {
                        let (key, value) = pair
                            .split_once("=\"")
                            .unwrap_or_else(|| panic!("label: {line}"));
                        (key.to_owned(), value.trim_end_matches('"').to_owned())
                    })
                    .collect();
                (name, labels)
            }
        };
        assert!(
            name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "metric name: {line}"
        );
        samples.push(Sample {
            name: name.to_owned(),
            labels,
            value,
        });
    }
    (samples, types)
}

fn value_of(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    samples
        .iter()
        .find(|sample| {
            sample.name == name
                && labels
                    .iter()
                    .all(|(key, value)| sample.labels.get(*key).map(String::as_str) == Some(*value))
        })
        .map(|sample| sample.value)
}

#[test]
fn metrics_are_prometheus_text_with_every_family() {
    let url = dashboard();
    let metered: Vec<MeteredHandle> = (0..2).map(|_| Metered::remote()).collect();
    for _ in 0..5 {
        metered[0].ping().get().expect("ping answers");
    }
    for _ in 0..2 {
        metered[1].ping().get().expect("ping answers");
    }
    metered[1]
        .fail()
        .get()
        .expect("answers")
        .expect_err("fails");
    for handle in &metered {
        handle.fence().get().expect("fence answers");
    }
    dashboard_cube::remote(4).get().expect("the task answers");

    let reply = get(url, "/metrics");
    assert_eq!(reply.status, 200);
    assert!(
        reply
            .header("content-type")
            .is_some_and(|t| t.starts_with("text/plain")),
        "{:?}",
        reply.headers
    );
    let (samples, types) = parse_prometheus(&reply.body);
    for (family, kind) in [
        ("actor_core_actors", "gauge"),
        ("actor_core_method_calls_total", "counter"),
        ("actor_core_method_errors_total", "counter"),
        ("actor_core_method_latency_seconds", "histogram"),
        ("actor_core_tasks", "gauge"),
        ("actor_core_resources", "gauge"),
    ] {
        assert_eq!(
            types.get(family).map(String::as_str),
            Some(kind),
            "{family}"
        );
    }
    let metered_alive = [("class", "Metered"), ("state", "ALIVE")];
    assert_eq!(
        value_of(&samples, "actor_core_actors", &metered_alive),
        Some(2.0)
    );
    let ping = [("class", "Metered"), ("method", "ping")];
    assert_eq!(
        value_of(&samples, "actor_core_method_calls_total", &ping),
        Some(7.0)
    );
    assert_eq!(
        value_of(&samples, "actor_core_method_errors_total", &ping),
        Some(0.0)
    );
    let fail = [("class", "Metered"), ("method", "fail")];
    assert_eq!(
        value_of(&samples, "actor_core_method_calls_total", &fail),
        Some(1.0)
    );
    assert_eq!(
        value_of(&samples, "actor_core_method_errors_total", &fail),
        Some(1.0)
    );
    // The histogram holds the timed calls: each actor's first, then a sample of a quick
    // method's; the state API says how many.
    let timed: u64 = metered
        .iter()
        .map(|handle| {
            let info = state::get_actor_info(handle.actor_id()).expect("a live actor");
            info.method("ping").expect("ping").latency.count()
        })
        .sum();
    assert!((2..=7).contains(&timed), "{timed}");
    let ping_count = value_of(&samples, "actor_core_method_latency_seconds_count", &ping);
    assert_eq!(ping_count, Some(timed as f64));
    let ping_inf = [("class", "Metered"), ("method", "ping"), ("le", "+Inf")];
    let ping_all = value_of(
        &samples,
        "actor_core_method_latency_seconds_bucket",
        &ping_inf,
    );
    assert_eq!(ping_all, Some(timed as f64));
    let buckets: Vec<f64> = samples
        .iter()
        .filter(|s| s.name == "actor_core_method_latency_seconds_bucket")
        .filter(|s| {
            ping.iter()
                .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
        })
        .map(|s| s.value)
        .collect();
    assert!(
        buckets.windows(2).all(|pair| pair[0] <= pair[1]),
        "cumulative: {buckets:?}"
    );
    assert!(
        value_of(&samples, "actor_core_method_latency_seconds_sum", &ping)
            .is_some_and(|sum| sum >= 0.0)
    );

    let cube = samples
        .iter()
        .find(|s| {
            s.name == "actor_core_tasks"
                && s.labels["function"].contains("dashboard_cube")
                && s.labels["state"] == "FINISHED"
        })
        .expect("the task function has a FINISHED sample");
    assert_eq!(cube.value, 1.0);
    let cpus = actor_core::cluster_resources()["CPU"];
    assert_eq!(
        value_of(
            &samples,
            "actor_core_resources",
            &[("resource", "CPU"), ("kind", "total")]
        ),
        Some(cpus)
    );
    assert!(
        value_of(
            &samples,
            "actor_core_resources",
            &[("resource", "CPU"), ("kind", "in_use")]
        )
        .is_some()
    );
}
