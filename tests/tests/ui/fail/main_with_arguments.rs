#[actor_core::main]
fn main(args: Vec<String>) {
    drop(args);
}
