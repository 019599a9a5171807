//! The state as text: one line per actor and a table of its methods, a table of the task
//! functions, and both for a [`Summary`].

use std::fmt;

use crate::actor::ActorState;

use super::{ActorInfo, MethodStats, Summary, TaskSummary};

/// `alive`, `dead: it was killed`, ...
impl fmt::Display for ActorState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::PendingCreation => f.write_str("pending creation"),
            Self::Alive => f.write_str("alive"),
            Self::Restarting => f.write_str("restarting"),
            Self::Dead { cause } => write!(f, "dead: {cause}"),
        }
    }
}

/// A line that says who the actor is and how it fares, then a table of its methods; a mean
/// marked `~` is estimated from a sample of the calls (see `MethodStats::is_sampled`):
///
/// ```text
/// Counter 4e9e7f4d.1 `hits`: alive, 0 queued, 0 restarts
///   method  calls  errors       mean        max
///   incr        5       0   ~1.234µs    5.000µs
/// ```
impl fmt::Display for ActorInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_actor(f, self, "")
    }
}

/// The header of a table of task functions, its columns as wide as those of
/// [`TaskSummary`]'s `Display`.
fn write_task_header(f: &mut fmt::Formatter<'_>, name_width: usize) -> fmt::Result {
    writeln!(
        f,
        "{:<name_width$} {:>7} {:>7} {:>8} {:>6} {:>7}",
        "task", "pending", "running", "finished", "failed", "retries"
    )
}

/// One row of a table of task functions: name, pending, running, finished, failed, retries.
impl fmt::Display for TaskSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name_width = f.width().unwrap_or(0);
        write!(
            f,
            "{:<name_width$} {:>7} {:>7} {:>8} {:>6} {:>7}",
            self.name, self.pending, self.running, self.finished, self.failed, self.retries
        )
    }
}

/// Writes `info` as [`ActorInfo`]'s `Display` does, each line after `indent`.
fn write_actor(f: &mut fmt::Formatter<'_>, info: &ActorInfo, indent: &str) -> fmt::Result {
    write!(f, "{indent}{} {}", info.class_name, info.id)?;
    if let Some(name) = &info.name {
        write!(f, " `{name}`")?;
    }
    write!(
        f,
        ": {}, {} queued, {} restarts",
        info.state, info.queue_len, info.num_restarts
    )?;
    if info.methods.is_empty() {
        return Ok(());
    }
    let name_width = info
        .methods
        .iter()
        .map(|stats| stats.method.len())
        .max()
        .unwrap_or(0)
        .max("method".len());
    write!(
        f,
        "\n{indent}  {:<name_width$} {:>6} {:>6} {:>10} {:>10}",
        "method", "calls", "errors", "mean", "max"
    )?;
    for stats in &info.methods {
        write!(
            f,
            "\n{indent}  {:<name_width$} {:>6} {:>6} {:>10} {:>10}",
            stats.method,
            stats.calls,
            stats.errors,
            mean(stats),
            format!("{:.3?}", stats.max_time)
        )?;
    }
    Ok(())
}

/// Every actor as [`ActorInfo`]'s `Display` shows it, then a table of the task functions.
impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.actors.is_empty() {
            writeln!(f, "Actors: none")?;
        } else {
            writeln!(f, "Actors:")?;
            for info in &self.actors {
                write_actor(f, info, "  ")?;
                writeln!(f)?;
            }
        }
        if self.tasks.is_empty() {
            return writeln!(f, "Tasks: none");
        }
        writeln!(f, "Tasks:")?;
        let name_width = self
            .tasks
            .iter()
            .map(|task| task.name.len())
            .max()
            .unwrap_or(0)
            .max("task".len());
        f.write_str("  ")?;
        write_task_header(f, name_width)?;
        for task in &self.tasks {
            writeln!(f, "  {task:name_width$}")?;
        }
        Ok(())
    }
}

/// A method's mean time, marked `~` when it is estimated from a sample of its calls.
fn mean(stats: &MethodStats) -> String {
    let mark = if stats.is_sampled() { "~" } else { "" };
    format!("{mark}{:.3?}", stats.mean_time())
}
