//! Compile-time behaviour of `#[actor]`: misuse fails with a clear, well-placed error
//! (`ui/fail`, each with its committed `.stderr`), and the expansion is hygienic (`ui/pass`).
//!
//! Regenerate the `.stderr` files with `TRYBUILD=overwrite cargo test -p tests --test ui`,
//! then read the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/fail/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
