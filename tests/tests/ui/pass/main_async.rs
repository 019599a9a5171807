//! `#[actor_core::main]` on an `async fn main` that returns a `Result` and uses `?`: it runs
//! on a multi-threaded tokio runtime, as with `#[tokio::main]`.

#[actor_core::main]
async fn main() -> Result<(), std::num::ParseIntError> {
    let handle = tokio::runtime::Handle::current();
    assert_eq!(
        handle.runtime_flavor(),
        tokio::runtime::RuntimeFlavor::MultiThread
    );
    let parsed: i32 = "42".parse()?;
    let doubled = tokio::spawn(async move { parsed * 2 }).await.expect("the task runs");
    assert_eq!(doubled, 84);
    Ok(())
}
