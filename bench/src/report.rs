//! Medians, ratios to the floor, and the three outputs: the console table, BENCHMARKS.md and
//! the SVG chart (written as text: no plotting dependency).

use std::fmt::Write as _;
use std::path::Path;

use crate::scenario::{Counts, Kind, Scenario};
use crate::{Fw, TASKS_MISSING, machine};

/// One measured run.
#[derive(Clone, Debug)]
pub struct Sample {
    /// The figure in the scenario's unit.
    pub figure: f64,
    /// Resident memory per idle actor (actors_per_second only).
    pub bytes_per_actor: Option<f64>,
}

/// Every run of one contender in one scenario.
#[derive(Clone, Debug, Default)]
pub struct Cell {
    pub samples: Vec<Sample>,
    pub errors: Vec<String>,
    /// Why this contender has no figures here (an API that does not exist yet).
    pub unavailable: Option<String>,
}

/// Median, min and max of some figures.
#[derive(Clone, Copy, Debug)]
pub struct Summary {
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

impl Summary {
    fn of(values: impl IntoIterator<Item = f64>) -> Option<Self> {
        let mut values: Vec<f64> = values.into_iter().filter(|v| v.is_finite()).collect();
        if values.is_empty() {
            return None;
        }
        values.sort_by(f64::total_cmp);
        let n = values.len();
        let median = if n % 2 == 1 {
            values[n / 2]
        } else {
            (values[n / 2 - 1] + values[n / 2]) / 2.0
        };
        Some(Self {
            median,
            min: values[0],
            max: values[n - 1],
        })
    }
}

impl Cell {
    fn figures(&self) -> Option<Summary> {
        Summary::of(self.samples.iter().map(|s| s.figure))
    }

    fn bytes(&self) -> Option<Summary> {
        Summary::of(self.samples.iter().filter_map(|s| s.bytes_per_actor))
    }
}

/// Everything one invocation measured.
pub struct Results {
    pub counts: Counts,
    pub runs: usize,
    pub warm_up: bool,
    pub frameworks: Vec<Fw>,
    pub rows: Vec<(Scenario, Vec<(Fw, Cell)>)>,
    pub command: String,
    pub load_before: String,
    pub load_after: String,
    pub seconds: f64,
}

/// A figure with three significant digits and a k/M/G suffix.
pub fn human(x: f64) -> String {
    let (value, suffix) = if x >= 1e9 {
        (x / 1e9, " G")
    } else if x >= 1e6 {
        (x / 1e6, " M")
    } else if x >= 1e4 {
        (x / 1e3, " k")
    } else {
        (x, "")
    };
    let text = if value >= 100.0 {
        format!("{value:.0}")
    } else if value >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    };
    format!("{text}{suffix}")
}

pub fn show_sample(scenario: Scenario, sample: &Sample) -> String {
    let mut text = format!("{} {}", human(sample.figure), scenario.unit());
    if let Some(bytes) = sample.bytes_per_actor {
        let _ = write!(text, ", {} {}", human(bytes), scenario.memory_unit());
    }
    text
}

/// `target` as a link relative to the folder of `from`, where it lies below it.
pub fn relative_link(from: &Path, target: &Path) -> String {
    let canonical = |p: &Path| {
        p.parent()
            .and_then(|dir| dir.canonicalize().ok())
            .zip(p.file_name())
            .map(|(dir, name)| dir.join(name))
    };
    match (
        canonical(from).as_deref().and_then(Path::parent),
        canonical(target),
    ) {
        (Some(base), Some(target)) => target
            .strip_prefix(base)
            .map(|rel| rel.display().to_string())
            .unwrap_or_else(|_| target.display().to_string()),
        _ => target.display().to_string(),
    }
}

