//! Shared pieces of the demo binaries.
