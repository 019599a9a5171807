//! The command line: what the user can ask for, as clap derives it.

use clap::{Args, Parser, Subcommand, ValueEnum};

/// The address the dashboard listens on unless a program is told otherwise.
pub(crate) const DEFAULT_ADDRESS: &str = "http://127.0.0.1:8265";

/// The environment variable that carries the dashboard's token.
pub(crate) const TOKEN_ENV: &str = "ACTOR_CORE_DASHBOARD_TOKEN";

/// Lists the actors and tasks of a running actor-core program, as `ray list actors` does.
///
/// The program must serve the dashboard: start it with `ACTOR_CORE_DASHBOARD=127.0.0.1:8265`
/// in its environment, or with `Config::dashboard`.
#[derive(Debug, Parser)]
#[command(name = "actor-core", version)]
pub(crate) struct Cli {
    /// The dashboard to ask (`host:port` works too).
    #[arg(long, global = true, default_value = DEFAULT_ADDRESS)]
    pub(crate) address: String,
    /// The dashboard's token, when the program set `ACTOR_CORE_DASHBOARD_TOKEN`.
    #[arg(long, global = true, env = TOKEN_ENV, hide_env_values = true)]
    pub(crate) token: Option<String>,
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// One row per actor (or per task function), with filters.
    List(ListArgs),
    /// Counts by class and state (actors), or by function and state (tasks).
    Summary(SummaryArgs),
    /// Everything the dashboard knows about one actor, with its methods.
    Get(GetArgs),
}

/// What `list` and `summary` are about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Kind {
    /// The actors, dead ones included.
    Actors,
    /// The task functions.
    Tasks,
}

/// How to print the answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Aligned columns, for a person.
    #[default]
    Table,
    /// The JSON of the dashboard's API, for a program.
    Json,
}

/// `actor-core list actors|tasks ...`
#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    /// Actors or tasks.
    pub(crate) kind: Kind,
    /// Only this state: ALIVE, DEAD, RESTARTING, PENDING_CREATION for actors; PENDING,
    /// RUNNING, FINISHED, FAILED for tasks (functions with at least one task in it).
    #[arg(long)]
    pub(crate) state: Option<String>,
    /// Only actors of this class (the exact name).
    #[arg(long)]
    pub(crate) class: Option<String>,
    /// Only actors whose name contains this (tasks: whose function name contains it).
    #[arg(long)]
    pub(crate) name: Option<String>,
    /// At most this many rows.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) limit: u64,
    /// Table or JSON.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: Format,
}

/// `actor-core summary actors|tasks`
#[derive(Debug, Args)]
pub(crate) struct SummaryArgs {
    /// Actors or tasks.
    pub(crate) kind: Kind,
    /// Table or JSON.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: Format,
}

/// What `get` can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum GetKind {
    /// One actor.
    Actor,
}

/// `actor-core get actor ID`
#[derive(Debug, Args)]
pub(crate) struct GetArgs {
    /// What to show.
    pub(crate) kind: GetKind,
    /// The actor's id, as `list actors` shows it (`0000abcd.1f`).
    pub(crate) id: String,
    /// Table or JSON.
    #[arg(long, value_enum, default_value_t)]
    pub(crate) format: Format,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn list_takes_its_filters_and_the_global_options_anywhere() {
        let cli = Cli::try_parse_from([
            "actor-core",
            "list",
            "actors",
            "--state",
            "alive",
            "--class",
            "Counter",
            "--limit",
            "5",
            "--address",
            "127.0.0.1:9000",
            "--format",
            "json",
        ])
        .expect("parses");
        assert_eq!(cli.address, "127.0.0.1:9000");
        let Command::List(list) = cli.command else {
            panic!("not a list: {:?}", cli.command);
        };
        assert_eq!(list.kind, Kind::Actors);
        assert_eq!(list.state.as_deref(), Some("alive"));
        assert_eq!(list.class.as_deref(), Some("Counter"));
        assert_eq!(list.limit, 5);
        assert_eq!(list.format, Format::Json);
    }

    #[test]
    fn a_limit_of_zero_is_refused() {
        let parsed = Cli::try_parse_from(["actor-core", "list", "tasks", "--limit", "0"]);
        assert!(parsed.is_err());
    }
}
