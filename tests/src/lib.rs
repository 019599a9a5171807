//! Integration tests of actor-core live in `tests/tests/`; this crate has no code of its own.
