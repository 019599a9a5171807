#!/usr/bin/env bash
# Runs the full benchmark in release mode and regenerates ../BENCHMARKS.md and chart.svg.
# Extra arguments go to the harness (see `cargo run --release -- --help`), e.g. --runs 7.
set -euo pipefail
cd "$(dirname "$0")"
cargo build --release
exec cargo run --release --quiet -- "$@"
