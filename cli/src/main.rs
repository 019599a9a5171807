//! `actor-core`: lists the actors and tasks of a running actor-core program, as
//! `ray list actors` does, from the JSON API of the dashboard that program serves.
//!
//! ```text
//! actor-core list actors [--state S] [--class C] [--name N] [--limit N] [--format table|json]
//! actor-core list tasks [--state S] [--name N] [--limit N] [--format table|json]
//! actor-core summary actors|tasks [--format table|json]
//! actor-core get actor ID [--format table|json]
//! ```
//!
//! Every command takes `--address` (default `http://127.0.0.1:8265`) and `--token` (default:
//! the environment variable `ACTOR_CORE_DASHBOARD_TOKEN`).

mod actors;
mod api;
mod args;
mod client;
mod error;
mod output;
mod table;
mod tasks;

use std::io::{ErrorKind, Write};
use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command, Kind};
use crate::client::Dashboard;
use crate::error::CliError;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let text = match run(&cli) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        // A reader that stopped early (`| head`) is no failure of the command.
        Err(error) if error.kind() != ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write the output: {error}");
            ExitCode::FAILURE
        }
        _ => ExitCode::SUCCESS,
    }
}

/// The output of the command `cli` asks for.
fn run(cli: &Cli) -> Result<String, CliError> {
    let dashboard = Dashboard::new(&cli.address, cli.token.clone());
    match &cli.command {
        Command::List(args) if args.kind == Kind::Actors => actors::list(&dashboard, args),
        Command::List(args) => tasks::list(&dashboard, args),
        Command::Summary(args) if args.kind == Kind::Actors => {
            actors::summary(&dashboard, args.format)
        }
        Command::Summary(args) => tasks::summary(&dashboard, args.format),
        Command::Get(args) => actors::get(&dashboard, args),
    }
}