/// The cost of `value` relative to the floor's `floor`: above 1 is slower than the floor.
fn ratio(scenario: Scenario, value: f64, floor: f64) -> f64 {
    if scenario.lower_is_better() {
        value / floor
    } else {
        floor / value
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// One bar of the chart: a contender's ratio in one scenario.
struct Bar {
    fw: Fw,
    ratio: f64,
}

impl Results {
    pub fn new(counts: Counts, runs: usize, warm_up: bool, frameworks: Vec<Fw>) -> Self {
        Self {
            counts,
            runs,
            warm_up,
            frameworks,
            rows: Vec::new(),
            command: String::new(),
            load_before: String::new(),
            load_after: String::new(),
            seconds: 0.0,
        }
    }

    pub fn has_errors(&self) -> bool {
        self.rows
            .iter()
            .any(|(_, cells)| cells.iter().any(|(_, cell)| !cell.errors.is_empty()))
    }

    fn floor_of(cells: &[(Fw, Cell)]) -> Option<&Cell> {
        cells
            .iter()
            .find(|(fw, _)| *fw == Fw::Floor)
            .map(|(_, cell)| cell)
    }

    /// The cell `scenario`'s ratios are taken against: the floor of its own row, or of its
    /// baseline's row (the isolated actors' rows against the raw socket baselines), when
    /// that row was measured in this run.
    fn reference_of<'a>(&'a self, scenario: Scenario, cells: &'a [(Fw, Cell)]) -> Option<&'a Cell> {
        match scenario.baseline() {
            Some(baseline) => self
                .rows
                .iter()
                .find(|(s, _)| *s == baseline)
                .and_then(|(_, cells)| Self::floor_of(cells)),
            None => Self::floor_of(cells),
        }
    }

    /// The text of one table cell: median and ratio, or why there is none.
    fn cell_text(scenario: Scenario, cell: &Cell, floor: Option<&Cell>, bytes: bool) -> String {
        if let Some(why) = &cell.unavailable {
            return why.clone();
        }
        let (mine, theirs) = if bytes {
            (cell.bytes(), floor.and_then(Cell::bytes))
        } else {
            (cell.figures(), floor.and_then(Cell::figures))
        };
        let Some(mine) = mine else {
            return match cell.errors.first() {
                Some(error) => format!("error: {error}"),
                None => "–".to_owned(),
            };
        };
        let mut text = human(mine.median);
        if let Some(theirs) = theirs {
            let r = if bytes {
                mine.median / theirs.median
            } else {
                ratio(scenario, mine.median, theirs.median)
            };
            let _ = write!(text, " ({r:.2}×)");
        }
        if !cell.errors.is_empty() {
            let _ = write!(text, " [{} failed]", cell.errors.len());
        }
        text
    }

    fn spread_text(cell: &Cell, bytes: bool) -> String {
        let summary = if bytes { cell.bytes() } else { cell.figures() };
        match summary {
            Some(s) => format!("{} – {}", human(s.min), human(s.max)),
            None => "–".to_owned(),
        }
    }

    /// The table rows: (label, unit, cells) with the memory row after actors_per_second.
    fn table_rows(&self, spread: bool) -> Vec<(String, String, Vec<String>)> {
        let mut rows = Vec::new();
        for (scenario, cells) in &self.rows {
            let floor = self.reference_of(*scenario, cells);
            let texts = |bytes: bool| -> Vec<String> {
                self.frameworks
                    .iter()
                    .map(|fw| match cells.iter().find(|(f, _)| f == fw) {
                        Some((_, cell)) if spread && cell.unavailable.is_none() => {
                            Self::spread_text(cell, bytes)
                        }
                        Some((_, cell)) => Self::cell_text(*scenario, cell, floor, bytes),
                        None => "–".to_owned(),
                    })
                    .collect()
            };
            rows.push((
                scenario.name().to_owned(),
                scenario.unit().to_owned(),
                texts(false),
            ));
            if scenario.memory_divisor(&self.counts).is_some() {
                rows.push((
                    format!("{} (memory)", scenario.name()),
                    scenario.memory_unit().to_owned(),
                    texts(true),
                ));
            }
        }
        rows
    }

    pub fn console_table(&self) -> String {
        let mut header = vec!["scenario".to_owned(), "unit".to_owned()];
        header.extend(self.frameworks.iter().map(|fw| fw.label().to_owned()));
        let mut lines = vec![header];
        for (name, unit, cells) in self.table_rows(false) {
            let mut line = vec![name, unit];
            line.extend(cells);
            lines.push(line);
        }
        let widths: Vec<usize> = (0..lines[0].len())
            .map(|i| {
                lines
                    .iter()
                    .map(|l| l[i].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::from(
            "\nmedians (ratio to the floor, or for remote_* rows to their raw_* baseline: above 1 \
             is slower)\n",
        );
        for line in lines {
            let padded: Vec<String> = line
                .iter()
                .zip(&widths)
                .map(|(text, width)| format!("{text:<width$}"))
                .collect();
            out.push_str(padded.join("  ").trim_end());
            out.push('\n');
        }
        out
    }

    fn markdown_table(&self, spread: bool) -> String {
        let mut out = String::from("| scenario | unit |");
        for fw in &self.frameworks {
            let _ = write!(out, " {} |", fw.label());
        }
        out.push_str("\n|---|---|");
        for _ in &self.frameworks {
            out.push_str("---:|");
        }
        out.push('\n');
        for (name, unit, cells) in self.table_rows(spread) {
            let _ = write!(out, "| `{name}` | {unit} |");
            for cell in cells {
                let _ = write!(out, " {} |", cell.replace('|', "\\|"));
            }
            out.push('\n');
        }
        out
    }

    pub fn markdown(&self, chart_link: &str) -> String {
        let versions = env!("BENCH_CRATE_VERSIONS");
        let version_of = |name: &str| {
            versions
                .split(';')
                .find_map(|entry| entry.strip_prefix(name)?.strip_prefix(' '))
                .unwrap_or("?")
                .to_owned()
        };
        let cores = crate::fw::cores();
        let minutes = (self.seconds / 60.0).floor();
        let mut md = String::new();
        let _ = writeln!(md, "# Benchmarks\n");
        let _ = writeln!(
            md,
            "actor-core side by side with a hand-written tokio actor (the **floor**), kameo, actix \
             and ractor, in scenarios named after Ray's microbenchmarks. Written by the harness in \
             [`bench/`](bench) (`bench/run.sh`): rerun it rather than editing this file.\n"
        );
        let _ = writeln!(md, "## Machine\n");
        let _ = writeln!(md, "| | |\n|---|---|");
        let _ = writeln!(
            md,
            "| CPU | {} ({cores} cores) |",
            escape(&machine::cpu_model())
        );
        let _ = writeln!(md, "| memory | {} |", machine::memory());
        let _ = writeln!(md, "| kernel | Linux {} |", machine::kernel());
        let _ = writeln!(md, "| compiler | {} |", env!("BENCH_RUSTC_VERSION"));
        let _ = writeln!(md, "| date | {} (UTC) |", machine::today());
        let _ = writeln!(
            md,
            "| load average (1/5/15 min) | {} before, {} after |",
            self.load_before, self.load_after
        );
        let _ = writeln!(
            md,
            "| duration of the run | {}m {:02.0}s |\n",
            minutes,
            self.seconds - minutes * 60.0
        );
        let _ = writeln!(
            md,
            "The machine is shared with other work (see the load average): interleaving \
             spreads that noise over every contender, and the spread table shows it.\n"
        );
        let _ = writeln!(md, "## Crates compared\n");
        let _ = writeln!(md, "| crate | version | used as |\n|---|---|---|");
        let _ = writeln!(
            md,
            "| actor-core | {} ({}) | path dependency `../actor-core` |",
            version_of("actor-core"),
            machine::actor_core_revision()
        );
        let _ = writeln!(
            md,
            "| tokio | {} | the floor; the runtime of kameo, of ractor and of actor-core's callers |",
            version_of("tokio")
        );
        let _ = writeln!(
            md,
            "| kameo | {} | default features, unbounded mailboxes |",
            version_of("kameo")
        );
        let _ = writeln!(
            md,
            "| actix | {} | with actix-rt {}, one `Arbiter` per core |",
            version_of("actix"),
            version_of("actix-rt")
        );
        let _ = writeln!(
            md,
            "| ractor | {} | default features |\n",
            version_of("ractor")
        );
        let _ = writeln!(md, "## Command\n");
        let _ = writeln!(
            md,
            "```sh\nbench/run.sh    # runs, from bench/: {}\n```\n",
            self.command
        );
        let _ = writeln!(md, "## Method\n");
        let warm = if self.warm_up {
            "a warm-up run of the same scenario at a tenth of the counts, then the measured run"
        } else {
            "the measured run only (no warm-up: --quick)"
        };
        let _ = writeln!(
            md,
            "- Every run is a fresh process (the bench binary re-executed with a hidden flag): \
             {warm}. A fresh process per run keeps contenders apart (threads, memory, what a \
             runtime learnt in an earlier run) and makes the runs independent samples. Runs \
             are interleaved: each scenario runs every contender in turn (A B C D E, A B C D E, \
             ...), {} time{}. A figure is the median of those runs; the spread table gives \
             min and max.",
            self.runs,
            if self.runs == 1 { "" } else { "s" }
        );
        let _ = writeln!(
            md,
            "- **Ratio** = cost relative to the floor: time per operation divided by the \
             floor's (for rates: the floor's rate divided by the contender's). 1.00× is the \
             floor, 2.00× twice as slow; below 1.00× is faster than the floor."
        );
        let _ = writeln!(
            md,
            "- Only the work is timed: actors are spawned before the clock starts (except in \
             `actors_per_second`, where spawning is the work), and counters are checked after \
             the clock stops (a wrong count fails the run)."
        );
        let _ = writeln!(
            md,
            "- Every contender runs on its multi-threaded runtime with one thread per core. \
             The floor, kameo and ractor run actors and callers as tasks of one tokio runtime. \
             actix runs one single-threaded `Arbiter` per core: an actor that a caller starts \
             with `.start()` lives on the caller's arbiter (the single-caller scenarios and \
             ping-pong), several callers or actors are spread over the arbiters round-robin."
        );
        let _ = writeln!(
            md,
            "- actor-core: column **actor-core** has the callers as tasks of the program's own \
             tokio runtime (as in a `#[tokio::main]` program), creating the actors and \
             `.await`ing the `ObjectRef`s; column **actor-core (actor callers)** has the callers \
             as actor-core actors (async methods; Ray's `n_n_actor_calls_async` also uses client \
             actors). Where the actors run is actor-core's choice: versions up to d77c5a7 ran \
             every actor on a runtime of its own, so each call crossed runtimes; from 279e18f \
             on, an actor created inside a multi-threaded tokio runtime runs on that runtime. \
             From 3879c1d on, a caller that awaits the next call of an idle actor runs that \
             call itself, in its own task (a sync method proven quick, of an actor that does \
             not restart), which is why the round trip can be below the floor's: the floor \
             switches tasks twice per call. From ac3a86b on, an actor's loop runs the calls \
             its quick sync methods send to idle actors (ping-pong's hops run in one loop). \
             From dcd2f58 on, actors created in a row start from starter tasks, a few hundred \
             each, instead of one spawn per actor on the creating thread. From e44bab5 on, a \
             caller that tells hundreds of calls in a row moves the actor's loop off its own \
             worker, so that they run while it sends. Fire-and-forget is \
             each framework's own: `handle.tell().incr(1)` here, kameo's `tell`, actix's \
             `do_send`, ractor's `cast`, the floor's send without a oneshot; a told call from a \
             task is run by the actor's loop."
        );
        let _ = writeln!(
            md,
            "- Tasks: the floor is `tokio::task::spawn_blocking` plus a oneshot for the result; \
             actor-core's `#[task]` functions are submitted with `f::remote(..)` from the \
             program's tokio runtime (pi_compute: from a plain sync driver with `.get()`). \
             kameo, actix and ractor have no task API. pi_compute's floor is the same \
             sampling loop on `std::thread`s reporting progress into a `Mutex`."
        );
        let _ = writeln!(
            md,
            "- Memory per idle actor (`actors_per_second`): the growth of the process's peak \
             resident memory (`VmHWM` in /proc/self/status) over its value after the runtime \
             started and spawned 10 actors, divided by the number of actors spawned.\n"
        );
        let _ = writeln!(md, "| scenario | unit | one run |\n|---|---|---|");
        for (scenario, _) in &self.rows {
            let _ = writeln!(
                md,
                "| `{}` | {} | {} |",
                scenario.name(),
                scenario.unit(),
                scenario.describe(&self.counts)
            );
        }
        let _ = writeln!(
            md,
            "\n## Results (median, and ratio to the floor; `remote_*` rows: to their raw baseline)\n"
        );
        md.push_str(&self.markdown_table(false));
        let _ = writeln!(md, "\n### Spread (min – max of the measured runs)\n");
        md.push_str(&self.markdown_table(true));
        let _ = writeln!(
            md,
            "\n## Chart\n\nEach contender's ratio to the floor per scenario (log scale; \
             shorter is better; the line at 1× is the floor; the `remote_*` rows: actor-core's \
             ratio to their raw socket baseline).\n\n![ratio to the floor]({chart_link})\n"
        );
        if self.rows.iter().any(|(s, _)| s.kind() == Kind::Dashboard) {
            let _ = writeln!(
                md,
                "The `dashboard_*` rows time actor-core's dashboard alone (no other contender \
                 has one, so no ratio and no bar): one request each, in milliseconds.\n"
            );
        }
        if self.rows.iter().any(|(s, _)| s.kind() == Kind::Remote) {
            md.push_str(&self.isolated_section());
        }
        if let Some(missing) = TASKS_MISSING
            && self.rows.iter().any(|(s, _)| s.kind() == Kind::Task)
        {
            let _ = writeln!(
                md,
                "## Not yet available\n\nactor-core's task rows: {missing}; the task rows \
                 show the floor only.\n"
            );
        }
        md
    }

    /// The isolated actors' section: each row beside its raw socket baseline, the ratio
    /// to it, the issue's target and Ray's figure for the same shape.
    fn isolated_section(&self) -> String {
        let mut md = String::from("## Isolated actors (worker processes)\n\n");
        md.push_str(
            "actor-core's `options().isolated(true)` runs each actor in a worker process of its \
             own (this executable started again), reached over a Unix socket. Each row is \
             compared with a raw baseline written in the harness over the same kind of socket \
             with the same framing (tokio-util `LengthDelimitedCodec` + postcard) and the same \
             64-byte payload, between this process and an echo process started the same way: \
             `raw_round_trip` for the sync calls, `raw_pipelined_echo` for the calls in flight \
             and the told calls. **Ratio** as above: cost relative to the raw baseline (above \
             1 is slower; a rate at half the raw rate is 2.00×). The runs of these rows and \
             of the baselines are interleaved (run 1 of each row, then run 2, ...), so that a \
             ratio compares runs made under the same load. Ray's figures were measured on \
             this kind of machine for the same shapes (from issue 18), not in this run.\n\n",
        );
        md.push_str(
            "| scenario | unit | raw baseline | actor-core | ratio to raw | target | Ray (same shape) |\n\
             |---|---|---:|---:|---:|---|---:|\n",
        );
        let median = |cell: Option<&Cell>, bytes: bool| {
            cell.and_then(|cell| if bytes { cell.bytes() } else { cell.figures() })
                .map(|summary| summary.median)
        };
        fn actor_core_of(cells: &[(Fw, Cell)]) -> Option<&Cell> {
            cells
                .iter()
                .find(|(fw, _)| *fw == Fw::ActorCore)
                .map(|(_, cell)| cell)
        }
        for (scenario, cells) in &self.rows {
            if scenario.kind() != Kind::Remote || scenario.is_raw_baseline() {
                continue;
            }
            let raw = median(self.reference_of(*scenario, cells), false);
            let mine = median(actor_core_of(cells), false);
            let ratio_text = match (mine, raw) {
                (Some(mine), Some(raw)) => format!("{:.2}×", ratio(*scenario, mine, raw)),
                _ => "–".to_owned(),
            };
            let figure = |value: Option<f64>| value.map_or("–".to_owned(), human);
            let raw_text = match (raw, scenario.baseline()) {
                (Some(raw), Some(baseline)) => format!("{} (`{}`)", human(raw), baseline.name()),
                _ => "–".to_owned(),
            };
            let mine_text = match actor_core_of(cells) {
                Some(cell) if mine.is_none() => match cell.errors.first() {
                    Some(error) => format!("error: {}", error.replace('|', "\\|")),
                    None => "–".to_owned(),
                },
                _ => figure(mine),
            };
            let _ = writeln!(
                md,
                "| `{}` | {} | {raw_text} | {mine_text} | {ratio_text} | {} | {} |",
                scenario.name(),
                scenario.unit(),
                scenario.target().unwrap_or("–"),
                scenario.ray_reference().unwrap_or("–")
            );
            if scenario.memory_divisor(&self.counts).is_some() {
                let _ = writeln!(
                    md,
                    "| `{} (memory)` | {} | – | {} | – | – | – |",
                    scenario.name(),
                    scenario.memory_unit(),
                    figure(median(actor_core_of(cells), true))
                );
            }
        }
        md.push('\n');
        md
    }

    /// The chart: for each scenario, one horizontal bar per contender (log2 scale of the
    /// ratio to the floor, drawn from the 1× line).
    pub fn svg_chart(&self) -> String {
        let mut groups: Vec<(String, Vec<Bar>)> = Vec::new();
        // The dashboard rows and isolated_actors_per_second have no floor to be a ratio of;
        // the raw baselines are the reference of the remote rows, not contenders.
        let compared = self.rows.iter().filter(|(s, _)| match s.kind() {
            Kind::Dashboard => false,
            Kind::Remote => s.baseline().is_some(),
            _ => true,
        });
        for (scenario, cells) in compared {
            let floor = self.reference_of(*scenario, cells);
            let bars = |bytes: bool| -> Vec<Bar> {
                cells
                    .iter()
                    .filter(|(fw, _)| *fw != Fw::Floor)
                    .filter_map(|(fw, cell)| {
                        let ratio = if bytes {
                            cell.bytes()?.median / floor?.bytes()?.median
                        } else {
                            ratio(*scenario, cell.figures()?.median, floor?.figures()?.median)
                        };
                        (ratio.is_finite() && ratio > 0.0).then_some(Bar { fw: *fw, ratio })
                    })
                    .collect()
            };
            groups.push((scenario.name().to_owned(), bars(false)));
            if *scenario == Scenario::ActorsPerSecond {
                groups.push(("actors_per_second (memory)".to_owned(), bars(true)));
            }
        }
        let ratios = groups
            .iter()
            .flat_map(|(_, bars)| bars.iter().map(|b| b.ratio));
        let (lo, hi) = ratios.fold((0.5f64, 2.0f64), |(lo, hi), r| (lo.min(r), hi.max(r)));
        let (lo, hi) = (lo.log2().floor(), hi.log2().ceil());

        let contenders: Vec<Fw> = self
            .frameworks
            .iter()
            .copied()
            .filter(|fw| *fw != Fw::Floor)
            .collect();
        let color = |fw: Fw| match fw {
            Fw::ActorCore => "#d62728",
            Fw::ActorCoreActors => "#f4a09c",
            Fw::Kameo => "#1f77b4",
            Fw::Actix => "#2ca02c",
            Fw::Ractor => "#9467bd",
            Fw::Floor => "#7f7f7f",
        };
        let (width, label_w, right_pad) = (960.0, 250.0, 70.0);
        let (bar_h, bar_gap, group_gap, top) = (12.0, 2.0, 14.0, 78.0);
        let x0 = label_w + 45.0;
        let x1 = width - right_pad;
        let x = |r: f64| x0 + (r.log2() - lo) / (hi - lo) * (x1 - x0);
        let body: f64 = groups
            .iter()
            .map(|(_, bars)| bars.len().max(1) as f64 * (bar_h + bar_gap) + group_gap)
            .sum();
        let height = top + body + 30.0;

        let mut svg = String::new();
        let _ = writeln!(
            svg,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">"#
        );
        let _ = writeln!(
            svg,
            r#"<rect width="100%" height="100%" fill="white"/><text x="10" y="22" font-size="15" font-weight="bold">Cost relative to the floor (hand-written tokio actor = 1×), median of each scenario; log scale, lower is better</text>"#
        );
        let mut legend_x = 10.0;
        for fw in &contenders {
            let _ = writeln!(
                svg,
                r#"<rect x="{legend_x}" y="34" width="12" height="12" fill="{}"/><text x="{}" y="45">{}</text>"#,
                color(*fw),
                legend_x + 16.0,
                escape(fw.label())
            );
            legend_x += 16.0 + 7.5 * fw.label().len() as f64 + 18.0;
        }
        // Grid: a line per power of two, the floor's 1× line in black.
        for power in (lo as i32)..=(hi as i32) {
            let r = 2f64.powi(power);
            let gx = x(r);
            let (stroke, w) = if power == 0 {
                ("#000", 1.5)
            } else {
                ("#ddd", 1.0)
            };
            let label = if r >= 1.0 {
                format!("{r:.0}×")
            } else {
                format!("{r}×")
            };
            let _ = writeln!(
                svg,
                r##"<line x1="{gx:.1}" y1="{}" x2="{gx:.1}" y2="{:.1}" stroke="{stroke}" stroke-width="{w}"/><text x="{gx:.1}" y="{}" text-anchor="middle" fill="#555">{label}</text>"##,
                top - 8.0,
                top + body,
                top - 12.0
            );
        }
        let mut y = top;
        for (name, bars) in &groups {
            let group_h = bars.len().max(1) as f64 * (bar_h + bar_gap);
            let _ = writeln!(
                svg,
                r#"<text x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
                label_w,
                y + group_h / 2.0 + 4.0,
                escape(name)
            );
            if bars.is_empty() {
                let _ = writeln!(
                    svg,
                    r##"<text x="{:.1}" y="{:.1}" fill="#888">no contender but the floor</text>"##,
                    x(1.0) + 6.0,
                    y + bar_h - 2.0
                );
            }
            for bar in bars {
                let (a, b) = (x(1.0), x(bar.ratio));
                let (left, w) = (a.min(b), (b - a).abs().max(1.0));
                let (label_x, anchor) = if bar.ratio < 1.0 {
                    (left - 4.0, "end")
                } else {
                    (left + w + 4.0, "start")
                };
                let _ = writeln!(
                    svg,
                    r##"<rect x="{left:.1}" y="{y:.1}" width="{w:.1}" height="{bar_h}" fill="{}"><title>{}: {:.2}×</title></rect><text x="{label_x:.1}" y="{:.1}" text-anchor="{anchor}" font-size="10" fill="#333">{:.2}×</text>"##,
                    color(bar.fw),
                    escape(bar.fw.label()),
                    bar.ratio,
                    y + bar_h - 2.0,
                    bar.ratio
                );
                y += bar_h + bar_gap;
            }
            if bars.is_empty() {
                y += bar_h + bar_gap;
            }
            y += group_gap;
        }
        svg.push_str("</svg>\n");
        svg
    }
}
